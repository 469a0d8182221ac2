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

import yaml

from sharesite.config import SiteConfig
from sharesite.content.discover import Kind, Source
from sharesite.content.episode import KEYS as EPISODE_KEYS
from sharesite.content.episode import EpisodeFacts, episode_facts
from sharesite.content.frontmatter import Reader, is_null, parse_date, plain, show, split
from sharesite.content.markdown import EMBED_NAMES, URL_SCHEME, LinkRef, MarkdownRenderer
from sharesite.errors import Diagnostic, did_you_mean, error, warning
from sharesite.language_settings import base_of, known_language

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")


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
class ContactFacts:
    """A way to reach a school (or, in an offer, the person offering), as front matter wrote
    it: its own enquiry form, its contact page, the office details it already publishes, a
    role mailbox. Addresses are checked to be web addresses; the mailbox an e-mail address."""

    form: str = ""
    page: str = ""
    office: str = ""
    mailbox: str = ""  # without "mailto:"
    line: int = 0
    lines: tuple[tuple[str, int], ...] = ()  # field → its line

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, self.line)


@dataclass(frozen=True)
class Occasion:
    """When something happens, as front matter wrote it: date-times in the site's zone, or
    whole days. An all-day `end` is the day after the last (exclusive, as iCalendar has it):
    front matter's "end: 2027-02-16" means the event runs through the 16th."""

    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    all_day: bool
    line: int


@dataclass(frozen=True)
class OfferFacts:
    """One entry of `offers:` or `seeking:` as written: its form checked here, its kind and
    areas against the vocabulary (and its age) when the site is put together."""

    kind: str
    areas: tuple[str, ...]
    format: str  # "in-person" | "online" | "either" | ""
    when: str
    note: str
    contact: ContactFacts | None
    reviewed: dt.date | None
    seeking: bool  # an entry of `seeking:`: what the school is looking for
    line: int  # where the entry starts
    lines: tuple[tuple[str, int], ...] = ()  # field → its line
    dates: tuple[Occasion, ...] = ()  # `dates:`: each one an event too (site.events)

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, self.line)

    @property
    def key(self) -> str:
        """"offers" or "seeking": the front-matter key it is listed under."""
        return "seeking" if self.seeking else "offers"


@dataclass(frozen=True)
class EventFacts:
    """An event's own front matter (content/events/*.md), its form checked here; the school
    and author ids it names are looked up when the site is put together."""

    occasion: Occasion
    repeat: str  # an RFC 5545 RRULE value ("FREQ=WEEKLY;INTERVAL=6;COUNT=5"), "" for none
    location_kind: str  # "school" | "place" | "online"
    location_school: str = ""  # a school id (content/schools/<id>.md)
    location_name: str = ""
    location_address: str = ""
    online_url: str = ""
    phases: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    booking_url: str = ""
    booking_mailbox: str = ""
    booking_note: str = ""  # "just come"
    capacity: int | None = None
    cost: str = "free"
    organiser_school: str = ""  # a school id
    organiser_author: str = ""  # an author id
    cancelled: bool = False
    cancelled_reason: str = ""


OFFER_FORMATS = ("in-person", "online", "either")
CONTACT_FIELDS = ("form", "page", "office", "mailbox")
_OFFER_FIELDS = ("kind", "areas", "format", "when", "note", "contact", "reviewed", "dates")
# The school phases a profile may give (config.PHASES less a trust's, a network's, …).
SCHOOL_PHASES = ("nursery", "infant", "junior", "primary", "middle", "secondary",
                 "all-through", "sixth-form", "special", "alternative-provision",
                 "further-education")
MAILBOX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


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
    date_only: bool = False  # `date` was written as a day, without a time (feeds need it)
    updated_date_only: bool = False
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    draft: bool = False
    cover: str = ""  # content-relative path or absolute URL
    cover_alt: str = ""
    aliases: tuple[str, ...] = ()
    # An imported item's old feed entry id (front matter `id:`), kept as its id in this
    # site's feeds so that readers who follow the move do not see it as new; "" for the
    # default, the item's address.
    entry_id: str = ""
    # resources
    subjects: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    type: str = ""
    licence: str = ""
    files: tuple[FileRef, ...] = ()
    adapted_from: tuple[Credit, ...] = ()
    duration: str = ""
    # A resource taken down: its page becomes a short notice, its files go, and other
    # sites are told (a tombstone in resources.json) to drop it.
    withdrawn: dt.date | None = None
    withdrawn_reason: str = ""  # plain text
    # authors
    role: str = ""
    school: str = ""
    expertise: tuple[str, ...] = ()
    profile_links: tuple[ProfileLink, ...] = ()
    school_id: str = ""  # an author's school profile (content/schools/<id>.md)
    # schools (and authors' offers)
    phase: str = ""
    region: str = ""
    local_authority: str = ""
    size: str = ""
    setting: str = ""
    website: str = ""
    contact: ContactFacts | None = None
    offers: tuple[OfferFacts, ...] = ()  # `offers:` then `seeking:`, as written
    event: EventFacts | None = None  # an event's start, end, place, booking, …
    episode: EpisodeFacts | None = None  # `audio:` and the rest: an episode of a show
    images: tuple[ImageFacts, ...] = ()  # front matter's facts about its images
    shown: tuple[Shown, ...] = ()  # the images its text shows
    # pages
    menu: int | None = None
    # On a site in several languages: the language it is written in (from its file name,
    # "trip.cy.md", or `lang:`; else the site's first), and the file it translates when
    # the names differ (`translation_of:`). "" on a site in one language.
    lang: str = ""
    translation_of: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # front-matter key → line
    digest: str = ""  # of everything it was made from: what a rebuild compares

    @property
    def path(self) -> str:
        """The file's path from the site folder, as messages show it."""
        return "content/" + self.source.path

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


