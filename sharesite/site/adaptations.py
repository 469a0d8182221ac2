"""Credit across sites, found in the peers' last-good copies while the site is assembled
(no Webmention, nothing sent anywhere): which of the shown peers' resources adapt one of
this site's (their adapted_from points at it), whether its licence lets them, and this
site's credits of a peer's resource, told with the peer's own title, school and licence.

A peer's text is plain text and its licence is the peer's word: what this site cannot fix
is reported as a warning that never stops the build, not even with --strict
(`sharesite.errors.peer_warning`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from urllib.parse import unquote, urlsplit

from sharesite.content.document import Credit
from sharesite.errors import Diagnostic, Severity, peer_warning
from sharesite.licences import adaptation_problem, find_licence
from sharesite.site.model import Attribution, NetworkResource, Page


def address_key(url: str) -> str:
    """One address however it is written: http or https, any case of host, with or
    without its final "/" or "index.html", with no query or fragment. "" for what is not
    an http(s) address."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not host:
        return ""
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    path = unquote(parts.path)
    for end in ("index.html", "index.htm"):
        path = path.removesuffix(end) if path.endswith("/" + end) else path
    return host + "/" + path.strip("/")


def adapted_by_peers(base_url: str, resources: tuple[Page, ...],
                     network: tuple[NetworkResource, ...]
                     ) -> tuple[dict[str, tuple[NetworkResource, ...]], list[Diagnostic]]:
    """Each of this site's resources (by path) that shown peers' resources say they adapt,
    with those resources (newest first, each once); and a warning, at the resource's
    licence line, for each adaptation its licence does not allow."""
    ours = {address_key(base_url + page.path): page for page in resources}
    found: dict[str, list[NetworkResource]] = defaultdict(list)
    problems: list[Diagnostic] = []
    for resource in network:  # newest first
        for page in dict.fromkeys(ours[key] for key in (address_key(s.url)
                                                        for s in resource.adapted_from)
                                  if key in ours):
            found[page.path].append(resource)
            problems += _broken(page, resource)
    return {path: tuple(items) for path, items in sorted(found.items())}, problems


def _broken(page: Page, adaptation: NetworkResource) -> list[Diagnostic]:
    """Whether a peer's adaptation breaks this resource's licence: a warning for this
    site's log (the peer's site is theirs to change)."""
    source = page.licence
    if source is None:
        return []
    theirs = find_licence(adaptation.licence) or find_licence(adaptation.licence_name)
    shared = theirs.short if theirs else adaptation.licence_short or "no licence"
    where = (f"{adaptation.school} shares an adaptation of this resource, "
             f"“{adaptation.title}” ({adaptation.url}), under {shared}")
    hint = (f"let {adaptation.school} know; it is their page to change, so this never stops "
            "the build")
    line = page.line("licence") if "licence" in page.lines else page.line("license")
    if not source.open:
        return [peer_warning(page.document.path, line,
                             f"{where}: {source.short} needs your permission for that",
                             "if you gave it, all is well; otherwise " + hint)]
    problem = None
    if source.no_derivatives:
        problem = adaptation_problem(source, source)
    elif theirs is not None:
        problem = adaptation_problem(source, theirs)
    if problem is None:
        return []
    return [peer_warning(page.document.path, line, f"{where}: {problem[0]}", hint)]


def with_peer_sources(pages: list[Page], network: tuple[NetworkResource, ...],
                      problems: list[Diagnostic]) -> list[Page]:
    """The pages, each credit of a shown peer's resource (its adapted_from url is the
    resource's url or id) told with the peer's title, authors, school and licence, which
    then is the licence its check uses. Where the front matter gives another licence, a
    warning says so (in `problems`)."""
    if not network:
        return pages
    peers: dict[str, NetworkResource] = {}
    for resource in network:
        for url in (resource.id, resource.url):
            peers.setdefault(address_key(url), resource)
    peers.pop("", None)
    out = []
    for page in pages:
        credits = []
        for credit, written in zip(page.adapted_from, page.document.adapted_from,
                                   strict=True):
            source = peers.get(address_key(credit.url))
            if source is not None:
                credit = _from_peer(credit, source)
                problems += _disagreement(page, credit, written)
            credits.append(credit)
        out.append(replace(page, adapted_from=tuple(credits))
                   if tuple(credits) != page.adapted_from else page)
    return out


def _from_peer(credit: Attribution, source: NetworkResource) -> Attribution:
    licence = find_licence(source.licence) or find_licence(source.licence_name)
    names = source.authors
    author = (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else
              names[0] if names else credit.author)
    return Attribution(source.title, source.url, author, licence,
                       "" if licence else source.licence_short, source.school)


def _disagreement(page: Page, credit: Attribution, written: Credit) -> list[Diagnostic]:
    if not written.licence.strip():
        return []
    stated = find_licence(written.licence)
    if stated is not None and stated == credit.licence:
        return []
    if stated is None and credit.licence is None and \
            written.licence.strip().casefold() == credit.licence_text.casefold():
        return []
    theirs = credit.licence.short if credit.licence else credit.licence_text or "no licence"
    return [Diagnostic(page.document.path, written.line,
                       f"adapted_from: {credit.title!r} is {theirs} on {credit.school}'s "
                       f"site, not {written.licence}: its licence there is the one used",
                       f"write licence: {credit.licence.id}" if credit.licence else
                       "check the licence on its page", Severity.WARNING)]


def peer_checked(credit: Attribution, written: Credit,
                 found: list[Diagnostic]) -> list[Diagnostic]:
    """The licence check of a credit (`found`), as warnings that never stop the build
    where its licence is a peer's word and not the front matter's: a peer changing its
    licence must not fail this site's build."""
    if not credit.school or not found or \
            (credit.licence is not None and find_licence(written.licence) == credit.licence):
        return found
    return [replace(d, severity=Severity.WARNING, peer=True,
                    message=f"{d.message}, as {credit.school}'s site gives its licence")
            for d in found]
