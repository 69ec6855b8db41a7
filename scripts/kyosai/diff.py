"""Diff against last year: two reports' computed tables compared figure by figure, a plain-text rendering of
a report, projections against outcomes, and the backtest of archived published tables.

A report's computed tables (``reports/<FY>/tables/*.csv``, written by kyosai.tables and
kyosai.shikyuritsu_view) are long CSVs with key columns. ``compare_reports`` aligns the rows of each table
on their keys (the REGISTRY below), never on position:

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

import csv
import datetime as dt
import difflib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .numbers import round_half_up
from .unyo import GROUP_JA, INDEX_VIEW, SEGMENT_JA

# ---------------------------------------------------------------- kinds of figures and thresholds

# kind → (how a change is measured, the threshold that judges it). "relative": the change in the column's
# unit and in % of the old figure; "pt": the change in percentage points; "text": equal or not.
KINDS: dict[str, tuple[str, str | None]] = {
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
UNIT_OF_SUFFIX = {"_oku": "億円", "_mn": "百万円", "_pct": "%", "_pt": "pt"}


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


# ---------------------------------------------------------------- the registry: one spec per table

@dataclass(frozen=True)
class TableSpec:
    """How to align and judge one computed table.

    keys: the columns that identify a row (after year columns become offsets);
    values: compared columns → kind (KINDS), or "unit" for the kind given by the row's ``unit_column``
        through ``unit_kinds``; columns in neither keys, labels nor values are compared as text;
    labels: descriptive columns (names): shown, not compared (a backtest compares them too);
    years: year columns → "fy" (a fiscal year), "fy_end" (a fiscal year-end date, YYYY-03-31) or "doc"
        (the document's own year): each becomes an offset relative to the report's fiscal year;
    label_from: the columns (codes translated through ``names``) that name a row in the human report;
    history: rows of earlier years are history: compared and shown, not flagged; checked for restatement;
    policy_column: the 基本ポートフォリオ id of a row (a change is a policy revision);
    breach: (column, value) marking a deviation-band breach;
    outcome: (kind column, projection value, actual value): projections compared with later actuals;
    year_end: the years are year-ends (R06年度末) in the human report;
    list_rows: a table present in one report only has its rows named in the summary (else counted).
    """
    title_ja: str
    keys: tuple[str, ...]
    values: dict[str, str] = field(default_factory=dict)
    labels: tuple[str, ...] = ()
    years: dict[str, str] = field(default_factory=dict)
    label_from: tuple[str, ...] = ()
    unit_column: str | None = None
    unit_kinds: dict[str, str] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    history: bool = False
    policy_column: str | None = None
    breach: tuple[str, str] | None = None
    outcome: tuple[str, str, str] | None = None
    year_end: bool = False
    list_rows: bool = True


RETURN_ITEMS = {"income": "運用損益額", "yield": "運用利回り", "income_change": "運用損益額 前年比",
                "yield_change": "運用利回り 前年比", "income_avg_5y": "運用損益額 5カ年平均",
                "yield_avg_5y": "運用利回り 5カ年平均", "income_avg_10y": "運用損益額 10カ年平均",
                "yield_avg_10y": "運用利回り 10カ年平均"}
STYLE_JA = {"active": "アクティブ", "passive": "パッシブ", "all": "計"}
TOTAL_JA = {"all": "合計", "total": "合計"}

UNYO: dict[str, TableSpec] = {
    "composition": TableSpec(
        "資産構成", keys=("fiscal_year", "asset_class"), years={"fiscal_year": "fy"}, labels=("name_ja", "management"),
        values={"policy_id": "text", "amount_oku": "amount", "share_pct": "share", "within_entrusted_pct": "share"},
        label_from=("name_ja",), history=True, policy_column="policy_id", year_end=True),
    "deviation": TableSpec(
        "基本ポートフォリオとの乖離", keys=("fiscal_year", "component"), years={"fiscal_year": "fy"}, labels=("name_ja",),
        values={"policy_id": "text", "basis": "text", "actual_pct": "share", "policy_pct": "share",
                "deviation_pt": "share", "band_pt": "share", "status": "text"},
        label_from=("name_ja",), history=True, policy_column="policy_id", breach=("status", "breach"),
        year_end=True),
    "group_totals": TableSpec(
        "自家・委託別の資産額", keys=("fiscal_year", "group"), years={"fiscal_year": "fy"}, labels=("name_ja",),
        values={"amount_oku": "amount", "change_oku": "flow", "change_excluding_transfer_oku": "flow"},
        label_from=("name_ja",), history=True, year_end=True),
    "returns": TableSpec(
        "運用損益額・運用利回り", keys=("segment", "item", "fiscal_year"), years={"fiscal_year": "fy"},
        values={"value": "unit"}, unit_column="unit", unit_kinds={"億円": "flow", "%": "yield", "pt": "yield"},
        label_from=("segment", "item"), names={"segment": SEGMENT_JA, "item": RETURN_ITEMS}, history=True,
        list_rows=False),
    "balances": TableSpec(
        "運用資産額・責任準備金・利益剰余金", keys=("fiscal_year",), years={"fiscal_year": "fy"},
        values={"total_assets_oku": "amount", "policy_reserve_oku": "amount", "surplus_oku": "amount",
                "surplus_change_oku": "flow", "yield_pct": "yield"}, history=True, year_end=True, list_rows=False),
    "cash_flows": TableSpec(
        "キャッシュ・フロー", keys=("fiscal_year",), years={"fiscal_year": "fy"},
        values={"contributions_oku": "flow", "benefits_oku": "flow", "balance_oku": "flow", "bond_interest_oku": "flow",
                "balance_with_interest_oku": "flow", "bond_redemptions_oku": "flow"}, history=True, list_rows=False),
    "self_managed_assets": TableSpec(
        "自家運用資産", keys=("asset_class",), values={"amount_oku": "amount", "change_oku": "flow"},
        label_from=("asset_class",)),
    "bond_issuers": TableSpec(
        "国内債券（簿価）の種別構成", keys=("issuer",), values={"amount_oku": "amount", "share_pct": "share"},
        label_from=("issuer",)),
    "life_insurance_yield": TableSpec(
        "生命保険資産の利回り", keys=("component",), values={"value_pct": "yield"}, label_from=("component",),
        names={"component": {"assumed_rate": "予定利率部分", "dividend": "配当に係る部分",
                             "admin_cost": "保険事務費部分", "total": "合計"}}),
    "fund_performance": TableSpec(
        "対ベンチマーク超過収益率", keys=("asset_class",), labels=("name_ja",),
        values={"income_mn": "flow", "average_balance_mn": "amount", "share_pct": "share", "fund_return_pct": "yield",
                "benchmark_return_pct": "yield", "excess_return_pct": "yield"}, label_from=("name_ja",)),
    "funds": TableSpec(
        "運用中ファンド一覧", keys=("asset_class", "style", "manager", "manager_benchmark"),
        values={"fund_no": "text", "overlay": "text", "amount_oku": "amount"},
        label_from=("asset_class", "manager", "manager_benchmark", "style"), names={"style": STYLE_JA}),
    "fund_subtotals": TableSpec(
        "ファンド一覧の小計", keys=("asset_class", "style"), values={"amount_oku": "amount"},
        label_from=("asset_class", "style"), names={"asset_class": TOTAL_JA, "style": STYLE_JA}, list_rows=False),
    "fund_counts": TableSpec(
        "ファンド数・機関数", keys=("item",), values={"value": "count"}, label_from=("item",),
        names={"item": {"funds": "ファンド数", "institutions": "機関数"}}, list_rows=False),
    "market_indices": TableSpec(
        "市場環境（年度末の水準）", keys=("index", "date"), years={"date": "fy_end"},
        values={"value": "level", "change_pct": "yield"}, label_from=("index", "date"), history=True, list_rows=False,
        names={"index": {k: v[0] for k, v in INDEX_VIEW.items()}, "date": {"change_pct": "前年度末比 増減率"}}),
}

SHIKYURITSU: dict[str, TableSpec] = {
    "surplus_components": TableSpec(
        "剰余金見込額の算定", keys=("rate_fiscal_year", "component", "item"), years={"rate_fiscal_year": "doc"},
        labels=("kana", "label_ja"), values={"amount_oku": "amount"}, label_from=("kana", "label_ja")),
    "fiscal_projection": TableSpec(
        "財政収支の予測", keys=("rate_fiscal_year", "line", "fiscal_year"),
        years={"rate_fiscal_year": "doc", "fiscal_year": "fy"}, labels=("label_ja",),
        values={"kind": "text", "value": "unit"}, unit_column="unit", unit_kinds={"億円": "amount", "%": "yield"},
        label_from=("label_ja",), outcome=("kind", "projection", "actual"), list_rows=False),
    "rate_calculation": TableSpec(
        "支給率の算定", keys=("rate_fiscal_year", "item"), years={"rate_fiscal_year": "doc"}, labels=("label_ja",),
        values={"value": "unit", "status": "text", "computed_value": "unit"}, unit_column="unit",
        unit_kinds={"億円": "amount", "ratio": "ratio"}, label_from=("label_ja",)),
    "risk_levels": TableSpec(
        "推計リスクの水準", keys=("rate_fiscal_year", "sigma"), years={"rate_fiscal_year": "doc"},
        values={"probability_pct": "share", "once_in_years": "count", "risk_oku": "amount"}, label_from=("sigma",),
        names={"sigma": {"1": "1σ", "2": "2σ", "3": "3σ"}}),
    "decisions": TableSpec(
        "共済小委員会の決定事項", keys=("rate_fiscal_year", "decision_id"), years={"rate_fiscal_year": "doc"},
        labels=("body_ja",), values={"decided_on": "text", "text_ja": "text"}, label_from=("body_ja",)),
    "scenarios": TableSpec(
        "シナリオ別の支給率", keys=("rate_fiscal_year", "scenario_id"), years={"rate_fiscal_year": "doc"},
        labels=("label_ja",),
        values={"basis": "text", "sigma": "count", "expected_return_pct": "yield", "std_dev_pct": "yield",
                "target_oku": "amount", "risk_oku": "amount", "available_oku": "amount", "fund_oku": "amount",
                "retained_after_oku": "amount", "rate": "ratio"}, label_from=("label_ja",)),
}

REGISTRY: dict[str, dict[str, TableSpec]] = {"unyo": UNYO, "shikyuritsu": SHIKYURITSU}

# Figures named first in the summary: (table, key with offsets, column, label).
HEADLINES: dict[str, list[tuple[str, dict[str, str], str, str]]] = {
    "unyo": [
        ("balances", {"fiscal_year": "FY"}, "total_assets_oku", "運用資産額"),
        ("group_totals", {"fiscal_year": "FY", "group": "self_managed"}, "amount_oku", "自家運用資産額"),
        ("group_totals", {"fiscal_year": "FY", "group": "entrusted"}, "amount_oku", "委託運用資産額"),
        ("balances", {"fiscal_year": "FY"}, "policy_reserve_oku", "責任準備金"),
        ("balances", {"fiscal_year": "FY"}, "surplus_oku", "利益剰余金"),
        ("returns", {"segment": "all", "item": "income", "fiscal_year": "FY"}, "value", "運用損益額"),
        ("returns", {"segment": "all", "item": "yield", "fiscal_year": "FY"}, "value", "運用利回り"),
        ("returns", {"segment": "all", "item": "yield_avg_10y", "fiscal_year": "FY"}, "value", "10カ年平均利回り"),
        ("fund_performance", {"asset_class": "total"}, "excess_return_pct", "委託ファンドの超過収益率"),
    ],
    "shikyuritsu": [
        ("rate_calculation", {"rate_fiscal_year": "FY", "item": "rate"}, "value", "支給率"),
        ("rate_calculation", {"rate_fiscal_year": "FY", "item": "surplus_forecast"}, "value", "剰余金見込額"),
        ("rate_calculation", {"rate_fiscal_year": "FY", "item": "risk"}, "value", "推計リスク"),
        ("rate_calculation", {"rate_fiscal_year": "FY", "item": "fund"}, "value", "付加共済金原資"),
    ],
}
# The breakdown shown in full in the summary: (table, key filter, columns).
BREAKDOWN: dict[str, tuple[str, dict[str, str], tuple[str, ...]]] = {
    "unyo": ("composition", {"fiscal_year": "FY"}, ("amount_oku", "share_pct")),
    "shikyuritsu": ("surplus_components", {}, ("amount_oku",)),
}
# Columns whose values name an asset class (data/common/asset_classes.csv).
CLASS_COLUMNS = ("asset_class", "component")

COLUMN_JA = {
    "policy_id": "基本P", "amount_oku": "金額", "share_pct": "構成比", "within_entrusted_pct": "委託内構成比",
    "basis": "基準", "actual_pct": "実績", "policy_pct": "基本P", "deviation_pt": "乖離", "band_pt": "許容乖離幅",
    "status": "状況", "change_oku": "増減", "change_excluding_transfer_oku": "移管額を除く増減", "value": "値",
    "total_assets_oku": "運用資産額", "policy_reserve_oku": "責任準備金", "surplus_oku": "利益剰余金",
    "surplus_change_oku": "利益剰余金増減", "yield_pct": "運用利回り", "contributions_oku": "掛金収入",
    "benefits_oku": "共済金支出", "balance_oku": "収支差", "bond_interest_oku": "利金等収入",
    "balance_with_interest_oku": "収支差＋利金", "bond_redemptions_oku": "償還金", "value_pct": "利回り",
    "income_mn": "年度収益", "average_balance_mn": "時価平残", "fund_return_pct": "収益率",
    "benchmark_return_pct": "BM収益率", "excess_return_pct": "超過収益率", "fund_no": "No.", "overlay": "オーバーレイ",
    "change_pct": "増減率", "kind": "実績/見込", "computed_value": "計算値", "probability_pct": "確率",
    "once_in_years": "何年に1度", "risk_oku": "推計リスク", "decided_on": "決定日", "text_ja": "内容", "sigma": "σ",
    "expected_return_pct": "期待収益率", "std_dev_pct": "標準偏差", "target_oku": "目標留保額",
    "available_oku": "控除後剰余金", "fund_oku": "原資", "retained_after_oku": "留保後", "rate": "支給率",
}


def spec_for(doc: str, name: str, header: tuple[str, ...]) -> tuple[TableSpec, bool]:
    """The registered spec of a table, or (for a table not in the registry) one that aligns rows by position
    and compares every column as text; the flag says whether it was registered."""
    spec = REGISTRY[doc].get(name)
    if spec is not None:
        return spec, True
    return TableSpec(name, keys=(), values={c: "text" for c in header}), False


# ---------------------------------------------------------------- reading

@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[dict[str, str], ...]


def read_table(path: Path) -> Table:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        rows = tuple(dict(r) for r in reader)
        return Table(tuple(reader.fieldnames or ()), rows)


def read_tables(folder: Path) -> dict[str, Table]:
    """Every <name>.csv of a tables folder, by name (sorted)."""
    return {p.stem: read_table(p) for p in sorted(Path(folder).glob("*.csv"))}


def read_names(path: Path, key: str = "asset_class", value: str = "name_ja") -> dict[str, str]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {r[key]: r[value] for r in csv.DictReader(f)}


def document_row(path: Path, year_column: str, fy: int) -> dict[str, str]:
    """The row of a documents list (data/unyo/reports.csv, data/shikyuritsu/documents.csv) for one year."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if r[year_column].strip() == str(fy):
                return r
    raise KeyError(f"{path}: no row for {year_column} {fy}")


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


# ---------------------------------------------------------------- keys and offsets

def offset_label(n: int) -> str:
    """0 → FY, -1 → FY-1, 2 → FY+2."""
    return "FY" if n == 0 else f"FY{n:+d}"


def fiscal_year_of(value: str, mode: str) -> int | None:
    """The fiscal year a year cell stands for: '2024' (fy, doc) → 2024; '2025-03-31' (fy_end) → 2024.
    None for cells that are not years ('change_pct')."""
    value = (value or "").strip()
    if mode in ("fy", "doc"):
        return int(value) if value.isdigit() else None
    if mode == "fy_end":
        try:
            d = dt.date.fromisoformat(value)
        except ValueError:
            return None
        return d.year if d.month >= 4 else d.year - 1
    raise ValueError(f"unknown year mode {mode!r}")


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
    for pos, row in enumerate(table.rows):
        years, offsets, parts = {}, {}, []
        for col, mode in spec.years.items():
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
    if spec.unit_column and spec.values.get(column) == "unit" and row is not None:
        return row.get(spec.unit_column, "")
    for suffix, unit in UNIT_OF_SUFFIX.items():
        if column.endswith(suffix):
            return unit
    return ""


def kind_of(spec: TableSpec, column: str, row: dict | None) -> str:
    kind = spec.values.get(column, "text")
    if kind == "unit":
        unit = (row or {}).get(spec.unit_column or "", "")
        kind = spec.unit_kinds.get(unit, "text")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} for column {column}")
    return kind


