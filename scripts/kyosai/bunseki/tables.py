"""The computed tables of 「小規模企業共済 運用環境と財政の分析」, each declared once above the function that computes
its rows from the model (kyosai.bunseki.model): reports/<FY>/bunseki/tables/<id>.csv, the printed tables, the plain
text and the comparison with the previous year all read these declarations. Figures are unrounded here; the writer
rounds as printed (四捨五入)."""
from __future__ import annotations

from decimal import Decimal

from ..cashflows import cash_flow_table
from ..tablespec import Item, TableSet, amount, count, flow, in_oku, level, rate, ratio, share, text, year

TABLES = TableSet("bunseki")

RATE_PLACES = 5   # 支給率 and 支給率の基準となる率, as the 支給率 documents print them
FUND_PLACES = 1   # 付加共済金原資 (1,039.4億円)

STATUS_JA = {"computed": "計算値", "agrees": "公表値（計算と一致）", "within_rounding": "公表値（端数差の範囲）",
             "carried": "公表値", "gap": "データなし"}
POINT_JA = {"founded": "中小機構発足", "fy_end": "年度末"}
RATE_STATUS_JA = {"document": "支給率の資料による", "paid": "支給あり（率はデータになし）",
                  "none_before_first": "支給なし（初回支給の前）", "none_not_retained": "支給なし（留保額の記載なし）"}
# where a 支給率 comes from (data/bunseki/rate_sources.csv basis): a printed rate, or an inference from the sources
RATE_BASIS_JA = {"document": "公表値", "paid_not_printed": "支給あり（支給率の掲載資料なし）",
                 "inferred_zero": "推定（支給なし）"}
RISK_BASIS_JA = {"published": "公表値", "agrees": "公表値（計算と一致）", "within_rounding": "公表値（端数差の範囲）",
                 "computed": "計算値", "derived": "計算値（逆算した元本による）"}
BASE_BASIS_JA = {"published": "公表値", "implied": "逆算値（資料に記載なし）"}
SCENARIO_BASIS_JA = {"reference": "感応度の試算", "published": "平成29年資料の案", "assumption": "仮定を置いた試算"}
OUTCOME_BASIS_JA = {"document": "後年の支給率資料の実績", "unyo": "運用状況の実績"}

# Published figures (data/bunseki/carried_figures.csv, and the cash-flow rows of data/unyo/carried_figures.csv) →
# (table, column they are printed in, how far the rounding of the printed inputs can move our computation, in
# units of the last printed digit; None: the model computes the bound from the inputs, as for a ratio).
HALF, ONE, ONE_HALF = Decimal("0.5"), Decimal(1), Decimal("1.5")
CARRIED = {
    "cash_flow_balance": ("cash_flows", "balance_oku", ONE),                          # a − b
    "cash_flow_balance_with_interest": ("cash_flows", "balance_with_interest_oku", ONE_HALF),   # a − b + d
    "basic_profit": ("basic_profit", "basic_profit_oku", ONE),                        # 当期利益 − 委託運用収入
    "reserve_ratio": ("reserve_yield", "reserve_ratio_pct", None),                    # (A) / (B)
    "deficit_ratio": ("deficit_plan_summary", "deficit_ratio", None),                 # 繰越欠損金 / 責任準備金
    "base_rate": ("rate_history", "base_rate", None),                                 # 剰余金見込額 / 発生見込総額
    "estimation_risk": ("risk_levels", "risk_oku", None),                             # 計算元本 × (μ × 14/12 − kσ√(14/12))
}


def carried_format(figure: str) -> tuple[str, int, Decimal | None]:
    """(unit, decimals, input tolerance in the figure's unit, or None where the model computes the bound) of a
    published figure (CARRIED)."""
    return TABLES.carried_format(CARRIED, figure)


# ---------------------------------------------------------------- 1 キャッシュ・フロー

cash_flows = cash_flow_table(
    TABLES, "cash_flows", "キャッシュ・フローの推移",
    labels=("掛金収入", "共済金等支出", "収支差", "国内債券(簿価)利金等収入", "収支差＋利金収入", "国内債券(簿価)償還金"),
    printed=("掛金収入\n(a)", "共済金等支出(b)\n（解約手当金含む）", "収支差(c)\n（＝a－b）", "国内債券(簿価)\n利金等収入(d)",
             "収支差＋利金収入\n（＝c＋d）", "国内債券(簿価)\n償還金"))


