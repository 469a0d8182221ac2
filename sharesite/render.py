"""Site + theme → every output file, in memory: pages, feeds, sitemap, copies.

Each page is a pure function of its own document, the config, the templates and the
part of the site it lists, so pages can be cached and rendered in parallel.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from sharesite.feeds import build_feed
from sharesite.library import catalogue, credit_line, filter_data, filters, schema
from sharesite.links import resolve
from sharesite.metadata import FeedLink, Meta, list_meta, page_meta
from sharesite.site import Page, Site, Urls
from sharesite.theme import Theme


@dataclass(frozen=True)
class Output:
    """One file of the built site: bytes to write, or a file to copy."""

    path: str  # relative to the output folder, POSIX
    data: bytes | None = None
    copy_from: Path | None = None


@dataclass(frozen=True)
class Pagination:
    number: int
    total: int
    prev_path: str
    next_path: str


class TemplateFailure(Exception):
    """A theme template failed: carries the template file and line for the message."""

    def __init__(self, template: str, line: int, message: str) -> None:
        super().__init__(f"{template}:{line}: {message}")
        self.template = template
        self.line = line
        self.message = message


def render_site(site: Site, theme: Theme) -> list[Output]:
    renderer = _Renderer(site, theme)
    return renderer.all()


class _Renderer:
    def __init__(self, site: Site, theme: Theme) -> None:
        self.site = site
        self.theme = theme
        self.globals: dict[str, Any] = {
            "site": site,
            "url": site.href,
            "absolute_url": site.absolute,
            "format_date": format_date,
            "iso_date": iso_date,
            "human_size": human_size,
            "filter_data": filter_data,
            "search_enabled": site.config.search,
        }
        # Globals, so that macros imported without context can call the helpers too.
        theme.env.globals.update(self.globals)

    def content(self, page: Page, absolute: bool = False) -> str:
        return resolve(page.document.body_html, self.site.urls, self.site.config, page.path,
                       absolute)

    def page(self, template: str, path: str, meta: Meta, **context: Any) -> Output:
        try:
            tmpl = self.theme.env.get_template(template)
            text = tmpl.render(self.globals, current=path, meta=meta, **context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateFailure(exc.filename or template, exc.lineno,
                                  exc.message or "") from exc
        except jinja2.TemplateError as exc:
            raise _failure(template, exc) from exc
        return Output(Urls.file(path), text.encode("utf-8"))

    def all(self) -> list[Output]:
        site = self.site
        out: list[Output] = []
        posts = site.posts
        for index, post in enumerate(posts):
            out.append(self.item(post, newer=posts[index - 1] if index > 0 else None,
                                 older=posts[index + 1] if index + 1 < len(posts) else None))
        for page in site.resources + site.pages:
            out.append(self.item(page))
        pages = site.home_pages()
        for number, posts in enumerate(pages, start=1):
            pagination = Pagination(
                number, len(pages),
                Urls.home_page(number - 1) if number > 1 else "",
                Urls.home_page(number + 1) if number < len(pages) else "")
            path = Urls.home_page(number)
            heading = "" if number == 1 else f"Page {number}"
            out.append(self.page("home.html", path, list_meta(site, path, heading),
                                 posts=posts, pagination=pagination,
                                 latest_resources=site.resources[:3] if number == 1 else ()))
        out.append(self.page("tags.html", Urls.tags, list_meta(site, Urls.tags, "Tags"),
                             tags=site.tags))
        for tag in site.tags:
            feed = FeedLink(f"{site.title}: {tag.name}", tag.feed_path, "atom")
            items = site.tagged[tag.key]
            out.append(self.page("tag.html", tag.path,
                                 list_meta(site, tag.path, f"Tagged “{tag.name}”",
                                           own_feed=feed), tag=tag, items=items))
            out.append(self.feed(feed.title, tag.feed_path, tag.path, items))
        out.append(self.page("authors.html", Urls.authors,
                             list_meta(site, Urls.authors, "Authors"), authors=site.authors))
        for author in site.authors:
            feed = FeedLink(f"{site.title}: {author.name}", author.feed_path, "atom")
            items = site.by_author[author.id]
            out.append(self.page("author.html", author.path,
                                 list_meta(site, author.path, author.name, author.summary,
                                           own_feed=feed),
                                 author=author, items=items))
            out.append(self.feed(feed.title, author.feed_path, author.path, items))
        years: dict[int, list[Page]] = {}
        for post in site.posts:
            years.setdefault(post.sort_key[0].year, []).append(post)
        out.append(self.page("archive.html", Urls.archive,
                             list_meta(site, Urls.archive, "Archive"),
                             years=tuple((y, tuple(p)) for y, p in years.items())))
        out.append(self.page("resources.html", Urls.resources,
                             list_meta(site, Urls.resources, "Resource library"),
                             resources=site.resources, filters=filters(site)))
        for kind in site.facets.values():
            for facet in kind:
                feed = FeedLink(f"{site.title}: {facet.group.lower()} {facet.label}",
                                facet.feed_path, "atom")
                items = site.faceted[facet.path]
                out.append(self.page("facet.html", facet.path,
                                     list_meta(site, facet.path,
                                               f"{facet.group}: {facet.label}",
                                               f"Teaching resources for {facet.label}",
                                               own_feed=feed),
                                     facet=facet, resources=items))
                out.append(self.feed(feed.title, facet.feed_path, facet.path, items))
        out.append(Output(Urls.catalogue, catalogue(site)))
        out.append(Output(Urls.catalogue_schema, schema()))
        if site.config.search:
            out.append(self.page("search.html", Urls.search,
                                 list_meta(site, Urls.search, "Search")))
        out.append(self.page("404.html", Urls.not_found,
                             list_meta(site, Urls.not_found, "Page not found",
                                       robots="noindex")))
        for alias, page in site.aliases:
            text = self.theme.env.get_template("redirect.html").render(
                self.globals, target=site.absolute(page.path))
            out.append(Output(alias, text.encode("utf-8")))
        out.append(self.feed(site.title, Urls.feed, Urls.home, site.items))
        out.append(self.feed(site.title, Urls.rss, Urls.home, site.items, kind="rss"))
        out.append(self.feed(f"{site.title}: resources", Urls.resources_feed, Urls.resources,
                             site.resources))
        out.append(Output(Urls.sitemap, sitemap(site)))
        if site.config.base_path == "/":
            out.append(Output(Urls.robots, robots(site)))
        for name, file in self.theme.static_files().items():
            out.append(Output(name, copy_from=file))
        for rel, target in site.copies:
            out.append(Output(target, copy_from=site.config.content_dir / rel))
        return out

    def item(self, page: Page, newer: Page | None = None, older: Page | None = None) -> Output:
        context: dict[str, Any] = {"page": page, "content": Markup(self.content(page))}
        if page.kind == "post":
            context["newer"] = newer
            context["older"] = older
        elif page.kind == "resource":
            context["adapted_by"] = self.site.adapted_by.get(page.path, ())
            context["credit"] = credit_line(self.site, page)
        return self.page(f"{page.kind}.html", page.path, page_meta(self.site, page), **context)

    def feed(self, title: str, feed_path: str, page_path: str, items: tuple[Page, ...],
             kind: str = "atom") -> Output:
        content_for: Callable[[Page], str] = lambda p: self.content(p, absolute=True)  # noqa: E731
        return Output(feed_path, build_feed(self.site, title, feed_path, page_path, items,
                                            content_for, kind))


def _failure(template: str, exc: jinja2.TemplateError) -> TemplateFailure:
    """The template file and line where rendering failed, from the traceback."""
    tb = exc.__traceback__
    name, line = template, 0
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_globals.get("__jinja_template__") is not None or \
                frame.f_code.co_filename.endswith(".html"):
            name = frame.f_code.co_filename
            line = tb.tb_lineno
        tb = tb.tb_next
    message = str(exc.message or exc) if isinstance(exc, jinja2.UndefinedError) else str(exc)
    return TemplateFailure(name, line, message)


def format_date(value: dt.datetime | dt.date) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def iso_date(value: dt.datetime | dt.date) -> str:
    return value.isoformat()


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    for unit in ("KB", "MB", "GB"):
        size_f = size / 1024
        if size_f < 1024 or unit == "GB":
            return f"{size_f:.0f} {unit}" if size_f >= 10 else f"{size_f:.1f} {unit}"
        size = int(size_f)
    return f"{size} bytes"


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
    for tag in site.tags:
        entries.append((tag.path, site.tagged[tag.key][0].feed_date))
    entries.append((Urls.authors, None))
    for author in site.authors:
        items = site.by_author[author.id]
        entries.append((author.path, items[0].feed_date if items else None))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, modified in sorted(entries, key=lambda e: e[0]):
        lastmod = f"<lastmod>{modified.date().isoformat()}</lastmod>" if modified else ""
        lines.append(f"  <url><loc>{html.escape(site.absolute(path))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(site: Site) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.absolute(Urls.sitemap)}\n".encode()
