"""What a rebuild reuses from the last one: documents already read, and outputs still right.

- documents: the document loader's store (`content.loader.DocumentStore`): each source
  file's Document, reused while its text and the files its front matter names are unchanged;
- outputs: each output file's record (`outputs.OutputRecord`), to keep outputs whose inputs
  are unchanged and to write only bytes that changed.

Both are only valid for the settings they were made with (site.toml, build options,
sharesite's version): `settings` is their digest, and a cache made with other settings is
started afresh. `serve` keeps one BuildCache in memory between rebuilds; `build` and
`check` keep it between runs (`load_cache`, `save_cache`) in the user's cache folder, never
the site's (`places.site_cache`: its documents are trusted, already-sanitised HTML): safe
to delete, never read by another version of sharesite, and read back only as sharesite's
own data classes, looked up by name, never imported or run.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sharesite import __version__
from sharesite.config import SiteConfig
from sharesite.content.store import DocumentEntry, DocumentStore
from sharesite.digest import digest
from sharesite.errors import Diagnostic
from sharesite.outputs import OutputRecord
from sharesite.places import site_cache, user_cache
from sharesite.render.theme_files import theme_stamp

if TYPE_CHECKING:  # a build in which nothing changed loads neither
    from sharesite.render.theme import Theme
    from sharesite.site.model import Site

FORMAT = 6  # the layout of these tables: a new sharesite never reads an old layout


@dataclass(frozen=True)
class LastBuild:
    """The last build that wrote the output: a digest of every input it read, and what it
    reported, so that a run in which nothing changed can say so at once."""

    inputs: str
    pages: int
    feeds: int
    files: int
    diagnostics: tuple[Diagnostic, ...]
    due: dt.datetime | None  # when a scheduled post comes out: the site changes then


@dataclass
class BuildCache:
    reading: str = ""  # digest of the settings documents were read with
    settings: str = ""  # digest of every setting: outputs were made with these
    documents: DocumentStore = field(default_factory=DocumentStore)
    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    # Kept in memory only (serve): the theme with its compiled templates, and the last site.
    theme: tuple[tuple[object, ...], Theme] | None = None
    site: Site | None = None
    pending: list[Path] = field(default_factory=list)  # shards not read yet (see `store`)
    last: LastBuild | None = None  # what the last build that wrote the output was made from
    # The shards on disk hold `documents` but for its `changed`: saving writes those.
    on_disk: bool = False

    def store(self) -> DocumentStore:
        """The documents, for the loader: their shards are left on disk until a build
        needs them (a build in which nothing changed never does)."""
        try:
            for path in self.pending:
                self.documents.entries.update(_read(path))
        except Exception:  # damaged or not ours: read everything afresh
            self.documents.entries.clear()
            self.on_disk = False
        self.pending.clear()
        return self.documents

    def load_theme(self, config: SiteConfig, stamp: tuple[object, ...],
                   compiled: Path | None = None) -> Theme:
        """The theme, reused (its templates compiled) while `stamp` (the settings and the
        theme's files: `theme_key`) is unchanged: a template may have kept a setting (the
        base path) from its first use."""
        from sharesite.render.theme import load_theme  # Jinja: only when rendering

        if self.theme is None or self.theme[0] != stamp:
            self.theme = (stamp, load_theme(config, compiled))
        return self.theme[1]

    def start(self, config: SiteConfig, *options: object, keep: bool = False) -> str:
        """Forget what was made with other settings; returns the settings' digest.
        Documents depend on few settings (a new site title does not mean reading every
        post again); outputs on all of them."""
        # (the languages: a file's name says its language, and its slug is the rest)
        reading = digest(FORMAT, __version__, config.root, config.tz.key, config.unsafe_html,
                         tuple(lang.code for lang in config.languages))
        settings = digest(FORMAT, __version__, config, options)
        if reading != self.reading:
            self.reading = reading
            self.documents.clear()
            self.pending.clear()
            self.on_disk = False  # every shard is to be written again
            self.last = None
        if settings != self.settings and not keep:  # keep: a check, which writes nothing
            self.settings = settings
            self.outputs.clear()
            self.last = None
        return settings


# -- kept between runs ----------------------------------------------------------------------

_SHARDS = 64  # documents are kept in shards, so one edit rewrites one small file


def theme_key(config: SiteConfig, settings: str) -> tuple[object, ...]:
    """What a loaded theme is good for: the settings, and the theme's files as they are."""
    return (settings, theme_stamp(config))


