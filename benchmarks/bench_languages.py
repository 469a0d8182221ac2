"""What a second language costs: a site in two languages beside a site in one with as many
pages.

    python benchmarks/bench_languages.py [--posts 500] [--rounds 3] [--search]

Two sites are made from the shared teacher-blog corpus (`../shared/bench/gen_corpus.py`):

  one language    2N posts, as sharesite has always made them
  two languages   N posts, each written twice (`x.cy.md`, `x.en.md`): Welsh at the root,
                  English under /en/, every page linked to its translation

Both have 2N item pages; the second also has every list, feed, tag page, sitemap and
search index twice, and the language machinery (splitting, linking every page to its
versions). Whole `sharesite build` processes are timed with `../shared/bench/proc_timer.py`
(as bench_build.py does) in the scenarios cold, nochange and edit, the two sites in turn,
`--rounds` times; each figure is the median of the rounds' medians, printed with its ratio
to the one-language site's. Nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO.parent / "shared" / "bench"
LANGUAGES = """
languages = ["cy", "en-GB"]
[lang.en-GB]
title = "Benchmark corpus in English"
"""


def _bench_build():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_build", REPO / "benchmarks" /
                                                  "bench_build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _newest(site: Path) -> str:
    manifest = json.loads((site.parent / "manifest.json").read_text())
    return str(manifest["newest_slug"])


def make_sites(work: Path, posts: int, search: bool) -> tuple[Path, Path, Path, Path]:
    """The two sites, and the file of each that the edit scenario changes."""
    bench = _bench_build()
    one = bench.make_corpus(BENCH, posts * 2, work / "one", search)
    two = bench.make_corpus(BENCH, posts, work / "two", search)
    folder = two / "content" / "posts"
    for post in sorted(folder.glob("*.md")):
        text = post.read_text(encoding="utf-8")
        post.with_name(post.stem + ".cy.md").write_text(text, encoding="utf-8")
        post.with_name(post.stem + ".en.md").write_text(text, encoding="utf-8")
        post.unlink()
    config = two / "site.toml"
    text = config.read_text(encoding="utf-8")
    head, _, rest = text.partition("[build]")
    config.write_text(head + LANGUAGES + "[build]" + rest, encoding="utf-8")
    return (one, one / "content" / "posts" / f"{_newest(one)}.md",
            two, folder / f"{_newest(two)}.cy.md")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=500, help="posts in each language")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3, help="builds timed in a round")
    parser.add_argument("--search", action="store_true", help="with search on")
    args = parser.parse_args()
    bench = _bench_build()
    with tempfile.TemporaryDirectory(prefix="sharesite-languages-") as tmp:
        one, one_newest, two, two_newest = make_sites(Path(tmp), args.posts, args.search)
        print(f"{args.posts * 2} posts in one language; {args.posts} posts in each of two; "
              f"search {'on' if args.search else 'off'}")
        print(f"{'scenario':<10} {'one (s)':>9} {'two (s)':>9} {'ratio':>6} "
              f"{'one MiB':>8} {'two MiB':>8}")
        for scenario in ("cold", "nochange", "edit"):
            walls: dict[str, list[float]] = {"one": [], "two": []}
            peaks: dict[str, list[float]] = {"one": [], "two": []}
            for _ in range(args.rounds):
                for name, site, newest in (("one", one, one_newest), ("two", two, two_newest)):
                    figures = bench.time_scenario(BENCH, site, scenario, args.runs,
                                                  1 if scenario != "cold" else 0, newest)
                    walls[name].append(figures["wall"])
                    peaks[name].append(figures["peak"])
            a, b = statistics.median(walls["one"]), statistics.median(walls["two"])
            print(f"{scenario:<10} {a:>9.2f} {b:>9.2f} {b / a:>6.2f} "
                  f"{statistics.median(peaks['one']):>8.0f} "
                  f"{statistics.median(peaks['two']):>8.0f}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
