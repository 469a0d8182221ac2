"""Image files made in code for the tests: phone photos with location and other metadata,
files in each format sharesite handles, and awkward ones (a decompression bomb, a cut-off
JPEG, a PDF named like a photo). Nothing is read from disk and every function returns the
same bytes each time it is called. `metadata_in` names the kinds of metadata a file's bytes
carry, so a test can check that a cleaned file carries none.

The pictures are drawn (sky and ground gradients, a sun, a school, a tree, and a fixed
fine grain) so that JPEG and WebP compress them as they would a photo."""

from __future__ import annotations

import functools
import hashlib
import io
import math
import struct
import zlib

from PIL import Image, ImageChops, ImageDraw, ImageFilter
from PIL.TiffImagePlugin import IFDRational

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
XMP_NAMESPACE = b"http://ns.adobe.com/xap/1.0/\x00"

# The place every fixture's GPS points at (Westminster), and its EXIF rationals:
# 51 deg 30' 2.52" N, 0 deg 7' 28.56" W.
LATITUDE = 51.5007
LONGITUDE = -0.1246
_LAT_DMS = (IFDRational(51, 1), IFDRational(30, 1), IFDRational(252, 100))
_LON_DMS = (IFDRational(0, 1), IFDRational(7, 1), IFDRational(2856, 100))

CREATOR = "Ms A. Teacher"
COMMENT = b"Taken at Hillside Primary"
GIF_COMMENT = b"pupil names here"

# The upright scene of oriented_jpeg: 60 wide, 40 high.
UPRIGHT = (60, 40)

# How a camera stores the upright scene for each EXIF orientation: the inverse of what
# PIL.ImageOps.exif_transpose applies when it shows the photo.
_STORED_AS: dict[int, Image.Transpose | None] = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}

XMP_PACKET = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 6.0.0">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">
   <dc:creator><rdf:Seq><rdf:li>{CREATOR}</rdf:li></rdf:Seq></dc:creator>
   <photoshop:City>London</photoshop:City>
   <exif:GPSLatitude>51,30.042N</exif:GPSLatitude>
   <exif:GPSLongitude>0,7.476W</exif:GPSLongitude>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


# --- drawing -------------------------------------------------------------------------


@functools.cache
def _grain_tile() -> bytes:
    """A 97x97 tile of fine grey grain around 128, from a fixed linear congruential
    sequence (no random module, so it is the same on every run)."""
    state = 20240314
    values = bytearray()
    for _ in range(97 * 97):
        state = (1103515245 * state + 12345) & 0x7FFFFFFF
        values.append(121 + (state >> 16) % 15)
    return bytes(values)


def _grain(width: int, height: int) -> Image.Image:
    tile = Image.frombytes("L", (97, 97), _grain_tile()).filter(ImageFilter.GaussianBlur(0.6))
    grain = Image.new("L", (width, height))
    for top in range(0, height, 97):
        for left in range(0, width, 97):
            grain.paste(tile, (left, top))
    return grain


