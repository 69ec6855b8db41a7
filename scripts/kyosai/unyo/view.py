"""How the 運用状況 report shows its model: the title and cover, the layout of the tables, and every wording
that depends on a figure (a gain or a loss, 利益剰余金 or 繰越欠損金), so that the section templates
(templates/unyo-jokyo/*.html.j2) only lay the view out."""
from __future__ import annotations

from decimal import Decimal

from .. import era
from ..document import Document
from ..numbers import fmt_oku_prose, fmt_pct
from ..tablespec import display, series
from . import charts, diagrams
from .tables import GROUP_JA, INDEX_PLACES, LIFE_INSURANCE_JA, STYLE_JA, TABLES


def composition_view(comp: dict, groups: list[dict] | None, transfer: dict | None) -> dict:
    """Column layout of the policy and composition tables: one deviation cell per policy component, spanning
    the asset classes it covers."""
    rows = comp["rows"]
    devs = {d["component"]: d for d in comp["deviations"]}
    columns = [{"name": "自家運用(簿価)" if d["component"] == "self_managed" else d["name_ja"],
                "self": d["component"] == "self_managed" or d["component"] in {r["asset_class"] for r in rows
                                                                               if r["management"] == "self_managed"},
                "allocation": d["allocation"], "within": d["within_entrusted_target"], "band": d["band"]}
               for d in comp["deviations"]]
    cells = []
    self_rows = [r for r in rows if r["management"] == "self_managed"]
    rest = rows
    if "self_managed" in devs:
        d = devs["self_managed"]
        cells.append({"span": len(self_rows), "spans": len(self_rows) > 1, "deviation": d["deviation"], "breach": d["breach"]})
        rest = [r for r in rows if r["management"] != "self_managed"]
    for r in rest:
        d = devs.get(r["asset_class"])
        cells.append({"span": 1, "spans": False, "deviation": d["deviation"] if d else None,
                      "breach": d["breach"] if d else False})
    if groups is not None:
        view_groups = [{**g, "share": comp["group_share"].get(g["group"], Decimal(100))} for g in groups]
    else:
        view_groups = [{"group": g, "name_ja": GROUP_JA[g], "amount": comp["totals"][g],
                        "share": comp["group_share"].get(g, Decimal(100)), "change": None,
                        "change_excluding_transfer": None} for g in ("self_managed", "entrusted", "all")]
    by_group = {g["group"]: g for g in view_groups}
    spans = {"self_managed": len(self_rows), "entrusted": len(rows) - len(self_rows)}
    return {
        "policy_columns": [c for c in columns if c["self"]] + [c for c in columns if not c["self"]],
        "self_columns": sum(1 for c in columns if c["self"]), "entrusted_columns": sum(1 for c in columns if not c["self"]),
        "has_within": any(c["within"] is not None for c in columns),
        "deviation_cells": cells, "self_count": len(self_rows), "entrusted_count": len(rows) - len(self_rows),
        "groups": view_groups, "transfer_shown": bool(transfer) and groups is not None,
        # the totals under the columns of each group, and the change of the whole under 合計
        "group_cells": [{**by_group[g], "span": spans[g]} for g in ("self_managed", "entrusted")],
        "total_change": by_group["all"]["change"],
    }


def life_insurance_formula(li: dict | None) -> str | None:
    """予定利率部分0.80%+配当に係る部分0.54%－保険事務費部分0.16%＝1.18%."""
    if not li:
        return None
    text = ""
    for key in ("assumed_rate", "dividend", "admin_cost"):
        if key in li:
            sign = "" if not text else ("+" if li[key] >= 0 else "－")
            text += f"{sign}{LIFE_INSURANCE_JA[key]}{fmt_pct(abs(li[key]))}"
    return f"{text}＝{fmt_pct(li['total'])}"


def segment_sentence(subject: str, driver: str, income: Decimal | None) -> str:
    """国内債券を中心とした自家運用資産は、…+832億円を獲得しました。 (a loss: …となりました。); ``subject`` with its
    particle, as 000 writes it (自家運用資産は、 / 委託運用資産では、)."""
    if income is None:
        return ""
    return f"{subject}{driver}{fmt_oku_prose(income, plus=True)}{'を獲得しました。' if income > 0 else 'となりました。'}"




