"""The chapters of a document as each source numbers and nests them (kyosai.document.number_sections), and the
small filters the chapter templates use to print a text as the source sets it (kyosai.render)."""
from __future__ import annotations

import pytest

from kyosai import render
from kyosai.document import chapter_number, number_sections
from kyosai.unyo import model as unyo_model
from kyosai.unyo.view import DOCUMENT


def row(section, title, numbered=True, part=None, parent=None):
    return {"section": section, "title": title, "part": part, "part_label": None, "numbered": numbered,
            "edition": "both", "parent": parent}


def test_chapter_numbers_follow_each_source():
    assert chapter_number(1, "１．") == "１．"            # 000: １．運用の基本方針と基本ポートフォリオ
    assert chapter_number(12, "１．") == "１２．"
    assert chapter_number(7, "1.") == "7. "               # 001: 7. 委託運用資産(国内株式・…)
    assert chapter_number(3) == "3．"


def test_a_section_with_a_parent_is_printed_within_its_chapter_not_numbered():
    rows = [row("entrusted", "委託運用資産", part="各運用資産について"),
            row("funds", "運用中ファンド一覧", numbered=False, parent="entrusted"),
            row("next", "次", part="各運用資産について")]
    out = number_sections("unyo-jokyo", rows, [], "１．")
    assert [s.heading for s in out] == ["１．委託運用資産", "２．次"]
    assert [(c.id, c.heading, c.template) for c in out[0].children] == \
        [("funds", "運用中ファンド一覧", "unyo-jokyo/funds.html.j2")]
    with pytest.raises(ValueError):
        number_sections("unyo-jokyo", [row("funds", "x", numbered=False, parent="nowhere")], [])


def test_each_year_has_its_sources_chapters(model2022, model2024):
    # 001 目次: 1. 基本ポートフォリオと運用資産構成 … 3. 運用資産額、責任準備金、利益剰余金・繰越欠損金の推移,
    # 4. 国内債券(簿価)資産(満期保有目的), 5. 融資経理貸付金, 6. 生命保険資産, 7. 委託運用資産(…)
    s22 = DOCUMENT.sections(model2022)
    assert [s.heading for s in s22] == [
        "1. 基本ポートフォリオと運用資産構成", "2. 運用利回りの推移", "3. 運用資産額、責任準備金、利益剰余金・繰越欠損金の推移",
        "4. 国内債券(簿価)資産(満期保有目的)", "5. 融資経理貸付金", "6. 生命保険資産",
        "7. 委託運用資産(国内株式・国内債券(時価)・外国株式・外国債券・ヘッジ外債)"]
    # 001 §3: ➤ 繰越欠損金の発生要因, ➤ 利益剰余金・繰越欠損金の算定, ➤ 繰越欠損金削減計画(平成21年8月策定), ➤ キャッシュ・フロー
    assert [c.title for c in s22[2].children] == ["➤ 繰越欠損金の発生要因", "➤ 利益剰余金・繰越欠損金の算定",
                                                 "➤ 繰越欠損金削減計画(平成21年8月策定)", "➤ キャッシュ・フロー"]
    # 000: 【令和６年度の概況】, １．運用の基本方針と基本ポートフォリオ … ４．利益剰余金・繰越欠損金の推移, ５．キャッシュ・フローの推移,
    # ６．自家運用資産 (国内債券（簿価）, 融資経理貸付金, 生命保険資産), ７．委託運用資産 / 運用中ファンド一覧
    s24 = DOCUMENT.sections(model2024)
    assert [s.heading for s in s24] == [
        "令和6年度の概況", "１．運用の基本方針と基本ポートフォリオ", "２．運用ガバナンス体制", "３．運用利回りの推移",
        "４．利益剰余金・繰越欠損金の推移", "５．キャッシュ・フローの推移", "６．自家運用資産", "７．委託運用資産"]
    assert [c.title for c in s24[6].children] == ["国内債券（簿価）", "融資経理貸付金", "生命保険資産"]
    assert [c.title for c in s24[7].children] == ["運用中ファンド一覧"]


def test_a_section_within_a_chapter_of_another_year_stops_the_build(tables):
    rows = [dict(r) for r in tables["sections"]]
    for r in rows:
        if r["section"] == "funds":
            r["parent"] = "governance-x"
    with pytest.raises(unyo_model.DataError) as exc:
        unyo_model.build({**tables, "sections": type(tables["sections"])(rows)}, 2024)
    assert any("funds is printed within 'governance-x'" in p for p in exc.value.problems), exc.value.problems


def test_points_and_words_kept_whole():
    # 001 §4: 取得の基本的な考え方 with its ・ lines under it
    assert render.bullets("一\n取得の基本的な考え方\n・満期保有目的\n・格付け") == [
        {"text": "一", "lines": []}, {"text": "取得の基本的な考え方", "lines": ["・満期保有目的", "・格付け"]}]
    assert str(render.keep_words("金融債、社債）<b>", "社債", "債")) == \
        '金融<span class="nw">債</span>、<span class="nw">社債</span>）&lt;b&gt;'
