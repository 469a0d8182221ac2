"""`sharesite import`: WordPress (WXR), Edublogs/CampusPress, Blogger and plain feeds into
this site's content, keeping every old address reachable.

`import_exports(config, paths, options)` reads every file first (any bad one: BadExport,
nothing written), plans every file, then writes them through a staging folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sharesite.config import SiteConfig
from sharesite.importer.detect import FORMATS, export_files, read_export
from sharesite.importer.model import BadExport
from sharesite.importer.plan import Options, Plan, Planner
from sharesite.importer.report import REPORT, report
from sharesite.importer.write import REDIRECTS, commit, redirect_lines

__all__ = ["FORMATS", "REDIRECTS", "REPORT", "BadExport", "Options", "Result",
           "import_exports"]


@dataclass(frozen=True)
class Result:
    plan: Plan
    report: str
    written: tuple[str, ...]  # site-relative paths (empty on a dry run)
    clashes: tuple[str, ...]
    redirects_added: int


def import_exports(config: SiteConfig, paths: list[Path], options: Options) -> Result:
    """Import the exports at `paths` into the site. Raises BadExport (nothing written)."""
    files = export_files(paths)
    if not files:
        raise BadExport("no export file was given (give the path of the export file)")
    exports = [read_export(name, data, options.format) for name, data in files]
    if options.media is not None and not options.media.exists():
        raise BadExport(f"{options.media}: no such folder or zip (give the folder holding "
                        "wp-content/uploads, or a zip of it)")
    planner = Planner(config, options)
    for export in exports:
        planner.add(export)
    plan = planner.plan
    appended, added = redirect_lines(config.root, plan.redirects)
    clashes = [rel for rel in plan.files if (config.root / rel).exists() and
               (config.root / rel).read_bytes() != plan.files[rel]]
    text = report(plan, [name for name, _ in files], added, clashes, options.dry_run)
    if options.dry_run:
        return Result(plan, text, (), tuple(clashes), added)
    new = {rel: data for rel, data in plan.files.items() if not (config.root / rel).exists()}
    if new or appended:
        new[REPORT] = text.encode("utf-8")
        report_path = config.root / REPORT
        if report_path.exists():  # the newest report replaces the last one
            report_path.unlink()
    written, clashed = commit(config.root, new, appended)
    return Result(plan, text, tuple(written), tuple(sorted(set(clashes) | set(clashed))),
                  added)
