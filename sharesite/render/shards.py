"""The site's search index in shards, so that an edit re-indexes only the shard of the page
that changed.

Pagefind has no incremental mode: each run indexes a whole folder. So the pages to search
are split into a number of shards by a hash of their path, each indexed by Pagefind into a
bundle of its own: shard 0 at /pagefind/ (with Pagefind's scripts: the search page loads it
first), shard k at /pagefind/<k>/, all listed in /pagefind/shards.json for the search page to
combine in the browser (Pagefind's `mergeIndex`). A shard is a function of its pages alone
(their bytes, the language, Pagefind's version and the shard plan), so a build keeps each
shard whose pages have not changed, byte for byte, and a rebuild after edits writes the
same files as a build from nothing.

How many shards is measured (benchmarks/bench_build.py --search, bench_search.py): each
costs a first query its entry and word list, and each edit costs Pagefind's start plus
about a millisecond a page of the one shard. So a site has one shard up to SHARD_PAGES
pages, then twice as many each time it doubles, up to MAX_SHARDS; past that they grow,
until a shard would pass MAX_SHARD_PAGES. The count changing re-indexes everything once.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sharesite.digest import content_digest, digest
from sharesite.outputs import Output, OutputRecord
from sharesite.render.search import FOLDER, RECORDS, pagefind_index, peer_records, version
from sharesite.site.model import Site

LIST = FOLDER + "shards.json"
ENTRY = "pagefind-entry.json"
SHARD_PAGES = 64  # pages to a shard while the site is small (edits stay quick)
MAX_SHARDS = 16  # shards a first query merges while shards have at most MAX_SHARD_PAGES
MAX_SHARD_PAGES = 1000
MAX_JOBS = 2  # shards indexed at once, each by its own Pagefind process
# Pagefind splits each shard's word list into files of about this many word positions (its
# own default is 20,000; PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE, read by Pagefind 1.5, ignored
# where unknown): a query loads one file a shard, and each file costs a line in the shard's
# table of them, which a query loads too. Measured at 10,000 posts in 16 shards, a first
# query for "fractions" moved 384 KB gzipped with files of 2,000 positions, 279 KB with
# 1,000, 294 KB with 500 (one whole index: 212 KB); in 8 shards, 244 KB with 2,000.
CHUNK = 16_000  # divided by the number of shards
MIN_CHUNK = 500
_MARK = b"data-pagefind-body"


@dataclass(frozen=True)
class Record:
    """One page to search: where it sits under the output folder and a digest of its bytes."""

    path: str
    sums: str


def shard_count(pages: int) -> int:
    """The number of shards for a site with `pages` pages to search (a power of two)."""
    count = 1
    while pages > count * SHARD_PAGES and count < MAX_SHARDS:
        count *= 2
    while pages > count * MAX_SHARD_PAGES:
        count *= 2
    return count


def shard_of(path: str, count: int) -> int:
    """The shard a page's record goes to: its path's hash, so it never moves while the
    number of shards stays the same."""
    return int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:8], "big") % count


def chunk_size(count: int) -> int:
    return max(MIN_CHUNK, CHUNK // count)


def folder_of(number: int) -> str:
    return FOLDER if number == 0 else f"{FOLDER}{number}/"


def shard_number(path: str) -> int | None:
    """The shard an output belongs to (shard 0 holds Pagefind's scripts), or None for an
    output that is no shard's."""
    if not path.startswith(FOLDER) or path == LIST:
        return None
    first, _, rest = path[len(FOLDER):].partition("/")
    return int(first) if rest and first.isdigit() else 0


def in_shard(path: str, number: int) -> bool:
    return shard_number(path) == number


def index_site(site: Site, outputs: list[Output], records: Mapping[str, OutputRecord],
               before: Mapping[str, OutputRecord], last: Mapping[str, OutputRecord],
               read: Callable[[str], bytes], jobs: int = 1,
               skip: frozenset[str] = frozenset()
               ) -> tuple[list[Output], dict[str, OutputRecord]]:
    """The search index's outputs and their records for the build cache.

    `outputs` are the site's, some `kept` without bytes (then `read(path)` gives them);
    `records` their records; `before` the last build's records of files still in the
    output, `last` all of them (a shard some of whose files have gone is made again).
    Pages in `skip` are not searched (a language's copies of items not translated)."""
    language = site.language.split("-")[0].lower() or "en"
    known = _searched(last)
    pages: dict[str, bytes | None] = {}
    searched: list[Record] = []
    for output in outputs:
        if not output.path.endswith(".html") or output.path in skip:
            continue
        data = output.data
        if data is None and known is not None:  # kept, so searched only if it was before
            if output.path not in known:  # (its bytes are read if its shard is made again)
                continue
        else:
            data = data if data is not None else read(output.path)
            if _MARK not in data:
                continue
        kept = records.get(output.path)
        sums = kept.data if kept and kept.data else content_digest(data or b"")
        pages[output.path] = data
        searched.append(Record(output.path, sums))
    if not site.config.network.hub:  # a hub's peers are searched in its own bundles
        for name, data in peer_records(site.network):
            path = RECORDS + name
            pages[path] = data
            searched.append(Record(path, content_digest(data)))

    count = shard_count(len(searched))
    groups: list[list[Record]] = [[] for _ in range(count)]
    for record in sorted(searched, key=lambda r: r.path):
        groups[shard_of(record.path, count)].append(record)
    plan = (version(), language, str(count), str(chunk_size(count)))
    keys = [digest("search shard", *plan, str(n), *(f"{r.path}\n{r.sums}" for r in group))
            for n, group in enumerate(groups)]

    found: list[Output] = []
    made: dict[str, OutputRecord] = {}
    todo: list[int] = []
    files: dict[int, list[str]] = {}  # the last index's files, by shard
    for path in last:
        if (number := shard_number(path)) is not None:
            files.setdefault(number, []).append(path)
    for number, key in enumerate(keys):
        entry = before.get(folder_of(number) + ENTRY)
        there = files.get(number, [])
        if entry is not None and entry.key == key and there and all(p in before for p in there):
            found += [Output(p, kept=True) for p in there]
            made.update({p: before[p] for p in there})
        else:
            todo.append(number)

    def make(number: int) -> dict[str, bytes]:
        return _index(groups[number], pages, read, language, site.config.base_path,
                      chunk_size(count))

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, MAX_JOBS, len(todo) or 1))) as pool:
        for number, index in zip(todo, pool.map(make, todo), strict=True):
            for name, data in sorted(index.items()):
                if number and (name.endswith(".js") or name.startswith("wasm.")):
                    continue  # the scripts come once, with shard 0
                path = folder_of(number) + name
                found.append(Output(path, data))
                made[path] = OutputRecord(
                    keys[number] if name == ENTRY else "",
                    reads=tuple((r.path, r.sums) for r in groups[number])
                    if name == ENTRY else (),
                    data=content_digest(data))
    listing = json.dumps({"version": 1, "bundles": [folder_of(n).removeprefix(FOLDER)
                                                    for n in range(1, count)],
                          "pages": len(searched)}, separators=(",", ":")).encode()
    found.append(Output(LIST, listing))
    made[LIST] = OutputRecord(digest(*keys), data=content_digest(listing))
    return sorted(found, key=lambda o: o.path), made


