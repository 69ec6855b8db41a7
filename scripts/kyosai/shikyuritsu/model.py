"""The model of 「小規模企業共済制度の令和N年度付加共済金の支給率について」: the engine's figures
(kyosai.shikyuritsu.engine) with every check of the printed tables, the published figures reconciled with
ours, the texts of notes.csv with their placeholders filled, and the QA log.

Published figures that the source computed from finer data than it prints (支給率の基準となる率,
付加共済金原資: rate_inputs.csv items published_base_rate, published_fund) are printed as published after
checking that our computation from the printed inputs agrees within the tolerance those rounded inputs
justify (kyosai.qa.reconcile); the QA log lists both. The 支給率 itself is computed from the carried 原資 and
must agree, as printed, with ours. ``build`` raises DataError, before anything is written, when a check
fails or the data the document needs is missing.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from .. import era
from ..dataio import LINE, DataError, Rows
from ..numbers import fmt_amount, fmt_number, plain, round_half_up
from ..qa import QA
from ..paths import TEMPLATES
from ..texts import (Figure, bind, chapter_templates, check_texts, fill, fraction_ja, join_ja, sections_for,
                     share_divisor, valid_in, year_bound_problems)
from . import engine as sk

DATA_SECTIONS = ("common", "shikyuritsu")
YEAR_RESOURCES = ("shikyuritsu_rate_inputs", "shikyuritsu_surplus_components")  # what years() reads
HALF = Decimal("0.5")
PLACES = sk.PLACES
FILE = {
    "inputs": "data/shikyuritsu/rate_inputs.csv",
    "components": "data/shikyuritsu/surplus_components.csv",
    "projection": "data/shikyuritsu/fiscal_projection.csv",
    "notes": "data/shikyuritsu/notes.csv",
    "documents": "data/shikyuritsu/documents.csv",
    "decisions": "data/shikyuritsu/method_decisions.csv",
    "retained": "data/shikyuritsu/retained_amounts.csv",
    "sections": "data/shikyuritsu/sections.csv",
}


def years(data: dict[str, Rows]) -> list[int]:
    """Rate fiscal years with a document: an assumed_benefits_total row in rate_inputs.csv and rows in
    surplus_components.csv (the 2017/2018 rows are reference inputs of the engine, not documents)."""
    denominators = {r["rate_fiscal_year"] for r in data["shikyuritsu_rate_inputs"] if r["item"] == "assumed_benefits_total"}
    return sorted(denominators & {r["rate_fiscal_year"] for r in data["shikyuritsu_surplus_components"]})


def year_ja(year: int) -> str:
    """1996 → 平成8年 (a calendar year, as 「平成8年の制度導入」)."""
    e, n = era.era_of(dt.date(year, 12, 31))
    return f"{e.name}{'元' if n == 1 else n}年"


def month_of(text: str | None) -> tuple[int, int] | None:
    """'2025-01-31' or '2025-01' → (2025, 1)."""
    if not text:
        return None
    y, m = text.split("-")[:2]
    return int(y), int(m)


def ratio_tolerance(numerator: Decimal, denominator: Decimal, half_n: Decimal, half_d: Decimal) -> Decimal:
    """How far n/d can move when n and d are each rounded by up to half_n / half_d."""
    base = numerator / denominator
    return max(abs((numerator + a) / (denominator + b) - base) for a in (-half_n, half_n) for b in (-half_d, half_d))


def _rows(data: dict, name: str, fy: int) -> Rows:
    return data[name].where(rate_fiscal_year=fy)


def record_checks(rm: dict, data: dict, fy: int, qa: QA) -> None:
    """The engine's checks of the printed tables: agreement, 端数差, or a stop naming the file."""
    projection_names = {c.name for c in sk.projection_checks(data, fy)}
    for c in rm["checks"]:
        qa.record(c, FILE["projection"] if c.name in projection_names else FILE["components"])


