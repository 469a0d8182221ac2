"""Do two revisions of sharesite build the same bytes? For refactors, on the big corpus.

    python benchmarks/same_bytes.py BASE [REVISION] [--posts 1000] [--resources 300]

Generates the shared corpus (`../shared/bench/gen_corpus.py`, with author profiles and
`--resources` resource bundles, search on), then builds it cold with each revision (a git
worktree of it, run with `python -m sharesite`; REVISION defaults to the working tree) and
compares every output file's SHA-256. Prints the number of files compared and each file that
differs or exists in one build only; exits 1 if any does.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_build import add_resources, make_corpus

REPO = Path(__file__).resolve().parent.parent


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build_with(code: Path, site: Path, output: Path, cache: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(code), "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-m", "sharesite", "build", "--quiet", "-C",
                           str(site), "--output", str(output)], env=env, capture_output=True,
                          text=True)  # the corpus's warnings (pictures it lacks) not shown
    if done.returncode != 0:
        raise SystemExit(f"the build with {code} failed:\n{done.stderr}")
    return digests(output)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="a git revision (commit, tag, branch)")
    parser.add_argument("revision", nargs="?", default="",
                        help="another revision (default: the working tree)")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--resources", type=int, default=300)
    parser.add_argument("--bench", type=Path, default=REPO.parent / "shared" / "bench")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = make_corpus(args.bench, args.posts, work / "corpus")
        if args.resources:
            add_resources(site, args.resources)
        built = []
        for name, revision in (("base", args.base), ("revision", args.revision)):
            code = REPO
            if revision:
                code = work / f"code-{name}"
                subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q",
                                str(code), revision], check=True)
            try:
                built.append(build_with(code, site, work / f"out-{name}", work / f"cache-{name}"))
            finally:
                if revision:
                    subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force",
                                    str(code)], check=True)
        base, other = built
        differ = sorted(p for p in base.keys() & other.keys() if base[p] != other[p])
        only = sorted(base.keys() ^ other.keys())
        print(f"{len(base)} files built by {args.base}, {len(other)} by "
              f"{args.revision or 'the working tree'}: {len(differ)} differ, "
              f"{len(only)} in one build only")
        for path in differ:
            print(f"  differs: {path}")
        for path in only:
            print(f"  only in {'base' if path in base else 'revision'}: {path}")
        return 1 if differ or only else 0


if __name__ == "__main__":
    sys.exit(main())
