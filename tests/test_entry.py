"""A year's data entered in Excel (kyosai.entry, scripts/entry.py; make entry FY=…, make import FILE=…): the workbook
round trip leaves data/ as it is, a new year's workbook asks for the rows `make check` misses, Excel's and
LibreOffice's habits are read alike, a bad cell is refused by sheet and cell, and a declared gap filled in goes."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ROOT

from kyosai import dataio, entry
from kyosai.dataio import DataError
from kyosai.shikyuritsu import model as shikyuritsu_model
from kyosai.unyo import model as unyo_model

SOFFICE = shutil.which("soffice")
REPORT_YEARS = unyo_model.years(dataio.load_all(only=("reports",)))   # every year with a 運用状況
RATE_YEARS = shikyuritsu_model.years(dataio.load_all(only=("shikyuritsu_rate_inputs", "shikyuritsu_surplus_components")))   # every year with a 支給率


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def export(data_dir: Path, fy: int, out: Path) -> list[entry.SheetPlan]:
    descriptor = dataio.load_descriptor(data_dir / "datapackage.yaml")
    data = dataio.load_all(data_dir, descriptor)
    return entry.export(data, descriptor, fy, out, entry.missing(data, fy))


def csv_rows(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def fill(ws, values_by_row):
    """Fill rows of a sheet: {row: {column name: value}}."""
    codes = {ws.cell(entry.CODE_ROW, c).value: c for c in range(1, ws.max_column + 1)}
    for r, values in values_by_row.items():
        for name, value in values.items():
            ws.cell(r, codes[name]).value = value


def sheet_rows(ws) -> list[dict]:
    """{column name: value} of each listed row."""
    codes = {ws.cell(entry.CODE_ROW, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(entry.CODE_ROW, c).value}
    return [{n: ws.cell(r, c).value for n, c in codes.items()} | {"_row": r}
            for r in range(entry.FIRST_ROW, ws.max_row + 1) if any(ws.cell(r, c).value is not None for c in codes.values())]


# ---------------------------------------------------------------- round trip

@pytest.mark.parametrize("fy", sorted(set(REPORT_YEARS) | set(RATE_YEARS)))
def test_exporting_and_importing_a_years_workbook_leaves_data_byte_identical(data_copy, tmp_path, fy):
    before = digests(data_copy)
    export(data_copy, fy, tmp_path / "entry.xlsx")
    changes, notes = entry.apply(tmp_path / "entry.xlsx", data_copy)
    assert (changes, notes) == ([], [])
    assert digests(data_copy) == before


def test_the_round_trip_covers_the_years_of_data_unyo_reports_csv():
    assert REPORT_YEARS[:2] == [2022, 2024]               # FY2022 and FY2024 today; each year added is tested too
    assert RATE_YEARS[:1] == [2025]                       # and the 支給率 of rate year 2025 (its sheets)


def test_a_rate_years_workbook_holds_the_rows_of_its_shikyuritsu(tmp_path):
    """The 支給率's yearly files have their sheets too: FY2025's rows as 002 prints them (支給率の基準となる率 0.06467,
    002 §2 まとめ; 付加共済金原資 1,039.4億円, 002 §4), and
    for rate year 2026 the rows to fill, keyed as 2025's moved a year (its 財政収支の予測: 実績 R6, 見込 R7, 予測 R8)."""
    export(ROOT / "data", 2025, tmp_path / "e.xlsx")
    wb = load_workbook(tmp_path / "e.xlsx")
    assert {"支給率資料", "支給率の算定要素", "財政収支の予測", "剰余金見込額の内訳", "過年度の留保額"} <= set(wb.sheetnames)
    inputs = {r["item"]: r["value"] for r in sheet_rows(wb["支給率の算定要素"])}
    assert str(inputs["published_base_rate"]) == "0.06467" and str(inputs["published_fund"]) == "1039.4"
    years_2025 = sorted({r["fiscal_year"] for r in sheet_rows(wb["財政収支の予測"])})
    export(ROOT / "data", 2026, tmp_path / "f.xlsx")
    wb = load_workbook(tmp_path / "f.xlsx")
    projection = sheet_rows(wb["財政収支の予測"])
    assert {r["rate_fiscal_year"] for r in projection} == {2026} and all(r["value"] is None for r in projection)
    assert sorted({r["fiscal_year"] for r in projection}) == [y + 1 for y in years_2025]
    guide = [row[0] for row in wb["入力の手引き"].iter_rows(values_only=True)]
    assert any(str(g).startswith("data/shikyuritsu/documents.csv: no row for rate_fiscal_year 2026") for g in guide)


