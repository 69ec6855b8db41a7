"""The 運用状況 report model: every table, figure and check of one fiscal year's report.

``build_report(tables, fy)`` takes the checked data (kyosai.dataio.load_all) and returns a plain
dict: section data for the template (exact Decimals, unrounded), the computed tables written as
CSV, and the QA log. Nothing here formats or rounds except where a published convention says so
(deviations and breaches are judged as printed, to one decimal).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd

from . import era
from .calc import (ReconciliationError, average_over_window, change, deviation_from_policy,
                   is_breach, reconcile)
from .dataio import LINE, DataError
from .numbers import round_half_up, rounding_tolerance, share_pct

SEGMENTS = ("all", "self_managed", "entrusted")
SEGMENT_JA = {"all": "運用資産全体", "self_managed": "自家運用資産", "entrusted": "委託運用資産"}
GROUP_JA = {"self_managed": "自家運用", "entrusted": "委託運用", "all": "合計"}
HISTORY_YEARS = 10


class QA:
    """The QA log: every check with its result, every derived, carried or rounded figure."""

    def __init__(self) -> None:
        self.entries: list[dict] = []
        self.errors: list[str] = []

    def add(self, kind: str, subject: str, detail: str, ok: bool = True) -> None:
        self.entries.append({"kind": kind, "subject": subject, "detail": detail, "ok": ok})

    def fail(self, message: str) -> None:
        self.errors.append(message)


def _records(frame: pd.DataFrame, **where) -> list[dict]:
    out = frame
    for col, val in where.items():
        out = out[out[col] == val]
    return out.to_dict("records")


def _check_sum(qa: QA, subject: str, parts: list[Decimal], total: Decimal, places: int = 0,
               where: str = "") -> None:
    """Parts vs an independently rounded published total."""
    tol = rounding_tolerance(len(parts), places)
    diff = sum(parts, Decimal(0)) - total
    detail = f"sum of {len(parts)} parts {sum(parts, Decimal(0))} vs total {total}"
    if diff == 0:
        qa.add("identity", subject, detail + ": equal")
    elif abs(diff) <= tol:
        qa.add("rounding", subject, detail + f": differs by {diff}, within the ±{tol} that independent rounding allows")
    else:
        qa.fail(f"{where}: {subject}: {detail} differs by {diff}, more than rounding allows (±{tol})")
        qa.add("identity", subject, detail + f": differs by {diff}", ok=False)


FIGURE_UNITS = {
    "income_avg_5y": "億円", "income_avg_10y": "億円", "income_change": "億円", "holdings_change": "億円",
    "cash_flow_balance": "億円", "cash_flow_balance_with_interest": "億円", "surplus_change": "億円",
    "yield_avg_5y": "%", "yield_avg_10y": "%", "excess_return": "%", "yield_change": "pt",
}


class Carried:
    """Lookup of carried_figures; checks each row's unit and records every use in the QA log."""

    def __init__(self, frame: pd.DataFrame, qa: QA):
        self.values = {(r["fiscal_year"], r["figure"], r["key"]): r for r in frame.to_dict("records")}
        self.qa = qa
        for r in self.values.values():
            expected = FIGURE_UNITS.get(r["figure"])
            if expected and r["unit"] != expected:
                qa.fail(f"data/unyo/carried_figures.csv, line {r[LINE]}, column unit: {r['unit']!r} for "
                        f"{r['figure']}, which is in {expected}")

    def figure(self, fy: int, figure: str, key: str, computed: Decimal | None, places: int,
               label: str) -> dict:
        rec = self.values.get((fy, figure, key))
        try:
            r = reconcile(label, computed, rec["value"] if rec else None, places)
        except ReconciliationError as exc:
            where = f"data/unyo/carried_figures.csv, line {rec[LINE]}, column value" if rec else "data"
            self.qa.fail(f"{where}: {exc}")
            return {"value": None, "status": "error"}
        if r.status == "carried":
            self.qa.add("carried", label, f"{r.value} carried as published ({rec['source']}): {rec['reason']}")
        elif r.status == "within_rounding":
            self.qa.add("carried", label,
                        f"published {r.carried}, computed from printed figures {round_half_up(r.computed, places)}; "
                        f"the report prints the published figure ({rec['source']}): {rec['reason']}")
        elif r.status == "agrees":
            self.qa.add("identity", label, f"published {r.carried} equals the computed figure")
        return {"value": r.value, "status": r.status}


