"""The one list of every page the site has: posts, resources, pages, every listing and
feed, the catalogue and the other files for other sites (network.json, the JSON Feed, the
peers' OPML, their schemas), the sitemap. A new kind of page (a directory, events) is an entry
here and a template; nothing else needs to know.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sharesite.content.discover import Kind
from sharesite.render.assets import minifies
from sharesite.render.calendar import calendar_jobs
from sharesite.render.catalogue import catalogue_jobs, schema
from sharesite.render.events_json import PATH as EVENTS_JSON
from sharesite.render.events_json import SCHEMA as EVENTS_SCHEMA
from sharesite.render.events_json import events as events_json
from sharesite.render.events_json import publishes as publishes_events
from sharesite.render.expertise_json import PATH as EXPERTISE_JSON
from sharesite.render.expertise_json import SCHEMA as EXPERTISE_SCHEMA
from sharesite.render.expertise_json import expertise, publishes
from sharesite.render.feeds import build_events_feed, build_network_feed, build_offers_feed
from sharesite.render.hub import hub_jobs
from sharesite.render.library import FilterGroup, FilterOption, filters, network_filters
from sharesite.render.metadata import FeedLink
from sharesite.render.network import network, peers_opml
from sharesite.render.podcast_feed import podcast_feed
from sharesite.render.renderer import Job, Pagination, Renderer
from sharesite.render.sitemap import robots, sitemap
from sharesite.render.strings import Strings
from sharesite.render.theme import Theme
from sharesite.site.events import written_when
from sharesite.site.model import Event, Offer, Page, Site
from sharesite.site.urls import Urls


def site_jobs(renderer: Renderer) -> list[Job]:
    """Every output the site's pages, lists and feeds make, in site order."""
    site = renderer.site
    say = renderer.strings.text  # the headings and feed titles, in the site's language
    out: list[Job] = []
    posts = site.posts
    for index, post in enumerate(posts):
        out.append(renderer.item(post, *_beside(posts, index)))
    for page in site.resources + site.pages:
        out.append(renderer.item(page))
    pages = site.home_pages()
    for number, (posts, pagination) in enumerate(
            zip(pages, _paginations(len(pages), Urls.home_page), strict=True), start=1):
        out.append(renderer.listing("home.html", Urls.home_page(number),
                                    "" if number == 1 else say("listing.page", number=number),
                                    posts=posts, pagination=pagination,
                                    latest_resources=site.resources[:3] if number == 1 else ()))
    out.append(renderer.listing("tags.html", Urls.tags, say("tags.title"), tags=site.tags))
    for tag in site.tags:
        feed = FeedLink(say("listing.feed_tag", site=site.title, name=tag.name), tag.feed_path,
                        "atom")
        items = site.tagged[tag.key]
        out.append(renderer.listing("tag.html", tag.path, say("tag.title", name=tag.name),
                                    own_feed=feed, tag=tag, items=items,
                                    events=_upcoming(site, site.tagged_events.get(tag.key))))
        out.append(renderer.feed(feed.title, tag.feed_path, tag.path, items))
    out.append(renderer.listing("authors.html", Urls.authors, say("authors.title"),
                                authors=site.authors))
    for author in site.authors:
        feed = FeedLink(say("listing.feed_author", site=site.title, name=author.name),
                        author.feed_path, "atom")
        items = site.by_author[author.id]
        out.append(renderer.listing("author.html", author.path, author.name, author.summary,
                                    own_feed=feed, author=author, items=items,
                                    events=_upcoming(site, site.author_events.get(author.id))))
        out.append(renderer.feed(feed.title, author.feed_path, author.path, items))
    years: dict[int, list[Page]] = {}
    for post in site.posts:
        years.setdefault(post.sort_key[0].year, []).append(post)
    out.append(renderer.listing("archive.html", Urls.archive, say("archive.title"),
                                years=tuple((y, tuple(p)) for y, p in years.items())))
    out.append(renderer.listing("resources.html", Urls.resources, say("library.title"),
                                resources=site.resources,
                                derived=lambda s: {"filters": filters(s, renderer.strings)}))
    for kind in site.facets.values():
        for facet in kind:
            group = say(f"facet.{facet.kind.removesuffix('s')}")
            feed = FeedLink(say("facet.feed_title", site=site.title, group=group.lower(),
                                label=facet.label), facet.feed_path, "atom")
            items = site.faceted[facet.path]
            out.append(renderer.listing("facet.html", facet.path,
                                        say("facet.heading", group=group, label=facet.label),
                                        say("facet.list_title", label=facet.label),
                                        own_feed=feed, facet=facet, resources=items))
            out.append(renderer.feed(feed.title, facet.feed_path, facet.path, items))
    out += _expertise_jobs(renderer)
    out += _event_jobs(renderer)
    out += _podcast_jobs(renderer)
    if site.config.network.hub:  # a whole network: no page per resource (render/hub.py)
        out += hub_jobs(renderer)
    elif site.config.network.peers:
        out += _network_jobs(renderer)
    out += catalogue_jobs(site, renderer.strings)
    # /events.ics, each tag's and school's, each event's
    out += calendar_jobs(site, renderer.strings)
    for gone in site.withdrawn:  # a notice where each withdrawn resource was
        out.append(renderer.listing("withdrawn.html", gone.path, gone.title,
                                    say("withdrawn.description",
                                        date=gone.document.withdrawn),
                                    robots="noindex", page=gone))
    for name in (Urls.catalogue_schema, Urls.json_feed_schema, Urls.network_schema):
        out.append(Job(name, lambda _, name=name: schema(name)))  # type: ignore[misc]
    out.append(Job(Urls.network, network))
    if publishes(site):  # the directory, for the network (render/expertise_json.py)
        out.append(Job(EXPERTISE_JSON, expertise))
        out.append(Job(EXPERTISE_SCHEMA, lambda _: schema(EXPERTISE_SCHEMA)))
    if publishes_events(site):  # the events, for the network (render/events_json.py)
        out.append(Job(EVENTS_JSON, events_json))
        out.append(Job(EVENTS_SCHEMA, lambda _: schema(EVENTS_SCHEMA)))
    out.append(Job(Urls.peers_opml, peers_opml))
    if site.config.search:
        out.append(renderer.listing("search.html", Urls.search, say("search.title")))
    out.append(renderer.listing("404.html", Urls.not_found, say("not_found.title"),
                                robots="noindex"))
    for alias, page in site.aliases:
        target = site.absolute(page.path)
        out.append(Job(alias, lambda s, target=target: renderer.render(  # type: ignore[misc]
            "redirect.html", s, {"target": target}), "redirect.html", (target,)))
    out.append(renderer.feed(site.title, Urls.feed, Urls.home, site.items))
    out.append(renderer.feed(site.title, Urls.rss, Urls.home, site.items, kind="rss"))
    out.append(renderer.json_feed(Urls.json_feed, Urls.home, site.items))
    out.append(renderer.feed(say("listing.feed_resources", site=site.title),
                             Urls.resources_feed, Urls.resources, site.resources))
    out.append(Job(Urls.sitemap, sitemap))
    if site.config.base_path == "/":
        out.append(Job(Urls.robots, robots))
    return out + _redirect_jobs(renderer, out)


