"""One site, twenty peers served on 127.0.0.1, each behaving in its own way (slow, hanging,
failing, lying, huge, hostile, moved, paged, …): after a good fetch has seeded every peer's
last-good copy, the peers turn, and a second fetch and a build follow.

For each peer: the report names it once with its reason (or not at all when nothing is
wrong), its last-good copy is kept when it fails, `sharesite build` succeeds, and nothing a
peer sent reaches any built page, feed or JSON file as markup, a script address, a control
character or an uncapped string. Also: a repeat fetch is conditional (304s, counted by the
server), a build from the copies is byte-identical twice and never goes online, and when a
peer's catalogue changes an incremental build writes what a clean build writes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from network_support import ASH, ELM, MOVED_TO, SPAM, Peers, serving
from support import DEFAULT_CONFIG, contents, feed_html, make_site, out, run, unsafe

from sharesite.build import BuildOptions, build
from sharesite.peers import store

ENV = {"SHARESITE_FETCH_TIMEOUT": "1"}  # seconds for one request


@dataclass(frozen=True)
class Behaviour:
    name: str  # the peer's folder on the server; "School <name>" in site.toml
    mode: str  # how it answers after the seeding fetch
    reason: str | None  # what the report says of it (None: it is not named)
    copy: str  # its copy afterwards: "kept" (the last good), "new", or "removed"
    seed: str = "good"  # how it answers the seeding fetch


BEHAVIOURS = [
    Behaviour("normal", "good", None, "new"),
    Behaviour("slow", "slow", "network.json: not all sent within 1 s", "kept"),
    Behaviour("hanging", "hang", "network.json: no answer within 1 s", "kept"),
    Behaviour("error500", "500", "network.json: HTTP 500 Internal Server Error", "kept"),
    Behaviour("back", "404", "network.json: HTTP 404 Not Found", "kept"),
    Behaviour("gone", "410", "network.json: gone (HTTP 410) (its last good copy is removed)",
              "removed"),
    Behaviour("invalid", "invalid", "network.json is not valid JSON", "kept"),
    Behaviour("version", "version", "network.json is version 2, not 1 (a newer or older "
              "sharesite: nothing is read from it)", "kept"),
    Behaviour("huge", "huge", "network.json is too big (over 8,388,608 bytes)", "kept"),
    Behaviour("many", "many", "resources.json lists 5001 resources (at most 5000 are read)",
              "kept"),
    Behaviour("bomb", "bomb", "network.json expands to more than 33,554,432 bytes (a gzip "
              "bomb?)", "kept"),
    Behaviour("loop", "loop", "network.json: more than 3 redirects", "kept"),
    Behaviour("mismatch", "mismatch", "network.json is the site 'https://someone-else.example/'"
              ", not {base} (check the peer's url in site.toml)", "kept"),
    Behaviour("claims", "claims", "1 resource left out: resource 2: its id "
              "'https://other.example/resources/x/' is not an address on the peer's own site",
              "new"),
    Behaviour("hostile", "hostile", "1 resource left out: resource 2: its url "
              "'javascript:alert(1)' is not an address on the peer's own site", "new"),
    Behaviour("moved", "moved", f"says it has moved to {MOVED_TO} (change its url in "
              f"site.toml to {MOVED_TO})", "new"),
    Behaviour("withdrawn", "withdrawn", None, "new", seed="changed"),
    Behaviour("paged", "paged", None, "new"),
    Behaviour("paged-broken", "paged-broken", "resources-3.json: HTTP 500 Internal Server "
              "Error", "kept"),
    Behaviour("lister", "lister", None, "new"),
]
BY_NAME = {b.name: b for b in BEHAVIOURS}


@dataclass
class Scenario:
    site: Path
    server: Peers
    seeded: dict[str, store.Copy | None]  # each peer's copy before it turned
    conditional: list[tuple[str, int]]  # what the server answered the repeat fetch
    sent: list[dict[str, str]]  # the headers of the repeat fetch's requests
    lines: list[str]  # the report of the fetch after the peers turned (stderr and stdout)
    summary: str
    copies: dict[str, store.Copy | None]  # each peer's copy after that fetch
    built: dict[str, bytes]  # what `sharesite build` then wrote
    back: list[str]  # the report when "back" is back
    asked_back: dict[str, list[str]]  # the files each peer was asked for then


def config(server: Peers, names: list[str]) -> str:
    return DEFAULT_CONFIG + '\n[network]\nblock = ["https://spam.example/"]\n' + "".join(
        f'\n[[network.peers]]\nname = "School {name}"\nurl = "{server.base(name)}"\n'
        for name in names)


def fetch(site: Path) -> tuple[str, list[str]]:
    result = run(site, "network", "fetch", env=ENV)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout, (result.stderr + result.stdout).splitlines()


def load(site: Path, server: Peers, name: str) -> store.Copy | None:
    return store.load(site.resolve(), server.base(name))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    with serving() as server:
        site = make_site(tmp_path_factory.mktemp("hostile"), {
            "content/posts/2026-01-05-hello.md": "---\ntitle: Hello\n---\nHello.\n"},
            config(server, [b.name for b in BEHAVIOURS]))
        server.modes.update({b.name: b.seed for b in BEHAVIOURS})
        summary, lines = fetch(site)
        assert f"Peers: {len(BEHAVIOURS)} fetched, 0 not modified, 0 failed" in summary, lines
        before, asked = len(server.answers), len(server.seen)
        summary, _ = fetch(site)
        assert f"0 fetched, {len(BEHAVIOURS)} not modified" in summary
        # (expertise.json, events.json: 404 each time, these peers having neither)
        neither = ("/expertise.json", "/events.json")
        conditional = [a for a in server.answers[before:] if not a[0].endswith(neither)]
        sent = [headers for path, headers in server.seen[asked:]
                if not path.endswith(neither)]
        seeded = {b.name: load(site, server, b.name) for b in BEHAVIOURS}

        server.modes.update({b.name: b.mode for b in BEHAVIOURS})
        summary, lines = fetch(site)
        copies = {b.name: load(site, server, b.name) for b in BEHAVIOURS}
        result = run(site, "build")
        assert result.exit_code == 0, result.stdout + result.stderr
        built = contents(out(site))

        server.modes["back"] = "changed"
        before = len(server.seen)
        _, back = fetch(site)
        asked = {b.name: server.asked(b.name, before) for b in BEHAVIOURS}
        yield Scenario(site, server, seeded, conditional, sent, lines, summary, copies, built,
                       back, asked)


def named(lines: list[str], server: Peers, name: str) -> list[str]:
    return [line for line in lines if f"({server.base(name)})" in line]


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=[b.name for b in BEHAVIOURS])
def test_each_peer_is_told_once_with_its_reason(scenario: Scenario,
                                                behaviour: Behaviour) -> None:
    server = scenario.server
    told = named(scenario.lines, server, behaviour.name)
    if behaviour.reason is None:
        assert told == []
        return
    reason = behaviour.reason.format(base=server.base(behaviour.name))
    assert len(told) == 1, told
    toml = (scenario.site / "site.toml").read_text(encoding="utf-8").splitlines()
    line = toml.index(f'url = "{server.base(behaviour.name)}"') - 1  # its [[network.peers]]
    who = f"site.toml:{line}: peer School {behaviour.name} ({server.base(behaviour.name)})"
    seeded = scenario.seeded[behaviour.name]
    assert seeded is not None
    if behaviour.copy == "kept":
        when = f"{seeded.fetched[:10]} {seeded.fetched[11:16]} UTC"
        assert told[0] == f"{who}: {reason} (its last good copy from {when} is kept)"
    elif behaviour.name == "moved":
        assert told[0] == f"{who} {reason}"
    else:
        assert told[0] == f"{who}: {reason}"


def test_the_report_counts_every_peer(scenario: Scenario) -> None:
    failed = sum(1 for b in BEHAVIOURS if b.copy == "kept")
    fetched = sum(1 for b in BEHAVIOURS if b.copy == "new" and b.mode != "good")
    assert (fetched, failed) == (6, 12)
    assert f"Peers: {fetched} fetched, 1 not modified, {failed} failed, 1 gone;" in \
        scenario.summary


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=[b.name for b in BEHAVIOURS])
def test_each_peer_keeps_its_last_good_copy_when_it_fails(scenario: Scenario,
                                                          behaviour: Behaviour) -> None:
    seeded, now = scenario.seeded[behaviour.name], scenario.copies[behaviour.name]
    assert seeded is not None
    if behaviour.copy == "kept":
        assert now == seeded
    elif behaviour.copy == "removed":
        assert now is None
    else:
        assert now is not None and now.fetched >= seeded.fetched
        if behaviour.mode == "good":
            assert now.files == seeded.files and now.validators == seeded.validators


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=[b.name for b in BEHAVIOURS])
def test_the_build_shows_each_peer_from_its_copy(scenario: Scenario,
                                                 behaviour: Behaviour) -> None:
    base = scenario.server.base(behaviour.name)
    pages = "\n".join(body.decode() for rel, body in scenario.built.items()
                      if rel.startswith("network/") and rel.endswith(".html"))
    # every page and feed (the published copies hold a withdrawn resource's tombstone)
    everywhere = "\n".join(body.decode() for rel, body in scenario.built.items()
                           if not rel.startswith("network/copies/"))
    if behaviour.copy == "removed":
        assert base + "resources/" not in everywhere
        assert not any(base in body.decode() for rel, body in scenario.built.items()
                       if rel.startswith("network/copies/"))
        return
    if behaviour.mode != "paged":  # as seeded (or, when fetched, still listed)
        assert base + "resources/fraction-wall-mats/" in pages
    if behaviour.name == "withdrawn":  # listed, and withdrawn: gone at once
        assert base + "resources/times-tables/" not in everywhere
    if behaviour.name == "claims":
        assert "other.example" not in everywhere
    if behaviour.name == "paged":
        for slug in ("part-one-1", "part-one-2", "part-two-1", "part-two-2", "part-three-1"):
            assert f"{base}resources/{slug}/" in pages
    if behaviour.name == "paged-broken":  # none of the broken catalogue's parts
        assert base + "resources/part-" not in everywhere


# --- nothing hostile gets through ----------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SCANNED = (".html", ".xml", ".json", ".opml", ".txt", ".webmanifest")


def dangerous(value: str) -> bool:
    squashed = "".join(ch for ch in value if ch > " ").lower()
    return squashed.startswith(("javascript:", "vbscript:", "data:"))


def json_strings(data: Any) -> Iterator[tuple[str, str]]:
    """(key, string) for every string in `data` (keys too)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield "", str(key)
            if isinstance(value, str):
                yield str(key), value
            else:
                yield from json_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from (("", value),) if isinstance(value, str) else json_strings(value)


