"""The data-entry workbook of a fiscal year (make entry FY=…, make import FILE=…): the rows the 運用状況 and the 支給率
of a year need, as an Excel workbook to fill in, and the way back into data/*.csv.

``plan(data, fy)`` says which rows the workbook holds: for each annual file (``SHEETS``) the year's rows in data/;
a blank row for each row of the latest earlier year when the year has none (its keys filled in: the rows
`make check FY=…` asks for); and a blank row for each year of a declared gap (data/unyo/gaps.csv) within the
ten years the report prints, so that filling it in removes the gap. ``export`` writes it (Japanese headings with
units, each column's description as a comment, validation from data/datapackage.yaml, key cells locked, a first
sheet 「入力の手引き」 saying what is missing where). ``read_workbook`` reads a workbook back, every cell checked
with the schema's types and ranges (kyosai.dataio), Excel's habits accepted (numbers as text, full-width
digits, ▲/△ negatives, thousands separators, spaces, serial dates, formulas' saved values), every problem named
by sheet, cell and column; ``apply`` merges the rows into each CSV's own text (rows that did not change keep
their bytes; new rows go where the file's order puts them), shortens or removes the gaps filled, checks the
result as a whole (dataio.load_all) and writes nothing unless all is well.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import dataio, era
from .dataio import LINE, DataError, Rows

GUIDE = "入力の手引き"
HEADING_ROW, CODE_ROW, FIRST_ROW = 1, 2, 3     # Japanese heading with unit; the CSV column's name; the rows
SPARE_ROWS = 30                                  # unlocked, validated rows below the listed ones for added rows
WINDOW = 10                                      # years the 運用状況 prints of a series (a gap inside is a row to fill)
FY_CELL = "B3"
DIGEST_HEADING = "作成時の SHA-256"
CONSTANT = re.compile(r"=(TRUE|FALSE)\(\)", re.I)   # a formula that is a constant (LibreOffice's booleans)                                   # the guide's cell holding the fiscal year (read back on import)


@dataclass(frozen=True)
class Sheet:
    resource: str
    title: str           # the sheet's name (Japanese, as the workbook editions name the tables)
    year: str            # the column saying which fiscal year a row belongs to (a date: the fiscal year it falls in)
    template: bool       # a year without rows gets the latest earlier year's rows, blank, to fill in
    shifted: tuple[str, ...] = ()   # other year columns of the key, moved with the row's year (実績・見込の年度)


# The files in which a year's 運用状況 needs rows, in the order of the report.
SHEETS = (
    Sheet("reports", "報告書", "fiscal_year", True),
    Sheet("holdings", "運用資産額", "fiscal_year", True),
    Sheet("holdings_totals", "運用資産額の合計", "fiscal_year", True),
    Sheet("investment_returns", "運用利回り", "fiscal_year", True),
    Sheet("balance_history", "運用資産額・責任準備金", "fiscal_year", True),
    Sheet("cash_flows", "キャッシュ・フロー", "fiscal_year", True),
    Sheet("market_indices", "市場環境", "date", True),
    Sheet("bond_issuers", "国内債券(簿価)発行体別", "fiscal_year", True),
    Sheet("life_insurance_yield", "生命保険資産の利回り", "fiscal_year", True),
    Sheet("fund_performance", "対ベンチマーク超過収益率", "fiscal_year", True),
    Sheet("funds", "運用中ファンド一覧", "fiscal_year", True),
    Sheet("fund_subtotals", "運用中ファンド小計", "fiscal_year", True),
    Sheet("year_facts", "年度の数値", "fiscal_year", True),
    Sheet("committee_members", "資産運用委員", "fiscal_year", True),
    Sheet("policy_transfers", "資産の移管", "fiscal_year", False),
    Sheet("carried_figures", "公表値の引継ぎ", "fiscal_year", True),
    Sheet("texts", "本文・注記", "valid_from", False),      # the year's own rows; a year-bound text's row to renew
    # the 支給率 of the year (its rate_fiscal_year)
    Sheet("shikyuritsu_documents", "支給率資料", "rate_fiscal_year", True),
    Sheet("shikyuritsu_rate_inputs", "支給率の算定要素", "rate_fiscal_year", True),
    Sheet("shikyuritsu_fiscal_projection", "財政収支の予測", "rate_fiscal_year", True, ("fiscal_year",)),
    Sheet("shikyuritsu_surplus_components", "剰余金見込額の内訳", "rate_fiscal_year", True, ("projection_fiscal_year",)),
    Sheet("shikyuritsu_retained_amounts", "過年度の留保額", "rate_fiscal_year", True),
    Sheet("shikyuritsu_notes", "支給率の本文・注記", "valid_from", False),
)
YEAR_BOUND_TEXTS = {"texts", "shikyuritsu_notes"}

# Headings of columns whose schema description does not begin with their Japanese name.
COLUMN_JA = {
    "fiscal_year": "年度", "published": "公表年月", "document_date": "文書の日付", "source": "出典", "note": "注記",
    "asset_class": "資産区分", "amount": "金額", "basis": "根拠", "group": "区分", "segment": "区分",
    "date": "日付", "index": "指標", "value": "値", "issuer": "発行体", "order": "順序", "component": "内訳",
    "fund_no": "ファンド番号", "manager": "運用機関", "style": "運用スタイル", "overlay": "オーバーレイ",
    "fact": "項目", "unit": "単位", "name": "氏名", "affiliation": "所属", "policy_id": "基本ポートフォリオ",
    "figure": "数値の種類", "key": "対象", "reason": "理由", "total_assets": "運用資産額", "policy_reserve": "責任準備金",
    "surplus": "利益剰余金", "net_income": "当期利益",
}
_JAPANESE = re.compile(r"^[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef()（）・+]+")


# ---------------------------------------------------------------- which rows a year's workbook holds

def fiscal_year_of(value) -> int | None:
    if isinstance(value, dt.date):
        return value.year if value.month >= 4 else value.year - 1
    return value


@dataclass
class SheetPlan:
    sheet: Sheet
    resource: dict                 # the descriptor's resource
    rows: list[dict]               # typed values; a row of data/ keeps its LINE, a row to fill has none
    why: dict[tuple, str] = field(default_factory=dict)   # key → why a blank row is asked for

    @property
    def fields(self) -> list[dict]:
        return self.resource["schema"]["fields"]

    @property
    def key(self) -> list[str]:
        return self.resource["schema"]["primaryKey"]

    def key_of(self, row: dict) -> tuple:
        return tuple(row.get(c) for c in self.key)


def _shift(value, year: int):
    """The year column's value of a row moved to fiscal year ``year``."""
    if isinstance(value, dt.date):
        return value.replace(year=value.year + year - fiscal_year_of(value))
    return year


