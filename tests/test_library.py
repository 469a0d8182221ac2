"""The resource library, from the built files: facet pages and their feeds, tag pages,
JSON-LD, /resources.json against its schema, the licence rules (exact messages), the
credit line, and search (Pagefind) switched on and off. No browser: see test_browser.py."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
from support import (
    BASE_URL,
    REPO,
    absolute_uri,
    build,
    hashes,
    make_site,
    out,
    parse,
    read,
    tree,
    validate_against,
)

SCHEMA_PATH = REPO / "sharesite" / "schemas" / "resources.schema.json"
BASE_PATH = urlsplit(BASE_URL).path  # "/sub/"

CONFIG = f"""\
title = "Test School"
base_url = "{BASE_URL}"
description = "A site for tests"
language = "en-GB"
timezone = "Europe/London"
author = "ms-a"

[vocabulary]
levels = ["EYFS", "KS1", "KS2", "KS3", "Year 5"]
"""

MATS = b"%PDF-1.4 the mats\n"
NOTES = b"PK\x03\x04 not really a docx\n"

# Four resources and a post. Spellings vary on purpose: `ks3`, `Maths`, `Lesson-Plan` and
# `year-5` are the vocabulary's `KS3`, `maths`, `lesson-plan` and `Year 5`.
FILES: dict[str, str | bytes] = {
    "content/authors/ms-a.md": "---\nname: Ms A\n---\nTeaches Year 4.\n",
    "content/authors/mr-b.md": "---\nname: Mr B\n---\nTeaches Year 5.\n",
    "content/resources/fraction-mats/index.md": """\
        ---
        title: Fraction wall mats
        date: 2024-03-01
        summary: Printable fraction wall mats.
        subjects: [maths]
        levels: [KS2]
        type: worksheet
        licence: CC-BY-SA-4.0
        duration: 60 min
        tags: [Fractions]
        files:
          - path: mats.pdf
            title: The mats
          - path: notes.docx
            title: Teacher notes
        adapted_from:
          - title: Fraction walls
            url: https://example.org/fraction-walls
            author: A. Teacher
            licence: CC-BY-4.0
        ---
        Mats for pairs to share.
        """,
    "content/resources/fraction-mats/mats.pdf": MATS,
    "content/resources/fraction-mats/notes.docx": NOTES,
    "content/resources/fraction-mats-big/index.md": """\
        ---
        title: Fraction wall mats, large print
        date: 2024-04-01
        authors: [mr-b]
        subjects: [maths]
        levels: [Year 5]
        type: worksheet
        licence: CC-BY-SA-4.0
        tags: [fractions]
        adapted_from:
          - title: Fraction wall mats
            url: ../fraction-mats/index.md
            author: Ms A
        ---
        The same mats, printed large.
        """,
    "content/resources/spelling-plan/index.md": """\
        ---
        title: Spelling lesson plan
        date: 2024-02-01
        subjects: [english]
        levels: [year-5]
        type: Lesson-Plan
        licence: CC-BY-4.0
        tags: [Spelling]
        ---
        A lesson on the suffix -ous.
        """,
    "content/resources/science-quiz/index.md": """\
        ---
        title: Science quiz
        date: 2024-01-15
        subjects: [science, Maths]
        levels: [ks3]
        type: assessment
        licence: CC0-1.0
        ---
        Twelve questions on measuring.
        """,
    "content/posts/2024-05-01-fractions-post.md": """\
        ---
        title: Fractions in Year 5
        tags: [fractions]
        ---
        How the mats went.
        """,
}

# Facet page → the resources it lists, newest first.
FACET_PAGES = {
    "subjects/maths": ["fraction-mats-big", "fraction-mats", "science-quiz"],
    "subjects/english": ["spelling-plan"],
    "subjects/science": ["science-quiz"],
    "levels/ks2": ["fraction-mats"],
    "levels/ks3": ["science-quiz"],
    "levels/year-5": ["fraction-mats-big", "spelling-plan"],
    "types/worksheet": ["fraction-mats-big", "fraction-mats"],
    "types/lesson-plan": ["spelling-plan"],
    "types/assessment": ["science-quiz"],
}
FACET_TITLES = {
    "subjects/maths": "Subject: maths", "levels/ks2": "Level: KS2",
    "levels/ks3": "Level: KS3", "levels/year-5": "Level: Year 5",
    "types/lesson-plan": "Type: Lesson plan", "types/assessment": "Type: Assessment",
}
NEWEST_FIRST = ["fraction-mats-big", "fraction-mats", "spelling-plan", "science-quiz"]


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = make_site(tmp_path_factory.mktemp("lib"), FILES, CONFIG)
    build(site)
    return site


# --- a small DOM, to read one element's text and what it contains ---------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    @property
    def text(self) -> str:
        def parts(node: Node) -> Iterator[str]:
            for child in node.children:
                if isinstance(child, str):
                    yield child
                elif child.tag not in ("script", "style", "template"):
                    yield from parts(child)
        return " ".join("".join(parts(self)).split())

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag)
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def by_id(self, ident: str) -> Node:
        found = [n for n in self.iter() if n.attrs.get("id") == ident]
        assert len(found) == 1, f"{len(found)} elements with id={ident!r}"
        return found[0]

    def hrefs(self) -> list[str]:
        return [str(n.attrs["href"]) for n in self.iter() if n.tag == "a" and n.attrs.get("href")]


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def dom(site: Path, rel: str) -> Node:
    parser = _Tree()
    parser.feed(read(site, rel))
    parser.close()
    return parser.root


def main_of(site: Path, rel: str) -> Node:
    (main,) = dom(site, rel).find_all("main")
    return main


def resource_links(node: Node) -> list[str]:
    """The resource pages a list links to, in order of first appearance, as slugs."""
    slugs: list[str] = []
    for href in node.hrefs():
        path = urlsplit(href).path
        rest = path.removeprefix(BASE_PATH + "resources/")
        if path != rest and rest.count("/") == 1 and rest.endswith("/"):
            slug = rest[:-1]
            if slug not in slugs:
                slugs.append(slug)
    return slugs


def feed_links(site: Path, rel: str) -> list[str]:
    parsed = feedparser.parse((out(site) / rel).read_bytes())
    assert not parsed.bozo, f"{rel}: {parsed.get('bozo_exception')}"
    return [e.link for e in parsed.entries]


def warnings_and_errors(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("content/") or line.startswith("site.toml")]


# --- facet pages and their feeds ------------------------------------------------------------

def test_facet_pages_exist_only_for_values_in_use(lib: Path) -> None:
    made = sorted(rel.removeprefix("resources/").removesuffix("/index.html")
                  for rel in tree(out(lib))
                  if rel.startswith(("resources/subjects/", "resources/levels/",
                                     "resources/types/")) and rel.endswith("/index.html"))
    assert made == sorted(FACET_PAGES)


@pytest.mark.parametrize("facet", sorted(FACET_PAGES))
def test_facet_page_lists_exactly_its_resources_newest_first(lib: Path, facet: str) -> None:
    assert resource_links(main_of(lib, f"resources/{facet}/index.html")) == FACET_PAGES[facet]


@pytest.mark.parametrize("facet", sorted(FACET_PAGES))
def test_facet_feed_is_valid_atom_with_the_same_resources(lib: Path, facet: str) -> None:
    assert feed_links(lib, f"resources/{facet}/feed.xml") == [
        f"{BASE_URL}resources/{slug}/" for slug in FACET_PAGES[facet]]
    doc = parse(read(lib, f"resources/{facet}/index.html"))
    assert doc.find("link", rel="alternate", type="application/atom+xml",
                    href=f"{BASE_PATH}resources/{facet}/feed.xml"), "no autodiscovery link"


@pytest.mark.parametrize("facet", sorted(FACET_TITLES))
def test_facet_values_use_the_vocabularys_spelling(lib: Path, facet: str) -> None:
    """`ks3`, `Maths`, `Lesson-Plan` and `year-5` are filed and named as the vocabulary
    spells them."""
    page = dom(lib, f"resources/{facet}/index.html")
    (title,) = page.find_all("title")
    assert title.text.startswith(FACET_TITLES[facet] + " — "), title.text
    (main,) = page.find_all("main")
    assert FACET_TITLES[facet].split(": ")[1] in main.text


def test_year_5_and_year_dash_5_share_one_page(lib: Path) -> None:
    levels = sorted(p.name for p in (out(lib) / "resources/levels").iterdir() if p.is_dir())
    assert levels == ["ks2", "ks3", "year-5"]
    catalogue = json.loads(read(lib, "resources.json"))
    by_slug = {r["url"].rstrip("/").rsplit("/", 1)[1]: r for r in catalogue["resources"]}
    assert by_slug["spelling-plan"]["levels"] == ["Year 5"]
    assert by_slug["fraction-mats-big"]["levels"] == ["Year 5"]
    assert by_slug["spelling-plan"]["type"] == "lesson-plan"
    assert by_slug["science-quiz"]["subjects"] == ["science", "maths"]
    assert by_slug["science-quiz"]["levels"] == ["KS3"]


def test_unknown_subject_warns_with_did_you_mean(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/resources/x/index.md": """\
        ---
        title: Times tables
        date: 2024-01-01
        subjects: [math]
        ---
        Practice.
        """})
    result = build(site)
    assert warnings_and_errors(result.lines) == [
        "content/resources/x/index.md:4: warning: subjects: 'math' is not in the vocabulary "
        '(did you mean "maths"?)']


def test_library_links_every_facet_page_and_marks_cards(lib: Path) -> None:
    """The no-JavaScript way in: /resources/ links to each facet page; each card carries its
    filter values for the script."""
    page = dom(lib, "resources/index.html")
    hrefs = set(page.hrefs())
    for facet in FACET_PAGES:
        assert f"{BASE_PATH}resources/{facet}/" in hrefs, facet
    (results,) = page.find_all("ul", id="library-results")
    cards = [li for li in results.children if isinstance(li, Node) and li.tag == "li"]
    assert all("data-resource" in li.attrs for li in cards)
    assert [resource_links(li)[0] for li in cards] == NEWEST_FIRST
    quiz = cards[NEWEST_FIRST.index("science-quiz")].attrs
    assert set(str(quiz["data-subject"]).split()) == {"science", "maths"}
    assert quiz["data-level"] == "ks3"
    assert quiz["data-type"] == "assessment"
    assert quiz["data-licence"] == "CC0-1.0"
    plan = cards[NEWEST_FIRST.index("spelling-plan")].attrs
    assert (plan["data-level"], plan["data-type"], plan["data-tag"]) == (
        "year-5", "lesson-plan", "spelling")
    (form,) = page.find_all("form", id="library-filters")
    boxes = {(n.attrs.get("name"), n.attrs.get("value"))
             for n in form.find_all("input", type="checkbox")}
    assert {("subject", "maths"), ("level", "year-5"), ("type", "lesson-plan"),
            ("licence", "CC-BY-SA-4.0"), ("tag", "fractions")} <= boxes
    (count,) = page.find_all("p", id="library-count")
    assert count.attrs.get("role") == "status"


# --- tag pages --------------------------------------------------------------------------------

def test_tag_page_and_feed_list_resources_as_well_as_posts(lib: Path) -> None:
    links = main_of(lib, "tags/fractions/index.html").hrefs()
    for expected in (f"{BASE_PATH}posts/fractions-post/", f"{BASE_PATH}resources/fraction-mats/",
                     f"{BASE_PATH}resources/fraction-mats-big/"):
        assert expected in links
    assert feed_links(lib, "tags/fractions/feed.xml") == [
        f"{BASE_URL}posts/fractions-post/", f"{BASE_URL}resources/fraction-mats-big/",
        f"{BASE_URL}resources/fraction-mats/"]


# --- JSON-LD ------------------------------------------------------------------------------------

def learning_resource(site: Path, slug: str) -> dict[str, Any]:
    (data,) = parse(read(site, f"resources/{slug}/index.html")).jsonld()
    assert data["@type"] == "LearningResource"
    return data


def test_resource_jsonld(lib: Path) -> None:
    data = learning_resource(lib, "fraction-mats")
    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Fraction wall mats"
    assert data["url"] == f"{BASE_URL}resources/fraction-mats/"
    assert data["educationalLevel"] == ["KS2"]
    assert data["learningResourceType"] == "worksheet"
    assert data["about"] == [{"@type": "Thing", "name": "maths"}]
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert data["isBasedOn"] == [{
        "@type": "CreativeWork", "name": "Fraction walls",
        "url": "https://example.org/fraction-walls",
        "author": {"@type": "Person", "name": "A. Teacher"},
        "license": "https://creativecommons.org/licenses/by/4.0/"}]
    assert data["author"] == [{"@type": "Person", "name": "Ms A",
                               "url": f"{BASE_URL}authors/ms-a/"}]
    assert data["timeRequired"] == "PT60M"
    assert data["encoding"] == [
        {"@type": "MediaObject", "name": "The mats",
         "contentUrl": f"{BASE_URL}resources/fraction-mats/mats.pdf",
         "contentSize": f"{len(MATS)} B", "encodingFormat": "application/pdf"},
        {"@type": "MediaObject", "name": "Teacher notes",
         "contentUrl": f"{BASE_URL}resources/fraction-mats/notes.docx",
         "contentSize": f"{len(NOTES)} B", "encodingFormat":
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}]


def test_jsonld_same_site_adaptation_points_at_the_original(lib: Path) -> None:
    data = learning_resource(lib, "fraction-mats-big")
    assert data["isBasedOn"] == [{
        "@type": "CreativeWork", "name": "Fraction wall mats",
        "url": f"{BASE_URL}resources/fraction-mats/",
        "author": {"@type": "Person", "name": "Ms A"}}]
    assert data["author"][0]["name"] == "Mr B"


def test_jsonld_uses_the_vocabularys_spelling(lib: Path) -> None:
    """JSON-LD names levels, subjects and types as /resources.json and the pages do."""
    quiz = learning_resource(lib, "science-quiz")
    assert quiz["educationalLevel"] == ["KS3"]
    assert quiz["about"] == [{"@type": "Thing", "name": "science"},
                             {"@type": "Thing", "name": "maths"}]
    assert quiz["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    plan = learning_resource(lib, "spelling-plan")
    assert plan["educationalLevel"] == ["Year 5"]
    assert plan["learningResourceType"] == "lesson-plan"


# --- /resources.json ----------------------------------------------------------------------------

def validate_catalogue(data: dict[str, Any]) -> None:
    validate_against(data, SCHEMA_PATH.name)


def urls_in(data: object, key: str = "") -> Iterator[tuple[str, str]]:
    """(key, value) for every string under a key that holds a link."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from urls_in(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from urls_in(v, key)
    elif isinstance(data, str) and (key == "$schema" or key.endswith("url")):
        yield key, data


