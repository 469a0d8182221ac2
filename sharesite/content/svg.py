"""SVG pictures from contributors: an SVG is a document, not just a picture, and opened on
its own it runs any script inside it with the site's address. Files in content/ that could
do that are refused, with what was found and where."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from sharesite.errors import Diagnostic, error

_SCRIPTING = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
_URL_ATTRIBUTES = {"href", "xlink:href", "src", "action", "formaction", "from", "to",
                   "values"}
_ACTIVE_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.I)


def svg_problem(path: Path) -> tuple[int, str] | None:
    """(line, what was found) if the SVG at `path` could run script; None if it is a
    plain picture."""
    from lxml import etree  # type: ignore[import-untyped]  # lxml comes with feedgen

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        line = getattr(exc, "lineno", 0) or 0
        return line, "it is not a well-formed SVG file, so what it would do cannot be told"
    for element in root.iter():
        if not isinstance(element.tag, str):
            if element.tag is etree.PI:
                return element.sourceline or 0, "a processing instruction (<?…?>)"
            continue
        name = etree.QName(element).localname.lower()
        if name in _SCRIPTING:
            return element.sourceline or 0, f"a <{etree.QName(element).localname}> element"
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname.lower()
            shown = local if "}" not in attribute else f"xlink:{local}"
            if local.startswith("on"):
                return element.sourceline or 0, f"an event handler ({local}=)"
            if (local in _URL_ATTRIBUTES or shown in _URL_ATTRIBUTES) and \
                    _ACTIVE_URL.match(value):
                return element.sourceline or 0, f"a {value.split(':')[0].strip()}: link"
            if local == "style" and re.search(r"expression\s*\(|javascript:", value, re.I):
                return element.sourceline or 0, "script in a style attribute"
    return None


_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def svg_size(path: Path) -> tuple[int, int] | None:
    """The width and height an SVG picture asks for (its width and height in pixels, else
    its viewBox), for an <img>'s width and height; None when it says neither."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError):
        return None
    width, height = (_LENGTH.match(root.get(k) or "") for k in ("width", "height"))
    if width and height:
        size = (round(float(width.group(1))), round(float(height.group(1))))
    else:
        box = (root.get("viewBox") or "").replace(",", " ").split()
        try:
            size = (round(float(box[2])), round(float(box[3]))) if len(box) == 4 else (0, 0)
        except ValueError:
            return None
    return size if 0 < size[0] <= 100_000 and 0 < size[1] <= 100_000 else None


def svg_sizes(content_dir: Path, files: Iterable[str]) -> dict[str, tuple[int, int]]:
    """The size of each SVG picture among `files` (content-relative) that says its size."""
    return {rel: size for rel in files if rel.lower().endswith(".svg")
            if (size := svg_size(content_dir / rel)) is not None}


def svg_problems(content_dir: Path, files: Iterable[str]) -> list[Diagnostic]:
    """SVG files among `files` (content-relative) that could run script when opened (they
    are published as they are)."""
    problems = []
    for rel in files:
        if rel.lower().endswith(".svg"):
            found = svg_problem(content_dir / rel)
            if found is not None:
                problems.append(error(
                    "content/" + rel, found[0], f"this SVG has {found[1]}, which could run "
                    "script on the site", "save the picture again as a plain SVG (in "
                    "Inkscape: Save as, Optimized SVG) or as a PNG"))
    return problems