def published_figures(rm: dict, items: dict, qa: QA) -> tuple[dict, dict, Decimal]:
    """支給率の基準となる率 and 付加共済金原資 as printed (published where the data carries them), and the 支給率
    from the printed 原資."""
    inputs, method, calc = rm["inputs"], rm["method"], rm["calculation"]

    def carry(label, computed, item, places, tolerance, why):
        row = items.get(item)
        where = f"{FILE['inputs']} line {row[LINE]}" if row else FILE["inputs"]
        shown = f"{FILE['inputs']} {row[LINE]}行目" if row else FILE["inputs"]
        r = qa.carry(label, computed, row["value"] if row else None, places, tolerance, where,
                     f"{why}。{shown}", log_computed=True)
        return {"value": r.value, "status": r.status, "computed": computed, "published": r.published}

    base = carry("支給率の基準となる率", calc.base_rate, "published_base_rate", PLACES["rate"],
                 ratio_tolerance(inputs.surplus, inputs.assumed_benefits_total, HALF, HALF),
                 "剰余金見込額と仮定共済金等の発生見込総額は1億円単位に四捨五入して掲載されている")
    fund = carry("付加共済金原資", calc.fund, "published_fund", PLACES["fund"],
                 method.fund_share * (HALF + (HALF if method.deduct_retained else 0)),
                 "剰余金見込額" + ("と過年度の留保額" if method.deduct_retained else "")
                 + f"は1億円単位に四捨五入して掲載されており、許容範囲はその端数（各0.5）の和の"
                 f"{fraction_ja(method.fund_share)}。推計リスクは本書の計算値（端数処理前）を用いる")
    rate = fund["value"] / inputs.assumed_benefits_total
    rate_shown, ours_shown = round_half_up(rate, PLACES["rate"]), round_half_up(calc.rate, PLACES["rate"])
    if rate_shown != ours_shown:
        qa.fail(f"{FILE['inputs']}: 支給率 from the published 付加共済金原資 {fund['value']} is {rate_shown}, "
                f"from our computation {ours_shown}: they must agree as printed")
    def shown(value, places):                   # a zero as 002 prints zeros: 0
        return "0" if value == 0 else plain(value, places)
    if fund["published"] is None:
        qa.add("derived", "支給率",
               f"{shown(calc.fund, 2)} / {inputs.assumed_benefits_total} = {shown(calc.rate, 8)} → {shown(ours_shown, 5)}"
               "（端数処理前の計算上の原資から。データに掲載された原資はない）")
    else:
        qa.add("derived", "支給率",
               f"{fund['value']} / {inputs.assumed_benefits_total} = {shown(rate, 8)} → {rate_shown}（掲載された原資から）。"
               f"端数処理前の計算上の原資 {shown(calc.fund, 2)} からは {shown(calc.rate, 8)} → {ours_shown}"
               + ("。掲載値と同じ" if rate_shown == ours_shown else "。掲載値と異なる"), ok=rate_shown == ours_shown)
    return base, fund, rate


FIRST_BASE_MONTH = 36   # 基準月: 掛金納付月数が36月又は36月＋12月の整数倍となる月 (002 §1 (1) ②)


def worked_example(items: dict, fy: int) -> dict:
    """002 §2(1)② 2.'s example (例：令和7年度の掛金納付期間が3年となる場合): the group of rate_inputs.csv's
    example_contribution_months (36 → 3年), the months of the rate year in which its members reach that 掛金納付月数
    (each contract has one such 基準月 in a year), and the next groups the same steps apply to. Raises DataError
    when the months are not a 基準月's."""
    row = items["example_contribution_months"]
    months = row["value"]
    if months < FIRST_BASE_MONTH or (months - FIRST_BASE_MONTH) % sk.MONTHS_PER_YEAR:
        raise DataError([f"{FILE['inputs']} line {row[LINE]}, column value: example_contribution_months {plain(months, 0)} "
                         f"is not a 基準月's 掛金納付月数 (36, or 36 + a multiple of 12)"])
    nxt = [months + sk.MONTHS_PER_YEAR * k for k in (1, 2)]
    return {"months": months, "years": months / sk.MONTHS_PER_YEAR,
            "span_ja": f"{era.month_long(fy, 4)}～{era.month_long(fy + 1, 3)}",
            "next_ja": "、".join(f"{fmt_number(m / sk.MONTHS_PER_YEAR)}年（{fmt_number(m)}月）" for m in nxt)}