def assert_absolute_urls(data: dict[str, Any], base_url: str) -> None:
    found = list(urls_in(data))
    assert found
    for key, value in found:
        assert absolute_uri(value), f"{key}: {value!r} is not absolute"
    for resource in data["resources"]:
        assert absolute_uri(resource["id"]), resource["id"]
        for url in [resource["id"], resource["url"]] + [f["url"] for f in resource["files"]] + \
                [a["url"] for a in resource["authors"]]:
            assert url.startswith(base_url), url


def test_catalogue_is_valid_absolute_and_newest_first(lib: Path) -> None:
    data = json.loads(read(lib, "resources.json"))
    validate_catalogue(data)
    assert data["version"] == 1
    assert data["$schema"] == f"{BASE_URL}resources.schema.json"
    assert data["site"]["url"] == BASE_URL
    assert_absolute_urls(data, BASE_URL)
    assert [r["url"] for r in data["resources"]] == [
        f"{BASE_URL}resources/{slug}/" for slug in NEWEST_FIRST]
    published = [r["published"] for r in data["resources"]]
    assert published == sorted(published, reverse=True)
    assert data["updated"] == max(r["updated"] for r in data["resources"])
    mats = data["resources"][1]
    assert mats["licence"] == {"id": "CC-BY-SA-4.0",
                               "name": "Creative Commons Attribution-ShareAlike 4.0",
                               "url": "https://creativecommons.org/licenses/by-sa/4.0/"}
    assert mats["files"][0] == {"title": "The mats",
                                "url": f"{BASE_URL}resources/fraction-mats/mats.pdf",
                                "size": len(MATS), "media_type": "application/pdf",
                                "sha256": hashlib.sha256(MATS).hexdigest()}
    assert mats["adapted_from"] == [{"title": "Fraction walls",
                                     "url": "https://example.org/fraction-walls",
                                     "author": "A. Teacher", "licence": "CC-BY-4.0"}]
    assert data["resources"][0]["adapted_from"][0]["url"] == f"{BASE_URL}resources/fraction-mats/"


