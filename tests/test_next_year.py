"""The next year, as a user adds it: rows only (bench/run.py's synthetic year: a 運用状況 and analysis pack of FY2025,
a year of loss and deficit with a 基本ポートフォリオ revision within the year and a band breach, and a rate-zero 支給率
of rate year 2026), built with the same command in a copy of the session's clean build. Every output of the earlier years stays as it was, and the new
documents say what is true of their year."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(spec)
sys.modules["bench_run"] = bench  # dataclasses look their module up
spec.loader.exec_module(bench)

# what records the data a document was built from (the SHA-256 of its input files, which a new year's rows change):
# the PDFs' metadata and the review edition's colophon, and so the comparisons, which name the PDFs they compare by
# their SHA-256; their text is compared instead, the digests set aside
BY_TEXT = re.compile(r".*(\.pdf|-diff\.html)$")


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
    shifts with the width of its longest line), and without the page furniture: each page's running head (its first
    line) and page number, since a digest's width (its hex digits are not all as wide) can move a line across a page
    break, and with it where the furniture falls in the text."""
    pages = text.split("\f")
    kept = []
    for n, page in enumerate(pages):
        lines = [line for line in page.splitlines() if line.strip()]
        if n and lines:
            lines = lines[1:]
        kept += [line for line in lines if not re.fullmatch(r"\s*\d+ / \d+\s*", line)]
    # every space set aside, not collapsed to one: a digest's width also moves where a line of Japanese wraps, and a
    # wrap read as a space (「、 今回」 against 「、今回」) is no change of the text
    return "".join(re.sub(r"(コード版|SHA-256：)\s*(?:[0-9a-f]\s?){12,64}", r"\1", "\n".join(kept)).split())


def test_a_later_year_leaves_every_output_of_the_earlier_years_as_it_was(clean_build, next_year):
    ws, years = next_year
    before, after = clean_build.digests(), ws.digests()
    assert set(before) <= set(after)
    changed = [name for name in before if after[name] != before[name]]   # a later document changes no earlier one
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


def test_year_bound_texts_of_the_later_years_are_their_own(next_year):
    """A text naming its year is never carried into the next: the 第20回 note of rate year 2026 names 令和8年度 (computed),
    not 2025's 「令和7年度の支給率には適用される」; FY2025's ファンド一覧 note names its own year end (its row, bench)."""
    ws, _ = next_year
    qa = (ws.path / "reports" / str(bench.RATE_ZERO_FY) / "shikyuritsu" / "qa.md").read_text(encoding="utf-8")
    assert "いずれの場合も令和8年度の支給率には適用される。" in qa and "令和7年度の支給率には適用" not in qa
    text = re.sub(r"\s+", "", pdf_text(ws.path / "reports" / "2025" / "unyo-jokyo.pdf"))
    assert "令和8年3月末時点" in text and "令和7年3月末時点" not in text


def test_the_rate_zero_document_draws_no_halving_and_fills_its_pages(next_year, tmp_path):
    # the 算定イメージ (§1, §3) shows 原資 0億円 and why; the formulas are max(…, 0) and name every deduction;
    # no page after the contents is less than a third full (issue #18)
    from test_shikyuritsu_pages import short_pages
    ws, _ = next_year
    pdf = ws.path / "reports" / str(bench.RATE_ZERO_FY) / "shikyuritsu.pdf"
    # in the order of the PDF's text (pypdf): a formula or box wrapped in its cell stays one phrase
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert text.count("控除後の剰余金見込額が負のため、原資は0億円（1/2に分ける額はない）") == 2
    assert "付加共済金原資額＝max（（1）剰余金見込額－（2）過年度の留保額－（3）推計リスク，0）／2" in text
    assert "max（①剰余金見込額－過年度の留保額－推計リスク－潜在的な損失額，0）／2" in text
    assert "0.0億円" not in text
    assert "（例：令和8年度の掛金納付期間が3年となる場合）" in text and "令和8年4月～令和9年3月" in text
    assert not short_pages(pdf, tmp_path)


