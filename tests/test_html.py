"""The standalone HTML edition of every document and comparison (reports/<FY>/<slug>.html, <slug>-diff.html):
one file that loads nothing from anywhere else, its charts inline as SVG with their alternative texts as
accessible names, every figure of the publication in it, table heads with their scope.

The first tests run kyosai.render.standalone on small pages (fast lane); the last ones read the built pages
(``built``: end-to-end lane)."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kyosai import render
from kyosai.document import view_module

SVG = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="100pt" height="50pt" viewBox="0 0 100 50" xmlns="http://www.w3.org/2000/svg" version="1.1">
 <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><cc:Work><dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/></cc:Work></rdf:RDF></metadata>
 <defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>
 <g id="figure_1"><g clip-path="url(#p1)"><use xlink:href="#glyph-31" x="1"/></g></g>
 <defs><clipPath id="p1"><rect x="0" y="0" width="100" height="50"/></clipPath><path id="glyph-31" d="M 0 0 L 1 1"/></defs>
</svg>
"""

PAGE = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>テスト &amp; 資料</title>
<style>
tr.total td { font-weight: bold; }
td.num, th.num { text-align: right; }
.td { color: red; }
@media print { table.x td.label { color: blue; } }
</style>
</head>
<body>
<h1>表</h1>
<table>
  <thead><tr><th></th><th colspan="2">令和6年度</th></tr></thead>
  <tbody>
    <tr class="total"><td class="label">合計</td><td class="num">1,234</td><td class="num">▲5</td></tr>
    <tr><td></td><td class="num">7</td><td>&lt;img src="file:///etc/passwd"&gt;</td></tr>
    <tr><td class="num">8</td><td>九</td><td></td></tr>
  </tbody>
</table>
<table class="eq"><tr><td>式</td><td>＝</td></tr></table>
<figure class="figure"><img src="charts/a.svg" alt="図A。合計 1,234"></figure>
<figure class="figure"><img src="charts/b.svg" alt="図B &quot;引用&quot;"></figure>
<p><a href="#top">上へ</a></p>
</body>
</html>
"""


@pytest.fixture
def page_dir(tmp_path):
    """A page's folder with its two charts, and a chart outside it (tmp_path/outside.svg)."""
    (tmp_path / "page" / "charts").mkdir(parents=True)
    for name in ("a", "b"):
        (tmp_path / "page" / "charts" / f"{name}.svg").write_text(SVG, encoding="utf-8")
    (tmp_path / "outside.svg").write_text(SVG, encoding="utf-8")
    return tmp_path / "page"


