"""The document 「小規模企業共済制度の令和7年度付加共済金の支給率について」 (reports/2025/shikyuritsu.pdf) against
seed 002: the figures as the built PDF prints them and as its CSV tables hold them. Expected values are
transcribed from 002 and live here only."""
from __future__ import annotations

import csv
import html
import re
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from kyosai.dataio import LINE, DataError, Rows
from kyosai.numbers import round_half_up
from kyosai.shikyuritsu import model as shikyuritsu_model
from kyosai.texts import join_ja

FY = 2025


def table(reports, name):
    with open(reports / str(FY) / "shikyuritsu" / "tables" / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def flat(pdf):
    """A PDF's text with line breaks removed (prose wraps anywhere in Japanese)."""
    return re.sub(r"[ \t]+", " ", "".join(p.extract_text() for p in PdfReader(pdf).pages).replace("\n", ""))


@pytest.fixture(scope="module")
def text(built):
    """The publication edition's text."""
    return flat(built / str(FY) / "shikyuritsu.pdf")


@pytest.fixture(scope="module")
def review(built):
    """The review edition's text (the publication and, marked internal, the annexes)."""
    return flat(built / str(FY) / "shikyuritsu-review.pdf")


@pytest.fixture(scope="module")
def pages(built):
    return [p.extract_text() for p in PdfReader(built / str(FY) / "shikyuritsu.pdf").pages]


@pytest.fixture(scope="module")
def review_pages(built):
    return [p.extract_text() for p in PdfReader(built / str(FY) / "shikyuritsu-review.pdf").pages]


# ---------------------------------------------------------------- cover, contents, look

CHAPTERS = ("1．小規模企業共済制度の付加共済金の概要", "2．「支給率の基準となる率」の算定",
            "3．「支給率」の決定に当たっての「その他の事情を勘案」について", "4．令和7年度の付加共済金の支給率の決定（案）")
ANNEXES = ("参考計算（公表資料にはない試算）", "前回報告からの主な変更", "検算・データ確認の記録")


def test_cover_and_contents(pages):
    cover = pages[0].replace("\n", "")
    assert "小規模企業共済制度の令和7年度付加共済金の支給率について" in cover
    assert "令和7年3月" in cover and "中小企業庁" in cover
    toc = pages[1]
    for title in CHAPTERS:
        assert title in toc, title
    assert re.search(r"\d+\s*/\s*\d+", pages[2])  # page X/Y as in the other report


def test_the_publication_has_nothing_internal(text):
    for internal in ANNEXES + ("レビュー用", "内部資料", "SHA-256", "data/", ".csv", "qa.md"):
        assert internal not in text, internal
    # no English word of the QA log (kyosai.qa), nor of any other internal sentence
    assert not re.search(r"\b(published|computed|carried|rounding|tolerance|within|source|printed)\b", text)


def test_the_review_edition_is_the_publication_with_its_annexes_marked_internal(review_pages, pages):
    toc = review_pages[1]
    for title in CHAPTERS + ANNEXES:
        assert title in toc, title
    assert all("内部資料（レビュー用・公表しない）" in p for p in review_pages)
    assert len(review_pages) > len(pages)


def test_pdf_metadata_names_the_document(built):
    meta = PdfReader(built / str(FY) / "shikyuritsu.pdf").metadata
    assert meta.title == "小規模企業共済制度の令和7年度付加共済金の支給率について"
    assert meta.creation_date.year == 2025 and meta.creation_date.month == 3


def test_overview_texts_and_statute_references(text):
    assert "「付加共済金」は、平成8年の制度導入以降、平成30年度に初めて支給を実施。" in text
    assert "付加共済金原資額（施行規則第10条の2第1項）" in text
    assert "仮定共済金等の発生見込総額（施行規則第10条の2第2項）" in text
    assert "直近実績（運用資産においては令和7年1月末実績）" in text


def test_only_the_documented_rate_years_are_built(built):
    # 2017 and 2018 rows of data/shikyuritsu are reference inputs of the engine (seed 003), not documents
    assert (built / "2025" / "shikyuritsu.pdf").exists()
    assert not (built / "2017" / "shikyuritsu.pdf").exists()
    assert not (built / "2018" / "shikyuritsu.pdf").exists()


# ---------------------------------------------------------------- 2 剰余金見込額 and the base rate

def test_surplus_forecast_prints_6423_although_the_rounded_parts_give_6424(text, built):
    assert "「令和7年度末の剰余金見込額」を算定すると6,423億円となる。" in text
    rows = table(built, "surplus_components")
    totals = {r["kana"]: int(r["amount_oku"]) for r in rows if r["item"] == "total" and r["kana"]}
    assert totals == {"イ": 9626, "ロ": 6078, "ハ": 3906, "ニ": 57, "ホ": 6839}
    # The printed parts, each rounded to 1億円: 9,626 − 6,078 − 3,906 − 57 + 6,839 = 6,424. 002 prints 6,423
    # because it subtracted the unrounded parts; the document prints the published 6,423 (carried in
    # rate_inputs.csv with that reason) and its QA log lists both.
    qa = (built / str(FY) / "shikyuritsu" / "qa.md").read_text(encoding="utf-8")
    # the sum of the five rounded parts may miss the rounded total by (5 + 1) × 0.5 = 3 (kyosai.numbers.rounding_tolerance)
    assert ("- イ − ロ − ハ − ニ + ホ = 剰余金見込額: 掲載された内訳からの計算値 6,424、掲載された値 6,423: 差 1（合計と内訳を"
            "それぞれ四捨五入したことで生じうる ±3 の範囲内）") in qa
    assert "- 剰余金見込額: 本書は公表値 6,423（data/shikyuritsu/rate_inputs.csv 2行目）を掲載し、計算に用いる。" \
           "掲載された内訳 イ−ロ−ハ−ニ+ホ からは 6,424、" in qa
    printed = next(r for r in rows if r["component"] == "surplus_forecast")
    assert printed["amount_oku"] == "6423"
    assert "イ－ロ－ハ－ニ＋ホ＝令和7年度末剰余金見込額6,423億円" in text.replace(" ", "")


def test_surplus_breakdown_and_remarks(text, built):
    items = {r["item"]: r["amount_oku"] for r in table(built, "surplus_components") if r["item"] != "total"}
    assert items == {"contributions": "8723", "investment_income": "902", "trust_gain_loss": "0",
                     "benefits": "5831", "installment_benefits": "247", "reserve_provision": "3906",
                     "reserve_release": "0", "transfer_to_operations": "57"}
    flat = text.replace(" ", "")
    for s in ("掛金等収入(①+④)8,723億円", "運用収入(②)902億円", "分割共済金(⑥)247億円", "業務等経理繰入(⑨)57億円",
              "この段階では0(据え置き)と仮定する。", "実績脱退率(直近3か年)"):
        assert s in flat, s


def test_fiscal_projection_rows_as_printed(text, built):
    v = {(r["line"], r["fiscal_year"]): r["value"] for r in table(built, "fiscal_projection")}
    assert len(v) == 26 * 3
    assert [v[("net_income", y)] for y in ("2023", "2024", "2025")] == ["2697", "-457", "-417"]
    assert [v[("surplus", y)] for y in ("2023", "2024", "2025")] == ["7296", "6839", "6423"]
    assert [v[("revenue", y)] for y in ("2023", "2024", "2025")] == ["11980", "9771", "9626"]
    assert [v[("expenses", y)] for y in ("2023", "2024", "2025")] == ["9283", "10228", "10042"]
    assert [v[("assets", y)] for y in ("2023", "2024", "2025")] == ["117750", "121393", "124929"]
    assert [v[("liabilities", y)] for y in ("2023", "2024", "2025")] == ["110454", "114554", "118507"]
    assert [v[("yield_total", y)] for y in ("2023", "2024", "2025")] == ["3.44", "1.17", "0.73"]
    assert [v[("yield_trust", y)] for y in ("2023", "2024", "2025")] == ["12.58", "2.07", "0.00"]
    for printed in ("区分 令和5年度実績 令和6年度見込 令和7年度見込",
                    "(3) 当期利益・損失 (= (1) - (2)) 2,697 ▲457 ▲417",
                    "(6) 剰余金・欠損金 (= (4) - (5)) 7,296 6,839 6,423",
                    "運用利回り 3.44% 1.17% 0.73%", "信託資産 12.58% 2.07% 0.00%", "生命保険資産 0.17% 0.64% 0.64%",
                    "※1 運用有価証券信託に係る担保預り金は資産・負債に同額計上していることから、共に控除している。",
                    "※2 端数処理の都合上、各勘定科目の合計値が一致しないことがある。"):
        assert printed in text, printed


def test_denominator_and_base_rate(text, built):
    assert "「仮定共済金等の発生見込総額」を算定すると9兆9,311億円となる。" in text
    assert "以上①、②から、「支給率の基準となる率」を算定すると0.06467となる。" in text
    # the fraction written out: 6,423億円 / 9兆9,311億円 = 0.06467
    assert re.search(r"＝\s*6,423億円\s*9兆9,311億円\s*＝\s*0\.06467", text)
    calc = {r["item"]: r for r in table(built, "rate_calculation")}
    # 6,423 / 99,311 = 0.0646756 → 0.06468 from the printed inputs; 002 prints 0.06467 (finer numerator)
    assert (calc["base_rate"]["value"], calc["base_rate"]["computed_value"], calc["base_rate"]["status"]) == \
        ("0.06467", "0.06468", "within_rounding")
    assert calc["assumed_benefits_total"]["value"] == "99311"


# ---------------------------------------------------------------- 3 decisions and the 推計リスク

def test_the_20th_committee_heading_is_printed_as_the_source_prints_it(text, review):
    # 002 lists 第20回 as 令和4年3月1日 but heads its explanation page 令和4年12月: both as printed; the
    # discrepancy is in the review edition's QA log, not in the publication
    assert "○ (第20回) 共済小委員会（令和4年12月）において決定された事項について" in text
    assert "原資料は本決定の日付を" not in text
    qa = review[review.index("検算・データ確認の記録", review.index("検算・データ確認の記録") + 1):]
    assert "出典の不一致" in qa and "令和4年12月" in qa and "令和4年3月1日" in qa


def test_the_20th_committee_page_as_002_prints_it(text):
    # 002 §3: the sentence after the formula, and the 算定イメージ printed again (also in §1)
    assert "②「満期保有債券の予定利率に対する潜在的な損失額」（自家運用資産）も含めることとした。" in text
    assert text.count("付加共済金原資額の算定イメージ") >= 2


def test_decisions_in_force_with_their_dates(text, built):
    for s in ("【(第5回) 共済小委員会において決定された事項】（平成27年12月14日）",
              "【(第11回) 共済小委員会において決定された事項】（平成30年3月7日）",
              "【(第20回) 共済小委員会において決定された事項】（令和4年3月1日）",
              "当面、剰余金のうち1/2に相当する額を付加共済金の原資とし、残り1/2に相当する額を積立金に当てることとする。",
              "当該年度末の剰余金見込額から過年度の留保額と、「推計リスク」として2σ分を控除することを決定。"):
        assert s in text, s
    assert [r["decision_id"] for r in table(built, "decisions")] == ["cttee05", "cttee11", "cttee20"]


def test_risk_inputs_and_formula(text):
    for printed in ("令和7年1月末の委託運用資産額：2兆8,919億円", "期待収益率（2.82%）と標準偏差（6.20%）",
                    "委託運用資産計算元本 ×（2.82% ×（14/12）－ 6.20% × 2 × √（14/12）））",
                    "基本ポートフォリオ検証時（令和6年7月実施）", "計算期間 14ヵ月", "▲2σ水準の推計リスク：▲2,922億円（※）"):
        assert printed in text, printed


def test_sigma_table(text, built):
    rows = table(built, "risk_levels")
    assert [r["risk_oku"] for r in rows] == ["985", "2922", "4858"]
    assert [r["probability_pct"] for r in rows] == ["15.87", "2.28", "0.14"]
    assert [r["once_in_years"] for r in rows] == ["6", "40", "700"]
    assert "▲1σ 15.87%（6年に1度程度） 985億円以上" in text
    assert "▲2σ 2.28%（40年に1度程度） 2,922億円以上" in text
    assert "▲3σ 0.14%（700年に1度程度） 4,858億円以上" in text


# ---------------------------------------------------------------- 4 the rate

def test_amount_after_deductions_sentence(text):
    flat = text.replace(" ", "")
    assert ("（剰余金見込額6,423億円）－（平成30年度、令和3年度、令和4年度及び令和6年度の付加共済金を支給することとした際の"
            "留保額1,422億円）－（2σ水準の推計リスク2,922億円）－（満期保有債券の予定利率に対する潜在的な損失額0億円）"
            "＝2,079億円") in flat
    assert "令和7年度の付加共済金原資がその1/2の1,039.4億円発生する。" in text


def test_rate_and_its_fraction(text, built):
    assert "以上①、①'、②より令和7年度の付加共済金の支給率は「0.01047」とする。" in text
    assert re.search(r"（6,423億円 － 1,422億円 － 2,922億円）／2\s*9兆9,311億円\s*＝\s*0\.01047", text)
    calc = {r["item"]: r for r in table(built, "rate_calculation")}
    assert (calc["retained"]["value"], calc["risk"]["value"], calc["potential_loss"]["value"]) == ("1422", "2922", "0")
    assert calc["available"]["value"] == "2079"
    # 原資: 002 prints 1,039.4; the printed inputs give (6,423 − 1,422 − 2,921.84) / 2 = 1,039.58 → 1,039.6
    assert (calc["fund"]["value"], calc["fund"]["computed_value"], calc["fund"]["status"]) == \
        ("1039.4", "1039.58", "within_rounding")
    assert (calc["rate"]["value"], calc["rate"]["computed_value"]) == ("0.01047", "0.01047")


def test_rate_is_computed_from_the_published_fund(shikyuritsu2025):
    model = shikyuritsu2025
    assert model["fund"]["value"] == D("1039.4")
    # 1,039.4 / 99,311 = 0.0104661… → 0.01047 (002 §4; half up: truncating would print 0.01046)
    assert round_half_up(model["rate"], 5) == D("0.01047")
    assert model["base_rate"]["value"] == D("0.06467")
    assert model["payout_years_ja"] == "平成30年度、令和3年度、令和4年度及び令和6年度"


def svg_texts(path) -> list[str]:
    """The words of a chart, in the order the SVG writes them."""
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8"))]


def test_waterfall_and_scenario_charts(built):
    charts = built / str(FY) / "shikyuritsu" / "charts"
    for name in ("waterfall.svg", "scenarios.svg"):
        svg = (charts / name).read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and "<path" in svg
        assert "<text" in svg and "font-family=\"'IPAexGothic'\"" in svg   # text as text, in the documents' font
    # 002 §3's steps: 6,423 − 1,422 − 2,922 − 0 (満期保有債券の潜在的損失額) = 2,079, of which 1/2 is 1,039.4 (of the
    # unrounded figures); each bar's label in that order, after the axis
    words = svg_texts(charts / "waterfall.svg")
    labels = words[words.index("億円") + 1:]
    assert labels == ["6,423", "▲1,422", "▲2,922", "0", "2,079", "1,039.4", "令和7年度の付加共済金原資の算定（億円）"]
    # the scenarios, worked by hand from 002's 推計リスク (985 / 2,922 / 4,858 for 1σ / 2σ / 3σ) and 仮定共済金等の発生見込
    # 総額 99,311: 1σ (6,423 − 1,422 − 985) / 2 / 99,311 = 0.02022; 3σ (6,423 − 1,422 − 4,858) / 2 / 99,311 = 0.00072;
    # 2σ is 002's own 0.01047
    words = svg_texts(charts / "scenarios.svg")
    assert "シナリオ別の支給率（参考計算。点線は本資料の支給率 0.01047）" in words
    assert {"推計リスク 1σ", "推計リスク 2σ (現行方式)", "推計リスク 3σ", "0.02022", "0.00072", "0.01047"} <= set(words)


def test_reference_annex_is_marked_as_not_published(review, built):
    annex = review[review.index("参考計算（公表資料にはない試算）", review.index("検算・データ確認の記録") + 1):]
    assert annex.count("参考計算（公表資料にはない試算）") >= 2  # heading and the mark
    assert "公表資料にはない試算である" in annex
    rows = {r["scenario_id"]: r for r in table(built, "scenarios")}
    assert len(rows) == 10
    assert rows["sigma_2"]["rate"] == "0.01047"
    assert rows["sigma_1"]["risk_oku"] == "985" and rows["sigma_3"]["risk_oku"] == "4858"


# ---------------------------------------------------------------- QA log, tables

def test_qa_log_lists_published_and_computed_figures(built, review):
    qa = (built / str(FY) / "shikyuritsu" / "qa.md").read_text(encoding="utf-8")
    base = next(line for line in qa.splitlines() if line.startswith("- 支給率の基準となる率"))
    assert "0.06467" in base and "0.06468" in base
    fund = next(line for line in qa.splitlines() if line.startswith("- 付加共済金原資"))
    assert "1,039.4" in fund and "1,039.6" in fund and "0.55" in fund
    surplus = next(line for line in qa.splitlines() if line.startswith("- 剰余金見込額"))
    assert "6,423" in surplus and "6,424" in surplus
    assert "## 端数差:" in qa
    assert "検算・データ確認の記録" in review and "入力データ SHA-256" in review
    assert "照合一致" in qa and "公表値 0.06467 は、本書の計算値（端数処理前）0.064675" in qa


def test_tables_are_utf8_with_bom_and_plain_numbers(built):
    folder = built / str(FY) / "shikyuritsu" / "tables"
    names = sorted(p.name for p in folder.glob("*.csv"))
    assert {"surplus_components.csv", "fiscal_projection.csv", "rate_calculation.csv", "risk_levels.csv",
            "decisions.csv", "scenarios.csv"} <= set(names)
    number = re.compile(r"-?\d+(\.\d+)?")
    for name in names:
        raw = (folder / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        for row in table(built, name[:-4]):
            for col, cell in row.items():
                if col.endswith(("_oku", "_pct", "value")) or col in ("rate", "sigma", "once_in_years"):
                    assert cell == "" or number.fullmatch(cell), (name, col, cell)  # -457, not ▲457 / 6,423


# ---------------------------------------------------------------- failures stop the build

def altered(tables, name, column, value, **where):
    """The data with one cell of one row changed (the row found by ``where``); returns (data, the row's line)."""
    rows = Rows(dict(r) for r in tables[name])
    match = [r for r in rows if r.get("rate_fiscal_year", FY) == FY and all(r[c] == v for c, v in where.items())]
    assert len(match) == 1, where
    match[0][column] = value
    return {**tables, name: rows}, match[0][LINE]


def with_input(tables, item, value):
    return altered(tables, "shikyuritsu_rate_inputs", "value", value, item=item)[0]


def test_a_published_fund_outside_the_tolerance_stops_the_build(tables):
    # computed 1,039.58: 1,040.1 is 0.52 off, inside ±0.55 (and gives 0.01047 too); 1,040.2 is 0.62 off, outside
    assert shikyuritsu_model.build(with_input(tables, "published_fund", D("1040.1")), FY)["fund"]["value"] == D("1040.1")
    with pytest.raises(DataError) as exc:
        shikyuritsu_model.build(with_input(tables, "published_fund", D("1040.2")), FY)
    assert any("rate_inputs.csv line" in p and "付加共済金原資" in p for p in exc.value.problems)


def test_the_rate_from_the_published_fund_must_agree_with_ours_as_printed(tables):
    # 1,039.1 is within tolerance of 1,039.58, but 1,039.1 / 99,311 = 0.0104631 prints 0.01046, ours 0.01047
    with pytest.raises(DataError) as exc:
        shikyuritsu_model.build(with_input(tables, "published_fund", D("1039.1")), FY)
    assert any("must agree as printed" in p for p in exc.value.problems)


def test_a_published_base_rate_outside_the_tolerance_stops_the_build(tables):
    with pytest.raises(DataError) as exc:
        shikyuritsu_model.build(with_input(tables, "published_base_rate", D("0.06465")), FY)
    assert any("支給率の基準となる率" in p for p in exc.value.problems)


def test_an_unknown_placeholder_in_a_text_stops_the_build(tables):
    out, line = altered(tables, "shikyuritsu_notes", "text", "{first_payot}に初めて支給を実施。", key="overview.point3")
    with pytest.raises(DataError) as exc:
        shikyuritsu_model.build(out, FY)
    assert any(f"notes.csv line {line}" in p and "{first_payot}" in p for p in exc.value.problems)


def test_a_missing_document_row_stops_the_build(tables):
    out = {**tables, "shikyuritsu_documents": Rows()}
    with pytest.raises(DataError) as exc:
        shikyuritsu_model.build(out, FY)
    assert "documents.csv" in exc.value.problems[0]


@pytest.mark.parametrize("years, phrase", [
    ([2018], "平成30年度"),
    ([2018, 2021], "平成30年度及び令和3年度"),
    ([2018, 2021, 2022, 2024], "平成30年度、令和3年度、令和4年度及び令和6年度"),
])
def test_join_ja(years, phrase):
    from kyosai import era
    assert join_ja([era.fy_long(y) for y in years]) == phrase
