"""Front matter's YAML, read node by node: each key's value with its line, and the
helpers that turn a node into a typed value or a problem a teacher can act on.

PyYAML's YAML 1.1 guessing (`NO` → False, `12:30` → 750) is never used: a value is read
by the type its key needs, from the text as written. A YAML mistake is reported at the
line of the file where it is (the front matter starts on line 2), and where something was
opened and never closed (a list, a quote), at the line it opened.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from frontmatter.default_handlers import YAMLHandler

from sharesite.errors import Diagnostic, did_you_mean, error

_FRONT_MATTER = YAMLHandler()
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# libyaml's parser when PyYAML has it (about 10x faster); the nodes and marks are the same.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Reader:
    """Converts front-matter nodes to typed values, collecting problems with their lines."""

    def __init__(self, path: str, tz: ZoneInfo) -> None:
        self.path = path
        self.tz = tz
        self.problems: list[Diagnostic] = []
        self.written_as: dict[str, str] = {}  # key → the spelling the file used
        self.date_only: set[str] = set()  # date keys written as a day, without a time

    def fail(self, line: int, message: str, hint: str) -> None:
        self.problems.append(error(self.path, line, message, hint))

    def text(self, key: str, node: yaml.Node, line: int) -> str:
        if isinstance(node, yaml.ScalarNode):
            return "" if is_null(node) else str(node.value).strip()
        self.fail(line, f"{key}: must be text, not a list", f"write it as {key}: some text")
        return ""

    def flag(self, key: str, node: yaml.Node, line: int) -> bool:
        value = node.value.strip().lower() if isinstance(node, yaml.ScalarNode) else None
        if value in ("true", "yes", "on"):
            return True
        if value in ("false", "no", "off", "", "~", "null"):
            return False
        self.fail(line, f"{key}: {show(node)} is not true or false", f"write {key}: true")
        return False

    def words(self, key: str, node: yaml.Node, line: int) -> tuple[str, ...]:
        """A list of text, or one comma-separated line of text."""
        if isinstance(node, yaml.ScalarNode):
            if is_null(node):
                return ()
            return tuple(p.strip() for p in str(node.value).split(",") if p.strip())
        if isinstance(node, yaml.SequenceNode):
            out = []
            for item in node.value:
                if isinstance(item, yaml.ScalarNode):
                    if str(item.value).strip():
                        out.append(str(item.value).strip())
                else:
                    self.fail(item.start_mark.line + 2, f"{key}: each item must be text",
                              f"write {key}: [first, second]")
            return tuple(out)
        self.fail(line, f"{key}: must be a list", f"write {key}: [first, second]")
        return ()

    def date(self, key: str, node: yaml.Node, line: int) -> dt.datetime | None:
        raw = node.value.strip() if isinstance(node, yaml.ScalarNode) else None
        parsed = parse_date(raw, self.tz) if raw else None
        if parsed is not None and raw is not None and _DAY.fullmatch(raw):
            self.date_only.add(key)  # written without a time
        if parsed is None:
            self.fail(line, f"{key}: {show(node)} is not a date",
                      "use YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time too")
        return parsed

    def records(self, key: str, node: yaml.Node, line: int, fields: tuple[str, ...],
                plain: str | None) -> list[tuple[dict[str, str], int]]:
        """A list of mappings with text values; a plain text item fills the `plain` field."""
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if isinstance(node, yaml.ScalarNode) and is_null(node):
            return []
        out: list[tuple[dict[str, str], int]] = []
        example = ", ".join(f"{f}: ..." for f in fields)
        for item in items:
            item_line = item.start_mark.line + 2
            if isinstance(item, yaml.ScalarNode) and plain:
                out.append(({plain: str(item.value).strip()}, item_line))
            elif isinstance(item, yaml.MappingNode):
                record: dict[str, str] = {}
                for k, v in item.value:
                    name = str(k.value)
                    if name not in fields:
                        self.fail(k.start_mark.line + 2, f"{key}: unknown field {name!r}",
                                  did_you_mean(name, fields) or f"use {', '.join(fields)}")
                    elif isinstance(v, yaml.ScalarNode):
                        record[name] = "" if is_null(v) else str(v.value).strip()
                    else:
                        self.fail(v.start_mark.line + 2, f"{key}: {name} must be text",
                                  f"write {name}: some text")
                out.append((record, item_line))
            else:
                self.fail(item_line, f"{key}: each item must be {{{example}}}",
                          f"write - {{{example}}}")
        return out


def parse_date(raw: str, tz: ZoneInfo) -> dt.datetime | None:
    """'2024-01-05', '2024-01-05 09:30' or ISO 8601; no zone means the site's zone."""
    try:
        value = dt.datetime.fromisoformat(raw.replace(" ", "T", 1) if " " in raw else raw)
    except ValueError:
        return None
    return value.replace(tzinfo=tz) if value.tzinfo is None else value


