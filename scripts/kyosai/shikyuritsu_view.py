"""The document 「小規模企業共済制度の令和N年度付加共済金の支給率について」: its model, CSV tables and charts.

``build_document(tables, fy)`` runs the engine (kyosai.shikyuritsu.rate_model) on the checked data and
returns a plain dict for templates/shikyuritsu.html.j2: every figure an exact Decimal, unrounded (the
template formats with the filters of kyosai.render), texts from data/shikyuritsu/notes.csv with their
placeholders filled from the data, and the QA log. It raises DataError, before anything is written,
when a check fails or the data a document needs is missing.

Published figures that the source computed from finer data than it prints (支給率の基準となる率,
付加共済金原資: rate_inputs.csv items published_base_rate, published_fund) are printed as published
after checking that our computation from the printed inputs agrees within the tolerance those rounded
inputs justify; the QA log lists both. The 支給率 itself is computed from the carried 原資 and must agree,
as printed, with ours.

``write_tables`` and ``draw_charts`` write reports/<FY>/tables/*.csv and reports/<FY>/charts/*.svg.
"""
from __future__ import annotations

import datetime as dt
import string
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from . import charts, era  # charts first: it selects matplotlib's svg backend
from . import shikyuritsu as sk
from .dataio import LINE, DataError
from .numbers import fmt_number, round_half_up
from . import tables as csv_tables
from .unyo import QA

import matplotlib.pyplot as plt  # noqa: E402  (after kyosai.charts)
from matplotlib.ticker import FuncFormatter  # noqa: E402

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
}
# The placeholders a text in notes.csv may use (documented in data/datapackage.yaml, shikyuritsu_notes).
TEXT_FIELDS = ("fy", "prev_fy", "assets_month", "introduced", "first_payout", "sigma", "share", "months")
BASIS_JA = {"reference": "感応度の試算", "published": "平成29年資料の案", "assumption": "仮定を置いた試算"}


# ---------------------------------------------------------------- small helpers

def join_ja(words: list[str]) -> str:
    """平成30年度、令和3年度、令和4年度及び令和6年度: 「、」 between, 「及び」 before the last."""
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return "、".join(words[:-1]) + "及び" + words[-1]


def fraction_ja(share: Decimal) -> str:
    """0.5 → 1/2 (the share of the 原資 as the documents write it)."""
    f = Fraction(share).limit_denominator(100)
    if Decimal(f.numerator) / Decimal(f.denominator) != share:
        return fmt_number(share, 2)
    return f"{f.numerator}/{f.denominator}"


def share_divisor(share: Decimal) -> int | None:
    """0.5 → 2: the documents write a share of 1/n as 「/ n」; None for any other share."""
    f = Fraction(share).limit_denominator(100)
    return f.denominator if f.numerator == 1 and Decimal(1) / f.denominator == share else None


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


def input_tolerance_of_ratio(numerator: Decimal, denominator: Decimal, half_n: Decimal, half_d: Decimal) -> Decimal:
    """How far n/d can move when n and d are each rounded by up to half_n / half_d."""
    base = numerator / denominator
    return max(abs((numerator + a) / (denominator + b) - base)
               for a in (-half_n, half_n) for b in (-half_d, half_d))


