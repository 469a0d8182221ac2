"""`sharesite network fetch` against real HTTP servers on 127.0.0.1: peers that behave, and
peers that are slow, hang, fail, lie, send too much or send hostile text. Each problem is
reported once with its reason, the last good copy stays, and the command exits 0.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from network_support import (
    CHECKSUM,
    ELM,
    MOVED_TO,
    Peers,
    body_for,
    hostile,
    network_json,
    resources_json,
    serving,
)
from support import BASE_URL, make_site, run, validate_against

from sharesite.peers import store

TIMEOUT = "1"  # seconds for one request: the slow and hanging peers cost about this much


@pytest.fixture(scope="module")
def server() -> Iterator[Peers]:
    with serving() as peers:
        yield peers


@pytest.fixture(autouse=True)
def _short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHARESITE_FETCH_TIMEOUT", TIMEOUT)


def site_with(tmp_path: Path, server: Peers, *names: str) -> Path:
    peers = "".join(f'\n[[network.peers]]\nname = "School {name}"\nurl = "{server.base(name)}"\n'
                    for name in names)
    return make_site(tmp_path, {}, config='title = "Hillside"\n'
                     'base_url = "https://hillside.example/site/"\n' + peers)


def fetch(site: Path, *args: str) -> tuple[int, str, list[str]]:
    """Exit code, stdout, and the report's lines about peers."""
    result = run(site, "network", "fetch", *args)
    lines = [line for line in (result.stderr + result.stdout).splitlines() if "peer " in line]
    return result.exit_code, result.stdout, lines


def copy(site: Path, server: Peers, name: str) -> store.Copy | None:
    return store.load(site.resolve(), server.base(name))


def test_a_good_peer_is_fetched_valid_and_kept(tmp_path: Path, server: Peers) -> None:
    base = server.base("good")
    validate_against(network_json(base), "network.schema.json")  # the fixtures are real
    validate_against(resources_json(base), "resources.schema.json")
    site = site_with(tmp_path, server, "good")
    code, out, lines = fetch(site)
    assert code == 0 and lines == []
    assert "Peers: 1 fetched, 0 not modified, 0 failed" in out
    kept = copy(site, server, "good")
    assert kept is not None and kept.name == "School good"
    assert kept.files["resources.json"]["resources"][0]["title"] == "Fraction Wall Mats"
    assert kept.files["network.json"]["school"]["name"] == "Oakfield Primary"
    assert kept.validators["resources.json"]["etag"]
    sent = [headers for path, headers in server.seen if path.startswith("/good/")]
    assert sent[0]["Accept-Encoding"] == "gzip"
    assert re.fullmatch(r"sharesite/\S+ \(\+https://hillside.example/site/\)",
                        sent[0]["User-Agent"])


def test_a_second_fetch_is_conditional_and_moves_almost_nothing(tmp_path: Path,
                                                                server: Peers) -> None:
    site = site_with(tmp_path, server, "cond")
    fetch(site)
    first = copy(site, server, "cond")
    before = len(server.seen)
    code, out, lines = fetch(site)
    assert code == 0 and lines == []
    assert "Peers: 0 fetched, 1 not modified, 0 failed; 0 bytes moved" in out
    again = [h for p, h in server.seen[before:] if p.startswith("/cond/")]
    # expertise.json, events.json: 404 (none), asked each time; the two files: conditional
    assert len(again) == 4 and all(h.get("If-None-Match") for h in again[:2])
    kept = copy(site, server, "cond")
    assert kept is not None and first is not None and kept.files == first.files
    server.modes["cond"] = "changed"  # a new resource: fetched again
    code, out, _ = fetch(site)
    assert "Peers: 1 fetched, 0 not modified" in out
    kept = copy(site, server, "cond")
    assert kept is not None and len(kept.files["resources.json"]["resources"]) == 2


