"""The reviewer's change report (reports/<FY>/<slug>-diff.pdf, templates/diff.html.j2 and templates/diff/):
the ReportDiff of kyosai.diff.compare turned into text for the templates, with every figure formatted here as
the reports print them (▲ for negatives, thousands separators, pt, 和暦). The templates only lay it out.
"""
from __future__ import annotations

import re

from .. import era
from ..document import SLUGS, Document, Section
from ..numbers import fmt_number
from ..tablespec import TableSpec
from .compare import MEASURES, THRESHOLD_JA, CellDiff, ReportDiff, RowDiff, TableDiff, decimal_or_none, places_of, threshold_text
from .summary import (added_removed, breach_changes, breakdown_rows, class_presence, classes_named, flagged_moves,
                      headline_rows, policy_changes, sign_flips)

# The documents a comparison is made for: their name in sentences.
NAMES = {"unyo": "運用状況の報告", "shikyuritsu": "支給率の資料", "bunseki": "運用環境と財政の分析"}
SUMMARY_MOVES = 5    # moves past a threshold listed on the summary page (all are marked in the tables)
SUMMARY_FLIPS = 4    # sign flips listed on the summary page (all are marked in the tables)
PAIRS_MAX = 4        # up to this many compared columns: 前回 | 今回 side by side per column; wider: row pairs
STATUS_JA = {"unchanged": "", "changed": "変更", "added": "追加", "removed": "削除"}
TABLE_STATUS_JA = {"both": "", "only_new": "今回の報告のみ", "only_old": "前回の報告のみ"}


# ---------------------------------------------------------------- figures

def fmt_value(text: str | None, kind: str, unit: str = "") -> str:
    """A cell as printed: '-1347' → ▲1,347; '' → －; text as is; with ``unit`` appended to figures."""
    if text is None:
        return ""
    if text.strip() == "":
        return "－"
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


def short_threshold(cell: CellDiff) -> str:
    """±20%超 (in a table cell)."""
    return f"±{cell.limit:f}{'pt' if cell.measure == 'pt' else '%'}超" if cell.threshold else ""


def threshold_name(cell: CellDiff) -> str:
    """金額±20% (in the summary; the legend names the config keys)."""
    if not cell.threshold:
        return ""
    what, unit = THRESHOLD_JA[cell.threshold]
    return f"{what}±{cell.limit:f}{unit}"


def policy_label(policy_id: str) -> str:
    """2022-05 → 2022-05（令和4年5月改定）."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", policy_id)
    return f"{policy_id}（{era.month_long(int(m[1]), int(m[2]))}改定）" if m else policy_id


# ---------------------------------------------------------------- rows

def _year(y: int, end: bool) -> str:
    return era.fy_end_short(y) if end else era.fy_short(y)


def period(spec: TableSpec, row: RowDiff) -> str:
    """The years of a row, old → new: R04→R06年度末; one year for a row only one report has."""
    parts = []
    for col, mode in spec.years.items():
        if mode == "doc":
            continue
        end = spec.year_end or mode == "fy_end"
        o, n = row.years_old.get(col), row.years_new.get(col)
        if o is not None and n is not None:
            parts.append(f"{era.fy_short(o).removesuffix('年度')}→{_year(n, end)}" if o != n else _year(n, end))
        elif o is not None or n is not None:
            parts.append(_year(n if n is not None else o, end))
    return " ".join(parts)


def row_name(spec: TableSpec, row: RowDiff) -> str:
    """Period, name and (for tables with a unit column) the row's unit: R04→R06年度 運用資産全体 運用利回り（%）."""
    unit = ""
    if spec.unit_column:
        ref = row.new or row.old or {}
        unit = f"（{ref.get(spec.unit_column, '')}）" if ref.get(spec.unit_column) else ""
    return " ".join(p for p in (period(spec, row), row.label + unit) if p) or row.key_text


def cell_view(cell: CellDiff) -> dict:
    cls = "flag" if cell.threshold else ("changed" if cell.status == "changed" else "")
    return {"old": fmt_value(cell.old, cell.kind), "new": fmt_value(cell.new, cell.kind), "change": fmt_change(cell),
            "delta": fmt_delta(cell), "rel": fmt_rel(cell), "threshold": threshold_name(cell),
            "text": MEASURES[cell.kind][0] == "text",
            "cls": cls, "flag": short_threshold(cell), "title": threshold_text(cell.threshold, cell.limit) if cell.threshold else "",
            "flip": cell.sign_flip}


