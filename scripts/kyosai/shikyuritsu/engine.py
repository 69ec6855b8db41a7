"""付加共済金の支給率 (additional-benefit payout rate) of 小規模企業共済: the computation.

Pure functions on exact Decimals; the data comes from kyosai.dataio.load_all() (data/shikyuritsu/); the
document's model (kyosai.shikyuritsu.model) turns their results into the QA log.

    剰余金見込額          = イ − ロ − ハ − ニ + ホ                     (施行規則第10条の2第1項)
    支給率の基準となる率  = 剰余金見込額 / 仮定共済金等の発生見込総額
    推計リスク            = −委託運用資産 × (μ·h − kσ·√h),  h = 14/12 年
    付加共済金原資        = max(剰余金見込額 − 留保額 − 推計リスク − 潜在的損失額, 0) × 1/2
    支給率                = 付加共済金原資 / 仮定共済金等の発生見込総額

Which deductions and which share apply is data (method_decisions.csv), by the date of each
decision. Rounding: the source computes from unrounded figures and rounds half up (四捨五入) only
when it prints (PLACES); so does this module: nothing here rounds except ``as_printed`` and the
published conventions of the risk table (probability, 発生頻度).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from statistics import NormalDist

from .. import era
from ..dataio import Rows
from ..numbers import fmt_number, round_half_up
from ..qa import SumCheck, sum_check

Data = dict[str, Rows]

ZERO = Decimal(0)
HUNDRED = Decimal(100)
MONTHS_PER_YEAR = Decimal(12)

# Decimals as printed: amounts to 1億円, the 原資 to 0.1億円, rates to 5 decimals, probabilities in %.
PLACES = {"amount": 0, "fund": 1, "rate": 5, "probability": 2}

# 剰余金見込額 = イ − ロ − ハ − ニ + ホ
COMPONENT_SIGN = {
    "income": 1,                  # イ 運用収入・掛金等収入
    "benefits": -1,               # ロ 共済金等の支払いに充てる額
    "reserve_increase": -1,       # ハ 責任準備金に積み増す額
    "transfer_to_operations": -1,  # ニ 業務等経理に繰り入れる額
    "prior_surplus": 1,           # ホ 前年度末の剰余金
}
COMPONENT_KANA = {"income": "イ", "benefits": "ロ", "reserve_increase": "ハ",
                  "transfer_to_operations": "ニ", "prior_surplus": "ホ"}


# ---------------------------------------------------------------- 剰余金見込額 and the base rate

def surplus_forecast(components: dict[str, Decimal]) -> Decimal:
    """剰余金見込額 = イ − ロ − ハ − ニ + ホ, from the component totals keyed as COMPONENT_SIGN."""
    missing = [c for c in COMPONENT_SIGN if c not in components]
    if missing:
        raise ValueError(f"剰余金見込額: missing components {', '.join(missing)}")
    return sum((COMPONENT_SIGN[c] * components[c] for c in COMPONENT_SIGN), ZERO)


def base_rate(surplus: Decimal, assumed_benefits_total: Decimal) -> Decimal:
    """支給率の基準となる率 = 剰余金見込額 / 仮定共済金等の発生見込総額 (unrounded)."""
    return surplus / assumed_benefits_total


# ---------------------------------------------------------------- 推計リスク

def horizon_years(months: Decimal) -> Decimal:
    """推計期間 in years (14 months → 14/12)."""
    return Decimal(months) / MONTHS_PER_YEAR


def asset_change(base_amount: Decimal, expected_return: Decimal, std_dev: Decimal,
                 months: Decimal, sigma: Decimal) -> Decimal:
    """委託運用資産の増減 at the −kσ level: base × (μ·h − kσ·√h); μ and σ in %, per year."""
    h = horizon_years(months)
    return base_amount * (expected_return / HUNDRED * h - Decimal(sigma) * std_dev / HUNDRED * h.sqrt())


def estimation_risk(base_amount: Decimal, expected_return: Decimal, std_dev: Decimal,
                    months: Decimal, sigma: Decimal) -> Decimal:
    """推計リスク: the loss at the −kσ level, positive (printed ▲ in the source)."""
    return -asset_change(base_amount, expected_return, std_dev, months, sigma)


def implied_base_amount(risk: Decimal, expected_return: Decimal, std_dev: Decimal,
                        months: Decimal, sigma: Decimal) -> Decimal:
    """委託運用資産計算元本 that gives ``risk`` (for a document that prints the risk, not the base)."""
    return risk / estimation_risk(Decimal(1), expected_return, std_dev, months, sigma)


def normal_tail(sigma: Decimal) -> Decimal:
    """P(Z < −k) of the standard normal distribution, in %.

    The only floats in this module: statistics.NormalDist works on floats; the result is
    converted through its repr and is used for the probability column only.
    """
    return Decimal(repr(NormalDist().cdf(-float(sigma)))) * HUNDRED


def shortfall_probability(sigma: Decimal) -> Decimal:
    """水準以下に含まれる確率 (%) as the source tabulates it: half of what the two-sided ±kσ range
    leaves out, the range taken as usually printed to 0.01% (68.27 / 95.45 / 99.73%).

    This reproduces 15.87 / 2.28 / 0.14; the exact tail at 3σ, 0.13499%, would print 0.13.
    """
    inside = Decimal(repr(NormalDist().cdf(float(sigma)) - NormalDist().cdf(-float(sigma)))) * HUNDRED
    return (HUNDRED - round_half_up(inside, PLACES["probability"])) / 2


def once_in_years(probability: Decimal) -> int:
    """発生頻度 「N年に1度程度」: 1/p rounded half up to one significant figure.

    1/15.865% = 6.3 → 6, 1/2.275% = 44.0 → 40, 1/0.135% = 741 → 700 (the published 6 / 40 / 700).
    """
    years = HUNDRED / probability
    exponent = years.adjusted()  # power of ten of the leading digit
    return int(round_half_up(years.scaleb(-exponent)).scaleb(exponent))


@dataclass(frozen=True)
class RiskLevel:
    """One row of 正規分布における事象の発生確率."""
    sigma: Decimal          # 水準 (▲kσ)
    probability: Decimal    # 水準以下に含まれる確率 (%, as tabulated; see shortfall_probability)
    once_in_years: int      # 発生頻度 (N年に1度程度)
    risk: Decimal           # 損失見込み額 (億円, unrounded)


def risk_levels(inputs: "RateInputs", sigmas=(1, 2, 3)) -> list[RiskLevel]:
    """The 1σ/2σ/3σ table of the rate document."""
    _require(inputs, ("entrusted_assets", "expected_return", "std_dev", "horizon_months"), "推計リスク")
    rows = []
    for k in map(Decimal, sigmas):
        p = shortfall_probability(k)
        rows.append(RiskLevel(k, p, once_in_years(p),
                              estimation_risk(inputs.entrusted_assets, inputs.expected_return,
                                              inputs.std_dev, inputs.horizon_months, k)))
    return rows


# ---------------------------------------------------------------- the method (committee decisions)

@dataclass(frozen=True)
class Decision:
    """A statute rule or 共済小委員会 decision; parameters left None are unchanged by it."""
    decision_id: str
    decided_on: dt.date | None
    heading_month: str | None     # the month the source's heading prints, where it differs (YYYY-MM)
    body_ja: str
    text_ja: str
    fund_share: Decimal | None
    deduct_retained: bool | None
    risk_sigma: Decimal | None
    deduct_potential_loss: bool | None
    source: str
    note: str | None

    @property
    def date_ja(self) -> str:
        """平成27年12月14日 (empty for the statute)."""
        return era.date_long(self.decided_on) if self.decided_on else ""

    @property
    def heading_month_ja(self) -> str:
        """令和4年12月: the month of the explanation page's heading, as the source prints it."""
        if self.heading_month:
            year, month = map(int, self.heading_month.split("-"))
            return era.month_long(year, month)
        return era.month_long(self.decided_on.year, self.decided_on.month) if self.decided_on else ""


