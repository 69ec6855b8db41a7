"""Two reports of one document compared figure by figure (kyosai.diff: compare → summary → output, view).

A report's computed tables (reports/<FY>/<slug>/tables/*.csv) are long CSVs whose columns, keys and units are
declared once in the document's tables module (kyosai.tablespec). ``compare_reports`` aligns the rows of each
table on their keys, never on position:

* a year column becomes an offset relative to the report's fiscal year (``FY``, ``FY-1``…), so that this
  year's 運用資産額 meets the 運用資産額 of the report compared with, not the same calendar row;
* funds align on (asset class, style, manager, manager benchmark), not on fund numbers;
* each figure is ``unchanged``, ``changed`` (old → new, the change in the column's unit and, for amounts,
  in % of the old figure, or in pt for percentages), ``added`` or ``removed``;
* a move of one of this year's figures larger than a threshold (config ``diff_thresholds``) is flagged,
  naming the threshold (shares in pt, amounts in %, yields in pt); history rows of earlier years (offset
  below 0 in a table marked ``history``) are shown but never flagged: instead the figures both reports print
  for the same fiscal year are compared ("restated").

Every figure is a ``Decimal`` built from the CSV text; nothing here rounds (the tables are already rounded
as printed; relative changes are rounded, 四捨五入, only where they are printed or written).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..tablespec import Table, TableSet, TableSpec, fiscal_year_of, key_text, keyed_rows

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
DEFAULT_THRESHOLDS = {"share_pt": Decimal("2.0"), "amount_pct": Decimal("20"), "yield_pt": Decimal("3.0")}
THRESHOLD_JA = {"share_pt": ("構成比", "pt"), "amount_pct": ("金額", "%"), "yield_pt": ("利回り", "pt")}
# Columns whose values name an asset class (data/common/asset_classes.csv).
CLASS_COLUMNS = ("asset_class", "component")


def tables_of(document: str) -> TableSet:
    """The declared tables of a document (kyosai.<document>.tables.TABLES)."""
    return importlib.import_module(f"kyosai.{document}.tables").TABLES


def thresholds_from_config(config: dict | None) -> dict[str, Decimal | None]:
    """config['diff_thresholds'] → Decimals (built from the text of the number); missing keys take the
    defaults, null disables a threshold."""
    out: dict[str, Decimal | None] = dict(DEFAULT_THRESHOLDS)
    for key, value in (config or {}).items():
        if key not in DEFAULT_THRESHOLDS:
            raise ValueError(f"diff_thresholds: unknown threshold {key!r} (known: {', '.join(DEFAULT_THRESHOLDS)})")
        out[key] = None if value is None else Decimal(str(value))
    return out


def threshold_text(name: str, limit: Decimal) -> str:
    """amount_pct, 20 → 金額 ±20% (amount_pct)."""
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


@dataclass
class RowDiff:
    key: tuple
    key_text: str
    label: str
    status: str                       # unchanged | changed | added | removed
    cells: list[CellDiff]
    old: dict | None
    new: dict | None
    years_old: dict[str, int]
    years_new: dict[str, int]
    offsets: dict[str, int]
    current: bool                     # this year's figure (flags apply), not history
    label_parts: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> list[CellDiff]:
        return [c for c in self.cells if c.threshold]


@dataclass
class TableDiff:
    name: str
    spec: TableSpec
    registered: bool
    status: str                       # both | only_new | only_old
    columns: list[str]                # compared columns, in table order
    rows: list[RowDiff]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def cells_changed(self) -> int:
        return sum(1 for r in self.rows for c in r.cells if c.status == "changed")

    @property
    def flagged(self) -> list[tuple[RowDiff, CellDiff]]:
        return [(r, c) for r in self.rows for c in r.cells if c.threshold]


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
    data/common/asset_classes.csv); year columns are named separately (kyosai.diff_view.period)."""
    return " ".join(label_parts(spec, row, classes))


def label_parts(spec: TableSpec, row: dict, classes: dict[str, str]) -> list[str]:
    parts = []
    years = spec.years
    for col in spec.label_from:
        value = row.get(col, "")
        if col in years and fiscal_year_of(value, years[col]) is not None:
            continue
        names = spec.column(col).codes or {}
        if value in names:
            value = names[value]
        elif col in CLASS_COLUMNS and value in classes:
            value = classes[value]
        if value:
            parts.append(value)
    return parts


