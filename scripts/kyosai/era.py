"""和暦: fiscal-year and date labels from the one era lookup in data/common/eras.csv.

A fiscal year (年度) runs April to March and is named after the calendar year it starts
in, with that calendar year's era as it stood at the year's end: FY2018 → 平成30年度,
FY2019 → 令和元年度 (平成31年 became 令和元年 on 2019-05-01), FY1988 → 昭和63年度.
"""
from __future__ import annotations

import datetime as dt

from .dataio import ERAS_CSV, Era, load_eras   # the era table is data, read by the checked reader


def era_of(day: dt.date, eras: tuple[Era, ...] | None = None) -> tuple[Era, int]:
    eras = eras or load_eras()
    current = None
    for era in eras:
        if era.start <= day:
            current = era
    if current is None:
        raise ValueError(f"{day} is before the first era in {ERAS_CSV.name}")
    return current, day.year - current.start.year + 1


def fiscal_year_end(fy: int) -> dt.date:
    return dt.date(fy + 1, 3, 31)


def _fy_era(fy: int) -> tuple[Era, int]:
    era, _ = era_of(dt.date(fy, 12, 31))
    return era, fy - era.start.year + 1


def _year_word(n: int) -> str:
    return "元" if n == 1 else str(n)


def fy_long(fy: int) -> str:
    """令和6年度, 令和元年度, 平成30年度."""
    era, n = _fy_era(fy)
    return f"{era.name}{_year_word(n)}年度"


def fy_short(fy: int, pad: bool = True) -> str:
    """R06年度, H30年度 (table heads); unpadded R6年度, R1年度 (the heads of 運用利回りの推移 in 000 and 001)."""
    era, n = _fy_era(fy)
    return f"{era.abbrev}{n:02d}年度" if pad else f"{era.abbrev}{n}年度"


def fy_range(first: int, last: int) -> str:
    """令和3～5年度 within one era, 平成30～令和5年度 across two (as 001 §3 writes a span of fiscal years)."""
    (e1, n1), (e2, n2) = _fy_era(first), _fy_era(last)
    if e1 == e2:
        return f"{e1.name}{_year_word(n1)}～{_year_word(n2)}年度"
    return f"{e1.name}{_year_word(n1)}～{e2.name}{_year_word(n2)}年度"


def fy_end_short(fy: int) -> str:
    """R06年度末 (table heads for year-end balances)."""
    return fy_short(fy) + "末"


def date_long(day: dt.date) -> str:
    """令和7年3月31日."""
    era, n = era_of(day)
    return f"{era.name}{_year_word(n)}年{day.month}月{day.day}日"


def month_long(year: int, month: int) -> str:
    """令和7年7月 (publication month)."""
    era, n = era_of(dt.date(year, month, 28 if month == 2 else 30))
    return f"{era.name}{_year_word(n)}年{month}月"


def date_short(day: dt.date) -> str:
    """R07.03.31, H31.03.31 (table heads)."""
    era, n = era_of(day)
    return f"{era.abbrev}{n:02d}.{day.month:02d}.{day.day:02d}"


def date_compact(day: dt.date) -> str:
    """R04.3.31: month and day unpadded (001 §3 heads the change 増減率 (R04.3.31対比); the 市場環境 chart's axis)."""
    era, n = era_of(day)
    return f"{era.abbrev}{n:02d}.{day.month}.{day.day}"
