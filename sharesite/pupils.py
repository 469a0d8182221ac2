"""The school's private list of pupils' names (never in the site's folder), read for the
photo checks: a caption or alt text that names a pupil is flagged. Read on every build (it
is one of its inputs), so it stays a small module of its own."""

from __future__ import annotations

import re
from pathlib import Path

from sharesite.errors import Diagnostic, error

NAMES_ENV = "SHARESITE_PUPIL_NAMES"
_WORD = re.compile(r"[^\W\d_]+")


def pupil_names(path: Path | None) -> tuple[frozenset[str], list[Diagnostic]]:
    """The pupils' names in the school's private list at `path` (one a line; the command
    line reads SHARESITE_PUPIL_NAMES), as lower-case words; none without a list."""
    if path is None:
        return frozenset(), []
    try:
        text = path.expanduser().read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return frozenset(), [error(NAMES_ENV, 0, f"cannot read the list of pupils' names "
                                   f"({exc})", "point it at a UTF-8 text file, one name a line")]
    words = {w.casefold() for line in text.splitlines() for w in _WORD.findall(line)
             if len(w) >= 3}
    return frozenset(words), []
