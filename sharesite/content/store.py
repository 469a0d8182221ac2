"""The documents a build has read, kept for the next: each source's Document with the
stamp and text digest it was read from. A module of its own, and light: the build cache
holds a store, and a build in which nothing changed reads the cache without needing
anything that reads or renders documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sharesite.errors import Diagnostic

if TYPE_CHECKING:
    from sharesite.content.document import Document


@dataclass(frozen=True)
class DocumentEntry:
    stamp: tuple[int, int] | None  # the source's (modification time in ns, size), if trusted
    text: str  # digest of its text
    files: tuple[tuple[str, int], ...]  # files its front matter names, with their sizes
    document: Document
    problems: tuple[Diagnostic, ...]  # warnings: a document with errors is not kept


@dataclass
class DocumentStore:
    """The documents read so far, by content-relative source path, and the paths whose
    entry changed (or went) since the store was last saved."""

    entries: dict[str, DocumentEntry] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)

    def put(self, path: str, entry: DocumentEntry) -> None:
        self.entries[path] = entry
        self.changed.add(path)

    def drop(self, path: str) -> None:
        del self.entries[path]
        self.changed.add(path)

    def clear(self) -> None:
        """Forget every document (read with other settings)."""
        self.changed.update(self.entries)
        self.entries.clear()