@dataclass(frozen=True)
class Method:
    """付加共済金原資の算定方法 in force for a rate year."""
    fund_share: Decimal            # 原資に充てる割合 (1/2)
    deduct_retained: bool          # 過年度の留保額を控除
    risk_sigma: Decimal | None     # 推計リスク (kσ); None = not deducted
    deduct_potential_loss: bool    # 満期保有債券の潜在的損失額を控除
    decisions: tuple[Decision, ...]


def load_decisions(tables: Data) -> list[Decision]:
    """The rows of method_decisions.csv, oldest first (the statute first)."""
    out = [Decision(r["decision_id"], r["decided_on"], r["heading_month"], r["body_ja"], r["text_ja"], r["fund_share"],
                    r["deduct_retained"], r["risk_sigma"], r["deduct_potential_loss"], r["source"], r["note"])
           for r in tables["shikyuritsu_method_decisions"]]
    return sorted(out, key=lambda d: d.decided_on or dt.date.min)


def in_force(decision: Decision, rate_fiscal_year: int) -> bool:
    """A decision applies to a rate year when made before that fiscal year starts (April 1)."""
    return decision.decided_on is None or decision.decided_on < dt.date(rate_fiscal_year, 4, 1)


def decisions_in_force(decisions: list[Decision], rate_fiscal_year: int) -> list[Decision]:
    return [d for d in sorted(decisions, key=lambda d: d.decided_on or dt.date.min)
            if in_force(d, rate_fiscal_year)]


