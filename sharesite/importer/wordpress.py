"""WordPress WXR 1.0 to 1.2 (WordPress.org, WordPress.com, Edublogs, CampusPress) → `Export`.

Elements are found by their local name in any `wordpress.org/export/1.x/` namespace, so
every WXR version reads the same. Values are stripped (real exports wrap URLs in white
space); `0000-00-00` dates become "" (the caller picks another, with a warning).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sharesite.authoring.files import clean_text
from sharesite.importer.model import Author, BadExport, Comment, Export, Item
from sharesite.importer.xmlsafe import Parsed, local, namespace, text_of

_WP = "wordpress.org/export/"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})")
_DROPPED_TAGS = {"uncategorized", "uncategorised"}


def is_wordpress(parsed: Parsed) -> bool:
    root = parsed.root
    return local(root.tag) == "rss" and any(_WP in namespace(e.tag) for e in root.iter())


def _children(element: ET.Element, name: str, wp: bool | None = None) -> list[ET.Element]:
    return [c for c in element if local(c.tag) == name and
            (wp is None or (_WP in namespace(c.tag)) == wp)]


def _value(element: ET.Element, name: str, wp: bool | None = None) -> str:
    found = _children(element, name, wp)
    return text_of(found[0]).strip() if found else ""


def wp_date(raw: str) -> str:
    """"2012-01-05 10:30:00" → "2012-01-05 10:30"; "" for 0000-00-00 or anything else."""
    match = _DATE.match(raw.strip())
    if not match or match.group(1) == "0000" or match.group(2) == "00":
        return ""
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)} {match.group(4)}:{match.group(5)}"


def read(parsed: Parsed, name: str) -> Export:
    """The export's items and authors. Raises BadExport when it is not a WordPress export."""
    channel = parsed.root.find("channel")
    if not is_wordpress(parsed) or channel is None:
        raise BadExport(f"{name}:1:1: this is not a WordPress export (WXR): it has no "
                        "<rss> with wp: elements (in WordPress: Tools → Export → All content; "
                        "or pass --format blogger or --format feed)")
    export = Export("wordpress", name, _value(channel, "link", False) or
                    _value(channel, "base_blog_url"), warnings=list(parsed.warnings))
    if not _children(channel, "wxr_version"):
        export.warnings.append(f"{name}:1: warning: the export has no <wp:wxr_version>: read "
                               "as WXR 1.2 (repaired)")
    logins: dict[str, str] = {}
    for tag in ("author", "wp_author"):
        for element in _children(channel, tag, True):
            login = clean_text(_value(element, "author_login"))
            shown = clean_text(_value(element, "author_display_name")) or login
            if "@" in shown:  # a display name that is an e-mail address: not written
                shown = login if "@" not in login else ""
            if tag == "wp_author":
                export.warnings.append(f"{name}:{parsed.line(element)}: warning: "
                                       "<wp:wp_author> read as <wp:author> (repaired)")
            if login and login not in logins:
                logins[login] = shown
                export.authors.append(Author(login, shown))
    paths = category_paths(channel)
    for element in _children(channel, "item"):
        export.items.append(_item(parsed, element, name, logins, paths))
    return export


def category_paths(channel: ET.Element) -> dict[str, str]:
    """nicename → its address path under /category/ ("parent/child"): WordPress puts a
    child category's archive under its parents'. A loop of parents stops where it repeats."""
    parents = {_value(c, "category_nicename"): _value(c, "category_parent")
               for c in _children(channel, "category", True)}
    paths = {}
    for nicename in parents:
        chain = [nicename]
        while (parent := parents.get(chain[-1], "")) and parent not in chain:
            chain.append(parent)
        paths[nicename] = "/".join(reversed(chain))
    return paths


def _item(parsed: Parsed, element: ET.Element, name: str, logins: dict[str, str],
          paths: dict[str, str]) -> Item:
    line = parsed.line(element)
    meta = {_value(m, "meta_key"): _value(m, "meta_value")
            for m in _children(element, "postmeta", True)}  # text only, never unserialized
    terms: list[tuple[str, str, str]] = []
    tags: list[str] = []
    for category in _children(element, "category", False):
        domain = category.get("domain", "category")
        shown = clean_text(text_of(category))
        nicename = clean_text(category.get("nicename", "")).strip()
        if domain not in ("category", "post_tag") or not shown:
            continue
        if shown.casefold() in _DROPPED_TAGS or nicename in _DROPPED_TAGS:
            continue
        if domain == "category":
            nicename = paths.get(nicename, nicename)
        terms.append((domain, nicename, shown))
        if shown.casefold() not in {t.casefold() for t in tags}:
            tags.append(shown)
    comments = []
    for comment in _children(element, "comment", True):
        approved = _value(comment, "comment_approved") == "1"
        kind = _value(comment, "comment_type")
        if approved and kind in ("", "comment"):
            comments.append(Comment(clean_text(_value(comment, "comment_author")),
                                    wp_date(_value(comment, "comment_date")),
                                    _value(comment, "comment_content")))
    creator = clean_text(_value(element, "creator"))
    date = wp_date(_value(element, "post_date"))
    if not date:
        date = wp_date(_value(element, "post_date_gmt"))
    content = [c for c in _children(element, "encoded") if namespace(c.tag) == _CONTENT]
    excerpt = [c for c in _children(element, "encoded") if "excerpt" in namespace(c.tag)]
    return Item(
        kind=_value(element, "post_type") or "post",
        title=clean_text(_value(element, "title", False)),
        slug=_value(element, "post_name"),
        date=date,
        status=_value(element, "status") or "publish",
        link=_value(element, "link", False),
        old_id=_value(element, "guid", False),
        html=text_of(content[0]) if content else "",
        line=line,
        source=name,
        author=logins.get(creator, creator) if "@" not in creator else "",
        excerpt=text_of(excerpt[0]).strip() if excerpt else "",
        tags=tuple(tags),
        terms=tuple(terms),
        password=bool(_value(element, "post_password")),
        post_id=_value(element, "post_id"),
        parent_id=_value(element, "post_parent"),
        attachment_url=_value(element, "attachment_url"),
        thumbnail_id=meta.get("_thumbnail_id", "").strip(),
        comments=tuple(comments),
    )
