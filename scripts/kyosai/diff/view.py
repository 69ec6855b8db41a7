"""The reviewer's change report (reports/<FY>/<slug>-diff.pdf, templates/diff.html.j2 and templates/diff/): the
ReportDiff of kyosai.diff.compare turned into text for the templates, with every figure formatted here as the
reports print them (▲ for negatives, thousands separators, pt, 和暦) and every code in Japanese (the tables'
declarations: labels and code maps). The templates only lay it out.

``changes`` is what the one-page summary shows, as plain JSON (strings formatted for print, counts as numbers):
the compare job writes it as build/<FY>/<slug>-diff/changes.json, and templates/diff/summary.html.j2 prints it
from that dict alone (``v``).
"""
from __future__ import annotations

import re

from .. import era
from ..document import SLUGS, Document, Section
from ..numbers import fmt_number
from ..tablespec import TableSpec
from .compare import (MEASURES, SAME, THRESHOLD_JA, CellDiff, ReportDiff, RowDiff, TableDiff, decimal_or_none,
                      places_of, text_groups_of, value_name, year_runs)
from .summary import (added_removed, breach_changes, breakdown_rows, class_presence, classes_named, flagged_moves,
                      headline_rows, policy_changes, sign_flips)

# The documents a comparison is made for: their name in sentences.
NAMES = {"unyo": "運用状況の報告", "shikyuritsu": "支給率の資料", "bunseki": "運用環境と財政の分析"}
SUMMARY_MOVES = 5    # moves past a threshold listed on the summary page (all are listed under 表ごとの比較)
SUMMARY_FLIPS = 4    # sign flips listed on the summary page (all are marked under 表ごとの比較)
SUMMARY_RESTATED = 5  # restated figures listed on the summary page (all are listed under 表ごとの比較)
STATUS_JA = {"unchanged": "", "changed": "変更", "added": "追加", "removed": "削除", "outcome": "見込→実績",
             "outside_old": "", "outside_new": "", "data_gap": "データ未収録"}
TEXT_STATUS_JA = {"reworded": "改訂", "added": "追加", "removed": "削除"}
NO_FIGURE = "－"


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


def fmt_delta(cell: CellDiff, unit: str = "") -> str:
    """The change alone: +6,233 / +6,233億円 / ▲1.1pt."""
    if cell.change is None:
        return ""
    places = places_of(cell.old, cell.new)
    if cell.measure == "pt":
        return fmt_number(cell.change, places, plus=True, suffix="pt")
    return fmt_number(cell.change, places, plus=True) + (unit if unit in ("億円", "百万円") else "")


def fmt_rel(cell: CellDiff) -> str:
    """The relative change alone: +7.9% ('' for pt measures and from zero)."""
    return "" if cell.relative is None else fmt_number(cell.relative, 1, plus=True, suffix="%")


def display_unit(cell: CellDiff) -> str:
    """The unit printed after a figure in running text (億円, %, 百万円 …; none for counts and ratios)."""
    return cell.unit if cell.unit in ("億円", "百万円", "%", "pt") else ""


def threshold_name(cell: CellDiff) -> str:
    """金額±20%超 (the legend of the summary says which figures each threshold judges)."""
    if not cell.threshold:
        return ""
    what, unit = THRESHOLD_JA[cell.threshold]
    return f"{what}±{cell.limit:f}{unit}超"


def policy_label(policy_id: str) -> str:
    """2022-05 → 2022-05（令和4年5月改定）."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", policy_id)
    return f"{policy_id}（{era.month_long(int(m[1]), int(m[2]))}改定）" if m else policy_id


def unique(items: list) -> list:
    """The items in order, each once."""
    return list(dict.fromkeys(items))


# ---------------------------------------------------------------- years and names

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


def row_name(spec: TableSpec, row: RowDiff, with_year: bool = False) -> str:
    """A row for people, codes in Japanese: 運用資産全体 運用利回り (its figures carry their unit); with its fiscal
    year for rows compared year by year: R03年度末 国内株式."""
    year = year_text(spec, row.year, row.year_mode) if with_year and row.year is not None else ""
    return " ".join(p for p in (year, row.label) if p)


def column_label(spec: TableSpec, col: str) -> str:
    """A compared column's Japanese name (none for a column whose meaning the row gives: 値)."""
    if col not in spec.header:
        return col
    c = spec.column(col)
    return "" if c.per_row else c.label


