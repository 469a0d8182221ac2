"""Markdown → safe HTML, with the links inside it marked for the site to resolve.

The HTML depends only on the Markdown text, the folder it sits in and the site's
`unsafe_html` setting, so it can be cached and made in parallel. Links that point into the
site are written as `sharesite:` markers; `links.resolve` turns them into URLs once the
site's URL table is known (for pages under the base path, for feeds absolute).
"""

from __future__ import annotations

import html
import importlib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

import markdown as md
import nh3
from slugify import slugify

from sharesite.content import inline

MARK = "sharesite:"

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "video", "audio", "source", "track",
    "section", "aside",
}
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "iframe": {"src", "title", "width", "height", "allow", "allowfullscreen", "loading",
               "referrerpolicy", "frameborder"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite"}, "ins": {"cite"},
    "details": {"open"},
    "video": {"src", "controls", "poster", "width", "height", "preload", "muted", "loop"},
    "audio": {"src", "controls", "preload"},
    "source": {"src", "type"},
    "track": {"src", "kind", "srclang", "label", "default"},
}
_SCHEMES = {"http", "https", "mailto", "tel"}
# What an embedded video or document may ask the browser for.
_ALLOW = {"fullscreen", "picture-in-picture", "encrypted-media", "autoplay", "clipboard-write",
          "accelerometer", "gyroscope", "web-share"}

# Embeds teachers use every day. (host, path prefix); https only.
EMBED_HOSTS: tuple[tuple[str, str], ...] = (
    ("www.youtube.com", "/embed/"),
    ("youtube.com", "/embed/"),
    ("www.youtube-nocookie.com", "/embed/"),
    ("player.vimeo.com", "/video/"),
    ("docs.google.com", "/presentation/"),
    ("docs.google.com", "/document/"),
    ("docs.google.com", "/forms/"),
    ("docs.google.com", "/spreadsheets/"),
    ("drive.google.com", "/file/"),
    ("view.officeapps.live.com", "/op/"),
    ("onedrive.live.com", "/embed"),
    ("forms.office.com", "/"),
    ("forms.microsoft.com", "/"),
)
EMBED_NAMES = "YouTube, Vimeo, Google Docs/Slides/Forms and Microsoft Office online"

# A start tag, with quoted attribute values that may hold ">". Links are rewritten only
# inside tags, never in text: a code sample showing <a href="x.html"> stays as written.
START_TAG = re.compile(r"""<[a-zA-Z][a-zA-Z0-9-]*(?:\s+[^\s"'>/=]+"""
                       r"""(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*\s*/?>""")
_URL_ATTR = re.compile(r'\b(href|src|poster)="([^"]*)"')
URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")  # "https:", "mailto:", …
_IMG = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\balt="([^"]*)"')
_SRC = re.compile(r'\bsrc="([^"]*)"')
_EMPTY_IFRAME = re.compile(r"<iframe\b(?![^>]*\bsrc=)[^>]*>.*?</iframe>", re.S)


@dataclass(frozen=True)
class LinkRef:
    """A link from a page into the site, to check once the site is assembled."""

    target: str  # "@posts/x.md" (content-relative) or "/tags/" (site path)
    text: str  # as written, to find its line


@dataclass(frozen=True)
class Rendered:
    html: str
    links: tuple[LinkRef, ...]
    blocked_embeds: tuple[str, ...]  # iframe sources that were removed
    images: tuple[tuple[str, str | None], ...]  # each <img>: (src as written, alt or None)
    lost_words: int = 0  # words of ordinary text the sanitiser removed (an unclosed tag…)


