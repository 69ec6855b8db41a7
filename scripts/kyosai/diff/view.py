"""The reviewer's change report (reports/<FY>/<slug>-diff.pdf, templates/diff.html.j2 and templates/diff/): the
ReportDiff of kyosai.diff.compare turned into text for the templates, with every figure formatted here as the
reports print them (▲ for negatives, thousands separators, pt, 和暦) and every code in Japanese (the tables'
declarations: labels and code maps). The templates only lay it out.

``changes`` is what the one-page summary shows, as plain JSON (strings formatted for print, counts as numbers):
the compare job writes it as build/<FY>/<slug>-diff/changes.json, and templates/diff/summary.html.j2 prints it
from that dict alone (``v``).
"""
from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

from .. import era
from ..document import Document, Section
from ..documents import DOCUMENTS, SLUGS
from ..numbers import fmt_number
from ..tablespec import TableSpec, fiscal_year_of
from .compare import (MEASURES, SAME, THRESHOLD_JA, YOY, CellDiff, ReportDiff, RowDiff, TableDiff, decimal_or_none,
                      filled, places_of, text_groups_of, value_name, year_runs)
from .summary import (added_removed, breach_changes, breakdown_rows, class_presence, classes_named, flagged_moves,
                      headline_rows, policy_changes, sign_flips, year_rows)

SUMMARY_MOVES = 5    # moves past a threshold listed on the summary page (all are listed under 表ごとの比較)
SUMMARY_FLIPS = 4    # sign flips listed on the summary page (all are marked under 表ごとの比較)
SUMMARY_RESTATED = 5  # restated figures listed on the summary page (all are listed under 表ごとの比較)
STATUS_JA = {"unchanged": "", "changed": "変更", "added": "追加", "removed": "削除", "outcome": "見込→実績",
             "outside_old": "", "outside_new": "", "data_gap": "データ未収録"}
FILLED_JA = "判明"   # a row whose only differences are figures the earlier report left blank (not yet known)
FILLED_TEXT = "前回は未判明（－）、今回判明"
TEXT_STATUS_JA = {"reworded": "改訂", "figures_only": "数値", "added": "追加", "removed": "削除"}
NO_FIGURE = "－"
# The chapters of the comparison that the summary points to (a review edition prints the summary without them and
# names the comparison's PDF instead).
TABLES_CHAPTER, TEXTS_CHAPTER, OUTCOMES_CHAPTER = "表ごとの比較", "文章の変更", "予測と実績"


# ---------------------------------------------------------------- figures

def fmt_value(text: str | None, kind: str, unit: str = "") -> str:
    """A cell as printed: '-1347' → ▲1,347; '' → －; text as is; with ``unit`` appended to figures."""
    if text is None:
        return ""
    if text.strip() == "":
        return NO_FIGURE
    if MEASURES[kind][0] == "text":
        return text
    v = decimal_or_none(text)
    if v is None:
        return text
    return fmt_number(v, places_of(text)) + unit


def fmt_change(cell: CellDiff, unit: str = "") -> str:
    """+402（+10.9%）, ▲1.1pt; with ``unit`` (億円, 百万円) after the absolute change of an amount."""
    delta = fmt_delta(cell, unit)
    if not delta or cell.measure == "pt" or cell.relative is None:
        return delta
    return f"{delta}（{fmt_rel(cell)}）"


def unchanged_figure(cell: CellDiff) -> bool:
    """A figure both reports print alike (0.8 → 0.8): its change is zero, and printed as such."""
    return cell.status == "unchanged" and MEASURES[cell.kind][0] != "text" and decimal_or_none(cell.old) is not None


def fmt_delta(cell: CellDiff, unit: str = "") -> str:
    """The change alone: +6,233 / +6,233億円 / ▲1.1pt; 0.0pt for a figure that did not move."""
    places = places_of(cell.old, cell.new)
    pt = cell.measure == "pt" or (cell.change is None and MEASURES[cell.kind][0] == "pt")
    change = cell.change if cell.change is not None else Decimal(0) if unchanged_figure(cell) else None
    if change is None:
        return ""
    if pt:
        return fmt_number(change, places, plus=True, suffix="pt")
    return fmt_number(change, places, plus=True) + (unit if unit in ("億円", "百万円") else "")


def fmt_rel(cell: CellDiff) -> str:
    """The relative change alone: +7.9% ('' for pt measures and from zero; 0.0% for an amount that did not move)."""
    if cell.relative is None:
        return "0.0%" if unchanged_figure(cell) and MEASURES[cell.kind][0] == "relative" \
            and decimal_or_none(cell.old) != 0 else ""
    return fmt_number(cell.relative, 1, plus=True, suffix="%")


def display_unit(cell: CellDiff) -> str:
    """The unit printed after a figure in running text (億円, %, 百万円 …; none for counts and ratios)."""
    return cell.unit if cell.unit in ("億円", "百万円", "%", "pt") else ""


REFERENCE_JA = "参考（前回は非掲載）"


def threshold_name(cell: CellDiff) -> str:
    """金額±20%超 (the legend of the summary says which figures each threshold judges); 参考（前回は非掲載） for a
    figure the previous report did not print (never judged)."""
    if cell.reference:
        return REFERENCE_JA
    if not cell.threshold:
        return ""
    what, unit = THRESHOLD_JA[cell.threshold]
    return f"{what}±{cell.limit:f}{unit}超"


