"""The 運用状況 report model: every figure and check of one fiscal year's report.

``build(data, fy)`` takes the checked data (kyosai.dataio.load_all) and returns a plain dict: the report's
figures as exact Decimals, unrounded, and its QA log under "qa". Nothing here formats or rounds except
where a published convention says so (deviations and breaches are judged as printed, to one decimal).
It raises DataError with every problem found, before anything is written.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .. import era
from ..carried import Carried
from ..cashflows import flow_rows
from ..calc import average_over_window, change, deviation_from_policy, is_breach
from ..dataio import LINE, DataError, Rows
from ..gaps import Gaps
from ..numbers import fmt_number, round_half_up, share_pct
from ..qa import QA, sum_check
from ..paths import TEMPLATES
from ..texts import Figure, bind, chapter_templates, check_texts, fill, sections_for, valid_in, year_bound_problems
from .completeness import carried_keys, missing_rows, policy_in_force
from . import governance
from .common import FILE, HISTORY_YEARS, SEGMENT_JA, indices, where
from .tables import CARRIED, GROUP_JA, STYLE_JA, TABLES, carried_format

DATA_SECTIONS = ("common", "unyo")   # the folders of data/ this document reads
YEAR_RESOURCES = ("reports",)        # what years() reads (the Snakefile reads only these when it plans)
SEGMENTS = ("all", "self_managed", "entrusted")


def years(data: dict[str, Rows]) -> list[int]:
    """The fiscal years with a report: one row each in data/unyo/reports.csv."""
    return sorted(r["fiscal_year"] for r in data["reports"])


def carried_figures(rows: Rows, qa: QA) -> Carried:
    """The published figures of data/unyo/carried_figures.csv (kyosai.carried), with the decimals and input tolerance
    their tables declare (kyosai.unyo.tables.CARRIED)."""
    return Carried([(FILE.format("carried_figures"), rows)], CARRIED, carried_format, qa)


# ------------------------------------------------------------------ asset composition

def composition(data: dict, fy: int, policy: dict, qa: QA, published: str = "9999-12") -> dict:
    """Year-end composition of fiscal year ``fy`` against ``policy``: shares, deviations, breaches."""
    classes = {r["asset_class"]: r for r in data["asset_classes"]}
    holdings = sorted(data["holdings"].where(fiscal_year=fy), key=lambda r: classes[r["asset_class"]]["order"])
    totals = {r["group"]: r for r in data["holdings_totals"].where(fiscal_year=fy)}
    for g in ("self_managed", "entrusted", "all"):
        if g not in totals:
            raise DataError([f"{FILE.format('holdings_totals')}: no {g} total for fiscal year {fy} ({era.fy_long(fy)})"])
    grand, entrusted_total = totals["all"]["amount"], totals["entrusted"]["amount"]
    alloc = {r["component"]: r for r in data["policy_allocations"].where(policy_id=policy["policy_id"])}
    rows = [{"asset_class": h["asset_class"], "name_ja": classes[h["asset_class"]]["name_ja"],
             "management": classes[h["asset_class"]]["management"], "amount": h["amount"], "basis": h["basis"],
             "share": share_pct(h["amount"], grand),
             "within_entrusted": (share_pct(h["amount"], entrusted_total)
                                  if classes[h["asset_class"]]["management"] == "entrusted" else None)}
            for h in holdings]
    label = era.fy_end_short(fy)
    check_totals(rows, totals, label, qa)
    deviations = policy_deviations(rows, totals, alloc, classes, policy, fy, label, qa)
    entrusted_alloc, self_alloc = check_allocations(alloc, classes, policy, qa)
    return {
        "fiscal_year": fy, "label": label, "policy": policy, "rows": rows, "deviations": deviations,
        "totals": {g: totals[g]["amount"] for g in totals},
        "group_share": {g: share_pct(totals[g]["amount"], grand) for g in ("self_managed", "entrusted")},
        "policy_entrusted_allocation": entrusted_alloc, "policy_self_allocation": self_alloc,
        "risk_return": risk_return(data, policy, published),
        "breaches": [d for d in deviations if d["breach"]],
    }


def check_totals(rows: list[dict], totals: dict[str, dict], label: str, qa: QA) -> None:
    """The holdings of each group add up to its published total, and the two groups to 運用資産額."""
    for g in ("self_managed", "entrusted"):
        parts = [r["amount"] for r in rows if r["management"] == g]
        if parts:
            qa.record(sum_check(f"{label} {GROUP_JA[g]}: 資産別の額（data/unyo/holdings.csv）と公表された合計",
                                parts, totals[g]["amount"]), where("holdings_totals", totals[g], "amount"))
    qa.record(sum_check(f"{label} 自家運用 + 委託運用と運用資産額",
                        [totals["self_managed"]["amount"], totals["entrusted"]["amount"]], totals["all"]["amount"]),
              where("holdings_totals", totals["all"], "amount"))


def policy_deviations(rows: list[dict], totals: dict[str, dict], alloc: dict[str, dict], classes: dict[str, dict],
                      policy: dict, fy: int, label: str, qa: QA) -> list[dict]:
    """Each component of the policy: its actual share against its target, the deviation and whether it breaches the
    band (each breach in the QA log), in the asset classes' order."""
    grand = totals["all"]["amount"]
    deviations = []
    for comp, a in alloc.items():
        if comp == "self_managed":
            actual = share_pct(totals["self_managed"]["amount"], grand)
            name = GROUP_JA["self_managed"]
        else:
            match = [r for r in rows if r["asset_class"] == comp]
            if not match:
                qa.fail(f"{FILE.format('holdings')}: policy {policy['policy_id']} sets {comp} but fiscal year {fy} "
                        f"has no holding of it")
                continue
            actual = match[0]["within_entrusted"] if a["band_basis"] == "within_entrusted" else match[0]["share"]
            name = classes[comp]["name_ja"]
        target = a["within_entrusted"] if a["band_basis"] == "within_entrusted" else a["allocation"]
        dev = deviation_from_policy(actual, target)
        breach = is_breach(dev, a["band"])
        deviations.append({
            "component": comp, "name_ja": name, "basis": a["band_basis"], "actual": actual,
            "allocation": a["allocation"], "within_entrusted_target": a["within_entrusted"], "target": target,
            "deviation": dev, "band": a["band"], "breach": breach,
        })
        if breach:
            qa.add("breach", f"{label} {name}", f"乖離 {fmt_number(dev, 1)}pt が許容乖離幅 ±{fmt_number(a['band'], 1)}pt を超えている", ok=False)
    order = {c: classes[c]["order"] if c in classes else 0 for c in alloc}
    deviations.sort(key=lambda d: order[d["component"]])
    return deviations


