"""Events: content/events/*.md and the dated offers of schools' profiles, as `Event`s.

An event's front matter is read (and its form checked) in `sharesite.content.document`;
here the schools and authors it names are looked up, a series is unrolled into its
occurrences, and the events are split into upcoming and past by the build's `now` (never
the clock: the split is what a rebuild tomorrow changes, so `next_change` tells the build
when that is). An offer with `dates:` is an event too: one place to write it.

How a date and time read is `written_when`'s and `written_repeat`'s alone: in a
language's words when given them (the string tables' sentences, Babel's CLDR day and month
names with the tables' patterns: what the theme and the feeds show, through
`Event.written_when`), else in English, with the zone's abbreviation. The string tables are
render's (this layer reads none): `Event.when` and `repeat_text` stay the English.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Protocol
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from markupsafe import Markup

from sharesite.config import SiteConfig
from sharesite.content.document import Document, EventFacts, Occasion
from sharesite.errors import Diagnostic, did_you_mean, error, one_of
from sharesite.site.links import resolve
from sharesite.site.model import Author, Event, Offer, School, Tag
from sharesite.site.urls import Urls, slug_for, tag_slug

Moment = dt.datetime | dt.date
# A series is shown (and checked) up to this many times: a weekly rule "until 2099" is
# still a handful of pages' worth, and calendars expand the RRULE themselves.
MAX_OCCURRENCES = 500


def event_slug(doc: Document) -> str:
    """The last part of an event's address: its slug, or its file's name."""
    return slug_for(doc.name)


def offer_slug(school: School, offer: Offer, start: Moment) -> str:
    """A dated offer's address: its school, kind and day (and time, for a timed one), so
    it stays put when other offers are added or reordered."""
    stamp = f"{start:%Y-%m-%d-%H%M}" if isinstance(start, dt.datetime) else f"{start}"
    return slug_for(f"{school.slug}-{offer.kind}-{stamp}")


def build_events(config: SiteConfig, docs: Iterable[Document], schools: tuple[School, ...],
                 authors: tuple[Author, ...], tag_of: Mapping[str, Tag],
                 urls: Mapping[str, str], problems: list[Diagnostic]) -> tuple[Event, ...]:
    """Every event of the site (its own and its schools' dated offers), soonest first.
    A school or author that is not on the site is an error with a guess."""
    by_school = {s.id: s for s in schools}
    by_author = {a.id: a for a in authors}
    found: list[Event] = []
    for doc in docs:
        facts = doc.event
        if facts is None:
            continue
        event = _from_document(config, doc, facts, by_school, by_author, tag_of, urls,
                               problems)
        if event is not None:
            found.append(event)
    for school in schools:
        found += _from_offers(config, school)
    return tuple(sorted(found, key=sort_key))


def sort_key(event: Event) -> tuple[dt.datetime, str]:
    """Soonest first (a whole day from its midnight), then by address."""
    return (_instant(event.start, dt.UTC), event.slug)


def split(events: tuple[Event, ...], now: dt.datetime, tz: ZoneInfo) -> tuple[
        tuple[Event, ...], tuple[Event, ...]]:
    """(upcoming, past) at `now`: an event is upcoming until its last occurrence ends.
    Upcoming soonest first (by the next occurrence), past the most recent first."""
    upcoming = [e for e in events if _instant(e.last_end, tz) > now]
    past = [e for e in events if _instant(e.last_end, tz) <= now]
    upcoming.sort(key=lambda e: (_instant(next_occurrence(e, now, tz)[0], tz), e.slug))
    past.sort(key=lambda e: (_instant(e.occurrences[-1][0] if e.occurrences else e.start, tz),
                             e.slug), reverse=True)
    return tuple(upcoming), tuple(past)


def next_occurrence(event: Event, now: dt.datetime, tz: ZoneInfo) -> tuple[Moment, Moment]:
    """The first occurrence not over at `now` (the last, when all are)."""
    for start, end in event.occurrences:
        if _instant(end, tz) > now:
            return start, end
    return event.occurrences[-1] if event.occurrences else (event.start, event.end)


def indexes(events: tuple[Event, ...]) -> tuple[dict[str, tuple[Event, ...]],
                                                dict[str, tuple[Event, ...]],
                                                dict[str, tuple[Event, ...]]]:
    """The events by tag key, by school id (where it is, or who organises it) and by
    author id (the organiser), each soonest first."""
    tagged: dict[str, list[Event]] = defaultdict(list)
    at_school: dict[str, list[Event]] = defaultdict(list)
    by_author: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for tag in event.tags:
            tagged[tag.key].append(event)
        schools = {s.id: s for s in (event.location_school, event.organiser_school) if s}
        for school_id in schools:
            at_school[school_id].append(event)
        if event.organiser_author is not None:
            by_author[event.organiser_author.id].append(event)
    return ({k: tuple(v) for k, v in tagged.items()}, {k: tuple(v) for k, v in at_school.items()},
            {k: tuple(v) for k, v in by_author.items()})


def addresses(events: tuple[Event, ...], tags: Iterable[Tag], schools: Iterable[School],
              past_years: Iterable[int]) -> list[tuple[str, str]]:
    """(output file, who wants it): the events' pages, lists, feed and calendar files."""
    if not events:
        return []
    own = [Urls.events, Urls.events_past, Urls.events_feed, *map(Urls.events_year, past_years)]
    found = [(Urls.file(path), f"sharesite's own /{path}") for path in own]
    for event in events:  # an event file's page is claimed with the other items' pages
        who = event.document.path if event.document else f"the dated offer {event.title!r}"
        if event.document is None:
            found.append((Urls.file(event.path), who))
        found.append((event.ics_path, f"the calendar of {who}"))
    tagged, at_school, _ = indexes(events)
    found += [(Urls.events_ics_of(t.path), f"the calendar of tag {t.name!r}") for t in tags
              if t.key in tagged]
    found += [(Urls.events_ics_of(s.path), f"the calendar of {s.name}") for s in schools
              if s.id in at_school]
    return found


def fixed_addresses() -> tuple[str, ...]:
    """The site-wide calendar and catalogue of events (sharesite's own, always kept)."""
    return (Urls.events_ics, Urls.events_json, Urls.events_schema)


def next_change(config: SiteConfig, documents: Iterable[Document], now: dt.datetime
                ) -> dt.datetime | None:
    """When an event (or one occurrence of a series) next ends after `now`: the events
    pages change then, with nothing edited (the build's `_due`)."""
    tz = config.tz
    times: list[dt.datetime] = []
    for doc in documents:
        occasions: list[tuple[Occasion, str]] = []
        if doc.event is not None:
            occasions.append((doc.event.occasion, doc.event.repeat))
        occasions += [(o, "") for facts in doc.offers if not facts.seeking for o in facts.dates]
        for occasion, repeat in occasions:
            for _, end in occurrences(occasion.start, occasion.end, repeat, tz):
                when = _instant(end, tz)
                if when > now:
                    times.append(when)
                    break
    return min(times, default=None)


def occurrences(start: Moment, end: Moment, repeat: str, tz: ZoneInfo
                ) -> tuple[tuple[Moment, Moment], ...]:
    """Each (start, end) of a series, or of a single event, in order. A series keeps its
    time of day across the clock changes (09:00 is 09:00 in GMT and in BST), as calendar
    programs expand it."""
    if not repeat:
        return ((start, end),)
    from dateutil.rrule import rrulestr  # a series' sites only

    timed = isinstance(start, dt.datetime)
    first = start.replace(tzinfo=None) if isinstance(start, dt.datetime) else \
        dt.datetime.combine(start, dt.time())
    length = (end.replace(tzinfo=None) if isinstance(end, dt.datetime)
              else dt.datetime.combine(end, dt.time())) - first
    rule = repeat
    if timed and "UNTIL=" in rule:  # dateutil wants UNTIL like DTSTART: naive, local
        parts = dict(p.split("=", 1) for p in rule.split(";"))
        until = dt.datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        parts["UNTIL"] = f"{until.astimezone(tz):%Y%m%dT%H%M%S}"
        rule = ";".join(f"{k}={v}" for k, v in parts.items())
    found: list[tuple[Moment, Moment]] = []
    for number, when in enumerate(rrulestr(rule, dtstart=first)):
        if number >= MAX_OCCURRENCES:
            break
        if timed:
            found.append((when.replace(tzinfo=tz), (when + length).replace(tzinfo=tz)))
        else:
            found.append((when.date(), (when + length).date()))
    return tuple(found) or ((start, end),)


# How dates and times read, in the site's zone. One place to change them.


class Words(Protocol):
    """A language's string table (render's `Strings`): its sentences and CLDR patterns."""

    @property
    def locale(self) -> Locale: ...

    @property
    def messages(self) -> Mapping[str, object]: ...

    def text(self, key: str, /, **named: object) -> str: ...


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_UNITS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}


