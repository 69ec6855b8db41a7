"""Two reports of one document compared figure by figure, by fiscal year (kyosai.diff: compare → summary → output,
view).

A report's computed tables (reports/<FY>/<slug>/tables/*.csv) are long CSVs whose columns, keys and units are
declared once in the document's tables module (kyosai.tablespec). ``compare_reports`` aligns the rows of each
table on their keys, never on position, and on the fiscal years they stand for, never on offsets:

* every row stands for a fiscal year: the one its year column names (年度; a year-end date 2025-03-31 stands
  for its fiscal year 2024), or, in a table without a year column (and for a row whose year cell is not a
  year: 前年度末比 増減率), the report's own year; the document's own year (支給率の年度) never matches rows;
* **year on year** (``year_on_year``): this year's row of the report against the same row of the previous
  report's year (FY2024's 運用資産額 against FY2022's): each figure ``unchanged``, ``changed`` (old → new, the
  change in the column's unit and, for amounts, in % of the old figure, or in pt for percentages), ``added``
  or ``removed``; a move larger than a threshold (config ``diff_thresholds``) is flagged, naming the threshold
  (shares in pt, amounts in %, yields in pt); flows are judged through their yields;
* **same year** (``same_year``): rows of the same fiscal year meet (FY2019 of one report against FY2019 of the
  other): the figures both reports print for one year must agree, a difference is a restatement (a projection
  that differs is a revised projection; a projection met by the actual of its year is an ``outcome``, see
  kyosai.diff.summary.projection_vs_outcome). Never flagged;
* a row only one report has is ``added`` or ``removed`` when the other report's table covers its year (or
  prints no row at all), ``outside_old`` / ``outside_new`` when the year is outside the period the other table
  covers (not a change: also this year's row of a table that ends before its report's year, e.g. cash flows
  known only to R04 in both reports), and ``data_gap`` when a declared data gap (data/<document>/gaps.csv)
  leaves it out: what the generator cannot produce is never attributed to the publication;
* a figure of the same fiscal year that one report leaves blank (not yet known) and the other prints is
  ``filled`` (ReportDiff.filled), not a restatement;
* funds align on (asset class, style, manager, manager benchmark), not on fund numbers.

Every figure is a ``Decimal`` built from the CSV text; nothing here rounds (the tables are already rounded
as printed; relative changes are rounded, 四捨五入, only where they are printed or written).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..documents import DOCUMENTS
from .. import config as config_check
from ..tablespec import Table, TableSet, TableSpec, fiscal_year_of, key_text

# kind (kyosai.tablespec.KINDS) → (how a change is measured, the threshold that judges it). "relative": the
# change in the column's unit and in % of the old figure; "pt": the change in percentage points; "text":
# equal or not.
MEASURES: dict[str, tuple[str, str | None]] = {
    "amount": ("relative", "amount_pct"),   # amounts held (億円, 百万円): stocks
    "count": ("relative", "amount_pct"),    # numbers of funds, institutions, years
    "level": ("relative", "amount_pct"),    # market index levels, exchange rates
    "ratio": ("relative", "amount_pct"),    # 支給率 and the rates it is computed from (plain ratios)
    "flow": ("relative", None),             # 損益額, 増減額: not judged on their own (their yields are)
    "share": ("pt", "share_pt"),            # shares of the portfolio, allocations, deviations, bands (%)
    "yield": ("pt", "yield_pt"),            # yields, returns, rates of change (%)
    "text": ("text", None),                 # ids, names, statuses
}
THRESHOLD_JA = {"share_pt": ("構成比", "pt"), "amount_pct": ("金額", "%"), "yield_pt": ("利回り", "pt")}
# Columns whose values name an asset class (data/common/asset_classes.csv).
CLASS_COLUMNS = ("asset_class", "component")
YOY, SAME = "year_on_year", "same_year"
MATCHED = ("unchanged", "changed")


def tables_of(document: str) -> TableSet:
    """The declared tables of a document (kyosai.<document>.tables.TABLES)."""
    return DOCUMENTS[document].tables.TABLES


def text_groups_of(document: str) -> dict[str, str]:
    """The Japanese names of the groups of a document's texts (kyosai.<document>.tables.TEXT_GROUPS_JA: the
    part of a text key before its first dot → where the text is printed)."""
    return getattr(DOCUMENTS[document].tables, "TEXT_GROUPS_JA", {})


def thresholds_from_config(config: dict | None) -> dict[str, Decimal | None]:
    """config['diff_thresholds'] → Decimals (built from the text of the number): checked against the configuration's
    schema, which alone says the thresholds and their defaults (kyosai.config); null disables a threshold."""
    return {key: None if value is None else Decimal(str(value))
            for key, value in config_check.checked_section("diff_thresholds", config).items()}


DEFAULT_THRESHOLDS = thresholds_from_config(None)   # schemas/config.schema.yaml's


def threshold_text(name: str, limit: Decimal) -> str:
    """amount_pct, 20 → 金額 ±20% (amount_pct): as the CSVs write it."""
    what, unit = THRESHOLD_JA[name]
    return f"{what} ±{limit:f}{unit} ({name})"


def spec_for(tables: TableSet, name: str, header: tuple[str, ...]) -> tuple[TableSpec, bool]:
    """The declared spec of a table (or one that aligns rows by position); the flag says whether it was declared."""
    return tables.spec_for(name, header), name in tables


def decimal_or_none(text: str | None) -> Decimal | None:
    """The figure in a cell ('' → None); None for text that is not a plain number."""
    if text is None or text.strip() == "":
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def places_of(*texts: str | None) -> int:
    """Decimal places as written: '0.43' → 2 (the most of the given texts)."""
    out = 0
    for t in texts:
        if t and "." in t:
            out = max(out, len(t.strip().split(".", 1)[1]))
    return out


def year_runs(years) -> list[tuple[int, int]]:
    """[2013, …, 2022, 2024] → [(2013, 2022), (2024, 2024)]: runs of consecutive fiscal years."""
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return [(a, b) for a, b in runs]


# ---------------------------------------------------------------- data gaps

def gap_for(gaps: list[dict], table: str, year: int, row: dict | None = None) -> dict | None:
    """The declared data gap (a data/<document>/gaps.csv row whose resource is the table) that leaves out the
    table's figures of ``year`` (and, for a gap of one key, of rows naming it), or None."""
    for g in gaps:
        if g["resource"] == table and g["first_year"] <= year <= g["last_year"] \
                and (not g.get("key") or g["key"] in (row or {}).values()):
            return g
    return None


