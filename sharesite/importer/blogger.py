"""Blogger's backup (Atom, "Back up content") and Google Takeout's feed.atom → `Export`.

The backup says what each entry is with a `kind#…` category (post, page, comment,
settings, template); drafts carry `<app:draft>yes</app:draft>`; comments are matched to
their post by `thr:in-reply-to`. Takeout's file (Blogger's 2018 schema) says it with
`<blogger:type>` and `<blogger:status>`, gives the old path in `<blogger:filename>` and a
comment's post in `<blogger:parent>`. Only published comments are read (not removed, spam
or waiting ones). An author's e-mail and profile address are never read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from sharesite.authoring.files import clean_text
from sharesite.importer.model import Author, BadExport, Comment, Export, Item
from sharesite.importer.xmlsafe import Parsed, local, text_of

_ATOM = "{http://www.w3.org/2005/Atom}"
_KIND = "http://schemas.google.com/g/2005#kind"
_LABEL = "http://www.blogger.com/atom/ns#"
_TAKEOUT = "{http://schemas.google.com/blogger/2018}"
# What the backup shows in place of a comment that was taken down: not a comment to keep.
_REMOVED = ("This comment has been removed by the author.",
            "This comment has been removed by a blog administrator.",
            "This post has been removed by the author.",
            "This post has been removed by a blog administrator.")


def is_blogger(parsed: Parsed) -> bool:
    root = parsed.root
    return root.tag == _ATOM + "feed" and (is_takeout(parsed) or any(
        c.get("scheme") == _KIND and "blogger" in c.get("term", "")
        for c in root.iter(_ATOM + "category")))


def is_takeout(parsed: Parsed) -> bool:
    """Google Takeout's feed.atom: entries typed with `<blogger:type>`."""
    return any(True for _ in parsed.root.iter(_TAKEOUT + "type"))


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


def _published_comment(text: str) -> bool:
    return text.strip() not in _REMOVED


def read(parsed: Parsed, name: str) -> Export:
    """The backup's posts, pages and comments. Raises BadExport when it is not Blogger's."""
    root = parsed.root
    if not is_blogger(parsed):
        raise BadExport(f"{name}:1:1: this is not a Blogger export: it has no Atom <feed> "
                        "with Blogger's kind categories (in Blogger: Settings → Back up "
                        "content; or pass --format wordpress or --format feed)")
    if is_takeout(parsed):
        return _read_takeout(parsed, name)
    export = Export("blogger", name, _link(root, "alternate"), warnings=list(parsed.warnings))
    comments: dict[str, list[Comment]] = {}
    entries = root.findall(_ATOM + "entry")
    for entry in entries:
        if _kind(entry) != "comment":
            continue
        reply = next((e for e in entry if local(e.tag) == "in-reply-to"), None)
        if reply is None or not _published_comment(text_of(entry.find(_ATOM + "content"))):
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


def _read_takeout(parsed: Parsed, name: str) -> Export:
    """Takeout's feed.atom: typed entries, the old path in <blogger:filename>."""
    root = parsed.root
    entries = root.findall(_ATOM + "entry")
    link = next((h for h in (_link(e, "alternate") for e in entries) if h), "")
    parts = urlsplit(link)
    home = f"{parts.scheme}://{parts.netloc}/" if parts.netloc else ""
    export = Export("blogger", name, home, warnings=list(parsed.warnings))
    comments: dict[str, list[Comment]] = {}
    for entry in entries:
        if text_of(entry.find(_TAKEOUT + "type")).strip().upper() != "COMMENT":
            continue
        text = text_of(entry.find(_ATOM + "content"))
        if text_of(entry.find(_TAKEOUT + "status")).strip().upper() != "LIVE" or \
                not _published_comment(text):
            continue  # removed, spam or waiting for approval: not published on the blog
        comments.setdefault(text_of(entry.find(_TAKEOUT + "parent")).strip(), []).append(
            Comment(clean_text(text_of(entry.find(_ATOM + "author/" + _ATOM + "name"))),
                    _date(text_of(entry.find(_ATOM + "published"))), text))
    names: list[str] = []
    statuses = {"LIVE": "publish", "DRAFT": "draft", "SCHEDULED": "future",
                "SOFT_TRASHED": "trash", "DELETED": "trash"}
    for entry in entries:
        kind = text_of(entry.find(_TAKEOUT + "type")).strip().lower()
        if kind not in ("post", "page"):
            if kind and kind != "comment":
                export.items.append(Item(kind, "", "", "", "skip", "", "", "",
                                         parsed.line(entry), name))
            continue
        old_id = text_of(entry.find(_ATOM + "id")).strip()
        author = clean_text(text_of(entry.find(_ATOM + "author/" + _ATOM + "name")))
        if author and "@" not in author and author not in names:
            names.append(author)
        tags: list[str] = []
        for category in entry.findall(_ATOM + "category"):
            term = clean_text(category.get("term", ""))
            if term and category.get("scheme") != _KIND and term not in tags:
                tags.append(term)
        path = text_of(entry.find(_TAKEOUT + "filename")).strip()
        status = text_of(entry.find(_TAKEOUT + "status")).strip().upper()
        export.items.append(Item(
            kind=kind,
            title=clean_text(text_of(entry.find(_ATOM + "title"))),
            slug="",
            date=_date(text_of(entry.find(_ATOM + "published"))),
            status=statuses.get(status, "draft"),
            link=(home.rstrip("/") + path if home and path.startswith("/") else
                  _link(entry, "alternate") or path),
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
