"""`sharesite import`, one small export per quirk met in real exports (each written here,
not copied from anywhere): what it writes, and the report line that says so. The export
builders at the top are shared with test_import_site.py."""

from __future__ import annotations

import io
import tomllib
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from support import run

WP_NS = ('xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
         'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
         'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"')
FIXTURES = Path(__file__).parent / "fixtures" / "import"
OLD = "https://old.example/blog"
UPLOADS = OLD + "/wp-content/uploads/2021/03"
AUTHOR = ("<wp:author><wp:author_login>teacher</wp:author_login>"
          "<wp:author_email>patel@old.example</wp:author_email>"
          "<wp:author_display_name>Mrs Patel</wp:author_display_name></wp:author>\n")


def wxr(*items: str, head: str = AUTHOR, ns: str = WP_NS) -> str:
    """A WordPress export of `items`; line 7 is `head` (the author by default)."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<rss version="2.0" {ns}>\n<channel>\n<title>Class 4</title>\n'
            f"<link>{OLD}</link>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
            f'{head}{"".join(items)}</channel>\n</rss>\n')


def item(body: str = "<p>Hello.</p>", *, title: str = "Pond life", slug: str = "pond-life",
         date: str = "2021-03-04 10:00:00", status: str = "publish", kind: str = "post",
         link: str | None = None, post_id: str = "5", extra: str = "") -> str:
    """One item, on one line."""
    link = link if link is not None else f"{OLD}/2021/03/{slug}/"
    return (f"<item><title>{title}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{OLD}/?p={post_id}</guid>'
            "<dc:creator>teacher</dc:creator>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>"
            f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>{date}</wp:post_date>"
            f"<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>"
            f"<wp:post_type>{kind}</wp:post_type>{extra}</item>\n")


def attachment(post_id: str, parent: str, name: str, title: str = "A photo") -> str:
    return (f"<item><title>{title}</title><link>{OLD}/{name}/</link>"
            f"<wp:post_id>{post_id}</wp:post_id><wp:post_parent>{parent}</wp:post_parent>"
            "<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
            f"<wp:attachment_url>{UPLOADS}/{name}</wp:attachment_url></item>\n")


def meta(key: str, value: str) -> str:
    return (f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
            f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>")


def comment(author: str, text: str, approved: str = "1", email: str = "",
            url: str = "", ip: str = "") -> str:
    return (f"<wp:comment><wp:comment_author><![CDATA[{author}]]></wp:comment_author>"
            f"<wp:comment_author_email>{email}</wp:comment_author_email>"
            f"<wp:comment_author_url>{url}</wp:comment_author_url>"
            f"<wp:comment_author_IP>{ip}</wp:comment_author_IP>"
            "<wp:comment_date>2021-03-05 08:00:00</wp:comment_date>"
            f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
            f"<wp:comment_approved>{approved}</wp:comment_approved>"
            "<wp:comment_type></wp:comment_type></wp:comment>")


BLOGGER_HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/'
                'Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">\n'
                "<id>tag:blogger.com,1999:blog-9.archive</id><title>Class 9</title>\n"
                '<link href="https://class9.blogspot.com/" rel="alternate" type="text/html"/>\n')
KIND = 'scheme="http://schemas.google.com/g/2005#kind" term="http://schemas.google.com/blogger/2008/kind#'


def blogger_entry(n: int, title: str, body: str, *, kind: str = "post", extra: str = "",
                  path: str = "") -> str:
    link = (f'<link href="https://class9.blogspot.com{path}" rel="alternate" '
            'type="text/html"/>') if path else ""
    return (f"<entry><id>tag:blogger.com,1999:blog-9.post-{n}</id>"
            "<published>2013-05-06T10:00:00.000+01:00</published>"
            f'<category {KIND}{kind}"/><title type="text">{title}</title>'
            f'<content type="html">{body}</content>{link}'
            "<author><name>Mr Jones</name><email>jones@school.example</email></author>"
            f"{extra}</entry>\n")


TAKEOUT = (FIXTURES / "takeout/feed.atom").read_text(encoding="utf-8")

RSS = (FIXTURES / "plain-rss.xml").read_text(encoding="utf-8")

ATOM = (FIXTURES / "plain-atom.xml").read_text(encoding="utf-8")


def photo(colour: str = "green") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def new_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.toml").write_text('title = "T"\nbase_url = "https://new.example/"\n',
                                    encoding="utf-8")
    return site


def import_into(tmp_path: Path, text: str | bytes, *args: str,
                name: str = "export.xml") -> tuple[Path, str, str]:
    """Import one export (as file `name`); (site, stderr, the report). Asserts exit 0."""
    site = new_site(tmp_path)
    export = tmp_path / name
    export.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        export.write_bytes(text)
    else:
        export.write_text(text, encoding="utf-8")
    result = run(site, "import", str(export), *args)
    assert result.exit_code == 0, result.stderr
    return site, result.stderr, (site / "import-report.md").read_text(encoding="utf-8")


def written(site: Path) -> dict[str, str]:
    """Every text file the import wrote, by site-relative path."""
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*")) if p.is_file() and p.suffix in (".md", ".toml")
            and p.name != "site.toml"}


def post(site: Path, slug: str) -> str:
    return (site / "content/posts" / slug / "index.md").read_text(encoding="utf-8")


# (id, export, extra arguments, {file: [what it holds]}, a line of stderr, a line of the
# report)
REPAIRED = [
    ("undeclared-atom", wxr(item(), ns=WP_NS) .replace(
        "<wp:wxr_version>", f'<atom:link rel="self" href="{OLD}/feed/"/><wp:wxr_version>'),
     {"content/posts/pond-life/index.md": ['title: "Pond life"']},
     "export.xml:6: warning: the prefix atom: is used but never declared: read as "
     "http://www.w3.org/2005/Atom (repaired)"),
    ("wp_author", wxr(item(), head=AUTHOR.replace("wp:author>", "wp:wp_author>")),
     {"content/authors/mrs-patel.md": ['name: "Mrs Patel"'],
      "content/posts/pond-life/index.md": ['authors: ["mrs-patel"]']},
     "export.xml:7: warning: <wp:wp_author> read as <wp:author> (repaired)"),
    ("empty-slug-and-title", wxr(item(title="", slug="", link=f"{OLD}/?p=5")),
     {"content/posts/post-5/index.md": ['title: "Post 5"']},
     "export.xml:8: warning: empty slug: made 'post-5' from the title (repaired)"),
    ("empty-title", wxr(item(title="")),
     {"content/posts/pond-life/index.md": ['title: "Pond life"']},
     "export.xml:8: warning: empty title: used 'Pond life' (repaired)"),
    ("right-to-left-slug", wxr(item(slug="%e2%80%aepond-life", link=f"{OLD}/2021/03/pond-life/")),
     {"content/posts/pond-life/index.md": ['aliases: ["/2021/03/pond-life/"]']},
     "export.xml:8: warning: the slug has right-to-left or other direction controls: "
     "removed (repaired)"),
    ("zero-date", wxr(item(), item(title="Trip", slug="trip", date="2030-01-01 09:00:00",
                                   status="future", post_id="6"),
                      item(title="Idea", slug="", date="0000-00-00 00:00:00", status="draft",
                           link=f"{OLD}/?p=7", post_id="7")),
     {"content/posts/idea/index.md": ['date: "2021-03-04 10:00"', "draft: true"],
      "content/posts/trip/index.md": ['date: "2030-01-01 09:00"']},
     "export.xml:10: warning: no date (0000-00-00): used 2021-03-04 10:00 (repaired)"),
]


@pytest.mark.parametrize(("export", "files", "warning"), [r[1:] for r in REPAIRED],
                         ids=[r[0] for r in REPAIRED])
def test_quirks_are_repaired_with_a_warning(tmp_path: Path, export: str,
                                            files: dict[str, list[str]], warning: str) -> None:
    site, err, report = import_into(tmp_path, export)
    out = written(site)
    for rel, holds in files.items():
        for text in holds:
            assert text in out[rel], (rel, text, out[rel])
    assert warning in err.splitlines()
    assert f"- {warning}" in report.splitlines()


def test_whitespace_around_addresses_is_ignored(tmp_path: Path) -> None:
    media = tmp_path / "uploads" / "2021" / "03"
    media.mkdir(parents=True)
    (media / "frog.jpg").write_bytes(photo())
    export = wxr(item(link=f"\n   {OLD}/2021/03/pond-life/  \n", extra=meta("_thumbnail_id", "6")),
                 attachment("6", "5", "frog.jpg", "A frog").replace(
                     "<wp:attachment_url>", "<wp:attachment_url>\n  ").replace(
                     "</wp:attachment_url>", "  \n</wp:attachment_url>"))
    site, _, report = import_into(tmp_path, export, "--media", str(tmp_path / "uploads"))
    text = post(site, "pond-life")
    assert 'aliases: ["/2021/03/pond-life/"]' in text
    assert 'cover: "frog.jpg"' in text and 'cover_alt: "A frog"' in text  # featured image
    assert (site / "content/posts/pond-life/frog.jpg").read_bytes() == (media / "frog.jpg") \
        .read_bytes()
    assert "- media files copied: 1, not found: 0" in report


def test_php_serialized_meta_is_never_unserialized(tmp_path: Path) -> None:
    value = 'a:2:{s:4:"file";s:8:"evil.php";s:3:"obj";O:8:"stdClass":1:{s:1:"x";i:1;}}'
    site, _, _ = import_into(tmp_path, wxr(item(extra=meta("_wp_attachment_metadata", value)
                                                + meta("_thumbnail_id", "a:1:{i:0;i:6;}"))))
    everything = "".join(written(site).values()) + (site / "import-report.md").read_text()
    for piece in ("stdClass", "evil.php", 's:4:"file"', "a:1:{", "_wp_attachment_metadata"):
        assert piece not in everything
    assert "cover" not in post(site, "pond-life")


BAD = [
    ("billion-laughs", '<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY a "aaaaaaaaaa">\n'
     ' <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<rss><channel>&b;</channel></rss>\n',
     (), "sharesite: export.xml:2:15: the file declares a DTD or entities (DTDForbidden), "
     "which no blog export has: refused, as such a file can be made to exhaust memory "
     "(export the blog again from its dashboard)"),
    ("dtd", '<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "https://old.example/rss.dtd">\n'
     "<rss><channel></channel></rss>\n", (),
     "sharesite: export.xml:2:51: the file declares a DTD or entities (DTDForbidden), "
     "which no blog export has: refused, as such a file can be made to exhaust memory "
     "(export the blog again from its dashboard)"),
    ("malformed", wxr(item()).replace("<title>Pond life</title>", "<title>Pond & life</title>"),
     (), "sharesite: export.xml:8:20: this is not well-formed XML: not well-formed (invalid "
     "token) (the file was cut short or edited; export it again from the blog's dashboard, "
     "or fix the XML at that place)"),
    ("not-wordpress", BLOGGER_HEAD + blogger_entry(1, "A", "B") + "</feed>\n",
     ("--format", "wordpress"), "sharesite: export.xml:1:1: this is not a WordPress export "
     "(WXR): it has no <rss> with wp: elements (in WordPress: Tools → Export → All content; "
     "or pass --format blogger or --format feed)"),
    ("not-blogger", wxr(item()), ("--format", "blogger"),
     "sharesite: export.xml:1:1: this is not a Blogger export: it has no Atom <feed> with "
     "Blogger's kind categories (in Blogger: Settings → Back up content; or pass --format "
     "wordpress or --format feed)"),
    ("not-an-export", '<?xml version="1.0"?>\n<html><body>Hi</body></html>\n', (),
     "sharesite: export.xml:1:1: this is not a WordPress export, a Blogger export or a feed "
     "(export the blog from its dashboard: WordPress: Tools → Export; Blogger: Settings → "
     "Back up content)"),
]


@pytest.mark.parametrize(("export", "args", "message"), [b[1:] for b in BAD],
                         ids=[b[0] for b in BAD])
def test_bad_files_are_refused_with_their_message(tmp_path: Path, export: str,
                                                  args: tuple[str, ...], message: str) -> None:
    site = new_site(tmp_path)
    (tmp_path / "export.xml").write_text(export, encoding="utf-8")
    result = run(site, "import", str(tmp_path / "export.xml"), *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    assert sorted(p.name for p in site.rglob("*")) == ["content", "site.toml"]


def test_a_zip_of_the_export(tmp_path: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("class4.wordpress.2021-03-04.xml", wxr(item()))
        z.writestr("readme.txt", "not an export")
    site, _, report = import_into(tmp_path, archive.getvalue(), name="export.zip")
    assert 'aliases: ["/2021/03/pond-life/"]' in post(site, "pond-life")
    assert "From: export.zip/class4.wordpress.2021-03-04.xml" in report


def test_split_export_parts_are_read_together(tmp_path: Path) -> None:
    (tmp_path / "blog.001.xml").write_text(
        wxr(item(title="Second", slug="second", post_id="6")), encoding="utf-8")
    site, _, report = import_into(tmp_path, wxr(item()), name="blog.000.xml")
    assert post(site, "pond-life") and post(site, "second")
    assert "From: blog.000.xml, blog.001.xml" in report
    assert "- written, post: 2" in report


@pytest.mark.parametrize(("export", "slug", "holds"), [
    (RSS, "term-dates", ['aliases: ["/term-dates/"]', 'id: "https://news.example/?p=3"',
                         'date: "2021-02-02 09:00"', 'tags: ["Notices"]', "Term starts soon."]),
    (ATOM, "sports-day", ['aliases: ["/sports-day/"]', 'id: "urn:uuid:entry-1"',
                          'date: "2021-02-02 09:00"', "We ran."]),
], ids=["rss", "atom"])
def test_a_plain_feed_as_the_last_resort(tmp_path: Path, export: str, slug: str,
                                         holds: list[str]) -> None:
    site, _, report = import_into(tmp_path, export)
    text = post(site, slug)
    for piece in holds:
        assert piece in text
    assert "- written, post: 1" in report


def test_takeout_feed_atom(tmp_path: Path) -> None:
    site, _, report = import_into(tmp_path, TAKEOUT, "--comments", "archive",
                                  name="Takeout/Blogger/Blogs/Class 77/feed.atom")
    text = post(site, "rockets")
    assert 'aliases: ["/2019/11/rockets.html"]' in text
    assert 'id: "tag:blogger.com,1999:blog-77.post-1"' in text
    assert 'tags: ["Science"]' in text
    assert "**Amir's Mum**, 2019-11-09:" in text and "Brilliant rockets!" in text
    for gone in ("Cheap pills", "Rude words", "mum@home.example", "noreply@"):
        assert gone not in "".join(written(site).values())
    assert "draft: true" in post(site, "half-done")
    assert not (site / "content/posts/binned").exists()
    assert "- skipped, trash post: 1" in report
    assert "class77.blogspot.com cannot redirect by themselves" in report


def test_blogger_backup_with_undeclared_app_prefix_and_removed_comments(tmp_path: Path) -> None:
    reply = ('<thr:in-reply-to ref="tag:blogger.com,1999:blog-9.post-1" '
             'href="https://class9.blogspot.com/2013/05/bees.html"/>')
    export = (BLOGGER_HEAD + blogger_entry(1, "Bees", "Bees &lt;b&gt;buzz&lt;/b&gt;.",
                                           path="/2013/05/bees.html")
              + blogger_entry(2, "Wasps", "Later",
                              extra="<app:control><app:draft>yes</app:draft></app:control>")
              + blogger_entry(3, "", "Lovely bees", kind="comment", extra=reply)
              + blogger_entry(4, "", "This comment has been removed by a blog administrator.",
                              kind="comment", extra=reply)
              + "</feed>\n")
    site, err, _ = import_into(tmp_path, export, "--comments", "archive")
    assert "export.xml:6: warning: the prefix app: is used but never declared: read as " \
        "http://purl.org/atom/app# (repaired)" in err.splitlines()
    text = post(site, "bees")
    assert 'aliases: ["/2013/05/bees.html"]' in text and "Lovely bees" in text
    assert "removed by" not in text
    assert "draft: true" in post(site, "wasps")


@pytest.mark.parametrize(("flag", "written_as"), [((), None), (("--include-private",), True)])
def test_private_and_password_protected_posts(tmp_path: Path, flag: tuple[str, ...],
                                              written_as: bool | None) -> None:
    export = wxr(item(title="Staff", slug="staff", status="private", body="Staff secret"),
                 item(title="Code", slug="code", post_id="6", body="Code 1234",
                      extra="<wp:post_password>letmein</wp:post_password>"))
    site, _, report = import_into(tmp_path, export, *flag)
    if written_as is None:
        assert not (site / "content/posts").exists()
        assert "- export.xml:8: skipped post 'Staff': private" in report
        assert "- export.xml:9: skipped post 'Code': password-protected" in report
        assert "Staff secret" not in "".join(written(site).values())
    else:
        assert "draft: true" in post(site, "staff") and "draft: true" in post(site, "code")
        assert "- written, private (as a draft): 2" in report
    assert "letmein" not in "".join(written(site).values())


def test_drafts_scheduled_posts_and_categories(tmp_path: Path) -> None:
    cats = ("<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>science"
            "</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>"
            "Science</wp:cat_name></wp:category>\n<wp:category><wp:term_id>2</wp:term_id>"
            "<wp:category_nicename>plants</wp:category_nicename><wp:category_parent>science"
            "</wp:category_parent><wp:cat_name>Plants</wp:cat_name></wp:category>\n")
    terms = ('<category domain="category" nicename="uncategorized">Uncategorized</category>'
             '<category domain="category" nicename="plants">Plants</category>'
             '<category domain="post_tag" nicename="pond">Pond</category>')
    export = wxr(item(extra=terms),
                 item(title="Fair", slug="fair", date="2031-06-01 09:00:00", status="future",
                      post_id="6"),
                 item(title="Plan", slug="plan", status="draft", post_id="7",
                      link=f"{OLD}/?p=7"),
                 head=AUTHOR + cats)
    site, _, report = import_into(tmp_path, export)
    text = post(site, "pond-life")
    assert 'tags: ["Plants", "Pond"]' in text and "Uncategorized" not in text
    scheduled = post(site, "fair")
    assert 'date: "2031-06-01 09:00"' in scheduled and "draft" not in scheduled
    assert "draft: true" in post(site, "plan") and "aliases" not in post(site, "plan")
    redirects = tomllib.loads((site / "redirects.toml").read_text())["redirects"]
    assert redirects["/category/science/plants/"] == "/tags/plants/"
    assert redirects["/category/science/plants/feed/"] == "/tags/plants/feed.xml"
    assert redirects["/tag/pond/"] == "/tags/pond/"
    assert not any("uncategorized" in k for k in redirects)
    assert "- written, scheduled post: 1" in report and "- written, draft: 1" in report
    assert "?p=7 is a query" in report


RICH = f"""Intro words.<!--more-->
<!-- wp:paragraph --><p>Para <b>bold</b>.</p><!-- /wp:paragraph -->

