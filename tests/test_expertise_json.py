"""/expertise.json: a site with schools, people, offers and requests publishes a directory
that validates against the package's schema, holds only what profiles publish (no author
links, no e-mail but a school's role mailbox, no stale offers) and is announced in every
page's head; a site with no directory publishes none.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from support import build, make_site, out, read, validate_against

BASE = "https://example.github.io/sub/"
CONFIG = f'title = "Northfield Partnership"\nbase_url = "{BASE}"\n'
TODAY = dt.datetime.now(dt.UTC).date()
RECENT = (TODAY - dt.timedelta(days=40)).isoformat()
NEWER = (TODAY - dt.timedelta(days=10)).isoformat()
STALE = (TODAY - dt.timedelta(days=400)).isoformat()

FILES: dict[str, str | bytes] = {
    "content/schools/st-aidans.md": f"""
        ---
        name: St Aidan's CE Primary School
        phase: primary
        region: North West
        local_authority: Northshire
        size: 200-400
        setting: urban
        website: https://www.st-aidans.sch.uk/
        contact:
          form: https://www.st-aidans.sch.uk/contact/enquiry/
          page: https://www.st-aidans.sch.uk/contact/
          office: "01632 960123, Church Lane, Northfield NF1 2AB"
          mailbox: cpd@st-aidans.sch.uk
        expertise: [systematic synthetic phonics, early reading]
        offers:
          - kind: visit
            areas: [KS1 phonics, early reading]
            format: in-person
            when: on request
            note: Watch a Year 1 phonics lesson and talk to the reading lead after.
            contact: {{mailbox: reading@st-aidans.sch.uk}}
            reviewed: {RECENT}
          - kind: cpd
            areas: [early reading]
            format: online
            when: each term
            note: An old offer, no longer true.
            reviewed: {STALE}
        seeking:
          - kind: mentoring
            areas: [middle leadership]
            format: either
            note: Two new subject leaders would value a mentor.
            reviewed: {NEWER}
        ---
        A one-form entry primary school whose Year 1 phonics results turned around.
        """,
    "content/schools/brook.md": """
        ---
        name: Brook Academy
        phase: secondary
        region: North West
        website: https://www.brook.sch.uk/
        contact:
          page: https://www.brook.sch.uk/contact/
        ---
        An 11 to 16 academy.
        """,
    "content/authors/ms-khan.md": f"""
        ---
        name: Amira Khan
        role: Reading lead
        school: St Aidan's
        school_id: st-aidans
        expertise: [early reading]
        links:
          - title: My blog
            url: https://amira.example/blog/
        offers:
          - kind: coaching
            areas: [reading for pleasure]
            format: online
            when: one hour a fortnight
            note: Coaching for a new reading lead.
            reviewed: {RECENT}
        ---
        I lead reading at St Aidan's.
        """,
    "content/authors/mr-jones.md": """
        ---
        name: Tom Jones
        role: Teacher
        links:
          - title: Elsewhere
            url: https://tom.example/
        ---
        I teach.
        """,
    "content/posts/2026-01-05-hello.md": """
        ---
        title: Hello
        date: 2026-01-05
        authors: [ms-khan]
        ---
        Hello.
        """,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = make_site(tmp_path_factory.mktemp("expertise"), FILES, CONFIG)
    build(site)
    return site


def directory(site: Path) -> dict[str, Any]:
    data = json.loads(read(site, "expertise.json"))
    assert isinstance(data, dict)
    return data


def test_it_validates_against_its_published_schema(built: Path) -> None:
    data = directory(built)
    validate_against(data, "expertise.schema.json")
    assert data["$schema"] == BASE + "expertise.schema.json" and data["version"] == 1
    published = json.loads(read(built, "expertise.schema.json"))
    assert published["title"] == "sharesite expertise directory, version 1"
    assert data["site"] == {"title": "Northfield Partnership", "url": BASE, "description": "",
                            "language": "en-GB"}


def test_schools_people_offers_and_requests(built: Path) -> None:
    data = directory(built)
    aidans = BASE + "schools/st-aidans/"
    khan = BASE + "authors/ms-khan/"
    assert [s["name"] for s in data["schools"]] == ["Brook Academy",
                                                     "St Aidan's CE Primary School"]
    school = data["schools"][1]
    assert school == {
        "id": aidans, "url": aidans, "name": "St Aidan's CE Primary School",
        "phase": "primary", "region": "North West", "local_authority": "Northshire",
        "size": "200-400", "setting": "urban", "website": "https://www.st-aidans.sch.uk/",
        "contact": {"form": "https://www.st-aidans.sch.uk/contact/enquiry/",
                    "page": "https://www.st-aidans.sch.uk/contact/",
                    "office": "01632 960123, Church Lane, Northfield NF1 2AB",
                    "mailbox": "cpd@st-aidans.sch.uk"},
        "expertise": ["systematic synthetic phonics", "early reading"],
        "description": "A one-form entry primary school whose Year 1 phonics results turned "
                       "around."}
    assert data["schools"][0]["contact"] == {"form": None, "page": "https://www.brook.sch.uk/"
                                             "contact/", "office": None, "mailbox": None}
    # people: only those with a school, an expertise or an offer; only what profiles publish
    assert data["people"] == [{"id": khan, "name": "Amira Khan", "role": "Reading lead",
                               "school": aidans, "expertise": ["early reading"]}]
    # newest reviewed first; the stale offer is not there; ids are the profiles' anchors
    assert [(o["id"], o["kind"], o["seeking"], o["reviewed"]) for o in data["offers"]] == [
        (aidans + "#offer-3", "mentoring", True, NEWER),
        (aidans + "#offer-1", "visit", False, RECENT),
        (khan + "#offer-1", "coaching", False, RECENT)]
    request, visit, coaching = data["offers"]
    assert request["contact"] is None and request["person"] is None  # ask the school
    assert visit["areas"] == ["KS1 phonics", "early reading"]
    assert visit["format"] == "in-person" and visit["when"] == "on request"
    assert visit["contact"] == {"form": None, "page": None, "office": None,
                                "mailbox": "reading@st-aidans.sch.uk"}
    assert coaching["person"] == khan and coaching["school"] == aidans
    assert coaching["areas"] == ["reading for pleasure"]


def test_only_what_profiles_publish(built: Path) -> None:
    text = read(built, "expertise.json")
    assert "amira.example" not in text and "tom.example" not in text  # no author links
    assert "Tom Jones" not in text
    assert "no longer true" not in text  # stale: hidden here as on the pages
    addresses = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text))
    assert addresses == {"cpd@st-aidans.sch.uk", "reading@st-aidans.sch.uk"}  # role mailboxes


def test_every_page_announces_it(built: Path) -> None:
    for page in ("index.html", "schools/st-aidans/index.html", "authors/ms-khan/index.html"):
        html = read(built, page)
        assert re.search(r'<link rel="alternate" type="application/json" title="[^"]*'
                         r'expertise directory \(JSON\)" href="[^"]*expertise\.json">', html), \
            page


def test_a_site_without_a_directory_publishes_none(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/authors/mr-jones.md": FILES["content/authors/"
                                                                      "mr-jones.md"]}, CONFIG)
    build(site)
    assert not (out(site) / "expertise.json").exists()
    assert not (out(site) / "expertise.schema.json").exists()
    assert "expertise.json" not in read(site, "index.html")
