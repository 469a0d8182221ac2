"""Where the themes' files are, and a stamp of them: all that a build in which nothing
changed needs of the theme, without loading it (`theme` does that, with Jinja)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sharesite.config import SiteConfig
from sharesite.digest import RACY_NS, never

BUILTIN_NAME = "default"


def builtin_theme_dir() -> Path:
    """The built-in theme: inside the installed package, or at the top of a checkout."""
    here = Path(__file__).resolve().parent.parent  # the sharesite package
    for candidate in (here / "themes" / BUILTIN_NAME, here.parent / "themes" / BUILTIN_NAME):
        if (candidate / "templates").is_dir():
            return candidate
    raise RuntimeError("sharesite's built-in theme is missing: reinstall sharesite")


def theme_stamp(config: SiteConfig) -> tuple[object, ...]:
    """Every file of the site's theme folders with its size and time: a theme loaded
    while this is unchanged can be used again, its templates already compiled."""
    return (config.theme, *_files_stamp(config.root / "themes" / config.theme,
                                        builtin_theme_dir()))


def strings_stamp(config: SiteConfig) -> tuple[object, ...]:
    """Every file of the site's own string tables (strings/<language>.toml) with its size
    and time: the interface's words, part of every page a build makes."""
    return _files_stamp(config.root / "strings")


def _files_stamp(*folders: Path) -> tuple[object, ...]:
    """Each file under `folders` with its folder, name, time and size, in a fixed order;
    and a never-equal mark for one saved too recently for its time to be trusted."""
    found: list[object] = []
    recent = time.time_ns() - RACY_NS  # a file saved since may change again, unseen
    for folder in folders:
        for parent, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                info = os.stat(os.path.join(parent, name), follow_symlinks=False)
                found.append((parent, name, info.st_mtime_ns, info.st_size))
                if info.st_mtime_ns >= recent:
                    found.append(never())
    return tuple(found)
