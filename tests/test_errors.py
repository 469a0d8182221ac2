"""Invalid input: the exact `path:line: what (how to fix)` message, every error in one run,
the right exit code, no traceback, and the previous output left exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import (
    BASE_URL,
    PNG,
    Result,
    build,
    hashes,
    make_site,
    out,
    parse,
    read,
    run,
    write_files,
)

from sharesite import __version__
from sharesite.cache import FORMAT
from sharesite.places import site_cache

GOOD = {
    "content/posts/2024-01-05-hello.md": """\
        ---
        title: Hello
        tags: [maths]
        ---
        The first post.
        """,
    "content/authors/ms-a.md": """\
        ---
        name: Ms A
        ---
        Teaches maths.
        """,
}

P = "content/posts/2024-05-01-broken.md"  # where each broken post is written

# (id, {file: text or bytes}, the exact line expected on stderr)
CASES = [
    ("unclosed-front-matter",
     {P: "---\ntitle: Broken\ndate: 2024-05-01\n\nThe body, but no closing line.\n"},
     f"{P}:1: the front matter starts with --- but never ends "
     "(add a line with just --- after the last key)"),
    ("front-matter-is-a-list",
     {P: "---\n- title\n- Broken\n---\nBody.\n"},
     f"{P}:2: the front matter must be key: value lines "
     "(write it as title: My post, one key per line)"),
    ("yaml-colon-in-value",
     {P: "---\ntitle: Broken\nsummary: Ratio: the basics\n---\nBody.\n"},
     f"{P}:3: summary: this text has a colon in it, so it needs quotes "
     '(write summary: "Ratio: the basics")'),
    ("yaml-colon-after-blank-lines",  # the line is the file's, not the YAML document's
     {P: "---\n\ntitle: Broken\n\n\nsummary: ok\nduration: 1: 30\n---\nBody.\n"},
     f"{P}:7: duration: this text has a colon in it, so it needs quotes "
     '(write duration: "1: 30")'),
    ("yaml-unclosed-list",  # YAML notices on the next line; the mistake is where [ opened
     {P: "---\ntitle: Broken\ntags: [maths, fractions\ndraft: false\n---\nBody.\n"},
     f"{P}:3: tags: the list that starts with [ is not closed "
     "(end it with ], like tags: [maths, fractions])"),
    ("yaml-unclosed-quote",
     {P: '---\ntitle: Broken\nsummary: "Ratio, the basics\ndraft: false\n---\nBody.\n'},
     f"{P}:3: summary: the quote that starts here is not closed "
     "(end the text with the same quote mark)"),
    ("yaml-bad-indent",
     {P: "---\ntitle: Broken\ntags:\n  - maths\n - fractions\n---\nBody.\n"},
     f"{P}:5: the front matter is not valid YAML: expected <block end>, but found "
     "'<block sequence start>' "
     "(check the spaces at the start of this line and the one above: keys line up under "
     "each other, and list items start with - under their key)"),
    ("month-13",
     {P: "---\ntitle: Broken\nsummary: s\ndate: 2026-13-01\n---\nBody.\n"},
     f"{P}:4: date: '2026-13-01' is not a date "
     "(use YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time too)"),
    ("february-30",
     {P: "---\ntitle: Broken\ndate: 2024-02-30\n---\nBody.\n"},
     f"{P}:3: date: '2024-02-30' is not a date "
     "(use YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time too)"),
    ("bad-updated",
     {P: "---\ntitle: Broken\nupdated: last week\n---\nBody.\n"},
     f"{P}:3: updated: 'last week' is not a date "
     "(use YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time too)"),
    ("missing-title",
     {P: "---\nsummary: No title here\n---\nBody.\n"},
     f"{P}:1: title is missing (add a line title: ... to the front matter)"),
    ("missing-date",
     {"content/posts/undated.md": "---\ntitle: Undated\n---\nBody.\n"},
     "content/posts/undated.md:1: date is missing (add date: YYYY-MM-DD, or start the file "
     "name with the date, like 2024-01-05-my-post.md)"),
    ("unknown-author",
     {P: "---\ntitle: Broken\nauthors: [ms-b]\n---\nBody.\n"},
     f"{P}:3: authors: 'ms-b' is not an author (did you mean \"ms-a\"?)"),
    ("unknown-author-singular-key",  # the message names the key as the teacher wrote it
     {P: "---\ntitle: Broken\nauthor: ms-b\n---\nBody.\n"},
     f"{P}:3: author: 'ms-b' is not an author (did you mean \"ms-a\"?)"),
    ("title-is-a-list",  # one mistake, one message
     {P: "---\ntitle: [a, b]\n---\nBody.\n"},
     f"{P}:2: title: must be text, not a list (write it as title: some text)"),
    ("draft-not-a-flag",
     {P: "---\ntitle: Broken\ndraft: maybe\n---\nBody.\n"},
     f"{P}:3: draft: 'maybe' is not true or false (write draft: true)"),
    ("key-given-twice",
     {P: "---\ntitle: Broken\ntitle: Again\n---\nBody.\n"},
     f"{P}:3: title is given twice (keep one of them)"),
    ("not-utf8",
     {P: "---\ntitle: Café\n---\nBody.\n".encode("latin-1")},
     f"{P}:2: this file is not UTF-8 text "
     "(save it as UTF-8 in your editor; in Notepad: Save as, Encoding UTF-8)"),
    ("missing-download",
     {"content/resources/mats/index.md":
      "---\ntitle: Mats\ndate: 2024-05-01\nfiles:\n  - path: mats.pdf\n    title: Mats\n---\nB\n"},
     "content/resources/mats/index.md:5: files: 'mats.pdf' does not exist "
     "(put the file in content/resources/mats/ or fix its name)"),
    ("two-items-one-url",
     {"content/posts/2024-05-01-fractions.md": "---\ntitle: One\n---\nBody.\n",
      "content/posts/fractions.md": "---\ntitle: Two\ndate: 2024-05-02\n---\nBody.\n"},
     "content/posts/2024-05-01-fractions.md:1: the address /posts/fractions/ is used by "
     "content/posts/2024-05-01-fractions.md and content/posts/fractions.md "
     "(give one of them a different slug: in its front matter or file name)"),
    ("names-differing-only-in-capitals",
     {"content/resources/answers/index.md": "---\ntitle: Mats\ndate: 2024-05-01\n---\nB\n",
      "content/resources/answers/Answers.pdf": b"%PDF-1.4 A\n",
      "content/resources/answers/answers.pdf": b"%PDF-1.4 a\n"},
     "content/resources/answers/Answers.pdf:1: /resources/answers/Answers.pdf and "
     "/resources/answers/answers.pdf differ only in capital letters (from "
     "content/resources/answers/Answers.pdf and content/resources/answers/answers.pdf): Windows "
     "and macOS keep them as one file (rename one of them)"),
    ("svg-with-script",
     {"content/resources/diagrams/index.md": "---\ntitle: Mats\ndate: 2024-05-01\n---\nB\n",
      "content/resources/diagrams/diagram.svg":
          '<svg xmlns="http://www.w3.org/2000/svg">\n<circle r="4"/>\n'
          '<script>alert(document.cookie)</script>\n</svg>\n'},
     "content/resources/diagrams/diagram.svg:3: this SVG has a <script> element, which could "
     "run script on the site (save the picture again as a plain SVG (in Inkscape: Save "
     "as, Optimized SVG) or as a PNG)"),
    ("cover-without-alt",
     {"content/posts/2024-05-01-walls/index.md":
      "---\ntitle: Walls\ncover: wall.png\n---\nBody.\n",
      "content/posts/2024-05-01-walls/wall.png": PNG},
     "content/posts/2024-05-01-walls/index.md:3: cover_alt is missing "
     "(describe the cover image for readers who cannot see it: cover_alt: ...)"),
]


def leftovers(site: Path) -> list[str]:
    """Temporary folders a build left beside its output."""
    return sorted(p.name for p in site.iterdir() if p.name.startswith("._site"))


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_invalid_content_gives_exact_message_and_keeps_old_output(
        tmp_path: Path, files: dict[str, str | bytes], expected: str) -> None:
    site = make_site(tmp_path, GOOD)
    build(site)
    before = hashes(out(site))
    write_files(site, files, dedent=False)

    result = run(site, "build")

    assert result.exit_code == 1, result.stderr
    assert result.lines[:-1] == [expected], "one mistake, one message"
    assert result.lines[-1].startswith("Build failed: 1 error")
    assert result.lines[-1].endswith("The previous site in _site/ is unchanged.")
    assert result.stdout == ""
    assert hashes(out(site)) == before
    assert leftovers(site) == []

    checked = run(site, "check")
    assert checked.exit_code == 1
    assert expected in checked.lines, checked.stderr


def test_every_error_is_reported_in_one_run(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = dict(GOOD)
    expected = []
    for name, case_files, line in CASES:
        if name in ("two-items-one-url", "missing-date"):
            files.update(case_files)
            expected.append(line)
            continue
        # the same broken text under a name of its own
        (rel,) = [r for r in case_files if r.endswith(".md")]
        new_rel = rel.replace("broken", name)
        files.update({r.replace("broken", name): b for r, b in case_files.items()})
        expected.append(line.replace(rel, new_rel))
    site = make_site(tmp_path, files)

    result = run(site, "build")

    assert result.exit_code == 1
    for line in expected:
        assert line in result.lines, f"missing: {line}\n---\n{result.stderr}"
    errors = len(result.lines) - 1
    assert result.lines[-1].startswith(f"Build failed: {errors} errors")
    assert errors >= len(expected)
    assert not out(site).exists()


def test_errors_are_sorted_by_file_then_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        **GOOD,
        "content/posts/2024-05-02-b.md": "---\ntitle: B\ndate: 2024-99-01\n---\nx\n",
        "content/posts/2024-05-01-a.md": "---\ntitle: A\nupdated: soon\ndraft: perhaps\n---\n",
    })
    result = run(site, "build")
    assert result.lines[:3] == [
        "content/posts/2024-05-01-a.md:3: updated: 'soon' is not a date "
        "(use YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time too)",
        "content/posts/2024-05-01-a.md:4: draft: 'perhaps' is not true or false "
        "(write draft: true)",
        "content/posts/2024-05-02-b.md:3: date: '2024-99-01' is not a date "
        "(use YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time too)",
    ]


# --- input that must work -------------------------------------------------------------------

def test_bom_and_crlf_files_build(tmp_path: Path) -> None:
    text = "\ufeff---\r\ntitle: Saved in Notepad\r\ntags: [maths]\r\n---\r\nFirst *para*.\r\n"
    site = make_site(tmp_path, {
        **GOOD,
        "content/posts/2024-05-01-notepad.md": text.encode("utf-8"),
        "content/posts/2024-05-02-old-mac.md": b"---\rtitle: Old Mac\r---\rBody.\r",
    })
    build(site)
    doc = parse(read(site, "posts/notepad/index.html"))
    assert "<title>Saved in Notepad — Test School</title>" in read(site,
                                                                   "posts/notepad/index.html")
    assert doc.meta("description") == "First para."
    assert "/sub/tags/maths/" in [a.get("href") for a in doc.find("a")]
    assert "Old Mac" in read(site, "posts/old-mac/index.html")


def test_crlf_file_reports_the_right_line(tmp_path: Path) -> None:
    text = "\ufeff---\r\ntitle: x\r\nsummary: ok\r\ndate: 2026-13-01\r\n---\r\nBody.\r\n"
    site = make_site(tmp_path, {P: text.encode("utf-8")})
    result = run(site, "build")
    assert result.exit_code == 1
    assert (f"{P}:4: date: '2026-13-01' is not a date "
            "(use YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time too)") in result.lines


@pytest.mark.parametrize(("written", "shown"), [
    ("NO", "NO"), ("yes", "yes"), ("off", "off"), ("12:30", "12:30"), ("1e3", "1e3"),
    ("0777", "0777"), ("2024-01-05", "2024-01-05"), ("~", None), ("null", None),
])
def test_yaml_11_traps_stay_text(tmp_path: Path, written: str, shown: str | None) -> None:
    """PyYAML's YAML 1.1 guesses (NO → False, 12:30 → 750) must not reach the page."""
    site = make_site(tmp_path, {
        "content/posts/2024-05-01-trap.md": f"---\ntitle: {written}\nsummary: {written}\n"
                                            "---\nBody.\n"})
    result = run(site, "build")
    if shown is None:  # an empty title is missing
        assert result.exit_code == 1
        assert ("content/posts/2024-05-01-trap.md:2: title is missing "
                "(add a line title: ... to the front matter)") in result.lines
        return
    assert result.exit_code == 0, result.stderr
    page = read(site, "posts/trap/index.html")
    assert f"<title>{shown} — Test School</title>" in page
    assert parse(page).meta("description") == shown


