"""What every site publishes for other schools' sites and tools: /network.json (its
identity and peers), /feed.json (JSON Feed 1.1, the same entries as /feed.xml), the OPML
list of its peers, their schemas, the <link>s in every page's head, and site.toml's
[network] checks (exact messages)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import pytest
from support import (
    BASE_URL,
    PNG,
    REPO,
    build,
    contents,
    make_site,
    out,
    parse,
    read,
    run,
    validate_against,
    write_files,
)

from sharesite.render import catalogue as catalogue_module
from sharesite.site import urls as urls_module

SCHEMAS = REPO / "sharesite" / "schemas"
BASE_PATH = "/sub/"

CONFIG = f"""\
title = "Test School"
base_url = "{BASE_URL}"
description = "A site for tests"
language = "en-GB"
timezone = "Europe/London"
author = "ms-okafor"

[search]
enabled = false
"""

NETWORK = """
[network]
school = "Hillside Primary School"
phase = "primary"
region = "North West"
local_authority = "Northshire"
website = "https://www.hillside.sch.uk/"

[[network.peers]]
name = "Oakfield Primary"
url = "https://oakfield.github.io/site/"

[[network.peers]]
name = "Ash & <Elm> \\"Academy\\" </outline><x a='1'>"
url = "https://ash.example.org/a&b/"
"""

FILES: dict[str, str | bytes] = {
    "content/authors/ms-okafor.md": """\
        ---
        name: Ms Okafor
        role: Maths lead
        school: Northfield Primary
        links:
          - title: E-mail
            url: mailto:okafor.private@example.org
        ---
        Teaches Year 5.
        """,
    "content/posts/2025-10-05-fractions.md": """\
        ---
        title: Fractions with paper strips
        date: 2025-10-05
        tags: [maths, fractions]
        summary: Folding strips to see equivalence.
        ---
        We folded strips. ![Strips on a table](strips.png)

        ## What happened

        See [the mats](../resources/mats.md).
        """,
    "content/posts/strips.png": PNG,
    "content/posts/2025-10-05-second.md": """\
        ---
        title: A second post the same day
        date: 2025-10-05
        ---
        Same day.
        """,
    "content/resources/mats.md": """\
        ---
        title: Fraction wall mats
        date: 2025-09-01
        updated: 2025-10-01
        summary: Printable mats.
        subjects: [maths]
        levels: [KS2]
        type: worksheet
        ---
        Mats for the fraction wall.
        """,
}


def validate(data: dict[str, Any], schema_file: str) -> None:
    validate_against(data, schema_file)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_site(tmp_path_factory.mktemp("network"), FILES, CONFIG + NETWORK)
    build(folder)
    return folder


def test_network_json_is_valid_and_says_who_the_site_is(site: Path) -> None:
    data = json.loads(read(site, "network.json"))
    validate(data, "network.schema.json")
    assert data["$schema"] == f"{BASE_URL}network.schema.json"
    assert data["version"] == 1
    assert data["site"] == {"title": "Test School", "url": BASE_URL,
                            "description": "A site for tests", "language": "en-GB"}
    assert data["school"] == {"name": "Hillside Primary School", "phase": "primary",
                              "region": "North West", "local_authority": "Northshire",
                              "website": "https://www.hillside.sch.uk/"}
    assert data["peers"] == [
        {"name": "Oakfield Primary", "url": "https://oakfield.github.io/site/"},
        {"name": "Ash & <Elm> \"Academy\" </outline><x a='1'>",
         "url": "https://ash.example.org/a&b/"}]
    links = data["links"]
    assert links["resources"] == f"{BASE_URL}resources.json"
    assert links["feed_json"] == f"{BASE_URL}feed.json"
    assert links["feed_atom"] == f"{BASE_URL}feed.xml"
    assert links["peers_opml"] == f"{BASE_URL}network/peers.opml"
    for url in links.values():  # each one is published
        assert (out(site) / url.removeprefix(BASE_URL)).is_file(), url


def test_network_json_has_no_personal_data(site: Path) -> None:
    text = read(site, "network.json")
    for private in ("okafor", "mailto:", "maths lead", "@"):
        assert private not in text.lower()
    # ... though the author's page and feeds are still published as before
    assert (out(site) / "authors/ms-okafor/index.html").is_file()


def test_schemas_are_published_as_in_the_package(site: Path) -> None:
    for name in ("network.schema.json", "feed.schema.json", "resources.schema.json"):
        assert (out(site) / name).read_bytes() == (SCHEMAS / name).read_bytes()


def _stamp(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_json_feed_is_valid_and_matches_the_atom_feed(site: Path) -> None:
    data = json.loads(read(site, "feed.json"))
    validate(data, "feed.schema.json")
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == f"{BASE_URL}feed.json"
    assert data["home_page_url"] == BASE_URL
    assert data["language"] == "en-GB"
    atom = feedparser.parse(read(site, "feed.xml"))
    assert not atom.bozo, atom.bozo_exception
    items = data["items"]
    assert [i["id"] for i in items] == [e.id for e in atom.entries]
    assert [i["url"] for i in items] == [e.link for e in atom.entries]
    for item, entry in zip(items, atom.entries, strict=True):
        assert _stamp(item["date_published"]) == _stamp(entry.published)
        assert _stamp(item["date_modified"]) == _stamp(entry.updated)
        assert item["title"] == entry.title
    atom_ns = "{http://www.w3.org/2005/Atom}"
    contents = [e.findtext(f"{atom_ns}content") for e in
                ET.fromstring(read(site, "feed.xml")).iter(f"{atom_ns}entry")]
    assert [i["content_html"] for i in items] == contents
    # two posts of one day are a second apart, in both feeds alike
    same_day = [i for i in items if i["date_published"].startswith("2025-10-05")]
    assert len({i["date_published"] for i in same_day}) == 2
    post = next(i for i in items if i["title"] == "Fractions with paper strips")
    assert post["authors"] == [{"name": "Ms Okafor", "url": f"{BASE_URL}authors/ms-okafor/"}]
    assert sorted(post["tags"]) == ["fractions", "maths"]
    assert post["summary"] == "Folding strips to see equivalence."
    assert 'href="https://example.github.io/sub/resources/mats/"' in post["content_html"]
    assert 'class="headerlink"' not in post["content_html"]
    mats = next(i for i in items if i["title"] == "Fraction wall mats")
    assert "To credit it:" in mats["content_html"]  # the Atom feed's resource facts
    assert "image" not in mats  # no picture of its own: not the site's


def test_json_feed_image_is_the_pages_preview(tmp_path: Path) -> None:
    cover = make_site(tmp_path, {
        "content/posts/2025-10-05-x.md": """\
            ---
            title: X
            date: 2025-10-05
            cover: https://images.example.org/x.jpg
            cover_alt: A picture
            ---
            Text.
            """}, CONFIG.replace('author = "ms-okafor"\n', ""))
    build(cover)
    (item,) = json.loads(read(cover, "feed.json"))["items"]
    assert item["image"] == "https://images.example.org/x.jpg"


def test_json_feed_without_full_content_has_text(tmp_path: Path) -> None:
    folder = make_site(tmp_path, FILES, CONFIG + "\n[feeds]\nfull_content = false\n")
    build(folder)
    data = json.loads(read(folder, "feed.json"))
    validate(data, "feed.schema.json")
    assert all("content_html" not in i and i["content_text"] for i in data["items"])


def test_opml_lists_the_peers_escaped(site: Path) -> None:
    text = read(site, "network/peers.opml")
    root = ET.fromstring(text)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "Test School: peers"
    outlines = root.findall("body/outline")
    assert [(o.get("text"), o.get("xmlUrl"), o.get("htmlUrl"), o.get("type"))
            for o in outlines] == [
        ("Oakfield Primary", "https://oakfield.github.io/site/feed.xml",
         "https://oakfield.github.io/site/", "rss"),
        ("Ash & <Elm> \"Academy\" </outline><x a='1'>", "https://ash.example.org/a&b/feed.xml",
         "https://ash.example.org/a&b/", "rss")]
    assert "<x a=" not in text and "<Elm>" not in text  # never markup


def test_opml_without_peers_is_valid(tmp_path: Path) -> None:
    folder = make_site(tmp_path, FILES, CONFIG)
    build(folder)
    root = ET.fromstring(read(folder, "network/peers.opml"))
    assert root.findall("body/outline") == []
    data = json.loads(read(folder, "network.json"))
    validate(data, "network.schema.json")
    assert data["peers"] == []
    assert set(data["school"].values()) == {None}


def test_every_page_announces_the_files(site: Path) -> None:
    for page in ("index.html", "posts/fractions/index.html", "resources/mats/index.html",
                 "404.html"):
        html = read(site, page)
        assert (f'<link rel="alternate" type="application/feed+json" '
                f'title="Test School (JSON Feed)" href="{BASE_PATH}feed.json">') in html, page
        assert f'type="application/json" title="Test School: resource catalogue (JSON)" ' \
               f'href="{BASE_PATH}resources.json">' in html
        assert f'type="application/json" title="Test School: network identity (JSON)" ' \
               f'href="{BASE_PATH}network.json">' in html
        assert f'type="text/x-opml" title="Test School: peers (OPML)" ' \
               f'href="{BASE_PATH}network/peers.opml">' in html


def test_files_are_not_in_the_sitemap(site: Path) -> None:
    sitemap = read(site, "sitemap.xml")
    for name in ("feed.json", "network.json", "peers.opml", "schema.json"):
        assert name not in sitemap


def test_the_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    one = make_site(tmp_path / "a", FILES, CONFIG + NETWORK)
    two = make_site(tmp_path / "b", FILES, CONFIG + NETWORK)
    build(one)
    build(two)
    for name in ("feed.json", "network.json", "network/peers.opml"):
        assert (out(one) / name).read_bytes() == (out(two) / name).read_bytes()


def test_a_page_cannot_take_a_files_address(tmp_path: Path) -> None:
    folder = make_site(tmp_path, {
        "content/pages/x.md": "---\ntitle: X\naliases: [/network.json, /feed.json]\n---\nX\n",
    }, CONFIG)
    result = build(folder, ok=False)
    assert result.exit_code == 1
    assert any("network.json" in line for line in result.lines), result.lines
    assert any("feed.json" in line for line in result.lines), result.lines


# --- site.toml --------------------------------------------------------------------------

def config_errors(tmp_path: Path, network: str) -> tuple[int, list[str]]:
    folder = make_site(tmp_path, FILES, CONFIG + network)
    result = run(folder, "build")
    return result.exit_code, result.lines


def test_peer_urls_must_be_site_addresses(tmp_path: Path) -> None:
    code, lines = config_errors(tmp_path, """
        [[network.peers]]
        name = "No slash"
        url = "https://oakfield.github.io/site"

        [[network.peers]]
        name = "Not the web"
        url = "ftp://oakfield.example.org/"

        [[network.peers]]
        name = "No url"
        """.replace("\n        ", "\n"))
    hint = ('(use the peer site\'s base_url: http(s), ending with /, like '
            '"https://oakfield.github.io/site/")')
    assert code == 2
    assert lines == [
        f"site.toml:13: network.peers: url 'https://oakfield.github.io/site' is not a "
        f"site's address {hint}",
        f"site.toml:17: network.peers: url 'ftp://oakfield.example.org/' is not a site's "
        f"address {hint}",
        f"site.toml:19: network.peers: url None is not a site's address {hint}"]


def test_a_peer_listed_twice_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    code, lines = config_errors(tmp_path, """
        [[network.peers]]
        name = "Oakfield"
        url = "https://oakfield.github.io/site/"

        [[network.peers]]
        name = "Oakfield again"
        url = "https://Oakfield.github.io/site/"
        """.replace("\n        ", "\n"))
    assert code == 2
    assert lines == ["site.toml:17: network.peers: https://Oakfield.github.io/site/ is "
                     "listed twice (also at line 13) (remove one of them)"]


def test_network_fields_are_checked(tmp_path: Path) -> None:
    code, lines = config_errors(tmp_path, """
        [network]
        school = 5
        website = "www.hillside.sch.uk"

        [[network.peers]]
        name = ""
        url = "https://oakfield.github.io/site/"
        """.replace("\n        ", "\n"))
    assert code == 2
    assert lines == [
        "site.toml:12: network.school: 5 is not text in quotes (write it as text in quotes)",
        "site.toml:13: network.website: 'www.hillside.sch.uk' is not a web address "
        '(use the full address, like "https://www.hillside.sch.uk/")',
        "site.toml:16: network.peers: a peer has no name "
        '(add name = "Oakfield Primary" under its [[network.peers]])']


def test_unknown_network_settings_warn(tmp_path: Path) -> None:
    code, lines = config_errors(tmp_path, """
        [network]
        phase = "primery"
        postcode = "AB1 2CD"

        [[network.peers]]
        name = "Oakfield"
        url = "https://oakfield.github.io/site/"
        colour = "red"
        """.replace("\n        ", "\n"))
    assert code == 0
    assert lines == [
        "site.toml:12: warning: network.phase: 'primery' is not a phase sharesite knows "
        '(did you mean "primary"?)',
        'site.toml:13: warning: unknown setting network.postcode (did you mean '
        '"network.phase"?)',
        "site.toml:18: warning: unknown setting network.peers.colour (sharesite ignores it)"]


def test_many_peers_warn_and_too_many_are_an_error(tmp_path: Path) -> None:
    def peers(count: int) -> str:
        return "".join(f'\n[[network.peers]]\nname = "School {n}"\n'
                       f'url = "https://s{n}.example.org/"\n' for n in range(count))

    first = CONFIG.count("\n") + 2  # the line of the first [[network.peers]]
    code, lines = config_errors(tmp_path / "many", peers(51))
    assert code == 0
    assert f"site.toml:{first + 50 * 4}: warning: network.peers: 51 peers (over 50) (every " \
           "peer is fetched for every build: keep the ones you use)" in lines
    code, lines = config_errors(tmp_path / "too-many", peers(101))
    assert code == 2
    assert lines == [f"site.toml:{first + 100 * 4}: network.peers: 101 peers is more than "
                     "100 (keep the schools you work with most; a hub can gather the rest)"]


def test_peers_must_be_tables(tmp_path: Path) -> None:
    code, lines = config_errors(tmp_path, '\n[network]\npeers = ["https://a.example.org/"]\n')
    assert code == 2
    assert lines == ['site.toml:12: network.peers must be a list of tables (write each as '
                     '[[network.peers]] with name = "Oakfield Primary" and '
                     'url = "https://oakfield.github.io/site/")']


# --- the catalogue: checksums and parts ---------------------------------------------------

PLAIN = CONFIG.replace('author = "ms-okafor"\n', "")  # for sites without FILES' author
MATS_PDF = b"%PDF-1.4\n% mats\n%%EOF\n"
SHEET = b"%PDF-1.4\n% a loose sheet\n%%EOF\n"
DOWNLOADS: dict[str, str | bytes] = {
    "content/resources/bundled-mats/index.md": """\
        ---
        title: Mats in a bundle
        date: 2025-09-01
        files: [mats.pdf, strips.png]
        ---
        Mats.
        """,
    "content/resources/bundled-mats/mats.pdf": MATS_PDF,
    "content/resources/bundled-mats/strips.png": PNG,
    "content/resources/sheet.md": """\
        ---
        title: A loose sheet
        date: 2025-09-02
        files: [sheet.pdf]
        ---
        A sheet.
        """,
    "content/resources/sheet.pdf": SHEET,
}


def _checked_files(folder: Path) -> dict[str, str]:
    """Each file in /resources.json with its sha256, checked against the published bytes."""
    data = json.loads(read(folder, "resources.json"))
    validate(data, "resources.schema.json")
    found = {}
    for resource in data["resources"]:
        for file in resource["files"]:
            published = (out(folder) / file["url"].removeprefix(BASE_URL)).read_bytes()
            assert file["sha256"] == hashlib.sha256(published).hexdigest(), file
            assert file["size"] == len(published)
            found[file["url"].removeprefix(BASE_URL)] = file["sha256"]
    return found


def test_each_file_has_the_checksum_of_its_published_bytes(tmp_path: Path) -> None:
    folder = make_site(tmp_path, DOWNLOADS, PLAIN)
    build(folder)
    assert _checked_files(folder) == {
        "resources/bundled-mats/mats.pdf": hashlib.sha256(MATS_PDF).hexdigest(),
        "resources/bundled-mats/strips.png": hashlib.sha256(PNG).hexdigest(),
        "resources/sheet.pdf": hashlib.sha256(SHEET).hexdigest()}
    # changed in place at the same size (the page itself is kept): a new checksum
    (folder / "content/resources/sheet.pdf").write_bytes(SHEET.replace(b"loose", b"LOOSE"))
    build(folder)
    assert _checked_files(folder)["resources/sheet.pdf"] == \
        hashlib.sha256(SHEET.replace(b"loose", b"LOOSE")).hexdigest()


def test_checksums_are_kept_between_builds(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose time and size are unchanged (and old enough to trust) is not read again."""
    folder = make_site(tmp_path, DOWNLOADS, PLAIN)
    for name in ("bundled-mats/mats.pdf", "bundled-mats/strips.png", "sheet.pdf"):
        os.utime(folder / "content/resources" / name, (1_700_000_000, 1_700_000_000))
    hashed: list[str] = []
    real = hashlib.file_digest

    def counting(stream: Any, name: str) -> Any:
        hashed.append(Path(stream.name).name)
        return real(stream, name)

    monkeypatch.setattr(catalogue_module.hashlib, "file_digest", counting)
    build(folder)
    assert sorted(hashed) == ["mats.pdf", "sheet.pdf", "strips.png"]
    first = read(folder, "resources.json")
    hashed.clear()
    write_files(folder, {"content/pages/about.md": "---\ntitle: About\n---\nUs.\n"})
    build(folder)  # a new page: the site is made again, its downloads unchanged
    assert hashed == []
    assert read(folder, "resources.json") == first


