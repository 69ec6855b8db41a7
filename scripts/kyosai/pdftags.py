"""Three corrections to WeasyPrint's PDF/UA-1 tagging, where the PDF lost what the HTML says (issue #20):

* a header cell's direction: ``<th scope="row">`` / ``<th>`` become /TH with /Scope /Row or /Column (WeasyPrint writes
  /IDs and /Headers, but no /Scope, which checkers such as pdfua read);
* a layout table (``<table role="presentation">``: the 支給率's equations and definitions, set in columns) is tagged as
  the plain blocks it is (/Div), not as a data table without header cells;
* the page margin boxes (running heads, page numbers, the review mark) are drawn as artifacts, as PDF/UA-1 asks of
  pagination, instead of as marked content outside the structure tree.

They wrap two functions of WeasyPrint's own (``pdf.tags._build_box_tree``, ``draw.draw_stacking_context``), written
against the version pinned in requirements/runtime.txt; ``install()`` refuses another version, so an upgrade is a
deliberate step (tests/test_accessibility.py checks the result on every PDF with the PDF/UA checker).
"""
from __future__ import annotations

WRITTEN_FOR = "70.0"
TABLE_TAGS = {"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col"}
SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}

_installed = False


def install() -> None:
    """Installs the corrections (once; before the first PDF is written)."""
    global _installed
    if _installed:
        return
    import weasyprint
    from weasyprint import draw
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags
    if weasyprint.__version__ != WRITTEN_FOR:
        raise RuntimeError(f"kyosai.pdftags corrects WeasyPrint {WRITTEN_FOR}'s tagging, not {weasyprint.__version__}'s: "
                           "check the corrections against the new version (scripts/kyosai/pdftags.py), then update "
                           "WRITTEN_FOR")
    build_box_tree, draw_stacking_context = tags._build_box_tree, draw.draw_stacking_context

    def _build_box_tree(box, parent, pdf, page_number, nums, annotations, page_tags):
        if isinstance(box, boxes.MarginBox):
            return          # drawn as an artifact: nothing of it is in the structure tree
        if box.element is not None and box.element_tag == "table" and box.element.get("role") == "presentation":
            _as_blocks(box)
        yield from build_box_tree(box, parent, pdf, page_number, nums, annotations, page_tags)
        mark = getattr(box, "mark", None)
        if box.element is not None and box.element_tag == "th" and mark is not None:
            mark["A"]["Scope"] = SCOPES.get(box.element.get("scope", "col"), "/Column")

    def _draw_stacking_context(stream, stacking_context):
        if not isinstance(stacking_context.box, boxes.MarginBox) or stream._tags is None:
            return draw_stacking_context(stream, stacking_context)
        with stream.artifact():
            marked, stream._tags = stream._tags, None      # no marked content (MCIDs) inside the artifact
            try:
                draw_stacking_context(stream, stacking_context)
            finally:
                stream._tags = marked

    tags._build_box_tree = _build_box_tree
    draw.draw_stacking_context = _draw_stacking_context
    _installed = True


def _as_blocks(box) -> None:
    """A layout table's boxes tagged as blocks: every table part of it (not of a data table nested in it) as a div."""
    if box.element_tag in TABLE_TAGS:
        box.element_tag = "div"
    for child in getattr(box, "children", ()):
        nested_data_table = child.element_tag == "table" and child.element is not box.element \
            and (child.element is None or child.element.get("role") != "presentation")
        if not nested_data_table:
            _as_blocks(child)
