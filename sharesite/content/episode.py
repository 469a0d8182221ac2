"""A post's or resource's `audio:` and what goes with it: an episode of a show.

Only the front matter is read here (what the file says); the audio file's length and
duration and the transcript's text are read when the site is put together
(sharesite.site.podcasts), so that a document kept in the cache never carries the facts of
an audio file that has changed since.

    audio: talk.mp3                      # beside index.md (or {file: talk.mp3})
    audio: {url: https://…/talk.mp3, length: 48213504, duration: "40:12"}
    transcript: talk.vtt                 # .vtt, .srt, .md or .html beside it: required
    podcast: staffroom                   # a show of site.toml's [[podcasts]]
    episode: 3
    explicit: false
    chapters: [{start: "0:00", title: Welcome}, {start: "4:30", title: Questions}]
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

import yaml

from sharesite.content.frontmatter import Reader, is_null
from sharesite.errors import did_you_mean

KEYS = ("audio", "transcript", "podcast", "episode", "explicit", "chapters")
TRANSCRIPT_TYPES = (".vtt", ".srt", ".md", ".html", ".htm")
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".mp4": "audio/mp4",
               ".aac": "audio/aac", ".ogg": "audio/ogg", ".oga": "audio/ogg",
               ".opus": "audio/ogg", ".wav": "audio/wav", ".flac": "audio/flac"}
_AUDIO_FIELDS = ("file", "url", "length", "duration", "type")
_TIME = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:\.\d+)?$")
_AUDIO_EXAMPLE = "audio: talk.mp3, or audio: {url: https://..., length: 48213504, " \
                 "duration: \"40:12\"}"


@dataclass(frozen=True)
class Chapter:
    start: int  # seconds from the beginning
    title: str
    line: int


@dataclass(frozen=True)
class EpisodeFacts:
    """What front matter says of an episode. Exactly one of `file` (content-relative) and
    `url` (https) is set; a URL's `length` (bytes) and `duration` (seconds) are given."""

    file: str
    url: str
    length: int  # 0 for a file: read from it
    duration: int  # seconds; 0 for a file: read from it
    type: str  # MIME type; "" for a file: read from it
    transcript: str  # content-relative
    show: str  # a [[podcasts]] id; "" to let the site's only show have it
    number: int | None
    explicit: bool | None  # None: the show's
    chapters: tuple[Chapter, ...]
    line: int  # of `audio:`
    lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, self.line)


