"""What a peer sends is untrusted: its /network.json and /resources.json are checked by hand
against the fields sharesite uses (the package's schemas, version 1) and cleaned.

Hand-written checks, not `jsonschema` (a test dependency only): they check the fields kept
and at the same time turn every string into capped plain text, every URL into an http(s)
address, and drop what is not known. A file that is not a version-1 catalogue, or names
another site, is refused whole (`Refused`); a resource that claims an address outside the
peer's own site, or lacks what a resource needs, is left out and counted.

A catalogue may come in parts (each names the `next`): each part is cleaned as it arrives,
added to the parts before it, and its body let go, so a peer costs the memory of its
cleaned resources and one part. Tombstones (`withdrawn`) take their resources out of the
copy at once, whichever part lists them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

VERSION = 1
MAX_RESOURCES = 5_000  # per peer: more is refused (a site of teachers has hundreds)
MAX_PARTS = 50  # parts of one catalogue (a publisher puts up to 1,000 resources in each)
MAX_WITHDRAWN = 5_000  # tombstones kept per peer; more are not read
MAX_PEERS_LISTED = 100
MAX_LIST = 50  # subjects, tags, authors, files, … per resource

TITLE = 300
SUMMARY = 2_000
SHORT = 200  # names, subjects, tags, types, licence ids, …
URL = 2_000

# C0 and C1 controls, and the invisible characters that reorder or hide text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class Refused(Exception):
    """The file cannot be used at all: the message says why, for the report."""


@dataclass(frozen=True)
class Cleaned:
    data: dict[str, Any]
    left_out: tuple[str, ...] = ()  # why each left-out resource was left out
    next: str | None = None  # a catalogue's next part (on the peer's own site), if any
    listed: int = 0  # the resources the catalogue's parts so far listed, kept or not


def text(value: Any, cap: int = SHORT) -> str:
    """Plain text on one line: controls removed, whitespace collapsed, at most `cap` long."""
    if not isinstance(value, str):
        return ""
    plain = " ".join(_CONTROL.sub(" ", value).split())
    return plain if len(plain) <= cap else plain[:cap - 1].rstrip() + "…"


def web_url(value: Any) -> str | None:
    """An http(s) address with a host and no user or controls, or None."""
    if not isinstance(value, str) or len(value) > URL or _CONTROL.search(value) or \
            " " in value:
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    return value


def under(url: str | None, base: str) -> bool:
    """Is `url` an address on the peer's own site (at or below its base URL)?"""
    return url is not None and url.startswith(base) and \
        ".." not in unquote(urlsplit(url).path)


def network(data: Any, base: str) -> Cleaned:
    """/network.json of the peer at `base`, checked and cleaned."""
    top = _object(data, "network.json")
    _version(top, "network.json")
    site = _site(top, "network.json", base)
    school = _mapping(top.get("school"))
    peers = []
    for peer in _list(top.get("peers"))[:MAX_PEERS_LISTED]:
        if isinstance(peer, dict) and text(peer.get("name")) and web_url(peer.get("url")):
            peers.append({"name": text(peer.get("name")), "url": peer["url"]})
    links = _mapping(top.get("links"))
    cleaned = {
        "version": VERSION,
        "generator": text(top.get("generator")),
        "site": site,
        "school": {key: text(school.get(key)) or None
                   for key in ("name", "phase", "region", "local_authority")}
        | {"website": web_url(school.get("website"))},
        "peers": peers,
        "links": {str(key): web_url(value) for key, value in sorted(links.items())[:20]
                  if isinstance(key, str) and key.isidentifier() and web_url(value)},
    }
    moved = moved_to(top.get("moved_to"))
    if moved and moved != base:
        cleaned["moved_to"] = moved
    return Cleaned(cleaned)


def moved_to(value: Any) -> str | None:
    """A site's new base URL, as network.json's `moved_to` gives it: http(s), ending "/"."""
    url = web_url(value)
    return url if url and url.endswith("/") else None


def catalogue(data: Any, base: str, earlier: Cleaned | None = None,
              name: str = "resources.json") -> Cleaned:
    """/resources.json of the peer at `base`, checked and cleaned; or, given the `earlier`
    parts (cleaned), the part `name` that follows them, added to them. Every part is a
    version-1 catalogue of the same site; together they list at most MAX_RESOURCES."""
    top = _object(data, name)
    _version(top, name)
    site = _site(top, name, base)
    entries = top.get("resources")
    if not isinstance(entries, list):
        raise Refused(f"{name} has no list of resources")
    before = earlier.listed if earlier else 0
    if before + len(entries) > MAX_RESOURCES:
        raise Refused(f"{name} lists {len(entries)} resources (at most {MAX_RESOURCES} are read)"
                      if earlier is None else
                      f"{name}: the catalogue's parts list more than {MAX_RESOURCES} resources "
                      f"(at most {MAX_RESOURCES} are read)")
    first: dict[str, Any] = earlier.data if earlier else {
        "generator": text(top.get("generator")), "site": site,
        "updated": _date(top.get("updated"))}
    resources: list[dict[str, Any]] = list(first.get("resources", ()))
    left_out: list[str] = list(earlier.left_out) if earlier else []
    seen = {r["id"] for r in resources}
    for number, entry in enumerate(entries, start=before + 1):
        try:
            resource = _resource(entry, base)
        except Refused as exc:
            left_out.append(f"resource {number}: {exc}")
            continue
        if resource["id"] in seen:
            left_out.append(f"resource {number}: {resource['id']} is listed twice")
            continue
        seen.add(resource["id"])
        resources.append(resource)
    withdrawn = _withdrawn(top.get("withdrawn"), base, list(first.get("withdrawn", ())))
    if withdrawn:  # a tombstone wins over a listing, in any part
        gone = {w["id"] for w in withdrawn}
        resources = [r for r in resources if r["id"] not in gone]
    cleaned = {"version": VERSION, "generator": first["generator"], "site": first["site"],
               "updated": first["updated"], "resources": resources}
    if withdrawn:
        cleaned["withdrawn"] = withdrawn
    return Cleaned(cleaned, tuple(left_out), _next(top.get("next"), base, name),
                   before + len(entries))


