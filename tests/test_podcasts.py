"""Podcasts (issue 20): a show in site.toml, episodes from posts and resources with audio,
the show's page and feed, the episode's player and transcript, and every limit's message."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from PIL import Image
from support import BASE_URL, DEFAULT_CONFIG, Html, build, contents, make_site, out, read, run

from sharesite.content.episode import seconds
from sharesite.content.transcript import cues
from sharesite.podcast_settings import CATEGORIES
from sharesite.render.podcast_feed import ITUNES, PODCAST
from sharesite.site.podcasts import feed_guid

# One MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz) of silence: 417 bytes, 26 ms. A file of
# them is an MP3 that mutagen reads like any other.
FRAME = b"\xff\xfb\x90\x64" + bytes(413)
SHOW = """
[[podcasts]]
id = "staffroom"
title = "The Staffroom"
description = "Talks from our CPD sessions"
author = "Hillside Primary"
email = "office@hillside.sch.uk"
cover = "podcasts/staffroom.png"
"""
CONFIG = DEFAULT_CONFIG + SHOW
VTT = ("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Ms Patel>Welcome to the staffroom.\n\n"
       "00:00:02.000 --> 00:00:03.000\nThank you for listening.\n")


def mp3(seconds_long: float) -> bytes:
    return FRAME * round(seconds_long * 44100 / 1152)


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def episode_site(tmp_path: Path, extra: dict[str, str | bytes] | None = None,
                 config: str = CONFIG, cover: bytes | None = None) -> Path:
    files: dict[str, str | bytes] = {
        "content/podcasts/staffroom.png": cover if cover is not None else png(1400, 1400),
        "content/authors/ms-patel.md": "---\nname: Ms Patel\n---\nDeputy head.\n",
        "content/posts/2026-03-01-phonics-talk/index.md": """
            ---
            title: Phonics that sticks
            authors: [ms-patel]
            audio: talk.mp3
            transcript: talk.vtt
            podcast: staffroom
            episode: 1
            chapters: [{start: "0:00", title: Welcome}, {start: "0:02", title: Thanks}]
            ---
            Our twilight CPD on phonics.
            """,
        "content/posts/2026-03-01-phonics-talk/talk.mp3": mp3(3),
        "content/posts/2026-03-01-phonics-talk/talk.vtt": VTT,
        "content/resources/teachmeet-recording/index.md": """
            ---
            title: Teachmeet recording
            date: 2026-03-08
            audio:
              url: "https://media.example.org/teachmeet.mp3"
              length: 48213504
              duration: "40:12"
            transcript: teachmeet.html
            episode: 2
            explicit: false
            ---
            The spring teachmeet.
            """,
        "content/resources/teachmeet-recording/teachmeet.html":
            "<p><b>Host:</b> Welcome to the teachmeet.</p><script>alert(1)</script>",
    }
    return make_site(tmp_path, {**files, **(extra or {})}, config)


def feed_of(site: Path) -> bytes:
    return (out(site) / "podcasts/staffroom/feed.xml").read_bytes()


def test_the_feed_carries_every_episode_as_podcast_apps_read_it(tmp_path: Path) -> None:
    site = episode_site(tmp_path)
    build(site)
    parsed = feedparser.parse(feed_of(site))
    assert not parsed.bozo, parsed.bozo_exception
    by_title = {e.title: e for e in parsed.entries}
    assert [e.title for e in parsed.entries] == ["Teachmeet recording", "Phonics that sticks"]
    local = by_title["Phonics that sticks"]
    page = BASE_URL + "posts/phonics-talk/"
    assert local.id == page and local.link == page
    assert local.enclosures == [{"href": page + "talk.mp3", "length": str(len(mp3(3))),
                                 "type": "audio/mpeg"}]
    assert local.itunes_duration == "3"
    assert local.itunes_episode == "1"
    assert local.podcast_transcript == {"url": page + "talk.vtt", "type": "text/vtt",
                                        "rel": "captions", "language": "en-GB"}
    remote = by_title["Teachmeet recording"]
    assert remote.id == BASE_URL + "resources/teachmeet-recording/"
    assert remote.enclosures == [{"href": "https://media.example.org/teachmeet.mp3",
                                  "length": "48213504", "type": "audio/mpeg"}]
    assert remote.itunes_duration == "2412"
    assert remote.podcast_transcript["url"] == \
        BASE_URL + "resources/teachmeet-recording/teachmeet.html"
    assert remote.published == "Sun, 08 Mar 2026 12:00:00 GMT"  # noon UTC: the same day
    feed_url = BASE_URL + "podcasts/staffroom/feed.xml"
    assert parsed.feed.podcast_guid == str(uuid.uuid5(
        uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"),
        "example.github.io/sub/podcasts/staffroom/feed.xml"))
    assert parsed.feed.podcast_guid == feed_guid(feed_url)

    root = etree.fromstring(feed_of(site))
    channel = root.find("channel")
    assert channel.findtext(f"{{{ITUNES}}}explicit") == "false"
    assert [i.findtext(f"{{{ITUNES}}}explicit") for i in channel.iter("item")] == \
        ["false", "false"]
    category = channel.find(f"{{{ITUNES}}}category").get("text")
    assert category == "Education" and category in CATEGORIES
    assert channel.find(f"{{{PODCAST}}}license").text == "cc-by-4.0"
    person = channel.find(f"item/{{{PODCAST}}}person")
    assert (person.text, person.get("href")) == ("Ms Patel", BASE_URL + "authors/ms-patel/")
    image = channel.find(f"{{{ITUNES}}}image").get("href")
    assert image == BASE_URL + "podcasts/staffroom-square.jpg"
    with Image.open(out(site) / "podcasts/staffroom-square.jpg") as cover:
        assert cover.format == "JPEG" and cover.size == (1400, 1400)


def test_the_podcast_guid_follows_the_podcast_index_rule() -> None:
    # The namespace's own example (podcastindex.org/namespace/1.0, <podcast:guid>).
    assert feed_guid("https://mp3s.nashownotes.com/pc20rss.xml") == \
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert feed_guid("http://mp3s.nashownotes.com/pc20rss.xml/") == \
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def test_a_large_cover_is_made_3000_pixels_square(tmp_path: Path) -> None:
    site = episode_site(tmp_path, cover=png(3100, 3100))
    build(site)
    with Image.open(out(site) / "podcasts/staffroom-square.jpg") as cover:
        assert cover.size == (3000, 3000)


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    site = episode_site(tmp_path)
    build(site, "--output", str(tmp_path / "one"))
    build(site, "--output", str(tmp_path / "two"))
    one, two = contents(tmp_path / "one"), contents(tmp_path / "two")
    assert "podcasts/staffroom/feed.xml" in one and "podcasts/staffroom/index.html" in one
    assert one == two


def test_the_pages_play_nothing_until_asked_and_show_the_transcript(tmp_path: Path) -> None:
    site = episode_site(tmp_path)
    build(site)
    html = read(site, "posts/phonics-talk/index.html")
    tags = Html(html).tags
    audio = [a for t, a in tags if t == "audio"]
    assert audio == [{"class": "episode__audio", "controls": None, "preload": "none",
                      "src": "/sub/posts/phonics-talk/talk.mp3"}]
    assert ("track", {"kind": "captions", "src": "/sub/posts/phonics-talk/talk.vtt",
                      "srclang": "en-GB", "label": "Transcript"}) in tags
    assert "<b>Ms Patel:</b> Welcome to the staffroom." in html
    assert "Episode 1 of" in html and "Thanks</li>" in html
    remote = read(site, "resources/teachmeet-recording/index.html")
    assert 'preload="none" src="https://media.example.org/teachmeet.mp3"' in remote
    assert "Welcome to the teachmeet." in remote and "alert(1)" not in remote
    show = read(site, "podcasts/staffroom/index.html")
    assert '<code>https://example.github.io/sub/podcasts/staffroom/feed.xml</code>' in show
    assert show.index("Teachmeet recording") < show.index("Phonics that sticks")
    assert 'type="application/rss+xml"' in show


def test_a_missing_transcript_is_an_error(tmp_path: Path) -> None:
    site = episode_site(tmp_path, {"content/posts/2026-03-02-no-words.md": """
        ---
        title: No words
        audio: {url: "https://media.example.org/a.mp3", length: 100, duration: "1:00"}
        ---
        """})
    result = run(site, "check")
    assert result.exit_code == 1
    assert "content/posts/2026-03-02-no-words.md:3: transcript is missing: WCAG 2.2 asks " \
           "for one for recorded audio (add transcript: talk.vtt (a .vtt, .srt, .md or .html " \
           "file beside it))" in result.lines


def test_two_episodes_with_one_number_is_an_error(tmp_path: Path) -> None:
    site = episode_site(tmp_path, {"content/posts/2026-03-09-again.md": """
        ---
        title: Again
        audio: {url: "https://media.example.org/b.mp3", length: 100, duration: "1:00"}
        transcript: again.html
        episode: 1
        ---
        """, "content/posts/again.html": "<p>Again.</p>"})
    result = run(site, "check")
    assert result.exit_code == 1
    assert "content/posts/2026-03-09-again.md:5: episode: 1 is also the number of " \
           "content/posts/2026-03-01-phonics-talk/index.md in podcast 'staffroom' (give each " \
           "episode of a show its own number)" in result.lines


def test_a_markdown_transcript_in_the_bundle_is_shown_not_warned_about(tmp_path: Path) -> None:
    site = episode_site(tmp_path, {
        "content/posts/2026-03-10-words/index.md": """
            ---
            title: Words
            audio: {url: "https://media.example.org/c.mp3", length: 100, duration: "1:00"}
            transcript: transcript.md
            episode: 3
            ---
            """,
        "content/posts/2026-03-10-words/transcript.md": "**Host:** Welcome to *words*.\n",
        "content/posts/2026-03-10-words/notes.md": "Not named by any page.\n"})
    result = build(site)
    assert not [line for line in result.lines if "transcript.md" in line]
    assert "content/posts/2026-03-10-words/notes.md: warning: this Markdown file is inside " \
           "the bundle content/posts/2026-03-10-words/, so it is not published (only the " \
           "bundle's index.md becomes a page: move this file out of the bundle's folder to " \
           "make it a page of its own)" in result.lines
    page = (out(site) / "posts/words/index.html").read_text(encoding="utf-8")
    assert "<strong>Host:</strong> Welcome to <em>words</em>." in page
    assert not (out(site) / "posts/words/transcript.md").exists()


def test_a_url_needs_its_length_and_duration(tmp_path: Path) -> None:
    site = episode_site(tmp_path, {"content/posts/2026-03-02-remote/index.md": """
        ---
        title: Remote
        audio: {url: "https://media.example.org/a.mp3"}
        transcript: words.vtt
        ---
        """, "content/posts/2026-03-02-remote/words.vtt": VTT})
    result = run(site, "check")
    assert result.exit_code == 1
    assert any(line.startswith("content/posts/2026-03-02-remote/index.md:3: audio: length "
                               "(the file's size in bytes) is missing") for line in result.lines)
    assert any("audio: duration is missing" in line for line in result.lines)


def _sparse_mp3(path: Path, size: int) -> None:
    """An MP3 of `size` bytes without writing them: a few frames, then a hole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        stream.write(FRAME * 40)
        stream.truncate(size)


