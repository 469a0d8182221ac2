"""/events.json (and its schema) for other schools' sites, and the "Add an event" issue form:
the file validates against the schema it publishes, keeps its times' offsets and its series'
rules, lists cancelled events as cancelled, and is absent from a site with no events; a
submitted form becomes content/events/<date>-<slug>.md that the build reads back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from support import BASE_URL, build, make_site, out, read, run, validate_against

from sharesite.authoring.issue_forms import EVENT_CONSENT, EVENT_FIELDS

CONFIG = f'title = "Hillside"\nbase_url = "{BASE_URL}"\ntimezone = "Europe/London"\n'
SCHOOL = "---\nname: Hillside Primary School\nphase: primary\n---\nA primary.\n"
AUTHOR = "---\nname: Mrs Hughes\n---\n"
EVENTS = {
    "content/schools/hillside.md": SCHOOL,
    "content/authors/mrs-hughes.md": AUTHOR,
    "content/events/cpd-day.md": """\
        ---
        title: "Partnership CPD day: <reading> & writing"
        summary: A day on reading.
        start: 2027-02-15 09:00
        end: 2027-02-15 15:30
        location: hillside
        for: {phases: [primary], subjects: [english], levels: [KS2]}
        booking: {email: cpd@hillside.example}
        capacity: 40
        organiser: {school: hillside, author: mrs-hughes}
        tags: [reading, cpd]
        ---
        The day.
        """,
    "content/events/summer-fair.md": """\
        ---
        title: Summer moderation
        start: 2027-06-30
        end: 2027-07-01
        location: {name: Town Library, address: "1 High St, Northfield NF1 1AA"}
        booking: just come
        ---
        Two days.
        """,
    "content/events/teachmeet.md": """\
        ---
        title: Teachmeet
        start: 2027-01-19 16:00
        end: 2027-01-19 17:30
        repeat: {every: 12 weeks, count: 3}
        location: online
        online_url: https://meet.example/secret
        booking: https://forms.example/teachmeet
        ---
        Talks.
        """,
    "content/events/off.md": """\
        ---
        title: Cancelled twilight
        start: 2027-03-24 15:45
        end: 2027-03-24 17:15
        location: hillside
        booking: just come
        cancelled: true
        cancelled_reason: Closed for repairs.
        ---
        Off.
        """,
}


def events_of(site: Path) -> dict[str, Any]:
    data = json.loads(read(site, "events.json"))
    assert isinstance(data, dict)
    return data


def test_events_json_validates_and_says_what_a_calendar_needs(tmp_path: Path) -> None:
    site = make_site(tmp_path, EVENTS, config=CONFIG)
    build(site)
    data = events_of(site)
    validate_against(data, "events.schema.json")
    assert json.loads(read(site, "events.schema.json"))["title"] == \
        "sharesite events, version 1"
    assert data["$schema"] == BASE_URL + "events.schema.json"
    assert data["site"]["timezone"] == "Europe/London"
    by_title = {e["title"]: e for e in data["events"]}
    assert list(by_title) == ["Teachmeet", "Partnership CPD day: <reading> & writing",
                              "Cancelled twilight", "Summer moderation"]  # soonest first
    cpd = by_title["Partnership CPD day: <reading> & writing"]
    assert cpd["id"] == cpd["url"] == BASE_URL + "events/cpd-day/"
    assert (cpd["start"], cpd["end"]) == ("2027-02-15T09:00:00+00:00",
                                          "2027-02-15T15:30:00+00:00")
    assert cpd["location"] == {"kind": "school", "name": "Hillside Primary School",
                               "address": None, "school": BASE_URL + "schools/hillside/"}
    assert cpd["booking"] == {"url": None, "mailbox": "cpd@hillside.example", "note": None}
    assert cpd["organiser"] == {"school": BASE_URL + "schools/hillside/",
                                "name": "Mrs Hughes, Hillside Primary School"}
    assert cpd["for"]["levels"] == ["KS2"] and cpd["capacity"] == 40 and cpd["cost"] == "free"
    assert cpd["status"] == "confirmed" and cpd["repeat"] is None
    fair = by_title["Summer moderation"]  # all day, its end the day after (exclusive)
    assert (fair["all_day"], fair["start"], fair["end"]) == (True, "2027-06-30", "2027-07-02")
    assert fair["booking"]["note"] == "just come" and fair["location"]["kind"] == "place"
    meet = by_title["Teachmeet"]
    assert meet["repeat"].startswith("FREQ=WEEKLY;INTERVAL=12") and "COUNT=3" in meet["repeat"]
    assert meet["location"]["kind"] == "online"
    assert "secret" not in read(site, "events.json")  # the meeting link: on its page only
    assert by_title["Cancelled twilight"]["status"] == "cancelled"
    # announced in every page's head, and the same bytes from a second build
    assert 'title="Hillside: events (JSON)" href="/sub/events.json"' in read(site, "index.html")
    first = (out(site) / "events.json").read_bytes()
    build(site)
    assert (out(site) / "events.json").read_bytes() == first


def test_a_site_without_events_publishes_no_events_json(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/schools/hillside.md": SCHOOL}, config=CONFIG)
    build(site)
    assert not (out(site) / "events.json").exists()
    assert not (out(site) / "events.schema.json").exists()
    assert "events.json" not in read(site, "index.html")


# --- the "Add an event" form ------------------------------------------------------------------

def payload(answers: dict[str, str], title: str = "Open classroom: Year 1 phonics",
            ticks: tuple[str, ...] = EVENT_CONSENT) -> dict[str, Any]:
    sections = []
    for spec in EVENT_FIELDS:
        value = "\n".join(f"- [X] {t}" for t in ticks) or "- [ ] nothing" \
            if spec.id == "consent" else answers.get(spec.id, "_No response_")
        sections.append(f"### {spec.label}\n\n{value}")
    return {"action": "opened", "issue": {
        "number": 7, "title": title, "labels": [{"name": "event-submission"}],
        "html_url": "https://github.com/northfield-learning/sharesite/issues/7",
        "user": {"login": "a-teacher"}, "created_at": "2026-11-20T15:04:05Z",
        "body": "\r\n\r\n".join(sections).replace("\n", "\r\n")}}


def submit(site: Path, event: dict[str, Any]) -> tuple[list[str], list[str]]:
    path = site.parent / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    result = run(site, "from-issue", str(path))
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines(), result.lines


def matter(text: str) -> dict[str, Any]:
    value = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(value, dict)
    return value


ANSWERS = {"summary": "Watch a phonics lesson.", "date": "2027-03-09", "start_time": "9:00",
           "end_time": "11.30", "location": "Hillside Primary School",
           "phases": "primary", "subjects": "english", "levels": "KS1",
           "booking": "cpd@hillside.example", "capacity": "6",
           "school": "hillside", "author": "Mrs Hughes", "tags": "phonics, open classroom",
           "body": "Come and see."}


def test_the_event_form_is_made_from_the_vocabulary(tmp_path: Path) -> None:
    site = make_site(tmp_path, {}, config=CONFIG + '[vocabulary]\nsubjects = ["english", "Latin"]'
                     '\nareas = ["KS1 phonics"]\n')
    assert run(site, "forms").exit_code == 0
    form = yaml.safe_load((site / ".github/ISSUE_TEMPLATE/add-an-event.yml").read_text())
    assert form["labels"] == ["event-submission"] and form["name"] == "Add an event"
    options = {e["id"]: e["attributes"].get("options") for e in form["body"] if "id" in e}
    assert options["subjects"] == ["english", "Latin"] and options["areas"] == ["KS1 phonics"]
    assert "primary" in options["phases"]
    workflow = (Path(__file__).parent.parent / ".github/workflows/from-issue.yml").read_text()
    assert "'event-submission'" in workflow


def test_a_submitted_event_becomes_a_file_the_build_reads(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/schools/hillside.md": SCHOOL,
                                "content/authors/mrs-hughes.md": AUTHOR}, config=CONFIG)
    written, lines = submit(site, payload(ANSWERS))
    path = "content/events/2027-03-09-open-classroom-year-1-phonics.md"
    assert written == [path], lines
    got = matter((site / path).read_text(encoding="utf-8"))
    assert got["title"] == "Open classroom: Year 1 phonics" and "draft" not in got
    assert (got["start"], got["end"]) == ("2027-03-09 09:00", "2027-03-09 11:30")
    assert got["location"] == "hillside" and got["capacity"] == 6
    assert got["booking"] == {"email": "cpd@hillside.example"}
    assert got["for"] == {"phases": ["primary"], "subjects": ["english"], "levels": ["KS1"]}
    assert got["organiser"] == {"school": "hillside", "author": "mrs-hughes"}
    build(site)
    data = events_of(site)
    validate_against(data, "events.schema.json")
    assert [e["start"] for e in data["events"]] == ["2027-03-09T09:00:00+00:00"]


def test_a_hostile_or_unfinished_event_is_a_draft_of_plain_text(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/schools/hillside.md": SCHOOL}, config=CONFIG)
    answers = {**ANSWERS, "date": "2027-02-30", "start_time": "late", "capacity": "lots",
               "location": 'Hall"\n}\nbad: [1', "booking": "javascript:alert(1)",
               "author": "", "school": "Nowhere School"}
    written, lines = submit(site, payload(answers, title='x"\n---\nevil: true', ticks=()))
    assert written[0] == "content/events/2026-11-20-x-evil-true.md"  # the issue's day
    assert written[1] == "content/authors/a-teacher.md"  # no name: the GitHub user
    got = matter((site / written[0]).read_text(encoding="utf-8"))
    assert got["draft"] is True and "evil" not in got and "bad" not in got
    assert got["location"] == {"name": 'Hall" } bad: [1'} and "capacity" not in got
    assert "booking" not in got and got["organiser"] == {"author": "a-teacher"}
    report = "\n".join(lines)
    assert "is not a date" in report and "not two times" in report and "places:" in report
