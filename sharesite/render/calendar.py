"""The events as iCalendar files (RFC 5545) a teacher subscribes to from Outlook, Google
Calendar or Apple Calendar: /events.ics (every event), /tags/<tag>/events.ics,
/schools/<school>/events.ics, and each event's own /events/<slug>/event.ics ("Add to
calendar").

Written with `icalendar` so that escaping, folding (75 octets) and CRLF line ends are the
library's, not ours. Every value comes from content, so two builds of the same content give
the same bytes: DTSTAMP is the event's content stamp (never the build time), the UID is the
event's page address (so a subscribed calendar updates an event rather than adding a copy),
and the VTIMEZONE only spans the years the events do (its transitions come from zoneinfo).
Cancelled events stay in, as STATUS:CANCELLED with a higher SEQUENCE, so a calendar that
subscribed removes them instead of keeping a session that will not happen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from markupsafe import Markup

from sharesite.render.renderer import Job
from sharesite.render.strings import Strings
from sharesite.site.model import Event, Site
from sharesite.site.urls import Urls

if TYPE_CHECKING:  # icalendar is loaded when a calendar is made: most builds make none
    from icalendar import Calendar, Timezone, vCalAddress
    from icalendar import Event as VEvent

PRODID = "-//sharesite//events//EN"  # no version: a new release must not change the files
MEDIA_TYPE = "text/calendar"
# A hint to the programs that heed one (REFRESH-INTERVAL, RFC 7986, and X-PUBLISHED-TTL, which
# classic Outlook reads; Google ignores both): the site is rebuilt daily, so there is nothing
# new to fetch more often than that.
REFRESH = dt.timedelta(days=1)

_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre|tr)>|<br\s*/?>", re.IGNORECASE)


def calendar_jobs(site: Site, strings: Strings) -> list[Job]:
    """Every calendar file: all the events, each tag's and each school's that has any, and
    one for each of the site's own events (a peer's is added from its own site). Their
    names, which calendar programs show, are in `strings`' language."""
    if not site.events:
        return []
    say = strings.text
    out = [Job(Urls.events_ics, lambda s: calendar(
        s, say("events.feed_title", site=s.title), s.events), "", (Urls.events_ics,))]
    tags = {tag.key: tag for event in site.events for tag in event.tags}
    for tag in sorted(tags.values(), key=lambda t: t.path):
        if site.tagged_events.get(tag.key):
            path = Urls.events_ics_of(tag.path)
            out.append(Job(path, lambda s, key=tag.key, name=tag.name: calendar(  # type: ignore[misc]
                s, say("calendar.tagged", site=s.title, name=name),
                s.tagged_events[key]), "", (path,)))
    for school in site.schools:
        if site.school_events.get(school.id):
            path = Urls.events_ics_of(school.path)
            out.append(Job(path, lambda s, key=school.id, name=school.name: calendar(  # type: ignore[misc]
                s, say("calendar.school", site=s.title, name=name),
                s.school_events[key]), "", (path,)))
    for index, event in enumerate(site.events):
        if event.ics_path:  # the site's own (a peer's is on the peer's site)
            out.append(Job(event.ics_path, lambda s, i=index: single(  # type: ignore[misc]
                s, s.events[i]), "", (event.ics_path,)))
    return out


def calendar(site: Site, name: str, events: Iterable[Event]) -> bytes:
    """A calendar to subscribe to: its name, the site's zone, every event in start order."""
    cal = _calendar(site, sorted(events, key=_order))
    cal.add("name", name)  # RFC 7986, and the older name most clients read
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", site.config.timezone)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    return bytes(cal.to_ical())


def single(site: Site, event: Event) -> bytes:
    """One event's file, to add to a calendar once ("Add to calendar"). No calendar name:
    with one, some clients offer to make a new calendar instead of adding the event."""
    return bytes(_calendar(site, [event]).to_ical())


def _calendar(site: Site, events: list[Event]) -> Calendar:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    for zone in _zones(events):
        cal.add_component(zone)
    for event in events:
        cal.add_component(_vevent(site, event))
    return cal


def _vevent(site: Site, event: Event) -> VEvent:
    from icalendar import Event as VEvent
    from icalendar import vRecur

    out = VEvent()
    out.add("uid", event.uid)
    out.add("dtstamp", event.stamp.astimezone(dt.UTC))
    out.add("dtstart", _when(event.start))
    out.add("dtend", _when(event.end))
    if event.repeat:
        out.add("rrule", vRecur.from_ical(event.repeat))
    out.add("summary", _text(f"Cancelled: {event.title}" if event.cancelled else event.title))
    out.add("description", _text(description(site, event)))
    location = _location(event)
    if location:
        out.add("location", _text(location))
    out.add("url", event.url or site.absolute(event.path))  # a peer's: its page there
    out.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    out.add("sequence", 1 if event.cancelled else 0)
    if event.tags:
        out.add("categories", [_text(tag.name) for tag in event.tags])
    organiser = _organiser(site, event)
    if organiser is not None:
        out.add("organizer", organiser)
    return out


