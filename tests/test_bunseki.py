"""「小規模企業共済 運用環境と財政の分析」 (kyosai.bunseki): the analyses of seed 003 (平成29年12月, 中小企業庁) and seed 004
(繰越欠損金削減計画, 平成21年8月) rebuilt from the data. Expected values are transcribed from the seeds here, and only
here; the code under test never sees them except as data rows it must reproduce or reconcile with."""
from __future__ import annotations

import csv
import importlib.util
import re
import sys
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from kyosai import dataio, qa as qalog
from kyosai.bunseki import model as bunseki_model
from kyosai.bunseki.tables import TABLES
from kyosai.dataio import DataError
from kyosai.numbers import round_half_up

from conftest import ROOT, edit

_spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("bench_run", bench)  # dataclasses look their module up
_spec.loader.exec_module(bench)

DATA = Path(__file__).resolve().parents[1] / "data"
H18_H28 = range(2006, 2017)


@pytest.fixture(scope="module")
def data():
    return dataio.load_all(sections=bunseki_model.DATA_SECTIONS)




@pytest.fixture(scope="module")
def csv2024(bunseki2024):
    """The tables as the CSVs write them (rounded as printed)."""
    return TABLES.csv(TABLES.rows(bunseki2024))


def by(rows, *keys):
    return {tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]]: r for r in rows}


def r0(v):
    return None if v is None else round_half_up(v, 0)


# ---------------------------------------------------------------- which years

def test_an_analysis_for_every_unyo_year(data):
    assert bunseki_model.years(data) == [2022, 2024]


# ---------------------------------------------------------------- 1 cash flows: 003 §1 (H18–H28), 001 §3 (H25–R4)

SEED_003_CASH_FLOWS = {   # 掛金収入(a), 共済金等支出(b), 収支差(c), 利金等収入(d), 収支差+利金収入, 償還金
    2006: (5135, 5644, -508, 898, 390, 6298), 2007: (5213, 5849, -636, 917, 281, 4848),
    2008: (5239, 6423, -1184, 959, -226, 4840), 2009: (5157, 6442, -1285, 950, -336, 4586),
    2010: (5156, 5976, -820, 966, 146, 4453), 2011: (5260, 6105, -845, 977, 132, 4558),
    2012: (5332, 6408, -1075, 977, -99, 4769), 2013: (5437, 5775, -338, 981, 644, 4436),
    2014: (5597, 5553, 44, 990, 1034, 4299), 2015: (5823, 5243, 580, 998, 1578, 4393),
    2016: (6081, 5389, 691, 951, 1642, 4084),
}
COLUMNS_CF = ("contributions_oku", "benefits_oku", "balance_oku", "bond_interest_oku", "balance_with_interest_oku",
              "bond_redemptions_oku")


def test_cash_flows_reproduce_003_table_1(csv2024):
    rows = by(csv2024["cash_flows"], "fiscal_year")
    for fy, expected in SEED_003_CASH_FLOWS.items():
        assert tuple(rows[str(fy)][c] for c in COLUMNS_CF) == tuple(map(str, expected)), fy


def test_cash_flows_run_from_h18_to_the_last_year_of_data_and_say_where_they_stop(bunseki2024, bunseki2022):
    for m in (bunseki2022, bunseki2024):
        years = [r["fiscal_year"] for r in m["cash_flows"]["rows"]]
        assert years == list(range(2006, 2023))
    assert bunseki2022["cash_flows"]["missing_from"] is None
    assert bunseki2024["cash_flows"]["missing_from"] == 2023
    assert any(e["kind"] == "gap" and e["subject"] == "キャッシュ・フロー" for e in bunseki2024["qa"])
    last = bunseki2024["cash_flows"]["rows"][-1]   # 001 §3 R4: 7,829 − 5,582 = 2,246 (printed), + 848 = 3,095
    assert (last["balance"], last["balance_with_interest"]) == (2246, 3095)


# ---------------------------------------------------------------- 2 基礎的な収益: 003 論点2 ①-3; (A)/(B): 003 ①-2

SEED_003_BASIC_PROFIT = {2012: 201, 2013: 212, 2014: 199, 2015: 158, 2016: 45}        # ⑪
SEED_003_NET_INCOME = {2012: 2712, 2013: 2617, 2014: 2766, 2015: -708, 2016: 1206}    # ⑩ 当期利益
SEED_003_ENTRUSTED = {2012: 2510, 2013: 2404, 2014: 2567, 2015: -867, 2016: 1161}     # ② 委託運用収入


def test_basic_profit_reproduces_003_and_shows_its_identity(bunseki2024, csv2024):
    rows = {r["fiscal_year"]: r for r in bunseki2024["basic_profit"]["rows"]}
    for fy, expected in SEED_003_BASIC_PROFIT.items():
        r = rows[fy]
        assert (r["basic_profit"], r["net_income"], r["entrusted_income"]) == \
            (expected, SEED_003_NET_INCOME[fy], SEED_003_ENTRUSTED[fy])
        assert abs(r["net_income"] - r["entrusted_income"] - expected) <= 1       # the identity, within rounding
    printed = by(csv2024["basic_profit"], "fiscal_year")
    assert [printed[str(y)]["basic_profit_oku"] for y in range(2012, 2017)] == ["201", "212", "199", "158", "45"]
    assert TABLES["basic_profit"].column("basic_profit_oku").heading == "基礎的な収益\n（＝a－b）"


def test_basic_profit_later_years_are_computed_and_the_missing_year_is_declared(bunseki2024):
    rows = {r["fiscal_year"]: r for r in bunseki2024["basic_profit"]["rows"]}
    # 000 §3–§4: R6 当期利益 ▲1,347 (利益剰余金増減), 委託運用資産 運用損益 ▲315 → ▲1,032
    assert (rows[2024]["basic_profit"], rows[2024]["status"]) == (-1032, "computed")
    # 001 §2–§3: R4 ▲1,171 − (▲337) = ▲834
    assert rows[2022]["basic_profit"] == -834
    assert rows[2017]["basic_profit"] is None and rows[2017]["status"] == "gap"   # no seed prints the FY2017 委託 income
    assert bunseki2024["basic_profit"]["gaps"] == [2017]
    assert any(e["kind"] == "gap" and e["subject"] == "基礎的な収益" for e in bunseki2024["qa"])


def test_self_managed_income_over_reserve_reproduces_003_and_meets_the_rates(bunseki2024, csv2024):
    printed = by(csv2024["reserve_yield"], "fiscal_year")
    # (A)/(B) as 003 ①-2 prints it (l.223): 平成17年度 … 平成28年度
    ratio = ["1.09", "1.10", "1.09", "1.13", "1.13", "1.19", "1.21", "1.21", "1.23", "1.22", "1.17", "1.07"]
    jgb = ["1.34", "1.83", "1.65", "1.36", "1.34", "1.36", "1.28", "1.01", "0.57", "0.62", "0.38", "-0.07"]
    assert [printed[str(y)]["reserve_ratio_pct"] for y in range(2005, 2017)] == ratio
    assert [printed[str(y)]["jgb_10y_pct"] for y in range(2005, 2017)] == jgb
    assert {printed[str(y)]["assumed_rate_pct"] for y in range(2005, 2017)} == {"1.00"}
    assert printed["2016"]["jgb_margin_pt"] == "-1.07"     # 10年国債金利 below 予定利率 (003 ①-1)
    # 003 ①-2 (l.220): 自家運用_運用損益 (A) 平成17年度 … 平成28年度
    income = ["934", "945", "941", "965", "964", "1011", "1029", "1024", "1046", "1048", "1023", "955"]
    assert [printed[str(y)]["self_income_oku"] for y in range(2005, 2017)] == income
    assert (printed["2012"]["reserve_ratio_pct"], printed["2012"]["margin_pt"]) == ("1.21", "0.21")   # 1.21% − 1.00%
    # later years: 自家運用損益 (000/001 §2–§3) ÷ 責任準備金 (000 §4): R6 832 / 112,414
    assert printed["2024"]["reserve_ratio_pct"] == "0.74" and printed["2024"]["assumed_rate_pct"] == ""
    assert bunseki2024["reserve_yield"]["rate_gaps"] == list(range(2017, 2025))


