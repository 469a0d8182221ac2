"""A golden build: the whole output tree and the facts each kind of page must carry."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support import (
    BASE_URL,
    GOLDEN_CONFIG,
    build,
    golden_files,
    hashes,
    make_site,
    out,
    parse,
    read,
    tree,
)

# What the golden site must produce: every file, nothing else (but the search index under
# pagefind/, whose chunk names are content hashes: test_library.py checks it).
EXPECTED_TREE = sorted([
    "search.js",
    "library.js",
    "credit.js",
    "mailbox.js",
    "search/index.html",
    "resources/types/worksheet/index.html",
    "resources/types/worksheet/feed.xml",
    "resources/subjects/maths/index.html",
    "resources/subjects/maths/feed.xml",
    "resources/levels/ks2/index.html",
    "resources/levels/ks2/feed.xml",
    "resources.schema.json",
    "resources.json",
    "feed.json",
    "feed.schema.json",
    "network.json",
    "network.schema.json",
    "network/peers.opml",
    "404.html",
    "about-us/index.html",
    "archive/index.html",
    "authors/index.html",
    "authors/ms-a/feed.xml",
    "authors/ms-a/index.html",
    "favicon.svg",
    "feed.xml",
    "files/handout.txt",
    "index.html",
    "old/first/index.html",
    "page/2/index.html",
    "posts/cafe-maths/index.html",
    "posts/custom-slug/index.html",
    "posts/first-post/index.html",
    "posts/fractions/diagram-1.png",
    "posts/fractions/diagram-1.webp",
    "posts/fractions/diagram-preview.jpg",
    "posts/fractions/index.html",
    "posts/fractions/sheet.pdf",
    "resources/feed.xml",
    "resources/fraction-mats/index.html",
    "resources/fraction-mats/mats.pdf",
    "resources/fraction-mats/notes.txt",
    "resources/index.html",
    "rss.xml",
    "sitemap.xml",
    "style.css",
    "tags/index.html",
    "tags/maths/feed.xml",
    "tags/maths/index.html",
    "tags/phonics/feed.xml",
    "tags/phonics/index.html",
])


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The golden site, built once for this module: (site folder, build stdout)."""
    site = make_site(tmp_path_factory.mktemp("golden"), golden_files(), GOLDEN_CONFIG)
    result = build(site)
    return site, result.stdout


def page(site: Path, rel: str):  # type: ignore[no-untyped-def]
    return parse(read(site, rel))


def links_in_main(site: Path, rel: str) -> list[str]:
    text = read(site, rel)
    main = text[text.index("<main"):text.index("</main>")]
    return [v for t, k, v in parse(main).urls() if t == "a" and k == "href"]


# --- the whole tree -------------------------------------------------------------------------

def test_output_tree_is_exactly_the_expected_files(golden: tuple[Path, str]) -> None:
    site, _ = golden
    assert [f for f in tree(out(site)) if not f.startswith("pagefind/")] == EXPECTED_TREE


def test_summary_line_counts_pages_and_feeds(golden: tuple[Path, str]) -> None:
    site, stdout = golden
    files = tree(out(site))
    pages = sum(1 for f in files if f.endswith(".html"))
    feeds = sum(1 for f in files if f.endswith(("feed.xml", "rss.xml")))
    assert re.fullmatch(
        rf"Built {pages} pages and {feeds} feeds in \d+\.\d\d s → {re.escape(str(out(site)))}\n",
        stdout), stdout


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    site = make_site(tmp_path, golden_files(), GOLDEN_CONFIG)
    build(site, "--output", str(tmp_path / "one"))
    build(site, "--output", str(tmp_path / "two"))
    first, second = hashes(tmp_path / "one"), hashes(tmp_path / "two")
    assert len(first) > 20
    assert first == second


# --- posts ----------------------------------------------------------------------------------

def test_post_page_head(golden: tuple[Path, str]) -> None:
    site, _ = golden
    doc = page(site, "posts/first-post/index.html")
    url = BASE_URL + "posts/first-post/"
    assert re.search(r"<title>First post — Test School</title>",
                     read(site, "posts/first-post/index.html"))
    assert doc.find("link", rel="canonical")[0]["href"] == url
    assert doc.meta("description") == "The very first post."
    assert doc.meta("og:title") == "First post"
    assert doc.meta("og:url") == url
    assert doc.meta("og:type") == "article"
    assert doc.meta("og:description") == "The very first post."
    assert doc.meta("twitter:card") == "summary"
    feeds = {a["href"] for a in doc.find("link", rel="alternate")}
    assert {"/sub/feed.xml", "/sub/rss.xml"} <= feeds


