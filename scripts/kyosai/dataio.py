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
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal
from pathlib import Path

import yaml

from . import yamlguard
from .numbers import NumberFormatError, parse_number
from .paths import DATA, ROOT

DESCRIPTOR = DATA / "datapackage.yaml"
LINE = "_line"  # column holding each row's line number in its CSV
MAX_DETECT = 1 << 20  # bytes the encoding detector reads (the whole file is decoded strictly)
MAX_CELL = 5000  # characters in one cell: a paragraph of notes is a few hundred; more is a paste gone wrong
_WAREKI = re.compile(r"^(?P<era>[^\d\s.]+?)(?P<year>\d{1,2}|元)年(?P<month>\d{1,2})月(?P<day>\d{1,2})日$")
_WAREKI_SHORT = re.compile(r"^(?P<era>[A-Z])(?P<year>\d{1,2})\.(?P<month>\d{1,2})\.(?P<day>\d{1,2})$")
DATE_FORMS = "YYYY-MM-DD (2025-03-31) or in 和暦 (令和7年3月31日, R7.3.31)"


class Rows(list):
    """The checked rows of one data file, in file order: dicts of typed values (Decimal, int, date, bool, str,
    None) with the line number as a spreadsheet shows it under ``LINE``. ``unusual`` lists the values outside
    their column's ``usual`` range (unusual but possible, for the QA log), each naming file, line and column."""

    path: str = ""              # the file, as data/… (set by read_resource)
    unusual: tuple = ()

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


MAX_PROBLEMS_PER_FILE = 50   # then one line says how many more: a file gone wrong throughout is not listed whole


@dataclass
class Problems:
    """Problems found so far; paths are shown relative to ``base`` (the folder holding data/)."""
    base: Path = ROOT
    items: list[str] = field(default_factory=list)
    per_file: dict = field(default_factory=dict)

    def add(self, path: Path | str, line: int | None, column: str | None, message: str) -> None:
        shown = _rel(path, self.base)
        n = self.per_file[shown] = self.per_file.get(shown, 0) + 1
        if n > MAX_PROBLEMS_PER_FILE:
            more = f"{shown}: … and {n - MAX_PROBLEMS_PER_FILE:,} more problem(s) in this file, not listed"
            if self.items and self.items[-1].startswith(f"{shown}: … and "):
                self.items[-1] = more
            else:
                self.items.append(more)
            return
        where = [shown]
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column}")
        self.items.append(f"{', '.join(where)}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise DataError(self.items)


def _rel(path: Path | str, base: Path = ROOT) -> str:
    return _rel_cached(str(path), str(base))


@lru_cache(maxsize=1024)
def _rel_cached(path: str, base: str) -> str:
    import os

    p, base = Path(path), Path(base)
    for here, there in ((Path(os.path.abspath(p)), Path(os.path.abspath(base))),   # links named as themselves
                        (p.parent.resolve() / p.name, base.resolve())):
        try:
            return here.relative_to(there).as_posix()
        except ValueError:
            continue
    return str(p)


ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\]}]")


def _read_descriptor(path: Path) -> dict:
    text = Path(path).read_text(encoding="utf-8")
    if ANCHOR_OR_ALIAS.search(text):     # the full check (a YAML parse) only where an anchor or alias may be
        try:
            yamlguard.check(text, str(path))
        except yamlguard.YamlRefused as exc:
            raise DataError([exc.problem]) from None
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def load_descriptor(path: Path = DESCRIPTOR) -> dict:
    """data/datapackage.yaml, each resource with the package's ``max_bytes`` and ``multiline_fields`` unless it
    sets its own, and the resources of a document folder's own data/<folder>/datapackage.yaml (their paths relative
    to that folder): a new document brings its schema in its data folder."""
    descriptor = _read_descriptor(path)
    declared = {r["name"]: path for r in descriptor.get("resources", [])}
    for own in sorted(Path(path).parent.glob("*/datapackage.yaml")):
        for resource in _read_descriptor(own).get("resources", []):
            if resource["name"] in declared:
                base = Path(path).parent.parent
                raise DataError([f"{_rel(own, base)}: resource {resource['name']!r} is already declared in "
                                 f"{_rel(declared[resource['name']], base)}; give it another name"])
            declared[resource["name"]] = own
            descriptor.setdefault("resources", []).append({**resource, "path": f"{own.parent.name}/{resource['path']}"})
    for resource in descriptor.get("resources", []):
        resource.setdefault("max_bytes", descriptor.get("max_bytes", DEFAULT_MAX_BYTES))
        resource.setdefault("multiline_fields", descriptor.get("multiline_fields", []))
    return descriptor


