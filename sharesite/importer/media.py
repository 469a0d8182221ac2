"""Photos and documents a post uses, wherever the export hides them, found on disk (a copy
of wp-content/uploads or Takeout's albums, as a folder or a zip) or downloaded politely.

Size variants (WordPress `-300x199.jpg`, Blogger `/s320/`) are mapped to the original, so a
post gets one file for all of them and its references point at that file.
"""

from __future__ import annotations

import hashlib
import html
import re
import threading
import zipfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

_WP_SIZE = re.compile(r"-\d{2,5}x\d{2,5}(?=\.[A-Za-z0-9]{2,5}$)")
_WP_SCALED = re.compile(r"-(?:scaled|rotated)(?=\.[A-Za-z0-9]{2,5}$)")
_BLOGGER_SIZE = re.compile(r"/(?:s\d{2,4}(?:-[a-z0-9-]+)?|w\d+-h\d+(?:-[a-z0-9-]+)?)/")
_ATTR_URL = re.compile(r"""\b(src|href|poster)\s*=\s*(["'])(.*?)\2""", re.I | re.S)
_SRCSET = re.compile(r"""\bsrcset\s*=\s*(["'])(.*?)\1""", re.I | re.S)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""", re.I)
MEDIA_TYPES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".heic", ".pdf", ".doc",
               ".docx", ".ppt", ".pptx", ".xls", ".xlsx", ".odt", ".odp", ".ods", ".mp3",
               ".m4a", ".ogg", ".wav", ".mp4", ".webm", ".mov", ".m4v", ".txt", ".rtf",
               ".zip", ".epub")
_CONTENT_TYPES = ("image/", "audio/", "video/", "application/pdf", "application/msword",
                  "application/vnd.", "application/zip", "application/epub",
                  "application/octet-stream", "text/plain", "application/rtf")
MAX_BYTES = 50 * 1024 * 1024
_PER_HOST = 2


def original(url: str) -> str:
    """The address of the file a size variant was made from."""
    url = html.unescape(url.strip())
    parts = urlsplit(url)
    path = parts.path
    host = (parts.hostname or "").lower()
    if host.endswith(("bp.blogspot.com", "googleusercontent.com")):
        path = _BLOGGER_SIZE.sub("/s1600/", path)
    else:
        path = _WP_SCALED.sub("", _WP_SIZE.sub("", path))
    return parts._replace(path=path, query="", fragment="").geturl()


def is_media(url: str, site_host: str) -> bool:
    """Whether `url` is a file of the old blog (its uploads, Blogger's photo hosts)."""
    parts = urlsplit(html.unescape(url.strip()))
    host = (parts.hostname or "").lower()
    path = unquote(parts.path).lower()
    if parts.scheme not in ("http", "https"):
        return False
    if host.endswith(("bp.blogspot.com", "googleusercontent.com")):
        return True
    if not path.endswith(MEDIA_TYPES):
        return False
    return "/wp-content/uploads/" in path or "/files/" in path or (
        bool(site_host) and host == site_host)


def references(text: str) -> list[str]:
    """Every address in `text`'s src/href/poster, srcset and CSS url()."""
    found = [html.unescape(m.group(3)) for m in _ATTR_URL.finditer(text)]
    for match in _SRCSET.finditer(text):
        found.extend(c.strip().split(" ")[0] for c in html.unescape(match.group(2)).split(","))
    found.extend(html.unescape(m.group(2)) for m in _CSS_URL.finditer(text))
    return [u.strip() for u in found if u.strip()]


def rewrite(text: str, names: dict[str, str]) -> str:
    """`text` with each address whose original is in `names` replaced by its file name."""
    def attr(match: re.Match[str]) -> str:
        url = html.unescape(match.group(3)).strip()
        name = names.get(original(url)) if url.startswith(("http:", "https:", "//")) else None
        return f'{match.group(1)}="{html.escape(name)}"' if name else match.group(0)

    def css(match: re.Match[str]) -> str:
        name = names.get(original(html.unescape(match.group(2))))
        return f"url({name})" if name else match.group(0)

    return _CSS_URL.sub(css, _ATTR_URL.sub(attr, text))


def file_name(url: str) -> str:
    """A safe file name for the file at `url`."""
    base = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or "file"
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, "bin"
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:60] or "file"
    ext = re.sub(r"[^A-Za-z0-9]+", "", ext)[:8].lower() or "bin"
    return f"{stem}.{ext}"


