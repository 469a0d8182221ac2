"""Documents → Site: every page, author, tag and list, decided in one place.

`assemble` runs its steps in order: the addresses of everything (and the checks that no
two things share one), the authors, the taxonomies (tags and library facets), the pages,
and the lists that index them. Where a thing is published is `sharesite.site.urls`'s say.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from sharesite.config import SiteConfig
from sharesite.content.discover import Kind
from sharesite.content.document import Credit, Document, FileRef
from sharesite.errors import Diagnostic, did_you_mean, error, one_of, warning
from sharesite.images.picture import Picture
from sharesite.licences import LICENCES, adaptation_problem, find_licence
from sharesite.site.adaptations import adapted_by_peers, peer_checked, with_peer_sources
from sharesite.site.events import addresses as event_addresses
from sharesite.site.events import build_events
from sharesite.site.events import fixed_addresses as event_files
from sharesite.site.events import indexes as event_indexes
from sharesite.site.events import split as split_events
from sharesite.site.expertise import (
    directory,
    directory_addresses,
    school_addresses,
    schools_of,
    with_peer_offers,
)
from sharesite.site.hub import Hub, gather
from sharesite.site.links import resolve
from sharesite.site.model import (
    FACETS,
    Attribution,
    Author,
    Download,
    Facet,
    NetworkPeer,
    Options,
    Page,
    Site,
    Tag,
)
from sharesite.site.network import NetworkView, network_offers, network_view, with_peer_events
from sharesite.site.pictures import image_of, with_pictures
from sharesite.site.podcasts import podcasts
from sharesite.site.redirects import entry_id_problems, site_redirects
from sharesite.site.urls import Urls, slug_for, tag_slug


def assemble(config: SiteConfig, documents: list[Document], files: tuple[str, ...],
             options: Options, pictures: Mapping[str, Picture] | None = None,
             drawings: Mapping[str, tuple[int, int]] | None = None,
             rasters: frozenset[str] = frozenset(),
             peers: tuple[NetworkPeer, ...] = ()) -> tuple[Site, list[Diagnostic]]:
    """The site made of `documents` and the other `files`; each image in `pictures`
    (content-relative) is published as its processed copies, never as it is. `drawings`:
    the sizes of SVG pictures, for their <img>'s width and height. Of the other raster
    images (`rasters`), only a published resource's downloads are published, as they are.
    `peers`: site.toml's peers as their last-good copies left them (`site.network`)."""
    problems: list[Diagnostic] = []
    now = options.now or dt.datetime.now(dt.UTC)
    authors, author_problems = _authors(config, [d for d in documents
                                                 if d.source.kind == Kind.AUTHOR])
    problems += author_problems

    schools = schools_of(d for d in documents if d.source.kind == Kind.SCHOOL)
    # Events are made apart (sharesite.site.events): their own kind of page, not an item.
    event_docs = [d for d in documents if d.source.kind == Kind.EVENT
                  and (options.drafts or not d.draft)]
    published = [d for d in documents
                 if d.source.kind not in (Kind.AUTHOR, Kind.SCHOOL, Kind.EVENT)
                 and (options.drafts or not d.draft)
                 and (options.future or d.date is None or d.date <= now)]
    # A withdrawn resource keeps its address, for a short notice, and nothing else: not
    # its files, nor a place in any list, feed or index.
    withdrawn = [d for d in published if d.source.kind == Kind.RESOURCE and d.withdrawn]
    published = [d for d in published if not (d.source.kind == Kind.RESOURCE and d.withdrawn)]
    files = _without_downloads_of(withdrawn, published, files)

    # `owners` maps each output file to what wants it, to find two things at one address.
    owners: dict[str, list[str]] = defaultdict(list)
    urls, copies, paths, placed, originals = _addresses(published + event_docs, authors, files,
                                                        pictures or {}, rasters,
                                                        config.image, owners, problems)
    if config.image and config.image not in placed:
        problems.append(error("site.toml", 0, f"image: {config.image!r} is not a picture in "
                              "content/", "give the path of a photo or SVG drawing from "
                              "content/, like image = \"images/our-school.jpg\""))
    for school_file, who in school_addresses(schools):
        owners[school_file].append(who)
    urls.update({s.document.source.path: s.path for s in schools if s.document})
    gone = _withdrawn(withdrawn, urls, owners, problems)
    authors = _with_bios(config, authors, urls, placed, originals, drawings or {})
    descriptions = {s.id: Markup(resolve(
        with_pictures(s.document.body_html, config, placed, originals, drawings or {},
                      first_eager=False), urls, config, s.path))
        for s in schools if s.document}
    schools, offers, areas, found = directory(config, schools, authors, descriptions, now)
    problems += found
    if peers:  # the peers' offers too, credited (their expertise.json)
        offers, areas = with_peer_offers(offers, network_offers(config, peers))
    for directory_file, who in directory_addresses(areas):
        owners[directory_file].append(who)
    tags, tag_of, facets, facet_of = _taxonomies(config, published + event_docs, owners)
    events = build_events(config, event_docs, schools, authors, tag_of, urls, problems)
    own_events = events
    if peers:  # the shown peers' events too, credited (their events.json)
        events = with_peer_events(events, ((p.shown, p.events) for p in peers))
    upcoming, past = split_events(events, now, config.tz)
    for event_file, who in event_addresses(
            own_events, tags, schools, dict.fromkeys(e.start.year for e in past)):
        owners[event_file].append(who)
    tagged_events, school_events, author_events = event_indexes(events)
    network = network_view(config, peers)
    hub = gather(peers) if config.network.hub else None
    _reserve(config, published, owners, peers, network, hub)
    pages = _pages(config, published, paths, authors, urls, tag_of, facet_of, placed,
                   originals, problems)
    pages = with_peer_sources(pages, network.resources, problems)
    pages, shows = podcasts(config, pages, urls, placed, owners, problems)  # [[podcasts]]
    alias_list = _aliases(pages + gone, owners, problems)
    redirects = site_redirects(config, alias_list, owners, problems)
    problems += _address_problems(owners)
    problems += entry_id_problems(config, pages)

    posts = _newest(p for p in pages if p.kind == Kind.POST)
    resources = _newest(p for p in pages if p.kind == Kind.RESOURCE)
    listed = _newest(posts + resources)
    # One pass over the items for each index (not one per tag: sites have thousands).
    tagged_lists: dict[str, list[Page]] = {t.key: [] for t in tags}
    author_lists: dict[str, list[Page]] = {a.id: [] for a in authors}
    for item in listed:
        for tag in item.tags:
            tagged_lists[tag.key].append(item)
        for author in item.authors:
            author_lists[author.id].append(item)
    adapted_by: dict[str, list[Page]] = defaultdict(list)
    by_url = {config.base_url + r.path: r for r in resources}  # _credit made them absolute
    for page in resources:
        for credit, written in zip(page.adapted_from, page.document.adapted_from, strict=True):
            original = by_url.get(credit.url)
            if original is not None:
                adapted_by[original.path].append(page)
            problems += peer_checked(credit, written,
                                     _licence_problems(page, credit, written.line, original))
    by_peers, found = adapted_by_peers(config.base_url, resources, network.resources)
    problems += found
    faceted_lists: dict[str, list[Page]] = {f.path: [] for v in facets.values() for f in v}
    for item in resources:
        for facet in item.facets:
            faceted_lists[facet.path].append(item)

    site = Site(
        config=config,
        posts=posts,
        resources=resources,
        pages=tuple(sorted((p for p in pages if p.kind == Kind.PAGE),
                           key=lambda p: (p.title.casefold(), p.path))),
        authors=authors,
        tags=tags,
        tagged={k: tuple(v) for k, v in tagged_lists.items()},
        by_author={k: tuple(v) for k, v in author_lists.items()},
        urls=urls,
        copies=tuple(sorted(copies)),
        aliases=tuple(sorted(alias_list, key=lambda a: a[0])),
        redirects=tuple(sorted(redirects, key=lambda r: r.path)),
        adapted_by={k: tuple(v) for k, v in adapted_by.items()},
        facets=facets,
        faceted={k: tuple(v) for k, v in faceted_lists.items()},
        pictures=placed,
        originals=originals,
        drawings=dict(drawings or {}),
        picture=placed.get(config.image),
        peers=peers,
        network=network.resources,
        network_facets=network.facets,
        network_faceted=network.faceted,
        adapted_by_peers=by_peers,
        withdrawn=tuple(gone),
        hub=hub,
        schools=schools,
        offers=offers,
        areas=areas,
        events=events,
        upcoming_events=upcoming,
        past_events=past,
        tagged_events=tagged_events,
        school_events=school_events,
        author_events=author_events,
        events_now=now if events else None,
        podcasts=shows,
    )
    return site, problems