# ---------------------------------------------------------------- 2 基礎的な収益, 自家運用損益 ÷ 責任準備金

@TABLES.table("basic_profit", "基礎的な収益", keys=("fiscal_year",), history=True, list_rows=False, columns=(
    year("fiscal_year", "年度"), flow("net_income_oku", "当期利益", printed="当期利益\n(a)"),
    flow("entrusted_income_oku", "委託運用収入", printed="委託運用収入\n(b)"),
    flow("basic_profit_oku", "基礎的な収益", printed="基礎的な収益\n（＝a－b）"),
    text("status", "基礎的な収益の出所", STATUS_JA)))
def basic_profit(model: dict) -> list[dict]:
    return [{"fiscal_year": r["fiscal_year"], "net_income_oku": r["net_income"], "entrusted_income_oku": r["entrusted_income"],
             "basic_profit_oku": r["basic_profit"], "status": r["status"]}
            for r in model["basic_profit"]["rows"]]


@TABLES.table("reserve_yield", "自家運用損益÷責任準備金と予定利率・10年国債金利", keys=("fiscal_year",), history=True,
              list_rows=False, columns=(
                  year("fiscal_year", "年度"), flow("self_income_oku", "自家運用損益", printed="自家運用\n損益(A)"),
                  rate("self_yield_pct", "自家運用利回り", printed="自家運用\n利回り"),
                  amount("policy_reserve_oku", "責任準備金（年度末）", printed="責任準備金\n（年度末）(B)"),
                  rate("reserve_ratio_pct", "自家運用損益÷責任準備金", printed="(A)÷(B)"),
                  rate("assumed_rate_pct", "予定利率"),
                  rate("jgb_10y_pct", "10年国債金利（年度初）", printed="10年国債金利\n（年度初）"),
                  rate("margin_pt", "(A)÷(B)－予定利率", unit="pt", printed="(A)÷(B)\n－予定利率"),
                  rate("jgb_margin_pt", "10年国債金利－予定利率", unit="pt", printed="10年国債金利\n－予定利率")))
def reserve_yield(model: dict) -> list[dict]:
    keys = ("self_income", "self_yield", "policy_reserve", "reserve_ratio", "assumed_rate", "jgb_10y", "margin", "jgb_margin")
    units = {"self_income": "oku", "policy_reserve": "oku", "margin": "pt", "jgb_margin": "pt"}
    return [{"fiscal_year": r["fiscal_year"], **{f"{k}_{units.get(k, 'pct')}": r[k] for k in keys}}
            for r in model["reserve_yield"]["rows"]]


# ---------------------------------------------------------------- 3 利益剰余金・繰越欠損金と日経平均

@TABLES.table("surplus_nikkei", "利益剰余金・繰越欠損金と日経平均", keys=("point", "date"), labels=("label",),
              label_from=("label",), history=True, year_end=True, list_rows=False, columns=(
                  text("point", "時点の種類", POINT_JA), year("date", "日付", "fy_end"), text("label", "時点"),
                  amount("surplus_oku", "利益剰余金・繰越欠損金", printed="利益剰余金・\n繰越欠損金▲"),
                  flow("surplus_change_oku", "利益剰余金・繰越欠損金の増減", printed="前の時点からの\n増減"),
                  level("nikkei225", "日経平均", 2, "円", printed="日経平均\n（円）"),
                  rate("nikkei_change_pct", "日経平均の騰落率", signed=True, printed="日経平均\n騰落率")))
def surplus_nikkei(model: dict) -> list[dict]:
    return [{"point": r["point"], "date": r["date"], "label": r["label"], "surplus_oku": r["surplus"],
             "surplus_change_oku": r["surplus_change"], "nikkei225": r["nikkei225"], "nikkei_change_pct": r["nikkei_change"]}
            for r in model["surplus"]["rows"]]


# ---------------------------------------------------------------- 4 繰越欠損金削減計画と実績

@TABLES.table("deficit_plan_path", "繰越欠損金削減計画の経路と実績", keys=("fiscal_year",), history=True, year_end=True,
              list_rows=False, columns=(
                  year("fiscal_year", "年度末"),
                  amount("actual_oku", "利益剰余金・繰越欠損金（実績）", printed="実績"),
                  amount("fast_path_oku", "計画の経路（最短の解消年限）"),
                  amount("slow_path_oku", "計画の経路（最長の解消年限）"),
                  flow("ahead_of_slow_oku", "実績－計画の経路（最長の解消年限）")))
