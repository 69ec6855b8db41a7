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
FONT = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))["chart_font_path"]


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
    from kyosai.shikyuritsu.tables import TABLES as SHIKYURITSU
    # 財政収支の予測: a line's unit says its format (unit_formats: 億円 whole, % two decimals)
    assert SHIKYURITSU["fiscal_projection"].shown("value", Decimal("-306.5"), "億円") == "▲307"
    assert SHIKYURITSU["fiscal_projection"].shown("value", Decimal("1.005"), "%") == "1.01%"


# ---------------------------------------------------------------- one config path

def test_the_config_is_checked_once_and_its_defaults_come_from_the_schema(tmp_path):
    """The Snakefile settles the configuration in one call (no second check of the merged values, no Snakemake
    validate, no check of a key in the rules); the diff thresholds' defaults are written in the schema alone."""
    from decimal import Decimal

    from kyosai import config as config_check
    from kyosai.diff import compare
    snakefile = (ROOT / "Snakefile").read_text(encoding="utf-8")
    assert snakefile.count("config_check.settle(") == 1
    assert "validate(" not in snakefile and "check_values(" not in snakefile and "check_file(" not in snakefile
    assert not any('config["chart_font_path"]).is_file()' in p.read_text(encoding="utf-8") for p in (ROOT / "rules").glob("*.smk"))
    schema = config_check.load_schema()
    assert "default" not in schema["properties"]["diff_thresholds"]          # once: the properties' defaults
    assert config_check.defaults(schema) == {"diff_thresholds": {"share_pt": 2.0, "amount_pct": 20, "yield_pt": 3.0}}
    assert "diff_thresholds" not in yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    assert compare.DEFAULT_THRESHOLDS == {"share_pt": Decimal("2.0"), "amount_pct": Decimal("20"), "yield_pt": Decimal("3.0")}
    assert "Decimal(\"2.0\")" not in (ROOT / "scripts/kyosai/diff/compare.py").read_text(encoding="utf-8")

    base = tmp_path / "config.yaml"
    base.write_text((ROOT / "config.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    given = {"diff_thresholds": {"amount_pct": 10}}           # --config diff_thresholds='{amount_pct: 10}'
    settled = config_check.settle(given, [str(base)], schema, base=str(base))
    assert settled is given and settled["diff_thresholds"] == {"share_pt": 2.0, "amount_pct": 10, "yield_pt": 3.0}
    assert settled["unyo_years"] == "all" and settled["chart_font_path"] == FONT
    with pytest.raises(config_check.ConfigError) as exc:
        config_check.settle({"unyo_years": "al"}, [str(base)], schema, base="config.yaml")
    assert exc.value.problems[0].startswith('the configuration (config.yaml with --config), unyo_years: al is not allowed')
    with pytest.raises(config_check.ConfigError) as exc:
        config_check.settle({"chart_font_path": str(tmp_path / "gone.ttf")}, [str(base)], schema, base="config.yaml")
    assert exc.value.problems == [f"config.yaml, chart_font_path: {tmp_path / 'gone.ttf'} does not exist. Install the "
                                  "Japanese font (`make setup` installs fonts-ipaexfont) or set chart_font_path to an "
                                  "installed TrueType/OpenType font."]


def test_the_font_key_says_it_is_the_charts_font(tmp_path):
    """font_path governed the charts only (the pages' font is report.css's family): the key says so, and a config
    still using the old name is told the new one."""
    from kyosai import config as config_check
    schema = config_check.load_schema()
    assert "font_path" not in schema["properties"] and "chart_font_path" in schema["required"]
    assert "charts" in schema["properties"]["chart_font_path"]["description"]
    old = tmp_path / "config.yaml"
    old.write_text("unyo_years: all\nfont_path: /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf\n", encoding="utf-8")
    with pytest.raises(config_check.ConfigError) as exc:
        config_check.check_file(old, schema, name="config.yaml")
    assert exc.value.problems[0] == ("config.yaml, line 2: unknown key font_path (did you mean chart_font_path?). "
                                     "The keys are: unyo_years, chart_font_path, diff_thresholds")


# ---------------------------------------------------------------- completeness from the declarations

def test_what_a_year_needs_of_a_tables_data_follows_from_its_declaration(tables, monkeypatch):
    """The tables declaring ``data`` (bond_issuers, fund_performance, life_insurance_yield) are what make check
    demands a year's rows of: a year without them is told each file and what to add; a table no longer declaring
    its data is no longer demanded; a declared total row is demanded of the year's rows."""
    import dataclasses

    from kyosai.dataio import Rows
    from kyosai.unyo import completeness
    from kyosai.unyo.tables import TABLES
    assert [(s.id, s.data, s.total_row) for s in TABLES if s.data] == [
        ("bond_issuers", "bond_issuers", None), ("life_insurance_yield", "life_insurance_yield", ("component", "total")),
        ("fund_performance", "fund_performance", ("asset_class", "total"))]
    problems = completeness.missing_rows(tables, 2025, [], set())
    assert ("data/unyo/bond_issuers.csv: the 令和7年度 report needs it, but there is no 国内債券（簿価）の種別構成 "
            "(the table bond_issuers): add the rows for fiscal_year 2025, or declare the gap in data/unyo/gaps.csv") in problems
    assert any(p.startswith("data/unyo/life_insurance_yield.csv: the 令和7年度 report needs it, but there is no "
                            "生命保険資産の利回り") for p in problems)
    monkeypatch.setitem(TABLES.specs, "bond_issuers", dataclasses.replace(TABLES["bond_issuers"], data=None))
    assert not any("bond_issuers.csv" in p for p in completeness.missing_rows(tables, 2025, [], set()))
    without_total = Rows(r for r in tables["life_insurance_yield"] if not (r["fiscal_year"] == 2024 and r["component"] == "total"))
    problems = completeness.missing_rows({**tables, "life_insurance_yield": without_total}, 2024, [], set())
    assert ("data/unyo/life_insurance_yield.csv: the 令和6年度 report needs it, but there is no total row (component total): "
            "add the published total for fiscal_year 2024") in problems
