"""The computed tables of the 支給率 document, each declared once above the function that computes its rows
from the model (kyosai.shikyuritsu.model): reports/<FY>/shikyuritsu/tables/<id>.csv, the plain text and the
diff all read these declarations."""
from __future__ import annotations

from ..tablespec import Item, TableSet, amount, count, ratio, rate, share, text, year
from .engine import PLACES

TABLES = TableSet("shikyuritsu")

BASIS_JA = {"reference": "感応度の試算", "published": "平成29年資料の案", "assumption": "仮定を置いた試算"}
KIND_JA = {"actual": "実績", "projection": "見込"}
STATUS_JA = {"published": "公表値", "computed": "計算値", "agrees": "公表値（計算と一致）",
             "within_rounding": "公表値（端数差の範囲）", "computed from the printed fund": "印刷された原資から計算"}
# Where each group of texts (data/shikyuritsu/notes.csv: the part of a key before its first dot) is printed.
TEXT_GROUPS_JA = {"overview": "付加共済金の概要", "formula": "支給率の算定式", "image": "付加共済金のイメージ",
                  "denominator": "仮定共済金等の発生見込総額の算定", "surplus": "剰余金見込額の算定",
                  "projection": "財政収支の予測", "other": "その他の事情を勘案", "risk": "推計リスク",
                  "decision": "共済小委員会の決定事項", "image_fund": "付加共済金原資額の算定イメージ",
                  "annex": "参考計算"}
AMOUNT, FUND, RATE = PLACES["amount"], PLACES["fund"], PLACES["rate"]
DOC_YEAR = year("rate_fiscal_year", "支給率の年度", "doc")   # every table's first column: the rate's fiscal year

# The rows of 支給率の算定: each item's unit, decimals (of the printed value and of our computed value) and kind.
CALCULATION_ITEMS = {
    "surplus_forecast": Item("剰余金見込額", "億円", AMOUNT, "amount"),
    "assumed_benefits_total": Item("仮定共済金等の発生見込総額", "億円", AMOUNT, "amount"),
    "base_rate": Item("支給率の基準となる率", "ratio", RATE, "ratio"),
    "retained": Item("過年度の留保額", "億円", AMOUNT, "amount"),
    "risk": Item("推計リスク", "億円", {"value": AMOUNT, "computed_value": 2}, "amount"),
    "potential_loss": Item("満期保有債券の予定利率に対する潜在的な損失額", "億円", AMOUNT, "amount"),
    "available": Item("控除後の剰余金見込額", "億円", {"value": AMOUNT, "computed_value": 2}, "amount"),
    "fund": Item("付加共済金原資", "億円", {"value": FUND, "computed_value": 2}, "amount"),
    "rate": Item("支給率", "ratio", RATE, "ratio"),
}


@TABLES.table("surplus_components", "剰余金見込額の算定", keys=("rate_fiscal_year", "component", "item"),
              labels=("kana", "label_ja"), label_from=("kana", "label_ja"), columns=(
                  DOC_YEAR, text("component", "構成要素"), text("kana", "記号"),
                  text("item", "内訳"), text("label_ja", "項目"), amount("amount_oku", "金額")))
def surplus_components(model: dict) -> list[dict]:
    st = model["surplus_table"]
    rows = []
    for c in st["components"]:
        rows.append({"component": c["component"], "kana": c["kana"], "item": "total", "label_ja": c["label_ja"],
                     "amount_oku": c["amount"]})
        rows += [{"component": c["component"], "kana": c["kana"], "item": i["item"], "label_ja": i["label_ja"],
                  "amount_oku": i["amount"]} for i in c["items"]]
    rows.append({"component": "surplus_forecast", "kana": "", "item": "total", "label_ja": st["formula"],
                 "amount_oku": st["surplus"]})
    return rows


@TABLES.table("fiscal_projection", "財政収支の予測", keys=("rate_fiscal_year", "line", "fiscal_year"),
              labels=("label_ja",), label_from=("label_ja",), unit_column="unit",
              unit_formats={"億円": (AMOUNT, "amount"), "%": (2, "yield")}, outcome=("kind", "projection", "actual"),
              list_rows=False, columns=(
                  DOC_YEAR, text("line", "行"), text("label_ja", "区分"),
                  year("fiscal_year", "年度"), text("kind", "実績/見込", KIND_JA), text("value", "値", per_row=True),
                  text("unit", "単位")))
def fiscal_projection(model: dict) -> list[dict]:
    proj = model["projection"]
    return [{"line": r["line"], "label_ja": r["label_ja"],
             "fiscal_year": col["fiscal_year"], "kind": col["kind"], "value": v, "unit": r["unit"]}
            for r in proj["rows"] for col, v in zip(proj["columns"], r["values"])]