def cell_text(spec: TableSpec, cell: CellDiff, side: str, classes: dict[str, str]) -> str:
    """One side of a figure as printed, with its unit; a code in Japanese."""
    text = cell.old if side == "old" else cell.new
    if text is not None and MEASURES[cell.kind][0] == "text":
        return value_name(spec, cell.column, text, classes) if text else NO_FIGURE
    return fmt_value(text, cell.kind, display_unit(cell))


def cell_view(spec: TableSpec, cell: CellDiff, classes: dict[str, str]) -> dict:
    """A figure of a comparison: old, new, change (and relative change), the threshold it passed, a sign flip."""
    unit = display_unit(cell)
    return {"item": column_label(spec, cell.column), "old": cell_text(spec, cell, "old", classes) or NO_FIGURE,
            "new": cell_text(spec, cell, "new", classes) or NO_FIGURE, "delta": fmt_delta(cell, unit),
            "rel": fmt_rel(cell), "change": fmt_change(cell, unit), "threshold": threshold_name(cell),
            "cls": "flag" if cell.threshold else "", "flip": "符号反転" if cell.sign_flip else ""}


# ---------------------------------------------------------------- the tables chapter

def line_rows(t: TableDiff, rows: list[RowDiff], classes: dict[str, str], with_year: bool) -> list[dict]:
    """Rows as the tables chapter lists them: each changed figure once (old, new, change); a row added or
    removed with its figures."""
    out = []
    for r in rows:
        if r.status not in ("changed", "added", "removed"):
            continue
        cells = [c for c in r.cells if c.status == "changed" or (c.status != "unchanged" and (c.old or c.new))]
        views = [cell_view(t.spec, c, classes) for c in cells] or [
            {"item": "", "old": NO_FIGURE, "new": NO_FIGURE, "delta": "", "rel": "", "change": "", "threshold": "",
             "cls": "", "flip": ""}]
        name = row_name(t.spec, r, with_year) or " → ".join(
            year_text(t.spec, y, r.year_mode) for y in (r.year_old, r.year_new) if y is not None)
        out.append({"name": name, "status_ja": STATUS_JA[r.status],
                    "cls": r.status, "span": len(views), "cells": views})
    return out


def count_text(counts: list[tuple[str, int]]) -> str:
    """[("変更", 9), ("追加", 0)] → 変更 9行 (only those that occur)."""
    return "、".join(f"{ja} {n}行" for ja, n in counts if n)


def gap_reason(gap: dict) -> str:
    """データ未収録（令和5年度–令和6年度、gaps.csv の理由：<reason>）: a declared gap of our data, not of the
    publication."""
    years = era.fy_long(gap["first_year"]) if gap["first_year"] == gap["last_year"] else \
        f"{era.fy_long(gap['first_year'])}–{era.fy_long(gap['last_year'])}"
    return f"データ未収録（{years}、gaps.csv の理由：{gap['reason']}）"


def projected(t: TableDiff, r: RowDiff) -> bool:
    """A row of projections (見込), whose differences are revised projections, not restatements."""
    return bool(t.spec.outcome) and (r.new or r.old or {}).get(t.spec.outcome[0]) == t.spec.outcome[1]


