"""Themes are a search path: the site's own theme folder first, the built-in theme last.

A site's `themes/<name>/templates/post.html` replaces the built-in `post.html`, and can
`{% extends "default/post.html" %}` to change only a block of it. Static files are merged
the same way: a site's file replaces the built-in file of the same name.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sharesite.config import SiteConfig
from sharesite.digest import digest
from sharesite.errors import ConfigError, error
from sharesite.render.context import PageContext, template_globals
from sharesite.render.theme_files import BUILTIN_NAME, builtin_theme_dir


@dataclass(frozen=True)
class Theme:
    dirs: tuple[Path, ...]  # theme folders, first match wins
    env: jinja2.Environment
    # `site` for macros imported without context: the environment's globals keep it.
    context: PageContext = field(default_factory=PageContext, compare=False, repr=False)
    _digests: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def digest(self, name: str) -> str:
        """A digest of template `name` and of every template it extends, includes or
        imports, however far (cycles too): what a page made with it depends on. A template
        named by a variable could be any of them, so then it is all of them."""
        found = self._digests.get(name)
        if found is None:
            sources: dict[str, str] = {}
            todo = [name]
            while todo:
                current = todo.pop()
                if current in sources:
                    continue
                sources[current] = self._source(current)
                referenced = _referenced(sources[current])
                todo += self.env.list_templates() if referenced is None else referenced
            found = digest(sorted(sources.items()))
            self._digests[name] = found
        return found

    def _source(self, name: str) -> str:
        try:
            return self.env.loader.get_source(self.env, name)[0] if self.env.loader else ""
        except jinja2.TemplateNotFound:
            return "(missing)"

    def static_files(self) -> dict[str, Path]:
        """Output path → file, the site theme's files replacing the built-in ones."""
        found: dict[str, Path] = {}
        for theme_dir in reversed(self.dirs):
            static = theme_dir / "static"
            for folder, dirs, names in os.walk(static):
                dirs.sort()
                for name in sorted(names):
                    if name.startswith("."):
                        continue
                    path = Path(folder) / name
                    found[path.relative_to(static).as_posix()] = path
        return dict(sorted(found.items()))


def _links(folder: Path) -> list[Path]:
    """Every symbolic link below `folder` (links to folders are not followed)."""
    found = []
    for parent, dirs, names in os.walk(folder):
        found += [Path(parent) / n for n in sorted(dirs + names) if (Path(parent) / n).is_symlink()]
    return found


_TAG = re.compile(r"\{%[-+]?\s*(extends|include|import|from)\b(.*?)[-+]?%\}", re.S)
_NAMED = re.compile(r"""\s*(["'])([^"'{}]+)\1\s*((import|ignore|with|without)\b.*)?$""", re.S)


def _referenced(source: str) -> set[str] | None:
    """The templates `source` extends, includes or imports, read from its tags without
    compiling it (a rebuild in a new process would otherwise parse every template twice);
    None when one is named by a variable, so it could be any of them."""
    names = set()
    for match in _TAG.finditer(source):
        named = _NAMED.match(match.group(2))
        if named is None:
            return None
        names.add(named.group(2))
    return names


def load_theme(config: SiteConfig, compiled: Path | None = None) -> Theme:
    """The site's theme. With `compiled`, templates compiled by an earlier run are read
    from there (Jinja checks each against its source) instead of compiled again."""
    builtin = builtin_theme_dir()
    own = config.root / "themes" / config.theme
    if config.theme != BUILTIN_NAME and not own.is_dir():
        raise ConfigError([error("site.toml", 0, f"theme: there is no folder themes/{config.theme}",
                                 f'create it, or set theme = "{BUILTIN_NAME}"')])
    dirs = (own, builtin) if own.is_dir() and own.resolve() != builtin else (builtin,)
    leaving = [path for path in _links(own) if not path.resolve().is_relative_to(own.resolve())]
    if leaving:
        raise ConfigError([error(path.relative_to(config.root).as_posix(), 0,
                                 "this is a link to a file outside the theme's folder",
                                 "copy the file into the theme instead of linking to it")
                           for path in leaving])
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader([str(d / "templates") for d in dirs]),
        jinja2.PrefixLoader({BUILTIN_NAME: jinja2.FileSystemLoader(str(builtin / "templates"))}),
    ])
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(compiled),
    )
    theme = Theme(dirs, env)
    env.globals.update(template_globals(theme.context, config))
    return theme


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:  # a read-only home: compile every time
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
