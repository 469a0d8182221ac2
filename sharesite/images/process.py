"""One image's bytes → its processed copies, with Pillow.

The original is opened with only the formats a web photo comes in (a file named .jpg that
is really a PDF or a TIFF is refused, not guessed at) and its size is checked before any
pixel is decoded: a small file can hold a "decompression bomb" of billions of pixels.
Then: turned upright (EXIF orientation), decoded no larger than the widest copy needs
(JPEG's draft mode), converted to sRGB, resized (never enlarged) and saved as WebP and a
fallback every browser shows — JPEG, PNG for images with transparency, GIF for animations —
plus one JPEG for link previews. Nothing from the original's metadata is carried over: no
EXIF, GPS, XMP, IPTC or comments (tests read the output bytes to prove it), and no colour
profile (the pixels are converted to sRGB, which browsers assume).
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError, features

from sharesite.config import ImageSettings
from sharesite.images.picture import square_side
from sharesite.images.strip import StripError, strip_bytes

# Extensions of raster images: each is published only as processed copies.
RASTER = frozenset({".jpg", ".jpeg", ".jpe", ".jfif", ".pjpeg", ".pjp", ".png", ".apng",
                    ".gif", ".webp", ".heic", ".heif", ".avif", ".tif", ".tiff", ".bmp"})
# What a raster image's first bytes are, whatever its name ends in: (offset, bytes).
MAGIC = ((0, b"\xff\xd8\xff"), (0, b"\x89PNG\r\n\x1a\n"), (0, b"GIF87a"), (0, b"GIF89a"),
         (8, b"WEBP"), (4, b"ftypheic"), (4, b"ftypheix"), (4, b"ftypmif1"), (4, b"ftypavif"),
         (0, b"II*\x00"), (0, b"MM\x00*"))
_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "AVIF", "TIFF", "BMP")  # JPEG reads MPO too
_HEIF = (".heic", ".heif")
PREVIEW_WIDTH = 1200  # Open Graph's recommended width
PREVIEW_QUALITY = 75  # link-preview apps refuse big images (WhatsApp: about 300 KB)
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_FRAMES = 1000
VERSION = 1  # of this recipe: a change to what is made here must change this


class ImageProblem(Exception):
    """What is wrong with an image, and (`hint`) how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, hint)  # both in args: it is sent back from a worker
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Copy:
    name: str  # "480.webp", "preview.jpg"
    format: str
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class Made:
    width: int  # upright, of the largest copy
    height: int
    animated: bool
    copies: tuple[Copy, ...]


@functools.cache
def codecs() -> str:
    """The encoders' versions (and this computer's fonts, for drawings): a new libwebp may
    make other bytes, so the cache keys on it. Worked out once a process: a rebuild in
    `serve` does not walk the font folders again."""
    import resvg_py

    return "|".join([f"{name}={features.version(name)}"
                     for name in ("pil", "jpg", "webp", "zlib", "littlecms2", "avif")]
                    + [f"resvg={resvg_py.__resvg_version__}", f"fonts={_fonts()}"])


_FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts",
                 "~/.local/share/fonts", "/Library/Fonts", "/System/Library/Fonts",
                 "~/Library/Fonts", "C:/Windows/Fonts")


def _fonts() -> str:
    """A digest of the fonts this computer has (their names and sizes): a drawing's text is
    drawn with them, so other fonts make other previews."""
    found = []
    for folder in _FONT_FOLDERS:
        root = Path(folder).expanduser()
        if root.is_dir():
            found += [(str(p), p.stat().st_size) for p in sorted(root.rglob("*"))
                      if p.is_file()]
    return hashlib.blake2b(repr(found).encode(), digest_size=8).hexdigest()


def heif_available() -> bool:
    try:
        import pillow_heif  # noqa: F401
    except ImportError:
        return False
    return True


