"""Pagefind's program run on a folder of pages (`pagefind_index`): the same index as
Pagefind's Python API makes of the same folder, byte for byte; the same bytes every run;
nothing of the reader's (a pagefind.yml, PAGEFIND_ variables) let in; an index of no page;
and a program that is missing or fails said plainly. Whole builds: test_library.py."""

from __future__ import annotations

import asyncio
import gzip
import json
import stat
from pathlib import Path

import pytest

from sharesite.render.search import SearchUnavailable, canonical, pagefind_index

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<nav>Home Posts Resources</nav>
<main data-pagefind-body>
<h1 data-pagefind-meta="title">{title}</h1>
<p>{body} <a class="headerlink" href="#x">pilcrowword</a> <span class="aside">asideword</span></p>
<p data-pagefind-filter="subject">{subject}</p><p data-pagefind-filter="level">{level}</p>
</main></body></html>"""


def pages(folder: Path, count: int = 12) -> Path:
    subjects, levels = ("maths", "english", "science", "history", "art"), ("KS1", "KS2", "KS3")
    for i in range(count):
        target = folder / "sub" / f"page-{i:02d}" / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(PAGE.format(title=f"Page {i}", subject=subjects[i % 5],
                                      level=levels[i % 3],
                                      body=f"fractions number{i} walls bonds {'tens ' * i}"),
                          encoding="utf-8")
    return folder


def fragments(files: dict[str, bytes]) -> list[dict[str, object]]:
    return [json.loads(gzip.decompress(data).removeprefix(b"pagefind_dcd"))
            for path, data in sorted(files.items()) if path.startswith("fragment/")]


def api_index(folder: Path, out: Path, exclude: list[str]) -> dict[str, bytes]:
    """The index Pagefind's Python API writes of `folder` (how sharesite indexed before)."""
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService

    async def run() -> None:
        service = await PagefindService().launch()
        try:
            index = await service.create_index(IndexConfig(force_language="en",
                                                           exclude_selectors=exclude))
            await index.add_directory(str(folder))
            await index.write_files(output_path=str(out))
        finally:
            await service.close()

    asyncio.run(run())
    unused = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.",
              "pagefind-highlight.js", "playground/")
    return canonical({p.relative_to(out).as_posix(): p.read_bytes()
                      for p in sorted(out.rglob("*")) if p.is_file()
                      and not p.relative_to(out).as_posix().startswith(unused)})


def test_the_program_makes_the_index_the_api_makes(tmp_path: Path) -> None:
    folder = pages(tmp_path / "site")
    exclude = [".headerlink", ".aside"]
    ours = pagefind_index(folder, "en", exclude)
    theirs = api_index(folder, tmp_path / "api", exclude)
    assert sorted(ours) == sorted(theirs)
    assert [p for p, data in ours.items() if theirs[p] != data] == []
    assert len([p for p in ours if p.startswith("fragment/")]) == 12
    assert [p for p in ours if p.startswith("filter/")]


def test_the_same_pages_make_the_same_bytes(tmp_path: Path) -> None:
    folder = pages(tmp_path / "site", count=30)
    first = pagefind_index(folder, "en", [".headerlink"])
    for _ in range(2):  # filter values come out of Pagefind in hash-map order
        assert pagefind_index(folder, "en", [".headerlink"]) == first


def test_excluded_selectors_and_result_urls(tmp_path: Path) -> None:
    files = pagefind_index(pages(tmp_path / "site", count=2), "en", [".headerlink", ".aside"])
    found = fragments(files)
    assert sorted(str(f["url"]) for f in found) == ["/sub/page-00/", "/sub/page-01/"]
    text = " ".join(str(f["content"]) for f in found)
    assert "fractions" in text
    assert "pilcrowword" not in text and "asideword" not in text
    assert "Home Posts" not in text  # only data-pagefind-body
    assert {json.dumps(f["filters"], sort_keys=True) for f in found} == {
        '{"level": ["KS1"], "subject": ["maths"]}', '{"level": ["KS2"], "subject": ["english"]}'}


def test_nothing_of_the_readers_changes_the_index(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = pages(tmp_path / "site", count=3)
    plain = pagefind_index(folder, "en", [".headerlink"])
    # Pagefind reads a pagefind.yml in the folder it runs in, and PAGEFIND_ variables.
    here = tmp_path / "here"
    here.mkdir()
    (here / "pagefind.yml").write_text('glob: "none/**/*.html"\nroot_selector: "nav"\n',
                                       encoding="utf-8")
    (folder / "pagefind.yml").write_text('root_selector: "nav"\n', encoding="utf-8")
    monkeypatch.chdir(here)
    monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "nav")
    monkeypatch.setenv("PAGEFIND_KEEP_INDEX_URL", "true")
    monkeypatch.setenv("PAGEFIND_WRITE_PLAYGROUND", "true")
    assert pagefind_index(folder, "en", [".headerlink"]) == plain
    assert sorted(p.name for p in here.iterdir()) == ["pagefind.yml"]  # nothing written here


@pytest.mark.parametrize("made", [False, True])
def test_no_page_is_an_index_of_nothing(tmp_path: Path, made: bool) -> None:
    # Pagefind's program refuses a folder without pages; its API writes an empty index.
    folder = tmp_path / "site"
    if made:
        folder.mkdir()
    files = pagefind_index(folder, "en", [".headerlink"])
    assert sorted(files) == ["pagefind-entry.json", "pagefind-worker.js", "pagefind.js",
                             "wasm.unknown.pagefind"]
    assert json.loads(files["pagefind-entry.json"])["languages"] == {}
    assert files == api_index(folder, tmp_path / "api", [".headerlink"])


def test_a_missing_program_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SearchUnavailable, match=r"Pagefind could not run .*no-such-pagefind.* "
                                                r"\(reinstall it: pip install"):
        pagefind_index(pages(tmp_path / "site", count=1), "en")


def test_a_failing_program_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: out of cheese' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    with pytest.raises(SearchUnavailable,
                       match=r"^Pagefind could not index the site: Error: out of cheese$"):
        pagefind_index(pages(tmp_path / "site", count=1), "en")
