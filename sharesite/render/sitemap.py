"""/sitemap.xml and /robots.txt: what search engines are told about the site."""

from __future__ import annotations

import datetime as dt
import html

from sharesite.site.model import Site
from sharesite.site.urls import Urls


def sitemap(site: Site) -> bytes:
    entries: list[tuple[str, dt.datetime | None]] = []
    for page in site.posts + site.resources + site.pages:
        if not page.document.draft:
            entries.append((page.path, page.document.updated or page.document.date))
    newest_post = site.posts[0].feed_date if site.posts else None
    newest_any = site.items[0].feed_date if site.items else None
    entries.append((Urls.home, newest_post))
    if site.resources:
        entries.append((Urls.resources, site.resources[0].feed_date))
    entries.append((Urls.archive, newest_post))
    entries.append((Urls.tags, newest_any))
    for tag in site.tags:  # a tag of events only has no item
        tagged = site.tagged.get(tag.key, ())
        entries.append((tag.path, tagged[0].feed_date if tagged else None))
    for facets in site.facets.values():  # /resources/subjects/maths/, …: canonical as shown
        for facet in facets:
            listed = site.faceted.get(facet.path, ())
            entries.append((facet.path, max((p.feed_date for p in listed), default=None)))
    if site.network:  # the peers' resources, newest first, and their facets' first pages
        entries.append((Urls.network_page, site.network[0].date))
    for path, resources in site.network_faceted.items():
        entries.append((path, max((r.date for r in resources if r.date), default=None)))
    if site.schools:  # the schools' profiles, and the directory of their offers
        entries.append((Urls.schools, None))
        entries += [(school.path, None) for school in site.schools]
    if site.areas:
        newest = site.offers[0].reviewed if site.offers else None
        entries.append((Urls.expertise, _noon(newest)))
        entries += [(Urls.expertise_area(slug), _noon(offers[0].reviewed))
                    for slug, (_, offers) in site.areas.items()]
    if site.events:  # the events' pages (not the lists of past years: they only grow)
        newest = max(e.stamp for e in site.events)
        entries.append((Urls.events, newest))
        entries += [(e.path, e.stamp) for e in site.events if e.path]
    entries.append((Urls.authors, None))
    for author in site.authors:
        items = site.by_author[author.id]
        entries.append((author.path, items[0].feed_date if items else None))
    translations = site.translations
    if translations is None:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    else:  # each page's versions in the site's other languages (Google's xhtml:link)
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                 'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for path, modified in sorted(entries, key=lambda e: e[0]):
        lastmod = f"<lastmod>{modified.date().isoformat()}</lastmod>" if modified else ""
        if translations is None:
            lines.append(f"  <url><loc>{html.escape(site.absolute(path))}</loc>{lastmod}</url>")
            continue
        languages = translations.of(path)
        if languages.foreign:  # an item not translated: in its own language's sitemap
            continue
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{v.lang}" '
                        f'href="{html.escape(v.url)}"/>' for v in languages.alternates)
        if languages.default:
            links += ('<xhtml:link rel="alternate" hreflang="x-default" '
                      f'href="{html.escape(languages.default)}"/>')
        lines.append(f"  <url><loc>{html.escape(site.absolute(path))}</loc>{lastmod}"
                     f"{links}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _noon(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC) if day else None


def robots(site: Site) -> bytes:
    """Every page allowed; the sitemap (each language's, on a site in several)."""
    maps = site.translations.sitemaps if site.translations else (site.absolute(Urls.sitemap),)
    return ("User-agent: *\nAllow: /\n\n" + "".join(f"Sitemap: {url}\n" for url in maps)
            ).encode()
