"""Writing the built site: whole or not at all, or only what changed.

A first build is written into a temporary folder beside the output, then swapped in with
two renames; a failure at any point leaves the previous site exactly as it was. A rebuild
with a kept cache (`commit`) writes only the files whose bytes changed, all or nothing: each
new file is written beside its old one, a journal records the plan, and only then are they
renamed into place; a build stopped part-way is rolled back (before the journal says
"committed") or forward (after) by the next one, so the output is always one whole build.
`serve` (`update`) writes each changed file by writing beside it and renaming over it, so a
reader never sees half a file.
"""

from __future__ import annotations

import filecmp
import json
import os
import posixpath
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from sharesite.config import SiteConfig
from sharesite.errors import UsageError
from sharesite.outputs import Output, OutputRecord


def check_output_dir(config: SiteConfig) -> None:
    """Refuse an output folder whose replacement would delete the site's own files."""
    out = config.output_dir
    protected = [config.root, config.content_dir, config.root / "themes",
                 config.root / "site.toml", config.root / ".git"]
    for path in protected:
        if out == path.resolve() or path.resolve().is_relative_to(out):
            raise UsageError(
                f"the output folder {out} would replace {path}: sharesite deletes and rewrites "
                "its output on every build (choose a folder of its own, like _site)")
    if out.is_relative_to(config.content_dir.resolve()):
        raise UsageError(f"the output folder {out} is inside content/ (choose a folder like _site)")
    if out.is_file():
        raise UsageError(f"the output {out} is a file, not a folder (choose another name)")


