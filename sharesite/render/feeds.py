"""Atom and RSS feeds with feedgen: newest first, absolute links, no build-time stamps.

feedgen stamps `updated` with the current time and prepends entries unless told
otherwise; both are set explicitly here so two builds give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from sharesite import __version__
from sharesite.site.model import Page, Site
from sharesite.site.urls import Urls

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

ContentFor = Callable[[Page], str]  # a page's body HTML with absolute links


def build_feed(site: Site, title: str, feed_path: str, page_path: str,
               items: tuple[Page, ...], content_for: ContentFor, kind: str = "atom") -> bytes:
    """One feed of `items` (newest first), as Atom or RSS 2.0."""
    config = site.config
    items = items[:config.feed_items]
    from feedgen.feed import FeedGenerator  # (and lxml) only when a feed is made

    fg = FeedGenerator()
    fg.id(site.absolute(feed_path))
    fg.title(title)
    fg.link(href=site.absolute(page_path), rel="alternate", type="text/html")
    fg.link(href=site.absolute(feed_path), rel="self",
            type="application/atom+xml" if kind == "atom" else "application/rss+xml")
    fg.description(site.description or title)
    fg.language(config.language)
    fg.author({"name": site.title, "uri": site.base_url})
    fg.generator("sharesite", __version__, "https://pypi.org/project/sharesite/")
    fg.rights(site.licence.name)
    updated = max((p.feed_date for p in items), default=_EPOCH)
    fg.updated(updated)
    fg.lastBuildDate(updated)
    for page in items:
        entry = fg.add_entry(order="append")
        url = site.absolute(page.path)
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(page.title)
        entry.link(href=url, rel="alternate", type="text/html")
        if page.document.date:
            entry.published(page.document.date)
        entry.updated(page.feed_date)
        if page.summary:
            # Readers treat RSS descriptions as HTML, Atom summaries (type text) as text.
            entry.summary(html.escape(page.summary) if kind == "rss" else page.summary)
        if config.feed_full_content:
            entry.content(content_for(page), type="CDATA" if kind == "rss" else "html")
        for author in page.authors:
            entry.author({"name": author.name, "uri": site.absolute(author.path)})
        if page.tags:  # one call: feedgen checks the whole list again on every call
            scheme = site.absolute(Urls.tags)
            entry.category([{"term": tag.name, "scheme": scheme, "label": tag.name}
                            for tag in page.tags])
        # No enclosure links: feedgen 1.0 writes an entry link's href but drops its rel,
        # type and length (a loop variable shadows the link), so a download would become
        # a second "alternate" link that readers open instead of the page.
    data: bytes = fg.atom_str(pretty=True) if kind == "atom" else fg.rss_str(pretty=True)
    return data
