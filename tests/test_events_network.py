"""Peers' /events.json through `sharesite network fetch` and the build, against real HTTP
servers on 127.0.0.1: fetched, cleaned and kept exactly like a peer's directory (same
limits, last good copy, a 404 meaning "no events"); hostile, huge, wrong-version and
off-site files are refused or cleaned; and a network site's /events/ lists the peers'
events as plain text, credited, linking to each event's page on its own site.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from network_support import network_json, resources_json
from support import BASE_URL, make_site, run, validate_against

from sharesite.peers import store

TIMEOUT = "1"  # seconds for one request


class Calendars(ThreadingHTTPServer):
    """Peer sites on one loopback server: /NAME/FILE answers `answers[NAME][FILE]`
    (status, body), a good network.json and resources.json otherwise, and 404 for any other
    file (no directory, no events). `seen` holds each request's path and headers."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers: dict[str, dict[str, tuple[int, bytes]]] = {}
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that stopped reading a huge body

    def base(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{name}/"

    def give(self, name: str, data: Any, status: int = 200) -> None:
        """`name`'s events.json: `data` as JSON (bytes as they are)."""
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        self.answers.setdefault(name, {})["events.json"] = (status, body)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Calendars

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        server = self.server
        _, name, file = self.path.split("/", 2)
        with server.lock:
            server.seen.append((self.path, dict(self.headers.items())))
        base = server.base(name)
        given = server.answers.get(name, {})
        if file in given:
            status, body = given[file]
        elif file == "network.json":
            status, body = 200, json.dumps(network_json(base)).encode()
        elif file == "resources.json":
            status, body = 200, json.dumps(resources_json(base)).encode()
        else:
            status, body = 404, b"not here"
        if status != 200:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and len(body) < 2 ** 20
        if gzipped:  # a huge body is sent as it is: its size is what is tested
            body = gzip.compress(body)
        self.send_response(200)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with suppress(OSError):
            self.wfile.write(body)


@contextmanager
def serving() -> Iterator[Calendars]:
    server = Calendars()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[Calendars]:
    with serving() as peers:
        yield peers


@pytest.fixture(autouse=True)
def _short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHARESITE_FETCH_TIMEOUT", TIMEOUT)


def event(base: str, slug: str = "phonics-open-morning", **changes: Any) -> dict[str, Any]:
    url = f"{base}events/{slug}/"
    data: dict[str, Any] = {
        "id": url, "url": url, "title": "Open classroom: Year 1 phonics",
        "summary": "Watch a phonics lesson, then talk to the reading lead.",
        "start": "2027-03-10T09:00:00+00:00", "end": "2027-03-10T11:30:00+00:00",
        "all_day": False, "timezone": "Europe/London", "repeat": None,
        "location": {"kind": "school", "name": "Oakfield Primary School",
                     "address": "Oak Lane, Northfield NF1 2AB",
                     "school": f"{base}schools/oakfield/"},
        "for": {"phases": ["primary"], "subjects": ["phonics"], "levels": ["KS1"],
                "areas": ["early reading"]},
        "booking": {"url": None, "mailbox": "cpd@oakfield.sch.uk", "note": None},
        "capacity": 6, "cost": "free",
        "organiser": {"school": f"{base}schools/oakfield/", "name": "Oakfield Primary School"},
        "tags": ["phonics", "open classroom"], "status": "confirmed",
        "updated": "2026-11-20T00:00:00+00:00"}
    return {**data, **changes}


def events_json(base: str, events: list[dict[str, Any]] | None = None,
                **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": 1, "generator": "sharesite 0.1.0",
        "site": {"title": "Oakfield", "url": base, "description": "", "language": "en-GB",
                 "timezone": "Europe/London"},
        "events": [event(base),
                   event(base, "teachmeet", title="Spring teachmeet", all_day=True,
                         start="2027-04-20", end="2027-04-21",
                         repeat="FREQ=WEEKLY;INTERVAL=6;COUNT=3",
                         location={"kind": "online", "name": None, "address": None,
                                   "school": None},
                         booking={"url": "https://forms.example/teachmeet", "mailbox": None,
                                  "note": None}, capacity=None, status="cancelled")]
        if events is None else events}
    return {**data, **changes}


def site_with(tmp_path: Path, server: Calendars, *names: str) -> Path:
    peers = "".join(f'\n[[network.peers]]\nname = "School {name}"\nurl = "{server.base(name)}"\n'
                    for name in names)
    post = {"content/posts/2026-01-01-hello.md": "---\ntitle: Hello\n---\nHi.\n"}
    return make_site(tmp_path, post, config=f'title = "Hillside"\nbase_url = "{BASE_URL}"\n'
                     'timezone = "Europe/London"\n' + peers)


def fetch(site: Path) -> tuple[int, str, list[str]]:
    """Exit code, stdout, and the report's lines about peers."""
    result = run(site, "network", "fetch")
    lines = [line for line in (result.stderr + result.stdout).splitlines() if "peer " in line]
    return result.exit_code, result.stdout, lines


def kept(site: Path, server: Calendars, name: str) -> store.Copy | None:
    return store.load(site.resolve(), server.base(name))


def strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def test_a_peers_events_are_fetched_cleaned_and_kept(tmp_path: Path, server: Calendars) -> None:
    base = server.base("normal")
    validate_against(events_json(base), "events.schema.json")  # the fixture is real
    server.give("normal", events_json(base))
    site = site_with(tmp_path, server, "normal")
    code, out, lines = fetch(site)
    assert code == 0 and lines == [] and "1 fetched" in out
    copy = kept(site, server, "normal")
    assert copy is not None and copy.validators["events.json"]["etag"]
    events = copy.files["events.json"]
    validate_against(events, "events.schema.json")  # what is kept is still valid
    assert events == events_json(base)  # a good file is kept as it came
    # a second fetch asks for it conditionally, and nothing is written again
    path = store.path_for(site.resolve(), base)
    written = path.read_bytes()
    before = len(server.seen)
    code, out, lines = fetch(site)
    assert code == 0 and lines == [] and "1 not modified" in out
    asked = {p.rsplit("/", 1)[-1]: h for p, h in server.seen[before:]}
    assert sorted(asked) == ["events.json", "expertise.json", "network.json", "resources.json"]
    assert asked["events.json"].get("If-None-Match")
    assert path.read_bytes() == written


def test_a_peer_with_no_events_is_fine_and_keeps_nothing(tmp_path: Path,
                                                        server: Calendars) -> None:
    site = site_with(tmp_path, server, "none")  # events.json: 404
    code, out, lines = fetch(site)
    assert code == 0 and lines == [] and "1 fetched, 0 not modified, 0 failed" in out
    copy = kept(site, server, "none")
    assert copy is not None and "events.json" not in copy.files
    assert copy.files["resources.json"]["resources"]
    code, out, lines = fetch(site)  # still none: not modified, not a failure
    assert code == 0 and lines == [] and "0 fetched, 1 not modified, 0 failed" in out
    # events that appear are kept; a file that goes (404 or 410) is dropped from the copy
    server.give("none", events_json(server.base("none")))
    assert "1 fetched" in fetch(site)[1]
    copy = kept(site, server, "none")
    assert copy is not None and len(copy.files["events.json"]["events"]) == 2
    server.give("none", b"gone", 410)
    code, out, lines = fetch(site)
    assert code == 0 and lines == [] and "1 fetched" in out
    copy = kept(site, server, "none")
    assert copy is not None and "events.json" not in copy.files
    assert copy.files["resources.json"]["resources"]  # the peer itself is not gone


HOSTILE = "<script>alert(1)</script>\u202e\x00 <img src=x onerror=alert(2)>"


def test_hostile_strings_are_plain_text_and_bad_values_dropped(tmp_path: Path,
                                                               server: Calendars) -> None:
    base = server.base("hostile")
    nasty = event(base, "nasty", title=HOSTILE + " " * 5000 + "x", summary=HOSTILE,
                  location={"kind": "<b>", "name": HOSTILE, "address": HOSTILE,
                            "school": "https://evil.example/schools/x/"},
                  booking={"url": "javascript:alert(3)", "mailbox": "a@b.c<script>",
                           "note": HOSTILE},
                  organiser={"school": "javascript:alert(4)", "name": HOSTILE},
                  repeat="FREQ=DAILY\r\nX-EVIL:<script>", timezone="../../etc/passwd",
                  capacity=True, cost=["not", "text"], status="<cancelled>",
                  tags=[HOSTILE, 7, None], **{"for": {"phases": HOSTILE}})
    server.give("hostile", events_json(base, [nasty]))
    site = site_with(tmp_path, server, "hostile")
    code, _, lines = fetch(site)
    assert code == 0 and lines == []
    copy = kept(site, server, "hostile")
    assert copy is not None
    got = copy.files["events.json"]["events"][0]
    assert all("\x00" not in s and "\u202e" not in s and "\n" not in s and "\r" not in s
               for s in strings(got))
    assert got["title"].startswith("<script>alert(1)</script>") and len(got["title"]) <= 300
    assert got["location"] == {"kind": "place", "name": got["location"]["name"],
                               "address": got["location"]["address"], "school": None}
    assert got["booking"]["url"] is None and got["booking"]["mailbox"] is None
    assert got["organiser"]["school"] is None
    assert got["repeat"] is None and got["timezone"] == "Europe/London"
    assert got["capacity"] is None and got["cost"] == "free" and got["status"] == "confirmed"
    assert got["for"]["phases"] == [] and len(got["tags"]) == 1
    validate_against(copy.files["events.json"], "events.schema.json")


def test_an_event_outside_the_peers_site_or_without_a_time_is_left_out(
        tmp_path: Path, server: Calendars) -> None:
    base = server.base("claims")
    server.give("claims", events_json(base, [
        event(base),
        event(base, "stolen", id="https://other.example/events/x/"),
        event(base, "escape", url=f"{base}events/../../../elsewhere/"),
        event(base, "no-time", start="2027-02-30T09:00:00+00:00"),
        event(base, "no-offset", start="2027-03-10T09:00:00"),
        event(base, "backwards", end="2027-03-10T08:00:00+00:00"),
        event(base, "no-title", title=" \x00 "),
        event(base)]))  # listed twice
    site = site_with(tmp_path, server, "claims")
    code, out, lines = fetch(site)
    assert code == 0 and "1 fetched" in out
    copy = kept(site, server, "claims")
    assert copy is not None
    assert [e["id"] for e in copy.files["events.json"]["events"]] == [
        f"{base}events/phonics-open-morning/"]
    assert len(lines) == 1 and "7 events of its events.json left out: event 2: its id " \
        "'https://other.example/events/x/' is not an address on the peer's own site" in lines[0]


@pytest.mark.parametrize(("data", "reason"), [
    (lambda base: events_json(base, version=2), "events.json is version 2, not 1"),
    (lambda base: events_json(base, [event(base, f"e{n}") for n in range(2001)]),
     "events.json lists 2001 events (at most 2000 are read)"),
    (lambda base: b'{"version": 1, "events": [' + b" " * (9 * 1024 * 1024),
     "events.json is too big"),
    (lambda base: events_json("https://someone-else.example/"),
     "events.json is the site 'https://someone-else.example/'"),
    (lambda base: b"<html>not json</html>", "events.json is not valid JSON"),
])
def test_a_bad_events_file_fails_the_peer_and_keeps_its_last_good_copy(
        tmp_path: Path, server: Calendars, data: Any, reason: str) -> None:
    name = f"bad{abs(hash(reason)) % 10_000}"
    base = server.base(name)
    server.give(name, events_json(base))
    site = site_with(tmp_path, server, name)
    assert fetch(site)[0] == 0
    good = kept(site, server, name)
    assert good is not None and len(good.files["events.json"]["events"]) == 2
    server.give(name, data(base))
    code, out, lines = fetch(site)
    assert code == 0 and "1 failed" in out
    assert len(lines) == 1 and reason in lines[0] and "its last good copy" in lines[0]
    again = kept(site, server, name)
    assert again is not None and again.files == good.files


# --- the build: the peers' events on this site's /events/ ----------------------------------------

def test_a_peers_events_are_credited_linked_and_in_this_sites_zone(
        tmp_path: Path, server: Calendars) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from sharesite.site.network import peer_events, with_peer_events

    base = server.base("zones")
    server.give("zones", events_json(base, [
        event(base),
        event(base, "paris", title="Échange à Paris", start="2027-07-10T09:00:00+02:00",
              end="2027-07-10T12:00:00+02:00", timezone="Europe/Paris",
              organiser={"school": None, "name": None},
              location={"kind": "online", "name": None, "address": None, "school": None}),
        event(base, "series", title="Teachmeet", repeat="FREQ=WEEKLY;INTERVAL=6;COUNT=3"),
        event(base, "odd-rule", title="Odd", repeat="FREQ=WEEKLY;BYDAY=XX")]))
    site = site_with(tmp_path, server, "zones")
    assert fetch(site)[0] == 0
    copy = kept(site, server, "zones")
    assert copy is not None
    london = ZoneInfo("Europe/London")
    found = {e.title: e for e in peer_events(copy.files, base, "School zones", london)}
    assert list(found) == ["Open classroom: Year 1 phonics", "Échange à Paris", "Teachmeet",
                           "Odd"]
    phonics = found["Open classroom: Year 1 phonics"]
    assert phonics.url == f"{base}events/phonics-open-morning/" and phonics.path == ""
    assert phonics.uid == phonics.url and phonics.school_url == f"{base}schools/oakfield/"
    assert phonics.school_name == "Oakfield Primary School" and phonics.capacity == 6
    assert phonics.booking_mailbox == "cpd@oakfield.sch.uk" and phonics.tags == ()
    paris = found["Échange à Paris"]  # credited to the peer itself; shown at 8am here (BST)
    assert paris.school_name == "School zones" and paris.school_url == base
    assert isinstance(paris.start, dt.datetime) and paris.start.hour == 8
    assert paris.start.utcoffset() == dt.timedelta(hours=1) and "(BST)" in paris.when
    assert len(found["Teachmeet"].occurrences) == 3
    assert found["Odd"].repeat == "" and len(found["Odd"].occurrences) == 1
    # merged with the site's own, soonest first; a peer not shown adds nothing
    merged = with_peer_events((), [(True, tuple(found.values())), (False, (phonics,))])
    assert len(merged) == 4 and merged[-1] is paris  # July, after the three in March


def test_a_network_shows_its_peers_events_and_survives_a_hostile_or_down_peer(
        tmp_path: Path, server: Calendars) -> None:
    """Needs the peers' events merged into Site.events (sharesite.site.network.
    with_peer_events, at assemble) and listed on /events/ linking to `event.url`."""
    good, bad = server.base("net-good"), server.base("net-bad")
    server.give("net-good", events_json(good))
    server.give("net-bad", events_json(bad, [event(bad, "nasty", title=HOSTILE,
                                                    summary=HOSTILE)]))
    site = site_with(tmp_path, server, "net-good", "net-bad")
    assert fetch(site)[0] == 0
    server.give("net-good", b"down", 500)  # down at the next fetch: its last good copy stays
    code, out_text, lines = fetch(site)
    assert code == 0 and "1 failed" in out_text and len(lines) == 1
    result = run(site, "build")
    assert result.exit_code == 0, result.stderr
    page = (site / "_site" / "events" / "index.html").read_text(encoding="utf-8")
    assert "Open classroom: Year 1 phonics" in page
    assert f'href="{good}events/phonics-open-morning/"' in page
    assert "Oakfield Primary School" in page  # credited
    # a peer's event has its page on its own site: none here, least of all at the home page
    home = (site / "_site" / "index.html").read_text(encoding="utf-8")
    assert "Add to calendar" not in home and '"@type":"WebSite"' in home.replace(" ", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for path in (site / "_site").rglob("*"):
        if path.suffix in (".ics", ".json") and path.is_file():  # text, never a tag
            text = path.read_text(encoding="utf-8")
            assert "<script" not in text and "<img" not in text, path
        elif path.suffix in (".html", ".xml") and path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "<script>alert(1)" not in text and "onerror=alert" not in text.replace(
                "&lt;img src=x onerror=alert(2)&gt;", ""), path
    calendar = (site / "_site" / "events.ics").read_text(encoding="utf-8")
    assert "\u2039script\u203aalert(1)" in calendar  # shown, as text