def is_allowed_embed(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "https":
        return False
    host = (parts.hostname or "").lower()
    if host.endswith(".sharepoint.com"):  # any school's tenant: only its embed views
        return "embed" in (parts.path + "?" + parts.query).lower()
    return any(host == h and parts.path.startswith(p) for h, p in EMBED_HOSTS)


def _heading_id(value: str, separator: str) -> str:
    return slugify(value, separator=separator) or "section"


# Extensions a document can use only if it holds their syntax, each with a test that is
# true whenever it might (and sometimes when it does not: then it is simply used). A
# document's Markdown instance leaves out the others: the same HTML, with less work.
_DEFINITION = re.compile(r"^[\s>*+\-\d.)]*:", re.M)  # ": a definition", in any container
_OPTIONAL: tuple[tuple[str, Callable[[str], object]], ...] = (
    ("tables", lambda text: "|" in text),
    ("fenced_code", lambda text: "```" in text or "~~~" in text),
    ("footnotes", lambda text: "[^" in text),
    ("def_list", _DEFINITION.search),
    ("attr_list", lambda text: "{" in text),
    ("abbr", lambda text: "*[" in text),
    ("md_in_html", lambda text: "<" in text),
)


def _extension(name: str) -> md.extensions.Extension:
    # Imported when first used (fenced_code brings Pygments along), and made from the
    # class: a name would be looked up among every installed package's entry points.
    if name == "toc":
        from markdown.extensions.toc import TocExtension

        return TocExtension(slugify=_heading_id, permalink="#",
                            permalink_title="Link to this section", toc_depth="2-4")
    module = importlib.import_module(f"markdown.extensions.{name}")
    made: md.extensions.Extension = module.makeExtension()
    return made


_ORDER = ("tables", "fenced_code", "footnotes", "def_list", "attr_list", "abbr", "sane_lists",
          "md_in_html", "toc")


class MarkdownRenderer:
    """Python-Markdown instances (one for each set of extensions a document needs, built
    when first needed: building one is costly), reset between documents. `quick=False`
    gives the library's own behaviour: every extension and its own inline pass, always."""

    def __init__(self, unsafe_html: bool = False, quick: bool = True) -> None:
        self.unsafe_html = unsafe_html
        self.quick = quick
        self._instances: dict[frozenset[str], md.Markdown] = {}

    @property
    def _md(self) -> md.Markdown:
        """The instance with every extension."""
        return self._instance(frozenset(_ORDER))

    def _instance(self, names: frozenset[str]) -> md.Markdown:
        found = self._instances.get(names)
        if found is None:
            found = md.Markdown(extensions=[_extension(n) for n in _ORDER if n in names],
                                output_format="html")
            if self.quick:
                inline.install(found)
            self._instances[names] = found
        return found

    def _for(self, text: str) -> md.Markdown:
        if not self.quick:
            return self._md
        unused = frozenset(name for name, needed in _OPTIONAL if not needed(text))
        return self._instance(frozenset(_ORDER) - unused) if unused else self._md

    def render(self, text: str, directory: str) -> Rendered:
        """Markdown `text` from a file in content/`directory` → safe, marked HTML."""
        instance = self._for(text)
        instance.reset()
        out = instance.convert(text)
        blocked: list[str] = []
        lost = 0
        if not self.unsafe_html:
            # Without raw HTML ("<") in the text, every element is one Markdown made and
            # the filter allows: it can take attributes away, never words.
            before = _words(_RAW_TEXT.sub(" ", out)) if "<" in text else 0
            out = self._sanitise(out, blocked)
            lost = max(0, before - _words(out)) if before else 0
        images = tuple(
            (html.unescape(src.group(1)),
             html.unescape(alt.group(1)) if (alt := _ALT.search(tag)) else None)
            for tag in _IMG.findall(out)
            for src in [_SRC.search(tag)] if src
        )
        links: list[LinkRef] = []
        out = START_TAG.sub(
            lambda tag: _URL_ATTR.sub(lambda m: _mark(m, directory, links), tag.group(0)), out)
        return Rendered(out, tuple(links), tuple(blocked), images, lost)

    @staticmethod
    def _sanitise(text: str, blocked: list[str]) -> str:
        def check(tag: str, attr: str, value: str) -> str | None:
            if tag == "iframe" and attr == "src" and not is_allowed_embed(value):
                blocked.append(value)
                return None
            if tag == "iframe" and attr == "allow":  # no camera, microphone, location, …
                kept = [p for p in value.split(";") if p.strip().split(" ")[0] in _ALLOW]
                return "; ".join(p.strip() for p in kept) or None
            return value

        clean = nh3.clean(
            text,
            tags=_TAGS,
            attributes=_ATTRIBUTES,
            url_schemes=_SCHEMES,
            attribute_filter=check,
            filter_style_properties={"text-align"},
            link_rel=None,
            strip_comments=True,
        )
        return _EMPTY_IFRAME.sub("", clean)


def sanitise(html_text: str) -> tuple[str, list[str]]:
    """`html_text` through the build's own allow-list, and the iframe addresses it removed
    (not allowed embeds): for HTML that does not come from Markdown, like an import's."""
    blocked: list[str] = []
    return MarkdownRenderer._sanitise(html_text, blocked), blocked


# Script and style elements that are closed: their text is meant to go.
_RAW_TEXT = re.compile(r"<(script|style|template|noscript|textarea|title)\b.*?</\1\s*>",
                       re.I | re.S)
_ANY_TAG = re.compile(r"<[^>]*>")


def _words(markup: str) -> int:
    return len(html.unescape(_ANY_TAG.sub(" ", markup)).split())


def _mark(match: re.Match[str], directory: str, links: list[LinkRef]) -> str:
    attr, raw = match.group(1), match.group(2)
    value = html.unescape(raw).strip()
    if not value or value.startswith("//") or URL_SCHEME.match(value):
        return match.group(0)
    if value.startswith("#"):
        return f'{attr}="{MARK}{raw}"'
    path, _, fragment = value.partition("#")
    path, _, query = path.partition("?")
    if path.startswith("/"):
        target = posixpath.normpath(unquote(path)) + ("/" if path.endswith("/") else "")
        target = target.replace("//", "/")
    else:
        joined = posixpath.normpath(posixpath.join(directory, unquote(path)))
        target = "@" + joined
    links.append(LinkRef(target, value))
    marked = MARK + quote(target, safe="/@") + ("?" + query if query else "") + (
        "#" + fragment if fragment else "")
    return f'{attr}="{html.escape(marked, quote=True)}"'
