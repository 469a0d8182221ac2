"""Which files an import reads, and what each one is.

A path may be an export file, one part of a split WordPress.com export (`….000.xml`,
`….001.xml`: the other parts beside it are read too) or a zip holding them. The format is
told from the file's root element, not its name; `--format` overrides it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from sharesite.importer import blogger, feed, wordpress
from sharesite.importer.model import BadExport, Export
from sharesite.importer.xmlsafe import parse

FORMATS = ("wordpress", "blogger", "feed")
_PART = re.compile(r"^(.*\.)(\d{3})(\.xml)?$")
_MAX_FILE = 512 * 1024 * 1024  # an export bigger than this is not a school's blog
_MAX_MEMBERS = 200


def export_files(paths: list[Path]) -> list[tuple[str, bytes]]:
    """(name for messages, bytes) of each export file the paths name, in order, each once."""
    out: list[tuple[str, bytes]] = []
    seen: set[Path] = set()
    for path in paths:
        for part in _parts(path):
            if part.resolve() in seen:
                continue
            seen.add(part.resolve())
            if not part.is_file():
                raise BadExport(f"{part}: no such file (give the path of the export file)")
            if zipfile.is_zipfile(part):
                out.extend(_from_zip(part))
            elif part.stat().st_size > _MAX_FILE:
                raise BadExport(f"{part}: the file is larger than 512 MB (export the blog in "
                                "parts)")
            else:
                out.append((part.name, part.read_bytes()))
    return out


def _parts(path: Path) -> list[Path]:
    match = _PART.match(path.name)
    if not match:
        return [path]
    found = []
    n = 0
    while True:
        part = path.with_name(f"{match.group(1)}{n:03d}{match.group(3) or ''}")
        if not part.exists():
            break
        found.append(part)
        n += 1
    return found if path in found else [path, *found]


def _from_zip(path: Path) -> list[tuple[str, bytes]]:
    out = []
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist()
                   if not m.is_dir() and m.filename.lower().endswith((".xml", ".atom"))]
        if not members:
            raise BadExport(f"{path.name}: the zip holds no .xml or .atom export (unzip it "
                            "and import the export file)")
        for member in sorted(members, key=lambda m: m.filename)[:_MAX_MEMBERS]:
            if member.file_size > _MAX_FILE:
                raise BadExport(f"{path.name}/{member.filename}: larger than 512 MB")
            out.append((f"{path.name}/{member.filename}", archive.read(member)))
    return out


def read_export(name: str, data: bytes, format: str | None = None) -> Export:
    """One file read as `format`, or as what it looks like. Raises BadExport."""
    parsed = parse(data, name)
    if format is None:
        if wordpress.is_wordpress(parsed):
            format = "wordpress"
        elif blogger.is_blogger(parsed):
            format = "blogger"
        elif feed.is_feed(parsed):
            format = "feed"
        else:
            raise BadExport(f"{name}:1:1: this is not a WordPress export, a Blogger export "
                            "or a feed (export the blog from its dashboard: WordPress: Tools "
                            "→ Export; Blogger: Settings → Back up content)")
    reader = {"wordpress": wordpress.read, "blogger": blogger.read, "feed": feed.read}[format]
    return reader(parsed, name)