def written_when(start: Moment, end: Moment, all_day: bool, words: Words | None = None
                 ) -> str:
    """"Monday 15 February 2027, 9:00am to 3:30pm (GMT)"; whole days "Monday 15 February
    2027" or "Monday 15 February 2027 to Tuesday 16 February 2027" (`end` exclusive). In
    `words`' language when given (the English tables say the same as this)."""
    if words is not None:
        return _written_when(start, end, all_day, words)
    if all_day or not isinstance(start, dt.datetime) or not isinstance(end, dt.datetime):
        first = start.date() if isinstance(start, dt.datetime) else start
        last = (end.date() if isinstance(end, dt.datetime) else end) - dt.timedelta(days=1)
        return _day(first) if last <= first else f"{_day(first)} to {_day(last)}"
    zone, end_zone = start.tzname() or "", end.tzname() or ""
    if start.date() == end.date():
        return f"{_day(start.date())}, {_time(start)} to {_time(end)} ({zone})"
    if zone == end_zone:
        return f"{_day(start.date())}, {_time(start)} to {_day(end.date())}, {_time(end)} " \
            f"({zone})"
    return f"{_day(start.date())}, {_time(start)} ({zone}) to {_day(end.date())}, " \
        f"{_time(end)} ({end_zone})"


def written_repeat(repeat: str, tz: dt.tzinfo, words: Words | None = None) -> str:
    """A series' rule in words: "Every 6 weeks until Tuesday 20 July 2027", "Every week,
    5 times"; a rule written out with more than that, "Repeats (RRULE …)". In `words`'
    language when given."""
    if not repeat:
        return ""
    if words is not None:
        return _written_repeat(repeat, tz, words)
    parts = dict(p.split("=", 1) for p in repeat.split(";") if "=" in p)
    unit = _UNITS.get(parts.get("FREQ", ""))
    if unit is None or set(parts) - {"FREQ", "INTERVAL", "COUNT", "UNTIL"}:
        return f"Repeats ({repeat})"
    every = int(parts.get("INTERVAL", "1"))
    text = f"Every {every} {unit}s" if every > 1 else f"Every {unit}"
    if "COUNT" in parts:
        return f"{text}, {parts['COUNT']} times"
    until = parts.get("UNTIL", "")
    if until.endswith("Z"):
        day = dt.datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC) \
            .astimezone(tz).date()
    else:
        day = dt.datetime.strptime(until[:8], "%Y%m%d").date()
    return f"{text} until {_day(day)}"


