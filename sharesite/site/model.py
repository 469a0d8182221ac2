"""The site as data: pages, authors, tags, facets and the Site that holds them.

Where each of them is published is decided in `sharesite.site.urls`; how documents become
a Site, in `sharesite.site.assemble`.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast
from urllib.parse import quote

from markupsafe import Markup

from sharesite.config import SiteConfig
from sharesite.content.discover import Kind, Source
from sharesite.content.document import Document, ProfileLink
from sharesite.content.episode import Chapter
from sharesite.content.markdown import LinkRef
from sharesite.images.picture import Picture
from sharesite.licences import LICENCES, Licence, find_licence
from sharesite.podcast_settings import PodcastSettings
from sharesite.site.languages import Translations
from sharesite.site.links import file_address
from sharesite.site.urls import Urls, slug_for

if TYPE_CHECKING:  # sharesite.site.hub reads the model's network classes
    from sharesite.site.events import Words
    from sharesite.site.hub import Hub

T = TypeVar("T")


@dataclass(frozen=True)
class Tag:
    key: str
    name: str
    slug: str
    count: int

    @property
    def path(self) -> str:
        return Urls.tag(self.slug)

    @property
    def feed_path(self) -> str:
        return Urls.feed_of(self.path)


FACETS = (("subjects", "Subject"), ("levels", "Level"), ("types", "Type"))


@dataclass(frozen=True)
class Facet:
    """One value of a library facet, e.g. subject "maths", with its own page and feed."""

    kind: str  # "subjects" | "levels" | "types"
    name: str  # as the vocabulary spells it
    slug: str
    count: int
    order: int  # the vocabulary's order first, then other values by name
    shown_as: str = ""  # its label in the site's language (site.toml [lang.<code>.labels])

    @property
    def path(self) -> str:
        return f"resources/{self.kind}/{self.slug}/"

    @property
    def feed_path(self) -> str:
        return Urls.feed_of(self.path)

    @property
    def group(self) -> str:
        """"Subject", "Level" or "Type"."""
        return dict(FACETS)[self.kind]

    @property
    def label(self) -> str:
        """The value as shown: its label in the site's language, else types read as words
        ("lesson-plan" → "Lesson plan")."""
        if self.shown_as:
            return self.shown_as
        if self.kind == "types":
            words = self.name.replace("-", " ")
            return words[:1].upper() + words[1:]
        return self.name


@dataclass(frozen=True, eq=False)  # one object per author: compared by identity
class Author:
    id: str
    name: str
    slug: str
    role: str = ""
    school: str = ""
    expertise: tuple[str, ...] = ()
    links: tuple[ProfileLink, ...] = ()
    school_id: str = ""  # their school's profile on this site (content/schools/<id>.md)
    document: Document | None = None
    bio: Markup = field(default_factory=Markup)  # safe HTML, links resolved under the base path

    @property
    def path(self) -> str:
        return Urls.author(self.slug)

    @property
    def school_path(self) -> str:
        """Their school's profile here, when they name one (`school_id`)."""
        return Urls.school(slug_for(self.school_id)) if self.school_id else ""

    @property
    def feed_path(self) -> str:
        return Urls.feed_of(self.path)

    @property
    def summary(self) -> str:
        return self.document.summary if self.document else ""


@dataclass(frozen=True)
class Contact:
    """How to reach a school, in its order of preference: its own enquiry form, its contact
    page, the office details it already publishes, a role mailbox (shown so that simple
    harvesters miss it). Web addresses are http(s); the mailbox is never made from a name."""

    form: str = ""
    page: str = ""
    office: str = ""
    mailbox: str = ""

    def __bool__(self) -> bool:
        return bool(self.form or self.page or self.office or self.mailbox)

    @property
    def mailbox_parts(self) -> tuple[str, ...]:
        """The mailbox cut at "@" and ".", each a part of its own ("cpd", "@", "school",
        ".", "uk"): shown as separate text, the address is read whole but never written."""
        parts: list[str] = []
        user, _, domain = self.mailbox.partition("@")
        parts.append(user)
        if domain:
            parts.append("@")
            for number, label in enumerate(domain.split(".")):
                parts += [".", label] if number else [label]
        return tuple(p for p in parts if p)