def test_h24_self_managed_income_of_003_2_and_3_is_a_declared_discrepancy(bunseki2024, data):
    # 003 ①-2 (l.220) prints the H24 自家運用_運用損益 (A) as 1,024; 003 ①-3 prints うち自家運用収入 1,032, which with
    # 委託運用収入 2,510 meets うち運用収入 3,543: data/unyo holds ①-3's, the ①-2 table is reproduced with ①-2's
    row = {r["fiscal_year"]: r for r in bunseki2024["reserve_yield"]["rows"]}[2012]
    assert (row["self_income"], row["self_income_other"], row["policy_reserve"]) == (1024, 1032, 84745)
    assert {r["fiscal_year"]: r for r in data["investment_returns"].where(segment="self_managed")}[2012]["income"] == 1032
    found = [e for e in bunseki2024["qa"] if e["kind"] == "discrepancy" and e["subject"] == "平成24年度 自家運用損益"]
    assert len(found) == 1 and "1,024" in found[0]["detail"] and "1,032" in found[0]["detail"]
    ratio = [e for e in bunseki2024["qa"] if e["subject"] == "平成24年度 自家運用損益÷責任準備金"]
    assert ratio and ratio[0]["kind"] == "identity" and ratio[0]["ok"]     # 1,024 / 84,745 = 1.2083 → 1.21


def test_a_declared_discrepancy_that_no_longer_differs_stops_the_build(data_copy):
    edit(data_copy / "bunseki" / "source_discrepancies.csv", "2012,self_income,self_managed,1024",
         "2012,self_income,self_managed,1032")
    with pytest.raises(DataError) as exc:
        bunseki_model.build(dataio.load_all(data_copy, sections=bunseki_model.DATA_SECTIONS), 2024)
    assert any(p.startswith("data/bunseki/source_discrepancies.csv, line 2, column value") and "no discrepancy" in p
               for p in exc.value.problems), exc.value.problems


# ---------------------------------------------------------------- 3 利益剰余金・繰越欠損金 and 日経平均: 003 論点2 ②

SEED_003_SURPLUS = [-9420, -8883, -5955, -5026, -6830, -9982, -7680, -7820, -7411, -4700, -2083, 683, -25, 1180]
SEED_003_NIKKEI = ["11896.01", "11668.95", "17059.66", "17287.65", "12525.54", "8109.53", "11089.94", "9755.10",
                   "10083.56", "12397.91", "14827.83", "19206.99", "16758.67", "18909.26"]


def test_surplus_against_nikkei_reproduces_003_from_the_founding_of_smrj(csv2024):
    rows = csv2024["surplus_nikkei"]
    assert (rows[0]["point"], rows[0]["date"]) == ("founded", "2004-07-01")
    assert [int(r["surplus_oku"]) for r in rows[:14]] == SEED_003_SURPLUS
    assert [r["nikkei225"] for r in rows[:14]] == SEED_003_NIKKEI
    assert [r["date"] for r in rows[1:14]] == [f"{y + 1}-03-31" for y in range(2004, 2017)]


def test_surplus_series_reaches_the_latest_year_and_declares_the_missing_index(bunseki2024, bunseki2022):
    last = bunseki2024["surplus"]["rows"][-1]
    assert (last["label"], last["surplus"], last["nikkei225"]) == ("R06年度末", 5950, None)   # 000 §4
    assert bunseki2024["surplus"]["no_index"] == ["R05年度末", "R06年度末"]
    assert bunseki2022["surplus"]["rows"][-1]["nikkei225"] == Decimal("26094.50")                 # 001 §3 R05.03.31
    d = bunseki2024["surplus"]["deficit"]
    assert (d["worst"]["fiscal_year"], d["worst"]["surplus"]) == (2008, -9982)               # 004 §1(1)
    assert d["cleared"]["fiscal_year"] == 2014                                               # 000 §4: 平成26年度に解消
    assert (d["relapse"]["fiscal_year"], d["positive_since"]["fiscal_year"]) == (2015, 2016)


# ---------------------------------------------------------------- 4 the 2009 plan: 004

def test_plan_path_starts_at_the_fy2008_deficit_and_ends_in_13_to_15_years(bunseki2024):
    dp = bunseki2024["deficit_plan"]
    s = dp["summary"]
    assert s["deficit"] == -9982 and (s["years_min"], s["years_max"]) == (13, 15)             # 004 §1(1), §2(1)
    assert (s["annual_reduction_min"], s["annual_reduction_max"]) == (660, 770)             # 004 §2(2) 約660～770億円
    # 9,982 / 15 = 665.47 and 9,982 / 13 = 767.85 (by hand): 004 prints them as 約660～770 (the lower one cut to 660,
    # not 四捨五入 to 670); the pack prints both to one decimal
    assert round_half_up(s["annual_reduction_slow"], 2) == Decimal("665.47")
    assert round_half_up(s["annual_reduction_fast"], 2) == Decimal("767.85")
    assert s["deficit_ratio"] == Decimal("-11.7")                                           # 004 §1(1) ▲11.7%
    assert (s["resolve_from"], s["resolve_to"]) == (2021, 2023)                             # 001 §3: 令和3～5年度に解消
    assert s["first_period_target"] == 3000                                                 # 004 §2(2) 約3,000億円
    assert s["first_period_actual"] == -2083 - (-9982)                                      # 003 ②: H25年度末 ▲2,083
    assert (s["cleared_year"], s["positive_since"]) == (2014, 2016)
    path = {r["fiscal_year"]: r for r in dp["path"]}
    assert path[2008]["actual"] == path[2008]["slow"] == -9982
    assert r0(path[2021]["fast"]) == 0 and r0(path[2023]["slow"]) == 0
    # after elimination the plan's balance is 0 (004 §2(2): eliminated in 13–15 years): the actual is ahead by all of it
    assert (path[2024]["fast"], path[2024]["slow"], path[2024]["actual"]) == (0, 0, 5950)
    assert path[2024]["ahead_of_slow"] == 5950


def test_reserve_projections_of_the_plan_against_actuals(bunseki2024, bunseki2022):
    rows = {r["fiscal_year"]: r for r in bunseki2024["reserve_projections"]["rows"]}
    assert (rows[2022]["with_reform"], rows[2022]["without_reform"]) == (88843, 85415)   # 004 別表1 H34
    assert (rows[2023]["with_reform"], rows[2023]["without_reform"]) == (88808, 84923)   # 004 別表1 H35
    assert rows[2022]["actual"] == 105885                                                 # 001 §3 R04年度末
    assert rows[2022]["diff_with"] == 105885 - 88843
    assert (rows[2008]["diff_with"], rows[2008]["diff_without"]) == (1, 1)              # 85,661 − 85,660
    assert (rows[2008]["with_reform"], rows[2008]["actual"]) == (85660, 85661)           # 004 vs 003: a rounding
    found = [e for e in bunseki2024["qa"] if e["kind"] == "rounding" and e["subject"] == "H20年度末 責任準備金"]
    assert len(found) == 1 and "004 別表1（計画の決算額） 85,660 と 003 ①-2（実績） 85,661の差 1" in found[0]["detail"]
    assert {r["fiscal_year"]: r["actual"] for r in bunseki2022["reserve_projections"]["rows"]}[2023] is None


