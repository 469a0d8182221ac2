"""Links under a sub-path: every internal link honours the base path and leads to a file;
broken links in content are a warning from build and an error from check / --strict."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from support import (
    GOLDEN_CONFIG,
    PNG,
    REPO,
    Html,
    build,
    crawl,
    golden_files,
    make_site,
    out,
    parse,
    read,
    run,
    tree,
)

DEEP = "https://example.github.io/sub/path/"

LINKING: dict[str, str | bytes] = {
    **golden_files(),
    "content/posts/2024-03-05-links.md": """\
        ---
        title: Links of every kind
        ---
        ## Where to go

        - [a post by its file](2024-01-05-first-post.md)
        - [a bundle post by its index](2024-03-01-fractions/index.md)
        - [a bundle post by its folder](2024-03-01-fractions/)
        - [a resource from a post](../resources/fraction-mats/index.md)
        - [a heading in a resource](../resources/fraction-mats/index.md#how-to-use-them)
        - [a page](../pages/about.md)
        - [an author](../authors/ms-a.md)
        - [the library](/resources/)
        - [the tags](/tags/)
        - [a file from the site's root](/files/handout.txt)
        - [a bundle's file from elsewhere](2024-03-01-fractions/sheet.pdf)
        - [this page's heading](#where-to-go)
        - [another site](https://www.example.org/page)
        - [mail us](mailto:office@example.org)

        ![An image in another bundle](2024-03-01-fractions/diagram.png)

        <a href="/archive/">raw HTML link</a>
        """,
    "content/resources/fraction-mats/index.md": """\
        ---
        title: Fraction wall mats
        date: 2024-02-01
        subjects: [maths]
        levels: [KS2]
        type: worksheet
        files: [mats.pdf]
        ---
        Mats for pairs, with [notes](notes.txt) and a [post](../../posts/Café%20Maths.md).

        ## How to use them

        Back to the [first post](/posts/first-post/).
        """,
}


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = make_site(tmp_path_factory.mktemp("links"), LINKING, GOLDEN_CONFIG)
    result = build(site, "--base-url", DEEP)
    assert "warning" not in result.stdout + result.stderr
    return site


def main_links(site: Path, rel: str) -> list[str]:
    text = read(site, rel)
    return [v for _, k, v in parse(text[text.index("<main"):text.index("</main>")]).urls()
            if k in ("href", "src")]


def test_every_internal_link_leads_to_a_file_under_the_base_path(deep: Path) -> None:
    pages = [f for f in tree(out(deep)) if f.endswith(".html")]
    assert len(pages) > 15
    assert crawl(out(deep), DEEP) == []


def test_links_to_markdown_files_become_page_urls(deep: Path) -> None:
    links = main_links(deep, "posts/links/index.html")
    for expected in [
        "/sub/path/posts/first-post/",
        "/sub/path/posts/fractions/",
        "/sub/path/resources/fraction-mats/",
        "/sub/path/resources/fraction-mats/#how-to-use-them",
        "/sub/path/about-us/",
        "/sub/path/authors/ms-a/",
    ]:
        assert expected in links, expected
    prose = read(deep, "posts/links/index.html").split('<div class="prose">')[1]
    prose = prose[:prose.index("</article>")]
    hrefs = [v for _, k, v in parse(prose).urls() if k == "href"]
    assert hrefs.count("/sub/path/posts/fractions/") == 2  # by index.md and by its folder
    assert not [u for u in links if ".md" in u]
    assert "/sub/path/posts/cafe-maths/" in main_links(deep, "resources/fraction-mats/index.html")


def test_root_links_get_the_base_path(deep: Path) -> None:
    links = main_links(deep, "posts/links/index.html")
    assert "/sub/path/resources/" in links
    assert "/sub/path/tags/" in links
    assert "/sub/path/files/handout.txt" in links
    assert "/sub/path/archive/" in links  # in raw HTML too
    assert "/sub/path/posts/first-post/" in main_links(deep,
                                                       "resources/fraction-mats/index.html")


def test_bundle_files_resolve(deep: Path) -> None:
    links = main_links(deep, "posts/links/index.html")
    assert "/sub/path/posts/fractions/sheet.pdf" in links
    assert "/sub/path/posts/fractions/diagram-1.png" in links  # its processed copy
    mats = main_links(deep, "resources/fraction-mats/index.html")
    assert "/sub/path/resources/fraction-mats/notes.txt" in mats
    assert "/sub/path/resources/fraction-mats/mats.pdf" in mats


def test_fragments_and_external_links_are_kept(deep: Path) -> None:
    links = main_links(deep, "posts/links/index.html")
    assert "#where-to-go" in links
    assert "https://www.example.org/page" in links
    assert "mailto:office@example.org" in links


def test_theme_links_honour_the_base_path(deep: Path) -> None:
    doc = parse(read(deep, "posts/links/index.html"))
    assert doc.find("link", rel="stylesheet")[0]["href"] == "/sub/path/style.css"
    assert doc.find("link", rel="canonical")[0]["href"] == DEEP + "posts/links/"
    nav = {a["href"] for a in doc.find("a") if str(a.get("href", "")).startswith("/")}
    assert {"/sub/path/", "/sub/path/resources/", "/sub/path/tags/", "/sub/path/authors/",
            "/sub/path/archive/"} <= nav


# --- broken links ---------------------------------------------------------------------------

def test_code_samples_with_href_are_left_alone(tmp_path: Path) -> None:
    # A computing teacher's HTML lesson: href="…"/src="…" inside code was rewritten as a
    # site link (the sample now shows /sub/posts/page2.html) and check failed on it.
    site = make_site(tmp_path, {
        "content/posts/2024-02-01-html.md": """\
            ---
            title: Teaching HTML
            ---
            Our first link: `<a href="page2.html">next</a>`.

            ```html
            <img src="cat.png" alt="A cat">
            ```
            """,
    })
    assert run(site, "check").exit_code == 0
    build(site)
    html = read(site, "posts/html/index.html")
    assert '&lt;a href="page2.html"&gt;' in html
    assert '&lt;img src="cat.png" alt="A cat"&gt;' in html


def test_download_link_to_file_with_hash_is_percent_encoded(tmp_path: Path) -> None:
    # files: ["Quiz #2.pdf"] gave href=".../Quiz #2.pdf": browsers fetch "Quiz " (404).
    site = make_site(tmp_path, {
        "content/resources/quiz/index.md":
            '---\ntitle: Quiz\ndate: 2024-01-05\nfiles: ["Quiz #2.pdf"]\n---\nA quiz.\n',
        "content/resources/quiz/Quiz #2.pdf": b"%PDF-1.4 quiz\n",
    })
    build(site)
    hrefs = [str(a["href"]) for a in parse(read(site, "resources/quiz/index.html")).find("a")
             if ".pdf" in str(a.get("href"))]
    assert hrefs
    for href in hrefs:
        parts = urlsplit(href)
        assert parts.fragment == "" and " " not in href
        assert unquote(parts.path) == "/sub/resources/quiz/Quiz #2.pdf"


def test_encoded_link_to_file_with_hash_is_not_broken(tmp_path: Path) -> None:
    # [quiz](Quiz%20%232.pdf) is the correct way to write it, yet check called it broken
    # (the decoded "#" was split off as a fragment) and the page's link was broken too.
    site = make_site(tmp_path, {
        "content/resources/quiz/index.md":
            "---\ntitle: Quiz\ndate: 2024-01-05\n---\nGet [the quiz](Quiz%20%232.pdf).\n",
        "content/resources/quiz/Quiz #2.pdf": b"%PDF-1.4 quiz\n",
    })
    result = run(site, "check")
    assert result.exit_code == 0, result.stderr


def test_file_names_with_spaces_are_percent_encoded(tmp_path: Path) -> None:
    # "My Photo.png" came out as src="/sub/posts/trip/My Photo.png": the Nu validator's
    # "Illegal character in path segment: space is not allowed", in og:image and feeds too.
    site = make_site(tmp_path, {
        "content/posts/2024-01-05-trip/index.md":
            "---\ntitle: Trip\n---\n![Our trip](My%20Photo.png)\n",
        "content/posts/2024-01-05-trip/My Photo.png": PNG,
    })
    build(site)
    (img,) = parse(read(site, "posts/trip/index.html")).find("img")
    assert img["src"] == "/sub/posts/trip/My%20Photo-1.png"  # the processed copy, 1 px wide
    assert img["srcset"] == "/sub/posts/trip/My%20Photo-1.png 1w"


BROKEN = {
    "content/posts/2024-01-01-a.md": """\
        ---
        title: A
        ---
        Line one.

        See [the missing post](2024-01-02-nope.md) for more.
        """,
}
BROKEN_MESSAGE = ("content/posts/2024-01-01-a.md:6: the link to '2024-01-02-nope.md' leads "
                  "nowhere (check the file name, or remove the link)")


def test_broken_link_is_a_warning_from_build(tmp_path: Path) -> None:
    site = make_site(tmp_path, BROKEN)
    result = run(site, "build")
    assert result.exit_code == 0
    assert result.lines == [BROKEN_MESSAGE.replace(":6: ", ":6: warning: ")]
    assert re.match(r"Built \d+ pages and \d+ feeds, 1 warning in ", result.stdout)
    assert (out(site) / "posts/a/index.html").is_file()


def test_broken_link_is_an_error_from_check(tmp_path: Path) -> None:
    site = make_site(tmp_path, BROKEN)
    result = run(site, "check")
    assert result.exit_code == 1
    assert result.lines == [BROKEN_MESSAGE, "Checked site: 1 error, 0 warnings."]
    assert not out(site).exists()  # check writes nothing


def test_broken_link_is_an_error_with_strict(tmp_path: Path) -> None:
    site = make_site(tmp_path, BROKEN)
    result = run(site, "build", "--strict")
    assert result.exit_code == 1
    assert result.lines[0] == BROKEN_MESSAGE
    assert not out(site).exists()


def test_check_format_github(tmp_path: Path) -> None:
    site = make_site(tmp_path, BROKEN)
    result = run(site, "check", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=content/posts/2024-01-01-a.md,line=6,title=sharesite error::the link to "
        "'2024-01-02-nope.md' leads nowhere (check the file name, or remove the link)"]


def test_check_format_github_warnings(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/posts/2024-01-01-a.md": "---\ntitle: A\nsumary: x\n---\n![](pic.png)\n",
        "content/posts/pic.png": PNG,
    }, None)
    result = run(site, "check", "--format", "github")
    lines = result.stdout.splitlines()
    assert any(line.startswith("::warning file=content/posts/2024-01-01-a.md,line=3,")
               for line in lines), result.stdout
    # an image without alt text is an error from check
    assert any(line.startswith("::error file=content/posts/2024-01-01-a.md,line=5,")
               and "has no alt text" in line for line in lines), result.stdout


def test_check_clean_site(tmp_path: Path) -> None:
    site = make_site(tmp_path, golden_files(), GOLDEN_CONFIG)
    result = run(site, "check")
    assert result.exit_code == 0
    assert result.lines == ["Checked site: no problems found."]
    assert result.stdout == ""


@pytest.mark.parametrize(("body", "line", "text"), [
    # the link's own line, even when its target is mentioned earlier as plain text
    ("The old file nope.md was renamed.\n\nRead [it](nope.md).\n", 6, "nope.md"),
    # the second of two identical broken links is on its own line
    ("[x](gone.md)\n\nText.\n\n[y](/missing/)\n", 8, "/missing/"),
    # a link deep in the body
    ("One.\n\nTwo.\n\nThree.\n\n* a\n* [b](/none/)\n", 11, "/none/"),
])
def test_broken_link_line_numbers(tmp_path: Path, body: str, line: int, text: str) -> None:
    site = make_site(tmp_path, {"content/posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + body})
    result = run(site, "check")
    expected = (f"content/posts/2024-01-01-a.md:{line}: the link to {text!r} leads nowhere "
                "(check the file name, or remove the link)")
    assert expected in result.lines, result.stderr


def test_link_to_a_draft_is_broken_unless_drafts_are_built(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/posts/2024-01-01-a.md": "---\ntitle: A\n---\nSee [b](2024-01-02-b.md).\n",
        "content/posts/2024-01-02-b.md": "---\ntitle: B\ndraft: true\n---\nDraft.\n",
    })
    assert run(site, "check").exit_code == 1
    assert run(site, "check", "--drafts").exit_code == 0


# --- the repository's own example site ------------------------------------------------------

def test_example_site_builds_cleanly_under_a_sub_path(tmp_path: Path) -> None:
    output = tmp_path / "example"
    result = run(REPO, "build", "--base-url", DEEP, "--output", str(output))
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stdout, result.stdout + result.stderr
    assert result.stderr == ""
    assert crawl(output, DEEP) == []
    assert (REPO / "content").is_dir()
    check_feeds_and_metadata(output)


def check_feeds_and_metadata(output: Path) -> None:
    """Every feed parses without complaint (feedparser's bozo) and links only to pages that
    exist; every page's JSON-LD parses and has what its type needs."""
    import feedparser

    feeds = [p for p in output.rglob("*.xml") if p.name in ("feed.xml", "rss.xml")]
    assert len(feeds) > 20
    # The network's feed links its entries to the peers' own pages.
    peers = tuple(p["url"] for p in tomllib.loads((REPO / "site.toml").read_text())
                  .get("network", {}).get("peers", []))
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, f"{feed}: {parsed.get('bozo_exception')}"
        links = [parsed.feed.get("link", "")] + [e.get("link", "") for e in parsed.entries]
        if feed.parent.parent == output and \
                feed.parent.name in ("network", "expertise", "events"):
            # the network's resources, offers and events link to the peers' own pages
            assert peers and any(link.startswith(peers) for link in links[1:]), feed
            links = [link for link in links if not link.startswith(peers)]
        for link in filter(None, links):
            assert link.startswith(DEEP), f"{feed}: {link} is not under the site's address"
            rel = link[len(DEEP):].split("#")[0]
            target = output / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
            assert target.is_file(), f"{feed}: {link} leads nowhere"
    needs = {"BlogPosting": {"headline", "url", "datePublished", "author", "publisher"},
             "LearningResource": {"name", "url", "author", "license", "educationalLevel"}}
    typed = 0
    for page in output.rglob("*.html"):
        for data in Html(page.read_text(encoding="utf-8")).jsonld():
            assert data.get("@context") == "https://schema.org", page
            missing = needs.get(str(data.get("@type")), set()) - data.keys()
            assert not missing, f"{page}: JSON-LD {data.get('@type')} lacks {missing}"
            typed += data.get("@type") in needs
    assert typed > 20
