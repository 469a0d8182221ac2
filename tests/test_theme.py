"""Themes are a search path: a site's templates and static files replace the built-in ones,
can extend them, and a mistake in one is an error naming the template and line. Stylesheets
are published minified; other static files as they are."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
import rcssmin
from support import (
    BASE_URL,
    GOLDEN_CONFIG,
    build,
    golden_files,
    hashes,
    make_site,
    out,
    parse,
    read,
    run,
    tree,
)

import sharesite.render.engine as engine
from sharesite.build import BuildOptions
from sharesite.build import build as build_site
from sharesite.cache import BuildCache
from sharesite.render.theme import builtin_theme_dir

POST = {"content/posts/2024-01-05-hello.md": "---\ntitle: Hello <b>bold</b> & co\n---\nBody.\n"}
TEMPLATES = "themes/default/templates/"
HINT = "(fix the template, or delete it to use the built-in one)"


def test_site_template_replaces_the_builtin(tmp_path: Path) -> None:
    site = make_site(tmp_path, {**POST, TEMPLATES + "post.html": """\
        <!doctype html>
        <html lang="en"><head><title>{{ page.title }}</title></head>
        <body><p class="mine">My own post page: {{ page.title }}</p>{{ content }}</body></html>
        """})
    build(site)
    page = read(site, "posts/hello/index.html")
    assert '<p class="mine">My own post page: Hello &lt;b&gt;bold&lt;/b&gt; &amp; co</p>' in page
    assert "entry__title" not in page  # nothing of the built-in post.html
    assert "<p>Body.</p>" in page
    # other pages still use the built-in templates
    assert 'class="site-header"' in read(site, "index.html")


def test_override_can_extend_the_builtin_and_change_one_block(tmp_path: Path) -> None:
    site = make_site(tmp_path, {**POST, TEMPLATES + "post.html": """\
        {% extends "default/post.html" %}
        {% block og_title %}Shared: {{ page.title }}{% endblock %}
        {% block head %}<meta name="x-theme-test" content="extended">{% endblock %}
        """})
    build(site)
    doc = parse(read(site, "posts/hello/index.html"))
    assert doc.meta("og:title") == "Shared: Hello <b>bold</b> & co"
    assert doc.meta("x-theme-test") == "extended"
    # the rest of the built-in post page is still there
    assert doc.find("h1", class_="entry__title")
    assert doc.find("link", rel="canonical")[0]["href"] == BASE_URL + "posts/hello/"
    assert "Body." in doc.text
    assert doc.jsonld()[0]["@type"] == "BlogPosting"


def test_own_theme_folder_falls_back_to_builtin(tmp_path: Path) -> None:
    config = f'title = "T"\nbase_url = "{BASE_URL}"\ntheme = "school"\n'
    site = make_site(tmp_path, {
        **POST,
        "themes/school/templates/home.html":
            '{% extends "default/home.html" %}{% block head %}'
            '<meta name="x-school" content="yes">{% endblock %}',
        "themes/school/static/style.css": "body { color: teal }\n",
        "themes/school/static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
    }, config)
    build(site)
    assert parse(read(site, "index.html")).meta("x-school") == "yes"
    assert parse(read(site, "posts/hello/index.html")).meta("x-school") is None
    assert read(site, "style.css") == "body{color:teal}"  # minified, like the built-in one
    assert read(site, "logo.svg").startswith("<svg")
    assert (out(site) / "favicon.svg").is_file()  # built-in static files are still copied


def test_missing_theme_folder(tmp_path: Path) -> None:
    config = f'title = "T"\nbase_url = "{BASE_URL}"\ntheme = "nope"\n'
    site = make_site(tmp_path, POST, config)
    result = run(site, "build")
    assert result.exit_code == 2
    assert result.lines == [
        'site.toml: theme: there is no folder themes/nope (create it, or set theme = "default")']


def test_undefined_variable_fails_with_template_and_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, POST)
    build(site)
    before = hashes(out(site))
    (site / TEMPLATES).mkdir(parents=True)
    (site / TEMPLATES / "post.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n'
        "<p>{{ page.subtitle }}</p>\n{% endblock %}\n", encoding="utf-8")

    result = run(site, "build")

    assert result.exit_code == 1
    assert result.lines[0] == (f"{TEMPLATES}post.html:4: page.subtitle is undefined (a Page "
                               f"has no 'subtitle') {HINT}")
    assert len(result.lines) == 2
    assert hashes(out(site)) == before


def test_undefined_name_fails_with_template_and_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, {**POST, TEMPLATES + "tag.html": """\
        {% extends "base.html" %}
        {% block main %}
        <h1>{{ tag.name }}</h1>
        {{ no_such_thing }}
        {% endblock %}
        """, "content/posts/2024-01-05-hello.md": "---\ntitle: H\ntags: [a]\n---\nx\n"})
    result = run(site, "build")
    assert result.exit_code == 1
    assert result.lines[0] == f"{TEMPLATES}tag.html:4: 'no_such_thing' is undefined {HINT}"
    assert not out(site).exists()


def test_template_syntax_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {**POST, TEMPLATES + "page.html": """\
        {% extends "base.html" %}
        {% block main %}
        {% if page.title %}
        <h1>{{ page.title }}</h1>
        {% endblock %}
        """, "content/pages/about.md": "---\ntitle: About\n---\nx\n"})
    result = run(site, "build")
    assert result.exit_code == 1
    assert result.lines[0].startswith(f"{TEMPLATES}page.html:5: ")
    assert result.lines[0].endswith(HINT)
    assert "Traceback" not in result.stderr


def test_autoescape_is_on(tmp_path: Path) -> None:
    site = make_site(tmp_path, POST)
    build(site)
    for rel in ("posts/hello/index.html", "index.html", "archive/index.html"):
        page = read(site, rel)
        assert "Hello &lt;b&gt;bold&lt;/b&gt; &amp; co" in page, rel
        assert "<b>bold</b>" not in page, rel
        assert not parse(page).find("b")


def test_builtin_theme_makes_no_third_party_requests(tmp_path: Path) -> None:
    """Schools answer for pupils' data: no fonts, scripts, styles or images from elsewhere."""
    site = make_site(tmp_path, golden_files(), GOLDEN_CONFIG)
    build(site)
    fetched = []
    for rel in tree(out(site)):
        if rel.endswith(".html"):
            doc = parse(read(site, rel))
            for tag, attrs in doc.tags:
                rels = str(attrs.get("rel") or "").split()
                loads = (tag in ("script", "img", "iframe", "audio", "video", "source")
                         and attrs.get("src")) or (
                    tag == "link" and not {"canonical", "alternate"} & set(rels)
                    and attrs.get("href"))
                if loads and not str(loads).startswith("/sub/"):
                    fetched.append(f"{rel}: <{tag}> {loads}")
        elif rel.endswith(".css"):
            for url in re.findall(r"url\(([^)]*)\)|@import\s+['\"]([^'\"]+)", read(site, rel)):
                target = "".join(url).strip("'\" ")
                if re.match(r"(https?:)?//", target):
                    fetched.append(f"{rel}: {target}")
    assert fetched == []