def test_catalogue_schema_is_published_as_in_the_repo(lib: Path) -> None:
    assert (out(lib) / "resources.schema.json").read_bytes() == SCHEMA_PATH.read_bytes()


def test_example_sites_catalogue_is_valid(tmp_path: Path) -> None:
    output = tmp_path / "example"
    build(REPO, "--output", str(output))
    data = json.loads((output / "resources.json").read_text(encoding="utf-8"))
    validate_catalogue(data)
    base_url = data["site"]["url"]
    assert_absolute_urls(data, base_url)
    bundles = [p for p in (REPO / "content/resources").iterdir() if (p / "index.md").is_file()]
    assert len(data["resources"]) == len(bundles)
    published = [r["published"] for r in data["resources"]]
    assert published == sorted(published, reverse=True)
    assert all(r["files"] and r["licence"] and r["credit"] for r in data["resources"])
    assert (output / "resources.schema.json").read_bytes() == SCHEMA_PATH.read_bytes()


# --- licence rules --------------------------------------------------------------------------------

ADAPTED = "content/resources/adapted/index.md"


def adapted(source: str, ours: str) -> str:
    return f"""\
        ---
        title: Adapted mats
        date: 2024-03-01
        subjects: [maths]
        levels: [KS2]
        type: worksheet
        licence: {ours}
        adapted_from:
          - title: Source work
            url: https://example.org/source
            author: B. Author
            licence: {source}
        ---
        Adapted from someone else's work.
        """