def _day(day: dt.date) -> str:
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _time(when: dt.datetime) -> str:
    hour = when.hour % 12 or 12
    return f"{hour}:{when.minute:02d}{'am' if when.hour < 12 else 'pm'}"


# The same in a language's words: the tables' [when] sentences, [dates] CLDR patterns.

_RULES = {"DAILY": "when.daily", "WEEKLY": "when.weekly", "MONTHLY": "when.monthly",
          "YEARLY": "when.yearly"}


def _written_when(start: Moment, end: Moment, all_day: bool, words: Words) -> str:
    say = words.text
    if all_day or not isinstance(start, dt.datetime) or not isinstance(end, dt.datetime):
        first = start.date() if isinstance(start, dt.datetime) else start
        last = (end.date() if isinstance(end, dt.datetime) else end) - dt.timedelta(days=1)
        if last <= first:
            return _day_in(first, words)
        return say("when.days", first=_day_in(first, words), last=_day_in(last, words))
    zone, end_zone = start.tzname() or "", end.tzname() or ""
    day, begins, ends = _day_in(start.date(), words), _time_in(start, words), \
        _time_in(end, words)
    if start.date() == end.date():
        return say("when.times", day=day, start=begins, end=ends, zone=zone)
    end_day = _day_in(end.date(), words)
    if zone == end_zone:
        return say("when.overnight", day=day, start=begins, end_day=end_day, end=ends,
                   zone=zone)
    return say("when.zones", day=day, start=begins, zone=zone, end_day=end_day, end=ends,
               end_zone=end_zone)