def test_the_next_years_pages_hold_no_nearly_empty_page(next_year, tmp_path):
    # issue #18: in a year with a band breach the notice pushed the deviation chart onto a page of its own; the
    # rule of tests/test_layout.py (a page less than a third full only where a section starts it, or last) holds
    # for the new year's documents as for the published ones; the analysis pack has no short page at all
    from test_layout import chapter_pages, measure, section_pages
    ws, years = next_year
    for fy in years:
        for slug in ("unyo-jokyo", "bunseki"):
            pdf = ws.path / "reports" / str(fy) / f"{slug}.pdf"
            measured = measure(pdf, tmp_path)
            first, starts = min(chapter_pages(pdf)), section_pages(pdf) if slug == "unyo-jokyo" else set()
            short = [(i + 1, round(p["fill"], 2)) for i, p in enumerate(measured)
                     if p["fill"] < 1 / 3 and i > first and i not in starts and i != len(measured) - 1]
            assert not short, f"{fy}/{slug}: pages (page, share of the text area) less than a third full: {short}"


# ---------------------------------------------------------------- the year no one has seen (issue #18's acceptance)
# FY2025 is a year of loss (bench.synthesise_loss_year): 運用損益額 ▲2,068 (委託 ▲2,900), 当期損失 ▲6,350 turning the
# 利益剰余金 5,950 of FY2024 into a 繰越欠損金 of ▲400, and its year end breaches the 国内債券 band of the policy revised
# within the year (bench.synthesise_policy_revision); the 支給率 of rate year 2026 has no fund (rate 0).

def model_json(ws, fy: int, slug: str) -> dict:
    import json
    return json.loads((ws.path / "build" / str(fy) / slug / "model.json").read_text(encoding="utf-8"))


def test_the_new_year_is_a_loss_a_deficit_and_a_breach(next_year):
    ws, years = next_year
    unyo = model_json(ws, years[0], "unyo-jokyo")
    income = {r["segment"]: r["years"][-1]["income"] for r in unyo["returns"]["rows"]}
    assert (float(income["all"]), float(income["entrusted"])) == (-2068, -2900)
    assert float(unyo["balances"][-1]["surplus"]) == -400 and float(unyo["balances"][-1]["surplus_change"]) == -6350
    # the 国内債券 share of 委託 at the year end: 11,333 / 27,952 = 40.544…%; the revised policy's 42.2 − 5.1 = 37.1:
    # 3.444… pt over (3.4 as printed), beyond its ±2.3 pt band; the others within theirs
    breaches = {d["component"]: round(float(d["deviation"]), 3) for d in unyo["compositions"][-1]["deviations"]
                if d["breach"]}
    assert breaches == {"domestic_bonds_market": 3.445}
    rate = model_json(ws, bench.RATE_ZERO_FY, "shikyuritsu")
    assert float(rate["available"]) < 0 and float(rate["rate"]) == 0


EARLIER = [("unyo", 2022), ("unyo", 2024), ("shikyuritsu", 2025), ("bunseki", 2022), ("bunseki", 2024)]


def test_a_later_document_changes_no_earlier_table_and_its_conflict_names_both_rows(clean_build, next_year, tmp_path):
    """The later document: the 支給率 of rate year 2026 (dated 2026-03-01) printing in its 実績 column a 基本額に係る
    責任準備金 of FY2024 500億円 above what FY2024's 運用状況 and the 令和7年度 支給率 say (its 負債 and 資産 with it, so
    that the document is consistent in itself). The tables of every document dated before it are byte for byte those of
    the session's clean build, which has none of the later rows; the analysis pack of FY2025 (dated 2026-07-01), which
    knows both, stops, naming the file and line of both figures."""
    import csv
    import shutil

    from kyosai import dataio
    from kyosai.documents import model_module
    from kyosai.dataio import DataError
    from kyosai.document import view_module
    from kyosai.tablespec import write_tables

    ws, years = next_year
    data_dir = tmp_path / "data"
    shutil.copytree(ws.path / "data", data_dir)
    path = data_dir / "shikyuritsu" / "fiscal_projection.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    header = list(rows[0])
    lines = {}
    for n, r in enumerate(rows, start=2):        # line 1 is the header
        if r["rate_fiscal_year"] == str(bench.RATE_ZERO_FY) and r["fiscal_year"] == "2024" and \
                r["line"] in ("basic_reserve", "liabilities", "assets"):
            r["value"] = str(int(r["value"]) + 500)
            lines[r["line"]] = n
        if r["rate_fiscal_year"] == str(bench.RATE_ZERO_FY) and r["fiscal_year"] == "2024" and \
                r["line"] == "installment_reserve":
            lines[r["line"]] = n
    assert len(lines) == 4
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(data_dir / "unyo" / "balance_history.csv", encoding="utf-8", newline="") as f:
        balance_line = next(n for n, r in enumerate(csv.DictReader(f), start=2) if r["fiscal_year"] == "2024")
    data = dataio.load_all(data_dir)

    for key, fy in EARLIER:
        doc = view_module(key).DOCUMENT
        model = model_module(key).build(data, fy)          # never fails: the later rows are not known on its date
        out = tmp_path / "tables" / f"{fy}-{doc.slug}"
        write_tables(doc.tables, doc.tables.rows(model), out)
        before = clean_build.path / "reports" / str(fy) / doc.slug / "tables"
        assert sorted(p.name for p in out.glob("*.csv")) == sorted(p.name for p in before.glob("*.csv")), (fy, doc.slug)
        for table in out.glob("*.csv"):
            assert table.read_bytes() == (before / table.name).read_bytes(), f"{fy} {doc.slug}: {table.name} changed"

    with pytest.raises(DataError) as stop:
        model_module("bunseki").build(data, years[0])
    message = "\n".join(stop.value.problems)
    reserve_lines = ", ".join(str(lines[k]) for k in ("basic_reserve", "installment_reserve"))
    assert f"data/shikyuritsu/fiscal_projection.csv, lines {reserve_lines} and " \
           f"data/unyo/balance_history.csv, line {balance_line}, column policy_reserve" in message, message