def same_figure(old: str, new: str, kind: str) -> bool:
    """Equal as figures (0.50 = 0.5) for numeric kinds, equal as text otherwise or where a cell is empty."""
    if KINDS[kind][0] == "text":
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
    how, threshold = KINDS[kind]
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
    for col in spec.label_from:
        value = row.get(col, "")
        if col in spec.years and fiscal_year_of(value, spec.years[col]) is not None:
            continue
        names = spec.names.get(col, {})
        if value in names:
            value = names[value]
        elif col in CLASS_COLUMNS and value in classes:
            value = classes[value]
        if value:
            parts.append(value)
    return parts


def current_row(spec: TableSpec, offsets: dict[str, int]) -> bool:
    """This year's figure (flags apply) unless the table is a history and the row is of an earlier year."""
    return not spec.history or all(v == 0 for c, v in offsets.items() if spec.years[c] != "doc")


def compare_table(name: str, doc: str, old: Table | None, new: Table | None, fy_old: int, fy_new: int,
                  thresholds: dict[str, Decimal | None], classes: dict[str, str] | None = None) -> TableDiff:
    """Align the rows of one table of two reports on their keys and classify every figure."""
    classes = classes or {}
    header = tuple(dict.fromkeys((old.header if old else ()) + (new.header if new else ())))
    spec, registered = spec_for(doc, name, header)
    skip = set(spec.keys) | set(spec.labels) | set(spec.years) | ({spec.unit_column} if spec.unit_column else set())
    columns = [c for c in header if c not in skip or (c in spec.values and c not in spec.keys)]
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
    doc: str
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


