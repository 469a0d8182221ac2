"""The `sharesite` command. Exit codes: 0 fine, 1 content errors, 2 usage or config errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sharesite import __version__
from sharesite.errors import ConfigError, UsageError
from sharesite.progress import for_terminal, silent

if TYPE_CHECKING:  # imported by the commands that build: `network fetch` starts quicker
    from sharesite.build import BuildOptions, BuildResult

SITE_OPTION = click.option(
    "-C", "--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="The site's folder (where site.toml is).")


class _Commands(click.Group):
    """The commands, each ending in exit code 2 on a usage or site.toml error: reported
    here, once, whichever command raised it."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            for diagnostic in exc.diagnostics:
                click.echo(str(diagnostic), err=True)
        except UsageError as exc:
            click.echo(f"sharesite: {exc}", err=True)
        ctx.exit(2)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="sharesite")
def main() -> None:
    """sharesite: a teachers' blog and resource library, built as a static site.

    Run the commands in your site's folder (or point at it with -C DIR).
    """


def _report(result: BuildResult, fmt: str = "text") -> None:
    for diagnostic in result.diagnostics:
        if fmt == "github":
            click.echo(diagnostic.github())
        else:
            click.echo(str(diagnostic), err=True)


def _run(site_dir: Path, options: BuildOptions, fmt: str = "text",
         quiet: bool = False) -> BuildResult:
    # Keeping the build cache between runs: only what changed is done again. A bar on
    # stderr once a build takes a while, if someone is watching (not in CI, not --quiet).
    bar = for_terminal(sys.stderr, quiet or fmt != "text")
    try:
        from sharesite.build import build

        return build(site_dir, replace(options, keep_cache=True, jobs=0,
                                       pupil_names=_pupil_names()),
                     progress=bar or silent)
    except ConfigError as exc:
        if fmt == "github":  # annotations too (the command's exit 2 prints the text)
            for diagnostic in exc.diagnostics:
                click.echo(diagnostic.github())
        raise
    finally:
        if bar:
            bar.close()


def _pupil_names() -> Path | None:
    """The school's private list of pupils' names (kept outside the site), if it has one."""
    from sharesite.pupils import NAMES_ENV

    path = os.environ.get(NAMES_ENV, "")
    return Path(path) if path else None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@main.command("build")
@SITE_OPTION
@click.option("--drafts/--no-drafts", default=False, help="Include posts marked draft: true.")
@click.option("--future/--no-future", default=False,
              help="Include posts dated in the future (normally left out until their day).")
@click.option("--base-url", metavar="URL",
              help="The address the site is published at (overrides site.toml and "
                   "SHARESITE_BASE_URL).")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: [build] output in site.toml, _site).")
@click.option("--strict/--no-strict", default=False,
              help="Treat warnings (broken links, missing alt text, …) as errors.")
@click.option("--quiet", "-q", is_flag=True,
              help="Print only problems: no summary, no progress bar.")
def build_command(site_dir: Path, drafts: bool, future: bool, base_url: str | None,
                  output: Path | None, strict: bool, quiet: bool) -> None:
    """Build the site into its output folder (_site).

    The previous output is replaced only when the build succeeds.
    """
    from sharesite.build import BuildOptions

    result = _run(site_dir, BuildOptions(drafts=drafts, future=future, strict=strict,
                                         base_url=base_url, output=output), quiet=quiet)
    _report(result)
    problems = f", {_plural(result.warnings, 'warning')}" if result.warnings else ""
    if not result.ok:
        click.echo(f"Build failed: {_plural(result.errors, 'error')}{problems}. "
                   f"The previous site in {result.config.output_dir.name}/ is unchanged.",
                   err=True)
        sys.exit(1)
    if not quiet:
        reused = f" ({_plural(len(result.updated), 'file')} changed)" \
            if result.kept else ""
        click.echo(f"Built {_plural(result.pages, 'page')} and {_plural(result.feeds, 'feed')}"
                   f"{problems} in {result.seconds:.2f} s{reused} → {result.config.output_dir}")


