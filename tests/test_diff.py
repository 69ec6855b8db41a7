"""kyosai.diff: rows aligned on keys and fiscal years (this year against the previous report's year; rows of the
same fiscal year against each other), each figure classified, moves judged against the thresholds, data gaps,
projections against outcomes, the prose, the text rendering and the backtest. Small tables written here; the
expected changes are worked out by hand in the comments."""
from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from kyosai import config as config_check
from kyosai import plaintext, render
from kyosai.bunseki import model as bunseki_model
from kyosai import published as backtest
from kyosai.diff import compare, output, source, summary, view
from kyosai.diff.compare import tables_of
from kyosai.tablespec import Table, as_table, keyed_rows, read_tables

CLASSES = {"domestic_bonds_book": "国内債券(簿価)", "loans": "融資経理貸付金", "domestic_equity": "国内株式",
           "domestic_bonds_market": "国内債券(時価)", "foreign_equity": "外国株式", "foreign_bonds": "外国債券", "hedged_foreign_bonds": "ヘッジ外債",
           "entrusted_short_term": "短資等"}
COMP = ["fiscal_year", "policy_id", "asset_class", "name_ja", "management", "amount_oku", "share_pct", "within_entrusted_pct"]
DEV = ["fiscal_year", "policy_id", "component", "name_ja", "basis", "actual_pct", "policy_pct", "deviation_pt", "band_pt", "status"]
BAL = ["fiscal_year", "total_assets_oku", "policy_reserve_oku", "surplus_oku", "surplus_change_oku", "yield_pct"]
CASH = ["fiscal_year", "contributions_oku", "benefits_oku", "balance_oku", "bond_interest_oku", "balance_with_interest_oku",
        "bond_redemptions_oku"]
FUNDS = ["asset_class", "style", "fund_no", "manager", "manager_benchmark", "overlay", "amount_oku"]
GAP_CASH = {"resource": "cash_flows", "key": None, "first_year": 2023, "last_year": 2024, "reason": "no seed prints them"}


def T(header, *rows) -> Table:
    return Table(tuple(header), tuple(dict(zip(header, map(str, r))) for r in rows))


def compare_table(name, old, new, fy_old=2022, fy_new=2024, doc="unyo", thresholds=None, gaps=None):
    return compare.compare_table(name, tables_of(doc), old, new, fy_old, fy_new,
                                 compare.DEFAULT_THRESHOLDS if thresholds is None else thresholds, CLASSES, gaps)


def row(t: compare.TableDiff, **key) -> compare.RowDiff:
    """The row of this year's comparison (this year against the previous report's year) with these keys."""
    found = [r for r in t.yoy if all(dict(r.key).get(k) == v for k, v in key.items())]
    assert len(found) == 1, (key, [r.key_text for r in t.yoy])
    return found[0]


def same(t: compare.TableDiff, year: int, **key) -> compare.RowDiff:
    """The row of fiscal year ``year`` in the comparison of the same fiscal years."""
    found = [r for r in t.same if r.year == year and all(dict(r.key).get(k) == v for k, v in key.items())]
    assert len(found) == 1, (year, key, [r.key_text for r in t.same])
    return found[0]


def cell(r: compare.RowDiff, column: str) -> compare.CellDiff:
    return next(c for c in r.cells if c.column == column)


# ---------------------------------------------------------------- alignment

def test_rows_align_on_keys_not_position_and_added_removed_rows_are_named():
    old = T(COMP, [2022, "2022-05", "loans", "融資経理貸付金", "self_managed", 87, "0.1", ""],
            [2022, "2022-05", "domestic_equity", "国内株式", "entrusted", 3689, "3.3", "14.7"],
            [2022, "2022-05", "foreign_bonds", "外国債券", "entrusted", 857, "0.8", "3.4"])
    new = T(COMP, [2024, "2022-05", "domestic_equity", "国内株式", "entrusted", 4091, "3.4", "14.6"],   # moved up
            [2024, "2022-05", "loans", "融資経理貸付金", "self_managed", 87, "0.1", ""],               # same figures
            [2024, "2022-05", "hedged_foreign_bonds", "ヘッジ外債", "entrusted", 5131, "4.3", "18.4"])
    t = compare_table("composition", old, new)
    status = {dict(r.key)["asset_class"]: r.status for r in t.yoy}
    assert status == {"domestic_equity": "changed", "loans": "unchanged", "foreign_bonds": "removed",
                      "hedged_foreign_bonds": "added"}
    eq = row(t, asset_class="domestic_equity")
    assert (cell(eq, "amount_oku").old, cell(eq, "amount_oku").new) == ("3689", "4091")   # not loans' 87
    assert eq.label == "国内株式" and eq.key_text == "asset_class=domestic_equity"
    assert (eq.year_old, eq.year_new, eq.comparison) == (2022, 2024, "year_on_year")
    added = row(t, asset_class="hedged_foreign_bonds")
    assert [c.status for c in added.cells] == ["added"] * 4 and added.old is None
    assert row(t, asset_class="foreign_bonds").new is None
    # the two reports print no fiscal year in common: every row is outside the other's period, none a change
    assert {r.status for r in t.same} == {"outside_old", "outside_new"}


def test_rows_of_the_same_fiscal_year_meet_and_this_year_meets_the_previous_reports_year():
    old = T(BAL, [2021, 108847, 102154, 5770, 113, "1.40"], [2022, 111313, 105885, 4599, -1171, "0.36"])
    new = T(BAL, [2022, 111313, 105885, 4599, -1171, "0.36"], [2023, 116927, 108837, 7296, 2697, "3.44"],
            [2024, 119195, 112414, 5950, -1347, "0.43"])
    t = compare_table("balances", old, new)
    # FY2022 of the FY2022 report against FY2022 of the FY2024 report: the same figures, unchanged
    fy2022 = same(t, 2022)
    assert (fy2022.status, fy2022.year_old, fy2022.year_new, fy2022.key_text) == ("unchanged", 2022, 2022, "fiscal_year=2022")
    # FY2021 only the older report prints, FY2023 only the newer one: outside the other's period, not removed/added
    assert (same(t, 2021).status, same(t, 2023).status, same(t, 2024).status) == ("outside_new", "outside_old", "outside_old")
    # this year (FY2024) against the previous report's year (FY2022): 111,313 → 119,195
    this_year = row(t)
    assert (this_year.year_old, this_year.year_new) == (2022, 2024) and this_year.current
    assert (cell(this_year, "total_assets_oku").old, cell(this_year, "total_assets_oku").new) == ("111313", "119195")
    assert [r.status for r in t.yoy] == ["changed"] and not any(r.current for r in t.same)


def test_a_table_covering_the_same_years_in_both_reports_is_unchanged():
    """The FY2024 report's cash flows end at FY2022 (a declared data gap), like the FY2022 report's: no row
    of a year both print is added, removed or changed; this year's row is a data gap, not a removal."""
    years = [[y, 5000 + y, 5000, y, 900, 900 + y, 4000] for y in range(2013, 2023)]
    old, new = T(CASH, *years), T(CASH, *years)
    t = compare_table("cash_flows", old, new, gaps=[GAP_CASH])
    assert [(r.year, r.status) for r in t.same] == [(y, "unchanged") for y in range(2013, 2023)]
    assert [(r.status, r.year_old, r.gap["reason"]) for r in t.yoy] == [("data_gap", 2022, "no seed prints them")]
    assert not t.changed and t.gap == GAP_CASH
    # without the declaration: the FY2024 table ends at FY2022 like the FY2022 one (H25–R04 in both, as the analysis
    # pack prints them): it has no FY2024 row to meet FY2022's, which is outside its period, not a removal
    t = compare_table("cash_flows", old, new)
    assert [(r.status, r.year_old) for r in t.yoy] == [("outside_new", 2022)] and not t.changed
    # a FY2024 table that reaches its own year but has lost the series would have this year's row removed
    header = ["segment", "item", "fiscal_year", "value", "unit"]
    t = compare_table("returns", T(header, ["all", "yield", 2022, "0.36", "%"], ["self_managed", "yield", 2022, "0.85", "%"]),
                      T(header, ["all", "yield", 2024, "0.43", "%"]))
    assert {dict(r.key)["segment"]: r.status for r in t.yoy} == {"all": "changed", "self_managed": "removed"}