def test_tags_that_look_like_booleans_and_numbers(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/posts/2024-05-01-t.md": "---\ntitle: T\ntags: [on, NO, 1.0]\n---\nBody.\n"})
    build(site)
    tags = sorted(p.parent.name for p in (out(site) / "tags").glob("*/index.html"))
    assert tags == ["1-0", "no", "on"]


def test_date_with_time_and_zone(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-07-01 09:30\n---\nx\n",
        "content/posts/b.md": "---\ntitle: B\ndate: 2024-07-01T09:30:00Z\n---\nx\n"})
    build(site)
    a = parse(read(site, "posts/a/index.html")).jsonld()[0]
    b = parse(read(site, "posts/b/index.html")).jsonld()[0]
    assert a["datePublished"] == "2024-07-01T09:30:00+01:00"  # the site's zone, in summer
    assert b["datePublished"] == "2024-07-01T09:30:00+00:00"


POST = """\
    ---
    title: Hello
    ---
    The first post.
    """


def test_index_md_directly_in_posts_does_not_swallow_the_blog(tmp_path: Path) -> None:
    # A teacher used to Hugo writes content/posts/index.md as the blog's intro. It must not
    # turn the whole posts/ folder into one bundle: every post vanished and the drafts'
    # Markdown was published as raw .md files, with exit 0.
    site = make_site(tmp_path, {
        "content/posts/index.md": "---\ntitle: Our blog\ndate: 2024-01-01\n---\nIntro.\n",
        "content/posts/2024-01-05-hello.md": POST,
        "content/posts/2024-01-06-secret.md": "---\ntitle: S\ndraft: true\n---\nSECRET\n",
    })
    result = run(site, "build")
    assert result.exit_code == 1
    assert result.lines[:-1] == [
        "content/posts/index.md: an index.md directly in content/posts/ is not a post (to write "
        "about the posts in general, make a page in content/pages/; a folder with an index.md "
        "is one item, like content/posts/my-item/index.md)"]
    assert not out(site).exists()  # nothing published, the draft included