# ------------------------------------------------------------------ asset composition

def policy_in_force(policies: pd.DataFrame, day: dt.date) -> dict | None:
    candidates = [p for p in policies.to_dict("records") if p["effective_from"] <= day]
    return max(candidates, key=lambda p: p["effective_from"]) if candidates else None


def composition(tables: dict, fy: int, policy: dict, qa: QA, published: str = "9999-12") -> dict:
    """Year-end composition of fiscal year ``fy`` against ``policy``: shares, deviations, breaches."""
    classes = {r["asset_class"]: r for r in tables["asset_classes"].to_dict("records")}
    holdings = sorted(_records(tables["holdings"], fiscal_year=fy), key=lambda r: classes[r["asset_class"]]["order"])
    totals = {r["group"]: r for r in _records(tables["holdings_totals"], fiscal_year=fy)}
    for g in ("self_managed", "entrusted", "all"):
        if g not in totals:
            raise DataError([f"data/unyo/holdings_totals.csv: no {g} total for fiscal year {fy} ({era.fy_long(fy)})"])
    grand, entrusted_total = totals["all"]["amount"], totals["entrusted"]["amount"]
    alloc = {r["component"]: r for r in _records(tables["policy_allocations"], policy_id=policy["policy_id"])}

    rows = []
    for h in holdings:
        cls = classes[h["asset_class"]]
        rows.append({
            "asset_class": h["asset_class"], "name_ja": cls["name_ja"], "management": cls["management"],
            "amount": h["amount"], "basis": h["basis"],
            "share": share_pct(h["amount"], grand),
            "within_entrusted": share_pct(h["amount"], entrusted_total) if cls["management"] == "entrusted" else None,
        })
    label = f"{era.fy_end_short(fy)}"
    for g in ("self_managed", "entrusted"):
        parts = [r["amount"] for r in rows if r["management"] == g]
        if parts:
            _check_sum(qa, f"{label} {GROUP_JA[g]}: asset classes (data/unyo/holdings.csv) vs published total", parts,
                       totals[g]["amount"], where=f"data/unyo/holdings_totals.csv, line {totals[g][LINE]}, column amount")
    _check_sum(qa, f"{label} 自家運用 + 委託運用 vs 運用資産額", [totals["self_managed"]["amount"], totals["entrusted"]["amount"]],
               grand, where=f"data/unyo/holdings_totals.csv, line {totals['all'][LINE]}, column amount")

    deviations = []
    for comp, a in alloc.items():
        if comp == "self_managed":
            actual = share_pct(totals["self_managed"]["amount"], grand)
            name = "自家運用"
        else:
            match = [r for r in rows if r["asset_class"] == comp]
            if not match:
                qa.fail(f"data/unyo/holdings.csv: policy {policy['policy_id']} sets {comp} but fiscal year {fy} has no holding of it")
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
            qa.add("breach", f"{label} {name}", f"deviation {round_half_up(dev, 1)}pt outside its band ±{a['band']}pt", ok=False)
    order = {c: classes[c]["order"] if c in classes else 0 for c in alloc}
    deviations.sort(key=lambda d: order[d["component"]])
    entrusted_alloc = sum((a["allocation"] for c, a in alloc.items() if c in classes and classes[c]["management"] == "entrusted"), Decimal(0))
    self_alloc = sum((a["allocation"] for c, a in alloc.items() if c == "self_managed" or (c in classes and classes[c]["management"] == "self_managed")), Decimal(0))
    if self_alloc + entrusted_alloc != 100:
        qa.fail(f"data/unyo/policy_allocations.csv: policy {policy['policy_id']} allocations add up to {self_alloc + entrusted_alloc}, not 100")
    within = [a["within_entrusted"] for a in alloc.values() if a["within_entrusted"] is not None]
    if within and sum(within, Decimal(0)) != 100:
        _check_sum(qa, f"policy {policy['policy_id']} 委託内資産配分", within, Decimal(100), places=1)

    return {
        "fiscal_year": fy, "label": label, "policy": policy, "rows": rows, "deviations": deviations,
        "totals": {g: totals[g]["amount"] for g in totals},
        "group_share": {g: share_pct(totals[g]["amount"], grand) for g in ("self_managed", "entrusted")},
        "policy_entrusted_allocation": entrusted_alloc, "policy_self_allocation": self_alloc,
        "risk_return": _risk_return(tables, policy, published),
        "breaches": [d for d in deviations if d["breach"]],
    }


