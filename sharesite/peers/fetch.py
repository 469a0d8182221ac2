"""`sharesite network fetch`: each peer's /network.json, /resources.json, /expertise.json
(its directory of schools and offers) and /events.json (its events; a peer without either is
fine), fetched with bounded
time, bytes and concurrency, checked and cleaned, kept as its last good copy.

The HTTP client is httpx: timeouts for each phase (connect, read, write, pool), connection
limits, streaming of the raw bytes (so a body is counted and capped as it arrives, and gzip
is undone here, in chunks, with a cap on what it expands to), and HTTP/1.1 keep-alive
between requests to one host. Redirects are followed here, not by httpx, to limit them and
to refuse https → http. Only https is fetched, except from loopback addresses (tests).

A peer that fails is reported once, with its reason; its last good copy stays. A peer can
never fail the step: only a bad site.toml does (exit 2, from the command). A peer whose
site is in this repository (`source`) is never fetched: its copy is made from its folder.

What peers tell about others is only told on: a peer that says it has moved is still
fetched at the address in site.toml (the teacher changes it), and the schools peers list
as their own peers are suggested in the report, never added.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import json
import os
import threading
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from sharesite import __version__
from sharesite.config import Peer, SiteConfig
from sharesite.errors import Diagnostic, warning
from sharesite.peers import clean, store

TIMEOUT_ENV = "SHARESITE_FETCH_TIMEOUT"  # seconds for one request (tests make it short)
DEADLINE_ENV = "SHARESITE_FETCH_DEADLINE"  # seconds for the whole step
FILES = ("network.json", "resources.json", "expertise.json", "events.json")
# A peer may have no directory or no events (an older sharesite, or none written): its 404
# (or 410) means "none", not a failure, and nothing is kept for it.
OPTIONAL = frozenset({"expertise.json", "events.json"})
HUB_WORKERS = 16  # requests at once for a hub (still at most `per_host` to one host)
HUB_DEADLINE = 600.0  # seconds for a hub's whole step
SUGGESTED = 20  # peers of peers shown in the report
REASONS = 10  # why resources were left out: the first few are kept for the report
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Limits:
    connect: float = 5.0  # seconds to connect
    request: float = 20.0  # seconds for one request, first byte sent to last byte read
    deadline: float = 120.0  # seconds for the whole step
    wire_bytes: int = 8 * 1024 * 1024  # one body as it comes (compressed)
    json_bytes: int = 32 * 1024 * 1024  # one body once gunzipped
    redirects: int = 3
    per_host: int = 2  # requests at once to one host
    workers: int = 8  # requests at once in all
    retry_wait: float = 30.0  # the longest Retry-After waited for (within the deadline)

    @classmethod
    def from_environment(cls, hub: bool = False) -> Limits:
        """The limits, with SHARESITE_FETCH_TIMEOUT and _DEADLINE (seconds) if set. A hub
        fetches up to 2,000 peers, mostly each on its own host: more at once, and longer."""
        limits = cls(workers=HUB_WORKERS, deadline=HUB_DEADLINE) if hub else cls()
        request = _seconds(TIMEOUT_ENV) or limits.request
        return replace(limits, request=request, connect=min(limits.connect, request),
                       deadline=_seconds(DEADLINE_ENV) or limits.deadline)


@dataclass(frozen=True)
class LeftOut:
    """The entries of one of a peer's files that were not taken: the first REASONS of the
    reasons, and how many in all."""

    file: str
    reasons: tuple[str, ...]
    count: int

    def said(self) -> str:
        singular, plural, where = _ENTRIES[self.file]
        more = f"; and {self.count - 1} more" if self.count > 1 else ""
        return (f"{self.count} {singular if self.count == 1 else plural}{where} left out: "
                f"{self.reasons[0]}{more}")


# How the report names a file's left-out entries: (one, many, where).
_ENTRIES = {"resources.json": ("resource", "resources", ""),
            "expertise.json": ("entry", "entries", " of its expertise.json"),
            "events.json": ("event", "events", " of its events.json")}


@dataclass(frozen=True)
class Outcome:
    """What happened to one peer: fetched, not-modified, failed, removed (410 Gone), or
    local (its site is in this repository: not fetched)."""

    peer: Peer
    state: str
    reason: str = ""
    kept_from: str = ""  # when the last good copy that is kept was fetched ("" if none)
    left_out: tuple[LeftOut, ...] = ()  # what each file's entries were not taken, and why
    moved_to: str = ""  # the new address the peer's network.json gives, if any
    listed: tuple[tuple[str, str], ...] = ()  # the peers it lists: (name, url)


@dataclass(frozen=True)
class Suggestion:
    """A school that peers list as their peer and this site does not: for the teacher to
    add, or not."""

    name: str
    url: str
    listed_by: tuple[str, ...]  # the peers listing it, in site.toml's order


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    moved: int = 0  # bytes received
    seconds: float = 0.0
    suggestions: list[Suggestion] = field(default_factory=list)  # most-listed first

    def count(self, state: str) -> int:
        return sum(1 for o in self.outcomes if o.state == state)

    def diagnostics(self) -> list[Diagnostic]:
        """One line a peer that needs telling about, at its [[network.peers]] in site.toml
        (or its [[members]] in a hub's registry)."""
        found = []
        for o in self.outcomes:
            who = f"peer {o.peer.name} ({o.peer.url})"
            said = []
            if o.moved_to and o.state != "removed":
                said.append(f"{who} says it has moved to {o.moved_to} (change its url in "
                            f"{o.peer.file} to {o.moved_to})")
                who = ""
            if o.state == "failed":
                kept = f"its last good copy from {_shown_date(o.kept_from)} is kept" \
                    if o.kept_from else "there is no earlier copy to use"
                said.append(f"{o.reason} ({kept})")
            elif o.state == "removed":
                said.append(f"{o.reason} (its last good copy is removed)")
            else:
                said += [left.said() for left in o.left_out]
            if said:
                found.append(warning(o.peer.file, o.peer.line,
                                     f"{who}: " * bool(who) + "; ".join(said)))
        return found


class _Failure(Exception):
    """This peer cannot be fetched now: the message is the reason, for the report."""


@dataclass(frozen=True)
class _Response:
    status: int
    phrase: str
    headers: httpx.Headers
    body: bytes = b""


def fetch_network(config: SiteConfig, limits: Limits | None = None,
                  now: Callable[[], dt.datetime] | None = None) -> Report:
    """Fetch every peer of the site (at most `limits.workers` requests at once), except
    those whose site is in this repository."""
    limits = limits or Limits.from_environment(hub=config.network.hub)
    clock = now or (lambda: dt.datetime.now(dt.UTC))
    started = time.monotonic()
    report = Report()
    peers = [peer for peer in config.network.peers if not peer.source]
    headers = {"User-Agent": f"sharesite/{__version__} (+{config.base_url})",
               "Accept": "application/json", "Accept-Encoding": "gzip"}
    timeout = httpx.Timeout(limits.request, connect=limits.connect)
    pool = httpx.Limits(max_connections=limits.workers,
                        max_keepalive_connections=limits.workers)
    # trust_env=False: no .netrc passwords or proxy settings are sent to another school.
    with httpx.Client(headers=headers, timeout=timeout, limits=pool, follow_redirects=False,
                      trust_env=False) as client:
        getter = _Getter(client, limits, started)
        if peers:
            # Peers with no copy in the cache (the Actions cache was evicted, or this is the
            # first fetch) are restored from the site's own published copies: those its
            # network.json lists, asked for once, not a request a peer to find out.
            lost = [p for p in peers if not store.path_for(config.root, p.url).is_file()]
            published = _published_copies(getter, config.base_url) if lost else set()
            with ThreadPoolExecutor(max_workers=min(limits.workers, len(peers)),
                                    thread_name_prefix="sharesite-fetch") as threads:
                fetched = iter(threads.map(
                    lambda peer: _fetch_peer(config.root, peer, getter, clock,
                                             config.base_url if peer.url in published
                                             else ""), peers))
                report.outcomes = [Outcome(peer, "local") if peer.source else next(fetched)
                                   for peer in config.network.peers]
        else:
            report.outcomes = [Outcome(peer, "local") for peer in config.network.peers]
    report.moved = getter.moved
    report.seconds = time.monotonic() - started
    report.suggestions = suggestions(config, report.outcomes)
    return report


def suggestions(config: SiteConfig, outcomes: list[Outcome]) -> list[Suggestion]:
    """The schools the peers list as their peers that are not this site's peers, not this
    site, and not blocked: most-listed first, then by name."""
    taken = {_key(p.url) for p in config.network.peers} | {_key(config.base_url)}
    if config.network.moved_to:
        taken.add(_key(config.network.moved_to))
    names: dict[str, str] = {}
    urls: dict[str, str] = {}
    listers: dict[str, list[str]] = {}
    for outcome in outcomes:
        for name, url in outcome.listed:
            key = _key(url)
            if key in taken or config.network.blocked(url) or \
                    outcome.peer.name in listers.get(key, ()):
                continue
            names.setdefault(key, name)
            urls.setdefault(key, url)
            listers.setdefault(key, []).append(outcome.peer.name)
    found = [Suggestion(names[key], urls[key], tuple(by)) for key, by in listers.items()]
    return sorted(found, key=lambda s: (-len(s.listed_by), s.name.casefold(), s.url))


def _key(url: str) -> str:
    """An address compared as sites are: scheme and host in any case, with its "/"."""
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}"


