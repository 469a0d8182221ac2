"""Photo benchmark: what processing phone photos costs a build, and what a phone downloads.

    python benchmarks/bench_images.py [--photos 5] [--rebuild-photos 20] [--rebuilds 5]
                                      [--jobs 1 2] [--no-avif] [--quick]

Run from the repository's root. Photos are drawn in code (seeded, so no two are alike):
an outdoor-looking scene with detailed and smooth areas and sensor grain, saved as a phone
saves it: JPEG quality 90, on its side with EXIF orientation 6, EXIF with GPS, and the
Display P3 colour profile (tests/photos.py's), which sharesite converts to sRGB. Three
measures, each against the target the issue set:

  make      seconds per 12-megapixel photo (4032x3024), cold: `images.process.make` with the
            default settings (WebP + JPEG at 480, 960 and 1600 px, and the link preview),
            the median over `--photos` different photos; and with AVIF too (opt-in, a
            line for its cost; `--no-avif` skips it). One small photo is made first, so
            loading the codecs is not counted.
  rebuild   milliseconds per unchanged photo on a rebuild: a site with one post showing
            `--rebuild-photos` photos (2400x1800) is built cold (`keep_cache`, as the command
            line builds) with each of `--jobs` (1: in the build's process; 2: the worker
            pool) for context, then the post's text is edited and the site rebuilt
            `--rebuilds` times: the median of the "images" step's time over the photos.
  download  bytes a phone downloads for a post with five 12-megapixel photos, against the
            originals: from the built page, for each <picture>, the WebP candidate a phone
            browser picks (viewport 390 CSS px, the `sizes` evaluated, device pixel ratio 3
            and 2: the smallest candidate at least that wide, else the largest), summed.

Builds run in this process, in a temporary folder, with XDG_CACHE_HOME pointed at a
temporary folder too (the user's cache is untouched). Prints each measure's detail, then a
summary: measure, median, target, met. `--quick` is a smaller, faster run (about a minute
less). Nothing here runs in the test suite: speed is measured on demand, not asserted.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from PIL import Image, ImageChops, ImageDraw, ImageFilter, features
from PIL.TiffImagePlugin import IFDRational

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
from photos import P3_ICC  # noqa: E402  (tests/photos.py: the Display P3 profile)

from sharesite.build import BuildOptions, BuildResult, build  # noqa: E402
from sharesite.config import ImageSettings  # noqa: E402
from sharesite.images.process import make  # noqa: E402

BASE_URL = "https://example.org/school/"
SITE_TOML = f"""\
title = "Benchmark school"
base_url = "{BASE_URL}"
description = "Photos benchmark"
language = "en-GB"
timezone = "Europe/London"

