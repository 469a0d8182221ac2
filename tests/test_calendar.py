"""The events' calendars (sharesite/render/calendar.py), read back with icalendar: times in
the site's zone right on both sides of the October and March clock changes, all-day events
with an exclusive end, a series expanding to the dates it should, cancelled events kept as
STATUS:CANCELLED, a peer's event credited, and the same bytes from the same events.

`calendar`'s events here are small stand-ins with the contract's fields (the model is
sharesite/site/model.py `Event`); the tests at the end build real sites.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr
from markupsafe import Markup
from support import make_site, out

from sharesite.build import BuildOptions, build
from sharesite.render.calendar import calendar, plain, single
from sharesite.site.model import Tag

LONDON = ZoneInfo("Europe/London")
BASE = "https://example.github.io/sub/"


@dataclass(frozen=True)
class Named:
    name: str
    path: str


@dataclass(frozen=True)
class FakeEvent:
    slug: str
    title: str
    start: dt.date
    end: dt.date
    all_day: bool = False
    repeat: str = ""
    location_kind: str = "place"
    location_name: str = "Town Library"
    location_address: str = "1 High St, Northfield NF1 1AA"
    location_school: Any = None
    online_url: str = ""
    phases: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    booking_url: str = ""
    booking_mailbox: str = ""
    booking_note: str = ""
    capacity: int | None = None
    cost: str = "free"
    organiser_school: Any = None
    organiser_author: Any = None
    tags: tuple[Tag, ...] = ()
    cancelled: bool = False
    cancelled_reason: str = ""
    summary: str = ""
    body: Markup = field(default_factory=Markup)
    stamp: dt.datetime = dt.datetime(2026, 11, 1, 8, tzinfo=dt.UTC)
    school_name: str = ""
    school_url: str = ""
    url: str = ""  # a peer's: its page there
    occurrences: tuple[tuple[dt.date, dt.date], ...] = ()

    @property
    def last_end(self) -> dt.date:
        return self.occurrences[-1][1] if self.occurrences else self.end

    @property
    def path(self) -> str:
        return "" if self.url else f"events/{self.slug}/"

    @property
    def ics_path(self) -> str:
        return "" if self.url else f"events/{self.slug}/event.ics"

    @property
    def uid(self) -> str:
        return self.url or BASE + self.path


def fake_site(timezone: str = "Europe/London") -> Any:
    return SimpleNamespace(title="Test School", config=SimpleNamespace(timezone=timezone),
                           absolute=lambda path: BASE + path)


def timed(slug: str, start: dt.datetime, hours: float = 1, **more: Any) -> FakeEvent:
    return FakeEvent(slug, slug.replace("-", " ").capitalize(), start,
                     start + dt.timedelta(hours=hours), **more)


def parsed(data: bytes) -> icalendar.Calendar:
    cal = icalendar.Calendar.from_ical(data)
    assert isinstance(cal, icalendar.Calendar)
    return cal


def vevents(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in parsed(data).walk("VEVENT")}


def transitions(zone: icalendar.Timezone) -> set[dt.date]:
    """The days a VTIMEZONE's offsets change (its first DTSTART and each RDATE)."""
    return {t.date() for t in zone.get_transitions()[0]}


def check_lines(data: bytes) -> None:
    """RFC 5545 3.1: CRLF line ends, no line longer than 75 octets (folded)."""
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line


def test_times_across_the_clock_changes_read_local_and_convert_to_utc() -> None:
    # The clocks go back on Sunday 25 October 2026 and forward on Sunday 28 March 2027.
    before_autumn = timed("before-autumn", dt.datetime(2026, 10, 19, 9, tzinfo=LONDON))
    after_autumn = timed("after-autumn", dt.datetime(2026, 10, 26, 9, tzinfo=LONDON))
    before_spring = timed("before-spring", dt.datetime(2027, 3, 22, 9, tzinfo=LONDON))
    after_spring = timed("after-spring", dt.datetime(2027, 3, 29, 9, tzinfo=LONDON))
    data = calendar(fake_site(), "Test School: events",
                    [after_spring, before_autumn, after_autumn, before_spring])
    check_lines(data)
    found = vevents(data)
    utc_hours = {"before-autumn": 8, "after-autumn": 9, "before-spring": 9, "after-spring": 8}
    for slug, hour in utc_hours.items():
        event = found[f"{BASE}events/{slug}/"]
        start = event.decoded("DTSTART")
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert (start.hour, start.minute) == (9, 0)  # 09:00 on the wall clock
        assert start.astimezone(dt.UTC).hour == hour, slug
        assert event.decoded("DTEND") - start == dt.timedelta(hours=1)
    # the zone travels with the file, and only for the years the events span
    zones = parsed(data).walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
    starts = transitions(zones[0])
    assert dt.date(2026, 10, 25) in starts and dt.date(2027, 3, 28) in starts
    assert all(2026 <= t.year <= 2027 for t in starts)
    # a reader resolving the zone from the file alone gets the same instants
    zone = zones[0].to_tz()
    assert dt.datetime(2027, 3, 29, 9, tzinfo=zone).astimezone(dt.UTC).hour == 8
    assert dt.datetime(2026, 10, 19, 9, tzinfo=zone).astimezone(dt.UTC).hour == 8


