"""What the summary of a comparison names: the headline figures, the breakdown, moves past a threshold, sign
flips (all of these this year against the previous report's year), rows and tables added or removed, tables
and rows a declared data gap leaves out, 基本ポートフォリオ changes, new band breaches, asset classes in one
report only, the prose added, removed or reworded, and projections of earlier documents against this
document's actuals."""
from __future__ import annotations

import re
from decimal import Decimal

from .. import era
from ..tablespec import Table, TableSet, fiscal_year_of
from .compare import (CLASS_COLUMNS, DEFAULT_THRESHOLDS, SAME, YOY, CellDiff, ReportDiff, RowDiff, TableDiff,
                      compare_cell, kind_of, merged_order, row_label, series_key, spec_for, unit_of)


def this_year_rows(t: TableDiff, key: dict[str, str]) -> list[RowDiff]:
    """This year's rows (year on year) matching a key of the declarations (kyosai.tablespec.TableSet.headlines,
    .breakdown); a year column in the key (``"fiscal_year": "FY"``) names this year, which every such row is."""
    years = t.spec.years
    wanted = {k: v for k, v in key.items() if k not in years}
    return [r for r in t.yoy if all((r.new or r.old or {}).get(k) == v for k, v in wanted.items())]


def headline_rows(result: ReportDiff) -> list[dict]:
    """The headline figures of the registry that either report has, each figure once: a headline whose figures
    are those of one before it (the analysis pack's 利益剰余金 of the 削減計画, the 利益剰余金・繰越欠損金 of R04/R06
    年度末 again) is the same line and left out."""
    out, seen = [], set()
    for table, key, column, label in result.declared.headlines:
        t = result.table(table)
        rows = this_year_rows(t, key) if t else []
        cell = next((c for r in rows[:1] for c in r.cells if c.column == column), None)
        if cell is not None and (cell.kind, cell.old, cell.new) not in seen:
            seen.add((cell.kind, cell.old, cell.new))
            out.append({"label": label, "table": table, "row": rows[0], "cell": cell})
    return out


def breakdown_rows(result: ReportDiff) -> tuple[TableDiff | None, list[RowDiff], tuple[str, ...]]:
    spec = result.declared.breakdown
    if spec is None:
        return None, [], ()
    table, key, columns = spec
    t = result.table(table)
    if t is None:
        return None, [], columns
    return t, [r for r in this_year_rows(t, key) if r.cells], columns


def flagged_moves(result: ReportDiff) -> list[tuple[TableDiff, RowDiff, CellDiff]]:
    """Every move past its threshold, largest first (by how far past), then in table order."""
    found = [(t, r, c) for t in result.tables for r, c in t.flagged]
    return sorted(found, key=lambda x: -(x[2].exceed or 0))


def sign_flips(result: ReportDiff) -> list[tuple[TableDiff, RowDiff, CellDiff]]:
    return [(t, r, c) for t in result.tables for r in t.yoy for c in r.cells if c.sign_flip]


def added_removed(result: ReportDiff) -> list[tuple[TableDiff, RowDiff]]:
    """Rows added or removed in tables both reports have: this year's (against the previous report's year) and
    rows of a fiscal year both reports cover."""
    return [(t, r) for t in result.tables if t.status == "both" for r in t.rows if r.status in ("added", "removed")]


