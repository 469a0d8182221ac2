"""Themes are a search path: a site's templates and static files replace the built-in ones,
can extend them, and a mistake in one is an error naming the template and line."""

from __future__ import annotations

import os
import re
from pathlib import Path

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
    assert read(site, "style.css") == "body { color: teal }\n"
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
