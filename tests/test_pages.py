"""The pages of the 運用状況 as a reader sees them (issue #18, points 8 and 9): one era format in a document, the
headline digits in the width the source prints them, a chart that shows what its title says. Built from the
models without Snakemake (the charts drawn into a temporary folder)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import yaml

from conftest import ROOT
from kyosai.unyo.view import DOCUMENT

FONT = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))["chart_font_path"]


@pytest.fixture(scope="module")
def pages(model2022, model2024, tmp_path_factory):
    """FY → (the publication's HTML, {chart key: SVG text})."""
    out = {}
    for model in (model2022, model2024):
        folder = tmp_path_factory.mktemp(f"charts{model['fiscal_year']}")
        made = DOCUMENT.draw_charts(model, folder, FONT)
        frame = DOCUMENT.frame(model, "publication", folder, made, folder)
        html = DOCUMENT.page(model, DOCUMENT.view(model, DOCUMENT.tables.rows(model)), frame)
        out[model["fiscal_year"]] = html, {k: (folder / v).read_text(encoding="utf-8") for k, v in made.items()}
    return out


def svg_texts(svg: str) -> list[str]:
    return [e.text for e in ET.fromstring(svg.split("?>", 1)[1]).iter() if e.tag.endswith("text") and e.text]


@pytest.mark.parametrize("fy", [2022, 2024])
def test_one_era_format_in_the_document(pages, fy):
    # the yields table beside its chart on one page: 000 heads the table R2年度…R6年度, the chart R01年度; one format
    # (R01年度, R02年度末, as the balances heads of 000 and 001) throughout the page and its charts
    html, charts = pages[fy]
    text = re.sub(r"<[^>]+>", " ", html) + " ".join(t for svg in charts.values() for t in svg_texts(svg))
    padded = re.findall(r"(?<![0-9A-Za-z])[MTSHR]\d\d年度", text)
    unpadded = re.findall(r"(?<![0-9A-Za-z])[MTSHR]\d年度", text)
    assert padded and not unpadded, f"FY{fy}: era years written two ways: {sorted(set(unpadded))[:5]} beside " \
                                    f"{sorted(set(padded))[:5]}"
    assert "R01年度" in text if fy >= 2019 else True


def test_the_headline_digits_are_full_width_as_000_prints_them(pages):
    # 000 【令和６年度の概況】: ➢運用損益：＋５１６億円 ➢運用利回り：＋０.４３％ （１０年平均利回り：＋１.６９％）
    html, _ = pages[2024]
    boxes = re.search(r'<div class="key-figures">(.*?)</ul>', html, re.S)[1]
    values = re.findall(r'<div class="value">([^<]*)</div>', boxes)
    assert values == ["１１兆９,１９５億円", "＋５１６億円", "＋０.４３％"]
    assert "（１０年平均利回り：＋１.６９％）" in boxes
    # the prose keeps its half-width figures, as 000 prints them (令和6年度運用損益は₊516億円)
    assert "運用損益は+516億円" in html


def test_the_market_chart_says_it_shows_year_ends_and_why_not_the_years_path(pages):
    # 001 §7 「令和4年度の市場環境」 draws the year's path (2022年3月31日=100); the data has the ten year ends only
    # (H26–R05), so the chart is titled for what it draws and the page says why the path is absent
    html, charts = pages[2022]
    title = [t for t in svg_texts(charts["market"]) if t.startswith("市場環境")]
    assert title == ["市場環境：各年度末の水準（令和4年3月31日を100として指数化）"]
    ticks = [t for t in svg_texts(charts["market"]) if re.fullmatch(r"[HR]\d\d\.3\.31", t)]
    assert ticks[0] == "H26.3.31" and ticks[-1] == "R05.3.31" and len(ticks) == 10
    note = re.search(r"令和4年度の市場環境</h2>\s*<figure[^>]*>.*?</figure>\s*<div class=\"notes\"><p>([^<]*)</p>", html,
                     re.S)
    assert note and "年度中の指標の推移(月次・日次の水準)はいずれの資料にも掲載がない" in note[1] \
        and "図は各年度末の水準を示す" in note[1]
