"""Interface strings from tables (issue 21, first slice): a Welsh site's interface is Welsh,
the tables are checked (keys, Welsh plural forms, keys templates use), dates come from
Babel. The English site staying byte for byte as it was is test_golden's work."""

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
           'aria-label="Pagination"', "January", "March"]


def _interface(html: str) -> str:
    """The page without the words people wrote (posts' text, their titles and summaries)."""
    html = re.sub(r'<div class="prose">.*?</div>\n  </div>|<div class="prose">.*?</div>', "",
                  html, flags=re.S)
    html = re.sub(r"<head>.*?</head>", "", html, flags=re.S)
    html = re.sub(r'(<h[1-6] class="(?:card|entry)__title">).*?(</h[1-6]>)', r"\1\2", html)
    html = re.sub(r'<p class="card__summary">.*?</p>', "", html, flags=re.S)
    # The facets' labels (Subject, Type, Licence…) are the site's vocabulary, made in
    # Python (render/library.py): translated by the vocabulary slice of issue 21, not here.
    return re.sub(r'<(legend|h3) class="(filters__legend|browse__group-title)">.*?</\1>', "",
                  html)


@pytest.fixture(scope="module")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("cy")
    files = golden_files()
    site = make_site(tmp, files, WELSH_CONFIG)
    result = build(site, BuildOptions(output=tmp / "out", now=NOW))
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
