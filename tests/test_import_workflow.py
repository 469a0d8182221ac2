"""The import workflow (.github/workflows/import.yml, and the one `sharesite init` writes):
an export committed to import/ becomes a pull request whose text is import-report.md.

Its shell steps are run here as GitHub runs them (bash -eo pipefail), in a real git
repository whose `origin` is a folder, with `sharesite` and `gh` replaced by recorders:
file names from the export reach `sharesite import` as arguments, never as shell text.
(actionlint, pinned actions and least privilege are checked for every workflow in
test_workflows.py.)
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import REPO

from sharesite.authoring.scaffold import WORKFLOWS, init_site

WORKFLOW = REPO / ".github" / "workflows" / "import.yml"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"


def load(path: Path = WORKFLOW) -> dict[str, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["on"] = doc.pop(True)  # YAML 1.1 reads the key `on` as True
    assert isinstance(doc, dict)
    return doc


def named(name: str) -> dict[str, Any]:
    found = [s for s in load()["jobs"]["import"]["steps"] if s.get("name") == name]
    assert len(found) == 1, name
    return found[0]


def test_runs_on_a_push_to_import_and_by_hand() -> None:
    doc = load()
    assert doc["on"] == {"push": {"paths": ["import/**"]}, "workflow_dispatch": None}
    assert doc["permissions"] == {}
    job = doc["jobs"]["import"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert job["if"] == "github.ref_name == github.event.repository.default_branch"
    assert named("Install sharesite")["run"] == 'python -m pip install "$SHARESITE_PACKAGE"'
    assert named("Get the site's files")["with"] == {"persist-credentials": False}


def test_no_expression_is_expanded_inside_a_script() -> None:
    for step in load()["jobs"]["import"]["steps"]:
        assert "${{" not in str(step.get("run", "")), step["name"]


def test_init_writes_it(tmp_path: Path) -> None:
    assert "import.yml" in WORKFLOWS
    init_site(tmp_path / "s", "S", "https://s.github.io/s/", today=dt.date(2026, 11, 2))
    written = load(tmp_path / "s" / ".github" / "workflows" / "import.yml")
    assert written["jobs"] == load()["jobs"]


# --- the steps, run --------------------------------------------------------------------------

RECORDER = """#!/usr/bin/env python3
import json, os, sys
with open(os.environ["RECORD"], "a", encoding="utf-8") as f:
    f.write(json.dumps([os.path.basename(sys.argv[0]), *sys.argv[1:]]) + "\\n")
"""

# What `sharesite import` writes (the importer is tested in test_import*.py).
FAKE_IMPORT = RECORDER + """
if sys.argv[1:2] == ["import"]:
    os.makedirs("content/posts/fractions", exist_ok=True)
    open("content/posts/fractions/index.md", "w").write("---\\ntitle: Fractions\\n---\\nHi.\\n")
    open("redirects.toml", "w").write('[redirects]\\n"/feed/" = "/feed.xml"\\n')
    open("import-report.md", "w").write("# Import report\\n\\n- 1 post in, 1 written\\n"
                                        "- `$(touch pwned)` kept as text\\n")
"""

FAKE_GH = RECORDER + """
if sys.argv[1:3] == ["pr", "list"]:
    print(os.environ.get("OPEN_PR", ""))
for i, arg in enumerate(sys.argv):
    if arg == "--body-file":
        open(os.environ["RECORD"] + ".body", "w").write(open(sys.argv[i + 1]).read())
"""

HOSTILE = ["export.xml", "a b.xml", "--include-private", "$(touch pwned).xml", "x;ls.xml",
           "`id`.xml"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A site's repository with an export in import/, and `origin` a bare repository."""
    if shutil.which("git") is None:
        pytest.fail("git is not installed", pytrace=False)
    origin = tmp_path / "origin.git"
    work = tmp_path / "work"
    git = ["git", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "--quiet", "--bare", str(origin)], check=True)
    subprocess.run([*git, "init", "--quiet", str(work)], check=True)
    (work / "site.toml").write_text('title = "S"\n', encoding="utf-8")
    (work / "import").mkdir()
    for name in HOSTILE:
        (work / "import" / name).write_text("<rss/>", encoding="utf-8")
    (work / "import" / "README.md").write_text("Put the export here.\n", encoding="utf-8")
    (work / "import" / "media").mkdir()
    (work / "import" / "media" / "photo.jpg").write_bytes(b"jpg")
    for command in (["add", "-A"], ["-c", "user.name=T", "-c", "user.email=t@example.org",
                                    "commit", "--quiet", "-m", "export"],
                    ["remote", "add", "origin", str(origin)], ["push", "--quiet", "origin",
                                                               "main"]):
        subprocess.run(["git", "-C", str(work), *command], check=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("sharesite", FAKE_IMPORT), ("gh", FAKE_GH)):
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    return work


