"""Events as content and their pages: /events/ (upcoming, soonest first), /events/past/ by
year (split by the build's `now`, never the clock), each event's page (when written out in
the site's zone, a map link, "Add to calendar"), schema.org Event, the Atom feed of new
events, events on their tags', authors' and schools' pages, dated offers as events, and
every bad input's message."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support import build, crawl, make_site, out, read, run

from sharesite.build import BuildOptions
from sharesite.build import build as build_site
from sharesite.cache import BuildCache

DEEP = "https://example.github.io/sub/deep/"
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
ATOM = "{http://www.w3.org/2005/Atom}"

FILES: dict[str, str | bytes] = {
    "content/schools/northfield-academy.md": """\
        ---
        name: Northfield Academy
        phase: secondary
        region: North West
        offers:
          - kind: open-classroom
            areas: [KS2 maths]
            format: in-person
            reviewed: 2026-09-01
            contact: {mailbox: cpd@northfield.sch.uk}
            dates:
              - {start: 2027-03-04 09:00, end: 2027-03-04 12:00}
        ---
        A secondary school in Northfield.
        """,
    "content/authors/mrs-hughes.md": """\
        ---
        name: Mrs Hughes
        role: English lead
        ---
        """,
    "content/posts/2026-10-01-reading.md": """\
        ---
        title: Reading across the curriculum
        tags: [reading]
        ---
        Come to [our CPD day](../events/cpd-day.md).
        """,
    "content/events/cpd-day.md": """\
        ---
        title: "Partnership CPD day: reading across the curriculum"
        start: 2027-02-15 09:00
        end: 2027-02-15 15:30
        location: northfield-academy
        for: {phases: [primary], subjects: [english], levels: [KS2], areas: [early reading]}
        booking: https://forms.example/cpd
        capacity: 40
        organiser: {school: northfield-academy, author: mrs-hughes}
        tags: [reading, cpd]
        summary: A day of reading in every subject.
        date: 2026-11-01
        ---
        Sessions on reading in science, history and maths.
        """,
    "content/events/open-classroom/index.md": """\
        ---
        title: Open classroom week
        start: 2027-06-07
        end: 2027-06-08
        location: {name: Town Library, address: "1 High St, Northfield NF1 1AA"}
        booking: {email: office@library.example}
        cost: £10 for the lunch
        tags: [cpd]
        ---
        Two days of open doors.
        """,
    "content/events/teachmeet.md": """\
        ---
        title: Online teachmeet
        start: 2027-01-12 16:00
        end: 2027-01-12 17:00
        repeat: {every: 6 weeks, count: 3}
        location: online
        online_url: https://meet.example/abc
        booking: just come
        ---
        Short talks from teachers.
        """,
    "content/events/last-year.md": """\
        ---
        title: Moderation afternoon
        start: 2026-01-20 13:30
        end: 2026-01-20 16:00
        location: northfield-academy
        ---
        Year 6 writing moderation.
        """,
    "content/events/called-off.md": """\
        ---
        title: Science twilight
        start: 2027-01-05 16:00
        end: 2027-01-05 17:30
        location: northfield-academy
        cancelled: true
        cancelled_reason: The lab is being refitted.
        ---
        Practicals for KS3.
        """,
}


def make(folder: Path, now: dt.datetime = NOW, base_url: str = DEEP) -> BuildCache:
    cache = BuildCache()
    result = build_site(folder, BuildOptions(now=now, base_url=base_url), cache)
    assert not [d for d in result.diagnostics if d.is_error], result.diagnostics
    return cache


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_site(tmp_path_factory.mktemp("events"), FILES)
    make(folder)
    return folder


def main_of(text: str) -> str:
    return text[text.index("<main"):text.index("</main>")]


def titles(text: str) -> list[str]:
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', text)


def jsonld(text: str) -> dict[str, object]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_upcoming_soonest_first_and_past_by_year(site: Path) -> None:
    upcoming = main_of(read(site, "events/index.html"))
    assert titles(upcoming) == [
        "Science twilight", "Online teachmeet",
        "Partnership CPD day: reading across the curriculum",
        "Open classroom: KS2 maths at Northfield Academy", "Open classroom week"]
    assert "Moderation afternoon" not in upcoming
    assert 'href="/sub/deep/events/past/"' in upcoming
    years = main_of(read(site, "events/past/index.html"))
    assert 'href="/sub/deep/events/past/2026/">2026</a> (1 event)' in years
    assert titles(read(site, "events/past/2026/index.html")) == ["Moderation afternoon"]
    assert "This event is over." in read(site, "events/last-year/index.html")


def test_the_builds_now_moves_events_to_past_and_is_due_again(tmp_path: Path) -> None:
    folder = make_site(tmp_path, FILES)
    cache = make(folder)
    assert cache.last is not None  # next: the cancelled twilight's end (17:30 GMT)
    assert cache.last.due == dt.datetime(2027, 1, 5, 17, 30, tzinfo=dt.UTC)
    later = dt.datetime(2027, 2, 15, 15, 31, tzinfo=dt.UTC)  # the CPD day just over
    make(folder, now=later)
    upcoming = titles(main_of(read(folder, "events/index.html")))
    assert upcoming == ["Online teachmeet", "Open classroom: KS2 maths at Northfield Academy",
                        "Open classroom week"]  # the series' third date is still to come
    assert titles(read(folder, "events/past/2027/index.html")) == [
        "Partnership CPD day: reading across the curriculum", "Science twilight"]
    series = read(folder, "events/teachmeet/index.html")
    assert "Tuesday 6 April 2027, 4:00pm to 5:00pm (BST)" in series
    assert "Tuesday 12 January 2027" not in main_of(series).split("Dates")[-1]
    everything_over = dt.datetime(2028, 1, 1, tzinfo=dt.UTC)
    make(folder, now=everything_over)
    assert "No events are coming up just now." in read(folder, "events/index.html")
    assert 'href="/sub/deep/events/">Events' not in read(folder, "index.html")  # no nav item


def test_date_and_time_written_out_in_the_sites_zone(site: Path) -> None:
    cpd = main_of(read(site, "events/cpd-day/index.html"))
    assert '<time datetime="2027-02-15T09:00:00+00:00">Monday 15 February 2027, 9:00am to ' \
        "3:30pm (GMT)</time>" in cpd
    week = main_of(read(site, "events/open-classroom/index.html"))
    assert "Monday 7 June 2027 to Tuesday 8 June 2027" in week
    series = main_of(read(site, "events/teachmeet/index.html"))
    assert "Every 6 weeks, 3 times" in series
    assert re.findall(r"<li>([^<]+)</li>", series.split('id="dates_title"')[1]) == \
        ["Tuesday 12 January 2027, 4:00pm to 5:00pm (GMT)",
            "Tuesday 23 February 2027, 4:00pm to 5:00pm (GMT)",
            "Tuesday 6 April 2027, 4:00pm to 5:00pm (BST)"]


def test_an_events_page_says_where_how_to_book_and_adds_to_calendar(site: Path) -> None:
    cpd = main_of(read(site, "events/cpd-day/index.html"))
    assert '<a href="/sub/deep/schools/northfield-academy/">Northfield Academy</a>' in cpd
    assert 'href="https://www.openstreetmap.org/search?query=Northfield%20Academy%2C%20North' \
        '%20West"' in cpd
    assert '<a href="https://forms.example/cpd">Book a place</a>' in cpd
    assert "<dt>Places</dt><dd>40</dd>" in cpd
    assert "primary, english, KS2, early reading" in cpd
    assert '<a href="/sub/deep/events/cpd-day/event.ics" type="text/calendar" download>' \
        "Add to calendar</a>" in cpd
    assert '<a href="/sub/deep/authors/mrs-hughes/">Mrs Hughes</a>' in cpd
    week = main_of(read(site, "events/open-classroom/index.html"))
    assert "1 High St, Northfield NF1 1AA" in week
    assert "query=1%20High%20St%2C%20Northfield%20NF1%201AA" in week
    assert "office@library.example" not in week  # the mailbox is never written whole
    assert "<span>office</span><span>@</span><span>library</span>" in week
    assert "£10 for the lunch" in week
    online = main_of(read(site, "events/teachmeet/index.html"))
    assert '<a href="https://meet.example/abc" rel="nofollow">Join online</a>' in online
    assert "Just come" in online and "openstreetmap" not in online
    cancelled = main_of(read(site, "events/called-off/index.html"))
    assert "<strong>Cancelled.</strong> The lab is being refitted." in cancelled
    listing = read(site, "events/index.html")
    assert 'href="webcal://example.github.io/sub/deep/events.ics"' in listing
    assert listing.count('type="text/calendar" title=') == 1  # autodiscovery, once
    assert re.search(r'<link rel="alternate" type="text/calendar" title="[^"]+" '
                     r'href="/sub/deep/events.ics">', listing)
    assert 'href="/sub/deep/events/feed.xml"' in listing


def test_a_dated_offer_is_an_event_that_links_back(site: Path) -> None:
    page = main_of(read(site, "events/northfield-academy-open-classroom-2027-03-04-0900/"
                              "index.html"))
    assert "Thursday 4 March 2027, 9:00am to 12:00pm (GMT)" in page
    assert 'href="/sub/deep/schools/northfield-academy/#offer-1"' in page


def test_events_on_their_tags_authors_and_schools_pages_and_in_the_nav(site: Path) -> None:
    tag = main_of(read(site, "tags/cpd/index.html"))
    assert titles(tag.split("Coming up")[1]) == [
        "Partnership CPD day: reading across the curriculum", "Open classroom week"]
    reading = main_of(read(site, "tags/reading/index.html"))
    assert "Partnership CPD day" in reading and "Reading across the curriculum" in reading
    author = main_of(read(site, "authors/mrs-hughes/index.html"))
    assert "Events Mrs Hughes organises" in author and "Partnership CPD day" in author
    school = main_of(read(site, "schools/northfield-academy/index.html"))
    assert titles(school.split('id="events_title"')[1]) == [
        "Science twilight", "Partnership CPD day: reading across the curriculum",
        "Open classroom: KS2 maths at Northfield Academy"]
    assert "Moderation afternoon" not in school  # past
    assert '<a href="/sub/deep/events/"' in read(site, "index.html")


def test_pages_under_a_sub_path_have_no_broken_links(site: Path) -> None:
    assert crawl(out(site), DEEP) == []


def test_structured_data_is_a_schema_org_event(site: Path) -> None:
    cpd = jsonld(read(site, "events/cpd-day/index.html"))
    assert cpd["@type"] == "Event"
    assert cpd["name"] == "Partnership CPD day: reading across the curriculum"
    assert cpd["startDate"] == "2027-02-15T09:00:00+00:00"
    assert cpd["endDate"] == "2027-02-15T15:30:00+00:00"
    assert cpd["url"] == DEEP + "events/cpd-day/"
    assert cpd["eventStatus"] == "https://schema.org/EventScheduled"
    assert cpd["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert cpd["location"] == {"@type": "Place", "name": "Northfield Academy",
                               "url": DEEP + "schools/northfield-academy/",
                               "address": {"@type": "PostalAddress",
                                           "addressRegion": "North West"}}
    assert cpd["offers"] == {"@type": "Offer", "url": "https://forms.example/cpd",
                             "availability": "https://schema.org/InStock", "price": 0,
                             "priceCurrency": "GBP"}
    assert cpd["organizer"] == [
        {"@type": "EducationalOrganization", "name": "Northfield Academy",
         "url": DEEP + "schools/northfield-academy/"},
        {"@type": "Person", "name": "Mrs Hughes", "url": DEEP + "authors/mrs-hughes/"}]
    assert cpd["maximumAttendeeCapacity"] == 40
    online = jsonld(read(site, "events/teachmeet/index.html"))
    assert online["location"] == {"@type": "VirtualLocation", "url": "https://meet.example/abc"}
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    week = jsonld(read(site, "events/open-classroom/index.html"))
    assert (week["startDate"], week["endDate"]) == ("2027-06-07", "2027-06-08")
    assert week["offers"] == {"@type": "Offer", "url": DEEP + "events/open-classroom/",
                              "availability": "https://schema.org/InStock",
                              "description": "£10 for the lunch"}
    called_off = jsonld(read(site, "events/called-off/index.html"))
    assert called_off["eventStatus"] == "https://schema.org/EventCancelled"


def test_atom_feed_of_new_events(site: Path) -> None:
    feed = ET.fromstring((out(site) / "events/feed.xml").read_bytes())
    entries = feed.findall(ATOM + "entry")
    first = entries[0]
    titles_ = [e.findtext(ATOM + "title") for e in entries]
    assert "Cancelled: Science twilight" in titles_
    assert len(entries) == 6
    newest = max(entries, key=lambda e: e.findtext(ATOM + "updated") or "")
    assert newest.findtext(ATOM + "title") == "Open classroom week"  # starts latest
    cpd = next(e for e in entries if "CPD day" in (e.findtext(ATOM + "title") or ""))
    assert cpd.findtext(ATOM + "id") == DEEP + "events/cpd-day/"
    assert (cpd.findtext(ATOM + "updated") or "").startswith("2026-11-01")  # its date
    assert cpd.findtext(ATOM + "summary") == "Monday 15 February 2027, 9:00am to 3:30pm " \
        "(GMT). Northfield Academy. A day of reading in every subject."
    assert first.find(ATOM + "link") is not None


def test_sitemap_lists_the_events(site: Path) -> None:
    sitemap = read(site, "sitemap.xml")
    assert f"<loc>{DEEP}events/</loc>" in sitemap
    assert f"<loc>{DEEP}events/cpd-day/</loc><lastmod>2026-11-01</lastmod>" in sitemap


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    one = make_site(tmp_path / "one", FILES)
    make(one)
    first = {p.relative_to(out(one)): p.read_bytes() for p in out(one).rglob("*")
             if p.is_file() and "events" in p.as_posix()}
    make(one)
    again = {p.relative_to(out(one)): p.read_bytes() for p in out(one).rglob("*")
             if p.is_file() and "events" in p.as_posix()}
    assert first == again and len(first) > 10


BAD = """\
    ---
    title: Bad event
    start: 2027-02-30 09:00
    end: 2027-02-15 15:30
    location: northfeld-academy
    ---
    """

BAD_END = """\
    ---
    title: Ends first
    start: 2027-02-15 09:00
    end: 2027-02-15 08:30
    location: online
    repeat: {every: 6 fortnights, until: 2027-07-20}
    capacity: lots
    booking: ftp://forms.example/
    ---
    """

BAD_MORE = """\
    ---
    title: More mistakes
    start: 2027-02-15
    end: 2027-02-14
    location: northfeld-academy
    organiser: {school: northfield-academy, author: mrs-hughs}
    ---
    """

BAD_REPEAT = """\
    ---
    title: Repeats badly
    start: 2027-03-28 01:30
    end: 2027-03-28 03:00
    location: online
    repeat: {every: week}
    for: {phase: [primary]}
    ---
    """

BAD_RRULE = """\
    ---
    title: A bad rule
    start: 2027-01-12 16:00
    location: online
    repeat: {rrule: "FREQ=FORTNIGHTLY;COUNT=3"}
    ---
    """


def test_every_bad_input_has_its_exact_message_and_the_old_site_stays(tmp_path: Path
                                                                       ) -> None:
    folder = make_site(tmp_path, {
        "content/schools/northfield-academy.md": FILES["content/schools/northfield-academy.md"],
        "content/authors/mrs-hughes.md": FILES["content/authors/mrs-hughes.md"],
        "content/events/good.md": FILES["content/events/cpd-day.md"]})
    build(folder)
    before = read(folder, "events/good/index.html")
    (folder / "content/events/bad.md").write_text(re.sub(r"(?m)^    ", "", BAD))
    (folder / "content/events/bad-end.md").write_text(re.sub(r"(?m)^    ", "", BAD_END))
    (folder / "content/events/bad-more.md").write_text(re.sub(r"(?m)^    ", "", BAD_MORE))
    (folder / "content/events/bad-repeat.md").write_text(re.sub(r"(?m)^    ", "",
                                                                BAD_REPEAT))
    (folder / "content/events/bad-rule.md").write_text(re.sub(r"(?m)^    ", "", BAD_RRULE))
    (folder / "content/events/bad-word.md").write_text(
        "---\ntitle: Soon\nstart: next Tuesday\nlocation: online\n---\n")
    result = run(folder, "build")
    assert result.exit_code == 1
    expected = [
        "content/events/bad.md:3: start: 2027-02-30 09:00 is not a day of the calendar (February "
        "2027 has no day 30) (check the day and the month: YYYY-MM-DD)",
        "content/events/bad-end.md:4: end: 2027-02-15 08:30 is not after the start "
        "(2027-02-15 09:00) (check the day and the time it ends)",
        "content/events/bad-end.md:6: repeat: every: '6 fortnights' is not a number of days, "
        "weeks or months (write every: 6 weeks, every: week or every: 2 months)",
        "content/events/bad-end.md:7: capacity: 'lots' is not a number of places (write "
        "capacity: 40, or leave it out when anyone can come)",
        "content/events/bad-end.md:8: booking: 'ftp://forms.example/' is not a web address "
        "(write a full address like https://example.org/page)",
        "content/events/bad-more.md:4: end: 2027-02-14 is before the start (2027-02-15) "
        "(check the day it ends: the end is the last day of the event)",
        "content/events/bad-repeat.md:3: start: 2027-03-28 01:30 does not happen in "
        "Europe/London: the clocks go forward then (choose a time an hour later)",
        "content/events/bad-repeat.md:6: repeat: needs until (the last day) or count (how "
        "many times), one of them (write repeat: {every: 6 weeks, until: 2027-07-20} or "
        "repeat: {every: 6 weeks, count: 5})",
        "content/events/bad-repeat.md:7: for: unknown field 'phase' (did you mean "
        '"phases"?)',
        "content/events/bad-rule.md:3: end is missing: an event with a start time needs an "
        "end time (add the time it ends, like end: 2027-01-12 15:30)",
        "content/events/bad-rule.md:5: repeat: rrule: FREQ=FORTNIGHTLY is not how often "
        "(DAILY, WEEKLY, MONTHLY or YEARLY) (write it like FREQ=WEEKLY;INTERVAL=6;COUNT=5 "
        "(RFC 5545), or use every and until)",
        "content/events/bad-word.md:3: start: 'next Tuesday' is not a date (write YYYY-MM-DD "
        "for a whole day, or YYYY-MM-DD HH:MM for a time)",
    ]
    for line in expected:
        assert line in result.lines, (line, result.lines)
    assert read(folder, "events/good/index.html") == before  # the old site intact


def test_a_school_or_author_that_is_not_there_is_named_with_a_guess(tmp_path: Path
                                                                     ) -> None:
    folder = make_site(tmp_path, {
        "content/schools/northfield-academy.md": FILES["content/schools/northfield-academy.md"],
        "content/authors/mrs-hughes.md": FILES["content/authors/mrs-hughes.md"],
        "content/events/where.md": """\
            ---
            title: Nowhere
            start: 2027-02-15
            location: northfeld-academy
            organiser: {school: northfield-academy, author: mrs-hughs}
            ---
            """})
    result = run(folder, "build")
    assert result.exit_code == 1
    assert "content/events/where.md:4: location: 'northfeld-academy' is not a school with " \
        'a profile on this site (did you mean "northfield-academy"?)' in result.lines
    assert "content/events/where.md:5: organiser: author 'mrs-hughs' is not an author of " \
        'this site (did you mean "mrs-hughes"?)' in result.lines


def test_no_events_no_pages(tmp_path: Path) -> None:
    folder = make_site(tmp_path, {"content/posts/2026-01-01-hello.md": FILES[
        "content/posts/2026-10-01-reading.md"].replace("Come to [our CPD day]"
                                                        "(../events/cpd-day.md).", "Hi.")})
    make(folder)
    assert not (out(folder) / "events").exists()
    assert "/events/" not in read(folder, "index.html")