@dataclass(frozen=True)
class Offer:
    """What a school or a person offers another school (a visit, mentoring, …), or with
    `seeking`, what it is looking for. Peers' offers come with their school's name and
    profile address on the peer's site (`school_url`); the site's own have `school_id`."""

    kind: str  # slug, e.g. "open-classroom"
    kind_label: str  # as shown: "Open classroom"
    areas: tuple[tuple[str, str], ...]  # (label, slug), the vocabulary's spelling first
    format: str  # "in-person" | "online" | "either" | ""
    when: str
    note: str
    contact: Contact
    reviewed: dt.date
    seeking: bool
    school_id: str  # a school of this site ("" for a peer's, or a person with no profile)
    person_id: str = ""  # an author of this site who offers it ("" for a school's own)
    source: str = ""  # the file it is written in ("content/schools/x.md"), "" for a peer's
    line: int = 0
    number: int = 1  # its place in its school's or person's list: its anchor #offer-<n>
    school_name: str = ""  # the school's name, as shown
    school_url: str = ""  # a peer's: its profile page on the peer's site (http(s))
    person_name: str = ""
    phase: str = ""  # its school's, for the filters
    region: str = ""

    @property
    def anchor(self) -> str:
        return f"offer-{self.number}"

    @property
    def school_path(self) -> str:
        """Its school's profile here ("" for a peer's: see `school_url`)."""
        return Urls.school(slug_for(self.school_id)) if self.school_id else ""

    @property
    def person_path(self) -> str:
        return Urls.author(slug_for(self.person_id)) if self.person_id else ""

    @property
    def area_slugs(self) -> tuple[str, ...]:
        return tuple(slug for _, slug in self.areas)

    @property
    def filter_values(self) -> dict[str, str]:
        """What the directory's filters match it on (its card's data-… attributes, with
        the library's script): space-separated slugs. "In person or online" is both."""
        return {"area": " ".join(self.area_slugs), "kind": self.kind, "phase": self.phase,
                "region": slug_for(self.region),
                "format": "in-person online" if self.format == "either" else self.format,
                "school": self.school_id or slug_for(self.school_url or self.school_name)}


@dataclass(frozen=True, eq=False)  # one object per school: compared by identity
class School:
    """A school's profile (content/schools/<id>.md): who it is, how to reach it, what it
    knows, offers and looks for, and the people of this site who work there."""

    id: str
    name: str
    slug: str
    phase: str = ""
    region: str = ""
    local_authority: str = ""
    size: str = ""
    setting: str = ""
    website: str = ""
    contact: Contact = field(default_factory=Contact)
    expertise: tuple[str, ...] = ()
    offers: tuple[Offer, ...] = ()  # shown (not stale), as written
    seeking: tuple[Offer, ...] = ()
    document: Document | None = None
    description: Markup = field(default_factory=Markup)  # safe HTML, links resolved
    people: tuple[str, ...] = ()  # author ids

    @property
    def path(self) -> str:
        return Urls.school(self.slug)

    @property
    def summary(self) -> str:
        return self.document.summary if self.document else ""

    # Its phase as shown: the string tables' phase.<id>, by the theme's `phase_name` macro.