def _withdrawn(value: Any, base: str, earlier: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tombstones so far and this part's: {id, date} of resources a peer took down, ids
    on its own site, each once, at most MAX_WITHDRAWN (those after are not read)."""
    found = earlier
    ids = {w["id"] for w in found}
    for item in _list(value):
        if len(found) >= MAX_WITHDRAWN:
            break
        url = web_url(item.get("id")) if isinstance(item, dict) else None
        if url is None or not under(url, base) or url in ids:
            continue
        ids.add(url)
        found.append({"id": url, "date": _day(item.get("date"))})
    return found


def _next(value: Any, base: str, name: str) -> str | None:
    """The address of a catalogue's next part: on the peer's own site, or the part is
    refused (a peer cannot send sharesite to fetch from another)."""
    if value is None:
        return None
    url = web_url(value)
    if url is None or not under(url, base):
        raise Refused(f"{name}: its next part {_shown(value)} is not an address on the peer's "
                      "own site")
    return url


def _resource(entry: Any, base: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise Refused("is not an object")
    for key in ("id", "url"):
        url = web_url(entry.get(key))
        if not under(url, base):
            raise Refused(f"its {key} {_shown(entry.get(key))} is not an address on the "
                          "peer's own site")
    title = text(entry.get("title"), TITLE)
    if not title:
        raise Refused("it has no title")
    files = []
    for item in _list(entry.get("files"))[:MAX_LIST]:
        if not isinstance(item, dict):
            continue
        url = web_url(item.get("url"))
        if not under(url, base):
            raise Refused(f"its file {_shown(item.get('url'))} is not on the peer's own site")
        size = item.get("size")
        file = {"title": text(item.get("title"), TITLE), "url": url,
                "size": size if isinstance(size, int) and not isinstance(size, bool)
                and size >= 0 else None,
                "media_type": text(item.get("media_type"), 100)}
        checksum = item.get("sha256")
        if isinstance(checksum, str) and _SHA256.fullmatch(checksum):
            file["sha256"] = checksum
        files.append(file)
    licence = entry.get("licence")
    cover = entry.get("cover")
    return {
        "id": entry["id"],
        "url": entry["url"],
        "title": title,
        "summary": text(entry.get("summary"), SUMMARY),
        "published": _date(entry.get("published")),
        "updated": _date(entry.get("updated")),
        "authors": [{"name": text(a.get("name")), "url": web_url(a.get("url"))}
                    for a in _list(entry.get("authors"))[:MAX_LIST]
                    if isinstance(a, dict) and text(a.get("name"))],
        "subjects": _words(entry.get("subjects")),
        "levels": _words(entry.get("levels")),
        "type": text(entry.get("type")) or None,
        "duration": text(entry.get("duration"), 50) or None,
        "tags": _words(entry.get("tags")),
        "licence": {"id": text(licence.get("id")), "name": text(licence.get("name")),
                    "url": web_url(licence.get("url"))}
        if isinstance(licence, dict) and text(licence.get("id")) else None,
        "credit": text(entry.get("credit"), SUMMARY),
        "files": files,
        "adapted_from": [{"title": text(a.get("title"), TITLE), "url": web_url(a.get("url")),
                          "author": text(a.get("author")) or None,
                          "licence": text(a.get("licence")) or None}
                         for a in _list(entry.get("adapted_from"))[:MAX_LIST]
                         if isinstance(a, dict) and text(a.get("title"), TITLE)],
        "cover": {"url": web_url(cover.get("url")), "alt": text(cover.get("alt"), SUMMARY)}
        if isinstance(cover, dict) and under(web_url(cover.get("url")), base) else None,
    }


def _object(data: Any, name: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise Refused(f"{name} is not a JSON object")
    return data


def _version(top: dict[str, Any], name: str) -> None:
    version = top.get("version")
    if version != VERSION or isinstance(version, bool):
        raise Refused(f"{name} is version {_shown(version)}, not {VERSION} "
                      "(a newer or older sharesite: nothing is read from it)")


def _site(top: dict[str, Any], name: str, base: str) -> dict[str, Any]:
    site = top.get("site")
    if not isinstance(site, dict):
        raise Refused(f"{name} has no site")
    if site.get("url") != base:
        raise Refused(f"{name} is the site {_shown(site.get('url'))}, not {base} "
                      "(check the peer's url in site.toml)")
    return {"title": text(site.get("title"), TITLE), "url": base,
            "description": text(site.get("description"), SUMMARY),
            "language": text(site.get("language"), 35)}


def _date(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return dt.datetime.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _day(value: Any) -> str | None:
    """A YYYY-MM-DD date, or None."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _words(value: Any) -> list[str]:
    words = [text(v) for v in _list(value)[:MAX_LIST]]
    return [w for w in words if w]


def _shown(value: Any) -> str:
    """A value from a peer as it may appear in a report: quoted, cleaned and short."""
    return repr(text(value, 80)) if isinstance(value, str) else repr(value)[:80]
