"""Peers' /expertise.json through `sharesite network fetch` and the build, against real HTTP
servers on 127.0.0.1: fetched, cleaned and kept exactly like a catalogue (same limits, last
good copy, offline build); a peer with none is fine; and a network site's /expertise/ lists
the peers' offers as plain text, credited, linking to each school's own profile.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from network_support import network_json, resources_json
from support import BASE_URL, build, crawl, make_site, out, run, unsafe, validate_against

from sharesite.peers import store

TIMEOUT = "1"  # seconds for one request


class Directory(ThreadingHTTPServer):
    """Peer sites on one loopback server: /NAME/FILE answers what `answers[NAME][FILE]`
    says, (status, body), a good network.json and resources.json otherwise, and 404 for an
    expertise.json no test gave. `seen` holds each request's path and headers."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers: dict[str, dict[str, tuple[int, bytes]]] = {}
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that stopped reading a huge body: nothing to report

    def base(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{name}/"

    def give(self, name: str, data: Any, status: int = 200) -> None:
        """`name`'s expertise.json: `data` as JSON (bytes as they are)."""
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        self.answers.setdefault(name, {})["expertise.json"] = (status, body)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Directory

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
        with suppress(OSError):  # a client that stopped reading a huge body
            self.wfile.write(body)


@contextmanager
def serving() -> Iterator[Directory]:
    server = Directory()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[Directory]:
    with serving() as peers:
        yield peers


@pytest.fixture(autouse=True)
def _short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHARESITE_FETCH_TIMEOUT", TIMEOUT)


def school(base: str, slug: str = "oakfield", **changes: Any) -> dict[str, Any]:
    url = f"{base}schools/{slug}/"
    data: dict[str, Any] = {
        "id": url, "url": url, "name": "Oakfield Primary School", "phase": "primary",
        "region": "North West", "local_authority": "Northshire", "size": "200-400",
        "setting": "urban", "website": "https://www.oakfield.sch.uk/",
        "contact": {"form": "https://www.oakfield.sch.uk/contact/enquiry/",
                    "page": "https://www.oakfield.sch.uk/contact/",
                    "office": "01632 960123, Oak Lane, Northfield NF1 2AB",
                    "mailbox": "cpd@oakfield.sch.uk"},
        "expertise": ["systematic synthetic phonics", "early reading"],
        "description": "A two-form entry primary school."}
    return {**data, **changes}


def offer(base: str, number: int = 1, slug: str = "oakfield", **changes: Any
          ) -> dict[str, Any]:
    url = f"{base}schools/{slug}/"
    data: dict[str, Any] = {
        "id": f"{url}#offer-{number}", "kind": "visit", "areas": ["KS1 phonics"],
        "format": "in-person", "when": "on request",
        "note": "Watch a Year 1 phonics lesson and talk to the reading lead after.",
        "seeking": False, "school": url, "person": None, "contact": None,
        "reviewed": "2026-09-01"}
    return {**data, **changes}


def expertise_json(base: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": 1, "generator": "sharesite 0.1.0",
        "site": {"title": "Oakfield", "url": base, "description": "", "language": "en-GB"},
        "schools": [school(base)],
        "people": [{"id": f"{base}authors/ms-patel/", "name": "Ms Patel",
                    "role": "Reading lead", "school": f"{base}schools/oakfield/",
                    "expertise": ["early reading"]}],
        "offers": [offer(base),
                   offer(base, 2, kind="mentoring", areas=["middle leadership"],
                         format="either", seeking=True, note="Two new subject leaders.",
                         reviewed="2026-10-01")]}
    return {**data, **changes}


def site_with(tmp_path: Path, server: Directory, *names: str) -> Path:
    peers = "".join(f'\n[[network.peers]]\nname = "School {name}"\nurl = "{server.base(name)}"\n'
                    for name in names)
    return make_site(tmp_path, {}, config=f'title = "Hillside"\nbase_url = "{BASE_URL}"\n' + peers)


def fetch(site: Path) -> tuple[int, str, list[str]]:
    """Exit code, stdout, and the report's lines about peers."""
    result = run(site, "network", "fetch")
    lines = [line for line in (result.stderr + result.stdout).splitlines() if "peer " in line]
    return result.exit_code, result.stdout, lines


def kept(site: Path, server: Directory, name: str) -> store.Copy | None:
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


def test_a_peers_directory_is_fetched_cleaned_and_kept(tmp_path: Path,
                                                       server: Directory) -> None:
    base = server.base("normal")
    validate_against(expertise_json(base), "expertise.schema.json")  # the fixture is real
    server.give("normal", expertise_json(base))
    site = site_with(tmp_path, server, "normal")
    code, out, lines = fetch(site)
    assert code == 0 and lines == [] and "1 fetched" in out
    copy = kept(site, server, "normal")
    assert copy is not None and copy.validators["expertise.json"]["etag"]
    directory = copy.files["expertise.json"]
    validate_against(directory, "expertise.schema.json")  # what is kept is still valid
    assert directory == {**expertise_json(base), "generator": "sharesite 0.1.0"}
    # a second fetch asks for it conditionally, and nothing is written again
    path = store.path_for(site.resolve(), base)
    written = path.read_bytes()
    before = len(server.seen)
    code, out, lines = fetch(site)
    assert code == 0 and lines == [] and "1 not modified" in out
    asked = {p.rsplit("/", 1)[-1]: h for p, h in server.seen[before:]}
    assert sorted(asked) == ["events.json", "expertise.json", "network.json", "resources.json"]
    assert asked["expertise.json"].get("If-None-Match")
    assert path.read_bytes() == written


def test_a_peer_with_no_directory_is_fine_and_keeps_nothing(tmp_path: Path,
                                                           server: Directory) -> None:
    site = site_with(tmp_path, server, "none")  # expertise.json: 404
    code, out, lines = fetch(site)
    assert code == 0 and lines == [] and "1 fetched, 0 not modified, 0 failed" in out
    copy = kept(site, server, "none")
    assert copy is not None and "expertise.json" not in copy.files
    assert copy.files["resources.json"]["resources"]
    code, out, lines = fetch(site)  # still none: not modified, not a failure
    assert code == 0 and lines == [] and "0 fetched, 1 not modified, 0 failed" in out
    # a directory that appears is kept; one that goes (404 or 410) is dropped from the copy
    server.give("none", expertise_json(server.base("none")))
    assert "1 fetched" in fetch(site)[1]
    copy = kept(site, server, "none")
    assert copy is not None and len(copy.files["expertise.json"]["offers"]) == 2
    server.give("none", b"gone", 410)
    code, out, lines = fetch(site)
    assert code == 0 and lines == [] and "1 fetched" in out
    copy = kept(site, server, "none")
    assert copy is not None and "expertise.json" not in copy.files and copy.files["network.json"]


HOSTILE = "<script>alert(1)</script>\x00\x1b[31m\u202e" + "x" * 10_000


def hostile(base: str) -> dict[str, Any]:
    """Markup, controls and huge strings in every field; addresses that are not web
    addresses; a personal mailbox with markup in it; a made-up format."""
    bad_contact = {"form": "javascript:alert(1)", "page": "data:text/html,<b>x</b>",
                   "office": "<img src=x onerror=alert(1)>\r\n01632 960123",
                   "mailbox": "<a href=x>cpd</a>@oakfield.sch.uk"}
    return expertise_json(
        base, generator="</script><script>alert(3)</script>",
        schools=[school(base, name=HOSTILE, phase="<b>primary</b>\x0b",
                        website="javascript:alert(1)", contact=bad_contact,
                        expertise=["<i>phonics</i>", "", 7, None],
                        description="<p onclick=x>" + "y" * 5000)],
        people=[{"id": f"{base}authors/mallory/", "name": "Mallory\x00<b>",
                 "role": "<script>x</script>", "school": "https://evil.example/schools/x/",
                 "expertise": ["<u>x</u>"]}],
        offers=[offer(base, kind="<svg onload=alert(1)>", areas=["<b>KS1</b>\u202e"],
                      format="<i>anywhere</i>", when=HOSTILE, note=HOSTILE, seeking="yes",
                      contact=bad_contact)])


def test_hostile_strings_are_cleaned(tmp_path: Path, server: Directory) -> None:
    base = server.base("hostile")
    server.give("hostile", hostile(base))
    site = site_with(tmp_path, server, "hostile")
    code, _, lines = fetch(site)
    assert code == 0 and lines == []
    copy = kept(site, server, "hostile")
    assert copy is not None
    directory = copy.files["expertise.json"]
    validate_against(directory, "expertise.schema.json")
    [entry] = directory["schools"]
    assert len(entry["name"]) <= 300 and entry["name"].startswith("<script>alert(1)</script>")
    assert entry["phase"] == "<b>primary</b>" and entry["website"] is None
    assert entry["contact"] == {"form": None, "page": None,
                                "office": "<img src=x onerror=alert(1)> 01632 960123",
                                "mailbox": None}
    assert entry["expertise"] == ["<i>phonics</i>"] and len(entry["description"]) <= 2000
    [person] = directory["people"]
    assert person["name"] == "Mallory <b>" and person["school"] is None
    [first] = directory["offers"]
    assert first["format"] is None and first["seeking"] is False
    assert len(first["note"]) <= 2000 and len(first["when"]) <= 200
    assert first["areas"] == ["<b>KS1</b>"]
    assert not [s for s in strings(copy.files) if re.search(r"[\x00-\x1f\x7f-\x9f\u202e]", s)]
    every = json.dumps(copy.files, ensure_ascii=False)
    assert "javascript:" not in every and "data:" not in every


def test_entries_outside_the_peers_site_are_left_out_and_said(tmp_path: Path,
                                                              server: Directory) -> None:
    base = server.base("claims")
    other = "https://other.example/schools/x/"
    server.give("claims", expertise_json(
        base, schools=[school(base), school(base, "stolen", id=other, url=other)],
        offers=[offer(base), offer(base, 2, school=other),
                offer(base, 3, id=other + "#offer-1"), offer(base, 4, reviewed="soon"),
                offer(base)]))
    site = site_with(tmp_path, server, "claims")
    code, _, lines = fetch(site)
    assert code == 0
    assert lines == [
        f"site.toml:4: peer School claims ({base}): 5 entries of its "
        f"expertise.json left out: school 2: its id '{other}' is not an address on the "
        "peer's own site; and 4 more"]
    copy = kept(site, server, "claims")
    assert copy is not None
    directory = copy.files["expertise.json"]
    assert [s["id"] for s in directory["schools"]] == [f"{base}schools/oakfield/"]
    assert [o["id"] for o in directory["offers"]] == [f"{base}schools/oakfield/#offer-1"]


BROKEN = [
    ("invalid", b'{"version": 1, "site": ', "expertise.json is not valid JSON"),
    ("version", "version", "expertise.json is version 2, not 1 (a newer or older sharesite: "
                           "nothing is read from it)"),
    ("mismatch", "mismatch", "expertise.json is the site 'https://someone-else.example/', not "
                             "BASE (check the peer's url in site.toml)"),
    ("many", "many", "expertise.json lists 5001 offers (at most 5000 are read)"),
    ("huge", b"[" + b" " * (9 * 1024 * 1024) + b"]",
     "expertise.json is too big (9,437,186 bytes; at most 8,388,608 are read)"),
    ("server", (500, b"no"), "expertise.json: HTTP 500 Internal Server Error"),
]


@pytest.mark.parametrize(("name", "body", "reason"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_directory_fails_the_peer_and_keeps_its_last_good_copy(
        tmp_path: Path, server: Directory, name: str, body: Any, reason: str) -> None:
    base = server.base(name)
    server.give(name, expertise_json(base))
    site = site_with(tmp_path, server, name)
    assert fetch(site)[0] == 0
    good = kept(site, server, name)
    assert good is not None and good.files["expertise.json"]["offers"]
    if body == "version":
        server.give(name, expertise_json(base, version=2))
    elif body == "mismatch":
        server.give(name, expertise_json("https://someone-else.example/"))
    elif body == "many":
        server.give(name, expertise_json(base, offers=[offer(base)] * 5001))
    elif isinstance(body, tuple):
        server.give(name, body[1], body[0])
    else:
        server.give(name, body)
    code, out, lines = fetch(site)
    assert code == 0 and "1 failed" in out
    [line] = lines
    assert line.startswith(f"site.toml:4: peer School {name} ({base}): "
                           f"{reason.replace('BASE', base)} (its last good copy from ")
    again = kept(site, server, name)
    assert again is not None and again.files == good.files


RECENT = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=20)).isoformat()
OLD = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=400)).isoformat()
HOSTILE_NOTE = "<script>alert(1)</script><img src=x onerror=alert(2)> Come and see"


