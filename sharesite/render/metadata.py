"""What a page says about itself to browsers, search engines and social sites:
the <head> values and the JSON-LD (schema.org BlogPosting, LearningResource)."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from typing import Any

from sharesite.content.discover import Kind
from sharesite.site.model import Page, Site
from sharesite.site.urls import Urls


@dataclass(frozen=True)
class FeedLink:
    title: str
    path: str
    type: str  # "atom" | "rss"


@dataclass(frozen=True)
class Meta:
    title: str
    description: str
    canonical: str
    og_type: str = "website"
    image: str = ""
    image_alt: str = ""
    image_width: int = 0  # of a processed image's link-preview copy
    image_height: int = 0
    image_type: str = ""
    feeds: tuple[FeedLink, ...] = ()
    jsonld: dict[str, Any] | None = None
    robots: str = ""


def site_feeds(site: Site) -> tuple[FeedLink, ...]:
    feeds = [FeedLink(f"{site.title} (Atom)", Urls.feed, "atom"),
             FeedLink(f"{site.title} (RSS)", Urls.rss, "rss")]
    if site.has_resources:
        feeds.append(FeedLink(f"{site.title}: resources", Urls.resources_feed, "atom"))
    return tuple(feeds)


def list_meta(site: Site, path: str, heading: str, description: str = "",
              own_feed: FeedLink | None = None, robots: str = "") -> Meta:
    title = site.title if not heading else f"{heading} — {site.title}"
    feeds = ((own_feed,) if own_feed else ()) + site_feeds(site)
    return Meta(title=title, description=description or site.description,
                canonical=site.absolute(path), feeds=feeds, robots=robots)


def page_meta(site: Site, page: Page) -> Meta:
    image, alt, width, height, kind = _preview(site, page)
    return Meta(
        title=f"{page.title} — {site.title}",
        description=page.summary or site.description,
        canonical=site.absolute(page.path),
        og_type="article" if page.kind != Kind.PAGE else "website",
        image=image,
        image_alt=alt,
        image_width=width,
        image_height=height,
        image_type=kind,
        feeds=site_feeds(site),
        jsonld=jsonld(site, page),
        robots="noindex" if page.draft else "",
    )


def _preview(site: Site, page: Page) -> tuple[str, str, int, int, str]:
    """The image link previews show: (address, alt, width, height, type). The cover's
    preview copy; else the first processed image of the text; else the cover as it is."""
    if page.cover_picture and page.cover_picture.preview:
        copy, alt = page.cover_picture.preview, page.cover_alt
    elif not page.cover_url and page.pictures and page.pictures[0].preview:
        copy = page.pictures[0].preview
        alt = next((s.alt or "" for s in page.document.shown
                    if s.target == "@" + page.pictures[0].source), "")
    elif page.cover_url:
        return _absolute(site, page.cover_url), page.cover_alt, 0, 0, ""
    else:
        return "", "", 0, 0, ""
    return site.absolute(copy.path), alt, copy.width, copy.height, copy.mime


def jsonld(site: Site, page: Page) -> dict[str, Any] | None:
    if page.kind == Kind.PAGE:
        return None
    doc = page.document
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting" if page.kind == Kind.POST else "LearningResource",
        "name" if page.kind == Kind.RESOURCE else "headline": page.title,
        "url": site.absolute(page.path),
        "mainEntityOfPage": site.absolute(page.path),
        "description": page.summary,
        "inLanguage": site.language,
        "author": [person(site, a) for a in page.authors],
        "publisher": {"@type": "Organization", "name": site.title, "url": site.base_url},
    }
    if doc.date:
        data["datePublished"] = doc.date.isoformat()
        data["dateModified"] = (doc.updated or doc.date).isoformat()
    if page.tags:
        data["keywords"] = [t.name for t in page.tags]
    image = _preview(site, page)[0]
    if image:
        data["image"] = image
    if page.kind == Kind.POST:
        data["wordCount"] = doc.words
        return data
    named = {kind: [f.name for f in page.facets if f.kind == kind]  # the vocabulary's spelling
             for kind in ("subjects", "levels", "types")}
    if named["subjects"]:
        data["about"] = [{"@type": "Thing", "name": s} for s in named["subjects"]]
    if named["levels"]:
        data["educationalLevel"] = named["levels"]
    if named["types"]:
        data["learningResourceType"] = named["types"][0]
    if page.licence:
        data["license"] = page.licence.url or page.licence.name
        data["isAccessibleForFree"] = True
    if doc.duration:
        minutes = _minutes(doc.duration)
        if minutes:
            data["timeRequired"] = f"PT{minutes}M"
    if page.adapted_from:
        data["isBasedOn"] = [
            {"@type": "CreativeWork", "name": c.title,
             **({"url": c.url} if c.url else {}),
             **({"author": {"@type": "Person", "name": c.author}} if c.author else {}),
             **({"license": c.licence.url or c.licence.name} if c.licence else
                {"license": c.licence_text} if c.licence_text else {})}
            for c in page.adapted_from]
    if page.files:
        data["encoding"] = [
            {"@type": "MediaObject", "name": f.title, "contentUrl": site.absolute(f.path),
             "contentSize": f"{f.size} B",
             "encodingFormat": mimetypes.guess_type(f.path)[0] or "application/octet-stream"}
            for f in page.files]
    return data


def person(site: Site, author: Any) -> dict[str, Any]:
    return {"@type": "Person", "name": author.name, "url": site.absolute(author.path)}


def _absolute(site: Site, url: str) -> str:
    return url if "://" in url else site.absolute(url)


def _minutes(duration: str) -> int:
    """'60 min', '1 hour', '1h 30m', '90' → minutes; 0 if it cannot tell."""
    total = 0
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*([a-zA-Z]*)", duration):
        value = float(number)
        total += int(value * 60) if unit.lower().startswith("h") else int(value)
    return total

