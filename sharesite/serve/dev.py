"""`sharesite serve`: build, serve the output under the base path, rebuild on change, and
reload the open pages.

A `DevServer` is one session: the first build, the server (`serve.http`), the file watcher
(`serve.watch`), one BuildCache for every rebuild, and a thread that indexes search once
edits pause. All it has to tell goes through one function, `report` (by default printed
at once to stdout), so tests or another front end can take the messages instead.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from sharesite.build import BuildOptions, BuildResult, build
from sharesite.cache import BuildCache
from sharesite.config import load_config
from sharesite.errors import ConfigError, Diagnostic, UsageError
from sharesite.outputs import Output
from sharesite.publish.output import update
from sharesite.render.search import FOLDER as SEARCH
from sharesite.render.shards import ENTRY, index_site, shards
from sharesite.serve.http import Preview, make_server
from sharesite.serve.quick import quick_pages
from sharesite.serve.watch import watch
from sharesite.site.links import quote_path


def print_report(message: str) -> None:
    """The default `report`: each message printed at once, as a line of the terminal."""
    print(message, flush=True)


class DevServer:
    """`sharesite serve` without the terminal: build, serve, watch, rebuild, reload.

    Rebuilds are incremental (one BuildCache for the session); an edit to a page's own
    text writes that page first (`quick`); search is indexed aside, after the rebuild."""

    def __init__(self, site_dir: Path, host: str = "127.0.0.1", port: int = 8000,
                 options: BuildOptions | None = None, poll: bool = False,
                 report: Callable[[str], None] = print_report) -> None:
        self.report = report  # everything the session tells, one message at a time
        self.site_dir = site_dir.resolve()
        self.options = replace(options or BuildOptions(), search=False, in_place=True)
        self.preview = Preview()
        self.cache = BuildCache()
        self._lock = threading.Lock()  # one build (or index update) at a time
        if _multilingual(site_dir):  # each language's index, made by the build itself
            self.options = replace(self.options, search=True)
        first = build(site_dir, self.options, self.cache)  # exit-2 errors: nothing to serve
        self._report_result(first)
        self.config = first.config
        self.preview.update(_errors_of(first))
        self.server = make_server(first.config.output_dir, first.config.base_path, host, port,
                                  self.preview)
        self._serving = threading.Event()
        self._search = _SearchIndexer(self) if first.config.search and \
            not self.options.search else None
        if self._search and first.ok:
            self._search.request()
        self._watcher = watch(site_dir, self.rebuild, poll, self.report)

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
                    self.report(f"Updated {', '.join(written)} in "
                                f"{time.perf_counter() - start:.2f} s")
            try:
                result = build(self.site_dir, self.options, self.cache, dirty=edited)
            except (ConfigError, UsageError) as exc:
                errors = tuple(exc.diagnostics) if isinstance(exc, ConfigError) else ()
                self.report(f"Build failed: {exc}")
                self.preview.update(errors)
                return
            if result.config.output_dir != self.config.output_dir or \
                    result.config.base_path != self.config.base_path:
                self.report("site.toml changed where the site is served: "
                            "restart sharesite serve")
            self._report_result(result)
            self.preview.update(_errors_of(result), self._urls(result.updated))
        if self._search and result.ok and any(p.endswith(".html") for p in result.updated):
            self._search.request()

    def _urls(self, outputs: Iterable[str]) -> list[str]:
        """Output files as the URL paths pages know themselves by."""
        return [self.config.base_path + quote_path(path.removesuffix("index.html"))
                for path in outputs]

    def _report_result(self, result: BuildResult) -> None:
        for diagnostic in result.diagnostics:
            self.report(str(diagnostic))
        if result.ok:
            files = len(result.updated)
            self.report(f"Built {result.pages} pages in {result.seconds:.2f} s ({files} file"
                        f"{'' if files == 1 else 's'} changed)")
        else:
            self.report(f"Build failed ({result.errors} errors): the browser shows them until "
                        "they are fixed")

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
                self.dev.report(f"Search index not updated: {exc}")

    def _index(self) -> None:
        dev = self.dev
        with dev._lock:
            site, records = dev.cache.site, dict(dev.cache.outputs)
            generation = dev.preview.generation
        if site is None:
            return
        out = site.config.output_dir
        pages = [Output(path, kept=True) for path in sorted(records) if path.endswith(".html")]
        last = {p: r for p, r in records.items() if p.startswith(SEARCH)}
        there = {p: r for p, r in last.items() if (out / p).is_file()}
        start = time.perf_counter()
        index, after = index_site(site, pages, records, there, last,
                                  lambda path: (out / path).read_bytes())
        with dev._lock:
            if dev.preview.generation != generation:  # rebuilt meanwhile: index that instead
                self._wanted.set()
                return
            before = {p: r for p, r in dev.cache.outputs.items() if p.startswith(SEARCH)}
            update(index, before, after, out)
            dev.cache.outputs = {**{p: r for p, r in dev.cache.outputs.items()
                                    if not p.startswith(SEARCH)}, **after}
        made = sum(1 for o in index if not o.kept and o.path.endswith(ENTRY))
        dev.report(f"Search index updated: {made} of {shards(after)} shards indexed again in "
                   f"{time.perf_counter() - start:.1f} s")


def _multilingual(site_dir: Path) -> bool:
    """Whether the site is in several languages (its settings' problems: the build's)."""
    try:
        return load_config(site_dir)[0].multilingual
    except ConfigError:
        return False


def _errors_of(result: BuildResult) -> tuple[Diagnostic, ...]:
    return tuple(d for d in result.diagnostics if d.is_error)


def serve(site_dir: Path, host: str, port: int, options: BuildOptions,
          poll: bool = False, open_browser: bool = False,
          report: Callable[[str], None] = print_report) -> None:
    """Run `sharesite serve` until Ctrl-C, telling `report` what happens."""
    if not _is_loopback(host):
        report(f"Warning: listening on {host}: other computers on the network can see the site")
    dev = DevServer(site_dir, host, port, options, poll, report)
    report(f"Serving at {dev.url} (Ctrl-C to stop)")
    if open_browser:
        import webbrowser

        webbrowser.open(dev.url)
    try:
        dev.serve_forever()
    except KeyboardInterrupt:
        report("\nStopped.")
    finally:
        dev.close()


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
