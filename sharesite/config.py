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
class Peer:
    """One of [[network.peers]]: another sharesite site this one names (fetched later)."""

    name: str
    url: str  # http(s), ends with "/"
    line: int = 0  # where its table starts in site.toml, for messages


@dataclass(frozen=True)
class NetworkSettings:
    """[network]: who the site is, for other schools' sites and tools (all plain text)."""

    school: str = ""
    phase: str = ""
    region: str = ""
    local_authority: str = ""
    website: str = ""  # the school's official website, http(s)
    peers: tuple[Peer, ...] = ()


MAX_PEERS = 100
MANY_PEERS = 50  # a warning: every peer is fetched on every build of the site
PHASES = ("nursery", "infant", "junior", "primary", "middle", "secondary", "all-through",
          "sixth-form", "special", "alternative-provision", "further-education", "trust",
          "network", "local-authority")


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
    network: NetworkSettings = NetworkSettings()

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


# key → (type, default). Types: str, int (>= 1), bool, list (of str), tuple (of ints >= 1),
# object (anything: checked by its own function, like network.peers).
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
    "network": {
        "school": (str, ""),
        "phase": (str, ""),
        "region": (str, ""),
        "local_authority": (str, ""),
        "website": (str, ""),
        "peers": (object, ()),
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
            if kind is object:
                values[name] = value
                continue
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
    network = _network(text, values, problems)
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
        network=network,
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
        header = re.match(r"\[\[?\s*([A-Za-z0-9_.-]+)\s*\]", stripped)  # [t] or [[t]]
        if header:
            current = header.group(1)
            if table == "" and current == key:
                return number
            continue
        if current == table and re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", stripped):
            return number
    return 0


# --- [network] ------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _network(text: str, values: dict[str, Any], problems: list[Diagnostic]) -> NetworkSettings:
    """[network]'s identity and its [[network.peers]], each checked (errors name the line)."""
    fields: dict[str, str] = {}
    for key in ("school", "phase", "region", "local_authority", "website"):
        value = " ".join(str(values[f"network.{key}"]).split())  # plain text, one line
        fields[key] = _CONTROL.sub("", value)
    if fields["website"] and not _web_address(fields["website"]):
        problems.append(error(CONFIG_FILE, _key_line(text, "network", "website"),
                              f"network.website: {fields['website']!r} is not a web address",
                              'use the full address, like "https://www.hillside.sch.uk/"'))
        fields["website"] = ""
    if fields["phase"] and fields["phase"].lower() not in PHASES:
        problems.append(warning(CONFIG_FILE, _key_line(text, "network", "phase"),
                                f"network.phase: {fields['phase']!r} is not a phase sharesite "
                                "knows", did_you_mean(fields["phase"].lower(), PHASES)
                                or "other sites read one of " + one_of(PHASES)))
    return NetworkSettings(**fields, peers=_peers(text, values["network.peers"], problems))


def _peers(text: str, value: Any, problems: list[Diagnostic]) -> tuple[Peer, ...]:
    """[[network.peers]]: a list of tables with a name and an http(s) url ending in "/"."""
    example = '[[network.peers]] with name = "Oakfield Primary" and ' \
              'url = "https://oakfield.github.io/site/"'
    if value == ():
        return ()
    starts = _table_lines(text, "network.peers")
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append(error(CONFIG_FILE, _key_line(text, "network", "peers") or
                              (starts[0] if starts else 0),
                              "network.peers must be a list of tables", "write each as " + example))
        return ()
    if len(value) > MAX_PEERS:
        problems.append(error(CONFIG_FILE, starts[MAX_PEERS] if len(starts) > MAX_PEERS else 0,
                              f"network.peers: {len(value)} peers is more than {MAX_PEERS}",
                              "keep the schools you work with most; a hub can gather the rest"))
        return ()
    if len(value) > MANY_PEERS:
        problems.append(warning(CONFIG_FILE, starts[MANY_PEERS] if len(starts) > MANY_PEERS
                                else 0, f"network.peers: {len(value)} peers (over {MANY_PEERS})",
                                "every peer is fetched for every build: keep the ones you use"))
    inline = not starts  # peers = [{...}] on one line
    peers: list[Peer] = []
    seen: dict[str, int] = {}
    for number, table in enumerate(value):
        line = _key_line(text, "network", "peers") if inline else \
            starts[number] if number < len(starts) else 0
        ok = True
        for key in table:
            if key not in ("name", "url"):
                problems.append(warning(CONFIG_FILE, _line_in(text, line, key) or line,
                                        f"unknown setting network.peers.{key}",
                                        did_you_mean(key, ["name", "url"]) or
                                        "sharesite ignores it"))
        name = table.get("name")
        if not isinstance(name, str) or not " ".join(name.split()):
            problems.append(error(CONFIG_FILE, _line_in(text, line, "name") or line,
                                  "network.peers: a peer has no name",
                                  'add name = "Oakfield Primary" under its [[network.peers]]'))
            ok = False
        elif _CONTROL.search(name):
            problems.append(error(CONFIG_FILE, _line_in(text, line, "name") or line,
                                  f"network.peers: the name {name!r} has control characters",
                                  "write the school's name as plain text"))
            ok = False
        url = table.get("url")
        url_line = _line_in(text, line, "url") or line
        if not isinstance(url, str) or not _web_address(url) or not url.endswith("/") or \
                urlsplit(url).query or urlsplit(url).fragment:
            problems.append(error(CONFIG_FILE, url_line,
                                  f"network.peers: url {url!r} is not a site's address",
                                  "use the peer site's base_url: http(s), ending with /, like "
                                  '"https://oakfield.github.io/site/"'))
            ok = False
        elif url.lower() in seen:
            problems.append(error(CONFIG_FILE, url_line,
                                  f"network.peers: {url} is listed twice (also at line "
                                  f"{seen[url.lower()]})", "remove one of them"))
            ok = False
        if ok:
            assert isinstance(name, str) and isinstance(url, str)
            seen[url.lower()] = url_line
            peers.append(Peer(" ".join(name.split()), url, line))
    return tuple(peers)


def _web_address(url: str) -> bool:
    """An http(s) address with a host and nothing hidden in it (no user or password)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and \
        "@" not in parts.netloc and not _CONTROL.search(url) and " " not in url


def _table_lines(text: str, table: str) -> list[int]:
    """The lines where each [[table]] of an array of tables starts."""
    return [number for number, line in enumerate(text.splitlines(), start=1)
            if re.match(rf"\[\[\s*{re.escape(table)}\s*\]\]", line.strip())]


def _line_in(text: str, start: int, key: str) -> int:
    """The line where `key` is set in the table that starts at line `start`; 0 if not."""
    lines = text.splitlines()
    for number in range(start + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped.startswith("["):
            break
        if re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", stripped):
            return number
    return 0