def table_order(doc: str, names) -> list[str]:
    """Registered tables in registry order, then any other table by name."""
    names = set(names)
    return [n for n in REGISTRY[doc] if n in names] + sorted(names - set(REGISTRY[doc]))


def compare_reports(doc: str, old: dict[str, Table], new: dict[str, Table], fy_old: int, fy_new: int,
                    thresholds: dict[str, Decimal | None] | None = None,
                    classes: dict[str, str] | None = None) -> ReportDiff:
    """Every table of two reports compared (see the module docstring)."""
    thresholds = DEFAULT_THRESHOLDS if thresholds is None else thresholds
    classes = classes or {}
    tables = [compare_table(n, doc, old.get(n), new.get(n), fy_old, fy_new, thresholds, classes)
              for n in table_order(doc, set(old) | set(new))]
    result = ReportDiff(doc, fy_new, fy_old, thresholds, tables, classes)
    for name in table_order(doc, set(old) & set(new)):
        checked, found = restatements(name, doc, old[name], new[name], fy_old, fy_new, classes)
        result.restated_checked += checked
        result.restated += found
    return result


def restatements(name: str, doc: str, old: Table, new: Table, fy_old: int, fy_new: int,
                 classes: dict[str, str]) -> tuple[int, list[dict]]:
    """Figures both reports print for the same fiscal year (history tables): how many, and every one that
    differs (a restatement)."""
    spec, _ = spec_for(doc, name, old.header)
    if not spec.history or fy_old == fy_new:
        return 0, []
    rows_old, rows_new = keyed_rows(old, spec, fy_old, relative=False), keyed_rows(new, spec, fy_new, relative=False)
    out, checked = [], 0
    for key, n in rows_new.items():
        o = rows_old.get(key)
        if o is None or not n.years:
            continue
        for col, kind in ((c, kind_of(spec, c, n.row)) for c in new.header if c in spec.values):
            a, b = o.row.get(col, ""), n.row.get(col, "")
            checked += 1
            if not same_figure(a, b, kind):
                out.append({"table": name, "key": key_text(key), "label": row_label(spec, n.row, classes),
                            "year": next(iter(n.years.values())), "year_mode": spec.years[next(iter(n.years))],
                            "column": col, "kind": kind, "old": a, "new": b})
    return checked, out


