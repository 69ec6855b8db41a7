"""The archive of published tables: the computed tables of each published document are kept under version
control (reports/<FY>/published/<slug>/*.csv), written only by `make archive FY=<FY>` (scripts/archive.py).
Every build compares what it made with the archive (``backtest``) and says which published figures changed;
tests/test_backtest.py rebuilds every archived year and fails on any difference."""
from __future__ import annotations

import importlib
from pathlib import Path

from . import DOCUMENTS as SLUGS
from .tablespec import Table, keyed_rows


def tables_of(document: str):
    """The declared tables of a document (kyosai.<document>.tables.TABLES)."""
    return importlib.import_module(f"kyosai.{document}.tables").TABLES


def archive_of(reports: Path, fy: int, doc: str) -> Path:
    """reports/<FY>/published/<slug>: the archived tables of a published document."""
    return Path(reports) / str(fy) / "published" / SLUGS[doc]


def built_tables(reports: Path, fy: int, doc: str) -> Path:
    """reports/<FY>/<slug>/tables: the tables a build writes."""
    return Path(reports) / str(fy) / SLUGS[doc] / "tables"


def archived(reports: Path) -> list[tuple[str, int, Path]]:
    """(doc, fiscal year, archive folder) of every archived published report under ``reports``."""
    out = []
    for doc, slug in SLUGS.items():
        for path in sorted(Path(reports).glob(f"*/published/{slug}")):
            if path.is_dir() and path.parent.parent.name.isdigit():
                out.append((doc, int(path.parent.parent.name), path))
    return sorted(out, key=lambda x: (x[1], x[0]))


def backtest(doc: str, published: dict[str, Table], rebuilt: dict[str, Table], where: str) -> list[str]:
    """Every difference between archived published tables and a rebuild of the same report: missing or
    extra tables, columns and rows, and each differing cell with its table, row key, column and both
    values. Same year on both sides, so keys are absolute (fiscal_year=2024). Empty when identical."""
    problems = []
    tables = tables_of(doc)
    for name in tables.order(set(published) | set(rebuilt)):
        p, r = published.get(name), rebuilt.get(name)
        if r is None:
            problems.append(f"{where}/{name}.csv: 公表済みの表が作られなくなった")
            continue
        if p is None:
            problems.append(f"{where}/{name}.csv: 公表時になかった表が作られた")
            continue
        if p.header != r.header:
            problems.append(f"{where}/{name}.csv: 列が変わった: 公表時 {', '.join(p.header)}、"
                            f"再作成 {', '.join(r.header)}")
        spec = tables.spec_for(name, p.header)
        rows_p, rows_r = keyed_rows(p, spec, 0, relative=False), keyed_rows(r, spec, 0, relative=False)
        for key, kp in rows_p.items():
            kr = rows_r.get(key)
            row = ", ".join(f"{c}={v}" for c, v in key)
            if kr is None:
                problems.append(f"{where}/{name}.csv: 行 {row}: 公表済みの行が再作成にない")
                continue
            for col in p.header:
                a, b = kp.row.get(col, ""), kr.row.get(col, "")
                if a != b:
                    problems.append(f"{where}/{name}.csv: 行 {row}、列 {col}: 公表値 {a!r}、再作成 {b!r}")
        for key in rows_r:
            if key not in rows_p:
                row = ", ".join(f"{c}={v}" for c, v in key)
                problems.append(f"{where}/{name}.csv: 行 {row}: 再作成にあり、公表済みの表にない")
        common = [k for k in rows_p if k in rows_r]
        if common != [k for k in rows_r if k in rows_p]:
            problems.append(f"{where}/{name}.csv: 行の順序が異なる")
    return problems


def as_tables(tables, rows: dict[str, list[dict]]) -> dict[str, Table]:
    """A document's computed rows as the CSVs write them, to compare with the archive."""
    return {name: Table(tables[name].header, tuple(cells)) for name, cells in tables.csv(rows).items()}
