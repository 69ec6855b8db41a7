"""The next year, as a user adds it: rows only (bench/run.py's synthetic year: a 運用状況 and analysis pack of FY2025
with a 基本ポートフォリオ revision within the year, and a rate-zero 支給率 of rate year 2026), built with the same
command in a copy of the session's clean build. Every output of the earlier years stays as it was, and the new
documents say what is true of their year."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(spec)
sys.modules["bench_run"] = bench  # dataclasses look their module up
spec.loader.exec_module(bench)

# what records the data a document was built from (the SHA-256 of its input files, which a new year's rows change):
# the PDFs' metadata and the review edition's colophon, and so the comparisons, which name the PDFs they compare by
# their SHA-256; their text is compared instead, the digests set aside
BY_TEXT = re.compile(r".*(\.pdf|-diff\.html)$")
# the analysis pack's QA log checks the data against every 支給率 document, those published after the pack included
# (never used in its content, and said so): a later document adds such checks to the QA log of the review edition
QA_OF_LATER_DOCUMENTS = re.compile(r"\d{4}/bunseki(/qa\.md|-review\.pdf)$")


@pytest.fixture(scope="module")
def next_year(built_copy):
    ws = built_copy("next-year")
    years = bench.synthesise(ws.path, 1)
    result = ws.snakemake()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return ws, years


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def html_text(path) -> str:
    """The text of an HTML page (its tags and inline stylesheet set aside)."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def without_digests(text: str) -> str:
    """The text without the review edition's colophon digests (code, data), its spacing collapsed (a line's layout
    shifts with the width of its longest line)."""
    return " ".join(re.sub(r"(コード版|SHA-256：)\s*(?:[0-9a-f]\s?){12,64}", r"\1", text).split())


def test_a_later_year_leaves_every_output_of_the_earlier_years_as_it_was(clean_build, next_year):
    ws, years = next_year
    before, after = clean_build.digests(), ws.digests()
    assert set(before) <= set(after)
    changed = [name for name in before if after[name] != before[name] and not QA_OF_LATER_DOCUMENTS.match(name)]
    for name in changed:
        assert BY_TEXT.match(name), f"{name} changed when a later year was added"
        old, new = (without_digests(pdf_text(w.path / "reports" / name) if name.endswith(".pdf") else
                                    html_text(w.path / "reports" / name)) for w in (clean_build, ws))
        assert old == new, f"{name}: its text changed when a later year was added"
    added = {name.split("/")[0] for name in set(after) - set(before)}
    assert added == {str(y) for y in years} | {str(bench.RATE_ZERO_FY)}


def test_the_rate_zero_document_says_no_fund_arises(next_year):
    ws, _ = next_year
    text = re.sub(r"\s+", "", pdf_text(ws.path / "reports" / str(bench.RATE_ZERO_FY) / "shikyuritsu.pdf"))
    assert "プラスとならないため、令和8年度の付加共済金原資は発生しない" in text
    assert "支給率は「0」とする。令和8年度は付加共済金を支給しない。" in text
    assert "発生する。" not in text.replace("発生しない", "")