def _scene(width: int, height: int) -> Image.Image:
    """An upright outdoor picture, width x height, RGB."""
    down = Image.linear_gradient("L").resize((width, height))
    across = Image.linear_gradient("L").rotate(90).resize((width, height))
    sky = Image.composite(
        Image.new("RGB", (width, height), (186, 214, 240)),
        Image.new("RGB", (width, height), (58, 110, 196)),
        down,
    )
    ground = Image.composite(
        Image.new("RGB", (width, height), (70, 128, 52)),
        Image.new("RGB", (width, height), (118, 170, 78)),
        across,
    )
    hill = Image.new("L", (width, height), 0)
    ImageDraw.Draw(hill).polygon(
        [(0, height * 0.62), (width * 0.35, height * 0.55), (width * 0.7, height * 0.66),
         (width, height * 0.6), (width, height), (0, height)],
        fill=255,
    )
    picture = Image.composite(ground, sky, hill)
    draw = ImageDraw.Draw(picture)
    w, h = width, height
    draw.ellipse([w * 0.78, h * 0.08, w * 0.9, h * 0.08 + w * 0.12], fill=(250, 226, 140))
    draw.rectangle([w * 0.18, h * 0.38, w * 0.52, h * 0.7], fill=(168, 72, 56))
    draw.polygon([(w * 0.16, h * 0.38), (w * 0.35, h * 0.24), (w * 0.54, h * 0.38)],
                 fill=(92, 70, 66))
    for row in range(2):
        for col in range(4):
            left = w * (0.21 + col * 0.08)
            top = h * (0.43 + row * 0.12)
            draw.rectangle([left, top, left + w * 0.05, top + h * 0.07], fill=(210, 228, 238))
    draw.rectangle([w * 0.33, h * 0.58, w * 0.37, h * 0.7], fill=(60, 44, 40))
    draw.rectangle([w * 0.66, h * 0.45, w * 0.68, h * 0.68], fill=(96, 66, 40))
    draw.ellipse([w * 0.6, h * 0.26, w * 0.74, h * 0.5], fill=(52, 104, 48))
    grain = _grain(width, height).convert("RGB")
    return ImageChops.add(picture, grain, scale=1.0, offset=-128)


def _stored(upright: Image.Image, orientation: int) -> Image.Image:
    """The raster a camera stores so that showing it with `orientation` gives `upright`."""
    method = _STORED_AS[orientation]
    return upright if method is None else upright.transpose(method)


# --- JPEG segments ---------------------------------------------------------------------


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _split_head(jpeg: bytes) -> tuple[list[bytes], bytes]:
    """The APPn and COM segments right after SOI (each whole), and the rest of the file."""
    segments = []
    pos = 2
    while jpeg[pos] == 0xFF and (0xE0 <= jpeg[pos + 1] <= 0xEF or jpeg[pos + 1] == 0xFE):
        end = pos + 2 + struct.unpack(">H", jpeg[pos + 2 : pos + 4])[0]
        segments.append(jpeg[pos:end])
        pos = end
    return segments, jpeg[pos:]


def _iptc_dataset(record: int, dataset: int, value: bytes) -> bytes:
    return bytes([0x1C, record, dataset]) + struct.pack(">H", len(value)) + value


def _photoshop_iptc() -> bytes:
    """An APP13 payload: a Photoshop image resource block holding IPTC with a byline."""
    iptc = (
        _iptc_dataset(2, 0, b"\x00\x04")
        + _iptc_dataset(2, 80, CREATOR.encode())
        + _iptc_dataset(2, 90, b"London")
        + _iptc_dataset(2, 116, b"(c) Hillside Primary")
    )
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc))
    return b"Photoshop 3.0\x00" + resource + iptc + b"\x00" * (len(iptc) % 2)


def _phone_exif(orientation: int, gps: bool) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 15"
    exif[0x0112] = orientation
    exif[0x0131] = "17.4.1"
    exif[0x0132] = "2024:03:14 10:21:07"
    exif[0x8769] = {
        0x9003: "2024:03:14 10:21:07",
        0x9004: "2024:03:14 10:21:07",
        0x9011: "+00:00",
        0xA433: "Apple",
        0xA434: "iPhone 15 back dual wide camera 6.1mm f/1.6",
    }
    if gps:
        exif[0x8825] = {
            0: b"\x02\x02\x00\x00",
            1: "N",
            2: _LAT_DMS,
            3: "W",
            4: _LON_DMS,
            6: IFDRational(1234, 100),
            29: "2024:03:14",
        }
    return exif


def _gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Google"
    exif[0x0110] = "Pixel 8"
    exif[0x8825] = {1: "N", 2: _LAT_DMS, 3: "W", 4: _LON_DMS}
    return exif