def notes(rm: dict, data: dict, fy: int, document: dict, qa: QA) -> tuple[dict[str, str], dict[str, str]]:
    """The texts of notes.csv for ``fy`` with their placeholders filled, and the fields they may use."""
    inputs, method, years_paid = rm["inputs"], rm["method"], rm["payout_years"]
    items = {r["item"]: r for r in _rows(data, "shikyuritsu_rate_inputs", fy)}
    assets_month = month_of(items["entrusted_assets"]["as_of"])
    example = worked_example(items, fy)
    fields = {
        "fy": era.fy_long(fy), "prev_fy": era.fy_long(fy - 1),
        "assets_month": era.month_long(*assets_month) if assets_month else "",
        "introduced": year_ja(document["benefit_introduced"]),
        "first_payout": era.fy_long(min(years_paid)) if years_paid else "",
        "sigma": fmt_number(method.risk_sigma) if method.risk_sigma is not None else "",
        "share": fraction_ja(method.fund_share), "months": fmt_number(inputs.horizon_months),
        # the worked example of §2(1)② (worked_example)
        "example_years": fmt_number(example["years"]), "example_months": fmt_number(example["months"]),
        "example_span": example["span_ja"], "example_next": example["next_ja"],
    }
    texts = {}
    for r in valid_in(data["shikyuritsu_notes"], fy):
        own = dict(fields)
        if r["key"].startswith("decision."):
            d = next((d for d in method.decisions if d.decision_id == r["key"].split(".", 1)[1]), None)
            if d is not None and d.risk_sigma is not None:
                own["sigma"] = fmt_number(d.risk_sigma)
        texts[r["key"]] = fill(r["text"], own, f"{FILE['notes']} line {r[LINE]}, column text", qa)
    return texts, fields