def credit_line_number(text: str) -> int:
    lines = [line.strip() for line in text.splitlines()]
    return lines.index("- title: Source work") + 1


ND = ("CC BY-ND 4.0 is a NoDerivatives licence: it lets you share the work unchanged, but not "
      "share an adapted version (link to the original instead, or ask its author for "
      "permission to adapt it)")
SA = ("CC BY-SA 4.0 is a ShareAlike licence: an adaptation must be shared under the same "
      "licence, so this resource must be CC BY-SA 4.0 too (set licence: CC-BY-SA-4.0)")
NC = ("CC BY-NC 4.0 is a NonCommercial licence: an adaptation may not be offered for commercial "
      "use, and CC BY 4.0 allows it (use a NonCommercial licence, like CC-BY-NC-4.0 or "
      "CC-BY-NC-SA-4.0)")
ARR = ("warning: adapted_from: 'Source work' is all rights reserved: sharing an adaptation "
       "needs its author's permission (say in the text that you have it, or link to the "
       "original instead)")


@pytest.mark.parametrize(("source", "ours", "exit_code", "message"), [
    ("CC-BY-ND-4.0", "CC-BY-4.0", 1, "adapted_from: 'Source work': " + ND),
    ("CC-BY-ND-4.0", "CC-BY-ND-4.0", 1, "adapted_from: 'Source work': " + ND),
    ("CC-BY-SA-4.0", "CC-BY-4.0", 1, "adapted_from: 'Source work': " + SA),
    ("CC-BY-SA-4.0", "CC-BY-SA-4.0", 0, None),
    ("CC-BY-NC-4.0", "CC-BY-4.0", 1, "adapted_from: 'Source work': " + NC),
    ("CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", 0, None),
    ("all-rights-reserved", "CC-BY-4.0", 0, ARR),
], ids=["nd", "nd-under-nd", "sa-under-by", "sa-under-sa", "nc-under-by", "nc-under-nc-sa",
        "all-rights-reserved"])
