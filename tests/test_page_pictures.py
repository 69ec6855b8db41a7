"""The 運用状況 and the analysis pack as a reader sees them (issue #18, points 8 and 9), from the session's build:
chart text printed no larger than the text of the page, no nearly empty page in the pack, and the HTML edition
on a phone (390 CSS px, headless Chromium): chart text of 10 CSS px at least, a wide table's row heads in view
while it scrolls; and a year with band breaches, whose notice never leaves the deviation chart alone on a page."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from test_layout import measure

BODY_PT = 9.5          # templates/report.css: html { font-size: 9.5pt }
DOCUMENTS = [(2022, "unyo-jokyo"), (2024, "unyo-jokyo"), (2022, "bunseki"), (2024, "bunseki")]


def chart_texts(charts: Path) -> tuple[set[str], set[str]]:
    """The texts of a document's charts: (written across, written turned): a turned word's box is as high as it
    is long."""
    across, turned = set(), set()
    for svg in charts.glob("*.svg"):
        for e in ET.parse(svg).iter():
            if e.tag.endswith("text") and (e.text or "").strip():
                (turned if "rotate" in e.get("transform", "") else across).add(e.text.strip())
    return across, turned - across


def words(pdf: Path) -> list[tuple[int, str, float, str]]:
    """(page, word, height in pt, font) of every word of a PDF (pdftotext -bbox: a word's box is its font size
    high)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found, page = [], 0
    for line in out.splitlines():
        page += "<page " in line
        m = re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            found.append((page, html.unescape(m[3]), float(m[2]) - float(m[1]), ""))
    return found


@pytest.mark.parametrize("fy,slug", DOCUMENTS, ids=[f"{fy}-{s}" for fy, s in DOCUMENTS])
def test_chart_text_prints_no_larger_than_the_text_of_the_page(built, fy, slug):
    across, _ = chart_texts(built.parent / "build" / str(fy) / slug / "charts")
    assert across
    # a heading that is also a chart's title is the page's text, not the chart's
    page = html.unescape(re.sub(r"<[^>]+>", " ", (built.parent / "build" / str(fy) / slug / f"{slug}.html")
                                .read_text(encoding="utf-8")))
    across = {t for t in across if t not in page.split()}
    assert f"font-size: {BODY_PT}pt;" in (built.parent / "templates" / "report.css").read_text(encoding="utf-8")
    large = sorted({(p, w, round(h, 2)) for p, w, h, _ in words(built / str(fy) / f"{slug}.pdf")
                    if w in across and h > BODY_PT + 0.05})
    assert not large, f"{fy}/{slug}: chart text printed larger than {BODY_PT}pt (page, text, pt): {large[:8]}"


def test_chart_text_is_in_the_documents_font(built):
    # every text of every chart names IPAexGothic (config.yaml chart_font_path), the font of the page; nothing else
    for fy, slug in DOCUMENTS:
        for svg in (built.parent / "build" / str(fy) / slug / "charts").glob("*.svg"):
            families = {e.get("font-family") for e in ET.parse(svg).iter() if e.tag.endswith("text")}
            assert families <= {"'IPAexGothic'"}, f"{svg}: {families}"


def test_every_glyph_of_every_pdf_is_from_the_documents_font(built):
    # issue #18: the ➢ bullets, 001's ➤ headings and 002's ➡ printed in DejaVu Sans (a fallback font): pdffonts lists
    # the fonts of each PDF, which are IPAexGothic (config.yaml font_path) and its synthetic bold/oblique only
    pdfs = sorted(built.glob("*/*.pdf"))
    assert len(pdfs) >= 10
    for pdf in pdfs:
        listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        names = {line.split()[0].split("+", 1)[-1] for line in listed.splitlines()[2:] if line.strip()}
        assert names and all(n.startswith("IPAexGothic") for n in names), f"{pdf.relative_to(built)}: {sorted(names)}"


@pytest.mark.parametrize("name", ["2022/bunseki.pdf", "2024/bunseki.pdf"])
def test_no_page_of_the_analysis_pack_is_less_than_a_third_full(built, tmp_path, name):
    # the pack has no source with short pages: a chapter runs on from the one before, so that no page holds one
    # chart or one 「対比できる実績はまだありません」 box (the cover, the contents and the last page apart)
    measured = measure(built / name, tmp_path)
    short = [(i + 1, round(p["fill"], 2)) for i, p in enumerate(measured)
             if p["fill"] < 0.4 and 1 < i < len(measured) - 1]
    assert not short, f"{name}: pages (page, share of the text area) less than two fifths full: {short}"