def same_year_text(t: TableDiff) -> str:
    """What the rows of the fiscal years both reports print say: all equal, or how many differ (actuals apart
    from projections)."""
    out = []
    for kind, what in ((False, "数値"), (True, "見込")):
        matched = [r for r in t.same if r.status in ("unchanged", "changed") and projected(t, r) == kind]
        if not matched:
            continue
        figures = sum(len(r.cells) for r in matched)
        differ = sum(1 for r in matched for c in r.cells if c.status == "changed")
        where = f"両方の報告に載る年度（{years_text(t.spec, unique([r.year for r in matched]))}）の{what} {figures}件"
        fix = "過年度の数値の修正" if not kind else "見込の変更"
        out.append(f"{where}はすべて一致。" if not differ else f"{where}のうち {differ}件が異なります（{fix}）。")
    return "".join(out)


def coverage_text(t: TableDiff) -> str:
    """前回の報告 R03–R04年度末（17行）、今回の報告 R06年度末（9行）."""
    if year_mode_of(t.spec) is None:
        return ""
    parts = [f"{who}の報告 {years_text(t.spec, years)}（{size}行）" for who, years, size in
             (("前回", t.years_old, t.size_old), ("今回", t.years_new, t.size_new)) if years]
    return "、".join(parts) + "。"


def names_list(t: TableDiff, rows: list[RowDiff]) -> str:
    """Row names, compactly: grouped by year (R03年度末: 国内債券(簿価)、短期資産 …) and, where a name has
    several parts, by its first (国内株式（野村アセットマネジメント アクティブ、…））."""
    by_year: dict[str, dict[str, list[str]]] = {}
    for r in rows:
        per = year_text(t.spec, r.year, r.year_mode) if r.year_mode else ""
        group = by_year.setdefault(per, {})
        parts = r.label_parts
        if len(parts) > 1:
            group.setdefault(parts[0], []).append(" ".join(parts[1:]))
        elif parts:
            group.setdefault(parts[0], [])
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
    listed = f"：{names_list(t, rows)}" if t.spec.list_rows and rows else ""
    if t.gap:
        other = "今回" if t.status == "only_old" else "前回"
        return f"{other}の報告の表は{gap_reason(t.gap)}。{mine}の報告は {size}行{listed}。"
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
        "gap": f"{year_text(t.spec, result.fy)}の行は{gap_reason(t.gap)}。" if t.gap else "",
    }


def unchanged_text(result: ReportDiff, t: TableDiff, with_gap: bool = True) -> str:
    """キャッシュ・フロー（両方の報告に載る年度（H25–R04年度）の数値 60件はすべて一致。R06年度の行は…）."""
    gap = f"{year_text(t.spec, result.fy)}の行は{gap_reason(t.gap)}" if t.gap and with_gap else ""
    notes = "".join(x for x in (same_year_text(t), gap) if x).removesuffix("。")
    return f"{t.spec.title}（{notes}）" if notes else t.spec.title


# ---------------------------------------------------------------- the summary

def move_view(result: ReportDiff, table: TableDiff, row: RowDiff, cell: CellDiff) -> dict:
    """One figure in running text, with units: 87億円 → 479億円, +392億円（+450.6%）."""
    return {"table": table.spec.title, "row": row_name(table.spec, row),
            **cell_view(table.spec, cell, result.classes)}


def merged_moves(views: list[dict]) -> list[dict]:
    """One entry for a figure that several tables print (融資経理貸付金 87億円 → 479億円 in 資産構成 and in
    自家運用資産): the tables and items named together."""
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
    return {
        "changed": unique([t.spec.title for t in changed]),
        "unchanged": unique([unchanged_text(result, t, with_gap=False) for t in unchanged]),
        "added": unique([f"{t.spec.title}（{t.size_new}行）" for t in only["only_new"]]),
        "removed": unique([f"{t.spec.title}（{t.size_old}行）" for t in only["only_old"]]),
        "gaps": unique([f"{t.spec.title}：{'今回' if t.status != 'only_new' else '前回'}の報告の"
                        f"{'表' if t.status != 'both' else year_text(t.spec, result.fy) + 'の行'}は{gap_reason(t.gap)}"
                        for t in result.tables if t.gap]),
    }