def _fetch_peer(root: Path, peer: Peer, getter: _Getter,
                clock: Callable[[], dt.datetime], base_url: str = "") -> Outcome:
    old = store.load(root, peer.url)
    if old is None and base_url:  # the cache was lost: the site's own published copy
        old = _restore(root, peer, getter, base_url, clock())
    kept = old.fetched if old else ""
    files: dict[str, Any] = {}
    validators: dict[str, dict[str, str]] = {}
    unchanged = 0
    left_out: dict[str, list[str]] = {}  # file → why each entry was left out
    try:
        for name in FILES:
            known = old.validators.get(name, {}) if old and name in old.files else {}
            response = getter.get(peer.url + name, known)
            if name in OPTIONAL and response.status in (404, 410):
                unchanged += old is not None and name not in old.files  # none, as before
                continue
            if response.status == 410:
                store.remove(root, peer.url)
                return Outcome(peer, "removed", f"{name}: gone (HTTP 410)")
            if response.status == 304 and known and old:
                files[name], validators[name] = old.files[name], known
                unchanged += 1
                continue
            if response.status != 200:
                raise _Failure(_status(name, response))
            data = _parse(name, response.body)
            validators[name] = {key: clean.text(response.headers.get(header, ""), 200)
                                for key, header in (("etag", "ETag"),
                                                    ("last_modified", "Last-Modified"))
                                if response.headers.get(header)}
            del response  # the body: only its cleaned data is kept
            cleaned = _catalogue(data, peer, getter) if name == "resources.json" \
                else _CLEANERS[name](data, peer.url)
            del data
            files[name] = cleaned.data
            # (network.json's are told with the resources, as they always were)
            left_out.setdefault(name if name in _ENTRIES else "resources.json",
                                []).extend(cleaned.left_out)
    except (_Failure, clean.Refused) as exc:
        return _told(Outcome(peer, "failed", str(exc), kept), old.files if old else {})
    fetched = clock().astimezone(dt.UTC).isoformat(timespec="seconds")
    try:
        if old is not None and unchanged == len(FILES) and old.name == peer.name:
            store.touch(root, old, fetched)  # nothing new: no need to write it all again
        else:
            store.save(root, store.Copy(peer.url, peer.name, fetched, files, validators))
    except OSError as exc:  # this computer's cache folder, not the peer: say so plainly
        return _told(Outcome(peer, "failed", f"fetched, but its copy could not be kept in "
                             f"sharesite's cache folder ({exc.strerror or exc})", kept),
                     old.files if old else {})
    state = "not-modified" if unchanged == len(FILES) else "fetched"
    told = tuple(LeftOut(file, tuple(left_out[file][:REASONS]), len(left_out[file]))
                 for file in _ENTRIES if left_out.get(file))
    return _told(Outcome(peer, state, left_out=told), files)