def make(data: bytes, name: str, settings: ImageSettings, square: bool = False) -> Made:
    """Every copy of the image in `data` (whose file is called `name`). An SVG drawing is
    published as it is: it gets only a picture of itself for link previews, which show no
    SVG. With `square` (a podcast's cover), a square JPEG too ("square.jpg") when the image
    can be one (`square_side`; the site says why when it cannot)."""
    if name.lower().endswith(".svg"):
        made = _drawing(data)
        for copy in made.copies:
            _check_clean(copy)
        return made
    if len(data) > MAX_FILE_BYTES:
        raise ImageProblem(f"this image is {len(data) // 2**20} MB, over the "
                           f"{MAX_FILE_BYTES // 2**20} MB sharesite accepts",
                           "export it again at a smaller size")
    with warnings.catch_warnings():
        # Pillow warns of damaged EXIF as it reads it: nothing of it is published anyway.
        warnings.simplefilter("ignore", UserWarning)
        image = _open(data, name, settings)
        try:
            animated = getattr(image, "n_frames", 1) > 1 and \
                image.format in ("GIF", "WEBP", "PNG")
            made = _animated(image, settings) if animated else _still(image, settings, square)
        except MemoryError:
            raise ImageProblem("this image is too big to process on this computer",
                               "resize it to a few thousand pixels wide") from None
        except Exception as exc:  # a damaged file can fail anywhere in a decoder
            raise ImageProblem(f"this image cannot be read: {_reason(exc)}",
                               "the file is damaged or incomplete: export or download it "
                               "again") from exc
        finally:
            image.close()
    for copy in made.copies:
        _check_clean(copy)
    return made


def _check_clean(copy: Copy) -> None:
    """Every copy is checked as it is made: one that still carries metadata is never
    published (it would be a fault in sharesite or in an encoder, not in the photo)."""
    if copy.format == "avif":  # an ISO media file: its metadata would be an "Exif" item
        found = b"Exif" in copy.data[:4096] or b"<x:xmpmeta" in copy.data
    else:
        try:
            found = bool(strip_bytes(copy.data)[1])
        except StripError:
            found = True
    if found:
        raise ImageProblem(f"sharesite made a {copy.format.upper()} copy of this image "
                           "that still carries metadata, so it is not published",
                           "report this to sharesite's developers; meanwhile save the photo "
                           "again as a plain JPEG")


def _open(data: bytes, name: str, settings: ImageSettings) -> Image.Image:
    formats = list(_FORMATS)
    if name.lower().endswith(_HEIF):
        if not heif_available():
            raise ImageProblem("this is an iPhone HEIC photo, which sharesite can read only "
                               "with an extra installed",
                               "pip install 'sharesite[heic]', or export it as JPEG")
        import pillow_heif

        pillow_heif.register_heif_opener()
        formats.append("HEIF")
    if not data:
        raise ImageProblem("this image file is empty",
                           "copy the photo again: the file has no picture in it")
    what = _not_an_image(data)
    if what:
        raise ImageProblem(f"this file is {what}, not a photo, though its name ends in "
                           f"{name.rpartition('.')[2]!r}",
                           "link to it as a download instead, or save the photo again as JPEG")
    limit = settings.max_megapixels * 1_000_000
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it; ours is lower anyway.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=formats)
    except Image.DecompressionBombError:
        raise _bomb(None, settings) from None
    except UnidentifiedImageError:
        raise ImageProblem("this file is not a picture in any format sharesite reads (JPEG, "
                           "PNG, GIF, WebP, AVIF, TIFF, BMP)",
                           "save it again as JPEG or PNG") from None
    except Exception as exc:  # an image damaged past reading its header
        raise ImageProblem(f"this image cannot be read: {_reason(exc)}",
                           "the file is damaged or incomplete: export or download it again"
                           ) from exc
    pixels = image.width * image.height
    if pixels > limit:
        image.close()
        raise _bomb(pixels, settings)
    frames = getattr(image, "n_frames", 1)
    if frames > 1 and (frames > MAX_FRAMES or frames * pixels > limit):
        image.close()
        raise ImageProblem(f"this animation has {frames} frames of {image.width} by "
                           f"{image.height} pixels: too much to process for a web page",
                           "make it shorter or smaller, or share it as a video")
    return image


