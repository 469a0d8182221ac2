"""`sharesite init` and `sharesite new`: files a teacher starts from. Never overwrites."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

from sharesite import __version__
from sharesite.authoring.files import quote
from sharesite.config import SiteConfig, load_config
from sharesite.errors import UsageError
from sharesite.language_settings import base_of
from sharesite.site.urls import slug_for

# How the workflows `init` writes install sharesite: one pip requirement, written into both
# (`SHARESITE_PACKAGE` at the top of each). A released version or a pinned git address.
DEFAULT_PACKAGE = f"sharesite=={__version__}"

# The GitHub Actions workflows `init` writes: the same as this repository's own, which
# install sharesite from the checkout instead (tests/test_workflows.py holds them equal).
WORKFLOWS = ("pages.yml", "check.yml", "import.yml")
_PACKAGE_LINE = re.compile(r"^(  SHARESITE_PACKAGE: ).*$", re.M)


def workflow_text(name: str, package: str = DEFAULT_PACKAGE) -> str:
    """The workflow `name` (pages.yml, check.yml, import.yml) installing sharesite as `package`."""
    if not package.strip() or "\n" in package or "\r" in package or "${{" in package:
        raise UsageError(f"cannot install sharesite as {package!r} (give one pip requirement, "
                         'such as "sharesite==0.2.0")')
    template = resources.files("sharesite").joinpath("workflows", name).read_text(
        encoding="utf-8")
    text, count = _PACKAGE_LINE.subn(lambda m: m.group(1) + quote(package.strip()), template)
    assert count == 1, f"workflows/{name} must set SHARESITE_PACKAGE once"
    return text


def init_site(directory: Path, title: str, base_url: str,
              today: dt.date | None = None, *, package: str = DEFAULT_PACKAGE) -> list[str]:
    """Write a new site into `directory`; `package` is how its workflows install sharesite."""
    today = today or dt.date.today()
    files = {
        "site.toml": SITE_TOML.format(title=quote(title), base_url=quote(base_url)),
        ".gitignore": "_site/\n__pycache__/\n.DS_Store\n",
        **{f".github/workflows/{name}": workflow_text(name, package) for name in WORKFLOWS},
        f"content/posts/{today.isoformat()}-welcome.md": WELCOME_POST,
        "content/resources/times-tables-practice/index.md": FIRST_RESOURCE.format(
            date=today.isoformat()),
        "content/authors/ms-teacher.md": FIRST_AUTHOR,
        "content/pages/about.md": ABOUT_PAGE.format(title=title),
    }
    existing = [name for name in files if (directory / name).exists()]
    existing += ["content/resources/times-tables-practice/times-tables.pdf"] if (
        directory / "content/resources/times-tables-practice/times-tables.pdf").exists() else []
    if existing:
        raise UsageError(f"{directory} already has {', '.join(existing)}: init never overwrites "
                         "(choose an empty folder)")
    written = []
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path.as_posix())
    pdf = directory / "content/resources/times-tables-practice/times-tables.pdf"
    pdf.write_bytes(times_tables_pdf())
    written.append(pdf.as_posix())
    return written


def new_item(site_dir: Path, kind: str, title: str, lang: str = "",
             translation_of: str = "") -> str:
    """Write a new item's file and return its path from the site's folder. On a site in
    several languages, `lang` names the file with its language ("….cy.md"); with
    `translation_of` (a content file), the new file is that item's translation, beside it."""
    config, _ = load_config(site_dir)
    slug = slug_for(title)
    if not slug:
        raise UsageError(f"cannot make a file name from {title!r} (use some letters or digits)")
    suffix = _language_suffix(config, lang)
    if translation_of:
        return _translation(config, title, slug, suffix, translation_of)
    now = dt.datetime.now(config.tz).replace(microsecond=0)
    day = now.date().isoformat()
    if kind == "post":
        path = config.content_dir / "posts" / f"{day}-{slug}{suffix}.md"
        text = NEW_POST.format(title=quote(title), date=now.strftime("%Y-%m-%d %H:%M"))
    elif kind == "resource":
        path = config.content_dir / "resources" / slug / f"index{suffix}.md"
        text = NEW_RESOURCE.format(title=quote(title), date=day, licence=config.licence)
    else:
        path = config.content_dir / "pages" / f"{slug}{suffix}.md"
        text = NEW_PAGE.format(title=quote(title))
    if path.exists() or (kind == "resource" and path.parent.exists() and not suffix):
        raise UsageError(f"{path.relative_to(config.root)} already exists (choose another title, "
                         "or edit that file)")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.relative_to(config.root).as_posix()


