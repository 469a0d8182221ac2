"""The pipeline on one screen: config → sources → documents → site → outputs → publish.

`build` runs every stage, collecting diagnostics; it stops before writing anything when
there is an error. `check` is the same run with `publish=False`.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sharesite.cache import (
    BuildCache,
    LastBuild,
    forget_saved,
    load_cache,
    save_cache,
    theme_key,
)
from sharesite.config import SiteConfig, load_config
from sharesite.content.discover import (
    Discovered,
    Kind,
    discover_sources,
    unpublished_markdown,
)
from sharesite.content.svg import read_drawings
from sharesite.digest import digest, trusted_stamp
from sharesite.errors import (
    ConfigError,
    Diagnostic,
    blocks_strict,
    error,
    has_errors,
    strictly,
)
from sharesite.outputs import Output, OutputRecord
from sharesite.peers import store
from sharesite.places import compiled_templates, site_cache
from sharesite.progress import Progress, silent
from sharesite.publish.output import check_output_dir
from sharesite.pupils import pupil_names
from sharesite.render.theme_files import strings_stamp

if TYPE_CHECKING:
    from sharesite.content.document import Document
    from sharesite.render.theme import Theme
    from sharesite.site.model import NetworkPeer, Site

# The stages (Markdown, Jinja, the site's model, images, calendars) are imported by `_build`
# once it knows the site has changed: a build in which nothing has changed, the most common
# run in CI and at a teacher's desk, loads only what tells it so (a fifth of a second less).

@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    strict: bool = False  # warnings are errors
    base_url: str | None = None
    output: Path | None = None
    publish: bool = True
    broken_links_are_errors: bool = False  # and images without alt text (`check`)
    search: bool = True  # index for search (when site.toml enables it); serve does it aside
    keep_cache: bool = False  # keep the build cache between runs (the command line does)
    jobs: int = 1  # processes to parse Markdown on (0: one per core)
    in_place: bool = False  # write changed files into the output as they are (serve)
    now: dt.datetime | None = None  # what time it is (None: the clock): scheduled posts
    pupil_names: Path | None = None  # the school's private list of pupils' names, if any


@dataclass(frozen=True)
class BuildResult:
    config: SiteConfig
    diagnostics: tuple[Diagnostic, ...]
    pages: int = 0
    feeds: int = 0
    files: int = 0
    published: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    site: Site | None = None
    rendered: int = 0  # outputs made this time (the rest were still right)
    updated: tuple[str, ...] = ()  # output files written or removed
    kept: int = 0  # outputs still right from the last build, not made again
    unchanged: bool = False  # nothing had changed since the last build: nothing was done
    changed: tuple[str, ...] = ()  # content files read afresh

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if not d.is_error)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)


def build(root: Path, options: BuildOptions = BuildOptions(), cache: BuildCache | None = None,
          dirty: frozenset[str] = frozenset(), progress: Progress = silent) -> BuildResult:
    """Build the site in `root`. Raises ConfigError / UsageError for exit-2 problems.

    With a `cache` from the last build, only what changed is read, rendered and written
    (`dirty`: content files known to have changed, content-relative)."""
    # A build makes hundreds of thousands of objects and almost no reference cycles: the
    # cycle collector would scan them over and over for nothing (a third of a rebuild).
    collecting = gc.isenabled()
    gc.disable()
    try:
        if cache is None and options.keep_cache:
            cache = load_cache(root.resolve())
        result = _build(root, options, cache, dirty, progress)
        if cache is not None and options.keep_cache and not result.unchanged:
            save_cache(cache, root.resolve())
        return result
    finally:
        if collecting:
            gc.enable()


def _build(root: Path, options: BuildOptions, cache: BuildCache | None,
           dirty: frozenset[str], progress: Progress) -> BuildResult:
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    now = options.now or dt.datetime.now(dt.UTC)
    config, problems = load_config(root, options.base_url)
    if options.output is not None:
        config = replace(config, output_dir=options.output.resolve())
    if options.publish:
        check_output_dir(config)
    cache = cache or BuildCache()
    # The site's own string tables are settings too: every page shows their words.
    settings = cache.start(config, options.drafts, options.future, strings_stamp(config),
                           keep=not options.publish)
    stamp = theme_key(config, settings)
    step("config")

    discovered, found = discover_sources(config.content_dir, config.multilingual)
    drawings = read_drawings(config.content_dir, discovered.copied)
    problems += found + drawings.problems
    stamps = _stamps(config, discovered)
    names, found = pupil_names(options.pupil_names)  # outside the site, but an input
    problems += found
    copies = _copies(config, now)  # the peers' last-good copies: never the network
    inputs = _inputs(stamps, digest(settings, sorted(names), _copies_key(config, copies)),
                     stamp)
    step("discover")
    last = cache.last
    if last is not None and inputs and last.inputs == inputs and options.publish and \
            (last.due is None or now < last.due) and \
            _still_there(config.output_dir, cache.outputs):
        # Nothing the site is made from has changed since the last build, which is still
        # in the output folder: it is this build.
        diagnostics = tuple(strictly(last.diagnostics)) if options.strict \
            else last.diagnostics
        return BuildResult(config=config, diagnostics=diagnostics, pages=last.pages,
                           feeds=last.feeds, files=last.files, published=True,
                           timings=timings, kept=last.files, unchanged=True)

    from sharesite.content.loader import DocumentLoader
    from sharesite.hub.bundles import hub_bundles
    from sharesite.images.stage import find_rasters, process_images, to_process
    from sharesite.images.store import ImageStore
    from sharesite.publish.output import Staging, commit, publish, recover, update
    from sharesite.render.engine import render_site
    from sharesite.render.renderer import TemplateFailure
    from sharesite.render.search import FOLDER as SEARCH_FOLDER
    from sharesite.render.search import SearchUnavailable
    from sharesite.render.shards import index_site
    from sharesite.site.assemble import assemble, vocabulary_warnings
    from sharesite.site.languages import in_every_language, redirects_elsewhere
    from sharesite.site.links import check_links
    from sharesite.site.model import Options
    from sharesite.site.photos import photo_problems

    theme = cache.load_theme(config, stamp, compiled_templates() if options.keep_cache else None)
    peers = _peers(config, copies, now)
    loader = DocumentLoader(config, cache.store(), dirty, stamps)
    documents: list[Document] = []
    for document, found in loader.load_all(discovered.sources, _jobs(options), progress):
        problems += found
        if document is not None:
            documents.append(document)
    loader.forget_missing(discovered.sources)
    problems += unpublished_markdown(discovered, {d.episode.transcript for d in documents
                                                  if d.episode is not None})
    problems += vocabulary_warnings(config, [d for d in documents
                                             if d.source.kind == Kind.RESOURCE])
    step("content")

    rasters = find_rasters(config.content_dir, discovered.copied)
    copied = frozenset(discovered.copied) - drawings.refused  # refused: reported
    pictures, found = process_images(config, to_process(rasters, documents, copied,
                                                        config.image),
                                     ImageStore(site_cache(config.root) / "images"),
                                     _jobs(options), progress)
    problems += found
    step("images")

    def assemble_site(config: SiteConfig, documents: list[Document]
                      ) -> tuple[Site, list[Diagnostic]]:
        return assemble(config, documents, discovered.files,
                        Options(drafts=options.drafts, future=options.future, now=now),
                        pictures, drawings.sizes, rasters, peers)

    # A site in several languages is a site for each (the first at the root, the others
    # under their prefix), linked page to page: sharesite.site.languages.
    if config.multilingual:
        sites, found = _in_languages(config, documents, theme, assemble_site, lambda doc: (
            (options.drafts or not doc.draft)
            and (options.future or doc.date is None or doc.date <= now)))
    else:
        site, found = assemble_site(config, documents)
        sites = [site]
    site = sites[0]
    prefixes = [lang.prefix for lang in config.languages] if config.multilingual else [""]
    problems += found
    # Reported with the links, once the pages are made (like links, alt text is an error
    # only in `check`): a mistake here does not hide the errors rendering would find.
    photo_checks = [found for each in sites for found in photo_problems(
        each, now, names, options.broken_links_are_errors or options.strict)]
    step("site")

    rendered = 0
    updated: list[str] = []

    def finish(outputs: list[Output] | None = None, published: bool = False) -> BuildResult:
        diagnostics = problems
        if options.strict:
            diagnostics = strictly(diagnostics)
        outputs = outputs or []
        return BuildResult(
            config=config,
            diagnostics=tuple(sorted(set(diagnostics))),
            pages=sum(1 for o in outputs if o.path.endswith(".html")),
            feeds=sum(1 for o in outputs if o.path.endswith(("feed.xml", "rss.xml"))),
            files=len(outputs),
            published=published,
            timings=timings,
            site=site,
            rendered=rendered,
            updated=tuple(updated),
            kept=sum(1 for o in outputs if o.kept),
            changed=tuple(loader.changed),
        )

    if has_errors(problems):
        problems += photo_checks
        return finish()
    # The last build's outputs can be kept only if they are still there to keep.
    journal = site_cache(config.root) / "publish.json"
    if options.keep_cache and options.publish:
        recover(journal, config.output_dir)  # a build stopped part-way: make it whole
    before = cache.outputs if config.output_dir.is_dir() and options.publish else {}
    if before:  # is the output still what the cache says? (someone may have deleted files)
        folder = str(config.output_dir)
        before = {path: r for path, r in before.items()
                  if os.path.isfile(os.path.join(folder, path))}
    # A whole new output (no last build to keep files from) is written while it is made.
    staging = Staging(config.output_dir) if options.publish and not before else None
    try:
        outputs, records = [], {}
        try:
            for each, prefix in zip(sites, prefixes, strict=True):
                shared = each.config.shared  # published by the first language
                made = render_site(each, theme, _under(before, prefix, prefixes),
                                   settings + prefix + (digest(sorted(shared.items()))
                                                        if shared else ""),
                                   first=loader.changed, progress=progress,
                                   jobs=_jobs(options),
                                   sink=_moved_to(prefix, staging.put) if staging else None,
                                   keep=(lambda path, shared=shared: in_every_language(path)  # type: ignore[misc]
                                         and path not in shared) if prefix else None)
                outputs += [replace(o, path=prefix + o.path) for o in made.outputs]
                records.update({prefix + path: r for path, r in made.records.items()})
                rendered += made.made
        except TemplateFailure as exc:
            problems.append(error(_shown(config, exc.template), exc.line, exc.message,
                                  "fix the template, or delete it to use the built-in one"))
            problems += photo_checks
            return finish()
        step("render")
        # Search is indexed aside while serving (the last index stays); otherwise only the
        # shards whose pages changed are indexed again.
        if config.search and not options.search:
            folders = tuple(prefix + SEARCH_FOLDER for prefix in prefixes)
            for path, record in before.items():
                if path.startswith(folders):
                    outputs.append(Output(path, kept=True))
                    records[path] = record
        elif config.search:
            progress("Indexing for search", 0, 0)
            output_dir = config.output_dir
            found_index, found_records = [], {}
            for each, prefix in zip(sites, prefixes, strict=True):  # each language its own
                try:
                    index, index_records = index_site(
                        each, [replace(o, path=o.path[len(prefix):]) for o in outputs
                               if _in_tree(o.path, prefix, prefixes)],
                        _under(records, prefix, prefixes), _under(before, prefix, prefixes),
                        _under(cache.outputs, prefix, prefixes),
                        lambda path, prefix=prefix: (output_dir / (prefix + path)).read_bytes(),  # type: ignore[misc]
                        jobs=_jobs(options), skip=_untranslated(each))
                except SearchUnavailable as exc:  # the machine, not the content: exit 2
                    raise ConfigError([error("site.toml", 0, str(exc))]) from exc
                found_index += [replace(o, path=prefix + o.path) for o in index]
                found_records.update({prefix + k: r for k, r in index_records.items()})
            outputs += found_index
            records.update(found_records)
            step("search")
        if site.hub is not None:  # the whole network's search bundles, kept when unchanged
            progress("Indexing the network for search", 0, 0)
            try:
                bundles, bundle_records = hub_bundles(
                    site.hub.resources, config.language, before, options.search,
                    jobs=_jobs(options))
            except SearchUnavailable as exc:
                raise ConfigError([error("site.toml", 0, str(exc))]) from exc
            outputs += bundles
            records.update(bundle_records)
            step("network search")

        everything = {"/" + o.path for o in outputs} if config.multilingual else set()
        if config.multilingual:  # redirects.toml's to another language's pages
            problems += redirects_elsewhere(site, [
                {o.path[len(prefix):] for o in outputs if _in_tree(o.path, prefix, prefixes)}
                for prefix in prefixes])
        for each, prefix in zip(sites, prefixes, strict=True):
            problems += check_links(each, {o.path[len(prefix):] for o in outputs
                                           if _in_tree(o.path, prefix, prefixes)} | everything
                                    | set(each.config.shared),
                                    options.broken_links_are_errors or options.strict)
        problems += photo_checks
        step("links")
        if has_errors(problems) or (options.strict and blocks_strict(problems)) or \
                not options.publish:
            return finish(outputs)
        progress("Writing the site", 0, 0)
        if options.keep_cache:
            forget_saved(config.root)
        if before and options.in_place:
            updated = update(outputs, before, records, config.output_dir)
        elif before and options.keep_cache and (committed := commit(
                outputs, before, records, config.output_dir, journal)) is not None:
            updated = committed
        else:
            handed, staging = staging, None  # publish finishes it, or throws it away
            updated = publish(outputs, config.output_dir, before, records, handed)
    finally:
        if staging is not None:  # not published: errors, or a check
            staging.discard()
    cache.outputs, cache.site = records, site
    result = finish(outputs, published=True)
    cache.last = LastBuild(inputs, result.pages, result.feeds, result.files, tuple(problems),
                           _due(config, documents, now, options.future, copies))
    step("write")
    return replace(result, timings=timings)


def _in_languages(config: SiteConfig, documents: list[Document], theme: Theme,
                  assemble_site: Callable[[SiteConfig, list[Document]],
                                          tuple[Site, list[Diagnostic]]],
                  published: Callable[[Document], bool]
                  ) -> tuple[list[Site], list[Diagnostic]]:
    """Each language's site, in site.toml's order, each knowing its pages' versions in the
    others (`Site.translations`). `published`: whether a version is out (not a draft or
    a post for later), and so counts as a translation."""
    from sharesite.render.pages import site_jobs
    from sharesite.render.renderer import Renderer
    from sharesite.site.languages import (
        in_every_language,
        link,
        shared_files,
        split,
        taken_prefixes,
        translation_keys,
        with_other_languages,
    )
    from sharesite.site.urls import Urls

    keys, problems = translation_keys(documents)
    trees, found = split(config, documents, keys, published)
    problems += found
    sites: list[Site] = []
    pages: list[dict[str, str]] = []
    for number, tree in enumerate(trees):
        each, found = assemble_site(tree.config, list(tree.documents))
        problems += found
        sites.append(each)
        # an event's page is made as a list is (no content file of its own): by its address
        events = {Urls.file(event.path): event.document.source.path
                  for event in each.events if event.path and event.document}
        # its pages (site path → the content file it shows, "" for a list), to link
        # (and the site's 404 page, whose switch leads to the other languages' home pages)
        pages.append({job.path.removesuffix("index.html"): job.source or events.get(job.path, "")
                      for job in site_jobs(Renderer(each, theme))
                      if (job.path.endswith("index.html") or job.path == "404.html")
                      and job.template != "redirect.html"
                      and (number == 0 or in_every_language(job.path))})
    problems += taken_prefixes(trees, sites[0], pages[0])
    linked = link(trees, pages, keys)
    out = []
    for each, links, tree in zip(sites, linked, trees, strict=True):
        each = replace(each, translations=links,
                       urls=with_other_languages(each, tree, trees, sites))
        if tree is not trees[0]:  # its files that the first language publishes: theirs
            each = replace(each, config=replace(each.config,
                                                shared=shared_files(each, sites[0])))
        out.append(each)
    return out, problems


def _under(records: Mapping[str, OutputRecord], prefix: str, prefixes: list[str]
           ) -> dict[str, OutputRecord]:
    """The records of one language's outputs (under `prefix`), by their path in it."""
    return {path[len(prefix):]: record for path, record in records.items()
            if _in_tree(path, prefix, prefixes)}


def _in_tree(path: str, prefix: str, prefixes: list[str]) -> bool:
    """Whether the output `path` is one of the language under `prefix`'s ("" is the first
    language's: the site's root, less the other languages' folders)."""
    if prefix:
        return path.startswith(prefix)
    return not any(path.startswith(other) for other in prefixes if other)


def _moved_to(prefix: str, sink: Callable[[Output], None]) -> Callable[[Output], None]:
    """`sink`, taking a language's outputs to its folder."""
    if not prefix:
        return sink
    return lambda output: sink(replace(output, path=prefix + output.path))


def _untranslated(site: Site) -> frozenset[str]:
    """The output files of a language's copies of items not translated into it: not
    searched in it (they are, in their own language)."""
    if site.translations is None:
        return frozenset()
    return frozenset(path + "index.html" for path, page in site.translations.pages.items()
                     if page.foreign)


def _due(config: SiteConfig, documents: list[Document], now: dt.datetime,
         future: bool, copies: tuple[store.Copy | None, ...] = ()
         ) -> dt.datetime | None:
    """When the site next changes with nothing edited: a scheduled post comes out, a
    photo's consent review date (or its grace period) passes, or a peer's copy grows old
    enough to be shown "as of", hidden or ignored."""
    from sharesite.site.events import next_change as next_event_end
    from sharesite.site.expertise import STALE_AFTER
    from sharesite.site.network import AGES, fetched_at, offers_stale_at

    times = [] if future else [d.date for d in documents if d.date and d.date > now]
    for copy in copies:
        when = fetched_at(copy.fetched) if copy else None
        if when is not None:
            times += [when + age + dt.timedelta(seconds=1) for age in AGES
                      if when + age + dt.timedelta(seconds=1) > now]
        stale = offers_stale_at(copy.files, now) if copy else None  # a peer's offer hidden
        if stale is not None and stale > now:
            times.append(stale)
    for doc in documents:  # an offer of the site's own, 12 months after its review, hidden
        for offer in doc.offers:
            if offer.reviewed is not None:
                day = dt.datetime.combine(offer.reviewed + STALE_AFTER + dt.timedelta(days=1),
                                          dt.time(), dt.UTC)  # as site.expertise counts days
                times += [day] if day > now else []
    ends = next_event_end(config, documents, now)  # an event over: to /events/past/
    times += [ends] if ends is not None else []
    grace = dt.timedelta(days=config.images.review_grace_days + 1)
    for doc in documents:
        for fact in doc.images:
            if fact.review_by is not None:
                day = dt.datetime.combine(fact.review_by, dt.time(), config.tz)
                times += [t for t in (day + dt.timedelta(days=1), day + grace) if t > now]
    return min(times, default=None)


