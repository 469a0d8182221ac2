"""The last-good copy of each peer: its cleaned files, their ETag and Last-Modified, and when
they were fetched, one JSON file a peer in the user's cache (sharesite.places.site_cache),
written atomically (a temporary file, then a rename).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sharesite.places import site_cache

FORMAT = 1
PUBLISHED = "network/copies/"  # where a site publishes its copies (Urls.network_copies)


@dataclass(frozen=True)
class Copy:
    """A peer's last good copy. `files` maps "network.json", "resources.json" and (when the
    peer has them) "expertise.json" and "events.json" to their cleaned data; `validators`
    maps them to {"etag": …, "last_modified": …}."""

    url: str
    name: str
    fetched: str  # ISO 8601, UTC
    files: dict[str, Any] = field(default_factory=dict)
    validators: dict[str, dict[str, str]] = field(default_factory=dict)
    stored: str = ""  # `fetched` as its file has it, when a later fetch only noted a time
    digest: str = ""  # of its files as kept, for the build's inputs ("" when not read)

    def files_digest(self) -> str:
        """A digest of its files: the one read with it, or one made now."""
        return self.digest or hashlib.blake2b(json.dumps(
            self.files, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass"),
            digest_size=16).hexdigest()


def folder(root: Path) -> Path:
    return site_cache(root) / "network"


def file_name(url: str) -> str:
    """A peer's file name, after its address (readable) and a hash of it (unique): in the
    cache folder, and in the site's /network/copies/."""
    slug = re.sub(r"[^a-z0-9]+", "-", url.lower().split("://", 1)[-1]).strip("-")[:50]
    key = hashlib.blake2b(url.encode(), digest_size=8).hexdigest()
    return f"{slug}-{key}.json"


def path_for(root: Path, url: str) -> Path:
    """One file a peer in the cache folder."""
    return folder(root) / file_name(url)


def load(root: Path, url: str) -> Copy | None:
    """The peer's last good copy, or None (none yet, or unreadable: fetched again)."""
    path = path_for(root, url)
    try:
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != FORMAT or data.get("url") != url:
            return None
        # The file's own bytes stand for its files (and its fetched time, which the build
        # takes into its inputs anyway): hashing them is far quicker than writing them out.
        copy = Copy(url, str(data["name"]), str(data["fetched"]), dict(data["files"]),
                    dict(data["validators"]),
                    digest=hashlib.blake2b(raw, digest_size=16).hexdigest())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return _touched(path, copy)


def touch(root: Path, copy: Copy, fetched: str) -> None:
    """`copy`, unchanged, fetched again at `fetched` (its peer answered 304 Not Modified):
    noted in a small file beside it, so a peer whose files have not changed costs no
    rewrite of its copy. The note holds for that copy only (`_touched`)."""
    path = path_for(root, copy.url)
    _write(path.with_suffix(".fetched"),
           json.dumps({"url": copy.url, "of": copy.stored or copy.fetched, "fetched": fetched}))


def _touched(path: Path, copy: Copy) -> Copy:
    """`copy` with the time of its last fetch, when a note (`touch`) says a later fetch
    found it unchanged."""
    try:
        note = json.loads(path.with_suffix(".fetched").read_text(encoding="utf-8"))
        if note["url"] == copy.url and note["of"] == copy.fetched and \
                isinstance(note["fetched"], str) and note["fetched"] > copy.fetched:
            return replace(copy, fetched=note["fetched"], stored=copy.fetched)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return copy


def published(copy: Copy) -> str:
    """The copy as the site publishes it (/network/copies/…): the same fields as the cache
    file, with <, > and & written as \\u escapes so no part of it reads as markup."""
    data = {"format": FORMAT, "url": copy.url, "name": copy.name, "fetched": copy.fetched,
            "validators": copy.validators, "files": copy.files}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def save(root: Path, copy: Copy) -> None:
    data = {"format": FORMAT, "url": copy.url, "name": copy.name, "fetched": copy.fetched,
            "validators": copy.validators, "files": copy.files}
    # dumps, then one write: twice as fast as json.dump's many small writes
    _write(path_for(root, copy.url), json.dumps(data, ensure_ascii=False, sort_keys=True))


def _write(path: Path, text: str) -> None:
    """Atomically: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def remove(root: Path, url: str) -> bool:
    path = path_for(root, url)
    with contextlib.suppress(FileNotFoundError):
        path.with_suffix(".fetched").unlink()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