# ---------------------------------------------------------------- comparing

@dataclass
class CellDiff:
    column: str
    kind: str
    unit: str
    status: str                       # unchanged | changed | added | removed
    old: str | None
    new: str | None
    change: Decimal | None = None     # new − old, in the column's unit (pt for percentages)
    relative: Decimal | None = None   # change in % of |old| (relative kinds, old ≠ 0)
    measure: str = ""                 # the unit of ``change``
    threshold: str | None = None      # the threshold that fired
    limit: Decimal | None = None
    exceed: Decimal | None = None     # |move| / limit
    sign_flip: bool = False
    reference: bool = False           # the old figure is one the previous report did not print: never flagged


@dataclass
class RowDiff:
    comparison: str                   # year_on_year | same_year
    key: tuple                        # the key rows met on (year cells as written in same_year, none in year_on_year)
    key_text: str
    label: str
    status: str                       # unchanged | changed | added | removed | outcome | outside_old | outside_new | data_gap
    cells: list[CellDiff]
    old: dict | None
    new: dict | None
    year_old: int | None              # the fiscal year the row stands for in each report
    year_new: int | None
    year_mode: str | None             # how the year is written: fy, fy_end; None for the report's own year
    label_parts: list[str] = field(default_factory=list)
    gap: dict | None = None           # the declared gap behind a data_gap

    @property
    def current(self) -> bool:
        """This year against the previous report's year (thresholds and sign flips apply)."""
        return self.comparison == YOY

    @property
    def year(self) -> int | None:
        return self.year_new if self.year_new is not None else self.year_old

    @property
    def flagged(self) -> list[CellDiff]:
        return [c for c in self.cells if c.threshold]

    @property
    def changed_cells(self) -> list[CellDiff]:
        return [c for c in self.cells if c.status != "unchanged"]