# How each file but the catalogue (which comes in parts: `_catalogue`) is checked and cleaned.
_CLEANERS: dict[str, Callable[[Any, str], clean.Cleaned]] = {
    "network.json": clean.network, "expertise.json": clean.expertise,
    "events.json": clean.events, "resources.json": clean.catalogue}


def _catalogue(data: Any, peer: Peer, getter: _Getter) -> clean.Cleaned:
    """resources.json (`data`) and the parts it leads to, each fetched when the one before
    is cleaned: on the peer's own site, each once, at most clean.MAX_PARTS. A part that
    fails fails the peer (its last good copy stays)."""
    cleaned = clean.catalogue(data, peer.url)
    read = {peer.url + "resources.json"}
    while cleaned.next is not None:
        part = cleaned.next.rsplit("/", 1)[-1] or cleaned.next
        if cleaned.next in read:
            raise _Failure(f"{clean.text(part, 100)}: the catalogue's parts go round in a "
                           "loop")
        if len(read) >= clean.MAX_PARTS:
            raise _Failure(f"resources.json has more than {clean.MAX_PARTS} parts (at most "
                           f"{clean.MAX_PARTS} are read)")
        read.add(cleaned.next)
        response = getter.get(cleaned.next, {})
        if response.status != 200:
            raise _Failure(_status(part, response))
        cleaned = clean.catalogue(_parse(part, response.body), peer.url, cleaned,
                                  clean.text(part, 100))
    return cleaned


