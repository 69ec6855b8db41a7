"""The comparison, machine-readable: reports/<FY>/<slug>/diff/{tables,rows,cells,summary}.csv (every row names
both reports' fiscal years, and each compared row the fiscal year it stands for in each report),
projection_vs_outcome.csv for the 支給率, and the unified diff of the two plain-text renderings."""
from __future__ import annotations

import difflib

from ..numbers import plain
from .compare import SAME, YOY, CellDiff, ReportDiff, RowDiff, places_of, threshold_text, year_runs
from .summary import (breach_changes, breakdown_rows, class_presence, data_gaps, flagged_moves,
                      headline_rows, policy_changes, sign_flips, year_rows)

TABLE_COUNTS = [(YOY, "unchanged"), (YOY, "changed"), (YOY, "added"), (YOY, "removed"), (SAME, "unchanged"),
                (SAME, "changed"), (SAME, "added"), (SAME, "removed"), (SAME, "outside_old"), (SAME, "outside_new"),
                (SAME, "outcome")]


def cell_fields(cell: CellDiff) -> list[str]:
    """change, change_unit, relative_pct, threshold as written in the CSVs."""
    places = places_of(cell.old, cell.new)
    return [plain(cell.change, places), cell.measure if cell.change is not None else "", plain(cell.relative, 1),
            threshold_text(cell.threshold, cell.limit) if cell.threshold else ""]


def years_text(years: list[int]) -> str:
    """[2013, …, 2022] → 2013-2022; runs joined by ';' (2021-2022;2024)."""
    return ";".join(str(a) if a == b else f"{a}-{b}" for a, b in year_runs(years))


def gap_text(gap: dict) -> str:
    """cash_flows 2023-2024: <reason> (data/unyo/gaps.csv)."""
    years = years_text(list(range(gap["first_year"], gap["last_year"] + 1)))
    return f"{gap['resource']}{' ' + gap['key'] if gap.get('key') else ''} {years}: {gap['reason']} (gaps.csv)"


def row_years(r: RowDiff) -> list:
    return ["" if r.year_old is None else r.year_old, "" if r.year_new is None else r.year_new]


def csv_tables(result: ReportDiff, restated_published: list[str] = ()) -> dict[str, tuple[list[str], list[list]]]:
    """name → (header, rows) of reports/<FY>/diff/*.csv. Every row names both fiscal years."""
    years = [result.fy, result.prev]
    cells, rows, tables = [], [], []
    for t in result.tables:
        tables.append(years + [t.name, t.spec.title, t.status, years_text(t.years_old), years_text(t.years_new)]
                      + [t.count(s, c) for c, s in TABLE_COUNTS]
                      + [t.count("data_gap"), t.cells_changed, len(t.flagged), gap_text(t.gap) if t.gap else ""])
        for r in t.rows:
            where = [t.name, r.comparison, r.key_text] + row_years(r) + [r.label]
            rows.append(years + where + [r.status, sum(1 for c in r.cells if c.status == "changed"), len(r.flagged),
                                         gap_text(r.gap) if r.gap else ""])
            for c in r.cells:
                cells.append(years + where + [c.column, c.kind, c.status, c.old or "", c.new or ""] + cell_fields(c)
                             + ["true" if c.sign_flip else ""])
    where = ["table", "comparison", "key", "fiscal_year_old", "fiscal_year_new", "row_label"]
    return {
        "tables": (["report_fiscal_year", "compared_fiscal_year", "table", "title_ja", "status", "fiscal_years_old",
                    "fiscal_years_new"] + [f"{c}_{s}" for c, s in TABLE_COUNTS]
                   + ["data_gap_rows", "cells_changed", "flagged", "data_gap"], tables),
        "rows": (["report_fiscal_year", "compared_fiscal_year"] + where + ["status", "cells_changed", "flagged",
                                                                          "detail"], rows),
        "cells": (["report_fiscal_year", "compared_fiscal_year"] + where + ["column", "kind", "status", "old", "new",
                                                                           "change", "change_unit", "relative_pct",
                                                                           "threshold", "sign_flip"], cells),
        "summary": (["report_fiscal_year", "compared_fiscal_year", "category", "table", "key", "fiscal_year_old",
                     "fiscal_year_new", "row_label", "column", "old", "new", "change", "change_unit", "relative_pct",
                     "threshold", "detail"],
                    summary_rows(result) + [years + ["restated_published"] + [""] * 12 + [d] for d in restated_published]),
    }