def column_label(spec: TableSpec, col: str) -> str:
    return spec.column(col).label if col in spec.header else col


def column_head(table: TableDiff, col: str) -> str:
    """The heading of a compared column with its unit: 金額（億円） (a per-row unit is named in the row)."""
    spec = table.spec
    if col not in spec.header:
        return col
    c = spec.column(col)
    return c.label + (f"（{c.unit}）" if c.unit and not c.per_row and c.unit != "ratio" else "")


def table_view(table: TableDiff) -> dict:
    counts = []
    for status, ja in (("changed", "変更"), ("added", "追加"), ("removed", "削除"), ("unchanged", "変更なし")):
        n = table.count(status)
        if n:
            counts.append(f"{ja} {n}行")
    note = ""
    if not table.registered:
        note = "この表は表の宣言（scripts/kyosai/<文書>/tables.py）にないため、行を位置で対応付けています。"
    return {
        "id": f"t-{table.name}", "name": table.name, "title": table.spec.title,
        "status": TABLE_STATUS_JA[table.status], "counts": "、".join(counts), "note": note,
        "flagged": len(table.flagged), "cells_changed": table.cells_changed,
        "layout": "pairs" if len(table.columns) <= PAIRS_MAX else "stacked",
        "columns": [column_head(table, c) for c in table.columns],
        "rows": [{"name": row_name(table.spec, r), "status": r.status, "status_ja": STATUS_JA[r.status],
                  "history": not r.current, "cells": [cell_view(c) for c in r.cells]} for r in table.rows],
    }


# ---------------------------------------------------------------- the summary

def move_view(table: TableDiff, row: RowDiff, cell: CellDiff) -> dict:
    """One figure in running text, with units: 87億円 → 479億円, +392億円（+450.6%）."""
    unit = display_unit(cell)
    return {"table": table.spec.title, "row": row_name(table.spec, row), "column": column_label(table.spec, cell.column),
            "old": fmt_value(cell.old, cell.kind, unit), "new": fmt_value(cell.new, cell.kind, unit),
            "change": fmt_change(cell, unit), "delta": fmt_delta(cell, unit), "rel": fmt_rel(cell),
            "threshold": threshold_name(cell), "cls": "flag" if cell.threshold else ""}


def names_list(table: TableDiff, rows: list[RowDiff]) -> str:
    """Row names, compactly: grouped by period (R03年度末: 国内債券(簿価)、短期資産 …) and, where a name has
    several parts, by its first (国内株式（野村アセットマネジメント アクティブ、…））."""
    by_period: dict[str, dict[str, list[str]]] = {}
    for r in rows:
        per = period(table.spec, r)
        parts = r.label_parts or ([] if per else [r.key_text])
        group = by_period.setdefault(per, {})
        if not parts:
            continue
        if len(parts) > 1:
            group.setdefault(parts[0], []).append(" ".join(parts[1:]))
        else:
            group.setdefault(parts[0], [])
    out = []
    for per, groups in by_period.items():
        names = "、".join(f"{k}（{'、'.join(dict.fromkeys(v))}）" if v else k for k, v in groups.items())
        out.append(f"{per}: {names}" if per and names else (per or names))
    return "；".join(out)


def added_removed_view(result: ReportDiff) -> list[dict]:
    """Tables only one report has, then rows added or removed in tables both have, grouped by table."""
    out = []
    for status, side in (("only_new", "added"), ("only_old", "removed")):
        other = era.fy_long(result.prev if status == "only_new" else result.fy)
        where = f"{'今回' if status == 'only_new' else '前回'}の報告のみ（{other}の報告に表なし）"
        listed = [t for t in result.tables if t.status == status and t.spec.list_rows]
        counted = [t for t in result.tables if t.status == status and not t.spec.list_rows]
        for t in listed:
            out.append({"title": t.spec.title, "status": side, "status_ja": f"表の{STATUS_JA[side]}",
                        "text": f"{where}、{len(t.rows)}行。{names_list(t, t.rows)}"})
        if counted:
            out.append({"title": "、".join(t.spec.title for t in counted), "status": side,
                        "status_ja": f"表の{STATUS_JA[side]}",
                        "text": f"{where}。" + "、".join(f"{t.spec.title} {len(t.rows)}行" for t in counted)})
    grouped: dict[tuple[str, str], tuple[TableDiff, list[RowDiff]]] = {}
    for t, r in added_removed(result):
        if t.status == "both":
            grouped.setdefault((t.name, r.status), (t, []))[1].append(r)
    for (name, status), (t, rows) in grouped.items():
        out.append({"title": t.spec.title, "status": status, "status_ja": f"行の{STATUS_JA[status]}",
                    "text": f"{len(rows)}行。" + names_list(t, rows)})
    return out