@functools.cache
def phone_jpeg(
    width: int = 4032,
    height: int = 3024,
    orientation: int = 6,
    gps: bool = True,
    xmp: bool = True,
    comment: bool = True,
) -> bytes:
    """A JPEG laid out as a phone writes one: APP1 EXIF first (Make, Model, Software,
    DateTimeOriginal, Orientation and, if `gps`, a GPS IFD at 51.5007 N 0.1246 W as real
    rationals), then (if `xmp`) an APP1 XMP packet with a creator and GPS, the Display P3
    colour profile in APP2, an APP13 Photoshop/IPTC block with a byline, and (if `comment`)
    a COM segment "Taken at Hillside Primary". No JFIF APP0, as on phones.

    `width` x `height` is the upright scene. The pixels are stored as a camera stores them:
    the upright scene transformed so that applying the EXIF orientation shows it upright.
    So for orientation 5 to 8 the stored raster is height x width (for 6, the scene turned
    a quarter anticlockwise), and PIL.ImageOps.exif_transpose gives back width x height."""
    stored = _stored(_scene(width, height), orientation)
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=90, exif=_phone_exif(orientation, gps), icc_profile=P3_ICC)
    head, rest = _split_head(out.getvalue())
    exif_app1 = [s for s in head if s[4:10] == b"Exif\x00\x00"]
    icc_app2 = [s for s in head if s[4:16] == b"ICC_PROFILE\x00"]
    segments = list(exif_app1)
    if xmp:
        segments.append(_segment(0xE1, XMP_NAMESPACE + XMP_PACKET.encode()))
    segments += icc_app2
    segments.append(_segment(0xED, _photoshop_iptc()))
    if comment:
        segments.append(_segment(0xFE, COMMENT))
    return b"\xff\xd8" + b"".join(segments) + rest


