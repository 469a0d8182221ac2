"""Contributing without git: GitHub Issue Forms made from site.toml, and a submitted form
turned into a Markdown file with its front matter filled in.

Everything in a submitted issue is untrusted. It reaches the site only as quoted front-matter
strings (JSON strings, which YAML reads as the same text) and as a Markdown body that the
build sanitises like any contributor's; only a slug made by `slug_for` chooses a path.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from sharesite.config import SiteConfig
from sharesite.content.discover import discover_sources
from sharesite.errors import Diagnostic, did_you_mean, one_of, warning
from sharesite.licences import LICENCES, Licence, adaptation_problem, find_licence
from sharesite.site.model import slug_for

FORMS_DIR = ".github/ISSUE_TEMPLATE"
RESOURCE_FORM = "share-a-resource.yml"
POST_FORM = "write-a-post.yml"
RESOURCE_LABEL = "resource-submission"
POST_LABEL = "post-submission"
NO_RESPONSE = "_No response_"

# Longest text kept from a one-line field; longer text is cut (and reported).
_LIMITS = {"title": 200, "summary": 500, "name": 100, "tag": 60, "duration": 40,
           "url": 2000, "adapted": 300}
_MAX_TAGS = 20
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-(.+)$")
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
_ISSUE_URL = re.compile(r"https://[A-Za-z0-9.-]+(?::\d+)?/[A-Za-z0-9._/-]+/issues/\d+")
_GITHUB_ASSET = re.compile(r"https://(?:github\.com/user-attachments/|"
                           r"[a-z-]+\.githubusercontent\.com/)[^\s)\"'<>]+", re.I)
_WEB_URL = re.compile(r"https?://[^\s<>\"'`]+", re.I)
_SAFE_URL = re.compile(r"[^\s<>\"'`\\{}|^]+")


class NotASubmission(Exception):
    """The event is not an issue made with one of the forms (the CLI exits 1)."""


# --- the forms -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    """One form element that is submitted: its id and label (the `### Label` heading in the
    issue's text) and the element's type."""

    id: str
    label: str
    kind: str  # input | textarea | dropdown | checkboxes


def _licence_option(lic: Licence) -> str:
    return lic.short if lic.short == lic.name else f"{lic.short}: {lic.name}"


LICENCE_OPTIONS = {_licence_option(lic): lic.id for lic in LICENCES.values()}

RESOURCE_FIELDS = (
    Field("summary", "Summary", "input"),
    Field("subjects", "Subjects", "dropdown"),
    Field("levels", "Levels", "dropdown"),
    Field("type", "Type of resource", "dropdown"),
    Field("body", "About this resource", "textarea"),
    Field("files", "Files", "textarea"),
    Field("duration", "How long it takes", "input"),
    Field("tags", "Tags", "input"),
    Field("author", "Your name", "input"),
    Field("licence", "Licence", "dropdown"),
    Field("adapted_title", "Adapted from: title", "input"),
    Field("adapted_url", "Adapted from: web address", "input"),
    Field("adapted_author", "Adapted from: author", "input"),
    Field("adapted_licence", "Adapted from: licence", "dropdown"),
    Field("consent", "Permission", "checkboxes"),
)
POST_FIELDS = (
    Field("body", "Your post", "textarea"),
    Field("tags", "Tags", "input"),
    Field("author", "Your name", "input"),
    Field("consent", "Permission", "checkboxes"),
)
RESOURCE_CONSENT = (
    "I made this resource (or adapted it as I say above), and I may share it under the "
    "licence I chose.",
    "It holds no pupil's name, photo or other personal information.",
)
POST_CONSENT = (
    "I wrote this post and I am happy for it to be published on this site.",
    "It holds no pupil's name, photo or other personal information.",
)


def _element(spec: Field, attributes: dict[str, Any], required: bool) -> dict[str, Any]:
    element: dict[str, Any] = {"type": spec.kind, "id": spec.id,
                               "attributes": {"label": spec.label, **attributes}}
    if required and spec.kind != "checkboxes":
        element["validations"] = {"required": True}
    return element


def _markdown(text: str) -> dict[str, Any]:
    return {"type": "markdown", "attributes": {"value": text}}


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v.strip()))


def resource_form(config: SiteConfig) -> dict[str, Any]:
    """The "Share a resource" issue form, its dropdowns from site.toml's vocabulary."""
    f = {spec.id: spec for spec in RESOURCE_FIELDS}
    licences = list(LICENCE_OPTIONS)
    default = next((i for i, o in enumerate(licences) if LICENCE_OPTIONS[o] == config.licence),
                   0)
    meanings = "\n".join(f"- **{lic.short}**: {lic.meaning}" for lic in LICENCES.values())
    body: list[dict[str, Any]] = [
        _markdown(
            f"Thank you for sharing with {config.title}! Fill in this form and a pull request "
            "is made for the site's maintainers, who check it and publish it in the resource "
            "library. A link to it appears here in a comment.\n\n"
            "**The title of this issue becomes the title of the resource.** Please do not "
            "include any pupil's name, photo or other personal information."),
        _element(f["summary"], {
            "description": "One or two sentences for the library: what it is and who it is "
                           "for.",
            "placeholder": "Printable fraction walls for Year 3 and 4, with a teacher's guide."},
            required=True),
        _element(f["subjects"], {"description": "Choose one or more.", "multiple": True,
                                 "options": _unique(config.subjects)}, required=True),
        _element(f["levels"], {"description": "Choose one or more.", "multiple": True,
                               "options": _unique(config.levels)}, required=True),
        _element(f["type"], {"options": _unique(config.types)}, required=True),
        _element(f["body"], {
            "description": "Who it is for, how to use it in a lesson, what to watch out for. "
                           "You can use Markdown.",
        }, required=True),
        _element(f["files"], {
            "description": "Drag your files (PDF, Word, PowerPoint, images) into this box, or "
                           "paste links to them. A maintainer adds them to the resource's "
                           "page.",
        }, required=False),
        _element(f["duration"], {"description": "Optional.", "placeholder": "45 min"},
                 required=False),
        _element(f["tags"], {"description": "Words to find it by, separated by commas.",
                             "placeholder": "fractions, times tables"}, required=False),
        _element(f["author"], {"description": "As it should appear on the site.",
                               "placeholder": "Ms Okafor"}, required=True),
        _markdown("**Licences**: what others may do with your resource.\n\n" + meanings),
        _element(f["licence"], {"options": licences, "default": default}, required=True),
        _markdown("**Did you adapt someone else's work?** Say what it is, so the site can "
                  "credit it. Leave these empty if the resource is all your own."),
        _element(f["adapted_title"], {"placeholder": "Fractions unit, lesson 3"},
                 required=False),
        _element(f["adapted_url"], {"placeholder": "https://"}, required=False),
        _element(f["adapted_author"], {"placeholder": "Oak National Academy"}, required=False),
        _element(f["adapted_licence"], {"options": licences}, required=False),
        _element(f["consent"], {"options": [{"label": text, "required": True}
                                            for text in RESOURCE_CONSENT]}, required=True),
    ]
    return {"name": "Share a resource",
            "description": "Add a lesson resource to the library, without using git.",
            "labels": [RESOURCE_LABEL], "body": body}


def post_form(config: SiteConfig) -> dict[str, Any]:
    """The "Write a post" issue form."""
    f = {spec.id: spec for spec in POST_FIELDS}
    body: list[dict[str, Any]] = [
        _markdown(
            f"Write a post for {config.title}. When you submit it, a pull request is made for "
            "the site's maintainers, who check it and publish it. A link to it appears here in "
            "a comment.\n\n"
            "**The title of this issue becomes the title of the post.** Please do not include "
            "any pupil's name, photo or other personal information."),
        _element(f["body"], {"description": "You can use Markdown. A maintainer can add your "
                                            "pictures: link to them, or drag them in."},
                 required=True),
        _element(f["tags"], {"description": "Words to find it by, separated by commas.",
                             "placeholder": "phonics, reading"}, required=False),
        _element(f["author"], {"description": "As it should appear on the site.",
                               "placeholder": "Ms Okafor"}, required=True),
        _element(f["consent"], {"options": [{"label": text, "required": True}
                                            for text in POST_CONSENT]}, required=True),
    ]
    return {"name": "Write a post", "description": "Write a blog post, without using git.",
            "labels": [POST_LABEL], "body": body}


class _FormDumper(yaml.SafeDumper):
    """Block style, text with line breaks as | blocks, keys in the order given, and no
    &anchors for lists given twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_FormDumper.add_representer(str, _str)

_HEADER = """\
# Made by `sharesite forms` from site.toml ([vocabulary] and licence). Do not edit by hand:
# change site.toml, then run `sharesite forms` (`sharesite forms --check` says if it is stale).
"""


def render_form(form: Mapping[str, Any]) -> str:
    return _HEADER + yaml.dump(dict(form), Dumper=_FormDumper, sort_keys=False,
                               allow_unicode=True, width=100, default_flow_style=False)


def form_files(config: SiteConfig) -> dict[str, str]:
    """{path from the site folder: text} for both issue forms."""
    return {f"{FORMS_DIR}/{RESOURCE_FORM}": render_form(resource_form(config)),
            f"{FORMS_DIR}/{POST_FORM}": render_form(post_form(config))}


def stale_forms(config: SiteConfig) -> list[str]:
    """The forms that are missing or differ from what site.toml makes now."""
    return [rel for rel, text in form_files(config).items()
            if not (config.root / rel).is_file()
            or (config.root / rel).read_text(encoding="utf-8") != text]


def write_forms(config: SiteConfig) -> list[str]:
    """Write the forms that changed; returns their paths."""
    changed = stale_forms(config)
    for rel, text in form_files(config).items():
        if rel in changed:
            path = config.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return changed


# --- reading a submitted form --------------------------------------------------------------

def parse_form_body(body: str, fields: Iterable[Field]) -> dict[str, str]:
    """{field id: value} from an issue made with a form: `### Label`, a blank line, the value,
    for each field in the form's order; `_No response_` (or a dropdown's `None`) is "".

    Only headings that are the form's labels split fields, and each label's heading is the
    last one before the next field's, from the end: so a `### Label` written inside a text
    box stays in it. A label out of the form's order (an older form) is still found."""
    specs = list(fields)
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    by_label = {_label_key(spec.label): spec.id for spec in specs}
    headings: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        heading = re.fullmatch(r"###[ \t]+(.+?)[ \t#]*", line)
        key = by_label.get(_label_key(heading.group(1))) if heading else None
        if key is not None:
            headings.setdefault(key, []).append(number)
    chosen: dict[str, int] = {}
    bound = len(lines)
    for spec in reversed(specs):
        before = [n for n in headings.get(spec.id, []) if n < bound]
        if before:
            chosen[spec.id] = bound = before[-1]
    for spec in specs:
        unused = [n for n in headings.get(spec.id, []) if n not in chosen.values()]
        if spec.id not in chosen and unused:
            chosen[spec.id] = unused[-1]
    starts = sorted(chosen.values())
    kinds = {spec.id: spec.kind for spec in specs}
    out = {}
    for key, start in chosen.items():
        end = next((n for n in starts if n > start), len(lines))
        text = "\n".join(lines[start + 1:end]).strip("\n").rstrip()
        empty = (NO_RESPONSE, "None") if kinds[key] == "dropdown" else (NO_RESPONSE,)
        out[key] = "" if text.strip() in empty else text
    return out


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()