def test_bundle_file_named_index_html_does_not_replace_the_page(tmp_path: Path) -> None:
    # A computing resource ships the pupils' starter index.html: it silently replaced the
    # resource's own page. Two things at one URL must be an error naming both files.
    site = make_site(tmp_path, {
        "content/resources/html-starter/index.md":
            "---\ntitle: HTML starter\ndate: 2024-01-05\nfiles: [index.html]\n---\nStart.\n",
        "content/resources/html-starter/index.html": "<!doctype html><title>Pupil</title>\n",
    })
    result = build(site, ok=False)
    assert result.exit_code == 1
    assert "content/resources/html-starter/index.md" in result.stderr
    assert "content/resources/html-starter/index.html" in result.stderr


def test_alias_over_an_output_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    # An import keeps the old feed address as an alias: the redirect folder rss.xml/ and
    # the feed file rss.xml collided in publish() with IsADirectoryError.
    site = make_site(tmp_path, {
        "content/posts/2024-01-05-moved.md":
            "---\ntitle: Moved\naliases: [/rss.xml]\n---\nBody.\n",
    })
    result = build(site, ok=False)
    assert result.exit_code == 1
    assert "content/posts/2024-01-05-moved.md" in result.stderr


def test_blank_lines_before_front_matter_are_fine(tmp_path: Path) -> None:
    # An editor that adds a blank first line must not turn the front matter into text.
    site = make_site(tmp_path, {
        # bytes: make_site would strip the leading newlines from text
        "content/posts/2024-01-05-blank.md": b"\n\n---\ntitle: After a gap\n---\nBody.\n",
        "content/posts/2024-01-06-bad.md": b"\n---\ntitle: Bad\ndraft: maybe\n---\nBody.\n",
    })
    result = run(site, "build")
    assert result.lines[:-1] == [
        "content/posts/2024-01-06-bad.md:4: draft: 'maybe' is not true or false "
        "(write draft: true)"]
    (site / "content/posts/2024-01-06-bad.md").unlink()
    build(site)
    assert "<title>After a gap — " in read(site, "posts/blank/index.html")


