"""What every template can use, however it was imported: `site`, `url`, `memo`, dates.

A theme's Jinja environment is made once and kept while its files and the settings are
unchanged (serve, and compiled templates kept between runs). Jinja gives a macro module
imported without context the globals it first saw, for the environment's whole life; so
the globals, set once when the theme is loaded, hold no site: `site` is the theme's
`PageContext`, which the renderer points at the site (watched) of the page being made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import jinja2
from markupsafe import Markup, escape

from sharesite.config import SiteConfig
from sharesite.render.library import filter_data
from sharesite.render.strings import Strings, load_strings
from sharesite.site.model import Page, Site
from sharesite.site.pictures import COLUMN, picture_markup


def template_globals(context: PageContext, config: SiteConfig) -> dict[str, Any]:
    """The environment's globals, made once a theme. `t` and `format_date` speak the
    language of the site being built (its string table, and Babel's CLDR month names):
    on a site in two languages, each language's pages are made with their own."""
    return {
        "site": context,
        "url": context.href,
        "absolute_url": context.absolute,
        "format_date": context.format_date,
        "t": context.t,
        "only_in": context.only_in,
        "iso_date": iso_date,
        "human_size": context.format_size,
        "filter_data": filter_data,
        "search_enabled": config.search,
        "memo": context.memo,
        "image": context.image,
    }


class PageContext:
    """`site` as the theme's macro modules see it: whichever site (watched, for the page
    being made) the renderer says is current. It also keeps this build's `memo`, and
    makes links with the site being built (`url`, `absolute_url`)."""

    __slots__ = ("built", "memos", "others", "reads", "site", "strings")

    def __init__(self) -> None:
        self.site: Any = None  # the site the page being made sees (watched)
        self.built: Any = None  # the site being built
        self.strings: Any = _Unset()  # the site's interface strings, in its language
        self.others: dict[str, Strings] = {}  # other languages' strings, when asked for
        self.reads: set[str] = set()  # the parts of the site the page being made has read
        self.memos: dict[tuple[object, ...], tuple[str, frozenset[str], tuple[object, ...]]] \
            = {}

    def start(self, site: Site, strings: Strings) -> None:
        """A new build of `site` (one language's pages of it): no page being made yet, no
        memos; the interface speaks `strings`."""
        self.site = self.built = site
        self.strings = strings
        self.others = {}  # (a table may have changed since the last build)
        self.reads = set()
        self.memos = {}

    def t(self, key: str, /, **named: object) -> Markup:
        return self.strings.t(key, **named)  # type: ignore[no-any-return]

    def format_date(self, value: dt.datetime | dt.date) -> str:
        return self.strings.format_date(value)  # type: ignore[no-any-return]

    def format_size(self, size: int) -> str:
        """A file's size in the site's language: "1.5 MB", "1,5 MB"."""
        return self.strings.format_size(size)  # type: ignore[no-any-return]

    def only_in(self, language: str) -> Markup:
        """The label of an item not translated, in its own language: "English only",
        "Cymraeg yn unig" (a reader of the item can read it)."""
        if language not in self.others:
            self.others[language] = load_strings(language, self.built.config.root)
        return self.others[language].t("languages.only")

    def href(self, path: str) -> str:
        return str(self.built.href(path))

    def absolute(self, path: str) -> str:
        return str(self.built.absolute(path))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.site, name)

    def image(self, source: Any, alt: str | None = None, sizes: str = COLUMN,
              eager: bool = False, css_class: str = "") -> Markup:
        """`{{ image(page) }}`: a page's cover; `{{ image("posts/x/trip.jpg", "alt") }}`:
        an image in content/. A processed image becomes a `<picture>` (see
        site.pictures); anything else (an SVG, an address elsewhere) a plain `<img>`."""
        site = self.built
        if isinstance(source, Page):
            picture = source.cover_picture  # the page's fingerprint covers its cover
            path, alt = source.cover_url, source.cover_alt if alt is None else alt
            rel = source.cover[1:] if source.cover.startswith("@") else path
        else:
            self.reads.update(("pictures", "drawings", "urls"))
            rel = path = str(source).lstrip("/")
            picture = site.pictures.get(path)
            if not path.startswith(("http://", "https://")) and path not in site.urls:
                raise jinja2.TemplateRuntimeError(
                    f"image({str(source)!r}): there is no such file in content/ (give the "
                    "image's path from content/, like posts/2026-03-01-trip/wall.jpg, or "
                    "a full address)")
            path = site.urls.get(path, path)
        if not path:
            return Markup("")
        if picture is not None and not picture.drawing:
            return picture_markup(site.config, picture, alt or "", sizes, eager, css_class)
        src = path if path.startswith(("http://", "https://")) else site.href(path)
        size = site.drawings.get(rel)
        loading = ' fetchpriority="high"' if eager else ' loading="lazy"'
        return Markup('<img{} src="{}"{} alt="{}"{} decoding="async">').format(
            Markup(f' class="{escape(css_class)}"') if css_class else "", src,
            Markup(f' width="{size[0]}" height="{size[1]}"') if size else "", alt or "",
            Markup(loading))

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


class _Unset:
    """No site started: a template rendered outside a build has no language to speak."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError("PageContext.start was not called")


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
