"""The analysis's chapters on the 支給率 (seed 003 §2–§3): the rate of every year and the documents it comes from, the
risk levels of the 委託運用 and the rate's sensitivity, the early 基準支給率 and the options for the reserve; figures
from the 支給率 engine (kyosai.shikyuritsu.engine)."""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from .. import era
from ..carried import Carried
from ..dataio import LINE, DataError
from ..numbers import fmt_number, round_half_up
from ..qa import QA
from ..shikyuritsu import engine
from .tables import RATE_PLACES
from .common import (FILES, SIGMAS, ZERO, era_years, first_of_month, line_ja, lines_ja, month_ja, ratio_bound, where,
                     years_ja)

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
