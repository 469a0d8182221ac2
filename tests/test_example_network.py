"""The repository's own example site and its peers in examples/: the peers' catalogues are
made from their folders by the build (sharesite.peer_sites), with no network at all.

Every test builds a copy of the example (site.toml, content/, examples/) in tmp_path, never
the repository itself, with every socket connection refused.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from support import contents, out, read

from sharesite.build import BuildOptions, BuildResult, build
from sharesite.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2027, 6, 1, 9, 0, tzinfo=dt.UTC)  # after every post of the example
OAKFIELD = "https://oakfield-primary.github.io/sharesite/"
RIVERSIDE = "https://riverside-academy.github.io/science/"
MAIN = "https://northfield-learning.github.io/sharesite/"
PEER_TITLES = {
    OAKFIELD: ["Sound buttons and blending cards", "Phonics screening check practice words",
               "Fraction wall mats: Year 3", "Fractions of amounts with counters"],
    RIVERSIDE: ["Retrieval grid templates", "Rates of reaction: required practical planner",
                "Cells knowledge organiser", "Electricity misconceptions quiz"],
}


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No connection can be made: the example must build from the repository alone."""
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("the network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy2(REPO / "site.toml", root / "site.toml")
    for folder in ("content", "examples"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def make(root: Path, keep_cache: bool = False) -> BuildResult:
    result = build(root, BuildOptions(now=NOW, keep_cache=keep_cache, search=False))
    assert result.ok, result.diagnostics
    return result


def plain(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def edit(path: Path, old: str, new: str) -> None:
    """Change a file as a teacher would, its time set back so the build can trust it."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    past = time.time() - 60
    os.utime(path, (past, past))


def test_network_page_lists_the_peers_resources_credited(example: Path) -> None:
    make(example)
    page = read(example, "network/index.html")
    text = plain(page)
    for peer, titles in PEER_TITLES.items():
        school = "Oakfield Primary School" if peer == OAKFIELD else "Riverside Academy"
        for title in titles:
            slug = re.search(rf'href="({re.escape(peer)}resources/[a-z0-9-]+/)"[^>]*>\s*'
                             rf'{re.escape(title)}', page.replace("&#34;", '"'))
            assert slug, f"{title} is not linked to {peer}'s own page"
            at = text.index(title)
            assert f"From {school}" in text[at:at + 200], f"{title} is not credited"
    # Nothing of theirs is copied or hot-linked: only links to their pages.
    assert not (out(example) / "network" / "copies").exists()


def test_schools_page_shows_the_peers_fresh(example: Path) -> None:
    result = make(example)
    text = plain(read(example, "network/schools/index.html"))
    assert "Oakfield Primary School Up to date: 4 resources." in text
    assert "Riverside Academy Up to date: 4 resources." in text
    assert result.site is not None
    assert [(p.name, p.state, p.copy_path) for p in result.site.peers] == [
        ("Oakfield Primary School", "fresh", ""), ("Riverside Academy", "fresh", "")]
    network = json.loads(read(example, "network.json"))
    assert network["peers"] == [{"name": "Oakfield Primary School", "url": OAKFIELD},
                                {"name": "Riverside Academy", "url": RIVERSIDE}]


def test_adaptations_cross_between_the_example_and_its_peers(example: Path) -> None:
    result = make(example)
    assert result.site is not None
    # Oakfield's Year 3 mats adapt the example's fraction wall mats: found while gathering.
    year3 = next(r for r in result.site.network if r.title == "Fraction wall mats: Year 3")
    assert year3.school == "Oakfield Primary School"
    assert [(s.title, s.url, s.licence) for s in year3.adapted_from] == [
        ("Fraction wall mats", MAIN + "resources/fraction-wall-mats/", "CC-BY-4.0")]
    # ... and the original's page says so, linking to Oakfield's page of it.
    page = read(example, "resources/fraction-wall-mats/index.html")
    adapted_by = page[page.index('class="adapted-by"'):]
    adapted_by = adapted_by[:adapted_by.index("</section>")]
    assert f'<a href="{OAKFIELD}resources/fraction-wall-mats-year-3/">Fraction wall mats: ' \
        "Year 3</a>, from Oakfield Primary School (CC BY 4.0)" in adapted_by
    # The example's retrieval grids adapt Riverside's templates: the credit names the
    # school, which only Riverside's own data says.
    page = read(example, "resources/retrieval-grids-ks3-science/index.html")
    assert f'href="{RIVERSIDE}resources/retrieval-grid-templates/"' in page
    assert "Adapted from Retrieval grid templates by Kofi Mensah, from Riverside Academy, " \
        "CC BY 4.0." in plain(page).replace(" ,", ",").replace(" .", ".")


def test_built_twice_byte_identical(example: Path) -> None:
    make(example)
    first = contents(out(example))
    shutil.rmtree(out(example))
    make(example)
    assert contents(out(example)) == first


def test_a_change_in_a_peers_folder_is_built_and_nothing_else_is(example: Path) -> None:
    first = make(example, keep_cache=True)
    assert not first.unchanged
    assert make(example, keep_cache=True).unchanged  # nothing changed: nothing done
    edit(example / "examples/riverside/content/resources/electricity-misconceptions-quiz/"
         "index.md", "title: Electricity misconceptions quiz",
         "title: Circuits misconceptions quiz")
    again = make(example, keep_cache=True)
    assert not again.unchanged
    assert "network/index.html" in again.updated
    text = plain(read(example, "network/index.html"))
    assert "Circuits misconceptions quiz" in text
    assert "Electricity misconceptions quiz" not in text
    incremental = contents(out(example))
    shutil.rmtree(out(example))
    make(example)  # a clean build of the same files
    assert contents(out(example)) == incremental


def test_a_peers_base_url_must_be_its_url(example: Path) -> None:
    edit(example / "examples/oakfield/site.toml",
         f'base_url = "{OAKFIELD}"', 'base_url = "https://oakfield.github.io/other/"')
    with pytest.raises(ConfigError) as raised:
        build(example, BuildOptions(now=NOW, search=False))
    line = next(n for n, text in enumerate((example / "site.toml").read_text().splitlines(),
                                           start=1)
                if text.strip() == "[[network.peers]]")
    message = str(raised.value)
    assert message.startswith(f"site.toml:{line}:"), message
    assert "examples/oakfield/site.toml" in message and "https://oakfield.github.io/other/" \
        in message
