"""The resource library's page and the network's: their filters, each card's filter data,
and a ready-made credit line (also in the catalogue, `catalogue.py`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sharesite.render.strings import Strings
from sharesite.site.model import FACETS, NETWORK_FACETS, NetworkResource, Page, Site


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


def filters(site: Site, strings: Strings) -> tuple[FilterGroup, ...]:
    """The library's checkbox groups, with how many resources each box would show; their
    names in `strings`' language (the values are the site's vocabulary, as it spells them)."""
    groups = [FilterGroup(kind.removesuffix("s"), strings.text(f"facet.{kind.removesuffix('s')}"),
                          tuple(FilterOption(f.slug, f.label, f.count, f.path)
                                for f in site.facets.get(kind, ())))
              for kind, _ in FACETS]
    licences = Counter(p.licence.id for p in site.resources if p.licence)
    by_id = {p.licence.id: p.licence for p in site.resources if p.licence}
    groups.append(FilterGroup("licence", strings.text("facet.licence"), tuple(
        FilterOption(i, by_id[i].short, n) for i, n in sorted(licences.items()))))
    tags = Counter(t for p in site.resources for t in p.tags)
    groups.append(FilterGroup("tag", strings.text("facet.tag"), tuple(
        FilterOption(t.slug, t.name, n, t.path)
        for t, n in sorted(tags.items(), key=lambda item: item[0].name.casefold()))))
    return tuple(g for g in groups if g.options)


def network_filters(site: Site, strings: Strings) -> tuple[FilterGroup, ...]:
    """/network/'s checkbox groups: the library's and the school, each value with its own
    list (`path`; not tags). Their keys, and the card's data-… attributes, are the
    library's, so the library's script filters the network's cards too."""
    return tuple(FilterGroup(kind, strings.text(f"facet.{kind}"),
                             tuple(FilterOption(f.slug, f.label, f.count, f.path)
                                   for f in site.network_facets[kind]))
                 for kind, _ in NETWORK_FACETS if site.network_facets.get(kind))


def filter_data(page: Page | NetworkResource) -> dict[str, str]:
    """A card's data-… attributes: the values of each filter, space-separated slugs."""
    if isinstance(page, NetworkResource):
        return {kind: " ".join(f.slug for f in page.facets if f.kind == kind)
                for kind, _ in NETWORK_FACETS}
    data = {kind.removesuffix("s"): " ".join(f.slug for f in page.facets if f.kind == kind)
            for kind, _ in FACETS}
    data["licence"] = page.licence.id if page.licence else ""
    data["tag"] = " ".join(t.slug for t in page.tags)
    return data


def credit_line(site: Site, page: Page, strings: Strings) -> str:
    """A ready-made attribution in `strings`' language, as plain text: title, author,
    source, licence (the TASL rule). One whole sentence for each kind of licence."""
    authors = strings.joined(a.name for a in page.authors) or site.title
    named = {"title": page.title, "authors": authors, "site": site.title,
             "address": site.absolute(page.path)}
    licence = page.licence
    if licence and licence.id == "CC0-1.0":
        return strings.text("credit.cc0", licence=licence.short,
                            licence_address=licence.url, **named)
    if licence and licence.url:
        return strings.text("credit.licensed", licence=licence.short,
                            licence_address=licence.url, **named)
    if licence:
        return strings.text("credit.other", licence=licence.name.lower(), **named)
    return strings.text("credit.none", **named)