def _parts(folder: Path) -> list[dict[str, Any]]:
    """The catalogue's parts, following `next` from /resources.json."""
    parts = [json.loads(read(folder, "resources.json"))]
    while "next" in parts[-1]:
        assert len(parts) < 10
        parts.append(json.loads(read(folder, parts[-1]["next"].removeprefix(BASE_URL))))
    return parts


def test_a_big_catalogue_is_published_in_parts(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urls_module, "CATALOGUE_PART", 2)
    files: dict[str, str | bytes] = {
        f"content/resources/r{n}.md": f"---\ntitle: Resource {n}\ndate: 2025-09-0{n}\n---\n"
                                      f"Number {n}.\n" for n in range(1, 6)}
    files["content/resources/gone.md"] = "---\ntitle: Gone\ndate: 2025-08-01\n" \
                                         "withdrawn: 2025-10-01\n---\nGone.\n"
    folder = make_site(tmp_path, files, PLAIN)
    build(folder)
    parts = _parts(folder)
    assert len(parts) == 3
    for part in parts:
        validate(part, "resources.schema.json")
        assert part["version"] == 1 and part["site"]["url"] == BASE_URL
    assert [p.get("next") for p in parts] == [f"{BASE_URL}resources-2.json",
                                              f"{BASE_URL}resources-3.json", None]
    assert [p.get("total") for p in parts] == [5, None, None]
    assert [[r["title"] for r in p["resources"]] for p in parts] == [
        ["Resource 5", "Resource 4"], ["Resource 3", "Resource 2"], ["Resource 1"]]
    assert [p.get("withdrawn") for p in parts] == [
        [{"id": f"{BASE_URL}resources/gone/", "date": "2025-10-01"}], None, None]
    assert not (out(folder) / "resources-4.json").exists()
    sitemap = read(folder, "sitemap.xml")
    assert "resources.json" not in sitemap and "resources-2.json" not in sitemap
    # a page cannot take a part's address
    write_files(folder, {"content/pages/x.md": "---\ntitle: X\naliases: [/resources-3.json]\n"
                                               "---\nX\n"})
    result = build(folder, ok=False)
    assert result.exit_code == 1
    assert any("sharesite's own /resources-3.json" in line for line in result.lines), \
        result.lines


