"""Sources → Documents, reusing what an earlier build read where nothing it came from has
changed, and parsing the rest (on worker processes for a big first build).

The loader owns its `DocumentStore`: each source's Document with the stamp and text digest
it was read from. The build cache holds a store and keeps it between runs; data flows one
way: the loader knows nothing of the cache, the outputs or the site.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from sharesite.config import SiteConfig
from sharesite.content.discover import Source
from sharesite.content.document import Document, load_document, read_source
from sharesite.content.markdown import MarkdownRenderer
from sharesite.content.store import DocumentEntry, DocumentStore
from sharesite.digest import content_digest, digest, trusted_stamp
from sharesite.errors import Diagnostic
from sharesite.progress import Progress, silent
from sharesite.workers import fork_pool, state

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


def _start_worker(config: SiteConfig) -> tuple[SiteConfig, MarkdownRenderer]:
    return config, MarkdownRenderer(config.unsafe_html)  # a worker's own Markdown instance


def _parse_in_worker(item: tuple[Source, str | None]) -> Parsed:
    config, md = state()
    return parse_one(config, item[0], item[1], md)


class DocumentLoader:
    """Sources → Documents, reusing the store's documents where nothing they came from
    changed (no store: read everything). `changed` lists the sources read afresh."""

    def __init__(self, config: SiteConfig, store: DocumentStore | None,
                 dirty: frozenset[str] = frozenset(),
                 stamps: Mapping[str, tuple[int, int] | None] | None = None) -> None:
        self.config = config
        self.store = store
        self.stamps = stamps or {}  # taken already by the caller, to stat each file once
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
                if self.store is not None:
                    self.store.put(item.source.path, DocumentEntry(
                        item.stamp, read, files, document, tuple(problems)))
            results[index] = (document, problems)
        return results

    def _reuse_or_read(self, source: Source) -> tuple[Document | None, list[Diagnostic]] | _Fresh:
        """The cached document and its problems, or the text to parse."""
        stamp = self.stamps[source.path] if source.path in self.stamps else \
            trusted_stamp(self.config.content_dir / source.path)
        entry = self.store.entries.get(source.path) if self.store else None
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
            assert self.store is not None
            self.store.put(source.path, entry)
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
        """Drop entries of sources that are gone, so the store does not grow for ever."""
        if self.store is None:
            return
        present = {s.path for s in sources}
        for path in [p for p in self.store.entries if p not in present]:
            self.store.drop(path)