def market_view(mk: dict | None) -> dict | None:
    """市場環境: index levels at each year end (headed by the fiscal year end and its date), and the change on the
    previous year end."""
    if not mk:
        return None
    return {"years": [era.fy_end_short(d.year - 1) for d in mk["dates"]],
            "heads": [era.date_short(d) for d in mk["dates"]], "base": era.date_compact(mk["base"]),
            # as 001 §3 prints it: the index, and the unit written after each level (14,827.83円, 16,457.66 with
            # ドル raised after it: data/common/indices.csv)
            "rows": [{"label": r["name_ja"], "unit": r["unit"] or "", "raised": r["unit_raised"],
                      "cells": [display(v, "", INDEX_PLACES) for v in r["levels"]],
                      "change": display(r["change"], "%", 2, signed=True)} for r in mk["rows"]],
            "path_gap": mk["path_gap"]}


def deficit_plan_view(dp: dict | None) -> dict | None:
    """The spans of years of the 繰越欠損金削減計画 as 001 §3 writes them (令和3～5年度, 平成30～令和5年度)."""
    if not dp:
        return None
    return {"resolve": era.fy_range(dp["resolve_from"], dp["resolve_to"]),
            "council": era.fy_range(dp["council_from"], dp["council_to"])}


def risk_return_view(rr: list[dict]) -> dict:
    """The 期待収益率 and 標準偏差 row of the policy table: at adoption, then at each verification, each with the
    label the source prints (none where it prints none)."""
    def entry(value, label):
        return f"{fmt_pct(value)}" + (f"（{label}）" if label else "")
    return {"expected": [entry(r["expected_return"], r["label"]) for r in rr],
            "std_dev": [entry(r["std_dev"], r["label"]) for r in rr]}


def entrusted_labels(model: dict) -> dict[str, str]:
    """asset class → the name the 委託運用資産 chapter's tables print (data/unyo/asset_class_labels.csv, else the
    shared name)."""
    own = model["asset_class_labels"].get("entrusted", {})
    return {c: own.get(c, r["name_ja"]) for c, r in model["asset_classes"].items()}


def benchmark_list(model: dict) -> list[dict]:
    """The benchmarks, each with the asset class as the list names it (asset_class_labels.csv: benchmarks, else
    the chapter's name)."""
    own, chapter = model["asset_class_labels"].get("benchmarks", {}), entrusted_labels(model)
    return [{**b, "label": own.get(b["asset_class"], chapter[b["asset_class"]])} for b in model["benchmarks"]]


def funds_view(fl: dict | None, facts: dict, labels: dict[str, str]) -> dict | None:
    if not fl:
        return None
    as_of = facts["funds_as_of"]
    groups = [{**g, "label": labels[g["asset_class"]],
               "funds": [{**f, "number": f"({f['fund_no']})" if f["overlay"] else str(f["fund_no"]),
                          "style_ja": STYLE_JA[style]} for style in ("active", "passive") for f in g[style]]}
              for g in fl["groups"]]
    return {**fl, "groups": groups, "as_of": f"{era.month_long(as_of.year, as_of.month)}末"}


def relabel(table: dict, spec, labels: dict[str, str | None]) -> dict:
    """A series table with the label of some measures (column name → label) as the year's source prints it
    (texts.csv), where it prints another than the table's declaration."""
    own = {spec.column(name).heading: label for name, label in labels.items() if label}
    return {**table, "rows": [{**r, "label": own.get(r["label"], r["label"])} for r in table["rows"]]}