def _searched(last: Mapping[str, OutputRecord]) -> set[str] | None:
    """The pages the last index searched (each shard's entry remembers its pages), or None
    when there is no whole last index to tell."""
    listing = last.get(LIST)
    if listing is None:
        return None
    paths: set[str] = set()
    for path, record in last.items():
        if path.startswith(FOLDER) and path.endswith(ENTRY):
            if not record.key:
                return None
            paths.update(p for p, _ in record.reads)
    return paths


def _index(group: list[Record], pages: Mapping[str, bytes | None],
           read: Callable[[str], bytes], language: str, base_path: str, chunk: int
           ) -> dict[str, bytes]:
    """One shard's files: its pages written under the base path (so results carry it) into
    a scratch folder that Pagefind indexes."""
    with tempfile.TemporaryDirectory(prefix="sharesite-search-") as tmp:
        under = Path(tmp) / "site" / base_path.strip("/")
        for record in group:
            data = pages.get(record.path)
            target = under / record.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data if data is not None else read(record.path))
        return pagefind_index(Path(tmp) / "site", language, [".headerlink"],
                              "or turn search off with [search] enabled = false in site.toml",
                              chunk=chunk)


def shards(paths: Iterable[str]) -> int:
    """How many shards an index has, from its files' paths."""
    return sum(1 for p in paths if p.startswith(FOLDER) and p.endswith(ENTRY))