def test_the_workbook_has_japanese_headings_with_units_comments_validation_and_locked_keys(tmp_path):
    export(ROOT / "data", 2024, tmp_path / "e.xlsx")
    wb = load_workbook(tmp_path / "e.xlsx")
    assert wb.sheetnames[0] == "入力の手引き"
    assert wb["入力の手引き"]["B3"].value == 2024
    ws = wb["運用利回り"]
    heads = [ws.cell(1, c).value for c in range(1, 6)]
    assert heads == ["年度", "区分", "運用損益額（億円）", "運用利回り（%）", "出典"]
    assert "運用利回り (the entrusted assets' best year so far is 25.65%)" in ws["D1"].comment.text
    rules = {str(dv.sqref).split(":")[0][0]: dv for dv in ws.data_validations.dataValidation}
    assert (rules["D"].type, rules["D"].formula1, rules["D"].formula2) == ("decimal", "-30", "30")
    assert (rules["B"].type, rules["B"].formula1) == ("list", '"all,self_managed,entrusted"')
    assert ws.protection.sheet and ws["A3"].protection.locked and ws["B3"].protection.locked
    assert not ws["C3"].protection.locked


# ---------------------------------------------------------------- a year without its rows

@functools.lru_cache(maxsize=None)
def csv_dicts(path: Path) -> list[dict]:
    import csv
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def previous_values(data_dir: Path, resource: str, series: dict, year_col: str) -> dict | None:
    """The latest earlier row of the same series in the CSV (as text): a user's made-up figures for the new year."""
    rows = csv_dicts(data_dir / "unyo" / f"{resource}.csv")
    same = [r for r in rows if all(r[k] == v for k, v in series.items())]
    return max(same, key=lambda r: r[year_col]) if same else None


def fill_new_year(ws, data_dir: Path, resource: str, year_col: str, key: list[str]) -> int:
    """Fill every blank row of FY2025 with the latest earlier row of its series (the declared gaps' rows stay blank);
    returns the rows filled."""
    n = 0
    if resource == "texts":       # a year-bound text's row to renew: the year's own wording, as a user writes it
        for row in sheet_rows(ws):
            if row["valid_from"] == 2025 and row["text"] is None:
                fill(ws, {row["_row"]: {"valid_to": 2025, "text": "令和7年度の文（試験）", "source": "試験"}})
                n += 1
        return n
    for row in sheet_rows(ws):
        year = row[year_col].year - 1 if isinstance(row[year_col], dt.datetime) else row[year_col]
        if year == 2025 and all(row[c] is None for c in row if c not in key and c != "_row"):   # not the gaps' rows
            series = {k: str(row[k]) for k in key if k != year_col}
            prev = previous_values(data_dir, resource, series, year_col)
            if resource == "carried_figures" and not row["figure"].endswith("_10y"):
                continue                                  # the 10-year averages whose window reaches FY2017 only
            if prev is None:
                continue
            values = {c: v for c, v in prev.items() if c not in key}
            if resource == "year_facts" and row["fact"] == "funds_as_of":
                values["value"] = dt.date(2026, 3, 31)     # an Excel date
            if resource == "bond_issuers" and row["issuer"] == "国債":
                values["amount"] = str(int(values["amount"]) + 6232)   # FY2022's parts sum to 79017; FY2024's total is 85249
            if resource == "balance_history":
                values["net_income"] = "0"                  # the surplus as the year before
            if resource == "reports":
                values.update(published="2026-07", document_date="2026-07-01", note="")
            fill(ws, {row["_row"]: values})
            n += 1
    return n


