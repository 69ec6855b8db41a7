"""The 支給率's pages as a reader sees them (issue #18): no page of the publication less than a third full, the cover
and the contents apart (002, a slide deck, has no near-empty page). The pages of the rate-zero year are checked in
tests/test_next_year.py."""
from __future__ import annotations

from test_layout import measure

FIRST_CONTENT_PAGE = 2      # 0-based: after the cover and the contents


def short_pages(pdf, folder) -> list[tuple[int, float]]:
    """The pages (1-based) after the contents less than a third full, with how full they are."""
    return [(i + 1, round(p["fill"], 2)) for i, p in enumerate(measure(pdf, folder))
            if i >= FIRST_CONTENT_PAGE and p["fill"] < 1 / 3]


def test_no_page_of_the_rate_document_is_less_than_a_third_full(built, tmp_path):
    # before: page 6 held the まとめ's one formula (a quarter of the page) under a heading, which the shared layout test
    # lets pass
    pdf = built / "2025" / "shikyuritsu.pdf"
    assert not short_pages(pdf, tmp_path), f"{pdf.name}: pages less than a third full: {short_pages(pdf, tmp_path)}"
