"""Shows and their episodes: site.toml's `[[podcasts]]` and the posts and resources with
`audio:`, put together when the site is.

Each episode's audio is read here (length, duration, type: sharesite.content.audio) and
its transcript made HTML (sharesite.content.transcript), every build: a document in the
cache never carries the facts of an audio file that changed since. The limits are those of
publishing, not of sharesite: git refuses a file over 100 MB and a GitHub Pages site stops
at 1 GB, so long recordings go in a GitHub release and are named by their URL.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from urllib.parse import urlsplit

from markupsafe import Markup

from sharesite.config import SiteConfig
from sharesite.content.audio import (
    MAX_BYTES,
    SITE_WARN_BYTES,
    WARN_BYTES,
    AudioProblem,
    read_audio,
    size_text,
)
from sharesite.content.episode import EpisodeFacts
from sharesite.content.transcript import TYPES as TRANSCRIPT_TYPES
from sharesite.content.transcript import transcript_html
from sharesite.errors import Diagnostic, did_you_mean, error, warning
from sharesite.images.picture import SQUARE_MAX, SQUARE_MIN, Picture
from sharesite.licences import find_licence
from sharesite.podcast_settings import PodcastSettings
from sharesite.remote import RemoteAudio
from sharesite.site.links import file_address
from sharesite.site.model import Episode, Page, Show, Site
from sharesite.site.urls import Urls

# The Podcast Index's namespace for feed GUIDs: podcast:guid is a UUIDv5 of the feed's URL
# "with the protocol scheme and trailing slashes stripped off", in this namespace
# (https://podcastindex.org/namespace/1.0, tag <podcast:guid>; the spec's example,
# mp3s.nashownotes.com/pc20rss.xml → 917393e3-1b1e-5cef-ace4-edaa54e1f810, is a test).
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def feed_guid(feed_url: str) -> str:
    """The podcast:guid of the feed at `feed_url`: made from the address alone, so it is
    the same on every build, and stays the show's own if the feed moves (apps keep it)."""
    parts = urlsplit(feed_url)
    bare = feed_url[len(parts.scheme) + 3:] if parts.scheme else feed_url
    return str(uuid.uuid5(GUID_NAMESPACE, bare.rstrip("/")))


def podcasts(config: SiteConfig, pages: list[Page], urls: dict[str, str],
             pictures: dict[str, Picture], owners: dict[str, list[str]],
             problems: list[Diagnostic]) -> tuple[list[Page], tuple[Show, ...]]:
    """The pages, each episode with its recording read, and the shows with their episodes
    (newest first). Each show's page and feed are claimed in `owners`; every problem (a
    show the page does not name, audio too big or unreadable, a cover that cannot be one)
    goes to `problems`, with the file and line to fix."""
    by_id = {s.id: s for s in config.podcasts}
    out: list[Page] = []
    total = 0
    for page in pages:
        facts = page.document.episode
        if facts is None:
            out.append(page)
            continue
        settings = _show_of(config, page, facts, problems)
        episode = _episode(config, page, facts, settings, urls, problems) \
            if settings is not None else None
        if episode is not None and episode.local:
            total += episode.length
        out.append(replace(page, episode=episode))
    if total > SITE_WARN_BYTES:
        problems.append(warning(
            "content", 0, f"the site's own audio files come to {size_text(total)}, over "
            f"{size_text(SITE_WARN_BYTES)}: a GitHub Pages site is limited to 1 GB in all",
            "move the longest recordings to a GitHub release and give their url"))
    shows = []
    for settings in by_id.values():
        show = Show(settings, feed_guid(config.base_url + Urls.feed_of(Urls.podcast(settings.id))))
        owners[Urls.file(show.path)].append(f"the page of podcast {settings.id!r}")
        owners[show.feed_path].append(f"the feed of podcast {settings.id!r}")
        episodes = tuple(sorted((p for p in out if p.episode and p.episode.show == settings.id),
                                key=lambda p: p.sort_key, reverse=True))
        problems += _numbers_twice(settings.id, episodes)
        shows.append(replace(show, episodes=episodes,
                             cover=_cover(config, settings, pictures, problems),
                             licence=find_licence(settings.licence)))
    return out, tuple(shows)


def _numbers_twice(show: str, episodes: tuple[Page, ...]) -> list[Diagnostic]:
    """Two episodes of one show with one number: podcast apps list them as one."""
    found: list[Diagnostic] = []
    first: dict[int, Page] = {}
    for page in sorted(episodes, key=lambda p: p.document.path):
        number = page.episode.number if page.episode else None
        if number is None:
            continue
        if number in first:
            found.append(error(page.document.path, page.document.line("episode"),
                               f"episode: {number} is also the number of "
                               f"{first[number].document.path} in podcast {show!r}",
                               "give each episode of a show its own number"))
        else:
            first[number] = page
    return found


def _show_of(config: SiteConfig, page: Page, facts: EpisodeFacts,
             problems: list[Diagnostic]) -> PodcastSettings | None:
    doc = page.document
    by_id = {s.id: s for s in config.podcasts}
    if facts.show:
        if facts.show in by_id:
            return by_id[facts.show]
        problems.append(error(doc.path, facts.line_of("podcast"),
                              f"podcast: {facts.show!r} is not a show in site.toml",
                              did_you_mean(facts.show, by_id) or
                              ("use one of " + ", ".join(by_id) if by_id else
                               f'add a [[podcasts]] table with id = "{facts.show}" to '
                               "site.toml")))
        return None
    if len(by_id) == 1:
        return next(iter(by_id.values()))
    problems.append(error(doc.path, facts.line,
                          "audio: which show is this an episode of? podcast: is missing",
                          "add podcast: with one of " + ", ".join(by_id) if by_id else
                          'add a [[podcasts]] table to site.toml (id = "...", title = "...", '
                          "...) and podcast: with its id"))
    return None


