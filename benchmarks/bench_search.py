"""Search benchmark: how big the index is, and what a reader's first query downloads.

    python benchmarks/bench_search.py [--posts 1000] [--resources 300] [--query fractions]

Generates the shared teacher-blog corpus (`../shared/bench/gen_corpus.py`) with a few
hundred resource bundles added, builds it with search on, then opens `/search/?q=…` in
Debian's Chromium (Playwright, /usr/bin/chromium) served under a sub-path, and adds up what
the browser fetched from /pagefind/ until the first results showed: raw bytes, and gzipped
(what GitHub Pages sends). Pagefind's design aims a first query under 300 KB.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import DEFAULT_BENCH, make_corpus

SUBJECTS = ["maths", "english", "science", "mfl", "computing", "history", "geography"]
LEVELS = ["KS1", "KS2", "KS3", "KS4"]
TYPES = ["lesson-plan", "worksheet", "slides", "assessment", "activity"]
LICENCES = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC0-1.0"]


def add_resources(site: Path, count: int, seed: int = 7) -> None:
    """`count` resource bundles whose bodies borrow paragraphs from the corpus's posts."""
    rng = random.Random(seed)
    posts = sorted((site / "content" / "posts").glob("*.md"))
    for i in range(count):
        body = posts[i % len(posts)].read_text(encoding="utf-8").split("---", 2)[2]
        folder = site / "content" / "resources" / f"resource-{i:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "sheet.pdf").write_bytes(b"%PDF-1.4\n% bench\n" * (i % 50 + 1))
        subject = rng.choice(SUBJECTS)
        (folder / "index.md").write_text(
            "---\n"
            f"title: \"{subject.title()} resource {i}\"\n"
            f"date: 2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}\n"
            f"subjects: [{subject}]\n"
            f"levels: [{rng.choice(LEVELS)}]\n"
            f"type: {rng.choice(TYPES)}\n"
            f"licence: {rng.choice(LICENCES)}\n"
            "files: [sheet.pdf]\n"
            "---\n" + body, encoding="utf-8")


def first_query(out: Path, query: str, base_path: str = "/bench/"
                ) -> tuple[int, int, int, float, dict[str, int]]:
    """(files fetched, raw bytes, gzipped bytes, seconds, gzipped bytes by kind of file) for
    the first query's /pagefind/."""
    from playwright.sync_api import sync_playwright

    from sharesite.serve.http import make_server

    server = make_server(out, base_path, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}{base_path}search/?q={query}"
    fetched: list[tuple[str, bytes]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync"])
            page = browser.new_page()
            page.on("response", lambda r: fetched.append((r.url, r.body()))
                    if "/pagefind/" in r.url and r.ok else None)
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_selector("#search-results li", timeout=20_000)
            seconds = time.perf_counter() - start
            browser.close()
    finally:
        server.shutdown()
    raw = sum(len(b) for _, b in fetched)
    kinds: dict[str, int] = {}
    for url, body in fetched:
        name = url.split("?", 1)[0].rsplit("/", 1)[-1]
        kind = name.rsplit(".", 1)[-1] if "." in name else name
        kinds[kind] = kinds.get(kind, 0) + len(gzip.compress(body, 6))
    return len(fetched), raw, sum(kinds.values()), seconds, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--resources", type=int, default=300)
    parser.add_argument("--query", default="fractions")
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--shard-pages", type=int, default=0,
                        help="pages to a shard while the site is small (to compare plans)")
    parser.add_argument("--max-shards", type=int, default=0,
                        help="shards a first query merges at most (to compare plans)")
    parser.add_argument("--shard-max-pages", type=int, default=0,
                        help="pages a shard may grow to before there are more shards")
    parser.add_argument("--runs", type=int, default=1, help="first queries to time")
    args = parser.parse_args()

    from sharesite.render import shards

    shards.SHARD_PAGES = args.shard_pages or shards.SHARD_PAGES
    shards.MAX_SHARDS = args.max_shards or shards.MAX_SHARDS
    shards.MAX_SHARD_PAGES = args.shard_max_pages or shards.MAX_SHARD_PAGES

    from sharesite.build import BuildOptions, build

    with tempfile.TemporaryDirectory() as tmp:
        site = make_corpus(args.bench, args.posts, Path(tmp) / "corpus")
        add_resources(site, args.resources)
        start = time.perf_counter()
        result = build(site, BuildOptions(base_url="https://example.github.io/bench/"))
        seconds = time.perf_counter() - start
        if not result.ok:
            raise SystemExit("\n".join(str(d) for d in result.diagnostics if d.is_error))
        out = result.config.output_dir
        index = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in index)
        queries = [first_query(out, args.query) for _ in range(args.runs)]
        files, raw, zipped, _, kinds = queries[0]
        query_seconds = sorted(q[3] for q in queries)[len(queries) // 2]
        listing = json.loads((out / "pagefind" / "shards.json").read_text())

    print(f"site: {args.posts} posts + {args.resources} resources, {result.pages} pages; "
          f"build {seconds:.1f} s (search step {result.timings.get('search', 0):.2f} s)")
    print(f"search index: {len(index)} files, {size / 1024:.0f} KB on disk, "
          f"{len(listing['bundles']) + 1} shards")
    print(f"first query {args.query!r}: {files} files from /pagefind/, {raw / 1024:.0f} KB raw, "
          f"{zipped / 1024:.0f} KB gzipped, results in {query_seconds:.2f} s (median of "
          f"{args.runs})")
    print("  gzipped by kind of file: " + ", ".join(
        f"{kind} {size / 1024:.0f} KB" for kind, size in sorted(kinds.items(),
                                                              key=lambda k: -k[1])))


if __name__ == "__main__":
    main()
