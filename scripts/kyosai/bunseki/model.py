"""The model of 「小規模企業共済 運用環境と財政の分析（令和N年度）」: the analyses the 共済小委員会 and the 資産運用委員会
worked from (seed 003, 平成29年12月; seed 004, 平成21年8月), rebuilt every year from the data of the 運用状況
(data/unyo), of the 支給率 (data/shikyuritsu) and the few figures only the analysis needs (data/bunseki).

``build(data, fy)`` takes the checked data (kyosai.dataio.load_all) and returns a plain dict: every figure as an
exact Decimal, unrounded, each with its identity checked (parts against totals with kyosai.qa.sum_check, published
results against our computation with QA.carry), every gap of the data declared in the QA log, never filled. The
支給率 figures come from the engine (kyosai.shikyuritsu.engine). It raises DataError with every problem found,
before anything is written. No formatting here: the wording is kyosai.bunseki.view's.

The series run over the longest span the data covers up to the analysis's fiscal year (a year added to the data
extends them); the 支給率 chapters use every rate document the data holds, and set each earlier projection against
the outcome known by the analysis's fiscal year.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal

from .. import era
from ..carried import Carried
from ..cashflows import flow_rows
from ..dataio import LINE, DataError, Rows
from ..numbers import fmt_number, parse_number, round_half_up
from ..qa import QA, sum_check
from ..shikyuritsu import engine
from ..texts import fill, join_ja, sections_for
from ..gaps import Gaps
from .tables import CARRIED, RATE_PLACES, carried_format

DATA_SECTIONS = ("common", "unyo", "shikyuritsu", "bunseki")   # the folders of data/ this document reads
YEAR_RESOURCES = ("reports",)                                  # what years() reads: the 運用状況 years
ISSUER = "独立行政法人中小企業基盤整備機構（内部資料）"
ZERO, HUNDRED = Decimal(0), Decimal(100)
SIGMAS = (1, 2, 3)
FILES = {
    "cash_flows": "data/unyo/cash_flows.csv", "balance_history": "data/unyo/balance_history.csv",
    "investment_returns": "data/unyo/investment_returns.csv", "market_indices": "data/unyo/market_indices.csv",
    "surplus_events": "data/unyo/surplus_events.csv", "deficit_plan": "data/unyo/deficit_plan.csv",
    "reserve_projections": "data/unyo/reserve_projections.csv", "reports": "data/unyo/reports.csv",
    "carried_figures": "data/unyo/carried_figures.csv",
    "bunseki_carried_figures": "data/bunseki/carried_figures.csv", "bunseki_interest_rates": "data/bunseki/interest_rates.csv",
    "bunseki_outcome_measures": "data/bunseki/outcome_measures.csv", "bunseki_sections": "data/bunseki/sections.csv",
    "bunseki_source_discrepancies": "data/bunseki/source_discrepancies.csv", "gaps": "data/unyo/gaps.csv",
    "bunseki_rate_sources": "data/bunseki/rate_sources.csv", "bunseki_reserve_options": "data/bunseki/reserve_options.csv",
    "policies": "data/unyo/policies.csv", "policy_allocations": "data/unyo/policy_allocations.csv",
    "policy_risk_return": "data/unyo/policy_risk_return.csv",
    "shikyuritsu_rate_inputs": "data/shikyuritsu/rate_inputs.csv",
    "shikyuritsu_fiscal_projection": "data/shikyuritsu/fiscal_projection.csv",
    "shikyuritsu_retained_amounts": "data/shikyuritsu/retained_amounts.csv",
    "shikyuritsu_documents": "data/shikyuritsu/documents.csv",
}


def years(data: dict[str, Rows]) -> list[int]:
    """The fiscal years with an analysis: every 運用状況 year (one row each in data/unyo/reports.csv)."""
    return sorted(r["fiscal_year"] for r in data["reports"])


def where(name: str, row: dict | None = None, column: str | None = None) -> str:
    """data/<folder>/<file>.csv, line N, column C: where a figure stands in the data."""
    if row is None:
        return FILES[name]
    return f"{FILES[name]}, line {row[LINE]}" + (f", column {column}" if column else "")


def line_ja(name: str, row: dict) -> str:
    """data/<folder>/<file>.csv N行目: where a figure stands, as the QA log names it."""
    return f"{FILES[name]} {row[LINE]}行目"


_FY = re.compile(r"FY(\d{4})")


def era_years(text: str) -> str:
    """A note of the data as the QA log prints it: FY2017 → 平成29年度."""
    return _FY.sub(lambda m: era.fy_long(int(m.group(1))), text)


_LINES = re.compile(r"([+-]?)\b([a-z][a-z_]*[a-z])\b")


def lines_ja(text: str, lines: dict[str, dict]) -> str:
    """財政収支 令和7年度 contributions+other_revenue → 財政収支 令和7年度 ①掛金等収入＋④その他収入: the lines of the
    財政収支 a check names, as the 支給率 document prints them (its number and label)."""
    def one(m):
        line = lines.get(m.group(2))
        if line is None:
            return m.group(0)
        sign = {"+": "＋", "-": "－"}.get(m.group(1), "")
        return f"{sign}{line['ref'] or ''}{line['label_ja']}"
    return _LINES.sub(one, text)


def years_ja(years) -> str:
    return join_ja([era.fy_long(y) for y in years])


def gap_reason(data: dict, resource: str, years, key: str = "") -> str:
    """Why the data has no figure for ``years`` of ``resource`` (a segment ``key`` of it): the reasons data/unyo/gaps.csv
    declares, with where; 「理由の記載なし」 for years it does not declare."""
    gaps = Gaps(data["gaps"])
    rows, undeclared = [], []
    for y in years:
        g = gaps.row(resource, y, key)
        if g is None:
            undeclared.append(y)
        elif g not in rows:
            rows.append(g)
    parts = [f"{g['reason']}（{line_ja('gaps', g)}）" for g in rows]
    if undeclared:
        parts.append(f"{years_ja(undeclared)}は {FILES['gaps']} に理由の記載なし")
    return "。".join(parts)


def by_year(rows: Rows, **equal) -> dict[int, dict]:
    return {r["fiscal_year"]: r for r in rows.where(**equal)}


def ratio_bound(numerator: Decimal, denominator: Decimal, half_n: Decimal, half_d: Decimal) -> Decimal:
    """How far numerator / denominator can move when each is rounded by up to half_n / half_d."""
    base = numerator / denominator
    return max(abs((numerator + a) / (denominator + b) - base) for a in (-half_n, half_n) for b in (-half_d, half_d))


def compare_sources(qa: QA, subject: str, first: str, parts: list[tuple[int, Decimal]], second: str, value: Decimal,
                    places: int, at: str) -> bool:
    """The same figure as two sources print it (``parts``: (sign, figure) of the one figure, or of the lines that make
    it up), within the rounding of both (kyosai.qa.sum_check): 「004 別表1 85,660 と 003 85,661 の差 1（…の範囲内）」 in
    the QA log; a difference beyond rounding stops the build, naming ``at``."""
    check = sum_check(subject, [sign * p for sign, p in parts], value, places)
    terms = "".join((("" if sign > 0 else "−") if i == 0 else (" + " if sign > 0 else " − ")) + fmt_number(p, places)
                    for i, (sign, p) in enumerate(parts))
    if len(parts) > 1:
        terms += f" = {fmt_number(check.computed, places)}"
    text = f"{first} {terms} と {second} {fmt_number(value, places)}"
    diff = fmt_number(abs(check.difference), places)
    if check.exact:
        qa.add("identity", subject, text + ": 一致")
    elif check.ok:
        qa.add("rounding", subject, text + f"の差 {diff}（それぞれの端数処理で生じうる ±{check.tolerance} の範囲内）")
    else:
        qa.fail(f"{at}: {subject}: {first} {check.computed} vs {second} {value} differ by {check.difference}, more "
                f"than rounding allows (±{check.tolerance})")
        qa.add("identity", subject, text + f"の差 {diff}（端数の範囲を超える）", ok=False)
    return check.ok


def published_figures(data: dict, qa: QA) -> Carried:
    """The results the seeds print for figures this analysis computes (data/bunseki/carried_figures.csv, and the
    cash-flow rows of data/unyo/carried_figures.csv), reconciled with our computation (kyosai.carried) with the
    decimals and tolerance their tables declare (kyosai.bunseki.tables.CARRIED)."""
    return Carried([(FILES[name], data[name]) for name in ("carried_figures", "bunseki_carried_figures")],
                   CARRIED, carried_format, qa, required=False, cite_line=True)


# ---------------------------------------------------------------- 1 キャッシュ・フロー

def cash_flows(data: dict, fy: int, published: Carried, qa: QA) -> dict:
    """掛金収入, 共済金等支出, 収支差 (= a − b), 利金収入, 収支差 + 利金収入, 償還金: every year of the data up to ``fy``."""
    recs = sorted((r for r in data["cash_flows"] if r["fiscal_year"] <= fy), key=lambda r: r["fiscal_year"])
    rows = flow_rows(recs, published, "収支差（掛金収入－共済金等支出）", "収支差＋利金収入")
    span = [r["fiscal_year"] for r in rows]
    missing_inside = [y for y in range(span[0], span[-1] + 1) if y not in span] if span else []
    last = span[-1] if span else None
    if missing_inside:
        qa.add("gap", "キャッシュ・フロー", f"{where('cash_flows')} に{years_ja(missing_inside)}の行がない。"
               f"表はこれらの年度を掲載しない", ok=False)
    if last is None or last < fy:
        first_missing = (last or fy - 1) + 1
        qa.add("gap", "キャッシュ・フロー", f"{where('cash_flows')} に{era.fy_long(first_missing)}～"
               f"{era.fy_long(fy)}の行がない: {gap_reason(data, 'cash_flows', range(first_missing, fy + 1))}。系列は"
               f"{era.fy_long(last) if last else '－'}までとし、本文にその旨を記載", ok=False)
    return {"rows": rows, "first_year": span[0] if span else None, "last_year": last,
            "missing_from": (last + 1) if last is not None and last < fy else None}


# ---------------------------------------------------------------- 2 基礎的な収益, 自家運用損益 ÷ 責任準備金

def basic_profit(data: dict, fy: int, published: Carried, qa: QA) -> dict:
    """基礎的な収益 = 当期利益 − 委託運用収入 (003 ①-3 ⑪), from the first year the data has both to ``fy``."""
    hist = by_year(data["balance_history"])
    income = {"entrusted": by_year(data["investment_returns"], segment="entrusted")}

    def value(seg, y):
        r = income[seg].get(y)
        return r["income"] if r else None

    both = [y for y in hist if hist[y]["net_income"] is not None and value("entrusted", y) is not None and y <= fy]
    rows, gaps, no_net, no_ent = [], [], [], []
    if not both:
        qa.add("gap", "基礎的な収益", "当期利益と委託運用収入の両方がデータにある年度がない", ok=False)
        return {"rows": [], "gaps": [], "first_year": None}
    for y in range(min(both), fy + 1):
        net = hist[y]["net_income"] if y in hist else None
        ent = value("entrusted", y)
        computed = net - ent if net is not None and ent is not None else None
        fig = published.figure(y, "basic_profit", "all", computed, f"{era.fy_long(y)} 基礎的な収益（当期利益－委託運用収入）")
        if fig["value"] is None:
            gaps.append(y)
        rows.append({"fiscal_year": y, "net_income": net, "entrusted_income": ent, "basic_profit": fig["value"], "status": fig["status"]})
    if gaps:
        no_net = [y for y in gaps if y not in hist or hist[y]["net_income"] is None]
        no_ent = [y for y in gaps if value("entrusted", y) is None]
        parts = []
        if no_net:
            parts.append(f"{years_ja(no_net)}の当期利益が {where('balance_history')} にない")
        if no_ent:
            parts.append(f"{years_ja(no_ent)}の委託運用収入が {where('investment_returns')} にない: "
                         f"{gap_reason(data, 'investment_returns', no_ent, 'entrusted')}")
        qa.add("gap", "基礎的な収益", f"{years_ja(gaps)}: " + "。".join(parts) + "。－と表示", ok=False)
    return {"rows": rows, "gaps": gaps, "first_year": min(both), "missing": {"net_income": no_net, "entrusted": no_ent}}


# figure of data/bunseki/source_discrepancies.csv → (the data/unyo file holding the other source's figure, its column,
# the name of the figure in the QA log)
DISCREPANT = {"self_income": ("investment_returns", "income", "自家運用損益")}


def source_discrepancies(data: dict, figure: str, key: str, qa: QA) -> dict[int, dict]:
    """The figures of data/bunseki/source_discrepancies.csv for ``figure`` and ``key``: fiscal year → {"value", "other",
    "row"}, each listed in the QA log as 出典の不一致. A row whose figure data/unyo holds as well, or not at all, stops
    the build (there is no discrepancy to declare)."""
    resource, column, label = DISCREPANT[figure]
    held = {r["fiscal_year"]: r for r in data[resource].where(segment=key)}
    out = {}
    for r in data["bunseki_source_discrepancies"].where(figure=figure, key=key):
        y, other = r["fiscal_year"], held.get(r["fiscal_year"])
        other_value = other[column] if other else None
        if other_value is None:
            qa.fail(f"{where('bunseki_source_discrepancies', r, 'value')}: {FILES[resource]} has no {column} for "
                    f"{key} in fiscal year {y}: there is nothing to differ from")
            continue
        if other_value == r["value"]:
            qa.fail(f"{where('bunseki_source_discrepancies', r, 'value')}: {r['value']} is the figure "
                    f"{FILES[resource]} holds for {key} in fiscal year {y}: no discrepancy, remove the row")
            continue
        qa.add("discrepancy", f"{era.fy_long(y)} {label}",
               f"{r['source']} は {fmt_number(r['value'])}、{r['other_source']} は {fmt_number(other_value)}"
               f"（{line_ja(resource, other)}）: 差 {fmt_number(r['value'] - other_value)}。{r['reason']}"
               f"（{line_ja('bunseki_source_discrepancies', r)}）", ok=False)
        out[y] = {"value": r["value"], "other": other_value, "row": r}
    return out


def reserve_yield(data: dict, fy: int, published: Carried, qa: QA) -> dict:
    """自家運用損益 ÷ 責任準備金 ((A)/(B) of 003 ①-2) against the 予定利率 and the 10年国債金利（年度初）. (A) is the
    自家運用 運用損益 of data/unyo, except where 003 ①-2 prints another figure than the table data/unyo follows
    (data/bunseki/source_discrepancies.csv): there ①-2's, which its (A)/(B) is computed from."""
    hist = by_year(data["balance_history"])
    own = by_year(data["investment_returns"], segment="self_managed")
    as_printed = source_discrepancies(data, "self_income", "self_managed", qa)
    rates = by_year(data["bunseki_interest_rates"])
    known = [y for y in own if own[y]["income"] is not None and y in hist and hist[y]["policy_reserve"] is not None
             and y <= fy]
    if not known:
        return {"rows": [], "gaps": [], "rate_gaps": []}
    half = Decimal("0.5")
    rows, gaps, rate_gaps = [], [], []
    for y in range(min(known), fy + 1):
        a = as_printed[y]["value"] if y in as_printed else (own[y]["income"] if y in own else None)
        b = hist[y]["policy_reserve"] if y in hist else None
        computed = a / b * HUNDRED if a is not None and b else None
        tol = ratio_bound(a, b, half, half) * HUNDRED if computed is not None else None
        fig = published.figure(y, "reserve_ratio", "self_managed", computed,
                               f"{era.fy_long(y)} 自家運用損益÷責任準備金", tol)
        rr = rates.get(y, {})
        assumed, jgb = rr.get("assumed_rate"), rr.get("jgb_10y")
        if fig["value"] is None:
            gaps.append(y)
        if assumed is None or jgb is None:
            rate_gaps.append(y)
        rows.append({"fiscal_year": y, "self_income": a, "self_yield": own[y]["yield"] if y in own else None,
                     "self_income_other": as_printed[y]["other"] if y in as_printed else None,
                     "policy_reserve": b, "reserve_ratio": fig["value"], "status": fig["status"],
                     "assumed_rate": assumed, "jgb_10y": jgb,
                     "margin": fig["value"] - assumed if fig["value"] is not None and assumed is not None else None,
                     "jgb_margin": jgb - assumed if jgb is not None and assumed is not None else None})
    if gaps:
        no_a = [r["fiscal_year"] for r in rows if r["fiscal_year"] in gaps and r["self_income"] is None]
        no_b = [r["fiscal_year"] for r in rows if r["fiscal_year"] in gaps and r["policy_reserve"] is None]
        parts = []
        if no_a:
            parts.append(f"{years_ja(no_a)}の自家運用損益が {where('investment_returns')} にない: "
                         f"{gap_reason(data, 'investment_returns', no_a, 'self_managed')}")
        if no_b:
            parts.append(f"{years_ja(no_b)}の責任準備金が {where('balance_history')} にない")
        qa.add("gap", "自家運用損益÷責任準備金", f"{years_ja(gaps)}: " + "。".join(parts) + "。－と表示", ok=False)
    declared = Gaps(data["gaps"])
    for g in data["gaps"].where(resource="bunseki_interest_rates"):     # a declaration the data has outgrown
        have = [y for y in range(g["first_year"], g["last_year"] + 1)
                if rates.get(y, {}).get("assumed_rate") is not None and rates.get(y, {}).get("jgb_10y") is not None]
        if have:
            qa.fail(f"{where('gaps', g)}: declares the 予定利率 and 10年国債金利 missing in {', '.join(map(str, have))}, but "
                    f"{FILES['bunseki_interest_rates']} has them: shorten or remove the declaration")
    rate_reasons = []     # the reasons data/unyo/gaps.csv declares for the years without rates, as the pack prints them
    for y in rate_gaps:
        g = declared.row("bunseki_interest_rates", y)
        if g is not None and g["reason"] not in rate_reasons:
            rate_reasons.append(g["reason"])
    if rate_gaps:
        qa.add("gap", "予定利率・10年国債金利", f"{where('bunseki_interest_rates')} に{years_ja(rate_gaps)}の"
               f"予定利率または10年国債金利がない: {gap_reason(data, 'bunseki_interest_rates', rate_gaps)}。－と表示", ok=False)
    return {"rows": rows, "gaps": gaps, "rate_gaps": rate_gaps, "rate_gap_reasons": rate_reasons,
            "rate_gaps_undeclared": declared.undeclared("bunseki_interest_rates", rate_gaps),
            "discrepancies": [{"fiscal_year": y, "value": d["value"], "other": d["other"], "source": d["row"]["source"],
                               "other_source": d["row"]["other_source"]} for y, d in sorted(as_printed.items()) if y <= fy]}