def check_allocations(alloc: dict[str, dict], classes: dict[str, dict], policy: dict, qa: QA) -> tuple[Decimal, Decimal]:
    """(entrusted, self-managed) allocation of the policy, which must add up to 100, as must the allocations within
    the entrusted assets where the policy sets them."""
    entrusted_alloc = sum((a["allocation"] for c, a in alloc.items()
                           if c in classes and classes[c]["management"] == "entrusted"), Decimal(0))
    self_alloc = sum((a["allocation"] for c, a in alloc.items()
                      if c == "self_managed" or (c in classes and classes[c]["management"] == "self_managed")), Decimal(0))
    if self_alloc + entrusted_alloc != 100:
        qa.fail(f"{FILE.format('policy_allocations')}: policy {policy['policy_id']} allocations add up to "
                f"{self_alloc + entrusted_alloc}, not 100")
    within = [a["within_entrusted"] for a in alloc.values() if a["within_entrusted"] is not None]
    if within and sum(within, Decimal(0)) != 100:
        qa.record(sum_check(f"基本ポートフォリオ {policy['policy_id']} 委託内資産配分", within, Decimal(100), places=1),
                  FILE.format("policy_allocations"))
    return entrusted_alloc, self_alloc


def risk_return(data: dict, policy: dict, published: str) -> list[dict]:
    """期待収益率・標準偏差 at adoption and at every verification known when the report is published, each with the
    label the source prints beside it (000 prints none for the adoption of 2022-05, 001 prints H29.4改定時)."""
    rows = [r for r in data["policy_risk_return"].where(policy_id=policy["policy_id"]) if r["as_of"] <= published]
    out = []
    for r in sorted(rows, key=lambda r: r["as_of"]):
        out.append(r)   # the label as the source prints it (H29.4改定時, R07.7検証時), or none where it prints none
    return out


def group_changes(data: dict, fy: int, carried: Carried) -> list[dict]:
    """自家/委託/合計 totals with the change on the previous year end, and net of policy transfers."""
    now = {r["group"]: r["amount"] for r in data["holdings_totals"].where(fiscal_year=fy)}
    before = {r["group"]: r["amount"] for r in data["holdings_totals"].where(fiscal_year=fy - 1)}
    transfer = sum((r["amount"] for r in data["policy_transfers"].where(fiscal_year=fy)), Decimal(0))
    out = []
    for g in ("self_managed", "entrusted", "all"):
        computed = now[g] - before[g] if g in before else None
        fig = carried.figure(fy, "holdings_change", g, computed, f"{era.fy_end_short(fy)} {GROUP_JA[g]} 対前年度末比")
        ex = None
        if transfer and fig["value"] is not None and g != "all":
            ex = fig["value"] + (transfer if g == "self_managed" else -transfer)
        out.append({"group": g, "name_ja": GROUP_JA[g], "amount": now[g], "change": fig["value"],
                    "change_status": fig["status"], "change_excluding_transfer": ex})
    return out


