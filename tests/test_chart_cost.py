"""The charts cost little for WeasyPrint to draw (kyosai.svgslim, run by chartkit.save): each rewrite of the SVG
on small inputs, and two real charts drawn from the 2024 model (fewer nodes, the same texts in IPAexGothic, a
valid chart for the HTML edition, the same bytes twice). bench/chart_cost.py measures the drawing time."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from kyosai import chartkit, render
from kyosai.svgslim import slim
from kyosai.unyo import charts as unyo_charts

ROOT = Path(__file__).resolve().parents[1]
NS = "{http://www.w3.org/2000/svg}"
HEAD = ('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
        '  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="100pt" height="100pt" viewBox="0 0 100 100" xmlns="http://www.w3.org/2000/svg" version="1.1">\n'
        ' <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>\n'
        ' <defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>\n')
CLIP = '<defs><clipPath id="p1"><rect x="10" y="10" width="80" height="80"/></clipPath></defs>'


def body(svg: str) -> list[ET.Element]:
    """The elements drawn: the root's children but <defs>."""
    root = ET.fromstring(svg.split("?>", 1)[1])
    return [e for e in root if e.tag != f"{NS}defs"]


def attrs(e: ET.Element) -> dict[str, str]:
    return dict(e.attrib)


def test_styles_become_attributes_and_the_style_sheet_the_roots():
    out = slim(HEAD + '<g id="figure_1"><g id="patch_1"><path d="M 0 0 L 5 5" style="fill: none; stroke: #000000; '
                      'stroke-linecap: square"/></g></g></svg>')
    root = ET.fromstring(out.split("?>", 1)[1])
    assert root.get("stroke-linejoin") == "round" and root.get("stroke-linecap") == "butt"
    assert "<metadata" not in out and "<style" not in out and "style=" not in out and "<defs" not in out
    [path] = body(out)
    assert path.tag == f"{NS}path" and attrs(path) == {"d": "M 0 0 L 5 5", "fill": "none", "stroke": "#000000",
                                                       "stroke-linecap": "square"}


def test_a_style_it_does_not_understand_is_left_as_it_is():
    svg = HEAD + '<g id="a"><path d="M 0 0 L 5 5" style="fill: url(#g)"/></g></svg>'
    out = slim(svg)
    assert 'style="fill: url(#g)"' in out and "*{stroke-linejoin: round; stroke-linecap: butt}" in out
    assert '<g id="a">' in out                                  # nothing else rewritten either


def test_a_use_becomes_the_path_it_uses_moved_by_its_x_and_y():
    out = slim(HEAD + '<g id="xtick_1"><g id="line2d_1"><defs><path id="m1" d="M 0 0 L 0 3.5" style="stroke: '
                      '#000000; stroke-width: 0.8"/></defs><g><use xlink:href="#m1" x="10.5" y="20" style="stroke: '
                      '#000000; stroke-width: 0.8"/></g></g></g></svg>')
    [path] = body(out)
    assert attrs(path) == {"d": "M 10.5 20 L 10.5 23.5", "stroke": "#000000", "stroke-width": "0.8"}
    assert "m1" not in out and "xlink" not in out


def test_a_clip_that_clips_nothing_goes_and_one_that_clips_stays():
    out = slim(HEAD + '<g id="a"><path d="M 20 20 L 80 20 L 80 80 L 20 80 z" clip-path="url(#p1)" '
                      'style="fill: #ff0000"/></g>' + CLIP + '</svg>')
    assert "clip-path" not in out and "clipPath" not in out and 'id="p1"' not in out
    out = slim(HEAD + '<g id="a"><path d="M 5 20 L 80 20 L 80 80 L 5 80 z" clip-path="url(#p1)" '
                      'style="fill: #ff0000"/></g>' + CLIP + '</svg>')
    [path] = body(out)
    assert path.get("clip-path") == "url(#p1)" and '<clipPath id="p1">' in out
    out = slim(HEAD + '<g id="a"><path d="M 10 50 L 90 50" clip-path="url(#p1)" style="fill: none; stroke: '
                      '#000000; stroke-width: 2"/></g>' + CLIP + '</svg>')     # its stroke reaches past the clip
    assert body(out)[0].get("clip-path") == "url(#p1)"


def test_a_group_of_markers_inside_its_clip_is_unwrapped():
    out = slim(HEAD + '<g id="line2d_1"><defs><path id="m1" d="M 0 -1 L 1 0 L 0 1 z" style="stroke: #0000ff"/>'
                      '</defs><g clip-path="url(#p1)"><use xlink:href="#m1" x="30" y="30" style="fill: #0000ff; '
                      'stroke: #0000ff"/><use xlink:href="#m1" x="60" y="30" style="fill: #0000ff; stroke: #0000ff"/>'
                      '</g></g>' + CLIP + '</svg>')
    [path] = body(out)                                             # disjoint filled markers: one path
    assert path.get("d") == "M 30 29 L 31 30 L 30 31 z M 60 29 L 61 30 L 60 31 z" and "clip" not in out


