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

from .. import era
from ..dataio import DataError, Rows
from ..qa import QA
from ..texts import fill, sections_for
from .common import FILES, published_figures
from .finance import (basic_profit, cash_flows, deficit_plan, portfolios, reserve_projections, reserve_yield,
                      surplus_history)
from .outcomes import outcomes
from .rates import RateSources, rates

DATA_SECTIONS = ("common", "unyo", "shikyuritsu", "bunseki")   # the folders of data/ this document reads
YEAR_RESOURCES = ("reports",)                                  # what years() reads: the 運用状況 years
ISSUER = "独立行政法人中小企業基盤整備機構（内部資料）"


def years(data: dict[str, Rows]) -> list[int]:
    """The fiscal years with an analysis: every 運用状況 year (one row each in data/unyo/reports.csv)."""
    return sorted(r["fiscal_year"] for r in data["reports"])


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