def current_row(spec: TableSpec, offsets: dict[str, int]) -> bool:
    """This year's figure (flags apply) unless the table is a history and the row is of an earlier year."""
    years = spec.years
    return not spec.history or all(v == 0 for c, v in offsets.items() if years[c] != "doc")


def compare_table(name: str, tables: TableSet, old: Table | None, new: Table | None, fy_old: int, fy_new: int,
                  thresholds: dict[str, Decimal | None], classes: dict[str, str] | None = None) -> TableDiff:
    """Align the rows of one table of two reports on their keys and classify every figure."""
    classes = classes or {}
    header = tuple(dict.fromkeys((old.header if old else ()) + (new.header if new else ())))
    spec, registered = spec_for(tables, name, header)
    compared = {c.name for c in spec.values}
    columns = [c for c in header if c in compared or c not in spec.header]
    rows_old = keyed_rows(old, spec, fy_old) if old else {}
    rows_new = keyed_rows(new, spec, fy_new) if new else {}
    status = "both" if old and new else ("only_new" if new else "only_old")

    out: list[RowDiff] = []
    for key in merged_order(list(rows_old), list(rows_new)):
        o, n = rows_old.get(key), rows_new.get(key)
        ref = n or o
        current = current_row(spec, ref.offsets)
        cells = []
        for col in columns:
            kind = kind_of(spec, col, ref.row)
            cells.append(compare_cell(col, kind, unit_of(spec, col, ref.row), o.row.get(col) if o else None,
                                      n.row.get(col) if n else None, thresholds, current))
        if o is None:
            row_status = "added"
        elif n is None:
            row_status = "removed"
        else:
            row_status = "changed" if any(c.status == "changed" for c in cells) else "unchanged"
        out.append(RowDiff(key, key_text(key), row_label(spec, ref.row, classes), row_status, cells,
                           o.row if o else None, n.row if n else None, o.years if o else {}, n.years if n else {},
                           ref.offsets, current, label_parts(spec, ref.row, classes)))
    return TableDiff(name, spec, registered, status, columns, out)


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
    restated: list[dict] = field(default_factory=list)
    restated_checked: int = 0          # figures both reports print for the same fiscal year
    outcomes: list[dict] = field(default_factory=list)

    def table(self, name: str) -> TableDiff | None:
        return next((t for t in self.tables if t.name == name), None)


def compare_reports(tables: TableSet, old: dict[str, Table], new: dict[str, Table], fy_old: int, fy_new: int,
                    thresholds: dict[str, Decimal | None] | None = None,
                    classes: dict[str, str] | None = None) -> ReportDiff:
    """Every table of two reports compared (see the module docstring)."""
    thresholds = DEFAULT_THRESHOLDS if thresholds is None else thresholds
    classes = classes or {}
    diffs = [compare_table(n, tables, old.get(n), new.get(n), fy_old, fy_new, thresholds, classes)
             for n in tables.order(set(old) | set(new))]
    result = ReportDiff(tables, fy_new, fy_old, thresholds, diffs, classes)
    for name in tables.order(set(old) & set(new)):
        checked, found = restatements(name, tables, old[name], new[name], fy_old, fy_new, classes)
        result.restated_checked += checked
        result.restated += found
    return result


def restatements(name: str, tables: TableSet, old: Table, new: Table, fy_old: int, fy_new: int,
                 classes: dict[str, str]) -> tuple[int, list[dict]]:
    """Figures both reports print for the same fiscal year (history tables): how many, and every one that
    differs (a restatement)."""
    spec, _ = spec_for(tables, name, old.header)
    compared = {c.name for c in spec.values}
    if not spec.history or fy_old == fy_new:
        return 0, []
    rows_old, rows_new = keyed_rows(old, spec, fy_old, relative=False), keyed_rows(new, spec, fy_new, relative=False)
    out, checked = [], 0
    for key, n in rows_new.items():
        o = rows_old.get(key)
        if o is None or not n.years:
            continue
        for col, kind in ((c, kind_of(spec, c, n.row)) for c in new.header if c in compared):
            a, b = o.row.get(col, ""), n.row.get(col, "")
            checked += 1
            if not same_figure(a, b, kind):
                out.append({"table": name, "key": key_text(key), "label": row_label(spec, n.row, classes),
                            "year": next(iter(n.years.values())), "year_mode": spec.years[next(iter(n.years))],
                            "column": col, "kind": kind, "old": a, "new": b})
    return checked, out


