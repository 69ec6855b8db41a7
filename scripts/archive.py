"""Archive the computed tables of a published report for the backtests (tests/test_backtest.py).

    .venv/bin/python scripts/archive.py 2024        (or: make archive FY=2024, which builds first)

Copies reports/<FY>/<slug>/tables/*.csv to reports/<FY>/published/<slug>/ for every document the year has
(unyo-jokyo, shikyuritsu), after listing every figure that differs from the archive as it stands: the same
messages the backtest would print. Deliberate, never run by the build: run it when a report is published,
or when a published figure is knowingly corrected, and commit the archive with the reason.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from kyosai import DOCUMENTS  # noqa: E402
from kyosai.published import archive_of, backtest, built_tables  # noqa: E402
from kyosai.tablespec import read_tables  # noqa: E402


def archive(root: Path, fy: int) -> list[str]:
    """Copy the year's built tables into its archives; returns what it did, differences first."""
    lines = []
    for doc in DOCUMENTS:
        src, dst = built_tables(root / "reports", fy, doc), archive_of(root / "reports", fy, doc)
        if not src.is_dir():
            continue
        where = dst.relative_to(root).as_posix()
        if dst.is_dir():
            changes = backtest(doc, read_tables(dst), read_tables(src), where)
            lines += changes or [f"{where}: no figure changed"]
        else:
            lines.append(f"{where}: new archive")
        dst.mkdir(parents=True, exist_ok=True)
        names = {p.name for p in src.glob("*.csv")}
        for stale in sorted(p for p in dst.glob("*.csv") if p.name not in names):
            stale.unlink()
        for name in sorted(names):
            shutil.copyfile(src / name, dst / name)
        lines.append(f"{where}: {len(names)} tables archived from {src.relative_to(root).as_posix()}")
    if not lines:
        raise SystemExit(f"reports/{fy}: no built tables to archive (build first: make reports)")
    return lines


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("fy", type=int, help="fiscal year of the published report, e.g. 2024")
    ap.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    for line in archive(args.root, args.fy):
        print(line)


if __name__ == "__main__":
    main()
