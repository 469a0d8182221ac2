"""`sharesite from-issue`: an issue made with one of the issue forms, turned into a post or
resource (and a profile for a new author) with its front matter filled in, into an event
(content/events/<date>-<slug>.md), or into an offer or request added to a school's profile
(content/schools/<id>.md), the rest of it left as it was.

Everything in a submitted issue is untrusted. It reaches the site only as quoted front-matter
strings (JSON strings, which YAML reads as the same text) and as a Markdown body that the
build sanitises like any contributor's; only a slug made by `slug_for` chooses a path.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from sharesite.authoring.files import (
    author_profile,
    clean_text,
    free_slug,
    front_matter,
    quote,
    write_new_file,
)
from sharesite.authoring.issue_forms import (
    EVENT_CONSENT,
    EVENT_FIELDS,
    EVENT_LABEL,
    LICENCE_OPTIONS,
    OFFER_CONSENT,
    OFFER_FIELDS,
    OFFER_FORMATS,
    OFFER_LABEL,
    POST_CONSENT,
    POST_FIELDS,
    POST_LABEL,
    REQUEST_CONSENT,
    REQUEST_FIELDS,
    REQUEST_LABEL,
    RESOURCE_CONSENT,
    RESOURCE_FIELDS,
    RESOURCE_LABEL,
    Field,
    checked,
    label_key,
    parse_form_body,
)
from sharesite.config import PHASES, SiteConfig
from sharesite.content.document import MAILBOX
from sharesite.errors import Diagnostic, did_you_mean, one_of, warning
from sharesite.licences import LICENCES, Licence, adaptation_problem, find_licence
from sharesite.site.expertise import PHONE, personal_address
from sharesite.site.urls import slug_for

# Longest text kept from a one-line field; longer text is cut (and reported).
_LIMITS = {"title": 200, "summary": 500, "name": 100, "tag": 60, "duration": 40,
           "url": 2000, "adapted": 300, "school": 200, "area": 60, "when": 200,
           "note": 1000, "mailbox": 254}
_MAX_AREAS = 10
_MAX_TAGS = 20
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
_ISSUE_URL = re.compile(r"https://[A-Za-z0-9.-]+(?::\d+)?/[A-Za-z0-9._/-]+/issues/\d+")
_GITHUB_ASSET = re.compile(r"https://(?:github\.com/user-attachments/|"
                           r"[a-z-]+\.githubusercontent\.com/)[^\s)\"'<>]+", re.I)
_WEB_URL = re.compile(r"https?://[^\s<>\"'`]+", re.I)
_SAFE_URL = re.compile(r"[^\s<>\"'`\\{}|^]+")


class NotASubmission(Exception):
    """The event is not an issue made with one of the forms (the CLI exits 1)."""


@dataclass
class Submission:
    """What a submitted form becomes: files to write (path from the site folder → text) and
    what could not be used, or needs a maintainer's eye."""

    kind: str  # "resource" | "post" | "offer" | "request" | "event"
    issue: int
    path: str
    files: dict[str, str] = field(default_factory=dict)
    notes: list[Diagnostic] = field(default_factory=list)
    # Files that exist and are changed (a school's profile): path → the text the change was
    # made from, so that writing refuses if the file has changed since.
    edits: dict[str, str] = field(default_factory=dict)


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


_KINDS = (("resource", RESOURCE_LABEL), ("post", POST_LABEL), ("offer", OFFER_LABEL),
          ("request", REQUEST_LABEL), ("event", EVENT_LABEL))


def submission_kind(event: Any) -> str:
    """"resource", "post", "offer", "request" or "event", from the label the form puts on
    its issue."""
    issue = _event_issue(event)
    labels = issue.get("labels") or []
    names = {str(label.get("name", "")) if isinstance(label, dict) else str(label)
             for label in labels if isinstance(label, dict | str)}
    kinds = [kind for kind, label in _KINDS if label in names]
    if len(kinds) != 1:
        wanted = [repr(label) for _, label in _KINDS]
        raise NotASubmission(
            f"issue #{issue['number']} is not a form submission: it needs the label "
            f"{', '.join(wanted[:-1])} or {wanted[-1]}" + (" (not more than one)" if kinds
                                                           else ""))
    return kinds[0]


