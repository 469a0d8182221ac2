"""Imported HTML made safe and, where that keeps every shown word, Markdown.

The sanitiser is the build's own (content/markdown.py's allow-list), run on everything an
export holds; what it removes that could run or frame something (scripts, frames from hosts
that are not allowed embeds, event handlers, `javascript:` links) is listed with its host.
Markdown comes from html-to-markdown, then goes back through sharesite's own renderer: when
the words a reader would see change, the post keeps its sanitised HTML instead.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import html_to_markdown

from sharesite.content.markdown import MarkdownRenderer, is_allowed_embed
from sharesite.content.markdown import sanitise as build_sanitise

_SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
_FRAME = re.compile(r"<(iframe|frame|object|embed|applet)\b([^>]*)>", re.I)
_SRC = re.compile(r"""\b(?:src|data)\s*=\s*["']?([^"'\s>]+)""", re.I)
_HANDLER = re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.I)
_JS_LINK = re.compile(r"""=\s*["']?\s*(?:javascript|vbscript|data\s*:\s*text/html)""", re.I)
_BLOCK_START = re.compile(r"^\s*<(p|div|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th|blockquote|"
                          r"figure|pre|iframe|video|audio|hr|dl|dt|dd|section|aside|details|"
                          r"form|script|style|center|address)\b", re.I)
_MORE = re.compile(r"<!--\s*more\b.*?-->", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_OPTIONS = html_to_markdown.ConversionOptions(
    preserve_tags=["figure", "iframe", "video", "audio", "table"],
    escape_asterisks=True, escape_underscores=True, escape_misc=False,
    extract_metadata=False, autolinks=False, newline_style="spaces")


@dataclass(frozen=True)
class Body:
    """A post's body for its .md file, and what happened on the way."""

    text: str
    markdown: bool  # False: kept as sanitised HTML (the words would have changed)
    removed: tuple[str, ...]  # "script from example.com", "frame from ads.example", …
    summary: str  # the text before <!--more-->, "" when there is none


def autop(text: str) -> str:
    """WordPress's stored post text (blank lines between paragraphs, no <p>) as HTML, as
    WordPress shows it: each run of lines that does not start with a block element becomes
    a paragraph, its single line breaks <br>."""
    if "\n" not in text.strip():
        return text if _BLOCK_START.match(text) or not text.strip() else f"<p>{text}</p>"
    out = []
    for chunk in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")):
        if not chunk.strip():
            continue
        if _BLOCK_START.match(chunk) or "<pre" in chunk:
            out.append(chunk.strip())
        else:
            out.append("<p>" + "<br>\n".join(line for line in chunk.strip().split("\n")) +
                       "</p>")
    return "\n\n".join(out)


def dangers(text: str) -> list[str]:
    """What the sanitiser will take away that could run code or frame another site."""
    found = []
    for match in _SCRIPT.finditer(text):
        src = _SRC.search(match.group(1))
        found.append(f"script from {_host(src.group(1))}" if src else "inline script")
    for match in _FRAME.finditer(text):
        src = _SRC.search(match.group(2))
        url = htmllib.unescape(src.group(1)) if src else ""
        if match.group(1).lower() == "iframe" and url and is_allowed_embed(url):
            continue
        found.append(f"{match.group(1).lower()} from {_host(url)}" if url
                     else f"{match.group(1).lower()} without an address")
    found.extend(f"event handler {m.group(1).lower()}=" for m in _HANDLER.finditer(text))
    found.extend("javascript: link" for _ in _JS_LINK.finditer(text))
    return found


def _host(url: str) -> str:
    return urlsplit(url).hostname or ("this page" if url else "nowhere")


def sanitise(text: str) -> str:
    """The build's own sanitiser (allow-list, allowed embeds only, no comments)."""
    return build_sanitise(text)[0]


def plain(text: str) -> str:
    return " ".join(htmllib.unescape(_TAG.sub(" ", text)).split())


def shown_words(rendered: str) -> list[str]:
    """The words a reader sees in rendered HTML (heading permalinks left out)."""
    return htmllib.unescape(_TAG.sub(" ", _HEADERLINK.sub("", rendered))).split()


def to_markdown(text: str) -> str:
    result = html_to_markdown.convert(text, _OPTIONS)
    return (result.content or "").strip() + "\n"


def body(renderer: MarkdownRenderer, text: str, directory: str) -> Body:
    """Sanitised `text` as Markdown when the renderer shows the same words, else as HTML."""
    removed = tuple(dangers(text))
    summary = ""
    parts = _MORE.split(text, maxsplit=1)
    if len(parts) == 2:
        summary = _summary(plain(sanitise(parts[0])))
        text = parts[0] + parts[1]
    clean = sanitise(text).strip()
    as_html = f'<div class="imported">\n{clean}\n</div>\n' if clean else ""
    if not clean:
        return Body("", True, removed, summary)
    wanted = shown_words(renderer.render(as_html, directory).html)
    markdown = to_markdown(clean)
    if shown_words(renderer.render(markdown, directory).html) == wanted:
        return Body(markdown, True, removed, summary)
    return Body(as_html, False, removed, summary)


def _summary(text: str) -> str:
    if len(text) <= 300:
        return text
    return text[:300].rsplit(" ", 1)[0] + "…"


def comment_text(text: str) -> str:
    """A comment's text as Markdown, sanitised, e-mail addresses taken out."""
    clean = sanitise(autop(_EMAIL.sub("[e-mail address removed]", text)))
    return to_markdown(clean)


def without_emails(text: str) -> str:
    return _EMAIL.sub("[e-mail address removed]", text)
