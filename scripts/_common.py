"""Shared by the Snakemake scripts: import path, failing with a clear message, input digests."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from kyosai.dataio import DataError  # noqa: E402


def fail_on_data_errors(fn):
    """Run fn(); on DataError print every problem and exit 1 (Snakemake then stops the build
    before any job that writes published files)."""
    try:
        return fn()
    except DataError as exc:
        print(f"\nThe data has {len(exc.problems)} problem(s); nothing was built:", file=sys.stderr)
        for p in exc.problems:
            print(f"  - {p}", file=sys.stderr)
        sys.exit(1)
