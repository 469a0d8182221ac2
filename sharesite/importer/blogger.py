"""Blogger's backup (Atom, "Back up content") and Google Takeout's feed.atom → `Export`.

Each entry says what it is with a `kind#…` category (post, page, comment, settings,
template); drafts carry `<app:draft>yes</app:draft>`. Comments are matched to their post
by `thr:in-reply-to`. An author's e-mail and profile address are never read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sharesite.authoring.files import clean_text
from sharesite.importer.model import Author, BadExport, Comment, Export, Item
from sharesite.importer.xmlsafe import Parsed, local, text_of

_ATOM = "{http://www.w3.org/2005/Atom}"
_KIND = "http://schemas.google.com/g/2005#kind"
_LABEL = "http://www.blogger.com/atom/ns#"


def is_blogger(parsed: Parsed) -> bool:
    root = parsed.root
    return root.tag == _ATOM + "feed" and any(
        c.get("scheme") == _KIND and "blogger" in c.get("term", "")
        for c in root.iter(_ATOM + "category"))


def _kind(entry: ET.Element) -> str:
    for category in entry.findall(_ATOM + "category"):
        if category.get("scheme") == _KIND:
            return category.get("term", "").rsplit("#", 1)[-1]
    return ""


def _link(entry: ET.Element, rel: str) -> str:
    for link in entry.findall(_ATOM + "link"):
        if link.get("rel") == rel and link.get("type", "text/html") == "text/html":
            return link.get("href", "").strip()
    return ""


def _date(raw: str) -> str:
    raw = raw.strip()
    return f"{raw[:10]} {raw[11:16]}" if len(raw) >= 16 and raw[:4] != "0000" else ""


def read(parsed: Parsed, name: str) -> Export:
    """The backup's posts, pages and comments. Raises BadExport when it is not Blogger's."""
    root = parsed.root
    if not is_blogger(parsed):
        raise BadExport(f"{name}:1:1: this is not a Blogger export: it has no Atom <feed> "
                        "with Blogger's kind categories (in Blogger: Settings → Back up "
                        "content; or pass --format wordpress or --format feed)")
    export = Export("blogger", name, _link(root, "alternate"), warnings=list(parsed.warnings))
    comments: dict[str, list[Comment]] = {}
    entries = root.findall(_ATOM + "entry")
    for entry in entries:
        if _kind(entry) != "comment":
            continue
        reply = next((e for e in entry if local(e.tag) == "in-reply-to"), None)
        if reply is None:
            continue
        comments.setdefault(reply.get("ref", "").strip(), []).append(Comment(
            clean_text(text_of(entry.find(_ATOM + "author/" + _ATOM + "name"))),
            _date(text_of(entry.find(_ATOM + "published"))),
            text_of(entry.find(_ATOM + "content"))))
    names: list[str] = []
    for entry in entries:
        kind = _kind(entry)
        if kind not in ("post", "page"):
            if kind:
                export.items.append(Item(kind, "", "", "", "skip", "", "", "",
                                         parsed.line(entry), name))
            continue
        control = next((e for e in entry.iter() if local(e.tag) == "draft"), None)
        draft = text_of(control).strip() == "yes"
        old_id = text_of(entry.find(_ATOM + "id")).strip()
        author = clean_text(text_of(entry.find(_ATOM + "author/" + _ATOM + "name")))
        if author and "@" not in author and author not in names:
            names.append(author)
        tags = []
        for category in entry.findall(_ATOM + "category"):
            term = clean_text(category.get("term", ""))
            if category.get("scheme") == _LABEL and term and term not in tags:
                tags.append(term)
        export.items.append(Item(
            kind=kind,
            title=clean_text(text_of(entry.find(_ATOM + "title"))),
            slug="",
            date=_date(text_of(entry.find(_ATOM + "published"))),
            status="draft" if draft else "publish",
            link=_link(entry, "alternate"),
            old_id=old_id,
            html=text_of(entry.find(_ATOM + "content")),
            line=parsed.line(entry),
            source=name,
            author=author if "@" not in author else "",
            tags=tuple(tags),
            terms=tuple(("label", t, t) for t in tags),
            comments=tuple(comments.get(old_id, ())),
        ))
    export.authors = [Author(n, n) for n in names]
    return export