ENCODING_NAMES = {   # the detector's codec names → as a user knows them
    "cp932": "Shift_JIS (cp932)", "shift_jis": "Shift_JIS (cp932)", "shift_jis_2004": "Shift_JIS (cp932)",
    "shift_jisx0213": "Shift_JIS (cp932)", "euc_jp": "EUC-JP", "euc_jis_2004": "EUC-JP", "euc_jisx0213": "EUC-JP",
    "iso2022_jp": "ISO-2022-JP (JIS)", "iso2022_jp_1": "ISO-2022-JP (JIS)", "iso2022_jp_2": "ISO-2022-JP (JIS)",
    "iso2022_jp_2004": "ISO-2022-JP (JIS)", "iso2022_jp_3": "ISO-2022-JP (JIS)", "iso2022_jp_ext": "ISO-2022-JP (JIS)",
    "utf_16": "UTF-16", "utf_16_le": "UTF-16", "utf_16_be": "UTF-16", "utf_32": "UTF-32", "utf_32_le": "UTF-32",
    "utf_32_be": "UTF-32", "gb18030": "GB18030 (Chinese)", "gb2312": "GB18030 (Chinese)", "gbk": "GB18030 (Chinese)",
    "big5": "Big5 (Chinese)", "big5hkscs": "Big5 (Chinese)", "cp950": "Big5 (Chinese)", "cp949": "Korean (cp949)", "euc_kr": "Korean (cp949)",
    "johab": "Korean (cp949)",
}
SHIFT_JIS = "Shift_JIS (cp932)"
OTHER_JAPANESE = ("EUC-JP", "ISO-2022-JP (JIS)")
SAVE_AS_UTF8 = "Save it again as UTF-8 (Excel: 「名前を付けて保存」→「CSV UTF-8 (コンマ区切り)」)."
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")


def _encoding_name(codec: str) -> str:
    return ENCODING_NAMES.get(codec, codec.replace("_", "-").upper())


def detected_encodings(raw: bytes) -> list[str]:
    """The encodings the bytes could be in, most likely first, as charset-normalizer finds them (user's names,
    each once)."""
    from charset_normalizer import from_bytes

    names = []
    for match in from_bytes(raw[:MAX_DETECT]):
        for codec in [match.encoding, *match.could_be_from_charset]:
            name = _encoding_name(codec)
            if name not in names:
                names.append(name)
    return names


