"""Search: Pagefind run on a folder of pages, and the records of peers' resources.

The pages to search are copied into a scratch folder that Pagefind's program indexes in one
run (`shards` decides which pages go together); the files it writes are read back, so the
index is one more list of outputs, written with the rest of the site. Only what templates
mark with `data-pagefind-body` is indexed (posts, resources, pages); facets come from
`data-pagefind-filter`. The browser loads the index in small chunks, as a query needs them.

The peers' shown resources are records too (not on a hub, which publishes its own bundles):
a small page each, written beside the site's pages for the same one call to index, whose
result points at the peer's own page through its meta (`PEER_URL`, with `school`).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import importlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from sharesite.site.model import NetworkResource

FOLDER = "pagefind/"
# Pagefind's own ready-made interfaces: the theme has its own, so these are not published.
_UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.",
           "pagefind-highlight.js", "playground/")
# A peer's resource as a search record: Pagefind's result URL is where its page sat while
# indexing (RECORDS, under the base path: never published, and no slug can make it), so
# the search page links to the meta PEER_URL instead, and says "from" the meta `school`.
RECORDS = "_peers/"
PEER_URL = "link"  # as the search script (search.js) and a hub's bundles read it
# Seconds Pagefind may take: a guard against a hang, long enough for a hub's largest bundle
# (25,000 records) on a slow machine.
TIMEOUT = 900


class SearchUnavailable(Exception):
    """Pagefind is not installed, or could not run."""


def pagefind_index(folder: Path, language: str, exclude: list[str] | None = None,
                   otherwise: str = "", chunk: int | None = None) -> dict[str, bytes]:
    """Pagefind's index of the HTML files in `folder`, as {path: bytes}, without Pagefind's
    ready-made interfaces and in a fixed form (`canonical`). SearchUnavailable when
    Pagefind is not installed (`otherwise`: what else the reader can do) or fails.

    The binary that `pagefind[bin]` ships is run on the folder, as one process: its Python
    API drives that same binary over a pipe, which only adds replies to wait for. `chunk`:
    the size of the files Pagefind splits the word list into (see `shards.CHUNK`)."""
    binary = _program()
    if binary is None:
        raise SearchUnavailable("search needs Pagefind: pip install 'pagefind[bin]'" +
                                (f", {otherwise}" if otherwise else ""))
    empty = not any(folder.rglob("*.html"))
    with tempfile.TemporaryDirectory(prefix="sharesite-index-") as tmp:
        if empty:  # Pagefind refuses a folder without pages: index a blank one, then drop it
            folder = Path(tmp) / "blank"
            folder.mkdir()
            (folder / "index.html").write_bytes(b"<!doctype html><html><body>blank</body></html>")
        index_dir = Path(tmp) / "index"
        command = [str(binary), "--site", str(folder.resolve()), "--output-path", str(index_dir),
                   "--force-language", language, "--silent"]
        for selector in exclude or []:
            command += ["--exclude-selectors", selector]
        try:
            # In a folder of its own, with no PAGEFIND_ settings, so that no pagefind.yml
            # or variable of the reader's can change the index.
            done = subprocess.run(command, cwd=tmp, env=_environment(chunk),
                                  stdin=subprocess.DEVNULL,
                                  capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise SearchUnavailable(f"Pagefind could not index the site in {TIMEOUT} s "
                                    "(is the machine short of memory?)") from exc
        except OSError as exc:
            raise SearchUnavailable(f"Pagefind could not run ({binary}): {exc} "
                                    "(reinstall it: pip install --force-reinstall "
                                    "'pagefind[bin]')") from exc
        if done.returncode != 0 or not index_dir.is_dir():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            raise SearchUnavailable("Pagefind could not index the site: " +
                                    (said.splitlines()[0] if said else
                                     f"it stopped with code {done.returncode}"))
        files = {p.relative_to(index_dir).as_posix(): p.read_bytes()
                 for p in sorted(index_dir.rglob("*")) if p.is_file()}
    if empty:
        files = _nothing(files)
    return canonical({path: data for path, data in files.items()
                      if not path.startswith(_UNUSED)})


def _program() -> Path | None:
    """Pagefind's program, looked for where Pagefind's own Python package looks (its
    PAGEFIND_BINARY_PATH, the `pagefind[extended]` or `pagefind[bin]` wheel, then the
    PATH), without loading that package's asyncio service for a path."""
    given = os.environ.get("PAGEFIND_BINARY_PATH")
    if given:
        return Path(given)
    for wheel in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            module = importlib.import_module(wheel)
        except ImportError:
            continue
        found: Path = module.get_executable()
        return found
    on_path = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(on_path) if on_path else None


def _environment(chunk: int | None) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items()
           if not name.upper().startswith("PAGEFIND_")}
    if chunk:
        env["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"] = str(chunk)
    return env


