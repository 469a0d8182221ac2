"""Helpers the tests share (fixtures are in conftest.py): write a site from a dict of
dedented texts, run the CLI in-process, and read what a build wrote (Hugo's test idiom:
real sites in tmp_path, assert on files); and `unsafe`, what in built HTML could run script.
Hostile and random input to feed a build is in payloads.py."""

from __future__ import annotations

import hashlib
import json
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from click.testing import CliRunner

from sharesite.cli import main
from sharesite.render.theme import builtin_theme_dir

REPO = Path(__file__).resolve().parent.parent
BASE_URL = "https://example.github.io/sub/"

# Search is off here: indexing starts Pagefind's binary (~0.3 s a build). The golden site,
# the example site and test_library.py build with it on.
DEFAULT_CONFIG = f"""\
title = "Test School"
base_url = "{BASE_URL}"
description = "A site for tests"
language = "en-GB"
timezone = "Europe/London"

[search]
enabled = false
"""


# A tiny valid PNG (1x1, transparent) for bundles that need an image.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63"
    "60606060000000050001a5f645400000000049454e44ae426082"
)


def make_site(tmp_path: Path, files: dict[str, str | bytes], config: str | None = None) -> Path:
    """Write a site into tmp_path/site: `{relative path: text (dedented) or bytes}`, plus
    site.toml (a minimal one unless `config` is given). Returns the site folder."""
    site = tmp_path / "site"
    site.mkdir(parents=True, exist_ok=True)
    write_files(site, {"site.toml": DEFAULT_CONFIG if config is None else config, **files})
    return site


def write_files(site: Path, files: dict[str, str | bytes], dedent: bool = True) -> None:
    """Write `{relative path: text or bytes}` into `site`; text is dedented unless told not."""
    for rel, body in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body).lstrip("\n") if dedent else body,
                            encoding="utf-8")


@dataclass(frozen=True)
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        """stderr's lines (where diagnostics go)."""
        return self.stderr.splitlines()


def run(site: Path | None, *args: str, env: dict[str, str] | None = None) -> Result:
    """`sharesite <args> -C site` in-process. `site=None` passes no -C (for init, --version)."""
    argv = list(args)
    if site is not None:
        argv += ["-C", str(site)]
    result = CliRunner().invoke(main, argv, env=env, catch_exceptions=True)
    exc = result.exception
    if isinstance(exc, SystemExit):
        exc = None
    assert exc is None, f"sharesite raised {exc!r}\nstdout:{result.stdout}\nstderr:{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    return Result(result.exit_code, result.stdout, result.stderr)


def build(site: Path, *args: str, ok: bool = True, **kw: object) -> Result:
    """`sharesite build` and (by default) assert it succeeded."""
    result = run(site, "build", *args, **kw)  # type: ignore[arg-type]
    if ok:
        assert result.exit_code == 0, result.stdout + result.stderr
    return result


def out(site: Path) -> Path:
    return site / "_site"


def read(site: Path, rel: str) -> str:
    return (out(site) / rel).read_text(encoding="utf-8")


def tree(folder: Path) -> list[str]:
    """Every file under `folder`, POSIX-relative, sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def hashes(folder: Path) -> dict[str, str]:
    return {rel: hashlib.sha256((folder / rel).read_bytes()).hexdigest() for rel in tree(folder)}


def contents(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, POSIX-relative, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class Html(HTMLParser):
    """Every start tag as (tag, {attr: value}), plus the text, from a real HTML parser."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts.append((self._script, data))
        else:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag
                and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())]

    def urls(self) -> list[tuple[str, str, str]]:
        """(tag, attribute, value) for every href/src/poster/action."""
        return [(t, k, v) for t, a in self.tags for k, v in a.items()
                if k in ("href", "src", "poster", "action", "srcset") and v is not None]

    def jsonld(self) -> list[dict[str, object]]:
        return [json.loads(body) for attrs, body in self.scripts
                if attrs.get("type") == "application/ld+json"]

    def meta(self, key: str) -> str | None:
        """A <meta property=key> or <meta name=key>'s content."""
        for t, a in self.tags:
            if t == "meta" and key in (a.get("property"), a.get("name")):
                return a.get("content")
        return None


def parse(text: str) -> Html:
    return Html(text)