def test_licence_rules(tmp_path: Path, source: str, ours: str, exit_code: int,
                       message: str | None) -> None:
    text = adapted(source, ours)
    site = make_site(tmp_path, {ADAPTED: text})
    result = build(site, ok=False)
    assert result.exit_code == exit_code, result.stderr
    line = credit_line_number(text)
    expected = [f"{ADAPTED}:{line}: {message}"] if message else []
    assert warnings_and_errors(result.lines) == expected
    assert (out(site) / "resources/adapted/index.html").is_file() == (exit_code == 0)


ORIGINAL = """\
    ---
    title: Original mats
    date: 2024-01-01
    licence: CC-BY-SA-4.0
    ---
    The original.
    """


@pytest.mark.parametrize("url", ["../orig/index.md", "/resources/orig/",
                                 f"{BASE_URL}resources/orig/"])
@pytest.mark.parametrize(("ours", "exit_code"), [("CC-BY-4.0", 1), ("CC-BY-SA-4.0", 0)])
def test_same_site_adaptation_takes_the_originals_licence(tmp_path: Path, url: str, ours: str,
                                                          exit_code: int) -> None:
    """A credit with no licence, for a resource on this site, is under that resource's
    licence: adapting a ShareAlike resource means sharing alike."""
    text = f"""\
        ---
        title: Adapted mats
        date: 2024-03-01
        licence: {ours}
        adapted_from:
          - title: Original mats
            url: {url}
        ---
        Made bigger.
        """
    site = make_site(tmp_path, {"content/resources/orig/index.md": ORIGINAL, ADAPTED: text})
    result = build(site, ok=False)
    assert result.exit_code == exit_code, result.stderr
    expected = [f"{ADAPTED}:6: adapted_from: 'Original mats': {SA}"] if exit_code else []
    assert warnings_and_errors(result.lines) == expected