def decode(raw: bytes, path: Path, problems: Problems) -> str | None:
    """The text of a data file. UTF-8, with or without BOM, is read as is. Anything else is identified by a
    detector (charset-normalizer) and read only when it is unambiguously Shift_JIS (cp932, as Japanese Excel
    saves it); otherwise refused, naming the encodings it could be. Never guessed."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text, first_bad = None, exc.start
    if text is not None:
        if "\x00" not in text and "\x1b" not in text:
            return text
        # valid UTF-8 with NUL or ESC bytes in it: UTF-16 of plain text, or ISO-2022-JP (JIS), whose escapes are ASCII
        could_be = [n for n in detected_encodings(raw) if n not in ("ASCII", "UTF-8")]
        if not could_be:
            return text   # the control character is then refused in its cell, with its line and column
        first_bad = min(i for i in (raw.find(b"\x00"), raw.find(b"\x1b")) if i >= 0)
    else:
        could_be = detected_encodings(raw)
    line = raw[:first_bad].count(b"\n") + 1
    try:
        sjis = raw.decode("cp932")
    except UnicodeDecodeError:
        sjis = None
    detected_sjis = SHIFT_JIS in could_be   # the detector must see Shift_JIS too: Latin-1 "é" + a letter reads as a kanji
    for codec in ("euc_jp", "euc_jis_2004") if text is None else ():   # (ASCII reads as EUC-JP too)
        try:
            raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if "EUC-JP" not in could_be:
            could_be.append("EUC-JP")
    rivals = [n for n in could_be if n in OTHER_JAPANESE or n.startswith("UTF")]
    if text is None and sjis is not None and detected_sjis and not rivals and not looks_misread(sjis):
        return sjis
    if raw.startswith(b"PK\x03\x04"):
        problems.add(path, None, None, "the file is an Excel workbook (.xlsx, a zip file), not CSV text. In Excel, "
                                       "「名前を付けて保存」→「CSV UTF-8 (コンマ区切り)」.")
    elif not could_be:
        problems.add(path, line, None, "the file is neither UTF-8 nor Shift_JIS (cp932), and no encoding reads it "
                                       f"(is it a text file?). {SAVE_AS_UTF8}")
    elif sjis is None or not detected_sjis:
        problems.add(path, line, None, f"the file is neither UTF-8 nor Shift_JIS (cp932): it could be "
                                       f"{_or(could_be)}. {SAVE_AS_UTF8}")
    else:
        problems.add(path, line, None, f"the file is not UTF-8, and which encoding it is in cannot be known: it could be "
                                       f"{_or(could_be)}; it is not guessed. {SAVE_AS_UTF8}")
    return None


def looks_misread(sjis: str) -> bool:
    """Whether a Shift_JIS reading bears the marks of other bytes read as Shift_JIS, which Japanese text rarely has:
    half-width katakana (EUC-JP, GB18030: 「ﾎ睹ﾂ」), user-defined characters (F0–F9), or a rare (JIS level 2) kanji
    glued to a Latin letter (Latin-1's "é" after "Caf": 「Caf駸」)."""
    if _HALFWIDTH_KANA.search(sjis) or re.search(r"[\ue000-\uf8ff]", sjis):
        return True
    return any(m[1].encode("cp932")[0] >= 0x98 for m in re.finditer(r"[A-Za-z]([^\x00-\x7f])", sjis))


def _or(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _shown(cell: str, most: int = 40) -> str:
    """A cell as a message quotes it: whole when short, else its start and its length."""
    return repr(cell) if len(cell) <= most else f"{cell[:most]!r}… ({len(cell):,} characters)"


class ResourceFiles(Mapping):
    """Resource name → its file as messages name it (carried_figures → data/unyo/carried_figures.csv), as
    data/datapackage.yaml declares it, read when first asked."""

    def _files(self) -> dict[str, str]:
        return _resource_files(DESCRIPTOR)

    def __getitem__(self, name: str) -> str:
        return self._files()[name]

    def __iter__(self):
        return iter(self._files())

    def __len__(self) -> int:
        return len(self._files())


@lru_cache(maxsize=None)
def _resource_files(descriptor: Path) -> dict[str, str]:
    return {r["name"]: f"data/{r['path']}" for r in load_descriptor(descriptor)["resources"]}


# ---------------------------------------------------------------- the eras (和暦), read like every data file

ERAS_CSV = DATA / "common" / "eras.csv"


@dataclass(frozen=True)
class Era:
    name: str      # 令和
    abbrev: str    # R
    start: dt.date


@lru_cache(maxsize=None)
def read_one(name: str, data_dir: Path = DATA) -> Rows:
    """One resource of data/ read and checked on its own (DataError if it is wrong): the lookups the code reads
    outside a document's data (the eras, the market indices' names)."""
    resource = next(r for r in load_descriptor(data_dir / "datapackage.yaml")["resources"] if r["name"] == name)
    problems = Problems(base=data_dir.parent)
    rows = read_resource(resource, data_dir, problems)
    problems.raise_if_any()
    return rows


@lru_cache(maxsize=None)
def load_eras(path: Path = ERAS_CSV) -> tuple[Era, ...]:
    """The eras of data/common/eras.csv, read and checked like every data file (DataError if it is wrong); kyosai.era
    names years and dates with them, parse_date reads 和暦 dates with them."""
    rows = read_one("eras", path.parents[1])
    return tuple(sorted((Era(r["era"], r["abbrev"], r["start_date"]) for r in rows), key=lambda e: e.start))


def _unit_hint(spec: dict) -> str:
    return f" in {spec['unit']}" if spec.get("unit") else ""


def parse_date(text: str, wareki: bool = True) -> dt.date:
    """A date as ISO (2025-03-31) or, with ``wareki``, in 和暦 (令和7年3月31日, 令和元年5月1日, R7.3.31, R07.03.31);
    raises ValueError naming the spellings accepted, or why a 和暦 date does not exist."""
    import unicodedata

    s = unicodedata.normalize("NFKC", text).strip()
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        pass
    m = (_WAREKI.match(s) or _WAREKI_SHORT.match(s)) if wareki else None
    if not m:
        raise ValueError(f"expected a date written {DATE_FORMS if wareki else 'YYYY-MM-DD'}")
    eras = load_eras()
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
    digits = sum(ch.isdigit() for ch in text)
    if kind in ("number", "integer") and digits > MAX_DIGITS:
        raise ValueError(f"a number of {digits} digits; a figure has at most {MAX_DIGITS} (a paste gone wrong?)")
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


def _bound(value, bound):
    """A range's bound comparable with ``value``: a date for a date (YAML reads 2004-07-01 as one), else exact."""
    if isinstance(value, dt.date):
        return bound if isinstance(bound, dt.date) else dt.date.fromisoformat(str(bound))
    return Decimal(str(bound))


def check_constraints(value, spec: dict) -> str | None:
    c = spec.get("constraints", {})
    if "enum" in c and value not in c["enum"]:
        return f"expected one of {', '.join(map(str, c['enum']))}"
    if "minimum" in c and value < _bound(value, c["minimum"]):
        return f"expected at least {c['minimum']}{_unit_hint(spec)}"
    if "maximum" in c and value > _bound(value, c["maximum"]):
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


# control characters (C0 but tab and line ends, DEL, C1), the invisible ones that reorder or break a line
# (bidirectional overrides, U+2028/2029) and non-characters: no document prints them, a workbook refuses them
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
                               r"\u2028\u2029\ufeff\ufff9-\ufffb\ufffe\uffff]")
LINE_BREAK = re.compile(r"[\t\r\n]")   # allowed only in the columns the descriptor names under `multiline`
# what a chart or a page takes for a reference to another file or element, not for text (CSS url(…) and @import,
# SVG href="…" and id="…"): a name holding it would stop the chart's check or change what it prints
MARKUP_REFERENCE = re.compile(r"url\s*\(|@import|(?:\bxlink:|\b)href\s*=\s*[\"']|\bid\s*=\s*[\"']", re.I)
MAX_DIGITS = 18   # digits in one figure: 12兆円 in 円 has 14; more is a paste gone wrong, beyond exact arithmetic
DEFAULT_MAX_BYTES = 5_000_000   # a data file's size when the descriptor sets no max_bytes (the largest is 16 KB)


def read_bytes(path: Path, data_dir: Path, resource: dict, problems: Problems) -> bytes | None:
    """The bytes of a data file, or None with the problem: missing, a folder, a symbolic link (its target is
    neither followed nor shown), not a regular file (a pipe would never end), or over the size the descriptor
    allows (``max_bytes``), which is refused before anything is read."""
    import os
    import stat

    listed = f"data/datapackage.yaml lists it as resource {resource['name']!r}"
    here = data_dir
    for part in Path(resource["path"]).parts:   # the file and every folder on its way from data/
        here = here / part
        if here.is_symlink():
            what = "the file" if here == path else f"the folder {_rel(here, problems.base)}"
            problems.add(path, None, None, f"{what} is a symbolic link, which is not read: data files are real files "
                                           f"under data/ (copy the file in instead of linking to it)")
            return None
    try:
        info = path.stat()
    except FileNotFoundError:
        problems.add(path, None, None, f"file is missing ({listed})")
        return None
    except OSError as exc:
        problems.add(path, None, None, f"cannot be read ({exc.strerror}; {listed})")
        return None
    if stat.S_ISDIR(info.st_mode):
        problems.add(path, None, None, f"is a folder where the data file should be ({listed}): put the CSV file "
                                       f"there instead")
        return None
    if not stat.S_ISREG(info.st_mode):
        problems.add(path, None, None, f"is not a regular file (a pipe or a device?) where the data file should be "
                                       f"({listed})")
        return None
    limit = resource.get("max_bytes", DEFAULT_MAX_BYTES)
    if info.st_size > limit:
        problems.add(path, None, None, f"the file has {info.st_size:,} bytes; data/datapackage.yaml allows at most "
                                       f"{limit:,} (max_bytes) for it, and it is not read (a wrong file saved "
                                       f"over it?)")
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            raw = f.read(limit + 1)
    except OSError as exc:
        problems.add(path, None, None, f"cannot be read ({exc.strerror})")
        return None
    if len(raw) > limit:   # grew since it was measured
        problems.add(path, None, None, f"the file has more than {limit:,} bytes, the most data/datapackage.yaml "
                                       f"allows (max_bytes) for it; it is not read")
        return None
    return raw


def read_resource(resource: dict, data_dir: Path, problems: Problems) -> Rows | None:
    """One resource of data/ read and checked: its bytes, their encoding, the CSV, its header against the schema, every
    cell, then the resource's own checks (values, ranges, unique keys, validity); None where it cannot be read."""
    path = data_dir / resource["path"]
    names = [f["name"] for f in resource["schema"]["fields"]]
    raw = read_bytes(path, data_dir, resource, problems)
    if raw is None:
        return None
    text = decode(raw, path, problems)
    if text is None:
        return None
    rows = csv_rows(text, path, problems)
    if rows is None:
        return None
    if not rows:
        problems.add(path, 1, None, f"file is empty; expected a header row: {','.join(names)}")
        return None
    header = checked_header(rows[0], names, path, problems)
    if header is None:
        return None
    wareki = resource["name"] != "eras"   # the eras themselves are written YYYY-MM-DD
    rows = Rows(records(rows, header, resource, path, problems, wareki))
    rows.path, rows.unusual = _rel(path, problems.base), []
    _check_values(rows, resource, path, problems, wareki)
    _check_ranges(rows, resource, path, problems)
    _check_unique(rows, resource, path, problems)
    _check_validity(rows, resource, path, problems)
    return rows


def csv_rows(text: str, path: Path, problems: Problems) -> list[list[str]] | None:
    """The rows of a CSV text, or None with the problem: a quote never closed, or one standing inside a text."""
    csv.field_size_limit(max(csv.field_size_limit(), 64 * MAX_CELL * 1000))  # read a huge cell to say it is too big
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return list(reader)
    except csv.Error as exc:   # strict: a quote left open to the end of the file is an error, not one long text
        opened = open_quote_line(text)
        if opened:
            problems.add(path, opened, None, "cannot be read as CSV: a quoted text opened on this line is never closed "
                                             "(a file cut short, or a quote missing)")
        else:
            problems.add(path, reader.line_num, None, f"cannot be read as CSV ({exc}): a quote stands inside a text")
        return None


def checked_header(first: list[str], names: list[str], path: Path, problems: Problems) -> list[str] | None:
    """The header row's column names (empty ones after the last dropped, as Excel saves them), or None with every
    problem: a control character in a name, a column without a name or twice, a column missing or not in the schema."""
    header = [h.strip() for h in first]
    while header and header[-1] == "":
        header.pop()
    before = len(problems.items)
    for i, h in enumerate(header, 1):
        bad = CONTROL_CHARACTER.search(h) or LINE_BREAK.search(h)
        if bad:   # named by its code point: the raw character is never echoed
            problems.add(path, 1, None, f"column {i} of the header has a control character (U+{ord(bad[0]):04X}) in "
                                        f"its name; the schema has: {', '.join(names)}")
    if len(problems.items) > before:
        return None
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
    return None if len(problems.items) > before else header


def records(rows: list[list[str]], header: list[str], resource: dict, path: Path, problems: Problems,
            wareki: bool) -> list[dict]:
    """Every data row as a record (its line under LINE), each cell read against its field (read_cell); blank lines
    and empty cells after the last column skipped, as Excel saves them; a row of another length is a problem."""
    specs = {f["name"]: f for f in resource["schema"]["fields"]}
    multiline = set(resource.get("multiline_fields", ()))
    out = []
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
            record[name] = read_cell(cell.strip(), specs[name], name in multiline, wareki,
                                     lambda why, name=name, lineno=lineno: problems.add(path, lineno, name, why))
        out.append(record)
    return out


def read_cell(cell: str, spec: dict, multiline: bool, wareki: bool, problem) -> object:
    """One cell's value (None where it is empty or wrong, each wrong one told to ``problem``): too long, a control
    character (or a line break outside a multiline field), markup, empty where required, unparsable, or outside
    its field's constraints (then the value is kept)."""
    if len(cell) > MAX_CELL:
        problem(f"a cell of {len(cell):,} characters; at most {MAX_CELL:,} are read (was something pasted into it by "
                f"mistake?)")
        return None
    control = CONTROL_CHARACTER.search(cell) or (not multiline and LINE_BREAK.search(cell))
    if control:
        kind = "a control character" if CONTROL_CHARACTER.match(control[0]) else "a tab or line break"
        problem(f"{kind} (U+{ord(control[0]):04X}) in the text, which no document prints here (copied from another "
                f"program?): remove it")
        return None
    markup = MARKUP_REFERENCE.search(cell)
    if markup:
        problem(f"{markup[0]!r} in the text: charts and pages take it for markup that refers to another file or "
                f"element, and refuse it; write it otherwise")
        return None
    if cell == "":
        if spec.get("constraints", {}).get("required"):
            problem(f"empty, but a value is required{_unit_hint(spec)}")
        return None
    try:
        value = parse_cell(cell, spec, wareki)
    except ValueError as exc:
        problem(f"{_shown(cell)}: {exc}")
        return None
    why = check_constraints(value, spec)
    if why:
        problem(f"{cell!r}: {why}")
    return value


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


def _check_ranges(rows: Rows, resource: dict, path: Path, problems: Problems) -> None:
    """Ranges beyond a column's own (its minimum and maximum, checked with each cell):

    * ``unit_ranges`` {column: <unit column>, ranges: {unit: [min, max]}}, for a column whose unit each row
      names (carried figures in 億円, % or pt): the range of the row's unit; a unit without one is refused;
    * ``usual`` [min, max] (also on a key of ``values``): a value inside the column's range but outside this one
      is unusual but possible; it is kept, and listed in the QA log of the review edition (``Rows.unusual``)."""
    values = resource["schema"].get("values") or {}
    for f in resource["schema"]["fields"]:
        name = f["name"]
        by_unit = f.get("unit_ranges")
        for r in rows:
            v = r[name]
            if v is None or isinstance(v, str):
                continue
            spec = f
            if values and name == values["column"]:
                spec = values["by_key"].get(r[values["key"]], {})
            if by_unit:
                u = r[by_unit["column"]]
                lo_hi = by_unit["ranges"].get(u)
                if lo_hi is None:
                    if u is not None:
                        problems.add(path, r[LINE], by_unit["column"],
                                     f"{u!r}: no range for a {name} in this unit (the schema has "
                                     f"{', '.join(by_unit['ranges'])})")
                    continue
                why = check_constraints(v, {"unit": u, "constraints": {"minimum": lo_hi[0], "maximum": lo_hi[1]}})
                if why:
                    problems.add(path, r[LINE], name, f"{v}: {why}")
                    continue
            usual = spec.get("usual")
            if usual and not _bound(v, usual[0]) <= v <= _bound(v, usual[1]):
                unit = spec.get("unit") or (r[by_unit["column"]] if by_unit else "")
                rows.unusual.append((r[LINE], name, v, f"{usual[0]}–{usual[1]}{unit}"))


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
            at: dict = {}
            for r in rows:   # (linear: a long file stays fast)
                if r[f["name"]] is not None:
                    at.setdefault(r[f["name"]], []).append(r[LINE])
            for v in sorted((v for v, lines in at.items() if len(lines) > 1), key=str):
                problems.add(path, at[v][1], f["name"], f"{v} also appears on line {at[v][0]}; values must be unique")


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
    listed = {(data_dir / r["path"]).parent.resolve() / Path(r["path"]).name for r in descriptor["resources"]}
    for csv_path in sorted(data_dir.rglob("*.csv")):
        in_scope = only is None and (sections is None or csv_path.relative_to(data_dir).parts[0] in sections)
        if in_scope and csv_path.parent.resolve() / csv_path.name not in listed:
            problems.add(csv_path, None, None, "file is not described in data/datapackage.yaml; add a resource for it or remove it")
    tables = {}
    for res in resources:
        rows = read_resource(res, data_dir, problems)
        if rows is not None:
            tables[res["name"]] = rows
    _check_foreign_keys(tables, {**descriptor, "resources": resources}, data_dir, problems)
    problems.raise_if_any()
    return tables
