"""The issue's main test: a new site (as `sharesite init` writes it) imports a WordPress
export and a Blogger backup, then builds under a sub-path. Every old address of an
imported post or page, and every line of redirects.toml, leads on the built site to the
right page; old feed addresses hold feeds whose entries keep their old ids; nothing that
runs, no e-mail address and no shortcode is left; photos lose their location; importing
again changes no byte."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import feedparser
import pytest
import yaml
from PIL import Image
from support import build, contents, parse, run
from test_import_quirks import (
    AUTHOR,
    BLOGGER_HEAD,
    OLD,
    RICH,
    attachment,
    blogger_entry,
    comment,
    item,
    meta,
    rich_media,
    wxr,
)

from sharesite.authoring.scaffold import init_site
from sharesite.redirects import output_file

BASE = "https://example.github.io/sub/path/"
PATH = "/sub/path/"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
GPS = 0x8825


def gps_photo() -> bytes:
    """A JPEG with a camera model and a GPS position in its EXIF."""
    image = Image.new("RGB", (1200, 800), "purple")
    exif = image.getexif()
    exif[0x0110] = "Class camera"
    exif.get_ifd(GPS).update({1: "N", 2: (51.0, 30.0, 12.0), 3: "W", 4: (0.0, 7.0, 39.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS), "the fixture has no GPS"
    return data


def wordpress_export() -> str:
    cats = ("<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>science"
            "</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>"
            "Science</wp:cat_name></wp:category>\n<wp:category><wp:term_id>2</wp:term_id>"
            "<wp:category_nicename>plants</wp:category_nicename><wp:category_parent>science"
            "</wp:category_parent><wp:cat_name>Plants</wp:cat_name></wp:category>\n")
    terms = ('<category domain="category" nicename="uncategorized">Uncategorized</category>'
             '<category domain="category" nicename="plants">Plants</category>'
             '<category domain="post_tag" nicename="pond-life">Pond life</category>')
    comments = comment("Sam's Dad", "Lovely! dad@parents.example", email="dad@parents.example",
                       url="https://dad.example", ip="192.0.2.7")
    return wxr(
        item(RICH + '\n\n<img src="' + OLD + '/wp-content/uploads/2021/03/field-600x400.jpg">',
             extra=terms + meta("_thumbnail_id", "7") + comments),
        attachment("6", "5", "frog.jpg", "Frog"), attachment("7", "5", "newt.jpg", "Newt"),
        item("<p>Seeds <em>grow</em>.</p>", title="Seeds", slug="seeds", post_id="8",
             date="2021-04-01 09:00:00", extra=terms),
        item("<p>We are Class 4.</p>", title="About us", slug="about-class-4", kind="page",
             post_id="9", link=f"{OLD}/about-class-4/"),
        item("<p>Nearly.</p>", title="Draft", slug="", status="draft", post_id="10",
             date="0000-00-00 00:00:00", link=f"{OLD}/?p=10"),
        head=AUTHOR + cats)


def blogger_export() -> str:
    reply = ('<thr:in-reply-to ref="tag:blogger.com,1999:blog-9.post-1" '
             'href="https://class9.blogspot.com/2013/05/bees.html"/>')
    label = '<category scheme="http://www.blogger.com/atom/ns#" term="Minibeasts"/>'
    return (BLOGGER_HEAD
            + blogger_entry(1, "Bees", "Bees &lt;b&gt;buzz&lt;/b&gt;.",
                            path="/2013/05/bees.html", extra=label)
            + blogger_entry(2, "Comment", "Buzz! Mail me: me@home.example", kind="comment",
                            extra=reply)
            + "</feed>\n")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("imported")
    site = tmp / "site"
    init_site(site, "Class 4", BASE)
    uploads = tmp / "uploads" / "2021" / "03"
    rich_media(uploads)
    (uploads / "field.jpg").write_bytes(gps_photo())
    (tmp / "wordpress.xml").write_text(wordpress_export(), encoding="utf-8")
    (tmp / "blogger.xml").write_text(blogger_export(), encoding="utf-8")
    result = run(site, "import", str(tmp / "wordpress.xml"), str(tmp / "blogger.xml"),
                 "--media", str(tmp / "uploads"), "--comments", "archive")
    assert result.exit_code == 0, result.stderr
    build(site, "--base-url", BASE)
    return site


def front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---", 2)[1])
    assert isinstance(data, dict)
    return data


def imported_items(site: Path) -> dict[Path, dict[str, object]]:
    """Every imported post and page (those with an `id:`), with its front matter."""
    found = {}
    for path in sorted((site / "content").rglob("*.md")):
        data = front(path)
        if "id" in data:
            found[path] = data
    return found


def redirect_target(built: Path) -> str:
    doc = parse(built.read_text(encoding="utf-8"))
    refresh = doc.find("meta", http_equiv="refresh")
    assert refresh, built
    target = str(refresh[0]["content"]).removeprefix("0; url=")
    assert doc.find("link", rel="canonical")[0]["href"] == target
    return target


def page_file(out: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    rel = url[len(BASE):]
    return out / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def test_every_old_address_redirects_to_its_page(imported: Path) -> None:
    out = imported / "_site"
    items = imported_items(imported)
    assert len(items) == 5  # three posts, the page, the draft
    checked = 0
    for path, data in items.items():
        if data.get("draft"):
            continue
        rel = path.relative_to(imported / "content").as_posix()
        new = ("posts/" + rel.split("/")[1] + "/" if rel.startswith("posts/")
               else rel.removeprefix("pages/").removesuffix(".md").removesuffix("/index")
               + "/")
        assert page_file(out, BASE + new).is_file(), new
        aliases = data.get("aliases", [])
        assert isinstance(aliases, list)
        if not aliases:  # the old address is the new one: the page itself is there
            assert new == "about-class-4/", path
        for alias in aliases:
            built = out / output_file(str(alias).lstrip("/"), False)
            assert redirect_target(built) == BASE + new, alias
            checked += 1
    assert checked == 3
    redirects = tomllib.loads((imported / "redirects.toml").read_text())["redirects"]
    assert {"/category/science/plants/", "/tag/pond-life/", "/author/teacher/", "/feed/",
            "/search/label/Minibeasts", "/feeds/posts/default", "/2021/03/"} <= set(redirects)
    for old, target in redirects.items():
        built = out / output_file(old.lstrip("/"), target.endswith((".xml", ".json")))
        if target.endswith((".xml", ".json")):
            assert built.read_bytes() == (out / target.lstrip("/")).read_bytes(), old
            continue
        url = redirect_target(built)
        assert url == BASE + target.lstrip("/"), old
        assert page_file(out, url).is_file(), (old, url)


def test_old_feed_addresses_are_feeds_that_keep_the_old_ids(imported: Path) -> None:
    out = imported / "_site"
    old_ids = {str(d["id"]) for d in imported_items(imported).values() if not d.get("draft")}
    redirects = tomllib.loads((imported / "redirects.toml").read_text())["redirects"]
    feeds = [old for old, target in redirects.items() if target.endswith(".xml")]
    assert {"/feed/", "/feed/atom/", "/category/science/plants/feed/",
            "/feeds/posts/default"} <= set(feeds)
    for old in feeds:
        parsed = feedparser.parse((out / output_file(old.lstrip("/"), True)).read_bytes())
        assert not parsed.bozo, (old, parsed.bozo_exception)
        ids = {e.id for e in parsed.entries}
        assert ids & old_ids, old  # the site's own items (init's) have their address as id
        assert all(i in old_ids or i.startswith(BASE) for i in ids), (old, ids)
    site_feed = feedparser.parse((out / output_file("feed/", True)).read_bytes())
    assert {f"{OLD}/?p=5", f"{OLD}/?p=8", "tag:blogger.com,1999:blog-9.post-1"} <= \
        {e.id for e in site_feed.entries}
    plants = feedparser.parse((out / "category/science/plants/feed/index.html").read_bytes())
    assert {e.id for e in plants.entries} == {f"{OLD}/?p=5", f"{OLD}/?p=8"}


def test_nothing_that_runs_no_email_no_shortcode(imported: Path) -> None:
    texts = {rel: data.decode("utf-8") for rel, data in contents(imported).items()
             if rel.startswith(("content/", "_site/")) and
             rel.endswith((".md", ".html", ".xml", ".json", ".toml", ".txt"))}
    assert any(rel.startswith("_site/posts/pond-life/") for rel in texts)
    for rel, text in texts.items():
        for bad in ("javascript:", "[caption", "[gallery", "[audio", "[embed", "wp:paragraph",
                    "192.0.2.7", "dad.example", "evil.example", "ads.example"):
            assert bad not in text, (rel, bad)
        assert not EMAIL.search(text), (rel, EMAIL.search(text))
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", text, re.I), rel
        if rel.startswith("content/"):
            assert "<script" not in text, rel
        elif rel.endswith(".html"):
            for tag, attrs in parse(text).tags:
                if tag == "script":
                    src = str(attrs.get("src") or "")  # the theme's own, from the site
                    assert attrs.get("type") == "application/ld+json" or re.fullmatch(
                        re.escape(PATH) + r"[\w.-]+\.js", src), (rel, attrs)
        else:
            assert "<script" not in text and "&lt;script" not in text, rel


def test_photos_are_published_without_their_location(imported: Path) -> None:
    bundle = imported / "content/posts/pond-life"
    assert Image.open(bundle / "field.jpg").getexif().get_ifd(GPS)  # as it came
    copies = [p for p in (imported / "_site").rglob("field*") if p.suffix in
              (".jpg", ".jpeg", ".webp", ".png", ".avif")]
    assert copies
    for copy in copies:
        with Image.open(copy) as image:
            exif = image.getexif()
            assert not exif.get_ifd(GPS), copy
            assert 0x0110 not in exif, copy
            assert "exif" not in image.info, copy


def test_importing_again_changes_no_byte(imported: Path, tmp_path: Path) -> None:
    tmp = imported.parent
    mine = [p for p in contents(imported) if p.startswith("content/") or
            p in ("redirects.toml", "import-report.md")]
    before = {p: (imported / p).read_bytes() for p in mine}
    result = run(imported, "import", str(tmp / "wordpress.xml"), str(tmp / "blogger.xml"),
                 "--media", str(tmp / "uploads"), "--comments", "archive")
    assert result.exit_code == 0, result.stderr
    after = {p: d for p, d in contents(imported).items() if p in before or
             p.startswith("content/")}
    assert after == before
