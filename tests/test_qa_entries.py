"""Each QA entry, note and bound sentence says only what holds for the data: an entry that states a disagreement
(「…と一致しない」, 「出典は端数処理前の数値で計算している」) is written only when the figures disagree, checked here with the
real data (true) and with a copy of the loaded tables altered in-process so that they agree (false), and with the
later year bench.synthesise makes by rows; a sentence of texts.csv stating a direction is checked against the figure
it is bound to; a text naming a year is valid for that year only. Expected figures come from seeds 000 §6/§7, 001 §2
and 002 §2–§4, worked out by hand."""
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


# ================================================================ the synthetic later year (bench.synthesise, by rows)

import importlib.util  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

from conftest import ROOT  # noqa: E402
from kyosai import dataio  # noqa: E402
from kyosai.dataio import DataError  # noqa: E402

if "bench_run" in sys.modules:      # tests/test_next_year.py and test_bench.py load it the same way
    bench = sys.modules["bench_run"]
else:
    _spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    bench = importlib.util.module_from_spec(_spec)
    sys.modules["bench_run"] = bench  # dataclasses look their module up
    _spec.loader.exec_module(bench)

check_spec = importlib.util.spec_from_file_location("check_script", ROOT / "scripts" / "check.py")
check_script = importlib.util.module_from_spec(check_spec)
check_spec.loader.exec_module(check_script)


@pytest.fixture(scope="module")
def later(tmp_path_factory):
    """data/ with the synthetic FY2025 運用状況 and rate year 2026 支給率 of bench.synthesise, rows only."""
    ws = tmp_path_factory.mktemp("later")
    shutil.copytree(ROOT / "data", ws / "data")
    bench.synthesise(ws, 1)
    return dataio.load_all(ws / "data")


def agreeing_2026(data: dict) -> dict:
    """The rate year 2026 with its printed parts agreeing with its 剰余金見込額 6,423 (ホ 6,838; (5) 118,506, whose
    parts 115,359 + 1,421 + 1,727 = 118,507 are within rounding)."""
    components = changed(data["shikyuritsu_surplus_components"], "amount", D("6838"), rate_fiscal_year=2026,
                         component="prior_surplus", item="total")
    projection = changed(data["shikyuritsu_fiscal_projection"], "value", D("118506"), rate_fiscal_year=2026,
                         fiscal_year=2026, line="liabilities")
    return {**data, "shikyuritsu_surplus_components": components, "shikyuritsu_fiscal_projection": projection}


DISAGREEING = ("一致しない", "異なる", "端数処理前の数値で計算している", "公表値ではなく")


def test_a_later_year_where_everything_agrees_says_nothing_of_a_disagreement(later):
    """Rate year 2026 (bench: no published 原資 or 基準となる率 to reconcile with; the fund is 0): neither a QA entry
    nor a printed text says that a figure differs, and the reference calculation's note does not claim that the
    current method's row differs from a published 原資 that does not exist."""
    model = shikyuritsu_model.build(agreeing_2026(later), 2026)
    assert model["fund"]["published"] is None
    said = [f"{e['subject']}: {e['detail']}" for e in model["qa"] if any(p in e["detail"] for p in DISAGREEING)]
    assert said == []
    printed = [f"{k}: {t}" for k, t in model["texts"].items() if "公表値と一致しない" in t]
    assert printed == []
    (note,) = [e["detail"] for e in model["qa"] if e["subject"] == "参考計算"]
    assert note.endswith("端数処理前の計算上の原資を用いる")


def test_the_rate_zero_entry_writes_its_figures_plainly(later):
    """Rate year 2026: 原資 0 / 仮定共済金等の発生見込総額 99,311 (002's, copied) = 0, written as 002 writes zeros
    (never 0E-8, 0.00000000), and from the computed 原資: the year has no published one to speak of."""
    (detail,) = [e["detail"] for e in shikyuritsu_model.build(later, 2026)["qa"] if e["subject"] == "支給率"]
    assert detail == "0 / 99311 = 0 → 0（端数処理前の計算上の原資から。データに掲載された原資はない）"
    assert "E-" not in detail