def test_every_qa_entry_of_the_new_year_is_one_its_data_supports(next_year):
    """Each entry of the QA logs (the review editions print them) of FY2025's 運用状況 and analysis pack and of the
    rate-zero 支給率 that states a check's result is re-checked from the figures it names (test_unseen_year.verified):
    none is printed whatever the data says (issue #18: 「出典は端数処理前の数値で計算している」 when every figure
    agrees, 「一致しない」 when the two are identical)."""
    from test_unseen_year import qa_entries, unsupported
    ws, years = next_year
    for fy, slug in ((years[0], "unyo-jokyo"), (years[0], "bunseki"), (bench.RATE_ZERO_FY, "shikyuritsu")):
        entries = qa_entries(ws.path / "reports" / str(fy) / slug / "qa.md")
        assert len(entries) > 20, (fy, slug)
        assert not unsupported(entries), (fy, slug, unsupported(entries))
    breach = [e for e in qa_entries(ws.path / "reports" / str(years[0]) / "unyo-jokyo" / "qa.md") if "許容乖離幅" in e]
    assert breach == ["R07年度末 国内債券(時価): 乖離 3.4pt が許容乖離幅 ±2.3pt を超えている"]


def test_the_new_years_pages_say_what_is_true_of_it(next_year):
    """What the pages of the year of loss say (read as pictures, issue #18): the deficit as a deficit, the breach, the
    year's own events; the analysis pack's deficit again and its zero rate; the 支給率's own years."""
    ws, years = next_year
    text = {slug: re.sub(r"\s+", "", pdf_text(ws.path / "reports" / str(fy) / f"{slug}.pdf"))
            for fy, slug in ((years[0], "unyo-jokyo"), (years[0], "bunseki"), (bench.RATE_ZERO_FY, "shikyuritsu"))}
    unyo = text["unyo-jokyo"]
    assert ("平成26年度に繰越欠損金は解消。その後、令和7年度末に再び繰越欠損金が生じております。"
            "令和7年度末の繰越欠損金は▲400億円（対前年度比▲6,350億円）となっております。") in unyo
    assert "許容乖離幅を超えている資産があります：国内債券(時価)（乖離3.4%、許容乖離幅±2.3%）" in unyo
    assert "令和7年10月に基本ポートフォリオを改定いたしました。" in unyo and "令和7年9月に受け入れ" not in unyo
    bunseki = text["bunseki"]
    assert "令和7年度末に再び繰越欠損金となりました。令和7年度末の繰越欠損金は▲400億円" in bunseki
    assert "利益剰余金が続いています" not in bunseki
    assert ("を変えても、控除後の剰余金見込額はいずれの試算でも負となり、付加共済金原資はいずれの試算でも0億円、支給率は"
            "いずれも0です（図示する差がないため、感応度の図はありません）。") in bunseki
    assert "0.00000～0.00000" not in bunseki
    rate = text["shikyuritsu"]
    assert "令和6年度及び令和7年度の付加共済金を支給することとした際の留保額7,000億円" in rate
    assert "令和7年度末の剰余金" in rate and "令和6年度末の剰余金" not in rate
