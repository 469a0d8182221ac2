"""Search: the built pages indexed with Pagefind, at build time, into /pagefind/.

Pagefind's Python API indexes HTML held in memory and hands back the index files, so the
index is one more list of outputs, written with the rest of the site. Only what templates
mark with `data-pagefind-body` is indexed (posts, resources, pages); facets come from
`data-pagefind-filter`. The browser loads the index in small chunks, as a query needs them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from sharesite.render import Output
from sharesite.site import Site

FOLDER = "pagefind/"
# Pagefind's own ready-made interfaces: the theme has its own, so these are not published.
_UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.",
           "pagefind-highlight.js", "playground/")


class SearchUnavailable(Exception):
    """Pagefind is not installed, or could not run."""


def index_site(site: Site, outputs: Iterable[Output]) -> list[Output]:
    pages = sorted((o for o in outputs if o.data is not None and o.path.endswith(".html")
                    and b"data-pagefind-body" in o.data), key=lambda o: o.path)
    try:
        from pagefind.index import IndexConfig
        from pagefind.service import PagefindService
    except ImportError as exc:
        raise SearchUnavailable(
            "search needs Pagefind: pip install 'pagefind[bin]', or turn search off with "
            "[search] enabled = false in site.toml") from exc
    language = site.language.split("-")[0].lower() or "en"

    async def run() -> list[tuple[str, bytes]]:
        # Not `async with PagefindIndex()`: leaving that block writes the whole index into
        # ./pagefind of the current folder. The service, used directly, writes nothing.
        service = await PagefindService().launch()
        try:
            index = await service.create_index(IndexConfig(force_language=language))
            for page in pages:
                assert page.data is not None
                await index.add_html_file(content=page.data.decode("utf-8"),
                                          url=site.href(page.path.removesuffix("index.html")))
            return [(str(f["path"]), f["content"]) for f in await index.get_files()]
        finally:
            await service.close()

    try:
        files = asyncio.run(run())
    except Exception as exc:
        raise SearchUnavailable(f"Pagefind could not index the site: {exc}") from exc
    return sorted((Output(FOLDER + path, data) for path, data in files
                   if not path.startswith(_UNUSED)), key=lambda o: o.path)
