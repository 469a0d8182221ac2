"""What a peer sends is untrusted: its /network.json, /resources.json, /expertise.json and
/events.json are checked by hand against the fields sharesite uses (the package's schemas,
version 1) and cleaned.

Hand-written checks, not `jsonschema` (a test dependency only): they check the fields kept
and at the same time turn every string into capped plain text, every URL into an http(s)
address, and drop what is not known. A file that is not a version-1 catalogue, or names
another site, is refused whole (`Refused`); a resource that claims an address outside the
peer's own site, or lacks what a resource needs, is left out and counted.

A catalogue may come in parts (each names the `next`): each part is cleaned as it arrives,
added to the parts before it, and its body let go, so a peer costs the memory of its
cleaned resources and one part. Tombstones (`withdrawn`) take their resources out of the
copy at once, whichever part lists them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

VERSION = 1
MAX_RESOURCES = 5_000  # per peer: more is refused (a site of teachers has hundreds)
MAX_PARTS = 50  # parts of one catalogue (a publisher puts up to 1,000 resources in each)
MAX_WITHDRAWN = 5_000  # tombstones kept per peer; more are not read
MAX_PEERS_LISTED = 100
MAX_LIST = 50  # subjects, tags, authors, files, … per resource
MAX_SCHOOLS = 1_000  # per peer's expertise.json (a trust's site profiles tens)
MAX_PEOPLE = 5_000
MAX_OFFERS = 5_000

TITLE = 300
SUMMARY = 2_000
SHORT = 200  # names, subjects, tags, types, licence ids, …
URL = 2_000

# C0 and C1 controls, and the invisible characters that reorder or hide text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class Refused(Exception):
    """The file cannot be used at all: the message says why, for the report."""


@dataclass(frozen=True)
class Cleaned:
    data: dict[str, Any]
    left_out: tuple[str, ...] = ()  # why each left-out resource was left out
    next: str | None = None  # a catalogue's next part (on the peer's own site), if any
    listed: int = 0  # the resources the catalogue's parts so far listed, kept or not


def text(value: Any, cap: int = SHORT) -> str:
    """Plain text on one line: controls removed, whitespace collapsed, at most `cap` long."""
    if not isinstance(value, str):
        return ""
    plain = " ".join(_CONTROL.sub(" ", value).split())
    return plain if len(plain) <= cap else plain[:cap - 1].rstrip() + "…"


def web_url(value: Any) -> str | None:
    """An http(s) address with a host and no user or controls, or None."""
    if not isinstance(value, str) or len(value) > URL or _CONTROL.search(value) or \
            " " in value:
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    return value


def under(url: str | None, base: str) -> bool:
    """Is `url` an address on the peer's own site (at or below its base URL)?"""
    return url is not None and url.startswith(base) and \
        ".." not in unquote(urlsplit(url).path)


def network(data: Any, base: str) -> Cleaned:
    """/network.json of the peer at `base`, checked and cleaned."""
    top = _object(data, "network.json")
    _version(top, "network.json")
    site = _site(top, "network.json", base)
    school = _mapping(top.get("school"))
    peers = []
    for peer in _list(top.get("peers"))[:MAX_PEERS_LISTED]:
        if isinstance(peer, dict) and text(peer.get("name")) and web_url(peer.get("url")):
            peers.append({"name": text(peer.get("name")), "url": peer["url"]})
    links = _mapping(top.get("links"))
    cleaned = {
        "version": VERSION,
        "generator": text(top.get("generator")),
        "site": site,
        "school": {key: text(school.get(key)) or None
                   for key in ("name", "phase", "region", "local_authority")}
        | {"website": web_url(school.get("website"))},
        "peers": peers,
        "links": {str(key): web_url(value) for key, value in sorted(links.items())[:20]
                  if isinstance(key, str) and key.isidentifier() and web_url(value)},
    }
    moved = moved_to(top.get("moved_to"))
    if moved and moved != base:
        cleaned["moved_to"] = moved
    return Cleaned(cleaned)


def moved_to(value: Any) -> str | None:
    """A site's new base URL, as network.json's `moved_to` gives it: http(s), ending "/"."""
    url = web_url(value)
    return url if url and url.endswith("/") else None


