"""What the site shows of its peers: /network/, /network/schools/ and /network/feed.xml,
built from the last-good copies `sharesite network fetch` keeps (written here directly with
sharesite.peers.store.save), never from the network.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from support import BASE_URL, DEFAULT_CONFIG, contents, make_site, out, parse, read, unsafe

from sharesite.build import BuildOptions, build
from sharesite.cache import BuildCache
from sharesite.peers import store

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
OAK = "https://oakfield.example/site/"
ELM = "https://elm.example/"
ASH = "https://ash.example/"

PEERS = DEFAULT_CONFIG + f"""
[[network.peers]]
name = "Oakfield"
url = "{OAK}"

[[network.peers]]
name = "Elm"
url = "{ELM}"
"""


def resource(base: str, slug: str, title: str, date: str, **more: Any) -> dict[str, Any]:
    return {"id": f"{base}resources/{slug}/", "url": f"{base}resources/{slug}/",
            "title": title, "summary": f"About {title}", "published": date, "updated": None,
            "subjects": ["Maths"], "levels": ["KS2"], "type": "Worksheet",
            "licence": {"id": "CC-BY-4.0", "name": "CC BY 4.0", "url": None}, **more}


def save(site: Path, base: str, school: str, resources: list[dict[str, Any]],
         fetched: dt.datetime = NOW - dt.timedelta(hours=2)) -> None:
    files = {
        "network.json": {"version": 1, "site": {"title": school, "url": base},
                         "school": {"name": school},
                         "links": {"feed_atom": base + "feed.xml"}},
        "resources.json": {"version": 1, "site": {"title": school, "url": base},
                           "resources": resources},
    }
    store.save(site, store.Copy(base, school, fetched.isoformat(), files, {}))


def plain(page: str) -> str:
    """A page's text, tags removed, on one line."""
    return " ".join(re.sub(r"<[^>]+>", "", page).split())


def make(site: Path) -> Any:
    result = build(site, BuildOptions(now=NOW))
    assert result.ok, result.diagnostics
    return result


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = make_site(tmp_path, {"content/posts/hello.md": "---\ntitle: Hello\n"
                                "date: 2026-01-05\n---\nHi.\n"}, PEERS)
    save(root, OAK, "Oakfield Primary", [
        resource(OAK, "fractions", "Fraction wall mats", "2026-02-01"),
        resource(OAK, "clocks", "Telling the time", "2026-03-01"),
    ])
    save(root, ELM, "Elm Academy", [resource(ELM, "rivers", "Rivers of the world",
                                             "2026-02-15")],
         fetched=NOW - dt.timedelta(days=10))
    return root


def test_network_pages_list_the_peers_resources_credited(site: Path) -> None:
    make(site)
    page = read(site, "network/index.html")
    text = parse(page).text
    # newest first, each credited with its school and linking to the peer's own page
    assert text.index("Telling the time") < text.index("Rivers of the world") < \
        text.index("Fraction wall mats")
    assert "From Oakfield Primary" in text and "From Elm Academy" in text
    links = {a.get("href") for a in parse(page).find("a")}
    assert f"{OAK}resources/fractions/" in links and f"{ELM}resources/rivers/" in links
    assert not [i for i in parse(page).find("img") if not str(i.get("src")).startswith("/")]
    # the stale peer (fetched 10 days ago) is shown "as of" that day
    assert "Elm Academy: resources as of 28 February 2026" in plain(page)
    schools = plain(read(site, "network/schools/index.html"))
    assert "Oakfield Primary" in schools and "Up to date: 2 resources" in schools
    assert "As of 28 February 2026: 1 resource" in schools
    feed = read(site, "network/feed.xml")
    assert feed.index("Telling the time") < feed.index("Fraction wall mats")
    assert "<name>Oakfield Primary</name>" in feed and f"{OAK}resources/clocks/" in feed
    # a nav item on every page
    home = parse(read(site, "index.html"))
    assert any(a.get("href") == "/sub/network/" for a in home.find("a"))


def test_hostile_peer_text_never_becomes_markup(site: Path) -> None:
    save(site, OAK, "<script>alert(1)</script> School", [
        resource(OAK, "x", "<script>alert('x')</script><img src=x onerror=alert(1)>",
                 "2026-03-02", summary="<b onclick=alert(1)>bold</b>"),
        # not an address on the peer's site, and not http(s): left out
        resource(OAK, "y", "Bad link", "2026-03-03") | {"url": "javascript:alert(1)"},
    ])
    make(site)
    for rel in ("network/index.html", "network/schools/index.html"):
        page = read(site, rel)
        assert unsafe(page) == [], rel
        assert "javascript:" not in page and "<script>alert" not in page
        assert "&lt;script&gt;" in page
    feed = read(site, "network/feed.xml")
    assert "javascript:" not in feed and "<script>" not in feed
    assert "Bad link" not in read(site, "network/index.html")


