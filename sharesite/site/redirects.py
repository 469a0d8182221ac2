"""Old addresses on the built site: redirects.toml's lines checked against the site's own
addresses and followed to the page or feed they lead to, and the feed entry ids (`id:`)
that must stay one per item. Apart from assemble.py so that each stays small."""

from __future__ import annotations

from dataclasses import replace

from sharesite.config import SiteConfig
from sharesite.errors import Diagnostic, did_you_mean, error
from sharesite.redirects import REDIRECTS_FILE, RedirectEntry, output_file
from sharesite.site.links import quote_path
from sharesite.site.model import Page, Redirect
from sharesite.site.urls import Urls


def site_redirects(config: SiteConfig, aliases: list[tuple[str, Page]],
               owners: dict[str, list[str]], problems: list[Diagnostic]) -> list[Redirect]:
    """redirects.toml's old addresses, each checked against the site's own addresses
    (`owners`, every output) and claimed there. A redirect to an address that is itself
    redirected (by redirects.toml or an alias) is followed to its end: one hop for the
    reader, and an import need not know which of its addresses lead where."""
    given = config.redirects
    problems += given.problems
    if not given.entries:
        return []
    aliased = dict(aliases)  # output path → the page it leads to
    first: dict[str, RedirectEntry] = {}  # old address (without its slashes) → its line
    entries = []
    for entry in given.entries:
        key = entry.old.strip("/")
        if key in first:
            problems.append(error(REDIRECTS_FILE, entry.line,
                                  f"{entry.written!r} is the same old address as line "
                                  f"{first[key].line}", "keep one of the two lines"))
            continue
        first[key] = entry
        entries.append(entry)
    folders: set[str] | None = None  # every folder the site's outputs are in, when needed
    folded: dict[str, str] | None = None  # every output by its path in small letters
    mine: dict[str, RedirectEntry] = {}
    found: list[Redirect] = []
    for entry in entries:
        target = redirect_target(config, entry, first, aliased, owners, problems)
        if target is None:
            continue
        path = output_file(entry.old, target[1])
        shown = "/" + entry.old
        if path in mine:
            problems.append(error(REDIRECTS_FILE, entry.line,
                                  f"{entry.written!r} is the same old address as line "
                                  f"{mine[path].line}", "keep one of the two lines"))
            continue
        if path in owners:
            who = owners[path]
            alias = next((w for w in who if w.endswith(" (aliases)")), None)
            if alias is not None:
                problems.append(error(
                    REDIRECTS_FILE, entry.line, f"{shown} is also an alias of "
                    f"{alias.removesuffix(' (aliases)')}", "keep one of them: the alias, if "
                    "the old address was that page's, or this line"))
            else:
                problems.append(error(
                    REDIRECTS_FILE, entry.line, f"refuses a redirect over a real page: {shown} "
                    f"is {who[0]}", "remove the line: the old address already shows a page "
                    "of this site"))
            continue
        parents = path.split("/")[:-1]
        over = next((f for f in ("/".join(parents[:i]) for i in range(1, len(parents) + 1))
                     if f in owners), None)
        if over is None and not path.endswith("index.html"):
            if folders is None:
                folders = {"/".join(p.split("/")[:i]) for p in owners
                           for i in range(1, p.count("/") + 1)}
            over = path if path in folders else None
        if over is not None:
            problems.append(error(
                REDIRECTS_FILE, entry.line, f"{shown} cannot be written: /{over} is "
                f"{'a folder' if over == path else 'a file'} of this site "
                f"({owners[over][0] if over in owners else 'its pages'})",
                "remove the line, or redirect an address beside it"))
            continue
        if folded is None:
            folded = {p.casefold(): p for p in owners}
        same = folded.get(path.casefold())
        if same is not None and same not in mine:
            problems.append(error(
                REDIRECTS_FILE, entry.line, f"{shown} differs only in capital letters from "
                f"/{same.removesuffix('index.html')} ({owners[same][0]}): Windows and macOS "
                "keep them as one file", "remove the line"))
            continue
        redirect = Redirect(path, target[0], target[1])
        if same is not None and found[[r.path for r in found].index(same)] != \
                replace(redirect, path=same):
            problems.append(error(
                REDIRECTS_FILE, entry.line, f"{shown} differs only in capital letters from "
                f"/{mine[same].old}, which leads elsewhere (line {mine[same].line}): Windows "
                "and macOS keep them as one file", "lead both to the same page"))
            continue
        # Old addresses that differ only in capitals (Blogger's labels "Maths" and
        # "maths") and lead to one place are one file where case is not told apart:
        # the same bytes, whichever is written last.
        mine[path] = entry
        if same is None:
            owners[path].append(REDIRECTS_FILE)
            folded[path.casefold()] = path
        found.append(redirect)
    return found


