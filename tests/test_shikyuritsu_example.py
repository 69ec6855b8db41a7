"""The 支給率 document's worked example (002 §2(1)② 2.: 例：令和7年度の掛金納付期間が3年となる場合) and the terms of
its formulas, drawn from data: the seed year as 002 prints it, a later year added by rows alone (rate year 2026 with
its example group at 48 months and a 過年度の留保額 that leaves nothing for the 原資), and a method whose decisions
change which terms are deducted. Expected values come from 002 or are worked out by hand below."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from kyosai.dataio import LINE, DataError, Rows
from kyosai.shikyuritsu import model as shikyuritsu_model
from kyosai.shikyuritsu.view import DOCUMENT

SEED, LATER = 2025, 2026
SHIFTED = ("fiscal_year", "projection_fiscal_year", "published", "document_date", "as_of")


FONT = yaml.safe_load((Path(__file__).resolve().parents[1] / "config.yaml").read_text(encoding="utf-8"))["chart_font_path"]


def text_of(model: dict, tmp_path) -> str:
    """The publication edition's text (tags removed, spacing collapsed)."""
    made = DOCUMENT.draw_charts(model, tmp_path, FONT)
    page = DOCUMENT.page(model, DOCUMENT.view(model, DOCUMENT.tables.rows(model)),
                         DOCUMENT.frame(model, "publication", tmp_path, made, tmp_path))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[page.index("<body"):]))


def later_year(tables, example_months: D, retained: D) -> dict:
    """The tables with rate year 2026 added by rows alone: 2025's rows with their dates moved a year, without the
    published results a synthetic year has none of, its example group and 過年度の留保額 as given."""
    out = dict(tables)
    for name in ("shikyuritsu_documents", "shikyuritsu_fiscal_projection", "shikyuritsu_rate_inputs",
                 "shikyuritsu_retained_amounts", "shikyuritsu_surplus_components"):
        added = []
        for r in tables[name]:
            if r["rate_fiscal_year"] != SEED or r.get("item") in ("published_fund", "published_base_rate"):
                continue
            copy = {**r, "rate_fiscal_year": LATER}
            for col in SHIFTED:
                value = copy.get(col)
                if isinstance(value, int):
                    copy[col] = value + 1
                elif isinstance(value, dt.date):
                    copy[col] = value.replace(year=value.year + 1)
                elif value:
                    copy[col] = str(int(value[:4]) + 1) + value[4:]
            if copy.get("item") == "example_contribution_months":
                copy["value"] = example_months
            if copy.get("entry") == "total":
                copy["amount"] = retained
            added.append(copy)
        out[name] = Rows([*tables[name], *added])
    return out


@pytest.fixture(scope="module")
def seed_text(tables, tmp_path_factory):
    return text_of(shikyuritsu_model.build(tables, SEED), tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="module")
def later(tables):
    return shikyuritsu_model.build(later_year(tables, D(48), D(7000)), LATER)


@pytest.fixture(scope="module")
def later_text(later, tmp_path_factory):
    return text_of(later, tmp_path_factory.mktemp("later"))


# ---------------------------------------------------------------- the worked example

def test_the_seed_year_draws_002s_worked_example(seed_text):
    # 002 §2(1)② 2.: 「区分した掛金納付期間別の共済事由別仮定共済金額等の発生見込額を算定 (例：令和7年度の掛金納付期間が
    # 3年となる場合)」; 3年 = 36月 (002 §1 (1) ② 基準月：掛金納付月数が「36月」又は「36月＋12月の整数倍の月数」);
    # 令和7年度 = 令和7年4月〜令和8年3月; the next groups 4年 (48月), 5年 (60月)
    assert ("2. 区分した掛金納付期間別の共済事由別仮定共済金額等の発生見込額を算定（例：令和7年度の掛金納付期間が3年となる"
            "場合）") in seed_text
    assert ("掛金納付期間3年のグループ：令和7年度中（令和7年4月～令和8年3月）に掛金納付月数が36月となる月を基準月とする"
            "全在籍口数（1口500円）") in seed_text
    assert "基準月（掛金納付月数36月）に脱退したと仮定した場合に、共済事由別に支払われる共済金・解約手当金の額" in seed_text
    assert "× 共済事由別の将来発生割合 ＝ 掛金納付期間3年のグループの発生見込額" in seed_text
    assert "※ 掛金納付期間4年（48月）、5年（60月）…の各グループについても同様に算定し、3. で足し上げる。" in seed_text
    assert "の図は掲載していません" not in seed_text


def test_a_later_year_draws_its_own_example(later_text):
    # rate year 2026 (令和8年度: 令和8年4月〜令和9年3月), its example group at 48 months = 4年; next 5年 (60), 6年 (72)
    assert "（例：令和8年度の掛金納付期間が4年となる場合）" in later_text
    assert "掛金納付期間4年のグループ：令和8年度中（令和8年4月～令和9年3月）に掛金納付月数が48月となる月" in later_text
    assert "基準月（掛金納付月数48月）に脱退したと仮定した場合" in later_text
    assert "※ 掛金納付期間5年（60月）、6年（72月）…の各グループ" in later_text
    assert "令和7年" not in later_text.split("（1）「支給率の基準となる率」の算定（まとめ）")[0].split("算定の流れ")[1]