def _addresses(published: list[Document], authors: tuple[Author, ...], files: tuple[str, ...],
               pictures: Mapping[str, Picture], rasters: frozenset[str], site_image: str,
               owners: dict[str, list[str]], problems: list[Diagnostic]) -> tuple[
        dict[str, str], list[tuple[str, str]], dict[str, str], dict[str, Picture],
        dict[str, str]]:
    """The URLs of every item, author and file, the files that travel with the items, and
    the images published as processed copies: (urls, copies, each item's path, pictures,
    where each picture's original would have been published).
    Each output file is claimed in `owners`."""
    urls: dict[str, str] = {}
    copies: list[tuple[str, str]] = []
    paths: dict[str, str] = {}
    placed: dict[str, Picture] = {}
    originals: dict[str, str] = {}
    downloads = {f.path for doc in published for f in doc.files}
    previews = _previewed(published) | {site_image}

    def publish(rel: str, out: str) -> None:
        """A file published at `out`: as it is, or (an image) as its processed copies."""
        picture = pictures.get(rel)
        if picture is not None:
            folder = out.rpartition("/")[0]
            picture = placed[rel] = picture.placed(folder + "/" if folder else "",
                                                   rel in previews)
            for variant in picture.published:
                owners[variant.path].append("content/" + rel)
            if not picture.drawing:
                urls[rel] = picture.largest.path
                if rel not in downloads:  # a link to where the original would be: its copy
                    urls["/" + out] = picture.largest.path
                    originals[out] = rel
        if picture is None and rel in rasters and rel not in downloads:
            return  # a photo no published page offers or shows: never the original
        if picture is None or picture.drawing or rel in downloads:  # as it is
            urls[rel] = out
            copies.append((rel, out))
            owners[out].append("content/" + rel)

    for doc in published:
        slug = _slug_of(doc, problems)
        if not slug:
            continue
        path = Urls.item(doc.source.kind, slug)
        paths[doc.source.path] = path
        urls[doc.source.path] = path
        owners[Urls.file(path)].append(doc.path)
        base = doc.source.directory
        for rel in doc.source.bundle_files:
            publish(rel, path + rel[len(base) + 1:])
    for author in authors:
        profile = author.document.path if author.document else "site.toml"
        owners[Urls.file(author.path)].append(profile)
        owners[author.feed_path].append(f"the feed of {profile}")
        if author.document:
            urls[author.document.source.path] = author.path
    for rel in files:
        publish(rel, rel)
    return urls, copies, paths, placed, originals


