"""redirects.toml: the old tag, category and feed addresses of a site that moved here.

Sites are built under a sub-path (https://example.github.io/sub/): an old path is written
at the same path in the output and served under the base path; its redirect leads to an
address with the base path. An old feed address serves the feed's own bytes, since feed
readers do not follow an HTML redirect. Each mistake in the file is `redirects.toml:LINE:`
with what to do, all of them in one run, exit 1, and the last output left as it was.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import feedparser
import pytest
from support import BASE_URL, build, contents, make_site, out, parse, read, run, write_files

from sharesite.build import BuildOptions
from sharesite.build import build as sharesite_build
from sharesite.cache import BuildCache
from sharesite.serve.watch import watch

POSTS = {
    "content/posts/2024-01-05-fractions.md":
        "---\ntitle: Fractions\ntags: [maths]\naliases: [/2024/01/fractions/]\n---\nHalves.\n",
    "content/posts/2024-02-05-phonics.md":
        "---\ntitle: Phonics\ntags: [english]\n---\nSounds.\n",
    "content/pages/about.md": "---\ntitle: About us\n---\nWho we are.\n",
}

REDIRECTS = """\
# Old addresses that lead to pages of this site. Written by `sharesite import`; edit freely.
[redirects]
"/category/maths/" = "/tags/maths/"
"/search/label/Maths" = "/tags/maths/"
"/about.html" = "/about/"
"/feed/" = "/feed.xml"
"/category/maths/feed/" = "/tags/maths/feed.xml"
"/feeds/posts/default" = "/feed.xml"
"/feed/rss2/" = "/rss.xml"
"""


def redirect_target(site: Path, rel: str) -> str:
    """The address the redirect page at `rel` leads to, checked to be a whole redirect
    page (refresh, canonical link, a link to follow, noindex)."""
    doc = parse(read(site, rel))
    refresh = doc.find("meta", http_equiv="refresh")
    assert refresh, rel
    target = refresh[0]["content"].removeprefix("0; url=")
    assert doc.find("link", rel="canonical")[0]["href"] == target
    assert target in [a["href"] for a in doc.find("a")]
    assert doc.meta("robots") == "noindex"
    return target


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("moved")
    files: dict[str, str | bytes] = {**POSTS, "redirects.toml": REDIRECTS}
    site = make_site(tmp, files)
    build(site)
    return site


def test_old_page_addresses_are_redirect_pages_under_the_base_path(moved: Path) -> None:
    assert redirect_target(moved, "category/maths/index.html") == BASE_URL + "tags/maths/"
    assert redirect_target(moved, "search/label/Maths/index.html") == BASE_URL + "tags/maths/"
    assert redirect_target(moved, "about.html") == BASE_URL + "about/"
    # the same page as an alias's
    alias = read(moved, "2024/01/fractions/index.html")
    assert alias.replace("posts/fractions/", "tags/maths/") == \
        read(moved, "category/maths/index.html")


def test_old_feed_addresses_serve_the_feed_itself(moved: Path) -> None:
    site = out(moved)
    feed = (site / "feed.xml").read_bytes()
    assert (site / "feed/index.html").read_bytes() == feed
    assert (site / "feeds/posts/default").read_bytes() == feed
    assert (site / "feed/rss2/index.html").read_bytes() == (site / "rss.xml").read_bytes()
    assert (site / "category/maths/feed/index.html").read_bytes() == \
        (site / "tags/maths/feed.xml").read_bytes()
    parsed = feedparser.parse((site / "category/maths/feed/index.html").read_bytes())
    assert not parsed.bozo
    assert [e.link for e in parsed.entries] == [BASE_URL + "posts/fractions/"]
    parsed = feedparser.parse((site / "feeds/posts/default").read_bytes())
    assert {e.link for e in parsed.entries} == {BASE_URL + "posts/fractions/",
                                                BASE_URL + "posts/phonics/"}


def test_redirects_are_not_in_the_sitemap(moved: Path) -> None:
    sitemap = read(moved, "sitemap.xml")
    assert "category" not in sitemap and "feeds/posts" not in sitemap


def test_a_json_feed_address_serves_the_json_feed(tmp_path: Path) -> None:
    site = make_site(tmp_path, {**POSTS, "redirects.toml":
                                '[redirects]\n"/feeds/posts/default.json" = "/feed.json"\n'})
    build(site)
    assert (out(site) / "feeds/posts/default.json").read_bytes() == \
        (out(site) / "feed.json").read_bytes()


def test_a_chain_is_followed_to_its_end(tmp_path: Path) -> None:
    site = make_site(tmp_path, {**POSTS, "redirects.toml": (
        '[redirects]\n"/category/sums/" = "/category/maths/"\n'
        '"/category/maths/" = "/tags/maths/"\n'
        '"/old-fractions/" = "/2024/01/fractions/"\n'
        '"/atom/" = "/feed/"\n"/feed/" = "/feed.xml"\n')})
    build(site)
    assert redirect_target(site, "category/sums/index.html") == BASE_URL + "tags/maths/"
    # to an alias: the alias's page
    assert redirect_target(site, "old-fractions/index.html") == BASE_URL + "posts/fractions/"
    assert (out(site) / "atom/index.html").read_bytes() == (out(site) / "feed.xml").read_bytes()


def test_without_the_file_nothing_changes(tmp_path: Path) -> None:
    with_file = make_site(tmp_path / "a", {**POSTS, "redirects.toml": "[redirects]\n"})
    without = make_site(tmp_path / "b", POSTS)
    build(with_file)
    build(without)
    assert contents(out(with_file)) == contents(out(without))


# --- mistakes -------------------------------------------------------------------------------

BAD = """\
[redirects]
"/?p=123" = "/posts/fractions/"
"/tags/" = "/tags/maths/"
"/category/gone/" = "/tags/nothing/"
"/category/self/" = "/category/self"
"/2024/01/fractions/" = "/tags/maths/"
"category/english/" = "/tags/english/"
"/a/" = "/b/"
"/b/" = "/a/"
"/c/" = "/sub/tags/maths/"
"/d/" = "https://example.github.io/sub/tags/maths/"
"/e/#top" = "/tags/maths/"
"/f/" = 3
"/g/../../etc/" = "/tags/maths/"
"/category/maths" = "/tags/maths/"
"/category/maths/" = "/tags/maths/"
"""


def test_every_mistake_is_reported_with_its_line_in_one_run(tmp_path: Path) -> None:
    site = make_site(tmp_path, {**POSTS, "redirects.toml": BAD})
    result = build(site, ok=False)
    assert result.exit_code == 1
    lines = [ln for ln in result.lines if ln.startswith("redirects.toml:")]
    expected = {
        2: "redirects.toml:2: the old address '/?p=123' has a query (?p=123), which a site "
           "of plain files cannot redirect",
        3: "redirects.toml:3: refuses a redirect over a real page: /tags/ is sharesite's "
           "own /tags/",
        4: "redirects.toml:4: '/category/gone/' leads to /tags/nothing/, which is not a page "
           "or feed of this site",
        5: "redirects.toml:5: '/category/self/' redirects to itself",
        6: "redirects.toml:6: /2024/01/fractions/ is also an alias of "
           "content/posts/2024-01-05-fractions.md",
        7: "redirects.toml:7: the old address 'category/english/' is not a path on this site",
        8: "redirects.toml:8: these redirects go round in a circle: /a/ → /b/ → /a/",
        9: "redirects.toml:9: these redirects go round in a circle: /b/ → /a/ → /b/",
        10: "redirects.toml:10: '/c/' leads to /sub/tags/maths/, which is not a page or feed "
            "of this site (leave out the base path /sub/: write /tags/maths/)",
        11: "redirects.toml:11: its new address 'https://example.github.io/sub/tags/maths/' "
            "is a whole web address",
        12: "redirects.toml:12: the old address '/e/#top' has a #fragment",
        13: "redirects.toml:13: '/f/' must lead to an address in quotes, not 3",
        14: "redirects.toml:14: the old address '/g/../../etc/' is not a plain path",
        16: "redirects.toml:16: '/category/maths/' is the same old address as line 15",
    }
    for number, start in expected.items():
        assert [ln for ln in lines if ln.startswith(start)], (number, lines)
    assert len(lines) == len(expected), lines
    # the query's hint says what the teacher can do instead
    assert "Site Redirect" in next(ln for ln in lines if ln.startswith("redirects.toml:2:"))
    assert not out(site).exists()


def test_a_bad_file_leaves_the_last_output_as_it_was(tmp_path: Path) -> None:
    site = make_site(tmp_path, {**POSTS, "redirects.toml": REDIRECTS})
    build(site)
    before = contents(out(site))
    write_files(site, {"redirects.toml": REDIRECTS + '"/tags/" = "/feed.xml"\n'})
    result = build(site, ok=False)
    assert result.exit_code == 1
    assert "redirects.toml:10: refuses a redirect over a real page: /tags/" in result.stderr
    assert contents(out(site)) == before


def test_toml_syntax_error_names_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, {**POSTS, "redirects.toml":
                                '[redirects]\n"/a/" = "/tags/maths/"\n/b/ = "/tags/maths/"\n'})
    result = build(site, ok=False)
    assert result.exit_code == 1
    assert result.lines[0].startswith("redirects.toml:3: this is not valid TOML")


def test_a_redirect_over_a_feed_or_a_post_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path, {**POSTS, "redirects.toml": (
        '[redirects]\n"/rss.xml" = "/feed.xml"\n"/posts/phonics/" = "/tags/maths/"\n'
        '"/posts/phonics/x.html/more/" = "/tags/maths/"\n')})
    result = build(site, ok=False)
    assert "redirects.toml:2: refuses a redirect over a real page: /rss.xml is sharesite's " \
        "own /rss.xml" in result.stderr
    assert "redirects.toml:3: refuses a redirect over a real page: /posts/phonics/ is " \
        "content/posts/2024-02-05-phonics.md" in result.stderr
    assert "redirects.toml:4" not in result.stderr  # a folder beside the post's: fine


def test_a_feed_address_over_a_folder_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path, {**POSTS, "redirects.toml": '[redirects]\n"/posts" = "/feed.xml"\n'})
    result = build(site, ok=False)
    assert result.exit_code == 1
    assert "redirects.toml:2: /posts cannot be written: /posts is a folder of this site" \
        in result.stderr


def test_old_addresses_that_differ_only_in_capitals(tmp_path: Path) -> None:
    # Blogger's labels "Maths" and "maths" are two addresses of one tag here: both work.
    site = make_site(tmp_path, {**POSTS, "redirects.toml": (
        '[redirects]\n"/search/label/Maths" = "/tags/maths/"\n'
        '"/search/label/maths" = "/tags/maths/"\n')})
    build(site)
    for label in ("Maths", "maths"):
        assert redirect_target(site, f"search/label/{label}/index.html") == \
            BASE_URL + "tags/maths/"
    write_files(site, {"redirects.toml": (
        '[redirects]\n"/search/label/Maths" = "/tags/maths/"\n'
        '"/search/label/maths" = "/tags/english/"\n"/Tags/Maths/" = "/tags/maths/"\n')})
    result = build(site, ok=False)
    assert result.lines[:2] == [
        "redirects.toml:3: /search/label/maths differs only in capital letters from "
        "/search/label/Maths, which leads elsewhere (line 2): Windows and macOS keep them as "
        "one file (lead both to the same page)",
        "redirects.toml:4: /Tags/Maths/ differs only in capital letters from /tags/maths/ "
        "(the page of tag 'maths'): Windows and macOS keep them as one file (remove the line)"]


def test_check_reports_the_same_errors(tmp_path: Path) -> None:
    site = make_site(tmp_path, {**POSTS, "redirects.toml": BAD})
    result = run(site, "check")
    assert result.exit_code == 1
    assert "redirects.toml:3: refuses a redirect over a real page" in result.stderr
    github = run(site, "check", "--format", "github")
    assert "::error file=redirects.toml,line=4," in github.stdout + github.stderr


def test_the_example_file_of_the_readme_builds(tmp_path: Path) -> None:
    """The file as the import writes it, on a site with the tag it names."""
    site = make_site(tmp_path, {**POSTS, "redirects.toml": REDIRECTS})
    build(site)
    root = ET.fromstring((out(site) / "feeds/posts/default").read_bytes())
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"


# --- rebuilds ------------------------------------------------------------------------------

EDITS = [
    ("the file", REDIRECTS),
    ("a new target", REDIRECTS.replace('"/category/maths/" = "/tags/maths/"',
                                       '"/category/maths/" = "/tags/english/"')),
    ("a feed for a page", REDIRECTS.replace('"/feed/" = "/feed.xml"', '"/feed/" = "/about/"')),
    ("a line less", REDIRECTS.replace('"/feeds/posts/default" = "/feed.xml"\n', "")),
    ("a mistake", REDIRECTS + '"/tags/" = "/feed.xml"\n'),
    ("its fix", REDIRECTS + '"/category/english/feed/" = "/tags/english/feed.xml"\n'),
    ("an empty table", "[redirects]\n"),
    ("the file gone", None),
    ("the file back", REDIRECTS),
]


@pytest.mark.parametrize("mode", ["memory", "serve", "disk"])
def test_editing_redirects_rebuilds_as_a_clean_build(tmp_path: Path, mode: str) -> None:
    site = make_site(tmp_path, POSTS)
    cache = BuildCache() if mode != "disk" else None
    incremental, clean = tmp_path / "incremental", tmp_path / "clean"
    options = BuildOptions(output=incremental, in_place=mode == "serve",
                           keep_cache=mode == "disk")
    assert sharesite_build(site, options, cache).ok
    for step, text in EDITS:
        if text is None:
            (site / "redirects.toml").unlink()
        else:
            write_files(site, {"redirects.toml": text})
        age(site)  # old enough for its time to be trusted: only the content says it changed
        before = contents(incremental)
        result = sharesite_build(site, options, cache)
        if step == "a mistake":
            assert not result.ok
            assert contents(incremental) == before, "a failed build changed the output"
            continue
        assert result.ok, (step, result.diagnostics)
        assert not result.unchanged, step
        shutil.rmtree(clean, ignore_errors=True)
        assert sharesite_build(site, BuildOptions(output=clean)).ok
        ours, theirs = contents(incremental), contents(clean)
        assert sorted(ours) == sorted(theirs), step
        assert [p for p in ours if ours[p] != theirs[p]] == [], step


def age(site: Path, seconds: float = 3600) -> None:
    then = time.time() - seconds
    for path in site.rglob("*"):
        os.utime(path, (then, then))


def test_the_dev_server_watches_redirects_toml(tmp_path: Path) -> None:
    site = make_site(tmp_path, POSTS)
    changed: list[set[Path]] = []
    seen = threading.Event()

    def rebuild(paths: Iterable[Path]) -> None:
        changed.append(set(paths))
        seen.set()

    observer = watch(site, rebuild, True, lambda message: None)
    try:
        time.sleep(0.8)  # the polling observer's first look
        write_files(site, {"redirects.toml": REDIRECTS})
        assert seen.wait(10), "no rebuild after redirects.toml changed"
    finally:
        observer.stop()
    assert (site / "redirects.toml").resolve() in set().union(*changed)