def _written_repeat(repeat: str, tz: dt.tzinfo, words: Words) -> str:
    say = words.text
    parts = dict(p.split("=", 1) for p in repeat.split(";") if "=" in p)
    unit = _RULES.get(parts.get("FREQ", ""))
    if unit is None or set(parts) - {"FREQ", "INTERVAL", "COUNT", "UNTIL"}:
        return say("when.rule", rule=repeat)
    every = say(unit, count=int(parts.get("INTERVAL", "1")))
    if "COUNT" in parts:
        return say("when.times_count", every=every,
                   times=say("when.count", count=int(parts["COUNT"])))
    until = parts.get("UNTIL", "")
    if until.endswith("Z"):
        day = dt.datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC) \
            .astimezone(tz).date()
    else:
        day = dt.datetime.strptime(until[:8], "%Y%m%d").date()
    return say("when.until", every=every, day=_day_in(day, words, "dates.until"))


def _day_in(day: dt.date, words: Words, pattern: str = "dates.day") -> str:
    """"Tuesday 19 January 2027", "Dydd Mawrth 19 Ionawr 2027": the table's CLDR
    pattern, Babel's names."""
    return format_date(day, str(words.messages.get(pattern, "EEEE d MMMM y")),
                       locale=words.locale)


def _time_in(when: dt.datetime, words: Words) -> str:
    """"4:00pm", "16:00": the table's CLDR pattern for a morning's time or an afternoon's."""
    pattern = words.messages.get("dates.time_am" if when.hour < 12 else "dates.time_pm",
                                 "HH:mm")
    return format_time(when.time(), str(pattern), locale=words.locale)


def _instant(moment: Moment, tz: dt.tzinfo) -> dt.datetime:
    """A moment as an aware date-time: a day starts at midnight in the site's zone."""
    if isinstance(moment, dt.datetime):
        return moment
    return dt.datetime.combine(moment, dt.time(), tz)


def _stamp(doc: Document | None, start: Moment, tz: ZoneInfo) -> dt.datetime:
    """When it was last changed, from content (never the build's clock), in UTC."""
    when = (doc.updated or doc.date) if doc is not None else None
    return (when or _instant(start, tz)).astimezone(dt.UTC)