def test_calendar_properties_and_event_fields() -> None:
    author = Named("Mrs Hughes", "authors/mrs-hughes/")
    school = Named("Northfield Academy", "schools/northfield-academy/")
    event = timed("cpd-day", dt.datetime(2027, 2, 15, 9, tzinfo=LONDON), 6.5,
                  summary="Reading across the curriculum.",
                  body=Markup("<p>Bring a book &amp; a <em>colleague</em>.</p><ul><li>Tea</li>"
                              "<li>Cake</li></ul>"),
                  phases=("Primary",), subjects=("English",), levels=("KS2",),
                  booking_url="https://forms.example/cpd", capacity=40,
                  organiser_author=author, organiser_school=school,
                  tags=(Tag("reading", "reading", "reading", 1), Tag("cpd", "CPD", "cpd", 1)))
    data = calendar(fake_site(), "Test School: events", [event])
    cal = parsed(data)
    assert str(cal["PRODID"]) == "-//sharesite//events//EN"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "Test School: events"
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/London"
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["UID"]) == f"{BASE}events/cpd-day/"
    assert str(vevent["URL"]) == f"{BASE}events/cpd-day/"
    assert vevent.decoded("DTSTAMP") == dt.datetime(2026, 11, 1, 8, tzinfo=dt.UTC)
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent.decoded("SEQUENCE") == 0
    assert str(vevent["LOCATION"]) == "Town Library, 1 High St, Northfield NF1 1AA"
    description = str(vevent["DESCRIPTION"])
    assert description.startswith("Reading across the curriculum.\n\n"
                                  "Bring a book & a colleague.\nTea\nCake\n\n")
    assert "<" not in description
    for line in ("For: Primary, English, KS2", "Book: https://forms.example/cpd",
                 "Places: 40", "Cost: free", "Organised by: Mrs Hughes, Northfield Academy",
                 f"Details: {BASE}events/cpd-day/"):
        assert line in description.splitlines(), line
    organiser = vevent["ORGANIZER"]
    assert str(organiser) == f"{BASE}schools/northfield-academy/"  # no mailto: no mailbox
    assert organiser.params["CN"] == "Mrs Hughes, Northfield Academy"
    assert [str(c) for c in vevent["CATEGORIES"].cats] == ["reading", "CPD"]


def test_a_role_mailbox_is_the_organisers_address() -> None:
    event = timed("open-classroom", dt.datetime(2027, 1, 12, 13, tzinfo=LONDON),
                  booking_mailbox="cpd@school.example",
                  organiser_school=Named("Northfield Academy", "schools/northfield/"))
    vevent = vevents(calendar(fake_site(), "x", [event]))[f"{BASE}events/open-classroom/"]
    assert str(vevent["ORGANIZER"]) == "mailto:cpd@school.example"
    assert "Book by e-mail: cpd@school.example" in str(vevent["DESCRIPTION"])


def test_no_organiser_no_organizer() -> None:
    event = timed("teachmeet", dt.datetime(2027, 1, 12, 16, tzinfo=LONDON),
                  location_kind="online", booking_note="just come")
    vevent = vevents(calendar(fake_site(), "x", [event]))[f"{BASE}events/teachmeet/"]
    assert "ORGANIZER" not in vevent
    assert str(vevent["LOCATION"]) == "Online"
    assert "Booking: just come" in str(vevent["DESCRIPTION"])