# ---------------------------------------------------------------- 5 rates: 002, 003

def test_rate_history_holds_every_rate_year_zeros_included(bunseki2024):
    h = {r["rate_fiscal_year"]: r for r in bunseki2024["rates"]["history"]}
    assert min(h) == 1996 and max(h) == 2025                       # 002 §1: 平成8年の制度導入; the 令和7年度 rate
    assert round_half_up(h[2025]["rate"], 5) == Decimal("0.01047")  # 002 §4
    assert h[2025]["base_rate"] == Decimal("0.06467")                # 002 §2 まとめ
    assert h[2017]["base_rate"] == Decimal("0.01441")                # 003 §3: 1,119 / 77,671
    assert (h[2017]["rate"], h[2017]["status"]) == (0, "none_before_first")   # 003 §2: 支給実績はない
    assert [y for y, r in h.items() if r["status"] == "paid"] == [2018, 2021, 2022, 2024]   # 002 §4 留保額の年度
    assert all(h[y]["rate"] is None for y in (2018, 2021, 2022, 2024))
    assert [y for y, r in h.items() if r["status"] == "none_not_retained"] == [2019, 2020, 2023]
    assert all(h[y]["rate"] == 0 for y in range(1996, 2018))


def test_risk_levels_of_003_and_002(bunseki2024):
    risk = {(r["rate_fiscal_year"], int(r["sigma"])): r for r in bunseki2024["rates"]["risk"]}
    assert (risk[(2018, 1)]["risk"], risk[(2018, 2)]["risk"]) == (1252, 3210)          # 003 論点2 ③
    assert [r0(risk[(2025, k)]["risk"]) for k in (1, 2, 3)] == [985, 2922, 4858]        # 002 §3
    assert [round_half_up(risk[(2025, k)]["probability"], 2) for k in (1, 2, 3)] == \
        [Decimal("15.87"), Decimal("2.28"), Decimal("0.14")]
    assert [risk[(2025, k)]["once_in_years"] for k in (1, 2, 3)] == [6, 40, 700]


def test_sensitivity_of_the_latest_rate_year_reuses_the_engine_and_marks_the_official_rate(bunseki2024):
    s = bunseki2024["rates"]["sensitivity"]
    assert s["rate_fiscal_year"] == 2025
    rows = {r["scenario_id"]: r for r in s["rows"]}
    assert [r["scenario_id"] for r in s["rows"] if r["official"]] == ["sigma_2"]
    assert round_half_up(rows["sigma_2"]["rate"], 5) == Decimal("0.01047")             # 002 §4
    assert r0(rows["sigma_2"]["available"]) == 2079                                    # 002 §4 ①' 2,079億円
    assert rows["sigma_1"]["rate"] > rows["sigma_2"]["rate"] > rows["sigma_3"]["rate"]
    assert rows["return_plus_1pt"]["rate"] > rows["sigma_2"]["rate"] > rows["return_minus_1pt"]["rate"]
    assert rows["std_dev_minus_1pt"]["rate"] > rows["sigma_2"]["rate"] > rows["std_dev_plus_1pt"]["rate"]
    assert rows["plan_1"]["rate"] == rows["sigma_2"]["rate"]      # 案1 = the method in force (003 4. まとめ)
    assert rows["plan_2"]["rate"] == 0                             # 2,079 does not reach 5,000 − 1,422
    assert {"plan_1", "plan_2", "chutaikyo"} <= set(rows)


# ---------------------------------------------------------------- 6 projection against outcome: 002 vs 000

def test_the_current_method_row_prints_the_published_fund_in_the_pack_and_the_rate_document(csv2024, shikyuritsu2025):
    # 002 §4 ①': 「令和7年度の付加共済金原資がその1/2の1,039.4億円発生する」; the printed inputs give
    # (6,423 − 1,422 − 2,921.84 − 0) / 2 = 1,039.58 → 1,039.6, which the 2σ (現行方式) row printed before
    from kyosai.shikyuritsu.tables import TABLES as SK_TABLES
    pack = {r["scenario_id"]: r for r in csv2024["sensitivity"]}
    annex = {r["scenario_id"]: r for r in SK_TABLES.csv(SK_TABLES.rows(shikyuritsu2025))["scenarios"]}
    for rows in (pack, annex):
        assert rows["sigma_2"]["fund_oku"] == "1039.4" and rows["sigma_2"]["rate"] == "0.01047"
        assert rows["plan_1"]["fund_oku"] == "1039.4"                 # 案1 = the method in force (003 4. まとめ)
        assert rows["sigma_2"]["retained_after_oku"] == "2461.4"      # 002 §4: 1,422 + the other 1/2, 1,039.4
        assert rows["sigma_1"]["fund_oku"] == "2007.9"                 # (6,423 − 1,422 − 985.20) / 2, ours


def test_projections_of_the_2025_rate_document_against_the_fy2024_outcome(bunseki2024):
    rows = {(r["projected_in"], r["fiscal_year"], r["measure"]): r for r in bunseki2024["outcomes"]["rows"]}
    surplus = rows[(2025, 2024, "surplus")]
    assert (surplus["projected"], surplus["actual"], surplus["difference"]) == (6839, 5950, -889)   # 002 (6) 見込; 000 §4
    net = rows[(2025, 2024, "net_income")]
    assert (net["projected"], net["actual"]) == (-457, -1347)                                       # 002 (3); 000 §4
    y = rows[(2025, 2024, "yield_total")]
    assert (y["projected"], y["actual"]) == (Decimal("1.17"), Decimal("0.43"))                      # 002; 000 §3
    assert rows[(2025, 2024, "policy_reserve")]["projected"] == 111464 + 1410                       # 002 (5) 内訳
    assert all(r["basis"] == "unyo" for r in rows.values())
    assert {p["fiscal_year"] for p in bunseki2024["outcomes"]["pending"]} == {2025}


def test_projection_chapter_is_empty_but_present_when_no_outcome_is_known(bunseki2022):
    # the FY2022 analysis is dated 令和5年7月 (001 cover); the only 支給率 document, 002, is of 令和7年3月
    assert bunseki2022["outcomes"]["rows"] == [] and bunseki2022["outcomes"]["documents"] == []
    assert bunseki2022["outcomes"]["pending"] == []
    assert "outcomes" in [s["section"] for s in bunseki2022["sections"]]
    assert TABLES.rows(bunseki2022)["outcomes"] == []


def test_the_measures_are_checked_on_every_actual_column_known_by_the_documents_date(bunseki2024, bunseki2022):
    checks = [e for e in bunseki2024["qa"] if e["detail"].startswith("令和7年度の支給率資料の実績")]
    assert len(checks) == 6 and all(e["ok"] for e in checks)     # 002's FY2023 実績 = 000's FY2023 figures
    assert all(e["subject"].startswith("令和5年度 ") for e in checks)
    # 002 (令和7年3月) is after the FY2022 analysis (令和5年7月): it neither uses nor checks nor names it
    assert not [e for e in bunseki2022["qa"] if "令和7年度の支給率資料" in e["detail"] or "令和7年度の支給率資料" in e["subject"]]
    reserve = next(e for e in bunseki2024["qa"] if e["subject"].startswith("令和5年度 責任準備金"))
    assert "107,417 + 1,420 = 108,837 と 運用状況 108,837" in reserve["detail"]          # 002 (5); 000 §4
    note = next(e for e in bunseki2024["qa"] if e["subject"] == "財政収支の予測と実績")["detail"]
    assert "令和5年度実績 6項目で確認" in note