def _blank_rows(plan: SheetPlan, table: Rows, year: int, only: str = "") -> list[dict]:
    """Rows to fill for ``year``: the keys of the latest earlier year's rows (those holding ``only``, a gap's key)."""
    col = plan.sheet.year
    earlier = sorted({fiscal_year_of(r[col]) for r in table if fiscal_year_of(r[col]) < year})
    if not earlier:
        return []
    latest = earlier[-1]
    out = []
    for r in table:
        if fiscal_year_of(r[col]) != latest or (only and only not in [r[c] for c in plan.key]):
            continue
        if col == "date" and (r[col].month, r[col].day) != (3, 31):
            continue    # only year ends are asked for
        blank = {f["name"]: None for f in plan.fields}
        blank.update({c: r[c] for c in plan.key})
        blank[col] = _shift(r[col], year)
        for c in plan.sheet.shifted:
            if isinstance(r.get(c), int):
                blank[c] = r[c] + year - latest
        out.append(blank)
    return out


def plan(data: dict[str, Rows], descriptor: dict, fy: int) -> list[SheetPlan]:
    """The sheets of the workbook of ``fy``: each annual file with rows for the year or rows to fill."""
    resources = {r["name"]: r for r in descriptor["resources"]}
    out = []
    for sheet in SHEETS:
        table = data[sheet.resource]
        p = SheetPlan(sheet, resources[sheet.resource], [])
        have = {p.key_of(r): r for r in table}
        rows = [r for r in table if fiscal_year_of(r[sheet.year]) == fy]
        keys = {p.key_of(r) for r in rows}

        def ask(blank: dict, why: str) -> None:
            k = p.key_of(blank)
            if k in keys:
                return
            keys.add(k)
            if k in have:
                rows.append(have[k])
            else:
                rows.append(blank)
                p.why[k] = why

        if not rows and sheet.template:
            for blank in _blank_rows(p, table, fy):
                ask(blank, f"{era.fy_long(fy)}の行がありません")
        if sheet.resource in YEAR_BOUND_TEXTS:
            for r in year_bound_to_renew(table, fy):
                blank = {f["name"]: None for f in p.fields}
                blank.update(key=r["key"], valid_from=fy)
                ask(blank, f"{Path(p.resource['path']).name} {r[LINE]}行目の文は{era.fy_long(fy - 1)}までの年度を含むため、"
                           f"{era.fy_long(fy)}の文を入力（年度を含む文なら valid_to は {fy}）")
        for g in data["gaps"]:
            if g["resource"] != sheet.resource:
                continue
            for y in range(max(g["first_year"], fy - WINDOW + 1), min(g["last_year"], fy) + 1):
                for blank in _blank_rows(p, table, y, g["key"] or ""):
                    ask(blank, f"gaps.csv {g[LINE]}行目で欠落と宣言（入力すると宣言は外れます）")
        order = {id(r): i for i, r in enumerate(table)}
        rows.sort(key=lambda r: (fiscal_year_of(r[sheet.year]), order.get(id(r), len(order))))
        p.rows = rows
        if rows:
            out.append(p)
    return out


def year_bound_to_renew(texts: Rows, fy: int) -> list[dict]:
    """The texts whose wording names a year and so ended with the year before ``fy``, and that have no row for ``fy``
    (kyosai.texts.year_bound_problems: `make check` asks for each): the workbook gives each a row to write."""
    from .texts import own_years, valid_in

    now = {r["key"] for r in valid_in(texts, fy)}
    return [r for r in texts if own_years(r) and r["valid_to"] == fy - 1 and r["key"] not in now]


def missing(data: dict[str, Rows], fy: int) -> list[str]:
    """What `make check FY=<fy>` finds missing for the year's 運用状況 and 支給率 (the guide sheet lists it); for a year
    without its data/unyo/reports.csv (documents.csv) row, what it will find once the row is there."""
    from .unyo import model

    out = []
    if fy not in model.years(data):
        out.append(f"data/unyo/reports.csv: no row for fiscal_year {fy}: fill it in on the sheet 報告書")
        data = {**data, "reports": Rows([*data["reports"], {LINE: None, "fiscal_year": fy, "published": f"{fy + 1}-07",
                                                            "document_date": dt.date(fy + 1, 7, 1), "source": "",
                                                            "note": None}])}
    try:
        model.build(data, fy)
    except DataError as exc:
        out += exc.problems
    return out + _missing_rate_document(data, fy)