def year_rows(result: ReportDiff) -> list[tuple[TableDiff, list[RowDiff], list[RowDiff]]]:
    """History tables both reports have, with the rows of fiscal years only one of them covers: (table, rows of
    years the previous report's table does not reach (R05 in the analysis of R06 against that of R04), rows
    of years the new table no longer shows (the first years of a window that moved on)); the rows of each report's
    own year are this year's comparison, not listed here. A series printed for one
    year only (an average of this year's report) is this year's figure, met year on year, not a year added."""
    out = []
    for t in result.tables:
        if t.status != "both" or not t.spec.history:
            continue
        spans: dict[tuple[str, tuple], set[int]] = {}
        for r in t.same:
            for side, row, year in (("old", r.old, r.year_old), ("new", r.new, r.year_new)):
                if row is not None:
                    spans.setdefault((side, series_key(t.spec, row)), set()).add(year)

        def moved(r: RowDiff, side: str) -> bool:
            return len(spans[(side, series_key(t.spec, r.new if side == "new" else r.old))]) > 1

        # this year's rows of either report are compared year on year (t.yoy): never a year added or gone
        added = [r for r in t.same if r.status == "outside_old" and moved(r, "new") and r.year_new != result.fy]
        gone = [r for r in t.same if r.status == "outside_new" and moved(r, "old") and r.year_old != result.prev]
        if added or gone:
            out.append((t, added, gone))
    return out


def data_gaps(result: ReportDiff) -> list[tuple[TableDiff, dict]]:
    """Tables (or this year's rows of a table) that a declared data gap leaves out of one report."""
    return [(t, t.gap) for t in result.tables if t.gap]


def policy_changes(result: ReportDiff) -> list[dict]:
    """The 基本ポートフォリオ: this year's against the previous report's year (``revised`` or ``unchanged``),
    then every other fiscal year either report shows a composition for: ``revised`` when both show the year
    under different policies, ``only_old`` / ``only_new`` when one report shows it (a year printed under the
    policy before a revision)."""
    per: dict[tuple[str, int | None], tuple[set, set, set, set]] = {}
    for t in result.tables:
        col = t.spec.policy_column
        if not col:
            continue
        for r in t.rows:
            if r.comparison == SAME and ((r.new is None and r.year_old == result.prev)
                                         or (r.old is None and r.year_new == result.fy)):
                continue  # a year compared year on year, shown by one report only
            o_ids, n_ids, o_years, n_years = per.setdefault((r.comparison, None if r.current else r.year),
                                                            (set(), set(), set(), set()))
            if r.old is not None and r.old.get(col):
                o_ids.add(r.old[col])
                o_years.add(r.year_old)
            if r.new is not None and r.new.get(col):
                n_ids.add(r.new[col])
                n_years.add(r.year_new)
    out = []
    for (comparison, year), (o_ids, n_ids, o_years, n_years) in sorted(
            per.items(), key=lambda x: (x[0][0] != YOY, -(x[0][1] or 0))):
        if o_ids and n_ids:
            status = "unchanged" if o_ids == n_ids else "revised"
        else:
            status = "only_new" if n_ids else "only_old"
        if comparison == SAME and status == "unchanged":
            continue
        out.append({"comparison": comparison, "status": status, "old": sorted(o_ids), "new": sorted(n_ids),
                    "year_old": min(o_years, default=None), "year_new": min(n_years, default=None)})
    return out


def breach_changes(result: ReportDiff) -> list[dict]:
    """Deviation-band breaches of this year's figures that are new (or gone) against the previous report's year."""
    out = []
    for t in result.tables:
        if not t.spec.breach:
            continue
        col, value = t.spec.breach
        for r in t.yoy:
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


# ---------------------------------------------------------------- prose

def calendar_years(year: int) -> list[str]:
    """The ways a calendar year is written before a month or day: 令和7年, 2025年 (and, for a year of two eras,
    both: 平成31年, 令和元年)."""
    names = {re.sub(r"\d+月$", "", era.month_long(year, m)) for m in (1, 12)}
    return sorted(names, key=len, reverse=True) + [f"{year}年"]


DATED = r"(?=\s*\d+月)"   # a calendar year stands before a month: 令和7年3月末, 2025年3月31日