# ---------------------------------------------------------------- a document uses only what was known at its date

def test_the_fy2022_analysis_uses_no_rate_document_published_after_it(bunseki2022):
    # 001 cover: 令和5年7月. 002 (the 令和7年度 rate, 0.01047) is of 令和7年3月: not known then. 003 (平成29年12月)
    # is: its 平成30年度 推計リスク stays
    r = bunseki2022["rates"]
    assert r["history"] == [] and r["documents"] == [] and r["sensitivity"] is None and r["latest"] is None
    assert {x["rate_fiscal_year"] for x in r["risk"]} == {2018}
    assert "later" not in r     # a later document is not even named (its rows would change this one)
    assert any(e["kind"] == "gap" and e["subject"] == "支給率" and "令和5年7月1日" in e["detail"] for e in bunseki2022["qa"])
    from kyosai.bunseki.view import DOCUMENT
    v = DOCUMENT.view(bunseki2022, TABLES.rows(bunseki2022))
    assert not any("0.01047" in p for p in v["overview"])
    assert any("本書の作成時点（令和5年7月）までに公表された、各年度の支給率を決定した資料はデータにない" in p
               for p in v["overview"])
    assert TABLES.rows(bunseki2022)["sensitivity"] == []
    # the plan's projection runs to 令和5年度末; the FY2022 analysis has actuals to 令和4年度末 (001 §3 105,885)
    assert "実績のある最終年度（令和4年度末）には実績10兆5,885億円に対し推計8兆8,843億円" in v["deficit_plan"]["reserve_sentence"]


def test_a_rate_document_is_used_from_its_date_on(data_copy):
    edit(data_copy / "shikyuritsu" / "documents.csv", "2025,2025-03,2025-03-01", "2025,2023-03,2023-03-01")
    m = bunseki_model.build(dataio.load_all(data_copy, sections=bunseki_model.DATA_SECTIONS), 2022)
    assert m["rates"]["documents"] == [2025] and m["rates"]["sensitivity"]["rate_fiscal_year"] == 2025
    assert {x["rate_fiscal_year"] for x in m["rates"]["risk"]} == {2018, 2025}


def later_document(data_dir: Path) -> tuple[Path, list[int], int]:
    """The next year by rows alone (bench/run.py: 運用状況 FY2025, 支給率 of rate year 2026, dated 令和8年3月), the
    2026 document's FY2024 実績 column printing a 基本額に係る責任準備金 100億円 above the 運用状況's (its (4), (5)
    moved with it, so that the document's own identities hold): the only conflict is between two documents.
    Returns the file, the lines of the 2026 document's two 責任準備金 rows and the line of the 運用状況's FY2024 row."""
    bench.synthesise(data_dir.parent, 1)
    path = data_dir / "shikyuritsu" / "fiscal_projection.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    lines = {}
    for n, r in enumerate(rows, start=2):
        if (r["rate_fiscal_year"], r["fiscal_year"]) == ("2026", "2024"):
            lines[r["line"]] = n
            if r["line"] in ("basic_reserve", "liabilities", "assets"):
                r["value"] = str(int(r["value"]) + 100)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    unyo = (data_dir / "unyo" / "balance_history.csv").read_text(encoding="utf-8").splitlines()
    unyo_line = next(n for n, text in enumerate(unyo, start=1) if text.startswith("2024,"))
    return path, [lines["basic_reserve"], lines["installment_reserve"]], unyo_line


def test_a_later_document_changes_no_earlier_one_and_its_conflict_names_both_figures(data, data_copy):
    # issue #18: next March's 支給率 with an inconsistent 責任準備金 in its previous-year 実績 column made the FY2022 and
    # FY2024 packs (dated 令和5年7月, 令和7年7月: before it) fail, naming outcome_measures.csv's definition only
    before = {fy: bunseki_model.build(data, fy) for fy in (2022, 2024)}
    _, reserve_lines, unyo_line = later_document(data_copy)
    later = dataio.load_all(data_copy, sections=bunseki_model.DATA_SECTIONS)
    for fy, m in before.items():
        after = bunseki_model.build(later, fy)
        assert TABLES.csv(TABLES.rows(after)) == TABLES.csv(TABLES.rows(m)), fy     # every table, byte for byte
        assert after["qa"] == m["qa"], fy                                          # and the QA log
    # the FY2025 pack (令和8年7月) knows the 2026 document: the conflict stops it, naming both figures' file and lines
    with pytest.raises(DataError) as exc:
        bunseki_model.build(later, 2025)
    problem = next(p for p in exc.value.problems if "責任準備金" in p)
    assert (f"data/shikyuritsu/fiscal_projection.csv, lines {reserve_lines[0]}, {reserve_lines[1]} and "
            f"data/unyo/balance_history.csv, line {unyo_line}, column policy_reserve") in problem, problem
    assert "112514 vs 運用状況 112414 differ by 100" in problem      # 000 §4: R6 責任準備金 112,414


def test_a_rate_year_without_a_date_stops_the_build(data_copy):
    edit(data_copy / "bunseki" / "rate_sources.csv", "2018,2018,inputs,published,,2017-12,",
         "2019,2019,inputs,published,,2017-12,")
    with pytest.raises(DataError) as exc:
        bunseki_model.build(dataio.load_all(data_copy, sections=bunseki_model.DATA_SECTIONS), 2024)
    assert any("rate fiscal year 2018 has no date" in p for p in exc.value.problems), exc.value.problems


def test_every_rate_says_where_it_comes_from_and_the_inferred_zeros_are_marked(bunseki2024, csv2024):
    h = {r["rate_fiscal_year"]: r for r in bunseki2024["rates"]["history"]}
    # 002 §4: 0.01047 printed; the zeros are printed nowhere: 003 §1 「制度導入以降、支給実績はない」 (平成29年12月),
    # 002 §1 「平成30年度に初めて支給を実施」; R01, R02, R05 are not among 002 §4's 留保額 years
    assert h[2025]["rate_basis"] == "document" and h[2025]["rate_source"] == "令和7年度の支給率の資料 §4"
    assert {y for y, r in h.items() if r["rate_basis"] == "inferred_zero"} == set(range(1996, 2018)) | {2019, 2020, 2023}
    assert "制度導入以降、支給実績はない" in h[1996]["rate_source"] and "平成30年度に初めて支給を実施" in h[2017]["rate_source"]
    assert "平成30年度、令和3年度、令和4年度及び令和6年度" in h[2023]["rate_source"]
    assert {y for y, r in h.items() if r["rate_basis"] == "paid_not_printed"} == {2018, 2021, 2022, 2024}
    printed = by(csv2024["rate_history"], "rate_fiscal_year")
    assert (printed["2023"]["rate"], printed["2023"]["rate_basis"]) == ("0.00000", "inferred_zero")
    assert (printed["2025"]["rate"], printed["2025"]["rate_basis"]) == ("0.01047", "document")
    from kyosai.bunseki.view import DOCUMENT
    v = DOCUMENT.view(bunseki2024, TABLES.rows(bunseki2024))["rates"]
    lines = {x["label"]: x for x in v["history"]}
    assert (lines["H08年度～H28年度"]["rate"], lines["H08年度～H28年度"]["source"]) == ("0（推定）", "推定（支給なし）（注1）")
    assert (lines["H29年度"]["base_rate"], lines["H29年度"]["rate"]) == ("0.01441", "0（推定）")     # 003 §3
    assert lines["R07年度"]["rate"] == "0.01047" and lines["R07年度"]["source"] == "公表値（令和7年度の支給率の資料 §4）"
    assert lines["R05年度"]["rate"] == "0（推定）" and lines["R03年度～R04年度"]["rate"] == "－"
    notes = {n["mark"]: n for n in v["source_notes"]}
    assert notes["注1"]["years"] == "平成8年度～平成29年度" and notes["注1"]["inferred"]
    # one note per source: 002 §4's 留保額 years (paid), and the years outside them (inferred 0)
    assert [(n["years"], n["inferred"]) for n in v["source_notes"][1:]] == [
        ("平成30年度、令和3年度、令和4年度、令和6年度", False), ("令和元年度、令和2年度、令和5年度", True)]
    assert lines["R05年度"]["source"] == "推定（支給なし）（注3）"
    assert not any("公表値" in x["source"] for x in v["history"] if x["rate"] == "0（推定）")