def _shard(path: str) -> str:
    return f"documents-{int(digest(path)[:8], 16) % _SHARDS:02d}.pickle"


def _folder(root: Path) -> Path:
    return site_cache(root) / f"v{FORMAT}-{__version__}"


def load_cache(root: Path) -> BuildCache:
    """The cache the last `build` of the site in `root` left, or an empty one."""
    folder = _folder(root)
    try:
        state = _read(folder / "state.pickle")
        cache = BuildCache(reading=state["reading"], settings=state["settings"],
                           outputs=state["outputs"], last=state["last"],
                           pending=[folder / name for name in state["shards"]], on_disk=True)
    except Exception:  # missing, older, damaged or not ours: start afresh
        return BuildCache()
    return cache


def forget_saved(root: Path) -> None:
    """Before the output changes: a run stopped before `save_cache` must not find records
    of the output as it was (it would keep pages that are no longer there)."""
    (_folder(root) / "state.pickle").unlink(missing_ok=True)


def save_cache(cache: BuildCache, root: Path) -> None:
    """Keep `cache` for the next run: the shards of changed documents, and the state."""
    cache.store()
    folder = _folder(root)
    fresh = not cache.on_disk or not folder.is_dir()
    if fresh and folder.parent.is_dir():  # another version's cache: of no use now
        for old in folder.parent.glob("v*-*"):
            shutil.rmtree(old, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    tag = user_cache() / "CACHEDIR.TAG"  # backup tools skip folders with this file
    if not tag.exists():
        tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                       "# sharesite's build cache: safe to delete.\n", encoding="utf-8")
    shards: dict[str, dict[str, DocumentEntry]] = {}
    for path, entry in cache.documents.entries.items():
        shards.setdefault(_shard(path), {})[path] = entry
    touched = {_shard(path) for path in cache.documents.changed}
    for name in sorted(touched if not fresh else shards):
        _write(folder / name, shards.get(name, {}))
    _write(folder / "state.pickle", {"reading": cache.reading, "settings": cache.settings,
                                     "outputs": cache.outputs, "shards": sorted(shards),
                                     "last": cache.last})
    cache.documents.changed.clear()
    cache.on_disk = True


def _write(path: Path, value: object) -> None:
    temporary = path.with_name(path.name + ".new")
    with temporary.open("wb") as stream:
        pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = {ZoneInfo: _reduce_zone}
        pickler.dump(value)
    os.replace(temporary, path)


def _reduce_zone(zone: ZoneInfo) -> tuple[Any, tuple[str]]:
    return _zone, (zone.key,)


def _zone(key: str) -> ZoneInfo:
    """A time zone by name (how a cache file stores one)."""
    return ZoneInfo(key)


def _read(path: Path) -> Any:
    with path.open("rb") as stream:
        return _Unpickler(stream).load()


# What a cache file may contain: sharesite's data classes and the plain types inside them,
# by exact name. Classes are looked up in modules already loaded, never imported.
_ALLOWED = {("builtins", n) for n in ("set", "frozenset", "dict", "list", "tuple", "str",
                                      "int", "float", "bool", "bytes")} | {
    ("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"),
    ("datetime", "timedelta"), ("datetime", "timezone"), ("markupsafe", "Markup"),
    ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("sharesite.cache", "_zone"),
    ("sharesite.content.store", "DocumentEntry"), ("sharesite.cache", "LastBuild"),
    ("sharesite.content.document", "Document"), ("sharesite.content.document", "FileRef"),
    ("sharesite.content.document", "Credit"), ("sharesite.content.document", "ProfileLink"),
    ("sharesite.content.document", "ImageFacts"), ("sharesite.content.document", "Shown"),
    ("sharesite.content.discover", "Source"),
    ("sharesite.content.discover", "Kind"), ("sharesite.errors", "Diagnostic"),
    ("sharesite.errors", "Severity"), ("sharesite.content.markdown", "LinkRef"),
    ("sharesite.outputs", "OutputRecord")}


class _Unpickler(pickle.Unpickler):
    """Reads only plain data: a cache file cannot make sharesite run anything."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED and module in sys.modules:
            return getattr(sys.modules[module], name)
        raise pickle.UnpicklingError(f"not allowed in a cache: {module}.{name}")