def _slug_of(doc: Document, problems: list[Diagnostic]) -> str:
    """The last part of `doc`'s address, or "" (an error in `problems`) when its name
    makes none."""
    slug = slug_for(doc.name)
    if not slug:
        problems.append(error(doc.path, doc.line("slug") if "slug" in doc.lines else 1,
                              f"cannot make a web address from {doc.name!r}",
                              "add slug: a-short-name to the front matter"))
    return slug


def _without_downloads_of(withdrawn: list[Document], published: list[Document],
                          files: tuple[str, ...]) -> tuple[str, ...]:
    """The content files to publish, less the downloads of withdrawn resources (those of
    a bundle go with it) that no published page offers too."""
    gone = {f.path for d in withdrawn for f in d.files} - \
        {f.path for d in published for f in d.files}
    return tuple(f for f in files if f not in gone) if gone else files


def _withdrawn(docs: list[Document], urls: dict[str, str], owners: dict[str, list[str]],
               problems: list[Diagnostic]) -> list[Page]:
    """The withdrawn resources, each at the address it had (links to it still lead to its
    notice), by address."""
    pages = []
    for doc in docs:
        slug = _slug_of(doc, problems)
        if not slug:
            continue
        path = Urls.item(Kind.RESOURCE, slug)
        urls[doc.source.path] = path
        owners[Urls.file(path)].append(doc.path)
        pages.append(Page(kind=Kind.RESOURCE, document=doc, path=path))
    return sorted(pages, key=lambda p: p.path)