def split(text: str, reader: Reader) -> tuple[dict[str, tuple[yaml.Node, int]] | None, str,
                                                int]:
    """(front-matter key → (node, line)), body, and the body's first line number."""
    start = len(text) - len(text.lstrip("\n"))  # blank lines before the opening ---
    if not _FRONT_MATTER.detect(text[start:]):
        return {}, text, 1
    lines = text.split("\n")
    closing = next((i for i in range(start + 1, len(lines))
                    if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        reader.fail(start + 1, "the front matter starts with --- but never ends",
                    "add a line with just --- after the last key")
        return None, "", 1
    # Blank lines stand in for the ones before the block, so YAML's line numbers stay
    # the file's (minus the opening ---, which every caller adds back).
    raw = "\n" * start + "\n".join(lines[start + 1:closing])
    body = "\n".join(lines[closing + 1:])
    try:
        node = _compose(raw)
    except yaml.MarkedYAMLError as exc:
        reader.fail(*_yaml_problem(exc, lines))
        return None, "", 1
    except yaml.YAMLError as exc:
        reader.fail(1, f"the front matter is not valid YAML: {exc}", "check its indentation")
        return None, "", 1
    if node is None:
        return {}, body, closing + 2
    if not isinstance(node, yaml.MappingNode):
        reader.fail(2, "the front matter must be key: value lines",
                    "write it as title: My post, one key per line")
        return None, "", 1
    fields: dict[str, tuple[yaml.Node, int]] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 2
        if not isinstance(key_node, yaml.ScalarNode):
            reader.fail(key_line, "a front-matter key must be a plain word", "write key: value")
            continue
        key = str(key_node.value)
        if key in fields:
            reader.fail(key_line, f"{key} is given twice", "keep one of them")
            continue
        fields[key] = (value_node, key_line)
    if "author" in fields and "authors" in fields:
        reader.fail(fields["author"][1], "both author and authors are given",
                    "keep authors: [a, b] only")
    if "license" in fields and "licence" not in fields:
        fields["licence"] = fields.pop("license")
    if "author" in fields:  # messages about it still name the key as written: `author`
        fields["authors"] = fields.pop("author")
        reader.written_as["authors"] = "author"
    return fields, body, closing + 2


def _compose(raw: str) -> yaml.Node | None:
    """The front matter's YAML nodes. libyaml is fast; on an error the pure-Python parser
    runs again, so the message a teacher sees is the same on every machine."""
    try:
        return yaml.compose(raw, Loader=_LOADER)
    except yaml.MarkedYAMLError:
        if _LOADER is yaml.SafeLoader:
            raise
        return yaml.compose(raw, Loader=yaml.SafeLoader)


_UNCLOSED = {
    "while parsing a flow sequence": ("the list that starts with [ is not closed",
                                      "end it with ], like tags: [maths, fractions]"),
    "while parsing a flow mapping": ("the { that starts here is not closed", "end it with }"),
    "while scanning a quoted scalar": ("the quote that starts here is not closed",
                                       "end the text with the same quote mark"),
}


def _yaml_problem(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str, str]:
    """(file line, message, hint) for a YAML error in front matter (which starts on line 2).
    Where the mistake is where something opened (a list, a quote), point there."""
    problem = exc.problem or "this is not valid YAML"
    unclosed = _UNCLOSED.get(exc.context or "")
    mark = exc.context_mark if unclosed and exc.context_mark else exc.problem_mark
    line = mark.line + 2 if mark else 1
    key, colon, value = (lines[line - 1] if 0 < line <= len(lines) else "").partition(":")
    key = key.strip() if colon and re.fullmatch(r"[A-Za-z_][\w-]*", key.strip()) else ""
    if unclosed:
        return line, (f"{key}: " if key else "") + unclosed[0], unclosed[1]
    if problem.startswith("mapping values are not allowed") and key:
        shown = value.strip() if len(value.strip()) <= 40 else value.strip()[:36] + "…"
        return (line, f"{key}: this text has a colon in it, so it needs quotes",
                f'write {key}: "{shown}"')
    return (line, f"the front matter is not valid YAML: {problem}",
            "check the spaces at the start of this line and the one above: keys line up "
            "under each other, and list items start with - under their key")


def is_null(node: yaml.ScalarNode) -> bool:
    return not node.style and node.value in ("", "~", "null", "Null", "NULL")


def plain(node: yaml.Node) -> Any:
    """An unknown key's value for themes: YAML 1.2-style plain values."""
    if isinstance(node, yaml.SequenceNode):
        return [plain(n) for n in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): plain(v) for k, v in node.value}
    if not isinstance(node, yaml.ScalarNode):
        return None
    value = str(node.value)
    if node.style:  # quoted ("" or None is plain: libyaml and PyYAML differ)
        return value
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if is_null(node):
        return None
    if re.fullmatch(r"[-+]?\d+", value):
        return int(value)
    if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?", value):
        return float(value)
    return value


def show(node: yaml.Node) -> str:
    return repr(node.value) if isinstance(node, yaml.ScalarNode) else "a list"
