"""The example site's feeds in a real feed reader: Debian's newsboat.

The site is built, served over HTTP on 127.0.0.1, and newsboat (with a home folder of its
own) reloads the site's RSS feed, a tag's Atom feed and the resources feed, then lists
the unread articles. What it shows a teacher is read from its cache, an SQLite database:
titles, authors, dates, links and content, as newsboat understood them.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import shutil
import sqlite3
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import feedparser
import pytest
from support import REPO, run

SITE_URL = "https://northfield-learning.github.io/sharesite/"  # site.toml's base_url
SITE_TITLE = "Northfield Learning Partnership"

# feed → (its title, the page it is the feed of)
FEEDS = {
    "rss.xml": (SITE_TITLE, ""),
    "tags/phonics/feed.xml": (f"{SITE_TITLE}: phonics", "tags/phonics/"),
    "resources/feed.xml": (f"{SITE_TITLE}: resources", "resources/"),
}

# Items the example site has, as a reader should show them: (title, author, date).
KNOWN = {
    "posts/saying-pure-sounds/": (
        "Saying pure sounds: a two-minute video for parents", "Gwen Hughes",
        dt.date(2026, 1, 12)),
    "posts/french-phonics-year-7/": (
        "Teaching French sounds explicitly in Year 7", "Claire Laurent", dt.date(2026, 10, 5)),
    "posts/workload-charter-one-year-on/": (  # only in the RSS feed: its dc:creator
        "Our workload charter, one year on", "Siobhan Brennan and Adaeze Okafor",
        dt.date(2026, 11, 9)),
    "resources/fraction-wall-mats/": ("Fraction wall mats", "Adaeze Okafor",
                                      dt.date(2025, 9, 22)),
    "resources/cafe-conversation-cards/": ("Café conversation cards (Year 7 French)",
                                           "Claire Laurent", dt.date(2025, 10, 17)),
}


@dataclass(frozen=True)
class Item:
    guid: str
    title: str
    author: str
    url: str
    feed: str
    published: dt.datetime
    content: str


@dataclass(frozen=True)
class Reading:
    """What newsboat made of the feeds."""

    server: str  # where the site was served: http://127.0.0.1:<port>/
    output: Path  # the built site
    feeds: dict[str, tuple[str, str]]  # feed address → (title, site link)
    items: dict[str, Item]  # by link
    unread: str  # print-unread's answer
    opml: ET.Element  # the export (-e)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def newsboat() -> str:
    found = shutil.which("newsboat")
    if found is None:
        pytest.fail("newsboat is not installed: run .ci/run, which installs it from Debian "
                    "(or apt-get install -y newsboat)", pytrace=False)
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The example site, built and served on 127.0.0.1 (a free port) while the tests run."""
    output = tmp_path_factory.mktemp("example") / "site"
    result = run(REPO, "build", "--output", str(output))
    assert result.exit_code == 0, result.stdout + result.stderr
    handler = functools.partial(QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", output
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def reading(newsboat: str, served: tuple[str, Path],
            tmp_path_factory: pytest.TempPathFactory) -> Reading:
    server, output = served
    home = tmp_path_factory.mktemp("newsboat-home")
    urls = home / "urls"
    urls.write_text("".join(server + rel + "\n" for rel in FEEDS), encoding="utf-8")
    config = home / "config"  # its own settings: nothing from the machine's
    config.write_text("download-timeout 30\n", encoding="utf-8")
    cache = home / "cache.db"
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "TERM": "dumb",
        "NO_PROXY": "127.0.0.1",  # no proxy variables are passed on; this makes sure
        "no_proxy": "127.0.0.1",
    }
    command = [newsboat, "-u", str(urls), "-c", str(cache), "-C", str(config)]

    def newsboat_run(*args: str) -> str:
        result = subprocess.run([*command, *args], env=env, cwd=home, capture_output=True,
                                text=True, timeout=120, stdin=subprocess.DEVNULL, check=False)
        assert result.returncode == 0, f"newsboat {args}: {result.stdout}{result.stderr}"
        return result.stdout

    unread = newsboat_run("-x", "reload", "print-unread")
    opml = ET.fromstring(newsboat_run("-e"))
    with sqlite3.connect(cache) as db:
        feeds = {rssurl: (title, url) for rssurl, url, title in
                 db.execute("SELECT rssurl, url, title FROM rss_feed")}
        rows = db.execute("SELECT guid, title, author, url, feedurl, pubDate, content "
                          "FROM rss_item WHERE deleted = 0").fetchall()
    items = {url: Item(guid, title, author, url, feedurl,
                       dt.datetime.fromtimestamp(stamp, dt.UTC), content)
             for guid, title, author, url, feedurl, stamp, content in rows}
    assert len(items) == len(rows), "two items with one link"
    return Reading(server, output, feeds, items, unread, opml)


def test_newsboat_reads_every_feed(reading: Reading) -> None:
    expected = {reading.server + rel: (title, SITE_URL + page)
                for rel, (title, page) in FEEDS.items()}
    assert reading.feeds == expected
    # its OPML export: each feed with the web page it belongs to (htmlUrl), not itself
    outlines = {o.get("xmlUrl"): (o.get("title"), o.get("htmlUrl"))
                for o in reading.opml.iter("outline")}
    assert outlines == expected


def test_newsboat_shows_every_item(reading: Reading) -> None:
    links: set[str] = set()
    for rel in FEEDS:
        parsed = feedparser.parse((reading.output / rel).read_bytes())
        assert parsed.entries, rel
        links.update(e.link for e in parsed.entries)
    assert set(reading.items) == links
    assert reading.unread.strip() == f"{len(links)} unread articles"
    for item in reading.items.values():
        assert item.feed in [reading.server + rel for rel in FEEDS], item
        assert item.title and item.author, item.url  # RSS items too: dc:creator
        assert item.url.startswith(SITE_URL) and item.guid == item.url, item.url


@pytest.mark.parametrize("path", sorted(KNOWN))
def test_newsboat_shows_titles_authors_dates_and_links(reading: Reading, path: str) -> None:
    title, author, date = KNOWN[path]
    item = reading.items[SITE_URL + path]
    assert (item.title, item.author, item.url) == (title, author, SITE_URL + path)
    # the date written, for a reader west of the site and one far east of it
    for hours in (-8, 0, 10):
        zone = dt.timezone(dt.timedelta(hours=hours))
        assert item.published.astimezone(zone).date() == date, hours


def test_newsboat_keeps_a_time_written_in_the_post(reading: Reading) -> None:
    item = reading.items[SITE_URL + "posts/year-6-to-7-science-transition/"]
    assert item.published == dt.datetime(2026, 7, 20, 15, 30, tzinfo=dt.UTC)  # 16:30 BST


def test_newsboat_content_reads_well(reading: Reading) -> None:
    for item in reading.items.values():
        assert "<iframe" not in item.content, item.url
        assert "headerlink" not in item.content, item.url
    video = reading.items[SITE_URL + "posts/saying-pure-sounds/"].content
    assert re.search(r'<a href="https://www\.youtube\.com/watch\?v=Q7mZ3kLr2vA">Saying pure '
                     r"sounds: how we say the first phonics sounds at St Aidan's</a>", video)
    mats = reading.items[SITE_URL + "resources/fraction-wall-mats/"].content
    assert f'<a href="{SITE_URL}resources/fraction-wall-mats/fraction-wall-mats.pdf">' in mats
    assert "(PDF, " in mats
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">Creative Commons ' \
           "Attribution 4.0</a>" in mats