def _previewed(published: list[Document]) -> set[str]:
    """The images link previews show (og:image): each page's cover, or else the first
    image its text shows."""
    found = set()
    for doc in published:
        first = doc.cover or next((s.target or s.src for s in doc.shown
                                   if s.target or s.src.startswith("/")), "")
        if first.startswith(("@", "/")):  # a file in content/ (at the root: the same path)
            found.add(unquote(first[1:].partition("?")[0].partition("#")[0]))
    return found


def _with_bios(config: SiteConfig, authors: tuple[Author, ...], urls: dict[str, str],
               pictures: dict[str, Picture], originals: dict[str, str],
               drawings: Mapping[str, tuple[int, int]]) -> tuple[Author, ...]:
    """The authors with their profiles' text as bios, links resolved from their pages and
    photos as their processed copies."""
    return tuple(
        replace(a, bio=Markup(resolve(
            with_pictures(a.document.body_html, config, pictures, originals, drawings,
                          first_eager=False), urls, config, a.path)))
        if a.document else a
        for a in authors)


def _taxonomies(config: SiteConfig, published: list[Document],
                owners: dict[str, list[str]]) -> tuple[
        tuple[Tag, ...], dict[str, Tag], dict[str, tuple[Facet, ...]],
        dict[tuple[str, str], Facet]]:
    """The tags of posts and resources and the library facets of resources, each page and
    feed of them claimed in `owners`: (tags, tag by key, facets by kind, facet by address)."""
    tags, tag_of = _tags(published)
    for tag in tags:
        owners[Urls.file(tag.path)].append(f"the page of tag {tag.name!r}")
        owners[tag.feed_path].append(f"the feed of tag {tag.name!r}")
    facets, facet_of = _facets(config, [d for d in published if d.source.kind == Kind.RESOURCE])
    for values in facets.values():
        for facet in values:
            owners[Urls.file(facet.path)].append(f"the library page of {facet.kind} "
                                                 f"{facet.name!r}")
            owners[facet.feed_path].append(f"the feed of {facet.kind} {facet.name!r}")
    return tags, tag_of, facets, facet_of


def _reserve(config: SiteConfig, published: list[Document], owners: dict[str, list[str]],
             peers: tuple[NetworkPeer, ...] = (), network: NetworkView | None = None,
             hub: Hub | None = None) -> None:
    """Claims in `owners` the addresses sharesite writes itself: home pages, indexes, feeds,
    and with peers, the network's pages (and its facets' lists, `network`)."""
    post_count = sum(1 for d in published if d.source.kind == Kind.POST)
    home_pages = [Urls.home_page(n) for n in range(1, max(1, -(-post_count //
                                                                config.posts_per_page)) + 1)]
    for fixed in (*home_pages, Urls.resources, Urls.tags, Urls.authors, Urls.archive,
                  Urls.feed, Urls.rss, Urls.resources_feed, Urls.sitemap, Urls.not_found,
                  *Urls.catalogue_parts(sum(1 for d in published
                                            if d.source.kind == Kind.RESOURCE)),
                  Urls.catalogue_schema, Urls.json_feed, Urls.json_feed_schema,
                  Urls.network, Urls.network_schema, Urls.peers_opml,
                  "expertise.json", "expertise.schema.json",  # render/expertise_json.py
                  *event_files(),  # /events.ics, /events.json: sharesite.site.events
                  *((Urls.search, "pagefind") if config.search else ()),
                  *((Urls.robots,) if config.base_path == "/" else ()),
                  *(_network_addresses(config, peers, network, hub) if config.network.peers
                    else ())):
        owners[Urls.file(fixed)].append(f"sharesite's own /{fixed}")


def _network_addresses(config: SiteConfig, peers: tuple[NetworkPeer, ...],
                       network: NetworkView | None = None,
                       hub: Hub | None = None) -> list[str]:
    if config.network.hub:  # its own pages and files instead (sharesite.render.hub)
        hub = hub or gather(peers)
        return [Urls.network_page, Urls.network_feed,
                *(p.copy_path for p in peers if p.copy_path), *hub.addresses()]
    network = network or network_view(config, peers)
    return [*network.addresses(), Urls.network_schools, Urls.network_feed,
            *(p.copy_path for p in peers if p.copy_path)]


