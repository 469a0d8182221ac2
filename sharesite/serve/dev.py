"""`sharesite serve`: build, serve the output under the base path, rebuild on change, and
reload the open pages.

The server binds 127.0.0.1 unless told otherwise and serves only files inside the output
folder: paths are decoded, normalised and checked before any file is opened. While a build
is failing, every page shows the errors instead (file, line, how to fix), and the open
pages reload by themselves when a build succeeds again. The reload script is added to pages
as they are served; the built files never contain it.
"""

from __future__ import annotations

import contextlib
import html
import http.server
import ipaddress
import json
import logging
import mimetypes
import os
import posixpath
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sharesite.build import BuildOptions, BuildResult, build
from sharesite.cache import BuildCache
from sharesite.digest import content_digest
from sharesite.errors import ConfigError, Diagnostic, UsageError
from sharesite.outputs import Output, OutputRecord
from sharesite.publish.output import update
from sharesite.render.search import FOLDER as SEARCH
from sharesite.render.search import index_site
from sharesite.serve.quick import quick_pages
from sharesite.site.links import quote_path

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


class DevServer:
    """`sharesite serve` without the terminal: build, serve, watch, rebuild, reload.

    Rebuilds are incremental (one BuildCache for the session); an edit to a page's own
    text writes that page first (`quick`); search is indexed aside, after the rebuild."""

    def __init__(self, site_dir: Path, host: str = "127.0.0.1", port: int = 8000,
                 options: BuildOptions | None = None, poll: bool = False) -> None:
        self.site_dir = site_dir.resolve()
        self.options = replace(options or BuildOptions(), search=False, in_place=True)
        self.preview = Preview()
        self.cache = BuildCache()
        self._lock = threading.Lock()  # one build (or index update) at a time
        first = build(site_dir, self.options, self.cache)  # exit-2 errors: nothing to serve
        _print_result(first)
        self.config = first.config
        self.preview.update(_errors_of(first))
        self.server = make_server(first.config.output_dir, first.config.base_path, host, port,
                                  self.preview)
        self._serving = threading.Event()
        self._search = _SearchIndexer(self) if first.config.search else None
        if self._search and first.ok:
            self._search.request()
        self._watcher = _watch(site_dir, self.rebuild, poll)

    @property
    def url(self) -> str:
        host, port = (str(part) for part in self.server.server_address[:2])
        shown = host if ":" not in host else f"[{host}]"
        return f"http://{shown}:{port}{self.config.base_path}"

    def rebuild(self, changed: Iterable[Path] = ()) -> None:
        """Bring the site up to date after `changed` files (all of them: unknown)."""
        content = self.site_dir / "content"
        edited = frozenset(p.relative_to(content).as_posix()
                           for p in changed if p.is_relative_to(content))
        only_content = all(p.is_relative_to(content) for p in changed) and bool(edited)
        with self._lock:
            start = time.perf_counter()
            if only_content and not self.preview.errors:
                written = quick_pages(self.cache, edited)
                if written:
                    self.preview.update((), self._urls(written))
                    print(f"Updated {', '.join(written)} in "
                          f"{time.perf_counter() - start:.2f} s", flush=True)
            try:
                result = build(self.site_dir, self.options, self.cache, dirty=edited)
            except (ConfigError, UsageError) as exc:
                errors = tuple(exc.diagnostics) if isinstance(exc, ConfigError) else ()
                print(f"Build failed: {exc}", flush=True)
                self.preview.update(errors)
                return
            if result.config.output_dir != self.config.output_dir or \
                    result.config.base_path != self.config.base_path:
                print("site.toml changed where the site is served: restart sharesite serve",
                      flush=True)
            _print_result(result)
            self.preview.update(_errors_of(result), self._urls(result.updated))
        if self._search and result.ok and any(p.endswith(".html") for p in result.updated):
            self._search.request()

    def _urls(self, outputs: Iterable[str]) -> list[str]:
        """Output files as the URL paths pages know themselves by."""
        return [self.config.base_path + quote_path(path.removesuffix("index.html"))
                for path in outputs]

    def serve_forever(self) -> None:
        self._serving.set()
        self.server.serve_forever(poll_interval=0.2)

    def close(self) -> None:
        self.preview.close()  # ends the event streams
        if self._serving.is_set():  # shutdown() waits for serve_forever: only if it ran
            self.server.shutdown()
        self.server.server_close()
        self._watcher.stop()
        if self._search:
            self._search.stop()