def deficit_plan_path(model: dict) -> list[dict]:
    return [{"fiscal_year": r["fiscal_year"], "actual_oku": r["actual"], "fast_path_oku": r["fast"],
             "slow_path_oku": r["slow"], "ahead_of_slow_oku": r["ahead_of_slow"]} for r in model["deficit_plan"]["path"]]


PLAN_ITEMS = {
    "deficit": Item("平成20年度末の繰越欠損金（計画の基準）", "億円", 0, "amount"),
    "reserve_at_base": Item("同年度末の責任準備金（計画の別表1）", "億円", 0, "amount"),
    "deficit_ratio": Item("繰越欠損金÷責任準備金", "%", 1, "share"),
    "years_min": Item("解消年限（最短）", "年", 0, "count"),
    "years_max": Item("解消年限（最長）", "年", 0, "count"),
    "annual_reduction_fast": Item("年間削減額（最短の年限で均等に削減）", "億円", 1, "flow"),
    "annual_reduction_slow": Item("年間削減額（最長の年限で均等に削減）", "億円", 1, "flow"),
    "annual_reduction_min": Item("年間削減額（計画の記載、約）下限", "億円", 0, "flow"),
    "annual_reduction_max": Item("年間削減額（計画の記載、約）上限", "億円", 0, "flow"),
    "resolve_from": Item("解消予定年度（最短）", "年度", 0, "count"),
    "resolve_to": Item("解消予定年度（最長）", "年度", 0, "count"),
    "first_period_target": Item("第2期中期計画期間の削減目標（約）", "億円", 0, "flow"),
    "first_period_actual": Item("第2期中期計画期間の削減実績", "億円", 0, "flow"),
    "worst_year": Item("繰越欠損金が最大の年度", "年度", 0, "count"),
    "cleared_year": Item("繰越欠損金が初めて解消した年度", "年度", 0, "count"),
    "positive_since": Item("以後継続して利益剰余金となった年度", "年度", 0, "count"),
}


@TABLES.table("deficit_plan_summary", "繰越欠損金削減計画の要点と実績", keys=("item",), label_from=("item",),
              items=PLAN_ITEMS, item_column="item", unit_column="unit", list_rows=False, columns=(
                  text("item", "項目", {k: v.label for k, v in PLAN_ITEMS.items()}), text("value", "値", per_row=True),
                  text("unit", "単位")))
def deficit_plan_summary(model: dict) -> list[dict]:
    return [{"item": k, "value": v} for k, v in model["deficit_plan"]["summary"].items() if k in PLAN_ITEMS]


@TABLES.table("reserve_projections", "責任準備金の推計（計画の別表1）と実績", keys=("fiscal_year",), history=True,
              year_end=True, list_rows=False, columns=(
                  year("fiscal_year", "年度末"),
                  amount("with_reform_oku", "推計（法改正を反映した場合）", printed="推計\n（法改正を反映）"),
                  amount("without_reform_oku", "推計（法改正を反映しない場合）", printed="推計\n（反映しない）"),
                  amount("actual_oku", "責任準備金（実績）", printed="実績"),
                  flow("diff_with_oku", "実績－推計（反映）", printed="実績－推計\n（反映）"),
                  flow("diff_without_oku", "実績－推計（反映しない）", printed="実績－推計\n（反映しない）")))
def reserve_projections(model: dict) -> list[dict]:
    return in_oku(model["reserve_projections"]["rows"],
                  ("with_reform", "without_reform", "actual", "diff_with", "diff_without"))


POSITION_JA = {"below": "下回る", "within": "範囲内", "above": "上回る"}
RISK_RETURN_KIND_JA = {"adoption": "策定時", "verification": "検証時"}


@TABLES.table("plan_portfolio", "繰越欠損金削減計画の基本ポートフォリオ", keys=("component",), labels=("label_ja",),
              label_from=("label_ja",), list_rows=False, columns=(
                  text("component", "資産"), text("label_ja", "資産名"), share("allocation_pct", "資産配分"),
                  share("band_pt", "許容乖離幅", unit="pt")))
def plan_portfolio(model: dict) -> list[dict]:
    return [{"component": a["component"], "label_ja": a["label_ja"], "allocation_pct": a["allocation"],
             "band_pt": a["band"]} for a in model["portfolios"]["allocation"]]


