"""What a page says about itself to browsers, search engines and social sites:
the <head> values (Open Graph with a raster preview image) and the JSON-LD (schema.org
BlogPosting, LearningResource; WebSite on the home page, ProfilePage on an author's,
CollectionPage on the library, a tag's and a facet's; BreadcrumbList where a page sits
under another). Every JSON-LD object is one top-level node, printed with sorted keys."""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from sharesite.content.discover import Kind
from sharesite.images.picture import Picture, Variant
from sharesite.render.events_json import PATH as EVENTS_JSON
from sharesite.render.events_json import publishes as publishes_events
from sharesite.render.expertise_json import PATH as EXPERTISE_JSON
from sharesite.render.expertise_json import publishes
from sharesite.render.strings import Strings
from sharesite.site.model import Author, Event, Offer, Page, School, Site
from sharesite.site.network import web_url
from sharesite.site.urls import Urls


@dataclass(frozen=True)
class FeedLink:
    title: str
    path: str
    type: str  # "atom" | "rss"


@dataclass(frozen=True)
class DataLink:
    """A machine-readable file announced in every page's head (JSON Feed, catalogue, …)."""

    title: str
    path: str
    media_type: str


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
    data: tuple[DataLink, ...] = ()


def site_feeds(site: Site) -> tuple[FeedLink, ...]:
    feeds = [FeedLink(f"{site.title} (Atom)", Urls.feed, "atom"),
             FeedLink(f"{site.title} (RSS)", Urls.rss, "rss")]
    if site.has_resources:
        feeds.append(FeedLink(f"{site.title}: resources", Urls.resources_feed, "atom"))
    return tuple(feeds)


def site_data(site: Site) -> tuple[DataLink, ...]:
    """The files other sites and tools read, as every page's head announces them."""
    return (DataLink(f"{site.title} (JSON Feed)", Urls.json_feed, "application/feed+json"),
            DataLink(f"{site.title}: resource catalogue (JSON)", Urls.catalogue,
                     "application/json"),
            DataLink(f"{site.title}: network identity (JSON)", Urls.network, "application/json"),
            *((DataLink(f"{site.title}: expertise directory (JSON)", EXPERTISE_JSON,
                        "application/json"),) if publishes(site) else ()),
            *((DataLink(f"{site.title}: events (JSON)", EVENTS_JSON, "application/json"),)
              if publishes_events(site) else ()),
            DataLink(f"{site.title}: peers (OPML)", Urls.peers_opml, "text/x-opml"),
            *((DataLink(f"{site.title}: events (iCalendar)", Urls.events_ics,
                        "text/calendar"),) if site.events else ()))


def list_meta(site: Site, path: str, heading: str, description: str = "",
              own_feed: FeedLink | None = None, robots: str = "",
              jsonld: dict[str, Any] | None = None) -> Meta:
    title = site.title if not heading else f"{heading} — {site.title}"
    feeds = ((own_feed,) if own_feed else ()) + site_feeds(site)
    image, alt, width, height, kind = _site_preview(site)
    return Meta(title=title, description=description or site.description,
                canonical=site.absolute(path), image=image, image_alt=alt, image_width=width,
                image_height=height, image_type=kind, feeds=feeds, jsonld=jsonld,
                robots=robots, data=site_data(site))


def page_meta(site: Site, page: Page, strings: Strings) -> Meta:
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
        jsonld=jsonld(site, page, strings),
        robots="noindex" if page.draft else "",
        data=site_data(site),
    )


Preview = tuple[str, str, int, int, str]  # (absolute address, alt, width, height, MIME type)


def _preview(site: Site, page: Page) -> Preview:
    """The image link previews show: the page's own (`page_preview`), else the site's."""
    return page_preview(site, page) or _site_preview(site)


