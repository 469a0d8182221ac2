"""A hub (`[network] hub = true`): from its members' last-good copies (saved here with
sharesite.peers.store.save, never fetched by a build) it publishes /network/ with its
subjects, levels and schools, a page of each one's newest resources, browse files (paged
JSON, valid by browse.schema.json) and Pagefind search bundles of a bounded size listed in
network/search/bundles.json; never a page per resource. A school site with `search_hub`
offers a switch on its search page that merges the hub's bundles, in real Chromium.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import http.server
import json
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support import (
    BASE_URL,
    DEFAULT_CONFIG,
    contents,
    make_site,
    out,
    parse,
    read,
    unsafe,
    validate_against,
)

from sharesite.build import BuildOptions, build
from sharesite.hub import browse, bundles
from sharesite.peers import store
from sharesite.site import hub as network

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
SUBJECTS = ("Maths", "English", "Science")
LEVELS = ("KS1", "KS2", "KS3", "KS4")
SCHOOLS = 6
EACH = 20  # resources a school: 120 in all
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def base(n: int) -> str:
    return f"https://school{n}.example/site/"


def resource(site: str, n: int, i: int, **more: Any) -> dict[str, Any]:
    return {"id": f"{site}resources/r{i}/", "url": f"{site}resources/r{i}/",
            "title": f"Resource {n}-{i} about {SUBJECTS[i % 3].lower()}",
            "summary": f"Lesson {i} from school {n}", "published":
            (dt.date(2026, 1, 1) + dt.timedelta(days=i, hours=n)).isoformat(),
            "updated": None, "subjects": [SUBJECTS[i % 3]], "levels": [LEVELS[(i + n) % 4]],
            "type": "Worksheet", "tags": ["fractions"] if i == 3 else [],
            "licence": {"id": "CC-BY-4.0", "name": "CC BY 4.0", "url": None}, **more}


def save(root: Path, site: str, school: str, resources: list[dict[str, Any]]) -> None:
    files = {
        "network.json": {"version": 1, "site": {"title": school, "url": site},
                         "school": {"name": school}, "links": {"feed_atom": site + "feed.xml"}},
        "resources.json": {"version": 1, "site": {"title": school, "url": site},
                           "resources": resources},
    }
    store.save(root, store.Copy(site, school, (NOW - dt.timedelta(hours=2)).isoformat(),
                                files, {}))


def make_hub(tmp_path: Path, schools: int = SCHOOLS, each: int = EACH,
             hostile: bool = False, config: str = DEFAULT_CONFIG) -> Path:
    members = "".join(f'[[members]]\nname = "School {n}"\nurl = "{base(n)}"\n\n'
                      for n in range(schools))
    root = make_site(tmp_path, {"content/posts/hello.md": "---\ntitle: Hello\n"
                                "date: 2026-01-05\n---\nHi.\n", "members.toml": members},
                     config + '\n[network]\nschool = "The Hub"\nhub = true\n'
                     'registry = "members.toml"\n')
    for n in range(schools):
        name = f"School {n}" + (f" {HOSTILE}" if hostile and n == 0 else "")
        items = [resource(base(n), n, i) for i in range(each)]
        if hostile and n == 0:
            items[0] |= {"title": HOSTILE, "summary": HOSTILE, "subjects": [HOSTILE],
                         "levels": ["KS2"], "type": HOSTILE}
        save(root, base(n), name, items)
    return root


def make(root: Path, output: Path | None = None) -> None:
    result = build(root, BuildOptions(now=NOW, output=output))
    assert result.ok, result.diagnostics


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits a test can reach: 50 records a bundle, 15 a browse file."""
    monkeypatch.setattr(bundles, "BUNDLE_SIZE", 50)
    monkeypatch.setattr(network, "PAGE_SIZE", 15)


@pytest.fixture
def hub(tmp_path: Path, small: None) -> Path:
    root = make_hub(tmp_path)
    make(root)
    return root


def load(root: Path, rel: str) -> Any:
    return json.loads(read(root, rel))