@TABLES.table("rate_calculation", "支給率の算定", keys=("rate_fiscal_year", "item"), labels=("label_ja",),
              label_from=("label_ja",), items=CALCULATION_ITEMS, item_column="item", unit_column="unit", columns=(
                  DOC_YEAR, text("item", "項目"), text("label_ja", "項目名"),
                  text("value", "値", per_row=True), text("unit", "単位"), text("status", "出所", STATUS_JA),
                  text("computed_value", "計算値", per_row=True)))
def rate_calculation(model: dict) -> list[dict]:
    ins, fund, base = model["inputs"], model["fund"], model["base_rate"]
    d = {x["kind"]: x["value"] for x in model["deductions"]}
    rows = [
        ("surplus_forecast", ins["surplus"], "published", None),
        ("assumed_benefits_total", ins["assumed_benefits_total"], "published", None),
        ("base_rate", base["value"], base["status"], base["computed"]),
        ("retained", d.get("retained"), "published", None),
        ("risk", d.get("risk"), "computed", d.get("risk")),
        ("potential_loss", d.get("potential_loss"), "published", None),
        ("available", model["available"], "computed", model["available"]),
        ("fund", fund["value"], fund["status"], fund["computed"]),
        ("rate", model["rate"], "computed from the printed fund", model["rate_computed"]),
    ]
    return [{"item": item, "label_ja": CALCULATION_ITEMS[item].label,
             "value": value, "status": status, "computed_value": computed} for item, value, status, computed in rows]


@TABLES.table("risk_levels", "推計リスクの水準", keys=("rate_fiscal_year", "sigma"), label_from=("sigma",), columns=(
    DOC_YEAR, count("sigma", "水準（σ）", codes={"1": "1σ", "2": "2σ", "3": "3σ"}),
    share("probability_pct", "水準以下に含まれる確率", 2), count("once_in_years", "発生頻度（年に1度）"),
    amount("risk_oku", "損失見込み額")))
def risk_levels(model: dict) -> list[dict]:
    return [{"sigma": r["sigma"], "probability_pct": r["probability"], "once_in_years": r["once_in_years"],
             "risk_oku": r["risk"]} for r in model["risk_levels"]]


@TABLES.table("decisions", "共済小委員会の決定事項", keys=("rate_fiscal_year", "decision_id"), labels=("body_ja",),
              label_from=("body_ja",), columns=(
                  DOC_YEAR, text("decision_id", "決定"), text("body_ja", "会議"),
                  text("decided_on", "決定日"), text("text_ja", "決定事項")))
def decisions(model: dict) -> list[dict]:
    keep = ("decision_id", "body_ja", "text_ja")
    return [{**{k: x[k] for k in keep}, "decided_on": x["date_ja"]} for x in model["decisions"]]


@TABLES.table("scenarios", "シナリオ別の支給率", keys=("rate_fiscal_year", "scenario_id"), labels=("label_ja",),
              label_from=("label_ja",), columns=(
                  DOC_YEAR, text("scenario_id", "試算"), text("label_ja", "試算名"),
                  text("basis", "区分", BASIS_JA), count("sigma", "σ"), rate("expected_return_pct", "期待収益率"),
                  rate("std_dev_pct", "標準偏差"), amount("target_oku", "目標留保額"), amount("risk_oku", "推計リスク"),
                  amount("available_oku", "控除後の剰余金見込額"), amount("fund_oku", "付加共済金原資", places=FUND),
                  amount("retained_after_oku", "留保額（累計）", places=FUND), ratio("rate", "支給率", RATE)))
def scenarios(model: dict) -> list[dict] | None:
    if not model["scenarios"]:
        return None
    return [{"scenario_id": s["scenario_id"], "label_ja": s["label_ja"],
             "basis": s["basis"], "sigma": s["sigma_multiple"], "expected_return_pct": s["expected_return"],
             "std_dev_pct": s["std_dev"], "target_oku": s["target"], "risk_oku": s["risk"],
             "available_oku": s["available"], "fund_oku": s["fund"], "retained_after_oku": s["retained_after"],
             "rate": s["rate"]} for s in model["scenarios"]]


# ---------------------------------------------------------------- what the diff summary names first

TABLES.headlines = [
    ("rate_calculation", {"rate_fiscal_year": "FY", "item": "rate"}, "value", "支給率"),
    ("rate_calculation", {"rate_fiscal_year": "FY", "item": "surplus_forecast"}, "value", "剰余金見込額"),
    ("rate_calculation", {"rate_fiscal_year": "FY", "item": "risk"}, "value", "推計リスク"),
    ("rate_calculation", {"rate_fiscal_year": "FY", "item": "fund"}, "value", "付加共済金原資"),
]
TABLES.breakdown = ("surplus_components", {}, ("amount_oku",))
