"""Theme files published smaller than they are written: stylesheets are minified.

A theme's stylesheet is written to be read (comments, one declaration a line); readers'
browsers need none of that. rcssmin removes comments and spaces only, so the published
file means the same as its source, and the same source always gives the same bytes.
Comments that start `/*!` are kept: that is how a stylesheet says "keep this notice"
(a licence that asks to be kept with the code).
"""

from __future__ import annotations

from pathlib import Path

import rcssmin

# Part of each minified file's key: another version of rcssmin may write other bytes.
MINIFIER = ("rcssmin", rcssmin.__version__, "keep /*! comments")


def minifies(path: str) -> bool:
    """Whether the theme's static file published at `path` is published minified."""
    return path.lower().endswith(".css")


def minify_css(source: bytes) -> bytes:
    """A stylesheet without its comments (but `/*! … */`) and spaces. A file that is not
    UTF-8 (CSS in another encoding, or not CSS at all) is published as it is."""
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError:
        return source
    minified: str = rcssmin.cssmin(text, keep_bang_comments=True)
    return minified.encode("utf-8")


def minified(file: Path) -> bytes:
    """The published bytes of the stylesheet `file`."""
    return minify_css(file.read_bytes())
