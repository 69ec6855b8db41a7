"""The computed tables of the 運用状況 report, each declared once above the function that computes its rows
from the model (kyosai.unyo.model): reports/<FY>/unyo-jokyo/tables/<id>.csv, the printed tables, the plain
text and the diff all read these declarations. Figures are unrounded here; the writer rounds as printed."""
from __future__ import annotations

from decimal import Decimal

from ..cashflows import cash_flow_table
from .common import SEGMENT_JA, IndexNames
from ..tablespec import Item, TableSet, amount, count, flow, level, rate, share, text, year

TABLES = TableSet("unyo")

GROUP_JA = {"self_managed": "自家運用", "entrusted": "委託運用", "all": "合計"}
MANAGEMENT_JA = {"self_managed": "自家運用", "entrusted": "委託運用"}
BASIS_JA = {"overall": "運用資産全体に対する比率", "within_entrusted": "委託運用資産内の比率"}
STATUS_JA = {"breach": "許容乖離幅超過", "within": "許容乖離幅内"}
STYLE_JA = {"active": "アクティブ", "passive": "パッシブ", "all": "計"}
LIFE_INSURANCE_JA = {"assumed_rate": "予定利率部分", "dividend": "配当に係る部分", "admin_cost": "保険事務費部分",
                     "total": "合計"}
INDEX_JA = IndexNames()   # data/common/indices.csv
INDEX_PLACES = 2
OVERLAY_JA = {"true": "あり", "false": "なし"}   # the fund is an overlay fund (注3)
# Where each group of texts (data/unyo/texts.csv: the part of a key before its first dot) is printed, in Japanese.
TEXT_GROUPS_JA = {"report": "本資料の記載について", "toc": "目次・章の番号", "overview": "概況", "policy": "運用の基本方針と基本ポートフォリオ",
                  "governance": "運用ガバナンス体制", "yields": "運用利回りの推移",
                  "balances": "利益剰余金・繰越欠損金の推移", "deficit": "利益剰余金・繰越欠損金",
                  "cash_flow": "キャッシュ・フローの推移", "self_managed": "自家運用資産",
                  "bonds_book": "国内債券(簿価)資産", "loans": "融資経理貸付金", "life_insurance": "生命保険資産",
                  "entrusted": "委託運用資産", "fund_performance": "委託運用資産（対ベンチマーク超過収益率）",
                  "market": "委託運用資産（市場環境）", "benchmarks": "委託運用資産（ベンチマーク）",
                  "funds": "運用中ファンド一覧"}

# The figures of 運用利回りの推移, by item: how each prints and how the diff judges it. A published figure of
# one of them in data/unyo/carried_figures.csv is checked against ours with these decimals (CARRIED below).
RETURN_ITEMS = {
    "income": Item("運用損益額", "億円", 0, "flow"),
    "yield": Item("運用利回り", "%", 2, "yield"),
    "income_change": Item("運用損益額 前年同期比", "億円", 0, "flow"),
    "yield_change": Item("運用利回り 前年同期比", "pt", 2, "yield"),
    "income_avg_5y": Item("運用損益額 5カ年の平均", "億円", 0, "flow"),
    "yield_avg_5y": Item("運用利回り 5カ年の平均", "%", 2, "yield"),
    "income_avg_10y": Item("運用損益額 10カ年の平均", "億円", 0, "flow"),
    "yield_avg_10y": Item("運用利回り 10カ年の平均", "%", 2, "yield"),
}
AVERAGES = ("income_change", "yield_change", "income_avg_5y", "yield_avg_5y", "income_avg_10y", "yield_avg_10y")

# carried_figures.csv `figure` → (table, column or item it is printed in, how far the rounding of the printed
# inputs can move our computation of it, in units of the last printed digit): a mean of rounded figures
# moves by half a unit, a difference of two by one, a sum of three by one and a half.
HALF, ONE, ONE_HALF = Decimal("0.5"), Decimal(1), Decimal("1.5")
CARRIED = {
    "income_avg_5y": ("returns", "income_avg_5y", HALF),
    "yield_avg_5y": ("returns", "yield_avg_5y", HALF),
    "income_avg_10y": ("returns", "income_avg_10y", HALF),
    "yield_avg_10y": ("returns", "yield_avg_10y", HALF),
    "income_change": ("returns", "income_change", ONE),
    "yield_change": ("returns", "yield_change", ONE),
    "holdings_change": ("group_totals", "change_oku", ONE),
    "excess_return": ("fund_performance", "excess_return_pct", ONE),
    "cash_flow_balance": ("cash_flows", "balance_oku", ONE),
    "cash_flow_balance_with_interest": ("cash_flows", "balance_with_interest_oku", ONE_HALF),
}