def new_year_workbook(data_dir: Path, out: Path) -> None:
    """The FY2025 workbook of a tree with none of its rows, filled in as a user would (last year's figures)."""
    plans = export(data_dir, 2025, out)
    wb = load_workbook(out)
    for p in plans:
        fill_new_year(wb[p.sheet.title], data_dir, p.sheet.resource, p.sheet.year, p.key)
    wb.save(out)


def test_a_new_years_workbook_has_a_sheet_for_every_file_that_needs_rows(data_copy, tmp_path):
    assert 2025 not in unyo_model.years(dataio.load_all(data_copy))      # no 運用状況 of FY2025 yet
    plans = export(data_copy, 2025, tmp_path / "2025.xlsx")
    # the files bench.synthesise adds FY2025's rows to (tests/test_next_year.py), plus the declared gaps' files
    assert {p.sheet.resource for p in plans} == {
        "reports", "holdings", "holdings_totals", "investment_returns", "fund_performance", "funds", "fund_subtotals",
        "life_insurance_yield", "year_facts", "committee_members", "balance_history", "carried_figures",
        "cash_flows", "market_indices", "bond_issuers", "texts",     # texts: the year-bound ones to renew
        # and the 支給率 of rate year 2025, whose rows data/ has
        "shikyuritsu_documents", "shikyuritsu_rate_inputs", "shikyuritsu_fiscal_projection",
        "shikyuritsu_surplus_components", "shikyuritsu_retained_amounts", "shikyuritsu_notes"}
    # every file `make check FY=2025` names (once the year's reports.csv row is there) has its sheet
    named = {m.split(":")[0] for m in entry.missing(dataio.load_all(data_copy), 2025)}
    assert named == {f"data/unyo/{p.sheet.resource}.csv" for p in plans if not p.sheet.resource.startswith("shikyuritsu")} \
        - {"data/unyo/carried_figures.csv"}             # the 支給率 of 2025 is complete: its sheets hold its rows
    wb = load_workbook(tmp_path / "2025.xlsx")
    guide = [row[0] for row in wb["入力の手引き"].iter_rows(values_only=True)]
    listed = guide[guide.index("make check で不足と判定された行") + 1:]
    assert len(listed) == 19 and listed[0].startswith("data/unyo/reports.csv: no row for fiscal_year 2025")
    holdings = sheet_rows(wb["運用資産額"])
    assert [(r["fiscal_year"], r["asset_class"], r["amount"]) for r in holdings][:2] == [
        (2025, "domestic_bonds_book", None), (2025, "short_term", None)]
    assert len(holdings) == 9                             # as FY2024: nine asset classes
    flows = [(r["fiscal_year"], r["contributions"]) for r in sheet_rows(wb["キャッシュ・フロー"])]
    assert flows == [(2023, None), (2024, None), (2025, None)]   # the declared gap 2023–2024 and the year itself
    ends = {(r["date"].date(), r["value"]) for r in sheet_rows(wb["市場環境"])}
    assert {d for d, _ in ends} == {dt.date(2024, 3, 31), dt.date(2025, 3, 31), dt.date(2026, 3, 31)}


def test_a_filled_in_new_year_imports_and_passes_the_check(data_copy, tmp_path):
    original = {name: csv_rows(data_copy / "unyo" / name) for name in ("holdings.csv", "cash_flows.csv")}
    edit_reports = data_copy / "unyo" / "reports.csv"
    new_year_workbook(data_copy, tmp_path / "2025.xlsx")
    changes, _ = entry.apply(tmp_path / "2025.xlsx", data_copy)
    summary = {ch.path: (ch.added, ch.changed, ch.removed) for ch in changes}
    assert summary["data/unyo/holdings.csv"] == (9, 0, 0)
    assert summary["data/unyo/reports.csv"] == (1, 0, 0)
    assert summary["data/unyo/funds.csv"] == (24, 0, 0)
    # holdings.csv is newest year first: FY2025's rows go before FY2024's, in FY2024's order
    holdings = csv_rows(data_copy / "unyo" / "holdings.csv")
    assert holdings[0] == original["holdings.csv"][0] and holdings[10:] == original["holdings.csv"][1:]
    assert holdings[1] == "2025,domestic_bonds_book,85249,published,000 §1 資産構成; 000 §6 国内債券(簿価),"
    # cash_flows.csv is oldest first: FY2025 after FY2022 at its end (FY2023–2024 stay a declared gap)
    assert csv_rows(data_copy / "unyo" / "cash_flows.csv") == original["cash_flows.csv"] + ["2025,7829,5582,848,5200,001 §3"]
    assert "cash_flows,,2023,2024" in (data_copy / "unyo" / "gaps.csv").read_text(encoding="utf-8")
    assert "2025,2026-07,2026-07-01" in edit_reports.read_text(encoding="utf-8")
    assert "2025,funds_as_of,2026-03-31,date" in (data_copy / "unyo" / "year_facts.csv").read_text(encoding="utf-8")
    built = unyo_model.build(dataio.load_all(data_copy), 2025)   # every check of the year's 運用状況 passes
    assert built["qa"]
    # importing it again changes nothing
    assert entry.apply(tmp_path / "2025.xlsx", data_copy)[0] == []


