"""A source file → a `Document`: typed front matter (every key with its line) and safe HTML.

Front matter is read node by node, not through PyYAML's YAML 1.1 guessing (`NO` → False,
`12:30` → 750): each known key is converted by its own type from the text as written, so
a title is always text and a bad date is reported with its line.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from frontmatter.default_handlers import YAMLHandler

from sharesite.config import SiteConfig
from sharesite.content.discover import Kind, Source
from sharesite.content.markdown import EMBED_NAMES, URL_SCHEME, LinkRef, MarkdownRenderer
from sharesite.errors import Diagnostic, did_you_mean, error, warning

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
_FRONT_MATTER = YAMLHandler()
# libyaml's parser when PyYAML has it (about 10x faster); the nodes and marks are the same.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class FileRef:
    path: str  # content-relative
    title: str
    size: int
    line: int


@dataclass(frozen=True)
class Credit:
    title: str
    url: str
    author: str
    licence: str
    line: int


@dataclass(frozen=True)
class ImageFacts:
    """What front matter says about one image beside the page (`images: {trip.jpg: …}`)."""

    path: str  # content-relative
    pupils: bool  # it shows pupils
    consent: str  # the lawful basis for publishing it: "recorded", "public-task" or ""
    review_by: dt.date | None  # when the school must look at the consent again
    decorative: bool  # adds nothing for a reader who cannot see it: no alt text needed
    line: int


CONSENT = {"recorded": "the school holds consent for this photo",
           "public-task": "the school publishes it as part of its public task"}


@dataclass(frozen=True)
class Shown:
    """An image the page's text shows."""

    src: str  # as written
    target: str  # "@content/relative" for a file in content/, else ""
    alt: str | None  # None: no alt attribute at all
    line: int


@dataclass(frozen=True)
class ProfileLink:
    title: str
    url: str


@dataclass(frozen=True)
class Document:
    """One source file, read and checked. Fields a kind does not use stay empty."""

    source: Source
    title: str
    name: str  # slug source: front-matter slug, else file/folder name without its date
    body_html: str
    words: int
    links: tuple[LinkRef, ...]
    summary: str
    date: dt.datetime | None = None
    updated: dt.datetime | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    draft: bool = False
    cover: str = ""  # content-relative path or absolute URL
    cover_alt: str = ""
    aliases: tuple[str, ...] = ()
    # resources
    subjects: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    type: str = ""
    licence: str = ""
    files: tuple[FileRef, ...] = ()
    adapted_from: tuple[Credit, ...] = ()
    duration: str = ""
    # authors
    role: str = ""
    school: str = ""
    expertise: tuple[str, ...] = ()
    profile_links: tuple[ProfileLink, ...] = ()
    images: tuple[ImageFacts, ...] = ()  # front matter's facts about its images
    shown: tuple[Shown, ...] = ()  # the images its text shows
    # pages
    menu: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # front-matter key → line
    digest: str = ""  # of everything it was made from: what a rebuild compares

    @property
    def path(self) -> str:
        """The file's path from the site folder, as messages show it."""
        return "content/" + self.source.path

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


_COMMON = ("title", "date", "updated", "summary", "tags", "authors", "author", "slug",
           "draft", "cover", "cover_alt", "aliases", "images")
KEYS = {
    Kind.POST: _COMMON,
    Kind.RESOURCE: (*_COMMON, "subjects", "levels", "type", "licence", "license", "files",
                 "adapted_from", "duration"),
    Kind.PAGE: ("title", "summary", "slug", "draft", "cover", "cover_alt", "aliases", "menu",
             "date", "updated", "images"),
    Kind.AUTHOR: ("name", "role", "school", "expertise", "links", "summary"),
}


class _Reader:
    """Converts front-matter nodes to typed values, collecting problems with their lines."""

    def __init__(self, path: str, tz: ZoneInfo) -> None:
        self.path = path
        self.tz = tz
        self.problems: list[Diagnostic] = []
        self.written_as: dict[str, str] = {}  # key → the spelling the file used

    def fail(self, line: int, message: str, hint: str) -> None:
        self.problems.append(error(self.path, line, message, hint))

    def text(self, key: str, node: yaml.Node, line: int) -> str:
        if isinstance(node, yaml.ScalarNode):
            return "" if _is_null(node) else str(node.value).strip()
        self.fail(line, f"{key}: must be text, not a list", f"write it as {key}: some text")
        return ""

    def flag(self, key: str, node: yaml.Node, line: int) -> bool:
        value = node.value.strip().lower() if isinstance(node, yaml.ScalarNode) else None
        if value in ("true", "yes", "on"):
            return True
        if value in ("false", "no", "off", "", "~", "null"):
            return False
        self.fail(line, f"{key}: {_show(node)} is not true or false", f"write {key}: true")
        return False

    def words(self, key: str, node: yaml.Node, line: int) -> tuple[str, ...]:
        """A list of text, or one comma-separated line of text."""
        if isinstance(node, yaml.ScalarNode):
            if _is_null(node):
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
        if parsed is None:
            self.fail(line, f"{key}: {_show(node)} is not a date",
                      "use YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time too")
        return parsed

    def records(self, key: str, node: yaml.Node, line: int, fields: tuple[str, ...],
                plain: str | None) -> list[tuple[dict[str, str], int]]:
        """A list of mappings with text values; a plain text item fills the `plain` field."""
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if isinstance(node, yaml.ScalarNode) and _is_null(node):
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
                        record[name] = "" if _is_null(v) else str(v.value).strip()
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