def log_notes(rm: dict, data: dict, fy: int, qa: QA, published_fund: Decimal | None = None) -> None:
    """The QA notes on the document's conventions and gaps."""
    inputs, method, calc = rm["inputs"], rm["method"], rm["calculation"]
    qa.add("derived", "推計リスク",
           f"{method.risk_sigma}σ: {inputs.entrusted_assets} × ({inputs.expected_return}% × {inputs.horizon_months}/12 − "
           f"{inputs.std_dev}% × {method.risk_sigma} × √({inputs.horizon_months}/12)) = ▲{plain(calc.risk, 2)} → "
           f"▲{plain(calc.risk, 0)}（計算値。本書は計算値を掲載）")
    def signed(value: Decimal, places: int) -> str:          # the log's plain digits, a negative with ▲ (▲623.21)
        text = plain(value, places)
        return "▲" + text[1:] if text.startswith("-") else text

    qa.add("derived", "控除後の剰余金見込額",
           f"{inputs.surplus} − {calc.retained} − {plain(calc.risk, 2)} − {calc.potential_loss} = {signed(calc.available, 2)} → "
           f"{signed(calc.available, 0)}（公表された剰余金見込額からの計算値）")
    top = rm["risk_levels"][-1]
    qa.add("note", "水準以下に含まれる確率",
           f"出典の表のとおり、両側 ±kσ の範囲（0.01%単位）の外側の半分として掲載: "
           f"{'、'.join(fmt_number(r.probability, 2) + '%' for r in rm['risk_levels'])}。{top.sigma}σ の下側確率を"
           f"正確に計算すると {fmt_number(sk.normal_tail(top.sigma), 2)}%")
    qa.add("note", "発生頻度", "「N年に1度程度」 = 100 / 確率（端数処理前）を有効数字1桁に四捨五入: "
           + "、".join(f"{fmt_number(100 / r.probability, 1)} → {r.once_in_years}" for r in rm["risk_levels"]))
    years_paid = rm["payout_years"]
    retained_rows = {r["entry"]: r for r in _rows(data, "shikyuritsu_retained_amounts", fy)}
    if [y for y in years_paid if retained_rows[str(y)]["amount"] is None]:
        qa.add("gap", "過年度の留保額の内訳",
               f"出典は{join_ja([era.fy_long(y) for y in years_paid])}の合計 {fmt_number(inputs.retained)} のみを"
               f"掲載し、各年度の額は掲載していない（{FILE['retained']}）。合計を控除する。")
    example = _rows(data, "shikyuritsu_rate_inputs", fy).where(item="example_contribution_months")[0]
    qa.add("gap", "仮定共済金等の発生見込総額の算定の例",
           f"出典（{example['source']}）は例を図で掲載しているが、図中の口数・金額は本ツールのデータにない。本書は例の手順と、"
           f"データ（{FILE['inputs']} {example[LINE]}行目、掛金納付月数{plain(example['value'], 0)}月）と年度から定まる"
           f"基準月・グループを掲載し、口数・金額は掲載しない旨を注記する")
    for d in method.decisions:
        if d.heading_month:
            qa.add("discrepancy", f"{d.body_ja}の日付",
                   f"見出しには出典のとおり{d.heading_month_ja}と掲載し、適用の判定には{d.date_ja}を用いる。{d.note or ''}"
                   f"{applicability(d, fy)}（{FILE['decisions']}）", ok=False)
        elif d.note:
            qa.add("note", d.body_ja, f"{d.note}（{FILE['decisions']}）")
    scenarios = rm["scenarios"] or []
    if scenarios:
        current = next((s for s in scenarios if is_current(s, method, inputs)), None)
        fund = published_fund
        differs = (current is not None and fund is not None
                   and round_half_up(current["fund"], PLACES["fund"]) != round_half_up(fund, PLACES["fund"]))
        qa.add("note", "参考計算",
               "シナリオ表（data/shikyuritsu/scenarios.csv）は本ツール独自の試算で、レビュー版にのみ「参考計算（公表資料にはない"
               "試算）」として掲載する。"
               + (f"本資料と同じ入力・方式の行は公表された原資 {fmt_number(fund, PLACES['fund'])} を、" if fund is not None else "")
               + "その他の行は端数処理前の計算上の原資を用いる"
               + (f"（現行方式の行の原資 {fmt_number(current['fund'], PLACES['fund'])} は公表値 "
                  f"{fmt_number(fund, PLACES['fund'])} と異なる）" if differs else ""))


def first_rate_year(day: dt.date) -> int:
    """The first rate year a decision made on ``day`` applies to (made before April 1 of that year)."""
    return day.year + (1 if day.month >= 4 else 0)


def applicability(d, fy: int) -> str:
    """Which rate years a decision whose heading prints another month than its date applies to under either date,
    and whether the rate year ``fy`` is among them under both (computed: never a year carried in the data)."""
    year, month = map(int, d.heading_month.split("-"))
    listed, headed = first_rate_year(d.decided_on), first_rate_year(dt.date(year, month, 1))
    text = (f"{d.date_ja}なら{era.fy_long(listed)}から、{d.heading_month_ja}なら{era.fy_long(headed)}からの支給率に"
            f"適用となる")
    if fy >= max(listed, headed):
        return text + f"が、いずれの場合も{era.fy_long(fy)}の支給率には適用される。"
    if fy >= listed:
        return text + f"。{era.fy_long(fy)}の支給率には、本書の用いる{d.date_ja}によれば適用され、見出しの月によれば適用されない。"
    return text + "。"


APPLICABILITY = re.compile(r"(令和|平成|昭和)([0-9０-９]+|元)年度(の支給率|から[^。]*適用)")