def _status(name: str, response: _Response) -> str:
    return f"{name}: HTTP {response.status} {clean.text(response.phrase, 60)}".rstrip()


def _told(outcome: Outcome, files: dict[str, Any]) -> Outcome:
    """`outcome` with what the copy in use (`files`, cleaned) tells of others: the peer's
    new address, and the peers it lists."""
    network = files.get("network.json")
    if not isinstance(network, dict):
        return outcome
    listed = tuple((clean.text(p.get("name")), url) for p in _list(network.get("peers"))
                   if isinstance(p, dict) and (url := clean.moved_to(p.get("url")))
                   and clean.text(p.get("name")))
    return replace(outcome, moved_to=clean.moved_to(network.get("moved_to")) or "",
                   listed=listed[:clean.MAX_PEERS_LISTED])


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _published_copies(getter: _Getter, base_url: str) -> set[str]:
    """The peers whose last-good copy the site at `base_url` publishes, as its own
    /network.json lists them (each peer's `copy`); none when it cannot be read (a site
    not published yet, or offline)."""
    try:
        response = getter.get(base_url + "network.json", {})
        data = _parse("network.json", response.body) if response.status == 200 else {}
    except _Failure:
        return set()
    peers = data.get("peers") if isinstance(data, dict) else None
    return {p["url"] for p in peers if isinstance(p, dict) and isinstance(p.get("url"), str)
            and isinstance(p.get("copy"), str)} if isinstance(peers, list) else set()


def _restore(root: Path, peer: Peer, getter: _Getter, base_url: str,
             now: dt.datetime) -> store.Copy | None:
    """The last-good copy of `peer` this site published (<base_url>network/copies/…), fetched
    with the same limits and cleaned again like any peer's files, then kept in the cache;
    None when there is none or it cannot be used (nothing is reported: the peer is fetched
    as usual). A copy dated after `now` is taken as fetched `now`."""
    url = base_url + store.PUBLISHED + store.file_name(peer.url)
    try:
        response = getter.get(url, {})
        if response.status != 200:
            return None
        data = _parse(store.file_name(peer.url), response.body)
        if not isinstance(data, dict) or data.get("format") != store.FORMAT or \
                data.get("url") != peer.url:
            return None
        fetched = data.get("fetched")
        when = dt.datetime.fromisoformat(fetched) if isinstance(fetched, str) else None
        published = data.get("files")
        given = data.get("validators")
        if when is None or when.tzinfo is None or not isinstance(published, dict) or \
                not isinstance(given, dict):
            return None
        files: dict[str, Any] = {}
        validators: dict[str, dict[str, str]] = {}
        for name in FILES:
            if name not in published:
                continue
            cleaned = _CLEANERS[name](published[name], peer.url)
            files[name] = cleaned.data
            known = given.get(name)
            validators[name] = {key: clean.text(known[key], 200)
                                for key in ("etag", "last_modified")
                                if isinstance(known, dict) and isinstance(known.get(key), str)
                                and known[key]}
        copy = store.Copy(peer.url, peer.name,
                          min(when, now).astimezone(dt.UTC).isoformat(timespec="seconds"),
                          files,
                          validators)
        store.save(root, copy)
    except (_Failure, clean.Refused, OSError, ValueError, TypeError, RecursionError):
        return None
    return copy