def carry_published(label: str, computed: Decimal, published: Decimal | None, places: int,
                    input_tolerance: Decimal, why: str, row: dict | None, qa: QA) -> dict:
    """The figure to print: the published one, where the data carries it, after checking that our
    ``computed`` (unrounded, from printed inputs) lies within ``input_tolerance`` (what the rounding of
    those inputs allows) plus half a unit of the published figure's last digit; otherwise ours.
    Status as kyosai.calc.reconcile names them: computed, agrees, within_rounding."""
    shown = round_half_up(computed, places)
    if published is None:
        qa.add("derived", label, f"{shown} computed; no published figure in the data")
        return {"value": computed, "status": "computed", "computed": computed, "published": None,
                "tolerance": None}
    tolerance = input_tolerance + Decimal(1).scaleb(-places) / 2
    diff = computed - published
    where = f"{FILE['inputs']} line {row[LINE]}" if row else FILE["inputs"]
    if abs(diff) > tolerance:
        qa.fail(f"{where}: {label}: published {published} differs from our {computed:.{places + 3}f} by "
                f"{diff:.{places + 3}f}, more than the ±{tolerance:.{places + 3}f} that rounding allows ({why})")
        qa.add("carried", label, f"published {published} vs computed {shown}: outside tolerance", ok=False)
        return {"value": published, "status": "error", "computed": computed, "published": published,
                "tolerance": tolerance}
    status = "agrees" if shown == published else "within_rounding"
    qa.add("carried", label,
           f"the document prints the published {published}; computed from the printed figures "
           f"{computed:.{places + 3}f} (→ {shown}), difference {diff:.{places + 3}f} within ±{tolerance:.{places + 3}f} "
           f"= {why} ±{input_tolerance:.{places + 3}f} + rounding of the published figure "
           f"±{Decimal(1).scaleb(-places) / 2} ({where})")
    return {"value": published, "status": status, "computed": computed, "published": published,
            "tolerance": tolerance}


def fill(text: str, fields: dict[str, str], where: str, qa: QA) -> str:
    """Fill the {placeholders} of a text from notes.csv; an unknown one stops the build."""
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        qa.fail(f"{where}: {exc} (write a literal brace as {{{{ or }}}})")
        return text
    unknown = [n for n in names if n not in fields]
    if unknown:
        qa.fail(f"{where}: unknown placeholder {', '.join('{' + n + '}' for n in unknown)}; "
                f"a text may use {', '.join('{' + f + '}' for f in TEXT_FIELDS)}")
        return text
    return text.format(**fields)


def _rows(tables: dict, name: str, fy: int) -> list[dict]:
    frame = tables[name]
    return frame[frame["rate_fiscal_year"] == fy].to_dict("records")


# ---------------------------------------------------------------- the document model

