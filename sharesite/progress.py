"""A progress bar for long builds, on a terminal only.

A build calls `progress(stage, done, total)` as it goes. `Bar` draws one line on the
terminal, rewritten in place, once a build has taken longer than a couple of seconds (a
quick build shows nothing but its summary); `for_terminal` gives no bar at all in CI, with
--quiet, or when the output is a file or a pipe, where a bar would only be noise.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def silent(stage: str, done: int, total: int) -> None:
    """No progress shown."""


class Bar:
    WIDTH = 28

    def __init__(self, stream: TextIO, delay: float = 2.0) -> None:
        self.stream = stream
        self.delay = delay
        self.started = time.monotonic()
        self.drawn = 0.0  # when the line was last drawn
        self.length = 0  # of the line on screen

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < self.delay or (now - self.drawn < 0.1 and done < total):
            return
        self.drawn = now
        filled = self.WIDTH * done // total if total > 0 else 0
        line = (f"{stage:<20} {'█' * filled}{'░' * (self.WIDTH - filled)} "
                f"{done:,}/{total:,}" if total > 0 else f"{stage}…")
        self.stream.write("\r" + line.ljust(self.length))
        self.stream.flush()
        self.length = len(line)

    def close(self) -> None:
        """Clear the line, so the summary starts on a clean one."""
        if self.length:
            self.stream.write("\r" + " " * self.length + "\r")
            self.stream.flush()
            self.length = 0


def for_terminal(stream: TextIO, quiet: bool = False) -> Bar | None:
    """A bar for `stream` if a person is watching it, else None."""
    if quiet or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return None
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return Bar(stream)
