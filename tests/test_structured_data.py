"""What a shared link and a search engine are told about each page (issue 14): a raster
link-preview picture with its size and alt on every page, honest `timeRequired`, facet
pages in the sitemap, and schema.org structured data on listing pages (WebSite,
ProfilePage, CollectionPage, BreadcrumbList; Organization for an organisation's credit)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from support import BASE_URL, DEFAULT_CONFIG, REPO, build, make_site, out, parse, read, run

from sharesite.render.metadata import is_organisation, time_required

SITE_ALT = "The school's crest: a tree above an open book"
WITH_PICTURE = DEFAULT_CONFIG.replace(
    'description = "A site for tests"\n',
    'description = "A site for tests"\nimage = "images/crest.jpg"\n'
    f'image_alt = "{SITE_ALT}"\n')


def photo(width: int = 1600, height: int = 1200) -> bytes:
    """A plain JPEG drawn in code, with no metadata: a sky, a field and a sun."""
    img = Image.new("RGB", (width, height), (110, 160, 220))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(70, 140, 60))
    draw.ellipse((width // 8, height // 8, width // 4, height // 4), fill=(250, 210, 80))
    data = io.BytesIO()
    img.save(data, "JPEG", quality=80)
    return data.getvalue()


def jsonld(site: Path, rel: str) -> dict[str, Any]:
    (data,) = parse(read(site, rel)).jsonld()
    assert isinstance(data, dict)
    return data


def preview(site: Path, rel: str) -> dict[str, str | None]:
    doc = parse(read(site, rel))
    return {key: doc.meta("og:image" + key) for key in
            ("", ":width", ":height", ":type", ":alt")}


# --- timeRequired ----------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "iso"), [
    ("60 min", "PT60M"),
    ("1 hour", "PT60M"),
    ("1 hr 30 min", "PT90M"),
    ("90 minutes", "PT90M"),
    ("1h30", "PT90M"),
    ("45 mins", "PT45M"),
    ("2 \u00d7 60 min", "PT120M"),  # was PT62M
    ("2 x 60 min", "PT120M"),
    ("one hour", "PT60M"),
    ("15 min a day for 6 weeks", ""),  # was PT21M
    ("10 min a day", ""),
    ("a term", ""),
    ("2-3 lessons", ""),
    ("60", ""),  # no unit: not a claim
])
def test_time_required_reads_what_teachers_write(written: str, iso: str) -> None:
    assert time_required(written) == iso


def test_time_required_in_a_resources_jsonld(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/resources/turtles/index.md":
            "---\ntitle: Turtles\ndate: 2024-01-05\nduration: 2 \u00d7 60 min\n---\nT.\n",
        "content/resources/catch-up/index.md": "---\ntitle: Catch-up\ndate: 2024-01-06\n"
                                               "duration: 15 min a day for 6 weeks\n---\nC.\n",
    })
    build(site)
    assert jsonld(site, "resources/turtles/index.html")["timeRequired"] == "PT120M"
    assert "timeRequired" not in jsonld(site, "resources/catch-up/index.html")


# --- Organization or Person ------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "NCETM", "Hillside Primary School", "Oak National Academy", "Oak National", "BBC Bitesize",
    "Northfield Learning Partnership", "Maths Hub North", "Riverside Academy Trust",
    "Anytown Borough Council", "Teaching Resources Ltd", "STEM Learning",
    "National Centre for Computing Education (NCCE)", "University of Leeds"])
def test_names_of_organisations(name: str) -> None:
    assert is_organisation(name)


@pytest.mark.parametrize("name", [
    "Ms Okafor", "A. Teacher", "Adaeze Okafor", "Mr Hubbard", "Claire Laurent",
    "Dr Jo Schoolfield", "Ms Okafor, NCETM", "Mrs Trust",
    # capitals say nothing, and some surnames are words: people all the same
    "Jean DUPONT", "Mme Claire MARTIN", "JRR Tolkien", "Anna Press", "David Service"])
def test_names_of_people(name: str) -> None:
    assert not is_organisation(name)


def test_a_credit_naming_an_organisation_is_an_organization(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/resources/mats/index.md": """\
        ---
        title: Mats
        date: 2024-01-05
        adapted_from:
          - title: Fraction walls
            url: https://example.org/walls
            author: NCETM
            licence: CC-BY-4.0
          - title: Number lines
            url: https://example.org/lines
            author: Ms Okafor
            licence: CC-BY-4.0
          - title: Bar models
            url: https://example.org/bars
            author: Hillside Primary School
            licence: CC-BY-4.0
        ---
        Mats.
        """})
    build(site)
    credits = jsonld(site, "resources/mats/index.html")["isBasedOn"]
    assert [c["author"] for c in credits] == [
        {"@type": "Organization", "name": "NCETM"},
        {"@type": "Person", "name": "Ms Okafor"},
        {"@type": "Organization", "name": "Hillside Primary School"}]


# --- link previews -----------------------------------------------------------------------------

PREVIEW_FILES: dict[str, str | bytes] = {
    "content/images/crest.jpg": photo(2000, 1000),
    "content/posts/2024-03-01-trip/index.md": """\
        ---
        title: Our trip
        tags: [trips]
        ---
        We went out.

        ![Pupils by the pond](pond.jpg)

        ![The coach home](coach.jpg)
        """,
    "content/posts/2024-03-01-trip/pond.jpg": photo(),
    "content/posts/2024-03-01-trip/coach.jpg": photo(800, 600),
    "content/posts/2024-03-02-words.md":
        "---\ntitle: Just words\ntags: [trips]\n---\nNo pictures.\n",
    "content/posts/2024-03-03-far.md": """\
        ---
        title: A picture from elsewhere
        cover: https://images.example.org/wall.jpg
        cover_alt: A wall from elsewhere
        ---
        Text.
        """,
    "content/pages/about.md": "---\ntitle: About\n---\nAbout us.\n",
    "content/resources/mats/index.md": """\
        ---
        title: Mats
        date: 2024-01-05
        subjects: [maths]
        levels: [KS2]
        type: worksheet
        ---
        Mats.
        """,
    "content/authors/ms-a.md": "---\nname: Ms A\n---\nMs A teaches.\n",
}


@pytest.fixture(scope="module")
def pictured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with its own picture (site.toml `image`), a post with photos in its text, one
    with none, one whose cover is on another site, a page, a resource and an author."""
    site = make_site(tmp_path_factory.mktemp("pictured"), {
        **PREVIEW_FILES,
        "content/posts/2024-03-02-words.md":
            "---\ntitle: Just words\ntags: [trips]\nauthor: ms-a\n---\nNo pictures.\n"},
        config=WITH_PICTURE)
    build(site)
    return site