[search]
enabled = false
"""
POST = "content/posts/2024-03-01-trip"
TWELVE_MP = (4032, 3024)
VIEWPORT = 390  # CSS px: an iPhone's width
REM = 16  # CSS px, the browsers' default font size
DPRS = (3, 2)
MAKE_TARGET = 1.2  # seconds per 12-megapixel photo
REBUILD_TARGET = 10.0  # milliseconds per unchanged photo
SAVED_TARGET = 90.0  # % fewer bytes than the originals


# --- photos ----------------------------------------------------------------------------


def _scene(width: int, height: int, seed: int) -> Image.Image:
    """An upright outdoor-looking picture: a sky gradient, uneven ground, a few dozen
    shapes, softened as a lens does, with textures where a photo has detail (the ground, most
    shapes: foliage, clothes, brick) and grain everywhere."""
    rng = random.Random(seed)

    def colour(low: int = 30, high: int = 230) -> tuple[int, int, int]:
        return rng.randint(low, high), rng.randint(low, high), rng.randint(low, high)

    size = (width, height)
    down = Image.linear_gradient("L").resize(size)
    picture = Image.composite(Image.new("RGB", size, colour(150, 240)),
                              Image.new("RGB", size, colour(40, 200)), down)
    detail = Image.new("L", size, 40)  # how much texture: little in the sky
    draw, mask = ImageDraw.Draw(picture), ImageDraw.Draw(detail)
    horizon = height * rng.uniform(0.45, 0.65)
    ground = [(0.0, float(height))] + [
        (width * i / 8, horizon + rng.uniform(-0.08, 0.08) * height) for i in range(9)
    ] + [(float(width), float(height))]
    draw.polygon(ground, fill=colour(40, 160))
    mask.polygon(ground, fill=255)
    for _ in range(rng.randint(25, 45)):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        w, h = rng.uniform(0.02, 0.25) * width, rng.uniform(0.02, 0.25) * height
        shape = rng.choice(("ellipse", "rectangle", "polygon"))
        fill, level = colour(), rng.randint(60, 255)
        if shape == "polygon":
            points = [(rng.uniform(x, x + w), rng.uniform(y, y + h)) for _ in range(5)]
            draw.polygon(points, fill=fill)
            mask.polygon(points, fill=level)
        elif shape == "ellipse":
            draw.ellipse((x, y, x + w, y + h), fill=fill)
            mask.ellipse((x, y, x + w, y + h), fill=level)
        else:
            draw.rectangle((x, y, x + w, y + h), fill=fill)
            mask.rectangle((x, y, x + w, y + h), fill=level)
    picture = picture.filter(ImageFilter.GaussianBlur(2))
    small = (width // 12, height // 12)
    blotches = Image.frombytes("L", small, rng.randbytes(small[0] * small[1])).resize(
        size, Image.Resampling.BICUBIC)
    grain = Image.frombytes("L", size, rng.randbytes(width * height)).filter(
        ImageFilter.BoxBlur(0.6))
    texture = Image.blend(blotches, grain, 0.5).point(lambda v: 128 + (v - 128) * 6 // 10)
    texture = Image.composite(texture, Image.new("L", size, 128),
                              detail.filter(ImageFilter.BoxBlur(3)))
    return ImageChops.add(picture, Image.merge("RGB", (texture, texture, texture)),
                          scale=1.0, offset=-128)


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 15"
    exif[0x0112] = 6  # stored on its side: turn a quarter clockwise to show it
    exif[0x0132] = "2024:03:14 10:21:07"
    exif[0x8769] = {0x9003: "2024:03:14 10:21:07", 0xA434: "iPhone 15 back camera"}
    exif[0x8825] = {1: "N", 2: (IFDRational(51, 1), IFDRational(30, 1), IFDRational(252, 100)),
                    3: "W", 4: (IFDRational(0, 1), IFDRational(7, 1), IFDRational(2856, 100))}
    return exif


def phone_photo(width: int, height: int, seed: int) -> bytes:
    """A JPEG as a phone saves one: `width` x `height` upright, stored turned a quarter
    anticlockwise with EXIF orientation 6, EXIF with GPS, the Display P3 profile."""
    stored = _scene(width, height, seed).transpose(Image.Transpose.ROTATE_90)
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=90, exif=_exif(), icc_profile=P3_ICC)
    return out.getvalue()


# --- building --------------------------------------------------------------------------


def make_site(folder: Path, photos: list[bytes]) -> Path:
    """A site with one post (a bundle) showing each photo, as `photo-NN.jpg`."""
    site = folder / "site"
    post = site / POST
    post.mkdir(parents=True)
    (site / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    body = ["---", "title: Our trip to the farm", "---", "", "What we saw on our trip.", ""]
    for number, data in enumerate(photos, 1):
        (post / f"photo-{number:02d}.jpg").write_bytes(data)
        body += [f"![The field and the barn, view {number}](photo-{number:02d}.jpg)", ""]
    (post / "index.md").write_text("\n".join(body), encoding="utf-8")
    return site


def build_site(site: Path, jobs: int) -> BuildResult:
    result = build(site, BuildOptions(search=False, keep_cache=True, jobs=jobs))
    errors = [d for d in result.diagnostics if d.is_error]
    if errors:
        raise SystemExit("the build failed:\n" + "\n".join(
            f"{d.path}:{d.line}: {d.message}" for d in errors))
    return result


def forget(site: Path, cache: Path) -> None:
    """The output and every cache gone: the next build is cold."""
    shutil.rmtree(site / "_site", ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)


# --- what a phone downloads ------------------------------------------------------------


@dataclass
class PictureTag:
    sources: list[dict[str, str]] = field(default_factory=list)  # <source> attributes
    img: dict[str, str] = field(default_factory=dict)


class Pictures(HTMLParser):
    """The <picture> elements of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[PictureTag] = []
        self._open: PictureTag | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "picture":
            self._open = PictureTag()
            self.found.append(self._open)
        elif tag == "source" and self._open is not None:
            self._open.sources.append(values)
        elif tag == "img" and self._open is not None:
            self._open.img = values

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture":
            self._open = None


def _length(text: str) -> float:
    """A CSS length in px at the phone's viewport (px, rem, em, vw)."""
    match = re.fullmatch(r"\s*([\d.]+)(px|rem|em|vw)\s*", text)
    if not match:
        raise SystemExit(f"cannot read the length {text!r} in a sizes attribute")
    number, unit = float(match.group(1)), match.group(2)
    return number * {"px": 1.0, "rem": REM, "em": REM, "vw": VIEWPORT / 100}[unit]