def method_for(decisions: list[Decision], rate_fiscal_year: int) -> Method:
    """Fold the decisions in force, later ones overriding earlier ones."""
    active = decisions_in_force(decisions, rate_fiscal_year)
    state = {"fund_share": None, "deduct_retained": False, "risk_sigma": None, "deduct_potential_loss": False}
    for d in active:
        for name in state:
            value = getattr(d, name)
            if value is not None:
                state[name] = value
    if state["fund_share"] is None:
        raise ValueError(f"FY{rate_fiscal_year}: no decision in force sets fund_share")
    return Method(decisions=tuple(active), **state)


# ---------------------------------------------------------------- inputs of a rate year

@dataclass(frozen=True)
class RateInputs:
    rate_fiscal_year: int
    surplus: Decimal                       # 剰余金見込額 (as published)
    assumed_benefits_total: Decimal        # 仮定共済金等の発生見込総額
    entrusted_assets: Decimal | None = None  # 委託運用資産計算元本
    expected_return: Decimal | None = None   # 期待収益率 (%)
    std_dev: Decimal | None = None           # 標準偏差 (%)
    horizon_months: Decimal | None = None    # 推計期間 (月)
    retained: Decimal | None = None          # 過年度の留保額
    potential_loss: Decimal | None = None    # 満期保有債券の潜在的損失額


def _items(tables: Data, fy: int) -> dict[str, Decimal | None]:
    return {r["item"]: r["value"] for r in tables["shikyuritsu_rate_inputs"].where(rate_fiscal_year=fy)}


def retained_total(tables: Data, fy: int) -> Decimal | None:
    """過年度の留保額: the printed total, else the sum of the payout years if all are printed."""
    rows = tables["shikyuritsu_retained_amounts"].where(rate_fiscal_year=fy)
    total = [r["amount"] for r in rows if r["entry"] == "total"]
    if total and total[0] is not None:
        return total[0]
    years = [r["amount"] for r in rows if r["entry"] != "total"]
    if years and all(a is not None for a in years):
        return sum(years, ZERO)
    return None


def payout_years(tables: Data, fy: int) -> list[int]:
    """The earlier payout years whose 留保額 are deducted in rate year ``fy``."""
    rows = tables["shikyuritsu_retained_amounts"].where(rate_fiscal_year=fy)
    return sorted(int(r["entry"]) for r in rows if r["entry"] != "total")


def rate_inputs(tables: Data, fy: int) -> RateInputs:
    items = _items(tables, fy)
    for need in ("surplus_forecast", "assumed_benefits_total"):
        if items.get(need) is None:
            raise ValueError(f"FY{fy}: rate_inputs.csv has no {need}")
    return RateInputs(fy, items["surplus_forecast"], items["assumed_benefits_total"],
                      items.get("entrusted_assets"), items.get("expected_return"), items.get("std_dev"),
                      items.get("horizon_months"), retained_total(tables, fy), items.get("potential_loss"))


def _require(inputs: RateInputs, names, what: str) -> None:
    missing = [n for n in names if getattr(inputs, n) is None]
    if missing:
        raise ValueError(f"FY{inputs.rate_fiscal_year}: {what} needs {', '.join(missing)} (rate_inputs.csv)")


