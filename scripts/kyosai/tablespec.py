"""Output tables, each declared once: its id, Japanese title, columns (code, Japanese heading, unit, decimals
as printed, how the diff judges a change), keys and the function that computes its rows from a document's
model. The declaration is read by the CSV writer (``write_tables``), by the templates' table macro
(``series``), by the plain-text rendering and by the diff (kyosai.diff), so a figure's unit, decimals and
label live in one place.

A document's tables module declares its tables with ``TABLES.table(...)`` above the function computing
them::

    TABLES = TableSet("unyo")

    @TABLES.table("balances", "運用資産額・責任準備金・利益剰余金", keys=("fiscal_year",), columns=(
        year("fiscal_year", "年度末", "fy"), amount("total_assets_oku", "運用資産額"), ...))
    def balances(model): return [...]

Rows are computed unrounded (Decimal); the CSV writes them rounded as printed (四捨五入, kyosai.numbers.plain),
UTF-8 with BOM for Excel. The CSVs are read back as text (``read_tables``) by the diff and the backtest.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable

from . import era
from .numbers import fmt_number, plain

# How a change of a figure is judged by the diff (kyosai.diff.compare.MEASURES says how each is measured).
KINDS = ("amount", "count", "level", "ratio", "flow", "share", "yield", "text")
YEAR_MODES = ("fy", "fy_end", "doc")  # a fiscal year; a fiscal year-end date (YYYY-03-31); the document's own year


@dataclass(frozen=True)
class Column:
    """One column of an output table."""
    name: str                       # CSV header (a code: programs read it)
    label: str                      # Japanese heading
    unit: str = ""                  # 億円, 百万円, %, pt, ratio; "" for text and counts
    places: int | None = None       # decimals as printed; None for text, ids and years
    kind: str = "text"              # how the diff judges a change (KINDS)
    year: str | None = None         # the column holds a year (YEAR_MODES): in keys it becomes an offset
    codes: dict[str, str] | None = None   # code → Japanese name, for columns holding codes
    per_row: bool = False           # unit, decimals and kind depend on the row (TableSpec.row_format)
    printed: str | None = None      # the heading as the publication prints it, where it differs from label
    signed: bool = False            # printed with + for positive figures (増減率)

    @property
    def heading(self) -> str:
        return self.printed or self.label


def text(name: str, label: str, codes: dict[str, str] | None = None, **kw) -> Column:
    return Column(name, label, codes=codes, **kw)


def year(name: str, label: str, mode: str = "fy", **kw) -> Column:
    return Column(name, label, year=mode, **kw)


def amount(name: str, label: str, unit: str = "億円", places: int = 0, **kw) -> Column:
    """A stock held (運用資産額): judged by its relative change."""
    return Column(name, label, unit, places, "amount", **kw)


def flow(name: str, label: str, unit: str = "億円", places: int = 0, **kw) -> Column:
    """A flow (運用損益額, 増減額): shown, judged through its yield, not on its own."""
    return Column(name, label, unit, places, "flow", **kw)


def share(name: str, label: str, places: int = 1, unit: str = "%", **kw) -> Column:
    """A share of the portfolio, an allocation, a deviation or a band: judged in pt."""
    return Column(name, label, unit, places, "share", **kw)


def rate(name: str, label: str, places: int = 2, unit: str = "%", **kw) -> Column:
    """A yield, return or rate of change: judged in pt."""
    return Column(name, label, unit, places, "yield", **kw)


def level(name: str, label: str, places: int, unit: str = "", **kw) -> Column:
    """A market index level or an exchange rate: judged by its relative change."""
    return Column(name, label, unit, places, "level", **kw)


def ratio(name: str, label: str, places: int, **kw) -> Column:
    """A plain ratio (支給率): judged by its relative change."""
    return Column(name, label, "ratio", places, "ratio", **kw)


def count(name: str, label: str, unit: str = "", **kw) -> Column:
    return Column(name, label, unit, 0, "count", **kw)


@dataclass(frozen=True)
class Item:
    """A kind of row in a long table (returns: income, yield_avg_5y …): how its figures print and are judged."""
    label: str
    unit: str
    places: int | dict[str, int]    # one for every per-row column, or by column
    kind: str

    def places_for(self, column: str) -> int:
        return self.places if isinstance(self.places, int) else self.places[column]


@dataclass(frozen=True)
class TableSpec:
    """One output table.

    keys: the columns that identify a row (year columns become offsets from the report's year when two
        reports are compared); labels: descriptive columns shown, not compared; label_from: the columns
        (codes translated) that name a row for people;
    items / item_column: per-row formats of a long table, by the row's item; unit_formats / unit_column:
        per-row formats by the row's unit (when the items come from data);
    history: rows of earlier years are history (compared, shown, not flagged; checked for restatement);
    policy_column: the 基本ポートフォリオ id of a row; breach: (column, value) marking a band breach;
    outcome: (kind column, projection value, actual value): projections compared with later actuals;
    year_end: the years are year-ends (R06年度末) when named; list_rows: a table only one report has lists
        its rows in the diff summary (else counts them);
    data: the data resource (data/datapackage.yaml, keyed by fiscal_year) the table needs the report's year's rows
        of: what the completeness check demands of a year (the rows, or their gap declared in gaps.csv);
        total_row: (column, value) of the published total row those rows must hold.
    """
    id: str
    title: str
    columns: tuple[Column, ...]
    keys: tuple[str, ...]
    labels: tuple[str, ...] = ()
    label_from: tuple[str, ...] = ()
    items: dict[str, Item] = field(default_factory=dict)
    item_column: str | None = None
    unit_formats: dict[str, tuple[int, str]] = field(default_factory=dict)
    unit_column: str | None = None
    history: bool = False
    policy_column: str | None = None
    breach: tuple[str, str] | None = None
    outcome: tuple[str, str, str] | None = None
    year_end: bool = False
    list_rows: bool = True
    data: str | None = None
    total_row: tuple[str, str] | None = None

    def __post_init__(self):
        names = [c.name for c in self.columns]
        for c in self.columns:
            if c.kind not in KINDS or (c.year and c.year not in YEAR_MODES):
                raise ValueError(f"table {self.id}, column {c.name}: unknown kind {c.kind!r} or year mode {c.year!r}")
        for k in self.keys + self.labels + self.label_from:
            if k not in names:
                raise ValueError(f"table {self.id}: {k!r} is not one of its columns")

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def years(self) -> dict[str, str]:
        return {c.name: c.year for c in self.columns if c.year}

    @property
    def values(self) -> tuple[Column, ...]:
        """The compared columns: everything but keys, labels, years and the unit column."""
        skip = set(self.keys) | set(self.labels) | set(self.years) | {self.unit_column}
        return tuple(c for c in self.columns if c.name not in skip)

    def row_format(self, column: Column, row: dict) -> tuple[str, int | None, str]:
        """(unit, places, kind) of one figure: the column's, or for a per-row column the row's item's or unit's."""
        if not column.per_row:
            return column.unit, column.places, column.kind
        if self.item_column and str(row.get(self.item_column)) in self.items:
            item = self.items[str(row[self.item_column])]
            return item.unit, item.places_for(column.name), item.kind
        unit = str(row.get(self.unit_column or "", "") or "")
        if unit in self.unit_formats:
            places, kind = self.unit_formats[unit]
            return unit, places, kind
        return unit, None, "text"

    def shown(self, name: str, value, unit: str | None = None) -> str:
        """A figure of the column or item ``name`` as the printed table shows it (its declared unit, decimals and
        sign: ▲1,347 / 0.43% / 2.30pt; － where missing): a template prints a declared table's figures with this
        (``tables.<id>.shown(name, value)``), never with decimals of its own. ``unit``: the row's unit, for a
        column whose format depends on it (``unit_formats``)."""
        if unit is not None:
            places, _ = self.unit_formats[unit]
            return display(value, unit, places)
        if name in self.items:
            item = self.items[name]
            return display(value, item.unit, item.places_for(next(c.name for c in self.columns if c.per_row)))
        col = self.column(name)
        return display(value, col.unit, col.places, col.signed)

    def cell(self, column: Column, row: dict) -> str:
        """One cell as the CSV writes it (the unit column of a table with items: the row's item's unit)."""
        value = row.get(column.name)
        if value is None and column.name == self.unit_column and str(row.get(self.item_column)) in self.items:
            value = self.items[str(row[self.item_column])].unit
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, dt.date):
            return value.isoformat()
        _, places, _ = self.row_format(column, row)
        if places is not None and isinstance(value, (Decimal, int)):
            return plain(value, places)
        return excel_text(str(value))

    def csv_rows(self, rows: list[dict]) -> list[dict[str, str]]:
        """The rows as the CSV writes them; a row naming a column the table does not declare is a fault of the
        code that computes it (nothing is silently dropped)."""
        header = set(self.header)
        for r in rows:
            if set(r) - header:
                raise ValueError(f"table {self.id}: columns {sorted(set(r) - header)} are not declared")
        return [{c.name: self.cell(c, r) for c in self.columns} for r in rows]

    def name_of(self, column: str, code: str) -> str:
        """A code of a column in Japanese (全体 for all …), or the code itself."""
        codes = self.column(column).codes or {}
        return codes.get(code, code)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def in_oku(rows: list[dict], names: tuple[str, ...], keep: tuple[str, ...] = ("fiscal_year",)) -> list[dict]:
    """A model series as a table's rows: the `keep` fields as they are, each amount of `names` as `<name>_oku`
    (億円, the unit its column declares)."""
    return [{**{k: r[k] for k in keep}, **{f"{n}_oku": r[n] for n in names}} for r in rows]


def excel_text(text: str) -> str:
    """Text as Excel shows it, never as a formula: a cell starting with = + - @ gets a leading apostrophe
    (=HYPERLINK(...) in a fund name stays text in every program that opens the CSV)."""
    return "'" + text if text.startswith(FORMULA_START) else text


class TableSet:
    """The declared tables of one document, in the order they are written and compared."""

    def __init__(self, document: str):
        self.document = document
        self.specs: dict[str, TableSpec] = {}
        self.producers: dict[str, Callable[[dict], list[dict] | None]] = {}
        # what the comparison with the previous report names first (kyosai.diff.summary):
        # headlines: [(table, key with years as offsets, column, label)]; breakdown: (table, key filter, columns)
        self.headlines: list[tuple[str, dict[str, str], str, str]] = []
        self.breakdown: tuple[str, dict[str, str], tuple[str, ...]] | None = None
        self.from_data: list[str] = []     # the tables declared by year_table, in order

    def table(self, id: str, title: str, *, columns: tuple[Column, ...], keys: tuple[str, ...], **options):
        """Declare a table; decorates the function that computes its rows from the model (None or [] when
        the document has no such table that year)."""
        spec = TableSpec(id, title, tuple(columns), tuple(keys), **options)

        def register(fn):
            if id in self.specs:
                raise ValueError(f"table {id} declared twice")
            self.specs[id], self.producers[id] = spec, fn
            return fn
        return register

    def year_table(self, id: str, title: str, *, columns: tuple[Column, ...], keys: tuple[str, ...], data: str | None = None,
                   **options) -> TableSpec:
        """Declare a table whose rows are the report's year's rows of a data resource (``data``, by default the table's
        own id: data/<document>/<id>.csv), its columns named as the file's: the model carries them (``year_rows``),
        the completeness check demands them, the templates print them (``printed``). Nothing else to write."""
        resource = data or id
        spec = TableSpec(id, title, tuple(columns), tuple(keys), data=resource, **options)
        if id in self.specs:
            raise ValueError(f"table {id} declared twice")
        self.specs[id] = spec
        self.producers[id] = lambda model: [{c.name: r.get(c.name) for c in spec.columns}
                                            for r in model.get("year_rows", {}).get(resource, [])] or None
        self.from_data.append(id)
        return spec

    def year_rows(self, data: dict, fy: int) -> dict[str, list[dict]]:
        """The rows of the year of every resource a ``year_table`` prints (for the model: model["year_rows"])."""
        out = {}
        for id in self.from_data:
            spec = self.specs[id]
            out[spec.data] = [{c.name: r.get(c.name) for c in spec.columns if c.name in r}
                              for r in data[spec.data].where(fiscal_year=fy)]
        return out

    def printed(self, id: str, model: dict) -> dict | None:
        """A declared table as the page prints it, every figure as declared (``TableSpec.shown``): {"title", "heads",
        "rows"} for the templates' ``declared_table`` macro; None when the model has no rows for it."""
        spec, rows = self.specs[id], self.producers[id](model)
        if not rows:
            return None
        shown = [c for c in spec.columns if c.name not in spec.years and c.year != "doc"]
        heads = [c.heading + (f"（{c.unit}）" if c.unit else "") for c in shown]
        return {"title": spec.title, "heads": heads, "figures": [c.places is not None or c.per_row for c in shown],
                "rows": [[spec.shown(c.name, r.get(c.name)) if c.places is not None or c.per_row
                          else "" if r.get(c.name) is None else spec.name_of(c.name, str(r[c.name])) for c in shown]
                         for r in rows]}

    def __getitem__(self, id: str) -> TableSpec:
        return self.specs[id]

    def __contains__(self, id: str) -> bool:
        return id in self.specs

    def __iter__(self):
        return iter(self.specs.values())

    def carried_format(self, carried: dict[str, tuple], figure: str) -> tuple[str, int, Decimal | None]:
        """(unit, decimals, input tolerance in the figure's unit or None) of a published figure that a table
        carries: ``carried`` maps each figure to (table, the column or item it is printed in, how far the rounding
        of the printed inputs can move the computation, in units of the last printed digit, or None where the
        model computes the bound)."""
        table, name, units = carried[figure]
        spec = self.specs[table]
        if name in spec.items:
            item = spec.items[name]
            unit, places = item.unit, item.places_for("value")
        else:
            col = spec.column(name)
            unit, places = col.unit, col.places
        return unit, places, None if units is None else units * Decimal(1).scaleb(-places)

    def rows(self, model: dict) -> dict[str, list[dict]]:
        """The unrounded rows of every table the model has, by id, in declaration order; a column of the
        document's own year (year mode "doc") is filled with the model's fiscal year."""
        out = {}
        for id, fn in self.producers.items():
            rows = fn(model)
            if rows is not None:
                own = [c.name for c in self.specs[id].columns if c.year == "doc"]
                out[id] = [{**{c: model["fiscal_year"] for c in own}, **r} for r in rows]
        return out

    def csv(self, rows: dict[str, list[dict]]) -> dict[str, list[dict[str, str]]]:
        return {id: self.specs[id].csv_rows(r) for id, r in rows.items()}

    def spec_for(self, name: str, header: tuple[str, ...]) -> TableSpec:
        """The declared spec of a table, or (for a table not declared) one that keys rows by position and
        compares every column as text."""
        if name in self.specs:
            return self.specs[name]
        return TableSpec(name, name, tuple(text(c, c) for c in header), ())

    def order(self, names) -> list[str]:
        """Declared tables in declaration order, then any other table by name."""
        names = set(names)
        return [n for n in self.specs if n in names] + sorted(names - set(self.specs))