def _redirect_jobs(renderer: Renderer, jobs: list[Job]) -> list[Job]:
    """redirects.toml's old addresses: a redirect page each, like an alias's; or, for an
    old feed address, the feed itself, made by the feed's own job (the same bytes: a feed
    is a pure function of its inputs), since feed readers do not follow an HTML redirect."""
    site = renderer.site
    if not site.redirects:
        return []
    by_path = {job.path: job for job in jobs}
    out: list[Job] = []
    for redirect in site.redirects:
        feed = by_path.get(redirect.target) if redirect.feed else None
        if feed is not None:
            out.append(replace(feed, path=redirect.path, source=""))
            continue
        target = site.absolute(redirect.target)
        out.append(Job(redirect.path, lambda s, target=target: renderer.render(  # type: ignore[misc]
            "redirect.html", s, {"target": target}), "redirect.html", (target,)))
    return out


def _paginations(count: int, page: Callable[[int], str]) -> list[Pagination]:
    """The place of each of `count` pages of a list, `page(n)` the address of page n."""
    return [Pagination(number, count, page(number - 1) if number > 1 else "",
                       page(number + 1) if number < count else "")
            for number in range(1, count + 1)]


def _network_jobs(renderer: Renderer) -> list[Job]:
    """With peers in site.toml: /network/ (their resources, newest first, a page of them at
    a time; the first with the library's filters), each facet's list
    (/network/subject/maths/, …, /network/school/<school>/, paginated the same; not tags),
    /network/schools/ and /network/feed.xml."""
    site = renderer.site
    say = renderer.strings.text
    out: list[Job] = []
    feed = FeedLink(say("network.feed_title", site=site.title), Urls.network_feed, "atom")
    stale = tuple(p for p in site.peers if p.state == "stale")
    lists = site.network_pages()
    for number, (items, pagination) in enumerate(
            zip(lists, _paginations(len(lists), Urls.network_list), strict=True), start=1):
        out.append(renderer.listing("network.html", Urls.network_list(number),
                                    say("network.title") if number == 1
                                    else say("network.title_page", number=number),
                                    say("network.description"),
                                    own_feed=feed, resources=items, pagination=pagination,
                                    stale=stale, total=len(site.network),
                                    derived=lambda s, first=number == 1: {  # type: ignore[misc]
                                        "filters": network_filters(s, renderer.strings)
                                        if first else ()}))
    for values in site.network_facets.values():
        for facet in (f for f in values if f.path):
            listed = site.network_faceted[facet.path]
            lists = site.network_pages(listed)
            for number, (items, pagination) in enumerate(
                    zip(lists, _paginations(len(lists), facet.page), strict=True), start=1):
                group = say(f"facet.{facet.kind}")
                out.append(renderer.listing(
                    "network_facet.html", facet.page(number),
                    say("facet.heading", group=group, label=facet.label) if number == 1
                    else say("facet.heading_page", group=group, label=facet.label,
                             number=number),
                    say("network.facet_description", group=group.lower(), label=facet.label),
                    facet=facet, resources=items, pagination=pagination, total=len(listed)))
    out.append(renderer.listing("network_schools.html", Urls.network_schools,
                                say("network.schools"), peers=site.peers))
    out.append(Job(Urls.network_feed, lambda s: build_network_feed(
        s, feed.title, Urls.network_feed, Urls.network_page, s.network), "",
        (feed.title, Urls.network_feed)))
    for peer in site.peers:  # the last-good copies, for a fetch that lost its cache
        if peer.copy is not None:
            out.append(Job(peer.copy_path, lambda _, copy=peer.copy: copy.text().encode(),  # type: ignore[misc]
                           "", (peer.copy.key,)))
    return out


