"""What the analysis's chapters share: where each file of its data is (FILES, where, line_ja), the wording of years
and lines in the QA log, the reasons declared for gaps, and the checks of one figure against another source or a
published result (compare_sources, published_figures)."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from .. import era
from ..carried import Carried
from ..dataio import LINE, ResourceFiles, Rows
from ..gaps import Gaps
from ..numbers import fmt_number
from ..qa import QA, sum_check
from ..texts import join_ja
from .tables import CARRIED, carried_format

ZERO, HUNDRED = Decimal(0), Decimal(100)
SIGMAS = (1, 2, 3)
FILES = ResourceFiles()   # resource → data/<folder>/<file>.csv, as data/datapackage.yaml declares it


def where(name: str, row: dict | None = None, column: str | None = None) -> str:
    """data/<folder>/<file>.csv, line N, column C: where a figure stands in the data."""
    if row is None:
        return FILES[name]
    return f"{FILES[name]}, line {row[LINE]}" + (f", column {column}" if column else "")


def line_ja(name: str, row: dict) -> str:
    """data/<folder>/<file>.csv N行目: where a figure stands, as the QA log names it."""
    return f"{FILES[name]} {row[LINE]}行目"


_FY = re.compile(r"FY(\d{4})")


def era_years(text: str) -> str:
    """A note of the data as the QA log prints it: FY2017 → 平成29年度."""
    return _FY.sub(lambda m: era.fy_long(int(m.group(1))), text)


_LINES = re.compile(r"([+-]?)\b([a-z][a-z_]*[a-z])\b")


def lines_ja(text: str, lines: dict[str, dict]) -> str:
    """財政収支 令和7年度 contributions+other_revenue → 財政収支 令和7年度 ①掛金等収入＋④その他収入: the lines of the
    財政収支 a check names, as the 支給率 document prints them (its number and label)."""
    def one(m):
        line = lines.get(m.group(2))
        if line is None:
            return m.group(0)
        sign = {"+": "＋", "-": "－"}.get(m.group(1), "")
        return f"{sign}{line['ref'] or ''}{line['label_ja']}"
    return _LINES.sub(one, text)


def years_ja(years) -> str:
    return join_ja([era.fy_long(y) for y in years])


def gap_reason(data: dict, resource: str, years, key: str = "") -> str:
    """Why the data has no figure for ``years`` of ``resource`` (a segment ``key`` of it): the reasons data/unyo/gaps.csv
    declares, with where; 「理由の記載なし」 for years it does not declare."""
    gaps = Gaps(data["gaps"])
    rows, undeclared = [], []
    for y in years:
        g = gaps.row(resource, y, key)
        if g is None:
            undeclared.append(y)
        elif g not in rows:
            rows.append(g)
    parts = [f"{g['reason']}（{line_ja('gaps', g)}）" for g in rows]
    if undeclared:
        parts.append(f"{years_ja(undeclared)}は {FILES['gaps']} に理由の記載なし")
    return "。".join(parts)


def by_year(rows: Rows, **equal) -> dict[int, dict]:
    return {r["fiscal_year"]: r for r in rows.where(**equal)}


def ratio_bound(numerator: Decimal, denominator: Decimal, half_n: Decimal, half_d: Decimal) -> Decimal:
    """How far numerator / denominator can move when each is rounded by up to half_n / half_d."""
    base = numerator / denominator
    return max(abs((numerator + a) / (denominator + b) - base) for a in (-half_n, half_n) for b in (-half_d, half_d))


def compare_sources(qa: QA, subject: str, first: str, parts: list[tuple[int, Decimal]], second: str, value: Decimal,
                    places: int, at: str) -> bool:
    """The same figure as two sources print it (``parts``: (sign, figure) of the one figure, or of the lines that make
    it up), within the rounding of both (kyosai.qa.sum_check): 「004 別表1 85,660 と 003 85,661 の差 1（…の範囲内）」 in
    the QA log; a difference beyond rounding stops the build, naming ``at``."""
    check = sum_check(subject, [sign * p for sign, p in parts], value, places)
    terms = "".join((("" if sign > 0 else "−") if i == 0 else (" + " if sign > 0 else " − ")) + fmt_number(p, places)
                    for i, (sign, p) in enumerate(parts))
    if len(parts) > 1:
        terms += f" = {fmt_number(check.computed, places)}"
    text = f"{first} {terms} と {second} {fmt_number(value, places)}"
    diff = fmt_number(abs(check.difference), places)
    if check.exact:
        qa.add("identity", subject, text + ": 一致")
    elif check.ok:
        qa.add("rounding", subject, text + f"の差 {diff}（それぞれの端数処理で生じうる ±{check.tolerance} の範囲内）")
    else:
        qa.fail(f"{at}: {subject}: {first} {check.computed} vs {second} {value} differ by {check.difference}, more "
                f"than rounding allows (±{check.tolerance})")
        qa.add("identity", subject, text + f"の差 {diff}（端数の範囲を超える）", ok=False)
    return check.ok


def published_figures(data: dict, qa: QA) -> Carried:
    """The results the seeds print for figures this analysis computes (data/bunseki/carried_figures.csv, and the
    cash-flow rows of data/unyo/carried_figures.csv), reconciled with our computation (kyosai.carried) with the
    decimals and tolerance their tables declare (kyosai.bunseki.tables.CARRIED)."""
    return Carried([(FILES[name], data[name]) for name in ("carried_figures", "bunseki_carried_figures")],
                   CARRIED, carried_format, qa, required=False, cite_line=True)


def declared_reasons(data: dict, resource: str, years, key: str = "") -> list[str]:
    """The reasons data/unyo/gaps.csv declares for ``years`` of ``resource`` (a segment ``key`` of it), each once, as
    the pack prints them."""
    declared, reasons = Gaps(data["gaps"]), []
    for y in years:
        g = declared.row(resource, y, key)
        if g is not None and g["reason"] not in reasons:
            reasons.append(g["reason"])
    return reasons


def month_ja(month: str) -> str:
    """2009-08 → 平成21年8月."""
    year, m = map(int, month.split("-"))
    return era.month_long(year, m)


def first_of_month(month: str) -> dt.date:
    year, m = map(int, month.split("-"))
    return dt.date(year, m, 1)