def policy_label(policy_id: str) -> str:
    """2022-05 → 令和4年5月改定 (the id itself is a code: the CSVs keep it)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", policy_id)
    return f"{era.month_long(int(m[1]), int(m[2]))}改定" if m else policy_id


def unique(items: list) -> list:
    """The items in order, each once."""
    return list(dict.fromkeys(items))


# ---------------------------------------------------------------- years and names

def printed_columns(result: ReportDiff, document: str) -> dict[tuple[str, str], str]:
    """(table, column) → the name a document prints a column under where it writes it from its own figures and its
    table declaration names it in general words: the analysis pack heads the 繰越欠損金削減計画's paths by their
    解消年限 from its table of the plan (計画の経路（13年で解消）, as kyosai.bunseki.view.deficit_plan_view prints
    them), not 最短/最長の解消年限."""
    if result.table("deficit_plan_summary") is None:   # only the analysis pack has it
        return {}
    plan = {row.get("item"): row.get("value") for r in result.table("deficit_plan_summary").yoy
            for row in (r.new or r.old,) if row}
    low, high = (fmt_value(plan.get(k), "count") if plan.get(k) else "" for k in ("years_min", "years_max"))
    if not (low and high):
        return {}
    return {("deficit_plan_path", "fast_path_oku"): f"計画の経路（{low}年で解消）",
            ("deficit_plan_path", "slow_path_oku"): f"計画の経路（{high}年で解消）",
            ("deficit_plan_path", "ahead_of_slow_oku"): f"実績－計画の経路（{high}年）"}


def as_printed(result: ReportDiff, document: str) -> ReportDiff:
    """The comparison with its tables' columns named as the document prints them (printed_columns)."""
    names = printed_columns(result, document)
    for t in result.tables:
        if any(t.name == table for table, _ in names):
            t.spec = dataclasses.replace(t.spec, columns=tuple(
                dataclasses.replace(c, label=names.get((t.name, c.name), c.label)) for c in t.spec.columns))
    return result


def year_mode_of(spec: TableSpec) -> str | None:
    """How a table names its years: fy_end (R06年度末), fy (R06年度), None (no year column: the report's year)."""
    modes = [m for m in spec.years.values() if m != "doc"]
    if not modes:
        return None
    return "fy_end" if spec.year_end or "fy_end" in modes else "fy"


def year_text(spec: TableSpec, year: int, mode: str | None = None) -> str:
    """R06年度末 / R06年度 in a table with year columns; 令和6年度 in one without."""
    mode = mode or year_mode_of(spec)
    if mode is None:
        return era.fy_long(year)
    return era.fy_end_short(year) if spec.year_end or mode == "fy_end" else era.fy_short(year)


def years_text(spec: TableSpec, years: list[int]) -> str:
    """H25–R04年度 (runs of consecutive years; several runs joined by 、)."""
    suffix = "年度末" if year_mode_of(spec) == "fy_end" else "年度"
    return "、".join(year_text(spec, a) if a == b else f"{year_text(spec, a).removesuffix(suffix)}–{year_text(spec, b)}"
                    for a, b in year_runs(years))


def year_names(year: int | None) -> set[str]:
    """The ways a fiscal year is written in a label column (R06年度末, R06年度, 令和6年度, 令和6年度末)."""
    if year is None:
        return set()
    return {era.fy_short(year), era.fy_end_short(year), era.fy_long(year), era.fy_long(year) + "末"}


def item_column(spec: TableSpec) -> str | None:
    """The column naming what a long table's figure is (returns: 運用損益額 前年同期比), printed as the item of its
    figure rather than in the row's name: a table whose compared figure is one per-row column (値)."""
    if spec.item_column in spec.label_from and any(c.per_row for c in spec.values):
        return spec.item_column
    return None


def naming(spec: TableSpec, r: RowDiff, classes: dict[str, str]) -> tuple[list[str], str]:
    """(the parts of a row's name, the item of its per-row figure): codes in Japanese; a label that only names the
    row's fiscal year (R06年度末) is left to the year, so that a row of one year is named alike in every table."""
    row = r.new or r.old or {}
    years, item = spec.years, item_column(spec)
    names = year_names(r.year_old) | year_names(r.year_new)
    parts = []
    for col in spec.label_from:
        value = row.get(col, "")
        if col == item or (col in years and fiscal_year_of(value, years[col]) is not None):
            continue
        value = value_name(spec, col, value, classes)
        if value and value not in names:
            parts.append(value)
    return parts, value_name(spec, item, row.get(item, ""), classes) if item else ""


def row_name(spec: TableSpec, row: RowDiff, with_year: bool = False, classes: dict[str, str] | None = None) -> str:
    """A row for people, codes in Japanese: 国内株式, 運用資産全体 (the item of a per-row figure is its 項目); with its
    fiscal year for rows compared year by year: R03年度末 国内株式. A row of this year's comparison that only a
    year names is named by both years: R04年度末 → R06年度末."""
    parts, _ = naming(spec, row, classes or {})
    if with_year and row.year is not None:
        parts = [year_text(spec, row.year, row.year_mode)] + parts
    if not parts and row.comparison == YOY:
        parts = [" → ".join(year_text(spec, y, row.year_mode) for y in (row.year_old, row.year_new) if y is not None)]
    return " ".join(p for p in parts if p)