# ---------------------------------------------------------------- what the summary names

def headline_rows(result: ReportDiff) -> list[dict]:
    """The headline figures of the registry that either report has."""
    out = []
    for table, key, column, label in HEADLINES.get(result.doc, []):
        t = result.table(table)
        if t is None:
            continue
        row = next((r for r in t.rows if all(dict(r.key).get(k) == v for k, v in key.items())), None)
        if row is None:
            continue
        cell = next((c for c in row.cells if c.column == column), None)
        if cell is not None:
            out.append({"label": label, "table": table, "row": row, "cell": cell})
    return out


def breakdown_rows(result: ReportDiff) -> tuple[TableDiff | None, list[RowDiff], tuple[str, ...]]:
    spec = BREAKDOWN.get(result.doc)
    if spec is None:
        return None, [], ()
    table, key, columns = spec
    t = result.table(table)
    if t is None:
        return None, [], columns
    return t, [r for r in t.rows if all(dict(r.key).get(k) == v for k, v in key.items())], columns


def flagged_moves(result: ReportDiff) -> list[tuple[TableDiff, RowDiff, CellDiff]]:
    """Every move past its threshold, largest first (by how far past), then in table order."""
    found = [(t, r, c) for t in result.tables for r, c in t.flagged]
    return sorted(found, key=lambda x: -(x[2].exceed or 0))


