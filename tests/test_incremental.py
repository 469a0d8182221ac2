"""A rebuild that reuses the last build is exactly a clean build.

Random sequences of edits (bodies, titles, tags, dates, renames, deletions, new posts
linking to others, drafts, authors, resource files and facets, pages in the menu, theme
templates and static files, site.toml, and content errors that are then fixed) are applied
to a site; after each, an incremental build (one BuildCache for the whole sequence) and a
clean build of the same input must write byte-identical folders.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import random
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import photos
import pytest
from support import DEFAULT_CONFIG, PNG, contents, make_site, run

from sharesite.build import BuildOptions, build
from sharesite.cache import BuildCache
from sharesite.places import site_cache

TAGS = ["phonics", "maths", "Maths", "reading", "Français", "francais", "wellbeing", "C++"]
SUBJECTS = ["English", "Maths", "Science", "French"]
LEVELS = ["KS1", "KS2", "KS3"]


def post_text(title: str, date: str, tags: list[str], body: str, draft: bool = False,
              author: str = "") -> str:
    lines = ["---", f"title: {title}", f"date: {date}",
             "tags: [" + ", ".join(tags) + "]"]
    if draft:
        lines.append("draft: true")
    if author:
        lines.append(f"author: {author}")
    return "\n".join([*lines, "---", body, ""])


def initial_site(tmp_path: Path) -> Path:
    files: dict[str, str | bytes] = {
        "content/authors/okafor.md": "---\nname: Ms Okafor\nrole: Head of Maths\n---\nMaths.\n",
        "content/authors/lee.md": "---\nname: Mr Lee\n---\nTeaches French.\n",
        "content/pages/about.md": "---\ntitle: About us\nmenu: 1\n---\nWho we are.\n",
        "content/pages/contact.md": "---\ntitle: Contact\n---\nWrite to us.\n",
        "content/resources/fractions/index.md": (
            "---\ntitle: Fraction walls\ndate: 2024-03-01\nsubjects: [Maths]\nlevels: [KS2]\n"
            "type: worksheet\nlicence: CC-BY-4.0\ntags: [maths]\nauthor: okafor\n"
            "files:\n  - path: walls.pdf\n    title: The walls\n---\nPrint on A3.\n"),
        "content/resources/fractions/walls.pdf": b"%PDF-1.4 walls\n",
        "content/resources/verbs/index.md": (
            "---\ntitle: Past tense verbs\ndate: 2024-04-01\nsubjects: [French]\n"
            "levels: [KS3]\ntype: lesson-plan\nlicence: CC-BY-SA-4.0\nauthor: lee\n"
            "adapted_from:\n  - title: Fraction walls\n    url: ../fractions/\n"
            "    licence: CC-BY-4.0\n---\nA lesson. ![Chart](chart.png)\n"),
        "content/resources/verbs/chart.png": PNG,
    }
    for i in range(8):
        files[f"content/posts/2024-0{1 + i % 9}-1{i}-post-{i}.md"] = post_text(
            f"Post {i}", f"2024-0{1 + i % 9}-1{i}", TAGS[i % 3: i % 3 + 2],
            f"Body of post {i}. See [the about page](../pages/about.md).",
            author=["okafor", "lee", ""][i % 3])
    return make_site(tmp_path, files)


class Editor:
    """Random edits to a site, each a small thing a teacher (or theme author) does."""

    def __init__(self, site: Path, rng: random.Random) -> None:
        self.site = site
        self.rng = rng
        self.counter = 0

    def posts(self) -> list[Path]:
        return sorted((self.site / "content" / "posts").glob("*.md"))

    def post(self) -> Path:
        return self.rng.choice(self.posts())

    def fresh(self) -> int:
        self.counter += 1
        return self.counter

    def replace(self, path: Path, pattern: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(pattern, new, text, count=1, flags=re.M), encoding="utf-8")

    # -- the edits ---------------------------------------------------------------------

    def append_body(self) -> None:
        with self.post().open("a", encoding="utf-8") as f:
            f.write(f"\nAnother paragraph, number {self.fresh()}.\n")

    def retitle(self) -> None:
        self.replace(self.post(), r"^title: .*$", f"title: Retitled {self.fresh()}")

    def retag(self) -> None:
        tags = self.rng.sample(TAGS, self.rng.randint(0, 3))
        self.replace(self.post(), r"^tags: .*$", "tags: [" + ", ".join(tags) + "]")

    def redate(self) -> None:
        day = self.rng.randint(1, 28)
        self.replace(self.post(), r"^date: .*$", f"date: 2023-1{self.rng.randint(0, 2)}-{day:02d}")

    def rename(self) -> None:
        path = self.post()
        path.rename(path.with_name(f"renamed-{self.fresh()}.md"))

    def delete(self) -> None:
        if len(self.posts()) > 4:
            self.post().unlink()

    def add_post(self) -> None:
        n = self.fresh()
        other = self.post().name
        (self.site / "content" / "posts" / f"2025-01-{n % 28 + 1:02d}-new-{n}.md").write_text(
            post_text(f"New post {n}", f"2025-01-{n % 28 + 1:02d}",
                      self.rng.sample(TAGS, 2), f"Read [this one]({other}) too."),
            encoding="utf-8")

    def toggle_draft(self) -> None:
        path = self.post()
        text = path.read_text(encoding="utf-8")
        if "draft: true" in text:
            path.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
        else:
            path.write_text(text.replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")

    def rename_author(self) -> None:
        self.replace(self.site / "content/authors/okafor.md", r"^name: .*$",
                     f"name: Ms Okafor-{self.fresh()}")

    def resource_file(self) -> None:
        pdf = self.site / "content/resources/fractions/walls.pdf"
        pdf.write_bytes(pdf.read_bytes() + b"% more\n")
        extra = self.site / f"content/resources/fractions/extra-{self.fresh()}.txt"
        extra.write_text("An answer sheet.\n", encoding="utf-8")

    def photo(self) -> None:
        """A photo added to a resource (and shown), replaced by another, or removed."""
        folder = self.site / "content/resources/fractions"
        index = folder / "index.md"
        existing = sorted(folder.glob("photo-*.jpg"))
        choice = self.rng.random()
        if existing and choice < 0.3:
            gone = self.rng.choice(existing)
            gone.unlink()
            text = index.read_text(encoding="utf-8")
            index.write_text(text.replace(f"\n![A photo]({gone.name})\n", "\n"),
                             encoding="utf-8")
        elif existing and choice < 0.6:
            n = self.fresh()
            self.rng.choice(existing).write_bytes(photos.phone_jpeg(
                160 + 8 * (n % 10), 120, orientation=self.rng.choice([1, 3, 6, 8])))
        else:
            n = self.fresh()
            (folder / f"photo-{n}.jpg").write_bytes(photos.phone_jpeg(
                200 + 8 * (n % 10), 150, orientation=self.rng.choice([1, 6])))
            with index.open("a", encoding="utf-8") as f:
                f.write(f"\n![A photo](photo-{n}.jpg)\n")

    def refacet(self) -> None:
        index = self.site / "content/resources/fractions/index.md"
        self.replace(index, r"^subjects: .*$",
                     "subjects: [" + ", ".join(self.rng.sample(SUBJECTS, 2)) + "]")
        self.replace(index, r"^levels: .*$", f"levels: [{self.rng.choice(LEVELS)}]")

    def menu(self) -> None:
        page = self.site / "content/pages/contact.md"
        text = page.read_text(encoding="utf-8")
        if "menu:" in text:
            page.write_text(text.replace("menu: 2\n", ""), encoding="utf-8")
        else:
            page.write_text(text.replace("---\n", "---\nmenu: 2\n", 1), encoding="utf-8")

    def theme_file(self, rel: str, text: str) -> None:
        """Write (or now and then delete) a file of the site's own theme."""
        path = self.site / "themes/default" / rel
        if path.exists() and self.rng.random() < 0.3:
            path.unlink()
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def post_template(self) -> None:
        self.theme_file("templates/post.html",
                        '{% extends "default/post.html" %}{% block after_content %}'
                        f'<p>Thanks for reading ({self.fresh()}).</p>{{% endblock %}}\n')

    def base_template(self) -> None:
        """A footer that lists the newest posts and counts tags: every page reads the site."""
        self.theme_file(
            "templates/base.html",
            '{% extends "default/base.html" %}{% block footer %}{{ super() }}<p>Newest: '
            '{% for p in site.posts[:2] %}{{ p.title }}; {% endfor %}'
            f'{{{{ site.tags|length }}}} tags ({self.fresh()})</p>{{% endblock %}}\n')

    def stylesheet(self) -> None:
        self.theme_file("static/style.css", f"body {{ margin: {self.fresh()}px; }}\n")

    def config(self) -> None:
        per_page = self.rng.choice([2, 3, 10])
        (self.site / "site.toml").write_text(
            DEFAULT_CONFIG.replace('title = "Test School"',
                                   f'title = "Test School {self.fresh()}"')
            + f"\n[build]\nposts_per_page = {per_page}\n", encoding="utf-8")

    def edits(self) -> list[Callable[[], None]]:
        return [self.append_body, self.retitle, self.retag, self.redate, self.rename,
                self.delete, self.add_post, self.toggle_draft, self.rename_author,
                self.resource_file, self.photo, self.photo, self.refacet, self.menu,
                self.post_template,
                self.base_template, self.stylesheet, self.config]