# An event's own keys, read together (`event_facts`); "organizer" is "organiser".
EVENT_KEYS = ("start", "end", "repeat", "location", "online_url", "for", "booking", "capacity",
              "cost", "organiser", "cancelled", "cancelled_reason")
_COMMON = ("title", "date", "updated", "summary", "tags", "authors", "author", "slug",
           "draft", "cover", "cover_alt", "aliases", "images", "id", "lang", "translation_of")
KEYS = {
    Kind.POST: (*_COMMON, *EPISODE_KEYS),
    Kind.RESOURCE: (*_COMMON, *EPISODE_KEYS, "subjects", "levels", "type", "licence",
                    "license", "files", "adapted_from", "duration", "withdrawn",
                    "withdrawn_reason"),
    Kind.PAGE: ("title", "summary", "slug", "draft", "cover", "cover_alt", "aliases", "menu",
             "date", "updated", "images", "id", "lang", "translation_of"),
    Kind.AUTHOR: ("name", "role", "school", "expertise", "links", "summary", "school_id",
                  "offers", "seeking"),
    Kind.SCHOOL: ("name", "phase", "region", "local_authority", "size", "setting", "website",
                  "contact", "expertise", "offers", "seeking", "summary"),
    Kind.EVENT: ("title", "summary", "slug", "draft", "tags", "aliases", "cover", "cover_alt",
                 "images", "date", "updated", "organizer", "lang", "translation_of",
                 *EVENT_KEYS),
}


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
    reader = Reader(shown, config.tz)
    fields, body, body_line = split(text, reader)
    if fields is None:
        return None, reader.problems

    known = KEYS[source.kind]
    lines = {key: line for key, (_, line) in fields.items()}
    lines.update({written: lines[key] for key, written in reader.written_as.items()})
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, (node, line) in fields.items():
        if key in _WITHDRAWN and key not in known:
            reader.problems.append(warning(
                shown, line, f"{key}: only resources are withdrawn, so this is ignored",
                "to take a post or page down, delete it, or mark it draft: true"))
            continue
        if key not in known:
            guess = did_you_mean(key, known)
            if guess:
                reader.problems.append(warning(shown, line, f"unknown key {key!r}", guess))
            extra[key] = plain(node)
            continue
        values[key] = _convert(reader, key, node, line)

    title_key = "name" if source.kind in (Kind.AUTHOR, Kind.SCHOOL) else "title"
    title = values.get(title_key, "")
    if not title and not any(p.line == lines.get(title_key) for p in reader.problems):
        reader.fail(lines.get(title_key, 1), f"{title_key} is missing",
                    f"add a line {title_key}: ... to the front matter")

    lang, stem = _language(reader, config, source, values.get("lang", ""),
                           lines.get("lang", 1))
    match = _DATE_PREFIX.match(stem)
    name = values.get("slug") or (match.group(4) if match else stem)
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

    if "withdrawn_reason" in values and "withdrawn" not in fields:
        reader.problems.append(warning(
            shown, lines["withdrawn_reason"], "withdrawn_reason is given, but not withdrawn",
            "add withdrawn: YYYY-MM-DD (the day it was taken down), or remove the reason"))
    withdrawn = values.get("withdrawn")

    entry_id = _entry_id(reader, values.get("id", ""), lines.get("id", 1)) \
        if "id" in fields else ""

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
    website = _checked_url(reader, "website", values.get("website", ""),
                           lines.get("website", 1))
    phase = values.get("phase", "")
    if phase and slug_for_phase(phase) not in SCHOOL_PHASES:
        reader.problems.append(warning(
            shown, lines["phase"], f"phase: {phase!r} is not a school phase sharesite knows",
            did_you_mean(slug_for_phase(phase), SCHOOL_PHASES)
            or "use one of " + ", ".join(SCHOOL_PHASES)))
    elif phase:
        phase = slug_for_phase(phase)
    offers = tuple(_offers(reader, key, *values[key]) for key in ("offers", "seeking")
                   if key in values)
    contact = _contact(reader, "contact", *values["contact"]) if "contact" in values \
        else None
    if "organizer" in values and "organiser" not in values:
        values["organiser"] = values.pop("organizer")
    event = event_facts(reader, values, lines.get("title", 1)) \
        if source.kind == Kind.EVENT else None
    episode = episode_facts(reader, {k: values[k] for k in EPISODE_KEYS if k in values},
                            directory, config.content_dir) \
        if source.kind in (Kind.POST, Kind.RESOURCE) else None
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
        date_only=date is not None and ("date" not in values or "date" in reader.date_only),
        updated_date_only="updated" in reader.date_only,
        tags=values.get("tags", ()),
        authors=values.get("authors", ()),
        draft=values.get("draft", False),
        cover=_cover(directory, values.get("cover", "")),
        cover_alt=values.get("cover_alt", ""),
        aliases=values.get("aliases", ()),
        entry_id=entry_id,
        subjects=values.get("subjects", ()),
        levels=values.get("levels", ()),
        type=values.get("type", ""),
        licence=values.get("licence", ""),
        files=tuple(files),
        adapted_from=tuple(credits),
        duration=values.get("duration", ""),
        withdrawn=withdrawn.astimezone(config.tz).date() if withdrawn else None,
        withdrawn_reason=values.get("withdrawn_reason", "") if withdrawn else "",
        role=values.get("role", ""),
        school=values.get("school", ""),
        expertise=values.get("expertise", ()),
        profile_links=tuple(profile_links),
        school_id=values.get("school_id", ""),
        phase=phase,
        region=values.get("region", ""),
        local_authority=values.get("local_authority", ""),
        size=values.get("size", ""),
        setting=values.get("setting", ""),
        website=website,
        contact=contact,
        offers=tuple(o for found in offers for o in found),
        event=event,
        episode=episode,
        images=facts,
        shown=images_shown,
        menu=values.get("menu"),
        lang=lang,
        translation_of=values.get("translation_of", "").strip(),
        extra=extra,
        lines={**lines, "body": body_line,
               **{"link:" + ln.text: _line_of(body, ln.text, body_line)
                  for ln in rendered.links}},
    )
    return document, reader.problems