def _missing_rate_document(data: dict[str, Rows], fy: int) -> list[str]:
    """The same for the year's 支給率 (rate_fiscal_year ``fy``): for a year without its documents.csv row, what the check
    finds once the row is there (the latest earlier row's, moved to the year)."""
    from .shikyuritsu import model

    out = []
    if fy not in model.years(data):
        earlier = [r for r in data["shikyuritsu_documents"] if r["rate_fiscal_year"] < fy]
        if not earlier:
            return []
        out.append(f"data/shikyuritsu/documents.csv: no row for rate_fiscal_year {fy}: fill it in on the sheet 支給率資料")
        last = max(earlier, key=lambda r: r["rate_fiscal_year"])
        moved = {**last, LINE: None, "rate_fiscal_year": fy,
                 "document_date": _shift(last["document_date"], fy - last["rate_fiscal_year"] + fiscal_year_of(last["document_date"]))}
        data = {**data, "shikyuritsu_documents": Rows([*data["shikyuritsu_documents"], moved])}
    try:
        model.build(data, fy)
    except DataError as exc:
        out += exc.problems
    return out


# ---------------------------------------------------------------- headings

def heading(spec: dict) -> str:
    """The column's Japanese heading with its unit: 運用損益額（億円）."""
    name = spec.get("title") or COLUMN_JA.get(spec["name"])
    if not name:
        m = _JAPANESE.match(spec.get("description", ""))
        name = m[0].rstrip("(（") if m else spec["name"]
    return f"{name}（{spec['unit']}）" if spec.get("unit") else name


# ---------------------------------------------------------------- export

def export(data: dict[str, Rows], descriptor: dict, fy: int, path: Path, missing: list[str],
           data_dir: Path = dataio.DATA) -> list[SheetPlan]:
    """Write the workbook of ``fy`` to ``path``; ``missing`` is what `make check` finds missing (for the guide), and
    the guide records each file's SHA-256 (an import removes a cleared row only from a file unchanged since)."""
    from openpyxl import Workbook

    plans = plan(data, descriptor, fy)
    wb = Workbook()
    write_guide(wb.active, plans, fy, missing, data_dir)
    for p in plans:
        write_sheet(wb.create_sheet(p.sheet.title), p)
    wb.properties.creator = "make entry"
    fixed = dt.datetime(fy + 1, 4, 1)
    wb.properties.created = wb.properties.modified = fixed
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return plans


def write_guide(guide, plans: list[SheetPlan], fy: int, missing: list[str], data_dir: Path) -> None:
    """The guide sheet: the year, how to fill the workbook in, each sheet's file, rows, blank rows and SHA-256, and
    what make check finds missing."""
    from openpyxl.styles import Font

    guide.title = GUIDE
    guide["A1"] = f"{era.fy_long(fy)}（{fy}年度）の運用状況のデータ入力"
    guide["A1"].font = Font(bold=True, size=14)
    guide["A3"], guide[FY_CELL] = "年度", fy
    lines = ["記入の方法: 黄色の行が未入力の行です。値を入力し、出典（source）も記入してください。",
             "鍵の列（灰色）は変更できません。行を加えるときは表の下の空き行に鍵から記入します。行を除くときは値を消します。",
             "数値は全角・桁区切り・▲△の負号のままで構いません。日付は 2025-03-31、令和7年3月31日 のいずれでも。",
             "入力後: make import FILE=<このファイル> で data/ に取り込みます（誤りがあればシート名とセルを示し、何も書き込みません）。",
             ""]
    row = 4
    for text in lines:
        row += 1
        guide.cell(row, 1, text)
    row += 1
    for col, text in enumerate(("シート", "ファイル", "行数", "未入力の行", DIGEST_HEADING), 1):
        guide.cell(row, col, text).font = Font(bold=True)
    for p in plans:
        row += 1
        blank = sum(1 for r in p.rows if LINE not in r)
        digest = hashlib.sha256((data_dir / p.resource["path"]).read_bytes()).hexdigest()
        for col, value in enumerate((p.sheet.title, f"data/{p.resource['path']}", len(p.rows), blank, digest), 1):
            guide.cell(row, col, value)
    row += 2
    guide.cell(row, 1, "make check で不足と判定された行" if missing else "make check で不足と判定された行: なし").font = Font(bold=True)
    for text in missing:
        row += 1
        guide.cell(row, 1, text)
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 36