def column_label(spec: TableSpec, col: str, item: str = "") -> str:
    """A compared column's Japanese name; for a column whose meaning the row gives (値), the row's item, or, when
    the row names no item, the column's own name if it says something (見込, 実績; never 値)."""
    if col not in spec.header:
        return col
    c = spec.column(col)
    if not c.per_row:
        return c.label
    return item or ("" if c.label == "値" else c.label)


def cell_text(spec: TableSpec, cell: CellDiff, side: str, classes: dict[str, str]) -> str:
    """One side of a figure as printed, with its unit; a code in Japanese."""
    text = cell.old if side == "old" else cell.new
    if text is not None and MEASURES[cell.kind][0] == "text":
        return value_name(spec, cell.column, text, classes) if text else NO_FIGURE
    return fmt_value(text, cell.kind, display_unit(cell))


def cell_view(spec: TableSpec, cell: CellDiff, classes: dict[str, str], item: str = "") -> dict:
    """A figure of a comparison: old, new, change (and relative change), the threshold it passed, a sign flip."""
    unit = display_unit(cell)
    return {"item": column_label(spec, cell.column, item), "old": cell_text(spec, cell, "old", classes) or NO_FIGURE,
            "new": cell_text(spec, cell, "new", classes) or NO_FIGURE, "delta": fmt_delta(cell, unit),
            "rel": fmt_rel(cell), "change": fmt_change(cell, unit), "threshold": threshold_name(cell),
            "cls": "flag" if cell.threshold else "", "flip": "符号反転" if cell.sign_flip else "",
            "kind": "text" if MEASURES[cell.kind][0] == "text" else "figure"}


# ---------------------------------------------------------------- the tables chapter

def line_rows(t: TableDiff, rows: list[RowDiff], classes: dict[str, str], with_year: bool) -> list[dict]:
    """Rows as the tables chapter lists them: each changed figure once (old, new, change); a row added or
    removed with its figures."""
    out = []
    for r in rows:
        if r.status not in ("changed", "added", "removed"):
            continue
        cells = [c for c in r.cells if c.status == "changed" or (c.status != "unchanged" and (c.old or c.new))]
        _, item = naming(t.spec, r, classes)
        views = [cell_view(t.spec, c, classes, item) for c in cells] or [
            {"item": item, "old": NO_FIGURE, "new": NO_FIGURE, "delta": "", "rel": "", "change": "", "threshold": "",
             "cls": "", "flip": "", "kind": "figure"}]
        status = FILLED_JA if r.status == "changed" and all(filled(c) for c in cells) else STATUS_JA[r.status]
        out.append({"name": row_name(t.spec, r, with_year, classes), "status_ja": status,
                    "cls": r.status, "span": len(views), "cells": views})
    return out


def count_text(counts: list[tuple[str, int]]) -> str:
    """[("変更", 9), ("追加", 0)] → 変更 9行 (only those that occur)."""
    return "、".join(f"{ja} {n}行" for ja, n in counts if n)


def gap_years(gap: dict) -> str:
    """The fiscal years a declared gap leaves out: 令和6年度, 令和5年度・令和6年度, 令和2年度–令和6年度."""
    a, b = gap["first_year"], gap["last_year"]
    if a == b:
        return era.fy_long(a)
    return f"{era.fy_long(a)}{'・' if b == a + 1 else '–'}{era.fy_long(b)}"


def gap_statement(t: TableDiff, reason: bool = True) -> str:
    """What a declared gap of our data (not of the publication) leaves out of a table, and why (the reason as
    data/<document>/gaps.csv words it): 今回の報告の令和5年度・令和6年度の行はデータ未収録（理由：…）, or 今回の
    報告の表はデータ未収録（令和6年度の分、理由：…）; without the reason for the summary (the chapters give it)."""
    gap = t.gap
    why = f"理由：{gap['reason']}" if reason else ""
    if t.status == "both":
        gone = next((r for r in t.yoy if r.status == "data_gap"), None)
        who = "前回" if gone is not None and gone.old is None else "今回"
        return f"{who}の報告の{gap_years(gap)}の行はデータ未収録" + (f"（{why}）" if why else "")
    who = "今回" if t.status == "only_old" else "前回"
    return f"{who}の報告の表はデータ未収録（{'、'.join(x for x in (gap_years(gap) + 'の分', why) if x)}）"


def projected(t: TableDiff, r: RowDiff) -> bool:
    """A row of projections (見込), whose differences are revised projections, not restatements."""
    return bool(t.spec.outcome) and (r.new or r.old or {}).get(t.spec.outcome[0]) == t.spec.outcome[1]


CARRIED_JA = "前回から引き継いだ表（再確認なし）"


