"""Measuring a hub: a synthetic network of N schools of M resources (saved as last-good
copies, as `sharesite network fetch` leaves them), the time and memory its browse files and
search bundles take, and what a first whole-network search costs a reader in Chromium.

For benchmarks (benchmarks/bench_network.py) and the figures in the issue, not for a build.
Run `measure_hub` in a fresh process: peak memory is the process's whole life's peak.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharesite.hub import browse, bundles
from sharesite.peers import store
from sharesite.site.hub import gather
from sharesite.site.model import NetworkPeer
from sharesite.site.network import peer_from

SUBJECTS = ("Maths", "English", "Science", "Geography", "History", "Computing", "Art",
            "Music", "French", "Spanish", "PE", "RE", "PSHE", "Design and technology")
LEVELS = ("EYFS", "KS1", "KS2", "KS3", "KS4", "KS5")
TYPES = ("Worksheet", "Lesson plan", "Slides", "Quiz", "Knowledge organiser", "Game")
_SYLLABLES = ("ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu", "na", "pe", "qui",
              "ro", "sa", "te", "vi", "wo", "xa", "ze", "tion", "ment", "ing", "er")


@dataclass(frozen=True)
class HubFigures:
    records: int
    schools: int
    load_seconds: float  # the copies read into peers, as a build reads them
    browse_seconds: float  # every browse file made
    bundle_seconds: float  # every search bundle made
    browse_files: int
    browse_bytes: int
    bundle_files: int
    bundle_bytes: int
    peak_rss: int  # bytes: this process, over its whole life
    peak_rss_child: int  # bytes: the largest child process (Pagefind)


@dataclass(frozen=True)
class QueryFigures:
    bytes: int  # every response's body and headers, from typing the query to its results
    hub_bytes: int  # of which from the hub's site
    requests: int
    results: int


def synthetic_hub(root: Path, schools: int, each: int, now: dt.datetime,
                  base_url: str = "https://hub.example/") -> None:
    """A hub site in `root` (site.toml, members.toml) with a last-good copy of each member
    saved: `schools` schools of `each` resources, words drawn from a fixed vocabulary."""
    rnd = random.Random(15)
    words = sorted({"".join(rnd.choice(_SYLLABLES) for _ in range(rnd.randint(2, 4)))
                    for _ in range(4000)})
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(
        f'title = "The network"\nbase_url = "{base_url}"\nlanguage = "en-GB"\n\n'
        '[search]\nenabled = false\n\n[network]\nschool = "The network"\nhub = true\n'
        'registry = "members.toml"\n', encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    members = []
    fetched = (now - dt.timedelta(hours=1)).isoformat()
    for n in range(schools):
        url = f"https://school{n}.example/"
        name = f"School {n} {rnd.choice(words).title()}"
        members.append(f'[[members]]\nname = "{name}"\nurl = "{url}"\n')
        items = []
        for i in range(each):
            title = " ".join(rnd.choice(words) for _ in range(rnd.randint(3, 6))).capitalize()
            items.append({
                "id": f"{url}resources/r{i}/", "url": f"{url}resources/r{i}/", "title": title,
                "summary": " ".join(rnd.choice(words) for _ in range(rnd.randint(8, 25))),
                "published": (now - dt.timedelta(days=rnd.randint(1, 1500))).date().isoformat(),
                "updated": None, "subjects": [rnd.choice(SUBJECTS)],
                "levels": [rnd.choice(LEVELS)], "type": rnd.choice(TYPES),
                "tags": [rnd.choice(words) for _ in range(rnd.randint(0, 3))],
                "licence": {"id": "CC-BY-4.0", "name": "CC BY 4.0", "url": None}})
        files = {"network.json": {"version": 1, "site": {"title": name, "url": url},
                                  "school": {"name": name}},
                 "resources.json": {"version": 1, "site": {"title": name, "url": url},
                                    "resources": items}}
        store.save(root.resolve(), store.Copy(url, name, fetched, files, {}))
    (root / "members.toml").write_text("\n".join(members), encoding="utf-8")


def load_peers(root: Path, now: dt.datetime) -> tuple[NetworkPeer, ...]:
    """The members as a build shows them, from their last-good copies."""
    from sharesite.config import load_config

    config, _ = load_config(root.resolve(), None)
    peers = []
    for member in config.network.peers:
        copy = store.load(config.root, member.url)
        peer = peer_from(member.name, member.url, copy.fetched if copy else None,
                         copy.files if copy else None, now)
        if peer is not None:
            peers.append(peer)
    return tuple(peers)


def measure_hub(root: Path, now: dt.datetime, base_url: str = "https://hub.example/"
                ) -> HubFigures:
    """Time and memory of a hub's own outputs (browse files and search bundles) over the
    members' copies in `root`."""
    clock = time.perf_counter()
    peers = load_peers(root, now)
    loaded = time.perf_counter()
    hub = gather(peers)
    made = [(path, make()) for path, make in browse.browse_files(hub, base_url, "Hub")]
    browse_bytes, browse_files = sum(len(data) for _, data in made), len(made)
    del made
    browsed = time.perf_counter()
    outputs, _ = bundles.hub_bundles(hub.resources, "en", {})
    indexed = time.perf_counter()
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes there, KiB here
    return HubFigures(
        records=len(hub.resources), schools=len(hub.schools),
        load_seconds=loaded - clock, browse_seconds=browsed - loaded,
        bundle_seconds=indexed - browsed, browse_files=browse_files,
        browse_bytes=browse_bytes, bundle_files=len(outputs),
        bundle_bytes=sum(len(o.data or b"") for o in outputs),
        peak_rss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale,
        peak_rss_child=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale)


def first_query_bytes(search_url: str, query: str, hub_origin: str,
                      chromium: str = "/usr/bin/chromium", network: bool = True
                      ) -> QueryFigures:
    """What a first search on a school's search page (`search_url`) moves, in Chromium:
    the page opened, the whole-network switch turned on (`network`), `query` typed; every
    response counted until the results show. Needs Playwright (a test dependency)."""
    from playwright.sync_api import sync_playwright

    sizes: list[tuple[str, int]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        try:
            page = browser.new_page()
            page.goto(search_url)
            page.wait_for_load_state("networkidle")

            def seen(request: Any) -> None:
                found = request.sizes()
                sizes.append((request.url, found["responseBodySize"] +
                              found["responseHeadersSize"]))

            page.on("requestfinished", seen)
            if network:
                page.check("#search-network")
            page.fill("#search-input", query)
            page.wait_for_function(  # "3 results for …", "No results for …", or an error
                "() => /results? for|could not/.test("
                "document.getElementById('search-status').textContent)", timeout=120_000)
            page.wait_for_load_state("networkidle")
            results = page.locator("#search-results li").count()
        finally:
            browser.close()
    return QueryFigures(sum(size for _, size in sizes),
                        sum(size for url, size in sizes if url.startswith(hub_origin)),
                        len(sizes), results)