def catalogue(data: Any, base: str, earlier: Cleaned | None = None,
              name: str = "resources.json") -> Cleaned:
    """/resources.json of the peer at `base`, checked and cleaned; or, given the `earlier`
    parts (cleaned), the part `name` that follows them, added to them. Every part is a
    version-1 catalogue of the same site; together they list at most MAX_RESOURCES."""
    top = _object(data, name)
    _version(top, name)
    site = _site(top, name, base)
    entries = top.get("resources")
    if not isinstance(entries, list):
        raise Refused(f"{name} has no list of resources")
    before = earlier.listed if earlier else 0
    if before + len(entries) > MAX_RESOURCES:
        raise Refused(f"{name} lists {len(entries)} resources (at most {MAX_RESOURCES} are read)"
                      if earlier is None else
                      f"{name}: the catalogue's parts list more than {MAX_RESOURCES} resources "
                      f"(at most {MAX_RESOURCES} are read)")
    first: dict[str, Any] = earlier.data if earlier else {
        "generator": text(top.get("generator")), "site": site,
        "updated": _date(top.get("updated"))}
    resources: list[dict[str, Any]] = list(first.get("resources", ()))
    left_out: list[str] = list(earlier.left_out) if earlier else []
    seen = {r["id"] for r in resources}
    for number, entry in enumerate(entries, start=before + 1):
        try:
            resource = _resource(entry, base)
        except Refused as exc:
            left_out.append(f"resource {number}: {exc}")
            continue
        if resource["id"] in seen:
            left_out.append(f"resource {number}: {resource['id']} is listed twice")
            continue
        seen.add(resource["id"])
        resources.append(resource)
    withdrawn = _withdrawn(top.get("withdrawn"), base, list(first.get("withdrawn", ())))
    if withdrawn:  # a tombstone wins over a listing, in any part
        gone = {w["id"] for w in withdrawn}
        resources = [r for r in resources if r["id"] not in gone]
    cleaned = {"version": VERSION, "generator": first["generator"], "site": first["site"],
               "updated": first["updated"], "resources": resources}
    if withdrawn:
        cleaned["withdrawn"] = withdrawn
    return Cleaned(cleaned, tuple(left_out), _next(top.get("next"), base, name),
                   before + len(entries))


FORMATS = ("in-person", "online", "either")
# A mailbox as an address: one "@", a dot in the domain, nothing that could be markup.
_MAILBOX = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+")


def expertise(data: Any, base: str) -> Cleaned:
    """/expertise.json of the peer at `base`, checked and cleaned: its schools, people and
    offers (version 1). Each must be on the peer's own site (its id under `base`); a
    person's school, and an offer's school and person, must be among those kept, or the
    link is dropped (a person) or the offer left out. More than MAX_SCHOOLS, MAX_PEOPLE or
    MAX_OFFERS refuses the file, as too many resources refuse a catalogue."""
    name = "expertise.json"
    top = _object(data, name)
    _version(top, name)
    site = _site(top, name, base)
    lists = {key: _list(top.get(key)) for key in ("schools", "people", "offers")}
    for key, cap in (("schools", MAX_SCHOOLS), ("people", MAX_PEOPLE), ("offers", MAX_OFFERS)):
        if len(lists[key]) > cap:
            raise Refused(f"{name} lists {len(lists[key])} {key} (at most {cap} are read)")
    left_out: list[str] = []
    schools = _once(_each(lists["schools"], "school", lambda e: _school(e, base), left_out),
                    "school", left_out)
    school_ids = {s["id"] for s in schools}
    people = _once(_each(lists["people"], "person", lambda e: _person(e, base, school_ids),
                         left_out), "person", left_out)
    person_ids = {p["id"] for p in people}
    offers = _each(lists["offers"], "offer",
                   lambda e: _offer(e, base, school_ids, person_ids), left_out)
    cleaned = {"version": VERSION, "generator": text(top.get("generator")), "site": site,
               "schools": schools, "people": people,
               "offers": _once(offers, "offer", left_out)}
    return Cleaned(cleaned, tuple(left_out))


def _once(entries: list[dict[str, Any]], kind: str,
          left_out: list[str]) -> list[dict[str, Any]]:
    """`entries`, each id once: an id listed again is left out (and said)."""
    seen: set[str] = set()
    kept = []
    for entry in entries:
        if entry["id"] in seen:
            left_out.append(f"{kind} {_shown(entry['id'])} is listed twice")
        else:
            seen.add(entry["id"])
            kept.append(entry)
    return kept


