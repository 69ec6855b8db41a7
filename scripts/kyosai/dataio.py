"""Read and check the CSVs under data/ against data/datapackage.yaml before any computation.

All problems of a run are collected and reported together, each naming the file, the line as a
spreadsheet shows it (header = line 1), the column, the bad value and what was expected.
Numbers become exact ``Decimal``; nothing is silently coerced to NaN or 0. A checked file is a list of
plain dicts (``Rows``), one per data row, each with its line number under ``LINE``: small, readable data,
fast to load (no dataframe library is needed, so the Snakefile reads the year lists through this reader too).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from .numbers import NumberFormatError, parse_number

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DESCRIPTOR = DATA / "datapackage.yaml"
LINE = "_line"  # column holding each row's line number in its CSV
MAX_CELL = 5000  # characters in one cell: a paragraph of notes is a few hundred; more is a paste gone wrong
_WAREKI = re.compile(r"^(?P<era>[^\d\s.]+?)(?P<year>\d{1,2}|元)年(?P<month>\d{1,2})月(?P<day>\d{1,2})日$")
_WAREKI_SHORT = re.compile(r"^(?P<era>[A-Z])(?P<year>\d{1,2})\.(?P<month>\d{1,2})\.(?P<day>\d{1,2})$")
DATE_FORMS = "YYYY-MM-DD (2025-03-31) or in 和暦 (令和7年3月31日, R7.3.31)"


class Rows(list):
    """The checked rows of one data file, in file order: dicts of typed values (Decimal, int, date, bool, str,
    None) with the line number as a spreadsheet shows it under ``LINE``."""

    def where(self, **equal) -> "Rows":
        """The rows whose columns equal the given values: ``rows.where(fiscal_year=2024, segment="all")``."""
        return Rows(r for r in self if all(r[c] == v for c, v in equal.items()))

    def column(self, name: str) -> list:
        return [r[name] for r in self]


class DataError(Exception):
    """Raised with every problem found; str() is the full, human-readable list."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Problems:
    """Problems found so far; paths are shown relative to ``base`` (the folder holding data/)."""
    base: Path = ROOT
    items: list[str] = field(default_factory=list)

    def add(self, path: Path | str, line: int | None, column: str | None, message: str) -> None:
        where = [_rel(path, self.base)]
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column}")
        self.items.append(f"{', '.join(where)}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise DataError(self.items)


def _rel(path: Path | str, base: Path = ROOT) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(p)


def load_descriptor(path: Path = DESCRIPTOR) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def decode(raw: bytes, path: Path, problems: Problems) -> str | None:
    """UTF-8 (with or without BOM) or cp932 (Shift_JIS as Japanese Excel saves it)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError:
        line = raw[: utf8_error.start].count(b"\n") + 1
        problems.add(path, line, None,
                     "the file is neither UTF-8 nor Shift_JIS (cp932). In Excel, save it again with "
                     "「名前を付けて保存」→「CSV UTF-8 (コンマ区切り)」.")
        return None
    try:   # bytes that read as EUC-JP too (its text read as Shift_JIS is garbage: 「ﾎ睹ﾂ」): never guessed
        raw.decode("euc_jp")
    except UnicodeDecodeError:
        return text
    line = raw[: utf8_error.start].count(b"\n") + 1
    problems.add(path, line, None,
                 "the file is not UTF-8, and its bytes read as Shift_JIS (cp932) and as EUC-JP alike, so which it is "
                 "cannot be known and is not guessed. Save it again as UTF-8 (Excel: 「名前を付けて保存」→"
                 "「CSV UTF-8 (コンマ区切り)」).")
    return None


def _unit_hint(spec: dict) -> str:
    return f" in {spec['unit']}" if spec.get("unit") else ""


def parse_date(text: str, wareki: bool = True) -> dt.date:
    """A date as ISO (2025-03-31) or, with ``wareki``, in 和暦 (令和7年3月31日, 令和元年5月1日, R7.3.31, R07.03.31);
    raises ValueError naming the spellings accepted, or why a 和暦 date does not exist."""
    import unicodedata

    from . import era

    s = unicodedata.normalize("NFKC", text).strip()
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        pass
    m = (_WAREKI.match(s) or _WAREKI_SHORT.match(s)) if wareki else None
    if not m:
        raise ValueError(f"expected a date written {DATE_FORMS if wareki else 'YYYY-MM-DD'}")
    eras = era.load_eras()
    name = m["era"]
    found = next((e for e in eras if name in (e.name, e.abbrev)), None)
    if found is None:
        raise ValueError(f"{name} is not an era of data/common/eras.csv ({', '.join(e.name for e in eras)})")
    year = 1 if m["year"] == "元" else int(m["year"])
    try:
        day = dt.date(found.start.year + year - 1, int(m["month"]), int(m["day"]))
    except ValueError:
        raise ValueError(f"no such day: {text}") from None
    later = [e for e in eras if e.start > found.start]
    if day < found.start or (later and day >= later[0].start):
        raise ValueError(f"{text} is not a day of {found.name} ({found.name} began on {found.start}"
                         + (f", {later[0].name} on {later[0].start}" if later else "") + ")")
    return day


def parse_cell(text: str, spec: dict, wareki: bool = True):
    """Convert one non-empty cell to its field type; raises ValueError with the expectation."""
    kind = spec.get("type", "string")
    if kind == "string":
        return text
    if text.rstrip().endswith(("%", "％")) and spec.get("unit") != "%":
        raise ValueError(f"a percentage where the column is in {spec.get('unit') or 'plain numbers'}")
    if kind == "number":
        try:
            return parse_number(text)
        except NumberFormatError:
            raise ValueError(f"expected a number{_unit_hint(spec)} (e.g. 1234, -1347, 0.43)") from None
    if kind == "integer":
        try:
            value = parse_number(text)
        except NumberFormatError:
            value = None
        if value is None or value != value.to_integral_value():
            raise ValueError("expected a whole number")
        return int(value)
    if kind == "date":
        return parse_date(text, wareki)
    if kind == "boolean":
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        raise ValueError("expected true or false")
    raise ValueError(f"unknown field type {kind!r} in the schema")  # pragma: no cover


def check_constraints(value, spec: dict) -> str | None:
    c = spec.get("constraints", {})
    if "enum" in c and value not in c["enum"]:
        return f"expected one of {', '.join(map(str, c['enum']))}"
    if "minimum" in c and value < Decimal(str(c["minimum"])):
        return f"expected at least {c['minimum']}{_unit_hint(spec)}"
    if "maximum" in c and value > Decimal(str(c["maximum"])):
        return f"expected at most {c['maximum']}{_unit_hint(spec)}"
    if "pattern" in c and not re.fullmatch(c["pattern"], str(value)):
        return f"expected text of the form {c['pattern']}"
    return None


def open_quote_line(text: str) -> int | None:
    """The line on which a quoted text opens that the file never closes (an odd number of quotes from there to the
    end), or None."""
    opened, inside = None, False
    for n, line in enumerate(text.split("\n"), 1):
        if line.count('"') % 2:
            opened, inside = (n, True) if not inside else (None, False)
    return opened if inside else None


CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")   # all but tab and line ends


def read_resource(resource: dict, data_dir: Path, problems: Problems) -> Rows | None:
    path = data_dir / resource["path"]
    fields = resource["schema"]["fields"]
    names = [f["name"] for f in fields]
    if not path.exists():
        problems.add(path, None, None, f"file is missing (data/datapackage.yaml lists it as resource {resource['name']!r})")
        return None
    text = decode(path.read_bytes(), path, problems)
    if text is None:
        return None
    csv.field_size_limit(max(csv.field_size_limit(), 64 * MAX_CELL * 1000))  # read a huge cell to say it is too big
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:   # strict: a quote left open to the end of the file is an error, not one long text
        opened = open_quote_line(text)
        if opened:
            problems.add(path, opened, None, "cannot be read as CSV: a quoted text opened on this line is never closed "
                                             "(a file cut short, or a quote missing)")
        else:
            problems.add(path, reader.line_num, None, f"cannot be read as CSV ({exc}): a quote stands inside a text")
        return None
    if not rows:
        problems.add(path, 1, None, f"file is empty; expected a header row: {','.join(names)}")
        return None
    header = [h.strip() for h in rows[0]]
    while header and header[-1] == "":
        header.pop()  # empty columns after the last, as Excel saves them
    before = len(problems.items)
    for i, h in enumerate(header, 1):
        if h == "":
            problems.add(path, 1, None, f"column {i} has no name in the header; the schema has: {', '.join(names)}")
    seen: set[str] = set()
    for h in header:
        if h in seen:
            problems.add(path, 1, h, "column appears twice in the header")
        seen.add(h)
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    for n in missing:
        hint = f" (is {extra[0]!r} meant to be {n!r}? columns must keep their names)" if len(missing) == len(extra) == 1 else ""
        problems.add(path, 1, n, f"required column is missing{hint}")
    for h in extra:
        if len(missing) != 1 or len(extra) != 1:
            problems.add(path, 1, h, f"unexpected column; the schema has: {', '.join(names)}")
    if len(problems.items) > before:
        return None

    specs = {f["name"]: f for f in fields}
    wareki = resource["name"] != "eras"   # the eras themselves are written YYYY-MM-DD
    records = []
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank line, e.g. at the end of a file saved by Excel
        while len(row) > len(header) and row[-1].strip() == "":
            row = row[:-1]  # empty cells after the last column (Excel)
        if len(row) != len(header):
            problems.add(path, lineno, None, f"expected {len(header)} cells, found {len(row)} (a stray or missing comma?)")
            continue
        record = {LINE: lineno}
        for name, cell in zip(header, row):
            spec = specs[name]
            cell = cell.strip()
            if len(cell) > MAX_CELL:
                problems.add(path, lineno, name, f"a cell of {len(cell):,} characters; at most {MAX_CELL:,} are read "
                                                 f"(was something pasted into it by mistake?)")
                record[name] = None
                continue
            control = CONTROL_CHARACTER.search(cell)
            if control:
                problems.add(path, lineno, name, f"a control character (U+{ord(control[0]):04X}) in the text, which no "
                                                 f"document prints (copied from another program?): remove it")
                record[name] = None
                continue
            if cell == "":
                if spec.get("constraints", {}).get("required"):
                    problems.add(path, lineno, name, f"empty, but a value is required{_unit_hint(spec)}")
                record[name] = None
                continue
            try:
                value = parse_cell(cell, spec, wareki)
            except ValueError as exc:
                problems.add(path, lineno, name, f"{cell!r}: {exc}")
                record[name] = None
                continue
            why = check_constraints(value, spec)
            if why:
                problems.add(path, lineno, name, f"{cell!r}: {why}")
            record[name] = value
        records.append(record)

    rows = Rows(records)
    _check_values(rows, resource, path, problems, wareki)
    _check_unique(rows, resource, path, problems)
    _check_validity(rows, resource, path, problems)
    return rows


def _check_values(rows: Rows, resource: dict, path: Path, problems: Problems, wareki: bool) -> None:
    """Key–value files (schema ``values``): each key's value typed, in its unit and range, as the schema
    declares it for that key (year_facts: lending_rate is a number in %, funds_as_of a date)."""
    values = resource["schema"].get("values")
    if not values:
        return
    key, column, unit_column = values["key"], values["column"], values.get("unit")
    for r in rows:
        spec = values["by_key"].get(r[key])
        if spec is None or r[column] is None:
            continue  # an unknown key is the key column's enum's problem; an empty value its required's
        spec = {"type": "string", **spec}
        raw = r[column]
        if isinstance(raw, str) and spec["type"] != "string":
            try:
                r[column] = parse_cell(raw, spec, wareki)
            except ValueError as exc:
                problems.add(path, r[LINE], column, f"{raw!r} for {r[key]}: {exc}")
                r[column] = None
                continue
        why = check_constraints(r[column], spec)
        if why:
            problems.add(path, r[LINE], column, f"{raw!r} for {r[key]}: {why}")
        if unit_column and spec.get("unit") and r[unit_column] != spec["unit"]:
            problems.add(path, r[LINE], unit_column, f"{r[unit_column]!r} for {r[key]}, which is in {spec['unit']}")


def _check_validity(rows: Rows, resource: dict, path: Path, problems: Problems) -> None:
    """Rows valid over a span of years (schema ``validity``) must not overlap for the same key: two texts
    for one slot in one year would leave the document to guess which to print."""
    validity = resource["schema"].get("validity")
    if not validity:
        return
    key, first, last = validity["key"], validity["from"], validity["to"]
    spans: dict[tuple, list[dict]] = {}
    for r in sorted((r for r in rows if r[first] is not None), key=lambda r: r[first]):
        k = tuple(r[c] for c in key)
        for other in spans.get(k, []):
            end = other[last] if other[last] is not None else 9999
            if r[first] <= end:
                until = other[last] if other[last] is not None else "open"
                problems.add(path, r[LINE], first,
                             f"{', '.join(map(str, k))} from {r[first]} overlaps line {other[LINE]} "
                             f"({other[first]}–{until}): close the earlier row's {last} before {r[first]}")
        if r[last] is not None and r[last] < r[first]:
            problems.add(path, r[LINE], last, f"{r[last]} is before {first} {r[first]}")
        spans.setdefault(k, []).append(r)


def _check_unique(rows: Rows, resource: dict, path: Path, problems: Problems) -> None:
    schema = resource["schema"]
    key = schema.get("primaryKey")
    if key:
        first: dict[tuple, int] = {}
        for rec in rows:
            k = tuple(rec[c] for c in key)
            if k in first:
                problems.add(path, rec[LINE], ",".join(key),
                             f"duplicate key {', '.join(map(str, k))} (first on line {first[k]})")
            else:
                first[k] = rec[LINE]
    for f in schema["fields"]:
        if f.get("constraints", {}).get("unique"):
            values = [v for v in rows.column(f["name"]) if v is not None]
            for v in sorted({v for v in values if values.count(v) > 1}, key=str):
                lines = [r[LINE] for r in rows if r[f["name"]] == v]
                problems.add(path, lines[1], f["name"], f"{v} also appears on line {lines[0]}; values must be unique")


def _check_foreign_keys(tables: dict[str, Rows], descriptor: dict, data_dir: Path, problems: Problems) -> None:
    for res in descriptor["resources"]:
        rows = tables.get(res["name"])
        for fk in res["schema"].get("foreignKeys", []):
            target = tables.get(fk["reference"]["resource"])
            if rows is None or target is None:
                continue
            allowed = set(target.column(fk["reference"]["fields"]))
            for rec in rows:
                if rec[fk["fields"]] is not None and rec[fk["fields"]] not in allowed:
                    problems.add(data_dir / res["path"], rec[LINE], fk["fields"],
                                 f"{rec[fk['fields']]!r} is not listed in {fk['reference']['resource']} "
                                 f"({_rel(data_dir / _path_of(descriptor, fk['reference']['resource']), data_dir.parent)})")


def _path_of(descriptor: dict, name: str) -> str:
    return next(r["path"] for r in descriptor["resources"] if r["name"] == name)


def load_all(data_dir: Path = DATA, descriptor: dict | None = None,
             sections: tuple[str, ...] | None = None, only: tuple[str, ...] | None = None) -> dict[str, Rows]:
    """Every resource, checked; raises DataError listing all problems.

    ``sections`` limits the check to the resources under those folders of data/ (e.g. ("common",
    "unyo")), so that a report reads, and depends on, only its own data; ``only`` to the named resources
    (the Snakefile reads the year lists so).
    """
    descriptor = descriptor or load_descriptor(data_dir / "datapackage.yaml")
    resources = [r for r in descriptor["resources"]
                 if (sections is None or r["path"].split("/")[0] in sections) and (only is None or r["name"] in only)]
    problems = Problems(base=data_dir.parent)
    listed = {(data_dir / r["path"]).resolve() for r in descriptor["resources"]}
    for csv_path in sorted(data_dir.rglob("*.csv")):
        in_scope = only is None and (sections is None or csv_path.relative_to(data_dir).parts[0] in sections)
        if in_scope and csv_path.resolve() not in listed:
            problems.add(csv_path, None, None, "file is not described in data/datapackage.yaml; add a resource for it or remove it")
    tables = {}
    for res in resources:
        rows = read_resource(res, data_dir, problems)
        if rows is not None:
            tables[res["name"]] = rows
    _check_foreign_keys(tables, {**descriptor, "resources": resources}, data_dir, problems)
    problems.raise_if_any()
    return tables