# ---------------------------------------------------------------------------- the HTML edition on a phone

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
PHONE = 390
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (Debian: apt-get "
                                                              "install chromium; Makefile setup-test installs it)")

# measured in the page as laid out at 390 CSS px: every chart text's size on screen, and the first cell of each
# row of each wide table before and after the table is scrolled to its end
PROBE = """
<script>
window.addEventListener('load', () => {
  const out = {texts: [], tables: []};
  for (const t of document.querySelectorAll('svg.chart text')) {
    const r = t.getBoundingClientRect();
    if (!t.textContent.trim() || r.width === 0) continue;
    const size = parseFloat(getComputedStyle(t).fontSize || t.getAttribute('font-size'));
    const m = t.getScreenCTM();
    const turned = Math.abs(m.b) > Math.abs(m.a);
    out.texts.push([t.textContent.trim(), size * Math.hypot(m.a, m.b), turned, r.height]);
  }
  for (const box of document.querySelectorAll('.table-scroll')) {
    if (box.scrollWidth <= box.clientWidth + 1) continue;
    const cell = box.querySelector('tbody tr th, tbody tr td');
    const before = cell.getBoundingClientRect().left - box.getBoundingClientRect().left;
    box.scrollLeft = box.scrollWidth;
    const after = cell.getBoundingClientRect().left - box.getBoundingClientRect().left;
    out.tables.push([cell.textContent.trim().slice(0, 20), before, after, box.scrollLeft]);
  }
  out.charts = [];
  for (const svg of document.querySelectorAll('svg.chart')) {
    const r = svg.getBoundingClientRect();
    if (r.width === 0) continue;
    const figure = svg.closest('figure, .figure') || svg.parentElement;
    out.charts.push([svg.id, r.left, r.right, figure.scrollWidth - figure.clientWidth]);
  }
  out.scrolls = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  out.width = document.documentElement.clientWidth;
  window.parent.postMessage(JSON.stringify(out), '*');
});
</script>
"""


# Chromium's window is never narrower than 500 px: the page is laid out in a frame of a phone's width
FRAME = """<!DOCTYPE html><html><body style="margin:0"><iframe src="{src}" width="{width}" height="844"
style="border:0"></iframe><script>window.addEventListener('message', e => document.body.setAttribute('data-probe',
e.data));</script></body></html>"""


def chromium(*arguments: str) -> str:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--allow-file-access-from-files", "--window-size=500,900", "--virtual-time-budget=10000",
                           *arguments], capture_output=True, text=True, timeout=180).stdout


def phone_frame(page: Path, tmp_path: Path) -> Path:
    copy = tmp_path / page.name
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    frame = tmp_path / f"phone-{page.name}"
    frame.write_text(FRAME.format(src=copy.name, width=PHONE), encoding="utf-8")
    return frame


def probe(page: Path, tmp_path: Path) -> dict:
    dom = chromium("--dump-dom", phone_frame(page, tmp_path).as_uri())
    m = re.search(r'data-probe="([^"]*)"', dom)
    assert m, f"{page}: the probe did not run"
    found = json.loads(html.unescape(m[1]))
    assert found["width"] == PHONE
    return found


def screenshot(page: Path, out: Path, tmp_path: Path) -> None:
    chromium(f"--screenshot={out}", phone_frame(page, tmp_path).as_uri())


WITH_CHARTS = DOCUMENTS + [(2025, "shikyuritsu")]


