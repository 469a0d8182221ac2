"""Contributing without git: the issue forms made from site.toml, and `sharesite from-issue`
on sample `issues` event payloads (tests/events/), hostile ones included. Every submission is
built into a real site and its pages checked with a real HTML parser."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import REPO, build, feed_html, make_site, out, parse, prose, read, run, tree, unsafe

from sharesite.authoring.files import clean_text, front_matter
from sharesite.authoring.from_issue import from_issue, write_submission
from sharesite.authoring.issue_forms import (
    EVENT_FIELDS,
    FORMS_DIR,
    LICENCE_OPTIONS,
    OFFER_FIELDS,
    POST_FIELDS,
    REQUEST_FIELDS,
    RESOURCE_FIELDS,
    form_files,
    parse_form_body,
)
from sharesite.config import load_config
from sharesite.licences import LICENCES

EVENTS = Path(__file__).resolve().parent / "events"
FORMS = {"share-a-resource.yml": RESOURCE_FIELDS, "write-a-post.yml": POST_FIELDS,
         "offer-your-expertise.yml": OFFER_FIELDS, "we-are-looking-for.yml": REQUEST_FIELDS,
         "add-an-event.yml": EVENT_FIELDS}
ELEMENT_KEYS = {  # what GitHub's form schema allows in each element's attributes
    "markdown": {"value"},
    "input": {"label", "description", "placeholder", "value"},
    "textarea": {"label", "description", "placeholder", "value", "render"},
    "dropdown": {"label", "description", "multiple", "options", "default"},
    "checkboxes": {"label", "description", "options"},
}


def event(name: str) -> Path:
    return EVENTS / f"{name}.json"


def submit(site: Path, name: str) -> tuple[list[str], list[str]]:
    """`sharesite from-issue` on a sample payload: (paths written, report lines)."""
    result = run(site, "from-issue", str(event(name)))
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines(), result.lines


def matter_of(site: Path, rel: str) -> dict[str, Any]:
    """The front matter of a written file, as YAML reads it."""
    text = (site / rel).read_text(encoding="utf-8")
    assert text.startswith("---\n")
    block = text[4:text.index("\n---\n")]
    value = yaml.safe_load(block)
    assert isinstance(value, dict)
    return value


def body_of(site: Path, rel: str) -> str:
    text = (site / rel).read_text(encoding="utf-8")
    return text[text.index("\n---\n") + 5:]


def page_url(rel: str) -> str:
    """The built page for a written file (a resource bundle or a dated post)."""
    if rel.startswith("content/resources/"):
        return f"resources/{rel.split('/')[2]}/index.html"
    name = rel.rsplit("/", 1)[1][len("2026-11-20-"):-len(".md")]
    return f"posts/{name}/index.html"


def assert_safe_site(site: Path) -> None:
    """Every page and feed of the built site: no script but the theme's own, no event
    handler, no javascript:/data: link, no frame from elsewhere."""
    for rel in tree(out(site)):
        if rel.endswith(".html"):
            assert unsafe(read(site, rel)) == [], rel
        if rel.endswith(".xml") and "sitemap" not in rel:
            for fragment in feed_html(out(site) / rel):
                assert unsafe(fragment, content=True) == [], rel


# --- the forms ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def repo_forms() -> dict[str, dict[str, Any]]:
    return {name: yaml.safe_load((REPO / FORMS_DIR / name).read_text(encoding="utf-8"))
            for name in FORMS}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_form_follows_githubs_form_schema(repo_forms: dict[str, dict[str, Any]],
                                          name: str) -> None:
    form = repo_forms[name]
    assert set(form) <= {"name", "description", "title", "labels", "assignees", "body",
                         "projects", "type"}
    assert isinstance(form["name"], str) and form["name"]
    assert isinstance(form["description"], str) and form["description"]
    assert form["labels"] and all(isinstance(label, str) for label in form["labels"])
    ids, labels = [], []
    for element in form["body"]:
        kind = element["type"]
        assert set(element) <= {"type", "id", "attributes", "validations"}, element
        assert set(element["attributes"]) <= ELEMENT_KEYS[kind], element
        if kind == "markdown":
            assert "id" not in element and element["attributes"]["value"].strip()
            continue
        assert re.fullmatch(r"[A-Za-z0-9_-]+", element["id"]), element
        ids.append(element["id"])
        labels.append(element["attributes"]["label"])
        assert set(element.get("validations", {})) <= {"required"}
        assert all(isinstance(v, bool) for v in element.get("validations", {}).values())
        options = element["attributes"].get("options")
        if kind == "dropdown":
            assert options and all(isinstance(o, str) and o.strip() for o in options)
            assert len(set(options)) == len(options)
            assert "none" not in {o.casefold() for o in options}  # GitHub's empty choice
            default = element["attributes"].get("default", 0)
            assert isinstance(default, int) and 0 <= default < len(options)
        if kind == "checkboxes":
            assert options and all(set(o) <= {"label", "required"} and o["label"]
                                   for o in options)
    assert len(set(ids)) == len(ids)
    assert len(set(labels)) == len(labels)
    assert ids == [f.id for f in FORMS[name]]
    assert labels == [f.label for f in FORMS[name]]


def test_forms_have_no_yaml_anchors_or_tags() -> None:
    for name in FORMS:
        for token in yaml.scan((REPO / FORMS_DIR / name).read_text(encoding="utf-8")):
            assert not isinstance(token, yaml.AnchorToken | yaml.AliasToken | yaml.TagToken)


def test_dropdowns_are_the_sites_vocabulary_and_licences(
        repo_forms: dict[str, dict[str, Any]]) -> None:
    config, _ = load_config(REPO)
    elements = {e.get("id"): e["attributes"] for e in repo_forms["share-a-resource.yml"]["body"]}
    assert elements["subjects"]["options"] == list(config.subjects)
    assert elements["levels"]["options"] == list(config.levels)
    assert elements["type"]["options"] == list(config.types)
    assert elements["subjects"]["multiple"] and elements["levels"]["multiple"]
    for key in ("licence", "adapted_licence"):
        assert [LICENCE_OPTIONS[o] for o in elements[key]["options"]] == list(LICENCES)
    licence = elements["licence"]
    assert LICENCE_OPTIONS[licence["options"][licence["default"]]] == config.licence
    assert repo_forms["share-a-resource.yml"]["labels"] == ["resource-submission"]
    assert repo_forms["write-a-post.yml"]["labels"] == ["post-submission"]


@pytest.mark.parametrize("name", sorted(FORMS))
def test_what_github_makes_of_a_form_reads_back(repo_forms: dict[str, dict[str, Any]],
                                                name: str) -> None:
    """GitHub writes a submitted form as `### Label`, a blank line, the answer: each answer
    comes back under its field's id, whatever Markdown headings the answers hold."""
    sections, expected = [], {}
    for element in repo_forms[name]["body"]:
        if element["type"] == "markdown":
            continue
        value = f"answer to {element['id']}\n\n### Not a field\n\nmore"
        if element["type"] == "checkboxes":
            value = "\n".join(f"- [X] {o['label']}" for o in element["attributes"]["options"])
        sections.append(f"### {element['attributes']['label']}\n\n{value}")
        expected[element["id"]] = value
    assert parse_form_body("\r\n\r\n".join(sections).replace("\n", "\r\n"),
                           FORMS[name]) == expected


