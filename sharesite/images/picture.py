"""A processed image as the site publishes it: its copies at several widths and formats."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

MIME = {"webp": "image/webp", "avif": "image/avif", "jpeg": "image/jpeg", "png": "image/png",
        "gif": "image/gif"}
EXTENSION = {"webp": "webp", "avif": "avif", "jpeg": "jpg", "png": "png", "gif": "gif"}
# The formats a browser may choose among, best first; the fallback comes last.
CHOICES = ("avif", "webp")
# A podcast's cover (itunes:image): square, 1400 to 3000 pixels a side, as Apple asks.
SQUARE_MIN = 1400
SQUARE_MAX = 3000


def square_side(width: int, height: int) -> int:
    """The side of the square copy made of an image `width` x `height` (upright) when it is
    a podcast's cover; 0 when it cannot be one (not square, or smaller than SQUARE_MIN)."""
    return min(width, SQUARE_MAX) if width == height and width >= SQUARE_MIN else 0


@dataclass(frozen=True)
class Variant:
    """One processed copy of an image."""

    path: str  # where it is published: a site path (in a `Processed`, a file name)
    width: int
    height: int
    format: str  # "webp", "avif", "jpeg", "png" or "gif"
    file: Path  # the processed bytes, in the build cache
    size: int

    @property
    def mime(self) -> str:
        return MIME[self.format]


@dataclass(frozen=True)
class Picture:
    """An image the site shows: its upright size and every copy of it."""

    source: str  # content-relative: the file the teacher added (never published)
    key: str  # digest of the original's bytes and of how it was processed
    width: int  # upright, of the largest copy
    height: int
    animated: bool
    variants: tuple[Variant, ...]  # by format, then width
    preview: Variant | None = None  # a JPEG for link previews (og:image), where one is used
    square: Variant | None = None  # a podcast cover's square JPEG (`square_side`)

    @property
    def drawing(self) -> bool:
        """An SVG drawing: published as it is, with only a preview made of it."""
        return not self.variants

    @property
    def fallback_format(self) -> str:
        """The format every browser shows: JPEG, or PNG (transparency), or GIF (animation)."""
        return next(v.format for v in self.variants if v.format not in CHOICES)

    def copies(self, format: str) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.format == format)

    @property
    def formats(self) -> tuple[str, ...]:
        """The formats to offer browsers before the fallback, best first."""
        return tuple(f for f in CHOICES if any(v.format == f for v in self.variants))

    @property
    def largest(self) -> Variant:
        return self.copies(self.fallback_format)[-1]

    def at_most(self, width: int) -> Variant:
        """The widest fallback copy no wider than `width` (else the narrowest)."""
        copies = self.copies(self.fallback_format)
        fitting = [v for v in copies if v.width <= width]
        return fitting[-1] if fitting else copies[0]

    def placed(self, folder: str, with_preview: bool) -> Picture:
        """This picture with its copies published in `folder` (a site path ending in "/"
        or ""); the link-preview copy only if it is used."""
        return replace(
            self,
            variants=tuple(replace(v, path=folder + v.path) for v in self.variants),
            preview=replace(self.preview, path=folder + self.preview.path)
            if self.preview is not None and with_preview else None,
            square=replace(self.square, path=folder + self.square.path)
            if self.square is not None else None)

    @property
    def published(self) -> tuple[Variant, ...]:
        return self.variants + ((self.preview,) if self.preview is not None else ()) + \
            ((self.square,) if self.square is not None else ())
