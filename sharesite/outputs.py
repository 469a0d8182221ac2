"""What a build makes, and what a rebuild remembers of it: the currency between render,
publish, the build cache and the dev server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    """One file of the built site: bytes to write, a file to copy, or (`kept`) a file the
    last build wrote that is still right."""

    path: str  # relative to the output folder, POSIX
    data: bytes | None = None
    copy_from: Path | None = None
    kept: bool = False


@dataclass(frozen=True)
class OutputRecord:
    """What a rebuild remembers of one output: see `fingerprint`."""

    key: str  # the template(s) and the values given to it
    reads: tuple[tuple[str, str], ...] = ()  # (part of the site, its digest) the render read
    data: str = ""  # digest of the bytes written: unchanged bytes are not written again