def slot_width(sizes: str) -> float:
    """The width in CSS px that `sizes` gives an image at the phone's viewport: the first
    entry whose media condition (min-width or max-width) holds, else the last."""
    if not sizes.strip():
        return VIEWPORT  # no sizes: 100vw
    for entry in sizes.split(","):
        entry = entry.strip()
        match = re.fullmatch(r"\(\s*(min|max)-width\s*:\s*([^)]+)\)\s*(.+)", entry)
        if match is None:
            return _length(entry)
        limit = _length(match.group(2))
        kind = match.group(1)
        if (kind == "min" and limit <= VIEWPORT) or (kind == "max" and limit >= VIEWPORT):
            return _length(match.group(3))
    return VIEWPORT


def choose(srcset: str, needed: float) -> str:
    """The candidate a browser picks: the narrowest at least `needed` px wide, else the
    widest."""
    candidates: list[tuple[int, str]] = []
    for item in srcset.split(","):
        url, _, descriptor = item.strip().rpartition(" ")
        if not descriptor.endswith("w"):
            raise SystemExit(f"a srcset candidate without a width: {item!r}")
        candidates.append((int(descriptor[:-1]), url.strip()))
    candidates.sort()
    wide_enough = [url for width, url in candidates if width >= needed]
    return wide_enough[0] if wide_enough else candidates[-1][1]


def output_file(output: Path, page: str, url: str) -> Path:
    """The built file that `url`, on the page at site path `page`, refers to."""
    path = urlsplit(urljoin(BASE_URL + page, url)).path
    base = urlsplit(BASE_URL).path
    if not path.startswith(base):
        raise SystemExit(f"{url!r} is not on the site")
    return output / path[len(base):]


def downloads(output: Path, dpr: int, fmt: str = "image/webp") -> tuple[int, int, list[str]]:
    """For the built post: how many pictures, the bytes of the copies a phone at `dpr`
    downloads (of the <source> of `fmt`; the <img> for "image/jpeg"), and their names."""
    pages = [p for p in output.rglob("*.html") if "trip" in p.parent.name]
    if len(pages) != 1:
        raise SystemExit(f"cannot tell which built page is the post: {pages}")
    page = pages[0].relative_to(output).as_posix().removesuffix("index.html")
    parser = Pictures()
    parser.feed(pages[0].read_text(encoding="utf-8"))
    total, chosen = 0, []
    for picture in parser.found:
        tags = [s for s in picture.sources if s.get("type") == fmt] if fmt != "image/jpeg" \
            else [picture.img]
        if not tags or not tags[0].get("srcset"):
            raise SystemExit(f"a <picture> on {page} has no {fmt} srcset")
        url = choose(tags[0]["srcset"], slot_width(tags[0].get("sizes", "")) * dpr)
        total += output_file(output, page, url).stat().st_size
        chosen.append(url.rsplit("/", 1)[-1])
    return len(parser.found), total, chosen


def _widths(names: list[str]) -> str:
    """"5 x 1600w" for the chosen copies' names (`photo-01-1600.webp`)."""
    found = Counter(re.sub(r"^.*-(\d+)\.\w+$", r"\1w", name) for name in names)
    return ", ".join(f"{found[width]} x {width}" for width in
                     sorted(found, key=lambda w: int(w[:-1]) if w[:-1].isdigit() else 0))


# --- the measures ----------------------------------------------------------------------


