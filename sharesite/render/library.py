"""The resource library: its filters, a ready-made credit line, and /resources.json.

`/resources.json` is a versioned catalogue of every resource for other schools' sites and
tools, described by `schemas/resources.schema.json` (published beside it). Its `version`
changes only when a field changes meaning or goes away; new fields may appear at any time.
"""

from __future__ import annotations

import json
import mimetypes
from collections import Counter
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from sharesite import __version__
from sharesite.site.model import FACETS, Page, Site, Urls

CATALOGUE_VERSION = 1
SCHEMA_FILE = "resources.schema.json"  # in sharesite/schemas/, published at Urls.catalogue_schema


@dataclass(frozen=True)
class FilterOption:
    value: str  # what cards carry in their data-… attribute, and the URL keeps
    label: str
    count: int
    path: str = ""  # the facet's own page, where there is one


@dataclass(frozen=True)
class FilterGroup:
    key: str  # "subject", "level", "type", "licence", "tag": the URL parameter
    label: str
    options: tuple[FilterOption, ...]


def filters(site: Site) -> tuple[FilterGroup, ...]:
    """The library's checkbox groups, with how many resources each box would show."""
    groups = [FilterGroup(kind.removesuffix("s"), label,
                          tuple(FilterOption(f.slug, f.label, f.count, f.path)
                                for f in site.facets.get(kind, ())))
              for kind, label in FACETS]
    licences = Counter(p.licence.id for p in site.resources if p.licence)
    by_id = {p.licence.id: p.licence for p in site.resources if p.licence}
    groups.append(FilterGroup("licence", "Licence", tuple(
        FilterOption(i, by_id[i].short, n) for i, n in sorted(licences.items()))))
    tags = Counter(t for p in site.resources for t in p.tags)
    groups.append(FilterGroup("tag", "Tag", tuple(
        FilterOption(t.slug, t.name, n, t.path)
        for t, n in sorted(tags.items(), key=lambda item: item[0].name.casefold()))))
    return tuple(g for g in groups if g.options)


def filter_data(page: Page) -> dict[str, str]:
    """A card's data-… attributes: the values of each filter, space-separated slugs."""
    data = {kind.removesuffix("s"): " ".join(f.slug for f in page.facets if f.kind == kind)
            for kind, _ in FACETS}
    data["licence"] = page.licence.id if page.licence else ""
    data["tag"] = " ".join(t.slug for t in page.tags)
    return data


def credit_line(site: Site, page: Page) -> str:
    """A ready-made attribution: title, author, source, licence (the TASL rule)."""
    authors = " and ".join(a.name for a in page.authors) or site.title
    text = f"“{page.title}” by {authors}, from {site.title} ({site.absolute(page.path)})"
    if page.licence and page.licence.id == "CC0-1.0":
        text += f", dedicated to the public domain ({page.licence.short}, {page.licence.url})"
    elif page.licence and page.licence.url:
        text += f", licensed under {page.licence.short} ({page.licence.url})"
    elif page.licence:
        text += f", {page.licence.name.lower()}"
    return text + "."


def schema() -> bytes:
    return files("sharesite").joinpath("schemas", SCHEMA_FILE).read_bytes()


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