def test_audio_over_95_mb_is_an_error_and_over_50_mb_a_warning(tmp_path: Path) -> None:
    site = episode_site(tmp_path)
    _sparse_mp3(site / "content/posts/2026-03-01-phonics-talk/talk.mp3", 96_000_000)
    result = run(site, "check")
    assert result.exit_code == 1
    assert "content/posts/2026-03-01-phonics-talk/index.md:4: audio: talk.mp3 is 96.0 MB, " \
           "over 95.0 MB: GitHub refuses a file over 100 MB, so a push would fail (upload it " \
           "as a GitHub release asset and write audio: {url: ..., length: ..., duration: ...})" \
        in result.lines
    _sparse_mp3(site / "content/posts/2026-03-01-phonics-talk/talk.mp3", 51_000_000)
    result = run(site, "check")
    assert result.exit_code == 0, result.stderr
    assert any(line.startswith("content/posts/2026-03-01-phonics-talk/index.md:4: warning: "
                               "audio: talk.mp3 is 51.0 MB, over 50.0 MB")
               for line in result.lines)


def test_a_site_over_600_mb_of_audio_warns(tmp_path: Path) -> None:
    extra: dict[str, str | bytes] = {}
    for number in range(7):
        extra[f"content/posts/2026-02-0{number + 1}-talk-{number}/index.md"] = f"""
            ---
            title: Talk {number}
            audio: talk.mp3
            transcript: talk.vtt
            ---
            """
        extra[f"content/posts/2026-02-0{number + 1}-talk-{number}/talk.vtt"] = VTT
    site = episode_site(tmp_path, extra)
    for number in range(7):
        _sparse_mp3(site / f"content/posts/2026-02-0{number + 1}-talk-{number}/talk.mp3",
                    90_000_000)
    result = run(site, "check")
    assert "content: warning: the site's own audio files come to 630.0 MB, over 600.0 MB: " \
           "a GitHub Pages site is limited to 1 GB in all (move the longest recordings to " \
           "a GitHub release and give their url)" in result.lines