def test_a_gap_filled_and_a_new_year_entered_through_workbooks_build(workspace_factory, tmp_path):
    """One build on a copy: FY2024's cash-flow gap filled through its workbook (made-up figures), then FY2025 entered
    through its own; both publications build, and neither prints the gap note."""
    ws = workspace_factory("entry-new-year")
    data = ws.path / "data"
    wb = workbook_2024(tmp_path, data)
    made_up = {"contributions": 5300, "benefits": 5100, "bond_interest": 700, "bond_redemptions": 4000,
               "source": "テスト用の架空の数値"}
    fill(wb["キャッシュ・フロー"], {3: made_up, 4: made_up})
    wb.save(tmp_path / "2024.xlsx")
    for year in (2024, 2025):
        if year == 2025:
            new_year_workbook(data, tmp_path / "2025.xlsx")    # its sheet of cash flows: only its own year now
        result = subprocess.run([sys.executable, "scripts/entry.py", "import", str(tmp_path / f"{year}.xlsx")],
                                cwd=ws.path, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert "data/unyo/holdings.csv: 9 added, 0 changed, 0 removed" in result.stdout
    build = ws.snakemake("reports/2024/unyo-jokyo.pdf", "reports/2025/unyo-jokyo.pdf")
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    for year in (2024, 2025):
        text = subprocess.run(["pdftotext", str(ws.path / "reports" / str(year) / "unyo-jokyo.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "キャッシュ・フロー" in text and "までの数値です" not in text.replace(" ", "")
    cash = subprocess.run(["pdftotext", "-layout", str(ws.path / "reports" / "2024" / "unyo-jokyo.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "R06年度" in cash and "5,300" in cash


# ---------------------------------------------------------------- Excel's habits, bad cells

def workbook_2024(tmp_path: Path, data_dir: Path):
    export(data_dir, 2024, tmp_path / "2024.xlsx")
    return load_workbook(tmp_path / "2024.xlsx")


def test_excel_habits_are_read_as_the_figures_they_are(data_copy, tmp_path):
    wb = workbook_2024(tmp_path, data_copy)
    before = digests(data_copy)
    ws = wb["運用利回り"]                 # rows 3–: 2015 entrusted … ; find FY2024's rows by key
    rows = {(r["fiscal_year"], r["segment"]): r["_row"] for r in sheet_rows(ws)}
    fill(ws, {rows[(2024, "all")]: {"income": "５１６ ", "source": "000 §3; 000 §4 "},   # full-width, spaces
              rows[(2024, "self_managed")]: {"income": "832.0", "yield": 0.92},        # text, a number
              rows[(2024, "entrusted")]: {"income": "△315"}})                          # △ for minus
    cm = wb["資産運用委員"]
    fill(cm, {3: {"order": "1"}})                         # a key typed as text
    fy = wb["年度の数値"]
    facts = {r["fact"]: r["_row"] for r in sheet_rows(fy)}
    fill(fy, {facts["funds_as_of"]: {"value": 45747}})    # 2025-03-31 as Excel's serial number
    wb.save(tmp_path / "2024.xlsx")
    changes, _ = entry.apply(tmp_path / "2024.xlsx", data_copy)
    assert changes == []                                  # the same figures: nothing to write
    assert digests(data_copy) == before
    ws["C" + str(rows[(2024, "all")])] = "▲1,516"        # now a change: 運用損益額 −1,516
    wb.save(tmp_path / "2024.xlsx")
    changes, _ = entry.apply(tmp_path / "2024.xlsx", data_copy)
    assert [(c.path, c.added, c.changed, c.removed) for c in changes] == [("data/unyo/investment_returns.csv", 0, 1, 0)]
    text = (data_copy / "unyo" / "investment_returns.csv").read_text(encoding="utf-8")
    assert "\n2024,all,-1516,0.43,000 §3; 000 §4\n" in text


def test_bad_cells_are_refused_by_sheet_and_cell_and_nothing_is_written(data_copy, tmp_path):
    wb = workbook_2024(tmp_path, data_copy)
    before = digests(data_copy)
    rows = {r["asset_class"]: r["_row"] for r in sheet_rows(wb["運用資産額"])}
    wb["運用資産額"][f"C{rows['loans']}"] = "三千"                   # not a number
    yields = {(r["fiscal_year"], r["segment"]): r["_row"] for r in sheet_rows(wb["運用利回り"])}
    wb["運用利回り"][f"D{yields[(2024, 'all')]}"] = 43                # 43% for 0.43%: out of range
    wb["運用資産額の合計"]["C3"] = "=C4+C5"                            # a formula openpyxl saves without a value
    wb["キャッシュ・フロー"]["B3"] = 5000                              # a gap row filled without its source
    wb.save(tmp_path / "2024.xlsx")
    with pytest.raises(DataError) as exc:
        entry.apply(tmp_path / "2024.xlsx", data_copy)
    text = str(exc.value)
    assert f"sheet 運用資産額, cell C{rows['loans']} (amount 金額（億円）): '三千': expected a number in 億円" in text
    assert f"sheet 運用利回り, cell D{yields[(2024, 'all')]} (yield 運用利回り（%）): '43': expected at most 30 in %" in text
    assert "sheet 運用資産額の合計, cell C3 (amount 金額（億円）): the formula =C4+C5 has no saved value" in text
    assert "sheet キャッシュ・フロー, cell C3 (benefits" in text                     # every empty required cell
    assert "sheet キャッシュ・フロー, cell F3 (source 出典): empty, but a value is required" in text
    assert digests(data_copy) == before


def test_hidden_sheets_and_rows_are_ignored_and_said(data_copy, tmp_path):
    wb = workbook_2024(tmp_path, data_copy)
    before = digests(data_copy)
    wb["運用中ファンド一覧"].sheet_state = "hidden"
    wb["運用中ファンド一覧"]["H3"] = 1                     # would change a fund's amount
    ws = wb["運用資産額"]
    ws["C3"] = "abc"                                       # would be refused …
    ws.row_dimensions[3].hidden = True                     # … in a hidden row
    wb.save(tmp_path / "2024.xlsx")
    changes, notes = entry.apply(tmp_path / "2024.xlsx", data_copy)
    assert changes == [] and digests(data_copy) == before
    assert "sheet 運用中ファンド一覧: hidden, so ignored (data/unyo/funds.csv stays as it is)" in notes
    assert "sheet 運用資産額, row 3: hidden, so ignored (its row in data/unyo/holdings.csv stays as it is)" in notes


# ---------------------------------------------------------------- a declared gap filled in

def test_the_fy2024_cash_flow_gap_filled_in_the_workbook_leaves_no_gap_note(data_copy, tmp_path):
    assert "cash_flows,,2023,2024" in (ROOT / "data" / "unyo" / "gaps.csv").read_text(encoding="utf-8")
    gaps_before = csv_rows(data_copy / "unyo" / "gaps.csv")
    built = unyo_model.build(dataio.load_all(data_copy), 2024)
    assert built["cash_flows"]["missing_to"] == 2024           # today: the table stops at FY2022, with its note
    wb = workbook_2024(tmp_path, data_copy)
    ws = wb["キャッシュ・フロー"]
    assert [(r["fiscal_year"], r["contributions"]) for r in sheet_rows(ws)] == [(2023, None), (2024, None)]
    made_up = {"contributions": 5300, "benefits": "5,100", "bond_interest": 700, "bond_redemptions": 4000,
               "source": "テスト用の架空の数値"}
    fill(ws, {3: made_up, 4: {**made_up, "contributions": 5400}})
    wb.save(tmp_path / "2024.xlsx")
    changes, notes = entry.apply(tmp_path / "2024.xlsx", data_copy)
    assert {(c.path, c.added, c.changed, c.removed) for c in changes} == {("data/unyo/cash_flows.csv", 2, 0, 0),
                                                                         ("data/unyo/gaps.csv", 0, 0, 1)}
    assert csv_rows(data_copy / "unyo" / "cash_flows.csv")[-2:] == [
        "2023,5300,5100,700,4000,テスト用の架空の数値", "2024,5400,5100,700,4000,テスト用の架空の数値"]
    assert csv_rows(data_copy / "unyo" / "gaps.csv") == [g for g in gaps_before if not g.startswith("cash_flows,")]
    assert any("the gap of cash_flows 2023–2024 removed" in n for n in notes)
    built = unyo_model.build(dataio.load_all(data_copy), 2024)
    assert built["cash_flows"]["missing_to"] is None
    assert [r["fiscal_year"] for r in built["cash_flows"]["rows"]][-2:] == [2023, 2024]
    assert "cash_flows,,2023,2024" in (ROOT / "data" / "unyo" / "gaps.csv").read_text(encoding="utf-8")


# ---------------------------------------------------------------- LibreOffice

@pytest.mark.e2e
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
def test_a_workbook_libreoffice_saved_again_imports_identically(data_copy, tmp_path):
    wb = workbook_2024(tmp_path, data_copy)
    rows = {(r["fiscal_year"], r["segment"]): r["_row"] for r in sheet_rows(wb["運用利回り"])}
    wb["運用利回り"][f"C{rows[(2024, 'all')]}"] = "=500+16"         # a formula: LibreOffice saves its value, 516
    wb["キャッシュ・フロー"]["B3"] = "5,300"
    for col, value in zip("CDEF", (5100, 700, 4000, "テスト用の架空の数値")):
        wb["キャッシュ・フロー"][f"{col}3"] = value
    wb.save(tmp_path / "2024.xlsx")
    direct = data_copy.parent / "direct"
    shutil.copytree(data_copy, direct)
    out = tmp_path / "lo"
    result = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                             "--convert-to", "xlsx", "--outdir", str(out), str(tmp_path / "2024.xlsx")],
                            capture_output=True, text=True, timeout=180)
    assert (out / "2024.xlsx").exists(), result.stdout + result.stderr
    with pytest.raises(DataError, match="the formula =500\\+16 has no saved value"):
        entry.apply(tmp_path / "2024.xlsx", direct)
    wb["運用利回り"][f"C{rows[(2024, 'all')]}"] = 516
    wb.save(tmp_path / "2024.xlsx")
    plain, _ = entry.apply(tmp_path / "2024.xlsx", direct)
    resaved, notes = entry.apply(out / "2024.xlsx", data_copy)
    assert digests(data_copy) == digests(direct)
    assert [(c.path, c.added, c.changed, c.removed) for c in resaved] == [
        (c.path, c.added, c.changed, c.removed) for c in plain]
    assert f"sheet 運用利回り, cell C{rows[(2024, 'all')]}: the formula =500+16 → its saved value 516 taken" in notes


def test_rows_go_where_each_files_order_puts_them_in_its_own_line_endings_and_encoding(data_copy, tmp_path):
    flows = data_copy / "unyo" / "cash_flows.csv"
    lines = csv_rows(flows)
    flows.write_bytes("\r\n".join(lines).encode("cp932"))          # as Excel saves a CSV: Shift_JIS, CRLF, no final newline
    wb = workbook_2024(tmp_path, data_copy)
    made_up = {"contributions": 5300, "benefits": 5100, "bond_interest": 700, "bond_redemptions": 4000, "source": "架空"}
    fill(wb["キャッシュ・フロー"], {3: made_up, 4: made_up})
    indices = wb["市場環境"]                        # market_indices.csv is by date, then index, since FY2013
    fill(indices, {r["_row"]: {"value": 100 + r["_row"], "source": "架空"} for r in sheet_rows(indices)})
    wb.save(tmp_path / "2024.xlsx")
    changes, notes = entry.apply(tmp_path / "2024.xlsx", data_copy)
    assert {(c.path, c.added) for c in changes} == {("data/unyo/cash_flows.csv", 2), ("data/unyo/market_indices.csv", 10),
                                                     ("data/unyo/gaps.csv", 0)}
    assert flows.read_bytes() == "\r\n".join(lines + ["2023,5300,5100,700,4000,架空", "2024,5300,5100,700,4000,架空"]).encode("cp932")
    levels = csv_rows(data_copy / "unyo" / "market_indices.csv")
    assert levels[-11] == "2023-03-31,eurjpy,140.82,001 §3"
    assert [line.split(",")[:2] for line in levels[-10:]] == [[d, i] for d in ("2024-03-31", "2025-03-31")
                                                               for i in ("nikkei225", "topix", "djia", "usdjpy", "eurjpy")]
    gaps = (data_copy / "unyo" / "gaps.csv").read_text(encoding="utf-8")
    assert "cash_flows," not in gaps and "market_indices,," not in gaps and "bond_issuers,,2024,2024" in gaps
    assert "market_indices,in_year," in gaps                # the year's path (no year-end fills it) stays declared


def test_the_command_lists_every_problem_without_a_traceback_and_writes_nothing(data_copy, tmp_path):
    wb = workbook_2024(tmp_path, data_copy)
    wb["運用資産額"]["C3"] = "abc"
    wb["運用資産額の合計"]["C4"] = -5
    wb.save(tmp_path / "2024.xlsx")
    (tmp_path / "not.xlsx").write_text("fiscal_year,amount\n", encoding="utf-8")
    before = digests(data_copy)
    run = [sys.executable, str(ROOT / "scripts" / "entry.py")]
    bad = subprocess.run([*run, "import", str(tmp_path / "2024.xlsx"), "--data", str(data_copy)],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "2 problem(s); nothing was written:" in bad.stderr
    assert "sheet 運用資産額, cell C3 (amount 金額（億円）): 'abc': expected a number in 億円" in bad.stderr
    assert "sheet 運用資産額の合計, cell C4 (amount 金額（億円）): '-5': expected at least 0 in 億円" in bad.stderr
    other = subprocess.run([*run, "import", str(tmp_path / "not.xlsx"), "--data", str(data_copy)],
                           capture_output=True, text=True)
    assert other.returncode == 1 and "Traceback" not in other.stderr and "not an Excel workbook (.xlsx)" in other.stderr
    again = subprocess.run([*run, "export", "2024", "--out", str(tmp_path / "2024.xlsx"), "--data", str(data_copy)],
                           capture_output=True, text=True)
    assert again.returncode == 2 and "exists (filled in already?)" in again.stderr     # a filled-in workbook is kept
    assert digests(data_copy) == before


def test_a_cleared_row_is_removed_unless_its_file_changed_since_the_workbook_was_made(data_copy, tmp_path):
    wb = workbook_2024(tmp_path, data_copy)
    members = wb["資産運用委員"]
    last = sheet_rows(members)[-1]
    assert (last["fiscal_year"], last["order"]) == (2024, 6)
    fill(members, {last["_row"]: {"name": None, "affiliation": None, "source": None}})
    wb.save(tmp_path / "2024.xlsx")
    roster = csv_rows(data_copy / "unyo" / "committee_members.csv")
    (data_copy / "unyo" / "committee_members.csv").write_text("\n".join(roster + [""]) + "\n", encoding="utf-8")
    changes, notes = entry.apply(tmp_path / "2024.xlsx", data_copy)      # changed since (a blank line added): kept
    assert changes == [] and any("the row 2024, 6 is cleared but kept" in n for n in notes)
    (data_copy / "unyo" / "committee_members.csv").write_text("\n".join(roster) + "\n", encoding="utf-8")
    changes, _ = entry.apply(tmp_path / "2024.xlsx", data_copy)
    assert [(c.path, c.added, c.changed, c.removed) for c in changes] == [("data/unyo/committee_members.csv", 0, 0, 1)]
    assert csv_rows(data_copy / "unyo" / "committee_members.csv") == [r for r in roster if not r.startswith("2024,6,")]


def test_a_gap_filled_in_part_is_shortened_or_split(tables):
    raw = (ROOT / "data" / "unyo" / "gaps.csv").read_text(encoding="utf-8")
    entrusted = "investment_returns,entrusted,2012,2017,"
    have = {("investment_returns", "entrusted"): {2014}, ("cash_flows", ""): {2024}}
    change, said = entry.fill_gaps(raw, tables, lambda res, key: have.get((res, key), set()),
                                   {"investment_returns", "cash_flows"})
    lines = change.text.splitlines()
    assert [line.split(",")[:4] for line in lines if line.startswith(("investment_returns,entrusted", "cash_flows"))] == [
        ["cash_flows", "", "2023", "2023"], ["investment_returns", "entrusted", "2012", "2013"],
        ["investment_returns", "entrusted", "2015", "2017"]]
    assert [line for line in raw.splitlines() if line.startswith(entrusted)][0].split(",", 4)[4] == \
        [line for line in lines if line.startswith("investment_returns,entrusted,2015,2017,")][0].split(",", 4)[4]
    assert (change.added, change.changed, change.removed) == (1, 2, 0)
    assert len(said) == 2 and "now 2012–2013, 2015–2017 (the workbook fills 2014)" in said[1]


def test_a_new_rate_years_workbook_filled_in_imports_and_its_shikyuritsu_builds(data_copy, tmp_path):
    """A 支給率 of rate year 2026 entered through the workbook alone: each blank row filled with rate year 2025's figures
    for the same key a year earlier (a user's made-up year), the documents row dated March 2026, the year-bound notes
    given the year's own wording; imported, the rate year's document passes every check of its model."""
    assert 2026 not in shikyuritsu_model.years(dataio.load_all(data_copy))
    plans = export(data_copy, 2026, tmp_path / "2026.xlsx")
    wb = load_workbook(tmp_path / "2026.xlsx")
    filled = 0
    for p in (p for p in plans if p.sheet.resource.startswith("shikyuritsu")):
        ws = wb[p.sheet.title]
        earlier = {}
        path = data_copy / "shikyuritsu" / Path(p.resource["path"]).name
        for r in csv_dicts(path):
            earlier[tuple(r[k] for k in p.key)] = r
        for row in sheet_rows(ws):
            if p.sheet.resource == "shikyuritsu_notes":
                if row["valid_from"] == 2026 and row["text"] is None:
                    fill(ws, {row["_row"]: {"valid_to": 2026, "text": "令和8年度の文（試験）", "source": "試験"}})
                    filled += 1
                continue
            if p.sheet.resource == "shikyuritsu_documents":
                fill(ws, {row["_row"]: {"published": "2026-03", "document_date": dt.date(2026, 3, 1),
                                        "issuer_ja": "中小企業庁", "benefit_introduced": 1996, "source": "試験"}})
                filled += 1
                continue
            back = tuple(str(row[k] - 1) if k in (p.sheet.year, *p.sheet.shifted) and isinstance(row[k], int)
                         else str(row[k]) for k in p.key)
            before = {c: v for c, v in earlier[back].items() if c not in p.key}
            if before.get("projection_fiscal_year"):       # the 財政収支's year a component is taken from: a year on
                before["projection_fiscal_year"] = int(before["projection_fiscal_year"]) + 1
            fill(ws, {row["_row"]: before})
            filled += 1
    wb.save(tmp_path / "2026.xlsx")
    assert filled > 100
    changes, _ = entry.apply(tmp_path / "2026.xlsx", data_copy)
    added = {c.path: c.added for c in changes if c.added}
    assert {"data/shikyuritsu/documents.csv", "data/shikyuritsu/rate_inputs.csv",
            "data/shikyuritsu/fiscal_projection.csv", "data/shikyuritsu/surplus_components.csv"} <= set(added)
    data = dataio.load_all(data_copy)
    assert 2026 in shikyuritsu_model.years(data)
    model = shikyuritsu_model.build(data, 2026)
    assert model is not None
