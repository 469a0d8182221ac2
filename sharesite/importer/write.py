"""Putting an import into the site: every file first into a staging folder inside the site,
then moved into place; nothing existing is overwritten (a clash is reported, the file left
alone); `redirects.toml` only ever gains lines at its end."""

from __future__ import annotations

import shutil
import tempfile
import tomllib
from pathlib import Path

from sharesite.authoring.files import quote
from sharesite.importer.model import BadExport

REDIRECTS = "redirects.toml"
HEADER = ("# Old addresses that lead to pages of this site. Written by `sharesite import`; "
          "edit freely.\n[redirects]\n")


def redirect_lines(root: Path, wanted: dict[str, str]) -> tuple[str, int]:
    """(what to append to redirects.toml, how many keys that adds): the keys not already
    there. Raises BadExport when the file is not TOML or new lines would land in another
    table."""
    path = root / REDIRECTS
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    try:
        table = tomllib.loads(existing).get("redirects", {}) if existing else {}
    except tomllib.TOMLDecodeError as exc:
        raise BadExport(f"{REDIRECTS}: {exc} (fix the file, then import again)") from None
    new = {k: v for k, v in wanted.items() if k not in table}
    if not new:
        return "", 0
    headers = [line.strip() for line in existing.splitlines() if line.strip().startswith("[")]
    text = "" if existing else HEADER
    if existing and headers and headers[-1] != "[redirects]":
        raise BadExport(f"{REDIRECTS}: [redirects] is not the last table, so lines added at "
                        "the end would land in another (move [redirects] to the end)")
    if existing and not headers:
        text = "[redirects]\n"
    if existing and not existing.endswith("\n"):
        text = "\n" + text
    text += "".join(f"{quote(k)} = {quote(v)}\n" for k, v in sorted(new.items()))
    return text, len(new)


def commit(root: Path, files: dict[str, bytes], redirects: str) -> tuple[list[str], list[str]]:
    """Write `files` (site-relative path → bytes) through a staging folder; append
    `redirects`. Returns (written, clashes): a file that exists with other bytes is a
    clash and is left alone; one with the same bytes is already there."""
    written: list[str] = []
    clashes: list[str] = []
    todo = {}
    for rel, data in sorted(files.items()):
        target = root / rel
        if target.exists():
            if not target.is_file() or target.read_bytes() != data:
                clashes.append(rel)
            continue
        todo[rel] = data
    if todo:
        stage = Path(tempfile.mkdtemp(prefix=".sharesite-import-", dir=root))
        try:
            for rel, data in todo.items():
                staged = stage / rel
                staged.parent.mkdir(parents=True, exist_ok=True)
                staged.write_bytes(data)
            for rel in todo:
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.exists():  # made since the check: left alone
                    clashes.append(rel)
                    continue
                (stage / rel).replace(target)
                written.append(rel)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    if redirects:
        with (root / REDIRECTS).open("a", encoding="utf-8", newline="\n") as handle:
            handle.write(redirects)
        written.append(REDIRECTS)
    return written, clashes