def checked(value: str) -> list[str]:
    """The ticked boxes of a checkboxes field (`- [X] label`)."""
    return [m.group(1).strip() for m in re.finditer(r"^\s*[-*] \[[xX]\] (.*)$", value, re.M)]


_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(text: str, lines: bool = False) -> str:
    """Text without control characters, surrogates, non-characters or bidi overrides (which
    can make text read differently from what it is). `lines`: keep tabs and line breaks (any
    kind becomes \\n); otherwise every run of white space becomes one space."""
    kept = []
    for ch in text.replace("\r\n", "\n"):
        category = unicodedata.category(ch)
        if ch in _BREAKS:
            kept.append("\n" if lines else " ")
        elif ch == "\t":
            kept.append(ch)
        elif ch in _BIDI_CONTROLS or category in ("Cc", "Cs") or _noncharacter(ch):
            continue
        else:
            kept.append(ch)
    out = "".join(kept)
    return out.strip("\n") if lines else " ".join(out.split())


_BREAKS = set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _noncharacter(ch: str) -> bool:
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


# --- the file a submission becomes ---------------------------------------------------------

def quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text` (a JSON string: YAML
    reads it as the same text; `clean_text` has removed what YAML 1.1 would not accept)."""
    return json.dumps(text, ensure_ascii=False)


def front_matter(values: Mapping[str, Any]) -> str:
    """`---` key: value lines `---`. Text is always quoted, so nothing a contributor writes
    can start a new key, an anchor, a tag or a document; lists are flow lists of quoted
    text; lists of records are block lists of quoted text."""
    out = ["---"]
    for key, value in values.items():
        if isinstance(value, bool):
            out.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, str):
            out.append(f"{key}: {quote(value)}")
        elif value and all(isinstance(v, str) for v in value):
            out.append(f"{key}: [{', '.join(quote(v) for v in value)}]")
        elif value:
            out.append(f"{key}:")
            for record in value:
                items = list(record.items())
                out.append(f"  - {items[0][0]}: {quote(items[0][1])}")
                out.extend(f"    {k}: {quote(v)}" for k, v in items[1:])
        else:
            out.append(f"{key}: []")
    out.append("---")
    text = "\n".join(out) + "\n"
    # Belt and braces: what YAML reads back must be exactly what was meant.
    if yaml.safe_load(text.strip().strip("-")) != dict(values):
        raise AssertionError(f"sharesite bug: front matter does not read back as written:\n{text}")
    return text


@dataclass
class Submission:
    """What a submitted form becomes: files to write (path from the site folder → text) and
    what could not be used, or needs a maintainer's eye."""

    kind: str  # "resource" | "post"
    issue: int
    path: str
    files: dict[str, str] = field(default_factory=dict)
    notes: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Notes:
    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, message: str, hint: str = "") -> None:
        self.items.append((message, hint))

    def diagnostics(self, path: str) -> list[Diagnostic]:
        return [warning(path, 0, message, hint) for message, hint in self.items]


def _event_issue(event: Any) -> dict[str, Any]:
    if not isinstance(event, dict) or not isinstance(event.get("issue"), dict):
        raise NotASubmission("this is not a GitHub issue event (it has no \"issue\")")
    issue: dict[str, Any] = event["issue"]
    if "pull_request" in issue:
        raise NotASubmission("this is a pull request, not an issue made with a form")
    if not isinstance(issue.get("number"), int) or isinstance(issue.get("number"), bool):
        raise NotASubmission("the issue has no number")
    return issue


def submission_kind(event: Any) -> str:
    """"resource" or "post", from the label the form puts on its issue."""
    issue = _event_issue(event)
    labels = issue.get("labels") or []
    names = {str(label.get("name", "")) if isinstance(label, dict) else str(label)
             for label in labels if isinstance(label, dict | str)}
    kinds = [kind for kind, label in (("resource", RESOURCE_LABEL), ("post", POST_LABEL))
             if label in names]
    if len(kinds) != 1:
        raise NotASubmission(
            f"issue #{issue['number']} is not a form submission: it needs the label "
            f"{RESOURCE_LABEL!r} or {POST_LABEL!r}" + (" (not both)" if kinds else ""))
    return kinds[0]


def from_issue(config: SiteConfig, event: Any, now: dt.datetime | None = None) -> Submission:
    """The file(s) an issue made with one of the forms becomes. Raises NotASubmission."""
    kind = submission_kind(event)
    issue = _event_issue(event)
    number: int = issue["number"]
    fields = RESOURCE_FIELDS if kind == "resource" else POST_FIELDS
    body = issue.get("body") if isinstance(issue.get("body"), str) else ""
    values = parse_form_body(str(body), fields)
    if not values:
        raise NotASubmission(f"issue #{number} was not made with the form: its text has none "
                             f"of the form's headings (### {fields[0].label}, …)")
    notes = _Notes()
    user = issue.get("user")
    login = str(user.get("login", "")) if isinstance(user, dict) else ""
    login = login if _LOGIN.fullmatch(login) else ""
    when = _issue_time(issue.get("created_at"), config, now)

    title = _one_line(str(issue.get("title") or ""), "title", notes)
    if not title:
        title = f"{kind.capitalize()} from issue #{number}"
        notes.add(f"the issue has no title: used {title!r}", "change title: in the file")
    slug = slug_for(title)
    if len(slug) > 72:  # room for a -2 that slug_for will not cut off again
        slug = slug_for(slug[:72])
    slug = slug or f"issue-{number}"
    if kind == "resource":
        slug = _free_slug(config, "resources", slug,
                          lambda s: (f"content/resources/{s}", f"content/resources/{s}.md"))
        path = f"content/resources/{slug}/index.md"
        date = when.date().isoformat()
    else:
        day = when.date().isoformat()
        slug = _free_slug(config, "posts", slug, lambda s: (f"content/posts/{day}-{s}.md",
                                                            f"content/posts/{day}-{s}"))
        path = f"content/posts/{day}-{slug}.md"
        date = when.strftime("%Y-%m-%d %H:%M")
    if not _SLUG.fullmatch(slug):  # nothing but a slug chooses the path
        raise AssertionError(f"sharesite bug: {slug!r} is not a slug")

    matter: dict[str, Any] = {"title": title, "date": date}
    files: dict[str, str] = {path: ""}
    name = _one_line(values.get("author", ""), "name", notes)
    author, profile = _author(config, name, login, number, notes)
    if author:
        matter["author"] = author
    if profile:
        files[profile[0]] = profile[1]
    draft = _resource_matter(config, values, matter, notes) if kind == "resource" else False
    if kind == "post":
        tags = _tags(values.get("tags", ""), notes)
        if tags:
            matter["tags"] = tags

    ticked = {_label_key(text) for text in checked(values.get("consent", ""))}
    wanted = RESOURCE_CONSENT if kind == "resource" else POST_CONSENT
    if any(_label_key(text) not in ticked for text in wanted):
        notes.add("the permission boxes are not ticked, so it is a draft",
                  "remove draft: true only once the contributor has ticked them")
        draft = True
    if draft:
        matter["draft"] = True

    text = clean_text(values.get("body", ""), lines=True)
    if not text:
        notes.add("the text is empty", "ask the contributor what to say about it")
    hosted = len(_GITHUB_ASSET.findall(text))
    if hosted:
        notes.add(f"the text shows {hosted} picture{'s' * (hosted != 1)} or file"
                  f"{'s' * (hosted != 1)} kept on GitHub", "download them beside the page and "
                  "link them there, so the site loads nothing from elsewhere")
    if kind == "resource":
        about_files = clean_text(values.get("files", ""), lines=True)
        if about_files:
            text += ("\n\n" if text else "") + "## Files\n\n" + about_files
            count = len(_WEB_URL.findall(about_files))
            notes.add(f"files: the form links to {count} file{'s' * (count != 1)}" if count else
                      "files: the form has a note about the files",
                      f"shown under \"Files\" in the text: put the files in "
                      f"{path.rpartition('/')[0]}/, list them under files:, and remove that "
                      "section")
        else:
            notes.add("files: the form gives none", "ask the contributor for them")
    issue_url = str(issue.get("html_url") or "")
    where = f"[issue #{number}]({issue_url})" if _ISSUE_URL.fullmatch(issue_url) \
        else f"issue #{number}"
    text += ("\n\n" if text else "") + f"*Shared through {where}.*"
    files[path] = front_matter(matter) + text + "\n"
    return Submission(kind, number, path, files, notes.diagnostics(path))


def _resource_matter(config: SiteConfig, values: dict[str, str], matter: dict[str, Any],
                     notes: _Notes) -> bool:
    """Fill in a resource's front matter; True when it must be a draft (no usable licence,
    or one its original does not allow)."""
    summary = _one_line(values.get("summary", ""), "summary", notes)
    if summary:
        matter["summary"] = summary
    for key, vocabulary in (("subjects", config.subjects), ("levels", config.levels)):
        chosen = _vocabulary(key, values.get(key, ""), vocabulary, notes)
        if chosen:
            matter[key] = chosen
    types = _vocabulary("type", values.get("type", ""), config.types, notes, many=False)
    if types:
        matter["type"] = types[0]
    draft = False
    licence = _licence("licence", values.get("licence", ""), notes)
    if licence is None:
        notes.add("licence: none that sharesite knows was chosen, so it is a draft",
                  "ask the contributor which licence, set licence:, then remove draft: true")
        draft = True
    else:
        matter["licence"] = licence.id
    duration = _one_line(values.get("duration", ""), "duration", notes)
    if duration:
        matter["duration"] = duration
    tags = _tags(values.get("tags", ""), notes)
    if tags:
        matter["tags"] = tags
    credit = _adapted_from(values, notes)
    if credit:
        matter["adapted_from"] = [credit]
        source = find_licence(credit.get("licence", ""))
        problem = adaptation_problem(source, licence) if source and licence else None
        if problem:
            notes.add(f"adapted_from: {problem[0]}, so it is a draft", problem[1])
            draft = True
    return draft


def _one_line(raw: str, what: str, notes: _Notes) -> str:
    text = clean_text(raw)
    limit = _LIMITS[what]
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        notes.add(f"{what}: {len(text)} characters is too long: cut to {limit}",
                  f"shorten {what} in the file")
        text = cut.rstrip() + "…"
    return text


def _vocabulary(key: str, raw: str, vocabulary: tuple[str, ...], notes: _Notes,
                many: bool = True) -> list[str]:
    """The values chosen in a dropdown, spelled as site.toml spells them; others reported."""
    text = clean_text(raw)
    wanted = [v.strip() for v in text.split(",")] if many else [text]
    known = {slug_for(v): v for v in vocabulary}
    chosen: list[str] = []
    for value in filter(None, wanted):
        spelled = known.get(slug_for(value))
        if spelled is None:
            notes.add(f"{key}: {value[:80]!r} is not in site.toml's [vocabulary], so it was "
                      "left out",
                      did_you_mean(value, vocabulary) or "use one of " + one_of(vocabulary))
        elif spelled not in chosen:
            chosen.append(spelled)
    if not text:
        notes.add(f"{key}: none chosen", f"add {key}: from site.toml's [vocabulary]")
    return chosen


def _licence(key: str, raw: str, notes: _Notes) -> Licence | None:
    text = clean_text(raw)
    if not text:
        return None
    lic = LICENCES.get(LICENCE_OPTIONS.get(text, "")) or find_licence(text) or \
        find_licence(text.split(":")[0])
    if lic is None:
        notes.add(f"{key}: {text[:80]!r} is not a licence sharesite knows",
                  did_you_mean(text, LICENCES) or "use one of " + one_of(LICENCES))
    return lic


def _tags(raw: str, notes: _Notes) -> list[str]:
    tags: list[str] = []
    for part in clean_text(raw.replace("\n", ",")).split(","):
        tag = _one_line(part.strip().lstrip("#").strip(), "tag", notes)
        if tag and tag.casefold() not in (t.casefold() for t in tags):
            tags.append(tag)
    if len(tags) > _MAX_TAGS:
        notes.add(f"tags: {len(tags)} tags, kept the first {_MAX_TAGS}", "")
        tags = tags[:_MAX_TAGS]
    return tags


def _web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and \
        _SAFE_URL.fullmatch(url) is not None


def _adapted_from(values: dict[str, str], notes: _Notes) -> dict[str, str]:
    title = _one_line(values.get("adapted_title", ""), "adapted", notes)
    url = _one_line(values.get("adapted_url", ""), "url", notes)
    author = _one_line(values.get("adapted_author", ""), "adapted", notes)
    licence = _licence("adapted_from: licence", values.get("adapted_licence", ""), notes)
    if url and not _web_address(url):
        notes.add(f"adapted_from: url: {url[:80]!r} is not a web address (http:// or "
                  "https://), so it was left out", "add the original's address as url:")
        url = ""
    if not (title or url):
        if author or licence:
            notes.add("adapted_from: the form names an author or licence but no title or "
                      "address, so it was left out", "add adapted_from: if it adapts a work")
        return {}
    if not title:
        title = url
        notes.add("adapted_from: no title given: the address stands for it",
                  "set adapted_from: title: to the original's title")
    record = {"title": title}
    if url:
        record["url"] = url
    if author:
        record["author"] = author
    if licence:
        record["licence"] = licence.id
    return record


def _issue_time(raw: Any, config: SiteConfig, now: dt.datetime | None) -> dt.datetime:
    if isinstance(raw, str):
        try:
            parsed = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
            if parsed.tzinfo is not None:
                return parsed.astimezone(config.tz)
        except ValueError:
            pass
    return (now or dt.datetime.now(config.tz)).astimezone(config.tz)


def _free_slug(config: SiteConfig, section: str, slug: str,
               paths: Callable[[str], tuple[str, ...]]) -> str:
    """`slug`, or `slug-2`, `slug-3`, … when another item in `section` has that address or
    one of `paths(slug)` exists: a submission never overwrites anything."""
    taken = _taken_slugs(config, section)
    candidate, n = slug, 1
    while candidate in taken or any((config.root / p).exists() for p in paths(candidate)):
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def _taken_slugs(config: SiteConfig, section: str) -> set[str]:
    discovered, _ = discover_sources(config.content_dir)
    kind = {"posts": "post", "resources": "resource"}[section]
    taken = set()
    for source in discovered.sources:
        if source.kind != kind:
            continue
        match = _DATE_PREFIX.match(source.name)
        taken.add(slug_for(match.group(1) if match else source.name))
        own = _front_matter_value(config.content_dir / source.path, "slug")
        if own:
            taken.add(slug_for(own))
    return taken


def _front_matter_value(path: Path, key: str) -> str:
    """One text value of a file's front matter, or "" (for slugs and names taken)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""
    match = re.match(r"\s*---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)", text, re.S)
    if not match or f"{key}:" not in match.group(1):
        return ""
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return ""
    value = data.get(key) if isinstance(data, dict) else None
    return str(value) if isinstance(value, str | int) else ""


def _author(config: SiteConfig, name: str, login: str, number: int,
            notes: _Notes) -> tuple[str, tuple[str, str] | None]:
    """(author: as written, a new profile (path, text) when the site has none for them).
    sharesite finds an author by id, name or slugged name, as `site.assemble` does."""
    if not name:
        if not login:
            notes.add("author: no name given, so the site's default author is credited",
                      "set author: to the contributor's name")
            return "", None
        name = login
        notes.add(f"author: no name given, so the GitHub user {login} is credited",
                  "set author: to the name they would like on the site")
    authors_dir = config.content_dir / "authors"
    profiles = sorted(authors_dir.glob("*.md")) if authors_dir.is_dir() else []
    for profile in profiles:
        their_name = _front_matter_value(profile, "name")
        if name in (profile.stem,) or name.casefold() == their_name.casefold() or \
                slug_for(name) in (profile.stem, slug_for(their_name)):
            notes.add(f"author: {name!r} is the site's author {profile.stem!r}",
                      f"check that the contributor{' (@' + login + ')' if login else ''} "
                      "is them")
            return name, None
    author_id = slug_for(name) or slug_for(login) or f"contributor-{number}"
    n, base = 1, author_id
    while (authors_dir / f"{author_id}.md").exists():
        n += 1
        author_id = f"{base}-{n}"
    rel = f"content/authors/{author_id}.md"
    notes.add(f"author: {name!r} is new to the site: made {rel} for them",
              "add their role and school there, if they like")
    text = front_matter({"name": name}) + f"Contributed through issue #{number}.\n"
    return name, (rel, text)


def write_submission(config: SiteConfig, submission: Submission) -> list[str]:
    """Write the files; never overwrites (exclusive create). Returns the paths written."""
    written = []
    for rel, text in submission.files.items():
        path = config.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(rel)
    return written


def load_event(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotASubmission(f"{path.name} is not a JSON event payload ({exc})") from None