def _language_suffix(config: SiteConfig, lang: str) -> str:
    """".cy" for a new file in Welsh on a site in several languages; "" with no `lang`."""
    if not lang:
        return ""
    codes = [language.code for language in config.languages]
    if not config.multilingual:
        raise UsageError(f"--lang {lang}: this site is in one language (to publish in "
                         'several, list them in site.toml: languages = ["cy", "en-GB"])')
    bases = [base_of(code) for code in codes]
    for code, base in zip(codes, bases, strict=True):
        if lang.lower() in (code.lower(), base) and (lang.lower() == code.lower()
                                                      or bases.count(base) == 1):
            return "." + (base if bases.count(base) == 1 else code)
    raise UsageError(f"--lang {lang}: not one of the site's languages ({', '.join(codes)})")


def _translation(config: SiteConfig, title: str, slug: str, suffix: str, original: str
                 ) -> str:
    """The translation of the content file `original` (its front matter with a new title
    and slug; its text to translate), beside it and named like it with `suffix`."""
    if not suffix:
        raise UsageError("--translation-of needs --lang: the language of the translation")
    rel = original.strip().removeprefix("content/").lstrip("/")
    source = config.content_dir / rel
    if not rel.endswith(".md") or not source.is_file():
        raise UsageError(f"--translation-of {original}: there is no such file in content/ "
                         "(give its path, like content/posts/2026-11-22-taith.cy.md)")
    stem = source.name[:-len(".md")]
    head, dot, tail = stem.rpartition(".")
    if dot and any(tail.lower() in (lang.code.lower(), base_of(lang.code))
                   for lang in config.languages):
        stem = head  # "trip.cy" → "trip"
    path = source.with_name(f"{stem}{suffix}.md")
    if path.exists():
        raise UsageError(f"{path.relative_to(config.root).as_posix()} already exists (edit "
                         "that file)")
    text = source.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    keys = match.group(1).split("\n") if match else []
    kept = [line for line in keys if not re.match(r"(title|slug|lang|translation_of)\s*:",
                                                   line)]
    front = [f"title: {quote(title)}", f"slug: {slug}", *kept]
    path.write_text("---\n" + "\n".join(front) + "\n---\nWrite the translation here.\n",
                    encoding="utf-8")
    return path.relative_to(config.root).as_posix()


def times_tables_pdf() -> bytes:
    """A one-page PDF worksheet, built by hand so `init` needs no PDF library."""
    lines = ["Times tables practice", ""] + [
        f"{a} x {b} = ______" for a, b in ((3, 4), (6, 7), (8, 5), (9, 6), (7, 7), (12, 4))]
    text = "BT /F1 16 Tf 72 760 Td 22 TL " + " ".join(
        f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode("ascii")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


SITE_TOML = """\
# Your site's settings. See the sharesite README for every setting.
title = {title}
base_url = {base_url}   # where the site is published; GitHub's address works as it is
description = "Ideas and resources from our classrooms"
language = "en-GB"
timezone = "Europe/London"
author = "ms-teacher"          # the author of posts that do not name one
licence = "CC-BY-4.0"          # the licence of resources that do not name one
theme = "default"

[build]
output = "_site"
posts_per_page = 10

[feeds]
items = 20
full_content = true

[vocabulary]
levels = ["EYFS", "KS1", "KS2", "KS3", "KS4", "KS5"]
subjects = [
  "maths", "english", "science", "mfl", "computing", "history", "geography",
  "art", "music", "pe", "re", "pshe", "phonics",
]
"""

WELCOME_POST = """\
---
title: Welcome to our new blog
tags: [news]
---
This is the first post on our blog. Each post is a Markdown file in `content/posts/`:
the part between the `---` lines at the top is its *front matter* (title, date, tags),
and everything below is the post itself.

Have a look at the [times tables resource](../resources/times-tables-practice/index.md)
in our [resource library](/resources/).
"""

FIRST_RESOURCE = """\
---
title: Times tables practice sheet
date: {date}
summary: Twelve quick-fire questions for a Year 4 starter, with space for working.
subjects: [maths]
levels: [KS2]
type: worksheet
duration: 10 min
files:
  - path: times-tables.pdf
    title: Worksheet (PDF)
tags: [times tables]
---
A warm-up for the start of a maths lesson. Print one per pupil, or show it on the board.

## How to use it
Give pupils five minutes, then mark together and talk about the strategies they used.
"""

FIRST_AUTHOR = """\
---
name: Ms Teacher
role: Class teacher
school: Our School
expertise: [maths, reading]
---
I teach Year 4 and write here about what works in my classroom.
"""

ABOUT_PAGE = """\
---
title: About
menu: 1
---
{title} is where we share ideas and resources from our classrooms. Everything in the
[resource library](/resources/) can be reused under its licence: just give credit.
"""

NEW_POST = """\
---
title: {title}
date: {date}
summary:
tags: []
draft: false
---
Write your post here.
"""

NEW_RESOURCE = """\
---
title: {title}
date: {date}
summary:
subjects: []
levels: []
type: worksheet
licence: {licence}
duration:
files: []
tags: []
---
Who this is for, how to use it in a lesson, and what to watch out for.
Put the files (PDF, slides, documents) in this folder and list them under files:.
"""

NEW_PAGE = """\
---
title: {title}
---
Write the page here.
"""