@dataclass(frozen=True, eq=False)  # one object per event: compared by identity
class Event:
    """A CPD day, an open classroom, a teachmeet (content/events/*.md, or a dated offer in a
    school's profile). Times are aware, in the site's zone; an all-day event's are dates, its
    `end` the day after the last (exclusive, as iCalendar has it). A series is its first
    occurrence with `repeat`, an RRULE value; `occurrences` lists them all."""

    slug: str
    title: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    all_day: bool
    uid: str  # "<base_url>events/<slug>/": a URL, stable across builds
    stamp: dt.datetime  # UTC, from content (updated, else date, else start): never the clock
    # the date and time written out in English ("Monday 15 February 2027, 9:00am to …"):
    # pages say it in their language, `written_when`
    when: str
    repeat: str = ""  # RFC 5545 RRULE value, "" for none
    repeat_text: str = ""  # the rule in words: "Every 6 weeks until Tuesday 20 July 2027"
    occurrences: tuple[tuple[dt.datetime | dt.date, dt.datetime | dt.date], ...] = ()
    location_kind: str = "place"  # "school" | "place" | "online"
    location_name: str = ""
    location_address: str = ""
    location_school: School | None = None
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
    organiser_school: School | None = None
    organiser_author: Author | None = None
    tags: tuple[Tag, ...] = ()
    cancelled: bool = False
    cancelled_reason: str = ""
    summary: str = ""
    body: Markup = field(default_factory=Markup)  # safe HTML, links resolved
    document: Document | None = None  # None for a dated offer's (see `offer`)
    offer: Offer | None = None  # the offer it is a date of
    school_name: str = ""  # a peer's: its school's name and profile page there (http(s))
    school_url: str = ""
    url: str = ""  # a peer's: its page on the peer's site

    @property
    def path(self) -> str:
        """Its page here ("" for a peer's: see `url`)."""
        return Urls.event(self.slug) if not self.url else ""

    @property
    def ics_path(self) -> str:
        return Urls.event_ics(self.slug) if not self.url else ""

    @property
    def last_end(self) -> dt.datetime | dt.date:
        """When the last of it ends: it is past from then."""
        return self.occurrences[-1][1] if self.occurrences else self.end

    @property
    def map_url(self) -> str:
        """OpenStreetMap's search for its address (a school's: its name and region): a plain
        link, nothing loaded."""
        school = self.location_school
        query = self.location_address or (", ".join(p for p in (school.name, school.region)
                                                     if p) if school else "")
        return "https://www.openstreetmap.org/search?query=" + quote(query) if query else ""

    @property
    def status(self) -> str:
        return "cancelled" if self.cancelled else "confirmed"

    @property
    def mailbox_parts(self) -> tuple[str, ...]:
        """The booking mailbox cut like a school's (`Contact.mailbox_parts`)."""
        return Contact(mailbox=self.booking_mailbox).mailbox_parts

    def written_when(self, words: Words, start: dt.datetime | dt.date | None = None,
                     end: dt.datetime | dt.date | None = None) -> str:
        """When it is (or one occurrence of it, `start` to `end`), in `words`' language
        (a string table): "Dydd Mawrth 19 Ionawr 2027, 16:00 tan 17:30 (GMT)". The theme's
        `event_when` macro gives it the site's table."""
        from sharesite.site.events import written_when

        return written_when(self.start if start is None else start,
                            self.end if end is None else end, self.all_day, words)

    def written_repeat(self, words: Words, tz: dt.tzinfo) -> str:
        """Its rule in `words`' language ("Bob 12 wythnos, 3 gwaith"), its last day in the
        site's zone `tz`; "" when it is not a series."""
        from sharesite.site.events import written_repeat

        return written_repeat(self.repeat, tz, words)


@dataclass(frozen=True)
class Download:
    title: str
    path: str  # site path
    size: int
    source: str  # content-relative

    @property
    def extension(self) -> str:
        ext = posixpath.splitext(self.path)[1].lstrip(".")
        return ext.upper() or "File"


@dataclass(frozen=True)
class Attribution:
    """An adapted_from entry with its licence looked up and its URL made usable."""

    title: str
    url: str
    author: str
    licence: Licence | None
    licence_text: str
    school: str = ""  # the school whose site has the original: a peer's, when it is one


def clock(seconds: int) -> str:
    """2412 → "40:12"; 3723 → "1:02:03": a duration as players show it."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class Episode:
    """A post's or resource's recording as a show's episode: its audio (a file published
    beside the page, or one hosted elsewhere), read facts, and its transcript as HTML."""

    show: str  # the [[podcasts]] id
    src: str  # a local file's site path, or the remote file's https URL
    local: bool
    length: int  # bytes
    duration: int  # seconds
    type: str  # MIME type
    transcript: Markup  # safe HTML, shown on the page
    transcript_path: str  # the transcript file's site path ("" for Markdown: the page has it)
    transcript_type: str  # its MIME type (podcast:transcript)
    captions: str = ""  # a WebVTT transcript's site path, for <track>
    number: int | None = None
    explicit: bool = False
    chapters: tuple[Chapter, ...] = ()

    @property
    def duration_text(self) -> str:
        return clock(self.duration)

    @property
    def size_unit(self) -> str:
        """"MB", or for a short one "KB": with `size_number`, its size as the tables write
        it (`t("sizes.MB", size=…)`: "48.2 MB", "480 KB"; decimal units, as apps show)."""
        return "KB" if self.length < 1_000_000 else "MB"

    @property
    def size_number(self) -> str:
        """"48.2" (MB), "480" (KB)."""
        if self.length < 1_000_000:
            return str(max(1, round(self.length / 1000)))
        return f"{self.length / 1_000_000:.1f}"

    def chapter_time(self, chapter: Chapter) -> str:
        return clock(chapter.start)


@dataclass(frozen=True, eq=False)  # one object per show: compared by identity
class Show:
    """A podcast (site.toml `[[podcasts]]`): its page, its feed and its episodes, newest
    first. `guid` is the Podcast Index's, from the feed's address (site.podcasts)."""

    settings: PodcastSettings
    guid: str
    episodes: tuple[Page, ...] = ()
    cover: Picture | None = None  # the cover's processed copies, `square` among them
    licence: Licence | None = None

    @property
    def id(self) -> str:
        return self.settings.id

    @property
    def title(self) -> str:
        return self.settings.title

    @property
    def path(self) -> str:
        return Urls.podcast(self.settings.id)

    @property
    def feed_path(self) -> str:
        return Urls.feed_of(self.path)


class FromDocument(Generic[T]):
    """A page's attribute that is its document's: `page.title` is `page.document.title`."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, page: Page, owner: type) -> T:
        return cast(T, getattr(page.document, self.name))


@dataclass(frozen=True, eq=False)  # one object per page: compared by identity
class Page:
    """A post, resource or standalone page with its place in the site."""

    kind: Kind
    document: Document
    path: str
    tags: tuple[Tag, ...] = ()
    authors: tuple[Author, ...] = ()
    files: tuple[Download, ...] = ()
    adapted_from: tuple[Attribution, ...] = ()
    licence: Licence | None = None
    cover_url: str = ""
    facets: tuple[Facet, ...] = ()  # subjects, levels and type, in that order
    cover_picture: Picture | None = None  # the cover's processed copies (a raster cover)
    pictures: tuple[Picture, ...] = ()  # the processed images its text shows, in order
    episode: Episode | None = None  # its recording, when it is an episode of a show

    # What templates read of the document through the page (not dataclass fields: no
    # annotation). The page's own `path`, `tags`, `authors`, `files`, `licence` and
    # `adapted_from` are the site's view of them: addresses, objects, looked-up licences.
    source = FromDocument[Source]()
    title = FromDocument[str]()
    name = FromDocument[str]()
    body_html = FromDocument[str]()
    words = FromDocument[int]()
    links = FromDocument[tuple[LinkRef, ...]]()
    summary = FromDocument[str]()
    date = FromDocument[dt.datetime | None]()
    updated = FromDocument[dt.datetime | None]()
    draft = FromDocument[bool]()
    cover = FromDocument[str]()
    cover_alt = FromDocument[str]()
    aliases = FromDocument[tuple[str, ...]]()
    subjects = FromDocument[tuple[str, ...]]()
    levels = FromDocument[tuple[str, ...]]()
    type = FromDocument[str]()
    duration = FromDocument[str]()
    role = FromDocument[str]()
    school = FromDocument[str]()
    expertise = FromDocument[tuple[str, ...]]()
    profile_links = FromDocument[tuple[ProfileLink, ...]]()
    menu = FromDocument[int | None]()
    extra = FromDocument[dict[str, Any]]()
    lines = FromDocument[dict[str, int]]()
    digest = FromDocument[str]()

    def line(self, key: str) -> int:
        return self.document.line(key)

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        """Newest last: by date, then address. A date written without a time counts as
        noon UTC that day, as feeds stamp it, so lists and feeds agree on the order."""
        doc = self.document
        date = doc.date or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        if doc.date_only:
            date = dt.datetime.combine(date.date(), dt.time(12), tzinfo=dt.UTC)
        return (date, self.path)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.document.words / 230))

    @property
    def feed_date(self) -> dt.datetime:
        return self.document.updated or self.document.date or dt.datetime(1970, 1, 1,
                                                                          tzinfo=dt.UTC)


@dataclass(frozen=True)
class NetworkSource:
    """One entry of a peer resource's adapted_from, as the peer gave it (plain text)."""

    title: str
    url: str  # http(s), or ""
    author: str = ""
    licence: str = ""  # a licence id or name, as the peer gave it


NETWORK_FACETS = (("subject", "Subject"), ("level", "Level"), ("type", "Type"),
                  ("licence", "Licence"), ("tag", "Tag"), ("school", "School"))
# The facets whose values have a list of their own (/network/subject/maths/). Not tags:
# peers tag freely, and a list a tag would more than double what the network publishes
# (50 schools of 200 resources: ~165 MB of tag pages). Tags are filters on /network/.
NETWORK_LISTED = ("subject", "level", "type", "licence", "school")
# Resources a page of the network's lists: a network is thousands of resources, and ten a
# page would be a thousand pages (the library, a school's own, is one page).
NETWORK_PAGE = 50


@dataclass(frozen=True)
class NetworkFacet:
    """One value of a facet of the peers' resources ("subject" "Maths", "school" "Oakfield
    Primary"), with its own list at /network/<kind>/<slug>/. Its name is a peer's text
    (plain, escaped when shown); its slug is made here, never taken from a peer."""

    kind: str  # "subject" | "level" | "type" | "licence" | "tag" | "school"
    name: str  # as shown: the vocabulary's spelling, a licence's short name, a school's name
    slug: str
    count: int  # the shown resources that have it

    @property
    def path(self) -> str:
        """Its list's address; "" for a value that has none (a tag: NETWORK_LISTED)."""
        return f"network/{self.kind}/{self.slug}/" if self.kind in NETWORK_LISTED else ""

    def page(self, number: int) -> str:
        """Page `number` of its list."""
        return self.path if number == 1 else f"{self.path}page/{number}/"

    @property
    def group(self) -> str:
        """"Subject", "Level", "Type", "Licence", "Tag" or "School"."""
        return dict(NETWORK_FACETS)[self.kind]

    @property
    def label(self) -> str:
        """Types read as words ("lesson-plan" → "Lesson plan"), as in the library."""
        if self.kind == "type":
            words = self.name.replace("-", " ")
            return words[:1].upper() + words[1:]
        return self.name


@dataclass(frozen=True)
class NetworkResource:
    """A peer's resource as this site shows it: plain text (cleaned when fetched, escaped
    when shown), addresses on the peer's own site (http(s) only), never a peer's image."""

    title: str
    url: str  # the peer's own page of it
    summary: str
    subjects: tuple[str, ...]
    levels: tuple[str, ...]
    type: str
    licence: str  # its short name or id, as the peer gave it ("" if none)
    school: str  # the peer's school name (or, without one, the name in site.toml)
    peer_url: str
    date: dt.datetime | None  # updated, else published
    id: str = ""  # its id in the peer's resources.json (an address on the peer's site)
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()  # names only
    licence_name: str = ""
    licence_url: str = ""  # http(s), or ""
    credit: str = ""  # the peer's ready-made credit line (plain text)
    adapted_from: tuple[NetworkSource, ...] = ()  # what the peer says it adapted
    # its values of each facet (NETWORK_FACETS), in that order: set when the site shows it
    facets: tuple[NetworkFacet, ...] = ()

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        return (self.date or dt.datetime(1970, 1, 1, tzinfo=dt.UTC), self.url)

    @property
    def licence_short(self) -> str:
        """Its licence as people write it ("CC BY 4.0"), when sharesite knows it; else as
        the peer gave it."""
        known = find_licence(self.licence) or find_licence(self.licence_name)
        return known.short if known else self.licence_name or self.licence


@dataclass(frozen=True)
class PublishedCopy:
    """A peer's last-good copy as the site publishes it: `text()` makes it when it is
    written (a hub publishes a thousand), `key` says what it is made from."""

    key: str
    text: Callable[[], str] = field(compare=False, repr=False,
                                    metadata={"fingerprint": False})


