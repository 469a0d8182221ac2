"""The GitHub Issue Forms that let a teacher contribute without git ("Share a resource",
"Write a post", "Offer your expertise", "We are looking for…", "Add an event", in
.github/ISSUE_TEMPLATE/),
made from site.toml's vocabulary and licence by `sharesite forms`; and reading back the text
GitHub makes of a submitted form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from sharesite.config import PHASES, SiteConfig
from sharesite.licences import LICENCES, Licence

FORMS_DIR = ".github/ISSUE_TEMPLATE"
RESOURCE_FORM = "share-a-resource.yml"
POST_FORM = "write-a-post.yml"
RESOURCE_LABEL = "resource-submission"
POST_LABEL = "post-submission"
OFFER_FORM = "offer-your-expertise.yml"
REQUEST_FORM = "we-are-looking-for.yml"
OFFER_LABEL = "expertise-offer"
REQUEST_LABEL = "expertise-request"
EVENT_FORM = "add-an-event.yml"
EVENT_LABEL = "event-submission"
NO_RESPONSE = "_No response_"


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
OFFER_FIELDS = (
    Field("school", "Your school", "input"),
    Field("kind", "Kind of offer", "dropdown"),
    Field("areas", "Areas", "dropdown"),
    Field("other_areas", "Other areas", "input"),
    Field("format", "In person or online", "dropdown"),
    Field("when", "When, and how many", "input"),
    Field("note", "What you offer", "textarea"),
    Field("mailbox", "A role mailbox for this offer", "input"),
    Field("consent", "Permission", "checkboxes"),
)
REQUEST_FIELDS = (
    Field("school", "Your school", "input"),
    Field("kind", "Kind of help", "dropdown"),
    Field("areas", "Areas", "dropdown"),
    Field("other_areas", "Other areas", "input"),
    Field("format", "In person or online", "dropdown"),
    Field("note", "What you are looking for", "textarea"),
    Field("consent", "Permission", "checkboxes"),
)
EVENT_FIELDS = (
    Field("summary", "Summary", "input"),
    Field("date", "Date", "input"),
    Field("start_time", "Starts at", "input"),
    Field("end_time", "Ends at", "input"),
    Field("end_date", "Last day", "input"),
    Field("location", "Where", "input"),
    Field("online_url", "Online meeting link", "input"),
    Field("phases", "Phases", "dropdown"),
    Field("subjects", "Subjects", "dropdown"),
    Field("levels", "Levels", "dropdown"),
    Field("areas", "Areas", "dropdown"),
    Field("booking", "How to book", "input"),
    Field("capacity", "Places", "input"),
    Field("cost", "Cost", "input"),
    Field("school", "Organising school", "input"),
    Field("author", "Your name", "input"),
    Field("tags", "Tags", "input"),
    Field("body", "About the event", "textarea"),
    Field("consent", "Permission", "checkboxes"),
)
EVENT_CONSENT = (
    "I may publish this event on behalf of its organisers.",
    "It names no pupil, and no one's own e-mail address or phone number.",
)
# The same three as content/document.py's OFFER_FORMATS, in the order the dropdown offers them.
OFFER_FORMATS = ("either", "in-person", "online")
# Said on both expertise forms and on the directory's pages: sharesite arranges nothing.
ARRANGES_NOTHING = ("Visits are arranged school to school under each school's own visitor and "
                    "safeguarding procedures; this site arranges nothing.")
OFFER_CONSENT = (
    "I may offer this on behalf of my school.",
    "It names no pupil and gives no visit dates, and no one's own e-mail address or phone "
    "number.",
)
REQUEST_CONSENT = (
    "I may ask for this on behalf of my school.",
    "It names no pupil and gives no visit dates, and no one's own e-mail address or phone "
    "number.",
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


def _expertise_elements(config: SiteConfig, fields: tuple[Field, ...], intro: str,
                        what: str) -> list[dict[str, Any]]:
    """The body shared by "Offer your expertise" and "We are looking for…"; `what` is how
    the form names its entry ("offer" or "request")."""
    f = {spec.id: spec for spec in fields}
    consent = OFFER_CONSENT if what == "offer" else REQUEST_CONSENT
    body: list[dict[str, Any]] = [
        _markdown(
            intro + " When you submit it, a pull request adds it to your school's profile "
            "(content/schools/) for the site's maintainers to check and publish. A link to it "
            "appears here in a comment.\n\n"
            "**This issue is public**, and so is the directory: please write no pupil's name "
            "or details, no visit dates, and no one's own e-mail address or phone number. "
            "People get in touch through your school's own contact route (its enquiry form, "
            "contact page, office or a role mailbox), as your school's profile gives it. "
            "The title of this issue is not published.\n\n" + ARRANGES_NOTHING),
        _element(f["school"], {
            "description": "As your school's profile on this site names it.",
            "placeholder": "St Aidan's CE Primary School"}, required=True),
        _element(f["kind"], {"options": _unique(config.offer_kinds)}, required=True),
        _element(f["areas"], {"description": "Choose one or more, or write others below.",
                              "multiple": True, "options": _unique(config.areas)},
                 required=False),
        _element(f["other_areas"], {"description": "Areas not in the list, separated by "
                                                   "commas.",
                                    "placeholder": "Year 2 handwriting"}, required=False),
        _element(f["format"], {"options": list(OFFER_FORMATS)}, required=True),
    ]
    if "when" in f:
        body.append(_element(f["when"], {
            "description": "How often, or how many schools or people you can take.",
            "placeholder": "On request, Tuesday mornings in term time"}, required=False))
    body.append(_element(f["note"], {
        "description": "A few sentences: what happens, and who it is for." if what == "offer"
        else "A few sentences: what would help, and who it is for."}, required=True))
    if "mailbox" in f:
        body.append(_element(f["mailbox"], {
            "description": "Optional: a school address for this offer only, like cpd@ or "
                           "reading@, never a person's own. Leave it empty to use your "
                           "school's contact route.",
            "placeholder": "reading@your-school.sch.uk"}, required=False))
    body.append(_element(f["consent"], {"options": [{"label": text, "required": True}
                                                    for text in consent]}, required=True))
    return body


def offer_form(config: SiteConfig) -> dict[str, Any]:
    """The "Offer your expertise" issue form: kinds and areas from site.toml's vocabulary."""
    body = _expertise_elements(
        config, OFFER_FIELDS,
        f"Tell other schools what yours can offer through {config.title}: a visit, "
        "mentoring, CPD, a look over a plan.", "offer")
    return {"name": "Offer your expertise",
            "description": "Add something your school offers other schools to its profile, "
                           "without using git.",
            "title": "Offer: ", "labels": [OFFER_LABEL], "body": body}