@pytest.mark.parametrize("months", [D(30), D(40)])
def test_an_example_group_that_is_no_base_month_is_refused(tables, months):
    # 30 < 36, and 40 is not 36 + 12k: neither is a 基準月's 掛金納付月数
    data = later_year(tables, months, D(1422))
    row = next(r for r in data["shikyuritsu_rate_inputs"]
               if r["rate_fiscal_year"] == LATER and r["item"] == "example_contribution_months")
    with pytest.raises(DataError) as err:
        shikyuritsu_model.build(data, LATER)
    assert (f"data/shikyuritsu/rate_inputs.csv line {row[LINE]}, column value: example_contribution_months "
            f"{months} is not a 基準月's 掛金納付月数") in str(err.value)


def test_a_year_without_its_example_row_is_told_so(tables):
    data = later_year(tables, D(36), D(1422))
    data["shikyuritsu_rate_inputs"] = Rows(r for r in data["shikyuritsu_rate_inputs"]
                                           if not (r["rate_fiscal_year"] == LATER
                                                   and r["item"] == "example_contribution_months"))
    with pytest.raises(DataError, match=r"rate_inputs.csv: the 令和8年度 支給率 document needs example_contribution_months"):
        shikyuritsu_model.build(data, LATER)


# ---------------------------------------------------------------- a later year with nothing left: rate 0

def test_the_later_zero_year_by_hand(later, later_text):
    # 推計リスク = 28,919 × (6.20% × 2 × √(14/12) − 2.82% × 14/12) = 28,919 × 0.1010353 = 2,921.84 → 2,922
    # 控除後 = 6,423 − 7,000 − 2,921.84 − 0 = ▲3,498.84 → ▲3,499: no 原資, rate 0
    assert D("-3498.85") < later["available"] < D("-3498.83")
    assert later["fund"]["value"] == 0 and later["fund"]["text"] == "0" and later["rate"] == 0
    assert ("（剰余金見込額6,423億円） －（平成30年度、令和3年度、令和4年度及び令和6年度の付加共済金を支給することとした際の"
            "留保額7,000億円） －（2σ水準の推計リスク2,922億円） －（満期保有債券の予定利率に対する潜在的な損失額0億円） ＝ "
            "▲3,499億円") in later_text
    assert later_text.count("控除後の剰余金見込額が負のため、原資は0億円（1/2に分ける額はない）") == 2
    assert "付加共済金原資額 ＝ max（（1）剰余金見込額 －（2）過年度の留保額 －（3）推計リスク，0）／2" in later_text
    assert "max（①剰余金見込額 － 過年度の留保額 － 推計リスク － 潜在的な損失額，0）／2" in later_text
    assert "max（6,423億円 － 7,000億円 － 2,922億円，0）／2" in later_text
    assert "令和8年度の付加共済金の支給率は 「0」 とする。令和8年度は付加共済金を支給しない。" in later_text
    assert "0.0億円" not in later_text and "積立金 " not in later_text.split("4．")[-1]


# ---------------------------------------------------------------- the formulas' terms are the method's (data)

def test_the_formulas_name_the_terms_of_the_method_in_force(seed_text, tables, tmp_path):
    # 002 §4 deducts 「満期保有債券の予定利率に対する潜在的な損失額0億円」 in the sentence; its formula names the term too
    # (the figures leave out the 0, as 002 prints them: (6,423 − 1,422 − 2,922) / 2)
    assert "（＝（①剰余金見込額 － 過年度の留保額 － 推計リスク － 潜在的な損失額）／2）" in seed_text
    assert "（6,423億円 － 1,422億円 － 2,922億円）／2" in seed_text
    assert "max（" not in seed_text                           # a positive amount: the formulas as 002 prints them
    # method_decisions.csv says which terms the method has: with the (第20回) decision dated after the rate year,
    # the 潜在的な損失額 is no term of the 令和7年度 formulas (and the sentence does not deduct it)
    decisions = Rows(dict(r) for r in tables["shikyuritsu_method_decisions"])
    row = next(r for r in decisions if r["decision_id"] == "cttee20")
    row["decided_on"] = dt.date(2025, 4, 1)
    model = shikyuritsu_model.build({**tables, "shikyuritsu_method_decisions": decisions}, SEED)
    text = text_of(model, tmp_path)
    assert [d["kind"] for d in model["deductions"]] == ["retained", "risk"]
    assert "（＝（①剰余金見込額 － 過年度の留保額 － 推計リスク）／2）" in text
    assert "潜在的な損失額" not in text.split("4．")[-1]
