import dataclasses
import datetime as dt

import pytest

from kyosai import era


def test_fiscal_year_labels():
    assert era.fy_long(2024) == "令和6年度"
    assert era.fy_long(2019) == "令和元年度"     # 平成31年 became 令和元年 on 2019-05-01
    assert era.fy_long(2018) == "平成30年度"
    assert era.fy_long(1989) == "平成元年度"
    assert era.fy_long(1988) == "昭和63年度"
    assert era.fy_short(2024) == "R06年度"
    assert era.fy_short(2019) == "R01年度"
    assert era.fy_end_short(2024) == "R06年度末"
    assert era.fy_end_short(2015) == "H27年度末"


def test_date_labels():
    assert era.date_long(dt.date(2025, 3, 31)) == "令和7年3月31日"
    assert era.date_short(dt.date(2019, 3, 31)) == "H31.03.31"   # a date keeps its own era
    assert era.date_short(dt.date(2020, 3, 31)) == "R02.03.31"
    assert era.date_long(dt.date(2019, 5, 1)) == "令和元年5月1日"
    assert era.month_long(2025, 7) == "令和7年7月"
    assert era.fiscal_year_end(2024) == dt.date(2025, 3, 31)


def test_unpadded_heads_and_spans_of_years():
    # 000 §3 and 001 §2 head the yields R2年度…R6年度 / H30年度 R1年度…; 001 §3 writes the plan's spans
    # 「令和3～5年度(第4期中期計画期間)に解消」 and 「解消の目途:平成30～令和5年度」
    assert era.fy_short(2020, pad=False) == "R2年度" and era.fy_short(2019, pad=False) == "R1年度"
    assert era.fy_short(2018, pad=False) == "H30年度"
    assert era.fy_range(2021, 2023) == "令和3～5年度"
    assert era.fy_range(2018, 2023) == "平成30～令和5年度"


def test_compact_dates():
    # 001 §3: 増減率 (R04.3.31対比)
    assert era.date_compact(dt.date(2022, 3, 31)) == "R04.3.31" and era.date_compact(dt.date(2014, 3, 31)) == "H26.3.31"


def test_publication_months_and_the_change_of_era():
    # 001 is dated 令和5年7月; the month of an era's change is named by its end (平成31年4月, then 令和元年5月)
    assert era.month_long(2023, 7) == "令和5年7月"
    assert era.month_long(2023, 2) == "令和5年2月"                     # February of a common year
    assert era.month_long(2024, 4) == "令和6年4月"                     # a month of 30 days
    assert era.month_long(2019, 4) == "平成31年4月" and era.month_long(2019, 5) == "令和元年5月"


def test_a_day_before_the_first_era_is_refused():
    with pytest.raises(ValueError, match=r"^1926-12-24 is before the first era in eras\.csv$"):
        era.era_of(dt.date(1926, 12, 24))
    assert era.date_long(dt.date(1926, 12, 25)) == "昭和元年12月25日"


def test_the_eras_come_from_their_data_file_and_stay_as_read():
    assert era.ERAS_CSV.is_file()
    eras = era.load_eras()
    assert [(e.name, e.abbrev) for e in eras][-2:] == [("平成", "H"), ("令和", "R")]
    with pytest.raises(dataclasses.FrozenInstanceError):
        eras[-1].name = "X"
