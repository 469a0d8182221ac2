"""Fingerprints: short digests of what an output is made from, so a rebuild can tell which
outputs are still right without rendering them again.

An output's fingerprint has two halves. Its *key* covers the template (and every template
it extends, includes or imports) and the values handed to it: the page, its neighbours, the
list it shows. Its *reads* are the parts of the site the render looked at through `site`
(`site.nav`, `site.tags`, …), recorded as it ran by `WatchedSite`, each with a digest. An
output is still right when its key is the same and every part it read has the same digest:
the render is a pure function of those, so it would give the same bytes.

Everything here is conservative: a value it cannot fingerprint makes a digest that never
matches, so the output is rendered again rather than left stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from sharesite.digest import digest, never
from sharesite.images.picture import Picture
from sharesite.site.links import target_path
from sharesite.site.model import Author, NetworkResource, Page, Site

# Parts of the site that come from site.toml alone: the settings digest covers them.
SETTINGS = frozenset({"config", "title", "description", "language", "base_url", "licence",
                      "href", "absolute"})


class Fingerprints:
    """Digests of one assembled site's pages, authors and lists, each computed once."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._pages: dict[int, str] = {}
        self._authors: dict[int, str] = {}
        self._network: dict[int, str] = {}  # peers' resources: each is on several lists
        self._lists: dict[int, tuple[object, str]] = {}  # keeps the list alive: ids stay unique
        self._parts: dict[str, str] = {}

    def page(self, page: Page) -> str:
        found = self._pages.get(id(page))
        if found is None:
            doc = page.document
            urls = self.site.urls
            found = digest(
                doc.digest or never(), page.kind, page.path,
                tuple((t.key, t.name, t.slug, t.count) for t in page.tags),
                tuple(self.author(a) for a in page.authors),
                page.files, page.adapted_from, page.licence, page.cover_url, page.facets,
                # its images' copies: a replaced photo changes the page's markup
                _picture(page.cover_picture) if page.cover_picture else "",
                tuple(_picture(p) for p in page.pictures),
                tuple(self.site.drawings.get(s.target[1:]) for s in doc.shown if s.target),
                self.site.drawings.get(doc.cover[1:]) if doc.cover.startswith("@") else None,
                # where its links lead: renaming the target changes this page
                tuple(target_path(link.target, urls) for link in doc.links),
                # its recording's facts and transcript (read from files beside it)
                self.value(page.episode) if page.episode else "")
            self._pages[id(page)] = found
        return found

    def author(self, author: Author) -> str:
        found = self._authors.get(id(author))
        if found is None:  # an author is on every page they wrote: once each
            doc = author.document
            found = digest(author.id, author.name, author.slug, author.role, author.school,
                           author.expertise, author.links,
                           (doc.digest or never()) if doc else "", str(author.bio))
            self._authors[id(author)] = found
        return found

    def items(self, items: tuple[Any, ...]) -> str:
        if len(items) < 8:  # short ones are cheap, and often made on the spot
            return digest(*[self.value(item) for item in items])
        found = self._lists.get(id(items))
        if found is None:  # the site's long lists are asked for again and again
            found = (items, digest(*[self.value(item) for item in items]))
            self._lists[id(items)] = found
        return found[1]

    def value(self, value: object) -> str:
        """A digest of a value a template is given."""
        if isinstance(value, Page):
            return self.page(value)
        if isinstance(value, Author):
            return self.author(value)
        if isinstance(value, Picture):
            return _picture(value)
        if isinstance(value, NetworkResource):  # kept alive by the site: ids stay unique
            found = self._network.get(id(value))
            if found is None:
                found = self._dataclass(value)
                self._network[id(value)] = found
            return found
        if isinstance(value, tuple | list):
            return self.items(tuple(value)) if isinstance(value, list) else self.items(value)
        if isinstance(value, Mapping):
            return digest(tuple((k, self.value(v)) for k, v in sorted(value.items())))
        if value is None or isinstance(value, str | int | float | bool | dt.date | dt.time):
            return repr(value)
        if is_dataclass(value) and not isinstance(value, type):
            return self._dataclass(value)
        return never()

    def _dataclass(self, value: Any) -> str:
        return digest(type(value).__name__,
                      tuple(self.value(getattr(value, f.name)) for f in fields(value)
                            if f.metadata.get("fingerprint", True)))

    def part(self, name: str) -> str:
        """A digest of one part of the site, as a template reaches it: `site.<name>`."""
        if name in SETTINGS:
            return ""
        found = self._parts.get(name)
        if found is None:
            site = self.site
            if name == "home_pages":
                found = digest(self.items(site.posts), site.config.posts_per_page)
            elif name == "has_resources":
                found = repr(bool(site.resources))
            elif name == "urls":
                found = digest(tuple(sorted(site.urls.items())))
            elif name == "picture":
                found = _picture(site.picture) if site.picture else ""
            elif name == "drawings":
                found = digest(tuple(sorted(site.drawings.items())))
            elif name == "pictures":
                found = digest(tuple((rel, _picture(p)) for rel, p in
                                     sorted(site.pictures.items())))
            elif name == "aliases":
                found = digest(tuple((path, page.path) for path, page in site.aliases))
            elif name in {f.name for f in fields(site)} or name in ("items", "nav"):
                found = self.value(getattr(site, name))
            else:  # a method or something new: always render again
                found = never()
            self._parts[name] = found
        return found


def _picture(picture: Picture) -> str:
    """A processed image as a page shows it: what it was made from, and where it is."""
    return digest(picture.key, tuple(v.path for v in picture.published))


class WatchedSite:
    """The site as a template sees it, noting each part it reads (`site.tags`, …)."""

    __slots__ = ("_reads", "_site")

    def __init__(self, site: Site, reads: set[str]) -> None:
        object.__setattr__(self, "_site", site)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, name: str) -> Any:
        self._reads.add(name)
        return getattr(self._site, name)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("the site is read-only in templates")