def test_heading_called_main_does_not_duplicate_the_main_id(tmp_path: Path) -> None:
    # UK lesson plans have "Starter / Main / Plenary" headings: "## Main" got id="main",
    # the same id as the page's <main> (Nu: "Duplicate ID main"; the skip link's target).
    site = make_site(tmp_path, {
        "content/posts/2024-02-01-lesson.md":
            "---\ntitle: Lesson\n---\n## Starter\n\nQuiz.\n\n## Main\n\nFractions.\n",
    })
    build(site)
    ids = [a["id"] for _, a in parse(read(site, "posts/lesson/index.html")).tags if a.get("id")]
    assert len(ids) == len(set(ids)), ids


def test_post_jsonld_is_blogposting(golden: tuple[Path, str]) -> None:
    site, _ = golden
    (data,) = page(site, "posts/first-post/index.html").jsonld()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "First post"
    assert data["url"] == BASE_URL + "posts/first-post/"
    # the date comes from the file name, in the site's time zone (GMT in January)
    assert data["datePublished"] == "2024-01-05T00:00:00+00:00"
    assert data["author"] == [{"@type": "Person", "name": "Ms A",
                               "url": BASE_URL + "authors/ms-a/"}]
    assert data["keywords"] == ["Maths", "phonics"]


def test_cover_image_in_social_tags(golden: tuple[Path, str]) -> None:
    site, _ = golden
    doc = page(site, "posts/fractions/index.html")
    assert doc.meta("og:image") == BASE_URL + "posts/fractions/diagram-preview.jpg"
    assert doc.meta("og:image:alt") == "A fraction wall in five rows"
    assert doc.meta("twitter:card") == "summary_large_image"
    assert doc.jsonld()[0]["image"] == BASE_URL + "posts/fractions/diagram-preview.jpg"


def test_bundle_files_are_copied_beside_the_page(golden: tuple[Path, str]) -> None:
    site, _ = golden
    bundle = site / "content/posts/2024-03-01-fractions"
    assert (out(site) / "posts/fractions/sheet.pdf").read_bytes() == \
        (bundle / "sheet.pdf").read_bytes()
    # an image is published as processed copies beside the page (tests/test_images.py)
    assert not (out(site) / "posts/fractions/diagram.png").exists()
    doc = page(site, "posts/fractions/index.html")
    assert "/sub/posts/fractions/diagram-1.png" in [a["src"] for a in doc.find("img")]
    assert "/sub/posts/fractions/sheet.pdf" in links_in_main(site, "posts/fractions/index.html")


def test_nested_bundle_does_not_publish_markdown_source(tmp_path: Path) -> None:
    # A bundle inside a bundle: the inner index.md was copied raw into the output as a
    # "file" of the outer bundle, even when the inner one is a draft.
    site = make_site(tmp_path, {
        "content/resources/outer/index.md": "---\ntitle: Outer\ndate: 2024-01-05\n---\nO.\n",
        "content/resources/outer/inner/index.md":
            "---\ntitle: Inner\ndate: 2024-01-05\ndraft: true\n---\nSECRET draft text\n",
    })
    result = build(site)
    assert result.lines == [
        "content/resources/outer/inner/index.md: warning: this Markdown file is inside the "
        "bundle content/resources/outer/, so it is not published (only the bundle's index.md "
        "becomes a page: move this file out of the bundle's folder to make it a page of its "
        "own)"]
    published = tree(out(site))
    assert [f for f in published if f.endswith(".md")] == []
    assert not any("SECRET" in (out(site) / f).read_text(encoding="utf-8", errors="replace")
                   for f in published)


def test_links_to_markdown_files_and_root_paths(golden: tuple[Path, str]) -> None:
    site, _ = golden
    hrefs = links_in_main(site, "posts/first-post/index.html")
    for expected in ("/sub/posts/fractions/", "/sub/resources/fraction-mats/", "/sub/resources/",
                     "/sub/files/handout.txt"):
        assert expected in hrefs
    assert read(site, "files/handout.txt") == "A handout.\n"


@pytest.mark.parametrize(("rel", "title"), [
    ("posts/custom-slug/index.html", "A post with its own slug"),  # slug: in front matter
    ("posts/first-post/index.html", "First post"),  # file name, date prefix removed
    ("posts/cafe-maths/index.html", "Café maths"),  # non-ASCII file name "Café Maths.md"
    ("about-us/index.html", "About us"),  # a page's slug
])
def test_slugs(golden: tuple[Path, str], rel: str, title: str) -> None:
    site, _ = golden
    assert f"<title>{title} — Test School</title>" in read(site, rel)