@dataclass
class TableDiff:
    name: str
    spec: TableSpec
    registered: bool
    status: str                       # both | only_new | only_old
    columns: list[str]                # compared columns, in table order
    yoy: list[RowDiff]
    same: list[RowDiff]
    years_old: list[int] = field(default_factory=list)   # the fiscal years each report's table covers
    years_new: list[int] = field(default_factory=list)
    gap: dict | None = None           # the declared gap that leaves out this year's rows (or the whole table)
    size_old: int = 0
    size_new: int = 0
    carried: bool = False             # the new report's table has no fiscal year after the previous report's

    @property
    def rows(self) -> list[RowDiff]:
        return self.yoy + self.same

    def count(self, status: str, comparison: str | None = None) -> int:
        return sum(1 for r in self.rows if r.status == status and comparison in (None, r.comparison))

    @property
    def cells_changed(self) -> int:
        return sum(1 for r in self.rows if r.status == "changed" for c in r.cells if c.status == "changed")

    @property
    def flagged(self) -> list[tuple[RowDiff, CellDiff]]:
        return [(r, c) for r in self.yoy for c in r.cells if c.threshold]

    @property
    def changed(self) -> bool:
        """Anything a reviewer must look at: a figure that moved or differs, a row or the table added or removed."""
        return self.status != "both" or any(r.status in ("changed", "added", "removed") for r in self.rows)


def filled(cell: CellDiff) -> bool:
    """A figure the earlier report left blank (not yet known: R05年度末's 実績 in a report of R04) that the later
    one prints: neither a restatement nor a change of the figure."""
    return cell.status == "changed" and not (cell.old or "").strip() and bool((cell.new or "").strip())


def unit_of(spec: TableSpec, column: str, row: dict | None) -> str:
    names = spec.header
    return spec.row_format(spec.column(column), row or {})[0] if column in names else ""


def kind_of(spec: TableSpec, column: str, row: dict | None) -> str:
    return spec.row_format(spec.column(column), row or {})[2] if column in spec.header else "text"


def same_figure(old: str, new: str, kind: str) -> bool:
    """Equal as figures (0.50 = 0.5) for numeric kinds, equal as text otherwise or where a cell is empty."""
    if MEASURES[kind][0] == "text":
        return old == new
    a, b = decimal_or_none(old), decimal_or_none(new)
    if a is None or b is None:
        return old.strip() == new.strip()
    return a == b


def compare_cell(column: str, kind: str, unit: str, old: str | None, new: str | None,
                 thresholds: dict[str, Decimal | None], current: bool) -> CellDiff:
    """One figure of a row present in both tables (or in one: old or new is None)."""
    if old is None or new is None:
        return CellDiff(column, kind, unit, "added" if old is None else "removed", old, new)
    how, threshold = MEASURES[kind]
    if how == "text":
        return CellDiff(column, kind, unit, "unchanged" if old == new else "changed", old, new)
    a, b = decimal_or_none(old), decimal_or_none(new)
    if same_figure(old, new, kind):
        return CellDiff(column, kind, unit, "unchanged", old, new)
    if a is None or b is None:  # an empty cell (or text) on one side: changed, no measure
        return CellDiff(column, kind, unit, "changed", old, new)
    cell = CellDiff(column, kind, unit, "changed", old, new, change=b - a)
    if how == "pt":
        cell.measure, move = "pt", cell.change
    else:
        cell.measure = unit
        cell.relative = cell.change / abs(a) * 100 if a != 0 else None
        move = cell.relative
    if current:
        cell.sign_flip = a != 0 and b != 0 and (a > 0) != (b > 0)
        limit = thresholds.get(threshold) if threshold else None
        if limit is not None and move is not None and abs(move) > limit:
            cell.threshold, cell.limit = threshold, limit
            cell.exceed = abs(move) / limit if limit else None
    return cell


def row_label(spec: TableSpec, row: dict, classes: dict[str, str]) -> str:
    """The name of a row for people: label_from columns, codes translated (asset classes through
    data/common/asset_classes.csv); year columns are named separately (kyosai.diff.view)."""
    return " ".join(label_parts(spec, row, classes))


def value_name(spec: TableSpec, column: str, value: str, classes: dict[str, str]) -> str:
    """A code in a cell in Japanese: the column's code map (tablespec ``codes``), else an asset class."""
    names = (spec.column(column).codes or {}) if column in spec.header else {}
    if value in names:
        return names[value]
    return classes.get(value, value) if column in CLASS_COLUMNS else value