def decision_note_problems(data: dict) -> list[str]:
    """A note of method_decisions.csv says no rate year a decision applies to (令和7年度の支給率には適用される): that
    is computed for each document (applicability), so a note never carries one year's wording into another."""
    return [f"{FILE['decisions']}, line {r[LINE]}, column note: 「{m.group()}…」 says which rate years "
            f"{r['decision_id']} applies to: that is computed from decided_on and heading_month for each document (its "
            f"QA log says it); leave it out of the note"
            for r in data["shikyuritsu_method_decisions"] if r["note"]
            for m in [APPLICABILITY.search(r["note"])] if m]


def bound_figures(model: dict) -> dict[str, Figure]:
    """The figures a sentence of notes.csv may be bound to (column binds), as printed."""
    fy = era.fy_long(model["fiscal_year"])
    current = next((s for s in model["scenarios"] if s["current"]), None)

    def places(value, shown: int) -> int:       # a zero fund or rate as 002 prints zeros: 0, 「0」 (not 0.0, 0.00000)
        return 0 if value == 0 else shown

    fund = current["fund"] if current else None
    return {
        "fund": Figure(model["fund"]["value"], places(model["fund"]["value"], PLACES["fund"]), f"{fy} 付加共済金原資（本資料）"),
        "scenario_fund.current": Figure(fund, places(fund, PLACES["fund"]), "参考計算 現行方式の付加共済金原資"),
        "rate": Figure(model["rate"], places(model["rate"], PLACES["rate"]), f"{fy} 支給率"),
        "available": Figure(model["available"], 0, "控除後の剰余金見込額"),
        "surplus": Figure(model["inputs"]["surplus"], 0, "剰余金見込額"),
    }


def projection_table(data: dict, fy: int) -> dict:
    """財政収支の予測 as printed: its columns (years, 実績 or 見込) and its lines with their depth."""
    lines = sorted(data["shikyuritsu_projection_lines"], key=lambda r: r["order"])
    role = {ln["line"]: ln for ln in lines}
    values = {(r["fiscal_year"], r["line"]): r for r in _rows(data, "shikyuritsu_fiscal_projection", fy)}
    columns = sorted({(y, values[(y, ln)]["kind"]) for (y, ln) in values})
    return {
        "columns": [{"fiscal_year": y, "kind": k, "head": era.fy_long(y) + ("実績" if k == "actual" else "見込")}
                    for y, k in columns],
        "rows": [{"line": ln["line"], "label_ja": ln["label_ja"], "role": ln["role"], "unit": ln["unit"],
                  "depth": 0 if not ln["parent"] else 1 + (1 if role[ln["parent"]]["parent"] else 0),
                  "values": [values[(y, ln["line"])]["value"] if (y, ln["line"]) in values else None for y, _ in columns]}
                 for ln in lines],
    }


def surplus_table(data: dict, fy: int, surplus: Decimal) -> dict:
    """剰余金見込額の算定: イ〜ホ with their breakdown, and the formula イ－ロ－ハ－ニ＋ホ."""
    rows = sorted(_rows(data, "shikyuritsu_surplus_components", fy), key=lambda r: r["order"])
    components = []
    for comp in sk.COMPONENT_SIGN:
        total = next(r for r in rows if r["component"] == comp and r["item"] == "total")
        components.append({"component": comp, "kana": sk.COMPONENT_KANA[comp], "label_ja": total["label_ja"],
                           "amount": total["amount"],
                           "items": [{"item": r["item"], "label_ja": r["label_ja"], "amount": r["amount"],
                                      "remark": r["remark"] or ""}
                                     for r in rows if r["component"] == comp and r["item"] != "total"]})
    formula = "".join(("" if i == 0 else ("＋" if sk.COMPONENT_SIGN[c] > 0 else "－")) + sk.COMPONENT_KANA[c]
                      for i, c in enumerate(sk.COMPONENT_SIGN))
    return {"components": components, "formula": formula, "surplus": surplus}


# the name of each deduction in the formulas (002 §4: ①剰余金見込額 − 過年度の留保額 − 推計リスク; the 潜在的な損失額 of
# the (第20回) decision is named too, as the sentence above the formula deducts it, even where it is 0)
TERM = {"retained": "過年度の留保額", "risk": "推計リスク", "potential_loss": "潜在的な損失額"}


