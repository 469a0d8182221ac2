"""Peer sites for the network tests: one real HTTP server on 127.0.0.1 serving many peers
(/NAME/network.json, /NAME/resources.json and its parts), each behaving as its mode says,
and the JSON a well-behaved peer publishes. Used by test_network_fetch.py and
test_network_hostile.py.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from support import BASE_URL

ELM = "https://elm.example/"  # schools peers list as their own peers (never served)
ASH = "https://ash.example/site/"
SPAM = "https://spam.example/"  # blocked by the sites that list it in network.block
MOVED_TO = "https://new-home.example/school/"
CHECKSUM = hashlib.sha256(b"mats").hexdigest()


class Peers(ThreadingHTTPServer):
    """Many peer sites on one loopback server: /NAME/network.json and /NAME/resources.json,
    each NAME behaving as `modes[NAME]` says. `seen` holds each request's path and headers,
    `answers` each answer's path and status."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.modes: dict[str, str] = {}
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.answers: list[tuple[str, int]] = []
        self.active = 0
        self.most_active = 0
        self.lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up on a hanging peer: nothing to report

    def base(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{name}/"

    def asked(self, name: str, since: int = 0) -> list[str]:
        """The files asked of peer `name` (after the first `since` requests)."""
        return [path.split("/", 2)[2] for path, _ in self.seen[since:]
                if path.startswith(f"/{name}/")]


@contextmanager
def serving() -> Iterator[Peers]:
    peers = Peers()
    thread = threading.Thread(target=peers.serve_forever, daemon=True)
    thread.start()
    try:
        yield peers
    finally:
        peers.shutdown()
        peers.server_close()


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


def hostile_network(base: str) -> dict[str, Any]:
    return network_json(
        base, generator="</script><script>alert(3)</script>",
        school={"name": "<script>alert(2)</script>\u202e Oak\x00field", "phase": "primary",
                "region": "<img src=x onerror=alert(1)>", "local_authority": None,
                "website": "javascript:alert(1)"},
        links={"feed_atom": "data:text/html,<script>alert(1)</script>",
               "resources": base + "resources.json"},
        moved_to="javascript:alert(1)//")


def listed_peers(server: Peers) -> list[dict[str, str]]:
    """What the lister peer names as its peers: a new school, one named twice over, a peer
    the site already has, the site itself, a blocked site and entries that are no site."""
    return [{"name": "Elm Primary", "url": ELM},
            {"name": "Ash Academy", "url": ASH},
            {"name": "Good again", "url": server.base("normal")},
            {"name": "Ourselves", "url": BASE_URL},
            {"name": "Spam", "url": SPAM + "x/"},
            {"name": "<script>x</script>", "url": "javascript:alert(1)/"},
            {"name": "", "url": "https://nameless.example/"}]


def parts(base: str, file: str, mode: str) -> dict[str, Any]:
    """A catalogue in parts: five resources in three (2 + 2 + 1); or, for "paged-long",
    one resource in each of 60 parts; or, for "paged-heavy", 2,000 in each of 3."""
    number = 1 if file == "resources.json" else int(file.split("-")[1].split(".")[0])
    count = 60 if mode == "paged-long" else 3
    if mode == "paged-long":
        slugs = [f"part-{number}"]
    elif mode == "paged-heavy":
        slugs = [f"part-{number}-{n}" for n in range(2000)]
    else:
        slugs = [[f"part-one-{n}" for n in (1, 2)], [f"part-two-{n}" for n in (1, 2)],
                 ["part-three-1"]][number - 1]
    changes: dict[str, Any] = {"total": 5} if number == 1 and mode == "paged" else {}
    if number < count:
        changes["next"] = f"{base}resources-{number + 1}.json"
    if mode == "paged-offsite" and number == 1:
        changes["next"] = "https://other.example/resources-2.json"
    if mode == "paged-loop" and number == 2:
        changes["next"] = base + "resources.json"
    return resources_json(base, [resource(base, slug) for slug in slugs], **changes)


def body_for(server: Peers, name: str, file: str, mode: str) -> bytes:
    base = server.base(name)
    data: dict[str, Any]
    if file == "network.json":
        data = network_json(base, version=2) if mode == "version" else \
            network_json("https://someone-else.example/") if mode == "mismatch" else \
            network_json(base, moved_to=MOVED_TO, peers=[{"name": "Elm Primary", "url": ELM}]) \
            if mode == "moved" else \
            network_json(base, peers=listed_peers(server)) if mode == "lister" else \
            network_json(base, peers=[{"name": f"School {n:02}", "url": f"https://s{n}.example/"}
                                      for n in reversed(range(25))]) if mode == "crowd" else \
            hostile_network(base) if mode == "hostile" else \
            network_json(base)
    elif mode.startswith("paged"):
        data = parts(base, file, mode)
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
    elif mode == "withdrawn":  # still listed, and withdrawn: the tombstone wins
        data = resources_json(base, [resource(base, "fraction-wall-mats"),
                                     resource(base, "times-tables")],
                              withdrawn=[{"id": f"{base}resources/times-tables/",
                                          "date": "2026-02-01"},
                                         {"id": "https://other.example/resources/x/",
                                          "date": "2026-02-01"}])
    elif mode == "checksums":
        url = f"{base}resources/fraction-wall-mats/"
        data = resources_json(base, [resource(base, "fraction-wall-mats", files=[
            {"title": "A", "url": url + "a.pdf", "size": 4, "media_type": "application/pdf",
             "sha256": CHECKSUM},
            {"title": "B", "url": url + "b.pdf", "size": 4, "media_type": "application/pdf",
             "sha256": CHECKSUM.upper()},
            {"title": "C", "url": url + "c.pdf", "size": 4, "media_type": "application/pdf",
             "sha256": "<script>"}])])
    else:
        data = resources_json(base)
    return json.dumps(data).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Peers

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_response(self, code: int, message: str | None = None) -> None:
        with self.server.lock:
            self.server.answers.append((self.path, code))
        super().send_response(code, message)

    def do_GET(self) -> None:
        server = self.server
        _, name, file = self.path.split("/", 2)
        mode = server.modes.get(name, "good")
        # how many at once, among the pausing peers only (not their quick 404s)
        counted = mode == "pause" and file not in ("expertise.json", "events.json")
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
        if file in ("expertise.json", "events.json"):  # no directory, no events (see the
            # tests of each: test_expertise_network, test_events_network)
            return self.plain(404, b"no")
        if mode in ("500", "404", "410"):
            return self.plain(int(mode), b"no")
        if mode == "paged-broken" and file == "resources-3.json":
            return self.plain(500, b"no")
        if mode == "hang":  # accepts, and answers only after sharesite has given up
            time.sleep(3)
            return self.plain(200, b"{}")
        if mode == "invalid":
            return self.plain(200, b'{"version": 1, "site": ')
        if mode == "offsite":  # to plain http elsewhere: refused before it is asked
            return self.redirect(301, "http://far.example/network.json")
        if mode == "busy-long":  # back in an hour: longer than sharesite waits
            self.send_response(429)
            self.send_header("Retry-After", "3600")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if mode == "loop":
            return self.redirect(302, self.path)
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

    def redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # 64 MiB in ~64 KB