def measure_make(photos: list[bytes], settings: ImageSettings) -> list[float]:
    make(phone_photo(800, 600, 999), "warm-up.jpg", settings)  # the codecs loaded
    seconds = []
    for number, data in enumerate(photos):
        start = time.perf_counter()
        make(data, f"IMG_{number:04d}.jpg", settings)
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=5,
                        help="different 12-megapixel photos timed with make()")
    parser.add_argument("--rebuild-photos", type=int, default=20,
                        help="photos in the post that is rebuilt")
    parser.add_argument("--rebuild-size", type=int, nargs=2, default=[2400, 1800],
                        metavar=("WIDTH", "HEIGHT"))
    parser.add_argument("--rebuilds", type=int, default=5, help="rebuilds after an edit")
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, 2],
                        help="worker counts for the cold builds")
    parser.add_argument("--no-avif", action="store_true", help="skip timing AVIF")
    parser.add_argument("--quick", action="store_true",
                        help="fewer, smaller: 3 photos (AVIF on 1), 8 in the post, 3 rebuilds")
    args = parser.parse_args()
    if args.quick:
        args.photos = min(args.photos, 3)
        args.rebuild_photos = min(args.rebuild_photos, 8)
        args.rebuilds = min(args.rebuilds, 3)
    avif = not args.no_avif and features.check("avif")
    summary: list[tuple[str, str, str, str]] = []

    with tempfile.TemporaryDirectory(prefix="bench-images-") as tmp:
        work = Path(tmp)
        cache = work / "user-cache"
        os.environ["XDG_CACHE_HOME"] = str(cache)  # sharesite's caches, not the user's

        # 1. make(): seconds per 12-megapixel photo, cold
        count = max(args.photos, 5)  # the post in 3 has five
        print(f"Drawing {count} {TWELVE_MP[0]}x{TWELVE_MP[1]} phone photos...", flush=True)
        big = [phone_photo(*TWELVE_MP, seed) for seed in range(count)]
        print(f"  their sizes: {', '.join(f'{len(d) / 1e6:.2f}' for d in big)} MB")
        seconds = measure_make(big[:args.photos], ImageSettings())
        print("make(), WebP + JPEG, s per photo: " + ", ".join(f"{s:.2f}" for s in seconds))
        median = statistics.median(seconds)
        summary.append(("make(), 12 MP photo, WebP + JPEG", f"{median:.2f} s",
                        f"<= {MAKE_TARGET} s", "yes" if median <= MAKE_TARGET else "NO"))
        if avif:
            with_avif = measure_make(big[:1 if args.quick else args.photos],
                                     ImageSettings(avif=True))
            print("make(), + AVIF, s per photo: " + ", ".join(f"{s:.2f}" for s in with_avif))
            extra = statistics.median(with_avif)
            summary.append(("make(), 12 MP photo, + AVIF (opt-in)", f"{extra:.2f} s",
                            "-", f"({extra / median:.1f}x)"))
        elif not args.no_avif:
            print("(this Pillow has no AVIF encoder: AVIF not timed)")

        # 2. rebuild with the photos unchanged
        k, (width, height) = args.rebuild_photos, args.rebuild_size
        print(f"\nA post with {k} photos of {width}x{height}...", flush=True)
        site = make_site(work / "rebuild",
                         [phone_photo(width, height, 100 + seed) for seed in range(k)])
        for jobs in args.jobs:
            forget(site, cache)
            result = build_site(site, jobs)
            per = result.timings["images"] / k
            print(f"  cold build, jobs={jobs}: images {result.timings['images']:.2f} s, "
                  f"{per:.3f} s per photo; whole build {result.seconds:.2f} s", flush=True)
            summary.append((f"cold build, s per photo, jobs={jobs}", f"{per:.3f} s", "-",
                            "(context)"))
        post = site / POST / "index.md"
        rebuilt = []
        for number in range(args.rebuilds):
            with post.open("a", encoding="utf-8") as handle:
                handle.write(f"\nEdited for rebuild {number + 1}.\n")
            result = build_site(site, 1)
            if result.unchanged or "images" not in result.timings:
                raise SystemExit("the rebuild did not run the images step")
            rebuilt.append(result.timings["images"] / k * 1000)
            print(f"  rebuild {number + 1}: images {result.timings['images'] * 1000:.1f} ms, "
                  f"whole build {result.seconds * 1000:.0f} ms")
        median = statistics.median(rebuilt)
        summary.append(("rebuild, ms per unchanged photo", f"{median:.2f} ms",
                        f"<= {REBUILD_TARGET:.0f} ms",
                        "yes" if median <= REBUILD_TARGET else "NO"))

        # 3. what a phone downloads for a post with five photos
        print("\nA post with five 12-megapixel photos...", flush=True)
        forget(work / "download" / "site", cache)
        site = make_site(work / "download", big[:5])
        build_site(site, max(args.jobs))
        originals = sum(len(d) for d in big[:5])
        print(f"  originals: {originals:,} bytes")
        for dpr in DPRS:
            pictures, webp, names = downloads(site / "_site", dpr)
            _, jpeg, _ = downloads(site / "_site", dpr, "image/jpeg")
            if pictures != 5:
                raise SystemExit(f"the post has {pictures} pictures, not 5")
            saved = 100 * (1 - webp / originals)
            print(f"  phone at DPR {dpr} (needs {VIEWPORT * dpr} px): WebP {webp:,} bytes "
                  f"({_widths(names)}), {saved:.1f} % less; JPEG fallback "
                  f"{jpeg:,} bytes, {100 * (1 - jpeg / originals):.1f} % less")
            summary.append((f"phone download, DPR {dpr}, vs originals",
                            f"{saved:.1f} % less", f">= {SAVED_TARGET:.0f} % less",
                            "yes" if saved >= SAVED_TARGET else "NO"))

    widths = [max(len(row[i]) for row in [("measure", "median", "target", "met?"), *summary])
              for i in range(4)]
    print()
    for row in [("measure", "median", "target", "met?"), *summary]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
