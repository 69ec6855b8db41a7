"""The two editions from one layout (kyosai.document.Document.write_pdfs): the review edition's chapters are the
publication's laid-out pages, each with the review edition's margin boxes (the mark, the page numbers of the whole
edition) and the publication's running chapter title."""
from __future__ import annotations

import hashlib
import re
import subprocess

import pytest
from pypdf import PdfReader

from kyosai import render

MARK = "内部資料（レビュー用・公表しない）"


def tiny(html_body: str, page_css: str):
    html = f"<html lang='ja'><head><style>@page {{ size: A6; margin: 15mm; {page_css} }}</style></head>" \
           f"<body>{html_body}</body></html>"
    return render.layout(html, base=render.TEMPLATES, allowed=())


def margin_texts(page) -> dict[str, str]:
    """The text of each margin box of a laid-out page: {'@top-left': '...', ...}."""
    from weasyprint.formatting_structure.boxes import MarginBox

    def text(box):
        return getattr(box, "text", "") + "".join(text(c) for c in getattr(box, "children", []))
    return {b.at_keyword: text(b) for b in page._page_box.children if isinstance(b, MarginBox)}


def test_a_page_takes_the_margin_boxes_of_the_frame_page_and_keeps_its_content_and_other_boxes():
    publication = tiny("<h1 id='a'>本文</h1><p>運用資産額 119,195億円</p>",
                       "@top-left { content: 'title' } @top-right { content: 'chapter' } "
                       "@bottom-center { content: counter(page) ' / ' counter(pages) }")
    frame = tiny("<p>cover</p><div style='break-before: page'></div><div style='break-before: page'></div>",
                 f"@top-left {{ content: '{MARK}' }} @bottom-center {{ content: counter(page) ' / ' counter(pages) }}")
    page = publication.pages[0]
    marked = render.with_margin_boxes(page, frame.pages[1])
    assert margin_texts(page) == {"@top-left": "title", "@top-right": "chapter", "@bottom-center": "1 / 1"}
    assert margin_texts(marked) == {"@top-left": MARK, "@top-right": "chapter", "@bottom-center": "2 / 3"}
    assert marked.anchors == page.anchors == {"a": page.anchors["a"]}
    # the content is the publication page's own boxes, not a copy laid out again
    assert marked._page_box.children[0] is page._page_box.children[0]


def pages_text(pdf) -> list[str]:
    """Each page's text as poppler reads it, margin boxes included (pypdf leaves out artifacts such as these)."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]


PAGE_NUMBER = re.compile(r"^\s*\d+\s*/\s*\d+\s*$")


def body_lines(text: str, *drop: str) -> list[str]:
    """A page's lines without the top-left running head (``drop``: the doc title or the mark) and the page number;
    the chapter title at the top right stays."""
    for d in drop:
        text = text.replace(d, "")
    return [" ".join(ln.split()) for ln in text.splitlines() if ln.strip() and not PAGE_NUMBER.match(ln)]


@pytest.mark.parametrize("name", ["2022/unyo-jokyo", "2024/unyo-jokyo", "2025/shikyuritsu", "2024/bunseki"])
def test_the_review_editions_chapters_are_the_publications_pages(built, name):
    pub, review = PdfReader(built / f"{name}.pdf"), PdfReader(built / f"{name}-review.pdf")
    title = pub.metadata["/Title"]
    pub_text, rev_text = pages_text(built / f"{name}.pdf"), pages_text(built / f"{name}-review.pdf")
    # the publication's chapters begin on its third page (cover, 目次); so do the review edition's
    body = range(2, len(pub.pages))
    for i in body:
        assert MARK not in pub_text[i]
        assert MARK in rev_text[i], f"{name}-review page {i + 1} is not marked"
        assert body_lines(rev_text[i], MARK, title) == body_lines(pub_text[i], MARK, title), f"{name} page {i + 1}"
        assert re.search(rf"^\s*{i + 1}\s*/\s*{len(review.pages)}\s*$", rev_text[i], re.M), rev_text[i][-200:]
        assert re.search(rf"^\s*{i + 1}\s*/\s*{len(pub.pages)}\s*$", pub_text[i], re.M), pub_text[i][-200:]
    # then the appendix, every page marked
    assert len(review.pages) > len(pub.pages)
    assert all(MARK in t for t in rev_text)
    assert any("検算・データ確認の記録" in t for t in rev_text[len(pub.pages):])


@pytest.mark.parametrize("name", ["2022/unyo-jokyo", "2024/unyo-jokyo", "2025/shikyuritsu", "2022/bunseki",
                                  "2024/bunseki"])
def test_the_review_edition_names_the_publication_it_accompanies_by_its_sha256(built, name):
    cover = "".join(pages_text(built / f"{name}-review.pdf")[0].split())
    digest = hashlib.sha256((built / f"{name}.pdf").read_bytes()).hexdigest()     # recomputed from the file
    assert f"公表版reports/{name}.pdfのレビュー版SHA-256：{digest}" in cover, cover[:400]
    assert "SHA-256" not in "".join(pages_text(built / f"{name}.pdf")[0].split())   # the publication says nothing of it


def test_a_deliberate_sentence_is_flagged_in_the_review_edition_only(built):
    """000 §6 prints 「…借換により、残高が減少しております。」 beside 融資経理貸付金 +280 (the trend since 令和元年度): the
    publication prints it as the source does; the review edition's QA log flags it with what it refers to."""
    pub = "".join("".join(pages_text(built / "2024/unyo-jokyo.pdf")).split())
    review = "".join("".join(pages_text(built / "2024/unyo-jokyo-review.pdf")).split())
    assert "借換により、残高が減少しております。" in pub and "本文と数値" not in pub
    assert "本文と数値:loans.funding_note" in review
    assert "対前年度末比280＜0）と異なるが、出典のとおり掲載する。この文が述べるのは:令和元年度に資金調達方法を変更して以降の" \
           "残高の推移" in review
