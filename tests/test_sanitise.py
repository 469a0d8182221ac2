"""Raw HTML and hostile front matter: nothing a contributor writes can run script in a
reader's browser, on the page or in a feed. Checked with a real HTML parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from payloads import PAYLOADS
from support import PNG, build, feed_html, make_site, out, parse, prose, read, run, tree, unsafe

EMBEDS = {
    "youtube-nocookie": "https://www.youtube-nocookie.com/embed/abc",
    "youtube": "https://www.youtube.com/embed/xyz",
    "vimeo": "https://player.vimeo.com/video/123456",
    "google-slides": "https://docs.google.com/presentation/d/e/2PACX-1/embed?start=false",
    "google-forms": "https://docs.google.com/forms/d/e/1FAIpQL/viewform?embedded=true",
    "office": "https://view.officeapps.live.com/op/embed.aspx?src=https%3A%2F%2Fx.example%2Fa.pptx",
}


def payload_post() -> str:
    lines = ["---", "title: Payloads", "---", "Introduction.", ""]
    for text in PAYLOADS.values():
        lines += [text, ""]
    lines += ['<iframe src="https://evil.example/" title="evil"></iframe>', ""]
    lines += ['<iframe src="http://www.youtube.com/embed/abc" title="plain http"></iframe>', ""]
    lines += ['<iframe src="https://www.youtube.com.evil.example/embed/x" title="look-alike">'
              "</iframe>", ""]
    for name, src in EMBEDS.items():
        lines += [f'<iframe src="{src}" title="{name}"></iframe>', ""]
    lines += ["The end."]
    return "\n".join(lines) + "\n"


POST = "content/posts/2024-01-01-payloads.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = make_site(tmp_path_factory.mktemp("payloads"), {POST: payload_post()})
    result = run(site, "build")
    assert result.exit_code == 0, result.stderr
    return site, result.stderr


def line_of(text: str) -> int:
    return payload_post().split("\n").index(text) + 1


def test_page_has_nothing_unsafe(built: tuple[Path, str]) -> None:
    site, _ = built
    page = read(site, "posts/payloads/index.html")
    assert unsafe(prose(page), content=True) == []
    assert unsafe(page) == []
    text = parse(prose(page)).text
    assert "Introduction." in text
    assert "The end." in text


@pytest.mark.parametrize("rel", ["feed.xml", "rss.xml"])
def test_feed_content_has_nothing_unsafe(built: tuple[Path, str], rel: str) -> None:
    site, _ = built
    fragments = feed_html(out(site) / rel)
    assert any("The end." in f for f in fragments)
    for fragment in fragments:
        assert unsafe(fragment, content=True) == []


def test_every_built_page_is_safe(built: tuple[Path, str]) -> None:
    site, _ = built
    for rel in tree(out(site)):
        if rel.endswith(".html"):
            assert unsafe(read(site, rel)) == [], rel


def test_attr_list_keeps_the_text_but_not_the_handler(built: tuple[Path, str]) -> None:
    site, _ = built
    doc = parse(prose(read(site, "posts/payloads/index.html")))
    assert "A paragraph with attributes" in doc.text
    assert [a for _, a in doc.tags if "onclick" in a or "onmouseover" in a] == []
    headings = [a for t, a in doc.tags if t == "h2"]
    assert headings and headings[0].get("id") == "a-heading"


def test_code_fence_keeps_its_language_only(built: tuple[Path, str]) -> None:
    site, _ = built
    doc = parse(prose(read(site, "posts/payloads/index.html")))
    (code,) = doc.find("code")
    assert code == {"class": "language-python"}
    assert 'print("hi")' in doc.text


def test_javascript_links_lose_their_href(built: tuple[Path, str]) -> None:
    site, _ = built
    doc = parse(prose(read(site, "posts/payloads/index.html")))
    for label in ("plain", "mixed", "entity", "tab", "space", "datamd", "data", "vb"):
        assert label in doc.text
    hrefs = [a.get("href") for a in doc.find("a")]
    assert all(h is None or h.startswith(("/sub/", "#", "https://")) for h in hrefs), hrefs


def test_allowed_embeds_are_kept(built: tuple[Path, str]) -> None:
    site, _ = built
    srcs = [a["src"] for a in parse(read(site, "posts/payloads/index.html")).find("iframe")]
    # the page's HTML escapes & as &amp;, which the parser turns back
    assert srcs == list(EMBEDS.values())


def test_blocked_embeds_are_removed_with_a_warning(built: tuple[Path, str]) -> None:
    site, stderr = built
    page = read(site, "posts/payloads/index.html")
    assert "evil.example" not in prose(page)
    hint = ("(sharesite embeds only YouTube, Vimeo, Google Docs/Slides/Forms and Microsoft "
            "Office online; link to it instead)")
    for src, raw in [
        ("https://evil.example/",
         '<iframe src="https://evil.example/" title="evil"></iframe>'),
        ("http://www.youtube.com/embed/abc",
         '<iframe src="http://www.youtube.com/embed/abc" title="plain http"></iframe>'),
        ("https://www.youtube.com.evil.example/embed/x",
         '<iframe src="https://www.youtube.com.evil.example/embed/x" title="look-alike">'
         "</iframe>"),
    ]:
        expected = (f"{POST}:{line_of(raw)}: warning: the embedded frame from {src!r} was "
                    f"removed {hint}")
        assert expected in stderr.splitlines(), stderr


def test_embeds_cannot_ask_for_camera_or_come_from_any_sharepoint_page(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/posts/2024-01-05-embeds.md": """\
        ---
        title: Embeds
        ---
        <iframe src="https://forms.office.com/r/abc" title="Form"
                allow="camera; microphone; fullscreen"></iframe>

        <iframe src="https://evil.sharepoint.com/sites/x/page.aspx" title="Page"></iframe>
        """})
    result = run(site, "build")
    assert result.exit_code == 0
    html = read(site, "posts/embeds/index.html")
    assert '<iframe src="https://forms.office.com/r/abc" title="Form" allow="fullscreen">' in html
    assert "evil.sharepoint.com" not in html
    assert ("content/posts/2024-01-05-embeds.md:7: warning: the embedded frame from "
            "'https://evil.sharepoint.com/sites/x/page.aspx' was removed") in result.stderr


def test_removed_elements_are_gone(built: tuple[Path, str]) -> None:
    site, _ = built
    tags = {t for t, _ in parse(prose(read(site, "posts/payloads/index.html"))).tags}
    assert not tags & {"script", "style", "form", "input", "button", "svg", "object", "embed",
                       "base", "meta"}
    # Text may mention alert (link labels, a reference definition shown as text); no
    # attribute may carry it, but a percent-encoded "javascript:" that stayed a path
    # under the site (a broken link, not a script).
    for tag, attrs in parse(prose(read(site, "posts/payloads/index.html"))).tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if value and "alert" in value:
                assert name == "href" and value.startswith("/sub/posts/"), (tag, name, value)


# --- front matter shown by templates ------------------------------------------------------

S = "<script>alert('fm')</script>"
Q = '"><img src=x onerror=alert(1)>'


def yaml_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


HOSTILE: dict[str, str | bytes] = {
    "content/posts/2024-01-01-hostile/index.md":
        "---\n"
        f"title: {yaml_text(S)}\n"
        f"summary: {yaml_text(Q)}\n"
        f"tags: [{yaml_text(S)}, {yaml_text(Q)}]\n"
        "cover: cover.png\n"
        f"cover_alt: {yaml_text(Q)}\n"
        "authors: [evil]\n"
        "---\nBody.\n",
    "content/posts/2024-01-01-hostile/cover.png": PNG,
    "content/authors/evil.md":
        "---\n"
        f"name: {yaml_text(S)}\n"
        f"role: {yaml_text(Q)}\n"
        f"school: {yaml_text(S)}\n"
        "---\nBio.\n",
    "content/resources/r/index.md":
        "---\n"
        f"title: {yaml_text(Q)}\n"
        "date: 2024-01-01\n"
        "authors: [evil]\n"
        f"duration: {yaml_text(S)}\n"
        "files:\n"
        f"  - path: sheet.pdf\n    title: {yaml_text(S)}\n"
        "adapted_from:\n"
        f"  - title: {yaml_text(S)}\n    author: {yaml_text(Q)}\n"
        "    url: https://example.org/original\n"
        "---\nBody.\n",
    "content/resources/r/sheet.pdf": b"%PDF-1.4\n",
    "content/pages/about.md": f"---\ntitle: {yaml_text(Q)}\nmenu: 1\n---\nAbout.\n",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = make_site(tmp_path_factory.mktemp("hostile"), HOSTILE)
    build(site)
    return site


def test_front_matter_is_escaped_on_every_page(hostile: Path) -> None:
    pages = [f for f in tree(out(hostile)) if f.endswith(".html")]
    assert len(pages) > 10
    for rel in pages:
        assert unsafe(read(hostile, rel)) == [], rel


@pytest.mark.parametrize(("rel", "shown"), [
    ("posts/hostile/index.html", [S, Q]),  # title, summary, tags, cover_alt, author name
    ("index.html", [S, Q]),
    ("tags/index.html", [S, Q]),
    ("authors/evil/index.html", [S, Q]),
    ("authors/index.html", [S]),
    ("resources/r/index.html", [S, Q]),
    ("archive/index.html", [S]),
])
def test_front_matter_text_appears_as_text(hostile: Path, rel: str, shown: list[str]) -> None:
    page = read(hostile, rel)
    doc = parse(page)
    for value in shown:
        assert value in doc.text or value in [a.get("alt") for a in doc.find("img")], value
    assert "<script>alert('fm')" not in page
    assert "<img src=x" not in page


def test_front_matter_in_head_and_jsonld(hostile: Path) -> None:
    doc = parse(read(hostile, "posts/hostile/index.html"))
    assert doc.meta("og:title") == S
    assert doc.meta("description") == Q
    assert doc.meta("og:image:alt") == Q
    (data,) = doc.jsonld()
    assert data["headline"] == S
    assert data["author"][0]["name"] == S


def test_front_matter_in_feeds(hostile: Path) -> None:
    for rel in ("feed.xml", "rss.xml", "authors/evil/feed.xml"):
        for fragment in feed_html(out(hostile) / rel):
            assert unsafe(fragment, content=True) == [], rel


NOT_A_WEB_ADDRESS = "is not a web address (write a full address like https://example.org/page"


@pytest.mark.parametrize(("file", "text", "message"), [
    ("content/resources/r/index.md",
     "---\ntitle: R\ndate: 2024-01-01\nadapted_from:\n  - title: Original\n"
     "    url: \"javascript:alert(1)\"\n---\nBody.\n",
     f"5: adapted_from: url: 'javascript:alert(1)' {NOT_A_WEB_ADDRESS} or a path on this "
     "site like /resources/x/)"),
    ("content/resources/r/index.md",
     "---\ntitle: R\ndate: 2024-01-01\nadapted_from:\n  - title: Original\n"
     "    url: \"data:text/html,<script>alert(1)</script>\"\n---\nBody.\n",
     f"5: adapted_from: url: 'data:text/html,<script>alert(1)</script>' {NOT_A_WEB_ADDRESS} "
     "or a path on this site like /resources/x/)"),
    ("content/authors/evil.md",
     "---\nname: Evil\nlinks:\n  - title: Home\n    url: \"javascript:alert(1)\"\n---\nBio.\n",
     f"4: links: url: 'javascript:alert(1)' {NOT_A_WEB_ADDRESS})"),
    ("content/authors/evil.md",
     "---\nname: Evil\nlinks:\n  - title: Home\n    url: \" JaVaScRiPt:alert(1)\"\n---\nB.\n",
     f"4: links: url: 'JaVaScRiPt:alert(1)' {NOT_A_WEB_ADDRESS})"),
], ids=["adapted-from-javascript", "adapted-from-data", "author-link-javascript",
        "author-link-mixed-case"])
def test_urls_in_front_matter_cannot_be_javascript(tmp_path: Path, file: str, text: str,
                                                   message: str) -> None:
    """adapted_from urls and author links become hrefs: a javascript: or data: URL there
    is refused (an error naming the line), never written as a link."""
    site = make_site(tmp_path, {file: text,
                                "content/posts/2024-01-01-p.md": "---\ntitle: P\n---\nx\n"})
    result = run(site, "build")
    assert result.exit_code == 1
    assert result.lines[:-1] == [f"{file}:{message}"]
    assert not out(site).exists()  # nothing published


# --- the documented opt-out ---------------------------------------------------------------

def test_unsafe_html_lets_raw_html_through(tmp_path: Path) -> None:
    config = ('title = "T"\nbase_url = "https://example.github.io/sub/"\n'
              "unsafe_html = true\n")
    body = ('<script>window.quiz = 1;</script>\n\n<div onclick="go()">Click</div>\n\n'
            '<iframe src="https://quiz.example/embed"></iframe>\n')
    site = make_site(tmp_path, {POST: "---\ntitle: Quiz\n---\n" + body}, config)
    result = build(site)
    assert "warning" not in result.stderr
    doc = parse(prose(read(site, "posts/payloads/index.html")))
    assert [body for _, body in doc.scripts] == ["window.quiz = 1;"]
    assert doc.find("div", onclick="go()")
    assert [a["src"] for a in doc.find("iframe")] == ["https://quiz.example/embed"]


def test_an_unclosed_style_tag_swallowing_the_text_is_reported(tmp_path: Path) -> None:
    """A mutation-XSS classic: the unclosed <style> inside <math> makes the rest of the
    post style text. Nothing unsafe comes out, and the teacher is told the text went."""
    body = "<math><mtext><table><mglyph><style><img src=x onerror=alert(15)>\n\n" + \
        "The lesson went well, and here is what we did next. " * 5
    site = make_site(tmp_path, {POST: f"---\ntitle: Lost\n---\n{body}\n"})
    result = run(site, "build")
    assert result.exit_code == 0
    assert (f"{POST}:4: warning: 55 words of this text were removed by the safety filter, "
            "probably after an unclosed <style>, <script> or <math> tag (close the tag or "
            "remove it: only ordinary formatting HTML is kept)") in result.lines
    page = (site / "_site/posts/payloads/index.html").read_text()
    assert "onerror" not in page and "alert(15)" not in page


SVGS = {
    "onload": ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "an event handler"),
    "upper-case handler": ('<svg xmlns="http://www.w3.org/2000/svg" ONLOAD="alert(1)"/>',
                           "an event handler"),
    "xlink javascript": ('<svg xmlns="http://www.w3.org/2000/svg" '
                         'xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href=" JavaScript:'
                         'alert(1)"><text>x</text></a></svg>', "a JavaScript: link"),
    "foreignObject": ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p>'
                      '</foreignObject></svg>', "a <foreignObject> element"),
    "animate to javascript": ('<svg xmlns="http://www.w3.org/2000/svg"><a><set '
                              'attributeName="href" to="javascript:alert(1)"/></a></svg>',
                              "a javascript: link"),
    "processing instruction": ('<svg xmlns="http://www.w3.org/2000/svg"><?xml-stylesheet '
                               'href="x.xsl"?></svg>', "a processing instruction"),
    "not well-formed": ("<svg><circle></svg>", "not a well-formed SVG file"),
}


@pytest.mark.parametrize("name", list(SVGS))
def test_svg_that_could_run_script_is_refused(tmp_path: Path, name: str) -> None:
    svg, found = SVGS[name]
    site = make_site(tmp_path, {"content/posts/2024-01-01-pic/index.md":
                                "---\ntitle: Pic\n---\n![A picture](pic.svg)\n",
                                "content/posts/2024-01-01-pic/pic.svg": svg})
    result = run(site, "build")
    assert result.exit_code == 1
    assert any(line.startswith("content/posts/2024-01-01-pic/pic.svg:") and found in line
               for line in result.lines), result.stderr


def test_a_plain_svg_is_published(tmp_path: Path) -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>A dot</title>'
           '<circle cx="5" cy="5" r="4" style="fill:#c00"/><a href="https://example.org/">'
           '<text x="1" y="9">x</text></a></svg>')
    site = make_site(tmp_path, {"content/posts/2024-01-01-pic/index.md":
                                "---\ntitle: Pic\n---\n![A dot](pic.svg)\n",
                                "content/posts/2024-01-01-pic/pic.svg": svg})
    assert run(site, "build").exit_code == 0
    assert (site / "_site/posts/pic/pic.svg").read_text() == svg
