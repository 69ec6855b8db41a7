"""The analysis's chapters on the finances (seed 003 §1–§4, seed 004): the cash flows, the 基礎的な収益 and
自家運用損益 ÷ 責任準備金, the 利益剰余金・繰越欠損金 with the 日経平均, the 繰越欠損金削減計画 against its outcome, the
projections of the 責任準備金 and the 基本ポートフォリオ against the 必要な運用利回り."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .. import era
from ..carried import Carried
from ..cashflows import flow_rows
from ..dataio import DataError, Rows
from ..gaps import Gaps
from ..numbers import fmt_number
from ..qa import QA, sum_check
from ..texts import join_ja
from .common import (FILES, HUNDRED, ZERO, by_year, compare_sources, declared_reasons, first_of_month, gap_reason,
                     line_ja, month_ja, ratio_bound, where, years_ja)

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
        ratio_gaps(data, rows, gaps, qa)
    interest_rate_gaps(data, rates, rate_gaps, qa)
    return {"rows": rows, "gaps": gaps, "rate_gaps": rate_gaps,
            "rate_gap_reasons": declared_reasons(data, "bunseki_interest_rates", rate_gaps),
            "rate_gaps_undeclared": Gaps(data["gaps"]).undeclared("bunseki_interest_rates", rate_gaps),
            "discrepancies": [{"fiscal_year": y, "value": d["value"], "other": d["other"], "source": d["row"]["source"],
                               "other_source": d["row"]["other_source"]} for y, d in sorted(as_printed.items()) if y <= fy]}


def ratio_gaps(data: dict, rows: list[dict], gaps: list[int], qa: QA) -> None:
    """The years without 自家運用損益 ÷ 責任準備金, in the QA log: which of the two the data lacks, and why."""
    no_a = [r["fiscal_year"] for r in rows if r["fiscal_year"] in gaps and r["self_income"] is None]
    no_b = [r["fiscal_year"] for r in rows if r["fiscal_year"] in gaps and r["policy_reserve"] is None]
    parts = []
    if no_a:
        parts.append(f"{years_ja(no_a)}の自家運用損益が {where('investment_returns')} にない: "
                     f"{gap_reason(data, 'investment_returns', no_a, 'self_managed')}")
    if no_b:
        parts.append(f"{years_ja(no_b)}の責任準備金が {where('balance_history')} にない")
    qa.add("gap", "自家運用損益÷責任準備金", f"{years_ja(gaps)}: " + "。".join(parts) + "。－と表示", ok=False)


def interest_rate_gaps(data: dict, rates: dict[int, dict], rate_gaps: list[int], qa: QA) -> None:
    """The years without 予定利率 or 10年国債金利, in the QA log with their declared reasons; a declaration the data
    has outgrown fails."""
    for g in data["gaps"].where(resource="bunseki_interest_rates"):
        have = [y for y in range(g["first_year"], g["last_year"] + 1)
                if rates.get(y, {}).get("assumed_rate") is not None and rates.get(y, {}).get("jgb_10y") is not None]
        if have:
            qa.fail(f"{where('gaps', g)}: declares the 予定利率 and 10年国債金利 missing in {', '.join(map(str, have))}, but "
                    f"{FILES['bunseki_interest_rates']} has them: shorten or remove the declaration")
    if rate_gaps:
        qa.add("gap", "予定利率・10年国債金利", f"{where('bunseki_interest_rates')} に{years_ja(rate_gaps)}の"
               f"予定利率または10年国債金利がない: {gap_reason(data, 'bunseki_interest_rates', rate_gaps)}。－と表示", ok=False)


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
    allocation = plan_allocation(data, policy, qa) if policy is not None else []
    risk_return = policy_risk_return(data, known, as_of, low, policy)
    realised, missing = realised_returns(data, plan["base"] + 1, fy, low, high)
    shown = [r for r in realised if r["yield"] is not None]
    if missing:
        qa.add("gap", "必要な運用利回りと実現した運用利回り", f"{where('investment_returns')} に{years_ja(missing)}の資産全体の"
               f"運用利回りがない: {gap_reason(data, 'investment_returns', missing, 'all')}。－と表示", ok=False)
    return {"policy": policy, "allocation": allocation, "risk_return": risk_return, "realised": realised,
            "required_min": low, "required_max": high, "missing": missing,
            "missing_reasons": declared_reasons(data, "investment_returns", missing, "all"),
            "missing_undeclared": Gaps(data["gaps"]).undeclared("investment_returns", missing, "all"),
            "years_shown": [r["fiscal_year"] for r in shown],
            "below": [r["fiscal_year"] for r in shown if r["position"] == "below"],
            "within": [r["fiscal_year"] for r in shown if r["position"] == "within"],
            "above": [r["fiscal_year"] for r in shown if r["position"] == "above"]}


def plan_allocation(data: dict, policy: dict, qa: QA) -> list[dict]:
    """The allocation and 許容乖離幅 of the plan's 基本ポートフォリオ, in the order the source prints them (004 別表2),
    their sum checked."""
    classes = {r["asset_class"]: r for r in data["asset_classes"]}
    allocation = []
    for r in data["policy_allocations"].where(policy_id=policy["policy_id"]):
        if r["band_basis"] == "overall":
            allocation.append({"component": r["component"],
                               "label_ja": classes[r["component"]]["name_ja"] if r["component"] in classes else r["component"],
                               "allocation": r["allocation"], "band": r["band"]})
    qa.record(sum_check(f"基本ポートフォリオ（{policy['label']}）資産配分の合計", [a["allocation"] for a in allocation],
                        HUNDRED, 1), where("policy_allocations"))
    return allocation


def policy_risk_return(data: dict, known: list[dict], as_of: dt.date, low: Decimal | None,
                       policy: dict | None) -> list[dict]:
    """The 期待収益率 and 標準偏差 of every policy known by the analysis's date, against the 必要な運用利回り."""
    labels = {r["policy_id"]: r["label"] for r in known}
    out = []
    for r in sorted(data["policy_risk_return"], key=lambda r: r["as_of"]):
        if r["policy_id"] not in labels or first_of_month(r["as_of"]) > as_of:
            continue
        out.append({"policy_id": r["policy_id"], "policy_label": labels[r["policy_id"]], "as_of": r["as_of"],
                    "as_of_ja": month_ja(r["as_of"]), "kind": r["kind"], "expected_return": r["expected_return"],
                    "std_dev": r["std_dev"],
                    "below_required": r["expected_return"] < low if low is not None else None,
                    "of_plan": policy is not None and r["policy_id"] == policy["policy_id"]})
    return out


def realised_returns(data: dict, first: int, fy: int, low: Decimal | None,
                     high: Decimal | None) -> tuple[list[dict], list[int]]:
    """(rows, years without it): the realised 運用利回り of all assets of every year from ``first`` to ``fy``, below,
    within or above the 必要な運用利回り."""
    returns = by_year(data["investment_returns"], segment="all")
    realised, missing = [], []
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
    return realised, missing