def same_year_text(t: TableDiff) -> str:
    """What the rows of the fiscal years both reports print say: all equal, or how many differ (actuals apart
    from projections); for a table carried from the previous report (TableDiff.carried), that it is one: its
    figures agreeing says nothing (前回から引き継いだ表（再確認なし）), only a difference is said."""
    out = []
    if t.carried:
        matched = [r for r in t.same if r.status in ("unchanged", "changed")]
        differ = sum(1 for r in matched for c in r.cells if c.status == "changed" and not filled(c))
        years = years_text(t.spec, unique([r.year for r in matched]))
        return (f"{CARRIED_JA}：{years}の数値 {sum(len(r.cells) for r in matched)}件"
                + (f"。うち{differ}件が前回の報告と異なる（過年度の数値の修正）。" if differ else "。"))
    for kind, what in ((False, "数値"), (True, "見込")):
        matched = [r for r in t.same if r.status in ("unchanged", "changed") and projected(t, r) == kind]
        if not matched:
            continue
        figures = sum(len(r.cells) for r in matched)
        known = sum(1 for r in matched for c in r.cells if filled(c))
        differ = sum(1 for r in matched for c in r.cells if c.status == "changed") - known
        where = f"両方の報告に載る年度（{years_text(t.spec, unique([r.year for r in matched]))}）の{what} {figures}件"
        fix = "過年度の数値の修正" if not kind else "見込の変更"
        found = [f"{differ}件が異なり（{fix}）" if differ else "", f"{known}件は{FILLED_TEXT}" if known else ""]
        out.append(f"{where}のうち " + "、".join(x for x in found if x) + "。" if differ or known else f"{where}はすべて一致。")
    return "".join(out)


def coverage_text(t: TableDiff) -> str:
    """前回の報告 R03–R04年度末（17行）、今回の報告 R06年度末（9行）; a report whose table has no row says so."""
    if year_mode_of(t.spec) is None:
        return ""
    parts = [f"{who}の報告 {years_text(t.spec, years)}（{size}行）" if years else f"{who}の報告は行なし"
             for who, years, size in (("前回", t.years_old, t.size_old), ("今回", t.years_new, t.size_new))]
    return "、".join(parts) + "。"


def names_list(t: TableDiff, rows: list[RowDiff], classes: dict[str, str]) -> str:
    """Row names, compactly: grouped by year (R03年度末: 国内債券(簿価)、短期資産 …) and, where a name has
    several parts, by its first (国内株式（野村アセットマネジメント アクティブ、…））; rows only years name, by
    their years (H08–R07年度)."""
    by_year: dict[str, dict[str, list[str]]] = {}
    for r in rows:
        per = year_text(t.spec, r.year, r.year_mode) if r.year_mode else ""
        group = by_year.setdefault(per, {})
        parts, item = naming(t.spec, r, classes)
        parts = parts + [item] if item else parts
        if len(parts) > 1:
            group.setdefault(parts[0], []).append(" ".join(parts[1:]))
        elif parts:
            group.setdefault(parts[0], [])
    if all(per and not groups for per, groups in by_year.items()):
        # rows that only their years name (付加共済金の支給率の推移): the years, as runs (H08–R07年度)
        return years_text(t.spec, sorted({r.year for r in rows}))
    out = []
    for per, groups in by_year.items():
        names = "、".join(f"{k}（{'、'.join(unique(v))}）" if v else k for k, v in groups.items())
        out.append(f"{per}: {names}" if per and names else (per or names))
    return "；".join(out)


def only_text(result: ReportDiff, t: TableDiff) -> str:
    """A table one report has: in the other report's publication not at all, or not in our data (a gap)."""
    mine = "今回" if t.status == "only_new" else "前回"
    rows = [r for r in t.rows if r.new is not None] if t.status == "only_new" else \
        [r for r in t.rows if r.old is not None and r.comparison == "year_on_year"]
    size = t.size_new or t.size_old
    listed = f"：{names_list(t, rows, result.classes)}" if t.spec.list_rows and rows else ""
    if t.gap:
        return f"{gap_statement(t)}。{mine}の報告は {size}行{listed}。"
    return f"{mine}の報告のみ（{era.fy_long(result.prev if t.status == 'only_new' else result.fy)}の報告にない表）、{size}行{listed}。"


def table_view(result: ReportDiff, t: TableDiff) -> dict:
    """A table that changed: this year against the previous report's year, then the fiscal years both print."""
    yoy_rows = line_rows(t, t.yoy, result.classes, False)
    same_rows = line_rows(t, t.same, result.classes, True)
    yoy_counts = count_text([(ja, t.count(s, "year_on_year")) for s, ja in
                             (("changed", "変更"), ("added", "追加"), ("removed", "削除"), ("unchanged", "変更なし"))])
    flagged = f"、閾値超 {len(t.flagged)}件" if t.flagged else ""
    note = "" if t.registered else "この表は表の宣言にないため、行を位置で対応付けています。"
    return {
        "id": f"t-{t.name}", "title": t.spec.title, "coverage": coverage_text(t), "note": note,
        "yoy_head": f"{year_text(t.spec, result.prev)} → {year_text(t.spec, result.fy)}",
        "yoy_counts": (yoy_counts + flagged) if yoy_counts else "", "yoy": yoy_rows,
        "same_text": same_year_text(t), "same": same_rows,
        "same_counts": count_text([(ja, t.count(s, SAME)) for s, ja in (("added", "追加"), ("removed", "削除"))]),
        "gap": f"{gap_statement(t)}。" if t.gap else "",
    }


def unchanged_text(result: ReportDiff, t: TableDiff, with_gap: bool = True) -> str:
    """キャッシュ・フロー（両方の報告に載る年度（H25–R04年度）の数値 60件はすべて一致。R06年度の行は…）."""
    gap = gap_statement(t) if t.gap and with_gap else ""
    notes = "".join(x for x in (same_year_text(t), gap) if x).removesuffix("。")
    return f"{t.spec.title}（{notes}）" if notes else t.spec.title


