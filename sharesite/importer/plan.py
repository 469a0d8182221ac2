"""Exports → the files of the site: which items are written and how, their media, their
old addresses, and a report line for every loss or change. Nothing is written here."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from sharesite.authoring.files import (
    author_profile,
    clean_text,
    free_slug,
    front_matter,
    slugs_in_use,
)
from sharesite.config import SiteConfig
from sharesite.content.markdown import MarkdownRenderer
from sharesite.importer import addresses, media
from sharesite.importer import html as html_mod
from sharesite.importer.model import Export, Item
from sharesite.importer.shortcodes import Shortcodes, convert
from sharesite.places import site_cache
from sharesite.site.urls import slug_for

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_FRONT = re.compile(r"\A\s*---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True)
class Options:
    format: str | None = None
    media: Path | None = None
    download_media: bool = False
    comments: str = "none"  # "none" | "archive"
    include_private: bool = False
    dry_run: bool = False


@dataclass
class Plan:
    """What an import would write, and everything the report says about it."""

    files: dict[str, bytes] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    items_in: int = 0
    written: Counter[str] = field(default_factory=Counter)  # "post", "page", "draft", …
    skipped: Counter[str] = field(default_factory=Counter)  # reason → count
    aliases: int = 0
    reported: list[str] = field(default_factory=list)  # old addresses not redirected
    lines: list[str] = field(default_factory=list)  # one per loss or change
    warnings: list[str] = field(default_factory=list)  # repaired quirks, file:line
    kept_html: int = 0
    unknown_shortcodes: Counter[str] = field(default_factory=Counter)
    removed: int = 0
    media_copied: int = 0
    media_missing: int = 0


def existing_ids(content: Path) -> set[str]:
    """The `id:` of every post and page already in the site (an earlier import)."""
    found = set()
    for folder in ("posts", "pages"):
        base = content / folder
        if not base.is_dir():
            continue
        for path in base.rglob("*.md"):
            try:
                match = _FRONT.match(path.read_text(encoding="utf-8-sig"))
                data = yaml.safe_load(match.group(1)) if match and "id:" in match.group(1) \
                    else None
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                continue
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                found.add(data["id"])
    return found


def fallback_date(export: Export) -> str:
    """The date for an item the export gives none (0000-00-00): the newest date in the
    export that has passed (never a scheduled post's: a draft dated in the future would
    vanish from the site on the day it is published), else 2000-01-01 (said in the
    warning). Never today: the same export must give the same bytes on another day."""
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    past = sorted(i.date for i in export.items if i.date and i.date <= today)
    return past[-1] if past else "2000-01-01 00:00"


def _profile_name(path: Path) -> str:
    """The `name:` of an author profile, "" when it cannot be read."""
    try:
        match = _FRONT.match(path.read_text(encoding="utf-8-sig"))
        data = yaml.safe_load(match.group(1)) if match else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) else ""


class Planner:
    def __init__(self, config: SiteConfig, options: Options) -> None:
        self.config = config
        self.options = options
        self.plan = Plan()
        self.renderer = MarkdownRenderer(config.unsafe_html)
        self.done = existing_ids(config.content_dir)
        self.taken: dict[str, set[str]] = {}  # slugs in use, by section
        self.author_ids: dict[str, str] = {}
        self.local = media.LocalMedia(options.media) if options.media else None
        self.fetched: dict[str, media.Fetched] = {}

    def add(self, export: Export) -> None:
        plan = self.plan
        plan.warnings.extend(export.warnings)
        old = addresses.OldSite(export.site_link)
        new_host = urlsplit(self.config.base_url).hostname or ""
        by_id = {i.post_id: i for i in export.items if i.kind == "attachment" and i.post_id}
        children: dict[str, list[Item]] = {}
        for item in by_id.values():
            children.setdefault(item.parent_id, []).append(item)
        fallback = fallback_date(export)
        terms: set[tuple[str, str, str]] = set()
        labels: set[str] = set()
        months: set[str] = set()
        logins: dict[str, str] = {}
        wanted = [i for i in export.items if self._wanted(i)]
        if self.options.download_media:
            self._download(export, wanted, by_id, old.host)
        for item in wanted:
            written = self._item(item, export, old, by_id, children, fallback)
            if written and item.kind == "post" and item.status in ("publish", "future"):
                terms.update(item.terms)
                labels.update(t for d, _, t in item.terms if d == "label")
                months.add(item.date[:7])
                login = next((a.login for a in export.authors if a.name == item.author), "")
                if login and item.author in self.author_ids:
                    logins[login] = self.author_ids[item.author]
        if export.format == "wordpress":
            plan.redirects.update(addresses.wordpress_redirects(terms, logins, months))
        elif export.format == "blogger":
            plan.redirects.update(addresses.blogger_redirects(labels, months))
            plan.reported.extend(addresses.label_feed_notes(labels))
        if old.host and new_host and old.host.removeprefix("www.") != \
                new_host.removeprefix("www."):
            plan.lines.append(addresses.domain_advice(old.host, new_host, export.format))

    def _wanted(self, item: Item) -> bool:
        plan = self.plan
        plan.items_in += 1
        where = f"{item.source}:{item.line}"
        if item.kind not in ("post", "page"):
            plan.skipped[f"{item.kind} (not a post or page)"] += 1
            return False
        if item.status in ("trash", "auto-draft", "inherit", "skip"):
            plan.skipped[f"{item.status} {item.kind}"] += 1
            return False
        if (item.status == "private" or item.password) and not self.options.include_private:
            plan.skipped["private or password-protected (not written: a public site is "
                         "public; --include-private writes them as drafts)"] += 1
            plan.lines.append(f"{where}: skipped {item.kind} {item.title!r}: "
                              f"{'private' if item.status == 'private' else 'password-protected'}")
            return False
        if item.old_id and item.old_id in self.done:
            plan.skipped["already imported (same id)"] += 1
            return False
        return True

    def _slug(self, item: Item, where: str) -> tuple[str, str]:
        """(the slug the item gets, the one it would have in an empty site)."""
        raw = unquote(item.slug)
        if _BIDI.search(raw):
            self.plan.warnings.append(f"{where}: warning: the slug has right-to-left or other "
                                      "direction controls: removed (repaired)")
        slug = slug_for(clean_text(raw))
        if not slug:
            last = unquote(urlsplit(item.link).path.rstrip("/").rsplit("/", 1)[-1])
            slug = slug_for(re.sub(r"\.html?$", "", last)) if "?" not in item.link else ""
        if not slug:
            slug = slug_for(item.title) or f"{item.kind}-{slug_for(item.post_id) or 'untitled'}"
            if not item.slug and item.source.endswith(".xml") and item.kind in ("post", "page"):
                self.plan.warnings.append(f"{where}: warning: empty slug: made {slug!r} from "
                                          "the title (repaired)")
        slug = slug[:72].strip("-") or "untitled"
        section, base = ("posts" if item.kind == "post" else "pages"), slug
        taken = self.taken.get(section)
        if taken is None:  # the site's own items, found once an import, not once an item
            taken = self.taken[section] = slugs_in_use(self.config, section)
        slug = free_slug(self.config, section, slug,
                         lambda s: (f"content/{section}/{s}", f"content/{section}/{s}.md"),
                         taken)
        taken.add(slug)  # and this import's
        if not _SLUG.fullmatch(slug):
            raise AssertionError(f"sharesite bug: {slug!r} is not a slug")
        return slug, base

    def _imported(self, section: str, base: str, slug: str, text: bytes) -> bool:
        """Whether an earlier import wrote this item (one without an old id) as the same
        bytes under its slug or a numbered one: the text never depends on which."""
        for n in range(1, 100):
            candidate = base if n == 1 else f"{base}-{n}"
            if candidate == slug:
                continue
            for rel in (f"{section}/{candidate}/index.md", f"{section}/{candidate}.md"):
                path = self.config.content_dir / rel
                if path.is_file() and path.read_bytes() == text:
                    return True
        return False

    def _item(self, item: Item, export: Export, old: addresses.OldSite,
              by_id: dict[str, Item], children: dict[str, list[Item]], fallback: str) -> bool:
        plan = self.plan
        where = f"{item.source}:{item.line}"
        slug, base = self._slug(item, where)
        title = item.title
        if not title:
            title = base.replace("-", " ").capitalize() or "Untitled"
            plan.warnings.append(f"{where}: warning: empty title: used {title!r} (repaired)")
        draft = item.status not in ("publish", "future") or item.password
        date = item.date
        if not date:
            date = fallback
            plan.warnings.append(f"{where}: warning: no date (0000-00-00): used {date} "
                                 "(repaired)")
        folder = f"posts/{slug}" if item.kind == "post" else f"pages/{slug}"
        found = Shortcodes()

        def gallery(ids: list[str]) -> list[tuple[str, str]]:
            chosen = [by_id[i] for i in ids if i in by_id] if ids else \
                children.get(item.post_id, [])
            return [(a.attachment_url, a.title) for a in chosen if a.attachment_url]

        text = item.html
        if export.format == "wordpress":
            text = html_mod.autop(convert(text, gallery, found))
        names, data = self._media(item, text, by_id, old.host, where)
        text = media.rewrite(text, names)
        body = html_mod.body(self.renderer, text, folder)
        for what in body.removed:
            plan.lines.append(f"{where}: removed {what} from {title!r}")
        plan.removed += len(body.removed)
        if not body.markdown:
            plan.kept_html += 1
            plan.lines.append(f"{where}: {title!r} kept as HTML: as Markdown its shown words "
                              "would change")
        for name, count in found.unknown.items():
            plan.unknown_shortcodes[name] += count
            times = "1 time" if count == 1 else f"{count} times"
            plan.lines.append(f"{where}: shortcode [{name}] left as text ({times}) in "
                              f"{title!r}")
        text_out = body.text
        if self.options.comments == "archive" and item.comments:
            text_out += "\n## Comments (archived)\n\n" + "\n".join(
                f"**{html_mod.without_emails(c.name) or 'A reader'}**"
                f"{', ' + c.date[:10] if c.date else ''}:\n\n"
                f"{html_mod.comment_text(c.html)}" for c in item.comments)
        elif item.comments:
            plan.skipped["comments (--comments archive keeps approved ones)"] += \
                len(item.comments)
        matter: dict[str, Any] = {"title": title}
        if item.kind == "post" or item.date:
            matter["date"] = date
        if draft:
            matter["draft"] = True
        summary = body.summary or clean_text(html_mod.plain(html_mod.sanitise(item.excerpt)))
        if summary:
            matter["summary"] = summary
        if item.kind == "post" and item.tags:
            matter["tags"] = list(item.tags)
        if item.kind == "post" and item.author:
            matter["authors"] = [self._author(item.author)]
        cover = by_id.get(item.thumbnail_id)
        if item.kind == "post" and cover and cover.attachment_url:
            cover_name = names.get(media.original(cover.attachment_url))
            if cover_name:
                matter["cover"] = cover_name
                matter["cover_alt"] = cover.title or title
        path, problem = old.path(item.link)
        section = "posts" if item.kind == "post" else "pages"
        new_path = "/" + f"{section}/{base}".removeprefix("pages/") + "/"
        if path and path in (new_path, new_path.rstrip("/")) and slug != base:
            problem = f"its old address {path} is another page's on the new site"
        elif path and path not in (new_path, new_path.rstrip("/")):
            matter["aliases"] = [path]
        if item.old_id:
            matter["id"] = item.old_id
        text = front_matter(matter) + ("\n" + text_out if text_out else "")
        if item.kind == "post" or data:
            index = f"content/{folder}/index.md"
        else:
            index = f"content/{folder}.md"
        if not item.old_id and slug != base and self._imported(section, base, slug,
                                                               text.encode("utf-8")):
            plan.skipped["already imported (same text)"] += 1
            return False
        if "aliases" in matter:
            plan.aliases += 1
        elif problem:
            plan.reported.append(f"{where}: {title!r}: {problem}")
        plan.files[index] = text.encode("utf-8")
        for name, content in data.items():
            plan.files[f"content/{folder}/{name}"] = content
        kind = "draft" if draft else item.kind
        if item.status == "future":
            kind = "scheduled post"
        if item.status == "private" or item.password:
            kind = "private (as a draft)"
        plan.written[kind] += 1
        return True

    def _author(self, name: str) -> str:
        """The id of the profile for `name`: the one `files.author_profile` finds when that
        profile is this person's (its name is `name`), else a new one. A profile found only
        because its name slugs the same ("Ms Smith", "Ms. Smith") is someone else's, as is
        an id this import gave to another name: neither is overwritten or shared."""
        if name in self.author_ids:
            return self.author_ids[name]
        authors = self.config.content_dir / "authors"
        author_id, profile = author_profile(self.config, name, "author", "")
        taken = set(self.author_ids.values())
        if profile is None and (author_id in taken or _profile_name(
                authors / f"{author_id}.md").casefold() != name.casefold()):
            same = next((p.stem for p in sorted(authors.glob("*.md"))
                         if _profile_name(p).casefold() == name.casefold()), None)
            if same is not None and same not in taken:
                author_id = same
            else:
                base, n = slug_for(name) or "author", 1
                author_id = base
                while author_id in taken or (authors / f"{author_id}.md").exists():
                    n += 1
                    author_id = f"{base}-{n}"
                profile = (f"content/authors/{author_id}.md", front_matter({"name": name}))
        elif profile is not None and author_id in taken:
            base, n = author_id, 1
            while author_id in taken or (authors / f"{author_id}.md").exists():
                n += 1
                author_id = f"{base}-{n}"
            profile = (f"content/authors/{author_id}.md", profile[1])
        self.author_ids[name] = author_id
        if profile:
            self.plan.files[profile[0]] = profile[1].encode("utf-8")
            self.plan.written["author profile"] += 1
        return author_id

    def _urls(self, item: Item, text: str, by_id: dict[str, Item], host: str) -> list[str]:
        urls = [u for u in media.references(text) if media.is_media(u, host)]
        cover = by_id.get(item.thumbnail_id)
        if cover and cover.attachment_url:
            urls.append(cover.attachment_url)
        return list(dict.fromkeys(media.original(u) for u in urls))

    def _download(self, export: Export, items: list[Item], by_id: dict[str, Item],
                  host: str) -> None:
        urls = []
        for item in items:
            urls.extend(self._urls(item, item.html, by_id, host))
        missing = [u for u in dict.fromkeys(urls) if not (self.local and self.local.find(u))]
        if missing:
            self.fetched.update(media.download(missing, site_cache(self.config.root) /
                                               "import-media"))

    def _media(self, item: Item, text: str, by_id: dict[str, Item], host: str,
               where: str) -> tuple[dict[str, str], dict[str, bytes]]:
        """(original address → file name, file name → bytes) for the post's files found."""
        names: dict[str, str] = {}
        data: dict[str, bytes] = {}
        if not (self.local or self.options.download_media):
            urls = self._urls(item, text, by_id, host)
            if urls:
                self.plan.lines.append(f"{where}: {len(urls)} file(s) still on the old site "
                                       "(import with --media DIR or --download-media)")
            return names, data
        for url in self._urls(item, text, by_id, host):
            found = self.local.find(url) if self.local else None
            problem = "not in --media"
            if found is None and self.options.download_media and url not in self.fetched:
                self.fetched.update(media.download([url], site_cache(self.config.root) /
                                                   "import-media"))
            if found is None and url in self.fetched:
                found = self.fetched[url].data
                problem = self.fetched[url].problem
            if found is None:
                self.plan.media_missing += 1
                self.plan.lines.append(f"{where}: media not found: {url} ({problem})")
                continue
            name, n = media.file_name(url), 1
            stem, _, ext = name.rpartition(".")
            while name in data or name == "index.md":
                n += 1
                name = f"{stem}-{n}.{ext}"
            data[name] = found
            names[url] = name
            self.plan.media_copied += 1
        return names, data
