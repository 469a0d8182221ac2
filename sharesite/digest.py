"""Digests, at the bottom of everything: of plain values, of bytes, of a file's stamp.

A build compares digests to tell what changed: a document's text, an output's bytes, the
inputs of a page. `never()` is a digest that matches nothing, for what cannot be told.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path


def digest(*parts: object) -> str:
    """A digest of plain values (str, numbers, dates, tuples, dataclasses of those)."""
    text = repr(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def content_digest(data: bytes | None) -> str:
    """A digest of a file's bytes (hashed as they are: no repr of a large page)."""
    return hashlib.blake2b(data or b"", digest_size=16).hexdigest()


def never() -> str:
    """A digest that matches nothing: for values that cannot be fingerprinted."""
    return f"never-{os.urandom(8).hex()}"


# A file changed within this long of being read may change again with the same size and
# time (file times are coarse: 2 s on FAT drives), so its time says nothing: read it again.
RACY_NS = 3_000_000_000


def trusted_stamp(path: Path) -> tuple[int, int] | None:
    """A file's (modification time in ns, size), or None when it is too recent to trust
    or missing."""
    try:
        info = path.stat()
    except OSError:
        return None
    if info.st_mtime_ns >= time.time_ns() - RACY_NS:
        return None
    return (info.st_mtime_ns, info.st_size)