def page_preview(site: Site, page: Page) -> Preview | None:
    """The page's own picture for previews, a raster copy with its size wherever there is
    one: the cover's preview copy; else (no cover) the first picture of the text that has
    one; else a cover on another site, as it is (its size unknown: it is still the page's
    own picture); None when it has none (the JSON Feed's item `image` too)."""
    if page.cover_picture and page.cover_picture.preview:
        return _copy(site, page.cover_picture.preview, page.cover_alt)
    if not page.cover_url:
        first = next((p for p in page.pictures if p.preview), None)
        if first is not None and first.preview is not None:
            return _copy(site, first.preview, _alt_of(site, page, first))
    if page.cover_url.startswith(("http://", "https://")):
        return page.cover_url, page.cover_alt, 0, 0, ""
    return None


def _site_preview(site: Site) -> Preview:
    """The site's own picture (site.toml `image`) as link previews show it, if it has one."""
    picture = site.picture
    if picture is None or picture.preview is None:
        return "", "", 0, 0, ""
    return _copy(site, picture.preview, site.config.image_alt)


def _copy(site: Site, copy: Variant, alt: str) -> Preview:
    return site.absolute(copy.path), alt, copy.width, copy.height, copy.mime


def _alt_of(site: Site, page: Page, picture: Picture) -> str:
    """The alt text the page's text gives `picture` (the first place it shows it)."""
    for shown in page.document.shown:
        if shown.target:
            if shown.target == "@" + picture.source:
                return shown.alt or ""
        elif shown.src.startswith("/"):
            where = unquote(shown.src.partition("?")[0].partition("#")[0])[1:]
            if site.originals.get(where) == picture.source:
                return shown.alt or ""
    return ""


