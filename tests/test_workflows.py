"""The GitHub Actions workflows: this repository's (.github/workflows/, whatever is there)
and those `sharesite init` writes. Each passes actionlint, gives its token no more than it
needs, pins every action to a commit, and the commands they run build real sites that
link-check under a sub-path."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import PNG, REPO, crawl, make_site, parse, tree

from sharesite import __version__
from sharesite.authoring.scaffold import DEFAULT_PACKAGE, WORKFLOWS, init_site, workflow_text
from sharesite.errors import UsageError

WORKFLOW_DIR = REPO / ".github" / "workflows"
REPO_WORKFLOWS = sorted(p.name for p in WORKFLOW_DIR.glob("*.y*ml"))
DEEP = "https://example.github.io/sub/path/"
NEW_SITE_URL = "https://school.github.io/year5/"


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site from `sharesite init`, with its workflows."""
    site = tmp_path_factory.mktemp("init") / "new-site"
    init_site(site, "Year 5", NEW_SITE_URL, today=dt.date(2026, 11, 2))
    return site


ALL_WORKFLOWS = [("repo", name) for name in REPO_WORKFLOWS] + [("init", n) for n in WORKFLOWS]


@pytest.fixture(params=ALL_WORKFLOWS, ids=[f"{origin}:{name}" for origin, name in ALL_WORKFLOWS])
def workflow(request: pytest.FixtureRequest, new_site: Path) -> Path:
    origin, name = request.param
    return (WORKFLOW_DIR if origin == "repo" else new_site / ".github" / "workflows") / name


def load(path: Path) -> dict[str, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict), f"{path.name} is not a workflow"
    if True in doc:  # YAML 1.1 reads the key `on` as True
        doc["on"] = doc.pop(True)
    return doc


def triggers(doc: dict[str, Any]) -> list[str]:
    on = doc["on"]
    return [on] if isinstance(on, str) else list(on)


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps") or [])


def step(doc: dict[str, Any], job: str, step_id: str) -> dict[str, Any]:
    found = [s for s in steps(doc["jobs"][job]) if s.get("id") == step_id]
    assert len(found) == 1, f"job {job} has no one step with id {step_id!r}"
    return found[0]


def named(doc: dict[str, Any], job: str, name: str) -> dict[str, Any]:
    found = [s for s in steps(doc["jobs"][job]) if s.get("name") == name]
    assert len(found) == 1, f"job {job} has no one step named {name!r}"
    return found[0]


# --- actionlint ---------------------------------------------------------------------------

def linter() -> list[str]:
    """actionlint (the `test` extra installs it, and shellcheck for the run: scripts)."""
    exe = shutil.which("actionlint")
    assert exe, "actionlint is not installed: pip install -e '.[test]'"
    assert shutil.which("shellcheck"), "shellcheck is not installed: pip install -e '.[test]'"
    return [exe, "-no-color", "-oneline"]


def actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*linter(), str(path)], capture_output=True, text=True,
                          cwd=path.parent, timeout=120)


