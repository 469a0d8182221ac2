"""The search index in shards: an edit re-indexes only the shard of the page that changed,
an incremental build writes the same index as a build from nothing, and a search over the
shards finds what a search over one whole index finds (in Chromium, through Pagefind's
own script, as the search page runs it)."""

from __future__ import annotations

import json
import random
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from browser_support import launch
from support import build, make_site, tree

from sharesite.render import shards
from sharesite.serve.http import make_server

BASE_URL = "https://example.github.io/sub/path/"
BASE_PATH = "/sub/path/"
CONFIG = f"""\
title = "Shards"
base_url = "{BASE_URL}"
language = "en-GB"
timezone = "Europe/London"
author = "ms-a"
"""
# English-like text: a few common words and a long tail, so that words are in some pages
# and not others, and how often they occur differs from page to page (as ranking needs).
COMMON = ["the", "class", "pupils", "lesson", "reading", "writing", "number", "practice",
          "feedback", "question", "teacher", "week", "time", "work", "group"]
RARE = [f"{a}{b}{c}" for a in ("frac", "phot", "vol", "syl", "tec", "mag", "quad", "nor")
        for b in ("an", "el", "ort", "ist") for c in ("", "s", "ing", "ion")]
# Single whole words (none is the start of another word of the corpus) find exactly the
# same pages in shards as in one whole index. Words typed in part and phrases can differ a
# little: Pagefind matches a word's longer and stemmed forms only in the index file where
# the typed word falls (a form that starts the next file is not found), which is so in one
# whole index too, at its own file boundaries; shards have smaller files (to keep a first
# query small), so their boundaries fall elsewhere.
QUERIES = ["fracanion", "photelion", "magistion", "norortion", "lesson", "the", "zzzz"]
PARTS = ["photel", "syl", "fracan", "mag", "volortion teacher", "quadelion pupils",
         "tecanion reading"]


def corpus(posts: int, seed: int = 11) -> dict[str, str | bytes]:
    rng = random.Random(seed)
    files: dict[str, str | bytes] = {"content/authors/ms-a.md": "---\nname: Ms A\n---\nHi.\n"}
    for i in range(posts):
        words = [rng.choice(COMMON) if rng.random() < 0.8 else
                 RARE[min(len(RARE) - 1, int(rng.paretovariate(1.2)) * 3 + i % 3)]
                 for _ in range(rng.randint(40, 400))]
        title = " ".join(rng.choice(RARE) for _ in range(2))
        files[f"content/posts/2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}-post-{i:04d}.md"] = (
            f"---\ntitle: {title} {i}\ntags: [t{i % 5}]\n---\n{' '.join(words)}.\n")
    return files


def index_files(site_out: Path) -> dict[str, bytes]:
    folder = site_out / "pagefind"
    return {rel: (folder / rel).read_bytes() for rel in tree(folder)}


def shard_of_file(rel: str) -> str:
    first = rel.split("/", 1)[0]
    return first if first.isdigit() and "/" in rel else ("list" if rel == "shards.json" else "0")


def test_an_edit_reindexes_one_shard_and_matches_a_clean_build(tmp_path: Path) -> None:
    site = make_site(tmp_path, corpus(200), CONFIG)
    build(site)
    first = index_files(site / "_site")
    listing = json.loads(first["shards.json"])
    count = len(listing["bundles"]) + 1
    assert count == shards.shard_count(listing["pages"]) >= 4
    assert listing["pages"] == 200  # the posts (listings and profiles are not searched)
    stamps = {rel: (site / "_site" / "pagefind" / rel).stat().st_mtime_ns for rel in first}

    # One post edited: one shard made again, every other file of the index left untouched.
    post = site / "content/posts/2024-05-05-post-0004.md"
    post.write_text(post.read_text() + "\nAn extra sentence about quadrants.\n")
    build(site)
    second = index_files(site / "_site")
    changed = {shard_of_file(rel) for rel in first.keys() | second.keys()
               if first.get(rel) != second.get(rel)}
    assert len(changed) == 1 and "list" not in changed, changed
    (shard,) = changed
    assert shard == str(shards.shard_of("posts/post-0004/index.html", count))
    untouched = [rel for rel in first if shard_of_file(rel) != shard]
    assert untouched and all(
        (site / "_site" / "pagefind" / rel).stat().st_mtime_ns == stamps[rel]
        for rel in untouched), "a shard whose pages did not change was written again"

    # More changes, then the same index as a build from nothing, byte for byte.
    (site / "content/posts/2024-11-11-post-0010.md").unlink()
    (site / "content/posts/2025-01-01-new.md").write_text(
        "---\ntitle: New post\n---\nfracan photel quadrants and the class.\n")
    build(site)
    clean = tmp_path / "clean"
    build(site, "--output", str(clean))
    assert index_files(site / "_site") == index_files(clean)
    assert tree(site / "_site") == tree(clean)