def jsonld(site: Site, page: Page, strings: Strings) -> dict[str, Any] | None:
    if page.kind == Kind.PAGE:
        return None
    doc = page.document
    url = site.absolute(page.path)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "BlogPosting" if page.kind == Kind.POST else "LearningResource",
        "name" if page.kind == Kind.RESOURCE else "headline": page.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url, "url": url,
                             "breadcrumb": breadcrumbs(site, _trail(site, page, strings))},
        "description": page.summary,
        "inLanguage": page.document.lang or site.language,  # an untranslated item: its own
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
    required = time_required(doc.duration)
    if required:
        data["timeRequired"] = required
    if page.adapted_from:
        data["isBasedOn"] = [
            {"@type": "CreativeWork", "name": c.title,
             **({"url": c.url} if c.url else {}),
             **({"author": agent(c.author)} if c.author else {}),
             # a peer's resource: the school whose site has it
             **({"publisher": {"@type": "Organization", "name": c.school}} if c.school else {}),
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


CONTEXT = "https://schema.org"
LISTED = 20  # the items a CollectionPage's ItemList names: the newest


def listing_jsonld(site: Site, strings: Strings, template: str, path: str, heading: str,
                   description: str, context: Mapping[str, Any]) -> dict[str, Any] | None:
    """The JSON-LD of a page that lists things, told by its template: WebSite on the home
    page, ProfilePage on an author's, CollectionPage on the library, a tag's and a
    facet's; none on the others. The breadcrumbs' names are in the site's language."""
    description = description or site.description
    if template == "home.html" and path == Urls.home:
        return website(site)
    say = strings.text
    if template == "author.html":
        return profile_page(site, context["author"], description, say("authors.title"))
    home = (site.title, Urls.home)
    if template == "school.html":
        return school_page(site, context["school"], context["offers"], description,
                           [home, (say("schools.title"), Urls.schools), (heading, path)],
                           strings)
    if template in ("expertise.html", "expertise_area.html"):
        trail = [home, (say("expertise.title"), Urls.expertise)]
        return offers_page(site, path, heading, description, context["offers"],
                           trail + ([(heading, path)] if path != Urls.expertise else []),
                           strings)
    if template == "tag.html":
        return collection_page(site, path, heading, description, context["items"],
                               [home, (say("tags.title"), Urls.tags), (heading, path)])
    if template == "resources.html":
        return collection_page(site, path, heading, description, context["resources"],
                               [home, (heading, path)])
    if template == "facet.html":
        return collection_page(site, path, heading, description, context["resources"],
                               [home, (say("library.title"), Urls.resources), (heading, path)])
    if template == "event.html":  # (breadcrumbs are a WebPage's: an Event has none)
        return event_entity(site, context["event"])
    return None


def event_entity(site: Site, event: Event) -> dict[str, Any]:
    """schema.org's Event, with what Google asks of one (name, startDate, location) and
    endDate, eventAttendanceMode, eventStatus, organizer, offers (price 0 when free)."""
    url = event.url or site.absolute(event.path)
    online = event.location_kind == "online"
    place: dict[str, Any]
    if online:
        place = {"@type": "VirtualLocation", "url": event.online_url or url}
    else:
        place = {"@type": "Place", "name": event.location_name}
        if event.location_school is not None:
            place["url"] = site.absolute(event.location_school.path)
        address = event.location_address or (event.location_school.region
                                             if event.location_school else "")
        if address:
            place["address"] = {"@type": "PostalAddress", "streetAddress": address} \
                if event.location_address else {"@type": "PostalAddress",
                                                 "addressRegion": address}
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "Event", "name": event.title, "url": url,
        "startDate": event.start.isoformat(),
        "endDate": (event.end - dt.timedelta(days=1)).isoformat() if event.all_day
        else event.end.isoformat(),
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "eventStatus": "https://schema.org/"
        + ("EventCancelled" if event.cancelled else "EventScheduled"),
        "location": place,
    }
    if event.summary:
        data["description"] = event.summary
    organisers: list[dict[str, Any]] = []
    if event.organiser_school is not None:
        organisers.append({"@type": "EducationalOrganization",
                           "name": event.organiser_school.name,
                           "url": site.absolute(event.organiser_school.path)})
    if event.organiser_author is not None:
        organisers.append({"@type": "Person", "name": event.organiser_author.name,
                           "url": site.absolute(event.organiser_author.path)})
    if not organisers:
        organisers.append({"@type": "Organization", "name": event.school_name or site.title,
                           "url": event.school_url or site.base_url})
    data["organizer"] = organisers[0] if len(organisers) == 1 else organisers
    free = event.cost.strip().lower() in ("free", "free of charge", "no charge", "0", "")
    offer: dict[str, Any] = {"@type": "Offer", "url": event.booking_url or url,
                             "availability": "https://schema.org/InStock"}
    if free:
        offer.update(price=0, priceCurrency="GBP")
    else:
        offer["description"] = event.cost
    data["offers"] = offer
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
    return data


def school_page(site: Site, school: School, offers: Sequence[Offer], description: str,
                trail: list[tuple[str, str]], strings: Strings) -> dict[str, Any]:
    """A school's profile: an AboutPage about an EducationalOrganization that knows about
    its areas, makes its offers (Offer) and seeks its requests (Demand)."""
    entity: dict[str, Any] = {"@type": "EducationalOrganization", "name": school.name,
                              "url": site.absolute(school.path)}
    if school.website:
        entity["sameAs"] = [school.website]
    if school.summary:
        entity["description"] = school.summary
    knows = list(dict.fromkeys([*school.expertise,
                                *(label for o in offers if not o.seeking
                                  for label, _ in o.areas)]))
    if knows:
        entity["knowsAbout"] = knows
    if school.region:
        entity["areaServed"] = school.region
    if school.contact.page or school.contact.form:
        entity["contactPoint"] = {"@type": "ContactPoint", "contactType": "enquiries",
                                  "url": school.contact.form or school.contact.page}
    made = [offer_entity(site, o, strings) for o in offers if not o.seeking]
    sought = [offer_entity(site, o, strings) for o in offers if o.seeking]
    if made:
        entity["makesOffer"] = made
    if sought:
        entity["seeks"] = sought
    return {"@context": CONTEXT, "@type": "AboutPage", "name": school.name,
            "url": site.absolute(school.path), "description": description,
            "inLanguage": site.language, "mainEntity": entity,
            "breadcrumb": breadcrumbs(site, trail)}


def offer_entity(site: Site, offer: Offer, strings: Strings) -> dict[str, Any]:
    """An offer as schema.org's Offer, a request as its Demand: what is offered (a
    Service of its kind, about its areas), in what format, by whom. No contact details:
    the page shows them."""
    areas = [label for label, _ in offer.areas]
    data: dict[str, Any] = {
        "@type": "Demand" if offer.seeking else "Offer", "name": offer_title(offer, strings),
        "url": offer_page(site, offer),
        "itemOffered": {"@type": "Service", "serviceType": offer.kind_label,
                        "name": f"{offer.kind_label}: {', '.join(areas)}",
                        "about": [{"@type": "Thing", "name": a} for a in areas]},
        "validFrom": offer.reviewed.isoformat(),
    }
    if offer.note:
        data["description"] = offer.note
    if offer.format:
        data["availableAtOrFrom" if offer.format == "in-person" else "availableChannel"] = \
            {"@type": "Place", "name": offer.school_name} if offer.format == "in-person" \
            else {"@type": "ServiceChannel", "name": format_label(offer, strings)}
    who = offer.person_name or offer.school_name
    if who and not offer.seeking:  # a Demand is told by who seeks it (its school's `seeks`)
        data["offeredBy"] = {
            "@type": "Person" if offer.person_name else "EducationalOrganization",
            "name": who}
    return data


def offer_page(site: Site, offer: Offer) -> str:
    """Where an offer is shown, absolute, at its anchor: its person's page here, else its
    school's (or a peer's profile page)."""
    if offer.person_path or offer.school_path:
        page = site.absolute(offer.person_path or offer.school_path)
    else:
        page = web_url(offer.school_url) or site.absolute(Urls.expertise)
    return f"{page}#{offer.anchor}"


def offer_title(offer: Offer, strings: Strings) -> str:
    """"Visit: KS1 phonics (St Aidan's)" or "Looking for mentoring: middle leadership …",
    in `strings`' language."""
    areas = ", ".join(label for label, _ in offer.areas)
    who = offer.person_name or offer.school_name
    key = "offer.title_seeking" if offer.seeking else "offer.title"
    kind = offer.kind_label.lower() if offer.seeking else offer.kind_label
    return strings.text(key + "_by", kind=kind, areas=areas, who=who) if who else \
        strings.text(key, kind=kind, areas=areas)


# An offer's format (front matter: in-person, online or either) as the tables say it.
FORMAT_KEYS = {"in-person": "expertise.in_person", "online": "expertise.online",
               "either": "expertise.either"}


def format_label(offer: Offer, strings: Strings) -> str:
    """"In person", "Online", "In person or online" in `strings`' language ("": none)."""
    key = FORMAT_KEYS.get(offer.format)
    return strings.text(key) if key else ""


def offers_page(site: Site, path: str, name: str, description: str,
                offers: Sequence[Offer], trail: list[tuple[str, str]], strings: Strings
                ) -> dict[str, Any]:
    """The directory, or one area of it: a CollectionPage whose ItemList holds the first
    `LISTED` offers (Offer) and requests (Demand), newest reviewed first."""
    return {
        "@context": CONTEXT, "@type": "CollectionPage", "name": name,
        "url": site.absolute(path), "description": description, "inLanguage": site.language,
        "isPartOf": {"@type": "WebSite", "name": site.title, "url": site.base_url},
        "breadcrumb": breadcrumbs(site, trail),
        "mainEntity": {
            "@type": "ItemList", "numberOfItems": len(offers),
            "itemListElement": [
                {"@type": "ListItem", "position": number,
                 "item": offer_entity(site, offer, strings)}
                for number, offer in enumerate(offers[:LISTED], start=1)]},
    }


def website(site: Site) -> dict[str, Any]:
    """The home page's WebSite, with a SearchAction where the site has a search page."""
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "WebSite", "name": site.title, "url": site.base_url,
        "inLanguage": site.language,
        "publisher": {"@type": "Organization", "name": site.title, "url": site.base_url},
    }
    if site.description:
        data["description"] = site.description
    image = _site_preview(site)[0]
    if image:
        data["image"] = image
    if site.config.search:  # search.js reads the query from ?q=, as the header's form sends
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint",
                       "urlTemplate": site.absolute(Urls.search) + "?q={search_term_string}"},
            "query-input": "required name=search_term_string"}
    return data