@pytest.mark.parametrize(("size", "shape"), [
    ((1000, 1000), "smaller than 1400 pixels a side"),
    ((1600, 1400), "not square"),
])
def test_a_cover_that_cannot_be_one_is_an_error_stating_its_size(
        tmp_path: Path, size: tuple[int, int], shape: str) -> None:
    site = episode_site(tmp_path, cover=png(*size))
    result = run(site, "build")
    assert result.exit_code == 1
    line = CONFIG.splitlines().index('cover = "podcasts/staffroom.png"') + 1
    assert f"site.toml:{line}: podcasts: cover podcasts/staffroom.png is {size[0]} x " \
           f"{size[1]} pixels, {shape}: podcast apps need a square image of 1400 to 3000 " \
           "pixels (make it square, 3000 x 3000 pixels, as a JPEG or PNG)" in result.lines


def test_show_settings_are_checked(tmp_path: Path) -> None:
    config = CONFIG.replace('cover = "podcasts/staffroom.png"',
                            'cover = "podcasts/staffroom.png"\ncategory = "Educaton"\n'
                            'explicit = "no"')
    site = episode_site(tmp_path, config=config)
    result = run(site, "build")
    assert result.exit_code == 2
    at = config.splitlines().index('category = "Educaton"') + 1
    assert f"site.toml:{at}: podcasts: category 'Educaton' is not one of Apple's categories " \
           '(did you mean "Education"?)' in result.lines
    assert f"site.toml:{at + 1}: podcasts: explicit 'no' is not true or false (write " \
           "explicit = false (true only for content unsuitable for children))" in result.lines