def _own(entry: Any, base: str, *keys: str) -> dict[str, Any]:
    """`entry` as an object whose `keys` are addresses on the peer's own site."""
    if not isinstance(entry, dict):
        raise Refused("is not an object")
    for key in keys:
        if not under(web_url(entry.get(key)), base):
            raise Refused(f"its {key} {_shown(entry.get(key))} is not an address on the "
                          "peer's own site")
    return entry


def _school(entry: Any, base: str) -> dict[str, Any]:
    entry = _own(entry, base, "id", "url")
    name = text(entry.get("name"), TITLE)
    if not name:
        raise Refused("it has no name")
    return {"id": entry["id"], "url": entry["url"], "name": name,
            **{key: text(entry.get(key)) or None
               for key in ("phase", "region", "local_authority", "size", "setting")},
            "website": web_url(entry.get("website")),
            "contact": contact(entry.get("contact")) or _NO_CONTACT,
            "expertise": _words(entry.get("expertise")),
            "description": text(entry.get("description"), SUMMARY)}


def _person(entry: Any, base: str, schools: set[str]) -> dict[str, Any]:
    entry = _own(entry, base, "id")
    name = text(entry.get("name"))
    if not name:
        raise Refused("it has no name")
    school = entry.get("school")
    return {"id": entry["id"], "name": name, "role": text(entry.get("role")) or None,
            "school": school if isinstance(school, str) and school in schools else None,
            "expertise": _words(entry.get("expertise"))}


def _offer(entry: Any, base: str, schools: set[str], people: set[str]) -> dict[str, Any]:
    entry = _own(entry, base, "id")
    kind = text(entry.get("kind"))
    if not kind:
        raise Refused("it has no kind")
    school, person = entry.get("school"), entry.get("person")
    if school is not None and school not in schools:
        raise Refused(f"its school {_shown(school)} is not one of the peer's schools")
    if person is not None and person not in people:
        raise Refused(f"its person {_shown(person)} is not one of the peer's people")
    if school is None and person is None:
        raise Refused("it names no school and no person")
    reviewed = _day(entry.get("reviewed"))
    if reviewed is None:
        raise Refused("it has no reviewed date (YYYY-MM-DD)")
    form = entry.get("format")
    return {"id": entry["id"], "kind": kind, "areas": _words(entry.get("areas")),
            "format": form if form in FORMATS else None,
            "when": text(entry.get("when")) or None,
            "note": text(entry.get("note"), SUMMARY) or None,
            "seeking": entry.get("seeking") is True, "school": school, "person": person,
            "contact": contact(entry.get("contact")), "reviewed": reviewed}


_NO_CONTACT: dict[str, Any] = {"form": None, "page": None, "office": None, "mailbox": None}


def contact(value: Any) -> dict[str, Any] | None:
    """A contact: its form and page http(s) addresses, its office details plain text, its
    mailbox an address with nothing else in it; None when it gives none of these."""
    given = _mapping(value)
    mailbox = given.get("mailbox")
    found = {"form": web_url(given.get("form")), "page": web_url(given.get("page")),
             "office": text(given.get("office"), TITLE) or None,
             "mailbox": mailbox if isinstance(mailbox, str) and len(mailbox) <= SHORT
             and _MAILBOX.fullmatch(mailbox) else None}
    return found if any(found.values()) else None


