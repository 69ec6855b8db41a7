"""The prose of two documents as their pages print it (kyosai.diff.prose): a text shown in its whole sentence, and
the paragraphs of a document without texts in its model (the analysis pack) paired chapter by chapter, so that the
comparison never says two differing texts are the same."""
from __future__ import annotations

from kyosai.diff import prose


def page(*chapters: tuple[str, str, list[str]]) -> str:
    body = "".join(f'<section id="{cid}"><h1>{title}</h1>' + "".join(f"<p>{p}</p>" for p in paras) +
                   '<table><tr><td><p>表の中の文</p></td></tr></table><p class="unit">（金額単位：億円）</p></section>'
                   for cid, title, paras in chapters)
    return f"<html><head><style>p {{ color: red; }}</style></head><body>{body}</body></html>"


def test_a_text_printed_inside_a_sentence_is_shown_as_that_sentence():
    html = "<p>国内債券を中心とした自家運用資産は、日銀の追加利上げによる金利上昇によって+832億円を獲得しました。次の文。</p>"
    got = prose.whole_sentences({"overview.self_managed_driver": "日銀の追加利上げによる金利上昇によって",
                                 "whole": "次の文。", "absent": "どこにもない"}, html)
    assert got == {"overview.self_managed_driver":
                   "国内債券を中心とした自家運用資産は、日銀の追加利上げによる金利上昇によって+832億円を獲得しました。"}


BASIC = "基礎的な収益は、平成24年度の+201億円から{fy}の{v}へ{d}減少しました。"


def test_the_analysis_packs_paragraphs_are_paired_by_chapter_and_every_difference_said():
    """FY2022 → FY2024 (seeds): the sentence written from the figures differs in its figures (数値), the note that
    lists the years without data is reworded, a new note is added; the unchanged paragraph, the unit line, the text
    inside a table and the stylesheet are not compared."""
    old = page(("basic", "1．基礎的な収益と自家運用の利回り",
                [BASIC.format(fy="令和4年度", v="▲834億円", d="1,035億円"), "同じ段落。",
                 "※ 予定利率は令和3年度、令和4年度のデータがないため「－」。"]))
    new = page(("basic", "1．基礎的な収益と自家運用の利回り",
                [BASIC.format(fy="令和6年度", v="▲1,032億円", d="1,233億円"), "同じ段落。",
                 "※ 予定利率は令和3年度、令和4年度、令和5年度、令和6年度のデータがないため「－」。",
                 "※ R05年度末の日経平均はデータにないため「－」。"]))
    got = prose.paired_texts(old, new, 2022, 2024)
    assert [(x["where"], x["status"]) for x in got] == [
        ("基礎的な収益と自家運用の利回り", "figures_only"), ("基礎的な収益と自家運用の利回り", "reworded"),
        ("基礎的な収益と自家運用の利回り", "added")]
    assert got[0]["old"].endswith("▲834億円へ1,035億円減少しました。") and got[2]["old"] is None
    assert prose.paired_texts(old, old, 2022, 2022) == []


def test_a_paragraph_whose_only_difference_is_the_documents_year_is_years_only():
    old = page(("s", "要旨（令和4年度）", ["令和4年度の分析です。"]))
    new = page(("s", "要旨（令和6年度）", ["令和6年度の分析です。"]))
    assert [x["status"] for x in prose.paired_texts(old, new, 2022, 2024)] == ["years_only"]


def test_texts_of_the_model_are_compared_by_key_and_shown_in_their_sentences():
    meta_old = {"texts": {"a": "金利上昇によって", "b": "同じ"}}
    meta = {"texts": {"a": "金利低下によって", "b": "同じ"}}
    html_old = "<p>自家運用資産は、金利上昇によって+100億円を獲得しました。</p>"
    html = "<p>自家運用資産は、金利低下によって+832億円を獲得しました。</p>"
    got = prose.document_texts(meta_old, meta, html_old, html, 2022, 2024)
    assert [(x["key"], x["status"]) for x in got] == [("a", "reworded")]
    assert got[0]["old_shown"] == "自家運用資産は、金利上昇によって+100億円を獲得しました。"
    assert got[0]["new_shown"] == "自家運用資産は、金利低下によって+832億円を獲得しました。"


def test_a_phrase_removed_from_a_sentence_that_stays_shows_both_wordings_of_the_sentence():
    """FY2022 → FY2024 (seeds 001/000): 運用利回りの推移's comments (安定的だが低下傾向, ボラタイルに変動) are gone, the
    sentence stays with other figures; the 概況's driver is new in a sentence FY2022 printed without it."""
    meta_old = {"texts": {"yields.self_comment": "安定的だが低下傾向", "yields.entrusted_comment": "ボラタイルに変動"}}
    meta = {"texts": {"overview.self_managed_driver": "日銀の追加利上げによる金利上昇によって"}}
    html_old = ("<p>国内債券を中心とした自家運用資産は、+740億円を獲得しました。</p>"
                "<p>（内訳）自家運用資産 0.85%（安定的だが低下傾向）、委託運用資産 ▲1.43%（ボラタイルに変動）。</p>")
    html = ("<p>国内債券を中心とした自家運用資産は、日銀の追加利上げによる金利上昇によって+832億円を獲得しました。</p>"
            "<p>（内訳）自家運用資産 0.92%、委託運用資産 ▲1.11%。</p>")
    got = {x["key"]: (x["status"], x.get("old_shown"), x.get("new_shown"))
           for x in prose.document_texts(meta_old, meta, html_old, html, 2022, 2024)}
    gone = ("removed", "（内訳）自家運用資産 0.85%（安定的だが低下傾向）、委託運用資産 ▲1.43%（ボラタイルに変動）。",
            "（内訳）自家運用資産 0.92%、委託運用資産 ▲1.11%。")
    assert got == {"yields.self_comment": gone, "yields.entrusted_comment": gone,
                   "overview.self_managed_driver": ("added", "国内債券を中心とした自家運用資産は、+740億円を獲得しました。",
                                                    "国内債券を中心とした自家運用資産は、日銀の追加利上げによる金利上昇によって"
                                                    "+832億円を獲得しました。")}