def test_all_day_events_are_dates_with_an_exclusive_end() -> None:
    one = FakeEvent("inset", "INSET day", dt.date(2027, 1, 4), dt.date(2027, 1, 5),
                    all_day=True)
    two = FakeEvent("conference", "Conference", dt.date(2027, 6, 15), dt.date(2027, 6, 17),
                    all_day=True)
    data = calendar(fake_site(), "x", [one, two])
    assert b"DTSTART;VALUE=DATE:20270104\r\n" in data
    assert b"DTEND;VALUE=DATE:20270105\r\n" in data
    found = vevents(data)
    conference = found[f"{BASE}events/conference/"]
    assert conference.decoded("DTSTART") == dt.date(2027, 6, 15)
    assert conference.decoded("DTEND") == dt.date(2027, 6, 17)  # runs through the 16th
    assert not parsed(data).walk("VTIMEZONE")  # dates need no zone


def test_a_series_expands_to_its_dates_in_local_time() -> None:
    # every six weeks from 9 November 2026 until 20 July 2027: across the March change
    event = timed("teachmeet", dt.datetime(2026, 11, 9, 16, tzinfo=LONDON), 1.5,
                  repeat="FREQ=WEEKLY;INTERVAL=6;UNTIL=20270720T235959Z")
    data = calendar(fake_site(), "x", [event])
    vevent = vevents(data)[f"{BASE}events/teachmeet/"]
    rule = vevent["RRULE"].to_ical().decode()
    start = vevent.decoded("DTSTART")
    dates = list(rrulestr(rule, dtstart=start))
    assert [d.date() for d in dates] == [dt.date(2026, 11, 9), dt.date(2026, 12, 21),
                                         dt.date(2027, 2, 1), dt.date(2027, 3, 15),
                                         dt.date(2027, 4, 26), dt.date(2027, 6, 7),
                                         dt.date(2027, 7, 19)]
    assert {(d.hour, d.minute) for d in dates} == {(16, 0)}  # GMT and BST alike
    # the zone covers the whole series: the 2027 autumn change is past the end
    zone = parsed(data).walk("VTIMEZONE")[0]
    assert {d.year for d in transitions(zone)} == {2026, 2027}


def test_a_counted_series_spans_its_zone_to_the_last_date() -> None:
    start = dt.datetime(2026, 12, 1, 16, tzinfo=LONDON)
    rule = "FREQ=MONTHLY;INTERVAL=4;COUNT=5"  # the last on 1 April 2028
    dates = tuple((d, d + dt.timedelta(hours=1)) for d in rrulestr(rule, dtstart=start))
    event = timed("termly", start, repeat=rule, occurrences=dates)
    zone = parsed(calendar(fake_site(), "x", [event])).walk("VTIMEZONE")[0]
    starts = transitions(zone)
    assert dt.date(2028, 3, 26) in starts and max(starts).year == 2028


def test_all_day_series() -> None:
    event = FakeEvent("moderation", "Moderation", dt.date(2027, 1, 6), dt.date(2027, 1, 7),
                      all_day=True, repeat="FREQ=WEEKLY;COUNT=3")
    vevent = vevents(calendar(fake_site(), "x", [event]))[f"{BASE}events/moderation/"]
    start = dt.datetime.combine(vevent.decoded("DTSTART"), dt.time())
    dates = [d.date() for d in rrulestr(vevent["RRULE"].to_ical().decode(), dtstart=start)]
    assert dates == [dt.date(2027, 1, 6), dt.date(2027, 1, 13), dt.date(2027, 1, 20)]


def test_cancelled_events_stay_in_as_cancelled() -> None:
    event = timed("breakfast", dt.datetime(2027, 3, 3, 7, 30, tzinfo=LONDON),
                  cancelled=True, cancelled_reason="Snow: the school is closed.")
    vevent = vevents(calendar(fake_site(), "x", [event]))[f"{BASE}events/breakfast/"]
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent.decoded("SEQUENCE") == 1  # higher than the confirmed event's 0
    assert str(vevent["SUMMARY"]) == "Cancelled: Breakfast"
    assert str(vevent["DESCRIPTION"]).startswith("Cancelled: Snow: the school is closed.")
    assert str(vevent["UID"]) == f"{BASE}events/breakfast/"  # the same event, updated


def test_a_peers_event_is_credited_with_its_own_uid() -> None:
    peer = "https://southfield.example/"
    event = timed("open-maths", dt.datetime(2027, 5, 10, 9, tzinfo=LONDON),
                  school_name="Southfield Primary", school_url=peer,
                  url=f"{peer}events/open-maths/",
                  summary="Come and see <b>bar models</b>.")
    vevent = vevents(calendar(fake_site(), "x", [event]))[f"{peer}events/open-maths/"]
    description = str(vevent["DESCRIPTION"]).splitlines()
    assert f"From Southfield Primary: {peer}" in description
    # text, never markup: no angle brackets (Google Calendar reads tags in a DESCRIPTION)
    assert description[0] == "Come and see \u2039b\u203abar models\u2039/b\u203a."
    assert str(vevent["URL"]) == f"{peer}events/open-maths/"
    assert str(vevent["ORGANIZER"]) == peer
    assert vevent["ORGANIZER"].params["CN"] == "Southfield Primary"


