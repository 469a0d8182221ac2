"""redirects.toml: the old addresses of a site that moved here (its tag, category and feed
addresses), each leading to a page or feed of this site.

Reading the file is apart from checking it against the site: `read_redirects` (called by
`config.load_config`) reads and checks each line on its own, so the file's contents are
part of the settings (an edit rebuilds what it changes, as an edit of site.toml does);
`sharesite.site.assemble` checks the targets against the site's own addresses. Every
problem is a content error (exit 1), never a settings error: a teacher fixes it like a
broken link, and the rest of the site is still checked in the same run.
"""

from __future__ import annotations

import posixpath
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sharesite.errors import Diagnostic, error, warning

REDIRECTS_FILE = "redirects.toml"
EXAMPLE = '[redirects] then a line like "/category/maths/" = "/tags/maths/"'


@dataclass(frozen=True)
class RedirectEntry:
    """One line of [redirects]: an old address and where it now leads, both site paths
    without the leading "/" ("category/maths/", "tags/maths/"), as the site's own paths
    are written."""

    old: str
    target: str
    line: int
    written: str  # the old address as the file gives it, for messages


@dataclass(frozen=True)
class Redirects:
    """What redirects.toml says: its entries, in the file's order, and what is wrong
    with it line by line (reported with the site's other content errors)."""

    entries: tuple[RedirectEntry, ...] = ()
    problems: tuple[Diagnostic, ...] = ()


def read_redirects(root: Path) -> Redirects:
    """`root/redirects.toml`, read and checked line by line; nothing when there is none."""
    path = root / REDIRECTS_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Redirects()
    except UnicodeDecodeError:
        return Redirects(problems=(error(REDIRECTS_FILE, 0, "redirects.toml is not UTF-8 text",
                                         "save it as UTF-8 in your editor"),))
    except OSError as exc:
        return Redirects(problems=(error(REDIRECTS_FILE, 0, f"redirects.toml cannot be read "
                                         f"({exc.strerror})", "check the file"),))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        return Redirects(problems=(error(
            REDIRECTS_FILE, int(found.group(1)) if found else 0,
            f"this is not valid TOML: {message[:1].lower()}{message[1:]}",
            'write each redirect as "/old/address/" = "/new/address/", quotes and all'),))
    problems: list[Diagnostic] = []
    lines = _key_lines(text.splitlines())
    for key in data:
        if key != "redirects":
            problems.append(warning(REDIRECTS_FILE, lines.get(key, 0),
                                    f"unknown setting {key}",
                                    "redirects.toml holds only the [redirects] table"))
    table = data.get("redirects", {})
    if not isinstance(table, dict):
        problems.append(error(REDIRECTS_FILE, lines.get("redirects", 0),
                              "redirects must be a table", "write " + EXAMPLE))
        return Redirects(problems=tuple(problems))
    entries: list[RedirectEntry] = []
    for old, target in table.items():
        line = lines.get(old, 0)
        if not isinstance(target, str):
            problems.append(error(REDIRECTS_FILE, line,
                                  f"{old!r} must lead to an address in quotes, not {target!r}",
                                  f'write "{old}" = "/tags/maths/"'))
            continue
        old_path, problem = site_path(old, "the old address")
        target_path, target_problem = site_path(target, "its new address")
        for wrong in (problem, target_problem):
            if wrong is not None:
                problems.append(error(REDIRECTS_FILE, line, *wrong))
        if old_path is None or target_path is None:
            continue
        if old_path.strip("/") == target_path.strip("/"):
            problems.append(error(REDIRECTS_FILE, line, f"{old!r} redirects to itself",
                                  "remove the line"))
            continue
        entries.append(RedirectEntry(old_path, target_path, line, old))
    return Redirects(tuple(entries), tuple(problems))


def site_path(written: str, what: str) -> tuple[str | None, tuple[str, str] | None]:
    """A site path ("/category/maths/") as the site's paths are kept ("category/maths/"),
    or None and (what is wrong, how to fix it)."""
    text = written.strip()
    if not text.startswith("/") or text.startswith("//"):
        scheme = urlsplit(text).scheme
        if scheme in ("http", "https") or text.startswith("//"):
            return None, (f"{what} {written!r} is a whole web address",
                          "write only its path, from the site's root, like /category/maths/: "
                          "a redirect works for addresses of this site")
        return None, (f"{what} {written!r} is not a path on this site",
                      "start it with /, like /category/maths/")
    parts = urlsplit(text)
    if parts.query:
        return None, (f"{what} {written!r} has a query (?{parts.query}), which a site of "
                      "plain files cannot redirect",
                      "leave it out: each imported post's old address is redirected by its "
                      "own aliases:; only the old host can redirect ?p= links: WordPress.com's "
                      "Site Redirect, or a redirection plugin on a self-hosted WordPress")
    if parts.fragment or "#" in text:
        return None, (f"{what} {written!r} has a #fragment, which never reaches a web server",
                      "leave out the # and what follows")
    path = unquote(parts.path)
    if ".." in path.split("/") or "\\" in path or any(ord(c) < 32 for c in path):
        return None, (f"{what} {written!r} is not a plain path",
                      "write it without .., backslashes or control characters")
    normal = posixpath.normpath(path).lstrip("/")
    if normal == ".":
        normal = ""
    if path.endswith("/") and normal:
        normal += "/"
    return normal, None


def output_file(old: str, feed: bool) -> str:
    """The output file that serves the old address `old` (a site path): a folder's
    index.html, or, for an address with a file name (about.html) or one that serves a
    feed (feeds/posts/default: feed readers do not follow an HTML redirect), the file."""
    if old == "" or old.endswith("/"):
        return old + "index.html"
    if feed or "." in old.rpartition("/")[2]:
        return old
    return old + "/index.html"


_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")
_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]")


def _key_lines(lines: list[str]) -> dict[str, int]:
    """The line where each key (as TOML reads it: quotes and escapes undone) or table is
    first set, from one pass over the file."""
    found: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        header = _HEADER.match(line)
        if header:
            found.setdefault(header.group(1), number)
            continue
        key = _KEY.match(line)
        if key is None:
            continue
        try:
            names = list(tomllib.loads(key.group(1) + " = 0"))
        except tomllib.TOMLDecodeError:
            continue
        if names:
            found.setdefault(names[0], number)
    return found
