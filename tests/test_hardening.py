"""Output safety: a build killed part-way never leaves half a site, and two builds of the
same input are byte-identical (also with SOURCE_DATE_EPOCH set)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from support import DEFAULT_CONFIG, Result, contents, make_site, out, run, write_files

from sharesite.build import BuildOptions, build
from sharesite.places import site_cache

POSTS = 300  # enough that a build takes a second or so, to be killed in the middle of


def posts(version: int) -> dict[str, str | bytes]:
    return {f"content/posts/2024-0{1 + i % 9}-{1 + i % 28:02d}-post-{i}.md":
            f"---\ntitle: Post {i}\ntags: [tag {i % 30}]\n---\n"
            + f"Paragraph {i}, version {version}.\n\n" * 20 for i in range(POSTS)}


def clean(site: Path, dest: Path) -> dict[str, bytes]:
    assert build(site, BuildOptions(output=dest)).ok
    return contents(dest)


def test_a_build_killed_part_way_leaves_one_whole_site(tmp_path: Path) -> None:
    site = make_site(tmp_path, posts(0))
    output = site / "_site"
    command = [sys.executable, "-m", "sharesite", "build", "-q", "-C", str(site)]
    subprocess.run(command, check=True)
    rng = random.Random(7)
    journal = site_cache(site.resolve()) / "publish.json"
    outcomes = []
    forked: set[int] = set()
    for version in range(1, 7):
        before = contents(output)
        write_files(site, posts(version), dedent=False)
        if version == 3:  # a build from nothing: written whole, then swapped in
            shutil.rmtree(site_cache(site.resolve()))
        after = clean(site, tmp_path / f"clean-{version}")
        build_process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.0))
        workers = children(build_process.pid)
        build_process.send_signal(signal.SIGKILL)
        build_process.wait()
        forked.update(workers)
        now = contents(output)
        if journal.exists():  # killed while moving the new files in: the next build ends it
            outcomes.append("during the move")
            subprocess.run(command, check=True)
            assert contents(output) == after
        else:
            assert now in (before, after), f"version {version}: a mix of two builds"
            outcomes.append("before" if now == before else "after")
        subprocess.run(command, check=True)
        assert contents(output) == after
        assert not [p for p in site.iterdir() if p.name.startswith("._site")]
        assert not list(output.rglob("*.sharesite-new"))
    assert "before" in outcomes, f"no kill landed in the middle of a build: {outcomes}"
    assert_gone(forked)


def test_the_workers_of_a_killed_build_exit(tmp_path: Path) -> None:
    """Killed outright (the out-of-memory killer, a cancelled CI job), a build cannot stop
    its worker processes: they notice, and exit, rather than wait for work for ever."""
    site = make_site(tmp_path, posts(0))
    build_process = subprocess.Popen(
        [sys.executable, "-m", "sharesite", "build", "-q", "-C", str(site)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not (workers := children(build_process.pid)) and time.monotonic() < deadline:
        time.sleep(0.01)
    build_process.send_signal(signal.SIGKILL)
    build_process.wait()
    assert workers, "the build never started its workers"
    assert_gone(workers)


def assert_gone(workers: set[int]) -> None:
    deadline = time.monotonic() + 5
    while (alive := [pid for pid in workers if running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive, f"workers of a killed build still running: {alive}"


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (Linux's /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    """Whether `pid` is a live process (not gone, not a zombie waiting to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_two_builds_are_byte_identical_also_with_source_date_epoch(tmp_path: Path) -> None:
    config = DEFAULT_CONFIG.replace("enabled = false", "enabled = true")
    site = make_site(tmp_path, {k: v for k, v in list(posts(0).items())[:20]}, config=config)
    first = clean(site, tmp_path / "one")
    second = clean(site, tmp_path / "two")
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    try:
        third = clean(site, tmp_path / "three")
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert any(p.startswith("pagefind/") for p in first)
    assert first == second == third
    assert not [p for p in (tmp_path / "one").rglob("*") if p.is_symlink()]


def test_a_5_mb_post_20000_tags_and_awkward_file_names_build(tmp_path: Path) -> None:
    paragraph = ("A long paragraph about fractions, with *emphasis*, a "
                 "[link](https://example.org/) and `code`. " * 10)
    sections = 5 * 1024 * 1024 // (len(paragraph) + 20)
    files: dict[str, str | bytes] = {
        "content/posts/2024-01-01-big.md": "---\ntitle: Big\n---\n" + "\n\n".join(
            f"## Section {i}\n\n{paragraph}" for i in range(sections)),
        "content/posts/2024-03-01-" + "a" * 200 + ".md": "---\ntitle: Long\n---\nx\n",
        "content/posts/2024-03-02-café et thé.md": "---\ntitle: Café\n---\nx\n",
    }
    for i in range(200):  # 100 tags each: 20,000 tags, each with a page and a feed
        tags = ", ".join(f"tag {n}" for n in range(i * 100, (i + 1) * 100))
        files[f"content/posts/2024-02-01-t{i}.md"] = f"---\ntitle: T{i}\ntags: [{tags}]\n---\nx\n"
    site = make_site(tmp_path, files)
    assert len(files["content/posts/2024-01-01-big.md"]) > 5_000_000
    result = build(site, BuildOptions(jobs=0))
    assert result.ok, result.diagnostics
    output = site / "_site"
    assert len(list((output / "tags").glob("*/index.html"))) == 20_000
    assert f"Section {sections - 1}" in (output / "posts/big/index.html").read_text()
    assert (output / "posts" / ("a" * 80) / "index.html").is_file()  # slugs stop at 80
    assert (output / "posts/cafe-et-the/index.html").is_file()


def test_links_out_of_the_content_folder_are_refused_naming_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "passwords.md").write_text("---\ntitle: Secret\n---\nhunter2\n")
    site = make_site(tmp_path, {"content/posts/2024-01-01-ok.md": "---\ntitle: OK\n---\nx\n"})
    posts = site / "content" / "posts"
    os.symlink(secret / "passwords.md", posts / "2024-01-02-leak.md")
    os.symlink(secret, site / "content" / "files")
    os.symlink(posts / "2024-01-01-ok.md", posts / "2024-01-03-inside.md")  # stays inside
    result = run(site, "build")
    assert result.exit_code == 1
    hint = (": this is a link to a file outside the content folder (copy the file into "
            "content/ instead of linking to it)")
    assert result.lines[:-1] == [f"content/files{hint}", f"content/posts/2024-01-02-leak.md{hint}"]
    assert not (site / "_site").exists()  # nothing published, nothing leaked


POST = """\
    ---
    title: Hello
    ---
    The first post.
    """


def test_build_works_inside_a_running_event_loop(tmp_path: Path) -> None:
    # Playwright's sync API (and any async app) runs an event loop in the calling thread;
    # indexing with asyncio.run there failed with "cannot be called from a running loop".
    import asyncio

    site = make_site(tmp_path, {"content/posts/2024-01-05-hello.md": POST},
                     config='title = "T"\nbase_url = "https://x.org/sub/"\n')

    async def inside() -> Result:
        return run(site, "build")

    result = asyncio.run(inside())
    assert result.exit_code == 0, result.stderr
    assert (out(site) / "pagefind" / "pagefind.js").is_file()
