"""The quicker Markdown (sharesite/content/inline.py's inline pass, and leaving out the extensions a
document has no syntax for) gives Python-Markdown's own output, byte for byte: on every
Markdown file of the example site and the tests, on the hostile payloads, on edge cases and
on random Markdown; and both are really in use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown.inlinepatterns import SimpleTagInlineProcessor
from payloads import FUZZ, MARKDOWN, PAYLOADS

from sharesite.content import inline
from sharesite.content.markdown import MarkdownRenderer

REPO = Path(__file__).resolve().parent.parent
STOCK, QUICK = MarkdownRenderer(quick=False), MarkdownRenderer()

EDGE_CASES = [
    "A [link](/a/) then **bold** then *em* and _under_ and `code *not em*`.",
    "**bold [link](/x/)** and [**bold link**](/y/) and ![alt *x*](/i.png)",
    "Escapes: \\*not em\\* \\[not link\\] \\`not code\\` and \\\\ a backslash.",
    "Entities &amp; &copy; &#169; &#xA9; & alone, AT&T, a &nbsp;b.",
    "Line break at the end  \nof this line, and  \nthis one.",
    "<https://example.com/a?b=c> and <teacher@example.org> and <span>raw</span> html.",
    "Footnote[^1] and a reference [ref][r] and [short] and ![img ref][r].\n\n"
    "[^1]: The note with *em*.\n\n[r]: /ref/\n[short]: /short/",
    "snake_case_words and 2*3*4 and a_b_c *and* __strong__ ___both___ ***both***",
    "`` code with ` inside `` and ``` `` ``` and `a` `b`",
    "Placeholder-like \x02klzzwxh:0000\x03 text and \x02 alone.",
    "# Heading with *em* and [link](/l/) {#custom-id}\n\nText *after* [x](/x/).",
    "| a *b* | [c](/c/) |\n|---|---|\n| `d` | e &amp; f |",
    "Term *one*\n: Definition with [link](/d/)\n\n*[HTML]: Hyper Text Markup Language\n\n"
    "HTML here.",
    "<div markdown=\"1\">*inside* [html](/h/)</div>",
    "> Quote with **bold** and a [link](/q/)\n>\n> - list *item*\n> - `code`",
    "1. one *em*\n2. two [l](/2/)\n\n    indented code *not em*\n",
    "[link with `code` and *em*](/x/ \"Title *t*\") and [empty]() and [](/only/)",
    "![image](/a.png){: .wide } and [a](/b/){: .c }\n{: #para-id }",
    "* * *\n\n___\n\nText _with_ trailing underscore_ and *unclosed",
    # extensions' syntax in containers and corners, where a test for it could miss it
    "> Term in a quote\n> : its definition\n\n- Term in a list\n\n    : definition",
    "1. Term\n   : def\n\n- : starts with a colon\n\n:not a definition\n\n   : three spaces",
    "Term\n\t: tab-indented definition\n\n[^n]: A footnote with a def list\n\n    Term\n    : def",
    "a \\| b \\| c, escaped pipes, and a | b table\n\n| x |\n|---|\n| \\| |",
    "No table but an escaped \\| pipe, and *[abbr]: not an abbreviation here",
    "*[WHO]: World Health Organization\n\nThe WHO and who.\n\n[^x] without definition",
    "~~~python\nprint('tilde fence')\n~~~\n\n```\nplain fence {not attr}\n```\n\n`{: .x}`",
    "<div>raw <em>html</em></div>\n\n<p markdown=\"1\">*md in html*</p>\n\n&lt;not html&gt;",
    "Mixed **bold *and em* inside** and *em **and bold** inside*",
]


def markdown_files() -> list[Path]:
    return sorted([*(REPO / "content").rglob("*.md"), *(REPO / "tests").rglob("*.md"),
                   *(REPO / "sharesite").rglob("*.md")])


def test_it_is_in_use() -> None:
    assert inline.AVAILABLE, "this version of Python-Markdown is not one QuickInline knows"
    text = "A [link](/a/) and *em*[^1].\n\n[^1]: Note."
    used = QUICK._for(text)
    assert isinstance(used.treeprocessors["inline"], inline.QuickInline)
    assert not isinstance(STOCK._for(text).treeprocessors["inline"], inline.QuickInline)
    QUICK.render(text, "posts")
    # every built-in pattern is still recognised as the one it was checked against
    needs = used.treeprocessors["inline"]._needs
    assert sum(1 for n in needs if n) == len(inline._TRIGGERS)


def test_extensions_a_document_does_not_use_are_left_out() -> None:
    plain = QUICK._for("Just words, a [link](/a/) and *emphasis*: no more.")
    assert "footnote" not in plain.inlinePatterns and "table" not in plain.parser.blockprocessors
    full = QUICK._for("| a |\n|---|\n\n[^1]\n\nT\n: d\n\n*[A]: a\n\n```\n```\n{: .x}<b>")
    assert full is QUICK._md  # all of them
    assert STOCK._for("Just words.") is STOCK._md


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_same_html_for_every_markdown_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    assert QUICK.render(body, "posts") == STOCK.render(body, "posts")


@pytest.mark.parametrize("text", [*EDGE_CASES, *PAYLOADS.values()])
def test_same_html_for_edge_cases_and_payloads(text: str) -> None:
    assert QUICK.render(text, "posts") == STOCK.render(text, "posts")


@FUZZ
@given(text=st.one_of(MARKDOWN, st.lists(st.sampled_from(EDGE_CASES), max_size=5).map(" ".join)))
def test_same_html_for_random_markdown(text: str) -> None:
    assert QUICK.render(text, "posts") == STOCK.render(text, "posts")


def test_a_pattern_it_does_not_know_is_always_tried() -> None:
    """A pattern replaced (by an extension, or a new library version) under a known name
    is tried on every run of text, as the library would."""
    renderer = MarkdownRenderer()
    # "link" with a pattern that needs no "[": ~~x~~ → <del>x</del>
    renderer._for("This is ~~gone~~ now.").inlinePatterns.register(
        SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "link", 160)
    assert "<del>gone</del>" in renderer.render("This is ~~gone~~ now.", "posts").html
