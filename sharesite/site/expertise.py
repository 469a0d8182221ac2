"""Schools' profiles and what they (and their people) offer and look for: the expertise
directory of one site, and the checks a data-protection officer would expect.

A school's profile (content/schools/<id>.md) becomes a `School`; each entry of its (or an
author's) `offers:` and `seeking:` an `Offer`, its kind and areas spelled as site.toml's
[vocabulary] spells them. An offer not reviewed within a year is hidden, with a warning: an
out-of-date offer is worse than none. Peers' offers join the site's through
`with_peer_offers`, which the network's step calls with offers it made from their
expertise.json (their areas spelled with `offer_areas`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from markupsafe import Markup

from sharesite.config import SiteConfig
from sharesite.content.document import ContactFacts, Document
from sharesite.errors import Diagnostic, did_you_mean, error, one_of, warning
from sharesite.site.model import Author, Contact, Offer, School
from sharesite.site.urls import Urls, slug_for, tag_slug

# An offer reviewed longer ago than this is hidden: "over 12 months old".
STALE_AFTER = dt.timedelta(days=365)

Areas = dict[str, tuple[str, tuple[Offer, ...]]]


def schools_of(docs: Iterable[Document]) -> tuple[School, ...]:
    """Each school profile as a School without its offers or people yet, by name."""
    schools = [School(id=d.source.name, name=d.title, slug=slug_for(d.source.name),
                      phase=d.phase, region=d.region, local_authority=d.local_authority,
                      size=d.size, setting=d.setting, website=d.website,
                      contact=_contact(d.contact), expertise=d.expertise, document=d)
               for d in docs]
    return tuple(sorted(schools, key=lambda s: (s.name.casefold(), s.id)))


def directory(config: SiteConfig, schools: tuple[School, ...], authors: tuple[Author, ...],
              descriptions: Mapping[str, Markup], now: dt.datetime) -> tuple[
        tuple[School, ...], tuple[Offer, ...], Areas, list[Diagnostic]]:
    """The schools with their people, shown offers and requests (and their descriptions,
    `descriptions` by school id); every shown offer and request, newest reviewed first;
    the areas in use. Problems: unknown kinds and areas, stale or undated offers, an
    author's unknown school, personal-looking addresses and phone numbers."""
    problems: list[Diagnostic] = []
    by_id = {s.id: s for s in schools}
    today = now.date()
    people: dict[str, list[str]] = defaultdict(list)
    for author in authors:
        if not author.school_id or author.document is None:
            continue
        if author.school_id in by_id:
            people[author.school_id].append(author.id)
        else:
            problems.append(error(
                author.document.path, author.document.line("school_id"),
                f"school_id: {author.school_id!r} is not a school of this site",
                did_you_mean(author.school_id, by_id) or
                f"add content/schools/{author.school_id}.md with a name, or use one of "
                f"{one_of(by_id) or '(none yet)'}"))
    shown: list[Offer] = []
    finished: list[School] = []
    for school in schools:
        doc = school.document
        if doc is None:
            continue
        problems += _privacy_problems(doc)
        offers = _offers(config, doc, school, None, school.contact, today, problems)
        shown += offers
        finished.append(_with(school, offers, tuple(people.get(school.id, ())),
                              descriptions.get(school.id, Markup())))
    for author in authors:
        doc = author.document
        if doc is None or not doc.offers:
            continue
        problems += _privacy_problems(doc)
        works_at = by_id.get(author.school_id)
        if works_at is None and any(o.contact is None for o in doc.offers):
            problems.append(warning(
                doc.path, doc.line("offers" if "offers" in doc.lines else "seeking"),
                "these offers give no way to get in touch",
                "add school_id: <your school's profile> (its contact is used), or give "
                "each offer a contact: {page: https://…}"))
        shown += _offers(config, doc, works_at, author,
                         works_at.contact if works_at else Contact(), today, problems)
    listed, areas = with_peer_offers((), shown)
    return tuple(finished), listed, areas, problems


def with_peer_offers(site_offers: Iterable[Offer], peer_offers: Iterable[Offer]) -> tuple[
        tuple[Offer, ...], Areas]:
    """The site's offers and requests with `peer_offers` added (each with its
    `school_name` and `school_url`, its `areas` from `offer_areas`): all of them, newest
    reviewed first, and each area's. For the network's step, which then sets
    `Site.offers` and `Site.areas` to these (dataclasses.replace)."""
    offers = tuple(sorted((*site_offers, *peer_offers), key=_newest_first))
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    listed: dict[str, list[Offer]] = defaultdict(list)
    for offer in offers:
        for label, slug in offer.areas:
            labels[slug][label] += 1
            listed[slug].append(offer)  # once: offer_areas leaves no slug twice
    names = {slug: min(counts, key=lambda s: (-counts[s], s)) for slug, counts in labels.items()}
    areas = {slug: (names[slug], tuple(listed[slug]))
             for slug in sorted(names, key=lambda s: (names[s].casefold(), s))}
    return offers, areas


