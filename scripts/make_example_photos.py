"""(Re)write the example site's classroom photos, drawn from scratch with Pillow.

The example site needs a few real-looking photos to show what sharesite does with them,
but a real classroom photo would put real people, real children or a real school on a
public demo site. So every photo here is synthetic: paper, card, counters and furniture,
drawn shape by shape, then given what a phone camera adds (perspective, uneven light,
a vignette, shallow depth of field, sensor grain). There are no people, faces or hands in
them, and nothing is downloaded.

Each one is saved the way a phone saves a photo, so the site shows that sharesite
cleans it up before publishing:

- about 2400 by 1800 pixels, JPEG quality 88;
- phone EXIF: Make "ExamplePhone", a model, the time it was "taken", and a GPS position.
  The position is made up, 54.0000 N 1.0000 E: open water in the North Sea, well off the
  Yorkshire coast, so it can never point at a real school;
- one photo (the fraction wall) is stored on its side with EXIF Orientation 6, as a phone
  held upright stores it: it only looks right once the orientation is applied.

The published site has none of that: sharesite publishes only resized, upright copies
with every piece of metadata removed.

Run it from the repository root (it needs only Pillow, which sharesite installs)::

    python scripts/make_example_photos.py

Output is deterministic: all randomness comes from `random.Random` with a fixed seed per
photo and the EXIF values are fixed, so running the script twice gives byte-identical
files (with the same Pillow and libjpeg). Each file must stay under 600 KB; the script
stops with an error if one does not.
"""

from __future__ import annotations

import io
import itertools
import math
import random
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
MAX_BYTES = 600 * 1024
QUALITY = 88
LANDSCAPE = (2400, 1800)
PORTRAIT = (1800, 2400)

# The made-up place every photo says it was taken: the North Sea, far off the coast.
LATITUDE = (54, "N")
LONGITUDE = (1, "E")

RGB = tuple[int, int, int]
Point = tuple[float, float]
BICUBIC = Image.Resampling.BICUBIC


# ------------------------------------------------------------------------ basics


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's own scalable font, so the output does not depend on installed fonts."""
    return ImageFont.load_default(size=size)


