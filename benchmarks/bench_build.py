"""Build-speed benchmark: sharesite beside the peers, measured the same way.

    python benchmarks/bench_build.py [--posts 1000 ...] [--runs 5] [--peers-results DIR]

For each corpus size it generates the shared teacher-blog corpus
(`../shared/bench/gen_corpus.py`, sharesite layout) with an author profile per author,
then times whole `sharesite build` processes with `../shared/bench/proc_timer.py` — the
timer `run_peers.sh` uses for Hugo, Pelican, Eleventy and Jekyll — and prints medians of
wall time, CPU time and peak memory. It also times the repository's own example site.

If `run_peers.sh` has been run (its results folder, default /tmp/peers/results), the
peers' cold-build medians for the same sizes are printed beside sharesite's as ratios.
Nothing here runs in the test suite: speed is measured on demand, not asserted.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BENCH = REPO.parent / "shared" / "bench"

SITE_TOML = """\
title = "Benchmark corpus"
base_url = "https://example.github.io/bench/"
timezone = "UTC"
author = "{author}"
[build]
posts_per_page = 10
[feeds]
items = 20
"""


def make_corpus(bench: Path, posts: int, dest: Path) -> Path:
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
    (site / "site.toml").write_text(SITE_TOML.format(author=first))
    return site


def time_build(bench: Path, site: Path, runs: int, label: str) -> dict[str, float]:
    """Medians of whole-process wall seconds, CPU seconds and peak MiB."""
    command = (f"exec {sys.executable} -m sharesite build -C {site} --quiet "
               f"--output {site / '_site'}")
    out = subprocess.run(
        [sys.executable, str(bench / "proc_timer.py"), "-n", str(runs), "--warmup", "1",
         "--timeout", "900", "--", "sh", "-c", command],
        check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = {}
    for key, name in (("wall s", "wall"), ("cpu s", "cpu"), ("peak MiB", "peak")):
        match = re.search(rf"A {re.escape(key)}\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", out)
        if not match:
            raise SystemExit(f"{label}: could not read the timer's output:\n{out}")
        result[name] = float(match.group(2))
    if "exit 0" not in out:
        raise SystemExit(f"{label}: the build failed:\n{out}")
    return result


def peers(results: Path, posts: int) -> dict[str, dict[str, float]]:
    """Cold-build medians from run_peers.sh's summary-N.tsv, if it has been run."""
    summary = results / f"summary-{posts}.tsv"
    found: dict[str, dict[str, float]] = {}
    if not summary.exists():
        return found
    with summary.open() as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 6 and row[2] == "cold" and row[3]:
                try:
                    found[row[1]] = {"wall": float(row[3]), "cpu": float(row[4]),
                                     "peak": float(row[5])}
                except ValueError:
                    continue
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="*", default=[1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH,
                        help="the shared bench folder (gen_corpus.py, proc_timer.py)")
    parser.add_argument("--peers-results", type=Path, default=Path("/tmp/peers/results"),
                        help="run_peers.sh's results folder")
    args = parser.parse_args()

    rows: list[tuple[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "example"
        shutil.copytree(REPO, example, ignore=shutil.ignore_patterns(
            "_site", ".git", ".sharesite-cache", "__pycache__", "*.egg-info", ".*_cache"))
        rows.append(("example site", time_build(args.bench, example, args.runs, "example")))
        for posts in args.posts:
            site = make_corpus(args.bench, posts, Path(tmp) / f"corpus-{posts}")
            rows.append((f"{posts} posts", time_build(args.bench, site, args.runs,
                                                      f"{posts} posts")))

    print(f"\nsharesite build, whole process, median of {args.runs} runs (after 1 warm-up)")
    print(f"{'site':<16}{'wall s':>10}{'cpu s':>10}{'peak MiB':>10}")
    for label, r in rows:
        print(f"{label:<16}{r['wall']:>10.2f}{r['cpu']:>10.2f}{r['peak']:>10.0f}")
    for posts in args.posts:
        others = peers(args.peers_results, posts)
        if not others:
            print(f"\n(no peer results for {posts} posts in {args.peers_results}: run "
                  f"PEERS='hugo pelican' SCENARIOS=cold bash {args.bench}/run_peers.sh {posts})")
            continue
        ours = dict(rows)[f"{posts} posts"]
        print(f"\n{posts} posts, cold build: sharesite beside the peers (ratio = peer / sharesite)")
        print(f"{'tool':<16}{'wall s':>10}{'peak MiB':>10}{'wall ratio':>12}{'mem ratio':>11}")
        print(f"{'sharesite':<16}{ours['wall']:>10.2f}{ours['peak']:>10.0f}{1:>12.2f}{1:>11.2f}")
        for name, r in sorted(others.items()):
            print(f"{name:<16}{r['wall']:>10.2f}{r['peak']:>10.0f}"
                  f"{r['wall'] / ours['wall']:>12.2f}{r['peak'] / ours['peak']:>11.2f}")


if __name__ == "__main__":
    main()
