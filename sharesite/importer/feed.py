"""A plain RSS 2.0 or Atom feed → `Export`: the last resort when a blog gives nothing
better (only the newest posts, often shortened; the report says so)."""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET

from sharesite.authoring.files import clean_text
from sharesite.importer.model import BadExport, Export, Item
from sharesite.importer.xmlsafe import Parsed, local, namespace, text_of

_ATOM = "{http://www.w3.org/2005/Atom}"


def is_feed(parsed: Parsed) -> bool:
    return local(parsed.root.tag) in ("rss", "feed")


def _rss_date(raw: str) -> str:
    try:
        when = email.utils.parsedate_to_datetime(raw.strip())
    except (TypeError, ValueError, IndexError):
        return ""
    return when.strftime("%Y-%m-%d %H:%M")


def _first(element: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        for child in element:
            if local(child.tag) == name:
                return child
    return None


def read(parsed: Parsed, name: str) -> Export:
    root = parsed.root
    if not is_feed(parsed):
        raise BadExport(f"{name}:1:1: this is not a feed, a WordPress export or a Blogger "
                        "export (export the blog from its dashboard and import that file)")
    if local(root.tag) == "rss":
        channel = root.find("channel")
        if channel is None:
            raise BadExport(f"{name}:1:1: this RSS file has no <channel> (import a complete "
                            "feed or the blog's export)")
        export = Export("feed", name, text_of(channel.find("link")).strip(),
                        warnings=list(parsed.warnings))
        for item in channel.findall("item"):
            content = next((c for c in item if local(c.tag) == "encoded" and
                            "content" in namespace(c.tag)), None)
            creator = _first(item, "creator", "author")
            export.items.append(Item(
                "post", clean_text(text_of(item.find("title"))), "",
                _rss_date(text_of(item.find("pubDate"))), "publish",
                text_of(item.find("link")).strip(), text_of(item.find("guid")).strip() or
                text_of(item.find("link")).strip(),
                text_of(content) if content is not None else text_of(item.find("description")),
                parsed.line(item), name,
                author=clean_text(text_of(creator)) if "@" not in text_of(creator) else "",
                tags=tuple(dict.fromkeys(clean_text(text_of(c)) for c in item.findall("category")
                                         if text_of(c).strip()))))
        return export
    alternate = next((link.get("href", "") for link in root.findall(_ATOM + "link")
                      if link.get("rel", "alternate") == "alternate"), "")
    export = Export("feed", name, alternate.strip(), warnings=list(parsed.warnings))
    for entry in root.findall(_ATOM + "entry"):
        link = next((lk.get("href", "") for lk in entry.findall(_ATOM + "link")
                     if lk.get("rel", "alternate") == "alternate"), "")
        body = entry.find(_ATOM + "content")
        if body is None:
            body = entry.find(_ATOM + "summary")
        raw_date = text_of(_first(entry, "published", "updated")).strip()
        author = clean_text(text_of(entry.find(f"{_ATOM}author/{_ATOM}name")))
        export.items.append(Item(
            "post", clean_text(text_of(entry.find(_ATOM + "title"))), "",
            f"{raw_date[:10]} {raw_date[11:16]}" if len(raw_date) >= 16 else "", "publish",
            link.strip(), text_of(entry.find(_ATOM + "id")).strip(), text_of(body),
            parsed.line(entry), name, author=author if "@" not in author else "",
            tags=tuple(dict.fromkeys(clean_text(c.get("term", ""))
                                     for c in entry.findall(_ATOM + "category")
                                     if c.get("term", "").strip()))))
    return export
