"""The "Offer your expertise" and "We are looking for…" issue forms, and `sharesite
from-issue` turning a submission into one entry added to a school's profile, every other
line of it left exactly as it was. Also: the example's profiles are fictional and clean."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import REPO, make_site, out, parse, read, run

from sharesite.authoring.from_issue import NotASubmission, from_issue, write_submission
from sharesite.authoring.issue_forms import (
    ARRANGES_NOTHING,
    FORMS_DIR,
    OFFER_CONSENT,
    OFFER_FIELDS,
    REQUEST_CONSENT,
    REQUEST_FIELDS,
    parse_form_body,
)
from sharesite.build import BuildOptions
from sharesite.build import build as build_site
from sharesite.config import load_config

PROFILE = """\
---
name: St Aidan's CE Primary School
phase: primary
region: North West   # as the DfE lists it
local_authority: Northshire
website: https://www.st-aidans.example/
contact:
  page: https://www.st-aidans.example/contact/
offers:
  # Our longest-running offer.
  - kind: visit
    areas: [KS1 phonics]
    format: in-person
    note: Watch a Year 1 phonics lesson.
    reviewed: 2026-09-01

# Requests come last.
seeking: []
---
A one-form-entry primary.
"""
SCHOOLS = {"content/schools/st-aidans.md": PROFILE,
           "content/schools/brookside.md": "---\nname: Brookside Primary School\n"
                                           "phase: primary\n---\nA primary.\n"}


def payload(kind: str, answers: dict[str, str], number: int = 41,
            consent: tuple[str, ...] | None = None) -> dict[str, Any]:
    """An `issues` event as GitHub sends it for a submitted form: `### Label`, a blank line,
    the answer, in the form's order, with \\r\\n line ends."""
    fields = OFFER_FIELDS if kind == "offer" else REQUEST_FIELDS
    ticks = (OFFER_CONSENT if kind == "offer" else REQUEST_CONSENT) if consent is None \
        else consent
    sections = []
    for spec in fields:
        if spec.id == "consent":
            value = "\n".join(f"- [X] {text}" for text in ticks) or "- [ ] nothing"
        else:
            value = answers.get(spec.id, "_No response_")
        sections.append(f"### {spec.label}\n\n{value}")
    label = "expertise-offer" if kind == "offer" else "expertise-request"
    return {"action": "opened", "issue": {
        "number": number, "title": "Offer: phonics", "labels": [{"name": label}],
        "html_url": f"https://github.com/northfield-learning/sharesite/issues/{number}",
        "user": {"login": "a-teacher"}, "created_at": "2026-11-20T15:04:05Z",
        "body": "\n\n".join(sections).replace("\n", "\r\n")}}


def submit(site: Path, event: dict[str, Any], ok: bool = True) -> tuple[list[str], list[str]]:
    """`sharesite from-issue` on the event: (paths written, report lines)."""
    path = site.parent / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    result = run(site, "from-issue", str(path))
    assert result.exit_code == (0 if ok else 1), result.stderr
    return result.stdout.splitlines(), result.lines


def matter(text: str) -> dict[str, Any]:
    value = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(value, dict)
    return value


OFFER = {"school": "St Aidan's CE Primary School", "kind": "mentoring",
         "areas": "early reading, EYFS", "other_areas": "Year 2 handwriting, ks1 PHONICS",
         "format": "online", "when": "On request, two schools a term",
         "note": "Our reading lead will mentor a new reading lead for a year.",
         "mailbox": "reading@st-aidans.example"}


# --- the forms ------------------------------------------------------------------------------

