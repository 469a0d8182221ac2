"""Feeds, read by a real feed parser: valid, newest first, absolute links, stable ids."""

from __future__ import annotations

import datetime as dt
import time
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from support import BASE_URL, PNG, build, hashes, make_site, out, parse, read, run

CONFIG = f"""\
title = "Feed School"
base_url = "{BASE_URL}"
description = "Feeds under test"
timezone = "Europe/London"
author = "ms-a"

[feeds]
items = {{items}}
"""

FILES: dict[str, str | bytes] = {
    "content/authors/ms-a.md": "---\nname: Ms A\n---\nTeaches Year 4.\n",
    "content/authors/mr-b.md": "---\nname: Mr B\n---\nTeaches Year 6.\n",
    "content/posts/2024-01-10-oldest.md": """\
        ---
        title: Oldest
        tags: [Maths]
        ---
        The oldest post, linking to the [newest](2024-05-01-newest/index.md).
        """,
    "content/posts/2024-02-10-second.md": """\
        ---
        title: Second
        tags: [maths, reading]
        authors: [mr-b]
        ---
        ## A heading

        Jump to [the heading](#a-heading) or the [library](/resources/).
        A footnote.[^1]

        [^1]: The note.
        """,
    "content/posts/2024-03-10-third.md": """\
        ---
        title: Third
        updated: 2024-06-20
        tags: [Maths]
        ---
        Third post, changed later. See [the mats](../resources/mats/index.md#how).
        """,
    "content/posts/2024-05-01-newest/index.md": """\
        ---
        title: Newest
        tags: [maths]
        ---
        ![A bar model](bar.png)

        Download the [sheet](sheet.pdf?v=2) and read the [older post](../2024-01-10-oldest.md).
        """,
    "content/posts/2024-05-01-newest/bar.png": PNG,
    "content/posts/2024-05-01-newest/sheet.pdf": b"%PDF-1.4\n",
    "content/resources/mats/index.md": """\
        ---
        title: Mats
        date: 2024-04-01
        subjects: [maths]
        levels: [KS2]
        type: worksheet
        tags: [Maths]
        files: [mats.pdf]
        ---
        Mats body with a [download](mats.pdf).
        """,
    "content/resources/mats/mats.pdf": b"%PDF-1.4\n",
}

FEEDS = ["feed.xml", "rss.xml", "tags/maths/feed.xml", "authors/ms-a/feed.xml",
         "resources/feed.xml"]