def write_sheet(ws, p: SheetPlan) -> None:
    """One file's sheet, protected but for its values: a column a field, headed by its name and code, its rows (the
    key locked and grey, the blank rows yellow) and spare rows below, each column validated as its field is."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws.protection.sheet = True
    ws.protection.formatRows = ws.protection.formatColumns = False
    ws.protection.insertRows = ws.protection.deleteRows = ws.protection.sort = ws.protection.autoFilter = False
    last = FIRST_ROW + len(p.rows) + SPARE_ROWS - 1
    for c, spec in enumerate(p.fields, 1):
        letter = get_column_letter(c)
        head = ws.cell(HEADING_ROW, c, heading(spec))
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="top")
        note = f"{spec['name']}: {spec.get('description', '')}".rstrip(": ")
        head.comment = Comment(f"{note}\n(data/{p.resource['path']})", "make entry")
        code = ws.cell(CODE_ROW, c, spec["name"])
        code.font = Font(color="808080", size=8)
        ws.column_dimensions[letter].width = max(10, min(40, len(heading(spec)) * 2 + 2))
        fmt = _number_format(spec, [r[spec["name"]] for r in p.rows])
        by_key = p.resource["schema"].get("values", {})
        for i, r in enumerate(p.rows):
            cell = ws.cell(FIRST_ROW + i, c)
            _put(cell, r[spec["name"]], spec)
            cell.number_format = fmt
            if by_key and spec["name"] == by_key["column"] and r[by_key["key"]] in by_key["by_key"]:
                kind = by_key["by_key"][r[by_key["key"]]].get("type", "string")
                cell.number_format = _number_format({"type": kind}, [r[spec["name"]]])
            is_key = spec["name"] in p.key
            cell.protection = Protection(locked=is_key)
            if is_key:
                cell.fill = PatternFill("solid", fgColor="DDDDDD")
                if spec["name"] == p.sheet.year and p.key_of(r) in p.why and LINE not in r:
                    cell.comment = Comment(p.why[p.key_of(r)], "make entry")
            elif LINE not in r:
                cell.fill = PatternFill("solid", fgColor="FFF2AB")
        for rr in range(FIRST_ROW + len(p.rows), last + 1):
            cell = ws.cell(rr, c)
            cell.protection = Protection(locked=False)
            cell.number_format = fmt
        dv = _validation(spec, DataValidation)
        if dv is not None:
            dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
            ws.add_data_validation(dv)
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)


def _put(cell, value, spec: dict) -> None:
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"           # a text beginning with = is text, never a formula
        if value.startswith(("=", "+", "-", "@")):
            cell.quotePrefix = True
    else:
        cell.value = value


def _number_format(spec: dict, values: list) -> str:
    kind = spec.get("type", "string")
    if kind == "number":
        places = max([max(0, -v.as_tuple().exponent) for v in values if isinstance(v, Decimal)] or [0])
        body = "#,##0" + ("." + "0" * places if places else "")
        return f'{body};"▲"{body}'
    if kind == "integer":
        return "0"
    if kind == "date":
        return "yyyy-mm-dd"
    if kind == "boolean":
        return "General"
    return "@"


def _validation(spec: dict, DataValidation):
    kind, c = spec.get("type", "string"), spec.get("constraints", {})
    unit = f"（{spec['unit']}）" if spec.get("unit") else ""
    if "enum" in c:
        listed = ",".join(map(str, c["enum"]))
        if len(listed) > 250:
            return None
        dv = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        dv.error = f"{', '.join(map(str, c['enum']))} のいずれか"
    elif kind in ("number", "integer"):
        lo, hi = c.get("minimum"), c.get("maximum")
        if lo is not None and hi is not None:
            dv = DataValidation(type="decimal" if kind == "number" else "whole", operator="between",
                                formula1=str(lo), formula2=str(hi), allow_blank=True)
            dv.error = f"{lo}～{hi}{unit}の{'数値' if kind == 'number' else '整数'}"
        elif lo is not None:
            dv = DataValidation(type="decimal" if kind == "number" else "whole", operator="greaterThanOrEqual",
                                formula1=str(lo), allow_blank=True)
            dv.error = f"{lo}{unit}以上"
        else:
            return None
    elif kind == "date":
        dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
        dv.error = "日付（2025-03-31 など）"
    else:
        return None
    dv.errorTitle = spec["name"]
    dv.showErrorMessage = True
    return dv


# ---------------------------------------------------------------- reading a workbook back

@dataclass
class Reading:
    fy: int
    sheets: dict[str, list[tuple[int, dict]]]   # resource → (sheet row, typed values incl. None for blanks)
    keep: dict[str, set[tuple]]                 # resource → keys of hidden rows (their data rows stay untouched)
    skipped: list[str]                          # resources of hidden or absent sheets (their files stay untouched)
    problems: list[str]
    notes: list[str]
    digests: dict[str, str] = field(default_factory=dict)   # data/… → its SHA-256 when the workbook was made


def cell_text(value, spec: dict) -> tuple[str | None, str | None]:
    """What one cell holds, as the text the CSV reader takes (``None`` when empty), or a problem: Excel's numbers,
    dates and serial numbers, text with spaces around it."""
    from openpyxl.utils.datetime import from_excel

    kind = spec.get("type", "string")
    if value is None:
        return None, None
    if isinstance(value, str):
        text = value.strip().strip("\u3000").strip()
        return (text or None), None
    if isinstance(value, bool):
        if kind in ("boolean", "string"):
            return ("true" if value else "false"), None
        return None, f"TRUE/FALSE where {_expected(spec)} is expected"
    if isinstance(value, dt.datetime) or isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if isinstance(value, dt.datetime) and value.time() != dt.time(0):
            return None, f"a date and time ({value}) where {_expected(spec)} is expected"
        if kind in ("date", "string"):
            return day.isoformat(), None
        return None, f"a date ({day.isoformat()}) where {_expected(spec)} is expected (did Excel turn it into a date?)"
    if isinstance(value, dt.time):
        return None, f"a time ({value}) where {_expected(spec)} is expected"
    if isinstance(value, (int, float, Decimal)):
        if kind == "date":
            if isinstance(value, float) and not value.is_integer():
                return None, f"{value}: a serial date with a time of day"
            try:
                return from_excel(value).date().isoformat(), None
            except (ValueError, OverflowError, TypeError):
                return None, f"{value}: not a serial date"
        if kind == "boolean" and value in (0, 1):
            return ("true" if value else "false"), None
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number == number.to_integral_value() and kind in ("integer", "string"):
            return str(int(number)), None
        return format(number, "f"), None
    return None, f"a cell of kind {type(value).__name__}, which is not read"


def _expected(spec: dict) -> str:
    return {"number": f"a number{' in ' + spec['unit'] if spec.get('unit') else ''}", "integer": "a whole number",
            "date": "a date", "boolean": "true or false"}.get(spec.get("type", "string"), "text")


def typed(text: str | None, spec: dict):
    """The typed value of a cell's text (kyosai.dataio's types); raises ValueError saying what was expected."""
    return None if text is None else dataio.parse_cell(text, {"type": "string", **spec})


def read_workbook(path: Path, data: dict[str, Rows], descriptor: dict) -> Reading:
    """Every sheet of a workbook ``export`` wrote (or Excel or LibreOffice saved since), checked cell by cell."""
    formulas, saved, fy = open_workbook(path)
    problems, notes = [], []
    plans = {p.sheet.title: p for p in plan(data, descriptor, fy)}
    reading = Reading(fy, {}, {}, [], problems, notes)
    for row in saved[GUIDE].iter_rows(min_col=2, max_col=5, values_only=True):
        if isinstance(row[0], str) and row[0].startswith("data/") and isinstance(row[3], str):
            reading.digests[row[0]] = row[3].strip()
    for ws in saved.worksheets:
        p = sheet_plan(ws, plans, descriptor, reading) if ws.title != GUIDE else None
        if p is None:
            continue
        specs = {f["name"]: f for f in p.fields}
        codes = column_codes(ws, p, specs, problems)
        if codes is None:
            continue
        rows, keep = [], set()
        for r in range(FIRST_ROW, ws.max_row + 1):
            if ws.row_dimensions[r].hidden if r in ws.row_dimensions else False:
                # ignored, whatever it holds; its row in data/ (if its key can be read) stays as it is
                if any(ws.cell(r, c).value is not None for c in codes.values()):
                    keep.add(hidden_key(ws, r, codes, p, specs))
                    notes.append(f"sheet {ws.title}, row {r}: hidden, so ignored (its row in data/{p.resource['path']} "
                                 f"stays as it is)")
                continue
            record = row_record(ws, formulas[ws.title], r, codes, p, specs, reading)
            if record is not None:
                rows.append((r, record))
        seen = {}
        for r, record in rows:
            k = p.key_of(record)
            if k in seen:
                problems.append(f"sheet {ws.title}, row {r}: the key {', '.join(map(str, k))} is also in row {seen[k]}")
            seen.setdefault(k, r)
        reading.sheets[p.sheet.resource] = rows
        reading.keep[p.sheet.resource] = keep
    for title, p in plans.items():
        if title not in saved.sheetnames:
            notes.append(f"sheet {title}: not in the workbook, so data/{p.resource['path']} stays as it is")
            reading.skipped.append(p.sheet.resource)
    return reading


def open_workbook(path: Path):
    """(the workbook with its formulas, the workbook with their saved values, its fiscal year): DataError where it is
    no workbook, not one make entry wrote, or its guide's year is not a year."""
    from openpyxl import load_workbook

    try:
        formulas = load_workbook(path)
        saved = load_workbook(path, data_only=True)
    except Exception as exc:   # openpyxl's many ways of saying it cannot read the file (zip, XML, format)
        raise DataError([f"{path}: not an Excel workbook (.xlsx) that can be read ({type(exc).__name__}: {exc}); "
                         f"save it from Excel as 「Excel ブック (*.xlsx)」"]) from None
    if GUIDE not in saved.sheetnames:
        raise DataError([f"{path}: no sheet 「{GUIDE}」: not a workbook made by make entry"])
    fy_value = saved[GUIDE][FY_CELL].value
    try:
        fy = int(fy_value)
    except (TypeError, ValueError):
        raise DataError([f"{path}: sheet {GUIDE}, cell {FY_CELL}: the fiscal year ({fy_value!r}) is not a year"]) from None
    return formulas, saved, fy


def sheet_plan(ws, plans: dict[str, SheetPlan], descriptor: dict, reading: Reading) -> SheetPlan | None:
    """What a sheet is read as: its plan; a sheet for a file the year has no rows in gets an empty one (rows added
    to it are read); None for a hidden sheet (ignored, its file skipped) or one that is no sheet of the workbook."""
    by_title = {s.title: s for s in SHEETS}
    if ws.sheet_state != "visible":
        reading.notes.append(f"sheet {ws.title}: hidden, so ignored" +
                             (f" (data/{plans[ws.title].resource['path']} stays as it is)" if ws.title in plans else ""))
        if ws.title in by_title:
            reading.skipped.append(by_title[ws.title].resource)
        return None
    if ws.title in plans:
        return plans[ws.title]
    if ws.title in by_title:
        res = next(r for r in descriptor["resources"] if r["name"] == by_title[ws.title].resource)
        return SheetPlan(by_title[ws.title], res, [])
    reading.problems.append(f"sheet {ws.title}: not a sheet of the entry workbook (its sheets: "
                            f"{', '.join(s.title for s in SHEETS)}); remove it or move its rows to one")
    return None


def column_codes(ws, p: SheetPlan, specs: dict[str, dict], problems: list[str]) -> dict[str, int] | None:
    """Column name → sheet column, as row CODE_ROW names them; None (with the problem) where one is missing."""
    from openpyxl.utils import get_column_letter

    codes = {}
    for c in range(1, ws.max_column + 1):
        code = ws.cell(CODE_ROW, c).value
        if isinstance(code, str) and code.strip():
            if code.strip() not in specs:
                problems.append(f"sheet {ws.title}, cell {get_column_letter(c)}{CODE_ROW}: {code!r} is not a column of "
                                f"data/{p.resource['path']} (row {CODE_ROW} names each column; keep it as written)")
            codes[code.strip()] = c
    absent = [n for n in specs if n not in codes]
    if absent:
        problems.append(f"sheet {ws.title}, row {CODE_ROW}: the column(s) {', '.join(absent)} are missing "
                        f"(row {CODE_ROW} names each column of data/{p.resource['path']}; keep it as written)")
        return None
    return codes


def hidden_key(ws, r: int, codes: dict[str, int], p: SheetPlan, specs: dict[str, dict]) -> tuple:
    """The key of a hidden row, as far as it can be read (None where it cannot): its row in data/ is kept."""
    key = []
    for k in p.key:
        text, problem = cell_text(ws.cell(r, codes[k]).value, specs[k])
        try:
            key.append(None if problem else typed(text, specs[k]))
        except ValueError:
            key.append(None)
    return tuple(key)