def read_source(site_root: Path, source: Source) -> tuple[str | None, Diagnostic | None]:
    """The file's text, BOM-less with \n line ends, or the reason it cannot be read."""
    shown = "content/" + source.path
    data = (site_root / "content" / source.path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, error(shown, line, "this file is not UTF-8 text",
                           "save it as UTF-8 in your editor; in Notepad: Save as, Encoding UTF-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Word's manual line break (\v) and page breaks (\f) pasted from Word or a PDF are
    # line ends; other characters that XML forbids (feeds are XML) are invisible: dropped.
    return _NOT_XML.sub("", text.replace("\v", "\n").replace("\f", "\n")), None


def load_document(config: SiteConfig, source: Source, text: str,
                  renderer: MarkdownRenderer) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one source's text into a Document; None when an error leaves nothing usable."""
    shown = "content/" + source.path
    reader = _Reader(shown, config.tz)
    fields, body, body_line = _split(text, reader)
    if fields is None:
        return None, reader.problems

    known = KEYS[source.kind]
    lines = {key: line for key, (_, line) in fields.items()}
    lines.update({written: lines[key] for key, written in reader.written_as.items()})
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, (node, line) in fields.items():
        if key not in known:
            guess = did_you_mean(key, known)
            if guess:
                reader.problems.append(warning(shown, line, f"unknown key {key!r}", guess))
            extra[key] = _plain(node)
            continue
        values[key] = _convert(reader, key, node, line)

    title_key = "name" if source.kind == Kind.AUTHOR else "title"
    title = values.get(title_key, "")
    if not title and not any(p.line == lines.get(title_key) for p in reader.problems):
        reader.fail(lines.get(title_key, 1), f"{title_key} is missing",
                    f"add a line {title_key}: ... to the front matter")

    match = _DATE_PREFIX.match(source.name)
    name = values.get("slug") or (match.group(4) if match else source.name)
    date = values.get("date")
    if date is None and match and source.kind in (Kind.POST, Kind.RESOURCE):
        date = parse_date("-".join(match.groups()[:3]), config.tz)
        if date is None:
            reader.fail(1, f"the file name starts with {'-'.join(match.groups()[:3])!r}, "
                        "which is not a date", "name it YYYY-MM-DD-title.md with a real date")
    if date is None and source.kind in (Kind.POST, Kind.RESOURCE) and "date" not in values \
            and not match:
        reader.fail(1, "date is missing", "add date: YYYY-MM-DD, or start the file name with "
                    "the date, like 2024-01-05-my-post.md")

    if values.get("cover") and not values.get("cover_alt"):
        reader.fail(lines["cover"], "cover_alt is missing",
                    "describe the cover image for readers who cannot see it: cover_alt: ...")

    directory = source.directory
    files: list[FileRef] = []
    for record, line in values.get("files", []):
        rel = record.get("path", "")
        target = _inside(directory, rel)
        file_path = config.content_dir / target if target else None
        if not rel or target is None or file_path is None or not file_path.is_file():
            reader.fail(line, f"files: {rel!r} does not exist",
                        f"put the file in {'content/' + directory}/ or fix its name")
            continue
        title_text = record.get("title") or Path(rel).name
        files.append(FileRef(target, title_text, file_path.stat().st_size, line))

    credits = []
    for record, line in values.get("adapted_from", []):
        if not record.get("title"):
            reader.fail(line, "adapted_from: title is missing",
                        "give the title of the work this adapts")
        url = _checked_url(reader, "adapted_from: url", record.get("url", ""), line,
                           relative=True)
        credits.append(Credit(record.get("title", ""), url, record.get("author", ""),
                              record.get("licence", ""), line))
    profile_links = []
    for record, line in values.get("links", []):
        url = _checked_url(reader, "links: url", record.get("url", ""), line, mail=True)
        if url:
            profile_links.append(ProfileLink(record.get("title") or url, url))
    if values.get("cover"):
        values["cover"] = _checked_url(reader, "cover", values["cover"], lines["cover"],
                                       relative=True)

    rendered = renderer.render(body, directory)
    for src in rendered.blocked_embeds:
        reader.problems.append(warning(
            shown, _line_of(body, src, body_line, attr="src"),
            f"the embedded frame from {src!r} was removed",
            f"sharesite embeds only {EMBED_NAMES}; link to it instead"))
    if rendered.lost_words > 20:  # the rest of a post gone after an unclosed <style>…
        reader.problems.append(warning(
            shown, body_line, f"{rendered.lost_words} words of this text were removed by "
            "the safety filter, probably after an unclosed <style>, <script> or <math> tag",
            "close the tag or remove it: only ordinary formatting HTML is kept"))
    images_shown = tuple(
        Shown(src, next((ln.target for ln in rendered.links if ln.text == src.strip()
                         and ln.target.startswith("@")), ""), alt,
              _line_of(body, src, body_line))
        for src, alt in rendered.images)
    facts = _image_facts(reader, config, directory, values.get("images"))

    if any(p.is_error for p in reader.problems):
        return None, reader.problems
    summary = values.get("summary") or summarise(rendered.html)
    document = Document(
        source=source,
        title=title,
        name=name,
        body_html=rendered.html,
        words=len(_TAG.sub(" ", rendered.html).split()),
        links=rendered.links,
        summary=summary,
        date=date,
        updated=values.get("updated"),
        tags=values.get("tags", ()),
        authors=values.get("authors", ()),
        draft=values.get("draft", False),
        cover=_cover(directory, values.get("cover", "")),
        cover_alt=values.get("cover_alt", ""),
        aliases=values.get("aliases", ()),
        subjects=values.get("subjects", ()),
        levels=values.get("levels", ()),
        type=values.get("type", ""),
        licence=values.get("licence", ""),
        files=tuple(files),
        adapted_from=tuple(credits),
        duration=values.get("duration", ""),
        role=values.get("role", ""),
        school=values.get("school", ""),
        expertise=values.get("expertise", ()),
        profile_links=tuple(profile_links),
        images=facts,
        shown=images_shown,
        menu=values.get("menu"),
        extra=extra,
        lines={**lines, "body": body_line,
               **{"link:" + ln.text: _line_of(body, ln.text, body_line)
                  for ln in rendered.links}},
    )
    return document, reader.problems


_IMAGE_FIELDS = ("pupils", "consent", "review_by", "decorative")


def _image_facts(reader: _Reader, config: SiteConfig, directory: str,
                 found: tuple[str, yaml.Node, int] | None) -> tuple[ImageFacts, ...]:
    """`images: {trip.jpg: {pupils: true, consent: recorded, review_by: 2027-07-31}}`."""
    if found is None:
        return ()
    _, node, line = found
    if isinstance(node, yaml.ScalarNode) and _is_null(node):
        return ()
    example = "images: {trip.jpg: {pupils: true, consent: recorded, review_by: 2027-07-31}}"
    if not isinstance(node, yaml.MappingNode):
        reader.fail(line, "images: must name each image with what is true of it",
                    "write " + example)
        return ()
    facts: list[ImageFacts] = []
    for name_node, value in node.value:
        at = name_node.start_mark.line + 2
        name = str(name_node.value).strip()
        target = _inside(directory, name)
        if target is None or not (config.content_dir / target).is_file():
            reader.fail(at, f"images: {name!r} is not a file beside this page",
                        f"put it in content/{directory}/ or fix its name")
            continue
        if not isinstance(value, yaml.MappingNode):
            reader.fail(at, f"images: {name}: must be a list of facts about it",
                        "write " + example)
            continue
        fields: dict[str, tuple[yaml.Node, int]] = {}
        for key_node, field_node in value.value:
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 2
            if key not in _IMAGE_FIELDS:
                reader.fail(key_line, f"images: {name}: unknown field {key!r}",
                            did_you_mean(key, _IMAGE_FIELDS) or
                            "use " + ", ".join(_IMAGE_FIELDS))
            else:
                fields[key] = (field_node, key_line)
        pupils = reader.flag("pupils", *fields["pupils"]) if "pupils" in fields else False
        decorative = reader.flag("decorative", *fields["decorative"]) \
            if "decorative" in fields else False
        consent = reader.text("consent", *fields["consent"]).lower() \
            if "consent" in fields else ""
        if consent and consent not in CONSENT:
            reader.fail(fields["consent"][1], f"images: {name}: consent: {consent!r} is not a "
                        "lawful basis sharesite knows",
                        did_you_mean(consent, CONSENT) or "use consent: recorded or "
                        "consent: public-task")
        elif pupils and not consent:
            reader.fail(at, f"images: {name} shows pupils, but its consent is not recorded",
                        "add consent: recorded (the school holds parents' consent for this "
                        "photo) or consent: public-task, or leave the photo out")
        review_by = None
        if "review_by" in fields:
            when = reader.date("images: review_by", *fields["review_by"])
            review_by = when.date() if when else None
        facts.append(ImageFacts(target, pupils, consent, review_by, decorative, at))
    return tuple(facts)


def _convert(reader: _Reader, key: str, node: yaml.Node, line: int) -> Any:
    converters: dict[str, Callable[[str, yaml.Node, int], Any]] = {
        "date": reader.date, "updated": reader.date, "draft": reader.flag,
        "tags": reader.words, "authors": reader.words, "aliases": reader.words,
        "subjects": reader.words, "levels": reader.words, "expertise": reader.words,
    }
    if key == "author":
        return reader.words(key, node, line)
    if key == "files":
        return reader.records(key, node, line, ("path", "title"), plain="path")
    if key == "images":
        return (key, node, line)  # read once the folder is known: see _image_facts
    if key == "adapted_from":
        return reader.records(key, node, line, ("title", "url", "author", "licence"), None)
    if key == "links":
        return reader.records(key, node, line, ("title", "url"), plain="url")
    if key == "menu":
        value = reader.text(key, node, line).lower()
        if value in ("true", "yes"):
            return 0
        if value in ("false", "no", ""):
            return None
        if value.isdigit():
            return int(value)
        reader.fail(line, f"menu: {value!r} is not a number", "write menu: 1 (its place)")
        return None
    return converters.get(key, reader.text)(key, node, line)


def _split(text: str, reader: _Reader) -> tuple[dict[str, tuple[yaml.Node, int]] | None, str,
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


_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _checked_url(reader: _Reader, key: str, url: str, line: int, relative: bool = False,
                 mail: bool = False) -> str:
    """`url` if it is a web address (or, where allowed, a path on the site); else ""
    with an error. Browsers ignore tabs, newlines and case in a scheme, so this does too."""
    if not url:
        return ""
    scheme = URL_SCHEME.match(_INVISIBLE.sub("", url))
    allowed = ("http", "https", "mailto") if mail else ("http", "https")
    if scheme is None and (relative or url.startswith("//")):
        return url
    if scheme is not None and scheme.group(1).lower() in allowed:
        return url
    reader.fail(line, f"{key}: {url!r} is not a web address",
                "write a full address like https://example.org/page"
                + (" or a path on this site like /resources/x/" if relative else ""))
    return ""


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


def _is_null(node: yaml.ScalarNode) -> bool:
    return not node.style and node.value in ("", "~", "null", "Null", "NULL")


def _plain(node: yaml.Node) -> Any:
    """An unknown key's value for themes: YAML 1.2-style plain values."""
    if isinstance(node, yaml.SequenceNode):
        return [_plain(n) for n in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): _plain(v) for k, v in node.value}
    if not isinstance(node, yaml.ScalarNode):
        return None
    value = str(node.value)
    if node.style:  # quoted ("" or None is plain: libyaml and PyYAML differ)
        return value
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _is_null(node):
        return None
    if re.fullmatch(r"[-+]?\d+", value):
        return int(value)
    if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?", value):
        return float(value)
    return value


def _show(node: yaml.Node) -> str:
    return repr(node.value) if isinstance(node, yaml.ScalarNode) else "a list"


def _inside(directory: str, rel: str) -> str | None:
    """`rel` from a file in `directory`, as a content-relative path; None if it leaves."""
    joined = posixpath.normpath(posixpath.join(directory, rel.strip()))
    return None if joined.startswith("..") or joined.startswith("/") else joined


def _cover(directory: str, cover: str) -> str:
    if not cover or re.match(r"^[a-z]+://", cover):
        return cover
    if cover.startswith("/"):
        return cover
    return "@" + (_inside(directory, cover) or cover)


def _line_of(body: str, needle: str, body_line: int, attr: str = "") -> int:
    """The line where `needle` stands as a link target or `attr` value, else anywhere."""
    first = (f'{attr}="{needle}"', f"{attr}='{needle}'", f"{attr}={needle}") if attr else ()
    for pattern in (*first, f"]({needle}", f"]: {needle}", f"<{needle}>", f'"{needle}"',
                    f"'{needle}'", f"={needle}", needle):
        index = body.find(pattern)
        if index >= 0:
            return body_line + body[:index].count("\n")
    return body_line


_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


def summarise(body_html: str, limit: int = 200) -> str:
    """The first paragraph with words in it, as plain text, cut at a word near `limit`."""
    for match in _PARAGRAPH.finditer(body_html):
        text = " ".join(html.unescape(_TAG.sub("", match.group(1))).split())
        if text:
            if len(text) <= limit:
                return text
            cut = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:—-")
            return cut + "…"
    return ""


def link_line(document: Document, link: LinkRef) -> int:
    """The line a link from this document stands on, for messages."""
    return document.lines.get("link:" + link.text, document.lines.get("body", 1))
