"""Feeds, read by a real feed parser: valid, newest first, absolute links, stable ids."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import re
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from support import (
    BASE_URL,
    PNG,
    REPO,
    build,
    feed_html,
    hashes,
    make_site,
    out,
    parse,
    read,
    run,
)

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
    # dates written without a time: noon UTC on that date (see test_date_only_items_…)
    assert when(third.updated) == dt.datetime(2024, 6, 20, 12, tzinfo=dt.UTC)
    assert when(third.published) == dt.datetime(2024, 3, 10, 12, tzinfo=dt.UTC)
    # the feed as a whole changed when that post was updated, after the newest post's date
    assert when(feed(site, "feed.xml").feed.updated) == when(third.updated)


def test_rss_dates(site: Path) -> None:
    parsed = feed(site, "rss.xml")
    assert parsed.feed.updated == "Thu, 20 Jun 2024 12:00:00 +0000"
    assert parsed.entries[0].published == "Wed, 01 May 2024 12:00:00 +0000"


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


# --- What a reader shows (issue 14) ----------------------------------------------------

# Embeds as a teacher pastes them: with a title, without, and one inside a paragraph.
YOUTUBE = ('<iframe src="https://www.youtube-nocookie.com/embed/Q7mZ3kLr2vA?start=30" '
           'title="Pure sounds & blending" width="560" height="315" allowfullscreen></iframe>')
VIMEO = '<iframe src="https://player.vimeo.com/video/76979871" width="640" height="360"></iframe>'
SLIDES = ('<iframe src="https://docs.google.com/presentation/d/e/2PACX-abc/embed?start=false'
          '&amp;loop=false" width="960" height="569"></iframe>')
INLINE = ('<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="In a paragraph">'
          '</iframe>')

READER_FILES: dict[str, str | bytes] = {
    "content/authors/ms-a.md": "---\nname: Ms A\n---\nTeaches Year 4.\n",
    "content/authors/mr-b.md": "---\nname: Mr B\n---\nTeaches Year 6.\n",
    "content/posts/2024-07-01-videos.md": f"""\
        ---
        title: Videos
        date: 2024-07-01 09:30
        authors: [ms-a, mr-b]
        ---
        ## Before the videos

        {YOUTUBE}

        {VIMEO}

        {SLIDES}

        Or watch it here: {INLINE} and read on.
        """,
    "content/posts/2024-06-10-first-of-two.md": "---\ntitle: First of two\n---\nOne.\n",
    "content/posts/2024-06-10-second-of-two.md": "---\ntitle: Second of two\n---\nTwo.\n",
    "content/posts/2024-06-01-offset.md":
        "---\ntitle: At midnight, with an offset\ndate: 2024-06-01T00:00:00+01:00\n---\nX.\n",
    "content/resources/quiz/index.md": """\
        ---
        title: Quiz
        date: 2024-05-20
        subjects: [maths, science]
        licence: all-rights-reserved
        ---
        A quiz.
        """,
}

# Each item of FILES with the dates it was given (published, updated): all without a time.
DATES = {
    "posts/newest/": ("2024-05-01", "2024-05-01"),
    "resources/mats/": ("2024-04-01", "2024-04-01"),
    "posts/third/": ("2024-03-10", "2024-06-20"),
    "posts/second/": ("2024-02-10", "2024-02-10"),
    "posts/oldest/": ("2024-01-10", "2024-01-10"),
}

DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


@pytest.fixture(scope="module")
def reader_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_site(tmp_path_factory.mktemp("reader"), READER_FILES, CONFIG.format(items=20))
    build(folder)
    return folder


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example site, built as it is published."""
    output = tmp_path_factory.mktemp("example") / "site"
    result = run(REPO, "build", "--output", str(output))
    assert result.exit_code == 0, result.stdout + result.stderr
    return output


def instant(value: str) -> dt.datetime:
    """An Atom (RFC 3339) or RSS (RFC 822) date as an aware datetime."""
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return email.utils.parsedate_to_datetime(value)


def contents(folder: Path, rel: str) -> dict[str, str]:
    return {e.link: e.content[0].value for e in feed(folder, rel).entries}