class _SearchIndexer:
    """Indexes the site for search on a thread of its own, once edits pause: Pagefind
    takes seconds on a big site, and an edit should not wait for it."""

    QUIET = 1.0  # seconds without a rebuild before indexing starts

    def __init__(self, dev: DevServer) -> None:
        self.dev = dev
        self._wanted = threading.Event()
        self._stopped = False
        self._last = 0.0
        threading.Thread(target=self._loop, daemon=True, name="sharesite-search").start()

    def request(self) -> None:
        self._last = time.monotonic()
        self._wanted.set()

    def stop(self) -> None:
        self._stopped = True
        self._wanted.set()

    def _loop(self) -> None:
        # Below the rebuilds: Pagefind, started from this thread, inherits it (Linux).
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        while True:
            self._wanted.wait()
            while not self._stopped and time.monotonic() - self._last < self.QUIET:
                time.sleep(0.1)
            if self._stopped:
                return
            self._wanted.clear()
            try:
                self._index()
            except Exception as exc:  # the site is still served; search waits for a fix
                print(f"Search index not updated: {exc}", flush=True)

    def _index(self) -> None:
        dev = self.dev
        with dev._lock:
            site, records = dev.cache.site, dict(dev.cache.outputs)
            generation = dev.preview.generation
        if site is None:
            return
        out = site.config.output_dir
        pages = [Output(path, (out / path).read_bytes()) for path in sorted(records)
                 if path.endswith(".html")]
        start = time.perf_counter()
        index = index_site(site, pages)
        with dev._lock:
            if dev.preview.generation != generation:  # rebuilt meanwhile: index that instead
                self._wanted.set()
                return
            before = {p: r for p, r in dev.cache.outputs.items() if p.startswith(SEARCH)}
            after = {o.path: OutputRecord("", data=content_digest(o.data)) for o in index}
            update(index, before, after, out)
            dev.cache.outputs = {**{p: r for p, r in dev.cache.outputs.items()
                                    if not p.startswith(SEARCH)}, **after}
        print(f"Search index updated: {len(pages)} pages in "
              f"{time.perf_counter() - start:.1f} s", flush=True)


def _errors_of(result: BuildResult) -> tuple[Diagnostic, ...]:
    return tuple(d for d in result.diagnostics if d.is_error)


def _print_result(result: BuildResult) -> None:
    for diagnostic in result.diagnostics:
        print(diagnostic, flush=True)
    if result.ok:
        files = len(result.updated)
        print(f"Built {result.pages} pages in {result.seconds:.2f} s ({files} file"
              f"{'' if files == 1 else 's'} changed)", flush=True)
    else:
        print(f"Build failed ({result.errors} errors): the browser shows them until they "
              "are fixed", flush=True)


def serve(site_dir: Path, host: str, port: int, options: BuildOptions,
          poll: bool = False, open_browser: bool = False) -> None:
    if not _is_loopback(host):
        print(f"Warning: listening on {host}: other computers on the network can see the site")
    dev = DevServer(site_dir, host, port, options, poll)
    print(f"Serving at {dev.url} (Ctrl-C to stop)", flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(dev.url)
    try:
        dev.serve_forever()
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        dev.close()


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _watch(site_dir: Path, rebuild: Any, poll: bool) -> Any:
    """Call `rebuild` when content/, themes/ or site.toml change; a burst is one rebuild."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    changed = threading.Event()
    lock = threading.Lock()
    pending: set[Path] = set()
    root = site_dir.resolve()

    def relevant(path: str) -> Path | None:
        """Only the site's own inputs: not the output swapping in beside them."""
        full = Path(path).resolve()
        try:
            rel = full.relative_to(root).as_posix()
        except ValueError:
            return None
        return full if rel == "site.toml" or rel.startswith(("content/", "themes/")) else None

    class OnChange(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write") or (
                    event.is_directory and event.event_type == "modified"):
                return
            paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
            found = [full for p in paths if p and (full := relevant(p)) is not None]
            if found:
                with lock:
                    pending.update(found)
                changed.set()

    def loop() -> None:
        while True:
            changed.wait()
            time.sleep(0.03)  # gather the rest of a burst (an editor's save is several events)
            with lock:
                changed.clear()
                paths = set(pending)
                pending.clear()
            try:
                rebuild(paths)
            except Exception as exc:
                print(f"Rebuild failed: {exc}", flush=True)

    observer = PollingObserver(timeout=0.5) if poll else Observer()
    handler = OnChange()
    for name in ("content", "themes"):
        if (site_dir / name).is_dir():
            observer.schedule(handler, str(site_dir / name), recursive=True)
    observer.schedule(handler, str(site_dir), recursive=False)
    observer.daemon = True
    observer.start()
    threading.Thread(target=loop, daemon=True).start()
    return observer