# ---------------------------------------------------------------- 3 利益剰余金・繰越欠損金と日経平均

def surplus_history(data: dict, fy: int, qa: QA) -> dict:
    """利益剰余金・繰越欠損金 and 日経平均 from the founding of 中小機構 (data/unyo/surplus_events.csv) to ``fy``'s year end,
    with 前年度末 + 当期利益 = 年度末 checked wherever the data has the 当期利益."""
    end = era.fiscal_year_end(fy)
    nikkei = {r["date"]: r["value"] for r in data["market_indices"].where(index="nikkei225")}
    points = [{"point": "founded", "date": r["date"], "label": f"{era.date_short(r['date'])} {r['label']}",
               "surplus": r["surplus"], "nikkei225": r["nikkei225"]}
              for r in data["surplus_events"] if r["date"] <= end]
    hist = {r["fiscal_year"]: r for r in data["balance_history"] if r["fiscal_year"] <= fy and r["surplus"] is not None}
    for y, r in hist.items():
        d = era.fiscal_year_end(y)
        points.append({"point": "fy_end", "date": d, "label": era.fy_end_short(y), "fiscal_year": y,
                       "surplus": r["surplus"], "net_income": r["net_income"], "nikkei225": nikkei.get(d)})
    points.sort(key=lambda p: p["date"])
    no_index = []
    for i, p in enumerate(points):
        prev = points[i - 1] if i else None
        p["surplus_change"] = p["surplus"] - prev["surplus"] if prev else None
        p["nikkei_change"] = ((p["nikkei225"] / prev["nikkei225"] - 1) * HUNDRED
                              if prev and p["nikkei225"] is not None and prev["nikkei225"] is not None else None)
        if p["nikkei225"] is None:
            no_index.append(p["label"])
    for y in sorted(hist):
        before = hist.get(y - 1)
        if before is not None and hist[y]["net_income"] is not None:
            qa.record(sum_check(f"{era.fy_end_short(y)} 利益剰余金: 前年度末 + 当期利益と年度末",
                                [before["surplus"], hist[y]["net_income"]], hist[y]["surplus"]),
                      where("balance_history", hist[y], "surplus"))
    if no_index:
        qa.add("gap", "日経平均", f"{where('market_indices')} に{join_ja(no_index)}の日経平均がない（資料000の市場指標の"
               f"水準はテキストの抽出時に失われた）。表は－と表示し、グラフにはこれらの時点を描かない", ok=False)
    year_ends = [p for p in points if p["point"] == "fy_end"]
    worst = min(year_ends, key=lambda p: p["surplus"]) if year_ends else None
    deficit = {"worst": None}
    if worst is not None and worst["surplus"] < 0:
        later = [p for p in year_ends if p["date"] > worst["date"]]
        cleared = next((p for p in later if p["surplus"] >= 0), None)
        negatives = [p for p in later if p["surplus"] < 0]
        last_negative = negatives[-1] if negatives else None
        since = next((p for p in later if last_negative is None or p["date"] > last_negative["date"]), None)
        deficit = {"worst": worst, "cleared": cleared,
                   "relapse": last_negative if cleared and last_negative and last_negative["date"] > cleared["date"] else None,
                   "positive_since": since if cleared else None}
    return {"rows": points, "no_index": no_index, "deficit": deficit, "latest": year_ends[-1] if year_ends else None}