def build_document(tables: dict, fy: int) -> dict:
    """Everything the 支給率 document of rate fiscal year ``fy`` prints. Raises DataError on failed checks."""
    qa = QA()
    docs = _rows(tables, "shikyuritsu_documents", fy)
    if not docs:
        raise DataError([f"{FILE['documents']}: no row for rate fiscal year {fy} ({era.fy_long(fy)}): "
                         f"its publication month and issuer are needed for the cover"])
    doc = docs[0]
    try:
        rm = sk.rate_model(tables, fy)
    except ValueError as exc:
        raise DataError([f"data/shikyuritsu: {exc}"]) from None
    inputs, method, calc = rm["inputs"], rm["method"], rm["calculation"]
    if not rm["risk_levels"]:
        raise DataError([f"{FILE['inputs']}: FY{fy} has no 推計リスク inputs (entrusted_assets, expected_return, "
                         f"std_dev, horizon_months); the document's section 3 needs them"])
    items = {r["item"]: r for r in _rows(tables, "shikyuritsu_rate_inputs", fy)}

    # -------- checks of the printed tables (engine): agreement, 端数差, or a stop
    projection_names = {c.name for c in sk.projection_checks(tables, fy)}
    for c in rm["checks"]:
        file = FILE["projection"] if c.name in projection_names else FILE["components"]
        detail = f"computed from the printed figures {fmt_number(c.computed)} vs printed {fmt_number(c.published)}"
        if c.exact:
            qa.add("identity", c.name, detail + ": equal")
        elif c.ok:
            qa.add("rounding", c.name, detail + f": differs by {c.difference}, within the ±{c.tolerance} that "
                                                "independent rounding allows (※ 端数処理)")
        else:
            qa.fail(f"{file}: {c.name}: {detail} differs by {c.difference}, more than rounding allows (±{c.tolerance})")
            qa.add("identity", c.name, detail + f": differs by {c.difference}", ok=False)

    # -------- the figures as printed
    surplus_parts = next((c for c in rm["checks"] if c.name == "イ − ロ − ハ − ニ + ホ = 剰余金見込額"), None)
    surplus_projection = next((c for c in rm["checks"] if c.name == f"{era.fy_long(fy)}: (6) = (4) − (5)"), None)
    qa.add("carried", "剰余金見込額",
           f"the document prints the published {fmt_number(inputs.surplus)} ({FILE['inputs']} line "
           f"{items['surplus_forecast'][LINE]}) and computes with it; the printed parts イ−ロ−ハ−ニ+ホ give "
           f"{fmt_number(surplus_parts.computed) if surplus_parts else '－'}"
           + (f" and the 財政収支 (4)−(5) gives {fmt_number(surplus_projection.computed)}"
              if surplus_projection else "")
           + ": the source subtracted unrounded figures")
    base = carry_published(
        "支給率の基準となる率", calc.base_rate, (items.get("published_base_rate") or {}).get("value"), PLACES["rate"],
        input_tolerance_of_ratio(inputs.surplus, inputs.assumed_benefits_total, HALF, HALF),
        "the rounding of 剰余金見込額 and 仮定共済金等の発生見込総額 to 1億円", items.get("published_base_rate"), qa)
    fund_tolerance = method.fund_share * (HALF + (HALF if method.deduct_retained else 0))
    fund = carry_published(
        "付加共済金原資", calc.fund, (items.get("published_fund") or {}).get("value"), PLACES["fund"], fund_tolerance,
        "the rounding of 剰余金見込額" + (" and 過年度の留保額" if method.deduct_retained else "") + " to 1億円, × "
        + fraction_ja(method.fund_share), items.get("published_fund"), qa)
    rate = fund["value"] / inputs.assumed_benefits_total
    rate_shown, ours_shown = round_half_up(rate, PLACES["rate"]), round_half_up(calc.rate, PLACES["rate"])
    if rate_shown != ours_shown:
        qa.fail(f"{FILE['inputs']}: 支給率 from the published 付加共済金原資 {fund['value']} is {rate_shown}, "
                f"from our computation {ours_shown}: they must agree as printed")
    qa.add("derived", "支給率",
           f"{fund['value']} / {inputs.assumed_benefits_total} = {rate:.8f} → {rate_shown} (from the printed 原資); "
           f"from our unrounded 原資 {calc.fund:.2f}: {calc.rate:.8f} → {ours_shown}"
           + (": the same as printed" if rate_shown == ours_shown else ": DIFFERENT"), ok=rate_shown == ours_shown)
    qa.add("derived", "推計リスク",
           f"{method.risk_sigma}σ: {inputs.entrusted_assets} × ({inputs.expected_return}% × {inputs.horizon_months}/12 − "
           f"{inputs.std_dev}% × {method.risk_sigma} × √({inputs.horizon_months}/12)) = ▲{calc.risk:.2f} → "
           f"▲{round_half_up(calc.risk)} (computed; the document prints it as computed)")
    qa.add("derived", "控除後の剰余金見込額",
           f"{inputs.surplus} − {calc.retained} − {calc.risk:.2f} − {calc.potential_loss} = {calc.available:.2f} → "
           f"{round_half_up(calc.available)} (computed from the published 剰余金見込額)")

    # -------- notes on conventions and gaps
    top = rm["risk_levels"][-1]
    qa.add("note", "水準以下に含まれる確率",
           f"printed as the source tabulates it: half of what the two-sided ±kσ range (to 0.01%) leaves out, "
           f"{', '.join(fmt_number(r.probability, 2) + '%' for r in rm['risk_levels'])}; the exact lower tail at "
           f"{top.sigma}σ is {fmt_number(sk.normal_tail(top.sigma), 2)}% (kyosai.shikyuritsu.shortfall_probability)")
    qa.add("note", "発生頻度", "「N年に1度程度」 = 100 / 確率 rounded half up to one significant figure: "
           + ", ".join(f"{100 / r.probability:.1f} → {r.once_in_years}" for r in rm["risk_levels"]))
    years = rm["payout_years"]
    retained_rows = {r["entry"]: r for r in _rows(tables, "shikyuritsu_retained_amounts", fy)}
    missing = [y for y in years if retained_rows[str(y)]["amount"] is None]
    if missing:
        qa.add("gap", "過年度の留保額の内訳",
               f"the source prints only the total {fmt_number(inputs.retained)} for "
               f"{join_ja([era.fy_long(y) for y in years])}; the amount of each year is not printed "
               f"({FILE['retained']}); the total is deducted")
    for d in method.decisions:
        if d.note:
            qa.add("note", f"{d.body_ja}", f"{d.note} ({FILE['decisions']})")
    qa.add("note", "参考計算",
           "the scenario table (data/shikyuritsu/scenarios.csv) is our own calculation, printed as 「参考計算（公表資料にはない"
           "試算）」: it uses our unrounded 原資, so its 現行方式 row shows the computed, not the published, 原資")

    # -------- texts
    assets_month = month_of(items["entrusted_assets"]["as_of"])
    verification = month_of(items["expected_return"]["as_of"])
    fields = {
        "fy": era.fy_long(fy), "prev_fy": era.fy_long(fy - 1),
        "assets_month": era.month_long(*assets_month) if assets_month else "",
        "introduced": year_ja(doc["benefit_introduced"]),
        "first_payout": era.fy_long(min(years)) if years else "",
        "sigma": fmt_number(method.risk_sigma) if method.risk_sigma is not None else "",
        "share": fraction_ja(method.fund_share), "months": fmt_number(inputs.horizon_months),
    }
    texts = {}
    for r in _rows(tables, "shikyuritsu_notes", fy):
        own = dict(fields)
        if r["key"].startswith("decision."):
            d = next((d for d in method.decisions if d.decision_id == r["key"].split(".", 1)[1]), None)
            if d is not None and d.risk_sigma is not None:
                own["sigma"] = fmt_number(d.risk_sigma)
        texts[r["key"]] = fill(r["text"], own, f"{FILE['notes']} line {r[LINE]}, column text", qa)

    # -------- tables of the document
    lines = tables["shikyuritsu_projection_lines"].sort_values("order").to_dict("records")
    role = {ln["line"]: ln for ln in lines}
    values = {(r["fiscal_year"], r["line"]): r for r in _rows(tables, "shikyuritsu_fiscal_projection", fy)}
    columns = sorted({(y, values[(y, ln)]["kind"]) for (y, ln) in values})
    projection = {
        "columns": [{"fiscal_year": y, "kind": k, "head": era.fy_long(y) + ("実績" if k == "actual" else "見込")}
                    for y, k in columns],
        "rows": [{"line": ln["line"], "label_ja": ln["label_ja"], "role": ln["role"], "unit": ln["unit"],
                  "depth": 0 if not ln["parent"] else 1 + (1 if role[ln["parent"]]["parent"] else 0),
                  "values": [values[(y, ln["line"])]["value"] if (y, ln["line"]) in values else None for y, _ in columns]}
                 for ln in lines],
    }
    comp_rows = sorted(_rows(tables, "shikyuritsu_surplus_components", fy), key=lambda r: r["order"])
    components = []
    for comp in sk.COMPONENT_SIGN:
        total = next(r for r in comp_rows if r["component"] == comp and r["item"] == "total")
        components.append({"component": comp, "kana": sk.COMPONENT_KANA[comp], "label_ja": total["label_ja"],
                           "amount": total["amount"],
                           "items": [{"item": r["item"], "label_ja": r["label_ja"], "amount": r["amount"],
                                      "remark": r["remark"] or ""}
                                     for r in comp_rows if r["component"] == comp and r["item"] != "total"]})
    formula = "".join(("" if i == 0 else ("＋" if sk.COMPONENT_SIGN[c] > 0 else "－")) + sk.COMPONENT_KANA[c]
                      for i, c in enumerate(sk.COMPONENT_SIGN))

    # deductions from the 剰余金見込額, in the order of the method
    deductions = []
    if method.deduct_retained:
        deductions.append({"kind": "retained", "value": calc.retained})
    if method.risk_sigma is not None:
        deductions.append({"kind": "risk", "value": calc.risk, "sigma": method.risk_sigma})
    if method.deduct_potential_loss:
        deductions.append({"kind": "potential_loss", "value": calc.potential_loss})
    for d in deductions:
        d["printed_zero"] = round_half_up(d["value"]) == 0

    committee = [d for d in method.decisions if d.decided_on is not None]
    decisions = [{"decision_id": d.decision_id, "body_ja": d.body_ja, "date_ja": d.date_ja,
                  "month_ja": era.month_long(d.decided_on.year, d.decided_on.month), "text_ja": d.text_ja,
                  "explanation": texts.get(f"decision.{d.decision_id}"),
                  "sets_risk": d.risk_sigma is not None} for d in committee]

    scen = [] if rm["scenarios"] is None else rm["scenarios"].to_dict("records")
    for s in scen:
        s["basis_ja"] = BASIS_JA[s["basis"]]
        s["current"] = (s["method"] == "current" and s["sigma_multiple"] == method.risk_sigma and s["target"] is None
                        and s["expected_return"] == inputs.expected_return and s["std_dev"] == inputs.std_dev)

    published_year, published_month = map(int, doc["published"].split("-"))
    model = {
        "fiscal_year": fy,
        "title": f"小規模企業共済制度の{era.fy_long(fy)}付加共済金の支給率について",
        "meta": {"published_ja": era.month_long(published_year, published_month), "issuer_ja": doc["issuer_ja"],
                 "document_date": doc["document_date"]},
        "texts": texts,
        "fy_end_label": era.fy_long(fy) + "末",
        "payout_years_ja": join_ja([era.fy_long(y) for y in years]),
        "inputs": {"surplus": inputs.surplus, "assumed_benefits_total": inputs.assumed_benefits_total,
                   "entrusted_assets": inputs.entrusted_assets, "expected_return": inputs.expected_return,
                   "std_dev": inputs.std_dev, "horizon_months": inputs.horizon_months,
                   "retained": inputs.retained, "potential_loss": inputs.potential_loss,
                   "assets_as_of_ja": fields["assets_month"] + "末" if assets_month else "",
                   "verification_ja": era.month_long(*verification) if verification else "",
                   "months_per_year": sk.MONTHS_PER_YEAR},
        "method": {"fund_share": method.fund_share, "share_ja": fraction_ja(method.fund_share),
                   "share_divisor": share_divisor(method.fund_share),
                   "risk_sigma": method.risk_sigma, "deduct_retained": method.deduct_retained,
                   "deduct_potential_loss": method.deduct_potential_loss},
        "surplus_table": {"components": components, "formula": formula, "surplus": inputs.surplus},
        "projection": projection,
        "base_rate": base,
        "risk": calc.risk,
        "risk_change": -calc.risk,  # printed ▲ (a loss)
        "risk_levels": [{"sigma": r.sigma, "probability": r.probability, "once_in_years": Decimal(r.once_in_years),
                         "risk": r.risk} for r in rm["risk_levels"]],
        "deductions": deductions,
        "available": calc.available,
        "fund": fund,
        "rate": rate,
        "rate_computed": calc.rate,
        "decisions": decisions,
        "scenarios": scen,
        "checks": rm["checks"],
    }
    if qa.errors:
        raise DataError(qa.errors)
    model["qa"] = qa.entries
    return model


