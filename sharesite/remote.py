"""`sharesite check --remote`: are the episodes hosted elsewhere what their pages say?

A feed's enclosure must give the file's exact length, and its host must answer byte-range
requests: podcast apps fetch a recording in pieces (to start playing at once, to skip, to
resume a download), and Apple refuses a show whose host does not. Front matter gives the
length (`audio: {url, length, duration}`); this asks the host. Only this command goes to
the network for it: `build` and `serve` never do (a school's CI runs `check --remote`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import httpx

from sharesite.errors import Diagnostic, error

TIMEOUT = httpx.Timeout(20.0, connect=10.0)
_HINT_RANGE = ("host the file where byte ranges work: a GitHub release asset does, or ask "
               "whoever runs the school's storage to allow Range requests")


@dataclass(frozen=True)
class RemoteAudio:
    """A recording hosted elsewhere, as front matter gives it (`site.podcasts.remote_audio`
    lists a site's)."""

    path: str  # the page's file, as messages show it ("content/posts/x/index.md")
    line: int  # of its `audio:`
    url: str
    length: int  # bytes, as front matter says


def check_remote(recordings: Iterable[RemoteAudio],
                 client: httpx.Client | None = None) -> list[Diagnostic]:
    """A problem for each recording whose host gives another length than its front matter,
    does not answer a byte-range request, or cannot be reached."""
    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT, follow_redirects=True,
                                    headers={"User-Agent": "sharesite check --remote"})
    problems: list[Diagnostic] = []
    try:
        for audio in recordings:
            problems += _check(client, audio.path, audio.line, audio.url, audio.length)
    finally:
        if own:
            client.close()
    return problems


def _check(client: httpx.Client, path: str, line: int, url: str,
           length: int) -> list[Diagnostic]:
    try:
        # One request answers both questions: bytes 0-0 (a 206 carries the whole length in
        # Content-Range) rather than HEAD, which some hosts answer differently from GET.
        with client.stream("GET", url, headers={"Range": "bytes=0-0",
                                                "Accept-Encoding": "identity"}) as response:
            status = response.status_code
            content_range = response.headers.get("Content-Range", "")
            declared = response.headers.get("Content-Length", "")
    except httpx.HTTPError as exc:
        return [error(path, line, f"audio: {url} cannot be fetched ({type(exc).__name__}: "
                      f"{exc})", "check the address; the file must be public")]
    if status == 206:
        total = content_range.rpartition("/")[2]
        if not total.isdigit():
            return [error(path, line, f"audio: {url} answered a byte-range request without "
                          f"saying the file's length (Content-Range: {content_range!r})",
                          _HINT_RANGE)]
        if int(total) != length:
            return [_wrong_length(path, line, url, int(total), length)]
        return []
    if status >= 400:
        return [error(path, line, f"audio: {url} answered {status}",
                      "check the address; the file must be public")]
    problems = [error(path, line, f"audio: {url} does not answer byte-range requests (asked "
                      f"for bytes 0-0, it sent the whole file with status {status}): podcast "
                      "apps need them", _HINT_RANGE)]
    if declared.isdigit() and int(declared) != length:
        problems.append(_wrong_length(path, line, url, int(declared), length))
    return problems


def _wrong_length(path: str, line: int, url: str, actual: int, length: int) -> Diagnostic:
    return error(path, line, f"audio: length is {length}, but {url} is {actual} bytes",
                 f"write length: {actual} (apps use it to download and to show progress)")