def profile_page(site: Site, author: Author, description: str,
                 authors: str) -> dict[str, Any]:
    """An author's page: a ProfilePage about them (a Person, or an Organization when the
    name is an organisation's). `authors`: the authors' page's name, in the breadcrumbs."""
    url = site.absolute(author.path)
    entity = person(site, author)
    if author.summary:
        entity["description"] = author.summary
    if entity["@type"] == "Person":
        if author.role:
            entity["jobTitle"] = author.role
        if author.school:
            entity["worksFor"] = {"@type": "Organization", "name": author.school}
    same_as = [link.url for link in author.links
               if link.url.startswith(("http://", "https://"))]
    if same_as:
        entity["sameAs"] = same_as
    return {"@context": CONTEXT, "@type": "ProfilePage", "name": author.name, "url": url,
            "description": description, "inLanguage": site.language, "mainEntity": entity,
            "breadcrumb": breadcrumbs(site, [(site.title, Urls.home), (authors, Urls.authors),
                                             (author.name, author.path)])}


def collection_page(site: Site, path: str, name: str, description: str,
                    items: Sequence[Page], trail: list[tuple[str, str]]) -> dict[str, Any]:
    """A page listing posts or resources, newest first: its ItemList names the first
    `LISTED` of them."""
    return {
        "@context": CONTEXT, "@type": "CollectionPage", "name": name,
        "url": site.absolute(path), "description": description, "inLanguage": site.language,
        "isPartOf": {"@type": "WebSite", "name": site.title, "url": site.base_url},
        "breadcrumb": breadcrumbs(site, trail),
        "mainEntity": {
            "@type": "ItemList", "numberOfItems": len(items),
            "itemListOrder": "https://schema.org/ItemListOrderDescending",
            "itemListElement": [
                {"@type": "ListItem", "position": number, "name": item.title,
                 "url": site.absolute(item.path)}
                for number, item in enumerate(items[:LISTED], start=1)]},
    }