def test_author_file_without_front_matter_is_one_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/authors/ms-a.md": "Just a bio, no front matter.\n",
        "content/posts/2024-01-05-hello.md": POST,
    })
    result = run(site, "build")
    assert result.exit_code == 1
    assert result.lines[:-1] == [
        "content/authors/ms-a.md:1: name is missing (add a line name: ... to the front matter)"]


# --- site.toml ------------------------------------------------------------------------------

MINIMAL = f'title = "T"\nbase_url = "{BASE_URL}"\n'


def config_run(tmp_path: Path, config: str, *args: str,
               env: dict[str, str] | None = None) -> tuple[Path, Result]:
    site = make_site(tmp_path, GOOD, config)
    return site, run(site, "build", *args, env=env)


def test_toml_syntax_error(tmp_path: Path) -> None:
    _, result = config_run(tmp_path, MINIMAL + 'description = "never closed\n')
    assert result.exit_code == 2
    assert result.lines == [
        "site.toml:3: this is not valid TOML: illegal character '\\n' "
        '(text needs quotes, like title = "My site"; lists use [ ])']


def test_toml_text_without_quotes(tmp_path: Path) -> None:
    _, result = config_run(tmp_path, MINIMAL + "\ndescription = Our class blog\n")
    assert result.exit_code == 2
    (line,) = result.lines
    assert line.startswith("site.toml:4: this is not valid TOML: ")
    assert line.endswith('(text needs quotes, like title = "My site"; lists use [ ])')


