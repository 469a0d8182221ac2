"""site.toml → SiteConfig. Every problem is collected before anything is reported."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sharesite.errors import ConfigError, Diagnostic, did_you_mean, error, one_of, warning
from sharesite.licences import LICENCES, find_licence

CONFIG_FILE = "site.toml"
BASE_URL_ENV = "SHARESITE_BASE_URL"

DEFAULT_LEVELS = ("EYFS", "KS1", "KS2", "KS3", "KS4", "KS5")
DEFAULT_SUBJECTS = (
    "maths", "english", "science", "mfl", "computing", "history", "geography", "art",
    "music", "pe", "re", "pshe", "phonics",
)
DEFAULT_TYPES = (
    "lesson-plan", "worksheet", "slides", "scheme-of-work", "assessment", "activity", "video",
    "reading", "quiz", "game", "display", "knowledge-organiser",
)


@dataclass(frozen=True)
class ImageSettings:
    """[images]: how photos are published (only ever as processed copies)."""

    widths: tuple[int, ...] = (480, 960, 1600)  # never wider than the photo itself
    quality: int = 80  # 1-100, for WebP, JPEG and AVIF
    avif: bool = False  # AVIF too: smaller files, several times slower to make
    max_megapixels: int = 50  # a bigger image is refused: it could be a decompression bomb
    review_grace_days: int = 30  # a passed review_by is a warning this long, then an error


@dataclass(frozen=True)
class SiteConfig:
    """Everything site.toml says, typed, with paths made absolute."""

    root: Path
    title: str
    base_url: str  # absolute, ends with "/"
    description: str
    language: str
    timezone: str
    author: str | None
    licence: str
    theme: str
    unsafe_html: bool
    output_dir: Path
    posts_per_page: int
    feed_items: int
    feed_full_content: bool
    levels: tuple[str, ...]
    subjects: tuple[str, ...]
    types: tuple[str, ...]
    search: bool = True
    author_line: int = 0  # where `author =` stands in site.toml, for messages
    images: ImageSettings = ImageSettings()
    image: str = ""  # content-relative: the site's picture for link previews
    image_alt: str = ""

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def base_path(self) -> str:
        """The path part of base_url: "/" at a domain's root, "/repo/" on a project site."""
        return urlsplit(self.base_url).path or "/"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


# key → (type, default). Types: str, int (>= 1), bool, list (of str), tuple (of ints >= 1).
_SCHEMA: dict[str, dict[str, tuple[type, Any]]] = {
    "": {
        "title": (str, None),
        "base_url": (str, None),
        "description": (str, ""),
        "language": (str, "en-GB"),
        "timezone": (str, "UTC"),
        "author": (str, None),
        "licence": (str, "CC-BY-4.0"),
        "theme": (str, "default"),
        "unsafe_html": (bool, False),
        "image": (str, ""),
        "image_alt": (str, ""),
    },
    "build": {"output": (str, "_site"), "posts_per_page": (int, 10)},
    "feeds": {"items": (int, 20), "full_content": (bool, True)},
    "search": {"enabled": (bool, True)},
    "images": {
        "widths": (tuple, ImageSettings.widths),
        "quality": (int, ImageSettings.quality),
        "avif": (bool, ImageSettings.avif),
        "max_megapixels": (int, ImageSettings.max_megapixels),
        "review_grace_days": (int, ImageSettings.review_grace_days),
    },
    "vocabulary": {
        "levels": (list, DEFAULT_LEVELS),
        "subjects": (list, DEFAULT_SUBJECTS),
        "types": (list, DEFAULT_TYPES),
    },
}
_TYPE_NAMES = {str: "text in quotes", int: "a whole number", bool: "true or false",
               list: "a list like [\"a\", \"b\"]", tuple: "a list of numbers like [480, 960]"}