def _language(reader: Reader, config: SiteConfig, source: Source, written: str,
              line: int) -> tuple[str, str]:
    """The language `source` is written in, and its name without the language's suffix
    ("2026-11-22-trip.cy" → "2026-11-22-trip"). On a site in one language, "" and the name
    as it is (a `lang:` other than the site's is an error)."""
    codes = [lang.code for lang in config.languages] or [config.language]
    by_name = {code.lower(): code for code in codes}
    bases = [base_of(code) for code in codes]
    by_name.update({base: code for base, code in zip(bases, codes, strict=True)
                    if bases.count(base) == 1 and base not in by_name})
    stem, suffix, found = source.name, "", ""
    if config.multilingual:
        file_stem = source.path.rpartition("/")[2][:-len(".md")]
        head, dot, tail = file_stem.rpartition(".")
        if dot and head and re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", tail) \
                and known_language(tail):
            suffix = tail
            found = by_name.get(tail.lower(), "")
            if not found:
                reader.fail(1, f"the file name says it is in {tail!r}, which is not one of "
                            f"the site's languages ({', '.join(codes)})",
                            "add the language to `languages` in site.toml, or rename the "
                            f"file with one of {', '.join(sorted(by_name))}")
            if not source.is_bundle:
                stem = stem[:-len(suffix) - 1]
    if written:
        code = by_name.get(written.lower(), "")
        if not code:
            reader.fail(line, f"lang: {written!r} is not one of the site's languages "
                        f"({', '.join(codes)})", "use one of them, or add it to `languages` "
                        "in site.toml")
        elif found and code != found:
            reader.fail(line, f"lang: {written!r}, but the file name says {suffix!r}",
                        "make them the same, or remove lang:")
        found = code or found
    if not config.multilingual:
        return "", stem
    return found or codes[0], stem


_WITHDRAWN = ("withdrawn", "withdrawn_reason")
ENTRY_ID_LIMIT = 500  # WordPress guids and Blogger ids are far shorter
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _entry_id(reader: Reader, value: str, line: int) -> str:
    """`id:`, an imported item's old feed entry id: one line of text, at most
    ENTRY_ID_LIMIT characters ("" with an error when not)."""
    if not value:
        if not any(p.line == line for p in reader.problems):  # not refused as a list
            reader.fail(line, "id: is empty", "give the item's old feed entry id, like "
                        "id: http://old.example/?p=12, or remove the line")
        return ""
    if _CONTROL.search(value):
        reader.fail(line, "id: must be one line of text",
                    "write the old entry id on the same line as id:")
        return ""
    if len(value) > ENTRY_ID_LIMIT:
        reader.fail(line, f"id: is {len(value)} characters long, more than {ENTRY_ID_LIMIT}",
                    "give the item's old feed entry id, or remove the line")
        return ""
    if not _SCHEME.match(value) or " " in value:
        reader.problems.append(warning(
            reader.path, line, f"id: {value!r} is not written as an address",
            "Atom feeds want an id like http://old.example/?p=12 or tag:example.org,2024:1; "
            "it is used as written"))
    return value