def test_theme_static_symlink_outside_the_site_is_not_published(tmp_path: Path) -> None:
    # content/ refuses links that leave it; a theme's static/ folder copied the target of
    # any symlink (a PR could publish ../../.git/config, which holds the checkout token).
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN\n", encoding="utf-8")
    site = make_site(tmp_path, {"content/posts/2024-01-05-hello.md":
                                "---\ntitle: Hello\n---\nThe first post.\n"})
    static = site / "themes/default/static"
    static.mkdir(parents=True)
    os.symlink(secret, static / "leak.txt")
    result = build(site, ok=False)
    assert not (out(site) / "leak.txt").exists()
    assert result.exit_code == 2
    assert ("themes/default/static/leak.txt: this is a link to a file outside the theme's "
            "folder (copy the file into the theme instead of linking to it)") in result.lines


# --- stylesheets, minified ------------------------------------------------------------------

def test_builtin_stylesheet_is_published_minified(tmp_path: Path) -> None:
    site = make_site(tmp_path, POST)
    build(site)
    static = builtin_theme_dir() / "static"
    source = (static / "style.css").read_text(encoding="utf-8")
    published = (out(site) / "style.css").read_bytes()
    assert published == rcssmin.cssmin(source, keep_bang_comments=True).encode("utf-8")
    assert len(published) < 0.8 * len(source.encode("utf-8"))
    assert b"/*" not in published and b"\n" not in published
    for name in ("library.js", "search.js", "credit.js", "favicon.svg"):  # as they are
        assert (out(site) / name).read_bytes() == (static / name).read_bytes(), name


def test_own_stylesheets_are_minified_and_keep_their_licence_notices(tmp_path: Path) -> None:
    """A site's own style.css replaces the built-in one and, like any other .css file of its
    theme, is minified. `/*! … */` comments are kept: that is how a stylesheet says "keep
    this notice" (a licence that asks to go with the code). A file that is not UTF-8 is
    published as it is."""
    legacy = "/* Ancienne feuille */\nbody::before { content: \"é\" }\n".encode("latin-1")
    site = make_site(tmp_path, {
        **POST,
        "themes/default/static/style.css":
            "/*! Grid: MIT licence, (c) A. Author */\n/* our notes */\n"
            "body {\n  color: teal;\n}\n\n.a  >  .b , .c { margin : 0 auto ; }\n",
        "themes/default/static/css/colours.css": ":root {\n  --accent: #6b2c91;\n}\n",
        "themes/default/static/legacy.css": legacy,
    })
    build(site)
    assert read(site, "style.css") == (
        "/*! Grid: MIT licence, (c) A. Author */body{color:teal}.a>.b,.c{margin:0 auto}")
    assert read(site, "css/colours.css") == ":root{--accent:#6b2c91}"
    assert (out(site) / "legacy.css").read_bytes() == legacy
    first = hashes(out(site))
    build(site)
    assert hashes(out(site)) == first  # the same source, the same bytes


def test_a_rebuild_keeps_an_unchanged_stylesheet_and_minifies_an_edited_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path, {**POST, "themes/default/static/extra.css": "a { color: red; }\n"})
    extra = site / "themes/default/static/extra.css"
    long_ago = time.time() - 60  # a file saved just now may change unseen: not trusted
    os.utime(extra, (long_ago, long_ago))
    minified: list[str] = []
    real = engine.minified

    def counted(file: Path) -> bytes:
        minified.append(file.name)
        return real(file)

    monkeypatch.setattr(engine, "minified", counted)
    cache, options = BuildCache(), BuildOptions()
    assert build_site(site, options, cache).ok
    assert minified == ["extra.css", "style.css"]
    assert read(site, "extra.css") == "a{color:red}"

    minified.clear()
    again = build_site(site, options, cache)
    assert again.ok and again.updated == ()
    assert minified == []  # kept, not read again

    extra.write_text("a { color: blue; }\n", encoding="utf-8")
    os.utime(extra, (long_ago + 1, long_ago + 1))
    edited = build_site(site, options, cache)
    assert edited.ok and edited.updated == ("extra.css",)
    assert minified == ["extra.css"]
    assert read(site, "extra.css") == "a{color:blue}"