def relative_years(text: str, fy: int | None, dates: bool = True) -> str:
    """A text with the fiscal years named relative to its document's year ``fy`` (令和7年度 in the document of
    2025 → ⟨FY⟩, 令和6年度 → ⟨FY-1⟩), and the calendar years of its dates likewise (令和8年3月末 in the document of
    2025 → ⟨Y+1⟩3月末), so that a sentence whose only difference is its own year or dates is the same wording in
    every year (notes.csv fills {fy} into the 支給率's texts)."""
    if fy is None:
        return text
    for d in range(-12, 3):
        for name in (era.fy_long(fy + d), era.fy_short(fy + d)):
            text = text.replace(name, f"⟨FY{d:+d}⟩" if d else "⟨FY⟩")
    for d in range(-12, 4) if dates else ():
        for name in calendar_years(fy + d):
            text = re.sub(re.escape(name) + DATED, f"⟨Y{d:+d}⟩" if d else "⟨Y⟩", text)
    return text


FIGURE = re.compile(r"[▲+\-－]?\d[\d,]*(?:\.\d+)?")


def without_figures(text: str) -> str:
    """A text with every figure written as #: 収支差は+2,246億円 → 収支差は#億円 (years apart: see relative_years)."""
    return FIGURE.sub("#", text)


def text_status(a: str, b: str, fy_old: int | None, fy_new: int | None) -> str:
    """How two wordings of one text differ: ``years_only`` (the same words, the years moved on with the
    document's), ``figures_only`` (the same words around other figures: a sentence a document writes from its
    figures), else ``reworded``."""
    if relative_years(a, fy_old, dates=False) == relative_years(b, fy_new, dates=False):
        return "years_only"   # the document's year moved on, a date in it did not (a note of the year's data)
    a, b = relative_years(a, fy_old), relative_years(b, fy_new)
    if a == b:
        return "years_only"
    return "figures_only" if without_figures(a) == without_figures(b) else "reworded"


def text_changes(old: dict[str, str], new: dict[str, str], fy_old: int | None = None,
                 fy_new: int | None = None) -> list[dict]:
    """The texts of two documents (model["texts"]: key → text, data/unyo/texts.csv or data/shikyuritsu/notes.csv)
    that were added, removed or reworded (``years_only``, ``figures_only``: see text_status): the new document's
    keys in order, each removed one after the key before it."""
    out = []
    for key in merged_order(list(old), list(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if a is None or b is None:
            status = "added" if a is None else "removed"
        else:
            status = text_status(a, b, fy_old, fy_new)
        out.append({"key": key, "status": status, "old": a, "new": b})
    return out


# ---------------------------------------------------------------- projection vs outcome

def projection_vs_outcome(tables: TableSet, projections: dict[int, dict[str, Table]], outcome: dict[str, Table],
                          fy_outcome: int, thresholds: dict[str, Decimal | None] | None = None) -> list[dict]:
    """For each table with an ``outcome`` spec: every projected figure of an earlier document (its year's
    tables in ``projections``) for a fiscal year that the document of ``fy_outcome`` prints as actual, with
    the difference actual − projected (pt for percentages) and the threshold it passes, if any."""
    thresholds = DEFAULT_THRESHOLDS if thresholds is None else thresholds
    out = []
    for name in tables.order(outcome):
        spec, _ = spec_for(tables, name, outcome[name].header)
        if not spec.outcome:
            continue
        kind_col, projected, actual = spec.outcome
        years = spec.years
        abs_keys = [k for k in spec.keys if years.get(k) != "doc"]
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
                value_cols = [c.name for c in spec.values if c.name != kind_col and c.name in table.header]
                for col in value_cols:
                    kind = kind_of(spec, col, r)
                    cell = compare_cell(col, kind, unit_of(spec, col, r), r.get(col), a.get(col), thresholds, True)
                    out.append({"table": name, "projected_in": fy_proj, "outcome_in": fy_outcome,
                                "key": ";".join(f"{k}={r.get(k, '')}" for k in abs_keys),
                                "label": row_label(spec, r, {}),
                                "fiscal_year": next((fiscal_year_of(r.get(k, ""), m) for k, m in years.items()
                                                     if m != "doc"), None),
                                "cell": cell})
    return out