def _pages(config: SiteConfig, published: list[Document], paths: dict[str, str],
           authors: tuple[Author, ...], urls: dict[str, str], tag_of: dict[str, Tag],
           facet_of: dict[tuple[str, str], Facet], pictures: dict[str, Picture],
           originals: dict[str, str], problems: list[Diagnostic]) -> list[Page]:
    """A Page for each published document that has an address: its authors, licence,
    downloads, credits, cover, tags and facets looked up."""
    by_id = {a.id: a for a in authors}
    # A post may name an author by id, or as teachers often do, by name ("Ms Okafor").
    by_key = {**{a.name.casefold(): a for a in authors}, **{slug_for(a.name): a for a in authors},
              **by_id}
    pages: list[Page] = []
    for doc in published:
        if doc.source.path not in paths:
            continue
        path = paths[doc.source.path]
        page_authors: list[Author] = []
        ids = doc.authors or ((config.author,) if config.author and doc.source.kind != Kind.PAGE
                              else ())
        for author_id in ids:
            found = by_key.get(author_id) or by_key.get(author_id.casefold()) or \
                by_key.get(slug_for(author_id))
            if found is not None:
                page_authors.append(found)
            elif doc.authors:
                key = "author" if "author" in doc.lines else "authors"
                problems.append(error(
                    doc.path, doc.line(key), f"{key}: {author_id!r} is not an author",
                    did_you_mean(author_id, by_id) or
                    f"add content/authors/{author_id}.md with a name, or use one of "
                    f"{one_of(by_id) or '(none yet)'}"))
        licence = None
        if doc.source.kind == Kind.RESOURCE:
            licence_id = doc.licence or config.licence
            licence = find_licence(licence_id)
            if licence is None:
                problems.append(error(doc.path, doc.line("licence"),
                                      f"licence: {licence_id!r} is not a licence sharesite knows",
                                      did_you_mean(licence_id, LICENCES)
                                      or "use one of " + one_of(LICENCES)))
        pages.append(Page(
            kind=doc.source.kind,
            document=doc,
            path=path,
            tags=tuple(sorted({tag_of[tag_slug(t)] for t in doc.tags}, key=lambda t: t.key)),
            authors=tuple(page_authors),
            files=tuple(_download(f, urls) for f in doc.files),
            adapted_from=tuple(_credit(c, doc, urls, config) for c in doc.adapted_from),
            licence=licence,
            cover_url=_cover_url(doc, urls, problems),
            cover_picture=pictures.get(image_of(doc.cover, originals)),
            pictures=tuple(p for p in (pictures.get(image_of(s.target or s.src, originals))
                                       for s in doc.shown) if p is not None),
            facets=tuple(facet_of[kind, slug_for(name)]
                         for kind, names in _facet_names(config, doc) for name in names),
        ))
    return pages


def _aliases(pages: list[Page], owners: dict[str, list[str]],
             problems: list[Diagnostic]) -> list[tuple[str, Page]]:
    """(output path, page) for each of the pages' old addresses, claimed in `owners`."""
    alias_list: list[tuple[str, Page]] = []
    for page in pages:
        for alias in page.document.aliases:
            target = _alias_path(alias)
            if target is None:
                problems.append(error(page.document.path, page.document.line("aliases"),
                                      f"aliases: {alias!r} is not a path on this site",
                                      "write the old address from the site's root, like "
                                      "/2023/05/old-post/"))
                continue
            owners[target].append(f"{page.document.path} (aliases)")
            alias_list.append((target, page))
    return alias_list


