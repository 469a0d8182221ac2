"""The expertise directory of one site: school profiles (content/schools/*.md), their offers
and requests and their people's, /schools/, /expertise/ and each area's page, the offers'
feed and structured data; every bad value's exact message; stale offers hidden; a role
mailbox never written as an address; everything linked under a sub-path."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import BASE_URL, build, crawl, make_site, out, read, run, tree

TODAY = dt.date.today()
FRESH = (TODAY - dt.timedelta(days=30)).isoformat()
NEWER = (TODAY - dt.timedelta(days=3)).isoformat()
STALE = (TODAY - dt.timedelta(days=400)).isoformat()
# An e-mail address as harvesters find one in a page's source.
ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

AIDANS = f"""\
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
        areas: [ks1 Phonics, early reading]
        format: in-person
        when: on request
        note: Watch a Year 1 phonics lesson and talk to the reading lead after.
        contact: {{mailbox: reading@st-aidans.sch.uk}}
        reviewed: {FRESH}
      - kind: open-classroom
        areas: [KS1 phonics]
        format: either
        reviewed: {STALE}
    seeking:
      - kind: mentoring
        areas: [middle leadership]
        note: Two new subject leaders would value a mentor.
        reviewed: {NEWER}
    ---
    A one-form-entry primary whose [Year 1 team](../posts/2024-01-05-phonics.md) turned
    its phonics results around.
    """

OAKFIELD = f"""\
    ---
    name: Oakfield Academy
    phase: secondary
    region: Yorkshire
    contact:
      page: https://oakfield.example.org/contact/
    offers:
      - kind: CPD
        areas: [Year 7 French, MFL]
        format: online
        when: Tuesdays after school, termly
        reviewed: {FRESH}
    ---
    A secondary school.
    """

FILES: dict[str, str | bytes] = {
    "content/schools/st-aidans.md": AIDANS,
    "content/schools/oakfield.md": OAKFIELD,
    "content/authors/ms-a.md": f"""\
        ---
        name: Ms A
        role: Reading lead
        school: St Aidan's
        school_id: st-aidans
        expertise: [early reading]
        offers:
          - kind: coaching
            areas: [reading for pleasure]
            format: online
            reviewed: {FRESH}
        ---
        Reading lead.
        """,
    "content/posts/2024-01-05-phonics.md": """\
        ---
        title: How our phonics turned around
        authors: [ms-a]
        ---
        Our story, with a link to [our school](../schools/st-aidans.md).
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = make_site(tmp_path_factory.mktemp("expertise"), FILES)
    result = build(folder, "--base-url", "https://example.github.io/sub/deep/")
    return folder, result.stdout + result.stderr