def test_a_section_only_one_report_has_is_named_by_its_heading():
    """001 (FY2022) has ➤ 繰越欠損金削減計画 within chapter 3, 000 (FY2024) has none and adds 運用ガバナンス体制; a chapter
    numbered differently (3. / ３．) or naming its own year is the same heading."""
    old = ("<h1>3. 運用資産額、責任準備金、利益剰余金・繰越欠損金の推移</h1><h2>➤ 繰越欠損金削減計画(平成21年8月策定)</h2>"
           "<h2>令和4年度の市場環境</h2><table><tr><th><h3>表の中</h3></th></tr></table>")
    new = "<h1>３．運用資産額、責任準備金、利益剰余金・繰越欠損金の推移</h1><h1>２．運用ガバナンス体制</h1><h2>令和6年度の市場環境</h2>"
    got = prose.heading_changes(old, new, 2022, 2024)
    assert [(x["status"], x["old"] or x["new"], x["where"]) for x in got] == [
        ("removed", "➤ 繰越欠損金削減計画(平成21年8月策定)", "見出し"), ("added", "２．運用ガバナンス体制", "見出し")]


def test_table_heading_cells_are_not_prose():
    """000 heads the change column of 運用利回りの推移 「前年<br>同期比」 (texts.csv yields.change_head) and marks the
    overlay fund's manager 「みずほ信託銀行（注３）」 (funds.overlay_mark 「（注３）」) inside its tables; 001 has
    neither. They are heading cells, compared with their tables, not sentences added; the note （注３）… printed
    below the table is prose."""
    meta_old = {"texts": {"yields.lead": "利回りは上昇しました。"}}
    meta = {"texts": {"yields.lead": "利回りは低下しました。", "yields.change_head": "前年\n同期比",
                      "funds.overlay_mark": "（注３）", "funds.note3": "（注３） (20) はオーバーレイファンド。"}}
    html_old = "<p>利回りは上昇しました。</p><table><tr><th>運用<br>利回り</th></tr></table>"
    html = ("<p>利回りは低下しました。</p><table><tr><th>運用<br>利回り</th><th>前年<br>同期比</th></tr>"
            "<tr><td>みずほ信託銀行（注３）</td></tr></table><p class=\"notes\">（注３） (20) はオーバーレイファンド。</p>")
    got = prose.document_texts(meta_old, meta, html_old, html, 2022, 2024)
    assert [(x["key"], x["status"]) for x in got] == [("yields.lead", "reworded"), ("funds.note3", "added")]


POLICY = "https://www.smrj.go.jp/kyosai/skyosai/performance/policies/basic_investment_policy_20220501.pdf"
AOP = "https://www.smrj.go.jp/kyosai/skyosai/performance/principles/asset_owner_principles_20250130.pdf"
PRI = "https://www.smrj.go.jp/kyosai/skyosai/performance/principles/became_a_pri_signatory_20241212.pdf"


def links_page(links: list[tuple[str, str]], items: list[str]) -> str:
    a = "、".join(f'<a href="{href}">{text}</a>' for href, text in links)
    li = "".join(f"<li>{x}</li>" for x in items)
    return (f'<html><body><nav class="toc"><ol><li><a href="#policy">１．運用の基本方針</a></li></ol></nav>'
            f'<section id="policy"><h1>１．運用の基本方針と基本ポートフォリオ</h1><p>基本方針の文。</p>'
            f'<p class="links">関連資料（中小機構ウェブサイト）：{a}</p><ul>{li}</ul></section></body></html>')


def test_links_and_list_items_added_or_removed_are_named():
    """000's 関連資料 links four documents; the next year's edition (policy_documents.csv: three are valid for
    令和6年度 only) links one. The three links gone are named, with their words and addresses, and a list item
    its template writes from the data is named when it goes; the table of contents' link is the heading's."""
    meta = {"texts": {"policy.basic_policy": "基本方針の文。"}}
    old = links_page([(POLICY, "小規模企業共済資産運用の基本方針"), (AOP, "アセットオーナー・プリンシプル"),
                      (PRI, "PRI(責任投資原則)")], ["国内株式", "外国株式"])
    new = links_page([(POLICY, "小規模企業共済資産運用の基本方針")], ["国内株式"])
    got = prose.document_texts(meta, meta, old, new, 2024, 2025)
    assert [(x["where"], x["status"], x["old"]) for x in got] == [
        ("運用の基本方針と基本ポートフォリオ（箇条書き）", "removed", "外国株式"),
        ("運用の基本方針と基本ポートフォリオ（リンク）", "removed", f"アセットオーナー・プリンシプル（{AOP}）"),
        ("運用の基本方針と基本ポートフォリオ（リンク）", "removed", f"PRI(責任投資原則)（{PRI}）")]
    # the analysis pack (no texts in its model): its links are named too
    assert [x["status"] for x in prose.document_texts({}, {}, old, new, 2024, 2025)
            if x["key"].startswith("link.")] == ["removed", "removed"]
    assert prose.document_texts(meta, meta, old, old, 2024, 2025) == []