def test_invisible_paths_go():
    out = slim(HEAD + '<g id="a"><path d="M 0 0 L 5 5" style="fill: none"/><path d="M 0 0 L 5 5" '
                      'style="fill: none; stroke: none"/><text x="1" y="2" style="font-size: 9px">字</text></g></svg>')
    assert [e.tag for e in body(out)] == [f"{NS}text"]


def test_the_identity_rotation_of_a_text_goes_a_real_one_stays():
    out = slim(HEAD + '<g id="t1"><text x="1" y="2" transform="rotate(-0 1 2)" style="font-size: 9px; '
                      "font-family: 'IPAexGothic'; text-anchor: middle\">年度</text></g><g id=\"t2\"><text x=\"5\" "
                      'y="6" transform="rotate(-90 5 6)" style="font-size: 9px">億円</text></g></svg>')
    one, two = body(out)
    assert attrs(one) == {"x": "1", "y": "2", "font-size": "9px", "font-family": "'IPAexGothic'",
                          "text-anchor": "middle"} and one.text == "年度"
    assert two.get("transform") == "rotate(-90 5 6)" and two.text == "億円"


TICK = '<g id="tick{i}"><g id="line{i}"><path d="M {x} 90 L {x} 93.5" style="stroke: #000000; stroke-width: 0.8"/>' \
       '</g><g id="text{i}"><text x="{x}" y="{y}" style="font-size: 9px; text-anchor: middle">{label}</text></g></g>'


def test_tick_marks_merge_past_their_labels_when_no_label_touches_a_mark():
    out = slim(HEAD + "".join(TICK.format(i=i, x=x, y=99, label="R6") for i, x in enumerate((20, 50, 80))) + "</svg>")
    assert [e.tag.removeprefix(NS) for e in body(out)] == ["path", "text", "text", "text"]
    assert body(out)[0].get("d") == "M 20 90 L 20 93.5 M 50 90 L 50 93.5 M 80 90 L 80 93.5"
    # a label that reaches the next mark: the mark may not be drawn before it any more
    out = slim(HEAD + "".join(TICK.format(i=i, x=x, y=99, label="長い長い長い長い")
                              for i, x in enumerate((20, 50, 80))) + "</svg>")
    assert [e.tag.removeprefix(NS) for e in body(out)] == ["path", "text", "path", "text", "path", "text"]


BAR = '<g id="patch_{i}"><path d="M {x} 80 L {w} 80 L {w} 40 L {x} 40 z" style="fill: {c}"/></g>'


def test_bars_stay_one_path_each_and_overlapping_fills_never_merge():
    # a lone rectangle is drawn aligned to whole pixels by poppler, a merged one is not: bars are not merged
    out = slim(HEAD + "".join(BAR.format(i=i, x=x, w=x + 10, c="#1f4e79") for i, x in enumerate((10, 30))) + "</svg>")
    assert len(body(out)) == 2
    tri = '<g id="t{i}"><path d="M {x} 80 L {w} 80 L {x} 40 z" style="fill: #1f4e79{extra}"/></g>'
    out = slim(HEAD + tri.format(i=1, x=10, w=40, extra="") + tri.format(i=2, x=30, w=60, extra="") + "</svg>")
    assert len(body(out)) == 2                                      # they overlap: the order would matter
    out = slim(HEAD + tri.format(i=1, x=10, w=20, extra="") + tri.format(i=2, x=30, w=40, extra="") + "</svg>")
    assert len(body(out)) == 1                                      # apart: one path
    out = slim(HEAD + tri.format(i=1, x=10, w=20, extra="; fill-opacity: 0.5")
               + tri.format(i=2, x=30, w=40, extra="; fill-opacity: 0.5") + "</svg>")
    assert len(body(out)) == 2                                      # translucent: never


def test_lines_merge_only_with_lines_of_their_kind():
    line = '<g id="l{i}"><path d="{d}" style="fill: none; stroke: #c55a11; stroke-width: 1.2"/></g>'
    out = slim(HEAD + line.format(i=1, d="M 10 50 L 20 30 L 30 60") + line.format(i=2, d="M 10 50 L 20 40 L 30 50")
               + line.format(i=3, d="M 40 10 L 50 10") + "</svg>")
    assert [e.get("d") for e in body(out)] == ["M 10 50 L 20 30 L 30 60 M 10 50 L 20 40 L 30 50", "M 40 10 L 50 10"]


def test_a_stroked_rectangle_is_never_merged_nor_a_use_of_a_transformed_path_inlined():
    frame = '<g id="f{i}"><path d="M {x} 10 L {w} 10 L {w} 20 L {x} 20 z" style="fill: none; stroke: #000000"/></g>'
    out = slim(HEAD + frame.format(i=1, x=10, w=20) + frame.format(i=2, x=40, w=50) + "</svg>")
    assert len(body(out)) == 2
    out = slim(HEAD + '<g id="a"><defs><path id="m1" d="M 0 0 L 0 3.5" transform="scale(2)" style="stroke: #000000"/>'
                      '</defs><use xlink:href="#m1" x="10" y="20"/></g></svg>')
    assert '<use xlink:href="#m1" x="10" y="20"' in out and 'id="m1"' in out