def test_a_network_lists_its_peers_offers_credited_and_survives_a_peer_going_down(
        tmp_path: Path, server: Directory) -> None:
    """Two peers: one that stays up (its offers with markup in them, one stale, one
    credited to a school page off its site), one that goes down after a first fetch. The
    build shows both schools' offers (the one down from its last good copy), as text,
    credited, each linking to the school's profile on its own site."""
    oak, elm = server.base("oak"), server.base("elm")
    elsewhere = "https://evil.example/schools/x/"
    server.give("oak", expertise_json(oak, offers=[
        offer(oak, 1, note=HOSTILE_NOTE, reviewed=RECENT, areas=["ks1 Phonics"]),
        offer(oak, 2, kind="moderation", areas=["Writing"], reviewed=OLD,
              note="An offer a year old."),
        offer(oak, 3, kind="mentoring", areas=["middle leadership"], seeking=True,
              note="Looking for a mentor.", reviewed=RECENT)],
        schools=[school(oak, contact={"mailbox": "john.smith@gmail.com",
                                      "page": "https://www.oakfield.sch.uk/contact/"}),
                 school(oak, "away", url=elsewhere)]))
    server.give("elm", expertise_json(elm, schools=[school(elm, "elm", name="Elm Academy",
                                                           region="Yorkshire")],
                                      people=[],
                                      offers=[offer(elm, 1, slug="elm", kind="open-classroom",
                                                    areas=["Year 7 French"], note="Elm's offer.",
                                                    reviewed=RECENT)]))
    site = site_with(tmp_path, server, "oak", "elm")
    (site / "content" / "posts").mkdir(parents=True)
    assert fetch(site)[0] == 0
    server.answers["elm"] = {name: (500, b"down") for name in
                             ("network.json", "resources.json", "expertise.json")}
    code, report, lines = fetch(site)
    assert code == 0 and "1 failed" in report and len(lines) == 1
    build(site)  # exits 0
    page = (out(site) / "expertise" / "index.html").read_text(encoding="utf-8")
    assert unsafe(page) == []
    assert "<script>alert(1)" not in page and "onerror=alert(2)>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as the text it is
    assert "Come and see" in page and "Looking for a mentor." in page
    assert "Elm&#39;s offer." in page or "Elm's offer." in page  # last good copy
    assert "An offer a year old." not in page  # stale: hidden
    assert "Oakfield Primary School" in page and "Elm Academy" in page
    assert f'href="{oak}schools/oakfield/' in page and f'href="{elm}schools/elm/' in page
    assert "evil.example" not in page and "john.smith" not in page
    # the peers' areas, spelled as the vocabulary spells them, have their own pages
    phonics = (out(site) / "expertise" / "ks1-phonics" / "index.html").read_text("utf-8")
    assert "Come and see" in phonics and "KS1 phonics" in phonics
    assert (out(site) / "expertise" / "year-7-french" / "index.html").is_file()
    assert crawl(out(site), BASE_URL) == []
    every = "".join(p.read_text("utf-8", errors="replace")
                    for p in out(site).rglob("*") if p.suffix in (".html", ".xml"))
    assert "<script>alert(1)" not in every and "onerror=alert(2)>" not in every
    # the site's own directory passes on none of the peers' offers
    assert not (out(site) / "expertise.json").exists()


