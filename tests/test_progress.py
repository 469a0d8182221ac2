"""The progress bar: drawn on a terminal once a build takes a while, never in CI, with
--quiet, or into a file or pipe."""

from __future__ import annotations

import io
import os
import pty
from pathlib import Path

import pytest
from support import make_site

from sharesite.build import BuildOptions, build
from sharesite.progress import Bar, for_terminal

POSTS = {f"content/posts/2024-03-{1 + i:02d}-post-{i}.md":
         f"---\ntitle: Post {i}\n---\nText {i}.\n" for i in range(12)}


def test_a_build_reports_its_stages_and_the_bar_clears_its_line(tmp_path: Path) -> None:
    stream = io.StringIO()
    bar = Bar(stream, delay=0)  # a build that "takes a while" from the start
    seen: list[tuple[str, int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        seen.append((stage, done, total))
        bar(stage, done, total)

    assert build(make_site(tmp_path, POSTS), BuildOptions(), progress=progress).ok
    bar.close()
    stages = [stage for stage, _, _ in seen]
    assert stages.index("Reading content") < stages.index("Making pages") < \
        stages.index("Writing the site")
    assert ("Reading content", 12, 12) in seen
    made = [(done, total) for stage, done, total in seen if stage == "Making pages"]
    assert made[-1][0] == made[-1][1] > 12  # every page, the feeds, the sitemap…
    drawn = stream.getvalue()
    assert "\rReading content" in drawn and "12/12" in drawn and "█" in drawn
    assert drawn.endswith("\r")  # the line is blank again for the summary


def test_no_bar_for_a_quick_build() -> None:
    stream = io.StringIO()
    bar = Bar(stream)  # the default: only after 2 s
    bar("Making pages", 1, 10)
    bar.close()
    assert stream.getvalue() == ""


def test_a_bar_only_for_a_person_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    leader, follower = pty.openpty()
    with os.fdopen(follower, "w") as terminal:
        assert isinstance(for_terminal(terminal), Bar)
        assert for_terminal(terminal, quiet=True) is None
        monkeypatch.setenv("CI", "true")  # GitHub Actions sets it
        assert for_terminal(terminal) is None
    os.close(leader)
    assert for_terminal(io.StringIO()) is None  # a file or a pipe
