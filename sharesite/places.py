"""Where sharesite keeps things outside a site's folder: the user's own cache folder.

What sharesite reads back as trusted — compiled templates (code), and the build cache
(documents whose HTML has already been sanitised) — lives there and never in the site's
folder, which can come from anyone: a colleague's zip, a pull request.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

from sharesite import __version__


def user_cache() -> Path:
    """sharesite's folder in the user's cache (XDG_CACHE_HOME, ~/Library/Caches, %LOCALAPPDATA%)."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "sharesite"


def site_cache(root: Path) -> Path:
    """The build cache of the site in `root` (one folder a site, named after it)."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", root.name)[:40] or "site"
    key = hashlib.blake2b(str(root).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return user_cache() / "sites" / f"{name}-{key}"


def compiled_templates() -> Path:
    return user_cache() / f"templates-{__version__}"
