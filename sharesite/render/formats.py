"""What the files a site publishes for other schools' sites and tools have in common
(resources.json, network.json, expertise.json, events.json)."""

from __future__ import annotations

from typing import Any

from sharesite import __version__
from sharesite.site.model import Site


def header(site: Site, schema_path: str, version: int, **about: str) -> dict[str, Any]:
    """What every file sharesite publishes for other tools starts with: its schema, its
    version, the generator and the site (`about`: more of the site, like its timezone)."""
    # (a language's files under its folder point at the schemas at the site's root)
    schema = site.config.root_url + schema_path if site.config.root_url \
        else site.absolute(schema_path)
    return {"$schema": schema, "version": version,
            "generator": f"sharesite {__version__}",
            "site": {"title": site.title, "url": site.base_url,
                     "description": site.description, "language": site.language} | about}
