"""Withdrawn resources (front matter `withdrawn: <date>`): the page becomes a short notice
that search engines do not index, the files go, the resource leaves every list, feed, index
and the sitemap, and /resources.json lists it as a tombstone under `withdrawn` so other
schools' sites drop it too. Bad values are errors with their line."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from support import (
    BASE_URL,
    DEFAULT_CONFIG,
    build,
    contents,
    make_site,
    out,
    parse,
    read,
    run,
    tree,
    validate_against,
    write_files,
)

PDF = b"%PDF-1.4\n% old mats\n%%EOF\n"
LOOSE = b"%PDF-1.4\n% loose sheet\n%%EOF\n"
CONFIG = DEFAULT_CONFIG.replace("[search]", 'author = "ms-okafor"\n\n[search]')

OLD = """\
    ---
    title: Old fraction mats
    date: 2025-09-01
    subjects: [geography]
    levels: [KS1]
    type: display
    tags: [retired-tag, maths]
    files:
      - path: old.pdf
        title: The old mats
    withdrawn: 2026-03-01
    withdrawn_reason: Replaced by <b>the new mats</b> & a guide.
    ---
    The old mats.
    """

FILES: dict[str, str | bytes] = {
    "content/authors/ms-okafor.md": "---\nname: Ms Okafor\n---\nTeaches.\n",
    "content/resources/old-mats/index.md": OLD,
    "content/resources/old-mats/old.pdf": PDF,
    "content/resources/2025-08-01-loose-sheet.md": """\
        ---
        title: Loose sheet
        files: [loose.pdf]
        withdrawn: 2025-12-24 18:30
        ---
        A sheet.
        """,
    "content/resources/loose.pdf": LOOSE,
    "content/resources/new-mats.md": """\
        ---
        title: New fraction mats
        date: 2026-02-01
        subjects: [maths]
        levels: [KS2]
        type: worksheet
        tags: [maths]
        ---
        The new mats.
        """,
    "content/posts/2026-03-02-news.md": """\
        ---
        title: News
        tags: [maths]
        ---
        The [old mats](../resources/old-mats/index.md) are gone.
        """,
}

OLD_URL = f"{BASE_URL}resources/old-mats/"
LOOSE_URL = f"{BASE_URL}resources/loose-sheet/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_site(tmp_path_factory.mktemp("withdrawn"), FILES, CONFIG)
    result = build(folder)
    assert "warning" not in result.stderr, result.stderr
    return folder


def test_the_page_is_a_short_notice_search_engines_skip(site: Path) -> None:
    page = parse(read(site, "resources/old-mats/index.html"))
    assert page.meta("robots") == "noindex"
    assert "Old fraction mats" in page.text
    assert "Withdrawn on 1 March 2026" in page.text
    assert page.find("time", datetime="2026-03-01")
    assert "Replaced by <b>the new mats</b> & a guide." in page.text  # as text, escaped
    assert "<b>the new mats</b>" not in read(site, "resources/old-mats/index.html")
    assert ("a", "href", "/sub/resources/") in page.urls()
    assert not [u for _, _, u in page.urls() if u.endswith(".pdf")]
    assert "The old mats." not in page.text  # the text itself is gone too
    loose = parse(read(site, "resources/loose-sheet/index.html"))
    assert loose.meta("robots") == "noindex"
    assert "Withdrawn on 24 December 2025" in loose.text


def test_its_files_are_not_published(site: Path) -> None:
    files = tree(out(site))
    assert "resources/old-mats/old.pdf" not in files
    assert "resources/loose.pdf" not in files
    assert "resources/old-mats/index.html" in files


def test_it_is_in_no_list_feed_index_or_sitemap(site: Path) -> None:
    listed = ["index.html", "resources/index.html", "tags/index.html", "tags/maths/index.html",
              "authors/ms-okafor/index.html", "archive/index.html", "feed.xml", "rss.xml",
              "feed.json", "resources/feed.xml", "tags/maths/feed.xml", "sitemap.xml",
              "resources.json"]
    for rel in listed:
        text = read(site, rel)
        for gone in ("Old fraction mats", "Loose sheet", "old-mats", "loose-sheet"):
            if rel == "resources.json" and gone in ("old-mats", "loose-sheet"):
                continue  # its tombstone, below
            # the post's own text links to the notice: only feeds carry that text
            if gone == "old-mats" and rel in ("feed.xml", "rss.xml", "feed.json",
                                              "tags/maths/feed.xml"):
                continue
            assert gone not in text, (rel, gone)
    assert "New fraction mats" in read(site, "resources/index.html")
    files = tree(out(site))
    # its own tag, subject, level and type have no page: it was their only resource
    for only_its in ("tags/retired-tag/", "resources/subjects/geography/",
                     "resources/levels/ks1/", "resources/types/display/"):
        assert only_its + "index.html" not in files
        assert only_its + "feed.xml" not in files


def test_search_does_not_index_it(tmp_path: Path) -> None:
    folder = make_site(tmp_path, FILES, CONFIG.replace("enabled = false", "enabled = true"))
    build(folder)
    assert "data-pagefind-body" not in read(folder, "resources/old-mats/index.html")
    indexed = set()
    for fragment in (out(folder) / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        indexed.add(json.loads(data)["url"])
    assert "/sub/resources/new-mats/" in indexed
    assert not [u for u in indexed if "old-mats" in u or "loose-sheet" in u], indexed


def test_resources_json_lists_tombstones(site: Path) -> None:
    data = json.loads(read(site, "resources.json"))
    validate_against(data, "resources.schema.json")
    assert [r["id"] for r in data["resources"]] == [f"{BASE_URL}resources/new-mats/"]
    assert data["withdrawn"] == [{"id": LOOSE_URL, "date": "2025-12-24"},
                                 {"id": OLD_URL, "date": "2026-03-01"}]


def test_links_to_it_lead_to_the_notice(site: Path) -> None:
    post = parse(read(site, "posts/news/index.html"))
    assert ("a", "href", "/sub/resources/old-mats/") in post.urls()


def test_withdrawing_on_a_rebuild_is_the_same_as_a_clean_build(tmp_path: Path) -> None:
    before = dict(FILES)
    before["content/resources/old-mats/index.md"] = OLD.replace(
        "    withdrawn: 2026-03-01\n    withdrawn_reason: Replaced by <b>the new mats</b> & "
        "a guide.\n", "")
    again = make_site(tmp_path / "again", before, CONFIG)
    build(again)
    assert (out(again) / "resources/old-mats/old.pdf").is_file()
    assert "Old fraction mats" in read(again, "resources/index.html")
    write_files(again, {"content/resources/old-mats/index.md": OLD})
    build(again)
    clean = make_site(tmp_path / "clean", FILES, CONFIG)
    build(clean)
    assert contents(out(again)) == contents(out(clean))


def test_the_same_site_gives_the_same_bytes(site: Path, tmp_path: Path) -> None:
    other = make_site(tmp_path, FILES, CONFIG)
    build(other)
    assert contents(out(other)) == contents(out(site))


# --- mistakes ---------------------------------------------------------------------------

def problems(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[int, list[str]]:
    folder = make_site(tmp_path, files, DEFAULT_CONFIG)
    result = run(folder, "build")
    return result.exit_code, result.lines


def test_a_withdrawn_date_that_is_not_a_date_is_an_error(tmp_path: Path) -> None:
    code, lines = problems(tmp_path, {
        "content/resources/a.md": "---\ntitle: A\ndate: 2026-01-01\nwithdrawn: soon\n---\nA\n",
        "content/resources/b.md": "---\ntitle: B\ndate: 2026-01-01\n"
                                  "withdrawn: [2026-01-01]\n---\nB\n",
        "content/resources/c.md": "---\ntitle: C\ndate: 2026-01-01\nwithdrawn: 2026-02-30\n"
                                  "withdrawn_reason: [a, b]\n---\nC\n",
    })
    assert code == 1
    hint = "(use YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time too)"
    assert lines == [
        f"content/resources/a.md:4: withdrawn: 'soon' is not a date {hint}",
        f"content/resources/b.md:4: withdrawn: a list is not a date {hint}",
        f"content/resources/c.md:4: withdrawn: '2026-02-30' is not a date {hint}",
        "content/resources/c.md:5: withdrawn_reason: must be text, not a list "
        "(write it as withdrawn_reason: some text)",
        "Build failed: 4 errors. The previous site in _site/ is unchanged."]


def test_withdrawn_on_a_post_or_page_is_a_warning(tmp_path: Path) -> None:
    code, lines = problems(tmp_path, {
        "content/posts/2026-01-01-a.md": "---\ntitle: A post\nwithdrawn: 2026-02-01\n---\nA\n",
        "content/pages/b.md": "---\ntitle: B\nwithdrawn_reason: Old\n---\nB\n",
        "content/resources/c.md": "---\ntitle: C\ndate: 2026-01-01\n"
                                  "withdrawn_reason: Old\n---\nC\n",
    })
    assert code == 0
    hint = "(to take a post or page down, delete it, or mark it draft: true)"
    assert lines == [
        f"content/pages/b.md:3: warning: withdrawn_reason: only resources are withdrawn, so "
        f"this is ignored {hint}",
        f"content/posts/2026-01-01-a.md:3: warning: withdrawn: only resources are withdrawn, "
        f"so this is ignored {hint}",
        "content/resources/c.md:4: warning: withdrawn_reason is given, but not withdrawn "
        "(add withdrawn: YYYY-MM-DD (the day it was taken down), or remove the reason)"]
    folder = tmp_path / "site"
    assert "A post" in read(folder, "feed.xml")  # a post is not withdrawn: still there
    assert "C" in [r["title"] for r in json.loads(read(folder, "resources.json"))["resources"]]
    assert "withdrawn" not in json.loads(read(folder, "resources.json"))
