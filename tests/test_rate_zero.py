"""A 支給率 document whose fund after the deductions is negative: the rate is zero, as it was every year from
1996 to 2017 (the common case in the fund's history). The year is synthetic: FY2025's data with a larger
過年度の留保額 (4,000億円 instead of 1,422) and larger January-end entrusted assets (3兆150億円 instead of
2兆8,919), so that

    推計リスク (2σ) = 30,150 × (6.20% × 2 × √(14/12) − 2.82% × 14/12) = 30,150 × 0.1010352 = 3,046.21 → 3,046
    控除後の剰余金見込額 = 6,423 − 4,000 − 3,046.21 − 0 = ▲623.21 → ▲623

and nothing is left for the 付加共済金原資. Expected figures are worked out above by hand."""
from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from conftest import rate_rows_changed
from kyosai.dataio import DataError, Rows
from kyosai.numbers import round_half_up
from kyosai.shikyuritsu import charts as sk_charts
from kyosai.shikyuritsu import model as shikyuritsu_model
from kyosai.shikyuritsu.view import DOCUMENT

FY = 2025
ROOT = Path(__file__).resolve().parents[1]
FONT = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))["chart_font_path"]


def changed(rows: Rows, column: str, value, **where) -> Rows:
    return rate_rows_changed(rows, FY, column, value, **where)


@pytest.fixture(scope="module")
def negative(tables):
    inputs = changed(tables["shikyuritsu_rate_inputs"], "value", D("30150"), item="entrusted_assets")
    # a synthetic year has no published 原資 to reconcile with (002's 1,039.4 belongs to the real one)
    inputs = Rows(r for r in inputs if not (r["rate_fiscal_year"] == FY and r["item"] == "published_fund"))
    retained = changed(tables["shikyuritsu_retained_amounts"], "amount", D("4000"), entry="total")
    return shikyuritsu_model.build({**tables, "shikyuritsu_rate_inputs": inputs,
                                    "shikyuritsu_retained_amounts": retained}, FY)


@pytest.fixture(scope="module")
def page(negative, tmp_path_factory):
    """The publication edition's HTML (the PDF is made from it)."""
    folder = tmp_path_factory.mktemp("rate-zero")
    made = DOCUMENT.draw_charts(negative, folder, FONT)
    return DOCUMENT.page(negative, DOCUMENT.view(negative, DOCUMENT.tables.rows(negative)),
                         DOCUMENT.frame(negative, "publication", folder, made, folder))