def _episode(config: SiteConfig, page: Page, facts: EpisodeFacts, settings: PodcastSettings,
             urls: dict[str, str], problems: list[Diagnostic]) -> Episode | None:
    doc = page.document
    if facts.file:
        try:
            audio = read_audio(config.content_dir / facts.file)
        except AudioProblem as exc:
            problems.append(error(doc.path, facts.line, exc.message, exc.hint))
            return None
        name = facts.file.rpartition("/")[2]
        if audio.length > MAX_BYTES:
            problems.append(error(
                doc.path, facts.line, f"audio: {name} is {size_text(audio.length)}, over "
                f"{size_text(MAX_BYTES)}: GitHub refuses a file over 100 MB, so a push would "
                "fail", "upload it as a GitHub release asset and write audio: {url: ..., "
                "length: ..., duration: ...}"))
            return None
        if audio.length > WARN_BYTES:
            problems.append(warning(
                doc.path, facts.line, f"audio: {name} is {size_text(audio.length)}, over "
                f"{size_text(WARN_BYTES)}: every copy of the site's repository carries it",
                "upload it as a GitHub release asset and write audio: {url: ..., "
                "length: ..., duration: ...}"))
        src, local = urls.get(facts.file, ""), True
        length, duration, mime = audio.length, audio.duration, facts.type or audio.type
    else:
        src, local = facts.url, False
        length, duration, mime = facts.length, facts.duration, facts.type
    suffix = "." + facts.transcript.rpartition(".")[2].lower()
    try:
        text = (config.content_dir / facts.transcript).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(error(doc.path, facts.line_of("transcript"),
                              f"transcript: cannot read {facts.transcript.rpartition('/')[2]}"
                              f" ({exc})", "save it as UTF-8 text beside the page"))
        return None
    body = transcript_html(text, suffix, doc.source.directory)
    if not body.strip():
        problems.append(error(doc.path, facts.line_of("transcript"),
                              f"transcript: {facts.transcript.rpartition('/')[2]} is empty",
                              "write out what is said: WCAG 2.2 asks for a transcript"))
        return None
    file_path = urls.get(facts.transcript, "") if suffix != ".md" else ""
    return Episode(
        show=settings.id, src=src, local=local, length=length, duration=duration, type=mime,
        transcript=Markup(body), transcript_path=file_path,
        transcript_type=TRANSCRIPT_TYPES.get(suffix, "text/html"),
        captions=file_path if suffix == ".vtt" else "", number=facts.number,
        explicit=settings.explicit if facts.explicit is None else facts.explicit,
        chapters=facts.chapters)


def _cover(config: SiteConfig, settings: PodcastSettings, pictures: dict[str, Picture],
           problems: list[Diagnostic]) -> Picture | None:
    """The show's cover with its square copy; an error stating its size when it cannot be
    one (podcast apps refuse a cover that is not square, or smaller than 1400 pixels)."""
    line = settings.line_of("cover")
    picture = pictures.get(settings.cover)
    if picture is None:
        problems.append(error("site.toml", line, f"podcasts: cover {settings.cover!r} is not "
                              "a picture in content/", "give the path of a square JPEG or PNG "
                              'in content/, like cover = "podcasts/staffroom.png"'))
        return None
    if picture.square is not None:
        return picture
    if picture.drawing or picture.animated:
        problems.append(error("site.toml", line, f"podcasts: cover {settings.cover} is "
                              f"{'a drawing' if picture.drawing else 'an animation'}: podcast "
                              "apps need a still JPEG or PNG",
                              f"export it as a PNG, {SQUARE_MAX} x {SQUARE_MAX} pixels"))
        return None
    width, height = _size(config, settings.cover)
    shape = "not square" if width != height else f"smaller than {SQUARE_MIN} pixels a side"
    problems.append(error(
        "site.toml", line, f"podcasts: cover {settings.cover} is {width} x {height} pixels, "
        f"{shape}: podcast apps need a square image of {SQUARE_MIN} to {SQUARE_MAX} pixels",
        f"make it square, {SQUARE_MAX} x {SQUARE_MAX} pixels, as a JPEG or PNG"))
    return None


def _size(config: SiteConfig, rel: str) -> tuple[int, int]:
    """An image's upright size, from its header."""
    from PIL import Image  # the image stage has loaded it already

    with Image.open(config.content_dir / rel) as image:
        width, height = image.size
        if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):
            width, height = height, width
    return width, height


def absolute(config: SiteConfig, src: str) -> str:
    """An episode's `src` (a site path, or an https URL already) as an absolute URL."""
    return src if src.startswith(("https://", "http://")) \
        else file_address(config, src, absolute=True)


def remote_audio(site: Site) -> list[RemoteAudio]:
    """The site's recordings hosted elsewhere, for `sharesite check --remote`."""
    return [RemoteAudio(p.document.path, p.document.episode.line, p.episode.src,
                        p.episode.length)
            for p in (*site.posts, *site.resources)
            if p.episode is not None and not p.episode.local and p.document.episode]