NEWEST_FIRST = ["posts/newest/", "resources/mats/", "posts/third/", "posts/second/",
                "posts/oldest/"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_site(tmp_path_factory.mktemp("feeds"), FILES, CONFIG.format(items=20))
    build(folder)
    return folder


def feed(site: Path, rel: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((out(site) / rel).read_bytes())
    assert not parsed.bozo, f"{rel}: {parsed.get('bozo_exception')}"
    return parsed


def when(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


class UrlCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v for k, v in attrs if k in ("href", "src", "poster") and v is not None]


def urls_in(html: str) -> list[str]:
    collector = UrlCollector()
    collector.feed(html)
    return collector.urls


@pytest.mark.parametrize("rel", FEEDS)
def test_feed_is_well_formed(site: Path, rel: str) -> None:
    parsed = feed(site, rel)
    assert parsed.version in ("atom10", "rss20")
    assert parsed.entries


def test_main_feeds_newest_first(site: Path) -> None:
    for rel in ("feed.xml", "rss.xml"):
        links = [e.link for e in feed(site, rel).entries]
        assert links == [BASE_URL + p for p in NEWEST_FIRST], rel


def test_tag_feed_merges_spellings_and_is_newest_first(site: Path) -> None:
    links = [e.link for e in feed(site, "tags/maths/feed.xml").entries]
    assert links == [BASE_URL + p for p in NEWEST_FIRST]
    assert [e.link for e in feed(site, "tags/reading/feed.xml").entries] == [
        BASE_URL + "posts/second/"]


def test_author_feeds(site: Path) -> None:
    ms_a = [e.link for e in feed(site, "authors/ms-a/feed.xml").entries]
    assert ms_a == [BASE_URL + p for p in NEWEST_FIRST if p != "posts/second/"]
    mr_b = feed(site, "authors/mr-b/feed.xml")
    assert [e.link for e in mr_b.entries] == [BASE_URL + "posts/second/"]
    assert mr_b.entries[0].author == "Mr B"


def test_resources_feed_has_only_resources(site: Path) -> None:
    assert [e.link for e in feed(site, "resources/feed.xml").entries] == [
        BASE_URL + "resources/mats/"]


@pytest.mark.parametrize("rel", ["feed.xml", "tags/maths/feed.xml", "authors/ms-a/feed.xml",
                                 "resources/feed.xml"])
def test_feed_updated_is_the_newest_entry(site: Path, rel: str) -> None:
    parsed = feed(site, rel)
    newest = max(when(e.updated) for e in parsed.entries)
    assert when(parsed.feed.updated) == newest


def test_updated_front_matter_dates_the_entry(site: Path) -> None:
    entries = {e.link: e for e in feed(site, "feed.xml").entries}
    third = entries[BASE_URL + "posts/third/"]
    assert when(third.updated) == dt.datetime(2024, 6, 20, tzinfo=dt.timezone(dt.timedelta(
        hours=1)))
    assert when(third.published) == dt.datetime(2024, 3, 10, tzinfo=dt.UTC)
    # the feed as a whole changed when that post was updated, after the newest post's date
    assert when(feed(site, "feed.xml").feed.updated) == when(third.updated)


def test_rss_dates(site: Path) -> None:
    parsed = feed(site, "rss.xml")
    assert parsed.feed.updated == "Thu, 20 Jun 2024 00:00:00 +0100"
    assert parsed.entries[0].published == "Wed, 01 May 2024 00:00:00 +0100"


def test_feeds_do_not_change_between_builds(tmp_path: Path) -> None:
    """No build time anywhere: a second build a second later gives the same bytes."""
    folder = make_site(tmp_path, FILES, CONFIG.format(items=20))
    build(folder, "--output", str(tmp_path / "one"))
    time.sleep(1.1)
    build(folder, "--output", str(tmp_path / "two"))
    first, second = hashes(tmp_path / "one"), hashes(tmp_path / "two")
    for rel in [*FEEDS, "sitemap.xml"]:
        assert first[rel] == second[rel], rel
    assert first == second
    ids = [e.id for e in feedparser.parse((tmp_path / "one/feed.xml").read_bytes()).entries]
    assert ids == [e.id for e in feedparser.parse((tmp_path / "two/feed.xml").read_bytes())
                   .entries]


@pytest.mark.parametrize("rel", FEEDS)
def test_every_link_is_absolute(site: Path, rel: str) -> None:
    parsed = feed(site, rel)
    assert parsed.feed.link.startswith(BASE_URL)
    for link in parsed.feed.links:
        assert link.href.startswith(BASE_URL), link
    for entry in parsed.entries:
        for link in entry.links:
            assert link.href.startswith(BASE_URL), link
        for url in urls_in(entry.content[0].value):
            assert url.startswith("https://"), (entry.link, url)


def test_relative_links_in_content_are_made_absolute(site: Path) -> None:
    entries = {e.link: e.content[0].value for e in feed(site, "feed.xml").entries}
    newest = urls_in(entries[BASE_URL + "posts/newest/"])
    assert BASE_URL + "posts/newest/bar-1.png" in newest  # the processed copy
    assert BASE_URL + "posts/newest/sheet.pdf?v=2" in newest
    assert BASE_URL + "posts/oldest/" in newest
    second = urls_in(entries[BASE_URL + "posts/second/"])
    assert BASE_URL + "posts/second/#a-heading" in second
    assert BASE_URL + "resources/" in second
    assert [u for u in second if "#fn" in u]
    assert all(u.startswith(BASE_URL + "posts/second/#") for u in second if "#fn" in u)
    assert BASE_URL + "resources/mats/#how" in urls_in(entries[BASE_URL + "posts/third/"])


@pytest.mark.parametrize("rel", ["feed.xml", "rss.xml"])
def test_ids_are_the_entry_urls(site: Path, rel: str) -> None:
    for entry in feed(site, rel).entries:
        assert entry.id == entry.link
        assert entry.link.startswith(BASE_URL)


def test_feed_ids_and_self_links(site: Path) -> None:
    for rel in FEEDS:
        parsed = feed(site, rel)
        if parsed.version == "atom10":
            assert parsed.feed.id == BASE_URL + rel
        assert BASE_URL + rel in [link.href for link in parsed.feed.links
                                  if link.rel == "self"]


def test_full_content_by_default(site: Path) -> None:
    for rel in ("feed.xml", "rss.xml"):
        entries = {e.link: e for e in feed(site, rel).entries}
        second = entries[BASE_URL + "posts/second/"]
        body = second.content[0].value
        assert "A footnote." in body
        assert "The note." in body  # the whole post, footnotes included
        assert "<h2" in body


def test_entry_metadata(site: Path) -> None:
    entries = {e.link: e for e in feed(site, "feed.xml").entries}
    second = entries[BASE_URL + "posts/second/"]
    assert second.title == "Second"
    assert sorted(t.term for t in second.tags) == ["Maths", "reading"]
    assert second.author == "Mr B"


def test_item_limit(tmp_path: Path) -> None:
    folder = make_site(tmp_path, FILES, CONFIG.format(items=2))
    build(folder)
    for rel in ("feed.xml", "rss.xml", "tags/maths/feed.xml"):
        links = [e.link for e in feed(folder, rel).entries]
        assert links == [BASE_URL + p for p in NEWEST_FIRST[:2]], rel
    # the home page is not limited by [feeds] items
    assert "/sub/posts/oldest/" in read(folder, "index.html")


def test_summary_only_feeds(tmp_path: Path) -> None:
    config = CONFIG.format(items=20).replace("[feeds]", "[feeds]\nfull_content = false")
    folder = make_site(tmp_path, FILES, config)
    build(folder)
    for entry in feed(folder, "feed.xml").entries:
        assert "content" not in entry
        assert entry.summary
    entries = {e.link: e for e in feed(folder, "feed.xml").entries}
    assert entries[BASE_URL + "resources/mats/"].summary == "Mats body with a download."


@pytest.mark.parametrize(("rel", "feed_rel"), [
    ("tags/maths/index.html", "tags/maths/feed.xml"),
    ("tags/reading/index.html", "tags/reading/feed.xml"),
    ("authors/ms-a/index.html", "authors/ms-a/feed.xml"),
    ("authors/mr-b/index.html", "authors/mr-b/feed.xml"),
    ("resources/index.html", "resources/feed.xml"),
])
def test_pages_link_their_own_feed(site: Path, rel: str, feed_rel: str) -> None:
    doc = parse(read(site, rel))
    alternates = doc.find("link", rel="alternate", type="application/atom+xml")
    assert "/sub/" + feed_rel in [a["href"] for a in alternates]
    assert (out(site) / feed_rel).is_file()


def test_every_page_links_the_site_feeds(site: Path) -> None:
    for rel in ("index.html", "posts/second/index.html", "archive/index.html"):
        doc = parse(read(site, rel))
        hrefs = {a["href"]: a["type"] for a in doc.find("link", rel="alternate")}
        assert hrefs["/sub/feed.xml"] == "application/atom+xml"
        assert hrefs["/sub/rss.xml"] == "application/rss+xml"


def test_control_character_pasted_from_word_does_not_crash(tmp_path: Path) -> None:
    # Word's line break pastes as \x0b (vertical tab), a PDF's page break as \x0c: lxml
    # refused them in the feed and the build died with a traceback.
    site = make_site(tmp_path, {
        "content/posts/2024-01-05-word.md":
            "---\ntitle: Pasted\n---\nLine one\x0bline two.\n\nPage\x0cbreak.\n",
    })
    result = run(site, "build")  # run() fails the test on a traceback
    assert result.exit_code == 0, result.stderr
    assert not feedparser.parse(read(site, "feed.xml")).bozo
