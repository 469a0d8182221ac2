"""`sharesite check --remote` against real HTTP servers on 127.0.0.1: one that answers
byte ranges with the right length, one that ignores ranges, one with another length."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from support import run, write_files
from test_podcasts import VTT, episode_site

BODY = bytes(range(256)) * 40  # 10,240 bytes


class _Ranges(BaseHTTPRequestHandler):
    """Serves BODY; answers `Range: bytes=a-b` with 206 when the server allows it."""

    ranges = True

    def do_GET(self) -> None:  # the name http.server calls
        asked = self.headers.get("Range", "")
        if self.ranges and asked.startswith("bytes="):
            first, _, last = asked[6:].partition("-")
            part = BODY[int(first):int(last) + 1]
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {first}-{last}/{len(BODY)}")
            self.send_header("Accept-Ranges", "bytes")
        else:
            part = BODY
            self.send_response(200)
        self.send_header("Content-Type", "audio/mpeg")
        self.send_header("Content-Length", str(len(part)))
        self.end_headers()
        self.wfile.write(part)

    def log_message(self, *args: object) -> None:
        pass


class _NoRanges(_Ranges):
    ranges = False


@pytest.fixture
def servers() -> Iterator[dict[str, str]]:
    """Two servers on 127.0.0.1: "ranges" and "plain" (no range support)."""
    running = {}
    for name, handler in (("ranges", _Ranges), ("plain", _NoRanges)):
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running[name] = server
    yield {name: f"http://127.0.0.1:{s.server_address[1]}/talk.mp3"
           for name, s in running.items()}
    for server in running.values():
        server.shutdown()
        server.server_close()


def remote_site(tmp_path: Path, url: str, length: int) -> Path:
    site = episode_site(tmp_path)
    shutil.rmtree(site / "content/resources/teachmeet-recording")  # no host but the test's
    write_files(site, {
        "content/posts/2026-03-09-remote/index.md": f"""
            ---
            title: Remote talk
            audio: {{url: "{url}", length: {length}, duration: "0:05"}}
            transcript: words.vtt
            ---
            """,
        "content/posts/2026-03-09-remote/words.vtt": VTT,
    })
    return site


def _local(url: str) -> str:
    """Front matter wants https; the test's servers speak http: the address is put back."""
    return url.replace("http://", "https://", 1)


@pytest.fixture(autouse=True)
def _http_for_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """check --remote asks the https:// address the page gives; here that is the loopback
    server's, spoken over http (no certificates in a test)."""
    import httpx

    real = httpx.Client.stream

    def stream(self: httpx.Client, method: str, url: str, **kw: object):  # type: ignore[no-untyped-def]
        if url.startswith("https://127.0.0.1:"):
            url = "http://" + url[len("https://"):]
        return real(self, method, url, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(httpx.Client, "stream", stream)


def test_a_host_with_ranges_and_the_right_length_passes(tmp_path: Path,
                                                        servers: dict[str, str]) -> None:
    site = remote_site(tmp_path, _local(servers["ranges"]), len(BODY))
    result = run(site, "check", "--remote")
    assert result.exit_code == 0, result.stderr
    assert "no problems found" in result.stderr
    assert run(site, "check").exit_code == 0  # without --remote: nothing is asked


def test_a_host_without_ranges_is_an_error(tmp_path: Path, servers: dict[str, str]) -> None:
    url = _local(servers["plain"])
    site = remote_site(tmp_path, url, len(BODY))
    result = run(site, "check", "--remote")
    assert result.exit_code == 1
    assert f"content/posts/2026-03-09-remote/index.md:3: audio: {url} does not answer " \
           "byte-range requests (asked for bytes 0-0, it sent the whole file with status " \
           "200): podcast apps need them (host the file where byte ranges work: a GitHub " \
           "release asset does, or ask whoever runs the school's storage to allow Range " \
           "requests)" in result.lines


def test_a_wrong_length_is_an_error(tmp_path: Path, servers: dict[str, str]) -> None:
    url = _local(servers["ranges"])
    site = remote_site(tmp_path, url, 9999)
    result = run(site, "check", "--remote")
    assert result.exit_code == 1
    assert f"content/posts/2026-03-09-remote/index.md:3: audio: length is 9999, but {url} " \
           "is 10240 bytes (write length: 10240 (apps use it to download and to show " \
           "progress))" in result.lines
    assert run(site, "check").exit_code == 0  # only --remote asks the host