# ------------------------------------------------------------------ yields

def series(data: dict, segment: str, column: str) -> dict[int, Decimal | None]:
    return {r["fiscal_year"]: r[column] for r in data["investment_returns"].where(segment=segment)}


def returns_table(data: dict, fy: int, carried: Carried, qa: QA) -> dict:
    """運用利回りの推移: five years of 運用損益額 and 運用利回り, the change on the previous year and
    the 5- and 10-year simple averages, by 全体/自家/委託."""
    years_shown = list(range(fy - 4, fy + 1))
    rows = []
    for seg in SEGMENTS:
        income, yld = series(data, seg, "income"), series(data, seg, "yield")
        for y in years_shown:
            if income.get(y) is None or yld.get(y) is None:
                qa.fail(f"{FILE.format('investment_returns')}: no 運用損益額 or 運用利回り for {SEGMENT_JA[seg]} in "
                        f"{era.fy_long(y)}")
        label = f"{era.fy_long(fy)} {SEGMENT_JA[seg]}"
        row = {
            "segment": seg, "name_ja": SEGMENT_JA[seg],
            "years": [{"fiscal_year": y, "income": income.get(y), "yield": yld.get(y)} for y in years_shown],
            "income_change": carried.figure(fy, "income_change", seg, change(income, fy), f"{label} 運用損益額 前年同期比"),
            "yield_change": carried.figure(fy, "yield_change", seg, change(yld, fy), f"{label} 運用利回り 前年同期比"),
        }
        for n in (5, 10):
            row[f"income_avg_{n}y"] = carried.figure(fy, f"income_avg_{n}y", seg, average_over_window(income, fy, n),
                                                     f"{label} 運用損益額 {n}カ年の平均")
            row[f"yield_avg_{n}y"] = carried.figure(fy, f"yield_avg_{n}y", seg, average_over_window(yld, fy, n),
                                                    f"{label} 運用利回り {n}カ年の平均")
        rows.append(row)
    by = {r["segment"]: r for r in rows}
    for i, y in enumerate(years_shown):
        parts = [by[s]["years"][i]["income"] for s in ("self_managed", "entrusted")]
        total = by["all"]["years"][i]["income"]
        if None not in parts and total is not None:
            qa.record(sum_check(f"{era.fy_long(y)} 運用損益額 自家 + 委託と全体", parts, total),
                      FILE.format("investment_returns"))
    history = [{"fiscal_year": y, "income": series(data, "all", "income").get(y),
                "yield": series(data, "all", "yield").get(y),
                "self_yield": series(data, "self_managed", "yield").get(y),
                "entrusted_yield": series(data, "entrusted", "yield").get(y)}
               for y in range(fy - HISTORY_YEARS + 1, fy + 1)]
    return {"years": years_shown, "rows": rows, "history": history}


# ------------------------------------------------------------------ balances, cash flows

def balance_history(data: dict, fy: int, qa: QA) -> list[dict]:
    """運用資産額・責任準備金・利益剰余金 for the ten year ends up to ``fy``."""
    recs = {r["fiscal_year"]: r for r in data["balance_history"]}
    yields = series(data, "all", "yield")
    rows = []
    for y in range(fy - HISTORY_YEARS + 1, fy + 1):
        r = recs.get(y)
        if r is None or r["total_assets"] is None or r["policy_reserve"] is None or r["surplus"] is None:
            qa.fail(f"{FILE.format('balance_history')}: 運用資産額, 責任準備金 or 利益剰余金 missing for {era.fy_end_short(y)}")
            continue
        prev = recs.get(y - 1)
        computed = r["surplus"] - prev["surplus"] if prev and prev["surplus"] is not None else None
        published = r["net_income"]
        if published is not None and computed is not None and published != computed:
            if abs(published - computed) <= 1:
                qa.add("rounding", f"{era.fy_end_short(y)} 利益剰余金増減",
                       f"当期利益 {fmt_number(published)}（決算）と年度末残高の差 {fmt_number(computed)}: 端数の範囲内")
            else:
                qa.fail(f"{where('balance_history', r, 'net_income')}: 当期利益 {published} vs change in 利益剰余金 {computed}")
        rows.append({"fiscal_year": y, "total_assets": r["total_assets"], "policy_reserve": r["policy_reserve"],
                     "surplus": r["surplus"], "surplus_change": published if published is not None else computed,
                     "yield": yields.get(y)})
    return rows