def test_browse_files_are_paged_and_valid_by_their_schema(hub: Path) -> None:
    index = load(hub, "network/browse/index.json")
    validate_against(index, "browse.schema.json")
    assert index["records"] == SCHOOLS * EACH and index["schools"] == SCHOOLS
    assert [f["value"] for f in index["facets"]["subject"]] == sorted(SUBJECTS)
    assert [f["value"] for f in index["facets"]["level"]] == list(LEVELS)
    # the schema is published beside the files, as the package has it
    assert read(hub, "network/browse/browse.schema.json") == \
        (Path(browse.__file__).parent.parent / "schemas" / "browse.schema.json").read_text()
    for kind in ("subject", "level", "school"):
        facets = index["facets"][kind]
        assert sum(f["count"] for f in facets) == SCHOOLS * EACH
        for facet in facets:
            records: list[list[Any]] = []
            for number, rel in enumerate(facet["files"], start=1):
                page = load(hub, rel)
                validate_against(page, "browse.schema.json")
                assert page["page"] == number and page["pages"] == len(facet["files"])
                assert len(page["records"]) <= 15
                assert page.get("next") == (facet["files"][number]
                                            if number < len(facet["files"]) else None)
                records += page["records"]
            assert len(records) == facet["count"] == len({r[1] for r in records})
            dates = [r[3] for r in records]
            assert dates == sorted(dates, reverse=True)  # newest first
            if kind != "school":
                place = {"subject": 4, "level": 5}[kind]
                assert all(facet["value"] in r[place] for r in records)
    maths = next(f for f in index["facets"]["subject"] if f["value"] == "Maths")
    assert maths["count"] == 42 and len(maths["files"]) == 3  # 15 + 15 + 12


def test_network_page_counts_and_links_a_page_per_facet_not_per_resource(hub: Path) -> None:
    page = parse(read(hub, "network/index.html"))
    text = " ".join(page.text.split())
    assert "120 teaching resources shared by 6 schools" in text
    links = {a.get("href") for a in page.find("a")}
    for path in ("subjects/maths/", "levels/ks2/", "schools/school-0/"):
        assert f"/sub/network/{path}" in links
    assert "Maths 42" in text
    maths = parse(read(hub, "network/subjects/maths/index.html"))
    cards = maths.find("article")
    assert len(cards) == 42  # fewer than the 100 a page shows: all of them
    assert "From School" in maths.text
    assert f"{base(0)}resources/r0/" in {a.get("href") for a in maths.find("a")}
    # Never an HTML page per resource, nor a paginated list of them all.
    html = [p for p in out(hub).rglob("*.html")]
    facets = len(SUBJECTS) + len(LEVELS) + SCHOOLS
    assert len([p for p in html if "network" in p.parts]) == 1 + facets
    assert not (out(hub) / "network" / "page").exists()


def test_a_facet_page_shows_only_the_newest_hundred(tmp_path: Path, small: None) -> None:
    root = make_hub(tmp_path, schools=2, each=120)
    make(root)
    page = parse(read(root, "network/schools/school-1/index.html"))
    assert len(page.find("article")) == network.NEWEST
    assert "120 resources: the newest 100 here" in " ".join(page.text.split())
    assert "Resource 1-119 " in page.text and "Resource 1-19 " not in page.text


def test_search_bundles_are_bounded_and_listed(hub: Path) -> None:
    listing = load(hub, "network/search/bundles.json")
    assert listing == {"version": 1, "records": 120, "bundles": [
        "network/search/1/", "network/search/2/", "network/search/3/"]}
    counts = []
    for folder in listing["bundles"]:
        entry = load(hub, folder + "pagefind-entry.json")
        counts.append(sum(lang["page_count"] for lang in entry["languages"].values()))
        assert not (out(hub) / folder / "pagefind-ui.js").exists()
    assert counts == [50, 50, 20]
    # each record: the peer's page and school as meta, filters for its facets
    fragments = [json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])
                 for p in (out(hub) / "network" / "search").rglob("*.pf_fragment")]
    assert len(fragments) == 120
    one = next(f for f in fragments if f["meta"]["title"] == "Resource 2-3 about maths")
    assert one["meta"]["link"] == f"{base(2)}resources/r3/"
    assert one["meta"]["school"] == "School 2"
    assert one["filters"]["subject"] == ["Maths"] and one["filters"]["school"] == ["School 2"]
    assert "fractions" in one["content"]


def test_byte_identical_twice_and_offline(tmp_path: Path, small: None,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kw: object) -> None:
        raise AssertionError("the build went to the network")

    root = make_hub(tmp_path)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    make(root, tmp_path / "one")
    make(root, tmp_path / "two")
    first, second = contents(tmp_path / "one"), contents(tmp_path / "two")
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []


def test_hostile_strings_never_become_markup(tmp_path: Path, small: None) -> None:
    root = make_hub(tmp_path, hostile=True)
    make(root)
    pages = [p for p in out(root).rglob("*.html") if "network" in p.parts]
    assert len(pages) > 5
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert unsafe(text) == [], path
        assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;" in read(root, "network/index.html")
    # plain text in the JSON, as the peer gave it
    index = load(root, "network/browse/index.json")
    assert HOSTILE in {f["value"] for f in index["facets"]["subject"]}
    odd = next(f for f in index["facets"]["subject"] if f["value"] == HOSTILE)
    assert re.fullmatch(r"[a-z0-9-]+", odd["slug"])
    record = load(root, odd["files"][0])["records"][0]
    assert record[0] == HOSTILE and record[8] == HOSTILE
    feed = read(root, "network/feed.xml")
    assert "<script>" not in feed
    # in the search bundles: the same plain text, and only the peer's http(s) page as link
    fragments = [json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])
                 for p in (out(root) / "network" / "search").rglob("*.pf_fragment")]
    odd_record = next(f for f in fragments if f["meta"]["title"] == HOSTILE)
    assert odd_record["filters"]["subject"] == [HOSTILE]
    assert all(f["meta"]["link"].startswith("https://school") for f in fragments)


def test_an_unchanged_bundle_is_kept(tmp_path: Path, small: None) -> None:
    root = make_hub(tmp_path)
    first = build(root, BuildOptions(now=NOW, keep_cache=True))
    assert first.ok
    entry = out(root) / "network" / "search" / "1" / "pagefind-entry.json"
    before = entry.read_bytes()
    save(root, base(5), "School 5", [resource(base(5), 5, i) for i in range(EACH + 1)])
    second = build(root, BuildOptions(now=NOW, keep_cache=True))
    assert second.ok
    assert "network/search/1/pagefind-entry.json" not in second.updated
    assert "network/search/3/pagefind-entry.json" in second.updated
    assert entry.read_bytes() == before
    assert load(root, "network/search/bundles.json")["records"] == 121


# --- whole-network search from a school's site, in Chromium -------------------------------

class _Files(http.server.SimpleHTTPRequestHandler):
    """A built site's folder, as GitHub Pages serves it: any origin may read it (Pages
    answers `Access-Control-Allow-Origin: *`), and each request is noted."""

    seen: list[str]

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        self.seen.append(self.path)


@contextmanager
def served(folder: Path, prefix: str) -> Iterator[tuple[str, list[str]]]:
    """`folder` at http://127.0.0.1:<port>/<prefix>: (its address, the paths asked for)."""
    root = folder.parent / f"serve-{folder.name}"
    (root / prefix).parent.mkdir(parents=True, exist_ok=True)
    (root / prefix.strip("/")).symlink_to(folder, target_is_directory=True)
    seen: list[str] = []
    handler = type("Handler", (_Files,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{prefix}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def search_config(url: str, hub: str) -> str:
    return DEFAULT_CONFIG.replace(f'base_url = "{BASE_URL}"', f'base_url = "{url}"').replace(
        "enabled = false", "enabled = true") + f'\n[network]\nsearch_hub = "{hub}"\n'


def test_a_school_may_switch_on_the_whole_network_search(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    from browser_support import CHROMIUM, CHROMIUM_ARGS, Problems
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setattr(bundles, "BUNDLE_SIZE", 50)
    hub_root = make_hub(tmp_path / "hub")
    with served(tmp_path / "hub-site", "hub/") as (hub_url, hub_seen):
        make(hub_root, tmp_path / "hub-site")
        school = make_site(tmp_path / "school", {
            "content/resources/fraction-mats.md": "---\ntitle: Our fraction mats\n"
            "date: 2026-01-05\nsubjects: [Maths]\nlevels: [KS2]\ntype: Worksheet\n---\n"
            "Mats for fractions on the wall.\n"}, None)
        with served(tmp_path / "school-site", "school/") as (school_url, _):
            (school / "site.toml").write_text(search_config(school_url, hub_url))
            make(school, tmp_path / "school-site")
            with sync_playwright() as p:
                chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                problems = Problems()
                try:
                    page = problems.watch(chromium.new_page())
                    page.set_default_timeout(15_000)
                    page.goto(school_url + "search/?q=fractions")
                    switch = page.get_by_label(re.compile("Also search every school in"))
                    expect(switch).not_to_be_checked()
                    results = page.locator("#search-results li")
                    expect(results).to_have_count(1)
                    expect(results.first.locator("a")).to_have_attribute(
                        "href", re.compile("/school/resources/fraction-mats/"))
                    assert hub_seen == []  # nothing loaded from the hub
                    switch.check()
                    peer = page.locator("#search-results li", has_text="from School 2")
                    expect(peer).to_have_count(1)
                    expect(peer.locator("a")).to_have_attribute(
                        "href", f"{base(2)}resources/r3/")
                    expect(page.locator("#search-results li")).to_have_count(SCHOOLS + 1)
                    assert any(p.endswith("network/search/bundles.json") for p in hub_seen)
                    assert any("network/search/3/" in p for p in hub_seen)
                finally:
                    chromium.close()
                assert not problems.seen, "\n".join(problems.seen)