def test_a_rate_source_that_disagrees_with_the_data_stops_the_build(data_copy):
    edit(data_copy / "bunseki" / "rate_sources.csv", "2023,2023,rate,inferred_zero,", "2023,2023,rate,paid_not_printed,")
    with pytest.raises(DataError) as exc:
        bunseki_model.build(dataio.load_all(data_copy, sections=bunseki_model.DATA_SECTIONS), 2024)
    assert any("paid_not_printed for rate fiscal year 2023, but the data implies inferred_zero" in p
               for p in exc.value.problems), exc.value.problems


# ---------------------------------------------------------------- the shape: sections, QA, view

def test_sections_follow_the_data(bunseki2024):
    assert [s["section"] for s in bunseki2024["sections"]] == ["overview", "cashflow", "basic-profit", "surplus",
                                                          "deficit-plan", "rates", "outcomes"]
    assert bunseki2024["sections"][0]["title"] == "要旨（令和6年度）"


def test_qa_logs_the_published_figures_reconciled(bunseki2024):
    text = qalog.markdown(bunseki2024["qa"], "x")
    for subject in ("平成24年度 基礎的な収益", "平成18年度 収支差＋利金収入", "令和7年度の支給率の基準となる率",
                    "H20年度末 繰越欠損金÷責任準備金"):
        assert subject in text, subject
    assert not [e for e in bunseki2024["qa"] if e["kind"] == "identity" and not e["ok"]]


def test_qa_log_is_in_japanese(bunseki2022, bunseki2024):
    """The review edition prints the log: no English prose (two words in a row) in a subject or a detail; file
    paths and the identifiers of data lines are single words."""
    prose = re.compile(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}")
    english = [(e["subject"], e["detail"]) for m in (bunseki2022, bunseki2024) for e in m["qa"]
               if prose.search(e["subject"]) or prose.search(e["detail"])]
    assert not english, english[:3]


def test_view_words_follow_the_figures(bunseki2024):
    from kyosai.bunseki.view import DOCUMENT
    v = DOCUMENT.view(bunseki2024, TABLES.rows(bunseki2024))
    assert DOCUMENT.title(bunseki2024) == "小規模企業共済 運用環境と財政の分析（令和6年度）"
    # 000 l.298: 「令和６年度末の利益剰余金は5,950億円（対前年度比▲1,347億円）」, the 当期利益 (000 l.289), not 7,296 → 5,950
    assert "令和6年度末の利益剰余金は5,950億円（対前年度比▲1,347億円）" in v["surplus"]["sentence"]
    assert "R06年度末は当期利益▲1,347億円、残高の差▲1,346億円" in v["surplus"]["change_note"]
    assert "平成26年度末に解消" in v["surplus"]["sentence"]
    assert "減少" in v["basic_profit"]["sentence"] and "▲1,032億円" in v["basic_profit"]["sentence"]
    assert "7年早く" in v["deficit_plan"]["sentence"]           # cleared FY2014, the plan's earliest FY2021
    # 004 別表1 runs to H35 (令和5年度末); 000 §4 has its actual
    assert "推計の最終年度（令和5年度末）には実績10兆8,837億円に対し推計8兆8,808億円" in v["deficit_plan"]["reserve_sentence"]
    assert v["rates"]["sensitivity"]["official"] == "0.01047"
    assert [h["label"] for h in v["rates"]["history"]][:2] == ["H08年度～H28年度", "H29年度"]
    # no 支給率 document for these years: the 0 is inferred (002 §1; no 留保額 in 002 §4), and printed so
    rates = {h["label"]: h["rate"] for h in v["rates"]["history"]}
    assert {rates[k] for k in ("H08年度～H28年度", "H29年度", "R01年度～R02年度", "R05年度")} == {"0（推定）"}
    assert rates["R07年度"] == "0.01047"
    # 14カ月の推計リスク: 002 §3 prints 985 / 2,922 / 4,858; 003 prints 1σ/2σ but not the base (implied)
    risk = {(x["year"], x["sigma_ja"]): x for x in v["rates"]["risk"]}
    assert {risk[("R07年度", k)]["basis_ja"] for k in ("▲1σ", "▲2σ", "▲3σ")} == {"公表値（計算と一致）"}
    assert [risk[("R07年度", k)]["risk"] for k in ("▲1σ", "▲2σ", "▲3σ")] == [985, 2922, 4858]
    assert risk[("H30年度", "▲1σ")]["base_text"] == "（18,350）" and risk[("R07年度", "▲1σ")]["base_text"] == "28,919"
    assert risk[("H30年度", "▲3σ")]["basis_ja"] == "計算値（逆算した元本による）"


def test_published_figures_are_marked_and_computed_ones_are_not(bunseki2024):
    from kyosai.bunseki.view import DOCUMENT
    v = DOCUMENT.view(bunseki2024, TABLES.rows(bunseki2024))
    # 003 ①-3 ⑪ prints 基礎的な収益 H24–H28 (201, 212, 199, 158, 45); R01–R06 are computed (R06 ▲1,032)
    assert v["basic_profit"]["published"] == "基礎的な収益は平成24年度～平成28年度"
    # 003 ①-2 prints (A)/(B) H17–H28 (1.09 … 1.07); later years are ours (R06 832 / 112,414 = 0.74)
    assert v["basic_profit"]["published_ratio"] == "(A)÷(B)は平成17年度～平成28年度"
    # the 収支差 as 003 §1 / 001 §3 print them where they differ from their rounded lines: H18 ▲508 (5,135 − 5,644 =
    # ▲509), R4 2,246 (7,829 − 5,582 = 2,247); the other years are ours
    assert v["cash_flow"]["published"] == ("収支差は平成18年度、平成24年度、平成28年度、令和4年度、収支差＋利金収入は"
                                           "平成18年度、平成20年度、平成21年度、平成25年度、平成28年度")
    rows = {r["fiscal_year"]: r for r in bunseki2024["cash_flows"]["rows"]}
    assert (rows[2006]["balance"], rows[2022]["balance"], rows[2021]["balance_status"]) == (-508, 2246, "computed")
    # 004 §1(1): 責任準備金85,660億円に対して▲11.7%
    summary = {r["label"]: r["value"] for r in v["deficit_plan"]["summary"]}
    assert summary["基準（平成20年度末）の繰越欠損金"] == "▲9,982億円（責任準備金8兆5,660億円の▲11.7%、計画の公表値）"
    # 002 §3: 985 / 2,922 / 4,858 printed; 003: 1σ 1,252, 2σ 3,210 printed, 3σ ours from the implied base
    risk = {(x["year"], x["sigma_ja"]): x["basis_ja"] for x in v["rates"]["risk"]}
    assert risk[("H30年度", "▲2σ")] == "公表値" and risk[("H30年度", "▲3σ")].startswith("計算値")
    # 003 §3 0.01441 = 1,119 / 77,671 (0.014407 → 0.01441); 002 §2 0.06467 where its printed inputs give 0.06468
    assert v["rates"]["base_published"] == "平成29年度（本書の計算と一致）、令和7年度（本書の計算とは端数の範囲で異なる）"