class Page(HTMLParser):
    """What a page holds: every start tag with its attributes (and where: inside an <svg>, in <thead>), the text
    outside <head>, <style> and <svg>, the style sheets, the accessible names of the inline SVGs."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict, bool, bool]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self.svgs: list[dict] = []
        self.stack: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.text.append(" ")                 # the cells of a table, the items of a list: apart
        in_svg, in_thead = "svg" in self.stack, "thead" in self.stack
        self.tags.append((tag, a, in_svg, in_thead))
        if tag == "svg" and not in_svg:
            self.svgs.append({"attrs": a, "title": None})
        if tag not in ("meta", "br", "img", "col", "use", "path", "rect", "link"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), "svg" in self.stack, "thead" in self.stack))

    def handle_endtag(self, tag):
        self.text.append(" ")
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        top = self.stack[-1] if self.stack else ""
        if top == "style":
            self.styles.append(data)
        elif top == "title" and "svg" in self.stack and self.svgs and self.svgs[-1]["title"] is None:
            self.svgs[-1]["title"] = data
        elif "head" not in self.stack and not ({"title", "desc"} & set(self.stack) and "svg" in self.stack):
            self.text.append(data)          # a chart's or a diagram's words are text in both editions

    @property
    def charts(self) -> list[dict]:
        """The inline charts (the diagrams, drawn by the templates, are SVG too)."""
        return [s for s in self.svgs if s["attrs"].get("id", "").startswith("chart-")]

    def body_text(self) -> str:
        return "".join(self.text)


def loads_from_elsewhere(text: str) -> list[str]:
    """Everything in a page that would make a browser fetch another file or address."""
    page = Page(text)
    found = []
    for tag, a, _, _ in page.tags:
        if tag in ("link", "script", "iframe", "object", "embed", "base", "source", "video", "audio", "frame"):
            found.append(f"<{tag}>")
        for name in ("src", "srcset", "data", "poster", "background", "formaction"):
            if name in a:
                found.append(f"<{tag} {name}={a[name]!r}>")
        for name in ("href", "xlink:href"):
            if name in a and not (a[name].startswith("#") or (tag == "a" and a[name].startswith("https://"))):
                found.append(f"<{tag} {name}={a[name]!r}>")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", a.get("style", "") + " ".join(a.values() if tag != "a" else [])):
            if not url.startswith("#"):
                found.append(f"<{tag}> url({url})")
    css = "\n".join(page.styles)
    found += [f"url({u})" for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", css) if not u.startswith("#")]
    found += ["@import"] * css.count("@import")
    return found


# ---------------------------------------------------------------- fast lane: kyosai.render.standalone

def test_a_chart_is_inlined_with_its_name_and_ids_of_its_own():
    svg = render.inline_svg(SVG, "yields", '利回り "10年" <平均>')
    assert not svg.startswith("<?xml") and "<!DOCTYPE" not in svg and "<metadata" not in svg
    assert svg.startswith('<svg id="chart-yields" class="chart" role="img" aria-label="利回り &#34;10年&#34; &lt;平均&gt;"')
    assert '<title>利回り &#34;10年&#34; &lt;平均&gt;</title>' in svg
    assert 'id="chart-yields-figure_1"' in svg and 'id="chart-yields-p1"' in svg and 'id="chart-yields-glyph-31"' in svg
    assert 'clip-path="url(#chart-yields-p1)"' in svg and 'xlink:href="#chart-yields-glyph-31"' in svg
    assert "#chart-yields *{stroke-linejoin: round; stroke-linecap: butt}" in svg        # its rule, scoped to it
    assert 'viewBox="0 0 100 50"' in svg


@pytest.mark.parametrize("bad", ['<use xlink:href="http://example.invalid/x.svg#a"/>', '<image href="data:image/png;base64,AA"/>',
                                 '<g style="fill: url(x.svg#p)"/>', '<use xlink:href="#nowhere"/>'])
def test_a_chart_referring_outside_itself_is_refused(bad):
    with pytest.raises(ValueError, match="chart c"):
        render.inline_svg(SVG.replace("</svg>", bad + "</svg>"), "c", "名前")


def test_the_standalone_page_holds_its_charts_and_loads_nothing(page_dir):
    out = render.standalone(PAGE, page_dir)
    assert loads_from_elsewhere(out) == []
    page = Page(out)
    assert [s["attrs"]["aria-label"] for s in page.svgs] == ["図A。合計 1,234", '図B "引用"']
    assert [s["title"] for s in page.svgs] == ["図A。合計 1,234", '図B "引用"']
    assert all(s["attrs"]["role"] == "img" for s in page.svgs)
    ids = [a["id"] for _, a, _, _ in page.tags if "id" in a]
    assert len(ids) == len(set(ids)) and {"chart-a-p1", "chart-b-p1"} <= set(ids)      # two charts, no shared id
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in out
    assert render.stylesheet(("screen.css",)) in out                                   # after the page's own
    assert out.index("tr.total :is(td, th[scope=row])") < out.index(render.stylesheet(("screen.css",)))
    assert render.standalone(PAGE, page_dir) == out                                    # the same bytes every time


def test_table_heads_have_their_scope_and_label_cells_become_row_heads(page_dir):
    out = render.standalone(PAGE, page_dir)
    assert '<th scope="col"></th><th scope="col" colspan="2">令和6年度</th>' in out
    assert '<th scope="row" class="label">合計</th><td class="num">1,234</td>' in out
    assert "<tr><td></td><td class=\"num\">7</td>" in out                 # an empty first cell heads nothing
    assert '<tr><td class="num">8</td><td>九</td>' in out                 # a figure is no row head
    assert '<tr><td>式</td><td>＝</td></tr>' in out                       # a table without <thead>: no heads made
    assert out.count('<div class="table-scroll" tabindex="0"><table') == 2 and out.count("</table></div>") == 2
    assert "&lt;img src=\"file:///etc/passwd\"&gt;" in out                # text stays text, as escaped
    # the print stylesheet's td rules also reach the row heads, its th rules (a column head's look) do not; a class
    # named .td or a rule inside @media too
    assert "tr.total :is(td, th[scope=row]) { font-weight: bold; }" in out
    assert ":is(td, th[scope=row]).num, th:not([scope=row]).num" in out and "td.num, th.num" not in out
    assert ".td { color: red; }" in out and "table.x :is(td, th[scope=row]).label { color: blue; }" in out


@pytest.mark.parametrize("old, new", [
    ('<img src="charts/a.svg" alt="図A。合計 1,234">', '<img src="https://example.invalid/a.svg" alt="x">'),
    ('<img src="charts/a.svg" alt="図A。合計 1,234">', '<img src="../outside.svg" alt="x">'),
    ('<img src="charts/a.svg" alt="図A。合計 1,234">', '<img src="charts/missing.svg" alt="x">'),
    ('<img src="charts/a.svg" alt="図A。合計 1,234">', '<img src="charts/a.svg" alt="">'),
    ("</head>", '<link rel="stylesheet" href="x.css"></head>'),
    ("</body>", '<script src="x.js"></script></body>'),
])
def test_anything_that_would_load_from_elsewhere_is_refused(page_dir, old, new):
    with pytest.raises(ValueError, match="loads nothing|alternative text"):
        render.standalone(PAGE.replace(old, new), page_dir)


def test_the_screen_stylesheet_is_for_screens():
    css = render.stylesheet(("screen.css",))
    assert "@import" not in css and "url(" not in css
    outside = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    assert re.sub(r"\s+", " ", outside).strip() == ""      # nothing outside @media screen (row heads: report.css)


# ---------------------------------------------------------------- end to end: the built pages

PAGES = {  # page → the PDF whose figures it must hold
    "2022/unyo-jokyo.html": "2022/unyo-jokyo.pdf",
    "2024/unyo-jokyo.html": "2024/unyo-jokyo.pdf",
    "2025/shikyuritsu.html": "2025/shikyuritsu.pdf",
    "2024/unyo-jokyo-diff.html": "2024/unyo-jokyo-diff.pdf",
}
FIGURE = re.compile(r"[▲△+\-]?\d[\d,]*(?:\.\d+)?")


def figures(text: str) -> Counter:
    """The figures of a text, as printed (1,234 ▲0.43 +7.1)."""
    return Counter(FIGURE.findall(unicodedata.normalize("NFKC", text).replace("−", "-")))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_html_edition_loads_nothing_from_elsewhere(built, name):
    text = (built / name).read_text(encoding="utf-8")
    assert loads_from_elsewhere(text) == [], name
    assert "<img" not in text


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_html_edition_holds_every_figure_of_the_pdf(built, name):
    html = Page((built / name).read_text(encoding="utf-8")).body_text()
    pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", str(built / PAGES[name]), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = pdf.count("\f")
    pdf = re.sub(rf"^\s*\d+\s*/\s*{pages}\s*$", "", pdf, flags=re.M)     # "n / N" at the foot of every page
    pdf = re.sub(r"\.{3,}\s*\d+\s*$", "", pdf, flags=re.M)                 # the page numbers of the 目次
    # the colophon's digests (code, data) are hexadecimal, not figures; the PDF may break one across lines
    digests = re.compile(r"(コード版|SHA-256：)\s*(?:[0-9a-f]\s?){12,64}")
    want, have = figures(digests.sub(r"\1", pdf)), figures(digests.sub(r"\1", html))
    assert sum(want.values()) > 300, name
    missing = {f: n - have[f] for f, n in want.items() if have[f] < n}
    more = [f for f, n in have.items() if want[f] < n]
    # a figure the PDF prints cut at the page's edge (a table wider than A4) is whole in the HTML
    clipped = {f for f in missing if any(g.startswith(f) and g != f for g in more)}
    # the running heads of the PDF (its title, the chapter: 令和6年度, 3．…) repeat small whole numbers
    assert {f: n for f, n in missing.items() if f not in clipped and not re.fullmatch(r"\d{1,2}", f)} == {}, name


# Alternative texts written out from the seeds: 002 §3 (the 算定 steps: 6,423 − 1,422 − 2,922 − 0 = 2,079, half of it
# 1,039.4 as printed); 000 §5's fund table (収益率, ベンチマーク収益率, 超過収益率 by asset class).
ALT_TEXTS = {
    ("2025/shikyuritsu.html", "waterfall"):
        "令和7年度の付加共済金原資の算定（億円）。剰余金見込額 6,423、過年度の留保額 ▲1,422、推計リスク（2σ） ▲2,922、"
        "満期保有債券の潜在的損失額 0、控除後の剰余金見込額 2,079、積立金（1/2を留保） 1,039.4、付加共済金原資 1,039.4。",
    ("2024/unyo-jokyo.html", "fund_performance"):
        "対ベンチマーク収益率。国内株式：ファンド ▲1.63%、ベンチマーク ▲1.55%、超過 ▲0.08%。国内債券(時価)：ファンド ▲4.70%、"
        "ベンチマーク ▲4.73%、超過 0.03%。外国株式：ファンド 6.00%、ベンチマーク 6.88%、超過 ▲0.88%。外国債券：ファンド "
        "1.51%、ベンチマーク 1.61%、超過 ▲0.10%。ヘッジ外債：ファンド ▲2.26%、ベンチマーク ▲1.88%、超過 ▲0.39%。",
}


@pytest.mark.parametrize("name, model", [("2022/unyo-jokyo.html", "model2022"), ("2024/unyo-jokyo.html", "model2024"),
                                         ("2025/shikyuritsu.html", "shikyuritsu2025")])
def test_every_chart_of_the_html_edition_is_named_by_its_alt_text(built, request, name, model):
    page = Page((built / name).read_text(encoding="utf-8"))
    fy, slug = name.removesuffix(".html").split("/")
    printed = (built.parent / "build" / fy / slug / f"{slug}.html").read_text(encoding="utf-8")   # what WeasyPrint read
    drawn = sorted(Path(src).stem for src in re.findall(r'<img src="([^"]+)"', printed))
    key = {"unyo-jokyo": "unyo", "shikyuritsu": "shikyuritsu"}[slug]
    alts = view_module(key).DOCUMENT.chart_texts(request.getfixturevalue(model))
    # each chart once as printed, and its phone variant (chartkit.phone_layout) under the same name
    assert sorted(s["attrs"]["id"] for s in page.charts if not s["attrs"]["id"].endswith("-phone")) \
        == [f"chart-{k}" for k in drawn]
    for svg in page.charts:
        key = svg["attrs"]["id"].removeprefix("chart-").removesuffix("-phone")
        assert svg["attrs"]["role"] == "img"
        assert svg["attrs"]["aria-label"] == svg["title"] == alts[key], key
        assert re.search(r"\d", alts[key]), key                          # an alt text states the chart's figures
    named = {key: svg["title"] for svg in page.charts for key in [svg["attrs"]["id"].removeprefix("chart-")]}
    for (page_name, key), expected in ALT_TEXTS.items():
        if page_name == name:
            assert named[key] == expected, key


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_html_edition_is_accessible(built, name):
    text = (built / name).read_text(encoding="utf-8")
    page = Page(text)
    assert re.search(r'<html lang="ja">', text)
    title = re.search(r"<title>(.*?)</title>", text).group(1)
    assert title and title in subprocess.run(["pdfinfo", str(built / PAGES[name])], capture_output=True, text=True,
                                             check=True).stdout
    ths = [(a, in_thead) for tag, a, in_svg, in_thead in page.tags if tag == "th" and not in_svg]
    assert ths and all(a.get("scope") == ("col" if in_thead else "row") for a, in_thead in ths), name
    assert sum(1 for a, in_thead in ths if not in_thead) >= 10, name                 # row heads, too
    levels = [int(tag[1]) for tag, _, in_svg, _ in page.tags if re.fullmatch(r"h[1-6]", tag) and not in_svg]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels   # no level skipped
    ids = [a["id"] for _, a, _, _ in page.tags if "id" in a]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1][:5]
    for tag, a, _, _ in page.tags:                                                   # every link leads somewhere
        if tag == "a" and a.get("href", "").startswith("#"):
            assert a["href"][1:] in ids, a["href"]


def test_the_html_edition_is_published_from_its_stage(built):
    for name in PAGES:
        fy, page = name.split("/")
        stem = page.removesuffix(".html")
        staged = built.parent / "build" / fy / stem / f"{stem}.standalone.html"
        assert (built / name).read_bytes() == staged.read_bytes(), name
        assert (built.parent / "build" / fy / stem / f"{stem}.html").read_text(encoding="utf-8").count("<img") \
            == len([c for c in Page((built / name).read_text(encoding="utf-8")).charts
                    if not c["attrs"]["id"].endswith("-phone")])
