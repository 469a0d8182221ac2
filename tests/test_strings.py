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
           ">Network<", ">Events<", ">Expertise<",
           # an event's days, times and repeat rule (site/events.py), an offer's format and
           # a school's phase
           "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
           "February", "April", "June", "July", "August", "September", "October",
           "November", "December", "am (", "pm (", "am to", "pm to", "Repeats", " until ",
           " times", "In person", ">Online<", " or online", ">Primary<", ">Secondary<",
           "Primary ·", "Secondary ·"]


def _interface(html: str) -> str:
    """The page without the words people wrote (posts' text, their titles and summaries)."""
    html = re.sub(r'<div class="prose">.*?</div>\n  </div>|<div class="prose[^"]*">.*?</div>', "",
                  html, flags=re.S)
    html = re.sub(r"<head>.*?</head>", "", html, flags=re.S)
    html = re.sub(r'(<h[1-6] class="(?:card|entry)__title">).*?(</h[1-6]>)', r"\1\2", html)
    html = re.sub(r'<p class="card__summary">.*?</p>', "", html, flags=re.S)
    # The site's own menu (site.toml) and the JSON the scripts are given (its keys).
    html = re.sub(r'<nav class="site-nav".*?</nav>', "", html, flags=re.S)
    # When an offer is, as its school wrote it ("one Thursday a month").
    html = re.sub(r"<dt>Pryd</dt><dd>(?!<time)[^<]*</dd>", "", html)
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


# --- Event times, feeds, credit lines, labels made in Python (issue 21, strings part 2) ---

WELSH_MONTHS = "Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|" \
    "Tachwedd|Rhagfyr"
WELSH_DAYS = "Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul"


def test_welsh_event_page_has_welsh_days_months_and_times(welsh_example: Path) -> None:
    """A series' page: its first date, its rule and its dates still to come, in Welsh
    (CLDR's day and month names, the 24-hour clock, the table's sentences)."""
    html = (welsh_example / "events" / "teachmeet" / "index.html").read_text(encoding="utf-8")
    assert ">Dydd Mawrth 19 Ionawr 2027, 16:00 tan 17:30 (GMT)</time>" in html
    assert "<br>Bob 12 wythnos, 3 gwaith</dd>" in html
    assert "<li>Dydd Mawrth 13 Ebrill 2027, 16:00 tan 17:30 (BST)</li>" in html
    listing = (welsh_example / "events" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<time datetime="[^"]+T[^"]+">Dydd ({WELSH_DAYS}) \d+ ({WELSH_MONTHS}) '
                     r'\d{4}, \d\d:\d\d tan \d\d:\d\d \((GMT|BST)\)</time>', listing)
    assert "Bob 12 wythnos, 3 gwaith" in listing
    # a peer's event (Oakfield's, from its events.json) too
    assert ">Dydd Mercher 3 Chwefror 2027, 09:00 tan 12:00 (GMT)</time>" in listing


def test_welsh_feed_entry_of_a_resource(welsh_example: Path) -> None:
    """A resource's entry says what it is in Welsh: its files, licence, facts and the
    credit line (as on its page and in resources.json)."""
    import json
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(welsh_example / "resources" / "feed.xml").getroot()
    entries = {e.findtext(f"{atom}title"): e.findtext(f"{atom}content") or ""
               for e in feed.iter(f"{atom}entry")}
    content = entries["Fraction wall mats"]
    credit = ("“Fraction wall mats” gan Adaeze Okafor, o Northfield Learning Partnership "
              "(https://northfield-learning.github.io/sharesite/resources/fraction-wall-mats/), "
              "dan y drwydded CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).")
    assert "<p>Lawrlwythiadau:</p>" in content
    assert "Trwydded: <a href=" in content and "Pynciau: <a href=" in content
    assert f"<p>Sut i'w gydnabod: {credit}</p>" in content
    for english in ("Downloads:", "Licence:", "Subjects:", "Levels:", "Type:", "To credit",
                    " by ", "licensed under", " bytes"):
        # (the facts before the resource's own text, which is as its author wrote it)
        assert all(english not in text.split("<hr>")[0] for text in entries.values()), english
    page = (welsh_example / "resources" / "fraction-wall-mats" / "index.html")
    assert credit in page.read_text(encoding="utf-8")
    catalogue = json.loads((welsh_example / "resources.json").read_text(encoding="utf-8"))
    assert credit in [r["credit"] for r in catalogue["resources"]]