def request_form(config: SiteConfig) -> dict[str, Any]:
    """The "We are looking for…" issue form: what a school would like help with."""
    body = _expertise_elements(
        config, REQUEST_FIELDS,
        f"Tell other schools in {config.title} what yours is looking for, so that one of them "
        "can answer.", "request")
    return {"name": "We are looking for…",
            "description": "Ask other schools for help (mentoring, a visit, a second pair of "
                           "eyes) on your school's profile, without using git.",
            "title": "Looking for: ", "labels": [REQUEST_LABEL], "body": body}


def event_form(config: SiteConfig) -> dict[str, Any]:
    """The "Add an event" issue form: who it is for from site.toml's vocabulary (and the
    phases sharesite knows), so a submission needs no one to retype it."""
    f = {spec.id: spec for spec in EVENT_FIELDS}
    body: list[dict[str, Any]] = [
        _markdown(
            f"Add a CPD session, an open classroom, a teachmeet or a moderation meeting to "
            f"{config.title}'s calendar. When you submit it, a pull request adds it "
            "(content/events/) for the site's maintainers to check and publish; teachers who "
            "subscribe to the calendar then see it in Outlook, Google Calendar or Apple "
            "Calendar. A link to it appears here in a comment.\n\n"
            "**The title of this issue becomes the title of the event.** This issue is "
            "public: please write no pupil's name and no one's own e-mail address or phone "
            "number. A series (every six weeks, say) is added by a maintainer: say so "
            "below.\n\n" + ARRANGES_NOTHING),
        _element(f["summary"], {"description": "One line for the calendar.",
                                "placeholder": "Watch a Year 1 phonics lesson, then talk to "
                                               "the reading lead."}, required=True),
        _element(f["date"], {"description": "The day it is (or starts), as YYYY-MM-DD.",
                             "placeholder": "2027-03-10"}, required=True),
        _element(f["start_time"], {"description": f"24-hour time, as HH:MM ({config.timezone} "
                                                  "time). Leave it empty for an all-day "
                                                  "event.",
                                   "placeholder": "09:00"}, required=False),
        _element(f["end_time"], {"description": "24-hour time, as HH:MM (needed with a "
                                                "start time).", "placeholder": "11:30"},
                 required=False),
        _element(f["end_date"], {"description": "Only for an all-day event over several "
                                               "days: its last day, as YYYY-MM-DD.",
                                 "placeholder": "2027-03-11"}, required=False),
        _element(f["location"], {"description": "A school on this site (its name), an "
                                               "address, or \"online\".",
                                 "placeholder": "St Aidan's CE Primary School"},
                 required=True),
        _element(f["online_url"], {"description": "Only for an online event: the meeting's "
                                                 "link (shown on the event's page only).",
                                   "placeholder": "https://"}, required=False),
        _element(f["phases"], {"description": "Who it is for. Choose any.", "multiple": True,
                               "options": list(PHASES)}, required=False),
        _element(f["subjects"], {"multiple": True, "options": _unique(config.subjects)},
                 required=False),
        _element(f["levels"], {"multiple": True, "options": _unique(config.levels)},
                 required=False),
        _element(f["areas"], {"multiple": True, "options": _unique(config.areas)},
                 required=False),
        _element(f["booking"], {"description": "A booking form's web address, a school role "
                                              "mailbox (like cpd@), or \"just come\".",
                                "placeholder": "https://"}, required=True),
        _element(f["capacity"], {"description": "Optional: how many places, as a number.",
                                 "placeholder": "12"}, required=False),
        _element(f["cost"], {"description": "Optional: free if left empty.",
                             "placeholder": "free"}, required=False),
        _element(f["school"], {"description": "Optional: as its profile on this site names "
                                             "it.",
                               "placeholder": "Northfield Academy"}, required=False),
        _element(f["author"], {"description": "As it should appear on the site.",
                               "placeholder": "Ms Okafor"}, required=True),
        _element(f["tags"], {"description": "Words to find it by, separated by commas.",
                             "placeholder": "phonics, open classroom"}, required=False),
        _element(f["body"], {"description": "What happens, who it is for, what to bring. You "
                                            "can use Markdown."}, required=True),
        _element(f["consent"], {"options": [{"label": text, "required": True}
                                            for text in EVENT_CONSENT]}, required=True),
    ]
    return {"name": "Add an event",
            "description": "Put a CPD session, open classroom or teachmeet in every "
                           "teacher's calendar, without using git.",
            "labels": [EVENT_LABEL], "body": body}


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
    """{path from the site folder: text} for every issue form."""
    return {f"{FORMS_DIR}/{RESOURCE_FORM}": render_form(resource_form(config)),
            f"{FORMS_DIR}/{POST_FORM}": render_form(post_form(config)),
            f"{FORMS_DIR}/{OFFER_FORM}": render_form(offer_form(config)),
            f"{FORMS_DIR}/{REQUEST_FORM}": render_form(request_form(config)),
            f"{FORMS_DIR}/{EVENT_FORM}": render_form(event_form(config))}


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
    by_label = {label_key(spec.label): spec.id for spec in specs}
    headings: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        heading = re.fullmatch(r"###[ \t]+(.+?)[ \t#]*", line)
        key = by_label.get(label_key(heading.group(1))) if heading else None
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


def label_key(label: str) -> str:
    """A label as labels are compared: white space runs as one space, case folded."""
    return " ".join(label.split()).casefold()


def checked(value: str) -> list[str]:
    """The ticked boxes of a checkboxes field (`- [X] label`)."""
    return [m.group(1).strip() for m in re.finditer(r"^\s*[-*] \[[xX]\] (.*)$", value, re.M)]