# ---------------------------------------------------------------- 4 繰越欠損金削減計画と実績

def plan_items(rows: Rows) -> dict:
    """繰越欠損金削減計画 (data/unyo/deficit_plan.csv) typed: dates, years and amounts."""
    raw = {r["item"]: r for r in rows}
    need = ("adopted", "base_fiscal_year", "deficit", "years_min", "years_max")
    missing = [n for n in need if n not in raw]
    if missing:
        raise DataError([f"{FILES['deficit_plan']}: no row for {', '.join(missing)}"])
    # typed by the schema (data/datapackage.yaml, deficit_plan values by item): dates, whole years, Decimals
    return {k: int(r["value"]) if r["unit"] in ("fiscal_year", "年") and r["value"] is not None else r["value"]
            for k, r in raw.items()}


def deficit_plan(data: dict, fy: int, published: Carried, surplus: dict, qa: QA) -> dict:
    """The 2009 plan (004) against the actual 利益剰余金: its straight paths to elimination in the shortest and the
    longest term, the first period's target, and the year the deficit actually cleared."""
    p = plan_items(data["deficit_plan"])
    base, deficit = p["base_fiscal_year"], p["deficit"]
    hist = {r["fiscal_year"]: r for r in data["balance_history"] if r["fiscal_year"] <= fy}
    row_2008 = {r["fiscal_year"]: r for r in data["balance_history"]}.get(base)
    if row_2008 is not None and row_2008["surplus"] is not None:
        compare_sources(qa, f"{era.fy_end_short(base)} 繰越欠損金", "004 §1(1)", [(1, deficit)], "003 ②",
                        row_2008["surplus"], 0, where("deficit_plan"))
    fast, slow = p["years_min"], p["years_max"]
    annual = {n: -deficit / n for n in (fast, slow)}

    def path(n, y):
        """The year-end balance on the straight path to elimination in n years: 0 once eliminated."""
        if y < base:
            return None
        return min(deficit + annual[n] * (y - base), ZERO)

    last = max(fy, base + slow)
    rows = []
    for y in range(base, last + 1):
        actual = hist[y]["surplus"] if y in hist else None
        slow_path = path(slow, y)
        rows.append({"fiscal_year": y, "actual": actual, "fast": path(fast, y), "slow": slow_path,
                     "ahead_of_slow": actual - slow_path if actual is not None and slow_path is not None else None})
    qa.add("derived", "削減計画の経路", f"{era.fy_end_short(base)} {fmt_number(deficit)} から均等に削減: {fast}年なら年 "
           f"{fmt_number(annual[fast], 2)}、{slow}年なら年 {fmt_number(annual[slow], 2)}（004 §2(2) は「年間約{p.get('annual_reduction_min')}～"
           f"{p.get('annual_reduction_max')}億円程度」と概数で記載）。解消は{era.fy_long(base + fast)}～{era.fy_long(base + slow)}")
    reserves = {r["case"]: r for r in data["reserve_projections"].where(fiscal_year=base)}
    reserve_base = next((r["amount"] for r in reserves.values() if r["kind"] == "actual"), None)
    ratio, ratio_status = None, None
    if reserve_base:
        tol = ratio_bound(deficit, reserve_base, Decimal("0.5"), Decimal("0.5")) * HUNDRED
        fig = published.figure(base, "deficit_ratio", "all", deficit / reserve_base * HUNDRED,
                               f"{era.fy_end_short(base)} 繰越欠損金÷責任準備金", tol)
        ratio, ratio_status = fig["value"], fig["status"]
    first_target = p.get("first_period_target")
    first_end = base + 5   # 第2期中期計画期間 H21–H25 (004 §1(2)①)
    first_actual = (hist[first_end]["surplus"] - deficit) if first_end in hist and hist[first_end]["surplus"] is not None else None
    d = surplus["deficit"]
    summary = {
        "deficit": deficit, "reserve_at_base": reserve_base, "deficit_ratio": ratio, "deficit_ratio_status": ratio_status,
        "years_min": Decimal(fast), "years_max": Decimal(slow),
        "annual_reduction_fast": annual[fast], "annual_reduction_slow": annual[slow],
        "annual_reduction_min": p.get("annual_reduction_min"), "annual_reduction_max": p.get("annual_reduction_max"),
        "resolve_from": Decimal(base + fast), "resolve_to": Decimal(base + slow),
        "first_period_target": first_target, "first_period_actual": first_actual,
        "worst_year": Decimal(d["worst"]["fiscal_year"]) if d["worst"] else None,
        "cleared_year": Decimal(d["cleared"]["fiscal_year"]) if d["worst"] and d["cleared"] else None,
        "positive_since": Decimal(d["positive_since"]["fiscal_year"]) if d["worst"] and d["positive_since"] else None,
    }
    if first_actual is None:
        qa.add("gap", "第2期中期計画期間の削減実績", f"{era.fy_end_short(first_end)}は{era.fy_long(fy)}より後か、"
               f"{where('balance_history')} にない", ok=False)
    return {"plan": p, "base": base, "first_end": first_end, "path": rows, "summary": summary,
            "council": (p.get("council_target_from"), p.get("council_target_to"))}