def test_no_change_keeps_every_shard(tmp_path: Path) -> None:
    site = make_site(tmp_path, corpus(80), CONFIG)
    build(site)
    folder = site / "_site" / "pagefind"
    stamps = {rel: (folder / rel).stat().st_mtime_ns for rel in tree(folder)}
    (site / "content/posts/2024-02-02-post-0001.md").touch()  # touched, not changed
    build(site)
    assert {rel: (folder / rel).stat().st_mtime_ns for rel in tree(folder)} == stamps


def test_shard_counts_grow_with_the_site() -> None:
    assert shards.shard_count(0) == 1
    assert shards.shard_count(shards.SHARD_PAGES) == 1
    assert shards.shard_count(shards.SHARD_PAGES + 1) == 2
    assert shards.shard_count(1000) == 16
    assert shards.shard_count(10_000) == shards.MAX_SHARDS
    assert shards.shard_count(100_000) * shards.MAX_SHARD_PAGES >= 100_000
    counts = [shards.shard_count(n) for n in range(0, 50_000, 97)]
    assert counts == sorted(counts)
    assert all(c & (c - 1) == 0 for c in counts)  # powers of two


@contextmanager
def served(folder: Path) -> Iterator[str]:
    server = make_server(folder, BASE_PATH, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# What search.js does to load the index, then every result's address for each query.
SEARCH_JS = """async ([queries, site]) => {
  const base = new URL("pagefind/", site).href;
  const pagefind = await import(base + "pagefind.js");
  await pagefind.options({ baseUrl: "/" });
  await pagefind.init();
  const listing = await (await fetch(base + "shards.json")).json();
  await Promise.all(listing.bundles.map(
    (b) => pagefind.mergeIndex(new URL(b, base).href, { baseUrl: "/" })));
  const found = {};
  for (const query of queries) {
    const search = await pagefind.search(query);
    found[query] = await Promise.all(search.results.map((r) => r.data().then((d) => d.url)));
  }
  const kinds = await pagefind.search("fracan", { filters: { kind: "Post" } });
  found["fracan (posts only)"] = await Promise.all(
    kinds.results.map((r) => r.data().then((d) => d.url)));
  return { found, bundles: listing.bundles.length };
}"""


def searched(url: str) -> dict[str, Any]:
    with launch() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + "search/")
        result: dict[str, Any] = page.evaluate(SEARCH_JS, [QUERIES + PARTS, url])
        assert not errors, errors
        return result


def test_shards_find_what_one_whole_index_finds(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    files = corpus(300)
    sharded = make_site(tmp_path / "sharded", files, CONFIG)
    build(sharded)
    whole = make_site(tmp_path / "whole", files, CONFIG)
    monkeypatch.setattr(shards, "SHARD_PAGES", 10**9)  # one shard, as Pagefind alone makes
    build(whole)
    monkeypatch.undo()
    with served(sharded / "_site") as one, served(whole / "_site") as other:
        split, single = searched(one), searched(other)
    assert split["bundles"] >= 3 and single["bundles"] == 0
    assert split["found"].keys() == single["found"].keys()
    for query, urls in single["found"].items():
        found = split["found"][query]
        assert len(found) == len(set(found)), query
        if query in PARTS:
            continue
        assert sorted(found) == sorted(urls), query  # the same pages, none lost, none extra
    assert single["found"]["zzzz"] == []
    assert all(single["found"][q] for q in QUERIES if q != "zzzz")
    # Words typed in part, and phrases: what either finds has words that start as the
    # query's do, and most of it both find.
    words = {f"{BASE_PATH}posts/{name.removesuffix('.md').split('-', 3)[3]}/":
             set(re.findall(r"[a-z]+", str(text).lower()))
             for name, text in files.items() if name.startswith("content/posts/")
             for name in [name.rsplit("/", 1)[1]]}
    for query in PARTS:
        one, other = set(split["found"][query]), set(single["found"][query])
        having = {url for url, found in words.items()
                  if all(any(w.startswith(part[:5]) for w in found) for part in query.split())}
        assert one and other and one <= having and other <= having, query
        assert len(one & other) >= 0.4 * len(one | other), query
    # The order can differ: Pagefind scores each shard's results with that shard's own
    # word counts (as a search engine does per shard unless told otherwise), so results
    # with near scores can swap places. A rarer word's best pages stay near the top.
    for query in ("fracanion", "photelion", "magistion", "norortion"):
        top = set(split["found"][query][:10]) & set(single["found"][query][:10])
        assert len(top) >= 5, (query, len(top))