# ---------------------------------------------------------------- the summary

def move_view(result: ReportDiff, table: TableDiff, row: RowDiff, cell: CellDiff) -> dict:
    """One figure in running text, with units: 87億円 → 479億円, +392億円（+450.6%）; its row named as in the
    tables chapter (a row only a year names: R04年度末 → R06年度末)."""
    _, item = naming(table.spec, row, result.classes)
    return {"table": table.spec.title, "row": row_name(table.spec, row, classes=result.classes),
            **cell_view(table.spec, cell, result.classes, item)}


def merged_moves(views: list[dict]) -> list[dict]:
    """One entry for a figure that several tables print (融資経理貸付金 87億円 → 479億円 in 資産構成 and in
    自家運用資産; the 利益剰余金 4,599億円 → 5,950億円 of R04年度末 → R06年度末 in two tables of the analysis):
    the tables and items named together."""
    out: dict[tuple, dict] = {}
    for v in views:
        key = (v["row"], v["old"], v["new"], v["delta"])
        if key in out:
            seen = out[key]
            seen["table"] = "、".join(unique(seen["table"].split("、") + [v["table"]]))
            seen["item"] = "、".join(unique([x for x in seen["item"].split("、") + [v["item"]] if x]))
        else:
            out[key] = dict(v)
    return list(out.values())


def tables_summary(result: ReportDiff) -> dict:
    """The tables by what happened to them, each named once."""
    changed = [t for t in result.tables if t.status == "both" and t.changed]
    unchanged = [t for t in result.tables if t.status == "both" and not t.changed]
    only = {s: [t for t in result.tables if t.status == s and not t.gap] for s in ("only_new", "only_old")}
    years = {t.name: (added, gone) for t, added, gone in year_rows(result)}

    def unchanged_with_years(t: TableDiff) -> str:
        """An unchanged table whose history gained or lost years says so, as the list of rows added does."""
        text = unchanged_text(result, t, with_gap=False)
        added, gone = years.get(t.name, ([], []))
        said = [f"{what} {years_text(t.spec, unique([r.year for r in rows]))} {len(rows)}行"
                for what, rows in (("今回のみの年度", added), ("前回のみの年度", gone)) if rows]
        if not said:
            return text
        return text[:-1] + "。" + "、".join(said) + "）" if text.endswith("）") else f"{text}（{'、'.join(said)}）"

    return {
        "changed": unique([t.spec.title for t in changed]),
        "unchanged": unique([unchanged_with_years(t) for t in unchanged]),
        "added": unique([f"{t.spec.title}（{t.size_new}行）" for t in only["only_new"]]),
        "removed": unique([f"{t.spec.title}（{t.size_old}行）" for t in only["only_old"]]),
        "gaps": unique([f"{t.spec.title}：{gap_statement(t, reason=False)}" for t in result.tables if t.gap]),
    }


def rows_added_removed(result: ReportDiff) -> list[str]:
    """Rows added or removed in tables both reports have, by table (生命保険資産の利回り：追加 1行（配当に係る部分）),
    then the rows of fiscal years only one report's history table covers (基礎的な収益：追加 2行（R05–R06年度：
    前回の報告にない年度）)."""
    grouped: dict[tuple[str, str], tuple[TableDiff, list[RowDiff]]] = {}
    for t, r in added_removed(result):
        grouped.setdefault((t.name, r.status), (t, []))[1].append(r)
    out = [f"{t.spec.title}：{STATUS_JA[status]} {len(rows)}行（{names_list(t, rows, result.classes)}）"
           for (_, status), (t, rows) in grouped.items()]
    for t, added, gone in year_rows(result):
        said = []
        if added:
            said.append(f"追加 {len(added)}行（{years_text(t.spec, unique([r.year for r in added]))}：前回の報告にない年度）")
        if gone:
            said.append(f"前回のみ {len(gone)}行（{years_text(t.spec, unique([r.year for r in gone]))}：今回の報告の期間外）")
        out.append(f"{t.spec.title}：{'、'.join(said)}")
    return unique(out)


def policy_view(result: ReportDiff) -> list[str]:
    out = []
    for p in policy_changes(result):
        ids_old = "、".join(policy_label(i) for i in p["old"])
        ids_new = "、".join(policy_label(i) for i in p["new"])
        y_old = era.fy_end_short(p["year_old"]) if p["year_old"] else ""
        y_new = era.fy_end_short(p["year_new"]) if p["year_new"] else ""
        if p["status"] == "unchanged":
            out.append(f"{y_new}の基本ポートフォリオ（{ids_new}）は前回の報告（{y_old}）と同じ。")
        elif p["status"] == "revised" and p["comparison"] == SAME:
            out.append(f"{y_new}の基本ポートフォリオ：前回の報告は{ids_old}、今回の報告は{ids_new}のもの。")
        elif p["status"] == "revised":
            out.append(f"基本ポートフォリオの改定：{ids_old}（{y_old}）→ {ids_new}（{y_new}）。")
        elif p["status"] == "only_old":
            out.append(f"前回の報告は{y_old}の資産構成も掲載（{ids_old}の基本ポートフォリオ）。")
        else:
            out.append(f"今回の報告は{y_new}の資産構成も掲載（{ids_new}の基本ポートフォリオ）。")
    return unique(out)


