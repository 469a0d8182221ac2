"""Site + theme → every output file, in memory: pages, feeds, sitemap, copies.

Each page is a pure function of its own document, the config, the templates and the
part of the site it lists, so pages can be cached and rendered in parallel.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import jinja2
from markupsafe import Markup

from sharesite.digest import content_digest, digest, never, trusted_stamp
from sharesite.outputs import Output, OutputRecord
from sharesite.progress import Progress, silent
from sharesite.render.feeds import build_feed
from sharesite.render.fingerprint import Fingerprints, WatchedSite
from sharesite.render.library import catalogue, credit_line, filter_data, filters, schema
from sharesite.render.metadata import FeedLink, list_meta, page_meta
from sharesite.render.theme import Theme
from sharesite.site.links import resolve
from sharesite.site.model import Page, Site, Urls
from sharesite.workers import fork_pool


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

    def __reduce__(self) -> tuple[type[TemplateFailure], tuple[str, int, str]]:
        return TemplateFailure, (self.template, self.line, self.message)  # from a worker


@dataclass(frozen=True)
class Job:
    """One output to make: `make` is given the site to read (watched, to record what it
    reads); `inputs` are every other value it uses, so they can be fingerprinted."""

    path: str
    make: Callable[[Site], bytes]
    template: str = ""
    inputs: tuple[object, ...] = ()
    source: str = ""  # the content file this output is the page of


@dataclass(frozen=True)
class Rendered:
    outputs: list[Output]  # pages of changed content first, then in site order
    records: dict[str, OutputRecord]
    made: int  # outputs rendered (the rest were kept)


PARALLEL_FROM = 256  # pages to make: fewer are done sooner on one process


def render_site(site: Site, theme: Theme, previous: Mapping[str, OutputRecord] | None = None,
                settings: str = "", first: Collection[str] = (),
                progress: Progress = silent, jobs: int = 1,
                sink: Callable[[Output], None] | None = None) -> Rendered:
    """Every output of the site. With the `previous` build's records (made with the same
    `settings`), outputs whose inputs are unchanged are kept instead of rendered; pages of
    the content files in `first` come first, so they reach the disk first. Many pages to
    make are shared among `jobs` processes; the bytes are the same as on one. Each output
    made (and each file to copy) is also handed to `sink` as soon as it is known."""
    renderer = _Renderer(site, theme)
    prints = Fingerprints(site)
    previous = previous or {}
    outputs: list[Output] = []
    records: dict[str, OutputRecord] = {}
    todo: list[tuple[int, Job]] = []  # (place in outputs, job)
    keys: dict[str, str] = {}
    planned = renderer.jobs()
    if first:
        planned.sort(key=lambda j: j.source not in first)

    def key_of(job: Job) -> str:
        if job.path not in keys:
            keys[job.path] = digest(settings,
                                    theme.digest(job.template) if job.template else "",
                                    *[prints.value(v) for v in job.inputs])
        return keys[job.path]

    for job in planned:
        before = previous.get(job.path)
        if before is not None and before.key == key_of(job) and all(
                prints.part(name) == value for name, value in before.reads):
            outputs.append(Output(job.path, kept=True))
            records[job.path] = before
        else:
            todo.append((len(outputs), job))
            outputs.append(Output(job.path))  # made below
    copies: list[Output] = []
    copied: dict[str, OutputRecord] = {}
    for path, file in renderer.copies():
        stamp = trusted_stamp(file)
        key = digest(str(file), stamp) if stamp else never()
        before = previous.get(path)
        if before is not None and before.key == key:
            copies.append(Output(path, kept=True))
        else:
            copies.append(Output(path, copy_from=file))
        copied[path] = OutputRecord(key)

    def meanwhile() -> None:  # while the workers make the pages (if there are workers)
        for copy in copies:
            if not copy.kept and sink is not None:
                sink(copy)
        for _, job in todo:  # the keys not needed to decide what to make (a first build)
            key_of(job)

    made = _make(renderer, [job for _, job in todo], jobs, progress, sink, meanwhile)
    for (place, job), (data, reads) in zip(todo, made, strict=True):
        outputs[place] = Output(job.path, data)
        records[job.path] = OutputRecord(key_of(job), tuple((name, prints.part(name))
                                                            for name in reads),
                                         content_digest(data))
    outputs += copies
    records.update(copied)
    return Rendered(outputs, records, len(todo))


def _make(renderer: _Renderer, todo: list[Job], jobs: int, progress: Progress,
          sink: Callable[[Output], None] | None = None,
          meanwhile: Callable[[], None] | None = None) -> list[tuple[bytes, tuple[str, ...]]]:
    """Each job's bytes and the parts of the site it read, in order. Each is also handed to
    `sink` as it comes. `meanwhile` is this process's own work, done while the workers
    make the pages, once they have started (it may start a thread: a process should not
    fork with threads running); with no workers, before."""
    made: list[tuple[bytes, tuple[str, ...]]] = []
    hand = sink or (lambda output: None)
    pool = fork_pool(jobs) if jobs > 1 and len(todo) >= PARALLEL_FROM else None
    if pool is not None:
        global _forked  # what the forked workers start with: they inherit it
        for template in sorted({job.template for job in todo if job.template}):
            with contextlib.suppress(jinja2.TemplateError):  # reported as each page is made
                renderer.theme.env.get_template(template)  # compiled once, before the fork
        _forked = (renderer, todo)
        try:
            chunks = [range(i, min(i + 32, len(todo))) for i in range(0, len(todo), 32)]
            with pool:
                results = pool.map(_make_in_worker, chunks)  # the workers start here
                if meanwhile is not None:
                    meanwhile()
                for chunk in results:
                    for job, (data, _) in zip(todo[len(made):], chunk, strict=False):
                        hand(Output(job.path, data))
                    made += chunk
                    progress("Making pages", len(made), len(todo))
        finally:
            _forked = None
        return made
    if meanwhile is not None:
        meanwhile()
    for job in todo:
        reads: set[str] = set()
        made.append((renderer.run(job, reads), tuple(sorted(reads))))
        hand(Output(job.path, made[-1][0]))
        progress("Making pages", len(made), len(todo))
    return made


_forked: tuple[_Renderer, list[Job]] | None = None


def _make_in_worker(chunk: range) -> list[tuple[bytes, tuple[str, ...]]]:
    assert _forked is not None
    renderer, todo = _forked
    out = []
    for index in chunk:
        reads: set[str] = set()
        out.append((renderer.run(todo[index], reads), tuple(sorted(reads))))
    return out


def render_page(site: Site, theme: Theme, page: Page) -> bytes:
    """One item's page, as `render_site` would make it in `site`."""
    renderer = _Renderer(site, theme)
    newer = older = None
    if page.kind == "post":
        posts = site.posts
        index = next((i for i, p in enumerate(posts) if p.path == page.path), None)
        if index is not None:
            newer = posts[index - 1] if index > 0 else None
            older = posts[index + 1] if index + 1 < len(posts) else None
    return renderer.run(renderer.item(page, newer, older), set())