def row_cells(ws, fws, r: int, codes: dict[str, int], specs: dict[str, dict],
              reading: Reading) -> dict[str, tuple] | None:
    """Column name → (cell, value) of a row; a formula's saved value taken (noted), None where a formula has none."""
    cells, bad = {}, False
    for name, c in codes.items():
        cell = ws.cell(r, c)
        value = cell.value
        fcell = fws.cell(r, c)
        if fcell.data_type == "f" or (isinstance(fcell.value, str) and fcell.value.startswith("=")
                                      and fcell.data_type != "s"):
            formula = fcell.value if isinstance(fcell.value, str) else getattr(fcell.value, "text", str(fcell.value))
            if value is None:
                reading.problems.append(f"sheet {ws.title}, cell {cell.coordinate} ({name} {heading(specs[name])}): "
                                        f"the formula {formula} has no saved value (the workbook was saved by a program "
                                        f"that does not calculate): open it in Excel and save it, or type the value")
                bad = True
                continue
            if not CONSTANT.fullmatch(str(formula)):      # LibreOffice writes TRUE as =TRUE()
                reading.notes.append(f"sheet {ws.title}, cell {cell.coordinate}: the formula {formula} → its saved "
                                     f"value {value} taken")
        cells[name] = (cell.coordinate, value)
    return None if bad else cells


def row_record(ws, fws, r: int, codes: dict[str, int], p: SheetPlan, specs: dict[str, dict],
               reading: Reading) -> dict | None:
    """A row's typed record (with each cell's text under _text_<name>), or None: empty, or a problem in a cell or
    its key (each told)."""
    cells = row_cells(ws, fws, r, codes, specs, reading)
    if cells is None or all(v is None or (isinstance(v, str) and not v.strip()) for _, v in cells.values()):
        return None
    record, bad = {}, False
    for name, (coordinate, value) in cells.items():
        spec = specs[name]
        text, problem = cell_text(value, spec)
        if problem is None:
            try:
                record[name] = typed(text, spec)
                why = dataio.check_constraints(record[name], spec) if record[name] is not None else None
                if why:
                    problem = f"{text!r}: {why}"
            except ValueError as exc:
                problem = f"{text!r}: {exc}"
        if problem:
            reading.problems.append(f"sheet {ws.title}, cell {coordinate} ({name} {heading(spec)}): {problem}")
            bad = True
            record[name] = None
        else:
            record["_text_" + name] = text
    values = p.resource["schema"].get("values")
    if bad or (values and not keyed_value(ws, record, cells, values, specs, reading)):
        return None
    missing_key = [k for k in p.key if record.get(k) is None]
    if missing_key:
        reading.problems.append(f"sheet {ws.title}, row {r}: the key column(s) {', '.join(missing_key)} "
                                f"({', '.join(heading(specs[k]) for k in missing_key)}) are empty: every row needs its key")
        return None
    return record


def keyed_value(ws, record: dict, cells: dict[str, tuple], values: dict, specs: dict[str, dict],
                reading: Reading) -> bool:
    """A key–value file's value typed by its key (as dataio types data/'s rows), in ``record``; False (told) where
    it is wrong."""
    spec = values["by_key"].get(record.get(values["key"]))
    coordinate, raw = cells[values["column"]]
    if not spec or raw is None:
        return True
    spec = {"type": "string", **spec}
    text, problem = cell_text(raw, spec)
    try:
        if problem:
            raise ValueError(problem)
        value = typed(text, spec)
        why = dataio.check_constraints(value, spec)
        if why:
            raise ValueError(why)
        record[values["column"]] = value
        record["_text_" + values["column"]] = text
    except ValueError as exc:
        reading.problems.append(f"sheet {ws.title}, cell {coordinate} ({values['column']} "
                                f"{heading(specs[values['column']])}) for {record.get(values['key'])}: {text!r}: {exc}")
        return False
    return True


# ---------------------------------------------------------------- writing the rows into each CSV's own text

@dataclass
class CsvText:
    """A CSV file as records of raw text, so that a row that does not change keeps its bytes."""
    header: str
    records: list[str]
    newline: str
    final_newline: bool

    @classmethod
    def parse(cls, text: str) -> "CsvText":
        lines = text.splitlines(keepends=True)
        newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
        records, current = [], ""
        for line in lines:
            current += line
            if current.count('"') % 2 == 0:
                records.append(current)
                current = ""
        if current:
            records.append(current)
        final = bool(records) and records[-1].endswith(("\n", "\r"))
        return cls(records[0] if records else "", records[1:], newline, final)

    def text(self) -> str:
        out = self.header + "".join(r if r.endswith(("\n", "\r")) else r + self.newline for r in self.records)
        if not self.final_newline and out.endswith(self.newline):
            out = out[: -len(self.newline)]
        return out

    @staticmethod
    def cells(record: str) -> list[str]:
        return next(csv.reader(io.StringIO(record, newline="")), [])

    def line(self, record: list[str]) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator=self.newline).writerow(record)
        return buf.getvalue()


