"""The licences a resource may carry: SPDX id, name, deed URL and a plain-English meaning."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    id: str
    name: str
    short: str
    url: str
    meaning: str
    share_alike: bool = False
    non_commercial: bool = False
    no_derivatives: bool = False
    open: bool = True


_CC = "https://creativecommons.org/licenses"

LICENCES: dict[str, Licence] = {
    lic.id: lic
    for lic in (
        Licence(
            "CC-BY-4.0", "Creative Commons Attribution 4.0", "CC BY 4.0", f"{_CC}/by/4.0/",
            "Share and adapt it for any purpose, as long as you credit the author.",
        ),
        Licence(
            "CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0", "CC BY-SA 4.0",
            f"{_CC}/by-sa/4.0/",
            "Share and adapt it, crediting the author; share your adaptations under the same "
            "licence.",
            share_alike=True,
        ),
        Licence(
            "CC-BY-NC-4.0", "Creative Commons Attribution-NonCommercial 4.0", "CC BY-NC 4.0",
            f"{_CC}/by-nc/4.0/",
            "Share and adapt it, crediting the author, but not for commercial purposes.",
            non_commercial=True,
        ),
        Licence(
            "CC-BY-NC-SA-4.0", "Creative Commons Attribution-NonCommercial-ShareAlike 4.0",
            "CC BY-NC-SA 4.0", f"{_CC}/by-nc-sa/4.0/",
            "Share and adapt it, crediting the author, not for commercial purposes, and under "
            "the same licence.",
            share_alike=True, non_commercial=True,
        ),
        Licence(
            "CC-BY-ND-4.0", "Creative Commons Attribution-NoDerivatives 4.0", "CC BY-ND 4.0",
            f"{_CC}/by-nd/4.0/",
            "Share it unchanged, crediting the author; adapted versions may not be shared.",
            no_derivatives=True,
        ),
        Licence(
            "CC-BY-NC-ND-4.0", "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0",
            "CC BY-NC-ND 4.0", f"{_CC}/by-nc-nd/4.0/",
            "Share it unchanged, crediting the author, not for commercial purposes; adapted "
            "versions may not be shared.",
            non_commercial=True, no_derivatives=True,
        ),
        Licence(
            "CC0-1.0", "Creative Commons Zero 1.0 (public domain)", "CC0 1.0",
            "https://creativecommons.org/publicdomain/zero/1.0/",
            "No rights reserved: use it in any way, no credit needed (though it is kind).",
        ),
        Licence(
            "OGL-UK-3.0", "Open Government Licence v3.0", "OGL v3.0",
            "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            "Share and adapt it for any purpose, acknowledging the source.",
        ),
        Licence(
            "all-rights-reserved", "All rights reserved", "All rights reserved", "",
            "Use it in your own classroom; ask the author before sharing or adapting it.",
            open=False,
        ),
    )
}


def _normal(text: str) -> str:
    return re.sub(r"[\s_-]+", "-", text.strip().upper())


_BY_SPELLING = {_normal(spelling): lic for lic in LICENCES.values()
                for spelling in (lic.id, lic.short, lic.name)}
_BY_SPELLING.update({"CC0": LICENCES["CC0-1.0"], "OGL-3.0": LICENCES["OGL-UK-3.0"],
                     "OGL": LICENCES["OGL-UK-3.0"]})


def find_licence(text: str) -> Licence | None:
    """The licence named by an SPDX id or as people write it: "CC BY-NC 4.0", "cc-by-4.0",
    "OGL v3.0". None when it is none of them."""
    return _BY_SPELLING.get(_normal(text)) if text.strip() else None


def adaptation_problem(source: Licence, ours: Licence) -> tuple[str, str] | None:
    """Why a work under `source` may not be adapted and shared under `ours`, as
    (the Creative Commons rule in plain English, how to fix it); None when it may."""
    if source.no_derivatives:
        return (f"{source.short} is a NoDerivatives licence: it lets you share the work "
                "unchanged, but not share an adapted version",
                "link to the original instead, or ask its author for permission to adapt it")
    if source.share_alike and ours.id != source.id:
        return (f"{source.short} is a ShareAlike licence: an adaptation must be shared under "
                f"the same licence, so this resource must be {source.short} too",
                f"set licence: {source.id}")
    if source.non_commercial and not ours.non_commercial and ours.open:
        return (f"{source.short} is a NonCommercial licence: an adaptation may not be offered "
                f"for commercial use, and {ours.short} allows it",
                "use a NonCommercial licence, like CC-BY-NC-4.0 or CC-BY-NC-SA-4.0")
    return None