def test_the_first_photo_of_the_text_is_the_preview(pictured: Path) -> None:
    found = preview(pictured, "posts/trip/index.html")
    assert found[""] == BASE_URL + "posts/trip/pond-preview.jpg"
    assert (found[":width"], found[":height"]) == ("1200", "900")
    assert found[":type"] == "image/jpeg"
    assert found[":alt"] == "Pupils by the pond"
    assert jsonld(pictured, "posts/trip/index.html")["image"] == found[""]
    assert (out(pictured) / "posts/trip/pond-preview.jpg").is_file()


def test_a_cover_elsewhere_is_the_pages_own_picture(pictured: Path) -> None:
    """A cover on another site is still the page's own picture: it beats the site's,
    though its size is unknown."""
    found = preview(pictured, "posts/far/index.html")
    assert found[""] == "https://images.example.org/wall.jpg"
    assert found[":width"] is None  # no size: not known
    assert jsonld(pictured, "posts/far/index.html")["image"] == found[""]


@pytest.mark.parametrize("rel", [
    "posts/words/index.html", "about/index.html", "resources/mats/index.html"])
def test_a_page_with_no_photo_of_its_own_shows_the_sites(pictured: Path, rel: str) -> None:
    found = preview(pictured, rel)
    assert found[""] == BASE_URL + "images/crest-preview.jpg"
    assert found[":type"] == "image/jpeg"
    assert (found[":width"], found[":height"]) == ("1200", "600")
    assert found[":alt"] == SITE_ALT
    assert (out(pictured) / "images/crest-preview.jpg").is_file()
    if not rel.startswith("about/"):
        assert jsonld(pictured, rel)["image"] == found[""]


@pytest.mark.parametrize("rel", [
    "index.html", "tags/index.html", "tags/trips/index.html", "authors/index.html",
    "authors/ms-a/index.html", "archive/index.html", "resources/index.html",
    "resources/subjects/maths/index.html", "resources/levels/ks2/index.html",
    "resources/types/worksheet/index.html"])
def test_listing_pages_show_the_sites_picture(pictured: Path, rel: str) -> None:
    assert preview(pictured, rel) == {
        "": BASE_URL + "images/crest-preview.jpg", ":width": "1200", ":height": "600",
        ":type": "image/jpeg", ":alt": SITE_ALT}
    assert parse(read(pictured, rel)).meta("twitter:card") == "summary_large_image"