def test_the_20th_meeting_note_is_computed_for_each_rate_year(later, shikyuritsu2025):
    """002 §3: 第20回 decided 令和4年3月1日 (listed), its heading says 令和4年12月: it applies from 令和4年度 or from
    令和5年度, so to 令和7年度 (the seed) and 令和8年度 (2026) either way. The note of 2026 says so of 2026, never
    2025's 「令和7年度の支給率には」."""
    applies = "令和4年3月1日なら令和4年度から、令和4年12月なら令和5年度からの支給率に適用となるが、いずれの場合も"
    (seed,) = [e["detail"] for e in shikyuritsu2025["qa"] if e["subject"] == "(第20回) 共済小委員会の日付"]
    assert applies + "令和7年度の支給率には適用される。" in seed
    model = shikyuritsu_model.build(later, 2026)
    (detail,) = [e["detail"] for e in model["qa"] if e["subject"] == "(第20回) 共済小委員会の日付"]
    assert applies + "令和8年度の支給率には適用される。" in detail
    assert "令和7年度" not in detail


def test_a_decision_note_naming_the_years_it_applies_to_is_refused(tables):
    rows = Rows(dict(r) for r in tables["shikyuritsu_method_decisions"])
    (row,) = [r for r in rows if r["decision_id"] == "cttee20"]
    row["note"] += "いずれの場合も令和7年度の支給率には適用される。"
    with pytest.raises(DataError) as exc:
        shikyuritsu_model.build({**tables, "shikyuritsu_method_decisions": rows}, 2025)
    assert any(p.startswith("data/shikyuritsu/method_decisions.csv, line 5, column note: 「令和7年度の支給率") for p in
               exc.value.problems)


def test_the_reference_note_of_the_seed_year_says_which_fund_each_row_uses(shikyuritsu2025):
    """002 §4 prints the 原資 1,039.4 (computed: 2,079.17… / 2 = 1,039.58… → 1,039.6): the rows of the document's own inputs
    and method print the published 1,039.4 (the pack's 2σ row, issue #18), so nothing differs and nothing says so."""
    (note,) = [e["detail"] for e in shikyuritsu2025["qa"] if e["subject"] == "参考計算"]
    assert note.endswith("本資料と同じ入力・方式の行は公表された原資 1,039.4 を、その他の行は端数処理前の計算上の原資を用いる")
    assert "異なる" not in note
    assert "annex.fund_note" not in shikyuritsu2025["texts"]       # its binds (scenario_fund.current != fund) do not hold


# ================================================================ sentences bound to figures (texts.csv binds, refers_to)

def test_the_seed_sentences_agree_with_their_figures(model2024, model2022):
    """000 §7: ベンチマーク収益率 国内株式 ▲1.55, 国内債券 ▲4.73 (マイナス), 外国株式 6.88, 外国債券 1.61 (プラス), ヘッジ外債
    ▲1.88 (マイナス); 合計の超過収益率 ▲1.03 − (▲0.91) = ▲0.12 (マイナス). 001 §2: 自家運用 1.15 (H30) → 0.85 (R4),
    ▲0.30 (低下傾向)."""
    bound = {e["subject"]: e for e in model2024["qa"] if e["subject"].startswith("本文と数値")}
    domestic = bound["本文と数値: fund_performance.benchmark_domestic"]
    assert domestic["kind"] == "identity" and "国内株式 ベンチマーク収益率 ▲1.55 ＜ 0" in domestic["detail"] \
        and "国内債券(時価) ベンチマーク収益率 ▲4.73 ＜ 0" in domestic["detail"]
    foreign = bound["本文と数値: fund_performance.benchmark_foreign"]["detail"]
    assert "外国株式 ベンチマーク収益率 6.88 ＞ 0" in foreign and "外国債券 ベンチマーク収益率 1.61 ＞ 0" in foreign \
        and "ヘッジ外債 ベンチマーク収益率 ▲1.88 ＜ 0" in foreign
    assert "合計 超過収益率 ▲0.12 ＜ 0" in bound["本文と数値: fund_performance.excess_reason"]["detail"]
    (trend,) = [e for e in model2022["qa"] if e["subject"] == "本文と数値: yields.self_comment"]
    assert trend["kind"] == "identity" and "平成30年度→令和4年度の変化 ▲0.30 ＜ 0" in trend["detail"]