EMBED_HOSTS = {"www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "player.vimeo.com",
               "docs.google.com", "drive.google.com", "view.officeapps.live.com",
               "onedrive.live.com", "forms.office.com", "forms.microsoft.com"}
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "background", "srcset",
             "xlink:href", "cite", "ping", "srcdoc"}
NEVER = {"object", "embed", "applet", "frame", "frameset", "base"}
NOT_IN_CONTENT = NEVER | {"style", "form", "input", "button", "meta", "link", "textarea",
                          "select", "svg", "math", "script"}


# The built-in theme's own scripts, loaded by address from the site itself (no inline code).
THEME_SCRIPTS = {urlsplit(BASE_URL).path + p.name
                 for p in (builtin_theme_dir() / "static").glob("*.js")}


def unsafe(html: str, content: bool = False) -> list[str]:
    """What in `html` could run script or frame another site. `content=True` is stricter:
    for the HTML made from Markdown (no forms, styles or meta there)."""
    doc = Html(html)
    problems = []
    for tag, attrs in doc.tags:
        if tag == "script" and (content or (attrs.get("type") != "application/ld+json"
                                            and attrs.get("src") not in THEME_SCRIPTS)):
            problems.append(f"<script {attrs}>")
        if tag in (NOT_IN_CONTENT if content else NEVER):
            problems.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRS and value is not None:
                squashed = "".join(ch for ch in value if ch > " ").lower()
                if squashed.startswith(("javascript:", "vbscript:", "data:")):
                    problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value and ("url(" in value or "expression" in value):
                problems.append(f"<{tag} style={value!r}>")
        if tag == "iframe":
            src = urlsplit(str(attrs.get("src") or ""))
            host = src.hostname or ""
            if src.scheme != "https" or not (host in EMBED_HOSTS
                                              or host.endswith(".sharepoint.com")):
                problems.append(f"<iframe {attrs}>")
            if "srcdoc" in attrs:
                problems.append("<iframe srcdoc>")
    for _, body in doc.scripts:
        if "</" in body.lower() or "<!--" in body:
            problems.append("a script element that closes early")
    return problems


def prose(page: str) -> str:
    """The HTML made from a post's Markdown."""
    start = page.index('<div class="prose">') + len('<div class="prose">')
    return page[start:page.index("</article>")]


ATOM = "{http://www.w3.org/2005/Atom}"
RSS_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def feed_html(path: Path) -> list[str]:
    """Every fragment a feed reader shows as HTML, unescaped: Atom content/summary of
    type html, RSS description and content:encoded (HTML by convention)."""
    root = ET.fromstring(path.read_bytes())
    found: list[str] = []
    for element in root.iter():
        atom_html = element.tag in (f"{ATOM}content", f"{ATOM}summary", f"{ATOM}title") and \
            element.get("type") in ("html", "xhtml")
        if atom_html or element.tag in ("description", RSS_CONTENT):
            found.append(element.text or "")
    return found


GOLDEN_CONFIG = f"""\
title = "Test School"
base_url = "{BASE_URL}"
description = "A site for tests"
language = "en-GB"
timezone = "Europe/London"
author = "ms-a"

[build]
posts_per_page = 2
"""