def breadcrumbs(site: Site, trail: list[tuple[str, str]]) -> dict[str, Any]:
    """A BreadcrumbList of (name, site path), from the home page down to the page itself."""
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": number, "name": name, "item": site.absolute(path)}
        for number, (name, path) in enumerate(trail, start=1)]}


def _trail(site: Site, page: Page, strings: Strings) -> list[tuple[str, str]]:
    """Where a post or resource sits: home, post; home, library, its first subject's page
    (if it has one), resource."""
    trail = [(site.title, Urls.home)]
    if page.kind == Kind.RESOURCE:
        say = strings.text
        trail.append((say("library.title"), Urls.resources))
        subject = next((f for f in page.facets if f.kind == "subjects"), None)
        if subject is not None:  # each facet value has its page, headed so
            trail.append((say("facet.heading", group=say("facet.subject"),
                              label=subject.label), subject.path))
    trail.append((page.title, page.path))
    return trail


def person(site: Site, author: Author) -> dict[str, Any]:
    """One of the site's authors: a Person, whose profile page is theirs."""
    return {"@type": "Person", "name": author.name, "url": site.absolute(author.path)}


def agent(name: str) -> dict[str, Any]:
    """A name as schema.org's author: an Organization when it reads as one, else a Person."""
    return {"@type": "Organization" if is_organisation(name) else "Person", "name": name}


# A name that starts with a title is a person's, whatever follows ("Ms Okafor, NCETM").
_TITLE = re.compile(r"(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|fr|mme|mlle"
                    r"|m\.|herr|frau|sr|sra|srta)(?:\b|\s)\.?", re.IGNORECASE)
