"""Images as markup: `<picture>` with a WebP (and AVIF) `srcset`, a fallback `srcset`, the
`sizes` of the theme's column, and the width and height of the processed image, so the
page does not jump as it loads. The first image of a page loads at once, at high priority;
the others when the reader scrolls near them. Feeds get a plain `<img>`: readers' apps
show a `<picture>` inconsistently.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from urllib.parse import unquote

from markupsafe import Markup

from sharesite.config import SiteConfig
from sharesite.content.markdown import MARK
from sharesite.images.picture import Picture
from sharesite.site.links import file_address

# The default theme's text column (--measure: 44rem) and its cards (a third of it, a grid
# column of 16-22rem); on a phone, the screen's width.
COLUMN = "(min-width: 46rem) 44rem, 100vw"
CARD = "(min-width: 36rem) 22rem, 100vw"
FEED_WIDTH = 960

_IMG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


def picture_markup(config: SiteConfig, picture: Picture, alt: str, sizes: str = COLUMN,
                   eager: bool = False, css_class: str = "", width: int | None = None,
                   extra: Mapping[str, str] | None = None) -> Markup:
    """A `<picture>` for `picture`, its links under the site's base path. `width`: the
    width the writer asked for (the height follows); `extra`: more attributes for the img
    (already escaped)."""
    shown_w = width or picture.width
    shown_h = max(1, round(picture.height * shown_w / picture.width))
    if width:
        sizes = f"{width}px"
    elif picture.width < 704:  # narrower than the column (44rem): never stretched
        sizes = f"(max-width: {picture.width}px) 100vw, {picture.width}px"
    parts = ["<picture>"]
    for fmt in picture.formats:
        srcset = _srcset(config, picture, fmt)
        parts.append(f'<source type="image/{fmt}" srcset="{srcset}" sizes="{sizes}">')
    fallback = picture.at_most(min(shown_w * 2, 1600) if width else 960)
    attrs = [("src", file_address(config, fallback.path)),
             ("srcset", _srcset(config, picture, picture.fallback_format)),
             ("sizes", sizes), ("width", str(shown_w)), ("height", str(shown_h)),
             ("alt", alt)]
    if css_class:
        attrs.insert(0, ("class", css_class))
    attrs += [("fetchpriority", "high")] if eager else [("loading", "lazy")]
    attrs.append(("decoding", "async"))
    text = " ".join(f'{name}="{html.escape(value, quote=True)}"' for name, value in attrs)
    if extra:
        text += "".join(f' {name}="{value}"' for name, value in extra.items())
    parts.append(f"<img {text}>")
    parts.append("</picture>")
    return Markup("".join(parts))


def _srcset(config: SiteConfig, picture: Picture, fmt: str) -> str:
    return ", ".join(f"{html.escape(file_address(config, v.path), quote=True)} "
                     f"{v.width}w" for v in picture.copies(fmt))


def with_pictures(body: str, config: SiteConfig, pictures: Mapping[str, Picture],
                  originals: Mapping[str, str], drawings: Mapping[str, tuple[int, int]],
                  first_eager: bool, absolute: bool = False) -> str:
    """A page's HTML with each `<img>` of a processed image as a `<picture>` (in a feed,
    as an `<img>` of one copy, its address absolute); an SVG's gets its width and height.
    `pictures` by content file, `originals`: where each one's original would have been (a
    site path) → its content file; `drawings`: SVG sizes by content file."""
    if "<img" not in body:
        return body
    first = [first_eager]

    def replace(match: re.Match[str]) -> str:
        attrs = dict(_ATTR.findall(match.group(0)))
        src = html.unescape(attrs.get("src", ""))
        target = unquote(src[len(MARK) + 1:].partition("#")[0].partition("?")[0])
        if src.startswith(MARK + "/"):
            target = originals.get(target, target)  # content/'s own files: the same path
        picture = pictures.get(target) if src.startswith(MARK) else None
        if picture is None or picture.drawing:
            first[0] = False
            size = drawings.get(target if src.startswith(MARK) else "")
            if size is None or "width" in attrs or "height" in attrs:
                return match.group(0)
            return match.group(0)[:-1].rstrip("/ ") + \
                f' width="{size[0]}" height="{size[1]}">'  # an SVG: no layout shift either
        alt = html.unescape(attrs.get("alt", ""))
        written = attrs.get("width", "")
        width = int(written) if written.isdigit() and 0 < int(written) < picture.width \
            else None
        if absolute:
            copy = picture.at_most(width or FEED_WIDTH)
            height = round(copy.height * (width or copy.width) / copy.width)
            address = file_address(config, copy.path, absolute=True)
            return (f'<img src="{html.escape(address, quote=True)}" '
                    f'width="{width or copy.width}" height="{height}" '
                    f'alt="{html.escape(alt, quote=True)}">')
        extra = {k: v for k, v in attrs.items() if k in ("id", "title", "lang", "dir")}
        eager, first[0] = first[0], False
        return str(picture_markup(config, picture, alt, eager=eager,
                                  css_class=html.unescape(attrs.get("class", "")),
                                  width=width, extra=extra))

    return _IMG.sub(replace, body)


def image_of(target: str, originals: Mapping[str, str]) -> str:
    """The content file an image reference names: "@posts/x/a.jpg" (content-relative) or
    "/images/a.jpg" (a site path, where the original would have been published, looked up
    in `originals`); "" for an address elsewhere."""
    if target.startswith("@"):
        return target[1:]
    if target.startswith("/"):
        return originals.get(unquote(target.partition("?")[0].partition("#")[0])[1:], "")
    return ""