def sign_flips(result: ReportDiff) -> list[tuple[TableDiff, RowDiff, CellDiff]]:
    return [(t, r, c) for t in result.tables for r in t.rows for c in r.cells if c.sign_flip]


def added_removed(result: ReportDiff) -> list[tuple[TableDiff, RowDiff]]:
    return [(t, r) for t in result.tables for r in t.rows if r.status in ("added", "removed")]


def policy_changes(result: ReportDiff) -> list[dict]:
    """The 基本ポートフォリオ of each year offset in either report: a different id at the same offset is a
    revision; an offset only one report has is a report showing a year under another policy."""
    per_offset: dict[int, tuple[set, set, dict, dict]] = {}
    for t in result.tables:
        col = t.spec.policy_column
        if not col:
            continue
        for r in t.rows:
            off = next(iter(r.offsets.values()), 0)
            o_ids, n_ids, o_years, n_years = per_offset.setdefault(off, (set(), set(), {}, {}))
            if r.old is not None and r.old.get(col):
                o_ids.add(r.old[col])
                o_years.update(r.years_old)
            if r.new is not None and r.new.get(col):
                n_ids.add(r.new[col])
                n_years.update(r.years_new)
    out = []
    for off in sorted(per_offset, reverse=True):
        o_ids, n_ids, o_years, n_years = per_offset[off]
        if o_ids and n_ids:
            status = "unchanged" if o_ids == n_ids else "revised"
        else:
            status = "only_new" if n_ids else "only_old"
        out.append({"offset": off, "status": status, "old": sorted(o_ids), "new": sorted(n_ids),
                    "year_old": next(iter(o_years.values()), None), "year_new": next(iter(n_years.values()), None)})
    return out