def cash_flows(data: dict, fy: int, carried: Carried, qa: QA, gaps: Gaps) -> dict:
    """キャッシュ・フローの推移: ten years up to the latest year with data (the later years are declared gaps)."""
    recs = {r["fiscal_year"]: r for r in data["cash_flows"]}
    available = [y for y in recs if y <= fy]
    if not available:
        gap = gaps.row("cash_flows", fy)
        qa.add("gap", "キャッシュ・フロー", f"{era.fy_long(fy)}までのキャッシュ・フローがない: {gap['reason']}（data/unyo/gaps.csv）", ok=False)
        return {"rows": [], "last_year": None, "missing_to": fy, "gap_reason": gap["reason"]}
    last = max(available)
    reason = None
    if last < fy:
        reason = gaps.row("cash_flows", fy)["reason"]
        qa.add("gap", "キャッシュ・フロー", f"data/unyo/cash_flows.csv に{era.fy_long(last + 1)}～"
               f"{era.fy_long(fy)}の行がない: {reason}（data/unyo/gaps.csv）。表は{era.fy_long(last)}までを掲載し、その旨を注記", ok=False)
    window = [recs[y] for y in range(last - HISTORY_YEARS + 1, last + 1) if y in recs]
    rows = flow_rows(window, carried, "収支差(c)", "収支差+利金収入")
    return {"rows": rows, "last_year": last, "missing_to": fy if last < fy else None, "gap_reason": reason}


# ------------------------------------------------------------------ self-managed and entrusted assets

def asset_changes(data: dict, fy: int) -> dict[str, dict]:
    now = {r["asset_class"]: r for r in data["holdings"].where(fiscal_year=fy)}
    before = {r["asset_class"]: r for r in data["holdings"].where(fiscal_year=fy - 1)}
    return {c: {"amount": r["amount"], "change": r["amount"] - before[c]["amount"] if c in before else None}
            for c, r in now.items()}


def bond_issuers(data: dict, fy: int, qa: QA, gaps: Gaps) -> list[dict]:
    recs = sorted(data["bond_issuers"].where(fiscal_year=fy), key=lambda r: r["order"])
    if not recs:
        qa.add("gap", "国内債券(簿価) 種別構成", f"{gaps.row('bond_issuers', fy)['reason']}（data/unyo/gaps.csv）", ok=False)
        return []
    holding = next(r for r in data["holdings"].where(fiscal_year=fy) if r["asset_class"] == "domestic_bonds_book")
    total = holding["amount"]
    qa.record(sum_check(f"{era.fy_end_short(fy)} 国内債券(簿価) 種別の内訳と保有額", [r["amount"] for r in recs], total),
              where("holdings", holding, "amount"))
    return [{"issuer": r["issuer"], "amount": r["amount"], "share": share_pct(r["amount"], total)} for r in recs] + \
        [{"issuer": "計", "amount": total, "share": Decimal(100)}]


def fund_performance(data: dict, fy: int, carried: Carried, qa: QA) -> list[dict]:
    classes = {r["asset_class"]: r for r in data["asset_classes"]}
    recs = data["fund_performance"].where(fiscal_year=fy)
    if not recs:
        return []
    total = next((r for r in recs if r["asset_class"] == "total"), None)
    if total is None:
        qa.fail(f"{FILE.format('fund_performance')}: fiscal year {fy} has classes but no total row")
        return []
    parts = sorted((r for r in recs if r["asset_class"] != "total"), key=lambda r: classes[r["asset_class"]]["order"])
    sums = {m: sum(r[m] for r in parts) for m in ("income", "average_balance")}
    apart = [ja for m, ja in (("income", "年度収益"), ("average_balance", "時価平残")) if sums[m] != total[m]]
    figures = (f"公表された合計（年度収益 {fmt_number(total['income'])} / 時価平残 {fmt_number(total['average_balance'])} 百万円）"
               f"と資産別の額の合計（{fmt_number(sums['income'])} / {fmt_number(sums['average_balance'])}）")
    if apart:
        qa.add("note", f"{era.fy_long(fy)} 対ベンチマーク: 合計",
               f"{figures}は{'・'.join(apart)}が一致しない。出典はこのとおり掲載し理由を記載していないため、公表値を引き継ぐ")
    else:
        qa.add("identity", f"{era.fy_long(fy)} 対ベンチマーク: 合計", f"{figures}: 一致")
    out = []
    for r in parts + [total]:
        key = r["asset_class"]
        name = classes[key]["name_ja"] if key in classes else "合計"
        excess = carried.figure(fy, "excess_return", key, r["fund_return"] - r["benchmark_return"],
                                f"{era.fy_long(fy)} 超過収益率 {name}")
        out.append({"asset_class": key, "name_ja": name, "income": r["income"], "average_balance": r["average_balance"],
                    "share": share_pct(r["average_balance"], total["average_balance"]),
                    "fund_return": r["fund_return"], "benchmark_return": r["benchmark_return"], "excess": excess["value"]})
    return out