def test_every_workflow_passes_actionlint(workflow: Path) -> None:
    result = actionlint(workflow)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_actionlint_finds_what_is_wrong(tmp_path: Path) -> None:
    """The linter really looks: a workflow with a mistake in each part fails, naming them."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n"  # script injection
        "      - run: cd $DIR\n"  # shellcheck: unquoted
        "        with: {x: 1}\n",  # `with` on a run step
        encoding="utf-8")
    result = actionlint(bad)
    assert result.returncode == 1
    assert "potentially untrusted" in result.stdout
    assert "shellcheck" in result.stdout
    assert 'unexpected key "with"' in result.stdout


# --- least privilege ----------------------------------------------------------------------

def run_text(job: dict[str, Any]) -> str:
    return "\n".join(str(s.get("run", "")) for s in steps(job))


def uses_of(job: dict[str, Any]) -> list[str]:
    return [str(s["uses"]) for s in steps(job) if "uses" in s] + (
        [str(job["uses"])] if "uses" in job else [])


# Each scope a job may write, and what in the job shows it needs it.
WRITE_NEEDS = {
    "pages": lambda job: any(u.startswith("actions/deploy-pages@") for u in uses_of(job)),
    "id-token": lambda job: any(u.startswith("actions/deploy-pages@") for u in uses_of(job)),
    "contents": lambda job: "git push" in run_text(job),
    "pull-requests": lambda job: re.search(r"\bgh\s+(pr|api)\b", run_text(job)) is not None,
    "issues": lambda job: re.search(r"\bgh\s+(issue|api)\b", run_text(job)) is not None,
}


def test_least_privilege(workflow: Path) -> None:
    doc = load(workflow)
    assert "pull_request_target" not in triggers(doc), (
        "pull_request_target runs with a token that can write, for anyone's fork: use "
        "pull_request")
    top = doc.get("permissions")
    assert isinstance(top, dict), f"list what the token may do at the top, not {top!r}"
    assert set(top) <= {"contents"} and set(top.values()) <= {"read", "none"}, top
    untrusted = "pull_request" in triggers(doc)
    for name, job in doc["jobs"].items():
        perms = job.get("permissions", {})
        assert isinstance(perms, dict), f"job {name}: list the scopes, not {perms!r}"
        for scope, level in perms.items():
            assert level in ("read", "write", "none"), f"job {name}: {scope}: {level}"
            if level != "write":
                continue
            assert not untrusted, f"job {name} can write ({scope}) in a pull request's run"
            assert scope in WRITE_NEEDS and WRITE_NEEDS[scope](job), (
                f"job {name} may write {scope} but nothing in it needs to")


def test_pages_workflow_writes_only_where_it_publishes() -> None:
    for doc in (load(WORKFLOW_DIR / "pages.yml"), yaml.safe_load(workflow_text("pages.yml"))):
        jobs = doc["jobs"]
        assert doc["permissions"] == {"contents": "read"}
        assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
        assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
        assert set(jobs) == {"build", "deploy"}


# --- actions pinned to commits ------------------------------------------------------------

USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)\s*(?:#\s*(?P<note>.*?))?\s*$",
                       re.M)
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")


def pins(path: Path) -> Iterator[tuple[str, str, str]]:
    """(action, sha, version comment) for every `uses:` line that is not a local action."""
    for match in USES_LINE.finditer(path.read_text(encoding="utf-8")):
        ref, note = match["ref"], match["note"] or ""
        if not ref.startswith("./"):
            action, _, sha = ref.partition("@")
            yield action, sha, note


def test_every_action_is_pinned_to_a_commit_with_its_version(workflow: Path) -> None:
    doc = load(workflow)
    found = list(pins(workflow))
    in_yaml = [u for job in doc["jobs"].values() for u in uses_of(job) if not u.startswith("./")]
    assert len(found) == len(in_yaml), "every `uses:` must be on a line of its own"
    for action, sha, note in found:
        ref = f"{action}@{sha}"
        assert PINNED.match(ref), f"{ref}: pin to a full 40-character commit SHA"
        assert re.fullmatch(r"v\d+\.\d+\.\d+", note), f"{ref}: add `# vX.Y.Z` after it"


def test_one_commit_per_action_across_workflows(new_site: Path) -> None:
    paths = [WORKFLOW_DIR / n for n in REPO_WORKFLOWS] + [
        new_site / ".github" / "workflows" / n for n in WORKFLOWS]
    versions: dict[str, set[tuple[str, str]]] = {}
    for path in paths:
        for action, sha, note in pins(path):
            versions.setdefault(action, set()).add((sha, note))
    mixed = {a: v for a, v in versions.items() if len(v) > 1}
    assert not mixed, f"use one pinned version of each action everywhere: {mixed}"
    assert {"actions/checkout", "actions/setup-python", "actions/configure-pages",
            "actions/upload-pages-artifact", "actions/deploy-pages", "actions/cache",
            "actions/upload-artifact"} <= set(versions)


# --- what the Pages workflow does ---------------------------------------------------------

def test_pages_workflow_runs_on_push_daily_and_by_hand() -> None:
    doc = load(WORKFLOW_DIR / "pages.yml")
    on = doc["on"]
    assert on["push"] == {"branches": ["main"]}
    assert re.fullmatch(r"\d+ \d+ \* \* \*", on["schedule"][0]["cron"])  # once a day
    assert "workflow_dispatch" in on
    assert doc["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    deploy = doc["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages",
                                     "url": "${{ steps.deployment.outputs.page_url }}"}
    assert step(doc, "deploy", "deployment")["uses"].startswith("actions/deploy-pages@")


def test_pages_build_uses_the_address_configure_pages_gives() -> None:
    doc = load(WORKFLOW_DIR / "pages.yml")
    order = [s.get("id") or s.get("name") for s in steps(doc["jobs"]["build"])]
    assert order.index("pages") < order.index("build")
    assert step(doc, "build", "pages")["uses"].startswith("actions/configure-pages@")
    build = step(doc, "build", "build")
    assert build["env"] == {"PAGES_BASE_URL": "${{ steps.pages.outputs.base_url }}"}
    assert "${{" not in build["run"]  # outputs reach the shell as variables only
    upload = named(doc, "build", "Upload the site")
    assert upload["uses"].startswith("actions/upload-pages-artifact@")
    assert f"--output {upload['with']['path']}" in build["run"]


def test_pages_workflow_fetches_the_peers_before_the_build(tmp_path: Path) -> None:
    """`sharesite network fetch` runs after the cache is restored (the last good copies are
    in it) and before the build, which reads the copies; it never fails the run."""
    for doc in (load(WORKFLOW_DIR / "pages.yml"), yaml.safe_load(workflow_text("pages.yml"))):
        order = [s.get("id") or s.get("name") for s in steps(doc["jobs"]["build"])]
        assert order.index("Bring back the last build's cache") < order.index("fetch") < \
            order.index("build")
        assert order.index("pages") < order.index("fetch")
        fetch = step(doc, "build", "fetch")
        assert fetch["name"] == "Fetch the peers' catalogues"
        assert fetch["env"] == {"PAGES_BASE_URL": "${{ steps.pages.outputs.base_url }}"}
        assert "${{" not in fetch["run"]
        assert "network" not in step(doc, "build", "build")["run"]
        for exit_code in (0, 1, 2):
            env = shim(tmp_path, f'printf "%s\\n" "$@"\necho "::warning::a peer"\n'
                                 f'exit {exit_code}\n')
            result = run_step(fetch["run"], tmp_path, {**env, "PAGES_BASE_URL": DEEP[:-1]})
            assert result.returncode == 0
            assert result.stdout.splitlines() == [
                "network", "fetch", "--format", "github", "--base-url", DEEP,
                "::warning::a peer"]


def test_pages_build_cache_is_restored_from_a_partial_match(new_site: Path) -> None:
    doc = load(WORKFLOW_DIR / "pages.yml")
    cache = named(doc, "build", "Bring back the last build's cache")
    assert cache["uses"].startswith("actions/cache@")
    assert cache["with"]["path"].split() == ["~/.cache/sharesite/", "_site/"]
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"].splitlines()
    for part in ("runner.os", "hashFiles('content/**', 'themes/**', 'site.toml')"):
        assert part in key
    assert restore == ["sharesite-${{ runner.os }}-"] and key.startswith(restore[0])
    # A new key every run: a cache is saved once a key, and the peers' copies a fetch
    # brought on a day with no change to the site must be saved too.
    assert key.endswith("-${{ github.run_id }}")
    assert "_site/" in (new_site / ".gitignore").read_text().splitlines()


def shim(tmp_path: Path, body: str) -> dict[str, str]:
    """An environment whose `sharesite` runs `body` (a shell script)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    exe = bin_dir / "sharesite"
    exe.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    exe.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def run_step(run: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A `run:` script as GitHub runs it on Linux (bash -e -o pipefail)."""
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", run],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


REAL = f'exec "{sys.executable}" -m sharesite "$@"\n'


@pytest.mark.parametrize(("given", "built_for"), [
    ("https://school.github.io/year5", "https://school.github.io/year5/"),  # v6 gives this
    ("https://school.github.io/year5/", "https://school.github.io/year5/"),
    ("https://www.our-school.org", "https://www.our-school.org/"),  # a custom domain
    ("https://www.our-school.org/", "https://www.our-school.org/"),
])
def test_pages_build_ends_the_address_with_one_slash(tmp_path: Path, given: str,
                                                     built_for: str) -> None:
    run = step(load(WORKFLOW_DIR / "pages.yml"), "build", "build")["run"]
    env = shim(tmp_path, f'printf "%s\\n" "$@" > "{tmp_path}/args"\n')
    result = run_step(run, tmp_path, {**env, "PAGES_BASE_URL": given})
    assert result.returncode == 0, result.stderr
    args = (tmp_path / "args").read_text().splitlines()
    assert args[:2] == ["build", "--base-url"] and args[2] == built_for


def copy_example_site(tmp_path: Path) -> Path:
    site = tmp_path / "example"
    site.mkdir()
    shutil.copy2(REPO / "site.toml", site / "site.toml")
    shutil.copytree(REPO / "content", site / "content")
    shutil.copytree(REPO / "examples", site / "examples")  # the peers' sites it names
    return site


def test_pages_build_command_builds_the_example_site_under_a_sub_path(tmp_path: Path) -> None:
    """The build step as written, with the address configure-pages gives for a project site
    (no slash at the end), on a copy of this repository's example site: every link works."""
    doc = load(WORKFLOW_DIR / "pages.yml")
    site = copy_example_site(tmp_path)
    env = {**shim(tmp_path, REAL), "PAGES_BASE_URL": DEEP.rstrip("/")}
    for name in ("Check the content", "Build the site"):
        result = run_step(named(doc, "build", name)["run"], site, env)
        assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in result.stdout + result.stderr
    output = site / "_site"
    files = tree(output)
    assert {"index.html", "feed.xml", "sitemap.xml", "404.html", "resources/index.html",
            "resources.json"} <= set(files)
    assert crawl(output, DEEP) == []
    # upload-pages-artifact leaves out hidden files: the site must have none.
    assert [f for f in files if any(part.startswith(".") for part in f.split("/"))] == []
    home = parse((output / "index.html").read_text(encoding="utf-8"))
    assert home.find("link", rel="canonical")[0]["href"] == DEEP
    assert f"{DEEP}posts/" in (output / "feed.xml").read_text(encoding="utf-8")
    assert "sub/path//" not in "".join((output / f).read_text(encoding="utf-8", errors="replace")
                                       for f in files if f.endswith((".html", ".xml")))


def test_new_sites_workflows_build_it(tmp_path: Path, new_site: Path) -> None:
    """A new site's own workflows: the Pages build under GitHub's address, the check, and
    the pull request preview under site.toml's base_url."""
    site = tmp_path / "site"
    shutil.copytree(new_site, site)
    workflows = site / ".github" / "workflows"
    pages, check = load(workflows / "pages.yml"), load(workflows / "check.yml")
    env = {**shim(tmp_path, REAL), "PAGES_BASE_URL": "https://teacher.github.io/year-5"}
    result = run_step(step(pages, "build", "build")["run"], site, env)
    assert result.returncode == 0, result.stderr
    assert crawl(site / "_site", "https://teacher.github.io/year-5/") == []

    result = run_step(named(check, "check", "Check the content")["run"], site, env)
    assert (result.returncode, result.stdout) == (0, "")
    shutil.rmtree(site / "_site")
    preview = step(check, "check", "preview")
    assert named(check, "check", "Upload the preview")["with"]["path"] == "_site"
    result = run_step(preview["run"], site, env)
    assert result.returncode == 0, result.stderr
    assert crawl(site / "_site", NEW_SITE_URL) == []


# --- what the check workflow does ---------------------------------------------------------

# Errors in front matter stop a check before the links are followed: two sites, then.
BAD_FRONT_MATTER: dict[str, str | bytes] = {
    "content/posts/2026-01-05-fractions.md": """\
        ---
        title: Fractions
        date: 2026-13-01
        ---
        Hello.
        """,
    "content/posts/2026-01-06-colon.md": """\
        ---
        title: Fractions: a start
        ---
        Hello.
        """,
}
BAD_LINKS: dict[str, str | bytes] = {
    "content/posts/2026-01-07-links.md": """\
        ---
        title: Links
        ---
        See [a page that is not there](/nothing/).

        ![](diagram.png)
        """,
    "content/posts/diagram.png": PNG,
}


def test_check_workflow_runs_on_pull_requests_only() -> None:
    doc = load(WORKFLOW_DIR / "check.yml")
    assert triggers(doc) == ["pull_request"]
    assert doc["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in doc["jobs"].values())
    upload = named(doc, "check", "Upload the preview")
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert "--base-url" not in step(doc, "check", "preview")["run"]  # site.toml's address


def test_check_step_annotates_a_broken_site_and_fails(tmp_path: Path) -> None:
    """The exact annotations GitHub shows on the lines of a pull request."""
    run = named(load(WORKFLOW_DIR / "check.yml"), "check", "Check the content")["run"]
    env = shim(tmp_path, REAL)
    result = run_step(run, make_site(tmp_path / "a", BAD_FRONT_MATTER), env)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=content/posts/2026-01-05-fractions.md,line=3,title=sharesite error::"
        "date: '2026-13-01' is not a date (use YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time too)",
        "::error file=content/posts/2026-01-06-colon.md,line=2,title=sharesite error::"
        'title: this text has a colon in it, so it needs quotes (write title: "Fractions: a '
        'start")',
    ]
    links = make_site(tmp_path / "b", BAD_LINKS)
    result = run_step(run, links, env)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=content/posts/2026-01-07-links.md,line=4,title=sharesite error::"
        "the link to '/nothing/' leads nowhere (check the file name, or remove the link)",
        "::error file=content/posts/2026-01-07-links.md,line=6,title=sharesite error::"
        "the image 'diagram.png' has no alt text (describe it for readers who cannot see "
        "it: ![what it shows](diagram.png), or declare it decorative: images: "
        "{diagram.png: {decorative: true}})",
    ]

    # The Pages workflow shows the same, but leaves it to the build to stop the run (and a
    # broken link does not stop a build).
    pages = load(WORKFLOW_DIR / "pages.yml")
    result = run_step(named(pages, "build", "Check the content")["run"], links, env)
    assert (result.returncode, len(result.stdout.splitlines())) == (0, 2)
    built = run_step(step(pages, "build", "build")["run"], links, {**env, "PAGES_BASE_URL": DEEP})
    assert built.returncode == 0
    built = run_step(step(pages, "build", "build")["run"], tmp_path / "a" / "site",
                     {**env, "PAGES_BASE_URL": DEEP})
    assert built.returncode == 1
    assert "content/posts/2026-01-05-fractions.md:3: date: '2026-13-01'" in built.stderr


