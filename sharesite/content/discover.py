"""content/ → sources: which files are posts, resources, pages, events, authors and schools,
and which are files to copy. Pure directory walking, sorted so every later stage is
deterministic."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sharesite.errors import Diagnostic, error, warning


class Kind(StrEnum):
    """What a content file is, by the folder it is in. Equal to its name as text ("post"),
    which is how templates (`post.html`) and messages know it."""

    POST = "post"
    RESOURCE = "resource"
    PAGE = "page"
    AUTHOR = "author"
    SCHOOL = "school"  # a school's profile: who it is, what it offers, what it looks for
    EVENT = "event"  # a CPD day, an open classroom, a teachmeet: a file or a bundle


KINDS = {"posts": Kind.POST, "resources": Kind.RESOURCE, "pages": Kind.PAGE,
         "authors": Kind.AUTHOR, "schools": Kind.SCHOOL, "events": Kind.EVENT}
# Kinds that are one file each (content/authors/<id>.md), never a bundle: profiles.
PROFILES = ("authors", "schools")
BUNDLE_INDEX = "index.md"
_JUNK = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Source:
    """One Markdown file that becomes a page. Paths are POSIX, relative to content/."""

    kind: Kind
    path: str  # e.g. "posts/2024-01-05-phonics.md" or "resources/mats/index.md"
    bundle_files: tuple[str, ...] = ()  # files beside a bundle's index.md (content-relative)

    @property
    def is_bundle(self) -> bool:
        return is_index(self.path.rpartition("/")[2])

    @property
    def directory(self) -> str:
        """The folder links in this file are relative to ("" is content/ itself)."""
        return self.path.rpartition("/")[0]

    @property
    def name(self) -> str:
        """The file name without .md, or the bundle's folder name."""
        parts = self.path.split("/")
        return parts[-2] if self.is_bundle else parts[-1][: -len(".md")]


@dataclass(frozen=True)
class Discovered:
    sources: tuple[Source, ...]
    files: tuple[str, ...]  # other files, copied to the same relative path
    # Markdown files in a bundle besides its index.md: not pages, and not published (a
    # transcript a page names is shown on that page: `unpublished_markdown`)
    inside: tuple[tuple[str, str], ...] = ()  # (the file, its bundle)

    @property
    def copied(self) -> list[str]:
        """Every file published as it is: the other files, then the bundles' files."""
        return [*self.files, *(f for s in self.sources for f in s.bundle_files)]


_INDEX = re.compile(r"index(\.[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*)?\.md")


def is_index(name: str) -> bool:
    """Whether a file name is a bundle's page: index.md, or a language's (index.cy.md)."""
    return _INDEX.fullmatch(name) is not None


def discover_sources(content_dir: Path, languages: bool = False
                     ) -> tuple[Discovered, list[Diagnostic]]:
    """Every page and file in `content_dir`. On a site in several languages (`languages`),
    a bundle may have a page for each (index.cy.md, index.en.md) instead of index.md."""
    problems: list[Diagnostic] = []
    if not content_dir.is_dir():
        return Discovered((), ()), [error("content", 0, "there is no content folder",
                                          "create content/posts/ and write a post there")]
    root = content_dir.resolve()
    all_files: list[str] = []
    _walk(content_dir, "", root, content_dir, all_files, problems)
    all_files.sort()

    # A bundle is a folder *inside* posts/, resources/, pages/ or events/ holding an index.md.
    def index(rel: str) -> bool:  # a bundle's page
        name = rel.rpartition("/")[2]
        return name == BUNDLE_INDEX or (languages and is_index(name))

    bundles = {f.rpartition("/")[0] for f in all_files
               if index(f) and f.count("/") >= 2
               and f.split("/")[0] in KINDS and f.split("/")[0] not in PROFILES}
    sources: list[Source] = []
    files: list[str] = []
    bundle_files: dict[str, list[str]] = {b: [] for b in bundles}
    pages: dict[str, list[str]] = {b: [] for b in bundles}  # each bundle's index files
    inside: list[tuple[str, str]] = []
    for rel in all_files:
        top = rel.split("/")[0]
        owner = _bundle_of(rel, bundles)
        if owner is not None:
            folder = rel.rpartition("/")[0]
            if index(rel) and folder in bundles:
                pages[folder].append(rel)
                if folder != owner:  # a bundle inside another is not a page of its own
                    inside.append((rel, owner))
            elif rel.endswith(".md"):
                inside.append((rel, owner))
            else:
                bundle_files[owner].append(rel)
            continue
        if rel.count("/") == 1 and index(rel) and top not in PROFILES:
            problems.append(error(
                "content/" + rel, 0, f"an index.md directly in content/{top}/ is not a "
                f"{KINDS[top]}", f"to write about the {top} in general, make a page in "
                "content/pages/; a folder with an index.md is one item, like "
                f"content/{top}/my-item/index.md"))
            continue
        if top in KINDS and rel.endswith(".md") and (top not in PROFILES
                                                     or rel.count("/") == 1):
            sources.append(Source(KINDS[top], rel))
        else:
            files.append(rel)
    for bundle in sorted(bundles):
        for page in pages[bundle]:
            sources.append(Source(KINDS[bundle.split("/")[0]], page,
                                  tuple(bundle_files[bundle])))
    sources.sort(key=lambda s: s.path)
    return Discovered(tuple(sources), tuple(files), tuple(inside)), problems


def unpublished_markdown(discovered: Discovered, named: set[str]) -> list[Diagnostic]:
    """A warning for each Markdown file inside a bundle that no page names (as its
    transcript): it would be neither a page nor shown anywhere."""
    return [warning("content/" + rel, 0,
                    f"this Markdown file is inside the bundle content/{owner}/, so it is not "
                    "published", "only the bundle's index.md becomes a page: move this file "
                    "out of the bundle's folder to make it a page of its own")
            for rel, owner in discovered.inside if rel not in named]


def _walk(folder: Path, prefix: str, root: Path, content_dir: Path, out: list[str],
          problems: list[Diagnostic]) -> None:
    """Every publishable file under `folder`, content-relative. os.scandir: a DirEntry
    knows whether it is a link or a folder without asking the disk again."""
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        name = entry.name
        if entry.is_dir():  # a linked folder is checked, never followed
            if not name.startswith((".", "_")):
                if entry.is_symlink():
                    _check_link(Path(entry.path), root, content_dir, problems)
                else:
                    _walk(Path(entry.path), prefix + name + "/", root, content_dir, out,
                          problems)
            continue
        if name.startswith((".", "~$")) or name in _JUNK:
            continue
        if entry.is_symlink() and not _check_link(Path(entry.path), root, content_dir,
                                                  problems):
            continue
        out.append(prefix + name)


def _bundle_of(rel: str, bundles: set[str]) -> str | None:
    """The outermost bundle folder that holds `rel`, if any."""
    parts = rel.split("/")
    for i in range(1, len(parts)):
        candidate = "/".join(parts[:i])
        if candidate in bundles:
            return candidate
    return None


def _check_link(path: Path, root: Path, content_dir: Path, problems: list[Diagnostic]) -> bool:
    """A symlink may point anywhere inside content/; one that leaves it is refused."""
    rel = "content/" + path.relative_to(content_dir).as_posix()
    target = path.resolve()
    if not target.is_relative_to(root):
        problems.append(error(rel, 0, "this is a link to a file outside the content folder",
                              "copy the file into content/ instead of linking to it"))
        return False
    return True
