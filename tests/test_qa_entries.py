"""Each QA entry says only what holds for the data: an entry that states a disagreement (「…と一致しない」, 「出典は
端数処理前の数値で計算している」) is written only when the figures disagree, checked here with the real data (true)
and with a copy of the loaded tables altered in-process so that they agree (false). Expected figures come from seeds
000 §7 and 002 §2, summed by hand."""
from __future__ import annotations

from decimal import Decimal as D

from kyosai.dataio import Rows
from kyosai.shikyuritsu import model as shikyuritsu_model
from kyosai.unyo import model as unyo_model


def changed(rows: Rows, column: str, value, **where) -> Rows:
    """A copy of ``rows`` with ``column`` of the one row matching ``where`` set to ``value``."""
    out = Rows(dict(r) for r in rows)
    match = [r for r in out if all(r[c] == v for c, v in where.items())]
    assert len(match) == 1, where
    match[0][column] = value
    return out


def entries(model: dict, subject: str) -> list[tuple[str, str, bool]]:
    return [(e["kind"], e["detail"], e["ok"]) for e in model["qa"] if e["subject"] == subject]


# ---------------------------------------------------------------- 対ベンチマーク: the published 合計 row (000 §7)

# 000 §7 (百万円): 年度収益 ▲7,550 − 55,050 + 38,602 + 1,630 − 8,183 = ▲30,551 against the printed 合計 ▲31,522;
# 時価平残 416,577 + 1,155,207 + 661,576 + 96,953 + 525,113 = 2,855,426 against the printed 2,857,958
SUBJECT = "令和6年度 対ベンチマーク: 合計"


def test_the_fund_totals_that_disagree_are_said_to(tables):
    got = entries(unyo_model.build(tables, 2024), SUBJECT)
    assert got == [("note", "公表された合計（年度収益 ▲31,522 / 時価平残 2,857,958 百万円）と資産別の額の合計（▲30,551 / "
                            "2,855,426）は年度収益・時価平残が一致しない。出典はこのとおり掲載し理由を記載していないため、"
                            "公表値を引き継ぐ", True)]


def test_fund_totals_that_agree_are_logged_as_agreeing(tables):
    rows = changed(tables["fund_performance"], "income", D("-30551"), fiscal_year=2024, asset_class="total")
    rows = changed(rows, "average_balance", D("2855426"), fiscal_year=2024, asset_class="total")
    got = entries(unyo_model.build({**tables, "fund_performance": rows}, 2024), SUBJECT)
    assert got == [("identity", "公表された合計（年度収益 ▲30,551 / 時価平残 2,855,426 百万円）と資産別の額の合計（▲30,551 / "
                                "2,855,426）: 一致", True)]


def test_only_the_fund_total_that_disagrees_is_named(tables):
    rows = changed(tables["fund_performance"], "income", D("-30551"), fiscal_year=2024, asset_class="total")
    (kind, detail, _), = entries(unyo_model.build({**tables, "fund_performance": rows}, 2024), SUBJECT)
    assert kind == "note" and "は時価平残が一致しない。" in detail and "年度収益・" not in detail


# ---------------------------------------------------------------- 剰余金見込額 (002 §2(1))

# 002 §2(1)①: イ 9,626 − ロ 6,078 − ハ 3,906 − ニ 57 + ホ 6,839 = 6,424; the 財政収支 of 令和7年度: (4) 124,929 −
# (5) 118,507 = 6,422; 002 prints 6,423 (its own unrounded figures)
def test_the_surplus_note_explains_a_difference_only_when_there_is_one(tables, shikyuritsu2025):
    (kind, detail, _), = entries(shikyuritsu2025, "剰余金見込額")
    assert kind == "carried"
    assert detail.endswith("掲載された内訳 イ−ロ−ハ−ニ+ホ からは 6,424、財政収支 (4)−(5) からは 6,422 となる。"
                           "出典は端数処理前の数値で計算している。")
    # ホ 6,838 and (5) 118,506 (its parts 115,359 + 1,421 + 1,727 = 118,507 within rounding): both give 6,423
    components = changed(tables["shikyuritsu_surplus_components"], "amount", D("6838"), rate_fiscal_year=2025,
                         component="prior_surplus", item="total")
    projection = changed(tables["shikyuritsu_fiscal_projection"], "value", D("118506"), rate_fiscal_year=2025,
                         fiscal_year=2025, line="liabilities")
    model = shikyuritsu_model.build({**tables, "shikyuritsu_surplus_components": components,
                                     "shikyuritsu_fiscal_projection": projection}, 2025)
    (kind, detail, _), = entries(model, "剰余金見込額")
    assert detail.endswith("掲載された内訳 イ−ロ−ハ−ニ+ホ からは 6,423、財政収支 (4)−(5) からは 6,423 となり、公表値と一致する。")
    assert "端数処理前" not in detail
