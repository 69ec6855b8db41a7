"""The Excel workbook of a document: reports/<FY>/<slug>.xlsx, one sheet per output table (kyosai.tablespec),
for the people who work with the tables in Excel.

Each sheet has, above its table, the document's title, its fiscal year in 和暦, the source it reproduces and
the table's title; then one heading row (frozen, with a filter: the table is an Excel table named after the
table's id) and the rows. What is in a cell is what the CSV writes (``TableSpec.cell``), shown as the
publication prints it:

* headings: the column's Japanese heading as printed, with its unit (運用資産額（億円）, 資産構成比（%）); a
  column whose unit depends on the row (returns' 値) keeps its 単位 column instead;
* figures: numeric cells holding the CSV's value (rounded as printed, 四捨五入), written as its exact decimal
  text (not through a float), with the printed format: thousands separators, ▲ for negatives, the declared
  decimals (``#,##0;"▲"#,##0``, ``#,##0.00;"▲"#,##0.00``; ``+`` before positive figures where the
  publication prints it: 増減率); a percentage is the printed number (0.43 in a 利回り（%） column, not 43%);
  years and numbered ids as plain integers (2024, not 2,024); dates as Excel dates (yyyy/mm/dd); flags as
  TRUE/FALSE;
* codes: translated where the declaration has a code map (``Column.codes``) or, for asset classes, through
  data/common/asset_classes.csv (``About.classes``). A code column that only identifies a row for programs
  (a key, when the table names its rows by another column: asset_class beside name_ja, item beside label_ja)
  is left out: the CSV beside the workbook keeps it for programs;
* text is always text: a string cell with the text format (@), so 2022-05 or 0001 are never turned into a date
  or a number, and a text beginning with = + - @ is never a formula (also marked with Excel's quote prefix).

The bytes depend only on the inputs: the document properties and every zip entry carry the document's date,
not the time of the build.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.writer.excel import ExcelWriter

from . import era
from .numbers import fmt_number
from .tablespec import FORMULA_START, Column, TableSet, TableSpec

# The sheet's layout: title, fiscal year, source, the table's title, a blank row, then the headings (the blank
# row keeps the title rows out of the range Excel takes for a pivot table or a sort).
TITLE_ROW, YEAR_ROW, SOURCE_ROW, TABLE_ROW = 1, 2, 3, 4
HEADING_ROW = 6
FIRST_ROW = HEADING_ROW + 1

SHEET_NAME_MAX = 31                                   # Excel's limit
SHEET_NAME_FORBIDDEN = str.maketrans({"\\": "＼", "/": "／", "?": "？", "*": "＊", "[": "［", "]": "］", ":": "："})
RESERVED_SHEET_NAMES = ("history",)                   # Excel keeps the name History for itself
ASSET_CLASS_COLUMN = "asset_class"                    # translated through About.classes

TEXT_FORMAT, INTEGER_FORMAT, DATE_FORMAT, GENERAL_FORMAT = "@", "0", "yyyy/mm/dd", "General"
NO_UNIT = ("", "ratio")                               # units not written in a heading (支給率 is a plain ratio)
UNIT_NAMES = {"ratio": "比率"}                        # a unit column's codes in Japanese (億円, %, pt are already)
MIN_WIDTH, MAX_WIDTH = 6, 58                          # column widths less 2 of margin, in Excel's units (a digit)
HEADING_WIDTH = 20                                    # a heading wider than this and than its figures wraps
LINE_HEIGHT = 18                                      # points per line of the heading row
TABLE_STYLE = "TableStyleLight9"
CREATOR = "kyosai-reports"

CELL_REFERENCE = re.compile(r"^([A-Za-z]{1,3}\d+|[Rr]\d*([Cc]\d*)?|[Cc]\d*)$")   # A1, R1C1, R, C: no table name
# Text Excel would turn into a number or a date if the cell were typed again (2022-05, 0001, 1/2, 1e5).
NUMBER_LIKE = re.compile(r"^[\d\s.,:/+\-%()eE]*\d[\d\s.,:/+\-%()eE]*$")


@dataclass(frozen=True)
class About:
    """What a workbook says about its document (the header rows of every sheet, the document properties)."""
    title: str                  # 小規模企業共済資産 令和6年度の運用状況
    fiscal_year: int            # 2024
    source: str                 # 独立行政法人中小企業基盤整備機構「小規模企業共済資産 令和6年度の運用状況」（令和7年7月）
    date: dt.date               # the document's date: the workbook's timestamps
    classes: dict[str, str] = field(default_factory=dict)   # asset class code → name (国内債券(簿価))

    @classmethod
    def of(cls, title: str, model: dict) -> About:
        """From a document's title and model (its meta: issuer, publication month, document date)."""
        meta = model["meta"]
        return cls(title, model["fiscal_year"], f"{meta['issuer_ja']}「{title}」（{meta['published_ja']}）",
                   meta["document_date"], {k: r["name_ja"] for k, r in model.get("asset_classes", {}).items()})

    @property
    def year_line(self) -> str:
        """年度：令和6年度（2024年度）."""
        return f"年度：{era.fy_long(self.fiscal_year)}（{self.fiscal_year}年度）"


