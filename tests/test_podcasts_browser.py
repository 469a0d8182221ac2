"""An episode's page in real Chromium: a recording hosted elsewhere is not fetched until the
reader presses play (schools answer for what pupils' browsers send to other sites)."""

from __future__ import annotations

from pathlib import Path

from browser_support import CHROMIUM, CHROMIUM_ARGS
from support import build, out
from test_podcasts import episode_site

REMOTE = "https://media.example.org/"


def test_a_remote_recording_is_fetched_only_when_played(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    site = episode_site(tmp_path)
    build(site)
    page_file = out(site) / "resources/teachmeet-recording/index.html"
    asked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            *CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"])
        try:
            page = browser.new_page(java_script_enabled=True)

            def record(route, request) -> None:  # type: ignore[no-untyped-def]
                asked.append(request.url)
                route.abort()

            page.route(REMOTE + "**", record)
            page.goto(page_file.as_uri(), wait_until="load")
            page.wait_for_timeout(500)
            assert asked == []  # preload="none": nothing yet
            page.evaluate("document.querySelector('audio.episode__audio').play()"
                          ".catch(() => null)")
            page.wait_for_timeout(1000)
        finally:
            browser.close()
    assert asked and all(url == REMOTE + "teachmeet.mp3" for url in asked)