def test_a_table_printed_without_rows_then_with_rows_adds_them():
    """The analysis pack of FY2022 prints 財政収支の予測と実績 with no row (no actual was known yet), FY2024's with 6
    (seed 002's 令和6年度見込 against the 令和6年度 actuals): all 6 are added, and the table is changed."""
    header = ["projected_in", "fiscal_year", "measure", "label_ja", "basis", "projected", "actual", "difference", "unit"]
    new = T(header, [2025, 2024, "surplus", "剰余金・欠損金", "unyo", 6839, 5950, -889, "億円"],
            [2025, 2024, "yield_total", "運用利回り", "unyo", "1.17", "0.43", "-0.74", "%"])
    t = compare_table("outcomes", T(header), new, doc="bunseki")
    # rows of the report's own year: added once, in this year's comparison (not again as rows of a fiscal year)
    assert [r.status for r in t.yoy] == ["added", "added"] and t.changed
    assert [r.status for r in t.same] == ["outside_old", "outside_old"]
    # the rows stand for the fiscal year of the figures (令和6年度), not the 支給率資料 that projected them (令和7年度)
    assert view.coverage_text(t) == "前回の報告は行なし、今回の報告 R06年度（2行）。"
    r = compare.compare_reports(tables_of("bunseki"), {"outcomes": T(header)}, {"outcomes": new}, 2022, 2024)
    ch = view.changes(r, document="bunseki", document_title="t")
    assert ch["tables"]["changed"] == ["財政収支の予測と実績"] and ch["tables"]["unchanged"] == []
    assert ch["rows_added_removed"] == ["財政収支の予測と実績：追加 2行（R06年度: 剰余金・欠損金、運用利回り）"]
    # each figure is named by its column (見込, 実績, 実績－見込): the row's label names no item
    lines = view.line_rows(r.table("outcomes"), r.table("outcomes").yoy, r.classes, False)
    assert [c["item"] for c in lines[0]["cells"]] == ["見込", "実績", "実績－見込"]
    assert [(c["old"], c["new"]) for c in lines[0]["cells"]][:2] == [("－", "6,839億円"), ("－", "5,950億円")]


def test_a_row_of_a_year_the_other_report_covers_is_added_or_removed():
    header = ["segment", "item", "fiscal_year", "value", "unit"]
    old = T(header, ["all", "yield", 2021, "1.40", "%"], ["all", "yield", 2022, "0.36", "%"],
            ["all", "yield_avg_5y", 2022, "1.59", "%"])
    new = T(header, ["all", "yield", 2022, "0.36", "%"], ["all", "income", 2022, 403, "億円"],
            ["all", "yield", 2024, "0.43", "%"], ["all", "yield_avg_5y", 2024, "2.18", "%"])
    t = compare_table("returns", old, new)
    assert same(t, 2022, item="yield").status == "unchanged"
    assert same(t, 2022, item="income").status == "added"            # FY2022 is in both, its 運用損益額 only in one
    # the FY2022 5-year average: the newer report prints the average of its own year only (FY2024)
    assert same(t, 2022, item="yield_avg_5y").status == "outside_new"
    assert same(t, 2021, item="yield").status == "outside_new"
    assert output.cell_fields(cell(row(t, item="yield_avg_5y"), "value")) == ["0.59", "pt", "", ""]   # 2.18 − 1.59


def test_a_removed_row_stays_next_to_its_neighbour():
    old = T(["issuer", "amount_oku", "share_pct"], ["A", 1, "10.0"], ["B", 2, "20.0"], ["C", 3, "30.0"])
    new = T(["issuer", "amount_oku", "share_pct"], ["A", 1, "10.0"], ["C", 3, "30.0"], ["D", 4, "40.0"])
    t = compare_table("bond_issuers", old, new)
    assert [dict(r.key)["issuer"] for r in t.rows] == ["A", "B", "C", "D"]
    assert [r.status for r in t.rows] == ["unchanged", "removed", "unchanged", "added"]


def test_funds_align_on_class_style_manager_and_benchmark_not_on_fund_numbers():
    old = T(FUNDS, ["foreign_equity", "active", 7, "三井住友信託銀行", "KOKUSAI", "false", 500],
            ["foreign_equity", "passive", 17, "みずほ信託銀行", "EM", "false", 598],
            ["foreign_equity", "passive", 20, "みずほ信託銀行", "KOKUSAI", "true", 1941])
    new = T(FUNDS, ["foreign_equity", "active", 8, "三井住友信託銀行", "KOKUSAI", "false", 566],       # renumbered
            ["foreign_equity", "passive", 20, "みずほ信託銀行", "KOKUSAI", "true", 1941],
            ["foreign_equity", "active", 9, "新しい運用機関", "", "false", 100])
    t = compare_table("funds", old, new)
    renumbered = row(t, manager="三井住友信託銀行")
    assert renumbered.status == "changed"
    assert (cell(renumbered, "fund_no").old, cell(renumbered, "fund_no").new) == ("7", "8")
    assert row(t, manager="みずほ信託銀行", manager_benchmark="EM").status == "removed"
    assert row(t, manager="みずほ信託銀行", manager_benchmark="KOKUSAI").status == "unchanged"
    assert row(t, manager="新しい運用機関").status == "added"
    assert row(t, manager="新しい運用機関").label == "外国株式 新しい運用機関 アクティブ"


def test_a_key_met_twice_keeps_both_rows():
    t = T(["issuer", "amount_oku", "share_pct"], ["A", 1, "1.0"], ["A", 2, "2.0"])
    keys = list(keyed_rows(t, tables_of("unyo")["bond_issuers"], 2024))
    assert keys == [(("issuer", "A"),), (("issuer", "A"), ("#", "2"))]


def test_a_table_missing_from_one_report_is_all_added_or_removed():
    new = T(["item", "value"], ["funds", 20], ["institutions", 14])
    t = compare_table("fund_counts", None, new)
    assert t.status == "only_new" and [r.status for r in t.rows] == ["added", "added"]
    t = compare_table("fund_counts", new, None)
    assert t.status == "only_old" and [r.status for r in t.rows] == ["removed", "removed"]


def test_a_table_a_declared_gap_leaves_out_is_a_data_gap_not_a_removal():
    old = T(["issuer", "amount_oku", "share_pct"], ["国債", 1, "10.0"], ["計", 10, "100.0"])
    gap = {"resource": "bond_issuers", "key": None, "first_year": 2024, "last_year": 2024, "reason": "no seed prints it"}
    t = compare_table("bond_issuers", old, None, gaps=[gap])
    assert t.status == "only_old" and t.gap == gap and [r.status for r in t.rows] == ["data_gap", "data_gap"]
    r = compare.compare_reports(tables_of("unyo"), {"bond_issuers": old}, {}, 2022, 2024, None, CLASSES, [gap])
    assert [(x[2], x[3]) for x in output.summary_rows(r)] == [("data_gap", "bond_issuers")]   # not table_only_in
    text = view.only_text(r, r.table("bond_issuers"))
    assert "データ未収録" in text and "no seed prints it" in text and "報告にない" not in text
    # a gap of another year explains nothing: the table is the other report's own
    assert compare_table("bond_issuers", old, None, gaps=[{**gap, "first_year": 2025, "last_year": 2025}]).gap is None


def test_a_table_not_in_the_registry_is_compared_by_position():
    old, new = T(["a", "b"], ["x", "1"]), T(["a", "b"], ["x", "2"], ["y", "3"])
    t = compare_table("something_new", old, new)
    assert not t.registered and [r.status for r in t.rows] == ["changed", "added"]


# ---------------------------------------------------------------- amounts vs percentages, thresholds

def test_amounts_change_in_their_unit_and_in_percent_shares_in_pt():
    old = T(COMP, [2022, "2022-05", "domestic_equity", "国内株式", "entrusted", 3689, "3.3", "14.7"])
    new = T(COMP, [2024, "2022-05", "domestic_equity", "国内株式", "entrusted", 4091, "3.4", "14.6"])
    eq = row(compare_table("composition", old, new), asset_class="domestic_equity")
    amount, share, within = cell(eq, "amount_oku"), cell(eq, "share_pct"), cell(eq, "within_entrusted_pct")
    assert (amount.change, amount.measure) == (Decimal("402"), "億円")
    assert output.cell_fields(amount) == ["402", "億円", "10.9", ""]          # 402 / 3,689 = 10.897…%
    assert (share.change, share.measure, share.relative) == (Decimal("0.1"), "pt", None)
    assert output.cell_fields(share) == ["0.1", "pt", "", ""]
    assert output.cell_fields(within) == ["-0.1", "pt", "", ""]
    assert cell(eq, "policy_id").status == "unchanged"


def test_returns_take_the_kind_from_the_unit_column():
    header = ["segment", "item", "fiscal_year", "value", "unit"]
    old = T(header, ["all", "income", 2022, 403, "億円"], ["all", "yield", 2022, "0.36", "%"])
    new = T(header, ["all", "income", 2024, 516, "億円"], ["all", "yield", 2024, "0.43", "%"])
    t = compare_table("returns", old, new)
    income, yld = cell(row(t, item="income"), "value"), cell(row(t, item="yield"), "value")
    assert output.cell_fields(income) == ["113", "億円", "28.0", ""]          # a flow: +28% is not judged
    assert output.cell_fields(yld) == ["0.07", "pt", "", ""]