def breach_view(result: ReportDiff) -> list[str]:
    out = []
    for b in breach_changes(result):
        r: RowDiff = b["row"]
        t = result.table(b["table"])
        row = r.new or {}
        detail = "、".join(f"{t.spec.column(c).label} {fmt_value(row.get(c), 'share')}pt"
                          for c in ("deviation_pt", "band_pt") if c in row)
        word = "新たに許容乖離幅を超過" if b["status"] == "new" else "許容乖離幅の超過が解消"
        out.append(f"{row_name(t.spec, r, classes=result.classes)}：{word}（{detail}）。")
    return unique(out)


def flips_view(result: ReportDiff) -> list[str]:
    """Figures whose sign flipped, each once: 表 行 項目 前回→今回."""
    out = []
    for t, r, c in sign_flips(result):
        what = (row_name(t.spec, r, classes=result.classes), column_label(t.spec, c.column, naming(t.spec, r, result.classes)[1]))
        out.append(f"{t.spec.title} {' '.join(x for x in what if x)} "
                   f"{cell_text(t.spec, c, 'old', result.classes)}→{cell_text(t.spec, c, 'new', result.classes)}")
    return unique(out)


def restated_lines(result: ReportDiff, items: list[dict] | None = None) -> list[str]:
    """Figures of one fiscal year that the two reports print differently (``items``: result.restated, or
    result.filled: blank before, printed now): 表 年度 行 項目：前回 → 今回."""
    out = []
    for x in result.restated if items is None else items:
        t = result.table(x["table"])
        parts = [p for p in x["label"].split(" ") if p and p not in year_names(x["year"])]
        what = " ".join(p for p in (year_text(t.spec, x["year"], x["year_mode"]), *parts,
                                    column_label(t.spec, x["column"])) if p)
        shown = [fmt_value(x[side], x["kind"]) for side in ("old", "new")]
        out.append(f"{t.spec.title} {what}：前回 {shown[0]} → 今回 {shown[1]}")
    return unique(out)


def revised_lines(result: ReportDiff) -> list[str]:
    """Revised projections, by table and year: 財政収支の予測 R07年度の見込：52件のうち 20件が変更."""
    counts: dict[tuple[str, int], int] = {}
    for x in result.revised:
        counts[(x["table"], x["year"])] = counts.get((x["table"], x["year"]), 0) + 1
    out = []
    for (name, year), n in counts.items():
        t = result.table(name)
        total = sum(len(r.cells) for r in t.same if r.year == year and r.status in ("unchanged", "changed")
                    and projected(t, r))
        out.append(f"{t.spec.title} {year_text(t.spec, year)}の見込：{total}件のうち {n}件が変更")
    return out


PLACES_SHOWN = 4   # places of changed texts the summary names for each kind of change (it is one page)


def per_place(places: list[str]) -> str:
    """運用の基本方針と基本ポートフォリオ 1件、融資経理貸付金 3件: how many texts of each place, in order; the first
    PLACES_SHOWN places named, the others counted (ほか2か所: the chapter names them all)."""
    counts: dict[str, int] = {}
    for p in places:
        counts[p] = counts.get(p, 0) + 1
    named = [f"{p} {n}件" for p, n in counts.items()]
    more = len(named) - PLACES_SHOWN
    return "、".join(named[:PLACES_SHOWN]) + (f" ほか{more}か所" if more > 0 else "")


TEXT_SUMMARY_JA = {"reworded": "改訂", "figures_only": "数値だけが異なる同じ文面", "added": "追加", "removed": "削除",
                   "years_only": "年度・日付の年だけが異なる同じ文面"}


def prose_view(result: ReportDiff, document: str) -> tuple[dict, list[dict]]:
    """The texts added, removed or reworded: for the summary, by status, with how many of each place they are
    printed in; for the chapter, each with both wordings, the texts of one place together (in the order the places
    come in the document). Texts whose only difference is their own year are counted, not listed. A text may name
    its place itself (``where``: the chapter of a document whose prose is read from its pages)."""
    groups = text_groups_of(document)

    def where(x: dict) -> str:
        return x.get("where") or groups.get(x["key"].split(".", 1)[0], "その他の文章")

    order = list(dict.fromkeys(where(x) for x in result.texts))
    texts = sorted(result.texts, key=lambda x: order.index(where(x)))
    # one change once: a wording printed in several places (the 要旨 repeats a chapter's sentence; two texts of one
    # sentence are shown as that sentence) is one entry naming its places
    merged: dict[tuple, dict] = {}
    for x in texts:
        old, new = x.get("old_shown") or x["old"], x.get("new_shown") or x["new"]
        entry = merged.setdefault((x["status"], old, new), {"status": x["status"], "old": old, "new": new, "where": []})
        if where(x) not in entry["where"]:
            entry["where"].append(where(x))
    entries = list(merged.values())

    def line(ja: str, found: list[dict]) -> str:
        places = [p for x in found for p in x["where"]]
        again = "（複数箇所に載る同じ文面は1件と数える）" if len(places) > len(found) else ""
        return f"{ja} {len(found)}件：{per_place(places)}{again}"

    lines = [line(ja, found) for status, ja in TEXT_SUMMARY_JA.items()
             if (found := [x for x in entries if x["status"] == status])]
    changed = [x for x in entries if x["status"] in TEXT_STATUS_JA]
    items = [{"where": "、".join(x["where"]), "status_ja": TEXT_STATUS_JA[x["status"]], "old": x["old"] or NO_FIGURE,
              "new": x["new"] or NO_FIGURE, "cls": x["status"]} for x in changed]
    return {"total": len(changed), "lines": lines, "compared": result.texts_compared}, items