@pytest.mark.parametrize("fy", [2022, 2024])
def test_qa_log_prints_figures_as_the_documents_do(data, fy):
    m = bunseki_model.build(data, fy)
    for e in m["qa"]:
        text = re.sub(r"data/[\w/]*(\.csv)?|\d+行目|[①-⑳]-\d", "", e["subject"] + " " + e["detail"])
        assert not re.search(r"(?<![\d,.])-\d", text), text                      # ▲, not a minus sign
        assert not [n for n in re.findall(r"(?<![\d,.])\d{4,}(?![年月\d])", text)
                    if not re.fullmatch(r"(19|20)\d\d", n)], text                  # 9,982, not 9982
        assert not re.search(r"[A-Za-z]{3,}", text), text                        # no code names
    detail = {e["subject"]: e["detail"] for e in m["qa"]}
    # 003 §1: 5,135 − 5,644 = ▲509 from its rounded lines, ▲508 printed
    assert "公表値 ▲508" in detail["平成18年度 収支差（掛金収入－共済金等支出）"]
    assert "5,135 − 5,644 = ▲509" in detail["平成18年度 収支差（掛金収入－共済金等支出）"]
    # 004 §1(1): ▲9,982 at H20年度末, 13–15 years: 767.85 / 665.47 a year
    assert detail["削減計画の経路"].startswith("H20年度末 ▲9,982 から均等に削減: 13年なら年 767.85、15年なら年 665.47")
    # 003 論点2 ③: 1σ 1,252 and 2σ 3,210 imply a base of about 18,350
    assert "掲載された1σ 1,252・2σ 3,210 から逆算した委託運用資産計算元本 18,353.4、18,349.9" in detail["平成30年度 推計リスク 1σ・2σ"]
    if fy == 2024:
        # 002 §2(1): イ 掛金等収入 8,723 = 財政収支 ①掛金等収入 + ④…, named as 002 names the lines
        assert any(s.startswith("イ 掛金等収入 (①+④) = 財政収支 令和7年度 ①掛金等収入＋④") for s in detail)
        assert "1,039.4 / 99,311" in detail["令和7年度の支給率"]
        assert detail["平成8年度～平成29年度の支給率"].startswith("0（推定）。支給率を掲載した資料はない。平成29年12月 中小企業庁資料 §1")
        assert detail["令和5年度の支給率"].startswith("0（推定）")


FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"     # config.yaml chart_font_path


def drawn_charts(m: dict, tmp_path: Path, monkeypatch) -> dict:
    """Every chart of the analysis as drawn (the figures, before they are written and closed)."""
    from kyosai.bunseki import charts
    figs = {}

    def keep(fig, path):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        FigureCanvasAgg(fig).draw()
        figs[Path(path).stem] = fig
        return path
    monkeypatch.setattr(charts, "save", keep)
    charts.CHARTS.draw(m, tmp_path, FONT)
    return figs


def data_boxes(ax):
    """Display-space boxes of what an axis shows: its bars and the points along its lines (sampled between vertices)."""
    import numpy as np
    from matplotlib.patches import Rectangle
    boxes = [p.get_window_extent() for p in ax.patches if isinstance(p, Rectangle) and p.get_width() and p.get_height()]
    points = []
    for line in ax.get_lines():
        xy = line.get_xydata()
        if len(xy) < 2 or line.get_label().startswith("_"):       # axhline/axvline: reference lines, not data
            continue
        for (x0, y0), (x1, y1) in zip(xy, xy[1:]):
            if np.isnan([x0, y0, x1, y1]).any():
                continue
            for t in np.linspace(0, 1, 25):
                points.append(line.get_transform().transform((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)))
    return boxes, points


@pytest.mark.skipif(not Path(FONT).is_file(), reason="the chart font is not installed")
def test_chart_labels_and_legends_leave_the_data_clear(bunseki2024, bunseki2022, tmp_path, monkeypatch):
    from matplotlib.text import Text
    for m in (bunseki2024, bunseki2022):
        figs = drawn_charts(m, tmp_path / str(m["fiscal_year"]), monkeypatch)
        assert {"basic_profit", "deficit_plan", "surplus_nikkei", "reserve_projections"} <= set(figs)
        for name, fig in figs.items():
            renderer = fig.canvas.get_renderer()
            axes = fig.get_axes()
            everything = [data_boxes(ax) for ax in axes]
            for ax in axes:
                legend = ax.get_legend()
                if legend is not None:
                    box = legend.get_window_extent(renderer)
                    for bars, points in everything:
                        assert not any(box.overlaps(b) for b in bars), (name, "legend over a bar")
                        assert not any(box.contains(*p) for p in points), (name, "legend over a line")
                # a label's own box (an annotation's extent would include its leader line to the bar)
                labels = [Text.get_window_extent(t, renderer) for t in ax.texts if t.get_text()]
                for i, a in enumerate(labels):             # no label overprints another
                    assert not any(a.overlaps(b) for b in labels[i + 1:]), (name, ax.texts[i].get_text())
                for t, box in zip([t for t in ax.texts if t.get_text()], labels):    # nor is crossed by a line
                    shrunk = box.shrunk(0.9, 0.8)
                    for _, points in everything:
                        assert not any(shrunk.contains(*p) for p in points), (name, t.get_text())
        import matplotlib.pyplot as plt
        for fig in figs.values():
            plt.close(fig)


def publication_text(m: dict) -> str:
    """The publication edition's words as its HTML prints them (tags, styles and the charts' alternative texts left out)."""
    import html
    from kyosai.bunseki.view import DOCUMENT
    names = ("cash_flows", "basic_profit", "reserve_yield", "surplus_nikkei", "deficit_plan", "reserve_projections",
             "sensitivity")
    frame = DOCUMENT.frame(m, "publication", Path("/nonexistent/charts"), {k: f"{k}.svg" for k in names}, Path("/nonexistent"))
    page = DOCUMENT.page(m, DOCUMENT.view(m, TABLES.rows(m)), frame)
    body = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", page[page.index("<body"):], flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize("fy", [2022, 2024])
def test_the_pack_has_no_developer_notes(data, fy):
    # what a reader sees is Japanese: no file names, no code names, no English (single letters mark columns, (a)…;
    # pt is the unit of a difference of rates)
    text = publication_text(bunseki_model.build(data, fy))
    assert set(re.findall(r"[A-Za-z][A-Za-z_./*]+", text)) <= {"pt"}, sorted(set(re.findall(r"[A-Za-z][A-Za-z_./*]+", text)))
    for word in ("data/", ".csv", "reports/", "QA参照", "パイプライン", "本パイプライン"):
        assert word not in text
    if fy == 2024:
        assert "0（推定）" in text and "公表値（令和7年度の支給率の資料 §4）" in text
    else:       # dated 令和5年7月 (001): the 令和7年度 rate (002, 令和7年3月) is not in it
        assert "0.01047" not in text
        assert "本書の作成時点（令和5年7月）までに公表された、各年度の支給率を決定した資料はデータにありません" in text
        assert "0（推定）" not in text and "1,252" in text     # 003 論点2 ③ (平成29年12月) is known by then
        assert "令和7年3月" not in text and "令和7年度" not in text   # nor is a later document mentioned


# ---------------------------------------------------------------- issue #18 point 7: what 003 and 004 give, in both packs

@pytest.fixture(scope="module")
def csv2022(bunseki2022):
    return TABLES.csv(TABLES.rows(bunseki2022))