def _risk_return(tables: dict, policy: dict, published: str) -> list[dict]:
    """期待収益率・標準偏差 at adoption and at every verification known when the report is published."""
    rows = [r for r in _records(tables["policy_risk_return"], policy_id=policy["policy_id"]) if r["as_of"] <= published]
    out = []
    for r in sorted(rows, key=lambda r: r["as_of"]):
        if not r["label"]:  # as the source labels them: H29.4改定時, R07.7検証時
            year, month = map(int, r["as_of"].split("-"))
            e, n = era.era_of(dt.date(year, month, 28))
            r = {**r, "label": f"{e.abbrev}{n:02d}.{month}{'改定時' if r['kind'] == 'adoption' else '検証時'}"}
        out.append(r)
    return out


def group_changes(tables: dict, fy: int, carried: Carried, qa: QA) -> list[dict]:
    """自家/委託/合計 totals with the change on the previous year end, and net of policy transfers."""
    now = {r["group"]: r["amount"] for r in _records(tables["holdings_totals"], fiscal_year=fy)}
    before = {r["group"]: r["amount"] for r in _records(tables["holdings_totals"], fiscal_year=fy - 1)}
    transfer = sum((r["amount"] for r in _records(tables["policy_transfers"], fiscal_year=fy)), Decimal(0))
    out = []
    for g in ("self_managed", "entrusted", "all"):
        computed = now[g] - before[g] if g in before else None
        fig = carried.figure(fy, "holdings_change", g, computed, 0, f"{era.fy_end_short(fy)} {GROUP_JA[g]} 対前年度末比")
        ex = None
        if transfer and fig["value"] is not None and g != "all":
            ex = fig["value"] + (transfer if g == "self_managed" else -transfer)
        out.append({"group": g, "name_ja": GROUP_JA[g], "amount": now[g], "change": fig["value"],
                    "change_status": fig["status"], "change_excluding_transfer": ex})
    return out


# ------------------------------------------------------------------ yields

def _series(tables: dict, segment: str, column: str) -> dict[int, Decimal | None]:
    return {r["fiscal_year"]: r[column] for r in _records(tables["investment_returns"], segment=segment)}


def returns_table(tables: dict, fy: int, carried: Carried, qa: QA) -> dict:
    """運用利回りの推移: five years of 運用損益額 and 運用利回り, the change on the previous year and
    the 5- and 10-year simple averages, by 全体/自家/委託."""
    years = list(range(fy - 4, fy + 1))
    rows = []
    for seg in SEGMENTS:
        income, yld = _series(tables, seg, "income"), _series(tables, seg, "yield")
        for y in years:
            if income.get(y) is None or yld.get(y) is None:
                qa.fail(f"data/unyo/investment_returns.csv: no 運用損益額 or 運用利回り for {SEGMENT_JA[seg]} in {era.fy_long(y)}")
        label = f"{era.fy_long(fy)} {SEGMENT_JA[seg]}"
        row = {
            "segment": seg, "name_ja": SEGMENT_JA[seg],
            "years": [{"fiscal_year": y, "income": income.get(y), "yield": yld.get(y)} for y in years],
            "income_change": carried.figure(fy, "income_change", seg, change(income, fy), 0, f"{label} 運用損益額 前年同期比"),
            "yield_change": carried.figure(fy, "yield_change", seg, change(yld, fy), 2, f"{label} 運用利回り 前年同期比"),
        }
        for n in (5, 10):
            row[f"income_avg_{n}y"] = carried.figure(fy, f"income_avg_{n}y", seg, average_over_window(income, fy, n), 0,
                                                     f"{label} 運用損益額 {n}カ年の平均")
            row[f"yield_avg_{n}y"] = carried.figure(fy, f"yield_avg_{n}y", seg, average_over_window(yld, fy, n), 2,
                                                    f"{label} 運用利回り {n}カ年の平均")
        rows.append(row)
    by = {r["segment"]: r for r in rows}
    for y in years:
        parts = [by[s]["years"][years.index(y)]["income"] for s in ("self_managed", "entrusted")]
        total = by["all"]["years"][years.index(y)]["income"]
        if None not in parts and total is not None:
            _check_sum(qa, f"{era.fy_long(y)} 運用損益額 自家 + 委託 vs 全体", parts, total)
    history = []
    income_all, yield_all = _series(tables, "all", "income"), _series(tables, "all", "yield")
    for y in range(fy - HISTORY_YEARS + 1, fy + 1):
        history.append({"fiscal_year": y, "income": income_all.get(y), "yield": yield_all.get(y),
                        "self_yield": _series(tables, "self_managed", "yield").get(y),
                        "entrusted_yield": _series(tables, "entrusted", "yield").get(y)})
    return {"years": years, "rows": rows, "history": history}


