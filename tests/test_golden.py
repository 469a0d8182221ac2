"""Golden sites: whole builds compared byte for byte with a committed expected tree.

Two sites are built at a fixed time ("now" is an input of `build()`): the repository's own
example site (under its sub-path, search on) and the small edge-case site of
`support.golden_files` (non-ASCII file name, bundles, an alias, a draft, a future post,
pagination). Text files that sharesite makes (HTML, XML, JSON, TXT, SVG…) are kept whole
under `tests/golden/<name>/`, so a failure shows a unified diff; the rest (PDFs, pictures,
the search index, the theme's static files copied as they are) are kept as SHA-256 digests
in `tests/golden/<name>.sha256`.
Every file of the output must be one or the other, and every expected file must be built.
The search index is Pagefind's work: its digests hold for the Pagefind release named at the
top of the digest file, and are compared only when that release is the one installed (a
warning says when they are not; the pages it indexes are compared all the same).

When a change to the output is meant, regenerate the trees and review the diff with git:

    SHARESITE_GOLDEN=update pytest tests/test_golden.py
    git diff --stat tests/golden/
"""

from __future__ import annotations

import datetime as dt
import difflib
import importlib.metadata
import os
import shutil
import warnings
from pathlib import Path

import pytest
from support import GOLDEN_CONFIG, REPO, golden_files, hashes, make_site, tree

from sharesite.build import BuildOptions, build

GOLDEN = Path(__file__).resolve().parent / "golden"
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)  # after every dated post but one
TEXT = (".html", ".xml", ".json", ".css", ".js", ".svg", ".txt")
SHOWN = 5  # files whose diff a failure shows in full


THEME_STATIC = REPO / "themes" / "default" / "static"


def _is_text(rel: str) -> bool:
    return rel.endswith(TEXT) and not rel.startswith("pagefind/") and \
        not (THEME_STATIC / rel).is_file()


def _pagefind() -> str:
    return f"# pagefind {importlib.metadata.version('pagefind_bin')}"


def _build(root: Path, output: Path) -> None:
    result = build(root, BuildOptions(output=output, now=NOW))
    assert result.ok, "\n".join(str(d) for d in result.diagnostics)


def _update(name: str, output: Path) -> None:
    expected = GOLDEN / name
    shutil.rmtree(expected, ignore_errors=True)
    lines = []
    for rel, sha256 in hashes(output).items():
        if _is_text(rel):
            target = expected / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(output / rel, target)
        else:
            lines.append(f"{sha256}  {rel}\n")
    (GOLDEN / f"{name}.sha256").write_text(_pagefind() + "\n" + "".join(lines),
                                           encoding="utf-8")


def _differences(name: str, output: Path) -> list[str]:
    """Every way the built tree differs from the expected one, diffs first."""
    expected = GOLDEN / name
    release, *lines = (GOLDEN / f"{name}.sha256").read_text(encoding="utf-8").splitlines()
    digests = dict(reversed(line.split("  ", 1)) for line in lines)
    wanted = set(tree(expected)) | digests.keys()
    built_digests = hashes(output)
    built = set(built_digests)
    if release != _pagefind():
        warnings.warn(f"tests/golden/{name}.sha256 was made with {release[2:]}, not "
                      f"{_pagefind()[2:]}: the search index is not compared", stacklevel=2)
        wanted = {rel for rel in wanted if not rel.startswith("pagefind/")}
        built = {rel for rel in built if not rel.startswith("pagefind/")}
    found = [f"missing from the build: {rel}" for rel in sorted(wanted - built)]
    found += [f"not expected: {rel}" for rel in sorted(built - wanted)]
    diffs = []
    for rel in sorted(built & wanted):
        if rel in digests:
            if not _is_text(rel) and built_digests[rel] == digests[rel]:
                continue
            found.append(f"different bytes: {rel}")
            continue
        old, new = (expected / rel).read_bytes(), (output / rel).read_bytes()
        if old == new:
            continue
        if len(diffs) < SHOWN:
            diffs.append("".join(difflib.unified_diff(
                old.decode("utf-8", "replace").splitlines(keepends=True),
                new.decode("utf-8", "replace").splitlines(keepends=True),
                f"expected/{rel}", f"built/{rel}")))
        else:
            found.append(f"different bytes: {rel}")
    return diffs + found


def _example(folder: Path) -> Path:
    return REPO


def _edge(folder: Path) -> Path:
    return make_site(folder, golden_files(), GOLDEN_CONFIG)


@pytest.mark.parametrize(("name", "site"), [("example", _example), ("edge", _edge)])
def test_the_site_is_built_exactly_as_committed(tmp_path: Path, name: str,
                                                 site: object) -> None:
    root = site(tmp_path)  # type: ignore[operator]
    output = tmp_path / "built"
    _build(root, output)
    if os.environ.get("SHARESITE_GOLDEN") == "update":
        _update(name, output)
    problems = _differences(name, output)
    assert not problems, f"{len(problems)} differences from tests/golden/{name} " \
        "(if the change is meant: SHARESITE_GOLDEN=update pytest tests/test_golden.py)\n" + \
        "\n".join(problems)
    assert len(tree(output)) > 40


def test_a_changed_byte_is_found_and_shown_as_a_diff(tmp_path: Path) -> None:
    """The comparison itself can fail: one changed word in one page is a diff naming it."""
    output = tmp_path / "built"
    _build(_edge(tmp_path), output)
    page = output / "posts/first-post/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("first", "frist", 1),
                    encoding="utf-8")
    (output / "posts/fractions/diagram-1.png").write_bytes(b"not the picture")
    (output / "stray.txt").write_text("x", encoding="utf-8")
    problems = _differences("edge", output)
    assert problems[0].startswith("--- expected/posts/first-post/index.html\n")
    assert "-" in problems[0] and "frist" in problems[0]
    assert problems[1:] == ["not expected: stray.txt",
                            "different bytes: posts/fractions/diagram-1.png"]