def sections(model: dict) -> list[dict]:
    """The chapters, for the 目次 and the headings."""
    fy = era.fy_long(model["fiscal_year"])
    out = [("overview", "小規模企業共済制度の付加共済金の概要"),
           ("base-rate", "「支給率の基準となる率」の算定"),
           ("other", "「支給率」の決定に当たっての「その他の事情を勘案」について"),
           ("decision", f"{fy}の付加共済金の支給率の決定（案）")]
    return [{"id": i, "number": n, "title": t} for n, (i, t) in enumerate(out, 1)]


# ---------------------------------------------------------------- CSV tables

def _r(value: Decimal | None, places: int) -> str:
    if value is None:
        return ""
    r = round_half_up(value, places)
    return str(abs(r) if r == 0 else r)


def document_tables(model: dict) -> dict[str, tuple[list[str], list[list]]]:
    """name → (header, rows): every table of the document, rounded as printed."""
    fy = model["fiscal_year"]
    out: dict[str, tuple[list[str], list[list]]] = {}
    rows = []
    for c in model["surplus_table"]["components"]:
        rows.append([fy, c["component"], c["kana"], "total", c["label_ja"], _r(c["amount"], 0)])
        rows += [[fy, c["component"], c["kana"], i["item"], i["label_ja"], _r(i["amount"], 0)] for i in c["items"]]
    rows.append([fy, "surplus_forecast", "", "total", model["surplus_table"]["formula"], _r(model["surplus_table"]["surplus"], 0)])
    out["surplus_components"] = (["rate_fiscal_year", "component", "kana", "item", "label_ja", "amount_oku"], rows)

    proj = model["projection"]
    out["fiscal_projection"] = (
        ["rate_fiscal_year", "line", "label_ja", "fiscal_year", "kind", "value", "unit"],
        [[fy, r["line"], r["label_ja"], col["fiscal_year"], col["kind"], _r(v, 2 if r["unit"] == "%" else 0), r["unit"]]
         for r in proj["rows"] for col, v in zip(proj["columns"], r["values"])])

    ins, fund, base = model["inputs"], model["fund"], model["base_rate"]
    d = {x["kind"]: x["value"] for x in model["deductions"]}
    calc_rows = [
        ["surplus_forecast", "剰余金見込額", _r(ins["surplus"], 0), "億円", "published", ""],
        ["assumed_benefits_total", "仮定共済金等の発生見込総額", _r(ins["assumed_benefits_total"], 0), "億円", "published", ""],
        ["base_rate", "支給率の基準となる率", _r(base["value"], 5), "ratio", base["status"], _r(base["computed"], 5)],
        ["retained", "過年度の留保額", _r(d.get("retained"), 0), "億円", "published", ""],
        ["risk", "推計リスク", _r(d.get("risk"), 0), "億円", "computed", _r(d.get("risk"), 2)],
        ["potential_loss", "満期保有債券の予定利率に対する潜在的な損失額", _r(d.get("potential_loss"), 0), "億円", "published", ""],
        ["available", "控除後の剰余金見込額", _r(model["available"], 0), "億円", "computed", _r(model["available"], 2)],
        ["fund", "付加共済金原資", _r(fund["value"], 1), "億円", fund["status"], _r(fund["computed"], 2)],
        ["rate", "支給率", _r(model["rate"], 5), "ratio", "computed from the printed fund", _r(model["rate_computed"], 5)],
    ]
    out["rate_calculation"] = (["rate_fiscal_year", "item", "label_ja", "value", "unit", "status", "computed_value"],
                               [[fy] + r for r in calc_rows])

    out["risk_levels"] = (["rate_fiscal_year", "sigma", "probability_pct", "once_in_years", "risk_oku"],
                          [[fy, _r(r["sigma"], 0), _r(r["probability"], 2), r["once_in_years"], _r(r["risk"], 0)]
                           for r in model["risk_levels"]])
    out["decisions"] = (["rate_fiscal_year", "decision_id", "body_ja", "decided_on", "text_ja"],
                        [[fy, x["decision_id"], x["body_ja"], x["date_ja"], x["text_ja"]] for x in model["decisions"]])
    out["scenarios"] = (["rate_fiscal_year", "scenario_id", "label_ja", "basis", "sigma", "expected_return_pct",
                         "std_dev_pct", "target_oku", "risk_oku", "available_oku", "fund_oku", "retained_after_oku", "rate"],
                        [[fy, s["scenario_id"], s["label_ja"], s["basis"], _r(s["sigma_multiple"], 0),
                          _r(s["expected_return"], 2), _r(s["std_dev"], 2), _r(s["target"], 0), _r(s["risk"], 0),
                          _r(s["available"], 0), _r(s["fund"], 1), _r(s["retained_after"], 1), _r(s["rate"], 5)]
                         for s in model["scenarios"]])
    return out