def version() -> str:
    """Pagefind's version, part of what an index is made from."""
    try:
        from importlib.metadata import version as installed

        return installed("pagefind")
    except Exception:  # not installed: indexing says so
        return ""


def _nothing(files: dict[str, bytes]) -> dict[str, bytes]:
    """The index of a blank page as the index of no page: Pagefind's scripts, and an entry
    with no language (as Pagefind's API writes for an empty folder)."""
    entry = json.loads(files["pagefind-entry.json"])
    entry["languages"] = {}
    kept = {path: data for path, data in files.items()
            if ("/" not in path and path.endswith(".js")) or path == "wasm.unknown.pagefind"}
    kept["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False,
                                             separators=(",", ":")).encode("utf-8")
    return kept


def peer_records(resources: tuple[NetworkResource, ...]) -> list[tuple[str, bytes]]:
    """(file name, page) for each peer's resource: its title and summary to search; its
    school, its own page and the filters the site's resources have (kind, subject, level,
    type, licence), read but not searched. Named by its address, so that the same
    resources make the same files."""
    out: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    for resource in resources:
        name = hashlib.sha256(f"{resource.url}\n{resource.id}".encode()).hexdigest()[:24]
        while name in seen:  # the same resource twice: kept apart all the same
            name = hashlib.sha256(name.encode()).hexdigest()[:24]
        seen.add(name)
        out.append((name + ".html", _record(resource)))
    return out


def _record(resource: NetworkResource) -> bytes:
    def text(value: str) -> str:
        return html.escape(value, quote=True)

    labels = {kind: [f.label for f in resource.facets if f.kind == kind]
              for kind in ("subject", "level", "type")}
    if not resource.facets:  # a hub shows no facets; the values as the peer gave them
        labels = {"subject": list(resource.subjects), "level": list(resource.levels),
                  "type": [resource.type] if resource.type else []}
    filters = [(kind, value) for kind, values in labels.items() for value in values]
    if resource.licence_short:
        filters.append(("licence", resource.licence_short))
    lines = ['<!doctype html><html><head><meta charset="utf-8">',
             f"<title>{text(resource.title)}</title></head><body>",
             '<article data-pagefind-body data-pagefind-filter="kind:Resource">',
             f'<h1 data-pagefind-meta="title">{text(resource.title)}</h1>',
             f"<p>{text(resource.summary)}</p>" if resource.summary else "",
             "<div data-pagefind-ignore>",
             f'<p data-pagefind-meta="school">{text(resource.school)}</p>',
             f'<p data-pagefind-meta="{PEER_URL}">{text(resource.url)}</p>',
             *(f'<p data-pagefind-filter="{kind}">{text(value)}</p>' for kind, value in filters),
             "</div></article></body></html>"]
    return "\n".join(line for line in lines if line).encode("utf-8")


_SIGNATURE = b"pagefind_dcd"


def canonical(files: dict[str, bytes]) -> dict[str, bytes]:
    """The same index with its filter values in a fixed order, so two builds of one site
    give the same bytes. Pagefind (1.5) writes each filter's values, and the list of
    filters, in hash-map order, which changes from run to run (Pagefind/pagefind#638);
    the files that hold them are renamed by their new content, and the references to them
    updated. An index Pagefind writes differently is left as it is."""
    import cbor2

    def decode(data: bytes) -> Any:
        plain = gzip.decompress(data)
        if not plain.startswith(_SIGNATURE):
            raise ValueError("not a Pagefind data file")
        return cbor2.loads(plain[len(_SIGNATURE):])

    def encode(value: Any) -> bytes:
        return gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)

    def name(language: str, data: bytes, length: int) -> str:
        return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"

    try:
        out: dict[str, bytes] = {}
        renamed: dict[str, str] = {}
        for path, data in files.items():
            if path.startswith("filter/") and path.endswith(".pf_filter"):
                old = path.removeprefix("filter/").removesuffix(".pf_filter")
                key, values = decode(data)
                data = encode([key, sorted(([v, sorted(ids)] for v, ids in values),
                                           key=lambda item: str(item[0]))])
                renamed[old] = name(old.split("_")[0], data, 7)
                path = f"filter/{renamed[old]}.pf_filter"
            out[path] = data
        entry = json.loads(out["pagefind-entry.json"])
        for language, info in entry["languages"].items():
            meta_path = f"pagefind.{info['hash']}.pf_meta"
            meta = decode(out.pop(meta_path))
            meta[3] = sorted([[f, renamed.get(h, h)] for f, h in meta[3]])
            data = encode(meta)
            info["hash"] = name(language, data, 10)
            out[f"pagefind.{info['hash']}.pf_meta"] = data
        out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False,
                                                separators=(",", ":")).encode("utf-8")
        return out
    except (ValueError, KeyError, IndexError, TypeError, OSError, cbor2.CBORError):
        return files
