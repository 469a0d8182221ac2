"""`sharesite from-issue`: an issue made with one of the issue forms, turned into a post or
resource (and a profile for a new author) with its front matter filled in.

Everything in a submitted issue is untrusted. It reaches the site only as quoted front-matter
strings (JSON strings, which YAML reads as the same text) and as a Markdown body that the
build sanitises like any contributor's; only a slug made by `slug_for` chooses a path.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sharesite.authoring.files import (
    author_profile,
    clean_text,
    free_slug,
    front_matter,
    write_new_file,
)
from sharesite.authoring.issue_forms import (
    LICENCE_OPTIONS,
    POST_CONSENT,
    POST_FIELDS,
    POST_LABEL,
    RESOURCE_CONSENT,
    RESOURCE_FIELDS,
    RESOURCE_LABEL,
    checked,
    label_key,
    parse_form_body,
)
from sharesite.config import SiteConfig
from sharesite.errors import Diagnostic, did_you_mean, one_of, warning
from sharesite.licences import LICENCES, Licence, adaptation_problem, find_licence
from sharesite.site.urls import slug_for

# Longest text kept from a one-line field; longer text is cut (and reported).
_LIMITS = {"title": 200, "summary": 500, "name": 100, "tag": 60, "duration": 40,
           "url": 2000, "adapted": 300}
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
    """Write the files; never overwrites (exclusive create). Returns the paths written."""
    written = []
    for rel, text in submission.files.items():
        write_new_file(config.root / rel, text)
        written.append(rel)
    return written


def load_event(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotASubmission(f"{path.name} is not a JSON event payload ({exc})") from None
