"""What the site publishes about itself for other schools' sites: /network.json (who it
is, its peers, where its machine-readable files are, and its new address when it has
moved) and the OPML list of its peers.

Both come from site.toml ([network] and [[network.peers]]; network.json also links the
last-good copy of each peer the site publishes): nothing about pupils and no one's contact
details (authors' links and e-mail addresses are never in them).
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from sharesite.render.formats import header
from sharesite.site.model import Site
from sharesite.site.urls import Urls

NETWORK_VERSION = 1

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def network(site: Site) -> bytes:
    """/network.json: the site's identity, its peers and links to its other files."""
    settings = site.config.network
    data: dict[str, Any] = header(site, Urls.network_schema, NETWORK_VERSION) | {
        "school": {"name": settings.school or None, "phase": settings.phase or None,
                   "region": settings.region or None,
                   "local_authority": settings.local_authority or None,
                   "website": settings.website or None},
        "peers": [_peer(site, peer.name, peer.url) for peer in settings.peers],
        "links": {
            "resources": site.absolute(Urls.catalogue),
            "resources_schema": site.absolute(Urls.catalogue_schema),
            "feed_json": site.absolute(Urls.json_feed),
            "feed_json_schema": site.absolute(Urls.json_feed_schema),
            "feed_atom": site.absolute(Urls.feed),
            "feed_rss": site.absolute(Urls.rss),
            "peers_opml": site.absolute(Urls.peers_opml),
        },
    }
    if settings.moved_to:  # the site's new address: its peers follow it there
        data["moved_to"] = settings.moved_to
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def _peer(site: Site, name: str, url: str) -> dict[str, str]:
    """A peer in network.json, with the address of the last-good copy the site publishes
    of it (`copy`), when it has one."""
    found = {"name": name, "url": url}
    copy = next((p.copy_path for p in site.peers if p.url == url and p.copy_path), "")
    if copy:
        found["copy"] = site.absolute(copy)
    return found


def peers_opml(site: Site) -> bytes:
    """An OPML 2.0 list of the site's peers, each with its Atom feed: a feed reader
    subscribes to them all at once. In site.toml's order."""
    def attr(text: str) -> str:
        return quoteattr(_NOT_XML.sub("", text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})

    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<opml version="2.0">',
             "  <head>",
             f"    <title>{escape(_NOT_XML.sub('', site.title))}: peers</title>",
             "    <docs>http://opml.org/spec2.opml</docs>",
             "  </head>",
             "  <body>"]
    for peer in site.config.network.peers:
        lines.append(f"    <outline type=\"rss\" text={attr(peer.name)} title={attr(peer.name)} "
                     f"xmlUrl={attr(peer.url + Urls.feed)} htmlUrl={attr(peer.url)}/>")
    lines += ["  </body>", "</opml>"]
    return ("\n".join(lines) + "\n").encode()