def _address_problems(owners: dict[str, list[str]]) -> list[Diagnostic]:
    """Two things at one address, a file where a folder must be, and addresses that differ
    only in capital letters."""
    problems: list[Diagnostic] = []
    for path, who in sorted(owners.items()):
        if len(who) > 1:
            page = who[0].endswith(".md")
            problems.append(error(
                who[0], 1 if page else 0, f"the address /{path.removesuffix('index.html')} "
                f"is used by {' and '.join(who)}",
                "give one of them a different slug: in its front matter or file name" if page
                else "rename one of the files (a photo's copies are named after it: "
                     "trip.jpg is published as trip-480.webp, trip-960.jpg, …)"))
        parts = path.split("/")
        for i in range(1, len(parts)):
            folder = "/".join(parts[:i])
            if folder in owners:  # "rss.xml" is a file, "rss.xml/index.html" needs a folder
                problems.append(error(
                    who[0], 1, f"the address /{path.removesuffix('index.html')} needs a "
                    f"folder /{folder}/, but /{folder} is a file of {owners[folder][0]}",
                    "choose another address for one of them"))
    folded: dict[str, list[str]] = defaultdict(list)
    for path in owners:
        folded[path.casefold()].append(path)
    for same in folded.values():
        if len(same) > 1:  # one file on Windows and macOS: a checkout there loses one
            first, second = sorted(same)[:2]
            problems.append(error(
                owners[first][0], 1, f"/{first} and /{second} differ only in capital letters "
                f"(from {owners[first][0]} and {owners[second][0]}): Windows and macOS keep "
                "them as one file", "rename one of them"))
    return problems


def _licence_problems(page: Page, credit: Attribution, line: int,
                      original: Page | None) -> list[Diagnostic]:
    """Whether this resource may be shared under its licence, given what it adapts."""
    source = credit.licence or (original.licence if original else None)
    ours = page.licence
    if source is None or ours is None:
        return []
    if not source.open:
        return [warning(page.document.path, line,
                        f"adapted_from: {credit.title!r} is all rights reserved: sharing an "
                        "adaptation needs its author's permission",
                        "say in the text that you have it, or link to the original instead")]
    problem = adaptation_problem(source, ours)
    if problem is None:
        return []
    return [error(page.document.path, line, f"adapted_from: {credit.title!r}: {problem[0]}",
                  problem[1])]


def _facet_names(config: SiteConfig, doc: Document) -> list[tuple[str, tuple[str, ...]]]:
    """A resource's subjects, levels and type, spelled as the vocabulary spells them."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for kind, values, vocabulary in (("subjects", doc.subjects, config.subjects),
                                     ("levels", doc.levels, config.levels),
                                     ("types", (doc.type,) if doc.type else (), config.types)):
        if not values:
            out.append((kind, ()))
            continue
        known = _spellings(vocabulary)
        names = dict.fromkeys(known.get(slug_for(v), v) for v in values if slug_for(v))
        out.append((kind, tuple(names)))
    return out


@functools.lru_cache(maxsize=16)
def _spellings(vocabulary: tuple[str, ...]) -> dict[str, str]:
    """A vocabulary's values by address: "year-5" → "Year 5"."""
    return {slug_for(v): v for v in vocabulary}


def _facets(config: SiteConfig, docs: list[Document]) -> tuple[
        dict[str, tuple[Facet, ...]], dict[tuple[str, str], Facet]]:
    """Every facet value in use, merged by address ("Year 5", "year-5"), named by the
    vocabulary or else by its most common spelling."""
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for kind, names in _facet_names(config, doc):
            for name in names:
                spellings[kind, slug_for(name)][name] += 1
    vocabularies = {"subjects": config.subjects, "levels": config.levels, "types": config.types}
    labels = config.labels
    facet_of: dict[tuple[str, str], Facet] = {}
    for (kind, slug), counts in spellings.items():
        vocabulary = vocabularies[kind]
        name = min(counts, key=lambda s: (s not in vocabulary, -counts[s], s))
        order = vocabulary.index(name) if name in vocabulary else len(vocabulary)
        facet_of[kind, slug] = Facet(kind, name, slug, sum(counts.values()), order,
                                     labels.get(name, labels.get(slug, "")))
    facets = {kind: tuple(sorted((f for f in facet_of.values() if f.kind == kind),
                                 key=lambda f: (f.order, f.name.casefold())))
              for kind, _ in FACETS}
    return facets, facet_of


def _newest(items: Iterable[Page]) -> tuple[Page, ...]:
    return tuple(sorted(items, key=lambda p: p.sort_key, reverse=True))