def breach_changes(result: ReportDiff) -> list[dict]:
    """Deviation-band breaches of this year's figures that are new (or gone) against the report compared."""
    out = []
    for t in result.tables:
        if not t.spec.breach:
            continue
        col, value = t.spec.breach
        for r in t.rows:
            if not r.current:
                continue
            now = r.new is not None and r.new.get(col) == value
            before = r.old is not None and r.old.get(col) == value
            if now != before and (r.new is not None):
                out.append({"table": t.name, "row": r, "status": "new" if now else "resolved"})
    return out


def classes_named(result: ReportDiff) -> set[str]:
    """The asset classes either report's tables name."""
    return {row[col] for t in result.tables for r in t.rows for row in (r.old, r.new) if row is not None
            for col in CLASS_COLUMNS if row.get(col) in result.classes}


def class_presence(result: ReportDiff) -> list[dict]:
    """Asset classes named in one report's tables and not in the other's, with the tables naming them."""
    seen: dict[str, dict[str, list[str]]] = {"old": {}, "new": {}}
    for t in result.tables:
        for r in t.rows:
            for side, row in (("old", r.old), ("new", r.new)):
                if row is None:
                    continue
                for col in CLASS_COLUMNS:
                    code = row.get(col)
                    if code in result.classes and t.name not in seen[side].setdefault(code, []):
                        seen[side][code].append(t.name)
    out = []
    for code in result.classes:  # asset_classes.csv order
        o, n = code in seen["old"], code in seen["new"]
        if o != n:
            out.append({"asset_class": code, "name_ja": result.classes[code], "only": "new" if n else "old",
                        "tables": seen["new" if n else "old"][code]})
    return out


# ---------------------------------------------------------------- projection vs outcome

def projection_vs_outcome(doc: str, projections: dict[int, dict[str, Table]], outcome: dict[str, Table],
                          fy_outcome: int, thresholds: dict[str, Decimal | None] | None = None) -> list[dict]:
    """For each table with an ``outcome`` spec: every projected figure of an earlier document (its year's
    tables in ``projections``) for a fiscal year that the document of ``fy_outcome`` prints as actual, with
    the difference actual − projected (pt for percentages) and the threshold it passes, if any."""
    thresholds = DEFAULT_THRESHOLDS if thresholds is None else thresholds
    out = []
    for name in table_order(doc, outcome):
        spec, _ = spec_for(doc, name, outcome[name].header)
        if not spec.outcome:
            continue
        kind_col, projected, actual = spec.outcome
        abs_keys = [k for k in spec.keys if spec.years.get(k) != "doc"]
        actuals = {}
        for r in outcome[name].rows:
            if r.get(kind_col) == actual:
                actuals[tuple(r.get(k, "") for k in abs_keys)] = r
        for fy_proj in sorted(y for y in projections if y < fy_outcome):
            table = projections[fy_proj].get(name)
            if table is None:
                continue
            for r in table.rows:
                if r.get(kind_col) != projected:
                    continue
                a = actuals.get(tuple(r.get(k, "") for k in abs_keys))
                if a is None:
                    continue
                value_cols = [c for c, k in spec.values.items() if c != kind_col and c in table.header]
                for col in value_cols:
                    kind = kind_of(spec, col, r)
                    cell = compare_cell(col, kind, unit_of(spec, col, r), r.get(col), a.get(col), thresholds, True)
                    out.append({"table": name, "projected_in": fy_proj, "outcome_in": fy_outcome,
                                "key": ";".join(f"{k}={r.get(k, '')}" for k in abs_keys),
                                "label": row_label(spec, r, {}),
                                "fiscal_year": next((fiscal_year_of(r.get(k, ""), m) for k, m in spec.years.items()
                                                     if m != "doc"), None),
                                "cell": cell})
    return out


# ---------------------------------------------------------------- machine-readable output

def _plain(value: Decimal | None, places: int) -> str:
    if value is None:
        return ""
    r = round_half_up(value, places)
    return str(abs(r) if r == 0 else r)


