"""Every raster image in content/ → its processed copies, made once and kept in the cache.

`process_images` runs between reading the documents and assembling the site: it knows
every image file, and which of them are only downloads (a resource's `files:` that no page
shows), which are published as they are and not processed. New and changed photos are
processed on the worker pool; the rest come from the cache, recognised by their size and
time without being read.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from sharesite.config import ImageSettings, SiteConfig
from sharesite.content.document import Document
from sharesite.digest import content_digest, digest, trusted_stamp
from sharesite.errors import Diagnostic, error
from sharesite.images.picture import Picture, Variant
from sharesite.images.process import MAGIC, RASTER, VERSION, ImageProblem, codecs, make
from sharesite.images.store import Entry, ImageStore
from sharesite.progress import Progress, silent
from sharesite.workers import fork_pool, state


def is_raster(rel: str) -> bool:
    """Whether a file's name says it is a raster image."""
    return posixpath.splitext(rel)[1].lower() in RASTER


def find_rasters(content_dir: Path, copied: Iterable[str]) -> frozenset[str]:
    """Every raster image among the files in content/: by its name, or else by its first
    bytes (a JPEG saved as .jfif, or with no extension, is a photo all the same)."""
    found = set()
    for rel in copied:
        if is_raster(rel):
            found.add(rel)
            continue
        try:
            with (content_dir / rel).open("rb") as stream:
                head = stream.read(16)
        except OSError:
            continue
        if any(head[at:at + len(magic)] == magic for at, magic in MAGIC):
            found.add(rel)
    return frozenset(found)


def to_process(rasters: Iterable[str], documents: Iterable[Document],
               files: Collection[str] = (), site_image: str = "") -> list[str]:
    """The images to publish as processed copies: every raster image in content/ but those
    that are only downloads (a resource's `files:` that no page shows or has as a cover),
    which are published as they are. And the SVG drawings (among `files`) that link
    previews show — a cover, a page's first image, the site's `image` — which are
    published as they are, with a picture of each for previews."""
    downloads: set[str] = set()
    shown: set[str] = set()
    previewed = {site_image}
    for doc in documents:
        downloads.update(f.path for f in doc.files)
        shown.update(s.target[1:] for s in doc.shown if s.target)
        if doc.cover.startswith("@"):
            shown.add(doc.cover[1:])
        first = doc.cover or next((s.target for s in doc.shown if s.target), "")
        if first.startswith("@"):
            previewed.add(first[1:])
    drawings = {rel for rel in previewed if rel.lower().endswith(".svg") and rel in files}
    return sorted({rel for rel in rasters if rel not in downloads or rel in shown} | drawings)


@dataclass(frozen=True)
class _Work:
    rel: str
    file: Path
    key: str
    square: bool = False  # a podcast's cover: a square copy too


def process_images(config: SiteConfig, rels: Iterable[str], store: ImageStore, jobs: int = 1,
                   progress: Progress = silent) -> tuple[dict[str, Picture], list[Diagnostic]]:
    """A Picture (its copies named for publishing beside the original: `trip-480.webp`)
    for each image in `rels` (content-relative), and the problems of those that cannot be."""
    rels = sorted(rels)
    settings = digest(VERSION, codecs(), config.images)
    problems: list[Diagnostic] = []
    entries: dict[str, Entry] = {}
    todo: list[_Work] = []
    covers = {show.cover for show in config.podcasts}  # [[podcasts]] covers: square copies
    for rel in rels:
        file = config.content_dir / rel
        stamp = trusted_stamp(file)
        source = store.known(rel, stamp)
        if source is None:
            try:
                source = content_digest(file.read_bytes())
            except OSError as exc:
                problems.append(error("content/" + rel, 0, f"cannot read this image: {exc}",
                                      "check the file is there and readable"))
                continue
            store.remember(rel, stamp, source)
        key = digest(source, settings, "square") if rel in covers else digest(source, settings)
        entry = store.get(key)
        if entry is None:
            todo.append(_Work(rel, file, key, rel in covers))
        else:
            entries[rel] = entry
    for work, result in zip(todo, _process(todo, config.images, store, jobs, progress),
                            strict=True):
        if isinstance(result, Entry):
            entries[work.rel] = result
        else:
            problems.append(error("content/" + work.rel, 0, result.message, result.hint))
    store.keep_only({e.key for e in entries.values()} | {w.key for w in todo}, set(rels))
    stems = _stems(entries)
    pictures = {rel: _picture(rel, entry, stems[rel], store) for rel, entry in entries.items()}
    return pictures, problems


