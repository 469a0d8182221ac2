"""The dev server's HTTP side: the built site under its base path, as GitHub Pages serves
it, plus (with a `Preview`) the reload script, its event stream and the build's errors.

The server binds 127.0.0.1 unless told otherwise and serves only files inside the output
folder: paths are decoded, normalised and checked before any file is opened. While a build
is failing, every page shows the errors instead (file, line, how to fix), and the open
pages reload by themselves when a build succeeds again. The reload script is added to pages
as they are served; the built files never contain it.
"""

from __future__ import annotations

import html
import http.server
import json
import logging
import mimetypes
import posixpath
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sharesite.errors import Diagnostic

log = logging.getLogger(__name__)

# Served beside the site, under its base path; never written to the output.
RELOAD_PATH = "__sharesite/"
_RELOAD_JS = b"""// sharesite serve: reload this page when a rebuild changes it.
(() => {
  const script = document.currentScript;
  let seen = script.dataset.generation;
  const here = location.pathname.replace(/index\\.html$/, "");
  const events = new EventSource(script.src.replace(/reload\\.js$/, "events"));
  events.onmessage = (event) => {
    const news = JSON.parse(event.data);
    if (String(news.generation) === seen) return;
    if (news.pages === null || news.pages.includes(here)) location.reload();
    else seen = String(news.generation);
  };
})();
"""


def resolve_request(output_dir: Path, base_path: str, request_path: str) -> Path | None:
    """The file to serve for a request path, or None when nothing (safe) is there."""
    path = unquote(urlsplit(request_path).path)
    if not path.startswith(base_path) or "\\" in path or "\x00" in path:
        return None
    rel = path[len(base_path):]
    parts = rel.split("/")
    if any(part in ("..", ".") for part in parts):
        return None
    clean = posixpath.normpath("/" + rel).lstrip("/")
    target = output_dir / clean if clean else output_dir
    if target.is_dir():
        if not path.endswith("/"):
            return None
        target = target / "index.html"
    root = output_dir.resolve()
    try:
        real = target.resolve(strict=True)
    except (FileNotFoundError, RuntimeError, OSError):
        return None
    if not real.is_relative_to(root) or not real.is_file():
        return None
    return real


class Preview:
    """What `serve` shows: the build's generation (it counts builds and quick updates),
    its errors, and which pages each generation changed. Pages wait on it."""

    def __init__(self) -> None:
        self.generation = 0
        self.errors: tuple[Diagnostic, ...] = ()
        self.closed = False
        self._changed = threading.Condition()
        self._history: list[tuple[int, frozenset[str] | None]] = []

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def update(self, errors: tuple[Diagnostic, ...],
               pages: Iterable[str] | None = None) -> None:
        """A new generation. `pages`: the URL paths it changed (None: any page may have)."""
        with self._changed:
            if bool(errors) != bool(self.errors):
                pages = None  # every page shows the errors, or stops showing them
            self.errors = errors
            self.generation += 1
            self._history = [*self._history[-49:],
                             (self.generation, None if pages is None else frozenset(pages))]
            self._changed.notify_all()

    def wait(self, generation: int, timeout: float) -> int:
        """The generation once it differs from `generation`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != generation or self.closed,
                                   timeout)
            return self.generation

    def pages_since(self, generation: int) -> list[str] | None:
        """The pages changed after `generation` (None: any page may have)."""
        with self._changed:
            newer = [pages for number, pages in self._history if number > generation]
            if len(newer) < self.generation - generation or any(p is None for p in newer):
                return None
            return sorted(set().union(*(p for p in newer if p is not None)))


@dataclass(frozen=True)
class _Site:
    output_dir: Path
    base_path: str
    preview: Preview | None  # None: a plain static server (no reload, no error page)


def _handler(site: _Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "sharesite"
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._respond(body=True)

        def do_HEAD(self) -> None:
            self._respond(body=False)

        def _respond(self, body: bool) -> None:
            output, base, preview = site.output_dir, site.base_path, site.preview
            path = urlsplit(self.path).path
            if path in ("", "/") and base != "/":
                return self._send(302, b"", "text/plain", body, location=base)
            if preview is not None and path == base + RELOAD_PATH + "events":
                return self._events(preview)
            if preview is not None and path == base + RELOAD_PATH + "reload.js":
                return self._send(200, _RELOAD_JS, "text/javascript; charset=utf-8", body)
            target = resolve_request(output, base, self.path)
            if target is None and path.startswith(base) and not path.endswith("/") and \
                    resolve_request(output, base, path + "/") is not None:
                return self._send(301, b"", "text/plain", body, location=path + "/")
            status = 200
            if target is None:
                status = 404
                target = resolve_request(output, base, base + "404.html")
            name = target.name if target else "x.txt"
            if preview is not None and preview.errors and name.endswith(".html"):
                page = error_page(preview.errors, base, preview.generation)
                return self._send(500, page, "text/html; charset=utf-8", body)
            data = target.read_bytes() if target else b"Not found"
            if preview is not None and name.endswith(".html"):
                data = _with_reload(data, base, preview.generation)
            self._send(status, data, _content_type(name), body)

        def _send(self, status: int, data: bytes, ctype: str, body: bool,
                  location: str = "") -> None:
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                self.wfile.write(data)

        def _events(self, preview: Preview) -> None:
            """Server-sent events: the build's generation now, and after every build."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            generation = preview.generation
            try:
                self.wfile.write(b"retry: 500\n" + _event(generation, None))
                self.wfile.flush()
                while not preview.closed:
                    now = preview.wait(generation, timeout=10)
                    message = b": still here\n\n" if now == generation else _event(
                        now, preview.pages_since(generation))
                    generation = now
                    self.wfile.write(message)
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                return

        def log_message(self, format: str, *args: object) -> None:
            log.debug(format, *args)

    return Handler