@main.command("check")
@SITE_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text",
              show_default=True,
              help="github prints annotations that GitHub Actions shows on the changed lines.")
@click.option("--drafts/--no-drafts", default=False, help="Check as if drafts were published.")
@click.option("--future/--no-future", default=False,
              help="Check as if future posts were published.")
@click.option("--remote/--no-remote", default=False,
              help="Also ask the hosts of podcast episodes' audio (audio: {url: ...}) that "
                   "the file has the length front matter gives and that they answer "
                   "byte-range requests (the only check that goes to the network).")
def check_command(site_dir: Path, fmt: str, drafts: bool, future: bool, remote: bool) -> None:
    """Check the content without writing anything.

    Reports every content error and warning, broken internal links (errors here) and
    images without alt text, each as file:line. Exit code 1 when there are errors.
    """
    from sharesite.build import BuildOptions

    result = _run(site_dir, BuildOptions(drafts=drafts, future=future, publish=False,
                                         broken_links_are_errors=True), fmt)
    if remote and result.site is not None:
        from sharesite.remote import check_remote
        from sharesite.site.podcasts import remote_audio

        found = check_remote(remote_audio(result.site))
        result = replace(result, diagnostics=tuple(sorted({*result.diagnostics, *found})))
    _report(result, fmt)
    if fmt == "text":
        summary = (f"{_plural(result.errors, 'error')}, {_plural(result.warnings, 'warning')}"
                   if result.diagnostics else "no problems found")
        click.echo(f"Checked {result.config.root.name}: {summary}.", err=True)
    sys.exit(0 if result.ok else 1)


@main.command("photos")
@SITE_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "csv"]), default="text",
              show_default=True, help="csv: for a spreadsheet.")
def photos_command(site_dir: Path, fmt: str) -> None:
    """List every photo of pupils: the register for the data-protection officer.

    Each photo marked `pupils: true` in a page's front matter (`images:`), drafts and
    scheduled posts included, with its page, consent basis, review date, and whether
    that date has passed. Nothing is written.
    """
    from sharesite.build import BuildOptions
    from sharesite.site.photos import register

    result = _run(site_dir, BuildOptions(drafts=True, future=True, publish=False), quiet=True)
    if not result.ok or result.site is None:
        _report(result)
        sys.exit(1)
    entries = register(result.site, dt.datetime.now(dt.UTC))
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["page", "address", "image", "consent", "review_by", "status",
                         "review"])
        for e in entries:
            writer.writerow([e.page, e.url, "content/" + e.image, e.consent,
                             e.review_by.isoformat() if e.review_by else "", e.status,
                             e.review])
        click.echo(out.getvalue(), nl=False)
        return
    if not entries:
        click.echo("No photo is marked as showing pupils (images: {photo.jpg: {pupils: true, "
                   "consent: recorded}} in a page's front matter).")
        return
    for e in entries:
        review = f"review by {e.review_by.isoformat()}" if e.review_by else "no review date"
        if e.review:
            review += f" ({e.review.upper()})"
        click.echo(f"content/{e.image}\n  page:    {e.page} ({e.status}) {e.url}\n"
                   f"  consent: {e.consent}; {review}")
    due = sum(1 for e in entries if e.review)
    click.echo(f"{_plural(len(entries), 'photo')} of pupils"
               + (f", {due} due for review." if due else "."))


@main.command("strip")
@SITE_OPTION
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def strip_command(site_dir: Path, files: tuple[Path, ...]) -> None:
    """Remove location and other metadata from image files, in place.

    For photos shared as downloads (a resource's files:), which are published as they
    are. JPEG, PNG, WebP and GIF files are cleaned without re-encoding: the picture is
    unchanged, and a JPEG keeps only the orientation it is shown in. Exit code 1 when
    a file cannot be cleaned (it says why). FILES are paths from the site's folder.
    """
    from sharesite.images.strip import StripError, strip_file

    failed = 0
    for path in files:
        if not (site_dir / path).is_file():
            click.echo(f"{path}: there is no such file (give its path from the site's "
                       "folder, like content/resources/x/photo.jpg)", err=True)
            failed += 1
            continue
        try:
            done = strip_file(site_dir / path)
        except StripError as exc:  # it names the file
            click.echo(str(exc), err=True)
            failed += 1
            continue
        if done.removed:
            kinds = ", ".join(k.upper() if k in ("gps", "exif", "xmp", "iptc") else k
                              for k in done.removed)
            click.echo(f"{path}: removed {kinds} ({done.bytes_before - done.bytes_after} "
                       "bytes)" + ("; kept its orientation" if done.kept_orientation else ""))
        else:
            click.echo(f"{path}: nothing to remove")
    sys.exit(1 if failed else 0)


