"""The hub's search bundles: the whole network in Pagefind bundles of at most BUNDLE_SIZE
records, at network/search/<n>/, listed in network/search/bundles.json. A school's search
page merges them into its own index (Pagefind's mergeIndex) when a reader asks for it.

One bundle over 200,000 records costs a first query 1.1 to 3.5 MB and ~7 GB to build; 50,000
cost ~370 KB. Each bundle is made on its own, from a folder of one small HTML file a record
(one add_directory: adding records one by one waits 0.1 s for each reply), and let go before
the next, so memory stays that of one bundle. A bundle whose records have not changed since
the last build is kept as it is.
"""

from __future__ import annotations

import html
import json
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sharesite.digest import content_digest, digest
from sharesite.outputs import Output, OutputRecord
from sharesite.render.search import pagefind_index, version
from sharesite.site.model import NetworkResource

# Records in one bundle (a test lowers it). At most 50,000; at 25,000 Pagefind takes about
# 0.65 GB to index one (1.3 GB at 50,000, measured), while the index a first query loads
# grows with the records whatever the number of bundles.
BUNDLE_SIZE = 25_000
MAX_JOBS = 2  # bundles indexed at once, each by its own Pagefind process
FOLDER = "network/search/"
LIST = FOLDER + "bundles.json"
ENTRY = "pagefind-entry.json"


def bundle_path(number: int) -> str:
    return f"{FOLDER}{number}/"


def shards(resources: tuple[NetworkResource, ...], size: int | None = None
           ) -> list[tuple[NetworkResource, ...]]:
    """The records of each bundle: the resources by school address then their own, so a
    change at one school leaves the bundles before its records as they were."""
    size = size or BUNDLE_SIZE
    ordered = sorted(resources, key=lambda r: (r.peer_url, r.url))
    return [tuple(ordered[i:i + size]) for i in range(0, len(ordered), size)]


def page(resource: NetworkResource, language: str) -> str:
    """One record as a small HTML page for Pagefind: its title, summary and tags are what
    a query matches; the school and the peer's page are meta (`school`, `link`); its
    subjects, levels, type and school are filters, and its kind (a resource, as the search
    page's "Show only" asks). Every value escaped: plain text."""
    def e(text: str) -> str:
        return html.escape(text, quote=True)

    filters = "".join(f'<span data-pagefind-filter="{key}">{e(value)}</span>'
                      for key, values in (("subject", resource.subjects),
                                          ("level", resource.levels),
                                          ("type", (resource.type,) if resource.type else ()),
                                          ("school", (resource.school,)),
                                          ("kind", ("Resource",)))
                      for value in values)
    tags = f"<p>{e(', '.join(resource.tags))}</p>" if resource.tags else ""
    date = resource.date.date().isoformat() if resource.date else ""
    return (f'<!doctype html><html lang="{e(language)}"><head><meta charset="utf-8">'
            f"<title>{e(resource.title)}</title></head><body><main data-pagefind-body>"
            f'<h1 data-pagefind-meta="title">{e(resource.title)}</h1>'
            f"<p>{e(resource.summary)}</p>{tags}</main><div hidden>"
            f'<span data-pagefind-meta="school">{e(resource.school)}</span>'
            f'<span data-pagefind-meta="link[data-link]" data-link="{e(resource.url)}"></span>'
            + (f'<span data-pagefind-meta="date">{date}</span>' if date else "")
            + f"{filters}</div></body></html>\n")


def hub_bundles(resources: tuple[NetworkResource, ...], language: str,
                before: Mapping[str, OutputRecord], index: bool = True,
                size: int | None = None, jobs: int = 1
                ) -> tuple[list[Output], dict[str, OutputRecord]]:
    """The bundles and bundles.json, with their records for the build cache. A bundle is
    kept from the last build (`before`: its records, of files still in the output) when
    its records are the same; with `index` off (serve), every bundle there is kept. Up to
    `jobs` (at most MAX_JOBS) bundles are indexed at once; the bytes are the same."""
    language = language.split("-")[0].lower() or "en"
    records: dict[str, OutputRecord] = {}
    groups = shards(resources, size)
    keys = [digest("hub bundle", version(), language, content_digest(
        "".join(page(r, language) for r in group).encode("utf-8", "surrogatepass")))
        for group in groups]
    made: dict[int, list[Output]] = {}
    todo = []
    for number, key in enumerate(keys, start=1):
        folder = bundle_path(number)
        entry = before.get(folder + ENTRY)
        kept = [p for p in before if p.startswith(folder)]
        if entry is not None and (entry.key == key or not index) and kept:
            made[number] = [Output(path, kept=True) for path in kept]
            records.update({path: before[path] for path in kept})
        elif index:
            todo.append(number)

    def make(number: int) -> list[Output]:
        # The pages made again here, one bundle's at a time, rather than kept for all.
        files = _index([page(r, language) for r in groups[number - 1]], language)
        return [Output(bundle_path(number) + path, data) for path, data in sorted(files.items())]

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, MAX_JOBS))) as pool:
        for number, found in zip(todo, pool.map(make, todo), strict=True):
            made[number] = found
            for output in found:
                name = output.path.removeprefix(bundle_path(number))
                records[output.path] = OutputRecord(keys[number - 1] if name == ENTRY else "",
                                                    data=content_digest(output.data))
    outputs = [o for number in sorted(made) for o in made[number]]
    listing = json.dumps({"version": 1, "bundles": [bundle_path(n)
                                                    for n in range(1, len(groups) + 1)],
                          "records": len(resources)}, separators=(",", ":")).encode()
    outputs.append(Output(LIST, listing))
    records[LIST] = OutputRecord(digest(*keys), data=content_digest(listing))
    return outputs, records


def _index(pages: list[str], language: str) -> dict[str, bytes]:
    """One bundle's files, from Pagefind over a folder of the pages."""
    with tempfile.TemporaryDirectory(prefix="sharesite-hub-") as tmp:
        folder = Path(tmp) / "records"
        folder.mkdir()
        for number, text in enumerate(pages):
            (folder / f"{number}.html").write_text(text, encoding="utf-8",
                                                   errors="surrogatepass")
        return pagefind_index(folder, language)