def noise(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Uniform white noise (mode L) from `rng`."""
    w, h = max(1, size[0]), max(1, size[1])
    return Image.frombytes("L", (w, h), rng.randbytes(w * h))


def smooth(rng: random.Random, size: tuple[int, int], cell: float,
           stretch: tuple[float, float] = (1.0, 1.0)) -> Image.Image:
    """Smooth value noise (mode L, full contrast) with features about `cell` pixels across;
    `stretch` makes them longer in x or y (wood grain, paper fibres)."""
    cw, ch = cell * stretch[0], cell * stretch[1]
    small = noise(rng, (math.ceil(size[0] / cw) + 3, math.ceil(size[1] / ch) + 3))
    big = small.resize((round(small.width * cw), round(small.height * ch)), BICUBIC)
    big = big.crop((round(cw), round(ch), round(cw) + size[0], round(ch) + size[1]))
    return ImageOps.autocontrast(big, cutoff=0.5)


def fractal(rng: random.Random, size: tuple[int, int], cells: Sequence[float],
            stretch: tuple[float, float] = (1.0, 1.0)) -> Image.Image:
    """Several octaves of smooth noise, the coarsest (first) weighted most."""
    out = smooth(rng, size, cells[0], stretch)
    for i, cell in enumerate(cells[1:], start=1):
        out = Image.blend(out, smooth(rng, size, cell, stretch), 0.5 / i)
    return ImageOps.autocontrast(out, cutoff=0.5)


def textured(rng: random.Random, size: tuple[int, int], colour: RGB, depth: float,
             cells: Sequence[float], stretch: tuple[float, float] = (1.0, 1.0)) -> Image.Image:
    """An RGB surface of `colour` whose brightness wanders by about ±`depth` (0-1)."""
    dark = scale(colour, 1 - depth)
    light = scale(colour, 1 + depth)
    return ImageOps.colorize(fractal(rng, size, cells, stretch), dark, light)


def scale(colour: RGB, factor: float) -> RGB:
    r, g, b = (max(0, min(255, round(c * factor))) for c in colour)
    return (r, g, b)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return (r, g, bl)


def rounded_mask(size: tuple[int, int], radius: int, inset: int = 0) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (inset, inset, size[0] - 1 - inset, size[1] - 1 - inset), radius, fill=255)
    return mask


def with_alpha(image: Image.Image, mask: Image.Image) -> Image.Image:
    out = image.convert("RGBA")
    out.putalpha(mask)
    return out


def ragged_mask(rng: random.Random, size: tuple[int, int], wobble: float,
                margin: int = 4) -> Image.Image:
    """The outline of something cut by hand with scissors: straight-ish, never exact."""
    w, h = size
    m = margin
    top = [(x, m + rng.uniform(-wobble, wobble)) for x in range(m, w - m, 60)]
    bottom = [(x, h - m + rng.uniform(-wobble, wobble)) for x in range(w - m, m, -60)]
    points = [*top, (w - m + rng.uniform(-wobble, wobble), m),
              (w - m + rng.uniform(-wobble, wobble), h - m), *bottom, (m, h - m)]
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).polygon(points, fill=255)
    return mask.filter(ImageFilter.GaussianBlur(0.7))


def place(canvas: Image.Image, sprite: Image.Image, centre: Point, angle: float = 0.0,
          shadow: tuple[float, float, float, float] | None = (6, 8, 8, 0.35)) -> None:
    """Paste an RGBA `sprite` onto an RGB `canvas`, turned by `angle` degrees
    (anticlockwise), centred on `centre`, with a soft shadow (dx, dy, blur, opacity)."""
    s = sprite.rotate(angle, resample=BICUBIC, expand=True) if angle else sprite
    x, y = round(centre[0] - s.width / 2), round(centre[1] - s.height / 2)
    alpha = s.getchannel("A")
    if shadow:
        dx, dy, blur, opacity = shadow
        pad = math.ceil(blur * 3)
        shade = Image.new("L", (s.width + 2 * pad, s.height + 2 * pad), 0)
        shade.paste(alpha.point(lambda v: round(v * opacity)), (pad, pad))
        shade = shade.filter(ImageFilter.GaussianBlur(blur))
        canvas.paste((24, 16, 10), (x - pad + round(dx), y - pad + round(dy),
                                    x - pad + round(dx) + shade.width,
                                    y - pad + round(dy) + shade.height), shade)
    canvas.paste(s.convert("RGB"), (x, y), alpha)


def multiply(image: Image.Image, light: Image.Image) -> Image.Image:
    if light.mode == "L":
        light = Image.merge("RGB", (light, light, light))
    return ImageChops.multiply(image, light)


def glow(size: tuple[int, int], centre: Point, radius: float, curve: float = 1.0) -> Image.Image:
    """Mode L: 255 at `centre`, falling to 0 at `radius` and beyond (`curve` shapes it)."""
    g = Image.radial_gradient("L").resize((round(2 * radius),) * 2, BICUBIC)
    out = Image.new("L", size, 255)
    out.paste(g, (round(centre[0] - radius), round(centre[1] - radius)))
    return out.point(lambda v: round(255 * (1 - min(v, 255) / 255) ** curve))


def lit(image: Image.Image, centre: Point, radius: float, darkest: float,
        warmth: RGB = (255, 248, 236)) -> Image.Image:
    """Light falling off away from a lamp or window at `centre`."""
    g = glow(image.size, centre, radius, 1.3)
    low = scale(warmth, darkest)
    return multiply(image, ImageOps.colorize(g, low, warmth))


def vignette(image: Image.Image, strength: float) -> Image.Image:
    w, h = image.size
    side = max(w, h)
    g = glow((side, side), (side / 2, side / 2), side * 0.78, 2.2)
    g = g.resize(image.size, BICUBIC)
    lowest = round(255 * (1 - strength))
    return multiply(image, g.point(lambda v: lowest + v * (255 - lowest) // 255))


def depth_of_field(image: Image.Image, mask: Image.Image, radius: float) -> Image.Image:
    """Blur where `mask` (L) is bright: the parts of the scene out of focus."""
    blurred = image.filter(ImageFilter.GaussianBlur(radius))
    return Image.composite(blurred, image, mask)


def grain(image: Image.Image, rng: random.Random, amount: int) -> Image.Image:
    """Soft sensor noise, mostly in brightness, of about ±`amount` levels."""
    n = noise(rng, image.size).filter(ImageFilter.GaussianBlur(1.0))
    n = ImageOps.autocontrast(n, cutoff=0.2).point(lambda v: v * 2 * amount // 255)
    chroma = noise(rng, (image.width // 4, image.height // 4)).resize(image.size, BICUBIC)
    chroma = ImageOps.autocontrast(chroma).point(lambda v: v * amount // 255)
    r = ImageChops.add(n, chroma, 1.0, -(amount // 2))
    b = ImageChops.subtract(n, chroma, 1.0, amount // 2)
    return ImageChops.add(image, Image.merge("RGB", (r, n, b)), 1.0, -amount)


def perspective(image: Image.Image, size: tuple[int, int], quad: Sequence[Point],
                fill: RGB | int = 0) -> Image.Image:
    """`image` (a flat surface) as the camera sees it: its corners (top-left, top-right,
    bottom-right, bottom-left) land on `quad` in a picture of `size`."""
    w, h = image.size
    corners = [(0, 0), (w, 0), (w, h), (0, h)]
    rows, rhs = [], []
    for (x, y), (u, v) in zip(quad, corners, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rhs.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.append(v)
    coeffs = solve(rows, rhs)
    return image.transform(size, Image.Transform.PERSPECTIVE, coeffs, BICUBIC, fillcolor=fill)


def solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (8 equations: a perspective's
    coefficients)."""
    n = len(b)
    m = [[*row, rhs] for row, rhs in zip(a, b, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def camera(image: Image.Image, rng: random.Random, exposure: float = 1.0,
           grain_amount: int = 3) -> Image.Image:
    """What a phone does last: exposure for the brightest thing in view (white paper
    should look white), a touch of softness and sharpening, contrast, grain."""
    if exposure != 1.0:
        image = image.point(lambda v: min(255, round(v * exposure)))
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    image = image.filter(ImageFilter.UnsharpMask(radius=2.0, percent=35, threshold=3))
    image = ImageEnhance.Contrast(image).enhance(1.04)
    image = ImageEnhance.Color(image).enhance(1.05)
    return grain(image, rng, grain_amount)


# ---------------------------------------------------------------- small objects


def pin(colour: RGB, radius: int = 27) -> Image.Image:
    """A drawing pin seen from the front: a shiny plastic dome."""
    size = radius * 2 + 4
    dome = Image.new("RGB", (size, size), colour)
    light = glow((size, size), (size * 0.36, size * 0.34), radius * 1.6, 0.9)
    dome = ImageChops.multiply(dome, Image.merge("RGB", (light.point(lambda v: 110 + v // 2),)
                                                  * 3))
    hi = glow((size, size), (size * 0.38, size * 0.34), radius * 0.38, 1.5)
    dome = ImageChops.screen(dome, Image.merge("RGB", (hi.point(lambda v: v * 4 // 5),) * 3))
    mask = Image.new("L", (size * 4, size * 4), 0)
    ImageDraw.Draw(mask).ellipse((8, 8, size * 4 - 9, size * 4 - 9), fill=255)
    return with_alpha(dome, mask.resize((size, size), Image.Resampling.LANCZOS))


_MARKS = {"\u0301": "acute", "\u0300": "grave", "\u0302": "circumflex",
          "\u0308": "diaeresis", "\u0327": "cedilla"}


def marker_text(draw: ImageDraw.ImageDraw, xy: Point, text: str, size: int, colour: RGB,
                weight: int = 1, anchor: str = "la") -> None:
    """Text in Pillow's own font, which has only unaccented letters: accents (é, à, ç...)
    and the euro sign are drawn on by hand, as they would be with a pen."""
    f = font(size)
    base, marks = "", []
    for ch in text:
        if ch == "\u20ac":
            base += "C"
            marks.append((len(base) - 1, "euro"))
            continue
        parts = unicodedata.normalize("NFD", ch)
        base += parts[0]
        marks += [(len(base) - 1, _MARKS[m]) for m in parts[1:] if m in _MARKS]
    h, v = anchor[0], anchor[1]
    x = xy[0] - f.getlength(base) * {"l": 0, "m": 0.5, "r": 1}[h]
    y = xy[1] + f.getbbox(base, anchor="l" + v)[1] - f.getbbox(base, anchor="ls")[1]
    draw.text((x, y), base, font=f, fill=colour, anchor="ls", stroke_width=weight,
              stroke_fill=colour)
    pen = max(2, round(size / 14) + weight)
    for i, mark in marks:
        left = x + f.getlength(base[:i])
        cx = left + f.getlength(base[i]) / 2
        top = y + f.getbbox(base[i], anchor="ls")[1]
        a = size * 0.11
        if mark == "acute":
            draw.line((cx - a * 0.5, top - a * 0.9, cx + a * 0.8, top - a * 2.4), colour, pen)
        elif mark == "grave":
            draw.line((cx + a * 0.5, top - a * 0.9, cx - a * 0.8, top - a * 2.4), colour, pen)
        elif mark == "circumflex":
            draw.line((cx - a, top - a * 0.8, cx, top - a * 2.1, cx + a, top - a * 0.8),
                      colour, pen, joint="curve")
        elif mark == "diaeresis":
            for dx in (-a * 0.8, a * 0.8):
                draw.ellipse((cx + dx - pen, top - a - pen, cx + dx + pen, top - a + pen),
                             colour)
        elif mark == "cedilla":
            draw.line((cx, y, cx + a * 0.2, y + a * 0.9, cx - a * 0.6, y + a * 1.6), colour,
                      pen, joint="curve")
        elif mark == "euro":
            mid = y + f.getbbox("C", anchor="ls")[1] / 2
            for dy in (-a * 0.6, a * 0.6):
                draw.line((left - a * 0.4, mid + dy, cx + a * 0.5, mid + dy), colour, pen)


def stacked_fraction(draw: ImageDraw.ImageDraw, centre: Point, num: int, den: int,
                     size: int, colour: RGB, weight: int = 1) -> None:
    """A fraction as children write it: one number over the other, with a bar."""
    cx, cy = centre
    marker_text(draw, (cx, cy - size * 0.12), str(num), size, colour, weight, "ms")
    half = size * (0.3 if den < 10 else 0.5)
    draw.line((cx - half, cy, cx + half, cy), fill=colour, width=max(2, size // 11))
    marker_text(draw, (cx, cy + size * 0.1), str(den), size, colour, weight, "mt")


def shaky_line(draw: ImageDraw.ImageDraw, rng: random.Random, start: Point, end: Point,
               colour: RGB, width: int, wobble: float = 1.5) -> None:
    """A line drawn by hand with a pen: straight overall, never quite."""
    (x0, y0), (x1, y1) = start, end
    steps = max(2, int(math.hypot(x1 - x0, y1 - y0) / 40))
    points = [(x0 + (x1 - x0) * i / steps + (rng.uniform(-wobble, wobble) if 0 < i < steps
                                             else 0),
               y0 + (y1 - y0) * i / steps + (rng.uniform(-wobble, wobble) if 0 < i < steps
                                             else 0)) for i in range(steps + 1)]
    draw.line(points, fill=colour, width=width, joint="curve")


def paper(rng: random.Random, size: tuple[int, int], colour: RGB, depth: float = 0.035,
          cut_by_hand: float = 0.0, radius: int = 0, fibres: int = 13) -> Image.Image:
    """A sheet of paper or card (RGBA) with a fibrous surface (`fibres`: how much it
    shows, 0-255; printer paper shows little, sugar paper a lot)."""
    sheet = textured(rng, size, colour, depth, (size[0] / 3, 40, 9))
    fibre = smooth(rng, size, 2.5, (5, 1)).point(lambda v: 255 - fibres + v * fibres // 255)
    sheet = multiply(sheet, fibre)
    mask = ragged_mask(rng, size, cut_by_hand) if cut_by_hand else rounded_mask(size, radius)
    return with_alpha(sheet, mask)


def laminated(sheet: Image.Image, rng: random.Random, gloss: float) -> Image.Image:
    """A sheet in a laminating pouch: a clear border, rounded corners and a sheen."""
    border = 14
    w, h = sheet.width + 2 * border, sheet.height + 2 * border
    out = Image.new("RGB", (w, h), (226, 228, 226))
    out = multiply(out, smooth(rng, (w, h), 60).point(lambda v: 232 + v * 23 // 255))
    out.paste(sheet.convert("RGB"), (border, border), sheet.getchannel("A"))
    sheen = glow((w, h), (w * 0.3, h * 0.2), max(w, h) * 0.9, 2.0)
    sheen = sheen.point(lambda v: round(v * gloss))  # gloss: 0 (matt) to 1
    out = ImageChops.screen(out, Image.merge("RGB", (sheen,) * 3))
    edge = Image.new("L", (w, h), 0)
    ImageDraw.Draw(edge).rounded_rectangle((1, 1, w - 2, h - 2), 22, outline=90, width=3)
    out = ImageChops.screen(out, Image.merge("RGB", (edge.filter(ImageFilter.GaussianBlur(1)),)
                                             * 3))
    return with_alpha(out, rounded_mask((w, h), 22))


def crease(sheet: Image.Image, rng: random.Random, x: float, pencil: bool) -> None:
    """A fold pressed flat again, at `x` across an RGBA strip: a shadow on one side of the
    ridge, a highlight on the other; and, if `pencil`, the line a child drew along it."""
    h = sheet.height
    mask = sheet.getchannel("A")
    over = Image.new("RGBA", sheet.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(over)
    x0, x1 = x + rng.uniform(-2, 2), x + rng.uniform(-2, 2)
    for k in range(12):
        d.line(((x0 + k, 0), (x1 + k, h)), fill=(0, 0, 0, round(70 * (1 - k / 12) ** 2)))
    d.line(((x0 - 3, 0), (x1 - 3, h)), fill=(255, 255, 255, 80), width=3)
    if pencil:
        top, bottom = rng.uniform(4, 20), h - rng.uniform(4, 20)
        shaky_line(d, rng, (x0 - 1, top), (x1 - 1, bottom), (70, 70, 78, 150), 3, 0.8)
    sheet.alpha_composite(over)
    sheet.putalpha(mask)


FRACTION_ROWS: tuple[tuple[int, RGB], ...] = (
    (1, (244, 240, 226)),
    (2, (222, 70, 82)),
    (3, (246, 146, 56)),
    (4, (250, 210, 72)),
    (6, (92, 178, 106)),
    (8, (78, 138, 212)),
)


def fraction_strip(rng: random.Random, parts: int, colour: RGB, width: int) -> Image.Image:
    height = 158
    strip = paper(rng, (width, height), colour, 0.04, cut_by_hand=1.8)
    d = ImageDraw.Draw(strip)
    ink = (24, 24, 30)
    if parts == 1:
        marker_text(d, (width / 2, height / 2), "1 whole", 70, ink, 2, "mm")
        return strip
    # Thirds were folded by eye (the S-fold), so they are the least exact.
    slop = 7.0 if parts == 3 else 3.0
    edges = [0.0] + [width * k / parts + rng.uniform(-slop, slop) for k in range(1, parts)]
    edges.append(float(width))
    for x in edges[1:-1]:
        crease(strip, rng, x, pencil=rng.random() < 0.8)
    d = ImageDraw.Draw(strip)
    size = {2: 66, 3: 66, 4: 62, 6: 56, 8: 50}[parts]
    for left, right in itertools.pairwise(edges):
        centre = ((left + right) / 2 + rng.uniform(-6, 6), height / 2 + rng.uniform(-5, 5))
        stacked_fraction(d, centre, 1, parts, size, ink, 2)
    return strip


def sticky_note(rng: random.Random, colour: RGB, lines: Sequence[str]) -> Image.Image:
    size = (430, 430)
    note = paper(rng, size, colour, 0.03)
    # The glued strip along the top is flat; the rest curls away from the board a little.
    curl = Image.linear_gradient("L").resize(size).point(lambda v: 255 - max(0, v - 150) // 5)
    note = with_alpha(multiply(note.convert("RGB"), curl), note.getchannel("A"))
    d = ImageDraw.Draw(note)
    y = 58.0
    for line in lines:
        marker_text(d, (34 + rng.uniform(-4, 4), y), line, 46, (34, 44, 118), 1)
        y += 74 + rng.uniform(-3, 3)
    return note


def fraction_wall(rng: random.Random) -> Image.Image:
    """A class fraction wall of folded paper strips, glued to black sugar paper and pinned
    to a cork display board with the children's sticky notes: portrait, from a phone."""
    wall_size = (2400, 3100)
    wall = textured(rng, wall_size, (226, 220, 204), 0.02, (900, 200))
    d = ImageDraw.Draw(wall)
    # A pine frame, then cork, running off the right and bottom of the picture.
    frame_box = (150, 130, 2600, 3300)
    frame = textured(rng, (frame_box[2] - frame_box[0], frame_box[3] - frame_box[1]),
                     (196, 150, 98), 0.12, (400, 60, 14), (6, 1))
    wall.paste(frame, frame_box[:2])
    cork_box = (205, 185, 2600, 3300)
    cork = textured(rng, (cork_box[2] - cork_box[0], cork_box[3] - cork_box[1]),
                    (168, 118, 72), 0.14, (300, 40, 12))
    cd = ImageDraw.Draw(cork)
    for _ in range(4500):  # the granules of cork
        x, y = rng.uniform(0, cork.width), rng.uniform(0, cork.height)
        r = rng.uniform(1.5, 5.5)
        shade = rng.choice(((110, 72, 40), (132, 88, 52), (196, 150, 100), (88, 56, 30)))
        cd.ellipse((x - r, y - r * rng.uniform(0.6, 1), x + r, y + r), fill=shade)
    for _ in range(420):  # holes left by a year of drawing pins
        x, y = rng.uniform(0, cork.width), rng.uniform(0, cork.height)
        r = rng.uniform(1.6, 3)
        cd.ellipse((x - r, y - r, x + r, y + r), fill=(54, 34, 20))
    cork = cork.filter(ImageFilter.GaussianBlur(1.2))
    # The cork is set back from the frame: a shadow along the frame's inner edges.
    edge = Image.new("L", cork.size, 255)
    ImageDraw.Draw(edge).rectangle((0, 0, cork.width, cork.height), outline=150, width=16)
    cork = multiply(cork, edge.filter(ImageFilter.GaussianBlur(14)))
    wall.paste(cork, cork_box[:2])
    d.line((frame_box[0], frame_box[1], frame_box[2], frame_box[1]), fill=(226, 190, 140),
           width=3)

    pins = ((200, 40, 40), (40, 90, 190), (30, 150, 70), (236, 196, 30), (240, 240, 236))

    def pinned(sprite: Image.Image, centre: Point, angle: float,
               corners: Sequence[Point]) -> None:
        place(wall, sprite, centre, angle, (10, 14, 14, 0.42))
        a = math.radians(-angle)
        for px, py in corners:
            x = centre[0] + px * math.cos(a) - py * math.sin(a)
            y = centre[1] + px * math.sin(a) + py * math.cos(a)
            place(wall, pin(rng.choice(pins)), (x, y), 0, (9, 12, 5, 0.5))

    # The title, on a strip of white card.
    title = paper(rng, (1320, 210), (246, 246, 240), 0.03, cut_by_hand=1.2)
    marker_text(ImageDraw.Draw(title), (660, 105), "Our fraction wall", 118, (30, 52, 140), 4,
                "mm")
    pinned(title, (1170, 400), 0.8, ((-610, 0), (610, 0)))

    # The wall itself: each pair's strips, glued in rows on black sugar paper.
    sheet_size = (1840, 1200)
    sheet = paper(rng, sheet_size, (40, 40, 48), 0.12).convert("RGB")
    row_width = 1680
    for i, (parts, colour) in enumerate(FRACTION_ROWS):
        width = row_width + round(rng.uniform(-14, 10))  # hand-cut: never quite the same
        strip = fraction_strip(rng, parts, colour, width)
        x = 80 + width / 2 + rng.uniform(-6, 6)
        place(sheet, strip, (x, 100 + i * 190 + rng.uniform(-4, 4)), rng.uniform(-0.35, 0.35),
              (2, 3, 3, 0.5))
    sheet_mask = ragged_mask(rng, sheet_size, 0.8, 2)
    pinned(with_alpha(sheet, sheet_mask), (1190, 1220), -0.5,
           ((-895, -575), (895, -575), (-895, 575), (895, 575)))

    notes = (
        ((250, 232, 108), ("1/6 is bigger", "than 1/8", "because there", "are fewer", "parts")),
        ((246, 172, 194), ("Thirds have", "to be FAIR.", "Fair = all the", "parts are", "equal")),
        ((180, 226, 152), ("1/2 = 2/4 = 4/8", "They line up", "on the wall!")),
    )
    for i, (colour, lines) in enumerate(notes):
        note = sticky_note(rng, colour, lines)
        place(wall, note, (600 + i * 590, 2150 + rng.uniform(-30, 30)), rng.uniform(-4, 4),
              (8, 12, 12, 0.35))

    word = paper(rng, (760, 200), (252, 252, 250), 0.02)
    wd = ImageDraw.Draw(word)
    marker_text(wd, (380, 62), "equivalent", 86, (20, 20, 26), 1, "mm")
    marker_text(wd, (380, 150), "the same amount", 50, (90, 90, 100), 0, "mm")
    pinned(laminated(word, rng, 0.3), (1500, 2720), -1.2, ((-380, -95), (380, -95)))

    # As the phone saw it: from a little below and to the left.
    photo = perspective(wall, PORTRAIT,
                        ((-40, -70), (1890, -10), (2010, 2480), (-150, 2420)), (120, 110, 100))
    photo = lit(photo, (520, -500), 3300, 0.7)
    photo = vignette(photo, 0.3)
    near = Image.linear_gradient("L").resize(PORTRAIT).point(lambda v: max(0, v - 170) * 3)
    photo = depth_of_field(photo, near, 2.2)
    return camera(photo, rng)


def on_table(table: Image.Image, background: Image.Image,
             quad: Sequence[Point]) -> Image.Image:
    """A flat table top (`table`, seen from straight above) as the camera sees it, in
    front of `background`."""
    seen = perspective(table, background.size, quad)
    mask = perspective(Image.new("L", table.size, 255), background.size, quad)
    return Image.composite(seen, background, mask)


def distance_blur(photo: Image.Image, far_until: float, near_from: float,
                  far_radius: float, near_radius: float) -> Image.Image:
    """A phone focused on the middle of a table: the far side (above `far_until`, as a
    fraction of the height) and the near edge (below `near_from`) soften gradually."""
    w, h = photo.size
    ramp = Image.linear_gradient("L").resize((w, h))  # 0 at the top, 255 at the bottom
    far_end, near_start = far_until * 255, near_from * 255
    far = ramp.point(lambda v: round(255 * max(0.0, 1 - v / far_end) ** 0.8))
    near = ramp.point(lambda v: round(255 * max(0.0, (v - near_start) / (255 - near_start))))
    photo = depth_of_field(photo, far.point(lambda v: min(255, v * 2)), far_radius / 2.5)
    photo = depth_of_field(photo, far, far_radius)
    return depth_of_field(photo, near, near_radius)


def coin(radius: int, colour: RGB) -> Image.Image:
    """A plastic play coin: a metallic disc with a raised rim."""
    size = radius * 2 + 4
    disc = Image.new("RGB", (size, size), colour)
    light = glow((size, size), (size * 0.3, size * 0.3), radius * 2.2, 0.8)
    disc = multiply(disc, light.point(lambda v: 120 + v // 2))
    d = ImageDraw.Draw(disc)
    c = size / 2
    d.ellipse((c - radius * 0.78, c - radius * 0.78, c + radius * 0.78, c + radius * 0.78),
              outline=scale(colour, 0.72), width=max(2, radius // 12))
    marker_text(d, (c, c), "1", round(radius * 0.9), scale(colour, 0.7), 1, "mm")
    mask = Image.new("L", (size * 4, size * 4), 0)
    ImageDraw.Draw(mask).ellipse((8, 8, size * 4 - 9, size * 4 - 9), fill=255)
    return with_alpha(disc, mask.resize((size, size), Image.Resampling.LANCZOS))


def pencil(length: int, width: int) -> Image.Image:
    """A yellow hexagonal pencil with a rubber, lying flat (pointing right)."""
    img = Image.new("RGBA", (length, width), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    body_end = length - width * 2.2
    bands = ((0.0, (214, 168, 24)), (0.33, (250, 206, 46)), (0.66, (232, 186, 32)))
    for start, colour in bands:
        d.rectangle((width * 1.4, start * width, body_end, (start + 0.34) * width), fill=colour)
    d.rectangle((0, 0, width * 0.9, width), fill=(232, 132, 140))  # the rubber
    d.rectangle((width * 0.9, 0, width * 1.4, width), fill=(186, 188, 192))  # the ferrule
    for k in range(3):
        x = width * (1.0 + 0.14 * k)
        d.line((x, 0, x, width), fill=(140, 142, 146), width=2)
    d.polygon(((body_end, 0), (length - width * 0.6, width * 0.38),
               (length - width * 0.6, width * 0.62), (body_end, width)), fill=(222, 190, 146))
    d.polygon(((length - width * 0.6, width * 0.38), (length, width * 0.5),
               (length - width * 0.6, width * 0.62)), fill=(52, 52, 56))
    return img


def gingham(rng: random.Random, size: tuple[int, int], check: int, colour: RGB) -> Image.Image:
    """A woven check tablecloth, laid slightly askew, with the creases of its packet."""
    big = (size[0] + 400, size[1] + 400)
    cols = Image.new("L", (big[0], 1))
    cols.putdata([255 if (x // check) % 2 == 0 else 0 for x in range(big[0])])
    rows = Image.new("L", (1, big[1]))
    rows.putdata([255 if (y // check) % 2 == 0 else 0 for y in range(big[1])])
    amount = ImageChops.add(cols.resize(big), rows.resize(big), 2.0)
    cloth = Image.composite(Image.new("RGB", big, colour), Image.new("RGB", big, (242, 238, 230)),
                            amount.filter(ImageFilter.GaussianBlur(2.2)))
    cloth = cloth.rotate(2.5, resample=BICUBIC)
    cloth = cloth.crop((200, 200, 200 + size[0], 200 + size[1]))
    weave = smooth(rng, size, 2.2).point(lambda v: 242 + v * 13 // 255)
    cloth = multiply(cloth, weave)
    folds = fractal(rng, size, (700, 240)).point(lambda v: 226 + v * 29 // 255)
    creases = Image.new("L", size, 255)
    d = ImageDraw.Draw(creases)
    for x in range(size[0] // 3, size[0], size[0] // 3):
        d.line((x + 30, 0, x - 30, size[1]), fill=214, width=5)
        d.line((x + 38, 0, x - 22, size[1]), fill=255, width=3)
    d.line((0, size[1] // 2 + 20, size[0], size[1] // 2 - 40), fill=214, width=5)
    creases = creases.filter(ImageFilter.GaussianBlur(4))
    return multiply(multiply(cloth, folds), creases)


def menu_card(rng: random.Random) -> Image.Image:
    w, h = 640, 900
    card = paper(rng, (w, h), (250, 248, 240), 0.02)
    d = ImageDraw.Draw(card)
    d.rectangle((0, 0, w, 170), fill=(30, 52, 110))
    marker_text(d, (w / 2, 74), "Café Lumière", 74, (252, 246, 226), 1, "mm")
    marker_text(d, (w / 2, 138), "Menu", 40, (246, 206, 96), 0, "mm")
    sections = (
        ("À manger", (("un croissant", "1,50 €"), ("un pain au chocolat", "1,80 €"),
                      ("un croque-monsieur", "4,50 €"), ("une crêpe au sucre", "3 €"),
                      ("une salade niçoise", "6 €"))),
        ("À boire", (("un chocolat chaud", "2,50 €"), ("un jus d'orange", "2 €"),
                     ("une limonade", "1,50 €"), ("un café", "1,20 €"))),
    )
    y = 215
    ink = (36, 36, 44)
    for title, items in sections:
        marker_text(d, (44, y), title, 44, (176, 38, 50), 1)
        y += 66
        for dish, price in items:
            marker_text(d, (44, y), dish, 33, ink, 0)
            marker_text(d, (w - 44, y), price, 33, ink, 0, "ra")
            y += 52
        y += 26
    d.line((44, h - 60, w - 44, h - 60), fill=(190, 186, 176), width=2)
    marker_text(d, (w / 2, h - 34), "Bon appétit !", 30, (120, 116, 108), 0, "mm")
    return laminated(card, rng, 0.45)


def role_card_back(rng: random.Random, colour: RGB) -> Image.Image:
    card = paper(rng, (300, 200), colour, 0.02, radius=10)
    d = ImageDraw.Draw(card)
    d.rounded_rectangle((12, 12, 287, 187), 8, outline=(255, 255, 255), width=4)
    marker_text(d, (150, 80), "?", 80, (255, 255, 255), 2, "mm")
    marker_text(d, (150, 150), "Client", 34, (255, 255, 255), 0, "mm")
    return card


def role_card_front(rng: random.Random) -> Image.Image:
    card = paper(rng, (520, 340), (236, 244, 252), 0.02, radius=12)
    d = ImageDraw.Draw(card)
    d.rounded_rectangle((14, 14, 505, 325), 10, outline=(96, 150, 214), width=6)
    marker_text(d, (40, 44), "Client 4", 44, (40, 80, 150), 1)
    lines = ("Vous avez seulement 6 €.", "Vous avez très faim !", "Commandez deux choses.")
    for i, line in enumerate(lines):
        marker_text(d, (40, 130 + i * 62), line, 36, (36, 36, 44), 0)
    return card


def order_pad(rng: random.Random) -> Image.Image:
    w, h = 330, 470
    pad = paper(rng, (w, h), (250, 250, 246), 0.02)
    d = ImageDraw.Draw(pad)
    d.rectangle((0, 0, w, 46), fill=(200, 44, 52))
    marker_text(d, (w / 2, 23), "Commande", 28, (255, 255, 255), 0, "mm")
    for y in range(110, h - 20, 46):
        d.line((20, y, w - 20, y), fill=(170, 196, 222), width=2)
    pencil_ink = (92, 92, 100)
    for i, text in enumerate(("Table 3", "1 crêpe", "2 chocolats", "   chauds", "1 limonade")):
        marker_text(d, (30 + rng.uniform(-3, 3), 70 + i * 46), text, 34, pencil_ink, 0)
    # The pages underneath, seen along the edges.
    under = Image.new("RGBA", (w + 8, h + 10), (0, 0, 0, 0))
    ImageDraw.Draw(under).rectangle((4, 6, w + 7, h + 9), fill=(226, 224, 218, 255))
    under.alpha_composite(pad)
    return under


def sentence_builder(rng: random.Random) -> Image.Image:
    w, h = 1080, 260
    card = paper(rng, (w, h), (255, 250, 226), 0.02)
    d = ImageDraw.Draw(card)
    chunks = (("Je voudrais", (210, 232, 250)), ("un croissant", (250, 222, 210)),
              ("s'il vous plaît", (214, 240, 214)))
    x = 24
    for text, colour in chunks:
        box = 330
        d.rectangle((x, 40, x + box, 150), fill=colour, outline=(90, 96, 110), width=3)
        marker_text(d, (x + box / 2, 95), text, 36, (30, 34, 46), 0, "mm")
        x += box + 12
    marker_text(d, (w / 2, 205), "Pardon ?   Vous pouvez répéter ?", 40, (176, 38, 50), 1,
                "mm")
    return laminated(card, rng, 0.35)


def classroom_behind(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """A classroom far behind the table: only ever seen out of focus."""
    w, h = size
    room = textured(rng, size, (214, 220, 222), 0.03, (600, 200))
    d = ImageDraw.Draw(room)
    d.rectangle((0, 0, w * 0.22, h * 0.5), fill=(250, 250, 246))  # a window
    d.rectangle((w * 0.3, h * 0.05, w * 0.78, h * 0.32), fill=(58, 92, 150))  # a display
    for i in range(6):
        x = w * 0.32 + i * w * 0.075
        d.rectangle((x, h * 0.08, x + w * 0.06, h * 0.16),
                    fill=rng.choice(((246, 240, 226), (246, 214, 92), (236, 120, 120))))
    for i in range(18):  # bunting in the French colours across the room
        x = i * w / 17
        sag = h * 0.12 * math.sin(math.pi * i / 17)
        colour = ((40, 70, 170), (246, 246, 246), (210, 40, 50))[i % 3]
        d.polygon(((x - 46, h * 0.04 + sag), (x + 46, h * 0.04 + sag),
                   (x, h * 0.13 + sag)), fill=colour)
    d.rectangle((0, h * 0.34, w, h), fill=(176, 168, 160))  # the floor
    for x in (w * 0.14, w * 0.62, w * 0.9):  # chairs at the next tables
        d.rounded_rectangle((x, h * 0.2, x + w * 0.11, h * 0.36), 30, fill=(50, 104, 176))
        d.rectangle((x + 10, h * 0.36, x + 24, h * 0.6), fill=(80, 80, 86))
        d.rectangle((x + w * 0.11 - 24, h * 0.36, x + w * 0.11 - 10, h * 0.6),
                    fill=(80, 80, 86))
    room = room.filter(ImageFilter.GaussianBlur(26))
    return lit(room, (0, 0), w * 1.3, 0.72)


def cafe_table(rng: random.Random) -> Image.Image:
    """One table of Café Lumière, set for the role-play: a menu, order pads, role cards,
    play money and a sentence builder on a check tablecloth."""
    table = gingham(rng, (2800, 2000), 64, (200, 56, 62))
    place(table, menu_card(rng), (2230, 540), -14, (6, 10, 12, 0.35))
    place(table, sentence_builder(rng), (1280, 330), 3, (5, 8, 10, 0.35))
    place(table, menu_card(rng), (930, 1020), 7, (8, 12, 14, 0.38))
    for i in range(5):  # the customers' role cards, face down until the round starts
        place(table, role_card_back(rng, (96, 150, 214)), (300 + i * 26, 420 - i * 10),
              -14 + i * 7 + rng.uniform(-2, 2), (3, 4, 4, 0.4))
    place(table, role_card_front(rng), (1330, 1640), -9, (4, 6, 6, 0.4))
    place(table, order_pad(rng), (1780, 1180), -5, (5, 8, 8, 0.4))
    place(table, pencil(480, 30), (1840, 1220), 34, (6, 10, 5, 0.45))
    for i in range(7):  # play euros
        gold = i % 3 != 0
        place(table, coin(46 if gold else 40, (214, 170, 72) if gold else (196, 198, 200)),
              (2330 + rng.uniform(-170, 170), 1290 + rng.uniform(-130, 130)), 0,
              (3, 5, 4, 0.5))
    # The table's far edge: the cloth drops away into shadow.
    edge = Image.linear_gradient("L").resize((2800, 120)).point(lambda v: 255 - v * 2 // 3)
    table.paste(multiply(table.crop((0, 0, 2800, 120)), edge.transpose(
        Image.Transpose.FLIP_TOP_BOTTOM)), (0, 0))
    back = classroom_behind(rng, LANDSCAPE)
    photo = on_table(table, back, ((250, 430), (2150, 400), (3200, 2060), (-760, 2110)))
    photo = lit(photo, (-200, 300), 3400, 0.62)
    photo = vignette(photo, 0.32)
    photo = distance_blur(photo, 0.42, 0.72, 9, 5)
    return camera(photo, rng)


def wood(rng: random.Random, size: tuple[int, int], colour: RGB, plank: int) -> Image.Image:
    """A wooden table top: long grain, planks glued edge to edge."""
    top = textured(rng, size, colour, 0.1, (500, 90, 22), (9, 1))
    streaks = smooth(rng, size, 5, (30, 1)).point(lambda v: 236 + v * 19 // 255)
    top = multiply(top, streaks)
    d = ImageDraw.Draw(top)
    for y in range(plank, size[1], plank):
        d.line((0, y, size[0], y), fill=scale(colour, 0.72), width=3)
    return top


def counter(colour: RGB, radius: int = 50) -> Image.Image:
    """A plastic counter: a flat disc with a bevelled edge, lit from the top left."""
    size = radius * 2 + 4
    disc = Image.new("RGB", (size, size), colour)
    d = ImageDraw.Draw(disc)
    c = size / 2
    d.ellipse((c - radius * 0.82, c - radius * 0.82, c + radius * 0.82, c + radius * 0.82),
              fill=scale(colour, 0.93))
    d.arc((c - radius + 3, c - radius + 3, c + radius - 3, c + radius - 3), 200, 20,
          fill=scale(colour, 1.25), width=4)
    d.arc((c - radius + 3, c - radius + 3, c + radius - 3, c + radius - 3), 20, 200,
          fill=scale(colour, 0.7), width=5)
    light = glow((size, size), (size * 0.3, size * 0.28), radius * 2.6, 0.9)
    disc = multiply(disc, light.point(lambda v: 196 + v * 59 // 255))
    hi = glow((size, size), (size * 0.36, size * 0.32), radius * 0.7, 1.4)
    disc = ImageChops.screen(disc, Image.merge("RGB", (hi.point(lambda v: v // 7),) * 3))
    mask = Image.new("L", (size * 4, size * 4), 0)
    ImageDraw.Draw(mask).ellipse((8, 8, size * 4 - 9, size * 4 - 9), fill=255)
    return with_alpha(disc, mask.resize((size, size), Image.Resampling.LANCZOS))


def tray(rng: random.Random, size: tuple[int, int], colour: RGB) -> Image.Image:
    """A shallow plastic classroom tray seen from above: a rim, and a floor in its shade."""
    w, h = size
    body = textured(rng, size, colour, 0.03, (400, 80))
    rim = 46
    inner = rounded_mask(size, 40, rim)
    # Light from the top left: the floor is shaded under the top and left walls, and the
    # far (bottom and right) walls catch the light.
    shade = Image.new("L", size, 255)
    ImageDraw.Draw(shade).rounded_rectangle((rim, rim, w - rim, h - rim), 40, outline=140,
                                            width=28)
    shade = ImageChops.offset(shade, 14, 14).filter(ImageFilter.GaussianBlur(18))
    floor = multiply(body, shade)
    rim_lit = ImageOps.colorize(Image.linear_gradient("L").rotate(45).resize(size),
                                scale(colour, 1.22), scale(colour, 0.82))
    out = Image.composite(floor, multiply(body, rim_lit.convert("L").point(
        lambda v: 200 + v // 5)), inner)
    edge = Image.new("L", size, 0)
    ImageDraw.Draw(edge).rounded_rectangle((2, 2, w - 3, h - 3), 60, outline=255, width=5)
    out = ImageChops.screen(out, Image.merge("RGB", (edge.point(lambda v: v // 4),) * 3))
    return with_alpha(out, rounded_mask(size, 60))


def whiteboard(rng: random.Random) -> Image.Image:
    """A pupil's mini whiteboard with a bar model for three fifths of 40 in marker."""
    w, h = 1000, 700
    board = textured(rng, (w, h), (244, 246, 246), 0.015, (400, 120))
    d = ImageDraw.Draw(board)
    for x, y, ghost in ((640, 40, "12 x 4"), (80, 560, "= 36"), (700, 600, "3/4")):
        # last lesson's working, never quite wiped off
        marker_text(d, (x, y), ghost, 56, (233, 236, 238), 2)
    ink = (28, 48, 120)
    left, right, top, bottom = 110.0, 890.0, 240.0, 370.0
    part = (right - left) / 5
    for k in range(3):
        for off in range(-140, 160, 26):
            x0 = left + k * part + off
            shaky_line(d, rng, (max(x0, left + k * part), top + max(0, left + k * part - x0)),
                       (min(x0 + 130, left + (k + 1) * part),
                        bottom - max(0, x0 + 130 - left - (k + 1) * part)),
                       (120, 140, 200), 4, 0.6)
    shaky_line(d, rng, (left, top), (right, top), ink, 8)
    shaky_line(d, rng, (right, top), (right, bottom), ink, 8)
    shaky_line(d, rng, (right, bottom), (left, bottom), ink, 8)
    shaky_line(d, rng, (left, bottom), (left, top), ink, 8)
    for k in range(1, 5):
        x = left + k * part + rng.uniform(-4, 4)
        shaky_line(d, rng, (x, top), (x + rng.uniform(-3, 3), bottom), ink, 7)
    for k in range(5):
        marker_text(d, (left + (k + 0.5) * part, (top + bottom) / 2), "8", 58, ink, 2, "mm")
    shaky_line(d, rng, (left, top - 40), (right, top - 40), ink, 6)
    for x in (left, right):
        shaky_line(d, rng, (x, top - 62), (x, top - 18), ink, 6)
    marker_text(d, ((left + right) / 2, top - 62), "40", 70, ink, 3, "mb")
    marker_text(d, (w / 2, 470), "3/5 of 40 = 24", 84, ink, 3, "mt")
    frame = Image.new("RGB", (w + 40, h + 40), (44, 46, 52))
    frame.paste(board, (20, 20))
    return with_alpha(frame, rounded_mask(frame.size, 16))


def dry_wipe_pen(length: int = 520, width: int = 46) -> Image.Image:
    img = Image.new("RGBA", (length, width), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, length * 0.72, width), width // 2, fill=(236, 236, 232))
    d.rectangle((length * 0.05, width * 0.1, length * 0.62, width * 0.32), fill=(250, 250, 248))
    d.rounded_rectangle((length * 0.68, 0, length - 4, width), width // 2, fill=(30, 52, 130))
    d.rectangle((length * 0.68, 0, length * 0.74, width), fill=(22, 40, 106))
    d.rectangle((length * 0.28, 0, length * 0.52, width * 0.08), fill=(30, 52, 130))
    return img


def counters_tray(rng: random.Random) -> Image.Image:
    """Forty counters in a tray, laid out in five equal rows of eight, three rows red and two
    yellow, beside a mini whiteboard showing the same thing as a bar model."""
    table = wood(rng, (3000, 2200), (206, 162, 110), 520)
    tray_size = (1160, 1120)
    t = tray(rng, tray_size, (58, 118, 196)).convert("RGB")
    spots = []
    for row in range(5):
        for col in range(8):
            colour = (214, 38, 42) if row < 3 else (246, 198, 36)
            spots.append((colour, (150 + col * 123 + rng.uniform(-9, 9),
                                   196 + row * 182 + rng.uniform(-9, 9))))
    for colour, xy in spots:
        place(t, counter(colour), xy, 0, (5, 7, 5, 0.45))
    tray_sprite = with_alpha(t, rounded_mask(tray_size, 60))
    place(table, tray_sprite, (900, 1120), 2, (14, 20, 24, 0.45))
    place(table, whiteboard(rng), (2250, 980), -6, (12, 18, 20, 0.45))
    place(table, dry_wipe_pen(), (2240, 1700), 12, (6, 10, 6, 0.45))
    for colour, xy in (((214, 38, 42), (1640, 1760)), ((246, 198, 36), (1740, 1840))):
        place(table, counter(colour), xy, 0, (5, 7, 5, 0.45))  # two strays
    photo = perspective(table, LANDSCAPE, ((-60, -160), (2470, -120), (2780, 1960),
                                            (-360, 1990)))
    photo = lit(photo, (300, -300), 3300, 0.66)
    photo = vignette(photo, 0.3)
    photo = distance_blur(photo, 0.2, 0.86, 5, 3)
    return camera(photo, rng)


def large_print_page(rng: random.Random, rows: Sequence[int]) -> Image.Image:
    """One A4 page of the large-print fraction wall: black on white, thick lines, big
    labels, and the half-way marker above and below the wall."""
    w, h = 1180, 834
    page = paper(rng, (w, h), (250, 250, 248), 0.01, fibres=5)
    d = ImageDraw.Draw(page)
    left, right, top = 60, w - 60, 120
    row_h = (h - 2 * top) / len(rows)
    for i, parts in enumerate(rows):
        y0, y1 = top + i * row_h, top + (i + 1) * row_h
        for k in range(parts):
            x0 = left + (right - left) * k / parts
            x1 = left + (right - left) * (k + 1) / parts
            d.rectangle((x0, y0, x1, y1), outline=(10, 10, 12), width=9)
            label = "1" if parts == 1 else f"1/{parts}"
            marker_text(d, ((x0 + x1) / 2, (y0 + y1) / 2), label,
                        70 if parts < 6 else 54, (10, 10, 12), 2, "mm")
    mid = (left + right) / 2
    d.rectangle((mid - 9, top - 90, mid + 9, top - 14), fill=(10, 10, 12))
    d.rectangle((mid - 9, h - top + 14, mid + 9, h - top + 90), fill=(10, 10, 12))
    return page


def tape(rng: random.Random, length: int) -> Image.Image:
    """A torn-off piece of masking tape."""
    strip = paper(rng, (length, 70), (226, 212, 172), 0.04, cut_by_hand=3.0)
    alpha = strip.getchannel("A").point(lambda v: v * 225 // 255)
    strip.putalpha(alpha)
    return strip


def large_print_mats(rng: random.Random) -> Image.Image:
    """The large-print fraction wall, two laminated A4 pages taped side by side on a desk,
    with one row cut out as a strip to lay on top of another."""
    desk = textured(rng, (3000, 2200), (196, 198, 194), 0.03, (600, 120, 30))
    speckle = ImageDraw.Draw(desk)
    for _ in range(5000):
        x, y = rng.uniform(0, 3000), rng.uniform(0, 2200)
        speckle.point((x, y), fill=rng.choice(((150, 152, 150), (226, 226, 222))))
    desk = desk.filter(ImageFilter.GaussianBlur(0.8))
    first = laminated(large_print_page(rng, (1, 2, 3, 4)), rng, 0.12)
    second = laminated(large_print_page(rng, (5, 6, 8)), rng, 0.12)
    centre_y = 1020
    place(desk, first, (1500 - first.width / 2 - 2, centre_y), 0.4, (8, 12, 14, 0.3))
    place(desk, second, (1500 + second.width / 2 + 2, centre_y + 6), -0.3, (8, 12, 14, 0.3))
    for x, y, angle, length in ((1500, 560, 88, 260), (1500, 1490, 91, 260),
                                (330, 560, 40, 200), (2680, 1490, 35, 200),
                                (330, 1490, -42, 200), (2680, 560, -38, 200)):
        place(desk, tape(rng, length), (x + rng.uniform(-8, 8), y), angle, (2, 3, 3, 0.25))
    # One row, cut out of a spare copy, laid over the sixths to compare it with them.
    strip = paper(rng, (1060, 170), (252, 252, 250), 0.015, cut_by_hand=2.5)
    sd = ImageDraw.Draw(strip)
    for k in range(3):
        x0, x1 = 8 + 1044 * k / 3, 8 + 1044 * (k + 1) / 3
        sd.rectangle((x0, 10, x1, 160), outline=(10, 10, 12), width=9)
        marker_text(sd, ((x0 + x1) / 2, 85), "1/3", 70, (10, 10, 12), 2, "mm")
    place(desk, strip, (1800, 1640), -3, (10, 16, 14, 0.4))
    photo = perspective(desk, LANDSCAPE, ((-200, -120), (2600, -140), (2960, 2060),
                                           (-520, 2020)))
    photo = lit(photo, (2300, -400), 3300, 0.66)
    photo = vignette(photo, 0.3)
    photo = distance_blur(photo, 0.22, 0.85, 5, 3)
    return camera(photo, rng, exposure=1.14)


# ------------------------------------------------------------------------ saving


@dataclass(frozen=True)
class Photo:
    """One photo: where it goes, how it is drawn, and what the "phone" wrote into it."""

    path: str  # under content/, beside the index.md of the page that shows it
    draw: Callable[[random.Random], Image.Image]
    seed: int
    model: str
    taken: str  # EXIF's "YYYY:MM:DD HH:MM:SS", local time
    offset: str  # the local time's offset from UTC
    orientation: int = 1  # 6: stored on its side, as a phone held upright stores it


PHOTOS = (
    Photo("posts/2025-09-22-building-a-fraction-wall/wall-on-display.jpg", fraction_wall,
          20250926, "ExamplePhone 13", "2025:09:26 15:42:08", "+01:00", orientation=6),
    Photo("posts/2025-10-17-cafe-conversations/cafe-table.jpg", cafe_table,
          20251017, "ExamplePhone 14 Pro", "2025:10:17 13:12:45", "+01:00"),
    Photo("posts/2026-03-02-bar-models-for-fractions-of-amounts/counters-in-fifths.jpg",
          counters_tray, 20260224, "ExamplePhone 13", "2026:02:24 10:21:33", "+00:00"),
    Photo("resources/fraction-wall-mats-large-print/large-print-wall-on-desk.jpg",
          large_print_mats, 20260219, "ExamplePhone SE", "2026:02:19 16:05:12", "+00:00"),
)


def phone_exif(photo: Photo) -> Image.Exif:
    """The metadata a phone writes: camera, time, settings, and where it was."""
    exif = Image.Exif()
    exif[0x010F] = "ExamplePhone"  # Make
    exif[0x0110] = photo.model
    exif[0x0112] = photo.orientation
    exif[0x011A] = 72.0  # XResolution
    exif[0x011B] = 72.0  # YResolution
    exif[0x0128] = 2  # ResolutionUnit: inches
    exif[0x0131] = "ExampleOS 18.1"  # Software
    exif[0x0132] = photo.taken  # DateTime
    settings = exif.get_ifd(0x8769)  # the Exif IFD
    settings[0x9003] = photo.taken  # DateTimeOriginal
    settings[0x9004] = photo.taken  # DateTimeDigitized
    settings[0x9011] = photo.offset  # OffsetTimeOriginal
    settings[0x829A] = 1 / 60  # ExposureTime
    settings[0x829D] = 1.8  # FNumber
    settings[0x8827] = 250  # ISO
    settings[0x920A] = 5.1  # FocalLength, mm
    settings[0xA405] = 26  # FocalLengthIn35mmFilm
    settings[0xA434] = f"{photo.model} back camera 5.1mm f/1.8"  # LensModel
    gps = exif.get_ifd(0x8825)  # the GPS IFD
    gps[0x0000] = b"\x02\x02\x00\x00"  # GPSVersionID
    gps[0x0001] = LATITUDE[1]
    gps[0x0002] = (float(LATITUDE[0]), 0.0, 0.0)
    gps[0x0003] = LONGITUDE[1]
    gps[0x0004] = (float(LONGITUDE[0]), 0.0, 0.0)
    gps[0x0005] = b"\x00"  # GPSAltitudeRef: above sea level
    gps[0x0006] = 0.0  # GPSAltitude: sea level, naturally
    return exif


def encode(photo: Photo) -> bytes:
    upright = photo.draw(random.Random(photo.seed))
    stored = upright
    if photo.orientation == 6:  # turned a quarter anticlockwise: the viewer turns it back
        stored = upright.transpose(Image.Transpose.ROTATE_90)
    elif photo.orientation != 1:
        raise ValueError(f"orientation {photo.orientation} is not drawn here")
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=QUALITY, optimize=True, exif=phone_exif(photo))
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # what a viewer that honours EXIF shows
        if ImageOps.exif_transpose(check).size != upright.size:
            raise AssertionError(f"{photo.path}: the orientation does not make it upright")
    return data


def main() -> int:
    """Write every photo; report their sizes; fail if one is over the size limit."""
    too_big = False
    for photo in PHOTOS:
        path = CONTENT / photo.path
        if not (path.parent / "index.md").is_file():
            print(f"error: {path.parent.relative_to(ROOT)}/index.md is missing: each photo "
                  "goes in the bundle of the page that shows it", file=sys.stderr)
            return 1
        data = encode(photo)
        path.write_bytes(data)
        flag = "  TOO BIG" if len(data) > MAX_BYTES else ""
        too_big = too_big or bool(flag)
        print(f"{len(data):7d}  {path.relative_to(ROOT)}{flag}")
    if too_big:
        print(f"error: every photo must be under {MAX_BYTES} bytes", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
