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
        phones[model["fiscal_year"]] = {k: (folder / "phone" / v).read_text(encoding="utf-8")
                                        for k, v in made.items() if (folder / "phone" / v).is_file()}
    return out


phones: dict[int, dict[str, str]] = {}    # FY → {chart key: its phone variant's SVG}, filled by ``pages``


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


def shown_width_and_smallest_text(svg: str) -> tuple[float, float]:
    """(width, smallest font size) of an SVG chart, in its own units (pt)."""
    root = ET.fromstring(svg.split("?>", 1)[1])
    sizes = [float(e.get("font-size").removesuffix("px")) for e in root.iter() if e.tag.endswith("text")
             and e.get("font-size")]
    return float(root.get("viewBox").split()[2]), min(sizes)


@pytest.mark.parametrize("fy", [2022, 2024])
def test_every_chart_has_text_of_10_css_px_on_a_phone(pages, fy):
    # issue #18 point 9: on a phone (390 CSS px; templates/screen.css: the body zoomed 1.2 in 3mm of padding a side)
    # a chart is shown at 390 − 2 × 3 × 96/25.4 × 1.2 ≈ 362 px; a chart drawn for the printed column (7.2in = 518pt,
    # tick labels of 6.5–7pt) would print them at 7 × 362 / 518 ≈ 4.9 px. Each chart whose text would be under
    # 10 px there has a phone variant (charts/phone/<key>.svg) whose smallest text is 10 px at least
    _, charts = pages[fy]
    phone_px = 390 - 2 * 3 * 96 / 25.4 * 1.2
    for key, svg in charts.items():
        width, smallest = shown_width_and_smallest_text(phones[fy].get(key, svg))
        assert smallest * phone_px / width >= 10, f"FY{fy} {key}: text of {smallest * phone_px / width:.1f} px " \
                                                  f"on a phone ({'phone variant' if key in phones[fy] else 'no variant'})"
    assert phones[fy], "no chart has a phone variant"
    # the printed chart is the one drawn for the page, untouched: as wide as drawn (7.2in, 5.0in for the issuers)
    assert {round(shown_width_and_smallest_text(svg)[0]) for svg in charts.values()} <= {518, 360}


def test_the_html_edition_shows_the_phone_variant_on_a_phone_only(pages, model2024, tmp_path):
    from kyosai import render
    from kyosai.unyo.view import DOCUMENT

    folder = tmp_path / "charts"
    made = DOCUMENT.draw_charts(model2024, folder, FONT)
    page = DOCUMENT.page(model2024, DOCUMENT.view(model2024, DOCUMENT.tables.rows(model2024)),
                         DOCUMENT.frame(model2024, "publication", folder, made, tmp_path))
    html = render.standalone(page, tmp_path)
    assert html.count('class="chart wide"') == html.count('class="chart phone"') == len(list((folder / "phone").glob("*.svg")))
    assert html.count('<svg id="chart-') == len(made) + html.count('class="chart phone"')
    screen = (ROOT / "templates" / "screen.css").read_text(encoding="utf-8")
    assert ".figure svg.chart.phone { display: none; }" in screen
    phone = screen[screen.index("@media screen and (max-width: 600px)"):]
    assert ".figure svg.chart.wide { display: none; }" in phone and ".figure svg.chart.phone { display: block; }" in phone


# ---------------------------------------------------------------------------- every glyph from the documents' font

def font_characters() -> set[int]:
    from fontTools.ttLib import TTFont
    return set(TTFont(FONT).getBestCmap())


def test_every_character_the_pages_print_is_in_the_documents_font_or_drawn():
    # issue #18: 000's ➢ bullet (report.css), 001's ➤ headings (data/unyo/sections.csv) and 002's ➡ (the 支給率's
    # callout) printed in DejaVu Sans, a fallback: IPAexGothic has none of U+27A1, U+27A2, U+27A4. The PDF draws
    # them (render.DRAWN_SYMBOLS, report.css span.symbol); no other character of a text or template is missing
    from kyosai import render

    have = font_characters()
    assert not {0x27A1, 0x27A2, 0x27A4} & have
    missing = {}
    for path in [*(ROOT / "data").rglob("*.csv"), *(ROOT / "templates").rglob("*.j2")]:
        for c in path.read_text(encoding="utf-8"):
            if ord(c) > 0x7F and ord(c) not in have:
                missing.setdefault(c, path.relative_to(ROOT).as_posix())
    assert set(missing) <= set(render.DRAWN_SYMBOLS), f"characters the font lacks, not drawn: {missing}"
    # generated content (a list marker) is text in the PDF too: only characters the font has
    for css in (ROOT / "templates").glob("*.css"):
        for content in re.findall(r'content:\s*"([^"]*)"', css.read_text(encoding="utf-8")):
            assert all(ord(c) in have for c in content if ord(c) > 0x7F), f"{css.name}: content \"{content}\""


def test_a_drawn_symbol_is_a_shape_in_the_pdf_and_stays_a_character_in_the_html():
    from kyosai import render

    html = ('<html><head><title>➤ t</title><style>p::before { content: "➤"; }</style></head><body>'
            '<h2 title="➤">➤ 繰越欠損金の発生要因</h2><p>➡ 推計リスク ➢</p></body></html>')
    drawn = render.drawn_symbols(html)
    assert drawn.count('<span class="symbol arrowhead"></span>') == 2 and drawn.count('<span class="symbol arrow">') == 1
    assert '<h2 title="➤"><span class="symbol arrowhead"></span> 繰越欠損金の発生要因</h2>' in drawn
    assert "<title>➤ t</title>" in drawn and 'content: "➤"' in drawn     # only text the page prints
    assert render.drawn_symbols(drawn) == drawn
