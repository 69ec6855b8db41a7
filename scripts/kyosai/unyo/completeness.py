"""What the 運用状況 report of a fiscal year needs from the data, checked before anything is computed: every
missing row of every file is listed at once, each with what to add (or, for figures no source prints, where
to declare the gap: data/unyo/gaps.csv). A year with only its reports.csv row gets the whole list in one run.
"""
from __future__ import annotations

import datetime as dt

from .. import era
from ..dataio import Rows
from ..gaps import Gaps
from .common import FILE, HISTORY_YEARS, SEGMENT_JA, indices
from .tables import CARRIED, TABLES

GROUPS = ("self_managed", "entrusted", "all")
PRINTED_CLASSES = ("domestic_bonds_book", "loans", "life_insurance")   # the 自家運用資産 chapter prints each


def years_text(years: list[int]) -> str:
    """2023, 2024 → fiscal_year 2023–2024 (令和5年度–令和6年度); single years as they are."""
    years = sorted(years)
    if not years:
        return ""
    if years == list(range(years[0], years[-1] + 1)) and len(years) > 2:
        return f"fiscal_year {years[0]}–{years[-1]} ({era.fy_long(years[0])}–{era.fy_long(years[-1])})"
    return "fiscal_year " + ", ".join(f"{y} ({era.fy_long(y)})" for y in years)


def policy_in_force(policies: Rows, day: dt.date) -> dict | None:
    candidates = [p for p in policies if p["effective_from"] <= day]
    return max(candidates, key=lambda p: p["effective_from"]) if candidates else None


def present_years(data: dict, resource: str, key: str) -> set[int]:
    """The fiscal years a resource (a segment of it) has complete figures for."""
    if resource == "investment_returns":
        return {r["fiscal_year"] for r in data[resource] if (not key or r["segment"] == key)
                and r["income"] is not None and r["yield"] is not None}
    if resource == "market_indices" and key == "in_year":      # the year's path: a level at the end of each month
        months = {}
        for r in data[resource]:
            if r["date"].month != 3 or r["date"].day != 31:
                months.setdefault(r["date"].year - (r["date"].month < 4), set()).add(r["date"].month)
        return {y for y, found in months.items() if len(found) >= 11}
    if resource == "market_indices":
        ends = {}
        for r in data[resource]:
            if r["date"].month == 3 and r["date"].day == 31:
                ends.setdefault(r["date"].year - 1, set()).add(r["index"])
        return {y for y, found in ends.items() if found >= {i["index"] for i in data["indices"]}}
    return {r["fiscal_year"] for r in data[resource]}


def stale_gaps(data: dict) -> list[str]:
    """A gap declared for years the data has: the declaration must go (or the figures must)."""
    out = []
    for g in data["gaps"]:
        if g["resource"] not in data:     # a file of another document (the analysis pack's bunseki_interest_rates)
            continue
        have = sorted(present_years(data, g["resource"], g["key"] or "") & set(range(g["first_year"], g["last_year"] + 1)))
        if have:
            out.append(f"data/unyo/gaps.csv, line {g['_line']}: declares {g['resource']} missing in "
                     f"{years_text(have)}, but {FILE.format(g['resource'])} has them: shorten or remove the declaration")
    return out


class Needs:
    """The problems of completeness found for the report of ``fy``, each said the same way (``need(...)``)."""

    def __init__(self, data: dict, fy: int):
        self.data, self.fy, self.gaps, self.label, self.out = data, fy, Gaps(data["gaps"]), era.fy_long(fy), []

    def __call__(self, name: str, what: str, add: str) -> None:
        self.out.append(f"{FILE.format(name)}: the {self.label} report needs it, but there is {what}: {add}")

    def say(self, problem: str) -> None:
        self.out.append(problem)


def missing_rows(data: dict, fy: int, sections: list[str], carried: set[tuple]) -> list[str]:
    """Every problem of completeness for the report of ``fy`` (empty when it can be built), step by step."""
    need = Needs(data, fy)
    need.out += stale_gaps(data)
    components = year_end_holdings(need)
    return_years(need, carried)
    balance_years(need)
    cash_flow_years(need)
    year_tables_missing(TABLES, need)   # the tables declaring the data they need a year's rows of
    market_year_ends(need)
    chapter_rows(need, sections, components)
    return need.out


