"""The analysis pack's workbook and HTML edition (reports/<FY>/bunseki.xlsx, bunseki.html), produced in-process into
a temporary folder by the pieces its job uses (kyosai.workbook.write_workbook; Document.draw_charts, frame, page and
kyosai.render.standalone), without Snakemake or the PDF. Expected figures are transcribed from seeds 003 and 004."""
from __future__ import annotations

import re

import pytest
import yaml
from openpyxl import load_workbook

from conftest import ROOT
from kyosai import render, workbook
from kyosai.bunseki.view import DOCUMENT
from test_html import Page, loads_from_elsewhere

FONT = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))["chart_font_path"]


@pytest.fixture(scope="module")
def book(bunseki2024, tmp_path_factory):
    path = tmp_path_factory.mktemp("bunseki-xlsx") / "bunseki.xlsx"
    workbook.write_workbook(path, DOCUMENT.tables, DOCUMENT.tables.rows(bunseki2024),
                            workbook.About.of(DOCUMENT.title(bunseki2024), bunseki2024))
    return load_workbook(path)


def sheet_rows(book, title: str) -> dict:
    """A sheet's table as {first cell: the row's cells}, from the heading row on."""
    ws = book[title]
    rows = list(ws.iter_rows(min_row=workbook.HEADING_ROW, values_only=True))
    return {"heading": rows[0], **{r[0]: r for r in rows[1:]}}


def test_the_workbook_holds_seed_003s_cash_flows(book):
    assert book["キャッシュ・フローの推移"]["A1"].value.startswith("小規模企業共済 運用環境と財政の分析（令和6年度）")
    t = sheet_rows(book, "キャッシュ・フローの推移")
    # 003 ①, H18年度: 掛金収入 5,135, 共済金等支出 5,644, 収支差 ▲508, 利金等 898, 収支差+利金 390, 償還金 6,298
    assert list(t[2006][1:7]) == [5135, 5644, -508, 898, 390, 6298]
    assert list(t[2016][1:7]) == [6081, 5389, 691, 951, 1642, 4084]                  # 003 ①, H28年度


def test_the_workbook_holds_the_basic_profit_and_the_2009_plan(book):
    t = sheet_rows(book, "基礎的な収益")
    assert list(t[2012][1:4]) == [2712, 2510, 201]      # 003 ④: 当期利益 2,712, 委託運用収入 2,510, 基礎的な収益 201
    t = sheet_rows(book, "繰越欠損金削減計画の経路と実績")
    assert t["heading"][0] == "年度末"
    assert list(t[2008][1:5]) == [-9982, -9982, -9982, 0]    # 004 §1(1): H20年度末 ▲9,982, where both paths start
    # H21年度末: 実績 ▲7,680 (003); the paths one year on, by hand: ▲9,982 + 9,982 / 13 = ▲9,214.15 → ▲9,214 and
    # ▲9,982 + 9,982 / 15 = ▲9,316.53 → ▲9,317; 実績 − the 15-year path = 1,636.53 → 1,637 (四捨五入 as printed)
    assert list(t[2009][1:5]) == [-7680, -9214, -9317, 1637]
    assert book["繰越欠損金削減計画の経路と実績"].cell(workbook.FIRST_ROW, 2).number_format == '#,##0;"▲"#,##0'


@pytest.fixture(scope="module")
def html(bunseki2024, tmp_path_factory):
    """The standalone HTML edition, as Document.write_standalone makes it from the page WeasyPrint reads."""
    folder = tmp_path_factory.mktemp("bunseki-html")
    charts = folder / "charts"
    made = DOCUMENT.draw_charts(bunseki2024, charts, FONT)
    rows = DOCUMENT.tables.rows(bunseki2024)
    page = DOCUMENT.page(bunseki2024, DOCUMENT.view(bunseki2024, rows),
                         DOCUMENT.frame(bunseki2024, "publication", charts, made, folder))
    return render.standalone(page, folder)


def test_the_html_edition_loads_nothing_from_elsewhere(html):
    assert loads_from_elsewhere(html) == []
    assert "<img" not in html and len(Page(html).charts) >= 5


def test_the_html_edition_prints_the_seed_figures(html):
    text = re.sub(r"\s+", " ", Page(html).body_text())
    # 003 ④ and the sentence the pack writes from it: 201 − ▲1,032 = 1,233 (by hand)
    assert "基礎的な収益（当期利益から委託運用収入を除いたもの）は、平成24年度の+201億円から令和6年度の▲1,032億円へ" \
           "1,233億円減少しました。" in text.replace(" ", "")
    assert "▲9,982億円" in text                         # 004 §1(1)
    assert "0.01441" in text                             # 003 (参考): 1,119 / 77,671
    assert "0.01047" in text and "0.06467" in text       # 002 §4