# ---------------------------------------------------------------- CSV files

def write_csv(path: Path, header: list[str] | tuple[str, ...], rows: list[list] | list[dict]) -> None:
    """UTF-8 with BOM (Excel opens it as UTF-8), "\\n" line ends; rows as lists or dicts keyed by the header."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") for h in header] if isinstance(r, dict) else r)


def write_tables(tables: TableSet, rows: dict[str, list[dict]], folder: Path) -> list[Path]:
    """Every table's rows as folder/<id>.csv."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for id, cells in tables.csv(rows).items():
        path = folder / f"{id}.csv"
        write_csv(path, tables[id].header, cells)
        written.append(path)
    return written


@dataclass(frozen=True)
class Table:
    """A table as written: its header and its rows as text."""
    header: tuple[str, ...]
    rows: tuple[dict[str, str], ...]


def read_table(path: Path) -> Table:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        rows = tuple(dict(r) for r in reader)
        return Table(tuple(reader.fieldnames or ()), rows)


def read_tables(folder: Path) -> dict[str, Table]:
    """Every <id>.csv of a tables folder, by id (sorted)."""
    return {p.stem: read_table(p) for p in sorted(Path(folder).glob("*.csv"))}


def as_table(spec: TableSpec, cells: list[dict[str, str]]) -> Table:
    return Table(spec.header, tuple(cells))