@pytest.mark.parametrize("column, old, new, fired", [
    ("amount_oku", "100", "120", None),              # +20% is not more than 20%
    ("amount_oku", "100", "121", "amount_pct"),      # +21%
    ("amount_oku", "100", "79", "amount_pct"),       # −21%
    ("share_pct", "10.0", "12.0", None),             # +2.0pt
    ("share_pct", "10.0", "7.9", "share_pt"),        # −2.1pt
])
def test_thresholds_fire_above_the_limit_and_name_themselves(column, old, new, fired):
    base = {"amount_oku": "100", "share_pct": "10.0"}
    o, n = {**base, column: old}, {**base, column: new}
    t = compare_table("composition", T(COMP, [2022, "p", "loans", "x", "self_managed", o["amount_oku"], o["share_pct"], ""]),
                T(COMP, [2024, "p", "loans", "x", "self_managed", n["amount_oku"], n["share_pct"], ""]))
    c = cell(row(t, asset_class="loans"), column)
    assert c.threshold == fired
    expected = {None: "", "amount_pct": "金額 ±20% (amount_pct)", "share_pt": "構成比 ±2.0pt (share_pt)"}[fired]
    assert output.cell_fields(c)[3] == expected


def test_yield_threshold_and_flows_and_history_rows_are_not_judged():
    old = T(BAL, [2021, 100, 100, 100, 10, "1.00"], [2022, 100, 100, 100, 10, "1.00"])
    new = T(BAL, [2021, 200, 100, 100, 90, "9.00"], [2024, 100, 100, 100, 90, "4.01"])
    t = compare_table("balances", old, new)
    now, before = row(t), same(t, 2021)
    assert cell(now, "yield_pct").threshold == "yield_pt"                  # +3.01pt > 3pt
    assert cell(now, "surplus_change_oku").threshold is None              # a flow: +800% not judged
    assert [c.threshold for c in before.cells] == [None] * 5             # FY2021 in both: history (restated)
    assert cell(before, "total_assets_oku").status == "changed"
    quiet = compare_table("balances", old, new, thresholds={**compare.DEFAULT_THRESHOLDS, "yield_pt": None})
    assert cell(row(quiet), "yield_pct").threshold is None


def test_thresholds_from_config():
    th = compare.thresholds_from_config({"amount_pct": 10, "share_pt": None})
    assert th == {"share_pt": None, "amount_pct": Decimal("10"), "yield_pt": Decimal("3.0")}
    assert compare.thresholds_from_config(None) == compare.DEFAULT_THRESHOLDS
    with pytest.raises(config_check.ConfigError, match="diff_thresholds: unknown key income_pct"):
        compare.thresholds_from_config({"income_pct": 5})


def test_empty_cells_and_zero_bases():
    header = ["asset_class", "amount_oku", "change_oku"]
    t = compare_table("self_managed_assets", T(header, ["loans", 0, -346]), T(header, ["loans", 40, ""]))
    r = row(t, asset_class="loans")
    amount, change = cell(r, "amount_oku"), cell(r, "change_oku")
    assert (amount.change, amount.relative, amount.threshold) == (Decimal("40"), None, None)   # from zero: no %
    assert (change.status, change.change) == ("changed", None)                                # printed → empty


# ---------------------------------------------------------------- what the summary names

def report(old_tables, new_tables, fy_old=2022, fy_new=2024, doc="unyo"):
    return compare.compare_reports(tables_of(doc), old_tables, new_tables, fy_old, fy_new, None, CLASSES)


def test_policy_revision_and_new_breach():
    old = {"deviation": T(DEV, [2022, "2022-05", "domestic_equity", "国内株式", "within_entrusted", "14.7", "13.9", "0.8", "4.8", "within"])}
    new = {"deviation": T(DEV, [2024, "2025-04", "domestic_equity", "国内株式", "within_entrusted", "20.0", "14.0", "6.0", "5.0", "breach"])}
    r = report(old, new)
    assert summary.policy_changes(r) == [{"comparison": "year_on_year", "status": "revised", "old": ["2022-05"],
                                          "new": ["2025-04"], "year_old": 2022, "year_new": 2024}]
    breaches = summary.breach_changes(r)
    assert [(b["status"], b["row"].label) for b in breaches] == [("new", "国内株式")]
    kinds = {x[2] for x in output.summary_rows(r)}
    assert {"policy", "breach_new", "large_move"} <= kinds          # 0.8 → 6.0 deviation: 5.2pt > 2pt


def test_policy_shown_for_a_year_only_one_report_has():
    old = {"composition": T(COMP, [2021, "2017-04", "loans", "x", "self_managed", 33, "0.0", ""],
                            [2022, "2022-05", "loans", "x", "self_managed", 87, "0.1", ""])}
    new = {"composition": T(COMP, [2024, "2022-05", "loans", "x", "self_managed", 479, "0.4", ""])}
    changes = summary.policy_changes(report(old, new))
    assert [(p["comparison"], p["status"], p["old"], p["new"], p["year_old"]) for p in changes] == [
        ("year_on_year", "unchanged", ["2022-05"], ["2022-05"], 2022), ("same_year", "only_old", ["2017-04"], [], 2021)]


def test_sign_flips_restatements_and_classes_in_one_report_only():
    old = {"balances": T(BAL, [2021, 108847, 102154, 5770, 113, "1.40"], [2022, 111313, 105885, 4599, -1171, "0.36"]),
           "self_managed_assets": T(["asset_class", "amount_oku", "change_oku"], ["loans", 87, 54])}
    new = {"balances": T(BAL, [2021, 108847, 102154, 5771, 113, "1.40"], [2022, 111313, 105885, 4599, -1171, "0.36"],
                         [2023, 116927, 108837, 7296, 2697, "3.44"], [2024, 119195, 112414, 5950, 1347, "0.43"]),
           "self_managed_assets": T(["asset_class", "amount_oku", "change_oku"], ["loans", 479, 280],
                                    ["entrusted_short_term", 40, ""])}
    r = report(old, new)
    flips = [(t.name, c.column, c.old, c.new) for t, _, c in summary.sign_flips(r)]
    assert flips == [("balances", "surplus_change_oku", "-1171", "1347")]
    assert r.restated == [{"table": "balances", "key": "fiscal_year=2021", "label": "", "year": 2021,
                           "year_mode": "fy", "column": "surplus_oku", "kind": "amount", "old": "5770", "new": "5771"}]
    assert r.restated_checked == 10                                  # 2 years × 5 figures in both
    assert summary.class_presence(r) == [{"asset_class": "entrusted_short_term", "name_ja": "短資等", "only": "new",
                                       "tables": ["self_managed_assets"]}]


def test_csv_rows_name_both_years():
    old = {"fund_counts": T(["item", "value"], ["funds", 20])}
    new = {"fund_counts": T(["item", "value"], ["funds", 25])}
    out = output.csv_tables(report(old, new))
    assert set(out) == {"tables", "rows", "cells", "summary"}
    for name, (header, rows) in out.items():
        assert header[:2] == ["report_fiscal_year", "compared_fiscal_year"], name
        assert rows and all(r[:2] == [2024, 2022] for r in rows), name
    cells = [dict(zip(out["cells"][0], r)) for r in out["cells"][1]]
    assert cells == [{"report_fiscal_year": 2024, "compared_fiscal_year": 2022, "table": "fund_counts",
                      "comparison": "year_on_year", "key": "item=funds", "fiscal_year_old": 2022, "fiscal_year_new": 2024,
                      "row_label": "ファンド数", "column": "value",
                      "kind": "count", "status": "changed", "old": "20", "new": "25", "change": "5",
                      "change_unit": "", "relative_pct": "25.0", "threshold": "金額 ±20% (amount_pct)", "sign_flip": ""}]


# ---------------------------------------------------------------- 支給率: two years of our own data

PROJ = ["rate_fiscal_year", "line", "label_ja", "fiscal_year", "kind", "value", "unit"]
RATE = ["rate_fiscal_year", "item", "label_ja", "value", "unit", "status", "computed_value"]
DEC = ["rate_fiscal_year", "decision_id", "body_ja", "decided_on", "text_ja"]


def rate_doc(fy, columns, rate, decisions):
    """A 支給率 document of our own: (year, kind, revenue, yield_total) columns, its 支給率, its decisions."""
    proj = []
    for year, kind, revenue, yld in columns:
        proj += [[fy, "revenue", "(1) 収益", year, kind, revenue, "億円"], [fy, "yield_total", "運用利回り", year, kind, yld, "%"]]
    return {"fiscal_projection": T(PROJ, *proj),
            "rate_calculation": T(RATE, [fy, "rate", "支給率", rate, "ratio", "computed", rate]),
            "decisions": T(DEC, *[[fy, d, f"委員会 {d}", "令和4年3月1日", "本文"] for d in decisions])}


DOC_2025 = rate_doc(2025, [(2023, "actual", 11980, "3.44"), (2024, "projection", 9771, "1.20"),
                           (2025, "projection", 9626, "0.80")], "0.01047", ["cttee05", "cttee20"])
