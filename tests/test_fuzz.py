"""Property-based tests (hypothesis): whatever a teacher or a stranger writes in front
matter, Markdown or site.toml, `sharesite build` ends with exit 0, 1 or 2 and messages,
never a traceback, and a failed build leaves the previous output as it was.

CI runs a few dozen examples of each; `SHARESITE_FUZZ_EXAMPLES=2000 pytest
tests/test_fuzz.py` (or scripts/fuzz.sh) runs a long campaign.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st
from payloads import FUZZ, MARKDOWN, TEXT
from support import DEFAULT_CONFIG, hashes, make_site, out, run

GOOD = {
    "content/posts/2024-01-05-hello.md": "---\ntitle: Hello\ntags: [maths]\n---\nFirst.\n",
    "content/authors/ms-a.md": "---\nname: Ms A\n---\nTeaches maths.\n",
}
KEYS = ["title", "date", "updated", "summary", "tags", "authors", "author", "slug", "draft",
        "cover", "cover_alt", "aliases", "subjects", "levels", "type", "licence", "files",
        "adapted_from", "duration", "menu", "links", "name", "role", "x-anything"]
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                   st.floats(allow_nan=True), TEXT,
                   st.dates().map(str), st.datetimes().map(str))
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from([*KEYS, "path", "url"]),
                                                 inner, max_size=4)), max_leaves=10)
FRONT_MATTER = st.one_of(
    st.dictionaries(st.sampled_from(KEYS), VALUE, max_size=8).map(
        lambda d: yaml.safe_dump(d, allow_unicode=True)),
    TEXT)  # not even YAML
TOML = st.lists(st.one_of(
    st.tuples(st.sampled_from(["title", "base_url", "description", "language", "timezone",
                               "author", "licence", "theme", "[build]", "output",
                               "posts_per_page", "[feeds]", "items", "[search]", "enabled",
                               "[vocabulary]", "levels", "subjects", "unsafe_html"]),
              st.one_of(TEXT.map(lambda t: '"' + t.replace("\\", "/").replace('"', "'")
                                 .replace("\n", " ") + '"'),
                        st.integers(-5, 10**9).map(str), st.sampled_from(
                            ["true", "false", "[]", '["KS2", 3]', "{a = 1}", "1979-05-27"])))
    .map(lambda kv: kv[0] if kv[0].startswith("[") else f"{kv[0]} = {kv[1]}"),
    TEXT), max_size=10).map("\n".join)


def check(files: dict[str, str | bytes], config: str | None = None) -> None:
    """Build a good site, then write `files` over it and build again."""
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp), GOOD)
        assert run(site, "build").exit_code == 0
        before = hashes(out(site))
        for rel, body in files.items():
            path = site / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8", "replace"))
        if config is not None:
            (site / "site.toml").write_text(config, encoding="utf-8", errors="replace")
        result = run(site, "build")  # support.run fails on any exception but SystemExit
        assert result.exit_code in (0, 1, 2), result
        assert "Traceback" not in result.stderr + result.stdout
        if result.exit_code != 0:
            assert result.stderr.strip(), "a failed build says why"
            assert hashes(out(site)) == before, "a failed build changed the output"


@FUZZ
@given(front=FRONT_MATTER, body=MARKDOWN)
def test_any_post_builds_or_says_why(front: str, body: str) -> None:
    check({"content/posts/2024-02-02-fuzz.md": f"---\n{front}\n---\n{body}\n"})


@FUZZ
@given(front=FRONT_MATTER, body=MARKDOWN)
def test_any_resource_builds_or_says_why(front: str, body: str) -> None:
    check({"content/resources/fuzz/index.md": f"---\n{front}\n---\n{body}\n",
           "content/resources/fuzz/sheet.pdf": b"%PDF-1.4\n"})


@FUZZ
@given(raw=st.binary(max_size=300))
def test_any_bytes_in_a_post_build_or_say_why(raw: bytes) -> None:
    check({"content/posts/2024-02-02-bytes.md": raw})


@FUZZ
@given(toml=TOML)
def test_any_site_toml_builds_or_says_why(toml: str) -> None:
    check({}, config=DEFAULT_CONFIG + "\n" + toml if toml.startswith("[") else toml)
