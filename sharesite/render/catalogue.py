"""/resources.json: the contract other schools' sites and tools read.

A versioned catalogue of every resource, described by `schemas/resources.schema.json`
(published beside it). Its `version` changes only when a field changes meaning or goes
away; new fields may appear at any time: each file's `sha256`; `withdrawn`, the tombstones
of resources taken down, for readers to drop at once; and, past `urls.CATALOGUE_PART`
resources, paging: /resources.json has the `total` and a `next` part, /resources-2.json,
… (each with the same top-level shape, `next` on all but the last).
"""

from __future__ import annotations

import functools
import hashlib
import json
import mimetypes
import os
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

from sharesite.digest import trusted_stamp
from sharesite.places import site_cache
from sharesite.render.formats import header
from sharesite.render.library import credit_line
from sharesite.render.renderer import Job
from sharesite.render.strings import Strings
from sharesite.site import urls
from sharesite.site.model import Page, Site
from sharesite.site.urls import Urls

CATALOGUE_VERSION = 1
SCHEMA_FILE = "resources.schema.json"  # in sharesite/schemas/, published at Urls.catalogue_schema


def schema(name: str = SCHEMA_FILE) -> bytes:
    """One of the package's JSON Schemas (sharesite/schemas/), published at the same name:
    resources.schema.json, feed.schema.json, network.schema.json."""
    return files("sharesite").joinpath("schemas", name).read_bytes()


def catalogue_jobs(site: Site, strings: Strings) -> list[Job]:
    """The catalogue's parts, each an output whose inputs include its files' checksums (a
    file changed in place, at the same size, changes the catalogue); credit lines in
    `strings`' language."""
    sums = checksums(site)
    parts = Urls.catalogue_parts(len(site.resources))
    return [Job(path, functools.partial(catalogue, sums=sums, number=number,
                                              strings=strings), "",
                ("catalogue", number, tuple(sorted(sums.items()))))
            for number, path in enumerate(parts, start=1)]


def catalogue(site: Site, sums: Mapping[str, str], number: int, strings: Strings) -> bytes:
    """Part `number` of the catalogue: its resources, newest first, with absolute URLs
    (`sums`: each download's SHA-256, by its content-relative path)."""
    parts = Urls.catalogue_parts(len(site.resources))
    size = urls.CATALOGUE_PART  # read as it is now: a test may lower it
    shown = site.resources[(number - 1) * size:number * size]
    updated = max((p.feed_date for p in site.resources), default=None)
    data: dict[str, Any] = header(site, Urls.catalogue_schema, CATALOGUE_VERSION) | {
        "updated": updated.isoformat() if updated else None,
    }
    if number == 1 and len(parts) > 1:
        data["total"] = len(site.resources)
    data["resources"] = [_entry(site, page, sums, strings) for page in shown]
    if number == 1 and site.withdrawn:
        data["withdrawn"] = sorted(
            ({"id": site.absolute(p.path), "date": p.document.withdrawn.isoformat()}
             for p in site.withdrawn if p.document.withdrawn),
            key=lambda t: (t["id"], t["date"]))
    if number < len(parts):
        data["next"] = site.absolute(parts[number])
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


def _entry(site: Site, page: Page, sums: Mapping[str, str], strings: Strings
           ) -> dict[str, Any]:
    doc = page.document
    licence = page.licence
    entry = {
        "id": site.absolute(page.path),
        "url": site.absolute(page.path),
        "title": page.title,
        "summary": page.summary,
        "published": doc.date.isoformat() if doc.date else None,
        "updated": (doc.updated or doc.date).isoformat() if doc.date else None,
        "authors": [{"name": a.name, "url": site.absolute(a.path)} for a in page.authors],
        "subjects": [f.name for f in page.facets if f.kind == "subjects"],
        "levels": [f.name for f in page.facets if f.kind == "levels"],
        "type": next((f.name for f in page.facets if f.kind == "types"), None),
        "duration": doc.duration or None,
        "tags": [t.name for t in page.tags],
        "licence": {"id": licence.id, "name": licence.name, "url": licence.url or None}
        if licence else None,
        "credit": credit_line(site, page, strings),
        "files": [{"title": f.title, "url": site.absolute(f.path), "size": f.size,
                   "sha256": sums[f.source],
                   "media_type": mimetypes.guess_type(f.path)[0] or "application/octet-stream"}
                  for f in page.files],
        "adapted_from": [{"title": c.title, "url": c.url or None, "author": c.author or None,
                          "licence": c.licence.id if c.licence else (c.licence_text or None)}
                         for c in page.adapted_from],
        "cover": {"url": site.absolute(page.cover_url) if "://" not in page.cover_url
                  else page.cover_url, "alt": page.cover_alt} if page.cover_url else None,
    }
    if site.translations is not None:  # a site in several languages: which, and the others
        languages = site.translations.of(page.path)
        if languages.canonical:  # not translated into this language: as in its own
            entry["id"] = entry["url"] = languages.canonical
        entry["inLanguage"] = doc.lang
        entry["translations"] = [{"inLanguage": v.lang, "url": v.url}
                                 for v in languages.alternates if v.lang != doc.lang]
    return entry


# Each download's checksum, kept in the site's build cache by its (time, size) stamp: a
# build hashes only the files that are new or changed since the last one.
_SUMS = "checksums.json"


def checksums(site: Site) -> dict[str, str]:
    """The SHA-256 (lowercase hex) of each resource's downloads, by content-relative path:
    the bytes published, since a download is published as it is."""
    wanted = sorted({f.source for page in site.resources for f in page.files})
    if not wanted:
        return {}
    content = site.config.content_dir
    store = site_cache(site.config.root) / _SUMS
    known = _read_sums(store)
    found: dict[str, str] = {}
    kept: dict[str, list[Any]] = {}
    for rel in wanted:
        stamp = trusted_stamp(content / rel)  # None: too new to trust: hashed every time
        entry = known.get(rel)
        if stamp is not None and entry is not None and (entry[0], entry[1]) == stamp:
            found[rel] = entry[2]
        else:
            with (content / rel).open("rb") as stream:
                found[rel] = hashlib.file_digest(stream, "sha256").hexdigest()
        if stamp is not None:
            kept[rel] = [*stamp, found[rel]]
    if kept != known:
        _write_sums(store, kept)
    return found


def _read_sums(path: Path) -> dict[str, list[Any]]:
    """The kept checksums; none when the file is missing, damaged or not in this shape."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {rel: entry for rel, entry in data.items()
            if isinstance(entry, list) and len(entry) == 3
            and all(isinstance(n, int) for n in entry[:2]) and isinstance(entry[2], str)
            and len(entry[2]) == 64}


def _write_sums(path: Path, sums: dict[str, list[Any]]) -> None:
    """Kept for the next build; a cache that cannot be written costs only time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.new")
        temporary.write_text(json.dumps(sums, sort_keys=True), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass
