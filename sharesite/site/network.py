"""The peers as this site shows them: each peer's last-good copy (read by the build, never
fetched by it) turned into plain typed data, with its freshness at the build's `now`.

What a copy holds was cleaned when it was fetched (sharesite.peers.clean); it is read here
again as untrusted: strings must be strings, addresses http(s), or the value is left out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sharesite.config import SiteConfig
from sharesite.licences import find_licence
from sharesite.site.events import occurrences, sort_key, written_repeat, written_when
from sharesite.site.expertise import STALE_AFTER, kind_label, offer_areas, personal_address
from sharesite.site.model import (
    NETWORK_FACETS,
    NETWORK_PAGE,
    Contact,
    Event,
    NetworkFacet,
    NetworkPeer,
    NetworkResource,
    NetworkSource,
    Offer,
)
from sharesite.site.urls import Urls, slug_for

FRESH = dt.timedelta(days=1)
STALE = dt.timedelta(days=30)  # shown "as of" the day it was fetched
DORMANT = dt.timedelta(days=90)  # hidden; older copies are ignored
# The ages at which a copy changes state: the build is due again then.
AGES = (FRESH, STALE, DORMANT)


def web_url(value: Any) -> str:
    """`value` if it is an http(s) address, else ""."""
    if not isinstance(value, str):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def fetched_at(value: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def state(fetched: dt.datetime | None, now: dt.datetime) -> str:
    """"fresh", "stale", "dormant" or "removed" (older than 90 days, or no time)."""
    if fetched is None:
        return "removed"
    age = now - fetched
    return "fresh" if age <= FRESH else "stale" if age <= STALE else \
        "dormant" if age <= DORMANT else "removed"


def peer_from(name: str, url: str, fetched: str | None, files: dict[str, Any] | None,
              now: dt.datetime, tz: ZoneInfo | None = None) -> NetworkPeer | None:
    """A peer from site.toml (`name`, `url`) and its last-good copy (`fetched`, `files`;
    None: no copy yet; `fetched` "" for a copy this build made from the peer's folder in
    the repository, which is always fresh). None when the copy is too old to show at all."""
    if fetched is None or files is None:
        return NetworkPeer(name, url, "missing", None)
    when = fetched_at(fetched) if fetched else None
    found = state(when, now) if fetched else "fresh"
    if found == "removed":
        return None
    network = _mapping(files.get("network.json"))
    school = _text(_mapping(network.get("school")).get("name")) or name
    links = _mapping(network.get("links"))
    catalogue = _mapping(files.get("resources.json"))
    resources = []
    for entry in catalogue.get("resources") or ():
        resource = _resource(entry, school, url)
        if resource is not None:
            resources.append(resource)
    resources.sort(key=lambda r: r.sort_key, reverse=True)
    return NetworkPeer(school, url, found, when, tuple(resources),
                       web_url(links.get("feed_atom")), moved_to=web_url(network.get("moved_to")),
                       offers=_offers(_mapping(files.get("expertise.json")), url, now.date()),
                       events=peer_events(files, url, school, tz or ZoneInfo("UTC")))


def network_offers(config: SiteConfig, peers: tuple[NetworkPeer, ...]) -> tuple[Offer, ...]:
    """The shown peers' offers and requests, their kinds and areas spelled as this site's
    vocabulary spells them (an area it lacks keeps the peer's spelling), for the directory
    (sharesite.site.expertise.with_peer_offers). None on a hub: it lists no offers."""
    if config.network.hub:
        return ()
    kinds = {slug_for(k): k for k in config.offer_kinds}
    offers = [replace(offer, kind_label=kind_label(kinds.get(offer.kind, offer.kind_label)),
                      areas=offer_areas(config, (label for label, _ in offer.areas))
                      [:VALUES_EACH])
              for peer in peers if peer.shown
              for offer in sorted(peer.offers, key=lambda o: o.reviewed,
                                  reverse=True)[:OFFERS_EACH]]
    # An area the vocabulary lacks is a page of its own: those on the most offers are kept.
    known = {slug for _, slug in offer_areas(config, config.areas)}
    counts = Counter(slug for o in offers for _, slug in o.areas if slug not in known)
    kept = known | {slug for slug, _ in sorted(counts.items(), key=lambda c: (-c[1], c[0]))
                    [:VALUES_IN_ALL]}
    return tuple(replace(o, areas=tuple(a for a in o.areas if a[1] in kept)) for o in offers)


def shown_resources(peers: tuple[NetworkPeer, ...]) -> tuple[NetworkResource, ...]:
    """The resources of the peers shown (fresh or stale), newest first."""
    return tuple(sorted((r for p in peers if p.shown for r in p.resources),
                        key=lambda r: (r.sort_key, r.peer_url), reverse=True))


# A peer's resource with 50 subjects is not 50 filters; a network of 10,000 tags is not a
# form of 10,000 boxes. Past these, the values are still shown on the cards.
VALUES_EACH = 10  # of one facet, per resource (the first it gives)
VALUES_IN_ALL = 300  # of one facet, in the whole network (those on the most resources)
OFFERS_EACH = 100  # offers and requests shown of one peer (the newest reviewed)


@dataclass(frozen=True)
class NetworkView:
    """The shown peers' resources, each with its facets, and the facets' lists: what the
    network's pages show and where (`addresses`)."""

    resources: tuple[NetworkResource, ...] = ()  # newest first
    facets: dict[str, tuple[NetworkFacet, ...]] = field(default_factory=dict)  # kind → values
    faceted: dict[str, tuple[NetworkResource, ...]] = field(default_factory=dict)  # by path

    def addresses(self) -> list[str]:
        """Every page of /network/ and of every facet's list."""
        return [*(Urls.network_list(n) for n in range(1, _pages(len(self.resources)) + 1)),
                *(facet.page(n) for values in self.facets.values() for facet in values
                  if facet.path for n in range(1, _pages(facet.count) + 1))]


def _pages(count: int) -> int:
    return max(1, -(-count // NETWORK_PAGE))


def network_view(config: SiteConfig, peers: tuple[NetworkPeer, ...]) -> NetworkView:
    """The shown resources with their facets (none on a hub: it never lists them a page
    at a time). A facet's values come from peers: each is merged with the values that
    read the same (case, spaces, hyphens) and spelled as site.toml's vocabulary spells it
    where it is there; its address is made here, and two values that would share one
    never do (`_slugs`)."""
    shown = shown_resources(peers)
    if config.network.hub or not shown:
        return NetworkView(shown)
    vocabularies = {"subject": config.subjects, "level": config.levels, "type": config.types}
    known = {kind: {slug_for(v): v for v in values} for kind, values in vocabularies.items()}
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    chosen: list[list[tuple[str, str]]] = []  # each resource's (kind, key)s
    for resource in shown:
        mine: list[tuple[str, str]] = []
        for kind, names in _values(resource, known):
            keys: dict[str, str] = {}
            for key, name in names:
                if len(keys) < VALUES_EACH and key not in keys:
                    keys[key] = name
            for key, name in keys.items():
                spellings[kind, key][name] += 1
                mine.append((kind, key))
        chosen.append(mine)
    facet_of: dict[tuple[str, str], NetworkFacet] = {}
    facets: dict[str, tuple[NetworkFacet, ...]] = {}
    for kind, _ in NETWORK_FACETS:
        vocabulary = vocabularies.get(kind, ())
        found = {key: (min(c, key=lambda s: (s not in vocabulary, -c[s], s)), c.total())
                 for (k, key), c in spellings.items() if k == kind}
        kept = dict(sorted(found.items(), key=lambda item: (-item[1][1], item[0]))
                    [:VALUES_IN_ALL])
        slugs = _slugs(kept)
        for key, (name, count) in kept.items():
            facet_of[kind, key] = NetworkFacet(kind, name, slugs[key], count)
        facets[kind] = tuple(sorted(
            (facet_of[kind, key] for key in kept),
            key=lambda f: (vocabulary.index(f.name) if f.name in vocabulary
                           else len(vocabulary), f.label.casefold(), f.slug)))
    resources = tuple(replace(r, facets=tuple(facet_of[c] for c in mine if c in facet_of))
                      for r, mine in zip(shown, chosen, strict=True))
    lists: dict[str, list[NetworkResource]] = {f.path: [] for v in facets.values() for f in v
                                               if f.path}
    for resource in resources:
        for facet in resource.facets:
            if facet.path:
                lists[facet.path].append(resource)
    return NetworkView(resources, {k: v for k, v in facets.items() if v},
                       {path: tuple(items) for path, items in lists.items()})


def _values(resource: NetworkResource, known: dict[str, dict[str, str]]
            ) -> list[tuple[str, list[tuple[str, str]]]]:
    """A resource's values of each facet, as (key, name): the key says which values are
    one value; the name is how this resource spells it (or, `known`, the vocabulary: its
    values by address)."""
    def words(kind: str, values: tuple[str, ...]) -> list[tuple[str, str]]:
        named = [known[kind].get(slug_for(v), v) for v in values if v.strip()]
        return [(_key(name), name) for name in named]

    licence = find_licence(resource.licence) or find_licence(resource.licence_name)
    given = resource.licence or resource.licence_name
    return [
        ("subject", words("subject", resource.subjects)),
        ("level", words("level", resource.levels)),
        ("type", words("type", (resource.type,) if resource.type else ())),
        ("licence", [(licence.id, licence.short)] if licence else
         [(_key(given), given)] if given.strip() else []),
        ("tag", [(_key(t), t) for t in resource.tags if t.strip()]),
        ("school", [(resource.peer_url, resource.school)]),
    ]


def _key(text: str) -> str:
    """What a value is, whoever spelled it: "Year 5", "year-5" and "YEAR  5" are one."""
    return re.sub(r"[\s_-]+", " ", text.casefold()).strip()


# Names Windows keeps for devices: no folder may have them (a checkout there would fail).
_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                      *(f"lpt{n}" for n in range(10))})


def _slugs(values: dict[str, tuple[str, int]]) -> dict[str, str]:
    """Each value's address (key → slug), from its name. Where names would share one
    ("C++" and "C#" are both "c"), the value on the most resources keeps it and each other
    gets a digest of its key added, so two values never silently share a page. A name with
    no letters or digits to make one from, or one Windows keeps for a device ("con"), gets
    the digest added too."""
    def digest(key: str) -> str:
        return hashlib.sha1(key.encode()).hexdigest()

    wanted: dict[str, list[str]] = defaultdict(list)
    for key, (name, _) in values.items():
        slug = slug_for(name)
        if not slug or slug in _DEVICES:
            slug = (slug or "v") + "-" + digest(key)[:8]
        wanted[slug].append(key)
    taken = set(wanted)
    out: dict[str, str] = {}
    for slug, keys in sorted(wanted.items()):
        first, *others = sorted(keys, key=lambda k: (-values[k][1], k))
        out[first] = slug
        for key in others:
            length = 8
            candidate = f"{slug[:70]}-{digest(key)[:length]}"
            while candidate in taken:
                length += 4
                candidate = f"{slug[:70]}-{digest(key)[:length]}"
            taken.add(candidate)
            out[key] = candidate
    return out


def _resource(entry: Any, school: str, peer_url: str) -> NetworkResource | None:
    if not isinstance(entry, dict):
        return None
    url = web_url(entry.get("url"))
    title = _text(entry.get("title"))
    if not url or not url.startswith(peer_url) or not title:
        return None
    licence = _mapping(entry.get("licence"))
    date = None
    for key in ("updated", "published"):
        date = fetched_at(entry[key]) if isinstance(entry.get(key), str) else None
        if date is not None:
            break
    return NetworkResource(
        title=title, url=url, summary=_text(entry.get("summary")),
        subjects=_words(entry.get("subjects")), levels=_words(entry.get("levels")),
        type=_text(entry.get("type")), licence=_text(licence.get("id")) or
        _text(licence.get("name")), school=school, peer_url=peer_url, date=date,
        id=web_url(entry.get("id")) or url, tags=_words(entry.get("tags")),
        authors=tuple(_text(a.get("name")) for a in _list(entry.get("authors"))
                      if isinstance(a, dict) and _text(a.get("name"))),
        licence_name=_text(licence.get("name")), licence_url=web_url(licence.get("url")),
        credit=_text(entry.get("credit")),
        adapted_from=tuple(NetworkSource(_text(a.get("title")), web_url(a.get("url")),
                                         _text(a.get("author")), _text(a.get("licence")))
                           for a in _list(entry.get("adapted_from"))
                           if isinstance(a, dict) and _text(a.get("title"))))


def _offers(directory: dict[str, Any], peer_url: str, today: dt.date) -> tuple[Offer, ...]:
    """The offers and requests of a peer's expertise.json (cleaned when fetched) not
    reviewed over 12 months before `today`, each credited with its school: its name, and
    its profile page on the peer's own site. An offer whose school is not there, or whose
    date is not one, is left out; a mailbox that looks like a person's is not shown."""
    schools: dict[str, dict[str, Any]] = {}
    for listed in map(_mapping, _list(directory.get("schools"))):
        page = web_url(listed.get("url"))
        if page.startswith(peer_url) and _text(listed.get("id")) and _text(listed.get("name")):
            schools[listed["id"]] = listed
    people = {p["id"]: _text(p.get("name")) for p in map(_mapping, _list(directory.get("people")))
              if isinstance(p.get("id"), str)}
    found = []
    for entry in map(_mapping, _list(directory.get("offers"))):
        school = schools.get(_text(entry.get("school")))
        kind = slug_for(_text(entry.get("kind")))
        try:
            reviewed = dt.date.fromisoformat(_text(entry.get("reviewed")))
        except ValueError:
            continue
        if school is None or not kind or today - reviewed > STALE_AFTER:
            continue
        anchor = _text(entry.get("id")).rpartition("#offer-")[2]
        given = _mapping(entry.get("contact")) or _mapping(school.get("contact"))
        found.append(Offer(
            kind=kind, kind_label=_text(entry.get("kind")),
            areas=tuple((a, slug_for(a)) for a in _words(entry.get("areas"))),
            format=_text(entry.get("format")) if entry.get("format") in (
                "in-person", "online", "either") else "",
            when=_text(entry.get("when")), note=_text(entry.get("note")),
            contact=_contact(given), reviewed=reviewed, seeking=entry.get("seeking") is True,
            school_id="", number=int(anchor) if anchor.isdigit() and len(anchor) < 6 else 1,
            school_name=_text(school.get("name")), school_url=web_url(school.get("url")),
            person_name=people.get(_text(entry.get("person")), ""),
            phase=_text(school.get("phase")), region=_text(school.get("region"))))
    return tuple(found)


def offers_stale_at(files: dict[str, Any] | None, now: dt.datetime) -> dt.datetime | None:
    """When the first offer of a copy (`files`) shown at `now` goes stale and is hidden
    (the day after it is 12 months old, UTC), or None: for the build's `_due`, so a
    site rebuilt with nothing else changed drops it on time."""
    days = []
    for entry in map(_mapping, _list(_mapping((files or {}).get("expertise.json"))
                                     .get("offers"))):
        try:
            reviewed = dt.date.fromisoformat(_text(entry.get("reviewed")))
        except ValueError:
            continue
        if now.date() - reviewed <= STALE_AFTER:
            days.append(reviewed + STALE_AFTER + dt.timedelta(days=1))
    first = min(days, default=None)
    return dt.datetime.combine(first, dt.time(), dt.UTC) if first else None


def _contact(given: dict[str, Any]) -> Contact:
    """A peer's contact: web addresses http(s), a mailbox only if it looks like a role's."""
    mailbox = _text(given.get("mailbox"))
    return Contact(web_url(given.get("form")), web_url(given.get("page")),
                   _text(given.get("office")),
                   mailbox if "@" in mailbox and not personal_address(mailbox) else "")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _words(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str) and v) if isinstance(value, list) \
        else ()


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# --- the peers' events ------------------------------------------------------------------------

EVENTS_EACH = 200  # a peer's events shown (the soonest): a network's /events/ stays readable


def peer_events(files: dict[str, Any] | None, peer_url: str, school: str,
                tz: ZoneInfo) -> tuple[Event, ...]:
    """The events of a peer's events.json (cleaned when fetched, read here again as
    untrusted), each credited with its school (the organiser's or host's profile on the
    peer's own site, else the peer) and linking to its page there; times shown in this
    site's zone `tz`. No tags: a peer's words make no pages here. An event whose address,
    title or times do not hold is left out; a series whose rule cannot be read is shown as
    its first date."""
    data = _mapping((files or {}).get("events.json"))
    found: list[Event] = []
    for entry in map(_mapping, _list(data.get("events"))):
        event = _peer_event(entry, peer_url, school, tz)
        if event is not None:
            found.append(event)
        if len(found) >= EVENTS_EACH:
            break
    return tuple(found)


def with_peer_events(events: tuple[Event, ...], peers: Iterable[tuple[bool, tuple[Event, ...]]]
                     ) -> tuple[Event, ...]:
    """The site's events and those of its shown peers ((shown, events) each), soonest
    first (then by address): for Site.events, before it is split into upcoming and past."""
    merged = list(events) + [e for shown, theirs in peers if shown for e in theirs]
    return tuple(sorted(merged, key=sort_key))


def _peer_event(entry: dict[str, Any], peer_url: str, school: str,
                tz: ZoneInfo) -> Event | None:
    url = web_url(entry.get("url"))
    uid = web_url(entry.get("id")) or url
    title = _text(entry.get("title"))
    if not url.startswith(peer_url) or not uid.startswith(peer_url) or not title.strip():
        return None
    all_day = entry.get("all_day") is True
    zone = _zone(entry.get("timezone"), tz)
    start, end = _moment(entry.get("start"), all_day, zone), _moment(entry.get("end"),
                                                                      all_day, zone)
    if start is None or end is None or not _before(start, end):
        return None
    repeat = _text(entry.get("repeat"))
    try:
        times = occurrences(start, end, repeat, zone)
    except (ValueError, KeyError, TypeError, OverflowError):
        repeat, times = "", ((start, end),)
    shown = tuple((_here(a, tz), _here(b, tz)) for a, b in times)
    where = _mapping(entry.get("location"))
    kind = _text(where.get("kind"))
    audience = _mapping(entry.get("for"))
    booking = _mapping(entry.get("booking"))
    mailbox = _text(booking.get("mailbox"))
    organiser = _mapping(entry.get("organiser"))
    credit = next((u for u in (web_url(organiser.get("school")), web_url(where.get("school")))
                   if u.startswith(peer_url)), peer_url)
    capacity = entry.get("capacity")
    stamp = fetched_at(_text(entry.get("updated"))) or \
        dt.datetime.combine(_day_of(start), dt.time(), dt.UTC)
    return Event(
        slug="peer-" + hashlib.blake2b(uid.encode(), digest_size=8).hexdigest(),
        title=title, start=_here(start, tz), end=_here(end, tz), all_day=all_day, uid=uid,
        stamp=stamp.astimezone(dt.UTC), when=written_when(_here(start, tz), _here(end, tz),
                                                          all_day),
        repeat=repeat, repeat_text=written_repeat(repeat, zone), occurrences=shown,
        location_kind=kind if kind in ("school", "place", "online") else "place",
        location_name=_text(where.get("name")), location_address=_text(where.get("address")),
        phases=_words(audience.get("phases")), subjects=_words(audience.get("subjects")),
        levels=_words(audience.get("levels")), areas=_words(audience.get("areas")),
        booking_url=web_url(booking.get("url")),
        booking_mailbox=mailbox if "@" in mailbox and not personal_address(mailbox) else "",
        booking_note=_text(booking.get("note")),
        capacity=capacity if isinstance(capacity, int) and not isinstance(capacity, bool)
        and capacity > 0 else None,
        cost=_text(entry.get("cost")) or "free", cancelled=entry.get("status") == "cancelled",
        summary=_text(entry.get("summary")),
        school_name=_text(organiser.get("name")) or school, school_url=credit, url=url)


def _zone(value: Any, fallback: ZoneInfo) -> ZoneInfo:
    """A peer's time zone, when this computer knows it; else this site's."""
    try:
        return ZoneInfo(value) if isinstance(value, str) and value else fallback
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


def _moment(value: Any, all_day: bool, zone: ZoneInfo) -> dt.datetime | dt.date | None:
    """A date (all day), or an aware date-time in the event's own `zone`."""
    if not isinstance(value, str):
        return None
    try:
        if all_day:
            return dt.date.fromisoformat(value)
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.astimezone(zone) if when.tzinfo is not None else None


def _before(start: dt.datetime | dt.date, end: dt.datetime | dt.date) -> bool:
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        return start < end
    if not isinstance(start, dt.datetime) and not isinstance(end, dt.datetime):
        return start < end
    return False


def _here(moment: dt.datetime | dt.date, tz: ZoneInfo) -> dt.datetime | dt.date:
    """A time as this site shows it (in its zone); a date as it is."""
    return moment.astimezone(tz) if isinstance(moment, dt.datetime) else moment


def _day_of(moment: dt.datetime | dt.date) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment
