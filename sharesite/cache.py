"""What a rebuild reuses from the last one: documents already read, and outputs still right.

- documents: each source file's Document, reused while its text (by size and modification
  time, then by digest) and the files its front matter names are unchanged;
- outputs: each output file's record (`render.OutputRecord`), to keep outputs whose inputs
  are unchanged and to write only bytes that changed.

Both are only valid for the settings they were made with (site.toml, build options,
sharesite's version): `settings` is their digest, and a cache made with other settings is
started afresh. `serve` keeps one BuildCache in memory between rebuilds; `build` and
`check` keep it between runs (`load_cache`, `save_cache`) in the user's cache folder, never
the site's (`places.site_cache`: its documents are trusted, already-sanitised HTML): safe
to delete, never read by another version of sharesite, and read back only as sharesite's
own data classes, looked up by name, never imported or run.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sharesite import __version__
from sharesite.config import SiteConfig
from sharesite.content.discover import Source
from sharesite.content.document import Document, load_document, read_source
from sharesite.content.markdown import MarkdownRenderer
from sharesite.digest import content_digest, digest, trusted_stamp
from sharesite.errors import Diagnostic
from sharesite.outputs import OutputRecord
from sharesite.places import site_cache, user_cache
from sharesite.progress import Progress, silent
from sharesite.render.theme import Theme, load_theme, theme_stamp
from sharesite.site.model import Site
from sharesite.workers import fork_pool

FORMAT = 2  # the layout of these tables: a new sharesite never reads an old layout


@dataclass(frozen=True)
class DocumentEntry:
    stamp: tuple[int, int] | None  # the source's (modification time in ns, size), if trusted
    text: str  # digest of its text
    files: tuple[tuple[str, int], ...]  # files its front matter names, with their sizes
    document: Document
    problems: tuple[Diagnostic, ...]  # warnings: a document with errors is not kept


@dataclass(frozen=True)
class LastBuild:
    """The last build that wrote the output: a digest of every input it read, and what it
    reported, so that a run in which nothing changed can say so at once."""

    inputs: str
    pages: int
    feeds: int
    files: int
    diagnostics: tuple[Diagnostic, ...]
    due: dt.datetime | None  # when a scheduled post comes out: the site changes then


@dataclass
class BuildCache:
    reading: str = ""  # digest of the settings documents were read with
    settings: str = ""  # digest of every setting: outputs were made with these
    documents: dict[str, DocumentEntry] = field(default_factory=dict)
    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    # Kept in memory only (serve): the theme with its compiled templates, and the last site.
    theme: tuple[tuple[object, ...], Theme] | None = None
    site: Site | None = None
    changed: set[str] = field(default_factory=set)  # documents changed since it was loaded
    pending: list[Path] = field(default_factory=list)  # shards not read yet (see `read`)
    last: LastBuild | None = None  # what the last build that wrote the output was made from
    # The shards on disk hold `documents` but for those in `changed`: saving writes those.
    on_disk: bool = False

    def read(self) -> None:
        """Read the documents' shards, left on disk until a build needs them: a build in
        which nothing changed never does."""
        try:
            for path in self.pending:
                self.documents.update(_read(path))
        except Exception:  # damaged or not ours: read everything afresh
            self.documents.clear()
            self.on_disk = False
        self.pending.clear()

    def load_theme(self, config: SiteConfig, settings: str,
                   compiled: Path | None = None) -> Theme:
        """The theme, reused (its templates compiled) while its files and the settings are
        unchanged: a template may have kept a setting (the base path) from its first use."""
        stamp = (settings, theme_stamp(config))
        if self.theme is None or self.theme[0] != stamp:
            self.theme = (stamp, load_theme(config, compiled))
        return self.theme[1]

    def start(self, config: SiteConfig, *options: object, keep: bool = False) -> str:
        """Forget what was made with other settings; returns the settings' digest.
        Documents depend on few settings (a new site title does not mean reading every
        post again); outputs on all of them."""
        reading = digest(FORMAT, __version__, config.root, config.tz.key, config.unsafe_html)
        settings = digest(FORMAT, __version__, config, options)
        if reading != self.reading:
            self.reading = reading
            self.changed.update(self.documents)
            self.documents.clear()
            self.pending.clear()
            self.on_disk = False  # every shard is to be written again
            self.last = None
        if settings != self.settings and not keep:  # keep: a check, which writes nothing
            self.settings = settings
            self.outputs.clear()
            self.last = None
        return settings


PARALLEL_FROM = 64  # documents to parse: fewer are done sooner on one process


@dataclass(frozen=True)
class _Fresh:
    """A source to parse: its text has changed, or was never read (`text` None: the
    parsing reads it, on a worker when there are workers)."""

    source: Source
    text: str | None
    stamp: tuple[int, int] | None


# (document or None, its problems, the digest of its text)
Parsed = tuple[Document | None, list[Diagnostic], str]


def text_digest(text: str) -> str:
    return content_digest(text.encode("utf-8", "surrogatepass"))


def parse_all(config: SiteConfig, items: list[tuple[Source, str | None]], jobs: int,
              renderer: Callable[[], MarkdownRenderer],
              progress: Progress = silent) -> list[Parsed]:
    """`parse_one` for each (source, text or None to read it), on `jobs` processes when
    it is worth it. The result is the same as on one: the same function, the same order."""
    results: list[Parsed] = []
    pool = fork_pool(jobs, _start_worker, (config,)) \
        if jobs > 1 and len(items) >= PARALLEL_FROM else None
    if pool is not None:
        chunk = max(1, min(64, len(items) // (jobs * 4)))
        with pool:
            for result in pool.map(_parse_in_worker, items, chunksize=chunk):
                results.append(result)
                progress("Reading content", len(results), len(items))
        return results
    md = renderer()
    for source, text in items:
        results.append(parse_one(config, source, text, md))
        progress("Reading content", len(results), len(items))
    return results


def parse_one(config: SiteConfig, source: Source, text: str | None,
              md: MarkdownRenderer) -> Parsed:
    """A source's document (its text read first if not given), problems and text digest."""
    if text is None:
        text, problem = read_source(config.root, source)
        if problem is not None or text is None:
            return None, [problem] if problem else [], ""
    return (*load_document(config, source, text, md), text_digest(text))


_worker: tuple[SiteConfig, MarkdownRenderer] | None = None  # one per worker process


def _start_worker(config: SiteConfig) -> None:
    global _worker  # a worker process's own Markdown instance
    _worker = (config, MarkdownRenderer(config.unsafe_html))


def _parse_in_worker(item: tuple[Source, str | None]) -> Parsed:
    assert _worker is not None
    config, md = _worker
    return parse_one(config, item[0], item[1], md)


class DocumentLoader:
    """Sources → Documents, reusing the cache's documents where nothing they came from
    changed. `changed` lists the sources read afresh this time."""

    def __init__(self, config: SiteConfig, cache: BuildCache | None,
                 dirty: frozenset[str] = frozenset(),
                 stamps: Mapping[str, tuple[int, int] | None] | None = None) -> None:
        self.config = config
        self.cache = cache
        self.stamps = stamps or {}  # taken already by the caller, to stat each file once
        if cache is not None:
            cache.read()
        self.dirty = dirty  # content-relative paths known to have changed (from the watcher)
        self.changed: list[str] = []
        self._renderer: MarkdownRenderer | None = None

    @property
    def renderer(self) -> MarkdownRenderer:
        if self._renderer is None:  # building one costs a few ms: only when needed
            self._renderer = MarkdownRenderer(self.config.unsafe_html)
        return self._renderer

    def load(self, source: Source) -> tuple[Document | None, list[Diagnostic]]:
        return self.load_all((source,))[0]

    def load_all(self, sources: Sequence[Source], jobs: int = 1,
                 progress: Progress = silent) -> list[tuple[Document | None, list[Diagnostic]]]:
        """Each source's document and problems, in order. Those read afresh are parsed on
        `jobs` processes (Markdown is most of a cold build)."""
        results: list[tuple[Document | None, list[Diagnostic]]] = []
        fresh: list[tuple[int, _Fresh]] = []
        for source in sources:
            found = self._reuse_or_read(source)
            if isinstance(found, _Fresh):
                fresh.append((len(results), found))
                found = (None, [])  # filled in below
            results.append(found)
        parsed = parse_all(self.config, [(f.source, f.text) for _, f in fresh], jobs,
                           lambda: self.renderer, progress)
        for (index, item), (document, problems, read) in zip(fresh, parsed, strict=True):
            self.changed.append(item.source.path)
            if document is not None:
                files = tuple((f.path, f.size) for f in document.files)
                document = replace(document, digest=digest(read, item.source, files))
                if self.cache is not None:
                    self.cache.documents[item.source.path] = DocumentEntry(
                        item.stamp, read, files, document, tuple(problems))
                    self.cache.changed.add(item.source.path)
            results[index] = (document, problems)
        return results

    def _reuse_or_read(self, source: Source) -> tuple[Document | None, list[Diagnostic]] | _Fresh:
        """The cached document and its problems, or the text to parse."""
        stamp = self.stamps[source.path] if source.path in self.stamps else \
            trusted_stamp(self.config.content_dir / source.path)
        entry = self.cache.documents.get(source.path) if self.cache else None
        if entry is None:  # never read: read where it is parsed
            return _Fresh(source, None, stamp)
        if stamp is not None and entry.stamp == stamp \
                and source.path not in self.dirty and self._files_same(entry):
            return self._reuse(entry, source, stamp, entry.text)
        text, problem = read_source(self.config.root, source)
        if problem is not None:
            return None, [problem]
        assert text is not None
        read = text_digest(text)
        if entry.text == read and self._files_same(entry):
            return self._reuse(entry, source, stamp, read)
        return _Fresh(source, text, stamp)

    def _reuse(self, entry: DocumentEntry, source: Source, stamp: tuple[int, int] | None,
               text: str) -> tuple[Document, list[Diagnostic]]:
        if entry.document.source != source or entry.stamp != stamp:  # files beside it
            document = entry.document
            if document.source != source:
                document = replace(document, source=source,
                                   digest=digest(text, source, entry.files))
            entry = replace(entry, stamp=stamp, document=document)
            assert self.cache is not None
            self.cache.documents[source.path] = entry
            self.cache.changed.add(source.path)
        return entry.document, list(entry.problems)

    def _files_same(self, entry: DocumentEntry) -> bool:
        for rel, size in entry.files:
            try:
                if os.stat(self.config.content_dir / rel).st_size != size:
                    return False
            except OSError:
                return False
        return True

    def forget_missing(self, sources: tuple[Source, ...]) -> None:
        """Drop entries of sources that are gone, so the cache does not grow for ever."""
        if self.cache is None:
            return
        present = {s.path for s in sources}
        for path in [p for p in self.cache.documents if p not in present]:
            del self.cache.documents[path]
            self.cache.changed.add(path)


# -- kept between runs ----------------------------------------------------------------------

_SHARDS = 64  # documents are kept in shards, so one edit rewrites one small file


def _shard(path: str) -> str:
    return f"documents-{int(digest(path)[:8], 16) % _SHARDS:02d}.pickle"


def _folder(root: Path) -> Path:
    return site_cache(root) / f"v{FORMAT}-{__version__}"


def load_cache(root: Path) -> BuildCache:
    """The cache the last `build` of the site in `root` left, or an empty one."""
    folder = _folder(root)
    try:
        state = _read(folder / "state.pickle")
        cache = BuildCache(reading=state["reading"], settings=state["settings"],
                           outputs=state["outputs"], last=state["last"],
                           pending=[folder / name for name in state["shards"]], on_disk=True)
    except Exception:  # missing, older, damaged or not ours: start afresh
        return BuildCache()
    return cache


def forget_saved(root: Path) -> None:
    """Before the output changes: a run stopped before `save_cache` must not find records
    of the output as it was (it would keep pages that are no longer there)."""
    (_folder(root) / "state.pickle").unlink(missing_ok=True)


def save_cache(cache: BuildCache, root: Path) -> None:
    """Keep `cache` for the next run: the shards of changed documents, and the state."""
    cache.read()
    folder = _folder(root)
    fresh = not cache.on_disk or not folder.is_dir()
    if fresh and folder.parent.is_dir():  # another version's cache: of no use now
        for old in folder.parent.glob("v*-*"):
            shutil.rmtree(old, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    tag = user_cache() / "CACHEDIR.TAG"  # backup tools skip folders with this file
    if not tag.exists():
        tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                       "# sharesite's build cache: safe to delete.\n", encoding="utf-8")
    shards: dict[str, dict[str, DocumentEntry]] = {}
    for path, entry in cache.documents.items():
        shards.setdefault(_shard(path), {})[path] = entry
    touched = {_shard(path) for path in cache.changed}
    for name in sorted(touched if not fresh else shards):
        _write(folder / name, shards.get(name, {}))
    _write(folder / "state.pickle", {"reading": cache.reading, "settings": cache.settings,
                                     "outputs": cache.outputs, "shards": sorted(shards),
                                     "last": cache.last})
    cache.changed.clear()
    cache.on_disk = True


def _write(path: Path, value: object) -> None:
    temporary = path.with_name(path.name + ".new")
    with temporary.open("wb") as stream:
        pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = {ZoneInfo: _reduce_zone}
        pickler.dump(value)
    os.replace(temporary, path)


def _reduce_zone(zone: ZoneInfo) -> tuple[Any, tuple[str]]:
    return _zone, (zone.key,)


def _zone(key: str) -> ZoneInfo:
    """A time zone by name (how a cache file stores one)."""
    return ZoneInfo(key)


def _read(path: Path) -> Any:
    with path.open("rb") as stream:
        return _Unpickler(stream).load()


# What a cache file may contain: sharesite's data classes and the plain types inside them,
# by exact name. Classes are looked up in modules already loaded, never imported.
_ALLOWED = {("builtins", n) for n in ("set", "frozenset", "dict", "list", "tuple", "str",
                                      "int", "float", "bool", "bytes")} | {
    ("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"),
    ("datetime", "timedelta"), ("datetime", "timezone"), ("markupsafe", "Markup"),
    ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("sharesite.cache", "_zone"),
    ("sharesite.cache", "DocumentEntry"), ("sharesite.cache", "LastBuild"),
    ("sharesite.content.document", "Document"), ("sharesite.content.document", "FileRef"),
    ("sharesite.content.document", "Credit"), ("sharesite.content.document", "ProfileLink"),
    ("sharesite.content.discover", "Source"), ("sharesite.errors", "Diagnostic"),
    ("sharesite.errors", "Severity"), ("sharesite.content.markdown", "LinkRef"),
    ("sharesite.outputs", "OutputRecord")}


class _Unpickler(pickle.Unpickler):
    """Reads only plain data: a cache file cannot make sharesite run anything."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED and module in sys.modules:
            return getattr(sys.modules[module], name)
        raise pickle.UnpicklingError(f"not allowed in a cache: {module}.{name}")