def run_step(repo: Path, name: str, **more: str) -> subprocess.CompletedProcess[str]:
    tmp = repo.parent
    (tmp / "runner").mkdir(exist_ok=True)
    job_env = {k: str(v) for k, v in load()["jobs"]["import"]["env"].items()
               if "${{" not in str(v)}
    env = {"PATH": f"{tmp / 'bin'}:{os.environ['PATH']}", "HOME": str(tmp),
           "RUNNER_TEMP": str(tmp / "runner"), "GITHUB_OUTPUT": str(tmp / "output"),
           "RECORD": str(tmp / "record"), "BASE_BRANCH": "main", "GH_TOKEN": "token",
           "GIT_CONFIG_NOSYSTEM": "1", **job_env, **more}
    script = tmp / "step.sh"
    script.write_text(named(name)["run"], encoding="utf-8")
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=60)


def records(repo: Path) -> list[list[str]]:
    import json

    path = repo.parent / "record"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_export_reaches_sharesite_import_as_arguments_only(repo: Path) -> None:
    found = run_step(repo, "Find the export")
    assert found.returncode == 0, found.stderr
    assert (repo.parent / "output").read_text(encoding="utf-8") == "go=true\n"
    done = run_step(repo, "Import it")
    assert done.returncode == 0, done.stderr
    [call] = records(repo)
    assert call[:5] == ["sharesite", "import", "--media", "import/media", "--"]
    assert sorted(call[5:]) == sorted(f"import/{name}" for name in HOSTILE)
    assert not list(repo.parent.rglob("pwned")), "a file name was run as a command"


def test_nothing_to_import_is_a_notice(repo: Path) -> None:
    subprocess.run(["git", "-C", str(repo), "rm", "-r", "--quiet", "import"], check=True)
    found = run_step(repo, "Find the export")
    assert found.returncode == 0
    assert "::notice::Nothing to import" in found.stdout
    assert (repo.parent / "output").read_text(encoding="utf-8") == "go=false\n"


def test_the_pull_request_has_the_import_and_the_report_as_its_text(repo: Path) -> None:
    assert run_step(repo, "Find the export").returncode == 0
    assert run_step(repo, "Import it").returncode == 0
    opened = run_step(repo, "Open or update the pull request")
    assert opened.returncode == 0, opened.stdout + opened.stderr
    calls = records(repo)
    create = next(c for c in calls if c[:3] == ["gh", "pr", "create"])
    assert create[create.index("--base") + 1] == "main"
    assert create[create.index("--head") + 1] == "sharesite/import"
    report = (repo / "import-report.md").read_text(encoding="utf-8")
    assert (repo.parent / "record.body").read_text(encoding="utf-8") == report
    assert not list(repo.parent.rglob("pwned"))
    origin = repo.parent / "origin.git"
    files = subprocess.run(["git", "-C", str(origin), "ls-tree", "-r", "--name-only",
                            "sharesite/import"], capture_output=True, text=True,
                           check=True).stdout.split()
    assert {"content/posts/fractions/index.md", "redirects.toml", "import-report.md",
            "site.toml", "import/README.md"} == set(files), files  # not the export
    author = subprocess.run(["git", "-C", str(origin), "log", "-1", "--format=%ae",
                             "sharesite/import"], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert author == BOT_EMAIL


def test_an_open_pull_request_is_updated(repo: Path) -> None:
    assert run_step(repo, "Find the export").returncode == 0
    assert run_step(repo, "Import it").returncode == 0
    opened = run_step(repo, "Open or update the pull request", OPEN_PR="OPEN")
    assert opened.returncode == 0, opened.stderr
    calls = records(repo)
    assert ["gh", "pr", "edit", "sharesite/import", "--body-file"] in [c[:5] for c in calls]
    assert not [c for c in calls if c[:3] == ["gh", "pr", "create"]]


def test_a_long_report_is_cut_for_the_pull_request(repo: Path) -> None:
    assert run_step(repo, "Find the export").returncode == 0
    assert run_step(repo, "Import it").returncode == 0
    (repo / "import-report.md").write_text("- a line\n" * 10_000, encoding="utf-8")
    assert run_step(repo, "Open or update the pull request").returncode == 0
    body = (repo.parent / "record.body").read_text(encoding="utf-8")
    assert len(body.encode()) < 65_536  # GitHub's limit for a pull request's text
    assert body.endswith("(The whole report is import-report.md, in this pull request.)\n")