@TABLES.table("policy_risk_return", "基本ポートフォリオの期待収益率・標準偏差と必要な運用利回り",
              keys=("policy_id", "as_of"), labels=("policy_label", "as_of"), label_from=("policy_label", "as_of"),
              list_rows=False, columns=(
                  text("policy_id", "基本ポートフォリオ"), text("policy_label", "基本ポートフォリオ名"),
                  text("as_of", "算定時期"), text("kind", "区分", RISK_RETURN_KIND_JA),
                  rate("expected_return_pct", "期待収益率"), rate("std_dev_pct", "標準偏差"),
                  rate("required_min_pct", "必要な運用利回り（下限）", places=1),
                  rate("required_max_pct", "必要な運用利回り（上限）", places=1)))
def policy_risk_return(model: dict) -> list[dict]:
    p = model["portfolios"]
    return [{"policy_id": r["policy_id"], "policy_label": r["policy_label"], "as_of": r["as_of"], "kind": r["kind"],
             "expected_return_pct": r["expected_return"], "std_dev_pct": r["std_dev"],
             "required_min_pct": p["required_min"], "required_max_pct": p["required_max"]} for r in p["risk_return"]]


@TABLES.table("required_return", "必要な運用利回りと実現した運用利回り", keys=("fiscal_year",), history=True,
              list_rows=False, columns=(
                  year("fiscal_year", "年度"), rate("yield_pct", "運用利回り（資産全体）", printed="運用利回り\n（資産全体）"),
                  rate("required_min_pct", "必要な運用利回り（下限）", places=1, printed="必要な利回り\n（下限）"),
                  rate("required_max_pct", "必要な運用利回り（上限）", places=1, printed="必要な利回り\n（上限）"),
                  rate("vs_min_pt", "運用利回り－下限", unit="pt", printed="運用利回り\n－下限", signed=True),
                  text("position", "必要な運用利回りとの比較", POSITION_JA, printed="必要な利回り\nとの比較")))
def required_return(model: dict) -> list[dict]:
    return [{"fiscal_year": r["fiscal_year"], "yield_pct": r["yield"], "required_min_pct": r["required_min"],
             "required_max_pct": r["required_max"], "vs_min_pt": r["vs_min"], "position": r["position"]}
            for r in model["portfolios"]["realised"]]


# ---------------------------------------------------------------- 5 支給率の推移と感応度

@TABLES.table("rate_history", "付加共済金の支給率の推移", keys=("rate_fiscal_year",), history=True, list_rows=False,
              columns=(
                  year("rate_fiscal_year", "支給率の年度"), ratio("base_rate", "支給率の基準となる率", RATE_PLACES),
                  ratio("rate", "支給率", RATE_PLACES), text("status", "状況", RATE_STATUS_JA),
                  text("rate_basis", "支給率の区分", RATE_BASIS_JA), text("rate_source", "支給率の出所")))
def rate_history(model: dict) -> list[dict]:
    """The rate history; where no 支給率 document is known by the analysis's date, the 基準となる率 an earlier source
    printed (003's 平成29年度)."""
    return [{"rate_fiscal_year": r["rate_fiscal_year"], "base_rate": r["base_rate"], "rate": r["rate"],
             "status": r["status"], "rate_basis": r["rate_basis"], "rate_source": r["rate_source"]}
            for r in model["rates"]["history"] or model["rates"]["early"]]


@TABLES.table("reserve_options", "留保の方式の案（案1・案2）", keys=("scenario_id",), labels=("label_ja",),
              label_from=("label_ja",), list_rows=False, columns=(
                  text("scenario_id", "試算"), text("label_ja", "案"), text("rule_ja", "内容"),
                  amount("target_oku", "目標積立（留保）額"), text("source_ja", "出所")))
def reserve_options(model: dict) -> list[dict]:
    return [{"scenario_id": o["scenario_id"], "label_ja": o["label_ja"], "rule_ja": o["rule_ja"], "target_oku": o["target"],
             "source_ja": o["source_ja"]} for o in model["rates"]["options"]]


@TABLES.table("risk_levels", "14カ月の推計リスク", keys=("rate_fiscal_year", "sigma"), label_from=("sigma",),
              history=True, list_rows=False, columns=(
                  year("rate_fiscal_year", "支給率の年度"), count("sigma", "水準（σ）"),
                  share("probability_pct", "水準以下に含まれる確率", 2), count("once_in_years", "発生頻度（年に1度）"),
                  amount("base_oku", "委託運用資産計算元本"), text("base_basis", "計算元本の出所", BASE_BASIS_JA),
                  rate("expected_return_pct", "期待収益率"),
                  rate("std_dev_pct", "標準偏差"), amount("risk_oku", "推計リスク（損失見込み額）"),
                  text("basis", "出所", RISK_BASIS_JA)))