def rows_added_removed(result: ReportDiff) -> list[str]:
    """Rows added or removed in tables both reports have, by table: 生命保険資産の利回り: 追加 配当に係る部分."""
    grouped: dict[tuple[str, str], tuple[TableDiff, list[RowDiff]]] = {}
    for t, r in added_removed(result):
        grouped.setdefault((t.name, r.status), (t, []))[1].append(r)
    return unique([f"{t.spec.title}：{STATUS_JA[status]} {len(rows)}行（{names_list(t, rows)}）"
                   for (_, status), (t, rows) in grouped.items()])


def policy_view(result: ReportDiff) -> list[str]:
    out = []
    for p in policy_changes(result):
        ids_old = "、".join(policy_label(i) for i in p["old"])
        ids_new = "、".join(policy_label(i) for i in p["new"])
        y_old = era.fy_end_short(p["year_old"]) if p["year_old"] else ""
        y_new = era.fy_end_short(p["year_new"]) if p["year_new"] else ""
        if p["status"] == "unchanged":
            out.append(f"{y_new}の基本ポートフォリオは{ids_new}：前回の報告（{y_old}）と同じ。")
        elif p["status"] == "revised" and p["comparison"] == SAME:
            out.append(f"{y_new}の基本ポートフォリオ：前回の報告は{ids_old}、今回の報告は{ids_new}。")
        elif p["status"] == "revised":
            out.append(f"基本ポートフォリオの改定：{ids_old}（{y_old}）→ {ids_new}（{y_new}）。")
        elif p["status"] == "only_old":
            out.append(f"前回の報告は{y_old}の資産構成も掲載（基本ポートフォリオ {ids_old}）。")
        else:
            out.append(f"今回の報告は{y_new}の資産構成も掲載（基本ポートフォリオ {ids_new}）。")
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
        out.append(f"{row_name(t.spec, r)}：{word}（{detail}）。")
    return unique(out)


def flips_view(result: ReportDiff) -> list[str]:
    """Figures whose sign flipped, each once: 表 行 項目 前回→今回."""
    return unique([f"{t.spec.title} {' '.join(x for x in (row_name(t.spec, r), column_label(t.spec, c.column)) if x)} "
                   f"{cell_text(t.spec, c, 'old', result.classes)}→{cell_text(t.spec, c, 'new', result.classes)}"
                   for t, r, c in sign_flips(result)])