def label_parts(spec: TableSpec, row: dict, classes: dict[str, str]) -> list[str]:
    parts = []
    years = spec.years
    for col in spec.label_from:
        value = row.get(col, "")
        if col in years and fiscal_year_of(value, years[col]) is not None:
            continue
        value = value_name(spec, col, value, classes)
        if value:
            parts.append(value)
    return parts


@dataclass
class Keyed:
    key: tuple
    row: dict
    year: int            # the fiscal year the row stands for
    mode: str | None     # the year mode of the cell naming it (None: the report's own year)


def row_year(spec: TableSpec, row: dict, fy: int) -> tuple[int, str | None]:
    """The fiscal year a row stands for: its ``fiscal_year`` cell, else its first year cell that is a year (other
    than the document's own year), else the report's year ``fy``. (財政収支の予測と実績 names the 支給率資料 that
    projected a figure, 令和7年度, before the fiscal year of the figure, 令和6年度: the row stands for the latter.)"""
    cols = sorted(spec.years.items(), key=lambda c: c[0] != "fiscal_year")
    for col, mode in cols:
        if mode != "doc":
            y = fiscal_year_of(row.get(col, ""), mode)
            if y is not None:
                return y, mode
    return fy, None


def series_key(spec: TableSpec, row: dict) -> tuple:
    """The key of a row without its year cells (and never the document's own year): the series a row of a
    history table belongs to (運用資産額 of 国内株式), the same in every year."""
    years = spec.years
    return tuple((col, row.get(col, "")) for col in spec.keys if years.get(col) != "doc"
                 and not (years.get(col) and fiscal_year_of(row.get(col, ""), years[col]) is not None))


def keyed(table: Table | None, spec: TableSpec, fy: int, comparison: str, year: int | None = None) -> dict[tuple, Keyed]:
    """The rows of one report that take part in a comparison, by key, in table order. year_on_year: the rows
    of ``year``, keyed without their year cells; same_year: the rows a year cell names, keyed with it as
    written. The document's own year is never part of a key; a key met again gets an ordinal (#2 …) so that
    no row is lost; a table without keys is keyed by position."""
    out: dict[tuple, Keyed] = {}
    seen: dict[tuple, int] = {}
    years = spec.years
    for pos, row in enumerate(table.rows if table else ()):
        y, mode = row_year(spec, row, fy)
        if (comparison == YOY and y != year) or (comparison == SAME and mode is None):
            continue
        if not spec.keys:
            key: tuple = (("#", str(pos + 1)),)
        elif comparison == YOY:
            key = series_key(spec, row)
        else:
            key = tuple((col, row.get(col, "")) for col in spec.keys if years.get(col) != "doc")
        seen[key] = n = seen.get(key, 0) + 1
        if n > 1:
            key = key + (("#", str(n)),)
        out[key] = Keyed(key, row, y, mode)
    return out


def outcome_pair(spec: TableSpec, old: dict, new: dict) -> bool:
    """A projection of the earlier report met by the actual of the same year in the later one."""
    if not spec.outcome:
        return False
    col, projected, actual = spec.outcome
    return old.get(col) == projected and new.get(col) == actual


@dataclass
class Side:
    """One report's table: its rows, its year, the years it covers and the years of each series."""
    table: Table | None
    fy: int
    spec: TableSpec

    def __post_init__(self):
        self.years: set[int] = set()
        self.series: dict[tuple, set[int]] = {}
        for r in self.table.rows if self.table else ():
            y = row_year(self.spec, r, self.fy)[0]
            self.years.add(y)
            self.series.setdefault(series_key(self.spec, r), set()).add(y)

    def covers(self, row: dict, year: int) -> bool:
        """Whether a row of ``year`` belongs in this table: it covers the year, and the row's series (if this
        table has it) reaches over it; a row outside that range is outside the table's period."""
        span = self.series.get(series_key(self.spec, row))
        return self.table is not None and year in self.years and (not span or min(span) <= year <= max(span))