DOC_2026 = rate_doc(2026, [(2024, "actual", 10000, "0.43"), (2025, "projection", 9700, "0.90"),
                           (2026, "projection", 9800, "0.85")], "0.00900", ["cttee05", "cttee21"])


def test_rate_documents_compare_like_reports():
    r = compare.compare_reports(tables_of("shikyuritsu"), DOC_2025, DOC_2026, 2025, 2026, None, {})
    proj = r.table("fiscal_projection")
    # 令和7年度見込 of the 2025 document against 令和7年度見込 of the 2026 document: a revised projection
    fy2025 = same(proj, 2025, line="revenue")
    assert (fy2025.status, cell(fy2025, "value").old, cell(fy2025, "value").new) == ("changed", "9626", "9700")
    assert output.cell_fields(cell(fy2025, "value")) == ["74", "億円", "0.8", ""]     # 74 / 9,626 = 0.77%
    assert {(x["year"], x["old"], x["new"]) for x in r.revised} == {(2025, "9626", "9700"), (2025, "0.80", "0.90")}
    assert r.restated == []                                                   # a projection is not a restatement
    # 令和6年度: 見込 9,771 in the 2025 document, 実績 10,000 in the 2026 one: an outcome (projection_vs_outcome)
    assert same(proj, 2024, line="revenue").status == "outcome"
    # 令和5年度 only the 2025 document prints, 令和8年度 only the 2026 one: outside the other's period
    assert (same(proj, 2023, line="revenue").status, same(proj, 2026, line="revenue").status) == ("outside_new", "outside_old")
    # this year's projection against the previous document's year's: 9,626 (令和7年度) → 9,800 (令和8年度)
    this_year = cell(row(proj, line="revenue"), "value")
    assert output.cell_fields(this_year) == ["174", "億円", "1.8", ""]     # 174 / 9,626 = 1.81%
    rate = cell(row(r.table("rate_calculation"), item="rate"), "value")
    assert output.cell_fields(rate) == ["-0.00147", "ratio", "-14.0", ""]        # −0.00147 / 0.01047 = −14.04%
    decisions = {dict(x.key)["decision_id"]: x.status for x in r.table("decisions").rows}
    assert decisions == {"cttee05": "unchanged", "cttee20": "removed", "cttee21": "added"}


def test_projection_vs_outcome():
    out = summary.projection_vs_outcome(tables_of("shikyuritsu"), {2025: DOC_2025}, DOC_2026, 2026)
    got = {(o["label"], o["fiscal_year"]): (o["projected_in"], output.cell_fields(o["cell"])[:3], o["cell"].old, o["cell"].new)
           for o in out}
    assert got == {("(1) 収益", 2024): (2025, ["229", "億円", "2.3"], "9771", "10000"),      # 229 / 9,771
                   ("運用利回り", 2024): (2025, ["-0.77", "pt", ""], "1.20", "0.43")}
    assert [o["cell"].threshold for o in out] == [None, None]
    # a 3-year-old projection is compared too once its actual exists; the document's own year never is
    doc_2027 = rate_doc(2027, [(2025, "actual", 12000, "4.50")], "0.01", [])
    later = summary.projection_vs_outcome(tables_of("shikyuritsu"), {2025: DOC_2025, 2026: DOC_2026}, doc_2027, 2027)
    assert sorted((o["projected_in"], o["label"], o["cell"].old, o["cell"].new, o["cell"].threshold) for o in later) == [
        (2025, "(1) 収益", "9626", "12000", "amount_pct"), (2025, "運用利回り", "0.80", "4.50", "yield_pt"),
        (2026, "(1) 収益", "9700", "12000", "amount_pct"), (2026, "運用利回り", "0.90", "4.50", "yield_pt")]
    header, rows = output.outcome_csv(later, 2027)
    assert header[:3] == ["report_fiscal_year", "projected_in", "table"] and len(rows) == 4


# ---------------------------------------------------------------- text rendering, text diff, backtest

def render_text(doc, tables, fy, title):
    return plaintext.render(tables_of(doc), {n: list(t.rows) for n, t in tables.items()}, fy, title)


def test_text_rendering_writes_years_as_they_are_so_rows_meet_by_fiscal_year():
    """Rows of one fiscal year have the same line in both years' renderings (seeds 001/000 both print 運用資産額
    111,313 at 令和4年度末), this year's rows are lines of their own year; the 支給率's own year is the file's FY."""
    fy22 = [2022, 111313, 105885, 4599, -1171, "0.36"]
    a = render_text("unyo", {"balances": T(BAL, fy22)}, 2022, "令和4年度")
    b = render_text("unyo", {"balances": T(BAL, fy22, [2024, 119195, 112414, 5950, -1347, "0.43"])}, 2024, "令和6年度")
    line = "balances fiscal_year=2022 | total_assets_oku=111313 policy_reserve_oku=105885 surplus_oku=4599 " \
           "surplus_change_oku=-1171 yield_pct=0.36"
    assert line in a.splitlines() and line in b.splitlines()
    d = output.text_diff(a, b, "reports/2022/unyo-jokyo.txt", "reports/2024/unyo-jokyo.txt", "# preamble")
    changed = [ln for ln in d.splitlines() if ln[:1] in "+-" and not ln.startswith(("---", "+++"))]
    assert changed == ["-# 令和4年度", "-# FY = 2022. Computed tables, one line per row: table, key | columns.",
                       "+# 令和6年度", "+# FY = 2024. Computed tables, one line per row: table, key | columns.",
                       "+balances fiscal_year=2024 | total_assets_oku=119195 policy_reserve_oku=112414 surplus_oku=5950 "
                       "surplus_change_oku=-1347 yield_pct=0.43"]
    assert "FY-" not in b and "=FY" not in b
    assert output.text_diff(a, a, "x", "y", "# p") == "# p\n(no differences)\n"
    text = render_text("shikyuritsu", DOC_2025, 2025, "t")
    assert 'decisions decision_id=cttee05 | body_ja="委員会 cttee05" decided_on=令和4年3月1日 text_ja=本文' in text
    # 令和6年度見込 (1) 収益 9,771 (seed 002): the line names its fiscal year, 2024, in every document printing it
    assert 'fiscal_projection line=revenue;fiscal_year=2024 | label_ja="(1) 収益" kind=projection value=9771 unit=億円' in text
    assert "rate_calculation item=rate | label_ja=支給率 value=0.01047" in text and "rate_fiscal_year" not in text


def test_backtest_names_table_row_column_and_both_values():
    published = {"balances": T(BAL, [2023, 116927, 108837, 7296, 2697, "3.44"], [2024, 119195, 112414, 5950, -1347, "0.43"])}
    same = backtest.backtest("unyo", published, published, "reports/2024/published")
    assert same == []
    rebuilt = {"balances": T(BAL, [2023, 116927, 108837, 7296, 2697, "3.44"], [2024, 119196, 112414, 5950, -1347, "0.43"])}
    assert backtest.backtest("unyo", published, rebuilt, "reports/2024/published") == [
        "reports/2024/published/balances.csv: 行 fiscal_year=2024、列 total_assets_oku: 公表値 '119195'、再作成 '119196'"]
    rebuilt = {"balances": T(BAL, [2024, 119195, 112414, 5950, -1347, "0.43"], [2023, 116927, 108837, 7296, 2697, "3.44"]),
               "extra": T(["a"], ["1"])}
    problems = backtest.backtest("unyo", published, rebuilt, "p")
    assert problems == ["p/balances.csv: 行の順序が異なる",
                        "p/extra.csv: 公表時になかった表が作られた"]
    assert backtest.backtest("unyo", published, {}, "p") == ["p/balances.csv: 公表済みの表が作られなくなった"]


# ---------------------------------------------------------------- one declaration per table

def test_every_table_writes_exactly_its_declared_columns(model2022, model2024, shikyuritsu2025):
    """The producers of each declared table fill only declared columns (a typo would raise), every row they make
    names every key column, and every declared column is filled in some row of some year (a declared column that
    no producer fills would be written empty in every row)."""
    for doc, models in (("unyo", (model2022, model2024)), ("shikyuritsu", (shikyuritsu2025,))):
        tables = tables_of(doc)
        filled = {name: set() for name in tables.specs}
        for model in models:
            rows = tables.rows(model)
            for name, raw in rows.items():
                assert raw, name
                assert [r for r in raw if not set(tables[name].keys) <= set(r)] == [], name
            for name, cells in tables.csv(rows).items():
                filled[name] |= {c for r in cells for c, v in r.items() if v != ""}
        assert {name: [c for c in tables[name].header if c not in have] for name, have in filled.items()} == \
            {name: [] for name in tables.specs}
    with pytest.raises(ValueError, match=r"table balances: columns \['total_asset'\] are not declared"):
        tables_of("unyo")["balances"].csv_rows([{"fiscal_year": 2024, "total_asset": Decimal("119195")}])