_IMAGE_FIELDS = ("pupils", "consent", "review_by", "decorative")


def _image_facts(reader: Reader, config: SiteConfig, directory: str,
                 found: tuple[str, yaml.Node, int] | None) -> tuple[ImageFacts, ...]:
    """`images: {trip.jpg: {pupils: true, consent: recorded, review_by: 2027-07-31}}`."""
    if found is None:
        return ()
    _, node, line = found
    if isinstance(node, yaml.ScalarNode) and is_null(node):
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


def _convert(reader: Reader, key: str, node: yaml.Node, line: int) -> Any:
    converters: dict[str, Callable[[str, yaml.Node, int], Any]] = {
        "date": reader.date, "updated": reader.date, "withdrawn": reader.date,
        "draft": reader.flag,
        "tags": reader.words, "authors": reader.words, "aliases": reader.words,
        "subjects": reader.words, "levels": reader.words, "expertise": reader.words,
    }
    if key == "author":
        return reader.words(key, node, line)
    if key == "files":
        return reader.records(key, node, line, ("path", "title"), plain="path")
    if key == "images":
        return (key, node, line)  # read once the folder is known: see _image_facts
    if key in ("offers", "seeking", "contact") or key in EVENT_KEYS or key == "organizer" \
            or key in EPISODE_KEYS:  # an episode's: see sharesite.content.episode
        return (node, line)  # read with their own fields: see _offers, _contact, event_facts
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


def slug_for_phase(phase: str) -> str:
    """"All-through", "alternative provision" → "all-through", "alternative-provision"."""
    return "-".join(phase.lower().replace("_", " ").replace("-", " ").split())


_OFFER_EXAMPLE = "- {kind: visit, areas: [KS1 phonics], format: in-person, reviewed: 2026-09-01}"


def _offers(reader: Reader, key: str, node: yaml.Node, line: int) -> list[OfferFacts]:
    """`offers:` or `seeking:`: a list of what a school or person offers (or looks for),
    each with its kind, areas, format, when, note, contact and the day it was reviewed."""
    if isinstance(node, yaml.ScalarNode) and is_null(node):
        return []
    if not isinstance(node, yaml.SequenceNode):
        reader.fail(line, f"{key}: must be a list, one entry a line", "write it as\n"
                    f"{key}:\n  {_OFFER_EXAMPLE}")
        return []
    out: list[OfferFacts] = []
    for item in node.value:
        at = item.start_mark.line + 2
        if not isinstance(item, yaml.MappingNode):
            reader.fail(at, f"{key}: each entry must say its kind, areas and when it was "
                        "reviewed", "write " + _OFFER_EXAMPLE)
            continue
        fields: dict[str, tuple[yaml.Node, int]] = {}
        for key_node, value in item.value:
            name = str(key_node.value)
            name_line = key_node.start_mark.line + 2
            if name in ("capacity", "availability"):
                name = "when"
            if name not in _OFFER_FIELDS:
                reader.fail(name_line, f"{key}: unknown field {name!r}",
                            did_you_mean(name, _OFFER_FIELDS) or "use "
                            + ", ".join(_OFFER_FIELDS))
            else:
                fields[name] = (value, name_line)
        lines = tuple((name, found[1]) for name, found in fields.items())
        kind = reader.text(f"{key}: kind", *fields["kind"]) if "kind" in fields else ""
        if not kind:
            reader.fail(fields.get("kind", (None, at))[1], f"{key}: kind is missing",
                        "say what it is, like kind: visit or kind: mentoring")
        areas = reader.words(f"{key}: areas", *fields["areas"]) if "areas" in fields else ()
        if not areas:
            reader.fail(fields.get("areas", (None, at))[1], f"{key}: areas is missing",
                        "say what it is about, like areas: [KS1 phonics, early reading]")
        form = reader.text(f"{key}: format", *fields["format"]) if "format" in fields else ""
        if form and slug_for_phase(form) not in OFFER_FORMATS:
            reader.fail(fields["format"][1], f"{key}: format: {form!r} is not in-person, "
                        "online or either", did_you_mean(slug_for_phase(form), OFFER_FORMATS)
                        or "write format: in-person, format: online or format: either")
        reviewed = None
        if "reviewed" in fields:
            when = reader.date(f"{key}: reviewed", *fields["reviewed"])
            reviewed = when.date() if when else None
        out.append(OfferFacts(
            kind=kind, areas=areas,
            format=slug_for_phase(form) if slug_for_phase(form) in OFFER_FORMATS else "",
            when=reader.text(f"{key}: when", *fields["when"]) if "when" in fields else "",
            note=reader.text(f"{key}: note", *fields["note"]) if "note" in fields else "",
            contact=_contact(reader, f"{key}: contact", *fields["contact"])
            if "contact" in fields else None,
            reviewed=reviewed, seeking=key == "seeking", line=at, lines=lines,
            dates=_dates(reader, f"{key}: dates", *fields["dates"]) if "dates" in fields
            else ()))
    return out


