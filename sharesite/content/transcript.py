"""A transcript file → safe HTML for the episode's page (so it is read, and found by search,
without playing anything).

WebVTT and SubRip become one paragraph per cue with its start time (a WebVTT voice,
`<v Ms Patel>`, names the speaker); Markdown is rendered and HTML is cleaned by the same
allow-list as every page's text. Nothing of a caption file's styling is kept.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from sharesite.content.markdown import MarkdownRenderer, sanitise

_TIMING = re.compile(r"^\s*((?:\d+:)?\d{1,2}:\d{2})[.,]\d{3}\s*-->\s*")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")

TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip", ".md": "text/html",
         ".html": "text/html", ".htm": "text/html"}


@dataclass(frozen=True)
class Cue:
    start: str  # "0:01" or "1:02:03", as shown
    speaker: str
    text: str


def cues(text: str) -> list[Cue]:
    """The cues of a WebVTT or SubRip text, in order; their words joined onto one line."""
    out: list[Cue] = []
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    for block in blocks:
        lines = block.split("\n")
        at = next((i for i, line in enumerate(lines) if _TIMING.match(line)), None)
        if at is None:  # the WEBVTT header, a NOTE, a STYLE block
            continue
        start = _TIMING.match(lines[at])
        assert start is not None
        words = " ".join(line.strip() for line in lines[at + 1:] if line.strip())
        voice = _VOICE.search(words)
        speaker = html.unescape(voice.group(1).strip()) if voice else ""
        plain = html.unescape(_TAG.sub("", words)).strip()
        if plain:
            out.append(Cue(_short(start.group(1)), speaker, plain))
    return out


def _short(stamp: str) -> str:
    """"00:01:05" → "1:05"; "01:02:03" → "1:02:03"."""
    parts = [int(p) for p in stamp.split(":")]
    if len(parts) == 3 and parts[0]:
        return f"{parts[0]}:{parts[1]:02d}:{parts[2]:02d}"
    minutes, secs = (parts[-2], parts[-1])
    return f"{minutes + (parts[0] * 60 if len(parts) == 3 else 0)}:{secs:02d}"


def transcript_html(text: str, suffix: str, directory: str = "") -> str:
    """The transcript in `text` (a file ending in `suffix`) as safe HTML."""
    suffix = suffix.lower()
    if suffix in (".vtt", ".srt"):
        paragraphs = []
        for cue in cues(text):
            speaker = f'<b>{html.escape(cue.speaker)}:</b> ' if cue.speaker else ""
            paragraphs.append(f'<p><span class="transcript__time">{cue.start}</span> '
                              f"{speaker}{html.escape(cue.text, quote=False)}</p>")
        return "\n".join(paragraphs)
    if suffix == ".md":
        return MarkdownRenderer().render(text, directory).html
    return sanitise(text)[0]