def anchors(fragment: str) -> list[tuple[str, str]]:
    """(href, text) of each link in a fragment of HTML."""
    return [(html.unescape(href), html.unescape(re.sub(r"<[^>]*>", "", text)))
            for href, text in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', fragment, re.S)]


def all_feeds(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.xml") if p.name != "sitemap.xml")


def test_rss_channel_link_is_the_website(site: Path) -> None:
    # RSS 2.0: the channel's <link> is "the URL to the HTML website", not the feed's own.
    root = ET.fromstring((out(site) / "rss.xml").read_bytes())
    assert root.findtext("channel/link") == BASE_URL
    rss = feed(site, "rss.xml")
    assert rss.feed.link == BASE_URL
    assert [link.href for link in rss.feed.links if link.rel == "self"] == [
        BASE_URL + "rss.xml"]


@pytest.mark.parametrize(("rel", "page"), [("feed.xml", ""), ("tags/maths/feed.xml",
                                                               "tags/maths/"),
                                           ("resources/feed.xml", "resources/")])
def test_atom_feeds_link_their_page_and_themselves(site: Path, rel: str, page: str) -> None:
    parsed = feed(site, rel)
    assert parsed.feed.link == BASE_URL + page
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {"alternate": BASE_URL + page, "self": BASE_URL + rel}


def test_no_heading_permalinks_in_feeds(site: Path, reader_site: Path) -> None:
    for folder in (site, reader_site):
        for path in all_feeds(out(folder)):
            for fragment in feed_html(path):
                assert "headerlink" not in fragment, path
                assert "Link to this section" not in fragment, path
    for rel in ("feed.xml", "rss.xml"):
        second = contents(site, rel)[BASE_URL + "posts/second/"]
        assert '<h2 id="a-heading">A heading</h2>' in second  # the heading itself stays


@pytest.mark.parametrize("rel", ["feed.xml", "rss.xml", "authors/ms-a/feed.xml"])
def test_embeds_become_links_with_their_titles(reader_site: Path, rel: str) -> None:
    body = contents(reader_site, rel)[BASE_URL + "posts/videos/"]
    assert "<iframe" not in body
    links = anchors(body)
    assert links == [
        ("https://www.youtube.com/watch?v=Q7mZ3kLr2vA&t=30", "Pure sounds & blending"),
        ("https://player.vimeo.com/video/76979871", "Watch the video"),
        ("https://docs.google.com/presentation/d/e/2PACX-abc/embed?start=false&loop=false",
         "Open the document"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "In a paragraph"),
    ]
    # a paragraph of its own, or a link in the paragraph it was in: never <p> in a <p>
    assert '<p><a href="https://player.vimeo.com/video/76979871">Watch the video</a></p>' in body
    assert re.search(r'<p>Or watch it here: <a href="[^"]+">In a paragraph</a> and read on\.</p>',
                     body)


def test_no_iframe_in_any_feed(site: Path, reader_site: Path, example: Path) -> None:
    for folder in (out(site), out(reader_site), example):
        for path in all_feeds(folder):
            for fragment in feed_html(path):
                assert "<iframe" not in fragment, path
    # the example's video post: its video as a link to YouTube's watch page
    rss = feedparser.parse((example / "rss.xml").read_bytes())
    body = next(e.content[0].value for e in rss.entries
                if e.link.endswith("/posts/saying-pure-sounds/"))
    assert ("https://www.youtube.com/watch?v=Q7mZ3kLr2vA", "Saying pure sounds: how we say "
            "the first phonics sounds at St Aidan's") in anchors(body)


def test_every_rss_item_names_its_authors(site: Path, reader_site: Path, example: Path) -> None:
    for path in (out(site) / "rss.xml", out(reader_site) / "rss.xml", example / "rss.xml"):
        for item in ET.fromstring(path.read_bytes()).iter("item"):
            creators = [c.text for c in item.iter(DC_CREATOR)]
            assert len(creators) == 1 and creators[0], (path, item.findtext("link"))
    by_link = {e.link: e.author for e in feed(site, "rss.xml").entries}
    assert by_link[BASE_URL + "posts/second/"] == "Mr B"
    assert by_link[BASE_URL + "posts/oldest/"] == "Ms A"  # the site's default author
    reader = {e.link: e.author for e in feed(reader_site, "rss.xml").entries}
    assert reader[BASE_URL + "posts/videos/"] == "Ms A and Mr B"


def test_every_atom_entry_names_its_authors(site: Path, reader_site: Path) -> None:
    for folder in (site, reader_site):
        for path in all_feeds(out(folder)):
            parsed = feedparser.parse(path.read_bytes())
            if parsed.version == "atom10":
                for entry in parsed.entries:
                    assert [a.name for a in entry.authors if a.get("name")], (path, entry.link)
    videos = {e.link: e for e in feed(reader_site, "feed.xml").entries}[BASE_URL + "posts/videos/"]
    assert [a.name for a in videos.authors] == ["Ms A", "Mr B"]


@pytest.mark.parametrize("rel", ["feed.xml", "rss.xml", "resources/feed.xml",
                                 "resources/subjects/maths/feed.xml"])
def test_resource_entry_lists_its_files_and_licence(site: Path, rel: str) -> None:
    body = contents(site, rel)[BASE_URL + "resources/mats/"]
    links = anchors(body)
    assert (BASE_URL + "resources/mats/mats.pdf", "mats.pdf") in links
    assert "mats.pdf</a> (PDF, 9 bytes)" in body
    assert ("https://creativecommons.org/licenses/by/4.0/",
            "Creative Commons Attribution 4.0") in links
    assert (BASE_URL + "resources/subjects/maths/", "maths") in links
    assert (BASE_URL + "resources/levels/ks2/", "KS2") in links
    assert (BASE_URL + "resources/types/worksheet/", "Worksheet") in links
    credit = (f"“Mats” by Ms A, from Feed School ({BASE_URL}resources/mats/), licensed "
              "under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).")
    assert html.unescape(body).count(credit) == 1
    assert body.index("Licence:") < body.index("Mats body")  # before the resource's text
    # a post has no such block
    assert "Licence:" not in contents(site, rel).get(BASE_URL + "posts/newest/", "")


def test_resource_without_an_open_licence_or_files(reader_site: Path) -> None:
    body = contents(reader_site, "resources/feed.xml")[BASE_URL + "resources/quiz/"]
    assert "Licence: All rights reserved" in body  # no deed to link to
    assert "Downloads" not in body
    assert [text for href, text in anchors(body) if "/subjects/" in href] == ["maths",
                                                                               "science"]


@pytest.mark.parametrize("hours", [-8, 10])
@pytest.mark.parametrize("rel", ["feed.xml", "rss.xml", "tags/maths/feed.xml"])
def test_date_only_items_keep_their_date_in_every_time_zone(site: Path, rel: str,
                                                            hours: int) -> None:
    """A date without a time was stamped at midnight in London: 10 March read as 9 March in
    UTC-8. It must read as the date written, west of the site and east of it."""
    zone = dt.timezone(dt.timedelta(hours=hours))
    parsed = feed(site, rel)
    for entry in parsed.entries:
        published, updated = DATES[entry.link.removeprefix(BASE_URL)]
        assert instant(entry.published).astimezone(zone).date().isoformat() == published
        if parsed.version == "atom10":
            assert instant(entry.updated).astimezone(zone).date().isoformat() == updated


def test_times_written_stay_as_written(reader_site: Path) -> None:
    entries = {e.link: e for e in feed(reader_site, "feed.xml").entries}
    summer = dt.timezone(dt.timedelta(hours=1))
    assert instant(entries[BASE_URL + "posts/videos/"].published) == dt.datetime(
        2024, 7, 1, 9, 30, tzinfo=summer)
    assert instant(entries[BASE_URL + "posts/offset/"].published) == dt.datetime(
        2024, 6, 1, 0, 0, tzinfo=summer)


@pytest.mark.parametrize("rel", ["feed.xml", "rss.xml"])
def test_items_of_one_day_get_one_second_each(reader_site: Path, rel: str) -> None:
    entries = [(e.link.removeprefix(BASE_URL), instant(e.published))
               for e in feed(reader_site, rel).entries]
    noon = dt.datetime(2024, 6, 10, 12, tzinfo=dt.UTC)
    same_day = [(link, when) for link, when in entries if when.date() == noon.date()]
    # the feed's order kept; the older one has the date's own stamp
    assert same_day == [("posts/second-of-two/", noon + dt.timedelta(seconds=1)),
                        ("posts/first-of-two/", noon)]


def test_no_two_items_of_a_feed_share_a_stamp(example: Path) -> None:
    """The W3C validator warned of 25 duplicate stamps in the example site's feeds."""
    feeds = all_feeds(example)
    assert len(feeds) > 30
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, path
        keys = ("published", "updated") if parsed.version == "atom10" else ("published",)
        for key in keys:
            stamps = [instant(e[key]) for e in parsed.entries]
            assert len(set(stamps)) == len(stamps), (path, key)
        # a reader that sorts by date shows the feed's own order
        published = [instant(e.published) for e in parsed.entries]
        assert published == sorted(published, reverse=True), path


def test_example_feeds_dates(example: Path) -> None:
    rss = feedparser.parse((example / "rss.xml").read_bytes())
    site_url = "https://northfield-learning.github.io/sharesite/"
    assert rss.feed.link == site_url
    entries = {e.link.removeprefix(site_url): instant(e.published) for e in rss.entries}
    # 5 October (London, summer time) read in UTC-8 and UTC+10
    for hours in (-8, 10):
        zone = dt.timezone(dt.timedelta(hours=hours))
        assert entries["posts/french-phonics-year-7/"].astimezone(zone).date() == dt.date(
            2026, 10, 5)
    # a time written in the front matter is kept
    assert entries["posts/year-6-to-7-science-transition/"] == dt.datetime(
        2026, 7, 20, 16, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def test_midnight_written_as_a_time_is_not_taken_for_a_bare_date(tmp_path: Path) -> None:
    """Only a date written without a time moves to noon UTC: "2024-06-01 00:00" is a time."""
    site = make_site(tmp_path, {
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-06-01 00:00\n---\nA.\n",
        "content/posts/b.md": "---\ntitle: B\ndate: 2024-06-02\n---\nB.\n",
        "content/posts/2024-06-03-c.md": "---\ntitle: C\n---\nC.\n",
    })
    build(site)
    entries = {e.link.removeprefix(BASE_URL): instant(e.published)
               for e in feed(site, "feed.xml").entries}
    summer = dt.timezone(dt.timedelta(hours=1))
    assert entries["posts/a/"] == dt.datetime(2024, 6, 1, 0, 0, tzinfo=summer)
    assert entries["posts/b/"] == dt.datetime(2024, 6, 2, 12, 0, tzinfo=dt.UTC)
    assert entries["posts/c/"] == dt.datetime(2024, 6, 3, 12, 0, tzinfo=dt.UTC)


def test_a_date_only_post_and_a_timed_one_of_the_same_day_keep_one_order(
        tmp_path: Path) -> None:
    """Lists and feeds order a day's posts as readers' apps will, by the stamps feeds give."""
    site = make_site(tmp_path, {
        "content/posts/early.md": "---\ntitle: Early\ndate: 2024-06-01 09:00\n---\nA.\n",
        "content/posts/day.md": "---\ntitle: Day\ndate: 2024-06-01\n---\nB.\n",
        "content/posts/late.md": "---\ntitle: Late\ndate: 2024-06-01 18:00\n---\nC.\n",
    })
    build(site)
    for rel in ("feed.xml", "rss.xml"):
        entries = feed(site, rel).entries
        assert [e.title for e in entries] == ["Late", "Day", "Early"]
        stamps = [instant(e.published) for e in entries]
        assert stamps == sorted(stamps, reverse=True)
    home = parse(read(site, "index.html")).text
    assert home.index("Late") < home.index("Day") < home.index("Early")
