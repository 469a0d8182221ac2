"""A show's feed, /podcasts/<id>/feed.xml: RSS 2.0 with the `itunes:` tags Apple and
Spotify read and the Podcast Index's `podcast:` namespace.

Written here, with lxml, rather than with feedgen's podcast extension: that extension
rejects `itunes:explicit` true/false (Apple's values since 2022), knows only the pre-2019
categories and has no `podcast:` namespace. lxml rather than xml.etree because its
namespace prefixes are given per document (`nsmap`), where ElementTree's are registered
for the whole process (`register_namespace`), and because it refuses text XML forbids.
The bytes depend on the site alone: no build time (the channel's date is its newest
episode's), elements in a fixed order, episodes newest first.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # lxml comes with feedgen

from sharesite.site.model import Page, Show, Site
from sharesite.site.podcasts import absolute

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
_NSMAP = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM}


def _add(parent: Any, tag: str, content: str | None = None, **attributes: str) -> Any:
    """A child `tag` ("title", "itunes:author") with the text `content` and `attributes`."""
    prefix, _, name = tag.rpartition(":")
    element = etree.SubElement(parent, f"{{{_NSMAP[prefix]}}}{name}" if prefix else name)
    for key, value in attributes.items():
        element.set(key, value)
    if content is not None:
        element.text = content
    return element


def published(page: Page) -> dt.datetime:
    """When an episode came out: a date written without a time is noon UTC that day, so
    every app shows the same calendar date wherever its listener is."""
    return page.sort_key[0]


def podcast_feed(site: Site, show: Show) -> bytes:
    """The show's RSS feed."""
    settings = show.settings
    rss = etree.Element("rss", nsmap=_NSMAP)
    rss.set("version", "2.0")
    channel = _add(rss, "channel")
    _add(channel, "title", settings.title)
    _add(channel, "link", site.absolute(show.path))
    _add(channel, "description", settings.description)
    _add(channel, "language", settings.language)
    if show.licence is not None:
        _add(channel, "copyright", f"{settings.author}: {show.licence.name}")
    if show.episodes:
        _add(channel, "lastBuildDate",
             email.utils.format_datetime(max(published(p) for p in show.episodes)
                                         .astimezone(dt.UTC), usegmt=True))
    _add(channel, "generator", "sharesite")
    _add(channel, "atom:link", href=site.absolute(show.feed_path), rel="self",
         type="application/rss+xml")
    cover = show.cover.square if show.cover is not None else None
    if cover is not None:
        image = _add(channel, "image")
        _add(image, "url", site.absolute(cover.path))
        _add(image, "title", settings.title)
        _add(image, "link", site.absolute(show.path))
        _add(channel, "itunes:image", href=site.absolute(cover.path))
    _add(channel, "itunes:author", settings.author)
    owner = _add(channel, "itunes:owner")
    _add(owner, "itunes:name", settings.author)
    _add(owner, "itunes:email", settings.email)
    category = _add(channel, "itunes:category", text=settings.category)
    if settings.subcategory:
        _add(category, "itunes:category", text=settings.subcategory)
    _add(channel, "itunes:explicit", "true" if settings.explicit else "false")
    _add(channel, "itunes:type", "episodic")
    _add(channel, "podcast:guid", show.guid)
    _add(channel, "podcast:locked", "no")
    if show.licence is not None:
        attributes = {"url": show.licence.url} if show.licence.url else {}
        _add(channel, "podcast:license", show.licence.id.lower(), **attributes)
    for page in show.episodes:
        _item(site, channel, page, settings.language)
    return bytes(etree.tostring(rss, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


def _item(site: Site, channel: Any, page: Page, language: str) -> None:
    episode = page.episode
    assert episode is not None
    item = _add(channel, "item")
    _add(item, "title", page.title)
    _add(item, "link", site.absolute(page.path))
    # The page's address is the episode's id: it never changes while the page is there.
    _add(item, "guid", site.absolute(page.path), isPermaLink="true")
    _add(item, "pubDate", email.utils.format_datetime(published(page).astimezone(dt.UTC),
                                                      usegmt=True))
    _add(item, "description", page.summary)
    _add(item, "enclosure", url=absolute(site.config, episode.src), length=str(episode.length),
         type=episode.type)
    _add(item, "itunes:duration", str(episode.duration))
    if episode.number is not None:
        _add(item, "itunes:episode", str(episode.number))
    _add(item, "itunes:explicit", "true" if episode.explicit else "false")
    _add(item, "itunes:episodeType", "full")
    if page.authors:
        _add(item, "itunes:author", ", ".join(a.name for a in page.authors))
    attributes = {"url": site.absolute(episode.transcript_path) if episode.transcript_path
                  else site.absolute(page.path) + "#transcript",
                  "type": episode.transcript_type}
    if episode.captions:
        attributes["rel"] = "captions"
    _add(item, "podcast:transcript", language=language, **attributes)
    for author in page.authors:
        _add(item, "podcast:person", author.name, role="host",
             href=site.absolute(author.path))
    if page.licence is not None:
        attributes = {"url": page.licence.url} if page.licence.url else {}
        _add(item, "podcast:license", page.licence.id.lower(), **attributes)
