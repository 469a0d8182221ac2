#!/usr/bin/env bash
# The long fuzz campaign (CI runs 30 examples of each property): any front matter, Markdown,
# bytes or site.toml gives exit 0, 1 or 2 with messages, never a traceback, and a failed
# build leaves the previous output as it was.   Usage: scripts/fuzz.sh [EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
SHARESITE_FUZZ_EXAMPLES="${1:-2000}" exec python -m pytest -q -p no:cacheprovider tests/test_fuzz.py