def redirect_target(config: SiteConfig, entry: RedirectEntry, by_old: dict[str, RedirectEntry],
                     aliased: dict[str, Page], owners: dict[str, list[str]],
                     problems: list[Diagnostic]) -> tuple[str, bool] | None:
    """Where `entry` leads, followed through other redirects: (a site path, False) for a
    page, or (the feed's output path, True) for a feed; None (an error in `problems`) when
    it leads nowhere."""
    chain = [entry]
    target = entry.target
    while (next_entry := by_old.get(target.strip("/"))) is not None:
        if next_entry in chain:
            circle = " → ".join(["/" + e.old for e in chain] + ["/" + entry.old])
            problems.append(error(REDIRECTS_FILE, entry.line,
                                  f"these redirects go round in a circle: {circle}",
                                  "make one of them lead to a page of this site"))
            return None
        chain.append(next_entry)
        target = next_entry.target
    if any(target.startswith(lang.prefix) for lang in config.languages if lang.prefix):
        # another language's page: checked once its pages are known (languages.py)
        if is_feed(target):  # a feed reader would get a web page, which it cannot follow
            problems.append(error(REDIRECTS_FILE, entry.line,
                                  f"{entry.written!r} leads to /{target}, another language's "
                                  "feed: an old feed address can lead only to a feed of the "
                                  "first language", "lead it to /feed.xml or another feed "
                                  "of the first language, or remove the line"))
            return None
        return target, False
    candidates = [target] if target == "" or target.endswith("/") else [target, target + "/"]
    for candidate in candidates:
        path = Urls.file(candidate)
        if path in aliased:  # another page's old address: its page
            return aliased[path].path, False
        who = owners.get(path)
        if not who or who == [REDIRECTS_FILE]:
            continue
        if is_feed(path) and not who[0].startswith("content/"):
            return path, True
        return path.removesuffix("index.html") if path.endswith("index.html") else path, False
    base = config.base_path
    hint = ""
    if base != "/" and ("/" + target).startswith(base):
        hint = f"leave out the base path {base}: write /{target[len(base) - 1:]}"
    if not hint:
        top = target.split("/", 1)[0]
        hint = did_you_mean("/" + target, ("/" + p.removesuffix("index.html") for p in owners
                                           if p.split("/", 1)[0] == top
                                           and p.endswith(("index.html", ".xml", ".json"))))
    problems.append(error(REDIRECTS_FILE, entry.line,
                          f"{entry.written!r} leads to /{target}, which is not a page or feed "
                          "of this site", hint or "lead it to a page or feed that exists, "
                          "like /tags/maths/ or /feed.xml, or remove the line"))
    return None


def is_feed(path: str) -> bool:
    """Is the output `path` one of the site's feeds (Atom, RSS, JSON Feed)?"""
    return path in (Urls.feed, Urls.rss, Urls.json_feed) or path.endswith("/feed.xml")


def entry_id_problems(config: SiteConfig, pages: list[Page]) -> list[Diagnostic]:
    """Two items with one feed entry id (an imported `id:`, or the address that is every
    other item's id): a feed reader would show only one of them."""
    problems: list[Diagnostic] = []
    given = [p for p in pages if p.document.entry_id]
    if not given:
        return problems
    ids: dict[str, Page] = {config.base_url + quote_path(p.path): p for p in pages
                            if not p.document.entry_id}
    for page in sorted(given, key=lambda p: p.document.path):
        entry_id = page.document.entry_id
        other = ids.get(entry_id)
        if other is not None:
            problems.append(error(
                page.document.path, page.document.line("id"),
                f"id: {entry_id!r} is also the id of {other.document.path}",
                "each item needs its own id: feed readers show only one item of an id"))
        else:
            ids[entry_id] = page
    return problems