def assert_same(incremental: Path, clean: Path, step: str) -> None:
    ours, theirs = contents(incremental), contents(clean)
    assert sorted(ours) == sorted(theirs), f"after {step}: different files: " \
        f"only incremental {sorted(ours.keys() - theirs.keys())}, " \
        f"only clean {sorted(theirs.keys() - ours.keys())}"
    differ = [path for path in ours if ours[path] != theirs[path]]
    assert not differ, f"after {step}: these files differ from a clean build: {differ}"


# memory: one BuildCache for the sequence, written whole and swapped in (a build in a
# program); serve: the same, written in place as serve does; disk: a fresh process each
# time, with the cache kept in the user's cache folder (the command line).
@pytest.mark.parametrize(("mode", "seed"), [("memory", 1), ("memory", 2), ("serve", 3),
                                            ("disk", 4), ("disk", 5)])
def test_incremental_build_equals_clean_build(tmp_path: Path, mode: str, seed: int) -> None:
    site = initial_site(tmp_path)
    rng = random.Random(seed)
    editor = Editor(site, rng)
    cache = BuildCache() if mode != "disk" else None
    incremental, clean = tmp_path / "incremental", tmp_path / "clean"
    options = BuildOptions(output=incremental, in_place=mode == "serve",
                           keep_cache=mode == "disk")

    kept = []

    def build_both(step: str) -> None:
        result = build(site, options, cache)
        assert result.ok, f"after {step}: {result.diagnostics}"
        kept.append(result.kept)
        shutil.rmtree(clean, ignore_errors=True)
        assert build(site, BuildOptions(output=clean)).ok
        assert_same(incremental, clean, step)

    build_both("the first build")
    steps = []
    for _ in range(24):
        edit = rng.choice(editor.edits())
        steps.append(edit.__name__)
        edit()
        if rng.random() < 0.15:  # a mistake, then its fix: the output is left as it was
            post = editor.post()
            good = post.read_text(encoding="utf-8")
            post.write_text(good.replace("date: ", "date: not-a-date ", 1), encoding="utf-8")
            before = contents(incremental)
            assert not build(site, options, cache).ok
            assert contents(incremental) == before, "a failed build changed the output"
            post.write_text(good, encoding="utf-8")
            steps.append("a mistake and its fix")
        build_both(" → ".join(steps))
    assert sum(kept) > 0, "no rebuild kept anything: the cache was never used"


