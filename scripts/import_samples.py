"""Run `sharesite import --comments archive` over every file in ../shared/import-samples/
(each into a new temporary site, then once more to check that a second import changes no
byte) and print, per file: items in / written / skipped, old addresses redirected /
reported, seconds, and whether the second import left every file as it was; or the
traceback of a failure (then exit 1). A file the importer refuses with a message (a
malformed export) is a success: that is its job. Skips with a message when the folder is
absent."""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from pathlib import Path

from sharesite.config import load_config
from sharesite.importer import BadExport, Options, import_exports

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "import-samples"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def main() -> int:
    if not SAMPLES.is_dir():
        print(f"skipped: {SAMPLES} is not there")
        return 0
    failed = 0
    print(f"{'file':58} {'in':>4} {'wrote':>5} {'skip':>4} {'redir':>5} {'rep':>4} {'s':>5} "
          "again")
    for path in sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".xml", ".atom")):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "site.toml").write_text('title = "Test"\nbase_url = '
                                            '"https://new.example.org/"\n', encoding="utf-8")
            (root / "content").mkdir()
            config, _ = load_config(root)
            start = time.perf_counter()
            name = str(path.relative_to(SAMPLES))
            try:
                result = import_exports(config, [path], Options(comments="archive"))
                seconds = time.perf_counter() - start
                before = _files(root)
                import_exports(config, [path], Options(comments="archive"))
                same = _files(root) == before
            except BadExport as exc:
                print(f"{name:58} refused: {exc}"[:200])
                continue
            except Exception:
                failed += 1
                print(f"{name:58} FAILED")
                traceback.print_exc()
                continue
            plan = result.plan
            redirected = plan.aliases + result.redirects_added
            wrote = sum(n for k, n in plan.written.items() if k != "author profile")
            skipped = sum(n for k, n in plan.skipped.items() if not k.startswith("comments"))
            if not same:
                failed += 1
            print(f"{name:58} {plan.items_in:4} {wrote:5} "
                  f"{skipped:4} {redirected:5} {len(plan.reported):4} "
                  f"{seconds:5.2f} {'same' if same else 'CHANGED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
