"""What any code that writes into a site's content/ reuses: front matter that reads back as
exactly the text meant, text made safe to put there, a slug no other item has, an author's
profile found or made, and a file written only when it is new (never overwriting).

Used by `sharesite from-issue`; made for anything else that adds posts, resources or authors
(importers from other blogs, say).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from sharesite.config import SiteConfig
from sharesite.content.discover import discover_sources
from sharesite.site.urls import slug_for

_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-(.+)$")

_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(text: str, lines: bool = False) -> str:
    """Text without control characters, surrogates, non-characters or bidi overrides (which
    can make text read differently from what it is). `lines`: keep tabs and line breaks (any
    kind becomes \\n); otherwise every run of white space becomes one space."""
    kept = []
    for ch in text.replace("\r\n", "\n"):
        category = unicodedata.category(ch)
        if ch in _BREAKS:
            kept.append("\n" if lines else " ")
        elif ch == "\t":
            kept.append(ch)
        elif ch in _BIDI_CONTROLS or category in ("Cc", "Cs") or _noncharacter(ch):
            continue
        else:
            kept.append(ch)
    out = "".join(kept)
    return out.strip("\n") if lines else " ".join(out.split())


_BREAKS = set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _noncharacter(ch: str) -> bool:
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text` (a JSON string: YAML
    reads it as the same text; `clean_text` has removed what YAML 1.1 would not accept).
    TOML reads a JSON string as the same text too (`init` and `new` quote with it)."""
    return json.dumps(text, ensure_ascii=False)


def front_matter(values: Mapping[str, Any]) -> str:
    """`---` key: value lines `---`. Text is always quoted, so nothing a contributor writes
    can start a new key, an anchor, a tag or a document; lists are flow lists of quoted
    text; lists of records are block lists of quoted text."""
    out = ["---"]
    for key, value in values.items():
        if isinstance(value, bool):
            out.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, str):
            out.append(f"{key}: {quote(value)}")
        elif value and all(isinstance(v, str) for v in value):
            out.append(f"{key}: [{', '.join(quote(v) for v in value)}]")
        elif value:
            out.append(f"{key}:")
            for record in value:
                items = list(record.items())
                out.append(f"  - {items[0][0]}: {quote(items[0][1])}")
                out.extend(f"    {k}: {quote(v)}" for k, v in items[1:])
        else:
            out.append(f"{key}: []")
    out.append("---")
    text = "\n".join(out) + "\n"
    # Belt and braces: what YAML reads back must be exactly what was meant.
    if yaml.safe_load(text.strip().strip("-")) != dict(values):
        raise AssertionError(f"sharesite bug: front matter does not read back as written:\n{text}")
    return text


def free_slug(config: SiteConfig, section: str, slug: str,
              paths: Callable[[str], tuple[str, ...]], taken: set[str] | None = None) -> str:
    """`slug`, or `slug-2`, `slug-3`, … when another item in `section` ("posts",
    "resources" or "pages") has that address or one of `paths(slug)` (from the site folder)
    exists: so a new item never takes another's address or overwrites anything. `taken`:
    `slugs_in_use(config, section)` already worked out (by a caller making many items)."""
    taken = slugs_in_use(config, section) if taken is None else taken
    candidate, n = slug, 1
    while candidate in taken or any((config.root / p).exists() for p in paths(candidate)):
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def slugs_in_use(config: SiteConfig, section: str) -> set[str]:
    """The addresses the items in `section` ("posts", "resources" or "pages") have,
    slugged: each one's file or folder name (a post's without its date) and any `slug:` in
    its front matter."""
    discovered, _ = discover_sources(config.content_dir, config.multilingual)
    kind = {"posts": "post", "resources": "resource", "pages": "page"}[section]
    taken = set()
    for source in discovered.sources:
        if source.kind != kind:
            continue
        match = _DATE_PREFIX.match(source.name)
        taken.add(slug_for(match.group(1) if match else source.name))
        own = _front_matter_value(config.content_dir / source.path, "slug")
        if own:
            taken.add(slug_for(own))
    return taken


def _front_matter_value(path: Path, key: str) -> str:
    """One text value of a file's front matter, or "" (for slugs and names taken)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""
    match = re.match(r"\s*---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)", text, re.S)
    if not match or f"{key}:" not in match.group(1):
        return ""
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return ""
    value = data.get(key) if isinstance(data, dict) else None
    return str(value) if isinstance(value, str | int) else ""


def author_profile(config: SiteConfig, name: str, new_id: str,
                   about: str) -> tuple[str, tuple[str, str] | None]:
    """(id, None) when content/authors/ has a profile for `name`, found by id, name or
    slugged name as `site.assemble` finds an author; otherwise (id, (path, text)): a new
    profile to write, `name` slugged (or `new_id` when that is empty, then -2, -3, … while
    the file exists), its text front matter with the name, then `about`."""
    authors_dir = config.content_dir / "authors"
    profiles = sorted(authors_dir.glob("*.md")) if authors_dir.is_dir() else []
    for profile in profiles:
        their_name = _front_matter_value(profile, "name")
        if name in (profile.stem,) or name.casefold() == their_name.casefold() or \
                slug_for(name) in (profile.stem, slug_for(their_name)):
            return profile.stem, None
    author_id = slug_for(name) or new_id
    n, base = 1, author_id
    while (authors_dir / f"{author_id}.md").exists():
        n += 1
        author_id = f"{base}-{n}"
    rel = f"content/authors/{author_id}.md"
    return author_id, (rel, front_matter({"name": name}) + about)


def write_new_file(path: Path, text: str) -> None:
    """Write `text` (UTF-8, \\n line ends) into a new file at `path`, making its folders.
    Never overwrites: FileExistsError when the file exists, even one made a moment ago (the
    file is created exclusively, not checked for first)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