class LocalMedia:
    """A copy of the old blog's files: a folder or a zip (`wp-content/uploads` layout,
    `YYYY/MM/file`, or Takeout's albums), looked up by path, then by file name."""

    def __init__(self, where: Path) -> None:
        self._zip: zipfile.ZipFile | None = None
        self._dir: Path | None = None
        self.by_path: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = defaultdict(list)
        if zipfile.is_zipfile(where):
            self._zip = zipfile.ZipFile(where)
            names = [m.filename for m in self._zip.infolist() if not m.is_dir()]
        else:
            self._dir = where
            names = [p.relative_to(where).as_posix() for p in sorted(where.rglob("*"))
                     if p.is_file()]
        for name in names:
            self.by_path[name.lower()] = name
            self.by_name[name.rsplit("/", 1)[-1].lower()].append(name)

    def find(self, url: str) -> bytes | None:
        path = unquote(urlsplit(url).path).lstrip("/")
        lowered = path.lower()
        for marker in ("wp-content/uploads/", "files/"):
            if marker in lowered:
                tail = lowered.split(marker, 1)[1]
                for key in (tail, "uploads/" + tail, "wp-content/uploads/" + tail):
                    if key in self.by_path:
                        return self._read(self.by_path[key])
        candidates = self.by_name.get(lowered.rsplit("/", 1)[-1], [])
        return self._read(candidates[0]) if len(candidates) == 1 else None

    def _read(self, name: str) -> bytes | None:
        """The file's bytes, None when larger than MAX_BYTES. A zip member is read in
        chunks and given up at the cap, whatever size its header claims: only one file of
        the zip is ever in memory."""
        if self._zip is not None:
            info = self._zip.getinfo(name)
            if info.file_size > MAX_BYTES:
                return None
            chunks, total = [], 0
            with self._zip.open(info) as member:
                while chunk := member.read(1024 * 1024):
                    total += len(chunk)
                    if total > MAX_BYTES:
                        return None
                    chunks.append(chunk)
            return b"".join(chunks)
        assert self._dir is not None
        path = self._dir / name
        return path.read_bytes() if path.stat().st_size <= MAX_BYTES else None


@dataclass(frozen=True)
class Fetched:
    url: str
    data: bytes | None
    problem: str  # why not, when data is None


def download(urls: list[str], cache: Path, timeout: float = 20.0) -> dict[str, Fetched]:
    """Each file, at most 2 at a time from one host, 50 MB each at most, only media types.
    Finished files are kept in `cache` (written whole, then renamed): a second run takes
    those whose size the server still gives and asks only for the rest. A failure is
    a line in the report, never the end of the import."""
    cache.mkdir(parents=True, exist_ok=True)
    hosts: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(_PER_HOST))
    lock = threading.Lock()
    client = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True,
                          headers={"User-Agent": "sharesite-import (moving a school blog)"},
                          limits=httpx.Limits(max_connections=8))

    def one(url: str) -> Fetched:
        with lock:
            gate = hosts[urlsplit(url).hostname or ""]
        with gate:
            return _fetch(client, url, cache)

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            return {f.url: f for f in pool.map(one, sorted(set(urls)))}
    finally:
        client.close()


def _fetch(client: httpx.Client, url: str, cache: Path) -> Fetched:
    kept = cache / (hashlib.sha256(url.encode()).hexdigest()[:32] + "-" + file_name(url))
    try:
        if kept.is_file():
            head = client.head(url)
            size = head.headers.get("content-length")
            if head.status_code >= 400 or size is None or int(size) == kept.stat().st_size:
                return Fetched(url, kept.read_bytes(), "")
        with client.stream("GET", url) as response:
            if response.status_code != 200:
                return Fetched(url, None, f"the server answered {response.status_code}")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if not kind.startswith(_CONTENT_TYPES):
                return Fetched(url, None, f"not a media file (the server says {kind or '?'})")
            if int(response.headers.get("content-length") or 0) > MAX_BYTES:
                return Fetched(url, None, "larger than 50 MB")
            chunks, total = [], 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > MAX_BYTES:
                    return Fetched(url, None, "larger than 50 MB")
                chunks.append(chunk)
        data = b"".join(chunks)
        part = kept.with_name(kept.name + ".part")
        part.write_bytes(data)
        part.replace(kept)
        return Fetched(url, data, "")
    except (httpx.HTTPError, OSError, ValueError) as exc:
        return Fetched(url, None, f"could not be fetched ({type(exc).__name__})")
