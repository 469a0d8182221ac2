"""The peers as this site shows them: each peer's last-good copy (read by the build, never
fetched by it) turned into plain typed data, with its freshness at the build's `now`.

What a copy holds was cleaned when it was fetched (sharesite.peers.clean); it is read here
again as untrusted: strings must be strings, addresses http(s), or the value is left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from sharesite.site.model import NetworkPeer, NetworkResource, NetworkSource

FRESH = dt.timedelta(days=1)
STALE = dt.timedelta(days=30)  # shown "as of" the day it was fetched
DORMANT = dt.timedelta(days=90)  # hidden; older copies are ignored
# The ages at which a copy changes state: the build is due again then.
AGES = (FRESH, STALE, DORMANT)


def web_url(value: Any) -> str:
    """`value` if it is an http(s) address, else ""."""
    if not isinstance(value, str):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def fetched_at(value: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def state(fetched: dt.datetime | None, now: dt.datetime) -> str:
    """"fresh", "stale", "dormant" or "removed" (older than 90 days, or no time)."""
    if fetched is None:
        return "removed"
    age = now - fetched
    return "fresh" if age <= FRESH else "stale" if age <= STALE else \
        "dormant" if age <= DORMANT else "removed"


def peer_from(name: str, url: str, fetched: str | None, files: dict[str, Any] | None,
              now: dt.datetime) -> NetworkPeer | None:
    """A peer from site.toml (`name`, `url`) and its last-good copy (`fetched`, `files`;
    None: no copy yet). None when the copy is too old to show at all."""
    if fetched is None or files is None:
        return NetworkPeer(name, url, "missing", None)
    when = fetched_at(fetched)
    found = state(when, now)
    if found == "removed":
        return None
    network = _mapping(files.get("network.json"))
    school = _text(_mapping(network.get("school")).get("name")) or name
    links = _mapping(network.get("links"))
    catalogue = _mapping(files.get("resources.json"))
    resources = []
    for entry in catalogue.get("resources") or ():
        resource = _resource(entry, school, url)
        if resource is not None:
            resources.append(resource)
    resources.sort(key=lambda r: r.sort_key, reverse=True)
    return NetworkPeer(school, url, found, when, tuple(resources),
                       web_url(links.get("feed_atom")))


def shown_resources(peers: tuple[NetworkPeer, ...]) -> tuple[NetworkResource, ...]:
    """The resources of the peers shown (fresh or stale), newest first."""
    return tuple(sorted((r for p in peers if p.shown for r in p.resources),
                        key=lambda r: (r.sort_key, r.peer_url), reverse=True))


def _resource(entry: Any, school: str, peer_url: str) -> NetworkResource | None:
    if not isinstance(entry, dict):
        return None
    url = web_url(entry.get("url"))
    title = _text(entry.get("title"))
    if not url or not url.startswith(peer_url) or not title:
        return None
    licence = _mapping(entry.get("licence"))
    date = None
    for key in ("updated", "published"):
        date = fetched_at(entry[key]) if isinstance(entry.get(key), str) else None
        if date is not None:
            break
    return NetworkResource(
        title=title, url=url, summary=_text(entry.get("summary")),
        subjects=_words(entry.get("subjects")), levels=_words(entry.get("levels")),
        type=_text(entry.get("type")), licence=_text(licence.get("id")) or
        _text(licence.get("name")), school=school, peer_url=peer_url, date=date,
        id=web_url(entry.get("id")) or url, tags=_words(entry.get("tags")),
        authors=tuple(_text(a.get("name")) for a in _list(entry.get("authors"))
                      if isinstance(a, dict) and _text(a.get("name"))),
        licence_name=_text(licence.get("name")), licence_url=web_url(licence.get("url")),
        credit=_text(entry.get("credit")),
        adapted_from=tuple(NetworkSource(_text(a.get("title")), web_url(a.get("url")),
                                         _text(a.get("author")), _text(a.get("licence")))
                           for a in _list(entry.get("adapted_from"))
                           if isinstance(a, dict) and _text(a.get("title"))))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _words(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str) and v) if isinstance(value, list) \
        else ()


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
