"""`import-report.md`: counts in and out, then one line for every loss or change."""

from __future__ import annotations

from sharesite.importer.plan import Plan

REPORT = "import-report.md"


def report(plan: Plan, sources: list[str], written_redirects: int, clashes: list[str],
           dry_run: bool) -> str:
    out = ["# Import report", ""]
    out.append(f"From: {', '.join(sources)}" + (" (dry run: nothing was written)"
                                                if dry_run else ""))
    out += ["", "## Counts", "", f"- items in the export: {plan.items_in}"]
    out += [f"- written, {kind}: {n}" for kind, n in sorted(plan.written.items())]
    out += [f"- skipped, {why}: {n}" for why, n in sorted(plan.skipped.items())]
    out += [f"- old addresses kept as aliases: {plan.aliases}",
            f"- site-level redirects added to redirects.toml: {written_redirects}",
            f"- old addresses that cannot be redirected: {len(plan.reported)}",
            f"- posts kept as HTML (Markdown would change their words): {plan.kept_html}",
            f"- scripts, frames and handlers removed: {plan.removed}",
            f"- unknown shortcodes left as text: {sum(plan.unknown_shortcodes.values())}",
            f"- media files copied: {plan.media_copied}, not found: {plan.media_missing}",
            f"- quirks of the export repaired: {len(plan.warnings)}"]
    if clashes:
        out += ["", "## Not written: a file is already there", ""]
        out += [f"- {rel} (left as it was; move it away and import again to get the "
                "imported one)" for rel in clashes]
    if plan.reported:
        out += ["", "## Old addresses that cannot be redirected", "",
                "Readers following these links will not arrive on the new site. Link to "
                "the new pages from the old site, or keep a short note there.", ""]
        out += [f"- {line}" for line in plan.reported]
    if plan.lines:
        out += ["", "## Changes and losses", ""]
        out += [f"- {line}" for line in plan.lines]
    if plan.warnings:
        out += ["", "## Repaired quirks", ""]
        out += [f"- {line}" for line in plan.warnings]
    return "\n".join(out) + "\n"