def _write_value(value, text: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return text if text is not None else str(value)


@dataclass
class Change:
    path: str
    added: int = 0
    changed: int = 0
    removed: int = 0
    text: str = ""
    encoding: str = "utf-8"        # the file's own: utf-8, utf-8-sig (with a BOM) or cp932 (as Excel saves CSV)

    def data(self) -> bytes:
        return self.text.encode(self.encoding)
    lines: dict[int, int] = field(default_factory=dict)    # sheet row → line in the new file (for problems)
    kept: list[tuple] = field(default_factory=list)          # rows cleared in the sheet but kept: the file has changed


def merge(p: SheetPlan, table: Rows, raw: str, sheet_rows: list[tuple[int, dict]], keep: set[tuple],
          removals: bool = True) -> Change:
    """The file's text with the sheet's rows in place of the rows they name: a row changed where a value differs, a
    row added where the file has none, a row removed where the sheet lists it with every value cleared (only with
    ``removals``: the file is as it was when the workbook was made, so the sheet's blank row was not blank then).
    A row of the file the sheet does not list stays as it is."""
    csvt = CsvText.parse(raw)
    header = [h.strip().lstrip("\ufeff") for h in CsvText.cells(csvt.header)]
    year_col = p.sheet.year
    by_line = {r[LINE]: r for r in table}
    new = {p.key_of(rec): (r, rec) for r, rec in sheet_rows}
    cleared = {k for k, (_, rec) in new.items()    # a row to fill left blank, or a row cleared
               if all(rec.get(f["name"]) is None for f in p.fields if f["name"] not in p.key)}
    new = {k: v for k, v in new.items() if k not in cleared}
    change = Change(f"data/{p.resource['path']}")
    entries = []    # [year, series, raw, sheet row]
    for i, record in enumerate(csvt.records):
        row = by_line.get(i + 2)
        if row is None:
            entries.append([None, None, record, None])
            continue
        k = p.key_of(row)
        series = tuple(row[c] for c in p.key if c != year_col)
        if k in cleared and k not in keep and removals:
            change.removed += 1
            continue
        if k not in new or k in keep:
            if k in cleared:
                change.kept.append(k)
            entries.append([row[year_col], series, record, None])
            continue
        sheet_row, rec = new.pop(k)
        old = CsvText.cells(record)
        cells, differs = [], False
        for name, old_text in zip(header, old):
            value, was = rec.get(name), row.get(name)
            if (was is None and value is None) or (type(was) is type(value) and was == value):
                cells.append(old_text)
            else:
                differs = True
                cells.append(_write_value(value, rec.get("_text_" + name)))
        if differs:
            change.changed += 1
            record = csvt.line(cells)
        entries.append([row[year_col], series, record, sheet_row])
    years = [fiscal_year_of(e[0]) for e in entries if e[0] is not None]
    ascending = years == sorted(years)
    descending = years == sorted(years, reverse=True)
    for k, (sheet_row, rec) in new.items():
        value, series = rec[year_col], tuple(rec[c] for c in p.key if c != year_col)
        line = csvt.line([_write_value(rec.get(h), rec.get("_text_" + h)) for h in header])
        entries.insert(insertion_point(entries, value, series, ascending, descending), [value, series, line, sheet_row])
        change.added += 1
    csvt.records = [e[2] for e in entries]
    change.text = csvt.text()
    change.lines = {e[3]: i + 2 for i, e in enumerate(entries) if e[3] is not None}
    return change


def insertion_point(entries: list[list], value, series: tuple, ascending: bool, descending: bool) -> int:
    """Where a new row of year ``value`` and ``series`` goes among the file's ``entries`` ([year, series, raw, sheet
    row]): in year order where the file keeps one, else after its own series' latest earlier row where the file is
    grouped by series, else after the rows of its year (or at the end)."""
    dated = [(i, e) for i, e in enumerate(entries) if e[0] is not None]
    if ascending:
        return max([i + 1 for i, e in dated if e[0] <= value], default=0)
    if descending:
        return max([i + 1 for i, e in dated if e[0] >= value], default=0)
    if _grouped([e[1] for _, e in dated]) and any(e[1] == series for _, e in dated):
        return max(i + 1 for i, e in dated if e[1] == series and e[0] <= value) if any(
            e[1] == series and e[0] <= value for _, e in dated) else min(i for i, e in dated if e[1] == series)
    same = [i + 1 for i, e in dated if fiscal_year_of(e[0]) == fiscal_year_of(value)]
    return max(same) if same else len(entries)


def _grouped(series: list) -> bool:
    """Each series' rows stand together (a file ordered by series, then date)."""
    seen, last = set(), object()
    for s in series:
        if s != last:
            if s in seen:
                return False
            seen.add(s)
            last = s
    return True


# ---------------------------------------------------------------- gaps a workbook fills

def fill_gaps(raw: str, data: dict[str, Rows], present, resources: set[str]) -> tuple[Change, list[str]]:
    """gaps.csv with the years the data now has taken out of each declared gap (of ``resources``); what changed."""
    csvt = CsvText.parse(raw)
    header = [h.strip() for h in CsvText.cells(csvt.header)]
    by_line = {r[LINE]: r for r in data["gaps"]}
    records, said = [], []
    change = Change("data/unyo/gaps.csv")
    for i, record in enumerate(csvt.records):
        g = by_line.get(i + 2)
        if g is None or g["resource"] not in resources:
            records.append(record)
            continue
        years = list(range(g["first_year"], g["last_year"] + 1))
        have = present(g["resource"], g["key"] or "")
        left = [y for y in years if y not in have]
        if left == years:
            records.append(record)
            continue
        cells = CsvText.cells(record)
        spans = []
        for y in left:
            if spans and spans[-1][1] == y - 1:
                spans[-1][1] = y
            else:
                spans.append([y, y])
        if not spans:
            change.removed += 1
        else:
            change.changed += 1
            change.added += len(spans) - 1
        for first, last in spans:
            new = dict(zip(header, cells))
            new["first_year"], new["last_year"] = str(first), str(last)
            records.append(csvt.line([new[h] for h in header]))
        filled = [y for y in years if y in have]
        said.append(f"data/unyo/gaps.csv: the gap of {g['resource']}{' ' + g['key'] if g['key'] else ''} "
                    f"{g['first_year']}–{g['last_year']} " + (f"now {', '.join(f'{a}–{b}' for a, b in spans)}"
                                                             if spans else "removed")
                    + f" (the workbook fills {', '.join(map(str, filled))})")
    csvt.records = records
    change.text = csvt.text()
    return change, said


# ---------------------------------------------------------------- import

def read_text(path: Path) -> tuple[str, str]:
    """A data file's text and its encoding, to write it back in the same (dataio.decode has accepted it)."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp932"), "cp932"


_PROBLEM = re.compile(r"^data/(?P<path>[^,]+), line (?P<line>\d+)(?:, column (?P<col>[^:]+))?: (?P<msg>.*)$", re.S)


def apply(path: Path, data_dir: Path = dataio.DATA, write: bool = True) -> tuple[list[Change], list[str]]:
    """Import a workbook into ``data_dir``: the changes per file and the notes (formulas' values taken, hidden
    sheets and rows ignored, gaps filled). Raises DataError listing every problem; then nothing is written."""
    descriptor = dataio.load_descriptor(data_dir / "datapackage.yaml")
    data = dataio.load_all(data_dir, descriptor)
    reading = read_workbook(path, data, descriptor)
    plans = {p.sheet.resource: p for p in plan(data, descriptor, reading.fy)}
    resources = {r["name"]: r for r in descriptor["resources"]}
    changes: list[Change] = []
    for sheet in SHEETS:
        if sheet.resource not in reading.sheets or sheet.resource in reading.skipped:
            continue
        p = plans.get(sheet.resource) or SheetPlan(sheet, resources[sheet.resource], [])
        file = data_dir / p.resource["path"]
        text, encoding = read_text(file)
        unchanged = reading.digests.get(f"data/{p.resource['path']}") == hashlib.sha256(file.read_bytes()).hexdigest()
        ch = merge(p, data[sheet.resource], text, reading.sheets[sheet.resource], reading.keep.get(sheet.resource, set()),
                   removals=unchanged)
        ch.encoding = encoding
        changes.append(ch)
        for k in ch.kept:
            reading.notes.append(f"sheet {sheet.title}: the row {', '.join(map(str, k))} is cleared but kept: "
                                 f"{ch.path} has changed since the workbook was made, so the row may not have been "
                                 f"there to clear (make a new workbook to remove it)")
    problems, notes = list(reading.problems), list(reading.notes)
    staged_problems, said = staged_check(data_dir, descriptor, changes, plans, reading)
    problems += staged_problems
    notes += said
    if problems:
        raise DataError(problems)
    changes = [ch for ch in changes if (data_dir / Path(ch.path).relative_to("data")).read_bytes()
               != ch.data()]
    if write:
        for ch in changes:
            target = data_dir / Path(ch.path).relative_to("data")
            tmp_path = target.with_suffix(".csv.tmp")
            tmp_path.write_bytes(ch.data())
            tmp_path.replace(target)
    return changes, notes


def staged_check(data_dir: Path, descriptor: dict, changes: list[Change], plans: dict[str, SheetPlan],
                 reading: Reading) -> tuple[list[str], list[str]]:
    """(problems, notes) of the data with the changes applied, checked in a copy: every problem located in the
    workbook; the gaps the new rows fill closed in gaps.csv (that change added to ``changes``, noted)."""
    from .unyo.completeness import present_years

    resources = {r["name"]: r for r in descriptor["resources"]}
    problems, notes = [], []
    with tempfile.TemporaryDirectory(prefix="kyosai-import-") as tmp:
        staged = Path(tmp) / "data"
        shutil.copytree(data_dir, staged, ignore=shutil.ignore_patterns("*.md"))
        for ch in changes:
            (staged.parent / ch.path).write_bytes(ch.data())
        try:
            new = dataio.load_all(staged, descriptor)
        except DataError as exc:
            return _located(exc.problems, changes, plans), notes
        gaps_path = staged / resources["gaps"]["path"]
        raw, encoding = read_text(gaps_path)
        ch, said = fill_gaps(raw, new, lambda res, key: present_years(new, res, key),
                             {s.resource for s in SHEETS if s.resource in reading.sheets})
        if ch.text != raw:
            gaps_path.write_bytes(ch.text.encode(encoding))
            try:
                dataio.load_all(staged, descriptor)
            except DataError as exc:
                problems += exc.problems
            ch.path, ch.encoding = f"data/{resources['gaps']['path']}", encoding
            changes.append(ch)
            notes += said
    return problems, notes


def _located(problems: list[str], changes: list[Change], plans: dict[str, SheetPlan]) -> list[str]:
    """dataio's problems of a staged file, named by the sheet and cell they come from where the row is the workbook's."""
    from openpyxl.utils import get_column_letter

    by_path = {ch.path: ch for ch in changes}
    out = []
    for text in problems:
        m = _PROBLEM.match(text)
        ch = by_path.get(f"data/{m['path']}") if m else None
        if ch is None:
            out.append(text)
            continue
        line = int(m["line"])
        row = next((r for r, ln in ch.lines.items() if ln == line), None)
        p = next(p for p in plans.values() if f"data/{p.resource['path']}" == ch.path) if any(
            f"data/{p.resource['path']}" == ch.path for p in plans.values()) else None
        if row is None or p is None:
            out.append(text)
            continue
        names = [f["name"] for f in p.fields]
        col = (m["col"] or "").split(",")[0]
        where = (f"cell {get_column_letter(names.index(col) + 1)}{row} ({col} {heading(p.fields[names.index(col)])})"
                 if col in names else f"row {row}")
        out.append(f"sheet {p.sheet.title}, {where}: {m['msg']}")
    return out