def risk_levels(model: dict) -> list[dict]:
    return [{"rate_fiscal_year": r["rate_fiscal_year"], "sigma": r["sigma"], "probability_pct": r["probability"],
             "once_in_years": r["once_in_years"], "base_oku": r["base"], "base_basis": r["base_basis"],
             "expected_return_pct": r["expected_return"], "std_dev_pct": r["std_dev"], "risk_oku": r["risk"],
             "basis": r["basis"]} for r in model["rates"]["risk"]]


@TABLES.table("sensitivity", "支給率の感応度", keys=("rate_fiscal_year", "scenario_id"), labels=("label_ja",),
              label_from=("label_ja",), list_rows=False, columns=(
                  year("rate_fiscal_year", "支給率の年度"), text("scenario_id", "試算"), text("label_ja", "試算名"),
                  text("basis", "区分", SCENARIO_BASIS_JA), count("sigma", "σ"), rate("expected_return_pct", "期待収益率"),
                  rate("std_dev_pct", "標準偏差"), amount("target_oku", "目標留保額"), amount("risk_oku", "推計リスク"),
                  amount("available_oku", "控除後の剰余金見込額"), amount("fund_oku", "付加共済金原資", places=FUND_PLACES),
                  amount("retained_after_oku", "留保額（累計）", places=FUND_PLACES), ratio("rate", "支給率", RATE_PLACES),
                  text("official", "資料の算定方法")))
def sensitivity(model: dict) -> list[dict]:
    s = model["rates"]["sensitivity"]
    if s is None:      # no 支給率 document known by the analysis's date: the table is empty, as outcomes can be
        return []
    return [{"rate_fiscal_year": s["rate_fiscal_year"], "scenario_id": r["scenario_id"], "label_ja": r["label_ja"],
             "basis": r["basis"], "sigma": r["sigma_multiple"], "expected_return_pct": r["expected_return"],
             "std_dev_pct": r["std_dev"], "target_oku": r["target"], "risk_oku": r["risk"], "available_oku": r["available"],
             "fund_oku": r["fund"], "retained_after_oku": r["retained_after"], "rate": r["rate"], "official": r["official"]}
            for r in s["rows"]]


# ---------------------------------------------------------------- 6 財政収支の予測と実績

@TABLES.table("outcomes", "財政収支の予測と実績", keys=("projected_in", "fiscal_year", "measure", "basis"),
              labels=("label_ja",), label_from=("label_ja",), unit_column="unit",
              unit_formats={"億円": (0, "amount"), "%": (2, "yield")}, history=True, columns=(
                  year("projected_in", "予測した支給率資料の年度"), year("fiscal_year", "年度"), text("measure", "項目"),
                  text("label_ja", "項目名"), text("basis", "実績の出所", OUTCOME_BASIS_JA),
                  text("projected", "見込", per_row=True), text("actual", "実績", per_row=True),
                  text("difference", "実績－見込", per_row=True), text("unit", "単位")))
def outcomes(model: dict) -> list[dict]:
    return [{"projected_in": r["projected_in"], "fiscal_year": r["fiscal_year"], "measure": r["measure"],
             "label_ja": r["label_ja"], "basis": r["basis"], "projected": r["projected"], "actual": r["actual"],
             "difference": r["difference"], "unit": r["unit"]} for r in model["outcomes"]["rows"]]


# ---------------------------------------------------------------- what the comparison with the previous year names first

TABLES.headlines = [
    ("basic_profit", {"fiscal_year": "FY"}, "basic_profit_oku", "基礎的な収益"),
    ("basic_profit", {"fiscal_year": "FY"}, "net_income_oku", "当期利益"),
    ("reserve_yield", {"fiscal_year": "FY"}, "reserve_ratio_pct", "自家運用損益÷責任準備金"),
    ("surplus_nikkei", {"point": "fy_end", "date": "FY"}, "surplus_oku", "利益剰余金・繰越欠損金"),
    ("deficit_plan_path", {"fiscal_year": "FY"}, "actual_oku", "利益剰余金（削減計画の実績）"),
]