def test_ids_and_references_stay_consistent_for_the_html_edition():
    out = slim(HEAD + '<g id="a"><path d="M 5 20 L 80 20 L 80 80 L 5 80 z" clip-path="url(#p1)" '
                      'style="fill: #ff0000"/></g>' + CLIP + '</svg>')
    html = render.inline_svg(out, "c", "図")
    assert 'clip-path="url(#chart-c-p1)"' in html and 'id="chart-c-p1"' in html


def test_slim_is_idempotent_and_keeps_unknown_path_data():
    svg = HEAD + '<g id="a"><path d="m 0 0 l 5 5" style="fill: none; stroke: #000000"/><path d="M 0 0 A 5 5 0 0 1 ' \
                 '10 10" style="fill: none; stroke: #000000"/></g></svg>'
    out = slim(svg)
    assert [e.get("d") for e in body(out)] == ["m 0 0 l 5 5", "M 0 0 A 5 5 0 0 1 10 10"]
    assert slim(out) == out


# ---------------------------------------------------------------- real charts


def nodes(svg: str) -> int:
    return sum(1 for _ in ET.fromstring(svg.split("?>", 1)[1]).iter())


def texts(svg: str) -> list[tuple[str, str]]:
    return [(t.text, t.get("font-family") or re.search(r"font-family: ([^;\"]+)", t.get("style", ""))[1])
            for t in ET.fromstring(svg.split("?>", 1)[1]).iter(f"{NS}text")]


@pytest.fixture(scope="module")
def drawn(model2024, tmp_path_factory):
    """Two charts of the 2024 運用状況 drawn as the build draws them, and as matplotlib alone writes them."""
    font = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))["chart_font_path"]
    chartkit.setup(font)
    folder = tmp_path_factory.mktemp("charts")
    charts = {c.key: c for c in unyo_charts.CHARTS if c.key in ("yields", "balances")}
    out = {}
    for key, chart in charts.items():
        (_, data), = chart.instances(model2024)
        title = chart.title_of(data)
        slimmed = chart.draw(data, title, folder / f"{key}.svg").read_text(encoding="utf-8")
        again = chart.draw(data, title, folder / f"{key}-again.svg").read_text(encoding="utf-8")
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(chartkit, "slim", lambda svg: svg)
            raw = chart.draw(data, title, folder / f"{key}-raw.svg").read_text(encoding="utf-8")
        out[key] = (raw, slimmed, again)
    return out


def test_a_drawn_chart_has_under_a_third_of_matplotlibs_nodes(drawn):
    # matplotlib writes about 6 nodes a tick (its <g>s, a <use>, a <text>), 2 a bar, 5 of metadata; slimmed, every
    # label is still one <text> (the floor: yields has 31, balances 33), every bar one path (poppler draws a lone
    # rectangle aligned to pixels), the tick marks and grid lines a path each kind. Measured (2026-12-07):
    # yields 216 → 59 (0.27), balances 282 → 79 (0.28); a third leaves room for a label or a bar more, not for
    # the <g>/<use>/clip-path structure to come back (without the merging of paths alone it is above 0.33).
    for key, (raw, slimmed, _) in drawn.items():
        assert nodes(raw) > 200, key                                    # the comparison is with a real chart
        assert nodes(slimmed) <= nodes(raw) / 3, (key, nodes(raw), nodes(slimmed))
        assert not re.search(r'<g>|<use|style="', slimmed), key


def test_a_drawn_chart_keeps_every_text_in_ipaexgothic(drawn):
    for key, (raw, slimmed, _) in drawn.items():
        assert texts(slimmed) == texts(raw), key
        assert texts(slimmed) and all(family == "'IPAexGothic'" for _, family in texts(slimmed)), key
        assert "<use" not in slimmed and "<g" not in slimmed.replace("<g clip-path", ""), key


def test_a_drawn_chart_is_the_same_bytes_twice_and_valid_for_the_html_edition(drawn):
    for key, (_, slimmed, again) in drawn.items():
        assert slimmed == again, key
        html = render.inline_svg(slimmed, key, "図")
        assert html.startswith(f'<svg id="chart-{key}"'), key


def test_a_chart_keeps_its_namespace_whatever_was_imported_since():
    # WeasyPrint's pdf.metadata registers the prefix "" for no namespace when a PDF is written in the process; a chart
    # drawn after it came out as <ns0:svg>, which kyosai.render.inline_svg refuses ("no <svg> element")
    import weasyprint.pdf.metadata  # noqa: F401
    ET.register_namespace("", "")
    svg = slim('<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="10pt" viewBox="0 0 10 10">'
               '<path d="M 0 0 L 1 1" stroke="#000"/></svg>')
    assert "<svg " in svg and "ns0" not in svg
