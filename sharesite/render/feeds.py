"""Atom and RSS feeds with feedgen, and the JSON Feed 1.1 beside them: newest first,
absolute links, no build-time stamps.

feedgen stamps `updated` with the current time and prepends entries unless told
otherwise; both are set explicitly here so two builds give the same bytes.

What a feed reader shows is not a web page: an entry's content has no heading permalinks
("#" after every heading) and no embedded players (a plain link to the video instead),
every RSS item names its authors, and a resource says what it is before its text.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from markupsafe import Markup

from sharesite import __version__
from sharesite.content.discover import Kind
from sharesite.render.library import credit_line
from sharesite.render.metadata import format_label, offer_page, offer_title, page_preview
from sharesite.render.strings import Strings
from sharesite.site.model import Event, NetworkResource, Offer, Page, Site
from sharesite.site.network import web_url
from sharesite.site.urls import Urls

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_SECOND = dt.timedelta(seconds=1)

ContentFor = Callable[[Page], str]  # a page's body HTML with absolute links


def build_feed(site: Site, title: str, feed_path: str, page_path: str,
               items: tuple[Page, ...], content_for: ContentFor, strings: Strings,
               kind: str = "atom") -> bytes:
    """One feed of `items` (newest first), as Atom or RSS 2.0; what it says itself (a
    resource's facts) in `strings`' language."""
    config = site.config
    items = items[:config.feed_items]
    from feedgen.feed import FeedGenerator  # (and lxml) only when a feed is made

    fg = FeedGenerator()
    if kind == "rss":
        fg.load_extension("dc", atom=False, rss=True)  # dc:creator: RSS <author> wants e-mail
    fg.id(site.absolute(feed_path))
    fg.title(title)
    # RSS has one channel <link>, the website's address, and feedgen takes the *last* link
    # added for it: the feed's own address goes first (as atom:link rel="self" in RSS).
    fg.link(href=site.absolute(feed_path), rel="self",
            type="application/atom+xml" if kind == "atom" else "application/rss+xml")
    fg.link(href=site.absolute(page_path), rel="alternate", type="text/html")
    fg.description(site.description or title)
    fg.language(config.language)
    fg.author({"name": site.title, "uri": site.base_url})
    fg.generator("sharesite", __version__, "https://pypi.org/project/sharesite/")
    fg.rights(site.licence.name)
    stamps = _stamps(items)
    updated = max((updated for _, updated in stamps), default=_EPOCH)
    fg.updated(updated)
    fg.lastBuildDate(updated)
    for page, (published, page_updated) in zip(items, stamps, strict=True):
        entry = fg.add_entry(order="append")
        url = site.absolute(page.path)
        # An imported item keeps its old entry id (`id:`): readers that follow the move
        # know it is not new. RSS then says the guid is not its address.
        entry_id = page.document.entry_id
        entry.id(entry_id or url)
        entry.guid(entry_id or url, permalink=not entry_id)
        entry.title(page.title)
        entry.link(href=url, rel="alternate", type="text/html")
        if published is not None:
            entry.published(published)
        entry.updated(page_updated)
        if page.summary:
            # Readers treat RSS descriptions as HTML, Atom summaries (type text) as text.
            entry.summary(html.escape(page.summary) if kind == "rss" else page.summary)
        if config.feed_full_content:
            entry.content(feed_content(site, page, content_for(page), strings),
                          type="CDATA" if kind == "rss" else "html")
        for author in page.authors:
            entry.author({"name": author.name, "uri": site.absolute(author.path)})
        if kind == "rss":
            # One dc:creator with every name, as the page's byline reads: readers show one.
            entry.dc.dc_creator(strings.joined(a.name for a in page.authors)
                                or site.title)
        if page.tags:  # one call: feedgen checks the whole list again on every call
            scheme = site.absolute(Urls.tags)
            entry.category([{"term": tag.name, "scheme": scheme, "label": tag.name}
                            for tag in page.tags])
        # No enclosure links: feedgen 1.0 writes an entry link's href but drops its rel,
        # type and length (a loop variable shadows the link), so a download would become
        # a second "alternate" link that readers open instead of the page.
    data: bytes = fg.atom_str(pretty=True) if kind == "atom" else fg.rss_str(pretty=True)
    if kind == "atom" and site.translations is not None:
        data = _entry_languages(data, [p.document.lang if p.document.lang != config.language
                                       else "" for p in items])
    return data


def _entry_languages(data: bytes, languages: list[str]) -> bytes:
    """The Atom feed with `xml:lang` on each entry written in another language than the
    feed's (an item not translated yet, on a site in several languages), in order."""
    if not any(languages):
        return data
    parts = data.split(b"<entry>")
    out = [parts[0]]
    for part, lang in zip(parts[1:], languages, strict=True):
        out.append(f'<entry xml:lang="{lang}">'.encode() if lang else b"<entry>")
        out.append(part)
    return b"".join(out)


def build_network_feed(site: Site, title: str, feed_path: str, page_path: str,
                       items: tuple[NetworkResource, ...]) -> bytes:
    """The Atom feed of the peers' resources (newest first): each entry links to the peer's
    own page and is credited to its school. Peer text is plain text (feedgen escapes it);
    an address that is not http(s) is left out, with its entry."""

    items = tuple(r for r in items if web_url(r.url))[:site.config.feed_items]
    fg = _atom(site, title, feed_path, page_path)
    fg.updated(max((r.date for r in items if r.date), default=_EPOCH))
    # One stamp an entry, none shared (as in the site's own feeds: see `_stamps`), oldest
    # first so that a newer entry on the same second moves and the older keep theirs.
    used: set[dt.datetime] = set()
    stamps = [_free(r.date or _EPOCH, used) for r in reversed(items)][::-1]
    for resource, stamp in zip(items, stamps, strict=True):
        entry = fg.add_entry(order="append")
        entry.id(resource.url)
        entry.title(_NOT_XML.sub("", resource.title))
        entry.link(href=resource.url, rel="alternate", type="text/html")
        entry.published(stamp)
        entry.updated(stamp)
        if resource.summary:
            entry.summary(_NOT_XML.sub("", resource.summary))
        author: dict[str, str] = {"name": _NOT_XML.sub("", resource.school)}
        if web_url(resource.peer_url):
            author["uri"] = resource.peer_url
        entry.author(author)
    data: bytes = fg.atom_str(pretty=True)
    return data


def _atom(site: Site, title: str, feed_path: str, page_path: str) -> Any:
    """An Atom feed of the site's, at `feed_path`, about the page `page_path`, with no
    entries yet (a FeedGenerator: feedgen has no types)."""
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(site.absolute(feed_path))
    fg.title(title)
    fg.link(href=site.absolute(feed_path), rel="self", type="application/atom+xml")
    fg.link(href=site.absolute(page_path), rel="alternate", type="text/html")
    fg.description(title)
    fg.language(site.config.language)
    fg.author({"name": site.title, "uri": site.base_url})
    fg.generator("sharesite", __version__, "https://pypi.org/project/sharesite/")
    return fg


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def build_offers_feed(site: Site, title: str, feed_path: str, page_path: str,
                      offers: tuple[Offer, ...], strings: Strings) -> bytes:
    """The Atom feed of the offers and requests shown (newest reviewed first): an entry is
    new again when it is reviewed again. Each links to where it is shown; its text is plain
    (feedgen escapes it), and no mailbox is written in it: a reader follows the link."""

    offers = offers[:site.config.feed_items]
    fg = _atom(site, title, feed_path, page_path)
    noon = [dt.datetime.combine(o.reviewed, dt.time(12), tzinfo=dt.UTC) for o in offers]
    fg.updated(max(noon, default=_EPOCH))
    used: set[dt.datetime] = set()
    stamps = [_free(stamp, used) for stamp in reversed(noon)][::-1]
    for offer, stamp in zip(offers, stamps, strict=True):
        link = offer_page(site, offer)
        entry = fg.add_entry(order="append")
        entry.id(link)
        entry.title(_NOT_XML.sub("", offer_title(offer, strings)))
        entry.link(href=link, rel="alternate", type="text/html")
        entry.published(stamp)
        entry.updated(stamp)
        facts = [offer.note, format_label(offer, strings),
                 offer.when and strings.text("feed.when", when=offer.when)]
        summary = " ".join(f for f in facts if f)
        if summary:
            entry.summary(_NOT_XML.sub("", summary))
        entry.author({"name": _NOT_XML.sub("", offer.school_name or offer.person_name
                                           or site.title)})
    data: bytes = fg.atom_str(pretty=True)
    return data


def build_events_feed(site: Site, title: str, feed_path: str, page_path: str,
                      events: tuple[Event, ...], strings: Strings) -> bytes:
    """The Atom feed of new events: the newest first by when each was written (or last
    changed: its `stamp`, from content, never the clock). An entry says when and where,
    and "Cancelled" first when it is, in `strings`' language;
    it links to the event's page."""
    events = tuple(sorted(events, key=lambda e: (e.stamp, e.slug), reverse=True))
    events = events[:site.config.feed_items]
    fg = _atom(site, title, feed_path, page_path)
    fg.updated(max((e.stamp for e in events), default=_EPOCH))
    used: set[dt.datetime] = set()
    stamps = [_free(e.stamp, used) for e in reversed(events)][::-1]
    for event, stamp in zip(events, stamps, strict=True):
        link = event.url or site.absolute(event.path)
        entry = fg.add_entry(order="append")
        entry.id(event.uid)
        entry.title(_NOT_XML.sub("", strings.text("feed.cancelled", title=event.title)
                                 if event.cancelled else event.title))
        entry.link(href=link, rel="alternate", type="text/html")
        entry.published(stamp)
        entry.updated(stamp)
        facts = [event.written_when(strings), event.location_name, event.summary]
        entry.summary(_NOT_XML.sub("", ". ".join(f.rstrip(".") for f in facts if f) + "."))
        entry.author({"name": _NOT_XML.sub("", event.organiser_school.name
                                           if event.organiser_school else
                                           event.school_name or site.title)})
    data: bytes = fg.atom_str(pretty=True)
    return data


JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def build_json_feed(site: Site, feed_path: str, page_path: str, items: tuple[Page, ...],
                    content_for: ContentFor, strings: Strings) -> bytes:
    """The JSON Feed 1.1 of `items` (newest first): the same entries as the Atom feed of
    the same items, with the same ids, addresses, stamps and content."""
    config = site.config
    items = items[:config.feed_items]
    entries: list[dict[str, object]] = []
    for page, (published, updated) in zip(items, _stamps(items), strict=True):
        url = site.absolute(page.path)
        entry: dict[str, object] = {"id": page.document.entry_id or url, "url": url,
                                    "title": page.title}
        if config.feed_full_content:
            entry["content_html"] = feed_content(site, page, content_for(page), strings)
        else:  # an item needs one of content_html and content_text
            entry["content_text"] = page.summary or page.title
        if page.summary:
            entry["summary"] = page.summary
        preview = page_preview(site, page)
        if preview is not None:
            entry["image"] = preview[0]
        if published is not None:
            entry["date_published"] = published.isoformat()
        entry["date_modified"] = updated.isoformat()
        if page.authors:
            entry["authors"] = [{"name": a.name, "url": site.absolute(a.path)}
                                for a in page.authors]
        if page.tags:
            entry["tags"] = [tag.name for tag in page.tags]
        entries.append(entry)
    data = {
        "version": JSON_FEED_VERSION,
        "title": site.title,
        "home_page_url": site.absolute(page_path),
        "feed_url": site.absolute(feed_path),
        "description": site.description or site.title,
        "language": config.language,
        "authors": [{"name": site.title, "url": site.base_url}],
        "items": entries,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


# --- Dates -----------------------------------------------------------------------------

def _stamps(items: tuple[Page, ...]) -> list[tuple[dt.datetime | None, dt.datetime]]:
    """Each item's (published, updated) as the feed gives them, in the items' order.

    A date written without a time becomes noon UTC on that date (see `_calendar_stamp`).
    No two items share a published or an updated stamp: the W3C validator warns about it,
    and readers then order them as they like. Items with the same stamp get one second
    each, the oldest the stamp itself, the next one a second later, and so on: readers
    that sort by date keep the feed's order, and a new post on the same day leaves the
    stamps of the older ones as they were. They are worked out from the feed's own items
    (so a feed is made again only when they change), which can give one item stamps a
    second or two apart in two feeds; readers tell items apart by id, not by date.
    """
    used_published: set[dt.datetime] = set()
    used_updated: set[dt.datetime] = set()
    stamps: list[tuple[dt.datetime | None, dt.datetime]] = []
    for page in reversed(items):  # oldest first
        doc = page.document
        date = doc.date
        published = _free(_calendar_stamp(date, doc.date_only), used_published) \
            if date else None
        updated = _calendar_stamp(page.feed_date, doc.updated_date_only if doc.updated
                                  else doc.date_only)
        if published is not None and updated < published:  # never updated before it was out
            updated = published
        stamps.append((published, _free(updated, used_updated)))
    return stamps[::-1]


def _free(stamp: dt.datetime, used: set[dt.datetime]) -> dt.datetime:
    """`stamp`, or the first second after it that no other item of the feed has."""
    while stamp in used:  # datetimes compare as instants, whatever their zone
        stamp += _SECOND
    used.add(stamp)
    return stamp


def _calendar_stamp(value: dt.datetime, date_only: bool) -> dt.datetime:
    """A date written without a time as noon UTC on that date, other dates as written.

    Midnight in the site's zone (what "2025-10-05" reads as) is the day before for anyone
    west of it: 00:00+01:00 is 15:00 on 4 October in UTC-8. Noon UTC is the same calendar
    date everywhere from UTC-12 to UTC+11, which is nearly everyone who reads the feed;
    only the far Pacific (UTC+12 to +14) sees the next day.
    """
    if date_only:
        return dt.datetime.combine(value.date(), dt.time(12), tzinfo=dt.UTC)
    return value


# --- Content -----------------------------------------------------------------------------
# The body HTML has been through nh3 (html5ever's serialiser): every attribute is written
# as name="value", with & and " escaped in the value, and every element is closed.

_HEADERLINK = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a>', re.S)
_IFRAME = re.compile(r"<iframe\b([^>]*)>.*?</iframe>", re.S)
_ATTRIBUTE = re.compile(r'([a-zA-Z][a-zA-Z0-9-]*)="([^"]*)"')
_PARAGRAPH_OPEN = re.compile(r"<p\b")
_YOUTUBE = {"www.youtube.com", "youtube.com", "www.youtube-nocookie.com"}
_VIDEO = _YOUTUBE | {"player.vimeo.com"}


def feed_content(site: Site, page: Page, body: str, strings: Strings) -> str:
    """A page's body HTML (absolute links) as a feed entry carries it, what it says itself
    in `strings`' language."""
    body = _HEADERLINK.sub("", body)
    body = _without_embeds(body, strings)
    if page.kind == Kind.RESOURCE:
        body = _resource_facts(site, page, strings) + body
    return body


def _without_embeds(body: str, strings: Strings) -> str:
    """Each embedded player or document as a plain link to it, with its title.

    An iframe is dropped by most readers (and flagged by the W3C validator), so a video
    would vanish without a trace. A link is a paragraph of its own, unless the iframe was
    inside a paragraph already.
    """
    if "<iframe" not in body:
        return body
    out: list[str] = []
    end = 0
    for found in _IFRAME.finditer(body):
        attributes = {name: html.unescape(value)
                      for name, value in _ATTRIBUTE.findall(found.group(1))}
        url, fallback = _embed_link(attributes.get("src", ""), strings)
        text = " ".join(attributes.get("title", "").split()) or fallback
        link = f'<a href="{html.escape(url)}">{html.escape(text, quote=False)}</a>'
        before = body[:found.start()]
        in_paragraph = len(_PARAGRAPH_OPEN.findall(before)) > before.count("</p>")
        out += [body[end:found.start()], link if in_paragraph else f"<p>{link}</p>"]
        end = found.end()
    out.append(body[end:])
    return "".join(out)


def _embed_link(src: str, strings: Strings) -> tuple[str, str]:
    """(A public address for an embed's video or document, link text if it has no title.)
    YouTube's player becomes its watch page; other embeds open at their own address."""
    parts = urlsplit(src)
    host = (parts.hostname or "").lower()
    fallback = strings.text("feed.video" if host in _VIDEO else "feed.document")
    if host in _YOUTUBE and parts.path.startswith("/embed/"):
        video = parts.path.removeprefix("/embed/").strip("/")
        query = parse_qs(parts.query)
        if video == "videoseries" and query.get("list"):
            return "https://www.youtube.com/playlist?" + urlencode(
                {"list": query["list"][0]}), fallback
        if video and "/" not in video:
            watch = {"v": video}
            if query.get("start"):
                watch["t"] = query["start"][0]
            return "https://www.youtube.com/watch?" + urlencode(watch), fallback
    return src, fallback


def _resource_facts(site: Site, page: Page, strings: Strings) -> str:
    """What a resource is, before its text: the files, the licence, subjects, levels and
    type, and the line to credit it with. The resource's page shows the same."""
    def link(url: str, text: str) -> Markup:
        return Markup(f'<a href="{html.escape(url)}">{html.escape(text, quote=False)}</a>')

    def say(key: str, **named: object) -> str:
        """The table's words (markup, as a template's are), what is put in them escaped
        as the feed escapes text."""
        return str(strings.t(key, **{k: v if isinstance(v, Markup) else
                                     Markup(html.escape(str(v), quote=False))
                                     for k, v in named.items()}))

    parts: list[str] = []
    if page.files:
        files = "".join(
            "<li>" + say("feed.file", link=link(site.absolute(f.path), f.title),
                         extension=f.extension, size=strings.format_size(f.size)) + "</li>"
            for f in page.files)
        parts.append(f"<p>{say('feed.downloads')}</p>\n<ul>{files}</ul>")
    facts: list[str] = []
    if page.licence:
        name = (link(page.licence.url, page.licence.name) if page.licence.url
                else html.escape(page.licence.name, quote=False))
        facts.append(say("feed.licence", licence=Markup(name)))
    for kind, key in (("subjects", "feed.subjects"), ("levels", "feed.levels"),
                      ("types", "feed.type")):
        values = [link(site.absolute(f.path), f.label) for f in page.facets if f.kind == kind]
        if values:
            facts.append(say(key, values=Markup(", ".join(values))))
    if facts:
        parts.append("<p>" + "<br>\n".join(facts) + "</p>")
    parts.append("<p>" + say("feed.credit", credit=credit_line(site, page, strings)) + "</p>")
    return "\n".join(parts) + "\n<hr>\n"