[caption id="attachment_6" width="300"]<img src="{UPLOADS}/frog-300x199.jpg"
 srcset="{UPLOADS}/frog-300x199.jpg 300w, {UPLOADS}/frog-1024x680.jpg 1024w" alt="Frog">
 A frog[/caption]

[gallery ids="6,7"]

[audio mp3="{UPLOADS}/song.mp3"][/audio]

[video mp4="{UPLOADS}/clip.mp4"][/video]

[embed]https://www.youtube.com/watch?v=abcdefghijk[/embed]

https://youtu.be/zyxwvutsrqp

[poll id="3"]

<div style="background: url({UPLOADS}/pond.png)">Pond</div>

<script src="https://evil.example.net/x.js"></script><iframe src="https://ads.example.org/frame"></iframe>

<a href="{UPLOADS}/letter.pdf" onclick="track()">Letter</a> and \
<a href="{UPLOADS}/form.docx">Form</a>"""


def rich_media(folder: Path) -> None:
    """The old uploads of RICH: photos (frog, newt; pond in CSS), a PDF, a .docx, sounds."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "frog.jpg").write_bytes(photo("green"))
    (folder / "newt.jpg").write_bytes(photo("orange"))
    (folder / "pond.png").write_bytes(photo("blue"))
    (folder / "letter.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (folder / "form.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (folder / "song.mp3").write_bytes(b"ID3 song")
    (folder / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")


def test_shortcodes_blocks_and_media(tmp_path: Path) -> None:
    rich_media(tmp_path / "uploads" / "2021" / "03")
    export = wxr(item(RICH, extra=meta("_thumbnail_id", "7")),
                 attachment("6", "5", "frog.jpg", "Frog"), attachment("7", "5", "newt.jpg", "Newt"))
    site, _, report = import_into(tmp_path, export, "--media", str(tmp_path / "uploads"))
    text = post(site, "pond-life")
    assert 'summary: "Intro words."' in text  # <!--more-->
    assert "Para **bold**." in text and "wp:" not in text  # block comments dropped
    assert '<figure><img src="frog.jpg" alt="Frog"><figcaption>A frog</figcaption></figure>' \
        in text  # [caption], the -300x199 size variant mapped to the original
    assert '<figure class="gallery"><img src="frog.jpg" alt="Frog"><img src="newt.jpg" ' \
        'alt="Newt"></figure>' in text
    assert '<audio controls="" src="song.mp3">' in text
    assert '<video controls="" src="clip.mp4">' in text
    assert 'src="https://www.youtube-nocookie.com/embed/abcdefghijk"' in text  # [embed]
    assert 'src="https://www.youtube-nocookie.com/embed/zyxwvutsrqp"' in text  # bare address
    assert '[poll id="3"]' in text
    assert "[Letter](letter.pdf) and [Form](form.docx)" in text
    assert 'cover: "newt.jpg"' in text
    for gone in ("[caption", "[gallery", "[audio", "[embed", "<script", "evil.example",
                 "ads.example", "onclick", "track()", "1024x680", "uploads/"):
        assert gone not in text, gone
    files = sorted(p.name for p in (site / "content/posts/pond-life").iterdir())
    assert files == ["clip.mp4", "form.docx", "frog.jpg", "index.md", "letter.pdf", "newt.jpg",
                     "pond.png", "song.mp3"]  # pond.png: found in CSS url()
    for line in ("- export.xml:8: removed script from evil.example.net from 'Pond life'",
                 "- export.xml:8: removed iframe from ads.example.org from 'Pond life'",
                 "- export.xml:8: removed event handler onclick= from 'Pond life'",
                 "- export.xml:8: shortcode [poll] left as text (1 time) in 'Pond life'",
                 "- unknown shortcodes left as text: 1",
                 "- media files copied: 7, not found: 0"):
        assert line in report.splitlines(), line


def test_blogger_size_variants_map_to_the_original(tmp_path: Path) -> None:
    (tmp_path / "takeout").mkdir()
    (tmp_path / "takeout" / "volcano.jpg").write_bytes(photo("red"))
    body = ('&lt;a href="https://1.bp.blogspot.com/-x/AAA/s1600/volcano.jpg"&gt;&lt;img '
            'src="https://1.bp.blogspot.com/-x/AAA/s320/volcano.jpg"&gt;&lt;/a&gt; Hot!')
    export = BLOGGER_HEAD + blogger_entry(1, "Volcano", body, path="/2013/05/volcano.html") \
        + "</feed>\n"
    site, _, report = import_into(tmp_path, export, "--media", str(tmp_path / "takeout"))
    text = post(site, "volcano")
    assert "[![](volcano.jpg)](volcano.jpg)" in text or '<img src="volcano.jpg"' in text, text
    assert "blogspot" not in text.split("---", 2)[2]
    assert "- media files copied: 1, not found: 0" in report


@pytest.mark.parametrize("mode", ["archive", "none"])
def test_comments_keep_no_personal_data(tmp_path: Path, mode: str) -> None:
    comments = (comment("Sam's Dad", "Lovely! Mail dad@parents.example",
                        email="dad@parents.example", url="https://dad.example", ip="192.0.2.7")
                + comment("Spammer", "Buy pills", approved="spam", email="s@spam.example")
                + comment("Waiting", "Not yet approved", approved="0"))
    site, _, report = import_into(tmp_path, wxr(item(extra=comments)), "--comments", mode)
    text = post(site, "pond-life")
    everything = "".join(written(site).values()) + report
    for gone in ("dad@parents.example", "dad.example", "192.0.2.7", "Buy pills",
                 "Not yet approved", "s@spam.example"):
        assert gone not in everything, gone
    if mode == "archive":
        assert "## Comments (archived)" in text
        assert "**Sam's Dad**, 2021-03-05:" in text and "Lovely! Mail [e-mail address removed]" \
            in text
    else:
        assert "Comments" not in text and "Sam's Dad" not in text
        assert "- skipped, comments (--comments archive keeps approved ones): 1" in report


def test_authors_are_never_merged_across_imports(tmp_path: Path) -> None:
    site, _, _ = import_into(tmp_path, wxr(item()))
    other = AUTHOR.replace("Mrs Patel", "Mrs. Patel").replace("teacher", "teacher2")
    second = tmp_path / "second.xml"
    second.write_text(wxr(item(title="Bugs", slug="bugs", post_id="9").replace(
        "teacher", "teacher2"), head=other), encoding="utf-8")
    assert run(site, "import", str(second)).exit_code == 0
    assert (site / "content/authors/mrs-patel.md").read_text() == '---\nname: "Mrs Patel"\n---\n'
    assert (site / "content/authors/mrs-patel-2.md").read_text() == \
        '---\nname: "Mrs. Patel"\n---\n'
    assert 'authors: ["mrs-patel-2"]' in post(site, "bugs")
    assert 'authors: ["mrs-patel"]' in post(site, "pond-life")
    third = tmp_path / "third.xml"  # the same person again: the same profile
    third.write_text(wxr(item(title="Ants", slug="ants", post_id="10").replace(
        "teacher", "teacher2"), head=other), encoding="utf-8")
    assert run(site, "import", str(third)).exit_code == 0
    assert 'authors: ["mrs-patel-2"]' in post(site, "ants")
    assert sorted(p.name for p in (site / "content/authors").iterdir()) == \
        ["mrs-patel-2.md", "mrs-patel.md"]


def test_uploads_zip_is_read_one_file_at_a_time(tmp_path: Path) -> None:
    archive = tmp_path / "uploads.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("wp-content/uploads/2021/03/frog.jpg", photo())
        z.writestr("wp-content/uploads/2021/03/huge.pdf", b"\0" * (51 * 1024 * 1024))
    body = (f'<img src="{UPLOADS}/frog-150x150.jpg" alt="Frog"> '
            f'<a href="{UPLOADS}/huge.pdf">Huge</a>')
    site, _, report = import_into(tmp_path, wxr(item(body)), "--media", str(archive))
    assert (site / "content/posts/pond-life/frog.jpg").read_bytes() == photo()
    assert not (site / "content/posts/pond-life/huge.pdf").exists()
    assert f"media not found: {UPLOADS}/huge.pdf (not in --media)" in report


def test_an_item_without_id_or_address_is_not_imported_twice(tmp_path: Path) -> None:
    bare = item(title="Sample", slug="sample", link="").replace(
        f'<guid isPermaLink="false">{OLD}/?p=5</guid>', "")
    site, _, _ = import_into(tmp_path, wxr(bare, item(title="Old", slug="old", post_id="6",
                                                      date="0000-00-00 00:00:00")))
    assert "id:" not in post(site, "sample")
    before = written(site)
    assert run(site, "import", str(tmp_path / "export.xml")).exit_code == 0
    assert written(site) == before
    assert not (site / "content/posts/sample-2").exists()
