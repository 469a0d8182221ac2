"""/expertise.json: the site's directory for other schools' sites and tools — its schools'
profiles, its people as their profiles publish them, and what each offers or is looking
for — described by `schemas/expertise.schema.json` (published beside it).

Only what the profiles publish: no author's links or e-mail (a person is a name, a role, a
school and an expertise), a contact that is the school's own form, page, office details or
role mailbox, nothing about pupils. Offers and requests are those the site shows (reviewed
within 12 months), newest reviewed first; a peer's are never passed on (each school
publishes its own). Published when the site has a school profile or an offer, so a site
without a directory answers 404 and its peers keep nothing for it.
"""

from __future__ import annotations

import json
from typing import Any

from sharesite.render.formats import header
from sharesite.site.model import Author, Contact, Offer, School, Site

EXPERTISE_VERSION = 1
PATH = "expertise.json"
SCHEMA = "expertise.schema.json"  # in sharesite/schemas/, published beside it


def own_offers(site: Site) -> tuple[Offer, ...]:
    """The site's own shown offers and requests (not its peers'), newest reviewed first."""
    return tuple(o for o in site.offers if not o.school_url)


def publishes(site: Site) -> bool:
    """Does the site publish /expertise.json (and its schema)? When it has a school's
    profile or an offer of its own."""
    return bool(site.schools or own_offers(site))


def expertise(site: Site) -> bytes:
    """/expertise.json, version 1."""
    schools = {s.id: s for s in site.schools}
    authors = {a.id: a for a in site.authors}
    people = [a for a in site.authors if a.expertise or a.school_id in schools or
              (a.document is not None and a.document.offers)]
    data: dict[str, Any] = header(site, SCHEMA, EXPERTISE_VERSION) | {
        "schools": [_school(site, school) for school in site.schools],
        "people": [_person(site, author, schools) for author in people],
        "offers": [_offer(site, offer, schools, authors) for offer in own_offers(site)],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def _contact(contact: Contact) -> dict[str, str | None]:
    return {"form": contact.form or None, "page": contact.page or None,
            "office": contact.office or None, "mailbox": contact.mailbox or None}


def _school(site: Site, school: School) -> dict[str, Any]:
    url = site.absolute(school.path)
    return {"id": url, "url": url, "name": school.name, "phase": school.phase or None,
            "region": school.region or None, "local_authority": school.local_authority or None,
            "size": school.size or None, "setting": school.setting or None,
            "website": school.website or None, "contact": _contact(school.contact),
            "expertise": list(school.expertise),
            "description": " ".join(school.description.striptags().split())}


def _person(site: Site, author: Author, schools: dict[str, School]) -> dict[str, Any]:
    """A person as their profile publishes them: no links, no e-mail."""
    school = schools.get(author.school_id)
    return {"id": site.absolute(author.path), "name": author.name, "role": author.role or None,
            "school": site.absolute(school.path) if school else None,
            "expertise": list(author.expertise)}


def _offer(site: Site, offer: Offer, schools: dict[str, School],
           authors: dict[str, Author]) -> dict[str, Any]:
    """An offer or request; its contact only when it is not its school's (null: ask the
    school as its profile says)."""
    school = schools.get(offer.school_id)
    author = authors.get(offer.person_id)
    owner = site.absolute(author.path) if author else \
        site.absolute(school.path) if school else ""
    return {"id": f"{owner}#{offer.anchor}", "kind": offer.kind,
            "areas": [label for label, _ in offer.areas], "format": offer.format or None,
            "when": offer.when or None, "note": offer.note or None, "seeking": offer.seeking,
            "school": site.absolute(school.path) if school else None,
            "person": site.absolute(author.path) if author else None,
            "contact": None if (school is not None and offer.contact == school.contact)
            or not offer.contact else _contact(offer.contact),
            "reviewed": offer.reviewed.isoformat()}
