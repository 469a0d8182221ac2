"""A hub's network pages and browse files: what render/pages.py lists instead of a site's
own /network/ pages when `[network] hub = true`.

A hub gathers up to 2,000 schools, 200,000 resources: its /network/ says how many, lists the
schools, subjects and levels with their counts, each linking to a page of its newest NEWEST
resources (plain HTML, no script needed); everything else is in the browse files and the
search bundles (sharesite.hub.bundles, made with the search index). Never a page per
resource, nor a paginated list of them all.

The jobs are keyed on the digest of every record (`Hub.digest`) rather than on the records
themselves, which would be fingerprinted one by one on every build.
"""

from __future__ import annotations

from sharesite.hub.browse import browse_files
from sharesite.render.catalogue import schema
from sharesite.render.feeds import build_network_feed
from sharesite.render.metadata import FeedLink
from sharesite.render.renderer import Job, Renderer
from sharesite.site.hub import FOLDER, KINDS, SCHEMA, Hub
from sharesite.site.urls import Urls


def hub_jobs(renderer: Renderer) -> list[Job]:
    """/network/, a page for each subject, level and school, /network/feed.xml, the
    browse files and their schema, and the members' last-good copies. Their headings and
    descriptions in the site's language."""
    site = renderer.site
    hub = site.hub
    assert hub is not None  # pages.py asks for these jobs only on a hub
    say = renderer.strings.text
    out: list[Job] = []
    feed = FeedLink(say("network.feed_title", site=site.title), Urls.network_feed, "atom")
    out.append(renderer.listing(
        "hub.html", Urls.network_page, say("network.title"), say("hub.description"),
        own_feed=feed, hub=_summary(hub), browse=FOLDER + "index.json",
        search="network/search/bundles.json"))
    for kind in KINDS:
        for facet in hub.facets[kind]:
            out.append(renderer.listing(
                "hub_facet.html", facet.path,
                say("facet.heading", group=say(f"facet.{facet.kind}"), label=facet.label),
                say("hub.facet_description", label=facet.label) if kind != "school"
                else say("hub.school_description", label=facet.label),
                facet=facet, resources=hub.newest(facet)))
    for path, make in browse_files(hub, site.base_url, site.title):
        out.append(Job(path, lambda _, make=make: make(), "",  # type: ignore[misc]
                       ("hub", path, hub.digest, site.base_url, site.title)))
    out.append(Job(FOLDER + SCHEMA, lambda _: schema(SCHEMA)))
    newest = hub.resources[:site.config.feed_items]
    out.append(Job(Urls.network_feed, lambda _: build_network_feed(
        site, feed.title, Urls.network_feed, Urls.network_page, newest), "",
        (feed.title, Urls.network_feed, hub.digest)))
    for peer in site.peers:  # the last-good copies, for a fetch that lost its cache
        if peer.copy is not None:
            out.append(Job(peer.copy_path, lambda _, copy=peer.copy: copy.text().encode(),  # type: ignore[misc]
                           "", (peer.copy.key,)))
    return out


def _summary(hub: Hub) -> dict[str, object]:
    """What /network/ shows: counts and the facets, without their records."""
    return {"resources": len(hub.resources), "schools": hub.facets["school"],
            "subjects": hub.facets["subject"], "levels": hub.facets["level"]}