def test_a_rebuild_renders_only_what_an_edit_touches(tmp_path: Path) -> None:
    """An edited post re-renders its page and the lists that show it, not every page."""
    site = initial_site(tmp_path)
    cache = BuildCache()
    first = build(site, BuildOptions(), cache)
    post = sorted((site / "content/posts").glob("*.md"))[0]
    with post.open("a", encoding="utf-8") as f:
        f.write("\nOne more sentence.\n")
    again = build(site, BuildOptions(), cache)
    assert again.changed == ("posts/" + post.name,)
    assert 0 < again.rendered < first.rendered / 3
    slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", post.stem)
    assert f"posts/{slug}/index.html" in again.updated
    assert "about/index.html" not in again.updated
    assert "One more sentence." in (site / "_site/posts" / slug / "index.html").read_text()
    nothing = build(site, BuildOptions(), cache)
    assert (nothing.changed, nothing.rendered, nothing.updated) == ((), 0, ())


def test_the_kept_cache_is_used_by_the_next_run(tmp_path: Path) -> None:
    site = initial_site(tmp_path)
    first = run(site, "build")
    assert first.exit_code == 0 and "changed" not in first.stdout
    again = run(site, "build")
    assert again.exit_code == 0
    assert "(0 files changed)" in again.stdout
    post = sorted((site / "content/posts").glob("*.md"))[0]
    with post.open("a", encoding="utf-8") as f:
        f.write("\nOne more sentence.\n")
    edited = run(site, "build")
    assert re.search(r"\((\d+) files? changed\)", edited.stdout)
    # Files deleted from the output by hand come back.
    (site / "_site/about/index.html").unlink()
    assert run(site, "build").exit_code == 0
    assert (site / "_site/about/index.html").is_file()