def _copies(config: SiteConfig, now: dt.datetime) -> tuple[store.Copy | None, ...]:
    """Each peer's last-good copy (None: none yet), in site.toml's order. A peer with a
    `source` folder in this repository has its copy made from it (always fresh, never
    published: sharesite.peer_sites)."""
    if not any(peer.source for peer in config.network.peers):
        return tuple(store.load(config.root, peer.url) for peer in config.network.peers)
    from sharesite import peer_sites  # builds the peer's site: only for such a peer

    return tuple(peer_sites.copy(config.root, peer, now) if peer.source else
                 store.load(config.root, peer.url) for peer in config.network.peers)


def _copies_key(config: SiteConfig, copies: tuple[store.Copy | None, ...]
                ) -> list[tuple[str, str, str, str]]:
    """What the build's inputs take of the copies: each peer's address, name, time of
    fetching and a digest of its files."""
    return [(peer.url, peer.name, copy.fetched if copy else "",
             copy.files_digest() if copy else "")
            for peer, copy in zip(config.network.peers, copies, strict=True)]


def _peers(config: SiteConfig, copies: tuple[store.Copy | None, ...],
           now: dt.datetime) -> tuple[NetworkPeer, ...]:
    """The peers as the site shows them, from their copies (a peer whose copy is too old
    is left out). Each fetched copy shown is published too (/network/copies/, made when
    written), for a fetch whose cache was lost to restore from."""
    from sharesite.site.model import PublishedCopy
    from sharesite.site.network import peer_from
    from sharesite.site.urls import Urls

    peers = []
    for settings, copy in zip(config.network.peers, copies, strict=True):
        # fetched "" with files: a copy made from the peer's folder here (always fresh)
        peer = peer_from(settings.name, settings.url, copy.fetched if copy else None,
                         copy.files if copy else None, now, config.tz)
        if peer is not None:
            if copy is not None and not settings.source:
                peer = replace(peer, copy_path=Urls.network_copy(store.file_name(copy.url)),
                               copy=PublishedCopy(copy.files_digest() + copy.fetched,
                                                  functools.partial(store.published, copy)))
            peers.append(peer)
    return tuple(peers)