def policy_view(result: ReportDiff) -> list[str]:
    out = []
    for p in policy_changes(result):
        ids_old = "、".join(policy_label(i) for i in p["old"])
        ids_new = "、".join(policy_label(i) for i in p["new"])
        if p["status"] == "unchanged":
            out.append(f"{era.fy_end_short(p['year_new'])}の基本ポートフォリオは{ids_new}: "
                       f"前回の報告（{era.fy_end_short(p['year_old'])}）と同じ。")
        elif p["status"] == "revised":
            out.append(f"基本ポートフォリオの改定: {ids_old}（{era.fy_end_short(p['year_old'])}）→ "
                       f"{ids_new}（{era.fy_end_short(p['year_new'])}）。")
        elif p["status"] == "only_old":
            out.append(f"前回の報告のみ: {era.fy_end_short(p['year_old'])}の資産構成を{ids_old}で掲載"
                       f"（前回の年度中に改定があったため、改定前の基本ポートフォリオによる表）。")
        else:
            out.append(f"今回の報告のみ: {era.fy_end_short(p['year_new'])}の資産構成を{ids_new}で掲載"
                       f"（今年度中に改定があったため、改定前の基本ポートフォリオによる表）。")
    return out


def breach_view(result: ReportDiff) -> list[str]:
    out = []
    for b in breach_changes(result):
        r: RowDiff = b["row"]
        t = result.table(b["table"])
        row = r.new or {}
        detail = "、".join(f"{column_label(t.spec, c)} {fmt_value(row.get(c), 'share')}pt"
                          for c in ("deviation_pt", "band_pt") if c in row)
        word = "新たに許容乖離幅を超過" if b["status"] == "new" else "許容乖離幅の超過が解消"
        out.append(f"{row_name(t.spec, r)}: {word}（{detail}）。")
    return out


def flips_view(result: ReportDiff, limit: int | None = None) -> list[str]:
    """Figures whose sign flipped, by table: 表: 行 項目 前回→今回、… (the first ``limit`` of them)."""
    by_table: dict[str, list[str]] = {}
    for t, r, c in sign_flips(result)[:limit]:
        unit = display_unit(c)
        by_table.setdefault(t.spec.title, []).append(
            f"{row_name(t.spec, r)} {column_label(t.spec, c.column)} {fmt_value(c.old, c.kind, unit)}→{fmt_value(c.new, c.kind, unit)}")
    return [f"{title}: {'、'.join(items)}" for title, items in by_table.items()]


def restated_view(result: ReportDiff) -> dict:
    items = []
    for x in result.restated:
        t = result.table(x["table"])
        end = t.spec.year_end or x["year_mode"] == "fy_end"
        items.append(f"{t.spec.title} {_year(x['year'], end)} {x['label']} {column_label(t.spec, x['column'])}: "
                     f"前回 {fmt_value(x['old'], x['kind'])} → 今回 {fmt_value(x['new'], x['kind'])}")
    return {"checked": result.restated_checked, "items": items}


def outcome_view(result: ReportDiff) -> list[dict]:
    out = []
    for o in result.outcomes:
        c: CellDiff = o["cell"]
        unit = display_unit(c)
        out.append({"projected_in": era.fy_long(o["projected_in"]), "year": era.fy_long(o["fiscal_year"]),
                    "label": o["label"], "projected": fmt_value(c.old, c.kind, unit), "actual": fmt_value(c.new, c.kind, unit),
                    "change": fmt_change(c, unit),
                    "threshold": threshold_text(c.threshold, c.limit) if c.threshold else "",
                    "cls": "flag" if c.threshold else ""})
    return out


