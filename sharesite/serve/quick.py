"""The edited page first: while `serve` rebuilds, the page of an edited post is written at
once, so the teacher sees it before the rest of the site is brought up to date.

Only for edits that change nothing but a page's own text (its title, date, tags, authors,
slug and the rest of its front matter are as they were): then the last build's site is
still the right site, and the page made in it is the page the rebuild makes. The rebuild
follows straight after and writes anything else (it writes this page again only if, after
all, its bytes differ), so the quick page is never the last word.
"""

from __future__ import annotations

from dataclasses import fields, replace

from sharesite.cache import BuildCache
from sharesite.content.document import Document
from sharesite.content.loader import DocumentLoader
from sharesite.digest import content_digest, never
from sharesite.publish.output import write_file
from sharesite.render.engine import render_page
from sharesite.render.renderer import TemplateFailure
from sharesite.site.urls import Urls

# What only the page itself shows: a change to anything else changes other pages.
_OWN = {"body_html", "words", "summary", "links", "lines", "digest"}


def _shape(document: Document) -> tuple[object, ...]:
    return tuple(getattr(document, f.name) for f in fields(document) if f.name not in _OWN)


def quick_pages(cache: BuildCache, edited: frozenset[str]) -> list[str]:
    """Write the pages of the edited content files (content-relative) if every edit is
    to a page's own text; returns the output paths written (none if it cannot tell)."""
    site, theme = cache.site, cache.theme[1] if cache.theme else None
    if site is None or theme is None or not edited:
        return []
    pages = {p.document.source.path: p for p in site.posts + site.resources + site.pages}
    content = site.config.content_dir
    if not edited <= pages.keys() or not all((content / p).is_file() for p in edited):
        return []  # a new file, a deleted one, an author, a picture: the rebuild decides
    loader = DocumentLoader(site.config, cache.store(), edited)
    fresh = []
    for path in sorted(edited):
        page = pages[path]
        document, problems = loader.load(page.document.source)
        if document is None or any(p.is_error for p in problems) or \
                _shape(document) != _shape(page.document):
            return []
        fresh.append(replace(page, document=document))
    written: list[str] = []
    for page in fresh:
        target = Urls.file(page.path)
        try:
            data = render_page(site, theme, page)
        except TemplateFailure:  # the rebuild reports it, with its file and line
            return written
        write_file(site.config.output_dir / target, data)
        record = cache.outputs.get(target)
        if record is not None:  # so the rebuild does not write the same bytes again, and
            # never keeps them: the output is no longer what the record's key made
            cache.outputs[target] = replace(record, key=never(), data=content_digest(data))
        written.append(target)
    return written
