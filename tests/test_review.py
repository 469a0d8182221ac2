"""Bugs found in review: each test is named after the bug and asserts what the SPEC or the
issue promises. Real sites in tmp_path, built through the CLI."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from support import PNG, Result, build, make_site, out, parse, read, run, tree

POST = """\
    ---
    title: Hello
    ---
    The first post.
    """


def test_index_md_directly_in_posts_does_not_swallow_the_blog(tmp_path: Path) -> None:
    # A teacher used to Hugo writes content/posts/index.md as the blog's intro. It must not
    # turn the whole posts/ folder into one bundle: every post vanished and the drafts'
    # Markdown was published as raw .md files, with exit 0.
    site = make_site(tmp_path, {
        "content/posts/index.md": "---\ntitle: Our blog\ndate: 2024-01-01\n---\nIntro.\n",
        "content/posts/2024-01-05-hello.md": POST,
        "content/posts/2024-01-06-secret.md": "---\ntitle: S\ndraft: true\n---\nSECRET\n",
    })
    result = run(site, "build")
    if result.exit_code == 0:
        assert (out(site) / "posts/hello/index.html").is_file()
        assert [f for f in tree(out(site)) if f.endswith(".md")] == []
    else:
        assert "content/posts/index.md" in result.stderr


def test_nested_bundle_does_not_publish_markdown_source(tmp_path: Path) -> None:
    # A bundle inside a bundle: the inner index.md was copied raw into the output as a
    # "file" of the outer bundle, even when the inner one is a draft.
    site = make_site(tmp_path, {
        "content/resources/outer/index.md": "---\ntitle: Outer\ndate: 2024-01-05\n---\nO.\n",
        "content/resources/outer/inner/index.md":
            "---\ntitle: Inner\ndate: 2024-01-05\ndraft: true\n---\nSECRET draft text\n",
    })
    build(site, ok=False)
    published = tree(out(site)) if out(site).is_dir() else []
    assert [f for f in published if f.endswith(".md")] == []
    assert not any("SECRET" in (out(site) / f).read_text(encoding="utf-8", errors="replace")
                   for f in published)


def test_control_character_pasted_from_word_does_not_crash(tmp_path: Path) -> None:
    # Word's line break pastes as \x0b (vertical tab), a PDF's page break as \x0c: lxml
    # refused them in the feed and the build died with a traceback.
    site = make_site(tmp_path, {
        "content/posts/2024-01-05-word.md":
            "---\ntitle: Pasted\n---\nLine one\x0bline two.\n\nPage\x0cbreak.\n",
    })
    result = run(site, "build")  # run() fails the test on a traceback
    assert result.exit_code == 0 or "content/posts/2024-01-05-word.md:4" in result.stderr
    if result.exit_code == 0:
        assert not feedparser.parse(read(site, "feed.xml")).bozo


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


def test_alias_over_an_output_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    # An import keeps the old feed address as an alias: the redirect folder rss.xml/ and
    # the feed file rss.xml collided in publish() with IsADirectoryError.
    site = make_site(tmp_path, {
        "content/posts/2024-01-05-moved.md":
            "---\ntitle: Moved\naliases: [/rss.xml]\n---\nBody.\n",
    })
    result = build(site, ok=False)
    assert result.exit_code == 1
    assert "content/posts/2024-01-05-moved.md" in result.stderr


def test_bundle_file_named_index_html_does_not_replace_the_page(tmp_path: Path) -> None:
    # A computing resource ships the pupils' starter index.html: it silently replaced the
    # resource's own page. Two things at one URL must be an error naming both files.
    site = make_site(tmp_path, {
        "content/resources/html-starter/index.md":
            "---\ntitle: HTML starter\ndate: 2024-01-05\nfiles: [index.html]\n---\nStart.\n",
        "content/resources/html-starter/index.html": "<!doctype html><title>Pupil</title>\n",
    })
    result = build(site, ok=False)
    assert result.exit_code == 1
    assert "content/resources/html-starter/index.md" in result.stderr
    assert "content/resources/html-starter/index.html" in result.stderr


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
    assert img["src"] == "/sub/posts/trip/My%20Photo.png"


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


def test_credit_licence_as_written_is_shown(tmp_path: Path) -> None:
    # adapted_from licence "CC BY-NC 4.0" (not the SPDX spelling) vanished from the credit
    # and from isBasedOn, with no warning: the source's NC terms were silently lost.
    site = make_site(tmp_path, {
        "content/resources/adapt/index.md": """\
            ---
            title: Adapted mats
            date: 2024-01-05
            adapted_from:
              - title: Original mats
                url: https://example.org/mats
                author: Mr Smith
                licence: CC BY-NC 4.0
            ---
            Body.
            """,
    })
    result = build(site, ok=False)
    if result.exit_code == 0 and "warning" not in result.stderr:
        credits = read(site, "resources/adapt/index.html").split('class="credits"')[1]
        assert "BY-NC" in credits.split("</section>")[0]


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


def test_theme_static_symlink_outside_the_site_is_not_published(tmp_path: Path) -> None:
    # content/ refuses links that leave it; a theme's static/ folder copied the target of
    # any symlink (a PR could publish ../../.git/config, which holds the checkout token).
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN\n", encoding="utf-8")
    site = make_site(tmp_path, {"content/posts/2024-01-05-hello.md": POST})
    static = site / "themes/default/static"
    static.mkdir(parents=True)
    os.symlink(secret, static / "leak.txt")
    result = build(site, ok=False)
    assert not (out(site) / "leak.txt").exists()
    assert result.exit_code == 2
    assert ("themes/default/static/leak.txt: this is a link to a file outside the theme's "
            "folder (copy the file into the theme instead of linking to it)") in result.lines


def test_check_format_github_annotates_config_errors(tmp_path: Path) -> None:
    # A PR that breaks site.toml got plain text on stderr and no annotation at all.
    site = make_site(tmp_path, {"content/posts/2024-01-05-hello.md": POST},
                     config='title = "T"\nbase_url = "https://x.org/"\n\n[build]\n'
                            'posts_per_page = "ten"\n')
    result = run(site, "check", "--format", "github")
    assert result.exit_code == 2
    assert "::error file=site.toml,line=5" in result.stdout


def test_blank_lines_before_front_matter_are_fine(tmp_path: Path) -> None:
    # An editor that adds a blank first line must not turn the front matter into text.
    site = make_site(tmp_path, {
        # bytes: make_site would strip the leading newlines from text
        "content/posts/2024-01-05-blank.md": b"\n\n---\ntitle: After a gap\n---\nBody.\n",
        "content/posts/2024-01-06-bad.md": b"\n---\ntitle: Bad\ndraft: maybe\n---\nBody.\n",
    })
    result = run(site, "build")
    assert result.lines[:-1] == [
        "content/posts/2024-01-06-bad.md:4: draft: 'maybe' is not true or false "
        "(write draft: true)"]
    (site / "content/posts/2024-01-06-bad.md").unlink()
    build(site)
    assert "<title>After a gap — " in read(site, "posts/blank/index.html")


def test_author_file_without_front_matter_is_one_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/authors/ms-a.md": "Just a bio, no front matter.\n",
        "content/posts/2024-01-05-hello.md": POST,
    })
    result = run(site, "build")
    assert result.exit_code == 1
    assert result.lines[:-1] == [
        "content/authors/ms-a.md:1: name is missing (add a line name: ... to the front matter)"]


def test_embeds_cannot_ask_for_camera_or_come_from_any_sharepoint_page(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/posts/2024-01-05-embeds.md": """\
        ---
        title: Embeds
        ---
        <iframe src="https://forms.office.com/r/abc" title="Form"
                allow="camera; microphone; fullscreen"></iframe>

        <iframe src="https://evil.sharepoint.com/sites/x/page.aspx" title="Page"></iframe>
        """})
    result = run(site, "build")
    assert result.exit_code == 0
    html = read(site, "posts/embeds/index.html")
    assert '<iframe src="https://forms.office.com/r/abc" title="Form" allow="fullscreen">' in html
    assert "evil.sharepoint.com" not in html
    assert ("content/posts/2024-01-05-embeds.md:7: warning: the embedded frame from "
            "'https://evil.sharepoint.com/sites/x/page.aspx' was removed") in result.stderr


def test_search_index_is_written_only_into_the_output(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # Leaving Pagefind's `async with PagefindIndex()` block writes the whole index into
    # ./pagefind of whatever folder the build ran in.
    site = make_site(tmp_path, {"content/posts/2024-01-05-hello.md": POST},
                     config='title = "T"\nbase_url = "https://x.org/sub/"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    build(site)
    assert list(elsewhere.iterdir()) == []
    assert (out(site) / "pagefind" / "pagefind.js").is_file()


def test_build_works_inside_a_running_event_loop(tmp_path: Path) -> None:
    # Playwright's sync API (and any async app) runs an event loop in the calling thread;
    # indexing with asyncio.run there failed with "cannot be called from a running loop".
    import asyncio

    site = make_site(tmp_path, {"content/posts/2024-01-05-hello.md": POST},
                     config='title = "T"\nbase_url = "https://x.org/sub/"\n')

    async def inside() -> Result:
        return run(site, "build")

    result = asyncio.run(inside())
    assert result.exit_code == 0, result.stderr
    assert (out(site) / "pagefind" / "pagefind.js").is_file()


def test_search_off_needs_no_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # [search] enabled = false: the build must not even import Pagefind.
    import sys

    for name in [m for m in sys.modules if m == "pagefind" or m.startswith("pagefind.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pagefind", None)  # makes `import pagefind` fail
    site = make_site(tmp_path, {"content/posts/2024-01-05-hello.md": POST},
                     config='title = "T"\nbase_url = "https://x.org/"\n[search]\nenabled = false\n')
    build(site)
    assert not (out(site) / "pagefind").exists()