@functools.cache
def oriented_jpeg(orientation: int) -> bytes:
    """A JPEG whose upright scene is UPRIGHT (60x40): blue, with a solid red top-left
    quarter and a solid green bottom-right quarter. It is stored transformed as a camera
    would for `orientation` (1 to 8) with only that Orientation in its EXIF, so
    PIL.ImageOps.exif_transpose gives back the upright scene. Quality 95."""
    width, height = UPRIGHT
    upright = Image.new("RGB", UPRIGHT, (20, 40, 220))
    draw = ImageDraw.Draw(upright)
    draw.rectangle([0, 0, width // 2 - 1, height // 2 - 1], fill=(230, 20, 20))
    draw.rectangle([width // 2, height // 2, width - 1, height - 1], fill=(20, 200, 40))
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    _stored(upright, orientation).save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def upright_corner_colours(img: Image.Image) -> tuple[str, str]:
    """The colour names ("red", "green" or "blue") at the centres of the top-left and the
    bottom-right quarters of `img`: ("red", "green") when oriented_jpeg is shown upright."""
    rgb = img.convert("RGB")
    width, height = rgb.size
    names = ("red", "green", "blue")

    def name_at(x: int, y: int) -> str:
        pixel = rgb.getpixel((x, y))
        assert isinstance(pixel, tuple)
        return names[max(range(3), key=lambda i: pixel[i])]

    return name_at(width // 4, height // 4), name_at(3 * width // 4, 3 * height // 4)


# --- Display P3 ------------------------------------------------------------------------


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _matmul(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    return [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]


def _inverse(m: list[list[float]]) -> list[list[float]]:
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    cof = [
        [e * i - f * h, c * h - b * i, b * f - c * e],
        [f * g - d * i, a * i - c * g, c * d - a * f],
        [d * h - e * g, b * g - a * h, a * e - b * d],
    ]
    return [[value / det for value in row] for row in cof]


def _xyz(x: float, y: float) -> list[float]:
    return [x / y, 1.0, (1 - x - y) / y]


def _p3_colorants() -> tuple[list[list[float]], list[list[float]]]:
    """The D50-adapted RGB-to-XYZ matrix of Display P3 (columns: red, green, blue) and the
    Bradford matrix that adapts D65 to D50."""
    primaries = [_xyz(0.680, 0.320), _xyz(0.265, 0.690), _xyz(0.150, 0.060)]
    white65 = _xyz(0.3127, 0.3290)
    p = [[primaries[j][i] for j in range(3)] for i in range(3)]
    inv = _inverse(p)
    scale = [sum(inv[i][k] * white65[k] for k in range(3)) for i in range(3)]
    rgb_to_xyz65 = [[p[i][j] * scale[j] for j in range(3)] for i in range(3)]
    bradford = [[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]]
    white50 = [0.9642, 1.0, 0.8249]
    cone65 = [sum(bradford[i][k] * white65[k] for k in range(3)) for i in range(3)]
    cone50 = [sum(bradford[i][k] * white50[k] for k in range(3)) for i in range(3)]
    gain = [[cone50[i] / cone65[i] if i == j else 0.0 for j in range(3)] for i in range(3)]
    adapt = _matmul(_inverse(bradford), _matmul(gain, bradford))
    return _matmul(adapt, rgb_to_xyz65), adapt


def _mluc(text: str) -> bytes:
    utf16 = text.encode("utf-16-be")
    record = b"enUS" + struct.pack(">II", len(utf16), 28)
    return b"mluc\0\0\0\0" + struct.pack(">II", 1, 12) + record + utf16


def _build_p3_icc() -> bytes:
    """A Display P3 ICC v4.3 display profile: matrix/TRC, P3 primaries with the D65 white
    adapted to the D50 PCS (Bradford, recorded in chad), and the sRGB tone curve."""
    matrix, adapt = _p3_colorants()
    xyz = [b"XYZ \0\0\0\0" + b"".join(_s15(matrix[i][c]) for i in range(3)) for c in range(3)]
    trc = b"para\0\0\0\0" + struct.pack(">HH", 3, 0) + b"".join(
        _s15(v) for v in (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045)
    )
    tags: list[tuple[bytes, bytes]] = [
        (b"desc", _mluc("Display P3")),
        (b"cprt", _mluc("No copyright, use freely")),
        (b"wtpt", b"XYZ \0\0\0\0" + _s15(0.9642) + _s15(1.0) + _s15(0.8249)),
        (b"chad", b"sf32\0\0\0\0" + b"".join(_s15(v) for row in adapt for v in row)),
        (b"rXYZ", xyz[0]),
        (b"gXYZ", xyz[1]),
        (b"bXYZ", xyz[2]),
        (b"rTRC", trc),
        (b"gTRC", trc),
        (b"bTRC", trc),
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    table = struct.pack(">I", len(tags))
    body = b""
    placed: dict[bytes, int] = {}
    for signature, data in tags:
        if data not in placed:
            placed[data] = offset + len(body)
            body += data + b"\0" * (-len(data) % 4)
        table += signature + struct.pack(">II", placed[data], len(data))
    size = 128 + len(table) + len(body)
    header = (
        struct.pack(">I", size)
        + b"\0\0\0\0"
        + bytes([4, 0x30, 0, 0])
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"APPL"
        + b"\0" * 4  # flags
        + b"\0" * 8  # manufacturer, model
        + b"\0" * 8  # attributes
        + struct.pack(">I", 0)  # rendering intent
        + _s15(0.9642) + _s15(1.0) + _s15(0.8249)
        + b"\0" * 4  # creator
    )
    unsigned = header + b"\0" * 16 + b"\0" * 28 + table + body
    # The profile ID is the MD5 of the profile with flags, intent and the ID itself zeroed.
    profile_id = hashlib.md5(unsigned, usedforsecurity=False).digest()
    return header + profile_id + b"\0" * 28 + table + body


P3_ICC: bytes = _build_p3_icc()
P3_COLOUR = (200, 60, 60)


@functools.cache
def p3_jpeg() -> bytes:
    """A 400x300 JPEG of one colour, P3_COLOUR, tagged with the Display P3 profile P3_ICC."""
    out = io.BytesIO()
    Image.new("RGB", (400, 300), P3_COLOUR).save(out, "JPEG", quality=90, icc_profile=P3_ICC)
    return out.getvalue()


# --- other formats ---------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def png_with_exif() -> bytes:
    """A 320x240 PNG with an eXIf chunk (Make, Model and GPS), a tEXt "Author" and an iTXt
    XMP packet (XML:com.adobe.xmp)."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", CREATOR)
    info.add_itxt("XML:com.adobe.xmp", XMP_PACKET)
    out = io.BytesIO()
    _scene(320, 240).save(out, "PNG", exif=_gps_exif(), pnginfo=info)
    return out.getvalue()


@functools.cache
def webp_with_exif() -> bytes:
    """A 320x240 lossy WebP with an EXIF chunk (GPS) and an XMP chunk."""
    out = io.BytesIO()
    _scene(320, 240).save(out, "WEBP", quality=80, exif=_gps_exif(), xmp=XMP_PACKET.encode())
    return out.getvalue()


def _frame_colour(index: int) -> tuple[int, int, int]:
    palette = [(200, 40, 40), (40, 160, 60), (40, 80, 200), (220, 180, 40), (150, 60, 170)]
    if index < len(palette):
        return palette[index]
    return ((index * 53) % 256, (index * 101) % 256, (index * 197) % 256)


@functools.cache
def animated_gif(frames: int = 3) -> bytes:
    """A looping 64x48 GIF of `frames` frames, each mostly one colour with a white square
    in a different place, lasting 100, 200, 300... ms, with the comment extension
    "pupil names here"."""
    images = []
    for index in range(frames):
        frame = Image.new("RGB", (64, 48), _frame_colour(index))
        left = 4 + (index * 9) % 48
        ImageDraw.Draw(frame).rectangle([left, 16, left + 11, 27], fill=(255, 255, 255))
        images.append(frame)
    out = io.BytesIO()
    images[0].save(
        out,
        "GIF",
        save_all=True,
        append_images=images[1:],
        duration=[100 * (index + 1) for index in range(frames)],
        loop=0,
        comment=GIF_COMMENT,
    )
    return out.getvalue()


@functools.cache
def transparent_png() -> bytes:
    """A 120x80 RGBA PNG, no metadata: a picture whose left third and a round hole are
    fully transparent."""
    picture = _scene(120, 80).convert("RGBA")
    alpha = Image.new("L", (120, 80), 255)
    draw = ImageDraw.Draw(alpha)
    draw.rectangle([0, 0, 39, 79], fill=0)
    draw.ellipse([70, 20, 100, 50], fill=0)
    picture.putalpha(alpha)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


@functools.cache
def bomb_png(megapixels: int = 60) -> bytes:
    """A square 1-bit greyscale PNG of at least `megapixels` million black pixels, a few
    kilobytes long. Written row by row through zlib, so making it needs almost no memory."""
    side = math.isqrt(megapixels * 1_000_000 - 1) + 1
    row = b"\x00" * (1 + (side + 7) // 8)
    packer = zlib.compressobj(9)
    parts = [packer.compress(row * 64) for _ in range(side // 64)]
    parts.append(packer.compress(row * (side % 64)))
    parts.append(packer.flush())
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", b"".join(parts))
        + _png_chunk(b"IEND", b"")
    )


def truncated_jpeg() -> bytes:
    """phone_jpeg(800, 600) cut to half its length: its header segments are whole, its
    image data stops part way."""
    data = phone_jpeg(800, 600)
    return data[: len(data) // 2]


def pdf_named_jpg() -> bytes:
    """A small, well-formed one-page PDF (what a teacher may save as photo.jpg)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


# --- what metadata a file carries ------------------------------------------------------


def _exif_kinds(block: bytes) -> set[str]:
    """{"exif"}, plus "gps" when the EXIF's first IFD points at a GPS IFD."""
    exif = Image.Exif()
    try:
        exif.load(block)
    except Exception:  # a damaged block still counts as EXIF
        return {"exif"}
    return {"exif", "gps"} if 0x8825 in exif else {"exif"}


def _jpeg_metadata(data: bytes) -> set[str]:
    found: set[str] = set()
    pos, size = 2, len(data)
    while pos + 4 <= size and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xDA, 0xD9):
            break
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        end = pos + 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        payload = data[pos + 4 : end]
        if marker == 0xE1:
            found.add("app1")
            if payload.startswith(b"Exif\x00"):
                found |= _exif_kinds(payload)
            elif payload.startswith((XMP_NAMESPACE, b"http://ns.adobe.com/xmp/extension/")):
                found.add("xmp")
        elif marker == 0xED and payload.startswith(b"Photoshop 3.0"):
            found.add("iptc")
        elif marker == 0xFE:
            found.add("comment")
        pos = end
    return found


def _png_metadata(data: bytes) -> set[str]:
    found: set[str] = set()
    pos = 8
    while pos + 8 <= len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"eXIf":
            found |= _exif_kinds(body)
        elif kind in (b"tEXt", b"zTXt", b"iTXt"):
            found.add("comment")
            if kind == b"iTXt" and body.startswith(b"XML:com.adobe.xmp\x00"):
                found.add("xmp")
        if kind == b"IEND":
            break
        pos += 12 + length
    return found


def _webp_metadata(data: bytes) -> set[str]:
    found: set[str] = set()
    pos = 12
    while pos + 8 <= len(data):
        kind = data[pos : pos + 4]
        length = struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if kind == b"EXIF":
            found |= _exif_kinds(data[pos + 8 : pos + 8 + length])
        elif kind == b"XMP ":
            found.add("xmp")
        pos += 8 + length + length % 2
    return found


def _gif_sub_blocks_end(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos]:
        pos += 1 + data[pos]
    return pos + 1


def _gif_metadata(data: bytes) -> set[str]:
    found: set[str] = set()
    flags = data[10] if len(data) > 10 else 0
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while pos < len(data):
        if data[pos] == 0x21 and pos + 1 < len(data):
            label = data[pos + 1]
            if label == 0xFE:
                found.add("comment")
            elif label == 0xFF and data[pos + 3 : pos + 14] == b"XMP DataXMP":
                found.add("xmp")
            pos = _gif_sub_blocks_end(data, pos + 2)
        elif data[pos] == 0x2C and pos + 10 <= len(data):
            flags = data[pos + 9]
            pos += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
            pos = _gif_sub_blocks_end(data, pos + 1)
        else:
            break
    return found


def metadata_in(data: bytes) -> list[str]:
    """The kinds of metadata in an image file's bytes, sorted; [] means clean.

    "exif": a JPEG APP1 Exif, PNG eXIf or WebP EXIF block, or a TIFF header anywhere past
    the first two bytes; "gps": a GPS IFD in any of those; "xmp": an XMP packet; "iptc": a
    JPEG APP13 Photoshop block; "comment": a JPEG COM segment, a PNG text chunk or a GIF
    comment extension; "app1": any JPEG APP1 segment. JPEG segments and PNG, WebP and GIF
    blocks are walked; only the XMP and TIFF-header checks search the raw bytes."""
    found: set[str] = set()
    if data.startswith(b"\xff\xd8"):
        found |= _jpeg_metadata(data)
    elif data.startswith(PNG_SIGNATURE):
        found |= _png_metadata(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        found |= _webp_metadata(data)
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        found |= _gif_metadata(data)
    if XMP_NAMESPACE[:-1] in data or b"<x:xmpmeta" in data:
        found.add("xmp")
    for header in (b"MM\x00*", b"II*\x00"):
        at = data.find(header, 2)
        while at >= 0:
            found |= _exif_kinds(data[at:])
            at = data.find(header, at + 1)
    return sorted(found)