def test_a_local_peer_publishes_its_directory_into_the_copy(tmp_path: Path) -> None:
    """A peer whose site is in this repository (`source`): its expertise.json is made from
    its profiles, cleaned like a fetched one, and its offers are listed by the network."""
    peer = "https://oak.example/site/"
    files: dict[str, str | bytes] = {
        "oak/site.toml": f'title = "Oakfield"\nbase_url = "{peer}"\n',
        "oak/content/schools/oakfield.md": f"""
            ---
            name: Oakfield Primary School
            phase: primary
            region: North West
            contact:
              page: https://www.oakfield.sch.uk/contact/
            offers:
              - kind: visit
                areas: [KS1 phonics]
                format: in-person
                note: Visit our Year 1 phonics lessons.
                reviewed: {RECENT}
            ---
            A primary school.
            """,
        "content/posts/.keep": ""}
    site = make_site(tmp_path, files, f'title = "Hillside"\nbase_url = "{BASE_URL}"\n'
                     '\n[[network.peers]]\nname = "Oakfield"\n'
                     f'url = "{peer}"\nsource = "oak"\n')
    build(site)
    page = (out(site) / "expertise" / "index.html").read_text(encoding="utf-8")
    assert "Visit our Year 1 phonics lessons." in page
    assert f'href="{peer}schools/oakfield/' in page