def test_with_no_picture_of_its_own_a_cover_elsewhere_is_offered(tmp_path: Path) -> None:
    site = make_site(tmp_path, {k: v for k, v in PREVIEW_FILES.items()
                                if not k.startswith("content/images/")})
    build(site)
    found = preview(site, "posts/far/index.html")
    assert found == {"": "https://images.example.org/wall.jpg", ":width": None,
                     ":height": None, ":type": None, ":alt": "A wall from elsewhere"}
    assert preview(site, "posts/words/index.html")[""] is None
    assert preview(site, "index.html")[""] is None


# --- sitemap -----------------------------------------------------------------------------------

def test_the_sitemap_lists_every_facet_page_at_its_canonical(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/resources/mats/index.md": "---\ntitle: Mats\ndate: 2024-01-05\n"
                                           "subjects: [maths]\nlevels: [KS2]\n"
                                           "type: worksheet\n---\nM.\n",
        "content/resources/quiz/index.md": "---\ntitle: Quiz\ndate: 2024-02-07\n"
                                           "subjects: [science, maths]\nlevels: [KS3]\n"
                                           "type: quiz\n---\nQ.\n",
    })
    build(site)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring((out(site) / "sitemap.xml").read_bytes())
    entries = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
               for u in root.findall("s:url", ns)}
    facet_pages = sorted(p.parent.relative_to(out(site)).as_posix() + "/"
                         for kind in ("subjects", "levels", "types")
                         for p in (out(site) / "resources" / kind).glob("*/index.html"))
    assert len(facet_pages) == 6  # 2 subjects, 2 levels, 2 types
    for rel in facet_pages:
        canonical = parse(read(site, rel + "index.html")).find("link", rel="canonical")[0]
        assert canonical["href"] == BASE_URL + rel
        assert BASE_URL + rel in entries, rel
    assert entries[BASE_URL + "resources/subjects/maths/"] == "2024-02-07"
    assert entries[BASE_URL + "resources/levels/ks2/"] == "2024-01-05"


# --- structured data on listing pages ------------------------------------------------------------

def test_the_home_page_is_a_website_with_a_search_action(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/posts/2024-01-05-a.md": "---\ntitle: A\n---\nA.\n"},
                     config=DEFAULT_CONFIG.replace("enabled = false", "enabled = true"))
    build(site)
    data = jsonld(site, "index.html")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "WebSite"
    assert (data["name"], data["url"]) == ("Test School", BASE_URL)
    assert (data["description"], data["inLanguage"]) == ("A site for tests", "en-GB")
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    template = action["target"]["urlTemplate"]
    assert template == BASE_URL + "search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    # the address it makes is the search page, reading the parameter search.js reads
    assert (out(site) / "search/index.html").is_file()
    assert 'params.get("q")' in read(site, "search.js")