def diff_title(document_title: str, prev: int) -> str:
    """小規模企業共済資産 令和6年度の運用状況 前年度比較（令和4年度との比較）."""
    return f"{document_title} 前年度比較（{era.fy_long(prev)}との比較）"


def build(result: ReportDiff, *, document: str, document_title: str, years_with_reports: list[int]) -> dict:
    """Everything the templates of the comparison print."""
    fy, prev = result.fy, result.prev
    title, report_name = diff_title(document_title, prev), NAMES[document]
    slug = SLUGS[document]
    skipped = [y for y in range(prev + 1, fy)]
    compared = f"{era.fy_long(fy)}（{fy}年度）の{report_name}を、{era.fy_long(prev)}（{prev}年度）の{report_name}と比較"
    if skipped:
        compared += (f"（{'、'.join(era.fy_long(y) for y in skipped)}の{report_name}はデータがないため、"
                     f"それより前で最新の年度と比較）")
    compared += "。"
    headlines = []
    for h in headline_rows(result):
        c: CellDiff = h["cell"]
        unit = display_unit(c)
        headlines.append({**cell_view(c), "label": h["label"] + (f"（{unit}）" if unit else ""), "name": h["label"],
                          "status": STATUS_JA[c.status] if c.status in ("added", "removed") else ""})
    bt, brows, bcols = breakdown_rows(result)
    breakdown = None
    if bt is not None:
        breakdown = {"title": bt.spec.title, "columns": [column_head(bt, c) for c in bcols],
                     "rows": [{"name": r.label or r.key_text,
                               "status_ja": STATUS_JA[r.status] if r.status in ("added", "removed") else "",
                               "cells": [cell_view(c) for c in r.cells if c.column in bcols]} for r in brows]}
    fired = [f"{h['name']}（{h['threshold']}）" for h in headlines if h["threshold"]]
    if breakdown is not None:
        fired += [f"{r['name']}（{c['threshold']}）" for r in breakdown["rows"] for c in r["cells"] if c["threshold"]]
    moves = flagged_moves(result)
    thresholds = [threshold_text(k, v) for k, v in result.thresholds.items() if v is not None]
    thresholds_short = [f"{THRESHOLD_JA[k][0]}±{v:f}{THRESHOLD_JA[k][1]}"
                        for k, v in result.thresholds.items() if v is not None]
    off = [k for k, v in result.thresholds.items() if v is None]
    return {
        "title": title, "paths": {"csv": f"{slug}/diff/", "text_diff": f"{slug}/diff/{slug}.txt.diff"}, "fy": fy, "prev": prev, "fy_ja": era.fy_long(fy), "prev_ja": era.fy_long(prev),
        "compared": compared, "thresholds": thresholds, "thresholds_short": thresholds_short, "thresholds_off": off,
        "years_with_reports": "、".join(era.fy_long(y) for y in years_with_reports),
        "headlines": headlines, "breakdown": breakdown, "fired_above": fired,
        "moves": [move_view(t, r, c) for t, r, c in moves[:SUMMARY_MOVES]], "moves_total": len(moves),
        "moves_more": max(0, len(moves) - SUMMARY_MOVES),
        "added_removed": added_removed_view(result),
        "classes": [f"{p['name_ja']}（{p['asset_class']}）: {'今回' if p['only'] == 'new' else '前回'}の報告のみ"
                    f"（{'、'.join(result.table(n).spec.title for n in p['tables'])}）" for p in class_presence(result)],
        "has_classes": bool(classes_named(result)), "has_bands": any(t.spec.breach for t in result.tables),
        "policies": policy_view(result), "breaches": breach_view(result),
        "flips": flips_view(result, SUMMARY_FLIPS), "flips_total": len(sign_flips(result)),
        "flips_more": max(0, len(sign_flips(result)) - SUMMARY_FLIPS),
        "restated": restated_view(result),
        "outcomes": outcome_view(result),
        "tables": [table_view(t) for t in result.tables],
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
        chapters = [("summary", f"{self.v['fy_ja']}と{self.v['prev_ja']}の比較（要約）", "【前年度比較・レビュー用】"),
                    ("outcomes", "予測と実績", None), ("tables", "表ごとの比較", None)]
        return [Section(i, t, None, None, label, f"diff/{i}.html.j2") for i, t, label in chapters
                if i != "outcomes" or self.v["outcomes"]]
