"""Build-speed benchmark: sharesite beside Hugo, Pelican and Eleventy, measured the same way.

    python benchmarks/bench_build.py [--posts 1000 10000] [--resources 300] [--search]
                                     [--rounds 3] [--peers hugo pelican eleventy | --no-peers]

For each size it generates the shared teacher-blog corpus (`../shared/bench/gen_corpus.py`,
the same seed as the peers') with an author profile per author, and times whole `sharesite
build` processes with `../shared/bench/proc_timer.py` — the timer `run_peers.sh` uses — in
three scenarios:

  cold      the output and sharesite's build cache (its own XDG_CACHE_HOME, with the compiled
            templates) moved aside before each run: nothing kept from an earlier build
  nochange  the same build again
  edit      a sentence appended to the newest post, then the build

It does so on exactly the peers' corpus (the row compared with them) and on a copy with
`--resources` resource bundles added (0 skips that row), as a site with a library has.
This machine's speed drifts by a third over minutes, so sharesite and Hugo (the ratios'
base) are timed in turn, `--rounds` times, and each figure is the median of the rounds'
medians; Pelican and Eleventy are timed once, after.

The peers are timed with `../shared/bench/run_peers.sh` (installing them from the package
registries the first time; `--no-peers` skips them); it prints one table per size: medians
of wall time and peak memory, and each figure as a ratio to Hugo's. Search is off (the
peers have none) except in the row `--search` adds: sharesite as it comes, with search on,
beside what a Hugo user runs for the same result, Hugo then Pagefind's program on Hugo's
output (`hugo && pagefind --site public`, one process timed in the same rounds); that row's
ratios are to Hugo + Pagefind. Nothing here runs in the test suite: speed is measured on
demand, not asserted.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BENCH = REPO.parent / "shared" / "bench"
SCENARIOS = ("cold", "nochange", "edit")
PAIR = "hugo + pagefind"  # the row sharesite with search on is compared with

SITE_TOML = """\
title = "Benchmark corpus"
base_url = "https://example.github.io/bench/"
timezone = "UTC"
author = "{author}"
[build]
posts_per_page = 10
[feeds]
items = 20
[search]
enabled = {search}
"""


def make_corpus(bench: Path, posts: int, dest: Path, search: bool = True) -> Path:
    """The shared corpus in sharesite's layout, with author profiles and a site.toml."""
    subprocess.run([sys.executable, str(bench / "gen_corpus.py"), str(posts), "--out",
                    str(dest), "--peers", "sharesite"], check=True, stdout=subprocess.DEVNULL)
    spec = importlib.util.spec_from_file_location("gen_corpus", bench / "gen_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    site = dest / "sharesite"
    authors = site / "content" / "authors"
    authors.mkdir(parents=True, exist_ok=True)
    first = ""
    for name in module.AUTHORS:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        first = first or slug
        (authors / f"{slug}.md").write_text(f"---\nname: {name}\n---\nTeacher.\n")
    (site / "site.toml").write_text(SITE_TOML.format(author=first,
                                                     search="true" if search else "false"))
    return site


def time_scenario(bench: Path, site: Path, scenario: str, runs: int, warmup: int,
                  newest: Path) -> dict[str, float]:
    """Medians of whole-process wall seconds, CPU seconds and peak MiB for one scenario."""
    trash = site.parent / "trash"
    trash.mkdir(exist_ok=True)
    cache = site.parent / "user-cache"  # sharesite's build cache lives in the user's cache
    pre = {"cold": f"for d in _site {cache}; do [ -e $d ] && mv $d {trash}/$$.${{d##*/}}; "
                   "done; ",
           "nochange": "",
           "edit": f"printf '\\nEdited in run %s.\\n' $$ >> {newest}; "}[scenario]
    command = (f"cd {site} && export XDG_CACHE_HOME={cache} && {pre}"
               f"exec {sys.executable} -m sharesite build --quiet")
    out = subprocess.run(
        [sys.executable, str(bench / "proc_timer.py"), "-n", str(runs), "--warmup", str(warmup),
         "--timeout", "3600", "--", "sh", "-c", command],
        check=True, capture_output=True, text=True).stdout
    shutil.rmtree(trash, ignore_errors=True)
    return _figures(out, f"{site} {scenario}")


def time_hugo_pagefind(bench: Path, work: Path, posts: int, scenario: str, runs: int,
                       warmup: int) -> dict[str, float]:
    """What a Hugo user runs for search: Hugo, then the Pagefind program (the one the
    `pagefind[bin]` wheel ships, as sharesite uses) on Hugo's output, as one timed process."""
    from pagefind import service

    pagefind = service.get_executable()
    hugo = next((work / "venv" / "lib").glob("python3*/site-packages/hugo/binaries/hugo"), None)
    if pagefind is None or hugo is None:
        raise SystemExit("Hugo + Pagefind: run_peers.sh has not installed Hugo, or "
                         "pip install 'pagefind[bin]'")
    site = work / "sites" / str(posts) / "hugo"
    manifest = json.loads((site.parent / "manifest.json").read_text())
    trash = work / "trash"
    trash.mkdir(exist_ok=True)
    pre = {"cold": f"for d in public resources; do [ -e $d ] && mv $d {trash}/$$.$d; done; ",
           "nochange": "",
           "edit": f"printf '\\nEdited in run %s.\\n' $$ >> {manifest['newest']['hugo']}; "
           }[scenario]
    command = (f"cd {site} && {pre}{hugo} --quiet >/dev/null && "
               f"exec {pagefind} --site public --silent")
    out = subprocess.run(
        [sys.executable, str(bench / "proc_timer.py"), "-n", str(runs), "--warmup", str(warmup),
         "--timeout", "3600", "--", "sh", "-c", command],
        check=True, capture_output=True, text=True).stdout
    shutil.rmtree(trash, ignore_errors=True)
    return _figures(out, f"hugo + pagefind {scenario}")


def _figures(out: str, what: str) -> dict[str, float]:
    result: dict[str, float] = {}
    for key, name in (("wall s", "wall"), ("cpu s", "cpu"), ("peak MiB", "peak")):
        match = re.search(rf"A {re.escape(key)}\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", out)
        if not match:
            raise SystemExit(f"{what}: could not read the timer's output:\n{out}")
        result[name] = float(match.group(2))
    if "exit 0" not in out:
        raise SystemExit(f"{what}: the build failed:\n{out}")
    return result


def add_resources(site: Path, count: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_search import add_resources as add

    add(site, count)


def run_peers(bench: Path, sizes: list[int], peers: list[str], work: Path,
              results: Path | None = None, regenerate: bool = True) -> None:
    env = {**os.environ, "WORK": str(work), "PEERS": " ".join(peers),
           "SCENARIOS": " ".join(SCENARIOS), "REGEN": "1" if regenerate else "0",
           "RESULTS": str(results or work / "results")}
    subprocess.run(["bash", str(bench / "run_peers.sh"), *map(str, sizes)], check=True,
                   env=env)


def peer_results(results: Path, posts: int) -> dict[str, dict[str, dict[str, float]]]:
    """{tool: {scenario: {wall, cpu, peak}}} from run_peers.sh's summary-N.tsv."""
    found: dict[str, dict[str, dict[str, float]]] = {}
    summary = results / f"summary-{posts}.tsv"
    if not summary.exists():
        return found
    with summary.open() as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 6 and row[2] in SCENARIOS and row[3]:
                try:  # a later run of the same tool and scenario replaces an earlier one
                    found.setdefault(row[1], {})[row[2]] = {
                        "wall": float(row[3]), "cpu": float(row[4]), "peak": float(row[5])}
                except ValueError:
                    continue
    return found


def table(posts: int, rows: dict[str, dict[str, dict[str, float]]]) -> str:
    lines = [f"\n{posts:,} posts: medians, whole process (ratio to Hugo's figure; with "
             "search, to Hugo + Pagefind's)",
             f"{'tool':<30}" + "".join(f"{s:>20}" for s in SCENARIOS) + f"{'peak MiB':>18}"]
    for tool, scenarios in rows.items():
        hugo = rows.get(PAIR if "search" in tool or tool == PAIR else "hugo", {})
        cells = ""
        for scenario in SCENARIOS:
            figure = scenarios.get(scenario)
            if figure is None:
                cells += f"{'-':>20}"
                continue
            base = hugo.get(scenario, {}).get("wall")
            ratio = f" ({figure['wall'] / base:.2f}x)" if base else ""
            cells += f"{figure['wall']:>11.2f} s{ratio:>7}"
        peak = max((f["peak"] for f in scenarios.values()), default=0.0)
        base_peak = max((f["peak"] for f in hugo.values()), default=0.0)
        ratio = f" ({peak / base_peak:.2f}x)" if base_peak else ""
        lines.append(f"{tool:<30}{cells}{peak:>10.0f}{ratio:>8}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="*", default=[1000])
    parser.add_argument("--resources", type=int, default=300,
                        help="resource bundles added to sharesite's copy of the corpus")
    parser.add_argument("--search", action="store_true",
                        help="add a row built with search on, beside Hugo followed by "
                             "Pagefind's program on Hugo's output")
    parser.add_argument("--runs", type=int, default=0,
                        help="timed runs (default: 5 below 5,000 posts, else 3)")
    parser.add_argument("--peers", nargs="*", default=["hugo", "pelican", "eleventy"])
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds in which sharesite and Hugo are timed in turn (this "
                             "machine's speed drifts by a third over minutes)")
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH,
                        help="the shared bench folder (gen_corpus.py, proc_timer.py, "
                             "run_peers.sh)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/peers"),
                        help="run_peers.sh's work folder (its installs and results)")
    args = parser.parse_args()

    plain = "sharesite"
    searched = "sharesite + search"
    extra = f"{plain} + {args.resources} resources"
    hugo = "hugo" in args.peers and not args.no_peers
    others = [] if args.no_peers else [p for p in args.peers if p != "hugo"]
    tables = []
    with tempfile.TemporaryDirectory() as tmp:
        for posts in args.posts:
            sites = {plain: make_corpus(args.bench, posts, Path(tmp) / f"corpus-{posts}",
                                        search=False)}
            if args.search:  # beside Hugo followed by Pagefind's program
                sites[searched] = make_corpus(args.bench, posts,
                                              Path(tmp) / f"corpus-{posts}-search", search=True)
            if args.resources:
                sites[extra] = make_corpus(args.bench, posts,
                                           Path(tmp) / f"corpus-{posts}-resources", search=False)
                add_resources(sites[extra], args.resources)
            runs = args.runs or (5 if posts < 5000 else 3)
            warmup = 1 if posts < 5000 else 0
            # Rounds: sharesite, then Hugo, in turn; each figure is the median of the rounds'
            # medians, so a ratio compares figures taken minutes apart, not an hour.
            rounds: dict[str, dict[str, list[dict[str, float]]]] = {}
            for number in range(args.rounds):
                for row, site in sites.items():
                    manifest = json.loads((site.parent / "manifest.json").read_text())
                    newest = site / "content" / "posts" / f"{manifest['newest_slug']}.md"
                    for scenario in SCENARIOS:
                        figure = time_scenario(args.bench, site, scenario, runs,
                                               1 if scenario != "cold" else warmup, newest)
                        rounds.setdefault(row, {}).setdefault(scenario, []).append(figure)
                        print(f"round {number + 1}: {row}, {posts} posts, {scenario}: {figure}",
                              flush=True)
                if hugo:
                    results = args.work / "results" / f"round-{number + 1}"
                    run_peers(args.bench, [posts], ["hugo"], args.work, results,
                              regenerate=number == 0)
                    for scenario, figure in peer_results(results, posts).get("hugo",
                                                                              {}).items():
                        rounds.setdefault("hugo", {}).setdefault(scenario, []).append(figure)
                    if args.search:  # what a Hugo user runs for the same search
                        for scenario in SCENARIOS:
                            figure = time_hugo_pagefind(args.bench, args.work, posts, scenario,
                                                        runs, 1 if scenario != "cold" else warmup)
                            rounds.setdefault(PAIR, {}).setdefault(scenario, []).append(figure)
                            print(f"round {number + 1}: {PAIR}, {posts} posts, {scenario}: "
                                  f"{figure}", flush=True)
            if others:
                run_peers(args.bench, [posts], others, args.work, regenerate=False)
            rows = {row: {scenario: {key: statistics.median(f[key] for f in figures)
                                     for key in ("wall", "cpu", "peak")}
                          for scenario, figures in scenarios.items()}
                    for row, scenarios in rounds.items()}
            rows.update({tool: found for tool, found in
                         peer_results(args.work / "results", posts).items() if tool != "hugo"})
            tables.append(table(posts, rows))
    for text in tables:
        print(text)
    if args.resources:
        print(f"\n(The row with resources adds {args.resources} resource bundles to the "
              "peers' corpus.)")


if __name__ == "__main__":
    main()