def _bomb(pixels: int | None, settings: ImageSettings) -> ImageProblem:
    size = f"{pixels / 1e6:.0f} megapixels" if pixels else "has far too many pixels"
    return ImageProblem(
        f"this image {'is ' if pixels else ''}{size}, over the limit of "
        f"{settings.max_megapixels} megapixels (a file like this can be a 'decompression "
        "bomb' that exhausts the computer's memory)",
        "resize it to a few thousand pixels wide" + (
            ", or raise [images] max_megapixels in site.toml if it is a genuine photo"
            if pixels else ""))


def _not_an_image(data: bytes) -> str:
    head = data[:16]
    for magic, what in ((b"%PDF", "a PDF"), (b"PK\x03\x04", "a zip file (a Word or "
                         "PowerPoint file?)"), (b"\xd0\xcf\x11\xe0", "an old Office file"),
                        (b"<svg", "an SVG drawing"), (b"<?xml", "an XML file"),
                        (b"<!DOCTYPE", "a web page"), (b"<html", "a web page")):
        if head.lstrip().startswith(magic):
            return what
    return ""


def _reason(exc: BaseException) -> str:
    """The decoder's own words, without object addresses (messages must not vary)."""
    text = re.sub(r"<[^<>]* at 0x[0-9a-fA-F]+>", "the file", str(exc)) or type(exc).__name__
    return text if len(text) < 120 else text[:117] + "…"


def _widths(upright: int, settings: ImageSettings) -> list[int]:
    """The widths to make: each asked-for width the image is wider than, then the image's
    own width as the largest if it is narrower than the widest asked for."""
    widest = max(settings.widths)
    out = [w for w in settings.widths if w < upright * 0.95 and w < widest]
    out.append(min(upright, widest))
    return sorted(set(out))


def _upright_size(image: Image.Image) -> tuple[int, int]:
    orientation = image.getexif().get(0x0112, 1)
    w, h = image.size
    return (h, w) if orientation in (5, 6, 7, 8) else (w, h)


def _drawing(data: bytes) -> Made:
    """A JPEG of an SVG drawing, 1,200 pixels wide, on white, for link previews. Nothing
    outside the drawing is read to draw it: a drawing may name any file on the computer
    that builds the site (`<image href="/home/…">`), so pictures it names by address are
    left out of its preview (those inside it, as `data:`, are kept). Text is drawn with
    the computer's fonts, which are part of the cache key (see `codecs`)."""
    import tempfile

    import resvg_py
    from lxml import etree  # type: ignore[import-untyped]  # lxml comes with feedgen

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImageProblem(f"this SVG drawing is not well-formed: {_reason(exc)}",
                           "open it in a drawing program and save it again as plain SVG"
                           ) from exc
    _without_outside_files(root)
    width, height = _drawing_size(root)
    if height > width * 4:  # checked before drawing: drawn, a thin strip could be huge
        raise ImageProblem("this SVG drawing is far taller than it is wide, so it cannot "
                           "be a link preview", "give it the shape of a picture: a width "
                           "and height (or viewBox) about as wide as it is tall, or wider")
    svg = etree.tostring(root, encoding="unicode")
    try:
        with tempfile.TemporaryDirectory() as nowhere:  # relative addresses lead nowhere
            png = resvg_py.svg_to_bytes(svg_string=svg, width=PREVIEW_WIDTH,
                                        background="#ffffff", resources_dir=nowhere)
    except ValueError as exc:
        raise ImageProblem(f"this SVG drawing cannot be drawn: {_reason(exc)}",
                           "open it in a drawing program and save it again as plain SVG"
                           ) from exc
    with Image.open(io.BytesIO(png), formats=["PNG"]) as drawn:
        preview = drawn.convert("RGB")
    preview.info.clear()
    copy = Copy("preview.jpg", "jpeg", preview.width, preview.height,
                _encode(preview, "jpeg", PREVIEW_QUALITY))
    return Made(preview.width, preview.height, False, (copy,))


