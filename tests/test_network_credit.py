"""Credit across sites, and the network in the site's own search: "Adapted by" lists the
peers' resources that adapt one of ours; an adaptation that breaks our licence is a warning
in our build log that never stops it (not even with --strict); our credit of a peer's
resource tells the peer's title, school and licence, and is checked against that licence;
the search index holds a record for each shown peer resource, pointing at the peer's page.

Peers' copies are saved into the cache as `sharesite network fetch` keeps them
(test_network_pages.save): the build never reaches the network.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import re
from pathlib import Path
from typing import Any

from support import (
    BASE_URL,
    DEFAULT_CONFIG,
    build,
    contents,
    make_site,
    out,
    parse,
    read,
    run,
    unsafe,
)
from test_network_pages import ELM, NOW, OAK, PEERS, make, plain, resource, save

from sharesite.build import BuildOptions
from sharesite.build import build as build_site
from sharesite.render.search import PEER_URL

CLOCK = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)  # for builds by the command line


def local(slug: str, licence: str, **more: str) -> str:
    """A resource of this site, its licence on line 4."""
    extra = "".join(f"{key}: {value}\n" for key, value in more.items())
    return (f"---\ntitle: {slug.title()} mats\ndate: 2026-01-0{len(slug) % 9 + 1}\n"
            f"licence: {licence}\n{extra}---\nBody of {slug}.\n")


def adapting(slug: str, title: str, licence: str, *urls: str) -> dict[str, Any]:
    """A peer's resource that says it adapts `urls`, under `licence`."""
    return resource(OAK, slug, title, "2026-03-01", authors=[{"name": "Ms Oak"}],
                    licence={"id": licence, "name": licence, "url": None},
                    adapted_from=[{"title": f"Source {n}", "url": url}
                                  for n, url in enumerate(urls)])


def adapted_by(site: Path, slug: str) -> list[str]:
    """The "Adapted by others" list of a resource's page, one line an item, as text."""
    page = read(site, f"resources/{slug}/index.html")
    found = re.search(r'<section class="adapted-by".*?</section>', page, re.S)
    if found is None:
        return []
    return [html.unescape(plain(item))
            for item in re.findall(r"<li[^>]*>.*?</li>", found.group(0), re.S)]


def test_adapted_by_lists_exactly_the_peers_adaptations(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/resources/free/index.md": local("free", "CC-BY-4.0"),
                                "content/resources/share/index.md":
                                    local("share", "CC-BY-SA-4.0")}, PEERS)
    free = f"{BASE_URL}resources/free/"
    save(site, OAK, "Oakfield Primary", [
        adapting("one", "Free, as it is", "CC-BY-4.0", free),
        # the same address written otherwise: http, index.html, no final slash, host in capitals
        adapting("two", "Free, by http", "CC-BY-4.0",
                 "http://example.github.io/sub/resources/free/index.html"),
        adapting("three", "Free, shouting", "CC-BY-NC-4.0",
                 "https://EXAMPLE.github.io/sub/resources/free"),
        # not ours: a longer slug, the library, another site, nothing
        adapting("four", "Not free", "CC-BY-4.0", f"{BASE_URL}resources/free-2/",
                 f"{BASE_URL}resources/", "https://example.org/sub/resources/free/"),
        adapting("five", "Adapts nothing", "CC-BY-4.0"),
        adapting("six", "Shared alike", "CC-BY-SA-4.0", f"{BASE_URL}resources/share/",
                 f"{BASE_URL}resources/share/index.html"),  # twice: listed once
    ])
    # a dormant peer's adaptation is not shown
    save(site, ELM, "Elm Academy", [resource(ELM, "e", "Elm's free", "2026-02-01",
                                             adapted_from=[{"title": "F", "url": free}])],
         fetched=NOW - dt.timedelta(days=45))
    result = make(site)
    assert sorted(adapted_by(site, "free")) == [
        "Free, as it is, from Oakfield Primary (CC BY 4.0)",
        "Free, by http, from Oakfield Primary (CC BY 4.0)",
        "Free, shouting, from Oakfield Primary (CC BY-NC 4.0)"]
    links = {a.get("href") for a in parse(read(site, "resources/free/index.html")).find("a")}
    assert {f"{OAK}resources/{s}/" for s in ("one", "two", "three")} <= links
    assert f"{OAK}resources/four/" not in links
    assert adapted_by(site, "share") == ["Shared alike, from Oakfield Primary (CC BY-SA 4.0)"]
    assert not [d for d in result.diagnostics if "adaptation" in d.message]