def test_the_fy2022_pack_carries_003s_base_rate_and_its_reserve_options(bunseki2022, csv2022, csv2024):
    # 003 (平成29年12月, before the FY2022 pack's 令和5年7月) §3: 1,119 / 77,671 = 0.01441; 論点2の② and 4. まとめ: 案1 / 案2
    assert csv2022["rate_history"] == [{"rate_fiscal_year": "2017", "base_rate": "0.01441", "rate": "", "status": "",
                                        "rate_basis": "", "rate_source": ""}]
    text = publication_text(bunseki2022)
    assert "0.01441" in text and "1,119" in text and "77,671" in text
    for csv_ in (csv2022, csv2024):
        options = {r["label_ja"]: r for r in csv_["reserve_options"]}
        assert set(options) == {"案1", "案2"} and {r["target_oku"] for r in options.values()} == {"5000"}
        assert options["案2"]["rule_ja"].startswith("推計リスク（2σ）を控除した後、5,000億円までは、積み立てる（留保）")
    assert "目標積立（留保）額は5,000億円とし" in text and "5,000億円までは、積み立てる（留保）" in text
    assert "令和7年" not in text


def test_a_reserve_option_whose_wording_does_not_name_its_target_stops_the_build(data_copy):
    edit(data_copy / "bunseki" / "reserve_options.csv", "5,000億円までは", "4,000億円までは")
    edit(data_copy / "bunseki" / "reserve_options.csv", "5,000億円を超えた", "4,000億円を超えた")
    edit(data_copy / "bunseki" / "reserve_options.csv", "5,000億円を上回る", "4,000億円を上回る")
    with pytest.raises(DataError) as exc:
        bunseki_model.build(dataio.load_all(data_copy, sections=bunseki_model.DATA_SECTIONS), 2024)
    assert any(p.startswith("data/bunseki/reserve_options.csv, line 3, column rule_ja") for p in exc.value.problems)


ANNEX_2_2009 = [("国内債券(簿価)", "70.2", "3.0"), ("短期資産", "2.0", "2.0"), ("融資経理貸付金", "6.0", ""),
                ("国内株式", "4.8", "2.0"), ("国内債券(時価)", "5.3", "2.0"), ("外国株式", "4.8", "2.0"),
                ("外国債券", "3.4", "2.0"), ("生命保険資産", "3.5", "2.0")]     # 004 別表2 (平成21年8月～), 合計 100.0


@pytest.mark.parametrize("fy", [2022, 2024])
def test_004s_basic_portfolio_and_required_yield_are_in_both_packs(data, fy):
    m = bunseki_model.build(data, fy)
    c = TABLES.csv(TABLES.rows(m))
    assert [(r["label_ja"], r["allocation_pct"], r["band_pt"]) for r in c["plan_portfolio"]] == ANNEX_2_2009
    first = c["policy_risk_return"][0]
    assert (first["as_of"], first["expected_return_pct"], first["std_dev_pct"]) == ("2009-08", "2.09", "1.69")  # 別表2
    assert (first["required_min_pct"], first["required_max_pct"]) == ("2.0", "2.1")                           # 004 §2(3)
    # 001 §1: H29.4改定時 1.65 / 1.82, R03.10検証時 1.22, 令和4年5月改定 1.27 / 1.43 (000 §1: R07.7検証時 1.59 / 1.46)
    assert [r["expected_return_pct"] for r in c["policy_risk_return"]] == \
        ["2.09", "1.65", "1.22", "1.27"] + (["1.59"] if fy == 2024 else [])
    text = publication_text(m)
    assert "必要な運用利回り（期待収益率）を約2.0～2.1%" in text and "期待収益率2.09%、標準偏差1.69%" in text
    # the realised yields (001 §2 H25–R04: 4.28 4.30 0.18 2.39 2.55 0.99 ▲0.07 5.26 1.40 0.36; 000 §3 R05 3.44, R06 0.43)
    # against 2.0–2.1%: above 2.1 in H25, H26, H28, H29, R02 (and R05); below 2.0 in H27, H30, R01, R03, R04 (and R06)
    rr = {r["fiscal_year"]: r for r in c["required_return"]}
    assert list(rr) == [str(y) for y in range(2009, fy + 1)]
    assert (rr["2013"]["yield_pct"], rr["2013"]["position"]) == ("4.28", "above")
    assert (rr["2019"]["yield_pct"], rr["2019"]["vs_min_pt"], rr["2019"]["position"]) == ("-0.07", "-2.07", "below")
    above = [y for y, r in rr.items() if r["position"] == "above"]
    assert above == ["2013", "2014", "2016", "2017", "2020"] + (["2023"] if fy == 2024 else [])
    n = 10 if fy == 2022 else 12
    assert f"{n}年度のうち、必要な運用利回りを上回った年度が{len(above)}、範囲内が0、下回った年度が{n - len(above)}です" in text
    # H21–H24: no source prints the yield of all assets; the pack says so, from the declaration
    assert rr["2009"]["yield_pct"] == "" and "平成21年度～平成24年度の資産全体の運用利回りはいずれの資料にも掲載がない" in text


@pytest.mark.parametrize("fy", [2022, 2024])
def test_the_rate_series_end_at_a_declared_gap_the_pack_states(data, fy):
    # 003 ①-2 prints the 予定利率 and the 10年国債金利（年度初） for H17–H28 only; no other seed prints either
    m = bunseki_model.build(data, fy)
    rows = {r["fiscal_year"]: r for r in m["reserve_yield"]["rows"]}
    assert rows[2016]["assumed_rate"] == Decimal("1.00") and rows[2016]["jgb_10y"] == Decimal("-0.07")
    assert all(rows[y]["assumed_rate"] is None and rows[y]["jgb_10y"] is None for y in range(2017, fy + 1))
    text = publication_text(m)
    assert "平成29年度以降の予定利率と10年国債金利（年度初）を掲載した資料はない" in text
    gap = next(e for e in m["qa"] if e["subject"] == "予定利率・10年国債金利")
    assert "data/unyo/gaps.csv 8行目" in gap["detail"]
    if fy == 2024:     # the 「－」 of the 基準となる率 say why
        assert "支給率の基準となる率の「－」は、その年度の剰余金見込額と仮定共済金等の発生見込総額を掲載した資料がデータにない" in text


def test_a_rate_gap_the_data_has_outgrown_stops_the_build(data_copy):
    append(data_copy / "bunseki" / "interest_rates.csv", "2017,1.00,0.07,test,")     # figures made up for the test
    with pytest.raises(DataError) as exc:
        bunseki_model.build(dataio.load_all(data_copy, sections=bunseki_model.DATA_SECTIONS), 2024)
    assert any(p.startswith("data/unyo/gaps.csv, line 8: declares the 予定利率 and 10年国債金利 missing in 2017")
               for p in exc.value.problems), exc.value.problems


# ---------------------------------------------------------------- data problems name file, line and column

def test_a_published_figure_far_from_ours_stops_the_build_naming_its_row(data_copy):
    edit(data_copy / "bunseki" / "carried_figures.csv", "2012,basic_profit,all,201", "2012,basic_profit,all,250")
    with pytest.raises(DataError) as exc:
        bunseki_model.build(dataio.load_all(data_copy, sections=bunseki_model.DATA_SECTIONS), 2024)
    assert any("data/bunseki/carried_figures.csv, line 2, column value" in p and "基礎的な収益" in p
               for p in exc.value.problems), exc.value.problems


def test_an_unknown_projection_line_names_file_line_and_column(data_copy):
    edit(data_copy / "bunseki" / "outcome_measures.csv", "basic_reserve+installment_reserve",
         "basic_reserve+instalment_reserve")
    with pytest.raises(DataError) as exc:
        bunseki_model.build(dataio.load_all(data_copy, sections=bunseki_model.DATA_SECTIONS), 2024)
    assert any(p.startswith("data/bunseki/outcome_measures.csv, line 4, column projection_lines") for p in exc.value.problems)


