"""/resources.json: the contract other schools' sites and tools read.

A versioned catalogue of every resource, described by `schemas/resources.schema.json`
(published beside it). Its `version` changes only when a field changes meaning or goes
away; new fields may appear at any time.
"""

from __future__ import annotations

import json
import mimetypes
from importlib.resources import files
from typing import Any

from sharesite import __version__
from sharesite.render.library import credit_line
from sharesite.site.model import Page, Site
from sharesite.site.urls import Urls

CATALOGUE_VERSION = 1
SCHEMA_FILE = "resources.schema.json"  # in sharesite/schemas/, published at Urls.catalogue_schema


def schema(name: str = SCHEMA_FILE) -> bytes:
    """One of the package's JSON Schemas (sharesite/schemas/), published at the same name:
    resources.schema.json, feed.schema.json, network.schema.json."""
    return files("sharesite").joinpath("schemas", name).read_bytes()


def catalogue(site: Site) -> bytes:
    """/resources.json: every resource, newest first, with absolute URLs."""
    resources = [_entry(site, page) for page in site.resources]
    updated = max((p.feed_date for p in site.resources), default=None)
    data = {
        "$schema": site.absolute(Urls.catalogue_schema),
        "version": CATALOGUE_VERSION,
        "generator": f"sharesite {__version__}",
        "site": {"title": site.title, "url": site.base_url, "description": site.description,
                 "language": site.language},
        "updated": updated.isoformat() if updated else None,
        "resources": resources,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


def _entry(site: Site, page: Page) -> dict[str, Any]:
    doc = page.document
    licence = page.licence
    return {
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
        "credit": credit_line(site, page),
        "files": [{"title": f.title, "url": site.absolute(f.path), "size": f.size,
                   "media_type": mimetypes.guess_type(f.path)[0] or "application/octet-stream"}
                  for f in page.files],
        "adapted_from": [{"title": c.title, "url": c.url or None, "author": c.author or None,
                          "licence": c.licence.id if c.licence else (c.licence_text or None)}
                         for c in page.adapted_from],
        "cover": {"url": site.absolute(page.cover_url) if "://" not in page.cover_url
                  else page.cover_url, "alt": page.cover_alt} if page.cover_url else None,
    }