@main.command("serve")
@SITE_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Only this computer can see the site unless you "
                   "change it.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--drafts/--no-drafts", default=False, help="Include draft posts.")
@click.option("--future/--no-future", default=False, help="Include posts dated in the future.")
@click.option("--open/--no-open", "open_browser", default=False,
              help="Open the site in your web browser.")
@click.option("--poll/--no-poll", default=False,
              help="Look for changes every half second instead of waiting to be told: for "
                   "network and synced drives (OneDrive, Google Drive), which do not tell.")
def serve_command(site_dir: Path, host: str, port: int, drafts: bool, future: bool,
                  open_browser: bool, poll: bool) -> None:
    """Build the site, serve it at http://127.0.0.1:8000/, rebuild when files change and
    reload the pages open in the browser. Build errors show in the browser until fixed."""
    from sharesite.build import BuildOptions
    from sharesite.serve.dev import serve

    serve(site_dir, host, port, BuildOptions(drafts=drafts, future=future,
                                             pupil_names=_pupil_names()), poll=poll,
          open_browser=open_browser)


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--title", default="Our classroom", show_default=True, help="The site's title.")
@click.option("--base-url", default="https://example.github.io/our-site/", show_default=True,
              help="The address the site will be published at.")
@click.option("--package", metavar="REQUIREMENT", default=None,
              help="How the site's workflows install sharesite: a pip requirement, like "
                   "'sharesite==0.1.0' or 'sharesite @ git+https://github.com/OWNER/sharesite@TAG' "
                   "(default: this version of sharesite).")
def init_command(directory: Path, title: str, base_url: str, package: str | None) -> None:
    """Create a new site in DIRECTORY (default: here).

    Writes site.toml, content/ with a first post, a resource, an author and an about page,
    a .gitignore, and the GitHub workflows that publish the site to GitHub Pages and check
    pull requests (.github/workflows/pages.yml, check.yml and import.yml). Refuses to
    overwrite any existing file.
    """
    from sharesite.authoring.scaffold import DEFAULT_PACKAGE, init_site

    written = init_site(directory, title, base_url, package=package or DEFAULT_PACKAGE)
    for path in written:
        click.echo(path)
    click.echo(f"\nYour site is ready. Next: cd {directory} && sharesite serve", err=True)


@main.command("new")
@SITE_OPTION
@click.argument("kind", type=click.Choice(["post", "resource", "page"]))
@click.argument("title")
@click.option("--lang", "lang", metavar="CODE", default="",
              help="On a site in several languages: the language it is written in (its "
                   "file is named ….cy.md).")
@click.option("--translation-of", "translation_of", metavar="FILE", default="",
              help="Make it the translation (into --lang) of FILE, a content file: "
                   "written beside it, with its front matter and a new title and slug.")
def new_command(site_dir: Path, kind: str, title: str, lang: str,
                translation_of: str) -> None:
    """Create a new post, resource or page with its front matter filled in.

    Prints the new file's path. Never overwrites an existing file.
    """
    from sharesite.authoring.scaffold import new_item

    path = new_item(site_dir, kind, title, lang, translation_of)
    click.echo(path)


@main.command("forms")
@SITE_OPTION
@click.option("--check", is_flag=True,
              help="Change nothing: exit 1 if a form is missing or out of date.")