def outcome_view(result: ReportDiff) -> list[dict]:
    out = []
    for o in result.outcomes:
        c: CellDiff = o["cell"]
        unit = display_unit(c)
        out.append({"projected_in": era.fy_long(o["projected_in"]), "year": era.fy_long(o["fiscal_year"]),
                    "label": o["label"], "projected": fmt_value(c.old, c.kind, unit), "actual": fmt_value(c.new, c.kind, unit),
                    "change": fmt_change(c, unit), "threshold": threshold_name(c), "cls": "flag" if c.threshold else ""})
    return out


def comparison_kind(fy: int, prev: int) -> str:
    """前年度比較 when the report compared with is truly last year's; else 前回報告との比較."""
    return "前年度比較" if prev == fy - 1 else "前回報告との比較"


def diff_title(document_title: str, fy: int, prev: int) -> str:
    """小規模企業共済資産 令和6年度の運用状況 前回報告（令和4年度）との比較 (令和5年度 has no report), or
    … 前年度比較（令和5年度との比較）."""
    if prev == fy - 1:
        return f"{document_title} 前年度比較（{era.fy_long(prev)}との比較）"
    return f"{document_title} 前回報告（{era.fy_long(prev)}）との比較"


def headline_view(result: ReportDiff) -> list[dict]:
    out = []
    for h in headline_rows(result):
        c: CellDiff = h["cell"]
        unit = display_unit(c)
        view = cell_view(result.table(h["table"]).spec, c, result.classes)
        out.append({"label": h["label"] + (f"（{unit}）" if unit else ""), "name": h["label"],
                    "old": fmt_value(c.old, c.kind) or NO_FIGURE, "new": fmt_value(c.new, c.kind) or NO_FIGURE,
                    "delta": fmt_delta(c) or (STATUS_JA[c.status] if c.status in ("added", "removed") else ""),
                    "change": fmt_change(c),
                    "rel": view["rel"], "threshold": view["threshold"], "cls": view["cls"]})
    return out


def breakdown_view(result: ReportDiff) -> dict | None:
    bt, brows, bcols = breakdown_rows(result)
    if bt is None:
        return None
    heads = []
    for col in bcols:
        c = bt.spec.column(col)
        heads.append(c.label + (f"（{c.unit}）" if c.unit and c.unit != "ratio" else ""))
    rows = []
    for r in brows:
        cells = []
        for c in r.cells:
            if c.column in bcols:
                cells.append({"old": fmt_value(c.old, c.kind) or NO_FIGURE, "new": fmt_value(c.new, c.kind) or NO_FIGURE,
                              "delta": fmt_delta(c), "rel": fmt_rel(c), "threshold": threshold_name(c),
                              "cls": "flag" if c.threshold else ""})
        rows.append({"name": r.label or bt.spec.title, "status_ja": STATUS_JA[r.status] if r.status in ("added", "removed")
                     else "", "cells": cells})
    return {"title": bt.spec.title, "when": f"{year_text(bt.spec, result.prev)} → {year_text(bt.spec, result.fy)}",
            "columns": heads, "rows": rows}


