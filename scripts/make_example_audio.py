"""(Re)write the example show's recordings and cover: "The Staffroom" (site.toml
[[podcasts]]), two short episodes.

A real recording would put a real voice on a public demo site, and a long one would make
the repository heavy, so each episode is a few seconds of generated sound: a soft chime
(a chord of sine tones fading in and out), as a real show might start, then silence. The
MP3s are encoded with LAME through `lameenc` (a maintained wheel with the encoder built in:
no system programs), mono, 22,050 Hz, 32 kbit/s: about 4 KB a second. The cover is a flat
square PNG, 1,400 pixels a side (the smallest Apple takes), drawn with Pillow.

Run it from the repository root::

    pip install lameenc      # or: pip install -e .[examples]
    python scripts/make_example_audio.py

Output is deterministic: the sound is computed, not sampled, so running the script twice
gives byte-identical files (with the same lameenc and Pillow).
"""

from __future__ import annotations

import math
import struct
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
RATE = 22_050
EPISODES = {
    # folder → (seconds, the chord's frequencies in Hz)
    "content/posts/2026-03-23-staffroom-retrieval-practice/episode.mp3":
        (4.0, (392.0, 493.88, 587.33)),
    "content/posts/2026-04-20-staffroom-reading-aloud/episode.mp3":
        (5.0, (349.23, 440.0, 523.25)),
}
COVER = "content/podcasts/staffroom.png"
COVER_SIDE = 1400


def chime(seconds: float, chord: tuple[float, ...]) -> bytes:
    """16-bit mono PCM: the chord for the first 2.5 s, fading in and out, then silence."""
    samples = []
    ring = 2.5
    for n in range(int(seconds * RATE)):
        t = n / RATE
        if t >= ring:
            samples.append(0)
            continue
        envelope = min(1.0, t / 0.05) * (1 - t / ring) ** 2
        value = sum(math.sin(2 * math.pi * f * t) for f in chord) / len(chord)
        samples.append(round(value * envelope * 9000))
    return struct.pack(f"<{len(samples)}h", *samples)


def encode(pcm: bytes) -> bytes:
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(RATE)
    encoder.set_channels(1)
    encoder.set_quality(2)
    return bytes(encoder.encode(pcm) + encoder.flush())


def cover() -> Image.Image:
    """A teal square with a cream mug and three sound arcs: the staffroom, on air."""
    side = COVER_SIDE
    image = Image.new("RGB", (side, side), (18, 94, 99))
    draw = ImageDraw.Draw(image)
    cream = (250, 240, 214)
    draw.rounded_rectangle((430, 640, 870, 1120), radius=60, fill=cream)
    draw.arc((800, 760, 1030, 990), start=-90, end=90, fill=cream, width=48)
    for number, radius in enumerate((150, 260, 370)):
        box = (650 - radius, 520 - radius, 650 + radius, 520 + radius)
        draw.arc(box, start=225, end=315, fill=cream, width=36 - number * 6)
    return image


def main() -> int:
    try:
        import lameenc  # noqa: F401
    except ImportError:
        print("needs lameenc: pip install lameenc", file=sys.stderr)
        return 1
    for rel, (seconds, chord) in EPISODES.items():
        path = ROOT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(encode(chime(seconds, chord)))
        print(f"{rel}: {path.stat().st_size:,} bytes")
    path = ROOT / COVER
    path.parent.mkdir(parents=True, exist_ok=True)
    cover().save(path, "PNG", optimize=True)
    print(f"{COVER}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