def forms_command(site_dir: Path, check: bool) -> None:
    """Write the issue forms: share a resource, write a post, offer expertise, ask for it.

    Makes .github/ISSUE_TEMPLATE/share-a-resource.yml, write-a-post.yml,
    offer-your-expertise.yml and we-are-looking-for.yml from site.toml: the subject, level,
    type, kind-of-offer and area choices from its [vocabulary], the licence list with its
    licence chosen. Run it again after changing site.toml. Prints the files it changed.
    """
    from sharesite.authoring.issue_forms import stale_forms, write_forms
    from sharesite.config import load_config

    config, _ = load_config(site_dir)
    if check:
        stale = stale_forms(config)
        for rel in stale:
            click.echo(f"{rel}: out of date with site.toml (run `sharesite forms`)", err=True)
        if not stale:
            click.echo("The issue forms are up to date.", err=True)
        sys.exit(1 if stale else 0)
    changed = write_forms(config)
    for rel in changed:
        click.echo(rel)
    if not changed:
        click.echo("The issue forms are up to date.", err=True)


@main.command("from-issue")
@SITE_OPTION
@click.argument("event", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def from_issue_command(site_dir: Path, event: Path) -> None:
    """Turn an issue made with one of the forms into a file of the site.

    EVENT is the JSON of a GitHub `issues` event (in a workflow: "$GITHUB_EVENT_PATH").
    Writes content/resources/<slug>/index.md or content/posts/<date>-<slug>.md (and an
    author profile for a new contributor), never overwriting a file; or adds an offer or a
    request to the end of a school's profile (content/schools/<id>.md), leaving the rest of
    it as it was. Prints the paths.
    Reports on stderr everything it could not use. Exit code 1 when the event is not an
    issue made with the forms.
    """
    from sharesite.authoring.from_issue import (
        NotASubmission,
        from_issue,
        load_event,
        write_submission,
    )
    from sharesite.config import load_config

    config, _ = load_config(site_dir)
    try:
        submission = from_issue(config, load_event(event))
        written = write_submission(config, submission)
    except NotASubmission as exc:
        click.echo(f"sharesite: {exc}", err=True)
        sys.exit(1)
    except FileExistsError as exc:  # made between the check and the write
        click.echo(f"sharesite: {exc.filename} already exists: nothing was overwritten", err=True)
        sys.exit(1)
    for rel in written:
        click.echo(rel)
    for note in submission.notes:
        click.echo(str(note), err=True)


@main.command("import")
@SITE_OPTION
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["wordpress", "blogger", "feed"]),
              help="What the files are (normally told from the file itself).")
@click.option("--media", "media_dir", type=click.Path(exists=True, path_type=Path),
              metavar="DIR|ZIP",
              help="A copy of the old blog's files: wp-content/uploads (or Blogger's "
                   "Takeout albums), as a folder or a zip. Photos and documents are copied "
                   "beside each post.")
@click.option("--download-media", is_flag=True,
              help="Fetch photos and documents from the old blog (politely; a missing file "
                   "is a line in the report, never the end of the import).")
@click.option("--comments", type=click.Choice(["none", "archive"]), default="none",
              show_default=True,
              help="archive: keep approved comments (name, date, text; never e-mail "
                   "addresses) at the end of each post, under \"Comments (archived)\".")
@click.option("--include-private", is_flag=True,
              help="Also import private and password-protected posts, as drafts.")
