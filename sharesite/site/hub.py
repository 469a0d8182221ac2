"""The hub's network, grouped: by subject, by level and by school, each group newest first;
gathered once, when the site is assembled (`Site.hub`). Its browse files are made from it
by sharesite.hub.browse, its search bundles by sharesite.hub.bundles.

A hub may gather 200,000 resources: nothing here makes a page per resource. The groups hold
places in one tuple of resources, and each file is made only when it is written. Peer text
is plain text here as everywhere: JSON carries it as strings, the templates escape it.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sharesite.site.model import NetworkPeer, NetworkResource
from sharesite.site.network import shown_resources, web_url
from sharesite.site.urls import slug_for

PAGE_SIZE = 1_000  # records in one browse file
NEWEST = 100  # resources on a subject's, level's or school's page
SUMMARY = 120  # characters of a summary kept in a browse record
FOLDER = "network/browse/"
INDEX = FOLDER + "index.json"
SCHEMA = "browse.schema.json"  # in the package's schemas/, published in FOLDER
KINDS = ("subject", "level", "school")
GROUPS = {"subject": "Subject", "level": "Level", "school": "School"}
# What each place of a browse record holds.
FIELDS = ("title", "url", "school", "date", "subjects", "levels", "type", "licence",
          "summary")


@dataclass(frozen=True)
class Facet:
    """One subject, level or school of the network, with how many resources it has."""

    kind: str  # "subject", "level" or "school"
    label: str
    slug: str
    count: int
    url: str = ""  # a school's own site
    as_of: str = ""  # a school not reached for over a day: the day of its copy (ISO)

    @property
    def path(self) -> str:
        """Its page: the newest NEWEST of its resources."""
        return f"network/{self.kind}s/{self.slug}/"

    @property
    def files(self) -> tuple[str, ...]:
        size = PAGE_SIZE
        return tuple(f"{FOLDER}{self.kind}/{self.slug}/{n}.json"
                     for n in range(1, -(-self.count // size) + 1))

    @property
    def group(self) -> str:
        return GROUPS[self.kind]


@dataclass(frozen=True)
class Hub:
    """The shown resources of every member (each once, newest first) and their facets."""

    resources: tuple[NetworkResource, ...]
    facets: dict[str, tuple[Facet, ...]]  # kind → its values, by label
    members: dict[tuple[str, str], tuple[int, ...]] = field(repr=False)  # (kind, slug) → places
    digest: str = ""  # of every record: what the hub's files are made from

    @property
    def schools(self) -> tuple[Facet, ...]:
        return self.facets["school"]

    def newest(self, facet: Facet, count: int = NEWEST) -> tuple[NetworkResource, ...]:
        return tuple(self.resources[i] for i in self.members[(facet.kind, facet.slug)][:count])

    def records(self, facet: Facet) -> tuple[int, ...]:
        return self.members[(facet.kind, facet.slug)]

    def addresses(self) -> list[str]:
        """The output files of the hub's network pages and browse files (not its search
        bundles, under network/search/)."""
        out = [INDEX, FOLDER + SCHEMA]
        for kind in KINDS:
            for facet in self.facets[kind]:
                out += [facet.path + "index.html", *facet.files]
        return out


def gather(peers: tuple[NetworkPeer, ...]) -> Hub:
    """The hub's network from its members' last-good copies (as the site shows them)."""
    resources: list[NetworkResource] = []
    seen: set[str] = set()
    for resource in shown_resources(peers):  # newest first
        # Two members may both lie under one address (a.example/ and a.example/b/): once.
        if resource.url not in seen and web_url(resource.url):
            seen.add(resource.url)
            resources.append(resource)
    places: dict[tuple[str, str], list[int]] = defaultdict(list)
    labels: dict[tuple[str, str], set[str]] = defaultdict(set)
    for place, resource in enumerate(resources):
        for kind, values in (("subject", resource.subjects), ("level", resource.levels)):
            for slug in dict.fromkeys(_slug(v) for v in values):
                places[(kind, slug)].append(place)
            for value in values:
                labels[(kind, _slug(value))].add(value)
    schools = _school_slugs(peers)
    by_slug = {schools[p.url]: p for p in peers if p.url in schools}
    for place, resource in enumerate(resources):
        places[("school", schools[resource.peer_url])].append(place)
    facets: dict[str, list[Facet]] = {kind: [] for kind in KINDS}
    for kind, slug in places:
        count = len(places[(kind, slug)])
        if kind == "school":
            peer = by_slug[slug]
            as_of = peer.fetched.date().isoformat() if peer.state == "stale" and \
                peer.fetched else ""
            facets[kind].append(Facet(kind, peer.name, slug, count, peer.url, as_of))
        else:
            # One facet however a value is spelt ("Maths", "maths"): shown as its first
            # spelling in a fixed order.
            label = min(labels[(kind, slug)], key=lambda v: (v.casefold(), v))
            facets[kind].append(Facet(kind, label, slug, count))
    hashed = hashlib.blake2b(digest_size=16)
    for resource in resources:
        hashed.update(compact_json(record(resource)).encode("utf-8", "surrogatepass"))
        hashed.update(b"\n")
    return Hub(tuple(resources),
               {kind: tuple(sorted(found, key=lambda f: (f.label.casefold(), f.slug)))
                for kind, found in facets.items()},
               {key: tuple(value) for key, value in places.items()}, hashed.hexdigest())


def record(resource: NetworkResource) -> list[Any]:
    """A resource as a browse record: a list in FIELDS' order, plain text."""
    summary = resource.summary
    if len(summary) > SUMMARY:
        summary = summary[:SUMMARY - 1].rstrip() + "…"
    return [resource.title, resource.url, resource.school,
            resource.date.date().isoformat() if resource.date else "",
            list(resource.subjects), list(resource.levels), resource.type, resource.licence,
            summary]


def _school_slugs(peers: tuple[NetworkPeer, ...]) -> dict[str, str]:
    """Each shown member's address → its slug: from its name, made unique in the order of
    the members' addresses (two schools may share a name)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for peer in sorted((p for p in peers if p.shown), key=lambda p: p.url):
        base = _slug(peer.name)
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        out[peer.url] = slug
    return out


def _slug(text: str) -> str:
    return slug_for(text) or "x-" + hashlib.sha1(text.casefold().encode(
        "utf-8", "surrogatepass")).hexdigest()[:8]


def compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