# ---------------------------------------------------------------- the FY2024 report against FY2022 (seeds 000, 001)

def checked_by_table(report) -> dict[str, int]:
    """How many figures of the same fiscal year both reports print, by table (the tables with any)."""
    counts = {t.name: sum(len(r.cells) for r in t.same if r.status in ("unchanged", "changed")) for t in report.tables}
    return {name: n for name, n in counts.items() if n}


def written(model) -> dict[str, Table]:
    """A 運用状況 model's tables as the CSVs write them."""
    declared = tables_of("unyo")
    return {n: as_table(declared[n], cells) for n, cells in declared.csv(declared.rows(model)).items()}


@pytest.fixture(scope="module")
def seed_report(tables, model2022, model2024):
    names = {r["asset_class"]: r["name_ja"] for r in tables["asset_classes"]}
    r = compare.compare_reports(tables_of("unyo"), written(model2022), written(model2024), 2022, 2024, None, names,
                                [dict(g) for g in tables["gaps"]])
    r.texts = summary.text_changes(model2022["texts"], model2024["texts"], 2022, 2024)
    return r


def test_no_cash_flow_row_both_reports_print_alike_is_marked_changed(seed_report, model2022, model2024):
    """Seeds 001 and 000 both print the cash flows H25–R04 (000's later years are a declared gap): equal rows
    of the same year meet and are unchanged; nothing is added, removed or changed."""
    old, new = written(model2022)["cash_flows"], written(model2024)["cash_flows"]
    equal = {r["fiscal_year"] for r in old.rows} & {r["fiscal_year"] for r in new.rows if r in old.rows}
    assert equal == {str(y) for y in range(2013, 2023)}
    t = seed_report.table("cash_flows")
    for r in t.rows:
        if str(r.year_old) in equal or str(r.year_new) in equal:
            assert r.status not in ("changed", "added", "removed"), (r.key_text, r.status)
    assert {r.status for r in t.same} == {"unchanged"} and len(t.same) == 10
    assert [(r.status, r.year_old, r.gap["resource"]) for r in t.yoy] == [("data_gap", 2022, "cash_flows")]
    assert not t.changed
    rows = [dict(zip(output.csv_tables(seed_report)["rows"][0], x)) for x in output.csv_tables(seed_report)["rows"][1]]
    assert {(x["comparison"], x["status"]) for x in rows if x["table"] == "cash_flows"} == {
        ("same_year", "unchanged"), ("year_on_year", "data_gap")}
    assert not any("FY-" in x["key"] for x in rows)                       # keys name fiscal years, not offsets


def test_seed_report_gaps_are_ours_not_the_publications(seed_report):
    gaps = {t.name: (t.status, g["first_year"], g["last_year"]) for t, g in summary.data_gaps(seed_report)}
    assert gaps == {"cash_flows": ("both", 2023, 2024), "bond_issuers": ("only_old", 2024, 2024),
                    "market_indices": ("only_old", 2023, 2024)}
    ch = view.changes(seed_report, document="unyo", document_title="小規模企業共済資産 令和6年度の運用状況")
    assert ch["tables"]["removed"] == []                                 # no table blamed on the publication
    assert ch["tables"]["added"] == ["運用中ファンド一覧（24行）", "ファンド一覧の小計（21行）", "ファンド数・機関数（2行）"]
    assert all("データ未収録" in g for g in ch["tables"]["gaps"]) and len(ch["tables"]["gaps"]) == 3
    assert "キャッシュ・フロー" in ch["tables"]["unchanged"][0] and ch["tables"]["unchanged"][0].count("キャッシュ") == 1
    # the FY2022 report's FY2021 composition (old 基本ポートフォリオ) is outside the FY2024 report's period
    assert not [r for r in seed_report.table("composition").rows if r.status in ("added", "removed")]
    # the figures both reports print for the same fiscal year, counted in the seeds: the cash flows H25–R04 in both
    # (001 and 000; 10 years × 6 columns); the balances H27–R04 (000 prints H27–R06, 001 H25–R04: 8 years × 運用資産額,
    # 責任準備金, 利益剰余金, 増減, 利回り); the yearly returns R02–R04 (000 prints R02–R06, 001 H30–R04: 3 years ×
    # 3 segments × 損益額 and 利回り)
    assert checked_by_table(seed_report) == {"cash_flows": 10 * 6, "balances": 8 * 5, "returns": 3 * 3 * 2}
    # ... of which the cash flows are carried: 000's figures were lost in extraction (gaps.csv), the FY2024 report's
    # rows are 001's, so their agreeing confirms nothing: 前回から引き継いだ表（再確認なし）, not counted as checked
    assert seed_report.table("cash_flows").carried and not seed_report.table("balances").carried
    assert seed_report.restated == [] and seed_report.restated_checked == 40 + 18


def test_seed_report_summary_lists_name_each_thing_once(seed_report):
    ch = view.changes(seed_report, document="unyo", document_title="t")
    loans = [m for m in ch["moves"] if m["row"] == "融資経理貸付金"]
    # 87 → 479億円 printed in 資産構成 and in 自家運用資産: one entry naming both
    assert len(loans) == 1 and loans[0]["table"] == "資産構成、自家運用資産" and loans[0]["old"] == "87億円"
    for name in ("moves", "fired_above", "rows_added_removed", "classes", "policies", "breaches", "flips"):
        items = [json.dumps(x, ensure_ascii=False, sort_keys=True) for x in ch[name]]
        assert len(items) == len(set(items)), name
    for name, items in ch["tables"].items():
        assert len(items) == len(set(items)), name
    # moves past config.yaml's thresholds (amounts ±20%, shares ±2.0pt, yields ±3.0pt), read off 001 and 000:
    # 対ベンチマーク超過収益率 (001 p.6 / 000 §5, 百万円): 国内株式 収益率 6.55→▲1.63, BM 5.81→▲1.55 (2); 国内債券 平残
    # 829,780→1,155,207 (+39.2%), 構成比 36.0→40.4, 収益率 ▲1.59→▲4.70, BM ▲1.65→▲4.73 (4); 外国株式 平残
    # 550,868→661,576 (+20.1%), 収益率 0.50→6.00, BM 1.88→6.88 (3); 外国債券 none (平残 ▲17.5%, 構成比 ▲1.7pt,
    # 収益率 +2.29pt, BM +2.14pt); ヘッジ外債 平残 432,567→525,113 (+21.4%), 収益率 ▲7.28→▲2.26, BM ▲7.25→▲1.88 (3);
    # 合計 平残 2,306,795→2,857,958 (+23.9%) (1): 13. Then 融資経理貸付金 87→479億円 (one entry for the two tables that
    # print it), 生命保険資産 3,770→2,474億円 (▲34.4%), 利益剰余金 4,599→5,950億円 (+29.4%), 委託運用資産 利回り
    # 4.60→7.82% and its 前年同期比 ▲4.96→▲13.60pt: 5. 18 in all
    moves = {}
    for m in view.merged_moves([view.move_view(seed_report, t, r, c) for t, r, c in summary.flagged_moves(seed_report)]):
        moves[m["table"]] = moves.get(m["table"], 0) + 1
    assert moves == {"対ベンチマーク超過収益率": 2 + 4 + 3 + 3 + 1, "資産構成、自家運用資産": 2,
                     "運用資産額・責任準備金・利益剰余金": 1, "運用損益額・運用利回り": 2}
    # sign flips, read off the same pages: 対ベンチマーク超過収益率 国内株式 年度収益 9,586→▲7,550, 収益率, BM, 超過
    # 0.74→▲0.08 (4), 外国債券 年度収益 ▲51→1,630, 収益率 ▲0.78→1.51, BM ▲0.53→1.61 (3); 基本ポートフォリオとの乖離
    # 自家運用 0.8→▲0.1pt; 自家・委託別 対前年度末比 自家 ▲1,587→2,574億円, 委託 4,053→▲306億円; 自家運用資産の
    # 前年同期比 損益額 ▲28→84億円, 利回り ▲0.04→0.07pt; 国内債券(簿価) 対前年度比 ▲1,378→2,289億円: 13 in all
    flips = {}
    for f in view.flips_view(seed_report):
        table = f.split(" ")[0]
        flips[table] = flips.get(table, 0) + 1
    assert flips == {"対ベンチマーク超過収益率": 4 + 3, "基本ポートフォリオとの乖離": 1, "自家・委託別の資産額": 2,
                     "運用損益額・運用利回り": 2, "自家運用資産": 1}
    assert ch["moves_total"] == 13 + 5 and ch["flips_total"] == 7 + 6


def test_titles_name_the_two_years():
    assert view.diff_title("小規模企業共済資産 令和6年度の運用状況", 2024, 2022) == \
        "小規模企業共済資産 令和6年度の運用状況 前回報告（令和4年度）との比較"
    assert view.diff_title("小規模企業共済資産 令和7年度の運用状況", 2025, 2024) == \
        "小規模企業共済資産 令和7年度の運用状況 前年度比較（令和6年度との比較）"
    assert (view.comparison_kind(2024, 2022), view.comparison_kind(2025, 2024)) == ("前回報告との比較", "前年度比較")