def test_credit_licence_as_written_is_not_lost(tmp_path: Path) -> None:
    # adapted_from licence "CC BY-NC 4.0" (not the SPDX spelling) vanished from the credit
    # and from isBasedOn, with no warning: the source's NC terms were silently lost. Now the
    # licence is read as written, and its NC terms conflict with the site's CC BY 4.0.
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
    assert result.exit_code == 1
    assert result.lines[:-1] == [f"content/resources/adapt/index.md:5: adapted_from: "
                                 f"'Original mats': {NC}"]


# --- the resource page: credit line, credit chain, "Adapted by" -----------------------------------

def test_credit_line_is_title_author_source_licence(lib: Path) -> None:
    expected = ("“Fraction wall mats” by Ms A, from Test School "
                f"({BASE_URL}resources/fraction-mats/), licensed under CC BY-SA 4.0 "
                "(https://creativecommons.org/licenses/by-sa/4.0/).")
    assert dom(lib, "resources/fraction-mats/index.html").by_id("credit_text").text == expected
    catalogue = json.loads(read(lib, "resources.json"))
    assert catalogue["resources"][1]["credit"] == expected
    quiz = dom(lib, "resources/science-quiz/index.html").by_id("credit_text").text
    assert quiz == ("“Science quiz” by Ms A, from Test School "
                    f"({BASE_URL}resources/science-quiz/), dedicated to the public domain "
                    "(CC0 1.0, https://creativecommons.org/publicdomain/zero/1.0/).")