def unmatched_status(comparison: str, present: str, year: int, other: Side, gaps: list[dict], name: str,
                     row: dict, own_fy: int | None = None) -> tuple[str, dict | None]:
    """A row only one report (``present``: old or new) has: added/removed when the other table covers its
    year (Side.covers; year on year: whenever no gap explains it and the other table reaches its own report's
    year) or has no row at all, data_gap when a declared gap leaves it out, else outside the other table's
    period (a history table that ends before its report's year has no row of that year to meet: not a
    removal)."""
    moved = "added" if present == "new" else "removed"
    outside = "outside_old" if present == "new" else "outside_new"
    other_year = year if comparison == SAME else other.fy
    if comparison == SAME and other.covers(row, year):
        return moved, None
    gap = gap_for(gaps, name, other_year, row)
    if gap:
        return "data_gap", gap
    if other.table is not None and not other.table.rows:
        if comparison == SAME and year == own_fy:
            return outside, None  # a row of its report's own year: this year's comparison (YOY) adds it, once
        return moved, None        # the other report prints the table without a row: every row is new (or gone)
    if comparison == YOY and other.table is not None and other.fy not in other.years:
        return outside, None      # the other table ends before its report's year: it has no row to meet this one
    if comparison == YOY:
        return moved, None
    return outside, None


def compare_rows(name: str, spec: TableSpec, columns: list[str], comparison: str, old: Side, new: Side,
                 thresholds: dict[str, Decimal | None], classes: dict[str, str], gaps: list[dict]) -> list[RowDiff]:
    """The rows of one comparison of one table, aligned on their keys and classified."""
    if comparison == YOY:
        rows_old, rows_new = keyed(old.table, spec, old.fy, YOY, old.fy), keyed(new.table, spec, new.fy, YOY, new.fy)
    else:
        rows_old, rows_new = keyed(old.table, spec, old.fy, SAME), keyed(new.table, spec, new.fy, SAME)
    out: list[RowDiff] = []
    for key in merged_order(list(rows_old), list(rows_new)):
        o, n = rows_old.get(key), rows_new.get(key)
        ref = n or o
        gap, cells = None, []
        if o and n and outcome_pair(spec, o.row, n.row):
            status = "outcome"
        else:
            if o and n:
                status = None
            else:
                status, gap = unmatched_status(comparison, "new" if n else "old", ref.year, old if n else new, gaps,
                                               name, ref.row, (new if n else old).fy)
            if status in (None, "added", "removed"):
                cells = [compare_cell(col, kind_of(spec, col, ref.row), unit_of(spec, col, ref.row),
                                      o.row.get(col) if o else None, n.row.get(col) if n else None, thresholds,
                                      comparison == YOY) for col in columns]
            status = status or ("changed" if any(c.status == "changed" for c in cells) else "unchanged")
        out.append(RowDiff(comparison, key, key_text(key), row_label(spec, ref.row, classes), status, cells,
                           o.row if o else None, n.row if n else None, o.year if o else None, n.year if n else None,
                           ref.mode, label_parts(spec, ref.row, classes), gap))
    return out


def compare_table(name: str, tables: TableSet, old: Table | None, new: Table | None, fy_old: int, fy_new: int,
                  thresholds: dict[str, Decimal | None], classes: dict[str, str] | None = None,
                  gaps: list[dict] | None = None) -> TableDiff:
    """One table of two reports: this year against the previous report's year, and the rows of the same fiscal
    year (see the module docstring)."""
    classes, gaps = classes or {}, gaps or []
    header = tuple(dict.fromkeys((old.header if old else ()) + (new.header if new else ())))
    spec, registered = spec_for(tables, name, header)
    compared = {c.name for c in spec.values}
    columns = [c for c in header if c in compared or c not in spec.header]
    o, n = Side(old, fy_old, spec), Side(new, fy_new, spec)
    status = "both" if old and new else ("only_new" if new else "only_old")
    yoy = compare_rows(name, spec, columns, YOY, o, n, thresholds, classes, gaps)
    same = compare_rows(name, spec, columns, SAME, o, n, thresholds, classes, gaps) if fy_old != fy_new else []
    missing_year = fy_old if new and not old else fy_new
    table_gap = next((r.gap for r in yoy if r.gap), None) or gap_for(gaps, name, missing_year)
    if status == "both" and not any(r.status == "data_gap" for r in yoy):
        table_gap = None
    return TableDiff(name, spec, registered, status, columns, yoy, same, sorted(o.years), sorted(n.years), table_gap,
                     len(old.rows) if old else 0, len(new.rows) if new else 0,
                     carried_table(spec, old, new, n.years, fy_old, fy_new))