def _event(generation: int, pages: list[str] | None) -> bytes:
    return f"data: {json.dumps({'generation': generation, 'pages': pages})}\n\n".encode()


def _with_reload(page: bytes, base: str, generation: int) -> bytes:
    tag = (f'<script src="{base}{RELOAD_PATH}reload.js" '
           f'data-generation="{generation}"></script>').encode()
    index = page.rfind(b"</body>")
    return page[:index] + tag + page[index:] if index >= 0 else page + tag


def error_page(errors: tuple[Diagnostic, ...], base: str, generation: int) -> bytes:
    """The page every address shows while the build fails: each error, then how to fix it."""
    items = "\n".join(
        f"<li><code>{html.escape(d.path)}{':' + str(d.line) if d.line else ''}</code> "
        f"{html.escape(d.message)}"
        + (f"<br><span class=\"hint\">{html.escape(d.hint)}</span>" if d.hint else "")
        + "</li>" for d in errors)
    count = f"{len(errors)} error{'' if len(errors) == 1 else 's'}"
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed: {count} — sharesite</title>
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 48rem;
       padding: 0 1rem; color: #1b1b1b; background: #fff; }}
h1 {{ color: #a4000f; font-size: 1.6rem; }}
li {{ margin: 0 0 1rem; }} code {{ font-weight: 600; }} .hint {{ color: #3d3d3d; }}
@media (prefers-color-scheme: dark) {{
  body {{ color: #eee; background: #161616; }} h1 {{ color: #ff9a9a; }}
  .hint {{ color: #c8c8c8; }} }}
</style>
</head>
<body>
<main>
<h1>The site did not build: {count}</h1>
<ol>
{items}
</ol>
<p>Fix the file and save it: this page will reload by itself.</p>
</main>
</body>
</html>
"""
    return _with_reload(page.encode(), base, generation)


def _content_type(name: str) -> str:
    ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if ctype.startswith("text/") or ctype in ("application/javascript", "application/json",
                                              "image/svg+xml", "application/xml"):
        ctype += "; charset=utf-8"
    if name.endswith("feed.xml"):
        ctype = "application/atom+xml; charset=utf-8"
    return ctype


def make_server(output_dir: Path, base_path: str, host: str = "127.0.0.1", port: int = 0,
                preview: Preview | None = None) -> http.server.ThreadingHTTPServer:
    """A server for a built site under its base path, as GitHub Pages serves it
    (port 0: any free port; `server.server_address[1]` tells which). With a `preview`, it
    also reloads open pages after each build and shows build errors."""
    server = http.server.ThreadingHTTPServer((host, port),
                                             _handler(_Site(output_dir, base_path, preview)))
    server.daemon_threads = True
    return server