# Words only an organisation's name has (matched as whole words, in any case).
_ORGANISATION_WORDS = re.compile(
    r"\b(?:schools?|academy|academies|trust|college|university|council|department|dept"
    r"|ltd|limited|plc|inc|llc|cic|foundation|institute|network|partnership|maths hubs?"
    r"|association|society|federation|centre|agency|charity|museum|publishing|alliance"
    r"|consortium|committee|authority|ministry|faculty|oak national|university press"
    r"|stem learning|white rose maths"
    # organisations teachers credit by their initials (never a person's name)
    r"|ncetm|bbc|dfe|eef|ofsted|nrich|oecd|unesco|nhs|rspb|wwf|tes|nasen|ase|ata|ucl)\b",
    re.IGNORECASE)


def is_organisation(name: str) -> bool:
    """Whether a credit's name names an organisation rather than a person: it has a word
    only organisations' names have (School, Academy, Trust, Ltd, Maths Hub, NCETM, …) and
    does not start with a title (Ms, Dr, Mme, …). Capitals alone say nothing: "Jean
    DUPONT" is a person. The site's own authors are always people."""
    name = name.strip()
    if _TITLE.match(name):
        return False
    return bool(_ORGANISATION_WORDS.search(name))


# --- timeRequired ---------------------------------------------------------------------------

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12,
                 "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
                 "fifty": 50, "sixty": 60, "ninety": 90}
_UNIT_MINUTES = {"h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
                 "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1}
_ABOUT = re.compile(r"^(?:about|around|approx\.?|approximately|roughly|c\.|ca\.|~)\s*")


def time_required(duration: str) -> str:
    """A resource's `duration:` as an ISO 8601 duration in whole minutes ("PT90M"), or ""
    when it does not say one length of time: "60 min", "1 hour", "1 hr 30 min", "1h30",
    "90 minutes", "2 x 60 min" (or with a times sign: PT120M) are read; "15 min a day for
    6 weeks", "a term", "2-3 lessons" or a bare "60" (no unit) are not."""
    minutes = _minutes(str(duration))
    return f"PT{minutes}M" if minutes else ""


def _minutes(duration: str) -> int:
    text = " ".join(duration.lower().replace("\u00d7", " x ").replace("*", " x ").split())
    text = _ABOUT.sub("", text.rstrip(". "))
    text = re.sub(r"(\d)½", r"\1.5", text).replace("½", "0.5")
    text = re.sub(r"\bhalf an hour\b", "30 min", text)
    text = re.sub(r"\b(an?|one) hour and a half\b", "90 min", text)
    text = re.sub(r"\b(\d+|one|two|three) and a half hours?\b",
                  lambda m: f"{(_number(m.group(1)) or 0) + 0.5} hours", text)
    text = re.sub(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)", " ", text)  # "1h30" → "1 h 30"
    words = text.replace(",", " ").split()
    times = 1
    if len(words) > 2 and words[1] == "x" and words[0].isdigit():  # "2 x 60 min"
        times, words = int(words[0]), words[2:]
    elif len(words) > 2 and words[-2] == "x" and words[-1].isdigit():  # "60 min x 2"
        times, words = int(words[-1]), words[:-2]
    total = _length(words)
    if total is None or times < 1 or total * times != int(total * times):
        return 0
    return int(total * times)


def _length(words: list[str]) -> float | None:
    """Minutes in "1 hour 30 min", "45 mins", "1 h 30": a number and a unit, hours before
    minutes, each once (after hours, a last bare number is minutes); None otherwise."""
    total = 0.0
    last_unit = 0
    index = 0
    while index < len(words):
        if words[index] == "and" and index:
            index += 1
            continue
        number = _number(words[index])
        if number is None:
            return None
        unit = _UNIT_MINUTES.get(words[index + 1]) if index + 1 < len(words) else None
        if unit is None:
            # "1h30": minutes without their unit, only last and only after hours
            if index + 1 == len(words) and last_unit == 60 and number.is_integer() \
                    and number < 60:
                return total + number
            return None
        if last_unit and unit >= last_unit:
            return None
        total += number * unit
        last_unit = unit
        index += 2
    return total if total > 0 else None


def _number(word: str) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    value = _NUMBER_WORDS.get(word)
    return float(value) if value is not None else None