def test_hostile_adaptations_are_text(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/resources/free/index.md": local("free", "CC-BY-4.0")},
                     PEERS)
    save(site, OAK, "<script>alert(1)</script>", [
        adapting("x", "<img src=x onerror=alert(1)>", "<b>CC</b>", f"{BASE_URL}resources/free/")])
    make(site)
    page = read(site, "resources/free/index.html")
    assert "<img src=x" not in page and "<script>alert" not in page
    assert unsafe(page) == []
    assert adapted_by(site, "free") == ["<img src=x onerror=alert(1)>, from "
                                        "<script>alert(1)</script> (<b>CC</b>)"]


ND_LINE = 4


def test_an_adaptation_breaking_our_licence_warns_and_never_blocks(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/resources/nd/index.md": local("nd", "CC-BY-ND-4.0"),
        "content/resources/sa/index.md": local("sa", "CC-BY-SA-4.0"),
        "content/resources/nc/index.md": local("nc", "CC-BY-NC-4.0"),
        "content/resources/arr/index.md": local("arr", "all-rights-reserved"),
        "content/resources/by/index.md": local("by", "CC-BY-4.0")}, PEERS)
    ours = f"{BASE_URL}resources/"
    save(site, OAK, "Oakfield Primary", [
        adapting("a", "ND adapted", "CC-BY-ND-4.0", ours + "nd/"),
        adapting("b", "SA as BY", "CC-BY-4.0", ours + "sa/"),
        adapting("c", "SA as SA", "CC-BY-SA-4.0", ours + "sa/"),
        adapting("d", "NC as BY", "CC-BY-4.0", ours + "nc/"),
        adapting("e", "NC as NC-SA", "CC-BY-NC-SA-4.0", ours + "nc/"),
        adapting("f", "NC as all rights reserved", "all-rights-reserved", ours + "nc/"),
        adapting("g", "BY as anything", "CC-BY-NC-ND-4.0", ours + "by/"),
        adapting("h", "Ours, no permission", "CC-BY-4.0", ours + "arr/"),
    ], fetched=CLOCK)
    result = build(site, "--strict")  # exits 0: asserted by support.build
    warnings = sorted(line for line in result.lines if line.startswith("content/"))
    assert warnings == [
        f"content/resources/arr/index.md:{ND_LINE}: warning: Oakfield Primary shares an "
        f"adaptation of this resource, “Ours, no permission” ({OAK}resources/h/), under CC BY "
        "4.0: All rights reserved needs your permission for that (if you gave it, all is "
        "well; otherwise let Oakfield Primary know; it is their page to change, so this never "
        "stops the build)",
        f"content/resources/nc/index.md:{ND_LINE}: warning: Oakfield Primary shares an "
        f"adaptation of this resource, “NC as BY” ({OAK}resources/d/), under CC BY 4.0: CC "
        "BY-NC 4.0 is a NonCommercial licence: an adaptation may not be offered for "
        "commercial use, and CC BY 4.0 allows it (let Oakfield Primary know; it is their page "
        "to change, so this never stops the build)",
        f"content/resources/nd/index.md:{ND_LINE}: warning: Oakfield Primary shares an "
        f"adaptation of this resource, “ND adapted” ({OAK}resources/a/), under CC BY-ND 4.0: "
        "CC BY-ND 4.0 is a NoDerivatives licence: it lets you share the work unchanged, but "
        "not share an adapted version (let Oakfield Primary know; it is their page to change, "
        "so this never stops the build)",
        f"content/resources/sa/index.md:{ND_LINE}: warning: Oakfield Primary shares an "
        f"adaptation of this resource, “SA as BY” ({OAK}resources/b/), under CC BY 4.0: CC "
        "BY-SA 4.0 is a ShareAlike licence: an adaptation must be shared under the same "
        "licence, so this resource must be CC BY-SA 4.0 too (let Oakfield Primary know; it is "
        "their page to change, so this never stops the build)"]
    assert (out(site) / "resources/nd/index.html").is_file()
    # …and as GitHub annotations at the file and line
    github = run(site, "check", "--format", "github")
    assert github.exit_code == 0, github.stdout + github.stderr
    assert f"::warning file=content/resources/nd/index.md,line={ND_LINE}," in github.stdout
    # a warning of our own still fails --strict: only the peers' are kept out
    (site / "content/resources/by/index.md").write_text(local("by", "CC-BY-4.0",
                                                              subjects="[basket weaving]"))
    assert build(site, "--strict", ok=False).exit_code == 1


