"""Diagnostics: what is wrong with a user's input, where, and how to fix it.

Every stage reports problems as `Diagnostic` values instead of raising, so that one run
shows every error. A traceback means a bug in sharesite, never a mistake in a site.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: `path:line: message (hint)`. `path` is relative to the site folder."""

    path: str
    line: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    # About what another school's site says (a peer's licence, its adaptation of ours): this
    # site cannot fix it, so it is never an error, not even with --strict (`strictly`).
    peer: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        if not self.is_error:
            text = f"{where}: warning: {text[len(where) + 2:]}"
        return text

    def github(self) -> str:
        """The GitHub Actions workflow command that shows this as an annotation."""
        kind = "error" if self.is_error else "warning"
        props = [f"file={_escape_property(self.path)}"]
        if self.line:
            props.append(f"line={self.line}")
        props.append(f"title={_escape_property('sharesite ' + kind)}")
        message = self.message + (f" ({self.hint})" if self.hint else "")
        return f"::{kind} {','.join(props)}::{_escape_data(message)}"


def error(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, message, hint, Severity.ERROR)


def warning(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, message, hint, Severity.WARNING)


def peer_warning(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, message, hint, Severity.WARNING, peer=True)


def strictly(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """`--strict`: every warning an error, except those about peers' sites (a peer can
    never fail the build)."""
    return [d if d.peer else replace(d, severity=Severity.ERROR) for d in diagnostics]


def blocks_strict(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether `--strict` stops the build: any diagnostic but those about peers' sites."""
    return any(not d.peer for d in diagnostics)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """'did you mean "maths"?' for the nearest choice, or '' when nothing is near."""
    close = difflib.get_close_matches(value, sorted(set(choices)), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else ""


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(sorted(set(choices)))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


class ConfigError(Exception):
    """site.toml cannot be used: the CLI prints these and exits 2."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


class UsageError(Exception):
    """The command was asked for something it must refuse (exit 2)."""


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