def test_a_time_with_only_an_offset_is_written_in_utc() -> None:
    offset = dt.timezone(dt.timedelta(hours=1))
    event = timed("peer", dt.datetime(2027, 5, 10, 9, tzinfo=offset))
    data = calendar(fake_site(), "x", [event])
    assert b"DTSTART:20270510T080000Z\r\n" in data


def test_same_events_same_bytes_in_any_order() -> None:
    events = [timed(f"e{n}", dt.datetime(2027, 1, 1 + n, 9, tzinfo=LONDON),
                    summary="é" * 90) for n in range(5)]
    first = calendar(fake_site(), "Test School: events", events)
    again = calendar(fake_site(), "Test School: events", list(reversed(events)))
    assert first == again
    check_lines(first)  # folded at 75 octets, not characters
    assert [str(e["UID"]) for e in parsed(first).walk("VEVENT")] == \
        [f"{BASE}events/e{n}/" for n in range(5)]
    later = [replace(e, stamp=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)) for e in events]
    assert calendar(fake_site(), "Test School: events", later) != first  # from content


def test_one_events_file_has_no_calendar_name() -> None:
    event = timed("cpd-day", dt.datetime(2027, 2, 15, 9, tzinfo=LONDON))
    cal = parsed(single(fake_site(), event))
    assert "X-WR-CALNAME" not in cal and str(cal["METHOD"]) == "PUBLISH"
    assert len(cal.walk("VEVENT")) == 1 and len(cal.walk("VTIMEZONE")) == 1


def test_plain_text_from_markup() -> None:
    assert plain(Markup("<h2>Plan</h2><p>A &lt;b&gt; tag<br>next</p>")) == \
        "Plan\nA <b> tag\nnext"


# Real sites: the calendars a build writes, from events in content/events/.

SCHOOL = """\
    ---
    name: Northfield Academy
    phase: secondary
    ---
    A secondary school.
    """

POST = """\
    ---
    title: Reading in science
    date: 2026-09-01
    tags: [reading]
    ---
    Words first.
    """


def event_file(front: str, body: str = "A session.") -> str:
    return f"---\n{textwrap.dedent(front).strip()}\n---\n{body}\n"


EVENTS: dict[str, str | bytes] = {
    "content/schools/northfield.md": SCHOOL,
    "content/posts/2026-09-01-reading.md": POST,
    "content/events/cpd-day.md": event_file("""
        title: "Partnership CPD day: reading across the curriculum"
        summary: A day on the reading each subject needs.
        updated: 2026-09-20
        start: 2027-02-15 09:00
        end: 2027-02-15 15:30
        location: northfield
        booking: https://forms.example/cpd
        organiser: {school: northfield}
        tags: [reading]
        """, "Bring a unit you will teach **next term**."),
    "content/events/after-autumn.md": event_file("""
        title: After the clocks go back
        start: 2026-10-26 09:00
        end: 2026-10-26 10:00
        location: online
        booking: just come
        tags: [reading]
        """),
    "content/events/after-spring.md": event_file("""
        title: After the clocks go forward
        start: 2027-03-29 09:00
        end: 2027-03-29 10:00
        location: {name: Town Library, address: "1 High St, Northfield NF1 1AA"}
        booking: just come
        """),
    "content/events/inset.md": event_file("""
        title: Joint INSET
        start: 2027-01-04
        end: 2027-01-05
        location: northfield
        booking: just come
        """),
    "content/events/teachmeet.md": event_file("""
        title: Termly teachmeet
        start: 2026-11-09 16:00
        end: 2026-11-09 17:30
        repeat: {every: 6 weeks, until: 2027-07-20}
        location: northfield
        booking: just come
        """),
    "content/events/breakfast.md": event_file("""
        title: Breakfast teachmeet
        start: 2027-03-03 07:30
        end: 2027-03-03 08:30
        location: northfield
        booking: just come
        cancelled: true
        cancelled_reason: The hall is being painted.
        """),
}
NOW = dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)
CALENDARS = ("events.ics", "tags/reading/events.ics", "schools/northfield/events.ics",
             "events/cpd-day/event.ics", "events/teachmeet/event.ics")