# ------------------------------------------------------------------ balances, cash flows

def balance_history(tables: dict, fy: int, carried: Carried, qa: QA) -> list[dict]:
    """運用資産額・責任準備金・利益剰余金 for the ten year ends up to ``fy``."""
    recs = {r["fiscal_year"]: r for r in tables["balance_history"].to_dict("records")}
    yields = _series(tables, "all", "yield")
    rows = []
    for y in range(fy - HISTORY_YEARS + 1, fy + 1):
        r = recs.get(y)
        if r is None or r["total_assets"] is None or r["policy_reserve"] is None or r["surplus"] is None:
            qa.fail(f"data/unyo/balance_history.csv: 運用資産額, 責任準備金 or 利益剰余金 missing for {era.fy_end_short(y)}")
            continue
        prev = recs.get(y - 1)
        computed = r["surplus"] - prev["surplus"] if prev and prev["surplus"] is not None else None
        published = r["net_income"]
        if published is not None and computed is not None and published != computed:
            if abs(published - computed) <= 1:
                qa.add("rounding", f"{era.fy_end_short(y)} 利益剰余金増減",
                       f"当期利益 {published} (ledger) vs difference of year-end balances {computed}: within rounding")
            else:
                qa.fail(f"data/unyo/balance_history.csv line {r[LINE]}: 当期利益 {published} vs change in 利益剰余金 {computed}")
        rows.append({"fiscal_year": y, "total_assets": r["total_assets"], "policy_reserve": r["policy_reserve"],
                     "surplus": r["surplus"], "surplus_change": published if published is not None else computed,
                     "yield": yields.get(y)})
    return rows


def cash_flows(tables: dict, fy: int, carried: Carried, qa: QA) -> dict:
    """キャッシュ・フローの推移: ten years up to the latest year with data, with derived rows."""
    recs = {r["fiscal_year"]: r for r in tables["cash_flows"].to_dict("records")}
    available = [y for y in recs if y <= fy]
    if not available:
        return {"rows": [], "last_year": None, "missing_to": fy}
    last = max(available)
    if last < fy:
        qa.add("gap", "キャッシュ・フロー", f"data/unyo/cash_flows.csv has no rows for {era.fy_long(last + 1)}–{era.fy_long(fy)}; "
               f"the table ends at {era.fy_long(last)} and says so", ok=False)
    rows = []
    for y in range(last - HISTORY_YEARS + 1, last + 1):
        r = recs.get(y)
        if r is None:
            continue
        bal = carried.figure(y, "cash_flow_balance", "all", r["contributions"] - r["benefits"], 0,
                             f"{era.fy_long(y)} 収支差(c)")
        bal_i = carried.figure(y, "cash_flow_balance_with_interest", "all",
                               r["contributions"] - r["benefits"] + r["bond_interest"], 0,
                               f"{era.fy_long(y)} 収支差+利金収入")
        rows.append({"fiscal_year": y, "contributions": r["contributions"], "benefits": r["benefits"],
                     "balance": bal["value"], "bond_interest": r["bond_interest"],
                     "balance_with_interest": bal_i["value"], "bond_redemptions": r["bond_redemptions"]})
    return {"rows": rows, "last_year": last, "missing_to": fy if last < fy else None}