def hostile_output(files: dict[str, bytes]) -> list[str]:
    """Everything in a built site that a peer's hostile strings could have become."""
    problems = []
    for rel, body in files.items():
        if not rel.endswith(SCANNED):
            continue
        text = body.decode("utf-8")
        if CONTROL.search(text):
            problems.append(f"{rel}: a control character")
        if "x" * 301 in text or "y" * 2001 in text:
            problems.append(f"{rel}: a peer's string longer than its cap")
        if rel.endswith(".html"):
            problems += [f"{rel}: {p}" for p in unsafe(text)]
        elif rel.endswith((".xml", ".opml")):
            if "<script" in text.lower():
                problems.append(f"{rel}: <script")
            root = ET.fromstring(body)
            for element in root.iter():
                values = [*element.attrib.values(), element.text or ""]
                problems += [f"{rel}: {v[:40]!r}" for v in values if dangerous(v)]
            if rel.endswith(".xml"):
                problems += [f"{rel}: {p}" for fragment in _feed_html(body)
                             for p in unsafe(fragment, content=True)]
        elif rel.endswith(".json") or rel.endswith(".webmanifest"):
            if "<script" in text.lower():
                problems.append(f"{rel}: <script")
            for key, value in json_strings(json.loads(text)):
                if dangerous(value) or CONTROL.search(value):
                    problems.append(f"{rel}: {key}={value[:40]!r}")
                if key in ("content_html", "summary_html"):
                    problems += [f"{rel}: {p}" for p in unsafe(value, content=True)]
    return problems