def test_our_credit_of_a_peers_resource_tells_the_peers_data(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/resources/ours/index.md": """\
        ---
        title: Our clocks
        date: 2026-03-05
        licence: CC-BY-SA-4.0
        adapted_from:
          - title: Some clocks thing
            url: https://oakfield.example/site/id/clocks
            author: Somebody
            licence: CC-BY-4.0
          - title: Their mats
            url: http://oakfield.example/site/resources/mats/index.html
        ---
        Adapted.
        """}, PEERS)
    save(site, OAK, "Oakfield Primary", [
        resource(OAK, "clocks", "Telling the time", "2026-03-01", id=f"{OAK}id/clocks",
                 authors=[{"name": "Ms Oak"}, {"name": "Mr Ash"}],
                 licence={"id": "CC-BY-SA-4.0", "name": "CC BY-SA 4.0", "url": None}),
        resource(OAK, "mats", "Fraction mats", "2026-02-01",
                 licence={"id": "CC-BY-4.0", "name": "CC BY 4.0", "url": None})])
    result = make(site)
    page = read(site, "resources/ours/index.html")
    credits = re.search(r'<section class="credits".*?</section>', page, re.S)
    assert credits is not None
    assert plain(credits.group(0)).removeprefix("Credits ") == (
        "Adapted from Telling the time by Ms Oak and Mr Ash, from Oakfield Primary, "
        "CC BY-SA 4.0. Adapted from Fraction mats, from Oakfield Primary, CC BY 4.0.")
    links = {a.get("href") for a in parse(credits.group(0)).find("a")}
    assert f"{OAK}resources/clocks/" in links and f"{OAK}resources/mats/" in links
    based = next(d for d in parse(page).jsonld() if d.get("@type") == "LearningResource")
    assert based["isBasedOn"][0]["name"] == "Telling the time"
    assert based["isBasedOn"][0]["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert based["isBasedOn"][0]["publisher"] == {"@type": "Organization",
                                                  "name": "Oakfield Primary"}
    assert based["isBasedOn"][0]["url"] == f"{OAK}resources/clocks/"
    # the front matter said CC BY for it: the peer's word is used, and the teacher told
    assert [str(d) for d in result.diagnostics] == [
        "content/resources/ours/index.md:6: warning: adapted_from: 'Telling the time' is "
        "CC BY-SA 4.0 on Oakfield Primary's site, not CC-BY-4.0: its licence there is the "
        "one used (write licence: CC-BY-SA-4.0)"]
    catalogue = json.loads(read(site, "resources.json"))
    (ours,) = [r for r in catalogue["resources"] if r["url"].endswith("/ours/")]
    assert ours["adapted_from"][0]["title"] == "Telling the time"


SA_CREDIT = ("---\ntitle: Our clocks\ndate: 2026-03-05\nlicence: CC-BY-4.0\nadapted_from:\n"
             "  - title: Clocks\n    url: https://oakfield.example/site/resources/clocks/\n"
             "{licence}---\nAdapted.\n")


def test_the_peers_licence_is_checked_and_never_blocks(tmp_path: Path) -> None:
    """Ours is CC BY; the peer's resource is CC BY-SA, so ours must be CC BY-SA too. Told
    by the peer, that is a warning (a peer changing its licence must not stop our build);
    said by our own front matter, it is the error it always was."""
    site = make_site(tmp_path, {"content/resources/ours/index.md":
                                SA_CREDIT.format(licence="")}, PEERS)
    save(site, OAK, "Oakfield Primary", [resource(
        OAK, "clocks", "Clocks", "2026-03-01",
        licence={"id": "CC-BY-SA-4.0", "name": "CC BY-SA 4.0", "url": None})], fetched=CLOCK)
    result = build(site, "--strict")
    assert [line for line in result.lines if line.startswith("content/")] == [
        "content/resources/ours/index.md:6: warning: adapted_from: 'Clocks': CC BY-SA 4.0 is a "
        "ShareAlike licence: an adaptation must be shared under the same licence, so this "
        "resource must be CC BY-SA 4.0 too, as Oakfield Primary's site gives its licence "
        "(set licence: CC-BY-SA-4.0)"]
    (site / "content/resources/ours/index.md").write_text(
        SA_CREDIT.format(licence="    licence: CC-BY-SA-4.0\n"))
    failed = build(site, ok=False)
    assert failed.exit_code == 1
    assert [line for line in failed.lines if line.startswith("content/")] == [
        "content/resources/ours/index.md:6: adapted_from: 'Clocks': CC BY-SA 4.0 is a "
        "ShareAlike licence: an adaptation must be shared under the same licence, so this "
        "resource must be CC BY-SA 4.0 too (set licence: CC-BY-SA-4.0)"]


# --- search -------------------------------------------------------------------------------------

SEARCH = PEERS.replace("[search]\nenabled = false", "[search]\nenabled = true")


def records(site: Path, output: Path | None = None) -> list[dict[str, Any]]:
    """Every record of the site's Pagefind index (its fragments), as Pagefind keeps it."""
    folder = (output or out(site)) / "pagefind" / "fragment"
    found = []
    for file in sorted(folder.glob("*.pf_fragment")):
        data = gzip.decompress(file.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        found.append(json.loads(data[len(b"pagefind_dcd"):]))
    return found


def test_the_sites_search_holds_the_peers_resources(tmp_path: Path) -> None:
    assert "enabled = true" in SEARCH
    site = make_site(tmp_path, {"content/resources/free/index.md": local("free", "CC-BY-4.0",
                                                                         subjects="[maths]")},
                     SEARCH)
    save(site, OAK, "Oakfield Primary", [
        resource(OAK, "clocks", "Telling the time", "2026-03-01", subjects=["Maths", "Science"],
                 summary="Quarter past <b>and</b> half past"),
        resource(OAK, "mats", "Fraction mats", "2026-02-01")])
    save(site, ELM, "Elm Academy", [resource(ELM, "old", "Dormant rivers", "2026-01-01")],
         fetched=NOW - dt.timedelta(days=45))
    result = build_site(site, BuildOptions(now=NOW))
    assert result.ok, result.diagnostics
    found = records(site)
    peers = {r["meta"][PEER_URL]: r for r in found if PEER_URL in r["meta"]}
    assert sorted(peers) == [f"{OAK}resources/clocks/", f"{OAK}resources/mats/"]
    clocks = peers[f"{OAK}resources/clocks/"]
    assert clocks["meta"]["school"] == "Oakfield Primary"
    assert clocks["meta"]["title"] == "Telling the time"
    assert clocks["filters"] == {"kind": ["Resource"], "subject": ["maths", "science"],
                                 "level": ["KS2"], "type": ["Worksheet"],
                                 "licence": ["CC BY 4.0"]}
    assert "Quarter past <b>and</b> half past" in clocks["content"]  # text, never markup
    # our own resource is there as before, with the same filters
    (ours,) = [r for r in found if r["url"] == "/sub/resources/free/"]
    assert ours["filters"]["subject"] == ["maths"] and "school" not in ours["meta"]
    assert not [r for r in found if "Dormant" in r["meta"].get("title", "")]
    # twice: the same bytes, index included
    first = contents(out(site))
    assert build_site(site, BuildOptions(now=NOW, output=tmp_path / "again")).ok
    assert contents(tmp_path / "again") == first


def test_a_hub_indexes_no_peer_records_of_its_own(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/resources/free/index.md": local("free", "CC-BY-4.0")},
                     SEARCH + "\n[network]\nhub = true\n")
    save(site, OAK, "Oakfield Primary", [resource(OAK, "clocks", "Telling the time",
                                                  "2026-03-01")])
    result = build_site(site, BuildOptions(now=NOW))
    assert result.ok, result.diagnostics
    assert [r["url"] for r in records(site)] == ["/sub/resources/free/"]


def test_default_config_has_search_off() -> None:
    # The search tests above turn it on; the others leave it off (Pagefind costs a build).
    assert "[search]\nenabled = false" in DEFAULT_CONFIG
