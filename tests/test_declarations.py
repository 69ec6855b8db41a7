"""Declarations drive everything (issue #21): each chart is declared once (kyosai.chartkit.ChartSet: key,
condition, title, drawing, alternative text), and what draws the charts and what describes them both read that
declaration."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kyosai import chartkit
from kyosai.bunseki import charts as bunseki_charts
from kyosai.shikyuritsu import charts as shikyuritsu_charts
from kyosai.unyo import charts as unyo_charts

ROOT = Path(__file__).resolve().parents[1]
FONT = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))["font_path"]


def test_a_chart_declared_once_is_drawn_and_described_from_its_declaration(tmp_path):
    """The title is written once: the drawing gets it and the alternative text opens with it; a chart whose
    condition fails is neither drawn nor described; one declaration with ``each`` makes one chart per item."""
    drawn = []

    def draw(data, title, path):
        drawn.append((path.name, title))
        path.write_text("<svg/>", encoding="utf-8")
        return path

    charts = chartkit.ChartSet(
        chartkit.Chart("yields", lambda m: m["yields"], title="運用利回りの推移", draw=draw,
                       alt=lambda rows: [("運用資産全体", [(r["fy"], f"{r['v']}%") for r in rows])]),
        chartkit.Chart("market", lambda m: m["market"], when=bool, title="市場環境", draw=draw, alt=lambda d: []),
        chartkit.Chart("deviation_{fiscal_year}", lambda m: m["years"], each=True, draw=draw,
                       title=lambda y: f"乖離（{y['fiscal_year']}年度末）", alt_title="乖離", alt=lambda y: [("", [("国内債券", "1.0pt")])]),
    )
    model = {"yields": [{"fy": "R05年度", "v": "1.93"}, {"fy": "R06年度", "v": "0.43"}], "market": None,
             "years": [{"fiscal_year": 2023}, {"fiscal_year": 2024}]}
    made = charts.draw(model, tmp_path, FONT)
    assert made == {"yields": "yields.svg", "deviation_2023": "deviation_2023.svg", "deviation_2024": "deviation_2024.svg"}
    assert drawn == [("yields.svg", "運用利回りの推移"), ("deviation_2023.svg", "乖離（2023年度末）"),
                     ("deviation_2024.svg", "乖離（2024年度末）")]
    assert charts.alt_texts(model) == {"yields": "運用利回りの推移。運用資産全体：R05年度 1.93%、R06年度 0.43%。",
                                       "deviation_2023": "乖離。国内債券 1.0pt。", "deviation_2024": "乖離。国内債券 1.0pt。"}
    with pytest.raises(ValueError, match="declared twice"):
        chartkit.ChartSet(chartkit.Chart("a", dict, "A", draw, list), chartkit.Chart("a", dict, "B", draw, list))


@pytest.mark.parametrize("module, keys", [
    (unyo_charts, ["deviation_{fiscal_year}", "composition", "yields", "balances", "cash_flows", "bond_issuers",
                   "fund_performance", "market"]),
    (bunseki_charts, ["cash_flows", "basic_profit", "reserve_yield", "surplus_nikkei", "deficit_plan",
                      "reserve_projections", "sensitivity"]),
    (shikyuritsu_charts, ["waterfall", "scenarios"]),
])
def test_every_document_declares_its_charts_in_one_chart_set(module, keys):
    """Each document's charts module has one ChartSet, and no second list of its charts (a draw() and an
    alt_texts() of its own, each repeating the charts' keys, conditions and titles)."""
    assert [c.key for c in module.CHARTS] == keys
    assert not hasattr(module, "draw") and not hasattr(module, "alt_texts")


def test_the_2024_report_describes_the_charts_it_draws_with_the_published_figures(model2024):
    """The keys described are the keys drawn (one declaration), and the figures are 000's: 運用利回り 0.43%
    (自家運用 0.92%, 委託運用 ▲1.11%) for 令和6年度."""
    alts = unyo_charts.CHARTS.alt_texts(model2024)
    assert set(alts) == {key for c in unyo_charts.CHARTS for key, _ in c.instances(model2024)}
    assert alts["yields"].startswith("運用利回りの推移。運用資産全体：")
    assert "R06年度 0.43%" in alts["yields"].split("。")[1]
    assert "R06年度 0.92%" in alts["yields"].split("。")[2] and "R06年度 ▲1.11%" in alts["yields"].split("。")[3]
    assert "cash_flows" in alts
    without = unyo_charts.CHARTS.alt_texts({**model2024, "cash_flows": {**model2024["cash_flows"], "rows": []}})
    assert set(alts) - set(without) == {"cash_flows"}


# ---------------------------------------------------------------- printed tables: formats from their TableSpec

def unyo_page(model: dict, tmp_path: Path) -> str:
    """The 2024 運用状況's publication HTML, rendered through Document.page (charts named, not drawn)."""
    from kyosai.unyo.view import DOCUMENT
    made = {key: f"{key}.svg" for c in unyo_charts.CHARTS for key, _ in c.instances(model)}
    frame = DOCUMENT.frame(model, "publication", tmp_path, made, tmp_path)
    return DOCUMENT.page(model, DOCUMENT.view(model, DOCUMENT.tables.rows(model)), frame)


def returns_table(html: str) -> str:
    return html[html.index('<table class="dense returns">'):].split("</table>", 1)[0]


def test_the_printed_returns_table_takes_its_decimals_from_the_tables_declaration(model2024, tmp_path, monkeypatch):
    """運用利回りの推移 prints each figure as RETURN_ITEMS declares it (000 §3: 0.43%, 運用損益額 516億円): declared with
    three decimals, the table prints 0.430% (and the lead, prose, keeps its own 0.43%); nothing else chooses them."""
    import dataclasses

    from kyosai.tablespec import Item
    from kyosai.unyo.tables import TABLES
    table = returns_table(unyo_page(model2024, tmp_path))
    assert "<td class=\"num\">0.43%</td>" in table and "<td class=\"num\">516</td>" in table
    spec = TABLES["returns"]
    monkeypatch.setitem(TABLES.specs, "returns", dataclasses.replace(spec, items={
        **spec.items, "yield": Item("運用利回り", "%", 3, "yield"), "income": Item("運用損益額", "億円", 1, "flow")}))
    html = unyo_page(model2024, tmp_path)
    table = returns_table(html)
    assert "<td class=\"num\">0.430%</td>" in table and "<td class=\"num\">516.0</td>" in table
    assert "0.43%" not in table.replace("0.430%", "")
    assert "運用利回りは0.43%" in html


def test_shown_prints_a_column_or_an_item_as_declared():
    from kyosai.bunseki.tables import TABLES as BUNSEKI
    from kyosai.unyo.tables import TABLES
    from decimal import Decimal
    assert TABLES["returns"].shown("yield_change", Decimal("-0.125")) == "▲0.13pt"
    assert TABLES["returns"].shown("income", Decimal("-1346.5")) == "▲1,347"
    assert TABLES["fund_performance"].shown("share_pct", Decimal("12.25")) == "12.3%"
    assert TABLES["fund_performance"].shown("excess_return_pct", None) == "－"
    assert BUNSEKI["sensitivity"].shown("rate", Decimal("0.0123456")) == "0.01235"