def reserve_projections(data: dict, fy: int, qa: QA) -> dict:
    """責任準備金 projected in the 2009 plan (004 別表1), two cases, against the actual 責任準備金."""
    proj: dict[int, dict[str, dict]] = {}
    for r in data["reserve_projections"]:
        proj.setdefault(r["fiscal_year"], {})[r["case"]] = r
    actual = {r["fiscal_year"]: r["policy_reserve"] for r in data["balance_history"]
              if r["fiscal_year"] <= fy and r["policy_reserve"] is not None}
    if not proj:
        return {"rows": [], "base_year": None, "last_projection": None}
    first, last = min(proj), max(proj)
    rows = []
    for y in range(first, max(last, fy) + 1):
        cases = proj.get(y, {})
        w, wo = (cases[c]["amount"] if c in cases else None for c in ("with_reform", "without_reform"))
        a = actual.get(y)
        kinds = {r["kind"] for r in cases.values()}
        if "actual" in kinds and a is not None:
            for r in list(cases.values())[:1]:   # both cases start from the same 決算額
                compare_sources(qa, f"{era.fy_end_short(y)} 責任準備金", "004 別表1（計画の決算額）", [(1, r["amount"])],
                                "003 ①-2（実績）", a, 0, where("reserve_projections", r, "amount"))
        rows.append({"fiscal_year": y, "with_reform": w, "without_reform": wo, "actual": a,
                     "diff_with": a - w if a is not None and w is not None else None,
                     "diff_without": a - wo if a is not None and wo is not None else None,
                     "kind": "actual" if "actual" in kinds else ("projection" if kinds else None)})
    return {"rows": rows, "base_year": first, "last_projection": last}


def month_ja(month: str) -> str:
    """2009-08 → 平成21年8月."""
    year, m = map(int, month.split("-"))
    return era.month_long(year, m)


def portfolios(data: dict, fy: int, as_of: dt.date, plan: dict, qa: QA) -> dict:
    """The 基本ポートフォリオ the 2009 plan set to earn its 必要な運用利回り (004 §3(2), 別表2: the policy in effect at
    the plan's adoption, data/unyo/policies.csv), its allocation and 許容乖離幅; the 期待収益率 and 標準偏差 of every
    policy known by the analysis's date (adoption and verification, data/unyo/policy_risk_return.csv) against the
    必要な運用利回り (004 §2(3), data/unyo/deficit_plan.csv); and the realised 運用利回り of all assets of every year
    from the plan's first year to ``fy`` against it (data/unyo/investment_returns.csv), a year without it declared."""
    p = plan["plan"]
    low, high = p.get("required_return_min"), p.get("required_return_max")
    adopted = p.get("adopted")
    known = sorted((r for r in data["policies"] if r["effective_from"] <= as_of), key=lambda r: r["effective_from"])
    at_plan = [r for r in known if adopted is not None and r["effective_from"] <= adopted]
    policy = at_plan[-1] if at_plan else None
    classes = {r["asset_class"]: r for r in data["asset_classes"]}
    allocation = []
    if policy is not None:
        rows = [r for r in data["policy_allocations"].where(policy_id=policy["policy_id"]) if r["band_basis"] == "overall"]
        for r in rows:     # in the order the source prints them (004 別表2)
            allocation.append({"component": r["component"],
                               "label_ja": classes[r["component"]]["name_ja"] if r["component"] in classes else r["component"],
                               "allocation": r["allocation"], "band": r["band"]})
        qa.record(sum_check(f"基本ポートフォリオ（{policy['label']}）資産配分の合計", [a["allocation"] for a in allocation],
                            HUNDRED, 1), where("policy_allocations"))
    labels = {r["policy_id"]: r["label"] for r in known}
    risk_return = []
    for r in sorted(data["policy_risk_return"], key=lambda r: r["as_of"]):
        if r["policy_id"] not in labels or first_of_month(r["as_of"]) > as_of:
            continue
        risk_return.append({"policy_id": r["policy_id"], "policy_label": labels[r["policy_id"]], "as_of": r["as_of"],
                            "as_of_ja": month_ja(r["as_of"]), "kind": r["kind"], "expected_return": r["expected_return"],
                            "std_dev": r["std_dev"],
                            "below_required": r["expected_return"] < low if low is not None else None,
                            "of_plan": policy is not None and r["policy_id"] == policy["policy_id"]})
    returns = by_year(data["investment_returns"], segment="all")
    realised, missing = [], []
    first = plan["base"] + 1
    for y in range(first, fy + 1):
        r = returns.get(y)
        value = r["yield"] if r else None
        if value is None:
            missing.append(y)
        position = None if value is None or low is None or high is None else (
            "below" if value < low else "above" if value > high else "within")
        realised.append({"fiscal_year": y, "yield": value, "required_min": low, "required_max": high,
                         "vs_min": value - low if value is not None and low is not None else None,
                         "position": position})
    shown = [r for r in realised if r["yield"] is not None]
    if missing:
        qa.add("gap", "必要な運用利回りと実現した運用利回り", f"{where('investment_returns')} に{years_ja(missing)}の資産全体の"
               f"運用利回りがない: {gap_reason(data, 'investment_returns', missing, 'all')}。－と表示", ok=False)
    declared = Gaps(data["gaps"])
    reasons = []
    for y in missing:
        g = declared.row("investment_returns", y, "all")
        if g is not None and g["reason"] not in reasons:
            reasons.append(g["reason"])
    return {"policy": policy, "allocation": allocation, "risk_return": risk_return, "realised": realised,
            "required_min": low, "required_max": high, "missing": missing, "missing_reasons": reasons,
            "missing_undeclared": declared.undeclared("investment_returns", missing, "all"),
            "years_shown": [r["fiscal_year"] for r in shown],
            "below": [r["fiscal_year"] for r in shown if r["position"] == "below"],
            "within": [r["fiscal_year"] for r in shown if r["position"] == "within"],
            "above": [r["fiscal_year"] for r in shown if r["position"] == "above"]}


