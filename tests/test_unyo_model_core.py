"""The deviation and yield code of kyosai.unyo.model, in the fast lane: ``composition`` (shares, deviations from the
基本ポートフォリオ, breaches) and ``returns_table`` (運用損益額 and 運用利回り, their changes, their 5- and 10-year
averages), on the checked data and on small changes of it in memory. The expected figures are the printed ones
of seed 000 (令和6年度) §1 and §3 and of 001 (令和4年度) §1, or worked by hand from them."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from kyosai.dataio import DataError, Rows
from kyosai.numbers import round_half_up
from kyosai.qa import QA
from kyosai.unyo import model as unyo_model
from kyosai.unyo.completeness import policy_in_force


def policy(tables, policy_id):
    return next(p for p in tables["policies"] if p["policy_id"] == policy_id)


def with_rows(tables, name, change):
    """``tables`` with the rows of ``name`` passed through ``change`` (a list → a list)."""
    return {**tables, name: Rows(change([dict(r) for r in tables[name]]))}


def printed(x, places=1):
    return None if x is None else round_half_up(x, places)


# ------------------------------------------------------------------ composition and deviations

@pytest.fixture(scope="module")
def comp2024(tables):
    qa = QA()
    return unyo_model.composition(tables, 2024, policy(tables, "2022-05"), qa), qa


def test_shares_as_000_prints_them(comp2024):
    # 000 §1 資産構成比 (of 119,195億円) and 委託運用内各資産構成比率 (of 27,952億円)
    comp, _ = comp2024
    rows = {r["asset_class"]: r for r in comp["rows"]}
    assert [r["asset_class"] for r in comp["rows"]] == [
        "domestic_bonds_book", "short_term", "loans", "life_insurance", "domestic_equity", "domestic_bonds_market",
        "foreign_equity", "foreign_bonds", "hedged_foreign_bonds"]
    assert [printed(r["share"]) for r in comp["rows"]] == [D(x) for x in
                                                          ("71.5", "2.6", "0.4", "2.1", "3.4", "9.5", "5.4", "0.8", "4.3")]
    assert [printed(rows[c]["within_entrusted"]) for c in ("domestic_equity", "domestic_bonds_market", "foreign_equity",
                                                           "foreign_bonds", "hedged_foreign_bonds")] == \
        [D("14.6"), D("40.5"), D("23.1"), D("3.4"), D("18.4")]
    assert rows["domestic_bonds_book"]["within_entrusted"] is None      # a self-managed class has no 委託内 share
    assert rows["domestic_bonds_market"]["share"] == D(11333) / D(119195) * 100          # unrounded
    assert rows["domestic_bonds_market"]["within_entrusted"] == D(11333) / D(27952) * 100
    assert (rows["loans"]["name_ja"], rows["loans"]["management"], rows["loans"]["amount"]) == \
        ("融資経理貸付金", "self_managed", D(479))
    assert comp["totals"] == {"self_managed": D(91243), "entrusted": D(27952), "all": D(119195)}
    assert {g: printed(s) for g, s in comp["group_share"].items()} == {"self_managed": D("76.5"), "entrusted": D("23.5")}
    assert (comp["fiscal_year"], comp["label"], comp["policy"]["policy_id"]) == (2024, "R06年度末", "2022-05")


def test_deviations_as_000_prints_them(comp2024):
    # 000 §1 基本Pとの乖離: 自家運用 ▲0.1 (76.5 against 76.6, ±1.5); 委託内 0.7, ▲1.7, 1.1, 0.0, ▲0.1
    comp, _ = comp2024
    devs = comp["deviations"]
    assert [d["component"] for d in devs] == ["self_managed", "domestic_equity", "domestic_bonds_market",
                                              "foreign_equity", "foreign_bonds", "hedged_foreign_bonds"]
    assert [printed(d["deviation"]) for d in devs] == [D(x) for x in ("-0.1", "0.7", "-1.7", "1.1", "0.0", "-0.1")]
    assert [d["band"] for d in devs] == [D(x) for x in ("1.5", "4.8", "2.3", "5.4", "0.4", "1.0")]
    assert [d["target"] for d in devs] == [D(x) for x in ("76.6", "13.9", "42.2", "22.0", "3.4", "18.5")]
    assert [d["basis"] for d in devs] == ["overall"] + ["within_entrusted"] * 5
    assert not any(d["breach"] for d in devs) and comp["breaches"] == []
    self_managed, bonds = devs[0], devs[2]
    assert (self_managed["name_ja"], bonds["name_ja"]) == ("自家運用", "国内債券(時価)")
    assert self_managed["actual"] == D(91243) / D(119195) * 100
    assert self_managed["deviation"] == D(91243) / D(119195) * 100 - D("76.6")
    assert (bonds["actual"], bonds["allocation"], bonds["within_entrusted_target"]) == \
        (D(11333) / D(27952) * 100, D("9.9"), D("42.2"))
    assert (self_managed["allocation"], self_managed["within_entrusted_target"]) == (D("76.6"), None)
    # 基本ポートフォリオ: 自家運用 76.6, 委託運用（時価） 23.4
    assert (comp["policy_self_allocation"], comp["policy_entrusted_allocation"]) == (D("76.6"), D("23.4"))


def test_the_sums_of_the_composition_are_logged(comp2024):
    comp, qa = comp2024
    assert qa.errors == []
    subjects = [e["subject"] for e in qa.entries]
    assert subjects == ["R06年度末 自家運用: 資産別の額（data/unyo/holdings.csv）と公表された合計",
                        "R06年度末 委託運用: 資産別の額（data/unyo/holdings.csv）と公表された合計",
                        "R06年度末 自家運用 + 委託運用と運用資産額"]
    # 85,249 + 3,042 + 479 + 2,474 = 91,244 against 91,243: a 端数差; 27,953 against 27,952; 91,243 + 27,952 = 119,195
    assert [e["kind"] for e in qa.entries] == ["rounding", "rounding", "identity"]
    assert all(e["ok"] for e in qa.entries)


def test_fy2021_and_fy2022_under_their_policies(tables):
    # 001 §1: 令和3年度末 under the 平成29年4月 policy: 自家 ▲1.0; 委託内 0.7, ▲2.7, 3.2, ▲1.2 (no ヘッジ外債);
    # 令和4年度末 under the 令和4年5月 policy: 0.8; 0.8, ▲0.6, 0.1, 0.0, ▲0.3
    old = unyo_model.composition(tables, 2021, policy(tables, "2017-04"), QA())
    new = unyo_model.composition(tables, 2022, policy(tables, "2022-05"), QA())
    assert [printed(d["deviation"]) for d in old["deviations"]] == [D(x) for x in ("-1.0", "0.7", "-2.7", "3.2", "-1.2")]
    assert [printed(d["deviation"]) for d in new["deviations"]] == [D(x) for x in ("0.8", "0.8", "-0.6", "0.1", "0.0", "-0.3")]
    assert (old["policy_self_allocation"], old["policy_entrusted_allocation"]) == (D("81.6"), D("18.4"))


def test_a_deviation_outside_its_band_is_a_breach_in_the_log(tables):
    # 国内債券(時価) ▲1.655 (printed ▲1.7) against ±1.5 instead of ±2.3; ヘッジ外債 ▲0.07 (▲0.1) against ±0.1
    def narrow(rows):
        for r in rows:
            if r["policy_id"] == "2022-05" and r["component"] == "domestic_bonds_market":
                r["band"] = D("1.5")
            if r["policy_id"] == "2022-05" and r["component"] == "hedged_foreign_bonds":
                r["band"] = D("0.1")
        return rows
    qa = QA()
    comp = unyo_model.composition(with_rows(tables, "policy_allocations", narrow), 2024, policy(tables, "2022-05"), qa)
    assert [d["component"] for d in comp["breaches"]] == ["domestic_bonds_market"]   # ▲0.1 is inside ±0.1
    breaches = [e for e in qa.entries if e["kind"] == "breach"]
    assert breaches == [{"kind": "breach", "subject": "R06年度末 国内債券(時価)",
                         "detail": "乖離 ▲1.7pt が許容乖離幅 ±1.5pt を超えている", "ok": False}]


def test_a_policy_class_without_a_holding_fails(tables):
    drop = with_rows(tables, "holdings", lambda rows: [r for r in rows if (r["fiscal_year"], r["asset_class"]) !=
                                                        (2024, "foreign_bonds")])
    qa = QA()
    comp = unyo_model.composition(drop, 2024, policy(tables, "2022-05"), qa)
    assert "foreign_bonds" not in [d["component"] for d in comp["deviations"]]
    assert "data/unyo/holdings.csv: policy 2022-05 sets foreign_bonds but fiscal year 2024 has no holding of it" in qa.errors


def test_allocations_that_do_not_add_up_to_100_fail(tables):
    def more(rows):
        for r in rows:
            if r["policy_id"] == "2022-05" and r["component"] == "self_managed":
                r["allocation"] = D("76.7")
            if r["policy_id"] == "2022-05" and r["component"] == "foreign_equity":
                r["within_entrusted"] = D("22.1")
        return rows
    qa = QA()
    unyo_model.composition(with_rows(tables, "policy_allocations", more), 2024, policy(tables, "2022-05"), qa)
    assert "data/unyo/policy_allocations.csv: policy 2022-05 allocations add up to 100.1, not 100" in qa.errors
    # the 委託内資産配分 add up to 100.1: a 端数差 of one tenth, logged against 100
    within = [e for e in qa.entries if e["subject"] == "基本ポートフォリオ 2022-05 委託内資産配分"]
    assert [e["kind"] for e in within] == ["rounding"] and "100.1" in within[0]["detail"]


def test_a_missing_group_total_stops(tables):
    drop = with_rows(tables, "holdings_totals", lambda rows: [r for r in rows if (r["fiscal_year"], r["group"]) !=
                                                               (2024, "entrusted")])
    with pytest.raises(DataError) as exc:
        unyo_model.composition(drop, 2024, policy(tables, "2022-05"), QA())
    assert exc.value.problems == ["data/unyo/holdings_totals.csv: no entrusted total for fiscal year 2024 (令和6年度)"]


def test_the_policy_in_force_at_the_year_end(tables):
    assert policy_in_force(tables["policies"], dt.date(2025, 3, 31))["policy_id"] == "2022-05"


# ------------------------------------------------------------------ yields and their averages

SEGMENTS = ("all", "self_managed", "entrusted")


def no_carried(qa):
    """Nothing published carried: every figure is the computed one."""
    return unyo_model.carried_figures(Rows(), qa)


@pytest.fixture(scope="module")
def returns2024(tables):
    qa = QA()
    return unyo_model.returns_table(tables, 2024, no_carried(qa), qa), qa


def test_the_five_years_as_000_prints_them(returns2024):
    # 000 §3: R2–R6 運用損益額 and 運用利回り of 全体, 自家, 委託
    table, _ = returns2024
    assert table["years"] == [2020, 2021, 2022, 2023, 2024]
    rows = {r["segment"]: r for r in table["rows"]}
    assert [r["segment"] for r in table["rows"]] == list(SEGMENTS)
    assert [r["name_ja"] for r in table["rows"]] == ["運用資産全体", "自家運用資産", "委託運用資産"]
    assert [(y["fiscal_year"], y["income"], y["yield"]) for y in rows["all"]["years"]] == [
        (2020, D(5227), D("5.26")), (2021, D(1494), D("1.40")), (2022, D(403), D("0.36")), (2023, D(3888), D("3.44")),
        (2024, D(516), D("0.43"))]
    assert [y["yield"] for y in rows["entrusted"]["years"]] == [D(x) for x in ("25.65", "3.53", "-1.43", "12.48", "-1.11")]
    assert [y["income"] for y in rows["self_managed"]["years"]] == [D(x) for x in (821, 768, 740, 747, 832)]


def test_changes_and_averages_computed_from_the_printed_years(returns2024):
    # by hand from 000 §3: 全体 516 − 3,888 = ▲3,372, 0.43 − 3.44 = ▲3.01; 5カ年 (5,227 + 1,494 + 403 + 3,888 + 516) / 5
    # = 2,305.6, (5.26 + 1.40 + 0.36 + 3.44 + 0.43) / 5 = 2.178; 10カ年 needs 平成27年度..令和6年度
    table, qa = returns2024
    rows = {r["segment"]: r for r in table["rows"]}
    a, s, e = rows["all"], rows["self_managed"], rows["entrusted"]
    assert (a["income_change"]["value"], a["yield_change"]["value"]) == (D(-3372), D("-3.01"))
    assert (a["income_avg_5y"]["value"], a["yield_avg_5y"]["value"]) == (D("2305.6"), D("2.178"))
    # 自家: 832 − 747 = 85 (000 prints 84, carried), (821 + 768 + 740 + 747 + 832) / 5 = 781.6 → 782, 4.51 / 5 = 0.902
    assert (s["income_change"]["value"], s["yield_change"]["value"]) == (D(85), D("0.07"))
    assert (s["income_avg_5y"]["value"], s["yield_avg_5y"]["value"]) == (D("781.6"), D("0.902"))
    # 委託: ▲315 − 3,141 = ▲3,456; (4,406 + 726 − 337 + 3,141 − 315) / 5 = 1,524.2; 39.12 / 5 = 7.824
    assert (e["income_change"]["value"], e["yield_change"]["value"]) == (D(-3456), D("-13.59"))
    assert (e["income_avg_5y"]["value"], e["yield_avg_5y"]["value"]) == (D("1524.2"), D("7.824"))
    # 10カ年 of 全体: 0.18 + 2.39 + 2.55 + 0.99 − 0.07 + 10.89 = 16.93 → 1.693 (000 prints 1.69); the 10カ年 運用損益額
    # lacks 平成29年度 (no source prints it): not computed
    assert a["yield_avg_10y"]["value"] == D("1.693")
    assert (a["income_avg_10y"]["value"], a["income_avg_10y"]["status"]) == (None, "error")
    assert all(r[k]["status"] == "computed" for r in (a, s, e) for k in ("income_change", "yield_change", "income_avg_5y",
                                                                          "yield_avg_5y"))
    assert any("運用損益額 10カ年の平均" in m for m in qa.errors)


def test_published_figures_carried_as_000_prints_them(tables):
    # 000 §3, the columns 前年同期比, 5カ年の平均 and 10カ年の平均
    qa = QA()
    table = unyo_model.returns_table(tables, 2024, unyo_model.carried_figures(tables["carried_figures"], qa), qa)
    assert qa.errors == []
    rows = {r["segment"]: r for r in table["rows"]}
    expected = {  # income_change, yield_change, income_avg_5y, yield_avg_5y, income_avg_10y, yield_avg_10y
        "all": ("-3372", "-3.01", "2306", "2.18", "1702", "1.69"),
        "self_managed": ("84", "0.07", "782", "0.90", "854", "1.07"),
        "entrusted": ("-3456", "-13.60", "1524", "7.82", "847", "4.47"),
    }
    for seg, figures in expected.items():
        got = [rows[seg][k]["value"] for k in ("income_change", "yield_change", "income_avg_5y", "yield_avg_5y",
                                               "income_avg_10y", "yield_avg_10y")]
        places = [0, 2, 0, 2, 0, 2]
        assert [round_half_up(v, p) for v, p in zip(got, places)] == [D(x) for x in figures], seg
    assert rows["self_managed"]["income_change"]["status"] == "within_rounding"     # 85 computed, 84 printed
    assert rows["all"]["income_avg_10y"]["status"] == "carried"


def test_the_ten_year_history_as_000_prints_it(returns2024):
    # 000 §4 運用利回り, 平成27年度..令和6年度
    table, _ = returns2024
    history = table["history"]
    assert [h["fiscal_year"] for h in history] == list(range(2015, 2025))
    assert [h["yield"] for h in history] == [D(x) for x in ("0.18", "2.39", "2.55", "0.99", "-0.07", "5.26", "1.40",
                                                            "0.36", "3.44", "0.43")]
    last = history[-1]
    assert (last["income"], last["self_yield"], last["entrusted_yield"]) == (D(516), D("0.92"), D("-1.11"))


def test_each_year_of_income_adds_up_in_the_log(returns2024):
    # 自家 + 委託 = 全体 each year: 821 + 4,406 = 5,227; 768 + 726 = 1,494; 740 − 337 = 403; 747 + 3,141 = 3,888;
    # 832 − 315 = 517 against 516 (a 端数差)
    _, qa = returns2024
    sums = [e for e in qa.entries if e["subject"].endswith("運用損益額 自家 + 委託と全体")]
    assert [e["subject"] for e in sums] == [f"{y} 運用損益額 自家 + 委託と全体" for y in
                                            ("令和2年度", "令和3年度", "令和4年度", "令和5年度", "令和6年度")]
    assert [e["kind"] for e in sums] == ["identity"] * 4 + ["rounding"]


def test_a_missing_year_of_yields_fails_and_is_not_averaged(tables):
    gap = with_rows(tables, "investment_returns", lambda rows: [r for r in rows if (r["fiscal_year"], r["segment"]) !=
                                                                (2022, "entrusted")])
    qa = QA()
    table = unyo_model.returns_table(gap, 2024, no_carried(qa), qa)
    assert "data/unyo/investment_returns.csv: no 運用損益額 or 運用利回り for 委託運用資産 in 令和4年度" in qa.errors
    e = table["rows"][2]
    assert (e["yield_avg_5y"]["value"], e["income_change"]["value"]) == (None, D(-3456))
    # the year without 委託 is not checked as 自家 + 委託 = 全体
    sums = [x["subject"] for x in qa.entries if x["subject"].endswith("自家 + 委託と全体")]
    assert "令和4年度 運用損益額 自家 + 委託と全体" not in sums and len(sums) == 4


def test_series_reads_one_segment_and_column(tables):
    yields = unyo_model.series(tables, "self_managed", "yield")
    assert (yields[2024], yields[2005]) == (D("0.92"), D("1.53"))    # 003 ①-2: 平成17年度 自家運用 1.53%


# ------------------------------------------------------------------ more of the same, on changed data

def test_a_policy_of_asset_classes_judged_on_the_whole(tables):
    # the 平成21年8月 policy (004 別表2) sets each class against the whole, 自家運用 by its classes: applied to the
    # 令和6年度末 holdings, 自家 70.2 + 2.0 + 6.0 + 3.5 = 81.7, 委託 4.8 + 5.3 + 4.8 + 3.4 = 18.3; 国内債券(簿価)
    # 85,249 / 119,195 = 71.52% against 70.2 → 1.3
    qa = QA()
    comp = unyo_model.composition(tables, 2024, policy(tables, "2009-08"), qa)
    assert qa.errors == []
    assert (comp["policy_self_allocation"], comp["policy_entrusted_allocation"]) == (D("81.7"), D("18.3"))
    devs = {d["component"]: d for d in comp["deviations"]}
    book = devs["domestic_bonds_book"]
    assert (book["basis"], book["actual"], printed(book["deviation"])) == ("overall", D(85249) / D(119195) * 100, D("1.3"))
    assert devs["loans"]["band"] is None and devs["loans"]["breach"] is False
    assert [d["component"] for d in comp["deviations"]][:3] == ["domestic_bonds_book", "short_term", "loans"]
    assert [r["expected_return"] for r in comp["risk_return"]] == [D("2.09")]


def test_rows_keep_their_basis_and_the_risk_return_of_the_policy(comp2024):
    comp, _ = comp2024
    assert {r["basis"] for r in comp["rows"]} == {"published"}
    assert [(r["expected_return"], r["std_dev"]) for r in comp["risk_return"]][0] == (D("1.27"), D("1.43"))


def test_a_class_judged_on_the_whole_under_a_within_entrusted_policy(tables):
    # 国内債券(時価) judged on the whole: 11,333 / 119,195 = 9.508% against 9.9 → ▲0.4
    def overall(rows):
        for r in rows:
            if r["policy_id"] == "2022-05" and r["component"] == "domestic_bonds_market":
                r["band_basis"] = "overall"
        return rows
    comp = unyo_model.composition(with_rows(tables, "policy_allocations", overall), 2024, policy(tables, "2022-05"), QA())
    bonds = next(d for d in comp["deviations"] if d["component"] == "domestic_bonds_market")
    assert (bonds["target"], printed(bonds["deviation"])) == (D("9.9"), D("-0.4"))


def test_a_holding_that_breaks_its_total_names_the_total(tables):
    def more(rows):
        for r in rows:
            if (r["fiscal_year"], r["asset_class"]) == (2024, "loans"):
                r["amount"] = D(579)
        return rows
    qa = QA()
    unyo_model.composition(with_rows(tables, "holdings", more), 2024, policy(tables, "2022-05"), qa)
    line = next(r for r in tables["holdings_totals"] if (r["fiscal_year"], r["group"]) == (2024, "self_managed"))["_line"]
    assert qa.errors and qa.errors[0].startswith(f"data/unyo/holdings_totals.csv, line {line}, column amount: R06年度末 自家運用")


def test_a_grand_total_that_breaks_its_groups_names_it(tables):
    def more(rows):
        for r in rows:
            if (r["fiscal_year"], r["group"]) == (2024, "all"):
                r["amount"] = D(119295)
        return rows
    qa = QA()
    unyo_model.composition(with_rows(tables, "holdings_totals", more), 2024, policy(tables, "2022-05"), qa)
    line = next(r for r in tables["holdings_totals"] if (r["fiscal_year"], r["group"]) == (2024, "all"))["_line"]
    assert any(e.startswith(f"data/unyo/holdings_totals.csv, line {line}, column amount: R06年度末 自家運用 + 委託運用と運用資産額")
               for e in qa.errors)


def test_within_entrusted_allocations_beyond_rounding_fail(tables):
    def more(rows):
        for r in rows:
            if r["policy_id"] == "2022-05" and r["component"] == "foreign_equity":
                r["within_entrusted"] = D("23.0")
        return rows
    qa = QA()
    unyo_model.composition(with_rows(tables, "policy_allocations", more), 2024, policy(tables, "2022-05"), qa)
    assert [e for e in qa.errors if e.startswith("data/unyo/policy_allocations.csv: 基本ポートフォリオ 2022-05 委託内資産配分")]


def test_deviations_go_on_after_a_class_without_a_holding(tables):
    drop = with_rows(tables, "holdings", lambda rows: [r for r in rows if (r["fiscal_year"], r["asset_class"]) !=
                                                        (2024, "foreign_equity")])
    comp = unyo_model.composition(drop, 2024, policy(tables, "2022-05"), QA())
    assert [d["component"] for d in comp["deviations"]] == ["self_managed", "domestic_equity", "domestic_bonds_market",
                                                            "foreign_bonds", "hedged_foreign_bonds"]


def test_a_year_without_its_yield_fails_and_figures_are_named(tables):
    def no_yield(rows):
        for r in rows:
            if (r["fiscal_year"], r["segment"]) == (2021, "self_managed"):
                r["yield"] = None
        return rows
    qa = QA()
    unyo_model.returns_table(with_rows(tables, "investment_returns", no_yield), 2024, no_carried(qa), qa)
    assert "data/unyo/investment_returns.csv: no 運用損益額 or 運用利回り for 自家運用資産 in 令和3年度" in qa.errors
    assert ("data/unyo/carried_figures.csv: 令和6年度 自家運用資産 運用利回り 5カ年の平均: no data to compute it "
            "(yield_avg_5y, self_managed, 令和6年度) and no published figure carried") in qa.errors
    assert ("data/unyo/carried_figures.csv: 令和6年度 運用資産全体 運用損益額 10カ年の平均: no data to compute it "
            "(income_avg_10y, all, 令和6年度) and no published figure carried") in qa.errors


def test_carried_figures_are_logged_under_their_names(tables):
    qa = QA()
    unyo_model.returns_table(tables, 2024, unyo_model.carried_figures(tables["carried_figures"], qa), qa)
    subjects = {e["subject"] for e in qa.entries}
    assert {"令和6年度 自家運用資産 運用損益額 前年同期比", "令和6年度 委託運用資産 運用利回り 前年同期比",
            "令和6年度 運用資産全体 運用損益額 10カ年の平均", "令和6年度 委託運用資産 運用利回り 10カ年の平均"} <= subjects


def test_income_that_does_not_add_up_names_the_file(tables):
    def more(rows):
        for r in rows:
            if (r["fiscal_year"], r["segment"]) == (2024, "all"):
                r["income"] = D(600)
        return rows
    qa = QA()
    unyo_model.returns_table(with_rows(tables, "investment_returns", more), 2024, no_carried(qa), qa)
    assert any(e.startswith("data/unyo/investment_returns.csv: 令和6年度 運用損益額 自家 + 委託と全体") for e in qa.errors)


def test_the_deficit_history_says_when_a_deficit_arose_again():
    """000 §4's lead tells the 繰越欠損金 of 平成20年度 resolved in 平成26年度. In a later loss year that turns the
    利益剰余金 into a 繰越欠損金 again (5,950 → ▲400), the lead must not end at 解消: the year it arose again is
    named. FY2024 itself has none."""
    history = [{"fiscal_year": 2008, "surplus": D(-9000)}, {"fiscal_year": 2013, "surplus": D(-100)},
               {"fiscal_year": 2014, "surplus": D(300)}, {"fiscal_year": 2015, "surplus": D(-25)},
               {"fiscal_year": 2016, "surplus": D(1180)}, {"fiscal_year": 2024, "surplus": D(5950)},
               {"fiscal_year": 2025, "surplus": D(-400)}, {"fiscal_year": 2026, "surplus": D(-50)}]
    # FY2024 (000): a surplus; 平成27年度's ▲25, resolved the next year, is not named
    assert unyo_model.deficit_history(history, 2024) == {"worst_year": 2008, "worst_value": D(-9000),
                                                         "resolved_year": 2014, "recurred_year": None}
    assert unyo_model.deficit_history(history, 2025)["recurred_year"] == 2025
    assert unyo_model.deficit_history(history, 2026)["recurred_year"] == 2025