def year_end_holdings(need: Needs) -> set[str]:
    """Year-end holdings and the policy they are measured against; returns the components of the policy in force."""
    data, fy = need.data, need.fy
    policy = policy_in_force(data["policies"], era.fiscal_year_end(fy))
    if policy is None:
        need("policies", f"no 基本ポートフォリオ in force at {era.fiscal_year_end(fy)}", "add the policy with its effective_from")
    totals = {r["group"] for r in data["holdings_totals"].where(fiscal_year=fy)}
    if set(GROUPS) - totals:
        need("holdings_totals", f"no {', '.join(g for g in GROUPS if g not in totals)} total",
             f"add rows fiscal_year={fy} with group {', '.join(g for g in GROUPS if g not in totals)} (as the ledger prints them)")
    components = {r["component"] for r in data["policy_allocations"].where(policy_id=policy["policy_id"])} if policy else set()
    classes = {r["asset_class"] for r in data["asset_classes"]}
    wanted = sorted((components & classes) | set(PRINTED_CLASSES), key=lambda c: next(
        r["order"] for r in data["asset_classes"] if r["asset_class"] == c))
    held = {r["asset_class"] for r in data["holdings"].where(fiscal_year=fy)}
    if set(wanted) - held:
        need("holdings", f"no year-end amount of {', '.join(c for c in wanted if c not in held)}",
             f"add a row fiscal_year={fy} for each (one per asset class)")
    if policy and not [r for r in data["policy_risk_return"].where(policy_id=policy["policy_id"])]:
        need("policy_risk_return", f"no 期待収益率・標準偏差 of policy {policy['policy_id']}", "add its adoption row")
    return components


def return_years(need: Needs, carried: set[tuple]) -> None:
    """運用利回りの推移: five years in the table, ten for the averages (or the average carried), and the chart's ten
    years (or their gaps declared)."""
    data, fy, gaps = need.data, need.fy, need.gaps
    returns = {(r["fiscal_year"], r["segment"]): r for r in data["investment_returns"]}
    for seg in GROUPS:
        absent = [y for y in range(fy - 4, fy + 1) if returns.get((y, seg)) is None
                  or returns[(y, seg)]["income"] is None or returns[(y, seg)]["yield"] is None]
        if absent:
            need.say(f"{FILE.format('investment_returns')}: no 運用損益額 or 運用利回り of {SEGMENT_JA[seg]} (segment {seg}) "
                     f"for {years_text(absent)}: the {need.label} report prints five years; add the rows")
        for measure, figure in (("income", "income_avg_10y"), ("yield", "yield_avg_10y")):
            window = [y for y in range(fy - HISTORY_YEARS + 1, fy + 1) if returns.get((y, seg)) is None or returns[(y, seg)][measure] is None]
            if window and (fy, figure, seg) not in carried and not set(window) & set(absent):
                need.say(f"{FILE.format('investment_returns')}: no {'運用損益額' if measure == 'income' else '運用利回り'} "
                         f"of {SEGMENT_JA[seg]} for {years_text(window)}, which the 10-year average of the {need.label} "
                         f"report needs: add them, or carry the published average in data/unyo/carried_figures.csv "
                         f"(fiscal_year {fy}, figure {figure}, key {seg}, with its source and reason)")
        if seg != "all":
            history = [y for y in range(fy - HISTORY_YEARS + 1, fy + 1)
                       if returns.get((y, seg)) is None or returns[(y, seg)]["yield"] is None]
            undeclared = [y for y in gaps.undeclared("investment_returns", history, seg) if y not in absent]
            if undeclared:
                need.say(f"{FILE.format('investment_returns')}: no 運用利回り of {SEGMENT_JA[seg]} for "
                         f"{years_text(undeclared)}, which the chart of the {need.label} report covers: add the rows, or "
                         f"declare the gap in data/unyo/gaps.csv (resource investment_returns, key {seg}, with the reason)")


def balance_years(need: Needs) -> None:
    """運用資産額・責任準備金・利益剰余金: ten year ends."""
    data, fy = need.data, need.fy
    balances = {r["fiscal_year"]: r for r in data["balance_history"]}
    absent = [y for y in range(fy - HISTORY_YEARS + 1, fy + 1) if balances.get(y) is None
              or None in (balances[y]["total_assets"], balances[y]["policy_reserve"], balances[y]["surplus"])]
    if absent:
        need("balance_history", f"no 運用資産額, 責任準備金 or 利益剰余金 for {years_text(absent)}",
             "the report prints ten year ends; add the rows")