def _upcoming(site: Site, events: tuple[Event, ...] | None) -> tuple[Event, ...]:
    """Those of `events` not over yet, soonest first (as /events/ lists them)."""
    if not events:
        return ()
    wanted = {id(e) for e in events}
    return tuple(e for e in site.upcoming_events if id(e) in wanted)


def _event_jobs(renderer: Renderer) -> list[Job]:
    """With events: /events/ (upcoming, soonest first), /events/past/ and a page a year of
    past events, each event's page and /events/feed.xml (new events). Their calendar files
    are `calendar_jobs`'."""
    site = renderer.site
    if not site.events:
        return []
    say = renderer.strings.text
    out: list[Job] = []
    feed = FeedLink(say("events.feed_title", site=site.title), Urls.events_feed, "atom")
    webcal = "webcal://" + site.absolute(Urls.events_ics).split("://", 1)[1]
    zone = site.config.timezone
    out.append(renderer.listing(
        "events.html", Urls.events, say("events.title"), say("events.description"),
        own_feed=feed, events=site.upcoming_events, webcal=webcal, zone_name=zone))
    out.append(renderer.listing("events_past.html", Urls.events_past, say("events.past"),
                                own_feed=feed, years=site.past_events_by_year, year=0))
    for year, events in site.past_events_by_year:
        out.append(renderer.listing("events_past.html", Urls.events_year(year),
                                    say("events.past_year", year=year), own_feed=feed,
                                    events=events, year=year))
    past = {id(e) for e in site.past_events}
    now = site.events_now
    for event in site.events:
        if not event.path:  # a peer's: its page is on its own site
            continue
        dates = tuple(written_when(start, end, event.all_day)
                      for start, end in event.occurrences
                      if now is None or _ends(end, site) > now)
        out.append(renderer.listing(
            "event.html", event.path, event.title, event.summary, own_feed=feed,
            robots="", event=event, past=id(event) in past, upcoming_dates=dates))
    out.append(Job(Urls.events_feed, lambda s: build_events_feed(
        s, feed.title, Urls.events_feed, Urls.events, s.events, renderer.strings), "",
        (feed.title, Urls.events_feed)))
    return out