def test_date_from_file_name_shown_on_page(golden: tuple[Path, str]) -> None:
    site, _ = golden
    doc = page(site, "posts/first-post/index.html")
    assert "2024-01-05T00:00:00+00:00" in [a.get("datetime") for a in doc.find("time")]
    assert "5 January 2024" in doc.text


def test_summer_date_gets_the_sites_summer_offset(golden: tuple[Path, str]) -> None:
    site, _ = golden
    (data,) = page(site, "posts/cafe-maths/index.html").jsonld()
    assert data["datePublished"] == "2023-06-01T00:00:00+01:00"


# --- resources ------------------------------------------------------------------------------

def test_resource_jsonld_is_learning_resource(golden: tuple[Path, str]) -> None:
    site, _ = golden
    (data,) = page(site, "resources/fraction-mats/index.html").jsonld()
    assert data["@type"] == "LearningResource"
    assert data["name"] == "Fraction wall mats"
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert data["educationalLevel"] == ["KS2"]
    assert data["learningResourceType"] == "worksheet"
    assert data["about"] == [{"@type": "Thing", "name": "maths"}]
    assert data["timeRequired"] == "PT60M"
    assert data["isBasedOn"] == [{
        "@type": "CreativeWork", "name": "Fraction walls",
        "url": "https://example.org/fraction-walls",
        "author": {"@type": "Person", "name": "A. Teacher"},
        "license": "https://creativecommons.org/licenses/by/4.0/"}]
    assert data["author"][0]["name"] == "Ms A"


def test_resource_page_shows_downloads_licence_and_credit(golden: tuple[Path, str]) -> None:
    site, _ = golden
    rel = "resources/fraction-mats/index.html"
    doc = page(site, rel)
    hrefs = links_in_main(site, rel)
    assert "/sub/resources/fraction-mats/mats.pdf" in hrefs
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in hrefs
    assert "https://example.org/fraction-walls" in hrefs
    assert "The mats (PDF)" in doc.text
    assert "A. Teacher" in doc.text
    assert (out(site) / "resources/fraction-mats/mats.pdf").read_bytes() == b"%PDF-1.4 the mats\n"


# --- lists ----------------------------------------------------------------------------------

def test_tags_merge_case_insensitively_with_the_most_common_spelling(
        golden: tuple[Path, str]) -> None:
    site, _ = golden
    tag_dirs = sorted(p.parent.name for p in (out(site) / "tags").glob("*/index.html"))
    assert tag_dirs == ["maths", "phonics"]
    doc = page(site, "tags/maths/index.html")
    assert "Tagged “Maths”" in doc.text  # "Maths" three times beats "maths" once
    hrefs = links_in_main(site, "tags/maths/index.html")
    items = [h for h in dict.fromkeys(hrefs) if h.startswith(("/sub/posts/", "/sub/resources/"))
             and h.count("/") == 4]
    assert items == ["/sub/posts/fractions/", "/sub/resources/fraction-mats/",
                     "/sub/posts/first-post/", "/sub/posts/cafe-maths/"]
    assert "Maths" in page(site, "tags/index.html").text
    assert ">maths<" not in read(site, "posts/fractions/index.html")


def test_tags_differing_only_by_accents_share_one_page(tmp_path: Path) -> None:
    # `Français` and `francais` made /tags/francais/ and /tags/francais-2/, and which one
    # got the plain URL depended on sort order: one new post moved an existing tag's page
    # and feed (subscribers lost). They slug alike, so they are one tag.
    site = make_site(tmp_path, {
        "content/posts/2024-01-05-a.md": "---\ntitle: A\ntags: [Français]\n---\nA.\n",
        "content/posts/2024-01-06-b.md": "---\ntitle: B\ntags: [francais]\n---\nB.\n",
    })
    build(site)
    assert not (out(site) / "tags/francais-2").exists()
    page = read(site, "tags/francais/index.html")
    assert "/sub/posts/a/" in page and "/sub/posts/b/" in page


def test_home_page_is_paginated(golden: tuple[Path, str]) -> None:
    site, _ = golden

    def posts(rel: str) -> list[str]:
        return [h for h in dict.fromkeys(links_in_main(site, rel))
                if re.fullmatch(r"/sub/posts/[^/]+/", h)]

    assert posts("index.html") == ["/sub/posts/fractions/", "/sub/posts/custom-slug/"]
    assert posts("page/2/index.html") == ["/sub/posts/first-post/", "/sub/posts/cafe-maths/"]
    assert not (out(site) / "page/3").exists()
    assert "/sub/page/2/" in links_in_main(site, "index.html")
    assert "/sub/" in links_in_main(site, "page/2/index.html")


