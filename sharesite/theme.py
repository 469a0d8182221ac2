"""Themes are a search path: the site's own theme folder first, the built-in theme last.

A site's `themes/<name>/templates/post.html` replaces the built-in `post.html`, and can
`{% extends "default/post.html" %}` to change only a block of it. Static files are merged
the same way: a site's file replaces the built-in file of the same name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sharesite.config import SiteConfig
from sharesite.errors import ConfigError, error

BUILTIN_NAME = "default"


def builtin_theme_dir() -> Path:
    """The built-in theme: inside the installed package, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "themes" / BUILTIN_NAME, here.parent / "themes" / BUILTIN_NAME):
        if (candidate / "templates").is_dir():
            return candidate
    raise RuntimeError("sharesite's built-in theme is missing: reinstall sharesite")


@dataclass(frozen=True)
class Theme:
    dirs: tuple[Path, ...]  # theme folders, first match wins
    env: jinja2.Environment

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


def load_theme(config: SiteConfig) -> Theme:
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
    )
    return Theme(dirs, env)