def _withdrawn(value: Any, base: str, earlier: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tombstones so far and this part's: {id, date} of resources a peer took down, ids
    on its own site, each once, at most MAX_WITHDRAWN (those after are not read)."""
    found = earlier
    ids = {w["id"] for w in found}
    for item in _list(value):
        if len(found) >= MAX_WITHDRAWN:
            break
        url = web_url(item.get("id")) if isinstance(item, dict) else None
        if url is None or not under(url, base) or url in ids:
            continue
        ids.add(url)
        found.append({"id": url, "date": _day(item.get("date"))})
    return found


def _next(value: Any, base: str, name: str) -> str | None:
    """The address of a catalogue's next part: on the peer's own site, or the part is
    refused (a peer cannot send sharesite to fetch from another)."""
    if value is None:
        return None
    url = web_url(value)
    if url is None or not under(url, base):
        raise Refused(f"{name}: its next part {_shown(value)} is not an address on the peer's "
                      "own site")
    return url


def _resource(entry: Any, base: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise Refused("is not an object")
    for key in ("id", "url"):
        url = web_url(entry.get(key))
        if not under(url, base):
            raise Refused(f"its {key} {_shown(entry.get(key))} is not an address on the "
                          "peer's own site")
    title = text(entry.get("title"), TITLE)
    if not title:
        raise Refused("it has no title")
    files = []
    for item in _list(entry.get("files"))[:MAX_LIST]:
        if not isinstance(item, dict):
            continue
        url = web_url(item.get("url"))
        if not under(url, base):
            raise Refused(f"its file {_shown(item.get('url'))} is not on the peer's own site")
        size = item.get("size")
        file = {"title": text(item.get("title"), TITLE), "url": url,
                "size": size if isinstance(size, int) and not isinstance(size, bool)
                and size >= 0 else None,
                "media_type": text(item.get("media_type"), 100)}
        checksum = item.get("sha256")
        if isinstance(checksum, str) and _SHA256.fullmatch(checksum):
            file["sha256"] = checksum
        files.append(file)
    licence = entry.get("licence")
    cover = entry.get("cover")
    return {
        "id": entry["id"],
        "url": entry["url"],
        "title": title,
        "summary": text(entry.get("summary"), SUMMARY),
        "published": _date(entry.get("published")),
        "updated": _date(entry.get("updated")),
        "authors": [{"name": text(a.get("name")), "url": web_url(a.get("url"))}
                    for a in _list(entry.get("authors"))[:MAX_LIST]
                    if isinstance(a, dict) and text(a.get("name"))],
        "subjects": _words(entry.get("subjects")),
        "levels": _words(entry.get("levels")),
        "type": text(entry.get("type")) or None,
        "duration": text(entry.get("duration"), 50) or None,
        "tags": _words(entry.get("tags")),
        "licence": {"id": text(licence.get("id")), "name": text(licence.get("name")),
                    "url": web_url(licence.get("url"))}
        if isinstance(licence, dict) and text(licence.get("id")) else None,
        "credit": text(entry.get("credit"), SUMMARY),
        "files": files,
        "adapted_from": [{"title": text(a.get("title"), TITLE), "url": web_url(a.get("url")),
                          "author": text(a.get("author")) or None,
                          "licence": text(a.get("licence")) or None}
                         for a in _list(entry.get("adapted_from"))[:MAX_LIST]
                         if isinstance(a, dict) and text(a.get("title"), TITLE)],
        "cover": {"url": web_url(cover.get("url")), "alt": text(cover.get("alt"), SUMMARY)}
        if isinstance(cover, dict) and under(web_url(cover.get("url")), base) else None,
    }


def _object(data: Any, name: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise Refused(f"{name} is not a JSON object")
    return data


def _version(top: dict[str, Any], name: str) -> None:
    version = top.get("version")
    if version != VERSION or isinstance(version, bool):
        raise Refused(f"{name} is version {_shown(version)}, not {VERSION} "
                      "(a newer or older sharesite: nothing is read from it)")


def _site(top: dict[str, Any], name: str, base: str) -> dict[str, Any]:
    site = top.get("site")
    if not isinstance(site, dict):
        raise Refused(f"{name} has no site")
    if site.get("url") != base:
        raise Refused(f"{name} is the site {_shown(site.get('url'))}, not {base} "
                      "(check the peer's url in site.toml)")
    return {"title": text(site.get("title"), TITLE), "url": base,
            "description": text(site.get("description"), SUMMARY),
            "language": text(site.get("language"), 35)}


def _date(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return dt.datetime.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _day(value: Any) -> str | None:
    """A YYYY-MM-DD date, or None."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _words(value: Any) -> list[str]:
    words = [text(v) for v in _list(value)[:MAX_LIST]]
    return [w for w in words if w]


def _shown(value: Any) -> str:
    """A value from a peer as it may appear in a report: quoted, cleaned and short."""
    return repr(text(value, 80)) if isinstance(value, str) else repr(value)[:80]


MAX_EVENTS = 2_000  # per peer's events.json (a network's busiest site has tens a term)
LOCATIONS = ("school", "place", "online")
# An RRULE value as iCalendar writes one: upper-case names, digits and its punctuation.
_RRULE = re.compile(r"FREQ=[A-Z0-9=;,:+-]{1,300}")
_ZONE = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+){0,2}")