# ------------------------------------------------------------------ self-managed and entrusted assets

def asset_changes(tables: dict, fy: int) -> dict[str, dict]:
    now = {r["asset_class"]: r for r in _records(tables["holdings"], fiscal_year=fy)}
    before = {r["asset_class"]: r for r in _records(tables["holdings"], fiscal_year=fy - 1)}
    return {c: {"amount": r["amount"], "change": r["amount"] - before[c]["amount"] if c in before else None}
            for c, r in now.items()}


def bond_issuers(tables: dict, fy: int, qa: QA) -> list[dict]:
    recs = sorted(_records(tables["bond_issuers"], fiscal_year=fy), key=lambda r: r["order"])
    if not recs:
        return []
    total = next(r["amount"] for r in _records(tables["holdings"], fiscal_year=fy) if r["asset_class"] == "domestic_bonds_book")
    _check_sum(qa, f"{era.fy_end_short(fy)} 国内債券(簿価) by issuer vs holdings", [r["amount"] for r in recs], total)
    return [{"issuer": r["issuer"], "amount": r["amount"], "share": share_pct(r["amount"], total)} for r in recs] + \
        [{"issuer": "計", "amount": total, "share": Decimal(100)}]


def fund_performance(tables: dict, fy: int, carried: Carried, qa: QA) -> list[dict]:
    classes = {r["asset_class"]: r for r in tables["asset_classes"].to_dict("records")}
    recs = _records(tables["fund_performance"], fiscal_year=fy)
    if not recs:
        return []
    total = next((r for r in recs if r["asset_class"] == "total"), None)
    if total is None:
        qa.fail(f"data/unyo/fund_performance.csv: fiscal year {fy} has classes but no total row")
        return []
    parts = sorted((r for r in recs if r["asset_class"] != "total"), key=lambda r: classes[r["asset_class"]]["order"])
    qa.add("note", f"{era.fy_long(fy)} 対ベンチマーク: 合計",
           f"the published total ({total['income']} / {total['average_balance']} 百万円) is not the sum of the classes "
           f"({sum(r['income'] for r in parts)} / {sum(r['average_balance'] for r in parts)}); the source prints it as such and does not say why; carried")
    out = []
    for r in parts + [total]:
        key = r["asset_class"]
        excess = carried.figure(fy, "excess_return", key, r["fund_return"] - r["benchmark_return"], 2,
                                f"{era.fy_long(fy)} 超過収益率 {classes[key]['name_ja'] if key in classes else '合計'}")
        out.append({"asset_class": key, "name_ja": classes[key]["name_ja"] if key in classes else "合計",
                    "income": r["income"], "average_balance": r["average_balance"],
                    "share": share_pct(r["average_balance"], total["average_balance"]),
                    "fund_return": r["fund_return"], "benchmark_return": r["benchmark_return"],
                    "excess": excess["value"]})
    return out


