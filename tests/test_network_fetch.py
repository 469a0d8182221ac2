"""`sharesite network fetch` against real HTTP servers on 127.0.0.1: peers that behave, and
peers that are slow, hang, fail, lie, send too much or send hostile text. Each problem is
reported once with its reason, the last good copy stays, and the command exits 0.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from support import make_site, run, validate_against

from sharesite.peers import store

TIMEOUT = "1"  # seconds for one request: the slow and hanging peers cost about this much


class Peers(ThreadingHTTPServer):
    """Many peer sites on one loopback server: /NAME/network.json and /NAME/resources.json,
    each NAME behaving as `modes[NAME]` says."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.modes: dict[str, str] = {}
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.active = 0
        self.most_active = 0
        self.lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up on a hanging peer: nothing to report

    def base(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{name}/"


def network_json(base: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": 1, "generator": "sharesite 0.1.0",
        "site": {"title": "Oakfield", "url": base, "description": "", "language": "en-GB"},
        "school": {"name": "Oakfield Primary", "phase": "primary", "region": None,
                   "local_authority": None, "website": None},
        "peers": [],
        "links": {"resources": base + "resources.json", "feed_json": base + "feed.json",
                  "feed_atom": base + "feed.xml", "peers_opml": base + "peers.opml"},
    }
    return {**data, **changes}


def resource(base: str, slug: str, **changes: Any) -> dict[str, Any]:
    url = f"{base}resources/{slug}/"
    data: dict[str, Any] = {
        "id": url, "url": url, "title": slug.replace("-", " ").title(), "summary": "Mats.",
        "published": "2026-01-05T12:00:00+00:00", "updated": "2026-01-05T12:00:00+00:00",
        "authors": [{"name": "Ms Patel", "url": base + "authors/ms-patel/"}],
        "subjects": ["maths"], "levels": ["KS2"], "type": "worksheet", "duration": None,
        "tags": [], "credit": "Fraction wall mats by Ms Patel, CC BY 4.0",
        "licence": {"id": "CC-BY-4.0", "name": "Creative Commons Attribution 4.0",
                    "url": "https://creativecommons.org/licenses/by/4.0/"},
        "files": [{"title": "Mats (PDF)", "url": url + "mats.pdf", "size": 2300,
                   "media_type": "application/pdf"}],
        "adapted_from": [], "cover": None,
    }
    return {**data, **changes}


def resources_json(base: str, resources: list[dict[str, Any]] | None = None,
                   **changes: Any) -> dict[str, Any]:
    data = {"version": 1, "generator": "sharesite 0.1.0",
            "site": {"title": "Oakfield", "url": base, "description": "", "language": "en-GB"},
            "updated": "2026-01-05T12:00:00+00:00",
            "resources": [resource(base, "fraction-wall-mats")] if resources is None
            else resources}
    return {**data, **changes}


HOSTILE_TITLE = "<script>alert(1)</script>\x00\x1b[31m\u202e" + "x" * 10_000


def hostile(base: str) -> list[dict[str, Any]]:
    return [
        resource(base, "fraction-wall-mats", title=HOSTILE_TITLE,
                 summary="<img src=x onerror=alert(1)>\r\nline\x07two" + "y" * 5000,
                 authors=[{"name": "Mallory\x00", "url": "javascript:alert(1)"}],
                 subjects=["<b>maths</b>\x0b"],
                 cover={"url": "data:image/svg+xml,<svg onload=alert(1)>", "alt": "x"},
                 licence={"id": "CC-BY-4.0", "name": "CC", "url": "javascript:alert(1)"}),
        resource(base, "evil", url="javascript:alert(1)"),
    ]


def body_for(server: Peers, name: str, file: str, mode: str) -> bytes:
    base = server.base(name)
    if file == "network.json":
        data = network_json(base, version=2) if mode == "version" else \
            network_json("https://someone-else.example/") if mode == "mismatch" else \
            network_json(base)
    elif mode == "claims":
        data = resources_json(base, [resource(base, "fraction-wall-mats"),
                                     resource(base, "stolen",
                                              id="https://other.example/resources/x/")])
    elif mode == "many":
        data = resources_json(base, [{}] * 5001)
    elif mode == "hostile":
        data = resources_json(base, hostile(base))
    elif mode == "changed":
        data = resources_json(base, [resource(base, "fraction-wall-mats"),
                                     resource(base, "times-tables")])
    else:
        data = resources_json(base)
    return json.dumps(data).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Peers

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        server = self.server
        _, name, file = self.path.split("/", 2)
        mode = server.modes.get(name, "good")
        counted = mode == "pause"  # how many at once, among the pausing peers only
        with server.lock:
            server.seen.append((self.path, dict(self.headers.items())))
            server.active += counted
            server.most_active = max(server.most_active, server.active)
        try:
            self.answer(server, name, file, mode)
        finally:
            with server.lock:
                server.active -= counted

    def answer(self, server: Peers, name: str, file: str, mode: str) -> None:
        if mode in ("500", "404", "410"):
            return self.plain(int(mode), b"no")
        if mode == "hang":
            time.sleep(3)
            return self.plain(200, b"{}")
        if mode == "invalid":
            return self.plain(200, b'{"version": 1, "site": ')
        if mode == "offsite":  # to plain http elsewhere: refused before it is asked
            self.send_response(301)
            self.send_header("Location", "http://far.example/network.json")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if mode == "busy-long":  # back in an hour: longer than sharesite waits
            self.send_response(429)
            self.send_header("Retry-After", "3600")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if mode == "loop":
            self.send_response(302)
            self.send_header("Location", self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if mode == "huge":  # no Content-Length: 9 MiB until the connection closes
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b" " * (1024 * 1024)
            try:
                for _ in range(9):
                    self.wfile.write(chunk)
            except OSError:
                pass
            self.close_connection = True
            return None
        if mode == "declared":  # says it is 100 MB (and is cut off)
            self.send_response(200)
            self.send_header("Content-Length", str(100 * 1024 * 1024))
            self.end_headers()
            self.wfile.write(b"{")
            self.close_connection = True
            return None
        if mode == "bomb":
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(BOMB)))
            self.end_headers()
            self.wfile.write(BOMB)
            return None
        if mode == "busy" and not any(f"/{name}/" in p for p, _ in server.seen[:-1]):
            self.send_response(503)
            self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        body = body_for(server, name, file, mode)
        if mode == "slow":  # the headers at once, then a byte every 0.3 s
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for byte in body[:8]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.3)
            except OSError:
                pass
            self.close_connection = True
            return None
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        if mode == "pause":
            time.sleep(0.2)
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
        else:
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def plain(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # 64 MiB in ~64 KB


@pytest.fixture(scope="module")
def server() -> Iterator[Peers]:
    peers = Peers()
    thread = threading.Thread(target=peers.serve_forever, daemon=True)
    thread.start()
    yield peers
    peers.shutdown()
    peers.server_close()


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
    assert len(again) == 2 and all(h.get("If-None-Match") for h in again)
    kept = copy(site, server, "cond")
    assert kept is not None and first is not None and kept.files == first.files
    server.modes["cond"] = "changed"  # a new resource: fetched again
    code, out, _ = fetch(site)
    assert "Peers: 1 fetched, 0 not modified" in out
    kept = copy(site, server, "cond")
    assert kept is not None and len(kept.files["resources.json"]["resources"]) == 2


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


# --- the last-good copies the site publishes, and a fetch whose cache was lost -------------

@pytest.fixture
def own_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """This site as published: its address (on loopback) and the folder served there."""
    folder = tmp_path / "published"
    folder.mkdir()

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
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
    assert len(asked) == 2 and all(h.get("If-None-Match") for h in asked)
    kept = copy(site, server, "restored")
    assert kept is not None and kept.files == first.files


def test_a_missing_or_tampered_published_copy_is_silent_or_cleaned(
        tmp_path: Path, server: Peers, own_site: tuple[str, Path]) -> None:
    base_url, folder = own_site
    server.modes["lost"] = "500"
    site = site_with(tmp_path, server, "lost")
    code, _, lines = fetch(site, "--base-url", base_url)  # nothing published: as before
    assert code == 0 and len(lines) == 1 and "there is no earlier copy" in lines[0]

    base = server.base("lost")
    tampered = {"format": 1, "url": base, "name": "School lost",
                "fetched": "2026-01-05T12:00:00+00:00",
                "validators": {"resources.json": {"etag": '"x\x00y"'}},
                "files": {"network.json": network_json(base),
                          "resources.json": resources_json(base, hostile(base))}}
    target = folder / "network" / "copies" / store.file_name(base)
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(tampered), encoding="utf-8")
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