def carried_format(figure: str) -> tuple[str, int, Decimal]:
    """(unit, decimals, input tolerance in the figure's unit) of a published figure (CARRIED)."""
    return TABLES.carried_format(CARRIED, figure)


# ---------------------------------------------------------------- 1 基本ポートフォリオ and the composition

@TABLES.table("composition", "資産構成", keys=("fiscal_year", "asset_class"), labels=("name_ja", "management"),
              label_from=("name_ja",), history=True, policy_column="policy_id", year_end=True, columns=(
                  year("fiscal_year", "年度末"), text("policy_id", "基本ポートフォリオ"), text("asset_class", "資産区分"),
                  text("name_ja", "資産区分名"), text("management", "運用区分", MANAGEMENT_JA),
                  amount("amount_oku", "運用資産額"), share("share_pct", "資産構成比"),
                  share("within_entrusted_pct", "委託運用内構成比")))
def composition(model: dict) -> list[dict]:
    return [{"fiscal_year": c["fiscal_year"], "policy_id": c["policy"]["policy_id"], "asset_class": r["asset_class"],
             "name_ja": r["name_ja"], "management": r["management"], "amount_oku": r["amount"],
             "share_pct": r["share"], "within_entrusted_pct": r["within_entrusted"]}
            for c in model["compositions"] for r in c["rows"]]


@TABLES.table("deviation", "基本ポートフォリオとの乖離", keys=("fiscal_year", "component"), labels=("name_ja",),
              label_from=("name_ja",), history=True, policy_column="policy_id", breach=("status", "breach"),
              year_end=True, columns=(
                  year("fiscal_year", "年度末"), text("policy_id", "基本ポートフォリオ"), text("component", "資産区分"),
                  text("name_ja", "資産区分名"), text("basis", "比率の基準", BASIS_JA), share("actual_pct", "実績"),
                  share("policy_pct", "基本ポートフォリオ"), share("deviation_pt", "乖離", unit="pt"),
                  share("band_pt", "許容乖離幅", unit="pt"), text("status", "状況", STATUS_JA)))
def deviation(model: dict) -> list[dict]:
    return [{"fiscal_year": c["fiscal_year"], "policy_id": c["policy"]["policy_id"], "component": d["component"],
             "name_ja": d["name_ja"], "basis": d["basis"], "actual_pct": d["actual"], "policy_pct": d["target"],
             "deviation_pt": d["deviation"], "band_pt": d["band"], "status": "breach" if d["breach"] else "within"}
            for c in model["compositions"] for d in c["deviations"]]


@TABLES.table("group_totals", "自家・委託別の資産額", keys=("fiscal_year", "group"), labels=("name_ja",),
              label_from=("name_ja",), history=True, year_end=True, columns=(
                  year("fiscal_year", "年度末"), text("group", "区分", GROUP_JA), text("name_ja", "区分名"),
                  amount("amount_oku", "合計金額"), flow("change_oku", "対前年度末比"),
                  flow("change_excluding_transfer_oku", "移管額を除く増減")))
def group_totals(model: dict) -> list[dict]:
    return [{"fiscal_year": model["fiscal_year"], "group": g["group"], "name_ja": g["name_ja"], "amount_oku": g["amount"],
             "change_oku": g["change"], "change_excluding_transfer_oku": g["change_excluding_transfer"]}
            for g in model["groups"]]


# ---------------------------------------------------------------- 3 運用利回りの推移

@TABLES.table("returns", "運用損益額・運用利回り", keys=("segment", "item", "fiscal_year"),
              label_from=("segment", "item"), items=RETURN_ITEMS, item_column="item", unit_column="unit",
              history=True, list_rows=False, columns=(
                  text("segment", "区分", SEGMENT_JA), text("item", "項目", {k: v.label for k, v in RETURN_ITEMS.items()}),
                  year("fiscal_year", "年度"), text("value", "値", per_row=True), text("unit", "単位")))
def returns(model: dict) -> list[dict]:
    fy, rows = model["fiscal_year"], []
    for r in model["returns"]["rows"]:
        for y in r["years"]:
            rows.append({"segment": r["segment"], "item": "income", "fiscal_year": y["fiscal_year"], "value": y["income"]})
            rows.append({"segment": r["segment"], "item": "yield", "fiscal_year": y["fiscal_year"], "value": y["yield"]})
        rows += [{"segment": r["segment"], "item": item, "fiscal_year": fy, "value": r[item]["value"]} for item in AVERAGES]
    return rows


