"""What the site shows of its peers: /network/, /network/schools/ and /network/feed.xml,
built from the last-good copies `sharesite network fetch` keeps (written here directly with
sharesite.peers.store.save), never from the network.
"""

from __future__ import annotations

import datetime as dt
import html
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
         fetched: dt.datetime = NOW - dt.timedelta(hours=2), **network: Any) -> None:
    files = {
        "network.json": {"version": 1, "site": {"title": school, "url": base},
                         "school": {"name": school},
                         "links": {"feed_atom": base + "feed.xml"}, **network},
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
    """50 a page (NETWORK_PAGE), whatever the home page's size."""
    root = make_site(tmp_path, {"content/about.md": "---\ntitle: About\n---\nUs.\n"},
                     PEERS.replace("[search]", "[build]\nposts_per_page = 2\n"
                                                 "\n[search]"))
    save(root, OAK, "Oakfield Primary", [resource(OAK, f"r{n}", f"Resource {n}",
                                                  f"2026-02-0{n % 9 + 1}T{n % 24:02d}:{n:02d}")
                                         for n in range(1, 102)])
    make(root)
    assert len(cards(read(root, "network/index.html"))) == 50
    assert len(cards(read(root, "network/page/3/index.html"))) == 1
    assert not (out(root) / "network/page/4").exists()
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


# --- the network's facets: /network/<kind>/<value>/ ---------------------------------------------

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def cards(page: str) -> list[dict[str, str | None]]:
    """The <li data-resource> of a list, with their data-… attributes."""
    return [a for a in parse(page).find("li") if "data-resource" in a]


def heading(page: str) -> str:
    """A page's <h1>, as text."""
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert found, "no <h1>"
    return html.unescape(found.group(1))


def facet_pages(site: Path) -> dict[str, str]:
    """Every page under /network/<kind>/<slug>/ (not the lists' later pages): rel → text."""
    found = {}
    for file in sorted((out(site) / "network").glob("*/*/index.html")):
        rel = file.relative_to(out(site)).as_posix()
        if rel.split("/")[1] in ("subject", "level", "type", "licence", "tag", "school"):
            found[rel] = file.read_text(encoding="utf-8")
    return found


def test_network_has_the_librarys_facets_and_the_school(site: Path) -> None:
    save(site, OAK, "Oakfield Primary", [
        resource(OAK, "fractions", "Fraction wall mats", "2026-02-01", tags=["Fractions"]),
        resource(OAK, "clocks", "Telling the time", "2026-03-01", subjects=["Maths", "Science"],
                 type="Lesson plan", licence={"id": "CC-BY-SA-4.0", "name": "CC BY-SA 4.0"}),
    ])
    make(site)
    page = read(site, "network/index.html")
    assert sorted(facet_pages(site)) == [
        "network/level/ks2/index.html", "network/licence/cc-by-4-0/index.html",
        "network/licence/cc-by-sa-4-0/index.html", "network/school/elm-academy/index.html",
        "network/school/oakfield-primary/index.html", "network/subject/maths/index.html",
        "network/subject/science/index.html", "network/type/lesson-plan/index.html",
        "network/type/worksheet/index.html"]  # tags are filters, with no list of their own
    # Each is linked from /network/ ("Browse by"), and is a filter of the library's script.
    links = {a.get("href") for a in parse(page).find("a")}
    for rel in facet_pages(site):
        assert "/sub/" + rel.removesuffix("index.html") in links, rel
    boxes = {(i.get("name"), i.get("value")) for i in parse(page).find("input")
             if i.get("type") == "checkbox"}
    assert ("school", "oakfield-primary") in boxes and ("licence", "cc-by-sa-4-0") in boxes
    assert ("subject", "science") in boxes and ("tag", "fractions") in boxes
    assert any(s.get("src") == "/sub/library.js" for s in parse(page).find("script"))
    assert parse(page).find("form", id="library-filters")
    # Each card carries every value it is filtered on, as the form names them.
    clocks = next(c for c in cards(page) if "data-school" in c and
                  "science" in str(c.get("data-subject")))
    assert clocks == {"data-resource": None, "data-subject": "maths science",
                      "data-level": "ks2", "data-type": "lesson-plan",
                      "data-licence": "cc-by-sa-4-0", "data-tag": "",
                      "data-school": "oakfield-primary"}
    for card in cards(page):
        for key, values in card.items():
            for value in str(values or "").split():
                assert (key.removeprefix("data-"), value) in boxes, (key, value)


def test_a_facet_page_lists_exactly_its_resources_credited(site: Path) -> None:
    make(site)
    maths = read(site, "network/subject/maths/index.html")
    text = plain(maths)
    assert "Subject: Maths" in text or "Subject: maths" in text
    assert "Telling the time" in text and "Fraction wall mats" in text
    assert "Rivers of the world" in text  # Elm's is maths too (the fixture's default)
    oak = read(site, "network/school/oakfield-primary/index.html")
    assert "Telling the time" in plain(oak) and "Rivers of the world" not in plain(oak)
    assert "From Oakfield Primary" in plain(oak) and "2 resources shared by" in plain(oak)
    links = {a.get("href") for a in parse(oak).find("a")}
    assert f"{OAK}resources/clocks/" in links and f"{OAK}resources/fractions/" in links
    assert len(cards(oak)) == 2
    assert {c.get("data-school") for c in cards(oak)} == {"oakfield-primary"}
    assert unsafe(oak) == []
    # the other schools, to move between them
    assert "/sub/network/school/elm-academy/" in links


def many(count: int, **more: Any) -> list[dict[str, Any]]:
    """`count` resources of Oakfield's, "Resource 1" the oldest, an hour apart."""
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return [resource(OAK, f"r{n}", f"Resource {n}",
                     (start + dt.timedelta(hours=n)).isoformat(),
                     **{key: value(n) for key, value in more.items()})
            for n in range(1, count + 1)]


def titles(page: str) -> list[int]:
    """The numbers of the "Resource <n>" cards of a page, in order."""
    return [int(n) for n in re.findall(r">Resource (\d+)</a></h", page)]


def test_facet_pages_are_paginated_like_the_network(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/pages/about.md": "---\ntitle: About\n---\nUs.\n"},
                     PEERS)
    save(root, OAK, "Oakfield Primary",
         many(130, subjects=lambda n: ["Maths"] if n % 2 else ["Science"]))
    make(root)
    # maths: 1, 3, …, 129, newest first, NETWORK_PAGE (50) a page
    first = read(root, "network/subject/maths/index.html")
    second = read(root, "network/subject/maths/page/2/index.html")
    assert titles(first) == list(range(129, 29, -2))
    assert titles(second) == list(range(29, 0, -2))
    assert 'href="/sub/network/subject/maths/page/2/"' in first
    assert 'href="/sub/network/subject/maths/"' in second
    assert not (out(root) / "network/subject/maths/page/3").exists()
    assert "Page 2 of 2" in plain(second)
    # each card of a list carries its data, and credits its school
    assert {c.get("data-subject") for c in cards(second)} == {"maths"}
    assert plain(second).count("From Oakfield Primary") == 15
    # the school's list: 130 resources, 3 pages; the network's the same
    assert titles(read(root, "network/school/oakfield-primary/page/3/index.html")) == \
        list(range(30, 0, -1))
    assert titles(read(root, "network/page/3/index.html")) == list(range(30, 0, -1))
    # /network/ says the filters narrow one page of a longer list; its later pages have none
    network = read(root, "network/index.html")
    assert "Showing 50 of 130 resources, page 1 of 3" in plain(network)
    assert 'data-scope="on this page"' in network
    assert 'id="library-filters"' not in read(root, "network/page/2/index.html")


def test_hostile_facet_values_never_become_markup_or_paths(site: Path) -> None:
    hostile = ["C++", "C#", "c", "<script>alert(1)</script>", "../../../etc", "a/b\\c", "..",
               "%2e%2e", "javascript:alert(1)", "\u202eevil", "!!!", "日本語", "x" * 200, "CON",
               "nul", "Maths", "MATHS", "maths", " "]
    save(site, OAK, "<img src=x onerror=alert(1)>", [
        resource(OAK, f"h{n}", f"Hostile {n}", "2026-03-02", subjects=[value],
                 tags=hostile, type=value, licence={"id": value, "name": value})
        for n, value in enumerate(hostile)])
    make(site)
    pages = facet_pages(site)
    files = [p.relative_to(out(site)).as_posix() for p in out(site).rglob("*") if p.is_file()]
    for rel in files:
        assert ".." not in rel and "\\" not in rel, rel
    for rel, text in pages.items():
        slug = rel.split("/")[2]
        assert SLUG.match(slug) and len(slug) <= 80, rel
        assert unsafe(text) == [], rel
        assert "<script>alert" not in text and "<img src=x" not in text, rel
    for rel in ("network/index.html", "network/schools/index.html"):
        assert unsafe(read(site, rel)) == [], rel
    # "C++", "C#" and "c" would all be /network/subject/c/: each has its own page all the
    # same, listing exactly the resource with that subject; "Maths", "MATHS" and "maths" are
    # one subject, spelled as the vocabulary spells it.
    subjects = {heading(text).removeprefix("Subject: "): text for rel, text in pages.items()
                if rel.startswith("network/subject/")}
    assert {"C++", "C#", "c", "<script>alert(1)</script>", "maths"} <= set(subjects)
    assert "Maths" not in subjects and "MATHS" not in subjects
    assert len(subjects) == len(hostile) - 3  # the three maths as one; " " is no subject
    for name, text in subjects.items():
        assert len(cards(text)) == (4 if name == "maths" else 1), name  # 3 + Elm's rivers
    assert len({rel for rel in pages if rel.startswith("network/subject/c")
                and not rel.startswith("network/subject/con")}) == 3
    # no folder a Windows checkout cannot hold (CON, NUL, …)
    assert not [rel for rel in files if {"con", "nul"} & set(rel.split("/"))]
    # every value on a card is a value with a page, and never anything but a slug
    for card in cards(read(site, "network/index.html")):
        for key, values in card.items():
            for value in str(values or "").split():
                assert SLUG.match(value), (key, value)
                if key != "data-tag":  # tags have no list of their own
                    assert f"network/{key.removeprefix('data-')}/{value}/index.html" in pages


def test_two_schools_of_one_name_have_a_page_each(site: Path) -> None:
    save(site, ELM, "Oakfield Primary", [resource(ELM, "rivers", "Rivers", "2026-02-15")])
    make(site)
    schools = [rel for rel in facet_pages(site) if rel.startswith("network/school/")]
    assert len(schools) == 2
    assert sorted(len(cards(read(site, rel))) for rel in schools) == [1, 2]


def test_a_page_cannot_take_a_facets_address(site: Path) -> None:
    (site / "content/pages").mkdir()
    (site / "content/pages/about.md").write_text("---\ntitle: About\naliases: "
                                                 "[/network/subject/maths/]\n---\nUs.\n")
    result = build(site, BuildOptions(now=NOW))
    assert not result.ok
    assert any("/network/subject/maths/ is used by" in str(d) for d in result.diagnostics)


def test_moved_peer_is_shown_with_its_new_address(site: Path) -> None:
    save(site, OAK, "Oakfield Primary", [resource(OAK, "clocks", "Clocks", "2026-03-01")],
         moved_to="https://oakfield.example/new/")
    make(site)
    schools = read(site, "network/schools/index.html")
    assert "Its site has moved to https://oakfield.example/new/" in plain(schools)
    assert any(a.get("href") == "https://oakfield.example/new/"
               for a in parse(schools).find("a"))
    save(site, OAK, "Oakfield Primary", [resource(OAK, "clocks", "Clocks", "2026-03-01")],
         moved_to="javascript:alert(1)")
    make(site)
    assert "moved" not in plain(read(site, "network/schools/index.html"))
    assert "javascript:" not in read(site, "network/schools/index.html")


def test_the_librarys_script_filters_the_network(site: Path) -> None:
    """In Chromium: ticking a school on /network/ hides the other schools' cards, says how
    many match, and keeps the choice in the address."""
    import threading

    from browser_support import launch

    from sharesite.serve.http import make_server

    make(site)
    server = make_server(out(site), "/sub/", port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with launch() as browser:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/sub/network/")
            page.wait_for_selector("#library-filters:not([hidden])")
            assert page.locator("#library-count").inner_text() == "Showing all 3 resources"
            page.check('#library-filters input[name="school"][value="oakfield-primary"]')
            page.wait_for_function("document.getElementById('library-count').textContent"
                                   ".startsWith('2 of 3')")
            shown = page.locator("#library-results > li:not([hidden]) h3").all_inner_texts()
            assert sorted(shown) == ["Fraction wall mats", "Telling the time"]
            assert page.url.endswith("/sub/network/?school=oakfield-primary")
            assert page.locator("#library-count").inner_text() == "2 of 3 resources match"
            assert errors == []
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
