"""A hub's browse files: its network (sharesite.site.hub), by subject, by level and by
school, as compact JSON, at most PAGE_SIZE records a file, with an index of them all.

A hub may gather 200,000 resources: each file is made only when it is written. Peer text
is plain text here as everywhere: JSON carries it as strings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sharesite.site import hub as network
from sharesite.site.hub import (
    FIELDS,
    FOLDER,
    INDEX,
    KINDS,
    SCHEMA,
    Facet,
    Hub,
    compact_json,
    record,
)


def browse_files(hub: Hub, base_url: str, title: str) -> list[tuple[str, Callable[[], bytes]]]:
    """Every browse file, as (path, what makes its bytes): the index, then each facet's
    pages. Paths in the files are relative to the hub's base URL, like bundles.json's."""
    out: list[tuple[str, Callable[[], bytes]]] = [
        (INDEX, lambda: _index(hub, base_url, title))]
    for kind in KINDS:
        for facet in hub.facets[kind]:
            for number, path in enumerate(facet.files, start=1):
                out.append((path, lambda facet=facet, number=number:  # type: ignore[misc]
                            _page(hub, facet, number)))
    return out


def _index(hub: Hub, base_url: str, title: str) -> bytes:
    data = {
        "$schema": base_url + FOLDER + SCHEMA,
        "version": 1,
        "kind": "index",
        "site": {"title": title, "url": base_url},
        "records": len(hub.resources),
        "schools": len(hub.schools),
        "page_size": network.PAGE_SIZE,
        "fields": list(FIELDS),
        "facets": {kind: [_facet_entry(f) for f in hub.facets[kind]] for kind in KINDS},
    }
    return compact_json(data).encode("utf-8")


def _facet_entry(facet: Facet) -> dict[str, Any]:
    entry: dict[str, Any] = {"value": facet.label, "slug": facet.slug, "count": facet.count,
                             "page": facet.path, "files": list(facet.files)}
    if facet.url:
        entry["url"] = facet.url
    return entry


def _page(hub: Hub, facet: Facet, number: int) -> bytes:
    size = network.PAGE_SIZE  # read here: a test lowers it
    places = hub.records(facet)[(number - 1) * size:number * size]
    files = facet.files
    data: dict[str, Any] = {
        "version": 1,
        "kind": facet.kind,
        "value": facet.label,
        "page": number,
        "pages": len(files),
        "total": facet.count,
        "fields": list(FIELDS),
        "records": [record(hub.resources[i]) for i in places],
    }
    if number < len(files):
        data["next"] = files[number]
    return compact_json(data).encode("utf-8")