class UnyoDocument(Document):
    key, slug, tables, charts = "unyo", "unyo-jokyo", TABLES, charts

    def title_lines(self, model: dict) -> list[str]:
        """小規模企業共済資産 / 令和6年度の運用状況."""
        return ["小規模企業共済資産", f"{era.fy_long(model['fiscal_year'])}の運用状況"]

    def number_style(self, model: dict) -> str:
        """How the year's source numbers its chapter 1 (texts.csv toc.chapter_number: １． in 000, 1. in 001)."""
        return model["texts"].get("toc.chapter_number", "1．")

    def view(self, model: dict, rows: dict[str, list[dict]]) -> dict:
        fy, t = model["fiscal_year"], model["texts"]
        comps = model["compositions"]
        ret = {r["segment"]: r for r in model["returns"]["rows"]}
        this = {s: r["years"][-1] for s, r in ret.items()}
        last_balance = model["balances"][-1]
        cf = model["cash_flows"]
        blocks = []
        for i, c in enumerate(comps):
            current = i == len(comps) - 1
            prefix = "旧" if not current else ("新" if model["policy_revised_in_year"] else "")
            blocks.append({"c": c, "layout": composition_view(c, model["groups"] if current else None, model["transfer"]),
                           "risk_return": risk_return_view(c["risk_return"]),
                           "heading": f"{prefix}基本ポートフォリオ（{c['policy']['label']}）",
                           "year_end": f"{era.fy_long(c['fiscal_year'])}末",
                           "change_head": f"{era.fy_long(c['fiscal_year'] - 1)}末比",
                           "chart": f"deviation_{c['fiscal_year']}"})
        comp = comps[-1]
        return {
            "fy_ja": era.fy_long(fy),
            "comp": comp,
            "blocks": blocks,
            "revision": {"date": comp["policy"]["effective_from"], "old": era.fy_long(comps[0]["fiscal_year"]),
                         "new": era.fy_long(fy)} if model["policy_revised_in_year"] else None,
            "groups": {g["group"]: g for g in model["groups"]},
            "returns": ret,
            "now": {"total_assets": comp["totals"]["all"], "income": this["all"]["income"], "yield": this["all"]["yield"],
                    "yield_change": ret["all"]["yield_change"]["value"], "yield_avg_10y": ret["all"]["yield_avg_10y"]["value"],
                    "self_yield": this["self_managed"]["yield"], "entrusted_yield": this["entrusted"]["yield"]},
            "segments": segment_sentence("国内債券を中心とした自家運用資産は、", t.get("overview.self_managed_driver", ""),
                                         this["self_managed"]["income"])
                        + segment_sentence("委託運用資産では、", t.get("overview.entrusted_driver", ""),
                                           this["entrusted"]["income"]),
            "balances": relabel(series(TABLES["balances"], rows["balances"], "fiscal_year",
                                       ("total_assets_oku", "policy_reserve_oku", "surplus_oku", "surplus_change_oku",
                                        "yield_pct"), head="fy_end"),
                                TABLES["balances"], {"surplus_change_oku": t.get("balances.change_label")}),
            "surplus_word": "利益剰余金" if last_balance["surplus"] >= 0 else "繰越欠損金",
            "last_balance": last_balance,
            "cash_flows": {**series(TABLES["cash_flows"], rows["cash_flows"], "fiscal_year",
                                    ("contributions_oku", "benefits_oku", "balance_oku", "bond_interest_oku",
                                     "balance_with_interest_oku", "bond_redemptions_oku"),
                                    classes={"balance_oku": "sub", "balance_with_interest_oku": "sub"}),
                           # one era format in the document (R01年度, as its charts and the balances heads): 001 §3
                           # heads this table R1年度 beside R01年度末 elsewhere (issue #18)
                           "heads": [era.fy_short(r["fiscal_year"]) for r in rows["cash_flows"]]}
                          if cf["rows"] else None,
            "cash_flow_gap": {"first": era.fy_long(cf["last_year"] + 1), "last": era.fy_long(cf["last_year"]),
                              "reason": cf["gap_reason"]} if cf["missing_to"] and cf["rows"] else None,
            "history_gaps": [{**g, "years": era.fy_long(g["first"]) if g["first"] == g["last"]
                              else f"{era.fy_long(g['first'])}～{era.fy_long(g['last'])}"} for g in model["history_gaps"]],
            "bond_issuers": series(TABLES["bond_issuers"], rows["bond_issuers"], "issuer", ("amount_oku", "share_pct"),
                                   head="text") if model["bond_issuers"] else None,
            # R02年度, as the yields chart beside it and every other head (000 and 001 print R2年度 here only)
            "return_heads": [era.fy_short(y) for y in model["returns"]["years"]],
            "fy_end_date": era.fiscal_year_end(fy),
            # the year-end amount of 国内債券(簿価) in a line of its own where no 残高の状況 table states it (000 §6;
            # 001 §4 prints the table, whose 計 is the amount, and no such line)
            "bond_amount_line": not model["bond_issuers"],
            "deficit_plan": deficit_plan_view(model["deficit_plan"]),
            "labels": entrusted_labels(model),
            "benchmarks": benchmark_list(model),
            "life_insurance_formula": life_insurance_formula(model["life_insurance"]),
            "fund_total": model["fund_performance"][-1] if model["fund_performance"] else None,
            "funds": funds_view(model["funds"], model["facts"], entrusted_labels(model)),
            "market": market_view(model["market"]),
            **diagrams.view(model),
        }


DOCUMENT = UnyoDocument()