def load_config(root: Path, base_url: str | None = None) -> tuple[SiteConfig, list[Diagnostic]]:
    """Read `root/site.toml`. Raises ConfigError listing every error; returns warnings."""
    root = root.resolve()
    path = root / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError([error(CONFIG_FILE, 0, "no site.toml in " + str(root),
                                 "run the command in your site's folder, or `sharesite init`")]
                          ) from None
    except UnicodeDecodeError:
        raise ConfigError([error(CONFIG_FILE, 0, "site.toml is not UTF-8 text",
                                 "save it as UTF-8 in your editor")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([_syntax_error(exc)]) from None

    problems: list[Diagnostic] = []
    values: dict[str, Any] = {}
    for table, keys in _SCHEMA.items():
        section: Any = data if table == "" else data.get(table, {})
        if not isinstance(section, dict):
            problems.append(error(CONFIG_FILE, _key_line(text, "", table),
                                  f"[{table}] must be a table", f"write it as [{table}]"))
            continue
        for key, (kind, default) in keys.items():
            name = f"{table}.{key}" if table else key
            if key not in section:
                values[name] = default
                continue
            value: Any = section[key]
            if kind is list:
                ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            elif kind is tuple:
                ok = isinstance(value, list) and bool(value) and all(
                    isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in value)
            else:
                ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
            if not ok:
                problems.append(error(CONFIG_FILE, _key_line(text, table, key),
                                      f"{name}: {value!r} is not {_TYPE_NAMES[kind]}",
                                      f"write it as {_TYPE_NAMES[kind]}"))
                values[name] = default
            elif kind is int and value < 1:
                problems.append(error(CONFIG_FILE, _key_line(text, table, key),
                                      f"{name}: must be 1 or more", f"for example {default}"))
                values[name] = default
            else:
                values[name] = tuple(value) if kind in (list, tuple) else value
        for key in section:
            if table == "" and key in _SCHEMA:
                continue
            if key not in keys:
                name = f"{table}.{key}" if table else key
                known = [f"{table}.{k}" if table else k for k in keys]
                if table == "":
                    known += [t for t in _SCHEMA if t]
                problems.append(warning(CONFIG_FILE, _key_line(text, table, key),
                                        f"unknown setting {name}",
                                        did_you_mean(name, known) or "sharesite ignores it"))

    base = base_url or os.environ.get(BASE_URL_ENV) or values["base_url"]
    where = "--base-url" if base_url else BASE_URL_ENV if os.environ.get(BASE_URL_ENV) else None
    if values["title"] is None:
        problems.append(error(CONFIG_FILE, 0, "title is missing",
                              'add a line like title = "Year 5 at Hillside"'))
    if base is None:
        problems.append(error(CONFIG_FILE, 0, "base_url is missing",
                              'add a line like base_url = "https://you.github.io/your-site/"'))
    else:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            line = 0 if where else _key_line(text, "", "base_url")
            problems.append(error(where or CONFIG_FILE, line,
                                  f"base_url: {base!r} is not a web address",
                                  'use the full address, like "https://you.github.io/site/"'))
        base = parts._replace(query="", fragment="").geturl()
        if not base.endswith("/"):
            base += "/"
    try:
        ZoneInfo(values["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(error(CONFIG_FILE, _key_line(text, "", "timezone"),
                              f"timezone: {values['timezone']!r} is not a known time zone",
                              'use a name like "Europe/London"'))
    if not 1 <= values["images.quality"] <= 100:
        problems.append(error(CONFIG_FILE, _key_line(text, "images", "quality"),
                              f"images.quality: {values['images.quality']} is not from 1 to 100",
                              "80 suits photos; lower makes smaller files"))
    if values["image"].strip() and not values["image_alt"].strip():
        problems.append(error(CONFIG_FILE, _key_line(text, "", "image"),
                              "image_alt is missing",
                              'describe the picture for readers who cannot see it: '
                              'image_alt = "..."'))
    if values["images.max_megapixels"] > 178:
        problems.append(error(CONFIG_FILE, _key_line(text, "images", "max_megapixels"),
                              f"images.max_megapixels: {values['images.max_megapixels']} is "
                              "more than sharesite's image library opens (178)",
                              "a phone's photo is 12 to 48 megapixels: 50 is plenty"))
    if any(w > 8000 for w in values["images.widths"]):
        problems.append(error(CONFIG_FILE, _key_line(text, "images", "widths"),
                              "images.widths: a width over 8000 pixels is not for a web page",
                              "use widths like [480, 960, 1600]"))
    licence = find_licence(values["licence"])
    if licence is None:
        problems.append(error(CONFIG_FILE, _key_line(text, "", "licence"),
                              f"licence: {values['licence']!r} is not a licence sharesite knows",
                              did_you_mean(values["licence"], LICENCES)
                              or "use one of " + one_of(LICENCES)))
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ConfigError(errors)

    output = Path(values["build.output"])
    config = SiteConfig(
        root=root,
        title=values["title"],
        base_url=base or "",
        description=values["description"],
        language=values["language"],
        timezone=values["timezone"],
        author=values["author"],
        licence=licence.id if licence else "",
        theme=values["theme"],
        unsafe_html=values["unsafe_html"],
        output_dir=(output if output.is_absolute() else root / output).resolve(),
        posts_per_page=values["build.posts_per_page"],
        feed_items=values["feeds.items"],
        feed_full_content=values["feeds.full_content"],
        levels=values["vocabulary.levels"],
        subjects=values["vocabulary.subjects"],
        types=values["vocabulary.types"],
        search=values["search.enabled"],
        author_line=_key_line(text, "", "author"),
        image=values["image"].strip().lstrip("/"),
        image_alt=values["image_alt"].strip(),
        images=ImageSettings(
            widths=tuple(sorted(set(values["images.widths"]))),
            quality=values["images.quality"],
            avif=values["images.avif"],
            max_megapixels=values["images.max_megapixels"],
            review_grace_days=values["images.review_grace_days"],
        ),
    )
    return config, problems


def _syntax_error(exc: tomllib.TOMLDecodeError) -> Diagnostic:
    message = str(exc)
    match = re.search(r"\(at line (\d+), column \d+\)", message)
    line = int(match.group(1)) if match else 0
    message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    return error(CONFIG_FILE, line, f"this is not valid TOML: {message[0].lower()}{message[1:]}",
                 'text needs quotes, like title = "My site"; lists use [ ]')


def _key_line(text: str, table: str, key: str) -> int:
    """The line where `key` is set inside `[table]` ("" is the top level); 0 if not found."""
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"\[\s*([A-Za-z0-9_.-]+)\s*\]", stripped)
        if header:
            current = header.group(1)
            if table == "" and current == key:
                return number
            continue
        if current == table and re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", stripped):
            return number
    return 0
