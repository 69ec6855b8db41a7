"""Every PDF the build makes is a tagged PDF (PDF/UA-1, as JIS X 8341-3 asks of public bodies): a structure
tree, the document language ja, the title as the window title, bookmarks, and an alternative text stating the
figures of every chart and diagram."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


def pdfs(built):
    found = sorted(built.glob("*/*.pdf"))
    assert len(found) >= 8, found      # FY2022, FY2024 and FY2025: publication, review, comparison
    return found


def structure(node, out):
    """Every structure element under ``node`` (depth first)."""
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for k in node:
            structure(k, out)
    elif isinstance(node, DictionaryObject) and "/S" in node:
        out.append(node)
        if "/K" in node:
            structure(node["/K"], out)
    return out


def test_every_pdf_is_tagged_with_language_title_and_bookmarks(built):
    for pdf in pdfs(built):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.M), pdf
        root = PdfReader(pdf).trailer["/Root"]
        assert root["/Lang"] == "ja", pdf
        assert root["/MarkInfo"]["/Marked"], pdf
        assert root["/ViewerPreferences"]["/DisplayDocTitle"], pdf
        assert PdfReader(pdf).metadata.title, pdf
        assert len(PdfReader(pdf).outline) >= 3, pdf


@pytest.mark.parametrize("name, figures", [
    ("2024/unyo-jokyo.pdf", ["資産構成割合（令和6年度末）。運用資産全体：", "運用利回りの推移。運用資産全体：", "許容乖離幅と乖離状況"]),
    ("2025/shikyuritsu.pdf", ["付加共済金原資の算定（億円）。剰余金見込額 6,423、過年度の留保額 ▲1,422、推計リスク（2σ） ▲2,922"]),
])
def test_every_chart_has_an_alt_text_with_its_figures(built, name, figures):
    elements = structure(PdfReader(built / name).trailer["/Root"]["/StructTreeRoot"]["/K"], [])
    alts = [str(e.get("/Alt", "")) for e in elements if e["/S"] == "/Figure"]
    assert alts and all(re.search(r"\d", a) for a in alts), alts          # every figure states figures
    for wanted in figures:
        assert any(wanted in a for a in alts), (wanted, alts)


# The PDF/UA-1 checker (pdfua, from PyPI: the machine-checkable rules it implements, `pdfua rules`: structure tree,
# MarkInfo, content tagged or artifact, language, figures' alternative text, table structure (header cells and their
# association), annotations' descriptions, headings, title, PDF/UA identification). Its one rule that cannot run on
# WeasyPrint's files (UA-14-001, headings not empty: the checker fails on a /K array) is checked below instead.
PDFUA = [sys.executable, "-m", "pdfua"]       # the checker of the test set-up's Python
CHECKER_FAULTS = {"UA-14-001"}


def test_every_pdf_passes_the_pdfua_checker(built):
    files = pdfs(built)
    for pdf in files:
        out = subprocess.run([*PDFUA, "check", "--format", "json", str(pdf)], capture_output=True, text=True)
        report = json.loads(out.stdout)
        assert report["findings"] == [], f"{pdf.relative_to(built)}: {json.dumps(report['findings'], ensure_ascii=False)[:2000]}"
        assert {s["rule_id"] for s in report["skipped"]} <= CHECKER_FAULTS, report["skipped"]


def test_no_heading_is_empty(built):
    for pdf in pdfs(built):
        root = PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"]
        headings = [e for e in structure(root["/K"], []) if re.fullmatch(r"/H[1-6]", str(e["/S"]))]
        assert headings, pdf.name
        assert all(e.get("/K") not in (None, []) for e in headings), pdf.name
