"""WordPress shortcodes and blocks turned into what they meant: `[caption]` a figure with its
caption, `[gallery]` its images, `[audio]`/`[video]` media elements, `[embed]` and bare
video addresses an allowed embed or a plain link; block comments dropped. Shortcodes not
known here are left as text and counted (the report lists them)."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from sharesite.content.markdown import is_allowed_embed

_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))""")
_CAPTION = re.compile(r"\[(caption|wp_caption)([^\]]*)\](.*?)\[/\1\]", re.S | re.I)
_GALLERY = re.compile(r"\[gallery([^\]]*)\]", re.I)
_MEDIA = re.compile(r"\[(audio|video)([^\]]*)\](?:(.*?)\[/\1\])?", re.S | re.I)
_EMBED = re.compile(r"\[embed([^\]]*)\](.*?)\[/embed\]", re.S | re.I)
_BLOCK = re.compile(r"<!--\s*/?wp:[^>]*?-->", re.S)
_UNKNOWN = re.compile(r"\[/?([a-z][a-z0-9_-]*)(?:\s+[^\]\[]*)?/?\]")
_BARE_URL = re.compile(r"^[ \t]*(?:<p>)?[ \t]*(https?://[^\s<>\"]+)[ \t]*(?:</p>)?[ \t]*$", re.M)
_FIRST_IMG = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.S)
_VIDEO_HOSTS = ("youtube.com", "www.youtube.com", "youtu.be", "m.youtube.com", "vimeo.com",
                "www.vimeo.com")


@dataclass
class Shortcodes:
    """What happened to a post's shortcodes: converted ones and those left as text."""

    converted: Counter[str] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)


def attributes(text: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
            for m in _ATTR.finditer(text)}


def embed_for(url: str) -> str:
    """An allowed embed address for a YouTube or Vimeo video address, else ""."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    video = ""
    if host.endswith("youtube.com"):
        if parts.path == "/watch":
            video = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/shorts/")):
            video = parts.path.split("/")[2]
        if re.fullmatch(r"[\w-]{6,20}", video):
            return f"https://www.youtube-nocookie.com/embed/{video}"
    elif host == "youtu.be":
        video = parts.path.strip("/")
        if re.fullmatch(r"[\w-]{6,20}", video):
            return f"https://www.youtube-nocookie.com/embed/{video}"
    elif host.endswith("vimeo.com"):
        video = parts.path.strip("/").split("/")[-1]
        if video.isdigit():
            return f"https://player.vimeo.com/video/{video}"
    return url if is_allowed_embed(url) else ""


def _embed_html(url: str) -> str:
    url = url.strip()
    src = embed_for(url)
    safe = html.escape(url, quote=True)
    if src:
        return (f'<iframe src="{html.escape(src, quote=True)}" title="Video" width="560" '
                f'height="315" allowfullscreen loading="lazy"></iframe>')
    return f'<p><a href="{safe}">{safe}</a></p>'


def convert(text: str, gallery: Callable[[list[str]], list[tuple[str, str]]],
            found: Shortcodes) -> str:
    """`text` with shortcodes and blocks replaced. `gallery(ids)` gives (url, alt) of the
    images a gallery shows (ids [] means the post's own attachments)."""
    text = _BLOCK.sub("", text)

    def caption(match: re.Match[str]) -> str:
        found.converted["caption"] += 1
        attrs = attributes(match.group(2))
        inner = match.group(3).strip()
        image, words = inner, attrs.get("caption", "")
        split = _FIRST_IMG.match(inner)
        if split:
            image, words = split.group(1), split.group(2).strip() or words
        caption_html = f"<figcaption>{words}</figcaption>" if words else ""
        return f"<figure>{image}{caption_html}</figure>"

    def gallery_images(match: re.Match[str]) -> str:
        found.converted["gallery"] += 1
        ids = [i.strip() for i in attributes(match.group(1)).get("ids", "").split(",")
               if i.strip()]
        images = "".join(f'<img src="{html.escape(url, quote=True)}" '
                         f'alt="{html.escape(alt, quote=True)}">' for url, alt in gallery(ids))
        return f'<figure class="gallery">{images}</figure>' if images else ""

    def media(match: re.Match[str]) -> str:
        kind = match.group(1).lower()
        found.converted[kind] += 1
        attrs = attributes(match.group(2))
        src = attrs.get("src") or next(
            (v for k, v in attrs.items() if k in ("mp3", "m4a", "ogg", "wav", "mp4", "webm",
                                                 "ogv", "m4v", "mov")), "")
        if not src:
            return ""
        return (f'<{kind} controls src="{html.escape(src.strip(), quote=True)}"></{kind}>'
                f'\n<p><a href="{html.escape(src.strip(), quote=True)}">'
                f"{html.escape(src.strip().rsplit('/', 1)[-1])}</a></p>")

    def embed(match: re.Match[str]) -> str:
        found.converted["embed"] += 1
        return _embed_html(html.unescape(match.group(2)))

    def bare(match: re.Match[str]) -> str:
        url = match.group(1)
        host = (urlsplit(url).hostname or "").lower()
        if host not in _VIDEO_HOSTS or not embed_for(url):
            return match.group(0)
        found.converted["video address"] += 1
        return _embed_html(url)

    text = _CAPTION.sub(caption, text)
    text = _GALLERY.sub(gallery_images, text)
    text = _MEDIA.sub(media, text)
    text = _EMBED.sub(embed, text)
    text = _BARE_URL.sub(bare, text)
    for match in _UNKNOWN.finditer(text):
        name = match.group(1)
        if match.group(0).startswith("[/"):
            continue
        closing = f"[/{name}]" in text
        if closing or "=" in match.group(0):
            found.unknown[name] += 1
    return text