def test_expertise_forms_are_made_from_the_vocabulary(tmp_path: Path) -> None:
    site = make_site(tmp_path, {}, config='title = "T"\nbase_url = "https://e.example/"\n'
                                          '[vocabulary]\noffer_kinds = ["visit", "tea"]\n'
                                          'areas = ["KS1 phonics", "Latin"]\n')
    assert run(site, "forms").exit_code == 0
    for name, label in (("offer-your-expertise.yml", "expertise-offer"),
                        ("we-are-looking-for.yml", "expertise-request")):
        form = yaml.safe_load((site / FORMS_DIR / name).read_text(encoding="utf-8"))
        elements = {e.get("id"): e["attributes"] for e in form["body"]}
        assert form["labels"] == [label]
        assert elements["kind"]["options"] == ["visit", "tea"]
        assert elements["areas"]["options"] == ["KS1 phonics", "Latin"]
        assert elements["areas"]["multiple"] is True
        assert elements["format"]["options"] == ["either", "in-person", "online"]
        # What the form says before anything is typed: public, and sharesite arranges nothing.
        intro = form["body"][0]["attributes"]["value"]
        assert "**This issue is public**" in intro and ARRANGES_NOTHING in intro
    offer = yaml.safe_load((site / FORMS_DIR / "offer-your-expertise.yml").read_text("utf-8"))
    assert [e.get("id") for e in offer["body"][1:]] == [f.id for f in OFFER_FIELDS]

    text = (site / "site.toml").read_text(encoding="utf-8")
    (site / "site.toml").write_text(text.replace('"Latin"]', '"Latin", "Greek"]'), "utf-8")
    result = run(site, "forms", "--check")
    assert result.exit_code == 1
    assert sorted(result.lines) == [
        f"{FORMS_DIR}/add-an-event.yml: out of date with site.toml (run `sharesite forms`)",
        f"{FORMS_DIR}/offer-your-expertise.yml: out of date with site.toml (run `sharesite "
        "forms`)", f"{FORMS_DIR}/we-are-looking-for.yml: out of date with site.toml (run "
        "`sharesite forms`)"]


def test_what_github_makes_of_an_offer_reads_back() -> None:
    body = payload("offer", OFFER)["issue"]["body"]
    values = parse_form_body(body, OFFER_FIELDS)
    assert {k: v for k, v in values.items() if k != "consent"} == OFFER


# --- from-issue: the entry added ------------------------------------------------------------

def test_an_offer_is_added_to_the_end_of_the_schools_offers(tmp_path: Path) -> None:
    site = make_site(tmp_path, SCHOOLS)
    written, report = submit(site, payload("offer", OFFER))
    assert written == ["content/schools/st-aidans.md"]
    text = (site / written[0]).read_text(encoding="utf-8")
    added = [
        "  # From issue #41.",
        '  - kind: "mentoring"',
        '    areas: ["early reading", "EYFS", "Year 2 handwriting", "KS1 phonics"]',
        '    format: "online"',
        '    when: "On request, two schools a term"',
        '    note: "Our reading lead will mentor a new reading lead for a year."',
        '    contact: {mailbox: "reading@st-aidans.example"}',
        "    reviewed: 2026-11-20",
    ]
    lines = PROFILE.split("\n")
    at = lines.index("    reviewed: 2026-09-01") + 1
    # Exactly these lines, after the last offer's; every other line, comments and blank
    # lines included, as it was.
    assert text == "\n".join([*lines[:at], *added, *lines[at:]])
    offers = matter(text)["offers"]
    assert offers[0]["note"] == "Watch a Year 1 phonics lesson."
    assert offers[1] == {"kind": "mentoring",
                         "areas": ["early reading", "EYFS", "Year 2 handwriting",
                                   "KS1 phonics"],
                         "format": "online", "when": "On request, two schools a term",
                         "note": "Our reading lead will mentor a new reading lead for a year.",
                         "contact": {"mailbox": "reading@st-aidans.example"},
                         "reviewed": dt.date(2026, 11, 20)}
    assert report == [
        "content/schools/st-aidans.md: warning: areas: 'Year 2 handwriting' is not in "
        "site.toml's [vocabulary] areas (add it there if other schools will use it too)",
        "content/schools/st-aidans.md: warning: offers: the offer from issue #41 is the last "
        "entry (check it, and that the school agrees to it being published)"]


