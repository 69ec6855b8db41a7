"""The Excel workbook of each document (kyosai.workbook): written from the real models, read back with openpyxl,
every cell compared with the CSV's cell of the same table, the number formats rendered and compared with the
printed figures, and the bytes the same on every write."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from conftest import ROOT
from kyosai import document, era
from kyosai.tablespec import TableSet, amount, display, excel_text, rate, text, year
from kyosai.workbook import (FIRST_ROW, HEADING_ROW, About, code_names, hidden_columns, sheet_names, shown_columns,
                             table_name, write_workbook)

DOCUMENTS = {"unyo-2022": ("model2022", "unyo"), "unyo-2024": ("model2024", "unyo"),
             "shikyuritsu-2025": ("shikyuritsu2025", "shikyuritsu")}
DAY = dt.date(2025, 7, 1)


def written_workbook(folder, key: str, model: dict) -> SimpleNamespace:
    doc = document.view_module(key).DOCUMENT
    rows = doc.tables.rows(model)
    about = About.of(doc.title(model), model)
    path = write_workbook(folder / f"{doc.slug}.xlsx", doc.tables, rows, about)
    return SimpleNamespace(path=path, tables=doc.tables, rows=rows, cells=doc.tables.csv(rows), about=about,
                           book=load_workbook(path), key=key, model=model)


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def wb(request, tmp_path_factory):
    fixture, key = DOCUMENTS[request.param]
    return written_workbook(tmp_path_factory.mktemp(request.param), key, request.getfixturevalue(fixture))


def sheets(wb):
    """(spec, worksheet, unrounded rows, CSV cells) of every table, in order."""
    for (id, rows), ws in zip(wb.rows.items(), wb.book.worksheets):
        yield wb.tables[id], ws, rows, wb.cells[id]


def body(ws, spec, cells):
    """(column, CSV cell, workbook cell) for every shown cell of the table."""
    for i, column in enumerate(shown_columns(spec), start=1):
        for r, csv_row in enumerate(cells, start=FIRST_ROW):
            yield column, csv_row[column.name], ws.cell(r, i)


# ---------------------------------------------------------------- sheets, headings, header rows

def test_one_sheet_per_table_named_by_its_japanese_title(wb):
    titles = [wb.tables[id].title for id in wb.rows]
    assert wb.book.sheetnames == titles            # every title is a valid sheet name already
    assert all(len(n) <= 31 for n in wb.book.sheetnames)


def test_headings_are_japanese_with_the_unit(wb):
    for spec, ws, _, _ in sheets(wb):
        headings = [c.value for c in ws[HEADING_ROW]]
        assert len(headings) == len(shown_columns(spec))
        for h in headings:
            assert isinstance(h, str) and not re.search(r"[a-z]+_[a-z]+", h), (spec.id, h)
            assert h not in spec.header, (spec.id, h)                  # no code as a heading
        for column, h in zip(shown_columns(spec), headings):
            unit = "" if column.per_row or column.unit in ("", "ratio") else f"（{column.unit}）"
            assert h == column.heading.replace("\n", "") + unit
    if wb.key == "unyo":
        balances = [c.value for c in wb.book["運用資産額・責任準備金・利益剰余金"][HEADING_ROW]]
        assert balances[:2] == ["年度末", "運用資産額（億円）"] and balances[-1] == "運用利回り（%）"
        assert "乖離（pt）" in [c.value for c in wb.book["基本ポートフォリオとの乖離"][HEADING_ROW]]


def test_header_rows_name_the_document_its_year_and_source_and_the_heading_row_is_frozen(wb):
    fy = wb.model["fiscal_year"]
    for spec, ws, rows, _ in sheets(wb):
        assert ws["A1"].value == wb.about.title
        assert ws["A2"].value == f"年度：{era.fy_long(fy)}（{fy}年度）"
        assert ws["A3"].value == f"出典：{wb.model['meta']['issuer_ja']}「{wb.about.title}」（{wb.model['meta']['published_ja']}）"
        assert ws["A4"].value == f"表：{spec.title}"
        assert ws.freeze_panes == f"A{FIRST_ROW}"
        (table,) = ws.tables.values()
        assert table.name == spec.id and table.ref.startswith(f"A{HEADING_ROW}:")
        assert table.ref.endswith(str(HEADING_ROW + len(rows)))
        assert all(ws.column_dimensions[chr(65 + i)].width >= 6 for i in range(len(shown_columns(spec))))


# ---------------------------------------------------------------- every cell is the CSV's

def test_every_cell_holds_the_csv_value(wb):
    compared = 0
    for spec, ws, _, cells in sheets(wb):
        for column, csv_cell, cell in body(ws, spec, cells):
            names = code_names(spec, column, wb.about.classes)
            if csv_cell == "":
                assert cell.value is None, (spec.id, column.name)
            elif csv_cell in names:
                assert (cell.value, cell.data_type) == (names[csv_cell], "s"), (spec.id, column.name, csv_cell)
            elif cell.is_date:
                assert cell.value.date().isoformat() == csv_cell
            elif cell.data_type == "b":
                assert str(cell.value).lower() == csv_cell
            elif cell.data_type == "n":
                assert Decimal(repr(cell.value)) == Decimal(csv_cell), (spec.id, column.name, csv_cell, cell.value)
            else:
                assert cell.data_type == "s" and excel_text(cell.value) == csv_cell, (spec.id, column.name, csv_cell)
            compared += 1
        assert ws.max_row == HEADING_ROW + len(cells)
    assert compared > 100


def test_figures_are_numeric_cells_and_codes_are_translated(wb):
    for spec, ws, rows, cells in sheets(wb):
        for column, csv_cell, cell in body(ws, spec, cells):
            if csv_cell and column.places is not None and not code_names(spec, column, wb.about.classes):
                assert cell.data_type == "n", (spec.id, column.name, csv_cell)
            assert not re.fullmatch(r"[a-z]+(_[a-z]+)+", str(cell.value or "")), (spec.id, column.name, cell.value)
    if wb.key == "unyo":
        book = wb.book
        assert [c.value for c in book["自家運用資産"]["A"][FIRST_ROW - 1:FIRST_ROW + 1]] == ["国内債券(簿価)", "短期資産"]
        assert book["資産構成"].cell(FIRST_ROW, 2).value in ("2022-05", "2017-04")      # the policy's id: text
        assert book["資産構成"].cell(FIRST_ROW, 2).data_type == "s"
    else:
        units = {c.value for c in wb.book["支給率の算定"]["D"][FIRST_ROW - 1:]}
        assert units == {"億円", "比率"}                                 # the CSV's unit "ratio" in Japanese


def test_only_code_columns_that_name_no_row_are_left_out(wb):
    expected = {"composition": {"asset_class"}, "deviation": {"component"}, "group_totals": {"group"},
                "fund_performance": {"asset_class"}, "surplus_components": {"component", "item"},
                "fiscal_projection": {"line"}, "rate_calculation": {"item"}, "decisions": {"decision_id"},
                "scenarios": {"scenario_id"}}
    for spec, _, _, _ in sheets(wb):
        hidden = hidden_columns(spec)
        assert hidden == expected.get(spec.id, set()), spec.id
        for name in hidden:                      # each is a key named by a column the sheet shows
            assert name in spec.keys and set(spec.label_from) - hidden


# ---------------------------------------------------------------- number formats as printed

def rendered(fmt: str, value: Decimal) -> str:
    """A number format of the kind the workbook writes, applied to a value (as Excel shows it)."""
    if fmt == "0":
        return str(value)
    sections = fmt.split(";")
    section = sections[1] if value < 0 else sections[2] if value == 0 and len(sections) > 2 else sections[0]
    m = re.fullmatch(r'(\+|"▲")?#,##0(?:\.(0+))?', section)
    assert m, fmt
    return {None: "", "+": "+", '"▲"': "▲"}[m[1]] + f"{abs(value):,.{len(m[2] or '')}f}"


def test_number_formats_show_the_figures_as_printed(wb):
    shown = set()
    for spec, ws, rows, cells in sheets(wb):
        for column, csv_cell, cell in body(ws, spec, cells):
            if cell.value is None or cell.data_type != "n" or cell.is_date:
                continue
            _, places, _ = spec.row_format(column, rows[cell.row - FIRST_ROW])
            value = Decimal(csv_cell)
            printed = display(value, "", places, column.signed) if places is not None else csv_cell
            assert rendered(cell.number_format, value) == printed, (spec.id, column.name, cell.number_format)
            shown.add(cell.number_format)
    assert '#,##0;"▲"#,##0' in shown
    assert ('#,##0.00;"▲"#,##0.00' in shown) and ("0" in shown)


def test_a_negative_shows_a_triangle_and_a_signed_rate_a_plus():
    assert rendered('#,##0;"▲"#,##0', Decimal(-1347)) == "▲1,347"
    assert rendered('+#,##0.00;"▲"#,##0.00;#,##0.00', Decimal("12.5")) == "+12.50"
    assert rendered('+#,##0.00;"▲"#,##0.00;#,##0.00', Decimal("0.00")) == "0.00"


# ---------------------------------------------------------------- deterministic bytes

def test_two_writes_give_identical_bytes_stamped_with_the_document_date(wb, tmp_path, monkeypatch):
    first = wb.path.read_bytes()
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)      # zipfile stamps entries with time.time()
    again = write_workbook(tmp_path / "again.xlsx", wb.tables, wb.rows, wb.about)
    assert again.read_bytes() == first
    day = wb.about.date
    with zipfile.ZipFile(wb.path) as z:
        assert {i.date_time for i in z.infolist()} == {(day.year, day.month, day.day, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count(f"{day.isoformat()}T00:00:00Z") == 2          # created and modified


def test_another_process_writes_the_same_bytes(tmp_path, shikyuritsu2025):
    """Nothing depends on the process (hash seed, clock): a fresh interpreter writes the same file."""
    here = written_workbook(tmp_path, "shikyuritsu", shikyuritsu2025).path
    script = ("import sys; from pathlib import Path; sys.path.insert(0, 'scripts'); sys.path.insert(0, 'tests');"
              "from kyosai import dataio; from kyosai.shikyuritsu import model; import test_workbook as t;"
              "t.written_workbook(Path(sys.argv[1]), 'shikyuritsu', model.build(dataio.load_all(), 2025))")
    (tmp_path / "other").mkdir()
    run = subprocess.run([sys.executable, "-c", script, str(tmp_path / "other")], cwd=ROOT, capture_output=True,
                         text=True, env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "other" / here.name).read_bytes() == here.read_bytes()


# ---------------------------------------------------------------- text stays text, names Excel accepts

TEST_TABLES = TableSet("test")


@TEST_TABLES.table("notes", "注記: a/b [c]?*", keys=("fiscal_year", "name"), columns=(
    year("fiscal_year", "年度"), text("name", "名称"), amount("amount_oku", "金額"), rate("yield_pct", "利回り")))
def _notes(model):
    return model["rows"]


TRICKY = ["=HYPERLINK(\"http://example.com\")", "+81-3-1234", "-1", "@SUM(A1)", "2022-05", "0001", "普通の名前"]


def test_text_that_looks_like_a_formula_a_date_or_a_number_stays_text(tmp_path):
    rows = {"notes": [{"fiscal_year": 2024, "name": name, "amount_oku": Decimal("-0.4"), "yield_pct": Decimal("9.7")}
                      for name in TRICKY]}
    about = About("題名", 2024, "出典", DAY)
    path = write_workbook(tmp_path / "t.xlsx", TEST_TABLES, rows, about)
    ws = load_workbook(path).worksheets[0]
    names = [ws.cell(r, 2) for r in range(FIRST_ROW, FIRST_ROW + len(TRICKY))]
    assert [(c.value, c.data_type, c.number_format) for c in names] == [(t, "s", "@") for t in TRICKY]
    assert [c.quotePrefix for c in names] == [True] * 6 + [False]
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet                 # no formula anywhere
    assert "<v>9.70</v>" in sheet and "9.69999" not in sheet       # the exact decimal, not through a float
    assert ws.cell(FIRST_ROW, 3).value == 0 and "<v>0</v>" in sheet  # -0.4 prints 0, never ▲0 or -0


def test_a_table_without_rows_gets_its_headings_and_no_excel_table(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", TEST_TABLES, {"notes": []}, About("題名", 2024, "出典", DAY))
    ws = load_workbook(path).worksheets[0]
    assert [c.value for c in ws[HEADING_ROW]] == ["年度", "名称", "金額（億円）", "利回り（%）"]
    assert not ws.tables and ws.max_row == HEADING_ROW


def test_excel_table_names_are_never_cell_references():
    assert [table_name(n) for n in ("balances", "fy2024", "r1c1", "R", "c", "2x", "a-b", "rate")] == \
        ["balances", "t_fy2024", "t_r1c1", "t_R", "t_c", "t_2x", "a_b", "rate"]


def test_sheet_names_are_valid_short_and_unique():
    long = "とても長い表の題名" * 5
    names = sheet_names(["注記: a/b [c]?*", long, long, "Abc", "ABC", "History", "'引用'"])
    assert names[0] == "注記： a／b ［c］？＊"
    assert names[1] == long[:31] and names[2] == long[:28] + "（2）"
    assert names[3:6] == ["Abc", "ABC（2）", "History（2）"] and names[6] == "引用"
    assert all(len(n) <= 31 and not set(n) & set("\\/?*[]:") for n in names)