def fund_text(value: Decimal) -> str:
    """The 付加共済金原資 as printed, without its unit: 1,039.4 (002 §4, to 0.1億円); a zero fund as 0, the way 002
    prints every zero amount (信託運用損益 0億円, 潜在的な損失額0億円), never 0.0."""
    return fmt_amount(value, PLACES["fund"])


def deductions(method, calc) -> list[dict]:
    """What is deducted from the 剰余金見込額, in the order of the method (every term the method has, 0 or not)."""
    out = []
    if method.deduct_retained:
        out.append({"kind": "retained", "value": calc.retained})
    if method.risk_sigma is not None:
        out.append({"kind": "risk", "value": calc.risk, "sigma": method.risk_sigma})
    if method.deduct_potential_loss:
        out.append({"kind": "potential_loss", "value": calc.potential_loss})
    for d in out:
        d["printed_zero"] = round_half_up(d["value"]) == 0
        d["term"] = TERM[d["kind"]]
    return out


def is_current(scenario: dict, method, inputs) -> bool:
    """The scenario that is the document's own method (現行方式, the published parameters)."""
    return (scenario["method"] == "current" and scenario["sigma_multiple"] == method.risk_sigma
            and scenario["target"] is None and scenario["expected_return"] == inputs.expected_return
            and scenario["std_dev"] == inputs.std_dev)


INPUTS = ("surplus_forecast", "assumed_benefits_total", "entrusted_assets", "expected_return", "std_dev", "horizon_months",
          "example_contribution_months")


def missing_rows(data: dict, fy: int) -> list[str]:
    """Every row the document of rate year ``fy`` needs and the data does not have, listed at once."""
    out, label = [], f"the {era.fy_long(fy)} 支給率 document"
    if not _rows(data, "shikyuritsu_documents", fy):
        out.append(f"{FILE['documents']}: {label} needs its row (publication month, issuer for the cover): add "
                   f"rate_fiscal_year={fy}")
    items = {r["item"]: r for r in _rows(data, "shikyuritsu_rate_inputs", fy)}
    method = sk.method_for(sk.load_decisions(data), fy)
    wanted = list(INPUTS) + (["potential_loss"] if method.deduct_potential_loss else [])
    absent = [i for i in wanted if items.get(i) is None or items[i]["value"] is None]
    if absent:
        out.append(f"{FILE['inputs']}: {label} needs {', '.join(absent)}: add a row rate_fiscal_year={fy} for each")
    if method.deduct_retained and sk.retained_total(data, fy) is None:
        out.append(f"{FILE['retained']}: {label} deducts 過年度の留保額 ({', '.join(d.body_ja for d in method.decisions if d.deduct_retained)}) "
                   f"but has no total: add entry=total for rate_fiscal_year={fy}")
    totals = {r["component"] for r in _rows(data, "shikyuritsu_surplus_components", fy) if r["item"] == "total"}
    if set(sk.COMPONENT_SIGN) - totals:
        out.append(f"{FILE['components']}: {label} needs the total of every component; missing: "
                   f"{', '.join(c for c in sk.COMPONENT_SIGN if c not in totals)} (item total)")
    lines = [ln["line"] for ln in data["shikyuritsu_projection_lines"]]
    values = {(r["fiscal_year"], r["line"]) for r in _rows(data, "shikyuritsu_fiscal_projection", fy)}
    for year in sorted({y for y, _ in values}):
        gone = [ln for ln in lines if (year, ln) not in values]
        if gone:
            out.append(f"{FILE['projection']}: the {era.fy_long(year)} column of {label} has no {', '.join(gone)}: "
                       f"every line of data/shikyuritsu/fiscal_projection_lines.csv is printed")
    if not values:
        out.append(f"{FILE['projection']}: {label} needs its 財政収支の予測 (rows rate_fiscal_year={fy})")
    return out