def _contact(reader: Reader, key: str, node: yaml.Node, line: int) -> ContactFacts | None:
    """`contact: {form: https://…, page: https://…, office: "…", mailbox: cpd@…}`."""
    if isinstance(node, yaml.ScalarNode) and is_null(node):
        return None
    if not isinstance(node, yaml.MappingNode):
        reader.fail(line, f"{key}: must name each way to get in touch",
                    "write contact: {form: https://…, page: https://…, office: \"…\", "
                    "mailbox: office@…}")
        return None
    found: dict[str, str] = {}
    lines: list[tuple[str, int]] = []
    for key_node, value in node.value:
        name = str(key_node.value)
        at = key_node.start_mark.line + 2
        if name in ("email", "e-mail"):
            name = "mailbox"
        if name not in CONTACT_FIELDS:
            reader.fail(at, f"{key}: unknown field {name!r}",
                        did_you_mean(name, CONTACT_FIELDS) or "use "
                        + ", ".join(CONTACT_FIELDS))
            continue
        text = reader.text(f"{key}: {name}", value, at)
        lines.append((name, at))
        if name in ("form", "page"):
            text = _checked_url(reader, f"{key}: {name}", text, at)
        elif name == "mailbox":
            text = text.removeprefix("mailto:").strip()
            if text and not MAILBOX.match(text):
                reader.fail(at, f"{key}: mailbox: {text!r} is not an e-mail address",
                            "write a role mailbox like cpd@your-school.sch.uk")
                text = ""
        found[name] = text
    return ContactFacts(**found, line=line, lines=tuple(lines))


