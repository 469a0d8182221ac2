"""Pages from templates: the renderer one build uses, and the jobs it hands out.

A `Job` is one output to make. Its `make` is given the site to read (watched, to record
which parts of it the output depends on); its `inputs` are every other value it uses, so
that they can be fingerprinted. A template that fails is a `TemplateFailure` naming the
template file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import jinja2
from markupsafe import Markup

from sharesite.content.discover import Kind
from sharesite.render.feeds import build_feed, build_json_feed
from sharesite.render.fingerprint import WatchedSite
from sharesite.render.library import credit_line
from sharesite.render.metadata import FeedLink, list_meta, listing_jsonld, page_meta
from sharesite.render.strings import load_strings
from sharesite.render.theme import Theme
from sharesite.site.languages import PageLanguages
from sharesite.site.links import resolve
from sharesite.site.model import Page, Site
from sharesite.site.pictures import with_pictures
from sharesite.site.urls import Urls


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


class Renderer:
    """Makes pages with one build's site and the theme: each `Job` it hands out renders one
    output when run."""

    def __init__(self, site: Site, theme: Theme) -> None:
        self.site = site
        self.theme = theme
        self.current = theme.context  # `site` for macros imported without context
        # The interface in the site's language: its table, with the site's own over it.
        self.strings = load_strings(site.config.language, site.config.root)
        self.current.start(site, self.strings)
        self._content: dict[tuple[str, bool], str] = {}

    def languages(self, path: str) -> PageLanguages | None:
        """The page at `path` in the site's other languages (None: the site has one)."""
        translations = self.site.translations
        return translations.of(path) if translations is not None else None

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
            site = self.site
            body = with_pictures(page.document.body_html, site.config, site.pictures,
                                 site.originals, site.drawings, first_eager=not page.cover_url,
                                 absolute=absolute)
            found = resolve(body, self.site.urls, self.site.config, page.path, absolute)
            self._content[key] = found
        return found

    def render(self, template: str, site: Site, context: dict[str, Any]) -> bytes:
        try:
            tmpl = self.theme.env.get_template(template)
            text = tmpl.render(site=site, **context)
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
        # its versions in the site's other languages (None: the site has one)
        context = {**context, "languages": self.languages(path)}

        def make(site: Site) -> bytes:
            more = derived(site) if derived else {}
            structured = listing_jsonld(site, self.strings, template, path, heading,
                                        description, {**context, **more})
            meta = list_meta(site, path, heading, description, own_feed, robots, structured)
            return self.render(template, site, {"current": path, "meta": meta, **context,
                                                **more})
        return Job(Urls.file(path), make, template,
                   (path, heading, description, own_feed, robots,
                    *(part for pair in sorted(context.items()) for part in pair)))

    def item(self, page: Page, newer: Page | None = None, older: Page | None = None) -> Job:
        context: dict[str, Any] = {"page": page, "current": page.path}
        if page.kind == Kind.POST:
            context["newer"] = newer
            context["older"] = older
        elif page.kind == Kind.RESOURCE:
            context["adapted_by"] = self.site.adapted_by.get(page.path, ())
        context["languages"] = self.languages(page.path)

        def make(site: Site) -> bytes:
            extra: dict[str, Any] = {"meta": page_meta(site, page, self.strings),
                                     "content": Markup(self.content(page))}
            if page.kind == Kind.RESOURCE:
                extra["credit"] = credit_line(site, page, self.strings)
            return self.render(f"{page.kind}.html", site, {**context, **extra})
        return Job(Urls.file(page.path), make, f"{page.kind}.html",
                   tuple(part for pair in sorted(context.items()) for part in pair),
                   page.document.source.path)

    def feed(self, title: str, feed_path: str, page_path: str, items: tuple[Page, ...],
             kind: str = "atom") -> Job:
        items = items[:self.site.config.feed_items]
        content_for: Callable[[Page], str] = lambda p: self.content(p, absolute=True)  # noqa: E731

        def make(site: Site) -> bytes:
            return build_feed(site, title, feed_path, page_path, items, content_for,
                              self.strings, kind)
        return Job(feed_path, make, "", (title, feed_path, page_path, items, kind))

    def json_feed(self, feed_path: str, page_path: str, items: tuple[Page, ...]) -> Job:
        """The JSON Feed of `items`, beside their Atom feed (the same entries)."""
        items = items[:self.site.config.feed_items]
        content_for: Callable[[Page], str] = lambda p: self.content(p, absolute=True)  # noqa: E731

        def make(site: Site) -> bytes:
            return build_json_feed(site, feed_path, page_path, items, content_for, self.strings)
        return Job(feed_path, make, "", ("json", feed_path, page_path, items))



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
    if isinstance(exc, jinja2.UndefinedError):
        message = _undefined(message, name, line)
    if not isinstance(exc, jinja2.TemplateError):
        message = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return TemplateFailure(name, line, message)


_NO_ATTRIBUTE = re.compile(r"^'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'$")


def _undefined(message: str, template: str, line: int) -> str:
    """Jinja's "'sharesite.site.model.Page object' has no attribute 'subtitle'", said as
    the template wrote it: "page.subtitle is undefined (a Page has no 'subtitle')"."""
    found = _NO_ATTRIBUTE.match(message)
    if found is None:
        return message
    kind, attribute = found.groups()
    try:
        text = Path(template).read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, IndexError, UnicodeDecodeError):
        text = ""
    written = re.search(r"([A-Za-z_][\w.]*)\." + re.escape(attribute) + r"\b", text)
    shown = f"{written.group(1)}.{attribute}" if written else attribute
    return f"{shown} is undefined (a {kind} has no {attribute!r})"