def year_checked(data: dict, fy: int, qa: QA) -> list[dict]:
    """The chapters of the year, once everything it needs is known to be there: raises DataError with every row
    missing, every decision without its note and every text the chapters print missing."""
    sections = sections_for(data["shikyuritsu_sections"], fy,
                            lambda text, at: fill(text, {"fy": era.fy_long(fy)}, f"data/shikyuritsu/{at}", qa))
    notes_of_year = {r["key"]: r["text"] for r in valid_in(data["shikyuritsu_notes"], fy)}
    check_texts(notes_of_year, TEMPLATES, chapter_templates("shikyuritsu", sections), era.fy_long(fy), FILE["notes"], qa)
    problems = missing_rows(data, fy) + decision_note_problems(data)
    problems += year_bound_problems(data["shikyuritsu_notes"], fy, FILE["notes"], f"the {era.fy_long(fy)} 支給率 document")
    if problems or qa.errors:
        raise DataError(problems + qa.errors)
    return sections


def checked_rate_model(data: dict, fy: int) -> dict:
    """The engine's rate model of the year (kyosai.shikyuritsu.engine), its 推計リスク inputs present (DataError)."""
    try:
        rm = sk.rate_model(data, fy)
    except ValueError as exc:
        raise DataError([f"data/shikyuritsu: {exc}"]) from None
    if not rm["risk_levels"]:
        raise DataError([f"{FILE['inputs']}: FY{fy} has no 推計リスク inputs (entrusted_assets, expected_return, "
                         f"std_dev, horizon_months); the document's section 3 needs them"])
    return rm


def surplus_note(rm: dict, items: dict[str, dict], fy: int, qa: QA) -> None:
    """The QA log's note on the 剰余金見込額: the published figure is printed and used, against what its printed
    parts (イ−ロ−ハ−ニ+ホ) and the 財政収支 ((4)−(5)) give."""
    inputs = rm["inputs"]
    surplus_parts = next((c for c in rm["checks"] if c.name == "イ − ロ − ハ − ニ + ホ = 剰余金見込額"), None)
    surplus_projection = next((c for c in rm["checks"] if c.name == f"{era.fy_long(fy)}: (6) = (4) − (5)"), None)
    qa.add("carried", "剰余金見込額",
           f"本書は公表値 {fmt_number(inputs.surplus)}（{FILE['inputs']} "
           f"{items['surplus_forecast'][LINE]}行目）を掲載し、計算に用いる。掲載された内訳 イ−ロ−ハ−ニ+ホ からは "
           f"{fmt_number(surplus_parts.computed) if surplus_parts else '－'}"
           + (f"、財政収支 (4)−(5) からは {fmt_number(surplus_projection.computed)}" if surplus_projection else "")
           + (" となる。出典は端数処理前の数値で計算している。"
              if any(c.computed != inputs.surplus for c in (surplus_parts, surplus_projection) if c) else
              " となり、公表値と一致する。"))


def no_fund_text_key(available: Decimal, texts: dict[str, str], fy: int) -> str | None:
    """The text (notes.csv) by which the 算定イメージ says why no 付加共済金原資 arises, where none does (DataError if
    the year has none)."""
    key = None if available > 0 else ("image_fund.no_fund_negative" if available < 0 else "image_fund.no_fund_zero")
    if key and key not in texts:
        raise DataError([f"{FILE['notes']}: {era.fy_long(fy)} has no 付加共済金原資 (控除後の剰余金見込額 "
                         f"{plain(available, 0)}) and its 算定イメージ says why with the text {key}: "
                         f"add a row valid in {fy}"])
    return key


def inputs_of(inputs, fields: dict[str, str], verification: tuple[int, int] | None) -> dict:
    """The inputs of the calculation as the document prints them, with the month of the assets and of the
    verification of the expected return."""
    return {"surplus": inputs.surplus, "assumed_benefits_total": inputs.assumed_benefits_total,
            "entrusted_assets": inputs.entrusted_assets, "expected_return": inputs.expected_return,
            "std_dev": inputs.std_dev, "horizon_months": inputs.horizon_months,
            "retained": inputs.retained, "potential_loss": inputs.potential_loss,
            "assets_as_of_ja": fields["assets_month"] + "末" if fields["assets_month"] else "",
            "verification_ja": era.month_long(*verification) if verification else "",
            "months_per_year": sk.MONTHS_PER_YEAR}