def cash_flow_years(need: Needs) -> None:
    """キャッシュ・フロー: ten years up to the last year with data; later years declared."""
    data, fy, gaps = need.data, need.fy, need.gaps
    flows = {r["fiscal_year"] for r in data["cash_flows"]}
    last = max((y for y in flows if y <= fy), default=None)
    if last is None:
        if gaps.undeclared("cash_flows", [fy]):
            need("cash_flows", "no cash flows", f"add the ten years up to {fy}, or declare the gap in data/unyo/gaps.csv")
    else:
        later = gaps.undeclared("cash_flows", range(last + 1, fy + 1))
        inside = gaps.undeclared("cash_flows", [y for y in range(last - 9, last) if y not in flows])
        if later or inside:
            need("cash_flows", f"no cash flows for {years_text(later + inside)}",
                 "add the rows, or declare the gap in data/unyo/gaps.csv with its reason")


def market_year_ends(need: Needs) -> None:
    """市場環境: the year end and the nine before it, every index."""
    data, fy, gaps = need.data, need.fy, need.gaps
    end = era.fiscal_year_end(fy)
    levels = {(r["date"], r["index"]) for r in data["market_indices"]}
    codes = [i["index"] for i in indices(data["indices"])]
    if not gaps.row("market_indices", fy):
        years = [y for y in range(fy - HISTORY_YEARS + 1, fy + 1) if not gaps.row("market_indices", y)]
        dates = [era.fiscal_year_end(y) for y in years]
        first = next((d for d in dates if any((d, i) in levels for i in codes)), None)
        shown = dates[dates.index(first):] if first else [end]
        absent = sorted({d for d in shown for i in codes if (d, i) not in levels})
        if absent:
            need("market_indices", f"no levels at {', '.join(d.isoformat() for d in absent)} (year ends the 市場環境 table "
                 f"prints) for some of {', '.join(codes)}", "add them, or declare the gap in data/unyo/gaps.csv")


def chapter_rows(need: Needs, sections: list[str], components: set[str]) -> None:
    """Single figures, the rows of the chapters the year lists, and a benchmark for each entrusted class of the
    policy."""
    data, fy = need.data, need.fy
    facts = {r["fact"] for r in data["year_facts"].where(fiscal_year=fy)}
    wanted_facts = ["lending_rate"] + (["funds_as_of"] if "funds" in sections else [])
    if set(wanted_facts) - facts:
        need("year_facts", f"no {', '.join(f for f in wanted_facts if f not in facts)}",
             f"add rows fiscal_year={fy} (lending_rate in %, funds_as_of a date)")
    if "funds" in sections:
        for name in ("funds", "fund_subtotals"):
            if not data[name].where(fiscal_year=fy):
                need(name, "no rows", "the chapter 運用中ファンド一覧 is listed for the year in data/unyo/sections.csv: "
                                      "add the year's funds, or end the chapter's validity before the year")
    if "governance" in sections and not data["committee_members"].where(fiscal_year=fy):
        need("committee_members", "no 資産運用委員 (the roster the chapter 運用ガバナンス体制 prints)",
             "add the year's roster, or end the chapter's validity in data/unyo/sections.csv before the year")
    management = {r["asset_class"]: r["management"] for r in data["asset_classes"]}
    entrusted = sorted(c for c in components if management.get(c) == "entrusted")
    benchmarked = {r["asset_class"] for r in data["benchmarks"]
                   if r["valid_from"] <= fy and (r["valid_to"] is None or fy <= r["valid_to"])}
    if set(entrusted) - benchmarked:
        need("benchmarks", f"no benchmark valid for {', '.join(c for c in entrusted if c not in benchmarked)}",
             "add the policy benchmark of each entrusted asset class with its validity")


def year_tables_missing(tables, need: Needs) -> None:
    """What the tables declaring ``data`` (kyosai.tablespec.TableSpec) demand of the year, said through ``need``: the
    year's rows of each such resource, or its gap declared in gaps.csv; and the published total row a table names."""
    data, fy, gaps = need.data, need.fy, need.gaps
    for spec in tables:
        if spec.data is None:
            continue
        rows = data[spec.data].where(fiscal_year=fy)
        if not rows and gaps.undeclared(spec.data, [fy]):
            need(spec.data, f"no {spec.title} (the table {spec.id})",
                 f"add the rows for fiscal_year {fy}, or declare the gap in data/unyo/gaps.csv")
        if rows and spec.total_row and not rows.where(**{spec.total_row[0]: spec.total_row[1]}):
            need(spec.data, f"no total row ({spec.total_row[0]} {spec.total_row[1]})",
                 f"add the published total for fiscal_year {fy}")


def carried_keys(rows: Rows) -> set[tuple]:
    """(fiscal_year, figure, key) of every carried published figure."""
    return {(r["fiscal_year"], r["figure"], r["key"]) for r in rows if r["figure"] in CARRIED}