def _from_document(config: SiteConfig, doc: Document, facts: EventFacts,
                   schools: Mapping[str, School], authors: Mapping[str, Author],
                   tag_of: Mapping[str, Tag], urls: Mapping[str, str],
                   problems: list[Diagnostic]) -> Event | None:
    slug = event_slug(doc)
    if not slug:
        return None  # the address step has said so
    tz = config.tz
    ok = True
    place = organiser_school = None
    if facts.location_kind == "school":
        place = schools.get(facts.location_school)
        if place is None:
            ok = False
            problems.append(_unknown_school(doc, "location", facts.location_school, schools,
                                            "or write location: {name: ..., address: ...}"))
    if facts.organiser_school:
        organiser_school = schools.get(facts.organiser_school)
        if organiser_school is None:
            ok = False
            problems.append(_unknown_school(doc, "organiser", facts.organiser_school, schools,
                                            "or leave organiser: school out"))
    organiser_author = None
    if facts.organiser_author:
        organiser_author = authors.get(facts.organiser_author)
        if organiser_author is None:
            ok = False
            problems.append(error(
                doc.path, doc.line("organiser"),
                f"organiser: author {facts.organiser_author!r} is not an author of this site",
                did_you_mean(facts.organiser_author, authors) or
                f"add content/authors/{facts.organiser_author}.md, or use one of "
                f"{one_of(authors) or '(none yet)'}"))
    if not ok:
        return None
    occasion = facts.occasion
    path = Urls.event(slug)
    return Event(
        slug=slug, title=doc.title, start=occasion.start, end=occasion.end,
        all_day=occasion.all_day, uid=config.base_url + path,
        stamp=_stamp(doc, occasion.start, tz),
        when=written_when(occasion.start, occasion.end, occasion.all_day),
        repeat=facts.repeat, repeat_text=written_repeat(facts.repeat, tz),
        occurrences=occurrences(occasion.start, occasion.end, facts.repeat, tz),
        location_kind=facts.location_kind,
        location_name=place.name if place else facts.location_name,
        location_address=facts.location_address, location_school=place,
        online_url=facts.online_url, phases=facts.phases, subjects=facts.subjects,
        levels=facts.levels, areas=facts.areas, booking_url=facts.booking_url,
        booking_mailbox=facts.booking_mailbox, booking_note=facts.booking_note,
        capacity=facts.capacity, cost=facts.cost, organiser_school=organiser_school,
        organiser_author=organiser_author,
        tags=tuple(sorted({tag_of[tag_slug(t)] for t in doc.tags if tag_slug(t) in tag_of},
                          key=lambda t: t.key)),
        cancelled=facts.cancelled, cancelled_reason=facts.cancelled_reason,
        summary=doc.summary, body=Markup(resolve(doc.body_html, dict(urls), config, path)),
        document=doc)


def _unknown_school(doc: Document, key: str, school_id: str, schools: Mapping[str, School],
                    other: str) -> Diagnostic:
    return error(doc.path, doc.line(key),
                 f"{key}: {school_id!r} is not a school with a profile on this site",
                 did_you_mean(school_id, schools) or
                 f"add content/schools/{school_id}.md with a name, {other}")


def _from_offers(config: SiteConfig, school: School) -> list[Event]:
    """A school's shown offers with `dates:`, each date an event at the school (or online)
    that links back to the offer."""
    doc = school.document
    if doc is None:
        return []
    shown = {o.line: o for o in school.offers}
    found: list[Event] = []
    for facts in doc.offers:
        offer = shown.get(facts.line)
        if offer is None or facts.seeking:
            continue  # not shown (stale): nor are its dates
        areas = ", ".join(label for label, _ in offer.areas)
        title = f"{offer.kind_label}: {areas} at {school.name}"
        online = offer.format == "online"
        for occasion in facts.dates:
            slug = offer_slug(school, offer, occasion.start)
            path = Urls.event(slug)
            found.append(Event(
                slug=slug, title=title, start=occasion.start, end=occasion.end,
                all_day=occasion.all_day, uid=config.base_url + path,
                stamp=_stamp(None, occasion.start, config.tz) if offer.reviewed is None else
                dt.datetime.combine(offer.reviewed, dt.time(12), dt.UTC),
                when=written_when(occasion.start, occasion.end, occasion.all_day),
                occurrences=((occasion.start, occasion.end),),
                location_kind="online" if online else "school",
                location_name="Online" if online else school.name,
                location_school=None if online else school,
                areas=tuple(label for label, _ in offer.areas),
                phases=(_phase(school.phase),) if school.phase else (),
                booking_url=offer.contact.form or offer.contact.page,
                booking_mailbox=offer.contact.mailbox, organiser_school=school,
                summary=offer.note or offer.when, document=None, offer=offer))
    return found


def _phase(phase: str) -> str:
    """A school's phase as a dated offer's event names it, in English: "All through" (the
    theme shows a school's own from the string tables: `phase_name`)."""
    words = phase.replace("-", " ")
    return words[:1].upper() + words[1:]