# ---------------------------------------------------------------- 5 支給率の推移と感応度

def first_of_month(month: str) -> dt.date:
    year, m = map(int, month.split("-"))
    return dt.date(year, m, 1)


class RateSources:
    """Which rate years an analysis may use, and where each 支給率 comes from (data/bunseki/rate_sources.csv).

    A rate year's figures may be used only if they were published on or before the analysis's own date (a document
    uses only what was known when it was written): a rate year is dated by its 支給率 document
    (data/shikyuritsu/documents.csv document_date), else by its ``inputs`` row here; a rate year of data/shikyuritsu
    with neither stops the build. The ``rate`` rows say where the 支給率 of each year of the history comes from: a
    document, or an inference (paid without a printed rate, or 0 because the sources say nothing was paid), each
    dated the same way (its ``document``, else the first of the month ``published``)."""

    def __init__(self, data: dict, as_of: dt.date, qa: QA):
        self.as_of = as_of
        self.qa = qa
        docs = {r["rate_fiscal_year"]: r for r in data["shikyuritsu_documents"]}
        self.published: dict[int, tuple[dt.date, str]] = {y: (r["document_date"], r["published"]) for y, r in docs.items()}
        self.rate_rows: list[dict] = []
        for r in data["bunseki_rate_sources"]:
            at = where("bunseki_rate_sources", r, "document")
            if r["last_fiscal_year"] < r["rate_fiscal_year"]:
                qa.fail(f"{where('bunseki_rate_sources', r, 'last_fiscal_year')}: {r['last_fiscal_year']} is before "
                        f"rate_fiscal_year {r['rate_fiscal_year']}")
                continue
            if r["document"] is not None:
                if r["document"] not in docs:
                    qa.fail(f"{at}: no 支給率 document for rate fiscal year {r['document']} in {FILES['shikyuritsu_documents']}")
                    continue
                date = (docs[r["document"]]["document_date"], docs[r["document"]]["published"])
            elif r["published"]:
                date = (first_of_month(r["published"]), r["published"])
            else:
                qa.fail(f"{at}: neither document nor published: the row has no date")
                continue
            if r["figure"] == "inputs":
                if r["basis"] != "published" or r["last_fiscal_year"] != r["rate_fiscal_year"]:
                    qa.fail(f"{where('bunseki_rate_sources', r, 'basis')}: an inputs row is for one year, basis published")
                    continue
                if r["rate_fiscal_year"] in docs:
                    qa.fail(f"{where('bunseki_rate_sources', r, 'rate_fiscal_year')}: {r['rate_fiscal_year']} has a 支給率 "
                            f"document in {FILES['shikyuritsu_documents']}, which dates it: remove the row")
                    continue
                self.published[r["rate_fiscal_year"]] = date
            else:
                if r["basis"] == "published":
                    qa.fail(f"{where('bunseki_rate_sources', r, 'basis')}: a rate row's basis is document, "
                            f"paid_not_printed or inferred_zero")
                    continue
                self.rate_rows.append({**r, "date": date[0], "month": date[1]})
        held = {r["rate_fiscal_year"] for name in ("shikyuritsu_rate_inputs", "shikyuritsu_fiscal_projection",
                                                    "shikyuritsu_surplus_components") for r in data[name]}
        undated = sorted(held - set(self.published))
        if undated:
            qa.fail(f"data/shikyuritsu: rate fiscal year {', '.join(map(str, undated))} has no date: add its row to "
                    f"{FILES['shikyuritsu_documents']} or {FILES['bunseki_rate_sources']}")

    def known(self, rate_fy: int) -> bool:
        return rate_fy in self.published and self.published[rate_fy][0] <= self.as_of

    def later(self, years) -> list[int]:
        """The rate years among ``years`` published after the analysis's date."""
        return sorted(y for y in set(years) if y in self.published and not self.known(y))

    def month_ja(self, rate_fy: int) -> str:
        year, month = map(int, self.published[rate_fy][1].split("-"))
        return era.month_long(year, month)

    # the history's status (rate_history) → the basis a rate row must declare for the year
    BASIS = {"document": "document", "paid": "paid_not_printed", "none_before_first": "inferred_zero",
             "none_not_retained": "inferred_zero"}

    def rate_source(self, y: int, status: str) -> dict | None:
        """The rate row covering year ``y``, checked against ``status``: one row, of the matching basis, published by the
        analysis's date; a problem stops the build (None is returned with it)."""
        rows = [r for r in self.rate_rows if r["rate_fiscal_year"] <= y <= r["last_fiscal_year"]]
        if len(rows) != 1:
            self.qa.fail(f"{FILES['bunseki_rate_sources']}: rate fiscal year {y} is covered by {len(rows)} rate rows "
                         f"(lines {', '.join(str(r[LINE]) for r in rows) or '-'}): every year of the rate history needs one")
            return None
        r = rows[0]
        if r["basis"] != self.BASIS[status]:
            self.qa.fail(f"{where('bunseki_rate_sources', r, 'basis')}: {r['basis']} for rate fiscal year {y}, but the "
                         f"data implies {self.BASIS[status]} ({status})")
            return None
        if r["date"] > self.as_of:
            self.qa.fail(f"{where('bunseki_rate_sources', r, 'document')}: the source of the rate of {y} is dated "
                         f"{r['date']}, after the analysis ({self.as_of})")
            return None
        return r


def document_years(data: dict, sources: RateSources | None = None) -> list[int]:
    """Rate fiscal years with a 支給率 document in the data: a documents.csv row, the 発生見込総額 and the イ〜ホ rows
    (the same rule as the 支給率 document's own); with ``sources``, only those published by the analysis's date."""
    docs = {r["rate_fiscal_year"] for r in data["shikyuritsu_documents"]}
    totals = {r["rate_fiscal_year"] for r in data["shikyuritsu_rate_inputs"] if r["item"] == "assumed_benefits_total"}
    years = docs & totals & {r["rate_fiscal_year"] for r in data["shikyuritsu_surplus_components"]}
    return sorted(y for y in years if sources is None or sources.known(y))


def items_of(data: dict, rate_fy: int) -> dict[str, dict]:
    return {r["item"]: r for r in data["shikyuritsu_rate_inputs"].where(rate_fiscal_year=rate_fy)}


def base_rate(data: dict, rate_fy: int, published: Carried, qa: QA) -> dict | None:
    """支給率の基準となる率 = 剰余金見込額 ÷ 発生見込総額 where the data has both, reconciled with the printed rate
    (data/shikyuritsu/rate_inputs.csv published_base_rate, else data/bunseki/carried_figures.csv base_rate)."""
    items = items_of(data, rate_fy)
    n, d = (items.get(k, {}).get("value") for k in ("surplus_forecast", "assumed_benefits_total"))
    if n is None or d is None:
        return None
    half = Decimal("0.5")
    computed = engine.base_rate(n, d)
    tol = ratio_bound(n, d, half, half)
    label = f"{era.fy_long(rate_fy)}の支給率の基準となる率"
    printed = items.get("published_base_rate")
    if printed is not None and printed["value"] is not None:
        at = where("shikyuritsu_rate_inputs", printed, "value")
        r = qa.carry(label, computed, printed["value"], RATE_PLACES, tol, at,
                     f"{printed['source']}。{line_ja('shikyuritsu_rate_inputs', printed)}")
        return {"value": r.value, "status": r.status, "surplus": n, "assumed_benefits_total": d}
    fig = published.figure(rate_fy, "base_rate", "all", computed, label, tol)
    return {**fig, "surplus": n, "assumed_benefits_total": d}