class Staging:
    """A new output folder, filled while the site is still being made: files handed over
    with `put` are written on a thread of their own, so waiting for the disk (creating a
    thousand folders and files can take a second on a busy one) overlaps the rendering.
    `publish` finishes it and swaps it in; `discard` throws it away."""

    def __init__(self, output_dir: Path) -> None:
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.new-",
                                            dir=output_dir.parent))
        os.chmod(self.folder, 0o755)
        self.written: list[str] = []  # in the order written
        self._folders: set[Path] = set()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="sharesite-write")
        self._pending: list[Future[None]] = []

    def put(self, item: Output) -> None:
        """Write `item` (bytes or a copy) into the new folder, soon."""
        self._pending.append(self._pool.submit(self.write, item))

    def wait(self) -> None:
        """Until every file handed over is written (a failed write raises here); then
        the writing thread stops."""
        for future in self._pending:
            future.result()
        self._pending = []
        self._pool.shutdown(wait=True)

    def _target(self, item: Output) -> Path:
        """Where `item` goes in the new folder, its folder made."""
        target = self.folder / _safe(item.path)
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        return target

    def write(self, item: Output) -> None:
        target = self._target(item)
        if item.copy_from is not None:
            shutil.copyfile(item.copy_from, target, follow_symlinks=True)
        else:
            target.write_bytes(item.data or b"")
        os.chmod(target, 0o644)
        self.written.append(item.path)

    def link(self, item: Output, old: Path) -> bool:
        """Give the new file the old output's bytes without copying them (a hard link)."""
        return _link(old, self._target(item))

    def discard(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def publish(outputs: Iterable[Output], output_dir: Path,
            before: Mapping[str, OutputRecord] | None = None,
            after: Mapping[str, OutputRecord] | None = None,
            staging: Staging | None = None) -> list[str]:
    """Write `outputs` as the new contents of `output_dir`, whole, then swap it in; with
    `staging`, the files already handed to it are not written again.
    With the last build's records (`before`) and this one's (`after`), files whose bytes
    are unchanged are linked from the old output rather than written again. Returns the
    paths of the files that are new or changed (or gone)."""
    before, after = before or {}, after or {}
    staging = staging or Staging(output_dir)
    changed: list[str] = []
    try:
        staging.wait()
        done = set(staging.written)
        for item in outputs:
            if item.path in done:
                changed.append(item.path)
                continue
            old = output_dir / _safe(item.path)
            if _same(item, before.get(item.path), after.get(item.path), old) and \
                    staging.link(item, old):
                continue
            if item.kept:  # the build meant to keep this file, and it has gone since
                raise OSError(f"{old} disappeared during the build: build again")
            staging.write(item)
            changed.append(item.path)
        for folder_name, dirs, _ in os.walk(staging.folder):
            for name in dirs:
                os.chmod(Path(folder_name) / name, 0o755)
        changed += sorted(before.keys() - {o.path for o in outputs})
        _swap(staging.folder, output_dir)
    except BaseException:
        staging.discard()
        raise
    return changed


def _same(item: Output, old: OutputRecord | None, new: OutputRecord | None,
          file: Path) -> bool:
    """Whether the last build's `file` already has this output's bytes."""
    if item.kept:
        return True
    if old is None:
        return False
    if item.copy_from is not None:
        return file.is_file() and filecmp.cmp(item.copy_from, file, shallow=False)
    return new is not None and old.data == new.data


def _link(old: Path, target: Path) -> bool:
    """Give `target` the old file's bytes without copying them (a hard link)."""
    try:
        os.link(old, target, follow_symlinks=False)
    except OSError:  # no such file, or a file system without links
        try:
            shutil.copyfile(old, target)
        except OSError:
            return False
    return True


def _swap(staging: Path, output_dir: Path) -> None:
    if not output_dir.exists():
        staging.rename(output_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old-", dir=output_dir.parent))
    old.rmdir()
    output_dir.rename(old)
    try:
        staging.rename(output_dir)
    except BaseException:
        old.rename(output_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _safe(path: str) -> str:
    """An output path that cannot leave the output folder."""
    clean = posixpath.normpath(path)
    if clean.startswith(("../", "/")) or clean in ("..", "."):
        raise ValueError(f"sharesite bug: output path {path!r} leaves the output folder")
    return clean


def update(outputs: Iterable[Output], before: Mapping[str, OutputRecord],
           after: Mapping[str, OutputRecord], output_dir: Path) -> list[str]:
    """Bring `output_dir` from the build recorded in `before` to this one: write the
    outputs whose bytes changed, remove the files no longer made. Returns the paths of the
    files written or removed."""
    changed = []
    for path in sorted(before.keys() - after.keys(), reverse=True):
        target = output_dir / _safe(path)
        target.unlink(missing_ok=True)
        _prune(target.parent, output_dir)
        changed.append(path)
    for item in outputs:
        if item.kept:
            continue
        target = output_dir / _safe(item.path)
        old, new = before.get(item.path), after.get(item.path)
        if item.data is not None and old is not None and new is not None \
                and old.data == new.data and target.is_file():
            continue  # made again, same bytes
        if item.copy_from is not None and target.is_file() and \
                filecmp.cmp(item.copy_from, target, shallow=False):
            continue  # a file touched but not changed
        write_file(target, item.data or b"", item.copy_from)
        changed.append(item.path)
    return changed


def write_file(target: Path, data: bytes, copy_from: Path | None = None) -> None:
    """Write beside `target`, then rename over it: a reader sees the old file or the new."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".new-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            if copy_from is not None:
                with copy_from.open("rb") as source:
                    shutil.copyfileobj(source, stream)
            else:
                stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _prune(folder: Path, output_dir: Path) -> None:
    """Remove folders left empty, up to the output folder."""
    while folder != output_dir and folder.is_relative_to(output_dir):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


_NEW = ".sharesite-new"  # suffix of a file written beside the one it replaces


def commit(outputs: Iterable[Output], before: Mapping[str, OutputRecord],
           after: Mapping[str, OutputRecord], output_dir: Path,
           journal: Path) -> list[str] | None:
    """Bring `output_dir` from the build in `before` to this one, all or nothing (see the
    module's docstring). Returns the paths written or removed; None when a file has to
    become a folder or the other way round (then write the whole output instead)."""
    recover(journal, output_dir)
    writes = [item for item in outputs if not item.kept and not _same(
        item, before.get(item.path), after.get(item.path), output_dir / _safe(item.path))]
    removals = sorted(before.keys() - after.keys(), reverse=True)
    for item in writes:
        target = output_dir / _safe(item.path)
        if target.is_dir() or any(folder.is_file() for folder in target.parents
                                  if folder.is_relative_to(output_dir)):
            return None
    if not writes and not removals:
        return []
    plan = {"output": str(output_dir), "write": [o.path for o in writes],
            "remove": removals, "committed": False}
    _write_journal(journal, plan)
    for item in writes:
        target = output_dir / _safe(item.path)
        temporary = target.with_name(target.name + _NEW)
        temporary.parent.mkdir(parents=True, exist_ok=True)
        if item.copy_from is not None:
            shutil.copyfile(item.copy_from, temporary)
        else:
            temporary.write_bytes(item.data or b"")
        os.chmod(temporary, 0o644)
    _write_journal(journal, {**plan, "committed": True})
    _finish(plan)
    journal.unlink()
    return [o.path for o in writes] + removals


def recover(journal: Path, output_dir: Path) -> None:
    """Finish, or undo, a commit to `output_dir` that was stopped part-way."""
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
        written = [output_dir / _safe(p) for p in plan["write"]]
        for path in plan["remove"]:
            _safe(path)
        if Path(plan["output"]) != output_dir:  # not this output's: nothing to do here
            raise ValueError(plan["output"])
    except FileNotFoundError:
        return
    except (ValueError, KeyError, TypeError, AttributeError):  # damaged or not ours
        journal.unlink()
        return
    if plan.get("committed"):
        _finish(plan)
    else:
        for target in written:
            target.with_name(target.name + _NEW).unlink(missing_ok=True)
    journal.unlink()


def _finish(plan: dict[str, object]) -> None:
    output_dir = Path(str(plan["output"]))
    for path in plan["write"]:  # type: ignore[attr-defined]
        target = output_dir / _safe(path)
        temporary = target.with_name(target.name + _NEW)
        if temporary.exists():
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(temporary, target)
    for path in plan["remove"]:  # type: ignore[attr-defined]
        if path in plan["write"]:  # type: ignore[operator]
            continue
        target = output_dir / _safe(path)
        target.unlink(missing_ok=True)
        _prune(target.parent, output_dir)


def _write_journal(journal: Path, plan: dict[str, object]) -> None:
    journal.parent.mkdir(parents=True, exist_ok=True)
    temporary = journal.with_name(journal.name + ".new")
    with temporary.open("w", encoding="utf-8") as stream:
        json.dump(plan, stream)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, journal)