def _form(event: Any, fields: tuple[Field, ...]) -> tuple[dict[str, Any], int, dict[str, str]]:
    """The issue of `event`, its number, and what its text gives for each of the form's
    `fields`. Raises NotASubmission when its text has none of the form's headings."""
    issue = _event_issue(event)
    number: int = issue["number"]
    body = issue.get("body") if isinstance(issue.get("body"), str) else ""
    values = parse_form_body(str(body), fields)
    if not values:
        raise NotASubmission(f"issue #{number} was not made with the form: its text has none "
                             f"of the form's headings (### {fields[0].label}, …)")
    return issue, number, values


def from_issue(config: SiteConfig, event: Any, now: dt.datetime | None = None) -> Submission:
    """The file(s) an issue made with one of the forms becomes. Raises NotASubmission."""
    kind = submission_kind(event)
    if kind in ("offer", "request"):
        return _expertise(config, event, kind, now)
    if kind == "event":
        return _event(config, event, now)
    fields = RESOURCE_FIELDS if kind == "resource" else POST_FIELDS
    issue, number, values = _form(event, fields)
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
        slug = free_slug(config, "resources", slug,
                         lambda s: (f"content/resources/{s}", f"content/resources/{s}.md"))
        path = f"content/resources/{slug}/index.md"
        date = when.date().isoformat()
    else:
        day = when.date().isoformat()
        slug = free_slug(config, "posts", slug, lambda s: (f"content/posts/{day}-{s}.md",
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

    ticked = {label_key(text) for text in checked(values.get("consent", ""))}
    wanted = RESOURCE_CONSENT if kind == "resource" else POST_CONSENT
    if any(label_key(text) not in ticked for text in wanted):
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


def _author(config: SiteConfig, name: str, login: str, number: int,
            notes: _Notes) -> tuple[str, tuple[str, str] | None]:
    """(author: as written, a new profile (path, text) when the site has none for them)."""
    if not name:
        if not login:
            notes.add("author: no name given, so the site's default author is credited",
                      "set author: to the contributor's name")
            return "", None
        name = login
        notes.add(f"author: no name given, so the GitHub user {login} is credited",
                  "set author: to the name they would like on the site")
    author_id, profile = author_profile(config, name, slug_for(login) or f"contributor-{number}",
                                        f"Contributed through issue #{number}.\n")
    if profile is None:
        notes.add(f"author: {name!r} is the site's author {author_id!r}",
                  f"check that the contributor{' (@' + login + ')' if login else ''} "
                  "is them")
    else:
        notes.add(f"author: {name!r} is new to the site: made {profile[0]} for them",
                  "add their role and school there, if they like")
    return name, profile


def write_submission(config: SiteConfig, submission: Submission) -> list[str]:
    """Write the files; never overwrites (exclusive create), except the files in `edits`,
    each replaced whole only while it still holds the text the change was made from
    (NotASubmission if someone has changed it since). Returns the paths written."""
    written = []
    for rel, text in submission.files.items():
        if rel in submission.edits:
            _replace_file(config.root / rel, submission.edits[rel], text)
        else:
            write_new_file(config.root / rel, text)
        written.append(rel)
    return written


def _replace_file(path: Path, was: str, text: str) -> None:
    if path.read_bytes().decode("utf-8", errors="replace") != was:
        raise NotASubmission(f"{path.name} changed while the issue was read: run it again")
    temporary = path.with_name(f".{path.name}.sharesite-new")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.replace(temporary, path)


def load_event(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotASubmission(f"{path.name} is not a JSON event payload ({exc})") from None


# --- an offer or request, added to a school's profile ------------------------------------------

_FRONT_MATTER = re.compile(r"(\ufeff?---[ \t]*\n)(.*?\n)((?:---|\.\.\.)[ \t]*(?:\n|$))", re.S)


def _expertise(config: SiteConfig, event: Any, kind: str,
               now: dt.datetime | None) -> Submission:
    """An "Offer your expertise" or "We are looking for…" issue: one entry added to the end
    of the school's `offers:` or `seeking:`, nothing else in its file changed."""
    fields = OFFER_FIELDS if kind == "offer" else REQUEST_FIELDS
    issue, number, values = _form(event, fields)
    notes = _Notes()
    key = "offers" if kind == "offer" else "seeking"
    rel, original = _school_profile(config, _one_line(values.get("school", ""), "school",
                                                      notes), number)

    wanted = OFFER_CONSENT if kind == "offer" else REQUEST_CONSENT
    ticked = {label_key(text) for text in checked(values.get("consent", ""))}
    if any(label_key(text) not in ticked for text in wanted):
        raise NotASubmission(f"issue #{number}: the permission boxes are not ticked, so "
                             "nothing was added (edit the issue and tick them)")
    kinds = _vocabulary("kind", values.get("kind", ""), config.offer_kinds, notes, many=False)
    if not kinds:
        raw = clean_text(values.get("kind", ""))
        hint = did_you_mean(raw, config.offer_kinds)
        raise NotASubmission(f"issue #{number}: {fields[1].label.lower()}: {raw[:80]!r} is not "
                             f"one of {one_of(config.offer_kinds)}, so nothing was added ("
                             + (f"{hint} " if hint else "") + "edit the issue to choose one)")
    areas = _areas(config, values.get("areas", ""), values.get("other_areas", ""), notes)
    if not areas:
        raise NotASubmission(f"issue #{number}: no area was chosen, so nothing was added "
                             "(edit the issue: choose one under Areas or write one under "
                             "Other areas)")
    entry: dict[str, Any] = {"kind": slug_for(kinds[0]), "areas": areas}
    form = clean_text(values.get("format", "")).casefold()
    if form in OFFER_FORMATS:
        entry["format"] = form
    elif form:
        notes.add(f"format: {form[:40]!r} is not one of {one_of(OFFER_FORMATS)}, so it was "
                  "left out", "add format: if it matters")
    when = _one_line(values.get("when", ""), "when", notes)
    if when:
        entry["when"] = when
    note = _one_line(values.get("note", ""), "note", notes)
    if note:
        entry["note"] = note
    else:
        notes.add("note: empty", "ask the school what it offers" if kind == "offer"
                  else "ask the school what would help")
    mailbox = _mailbox(values.get("mailbox", ""), notes)
    if mailbox:
        entry["contact"] = {"mailbox": mailbox}
    entry["reviewed"] = _issue_time(issue.get("created_at"), config, now).date()
    for text in (entry.get("note", ""), entry.get("when", "")):
        if PHONE.search(text):
            notes.add("the text holds what looks like a phone number",
                      "take it out: a phone number belongs in the school's contact: office:")
    changed = _add_entry(rel, original, key, entry, number)
    what = "offer" if kind == "offer" else "request"
    notes.add(f"{key}: the {what} from issue #{number} is the last entry",
              "check it, and that the school agrees to it being published")
    return Submission(kind, number, rel, {rel: changed}, notes.diagnostics(rel),
                      edits={rel: original})


def _school_profile(config: SiteConfig, name: str, number: int) -> tuple[str, str]:
    """(path, text) of the profile the form names, by id, name or slugged name."""
    folder = config.content_dir / "schools"
    profiles = sorted(folder.glob("*.md")) if folder.is_dir() else []
    if not profiles:
        raise NotASubmission(f"issue #{number}: this site has no school profiles yet "
                             "(content/schools/<id>.md): make the school's first, then edit "
                             "the issue")
    names: dict[str, Path] = {}
    for profile in profiles:
        text = profile.read_bytes().decode("utf-8", errors="replace")
        match = _FRONT_MATTER.match(text)
        try:
            data = yaml.safe_load(match.group(2)) if match else None
        except yaml.YAMLError:
            data = None
        own = data.get("name") if isinstance(data, dict) else None
        names[str(own) if isinstance(own, str) and own.strip() else profile.stem] = profile
    wanted = slug_for(name)
    for own, profile in names.items():
        if wanted and wanted in (profile.stem, slug_for(own)):
            rel = profile.relative_to(config.root).as_posix()
            return rel, profile.read_bytes().decode("utf-8", errors="replace")
    hint = did_you_mean(name, names) or "the schools are " + one_of(names)
    raise NotASubmission(f"issue #{number}: {name[:80]!r} is not a school with a profile on "
                         f"this site, so nothing was added ({hint} Edit the issue to say "
                         "which)" if name else
                         f"issue #{number}: the form names no school, so nothing was added "
                         f"(the schools are {one_of(names)}: edit the issue to say which)")


def _areas(config: SiteConfig, chosen: str, others: str, notes: _Notes) -> list[str]:
    """The areas ticked, spelled as site.toml spells them, then the others written in (one
    spelled like a known area becomes it; a new one is kept, as the build keeps it)."""
    known = {slug_for(v): v for v in config.areas}
    areas: list[str] = []
    for part in [*clean_text(chosen).split(","), *clean_text(others).split(",")]:
        area = _one_line(part.strip().lstrip("#").strip(), "area", notes)
        if not area:
            continue
        spelled = known.get(slug_for(area))
        if spelled is None:
            hint = did_you_mean(area, config.areas)
            notes.add(f"areas: {area!r} is not in site.toml's [vocabulary] areas",
                      hint or "add it there if other schools will use it too")
            spelled = area
        if slug_for(spelled) not in (slug_for(a) for a in areas):
            areas.append(spelled)
    if len(areas) > _MAX_AREAS:
        notes.add(f"areas: {len(areas)} areas, kept the first {_MAX_AREAS}", "")
        areas = areas[:_MAX_AREAS]
    return areas


def _mailbox(raw: str, notes: _Notes) -> str:
    """A role mailbox, or "" (and why) for anything that is not one, or looks like a
    person's own address: never published on the say-so of a form."""
    address = _one_line(raw, "mailbox", notes).removeprefix("mailto:")
    if not address:
        return ""
    if MAILBOX.fullmatch(address) is None:
        notes.add(f"mailbox: {address[:80]!r} is not an e-mail address, so it was left out",
                  "the school's own contact route is used")
        return ""
    personal = personal_address(address)  # the rule `check` applies to profiles
    if personal:
        notes.add(f"mailbox: {address!r} looks like {personal}, so it was left out",
                  "only a school's role mailbox (like cpd@) may be published: add it as "
                  "contact: {mailbox: …} if it is one")
        return ""
    return address


def _entry_lines(entry: dict[str, Any], indent: str, number: int) -> list[str]:
    """The YAML of one entry: text always quoted (so nothing written in the form can make a
    key, an anchor or a tag), the date plain (YAML reads it as a date)."""
    lines = [f"{indent}# From issue #{number}."]
    for n, (key, value) in enumerate(entry.items()):
        lead = f"{indent}- " if n == 0 else f"{indent}  "
        if isinstance(value, dt.date):
            lines.append(f"{lead}{key}: {value.isoformat()}")
        elif isinstance(value, list):
            lines.append(f"{lead}{key}: [{', '.join(quote(v) for v in value)}]")
        elif isinstance(value, dict):
            inner = ", ".join(f"{k}: {quote(v)}" for k, v in value.items())
            lines.append(f"{lead}{key}: {{{inner}}}")
        else:
            lines.append(f"{lead}{key}: {quote(str(value))}")
    return lines


def _add_entry(rel: str, text: str, key: str, entry: dict[str, Any], number: int) -> str:
    """`text` with `entry` at the end of its front matter's `key:` list (made when missing);
    every other line as it was, line ends included. Checked by reading both back."""
    newline = "\r\n" if "\r\n" in text else "\n"
    plain = text.replace("\r\n", "\n")
    match = _FRONT_MATTER.match(plain)
    if match is None:
        raise NotASubmission(f"{rel}: the file has no front matter (--- lines) to add to: "
                             "add the entry by hand")
    try:
        before = yaml.safe_load(match.group(2))
    except yaml.YAMLError as exc:
        raise NotASubmission(f"{rel}: its front matter is not valid YAML ({exc}): fix it, "
                             "then edit the issue") from None
    if not isinstance(before, dict):
        raise NotASubmission(f"{rel}: its front matter is not a list of key: value lines")
    if f"# From issue #{number}." in match.group(2):
        raise NotASubmission(f"{rel} already has the entry from issue #{number}")
    lines = match.group(2).split("\n")[:-1]
    start = next((n for n, line in enumerate(lines)
                  if re.match(rf"{re.escape(key)}[ \t]*:(?:[ \t]|$)", line)), None)
    if start is None:
        added = [*lines, f"{key}:", *_entry_lines(entry, "  ", number)]
    else:
        rest = re.sub(r"[ \t]+#.*$", "", lines[start].split(":", 1)[1]).strip()
        if rest not in ("", "[]", "~", "null"):
            raise NotASubmission(
                f"{rel}:{start + 2}: {key}: is written on one line: write it as a list, one "
                f"`- kind: …` a line, then edit the issue to add this {key} entry")
        end = start + 1
        last = start
        while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t-#"):
            if lines[end].strip() and not lines[end].startswith("#"):
                last = end
            end += 1
        items = [line for line in lines[start + 1:last + 1] if line.lstrip().startswith("- ")]
        indent = items[0][:len(items[0]) - len(items[0].lstrip())] if items else "  "
        head = lines[start] if not rest else f"{key}:"
        added = [*lines[:start], head, *lines[start + 1:last + 1],
                 *_entry_lines(entry, indent, number), *lines[last + 1:]]
    block = "\n".join(added) + "\n"
    expected = dict(before)
    listed = expected.get(key) or []
    expected[key] = [*listed, entry]
    try:
        after = yaml.safe_load(block)
    except yaml.YAMLError:
        after = None
    if after != expected:
        raise NotASubmission(f"{rel}: the {key} entry could not be added without changing "
                             "something else (an unusual layout?): add it by hand")
    out = plain[:match.start(2)] + block + plain[match.end(2):]
    return out.replace("\n", newline) if newline != "\n" else out


# --- an event, a file of its own in content/events/ ---------------------------------------------

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")


def _event(config: SiteConfig, event: Any, now: dt.datetime | None) -> Submission:
    """content/events/<date>-<slug>.md from an "Add an event" issue. What cannot be used is
    said, and a date or time that is not one makes it a draft for a maintainer to finish:
    the file is still made (the contributor's words are not lost)."""
    issue, number, values = _form(event, EVENT_FIELDS)
    notes = _Notes()
    user = issue.get("user")
    login = str(user.get("login", "")) if isinstance(user, dict) else ""
    login = login if _LOGIN.fullmatch(login) else ""
    title = _one_line(str(issue.get("title") or ""), "title", notes)
    if not title:
        title = f"Event from issue #{number}"
        notes.add(f"the issue has no title: used {title!r}", "change title: in the file")
    draft = False
    day = _event_day(values.get("date", ""), "date", notes)
    if day is None:
        draft = True
        day = _issue_time(issue.get("created_at"), config, now).date()
    slug = slug_for(title)
    if len(slug) > 72:
        slug = slug_for(slug[:72])
    slug = slug or f"issue-{number}"
    taken = config.content_dir / "events"
    candidate, n = slug, 1
    while (taken / f"{day.isoformat()}-{candidate}.md").exists() or \
            (taken / f"{day.isoformat()}-{candidate}").exists():
        n += 1
        candidate = f"{slug}-{n}"
    slug = candidate
    if not _SLUG.fullmatch(slug):  # nothing but a slug chooses the path
        raise AssertionError(f"sharesite bug: {slug!r} is not a slug")
    path = f"content/events/{day.isoformat()}-{slug}.md"

    matter: dict[str, Any] = {"title": title}
    summary = _one_line(values.get("summary", ""), "summary", notes)
    if summary:
        matter["summary"] = summary
    start, end, timed = _event_times(day, values, notes)
    draft = draft or not timed
    raw: list[str] = [f"start: {start}"] + ([f"end: {end}"] if end else [])
    location = _one_line(values.get("location", ""), "school", notes)
    school_ids = _school_ids(config)
    if location.casefold() == "online":
        raw.append("location: online")
        link = _one_line(values.get("online_url", ""), "url", notes)
        if link and _web_address(link):
            matter["online_url"] = link
        elif link:
            notes.add("online meeting link: not a web address, so it was left out",
                      "add online_url: if there is one")
    elif slug_for(location) in school_ids:
        raw.append(f"location: {quote(school_ids[slug_for(location)])}")
    elif location:
        raw.append(f"location: {{name: {quote(location)}}}")
        notes.add(f"location: {location[:80]!r} is not a school with a profile here, so it is "
                  "a place", "add its address: location: {name: …, address: …}")
    else:
        notes.add("location: none given, so it is a draft", "set location:")
        draft = True
    audience = {}
    for key, vocabulary in (("phases", PHASES), ("subjects", config.subjects),
                            ("levels", config.levels), ("areas", config.areas)):
        chosen = _vocabulary(key, values.get(key, ""), tuple(vocabulary), notes)
        if chosen:
            audience[key] = chosen
    if audience:
        raw.append("for: {" + ", ".join(f"{key}: [{', '.join(quote(v) for v in chosen)}]"
                                        for key, chosen in audience.items()) + "}")
    booking = _one_line(values.get("booking", ""), "url", notes)
    if _web_address(booking):
        matter["booking"] = booking
    elif booking.casefold().strip(" .!") == "just come":
        matter["booking"] = "just come"
    elif booking:
        mailbox = _mailbox(booking, notes)
        if mailbox:
            raw.append(f"booking: {{email: {quote(mailbox)}}}")
        else:
            notes.add("how to book: not a web address, a role mailbox or \"just come\"",
                      "set booking:")
    capacity = clean_text(values.get("capacity", ""))
    if capacity.isdigit() and 0 < int(capacity) < 100_000:
        raw.append(f"capacity: {int(capacity)}")
    elif capacity:
        notes.add(f"places: {capacity[:40]!r} is not a number, so it was left out",
                  "set capacity: to a number")
    cost = _one_line(values.get("cost", ""), "when", notes)
    if cost:
        matter["cost"] = cost
    organiser = {}
    school = _one_line(values.get("school", ""), "school", notes)
    if school and slug_for(school) in school_ids:
        organiser["school"] = school_ids[slug_for(school)]
    elif school:
        notes.add(f"organising school: {school[:80]!r} has no profile on this site, so it "
                  "was left out", "make its profile (content/schools/), then set organiser:")
    name = _one_line(values.get("author", ""), "name", notes) or login
    author, profile = _author(config, name, login, number, notes) if name else ("", None)
    if author:
        organiser["author"] = slug_for(author) if profile is None else \
            Path(profile[0]).stem
    if organiser:
        raw.append("organiser: {" + ", ".join(f"{k}: {quote(v)}" for k, v in organiser.items())
                   + "}")
    tags = _tags(values.get("tags", ""), notes)
    if tags:
        matter["tags"] = tags
    ticked = {label_key(text) for text in checked(values.get("consent", ""))}
    if any(label_key(text) not in ticked for text in EVENT_CONSENT):
        notes.add("the permission boxes are not ticked, so it is a draft",
                  "remove draft: true only once the contributor has ticked them")
        draft = True
    if draft:
        matter["draft"] = True
    text = clean_text(values.get("body", ""), lines=True)
    if not text:
        notes.add("the text is empty", "ask the organiser what happens at the event")
    issue_url = str(issue.get("html_url") or "")
    where = f"[issue #{number}]({issue_url})" if _ISSUE_URL.fullmatch(issue_url) \
        else f"issue #{number}"
    text += ("\n\n" if text else "") + f"*Shared through {where}.*"
    head = front_matter(matter)
    # The times, the location and who it is for are not text: written here, from values
    # made only of digits, slugs and quoted text, and read back to be sure.
    head = head[:-4] + "".join(line + "\n" for line in raw) + "---\n"
    read = yaml.safe_load(head.strip().strip("-"))
    if not isinstance(read, dict) or read.get("title") != title:
        raise AssertionError(f"sharesite bug: an event's front matter does not read back:\n"
                             f"{head}")
    files = {path: head + text + "\n"}
    if profile:
        files[profile[0]] = profile[1]
    return Submission("event", number, path, files, notes.diagnostics(path))


def _event_day(raw: str, what: str, notes: _Notes) -> dt.date | None:
    """The date a field gives (YYYY-MM-DD), or None (and why, when it gives something)."""
    text = clean_text(raw)
    day = None
    if _DAY.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            day = None
    if text and day is None:
        notes.add(f"{what}: {text[:40]!r} is not a date (YYYY-MM-DD)",
                  "set the date in start: and end:")
    return day


def _event_times(day: dt.date, values: dict[str, str],
                 notes: _Notes) -> tuple[str, str, bool]:
    """(start, end, usable) as front matter writes them: "YYYY-MM-DD HH:MM" both, or dates
    for an all-day event (end "" for one day). Not usable: a maintainer must finish it."""
    begins = clean_text(values.get("start_time", ""))
    ends = clean_text(values.get("end_time", ""))
    if not begins and not ends:
        last = _event_day(values.get("end_date", ""), "last day", notes) \
            if clean_text(values.get("end_date", "")) else None
        if last is not None and last < day:
            notes.add("last day: before the first, so it was left out", "set end:")
            last = None
        return day.isoformat(), last.isoformat() if last and last > day else "", True
    first, second = _TIME.fullmatch(begins), _TIME.fullmatch(ends)
    if first is None or second is None:
        notes.add(f"times: {begins[:20]!r} to {ends[:20]!r} are not two times (HH:MM), so it "
                  "is a draft", "set start: and end: as YYYY-MM-DD HH:MM")
        return day.isoformat(), "", False
    start = f"{day.isoformat()} {int(first.group(1)):02}:{first.group(2)}"
    end = f"{day.isoformat()} {int(second.group(1)):02}:{second.group(2)}"
    if end <= start:
        notes.add("times: it ends before it starts, so it is a draft", "set end:")
        return start, end, False
    return start, end, True


def _school_ids(config: SiteConfig) -> dict[str, str]:
    """{slug of a school's id or name: its id}, from content/schools/*.md."""
    folder = config.content_dir / "schools"
    found: dict[str, str] = {}
    for profile in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        text = profile.read_bytes().decode("utf-8", errors="replace")
        match = _FRONT_MATTER.match(text)
        try:
            data = yaml.safe_load(match.group(2)) if match else None
        except yaml.YAMLError:
            data = None
        own = data.get("name") if isinstance(data, dict) else None
        found[profile.stem] = profile.stem
        if isinstance(own, str) and slug_for(own):
            found.setdefault(slug_for(own), profile.stem)
    return found