def official_rate(data: dict, rate_fy: int, rm: dict, qa: QA) -> Decimal:
    """The 支給率 of a rate document: the engine's, checked against the rate from the printed 付加共済金原資 where the
    data has it (published_fund): the two must agree as printed."""
    calc = rm["calculation"]
    fund = items_of(data, rate_fy).get("published_fund")
    ours = round_half_up(calc.rate, RATE_PLACES)
    if fund is not None and fund["value"] is not None:
        theirs = fund["value"] / calc.assumed_benefits_total
        shown = round_half_up(theirs, RATE_PLACES)
        if shown != ours:
            qa.fail(f"{where('shikyuritsu_rate_inputs', fund, 'value')}: {era.fy_long(rate_fy)}の支給率 from the printed "
                    f"付加共済金原資 {fund['value']} is {shown}, the engine's {ours}: they must agree as printed")
        qa.add("identity", f"{era.fy_long(rate_fy)}の支給率",
               f"本書の計算値 {fmt_number(calc.rate, 8)} → {ours}、掲載された原資からの値 {fmt_number(fund['value'], 1)} / "
               f"{fmt_number(calc.assumed_benefits_total)} = {fmt_number(theirs, 8)} → {shown}"
               + (": 掲載の桁数で一致" if shown == ours else ": 掲載の桁数で異なる"), ok=shown == ours)
    else:
        qa.add("derived", f"{era.fy_long(rate_fy)}の支給率", f"{fmt_number(calc.rate, 8)} → {ours}（計算値。データに掲載された原資はない）")
    return calc.rate


def rate_model(data: dict, rate_fy: int) -> dict:
    try:
        return engine.rate_model(data, rate_fy)
    except ValueError as exc:
        raise DataError([f"data/shikyuritsu: {exc}"]) from None


def rate_history(data: dict, published: Carried, sources: RateSources, qa: QA) -> tuple[list[dict], dict]:
    """Every rate year from the introduction of the 付加共済金 to the latest rate document known by the analysis's date:
    its 支給率 where a document in the data gives it, 0 where the sources say nothing was paid, and the years paid whose
    rate no document in the data prints (declared); the 基準となる率 where the data has its two figures."""
    docs = document_years(data, sources)
    if not docs:
        return [], {}
    models = {y: rate_model(data, y) for y in docs}
    latest_doc = next(r for r in data["shikyuritsu_documents"] if r["rate_fiscal_year"] == docs[-1])
    introduced = latest_doc["benefit_introduced"]
    paid = sorted({y for d in docs for y in engine.payout_years(data, d)})
    rates = {y: official_rate(data, y, models[y], qa) for y in docs}
    first = min(paid + [y for y in docs if rates[y] > 0]) if paid or any(rates.values()) else None
    inputs_years = {r["rate_fiscal_year"] for r in data["shikyuritsu_rate_inputs"] if sources.known(r["rate_fiscal_year"])}
    out, unknown = [], []
    for y in range(introduced, docs[-1] + 1):
        base = base_rate(data, y, published, qa) if y in inputs_years else None
        if y in docs:
            status, rate = "document", rates[y]
        elif y in paid:
            status, rate = "paid", None
            unknown.append(y)
        elif first is None or y < first:
            status, rate = "none_before_first", ZERO
        else:
            status, rate = "none_not_retained", ZERO
        src = sources.rate_source(y, status)
        out.append({"rate_fiscal_year": y, "base_rate": base["value"] if base else None,
                    "base_status": base["status"] if base else None, "rate": rate, "status": status,
                    "rate_basis": src["basis"] if src else None, "rate_source": src["source_ja"] if src else "",
                    "rate_source_line": src[LINE] if src else None})
    qa.add("derived", "支給率の推移",
           f"対象は{era.fy_long(introduced)}（付加共済金の導入、{FILES['shikyuritsu_documents']}）から"
           f"{era.fy_long(docs[-1])}まで。{years_ja(docs)}の支給率は支給率の資料の公表値（本書の計算値と照合: "
           f"「{era.fy_long(docs[-1])}の支給率」）。{years_ja(paid)}は支給あり（各資料が"
           f"留保額を控除している年度、{FILES['shikyuritsu_retained_amounts']}）。{era.fy_long(first) if first else '－'}"
           f"より前（002 §1: 初めて支給）と、それ以後でどの資料にも留保額の記載がない年度は0（(第5回) 共済小委員会以降、"
           f"支給のたびにその一部を留保している）。これらの0は支給率の資料によらない推定で、表は「0（推定）」と表示し根拠を注記。"
           f"各年度の支給率の出所は {FILES['bunseki_rate_sources']} の記載（データの示す区分と照合）")
    for line in sorted({h["rate_source_line"] for h in out if h["rate_source_line"] is not None}):
        src = next(r for r in sources.rate_rows if r[LINE] == line)
        if src["basis"] == "inferred_zero":
            ys = [h["rate_fiscal_year"] for h in out if h["rate_source_line"] == line]
            span = era.fy_long(ys[0]) + ("" if len(ys) == 1 else f"～{era.fy_long(ys[-1])}")
            qa.add("derived", f"{span}の支給率",
                   f"0（推定）。支給率を掲載した資料はない。{src['source_ja']}による（{line_ja('bunseki_rate_sources', src)}）")
    if unknown:
        qa.add("gap", "支給率", f"{years_ja(unknown)}は支給があったが、これらの年度の支給率資料が data/shikyuritsu/ に"
               f"ない（いずれの資料にも支給率の掲載がない）。－と表示", ok=False)
    return out, {"docs": docs, "models": models, "paid": paid, "first_paid": first, "introduced": introduced,
                 "unknown": unknown, "rates": rates}


def risk_table(data: dict, published: Carried, sources: RateSources, qa: QA) -> list[dict]:
    """The 14-month 推計リスク at 1σ/2σ/3σ of every rate year known by the analysis's date with its μ and σ: computed
    from the printed 委託運用資産計算元本 where the data has it, and reconciled with the risks the document prints
    (data/bunseki/carried_figures.csv estimation_risk, key 1sigma…: the tolerance is the rounding of the printed base,
    ±0.5億円, times the level's factor; the formula the document prints uses μ and σ as printed); where the base is not
    printed (003, FY2018), the printed 1σ/2σ risks are kept and the base they imply is checked to be the same for both,
    marked as implied, and 3σ is computed from it."""
    out = []
    for y in sorted({r["rate_fiscal_year"] for r in data["shikyuritsu_rate_inputs"] if sources.known(r["rate_fiscal_year"])}):
        items = items_of(data, y)
        mu, sd, months = (items.get(k, {}).get("value") for k in ("expected_return", "std_dev", "horizon_months"))
        if mu is None or sd is None or months is None:
            continue
        base = items.get("entrusted_assets", {}).get("value")
        printed = {k: items[f"published_risk_{k}sigma"]["value"] for k in SIGMAS
                   if items.get(f"published_risk_{k}sigma", {}).get("value") is not None}
        basis = {}
        if base is None and printed:
            implied = {k: engine.implied_base_amount(v, mu, sd, months, Decimal(k)) for k, v in printed.items()}
            bounds = {k: Decimal("0.5") / engine.estimation_risk(Decimal(1), mu, sd, months, Decimal(k)) for k in printed}
            ks = sorted(implied)
            for a, b in zip(ks, ks[1:]):
                diff = abs(implied[a] - implied[b])
                ok = diff <= bounds[a] + bounds[b]
                if not ok:
                    qa.fail(f"{FILES['shikyuritsu_rate_inputs']}: {era.fy_long(y)} the printed {a}σ and {b}σ 推計リスク imply "
                            f"委託運用資産 {fmt_number(implied[a])} and {fmt_number(implied[b])}, more apart than their rounding allows")
                qa.add("identity", f"{era.fy_long(y)} 推計リスク {a}σ・{b}σ",
                       f"掲載された{a}σ {fmt_number(printed[a])}・{b}σ {fmt_number(printed[b])} から逆算した委託運用資産計算元本 "
                       f"{fmt_number(implied[a], 1)}、{fmt_number(implied[b], 1)}: 差 {fmt_number(diff, 1)}（それぞれの"
                       f"端数処理で生じうる ±{fmt_number(bounds[a] + bounds[b], 1)} の"
                       + ("範囲内）" if ok else "範囲を超える）"), ok=ok)
            base = implied[max(implied)]
            qa.add("derived", f"{era.fy_long(y)} 委託運用資産計算元本",
                   f"掲載なし（{items.get('entrusted_assets', {}).get('note') or 'rate_inputs.csv'}）。掲載された"
                   f"{max(implied)}σの推計リスクから逆算した {fmt_number(base, 1)}（逆算値）を、掲載のない水準の計算に用いる。"
                   f"表では逆算値と明示する")
            basis = {k: "published" for k in printed}
            base_basis = "implied"
        elif base is None:
            continue
        else:
            base_basis = "published"
        for k in SIGMAS:
            if basis.get(k) == "published":
                risk, status = printed[k], "published"
            elif basis:
                risk, status = engine.estimation_risk(base, mu, sd, months, Decimal(k)), "derived"
            else:
                computed = engine.estimation_risk(base, mu, sd, months, Decimal(k))
                factor = engine.estimation_risk(Decimal(1), mu, sd, months, Decimal(k))
                fig = published.figure(y, "estimation_risk", f"{k}sigma", computed,
                                       f"{era.fy_long(y)} 推計リスク {k}σ", abs(factor) * Decimal("0.5"))
                risk, status = fig["value"], fig["status"]
            p = engine.shortfall_probability(Decimal(k))
            out.append({"rate_fiscal_year": y, "sigma": Decimal(k), "probability": p,
                        "once_in_years": Decimal(engine.once_in_years(p)), "base": base, "base_basis": base_basis,
                        "expected_return": mu, "std_dev": sd, "months": months, "risk": risk, "basis": status})
    return out


