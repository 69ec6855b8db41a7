"""The analysis's chapter 財政収支の予測と実績: every 財政収支 figure an earlier 支給率 document projected against its
outcome, and the mapping of the measures between the 支給率 documents and the 運用状況 checked."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from .. import era
from ..dataio import LINE
from ..qa import QA
from .common import FILES, ZERO, by_year, compare_sources, where, years_ja
from .rates import RateSources

# ---------------------------------------------------------------- 6 財政収支の予測と実績

_TERM = re.compile(r"([+-]?)([a-z_]+)")
PLACES = {"億円": 0, "%": 2}    # the decimals a measure of each unit is compared to


def measure_terms(measures: list[dict], lines: dict[str, dict], qa: QA) -> dict[str, list[tuple[int, str]]]:
    """Each measure of data/bunseki/outcome_measures.csv as the signed lines of the 財政収支 it adds up, checked: every
    line exists and is in the measure's unit, and a measure read from investment_returns names its segment."""
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
    return terms


class Projections:
    """The 財政収支 lines of the 支給率 documents (data/shikyuritsu/fiscal_projection.csv) and the 運用状況's figures of
    the same measures (balance_history, investment_returns)."""

    def __init__(self, data: dict, terms: dict[str, list[tuple[int, str]]]):
        self.values: dict[tuple[int, int, str], dict] = {(r["rate_fiscal_year"], r["fiscal_year"], r["line"]): r
                                                         for r in data["shikyuritsu_fiscal_projection"]}
        self.terms = terms
        self.hist = by_year(data["balance_history"])
        self.ir = {(r["fiscal_year"], r["segment"]): r for r in data["investment_returns"]}

    def actual_row(self, m: dict, y: int) -> dict | None:
        return self.hist.get(y) if m["actual_resource"] == "balance_history" else self.ir.get((y, m["actual_segment"]))

    def actual(self, m: dict, y: int) -> Decimal | None:
        r = self.actual_row(m, y)
        return r[m["actual_column"]] if r else None

    def both_figures(self, m: dict, rate_fy: int, y: int) -> str:
        """Where the two figures of a check stand: the 支給率 document's lines and the 運用状況's cell (and the measure)."""
        rows = [self.values[(rate_fy, y, n)] for _, n in self.terms[m["measure"]]]
        lines_at = f"line{'s' if len(rows) > 1 else ''} {', '.join(str(r[LINE]) for r in rows)}"
        return (f"{FILES['shikyuritsu_fiscal_projection']}, {lines_at} and "
                f"{where(m['actual_resource'], self.actual_row(m, y), m['actual_column'])} "
                f"(measure {m['measure']}, {where('bunseki_outcome_measures', m)})")

    def expression(self, m: dict, rate_fy: int, y: int):
        """The measure's lines in a document's column: ([(sign, value)], the kinds of the figures)."""
        parts = [(s, self.values.get((rate_fy, y, n))) for s, n in self.terms[m["measure"]]]
        if any(v is None for _, v in parts):
            return None, None
        return [(s, v["value"]) for s, v in parts], {v["kind"] for _, v in parts}


def check_measures(p: Projections, measures: list[dict], docs: list[int], fy: int, qa: QA) -> dict[tuple[int, int], int]:
    """The mapping of each measure holds wherever a document known by this one's date prints a 実績 the 運用状況 data has
    up to ``fy``: a later document's rows are checked by the documents that know it, never by an earlier one (whose
    tables and build they must leave as they were); a disagreement names the file and line of both figures. Returns
    (rate document, fiscal year) → measures checked."""
    checked: dict[tuple[int, int], int] = {}
    for m in measures:
        for rate_fy in docs:
            for y in sorted({k[1] for k in p.values if k[0] == rate_fy and k[1] <= fy}):
                parts, kinds = p.expression(m, rate_fy, y)
                a = p.actual(m, y)
                if parts is None or kinds != {"actual"} or a is None:
                    continue
                checked[(rate_fy, y)] = checked.get((rate_fy, y), 0) + 1
                compare_sources(qa, f"{era.fy_long(y)} {m['label_ja']}", f"{era.fy_long(rate_fy)}の支給率資料の実績",
                                parts, "運用状況", a, PLACES[m["unit"]], p.both_figures(m, rate_fy, y))
    return checked