def test_an_answer_left_empty_is_empty() -> None:
    body = ("### Summary\n\n_No response_\n\n### Licence\n\nNone\n\n"
            "### Adapted from: licence\n\n_No response_\n\n### Tags\n\nNone")
    assert parse_form_body(body, RESOURCE_FIELDS) == {
        "summary": "", "licence": "", "adapted_licence": "", "tags": "None"}


def test_forms_check_passes_on_this_repository() -> None:
    result = run(REPO, "forms", "--check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""


def test_forms_check_fails_after_a_vocabulary_change(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(REPO / FORMS_DIR, site / FORMS_DIR)
    text = (REPO / "site.toml").read_text(encoding="utf-8")
    assert '"phonics"]' in text
    (site / "site.toml").write_text(text.replace('"phonics"]', '"phonics", "latin"]'),
                                    encoding="utf-8")
    before = (site / FORMS_DIR / "share-a-resource.yml").read_text(encoding="utf-8")

    result = run(site, "forms", "--check")
    assert result.exit_code == 1
    assert sorted(result.lines) == [  # subjects: a resource's, and who an event is for
        f"{FORMS_DIR}/{name}: out of date with site.toml (run `sharesite forms`)"
        for name in ("add-an-event.yml", "share-a-resource.yml")]
    assert (site / FORMS_DIR / "share-a-resource.yml").read_text(encoding="utf-8") == before

    result = run(site, "forms")
    assert result.exit_code == 0
    assert sorted(result.stdout.splitlines()) == [f"{FORMS_DIR}/add-an-event.yml",
                                                  f"{FORMS_DIR}/share-a-resource.yml"]
    form = yaml.safe_load((site / FORMS_DIR / "share-a-resource.yml").read_text("utf-8"))
    subjects = next(e for e in form["body"] if e.get("id") == "subjects")
    assert subjects["attributes"]["options"][-1] == "latin"
    assert run(site, "forms", "--check").exit_code == 0
    assert run(site, "forms").stdout == ""


def test_forms_are_made_for_a_new_site(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    result = run(site, "forms")
    assert result.exit_code == 0
    assert sorted(result.stdout.splitlines()) == [f"{FORMS_DIR}/{n}" for n in sorted(FORMS)]
    config, _ = load_config(site)
    for rel, text in form_files(config).items():
        assert (site / rel).read_text(encoding="utf-8") == text


def test_forms_without_site_toml_is_a_config_error(tmp_path: Path) -> None:
    result = run(tmp_path, "forms")
    assert result.exit_code == 2
    assert "no site.toml" in result.stderr


# --- from-issue: what is written ------------------------------------------------------------

def test_a_full_resource(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    written, report = submit(site, "resource-full")
    path = "content/resources/fraction-wall-mats/index.md"
    assert written == [path, "content/authors/ms-rivera.md"]
    assert matter_of(site, path) == {
        "title": "Fraction wall mats",
        "date": "2026-11-20",
        "author": "Ms Rivera",
        "summary": "Printable fraction walls for Year 3 and 4, with a teacher's guide.",
        "subjects": ["maths"],
        "levels": ["KS1", "KS2"],
        "type": "worksheet",
        "licence": "CC-BY-SA-4.0",
        "duration": "45 min",
        "tags": ["fractions", "equivalence"],
        "adapted_from": [{"title": "Fraction walls", "url": "https://example.org/fraction-walls",
                          "author": "A. Teacher", "licence": "CC-BY-4.0"}],
    }
    body = body_of(site, path)
    assert body.startswith("Use the mats in pairs.\n\n## How to use it\n\n1. Cut out")
    assert "\r" not in body
    assert "## Files\n\n[fraction-wall-mats.pdf](https://github.com/user-attachments/" in body
    assert body.endswith("*Shared through [issue #12]"
                         "(https://github.com/northfield-learning/sharesite/issues/12).*\n")
    assert matter_of(site, "content/authors/ms-rivera.md") == {"name": "Ms Rivera"}
    assert report == [
        f"{path}: warning: author: 'Ms Rivera' is new to the site: made "
        "content/authors/ms-rivera.md for them (add their role and school there, if they like)",
        f"{path}: warning: files: the form links to 1 file (shown under \"Files\" in the text: "
        "put the files in content/resources/fraction-wall-mats/, list them under files:, and "
        "remove that section)",
    ]

    build(site)
    doc = parse(read(site, "resources/fraction-wall-mats/index.html"))
    assert "Fraction wall mats" in doc.text
    assert "Ms Rivera" in doc.text and "CC BY-SA 4.0" in doc.text
    assert "Fraction walls" in doc.text  # the credit chain
    assert {"href": "https://github.com/northfield-learning/sharesite/issues/12"} in \
        [{"href": a.get("href")} for a in doc.find("a")]
    assert (out(site) / "authors/ms-rivera/index.html").is_file()
    assert_safe_site(site)


def test_a_minimal_post(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    written, report = submit(site, "post-minimal")
    path = "content/posts/2026-11-20-phonics-in-the-park.md"
    assert written == [path, "content/authors/mr-hughes.md"]
    assert matter_of(site, path) == {"title": "Phonics in the park",
                                     "date": "2026-11-20 15:04",  # 15:04Z in London
                                     "author": "Mr Hughes"}
    assert body_of(site, path) == (
        "We took the phonics sounds outside.\n\n*Shared through [issue #13]"
        "(https://github.com/northfield-learning/sharesite/issues/13).*\n")
    assert len(report) == 1 and "'Mr Hughes' is new to the site" in report[0]
    build(site)
    doc = parse(read(site, "posts/phonics-in-the-park/index.html"))
    assert "Phonics in the park" in doc.text
    assert "We took the phonics sounds outside." in doc.text
    assert_safe_site(site)


def test_no_response_everywhere_is_a_draft_with_every_gap_reported(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    written, report = submit(site, "resource-no-response")
    path = "content/resources/something/index.md"
    assert written == [path, "content/authors/a-teacher.md"]
    assert matter_of(site, path) == {"title": "Something", "date": "2026-11-20",
                                     "author": "a-teacher", "draft": True}
    assert body_of(site, path) == ("*Shared through [issue #14]"
                                   "(https://github.com/northfield-learning/sharesite/issues/14)"
                                   ".*\n")
    said = "\n".join(report)
    for gap in ("subjects: none chosen", "levels: none chosen", "type: none chosen",
                "licence: none that sharesite knows was chosen, so it is a draft",
                "author: no name given, so the GitHub user a-teacher is credited",
                "the permission boxes are not ticked, so it is a draft",
                "files: the form gives none", "the text is empty"):
        assert gap in said
    assert all(line.startswith(f"{path}: warning: ") for line in report)
    build(site)
    assert not (out(site) / "resources/something").exists()  # a draft stays off the site
    build(site, "--drafts")
    assert "Something" in parse(read(site, "resources/something/index.html")).text


def test_missing_fields(tmp_path: Path) -> None:
    """An issue whose text lost some of the form's headings (edited by hand)."""
    site = make_site(tmp_path, {})
    written, report = submit(site, "resource-missing-fields")
    path = written[0]
    assert matter_of(site, path) == {
        "title": "Times tables bingo", "date": "2026-11-20", "author": "Ms Rivera",
        "summary": "Bingo cards for the 3, 4 and 8 times tables.", "subjects": ["maths"],
        "draft": True}
    assert any("levels: none chosen" in line for line in report)
    assert any("permission boxes are not ticked" in line for line in report)
    build(site, "--drafts")


def test_unknown_licence_subject_level_and_type_are_reported(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    _, report = submit(site, "resource-unknown-values")
    path = "content/resources/star-maps/index.md"
    matter = matter_of(site, path)
    assert matter["subjects"] == ["science"]  # "Science", as the vocabulary spells it
    assert "levels" not in matter and "type" not in matter and "licence" not in matter
    assert matter["draft"] is True
    assert matter["adapted_from"] == [{"title": "Fraction walls", "author": "A. Teacher"}]
    said = [line.removeprefix(f"{path}: warning: ") for line in report]
    assert any(s.startswith("subjects: 'astrology' is not in site.toml's [vocabulary], so it "
                            "was left out") for s in said)
    assert any(s.startswith("levels: 'Year 5' is not in site.toml's [vocabulary]") for s in said)
    assert any(s.startswith("type: 'poster' is not in site.toml's [vocabulary]") for s in said)
    assert any(s.startswith("licence: 'WTFPL' is not a licence sharesite knows (use one of "
                            "CC-BY-4.0") for s in said)
    assert any(s.startswith("adapted_from: licence: 'Public domain-ish' is not a licence")
               for s in said)
    assert "adapted_from: url: 'javascript:alert(1)' is not a web address (http:// or " \
           "https://), so it was left out (add the original's address as url:)" in said
    build(site, "--drafts")
    assert_safe_site(site)


def test_an_adaptation_the_original_forbids_is_a_draft(tmp_path: Path) -> None:
    payload = json.loads(event("resource-full").read_text(encoding="utf-8"))
    payload["issue"]["body"] = payload["issue"]["body"].replace(
        "Adapted from: licence\r\n\r\nCC BY 4.0: Creative Commons Attribution 4.0",
        "Adapted from: licence\r\n\r\nCC BY-ND 4.0: Creative Commons Attribution-NoDerivatives "
        "4.0")
    (tmp_path / "nd.json").write_text(json.dumps(payload), encoding="utf-8")
    site = make_site(tmp_path, {})
    result = run(site, "from-issue", str(tmp_path / "nd.json"))
    assert result.exit_code == 0
    assert matter_of(site, "content/resources/fraction-wall-mats/index.md")["draft"] is True
    assert any("CC BY-ND 4.0 is a NoDerivatives licence" in line and "so it is a draft" in line
               for line in result.lines)
    build(site)


# --- from-issue: hostile text ---------------------------------------------------------------

HOSTILE_TITLE = ('x title: evil --- <script>alert("t")</script> &anchor *alias '
                 '!!python/object/apply:os.system ["echo pwned"]')
HOSTILE_NAME = "[Ms Evil](javascript:alert('name')) <script>alert('name')</script>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    site = make_site(tmp_path_factory.mktemp("hostile"), {})
    written, report = submit(site, "resource-hostile")
    build(site)
    return site, written, report


def test_hostile_front_matter_reads_back_as_exactly_the_text(
        hostile: tuple[Path, list[str], list[str]]) -> None:
    site, written, _ = hostile
    path = "content/resources/x-title-evil-script-alert-t-script-anchor-alias-python-object-" \
           "apply-os-s/index.md"
    assert written == [path, "content/authors/ms-evil-javascript-alert-name-script-alert-name-"
                             "script.md"]
    assert matter_of(site, path) == {
        "title": HOSTILE_TITLE,
        "date": "2026-11-20",
        "author": HOSTILE_NAME,
        "summary": 'x title: evil --- !!python/object/apply:os.system ["touch /tmp/pwned"]',
        "subjects": ["maths"],
        "levels": ["KS1", "KS2"],
        "licence": "CC-BY-SA-4.0",  # not the all-rights-reserved smuggled into type
        "duration": "!!binary aGk=",
        "tags": ["x", "title: evil", "---", "&anchor", "*alias",
                 '!!python/object/apply:os.system ["echo pwned"]', "{a: b}", "[x]", '"quoted"',
                 "hash", "@at", "`tick`", "gnp.exe"],  # the right-to-left override is gone
        "adapted_from": [{"title": "<b onmouseover=alert(1)>bold</b> ---",
                          "author": "&a *b !!c", "licence": "CC-BY-4.0"}],
    }
    text = (site / path).read_text(encoding="utf-8")
    front = text[:text.index("\n---\n") + 5]
    assert front.count("\n---\n") == 1 and front.startswith("---\n")
    for event_ in yaml.parse(front.strip("-\n")):  # no anchor, alias or tag: just text
        assert not isinstance(event_, yaml.AliasEvent)
        assert getattr(event_, "anchor", None) is None
        assert getattr(event_, "tag", None) is None
    assert not Path("/tmp/pwned").exists()


def test_hostile_type_and_url_are_reported_not_used(
        hostile: tuple[Path, list[str], list[str]]) -> None:
    _, _, report = hostile
    said = "\n".join(report)
    assert "type: 'worksheet licence: all-rights-reserved' is not in site.toml's [vocabulary]" \
        in said
    assert "subjects: '!!python/object/apply:os.system' is not in site.toml's [vocabulary]" \
        in said
    assert "adapted_from: url: 'https://example.org/\"><script>alert(1)</script>' is not a web " \
           "address" in said


def test_hostile_body_is_kept_as_markdown_for_the_sanitiser(
        hostile: tuple[Path, list[str], list[str]]) -> None:
    """The body is not pre-rendered: it is the contributor's Markdown, without control
    characters, and the build cleans it like any other contributor's."""
    site, written, _ = hostile
    body = body_of(site, written[0])
    assert "<script>alert('body')</script>" in body
    assert "\x00" not in body and "\x1b" not in body and "\u2028" not in body
    assert "### Tags\n\nnot really tags" in body  # a heading in a text box stays in it


def test_hostile_pages_show_text_and_run_nothing(
        hostile: tuple[Path, list[str], list[str]]) -> None:
    site, _, _ = hostile
    assert_safe_site(site)
    rel = "resources/x-title-evil-script-alert-t-script-anchor-alias-python-object-apply-os-s/" \
          "index.html"
    page = read(site, rel)
    doc = parse(page)
    assert HOSTILE_TITLE in doc.text
    assert HOSTILE_NAME in doc.text
    assert doc.meta("og:title") == HOSTILE_TITLE
    (data,) = doc.jsonld()
    assert data["name"] == HOSTILE_TITLE
    content = prose(page)
    assert unsafe(content, content=True) == []
    assert "alert(" not in "".join(str(v) for _, attrs in parse(content).tags
                                  for v in attrs.values())
    assert "evil.example" not in content
    assert "display:none" not in content
    for tag, attr, value in doc.urls():
        assert not value.strip().lower().startswith(("javascript:", "data:")), (tag, attr)


def test_long_title_and_right_to_left_text(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    written, report = submit(site, "post-long-rtl")
    path = written[0]
    assert re.fullmatch(r"content/posts/2026-11-20-[a-z0-9-]+\.md", path)
    assert len(path) < 120
    matter = matter_of(site, path)
    assert len(matter["title"]) <= 201 and matter["title"].endswith("…")
    assert matter["title"].startswith("مرحبا بالعالم — שלום עולם — ")
    assert "\u202e" not in matter["title"] and "\x00" not in matter["title"]
    assert matter["tags"] == ["عربي", "עברית", "Français", "café"]
    assert matter["author"] == "أستاذة مريم"
    assert any("title: 843 characters is too long: cut to 200" in line for line in report)
    build(site)
    doc = parse(read(site, page_url(path)))
    assert matter["title"] in doc.text
    assert "👩🏽‍🏫" in doc.text  # a joined emoji keeps its zero-width joiners
    assert_safe_site(site)


def test_any_text_reads_back_as_itself(tmp_path: Path) -> None:
    """Random text from the characters that break YAML and HTML: the front matter always
    reads back as the cleaned text, in YAML and on the built page."""
    pool = ("\x00\x01\t\n\r\x0b\x0c\x1b\x7f\x85\xa0\u2028\u2029\u202e\u2066\ufeff\ufffe\uffff"
            "\ud800\udfff\U0001f600\u200d :#&*!|>'\"\\-[]{}%@`,?<>/=;aZ9éسש")
    rng = random.Random(5)
    files = {}
    titles = []
    for n in range(40):
        raw = "".join(rng.choice(pool) for _ in range(rng.randint(1, 40)))
        title = clean_text(raw) or "empty"
        tags = [t for t in (clean_text(rng.choice(pool) * 3 + raw[:5]), "ok") if t]
        values = {"title": title, "date": "2026-01-01", "tags": tags}
        text = front_matter(values)
        assert yaml.safe_load(text.strip("-\n")) == values
        files[f"content/posts/2026-01-01-p{n}.md"] = text + "Body.\n"
        titles.append(title)
    site = make_site(tmp_path, files)
    build(site)
    for n, title in enumerate(titles):
        doc = parse(read(site, f"posts/p{n}/index.html"))
        assert " ".join(title.split()) in doc.text, repr(title)


def test_a_name_in_use_is_credited_to_that_author_and_flagged(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/authors/ms-rivera.md":
                                "---\nname: Ms Rivera\nrole: Maths lead\n---\nBio.\n"})
    written, report = submit(site, "resource-full")
    assert written == ["content/resources/fraction-wall-mats/index.md"]
    assert any("author: 'Ms Rivera' is the site's author 'ms-rivera' (check that the "
               "contributor (@a-teacher) is them)" in line for line in report)
    build(site)


# --- from-issue: never overwrites -----------------------------------------------------------

def test_a_slug_in_use_gets_a_number(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/posts/2024-01-01-phonics-in-the-park.md": "---\ntitle: Old\n---\nOld.\n",
        "content/posts/2024-02-01-x.md": "---\ntitle: X\nslug: phonics-in-the-park-2\n---\nX\n",
    })
    first, _ = submit(site, "resource-full")
    second, _ = submit(site, "resource-full")
    assert first[0] == "content/resources/fraction-wall-mats/index.md"
    assert second == ["content/resources/fraction-wall-mats-2/index.md"]
    post, _ = submit(site, "post-minimal")
    assert post[0] == "content/posts/2026-11-20-phonics-in-the-park-3.md"
    assert (site / "content/posts/2024-01-01-phonics-in-the-park.md").read_text() == \
        "---\ntitle: Old\n---\nOld.\n"
    build(site)
    assert (out(site) / "resources/fraction-wall-mats-2/index.html").is_file()
    assert (out(site) / "posts/phonics-in-the-park-3/index.html").is_file()


def test_writing_never_overwrites(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    config, _ = load_config(site)
    submission = from_issue(config, json.loads(event("post-minimal").read_text("utf-8")))
    (site / submission.path).parent.mkdir(parents=True)
    (site / submission.path).write_text("mine\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_submission(config, submission)
    assert (site / submission.path).read_text(encoding="utf-8") == "mine\n"


# --- from-issue: not a form -----------------------------------------------------------------

@pytest.mark.parametrize(("name", "message"), [
    ("not-a-form", "sharesite: issue #19 is not a form submission: it needs the label "
                   "'resource-submission', 'post-submission', 'expertise-offer', "
                   "'expertise-request' or 'event-submission'"),
    ("labelled-not-a-form", "sharesite: issue #20 was not made with the form: its text has "
                            "none of the form's headings (### Summary, …)"),
    ("push", 'sharesite: this is not a GitHub issue event (it has no "issue")'),
])
def test_not_a_form_submission(tmp_path: Path, name: str, message: str) -> None:
    site = make_site(tmp_path, {})
    result = run(site, "from-issue", str(event(name)))
    assert result.exit_code == 1
    assert result.lines == [message]
    assert result.stdout == ""
    assert not (site / "content").exists()


def test_not_json(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    (tmp_path / "event.json").write_text("<html>", encoding="utf-8")
    result = run(site, "from-issue", str(tmp_path / "event.json"))
    assert result.exit_code == 1
    assert result.stderr.startswith("sharesite: event.json is not a JSON event payload")


def test_both_labels_is_not_a_submission(tmp_path: Path) -> None:
    payload = json.loads(event("post-minimal").read_text(encoding="utf-8"))
    payload["issue"]["labels"].append({"name": "resource-submission"})
    (tmp_path / "both.json").write_text(json.dumps(payload), encoding="utf-8")
    site = make_site(tmp_path, {})
    result = run(site, "from-issue", str(tmp_path / "both.json"))
    assert result.exit_code == 1
    assert "(not more than one)" in result.stderr


def test_a_missing_event_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run(make_site(tmp_path, {}), "from-issue", str(tmp_path / "nope.json"))
    assert result.exit_code == 2


# --- the workflow's scripts, run with a stand-in `gh` and a local remote --------------------

WORKFLOW = REPO / ".github" / "workflows" / "from-issue.yml"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
STEPS = ("See whether the pull request may be made or updated", "Write the post or resource",
         "Check the site with it", "Open or update the pull request, and answer the issue")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org",
                           "-c", "init.defaultBranch=main", *args], cwd=cwd, check=True,
                          capture_output=True, text=True).stdout


class Runner:
    """The job's steps as GitHub runs them (bash -e -o pipefail, the job's env), in a clone
    of a site whose origin is a local bare repository; `gh` writes its arguments to a log."""

    def __init__(self, tmp_path: Path, event_file: Path, pr_state: str = "") -> None:
        self.doc = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
        self.job = self.doc["jobs"]["pull-request"]
        self.remote = tmp_path / "remote.git"
        git(tmp_path, "init", "--bare", "-q", str(self.remote))
        self.work = make_site(tmp_path, {"content/posts/2024-01-01-hello.md":
                                         "---\ntitle: Hello\n---\nHi.\n"})
        git(self.work, "init", "-q")
        git(self.work, "add", ".")
        git(self.work, "commit", "-q", "-m", "site")
        git(self.work, "remote", "add", "origin", str(self.remote))
        git(self.work, "push", "-q", "origin", "HEAD:main")
        self.temp = tmp_path / "runner"
        self.temp.mkdir()
        self.log = tmp_path / "gh.log"
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        (bin_dir / "gh").write_text(
            "#!/bin/sh\n"
            f"printf '%s\\n' \"$*\" >> '{self.log}'\n"
            'case "$1 $2" in\n'
            f"  'pr list') printf '%s\\n' '{pr_state}' ;;\n"
            "  'pr create'|'pr view') echo https://github.com/o/r/pull/99 ;;\n"
            "esac\n", encoding="utf-8")
        (bin_dir / "sharesite").write_text(
            f'#!/bin/sh\nexec "{sys.executable}" -m sharesite "$@"\n', encoding="utf-8")
        for exe in bin_dir.iterdir():
            exe.chmod(0o755)
        event_data = json.loads(event_file.read_text(encoding="utf-8"))
        self.env = {
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(tmp_path), "GITHUB_EVENT_PATH": str(event_file),
            "RUNNER_TEMP": str(self.temp), "SHARESITE_PACKAGE": ".",
            **{k: str(v) for k, v in self.job["env"].items() if "${{" not in str(v)},
            "GH_TOKEN": "not-a-token",
            "ISSUE_NUMBER": str(event_data["issue"]["number"]),
            "EVENT_ACTION": event_data["action"],
            "BASE_BRANCH": "main",
            "BRANCH": f"sharesite/issue-{event_data['issue']['number']}",
        }
        self.outputs: dict[str, dict[str, str]] = {}

    def step(self, name: str) -> subprocess.CompletedProcess[str]:
        (found,) = [s for s in self.job["steps"] if s.get("name") == name]
        output = self.temp / f"output-{len(self.outputs)}"
        output.write_text("", encoding="utf-8")
        env = {**self.env, "GITHUB_OUTPUT": str(output)}
        for key, value in (found.get("env") or {}).items():
            match = re.fullmatch(r"\$\{\{ steps\.(\w+)\.outputs\.(\w+) \}\}", value)
            assert match, value
            env[key] = self.outputs.get(match[1], {}).get(match[2], "")
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                                 found["run"]], cwd=self.work, env=env, capture_output=True,
                                text=True, timeout=120)
        if "id" in found:
            self.outputs[found["id"]] = dict(
                line.split("=", 1) for line in output.read_text("utf-8").splitlines())
        return result

    def gh_calls(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []


def test_the_workflow_opens_a_pull_request_and_answers_the_issue(tmp_path: Path) -> None:
    runner = Runner(tmp_path, event("resource-full"))
    assert [s["name"] for s in runner.job["steps"] if "run" in s] == [
        "Install sharesite", *STEPS]
    for name in STEPS:
        result = runner.step(name)
        assert result.returncode == 0, f"{name}:\n{result.stdout}\n{result.stderr}"
    assert runner.outputs["state"] == {"go": "true", "pr_state": ""}
    assert runner.outputs["write"] == {"kind": "resource"}

    branch = "sharesite/issue-12"
    files = git(runner.remote, "show", "--name-only", "--format=%ae%n%s", branch).split("\n")
    assert files[:2] == [BOT_EMAIL, "New resource from issue #12"]
    assert sorted(f for f in files[2:] if f) == ["content/authors/ms-rivera.md",
                                                  "content/resources/fraction-wall-mats/index.md"]
    assert runner.gh_calls()[:2] == ["auth setup-git",
                                     f"pr list --head {branch} --state all --limit 1 --json "
                                     "state --jq .[0].state // \"\""]
    create, comment = runner.gh_calls()[2:]
    assert create == (f"pr create --base main --head {branch} --title New resource from issue "
                      f"#12 --body-file {runner.temp}/body.md")
    assert comment == ("issue comment 12 --body Thank you! Your resource is ready for the site's "
                       "maintainers to check and publish: https://github.com/o/r/pull/99")
    body = (runner.temp / "body.md").read_text(encoding="utf-8")
    assert "Closes #12." in body
    assert "- `content/resources/fraction-wall-mats/index.md`" in body
    assert "warning: files: the form links to 1 file" in body
    assert "Checked site: no problems found." in body


def test_the_workflow_updates_an_open_pull_request(tmp_path: Path) -> None:
    runner = Runner(tmp_path, event("post-minimal"), pr_state="OPEN")
    for name in STEPS:
        assert runner.step(name).returncode == 0, name
    calls = runner.gh_calls()
    assert f"pr edit sharesite/issue-13 --body-file {runner.temp}/body.md" in calls
    assert calls[-1] == ("issue comment 13 --body Thank you: the pull request has your "
                         "changes: https://github.com/o/r/pull/99")


@pytest.mark.parametrize("state", ["MERGED", "CLOSED"])
def test_the_workflow_leaves_a_finished_pull_request_alone(tmp_path: Path, state: str) -> None:
    runner = Runner(tmp_path, event("post-minimal"), pr_state=state)
    result = runner.step("See whether the pull request may be made or updated")
    assert result.returncode == 0, result.stderr
    assert runner.outputs["state"] == {"go": "false"}
    assert f"is {state.lower()}: not changed" in result.stdout


def test_the_workflow_leaves_a_branch_a_maintainer_changed(tmp_path: Path) -> None:
    runner = Runner(tmp_path, event("post-minimal"), pr_state="OPEN")
    git(runner.work, "push", "-q", "origin", "HEAD:refs/heads/sharesite/issue-13")
    result = runner.step("See whether the pull request may be made or updated")
    assert result.returncode == 0, result.stderr
    assert runner.outputs["state"] == {"go": "false"}
    assert runner.gh_calls()[-1].startswith("issue comment 13 --body Someone has changed")


def test_the_workflow_answers_an_issue_that_is_not_a_form(tmp_path: Path) -> None:
    runner = Runner(tmp_path, event("labelled-not-a-form"))
    result = runner.step("Write the post or resource")
    assert result.returncode == 1
    assert runner.gh_calls() == [f"issue comment 20 --body-file {runner.temp}/comment.md"]
    comment = (runner.temp / "comment.md").read_text(encoding="utf-8")
    assert "issue #20 was not made with the form" in comment


def test_no_issue_text_reaches_the_shell(tmp_path: Path) -> None:
    """Shell syntax in every field is only text: nothing runs, and the scripts never
    expand an expression someone could type."""
    payload = json.loads(event("resource-full").read_text(encoding="utf-8"))
    trap = "$(touch pwned-1) `touch pwned-2` ; touch pwned-3 ' \" \\"
    payload["issue"]["title"] = f"Mats {trap}"
    payload["issue"]["body"] = payload["issue"]["body"].replace("Ms Rivera", f"Ms {trap}")
    (tmp_path / "trap.json").write_text(json.dumps(payload), encoding="utf-8")
    runner = Runner(tmp_path, tmp_path / "trap.json")
    for name in STEPS:
        assert runner.step(name).returncode == 0, name
    assert not list(runner.work.glob("pwned-*"))
    assert not list(tmp_path.rglob("pwned-*"))
    for job in runner.doc["jobs"].values():
        for step_ in job["steps"]:
            for expression in re.findall(r"\$\{\{(.*?)\}\}", step_.get("run", "")):
                pytest.fail(f"an expression in a script: {expression}")
        for value in job["env"].values():
            for expression in re.findall(r"\$\{\{\s*(.*?)\s*\}\}", str(value)):
                assert expression in ("github.token", "github.event.issue.number",
                                      "github.event.action",
                                      "github.event.repository.default_branch"), expression
