"""A site in two languages (issue 21): Welsh at the root, English under /en/, on a project
site's sub-path. Every page says its language; its versions in the other language are
linked both ways (hreflang, the sitemap, the switch), page to page; an item not translated
is shown in the other language's lists, labelled; `held` keeps it back and `required`
refuses it; feeds, the catalogue and search are per language. A site in one language is
made as before: test_golden."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from support import build, make_site, out

BASE = "https://cwm.example/ysgol/"
CONFIG = f"""\
title = "Ysgol y Cwm"
base_url = "{BASE}"
description = "Blog a llyfrgell adnoddau Ysgol y Cwm"
languages = ["cy", "en-GB"]
timezone = "Europe/London"
{{policy}}

[lang.en-GB]
title = "Cwm School"
description = "Cwm School's blog and resource library"

[lang.cy.labels]
maths = "Mathemateg"
"""

FILES: dict[str, str | bytes] = {
    "content/posts/2026-11-20-taith/index.cy.md": """\
        ---
        title: Taith i'r amgueddfa
        tags: [hanes]
        ---
        Aethon ni i'r amgueddfa ddydd Gwener.
        """,
    "content/posts/2026-11-20-taith/index.en.md": """\
        ---
        title: A trip to the museum
        slug: museum-trip
        tags: [history]
        ---
        We went to the museum on Friday.
        """,
    "content/posts/2026-11-22-only-english.en.md": """\
        ---
        title: Only in English
        ---
        This post has no Welsh version yet.
        """,
    "content/posts/2026-11-23-cymraeg.md": """\
        ---
        title: Dim ond yn Gymraeg
        ---
        Does dim fersiwn Saesneg o'r postiad hwn.
        """,
    "content/resources/2026-11-01-ffracsiynau.cy.md": """\
        ---
        title: Ffracsiynau
        subjects: [maths]
        levels: [KS2]
        type: worksheet
        ---
        Taflen waith ar ffracsiynau.
        """,
    "content/resources/2026-11-01-fractions.md": """\
        ---
        title: Fractions
        lang: en-GB
        subjects: [maths]
        levels: [KS2]
        type: worksheet
        translation_of: 2026-11-01-ffracsiynau.cy.md
        ---
        A worksheet on fractions.
        """,
    "content/pages/amdanom.cy.md": """\
        ---
        title: Amdanom ni
        menu: 1
        ---
        Ysgol gynradd yn y cwm.
        """,
    "content/pages/about.en.md": """\
        ---
        title: About us
        menu: 1
        translation_of: pages/amdanom.cy.md
        ---
        A primary school in the valley.
        """,
}


def _site(tmp_path: Path, policy: str = "", files: dict[str, str | bytes] | None = None
          ) -> Path:
    return make_site(tmp_path, files if files is not None else FILES,
                     CONFIG.replace("{policy}", policy))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = _site(tmp_path_factory.mktemp("bilingual"))
    build(site)
    return out(site)


def _pages(output: Path) -> dict[str, str]:
    return {p.relative_to(output).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(output.rglob("*.html"))}


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def _file_of(url: str, output: Path) -> Path:
    path = urlsplit(url).path
    assert path.startswith("/ysgol/"), url
    rel = path[len("/ysgol/"):]
    return output / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def test_each_language_is_published_in_its_place(built: Path) -> None:
    assert (built / "posts/taith/index.html").is_file()
    assert (built / "en/posts/museum-trip/index.html").is_file()  # its own slug
    assert (built / "resources/ffracsiynau/index.html").is_file()
    assert (built / "en/resources/fractions/index.html").is_file()
    assert (built / "amdanom/index.html").is_file() and (built / "en/about/index.html").is_file()
    # the site's 404 page and its files for machines are the site's, once
    assert (built / "404.html").is_file() and not (built / "en/404.html").exists()
    assert not (built / "en/network.json").exists()
    assert "Cwm School" in (built / "en/index.html").read_text()
    assert "<title>Ysgol y Cwm</title>" in (built / "index.html").read_text()


def test_every_page_says_its_language(built: Path) -> None:
    pages = _pages(built)
    assert len(pages) > 20
    for rel, html in pages.items():
        lang = "en-GB" if rel.startswith("en/") else "cy"
        assert f'<html lang="{lang}">' in html, rel


def test_alternates_are_reciprocal_and_resolve(built: Path) -> None:
    pages = _pages(built)
    linked = 0
    for rel, html in pages.items():
        alternates = _alternates(html)
        if not alternates:
            continue
        linked += 1
        here = BASE + rel.removesuffix("index.html")
        assert alternates["cy" if not rel.startswith("en/") else "en-GB"] == here, rel
        assert alternates["x-default"] == alternates["cy"], rel
        for lang, url in alternates.items():
            target = _file_of(url, built)
            assert target.is_file(), (rel, url)
            back = _alternates(target.read_text(encoding="utf-8"))
            assert back.get("cy" if not rel.startswith("en/") else "en-GB") == here, \
                (rel, lang, url)
    assert linked >= 12  # home, lists, the translated post, resource and page…
    post = _alternates(pages["posts/taith/index.html"])
    assert post == {"cy": BASE + "posts/taith/", "en-GB": BASE + "en/posts/museum-trip/",
                    "x-default": BASE + "posts/taith/"}
    page = _alternates(pages["en/about/index.html"])
    assert page["cy"] == BASE + "amdanom/"


def test_the_switch_links_page_to_page(built: Path) -> None:
    pages = _pages(built)

    def switch(rel: str) -> list[tuple[str, str, str]]:
        nav = re.search(r'<nav class="language-switch".*?</nav>', pages[rel], re.S)
        assert nav is not None, rel
        return re.findall(r'<a href="([^"]+)" hreflang="([^"]+)" lang="[^"]+">([^<]+)</a>',
                          nav.group(0))

    assert switch("posts/taith/index.html") == [("/ysgol/en/posts/museum-trip/", "en-GB",
                                                 "English")]
    assert switch("en/posts/museum-trip/index.html") == [("/ysgol/posts/taith/", "cy",
                                                          "Cymraeg")]
    assert switch("en/resources/fractions/index.html")[0][0] == "/ysgol/resources/ffracsiynau/"
    assert switch("index.html")[0][0] == "/ysgol/en/"
    assert switch("en/archive/index.html")[0][0] == "/ysgol/archive/"
    # a tag the other language does not have: the nearest page above it, not the home page
    assert switch("tags/hanes/index.html")[0][0] == "/ysgol/en/tags/"
    for rel, html in pages.items():  # every switch leads to a page that is there
        for href in re.findall(r'<nav class="language-switch".*?</nav>', html, re.S):
            for link in re.findall(r'href="([^"]+)"', href):
                assert _file_of(link, built).is_file(), (rel, link)


def test_an_untranslated_item_is_shown_labelled_in_the_other_language(built: Path) -> None:
    page = (built / "posts/only-english/index.html").read_text()
    assert '<html lang="cy">' in page  # the interface is Welsh
    assert '<p class="language-only notice" lang="en-GB">English only</p>' in page
    # its address for search engines is its own language's
    assert f'<link rel="canonical" href="{BASE}en/posts/only-english/">' in page
    assert "hreflang" not in page.split("</head>")[0]
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page,
                                re.S).group(1))  # type: ignore[union-attr]
    assert data["inLanguage"] == "en-GB"  # what it is written in, on a Welsh page
    welsh_only = (built / "en/posts/cymraeg/index.html").read_text()
    assert '<p class="language-only notice" lang="cy">Cymraeg yn unig</p>' in welsh_only
    # in the other language's lists, with its label and its language on it
    home = (built / "index.html").read_text()
    card = re.search(r"<article class=\"card card--other-language\">.*?</article>", home, re.S)
    assert card is not None
    assert '<h3 class="card__title" lang="en-GB">' in card.group(0)
    assert "Only in English" in card.group(0)
    assert '<span class="badge badge--language" lang="en-GB">English only</span>' in \
        card.group(0)
    assert '<p class="card__summary" lang="en-GB">' in card.group(0)
    assert '<div class="prose" lang="en-GB">' in page
    archive = (built / "archive/index.html").read_text()
    assert '<a href="/ysgol/posts/only-english/" lang="en-GB">Only in English</a> <span ' \
        'class="badge badge--language" lang="en-GB">English only</span>' in archive
    # not searched in the language it is not written in
    assert "posts/only-english" not in _searched(built)
    assert "en/posts/only-english" in _searched(built / "en")


def _searched(output: Path) -> str:
    """The search records' text: which pages a language's index has."""
    found = ""
    for shard in sorted((output / "pagefind").rglob("*.pf_fragment")):
        import gzip

        found += gzip.decompress(shard.read_bytes()).decode("utf-8", "replace")
    return found


def test_search_is_per_language(built: Path) -> None:
    welsh = json.loads((built / "pagefind/pagefind-entry.json").read_text())
    english = json.loads((built / "en/pagefind/pagefind-entry.json").read_text())
    assert set(welsh["languages"]) == {"cy"}
    assert set(english["languages"]) == {"en"}
    assert "taith" in _searched(built) and "museum-trip" not in _searched(built)
    assert "museum-trip" in _searched(built / "en")


def test_feeds_are_per_language(built: Path) -> None:
    for rel, lang, title in (("feed.xml", "cy", "Taith i'r amgueddfa"),
                             ("en/feed.xml", "en-GB", "A trip to the museum")):
        feed = feedparser.parse((built / rel).read_bytes())
        assert not feed.bozo, rel
        assert feed.feed.language == lang
        assert title in [e.title for e in feed.entries]
    # an item not translated says its own language in the other language's feed
    welsh = feedparser.parse((built / "feed.xml").read_bytes())
    only = next(e for e in welsh.entries if e.title == "Only in English")
    assert only.title_detail.language == "en-GB"
    assert next(e for e in welsh.entries if e.title == "Dim ond yn Gymraeg"
                ).title_detail.language == "cy"
    rss = feedparser.parse((built / "en/rss.xml").read_bytes())
    assert rss.feed.language == "en-GB"
    tag = feedparser.parse((built / "en/tags/history/feed.xml").read_bytes())
    assert tag.feed.language == "en-GB" and len(tag.entries) == 1
    facet = feedparser.parse((built / "resources/subjects/maths/feed.xml").read_bytes())
    assert facet.feed.language == "cy" and [e.title for e in facet.entries] == ["Ffracsiynau"]


def test_the_catalogue_says_each_resource_s_language(built: Path) -> None:
    welsh = json.loads((built / "resources.json").read_text())["resources"]
    english = json.loads((built / "en/resources.json").read_text())["resources"]
    assert [(r["title"], r["inLanguage"]) for r in welsh] == [("Ffracsiynau", "cy")]
    assert welsh[0]["translations"] == [{"inLanguage": "en-GB",
                                         "url": BASE + "en/resources/fractions/"}]
    assert english[0]["translations"] == [{"inLanguage": "cy",
                                           "url": BASE + "resources/ffracsiynau/"}]


def test_the_vocabulary_has_labels_per_language(built: Path) -> None:
    assert ">Mathemateg <" in (built / "resources/index.html").read_text()
    assert "Mathemateg" not in (built / "en/resources/index.html").read_text()


def test_the_sitemaps_link_the_languages(built: Path) -> None:
    welsh = (built / "sitemap.xml").read_text()
    english = (built / "en/sitemap.xml").read_text()
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in welsh
    entry = re.search(r"<url><loc>" + re.escape(BASE + "posts/taith/") + "</loc>.*?</url>",
                      welsh)
    assert entry is not None
    assert f'hreflang="en-GB" href="{BASE}en/posts/museum-trip/"' in entry.group(0)
    assert f'hreflang="x-default" href="{BASE}posts/taith/"' in entry.group(0)
    # each language's sitemap lists its own pages, not the others' copies
    assert BASE + "en/" not in re.sub(r"<xhtml:link[^>]*>", "", welsh)
    assert "posts/only-english/</loc>" not in welsh
    assert f"<loc>{BASE}en/posts/only-english/</loc>" in english


def test_held_items_wait_for_every_language(tmp_path: Path) -> None:
    site = _site(tmp_path, 'translations = "held"')
    result = build(site)
    assert not (out(site) / "posts/only-english").exists()
    assert not (out(site) / "en/posts/only-english").exists()
    assert not (out(site) / "en/posts/cymraeg").exists()
    assert (out(site) / "posts/taith/index.html").is_file()
    assert ("content/posts/2026-11-22-only-english.en.md:1: warning: not published until it "
            "is written in cy (translations are held)") in result.stderr


def test_required_translations_are_errors(tmp_path: Path) -> None:
    site = _site(tmp_path, 'translations = "required"')
    result = build(site, ok=False)
    assert result.exit_code == 1
    assert ("content/posts/2026-11-23-cymraeg.md:1: this item has no version in "
            "en-GB (translations are required) (write its translation "
            "(content/posts/2026-11-23-cymraeg.en.md)") in result.stderr
    assert ("content/posts/2026-11-22-only-english.en.md:1: this item has no version in cy"
            in result.stderr)
    assert not out(site).exists()


def test_a_language_not_in_the_list_is_an_error(tmp_path: Path) -> None:
    files = dict(FILES)
    files["content/posts/2026-11-24-ffrangeg.fr.md"] = "---\ntitle: Bonjour\n---\nSalut.\n"
    files["content/posts/2026-11-25-lang.md"] = "---\ntitle: Hallo\nlang: de\n---\nHallo.\n"
    result = build(_site(tmp_path, files=files), ok=False)
    assert ("content/posts/2026-11-24-ffrangeg.fr.md:1: the file name says it is in "
            "'fr', which is not one of the site's languages (cy, en-GB)") in result.stderr
    assert ("content/posts/2026-11-25-lang.md:3: lang: 'de' is not one of the site's "
            "languages (cy, en-GB)") in result.stderr


def test_two_versions_in_one_language_are_an_error(tmp_path: Path) -> None:
    files = dict(FILES)
    files["content/posts/2026-11-20-taith/index.md"] = "---\ntitle: Eto\n---\nEto.\n"
    result = build(_site(tmp_path, files=files), ok=False)
    assert "is this item in cy too" in result.stderr


def test_settings_are_checked(tmp_path: Path) -> None:
    config = CONFIG.replace("{policy}", 'translations = "sometimes"').replace(
        'languages = ["cy", "en-GB"]', 'languages = ["cy", "en-GB", "xx-nope"]\n'
        'language = "en-GB"')
    site = make_site(tmp_path, FILES, config)
    result = build(site, ok=False)
    assert result.exit_code == 2
    assert "site.toml:4: languages: 'xx-nope' is not a language code" in result.stderr
    assert "language = 'en-GB' is not the first of languages" in result.stderr
    assert "translations: 'sometimes' is not a policy sharesite knows" in result.stderr


def test_a_page_in_another_language_s_folder_is_an_error(tmp_path: Path) -> None:
    files = dict(FILES)
    files["content/pages/en.md"] = "---\ntitle: En\n---\nA page whose address is /en/.\n"
    result = build(_site(tmp_path, files=files), ok=False)
    assert ("content/pages/en.md:1: its address, /en/, is in the folder of the en-GB pages "
            "(/en/) (give it another address (slug: or aliases: in its front matter), or move "
            "the file)") in result.stderr
    files["content/pages/en.md"] = "---\ntitle: En\naliases: [/en/hen/]\n---\nAn alias.\n"
    result = build(_site(tmp_path / "alias", files=files), ok=False)
    assert ("content/pages/en.md:1: its address, /en/hen/index.html, is in the folder of the "
            "en-GB pages (/en/)") in result.stderr


def test_a_draft_or_a_post_for_later_is_not_a_translation_yet(tmp_path: Path) -> None:
    files = dict(FILES)
    files["content/posts/2026-11-23-cymraeg.en.md"] = (
        "---\ntitle: Welsh in English\ndraft: true\n---\nNot yet.\n")
    files["content/posts/2026-11-22-only-english.cy.md"] = (
        "---\ntitle: Yn Saesneg\ndate: 2030-01-01\n---\nRywbryd.\n")
    site = _site(tmp_path, files=files)
    build(site)
    # until they are out, each is shown in the other language as not translated
    copy = (out(site) / "en/posts/cymraeg/index.html").read_text()
    assert '<p class="language-only notice" lang="cy">Cymraeg yn unig</p>' in copy
    welsh = (out(site) / "posts/cymraeg/index.html").read_text()
    assert 'href="/ysgol/en/posts/cymraeg/" hreflang="en-GB"' in welsh
    assert (out(site) / "posts/only-english/index.html").is_file()
    held = _site(tmp_path / "held", 'translations = "held"', files=files)
    result = build(held)
    assert not (out(held) / "posts/cymraeg").exists()
    assert "content/posts/2026-11-23-cymraeg.md:1: warning: not published until it is " \
        "written in en-GB" in result.stderr


def test_three_languages_link_an_untranslated_copy_to_its_copies(tmp_path: Path) -> None:
    config = CONFIG.replace('languages = ["cy", "en-GB"]', 'languages = ["cy", "en-GB", "pl"]'
                            ).replace("{policy}", "")
    result = build(make_site(tmp_path, FILES, config))
    assert "site.toml:4: warning: the theme has no words in 'pl'" in result.stderr
    page = (tmp_path / "site/_site/pl/posts/only-english/index.html").read_text()
    switch = re.search(r'<nav class="language-switch".*?</nav>', page, re.S)
    assert switch is not None
    assert 'href="/ysgol/posts/only-english/" hreflang="cy"' in switch.group(0)
    assert 'href="/ysgol/en/posts/only-english/" hreflang="en-GB"' in switch.group(0)


def test_events_are_translated_like_items(tmp_path: Path) -> None:
    files = dict(FILES)
    files["content/events/noson-rieni.cy.md"] = """\
        ---
        title: Noson rieni
        start: 2027-01-14 16:00
        end: 2027-01-14 18:00
        location: {name: Neuadd yr ysgol, address: Heol y Cwm}
        ---
        Dewch i siarad ag athrawon eich plentyn.
        """
    files["content/events/parents-evening.en.md"] = """\
        ---
        title: Parents' evening
        translation_of: noson-rieni.cy.md
        start: 2027-01-14 16:00
        end: 2027-01-14 18:00
        location: {name: School hall, address: Heol y Cwm}
        ---
        Come and talk to your child's teachers.
        """
    files["content/events/eisteddfod.cy.md"] = """\
        ---
        title: Eisteddfod
        start: 2027-03-01 09:00
        end: 2027-03-01 15:00
        location: {name: Neuadd yr ysgol, address: Heol y Cwm}
        ---
        Eisteddfod yr ysgol.
        """
    site = _site(tmp_path, files=files)
    build(site, "--future")
    welsh = (out(site) / "events/noson-rieni/index.html").read_text()
    assert f'<link rel="alternate" hreflang="en-GB" href="{BASE}en/events/parents-evening/">' \
        in welsh
    english = (out(site) / "en/events/parents-evening/index.html").read_text()
    assert 'href="/ysgol/events/noson-rieni/" hreflang="cy"' in english
    copy = (out(site) / "en/events/eisteddfod/index.html").read_text()
    assert '<p class="language-only notice" lang="cy">Cymraeg yn unig</p>' in copy
    assert f'<link rel="canonical" href="{BASE}events/eisteddfod/">' in copy
    assert "en/events/eisteddfod/" not in (out(site) / "en/sitemap.xml").read_text()
    listed = (out(site) / "en/events/index.html").read_text()
    assert '<span class="badge badge--language" lang="cy">Cymraeg yn unig</span>' in listed


def test_a_link_to_another_language_s_file_leads_to_its_page(tmp_path: Path) -> None:
    files = dict(FILES)
    files["content/posts/2026-11-23-cymraeg.md"] = (
        "---\ntitle: Dim ond yn Gymraeg\n---\nGweler [y daith](2026-11-20-taith/index.cy.md)"
        " a [the English](2026-11-22-only-english.en.md).\n")
    files["content/posts/2026-11-20-taith/index.en.md"] = str(
        files["content/posts/2026-11-20-taith/index.en.md"]).replace(
        "We went", "[In Welsh](index.cy.md). We went")
    site = _site(tmp_path, files=files)
    result = build(site, "--strict")
    assert "leads nowhere" not in result.stderr
    welsh = (out(site) / "posts/cymraeg/index.html").read_text()
    assert '<a href="/ysgol/posts/taith/">y daith</a>' in welsh
    # (an item this language shows untranslated: its copy here)
    assert '<a href="/ysgol/posts/only-english/">the English</a>' in welsh
    # in the English copy of the Welsh post, the same links lead to the same pages
    copy = (out(site) / "en/posts/cymraeg/index.html").read_text()
    assert '<a href="/ysgol/posts/taith/">y daith</a>' in copy
    english = (out(site) / "en/posts/museum-trip/index.html").read_text()
    assert '<a href="/ysgol/posts/taith/">In Welsh</a>' in english
    feed = (out(site) / "en/feed.xml").read_text()
    assert f"href=&quot;{BASE}posts/taith/&quot;" in feed or f'href="{BASE}posts/taith/"' in feed


def test_the_404_page_leads_to_each_language(built: Path) -> None:
    page = (built / "404.html").read_text()
    assert 'href="/ysgol/en/" hreflang="en-GB"' in page
    schema = json.loads((built / "en/resources.json").read_text())["$schema"]
    assert schema == BASE + "resources.schema.json" and (built / "resources.schema.json"
                                                         ).is_file()
    # every page's head links the site's files for machines, which only the root has
    head = (built / "en/index.html").read_text().split("</head>")[0]
    assert 'href="/ysgol/network.json"' in head and 'href="/ysgol/en/network.json"' not in head


def test_translation_of_mistakes_are_errors(tmp_path: Path) -> None:
    files = dict(FILES)
    files["content/posts/2026-11-24-hunan.cy.md"] = (
        "---\ntitle: Hunan\ntranslation_of: 2026-11-24-hunan.cy.md\n---\nFi.\n")
    files["content/posts/2026-11-25-about.en.md"] = (
        "---\ntitle: About\ntranslation_of: ../pages/amdanom.cy.md\n---\nA post.\n")
    result = build(_site(tmp_path, files=files), ok=False)
    assert ("content/posts/2026-11-24-hunan.cy.md:3: translation_of: names this file itself"
            in result.stderr)
    assert ("content/posts/2026-11-25-about.en.md:3: translation_of: '../pages/amdanom.cy.md'"
            " is a page, this a post") in result.stderr


def test_a_rebuild_keeps_the_languages_linked(tmp_path: Path) -> None:
    from sharesite.build import BuildOptions
    from sharesite.build import build as build_site

    site = _site(tmp_path)
    options = BuildOptions(keep_cache=True, search=False)
    assert build_site(site, options).ok
    english = out(site) / "en/posts/cymraeg/index.html"
    assert "Cymraeg yn unig" in english.read_text()  # Welsh only, for now
    # its English version is written: the copy gives way to it, and both link to it
    (site / "content/posts/2026-11-23-cymraeg.en.md").write_text(
        "---\ntitle: Welsh, now in English\nslug: welsh\n---\nNow in English too.\n",
        encoding="utf-8")
    result = build_site(site, options)
    assert result.ok and not result.unchanged
    assert not english.exists()
    translated = (out(site) / "en/posts/welsh/index.html").read_text()
    assert f'hreflang="cy" href="{BASE}posts/cymraeg/"' in translated
    welsh = (out(site) / "posts/cymraeg/index.html").read_text()
    assert f'hreflang="en-GB" href="{BASE}en/posts/welsh/"' in welsh
    assert 'href="/ysgol/en/posts/welsh/" hreflang="en-GB"' in welsh  # the switch
    # an edit of one language's text leaves the other's page as it was
    before = (out(site) / "en/posts/museum-trip/index.html").stat().st_mtime_ns
    taith = site / "content/posts/2026-11-20-taith/index.cy.md"
    taith.write_text(taith.read_text().replace("ddydd Gwener", "ddydd Iau"), encoding="utf-8")
    result = build_site(site, options)
    assert "ddydd Iau" in (out(site) / "posts/taith/index.html").read_text()
    assert "posts/taith/index.html" in result.updated
    assert "en/posts/museum-trip/index.html" not in result.updated
    assert (out(site) / "en/posts/museum-trip/index.html").stat().st_mtime_ns == before


def test_serve_makes_each_language_with_its_search(tmp_path: Path) -> None:
    import threading
    import time
    import urllib.request

    from sharesite.serve.dev import DevServer

    site = _site(tmp_path)
    dev = DevServer(site, port=0, report=lambda message: None)
    thread = threading.Thread(target=dev.serve_forever, daemon=True)
    thread.start()
    try:
        def get(rel: str) -> str:
            with urllib.request.urlopen(dev.url + rel, timeout=10) as response:
                return str(response.read().decode("utf-8"))

        assert dev.url.startswith("http://127.0.0.1:")
        assert '"cy"' in get("pagefind/pagefind-entry.json")
        assert '"en"' in get("en/pagefind/pagefind-entry.json")
        assert 'hreflang="cy"' in get("en/posts/museum-trip/")
        page = site / "content/posts/2026-11-20-taith/index.en.md"
        page.write_text(page.read_text().replace("on Friday", "on Thursday"), encoding="utf-8")
        deadline = time.monotonic() + 20
        while "on Thursday" not in get("en/posts/museum-trip/"):
            assert time.monotonic() < deadline, "the edit was not served"
            time.sleep(0.2)
    finally:
        dev.close()
        thread.join(timeout=5)


def test_every_key_the_code_uses_is_in_the_tables() -> None:
    """Strings the Python code asks for by name (headings, feed titles, the menu's items),
    which the check of templates and scripts (strings.check_strings) does not see."""
    from sharesite.render.strings import BUNDLED, read_table

    code = Path(__file__).resolve().parent.parent / "sharesite"
    used: dict[str, str] = {}
    for path in sorted(code.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'(?:\.(?:t|text)\(\s*|\bsay\(\s*|\bkey=)"([a-z_]+\.[a-z0-9_.]+)"',
                                 text):
            line = text.count("\n", 0, match.start()) + 1
            used.setdefault(match.group(1), f"{path.name}:{line}")
    assert len(used) > 20 and "nav.blog" in used and "languages.only" in used
    for name in ("en", "cy"):
        table = read_table(BUNDLED / f"{name}.toml")
        missing = {key: where for key, where in used.items() if key not in table}
        assert missing == {}, name


def test_new_writes_an_item_in_a_language_and_its_translation(tmp_path: Path) -> None:
    from support import run

    site = _site(tmp_path)
    made = run(site, "new", "post", "Diwrnod chwaraeon", "--lang", "cy")
    assert made.exit_code == 0 and re.fullmatch(
        r"content/posts/\d{4}-\d\d-\d\d-diwrnod-chwaraeon\.cy\.md\n", made.stdout)
    made = run(site, "new", "post", "Dim ond yn Gymraeg, in English", "--lang", "en",
               "--translation-of", "content/posts/2026-11-23-cymraeg.md")
    assert made.stdout == "content/posts/2026-11-23-cymraeg.en.md\n"
    text = (site / "content/posts/2026-11-23-cymraeg.en.md").read_text()
    assert text.startswith('---\ntitle: "Dim ond yn Gymraeg, in English"\n'
                           "slug: dim-ond-yn-gymraeg-in-english\n")
    (site / "content/resources/2026-11-01-fractions.md").unlink()  # made again, below
    made = run(site, "new", "resource", "Ffracsiynau", "--lang", "en-GB",
               "--translation-of", "resources/2026-11-01-ffracsiynau.cy.md")
    resource = (site / made.stdout.strip()).read_text()
    assert made.stdout == "content/resources/2026-11-01-ffracsiynau.en.md\n"
    assert "subjects: [maths]" in resource and "type: worksheet" in resource
    build(site)
    english = (out(site) / "en/posts/dim-ond-yn-gymraeg-in-english/index.html").read_text()
    assert f'hreflang="cy" href="{BASE}posts/cymraeg/"' in english
    assert run(site, "new", "page", "X", "--lang", "fr").stderr.strip().endswith(
        "--lang fr: not one of the site's languages (cy, en-GB)")
    again = run(site, "new", "post", "Y", "--lang", "en", "--translation-of",
                "content/posts/2026-11-23-cymraeg.md")
    assert again.exit_code == 2
    assert "content/posts/2026-11-23-cymraeg.en.md already exists" in again.stderr
    one = make_site(tmp_path / "one", {})
    assert "this site is in one language" in run(one, "new", "post", "Z", "--lang",
                                                  "cy").stderr


def test_redirects_may_lead_to_another_language(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "redirects.toml").write_text(
        '[redirects]\n"/category/history/" = "/en/tags/history/"\n'
        '"/2026/11/trip/" = "/en/posts/museum-trip/"\n', encoding="utf-8")
    build(site)
    page = (out(site) / "category/history/index.html").read_text()
    assert f"{BASE}en/tags/history/" in page
    assert f"{BASE}en/posts/museum-trip/" in (out(site) / "2026/11/trip/index.html").read_text()
    (site / "redirects.toml").write_text('[redirects]\n"/old/" = "/en/tags/nothing/"\n',
                                         encoding="utf-8")
    result = build(site, ok=False)
    assert ("redirects.toml:2: /old leads to /en/tags/nothing/, which is not a page or feed "
            "of the en-GB pages") in result.stderr
    (site / "redirects.toml").write_text('[redirects]\n"/old-feed.xml" = "/en/feed.xml"\n',
                                         encoding="utf-8")
    result = build(site, ok=False)
    assert ("redirects.toml:2: '/old-feed.xml' leads to /en/feed.xml, another language's "
            "feed: an old feed address can lead only to a feed of the first language"
            ) in result.stderr


def test_and_is_ac_before_a_vowel_in_welsh() -> None:
    from sharesite.render.strings import load_strings

    welsh, english = load_strings("cy"), load_strings("en-GB")
    assert welsh.joined(["Elin", "Owain"]) == "Elin ac Owain"
    assert welsh.joined(["Owain", "Elin", "Dafydd"]) == "Owain ac Elin a Dafydd"
    assert english.joined(["Elin", "Owain"]) == "Elin and Owain"
    assert welsh.joined(["Elin", "Wyn"]) == "Elin a Wyn"
    assert welsh.joined(["Elin", "Wmffre"]) == "Elin ac Wmffre"


def test_a_table_without_and_before_a_vowel_keeps_its_own_and(tmp_path: Path) -> None:
    from support import DEFAULT_CONFIG

    site = make_site(tmp_path, {
        "strings/fr.toml": '[list]\nand = " et "\n',
        "content/authors/marie.md": "---\nname: Marie\n---\nProf.\n",
        "content/authors/anne.md": "---\nname: Anne\n---\nProf.\n",
        "content/posts/2026-11-01-x.md": "---\ntitle: X\nauthors: [marie, anne]\n---\nX.\n",
    }, DEFAULT_CONFIG.replace('language = "en-GB"', 'language = "fr"'))
    build(site)
    assert 'rel="author">Marie</a> et <a' in (out(site) / "posts/x/index.html").read_text()


def test_a_welsh_byline_says_ac_before_a_vowel(tmp_path: Path) -> None:
    files = dict(FILES)
    files["content/authors/elin.md"] = "---\nname: Elin Pritchard\n---\nAthrawes.\n"
    files["content/authors/owain.md"] = "---\nname: Owain Jones\n---\nAthro.\n"
    files["content/posts/2026-11-23-cymraeg.md"] = (
        "---\ntitle: Dim ond yn Gymraeg\nauthors: [elin, owain]\n---\nGan ddau.\n")
    site = _site(tmp_path, files=files)
    build(site)
    page = (out(site) / "posts/cymraeg/index.html").read_text()
    assert 'rel="author">Elin Pritchard</a> ac <a' in page
    english = (out(site) / "en/posts/cymraeg/index.html").read_text()
    assert 'rel="author">Elin Pritchard</a> and <a' in english


def test_files_of_an_item_in_both_languages_are_published_once(tmp_path: Path) -> None:
    from support import PNG

    files = dict(FILES)
    files["content/posts/2026-11-20-taith/index.cy.md"] = (
        "---\ntitle: Taith i'r amgueddfa\n---\nAethon ni.\n\n![Y plant](plant.png)\n")
    files["content/posts/2026-11-20-taith/index.en.md"] = (
        "---\ntitle: A trip to the museum\nslug: museum-trip\n---\nWe went.\n\n"
        "![The children](plant.png)\n\n[The map](map.pdf)\n")
    files["content/posts/2026-11-20-taith/plant.png"] = PNG
    files["content/posts/2026-11-20-taith/map.pdf"] = b"%PDF-1.4 a map"
    site = _site(tmp_path, files=files)
    build(site, "--strict")
    output = out(site)
    assert (output / "posts/taith/map.pdf").is_file()
    assert not (output / "en/posts/museum-trip/map.pdf").exists()
    assert not list((output / "en/posts/museum-trip").glob("plant*"))
    english = (output / "en/posts/museum-trip/index.html").read_text()
    assert '<a href="/ysgol/posts/taith/map.pdf">The map</a>' in english
    shown = re.findall(r'src="([^"]+)"', english.split('<div class="prose"')[1])
    assert shown and all(src.startswith("/ysgol/posts/taith/plant") for src in shown)
    for src in shown:
        assert (output / src[len("/ysgol/"):]).is_file()
    feed = (output / "en/feed.xml").read_text()
    assert f"{BASE}posts/taith/map.pdf" in feed
    # the Welsh version moves: a rebuild (with the cache) points the English page there
    from sharesite.build import BuildOptions
    from sharesite.build import build as build_site

    options = BuildOptions(keep_cache=True, search=False)
    assert build_site(site, options).ok
    welsh = site / "content/posts/2026-11-20-taith/index.cy.md"
    welsh.write_text(welsh.read_text().replace("title:", "slug: y-daith\ntitle:"),
                     encoding="utf-8")
    assert build_site(site, options).ok
    english = (output / "en/posts/museum-trip/index.html").read_text()
    assert '<a href="/ysgol/posts/y-daith/map.pdf">The map</a>' in english
    assert (output / "posts/y-daith/map.pdf").is_file()


def test_an_episode_in_both_languages_has_one_recording(tmp_path: Path) -> None:
    from test_podcasts import SHOW, VTT, mp3, png

    files = dict(FILES)
    files["content/podcasts/staffroom.png"] = png(1400, 1400)
    for lang, title, slug in (("cy", "Ffoneg", ""), ("en", "Phonics", "slug: phonics\n")):
        files[f"content/posts/2026-03-01-ffoneg/index.{lang}.md"] = (
            f"---\ntitle: {title}\n{slug}audio: talk.mp3\ntranscript: talk.vtt\n"
            "podcast: staffroom\nepisode: 1\n---\nSgwrs. A talk.\n")
    files["content/posts/2026-03-01-ffoneg/talk.mp3"] = mp3(3)
    files["content/posts/2026-03-01-ffoneg/talk.vtt"] = VTT
    site = make_site(tmp_path, files, CONFIG.replace("{policy}", "") + SHOW)
    build(site)
    output = out(site)
    assert (output / "posts/ffoneg/talk.mp3").is_file()
    assert not (output / "en/posts/phonics/talk.mp3").exists()
    for feed_path in ("podcasts/staffroom/feed.xml", "en/podcasts/staffroom/feed.xml"):
        feed = feedparser.parse((output / feed_path).read_bytes())
        (enclosure,) = feed.entries[0].enclosures
        assert enclosure.href == f"{BASE}posts/ffoneg/talk.mp3", feed_path