def test_credit_chain_on_the_adaptation(lib: Path) -> None:
    main = main_of(lib, "resources/fraction-mats/index.html")
    assert "Adapted from Fraction walls by A. Teacher, CC BY 4.0." in main.text
    assert "https://example.org/fraction-walls" in main.hrefs()
    big = main_of(lib, "resources/fraction-mats-big/index.html")
    assert "Adapted from Fraction wall mats by Ms A" in big.text
    assert any(urlsplit(h).path == f"{BASE_PATH}resources/fraction-mats/" for h in big.hrefs())


def test_original_links_to_its_adaptation(lib: Path) -> None:
    main = main_of(lib, "resources/fraction-mats/index.html")
    target = f"{BASE_PATH}resources/fraction-mats-big/"
    holders = [n for n in main.iter() if n.tag not in ("main", "article")
               and "Adapted by" in n.text and target in n.hrefs()]
    assert holders, "no 'Adapted by' element linking to the adaptation"
    assert "Fraction wall mats, large print" in holders[-1].text
    # …and only the original says so.
    assert "Adapted by" not in main_of(lib, "resources/spelling-plan/index.html").text


# --- search -------------------------------------------------------------------------------------

def search_forms(node: Node) -> list[Node]:
    return [f for f in node.find_all("form")
            if urlsplit(str(f.attrs.get("action") or "")).path == f"{BASE_PATH}search/"]