def test_an_episode_of_a_show_that_is_not_there(tmp_path: Path) -> None:
    site = episode_site(tmp_path, {"content/posts/2026-03-01-phonics-talk/index.md": """
        ---
        title: Phonics that sticks
        audio: talk.mp3
        transcript: talk.vtt
        podcast: stafroom
        ---
        """})
    result = run(site, "check")
    assert "content/posts/2026-03-01-phonics-talk/index.md:5: podcast: 'stafroom' is not a " \
           'show in site.toml (did you mean "staffroom"?)' in result.lines


def test_times_and_cues() -> None:
    assert [seconds(t) for t in ("40:12", "1:02:03", "75", "1:75", "x")] == \
        [2412, 3723, 75, None, None]
    found = cues("1\n00:01:05,000 --> 00:01:07,000\nHello\nthere\n\n2\n01:00:00,500 --> "
                 "01:00:01,000\n<i>Bye</i>\n")
    assert [(c.start, c.text) for c in found] == [("1:05", "Hello there"), ("1:00:00", "Bye")]


def test_a_changed_recording_changes_its_page_and_the_feed(tmp_path: Path) -> None:
    site = episode_site(tmp_path)
    build(site)
    (site / "content/posts/2026-03-01-phonics-talk/talk.mp3").write_bytes(mp3(65))
    build(site)
    assert "1:05 long" in read(site, "posts/phonics-talk/index.html")
    assert "<itunes:duration>65</itunes:duration>" in feed_of(site).decode()
    assert f'length="{len(mp3(65))}"' in feed_of(site).decode()
    (site / "content/posts/2026-03-01-phonics-talk/talk.vtt").write_text(
        VTT.replace("Thank you for listening.", "Goodbye for now."), encoding="utf-8")
    build(site)
    assert "Goodbye for now." in read(site, "posts/phonics-talk/index.html")
