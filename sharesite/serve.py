"""`sharesite serve`: build, serve the output under the base path, rebuild on change, and
reload the open pages.

The server binds 127.0.0.1 unless told otherwise and serves only files inside the output
folder: paths are decoded, normalised and checked before any file is opened. While a build
is failing, every page shows the errors instead (file, line, how to fix), and the open
pages reload by themselves when a build succeeds again. The reload script is added to pages
as they are served; the built files never contain it.
"""

from __future__ import annotations

import html
import http.server
import ipaddress
import logging
import mimetypes
import posixpath
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sharesite.build import BuildOptions, BuildResult, build
from sharesite.errors import ConfigError, Diagnostic, UsageError

log = logging.getLogger(__name__)

# Served beside the site, under its base path; never written to the output.
RELOAD_PATH = "__sharesite/"
_RELOAD_JS = b"""// sharesite serve: reload this page when the site is rebuilt.
(() => {
  const script = document.currentScript;
  const seen = script.dataset.generation;
  const events = new EventSource(script.src.replace(/reload\\.js$/, "events"));
  events.onmessage = (event) => { if (event.data !== seen) location.reload(); };
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
    """What `serve` shows: the build's generation (it counts builds) and its errors.
    Pages wait on it to learn of the next build."""

    def __init__(self) -> None:
        self.generation = 0
        self.errors: tuple[Diagnostic, ...] = ()
        self.closed = False
        self._changed = threading.Condition()

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def update(self, errors: tuple[Diagnostic, ...]) -> None:
        with self._changed:
            self.errors = errors
            self.generation += 1
            self._changed.notify_all()

    def wait(self, generation: int, timeout: float) -> int:
        """The generation once it differs from `generation`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != generation or self.closed,
                                   timeout)
            return self.generation


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
                self.wfile.write(f"retry: 500\ndata: {generation}\n\n".encode())
                self.wfile.flush()
                while not preview.closed:
                    now = preview.wait(generation, timeout=10)
                    message = f"data: {now}\n\n" if now != generation else ": still here\n\n"
                    generation = now
                    self.wfile.write(message.encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                return

        def log_message(self, format: str, *args: object) -> None:
            log.debug(format, *args)

    return Handler


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
    """`sharesite serve` without the terminal: build, serve, watch, rebuild, reload."""

    def __init__(self, site_dir: Path, host: str = "127.0.0.1", port: int = 8000,
                 options: BuildOptions | None = None, poll: bool = False) -> None:
        self.site_dir = site_dir
        self.options = options or BuildOptions()
        self.preview = Preview()
        first = build(site_dir, self.options)  # ConfigError / UsageError: nothing to serve yet
        _print_result(first)
        self.config = first.config
        self.preview.update(_errors_of(first))
        self.server = make_server(first.config.output_dir, first.config.base_path, host, port,
                                  self.preview)
        self._serving = threading.Event()
        self._watcher = _watch(site_dir, self.rebuild, poll)

    @property
    def url(self) -> str:
        host, port = (str(part) for part in self.server.server_address[:2])
        shown = host if ":" not in host else f"[{host}]"
        return f"http://{shown}:{port}{self.config.base_path}"

    def rebuild(self) -> None:
        try:
            result = build(self.site_dir, self.options)
        except (ConfigError, UsageError) as exc:
            errors = tuple(exc.diagnostics) if isinstance(exc, ConfigError) else ()
            print(f"Build failed: {exc}")
            self.preview.update(errors)
            return
        _print_result(result)
        self.preview.update(_errors_of(result))

    def serve_forever(self) -> None:
        self._serving.set()
        self.server.serve_forever(poll_interval=0.2)

    def close(self) -> None:
        self.preview.close()  # ends the event streams
        if self._serving.is_set():  # shutdown() waits for serve_forever: only if it ran
            self.server.shutdown()
        self.server.server_close()
        self._watcher.stop()


def _errors_of(result: BuildResult) -> tuple[Diagnostic, ...]:
    return tuple(d for d in result.diagnostics if d.is_error)


def _print_result(result: BuildResult) -> None:
    for diagnostic in result.diagnostics:
        print(diagnostic, flush=True)
    if result.ok:
        print(f"Built {result.pages} pages in {result.seconds:.2f} s", flush=True)
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
    root = site_dir.resolve()

    def relevant(path: str) -> bool:
        """Only the site's own inputs: not the output swapping in beside them."""
        try:
            rel = Path(path).resolve().relative_to(root).as_posix()
        except ValueError:
            return False
        return rel == "site.toml" or rel.startswith(("content/", "themes/"))

    class OnChange(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write") or (
                    event.is_directory and event.event_type == "modified"):
                return
            paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
            if any(relevant(p) for p in paths if p):
                changed.set()

    def loop() -> None:
        while True:
            changed.wait()
            time.sleep(0.05)  # gather the rest of a burst (an editor's save is several events)
            changed.clear()
            try:
                rebuild()
            except Exception as exc:
                print(f"Rebuild failed: {exc}")

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
