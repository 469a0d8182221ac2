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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharesite.places import site_cache

FORMAT = 1
PUBLISHED = "network/copies/"  # where a site publishes its copies (Urls.network_copies)


@dataclass(frozen=True)
class Copy:
    """A peer's last good copy. `files` maps "network.json" and "resources.json" to their
    cleaned data; `validators` maps them to {"etag": …, "last_modified": …}."""

    url: str
    name: str
    fetched: str  # ISO 8601, UTC
    files: dict[str, Any] = field(default_factory=dict)
    validators: dict[str, dict[str, str]] = field(default_factory=dict)


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
    try:
        data = json.loads(path_for(root, url).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("url") != url:
            return None
        return Copy(url, str(data["name"]), str(data["fetched"]), dict(data["files"]),
                    dict(data["validators"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def published(copy: Copy) -> str:
    """The copy as the site publishes it (/network/copies/…): the same fields as the cache
    file, with <, > and & written as \\u escapes so no part of it reads as markup."""
    data = {"format": FORMAT, "url": copy.url, "name": copy.name, "fetched": copy.fetched,
            "validators": copy.validators, "files": copy.files}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def save(root: Path, copy: Copy) -> None:
    path = path_for(root, copy.url)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"format": FORMAT, "url": copy.url, "name": copy.name, "fetched": copy.fetched,
            "validators": copy.validators, "files": copy.files}
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, sort_keys=True)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def remove(root: Path, url: str) -> bool:
    try:
        path_for(root, url).unlink()
    except FileNotFoundError:
        return False
    return True