def test_a_peer_cannot_flood_the_directory(tmp_path: Path) -> None:
    """A peer's 150 offers of 12 made-up areas each: at most 100 offers of it are shown,
    with at most 10 areas each, and at most 300 areas the vocabulary lacks (each a page)
    in the whole network; the build is due again when the first shown offer goes stale."""
    from sharesite.config import load_config
    from sharesite.site.network import network_offers, offers_stale_at, peer_from

    base = "https://flood.example/"
    now = dt.datetime.now(dt.UTC)
    many = [offer(base, n, areas=[f"area {n} {k}" for k in range(12)] + ["KS1 phonics"],
                  reviewed=RECENT if n else OLD) for n in range(150)]
    files = {"expertise.json": expertise_json(base, offers=many)}
    site = make_site(tmp_path, {}, f'title = "Hillside"\nbase_url = "{BASE_URL}"\n')
    config, _ = load_config(site)
    peer = peer_from("Flood", base, now.isoformat(), files, now)
    assert peer is not None and len(peer.offers) == 149  # the stale one is hidden
    shown = network_offers(config, (peer,))
    assert len(shown) == 100 and all(len(o.areas) <= 10 for o in shown)
    areas = {slug for o in shown for _, slug in o.areas}
    assert len(areas - {"ks1-phonics"}) == 300
    assert offers_stale_at(files, now) == dt.datetime.combine(
        dt.date.fromisoformat(RECENT) + dt.timedelta(days=366), dt.time(), dt.UTC)