def test_check_step_passes_with_warnings_only(tmp_path: Path) -> None:
    files = {**BAD_LINKS, "content/posts/2026-01-07-links.md": "---\ntitle: Links\n"
             "sumary: A typo\n---\n![A diagram](diagram.png)\n"}
    site = make_site(tmp_path, files)
    run = named(load(WORKFLOW_DIR / "check.yml"), "check", "Check the content")["run"]
    result = run_step(run, site, shim(tmp_path, REAL))
    assert result.returncode == 0
    assert [line.split("::")[1] for line in result.stdout.splitlines()] == [
        "warning file=content/posts/2026-01-07-links.md,line=3,title=sharesite warning"]


# --- what `sharesite init` writes ---------------------------------------------------------

PACKAGE_LINE = re.compile(r"^  SHARESITE_PACKAGE: .*$", re.M)


def without_package(text: str) -> str:
    return PACKAGE_LINE.sub("  SHARESITE_PACKAGE: …", text)


@pytest.mark.parametrize("name", WORKFLOWS)
def test_init_writes_this_repositorys_workflows(new_site: Path, name: str) -> None:
    """The same workflow as here, but for a site without sharesite's source: it installs
    the one requirement named at its top."""
    written = (new_site / ".github" / "workflows" / name).read_text(encoding="utf-8")
    ours = (WORKFLOW_DIR / name).read_text(encoding="utf-8")
    assert without_package(written) == without_package(ours)
    assert load(WORKFLOW_DIR / name)["env"] == {"SHARESITE_PACKAGE": "."}
    doc = yaml.safe_load(written)
    assert doc["env"] == {"SHARESITE_PACKAGE": DEFAULT_PACKAGE}
    assert f"sharesite=={__version__}" == DEFAULT_PACKAGE
    assert named(doc, next(iter(doc["jobs"])), "Install sharesite")["run"] == (
        'python -m pip install "$SHARESITE_PACKAGE"')