# ---------------------------------------------------------------- 4 運用資産額・責任準備金・利益剰余金, 5 キャッシュ・フロー

@TABLES.table("balances", "運用資産額・責任準備金・利益剰余金", keys=("fiscal_year",), history=True, year_end=True,
              list_rows=False, columns=(
                  year("fiscal_year", "年度末"), amount("total_assets_oku", "運用資産額"),
                  amount("policy_reserve_oku", "責任準備金"),
                  amount("surplus_oku", "利益剰余金・繰越欠損金", printed="利益剰余金・\n繰越欠損金▲"),
                  flow("surplus_change_oku", "利益剰余金・繰越欠損金増減", printed="利益剰余金・\n繰越欠損金増減"),
                  rate("yield_pct", "運用利回り")))
def balances(model: dict) -> list[dict]:
    return [{"fiscal_year": b["fiscal_year"], "total_assets_oku": b["total_assets"], "policy_reserve_oku": b["policy_reserve"],
             "surplus_oku": b["surplus"], "surplus_change_oku": b["surplus_change"], "yield_pct": b["yield"]}
            for b in model["balances"]]


# the row heads as 001 §3 prints them (000 lost the table in extraction)
cash_flows = cash_flow_table(
    TABLES, "cash_flows", "キャッシュ・フロー",
    labels=("掛金収入", "共済金支出", "収支差", "国内債券(簿価)利金等収入", "収支差＋利金収入", "国内債券(簿価)償還金"),
    printed=("掛金収入(a)", "共済金支出(b)\n(解約手当金含む)", "収支差(c)\n(=掛金収入a-共済金支出b)",
             "国内債券(簿価)\n利金等収入(e)", "収支差+利金収入\n(=(c)+(e))", "国内債券(簿価)\n償還金(d)"))


# ---------------------------------------------------------------- 6 自家運用資産

@TABLES.table("self_managed_assets", "自家運用資産", keys=("asset_class",), label_from=("asset_class",), columns=(
    text("asset_class", "資産区分"), amount("amount_oku", "年度末資産額"), flow("change_oku", "対前年度比")))
def self_managed_assets(model: dict) -> list[dict]:
    return [{"asset_class": k, "amount_oku": v["amount"], "change_oku": v["change"]} for k, v in model["asset_changes"].items()
            if model["asset_classes"][k]["management"] == "self_managed"]


@TABLES.table("bond_issuers", "国内債券（簿価）の種別構成", keys=("issuer",), label_from=("issuer",), data="bond_issuers", columns=(
    text("issuer", "種別"), amount("amount_oku", "簿価"), share("share_pct", "構成比")))
def bond_issuers(model: dict) -> list[dict] | None:
    return [{"issuer": b["issuer"], "amount_oku": b["amount"], "share_pct": b["share"]} for b in model["bond_issuers"]] or None


@TABLES.table("life_insurance_yield", "生命保険資産の利回り", keys=("component",), label_from=("component",),
              data="life_insurance_yield", total_row=("component", "total"), columns=(
    text("component", "内訳", LIFE_INSURANCE_JA), rate("value_pct", "利回り")))
def life_insurance_yield(model: dict) -> list[dict] | None:
    li = model["life_insurance"]
    return [{"component": k, "value_pct": v} for k, v in li.items()] if li else None


# ---------------------------------------------------------------- 7 委託運用資産, 8 ファンド一覧

@TABLES.table("fund_performance", "対ベンチマーク超過収益率", keys=("asset_class",), labels=("name_ja",),
              label_from=("name_ja",), data="fund_performance", total_row=("asset_class", "total"), columns=(
                  text("asset_class", "資産区分"), text("name_ja", "資産区分名"), flow("income_mn", "年度収益", "百万円"),
                  amount("average_balance_mn", "時価平残", "百万円"), share("share_pct", "構成比"),
                  rate("fund_return_pct", "収益率"), rate("benchmark_return_pct", "ベンチマーク収益率"),
                  rate("excess_return_pct", "超過収益率")))
def fund_performance(model: dict) -> list[dict] | None:
    return [{"asset_class": r["asset_class"], "name_ja": r["name_ja"], "income_mn": r["income"],
             "average_balance_mn": r["average_balance"], "share_pct": r["share"], "fund_return_pct": r["fund_return"],
             "benchmark_return_pct": r["benchmark_return"], "excess_return_pct": r["excess"]}
            for r in model["fund_performance"]] or None