def build(data: dict, fy: int) -> dict:
    """Everything the 支給率 document of rate fiscal year ``fy`` prints. Raises DataError on failed checks: first
    every row it needs and does not have, then every failed check."""
    qa = QA()
    qa.unusual(data, DATA_SECTIONS)   # values outside their usual range (datapackage.yaml), to be confirmed
    sections = year_checked(data, fy, qa)
    doc = _rows(data, "shikyuritsu_documents", fy)[0]
    rm = checked_rate_model(data, fy)
    inputs, method, calc = rm["inputs"], rm["method"], rm["calculation"]
    items = {r["item"]: r for r in _rows(data, "shikyuritsu_rate_inputs", fy)}
    record_checks(rm, data, fy, qa)
    surplus_note(rm, items, fy, qa)
    base, fund, rate = published_figures(rm, items, qa)
    log_notes(rm, data, fy, qa, fund["published"])
    texts, fields = notes(rm, data, fy, doc, qa)
    no_fund_key = no_fund_text_key(calc.available, texts, fy)
    years_paid = rm["payout_years"]
    committee = [d for d in method.decisions if d.decided_on is not None]
    published_year, published_month = map(int, doc["published"].split("-"))
    model = {
        "document": "shikyuritsu",
        "fiscal_year": fy,
        "meta": {"published_ja": era.month_long(published_year, published_month), "issuer_ja": doc["issuer_ja"],
                 "document_date": doc["document_date"]},
        "texts": texts,
        "fy_end_label": era.fy_long(fy) + "末",
        "payout_years_ja": join_ja([era.fy_long(y) for y in years_paid]),
        "inputs": inputs_of(inputs, fields, month_of(items["expected_return"]["as_of"])),
        "method": {"fund_share": method.fund_share, "share_ja": fraction_ja(method.fund_share),
                   "share_divisor": share_divisor(method.fund_share),
                   "risk_sigma": method.risk_sigma, "deduct_retained": method.deduct_retained,
                   "deduct_potential_loss": method.deduct_potential_loss},
        "surplus_table": surplus_table(data, fy, inputs.surplus),
        "projection": projection_table(data, fy),
        "base_rate": base,
        "risk": calc.risk,
        "risk_change": -calc.risk,  # printed ▲ (a loss)
        "risk_levels": [{"sigma": r.sigma, "probability": r.probability, "once_in_years": Decimal(r.once_in_years),
                         "risk": r.risk} for r in rm["risk_levels"]],
        "deductions": deductions(method, calc),
        "available": calc.available,
        "fund_arises": calc.available > 0,   # 付加共済金原資が発生する: the amount after deductions is positive
        # why none arises, said by the 算定イメージ: notes.csv image_fund.no_fund_negative or image_fund.no_fund_zero
        "no_fund_text": texts[no_fund_key] if no_fund_key else None,
        "fund": {**fund, "text": fund_text(fund["value"])},
        "rate": rate,
        "rate_computed": calc.rate,
        "decisions": [{"decision_id": d.decision_id, "body_ja": d.body_ja, "date_ja": d.date_ja,
                       "month_ja": d.heading_month_ja, "text_ja": d.text_ja,
                       "explanation": texts.get(f"decision.{d.decision_id}"), "sets_risk": d.risk_sigma is not None}
                      for d in committee],
        "scenarios": [{**s, "current": is_current(s, method, inputs)} for s in rm["scenarios"] or []],
        "sections": sections,
    }
    bind(data["shikyuritsu_notes"], fy, texts, bound_figures(model), FILE["notes"], qa)
    qa.raise_if_failed()
    model["qa"] = qa.entries
    return model