def test_init_writes_the_install_setting_it_is_given(tmp_path: Path) -> None:
    package = ('sharesite @ git+https://github.com/our-trust/sharesite@v0.2.0 ; '
               'python_version >= "3.11"')
    init_site(tmp_path / "s", "S", NEW_SITE_URL, package=package)
    for name in WORKFLOWS:
        path = tmp_path / "s" / ".github" / "workflows" / name
        assert load(path)["env"] == {"SHARESITE_PACKAGE": package}
        assert actionlint(path).returncode == 0


@pytest.mark.parametrize("package", ["", "  ", "a\nb", "${{ secrets.X }}"])
def test_init_refuses_an_install_setting_that_is_not_one_requirement(
        tmp_path: Path, package: str) -> None:
    with pytest.raises(UsageError, match="one pip requirement"):
        init_site(tmp_path / "s", "S", NEW_SITE_URL, package=package)
    assert not (tmp_path / "s").exists()


def test_init_never_overwrites_a_workflow(tmp_path: Path) -> None:
    site = tmp_path / "s"
    mine = site / ".github" / "workflows" / "pages.yml"
    mine.parent.mkdir(parents=True)
    mine.write_text("# my own\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"already has \.github/workflows/pages\.yml"):
        init_site(site, "S", NEW_SITE_URL)
    assert tree(site) == [".github/workflows/pages.yml"]
    assert mine.read_text(encoding="utf-8") == "# my own\n"


def test_init_keeps_the_gitignore_and_the_site_checks_cleanly(new_site: Path) -> None:
    ignored = (new_site / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "_site/" in ignored
    assert {".github/workflows/pages.yml", ".github/workflows/check.yml",
            ".github/workflows/import.yml"} <= set(tree(new_site))


def test_workflow_templates_ship_inside_the_package() -> None:
    """init reads them from the installed package (sharesite/workflows/), not the checkout."""
    from importlib import resources

    for name in WORKFLOWS:
        assert resources.files("sharesite").joinpath("workflows", name).is_file()