def fund_list(data: dict, fy: int, qa: QA) -> dict | None:
    """運用中ファンド一覧 by asset class and style, with fund and institution counts."""
    classes = {r["asset_class"]: r for r in data["asset_classes"]}
    funds = data["funds"].where(fiscal_year=fy)
    if not funds:
        return None
    recs = {(r["asset_class"], r["style"]): r for r in data["fund_subtotals"].where(fiscal_year=fy)}
    subtotals = {k: r["amount"] for k, r in recs.items()}

    def at(cls: str, style: str) -> str:
        return where("fund_subtotals", recs.get((cls, style)), "amount")

    groups = []
    for cls in sorted({f["asset_class"] for f in funds}, key=lambda c: classes[c]["order"]):
        entry = {"asset_class": cls, "name_ja": classes[cls]["name_ja"]}
        for style in ("active", "passive"):
            members = sorted((f for f in funds if f["asset_class"] == cls and f["style"] == style), key=lambda f: f["fund_no"])
            entry[style] = members
            amounts = [f["amount"] for f in members]
            published = subtotals.get((cls, style))
            if published is None:
                published = sum(amounts, Decimal(0))
                qa.add("derived", f"ファンド一覧 {classes[cls]['name_ja']} {style}", f"小計 {published} を計算（公表値なし）")
            elif amounts:
                qa.record(sum_check(f"ファンド一覧 {classes[cls]['name_ja']} {STYLE_JA[style]}: ファンド別の額（data/unyo/funds.csv）と"
                                    f"公表された小計", amounts, published), at(cls, style))
            entry[f"{style}_total"] = published
        entry["total"] = subtotals.get((cls, "all"), entry["active_total"] + entry["passive_total"])
        qa.record(sum_check(f"ファンド一覧 {classes[cls]['name_ja']}: アクティブ + パッシブと資産の合計",
                            [entry["active_total"], entry["passive_total"]], entry["total"]), at(cls, "all"))
        groups.append(entry)
    totals = {s: subtotals.get(("all", s)) for s in ("active", "passive", "all")}
    for s in ("active", "passive"):
        if totals[s] is not None:
            qa.record(sum_check(f"ファンド一覧 合計 {STYLE_JA[s]}", [g[f"{s}_total"] for g in groups], totals[s]), at("all", s))
    if totals["all"] is not None:
        qa.record(sum_check("ファンド一覧 合計", [g["total"] for g in groups], totals["all"]), at("all", "all"))
    holdings = {r["asset_class"]: r["amount"] for r in data["holdings"].where(fiscal_year=fy)}
    for g in groups:
        if g["asset_class"] in holdings and holdings[g["asset_class"]] != g["total"]:
            qa.fail(f"{at(g['asset_class'], 'all')}: {g['name_ja']} total {g['total']} differs from "
                    f"its year-end holding {holdings[g['asset_class']]} (data/unyo/holdings.csv)")
    return {
        "groups": groups, "totals": totals,
        "fund_count": len({f["fund_no"] for f in funds}),
        "institution_count": len({f["manager"] for f in funds}),
        "has_overlay": any(f["overlay"] for f in funds),
    }


def market_indices(data: dict, fy: int, qa: QA, gaps: Gaps) -> dict | None:
    """Fiscal-year-end levels of the market indices for the last ten year ends, and the change on the year."""
    recs = list(data["market_indices"])
    end = era.fiscal_year_end(fy)
    gap = gaps.row("market_indices", fy)
    if gap:
        qa.add("gap", "市場環境", f"{gap['reason']}（data/unyo/gaps.csv）", ok=False)
        return None
    # the ten year ends up to this one, from the first with data; a declared gap between is a column of －
    window = [era.fiscal_year_end(y) for y in range(fy - HISTORY_YEARS + 1, fy + 1)]
    have = {r["date"] for r in recs}
    dates = window[next(i for i, d in enumerate(window) if d in have):]
    for d in dates:
        if d not in have:
            qa.add("gap", "市場環境", f"{era.date_long(d)}の水準がない: {gaps.row('market_indices', d.year - 1)['reason']}（data/unyo/gaps.csv）",
                   ok=False)
    prev = era.fiscal_year_end(fy - 1)
    values = {(r["date"], r["index"]): r["value"] for r in recs}
    rows = []
    for index in indices(data["indices"]):
        idx = index["index"]
        if (end, idx) not in values:
            continue
        ch = (values[(end, idx)] / values[(prev, idx)] - 1) * 100 if (prev, idx) in values else None
        rows.append({"index": idx, "levels": [values.get((d, idx)) for d in dates], "change": ch,
                     **{k: index[k] for k in ("name_ja", "unit", "unit_raised", "chart_ja")}})
    # the year's path (monthly or daily levels) is in no data file: the chart shows the year ends, and the gap that
    # keeps it from the year's path is declared (gaps.csv, key in_year) and printed under it
    path_gap = gaps.row("market_indices", fy, "in_year")
    qa.add("gap", "市場環境（年度中の推移）", f"{path_gap['reason']}（data/unyo/gaps.csv）" if path_gap else
           "年度中の推移（月次・日次の水準）のデータがなく、その欠落も data/unyo/gaps.csv に宣言されていない", ok=False)
    return {"dates": dates, "rows": rows, "base": prev, "path_gap": path_gap["reason"] if path_gap else None}