@dataclass(frozen=True)
class NetworkPeer:
    """One of site.toml's peers as its last-good copy left it. `state`: "fresh" (fetched
    within a day), "stale" (shown "as of" `fetched`, up to 30 days), "dormant" (31 to 90
    days: its resources hidden) or "missing" (no copy yet). Older copies are ignored."""

    name: str  # the school's name: from its network.json, else from site.toml
    url: str
    state: str
    fetched: dt.datetime | None
    resources: tuple[NetworkResource, ...] = ()  # newest first
    feed_url: str = ""  # its Atom feed, when its network.json links one
    moved_to: str = ""  # its new address, when its network.json says it has moved (http(s))
    copy_path: str = ""  # where the site publishes its last-good copy ("" if it has none)
    copy: PublishedCopy | None = None  # that copy, made when it is written
    offers: tuple[Offer, ...] = ()  # its offers and requests not stale (its expertise.json)
    events: tuple[Event, ...] = ()  # its events (its events.json), in this site's zone

    @property
    def shown(self) -> bool:
        return self.state in ("fresh", "stale")


@dataclass(frozen=True)
class Redirect:
    """One of redirects.toml's old addresses, as published: the output file at the old
    address, and the site path it leads to. A feed's old address (`feed`) is a copy of the
    feed's own bytes, at `target` (an output path), since feed readers do not follow an
    HTML redirect; any other is a redirect page, like an alias's."""

    path: str  # the output file: "category/maths/index.html", "feeds/posts/default"
    target: str  # "tags/maths/", or the feed's output "tags/maths/feed.xml"
    feed: bool = False