def test_an_unchanged_copy_is_not_written_again_but_its_time_moves_on(
        tmp_path: Path, server: Peers) -> None:
    """A 304 for both files leaves the copy's file as it was and notes the new time beside
    it: the copy reads as fetched then (its freshness), and a later change writes it whole."""
    import datetime as dt

    from sharesite.config import load_config
    from sharesite.peers.fetch import fetch_network

    site = site_with(tmp_path, server, "unchanged")
    config, _ = load_config(site)
    day = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    fetch_network(config, now=lambda: day)
    path = store.path_for(config.root, server.base("unchanged"))
    written = path.read_bytes()
    report = fetch_network(config, now=lambda: day + dt.timedelta(days=3))
    assert report.count("not-modified") == 1
    assert path.read_bytes() == written  # not rewritten
    kept = copy(site, server, "unchanged")
    assert kept is not None and kept.fetched == "2026-12-04T09:00:00+00:00"
    fetch_network(config, now=lambda: day + dt.timedelta(days=5))  # noted again
    kept = copy(site, server, "unchanged")
    assert kept is not None and kept.fetched == "2026-12-06T09:00:00+00:00"
    assert path.read_bytes() == written
    server.modes["unchanged"] = "changed"
    fetch_network(config, now=lambda: day + dt.timedelta(days=6))
    kept = copy(site, server, "unchanged")
    assert kept is not None and kept.fetched == "2026-12-07T09:00:00+00:00"
    assert len(kept.files["resources.json"]["resources"]) == 2
    store.remove(config.root, server.base("unchanged"))
    assert not path.exists() and not path.with_suffix(".fetched").exists()


FAILURES = [
    ("slow", "network.json: not all sent within 1 s"),
    ("hang", "network.json: no answer within 1 s"),
    ("500", "network.json: HTTP 500 Internal Server Error"),
    ("404", "network.json: HTTP 404 Not Found"),
    ("invalid", "network.json is not valid JSON"),
    ("version", "network.json is version 2, not 1"),
    ("huge", "network.json is too big (over 8,388,608 bytes)"),
    ("declared", "network.json is too big (104,857,600 bytes; at most 8,388,608 are read)"),
    ("many", "resources.json lists 5001 resources (at most 5000 are read)"),
    ("bomb", "network.json expands to more than 33,554,432 bytes (a gzip bomb?)"),
    ("busy-long", "network.json: busy (HTTP 429, retry after 3600 s)"),
    ("loop", "network.json: more than 3 redirects"),
    ("offsite", "network.json: http://far.example/network.json is not an https address"),
    ("mismatch", "network.json is the site 'https://someone-else.example/', not"),
]


@pytest.mark.parametrize(("mode", "reason"), FAILURES, ids=[m for m, _ in FAILURES])
def test_a_failing_peer_is_reported_once_and_its_last_good_copy_kept(
        tmp_path: Path, server: Peers, mode: str, reason: str) -> None:
    name = f"fail-{mode}"
    site = site_with(tmp_path, server, "fine", name)
    server.modes[name] = "good"
    assert fetch(site)[0] == 0
    good = copy(site, server, name)
    assert good is not None
    server.modes[name] = mode
    started = time.monotonic()
    code, out, lines = fetch(site)
    assert time.monotonic() - started < 5
    assert code == 0
    assert len(lines) == 1, lines
    day = good.fetched[:10]
    assert re.fullmatch(
        rf"site\.toml:8: peer School {name} \({re.escape(server.base(name))}\): "
        rf"{re.escape(reason)}.* \(its last good copy from {day} \d\d:\d\d UTC is kept\)",
        lines[0]), lines[0]
    assert "Peers: 0 fetched, 1 not modified, 1 failed" in out  # the other peer is fine
    assert copy(site, server, name) == good