# ---------------------------------------------------------------- keys, with years relative to a report

def offset_label(n: int) -> str:
    """0 → FY, -1 → FY-1, 2 → FY+2."""
    return "FY" if n == 0 else f"FY{n:+d}"


def fiscal_year_of(value: str, mode: str) -> int | None:
    """The fiscal year a year cell stands for: '2024' (fy, doc) → 2024; '2025-03-31' (fy_end) → 2024.
    None for cells that are not years ('change_pct')."""
    value = (value or "").strip()
    if mode in ("fy", "doc"):
        return int(value) if value.isdigit() else None
    try:
        d = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return d.year if d.month >= 4 else d.year - 1


@dataclass
class KeyedRow:
    key: tuple[tuple[str, str], ...]
    row: dict[str, str]
    position: int
    years: dict[str, int]      # absolute fiscal years of the year cells that are years
    offsets: dict[str, int]    # the same relative to the report's fiscal year


def key_text(key: tuple[tuple[str, str], ...]) -> str:
    """(('fiscal_year', 'FY'), ('asset_class', 'loans')) → fiscal_year=FY;asset_class=loans."""
    return ";".join(f"{c}={v}" for c, v in key)


def keyed_rows(table: Table, spec: TableSpec, fy: int, relative: bool = True) -> dict[tuple, KeyedRow]:
    """Rows by key, in table order. With ``relative`` year cells become offsets from ``fy``. A key met
    again gets an ordinal (#2, #3 …) so that no row is lost; a table without keys is keyed by position."""
    out: dict[tuple, KeyedRow] = {}
    seen: dict[tuple, int] = {}
    years_of = spec.years
    for pos, row in enumerate(table.rows):
        years, offsets, parts = {}, {}, []
        for col, mode in years_of.items():
            y = fiscal_year_of(row.get(col, ""), mode)
            if y is not None:
                years[col], offsets[col] = y, y - fy
        if not spec.keys:
            parts.append(("#", str(pos + 1)))
        for col in spec.keys:
            value = row.get(col, "")
            if relative and col in offsets:
                value = offset_label(offsets[col])
            parts.append((col, value))
        key = tuple(parts)
        n = seen.get(key, 0) + 1
        seen[key] = n
        if n > 1:
            key = key + (("#", str(n)),)
        out[key] = KeyedRow(key, row, pos, years, offsets)
    return out