def events(data: Any, base: str) -> Cleaned:
    """/events.json of the peer at `base`, checked and cleaned (version 1): each event's id
    and page on the peer's own site, its school links there too (or dropped), its times
    real dates, every string plain text. An event that lacks what one needs is left out
    and counted; more than MAX_EVENTS refuses the file."""
    name = "events.json"
    top = _object(data, name)
    _version(top, name)
    site = _site(top, name, base)
    zone = _zone(_mapping(top.get("site")).get("timezone"))
    entries = top.get("events")
    if not isinstance(entries, list):
        raise Refused(f"{name} has no list of events")
    if len(entries) > MAX_EVENTS:
        raise Refused(f"{name} lists {len(entries)} events (at most {MAX_EVENTS} are read)")
    left_out: list[str] = []
    found = _each(entries, "event", lambda e: _event(e, base, zone), left_out)
    cleaned = {"version": VERSION, "generator": text(top.get("generator")),
               "site": site | {"timezone": zone}, "events": _once(found, "event", left_out)}
    return Cleaned(cleaned, tuple(left_out))


def _each(entries: list[Any], noun: str, clean_one: Callable[[Any], dict[str, Any]],
          left_out: list[str]) -> list[dict[str, Any]]:
    """Each entry cleaned; one that is refused is left out, and why is added to
    `left_out` ("offer 3: …", counted from 1)."""
    kept = []
    for number, entry in enumerate(entries, start=1):
        try:
            kept.append(clean_one(entry))
        except Refused as exc:
            left_out.append(f"{noun} {number}: {exc}")
    return kept


def _event(entry: Any, base: str, zone: str) -> dict[str, Any]:
    entry = _own(entry, base, "id", "url")
    title = text(entry.get("title"), TITLE)
    if not title:
        raise Refused("it has no title")
    all_day = entry.get("all_day") is True
    start, end = _when(entry.get("start"), all_day), _when(entry.get("end"), all_day)
    if start is None or end is None:
        raise Refused("its start or end is not a date" + ("" if all_day else " and time "
                                                         "with its offset"))
    if (dt.date.fromisoformat(end) <= dt.date.fromisoformat(start)) if all_day else \
            dt.datetime.fromisoformat(end) <= dt.datetime.fromisoformat(start):
        raise Refused("it ends before it starts")
    repeat = entry.get("repeat")
    where = _mapping(entry.get("location"))
    kind = where.get("kind") if where.get("kind") in LOCATIONS else "place"
    audience = _mapping(entry.get("for"))
    booking = _mapping(entry.get("booking"))
    mailbox = booking.get("mailbox")
    capacity = entry.get("capacity")
    organiser = _mapping(entry.get("organiser"))
    return {
        "id": entry["id"], "url": entry["url"], "title": title,
        "summary": text(entry.get("summary"), SUMMARY),
        "start": start, "end": end, "all_day": all_day,
        "timezone": _zone(entry.get("timezone")) or zone,
        "repeat": repeat if isinstance(repeat, str) and _RRULE.fullmatch(repeat) else None,
        "location": {"kind": kind, "name": text(where.get("name"), TITLE) or None,
                     "address": text(where.get("address"), TITLE) or None,
                     "school": _here(where.get("school"), base)},
        "for": {key: _words(audience.get(key))
                for key in ("phases", "subjects", "levels", "areas")},
        "booking": {"url": web_url(booking.get("url")),
                    "mailbox": mailbox if isinstance(mailbox, str) and len(mailbox) <= SHORT
                    and _MAILBOX.fullmatch(mailbox) else None,
                    "note": text(booking.get("note")) or None},
        "capacity": capacity if isinstance(capacity, int) and not isinstance(capacity, bool)
        and 0 < capacity < 1_000_000 else None,
        "cost": text(entry.get("cost")) or "free",
        "organiser": {"school": _here(organiser.get("school"), base),
                      "name": text(organiser.get("name")) or None},
        "tags": _words(entry.get("tags")),
        "status": "cancelled" if entry.get("status") == "cancelled" else "confirmed",
        "updated": _date(entry.get("updated")),
    }


def _when(value: Any, all_day: bool) -> str | None:
    """A date (all day), or a date-time with its UTC offset; None when it is neither."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    if all_day:
        return _day(value)
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.isoformat() if when.tzinfo is not None and "T" in value else None


def _zone(value: Any) -> str:
    """An IANA time zone name as written (checked for its shape only: the build checks it
    against the zones it knows), or ""."""
    return value if isinstance(value, str) and len(value) <= 60 and \
        _ZONE.fullmatch(value) else ""


def _here(value: Any, base: str) -> str | None:
    """An address on the peer's own site, or None."""
    url = web_url(value)
    return url if under(url, base) else None
