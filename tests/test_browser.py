"""The example site in real Chromium, served under a sub-path as GitHub Pages serves it:
the library's filters (URL, back button, reload, the submit button, no JavaScript), search,
axe-core's WCAG 2.2 A/AA checks in light and dark, nothing wider than a 375 px screen, the
header on a 360 px phone (compact, its menu a disclosure that works from the keyboard and
without JavaScript), the minified stylesheet, and the credit copy button. Every page a
test opens must log no console error and throw nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import rcssmin
from browser_support import (
    BASE_PATH,
    CARDS_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    OVERFLOW_JS,
    Problems,
    Served,
    describe_violations,
    run_axe,
    served_example,
)
from playwright.sync_api import Browser, Page, expect, sync_playwright
from support import REPO

# A word that only the turtle-graphics resource's body uses, in the whole example site.
WORD = "decagon"
FOUND = f"{BASE_PATH}resources/turtle-graphics-lesson/"
RESOURCE = "resources/fraction-wall-mats/"
FACETS = ("subject", "level", "type", "licence", "tag")
WAIT = 10_000  # ms


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served_example(tmp_path_factory.mktemp("browser")) as served:
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Pages:
    """Opens pages in fresh contexts, watching each for errors; closes them after the test."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.problems = Problems()
        self.contexts: list[Any] = []

    def open(self, url: str | None = None, **context: Any) -> Page:
        ctx = self.browser.new_context(**context)
        self.contexts.append(ctx)
        page = self.problems.watch(ctx.new_page())
        page.set_default_timeout(WAIT)
        if url is not None:
            page.goto(url)
        return page

    def close(self) -> None:
        for ctx in self.contexts:
            ctx.close()


@pytest.fixture
def pages(browser: Browser, site: Served) -> Iterator[Pages]:
    opened = Pages(browser)
    yield opened
    opened.close()
    assert not opened.problems.seen, "\n".join(opened.problems.seen)


# --- the library's filters --------------------------------------------------------------------

def cards(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate(CARDS_JS))


def matching(all_cards: list[dict[str, Any]], picked: dict[str, set[str]]) -> list[str]:
    """The cards the filters should show: OR within a group, AND across groups."""
    return [c["href"] for c in all_cards
            if all(set(c[key].split()) & values for key, values in picked.items() if values)]


def shown(page: Page) -> list[str]:
    return [c["href"] for c in cards(page) if c["visible"]]


def count_text(n: int, total: int) -> str:
    return f"{n} of {total} resources {'matches' if n == 1 else 'match'}"


def box(page: Page, key: str, value: str) -> Any:
    return page.locator(f'#library-filters input[type=checkbox][name="{key}"][value="{value}"]')


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def assert_filtered(page: Page, every: list[dict[str, Any]], picked: dict[str, set[str]]) -> None:
    expected = matching(every, picked)
    assert 0 < len(expected) < len(every) or not any(picked.values())
    if any(picked.values()):
        expect(page.locator("#library-count")).to_have_text(count_text(len(expected),
                                                                       len(every)))
    else:
        expect(page.locator("#library-count")).to_have_text(f"Showing all {len(every)} resources")
    assert shown(page) == expected
    assert {k: set(v) for k, v in query(page).items()} == {k: v for k, v in picked.items() if v}
    for key, values in picked.items():
        for value in values:
            expect(box(page, key, value)).to_be_checked()