def test_text_changes_name_added_removed_and_reworded_texts():
    old = {"a.one": "同じ", "a.two": "旧い文面", "b.gone": "削除される"}
    new = {"a.one": "同じ", "a.two": "新しい文面", "c.new": "追加"}
    assert summary.text_changes(old, new) == [
        {"key": "a.two", "status": "reworded", "old": "旧い文面", "new": "新しい文面"},
        {"key": "b.gone", "status": "removed", "old": "削除される", "new": None},
        {"key": "c.new", "status": "added", "old": None, "new": "追加"}]


def test_a_text_whose_only_difference_is_its_own_year_is_the_same_wording():
    old = {"n": "令和7年度末の剰余金見込額。", "m": "令和6年度実績と令和7年度見込。", "k": "令和7年度の率", "j": "令和7年度の率"}
    new = {"n": "令和8年度末の剰余金見込額。", "m": "令和7年度実績と令和8年度見込。", "k": "令和7年度の率", "j": "令和8年度の支給率"}
    got = {x["key"]: x["status"] for x in summary.text_changes(old, new, 2025, 2026)}
    # n, m: each document's own year (and the year before) in the same words; k: the very same text; j reworded
    assert got == {"n": "years_only", "m": "years_only", "j": "reworded"}
    r = compare.compare_reports(tables_of("shikyuritsu"), {}, {}, 2025, 2026, None, {})
    r.texts = summary.text_changes(old, new, 2025, 2026)
    prose, items = view.prose_view(r, "shikyuritsu")
    assert prose["total"] == 1 and [x["status_ja"] for x in items] == ["改訂"]
    assert prose["lines"][-1].startswith("年度・日付の年だけが異なる同じ文面 2件")


def test_seed_report_prose_changes(seed_report):
    got = {(x["key"], x["status"]) for x in seed_report.texts}
    assert ("policy.basic_policy", "reworded") in got and ("governance.body", "added") in got
    assert ("deficit.cause1", "removed") in got and not any(k == "report.scope_note" for k, _ in got)
    # 001 and 000 word their chapters apart (data/unyo/texts.csv, each row with its seed): 001's 内訳 comments,
    # 繰越欠損金 sections and 【ベンチマーク】 only in 2022; 000's leads, 前年同期比 and fund list only in 2024
    # counted in data/unyo/texts.csv by valid_from/valid_to: 29 keys valid in 2022, 39 in 2024; 11 only in 2022, 21 only
    # in 2024, and of the 18 in both 12 have another wording in each year (benchmarks.intro, bonds_book.approach,
    # cash_flow.comment, fund_performance.heading, life_insurance.description, loans.funding_note, loans.legal_note,
    # loans.lending, loans.system_note, market.heading, policy.basic_policy, toc.chapter_number)
    assert sorted(k for k, x in got if x == "reworded") == [
        "benchmarks.intro", "bonds_book.approach", "cash_flow.comment", "fund_performance.heading",
        "life_insurance.description", "loans.funding_note", "loans.legal_note", "loans.lending", "loans.system_note",
        "market.heading", "policy.basic_policy", "toc.chapter_number"]
    assert {s: sum(1 for _, x in got if x == s) for s in ("reworded", "added", "removed")} == \
        {"reworded": 12, "added": 39 - 18, "removed": 29 - 18}
    ch = view.changes(seed_report, document="unyo", document_title="t")
    assert ch["prose"]["total"] == 44 and ch["prose"]["lines"][0].startswith("改訂 12件：運用の基本方針と基本ポートフォリオ")


def test_every_text_group_has_a_japanese_name(tables):
    for doc, resource in (("unyo", "texts"), ("shikyuritsu", "shikyuritsu_notes")):
        groups = compare.text_groups_of(doc)
        missing = {r["key"].split(".", 1)[0] for r in tables[resource]} - set(groups)
        assert not missing, (doc, missing)


CODES = re.compile(r"\b(overall|within_entrusted|within|breach|true|false|large_move|only_new|only_old|same_year|"
                   r"year_on_year|data_gap|outside_old|outside_new|share_pt|amount_pct|yield_pt|[a-z]+_[a-z_]+)\b")


def test_changes_json_prints_the_summary_alone_in_japanese(seed_report):
    """changes.json is plain JSON, and templates/diff/summary.html.j2 renders from it alone (no code in it)."""
    ch = json.loads(json.dumps(view.changes(seed_report, document="unyo",
                                            document_title="小規模企業共済資産 令和6年度の運用状況")))
    assert (ch["title"], ch["fy"], ch["prev"]) == ("小規模企業共済資産 令和6年度の運用状況 前回報告（令和4年度）との比較", 2024, 2022)
    head = {h["name"]: (h["old"], h["new"], h["delta"], h["rel"]) for h in ch["headlines"]}
    assert head["運用資産額"] == ("111,313", "119,195", "+7,882", "+7.1%")          # seeds 001 / 000
    html = render.environment().get_template("diff/summary.html.j2").render(v=ch)
    text = re.sub(r"<[^>]+>", " ", html)
    for words in ("主要な数値", "111,313", "119,195", "閾値を超えた変動", "表の変更", "データ未収録", "文章の変更",
                  "改訂 12件", "過年度の数値", "58件はすべて一致", "前回から引き継いだ表（再確認なし）：H25–R04年度の数値 60件",
                  "短資等"):
        assert words in text, words
    reasons = [g["reason"] for g in seed_report.gaps]
    for reason in reasons:                 # the declared reasons are quoted as written; nothing else is a code
        text = text.replace(reason, "")
    assert not CODES.findall(text), CODES.findall(text)
    assert not any(code in text for code in CLASSES)


def test_seed_comparison_lists_exactly_the_tables_and_rows_that_changed(seed_report):
    """運用状況 FY2024 against FY2022 (seeds 000/001): the tables whose figures differ, the cash flows unchanged (the
    FY2024 table ends at R04 by a declared gap: nothing deleted), and the rows of years only one report covers, each
    once (this year's rows are compared year on year, not listed as added)."""
    ch = view.changes(seed_report, document="unyo", document_title="t")
    assert ch["tables"]["changed"] == ["資産構成", "基本ポートフォリオとの乖離", "自家・委託別の資産額", "運用損益額・運用利回り",
                                       "運用資産額・責任準備金・利益剰余金", "自家運用資産", "生命保険資産の利回り",
                                       "対ベンチマーク超過収益率"]
    # the cash flows are 001's rows in both reports (000's were lost in extraction): carried, not confirmed
    assert ch["tables"]["unchanged"] == ["キャッシュ・フロー（前回から引き継いだ表（再確認なし）：H25–R04年度の数値 60件）"]
    assert ch["rows_added_removed"] == [
        "生命保険資産の利回り：追加 1行（配当に係る部分）",
        "資産構成：前回のみ 8行（R03年度末：今回の報告の期間外）",
        "基本ポートフォリオとの乖離：前回のみ 5行（R03年度末：今回の報告の期間外）",
        "運用損益額・運用利回り：追加 6行（R05年度：前回の報告にない年度）、前回のみ 12行（H30–R01年度：今回の報告の期間外）",
        "運用資産額・責任準備金・利益剰余金：追加 1行（R05年度末：前回の報告にない年度）、前回のみ 2行（H25–H26年度末：今回の報告の期間外）"]
    assert (ch["restated"]["checked"], ch["restated"]["count"], ch["restated"]["filled"]) == (58, 0, 0)


def written_bunseki(model) -> dict[str, Table]:
    declared = tables_of("bunseki")
    return {n: as_table(declared[n], cells) for n, cells in declared.csv(declared.rows(model)).items()}