# ---------------------------------------------------------------- 付加共済金原資 and 支給率

def split_surplus(available: Decimal, fund_share: Decimal) -> tuple[Decimal, Decimal]:
    """(付加共済金原資, 留保額) of the amount left after deductions; nothing when it is not positive."""
    if available <= 0:
        return ZERO, ZERO
    fund = available * fund_share
    return fund, available - fund


def split_reserve_target_first(available: Decimal, fund_share: Decimal, target: Decimal,
                               retained_so_far: Decimal) -> tuple[Decimal, Decimal]:
    """案2 (003): retain up to the 目標積立額 first, then split the excess like the current method."""
    if available <= 0:
        return ZERO, ZERO
    gap = max(target - retained_so_far, ZERO)
    if available <= gap:
        return ZERO, available
    fund, kept = split_surplus(available - gap, fund_share)
    return fund, gap + kept


CHUTAIKYO_SHARE = Decimal("0.5")  # 中退共: 利益の見込額の2分の1を付加退職金に (003 参考 (2)②)


def split_single_year_target(available: Decimal, target: Decimal) -> tuple[Decimal, Decimal]:
    """中小企業退職金共済 (003 参考): below twice the 単年度目標額, retain the target and pay the
    rest; otherwise pay half."""
    if available <= 0:
        return ZERO, ZERO
    if available < 2 * target:
        fund = max(available - target, ZERO)
        return fund, available - fund
    return split_surplus(available, CHUTAIKYO_SHARE)


@dataclass(frozen=True)
class Calculation:
    """Every figure of one rate calculation, unrounded; ``as_printed`` rounds them."""
    rate_fiscal_year: int
    surplus: Decimal                 # 剰余金見込額
    assumed_benefits_total: Decimal  # 仮定共済金等の発生見込総額
    base_rate: Decimal               # 支給率の基準となる率
    retained: Decimal                # 過年度の留保額 (deducted; 0 if the method does not deduct it)
    risk: Decimal                    # 推計リスク (deducted; 0 if none)
    potential_loss: Decimal          # 潜在的損失額 (deducted; 0 if none)
    available: Decimal               # 控除後の剰余金見込額
    fund: Decimal                    # 付加共済金原資
    retained_this_year: Decimal      # 当年度の留保額
    rate: Decimal                    # 支給率
    method: Method


def calculate(inputs: RateInputs, method: Method, rule: str = "current",
              target: Decimal | None = None) -> Calculation:
    """The rate of one year under ``method``. rule: current (the method's share), reserve_target_first
    (案2, needs target) or single_year_target (中退共, needs target)."""
    retained = ZERO
    if method.deduct_retained:
        _require(inputs, ("retained",), "過年度の留保額")
        retained = inputs.retained
    risk = ZERO
    if method.risk_sigma is not None:
        _require(inputs, ("entrusted_assets", "expected_return", "std_dev", "horizon_months"), "推計リスク")
        risk = estimation_risk(inputs.entrusted_assets, inputs.expected_return, inputs.std_dev,
                               inputs.horizon_months, method.risk_sigma)
    potential_loss = ZERO
    if method.deduct_potential_loss:
        _require(inputs, ("potential_loss",), "潜在的損失額")
        potential_loss = inputs.potential_loss
    available = inputs.surplus - retained - risk - potential_loss
    if rule == "current":
        fund, kept = split_surplus(available, method.fund_share)
    elif rule in ("reserve_target_first", "single_year_target"):
        if target is None:
            raise ValueError(f"rule {rule} needs a target")
        if rule == "reserve_target_first":
            fund, kept = split_reserve_target_first(available, method.fund_share, target, inputs.retained or ZERO)
        else:
            fund, kept = split_single_year_target(available, target)
    else:
        raise ValueError(f"unknown rule {rule!r}")
    return Calculation(inputs.rate_fiscal_year, inputs.surplus, inputs.assumed_benefits_total,
                       base_rate(inputs.surplus, inputs.assumed_benefits_total), retained, risk,
                       potential_loss, available, fund, kept, fund / inputs.assumed_benefits_total, method)


