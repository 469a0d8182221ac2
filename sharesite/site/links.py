"""Resolve the `sharesite:` link markers in rendered Markdown, and check where they lead.

Markers (made by `markdown.py`):
    sharesite:#frag            this page
    sharesite:/tags/#frag      a path from the site's root (the base path is added)
    sharesite:@posts/x.md#f    a file in content/, resolved through the URL table

On a site in several languages, the URL table of one language's pages also has the other
languages' items, as paths from the site's root ("/en/posts/trip/"): a link to the
English version of a post, from its Welsh one, leads there.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from sharesite.config import SiteConfig
from sharesite.content.document import link_line
from sharesite.content.markdown import MARK, START_TAG, LinkRef
from sharesite.errors import Diagnostic, error, warning

if TYPE_CHECKING:  # the model uses this module's quote_path and resolve
    from sharesite.site.model import Site

_MARKED = re.compile(r'\b(href|src|poster)="' + re.escape(MARK) + r'([^"]*)"')


def quote_path(path: str) -> str:
    """A site path as it goes in a URL: spaces, #, ? and non-ASCII percent-encoded."""
    return quote(path, safe="/-._~!$&'()*+,;=:@")


def file_address(config: SiteConfig, path: str, absolute: bool = False) -> str:
    """A site path as a link: under the base path (absolute: the base URL). On a site in
    several languages, a file the first language publishes for all (config.shared) is at
    the site's root."""
    shared = config.shared.get(path) if config.shared else None
    if shared is not None:
        root = config.root_url or config.base_url
        return (root if absolute else urlsplit(root).path) + quote_path(shared)
    return (config.base_url if absolute else config.base_path) + quote_path(path)


def target_path(target: str, urls: Mapping[str, str]) -> str | None:
    """The site path a link target leads to, or None when nothing is there.
    `target` is a LinkRef target: "@content/relative" or "/site/path". `urls` maps content
    files to site paths, and ("/" + site path) where an image's original would have been
    published to its largest copy."""
    if target.startswith("@"):
        rel = target[1:].rstrip("/")
        for candidate in (rel, rel + "/index.md"):
            if candidate in urls:
                return urls[candidate]
        return None
    path = target.lstrip("/")
    return urls.get("/" + path, path)  # an image's original: its largest processed copy


def resolve(text: str, urls: Mapping[str, str], config: SiteConfig, page_path: str,
            absolute: bool = False) -> str:
    """Replace every marker in `text` with a real URL: under the base path, or absolute."""
    prefix = config.base_url if absolute else config.base_path

    def replace(match: re.Match[str]) -> str:
        attr, value = match.group(1), html.unescape(match.group(2))
        rest, hash_, fragment = value.partition("#")
        if not rest:
            url = (prefix + page_path if absolute else "") + "#" + fragment
        else:
            path, question, query = rest.partition("?")
            path = unquote(path)
            found = target_path(path, urls)
            if found is None:  # broken: reported by check_links; keep it visibly broken
                found = path.lstrip("@/")
            if found.startswith("/"):  # another language's page: from the site's root
                root = config.root_url or config.base_url
                start = (root if absolute else urlsplit(root).path) + quote_path(found[1:])
            else:
                start = file_address(config, found, absolute) if config.shared \
                    else prefix + quote_path(found)
            url = start + question + query + hash_ + fragment
        return f'{attr}="{html.escape(url, quote=True)}"'

    return START_TAG.sub(lambda tag: _MARKED.sub(replace, tag.group(0)), text)


def broken(links: tuple[LinkRef, ...], urls: Mapping[str, str],
           outputs: set[str]) -> list[LinkRef]:
    """The links whose target is neither a content file nor an output file."""
    bad = []
    for link in links:
        path = target_path(link.target, urls)
        if path is None or not exists(path, outputs):
            bad.append(link)
    return bad


def exists(path: str, outputs: set[str]) -> bool:
    """Whether a site path (decoded, without query or fragment) is an output file."""
    if path == "" or path.endswith("/"):
        return path + "index.html" in outputs
    return path in outputs or path + "/index.html" in outputs


def check_links(site: Site, existing: set[str], as_errors: bool) -> list[Diagnostic]:
    """Links in content that lead to no page or file of the built site (`existing`: the
    output paths)."""
    report = error if as_errors else warning
    problems = []
    documents = [p.document for p in site.posts + site.resources + site.pages]
    documents += [a.document for a in site.authors if a.document]
    for doc in documents:
        for link in broken(doc.links, site.urls, existing):
            problems.append(report(doc.path, link_line(doc, link),
                                   f"the link to {link.text!r} leads nowhere",
                                   "check the file name, or remove the link"))
    return problems