def golden_files() -> dict[str, str | bytes]:
    """A small site with one of everything: posts (plain, bundle, non-ASCII name, own slug,
    draft, future), a resource bundle, an author, a page, tags in two spellings, an alias."""
    return {
        "content/posts/2024-01-05-first-post.md": """\
            ---
            title: First post
            summary: The very first post.
            tags: [Maths, phonics]
            aliases: [/old/first/]
            ---
            Read the [fractions post](2024-03-01-fractions/index.md), use the
            [fraction mats](../resources/fraction-mats/index.md) from the
            [library](/resources/), and see the [handout](/files/handout.txt).
            """,
        "content/posts/2024-03-01-fractions/index.md": """\
            ---
            title: Fractions with a wall
            tags: [maths]
            cover: diagram.png
            cover_alt: A fraction wall in five rows
            ---
            ![A fraction wall](diagram.png)

            Print the [worksheet](sheet.pdf) for each pair.
            """,
        "content/posts/2024-03-01-fractions/diagram.png": PNG,
        "content/posts/2024-03-01-fractions/sheet.pdf": b"%PDF-1.4 a worksheet\n",
        "content/posts/Café Maths.md": """\
            ---
            title: Café maths
            date: 2023-06-01
            tags: [Maths]
            ---
            Prices on a menu make good word problems.
            """,
        "content/posts/2024-02-10-old-name.md": """\
            ---
            title: A post with its own slug
            slug: custom-slug
            ---
            The slug in the front matter wins over the file name.
            """,
        "content/posts/2024-04-01-not-ready.md": """\
            ---
            title: Not ready yet
            draft: true
            ---
            A draft.
            """,
        "content/posts/2099-01-01-far-future.md": """\
            ---
            title: From the future
            ---
            Scheduled.
            """,
        "content/resources/fraction-mats/index.md": """\
            ---
            title: Fraction wall mats
            date: 2024-02-01
            summary: Printable fraction wall mats for Year 4.
            subjects: [maths]
            levels: [KS2]
            type: worksheet
            licence: CC-BY-SA-4.0
            duration: 60 min
            tags: [Maths]
            files:
              - path: mats.pdf
                title: The mats (PDF)
            adapted_from:
              - title: Fraction walls
                url: https://example.org/fraction-walls
                author: A. Teacher
                licence: CC-BY-4.0
            ---
            Mats for pairs, with [notes](notes.txt).
            """,
        "content/resources/fraction-mats/mats.pdf": b"%PDF-1.4 the mats\n",
        "content/resources/fraction-mats/notes.txt": "Teacher notes.\n",
        "content/authors/ms-a.md": """\
            ---
            name: Ms A
            role: Year 4 teacher
            school: Hillside Primary
            ---
            Ms A teaches Year 4.
            """,
        "content/pages/about.md": """\
            ---
            title: About us
            slug: about-us
            ---
            Who we are.
            """,
        "content/files/handout.txt": "A handout.\n",
    }


def crawl(output: Path, base_url: str) -> list[str]:
    """Every problem with the links in every HTML file of a built site: a link into the site
    that does not start with the base path, leads to no file, or names a missing #fragment.
    Links to other hosts, mailto: and tel: are not followed."""
    from urllib.parse import unquote, urlsplit

    base = urlsplit(base_url)
    problems: list[str] = []
    ids: dict[str, set[str]] = {}

    def ids_of(file: Path) -> set[str]:
        key = file.as_posix()
        if key not in ids:
            doc = Html(file.read_text(encoding="utf-8"))
            ids[key] = {str(a["id"]) for _, a in doc.tags if a.get("id")} | {
                str(a["name"]) for t, a in doc.tags if t == "a" and a.get("name")}
        return ids[key]

    for rel in tree(output):
        if not rel.endswith(".html"):
            continue
        page = output / rel
        for tag, attr, value in Html(page.read_text(encoding="utf-8")).urls():
            if attr == "srcset":
                continue
            where = f"{rel}: <{tag} {attr}={value!r}>"
            parts = urlsplit(value)
            if parts.scheme in ("mailto", "tel"):
                continue
            if parts.scheme or parts.netloc:
                if parts.netloc != base.netloc:
                    if parts.scheme not in ("http", "https"):
                        problems.append(f"{where}: not a web link")
                    continue  # another site
            elif not parts.path:  # "#fragment" on this page
                if parts.fragment and unquote(parts.fragment) not in ids_of(page):
                    problems.append(f"{where}: no element with this id")
                continue
            if not parts.path.startswith(base.path):
                problems.append(f"{where}: does not start with {base.path}")
                continue
            target = output / unquote(parts.path[len(base.path):])
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{where}: no such file in the output")
            elif parts.fragment and target.suffix == ".html" and \
                    unquote(parts.fragment) not in ids_of(target):
                problems.append(f"{where}: no element with id {parts.fragment!r} there")
    return problems


# -- JSON Schemas (the package's schemas/, as published beside the files) -------------------

def absolute_uri(value: object) -> bool:
    """Whether a value given as a URL is an absolute one (a scheme and a host)."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


def validate_against(data: object, schema_file: str) -> None:
    """Assert `data` is valid by the package's schema `schema_file`, listing every error."""
    from jsonschema import Draft202012Validator, FormatChecker

    formats = FormatChecker()
    if "uri" not in formats.checkers:  # jsonschema checks "uri" only with rfc3987 installed
        formats.checks("uri")(absolute_uri)
    schema = json.loads((REPO / "sharesite" / "schemas" / schema_file).read_text(
        encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = sorted(Draft202012Validator(schema, format_checker=formats).iter_errors(data),
                    key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