def test_no_search_action_without_search(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/posts/2024-01-05-a.md": "---\ntitle: A\n---\nA.\n"})
    build(site)
    data = jsonld(site, "index.html")
    assert data["@type"] == "WebSite" and "potentialAction" not in data


def test_an_authors_page_is_a_profile_page(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/authors/ms-okafor.md": """\
            ---
            name: Adaeze Okafor
            role: Maths lead
            school: Hillside Primary School
            links:
              - title: Mastodon
                url: https://mastodon.example/@okafor
              - title: Email
                url: mailto:okafor@example.org
            ---
            Adaeze teaches Year 4 and leads maths.
            """,
        "content/posts/2024-01-05-a.md": "---\ntitle: A\nauthor: ms-okafor\n---\nA.\n",
    })
    build(site)
    data = jsonld(site, "authors/ms-okafor/index.html")
    assert data["@type"] == "ProfilePage"
    assert data["url"] == BASE_URL + "authors/ms-okafor/"
    assert data["mainEntity"] == {
        "@type": "Person", "name": "Adaeze Okafor", "url": BASE_URL + "authors/ms-okafor/",
        "jobTitle": "Maths lead",
        "worksFor": {"@type": "Organization", "name": "Hillside Primary School"},
        "sameAs": ["https://mastodon.example/@okafor"],
        "description": "Adaeze teaches Year 4 and leads maths."}


def _items(data: dict[str, Any]) -> list[str]:
    listed = data["mainEntity"]
    assert listed["@type"] == "ItemList"
    elements = listed["itemListElement"]
    assert [e["position"] for e in elements] == list(range(1, len(elements) + 1))
    assert all(e["@type"] == "ListItem" for e in elements)
    return [e["url"] for e in elements]


def _crumbs(data: dict[str, Any]) -> list[tuple[str, str]]:
    trail = data["breadcrumb"]
    assert trail["@type"] == "BreadcrumbList"
    elements = trail["itemListElement"]
    assert [e["position"] for e in elements] == list(range(1, len(elements) + 1))
    return [(e["name"], e["item"]) for e in elements]


def test_a_tag_page_is_a_collection_page_naming_its_newest_twenty(tmp_path: Path) -> None:
    posts: dict[str, str | bytes] = {
        f"content/posts/2024-01-{day:02}-p{day}.md": f"---\ntitle: P{day}\ntags: [Maths]\n---\nP.\n"
        for day in range(1, 23)}
    site = make_site(tmp_path, posts)
    build(site)
    data = jsonld(site, "tags/maths/index.html")
    assert data["@type"] == "CollectionPage"
    assert data["name"] == "Tagged “Maths”"
    assert data["url"] == BASE_URL + "tags/maths/"
    assert data["description"]
    assert data["mainEntity"]["numberOfItems"] == 22
    assert _items(data) == [BASE_URL + f"posts/p{day}/" for day in range(22, 2, -1)]
    assert _crumbs(data) == [("Test School", BASE_URL), ("Tags", BASE_URL + "tags/"),
                             ("Tagged “Maths”", BASE_URL + "tags/maths/")]


def test_facet_and_item_pages_say_where_they_sit(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/resources/mats/index.md": "---\ntitle: Mats\ndate: 2024-01-05\n"
                                           "subjects: [maths]\nlevels: [KS2]\n---\nM.\n",
        "content/posts/2024-01-05-a-post.md": "---\ntitle: A post\n---\nA.\n",
    })
    build(site)
    facet = jsonld(site, "resources/subjects/maths/index.html")
    assert facet["@type"] == "CollectionPage"
    assert (facet["name"], facet["url"]) == ("Subject: maths",
                                             BASE_URL + "resources/subjects/maths/")
    assert facet["description"] == "Teaching resources for maths"
    assert _items(facet) == [BASE_URL + "resources/mats/"]
    library = ("Resource library", BASE_URL + "resources/")
    assert _crumbs(facet) == [("Test School", BASE_URL), library,
                              ("Subject: maths", BASE_URL + "resources/subjects/maths/")]
    resource = jsonld(site, "resources/mats/index.html")
    assert resource["@type"] == "LearningResource"
    page = resource["mainEntityOfPage"]
    assert (page["@type"], page["@id"]) == ("WebPage", BASE_URL + "resources/mats/")
    assert _crumbs(page) == [("Test School", BASE_URL), library,
                             ("Subject: maths", BASE_URL + "resources/subjects/maths/"),
                             ("Mats", BASE_URL + "resources/mats/")]
    post = jsonld(site, "posts/a-post/index.html")
    assert post["@type"] == "BlogPosting"
    assert _crumbs(post["mainEntityOfPage"]) == [("Test School", BASE_URL),
                                                 ("A post", BASE_URL + "posts/a-post/")]


# --- the example site ----------------------------------------------------------------------------

def test_the_example_sites_pages_all_say_what_they_are(tmp_path: Path) -> None:
    """Every JSON-LD block of the repository's example site is JSON with a schema.org type,
    and every content and listing page offers a raster link-preview picture with its size
    (once site.toml names the site's own picture, pages without a photo show that)."""
    output = tmp_path / "ex"
    result = run(REPO, "build", "--output", str(output))
    assert result.exit_code == 0, result.stderr
    typed: dict[str, int] = {}
    missing = []
    for page in sorted(output.rglob("*.html")):
        rel = page.relative_to(output).as_posix()
        text = page.read_text(encoding="utf-8")
        doc = parse(text)
        if doc.find("meta", http_equiv="refresh") or rel == "404.html":
            continue  # a redirect left at an old address, the not-found page
        for data in doc.jsonld():
            assert isinstance(data, dict), rel
            assert data.get("@context") == "https://schema.org", rel
            assert isinstance(data.get("@type"), str) and data["@type"], rel
            json.dumps(data)  # plain JSON all the way down
            typed[str(data["@type"])] = typed.get(str(data["@type"]), 0) + 1
        image = doc.meta("og:image")
        if not (image and image.endswith((".jpg", ".png")) and doc.meta("og:image:width")
                and doc.meta("og:image:height") and doc.meta("og:image:alt")):
            missing.append(rel)
    assert missing == []
    assert {"WebSite", "BlogPosting", "LearningResource", "ProfilePage",
            "CollectionPage"} <= typed.keys()