def cell_fields(cell: CellDiff) -> list[str]:
    """change, change_unit, relative_pct, threshold as written in the CSVs."""
    places = places_of(cell.old, cell.new)
    return [_plain(cell.change, places), cell.measure if cell.change is not None else "", _plain(cell.relative, 1),
            threshold_text(cell.threshold, cell.limit) if cell.threshold else ""]


def csv_tables(result: ReportDiff) -> dict[str, tuple[list[str], list[list]]]:
    """name → (header, rows) of reports/<FY>/diff/*.csv. Every row names both fiscal years."""
    years = [result.fy, result.prev]
    cells, rows, tables = [], [], []
    for t in result.tables:
        tables.append(years + [t.name, t.spec.title_ja, t.status, t.count("unchanged"), t.count("changed"),
                               t.count("added"), t.count("removed"), t.cells_changed, len(t.flagged)])
        for r in t.rows:
            rows.append(years + [t.name, r.key_text, r.label, r.status,
                                 sum(1 for c in r.cells if c.status == "changed"), len(r.flagged)])
            for c in r.cells:
                cells.append(years + [t.name, r.key_text, r.label, "this_year" if r.current else "history",
                                      c.column, c.kind, c.status, c.old or "", c.new or ""] + cell_fields(c)
                             + ["true" if c.sign_flip else ""])
    out = {
        "tables": (["report_fiscal_year", "compared_fiscal_year", "table", "title_ja", "status", "rows_unchanged",
                    "rows_changed", "rows_added", "rows_removed", "cells_changed", "flagged"], tables),
        "rows": (["report_fiscal_year", "compared_fiscal_year", "table", "key", "row_label", "status",
                  "cells_changed", "flagged"], rows),
        "cells": (["report_fiscal_year", "compared_fiscal_year", "table", "key", "row_label", "row", "column", "kind",
                   "status", "old", "new", "change", "change_unit", "relative_pct", "threshold", "sign_flip"], cells),
        "summary": (["report_fiscal_year", "compared_fiscal_year", "category", "table", "key", "row_label", "column",
                     "old", "new", "change", "change_unit", "relative_pct", "threshold", "detail"], summary_rows(result)),
    }
    return out


def summary_rows(result: ReportDiff) -> list[list]:
    """The summary of the human report as rows: category, where, what."""
    years = [result.fy, result.prev]
    out = []

    def add(category, table, row=None, cell=None, detail="", column=None, old="", new=""):
        fields = cell_fields(cell) if cell else ["", "", "", ""]
        out.append(years + [category, table, row.key_text if row else "", row.label if row else "",
                            column or (cell.column if cell else ""),
                            (cell.old or "") if cell else old, (cell.new or "") if cell else new] + fields + [detail])

    for h in headline_rows(result):
        add("headline", h["table"], h["row"], h["cell"], h["label"])
    t, brows, columns = breakdown_rows(result)
    for r in brows:
        for c in r.cells:
            if c.column in columns:
                add("breakdown", t.name, r, c, r.status)
    for t, r, c in flagged_moves(result):
        add("large_move", t.name, r, c)
    for t in result.tables:
        if t.status != "both":
            add("table_only_in", t.name, detail=f"{t.status}: {len(t.rows)} rows")
    for t, r in added_removed(result):
        add(r.status, t.name, r)
    for p in class_presence(result):
        add("asset_class_only_in", ",".join(p["tables"]), column="asset_class",
            old=p["asset_class"] if p["only"] == "old" else "", new=p["asset_class"] if p["only"] == "new" else "",
            detail=f"{p['name_ja']}: only_{p['only']}")
    policy_tables = "/".join(t.name for t in result.tables if t.spec.policy_column)
    for p in policy_changes(result):
        add("policy", policy_tables, column="policy_id", old=" ".join(p["old"]), new=" ".join(p["new"]),
            detail=f"{offset_label(p['offset'])}: {p['status']}")
    for b in breach_changes(result):
        add(f"breach_{b['status']}", b["table"], b["row"], detail=b["status"])
    for t, r, c in sign_flips(result):
        add("sign_flip", t.name, r, c)
    for x in result.restated:
        out.append(years + ["restated", x["table"], x["key"], x["label"], x["column"], x["old"], x["new"],
                            "", "", "", "", f"fiscal year {x['year']}"])
    return out


def outcome_csv(outcomes: list[dict], fy: int) -> tuple[list[str], list[list]]:
    return (["report_fiscal_year", "projected_in", "table", "key", "row_label", "fiscal_year", "column", "projected",
             "actual", "change", "change_unit", "relative_pct", "threshold"],
            [[fy, o["projected_in"], o["table"], o["key"], o["label"], o["fiscal_year"], o["cell"].column,
              o["cell"].old or "", o["cell"].new or ""] + cell_fields(o["cell"]) for o in outcomes])