def restated_lines(result: ReportDiff) -> list[str]:
    """Figures of one fiscal year that the two reports print differently: 表 年度 行 項目：前回 → 今回."""
    out = []
    for x in result.restated:
        t = result.table(x["table"])
        what = " ".join(p for p in (year_text(t.spec, x["year"], x["year_mode"]), x["label"],
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
        out.append(f"{t.spec.title} {year_text(t.spec, year)}の見込：{total}件のうち {n}件が変更（「表ごとの比較」に記載）")
    return out


PLACES_SHOWN = 4   # places of changed texts the summary names for each kind of change


def prose_view(result: ReportDiff, document: str) -> tuple[dict, list[dict]]:
    """The texts added, removed or reworded: for the summary, by status with the places they are printed in;
    for the chapter, each with both wordings. Texts whose only difference is their own year are counted."""
    groups = text_groups_of(document)

    def where(key: str) -> str:
        return groups.get(key.split(".", 1)[0], "その他の文章")

    def places(found: list[dict]) -> str:
        """The places, the first PLACES_SHOWN of them named (the summary is one page; the chapter names them all)."""
        names = unique(where(x["key"]) for x in found)
        more = len(names) - PLACES_SHOWN
        return "、".join(names[:PLACES_SHOWN]) + (f" ほか{more}か所" if more > 0 else "")

    changed = [x for x in result.texts if x["status"] in TEXT_STATUS_JA]
    lines = []
    for status, ja in TEXT_STATUS_JA.items():
        found = [x for x in changed if x["status"] == status]
        if found:
            lines.append(f"{ja} {len(found)}件：{places(found)}")
    years_only = [x for x in result.texts if x["status"] == "years_only"]
    if years_only:
        lines.append(f"年度の表記だけが異なる同じ文面 {len(years_only)}件：{places(years_only)}")
    items = [{"where": where(x["key"]), "status_ja": TEXT_STATUS_JA[x["status"]], "old": x["old"] or NO_FIGURE,
              "new": x["new"] or NO_FIGURE, "cls": x["status"]} for x in changed]
    return {"total": len(changed), "lines": lines}, items


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


def changes(result: ReportDiff, *, document: str, document_title: str, restated_published: list[str] = ()) -> dict:
    """What the one-page summary shows, as JSON (build/<FY>/<slug>-diff/changes.json)."""
    fy, prev = result.fy, result.prev
    report_name = NAMES[document]
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
    fired = [f"{h['name']}（{h['threshold']}）" for h in headlines if h["threshold"]]
    if breakdown is not None:
        fired += [f"{r['name']}（{c['threshold']}）" for r in breakdown["rows"] for c in r["cells"] if c["threshold"]]
    moves = merged_moves([move_view(result, t, r, c) for t, r, c in flagged_moves(result)])
    flips = flips_view(result)
    prose, _ = prose_view(result, document)
    restated = restated_lines(result)
    return {
        "title": diff_title(document_title, fy, prev), "kind": kind, "part_label": f"【{kind}・レビュー用】",
        "heading": f"{era.fy_long(fy)}と{era.fy_long(prev)}の比較（要約）",
        "fy": fy, "prev": prev, "fy_ja": era.fy_long(fy), "prev_ja": era.fy_long(prev), "compared": compared,
        "thresholds": [f"{THRESHOLD_JA[k][0]}±{v:f}{THRESHOLD_JA[k][1]}"
                       for k, v in result.thresholds.items() if v is not None],
        "thresholds_off": [THRESHOLD_JA[k][0] for k, v in result.thresholds.items() if v is None],
        "headlines": headlines, "breakdown": breakdown, "fired_above": unique(fired),
        "moves": moves[:SUMMARY_MOVES], "moves_total": len(moves), "moves_more": max(0, len(moves) - SUMMARY_MOVES),
        "tables": tables_summary(result), "rows_added_removed": rows_added_removed(result),
        "restated": {"checked": result.restated_checked, "count": len(restated), "items": restated[:SUMMARY_RESTATED],
                     "more": max(0, len(restated) - SUMMARY_RESTATED)},
        "revised": revised_lines(result),
        "prose": prose,
        "classes": unique([f"{p['name_ja']}：{'今回' if p['only'] == 'new' else '前回'}の報告のみ"
                           f"（{'、'.join(result.table(n).spec.title for n in p['tables'])}）" for p in class_presence(result)]),
        "has_classes": bool(classes_named(result)), "has_bands": any(t.spec.breach for t in result.tables),
        "policies": policy_view(result), "breaches": breach_view(result),
        "flips": flips[:SUMMARY_FLIPS], "flips_total": len(flips), "flips_more": max(0, len(flips) - SUMMARY_FLIPS),
        "outcomes_total": len(result.outcomes),
        "restated_published": list(restated_published),
    }


def build(result: ReportDiff, summary: dict, *, document: str, years_with_reports: list[int]) -> dict:
    """Everything the templates of the comparison print: the summary (``summary``, made by ``changes``) and the
    chapters."""
    slug = SLUGS[document]
    _, texts = prose_view(result, document)
    changed = [t for t in result.tables if t.status == "both" and t.changed]
    return {
        **summary,
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
        return [Section(i, t, None, None, label, f"diff/{i}.html.j2") for i, t, label, shown in chapters if shown]
