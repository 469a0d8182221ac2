"""site.toml's `[[podcasts]]`: the shows a site publishes, each checked as it is read.

A show's episodes are posts or resources with `audio:` (sharesite.content.episode); its
pages and feed are made by sharesite.site.podcasts and sharesite.render.podcast_feed.
Categories are Apple's current list (2019 and after: "Education" with "Courses", "How To",
…), not the pre-2019 one (no "K-12", no "Educational Technology") that podcast apps now
ignore.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sharesite.errors import Diagnostic, did_you_mean, error, warning
from sharesite.licences import LICENCES, find_licence

# Apple Podcasts' categories and their subcategories, as Apple spells them in feeds
# (itunes:category text="…"). Spotify and the other apps read the same list.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing",
                 "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health",
                         "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": ("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
                "Home & Garden", "Video Games"),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": ("Business News", "Daily News", "Entertainment News", "News Commentary",
             "Politics", "Sports News", "Tech News"),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism",
                                "Religion", "Spirituality"),
    "Science": ("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
                "Natural Sciences", "Nature", "Physics", "Social Sciences"),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel",
                          "Relationships"),
    "Sports": ("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf",
               "Hockey", "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball",
               "Wilderness", "Wrestling"),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews",
                  "TV Reviews"),
}
DEFAULT_CATEGORY = "Education"
FIELDS = ("id", "title", "description", "author", "email", "category", "subcategory",
          "cover", "cover_alt", "language", "licence", "explicit", "apple", "spotify")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_MAILBOX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_EXAMPLE = ('[[podcasts]] with id = "staffroom", title = "The Staffroom", '
            'description = "...", author = "Hillside Primary", email = "office@...", '
            'cover = "podcasts/staffroom.png"')


@dataclass(frozen=True)
class PodcastSettings:
    """One `[[podcasts]]` table: a show. `cover` is content-relative (an image in content/,
    made square copies of by the image stage); `lines` give each key's line in site.toml."""

    id: str
    title: str
    description: str
    author: str
    email: str  # the owner's address (itunes:owner): a role mailbox, for Apple only
    category: str
    subcategory: str
    cover: str
    cover_alt: str
    language: str
    licence: str  # an SPDX id sharesite knows
    explicit: bool
    apple: str = ""  # the show's page in Apple Podcasts, once listed ("" until then)
    spotify: str = ""
    line: int = 0  # where its [[podcasts]] starts
    lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, self.line)


def read_podcasts(value: Any, starts: list[int], line_in: Callable[[int, str], int],
                  site_language: str, site_licence: str,
                  problems: list[Diagnostic]) -> tuple[PodcastSettings, ...]:
    """The `[[podcasts]]` tables (`starts`: the line each begins on; `line_in(start, key)`:
    a key's line in the table starting there). Problems go to `problems`; a show with an
    error is left out."""
    if value == ():
        return ()
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append(error("site.toml", starts[0] if starts else 0,
                              "podcasts must be a list of tables", "write each as " + _EXAMPLE))
        return ()
    shows: list[PodcastSettings] = []
    seen: set[str] = set()
    for number, entry in enumerate(value):
        start = starts[number] if number < len(starts) else 0
        lines = {key: line_in(start, key) or start for key in entry}
        found = _show(entry, start, lines, site_language, site_licence, seen, problems)
        if found is not None:
            seen.add(found.id)
            shows.append(found)
    return tuple(shows)


def _show(entry: dict[str, Any], start: int, lines: dict[str, int], site_language: str,
          site_licence: str, seen: set[str], problems: list[Diagnostic]
          ) -> PodcastSettings | None:
    count = len(problems)

    def fail(key: str, message: str, hint: str) -> None:
        problems.append(error("site.toml", lines.get(key, start), message, hint))

    for key in entry:
        if key not in FIELDS:
            problems.append(warning("site.toml", lines[key], f"unknown setting podcasts.{key}",
                                    did_you_mean(key, FIELDS) or "sharesite ignores it"))
    text: dict[str, str] = {}
    for key in FIELDS:
        if key == "explicit" or key not in entry:
            continue
        if not isinstance(entry[key], str):
            fail(key, f"podcasts.{key}: {entry[key]!r} is not text in quotes",
                 f'write {key} = "..."')
            continue
        text[key] = " ".join(entry[key].split())
    for key in ("id", "title", "description", "author", "email", "cover"):
        if not text.get(key) and not (key in entry and not isinstance(entry[key], str)):
            fail(key, f"podcasts: {key} is missing" + (f" (show {text['id']!r})"
                                                       if key != "id" and text.get("id")
                                                       else ""),
                 f"add {key} = ... under its [[podcasts]]; a show needs "
                 "id, title, description, author, email and cover")
    show_id = text.get("id", "")
    if show_id and not _ID.match(show_id):
        fail("id", f"podcasts: id {show_id!r} is not a short web name",
             "use lower-case letters, digits and hyphens, like staffroom-talks")
    elif show_id in seen:
        fail("id", f"podcasts: the id {show_id!r} is used by two shows", "give each its own id")
    email = text.get("email", "").removeprefix("mailto:")
    if email and not _MAILBOX.match(email):
        fail("email", f"podcasts: email {email!r} is not an e-mail address",
             "give a role mailbox like office@your-school.sch.uk (Apple writes to it once)")
    category = text.get("category", DEFAULT_CATEGORY)
    subcategory = text.get("subcategory", "")
    if category not in CATEGORIES:
        fail("category", f"podcasts: category {category!r} is not one of Apple's categories",
             did_you_mean(category, CATEGORIES) or "use one of " + ", ".join(CATEGORIES))
    elif subcategory and subcategory not in CATEGORIES[category]:
        fail("subcategory", f"podcasts: subcategory {subcategory!r} is not in Apple's "
             f"category {category!r}",
             did_you_mean(subcategory, CATEGORIES[category])
             or ("use one of " + ", ".join(CATEGORIES[category]) if CATEGORIES[category]
                 else f"{category} has no subcategories: remove subcategory"))
    licence_id = text.get("licence", site_licence)
    licence = find_licence(licence_id)
    if licence is None:
        fail("licence", f"podcasts: licence {licence_id!r} is not a licence sharesite knows",
             did_you_mean(licence_id, LICENCES) or "use one of " + ", ".join(LICENCES))
    explicit = entry.get("explicit", False)
    if not isinstance(explicit, bool):
        fail("explicit", f"podcasts: explicit {explicit!r} is not true or false",
             "write explicit = false (true only for content unsuitable for children)")
    for key in ("apple", "spotify"):
        url = text.get(key, "")
        if url and not url.startswith("https://"):
            fail(key, f"podcasts: {key} {url!r} is not a web address",
                 "give the show's https:// address in that app, or leave it out")
    cover = text.get("cover", "").lstrip("/")
    if len(problems) > count and any(p.is_error for p in problems[count:]):
        return None
    return PodcastSettings(
        id=show_id, title=text["title"], description=text["description"],
        author=text["author"], email=email, category=category, subcategory=subcategory,
        cover=cover, cover_alt=text.get("cover_alt", "") or f"The cover of {text['title']}",
        language=text.get("language", site_language),
        licence=licence.id if licence else site_licence, explicit=bool(explicit),
        apple=text.get("apple", ""), spotify=text.get("spotify", ""), line=start,
        lines=tuple(sorted(lines.items())))