def test_a_damaged_or_foreign_cache_is_ignored(tmp_path: Path) -> None:
    """Garbage, an older layout, and a cache file crafted to run a command: each is
    ignored (never executed) and the build is the same as a clean one."""
    site = initial_site(tmp_path)
    assert run(site, "build").exit_code == 0
    clean = contents(site / "_site")
    folder = next(site_cache(site.resolve()).glob("v*"))
    state = folder / "state.pickle"
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.system, (f"touch {marker}",))

    for payload in (b"not a pickle", pickle.dumps({"reading": Evil()}),
                    pickle.dumps(Evil()),
                    b"csharesite.__main__\nnothing\n."):  # importing it would run the CLI
        state.write_bytes(payload)
        assert run(site, "build").exit_code == 0
        assert not marker.exists()
        assert contents(site / "_site") == clean
    (site_cache(site.resolve()) / "v0-0.0.0").mkdir()  # another version's: removed
    shutil.rmtree(folder)
    assert run(site, "build").exit_code == 0
    assert not (site_cache(site.resolve()) / "v0-0.0.0").exists()


def test_parsing_on_two_processes_gives_the_same_site(tmp_path: Path) -> None:
    """Enough posts to be parsed in parallel: the output is that of one process."""
    from sharesite.content.loader import PARALLEL_FROM

    files: dict[str, str | bytes] = {
        f"content/posts/2024-02-{1 + i % 28:02d}-post-{i}.md": post_text(
            f"Post {i}", f"2024-02-{1 + i % 28:02d}", [TAGS[i % len(TAGS)]],
            f"Body {i} with *emphasis*, a [link](post-{(i + 1) % 70}.md) and `code`.")
        for i in range(PARALLEL_FROM + 6)}
    site = make_site(tmp_path, files)
    one, two = tmp_path / "one", tmp_path / "two"
    assert build(site, BuildOptions(output=one, jobs=1)).ok
    result = build(site, BuildOptions(output=two, jobs=2))
    assert result.ok and len(result.changed) == PARALLEL_FROM + 6
    assert_same(two, one, "a build on two processes")


def age(site: Path, seconds: float = 3600) -> None:
    """Make every file look saved an hour ago: old enough for its time to be trusted."""
    then = time.time() - seconds
    for path in site.rglob("*"):
        os.utime(path, (then, then))


def test_a_build_with_nothing_changed_does_nothing(tmp_path: Path) -> None:
    site = initial_site(tmp_path)
    cache = BuildCache()
    age(site)
    first = build(site, BuildOptions(), cache)
    assert first.ok and not first.unchanged
    again = build(site, BuildOptions(), cache)
    assert again.unchanged and again.ok
    assert (again.pages, again.feeds, again.files) == (first.pages, first.feeds, first.files)
    assert again.diagnostics == first.diagnostics  # its warnings are still told
    # Each of these is a change, found by size or time, even in a file edited long ago.
    post = sorted((site / "content/posts").glob("*.md"))[0]
    post.write_text(post.read_text() + "\nMore.\n")
    age(site)
    changed = build(site, BuildOptions(), cache)
    assert not changed.unchanged and "More." in (
        site / "_site/posts" / re.sub(r"^\d{4}-\d{2}-\d{2}-", "", post.stem) / "index.html"
    ).read_text()
    assert build(site, BuildOptions(), cache).unchanged
    (site / "_site/about/index.html").unlink()  # a file gone from the output
    assert not build(site, BuildOptions(), cache).unchanged
    assert (site / "_site/about/index.html").is_file()
    assert cache.last is not None
    cache.last = replace(cache.last, due=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert not build(site, BuildOptions(), cache).unchanged  # a scheduled post is due
    assert not build(site, BuildOptions(drafts=True), cache).unchanged  # other settings
    # From the command line too: the kept cache says nothing changed.
    assert run(site, "build").exit_code == 0
    age(site)
    assert run(site, "build").exit_code == 0
    assert "(0 files changed)" in run(site, "build").stdout


def test_a_post_scheduled_for_later_is_published_on_its_day(tmp_path: Path) -> None:
    site = initial_site(tmp_path)
    today = dt.datetime(2030, 1, 1, 8, 0, tzinfo=dt.UTC)  # "now" is an input of build()
    (site / "content/posts/2030-01-01-soon.md").write_text(
        "---\ntitle: Soon\ndate: 2030-01-01 09:00:00Z\n---\nHello.\n")
    cache = BuildCache()
    age(site)
    assert build(site, BuildOptions(now=today), cache).ok
    assert not (site / "_site/posts/soon").exists()
    assert cache.last is not None
    assert cache.last.due == dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC)
    almost = build(site, BuildOptions(now=today + dt.timedelta(minutes=59)), cache)
    assert almost.unchanged and not (site / "_site/posts/soon").exists()
    assert not build(site, BuildOptions(now=today + dt.timedelta(hours=1)), cache).unchanged
    assert (site / "_site/posts/soon/index.html").is_file()


