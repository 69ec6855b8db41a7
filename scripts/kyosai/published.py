"""The archive of published tables: the tables of each published document are kept under version control
(reports/<FY>/published/<slug>/*.csv), with ``archive.yaml`` beside them saying what they are (``manifest``):

* ``kind: seed``: a year whose published document is one of the source documents (``seed: "000"``): every figure
  that document prints is in the archive as printed, checked against the seed's text by tests/test_seed_figures.py
  (the other cells of its tables, which the document does not print, were accepted with the archive);
* ``kind: accepted``: a later year: the tables of a build someone accepted as the publication, with the date, the
  reason and the SHA-256 of the publication's PDF, written by `make archive FY=<FY> REASON=...`
  (scripts/archive.py), never by a build.

Every build compares what it made with the archive (``backtest``) and says which archived figures changed, naming
which of the two it compares with (``label``); tests/test_backtest.py rebuilds every archived year and fails on any
difference."""
from __future__ import annotations

from pathlib import Path

from . import yamlguard
from .documents import DOCUMENTS, SLUGS
from .tablespec import Table, keyed_rows


def tables_of(document: str):
    """The declared tables of a document (kyosai.<document>.tables.TABLES)."""
    return DOCUMENTS[document].tables.TABLES


def archive_of(reports: Path, fy: int, doc: str) -> Path:
    """reports/<FY>/published/<slug>: the archived tables of a published document."""
    return Path(reports) / str(fy) / "published" / SLUGS[doc]


def built_tables(reports: Path, fy: int, doc: str) -> Path:
    """reports/<FY>/<slug>/tables: the tables a build writes."""
    return Path(reports) / str(fy) / SLUGS[doc] / "tables"


MANIFEST = "archive.yaml"
KINDS = ("seed", "accepted")


def manifest(archive: Path) -> dict:
    """archive.yaml of an archive folder: what its tables are (module docstring). Refuses an archive without one,
    or with an unknown kind or missing fields."""
    path = Path(archive) / MANIFEST
    if not path.is_file():
        raise ValueError(f"{path}: missing; every archive says what it is (kind: seed or accepted; make archive)")
    m = yamlguard.safe_load(path.read_text(encoding="utf-8"), str(path)) or {}
    needed = {"seed": ("seed", "document"), "accepted": ("accepted", "reason", "publication_sha256")}
    if m.get("kind") not in KINDS:
        raise ValueError(f"{path}: kind must be one of {', '.join(KINDS)}, not {m.get('kind')!r}")
    missing = [k for k in needed[m["kind"]] if not m.get(k)]
    if missing:
        raise ValueError(f"{path}: kind {m['kind']} needs {', '.join(missing)}")
    return m


def label(m: dict) -> str:
    """What a backtest message calls the archived value: 公表値（資料000） for a seed year, 受理値（2026-07-01 受理）
    for an accepted build."""
    return f"公表値（資料{m['seed']}）" if m["kind"] == "seed" else f"受理値（{m['accepted']} 受理）"


def archived(reports: Path) -> list[tuple[str, int, Path]]:
    """(doc, fiscal year, archive folder) of every archived published report under ``reports``."""
    out = []
    for doc, slug in SLUGS.items():
        for path in sorted(Path(reports).glob(f"*/published/{slug}")):
            if path.is_dir() and path.parent.parent.name.isdigit():
                out.append((doc, int(path.parent.parent.name), path))
    return sorted(out, key=lambda x: (x[1], x[0]))


def backtest(doc: str, published: dict[str, Table], rebuilt: dict[str, Table], where: str,
             archived_as: str = "公表値") -> list[str]:
    """Every difference between archived published tables and a rebuild of the same report: missing or
    extra tables, columns and rows, and each differing cell with its table, row key, column and both
    values, the archived one called ``archived_as`` (``label`` of the archive's manifest). Same year on both
    sides, so keys are absolute (fiscal_year=2024). Empty when identical."""
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
                    problems.append(f"{where}/{name}.csv: 行 {row}、列 {col}: {archived_as} {a!r}、再作成 {b!r}")
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