def sensitivity(data: dict, rate_fy: int, rm: dict, official: Decimal, qa: QA) -> dict | None:
    """The rate of the latest rate year under the scenarios of data/shikyuritsu/scenarios.csv (σ multiple, μ and σ ±1pt,
    案1 / 案2, 中退共): the engine's scenario table, the document's own method marked."""
    rows = rm["scenarios"]
    if not rows:
        return None
    inputs, method = rm["inputs"], rm["method"]
    out = []
    for s in rows:
        current = (s["method"] == "current" and s["sigma_multiple"] == method.risk_sigma and s["target"] is None
                   and s["expected_return"] == inputs.expected_return and s["std_dev"] == inputs.std_dev)
        out.append({**s, "official": "現行方式" if current else ""})
    cur = [s for s in out if s["official"]]
    if len(cur) != 1:
        qa.fail(f"data/shikyuritsu/scenarios.csv: {len(cur)} scenarios reproduce the method in force for "
                f"{era.fy_long(rate_fy)}; the sensitivity table needs exactly one")
    else:
        same = round_half_up(cur[0]["rate"], RATE_PLACES) == round_half_up(official, RATE_PLACES)
        qa.add("identity", f"{era.fy_long(rate_fy)} 感応度: 現行方式の試算と支給率",
               f"現行方式の試算 {round_half_up(cur[0]['rate'], RATE_PLACES)}、支給率 {round_half_up(official, RATE_PLACES)}"
               + (": 掲載の桁数で一致" if same else ": 掲載の桁数で異なる"), ok=same)
        if not same:
            qa.fail(f"data/shikyuritsu/scenarios.csv: the scenario {cur[0]['scenario_id']} does not reproduce the "
                    f"{era.fy_long(rate_fy)} 支給率")
    for s in out:
        if s["basis"] == "assumption":
            qa.add("note", f"感応度 {s['label_ja']}", f"{era_years(s['note'])}（data/shikyuritsu/scenarios.csv）")
    fund = items_of(data, rate_fy).get("published_fund")     # the 現行方式 row carries it (engine.scenario_table)
    return {"rate_fiscal_year": rate_fy, "rows": out, "official": official, "risk_sigma": method.risk_sigma,
            "published_fund": fund["value"] if fund else None,
            "fund_share": method.fund_share, "surplus": inputs.surplus, "retained": inputs.retained,
            "assumed_benefits_total": inputs.assumed_benefits_total}


def early_base_rates(data: dict, published: Carried, sources: RateSources, qa: QA) -> list[dict]:
    """Where no 支給率 document is known by the analysis's date: the 基準となる率 of the rate years whose figures an
    earlier source printed (data/bunseki/rate_sources.csv inputs rows, known by then: 003's 平成29年度 0.01441)."""
    out = []
    for src in sorted(data["bunseki_rate_sources"].where(figure="inputs"), key=lambda r: r["rate_fiscal_year"]):
        y = src["rate_fiscal_year"]
        if not sources.known(y):
            continue
        base = base_rate(data, y, published, qa)
        if base is None:
            continue
        out.append({"rate_fiscal_year": y, "base_rate": base["value"], "base_status": base["status"],
                    "surplus": base["surplus"], "assumed_benefits_total": base["assumed_benefits_total"],
                    "rate": None, "status": None, "rate_basis": None, "rate_source": None, "base_source": src["source_ja"],
                    "rate_source_line": None, "published_ja": sources.month_ja(y)})
    return out


def reserve_options(data: dict, sources: RateSources, qa: QA) -> list[dict]:
    """案1 / 案2 as their source words them (data/bunseki/reserve_options.csv), those published by the analysis's
    date; the target is the scenario's (data/shikyuritsu/scenarios.csv), and the wording must name it."""
    scenarios = {s["scenario_id"]: s for s in data["shikyuritsu_scenarios"]}
    out = []
    for r in data["bunseki_reserve_options"]:
        if first_of_month(r["published"]) > sources.as_of:
            continue
        s = scenarios[r["scenario_id"]]
        if s["target"] is None or f"{fmt_number(s['target'])}億円" not in r["rule_ja"]:
            qa.fail(f"{where('bunseki_reserve_options', r, 'rule_ja')}: does not name the target of scenario "
                    f"{r['scenario_id']} (data/shikyuritsu/scenarios.csv target {s['target']})")
            continue
        out.append({"scenario_id": r["scenario_id"], "label_ja": r["label_ja"], "rule_ja": r["rule_ja"],
                    "target": s["target"], "source_ja": r["source_ja"], "published_ja": month_ja(r["published"])})
    return out


def rates(data: dict, published: Carried, sources: RateSources, qa: QA) -> dict:
    history, meta = rate_history(data, published, sources, qa)
    latest = meta["docs"][-1] if meta else None
    sens = sensitivity(data, latest, meta["models"][latest], meta["rates"][latest], qa) if latest else None
    date = era.date_long(sources.as_of)
    # a document reads only what was known on its date: a later 支給率 document is not even named here, so that its
    # rows leave this document as it was (tests/test_bunseki.py, test_a_later_document_changes_no_earlier_one)
    if latest is None:
        qa.add("gap", "支給率", f"本書の日付（{date}）までに公表された支給率資料が data/shikyuritsu/ にない。"
               "支給率の推移と感応度は掲載しない", ok=False)
    else:
        lines = {r["line"]: r for r in data["shikyuritsu_projection_lines"]}
        for y in meta["docs"]:
            for c in meta["models"][y]["checks"]:
                qa.record(dataclasses.replace(c, name=lines_ja(c.name, lines)), f"data/shikyuritsu (rate year {y})")
    early = early_base_rates(data, published, sources, qa) if latest is None else []
    return {"history": history, "early": early, "options": reserve_options(data, sources, qa),
            "latest": latest, "risk": risk_table(data, published, sources, qa), "sensitivity": sens,
            "paid": meta.get("paid", []), "first_paid": meta.get("first_paid"), "introduced": meta.get("introduced"),
            "unknown": meta.get("unknown", []), "documents": meta.get("docs", []), "as_of": sources.as_of}


# ---------------------------------------------------------------- 6 財政収支の予測と実績

_TERM = re.compile(r"([+-]?)([a-z_]+)")