def _podcast_jobs(renderer: Renderer) -> list[Job]:
    """Each show of site.toml's [[podcasts]]: its page (subscribe links, episodes newest
    first) and its feed, /podcasts/<id>/feed.xml (render/podcast_feed.py)."""
    out: list[Job] = []
    for show in renderer.site.podcasts:
        feed = FeedLink(show.title, show.feed_path, "rss")
        out.append(renderer.listing("podcast.html", show.path, show.title,
                                    show.settings.description, own_feed=feed, show=show))
        out.append(Job(show.feed_path, lambda s, show=show: podcast_feed(s, show),  # type: ignore[misc]
                       "", (show,)))
    return out


def _ends(end: dt.datetime | dt.date, site: Site) -> dt.datetime:
    if isinstance(end, dt.datetime):
        return end
    return dt.datetime.combine(end, dt.time(), site.config.tz)


def _expertise_jobs(renderer: Renderer) -> list[Job]:
    """With school profiles: /schools/ and each school's page (its people, their posts and
    resources, its offers and requests). With offers: /expertise/ (every area, filterable,
    and "looking for help"), each area's page /expertise/<area>/ (the directory without
    JavaScript, like the library's facet pages) and /expertise/feed.xml."""
    site = renderer.site
    say = renderer.strings.text
    safeguarding = say("expertise.safeguarding")
    out: list[Job] = []
    if site.schools:
        out.append(renderer.listing("schools.html", Urls.schools, say("schools.title"),
                                    say("schools.description"), schools=site.schools))
    by_id = {a.id: a for a in site.authors}
    for school in site.schools:
        people = tuple(by_id[i] for i in school.people if i in by_id)
        items = tuple(sorted({p.path: p for a in people for p in site.by_author[a.id]}
                             .values(), key=lambda p: p.sort_key, reverse=True))
        out.append(renderer.listing(
            "school.html", school.path, school.name, school.summary, school=school,
            people=people, items=items, safeguarding=safeguarding,
            events=_upcoming(site, site.school_events.get(school.id)),
            offers=tuple(o for o in site.offers if o.school_id == school.id)))
    if not site.offers:
        return out
    feed = FeedLink(say("expertise.feed_title", site=site.title), Urls.expertise_feed, "atom")
    out.append(renderer.listing(
        "expertise.html", Urls.expertise, say("expertise.title"), say("expertise.description"),
        own_feed=feed, offers=site.offers, areas=site.areas, safeguarding=safeguarding,
        derived=lambda s: {"filters": expertise_filters(s.offers, renderer.strings)}))
    for slug, (label, offers) in site.areas.items():
        out.append(renderer.listing(
            "expertise_area.html", Urls.expertise_area(slug), say("expertise.area", area=label),
            say("expertise.area_description", area=label),
            own_feed=feed, area=(slug, label), offers=offers, safeguarding=safeguarding))
    out.append(Job(Urls.expertise_feed, lambda s: build_offers_feed(
        s, feed.title, Urls.expertise_feed, Urls.expertise, s.offers, renderer.strings), "",
        (feed.title, Urls.expertise_feed)))
    return out


