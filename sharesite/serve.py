"""`sharesite serve`: build, serve the output under the base path, rebuild on change.

The server binds 127.0.0.1 unless told otherwise and serves only files inside the output
folder: paths are decoded, normalised and checked before any file is opened.
"""

from __future__ import annotations

import http.server
import ipaddress
import logging
import mimetypes
import posixpath
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sharesite.build import BuildOptions, BuildResult, build

log = logging.getLogger(__name__)


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


def _handler(state: _State) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "sharesite"

        def do_GET(self) -> None:
            self._respond(body=True)

        def do_HEAD(self) -> None:
            self._respond(body=False)

        def _respond(self, body: bool) -> None:
            output, base = state.output_dir, state.base_path
            path = urlsplit(self.path).path
            if path in ("", "/") and base != "/":
                self.send_response(302)
                self.send_header("Location", base)
                self.end_headers()
                return
            target = resolve_request(output, base, self.path)
            if target is None and path.startswith(base) and not path.endswith("/") and \
                    resolve_request(output, base, path + "/") is not None:
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            status = 200
            if target is None:
                status = 404
                target = resolve_request(output, base, base + "404.html")
            data = target.read_bytes() if target else b"Not found"
            ctype = _content_type(target.name if target else "x.txt")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            log.debug(format, *args)

    return Handler


def _content_type(name: str) -> str:
    ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if ctype.startswith("text/") or ctype in ("application/javascript", "application/json",
                                              "image/svg+xml", "application/xml"):
        ctype += "; charset=utf-8"
    if name.endswith("feed.xml"):
        ctype = "application/atom+xml; charset=utf-8"
    return ctype


class _State:
    def __init__(self, output_dir: Path, base_path: str) -> None:
        self.output_dir = output_dir
        self.base_path = base_path


def _print_result(result: BuildResult) -> None:
    for diagnostic in result.diagnostics:
        print(diagnostic)
    if result.ok:
        print(f"Built {result.pages} pages in {result.seconds:.2f} s")
    else:
        print(f"Build failed ({result.errors} errors): still serving the last good site")


def make_server(output_dir: Path, base_path: str, host: str = "127.0.0.1",
                port: int = 0) -> http.server.ThreadingHTTPServer:
    """A server for a built site under its base path, as GitHub Pages serves it
    (port 0: any free port; `server.server_address[1]` tells which)."""
    server = http.server.ThreadingHTTPServer((host, port), _handler(_State(output_dir,
                                                                           base_path)))
    server.daemon_threads = True
    return server


def serve(site_dir: Path, host: str, port: int, options: BuildOptions) -> None:
    result = build(site_dir, options)
    _print_result(result)
    config = result.config
    if not _is_loopback(host):
        print(f"Warning: listening on {host}: other computers on the network can see the site")
    server = make_server(config.output_dir, config.base_path, host, port)
    shown = host if ":" not in host else f"[{host}]"
    print(f"Serving at http://{shown}:{server.server_address[1]}{config.base_path} "
          "(Ctrl-C to stop)")
    watcher = _watch(site_dir, options)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        server.server_close()
        if watcher is not None:
            watcher.stop()


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _watch(site_dir: Path, options: BuildOptions) -> Any:
    """Rebuild when content/, themes/ or site.toml change (a burst is one rebuild)."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

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
            if event.event_type in ("opened", "closed_no_write") or (event.is_directory \
                    and event.event_type == "modified"):
                return
            paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
            if any(relevant(p) for p in paths if p):
                changed.set()

    def rebuild() -> None:
        while True:
            changed.wait()
            time.sleep(0.15)
            changed.clear()
            try:
                _print_result(build(site_dir, options))
            except Exception as exc:
                print(f"Rebuild failed: {exc}")

    observer = Observer()
    handler = OnChange()
    for name in ("content", "themes"):
        if (site_dir / name).is_dir():
            observer.schedule(handler, str(site_dir / name), recursive=True)
    observer.schedule(handler, str(site_dir), recursive=False)
    observer.daemon = True
    observer.start()
    threading.Thread(target=rebuild, daemon=True).start()
    return observer