def test_a_deliberate_sentence_is_flagged_with_what_it_refers_to(model2024):
    """000 §6: 融資経理貸付金 479 at R06年度末, +280 on the year, beside 「…借換により、残高が減少しております」 (the trend since
    令和元年度): printed as the source printed it, and flagged in the review edition's QA log."""
    (entry,) = [e for e in model2024["qa"] if e["subject"] == "本文と数値: loans.funding_note"]
    assert entry["kind"] == "discrepancy"
    assert "R06年度末 融資経理貸付金 対前年度末比 280 ＜ 0" in entry["detail"]
    assert "この文が述べるのは: 令和元年度に資金調達方法を変更して以降の残高の推移" in entry["detail"]
    assert "data/unyo/texts.csv 19行目" in entry["detail"]
    assert model2024["texts"]["loans.funding_note"].endswith("残高が減少しております。")


def test_a_sentence_the_figures_contradict_stops_the_build(tables):
    """国内株式's ベンチマーク収益率 turned to +1.00: 「国内株式及び国内債券の収益率はマイナスとなりました」 is false."""
    rows = changed(tables["fund_performance"], "benchmark_return", D("1.00"), fiscal_year=2024,
                   asset_class="domestic_equity")
    with pytest.raises(DataError) as exc:
        unyo_model.build({**tables, "fund_performance": rows}, 2024)
    (problem,) = [p for p in exc.value.problems if "benchmark_domestic" in p]
    assert problem.startswith("data/unyo/texts.csv, line 26, column text: fund_performance.benchmark_domestic states "
                              "benchmark_return.domestic_equity < 0, which does not hold for 令和6年度")


def test_a_sentence_of_a_direction_bound_to_nothing_is_refused(tables):
    rows = Rows(dict(r) for r in tables["texts"])
    (row,) = [r for r in rows if r["key"] == "fund_performance.benchmark_domestic"]
    row["binds"] = None
    with pytest.raises(DataError) as exc:
        unyo_model.build({**tables, "texts": rows}, 2024)
    assert any(p.startswith("data/unyo/texts.csv, line 26, column binds: fund_performance.benchmark_domestic states a "
                            "direction or comparison (「マイナス」)") for p in exc.value.problems)


# ================================================================ year-bound texts

def test_a_text_naming_its_own_year_is_valid_for_that_year_only(tables):
    """funds.note2 「時価は億円。令和7年3月末時点。」 (000 §7) names the end of 令和6年度: left open, it would print the
    date in every later year."""
    rows = Rows(dict(r) for r in tables["texts"])
    (row,) = [r for r in rows if r["key"] == "funds.note2"]
    row["valid_to"] = None
    with pytest.raises(DataError) as exc:
        unyo_model.build({**tables, "texts": rows}, 2024)
    assert any(p.startswith("data/unyo/texts.csv, line 31, column valid_to: funds.note2 names 令和7年3月 (令和6年度)")
               for p in exc.value.problems)


def test_a_new_year_without_its_own_year_bound_rows_gets_a_completeness_message(tmp_path):
    """The synthetic FY2025 by its figure rows only (no texts of its own): make check names each year-bound text
    of 令和6年度 (funds.note2, funds.note4, overview.topics) it lacks, and the build prints none of 2024's."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    bench.synthesise_unyo(tmp_path, [2025])
    problems = check_script.check([2025], tmp_path / "data")
    for key, line, named in (("funds.note2", 31, "令和7年3月"), ("funds.note4", 33, "令和7年3月"),
                             ("overview.topics", 37, "令和6年度、令和6年9月、令和6年12月")):
        assert (f"unyo-jokyo 2025: data/unyo/texts.csv: the 令和7年度 report has no {key}: the row of line {line} "
                f"names {named} and so ends with 令和6年度; add a row key={key}, valid_from=2025 with the year's own "
                f"wording") in problems