_HREF = ("href", "{http://www.w3.org/1999/xlink}href")


def _without_outside_files(root: Any) -> None:
    """Remove what would make the drawing's preview read a file: pictures and filters
    named by address, uses of other files, and style sheets' imports."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        name = element.tag.rpartition("}")[2]
        href = next((element.get(k) for k in _HREF if element.get(k) is not None), None)
        outside = href is not None and not href.strip().startswith(
            ("data:", "#") if name in ("use", "a") else ("data:",))
        if name in ("image", "feImage", "use") and outside:
            element.getparent().remove(element)
        elif name == "style" and element.text and "@import" in element.text:
            element.text = re.sub(r"@import[^;]*;?", "", element.text)


def _drawing_size(root: Any) -> tuple[float, float]:
    """The drawing's width and height as it asks for them (resvg's default if it does not)."""
    def number(value: str | None) -> float | None:
        found = re.match(r"\s*([0-9]*\.?[0-9]+)", value or "")
        return float(found.group(1)) if found else None

    width, height = number(root.get("width")), number(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (not width or not height) and len(box) == 4:
        width, height = number(box[2]), number(box[3])
    return (width, height) if width and height else (100.0, 100.0)


def _still(image: Image.Image, settings: ImageSettings, square: bool = False) -> Made:
    upright_w, upright_h = _upright_size(image)
    widths = _widths(upright_w, settings)
    side = square_side(upright_w, upright_h) if square else 0
    need = max(widths[-1], min(upright_w, PREVIEW_WIDTH), side)
    if image.format in ("JPEG", "MPO"):  # decode at 1/2, 1/4 or 1/8 size when that is enough
        scale = need / upright_w
        stored = image.size
        image.draft(image.mode, (math.ceil(stored[0] * scale), math.ceil(stored[1] * scale)))
    image.load()
    image = ImageOps.exif_transpose(image)
    image = _to_srgb(image)
    alpha = image.mode in ("RGBA", "LA") and _transparent(image)
    image = image.convert("RGBA" if alpha else "RGB")
    fallback = "png" if alpha else "jpeg"
    copies: list[Copy] = []
    largest = _resized(image, widths[-1])
    formats = [("avif", "avif")] if settings.avif else []
    formats += [("webp", "webp"), (fallback, _ext(fallback))]
    for width in reversed(widths):  # each from the largest copy: quicker, as sharp
        copy = largest if width == widths[-1] else _resized(largest, width)
        for fmt, ext in formats:
            copies.append(Copy(f"{width}.{ext}", fmt, copy.width, copy.height,
                               _encode(copy, fmt, settings.quality)))
    preview = _resized(image, min(image.width, PREVIEW_WIDTH))
    copies.append(Copy("preview.jpg", "jpeg", preview.width, preview.height,
                       _encode(preview.convert("RGB"), "jpeg", PREVIEW_QUALITY)))
    if side:  # a podcast's cover: podcast apps take JPEG or PNG, not WebP
        cover = _resized(image, side).convert("RGB")
        copies.append(Copy("square.jpg", "jpeg", cover.width, cover.height,
                           _encode(cover, "jpeg", settings.quality)))
    return Made(largest.width, largest.height, False, tuple(_ordered(copies)))


def _animated(image: Image.Image, settings: ImageSettings) -> Made:
    """An animation keeps every frame and its timing: WebP, with GIF as the fallback."""
    widths = _widths(image.width, settings)
    frames: list[Image.Image] = []
    durations: list[int] = []
    for frame in _frames(image):
        frames.append(_to_srgb(frame).convert("RGBA"))
        durations.append(int(frame.info.get("duration", 100)))
    loop = int(image.info.get("loop", 0))
    copies: list[Copy] = []
    for width in widths:
        sized = [_resized(f, width) for f in frames]
        first = sized[0]
        for fmt in ("webp", "gif"):
            out = io.BytesIO()
            first.save(out, format=fmt.upper(), save_all=True, append_images=sized[1:],
                       duration=durations, loop=loop, disposal=2,
                       **({"quality": settings.quality, "method": 4} if fmt == "webp"
                          else {"optimize": False}))
            copies.append(Copy(f"{width}.{fmt}", fmt, first.width, first.height,
                               out.getvalue()))
    still = frames[0].convert("RGB")
    preview = _resized(still, min(still.width, PREVIEW_WIDTH))
    copies.append(Copy("preview.jpg", "jpeg", preview.width, preview.height,
                       _encode(preview, "jpeg", PREVIEW_QUALITY)))
    largest = copies[-2]
    return Made(largest.width, largest.height, True, tuple(_ordered(copies)))


def _transparent(image: Image.Image) -> bool:
    """Whether any pixel of the alpha channel is less than opaque."""
    lowest = image.getchannel("A").getextrema()[0]
    return isinstance(lowest, int | float) and lowest < 255


def _frames(image: Image.Image) -> Iterator[Image.Image]:
    for frame in ImageSequence.Iterator(image):
        copy = frame.copy()
        copy.info["duration"] = frame.info.get("duration", 100)
        yield copy


_ORDER = {"avif": 0, "webp": 1, "jpeg": 2, "png": 2, "gif": 2}


def _ordered(copies: list[Copy]) -> list[Copy]:
    """By format (best first), then width; the preview last."""
    return sorted(copies, key=lambda c: (c.name in ("preview.jpg", "square.jpg"),
                                         c.name == "square.jpg", _ORDER[c.format], c.width))


def _ext(fmt: str) -> str:
    return {"jpeg": "jpg"}.get(fmt, fmt)


def _resized(image: Image.Image, width: int) -> Image.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image) -> Image.Image:
    """The image in sRGB, without a profile: a photo from a phone in Display P3 keeps
    its colours on every screen. A profile that cannot be read is ignored."""
    icc = image.info.get("icc_profile")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode.startswith("I;16") or image.mode in ("I", "F"):
        image = _eight_bit(image)
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
        image = image.convert("RGBA" if image.mode.endswith("A") else "RGB")
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if _is_srgb(profile):
                pass
            elif image.mode in ("RGB", "RGBA", "CMYK"):
                mode = "RGBA" if image.mode == "RGBA" else "RGB"
                converted = ImageCms.profileToProfile(
                    image, profile, _SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL,
                    outputMode=mode)
                if converted is not None:
                    image = converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass
    if image.mode == "CMYK":
        image = image.convert("RGB")
    image.info.clear()  # nothing of the original's metadata may reach a copy
    return image


def _eight_bit(image: Image.Image) -> Image.Image:
    """A 16-bit, 32-bit or floating-point grey image as 8-bit grey, its range scaled (a
    plain conversion would clip it to white): 16-bit by its full range, others by theirs."""
    grey = image.convert("F")
    if image.mode.startswith("I;16"):
        low, high = 0.0, 65535.0
    else:
        extrema = grey.getextrema()
        low, high = (float(extrema[0]), float(extrema[1])) \
            if isinstance(extrema[0], int | float) and isinstance(extrema[1], int | float) \
            else (0.0, 255.0)
    scale = 255.0 / (high - low) if high > low else 1.0
    return grey.point(lambda v: (v - low) * scale).convert("L")


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    description = (ImageCms.getProfileDescription(profile) or "").lower()
    return "srgb" in description and "display" not in description


def _encode(image: Image.Image, fmt: str, quality: int) -> bytes:
    """The image's bytes in `fmt`, with nothing but pixels: no EXIF, XMP, ICC or comment."""
    image.info.clear()
    out = io.BytesIO()
    if fmt == "jpeg":
        image.save(out, "JPEG", quality=quality + 2, optimize=True, progressive=True)
    elif fmt == "webp":
        image.save(out, "WEBP", quality=quality, method=4)
    elif fmt == "avif":
        image.save(out, "AVIF", quality=quality)
    elif fmt == "png":
        image.save(out, "PNG", optimize=True)
    else:
        raise ValueError(fmt)
    return out.getvalue()