def built(tmp_path: Path, now: dt.datetime = NOW) -> Path:
    folder = make_site(tmp_path, EVENTS)
    build(folder, BuildOptions(now=now))
    return out(folder)


def test_a_build_writes_every_calendar_valid_and_announced(tmp_path: Path) -> None:
    site = built(tmp_path)
    for rel in CALENDARS:
        data = (site / rel).read_bytes()
        check_lines(data)
        cal = parsed(data)
        assert str(cal["METHOD"]) == "PUBLISH" and str(cal["VERSION"]) == "2.0", rel
        for vevent in cal.walk("VEVENT"):
            for needed in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL", "STATUS"):
                assert needed in vevent, (rel, needed)
            tzid = vevent["DTSTART"].params.get("TZID")
            if tzid:  # RFC 5545 3.2.19: every TZID has its VTIMEZONE
                assert tzid in {str(z["TZID"]) for z in cal.walk("VTIMEZONE")}
    every = vevents((site / "events.ics").read_bytes())
    assert set(every) == {f"{BASE}events/{slug}/" for slug in (
        "cpd-day", "after-autumn", "after-spring", "inset", "teachmeet", "breakfast")}
    assert set(vevents((site / "tags/reading/events.ics").read_bytes())) == {
        f"{BASE}events/cpd-day/", f"{BASE}events/after-autumn/"}
    assert f"{BASE}events/after-spring/" not in vevents(
        (site / "schools/northfield/events.ics").read_bytes())
    cpd = every[f"{BASE}events/cpd-day/"]
    assert str(cpd["URL"]) == f"{BASE}events/cpd-day/"
    assert str(cpd["ORGANIZER"]) == f"{BASE}schools/northfield/"
    assert cpd["ORGANIZER"].params["CN"] == "Northfield Academy"
    assert "Bring a unit you will teach next term." in str(cpd["DESCRIPTION"])
    head = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate" type="text/calendar" title="[^"]*" '
                     r'href="/sub/events.ics">', head)


def test_two_builds_give_the_same_calendars_whatever_the_clock(tmp_path: Path) -> None:
    first = built(tmp_path / "a")
    later = built(tmp_path / "b", NOW + dt.timedelta(days=200))  # some events now past
    for rel in CALENDARS:
        assert (first / rel).read_bytes() == (later / rel).read_bytes(), rel
    # DTSTAMP is from content, not the build: `updated`, else the start
    for vevent in parsed((first / "events.ics").read_bytes()).walk("VEVENT"):
        stamp = vevent.decoded("DTSTAMP")
        if str(vevent["UID"]).endswith("/cpd-day/"):
            assert stamp.astimezone(LONDON).date() == dt.date(2026, 9, 20)
        elif isinstance(vevent.decoded("DTSTART"), dt.datetime):
            assert stamp == vevent.decoded("DTSTART")


def test_built_times_dates_series_and_cancellation(tmp_path: Path) -> None:
    every = vevents((built(tmp_path) / "events.ics").read_bytes())
    for slug, utc in (("after-autumn", 9), ("after-spring", 8)):
        start = every[f"{BASE}events/{slug}/"].decoded("DTSTART")
        assert (start.hour, start.astimezone(dt.UTC).hour) == (9, utc), slug
    inset = every[f"{BASE}events/inset/"]
    assert (inset.decoded("DTSTART"), inset.decoded("DTEND")) == \
        (dt.date(2027, 1, 4), dt.date(2027, 1, 6))  # through the 5th: exclusive end
    teachmeet = every[f"{BASE}events/teachmeet/"]
    dates = list(rrulestr(teachmeet["RRULE"].to_ical().decode(),
                          dtstart=teachmeet.decoded("DTSTART")))
    assert [d.date() for d in dates] == [dt.date(2026, 11, 9), dt.date(2026, 12, 21),
                                         dt.date(2027, 2, 1), dt.date(2027, 3, 15),
                                         dt.date(2027, 4, 26), dt.date(2027, 6, 7),
                                         dt.date(2027, 7, 19)]
    assert {d.hour for d in dates} == {16}
    breakfast = every[f"{BASE}events/breakfast/"]
    assert str(breakfast["STATUS"]) == "CANCELLED" and breakfast.decoded("SEQUENCE") == 1
    assert "The hall is being painted." in str(breakfast["DESCRIPTION"])