def summary_rows(result: ReportDiff) -> list[list]:
    """The summary of the human report as rows: category, where, what."""
    years = [result.fy, result.prev]
    out = []

    def add(category, table, row=None, cell=None, detail="", column=None, old="", new="", key="", when=("", ""),
            label=""):
        fields = cell_fields(cell) if cell else ["", "", "", ""]
        if row:
            key, when, label = row.key_text, row_years(row), row.label
        if cell:
            column, old, new = cell.column, cell.old or "", cell.new or ""
        out.append(years + [category, table, key, *when, label, column or "", old, new] + fields + [detail])

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
        if t.status != "both" and not t.gap:
            add("table_only_in", t.name, detail=f"{t.status}: {t.size_new or t.size_old} rows",
                when=(result.prev if t.status == "only_old" else "", result.fy if t.status == "only_new" else ""))
    for t, gap in data_gaps(result):
        add("data_gap", t.name, detail=f"{t.status}: {gap_text(gap)}", when=(result.prev, result.fy))
    for t, r in [(t, r) for t in result.tables for r in t.rows if r.status in ("added", "removed")]:
        add(r.status, t.name, r)          # also the rows of a table only one report has
    for t, added, gone in year_rows(result):   # rows of fiscal years only one report's history table covers
        for category, found in (("year_added", added), ("year_only_old", gone)):
            for r in found:
                add(category, t.name, r, detail=r.status)
    for p in class_presence(result):
        add("asset_class_only_in", ",".join(p["tables"]), column="asset_class",
            old=p["asset_class"] if p["only"] == "old" else "", new=p["asset_class"] if p["only"] == "new" else "",
            detail=f"{p['name_ja']}: only_{p['only']}")
    policy_tables = "/".join(t.name for t in result.tables if t.spec.policy_column)
    for p in policy_changes(result):
        add("policy", policy_tables, column="policy_id", old=" ".join(p["old"]), new=" ".join(p["new"]),
            detail=f"{p['comparison']}: {p['status']}",
            when=tuple("" if y is None else y for y in (p["year_old"], p["year_new"])))
    for b in breach_changes(result):
        add(f"breach_{b['status']}", b["table"], b["row"], detail=b["status"])
    for t, r, c in sign_flips(result):
        add("sign_flip", t.name, r, c)
    for category, items in (("restated", result.restated), ("filled", result.filled),
                            ("projection_revised", result.revised)):
        for x in items:
            add(category, x["table"], key=x["key"], column=x["column"], old=x["old"], new=x["new"],
                when=(x["year"], x["year"]), label=x["label"], detail=f"fiscal year {x['year']}")
    for x in result.texts:
        add(f"text_{x['status']}", "", key=x["key"], old=x["old"] or "", new=x["new"] or "")
    return out


def outcome_csv(outcomes: list[dict], fy: int) -> tuple[list[str], list[list]]:
    return (["report_fiscal_year", "projected_in", "table", "key", "row_label", "fiscal_year", "column", "projected",
             "actual", "change", "change_unit", "relative_pct", "threshold"],
            [[fy, o["projected_in"], o["table"], o["key"], o["label"], o["fiscal_year"], o["cell"].column,
              o["cell"].old or "", o["cell"].new or ""] + cell_fields(o["cell"]) for o in outcomes])


def text_diff(old_text: str, new_text: str, old_name: str, new_name: str, preamble: str) -> str:
    """Unified diff (no context: every line names its table and row) of two text renderings."""
    body = list(difflib.unified_diff(old_text.splitlines(), new_text.splitlines(), old_name, new_name,
                                     lineterm="", n=0))
    return preamble + "\n" + ("\n".join(body) + "\n" if body else "(no differences)\n")