def offer_areas(config: SiteConfig, written: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """Areas as written ("ks1 Phonics") → (label, slug) pairs, spelled as the vocabulary
    spells them ("KS1 phonics", "ks1-phonics"); an area it lacks keeps its own spelling,
    slugged like a tag. Duplicates go."""
    known = _spellings(config.areas)
    pairs: dict[str, str] = {}
    for area in written:
        slug = tag_slug(area)
        pairs.setdefault(slug, known.get(slug, area))
    return tuple((label, slug) for slug, label in pairs.items())


def kind_label(kind: str) -> str:
    """"open-classroom" → "Open classroom"; "cpd" → "CPD"."""
    if kind.lower() in _UPPER:
        return kind.upper()
    words = kind.replace("-", " ")
    return words[:1].upper() + words[1:]


_UPPER = {"cpd", "send", "ect", "itt"}


@functools.lru_cache(maxsize=16)
def _spellings(vocabulary: tuple[str, ...]) -> dict[str, str]:
    return {tag_slug(v): v for v in vocabulary}


def _newest_first(offer: Offer) -> tuple[int, str, str, int]:
    return (-offer.reviewed.toordinal(), (offer.school_name or offer.school_id).casefold(),
            offer.person_id, offer.number)


def _contact(facts: ContactFacts | None) -> Contact:
    if facts is None:
        return Contact()
    return Contact(facts.form, facts.page, facts.office, facts.mailbox)


def _with(school: School, offers: list[Offer], people: tuple[str, ...],
          description: Markup) -> School:
    return School(id=school.id, name=school.name, slug=school.slug, phase=school.phase,
                  region=school.region, local_authority=school.local_authority,
                  size=school.size, setting=school.setting, website=school.website,
                  contact=school.contact, expertise=school.expertise,
                  offers=tuple(o for o in offers if not o.seeking and not o.person_id),
                  seeking=tuple(o for o in offers if o.seeking and not o.person_id),
                  document=school.document, description=description, people=people)


def _offers(config: SiteConfig, doc: Document, school: School | None, author: Author | None,
            contact: Contact, today: dt.date, problems: list[Diagnostic]) -> list[Offer]:
    """The entries of one profile's offers: and seeking: that are shown, checked against
    the vocabulary and their age. Numbered as written, so an anchor stays put when one
    before it is hidden."""
    out: list[Offer] = []
    kinds = {slug_for(k): k for k in config.offer_kinds}
    for number, facts in enumerate(doc.offers, start=1):
        if not facts.kind or not facts.areas:
            continue  # reported as the file was read
        key = facts.key
        kind = slug_for(facts.kind)
        if kind not in kinds:
            problems.append(warning(
                doc.path, facts.line_of("kind"),
                f"{key}: kind {facts.kind!r} is not in the vocabulary",
                did_you_mean(facts.kind, config.offer_kinds) or
                f"use one of {one_of(config.offer_kinds)}, or add it to offer_kinds under "
                "[vocabulary] in site.toml"))
        known = _spellings(config.areas)
        for area in facts.areas:
            if tag_slug(area) not in known:
                problems.append(warning(
                    doc.path, facts.line_of("areas"),
                    f"{key}: area {area!r} is not in the vocabulary",
                    did_you_mean(area, config.areas) or
                    "it is listed as it is written; to make it one of the site's areas, add "
                    "it to areas under [vocabulary] in site.toml"))
        if facts.reviewed is None:
            if "reviewed" not in dict(facts.lines):
                problems.append(warning(
                    doc.path, facts.line, f"{key}: this entry has no reviewed date, so it is "
                    "hidden", "check it is still true, then add reviewed: "
                    f"{today.isoformat()}"))
            continue
        if today - facts.reviewed > STALE_AFTER:
            problems.append(warning(
                doc.path, facts.line_of("reviewed"),
                f"{key}: this entry was last reviewed on {facts.reviewed.isoformat()}, over "
                "12 months ago, so it is hidden",
                f"check it is still true, then set reviewed: {today.isoformat()}; or remove "
                "it"))
            continue
        own = _contact(facts.contact) if facts.contact is not None else contact
        out.append(Offer(
            kind=kind, kind_label=kind_label(kinds.get(kind, facts.kind)),
            areas=offer_areas(config, facts.areas), format=facts.format, when=facts.when,
            note=facts.note, contact=own, reviewed=facts.reviewed, seeking=facts.seeking,
            school_id=school.id if school else "", person_id=author.id if author else "",
            source=doc.path, line=facts.line, number=number,
            school_name=school.name if school else (author.school if author else ""),
            person_name=author.name if author else "",
            phase=school.phase if school else "", region=school.region if school else ""))
    return out


# Personal-looking addresses: a person's name (first.last@, j.smith@) or a personal webmail
# account. A school's role mailbox (cpd@, office@, reading-lead@) is none of these.
WEBMAIL = ("gmail.", "googlemail.", "hotmail.", "outlook.com", "live.com", "live.co.uk",
           "yahoo.", "ymail.", "icloud.com", "me.com", "aol.", "btinternet.com",
           "sky.com", "talktalk.net", "virginmedia.com", "protonmail.", "proton.me", "gmx.")
_ROLE_WORDS = {
    "office", "admin", "enquiries", "enquiry", "info", "cpd", "head", "headteacher",
    "reading", "maths", "english", "science", "send", "senco", "pe", "mfl", "lead", "leads",
    "team", "school", "hub", "training", "contact", "hello", "staff", "bursar", "finance",
    "deputy", "curriculum", "research", "ect", "itt", "mentoring", "mentor", "partnership",
    "partnerships", "trust", "network", "visits", "early", "years", "eyfs", "phonics",
    "music", "art", "computing", "history", "geography", "languages", "french", "careers",
    "pastoral", "safeguarding", "attendance", "reception", "teaching", "learning", "year",
}
_NAME_PART = re.compile(r"^[a-z]+$")
# A UK telephone number: 0 or +44, then 9 or 10 more digits, spaced or not.
PHONE = re.compile(r"(?<![\w/.-])(?:\+44\s?\(?0?\)?\s?|0)\d(?:[\s-]?\d){8,9}(?![\w/-])")


def personal_address(mailbox: str) -> str:
    """Why `mailbox` looks like a person's rather than a role's ("" if it does not)."""
    user, _, domain = mailbox.lower().partition("@")
    if any(domain.startswith(w) or domain == w or ("." + w) in ("." + domain)
           for w in WEBMAIL):
        return "a personal webmail address"
    parts = re.split(r"[._]", user)
    if len(parts) == 2 and all(_NAME_PART.match(p) for p in parts) and \
            not (set(parts) & _ROLE_WORDS):
        return "a person's name"
    return ""


def _privacy_problems(doc: Document) -> list[Diagnostic]:
    """Personal-looking mailboxes, and phone numbers anywhere but `contact: office`."""
    problems: list[Diagnostic] = []
    contacts: list[tuple[str, ContactFacts]] = []
    if doc.contact is not None:
        contacts.append(("contact", doc.contact))
    contacts += [(f"{o.key}: contact", o.contact) for o in doc.offers if o.contact]
    for key, contact in contacts:
        why = personal_address(contact.mailbox) if contact.mailbox else ""
        if why:
            problems.append(warning(
                doc.path, contact.line_of("mailbox"),
                f"{key}: mailbox: {contact.mailbox!r} looks like {why}",
                "give a role mailbox the school runs, like cpd@ or office@ your school's "
                "domain: never a person's own address"))
    texts: list[tuple[str, int, str]] = []
    for key in ("name", "region", "local_authority", "size", "setting", "summary", "role",
                "school"):
        if key in doc.lines:  # as written (a summary made from the text is the text's)
            value = getattr(doc, key, "") if key != "name" else doc.title
            texts.append((key, doc.line(key), value))
    for key, contact in contacts:
        texts += [(f"{key}: {f}", contact.line_of(f), getattr(contact, f))
                  for f in ("form", "page")]
    for offer in doc.offers:
        texts += [(f"{offer.key}: {f}", offer.line_of(f), getattr(offer, f))
                  for f in ("when", "note")]
    for key, line, value in texts:
        if value and PHONE.search(value):
            problems.append(warning(
                doc.path, line, f"{key}: this has a phone number in it",
                "give a phone number only in contact: office (the office details the "
                "school already publishes)"))
    body = doc.body_html
    if PHONE.search(re.sub(r"<[^>]+>", " ", body)):
        problems.append(warning(
            doc.path, doc.line("body"), "the text has a phone number in it",
            "give a phone number only in contact: office (the office details the school "
            "already publishes)"))
    return problems


def school_addresses(schools: tuple[School, ...]) -> list[tuple[str, str]]:
    """(output file, who wants it) for the schools' pages: to find two things at one."""
    out = [(Urls.file(s.path), s.document.path if s.document else s.id) for s in schools]
    if schools:
        out.append((Urls.file(Urls.schools), f"sharesite's own /{Urls.schools}"))
    return out


def directory_addresses(areas: Areas) -> list[tuple[str, str]]:
    """(output file, who wants it) for the directory's pages and feed."""
    if not areas:
        return []
    return [(Urls.file(Urls.expertise), f"sharesite's own /{Urls.expertise}"),
            (Urls.expertise_feed, f"sharesite's own /{Urls.expertise_feed}"),
            *((Urls.file(Urls.expertise_area(slug)), f"the directory's page of {label!r}")
              for slug, (label, _) in areas.items())]
