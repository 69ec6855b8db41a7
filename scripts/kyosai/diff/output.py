"""The comparison, machine-readable: reports/<FY>/<slug>/diff/{tables,rows,cells,summary}.csv (every row names
both fiscal years), projection_vs_outcome.csv for the 支給率, and the unified diff of the two plain-text
renderings."""
from __future__ import annotations

import difflib

from ..numbers import plain
from .compare import CellDiff, ReportDiff, places_of, threshold_text
from .summary import (added_removed, breach_changes, breakdown_rows, class_presence, flagged_moves, headline_rows,
                      policy_changes, sign_flips)
from ..tablespec import offset_label


def cell_fields(cell: CellDiff) -> list[str]:
    """change, change_unit, relative_pct, threshold as written in the CSVs."""
    places = places_of(cell.old, cell.new)
    return [plain(cell.change, places), cell.measure if cell.change is not None else "", plain(cell.relative, 1),
            threshold_text(cell.threshold, cell.limit) if cell.threshold else ""]


def csv_tables(result: ReportDiff, restated_published: list[str] = ()) -> dict[str, tuple[list[str], list[list]]]:
    """name → (header, rows) of reports/<FY>/diff/*.csv. Every row names both fiscal years."""
    years = [result.fy, result.prev]
    cells, rows, tables = [], [], []
    for t in result.tables:
        tables.append(years + [t.name, t.spec.title, t.status, t.count("unchanged"), t.count("changed"),
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
                     "old", "new", "change", "change_unit", "relative_pct", "threshold", "detail"],
                    summary_rows(result) + [years + ["restated_published", "", "", "", "", "", "", "", "", "", "", d]
                                            for d in restated_published]),
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


def text_diff(old_text: str, new_text: str, old_name: str, new_name: str, preamble: str) -> str:
    """Unified diff (no context: every line names its table and row) of two text renderings."""
    body = list(difflib.unified_diff(old_text.splitlines(), new_text.splitlines(), old_name, new_name,
                                     lineterm="", n=0))
    return preamble + "\n" + ("\n".join(body) + "\n" if body else "(no differences)\n")