@TABLES.table("funds", "運用中ファンド一覧", keys=("asset_class", "style", "manager", "manager_benchmark"),
              label_from=("asset_class", "manager", "manager_benchmark", "style"), columns=(
                  text("asset_class", "資産区分"), text("style", "スタイル", STYLE_JA), text("fund_no", "No."),
                  text("manager", "運用機関"), text("manager_benchmark", "マネジャーベンチマーク"),
                  text("overlay", "オーバーレイ", OVERLAY_JA), amount("amount_oku", "時価")))
def funds(model: dict) -> list[dict] | None:
    fl = model["funds"]
    if not fl:
        return None
    return [{"asset_class": g["asset_class"], "style": style, "fund_no": f["fund_no"], "manager": f["manager"],
             "manager_benchmark": f["manager_benchmark"] or "", "overlay": bool(f["overlay"]), "amount_oku": f["amount"]}
            for g in fl["groups"] for style in ("active", "passive") for f in g[style]]


@TABLES.table("fund_subtotals", "ファンド一覧の小計", keys=("asset_class", "style"), label_from=("asset_class", "style"),
              list_rows=False, columns=(
                  text("asset_class", "資産区分", {"all": "合計"}), text("style", "スタイル", STYLE_JA),
                  amount("amount_oku", "時価")))
def fund_subtotals(model: dict) -> list[dict] | None:
    fl = model["funds"]
    if not fl:
        return None
    rows = [{"asset_class": g["asset_class"], "style": s, "amount_oku": g[f"{s}_total" if s != "all" else "total"]}
            for g in fl["groups"] for s in ("active", "passive", "all")]
    return rows + [{"asset_class": "all", "style": s, "amount_oku": fl["totals"][s]} for s in ("active", "passive", "all")]


@TABLES.table("fund_counts", "ファンド数・機関数", keys=("item",), label_from=("item",), list_rows=False, columns=(
    text("item", "項目", {"funds": "ファンド数", "institutions": "機関数"}), count("value", "数")))
def fund_counts(model: dict) -> list[dict] | None:
    fl = model["funds"]
    if not fl:
        return None
    return [{"item": "funds", "value": fl["fund_count"]}, {"item": "institutions", "value": fl["institution_count"]}]


# ---------------------------------------------------------------- 市場環境

@TABLES.table("market_indices", "市場環境（年度末の水準）", keys=("index", "date"), label_from=("index", "date"),
              history=True, list_rows=False, columns=(
                  text("index", "指標", INDEX_JA), year("date", "年度末", "fy_end", codes={"change_pct": "前年度末比 増減率"}),
                  level("value", "水準", INDEX_PLACES),
                  rate("change_pct", "増減率", signed=True)))
def market_indices(model: dict) -> list[dict] | None:
    mk = model["market"]
    if not mk:
        return None
    rows = []
    for r in mk["rows"]:
        rows += [{"index": r["index"], "date": d, "value": v} for d, v in zip(mk["dates"], r["levels"])]
        rows.append({"index": r["index"], "date": "change_pct", "value": None, "change_pct": r["change"]})
    return rows


# ---------------------------------------------------------------- what the diff summary names first

TABLES.headlines = [
    ("balances", {"fiscal_year": "FY"}, "total_assets_oku", "運用資産額"),
    ("group_totals", {"fiscal_year": "FY", "group": "self_managed"}, "amount_oku", "自家運用資産額"),
    ("group_totals", {"fiscal_year": "FY", "group": "entrusted"}, "amount_oku", "委託運用資産額"),
    ("balances", {"fiscal_year": "FY"}, "policy_reserve_oku", "責任準備金"),
    ("balances", {"fiscal_year": "FY"}, "surplus_oku", "利益剰余金・繰越欠損金"),   # as 000 §4 names the row (a deficit too)
    ("returns", {"segment": "all", "item": "income", "fiscal_year": "FY"}, "value", "運用損益額"),
    ("returns", {"segment": "all", "item": "yield", "fiscal_year": "FY"}, "value", "運用利回り"),
    ("returns", {"segment": "all", "item": "yield_avg_10y", "fiscal_year": "FY"}, "value", "10カ年平均利回り"),
    ("fund_performance", {"asset_class": "total"}, "excess_return_pct", "委託ファンドの超過収益率"),
]
TABLES.breakdown = ("composition", {"fiscal_year": "FY"}, ("amount_oku", "share_pct"))