def test_ticking_facets_filters_the_cards_and_the_url_keeps_it(pages: Pages, site: Served) -> None:
    page = pages.open(site("resources/"))
    expect(page.locator("form#library-filters")).to_be_visible()
    status = page.locator("p#library-count")
    expect(status).to_have_attribute("role", "status")
    every = cards(page)
    assert len(every) >= 5 and all(c["visible"] for c in every)
    for key in FACETS:
        assert page.locator(f'#library-filters input[type=checkbox][name="{key}"]').count(), key

    box(page, "subject", "maths").check()  # one subject
    assert_filtered(page, every, {"subject": {"maths"}})
    assert urlsplit(page.url).query == "subject=maths"
    assert urlsplit(page.url).path == f"{BASE_PATH}resources/"

    box(page, "subject", "english").check()  # two subjects: either
    picked = {"subject": {"maths", "english"}}
    assert_filtered(page, every, picked)
    assert len(shown(page)) > len(matching(every, {"subject": {"maths"}}))

    box(page, "level", "ks1").check()  # and a level: both
    picked = {"subject": {"maths", "english"}, "level": {"ks1"}}
    assert_filtered(page, every, picked)
    assert len(shown(page)) < len(matching(every, {"subject": {"maths", "english"}}))

    page.reload()  # the address alone brings it all back
    assert_filtered(page, every, picked)

    page.go_back()  # one step back: the level is unticked again
    assert_filtered(page, every, {"subject": {"maths", "english"}})
    expect(box(page, "level", "ks1")).not_to_be_checked()
    page.go_back()
    assert_filtered(page, every, {"subject": {"maths"}})
    expect(box(page, "subject", "english")).not_to_be_checked()
    page.go_forward()
    assert_filtered(page, every, {"subject": {"maths", "english"}})

    page.get_by_role("button", name="Clear filters").click()
    assert_filtered(page, every, {})
    assert urlsplit(page.url).query == ""
    for key in FACETS:
        expect(page.locator(f'#library-filters input[name="{key}"]:checked')).to_have_count(0)


def test_a_shared_filter_link_opens_filtered(pages: Pages, site: Served) -> None:
    every = cards(pages.open(site("resources/")))
    page = pages.open(site("resources/?level=ks3&type=worksheet&type=lesson-plan"))
    assert_filtered(page, every, {"level": {"ks3"}, "type": {"worksheet", "lesson-plan"}})


def test_licence_and_tag_filters(pages: Pages, site: Served) -> None:
    page = pages.open(site("resources/"))
    every = cards(page)
    box(page, "licence", "CC-BY-4.0").check()
    assert_filtered(page, every, {"licence": {"CC-BY-4.0"}})
    box(page, "tag", "send").check()
    assert_filtered(page, every, {"licence": {"CC-BY-4.0"}, "tag": {"send"}})


def test_without_javascript_every_card_shows_and_facet_pages_are_linked(
        pages: Pages, site: Served) -> None:
    page = pages.open(site("resources/"), java_script_enabled=False)
    every = cards(page)
    assert every and all(c["visible"] for c in every)
    expect(page.locator("form#library-filters")).to_be_hidden()
    facet_pages = sorted(f"{BASE_PATH}resources/{kind}/{p.name}/"
                         for kind in ("subjects", "levels", "types")
                         for p in (site.output / "resources" / kind).iterdir() if p.is_dir())
    assert facet_pages
    for href in facet_pages:
        expect(page.locator(f'main a[href="{href}"]').first).to_be_visible()
    # Each facet page works on its own, too.
    page.goto(site(facet_pages[0].removeprefix(BASE_PATH)))
    expect(page.locator("main a[href^='" + BASE_PATH + "resources/']").first).to_be_visible()
    # And the copy button, which needs a script, is not offered.
    page.goto(site(RESOURCE))
    expect(page.locator("#credit_text")).to_be_visible()
    expect(page.locator("#credit_copy")).to_be_hidden()


def focus_by_tabbing(page: Page, target: Any, most: int = 80) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{most} presses of Tab never reached {target}")


def card_links(page: Page) -> list[str]:
    return list(page.locator("main .card__title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"))


@pytest.mark.parametrize(("key", "kind", "value"), [("subject", "subjects", "maths"),
                                                    ("level", "levels", "ks3")])
def test_without_javascript_a_teacher_gets_a_filtered_list_from_the_keyboard(
        pages: Pages, site: Served, key: str, kind: str, value: str) -> None:
    """With scripting off the filter form is not shown (its boxes could do nothing: a
    static page cannot filter by itself); the Browse by links lead to the facet pages,
    which list exactly the resources the form would show."""
    page = pages.open(site("resources/"), java_script_enabled=False)
    every = cards(page)
    expect(page.locator("form#library-filters")).to_be_hidden()
    expect(page.locator("main").locator("input:visible, button:visible")).to_have_count(0)
    target = f"{BASE_PATH}resources/{kind}/{value}/"
    focus_by_tabbing(page, page.locator(f'nav.browse a[href="{target}"]'))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    expected = matching(every, {key: {value}})
    assert 0 < len(expected) < len(every)
    assert card_links(page) == expected
    expect(page.locator("main .intro__description")).to_contain_text(f"{len(expected)} ")


