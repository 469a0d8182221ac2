"""The importer over every real export in ../shared/import-samples/ (WordPress's own
importer test files, Pelican's, a Blogger backup): no traceback, each malformed file
refused with its message, and a second import changing no byte. Those files are GPL/AGPL
and stay outside the repository, so this is skipped where they are absent (as in CI)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support import REPO

SAMPLES = REPO.parent / "shared" / "import-samples"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/import-samples/ is not here")
def test_every_sample_imports_without_a_traceback() -> None:
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "import_samples.py")],
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    rows = result.stdout.splitlines()[1:]
    samples = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".xml", ".atom"))
    assert len(rows) == len(samples)
    for row in rows:
        assert row.endswith(" same") or "refused: " in row, row
    refused = [row.split()[0] for row in rows if "refused: " in row]
    assert all("malformed" in name or "crazy-cdata.xml" in name for name in refused), refused