_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _checked_url(reader: Reader, key: str, url: str, line: int, relative: bool = False,
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


# Events (content/events/*.md): when, where, for whom, how to book.

_EVENT_EXAMPLE = "start: 2027-02-15 09:00 and end: 2027-02-15 15:30 (or whole days: " \
    "start: 2027-02-15)"
_TIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_REPEAT_UNITS = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY"}
_RRULE_PARTS = ("FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR",
                "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST")
_FREQS = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_FOR_FIELDS = ("phases", "subjects", "levels", "areas")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _moment(reader: Reader, key: str, node: yaml.Node, line: int
            ) -> dt.datetime | dt.date | None:
    """A day ("2027-02-15") or a time that day in the site's zone ("2027-02-15 09:00"):
    a day the calendar does not have, or a time the clocks skip, is an error."""
    raw = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
    found = _TIME.match(raw)
    if found is None:
        reader.fail(line, f"{key}: {show(node)} is not a date",
                    "write YYYY-MM-DD for a whole day, or YYYY-MM-DD HH:MM for a time")
        return None
    year, month, day = (int(found.group(n)) for n in (1, 2, 3))
    try:
        when = dt.date(year, month, day)
    except ValueError:
        month_name = _MONTHS[month - 1] if 1 <= month <= 12 else ""
        reader.fail(line, f"{key}: {raw} is not a day of the calendar"
                    + (f" ({month_name} {year} has no day {day})" if month_name else
                       f" (there is no month {month})"),
                    "check the day and the month: YYYY-MM-DD")
        return None
    if found.group(4) is None:
        return when
    hour, minute, second = int(found.group(4)), int(found.group(5)), int(found.group(6) or 0)
    if hour > 23 or minute > 59 or second > 59:
        reader.fail(line, f"{key}: {raw} is not a time of day",
                    "write the time as HH:MM on the 24-hour clock, like 09:00 or 15:30")
        return None
    local = dt.datetime.combine(when, dt.time(hour, minute, second), reader.tz)
    if local.astimezone(dt.UTC).astimezone(reader.tz).replace(tzinfo=None) != \
            local.replace(tzinfo=None):
        reader.fail(line, f"{key}: {raw} does not happen in {reader.tz.key}: the clocks go "
                    "forward then", "choose a time an hour later")
        return None
    return local


def _occasion(reader: Reader, key: str, start_found: tuple[yaml.Node, int],
              end_found: tuple[yaml.Node, int] | None) -> Occasion | None:
    """`start` and `end` read together: a timed start needs a later end; whole days end on
    or after the day they start (the end written inclusive, kept exclusive)."""
    prefix = f"{key}: " if key else ""
    start = _moment(reader, prefix + "start", *start_found)
    end = _moment(reader, prefix + "end", *end_found) if end_found else None
    line = start_found[1]
    if start is None or (end_found is not None and end is None):
        return None
    if isinstance(start, dt.datetime):
        if end is None:
            reader.fail(line, f"{prefix}end is missing: an event with a start time needs an "
                        "end time",
                        f"add the time it ends, like {prefix}end: {start:%Y-%m-%d} 15:30")
            return None
        if not isinstance(end, dt.datetime):
            reader.fail(end_found[1] if end_found else line, f"{prefix}end: {end} is a day, "
                        f"but the start ({start:%Y-%m-%d %H:%M}) has a time",
                        "give the end a time too, like "
                        f"{prefix}end: {end:%Y-%m-%d} 15:30")
            return None
        if end <= start:
            reader.fail(end_found[1] if end_found else line,
                        f"{prefix}end: {end:%Y-%m-%d %H:%M} is not after the start "
                        f"({start:%Y-%m-%d %H:%M})", "check the day and the time it ends")
            return None
        return Occasion(start, end, False, line)
    if isinstance(end, dt.datetime):
        reader.fail(end_found[1] if end_found else line, f"{prefix}end: "
                    f"{end:%Y-%m-%d %H:%M} has a time, but the start ({start}) is a whole day",
                    f"give the start a time too, or write {prefix}end: {end:%Y-%m-%d}")
        return None
    last = end if end is not None else start
    if last < start:
        reader.fail(end_found[1] if end_found else line,
                    f"{prefix}end: {last} is before the start ({start})",
                    "check the day it ends: the end is the last day of the event")
        return None
    return Occasion(start, last + dt.timedelta(days=1), True, line)


def _dates(reader: Reader, key: str, node: yaml.Node, line: int) -> tuple[Occasion, ...]:
    """An offer's `dates: [{start: …, end: …}]`: each one an event."""
    if isinstance(node, yaml.ScalarNode) and is_null(node):
        return ()
    example = "dates: [{start: 2027-03-04 09:00, end: 2027-03-04 12:00}]"
    if not isinstance(node, yaml.SequenceNode):
        reader.fail(line, f"{key}: must be a list of start and end times", "write " + example)
        return ()
    out: list[Occasion] = []
    for item in node.value:
        at = item.start_mark.line + 2
        if not isinstance(item, yaml.MappingNode):
            reader.fail(at, f"{key}: each entry must have a start and an end",
                        "write " + example)
            continue
        fields = _fields(reader, key, item, ("start", "end"))
        if "start" not in fields:
            reader.fail(at, f"{key}: start is missing", "write " + example)
            continue
        found = _occasion(reader, key, fields["start"], fields.get("end"))
        if found is not None:
            out.append(found)
    return tuple(out)


def _fields(reader: Reader, key: str, node: yaml.MappingNode, allowed: tuple[str, ...]
            ) -> dict[str, tuple[yaml.Node, int]]:
    """A mapping's fields with their lines; an unknown one is an error with a guess."""
    fields: dict[str, tuple[yaml.Node, int]] = {}
    for key_node, value in node.value:
        name = str(key_node.value)
        at = key_node.start_mark.line + 2
        if name not in allowed:
            reader.fail(at, f"{key}: unknown field {name!r}",
                        did_you_mean(name, allowed) or "use " + ", ".join(allowed))
        else:
            fields[name] = (value, at)
    return fields


def event_facts(reader: Reader, values: dict[str, Any], title_line: int
                ) -> EventFacts | None:
    """An event's front matter: when (needed), repeat, location (needed), who it is for,
    booking, capacity, cost, organiser, cancelled. None (with errors) when it cannot be
    used."""
    if "start" not in values:
        reader.fail(title_line, "start is missing", "say when it is: " + _EVENT_EXAMPLE)
        return None
    occasion = _occasion(reader, "", values["start"], values.get("end"))
    repeat = _repeat(reader, occasion, *values["repeat"]) if "repeat" in values else ""
    location = _location(reader, *values["location"]) if "location" in values else None
    if "location" not in values:
        reader.fail(title_line, "location is missing", "say where it is: location: "
                    "<a school's id>, location: {name: ..., address: ...} or location: online")
    online_url = _checked_url(reader, "online_url", reader.text("online_url",
                                                                *values["online_url"]),
                              values["online_url"][1]) if "online_url" in values else ""
    audience: dict[str, tuple[str, ...]] = {}
    if "for" in values:
        node, line = values["for"]
        if isinstance(node, yaml.MappingNode):
            for name, value in _fields(reader, "for", node, _FOR_FIELDS).items():
                audience[name] = reader.words(f"for: {name}", *value)
        elif not (isinstance(node, yaml.ScalarNode) and is_null(node)):
            reader.fail(line, "for: must say the phases, subjects, levels or areas it is for",
                        "write for: {phases: [primary], subjects: [english], levels: [KS2]}")
    booking = _booking(reader, *values["booking"]) if "booking" in values else ("", "", "")
    capacity = None
    if "capacity" in values:
        text = reader.text("capacity", *values["capacity"])
        if text.isdigit() and int(text) > 0:
            capacity = int(text)
        elif text:
            reader.fail(values["capacity"][1], f"capacity: {text!r} is not a number of places",
                        "write capacity: 40, or leave it out when anyone can come")
    organiser = ("", "")
    if "organiser" in values:
        node, line = values["organiser"]
        if isinstance(node, yaml.MappingNode):
            found = _fields(reader, "organiser", node, ("school", "author"))
            organiser = (reader.text("organiser: school", *found["school"])
                         if "school" in found else "",
                         reader.text("organiser: author", *found["author"])
                         if "author" in found else "")
        else:
            reader.fail(line, "organiser: must name a school, an author or both",
                        "write organiser: {school: <school id>, author: <author id>}")
    cancelled = reader.flag("cancelled", *values["cancelled"]) if "cancelled" in values \
        else False
    reason = reader.text("cancelled_reason", *values["cancelled_reason"]) \
        if "cancelled_reason" in values else ""
    if occasion is None or location is None:
        return None
    cost = reader.text("cost", *values["cost"]) if "cost" in values else ""
    return EventFacts(
        occasion=occasion, repeat=repeat, location_kind=location[0],
        location_school=location[1], location_name=location[2], location_address=location[3],
        online_url=online_url, phases=audience.get("phases", ()),
        subjects=audience.get("subjects", ()), levels=audience.get("levels", ()),
        areas=audience.get("areas", ()), booking_url=booking[0], booking_mailbox=booking[1],
        booking_note=booking[2], capacity=capacity, cost=cost or "free",
        organiser_school=organiser[0], organiser_author=organiser[1], cancelled=cancelled,
        cancelled_reason=reason if cancelled else "")


_REPEAT_EXAMPLE = "repeat: {every: 6 weeks, until: 2027-07-20}"


def _repeat(reader: Reader, occasion: Occasion | None, node: yaml.Node, line: int) -> str:
    """`repeat: {every: 6 weeks, until: 2027-07-20}` (or count: 5), or
    `repeat: {rrule: "FREQ=WEEKLY;INTERVAL=6;COUNT=5"}`: an RRULE value ("" with an error
    when it cannot be one). A series must end: an until or a count."""
    if isinstance(node, yaml.ScalarNode) and is_null(node):
        return ""
    if not isinstance(node, yaml.MappingNode):
        reader.fail(line, "repeat: must say how often and until when",
                    "write " + _REPEAT_EXAMPLE)
        return ""
    fields = _fields(reader, "repeat", node, ("every", "until", "count", "rrule"))
    if "rrule" in fields:
        if set(fields) != {"rrule"}:
            reader.fail(line, "repeat: rrule says it all: it cannot go with every, until or "
                        "count", "keep either the rrule or every with until or count")
            return ""
        return _rrule(reader, occasion, *fields["rrule"])
    if "every" not in fields:
        reader.fail(line, "repeat: every is missing", "write " + _REPEAT_EXAMPLE)
        return ""
    every = reader.text("repeat: every", *fields["every"]).lower().split()
    if len(every) == 1:
        every = ["1", *every]
    unit = every[1].removesuffix("s") if len(every) == 2 else ""
    if len(every) != 2 or not every[0].isdigit() or int(every[0]) < 1 \
            or unit not in _REPEAT_UNITS:
        reader.fail(fields["every"][1], f"repeat: every: {' '.join(every)!r} is not a number "
                    "of days, weeks or months", "write every: 6 weeks, every: week or "
                    "every: 2 months")
        return ""
    parts = [f"FREQ={_REPEAT_UNITS[unit]}"]
    if int(every[0]) > 1:
        parts.append(f"INTERVAL={int(every[0])}")
    if ("until" in fields) == ("count" in fields):
        reader.fail(line, "repeat: needs until (the last day) or count (how many times), "
                    "one of them", "write " + _REPEAT_EXAMPLE + " or repeat: {every: "
                    "6 weeks, count: 5}")
        return ""
    if "count" in fields:
        count = reader.text("repeat: count", *fields["count"])
        if not count.isdigit() or int(count) < 1:
            reader.fail(fields["count"][1], f"repeat: count: {count!r} is not a number of "
                        "times", "write count: 5 (how many times it happens, the first too)")
            return ""
        return ";".join([*parts, f"COUNT={int(count)}"])
    until = _moment(reader, "repeat: until", *fields["until"])
    if until is None:
        return ""
    if isinstance(until, dt.datetime):
        until = until.date()
    if occasion is not None and until < _day(occasion.start):
        reader.fail(fields["until"][1], f"repeat: until: {until} is before the start "
                    f"({_day(occasion.start)})", "give the day of the last one")
        return ""
    return ";".join([*parts, "UNTIL=" + _until(until, occasion, reader)])


def _day(moment: dt.datetime | dt.date) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _until(until: dt.date, occasion: Occasion | None, reader: Reader) -> str:
    """RFC 5545's UNTIL: a date for whole days; for timed events, the end of that day in
    the site's zone as UTC (a DTSTART with a zone needs a UTC UNTIL)."""
    if occasion is None or occasion.all_day:
        return f"{until:%Y%m%d}"
    last = dt.datetime.combine(until, dt.time(23, 59, 59), reader.tz).astimezone(dt.UTC)
    return f"{last:%Y%m%dT%H%M%SZ}"


def _rrule(reader: Reader, occasion: Occasion | None, node: yaml.Node, line: int) -> str:
    """An RRULE written out ("FREQ=WEEKLY;INTERVAL=6;COUNT=5"), checked part by part and
    then by dateutil (what calendars will make of it), with an end: COUNT or UNTIL."""
    text = reader.text("repeat: rrule", node, line).removeprefix("RRULE:").strip()
    hint = "write it like FREQ=WEEKLY;INTERVAL=6;COUNT=5 (RFC 5545), or use every and until"
    parts: dict[str, str] = {}
    for part in text.split(";"):
        name, equals, value = part.partition("=")
        name = name.strip().upper()
        if not equals or name not in _RRULE_PARTS or not value.strip():
            reader.fail(line, f"repeat: rrule: {part!r} is not a part of a repeat rule", hint)
            return ""
        parts[name] = value.strip().upper()
    if parts.get("FREQ") not in _FREQS:
        reader.fail(line, f"repeat: rrule: FREQ={parts.get('FREQ', '')} is not how often "
                    "(DAILY, WEEKLY, MONTHLY or YEARLY)", hint)
        return ""
    if ("COUNT" in parts) == ("UNTIL" in parts):
        reader.fail(line, "repeat: rrule: needs COUNT or UNTIL, one of them (a series must "
                    "end)", hint)
        return ""
    from dateutil.rrule import rrulestr  # as calendars read it

    start = occasion.start if occasion is not None else dt.datetime(2000, 1, 1)
    if isinstance(start, dt.datetime):
        start = start.astimezone(dt.UTC)
    else:
        start = dt.datetime.combine(start, dt.time())
    rule = ";".join(f"{k}={v}" for k, v in parts.items())
    try:
        rrulestr(rule, dtstart=start)
    except (ValueError, TypeError) as exc:
        reader.fail(line, f"repeat: rrule: {text!r} is not a repeat rule ({exc})", hint)
        return ""
    return rule


def _location(reader: Reader, node: yaml.Node, line: int
              ) -> tuple[str, str, str, str] | None:
    """(kind, school id, name, address): `online`, a school's id, or {name, address}."""
    if isinstance(node, yaml.ScalarNode) and not is_null(node):
        text = str(node.value).strip()
        if text.lower() == "online":
            return ("online", "", "Online", "")
        return ("school", text, "", "")
    if isinstance(node, yaml.MappingNode):
        fields = _fields(reader, "location", node, ("name", "address"))
        name = reader.text("location: name", *fields["name"]) if "name" in fields else ""
        address = reader.text("location: address", *fields["address"]) \
            if "address" in fields else ""
        if name or address:
            return ("place", "", name or address, address)
    reader.fail(line, "location: must be a school, a place or online",
                "write location: <a school's id>, location: {name: Town Library, address: "
                "\"1 High St, Northfield\"} or location: online")
    return None


def _booking(reader: Reader, node: yaml.Node, line: int) -> tuple[str, str, str]:
    """(url, mailbox, note): a web address, {email: a role mailbox}, or words ("just
    come")."""
    if isinstance(node, yaml.MappingNode):
        fields = _fields(reader, "booking", node, ("url", "email", "mailbox"))
        url = _checked_url(reader, "booking: url", reader.text("booking: url", *fields["url"]),
                           fields["url"][1]) if "url" in fields else ""
        found = fields.get("email") or fields.get("mailbox")
        mailbox = reader.text("booking: email", *found).removeprefix("mailto:").strip() \
            if found else ""
        if found and not MAILBOX.match(mailbox):
            reader.fail(found[1], f"booking: email: {mailbox!r} is not an e-mail address",
                        "write a role mailbox like cpd@your-school.sch.uk")
            mailbox = ""
        return (url, mailbox, "")
    text = reader.text("booking", node, line)
    if URL_SCHEME.match(_INVISIBLE.sub("", text)) or text.startswith("//"):
        return (_checked_url(reader, "booking", text, line), "", "")
    if MAILBOX.match(text.removeprefix("mailto:")):
        return ("", text.removeprefix("mailto:"), "")
    return ("", "", text)