def test_the_filter_form_has_a_submit_button_that_shows_the_results(
        pages: Pages, site: Served) -> None:
    """WCAG 3.2.2 (H32): the form has a real submit button. Filtering is live as boxes are
    ticked; the button keeps the page and its address, and takes the reader to the results."""
    page = pages.open(site("resources/"))
    every = cards(page)
    submit = page.locator("#library-filters button[type=submit]")
    expect(submit).to_have_count(1)
    expect(submit).to_have_text("Show results")
    expect(submit).to_be_visible()
    focus_by_tabbing(page, box(page, "subject", "maths"))
    page.keyboard.press("Space")  # filters at once
    assert_filtered(page, every, {"subject": {"maths"}})
    page.evaluate("window.notReloaded = true")
    focus_by_tabbing(page, submit)
    page.keyboard.press("Enter")
    expect(page.locator("#results_title")).to_be_focused()
    assert page.evaluate("window.notReloaded") is True  # the form was not sent
    assert_filtered(page, every, {"subject": {"maths"}})
    box(page, "level", "ks2").check()
    submit.click()
    expect(page.locator("#results_title")).to_be_focused()
    assert_filtered(page, every, {"subject": {"maths"}, "level": {"ks2"}})
    assert page.evaluate("window.notReloaded") is True


# --- search ---------------------------------------------------------------------------------

def wait_for_result(page: Page) -> None:
    expect(page.locator(f'#search-results a[href="{FOUND}"]')).to_be_visible()