def life_insurance(data: dict, fy: int, qa: QA) -> dict | None:
    rows = {r["component"]: r for r in data["life_insurance_yield"].where(fiscal_year=fy)}
    recs = {k: r["value"] for k, r in rows.items()}
    if not recs:
        return None
    parts = [v for k, v in recs.items() if k != "total"]
    if "total" in recs:
        qa.record(sum_check(f"{era.fy_long(fy)} 生命保険資産 利回りの内訳", parts, recs["total"], places=2),
                  where("life_insurance_yield", rows["total"], "value"))
    return recs


def texts_for(data: dict, fy: int, qa: QA) -> dict[str, str]:
    """The texts of the year, by key (their validity never overlaps: the reader checks it), their placeholders
    filled: {fy} (令和6年度) and {lending_rate} (data/unyo/year_facts.csv, as written there)."""
    facts = {r["fact"]: r["value"] for r in data["year_facts"].where(fiscal_year=fy)}
    fields = {"fy": era.fy_long(fy), "lending_rate": str(facts.get("lending_rate", ""))}
    return {r["key"]: fill(r["text"], fields, f"{FILE.format('texts')} line {r[LINE]}, column text", qa)
            for r in valid_in(data["texts"], fy)}


def section_problems(sections: list[dict], fy: int) -> list[str]:
    """A section printed within a chapter must name a chapter of the same year, earlier in sections.csv."""
    out, chapters = [], set()
    for s in sections:
        if not s["parent"]:
            chapters.add(s["section"])
        elif s["parent"] not in chapters:
            out.append(f"{FILE.format('sections')}: {s['section']} is printed within {s['parent']!r} in "
                       f"{era.fy_long(fy)}, which is no chapter of that year above it: name a chapter (a row without "
                       f"parent, valid that year, earlier in the file), or leave parent empty")
    return out


def asset_class_labels(data: dict, fy: int) -> dict[str, dict[str, str]]:
    """context → asset class → the name a table prints where it is not the shared one (asset_class_labels.csv)."""
    out: dict[str, dict[str, str]] = {}
    for r in valid_in(data["asset_class_labels"], fy):
        out.setdefault(r["context"], {})[r["asset_class"]] = r["label"]
    return out


def deficit_history(history: Rows, fy: int) -> dict | None:
    """The year of the largest 繰越欠損金 up to ``fy``, the first later year end with a surplus and, where the year
    ``fy`` ends in a 繰越欠損金 again, the first year end of that deficit (a dip since resolved, such as 平成27年度's
    ▲25, is not news in a later year: 000 does not name it)."""
    known = [r for r in history if r["surplus"] is not None and r["fiscal_year"] <= fy]
    if not known:
        return None
    worst = min(known, key=lambda r: r["surplus"])
    if worst["surplus"] >= 0:
        return None
    later = sorted((r for r in known if r["fiscal_year"] > worst["fiscal_year"] and r["surplus"] >= 0),
                   key=lambda r: r["fiscal_year"])
    if not later:
        return None
    resolved = later[0]["fiscal_year"]
    surplus = {r["fiscal_year"]: r["surplus"] for r in known}
    start = None                        # the first year end of the deficit the year ``fy`` ends in, after it was resolved
    year = fy
    while year > resolved and surplus.get(year) is not None and surplus[year] < 0:
        start, year = year, year - 1
    return {"worst_year": worst["fiscal_year"], "worst_value": worst["surplus"], "resolved_year": resolved,
            "recurred_year": start}


def deficit_plan(rows: Rows) -> dict | None:
    """繰越欠損金削減計画 (data/unyo/deficit_plan.csv) with its dates, years and amounts typed."""
    plan = {r["item"]: r["value"] for r in rows}   # typed by the schema (data/datapackage.yaml, values)
    if not plan:
        return None
    base = plan["base_fiscal_year"]
    return {
        "adopted": plan["adopted"], "base_fy": base, "start_fy": base + 1, "deficit": plan["deficit"],
        "years_min": plan["years_min"], "years_max": plan["years_max"],
        "resolve_from": base + plan["years_min"], "resolve_to": base + plan["years_max"],
        "annual_min": plan["annual_reduction_min"], "annual_max": plan["annual_reduction_max"],
        "council_date": plan["council_date"], "council_from": plan["council_target_from"], "council_to": plan["council_target_to"],
    }