@dataclass(frozen=True)
class NavItem:
    title: str  # in English: the theme shows `key`'s string in the site's language
    path: str
    key: str = ""  # the theme's own items: their string, "nav.blog"; "" for a page


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    posts: tuple[Page, ...]  # newest first
    resources: tuple[Page, ...]  # newest first
    pages: tuple[Page, ...]  # by title
    authors: tuple[Author, ...]  # by name
    tags: tuple[Tag, ...]  # by name
    tagged: dict[str, tuple[Page, ...]]  # tag key → items, newest first
    by_author: dict[str, tuple[Page, ...]]  # author id → items, newest first
    # content-relative path (page source or file) → site path; and "/" + where an image's
    # original would be → its largest processed copy
    urls: dict[str, str]
    copies: tuple[tuple[str, str], ...]  # (content-relative file, output path)
    aliases: tuple[tuple[str, Page], ...]  # (output path, page it redirects to)
    # redirects.toml's old addresses (tags, categories, feeds of a site that moved here),
    # by output path
    redirects: tuple[Redirect, ...] = ()
    adapted_by: dict[str, tuple[Page, ...]] = field(default_factory=dict)
    facets: dict[str, tuple[Facet, ...]] = field(default_factory=dict)  # kind → values
    faceted: dict[str, tuple[Page, ...]] = field(default_factory=dict)  # facet path → items
    # content-relative image → its processed copies, as published
    pictures: dict[str, Picture] = field(default_factory=dict)

    # where an image's original would have been published (a site path) → the image
    originals: dict[str, str] = field(default_factory=dict)
    # content-relative SVG picture → the width and height it asks for
    drawings: dict[str, tuple[int, int]] = field(default_factory=dict)
    # the site's own picture for link previews (site.toml `image`), with its `preview`
    picture: Picture | None = None
    # the peers site.toml names, in its order, and their shown resources, newest first
    peers: tuple[NetworkPeer, ...] = ()
    network: tuple[NetworkResource, ...] = ()
    # the network's facets (kind → values, in the order shown) and each value's resources
    # (facet path → resources, newest first); none on a hub
    network_facets: dict[str, tuple[NetworkFacet, ...]] = field(default_factory=dict)
    network_faceted: dict[str, tuple[NetworkResource, ...]] = field(default_factory=dict)
    # a resource's path → the shown peers' resources that say they adapt it
    adapted_by_peers: dict[str, tuple[NetworkResource, ...]] = field(default_factory=dict)
    # resources taken down (front matter `withdrawn`): a notice page each, and a tombstone
    # in resources.json; in no list, feed, index or sitemap. By address.
    withdrawn: tuple[Page, ...] = ()
    # on a hub ([network] hub = true): its whole network, grouped (gathered once)
    hub: Hub | None = None
    # the expertise directory: the schools' profiles (by name); the offers and requests
    # shown (not stale; the site's own, then with peers' added), newest reviewed first;
    # each area in use: slug → (label, its offers and requests)
    schools: tuple[School, ...] = ()
    offers: tuple[Offer, ...] = ()
    areas: dict[str, tuple[str, tuple[Offer, ...]]] = field(default_factory=dict)
    # events (content/events/ and dated offers), soonest first: all, then those not over at
    # the build's `now` and those that are (most recent first); and by tag key, school id
    # (where it is or who organises it) and author id, soonest first
    events: tuple[Event, ...] = ()
    upcoming_events: tuple[Event, ...] = ()
    past_events: tuple[Event, ...] = ()
    tagged_events: dict[str, tuple[Event, ...]] = field(default_factory=dict)
    school_events: dict[str, tuple[Event, ...]] = field(default_factory=dict)
    author_events: dict[str, tuple[Event, ...]] = field(default_factory=dict)
    events_now: dt.datetime | None = None  # the build's `now`, that split them
    podcasts: tuple[Show, ...] = ()  # site.toml's [[podcasts]], in its order
    # on a site in several languages (this is one language's): each page's versions in
    # the others, for the language switch, hreflang and the sitemap (site.languages)
    translations: Translations | None = None

    @property
    def title(self) -> str:
        return self.config.title

    @property
    def description(self) -> str:
        return self.config.description

    @property
    def language(self) -> str:
        return self.config.language

    @property
    def base_url(self) -> str:
        return self.config.base_url

    @property
    def licence(self) -> Licence:
        return LICENCES[self.config.licence]

    @property
    def has_resources(self) -> bool:
        return bool(self.resources)

    @functools.cached_property
    def items(self) -> tuple[Page, ...]:
        """Posts and resources, newest first: what the main feed carries."""
        return tuple(sorted(self.posts + self.resources, key=lambda p: p.sort_key, reverse=True))

    @functools.cached_property
    def past_events_by_year(self) -> tuple[tuple[int, tuple[Event, ...]], ...]:
        """The past events by the year they started, the latest year (and event) first."""
        years: dict[int, list[Event]] = {}
        for event in self.past_events:
            years.setdefault(event.start.year, []).append(event)
        return tuple((year, tuple(events)) for year, events in years.items())

    @functools.cached_property
    def nav(self) -> tuple[NavItem, ...]:
        items = [NavItem("Blog", key="nav.blog", path=Urls.home)]
        if self.resources:
            items.append(NavItem("Resources", key="nav.resources", path=Urls.resources))
        if self.tags:
            items.append(NavItem("Tags", key="nav.tags", path=Urls.tags))
        if self.authors:
            items.append(NavItem("Authors", key="nav.authors", path=Urls.authors))
        if self.offers:
            items.append(NavItem("Expertise", key="nav.expertise", path=Urls.expertise))
        if self.upcoming_events:
            items.append(NavItem("Events", key="nav.events", path=Urls.events))
        items.append(NavItem("Archive", key="nav.archive", path=Urls.archive))
        if self.config.network.peers:
            items.append(NavItem("Network", key="nav.network", path=Urls.network_page))
        menu = sorted((p for p in self.pages if p.document.menu is not None),
                      key=lambda p: (p.document.menu, p.title))
        items += [NavItem(p.title, p.path) for p in menu]
        return tuple(items)

    def href(self, path: str) -> str:
        """A site path ("posts/x/", "resources/y/Quiz #2.pdf") as a link under the base path
        (a file the first language publishes for every language: under the site's root)."""
        return file_address(self.config, path)

    def absolute(self, path: str) -> str:
        return file_address(self.config, path, absolute=True)

    def home_pages(self) -> list[tuple[Page, ...]]:
        size = self.config.posts_per_page
        return [self.posts[i:i + size] for i in range(0, len(self.posts), size)] or [()]

    def network_pages(self, items: tuple[NetworkResource, ...] | None = None
                      ) -> list[tuple[NetworkResource, ...]]:
        """The peers' resources (or `items`, a facet's), NETWORK_PAGE to a page of
        /network/ (or of the facet's list)."""
        size = NETWORK_PAGE
        items = self.network if items is None else items
        return [items[i:i + size] for i in range(0, len(items), size)] or [()]


@dataclass(frozen=True)
class Options:
    drafts: bool = False
    future: bool = False
    now: dt.datetime | None = None
