"""Check the data of every document and year, without drawing or rendering anything (make check):

    .venv/bin/python scripts/check.py            every document, every year that has one
    .venv/bin/python scripts/check.py 2025       the documents of one fiscal year (a new year while its rows are added)

Reads data/ once through the checked reader, builds each document's model (every check it makes), and lists
every problem, each naming file, line and column and what to add; exits 1 if there is any. A year listed in
data/unyo/reports.csv with none of its rows yet gets the whole list of what it needs in one run.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kyosai import dataio, era  # noqa: E402
from kyosai.documents import ENTRIES  # noqa: E402


def check(years: list[int] | None = None, data_dir: Path = dataio.DATA,
          documents: set[tuple[str, int]] | None = None) -> list[str]:
    """Every problem of every document and year (of ``years`` only, if given; of the (slug, year) ``documents`` only,
    if given: what a run asked for builds) in ``data_dir`` (default: data/); prints one line per document."""
    try:
        data = dataio.load_all(data_dir)
    except dataio.DataError as exc:
        return exc.problems
    problems = []
    for entry in ENTRIES:
        slug, model = entry.slug, entry.model
        for fy in model.years(data):
            if (years and fy not in years) or (documents is not None and (slug, fy) not in documents):
                continue
            try:
                built = model.build(data, fy)
                print(f"  ok  {slug} {fy} ({era.fy_long(fy)}): {len(built['qa'])} checks and notes")
            except dataio.DataError as exc:
                print(f"  --  {slug} {fy} ({era.fy_long(fy)}): {len(exc.problems)} problem(s)")
                problems += [f"{slug} {fy}: {p}" for p in exc.problems]
    return problems


def once(problems: list[str]) -> list[str]:
    """Each problem once: "unyo-jokyo 2024: X" and "bunseki 2024: X" (the analysis pack reads the 運用状況's data)
    become "X (unyo-jokyo 2024, bunseki 2024)"."""
    found: dict[str, list[str]] = {}
    for p in problems:
        m = re.match(r"^([\w-]+ \d{4}): (.*)$", p, re.S)
        what, who = (m[2], m[1]) if m else (p, None)
        found.setdefault(what, [])
        if who:
            found[what].append(who)
    return [what + (f" ({', '.join(who)})" if who else "") for what, who in found.items()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("years", type=int, nargs="*", help="fiscal years to check (default: all)")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    problems = check(args.years)
    if problems:
        print(f"\nThe data has {len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
    print(f"checked in {time.perf_counter() - start:.1f} s" + ("" if problems else ": no problem"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