def test_one_part_has_no_next_or_total(site: Path) -> None:
    data = json.loads(read(site, "resources.json"))
    assert "next" not in data and "total" not in data and "withdrawn" not in data
    assert not (out(site) / "resources-2.json").exists()


# --- moved_to -----------------------------------------------------------------------------

def test_a_moved_site_says_so_on_every_page_and_in_network_json(tmp_path: Path) -> None:
    moved = "https://new.example.org/hill?a=1&b=<2>/"
    folder = make_site(tmp_path, FILES, CONFIG + NETWORK.replace(
        'website = "https://www.hillside.sch.uk/"',
        'website = "https://www.hillside.sch.uk/"\nmoved_to = "https://new.example.org/hill?a=1&b=<2>"'))
    build(folder)
    data = json.loads(read(folder, "network.json"))
    validate(data, "network.schema.json")
    assert data["moved_to"] == moved
    for page in ("index.html", "posts/fractions/index.html", "resources/mats/index.html",
                 "404.html", "network/index.html"):
        text = read(folder, page)
        html = parse(text)
        assert "This site has moved to https://new.example.org/hill?a=1&b=<2>/" in html.text
        assert ("a", "href", moved) in html.urls(), page
        assert "<2>" not in text  # escaped
    assert "moved_to" not in read(folder, "feed.json")


def test_a_site_that_has_not_moved_says_nothing(site: Path) -> None:
    assert "moved_to" not in json.loads(read(site, "network.json"))
    assert "has moved" not in read(site, "index.html")


def test_the_catalogue_is_the_same_bytes_twice(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urls_module, "CATALOGUE_PART", 1)
    files = {**FILES, **DOWNLOADS,
             "content/resources/gone.md": "---\ntitle: Gone\ndate: 2025-08-01\n"
                                          "withdrawn: 2025-10-01\n---\nGone.\n"}
    config = CONFIG + NETWORK.replace('local_authority = "Northshire"',
                                      'local_authority = "Northshire"\n'
                                      'moved_to = "https://new.example.org/"')
    one = make_site(tmp_path / "a", files, config)
    two = make_site(tmp_path / "b", files, config)
    build(one)
    build(two)
    names = ["resources.json", "resources-2.json", "resources-3.json", "network.json",
             "index.html"]
    for name in names:
        assert (out(one) / name).read_bytes() == (out(two) / name).read_bytes(), name
    assert contents(out(one)) == contents(out(two))
