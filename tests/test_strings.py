"""Interface strings from tables (issue 21): a Welsh site's interface is Welsh on every
kind of page (the golden site's and the example site's), the scripts' words included, the
tables are checked (keys, Welsh plural forms, keys templates and scripts use), dates and
file sizes come from Babel. The English site staying byte for byte as it was is
test_golden's work."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from support import GOLDEN_CONFIG, golden_files, make_site

from sharesite.build import BuildOptions, build
from sharesite.render.strings import BUNDLED, check_strings, load_strings, read_table
from sharesite.render.theme import builtin_theme_dir

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
WELSH_CONFIG = GOLDEN_CONFIG.replace('language = "en-GB"', 'language = "cy"')
# The English interface words the default theme had on these pages: none may be left.
ENGLISH = ["Skip to main content", ">Menu<", "Search posts and resources", ">Search<",
           "Atom feed", "RSS feed", "Made with sharesite", "unless marked otherwise",
           "all rights reserved", "Latest posts", "New in the library", "Browse all resources",
           "Newer post", "Older post", "min read", "Updated ", "Show only", "Everything",
           "Show more results", "Or browse", "Search needs JavaScript", "Resource library",
           "Showing", "Browse by", "Filter resources", "Clear filters", "Show results",
           "Page 1 of", ">Subjects<", ">Levels<", ">Type<", ">Downloads<", ">Licence<",
           "No files to download", " files:", "By <", "made by teachers here",
           'aria-label="Main"', 'aria-label="Feeds"', 'aria-label="Site"',
           'aria-label="Pagination"', "January", "March",
           # every other kind of page (the example site has one of each); not "Tag",
           # "Cost": Welsh words too
           "newest first", "Follow ", "Subscribe", "Download the recording", ">Transcript<",
           ">Listen<", ">Chapters<", "How to credit", ">Credits<", "Adapted from",
           "Adapted by others", "Shared by", "Online at", "Coming up", "Tagged", "Every ",
           "See the", "See every", "Nothing here", "Offers and requests", "Looking for",
           "reviewed ", "To get in touch", ">When<", ">Where<", ">Phase<", ">Region<",
           ">Format<", ">Cancelled", "Past events", ">Podcast<", "Episode ", "An episode of",
           "Page not found", "Withdrawn on", ">Subject<", ">Level<", ">School<",
           ">Duration<", "Copy<", "the credit line", "Elsewhere", "Posts and resources",
           "organises", "Local authority", ">Website<", "Getting in touch", "What we offer",
           "What we are looking for", ">People<", "Up to date", "As of ", "Not fetched",
           "Its feed", "Its site", "Schools in the network", "from the network", "Office:",
           "Mailbox:", "enquiry form", "contact page", "Book a place", "No need to book",
           "Add to calendar", ">Places<", ">Booking<", ">For<", "Organised by", "Join online",
           "Find it on a map", "This event is over", "Calendar file", "New events",
           "Any podcast app", ">Episodes<", "No episodes", "Read the transcript",
           "The transcript as a file", " long.", "Everything published", "Every topic",
           "The teachers who", "Nothing has been", "No author profiles", " items<", " item<",
           ">Kind of offer<", ">Area<", "Offered<", "Looking for help", "Browse by area",
           "offer or request", "offers and requests", "Redirecting", "This page has moved",
           "Its new address", "Resource:", ">Resource<", ">Draft<", "Resource withdrawn",
           " resources<", " resource<", "Teaching resources", "Filter offers", "By <",
           'data-scope="on this page"', ">Schools<", ">Tags<", ">Authors<", ">Archive<",
           ">Network<", ">Events<", ">Expertise<"]


def _interface(html: str) -> str:
    """The page without the words people wrote (posts' text, their titles and summaries)."""
    html = re.sub(r'<div class="prose">.*?</div>\n  </div>|<div class="prose[^"]*">.*?</div>', "",
                  html, flags=re.S)
    html = re.sub(r"<head>.*?</head>", "", html, flags=re.S)
    html = re.sub(r'(<h[1-6] class="(?:card|entry)__title">).*?(</h[1-6]>)', r"\1\2", html)
    html = re.sub(r'<p class="card__summary">.*?</p>', "", html, flags=re.S)
    # The site's own menu (site.toml) and the JSON the scripts are given (its keys).
    html = re.sub(r'<nav class="site-nav".*?</nav>', "", html, flags=re.S)
    # An event's time and repeat rule are written in English by site/events.py
    # (written_when, repeat_text): not the theme's strings; left to its own change.
    html = re.sub(r'<time datetime="[^"]*T[^"]*">[^<]*</time>|<span class="event-card__repeat">'
                  r'[^<]*</span>|<br>Every [^<]*', "", html)
    html = re.sub(r'<section class="event__dates".*?</section>', "", html, flags=re.S)
    # A podcast's description and its episodes' summaries (site.toml, front matter).
    html = re.sub(r'(</h1>\s*)<p>.*?</p>', r"\1", html, flags=re.S)
    html = re.sub(r'(<p class="entry__meta">.*?</p>\s*)<p>[^<]*</p>', r"\1", html, flags=re.S)
    return re.sub(r'<script type="application/json" id="ss-strings">.*?</script>', "", html)


@pytest.fixture(scope="module")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("cy")
    files = golden_files()
    site = make_site(tmp, files, WELSH_CONFIG)
    result = build(site, BuildOptions(output=tmp / "out", now=NOW))
    assert result.ok, "\n".join(str(d) for d in result.diagnostics)
    return tmp / "out"


@pytest.fixture(scope="module")
def welsh_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site (content/ at the repository's root, its peers in examples/) in
    Welsh: it has a page of every kind (events, the directory, the network, a podcast)."""
    tmp = tmp_path_factory.mktemp("cy-example")
    repo = Path(__file__).resolve().parent.parent
    for folder in ("content", "examples"):
        shutil.copytree(repo / folder, tmp / folder)
    config = (repo / "site.toml").read_text(encoding="utf-8")
    assert 'language = "en-GB"' in config
    (tmp / "site.toml").write_text(config.replace('language = "en-GB"', 'language = "cy"'),
                                   encoding="utf-8")
    result = build(tmp, BuildOptions(output=tmp / "out", now=NOW))
    assert result.ok, "\n".join(str(d) for d in result.diagnostics)
    return tmp / "out"


def test_bundled_tables_pass_the_check() -> None:
    assert check_strings([builtin_theme_dir()]) == []


def test_welsh_interface_has_no_english_left(welsh: Path) -> None:
    posts = sorted(p for p in (welsh / "posts").glob("*/index.html"))
    pages = {"home": welsh / "index.html", "post": posts[0],
             "search": welsh / "search" / "index.html",
             "library": welsh / "resources" / "index.html"}
    for name, path in pages.items():
        html = path.read_text(encoding="utf-8")
        assert '<html lang="cy">' in html, name
        left = [word for word in ENGLISH if word in _interface(html)]
        assert left == [], f"{name}: English left: {left}"
    home = pages["home"].read_text(encoding="utf-8")
    assert "Neidio i&#39;r prif gynnwys" in home or "Neidio i'r prif gynnwys" in home
    assert "Gwnaed gyda sharesite" in home
    assert "Chwilio" in pages["search"].read_text(encoding="utf-8")
    assert "Llyfrgell adnoddau" in pages["library"].read_text(encoding="utf-8")


def test_every_welsh_page_has_no_english_interface_left(welsh: Path,
                                                        welsh_example: Path) -> None:
    """Every page of both sites: the words people wrote (content, site.toml's menu, the
    vocabulary: maths, KS2) stay as written; none of the theme's may be English."""
    kinds: set[str] = set()
    for out in (welsh, welsh_example):
        for path in sorted(out.rglob("*.html")):
            html = path.read_text(encoding="utf-8")
            kinds.update(re.findall(r'<(?:article|main|div) class="([a-z-]+)', html))
            left = [word for word in ENGLISH if word in _interface(html)]
            assert left == [], f"{path.relative_to(out)}: English left: {left}"
    assert {"entry", "profile", "not-found"} <= kinds
    for page in ("events/index.html", "expertise/index.html", "network/index.html",
                 "schools/index.html", "podcasts/staffroom/index.html", "archive/index.html",
                 "tags/index.html", "authors/index.html", "404.html"):
        assert (welsh_example / page).is_file(), page


def test_scripts_are_given_their_welsh_words(welsh_example: Path) -> None:
    """A Welsh page that loads a script gives it its words as JSON (#ss-strings); the
    English pages do not (test_golden: their bytes are as before)."""
    import json

    for page in ("search/index.html", "resources/index.html", "expertise/index.html"):
        html = (welsh_example / page).read_text(encoding="utf-8")
        found = re.search(r'<script type="application/json" id="ss-strings">(.*?)</script>',
                          html)
        assert found, page
        table = json.loads(found.group(1))
        assert table["search.loading"] == "Yn llwytho'r chwilio…"
        assert table["search.results"]["few"] == "{count} chanlyniad ar gyfer “{query}”"
        assert table["library.chosen"]["two"] == "(2 wedi'u dewis)"


def test_check_fails_on_a_script_key_no_table_has(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "static").mkdir(parents=True)
    (theme / "static" / "extra.js").write_text('say(t("search.loading"));\n'
                                               'say(t("search.no_such_key"));\n',
                                               encoding="utf-8")
    problems = check_strings([theme])
    assert len(problems) == 1 and "extra.js:2: t('js.search.no_such_key')" in problems[0]


def test_every_script_key_is_in_the_tables() -> None:
    """The scripts' own English is the table's (the tables are what a translator edits)."""
    english = read_table(BUNDLED / "en.toml")
    static = builtin_theme_dir() / "static"
    for script in ("search.js", "library.js", "credit.js"):
        text = (static / script).read_text(encoding="utf-8")
        for key in re.findall(r'\bt\("([a-z_.]+)"', text):
            assert f"js.{key}" in english, (script, key)


@pytest.mark.parametrize(("count", "expected"), [
    (0, "Dim canlyniadau ar gyfer “ffracsiynau”"),
    (1, "1 canlyniad ar gyfer “ffracsiynau”"), (2, "2 ganlyniad ar gyfer “ffracsiynau”"),
    (3, "3 chanlyniad ar gyfer “ffracsiynau”"), (6, "6 chanlyniad ar gyfer “ffracsiynau”"),
    (7, "7 canlyniad ar gyfer “ffracsiynau”")])
def test_welsh_search_status_plural_forms(count: int, expected: str) -> None:
    text = load_strings("cy").text("js.search.results", count=count, query="ffracsiynau")
    assert text == expected


def _tagged_site(tmp_path: Path, counts: dict[str, int]) -> Path:
    """A Welsh site whose tag `tagN` is on N posts, built."""
    files: dict[str, str | bytes] = {"content/authors/ms-a.md": "---\nname: Ms A\n---\n"}
    number = 0
    for tag, count in counts.items():
        for _ in range(count):
            number += 1
            files[f"content/posts/2024-01-{number:02d}-post-{number}.md"] = (
                f"---\ntitle: Post {number}\ntags: [{tag}]\n---\nText.\n")
    site = make_site(tmp_path, files, WELSH_CONFIG)
    result = build(site, BuildOptions(output=tmp_path / "out", now=NOW))
    assert result.ok, "\n".join(str(d) for d in result.diagnostics)
    return tmp_path / "out"


def test_welsh_plural_forms_in_built_tag_pages(tmp_path: Path) -> None:
    """A tag page's count, for 1, 2, 3, 6 and 7 posts (a tag has at least one: 0 is the
    search's and the library's status, above and in test_welsh_plural_forms)."""
    out = _tagged_site(tmp_path, {"un": 1, "dau": 2, "tri": 3, "chwech": 6, "saith": 7})
    expected = {"un": "1 postiad neu adnodd.",
                "dau": "2 bostiad neu adnodd, y mwyaf newydd yn gyntaf.",
                "tri": "3 phostiad neu adnodd, y mwyaf newydd yn gyntaf.",
                "chwech": "6 phostiad neu adnodd, y mwyaf newydd yn gyntaf.",
                "saith": "7 postiad neu adnodd, y mwyaf newydd yn gyntaf."}
    for tag, sentence in expected.items():
        html = (out / "tags" / tag / "index.html").read_text(encoding="utf-8")
        assert f"<p>{sentence}</p>" in html, tag
    tags = (out / "tags" / "index.html").read_text(encoding="utf-8")
    assert '<span class="visually-hidden">eitem</span>' in tags


def test_file_sizes_through_babel() -> None:
    from sharesite.render.context import human_size

    english = load_strings("en-GB")
    for size in (0, 512, 1023, 1024, 1536, 10 * 1024, 5 * 1024 * 1024 + 1, 3 * 1024 ** 3):
        assert english.format_size(size) == human_size(size), size
    assert load_strings("cy").format_size(512) == "512 beit"
    assert load_strings("de").format_size(1536) == "1,5 KB"


def test_python_headings_speak_the_language(welsh_example: Path) -> None:
    """Headings and filter names made in Python (render/pages.py, library.py)."""
    library = (welsh_example / "resources" / "index.html").read_text(encoding="utf-8")
    assert '<legend class="filters__legend">Pwnc</legend>' in library
    assert "<title>Llyfrgell adnoddau" in library
    maths = (welsh_example / "resources" / "subjects" / "maths" / "index.html")
    assert "Pwnc: maths" in maths.read_text(encoding="utf-8")


def test_welsh_dates_come_from_cldr(welsh: Path) -> None:
    strings = load_strings("cy")
    assert strings.format_date(dt.date(2026, 11, 22)) == "22 Tachwedd 2026"
    assert strings.format_date(dt.datetime(2026, 3, 1, 9, 0)) == "1 Mawrth 2026"
    html = (welsh / "index.html").read_text(encoding="utf-8")
    months = "Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|" \
        "Tachwedd|Rhagfyr"
    assert re.search(rf'<time datetime="[^"]+">\d+ ({months}) \d{{4}}</time>', html)


def test_english_dates_as_before() -> None:
    strings = load_strings("en-GB")
    assert strings.format_date(dt.date(2020, 6, 26)) == "26 June 2020"
    assert strings.format_date(dt.date(2024, 1, 5)) == "5 January 2024"


@pytest.mark.parametrize(("count", "expected"), [
    (0, "Dim adnoddau i'w dangos"), (1, "Yn dangos yr unig adnodd"),
    (2, "Yn dangos y ddau adnodd"), (3, "Yn dangos y 3 adnodd"),
    (6, "Yn dangos y 6 adnodd"), (7, "Yn dangos pob un o'r 7 adnodd")])
def test_welsh_plural_forms(count: int, expected: str) -> None:
    assert str(load_strings("cy").t("library.showing", count=count)) == expected


def test_english_plural_forms() -> None:
    strings = load_strings("en-GB")
    assert str(strings.t("card.files", count=1)) == "1 file"
    assert [str(strings.t("card.files", count=n)) for n in (0, 2, 7)] == \
        ["0 files", "2 files", "7 files"]


def test_welsh_plural_in_a_built_page(welsh: Path) -> None:
    html = (welsh / "resources" / "index.html").read_text(encoding="utf-8")
    count = len(re.findall(r"<li data-resource", html))
    expected = str(load_strings("cy").t("library.showing", count=count))
    assert expected.replace("'", "&#39;") in html or expected in html


def _copy_tables(tmp_path: Path) -> Path:
    tables = tmp_path / "tables"
    shutil.copytree(BUNDLED, tables)
    return tables


def test_check_fails_on_a_missing_key(tmp_path: Path) -> None:
    tables = _copy_tables(tmp_path)
    cy = tables / "cy.toml"
    cy.write_text(cy.read_text(encoding="utf-8").replace('menu = "Dewislen"\n', ""),
                  encoding="utf-8")
    problems = check_strings([builtin_theme_dir()], bundled=tables)
    assert problems and "cy.toml:0: header.menu is missing" in problems[0]


def test_check_fails_on_a_missing_welsh_plural_form(tmp_path: Path) -> None:
    tables = _copy_tables(tmp_path)
    cy = tables / "cy.toml"
    text = cy.read_text(encoding="utf-8")
    assert 'few = "Yn dangos y {count} adnodd"\n' in text
    cy.write_text(text.replace('few = "Yn dangos y {count} adnodd"\n', ""), encoding="utf-8")
    problems = check_strings([builtin_theme_dir()], bundled=tables)
    assert any("library.showing lacks the plural form(s) few" in p for p in problems), problems


def test_check_and_build_fail_on_an_unknown_key(tmp_path: Path) -> None:
    files = golden_files()
    files["themes/mine/templates/page.html"] = """\
        {% extends "default/page.html" %}
        {% block main %}<p>{{ t("no.such.key") }}</p>{% endblock %}
        """
    site = make_site(tmp_path, files, 'theme = "mine"\n' + GOLDEN_CONFIG)
    problems = check_strings([site / "themes" / "mine", builtin_theme_dir()])
    assert len(problems) == 1 and "page.html:2: t('no.such.key')" in problems[0]
    result = build(site, BuildOptions(output=tmp_path / "out", now=NOW))
    assert not result.ok


def test_a_site_overrides_a_string(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"strings/cy.toml": '[footer]\ncredit = "Gwefan yr ysgol"\n'},
                     WELSH_CONFIG)
    assert str(load_strings("cy", site).t("footer.credit")) == "Gwefan yr ysgol"
    assert str(load_strings("cy", site).t("header.menu")) == "Dewislen"


def test_an_edited_override_rebuilds_every_page(tmp_path: Path) -> None:
    """The site's own tables are settings: a later build with the build cache (as the
    command line keeps it) shows the new words, with nothing else changed."""
    from support import build as build_cli
    from support import out, read

    site = make_site(tmp_path, {**golden_files(),
                                "strings/cy.toml": '[header]\nmenu = "Dewislen un"\n'},
                     WELSH_CONFIG)
    build_cli(site)
    assert "Dewislen un" in read(site, "index.html")
    (site / "strings/cy.toml").write_text('[header]\nmenu = "Dewislen dau"\n',
                                          encoding="utf-8")
    import os
    import time
    later = time.time_ns() - 10_000_000_000  # older than "too new to trust"
    os.utime(site / "strings/cy.toml", ns=(later, later))
    build_cli(site)
    assert "Dewislen dau" in read(site, "index.html")
    assert "Dewislen un" not in (out(site) / "index.html").read_text(encoding="utf-8")


def test_welsh_table_is_marked_unreviewed() -> None:
    assert "reviewed = false" in (BUNDLED / "cy.toml").read_text(encoding="utf-8")
    assert read_table(BUNDLED / "cy.toml").keys() == read_table(BUNDLED / "en.toml").keys()
