"""What an export holds, whatever wrote it: items (posts, pages, attachments, …), the old
site's address and its authors, read into plain values before anything is decided."""

from __future__ import annotations

from dataclasses import dataclass, field


class BadExport(Exception):
    """A file that cannot be imported: `path:line:col: what is wrong (how to fix)`. The
    command prints it and exits 1 with nothing written."""


@dataclass(frozen=True)
class Comment:
    """An approved comment: name, date and text only (no e-mail, address or website)."""

    name: str
    date: str
    html: str


@dataclass(frozen=True)
class Item:
    """One entry of an export, as the export has it (text cleaned, nothing decided)."""

    kind: str  # "post", "page", "attachment" or the export's own type ("nav_menu_item", …)
    title: str
    slug: str  # as exported (may be "")
    date: str  # "YYYY-MM-DD HH:MM" or "" when the export has none (0000-00-00)
    status: str  # "publish", "draft", "future", "private", "pending", "trash", "inherit", …
    link: str  # the old address, as the export gives it
    old_id: str  # the old feed entry id (WordPress <guid>, Blogger <id>)
    html: str
    line: int  # where the item starts in its file
    source: str  # the file's name, for messages
    author: str = ""  # display name
    excerpt: str = ""
    tags: tuple[str, ...] = ()  # display names, in order, "Uncategorized" already dropped
    terms: tuple[tuple[str, str, str], ...] = ()  # (domain, nicename, name) for redirects
    password: bool = False
    post_id: str = ""
    parent_id: str = ""
    attachment_url: str = ""
    thumbnail_id: str = ""
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class Author:
    login: str
    name: str  # display name; never an e-mail address


@dataclass
class Export:
    """One or more files of one blog, read."""

    format: str  # "wordpress", "blogger" or "feed"
    source: str
    site_link: str  # the old site's home address
    items: list[Item] = field(default_factory=list)
    authors: list[Author] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # repaired quirks, `file:line: …`
