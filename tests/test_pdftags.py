"""kyosai.pdftags: what the PDF's structure says of a page WeasyPrint writes, on a small page made here (fast lane,
about a second): header cells carry their scope, a layout table is no data table, and the page margins (running
heads, page numbers) are artifacts, outside the structure tree (issue #20: PDF/UA-1 as the README claims it)."""
from __future__ import annotations

import datetime as dt
import re
import zlib

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from kyosai import render

PAGE = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>試験</title><style>
@page { size: A4; margin: 20mm; @bottom-center { content: "頁 " counter(page); } @top-left { content: "柱の見出し"; } }
</style></head><body>
<h1>表</h1>
<table><thead><tr><th>年度</th><th scope="col">運用資産額</th></tr></thead>
<tbody><tr><th scope="row">令和6年度</th><td>119,195</td></tr><tr><th scope="row">令和5年度</th><td>116,927</td></tr></tbody></table>
<table class="eq" role="presentation"><tr><td>支給率</td><td>＝</td><td>原資 ÷ 発生見込総額</td></tr></table>
</body></html>"""


def written(tmp_path) -> PdfReader:
    doc = render.layout(PAGE, base=tmp_path, allowed=())
    out = tmp_path / "t.pdf"
    render.write_document(doc, out, title="試験", document_date=dt.date(2025, 3, 1),
                          versions={"code": "c", "data": "d"}, author="試験")
    return PdfReader(out)


def elements(node, out: list) -> list:
    node = node.get_object()
    if isinstance(node, DictionaryObject):
        if "/S" in node:
            out.append(node)
        kids = node.get("/K")
        if kids is not None:
            for k in (kids if isinstance(kids, ArrayObject) else [kids]):
                elements(k, out)
    return out


def test_header_cells_carry_their_scope_and_a_layout_table_is_no_table(tmp_path):
    reader = written(tmp_path)
    found = elements(reader.trailer["/Root"]["/StructTreeRoot"], [])
    tables = [e for e in found if e["/S"] == "/Table"]
    assert len(tables) == 1, "the layout table (role=presentation) must not be tagged /Table"
    scopes = [str(e["/A"].get("/Scope")) for e in found if e["/S"] == "/TH"]
    assert scopes == ["/Column", "/Column", "/Row", "/Row"]
    headers = [list(map(str, e["/A"]["/Headers"])) for e in found if e["/S"] == "/TD"]
    assert len(headers) == 2 and all(len(h) == 2 for h in headers)   # its column's and its row's header


def test_the_page_margins_are_artifacts(tmp_path):
    reader = written(tmp_path)
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    artifacts = re.findall(r"/Artifact\s+BMC(.*?)EMC", content, re.S)
    # the two margin boxes' text is drawn inside artifacts: its glyphs (Tj/TJ) are there, with no MCID of their own
    assert sum(len(re.findall(r"\bT[jJ]\b", a)) for a in artifacts) >= 2
    assert all("/MCID" not in a for a in artifacts)
    # and every MCID of the page is in the structure tree (nothing marked outside it)
    mcids = {int(m) for m in re.findall(r"/MCID\s+(\d+)", content)}
    tree = {int(k) for e in elements(reader.trailer["/Root"]["/StructTreeRoot"], [])
            for k in (e["/K"] if isinstance(e.get("/K"), ArrayObject) else [e.get("/K")]) if isinstance(k, int)}
    assert mcids and mcids <= tree


# ---------------------------------------------------------------- the heads of a table, in every edition (render.row_heads)

def test_a_body_rows_label_becomes_its_head_in_a_table_with_a_head_and_in_a_table_of_labelled_lines():
    html = ('<table><thead><tr><th></th><th>令和6年度</th></tr></thead><tbody>'
            '<tr><td class="label">合計</td><td class="num">1,234</td></tr>'
            '<tr><td class="num">5</td><td class="num">6</td></tr>'          # a figure is never a head
            '<tr><td></td><td class="num">7</td></tr></tbody></table>'       # nor an empty cell
            '<table class="narrow"><tbody><tr><td class="label">解消年限</td><td>13～15年</td></tr>'
            '<tr><td class="what">変更のない表</td><td>なし</td></tr><tr><td>注</td><td>本文</td></tr></tbody></table>'
            '<table class="eq" role="presentation"><tbody><tr><td class="label">支給率</td><td>＝</td></tr></tbody></table>')
    out = render.row_heads(html)
    assert '<th scope="col"></th><th scope="col">令和6年度</th>' in out
    assert '<th scope="row" class="label">合計</th><td class="num">1,234</td>' in out
    assert '<tr><td class="num">5</td>' in out and '<tr><td></td><td class="num">7</td>' in out
    assert '<th scope="row" class="label">解消年限</th><td>13～15年</td>' in out
    assert '<th scope="row" class="what">変更のない表</th><td>なし</td>' in out
    assert '<tr><td>注</td><td>本文</td></tr>' in out                   # an unlabelled line of such a table: as it was
    assert '<td class="label">支給率</td>' in out                          # a layout table has no heads
    assert render.row_heads(out) == out                                    # the same again changes nothing


def test_a_row_head_prints_as_the_label_cell_it_was(tmp_path):
    """The print stylesheets make a row head look like the td it was: the same pixels on the page."""
    import subprocess
    css = render.row_headers_css(render.stylesheet(("report.css",)))
    body = ('<table class="narrow"><tbody><tr class="total"><td class="label">解消年限</td><td>13～15年</td></tr>'
            '</tbody></table>')
    pictures = []
    for i, table in enumerate((body, render.row_heads(body))):
        assert ("<th" in table) == bool(i)
        page = f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><style>{css}</style></head><body>{table}</body></html>'
        doc = render.layout(page, base=tmp_path, allowed=())
        pdf = tmp_path / f"{i}.pdf"
        render.write_document(doc, pdf, title="t", document_date=dt.date(2025, 3, 1), versions={"code": "c", "data": "d"},
                              author="t")
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf), str(tmp_path / f"p{i}")], check=True)
        pictures.append((tmp_path / f"p{i}.png").read_bytes())
    assert pictures[0] == pictures[1]