@needs_chromium
@pytest.mark.parametrize("fy,slug", WITH_CHARTS, ids=[f"{fy}-{s}" for fy, s in WITH_CHARTS])
def test_on_a_phone_every_chart_fits_the_screen_with_text_of_10_css_px(built, tmp_path, fy, slug):
    # issue #18: at 390 px a chart drawn for the printed column shrank its text to 4–5 px, or (later) kept its
    # width and scrolled sideways; now each chart is read whole, without scrolling, its text 10 CSS px at least
    page = built / str(fy) / f"{slug}.html"
    found = probe(page, tmp_path)
    assert found["texts"] and found["charts"]
    small = sorted({(t, round(px, 1)) for t, px, *_ in found["texts"] if px < 10 - 0.05}, key=lambda x: x[1])
    assert not small, f"{fy}/{slug}: chart text under 10 CSS px at {PHONE} px (text, px): {small[:8]}"
    wide = [(name, round(left), round(right), scroll) for name, left, right, scroll in found["charts"]
            if left < -0.5 or right > PHONE + 0.5 or scroll > 1]
    assert not wide, f"{fy}/{slug}: charts wider than the screen or scrolled (id, left, right, scroll): {wide[:6]}"
    assert found["scrolls"] <= 1, f"{fy}/{slug}: the page scrolls sideways by {found['scrolls']} px"
    # every chart is shown once on a phone: its phone variant or, where its text is large enough, itself
    text = page.read_text(encoding="utf-8")
    shown = {re.sub(r"-phone$", "", name) for name, *_ in found["charts"]}
    assert len(shown) == len(found["charts"]) == text.count('<svg id="chart-') - text.count('class="chart wide"')
    screenshot(page, tmp_path / "phone.png", tmp_path)
    assert (tmp_path / "phone.png").stat().st_size > 0


@needs_chromium
@pytest.mark.parametrize("fy,slug", DOCUMENTS, ids=[f"{fy}-{s}" for fy, s in DOCUMENTS])
def test_on_a_phone_a_wide_table_keeps_its_row_heads_in_view(built, tmp_path, fy, slug):
    found = probe(built / str(fy) / f"{slug}.html", tmp_path)
    assert found["tables"], f"{fy}/{slug}: no table scrolls sideways at {PHONE} px"
    lost = [(head, round(before), round(after)) for head, before, after, _ in found["tables"]
            if after < before - 10]
    assert not lost, f"{fy}/{slug}: row heads scrolled out of view (first head, left before, left after): {lost[:6]}"


# ---------------------------------------------------------------------------- a year with band breaches

@pytest.mark.e2e
def test_a_breach_notice_never_pushes_the_deviation_chart_onto_a_page_of_its_own(data_copy, tmp_path):
    # issue #18: the FY2024 report in a year of three band breaches (the bands of 国内債券(時価), 外国株式 and ヘッジ外債
    # narrowed to ±0.05 in data/unyo/policy_allocations.csv): the notice and the composition table kept their page,
    # the chart went alone onto the next (14% full); the rule of tests/test_layout.py holds
    import datetime as dt

    from conftest import edit
    from kyosai import dataio, render
    from kyosai.unyo import model as unyo_model
    from kyosai.unyo.view import DOCUMENT
    from test_layout import chapter_pages, section_pages

    allocations = data_copy / "unyo" / "policy_allocations.csv"
    for old in ("2022-05,domestic_bonds_market,9.9,42.2,2.3,", "2022-05,foreign_equity,5.1,22.0,5.4,",
                "2022-05,hedged_foreign_bonds,4.3,18.5,1.0,"):
        edit(allocations, old, old.rsplit(",", 2)[0] + ",0.05,")
    model = unyo_model.build(dataio.load_all(data_copy), 2024)
    assert len(model["compositions"][-1]["breaches"]) == 3
    font = ROOT_FONT()
    charts = tmp_path / "charts"
    made = DOCUMENT.draw_charts(model, charts, font)
    page = DOCUMENT.page(model, DOCUMENT.view(model, DOCUMENT.tables.rows(model)),
                         DOCUMENT.frame(model, "publication", charts, made, tmp_path))
    assert "許容乖離幅を超えている資産があります" in page
    pdf = tmp_path / "unyo-jokyo.pdf"
    render.write_pdf(page, pdf, base=tmp_path, allowed=(tmp_path,), title="t", document_date=dt.date(2025, 7, 1),
                     versions={"code": "x", "data": "x"}, author="x")
    (tmp_path / "pages").mkdir()
    measured = measure(pdf, tmp_path / "pages")
    first, starts = min(chapter_pages(pdf)), section_pages(pdf)
    short = [(i + 1, round(p["fill"], 2)) for i, p in enumerate(measured)
             if p["fill"] < 1 / 3 and i > first and i not in starts and i != len(measured) - 1]
    assert not short, f"pages (page, share of the text area) less than a third full: {short}"


def ROOT_FONT() -> str:
    import yaml

    from conftest import ROOT
    return yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))["chart_font_path"]