def as_printed(calc: Calculation) -> dict[str, Decimal]:
    """The figures as the rate document prints them (四捨五入)."""
    amount, fund, rate = PLACES["amount"], PLACES["fund"], PLACES["rate"]
    return {
        "surplus": round_half_up(calc.surplus, amount),
        "assumed_benefits_total": round_half_up(calc.assumed_benefits_total, amount),
        "base_rate": round_half_up(calc.base_rate, rate),
        "retained": round_half_up(calc.retained, amount),
        "risk": round_half_up(calc.risk, amount),
        "potential_loss": round_half_up(calc.potential_loss, amount),
        "available": round_half_up(calc.available, amount),
        "fund": round_half_up(calc.fund, fund),
        "retained_this_year": round_half_up(calc.retained_this_year, fund),
        "rate": round_half_up(calc.rate, rate),
    }


# ---------------------------------------------------------------- scenarios

def scenario_table(inputs: RateInputs, method: Method, scenarios: Rows,
                   published_fund: Decimal | None = None) -> list[dict]:
    """One row per scenario (scenarios.csv): parameters, 推計リスク, 原資, 支給率 (unrounded), and the
    retained total after the year (past 留保額 + this year's). A scenario of the method in force with the
    document's own inputs (案1 too: its target sets no rule) is the document's calculation: where the document
    prints its 付加共済金原資 (``published_fund``, rate_inputs.csv), that row carries it as the document's other
    results are carried (002: 1,039.4, where the printed inputs give 1,039.58), with this year's 留保額 and the
    支給率 that follow from it."""
    rows = []
    for s in sorted(scenarios, key=lambda s: s["order"]):
        m = method if s["sigma_multiple"] is None else replace(method, risk_sigma=s["sigma_multiple"])
        i = inputs
        if s["expected_return_shift"] is not None:
            _require(i, ("expected_return",), s["scenario_id"])
            i = replace(i, expected_return=i.expected_return + s["expected_return_shift"])
        if s["std_dev_shift"] is not None:
            _require(i, ("std_dev",), s["scenario_id"])
            i = replace(i, std_dev=i.std_dev + s["std_dev_shift"])
        calc = calculate(i, m, rule=s["method"], target=s["target"])
        if published_fund is not None and s["method"] == "current" and i == inputs and m == method and calc.fund > 0:
            kept = published_fund * (1 - method.fund_share) / method.fund_share
            calc = replace(calc, fund=published_fund, retained_this_year=kept,
                           rate=published_fund / inputs.assumed_benefits_total)
        rows.append({
            "scenario_id": s["scenario_id"], "label_ja": s["label_ja"], "method": s["method"],
            "basis": s["basis"], "parameters": _parameters(i, m, s),
            "sigma_multiple": m.risk_sigma, "expected_return": i.expected_return, "std_dev": i.std_dev,
            "target": s["target"], "risk": calc.risk, "available": calc.available, "fund": calc.fund,
            "retained_this_year": calc.retained_this_year,
            "retained_after": (inputs.retained or ZERO) + calc.retained_this_year,
            "rate": calc.rate, "note": s["note"],
        })
    return rows


def _parameters(i: RateInputs, m: Method, s: dict) -> str:
    parts = []
    if m.risk_sigma is not None:
        parts.append(f"{fmt_number(m.risk_sigma)}σ, 期待収益率{fmt_number(i.expected_return, 2)}%, "
                     f"標準偏差{fmt_number(i.std_dev, 2)}%")
    if s["method"] == "reserve_target_first":
        parts.append(f"目標積立額{fmt_number(s['target'])}億円, 留保済{fmt_number(i.retained or ZERO)}億円")
    elif s["method"] == "single_year_target":
        parts.append(f"単年度目標額{fmt_number(s['target'])}億円 (仮定)")
    elif s["target"] is not None:
        parts.append(f"目標積立額{fmt_number(s['target'])}億円")
    return "; ".join(parts)


# ---------------------------------------------------------------- checks of the published tables

_TERM = re.compile(r"([+-]?)([a-z_]+)")


def _projection(tables: Data, fy: int) -> dict[int, dict[str, Decimal]]:
    out: dict[int, dict[str, Decimal]] = {}
    for r in tables["shikyuritsu_fiscal_projection"].where(rate_fiscal_year=fy):
        out.setdefault(r["fiscal_year"], {})[r["line"]] = r["value"]
    return out


