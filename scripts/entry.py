"""A fiscal year's data entered in Excel (kyosai.entry):

    .venv/bin/python scripts/entry.py export 2025          writes entry/2025.xlsx (make entry FY=2025)
    .venv/bin/python scripts/entry.py import entry/2025.xlsx   checks it and writes its rows into data/ (make import FILE=…)

An import lists every problem (sheet, cell, column) and writes nothing unless all is well; then it says, per file,
how many rows it added, changed and removed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kyosai import dataio, entry  # noqa: E402


def export(fy: int, out: Path, data_dir: Path, force: bool) -> int:
    if out.exists() and not force:
        print(f"error: {out} exists (filled in already?): import it (make import FILE={out}), or move it away; "
              f"--force overwrites it", file=sys.stderr)
        return 2
    descriptor = dataio.load_descriptor(data_dir / "datapackage.yaml")
    data = dataio.load_all(data_dir, descriptor)
    plans = entry.export(data, descriptor, fy, out, entry.missing(data, fy))
    print(f"wrote {out}: {len(plans)} sheets")
    for p in plans:
        blank = sum(1 for r in p.rows if dataio.LINE not in r)
        print(f"  {p.sheet.title}: {len(p.rows)} rows" + (f", {blank} to fill in" if blank else "")
              + f" (data/{p.resource['path']})")
    return 0


def import_(path: Path, data_dir: Path, dry_run: bool) -> int:
    if not path.exists():
        print(f"error: {path}: no such file", file=sys.stderr)
        return 2
    changes, notes = entry.apply(path, data_dir, write=not dry_run)
    for n in notes:
        print(f"  note: {n}")
    if not changes:
        print(f"{path}: nothing to change; data/ is as the workbook says")
    for ch in changes:
        print(f"  {ch.path}: {ch.added} added, {ch.changed} changed, {ch.removed} removed")
    if changes:
        print("checked (nothing written: --dry-run)" if dry_run else "written")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export", help="write the data-entry workbook of a fiscal year")
    e.add_argument("fy", type=int)
    e.add_argument("--out", type=Path, help="default: entry/<FY>.xlsx")
    e.add_argument("--force", action="store_true", help="overwrite an existing workbook")
    i = sub.add_parser("import", help="read a data-entry workbook back into data/")
    i.add_argument("file", type=Path)
    i.add_argument("--dry-run", action="store_true", help="check only")
    for p in (e, i):
        p.add_argument("--data", type=Path, default=dataio.DATA, help="the data folder (default: data/)")
    args = ap.parse_args(argv)
    try:
        if args.command == "export":
            return export(args.fy, args.out or dataio.ROOT / "entry" / f"{args.fy}.xlsx", args.data, args.force)
        return import_(args.file, args.data, args.dry_run)
    except dataio.DataError as exc:
        print(f"\n{len(exc.problems)} problem(s); nothing was written:", file=sys.stderr)
        for p in exc.problems:
            print(f"  - {p}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