@click.option("--dry-run", is_flag=True, help="Write nothing; print the report.")
def import_command(site_dir: Path, paths: tuple[Path, ...], fmt: str | None,
                   media_dir: Path | None, download_media: bool, comments: str,
                   include_private: bool, dry_run: bool) -> None:
    """Move a blog here from WordPress, Edublogs, CampusPress or Blogger.

    PATH is the export file (WordPress: Tools → Export → All content; WordPress.com parts
    .000.xml, .001.xml, … or their zip; Blogger: Settings → Back up content, or Takeout's
    feed.atom). Posts go to content/posts/<slug>/, pages to content/pages/, with their old
    addresses kept so old links and feed readers still arrive; tag, category and feed
    addresses go into redirects.toml. Nothing existing is overwritten, and running it again
    on the same export changes nothing. What was lost or changed is listed in
    import-report.md. Exit code 1 when an export cannot be read (nothing is written).
    """
    from sharesite.config import load_config
    from sharesite.importer import BadExport, Options, import_exports

    config, _ = load_config(site_dir)
    options = Options(format=fmt, media=media_dir, download_media=download_media,
                      comments=comments, include_private=include_private, dry_run=dry_run)
    try:
        result = import_exports(config, list(paths), options)
    except BadExport as exc:
        click.echo(f"sharesite: {exc}", err=True)
        sys.exit(1)
    for line in result.plan.warnings:
        click.echo(line, err=True)
    if dry_run:
        click.echo(result.report)
        return
    plan = result.plan
    click.echo(f"Imported {sum(plan.written.values())} of {plan.items_in} items "
               f"({len(result.written)} files written, {result.redirects_added} redirects "
               f"added); see import-report.md.", err=True)


@main.group("network")
def network_group() -> None:
    """Other schools' sites: fetch the catalogues of the peers named in site.toml."""


@network_group.command("fetch")
@SITE_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text",
              show_default=True,
              help="github prints each peer's problem as an annotation for GitHub Actions.")
@click.option("--base-url", metavar="URL",
              help="The address the site is published at (overrides site.toml and "
                   "SHARESITE_BASE_URL): a peer with no copy in the cache is first restored "
                   "from the copy published there.")
def network_fetch_command(site_dir: Path, fmt: str, base_url: str | None) -> None:
    """Fetch each peer's network.json, resources.json, expertise.json and events.json.

    Each [[network.peers]] in site.toml is fetched (conditionally: unchanged files are not
    sent again), checked and cleaned, and kept as that peer's last good copy in your cache
    folder; a peer with a `source` folder here is not fetched. A peer with no copy in the
    cache is first restored from the copy the site published (<base_url>network/copies/).
    Schools your peers follow and you do not are suggested, never added. A peer that fails
    is reported with its reason and its last good copy is kept: the exit code is 0 however
    the peers answer (2 for a bad site.toml). `sharesite build` shows the copies and publishes them.
    """
    from sharesite.config import load_config
    from sharesite.peers.fetch import SUGGESTED, fetch_network

    try:
        config, _ = load_config(site_dir, base_url)
    except ConfigError as exc:
        if fmt == "github":
            for diagnostic in exc.diagnostics:
                click.echo(diagnostic.github())
        raise
    if not config.network.peers:
        click.echo("site.toml names no peers ([[network.peers]]): nothing to fetch.")
        return
    report = fetch_network(config)
    for diagnostic in report.diagnostics():
        if fmt == "github":
            click.echo(diagnostic.github())
        else:
            click.echo(f"{diagnostic.path}:{diagnostic.line}: {diagnostic.message}", err=True)
    local = report.count("local")
    click.echo(f"Peers: {report.count('fetched')} fetched, {report.count('not-modified')} not "
               f"modified, {report.count('failed')} failed"
               + (f", {report.count('removed')} gone" if report.count("removed") else "")
               + (f", {local} built from {'its folder' if local == 1 else 'their folders'} "
                  "in this repository (not fetched)" if local else "")
               + f"; {_size(report.moved)} moved in {report.seconds:.2f} s.")
    if report.suggestions:  # never added by themselves: the teacher decides
        shown = report.suggestions[:SUGGESTED]
        lines = ["Schools your peers work with (not added; add one to [[network.peers]] "
                 "to follow it):"]
        lines += [f"  {s.name} — {s.url} (listed by {', '.join(s.listed_by)})" for s in shown]
        if len(report.suggestions) > len(shown):
            lines.append(f"  and {len(report.suggestions) - len(shown)} more")
        if fmt == "github":  # a notice: nothing is wrong
            text = "\n".join(lines)
            click.echo("::notice title=sharesite suggestion::"
                       + text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
        else:
            click.echo("\n".join(lines))


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1024 * 1024 \
        else f"{n / 1024 / 1024:.1f} MB"


if __name__ == "__main__":  # pragma: no cover
    main()