def test_search_off_means_no_search_anywhere(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # The build then needs no Pagefind at all.
    monkeypatch.setitem(sys.modules, "pagefind", None)
    monkeypatch.setitem(sys.modules, "pagefind.index", None)
    site = make_site(tmp_path, FILES, CONFIG + "\n[search]\nenabled = false\n")
    build(site)
    files = tree(out(site))
    assert not [f for f in files if f.startswith(("search/", "pagefind/"))]
    for rel in files:
        if rel.endswith(".html"):
            page = dom(site, rel)
            assert not search_forms(page), rel
            assert f"{BASE_PATH}search/" not in [urlsplit(h).path for h in page.hrefs()], rel


def test_search_on_without_pagefind_is_an_error(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # Nowhere Pagefind's program is looked for: its wheels, its variable, the PATH.
    for wheel in ("pagefind", "pagefind.index", "pagefind_bin", "pagefind_bin_extended"):
        monkeypatch.setitem(sys.modules, wheel, None)
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    site = make_site(tmp_path, FILES, CONFIG)
    result = build(site, ok=False)
    assert result.exit_code == 2
    assert ("site.toml: search needs Pagefind: pip install 'pagefind[bin]', or turn search off "
            "with [search] enabled = false in site.toml") in result.lines
    assert not out(site).exists()


POST = """\
    ---
    title: Hello
    ---
    The first post.
    """


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


def test_search_on_publishes_pagefind_and_a_header_form(lib: Path) -> None:
    files = tree(out(lib))
    assert "search/index.html" in files
    assert "pagefind/pagefind.js" in files
    assert "pagefind/pagefind-entry.json" in files
    for folder, suffix in (("index", ".pf_index"), ("fragment", ".pf_fragment"),
                           ("filter", ".pf_filter")):
        assert [f for f in files if f.startswith(f"pagefind/{folder}/") and f.endswith(suffix)], \
            f"no pagefind/{folder}/*{suffix}"
    # Every post and resource is indexed, and nothing else.
    fragments = [f for f in files if f.startswith("pagefind/fragment/")]
    assert len(fragments) == 5
    for rel in ("index.html", "resources/index.html", "resources/fraction-mats/index.html"):
        header = dom(lib, rel).find_all("header")[0]  # the site's, first in the page
        forms = search_forms(header)
        assert len(forms) == 1, rel
        assert forms[0].attrs.get("method") in (None, "get", "GET")
        assert [i for i in forms[0].find_all("input") if i.attrs.get("name") == "q"], rel


def test_two_builds_are_byte_identical_including_the_index(tmp_path: Path) -> None:
    site = make_site(tmp_path, FILES, CONFIG)
    build(site, "--output", str(tmp_path / "one"))
    build(site, "--output", str(tmp_path / "two"))
    one, two = hashes(tmp_path / "one"), hashes(tmp_path / "two")
    assert [f for f in one if f.startswith("pagefind/")]
    assert one == two


WORDS = [a + b + c for a in ("ba", "ko", "mi", "tu", "re", "sa", "lo", "fe")
         for b in ("ran", "tel", "dox", "mip", "sun", "gal") for c in ("a", "o", "is", "um")]


def generated_site(tmp_path: Path, posts: int, resources: int) -> Path:
    files: dict[str, str | bytes] = {"content/authors/ms-a.md": "---\nname: Ms A\n---\nHi.\n"}
    for i in range(posts):
        body = " ".join(WORDS[(i * 7 + k * 13) % len(WORDS)] for k in range(120))
        files[f"content/posts/2024-01-01-post-{i:04d}.md"] = (
            f"---\ntitle: Post {i}\ntags: [t{i % 9}]\n---\n{body}.\n")
    subjects, levels = ("maths", "english", "science", "history"), ("KS1", "KS2", "KS3")
    for i in range(resources):
        body = " ".join(WORDS[(i * 11 + k * 5) % len(WORDS)] for k in range(150))
        files[f"content/resources/res-{i:04d}/index.md"] = (
            f"---\ntitle: Resource {i}\ndate: 2024-02-01\nsubjects: [{subjects[i % 4]}]\n"
            f"levels: [{levels[i % 3]}]\ntype: worksheet\n---\n{body}.\n")
    return make_site(tmp_path, files, CONFIG)


def test_search_index_is_chunked_and_loaded_lazily(tmp_path: Path) -> None:
    """On a few hundred pages the index is split into chunks, fetched per query: no single
    file holds the whole index."""
    site = generated_site(tmp_path, posts=200, resources=100)
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "sharesite", "build", "-C", str(site)],
                              capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("building 300 pages with search took over 120 s (hung?)")
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    folder = out(site) / "pagefind"
    sizes = {p.relative_to(folder).as_posix(): p.stat().st_size
             for p in folder.rglob("*") if p.is_file()}
    # The index is in shards (pagefind/ and pagefind/<n>/), each chunked.
    shard = re.compile(r"^(?:(\d+)/)?(index|fragment)/")
    chunks: dict[str, list[int]] = {}
    fragments = 0
    for name, size in sizes.items():
        if match := shard.match(name):
            if match.group(2) == "fragment":
                fragments += 1
            else:
                chunks.setdefault(match.group(1) or "0", []).append(size)
    print(f"\n300 pages: built in {seconds:.1f} s; pagefind/ {sum(sizes.values()) / 1024:.0f} "
          f"KB in {len(sizes)} files; {len(chunks)} shards, "
          f"{sum(len(c) for c in chunks.values())} index chunks, {fragments} fragments")
    assert fragments == 300
    listed = json.loads((folder / "shards.json").read_text())
    assert sorted(chunks) == sorted(["0", *(b.strip("/") for b in listed["bundles"])])
    assert len(chunks) >= 2
    # Indexing is a small part of a build: sharesite alone builds these pages in ~2 s.
    assert seconds < 20, f"building 300 pages with search took {seconds:.1f} s"
    for sizes_of_shard in chunks.values():  # a query loads one chunk of each shard
        assert len(sizes_of_shard) >= 2
        assert max(sizes_of_shard) < sum(sizes_of_shard) / 2