def projected_against_outcome(p: Projections, lines: dict[str, dict], measures: list[dict], docs: list[int],
                              fy: int) -> tuple[list[dict], list[dict]]:
    """(rows, pending): each projection of a document with its outcome, the 実績 of a later document for the same
    line (basis document) or the 運用状況's figure of a measure (basis unyo); pending, those without one yet."""
    rows, pending = [], []
    for rate_fy in docs:
        projected = sorted({(k[1], k[2]) for k, v in p.values.items() if k[0] == rate_fy and v["kind"] == "projection"})
        for y, line in projected:
            if y > fy:
                continue
            later = [d for d in docs if d > rate_fy and p.values.get((d, y, line), {}).get("kind") == "actual"]
            if later:
                pv, a = p.values[(rate_fy, y, line)]["value"], p.values[(later[0], y, line)]["value"]
                rows.append({"projected_in": rate_fy, "fiscal_year": y, "measure": line, "label_ja": lines[line]["label_ja"],
                             "basis": "document", "outcome_in": later[0], "projected": pv, "actual": a,
                             "difference": a - pv, "unit": lines[line]["unit"]})
        for y in sorted({y for y, _ in projected}):
            for m in measures:
                parts, kinds = p.expression(m, rate_fy, y)
                if parts is None or "projection" not in kinds:
                    continue
                a = p.actual(m, y) if y <= fy else None
                if a is None:
                    pending.append({"projected_in": rate_fy, "fiscal_year": y, "measure": m["measure"]})
                    continue
                pv = sum((sign * v for sign, v in parts), ZERO)
                rows.append({"projected_in": rate_fy, "fiscal_year": y, "measure": m["measure"], "label_ja": m["label_ja"],
                             "basis": "unyo", "outcome_in": None, "projected": pv, "actual": a, "difference": a - pv,
                             "unit": m["unit"]})
    order = {m["measure"]: m["order"] for m in measures}
    rows.sort(key=lambda r: (r["projected_in"], r["fiscal_year"], r["basis"] != "unyo",
                             order.get(r["measure"], 99), lines.get(r["measure"], {}).get("order", 0)))
    return rows, pending


def outcomes_note(fy: int, as_of: dt.date, docs: list[int], rows: list[dict], pending: list[dict],
                  coverage: list[dict]) -> str:
    """The QA log's note on the chapter: what was compared, and where the measures' mapping was checked."""
    date = era.date_long(as_of)

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
    return text


def outcomes(data: dict, fy: int, sources: RateSources, qa: QA) -> dict:
    """Every 財政収支 figure an earlier 支給率 document projected (見込) for a fiscal year up to ``fy``, against its outcome:
    the 実績 a later 支給率 document prints for the same line, and the 運用状況 figure of the same measure
    (data/bunseki/outcome_measures.csv, the identity checked on every 実績 column the data holds)."""
    lines = {r["line"]: r for r in data["shikyuritsu_projection_lines"]}
    measures = sorted(data["bunseki_outcome_measures"], key=lambda r: r["order"])
    p = Projections(data, measure_terms(measures, lines, qa))
    docs = [d for d in sorted({k[0] for k in p.values}) if sources.known(d)]   # published by the analysis's date
    checked = check_measures(p, measures, docs, fy, qa)
    rows, pending = projected_against_outcome(p, lines, measures, docs, fy)
    coverage = [{"document": d, "fiscal_year": y, "measures": n} for (d, y), n in sorted(checked.items())]
    qa.add("note", "財政収支の予測と実績", outcomes_note(fy, sources.as_of, docs, rows, pending, coverage))
    return {"rows": rows, "documents": docs, "pending": pending,
            "pending_years": sorted({x["fiscal_year"] for x in pending}),
            "checked": coverage}
