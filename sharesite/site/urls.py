"""Where things are published: every URL rule of the site.

All URL rules live here (`Urls`, `slug_for`, `tag_slug`): pages, feeds, the sitemap, the
catalogue and the link resolver ask this module and nothing else where a thing is published.
"""

from __future__ import annotations

import functools
import hashlib

from slugify import slugify

from sharesite.content.discover import Kind

_TAG_REPLACEMENTS = [["++", "-plus-plus"], ["#", "-sharp"], ["&", "-and-"]]

# Resources in one part of the catalogue (/resources.json, then /resources-2.json, …): a
# reader fetches a big school's catalogue a part at a time. A module value, so that a test
# can lower it to show paging on a small site.
CATALOGUE_PART = 1000


class Urls:
    """Where everything is published, as site paths ("" is the home page, "posts/x/")."""

    home = ""
    resources = "resources/"
    tags = "tags/"
    authors = "authors/"
    archive = "archive/"
    feed = "feed.xml"
    rss = "rss.xml"
    resources_feed = "resources/feed.xml"
    sitemap = "sitemap.xml"
    robots = "robots.txt"
    not_found = "404.html"
    search = "search/"
    catalogue = "resources.json"
    catalogue_schema = "resources.schema.json"
    json_feed = "feed.json"
    json_feed_schema = "feed.schema.json"
    network = "network.json"
    network_schema = "network.schema.json"
    peers_opml = "network/peers.opml"
    network_page = "network/"  # the peers' resources
    network_schools = "network/schools/"
    network_feed = "network/feed.xml"
    network_copies = "network/copies/"  # each peer's last-good copy, to restore from
    schools = "schools/"  # the schools' profiles (not /network/schools/: the peers)
    expertise = "expertise/"  # the directory: who offers what, who is looking for what
    expertise_feed = "expertise/feed.xml"
    events = "events/"  # upcoming, soonest first
    events_past = "events/past/"  # the years of past events
    events_feed = "events/feed.xml"  # Atom: new events
    events_ics = "events.ics"  # every event, for calendar programs
    events_json = "events.json"  # for the network
    events_schema = "events.schema.json"

    @staticmethod
    def item(kind: Kind, slug: str) -> str:
        return {Kind.POST: "posts/", Kind.RESOURCE: "resources/", Kind.PAGE: "",
                Kind.EVENT: "events/"}[kind] + \
            slug + "/"

    @staticmethod
    def author(slug: str) -> str:
        return f"authors/{slug}/"

    @staticmethod
    def school(slug: str) -> str:
        return f"schools/{slug}/"

    @staticmethod
    def event(slug: str) -> str:
        return f"events/{slug}/"

    @staticmethod
    def event_ics(slug: str) -> str:
        """An event's own calendar file, for "Add to calendar"."""
        return f"events/{slug}/event.ics"

    @staticmethod
    def events_year(year: int) -> str:
        return f"events/past/{year}/"

    @staticmethod
    def events_ics_of(path: str) -> str:
        """A tag's or a school's calendar: "tags/cpd/" → "tags/cpd/events.ics"."""
        return path + "events.ics"

    @staticmethod
    def expertise_area(slug: str) -> str:
        return f"expertise/{slug}/"

    @staticmethod
    def tag(slug: str) -> str:
        return f"tags/{slug}/"

    @staticmethod
    def podcast(show_id: str) -> str:
        """A show's page; its feed is `feed_of` it."""
        return f"podcasts/{show_id}/"

    @staticmethod
    def home_page(number: int) -> str:
        return "" if number == 1 else f"page/{number}/"

    @staticmethod
    def network_copy(file_name: str) -> str:
        return f"network/copies/{file_name}"

    @staticmethod
    def network_list(number: int) -> str:
        return "network/" if number == 1 else f"network/page/{number}/"

    @staticmethod
    def catalogue_part(number: int) -> str:
        """Part `number` of the catalogue: /resources.json is the first."""
        return "resources.json" if number == 1 else f"resources-{number}.json"

    @staticmethod
    def catalogue_parts(resources: int) -> list[str]:
        """The addresses of the catalogue's parts for a site of `resources` resources (at
        least one part, even when it has none)."""
        count = max(1, -(-resources // CATALOGUE_PART))
        return [Urls.catalogue_part(n) for n in range(1, count + 1)]

    @staticmethod
    def feed_of(path: str) -> str:
        return path + "feed.xml"

    @staticmethod
    def file(path: str) -> str:
        """The output file that serves a site path: "x/" → "x/index.html"."""
        return path + "index.html" if path == "" or path.endswith("/") else path


@functools.lru_cache(maxsize=65536)  # pure; a site asks for the same few thousand slugs
def slug_for(text: str) -> str:
    return slugify(text, lowercase=True, max_length=80, word_boundary=True)


@functools.lru_cache(maxsize=65536)
def tag_slug(tag: str) -> str:
    """One tag, one address: "Français", "francais" and "FRANCAIS" are the same tag, and
    its address never depends on which other tags exist."""
    slug = slugify(tag, replacements=_TAG_REPLACEMENTS)
    return slug or "tag-" + hashlib.sha1(tag.casefold().encode()).hexdigest()[:8]