class _Mailboxes(HTMLParser):
    """The text of each <span class="mailbox">, as a screen reader reads it (textContent)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += 1
        elif tag == "span" and "mailbox" in (dict(attrs).get("class") or "").split():
            self.depth = 1
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.found[-1] += data


def mailbox_texts(text: str) -> list[str]:
    parser = _Mailboxes()
    parser.feed(text)
    return parser.found


def main_of(text: str) -> str:
    return text[text.index("<main"):text.index("</main>")]


def test_every_field_is_shown_on_the_school_page(site: tuple[Path, str]) -> None:
    folder, _ = site
    page = read(folder, "schools/st-aidans/index.html")
    main = main_of(page)
    for shown in ("St Aidan&#39;s CE Primary School", "Primary", "North West", "Northshire",
                  "200-400", "urban", "https://www.st-aidans.sch.uk/",
                  'href="https://www.st-aidans.sch.uk/contact/enquiry/"',
                  'href="https://www.st-aidans.sch.uk/contact/"',
                  "01632 960123, Church Lane, Northfield NF1 2AB",
                  "systematic synthetic phonics, early reading",
                  "Watch a Year 1 phonics lesson", "on request", "In person",
                  "Looking for mentoring", "Two new subject leaders",
                  "turned\nits phonics results around",
                  "Visits are arranged school to school under each school&#39;s own visitor "
                  "and safeguarding procedures; this site arranges nothing."):
        assert shown in main, shown
    # the person's offer is on the school's page too, and their name links to them
    assert ">reading for pleasure<" in main
    assert 'href="/sub/deep/authors/ms-a/">Ms A</a>' in main
    # areas spelled as the vocabulary spells them, linking to their pages
    assert '<a href="/sub/deep/expertise/ks1-phonics/">KS1 phonics</a>' in main
    assert 'id="offer-1"' in main and 'id="offer-3"' in main  # numbered as written
    assert "Posts and resources from St Aidan" in main and "How our phonics turned" in main


def test_stale_offers_are_hidden_with_a_warning(site: tuple[Path, str]) -> None:
    folder, output = site
    assert (f"content/schools/st-aidans.md:26: warning: offers: this entry was last "
            f"reviewed on {STALE}, over 12 months ago, so it is hidden (check it is still "
            f"true, then set reviewed: {TODAY.isoformat()}; or remove it)") in output
    for rel in ("schools/st-aidans/index.html", "expertise/index.html",
                "expertise/ks1-phonics/index.html", "expertise/feed.xml"):
        assert "Open classroom" not in read(folder, rel), rel
    assert 'id="offer-2"' not in read(folder, "schools/st-aidans/index.html")


def test_directory_lists_areas_offers_and_requests_newest_first(site: tuple[Path, str]
                                                                ) -> None:
    folder, _ = site
    main = main_of(read(folder, "expertise/index.html"))
    titles = [m for m in re.findall(r'class="card__title">(.*?)</h3>', main, re.S)]
    kinds = [re.sub(r"<[^>]+>|\s+", " ", t).split(":")[0].strip() for t in titles]
    assert kinds[0] == "Looking for mentoring"  # reviewed 3 days ago
    assert sorted(kinds[1:]) == ["CPD", "Coaching", "Visit"]
    for slug in ("ks1-phonics", "early-reading", "year-7-french", "mfl", "middle-leadership",
                 "reading-for-pleasure"):
        assert f'href="/sub/deep/expertise/{slug}/"' in main
    # filters: the library's form and script, keyed like the cards' data-… attributes
    assert 'id="library-filters"' in main
    for key in ("area", "kind", "phase", "region", "format", "school"):
        assert f'name="{key}"' in main, key
    assert 'data-format="in-person online"' not in main  # the "either" one is stale
    assert 'data-phase="secondary" data-region="yorkshire" data-format="online" ' \
           'data-school="oakfield"' in main
    assert 'src="/sub/deep/library.js"' in read(folder, "expertise/index.html")
    area = main_of(read(folder, "expertise/middle-leadership/index.html"))
    assert "Looking for help" in area and "Offered" not in area
    assert "0 offers and 1 request about middle leadership" in area
    assert "Expertise" in [t for t in re.findall(r'<a href="[^"]*">([^<]+)</a>',
                                                  read(folder, "index.html"))]


def test_mailbox_is_never_written_as_an_address_but_reads_whole(site: tuple[Path, str]
                                                                 ) -> None:
    folder, _ = site
    for rel in tree(out(folder)):
        if rel == "expertise.json":  # the network's catalogue carries it, for machines
            continue
        data = (out(folder) / rel).read_bytes().decode("utf-8", "replace")
        assert not ADDRESS.findall(data), (rel, ADDRESS.findall(data))
        assert "mailto:cpd" not in data and "mailto:reading" not in data
    boxes = mailbox_texts(read(folder, "schools/st-aidans/index.html"))
    assert "cpd@st-aidans.sch.uk" in boxes and "reading@st-aidans.sch.uk" in boxes
    assert 'src="/sub/deep/mailbox.js"' in read(folder, "schools/st-aidans/index.html")


def test_pages_link_under_a_sub_path_with_nothing_broken(site: tuple[Path, str]) -> None:
    folder, output = site
    assert crawl(out(folder), "https://example.github.io/sub/deep/") == []
    schools = main_of(read(folder, "schools/index.html"))
    assert schools.index("Oakfield Academy") < schools.index("St Aidan")  # by name
    # a link to the profile's Markdown file becomes its page
    assert 'href="/sub/deep/schools/st-aidans/"' in read(folder, "posts/phonics/index.html")
    author = main_of(read(folder, "authors/ms-a/index.html"))
    assert '<a href="/sub/deep/schools/st-aidans/">St Aidan' in author
    assert 'id="offer-1"' in author and "reading for pleasure" in author
    sitemap = read(folder, "sitemap.xml")
    for path in ("schools/", "schools/oakfield/", "expertise/", "expertise/mfl/"):
        assert f"<loc>https://example.github.io/sub/deep/{path}</loc>" in sitemap
    assert "warning" not in output.replace("warning: offers: this entry was last", "") \
        .replace("1 warning", "")


def test_feed_has_the_offers_and_requests_newest_reviewed_first(site: tuple[Path, str]
                                                               ) -> None:
    folder, _ = site
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring((out(folder) / "expertise/feed.xml").read_bytes())
    entries = root.findall("a:entry", ns)
    titles = [e.findtext("a:title", namespaces=ns) for e in entries]
    assert titles[0] == "Looking for mentoring: middle leadership (St Aidan's CE Primary " \
                        "School)"
    assert len(titles) == 4
    ids = {e.findtext("a:id", namespaces=ns) for e in entries}
    base = "https://example.github.io/sub/deep/"
    assert f"{base}schools/st-aidans/#offer-3" in ids
    assert f"{base}authors/ms-a/#offer-1" in ids
    assert f"{base}schools/oakfield/#offer-1" in ids


def _jsonld(text: str) -> dict[str, object]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert found
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_structured_data_parses(site: tuple[Path, str]) -> None:
    folder, _ = site
    school = _jsonld(read(folder, "schools/st-aidans/index.html"))
    entity = school["mainEntity"]
    assert isinstance(entity, dict)
    assert entity["@type"] == "EducationalOrganization"
    assert entity["knowsAbout"] == ["systematic synthetic phonics", "early reading",
                                    "KS1 phonics", "reading for pleasure"]
    assert [o["@type"] for o in entity["makesOffer"]] == ["Offer", "Offer"]
    assert [o["@type"] for o in entity["seeks"]] == ["Demand"]
    assert entity["seeks"][0]["itemOffered"]["serviceType"] == "Mentoring"
    directory = _jsonld(read(folder, "expertise/index.html"))
    items = directory["mainEntity"]
    assert isinstance(items, dict)
    assert {i["item"]["@type"] for i in items["itemListElement"]} == {"Offer", "Demand"}


BAD = f"""\
    ---
    name: Bad School
    phase: secondry
    website: ftp://bad.example.org/
    contact:
      form: javascript:alert(1)
      mailbox: not-an-address
      fax: 123
    offers:
      - kind: vist
        areas: [KS1 phonix]
        format: by post
        reviewed: someday
      - kind: mentoring
        areas: [middle leadership]
        reviewed: {FRESH}
        note: Call Jo on 07700 900123.
        contact: {{mailbox: jo.bloggs@bad.example.org}}
      - kind: visit
        areas: [EYFS]
      - kind: cpd
        reviewed: {FRESH}
      - areas: [PE]
        reviewed: {FRESH}
        colour: red
    seeking:
      - kind: coaching
        areas: [behaviour]
        reviewed: {FRESH}
        contact: {{mailbox: head.school@gmail.com}}
    ---
    Call us.
    """


def test_every_bad_value_has_its_exact_message(tmp_path: Path) -> None:
    folder = make_site(tmp_path, {"content/schools/bad.md": BAD})
    result = run(folder, "build")
    assert result.exit_code != 0
    path = "content/schools/bad.md"
    expected = [
        f"{path}:4: website: 'ftp://bad.example.org/' is not a web address (write a full "
        "address like https://example.org/page)",
        f"{path}:6: contact: form: 'javascript:alert(1)' is not a web address (write a full "
        "address like https://example.org/page)",
        f"{path}:7: contact: mailbox: 'not-an-address' is not an e-mail address (write a "
        "role mailbox like cpd@your-school.sch.uk)",
        f"{path}:8: contact: unknown field 'fax' (use form, page, office, mailbox)",
        f"{path}:12: offers: format: 'by post' is not in-person, online or either (write "
        "format: in-person, format: online or format: either)",
        f"{path}:13: offers: reviewed: 'someday' is not a date (use YYYY-MM-DD, or "
        "YYYY-MM-DD HH:MM for a time too)",
        f"{path}:21: offers: areas is missing (say what it is about, like areas: [KS1 "
        "phonics, early reading])",
        f"{path}:23: offers: kind is missing (say what it is, like kind: visit or kind: "
        "mentoring)",
        f"{path}:25: offers: unknown field 'colour' (use kind, areas, format, when, note, "
        "contact, reviewed, dates)",
        f"{path}:3: warning: phase: 'secondry' is not a school phase sharesite knows (did "
        'you mean "secondary"?)',
    ]
    for line in expected:
        assert line in result.lines, (line, result.lines)


WARNED = f"""\
    ---
    name: Warned School
    contact:
      page: https://warned.example.org/contact/
    offers:
      - kind: vist
        areas: [KS1 phonix]
        reviewed: {FRESH}
      - kind: mentoring
        areas: [middle leadership]
        reviewed: {FRESH}
        note: Call Jo on 07700 900123.
        contact: {{mailbox: jo.bloggs@warned.example.org}}
      - kind: visit
        areas: [EYFS]
    seeking:
      - kind: coaching
        areas: [behaviour]
        reviewed: {FRESH}
        contact: {{mailbox: head.school@gmail.com}}
    ---
    Ring the office on 01632 960123.
    """


def test_vocabulary_age_and_privacy_warnings(tmp_path: Path) -> None:
    folder = make_site(tmp_path, {"content/schools/warned.md": WARNED})
    result = build(folder)
    path = "content/schools/warned.md"
    expected = [
        f"{path}:6: warning: offers: kind 'vist' is not in the vocabulary (did you mean "
        '"visit"?)',
        f"{path}:7: warning: offers: area 'KS1 phonix' is not in the vocabulary (did you "
        'mean "KS1 phonics"?)',
        f"{path}:12: warning: offers: note: this has a phone number in it (give a phone "
        "number only in contact: office (the office details the school already publishes))",
        f"{path}:13: warning: offers: contact: mailbox: 'jo.bloggs@warned.example.org' "
        "looks like a person's name (give a role mailbox the school runs, like cpd@ or "
        "office@ your school's domain: never a person's own address)",
        f"{path}:14: warning: offers: this entry has no reviewed date, so it is hidden "
        f"(check it is still true, then add reviewed: {TODAY.isoformat()})",
        f"{path}:20: warning: seeking: contact: mailbox: 'head.school@gmail.com' looks like "
        "a personal webmail address (give a role mailbox the school runs, like cpd@ or "
        "office@ your school's domain: never a person's own address)",
        f"{path}:22: warning: the text has a phone number in it (give a phone number only "
        "in contact: office (the office details the school already publishes))",
    ]
    assert len(result.lines) == len(expected)  # and nothing else
    for line in expected:
        assert line in result.lines, (line, result.lines)
    strict = run(folder, "build", "--strict")
    assert strict.exit_code != 0


def test_an_author_names_a_school_that_is_not_there(tmp_path: Path) -> None:
    folder = make_site(tmp_path, {
        "content/schools/st-aidans.md": AIDANS,
        "content/authors/mr-b.md": "---\nname: Mr B\nschool_id: st-aidan\n---\n"})
    result = run(folder, "build")
    assert "content/authors/mr-b.md:3: school_id: 'st-aidan' is not a school of this site " \
           '(did you mean "st-aidans"?)' in result.lines


def test_no_profiles_no_pages(tmp_path: Path) -> None:
    folder = make_site(tmp_path, {"content/posts/2024-01-05-a.md": "---\ntitle: A\n---\nA.\n"})
    build(folder)
    files = tree(out(folder))
    assert not any(f.startswith(("schools/", "expertise/")) for f in files)
    assert ">Expertise<" not in read(folder, "index.html")
    assert BASE_URL  # the default test site's address: the pages above are not there
