"""`sharesite serve` benchmark: from saving a post to its new page on disk.

    python benchmarks/bench_serve.py [--posts 1000 ...] [--edits 5]

Runs `sharesite serve` on the example site and on generated corpora (the shared
teacher-blog corpus, `../shared/bench/gen_corpus.py`), and measures with the shared
`watch_rebuild.py` — the script `run_peers.sh` uses for Hugo, Pelican and Eleventy — the
time from appending a sentence to the newest post to that sentence being in its page on
disk. Prints the medians and, when `run_peers.sh` has been run, the peers' watch figures.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import DEFAULT_BENCH, REPO, make_corpus, peer_results


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure(bench: Path, site: Path, post: str, page: str, edits: int) -> dict[str, float]:
    command = [sys.executable, str(bench / "watch_rebuild.py"), "--site", str(site),
               "--post", post, "--page", page, "--ready", "Serving at",
               "--done", r"Built \d+ pages|Build failed", "--edits", str(edits), "--",
               sys.executable, "-m", "sharesite", "serve", "--port", str(free_port())]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="*", default=[1000])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--peers-results", type=Path, default=Path("/tmp/peers/results"))
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        import shutil

        example = Path(tmp) / "example"
        shutil.copytree(REPO, example, ignore=shutil.ignore_patterns(
            "_site", ".git", ".sharesite-cache", "__pycache__", "*.egg-info", ".*_cache",
            "node_modules"))
        rows.append(("example site", measure(
            args.bench, example, "content/posts/2026-11-09-workload-charter-one-year-on.md",
            "_site/posts/workload-charter-one-year-on/index.html", args.edits)))
        for posts in args.posts:
            site = make_corpus(args.bench, posts, Path(tmp) / f"corpus-{posts}")
            manifest = json.loads((site.parent / "manifest.json").read_text())
            slug = manifest["newest_slug"]
            rows.append((f"{posts} posts", measure(
                args.bench, site, f"content/posts/{slug}.md",
                f"_site/posts/{slug}/index.html", args.edits)))

    print(f"\nsharesite serve, edit -> page on disk, median of {args.edits} edits")
    for label, r in rows:
        print(f"{label:<16}{json.dumps(r)}")
    for posts in args.posts:
        others = peer_results(args.peers_results, posts)
        if others:
            print(f"(peers' cold builds at {posts} posts: " + ", ".join(
                f"{k} {v['cold']['wall']:.2f} s" for k, v in sorted(others.items())
                if "cold" in v) + ")")


if __name__ == "__main__":
    main()