def _text(value: str) -> str:
    """Text for a calendar: plain, as iCalendar has it, but with no angle brackets, since
    some calendar programs (Google Calendar) read a DESCRIPTION's tags as HTML: a peer's
    "<script>" stays visible and never becomes markup."""
    return value.replace("<", "\u2039").replace(">", "\u203a")


def _when(value: dt.date) -> dt.date:
    """A start or end as the file writes it: a date (all day), a time with its zone's TZID,
    or UTC (a time with only an offset, as a peer's JSON may give)."""
    if not isinstance(value, dt.datetime):
        return value
    if isinstance(value.tzinfo, ZoneInfo):
        return value
    return value.astimezone(dt.UTC)


def _order(event: Event) -> tuple[dt.datetime, str]:
    start = event.start
    if not isinstance(start, dt.datetime):
        start = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)
    return start.astimezone(dt.UTC), event.uid


def _zones(events: list[Event]) -> list[Timezone]:
    """A VTIMEZONE for each zone the events' times name, with the transitions of the years
    they span and no more (from 1970 to 2038 by default: thousands of lines, all unused)."""
    from icalendar import Timezone

    spans: dict[str, tuple[int, int]] = {}
    for event in events:
        for value in (event.start, event.end):
            if (isinstance(value, dt.datetime) and isinstance(value.tzinfo, ZoneInfo)
                    and value.tzinfo.key != "UTC"):
                first, last = spans.get(value.tzinfo.key, (value.year, value.year))
                spans[value.tzinfo.key] = (min(first, value.year),
                                           max(last, value.year, _last_year(event)))
    return [Timezone.from_tzid(key, first_date=dt.date(first, 1, 1),
                               last_date=dt.date(last + 1, 1, 1))
            for key, (first, last) in sorted(spans.items())]


def _last_year(event: Event) -> int:
    """The year a series ends (the year its last occurrence ends), or the event's own year.
    A peer's series (no occurrences worked out here) ends at its UNTIL; one with only a
    COUNT, or no end, has its zone written to 2037, icalendar's limit."""
    year = event.last_end.year
    if not event.repeat or event.occurrences:
        return year
    from icalendar import vRecur

    rule = vRecur.from_ical(event.repeat)
    if "UNTIL" in rule:
        return max(year, int(rule["UNTIL"][0].year))
    return max(year, 2037)


def _location(event: Event) -> str:
    if event.location_kind == "online":
        return "Online"
    return ", ".join(p for p in (event.location_name, event.location_address) if p)


def _organiser(site: Site, event: Event) -> vCalAddress | None:
    """The organiser as a name (CN) and an address: the booking role mailbox when there is
    one, else the organising school's (or author's) page: never a person's e-mail."""
    from icalendar import vCalAddress

    name = ", ".join(n for n in (
        event.organiser_author.name if event.organiser_author else "",
        event.organiser_school.name if event.organiser_school else event.school_name) if n)
    if not name:
        return None
    if event.booking_mailbox:
        address = f"mailto:{event.booking_mailbox}"
    elif event.organiser_school is not None:
        address = site.absolute(event.organiser_school.path)
    elif event.school_url:
        address = event.school_url
    elif event.organiser_author is not None:
        address = site.absolute(event.organiser_author.path)
    else:
        address = event.uid
    out = vCalAddress(address)
    out.params["CN"] = _text(name)
    return out


def description(site: Site, event: Event) -> str:
    """The event as plain text for DESCRIPTION: what it is, who it is for, how to book,
    who runs it, whose site it is from, and the address of its page."""
    parts = [event.summary] if event.summary else []
    if event.cancelled:
        parts.insert(0, "Cancelled" + (f": {event.cancelled_reason}"
                                       if event.cancelled_reason else "."))
    body = plain(event.body)
    if body:
        parts.append(body)
    facts = []
    audience = [*event.phases, *event.subjects, *event.levels, *event.areas]
    if audience:
        facts.append("For: " + ", ".join(audience))
    if event.booking_url:
        facts.append(f"Book: {event.booking_url}")
    elif event.booking_mailbox:
        facts.append(f"Book by e-mail: {event.booking_mailbox}")
    elif event.booking_note:
        facts.append(f"Booking: {event.booking_note}")
    if event.capacity is not None:
        facts.append(f"Places: {event.capacity}")
    if event.cost:
        facts.append(f"Cost: {event.cost}")
    organisers = [n for n in (
        event.organiser_author.name if event.organiser_author else "",
        event.organiser_school.name if event.organiser_school else "") if n]
    if organisers:
        facts.append("Organised by: " + ", ".join(organisers))
    if event.school_url:
        facts.append(f"From {event.school_name or event.school_url}: {event.school_url}")
    facts.append(f"Details: {event.url or site.absolute(event.path)}")
    parts.append("\n".join(facts))
    return "\n\n".join(parts)


def plain(markup: Markup) -> str:
    """HTML as plain text, a paragraph (or list item, heading) a line: entities undone,
    tags dropped, so nothing a peer wrote is ever markup in a calendar."""
    blocks = (Markup(part).striptags() for part in _BLOCK_END.split(str(markup)))
    return "\n".join(b for b in blocks if b)
