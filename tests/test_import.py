"""`sharesite import`: WordPress and Blogger exports into a site, on small fixtures that
each reproduce a quirk of real exports (tests/fixtures/import/)."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from sharesite.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "import"
WXR = FIXTURES / "wxr-quirks.xml"


def _site(tmp_path: Path, base_url: str = "https://oldschool.example/blog/") -> Path:
    (tmp_path / "content").mkdir(parents=True)
    (tmp_path / "site.toml").write_text(f'title = "T"\nbase_url = "{base_url}"\n',
                                        encoding="utf-8")
    return tmp_path


def _run(site: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", "-C", str(site), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.stdout, result.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def test_wordpress_export_becomes_posts_pages_and_redirects(tmp_path: Path) -> None:
    site = _site(tmp_path)
    code, _, err = _run(site, str(WXR), "--media", str(FIXTURES / "uploads"),
                        "--comments", "archive")
    assert code == 0, err
    post = (site / "content/posts/farm-trip/index.md").read_text(encoding="utf-8")
    assert 'aliases: ["/2020/05/farm-trip/"]' in post
    assert 'id: "https://oldschool.example/blog/?p=10"' in post
    assert 'tags: ["Trips", "Farm animals"]' in post  # Uncategorized dropped
    assert 'summary: "We went to the farm."' in post  # <!--more-->
    assert 'cover: "cow.jpg"' in post
    assert "<figcaption>The cow we met</figcaption>" in post
    assert 'src="cow.jpg"' in post and 'src="sheep.jpg"' in post  # variant → original
    assert "](letter.pdf)" in post
    assert "https://www.youtube-nocookie.com/embed/abcdefghijk" in post
    assert "## Comments (archived)" in post and "Sam's Dad" in post
    assert "Buy pills" not in post  # unapproved comment
    assert (site / "content/posts/farm-trip/cow.jpg").read_bytes() == \
        (FIXTURES / "uploads/2020/05/cow.jpg").read_bytes()
    assert (site / "content/posts/farm-trip/letter.pdf").is_file()
    draft = (site / "content/posts/post-20/index.md").read_text(encoding="utf-8")
    assert "draft: true" in draft and "aliases" not in draft
    scheduled = (site / "content/posts/sports-day/index.md").read_text(encoding="utf-8")
    assert 'date: "2030-07-01 09:00"' in scheduled and "draft" not in scheduled
    assert not (site / "content/posts/staff").exists()  # private
    assert not (site / "content/posts/parents").exists()  # password-protected
    assert 'aliases: ["/about/"]' not in (site / "content/pages/about.md").read_text()
    assert (site / "content/authors/ms-smith.md").read_text(encoding="utf-8") == \
        '---\nname: "Ms Smith"\n---\n'
    redirects = tomllib.loads((site / "redirects.toml").read_text(encoding="utf-8"))
    assert redirects["redirects"]["/category/trips/"] == "/tags/trips/"
    assert redirects["redirects"]["/category/trips/feed/"] == "/tags/trips/feed.xml"
    assert redirects["redirects"]["/tag/farm-animals/"] == "/tags/farm-animals/"
    assert redirects["redirects"]["/feed/"] == "/feed.xml"
    assert redirects["redirects"]["/author/msmith/"] == "/authors/ms-smith/"
    assert (site / "redirects.toml").read_text().startswith("# Old addresses")
    report = (site / "import-report.md").read_text(encoding="utf-8")
    assert "?p=20" in report and "/tags/ is one of sharesite's own pages" in report
    assert "removed script from tracker.example.net" in report
    assert "removed iframe from ads.example.com" in report
    assert "shortcode [contact-form-7] left as text" in report
    assert "media not found: https://oldschool.example/blog/wp-content/uploads/2020/05/" \
        "song.mp3" in report
    assert "wxr-quirks.xml:6: warning: the prefix atom:" in err
    assert "<wp:wp_author> read as <wp:author>" in err
    assert "wxr-quirks.xml:116: warning: the slug has right-to-left" in err
    for rel, data in _files(site / "content").items():
        if rel.endswith(".md"):
            text = data.decode("utf-8")
            for bad in ("<script", "javascript:", "[caption", "[gallery", "wp:paragraph",
                        "192.0.2.7", "dad.example", "letmein", "Secret."):
                assert bad not in text, (rel, bad)
            assert not re.search(r"\son[a-z]+=", text), rel
            assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), rel


def test_reimport_changes_nothing(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert _run(site, str(WXR), "--media", str(FIXTURES / "uploads"))[0] == 0
    before = _files(site)
    assert _run(site, str(WXR), "--media", str(FIXTURES / "uploads"))[0] == 0
    assert _files(site) == before


def test_redirects_file_only_gains_lines(tmp_path: Path) -> None:
    site = _site(tmp_path)
    own = '# mine\n[redirects]\n"/feed/" = "/rss.xml"\n'
    (site / "redirects.toml").write_text(own, encoding="utf-8")
    assert _run(site, str(WXR))[0] == 0
    text = (site / "redirects.toml").read_text(encoding="utf-8")
    assert text.startswith(own) and text.count('"/feed/"') == 1
    assert '"/category/trips/" = "/tags/trips/"' in text


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    site = _site(tmp_path)
    before = _files(site)
    code, out, _ = _run(site, str(WXR), "--dry-run")
    assert code == 0
    assert "# Import report" in out and "dry run" in out
    assert _files(site) == before


@pytest.mark.parametrize(("name", "args", "message"), [
    ("malformed.xml", (), "sharesite: malformed.xml:5:21: this is not well-formed XML: "
     "mismatched tag (the file was cut short or edited; export it again from the blog's "
     "dashboard, or fix the XML at that place)"),
    ("entities.xml", (), "sharesite: entities.xml:2:16: the file declares a DTD or entities"),
    ("not-an-export.xml", (), "sharesite: not-an-export.xml:1:1: this is not a WordPress "
     "export, a Blogger export or a feed"),
    ("blogger-app-prefix.xml", ("--format", "wordpress"), "sharesite: blogger-app-prefix.xml:"
     "1:1: this is not a WordPress export (WXR)"),
    ("wxr-quirks.xml", ("--format", "blogger"), "sharesite: wxr-quirks.xml:1:1: this is not "
     "a Blogger export"),
])
def test_bad_files_say_what_is_wrong_and_write_nothing(tmp_path: Path, name: str,
                                                       args: tuple[str, ...],
                                                       message: str) -> None:
    site = _site(tmp_path)
    before = _files(site)
    code, _, err = _run(site, str(FIXTURES / name), *args)
    assert code == 1
    assert err.startswith(message), err
    assert "Traceback" not in err
    assert _files(site) == before


def test_blogger_backup_with_undeclared_app_prefix(tmp_path: Path) -> None:
    site = _site(tmp_path, "https://newschool.example/")
    code, _, err = _run(site, str(FIXTURES / "blogger-app-prefix.xml"), "--comments",
                        "archive")
    assert code == 0, err
    assert "warning: the prefix app: is used but never declared" in err
    post = (site / "content/posts/volcanoes/index.md").read_text(encoding="utf-8")
    assert 'aliases: ["/2012/03/volcanoes.html"]' in post
    assert 'id: "tag:blogger.com,1999:blog-42.post-7"' in post
    assert 'tags: ["Science Week"]' in post
    assert "Great volcano!" in post and "parent@home.example" not in post
    assert "jones@school.example" not in _files(site)["content/authors/mr-jones.md"].decode()
    draft = (site / "content/posts/unfinished/index.md").read_text(encoding="utf-8")
    assert "draft: true" in draft
    redirects = tomllib.loads((site / "redirects.toml").read_text(encoding="utf-8"))
    assert redirects["redirects"]["/search/label/Science%20Week"] == "/tags/science-week/"
    assert redirects["redirects"]["/feeds/posts/default"] == "/feed.xml"
    report = (site / "import-report.md").read_text(encoding="utf-8")
    assert "classblog.blogspot.com cannot redirect by themselves" in report


@pytest.fixture
def uploads_server(tmp_path: Path) -> Iterator[str]:
    www = tmp_path / "www"
    shutil.copytree(FIXTURES / "uploads", www / "wp-content" / "uploads")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join()


def test_download_media_from_the_old_site(tmp_path: Path, uploads_server: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    export = tmp_path / "export.xml"
    export.write_text(WXR.read_text(encoding="utf-8").replace(
        "https://oldschool.example/blog/wp-content/uploads", uploads_server +
        "/wp-content/uploads"), encoding="utf-8")
    site = _site(tmp_path / "site")
    code, _, err = _run(site, str(export), "--download-media")
    assert code == 0, err
    folder = site / "content/posts/farm-trip"
    assert (folder / "cow.jpg").read_bytes() == (FIXTURES / "uploads/2020/05/cow.jpg") \
        .read_bytes()
    report = (site / "import-report.md").read_text(encoding="utf-8")
    assert "song.mp3 (the server answered 404)" in report