def _parse(name: str, body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Failure(f"{name} is not valid JSON") from None


class _Getter:
    """GETs with the step's limits. Shared by the threads: a lock guards its counters."""

    def __init__(self, client: httpx.Client, limits: Limits, started: float) -> None:
        self.client = client
        self.limits = limits
        self.started = started
        self.moved = 0
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.BoundedSemaphore] = {}

    def left(self) -> float:
        return self.limits.deadline - (time.monotonic() - self.started)

    def get(self, url: str, known: dict[str, str]) -> _Response:
        """GET `url` (conditionally, given an ETag or Last-Modified), following redirects
        and waiting for a short Retry-After on 429 and 503."""
        headers = {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        name = url.rsplit("/", 1)[-1]
        for attempt in range(3):
            response = self._follow(url, headers, name)
            if response.status not in (429, 503):
                return response
            wait = _retry_after(response.headers.get("Retry-After", ""))
            if wait is None or attempt == 2 or wait > self.limits.retry_wait or \
                    wait + 1 > self.left():
                after = f", retry after {wait:.0f} s" if wait is not None else ""
                raise _Failure(f"{name}: busy (HTTP {response.status}{after})")
            time.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _follow(self, url: str, headers: dict[str, str], name: str) -> _Response:
        for _ in range(self.limits.redirects + 1):
            _allowed(url, name)
            response = self._one(url, headers, name)
            if response.status not in _REDIRECTS:
                return response
            location = response.headers.get("Location", "")
            if not location:
                raise _Failure(f"{name}: a redirect (HTTP {response.status}) to nowhere")
            target = urljoin(url, location)
            if urlsplit(url).scheme == "https" and urlsplit(target).scheme != "https":
                raise _Failure(f"{name}: redirected from https to {clean.text(target, 100)}")
            url = target
        raise _Failure(f"{name}: more than {self.limits.redirects} redirects")

    def _one(self, url: str, headers: dict[str, str], name: str) -> _Response:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            gate = self._hosts.setdefault(host, threading.BoundedSemaphore(self.limits.per_host))
        if not gate.acquire(timeout=max(self.left(), 0.0)):
            raise _Failure(f"{name}: the step's time limit ({self.limits.deadline:g} s) ran out")
        try:
            budget = min(self.limits.request, self.left())
            if budget <= 0:
                raise _Failure(f"{name}: the step's time limit ({self.limits.deadline:g} s) "
                               "ran out")
            try:
                return self._stream(url, headers, name, budget)
            except httpx.TimeoutException:
                raise _Failure(f"{name}: no answer within {budget:g} s") from None
            except httpx.ConnectError as exc:
                raise _Failure(f"{name}: could not connect ({clean.text(str(exc), 200)})"
                               ) from None
            except httpx.HTTPError as exc:
                raise _Failure(f"{name}: the connection failed ({type(exc).__name__}: "
                               f"{clean.text(str(exc), 200)})") from None
        finally:
            gate.release()

    def _stream(self, url: str, headers: dict[str, str], name: str,
                budget: float) -> _Response:
        limits = self.limits
        began = time.monotonic()
        timeout = httpx.Timeout(budget, connect=min(limits.connect, budget))
        with self.client.stream("GET", url, headers=headers, timeout=timeout) as response:
            if response.status_code != 200:  # redirects, 304, errors: their bodies unread
                return _Response(response.status_code, response.reason_phrase,
                                 response.headers)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limits.wire_bytes:
                raise _Failure(f"{name} is too big ({int(declared):,} bytes; at most "
                               f"{limits.wire_bytes:,} are read)")
            encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
            if encoding not in ("identity", "gzip", ""):
                raise _Failure(f"{name} came in an encoding that was not asked for "
                               f"({clean.text(encoding, 40)})")
            gunzip = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding == "gzip" else None
            parts: list[bytes] = []
            wire = size = 0
            try:
                for chunk in response.iter_raw():  # as it arrives
                    wire += len(chunk)
                    if wire > limits.wire_bytes:
                        raise _Failure(f"{name} is too big (over {limits.wire_bytes:,} bytes)")
                    if time.monotonic() - began > budget:
                        raise _Failure(f"{name}: not all sent within {budget:g} s")
                    if gunzip is None:
                        parts.append(chunk)
                        continue
                    while chunk:
                        piece = gunzip.decompress(chunk, limits.json_bytes - size + 1)
                        size += len(piece)
                        if size > limits.json_bytes:
                            raise _Failure(f"{name} expands to more than "
                                           f"{limits.json_bytes:,} bytes (a gzip bomb?)")
                        parts.append(piece)
                        chunk = gunzip.unconsumed_tail
            except zlib.error:
                raise _Failure(f"{name}: its gzip data is broken") from None
            finally:
                with self._lock:
                    self.moved += wire
            if gunzip is not None and not gunzip.eof:
                raise _Failure(f"{name}: its gzip data is cut short")
            body = b"".join(parts)
            if len(body) > limits.json_bytes:
                raise _Failure(f"{name} is too big (over {limits.json_bytes:,} bytes)")
            return _Response(200, response.reason_phrase, response.headers, body)


def _allowed(url: str, name: str) -> None:
    """https, or http to a loopback address (for tests); nothing else is fetched."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname:
        try:
            if ipaddress.ip_address(parts.hostname).is_loopback:
                return
        except ValueError:
            pass
    raise _Failure(f"{name}: {clean.text(url, 100)} is not an https address "
                   "(only https is fetched)")


def _retry_after(value: str) -> float | None:
    """Retry-After in seconds (a number, or an HTTP date), or None when it is neither."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _seconds(name: str) -> float:
    """A positive number of seconds from the environment variable `name`, or 0."""
    try:
        seconds = float(os.environ.get(name, "") or 0)
    except ValueError:
        return 0.0
    return seconds if 0 < seconds < 86_400 else 0.0


def _shown_date(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return clean.text(iso, 40)