def test_a_measure_that_does_not_match_the_actual_column_stops_the_build(data_copy):
    edit(data_copy / "bunseki" / "outcome_measures.csv", "trust_gain-trust_loss", "trust_gain+investment_income")
    with pytest.raises(DataError) as exc:
        bunseki_model.build(dataio.load_all(data_copy, sections=bunseki_model.DATA_SECTIONS), 2024)
    assert any("outcome_measures.csv, line 6)" in p and "more than rounding allows" in p
               for p in exc.value.problems)


# ---------------------------------------------------------------- next year: rows only

def append(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + line + "\n", encoding="utf-8")


def add_fy2025(data_dir: Path) -> None:
    """The rows a user adds for FY2025 (figures made up for the test, marked as such)."""
    u, b = data_dir / "unyo", data_dir / "bunseki"
    append(u / "reports.csv", "2025,2026-07,2026-07-01,test,")
    append(u / "balance_history.csv", "2025,121000,115000,6450,500,test")
    for line in ("2025,all,900,0.75,test", "2025,self_managed,850,0.93,test", "2025,entrusted,50,0.18,test"):
        append(u / "investment_returns.csv", line)
    for y in (2023, 2024, 2025):
        append(u / "cash_flows.csv", f"{y},8000,5600,840,5300,test")
    append(u / "market_indices.csv", "2026-03-31,nikkei225,38000.00,test")
    append(b / "interest_rates.csv", "2025,1.00,1.50,test,")


def test_next_years_rows_extend_every_series_without_code_changes(data_copy):
    add_fy2025(data_copy)
    d = dataio.load_all(data_copy, sections=bunseki_model.DATA_SECTIONS)
    assert bunseki_model.years(d) == [2022, 2024, 2025]
    m = bunseki_model.build(d, 2025)
    assert m["cash_flows"]["rows"][-1]["fiscal_year"] == 2025 and m["cash_flows"]["missing_from"] is None
    assert m["basic_profit"]["rows"][-1] == {"fiscal_year": 2025, "net_income": 500, "entrusted_income": 50,
                                             "basic_profit": 450, "status": "computed"}
    last = m["reserve_yield"]["rows"][-1]
    assert (last["fiscal_year"], last["jgb_10y"]) == (2025, Decimal("1.50"))
    assert m["surplus"]["rows"][-1]["nikkei225"] == Decimal("38000.00")
    assert m["deficit_plan"]["path"][-1]["fiscal_year"] == 2025
    outcome = {(r["fiscal_year"], r["measure"]): r for r in m["outcomes"]["rows"]}
    assert outcome[(2025, "surplus")]["actual"] == 6450 and outcome[(2025, "surplus")]["projected"] == 6423


# ---------------------------------------------------------------- end to end: the built documents

def read(reports: Path, fy: int, name: str) -> list[dict]:
    with open(reports / str(fy) / "bunseki" / "tables" / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def pdf_text(path: Path) -> str:
    return re.sub(r"[ \t]+", " ", "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", ""))


@pytest.mark.parametrize("fy", [2022, 2024])
def test_built_for_every_unyo_year_with_its_chapters_charts_and_qa(built, fy):
    folder = built / str(fy)
    assert (folder / "bunseki.pdf").is_file() and (folder / "bunseki.txt").is_file()
    assert (folder / "bunseki" / "qa.md").read_text(encoding="utf-8").startswith(
        "# 検算・データ確認の記録: 小規模企業共済 運用環境と財政の分析")
    charts = {p.stem for p in (folder / "bunseki" / "charts").glob("*.svg")}
    # the sensitivity needs a 支給率 document published by the analysis's date: 002 (令和7年3月) is after 001 (令和5年7月)
    assert charts == {"cash_flows", "basic_profit", "reserve_yield", "surplus_nikkei", "deficit_plan",
                      "reserve_projections"} | ({"sensitivity"} if fy == 2024 else set())
    tables = {p.stem for p in (folder / "bunseki" / "tables").glob("*.csv")}
    assert set(TABLES.specs) == tables
    chapters = ("キャッシュ・フローの推移", "基礎的な収益と自家運用の利回り", "利益剰余金・繰越欠損金と日経平均の推移",
                "繰越欠損金削減計画（平成21年8月）と実績", "付加共済金の支給率の推移と感応度", "財政収支の予測と実績")
    for pdf, titles in (("bunseki.pdf", chapters), ("bunseki-review.pdf", chapters + ("検算・データ確認の記録",))):
        marks = [o.title for o in PdfReader(folder / pdf).outline if not isinstance(o, list)]
        for title in titles:
            assert any(title in mk for mk in marks), (pdf, title, marks)
    assert not any("検算・データ確認の記録" in o.title for o in PdfReader(folder / "bunseki.pdf").outline
                   if not isinstance(o, list))


def test_built_tables_print_the_seed_figures(built):
    cf = {r["fiscal_year"]: r for r in read(built, 2024, "cash_flows")}
    for fy, expected in SEED_003_CASH_FLOWS.items():
        assert tuple(cf[str(fy)][c] for c in COLUMNS_CF) == tuple(map(str, expected)), fy
    bp = {r["fiscal_year"]: r["basic_profit_oku"] for r in read(built, 2024, "basic_profit")}
    assert [bp[str(y)] for y in range(2012, 2017)] == ["201", "212", "199", "158", "45"]
    sn = read(built, 2024, "surplus_nikkei")
    assert [int(r["surplus_oku"]) for r in sn[:14]] == SEED_003_SURPLUS and [r["nikkei225"] for r in sn[:14]] == SEED_003_NIKKEI
    rp = {r["fiscal_year"]: r for r in read(built, 2024, "reserve_projections")}
    assert (rp["2022"]["with_reform_oku"], rp["2022"]["actual_oku"]) == ("88843", "105885")
    path = {r["fiscal_year"]: r for r in read(built, 2024, "deficit_plan_path")}
    assert path["2008"]["actual_oku"] == "-9982"
    assert read(built, 2022, "outcomes") == []


def test_built_pdf_text(built):
    text = pdf_text(built / "2024" / "bunseki.pdf")
    for phrase in ("小規模企業共済", "運用環境と財政の分析（令和6年度）", "令和7年7月", "▲9,982億円", "9,420", "11,896.01",
                   "201", "▲1,032", "88,843", "105,885", "0.01047", "0.06467", "0.01441", "15.87%", "2,922",
                   "6,839", "5,950", "1.17%", "0.43%", "現行方式"):
        assert phrase in text, phrase
    text2022 = pdf_text(built / "2022" / "bunseki.pdf")
    assert "対比できる実績はまだありません" in text2022 and "0.01047" not in text2022


def test_built_comparison_with_the_previous_year(built):
    assert (built / "2024" / "bunseki-diff.pdf").is_file()
    with open(built / "2024" / "bunseki" / "diff" / "summary.csv", encoding="utf-8-sig", newline="") as f:
        heads = {r["detail"]: r for r in csv.DictReader(f) if r["category"] == "headline"}
    assert (heads["基礎的な収益"]["old"], heads["基礎的な収益"]["new"]) == ("-834", "-1032")


def test_next_year_builds_through_the_workflow(workspace_factory):
    ws = workspace_factory("bunseki-next-year")
    add_fy2025(ws.path / "data")
    result = ws.snakemake("reports/2025/bunseki.pdf")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    cf = read(ws.path / "reports", 2025, "cash_flows")
    assert cf[-1]["fiscal_year"] == "2025"