def fund_list(tables: dict, fy: int, qa: QA) -> dict | None:
    """運用中ファンド一覧 by asset class and style, with fund and institution counts."""
    classes = {r["asset_class"]: r for r in tables["asset_classes"].to_dict("records")}
    funds = _records(tables["funds"], fiscal_year=fy)
    if not funds:
        return None
    recs = {(r["asset_class"], r["style"]): r for r in _records(tables["fund_subtotals"], fiscal_year=fy)}
    subtotals = {k: r["amount"] for k, r in recs.items()}

    def where(cls: str, style: str) -> str:
        rec = recs.get((cls, style))
        return f"data/unyo/fund_subtotals.csv, line {rec[LINE]}, column amount" if rec else "data/unyo/fund_subtotals.csv"

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
                qa.add("derived", f"ファンド一覧 {classes[cls]['name_ja']} {style}", f"subtotal {published} computed (none published)")
            elif amounts:
                _check_sum(qa, f"ファンド一覧 {classes[cls]['name_ja']} {style}: funds (data/unyo/funds.csv) vs published subtotal",
                           amounts, published, where=where(cls, style))
            entry[f"{style}_total"] = published
        entry["total"] = subtotals.get((cls, "all"), entry["active_total"] + entry["passive_total"])
        _check_sum(qa, f"ファンド一覧 {classes[cls]['name_ja']}: active + passive vs class total",
                   [entry["active_total"], entry["passive_total"]], entry["total"], where=where(cls, "all"))
        groups.append(entry)
    totals = {s: subtotals.get(("all", s)) for s in ("active", "passive", "all")}
    for s in ("active", "passive"):
        if totals[s] is not None:
            _check_sum(qa, f"ファンド一覧 合計 {s}", [g[f"{s}_total"] for g in groups], totals[s], where=where("all", s))
    if totals["all"] is not None:
        _check_sum(qa, "ファンド一覧 合計", [g["total"] for g in groups], totals["all"], where=where("all", "all"))
    holdings = {r["asset_class"]: r["amount"] for r in _records(tables["holdings"], fiscal_year=fy)}
    for g in groups:
        if g["asset_class"] in holdings and holdings[g["asset_class"]] != g["total"]:
            qa.fail(f"{where(g['asset_class'], 'all')}: {g['name_ja']} total {g['total']} differs from "
                    f"its year-end holding {holdings[g['asset_class']]} (data/unyo/holdings.csv)")
    return {
        "groups": groups, "totals": totals,
        "fund_count": len({f["fund_no"] for f in funds}),
        "institution_count": len({f["manager"] for f in funds}),
        "has_overlay": any(f["overlay"] for f in funds),
    }


def market_indices(tables: dict, fy: int) -> dict | None:
    recs = tables["market_indices"].to_dict("records")
    end = era.fiscal_year_end(fy)
    ends = sorted({r["date"] for r in recs if r["date"] <= end and r["date"].month == 3 and r["date"].day == 31})
    if end not in ends:
        return None
    dates = ends[-HISTORY_YEARS:]
    prev = era.fiscal_year_end(fy - 1)
    values = {(r["date"], r["index"]): r["value"] for r in recs}
    rows = []
    for idx in ("nikkei225", "topix", "djia", "usdjpy", "eurjpy"):
        if (end, idx) not in values:
            continue
        ch = (values[(end, idx)] / values[(prev, idx)] - 1) * 100 if (prev, idx) in values else None
        rows.append({"index": idx, "levels": [values.get((d, idx)) for d in dates], "change": ch})
    return {"dates": dates, "rows": rows, "base": prev}


def life_insurance(tables: dict, fy: int, qa: QA) -> dict | None:
    rows = {r["component"]: r for r in _records(tables["life_insurance_yield"], fiscal_year=fy)}
    recs = {k: r["value"] for k, r in rows.items()}
    if not recs:
        return None
    parts = [v for k, v in recs.items() if k != "total"]
    if "total" in recs:
        _check_sum(qa, f"{era.fy_long(fy)} 生命保険資産 利回りの内訳", parts, recs["total"], places=2,
                   where=f"data/unyo/life_insurance_yield.csv, line {rows['total'][LINE]}, column value")
    return recs


def texts_for(tables: dict, fy: int) -> dict[str, str]:
    out = {}
    for r in sorted(tables["texts"].to_dict("records"), key=lambda r: r["valid_from"]):
        if r["valid_from"] <= fy and (r["valid_to"] is None or fy <= r["valid_to"]):
            out[r["key"]] = r["text"]
    return out


def facts_for(tables: dict, fy: int) -> dict[str, str]:
    return {r["fact"]: r["value"] for r in _records(tables["year_facts"], fiscal_year=fy)}


def derived_data(tables: dict, qa: QA, years: set[int]) -> None:
    """List every derived row of the data used by this report in the QA log."""
    for name in ("holdings", "holdings_totals"):
        for r in tables[name].to_dict("records"):
            if r["basis"] == "derived" and r["fiscal_year"] in years:
                qa.add("derived", f"data/unyo/{name}.csv line {r[LINE]}", f"{r['fiscal_year']} {r.get('asset_class') or r.get('group')} = {r['amount']}: {r['note']}")


# ------------------------------------------------------------------ the whole report