def _feed_html(body: bytes) -> list[str]:
    """support.feed_html, for a feed's bytes (it reads a file)."""
    with tempfile.NamedTemporaryFile(suffix=".xml") as temp:
        temp.write(body)
        temp.flush()
        return feed_html(Path(temp.name))


def test_nothing_hostile_reaches_any_output(scenario: Scenario) -> None:
    assert hostile_output(scenario.built) == []
    # and the hostile peer was shown, as text: the scan above had something to find
    page = "\n".join(body.decode() for rel, body in scenario.built.items()
                     if rel.startswith("network/") and rel.endswith(".html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page  # its school's name
    assert scenario.built["network/feed.xml"].count(b"&lt;script&gt;alert(1)") >= 1


def test_the_scan_finds_what_it_looks_for() -> None:
    """The checks above can fail: each finds its planted problem."""
    bad = {
        "a.html": b'<a href="javascript:alert(1)">x</a>',
        "b.html": b"<p>" + b"x" * 400 + b"</p>",
        "c.xml": b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><summary type="html">'
                 b"&lt;script&gt;alert(1)&lt;/script&gt;</summary></entry></feed>",
        "d.json": json.dumps({"url": " data:text/html,x", "t": "a\u202eb"}).encode(),
        "e.opml": b'<opml><body><outline xmlUrl="javascript:alert(1)"/></body></opml>',
        "f.json": b'{"content_html": "<img src=x onerror=alert(1)>"}',
    }
    found = hostile_output(bad)
    for rel in bad:
        assert any(p.startswith(rel) for p in found), (rel, found)


# --- what the fetches themselves show --------------------------------------------------------

def test_a_second_fetch_is_conditional_and_answered_304(scenario: Scenario) -> None:
    statuses = [status for _, status in scenario.conditional]
    assert statuses == [304] * (2 * len(BEHAVIOURS))
    assert len(scenario.sent) == 2 * len(BEHAVIOURS)
    assert all(headers.get("If-None-Match") for headers in scenario.sent)


def test_a_peer_that_comes_back_is_fetched_again(scenario: Scenario) -> None:
    server = scenario.server
    assert named(scenario.back, server, "back") == []
    now = load(scenario.site, server, "back")
    assert now is not None and len(now.files["resources.json"]["resources"]) == 2


def test_an_unchanged_paged_catalogue_is_asked_for_its_first_part_only(
        scenario: Scenario) -> None:
    assert scenario.asked_back["paged"] == ["network.json", "resources.json", "expertise.json",
                                            "events.json"]
    now = load(scenario.site, scenario.server, "paged")
    assert now is not None and len(now.files["resources.json"]["resources"]) == 5


def test_the_peers_of_peers_are_suggested(scenario: Scenario) -> None:
    start = scenario.lines.index("Schools your peers work with (not added; add one to "
                                 "[[network.peers]] to follow it):")
    assert scenario.lines[start + 1:] == [
        f"  Elm Primary — {ELM} (listed by School moved, School lister)",
        f"  Ash Academy — {ASH} (listed by School lister)"]
    assert SPAM not in "\n".join(scenario.lines)
    assert "Elm" not in (scenario.site / "site.toml").read_text(encoding="utf-8")


# --- builds from the copies --------------------------------------------------------------

def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kw: object) -> None:
        raise AssertionError("the build went to the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_a_build_from_the_copies_is_byte_identical_twice(
        scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    offline(monkeypatch)
    now = dt.datetime.now(dt.UTC)
    made = []
    for n in (1, 2):
        result = build(scenario.site, BuildOptions(now=now, output=tmp_path / f"out{n}"))
        assert result.ok, result.diagnostics
        made.append(contents(tmp_path / f"out{n}"))
    assert made[0] == made[1]
    assert any(rel.startswith("network/copies/") for rel in made[0])
    assert hostile_output(made[0]) == []


STEPS = ["changed", "withdrawn", "paged", "hostile", "500", "claims", "410"]


def test_incremental_is_clean_when_a_peers_catalogue_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with serving() as server:
        server.modes.update({"steady": "good", "changing": "good"})
        site = make_site(tmp_path, {
            "content/posts/2026-01-05-hello.md": "---\ntitle: Hello\n---\nHello.\n",
            "content/resources/mats/index.md": "---\ntitle: Mats\ndate: 2026-01-04\n"
                                               "subjects: [Maths]\nlevels: [KS2]\n---\nMats.\n"},
            config(server, ["steady", "changing"]))
        then = time.time() - 3600  # saved an hour ago: the build may trust the times
        for path in site.rglob("*"):
            os.utime(path, (then, then))
        fetch(site)
        now = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        first = build(site, BuildOptions(now=now, keep_cache=True))
        assert first.ok, first.diagnostics
        previous = {rel: body for rel, body in contents(out(site)).items()
                    if not rel.startswith("network/copies/")}
        for number, mode in enumerate(STEPS):
            server.modes["changing"] = mode
            fetch(site)
            again = build(site, BuildOptions(now=now, keep_cache=True))
            assert again.ok, again.diagnostics
            clean = tmp_path / f"clean{number}"
            fresh = build(site, BuildOptions(now=now, output=clean))
            assert fresh.ok, fresh.diagnostics
            incremental = contents(out(site))
            assert incremental == contents(clean), mode
            # each step changed the pages, but a failure (the last good copy stays); the
            # published copies change with every fetch (when it was fetched)
            pages = {rel: body for rel, body in incremental.items()
                     if not rel.startswith("network/copies/")}
            assert (pages == previous) == (mode == "500"), mode
            previous = pages
            copy = load(site, server, "changing")
            assert (copy is None) == (mode == "410")
        assert server.base("changing") + "resources/" not in \
            b"".join(contents(out(site)).values()).decode()
