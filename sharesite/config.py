"""site.toml → SiteConfig. Every problem is collected before anything is reported."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sharesite.errors import ConfigError, Diagnostic, did_you_mean, error, one_of, warning
from sharesite.language_settings import LanguageSettings, read_languages
from sharesite.licences import LICENCES, find_licence
from sharesite.podcast_settings import PodcastSettings, read_podcasts
from sharesite.redirects import Redirects, read_redirects

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
# What a school or person offers or asks for (content/schools/*.md `offers:`), and the
# areas of expertise an offer is about: [vocabulary] offer_kinds and areas.
DEFAULT_OFFER_KINDS = (
    "visit", "mentoring", "cpd", "coaching", "resource-review", "moderation", "open-classroom",
    "network-meeting",
)
DEFAULT_AREAS = (
    "KS1 phonics", "early reading", "EYFS", "KS2 maths", "mastery maths", "MFL",
    "Year 7 French", "SEND", "behaviour", "middle leadership", "curriculum design",
    "assessment", "oracy", "science practicals", "computing", "PE", "pastoral care",
    "attendance", "transition", "early career teachers", "subject leadership",
    "reading for pleasure", "writing", "history", "geography", "music", "art and design",
    "RE", "PSHE", "safeguarding training",
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
    line: int = 0  # where its table starts in `file`, for messages
    source: str = ""  # a folder of this repository holding the peer's own site ("" if none)
    file: str = CONFIG_FILE  # where it is listed: site.toml, or a hub's registry file


@dataclass(frozen=True)
class NetworkSettings:
    """[network]: who the site is, for other schools' sites and tools (all plain text)."""

    school: str = ""
    phase: str = ""
    region: str = ""
    local_authority: str = ""
    website: str = ""  # the school's official website, http(s)
    peers: tuple[Peer, ...] = ()  # [[network.peers]], and on a hub its registry's members
    moved_to: str = ""  # the site's new address, when it has moved (told to its peers)
    block: tuple[str, ...] = ()  # URL prefixes never fetched, listed or suggested
    hub: bool = False  # gathers a whole network: up to MAX_HUB_PEERS, from `registry`
    registry: str = ""  # a hub's list of members: a TOML file of [[members]], in the repo
    search_hub: str = ""  # a hub whose whole-network search readers may switch on

    def blocked(self, url: str) -> bool:
        """Is `url` under one of the block list's prefixes?"""
        low = url.lower()
        return any(low.startswith(prefix.lower()) for prefix in self.block)