class _CurrentSite:
    """`site` as the theme's macro modules see it: whichever site (watched, for the page
    being made) the renderer says is current. It also keeps this build's `memo`."""

    __slots__ = ("memos", "reads", "site")

    def __init__(self) -> None:
        self.site: Any = None
        self.reads: set[str] = set()  # the parts of the site the page being made has read
        self.memos: dict[tuple[object, ...], tuple[str, frozenset[str], tuple[object, ...]]] \
            = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.site, name)

    def memo(self, *key: object, caller: Callable[[], str]) -> str:
        """`{% call memo("card", item, level) %}…{% endcall %}`: the block's markup, made
        once a build for each key (the same item in a dozen lists is one card). The parts
        of the site the block read are added to each page that shows it, as if it had
        been made there."""
        # Plain values by type and value (1, True and 1.0 make different markup); objects
        # (pages, authors) by identity: they live as long as the build.
        found = self.memos.get(ident := tuple(
            (type(k), k) if isinstance(k, str | int | float | bool | None) else id(k)
            for k in key))
        if found is None:
            outer = set(self.reads)
            self.reads.clear()
            try:
                found = (caller(), frozenset(self.reads), key)  # key: its objects stay alive
            finally:
                self.reads |= outer
            self.memos[ident] = found
        else:
            self.reads |= found[1]
        return found[0]


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
        # Globals, so that macros imported without context can call the helpers too. Jinja
        # keeps the globals such a macro module first saw for the theme's whole life, so
        # `site` there is a stable stand-in for the site of the page being made.
        current = theme.env.globals.get("site")
        self.current = current if isinstance(current, _CurrentSite) else _CurrentSite()
        self._content: dict[tuple[str, bool], str] = {}
        self.current.site = site
        self.current.memos = {}  # this build's
        self.globals["memo"] = self.current.memo
        theme.env.globals.update(self.globals, site=self.current)

    def run(self, job: Job, reads: set[str]) -> bytes:
        watched = cast(Site, WatchedSite(self.site, reads))
        self.current.site, self.current.reads = watched, reads
        try:
            return job.make(watched)
        finally:
            self.current.site, self.current.reads = self.site, set()

    def content(self, page: Page, absolute: bool = False) -> str:
        # The real site's URL table: a page's fingerprint covers where its links lead.
        # Worked out once a page: a post is in four or five feeds.
        key = (page.path, absolute)
        found = self._content.get(key)
        if found is None:
            found = resolve(page.document.body_html, self.site.urls, self.site.config,
                            page.path, absolute)
            self._content[key] = found
        return found

    def render(self, template: str, site: Site, context: dict[str, Any]) -> bytes:
        try:
            tmpl = self.theme.env.get_template(template)
            text = tmpl.render(self.globals, site=site, **context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateFailure(exc.filename or template, exc.lineno,
                                  exc.message or "") from exc
        except jinja2.TemplateError as exc:
            raise _failure(template, exc) from exc
        except Exception as exc:  # a template dividing by zero, calling what is not there…
            raise _failure(template, exc) from exc
        return text.encode("utf-8")

    def listing(self, template: str, path: str, heading: str, description: str = "",
                own_feed: FeedLink | None = None, robots: str = "",
                derived: Callable[[Site], dict[str, Any]] | None = None,
                **context: Any) -> Job:
        """A page that lists things: home, tags, a tag, authors, the library, …
        (`derived`: more values, worked out from the site as the page is made)."""
        def make(site: Site) -> bytes:
            meta = list_meta(site, path, heading, description, own_feed, robots)
            more = derived(site) if derived else {}
            return self.render(template, site, {"current": path, "meta": meta, **context,
                                                **more})
        return Job(Urls.file(path), make, template,
                   (path, heading, description, own_feed, robots,
                    *(part for pair in sorted(context.items()) for part in pair)))

    def jobs(self) -> list[Job]:
        site = self.site
        out: list[Job] = []
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
            out.append(self.listing("home.html", Urls.home_page(number),
                                    "" if number == 1 else f"Page {number}",
                                    posts=posts, pagination=pagination,
                                    latest_resources=site.resources[:3] if number == 1 else ()))
        out.append(self.listing("tags.html", Urls.tags, "Tags", tags=site.tags))
        for tag in site.tags:
            feed = FeedLink(f"{site.title}: {tag.name}", tag.feed_path, "atom")
            items = site.tagged[tag.key]
            out.append(self.listing("tag.html", tag.path, f"Tagged “{tag.name}”",
                                    own_feed=feed, tag=tag, items=items))
            out.append(self.feed(feed.title, tag.feed_path, tag.path, items))
        out.append(self.listing("authors.html", Urls.authors, "Authors", authors=site.authors))
        for author in site.authors:
            feed = FeedLink(f"{site.title}: {author.name}", author.feed_path, "atom")
            items = site.by_author[author.id]
            out.append(self.listing("author.html", author.path, author.name, author.summary,
                                    own_feed=feed, author=author, items=items))
            out.append(self.feed(feed.title, author.feed_path, author.path, items))
        years: dict[int, list[Page]] = {}
        for post in site.posts:
            years.setdefault(post.sort_key[0].year, []).append(post)
        out.append(self.listing("archive.html", Urls.archive, "Archive",
                                years=tuple((y, tuple(p)) for y, p in years.items())))
        out.append(self.listing("resources.html", Urls.resources, "Resource library",
                                resources=site.resources,
                                derived=lambda s: {"filters": filters(s)}))
        for kind in site.facets.values():
            for facet in kind:
                feed = FeedLink(f"{site.title}: {facet.group.lower()} {facet.label}",
                                facet.feed_path, "atom")
                items = site.faceted[facet.path]
                out.append(self.listing("facet.html", facet.path,
                                        f"{facet.group}: {facet.label}",
                                        f"Teaching resources for {facet.label}",
                                        own_feed=feed, facet=facet, resources=items))
                out.append(self.feed(feed.title, facet.feed_path, facet.path, items))
        out.append(Job(Urls.catalogue, catalogue))
        out.append(Job(Urls.catalogue_schema, lambda _: schema()))
        if site.config.search:
            out.append(self.listing("search.html", Urls.search, "Search"))
        out.append(self.listing("404.html", Urls.not_found, "Page not found",
                                robots="noindex"))
        for alias, page in site.aliases:
            target = site.absolute(page.path)
            out.append(Job(alias, lambda s, target=target: self.render(  # type: ignore[misc]
                "redirect.html", s, {"target": target}), "redirect.html", (target,)))
        out.append(self.feed(site.title, Urls.feed, Urls.home, site.items))
        out.append(self.feed(site.title, Urls.rss, Urls.home, site.items, kind="rss"))
        out.append(self.feed(f"{site.title}: resources", Urls.resources_feed, Urls.resources,
                             site.resources))
        out.append(Job(Urls.sitemap, sitemap))
        if site.config.base_path == "/":
            out.append(Job(Urls.robots, robots))
        return out

    def copies(self) -> list[tuple[str, Path]]:
        """Files copied as they are: the theme's static files, then content files."""
        found = list(self.theme.static_files().items())
        content = self.site.config.content_dir
        found += [(target, content / rel) for rel, target in self.site.copies]
        return found

    def item(self, page: Page, newer: Page | None = None, older: Page | None = None) -> Job:
        context: dict[str, Any] = {"page": page, "current": page.path}
        if page.kind == "post":
            context["newer"] = newer
            context["older"] = older
        elif page.kind == "resource":
            context["adapted_by"] = self.site.adapted_by.get(page.path, ())

        def make(site: Site) -> bytes:
            extra: dict[str, Any] = {"meta": page_meta(site, page),
                                     "content": Markup(self.content(page))}
            if page.kind == "resource":
                extra["credit"] = credit_line(site, page)
            return self.render(f"{page.kind}.html", site, {**context, **extra})
        return Job(Urls.file(page.path), make, f"{page.kind}.html",
                   tuple(part for pair in sorted(context.items()) for part in pair),
                   page.document.source.path)

    def feed(self, title: str, feed_path: str, page_path: str, items: tuple[Page, ...],
             kind: str = "atom") -> Job:
        items = items[:self.site.config.feed_items]
        content_for: Callable[[Page], str] = lambda p: self.content(p, absolute=True)  # noqa: E731

        def make(site: Site) -> bytes:
            return build_feed(site, title, feed_path, page_path, items, content_for, kind)
        return Job(feed_path, make, "", (title, feed_path, page_path, items, kind))


def _failure(template: str, exc: Exception) -> TemplateFailure:
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
    if not isinstance(exc, jinja2.TemplateError):
        message = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
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