def build_report(tables: dict, fy: int) -> dict:
    """Everything the 運用状況 report of fiscal year ``fy`` prints. Raises DataError on failed checks."""
    qa = QA()
    reports = {r["fiscal_year"]: r for r in tables["reports"].to_dict("records")}
    if fy not in reports:
        raise DataError([f"data/unyo/reports.csv: no row for fiscal year {fy}"])
    meta = reports[fy]
    carried = Carried(tables["carried_figures"], qa)
    end = era.fiscal_year_end(fy)
    start = dt.date(fy, 4, 1)

    policy_now = policy_in_force(tables["policies"], end)
    if policy_now is None:
        raise DataError([f"data/unyo/policies.csv: no 基本ポートフォリオ in force at {end}"])
    compositions = [composition(tables, fy, policy_now, qa, meta["published"])]
    revised_in_year = policy_now["effective_from"] > start
    previous_policy = None
    if revised_in_year:
        previous_policy = policy_in_force(tables["policies"], start)
        if previous_policy is not None:
            compositions.insert(0, composition(tables, fy - 1, previous_policy, qa, meta["published"]))

    year, month = map(int, meta["published"].split("-"))
    model = {
        "fiscal_year": fy,
        "meta": {**{k: v for k, v in meta.items() if k != LINE}, "published_ja": era.month_long(year, month)},
        "policy_revised_in_year": revised_in_year and previous_policy is not None,
        "compositions": compositions,
        "transfer": next(iter(_records(tables["policy_transfers"], fiscal_year=fy)), None),
        "groups": group_changes(tables, fy, carried, qa),
        "returns": returns_table(tables, fy, carried, qa),
        "balances": balance_history(tables, fy, carried, qa),
        "cash_flows": cash_flows(tables, fy, carried, qa),
        "asset_changes": asset_changes(tables, fy),
        "bond_issuers": bond_issuers(tables, fy, qa),
        "life_insurance": life_insurance(tables, fy, qa),
        "fund_performance": fund_performance(tables, fy, carried, qa),
        "funds": fund_list(tables, fy, qa),
        "market": market_indices(tables, fy),
        "texts": texts_for(tables, fy),
        "facts": facts_for(tables, fy),
        "benchmarks": [r for r in tables["benchmarks"].to_dict("records")
                       if r["valid_from"] <= fy and (r["valid_to"] is None or fy <= r["valid_to"])],
        "committee": sorted(_records(tables["committee_members"], fiscal_year=fy), key=lambda r: r["order"]),
        "deficit_plan": {r["item"]: r["value"] for r in tables["deficit_plan"].to_dict("records")},
        "surplus_history": tables["balance_history"].to_dict("records"),
        "asset_classes": {r["asset_class"]: r for r in tables["asset_classes"].to_dict("records")},
    }
    derived_data(tables, qa, {fy, fy - 1})
    if meta.get("note"):
        qa.add("note", f"data/unyo/reports.csv line {meta[LINE]}", f"表紙 {model['meta']['published_ja']}: {meta['note']}")
    add_views(model)
    if qa.errors:
        raise DataError(qa.errors)
    model["qa"] = qa.entries
    return model


# ------------------------------------------------------------------ template views (layout only)

INDEX_VIEW = {"nikkei225": ("日経平均（円）", 2, ""), "topix": ("TOPIX", 2, ""), "djia": ("N.Yダウ（ドル）", 2, ""),
              "usdjpy": ("円/ドル（円）", 2, ""), "eurjpy": ("円/ユーロ（円）", 2, "")}