# ---------------------------------------------------------------- printed tables

def display(value, unit: str, places: int | None, signed: bool = False) -> str:
    """A figure as a table of the publication prints it: ▲1,347 / 0.43% / 2.3pt; － where missing."""
    if value is None:
        return "－"
    if places is None or not isinstance(value, (Decimal, int)):
        return str(value)
    suffix = unit if unit in ("%", "pt") else ""
    return fmt_number(Decimal(value), places, plus=signed, suffix=suffix)


HEADS = {"fy": era.fy_short, "fy_end": era.fy_end_short, "date": era.date_short}


def series(spec: TableSpec, rows: list[dict], across: str, measures: tuple[str, ...], head: str = "fy",
           classes: dict[str, str] | None = None) -> dict:
    """A table printed across the rows of an output table (years as columns, measures as rows), for the
    templates' ``series_table`` macro: {"heads": [...], "rows": [{"label", "cells", "cls"}]}."""
    heads = [HEADS[head](r[across]) if head in HEADS else str(r[across]) for r in rows]
    body = []
    for name in measures:
        col = spec.column(name)
        body.append({"label": col.heading, "cls": (classes or {}).get(name, ""),
                     "cells": [display(r.get(name), col.unit, col.places, col.signed) for r in rows]})
    return {"heads": heads, "rows": body}