def test_wrong_type_names_key_and_line(tmp_path: Path) -> None:
    site, result = config_run(tmp_path, MINIMAL + '\n[build]\nposts_per_page = "ten"\n')
    expected = ["site.toml:5: build.posts_per_page: 'ten' is not a whole number "
                "(write it as a whole number)"]
    assert result.exit_code == 2
    assert result.lines == expected
    checked = run(site, "check")
    assert checked.exit_code == 2
    assert checked.lines == expected


def test_all_config_errors_at_once(tmp_path: Path) -> None:
    config = ('title = 5\nbase_url = "https://e.org/"\ntimezone = "Mars/Olympus"\n'
              '[feeds]\nitems = 0\n')
    _, result = config_run(tmp_path, config)
    assert result.exit_code == 2
    lines = result.lines
    assert "site.toml:1: title: 5 is not text in quotes (write it as text in quotes)" in lines
    assert "site.toml:5: feeds.items: must be 1 or more (for example 20)" in lines
    assert ("site.toml:3: timezone: 'Mars/Olympus' is not a known time zone "
            '(use a name like "Europe/London")') in lines


def test_unknown_key_warns_with_did_you_mean(tmp_path: Path) -> None:
    site, result = config_run(tmp_path, 'titel = "Oops"\n' + MINIMAL)
    assert result.exit_code == 0
    assert result.lines == [
        'site.toml:1: warning: unknown setting titel (did you mean "title"?)']
    assert ", 1 warning in " in result.stdout
    assert (out(site) / "index.html").is_file()


def test_strict_makes_a_config_warning_fail(tmp_path: Path) -> None:
    site, result = config_run(tmp_path, 'titel = "Oops"\n' + MINIMAL, "--strict")
    assert result.exit_code == 1
    assert not out(site).exists()


@pytest.mark.parametrize("bad", ["example.github.io/sub/", "ftp://example.org/", "https://"])
def test_bad_base_url(tmp_path: Path, bad: str) -> None:
    _, result = config_run(tmp_path, f'title = "T"\nbase_url = "{bad}"\n')
    assert result.exit_code == 2
    assert result.lines == [
        f"site.toml:2: base_url: '{bad}' is not a web address "
        '(use the full address, like "https://you.github.io/site/")']


