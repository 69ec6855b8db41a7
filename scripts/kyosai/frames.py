"""The documents' tables for analysts, as pandas DataFrames: pandas' job in this project is keyed access, joins and
series across years, never the figures' arithmetic (that is Decimal in the models, rounded half-up once, when
printed). A frame holds each figure as printed (the CSV's rounded value) as a Decimal, so a sum taken here adds
printed figures, not the ledger's; the tables' own declarations (``kyosai.<document>.tables``) give the keys.

    >>> from kyosai import frames
    >>> balances = frames.table(2024, "unyo", "balances")      # indexed by the table's keys
    >>> balances.loc[2024, "total_assets_oku"]
    Decimal('119195')
    >>> frames.across_reports("unyo", "balances")              # every archived report's rows, with its year
    >>> frames.beside(2024, 2022, "unyo", "balances")          # one report's rows beside another's, by key

``source="published"`` (the default) reads the archive of published tables (reports/<FY>/published/<slug>/, kept
under version control); ``source="built"`` reads a build's tables (reports/<FY>/<slug>/tables/). pandas is installed
with the test and analysis set-up (`make setup-test`), not with the runtime: no build job needs it.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from .documents import SLUGS
from .paths import ROOT
from .published import archive_of, built_tables, tables_of

SOURCES = ("published", "built")


def folder(fy: int, document: str, source: str = "published", reports: Path = ROOT / "reports") -> Path:
    """Where a report's tables are: its archive, or a build's output."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    return archive_of(reports, fy, document) if source == "published" else built_tables(reports, fy, document)


def table(fy: int, document: str, table_id: str, source: str = "published",
          reports: Path = ROOT / "reports") -> pd.DataFrame:
    """One table of one report, indexed by its declared keys; figures as Decimal, years as int, the rest text."""
    spec = tables_of(document)[table_id]
    path = folder(fy, document, source, reports) / f"{table_id}.csv"
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = raw.apply(lambda col: col.map(_typed(spec, col.name)))
    return frame.set_index(list(spec.keys)) if spec.keys else frame


def across_reports(document: str, table_id: str, source: str = "published",
                   reports: Path = ROOT / "reports") -> pd.DataFrame:
    """A table as every report of the document printed it, one frame with the report's year (``report_fy``) in
    front of its keys: how a year's figure was printed then and later."""
    years = sorted(int(p.name) for p in Path(reports).iterdir() if p.name.isdigit()
                   and (folder(int(p.name), document, source, reports) / f"{table_id}.csv").is_file())
    if not years:
        raise FileNotFoundError(f"no {source} report of {SLUGS[document]} has the table {table_id}")
    frames = {fy: table(fy, document, table_id, source, reports) for fy in years}
    return pd.concat(frames, names=["report_fy"])


def beside(fy: int, previous_fy: int, document: str, table_id: str, source: str = "published",
           reports: Path = ROOT / "reports") -> pd.DataFrame:
    """Two reports' rows of a table joined by key (an outer join: a row only one report has is kept), the columns
    of each under its report's year."""
    this, before = (table(y, document, table_id, source, reports) for y in (fy, previous_fy))
    return pd.concat({fy: this, previous_fy: before}, axis=1, join="outer")


def _typed(spec, column: str):
    """How a column's cells become values: years int, figures Decimal, everything else the text as written; an
    empty cell is None (not NaN: a missing figure is not a number)."""
    declared = next((c for c in spec.columns if c.name == column), None)
    if declared is not None and declared.year:
        return lambda s: int(s[:4]) if s else None
    if declared is not None and (declared.places is not None or declared.per_row):
        return lambda s: Decimal(s) if s else None
    return lambda s: s if s else None