def outcomes(data: dict, fy: int, sources: RateSources, qa: QA) -> dict:
    """Every 財政収支 figure an earlier 支給率 document projected (見込) for a fiscal year up to ``fy``, against its outcome:
    the 実績 a later 支給率 document prints for the same line, and the 運用状況 figure of the same measure
    (data/bunseki/outcome_measures.csv, the identity checked on every 実績 column the data holds)."""
    lines = {r["line"]: r for r in data["shikyuritsu_projection_lines"]}
    values: dict[tuple[int, int, str], dict] = {(r["rate_fiscal_year"], r["fiscal_year"], r["line"]): r
                                               for r in data["shikyuritsu_fiscal_projection"]}
    every = sorted({k[0] for k in values})
    docs = [d for d in every if sources.known(d)]     # what the analysis may use: published by its date
    measures = sorted(data["bunseki_outcome_measures"], key=lambda r: r["order"])
    hist = by_year(data["balance_history"])
    ir = {(r["fiscal_year"], r["segment"]): r for r in data["investment_returns"]}
    terms = {}
    for m in measures:
        parsed = [(-1 if s == "-" else 1, name) for s, name in _TERM.findall(m["projection_lines"])]
        unknown = [n for _, n in parsed if n not in lines]
        if unknown:
            qa.fail(f"{where('bunseki_outcome_measures', m, 'projection_lines')}: {', '.join(unknown)} not in "
                    f"data/shikyuritsu/fiscal_projection_lines.csv")
        wrong = [n for _, n in parsed if n in lines and lines[n]["unit"] != m["unit"]]
        if wrong:
            qa.fail(f"{where('bunseki_outcome_measures', m, 'unit')}: {m['unit']} but {', '.join(wrong)} is in "
                    f"{lines[wrong[0]]['unit']}")
        if m["actual_resource"] == "investment_returns" and not m["actual_segment"]:
            qa.fail(f"{where('bunseki_outcome_measures', m, 'actual_segment')}: investment_returns needs a segment")
        terms[m["measure"]] = parsed
    qa.raise_if_failed()

    def actual_row(m, y):
        return hist.get(y) if m["actual_resource"] == "balance_history" else ir.get((y, m["actual_segment"]))

    def actual_of(m, y):
        r = actual_row(m, y)
        return r[m["actual_column"]] if r else None

    def both_figures(m, rate_fy, y):
        """Where the two figures of a check stand: the 支給率 document's lines and the 運用状況's cell (and the measure)."""
        rows = [values[(rate_fy, y, n)] for _, n in terms[m["measure"]]]
        lines_at = f"line{'s' if len(rows) > 1 else ''} {', '.join(str(r[LINE]) for r in rows)}"
        return (f"{FILES['shikyuritsu_fiscal_projection']}, {lines_at} and "
                f"{where(m['actual_resource'], actual_row(m, y), m['actual_column'])} "
                f"(measure {m['measure']}, {where('bunseki_outcome_measures', m)})")

    def expression(m, rate_fy, y):
        """The measure's lines in a document's column: ([(sign, value)], the kinds of the figures)."""
        parts = [(s, values.get((rate_fy, y, n))) for s, n in terms[m["measure"]]]
        if any(v is None for _, v in parts):
            return None, None
        return [(s, v["value"]) for s, v in parts], {v["kind"] for _, v in parts}

    places = {"億円": 0, "%": 2}
    checked: dict[tuple[int, int], int] = {}    # (rate document, fiscal year) → measures checked
    # the mapping holds wherever a document known by this one's date prints a 実績 the 運用状況 data has up to ``fy``:
    # a later document's rows are checked by the documents that know it, never by an earlier one (whose tables and
    # build they must leave as they were); a disagreement names the file and line of both figures
    for m in measures:
        for rate_fy in docs:
            for y in sorted({k[1] for k in values if k[0] == rate_fy and k[1] <= fy}):
                parts, kinds = expression(m, rate_fy, y)
                a = actual_of(m, y)
                if parts is None or kinds != {"actual"} or a is None:
                    continue
                checked[(rate_fy, y)] = checked.get((rate_fy, y), 0) + 1
                compare_sources(qa, f"{era.fy_long(y)} {m['label_ja']}", f"{era.fy_long(rate_fy)}の支給率資料の実績",
                                parts, "運用状況", a, places[m["unit"]], both_figures(m, rate_fy, y))
    rows, pending = [], []
    for rate_fy in docs:
        projected = sorted({(k[1], k[2]) for k, v in values.items() if k[0] == rate_fy and v["kind"] == "projection"})
        for y, line in projected:
            if y > fy:
                continue
            later = [d for d in docs if d > rate_fy and values.get((d, y, line), {}).get("kind") == "actual"]
            if later:
                p, a = values[(rate_fy, y, line)]["value"], values[(later[0], y, line)]["value"]
                rows.append({"projected_in": rate_fy, "fiscal_year": y, "measure": line, "label_ja": lines[line]["label_ja"],
                             "basis": "document", "outcome_in": later[0], "projected": p, "actual": a,
                             "difference": a - p, "unit": lines[line]["unit"]})
        for y in sorted({y for y, _ in projected}):
            for m in measures:
                parts, kinds = expression(m, rate_fy, y)
                if parts is None or "projection" not in kinds:
                    continue
                a = actual_of(m, y) if y <= fy else None
                if a is None:
                    pending.append({"projected_in": rate_fy, "fiscal_year": y, "measure": m["measure"]})
                    continue
                p = sum((sign * v for sign, v in parts), ZERO)
                rows.append({"projected_in": rate_fy, "fiscal_year": y, "measure": m["measure"], "label_ja": m["label_ja"],
                             "basis": "unyo", "outcome_in": None, "projected": p, "actual": a, "difference": a - p,
                             "unit": m["unit"]})
    order = {m["measure"]: m["order"] for m in measures}
    rows.sort(key=lambda r: (r["projected_in"], r["fiscal_year"], r["basis"] != "unyo",
                             order.get(r["measure"], 99), lines.get(r["measure"], {}).get("order", 0)))
    date = era.date_long(sources.as_of)
    coverage = [{"document": d, "fiscal_year": y, "measures": n} for (d, y), n in sorted(checked.items())]

    def covered(c):
        return f"{era.fy_long(c['document'])}の支給率資料の{era.fy_long(c['fiscal_year'])}実績 {c['measures']}項目"

    mapping = "、".join(covered(c) for c in coverage)
    text = (f"本書の日付（{date}）までに公表された支給率資料（{years_ja(docs)}）の見込値のうち、{era.fy_long(fy)}までに"
            f"実績が判明したもの {len(rows)}項目、実績待ち {len(pending)}項目。" if docs else
            f"本書の日付（{date}）までに公表された支給率資料がデータにないため、見込と実績の対比はない。")
    if coverage:
        text += (f"{FILES['bunseki_outcome_measures']} の指標の対応（支給率資料の実績欄と運用状況の数値の一致）は、両方に"
                 f"数値のある{mapping}で確認")
    else:
        text += f"{FILES['bunseki_outcome_measures']} の指標の対応を確認できる実績はデータにない"
    qa.add("note", "財政収支の予測と実績", text)
    return {"rows": rows, "documents": docs, "pending": pending,
            "pending_years": sorted({p["fiscal_year"] for p in pending}),
            "checked": coverage}


# ---------------------------------------------------------------- the whole analysis

def build(data: dict, fy: int) -> dict:
    """Everything the analysis of fiscal year ``fy`` prints. Raises DataError on failed checks."""
    qa = QA()
    qa.unusual(data, DATA_SECTIONS)   # values outside their usual range (datapackage.yaml), to be confirmed
    reports = {r["fiscal_year"]: r for r in data["reports"]}
    if fy not in reports:
        raise DataError([f"{FILES['reports']}: no row for fiscal year {fy}: the analysis is made for every 運用状況 year"])
    meta = reports[fy]
    published = published_figures(data, qa)
    sources = RateSources(data, meta["document_date"], qa)
    year, month = map(int, meta["published"].split("-"))
    surplus = surplus_history(data, fy, qa)
    model = {
        "document": "bunseki",
        "fiscal_year": fy,
        "meta": {"published_ja": era.month_long(year, month), "issuer_ja": ISSUER, "document_date": meta["document_date"],
                 "source": meta["source"]},
        "cash_flows": cash_flows(data, fy, published, qa),
        "basic_profit": basic_profit(data, fy, published, qa),
        "reserve_yield": reserve_yield(data, fy, published, qa),
        "surplus": surplus,
        "deficit_plan": deficit_plan(data, fy, published, surplus, qa),
        "reserve_projections": reserve_projections(data, fy, qa),
        "portfolios": None,
        "rates": rates(data, published, sources, qa),
        "outcomes": outcomes(data, fy, sources, qa),
    }
    model["portfolios"] = portfolios(data, fy, meta["document_date"], model["deficit_plan"], qa)
    model["sections"] = sections_for(data["bunseki_sections"], fy,
                                     lambda text, at: fill(text, {"fy": era.fy_long(fy)}, f"data/bunseki/{at}", qa))
    if not model["sections"]:
        qa.fail(f"{FILES['bunseki_sections']}: no chapter is valid for {era.fy_long(fy)}")
    qa.raise_if_failed()
    model["qa"] = qa.entries
    return model