def test_welsh_events_and_offers_feeds(welsh_example: Path) -> None:
    events = (welsh_example / "events" / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Wedi'i ganslo: " in events or "<title>Wedi&apos;i ganslo: " in events
    assert "Cancelled" not in events
    assert re.search(rf"<summary>Dydd ({WELSH_DAYS}) \d+ ({WELSH_MONTHS}) \d{{4}}, ", events)
    offers = (welsh_example / "expertise" / "feed.xml").read_text(encoding="utf-8")
    assert "Yn chwilio am " in offers and "Pryd: " in offers and "Wyneb yn wyneb" in offers
    assert all(word not in offers for word in ("Looking for", "When: ", "In person"))


def test_welsh_structured_data_speaks_welsh(welsh_example: Path) -> None:
    """JSON-LD breadcrumbs and offers' names are in the page's language."""
    resource = (welsh_example / "resources" / "fraction-wall-mats" / "index.html")
    html = resource.read_text(encoding="utf-8")
    assert '"name": "Llyfrgell adnoddau"' in html and '"name": "Pwnc: maths"' in html
    directory = (welsh_example / "expertise" / "index.html").read_text(encoding="utf-8")
    assert '"name": "Arbenigedd"' in directory and '"name": "Expertise"' not in directory
    assert "Looking for" not in directory and '"name": "In person' not in directory
    school = next((welsh_example / "schools").glob("*/index.html")).read_text(encoding="utf-8")
    assert '"name": "Ysgolion"' in school


def test_english_event_times_as_before() -> None:
    from zoneinfo import ZoneInfo

    from sharesite.site.events import written_repeat, written_when

    tz = ZoneInfo("Europe/London")
    start = dt.datetime(2027, 2, 15, 9, 0, tzinfo=tz)
    assert written_when(start, start.replace(hour=15, minute=30), False) == \
        "Monday 15 February 2027, 9:00am to 3:30pm (GMT)"
    assert written_when(dt.date(2027, 2, 15), dt.date(2027, 2, 17), True) == \
        "Monday 15 February 2027 to Tuesday 16 February 2027"
    assert written_when(start, dt.datetime(2027, 2, 16, 0, 30, tzinfo=tz), False) == \
        "Monday 15 February 2027, 9:00am to Tuesday 16 February 2027, 12:30am (GMT)"
    assert written_when(dt.datetime(2027, 3, 27, 12, 0, tzinfo=tz),
                        dt.datetime(2027, 3, 28, 12, 0, tzinfo=tz), False) == \
        "Saturday 27 March 2027, 12:00pm (GMT) to Sunday 28 March 2027, 12:00pm (BST)"
    assert written_repeat("FREQ=WEEKLY;INTERVAL=6;UNTIL=20270720T220000Z", tz) == \
        "Every 6 weeks until Tuesday 20 July 2027"
    assert written_repeat("FREQ=WEEKLY;COUNT=5", tz) == "Every week, 5 times"
    assert written_repeat("FREQ=MONTHLY;BYDAY=1TU", tz) == "Repeats (FREQ=MONTHLY;BYDAY=1TU)"
    english = load_strings("en-GB")
    assert written_when(start, start.replace(hour=15, minute=30), False, english) == \
        "Monday 15 February 2027, 9:00am to 3:30pm (GMT)"


@pytest.mark.parametrize(("count", "every", "times"), [
    (0, "Bob 0 wythnos", "dim un waith"), (1, "Bob wythnos", "unwaith"),
    (2, "Bob pythefnos", "dwywaith"), (3, "Bob 3 wythnos", "3 gwaith"),
    (6, "Bob 6 wythnos", "6 gwaith"), (7, "Bob 7 wythnos", "7 gwaith")])
def test_welsh_repeat_rules(count: int, every: str, times: str) -> None:
    strings = load_strings("cy")
    assert strings.text("when.weekly", count=count) == every
    assert strings.text("when.count", count=count) == times


def test_welsh_event_times() -> None:
    from zoneinfo import ZoneInfo

    from sharesite.site.events import written_repeat, written_when

    cy = load_strings("cy")
    tz = ZoneInfo("Europe/London")
    start = dt.datetime(2027, 1, 19, 16, 0, tzinfo=tz)
    assert written_when(start, start.replace(hour=17, minute=30), False, cy) == \
        "Dydd Mawrth 19 Ionawr 2027, 16:00 tan 17:30 (GMT)"
    assert written_when(dt.date(2027, 2, 15), dt.date(2027, 2, 17), True, cy) == \
        "Dydd Llun 15 Chwefror 2027 \u2013 Dydd Mawrth 16 Chwefror 2027"
    assert written_repeat("FREQ=WEEKLY;INTERVAL=2;UNTIL=20270720T220000Z", tz, cy) == \
        "Bob pythefnos tan 20 Gorffennaf 2027"
    assert written_repeat("FREQ=DAILY;COUNT=2", tz, cy) == "Bob dydd, dwywaith"


def test_keys_chosen_in_python_are_in_every_table() -> None:
    """Keys the code and templates choose by a value (a phase, a format, a rule's unit,
    a size's unit): in every bundled table, so no page loses its words."""
    from sharesite.content.document import OFFER_FORMATS, SCHOOL_PHASES
    from sharesite.render.metadata import FORMAT_KEYS

    keys = {f"phase.{p}" for p in SCHOOL_PHASES} | set(FORMAT_KEYS.values()) | \
        {f"when.{u}" for u in ("daily", "weekly", "monthly", "yearly")} | \
        {f"sizes.{u}" for u in ("bytes", "KB", "MB", "GB")} | \
        {f"dates.{p}" for p in ("day", "until", "time_am", "time_pm")}
    assert set(FORMAT_KEYS) == set(OFFER_FORMATS)
    for path in sorted(BUNDLED.glob("*.toml")):
        assert keys <= read_table(path).keys(), path.name
    assert check_strings([builtin_theme_dir()]) == []


def test_welsh_labels_of_schools_offers_and_episodes(welsh_example: Path) -> None:
    schools = (welsh_example / "schools" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="card__meta">(Cynradd|Uwchradd|Pob oed)', schools)
    directory = (welsh_example / "expertise" / "index.html").read_text(encoding="utf-8")
    assert "<dd>Wyneb yn wyneb</dd>" in directory and "<dd>Cynradd</dd>" in directory
    episodes = [p.read_text(encoding="utf-8") for p in welsh_example.rglob("index.html")]
    files = [re.search(r'<p class="episode__file">.*?</p>', html) for html in episodes]
    assert any(found and re.search(r"\(\d+(\.\d)? (KB|MB)\)", found.group(0)) for found in files)
