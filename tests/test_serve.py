"""`sharesite serve` for real: a server on a free port, files edited on disk, pages reloaded
in Chromium without a click, build errors shown in the page until they are fixed."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import launch
from support import DEFAULT_CONFIG, make_site, out

from sharesite.serve.dev import DevServer

POST = "---\ntitle: Hello\ndate: 2024-01-05\n---\nFirst version.\n"


def until(check: Callable[[], bool], seconds: float = 15) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s: {check.__doc__ or check}")


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


ABOUT = "---\ntitle: About us\n---\nWho we are.\n"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    site = make_site(tmp_path, {"content/posts/2024-01-05-hello.md": POST,
                                "content/pages/about.md": ABOUT})
    dev = DevServer(site, port=0)
    thread = threading.Thread(target=dev.serve_forever, daemon=True)
    thread.start()
    yield site, dev.url
    dev.close()
    thread.join(timeout=5)
    assert not thread.is_alive(), "the server did not stop"


def write(site: Path, rel: str, text: str) -> None:
    (site / rel).write_text(text, encoding="utf-8")


def test_an_edit_changes_what_is_served(served: tuple[Path, str]) -> None:
    site, url = served
    assert "First version." in fetch(url + "posts/hello/")[1]
    write(site, "content/posts/2024-01-05-hello.md", POST.replace("First", "Second"))
    until(lambda: "Second version." in fetch(url + "posts/hello/")[1])
    assert "__sharesite" not in (out(site) / "posts/hello/index.html").read_text()


def test_a_build_error_shows_in_every_page_and_recovers(served: tuple[Path, str]) -> None:
    site, url = served
    write(site, "content/posts/2024-01-05-hello.md",
          "---\ntitle: Hello\ndate: 2024-13-05\n---\nBroken.\n")
    until(lambda: fetch(url + "posts/hello/")[0] == 500)
    page = fetch(url + "posts/hello/")[1]
    assert "<title>Build failed: 1 error — sharesite</title>" in page
    assert ("<code>content/posts/2024-01-05-hello.md:3</code> date: &#x27;2024-13-05&#x27; is "
            "not a date<br><span class=\"hint\">use YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time "
            "too</span>") in page
    assert fetch(url + "archive/")[0] == 500  # every page, not just the broken one
    assert fetch(url + "feed.xml")[0] == 200  # files that are not pages are still served
    # the last good site is still on disk, untouched
    assert "First version." in (out(site) / "posts/hello/index.html").read_text()

    write(site, "content/posts/2024-01-05-hello.md", POST.replace("First", "Fixed"))
    def recovered() -> bool:
        status, text = fetch(url + "posts/hello/")
        return status == 200 and "Fixed version." in text

    until(recovered)


def test_a_broken_site_toml_shows_in_the_page_and_recovers(served: tuple[Path, str]) -> None:
    site, url = served
    good = (site / "site.toml").read_text()
    write(site, "site.toml", good + "\n[build]\nposts_per_page = \"ten\"\n")
    until(lambda: fetch(url)[0] == 500)
    assert "<code>site.toml:" in fetch(url)[1]
    write(site, "site.toml", good)
    until(lambda: fetch(url)[0] == 200)


def test_events_announce_each_build(served: tuple[Path, str]) -> None:
    site, url = served
    with urllib.request.urlopen(url + "__sharesite/events", timeout=10) as events:
        first = events.readline().decode()  # "retry: 500"
        data = events.readline().decode()
        assert first.startswith("retry:") and data.startswith("data: ")
        events.readline()
        write(site, "content/posts/2024-01-05-hello.md", POST.replace("First", "Third"))
        line = events.readline().decode()
        while line.startswith(":") or not line.strip():
            line = events.readline().decode()
        assert line != data and line.startswith("data: ")


def events_after(url: str, edit: Callable[[], None], count: int) -> list[dict[str, object]]:
    """The first `count` events the server sends after `edit`."""
    import json

    found: list[dict[str, object]] = []
    with urllib.request.urlopen(url + "__sharesite/events", timeout=10) as events:
        while not events.readline().startswith(b"data: "):  # the generation now
            pass
        edit()
        while len(found) < count:
            line = events.readline().decode()
            if line.startswith("data: "):
                found.append(json.loads(line.removeprefix("data: ")))
    return found


def test_events_name_the_pages_each_rebuild_changed(served: tuple[Path, str]) -> None:
    """An edit to a post's text: first its page alone (written before the rest of the
    rebuild), then the pages that list it; the about page is in neither."""
    site, url = served
    base = url.removeprefix(url.split("/")[0] + "//" + url.split("/")[2])
    quick, rest = events_after(url, lambda: write(
        site, "content/posts/2024-01-05-hello.md", POST.replace("First", "Quick")), 2)
    assert quick["pages"] == [base + "posts/hello/"]
    assert isinstance(rest["pages"], list)
    assert base + "posts/hello/" not in rest["pages"]  # the same bytes: not written again
    assert base in rest["pages"]  # the home page shows its summary
    assert base + "about/" not in rest["pages"]
    assert "Quick version." in (out(site) / "posts/hello/index.html").read_text()


def test_errors_reload_every_page(served: tuple[Path, str]) -> None:
    site, url = served
    broken, = events_after(url, lambda: write(
        site, "content/posts/2024-01-05-hello.md", "---\ntitle: [\n---\nBroken.\n"), 1)
    assert broken["pages"] is None
    fixed, = events_after(url, lambda: write(site, "content/posts/2024-01-05-hello.md", POST), 1)
    assert fixed["pages"] is None


def test_an_open_page_reloads_by_itself(served: tuple[Path, str]) -> None:
    site, url = served
    with launch() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + "posts/hello/")
        assert "First version." in page.inner_text("main")
        page.wait_for_timeout(300)  # the event stream connects
        write(site, "content/posts/2024-01-05-hello.md", POST.replace("First", "Reloaded"))
        page.wait_for_function("document.body.innerText.includes('Reloaded version.')",
                               timeout=15_000)
        assert errors == []


def test_ctrl_c_stops_the_server_cleanly(tmp_path: Path) -> None:
    import re
    import signal
    import subprocess
    import sys

    site = make_site(tmp_path, {"content/posts/2024-01-05-hello.md": POST})
    proc = subprocess.Popen([sys.executable, "-m", "sharesite", "serve", "-C", str(site),
                             "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    while "Serving at" not in line:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "no output"
    url = re.search(r"http://\S+", line)
    assert url and fetch(url.group(0))[0] == 200
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "Stopped." in stdout
    assert "Traceback" not in stderr


def test_drafts_show_a_draft_badge(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/posts/2024-01-05-hello.md": POST,
                                "content/posts/2024-01-06-wip.md":
                                    "---\ntitle: Work in progress\ndraft: true\n---\nSoon.\n"})
    dev = DevServer(site, port=0)
    assert not (out(site) / "posts/wip").exists()
    dev.close()
    from sharesite.build import BuildOptions

    dev = DevServer(site, port=0, options=BuildOptions(drafts=True))
    threading.Thread(target=dev.serve_forever, daemon=True).start()
    try:
        page = fetch(dev.url + "posts/wip/")[1]
        assert ">Draft<" in page
        assert '<meta name="robots" content="noindex">' in page
    finally:
        dev.close()


def test_only_the_pages_an_edit_changed_reload(served: tuple[Path, str]) -> None:
    """The post's tab reloads; the about page's tab, which the edit did not change, stays."""
    site, url = served
    with launch() as browser:
        post, about = browser.new_page(), browser.new_page()
        post.goto(url + "posts/hello/")
        about.goto(url + "about/")
        for page in (post, about):
            page.evaluate("window.untouched = true")
        post.wait_for_timeout(300)  # the event streams connect
        write(site, "content/posts/2024-01-05-hello.md", POST.replace("First", "Edited"))
        post.wait_for_function("document.body.innerText.includes('Edited version.')",
                               timeout=15_000)
        assert post.evaluate("window.untouched === undefined")  # reloaded
        about.wait_for_timeout(1000)  # the rest of the rebuild has been announced
        assert about.evaluate("window.untouched === true")  # not reloaded


def test_serve_indexes_search_after_the_build(tmp_path: Path) -> None:
    """Search is indexed aside: the site is served first, the index follows, and an edit
    reaches the index too."""
    config = DEFAULT_CONFIG.replace("enabled = false", "enabled = true")
    site = make_site(tmp_path, {"content/posts/2024-01-05-hello.md": POST}, config=config)
    dev = DevServer(site, port=0)
    threading.Thread(target=dev.serve_forever, daemon=True).start()
    try:
        entry = out(site) / "pagefind/pagefind-entry.json"
        until(entry.exists, 30)
        assert fetch(dev.url + "pagefind/pagefind.js")[0] == 200
        first = {p.name for p in (out(site) / "pagefind").rglob("*.pf_fragment")}
        write(site, "content/posts/2024-01-05-hello.md", POST.replace("First", "Zebra"))

        def reindexed() -> bool:
            return {p.name for p in (out(site) / "pagefind").rglob("*.pf_fragment")} != first

        until(reindexed, 30)
    finally:
        dev.close()


def test_serve_reindexes_only_the_shard_of_an_edit(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """serve uses the build's shards: an edit re-indexes the one shard that holds the page,
    the others stay as they were, and the index is then the one a build makes."""
    from sharesite.render import shards

    monkeypatch.setattr(shards, "SHARD_PAGES", 4)  # a few posts, several shards
    config = DEFAULT_CONFIG.replace("enabled = false", "enabled = true")
    posts = {f"content/posts/2024-01-{i + 1:02d}-p{i}.md":
             f"---\ntitle: Post {i}\ndate: 2024-01-{i + 1:02d}\n---\nWords {i} here.\n"
             for i in range(20)}
    site = make_site(tmp_path, posts, config=config)
    folder = out(site) / "pagefind"

    def stamps() -> dict[str, int]:
        return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
                for p in folder.rglob("*") if p.is_file()}

    dev = DevServer(site, port=0)
    threading.Thread(target=dev.serve_forever, daemon=True).start()
    try:
        until((folder / "shards.json").exists, 30)
        count = shards.shard_count(20)
        assert count >= 4
        until(lambda: shards.shards("pagefind/" + rel for rel in stamps()) == count, 30)
        first = stamps()
        edited = shards.shard_of("posts/p7/index.html", count)
        mine = shards.folder_of(edited).removeprefix("pagefind/")
        write(site, "content/posts/2024-01-08-p7.md",
              posts["content/posts/2024-01-08-p7.md"].replace("Words", "Zebras"))

        def reindexed() -> bool:
            """the edited post's shard indexed again"""
            now = stamps()
            return any(now.get(rel) != stamp for rel, stamp in first.items()
                       if shards.in_shard("pagefind/" + rel, edited))

        until(reindexed, 30)
        time.sleep(0.5)
        now = stamps()
        others = [rel for rel in first if not shards.in_shard("pagefind/" + rel, edited)]
        assert others and all(now.get(rel) == first[rel] for rel in others), mine
    finally:
        dev.close()
    clean = tmp_path / "clean"
    from support import build

    build(site, "--output", str(clean))
    assert {p.relative_to(clean / "pagefind").as_posix(): p.read_bytes()
            for p in (clean / "pagefind").rglob("*") if p.is_file()} == {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
        if p.is_file()}


def test_quick_pages_only_for_edits_to_a_pages_own_text(tmp_path: Path) -> None:
    from sharesite.build import BuildOptions, build
    from sharesite.cache import BuildCache
    from sharesite.serve.quick import quick_pages

    site = make_site(tmp_path, {"content/posts/2024-01-05-hello.md": POST,
                                "content/pages/about.md": ABOUT})
    cache = BuildCache()
    assert build(site, BuildOptions(), cache).ok
    rel = "posts/2024-01-05-hello.md"
    write(site, "content/" + rel, POST.replace("First", "Body"))
    assert quick_pages(cache, frozenset({rel})) == ["posts/hello/index.html"]
    assert "Body version." in (out(site) / "posts/hello/index.html").read_text()
    assert build(site, BuildOptions(), cache, dirty=frozenset({rel})).ok
    # A new title changes the lists that show it: the rebuild does it all.
    write(site, "content/" + rel, POST.replace("Hello", "Goodbye"))
    assert quick_pages(cache, frozenset({rel})) == []
    write(site, "content/" + rel, "---\ntitle: [\n---\n")  # an error: nothing written
    assert quick_pages(cache, frozenset({rel})) == []
    assert quick_pages(cache, frozenset({"posts/new.md"})) == []  # not a page yet