def test_missing_site_toml(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    result = run(tmp_path, "build")
    assert result.exit_code == 2
    assert result.lines == [
        f"site.toml: no site.toml in {tmp_path.resolve()} "
        "(run the command in your site's folder, or `sharesite init`)"]


def test_check_format_github_annotates_config_errors(tmp_path: Path) -> None:
    # A PR that breaks site.toml got plain text on stderr and no annotation at all.
    site = make_site(tmp_path, {"content/posts/2024-01-05-hello.md": POST},
                     config='title = "T"\nbase_url = "https://x.org/"\n\n[build]\n'
                            'posts_per_page = "ten"\n')
    result = run(site, "check", "--format", "github")
    assert result.exit_code == 2
    assert "::error file=site.toml,line=5" in result.stdout


def canonical_of_home(site: Path) -> str:
    (link,) = parse(read(site, "index.html")).find("link", rel="canonical")
    return str(link["href"])


def test_base_url_option_overrides(tmp_path: Path) -> None:
    site, result = config_run(tmp_path, MINIMAL, "--base-url", "https://other.example/x")
    assert result.exit_code == 0
    assert canonical_of_home(site) == "https://other.example/x/"
    assert "/x/posts/hello/" in read(site, "index.html")


def test_environment_overrides_and_option_beats_environment(tmp_path: Path) -> None:
    env = {"SHARESITE_BASE_URL": "https://env.example/from-env/"}
    site, result = config_run(tmp_path, MINIMAL, env=env)
    assert result.exit_code == 0
    assert canonical_of_home(site) == "https://env.example/from-env/"
    result = run(site, "build", "--base-url", "https://cli.example/", env=env)
    assert result.exit_code == 0
    assert canonical_of_home(site) == "https://cli.example/"


def test_bad_override_names_where_it_came_from(tmp_path: Path) -> None:
    site, result = config_run(tmp_path, MINIMAL, "--base-url", "nowhere")
    assert result.exit_code == 2
    assert result.lines == [
        "--base-url: base_url: 'nowhere' is not a web address "
        '(use the full address, like "https://you.github.io/site/")']
    result = run(site, "build", env={"SHARESITE_BASE_URL": "nowhere"})
    assert result.exit_code == 2
    assert result.lines == [
        "SHARESITE_BASE_URL: base_url: 'nowhere' is not a web address "
        '(use the full address, like "https://you.github.io/site/")']


# --- the output folder ----------------------------------------------------------------------

@pytest.mark.parametrize("where", ["site", "content", "parent", "themes"])
@pytest.mark.parametrize("how", ["option", "config"])
def test_output_folder_that_would_delete_the_site_is_refused(
        tmp_path: Path, where: str, how: str) -> None:
    site = make_site(tmp_path, {**GOOD, "themes/default/static/extra.css": "p {}\n"})
    target = {"site": site, "content": site / "content", "parent": tmp_path,
              "themes": site / "themes"}[where]
    if how == "config":
        (site / "site.toml").write_text(
            MINIMAL + f'[build]\noutput = "{target.as_posix()}"\n', encoding="utf-8")
        args: tuple[str, ...] = ()
    else:
        args = ("--output", str(target))
    before = hashes(tmp_path)

    result = run(site, "build", *args)

    assert result.exit_code == 2
    (line,) = result.lines
    assert line.startswith(f"sharesite: the output folder {target.resolve()} ")
    assert hashes(tmp_path) == before


def test_output_folder_inside_content_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path, GOOD)
    before = hashes(tmp_path)
    result = run(site, "build", "--output", str(site / "content" / "built"))
    assert result.exit_code == 2
    assert result.lines == [f"sharesite: the output folder {site / 'content' / 'built'} is "
                            "inside content/ (choose a folder like _site)"]
    assert hashes(tmp_path) == before
    assert not (site / "content" / "built").exists()


def test_output_folder_elsewhere_is_fine(tmp_path: Path) -> None:
    site = make_site(tmp_path, GOOD)
    build(site, "--output", str(tmp_path / "elsewhere" / "public"))
    assert (tmp_path / "elsewhere/public/posts/hello/index.html").is_file()
    assert not out(site).exists()


def test_successful_rebuilds_leave_no_temporary_folders(tmp_path: Path) -> None:
    site = make_site(tmp_path, GOOD)
    build(site)
    (site / "content/posts/2024-01-06-more.md").write_text("---\ntitle: More\n---\nx\n",
                                                           encoding="utf-8")
    build(site)
    assert (out(site) / "posts/more/index.html").is_file()
    assert leftovers(site) == []
    # The build cache is kept in the user's cache folder, never in the site's.
    assert sorted(p.name for p in site.iterdir()) == ["_site", "content", "site.toml"]
    kept = site_cache(site.resolve())
    assert sorted(p.name for p in kept.iterdir()) == [f"v{FORMAT}-{__version__}"]
    assert not [p for p in kept.rglob("*.new")]
