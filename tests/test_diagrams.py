"""The diagrams drawn from data: the 資産運用ガバナンス体制 of 000 §2 (data/unyo/governance_*.csv → SVG), the links
to the documents 000 names, the 市場環境 chart where no figures exist, and the 支給率 document's
付加共済金原資額の算定イメージ and 算定の流れ (002 §1, §2(1)②). Expected bodies, relations, URLs and figures are
transcribed from the seeds, here only."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader

from kyosai.dataio import LINE, DataError, Rows
from kyosai.shikyuritsu import diagrams as sk_diagrams
from kyosai.shikyuritsu import model as shikyuritsu_model
from kyosai.unyo import diagrams, model as unyo_model

SVG = "{http://www.w3.org/2000/svg}"

# 000 §2: the words of the diagram (資産運用ガバナンス体制（令和6年度末時点）), bodies only
BODIES_000 = {"中小機構", "小規模企業共済資産運用の基本方針", "理事長", "担当理事", "共済資金グループ", "運用受託機関",
              "コンサルティング", "リスク管理委員会", "内部統制委員会", "リスク管理外部有識者", "資産運用委員会", "役員会",
              "内部監査"}
INSIDE_000 = {"役員会", "理事長", "担当理事", "共済資金グループ", "リスク管理委員会", "内部統制委員会", "内部監査"}
# 000 §2 本文: 資産運用委員会での助言を得て…定期的にリスク管理委員会で審議、内部統制委員会へ報告; the diagram's
# 「リスク管理外部有識者の助言」「委託運用」; 概況: 基本方針に定める「基本ポートフォリオ」に基づき…運用
RELATIONS_000 = {("資産運用委員会", "中小機構", "助言・評価"), ("リスク管理委員会", "内部統制委員会", "報告"),
                 ("リスク管理外部有識者", "中小機構", "助言"), ("共済資金グループ", "運用受託機関", "委託運用"),
                 ("小規模企業共済資産運用の基本方針", "中小機構", "基本ポートフォリオに基づき運用")}
# 000, the links of its first page (lines 43–48 of the extraction; two appear twice)
URLS_000 = [
    "https://www.smrj.go.jp/kyosai/skyosai/performance/policies/pg85um0000006edr-att/smrj_basic_investment_policy_20220501_c1.pdf",
    "https://www.smrj.go.jp/kyosai/skyosai/performance/principles/pg85um0000006emf-att/smrj_asset_owner_principles_20250130_c1.pdf",
    "https://www.smrj.go.jp/kyosai/skyosai/performance/principles/pg85um0000006emf-att/smrj_became_a_pri_signatory_20241212_c1.pdf",
    "https://www.smrj.go.jp/kyosai/skyosai/performance/principles/pg85um0000006emf-att/smrj_responsible_investment_policy_20241107_c1.pdf",
]


def names(gov: dict) -> dict[str, str]:
    return {b["body"]: diagrams.plain(b["name_ja"]) for b in gov["bodies"]}


def with_row(tables: dict, name: str, **cells) -> dict:
    """The data with one more row in ``name`` (a copy of its first row with ``cells`` changed)."""
    rows = Rows(dict(r) for r in tables[name])
    rows.append({**rows[0], **cells, LINE: rows[-1][LINE] + 1})
    return {**tables, name: rows}


def problems(tables: dict, fy: int = 2024) -> list[str]:
    with pytest.raises(DataError) as exc:
        unyo_model.build(tables, fy)
    return exc.value.problems


# ---------------------------------------------------------------- the governance data

def test_the_bodies_and_relations_are_those_of_000(model2024):
    gov = model2024["governance"]
    n = names(gov)
    assert set(n.values()) == BODIES_000
    assert n[gov["organisation"]] == "中小機構"
    assert {n[b["body"]] for b in gov["bodies"] if b["parent"]} == INSIDE_000
    assert {(n[r["from_body"]], n[r["to_body"]], diagrams.plain(r["label_ja"])) for r in gov["relations"]} == RELATIONS_000
    roles = {n[b["body"]]: b["role_ja"] for b in gov["bodies"] if b["role_ja"]}
    assert roles == {"役員会": "重要事項の審議", "共済資金グループ": "自家運用"}


def test_every_relation_names_known_bodies_of_its_year(tables):
    bodies = tables["governance_bodies"]
    assert all(r["source"] for r in bodies) and all(r["source"] for r in tables["governance_relations"])
    for fy in unyo_model.years(tables):
        gov = unyo_model.build(tables, fy)["governance"]
        if gov is None:
            continue
        known = {b["body"] for b in gov["bodies"]}
        assert all({r["from_body"], r["to_body"]} <= known for r in gov["relations"]), fy
        assert all(b["parent"] in known for b in gov["bodies"] if b["parent"]), fy


def test_only_fy2024_onwards_has_the_diagram(model2022, model2024):
    # 001 (令和4年度) has no governance chapter and no diagram
    assert model2022["governance"] is None and model2022["policy_links"] == []
    assert model2024["governance"] is not None


def test_a_relation_to_a_body_not_in_the_diagram_stops_the_build(tables):
    found = problems(with_row(tables, "governance_relations", to_body="minister"))
    assert any("governance_relations.csv, line" in p and "'minister' is not a body" in p for p in found), found


def test_a_relation_to_a_body_of_another_year_stops_the_build(tables):
    data = with_row(tables, "governance_bodies", body="minister", valid_from=2030, row=4, column=1)
    found = problems(with_row(data, "governance_relations", from_body="minister"))
    assert any("'minister' is not a body of the diagram in fiscal year 2024" in p for p in found), found


def test_two_bodies_in_one_place_stop_the_build(tables):
    first = tables["governance_bodies"].where(body="president")[0]
    found = problems(with_row(tables, "governance_bodies", body="auditor", parent="smrj", row=first["row"],
                              column=first["column"]))
    assert any("auditor is in the place of president" in p for p in found), found


def test_a_body_outside_the_bands_stops_the_build(tables):
    found = problems(with_row(tables, "governance_bodies", body="minister", parent=None, row=2, column=2))
    assert any("minister at row 2, column 2: outside smrj" in p for p in found), found


# ---------------------------------------------------------------- the governance diagram

@pytest.fixture(scope="module")
def governance(model2024):
    return diagrams.governance_view(model2024)


def test_the_svg_is_well_formed_named_and_described(governance):
    root = ET.fromstring(str(governance["svg"]))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "資産運用ガバナンス体制（令和6年度末時点）"
    for name in BODIES_000:
        assert name in desc.text, name
    for src, dst, label in RELATIONS_000:
        assert f"{src}から{dst}へ「{label}」" in desc.text
    assert "役員会（重要事項の審議）" in desc.text


def test_every_word_of_the_diagram_is_svg_text(governance):
    words = [t.text for t in ET.fromstring(str(governance["svg"])).iter(f"{SVG}text")]
    joined = "".join(words)
    for name in BODIES_000 | {"重要事項の審議", "自家運用"} | {label for _, _, label in RELATIONS_000}:
        assert name in joined, name


def inside(point, box, margin=0) -> bool:
    x, y = point
    return box.x - margin < x < box.right + margin and box.y - margin < y < box.bottom + margin


def overlap(a, b) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def test_no_word_leaves_its_box_and_no_box_overlaps_another(governance):
    lay = governance["layout"]
    boxes = list(lay.boxes.values())
    for box in boxes:
        for kind, text in box.lines:
            assert diagrams.text_width(text, diagrams.SIZE[kind]) <= box.w - 2 * diagrams.BOX_PAD, text
        assert diagrams.content_height(box.lines) <= box.h - 2 * diagrams.BOX_PAD, box.body["body"]
        assert 0 <= box.x and box.right <= diagrams.WIDTH and 0 <= box.y and box.bottom <= lay.height
        inner = box.body["parent"] is not None
        assert overlap(box, lay.frame) == inner and (not inner or lay.frame.x < box.x and box.right < lay.frame.right)
    for i, a in enumerate(boxes):
        assert not any(overlap(a, b) for b in boxes[i + 1:]), a.body["body"]


def test_no_arrow_or_label_crosses_a_box_it_does_not_join(governance):
    lay = governance["layout"]
    for a in lay.arrows:
        ends = {a.relation["from_body"], a.relation["to_body"]}
        others = [b for k, b in lay.boxes.items() if k not in ends]
        (x1, y1), (x2, y2) = a.start, a.end
        points = [(x1 + (x2 - x1) * i / 50, y1 + (y2 - y1) * i / 50) for i in range(51)]
        assert not any(inside(p, b) for p in points for b in others), a.relation
        assert not any(overlap(a.label, b) for b in lay.boxes.values()), a.relation["label_ja"]
        assert 0 <= a.label.x and a.label.right <= diagrams.WIDTH
        for other in lay.arrows:
            assert other is a or not overlap(a.label, other.label)


def test_words_from_the_data_are_escaped_in_the_svg(model2024):
    gov = model2024["governance"]
    bodies = [{**b, "name_ja": '<img src="file:///etc/passwd">'} if b["body"] == "president" else b for b in gov["bodies"]]
    svg = str(diagrams.governance_view({**model2024, "governance": {**gov, "bodies": bodies}})["svg"])
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in svg and "<img" not in svg
    ET.fromstring(svg)


def test_text_width_and_lines():
    assert diagrams.text_width("理事長", 28) == 84
    assert diagrams.text_width("PRI", 20) == 33
    assert diagrams.split_lines("小規模企業共済資産 / 運用の基本方針", 28, 1000) == ["小規模企業共済資産", "運用の基本方針"]
    assert diagrams.split_lines("共済資金グループ", 28, 28 * 5) == ["共済資金グ", "ループ"]


# ---------------------------------------------------------------- links, 市場環境

def test_the_links_are_the_urls_000_gives(model2024):
    links = model2024["policy_links"]
    assert [d["url"] for d in links] == URLS_000
    assert [d["title_ja"] for d in links] == ["小規模企業共済資産運用の基本方針", "アセットオーナー・プリンシプル",
                                             "PRI(責任投資原則)", "責任投資方針"]


def test_the_market_chart_is_said_missing_only_where_no_figures_exist(model2022, model2024):
    # 000 §7 prints 市場環境（令和6年度） 令和7年3月31日を100として指数化, but none of its figures
    assert diagrams.view(model2024)["market_missing"] is True
    assert diagrams.view(model2022)["market_missing"] is False


# ---------------------------------------------------------------- 支給率: 算定イメージ, 算定の流れ

def test_the_fund_image_states_every_figure(shikyuritsu2025):
    image = sk_diagrams.fund_image(shikyuritsu2025)
    assert image["rest_share_ja"] == "1/2"
    # 002 §4 ①': 6,423 − 1,422 − 2,922 − 0 = 2,079; その1/2の1,039.4億円; §3 (第5回): 残り1/2 … 積立金
    assert image["alt"] == ("付加共済金原資額の算定イメージ：剰余金見込額6,423億円から過年度の留保額1,422億円、"
                            "2σ水準の推計リスク2,922億円及び満期保有債券の予定利率に対する潜在的な損失額0億円を控除した"
                            "控除後の剰余金見込額2,079億円のうち、1/2の1,039.4億円が付加共済金原資、残り1/2が積立金。")


def test_the_denominator_flow_states_its_steps_and_total(shikyuritsu2025):
    alt = sk_diagrams.denominator_flow(shikyuritsu2025)["alt"]
    assert alt == ("算定の流れ（イメージ図）：1. 1年毎の掛金納付期間別に区分→2. 区分した掛金納付期間別の共済事由別仮定共済金額等の"
                   "発生見込額を算定→3. 発生見込額を足し上げ、総額を算定→②仮定共済金等の発生見込総額9兆9,311億円")


@pytest.mark.parametrize("key", ["image_fund.risk", "denominator.flow2"])
def test_a_missing_label_stops_the_build(tables, key):
    rows = Rows(r for r in tables["shikyuritsu_notes"] if r["key"] != key)
    with pytest.raises(DataError) as exc:
        shikyuritsu_model.build({**tables, "shikyuritsu_notes": rows}, 2025)
    assert any("notes.csv" in p and key in p for p in exc.value.problems), exc.value.problems


# ---------------------------------------------------------------- the built documents

def pdf(path) -> tuple[PdfReader, str]:
    reader = PdfReader(path)
    return reader, re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def test_the_governance_diagram_and_links_are_in_the_pdf(built):
    reader, text = pdf(built / "2024" / "unyo-jokyo.pdf")
    for word in BODIES_000 | {"重要事項の審議", "資産運用ガバナンス体制（令和6年度末時点）", "助言・評価", "委託運用"}:
        assert word in text, word
    uris = [a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", [])
            if a.get_object().get("/A", {}).get("/S") == "/URI"]
    assert uris == URLS_000
    # the chart 000 prints without its figures in the data: the publication says it is not shown, the review edition's
    # QA log why (データ欠落: no source prints the index levels at the FY2023 and FY2024 year ends)
    assert "※市場環境（令和6年度）の図は掲載していません。" in text and "本資料の作成に用いた" not in text
    _, review = pdf(built / "2024" / "unyo-jokyo-review.pdf")
    assert "※市場環境（令和6年度）の図は掲載していません。" in review
    assert "データ欠落市場環境令和5年度末(2024-03-31)及び令和6年度末(2025-03-31)の指標の水準はいずれの資料にも掲載がない" in review


def test_the_html_carries_the_alternative_texts(built):
    unyo = (built.parent / "build" / "2024" / "unyo-jokyo" / "unyo-jokyo.html").read_text(encoding="utf-8")
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="gov-title gov-desc"', unyo)
    assert '<title id="gov-title">資産運用ガバナンス体制（令和6年度末時点）</title>' in unyo
    assert "リスク管理委員会から内部統制委員会へ「報告」" in unyo
    rate = (built.parent / "build" / "2025" / "shikyuritsu" / "shikyuritsu.html").read_text(encoding="utf-8")
    labels = re.findall(r'role="img" aria-label="([^"]+)"', rate)
    assert len(labels) == 4          # the 算定イメージ in §1 and again in §3 (as 002 prints it), the 算定の流れ and its example in §2
    assert "1/2の1,039.4億円が付加共済金原資" in labels[0] and "9兆9,311億円" in labels[1] and labels[3] == labels[0]
    assert labels[2].startswith("例：令和7年度の掛金納付期間が3年となる場合：掛金納付期間3年のグループ")


def test_the_fy2022_market_chart_stands_where_001_places_it(built):
    html = (built.parent / "build" / "2022" / "unyo-jokyo" / "unyo-jokyo.html").read_text(encoding="utf-8")
    chapter = html[html.index('id="entrusted"'):]
    assert chapter.index('src="charts/market.svg"') < chapter.index("対ベンチマーク超過収益率")


def test_the_rate_document_prints_both_diagrams(built):
    _, text = pdf(built / "2025" / "shikyuritsu.pdf")
    for word in ("付加共済金原資額の算定イメージ", "剰余金見込額6,423億円", "過年度の留保額1,422億円", "2σ水準の推計リスク2,922億円",
                 "控除後の剰余金見込額2,079億円", "積立金", "算定の流れ（イメージ図）", "1.1年毎の掛金納付期間別に区分",
                 "3.発生見込額を足し上げ、総額を算定", "②仮定共済金等の発生見込総額9兆9,311億円",
                 "（例：令和7年度の掛金納付期間が3年となる場合）", "掛金納付月数が36月となる月を基準月とする"):
        assert word in text, word
    assert "1,039.4億円" in text