def write_workbook(path: Path, tables: TableSet, rows: dict[str, list[dict]], about: About) -> Path:
    """The workbook of one document at ``path`` (reports/<FY>/<slug>.xlsx): one sheet per table of ``rows``
    (TableSet.rows: unrounded, by id, in declaration order), named after the table's Japanese title."""
    book = Workbook()
    book.remove(book.active)
    cells = tables.csv(rows)
    for (id, table_rows), name in zip(rows.items(), sheet_names([tables[id].title for id in rows])):
        write_sheet(book.create_sheet(name), tables[id], table_rows, cells[id], about)
    props = book.properties
    props.title, props.creator, props.lastModifiedBy = about.title, CREATOR, None
    props.created = props.modified = dt.datetime.combine(about.date, dt.time())
    buffer = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()  # not save(): it stamps the time
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(stable_zip(buffer.getvalue(), about.date))
    return path


# ---------------------------------------------------------------- names and headings

def sheet_names(titles: list[str]) -> list[str]:
    """Excel sheet names from table titles: the characters Excel forbids replaced by their full-width forms,
    at most 31 characters, unique (Excel compares them case-insensitively), never History."""
    names, taken = [], set(RESERVED_SHEET_NAMES)
    for title in titles:
        base = title.translate(SHEET_NAME_FORBIDDEN).strip("'").strip() or "表"
        name, n = base[:SHEET_NAME_MAX], 1
        while name.lower() in taken:
            n += 1
            suffix = f"（{n}）"
            name = base[:SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(name.lower())
        names.append(name)
    return names


def table_name(id: str) -> str:
    """The Excel table's name (for structured references: =SUM(balances[運用資産額（億円）])): the table's id,
    with a prefix where Excel would read it as a cell reference (fy2024, r1c1)."""
    name = re.sub(r"[^A-Za-z0-9_.]", "_", id)
    return f"t_{name}" if CELL_REFERENCE.match(name) or not re.match(r"[A-Za-z_]", name) else name


def heading(column: Column) -> str:
    """The heading as printed, on one line, with the unit: 運用資産額（億円）, 利回り（%）, 乖離（pt）."""
    text = column.heading.replace("\n", "")
    return text if column.per_row or column.unit in NO_UNIT else f"{text}（{column.unit}）"


def hidden_columns(spec: TableSpec) -> set[str]:
    """The code columns left out of the workbook: keys (not years) that do not name the row, when the table
    names its rows by other columns (asset_class beside name_ja). The CSV keeps them for programs."""
    if not spec.label_from:
        return set()
    return {k for k in spec.keys if k not in spec.years and k not in spec.label_from}


def code_names(spec: TableSpec, column: Column, classes: dict[str, str]) -> dict[str, str]:
    """code → Japanese name for a column: its declared code map; for an asset class column over the asset
    classes' names (fund_subtotals: all → 合計, domestic_equity → 国内株式); for a unit column the units'."""
    names = dict(classes) if column.name == ASSET_CLASS_COLUMN else {}
    if column.name == spec.unit_column:
        names.update(UNIT_NAMES)
    return {**names, **(column.codes or {})}


def shown_columns(spec: TableSpec) -> list[Column]:
    hidden = hidden_columns(spec)
    shown = [c for c in spec.columns if c.name not in hidden]
    headings = [heading(c) for c in shown]
    if len({h.casefold() for h in headings}) != len(headings):   # Excel compares table headings so
        raise ValueError(f"table {spec.id}: two columns have the same heading in {headings}")
    return shown


# ---------------------------------------------------------------- cells

def number_format(places: int, signed: bool = False) -> str:
    """The printed format of a figure: #,##0;"▲"#,##0 / #,##0.00;"▲"#,##0.00 / +#,##0.00;"▲"#,##0.00;#,##0.00."""
    body = "#,##0" + ("." + "0" * places if places else "")
    return f'+{body};"▲"{body};{body}' if signed else f'{body};"▲"{body}'


@dataclass(frozen=True)
class CellValue:
    """One cell: its value, number format, the text it shows (for the column's width) and, for a figure,
    the exact decimal text written into the file."""
    value: object
    format: str = GENERAL_FORMAT
    shown: str = ""
    exact: str | None = None

    @property
    def is_text(self) -> bool:
        return isinstance(self.value, str)


def cell_value(spec: TableSpec, column: Column, row: dict, text: str, names: dict[str, str]) -> CellValue | None:
    """The cell of one figure or text, from the row (its types) and the CSV's cell (its value as written)."""
    if text == "":
        return None
    raw = row.get(column.name)
    if text in names:
        return CellValue(names[text], TEXT_FORMAT, names[text])
    if isinstance(raw, bool):
        return CellValue(raw, GENERAL_FORMAT, str(raw).upper())
    if isinstance(raw, dt.date):
        return CellValue(raw, DATE_FORMAT, raw.strftime("%Y/%m/%d"))
    if isinstance(raw, (Decimal, int)):
        _, places, _ = spec.row_format(column, row)
        number = Decimal(text)
        if places is not None:
            return CellValue(number, number_format(places, column.signed), fmt_number(number, places, plus=column.signed),
                             text)
        return CellValue(number, INTEGER_FORMAT if number == number.to_integral_value() else GENERAL_FORMAT, text, text)
    value = str(raw) if raw is not None else text   # the text itself, not the CSV's ' before a formula
    return CellValue(value, TEXT_FORMAT, value)


def put(cell, value: CellValue) -> None:
    """Write one value into an openpyxl cell: text always as text, figures as their exact decimal text."""
    cell.value = value.value
    cell.number_format = value.format
    if value.is_text:
        cell.data_type = "s"                            # openpyxl takes "=…" for a formula: never here
        if value.value.startswith(FORMULA_START) or NUMBER_LIKE.match(value.value):
            cell.quotePrefix = True                     # and Excel keeps it text when the cell is edited
    elif value.exact is not None:
        cell._value = value.exact                       # openpyxl writes numbers through %.16g: 9.7 → 9.699999999999999


def display_width(text: str) -> int:
    """Width in Excel's units: full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "FWA" else 1 for ch in text)


# ---------------------------------------------------------------- one sheet

def lines_of(text_width: int, width: int) -> int:
    """How many lines a text of ``text_width`` takes in a column ``width`` wide (wrapped)."""
    return max(1, -(-text_width // width))


def write_sheet(ws, spec: TableSpec, rows: list[dict], cells: list[dict[str, str]], about: About) -> None:
    columns = shown_columns(spec)
    for row_no, text in ((TITLE_ROW, about.title), (YEAR_ROW, about.year_line), (SOURCE_ROW, f"出典：{about.source}"),
                         (TABLE_ROW, f"表：{spec.title}")):
        ws.cell(row_no, 1, text)
    ws.cell(TITLE_ROW, 1).font, ws.cell(TABLE_ROW, 1).font = Font(bold=True, size=14), Font(bold=True)
    lines = {HEADING_ROW: 1}                            # rows whose height is set: wrapped text (Excel would not)
    for col_no, column in enumerate(columns, start=1):
        head = ws.cell(HEADING_ROW, col_no, heading(column))
        head.font, head.alignment = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
        names = code_names(spec, column, about.classes)
        values = [cell_value(spec, column, row, written[column.name], names) for row, written in zip(rows, cells)]
        shown = [(row_no, v, display_width(v.shown)) for row_no, v in enumerate(values, start=FIRST_ROW) if v]
        width = min(max([min(display_width(head.value), HEADING_WIDTH)] + [w for _, _, w in shown]), MAX_WIDTH)
        ws.column_dimensions[get_column_letter(col_no)].width = max(width + 2, MIN_WIDTH)
        lines[HEADING_ROW] = max(lines[HEADING_ROW], lines_of(display_width(head.value), width + 1))
        for row_no, value, text_width in shown:
            cell = ws.cell(row_no, col_no)
            put(cell, value)
            if text_width > width:                      # longer than MAX_WIDTH: wrapped
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                lines[row_no] = max(lines.get(row_no, 1), lines_of(text_width, width))
    for row_no, n in lines.items():
        ws.row_dimensions[row_no].height = LINE_HEIGHT * n
        for cell in ws[row_no] if row_no > HEADING_ROW else ():
            if not cell.alignment.wrap_text:            # the row's other cells beside the wrapped text's top line
                cell.alignment = Alignment(vertical="top")
    if rows:                                            # an Excel table needs a row below its headings
        last = f"{get_column_letter(len(columns))}{HEADING_ROW + len(rows)}"
        ws.add_table(Table(displayName=table_name(spec.id), ref=f"A{HEADING_ROW}:{last}",
                           tableStyleInfo=TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)))
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.print_title_rows = f"{HEADING_ROW}:{HEADING_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# ---------------------------------------------------------------- deterministic bytes

def stable_zip(data: bytes, day: dt.date) -> bytes:
    """The same zip with every entry stamped with ``day`` (zipfile stamps the current time), in the same order,
    with fixed attributes: the bytes depend only on the contents."""
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, stamp)
            entry.compress_type, entry.create_system, entry.external_attr = zipfile.ZIP_DEFLATED, 0, 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