def changes(result: ReportDiff, *, document: str, document_title: str, restated_published: list[str] = (),
            files: dict | None = None) -> dict:
    """What the one-page summary shows, as JSON (build/<FY>/<slug>-diff/changes.json); ``files``: the reports'
    PDFs compared (old, and new where it exists: kyosai.diff.source.pdf_named) and which tables of the previous
    report were compared (source: kyosai.diff.source.previous's text)."""
    as_printed(result, document)
    fy, prev = result.fy, result.prev
    report_name = DOCUMENTS[document].name_ja
    kind = comparison_kind(fy, prev)
    skipped = list(range(prev + 1, fy))
    compared = f"{era.fy_long(fy)}（{fy}年度）の{report_name}を、{era.fy_long(prev)}（{prev}年度）の{report_name}と比較"
    if skipped:
        compared += (f"（{'、'.join(era.fy_long(y) for y in skipped)}の{report_name}はデータがないため、"
                     f"それより前で最新の年度と比較）")
    compared += (f"。当年度の数値は前回の報告の年度（{era.fy_long(prev)}）の数値と比べ、両方の報告に載る同じ年度の数値は"
                 f"年度どうしで照合します。")
    headlines = headline_view(result)
    breakdown = breakdown_view(result)
    fired = [f"{h['name']}（{h['threshold']}）" for h in headlines if h["cls"] == "flag"]
    if breakdown is not None:
        fired += [f"{r['name']}（{c['threshold']}）" for r in breakdown["rows"] for c in r["cells"] if c["cls"] == "flag"]
    moves = merged_moves([move_view(result, t, r, c) for t, r, c in flagged_moves(result)])
    flips = flips_view(result)
    prose, _ = prose_view(result, document)
    restated, known = restated_lines(result), restated_lines(result, result.filled)
    return {
        "title": diff_title(document_title, fy, prev), "kind": kind, "part_label": f"【{kind}・レビュー用】",
        "heading": f"{era.fy_long(fy)}と{era.fy_long(prev)}の比較（要約）",
        "fy": fy, "prev": prev, "fy_ja": era.fy_long(fy), "prev_ja": era.fy_long(prev), "compared": compared,
        "pdf": f"reports/{fy}/{SLUGS[document]}-diff.pdf",
        "chapters": {"tables": TABLES_CHAPTER, "texts": TEXTS_CHAPTER, "outcomes": OUTCOMES_CHAPTER},
        "thresholds": [f"{THRESHOLD_JA[k][0]}±{v:f}{THRESHOLD_JA[k][1]}"
                       for k, v in result.thresholds.items() if v is not None],
        "thresholds_off": [THRESHOLD_JA[k][0] for k, v in result.thresholds.items() if v is None],
        "headlines": headlines, "breakdown": breakdown, "fired_above": unique(fired),
        "moves": moves[:SUMMARY_MOVES], "moves_total": len(moves), "moves_more": max(0, len(moves) - SUMMARY_MOVES),
        "tables": tables_summary(result), "rows_added_removed": rows_added_removed(result),
        "restated": {"checked": result.restated_checked, "count": len(restated), "items": restated[:SUMMARY_RESTATED],
                     "more": max(0, len(restated) - SUMMARY_RESTATED), "filled": len(known),
                     "filled_items": known[:SUMMARY_RESTATED], "filled_more": max(0, len(known) - SUMMARY_RESTATED),
                     "filled_text": FILLED_TEXT,
                     "carried": [f"{t.spec.title}（{sum(len(r.cells) for r in t.same if r.status in ('unchanged', 'changed'))}件）"
                                 for t in result.tables if t.carried], "carried_text": CARRIED_JA},
        "revised": revised_lines(result),
        "prose": prose,
        "classes": unique([f"{p['name_ja']}：{'今回' if p['only'] == 'new' else '前回'}の報告のみ"
                           f"（{'、'.join(result.table(n).spec.title for n in p['tables'])}）" for p in class_presence(result)]),
        "has_classes": bool(classes_named(result)), "has_bands": any(t.spec.breach for t in result.tables),
        "policies": policy_view(result), "breaches": breach_view(result),
        "flips": flips[:SUMMARY_FLIPS], "flips_total": len(flips), "flips_more": max(0, len(flips) - SUMMARY_FLIPS),
        "outcomes_total": len(result.outcomes),
        "restated_published": list(restated_published),
        "files": dict(files or {}),
    }


def build(result: ReportDiff, summary: dict, *, document: str, years_with_reports: list[int]) -> dict:
    """Everything the templates of the comparison print: the summary (``summary``, made by ``changes``) and the
    chapters."""
    slug = SLUGS[document]
    as_printed(result, document)
    _, texts = prose_view(result, document)
    changed = [t for t in result.tables if t.status == "both" and t.changed]
    has_funds = any("fund_no" in t.spec.header and "fund_no" not in t.spec.keys for t in result.tables)
    keys = "、".join((["資産区分"] if summary["has_classes"] else []) + ["項目", "系列など"])
    if has_funds:
        keys += "。ファンドはファンド番号ではなく資産区分・スタイル・運用機関・マネジャーベンチマーク"
    from_pages = any(x.get("where") for x in result.texts)
    return {
        **summary,
        "keys_text": keys,
        "texts_note": "この資料の文章は、各章の本文と注記の段落を章ごとに順に対応付けて比べています。" if from_pages else
                      "文の一部として載る文面は、その文全体を示します。",
        "paths": {"csv": f"{slug}/diff/", "text_diff": f"{slug}/diff/{slug}.txt.diff"},
        "years_with_reports": "、".join(era.fy_long(y) for y in years_with_reports),
        "changed_tables": [table_view(result, t) for t in changed],
        "unchanged_tables": [unchanged_text(result, t) for t in result.tables if t.status == "both" and not t.changed],
        "only_tables": [{"id": f"t-{t.name}", "title": t.spec.title, "text": only_text(result, t)}
                        for t in result.tables if t.status != "both"],
        "texts": texts,
        "outcomes": outcome_view(result),
    }


class Comparison(Document):
    """The change report of one document against its previous report: same frame, stylesheet and renderer as
    the documents themselves; its chapters are templates/diff/<section>.html.j2."""
    key, slug = "diff", "diff"

    def __init__(self, view: dict):
        self.v = view

    def title(self, model: dict) -> str:
        return self.v["title"]

    def sections(self, model: dict) -> list[Section]:
        chapters = [("summary", self.v["heading"], self.v["part_label"], True),
                    ("outcomes", "予測と実績", None, bool(self.v["outcomes"])), ("tables", "表ごとの比較", None, True),
                    ("texts", "文章の変更", None, bool(self.v["texts"]))]
        # the texts follow the last table on its page (a long table chapter would leave its last page short)
        return [Section(i, t, None, None, label, f"diff/{i}.html.j2", same_page=i == "texts")
                for i, t, label, shown in chapters if shown]