def _authors(config: SiteConfig, docs: list[Document]) -> tuple[tuple[Author, ...],
                                                                  list[Diagnostic]]:
    problems: list[Diagnostic] = []
    authors = [Author(id=d.source.name, name=d.title, slug=slug_for(d.source.name),
                      role=d.role, school=d.school, expertise=d.expertise,
                      links=d.profile_links, school_id=d.school_id, document=d) for d in docs]
    ids = {a.id for a in authors}
    profile = config.content_dir / "authors" / f"{config.author}.md"
    if config.author and config.author not in ids and not profile.exists():
        problems.append(error("site.toml", config.author_line,
                              f"author: {config.author!r} has no profile",
                              did_you_mean(config.author, ids) or
                              f"add content/authors/{config.author}.md with name: ..."))
    return tuple(sorted(authors, key=lambda a: (a.name.casefold(), a.id))), problems


def _tags(docs: list[Document]) -> tuple[tuple[Tag, ...], dict[str, Tag]]:
    """Tags merged by their address, named by their most common spelling."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        if doc.source.kind == Kind.PAGE:
            continue
        for tag in {tag_slug(t): t for t in doc.tags}.values():
            spellings[tag_slug(tag)][tag] += 1
    tags = [Tag(slug, min(counts, key=lambda s: (-counts[s], s)), slug, sum(counts.values()))
            for slug, counts in spellings.items()]
    tags.sort(key=lambda t: (t.name.casefold(), t.slug))
    return tuple(tags), {t.key: t for t in tags}


def _download(ref: FileRef, urls: dict[str, str]) -> Download:
    return Download(ref.title, urls.get(ref.path, ref.path), ref.size, ref.path)


def _credit(credit: Credit, doc: Document, urls: dict[str, str], config: SiteConfig) -> Attribution:
    url = credit.url
    if url.startswith("/"):
        url = config.base_url + url.lstrip("/")
    elif url and not urlsplit(url).scheme:
        target = posixpath.normpath(posixpath.join(doc.source.directory, url))
        if target in urls:
            url = config.base_url + urls[target]
    return Attribution(credit.title, url, credit.author, find_licence(credit.licence),
                       credit.licence)


def _cover_url(doc: Document, urls: dict[str, str], problems: list[Diagnostic]) -> str:
    cover = doc.cover
    if cover.startswith("@"):
        rel = cover[1:]
        if rel not in urls:
            problems.append(error(doc.path, doc.line("cover"),
                                  f"cover: {rel.rpartition('/')[2]!r} does not exist",
                                  "put the image beside the post and check its name"))
            return ""
        return urls[rel]
    path = cover.lstrip("/")
    return urls.get("/" + path, path)  # an image in content/: its largest copy


def _alias_path(alias: str) -> str | None:
    parts = urlsplit(alias.strip())
    if parts.scheme or parts.netloc:
        return None
    path = posixpath.normpath("/" + parts.path.lstrip("/")).lstrip("/")
    if not path or path.startswith(".."):
        return None
    if path.endswith((".html", ".htm")):
        return path
    return path + "/index.html"


def vocabulary_warnings(config: SiteConfig, documents: list[Document]) -> list[Diagnostic]:
    """Subjects, levels and types outside site.toml's vocabulary, and credits whose licence
    cannot be told: a warning with a guess."""
    problems = []
    for doc in documents:
        for credit in doc.adapted_from:
            if credit.licence and find_licence(credit.licence) is None:
                problems.append(warning(
                    doc.path, credit.line,
                    f"adapted_from: licence {credit.licence!r} is not one sharesite knows, so "
                    "it is shown as written", "use an id like CC-BY-NC-4.0 or OGL-UK-3.0 "
                    "so readers get a link to its terms"))
        for key, allowed, values in (("subjects", config.subjects, doc.subjects),
                                     ("levels", config.levels, doc.levels),
                                     ("type", config.types, (doc.type,) if doc.type else ())):
            known = {slug_for(a) for a in allowed}  # "ks2", "Year-5": the same as KS2, Year 5
            for value in values:
                if slug_for(value) not in known:
                    problems.append(warning(
                        doc.path, doc.line(key), f"{key}: {value!r} is not in the vocabulary",
                        did_you_mean(value, allowed) or
                        f"use one of {one_of(allowed)}, or add it under [vocabulary] in "
                        "site.toml"))
    return problems
