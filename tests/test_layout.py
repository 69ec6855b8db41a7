"""The pages of every PDF, as a reader sees them (rendered with pdftoppm): nothing printed past the margins,
and no page less than a third full that only carries what spilled from the page before (sections are found
by the PDF's bookmarks; each chapter starts on a new page, as in the source documents)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

DPI = 40
MM = DPI / 25.4
MARGIN = {"top": 20, "bottom": 18, "left": 16, "right": 16}   # templates/report.css @page
SLACK_MM = 1.0                                                # anti-aliasing at the edge of a box
INK = 200                                                     # darker than this (0–255) is ink


def pages(pdf: Path, folder: Path) -> list[Image.Image]:
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(p).convert("L") for p in sorted(folder.glob(f"{pdf.stem}-*.png"))]


def ink_box(image: Image.Image, box: tuple[int, int, int, int]):
    """The bounding box of the ink inside ``box`` (left, top, right, bottom), or None."""
    region = image.crop(box).point(lambda p: 255 if p < INK else 0)
    return region.getbbox()


def chapter_pages(pdf: Path) -> set[int]:
    """The pages (0-based) a chapter starts on: the top-level bookmarks."""
    reader = PdfReader(pdf)
    return {reader.get_destination_page_number(o) for o in reader.outline if not isinstance(o, list)}


def section_pages(pdf: Path) -> set[int]:
    """The pages (0-based) that begin with a heading of any level: a section starts there (the heading is a
    bookmark whose destination is at the top of the text area)."""
    reader = PdfReader(pdf)
    top = float(reader.pages[0].mediabox.height) - MARGIN["top"] * 72 / 25.4
    out = set()

    def walk(items):
        for o in items:
            if isinstance(o, list):
                walk(o)
            elif o.top is not None and float(o.top) >= top - 25:
                out.add(reader.get_destination_page_number(o))
    walk(reader.outline)
    return out


def measure(pdf: Path, folder: Path) -> list[dict]:
    """Per page: how full the text area is (0–1) and how far ink reaches past the side margins (mm)."""
    out = []
    for image in pages(pdf, folder):
        w, h = image.size
        top, bottom = round(MARGIN["top"] * MM), h - round(MARGIN["bottom"] * MM)
        left, right = round(MARGIN["left"] * MM), w - round(MARGIN["right"] * MM)
        inside = ink_box(image, (0, top, w, bottom))
        fill = 0.0 if inside is None else (inside[3]) / (bottom - top)
        past = 0.0
        if inside is not None:
            past = max(0.0, (left - inside[0]) / MM, (inside[2] - right) / MM)
        out.append({"fill": fill, "past_margin_mm": past})
    return out


PDFS = [f"{fy}/{slug}{edition}.pdf" for fy, slug in ((2022, "unyo-jokyo"), (2024, "unyo-jokyo"), (2025, "shikyuritsu"),
                                                    (2022, "bunseki"), (2024, "bunseki"))
        for edition in ("", "-review")] + ["2024/unyo-jokyo-diff.pdf", "2024/bunseki-diff.pdf"]


@pytest.fixture(scope="module")
def measured(built, tmp_path_factory):
    """``measured(name)``: measure() of a built PDF, its pages rendered once for both tests below."""
    done = {}

    def get(name: str) -> list[dict]:
        if name not in done:
            done[name] = measure(built / name, tmp_path_factory.mktemp("layout"))
        return done[name]
    return get


@pytest.mark.parametrize("name", PDFS)
def test_nothing_is_printed_past_the_margins(measured, name):
    over = [(i + 1, round(p["past_margin_mm"], 1)) for i, p in enumerate(measured(name))
            if p["past_margin_mm"] > SLACK_MM]
    assert not over, f"{name}: pages (page, mm past the margin): {over}"


@pytest.mark.parametrize("name", PDFS)
def test_no_page_is_less_than_a_third_full_but_a_short_chapter(built, measured, name):
    # A short page is fine where a section starts it (a chapter, which the source starts on a new page, or a
    # heading at its top: the section ends the chapter there), for the cover and the contents, and as the last
    # page of a document; a page that only carries what spilled from the page before (the rest of a table, a
    # chart, a few lines) is an accident.
    # In a review edition the publication's last page (its pages are the publication's) is followed by the chapters
    # only the review edition prints, each beginning a page: that page ends the publication there, as it does there.
    pdf = built / name
    pages = measured(name)
    first, starts = min(chapter_pages(pdf)), section_pages(pdf)
    ends = {len(pages) - 1}
    if name.endswith("-review.pdf"):
        publication = built / name.replace("-review", "")
        ends.add(first + len(PdfReader(publication).pages) - min(chapter_pages(publication)) - 1)
    short = [i + 1 for i, p in enumerate(pages)
             if p["fill"] < 1 / 3 and i > first and i not in starts and i not in ends]
    assert not short, f"{name}: pages less than a third full that continue a chapter: {short}"
