"""SVG pictures from contributors: an SVG is a document, not just a picture, and opened on
its own it runs any script inside it with the site's address. Files in content/ that could
do that are refused, with what was found and where."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharesite.errors import Diagnostic, error

_SCRIPTING = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
_URL_ATTRIBUTES = {"href", "xlink:href", "src", "action", "formaction", "from", "to",
                   "values"}
_ACTIVE_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.I)


@dataclass(frozen=True)
class Drawings:
    """What the SVG files in content/ are: each read once a build."""

    problems: list[Diagnostic]  # the ones that could run script (refused)
    refused: frozenset[str]  # their content-relative paths
    sizes: dict[str, tuple[int, int]]  # the size each of the others asks for, if it does


def read_drawings(content_dir: Path, files: Iterable[str]) -> Drawings:
    """The SVG files among `files` (content-relative): those that could run script when
    opened (they are published as they are), and the size each other one asks for, for
    its <img>'s width and height."""
    problems: list[Diagnostic] = []
    refused: set[str] = set()
    sizes: dict[str, tuple[int, int]] = {}
    for rel in files:
        if not rel.lower().endswith(".svg"):
            continue
        root, found = _parse(content_dir / rel)
        if found is None and root is not None:
            found = _scripting(root)
        if found is not None:
            refused.add(rel)
            problems.append(error(
                "content/" + rel, found[0], f"this SVG has {found[1]}, which could run "
                "script on the site", "save the picture again as a plain SVG (in "
                "Inkscape: Save as, Optimized SVG) or as a PNG"))
        elif root is not None and (size := _size(root)) is not None:
            sizes[rel] = size
    return Drawings(problems, frozenset(refused), sizes)


def _parse(path: Path) -> tuple[Any, tuple[int, str] | None]:
    """The SVG's root element, or (line, why) it is not well-formed."""
    from lxml import etree  # type: ignore[import-untyped]  # lxml comes with feedgen

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=False)
    try:
        return etree.parse(str(path), parser).getroot(), None
    except (etree.XMLSyntaxError, OSError) as exc:
        line = getattr(exc, "lineno", 0) or 0
        return None, (line, "it is not a well-formed SVG file, so what it would do cannot "
                            "be told")


def _scripting(root: Any) -> tuple[int, str] | None:
    """(line, what was found) if the drawing could run script; None if it is a plain
    picture."""
    from lxml import etree

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


def _size(root: Any) -> tuple[int, int] | None:
    """The width and height a drawing asks for (its width and height in pixels, else its
    viewBox); None when it says neither."""
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