def test_search_finds_a_resource_by_a_word_in_its_body(pages: Pages, site: Served) -> None:
    page = pages.open()
    seen_by_browser: list[str] = []
    page.on("requestfinished", lambda request: seen_by_browser.append(urlsplit(request.url).path))
    site.requests.clear()
    page.goto(site(f"search/?q={WORD}"))
    wait_for_result(page)
    page.wait_for_load_state("networkidle")
    results = page.locator("#search-results a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert results == [FOUND]
    expect(page.locator("#search-input")).to_have_value(WORD)

    # What the first query fetched from the index, as the server saw it (workers included).
    # The server sends files as they are on disk, so a file's size is what it transferred.
    fetched = sorted({urlsplit(p).path for p in site.requests
                      if p.startswith(f"{BASE_PATH}pagefind/")})
    assert fetched == sorted({p for p in seen_by_browser if p.startswith(f"{BASE_PATH}pagefind/")})
    sizes = {p: (site.output / p.removeprefix(BASE_PATH)).stat().st_size for p in fetched}
    total = sum(sizes.values())
    print(f"\nfirst query {WORD!r}: {len(fetched)} files, {total:,} bytes from /pagefind/:")
    for path, size in sizes.items():
        print(f"  {size:>9,}  {path.removeprefix(BASE_PATH)}")
    assert any(p.endswith("/pagefind.js") for p in fetched)
    assert any(p.endswith(".pf_index") for p in fetched)
    assert any(p.endswith(".pf_fragment") for p in fetched)
    index = [p for p in (site.output / "pagefind").rglob("*") if p.is_file()]
    assert len(fetched) < len(index)  # lazily: only the chunks this query needs
    assert total < 300 * 1024


def test_header_search_box_goes_to_the_search_page(pages: Pages, site: Served) -> None:
    page = pages.open(site(""))
    form = page.locator("header form[role=search]")
    expect(form).to_have_count(1)
    assert urlsplit(form.get_attribute("action") or "").path == f"{BASE_PATH}search/"
    form.locator("input[name=q]").fill(WORD)
    form.locator("input[name=q]").press("Enter")
    page.wait_for_url(f"**{BASE_PATH}search/?q={WORD}")
    wait_for_result(page)


# --- accessibility: axe-core, light and dark --------------------------------------------------

# Every kind of page the theme makes.
AXE_PAGES = {"home": "", "post": "posts/building-a-fraction-wall/", "page": "about/",
             "tags": "tags/", "tag": "tags/assessment/", "authors": "authors/",
             "author": "authors/mme-laurent/", "archive": "archive/", "library": "resources/",
             "facet": "resources/subjects/maths/", "resource": RESOURCE,
             "search": f"search/?q={WORD}", "home page 2": "page/2/", "not found": "404.html",
             "network": "network/", "network facet": "network/school/oakfield-primary-school/",
             "network schools": "network/schools/", "expertise": "expertise/",
             "expertise area": "expertise/ks1-phonics/", "schools": "schools/",
             "school": "schools/st-aidans/", "events": "events/", "past events": "events/past/",
             "event": "events/reading-across-the-curriculum/",
             "podcast": "podcasts/staffroom/",
             "episode": "posts/staffroom-retrieval-practice/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_no_wcag_violations(pages: Pages, site: Served, name: str, scheme: str) -> None:
    page = pages.open(color_scheme=scheme)
    page.goto(site(AXE_PAGES[name]))
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
        scheme == "dark")
    if name == "search":
        wait_for_result(page)
    violations = run_axe(page)
    assert not violations, f"{name} ({scheme}):\n{describe_violations(violations)}"


# --- narrow screens -------------------------------------------------------------------------------

NARROW_PAGES = {"home": "", "post": "posts/building-a-fraction-wall/", "library": "resources/",
                "resource": RESOURCE, "facet": "resources/subjects/maths/",
                "search": f"search/?q={WORD}", "podcast": "podcasts/staffroom/",
                "episode": "posts/staffroom-retrieval-practice/"}


@pytest.mark.parametrize("name", list(NARROW_PAGES))
def test_nothing_scrolls_sideways_at_375px(pages: Pages, site: Served, name: str) -> None:
    page = pages.open(site(NARROW_PAGES[name]), viewport={"width": 375, "height": 800})
    if name == "search":
        wait_for_result(page)
    width, inner = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{name}: {width} px wide in a {inner} px window; " \
        f"too wide: {page.evaluate(OVERFLOW_JS)}"


# --- the header on a phone ----------------------------------------------------------------------

PHONE = {"width": 360, "height": 740}
HEADER_PAGES = {"home": "", "resource": RESOURCE}
TARGET = 24  # px: WCAG 2.2's minimum target size (2.5.8)


def header_height(page: Page) -> float:
    return float(page.evaluate(
        "document.querySelector('header.site-header').getBoundingClientRect().height"))


def assert_focus_visible(page: Page) -> None:
    outline = page.evaluate("""() => {
      const style = getComputedStyle(document.activeElement);
      return [style.outlineStyle, parseFloat(style.outlineWidth)];
    }""")
    assert outline[0] == "solid" and outline[1] >= 2, outline


def assert_target_size(locator: Any, width: int) -> None:
    for i in range(locator.count()):
        box = locator.nth(i).bounding_box()
        assert box is not None
        assert box["width"] >= TARGET and box["height"] >= TARGET, (locator.nth(i), box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (locator.nth(i), box)


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("name", list(HEADER_PAGES))
def test_on_a_phone_the_header_is_compact_and_its_menu_opens_from_the_keyboard(
        pages: Pages, site: Served, name: str, js: bool) -> None:
    """At 360 by 740 px the header is the site's name and a Menu button (a <details>: no script
    needed), under a fifth of the screen; the button unfolds the search box and the menu."""
    page = pages.open(site(HEADER_PAGES[name]), viewport=PHONE, java_script_enabled=js)
    height = header_height(page)
    print(f"\n{name}, JavaScript {'on' if js else 'off'}: the header is {height:.0f} px of "
          f"{PHONE['height']} ({height / PHONE['height']:.0%})")
    assert height < PHONE["height"] / 5
    toggle = page.locator("header.site-header summary")
    nav = page.get_by_role("navigation", name="Main")
    search = page.locator("header form[role=search]")
    expect(page.locator(".site-name a")).to_be_visible()
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("Menu")
    expect(nav).to_be_hidden()
    expect(search).to_be_hidden()

    for _ in range(3):  # the skip link, the site's name, Menu
        page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    expect(search).to_be_visible()
    assert_target_size(page.locator("header summary, header input, header button, "
                                     "header nav a"), PHONE["width"])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.keyboard.press("Tab")
    expect(page.locator("#site_search_q")).to_be_focused()
    assert_focus_visible(page)
    resources = nav.get_by_role("link", name="Resources", exact=True)
    focus_by_tabbing(page, resources, most=4)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{BASE_PATH}resources/")
    expect(toggle).to_be_visible()  # a new page: the menu is folded again
    expect(nav).to_be_hidden()
    assert header_height(page) < PHONE["height"] / 5


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_with_room_the_header_shows_the_search_box_and_menu_in_place(
        pages: Pages, site: Served, js: bool) -> None:
    page = pages.open(site("resources/"), viewport={"width": 1280, "height": 800},
                      java_script_enabled=js)
    expect(page.locator("header.site-header summary")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_visible()
    expect(page.locator("header form[role=search]")).to_be_visible()
    for _ in range(3):  # the skip link, the site's name, the search box: no Menu button
        page.keyboard.press("Tab")
    expect(page.locator("#site_search_q")).to_be_focused()
    expect(nav.locator('a[aria-current="page"]')).to_have_text("Resources")
    assert_target_size(page.locator("header input, header button, header nav a"), 1280)
    assert header_height(page) < 150


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(HEADER_PAGES))
def test_axe_on_a_phone_with_the_menu_folded_and_open(
        pages: Pages, site: Served, name: str, scheme: str) -> None:
    page = pages.open(site(HEADER_PAGES[name]), viewport=PHONE, color_scheme=scheme)
    violations = run_axe(page)
    assert not violations, f"{name} ({scheme}), folded:\n{describe_violations(violations)}"
    page.locator("header.site-header summary").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    violations = run_axe(page)
    assert not violations, f"{name} ({scheme}), open:\n{describe_violations(violations)}"


# --- the stylesheet, minified ---------------------------------------------------------------------

# Every rule of a stylesheet as the browser reads it (comments and spaces gone). The value
# of a custom property keeps the spaces it was written with: runs of them are made one, and
# those beside a comma dropped, which mean nothing there.
RULES_JS = """text => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  return [...sheet.cssRules].map(rule => rule.cssText.replace(/\\s+/g, " ")
    .replace(/ ?, ?/g, ","));
}"""


def test_the_minified_stylesheet_means_what_its_source_says(pages: Pages, site: Served) -> None:
    source = (REPO / "themes/default/static/style.css").read_text(encoding="utf-8")
    published = (site.output / "style.css").read_text(encoding="utf-8")
    assert published == rcssmin.cssmin(source, keep_bang_comments=True)
    assert len(published.encode()) < len(source.encode()) * 0.8
    print(f"\nstyle.css: {len(source.encode()):,} bytes written, "
          f"{len(published.encode()):,} published")
    page = pages.open(site(""))
    rules = page.evaluate(RULES_JS, published)
    assert len(rules) > 100
    assert rules == page.evaluate(RULES_JS, source)
    # And the page is styled by it: the header's rule, the light and dark colours.
    assert page.evaluate("document.styleSheets[0].cssRules.length") == len(rules)
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header'))"
                         ".borderTopWidth") == "4px"
    for scheme, background in (("light", "rgb(255, 255, 255)"), ("dark", "rgb(16, 24, 25)")):
        themed = pages.open(site(RESOURCE), color_scheme=scheme)
        assert themed.evaluate("getComputedStyle(document.body).backgroundColor") == background


# --- the credit line's copy button ----------------------------------------------------------------

def test_copy_button_copies_the_credit_line(pages: Pages, site: Served) -> None:
    page = pages.open()
    origin = site.url.removesuffix(BASE_PATH)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page.goto(site(RESOURCE))
    copy = page.locator("#credit_copy")
    expect(copy).to_be_visible()
    copy.click()
    expected = page.locator("#credit_text").inner_text().strip()
    assert expected.startswith("“Fraction wall mats” by ")
    copied = ""
    for _ in range(50):  # the click's handler writes asynchronously
        copied = page.evaluate("navigator.clipboard.readText()")
        if copied == expected:
            break
        page.wait_for_timeout(100)
    assert copied == expected


def test_pages_exist_for_the_fixture(site: Served) -> None:
    """The pages these tests visit are in the build (a missing one fails here, plainly)."""
    for rel in {*AXE_PAGES.values(), *NARROW_PAGES.values()}:
        path = urlsplit(rel).path  # a folder ("", "about/") is its index.html; "404.html" a file
        file = path if path.endswith(".html") else path + "index.html"
        assert (site.output / file).is_file(), rel