MAX_PEERS = 100
MAX_HUB_PEERS = 2_000  # a hub's peers and registry members together
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
    offer_kinds: tuple[str, ...] = DEFAULT_OFFER_KINDS
    areas: tuple[str, ...] = DEFAULT_AREAS
    author_line: int = 0  # where `author =` stands in site.toml, for messages
    images: ImageSettings = ImageSettings()
    image: str = ""  # content-relative: the site's picture for link previews
    image_alt: str = ""
    network: NetworkSettings = NetworkSettings()
    # redirects.toml beside site.toml (sharesite.redirects): part of the settings, so an
    # edit of it rebuilds what it changes; its problems are reported with the content's.
    redirects: Redirects = field(default_factory=Redirects)
    podcasts: tuple[PodcastSettings, ...] = ()  # [[podcasts]]: sharesite.podcast_settings
    # site.toml's `languages`, each with its prefix and [lang.<code>] table: the first is
    # `language`, at the root. One (the `language`) on a site in one language.
    languages: tuple[LanguageSettings, ...] = ()
    translations: str = "optional"  # optional | required | held: language_settings
    # the site's own address, where its first language is; "" when it is `base_url` (one
    # language, or the first): schemas and the site's files for machines are there alone
    root_url: str = ""
    # a language's files published once, by the first language (the photos and downloads
    # of an item in both): their site path here → theirs at the site's root
    shared: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def multilingual(self) -> bool:
        """Whether the site is in two languages or more (each with its own pages)."""
        return len(self.languages) > 1

    @property
    def labels(self) -> dict[str, str]:
        """The vocabulary's labels in the site's language: value → label."""
        own = next((lang for lang in self.languages if lang.code == self.language), None)
        return dict(own.labels) if own else {}

    def in_language(self, code: str) -> SiteConfig:
        """The settings of the site's pages in `code`: its title and description, and its
        addresses under its prefix (base_url "…/site/en/"). The first language's are the
        site's own; redirects.toml's old addresses are the first language's alone."""
        lang = next(lang for lang in self.languages if lang.code == code)
        return replace(self, language=code, title=lang.title or self.title,
                       description=lang.description or self.description,
                       base_url=self.base_url + lang.prefix,
                       root_url=self.base_url if lang.prefix else "",
                       redirects=self.redirects if not lang.prefix else Redirects())

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
        "podcasts": (object, ()),
        "languages": (list, ()),
        "translations": (str, "optional"),
        "lang": (object, {}),
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
        "moved_to": (str, ""),
        "block": (list, ()),
        "hub": (bool, False),
        "registry": (str, ""),
        "search_hub": (str, ""),
    },
    "vocabulary": {
        "levels": (list, DEFAULT_LEVELS),
        "subjects": (list, DEFAULT_SUBJECTS),
        "types": (list, DEFAULT_TYPES),
        "offer_kinds": (list, DEFAULT_OFFER_KINDS),
        "areas": (list, DEFAULT_AREAS),
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
    network = _network(root, text, values, problems)
    licence = find_licence(values["licence"])
    if licence is None:
        problems.append(error(CONFIG_FILE, _key_line(text, "", "licence"),
                              f"licence: {values['licence']!r} is not a licence sharesite knows",
                              did_you_mean(values["licence"], LICENCES)
                              or "use one of " + one_of(LICENCES)))
    languages = read_languages(values["languages"], values["language"], "language" in data,
                               values["lang"], values["translations"],
                               lambda table, key: _key_line(text, table, key), problems,
                               root)
    if values["languages"]:
        values["language"] = values["languages"][0]
    podcasts = read_podcasts(values["podcasts"], _table_lines(text, "podcasts"),
                             lambda start, key: _line_in(text, start, key),
                             values["language"], licence.id if licence else "", problems)
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
        offer_kinds=values["vocabulary.offer_kinds"],
        areas=values["vocabulary.areas"],
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
        redirects=read_redirects(root),
        podcasts=podcasts,
        languages=languages,
        translations=values["translations"],
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


def _network(root: Path, text: str, values: dict[str, Any],
             problems: list[Diagnostic]) -> NetworkSettings:
    """[network]'s identity, its [[network.peers]] and, on a hub, its registry's members,
    each checked (errors name the line)."""
    fields: dict[str, str] = {}
    for key in ("school", "phase", "region", "local_authority", "website", "moved_to",
                "search_hub"):
        value = " ".join(str(values[f"network.{key}"]).split())  # plain text, one line
        fields[key] = _CONTROL.sub("", value)
    for key in ("website", "moved_to", "search_hub"):
        if fields[key] and not _web_address(fields[key]):
            problems.append(error(CONFIG_FILE, _key_line(text, "network", key),
                                  f"network.{key}: {fields[key]!r} is not a web address",
                                  'use the full address, like "https://www.hillside.sch.uk/"'))
            fields[key] = ""
    for key in ("moved_to", "search_hub"):
        if fields[key] and not fields[key].endswith("/"):
            fields[key] += "/"
    if fields["phase"] and fields["phase"].lower() not in PHASES:
        problems.append(warning(CONFIG_FILE, _key_line(text, "network", "phase"),
                                f"network.phase: {fields['phase']!r} is not a phase sharesite "
                                "knows", did_you_mean(fields["phase"].lower(), PHASES)
                                or "other sites read one of " + one_of(PHASES)))
    block = tuple(b.strip() for b in values["network.block"] if b.strip())
    for prefix in block:
        if not _web_address(prefix):
            problems.append(error(CONFIG_FILE, _key_line(text, "network", "block"),
                                  f"network.block: {prefix!r} is not a web address",
                                  'list the start of each address to block, like '
                                  '"https://spam.example/"'))
    hub = bool(values["network.hub"])
    limit = MAX_HUB_PEERS if hub else MAX_PEERS
    peers = _peers(text, values["network.peers"], problems, limit=limit)
    registry = values["network.registry"].strip()
    if registry and not hub:
        problems.append(warning(CONFIG_FILE, _key_line(text, "network", "registry"),
                                "network.registry is read only by a hub",
                                "add hub = true under [network], or remove registry"))
    elif registry:
        peers += _members(root, registry, _key_line(text, "network", "registry"), problems,
                          {p.url.lower() for p in peers}, limit - len(peers))
    kept = []
    for peer in peers:
        if any(peer.url.lower().startswith(b.lower()) for b in block):
            problems.append(warning(peer.file, peer.line,
                                    f"{peer.url} is on the block list (network.block)",
                                    "it is not fetched or shown: remove one or the other"))
        else:
            kept.append(peer)
    return NetworkSettings(school=fields["school"], phase=fields["phase"],
                           region=fields["region"], local_authority=fields["local_authority"],
                           website=fields["website"], peers=tuple(kept),
                           moved_to=fields["moved_to"], block=block, hub=hub,
                           registry=registry if hub else "", search_hub=fields["search_hub"])


MEMBERS_EXAMPLE = '[[members]] with name = "Oakfield Primary" and ' \
                  'url = "https://oakfield.github.io/site/"'


def _members(root: Path, registry: str, line: int, problems: list[Diagnostic],
             taken: set[str], room: int) -> tuple[Peer, ...]:
    """A hub's registry: a TOML file in the site's repository with one [[members]] table a
    school (name, url), which schools join by pull request."""
    path = (root / registry).resolve()
    if not path.is_relative_to(root):
        problems.append(error(CONFIG_FILE, line, f"network.registry: {registry!r} is outside "
                              "the site's folder", 'use a file in the repository, like '
                              '"members.toml"'))
        return ()
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except FileNotFoundError:
        problems.append(error(CONFIG_FILE, line, f"network.registry: there is no {registry}",
                              f"create it with one {MEMBERS_EXAMPLE} a school"))
        return ()
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(error(CONFIG_FILE, line, f"network.registry: {registry} cannot be "
                              f"read ({exc})", "save it as UTF-8 text"))
        return ()
    except tomllib.TOMLDecodeError as exc:
        found = _syntax_error(exc)
        problems.append(replace(found, path=registry))
        return ()
    for key in data:
        if key != "members":
            problems.append(warning(registry, _key_line(text, "", key), f"unknown setting {key}",
                                    "a registry holds only [[members]] tables"))
    members = _peers(text, data.get("members", ()), problems, limit=room, file=registry,
                     table="members")
    kept = []
    for member in members:
        if member.url.lower() in taken:
            continue  # a peer in site.toml too: listed once
        taken.add(member.url.lower())
        kept.append(member)
    return tuple(kept)


def _peers(text: str, value: Any, problems: list[Diagnostic], limit: int = MAX_PEERS,
           file: str = CONFIG_FILE, table: str = "network.peers") -> tuple[Peer, ...]:
    """[[network.peers]] (or a registry's [[members]], in `file`): a list of tables with a
    name, an http(s) url ending in "/" and, for a peer whose site is in this repository,
    its `source` folder."""
    example = f'[[{table}]] with name = "Oakfield Primary" and ' \
              'url = "https://oakfield.github.io/site/"'
    if value == ():
        return ()
    section, _, key_name = table.rpartition(".")
    starts = _table_lines(text, table)
    first = _key_line(text, section, key_name) or (starts[0] if starts else 0)
    noun = "peer" if file == CONFIG_FILE else "member"
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append(error(file, first, f"{table} must be a list of tables",
                              "write each as " + example))
        return ()
    if len(value) > limit:
        problems.append(error(file, starts[limit] if len(starts) > limit else 0,
                              f"{table}: {len(value)} {noun}s is more than {limit}",
                              "keep the schools you work with most; a hub can gather the rest"
                              if limit == MAX_PEERS else "split the network between two hubs"))
        return ()
    if len(value) > MANY_PEERS and file == CONFIG_FILE and limit <= MAX_PEERS:
        problems.append(warning(file, starts[MANY_PEERS] if len(starts) > MANY_PEERS
                                else 0, f"{table}: {len(value)} peers (over {MANY_PEERS})",
                                "every peer is fetched for every build: keep the ones you use"))
    inline = not starts  # peers = [{...}] on one line
    peers: list[Peer] = []
    seen: dict[str, int] = {}
    fields = ["name", "url", "source"] if file == CONFIG_FILE else ["name", "url"]
    for number, entry in enumerate(value):
        line = first if inline else starts[number] if number < len(starts) else 0
        ok = True
        for key in entry:
            if key not in fields:
                problems.append(warning(file, _line_in(text, line, key) or line,
                                        f"unknown setting {table}.{key}",
                                        did_you_mean(key, fields) or "sharesite ignores it"))
        name = entry.get("name")
        if not isinstance(name, str) or not " ".join(name.split()):
            problems.append(error(file, _line_in(text, line, "name") or line,
                                  f"{table}: a {noun} has no name",
                                  f'add name = "Oakfield Primary" under its [[{table}]]'))
            ok = False
        elif _CONTROL.search(name):
            problems.append(error(file, _line_in(text, line, "name") or line,
                                  f"{table}: the name {name!r} has control characters",
                                  "write the school's name as plain text"))
            ok = False
        url = entry.get("url")
        url_line = _line_in(text, line, "url") or line
        if not isinstance(url, str) or not _web_address(url) or not url.endswith("/") or \
                urlsplit(url).query or urlsplit(url).fragment:
            problems.append(error(file, url_line,
                                  f"{table}: url {url!r} is not a site's address",
                                  "use the peer site's base_url: http(s), ending with /, like "
                                  '"https://oakfield.github.io/site/"'))
            ok = False
        elif url.lower() in seen:
            problems.append(error(file, url_line,
                                  f"{table}: {url} is listed twice (also at line "
                                  f"{seen[url.lower()]})", "remove one of them"))
            ok = False
        source = entry.get("source", "")
        if not isinstance(source, str) or source.startswith("/") or ".." in source.split("/"):
            problems.append(error(file, _line_in(text, line, "source") or line,
                                  f"{table}: source {source!r} is not a folder of this "
                                  "repository", 'give the folder of the peer\'s site.toml, '
                                  'like "examples/oakfield"'))
            ok = False
        if ok:
            assert isinstance(name, str) and isinstance(url, str)
            seen[url.lower()] = url_line
            peers.append(Peer(" ".join(name.split()), url, line, source.strip("/"), file))
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