def test_making_pages_on_two_processes_gives_the_same_site(tmp_path: Path) -> None:
    """Enough pages to be made in parallel: the output is that of one process, and a
    template error in a worker is reported as on one process."""
    from sharesite.render.engine import PARALLEL_FROM

    files: dict[str, str | bytes] = {
        f"content/posts/2024-04-{1 + i % 28:02d}-page-{i}.md": post_text(
            f"Page {i}", f"2024-04-{1 + i % 28:02d} {i % 24:02d}:00", [f"tag {i % 40}"],
            f"Body {i}.") for i in range(PARALLEL_FROM)}
    site = make_site(tmp_path, files)
    one, two = tmp_path / "one", tmp_path / "two"
    assert build(site, BuildOptions(output=one, jobs=1)).ok
    result = build(site, BuildOptions(output=two, jobs=2))
    assert result.ok and result.rendered > PARALLEL_FROM
    assert_same(two, one, "pages made on two processes")
    (site / "themes/default/templates").mkdir(parents=True)
    (site / "themes/default/templates/post.html").write_text(
        '{% extends "default/post.html" %}{% block after_content %}{{ page.nope() }}'
        '{% endblock %}\n')
    broken = build(site, BuildOptions(output=two, jobs=2))
    assert [(d.path, d.line) for d in broken.diagnostics if d.is_error] == [
        ("themes/default/templates/post.html", 1)]


def test_compiled_templates_are_kept_in_the_users_cache_not_the_sites(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled templates are code: they are kept in the user's cache folder (where a
    pull request cannot put anything), and a run that finds them makes the same site."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    site = initial_site(tmp_path)
    assert run(site, "build").exit_code == 0
    first = contents(site / "_site")
    compiled = list((tmp_path / "user-cache" / "sharesite").rglob("*.cache"))
    assert compiled, "no compiled templates were kept"
    assert not list(site.rglob("*.cache"))
    shutil.rmtree(site / "_site")
    shutil.rmtree(site_cache(site.resolve()))
    assert run(site, "build").exit_code == 0
    assert contents(site / "_site") == first


def test_a_memoised_card_that_reads_the_site_is_remade_where_it_is_shown(
        tmp_path: Path) -> None:
    """A card is made once a build and shown in many lists: what it read of the site counts
    for every page that shows it, so a change to that part re-renders them all."""
    site = initial_site(tmp_path)
    macros = (Path(__file__).parent.parent / "themes/default/templates/_macros.html")
    text = macros.read_text(encoding="utf-8")
    assert '{% call memo("card", item, level, label, first) %}' in text
    own = site / "themes/default/templates/_macros.html"
    own.parent.mkdir(parents=True)
    own.write_text(text.replace('<article class="card',
                                '<article data-newest="{{ site.posts[0].title }}" class="card'),
                   encoding="utf-8")
    cache, clean = BuildCache(), tmp_path / "clean"
    assert build(site, BuildOptions(), cache).ok
    newest = max((site / "content/posts").glob("*.md"))
    newest.write_text(newest.read_text(encoding="utf-8").replace("title: Post", "title: Now"),
                      encoding="utf-8")
    assert build(site, BuildOptions(), cache).ok
    assert build(site, BuildOptions(output=clean)).ok
    # a tag page without the newest post shows cards first made on the home page
    assert_same(site / "_site", clean, "retitling the newest post")
    assert 'data-newest="Now' in (site / "_site/tags/reading/index.html").read_text()
