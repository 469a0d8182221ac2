"""`id:` in front matter: an imported item's old feed entry id, kept as its id in every
feed (Atom <id>, RSS <guid isPermaLink="false">, JSON Feed "id"), so that a reader who
follows the move to the new site's feed does not see each old post as new. Items without
one keep their address as their id.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import feedparser
import pytest
from support import BASE_URL, build, make_site, out, write_files

ATOM = "{http://www.w3.org/2005/Atom}"
WP_ID = "http://old.example/?p=12"
BLOGGER_ID = "tag:blogger.com,1999:blog-1.post-2"

FILES: dict[str, str | bytes] = {
    "content/posts/2023-03-01-fractions.md":
        f"---\ntitle: Fractions\nid: {WP_ID}\ntags: [maths]\n---\nHalves and quarters.\n",
    "content/posts/2023-04-01-phonics.md":
        f"---\ntitle: Phonics\nid: '{BLOGGER_ID}'\n---\nPure sounds.\n",
    "content/posts/2024-01-05-new.md": "---\ntitle: New here\n---\nWritten on the new site.\n",
    "content/resources/2023-05-01-mats/index.md":
        "---\ntitle: Mats\nid: http://old.example/?p=40\n---\nPrint them.\n",
    "content/pages/about.md": "---\ntitle: About\nid: http://old.example/?page_id=2\n---\nUs.\n",
    "redirects.toml": '[redirects]\n"/feed/" = "/feed.xml"\n"/feed/rss2/" = "/rss.xml"\n',
}
IDS = {BASE_URL + "posts/fractions/": WP_ID, BASE_URL + "posts/phonics/": BLOGGER_ID,
       BASE_URL + "posts/new/": BASE_URL + "posts/new/",
       BASE_URL + "resources/mats/": "http://old.example/?p=40"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_site(tmp_path_factory.mktemp("ids"), FILES)
    build(folder)
    return folder


def test_atom_entries_keep_their_old_ids(site: Path) -> None:
    root = ET.fromstring((out(site) / "feed.xml").read_bytes())
    found = {e.find(f"{ATOM}link").get("href"): e.findtext(f"{ATOM}id")  # type: ignore[union-attr]
             for e in root.iter(f"{ATOM}entry")}
    assert found == IDS


def test_rss_guids_are_the_old_ids_and_not_permalinks(site: Path) -> None:
    root = ET.fromstring((out(site) / "rss.xml").read_bytes())
    guids = {item.findtext("link"): item.find("guid") for item in root.iter("item")}
    for link, entry_id in IDS.items():
        guid = guids[link]
        assert guid is not None and guid.text == entry_id
        assert guid.get("isPermaLink") == ("true" if entry_id == link else "false"), link


def test_json_feed_ids(site: Path) -> None:
    data = json.loads((out(site) / "feed.json").read_text(encoding="utf-8"))
    assert {item["url"]: item["id"] for item in data["items"]} == IDS


def test_feedparser_reads_the_old_ids_from_every_feed(site: Path) -> None:
    for rel in ("feed.xml", "rss.xml", "feed/index.html", "feed/rss2/index.html",
                "tags/maths/feed.xml", "resources/feed.xml"):
        parsed = feedparser.parse((out(site) / rel).read_bytes())
        assert not parsed.bozo, rel
        assert parsed.entries, rel
        for entry in parsed.entries:
            assert entry.id == IDS[entry.link], (rel, entry.link)


@pytest.mark.parametrize(("written", "message"), [
    ("id:\n", "id: is empty"),
    ("id: [a, b]\n", "id: must be text, not a list"),
    ("id: |\n  http://old.example/?p=1\n  second line\n", "id: must be one line of text"),
    ("id: http://old.example/" + "x" * 500 + "\n", "id: is 519 characters long, more than 500"),
])
def test_a_bad_id_is_an_error_on_its_line(tmp_path: Path, written: str, message: str) -> None:
    folder = make_site(tmp_path, {
        "content/posts/2024-01-05-x.md": f"---\ntitle: X\n{written}---\nText.\n"})
    result = build(folder, ok=False)
    assert result.exit_code == 1
    assert result.lines[0].startswith(f"content/posts/2024-01-05-x.md:3: {message}"), \
        result.lines


def test_an_id_that_is_not_an_address_is_a_warning(tmp_path: Path) -> None:
    folder = make_site(tmp_path, {
        "content/posts/2024-01-05-x.md": "---\ntitle: X\nid: '12345'\n---\nText.\n"})
    result = build(folder)
    assert "content/posts/2024-01-05-x.md:3: warning: id: '12345' is not written as an " \
        "address" in result.stderr
    root = ET.fromstring((out(folder) / "feed.xml").read_bytes())
    assert [e.findtext(f"{ATOM}id") for e in root.iter(f"{ATOM}entry")] == ["12345"]


def test_two_items_with_one_id_is_an_error_naming_both(tmp_path: Path) -> None:
    folder = make_site(tmp_path, {
        "content/posts/2024-01-05-a.md": f"---\ntitle: A\nid: {WP_ID}\n---\nA.\n",
        "content/resources/b.md": f"---\ntitle: B\ndate: 2024-01-06\nid: {WP_ID}\n---\nB.\n",
        # an id that is another item's address: the same in a feed
        "content/posts/2024-01-07-c.md": f"---\ntitle: C\nid: {BASE_URL}posts/d/\n---\nC.\n",
        "content/posts/2024-01-08-d.md": "---\ntitle: D\n---\nD.\n",
    })
    result = build(folder, ok=False)
    assert result.exit_code == 1
    assert f"content/resources/b.md:4: id: {WP_ID!r} is also the id of " \
        "content/posts/2024-01-05-a.md" in result.stderr
    assert f"content/posts/2024-01-07-c.md:3: id: '{BASE_URL}posts/d/' is also the id of " \
        "content/posts/2024-01-08-d.md" in result.stderr


def test_an_edited_id_changes_the_feeds_on_a_rebuild(tmp_path: Path) -> None:
    folder = make_site(tmp_path, FILES)
    build(folder)
    write_files(folder, {"content/posts/2023-03-01-fractions.md":
                         "---\ntitle: Fractions\nid: http://old.example/?p=13\ntags: [maths]\n"
                         "---\nHalves and quarters.\n"})
    build(folder)
    for rel in ("feed.xml", "feed/index.html", "tags/maths/feed.xml"):
        parsed = feedparser.parse((out(folder) / rel).read_bytes())
        assert "http://old.example/?p=13" in {e.id for e in parsed.entries}, rel


# --- a feed reader that follows the move ---------------------------------------------------

OLD_FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Old blog</title><link>http://old.example/</link>
<description>Before the move</description>
<item><title>Fractions</title><link>http://old.example/2023/03/01/fractions/</link>
<guid isPermaLink="false">{WP_ID}</guid><pubDate>Wed, 01 Mar 2023 12:00:00 +0000</pubDate>
<description>Halves and quarters.</description></item>
<item><title>Mats</title><link>http://old.example/2023/05/01/mats/</link>
<guid isPermaLink="false">http://old.example/?p=40</guid>
<pubDate>Mon, 01 May 2023 12:00:00 +0000</pubDate><description>Print them.</description></item>
</channel></rss>
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTP server on 127.0.0.1 for the folder it gives (its files may be replaced)."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", folder
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_newsboat_sees_no_duplicates_after_the_move(tmp_path: Path, site: Path,
                                                    server: tuple[str, Path]) -> None:
    newsboat = shutil.which("newsboat")
    if newsboat is None:
        pytest.fail("newsboat is not installed: apt-get install -y newsboat", pytrace=False)
    address, served = server
    (served / "feed").mkdir()
    (served / "feed/index.html").write_text(OLD_FEED, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "urls").write_text(address + "feed/\n", encoding="utf-8")
    (home / "config").write_text("download-timeout 30\n", encoding="utf-8")
    cache = home / "cache.db"
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local/share"), "XDG_CACHE_HOME": str(home / ".cache"),
           "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "TERM": "dumb",
           "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}

    def reload() -> set[tuple[str, str]]:
        result = subprocess.run([newsboat, "-u", str(home / "urls"), "-c", str(cache),
                                 "-C", str(home / "config"), "-x", "reload"], env=env,
                                cwd=home, capture_output=True, text=True, timeout=120,
                                stdin=subprocess.DEVNULL, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        with sqlite3.connect(cache) as db:
            return set(db.execute("SELECT guid, title FROM rss_item WHERE deleted = 0"))

    before = reload()
    assert before == {(WP_ID, "Fractions"), ("http://old.example/?p=40", "Mats")}
    shutil.rmtree(served)
    shutil.copytree(out(site), served)  # the site moved here: /feed/ is now its feed
    after = reload()
    guids = [guid for guid, _ in after]
    assert len(guids) == len(set(guids))
    # the two old posts are the same items; only the new ones are new
    assert {g for g, _ in before} <= set(guids)
    assert set(guids) == set(IDS.values())