# ---------------------------------------------------------------- plain-text rendering and text diff

def _field(col: str, value: str) -> str:
    if value == "" or any(ch.isspace() for ch in value) or "=" in value or '"' in value:
        return f'{col}="{value}"' if value else f"{col}="
    return f"{col}={value}"


def render_text(doc: str, tables: dict[str, Table], fy: int, title: str) -> str:
    """A report's tables as text, one line per table row, in the tables' order: ``table key | col=value …``.
    Years are written relative to the report's fiscal year (FY, FY-1 …), so that two years' renderings
    align line by line under ``diff -u`` and two builds of one year compare exactly."""
    lines = [f"# {title}", f"# FY = {fy}. Computed tables, one line per row: table, key | columns.", ""]
    for name in table_order(doc, tables):
        table = tables[name]
        spec, _ = spec_for(doc, name, table.header)
        rows = keyed_rows(table, spec, fy)
        key_cols = set(spec.keys)
        for kr in rows.values():
            rest = [_field(c, kr.row.get(c, "") or "") for c in table.header if c not in key_cols]
            lines.append(f"{name} {key_text(kr.key)} | " + " ".join(rest))
        if not rows:
            lines.append(f"{name} (no rows)")
    return "\n".join(lines) + "\n"


def text_diff(old_text: str, new_text: str, old_name: str, new_name: str, preamble: str) -> str:
    """Unified diff (no context: every line names its table and row) of two text renderings."""
    body = list(difflib.unified_diff(old_text.splitlines(), new_text.splitlines(), old_name, new_name,
                                     lineterm="", n=0))
    return preamble + "\n" + ("\n".join(body) + "\n" if body else "(no differences)\n")


# ---------------------------------------------------------------- backtest of archived published tables

# doc → (the tables a build writes under reports/<FY>/, the archive of the published tables beside them).
# The archives are under version control and written only by `make archive FY=<FY>` (scripts/archive.py).
ARCHIVES = {"unyo": ("tables", "published"), "shikyuritsu": ("shikyuritsu/tables", "published-shikyuritsu")}


def archived(reports: Path) -> list[tuple[str, int, Path]]:
    """(doc, fiscal year, archive folder) of every archived published report under ``reports``."""
    out = []
    for doc, (_, folder) in ARCHIVES.items():
        for path in sorted(Path(reports).glob(f"*/{folder}")):
            if path.is_dir() and path.parent.name.isdigit():
                out.append((doc, int(path.parent.name), path))
    return sorted(out, key=lambda x: (x[1], x[0]))


def backtest(doc: str, published: dict[str, Table], rebuilt: dict[str, Table], where: str) -> list[str]:
    """Every difference between archived published tables and a rebuild of the same report: missing or
    extra tables, columns and rows, and each differing cell with its table, row key, column and both
    values. Same year on both sides, so keys are absolute (fiscal_year=2024). Empty when identical."""
    problems = []
    for name in table_order(doc, set(published) | set(rebuilt)):
        p, r = published.get(name), rebuilt.get(name)
        if r is None:
            problems.append(f"{where}/{name}.csv: the published table is no longer built")
            continue
        if p is None:
            problems.append(f"{where}/{name}.csv: the rebuild has a table the published report did not have")
            continue
        if p.header != r.header:
            problems.append(f"{where}/{name}.csv: columns changed: published {', '.join(p.header)}; "
                            f"rebuilt {', '.join(r.header)}")
        spec, _ = spec_for(doc, name, p.header)
        rows_p, rows_r = keyed_rows(p, spec, 0, relative=False), keyed_rows(r, spec, 0, relative=False)
        for key, kp in rows_p.items():
            kr = rows_r.get(key)
            row = ", ".join(f"{c}={v}" for c, v in key)
            if kr is None:
                problems.append(f"{where}/{name}.csv: row {row}: published, missing from the rebuild")
                continue
            for col in p.header:
                a, b = kp.row.get(col, ""), kr.row.get(col, "")
                if a != b:
                    problems.append(f"{where}/{name}.csv: row {row}, column {col}: published {a!r}, rebuilt {b!r}")
        for key in rows_r:
            if key not in rows_p:
                row = ", ".join(f"{c}={v}" for c, v in key)
                problems.append(f"{where}/{name}.csv: row {row}: in the rebuild, not in the published table")
        common = [k for k in rows_p if k in rows_r]
        if common != [k for k in rows_r if k in rows_p]:
            problems.append(f"{where}/{name}.csv: the rows are in a different order")
    return problems