@pytest.fixture(scope="module")
def html(page):
    """Its text."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def test_the_model_says_no_fund_arises_and_the_rate_is_zero(negative):
    # the 推計リスク the larger entrusted assets give (worked out in the module's docstring): 30,150 × 0.1010353 = 3,046.21
    assert round_half_up(negative["risk"], 2) == D("3046.21")
    assert D("-623.22") < negative["available"] < D("-623.20")
    assert negative["fund_arises"] is False
    assert negative["fund"]["value"] == 0 and negative["rate"] == 0


def test_the_wording_says_no_fund_arises(html):
    assert ("控除後の剰余金見込額は▲623億円となり、プラスとならないため、令和7年度の付加共済金原資は発生しない"
            "（付加共済金原資に充てるべき額は0億円）。") in html
    assert "発生する。" not in html.replace("発生しない", "")          # never 「その1/2の0.0億円発生する」
    assert "支給率は「0」とする。令和7年度は付加共済金を支給しない。" in html


def test_the_formula_is_true_as_written(html):
    # max(…, 0): the written formula holds for a negative amount (002's form (a − b − c)／2 would be ▲311.5)
    assert "max（6,423億円 － 4,000億円 － 3,046億円，0）／2" in html
    assert "0億円／2" in html
    assert "（6,423億円 － 4,000億円 － 3,046億円）／2" not in html


def test_the_waterfall_draws_the_negative_part_below_zero(negative):
    steps = {s["label"].replace("\n", ""): s for s in sk_charts.waterfall_steps(negative)}
    risk = steps["推計リスク（2σ）"]
    assert (risk["start"], risk["end"]) == (D("2423"), D("-623"))          # the whole 3,046, not clipped at 0
    assert steps["控除後の剰余金見込額"]["end"] == D("-623") and steps["控除後の剰余金見込額"]["text"] == "▲623"
    assert steps["付加共済金原資"]["end"] == 0
    assert not any(label.startswith("積立金") for label in steps)         # nothing to retain
    fig = sk_charts.waterfall_figure(sk_charts.waterfall_steps(negative), "")
    ax = fig.axes[0]
    bars = {round(p.get_height()): (p.get_y(), p.get_y() + p.get_height()) for p in ax.patches}
    assert bars[3046] == (-623, 2423)
    assert ax.get_ylim()[0] < -623
    assert any(line.get_ydata()[0] == 0 and len(set(line.get_ydata())) == 1 for line in ax.get_lines())


def test_the_alt_text_states_the_negative_figures(page):
    alt = next(a for a in re.findall(r'alt="([^"]*)"', page) if "付加共済金原資の算定" in a)
    assert "推計リスク（2σ） ▲3,046" in alt and "控除後の剰余金見込額 ▲623" in alt and "付加共済金原資 0。" in alt          # a zero fund as 002 prints zeros (not 0.0)


# ---------------------------------------------------------------- drawn and written truly (issue #18)

def figures(page: str, css: str) -> list[str]:
    """The text of every <figure class="diagram css"> of the page."""
    found = re.findall(rf'<figure class="diagram {css}">(.*?)</figure>', page, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", f)).strip() for f in found]


def test_the_fund_image_halves_nothing_and_says_why(page):
    # 002's 算定イメージ splits the amount after the deductions 1/2 → 原資, 1/2 → 積立金; a negative amount has no
    # halves: the image shows 原資 0 and why, never 「1/2 0.0億円 付加共済金原資 / 1/2 積立金」 under ▲623
    images = figures(page, "fund-image")
    assert len(images) == 2                                   # §1 and §3, as 002 prints it
    for text in images:
        assert "控除後の剰余金見込額 ▲623億円" in text
        assert "0億円 付加共済金原資 控除後の剰余金見込額が負のため、原資は0億円（1/2に分ける額はない）" in text
        assert "積立金" not in text and "0.0" not in text
    labels = [a for a in re.findall(r'aria-label="([^"]*)"', page) if a.startswith("付加共済金原資額の算定イメージ")]
    assert labels == [labels[0]] * 2
    assert labels[0].endswith("控除後の剰余金見込額▲623億円。控除後の剰余金見込額が負のため、原資は0億円（1/2に分ける額はない）。")
    assert "積立金" not in labels[0]


def test_every_formula_of_the_fund_is_max_and_names_every_deduction(html):
    # §3's method formula: max(…, 0), and the 推計リスク it deducts names the 潜在的な損失額 (第20回)
    assert "付加共済金原資額 ＝ max（（1）剰余金見込額 －（2）過年度の留保額 －（3）推計リスク，0）／2" in html
    assert re.search(r"（3）推計リスク ＝\s*①時価評価による値動きに伴う変動額（委託運用資産）\s*＋ ②満期保有債券の予定利率に対する"
                     r"潜在的な損失額（自家運用資産）", html)
    # §4's symbolic formula names every term the sentence above it deducts, the 0億円 潜在的な損失額 included
    assert "（＝ max（①剰余金見込額 － 過年度の留保額 － 推計リスク － 潜在的な損失額，0）／2）" in html
    assert "－（満期保有債券の予定利率に対する潜在的な損失額0億円） ＝ ▲623億円" in html
    assert "｛（1）剰余金見込額" not in html                   # no formula of the fund without max(…, 0)


def test_a_zero_fund_is_printed_one_way(page, html, negative, tmp_path):
    # 002 prints a zero amount as 0億円 (信託運用損益 0億円, 潜在的な損失額0億円): so does every place the fund is printed
    assert "0.0億円" not in html and "原資 0.0" not in page
    assert html.count("付加共済金原資は0億円") == 1 and html.count("付加共済金原資に充てるべき額は0億円") == 1
    steps = sk_charts.waterfall_steps(negative)
    assert steps[-1]["text"] == "0"
    # the review edition's reference calculations print their zero funds the same way
    made = DOCUMENT.draw_charts(negative, tmp_path, FONT)
    review = DOCUMENT.page(negative, DOCUMENT.view(negative, DOCUMENT.tables.rows(negative)),
                           DOCUMENT.frame(negative, "review", tmp_path, made, tmp_path), {"code": "test", "data": "test"})
    annex = review[review.index('class="annex-mark"'):]
    rows = [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", tr) for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", annex, re.S)]
    funds = {cells[0]: cells[5] for cells in rows if len(cells) == 8}     # 試算 … 付加共済金原資 (6th column)
    assert funds["推計リスク 2σ (現行方式)"] == "0" and funds["推計リスク 3σ"] == "0"
    assert "0.0" not in funds.values()
    # and its QA log writes the zero rate in plain digits (str() of a Decimal zero to 8 places is 0E-8)
    log = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", review[review.index("0 / 99311"):]))[:200]
    assert log.startswith("0 / 99311 = 0 → 0（端数処理前の計算上の原資から") and "E-" not in log


def test_a_zero_year_without_its_reason_text_is_told_so(tables, negative):
    # the 算定イメージ of a year with no 原資 says why (notes.csv image_fund.no_fund_negative): without a row valid that
    # year the build stops naming the file and the key, never a traceback
    notes = Rows(r for r in tables["shikyuritsu_notes"] if r["key"] != "image_fund.no_fund_negative")
    inputs = changed(tables["shikyuritsu_rate_inputs"], "value", D("30150"), item="entrusted_assets")
    inputs = Rows(r for r in inputs if not (r["rate_fiscal_year"] == FY and r["item"] == "published_fund"))
    retained = changed(tables["shikyuritsu_retained_amounts"], "amount", D("4000"), entry="total")
    with pytest.raises(DataError, match=r"data/shikyuritsu/notes.csv: 令和7年度 has no 付加共済金原資 \(控除後の剰余金見込額 -623\)"
                                        r" and its 算定イメージ says why with the text image_fund.no_fund_negative"):
        shikyuritsu_model.build({**tables, "shikyuritsu_rate_inputs": inputs, "shikyuritsu_retained_amounts": retained,
                                 "shikyuritsu_notes": notes}, FY)


# ---------------------------------------------------------------- the analysis pack of a zero-rate year

@pytest.fixture(scope="module")
def pack_zero(tmp_path_factory):
    """The FY2025 analysis pack of the later year bench.synthesise makes by rows (運用状況 FY2025, the 支給率 of rate
    year 2026 with 過年度の留保額 7,000億円: 6,423 − 7,000 − 2,922 = ▲3,499, so every scenario gives 「0」): its
    publication HTML and the charts it drew."""
    import importlib.util
    import shutil
    import sys

    from kyosai import dataio
    from kyosai.bunseki import model as bunseki_model
    from kyosai.bunseki.view import DOCUMENT as PACK

    if "bench_run" in sys.modules:
        bench = sys.modules["bench_run"]
    else:
        spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
        bench = importlib.util.module_from_spec(spec)
        sys.modules["bench_run"] = bench
        spec.loader.exec_module(bench)
    ws = tmp_path_factory.mktemp("pack-zero")
    shutil.copytree(ROOT / "data", ws / "data")
    bench.synthesise(ws, 1)
    model = bunseki_model.build(dataio.load_all(ws / "data"), 2025)
    assert model["rates"]["sensitivity"]["rate_fiscal_year"] == 2026
    made = PACK.draw_charts(model, ws / "charts", FONT)
    page = PACK.page(model, PACK.view(model, PACK.tables.rows(model)),
                     PACK.frame(model, "publication", ws / "charts", made, ws))
    return page, made


def test_the_pack_prints_a_zero_fund_as_0_and_draws_no_empty_chart(pack_zero):
    # issue #18: the sensitivity table printed 付加共済金原資 0.0 (002 and the 支給率 print a zero amount as 0億円) and
    # drew ten bars of length 0; the 2σ row worked by hand: 推計リスク 2,922, 6,423 − 7,000 − 2,922 = ▲3,499
    page, made = pack_zero
    section = page[page.index("令和8年度の支給率の感応度</h2>"):]
    section = section[:section.index("</table>")]
    rows = [re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", section, re.S)][1:]
    assert len(rows) == 10
    current = next(r for r in rows if r[0] == "推計リスク 2σ (現行方式)")
    assert current[5:] == ["2,922", "▲3,499", "0", "7,000.0", "0.00000"]
    assert {r[7] for r in rows} == {"0"}                                   # never 0.0
    text = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", page))
    assert re.search(r"令和8年度の支給率は「?0」?（推計リスク2σ\(現行方式\)）", text)       # 「0」 as 002 writes it
    assert "控除後の剰余金見込額はいずれの試算でも負となり、付加共済金原資はいずれの試算でも0億円" in text
    assert "図示する差がないため、感応度の図はありません" in text
    assert "0.00000～0.00000" not in text
    assert "sensitivity" not in made and "sensitivity.svg" not in page