def test_a_request_makes_seeking_from_an_empty_list_and_keeps_crlf(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    (site / "content/schools").mkdir(parents=True)
    profile = site / "content/schools/st-aidans.md"
    profile.write_bytes(PROFILE.replace("\n", "\r\n").encode("utf-8"))
    event = payload("request", {"school": "st-aidans", "kind": "coaching",
                                "areas": "middle leadership", "format": "either",
                                "note": "Two new subject leaders would value a coach."})
    submit(site, event)
    text = profile.read_bytes().decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert text.replace("\r\n", "\n").replace(
        "seeking:\n  # From issue #41.\n  - kind: \"coaching\"\n"
        "    areas: [\"middle leadership\"]\n    format: \"either\"\n"
        "    note: \"Two new subject leaders would value a coach.\"\n"
        "    reviewed: 2026-11-20\n", "seeking: []\n") == PROFILE


def test_a_profile_with_no_list_gains_one_at_the_end(tmp_path: Path) -> None:
    site = make_site(tmp_path, SCHOOLS)
    submit(site, payload("offer", {**OFFER, "school": "brookside primary school",
                                   "mailbox": "", "when": "", "other_areas": ""}))
    text = (site / "content/schools/brookside.md").read_text(encoding="utf-8")
    assert text == ("---\nname: Brookside Primary School\nphase: primary\noffers:\n"
                    "  # From issue #41.\n  - kind: \"mentoring\"\n"
                    "    areas: [\"early reading\", \"EYFS\"]\n    format: \"online\"\n"
                    "    note: \"Our reading lead will mentor a new reading lead for a year.\"\n"
                    "    reviewed: 2026-11-20\n---\nA primary.\n")


def test_items_written_at_the_keys_own_indent(tmp_path: Path) -> None:
    flush = PROFILE.replace(
        "  # Our longest-running offer.\n  - kind: visit\n    areas: [KS1 phonics]\n"
        "    format: in-person\n    note: Watch a Year 1 phonics lesson.\n"
        "    reviewed: 2026-09-01\n",
        "- kind: visit\n  areas: [KS1 phonics]\n  reviewed: 2026-09-01\n")
    assert flush != PROFILE
    site = make_site(tmp_path, {"content/schools/st-aidans.md": flush})
    submit(site, payload("offer", OFFER))
    text = (site / "content/schools/st-aidans.md").read_text("utf-8")
    assert [o["kind"] for o in matter(text)["offers"]] == ["visit", "mentoring"]
    assert "  reviewed: 2026-09-01\n# From issue #41.\n- kind: \"mentoring\"\n  areas:" in text


HOSTILE = ['"\n  - kind: visit\nname: Evil', "x: y\n---\n<script>alert(1)</script>",
           "&anchor *alias !!python/object:os.system", "{{ site.title }} ${{ secrets.X }}",
           "'; rm -rf / #", "\u202eevil\u202c", "- [X] I may offer this"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_answers_read_back_as_exactly_their_text(tmp_path: Path, text: str) -> None:
    site = make_site(tmp_path, SCHOOLS)
    submit(site, payload("offer", {**OFFER, "note": text, "when": text, "other_areas": ""}))
    data = matter((site / "content/schools/st-aidans.md").read_text("utf-8"))
    assert data["name"] == "St Aidan's CE Primary School"  # no key made or replaced
    assert len(data["offers"]) == 2 and data["seeking"] == []
    shown = " ".join(text.replace("\u202e", "").replace("\u202c", "").split())
    assert data["offers"][1]["note"] == shown
    assert data["offers"][1]["when"] == shown


def test_a_submitted_offer_and_request_are_published(tmp_path: Path) -> None:
    """The file from-issue writes is a profile the build reads without a word, and the
    school's page and the directory show the new entries."""
    site = make_site(tmp_path, SCHOOLS)
    submit(site, payload("offer", {**OFFER, "other_areas": ""}))
    submit(site, payload("request", {"school": "St Aidan's CE Primary School",
                                      "kind": "coaching", "areas": "middle leadership",
                                      "format": "either", "note": "A coach for a new head "
                                      "of year <b>please</b>."}, number=42))
    result = build_site(site, BuildOptions(now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)))
    assert result.ok and [str(d) for d in result.diagnostics] == []
    page = read(site, "schools/st-aidans/index.html")
    html = parse(page)
    text = " ".join(" ".join(html.text_parts).split())
    assert "Our reading lead will mentor a new reading lead for a year." in text
    assert "A coach for a new head of year <b>please</b>." in text  # text, never markup
    assert "b" not in {tag for tag, _ in html.tags}
    assert "reading@st-aidans.example" not in page  # never an address in the source
    directory = " ".join(" ".join(parse(read(site, "expertise/index.html")).text_parts).split())
    assert "Our reading lead will mentor" in directory and "A coach for a new head" in directory
    assert (out(site) / "expertise/middle-leadership/index.html").is_file()


# --- from-issue: what is refused or left out -----------------------------------------------

@pytest.mark.parametrize(("answers", "message"), [
    ({"school": "St Aidens Primary School"},
     "sharesite: issue #41: 'St Aidens Primary School' is not a school with a profile on "
     "this site, so nothing was added (did you mean \"St Aidan's CE Primary School\"? Edit "
     "the issue to say which)"),
    ({"school": "_No response_"},
     "sharesite: issue #41: the form names no school, so nothing was added (the schools are "
     "Brookside Primary School, St Aidan's CE Primary School: edit the issue to say which)"),
    ({"kind": "mentorship"},
     "sharesite: issue #41: kind of offer: 'mentorship' is not one of coaching, cpd, "
     "mentoring, moderation, network-meeting, open-classroom, resource-review, visit, so "
     "nothing was added (did you mean \"mentoring\"? edit the issue to choose one)"),
    ({"areas": "_No response_", "other_areas": " , "},
     "sharesite: issue #41: no area was chosen, so nothing was added (edit the issue: "
     "choose one under Areas or write one under Other areas)"),
])
def test_a_submission_that_cannot_be_placed_changes_nothing(
        tmp_path: Path, answers: dict[str, str], message: str) -> None:
    site = make_site(tmp_path, SCHOOLS)
    written, report = submit(site, payload("offer", {**OFFER, **answers}), ok=False)
    assert written == [] and report[-1] == message
    assert (site / "content/schools/st-aidans.md").read_text("utf-8") == PROFILE


def test_unticked_permission_changes_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path, SCHOOLS)
    _, report = submit(site, payload("offer", OFFER, consent=OFFER_CONSENT[:1]), ok=False)
    assert report == ["sharesite: issue #41: the permission boxes are not ticked, so nothing "
                      "was added (edit the issue and tick them)"]
    assert (site / "content/schools/st-aidans.md").read_text("utf-8") == PROFILE