def expertise_filters(offers: tuple[Offer, ...], strings: Strings) -> tuple[FilterGroup, ...]:
    """/expertise/'s checkbox groups (area, kind, phase, region, format, school), each value
    with how many offers and requests it would show; a group with one value or none is left
    out (it would filter nothing). Their names and the formats are in `strings`' language."""
    say = strings.text
    titles = {"area": say("expertise.area_filter"), "kind": say("expertise.kind_filter"),
              "phase": say("offer.phase"), "region": say("offer.region"),
              "format": say("offer.format"), "school": say("facet.school")}
    formats = {"in-person": say("expertise.in_person"), "online": say("expertise.online")}
    counts: dict[str, dict[str, tuple[str, int]]] = {key: {} for key in titles}
    for offer in offers:
        data = offer.filter_values
        labels = {"area": {slug: label for label, slug in offer.areas},
                  "kind": {offer.kind: offer.kind_label},
                  "phase": {offer.phase: say("phase." + offer.phase)
                            if "phase." + offer.phase in strings.messages
                            else offer.phase.replace("-", " ").capitalize()},
                  "region": {data["region"]: offer.region},
                  "format": formats,
                  "school": {data["school"]: offer.school_name or offer.person_name}}
        for key, values in data.items():
            for value in values.split():
                label, count = counts[key].get(value, (labels[key].get(value, value), 0))
                counts[key][value] = (label, count + 1)
    groups = []
    for key, found in counts.items():
        options = tuple(sorted((FilterOption(v, label, n,
                                             Urls.expertise_area(v) if key == "area" else "")
                                for v, (label, n) in found.items()),
                               key=lambda o: (o.label.casefold(), o.value)))
        if len(options) > 1:
            groups.append(FilterGroup(key, titles[key], options))
    return tuple(groups)


def neighbours(site: Site, page: Page) -> tuple[Page | None, Page | None]:
    """The newer and the older post beside a post (none for other pages)."""
    if page.kind != Kind.POST:
        return None, None
    index = next((i for i, p in enumerate(site.posts) if p.path == page.path), None)
    return (None, None) if index is None else _beside(site.posts, index)


def _beside(posts: tuple[Page, ...], index: int) -> tuple[Page | None, Page | None]:
    return (posts[index - 1] if index > 0 else None,
            posts[index + 1] if index + 1 < len(posts) else None)


def files_to_copy(site: Site, theme: Theme) -> list[tuple[str, Path]]:
    """Files copied as they are: the theme's static files (but its stylesheets, see
    `files_to_minify`), content files, then the processed copies of images (from the
    build cache)."""
    found = [(path, file) for path, file in theme.static_files().items()
             if not minifies(path)]
    content = site.config.content_dir
    found += [(target, content / rel) for rel, target in site.copies]
    found += [(v.path, v.file) for _, picture in sorted(site.pictures.items())
              for v in picture.published]
    return found


def files_to_minify(theme: Theme) -> list[tuple[str, Path]]:
    """The theme's static files published minified (its stylesheets, the site's own theme's
    replacing the built-in ones like any static file): output path → file."""
    return [(path, file) for path, file in theme.static_files().items() if minifies(path)]
