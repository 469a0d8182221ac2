"""Processed images kept between builds, in the user's cache folder (never the site's): a
rebuild processes only photos that are new or changed, in CI too (the Pages workflow keeps
the cache folder).

An entry is a folder named by its key — a digest of the original's bytes, the [images]
settings, the recipe's version and the encoders' versions — holding the copies and a
`made.json` that lists them. It is written whole (a temporary folder, then renamed), so a
build stopped part-way leaves no half entry. Which key a content file had is remembered by
its size and time (`stamps.json`), so an unchanged photo is not even read again.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sharesite.images.process import Made


@dataclass(frozen=True)
class Entry:
    """What the cache holds for one key: the image's size and its copies' files."""

    key: str
    width: int
    height: int
    animated: bool
    copies: tuple[tuple[str, str, int, int, int], ...]  # (name, format, width, height, size)


class ImageStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._stamps: dict[str, list[object]] | None = None
        self._stamps_changed = False

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> Entry | None:
        try:
            data = json.loads((self.path(key) / "made.json").read_text(encoding="utf-8"))
            entry = Entry(key, int(data["width"]), int(data["height"]), bool(data["animated"]),
                          tuple((str(n), str(f), int(w), int(h), int(s))
                                for n, f, w, h, s in data["copies"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        folder = self.path(key)
        if not all(os.path.isfile(folder / c[0]) for c in entry.copies):
            return None
        return entry

    def put(self, key: str, made: Made) -> Entry:
        """Keep `made` under `key` (whole, or not at all); another process may be keeping
        the same key at the same time: then either one's is kept (they are the same)."""
        final = self.path(key)
        final.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = Path(tempfile.mkdtemp(prefix=".new-", dir=final.parent))
        try:
            for copy in made.copies:
                (temporary / copy.name).write_bytes(copy.data)
            entry = Entry(key, made.width, made.height, made.animated,
                          tuple((c.name, c.format, c.width, c.height, len(c.data))
                                for c in made.copies))
            (temporary / "made.json").write_text(json.dumps({
                "width": entry.width, "height": entry.height, "animated": entry.animated,
                "copies": [list(c) for c in entry.copies]}), encoding="utf-8")
            try:
                os.rename(temporary, final)
            except OSError:  # there already: kept by another process
                if self.get(key) is None:
                    shutil.rmtree(final, ignore_errors=True)
                    os.rename(temporary, final)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
        return entry

    # -- which key each content file had, by its size and time ---------------------------

    def _load_stamps(self) -> dict[str, list[object]]:
        if self._stamps is None:
            try:
                loaded = json.loads((self.folder / "stamps.json").read_text(encoding="utf-8"))
                self._stamps = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self._stamps = {}
        return self._stamps

    def known(self, rel: str, stamp: tuple[int, int] | None) -> str | None:
        """The digest of the content file `rel` last time, if its stamp is the same."""
        if stamp is None:
            return None
        found = self._load_stamps().get(rel)
        if isinstance(found, list) and len(found) == 3 and found[:2] == list(stamp):
            return str(found[2])
        return None

    def remember(self, rel: str, stamp: tuple[int, int] | None, digest: str) -> None:
        stamps = self._load_stamps()
        value: list[object] = [*stamp, digest] if stamp is not None else []
        if stamp is not None and stamps.get(rel) != value:
            stamps[rel] = value
            self._stamps_changed = True

    def keep_only(self, keys: set[str], rels: set[str]) -> None:
        """Forget entries and stamps not used by this build (replaced or deleted photos),
        and save the stamps."""
        stamps = self._load_stamps()
        for rel in [r for r in stamps if r not in rels]:
            del stamps[rel]
            self._stamps_changed = True
        if self.folder.is_dir():
            for shard in self.folder.iterdir():
                if not shard.is_dir() or len(shard.name) != 2:
                    continue
                for entry in shard.iterdir():
                    if entry.name not in keys:
                        shutil.rmtree(entry, ignore_errors=True)
        if self._stamps_changed:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            temporary = self.folder / "stamps.json.new"
            temporary.write_text(json.dumps(stamps, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.folder / "stamps.json")
            self._stamps_changed = False
