"""The commands: help, version, init, new, python -m, and serve (its path resolver and a
real server on a free port)."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support import build, crawl, make_site, out, parse, read, run, tree

from sharesite import __version__
from sharesite.cli import main
from sharesite.serve.http import resolve_request

POST = {"content/posts/2024-01-05-hello.md": "---\ntitle: Hello\n---\nThe first post.\n"}


def test_version() -> None:
    result = run(None, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"sharesite, version {__version__}\n"


@pytest.mark.parametrize("command", [None, *sorted(main.commands)])
def test_help(command: str | None) -> None:
    args = ["--help"] if command is None else [command, "--help"]
    result = run(None, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Usage: ")
    assert result.stderr == ""
    if command is None:
        for name in ("build", "check", "serve", "init", "new"):
            assert re.search(rf"^\s+{name}\s", result.stdout, re.M), name


def test_unknown_command_is_a_usage_error() -> None:
    result = run(None, "publish")
    assert result.exit_code == 2
    assert "No such command 'publish'" in result.stderr


# --- init -----------------------------------------------------------------------------------

def test_init_writes_the_promised_files_and_the_site_builds_cleanly(tmp_path: Path) -> None:
    site = tmp_path / "new-site"
    result = run(None, "init", str(site), "--base-url", "https://school.github.io/year5/")
    assert result.exit_code == 0, result.stderr
    files = tree(site)
    assert "site.toml" in files
    assert ".gitignore" in files
    assert [f for f in files if re.fullmatch(r"content/posts/\d{4}-\d\d-\d\d-[a-z-]+\.md", f)]
    assert [f for f in files if re.fullmatch(r"content/resources/[a-z-]+/index\.md", f)]
    assert [f for f in files if f.startswith("content/authors/")]
    assert result.stdout.splitlines() == [(site / f).as_posix() for f in
                                          sorted(files, key=result.stdout.index)]
    assert "_site/" in (site / ".gitignore").read_text().splitlines()

    built = run(site, "build")
    assert built.exit_code == 0, built.stderr
    assert built.stderr == ""
    assert "warning" not in built.stdout
    assert crawl(out(site), "https://school.github.io/year5/") == []
    checked = run(site, "check")
    assert checked.exit_code == 0
    assert checked.lines == ["Checked new-site: no problems found."]


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    site = tmp_path / "s"
    site.mkdir()
    (site / "site.toml").write_text("# mine\n", encoding="utf-8")
    result = run(None, "init", str(site))
    assert result.exit_code == 2
    assert result.lines == [f"sharesite: {site} already has site.toml: init never overwrites "
                            "(choose an empty folder)"]
    assert (site / "site.toml").read_text(encoding="utf-8") == "# mine\n"
    assert tree(site) == ["site.toml"]


def test_init_twice(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert run(None, "init", str(site)).exit_code == 0
    before = {f: (site / f).read_bytes() for f in tree(site)}
    again = run(None, "init", str(site))
    assert again.exit_code == 2
    assert "init never overwrites" in again.stderr
    assert {f: (site / f).read_bytes() for f in tree(site)} == before


# --- new ------------------------------------------------------------------------------------

def today() -> str:
    return dt.datetime.now(ZoneInfo("Europe/London")).date().isoformat()


def test_new_post(tmp_path: Path) -> None:
    site = make_site(tmp_path, POST)
    result = run(site, "new", "post", "Café Maths")
    assert result.exit_code == 0, result.stderr
    rel = f"content/posts/{today()}-cafe-maths.md"
    assert result.stdout == rel + "\n"
    text = (site / rel).read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: \"Café Maths\"\n")
    build(site)
    assert "<title>Café Maths — Test School</title>" in read(site,
                                                             "posts/cafe-maths/index.html")


def test_new_post_with_quotes_and_colon_in_title(tmp_path: Path) -> None:
    site = make_site(tmp_path, POST)
    result = run(site, "new", "post", 'Ratio: "part" and whole')
    assert result.exit_code == 0
    build(site)
    page = read(site, "posts/ratio-part-and-whole/index.html")
    assert parse(page).meta("og:title") == 'Ratio: "part" and whole'


def test_new_resource_makes_a_bundle(tmp_path: Path) -> None:
    site = make_site(tmp_path, POST)
    result = run(site, "new", "resource", "Fraction Wall Mats")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "content/resources/fraction-wall-mats/index.md\n"
    assert (site / "content/resources/fraction-wall-mats").is_dir()
    (site / "content/resources/fraction-wall-mats/mats.pdf").write_bytes(b"%PDF-1.4\n")
    build(site)
    assert "Fraction Wall Mats" in read(site, "resources/fraction-wall-mats/index.html")


def test_new_page(tmp_path: Path) -> None:
    site = make_site(tmp_path, POST)
    result = run(site, "new", "page", "Contact us")
    assert result.exit_code == 0
    assert result.stdout == "content/pages/contact-us.md\n"
    build(site)
    assert "<title>Contact us — Test School</title>" in read(site, "contact-us/index.html")


@pytest.mark.parametrize(("kind", "title", "rel"), [
    ("post", "Hello again", "content/posts/{today}-hello-again.md"),
    ("resource", "Mats", "content/resources/mats/index.md"),
    ("page", "About", "content/pages/about.md"),
])
def test_new_never_overwrites(tmp_path: Path, kind: str, title: str, rel: str) -> None:
    site = make_site(tmp_path, POST)
    rel = rel.format(today=today())
    assert run(site, "new", kind, title).exit_code == 0
    (site / rel).write_text("---\ntitle: Mine\n---\nmy words\n", encoding="utf-8")
    result = run(site, "new", kind, title)
    assert result.exit_code == 2
    assert result.lines == [f"sharesite: {rel} already exists (choose another title, or edit "
                            "that file)"]
    assert (site / rel).read_text(encoding="utf-8") == "---\ntitle: Mine\n---\nmy words\n"


def test_new_with_no_letters(tmp_path: Path) -> None:
    site = make_site(tmp_path, POST)
    result = run(site, "new", "post", "!!!")
    assert result.exit_code == 2
    assert result.lines == ["sharesite: cannot make a file name from '!!!' "
                            "(use some letters or digits)"]
    assert tree(site / "content") == ["posts/2024-01-05-hello.md"]


def test_new_outside_a_site(tmp_path: Path) -> None:
    result = run(tmp_path, "new", "post", "Hello")
    assert result.exit_code == 2
    assert result.lines[0].startswith("site.toml: no site.toml in ")


# --- python -m sharesite, for real -----------------------------------------------------------

def python_m(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sharesite", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60, check=False)


def test_python_m_help() -> None:
    proc = python_m("--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Usage: ")
    assert "Traceback" not in proc.stderr


def test_python_m_exit_codes(tmp_path: Path) -> None:
    good = make_site(tmp_path / "good", POST)
    proc = python_m("build", "-C", str(good))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Built ")

    bad = make_site(tmp_path / "bad", {
        "content/posts/2024-01-05-x.md": "---\ntitle: X\ndate: 2024-02-30\n---\nx\n"})
    proc = python_m("build", "-C", str(bad))
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        "content/posts/2024-01-05-x.md:3: date: '2024-02-30' is not a date "
        "(use YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time too)")
    assert "Traceback" not in proc.stderr

    proc = python_m("build", "-C", str(tmp_path / "nowhere"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    proc = python_m("build", "--no-such-option")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


# --- serve: the path resolver -----------------------------------------------------------------

@pytest.fixture
def served(tmp_path: Path) -> Path:
    output = tmp_path / "out"
    (output / "posts/hello").mkdir(parents=True)
    (output / "index.html").write_text("home", encoding="utf-8")
    (output / "posts/hello/index.html").write_text("post", encoding="utf-8")
    (output / "style.css").write_text("css", encoding="utf-8")
    (output / "404.html").write_text("not found", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets/key.txt").write_text("key", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", output / "leak.txt")
    os.symlink(tmp_path / "secrets", output / "leakdir")
    os.symlink(output / "style.css", output / "alias.css")  # stays inside: allowed
    return output


@pytest.mark.parametrize(("request_path", "expected"), [
    ("/sub/", "index.html"),
    ("/sub/index.html", "index.html"),
    ("/sub/posts/hello/", "posts/hello/index.html"),
    ("/sub/posts/hello/?utm=1#x", "posts/hello/index.html"),
    ("/sub/style.css", "style.css"),
    ("/sub/alias.css", "style.css"),
])
def test_resolve_request_serves_files_in_the_output(served: Path, request_path: str,
                                                    expected: str) -> None:
    assert resolve_request(served, "/sub/", request_path) == (served / expected).resolve()


@pytest.mark.parametrize("request_path", [
    "/sub/../secret.txt",
    "/sub/posts/../../secret.txt",
    "/sub/%2e%2e/secret.txt",
    "/sub/%2E%2E/secret.txt",
    "/sub/posts/%2e%2e/%2e%2e/secret.txt",
    "/sub/..%2fsecret.txt",
    "/sub/..\\secret.txt",
    "/sub/..%5csecret.txt",
    "/sub/posts%5c..%5c..%5csecret.txt",
    "/sub/index.html%00.txt",
    "/sub/index.html\x00",
    "/sub//etc/passwd",
    f"/sub/{'%2e%2e/' * 8}etc/passwd",
    "/etc/passwd",
    "//etc/passwd",
    "/secret.txt",
    "/sub/leak.txt",
    "/sub/leakdir/key.txt",
    "/sub/nothing-here/",
    "/sub/posts/hello",  # a folder without its slash: the server redirects instead
])
def test_resolve_request_refuses(served: Path, request_path: str) -> None:
    assert resolve_request(served, "/sub/", request_path) is None


# --- serve: a real server ---------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    site = make_site(tmp_path, POST)
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sharesite", "serve", "-C", str(site), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("serve did not start: " + proc.stderr.read()) from None
                time.sleep(0.1)
        yield site, port, proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_serve(server) -> None:  # type: ignore[no-untyped-def]
    site, port, proc = server

    status, _, body = get(port, "/sub/")
    assert status == 200
    assert b"<title>Test School</title>" in body

    status, headers, body = get(port, "/sub/posts/hello/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    # The page as built, with the reload script added on the way out (never on disk).
    built = (out(site) / "posts/hello/index.html").read_bytes()
    assert b"__sharesite" not in built
    assert re.sub(rb'<script src="/sub/__sharesite/reload\.js" data-generation="\d+"></script>',
                  b"", body) == built

    status, headers, _ = get(port, "/")
    assert status == 302
    assert headers["Location"] == "/sub/"

    status, headers, _ = get(port, "/sub/posts/hello")
    assert status in (301, 302)
    assert headers["Location"] == "/sub/posts/hello/"

    status, _, body = get(port, "/sub/no-such-page/")
    assert status == 404
    assert b"__sharesite/reload.js" in body
    assert body.startswith((out(site) / "404.html").read_bytes().split(b"</body>")[0])

    for attack in ("/sub/../secret.txt", "/sub/%2e%2e/%2e%2e/secret.txt",
                   "/sub/..%5c..%5csecret.txt", "/sub/%2e%2e/site.toml"):
        status, _, body = get(port, attack)
        assert status in (400, 404), attack
        assert b"secret" not in body
        assert b"title =" not in body

    status, headers, _ = get(port, "/sub/feed.xml")
    assert status == 200
    assert headers["Content-Type"].startswith("application/atom+xml")

    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=10)
    assert f"Serving at http://127.0.0.1:{port}/sub/" in stdout
    assert "Traceback" not in stderr


def listening_addresses(port: int) -> set[str]:
    """The IPv4 addresses something listens on at `port` (Linux: from /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def outside_address() -> str:
    """This machine's address on its network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(("192.0.2.1", 9))
        return str(sock.getsockname()[0])


def test_serve_listens_only_on_loopback_by_default(server) -> None:  # type: ignore[no-untyped-def]
    _, port, _ = server
    if sys.platform.startswith("linux"):
        assert listening_addresses(port) == {"127.0.0.1"}
    else:
        with pytest.raises(OSError):
            socket.create_connection((outside_address(), port), timeout=2).close()