def composition_view(comp: dict, groups: list[dict] | None, transfer: dict | None) -> dict:
    """Column layout of the policy and composition tables: one deviation cell per policy
    component, spanning the asset classes it covers."""
    rows = comp["rows"]
    devs = {d["component"]: d for d in comp["deviations"]}
    columns = []
    for d in comp["deviations"]:
        columns.append({"name": "自家運用(簿価)" if d["component"] == "self_managed" else d["name_ja"],
                        "allocation": d["allocation"], "within": d["within_entrusted_target"], "band": d["band"]})
    cells = []
    self_rows = [r for r in rows if r["management"] == "self_managed"]
    if "self_managed" in devs:
        d = devs["self_managed"]
        cells.append({"span": len(self_rows), "deviation": d["deviation"], "breach": d["breach"]})
        rest = [r for r in rows if r["management"] != "self_managed"]
    else:
        rest = rows
    for r in rest:
        d = devs.get(r["asset_class"])
        cells.append({"span": 1, "deviation": d["deviation"] if d else None, "breach": d["breach"] if d else False})
    view_groups = []
    if groups is not None:
        for g in groups:
            share = comp["group_share"].get(g["group"], Decimal(100))
            view_groups.append({**g, "share": share})
    else:
        for g in ("self_managed", "entrusted", "all"):
            view_groups.append({"group": g, "name_ja": GROUP_JA[g], "amount": comp["totals"][g],
                                "share": comp["group_share"].get(g, Decimal(100)), "change": None,
                                "change_excluding_transfer": None})
    return {
        "policy_columns": columns, "has_within": any(c["within"] is not None for c in columns),
        "deviation_cells": cells, "self_count": len(self_rows), "entrusted_count": len(rows) - len(self_rows),
        "groups": view_groups, "transfer_shown": bool(transfer) and groups is not None,
        "show_change": groups is not None,
    }


def deficit_history(history: list[dict], fy: int) -> dict | None:
    """The year of the largest 繰越欠損金 up to ``fy`` and the first later year end with a surplus."""
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
    return {"worst_year": worst["fiscal_year"], "worst_value": worst["surplus"], "resolved_year": later[0]["fiscal_year"]}


def deficit_plan_view(plan: dict[str, str]) -> dict | None:
    if not plan:
        return None
    from .numbers import parse_number
    adopted = dt.date.fromisoformat(plan["adopted"])
    base = int(plan["base_fiscal_year"])
    return {
        "adopted": adopted, "adopted_month": era.month_long(adopted.year, adopted.month),
        "base_fy": base, "start_fy": base + 1, "deficit": parse_number(plan["deficit"]),
        "years_min": int(plan["years_min"]), "years_max": int(plan["years_max"]),
        "resolve_from": base + int(plan["years_min"]), "resolve_to": base + int(plan["years_max"]),
        "annual_min": parse_number(plan["annual_reduction_min"]), "annual_max": parse_number(plan["annual_reduction_max"]),
        "council_date": dt.date.fromisoformat(plan["council_date"]),
        "council_from": int(plan["council_target_from"]), "council_to": int(plan["council_target_to"]),
    }


def add_views(model: dict) -> None:
    fy = model["fiscal_year"]
    n = len(model["compositions"])
    for i, comp in enumerate(model["compositions"]):
        current = i == n - 1
        comp["view"] = composition_view(comp, model["groups"] if current else None, model["transfer"])
    model["groups_by"] = {g["group"]: g for g in model["groups"]}
    model["has_governance"] = bool(model["committee"]) or "governance.body" in model["texts"]
    model["returns_by"] = {r["segment"]: r for r in model["returns"]["rows"]}
    rows = model["compositions"][-1]["rows"]
    model["self_class_names"] = "、".join(r["name_ja"] for r in rows if r["management"] == "self_managed")
    model["entrusted_class_names"] = "、".join(r["name_ja"] for r in rows if r["management"] == "entrusted")
    model["deficit_history"] = deficit_history(model["surplus_history"], fy)
    model["deficit_plan_view"] = deficit_plan_view(model["deficit_plan"])
    model["fy_end_date"] = era.fiscal_year_end(fy)
    as_of = model["facts"].get("funds_as_of")
    if as_of:
        d = dt.date.fromisoformat(as_of)
        model["funds_as_of_label"] = f"{era.month_long(d.year, d.month)}末"
    li = model["life_insurance"]
    if li:
        from .numbers import fmt_pct
        names = {"assumed_rate": "予定利率部分", "dividend": "配当に係る部分", "admin_cost": "保険事務費部分"}
        text = ""
        for key in ("assumed_rate", "dividend", "admin_cost"):
            if key in li:
                v = li[key]
                sign = "" if not text else ("+" if v >= 0 else "－")
                text += f"{sign}{names[key]}{fmt_pct(abs(v))}"
        model["life_insurance_formula"] = f"{text}＝{fmt_pct(li['total'])}"
    if model["market"]:
        for r in model["market"]["rows"]:
            r["name_ja"], r["places"], r["suffix"] = INDEX_VIEW[r["index"]]