def history_gaps(history: list[dict], gaps: Gaps, qa: QA) -> list[dict]:
    """The years the yield chart has no 自家/委託 yield for, with the declared reason (printed under the chart)."""
    out = []
    for key, seg in (("self_yield", "self_managed"), ("entrusted_yield", "entrusted")):
        years = [h["fiscal_year"] for h in history if h[key] is None]
        if years:
            reason = gaps.row("investment_returns", years[0], seg)["reason"]
            out.append({"segment": seg, "name_ja": SEGMENT_JA[seg], "first": years[0], "last": years[-1], "reason": reason})
            span = era.fy_long(years[0]) if years[0] == years[-1] else f"{era.fy_long(years[0])}～{era.fy_long(years[-1])}"
            qa.add("gap", f"運用利回りの推移 {SEGMENT_JA[seg]}",
                   f"{span}の利回りはグラフに表示しない: {reason}（data/unyo/gaps.csv）")
    return out


def data_names(data: dict) -> dict[str, str]:
    """Asset class code → its Japanese name (data/common/asset_classes.csv)."""
    return {r["asset_class"]: r["name_ja"] for r in data["asset_classes"]}


def derived_data(data: dict, qa: QA, shown_years: set[int]) -> None:
    """List every derived row of the data used by this report in the QA log."""
    for name in ("holdings", "holdings_totals"):
        for r in data[name]:
            if r["basis"] == "derived" and r["fiscal_year"] in shown_years:
                what = (data_names(data).get(r.get("asset_class")) or GROUP_JA.get(r.get("group"))
                        or r.get("asset_class") or r.get("group"))
                qa.add("derived", f"{era.fy_end_short(r['fiscal_year'])} {what}",
                       f"{fmt_number(r['amount'])}（data/unyo/{name}.csv {r[LINE]}行目）: {r['note']}")


def bound_figures(model: dict) -> dict[str, Figure]:
    """The figures of the year a sentence of texts.csv may be bound to (column binds), by id, as printed."""
    fy, out = model["fiscal_year"], {}
    names = {c: r["name_ja"] for c, r in model["asset_classes"].items()}
    end = era.fy_end_short(fy)
    for c, r in model["asset_changes"].items():
        out[f"holdings_change.{c}"] = Figure(r["change"], 0, f"{end} {names.get(c, c)} 対前年度末比")
    for g in model["groups"]:
        out[f"group_change.{g['group']}"] = Figure(g["change"], 0, f"{end} {g['name_ja']} 対前年度末比")
    for r in model["fund_performance"]:
        c, name = r["asset_class"], f"{era.fy_long(fy)} {r['name_ja']}"
        out[f"fund_return.{c}"] = Figure(r["fund_return"], 2, f"{name} 収益率")
        out[f"benchmark_return.{c}"] = Figure(r["benchmark_return"], 2, f"{name} ベンチマーク収益率")
        out[f"excess_return.{c}"] = Figure(r["excess"], 2, f"{name} 超過収益率")
    years = model["returns"]["years"]
    for row in model["returns"]["rows"]:
        seg, first, last = row["segment"], row["years"][0], row["years"][-1]
        label = f"{era.fy_long(fy)} {row['name_ja']}"
        out[f"yield.{seg}"] = Figure(last["yield"], 2, f"{label} 運用利回り")
        out[f"income.{seg}"] = Figure(last["income"], 0, f"{label} 運用損益額")
        out[f"yield_change.{seg}"] = Figure(row["yield_change"]["value"], 2, f"{label} 運用利回り 前年同期比")
        out[f"income_change.{seg}"] = Figure(row["income_change"]["value"], 0, f"{label} 運用損益額 前年同期比")
        trend = None if None in (first["yield"], last["yield"]) else last["yield"] - first["yield"]
        out[f"yield_trend.{seg}"] = Figure(trend, 2, f"{row['name_ja']} 運用利回り {era.fy_long(years[0])}→"
                                                     f"{era.fy_long(years[-1])}の変化")
    flows = model["cash_flows"]["rows"]
    out["cash_flow_balance"] = Figure(flows[-1]["balance"] if flows else None, 0,
                                      f"{era.fy_long(flows[-1]['fiscal_year'])} 収支差" if flows else "収支差（掲載なし）")
    last = model["balances"][-1] if model["balances"] else {}
    out["surplus"] = Figure(last.get("surplus"), 0, f"{end} 利益剰余金")
    out["surplus_change"] = Figure(last.get("surplus_change"), 0, f"{end} 利益剰余金増減")
    return out


# ------------------------------------------------------------------ the whole report