def _stamps(config: SiteConfig, discovered: Discovered) -> dict[str, tuple[int, int] | None]:
    """Every content file's (time, size), None when too new to trust: taken once, for
    `_inputs` and for the document loader."""
    return {rel: trusted_stamp(config.content_dir / rel)
            for rel in [s.path for s in discovered.sources] + discovered.copied}


def _inputs(stamps: dict[str, tuple[int, int] | None], settings: str,
            theme: tuple[object, ...]) -> str:
    """A digest of everything a build reads: settings, theme files, and every content
    file's size and time. "" when a file is too new for its time to be trusted."""
    if any(stamp is None for stamp in stamps.values()):
        return ""
    return digest(settings, theme, list(stamps.items()))


def _still_there(output_dir: Path, outputs: dict[str, OutputRecord]) -> bool:
    folder = str(output_dir)
    return bool(outputs) and all(os.path.isfile(os.path.join(folder, p)) for p in outputs)


def _jobs(options: BuildOptions) -> int:
    return options.jobs if options.jobs > 0 else len(os.sched_getaffinity(0)) \
        if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _shown(config: SiteConfig, path: str) -> str:
    try:
        return Path(path).resolve().relative_to(config.root).as_posix()
    except ValueError:
        return "sharesite built-in theme: " + Path(path).name