def write_tables(model: dict, folder: Path) -> list[Path]:
    """The 支給率 document's tables."""
    return csv_tables.write_tables(document_tables(model), folder)


# ---------------------------------------------------------------- charts

def waterfall_steps(model: dict) -> list[dict]:
    """From the 剰余金見込額 down to the 付加共済金原資: (label, start, end, kind) with printed figures."""
    amount = PLACES["amount"]
    steps = [{"label": "剰余金見込額", "start": Decimal(0), "end": round_half_up(model["inputs"]["surplus"], amount),
              "kind": "total", "text": fmt_number(model["inputs"]["surplus"])}]
    level = steps[0]["end"]
    names = {"retained": "過年度の\n留保額", "potential_loss": "満期保有債券の\n潜在的損失額"}
    for d in model["deductions"]:
        v = round_half_up(d["value"], amount)
        label = f"推計リスク\n（{fmt_number(d['sigma'])}σ）" if d["kind"] == "risk" else names[d["kind"]]
        steps.append({"label": label, "start": level, "end": level - v, "kind": "deduction", "text": fmt_number(-v)})
        level -= v
    steps.append({"label": "控除後の\n剰余金見込額", "start": Decimal(0), "end": round_half_up(model["available"], amount),
                  "kind": "total", "text": fmt_number(model["available"])})
    fund = model["fund"]["value"]
    steps.append({"label": f"積立金\n（{model['method']['share_ja']}を留保）", "start": steps[-1]["end"],
                  "end": round_half_up(fund, PLACES["fund"]), "kind": "retain", "text": ""})
    steps.append({"label": "付加共済金原資", "start": Decimal(0), "end": round_half_up(fund, PLACES["fund"]),
                  "kind": "result", "text": fmt_number(fund, PLACES["fund"])})
    return steps