def year_checked(data: dict, fy: int, qa: QA) -> tuple[dict, list[dict], dict[str, str]]:
    """(reports.csv row, chapters, texts) of the year, once everything the year needs is known to be there: raises
    DataError with every row missing (kyosai.unyo.completeness), every misplaced chapter and every text missing."""
    reports = {r["fiscal_year"]: r for r in data["reports"]}
    if fy not in reports:
        raise DataError([f"data/unyo/reports.csv: no row for fiscal year {fy}"])
    sections = sections_for(data["sections"], fy,
                            lambda text, at: fill(text, {"fy": era.fy_long(fy)}, f"data/unyo/{at}", qa))
    problems = section_problems(sections, fy)
    problems += missing_rows(data, fy, [s["section"] for s in sections], carried_keys(data["carried_figures"]))
    problems += year_bound_problems(data["texts"], fy, FILE.format("texts"), f"the {era.fy_long(fy)} report")
    texts = texts_for(data, fy, qa)
    check_texts(texts, TEMPLATES, chapter_templates("unyo-jokyo", sections), era.fy_long(fy), "data/unyo/texts.csv", qa)
    if problems or qa.errors:
        raise DataError(problems + qa.errors)
    return reports[fy], sections, texts


def compositions_of(data: dict, fy: int, meta: dict, qa: QA) -> tuple[list[dict], dict | None]:
    """The year-end composition against the 基本ポートフォリオ in force at the year end, preceded by the previous year
    end's against the policy it replaced when it was revised in the year; and that previous policy (or None)."""
    end, start = era.fiscal_year_end(fy), dt.date(fy, 4, 1)
    policy_now = policy_in_force(data["policies"], end)
    if policy_now is None:
        raise DataError([f"data/unyo/policies.csv: no 基本ポートフォリオ in force at {end}"])
    compositions = [composition(data, fy, policy_now, qa, meta["published"])]
    previous_policy = policy_in_force(data["policies"], start) if policy_now["effective_from"] > start else None
    if previous_policy is not None:
        compositions.insert(0, composition(data, fy - 1, previous_policy, qa, meta["published"]))
    return compositions, previous_policy


def build(data: dict, fy: int) -> dict:
    """Everything the 運用状況 report of fiscal year ``fy`` prints. Raises DataError on failed checks: first
    every row the year needs and does not have (kyosai.unyo.completeness), then every failed check."""
    qa = QA()
    qa.unusual(data, DATA_SECTIONS)   # values outside their usual range (datapackage.yaml), to be confirmed
    meta, sections, texts = year_checked(data, fy, qa)
    carried = carried_figures(data["carried_figures"], qa)
    gaps = Gaps(data["gaps"])
    compositions, previous_policy = compositions_of(data, fy, meta, qa)

    year, month = map(int, meta["published"].split("-"))
    model = {
        "document": "unyo",
        "fiscal_year": fy,
        "meta": {**{k: v for k, v in meta.items() if k != LINE}, "published_ja": era.month_long(year, month),
                 "issuer_ja": "独立行政法人中小企業基盤整備機構"},
        "policy_revised_in_year": previous_policy is not None,
        "compositions": compositions,
        "transfer": next(iter(data["policy_transfers"].where(fiscal_year=fy)), None),
        "groups": group_changes(data, fy, carried),
        "returns": returns_table(data, fy, carried, qa),
        "balances": balance_history(data, fy, qa),
        "cash_flows": cash_flows(data, fy, carried, qa, gaps),
        "asset_changes": asset_changes(data, fy),
        "bond_issuers": bond_issuers(data, fy, qa, gaps),
        "life_insurance": life_insurance(data, fy, qa),
        "fund_performance": fund_performance(data, fy, carried, qa),
        "funds": fund_list(data, fy, qa),
        "market": market_indices(data, fy, qa, gaps),
        "year_rows": TABLES.year_rows(data, fy),   # the tables declared as a year's rows of their data (year_table)
        "texts": texts,
        "facts": {r["fact"]: r["value"] for r in data["year_facts"].where(fiscal_year=fy)},
        "benchmarks": valid_in(data["benchmarks"], fy),
        "committee": sorted(data["committee_members"].where(fiscal_year=fy), key=lambda r: r["order"]),
        "governance": governance.build(data, fy, qa),
        "policy_links": governance.policy_links(data, fy),
        "deficit_history": deficit_history(data["balance_history"], fy),
        "deficit_plan": deficit_plan(data["deficit_plan"]),
        "asset_classes": {r["asset_class"]: r for r in data["asset_classes"]},
        "asset_class_labels": asset_class_labels(data, fy),
    }
    model["sections"] = sections
    model["history_gaps"] = history_gaps(model["returns"]["history"], gaps, qa)
    derived_data(data, qa, {fy, fy - 1})
    bind(data["texts"], fy, model["texts"], bound_figures(model), FILE.format("texts"), qa)
    if meta.get("note"):
        qa.add("note", f"data/unyo/reports.csv {meta[LINE]}行目", f"表紙 {model['meta']['published_ja']}: {meta['note']}")
    qa.raise_if_failed()
    model["qa"] = qa.entries
    return model
