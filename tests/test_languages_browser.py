"""The bilingual example (examples/cwm: Welsh at the root, English under /en/) in real
Chromium and the Nu HTML validator: Welsh pages pass axe-core's WCAG 2.2 A/AA checks in light
and dark and fit a 375 px screen; every page of both languages is valid HTML; search finds
a page in its own language, and both languages when the reader asks."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import Problems, describe_violations, launch, run_axe
from support import REPO, build, tree

from sharesite.serve.http import make_server

BASE_PATH = "/sub/path/"
EXAMPLE = REPO / "examples" / "cwm"
WELSH_PAGES = {"home": "", "post": "posts/taith-sain-ffagan/", "page": "amdanom/",
               "library": "resources/", "resource": "resources/ffracsiynau-cam-2/",
               "facet": "resources/subjects/maths/", "tags": "tags/",
               "untranslated": "posts/maths-display/", "archive": "archive/",
               "search": "search/?q=amgueddfa"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    output = tmp_path_factory.mktemp("cwm") / "site"
    build(EXAMPLE, "--output", str(output), "--base-url",
          f"https://example.github.io{BASE_PATH}", "--strict")
    server = make_server(output, BASE_PATH, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}", output
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch() as opened:
        yield opened


def _open(browser: Any, problems: Problems, url: str, **context: Any) -> Any:
    page = problems.watch(browser.new_context(**context).new_page())
    page.set_default_timeout(15_000)
    page.goto(url)
    return page


def _results(page: Any) -> list[str]:
    page.wait_for_selector("#search-results li a")
    return [str(a) for a in page.eval_on_selector_all("#search-results li a",
                                                     "links => links.map(a => a.href)")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(WELSH_PAGES))
def test_welsh_pages_pass_axe(browser: Any, served: tuple[str, Path], name: str,
                              scheme: str) -> None:
    problems = Problems()
    page = _open(browser, problems, served[0] + WELSH_PAGES[name], color_scheme=scheme)
    assert page.evaluate("document.documentElement.lang") == "cy"
    if name == "search":
        _results(page)
    violations = run_axe(page)
    assert not violations, f"{name} ({scheme}):\n{describe_violations(violations)}"
    assert problems.seen == []


@pytest.mark.parametrize("name", ["home", "post", "library", "untranslated"])
def test_welsh_pages_fit_375px(browser: Any, served: tuple[str, Path], name: str) -> None:
    problems = Problems()
    page = _open(browser, problems, served[0] + WELSH_PAGES[name],
                 viewport={"width": 375, "height": 800})
    width, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= inner, f"{name}: {width} px wide in a {inner} px window"


def test_search_finds_its_own_language_then_both(browser: Any,
                                                 served: tuple[str, Path]) -> None:
    problems = Problems()
    page = _open(browser, problems, served[0] + "search/?q=museum")
    page.wait_for_function("document.querySelector('#search-status').textContent !== ''")
    page.wait_for_timeout(300)
    assert not page.eval_on_selector_all("#search-results li a", "links => links.length")
    status = page.text_content("#search-status") or ""
    assert "museum" in status and "No results" not in status  # in Welsh
    both = page.locator("#search-languages")
    both.check()
    found = _results(page)
    assert any(link.endswith(f"{BASE_PATH}en/posts/st-fagans-trip/") for link in found)
    english = _open(browser, problems, served[0] + "en/search/?q=St+Fagans")
    assert any(link.endswith(f"{BASE_PATH}en/posts/st-fagans-trip/")
               for link in _results(english))
    assert problems.seen == []


def test_every_page_of_both_languages_is_valid_html(served: tuple[str, Path]) -> None:
    output = served[1]
    pages = [f for f in tree(output) if f.endswith(".html")]
    assert any(f.startswith("en/") for f in pages) and len(pages) > 30
    java = shutil.which("java")
    assert java, "java is needed for the Nu HTML validator"
    jar = Path(__file__).parent / "node_modules/vnu-jar/build/dist/vnu.jar"
    assert jar.is_file(), "run npm ci --prefix tests to install the Nu HTML validator"
    proc = subprocess.run([java, "-Xss2m", "-jar", str(jar), "--format", "json",
                           "--skip-non-html", str(output)],
                          capture_output=True, text=True, timeout=300, check=False)
    report = json.loads(proc.stderr or proc.stdout)
    errors = [f"{m.get('url')}:{m.get('lastLine', 0)}: {m['message']}"
              for m in report["messages"] if m["type"] in ("error", "non-document-error")]
    assert errors == []


def test_newsboat_reads_each_language_s_feed(served: tuple[str, Path], tmp_path: Path) -> None:
    import os
    import sqlite3

    newsboat = shutil.which("newsboat")
    assert newsboat, "newsboat is not installed: run .ci/run (apt-get install -y newsboat)"
    home = tmp_path / "home"
    home.mkdir()
    # (one feed a language: newsboat keeps an item once, by its id, whichever feed it is in)
    feeds = [served[0] + "feed.xml", served[0] + "en/rss.xml"]
    (home / "urls").write_text("".join(url + "\n" for url in feeds), encoding="utf-8")
    (home / "config").write_text("download-timeout 30\n", encoding="utf-8")
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local/share"), "XDG_CACHE_HOME": str(home / ".cache"),
           "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
           "TERM": "dumb", "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    result = subprocess.run([newsboat, "-u", str(home / "urls"), "-c", str(home / "cache.db"),
                             "-C", str(home / "config"), "-x", "reload"], env=env, cwd=home,
                            capture_output=True, text=True, timeout=120,
                            stdin=subprocess.DEVNULL, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(home / "cache.db") as db:
        titles = dict(db.execute("SELECT rssurl, title FROM rss_feed").fetchall())
        items = db.execute("SELECT feedurl, title FROM rss_item").fetchall()
    assert titles == {feeds[0]: "Ysgol Gynradd y Cwm", feeds[1]: "Cwm Primary School"}
    welsh = {title for feed, title in items if feed == feeds[0]}
    english = {title for feed, title in items if feed == feeds[1]}
    assert "Taith Blwyddyn 4 i Sain Ffagan" in welsh and "Eisteddfod yr ysgol" in welsh
    assert "Year 4's trip to St Fagans" in english
    assert "Our Year 6 maths display" in welsh  # not translated: in both, labelled by lang
    assert "Eisteddfod yr ysgol" in english  # and the Welsh one in the English feed