def test_a_site_with_no_profiles(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    _, report = submit(site, payload("offer", OFFER), ok=False)
    assert report == ["sharesite: issue #41: this site has no school profiles yet "
                      "(content/schools/<id>.md): make the school's first, then edit the issue"]
    assert not (site / "content").exists()


def test_a_list_written_on_one_line_is_left_for_a_maintainer(tmp_path: Path) -> None:
    flow = PROFILE.replace("seeking: []", "seeking: [{kind: visit, areas: [PE]}]")
    site = make_site(tmp_path, {"content/schools/st-aidans.md": flow})
    _, report = submit(site, payload("request", {**OFFER, "kind": "visit"}), ok=False)
    line = flow.split("\n").index("seeking: [{kind: visit, areas: [PE]}]") + 1
    assert report == [f"sharesite: content/schools/st-aidans.md:{line}: seeking: is written "
                      "on one line: write it as a list, one `- kind: …` a line, then edit "
                      "the issue to add this seeking entry"]
    assert (site / "content/schools/st-aidans.md").read_text("utf-8") == flow


def test_the_same_issue_is_not_added_twice(tmp_path: Path) -> None:
    site = make_site(tmp_path, SCHOOLS)
    submit(site, payload("offer", OFFER))
    once = (site / "content/schools/st-aidans.md").read_text("utf-8")
    _, report = submit(site, payload("offer", OFFER), ok=False)
    assert report == ["sharesite: content/schools/st-aidans.md already has the entry from "
                      "issue #41"]
    assert (site / "content/schools/st-aidans.md").read_text("utf-8") == once


def test_a_profile_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    site = make_site(tmp_path, SCHOOLS)
    config, _ = load_config(site)
    submission = from_issue(config, payload("offer", OFFER))
    (site / "content/schools/st-aidans.md").write_text(PROFILE + "Edited.\n", "utf-8")
    with pytest.raises(NotASubmission, match="changed while the issue was read"):
        write_submission(config, submission)
    assert (site / "content/schools/st-aidans.md").read_text("utf-8") == PROFILE + "Edited.\n"


@pytest.mark.parametrize(("mailbox", "why"), [
    ("gwen.hughes@st-aidans.example", "looks like a person's name"),
    ("g_hughes@st-aidans.example", "looks like a person's name"),
    ("readinglead@gmail.com", "looks like a personal webmail address"),
    ("cpd@hotmail.co.uk", "looks like a personal webmail address"),
    ("not an address", "is not an e-mail address"),
])
def test_a_personal_or_broken_mailbox_is_left_out(tmp_path: Path, mailbox: str,
                                                  why: str) -> None:
    site = make_site(tmp_path, SCHOOLS)
    _, report = submit(site, payload("offer", {**OFFER, "mailbox": mailbox}))
    data = matter((site / "content/schools/st-aidans.md").read_text("utf-8"))
    assert "contact" not in data["offers"][1]
    assert any(f"mailbox: {mailbox!r} {why}" in line for line in report), report
    assert mailbox not in (site / "content/schools/st-aidans.md").read_text("utf-8")


@pytest.mark.parametrize("mailbox", ["cpd@st-aidans.example", "early.years@school.example",
                                     "mailto:office@school.example"])
def test_a_role_mailbox_is_kept(tmp_path: Path, mailbox: str) -> None:
    site = make_site(tmp_path, SCHOOLS)
    submit(site, payload("offer", {**OFFER, "mailbox": mailbox}))
    data = matter((site / "content/schools/st-aidans.md").read_text("utf-8"))
    assert data["offers"][1]["contact"] == {"mailbox": mailbox.removeprefix("mailto:")}


def test_a_phone_number_in_the_text_is_reported(tmp_path: Path) -> None:
    site = make_site(tmp_path, SCHOOLS)
    _, report = submit(site, payload("offer", {**OFFER, "note": "Ring 01632 960123."}))
    assert ("content/schools/st-aidans.md: warning: the text holds what looks like a phone "
            "number (take it out: a phone number belongs in the school's contact: office:)"
            ) in report


# --- the example's profiles -------------------------------------------------------------------

EXAMPLE_PROFILES = sorted([*REPO.glob("content/schools/*.md"),
                           *REPO.glob("examples/*/content/schools/*.md"),
                           *REPO.glob("content/authors/*.md"),
                           *REPO.glob("examples/*/content/authors/*.md")])
ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")
PHONE = re.compile(r"\b0\d{3,4} ?\d{3} ?\d{3,4}\b")


def test_the_examples_contact_details_are_fictional() -> None:
    """Only role mailboxes at .example domains, only Ofcom's drama numbers, web sites at
    .example: nothing that could reach a real school or person."""
    schools = [p for p in EXAMPLE_PROFILES if p.parent.name == "schools"]
    assert len([p for p in schools if "examples" not in p.relative_to(REPO).parts]) == 4
    for path in EXAMPLE_PROFILES:
        text = path.read_text(encoding="utf-8")
        for address in ADDRESS.findall(text):
            local, domain = address.split("@")
            assert domain.endswith(".example") and "." not in local, (path, address)
        for phone in PHONE.findall(text):
            assert re.fullmatch(r"01632 ?96\d{4}", phone), (path, phone)
        if path.parent.name == "schools":
            data = matter(text)
            assert data["website"].endswith(".example/")
            assert all(".example/" in url for key, url in data["contact"].items()
                       if key in ("form", "page"))


def test_the_example_schools_offer_over_overlapping_areas_and_ask_once() -> None:
    offered: dict[str, set[str]] = {}
    requests = 0
    for path in EXAMPLE_PROFILES:
        data = matter(path.read_text(encoding="utf-8"))
        school = path.stem if path.parent.name == "schools" else data.get("school_id", "")
        for entry in data.get("offers", []):
            for area in entry["areas"]:
                offered.setdefault(area, set()).add(school)
        requests += len(data.get("seeking", []))
    assert requests == 1
    assert {area for area, schools in offered.items() if len(schools) > 1} >= {
        "KS1 phonics", "early reading", "KS2 maths"}


def test_forms_check_passes_with_the_expertise_forms(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(REPO / FORMS_DIR, site / FORMS_DIR)
    shutil.copy(REPO / "site.toml", site / "site.toml")
    assert run(site, "forms", "--check").exit_code == 0


def test_the_example_builds_its_directory_without_a_warning(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for rel in ("content", "examples", "themes"):
        if (REPO / rel).is_dir():
            shutil.copytree(REPO / rel, site / rel)
    shutil.copy(REPO / "site.toml", site / "site.toml")
    result = build_site(site, BuildOptions(now=dt.datetime(2026, 12, 6, tzinfo=dt.UTC)))
    assert result.ok and [str(d) for d in result.diagnostics] == []
    schools = " ".join(parse(read(site, "schools/index.html")).text_parts)
    for name in ("St Aidan's CE Primary School", "Brookside Primary School",
                 "Northfield Primary School", "Northfield Academy"):
        assert name in schools
    phonics = parse(read(site, "expertise/ks1-phonics/index.html"))
    text = " ".join(" ".join(phonics.text_parts).split())
    assert "St Aidan's CE Primary School" in text and "Oakfield Primary School" in text
    links = {attrs.get("href") for tag, attrs in phonics.tags if tag == "a"}
    assert "https://oakfield-primary.github.io/sharesite/schools/oakfield-primary/" in links