def test_the_whole_step_has_a_deadline(tmp_path: Path, server: Peers,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHARESITE_FETCH_DEADLINE", "1.5")
    names = [f"deadline{n}" for n in range(6)]
    for name in names:
        server.modes[name] = "hang"
    site = site_with(tmp_path, server, *names)
    started = time.monotonic()
    code, out, lines = fetch(site)
    assert time.monotonic() - started < 2.5
    assert code == 0 and "0 fetched, 0 not modified, 6 failed" in out
    assert len(lines) == 6
    assert any("the step's time limit (1.5 s) ran out" in line for line in lines), lines


def test_a_peer_that_comes_back_is_fetched_again(tmp_path: Path, server: Peers) -> None:
    site = site_with(tmp_path, server, "back")
    fetch(site)
    server.modes["back"] = "404"
    assert "1 failed" in fetch(site)[1]
    server.modes["back"] = "changed"
    code, out, lines = fetch(site)
    assert code == 0 and lines == [] and "1 fetched" in out


def test_a_peer_that_fails_with_no_copy_says_so(tmp_path: Path, server: Peers) -> None:
    server.modes["never"] = "500"
    site = site_with(tmp_path, server, "never")
    code, _, lines = fetch(site)
    assert code == 0 and len(lines) == 1
    assert lines[0].endswith("(there is no earlier copy to use)")


def test_a_gone_peer_is_removed(tmp_path: Path, server: Peers) -> None:
    site = site_with(tmp_path, server, "gone")
    fetch(site)
    assert copy(site, server, "gone") is not None
    server.modes["gone"] = "410"
    code, out, lines = fetch(site)
    assert code == 0 and "1 gone" in out
    assert lines == [f"site.toml:4: peer School gone ({server.base('gone')}): network.json: "
                     "gone (HTTP 410) (its last good copy is removed)"]
    assert copy(site, server, "gone") is None


def test_a_busy_peer_is_asked_again_after_retry_after(tmp_path: Path, server: Peers) -> None:
    server.modes["busy"] = "busy"
    site = site_with(tmp_path, server, "busy")
    code, out, lines = fetch(site)
    assert code == 0 and lines == [] and "1 fetched" in out


def test_a_resource_claiming_another_sites_address_is_left_out(tmp_path: Path,
                                                               server: Peers) -> None:
    server.modes["claims"] = "claims"
    site = site_with(tmp_path, server, "claims")
    code, out, lines = fetch(site)
    assert code == 0 and "1 fetched" in out
    assert len(lines) == 1
    assert "1 resource left out: resource 2: its id 'https://other.example/resources/x/' " \
           "is not an address on the peer's own site" in lines[0]
    kept = copy(site, server, "claims")
    assert kept is not None
    assert [r["title"] for r in kept.files["resources.json"]["resources"]] == \
        ["Fraction Wall Mats"]


def test_hostile_strings_are_cleaned(tmp_path: Path, server: Peers) -> None:
    server.modes["hostile"] = "hostile"
    site = site_with(tmp_path, server, "hostile")
    code, _, lines = fetch(site)
    assert code == 0
    assert len(lines) == 1 and "its url 'javascript:alert(1)' is not an address" in lines[0]
    kept = copy(site, server, "hostile")
    assert kept is not None
    [entry] = kept.files["resources.json"]["resources"]
    assert len(entry["title"]) <= 300 and entry["title"].startswith("<script>alert(1)</script>")
    assert len(entry["summary"]) <= 2000
    assert entry["authors"] == [{"name": "Mallory", "url": None}]
    assert entry["subjects"] == ["<b>maths</b>"]
    assert entry["cover"] is None and entry["licence"]["url"] is None
    assert not [s for s in strings(kept.files) if re.search(r"[\x00-\x1f\x7f-\x9f\u202e]", s)]
    every = json.dumps(kept.files, ensure_ascii=False)
    assert "javascript:" not in every and "data:" not in every


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


def test_requests_to_one_host_are_at_most_two_at_once(tmp_path: Path, server: Peers) -> None:
    names = [f"pause{n}" for n in range(6)]
    for name in names:
        server.modes[name] = "pause"
    site = site_with(tmp_path, server, *names)
    server.most_active = 0
    code, out, _ = fetch(site)
    assert code == 0 and "6 fetched" in out
    assert server.most_active == 2


def test_plain_http_is_refused_except_on_loopback(tmp_path: Path) -> None:
    site = make_site(tmp_path, {}, config='title = "H"\nbase_url = "https://h.example/"\n\n'
                     '[[network.peers]]\nname = "Far"\nurl = "http://far.example/"\n')
    code, _, lines = fetch(site)
    assert code == 0
    assert lines == ["site.toml:4: peer Far (http://far.example/): network.json: "
                     "http://far.example/network.json is not an https address (only https is "
                     "fetched) (there is no earlier copy to use)"]


def test_github_format_prints_annotations(tmp_path: Path, server: Peers) -> None:
    server.modes["annotated"] = "500"
    site = site_with(tmp_path, server, "annotated")
    result = run(site, "network", "fetch", "--format", "github")
    assert result.exit_code == 0
    assert result.stdout.startswith("::warning file=site.toml,line=4,title=sharesite warning::"
                                    "peer School annotated")


def test_no_peers_and_a_bad_site_toml(tmp_path: Path) -> None:
    site = make_site(tmp_path, {}, config='title = "H"\nbase_url = "https://h.example/"\n')
    result = run(site, "network", "fetch")
    assert result.exit_code == 0 and "names no peers" in result.stdout
    (site / "site.toml").write_text('title = "H"\nbase_url = "https://h.example/"\n\n'
                                    '[[network.peers]]\nname = "X"\nurl = "ftp://x/"\n')
    assert run(site, "network", "fetch").exit_code == 2


# --- what peers tell: moves, tombstones, parts, checksums, their own peers --------------------

def test_a_peer_in_this_repository_is_not_fetched(tmp_path: Path, server: Peers) -> None:
    site = site_with(tmp_path, server, "fetched-too")
    with (site / "site.toml").open("a", encoding="utf-8") as config:
        config.write(f'\n[[network.peers]]\nname = "Elm"\nurl = "{server.base("local")}"\n'
                     'source = "examples/elm"\n')
    code, out, lines = fetch(site)
    assert code == 0 and lines == []
    assert "Peers: 1 fetched, 0 not modified, 0 failed, 1 built from its folder in this " \
           "repository (not fetched);" in out
    assert server.asked("local") == [] and server.asked("fetched-too")
    assert copy(site, server, "local") is None


def test_a_moved_peer_is_told_once_a_fetch_and_kept_at_its_address(tmp_path: Path,
                                                                   server: Peers) -> None:
    server.modes["moving"] = "moved"
    site = site_with(tmp_path, server, "moving")
    told = (f"site.toml:4: peer School moving ({server.base('moving')}) says it has moved to "
            f"{MOVED_TO} (change its url in site.toml to {MOVED_TO})")
    for state in ("1 fetched", "1 not modified"):  # and again when nothing changed
        code, out, lines = fetch(site)
        assert code == 0 and state in out
        assert lines == [told]
    kept = copy(site, server, "moving")
    assert kept is not None and kept.files["network.json"]["moved_to"] == MOVED_TO
    assert all(path.startswith("/moving/") for path, _ in server.seen if "moving" in path)


def test_a_moved_peer_that_fails_says_both_in_one_line(tmp_path: Path, server: Peers) -> None:
    server.modes["moved-away"] = "moved"
    site = site_with(tmp_path, server, "moved-away")
    fetch(site)
    server.modes["moved-away"] = "404"
    code, _, lines = fetch(site)
    assert code == 0 and len(lines) == 1
    assert f"says it has moved to {MOVED_TO} (change its url in site.toml to {MOVED_TO}); " \
           "network.json: HTTP 404 Not Found (its last good copy from" in lines[0]


def test_a_moved_to_that_is_no_site_address_is_dropped(tmp_path: Path, server: Peers) -> None:
    server.modes["fake-move"] = "hostile"  # moved_to "javascript:alert(1)//"
    site = site_with(tmp_path, server, "fake-move")
    _, _, lines = fetch(site)
    assert not any("moved" in line for line in lines)
    kept = copy(site, server, "fake-move")
    assert kept is not None and "moved_to" not in kept.files["network.json"]


def test_a_withdrawn_resource_is_dropped_at_once(tmp_path: Path, server: Peers) -> None:
    validate_against(json.loads(body_for(server, "w", "resources.json", "withdrawn")),
                     "resources.schema.json")
    server.modes["tomb"] = "changed"
    site = site_with(tmp_path, server, "tomb")
    fetch(site)
    kept = copy(site, server, "tomb")
    assert kept is not None and len(kept.files["resources.json"]["resources"]) == 2
    server.modes["tomb"] = "withdrawn"  # still listed, and withdrawn
    code, out, lines = fetch(site)
    assert code == 0 and lines == [] and "1 fetched" in out
    kept = copy(site, server, "tomb")
    assert kept is not None
    catalogue = kept.files["resources.json"]
    assert [r["id"] for r in catalogue["resources"]] == \
        [server.base("tomb") + "resources/fraction-wall-mats/"]
    # a tombstone for another site's resource is not kept
    assert catalogue["withdrawn"] == [{"id": server.base("tomb") + "resources/times-tables/",
                                       "date": "2026-02-01"}]


def test_a_catalogue_in_parts_is_read_whole(tmp_path: Path, server: Peers) -> None:
    for file in ("resources.json", "resources-2.json", "resources-3.json"):
        validate_against(json.loads(body_for(server, "p", file, "paged")),
                         "resources.schema.json")
    server.modes["paged"] = "paged"
    site = site_with(tmp_path, server, "paged")
    code, out, lines = fetch(site)
    assert code == 0 and lines == [] and "1 fetched" in out
    assert server.asked("paged") == ["network.json", "resources.json", "resources-2.json",
                                     "resources-3.json", "expertise.json", "events.json"]
    kept = copy(site, server, "paged")
    assert kept is not None
    catalogue = kept.files["resources.json"]
    assert [r["title"] for r in catalogue["resources"]] == [
        "Part One 1", "Part One 2", "Part Two 1", "Part Two 2", "Part Three 1"]
    assert "next" not in catalogue and "total" not in catalogue
    # the first part decides: unchanged, the whole catalogue is kept without the others
    before = len(server.seen)
    code, out, _ = fetch(site)
    assert "1 not modified" in out
    assert server.asked("paged", before) == ["network.json", "resources.json",
                                             "expertise.json", "events.json"]
    again = copy(site, server, "paged")
    assert again is not None and again.files == kept.files


PART_FAILURES = [
    ("paged-broken", "resources-3.json: HTTP 500 Internal Server Error"),
    ("paged-offsite", "resources.json: its next part 'https://other.example/resources-2.json' "
                      "is not an address on the peer's own site"),
    ("paged-loop", "resources.json: the catalogue's parts go round in a loop"),
    ("paged-long", "resources.json has more than 50 parts (at most 50 are read)"),
    ("paged-heavy", "resources-3.json: the catalogue's parts list more than 5000 resources "
                    "(at most 5000 are read)"),
]


@pytest.mark.parametrize(("mode", "reason"), PART_FAILURES, ids=[m for m, _ in PART_FAILURES])
def test_a_bad_part_fails_the_peer_and_keeps_its_last_good_copy(
        tmp_path: Path, server: Peers, mode: str, reason: str) -> None:
    site = site_with(tmp_path, server, mode)
    fetch(site)
    good = copy(site, server, mode)
    assert good is not None
    server.modes[mode] = mode
    code, out, lines = fetch(site)
    assert code == 0 and "1 failed" in out
    assert lines == [f"site.toml:4: peer School {mode} ({server.base(mode)}): {reason} "
                     f"(its last good copy from {good.fetched[:10]} {good.fetched[11:16]} "
                     "UTC is kept)"]
    assert copy(site, server, mode) == good
    asked = server.asked(mode)
    assert len(asked) <= 2 + 3 + 50 and asked.count("resources-2.json") <= 1


def test_checksums_are_kept_only_when_they_are_checksums(tmp_path: Path,
                                                         server: Peers) -> None:
    server.modes["sums"] = "checksums"
    site = site_with(tmp_path, server, "sums")
    fetch(site)
    kept = copy(site, server, "sums")
    assert kept is not None
    files = kept.files["resources.json"]["resources"][0]["files"]
    assert [f.get("sha256") for f in files] == [CHECKSUM, None, None]
    assert "sha256" not in files[1] and "sha256" not in files[2]


SUGGESTION_LINES = [
    "Schools your peers work with (not added; add one to [[network.peers]] to follow it):",
    f"  Elm Primary — {ELM} (listed by School lister, School moved-too)",
    "  Ash Academy — https://ash.example/site/ (listed by School lister)",
]


def test_the_peers_of_peers_are_suggested_never_added(tmp_path: Path, server: Peers) -> None:
    server.modes.update({"lister": "lister", "moved-too": "moved"})
    site = make_site(tmp_path, {}, config=f'title = "Hillside"\nbase_url = "{BASE_URL}"\n'
                     '\n[network]\nblock = ["https://spam.example/"]\n' + "".join(
                         f'\n[[network.peers]]\nname = "School {name}"\n'
                         f'url = "{server.base(name)}"\n'
                         for name in ("normal", "lister", "moved-too")))
    result = run(site, "network", "fetch")
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert out[0].startswith("Peers: 3 fetched")
    assert out[1:] == SUGGESTION_LINES  # not the peer it has, itself, the blocked, the bad
    assert "Elm" not in (site / "site.toml").read_text(encoding="utf-8")
    result = run(site, "network", "fetch", "--format", "github")
    [notice] = [line for line in result.stdout.splitlines() if line.startswith("::notice")]
    assert notice == "::notice title=sharesite suggestion::" + "%0A".join(SUGGESTION_LINES)
    assert "::warning" not in result.stdout.replace(
        "::warning file=site.toml,line=15,title=sharesite warning::peer School moved-too", "")


def test_suggestions_are_ordered_and_at_most_twenty_shown(tmp_path: Path,
                                                           server: Peers) -> None:
    from sharesite.config import load_config
    from sharesite.peers.fetch import Outcome, suggestions

    server.modes["crowd"] = "crowd"  # lists 25 schools
    site = site_with(tmp_path, server, "crowd")
    result = run(site, "network", "fetch")
    shown = result.stdout.splitlines()[2:]
    assert [line.split(" — ")[0] for line in shown[:21]] == \
        [f"  School {n:02}" for n in range(20)] + ["  and 5 more"]
    assert len(shown) == 21

    config, _ = load_config(site)
    a = config.network.peers[0]
    b = replace(a, name="B", url="https://b.example/")
    found = suggestions(config, [
        Outcome(a, "fetched", listed=(("Zed", "https://z.example/"),
                                      ("Yew", "https://yew.example/"))),
        Outcome(b, "fetched", listed=(("Zed again", "https://Z.example"),
                                      ("Ash", "https://ash.example/"),
                                      ("Crowd", server.base("crowd")),
                                      ("Us", "https://hillside.example/site/")))])
    assert [(s.name, s.listed_by) for s in found] == [
        ("Zed", ("School crowd", "B")), ("Ash", ("B",)), ("Yew", ("School crowd",))]


def test_a_hub_fetches_more_at_once_for_longer(tmp_path: Path, server: Peers,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from sharesite.peers.fetch import Limits

    monkeypatch.delenv("SHARESITE_FETCH_TIMEOUT")
    hub, site = Limits.from_environment(hub=True), Limits.from_environment()
    assert (hub.workers, hub.deadline, hub.per_host) == (16, 600.0, 2)
    assert (site.workers, site.deadline, site.per_host) == (8, 120.0, 2)
    monkeypatch.setenv("SHARESITE_FETCH_DEADLINE", "30")
    assert Limits.from_environment(hub=True).deadline == 30
    # a hub's members are fetched, and told about at their line in the registry
    names = [f"member{n}" for n in range(20)]
    for name in names:
        server.modes[name] = "pause"
    server.modes["member7"] = "500"
    members = "".join(f'[[members]]\nname = "School {name}"\nurl = "{server.base(name)}"\n\n'
                      for name in names)
    root = make_site(tmp_path, {"members.toml": members},
                     config='title = "Hub"\nbase_url = "https://hub.example/"\n\n'
                     '[network]\nhub = true\nregistry = "members.toml"\n')
    server.most_active = 0
    code, out, lines = fetch(root)
    assert code == 0 and "19 fetched, 0 not modified, 1 failed" in out
    assert lines == [f"members.toml:29: peer School member7 ({server.base('member7')}): "
                     "network.json: HTTP 500 Internal Server Error (there is no earlier copy "
                     "to use)"]
    assert server.most_active == 2  # one host: still two at once


# --- the last-good copies the site publishes, and a fetch whose cache was lost -------------

OWN_REQUESTS: dict[Path, list[str]] = {}  # what each published own site was asked


@pytest.fixture
def own_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """This site as published: its address (on loopback) and the folder served there."""
    folder = tmp_path / "published"
    folder.mkdir()

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            asked.append(self.path)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    asked: list[str] = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    OWN_REQUESTS[folder] = asked
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", folder
    httpd.shutdown()
    httpd.server_close()


def publish(site: Path, base_url: str, folder: Path) -> None:
    post = site / "content" / "posts" / "2026-01-05-hello.md"
    post.parent.mkdir(parents=True, exist_ok=True)
    post.write_text("---\ntitle: Hello\n---\nHello.\n", encoding="utf-8")
    result = run(site, "build", "--base-url", base_url, "--output", str(folder))
    assert result.exit_code == 0, result.stderr


def test_an_evicted_cache_is_restored_from_the_published_copy(
        tmp_path: Path, server: Peers, own_site: tuple[str, Path]) -> None:
    base_url, folder = own_site
    site = site_with(tmp_path, server, "restored")
    assert fetch(site, "--base-url", base_url)[0] == 0
    first = copy(site, server, "restored")
    assert first is not None
    publish(site, base_url, folder)
    name = store.file_name(server.base("restored"))
    published = folder / "network" / "copies" / name
    assert json.loads(published.read_text(encoding="utf-8"))["files"] == first.files
    listed = json.loads((folder / "network.json").read_text(encoding="utf-8"))["peers"]
    assert listed == [{"name": "School restored", "url": server.base("restored"),
                       "copy": f"{base_url}network/copies/{name}"}]
    validate_against(json.loads((folder / "network.json").read_text(encoding="utf-8")),
                     "network.schema.json")

    assert store.remove(site.resolve(), server.base("restored"))  # the Actions cache evicted
    before = len(server.seen)
    code, out, lines = fetch(site, "--base-url", base_url)
    assert code == 0 and lines == []
    assert "Peers: 0 fetched, 1 not modified, 0 failed" in out  # the peer answered 304
    asked = [h for p, h in server.seen[before:] if p.startswith("/restored/")]
    assert len(asked) == 4 and all(h.get("If-None-Match") for h in asked[:2])
    kept = copy(site, server, "restored")
    assert kept is not None and kept.files == first.files


def test_a_missing_or_tampered_published_copy_is_silent_or_cleaned(
        tmp_path: Path, server: Peers, own_site: tuple[str, Path]) -> None:
    base_url, folder = own_site
    server.modes["lost"] = "500"
    site = site_with(tmp_path, server, "lost")
    code, _, lines = fetch(site, "--base-url", base_url)  # nothing published: as before
    assert code == 0 and len(lines) == 1 and "there is no earlier copy" in lines[0]
    # the site's own network.json is asked for once, not a copy for each lost peer
    assert OWN_REQUESTS[folder] == ["/network.json"]

    base = server.base("lost")
    tampered = {"format": 1, "url": base, "name": "School lost",
                "fetched": "2026-01-05T12:00:00+00:00",
                "validators": {"resources.json": {"etag": '"x\x00y"'}},
                "files": {"network.json": network_json(base),
                          "resources.json": resources_json(base, hostile(base))}}
    target = folder / "network" / "copies" / store.file_name(base)
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(tampered), encoding="utf-8")
    # the site's network.json lists the copies it publishes: only those are asked for
    (folder / "network.json").write_text(json.dumps({"peers": [
        {"name": "School lost", "url": base,
         "copy": f"{base_url}network/copies/{store.file_name(base)}"}]}), encoding="utf-8")
    code, _, lines = fetch(site, "--base-url", base_url)
    assert code == 0 and len(lines) == 1
    assert "its last good copy from 2026-01-05 12:00 UTC is kept" in lines[0]
    kept = copy(site, server, "lost")
    assert kept is not None and kept.validators["resources.json"] == {"etag": '"x y"'}
    [entry] = kept.files["resources.json"]["resources"]
    assert entry["authors"] == [{"name": "Mallory", "url": None}]
    every = json.dumps(kept.files, ensure_ascii=False)
    assert "javascript:" not in every and "data:" not in every


def test_the_published_copy_holds_only_cleaned_data(
        tmp_path: Path, server: Peers, own_site: tuple[str, Path]) -> None:
    base_url, folder = own_site
    server.modes["hostile-published"] = "hostile"
    site = site_with(tmp_path, server, "hostile-published")
    fetch(site)
    publish(site, base_url, folder)
    kept = copy(site, server, "hostile-published")
    assert kept is not None
    text = (folder / "network" / "copies" /
            store.file_name(server.base("hostile-published"))).read_text(encoding="utf-8")
    assert json.loads(text)["files"] == kept.files
    assert "<" not in text and ">" not in text and "&" not in text
    assert "javascript:" not in text and "data:" not in text
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202e]", text.rstrip("\n"))


def test_the_copies_folder_is_the_same_in_both_layers() -> None:
    from sharesite.site.urls import Urls

    assert Urls.network_copy("x.json") == store.PUBLISHED + "x.json"