def test_archive_by_year(golden: tuple[Path, str]) -> None:
    site, _ = golden
    text = read(site, "archive/index.html")
    years = re.findall(r"<h2>(\d{4})</h2>", text)
    assert years == ["2024", "2023"]
    section_2023 = text[text.index("<h2>2023</h2>"):]
    section_2024 = text[text.index("<h2>2024</h2>"):text.index("<h2>2023</h2>")]
    assert "/sub/posts/cafe-maths/" in section_2023
    for slug in ("fractions", "custom-slug", "first-post"):
        assert f"/sub/posts/{slug}/" in section_2024


def test_author_page_lists_their_items(golden: tuple[Path, str]) -> None:
    site, _ = golden
    hrefs = links_in_main(site, "authors/ms-a/index.html")
    for slug in ("posts/fractions/", "posts/first-post/", "resources/fraction-mats/"):
        assert "/sub/" + slug in hrefs
    assert "Year 4 teacher" in page(site, "authors/ms-a/index.html").text
    assert "/sub/authors/ms-a/" in links_in_main(site, "authors/index.html")


# --- drafts, future, aliases ----------------------------------------------------------------

def test_drafts_and_future_posts_are_left_out(golden: tuple[Path, str]) -> None:
    site, _ = golden
    everything = "".join((out(site) / f).read_text(encoding="utf-8")
                         for f in tree(out(site)) if f.endswith((".html", ".xml")))
    for hidden in ("not-ready", "far-future", "Not ready yet", "From the future"):
        assert hidden not in everything


def test_drafts_flag_includes_drafts(tmp_path: Path) -> None:
    site = make_site(tmp_path, golden_files(), GOLDEN_CONFIG)
    build(site, "--drafts")
    assert "Not ready yet" in read(site, "posts/not-ready/index.html")
    assert not (out(site) / "posts/far-future").exists()


def test_future_flag_includes_future_posts(tmp_path: Path) -> None:
    site = make_site(tmp_path, golden_files(), GOLDEN_CONFIG)
    build(site, "--future")
    assert "From the future" in read(site, "posts/far-future/index.html")
    assert not (out(site) / "posts/not-ready").exists()


def test_alias_is_a_redirect_page(golden: tuple[Path, str]) -> None:
    site, _ = golden
    doc = page(site, "old/first/index.html")
    target = BASE_URL + "posts/first-post/"
    refresh = doc.find("meta", http_equiv="refresh")
    assert refresh and refresh[0]["content"] == f"0; url={target}"
    assert doc.find("link", rel="canonical")[0]["href"] == target
    assert target in [a["href"] for a in doc.find("a")]
    assert doc.meta("robots") == "noindex"


# --- sitemap, robots, 404 -------------------------------------------------------------------

def test_sitemap(golden: tuple[Path, str]) -> None:
    site, _ = golden
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring((out(site) / "sitemap.xml").read_bytes())
    entries = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
               for u in root.findall("s:url", ns)}
    assert entries[BASE_URL + "posts/first-post/"] == "2024-01-05"
    assert entries[BASE_URL + "posts/cafe-maths/"] == "2023-06-01"
    assert entries[BASE_URL + "posts/fractions/"] == "2024-03-01"
    assert entries[BASE_URL + "resources/fraction-mats/"] == "2024-02-01"
    assert entries[BASE_URL] == "2024-03-01"
    for url in (BASE_URL + "about-us/", BASE_URL + "tags/maths/", BASE_URL + "archive/"):
        assert url in entries
    assert not [u for u in entries if "404" in u or "old/first" in u]
    assert not [u for u in entries if "not-ready" in u or "far-future" in u]
    assert all(u.startswith(BASE_URL) for u in entries)


def test_no_robots_txt_under_a_sub_path(golden: tuple[Path, str]) -> None:
    site, _ = golden
    assert not (out(site) / "robots.txt").exists()


def test_robots_txt_at_a_domains_root(tmp_path: Path) -> None:
    site = make_site(tmp_path, golden_files(), GOLDEN_CONFIG)
    build(site, "--base-url", "https://school.example.org/")
    robots = read(site, "robots.txt")
    assert "Sitemap: https://school.example.org/sitemap.xml" in robots.splitlines()
    assert "/posts/fractions/" in [a["href"] for a in page(site, "index.html").find("a")]


def test_not_found_page(golden: tuple[Path, str]) -> None:
    site, _ = golden
    doc = page(site, "404.html")
    assert doc.meta("robots") == "noindex"
    # served for any missing path, so its links cannot be relative
    for _, _, value in doc.urls():
        assert value.startswith(("/sub/", "https://", "#")), value