def test_seed_analysis_comparison_says_only_what_is_true(tables):
    """運用環境と財政の分析 FY2024 against FY2022: the cash flows (H18–R04 in both) are unchanged, not a row deleted;
    the R05 figures the FY2022 pack left blank are 判明, not restated; the tables the FY2022 pack printed without rows
    (no 支給率 document before its date, no actual for the outcomes) have all their rows added, once: the outcomes as
    R06年度's, the 支給率 by their years."""
    names = {r["asset_class"]: r["name_ja"] for r in tables["asset_classes"]}
    r = compare.compare_reports(tables_of("bunseki"), written_bunseki(bunseki_model.build(tables, 2022)),
                                written_bunseki(bunseki_model.build(tables, 2024)), 2022, 2024, None, names, [])
    ch = view.changes(r, document="bunseki", document_title="t")
    assert ch["tables"]["changed"] == ["基礎的な収益", "自家運用損益÷責任準備金と予定利率・10年国債金利", "利益剰余金・繰越欠損金と日経平均",
                                       "繰越欠損金削減計画の経路と実績", "責任準備金の推計（計画の別表1）と実績",
                                       "基本ポートフォリオの期待収益率・標準偏差と必要な運用利回り", "必要な運用利回りと実現した運用利回り",
                                       "付加共済金の支給率の推移", "支給率の感応度", "財政収支の予測と実績"]
    assert ch["tables"]["unchanged"] == ["キャッシュ・フローの推移（前回から引き継いだ表（再確認なし）：H18–R04年度の数値 102件）",
                                         "繰越欠損金削減計画の要点と実績", "繰越欠損金削減計画の基本ポートフォリオ", "留保の方式の案（案1・案2）",
                                         "14カ月の推計リスク（両方の報告に載る年度（H30年度）の数値 24件はすべて一致。"
                                         "今回のみの年度 R07年度 3行）"]   # as its rows added say, below
    assert [x.split("：")[0] for x in ch["rows_added_removed"]] == [
        "基本ポートフォリオの期待収益率・標準偏差と必要な運用利回り", "支給率の感応度", "財政収支の予測と実績", "基礎的な収益",
        "自家運用損益÷責任準備金と予定利率・10年国債金利", "利益剰余金・繰越欠損金と日経平均", "必要な運用利回りと実現した運用利回り",
        "付加共済金の支給率の推移", "14カ月の推計リスク"]
    # the FY2022 pack printed 003's H29 基準となる率 (0.01441): the FY2024 pack adds the other years of the history
    assert ch["rows_added_removed"][7] == \
        "付加共済金の支給率の推移：追加 28行（H08–H28年度、H30–R05年度、R07年度：前回の報告にない年度）"
    assert ch["rows_added_removed"][0] == \
        "基本ポートフォリオの期待収益率・標準偏差と必要な運用利回り：追加 1行（令和4年5月改定（2025-07））"   # 000: R07.7検証時
    assert ch["rows_added_removed"][2].startswith("財政収支の予測と実績：追加 6行（R06年度: 剰余金・欠損金")
    assert not any("削除" in x or "前回のみ" in x for x in ch["rows_added_removed"])
    # the figures both packs print for the same fiscal year, counted from the years each table covers: cash flows
    # H18–R04 (17 years × 6 columns, seed 003 and 001); 基礎的な収益 H24–R04 (11 × 4); 自家運用損益÷責任準備金 H17–R04
    # (18 × 8); 利益剰余金と日経平均: the founding point 2004-07-01 and the year ends H16–R04 (20 × 4); the plan's path
    # and the 別表1 projections H20–R05 (16 × 4 and 16 × 5); the 14カ月の推計リスク of rate year H30 (3σ levels × 8).
    # The 支給率 tables had no rows in the FY2022 pack (nothing to check). Five of them are R05 figures the FY2022 pack
    # left blank: R05年度末 利益剰余金 7,296 (path: 実績 and 計画比) and 責任準備金 108,837 (別表1: 実績, 2 differences)
    # The required yield against the realised ones: H21–R04 (14 × 5); the 支給率 history: 003's H29 row (5 columns), its
    # 支給率, status and sources unknown to the FY2022 pack (filled, 4), its 0.01441 the same
    assert checked_by_table(r) == {"cash_flows": 17 * 6, "basic_profit": 11 * 4, "reserve_yield": 18 * 8,
                                   "surplus_nikkei": 20 * 4, "deficit_plan_path": 16 * 4, "reserve_projections": 16 * 5,
                                   "required_return": 14 * 5, "rate_history": 5, "risk_levels": 3 * 8}
    # ... the cash flows carried (the FY2024 pack's end at R04 too: nothing after the FY2022 pack's year) apart
    assert (ch["restated"]["checked"], ch["restated"]["count"], ch["restated"]["filled"]) == \
        (44 + 144 + 80 + 64 + 80 + 70 + 5 + 24, 0, 2 + 3 + 4)
    assert ch["restated"]["filled_items"][0] == "繰越欠損金削減計画の経路と実績 R05年度末 利益剰余金・繰越欠損金（実績）：前回 － → 今回 7,296"


def test_the_summary_colours_only_printed_figures(seed_report):
    """No red cell without a figure, no blank cell: a pt measure has no relative change, its 率 is －, not flagged."""
    ch = json.loads(json.dumps(view.changes(seed_report, document="unyo", document_title="t")))
    for elsewhere in (False, True):
        html = render.environment().get_template("diff/summary.html.j2").render(v=ch, elsewhere=elsewhere)
        flagged = re.findall(r'<td class="[^"]*\bflag\b[^"]*">([^<]*)<', html)
        assert flagged and all(x.strip() for x in flagged), flagged
        # and no figure cell left blank: what has no figure (the 率 of a pt measure) says so (－)
        assert not re.findall(r'<td class="num[^"]*">\s*</td>', html)
        assert '<td class="num ">－</td>' in html or '<td class="num">－</td>' in html
    assert '比較の資料（<span class="nw">reports/2024/unyo-jokyo-diff.pdf</span>）の「表ごとの比較」' in html   # the path kept whole


def test_a_wording_printed_in_two_places_is_one_change():
    """The analysis pack's 要旨 repeats a chapter's sentence: one entry naming both places, counted once."""
    r = compare.compare_reports(tables_of("bunseki"), {}, {}, 2022, 2024, None, {})
    same = {"status": "figures_only", "old": "令和4年度の▲834億円へ", "new": "令和6年度の▲1,032億円へ"}
    r.texts = [{**same, "key": "summary.1", "where": "要旨"}, {**same, "key": "basic.1", "where": "基礎的な収益"},
               {"key": "basic.2", "where": "基礎的な収益", "status": "reworded", "old": "旧", "new": "新"}]
    prose, items = view.prose_view(r, "bunseki")
    assert [(x["where"], x["status_ja"]) for x in items] == [("要旨、基礎的な収益", "数値"), ("基礎的な収益", "改訂")]
    assert prose["total"] == 2
    assert prose["lines"] == ["改訂 1件：基礎的な収益 1件",
                              "数値だけが異なる同じ文面 1件：要旨 1件、基礎的な収益 1件（複数箇所に載る同じ文面は1件と数える）"]


def test_a_comparison_is_marked_internal_in_the_margin_as_the_review_edition():
    """The comparison is an internal document: every page carries the review edition's mark in the running head's
    left place (the margin, never over content), not the publication's running title; the summary's rules are the
    in the shared stylesheet, report.css (the review edition prints the summary too)."""
    root = Path(__file__).resolve().parents[1] / "templates"
    diff_css, review_css = ((root / f).read_text(encoding="utf-8") for f in ("diff.css", "review.css"))
    mark = '@page { @top-left { content: "内部資料（レビュー用・公表しない）";'
    assert diff_css.count(mark) == 1 and review_css.count(mark) == 1

    shared = (root / "report.css").read_text(encoding="utf-8")   # the summary's rules: once, for both
    assert ".diff-summary table.moves" in shared and ".diff-summary" not in diff_css + review_css


def test_names_in_narrow_cells_break_between_words_only():
    """利益剰余金・繰越欠損金（実績） may break after ・ or before （, never inside 剰余金; R04年度末 → R06年度末 at the
    arrow; a run too long for a column (15 characters) after its particles, or else anywhere."""
    assert str(render.words("利益剰余金・繰越欠損金（実績）")) == \
        '<span class="nw">利益剰余金・</span><span class="nw">繰越欠損金</span><span class="nw">（実績）</span>'
    assert str(render.words("R04年度末 → R06年度末")) == \
        '<span class="nw">R04年度末 </span><span class="nw">→ </span><span class="nw">R06年度末</span>'
    assert str(render.words("繰越欠損金削減計画の経路と実績")) == \
        '<span class="nw">繰越欠損金削減計画の</span><span class="nw">経路と</span><span class="nw">実績</span>'
    assert str(render.words("繰越欠損金削減計画における経路")) == "繰越欠損金削減計画における経路"  # no break left
    assert str(render.words("<b>")) == '<span class="nw">&lt;b&gt;</span>'


def test_a_headline_figure_is_shown_once(tables):
    """The analysis pack names 利益剰余金・繰越欠損金 (its own table) and 利益剰余金（削減計画の実績）: both 4,599 → 5,950
    億円 for R04 → R06年度末, one line."""
    names = {r["asset_class"]: r["name_ja"] for r in tables["asset_classes"]}
    r = compare.compare_reports(tables_of("bunseki"), written_bunseki(bunseki_model.build(tables, 2022)),
                                written_bunseki(bunseki_model.build(tables, 2024)), 2022, 2024, None, names, [])
    ch = view.changes(r, document="bunseki", document_title="t")
    assert [(h["name"], h["old"], h["new"]) for h in ch["headlines"]] == [
        ("基礎的な収益", "▲834", "▲1,032"), ("当期利益", "▲1,171", "▲1,347"), ("自家運用損益÷責任準備金", "0.70", "0.74"),
        ("利益剰余金・繰越欠損金", "4,599", "5,950")]


