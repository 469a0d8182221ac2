"""Export files parsed without trusting them: no DTD, no entities (no billion laughs), no
external references; the undeclared prefixes real exports use repaired with a warning; each
element's line kept so that every message can say where.

PHP-serialized meta values stay text: nothing here or elsewhere unserializes them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from sharesite.importer.model import BadExport

# Prefixes real exports use without declaring them (old WordPress.com files: atom:;
# Blogger backups: app:), with the namespace each one always means.
KNOWN_PREFIXES = {
    "atom": "http://www.w3.org/2005/Atom",
    "app": "http://purl.org/atom/app#",
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "thr": "http://purl.org/syndication/thread/1.0",
    "gd": "http://schemas.google.com/g/2005",
    "georss": "http://www.georss.org/georss",
    "openSearch": "http://a9.com/-/spec/opensearchrss/1.0/",
    "media": "http://search.yahoo.com/mrss/",
}
_FIRST_TAG = re.compile(rb"<(?![?!])[A-Za-z_][\w.:-]*")


class _Builder(ET.TreeBuilder):
    """A tree builder that notes the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.parser: expat.XMLParserType | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[id(element)] = self.parser.CurrentLineNumber
        return element


class Parsed:
    """A parsed file: its root, each element's line, what was repaired."""

    def __init__(self, root: ET.Element, lines: dict[int, int], warnings: list[str],
                 keep: list[ET.Element]) -> None:
        self.root = root
        self._lines = lines
        self.warnings = warnings
        self._keep = keep  # ids stay valid while the elements live

    def line(self, element: ET.Element) -> int:
        return self._lines.get(id(element), 0)


def repair_prefixes(data: bytes, name: str) -> tuple[bytes, list[str]]:
    """`data` with a declaration added to the root element for each known prefix used but
    never declared, and a warning for each."""
    warnings = []
    missing = []
    for prefix, uri in KNOWN_PREFIXES.items():
        use = re.search(rb"<\/?" + prefix.encode() + rb":[A-Za-z_]", data)
        if use and (b"xmlns:" + prefix.encode() + b"=") not in data:
            line = data.count(b"\n", 0, use.start()) + 1
            warnings.append(f"{name}:{line}: warning: the prefix {prefix}: is used but never "
                            f"declared: read as {uri} (repaired)")
            missing.append(f' xmlns:{prefix}="{uri}"'.encode())
    if not missing:
        return data, []
    first = _FIRST_TAG.search(data)
    if first is None:
        return data, []
    return data[:first.end()] + b"".join(missing) + data[first.end():], warnings


def parse(data: bytes, name: str) -> Parsed:
    """The file's tree. Raises BadExport with `name:line:col: …` for broken XML or a DTD."""
    data, warnings = repair_prefixes(data, name)
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    builder.parser = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as exc:
        line, col = builder.parser.CurrentLineNumber, builder.parser.CurrentColumnNumber + 1
        raise BadExport(
            f"{name}:{line}:{col}: the file declares a DTD or entities ({type(exc).__name__}), "
            "which no blog export has: refused, as such a file can be made to exhaust memory "
            "(export the blog again from its dashboard)") from None
    except ET.ParseError as exc:
        line, col = exc.position
        what = str(exc).split(":")[0]
        raise BadExport(
            f"{name}:{line}:{col + 1}: this is not well-formed XML: {what} (the file was cut "
            "short or edited; export it again from the blog's dashboard, or fix the XML at "
            "that place)") from None
    keep = list(root.iter())
    return Parsed(root, builder.lines, warnings, keep)


def local(tag: str) -> str:
    """"{ns}name" → "name"."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def text_of(element: ET.Element | None) -> str:
    """The element's text (all of it, CDATA included), "" when absent."""
    return "".join(element.itertext()) if element is not None else ""