def waterfall_chart(steps: list[dict], title: str, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7.2, 3.2))
    colors = {"total": charts.PALETTE["self"], "deduction": charts.PALETTE["breach"],
              "retain": charts.PALETTE["reserve"], "result": charts.PALETTE["surplus"]}
    top = max(float(max(s["start"], s["end"])) for s in steps)
    for x, s in enumerate(steps):
        lo, hi = sorted((float(s["start"]), float(s["end"])))
        ax.bar(x, hi - lo, bottom=lo, width=0.6, color=colors[s["kind"]], zorder=2)
        if s["text"]:
            ax.annotate(s["text"], (x, hi), ha="center", va="bottom", xytext=(0, 2), textcoords="offset points",
                        fontsize=8, color=colors[s["kind"]] if s["kind"] == "deduction" else "black")
        if x + 1 < len(steps):
            ax.plot([x + 0.3, x + 0.7], [float(s["end"])] * 2, color="#7f7f7f", linewidth=0.6, zorder=1)
    ax.set_xticks(range(len(steps)), [s["label"] for s in steps], fontsize=7.5)
    ax.set_ylim(0, top * 1.12)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel("億円")
    ax.set_title(title, fontsize=9)
    return charts._save(fig, path)


def scenario_chart(scenarios: list[dict], published_rate: Decimal, path: Path) -> Path:
    rows = list(reversed(scenarios))
    fig, ax = plt.subplots(figsize=(7.2, 0.26 * len(rows) + 0.8))
    ys = range(len(rows))
    rates = [float(round_half_up(s["rate"], PLACES["rate"])) for s in rows]
    ax.barh(list(ys), rates, height=0.6, zorder=2,
            color=[charts.PALETTE["entrusted"] if s["current"] else charts.PALETTE["self"] for s in rows])
    for y, v in zip(ys, rates):
        ax.annotate(f"{v:.5f}", (v, y), va="center", ha="left", xytext=(3, 0), textcoords="offset points", fontsize=7,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6}, zorder=4)
    ax.axvline(float(published_rate), color="black", linewidth=0.6, linestyle=":", zorder=1)
    ax.set_yticks(list(ys), [s["label_ja"] for s in rows], fontsize=7)
    ax.set_xlim(0, max(rates + [float(published_rate)]) * 1.25)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.3f}"))
    ax.set_title(f"シナリオ別の支給率（参考計算。点線は本資料の支給率 {float(published_rate):.5f}）", fontsize=9)
    return charts._save(fig, path)


def draw_charts(model: dict, out: Path, font_path: str) -> dict[str, str]:
    """Draw the charts of the document; returns chart key → file name."""
    charts.setup(font_path)
    out.mkdir(parents=True, exist_ok=True)
    made = {"waterfall": waterfall_chart(
        waterfall_steps(model), f"{era.fy_long(model['fiscal_year'])}の付加共済金原資の算定（億円）",
        out / "shikyuritsu_waterfall.svg").name}
    if model["scenarios"]:
        made["scenarios"] = scenario_chart(model["scenarios"], round_half_up(model["rate"], PLACES["rate"]),
                                           out / "shikyuritsu_scenarios.svg").name
    return made