def carried_table(spec: TableSpec, old: Table | None, new: Table | None, years_new: set[int], fy_old: int,
                  fy_new: int) -> bool:
    """A table of years that the new report prints without any fiscal year after the previous report's (the FY2024
    report's キャッシュ・フロー, H25–R04: 000 prints none, the rows are 001's): carried from the earlier report, so
    that its figures agreeing with the previous report's is no confirmation of them."""
    has_years = any(m != "doc" for m in spec.years.values())
    return bool(old and new and new.rows and has_years and fy_old < fy_new and years_new
                and max(years_new) <= fy_old)


def merged_order(old_keys: list, new_keys: list) -> list:
    """New rows in their order; each row only in the old table right after the old row before it."""
    new_set = set(new_keys)
    after: dict = {}
    anchor = None
    for k in old_keys:
        if k in new_set:
            anchor = k
        else:
            after.setdefault(anchor, []).append(k)
    out = list(after.get(None, []))
    for k in new_keys:
        out.append(k)
        out.extend(after.get(k, []))
    return out


# ---------------------------------------------------------------- a whole report

@dataclass
class ReportDiff:
    declared: TableSet
    fy: int
    prev: int
    thresholds: dict[str, Decimal | None]
    tables: list[TableDiff]
    classes: dict[str, str]
    restated: list[dict] = field(default_factory=list)    # figures of one fiscal year that differ
    filled: list[dict] = field(default_factory=list)      # figures of one fiscal year blank before, printed now
    revised: list[dict] = field(default_factory=list)     # projections of one fiscal year that differ
    restated_checked: int = 0          # figures both reports print for the same fiscal year (projections apart)
    revised_checked: int = 0           # projections both documents print for the same fiscal year
    outcomes: list[dict] = field(default_factory=list)
    gaps: list[dict] = field(default_factory=list)
    texts: list[dict] = field(default_factory=list)       # prose added, removed or reworded (summary.text_changes)
    texts_compared: bool = True        # False: neither report's prose could be read, nothing is said of it

    def table(self, name: str) -> TableDiff | None:
        return next((t for t in self.tables if t.name == name), None)


def not_printed_cells(t: TableDiff, unprinted: list[dict]) -> None:
    """Marks the figures of the previous report that it did not print (kyosai.diff.source.not_printed: 001 prints
    no 前年同期比, which this project computes for FY2022) as references: shown, never flagged nor a sign flip,
    never a restatement."""
    for entry in (e for e in unprinted if e["table"] == t.name):
        for r in t.rows:
            if r.old is None or not all(r.old.get(k) in v for k, v in entry["rows"].items()):
                continue
            for c in r.cells:
                if not entry["columns"] or c.column in entry["columns"]:
                    c.reference, c.sign_flip = True, False
                    c.threshold = c.limit = c.exceed = None


def compare_reports(tables: TableSet, old: dict[str, Table], new: dict[str, Table], fy_old: int, fy_new: int,
                    thresholds: dict[str, Decimal | None] | None = None,
                    classes: dict[str, str] | None = None, gaps: list[dict] | None = None,
                    unprinted: list[dict] | None = None) -> ReportDiff:
    """Every table of two reports compared (see the module docstring); ``unprinted``: the previous report's
    figures it did not print (not_printed_cells)."""
    thresholds = DEFAULT_THRESHOLDS if thresholds is None else thresholds
    classes, gaps = classes or {}, gaps or []
    diffs = [compare_table(n, tables, old.get(n), new.get(n), fy_old, fy_new, thresholds, classes, gaps)
             for n in tables.order(set(old) | set(new))]
    for t in diffs:
        not_printed_cells(t, unprinted or [])
    result = ReportDiff(tables, fy_new, fy_old, thresholds, diffs, classes, gaps=gaps)
    for t in diffs:
        for r in t.same:
            if r.status not in MATCHED:
                continue
            projection = bool(t.spec.outcome) and r.new.get(t.spec.outcome[0]) == t.spec.outcome[1]
            checked = sum(1 for c in r.cells if not c.reference)
            if projection:
                result.revised_checked += checked
            elif not t.carried:   # a carried table's figures are the previous report's: not checked again
                result.restated_checked += checked
            for c in r.cells:
                if c.status == "changed" and not c.reference:
                    found = result.revised if projection else result.filled if filled(c) else result.restated
                    found.append({"table": t.name, "key": r.key_text, "label": r.label, "year": r.year,
                                  "year_mode": r.year_mode, "column": c.column, "kind": c.kind, "old": c.old,
                                  "new": c.new})
    return result