def projection_checks(tables: Data, fy: int) -> list[SumCheck]:
    """財政収支の予測: (3) = (1) − (2), (6) = (4) − (5), parts vs totals, and (6) of a year =
    (6) of the year before + (3)."""
    lines = sorted(tables["shikyuritsu_projection_lines"], key=lambda r: r["order"])
    parts: dict[str, list[str]] = {}
    for ln in lines:
        if ln["role"] == "part":
            parts.setdefault(ln["parent"], []).append(ln["line"])
    label = {ln["line"]: ln["label_ja"] for ln in lines}
    out = []
    columns = _projection(tables, fy)
    for year in sorted(columns):
        v, head = columns[year], era.fy_long(year)
        out.append(sum_check(f"{head}: (3) = (1) − (2)", [v["revenue"], -v["expenses"]], v["net_income"]))
        out.append(sum_check(f"{head}: (6) = (4) − (5)", [v["assets"], -v["liabilities"]], v["surplus"]))
        for total, names in parts.items():
            out.append(sum_check(f"{head}: {label[total]} = 内訳の合計", [v[n] for n in names], v[total]))
        before = columns.get(year - 1)
        if before:
            out.append(sum_check(f"{head}: (6) = 前年度の(6) + (3)", [before["surplus"], v["net_income"]], v["surplus"]))
    return out


def surplus_checks(tables: Data, fy: int) -> list[SumCheck]:
    """剰余金見込額 table: components vs their breakdown, items vs the 財政収支 lines they cite,
    イ−ロ−ハ−ニ+ホ of the printed parts vs the published 剰余金見込額, and that vs (6)."""
    rows = sorted(tables["shikyuritsu_surplus_components"].where(rate_fiscal_year=fy), key=lambda r: r["order"])
    columns = _projection(tables, fy)
    out = []
    totals = {r["component"]: r["amount"] for r in rows if r["item"] == "total"}
    if not totals:
        return []
    for comp, total in totals.items():
        items = [r for r in rows if r["component"] == comp and r["item"] != "total"]
        if items:
            out.append(sum_check(f"{COMPONENT_KANA[comp]} = 内訳の合計", [r["sign"] * r["amount"] for r in items], total))
    for r in rows:
        if r["projection_lines"]:
            terms = _TERM.findall(r["projection_lines"])
            col = columns[r["projection_fiscal_year"]]
            out.append(sum_check(f"{COMPONENT_KANA[r['component']]} {r['label_ja']} = 財政収支 "
                                 f"{era.fy_long(r['projection_fiscal_year'])} {r['projection_lines']}",
                                 [(-1 if sign == "-" else 1) * col[name] for sign, name in terms], r["amount"]))
    published = _items(tables, fy)["surplus_forecast"]
    surplus_forecast(totals)  # every component is there (a ValueError names the missing ones)
    out.append(sum_check("イ − ロ − ハ − ニ + ホ = 剰余金見込額", [COMPONENT_SIGN[c] * totals[c] for c in COMPONENT_SIGN],
                         published))
    if fy in columns:
        out.append(sum_check("剰余金見込額 = 財政収支 (6)", [columns[fy]["surplus"]], published))
    return out


# ---------------------------------------------------------------- everything for one rate year

def rate_model(tables: Data, fy: int) -> dict:
    """What the rate document prints for ``fy``: inputs, decisions in force, the calculation,
    the 1σ/2σ/3σ table, the scenarios and the checks (all unrounded)."""
    inputs = rate_inputs(tables, fy)
    method = method_for(load_decisions(tables), fy)
    has_risk = inputs.entrusted_assets is not None
    return {
        "inputs": inputs,
        "method": method,
        "decisions": list(method.decisions),
        "payout_years": payout_years(tables, fy),
        "calculation": calculate(inputs, method),
        "risk_levels": risk_levels(inputs) if has_risk else [],
        "scenarios": scenario_table(inputs, method, tables["shikyuritsu_scenarios"],
                                    _items(tables, fy).get("published_fund")) if has_risk else None,
        "checks": surplus_checks(tables, fy) + projection_checks(tables, fy),
    }
