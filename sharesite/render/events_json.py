"""/events.json: the site's events for other schools' sites and tools (a network's
aggregator above all), described by `schemas/events.schema.json` (published beside it).

Every event of the site's own, soonest first, upcoming and past alike, cancelled ones with
status "cancelled" (so a network that listed one takes it down). A peer's events are never
passed on: each school publishes its own. Times keep their offset and the site's zone is
named, so a reader need not know where the school is. The online meeting link is shown on
the event's page only, not here. Published when the site has an event of its own, so a site
without any answers 404 and its peers keep nothing for it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sharesite.render.formats import header
from sharesite.site.model import Event, Site

EVENTS_VERSION = 1
PATH = "events.json"
SCHEMA = "events.schema.json"  # in sharesite/schemas/, published beside it


def own_events(site: Site) -> tuple[Event, ...]:
    """The site's own events (not its peers'), soonest first."""
    return tuple(e for e in site.events if not e.url)


def publishes(site: Site) -> bool:
    """Does the site publish /events.json (and its schema)? When it has an event of its own."""
    return bool(own_events(site))


def events(site: Site) -> bytes:
    """/events.json, version 1."""
    zone = site.config.timezone
    data: dict[str, Any] = header(site, SCHEMA, EVENTS_VERSION, timezone=zone) | {
        "events": [_event(site, event, zone) for event in own_events(site)],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def _when(value: dt.datetime | dt.date) -> str:
    return value.isoformat()


def _event(site: Site, event: Event, zone: str) -> dict[str, Any]:
    page = site.absolute(event.path)
    school = event.location_school
    organiser = event.organiser_school
    author = event.organiser_author
    names = [n for n in (author.name if author else "", organiser.name if organiser else "")
             if n]
    return {
        "id": event.uid, "url": page, "title": event.title, "summary": event.summary,
        "start": _when(event.start), "end": _when(event.end), "all_day": event.all_day,
        "timezone": zone, "repeat": event.repeat or None,
        "location": {"kind": event.location_kind,
                     "name": event.location_name or (school.name if school else "") or None,
                     "address": event.location_address or None,
                     "school": site.absolute(school.path) if school else None},
        "for": {"phases": list(event.phases), "subjects": list(event.subjects),
                "levels": list(event.levels), "areas": list(event.areas)},
        "booking": {"url": event.booking_url or None, "mailbox": event.booking_mailbox or None,
                    "note": event.booking_note or None},
        "capacity": event.capacity, "cost": event.cost or "free",
        "organiser": {"school": site.absolute(organiser.path) if organiser else None,
                      "name": ", ".join(names) or None},
        "tags": [tag.name for tag in event.tags],
        "status": event.status,
        "updated": event.stamp.astimezone(dt.UTC).isoformat(),
    }
