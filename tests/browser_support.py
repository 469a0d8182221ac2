"""What the browser tests share: the example site built and served under a sub-path, real
Chromium through Playwright, pages that record every console and page error, and axe-core.

Chromium is Debian's (`apt-get install chromium`): Playwright cannot download its own here.
axe-core comes from npm (`npm ci --prefix tests`)."""

from __future__ import annotations

import json
import logging
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from support import REPO, build

from sharesite.serve.http import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

BASE_URL = "https://example.github.io/sub/path/"
BASE_PATH = "/sub/path/"


@dataclass(frozen=True)
class Served:
    url: str  # http://127.0.0.1:PORT/sub/path/
    output: Path
    requests: list[str] = field(default_factory=list)  # every path the server was asked for

    def __call__(self, rel: str = "") -> str:
        return self.url + rel


class _RequestLog(logging.Handler):
    """The server logs each request line ("GET /sub/path/x HTTP/1.1") at debug level."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.paths = paths

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        parts = str(args[0]).split() if args else []
        if len(parts) == 3 and parts[0] in ("GET", "HEAD"):
            self.paths.append(parts[1])


@contextmanager
def served_example(tmp: Path) -> Iterator[Served]:
    """The repository's example site, built with search on into `tmp`, served as GitHub
    Pages would serve it at https://example.github.io/sub/path/."""
    output = tmp / "site"
    build(REPO, "--output", str(output), "--base-url", BASE_URL)
    server = make_server(output, BASE_PATH, port=0)
    served = Served(f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}", output)
    logger = logging.getLogger("sharesite.serve.http")
    handler = _RequestLog(served.requests)
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


@dataclass
class Problems:
    """Console errors and uncaught exceptions, from every page a test opened."""

    seen: list[str] = field(default_factory=list)

    def watch(self, page: Any) -> Any:
        page.on("console", lambda m: self.seen.append(
            f"console.error on {page.url}: {m.text} ({m.location.get('url', '')})")
            if m.type == "error" else None)
        page.on("pageerror", lambda e: self.seen.append(f"page error on {page.url}: {e}"))
        return page


def ensure_axe() -> Path:
    """axe-core from tests/package-lock.json, installed on first use (like a pip install)."""
    if not AXE.is_file():
        subprocess.run(["npm", "ci", "--prefix", str(AXE.parents[2]), "--no-audit",
                        "--no-fund", "--loglevel=error"], check=True)
    return AXE


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.x A/AA violations on the page as it is now."""
    page.add_script_tag(path=str(ensure_axe()))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return list(result["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:8]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    …and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


# Every card on /resources/, with its filter values and whether it shows.
CARDS_JS = """() => [...document.querySelectorAll('#library-results > li[data-resource]')]
  .map(li => ({
    href: li.querySelector('a[href]').getAttribute('href'),
    subject: li.dataset.subject || '', level: li.dataset.level || '',
    type: li.dataset.type || '', licence: li.dataset.licence || '', tag: li.dataset.tag || '',
    visible: li.checkVisibility(),
  }))"""

# Elements that stick out past the right edge of the viewport, for a readable failure.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 0.5) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string'
          ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      out.push(`${name} (right edge ${Math.round(box.right)} px)`);
    }
  }
  return out.slice(0, 10);
}"""


@contextmanager
def launch() -> Iterator[Any]:
    """Debian's Chromium through Playwright, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
