"""The rules that keep a site's images accessible and its photos of pupils safe to publish.

- Alt text: an image with no alt text, or with its file name as its alt text, is a
  warning from `build` and an error from `check` and `build --strict`, unless the page's
  front matter declares it decorative.
- Pupils: a photo marked `pupils: true` needs a consent basis (checked as the page is
  read); once its `review_by` date has passed it is a warning, and after the grace period
  set in site.toml ([images] review_grace_days) an error.
- Names: an image whose file name or alt text holds an author's surname, or a pupil's name
  from the school's private list (`SHARESITE_PUPIL_NAMES`: a file kept outside the site),
  is a warning: school blogging rules keep names away from photos.
- Downloads: a downloadable image that carries the GPS position where it was taken is a
  warning, with the command that removes it.
- The register: every photo of pupils, with its page, consent and review date, for the
  school's data-protection officer (`sharesite photos`).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sharesite.content.discover import Kind
from sharesite.content.document import CONSENT, Document, ImageFacts
from sharesite.errors import Diagnostic, error, warning
from sharesite.images.stage import is_raster
from sharesite.images.strip import gps_position
from sharesite.site.model import Page, Site
from sharesite.site.pictures import image_of

_WORD = re.compile(r"[^\W\d_]+")
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "mme", "mlle", "m", "herr",
           "frau", "señor", "señora", "sr", "sra", "rev"}


@dataclass(frozen=True)
class RegisterEntry:
    """One photo of pupils, as the register lists it."""

    page: str  # the page's content file
    url: str  # the page's address
    image: str  # content-relative
    consent: str
    review_by: dt.date | None
    status: str  # "published", "draft" or "scheduled"
    review: str  # "", "due" (passed) or "overdue" (past the grace period)


def photo_problems(site: Site, now: dt.datetime, names: frozenset[str],
                   as_errors: bool) -> list[Diagnostic]:
    """Every problem of the published pages' images (see the module's description)."""
    problems: list[Diagnostic] = []
    report = error if as_errors else warning
    grace = dt.timedelta(days=site.config.images.review_grace_days)
    surnames = {_surname(a.name) for a in site.authors} - {""}
    documents = [p.document for p in _pages(site)]
    documents += [a.document for a in site.authors if a.document is not None]
    for doc in documents:
        facts = {f.path: f for f in doc.images}
        for shown in doc.shown:
            rel = image_of(shown.target or shown.src, site.originals)
            if facts.get(rel, _PLAIN).decorative:
                continue
            alt = (shown.alt or "").strip()
            name = posixpath.basename(rel or shown.src.split("?")[0])
            if not alt:
                beside = rel and posixpath.dirname(rel) == doc.source.directory and \
                    doc.source.kind != Kind.AUTHOR
                problems.append(report(
                    doc.path, shown.line, f"the image {shown.src!r} has no alt text",
                    "describe it for readers who cannot see it: ![what it shows]("
                    f"{shown.src})" + (f", or declare it decorative: images: {{{name}: "
                                       "{decorative: true}}" if beside else "")))
            elif _is_file_name(alt, name):
                problems.append(report(
                    doc.path, shown.line, f"the alt text of {shown.src!r} is its file name",
                    "say what the image shows, for readers who cannot see it"))
            problems += _named(doc, shown.line, name, alt, surnames, names)
        if doc.cover.startswith("@"):
            problems += _named(doc, doc.line("cover"), posixpath.basename(doc.cover),
                               doc.cover_alt, surnames, names)
        for fact in doc.images:
            problems += _review(doc, fact, now.astimezone(site.config.tz).date(), grace)
    for page in site.resources:
        problems += _located(site, page)
    return problems


_CAMERA_NAME = re.compile(r"(img|dsc|dscn|dcim|pxl|photo|image|screenshot)[_ -]?[\d_ -]+"
                          r"(\.\w+)?")
_PLAIN = ImageFacts("", False, "", None, False, 0)


def _pages(site: Site) -> Iterable[Page]:
    return (*site.posts, *site.resources, *site.pages)


def _surname(name: str) -> str:
    words = [w for w in _WORD.findall(name) if w.casefold() not in _TITLES]
    return words[-1].casefold() if words and len(words[-1]) >= 3 else ""


def _is_file_name(alt: str, name: str) -> bool:
    def plain(text: str) -> str:
        return " ".join(_WORD.findall(text.casefold().replace("_", " ")))

    stem = posixpath.splitext(name)[0]
    if name and plain(alt) in (plain(name), plain(stem)):
        return True
    return _CAMERA_NAME.fullmatch(alt.casefold()) is not None


def _named(doc: Document, line: int, name: str, alt: str, surnames: set[str],
           pupils: frozenset[str]) -> list[Diagnostic]:
    problems = []
    for where, text in (("file name", name), ("alt text", alt)):
        words = {w.casefold() for w in _WORD.findall(text.replace("_", " "))}
        if words & pupils:  # the message does not repeat it, nor the file name holding it
            problems.append(warning(
                doc.path, line, f"the {where} of an image on this line holds a pupil's name",
                "keep names away from photos: rename the file or reword the alt text"))
        elif found := sorted(words & surnames):
            problems.append(warning(
                doc.path, line, f"the {where} of {name!r} holds the name {found[0].title()!r}",
                "keep names away from photos: rename the file or reword the alt text"))
    return problems


def _review(doc: Document, fact: ImageFacts, today: dt.date,
            grace: dt.timedelta) -> list[Diagnostic]:
    if fact.review_by is None or today <= fact.review_by:
        return []
    name = posixpath.basename(fact.path)
    late = today - fact.review_by
    if late > grace:
        return [error(doc.path, fact.line, f"images: {name}: its consent was due for review "
                      f"on {fact.review_by.isoformat()}, {late.days} days ago",
                      "check the consent is still in place and set a new review_by, or "
                      "remove the photo")]
    return [warning(doc.path, fact.line, f"images: {name}: its consent was due for review on "
                    f"{fact.review_by.isoformat()}", "check the consent is still in place and "
                    f"set a new review_by (this becomes an error after {grace.days} days)")]


def _located(site: Site, page: Page) -> list[Diagnostic]:
    """A downloadable image that tells where it was taken."""
    problems = []
    for ref in page.document.files:
        if not is_raster(ref.path):
            continue
        try:
            data = (site.config.content_dir / ref.path).read_bytes()
        except OSError:
            continue
        if gps_position(data) is not None:
            problems.append(warning(
                page.document.path, ref.line,
                f"files: {posixpath.basename(ref.path)!r} carries the GPS position where "
                "it was taken, and downloads are published as they are",
                f"remove it with: sharesite strip content/{ref.path}"))
    return problems


def register(site: Site, now: dt.datetime) -> list[RegisterEntry]:
    """Every photo of pupils on the site's pages (build with drafts and future posts to
    see them all), in page order."""
    grace = dt.timedelta(days=site.config.images.review_grace_days)
    today = now.astimezone(site.config.tz).date()
    entries = []
    for page in sorted(_pages(site), key=lambda p: p.document.path):
        doc = page.document
        status = "draft" if doc.draft else "scheduled" if doc.date and doc.date > now \
            else "published"
        for fact in doc.images:
            if not fact.pupils:
                continue
            review = "" if fact.review_by is None or today <= fact.review_by else \
                "overdue" if today - fact.review_by > grace else "due"
            entries.append(RegisterEntry(doc.path, site.absolute(page.path), fact.path,
                                         fact.consent, fact.review_by, status, review))
    return entries


def consent_meaning(consent: str) -> str:
    return CONSENT.get(consent, "")