def seconds(text: str) -> int | None:
    """"40:12", "1:02:03" or "2412" (seconds) → seconds; None when it is none of those."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    match = _TIME.match(text)
    if match is None:
        return None
    hours, minutes, secs = (int(g) if g else 0 for g in match.groups())
    if secs > 59 or (match.group(1) and minutes > 59):
        return None
    return hours * 3600 + minutes * 60 + secs


def episode_facts(reader: Reader, values: dict[str, Any], directory: str, content_dir: Any
                  ) -> EpisodeFacts | None:
    """The episode `values` (key → (node, line)) describe, or None: with no `audio:`, or
    with errors (in `reader`)."""
    given = [k for k in KEYS if k in values]
    if not given:
        return None
    if "audio" not in values:
        first = given[0]
        reader.fail(values[first][1], f"{first}: is for an episode, but audio: is missing",
                    "add the recording: " + _AUDIO_EXAMPLE)
        return None
    node, line = values["audio"]
    lines = {k: values[k][1] for k in given}
    failed = len(reader.problems)
    audio = _audio(reader, node, line, directory, content_dir)
    transcript = ""
    if "transcript" not in values:
        reader.fail(line, "transcript is missing: WCAG 2.2 asks for one for recorded audio",
                    "add transcript: talk.vtt (a .vtt, .srt, .md or .html file beside it)")
    else:
        transcript_node, transcript_line = values["transcript"]
        transcript = _transcript(reader, transcript_node, transcript_line, directory,
                                 content_dir)
    show = reader.text("podcast", *values["podcast"]) if "podcast" in values else ""
    number = None
    if "episode" in values:
        text = reader.text("episode", *values["episode"])
        if text.isdigit() and int(text) > 0:
            number = int(text)
        else:
            reader.fail(values["episode"][1], f"episode: {text!r} is not an episode number",
                        "write episode: 3 (a whole number from 1)")
    explicit = reader.flag("explicit", *values["explicit"]) if "explicit" in values else None
    chapters = _chapters(reader, *values["chapters"]) if "chapters" in values else ()
    if audio is None or any(p.is_error for p in reader.problems[failed:]):
        return None
    file, url, length, duration, mime = audio
    return EpisodeFacts(file, url, length, duration, mime, transcript, show, number, explicit,
                        chapters, line, tuple(sorted(lines.items())))


def _inside(directory: str, rel: str) -> str | None:
    joined = posixpath.normpath(posixpath.join(directory, rel.strip()))
    return None if joined.startswith("..") or joined.startswith("/") else joined


def _audio(reader: Reader, node: yaml.Node, line: int, directory: str, content_dir: Any
           ) -> tuple[str, str, int, int, str] | None:
    """(file, url, length, duration, type) of `audio:`."""
    fields: dict[str, tuple[str, int]] = {}
    if isinstance(node, yaml.ScalarNode) and not is_null(node):
        fields["file"] = (str(node.value).strip(), line)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            name = str(key_node.value)
            at = key_node.start_mark.line + 2
            if name not in _AUDIO_FIELDS:
                reader.fail(at, f"audio: unknown field {name!r}",
                            did_you_mean(name, _AUDIO_FIELDS) or
                            "use " + ", ".join(_AUDIO_FIELDS))
                continue
            fields[name] = (reader.text(f"audio: {name}", value, at), at)
    else:
        reader.fail(line, "audio: must name the recording", "write " + _AUDIO_EXAMPLE)
        return None
    if ("file" in fields) == ("url" in fields):
        reader.fail(line, "audio: needs a file beside the page or a url, one of them",
                    "write " + _AUDIO_EXAMPLE)
        return None
    if "file" in fields:
        name, at = fields["file"]
        target = _inside(directory, name)
        if target is None or not (content_dir / target).is_file():
            reader.fail(at, f"audio: {name!r} is not a file beside this page",
                        f"put it in content/{directory}/ or fix its name")
            return None
        for key in ("length", "duration"):
            if key in fields:
                reader.fail(fields[key][1], f"audio: {key} is read from the file",
                            f"remove {key}: (it is given only with a url)")
        mime = fields["type"][0] if "type" in fields else ""
        if not mime and posixpath.splitext(target)[1].lower() not in AUDIO_TYPES:
            reader.fail(at, f"audio: {name!r} is not a kind of audio file podcast apps play",
                        "export it as MP3 (or M4A)")
            return None
        return (target, "", 0, 0, mime)
    url, at = fields["url"]
    if not url.startswith("https://") or " " in url:
        reader.fail(at, f"audio: url {url!r} is not an https:// address",
                    "podcast apps need https: give the file's https:// address")
        return None
    length_text = fields.get("length", ("", line))
    duration_text = fields.get("duration", ("", line))
    length = int(length_text[0]) if length_text[0].isdigit() else 0
    if length <= 0:
        reader.fail(length_text[1], "audio: length (the file's size in bytes) is " +
                    (f"{length_text[0]!r}, not a number" if length_text[0] else "missing"),
                    "add length: with the exact size in bytes (shown by the release page, or "
                    "`ls -l`); `sharesite check --remote` confirms it")
    duration = seconds(duration_text[0]) if duration_text[0] else None
    if not duration:
        reader.fail(duration_text[1], "audio: duration is " +
                    (f"{duration_text[0]!r}, not a time" if duration_text[0] else "missing"),
                    'add duration: "40:12" (minutes and seconds, or "1:02:03")')
    suffix = posixpath.splitext(url.partition("?")[0])[1].lower()
    mime = fields["type"][0] if "type" in fields else AUDIO_TYPES.get(suffix, "")
    if not mime:
        reader.fail(at, f"audio: cannot tell what kind of audio {url!r} is",
                    "add type: audio/mpeg (MP3) or audio/mp4 (M4A)")
    if length <= 0 or not duration or not mime:
        return None
    return ("", url, length, duration, mime)


def _transcript(reader: Reader, node: yaml.Node, line: int, directory: str,
                content_dir: Any) -> str:
    name = reader.text("transcript", node, line)
    target = _inside(directory, name) if name else None
    if target is None or not (content_dir / target).is_file():
        reader.fail(line, f"transcript: {name!r} is not a file beside this page",
                    f"put the transcript in content/{directory}/ or fix its name")
        return ""
    if posixpath.splitext(target)[1].lower() not in TRANSCRIPT_TYPES:
        reader.fail(line, f"transcript: {name!r} is not a .vtt, .srt, .md or .html file",
                    "save the transcript as WebVTT (.vtt), SubRip (.srt), Markdown or HTML")
        return ""
    return target


def _chapters(reader: Reader, node: yaml.Node, line: int) -> tuple[Chapter, ...]:
    example = 'chapters: [{start: "0:00", title: Welcome}, {start: "4:30", title: Questions}]'
    if isinstance(node, yaml.ScalarNode) and is_null(node):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        reader.fail(line, "chapters: must be a list of start times and titles",
                    "write " + example)
        return ()
    out: list[Chapter] = []
    for item in node.value:
        at = item.start_mark.line + 2
        record: dict[str, str] = {}
        if isinstance(item, yaml.MappingNode):
            for key_node, value in item.value:
                record[str(key_node.value)] = reader.text(f"chapters: {key_node.value}",
                                                          value, at)
        start = seconds(record.get("start", ""))
        if start is None or not record.get("title"):
            reader.fail(at, "chapters: each needs a start time and a title",
                        "write " + example)
            continue
        if out and start <= out[-1].start:
            reader.fail(at, f"chapters: {record['start']} is not after the chapter before",
                        "list the chapters in order")
            continue
        out.append(Chapter(start, record["title"], at))
    return tuple(out)
