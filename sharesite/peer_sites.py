"""Peers whose site is in this repository ([[network.peers]] with `source`): their copy is
made from that folder by the build, never fetched.

The peer's site is read as its own build would read it (its site.toml, its content/,
assembled for the build's `now`), and its /network.json, /resources.json and (when it has a
directory, or events) /expertise.json and /events.json are made with the same functions that
publish them (render/network.py, render/catalogue.py: every part of the catalogue, with its
files' checksums; render/expertise_json.py, render/events_json.py), then passed through
sharesite.peers.clean exactly like files fetched from a peer's address. So the example site
shows its peers with no network at all, and what it shows is what those sites would publish.

Making a copy parses the peer's Markdown; the result is kept in the site's cache folder
under a digest of the peer's files (size and time of each, like the build's own inputs) and
reused while none has changed, so a repeat build costs a stat of each file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from sharesite import __version__
from sharesite.config import CONFIG_FILE, Peer, load_config
from sharesite.content.discover import discover_sources
from sharesite.content.loader import DocumentLoader
from sharesite.content.svg import read_drawings
from sharesite.digest import digest, trusted_stamp
from sharesite.errors import ConfigError, Diagnostic, error
from sharesite.images.stage import find_rasters
from sharesite.peers import clean, store
from sharesite.render.catalogue import catalogue, checksums
from sharesite.render.events_json import events
from sharesite.render.events_json import publishes as publishes_events
from sharesite.render.expertise_json import expertise, publishes
from sharesite.render.network import network
from sharesite.render.strings import load_strings
from sharesite.site.assemble import assemble
from sharesite.site.model import Options
from sharesite.site.urls import Urls

FORMAT = 3  # 2: with the peer's expertise.json; 3: and its events.json
# A copy made by this build has no time of fetching (""): it is as new as the build, always
# "fresh" (sharesite.site.network.peer_from), and the build's inputs (so its output) change
# only when the copy's data does. Such a copy is never published under /network/copies/.
MADE = ""


def copy(root: Path, peer: Peer, now: dt.datetime) -> store.Copy:
    """The copy of `peer` made from its folder (`peer.source`, under `root`). Raises
    ConfigError when the folder is not a site for the peer's url, or its site has errors
    (named with their paths in this repository)."""
    folder = _folder(root, peer)
    key = _key(folder, peer)
    cached = _cached(root, peer, key, now)
    if cached is not None:
        return store.Copy(peer.url, peer.name, MADE, cached)
    files, due = _make(folder, peer, now)
    if key:
        _save(root, peer, key, files, due)
    return store.Copy(peer.url, peer.name, MADE, files)


def _folder(root: Path, peer: Peer) -> Path:
    folder = (root / peer.source).resolve()
    if not folder.is_relative_to(root.resolve()) or not (folder / CONFIG_FILE).is_file():
        raise ConfigError([error(peer.file, peer.line, f"peer {peer.name}: source "
                                 f"{peer.source!r} is not a folder with a site.toml",
                                 "give the folder of the peer's own site, like "
                                 '"examples/oakfield", or remove source to fetch it')])
    return folder


def _key(folder: Path, peer: Peer) -> str:
    """A digest of everything the copy is made from: sharesite's version, the peer's url
    and the (time, size) of its site.toml and each of its content files. "" when a file
    is too new for its time to be trusted (the copy is then made and not kept)."""
    discovered, _ = discover_sources(folder / "content")
    found = [s.path for s in discovered.sources] + discovered.copied
    paths = [CONFIG_FILE, *sorted("content/" + p for p in found)]
    stamps = [(p, trusted_stamp(folder / p)) for p in paths]
    if any(stamp is None for _, stamp in stamps):
        return ""
    return digest(__version__, FORMAT, peer.url, stamps)


def _make(folder: Path, peer: Peer, now: dt.datetime
          ) -> tuple[dict[str, Any], dt.datetime | None]:
    """The peer's cleaned network.json, resources.json, expertise.json and events.json (each
    of the last two if it has one),
    and when they next change with nothing edited (a resource dated after `now` comes out),
    or None. (An offer kept here that goes stale is hidden by the build that reads the
    copy: sharesite.site.network.)"""
    try:
        config, _ = load_config(folder)
    except ConfigError as exc:
        raise ConfigError(_in_folder(peer, exc.diagnostics)) from None
    if config.base_url != peer.url:
        raise ConfigError([error(peer.file, peer.line, f"peer {peer.name}: its url {peer.url} "
                                 f"is not the base_url of {peer.source}/{CONFIG_FILE} "
                                 f"({config.base_url})", "make the two addresses the same")])
    site_config = replace(config, network=replace(config.network, peers=()))
    discovered, problems = discover_sources(site_config.content_dir, site_config.multilingual)
    drawings = read_drawings(site_config.content_dir, discovered.copied)
    problems += drawings.problems
    documents = []
    for document, found in DocumentLoader(site_config, None).load_all(discovered.sources):
        problems += found
        if document is not None:
            documents.append(document)
    site, found = assemble(site_config, documents, discovered.files, Options(now=now),
                           None, drawings.sizes,
                           find_rasters(site_config.content_dir, discovered.copied))
    problems += found
    errors = [d for d in problems if d.is_error]
    if errors:
        raise ConfigError(_in_folder(peer, errors))
    try:
        parts: clean.Cleaned | None = None
        sums = checksums(site)
        strings = load_strings(site_config.language, site_config.root)
        for number, name in enumerate(Urls.catalogue_parts(len(site.resources)), start=1):
            parts = clean.catalogue(json.loads(catalogue(site, sums, number, strings)),
                                    peer.url, parts, name)
        assert parts is not None  # a catalogue has at least one part
        files = {"network.json": clean.network(json.loads(network(site)), peer.url).data,
                 "resources.json": parts.data}
        if publishes(site):
            files["expertise.json"] = clean.expertise(json.loads(expertise(site)),
                                                      peer.url).data
        if publishes_events(site):
            files["events.json"] = clean.events(json.loads(events(site)), peer.url).data
    except clean.Refused as exc:
        raise ConfigError([error(peer.file, peer.line, f"peer {peer.name}: {exc}",
                                 f"check {peer.source}/{CONFIG_FILE}")]) from None
    later = [d.date for d in documents if d.date is not None and d.date > now and not d.draft]
    return files, min(later, default=None)


def _in_folder(peer: Peer, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The peer site's problems, with their paths from this repository's root."""
    return [replace(d, path=f"{peer.source}/{d.path}") for d in diagnostics]


def _cache_path(root: Path, peer: Peer) -> Path:
    return store.folder(root) / ("local-" + store.file_name(peer.url))


def _cached(root: Path, peer: Peer, key: str, now: dt.datetime) -> dict[str, Any] | None:
    if not key:
        return None
    try:
        data = json.loads(_cache_path(root, peer).read_text(encoding="utf-8"))
        due = dt.datetime.fromisoformat(data["due"]) if data["due"] else None
        if data["format"] != FORMAT or data["key"] != key or (due is not None and now >= due):
            return None
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return files if isinstance(files, dict) else None


def _save(root: Path, peer: Peer, key: str, files: dict[str, Any],
          due: dt.datetime | None) -> None:
    """Kept atomically (a temporary file, then a rename); a cache that cannot be written
    only means the copy is made again next time."""
    path = _cache_path(root, peer)
    data = {"format": FORMAT, "key": key, "due": due.isoformat() if due else None,
            "files": files}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, sort_keys=True)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)