def test_a_date_whose_only_change_is_its_year_is_a_change_of_year():
    """000's funds.note2 「令和7年3月末時点」 in the next year's edition 「令和8年3月末時点」 (the end of each report's
    fiscal year): the same wording, the year moved on (years_only, its own kind), not a figure that changed; a date
    that did not move on with the document (令和7年3月末 in both) is a change of figures, and so is a month that moved."""
    old = {"note2": "（注２） 時価は億円。令和7年3月末時点。", "west": "2025年3月31日現在", "stay": "令和7年3月末の残高",
           "month": "令和7年3月末時点"}
    new = {"note2": "（注２） 時価は億円。令和8年3月末時点。", "west": "2026年3月31日現在", "stay": "令和7年3月末の残高",
           "month": "令和8年6月末時点"}
    got = {x["key"]: x["status"] for x in summary.text_changes(old, new, 2024, 2025)}
    assert got == {"note2": "years_only", "west": "years_only", "month": "figures_only"}
    # the era changed within 2019: 平成31年3月末 (FY2018's end) against 令和2年3月末 (FY2019's) is one year on
    assert summary.text_status("平成31年3月末時点", "令和2年3月末時点", 2018, 2019) == "years_only"


def test_a_table_carried_from_the_previous_report_is_said_to_be_carried_not_confirmed():
    """The FY2024 report's キャッシュ・フロー ends at R04 (000 prints none; the rows are 001's): its 60 figures
    (H25–R04, 6 columns) agree with the FY2022 report's because they are the same, not because 000 confirmed
    them. The comparison says 前回から引き継いだ表（再確認なし）, never すべて一致, and counts none of them as checked;
    a table that goes on to R05 is compared as before."""
    years = [[y, 5000 + y, 5000, y, 900, 900 + y, 4000] for y in range(2013, 2023)]
    t = compare_table("cash_flows", T(CASH, *years), T(CASH, *years), gaps=[GAP_CASH])
    assert t.carried
    text = view.unchanged_text(compare.ReportDiff(tables_of("unyo"), 2024, 2022, {}, [t], CLASSES), t)
    assert "前回から引き継いだ表（再確認なし）：H25–R04年度の数値 60件" in text and "一致" not in text
    result = compare.compare_reports(tables_of("unyo"), {"cash_flows": T(CASH, *years)}, {"cash_flows": T(CASH, *years)},
                                     2022, 2024, None, CLASSES, [GAP_CASH])
    assert result.restated_checked == 0
    summary_ = view.changes(result, document="unyo", document_title="運用状況")
    assert summary_["restated"]["carried"] == ["キャッシュ・フロー（60件）"]
    # one more year (R05) in the new report: compared, its 60 figures of H25–R04 checked
    on = compare_table("cash_flows", T(CASH, *years), T(CASH, *years, [2023, 5100, 5000, 1, 900, 901, 4000]))
    assert not on.carried and "すべて一致" in view.same_year_text(on)


RET = ["segment", "item", "fiscal_year", "value", "unit"]


def test_a_figure_the_previous_report_did_not_print_is_a_reference_never_flagged():
    """001 prints no 前年同期比 (its 運用利回りの推移 has no such column); this project computes it for FY2022 (委託
    ▲4.96pt). The archive of 001 says so (archive.yaml not_printed), and the FY2024 comparison shows FY2022's as
    参考（前回は非掲載）: not a move past the 利回り±3.0pt threshold (▲4.96 → ▲13.60 is 8.64pt), not a sign flip
    (自家 ▲0.04 → +0.31), while the yield itself (委託 ▲1.43% → ▲1.03%) is compared as before."""
    old = T(RET, ["entrusted", "yield", 2022, "-1.43", "%"], ["entrusted", "yield_change", 2022, "-4.96", "pt"],
            ["self_managed", "yield_change", 2022, "-0.04", "pt"])
    new = T(RET, ["entrusted", "yield", 2024, "-1.03", "%"], ["entrusted", "yield_change", 2024, "-13.60", "pt"],
            ["self_managed", "yield_change", 2024, "0.31", "pt"])
    assert [c.threshold for _, _, c in summary.flagged_moves(
        compare.compare_reports(tables_of("unyo"), {"returns": old}, {"returns": new}, 2022, 2024))] == ["yield_pt"]
    unprinted = source.not_printed({"not_printed": [{"table": "returns", "item": ["income_change", "yield_change"]}]},
                                   Path("reports/2022/published/unyo-jokyo"))
    result = compare.compare_reports(tables_of("unyo"), {"returns": old}, {"returns": new}, 2022, 2024,
                                     unprinted=unprinted)
    assert summary.flagged_moves(result) == [] and summary.sign_flips(result) == []
    t = result.table("returns")
    lines = {x["cells"][0]["old"]: x["cells"][0] for x in view.line_rows(t, t.yoy, CLASSES, False)}
    assert lines["▲1.43%"]["threshold"] == ""
    assert [(lines[old]["threshold"], lines[old]["cls"]) for old in ("▲4.96pt", "▲0.04pt")] == [
        ("参考（前回は非掲載）", "")] * 2
    changes = view.changes(result, document="unyo", document_title="運用状況")
    assert changes["moves_total"] == 0 and changes["flips_total"] == 0


def test_the_archive_of_001_declares_the_figures_001_does_not_print():
    """The declaration is true of the seed: 001 prints no 前年同期比 (000 does: its heading 前年同期比)."""
    root = Path(__file__).parents[1]
    seeds = Path(os.environ.get("KYOSAI_SEEDS", root.parent / "shared" / "seeds"))   # as tests/test_seed_figures.py
    m = backtest.manifest(Path(__file__).parents[1] / "reports/2022/published/unyo-jokyo")
    assert [(e["table"], e["rows"]) for e in source.not_printed(m, Path("."))] == [
        ("returns", {"item": ["income_change", "yield_change"]})]
    if seeds.is_dir():
        text = {p.name[:3]: p.read_text(encoding="utf-8") for p in seeds.glob("00[01]_*.txt")}
        assert "前年同期比" not in text["001"] and "前年同期比" in text["000"]


def test_the_previous_reports_figures_are_its_archive_as_published_else_its_rebuild_said_so(tmp_path):
    """FY2022's 運用状況 is archived (001's figures as printed): the comparison takes reports/2022/published/
    unyo-jokyo/ and names it; the analysis pack of FY2022 has no archive: its rebuild, and the comparison says that
    it is not the figures as published."""
    root = Path(__file__).parents[1]
    got = source.previous(root / "reports", tmp_path / "build", 2022, "unyo")
    assert got["archived"] and got["folder"] == root / "reports/2022/published/unyo-jokyo"
    assert got["text"] == "前回の報告の数値は公表済みの表（reports/2022/published/unyo-jokyo/、公表値（資料001））。"
    assert got["not_printed"][0]["rows"] == {"item": ["income_change", "yield_change"]}
    pack = source.previous(root / "reports", tmp_path / "build", 2022, "bunseki")
    assert not pack["archived"] and pack["folder"] == tmp_path / "build/2022/bunseki/tables" and not pack["not_printed"]
    assert pack["text"] == ("前回の報告の数値は、公表済みの表（reports/2022/published/bunseki/）がないため再作成した表"
                            "（公表時の数値ではない）。")
    # an archive is read as published: a figure restated since (the archive's 403 against a rebuild's 404) is the
    # archive's, so the comparison's 前回 is 403
    archive = tmp_path / "reports/2022/published/unyo-jokyo"
    archive.mkdir(parents=True)
    (archive / "archive.yaml").write_text("kind: accepted\naccepted: 2023-07-01\nreason: r\npublication_sha256: ab\n",
                                          encoding="utf-8")
    (archive / "returns.csv").write_text("segment,item,fiscal_year,value,unit\nall,income,2022,403,億円\n", encoding="utf-8")
    got = source.previous(tmp_path / "reports", tmp_path / "build", 2022, "unyo")
    assert got["text"].endswith("受理値（2023-07-01 受理））。")
    # the accepted publication's PDF (archive.yaml: ab) is not today's rebuild of it: said, both digests named
    assert source.said(got, {"name": "reports/2022/unyo-jokyo.pdf", "sha256": "ab"}) == got["text"]
    assert source.said(got, {"name": "reports/2022/unyo-jokyo.pdf", "sha256": "cd"}).endswith(
        "受理した公表版のPDF（SHA-256 ab）は、今のreports/2022/unyo-jokyo.pdfとは異なるファイルです（数値は受理した公表版の表）。")
    old = read_tables(got["folder"])
    assert old["returns"].rows[0]["value"] == "403"
    # every digest is the file's
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"abc")   # FIPS 180-2's example: SHA-256("abc")
    assert source.pdf_named(pdf, "reports/2024/x.pdf") == {
        "name": "reports/2024/x.pdf", "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}
