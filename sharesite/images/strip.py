"""Remove location and other metadata from photos without touching their pixels.

JPEG, PNG, WebP and GIF files are taken apart into their segments, chunks or blocks, and
the ones that carry metadata (EXIF with its GPS position, XMP, IPTC, comments, maker data)
are left out; the compressed image data is copied byte for byte, never decoded. What
decoders need is kept: JFIF, the colour profile, Adobe's colour-transform marker, PNG's
colour and animation chunks, WebP's VP8X header and GIF's loop count. A photo that a
phone stored turned (EXIF Orientation 2 to 8) gets back a tiny EXIF block with only its
Orientation, so it still shows upright.

Other formats (HEIC, AVIF, TIFF, BMP...) cannot be cleaned this way: they are refused with
a message saying what to do, as are damaged files."""

from __future__ import annotations

import contextlib
import importlib
import io
import math
import os
import stat
import struct
import tempfile
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from PIL import Image

MAX_BYTES = 200 * 1024 * 1024

_GPS_IFD = 0x8825
_ORIENTATION = 0x0112
_EXIF_PREFIX = b"Exif\x00\x00"
_XMP_PREFIXES = (b"http://ns.adobe.com/xap/1.0/\x00", b"http://ns.adobe.com/xmp/extension/\x00")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_DROPPED = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"})
_GIF_KEPT_APPLICATIONS = frozenset({b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012"})

_ONLY = "sharesite strip cleans JPEG, PNG, WebP and GIF files"


class StripError(Exception):
    """A file that cannot be cleaned, with a message saying why and what to do."""


@dataclass(frozen=True)
class Stripped:
    """What strip_file did to one file.

    `removed` names the kinds of metadata taken out: "exif", "gps", "xmp", "iptc",
    "comment", and "other" for other application data (maker notes, thumbnails in their own
    segments, data after the end of the image). `kept_orientation` is true when the file
    kept (or was given back) an EXIF block holding only its Orientation."""

    path: Path
    removed: tuple[str, ...]
    kept_orientation: bool
    bytes_before: int
    bytes_after: int


@dataclass
class _Cleaning:
    """The pieces of the clean file as they are collected, and what was left out."""

    pieces: list[bytes]
    removed: set[str]
    orientation: int = 1
    exif_seen: bool = False


class _Part(NamedTuple):
    """One segment, chunk or block of a file: its name and where it is."""

    name: int | bytes
    start: int
    end: int


def _damaged(reason: str) -> StripError:
    return StripError(f"the file is damaged or incomplete ({reason})")


# --- EXIF ------------------------------------------------------------------------------


def _load_exif(block: bytes) -> Image.Exif | None:
    """The EXIF in `block` (raw TIFF, with or without the "Exif" prefix), or None when it
    cannot be read."""
    exif = Image.Exif()
    with warnings.catch_warnings(action="ignore"):  # Pillow warns about damaged tags
        try:
            exif.load(block)
        except Exception:  # and raises many kinds of error on damaged EXIF
            return None
    return exif


def _orientation_of(exif: Image.Exif | None) -> int:
    """The EXIF Orientation, or 1 (upright) when there is none that makes sense."""
    value = exif.get(_ORIENTATION) if exif is not None else None
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _orientation_only(orientation: int) -> bytes:
    """Raw TIFF-structured EXIF with one tag, Orientation, and nothing else."""
    exif = Image.Exif()
    exif[_ORIENTATION] = orientation
    return exif.tobytes()[len(_EXIF_PREFIX) :]


def _note_exif(cleaning: _Cleaning, block: bytes) -> None:
    """Record an EXIF block that is being left out; the first one's orientation is the one
    viewers use. A block that is just what will be written back (only the Orientation) is
    not counted as removed."""
    exif = _load_exif(block)
    orientation = _orientation_of(exif)
    if not cleaning.exif_seen:
        cleaning.orientation, cleaning.exif_seen = orientation, True
    if block.removeprefix(_EXIF_PREFIX) != _orientation_only(orientation):
        cleaning.removed.add("exif")
        if exif is not None and _GPS_IFD in exif:
            cleaning.removed.add("gps")


# --- JPEG ------------------------------------------------------------------------------

_JPEG_TAIL = -1  # bytes after the end-of-image marker
_JPEG_CUT = -2  # the cut-off end of a file that stops inside its image data


def _entropy_end(data: bytes, pos: int) -> int:
    """Where the compressed data starting at `pos` ends: at the next marker that is not a
    stuffed 0xFF00 or a restart marker, or at the end of a file that stops inside it."""
    while True:
        at = data.find(b"\xff", pos)
        if at < 0 or at + 1 >= len(data):
            return len(data)
        following = data[at + 1]
        if following == 0 or 0xD0 <= following <= 0xD7:
            pos = at + 2
        elif following == 0xFF:
            pos = at + 1
        else:
            return at


def _jpeg_part_at(data: bytes, pos: int) -> _Part | str:
    """The JPEG segment whose marker (after any fill bytes) is at `pos`, or what is wrong
    there. A segment longer than the rest of the file is returned with its declared end."""
    size = len(data)
    if data[pos] != 0xFF:
        return f"no JPEG marker at byte {pos}"
    while pos + 1 < size and data[pos + 1] == 0xFF:
        pos += 1
    if pos + 2 > size:
        return "the JPEG ends inside a marker"
    marker = data[pos + 1]
    if marker == 0x01 or 0xD0 <= marker <= 0xD7 or marker == 0xD9:
        return _Part(marker, pos, pos + 2)
    if marker in (0x00, 0xD8):
        return f"unexpected JPEG marker at byte {pos}"
    if pos + 4 > size:
        return _Part(marker, pos, size + 1)
    end = pos + 2 + int.from_bytes(data[pos + 2 : pos + 4])
    return _Part(marker, pos, end) if end >= pos + 4 else f"a bad segment length at byte {pos}"


def _jpeg_parts(data: bytes) -> Iterator[_Part]:
    """The JPEG's segments in order, each named by its marker. A scan (SOS) part runs to
    the end of its compressed data; fill bytes between segments belong to no part; bytes
    after the end-of-image marker are one _JPEG_TAIL part. Damage before the first scan
    raises StripError. Damage after it ends the walk: a segment cut off by the end of the
    file is yielded as far as it goes, anything else as one _JPEG_CUT part."""
    size = len(data)
    yield _Part(0xD8, 0, 2)
    pos, scanned = 2, False
    while pos < size:
        part = _jpeg_part_at(data, pos)
        if isinstance(part, str):
            if not scanned:
                raise _damaged(part)
            yield _Part(_JPEG_CUT, pos, size)
            return
        if part.end > size:
            if not scanned:
                raise _damaged(f"a JPEG segment at byte {part.start} runs past the end")
            yield _Part(part.name, part.start, size)
            return
        if part.name == 0xD9 and not scanned:
            break
        if part.name == 0xDA:
            scanned = True
            part = _Part(0xDA, part.start, _entropy_end(data, part.end))
        yield part
        if part.name == 0xD9:
            if part.end < size:
                yield _Part(_JPEG_TAIL, part.end, size)
            return
        pos = part.end
    if not scanned:
        raise _damaged("the JPEG ends before its image data")


def _jpeg_kind(data: bytes, part: _Part) -> str | None:
    """The kind of metadata a JPEG part holds if it is to be left out, else None."""
    marker, at = part.name, part.start + 4
    if marker == _JPEG_TAIL:
        return "other"
    if marker == 0xE0:
        return None if data.startswith(b"JFIF\x00", at) else "other"
    if marker == 0xE1:
        if data.startswith(_EXIF_PREFIX[:5], at):
            return "exif"
        return "xmp" if data.startswith(_XMP_PREFIXES, at) else "other"
    if marker == 0xE2:
        return None if data.startswith(b"ICC_PROFILE\x00", at) else "other"
    if marker == 0xED:
        return "iptc" if data.startswith(b"Photoshop 3.0\x00", at) else "other"
    if marker == 0xEE:
        return None if data.startswith(b"Adobe", at) else "other"
    if marker == 0xFE:
        return "comment"
    return "other" if isinstance(marker, int) and 0xE0 <= marker <= 0xEF else None


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _strip_jpeg(data: bytes) -> _Cleaning:
    cleaning = _Cleaning(pieces=[], removed=set())
    insert_at = 1
    for part in _jpeg_parts(data):
        kind = _jpeg_kind(data, part)
        if kind is None:
            cleaning.pieces.append(data[part.start : part.end])
            if part.name == 0xE0 and len(cleaning.pieces) == 2:
                insert_at = 2
        elif kind == "exif":
            _note_exif(cleaning, data[part.start + 4 : part.end])
        else:
            cleaning.removed.add(kind)
    if cleaning.orientation != 1:
        exif = _EXIF_PREFIX + _orientation_only(cleaning.orientation)
        cleaning.pieces.insert(insert_at, _jpeg_segment(0xE1, exif))
    return cleaning


# --- PNG -------------------------------------------------------------------------------


def _png_parts(data: bytes) -> Iterator[_Part]:
    """The PNG's chunks, each whole (length, type, data, CRC), then any bytes after IEND
    as one part named b""."""
    pos, size = len(_PNG_SIGNATURE), len(data)
    while pos < size:
        if pos + 12 > size:
            raise _damaged(f"a PNG chunk at byte {pos} is cut off")
        end = pos + 12 + int.from_bytes(data[pos : pos + 4])
        if end > size:
            raise _damaged(f"a PNG chunk at byte {pos} runs past the end of the file")
        name = data[pos + 4 : pos + 8]
        yield _Part(name, pos, end)
        pos = end
        if name == b"IEND":
            if pos < size:
                yield _Part(b"", pos, size)
            return
    raise _damaged("the PNG has no end chunk")


def _png_text_kind(body: bytes) -> str:
    """What a PNG text chunk holds, judged by its keyword."""
    keyword = body.split(b"\x00", 1)[0]
    if keyword == b"XML:com.adobe.xmp":
        return "xmp"
    if keyword.startswith(b"Raw profile type "):
        profile = keyword.removeprefix(b"Raw profile type ").lower()
        named = {b"exif": "exif", b"app1": "exif", b"xmp": "xmp", b"iptc": "iptc"}
        return named.get(profile, "other")
    return "comment"


def _png_chunk(name: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4) + name + body + zlib.crc32(name + body).to_bytes(4)


def _strip_png(data: bytes) -> _Cleaning:
    cleaning = _Cleaning(pieces=[_PNG_SIGNATURE], removed=set())
    exif_at: int | None = None
    for part in _png_parts(data):
        body = data[part.start + 8 : part.end - 4] if part.name in _PNG_DROPPED else b""
        if part.name == b"eXIf":
            _note_exif(cleaning, body)
            exif_at = len(cleaning.pieces) if exif_at is None else exif_at
        elif part.name in (b"tEXt", b"zTXt", b"iTXt"):
            cleaning.removed.add(_png_text_kind(body))
        elif part.name in _PNG_DROPPED or part.name == b"":
            cleaning.removed.add("other")
        else:
            cleaning.pieces.append(data[part.start : part.end])
    if cleaning.orientation != 1 and exif_at is not None:
        chunk = _png_chunk(b"eXIf", _orientation_only(cleaning.orientation))
        cleaning.pieces.insert(exif_at, chunk)
    return cleaning


# --- WebP ------------------------------------------------------------------------------

_VP8X_EXIF = 0x08
_VP8X_XMP = 0x04


def _webp_parts(data: bytes) -> Iterator[_Part]:
    """The WebP's RIFF chunks, each whole with its padding byte, then any bytes past the
    RIFF size as one part named b""."""
    if len(data) < 12:
        raise _damaged("the WebP header is cut off")
    riff_end = 8 + int.from_bytes(data[4:8], "little")
    if riff_end > len(data):
        raise _damaged("the WebP is shorter than its header says")
    pos = 12
    while pos < riff_end:
        if pos + 8 > riff_end:
            raise _damaged(f"a WebP chunk at byte {pos} is cut off")
        length = int.from_bytes(data[pos + 4 : pos + 8], "little")
        end = min(pos + 8 + length + length % 2, riff_end)
        if pos + 8 + length > riff_end:
            raise _damaged(f"a WebP chunk at byte {pos} runs past the end of the file")
        yield _Part(data[pos : pos + 4], pos, end)
        pos = end
    if riff_end < len(data):
        yield _Part(b"", riff_end, len(data))


def _riff_chunk(name: bytes, body: bytes) -> bytes:
    return name + len(body).to_bytes(4, "little") + body + b"\x00" * (len(body) % 2)


def _strip_webp(data: bytes) -> _Cleaning:
    cleaning = _Cleaning(pieces=[], removed=set())
    vp8x_at: int | None = None
    exif_at: int | None = None
    for part in _webp_parts(data):
        if part.name == b"EXIF":
            _note_exif(cleaning, data[part.start + 8 : part.end])
            exif_at = len(cleaning.pieces) if exif_at is None else exif_at
        elif part.name == b"XMP ":
            cleaning.removed.add("xmp")
        elif part.name == b"":
            cleaning.removed.add("other")
        else:
            if part.name == b"VP8X":
                vp8x_at = len(cleaning.pieces)
            cleaning.pieces.append(data[part.start : part.end])
    keep_orientation = cleaning.orientation != 1 and exif_at is not None and vp8x_at is not None
    if keep_orientation and exif_at is not None:
        exif = _riff_chunk(b"EXIF", _orientation_only(cleaning.orientation))
        cleaning.pieces.insert(exif_at, exif)
    else:
        cleaning.orientation = 1
    if vp8x_at is not None:
        cleaning.pieces[vp8x_at] = _vp8x_flags(cleaning.pieces[vp8x_at], keep_orientation)
    body = b"WEBP" + b"".join(cleaning.pieces)
    cleaning.pieces = [b"RIFF", len(body).to_bytes(4, "little"), body]
    return cleaning


def _vp8x_flags(chunk: bytes, exif: bool) -> bytes:
    """The VP8X chunk with its EXIF and XMP flags cleared (EXIF set again if `exif`)."""
    if len(chunk) < 9:
        raise _damaged("the WebP VP8X header is cut off")
    flags = chunk[8] & ~(_VP8X_EXIF | _VP8X_XMP) | (_VP8X_EXIF if exif else 0)
    return chunk[:8] + bytes([flags]) + chunk[9:]


# --- GIF -------------------------------------------------------------------------------


def _sub_blocks_end(data: bytes, pos: int) -> int:
    """Where the GIF data sub-blocks starting at `pos` end (just past the empty one)."""
    while True:
        if pos >= len(data):
            raise _damaged("the GIF ends inside a block")
        length = data[pos]
        pos += 1 + length
        if length == 0:
            return pos


def _colour_table_size(flags: int) -> int:
    return 3 << ((flags & 0x07) + 1) if flags & 0x80 else 0


def _gif_parts(data: bytes) -> Iterator[_Part]:
    """The GIF's header (with its global colour table), extensions (named by label byte),
    images (named 0x2C) and trailer (0x3B), then any bytes after it as one part b""."""
    if len(data) < 13:
        raise _damaged("the GIF header is cut off")
    pos = 13 + _colour_table_size(data[10])
    yield _Part(b"header", 0, pos)
    images = 0
    while pos < len(data):
        introducer = data[pos]
        if introducer == 0x3B:
            yield _Part(0x3B, pos, pos + 1)
            if pos + 1 < len(data):
                yield _Part(b"", pos + 1, len(data))
            return
        if introducer == 0x21 and pos + 1 < len(data):
            end = _sub_blocks_end(data, pos + 2)
            yield _Part(data[pos + 1], pos, end)
        elif introducer == 0x2C and pos + 10 <= len(data):
            end = _sub_blocks_end(data, pos + 11 + _colour_table_size(data[pos + 9]))
            images += 1
            yield _Part(0x2C, pos, end)
        else:
            raise _damaged(f"unexpected GIF block at byte {pos}")
        pos = end
    if images == 0:
        raise _damaged("the GIF has no image")


def _gif_kind(data: bytes, part: _Part) -> str | None:
    """The kind of metadata a GIF block holds if it is to be left out, else None."""
    if part.name == 0xFE:
        return "comment"
    if part.name == 0xFF:
        application = data[part.start + 3 : part.start + 14]
        if data[part.start + 2] == 11 and application in _GIF_KEPT_APPLICATIONS:
            return None
        return "xmp" if application == b"XMP DataXMP" else "other"
    return "other" if part.name == b"" else None


def _strip_gif(data: bytes) -> _Cleaning:
    cleaning = _Cleaning(pieces=[], removed=set())
    for part in _gif_parts(data):
        kind = _gif_kind(data, part)
        if kind is None:
            cleaning.pieces.append(data[part.start : part.end])
        else:
            cleaning.removed.add(kind)
    return cleaning


# --- formats ---------------------------------------------------------------------------


def _iso_brands(data: bytes) -> set[bytes]:
    """The major and compatible brands of an ISO media file's ftyp box."""
    box_end = min(int.from_bytes(data[0:4]), len(data), 256)
    brands = {data[8:12]}
    brands.update(data[at : at + 4] for at in range(16, box_end - 3, 4))
    return brands


def _refusal(data: bytes) -> str:
    """Why a file that is not JPEG, PNG, WebP or GIF cannot be cleaned, and what to do."""
    if not data:
        return "the file is empty"
    if data[4:8] == b"ftyp":
        brands = _iso_brands(data)
        if brands & {b"avif", b"avis"}:
            return (
                "this is an AVIF image: sharesite cannot remove its metadata without changing"
                " it (save it as JPEG or PNG, then run sharesite strip again)"
            )
        if brands & {b"heic", b"heix", b"hevc", b"heim", b"heis", b"hevm", b"hevs", b"mif1"}:
            return (
                "this is a HEIC photo: sharesite cannot remove its metadata without changing"
                " it (export it as JPEG from the Photos app, then run sharesite strip again)"
            )
        return f"this is a video or other media file, not a photo ({_ONLY})"
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return (
            "this is a TIFF image or camera raw file: sharesite cannot remove its metadata"
            " without changing it (save it as JPEG or PNG, then run sharesite strip again)"
        )
    if data.startswith(b"%PDF"):
        return f"this is a PDF document, not a photo ({_ONLY}; is it the file you meant?)"
    if data.startswith(b"BM"):
        return f"this is a BMP image ({_ONLY}: save it as PNG, then run sharesite strip again)"
    if data.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL ")):
        return f"this is a JPEG XL image ({_ONLY}: save it as JPEG, then try again)"
    return f"this is not a JPEG, PNG, WebP or GIF image ({_ONLY}; is it the file you meant?)"


def _format_of(data: bytes) -> str | None:
    """The format the file's first bytes name: "jpeg", "png", "webp", "gif", or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(_PNG_SIGNATURE):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    return None


_STRIPPERS = {"jpeg": _strip_jpeg, "png": _strip_png, "webp": _strip_webp, "gif": _strip_gif}


def strip_bytes(data: bytes) -> tuple[bytes, tuple[str, ...], bool]:
    """The file `data` without its metadata; the kinds of metadata removed, sorted; and
    whether the result keeps an EXIF Orientation (so that it still shows upright). A file
    with nothing to remove comes back as it was, with no kinds.

    A JPEG cut off inside its image data is cleaned too: the headers are whole, so the
    metadata can be removed and the image data copied as far as it goes.

    Raises StripError for a format that cannot be cleaned without changing the picture,
    and for a damaged file."""
    kind = _format_of(data)
    if kind is None:
        raise StripError(_refusal(data))
    cleaning = _STRIPPERS[kind](data)
    clean = b"".join(cleaning.pieces)
    kept = cleaning.orientation != 1
    if clean == data:
        return data, (), kept
    return clean, tuple(sorted(cleaning.removed)), kept


# --- files -----------------------------------------------------------------------------


def _write_atomically(path: Path, data: bytes, mode: int) -> None:
    """Replace `path` with `data` through a temporary file in the same folder, so a reader
    never sees half a file; the new file gets permission bits `mode`."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def strip_file(path: Path) -> Stripped:
    """Remove the metadata of the photo at `path`, rewriting it in place (atomically, with
    the same permission bits) only if there was something to remove. A symbolic link stays
    a link: the file it points at is cleaned. Raises StripError, naming the file, when it
    cannot be read, cleaned or written."""
    target = Path(os.path.realpath(path))
    try:
        status = target.stat()
        if not stat.S_ISREG(status.st_mode):
            raise StripError(f"{path}: this is not a file")
        if status.st_size > MAX_BYTES:
            megabytes = status.st_size // (1024 * 1024)
            raise StripError(
                f"{path}: the file is {megabytes} MB; sharesite strip takes files up to"
                f" {MAX_BYTES // (1024 * 1024)} MB (make the photo smaller, then try again)"
            )
        data = target.read_bytes()
    except OSError as error:
        raise StripError(f"{path}: cannot read it ({error.strerror})") from error
    try:
        clean, removed, kept = strip_bytes(data)
    except StripError as error:
        raise StripError(f"{path}: {error}") from None
    if clean != data:
        try:
            _write_atomically(target, clean, stat.S_IMODE(status.st_mode))
        except OSError as error:
            raise StripError(f"{path}: cannot write the cleaned file ({error.strerror})") from error
    return Stripped(path, removed, kept, len(data), len(clean))


# --- location --------------------------------------------------------------------------


def _exif_blocks(data: bytes) -> Iterator[bytes]:
    """Every EXIF block in the file, in order; raises StripError where it is damaged."""
    kind = _format_of(data)
    if kind == "jpeg":
        for part in _jpeg_parts(data):
            payload = data[part.start + 4 : part.end]
            if part.name == 0xE1 and payload.startswith(_EXIF_PREFIX[:5]):
                yield payload
    elif kind == "png":
        for part in _png_parts(data):
            if part.name == b"eXIf":
                yield data[part.start + 8 : part.end - 4]
    elif kind == "webp":
        for part in _webp_parts(data):
            if part.name == b"EXIF":
                yield data[part.start + 8 : part.end]
    elif data[:4] in (b"II*\x00", b"MM\x00*"):
        yield data
    elif data[4:8] == b"ftyp":
        yield from _heif_exif(data)


def _heif_exif(data: bytes) -> list[bytes]:
    """The EXIF of a HEIC/HEIF photo if pillow_heif is installed, else nothing."""
    try:
        heif: Any = importlib.import_module("pillow_heif")
    except ImportError:
        return []
    try:
        exif = heif.open_heif(io.BytesIO(data)).info.get("exif")
    except Exception:  # pillow_heif raises its own errors on damaged files
        return []
    return [exif] if isinstance(exif, bytes) else []


def _degrees(value: Any, reference: Any, negative: str) -> float | None:
    """Decimal degrees from an EXIF GPS (degrees, minutes, seconds) value and its N/S or
    E/W reference, or None when they do not make sense."""
    try:
        values = value if isinstance(value, (tuple, list)) else [value]
        degrees = sum(float(part) / 60.0**index for index, part in enumerate(values[:3]))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not math.isfinite(degrees):
        return None
    if isinstance(reference, bytes):
        reference = reference.decode("ascii", "replace")
    if isinstance(reference, str) and reference.strip("\x00 ").upper() == negative:
        degrees = -degrees
    return degrees


def _position_in(block: bytes) -> tuple[float, float] | None:
    exif = _load_exif(block)
    if exif is None:
        return None
    with warnings.catch_warnings(action="ignore"):
        try:
            gps = exif.get_ifd(_GPS_IFD)
        except Exception:  # a damaged GPS IFD offset
            return None
    if 2 not in gps or 4 not in gps:
        return None
    latitude = _degrees(gps[2], gps.get(1), "S")
    longitude = _degrees(gps[4], gps.get(3), "W")
    if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
        return None
    return latitude, longitude


def gps_position(data: bytes) -> tuple[float, float] | None:
    """The (latitude, longitude) in decimal degrees, south and west negative, that the
    file's EXIF carries (JPEG, PNG, WebP, TIFF, and HEIC when pillow_heif is installed), or
    None. Reads only the file's structure and metadata, never its pixels, and returns None
    rather than raising for a damaged file; EXIF found before the damage still counts."""
    try:
        for block in _exif_blocks(data):
            position = _position_in(block)
            if position is not None:
                return position
    except StripError:
        return None
    return None