def _process(todo: list[_Work], settings: ImageSettings, store: ImageStore, jobs: int,
             progress: Progress) -> list[Entry | ImageProblem]:
    """Each image's cache entry, or what is wrong with it: on `jobs` processes when
    there are several to do (a 12-megapixel photo takes about half a second)."""
    if not todo:
        return []
    pool = fork_pool(jobs, _start_worker, (settings, store)) \
        if jobs > 1 and len(todo) > 1 else None
    results: list[Entry | ImageProblem] = []
    if pool is None:
        for work in todo:
            results.append(_one(work, settings, store))
            progress("Processing photos", len(results), len(todo))
        return results
    with pool:
        for result in pool.map(_in_worker, todo):
            results.append(result)
            progress("Processing photos", len(results), len(todo))
    return results


def _one(work: _Work, settings: ImageSettings, store: ImageStore) -> Entry | ImageProblem:
    try:
        data = work.file.read_bytes()
        made = make(data, work.file.name, settings, square=True) if work.square \
            else make(data, work.file.name, settings)
    except ImageProblem as problem:
        return problem
    except MemoryError:
        return ImageProblem("this image is too big to process on this computer",
                            "resize it to a few thousand pixels wide")
    except OSError as exc:
        return ImageProblem(f"cannot read this image: {exc}", "check the file is readable")
    return store.put(work.key, made)


def _start_worker(settings: ImageSettings, store: ImageStore) -> tuple[ImageSettings,
                                                                        ImageStore]:
    return settings, store


def _in_worker(work: _Work) -> Entry | ImageProblem:
    settings, store = state()
    return _one(work, settings, store)


def _stems(entries: dict[str, Entry]) -> dict[str, str]:
    """The name each image's copies start with: its own without the extension, unless
    another image in its folder has the same (`trip.jpg`, `trip.png`: `trip-jpg`,
    `trip-png`; `a.jpg`, `a.JPG`: `a-jpg`, `a-jpg-2`). Names are told apart without
    regard to capitals: Windows and macOS keep `A` and `a` as one file."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rel in sorted(entries):
        stem = posixpath.splitext(posixpath.basename(rel))[0]
        groups[posixpath.dirname(rel), stem.casefold()].append(rel)
    stems: dict[str, str] = {}
    for rels in groups.values():
        if len(rels) == 1:
            stems[rels[0]] = posixpath.splitext(posixpath.basename(rels[0]))[0]
            continue
        used: set[str] = set()
        for rel in rels:
            stem, extension = posixpath.splitext(posixpath.basename(rel))
            base = candidate = f"{stem}-{extension.lstrip('.').lower()}"
            number = 2
            while candidate.casefold() in used:
                candidate, number = f"{base}-{number}", number + 1
            used.add(candidate.casefold())
            stems[rel] = candidate
    return stems


def _picture(rel: str, entry: Entry, stem: str, store: ImageStore) -> Picture:
    variants = []
    preview = square = None
    for name, fmt, width, height, size in entry.copies:
        published = f"{stem}-{name}"
        variant = Variant(published, width, height, fmt, store.path(entry.key) / name, size)
        if name.startswith("preview."):
            preview = variant
        elif name.startswith("square."):
            square = variant
        else:
            variants.append(variant)
    return Picture(rel, entry.key, entry.width, entry.height, entry.animated, tuple(variants),
                   preview, square)
