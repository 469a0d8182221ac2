"""An audio file's facts a podcast feed needs: its length in bytes, its duration and its
MIME type, read with mutagen (headers only: a 90 MB recording is read in milliseconds).

Sizes are judged against what publishing allows: git refuses a file over 100 MB and a
GitHub Pages site stops at 1 GB, so a long recording belongs in a GitHub release (or the
school's own storage) and is named by its URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MB = 1_000_000
WARN_BYTES = 50 * MB  # a warning: suggest a release asset
MAX_BYTES = 95 * MB  # an error: git (and so GitHub) refuses a file over 100 MB
SITE_WARN_BYTES = 600 * MB  # a warning: a Pages site is limited to 1 GB in all

# mutagen's class name → the MIME type podcast apps expect in an enclosure.
_MIME = {"MP3": "audio/mpeg", "MP4": "audio/mp4", "OggVorbis": "audio/ogg",
         "OggOpus": "audio/ogg", "FLAC": "audio/flac", "WAVE": "audio/wav", "AAC": "audio/aac"}


class AudioProblem(Exception):
    """A file that is not audio sharesite can read: the message says so, `hint` what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class AudioFacts:
    length: int  # bytes
    duration: int  # whole seconds, rounded
    type: str  # MIME type


def read_audio(path: Path) -> AudioFacts:
    """`path`'s length, duration and type; AudioProblem when mutagen cannot read it."""
    import mutagen  # only for sites with episodes

    try:
        length = path.stat().st_size
        found = mutagen.File(path)
    except OSError as exc:
        raise AudioProblem(f"audio: cannot read {path.name}: {exc.strerror or exc}",
                           "check the file is there and readable") from None
    except mutagen.MutagenError as exc:
        raise AudioProblem(f"audio: {path.name} is damaged or not audio ({exc})",
                           "export it again as MP3") from None
    if found is None or getattr(found.info, "length", 0) <= 0:
        raise AudioProblem(f"audio: {path.name} is not audio sharesite can read",
                           "export it as MP3 (or M4A)")
    mime = _MIME.get(type(found).__name__) or (found.mime[0] if found.mime else "")
    return AudioFacts(length, max(1, round(found.info.length)), mime)


def size_text(length: int) -> str:
    """"48.2 MB": as people read a file's size."""
    return f"{length / MB:.1f} MB"