def test_dormant_and_removed_peers_are_hidden(site: Path) -> None:
    save(site, ELM, "Elm Academy", [resource(ELM, "rivers", "Rivers", "2026-02-15")],
         fetched=NOW - dt.timedelta(days=45))
    make(site)
    assert "Rivers" not in read(site, "network/index.html")
    assert "its resources are hidden" in read(site, "network/schools/index.html")
    save(site, ELM, "Elm Academy", [resource(ELM, "rivers", "Rivers", "2026-02-15")],
         fetched=NOW - dt.timedelta(days=120))
    make(site)
    assert "Elm Academy" not in read(site, "network/schools/index.html")


def test_each_copy_shown_is_published_for_a_fetch_to_restore(site: Path) -> None:
    """/network/copies/<the cache file's name>: the cleaned copy as kept, no markup in it,
    linked from network.json; a copy too old to show is not published."""
    save(site, OAK, "<script>alert(1)</script> School", [
        resource(OAK, "x", "<script>alert('x')</script>", "2026-03-02")])
    make(site)
    links = {p["url"]: p.get("copy") for p in json.loads(read(site, "network.json"))["peers"]}
    for base in (OAK, ELM):
        kept = store.load(site.resolve(), base)
        assert kept is not None
        rel = f"network/copies/{store.file_name(base)}"
        assert links[base] == f"{BASE_URL}{rel}"
        text = read(site, rel)
        assert text == store.published(kept)
        assert json.loads(text)["files"] == kept.files
        assert "<" not in text and ">" not in text
    save(site, ELM, "Elm Academy", [resource(ELM, "rivers", "Rivers", "2026-02-15")],
         fetched=NOW - dt.timedelta(days=120))
    make(site)
    assert not (out(site) / "network" / "copies" / store.file_name(ELM)).exists()
    assert "copy" not in next(p for p in json.loads(read(site, "network.json"))["peers"]
                              if p["url"] == ELM)


def test_no_peers_no_network_pages(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/posts/hello.md": "---\ntitle: Hello\n"
                                "date: 2026-01-05\n---\nHi.\n"})
    make(root)
    assert not (out(root) / "network" / "index.html").exists()
    assert not (out(root) / "network" / "feed.xml").exists()
    assert "/sub/network/\"" not in read(root, "index.html")


def test_pages_of_resources(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/about.md": "---\ntitle: About\n---\nUs.\n"},
                     PEERS.replace("[search]", "[build]\nposts_per_page = 2\n"
                                                 "\n[search]"))
    save(root, OAK, "Oakfield Primary", [resource(OAK, f"r{n}", f"Resource {n}",
                                                  f"2026-02-0{n}") for n in range(1, 6)])
    make(root)
    assert "Resource 5" in read(root, "network/index.html")
    assert "Resource 1" in read(root, "network/page/3/index.html")
    assert 'href="/sub/network/page/2/"' in read(root, "network/index.html")


def test_build_is_offline_and_byte_identical(site: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kw: object) -> None:
        raise AssertionError("the build went to the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    make(site)
    first = contents(out(site))
    make(site)
    assert contents(out(site)) == first
    assert BASE_URL  # the site's own address, used by the helper config


def test_a_new_fetch_rebuilds(site: Path) -> None:
    then = time.time() - 3600  # content saved an hour ago: its time can be trusted
    for path in site.rglob("*"):
        os.utime(path, (then, then))
    cache = BuildCache()
    assert not build(site, BuildOptions(now=NOW), cache).unchanged
    assert build(site, BuildOptions(now=NOW), cache).unchanged
    save(site, OAK, "Oakfield Primary", [resource(OAK, "new", "Brand new mats", "2026-03-09")])
    result = build(site, BuildOptions(now=NOW), cache)
    assert result.ok and not result.unchanged
    assert "Brand new mats" in read(site, "network/index.html")


def test_a_copy_growing_old_rebuilds(site: Path) -> None:
    """Nothing edited, but a day later the fresh peer is shown "as of" the day it was
    fetched: the build is due again then."""
    then = time.time() - 3600
    for path in site.rglob("*"):
        os.utime(path, (then, then))
    cache = BuildCache()
    build(site, BuildOptions(now=NOW), cache)
    assert build(site, BuildOptions(now=NOW + dt.timedelta(hours=12)), cache).unchanged
    later = build(site, BuildOptions(now=NOW + dt.timedelta(days=2)), cache)
    assert later.ok and not later.unchanged
    assert "Oakfield Primary: resources as of 10 March 2026" in plain(
        read(site, "network/index.html"))
