"""What the checked reader and the completeness checks accept and refuse, on the real data and small edits of
it (fast: no build). The end-to-end cases, through Snakemake, are tests/bad_inputs/ and tests/test_safe_outputs.py."""
from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from kyosai import dataio
from kyosai.dataio import DataError, Rows, parse_date
from kyosai.tablespec import excel_text
from kyosai.texts import required_keys
from kyosai.unyo import model as unyo_model

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def data_copy(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as exc:
        dataio.load_all(data_dir)
    return exc.value.problems


# ---------------------------------------------------------------- the reader

def test_excel_trailing_columns_and_rows_are_not_errors(data_copy, tables):
    path = data_copy / "unyo" / "reports.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",,,"] + [ln + ",," for ln in lines[1:]] + [",,,,,,", ",,,,"]) + "\n",
                    encoding="utf-8")
    again = dataio.load_all(data_copy)
    assert [r["fiscal_year"] for r in again["reports"]] == [r["fiscal_year"] for r in tables["reports"]]


def test_reports_list_in_cp932_is_read(data_copy, tables):
    path = data_copy / "unyo" / "reports.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp932"))
    assert dataio.load_all(data_copy)["reports"] == tables["reports"]


@pytest.mark.parametrize("text, day", [
    ("2025-03-31", dt.date(2025, 3, 31)), ("令和7年3月31日", dt.date(2025, 3, 31)), ("令和元年5月1日", dt.date(2019, 5, 1)),
    ("R7.3.31", dt.date(2025, 3, 31)), ("R07.03.31", dt.date(2025, 3, 31)), ("平成31年4月30日", dt.date(2019, 4, 30)),
    ("令和７年３月３１日", dt.date(2025, 3, 31)),   # full-width digits, as typed in Japanese
])
def test_dates_in_iso_and_wareki(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text, message", [
    ("2025/03/31", "expected a date written YYYY-MM-DD (2025-03-31) or in 和暦"),
    ("平成31年5月1日", "平成31年5月1日 is not a day of 平成 (平成 began on 1989-01-08, 令和 on 2019-05-01)"),
    ("令和7年2月30日", "no such day"),
    ("天保3年1月1日", "天保 is not an era of data/common/eras.csv"),
])
def test_dates_that_are_refused_say_why(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_date(text)


def test_key_value_files_are_typed_by_key(tables):
    facts = {r["fact"]: r["value"] for r in tables["year_facts"].where(fiscal_year=2024)}
    assert facts == {"domestic_bonds_book_weighted_yield": D("0.97"), "lending_rate": D("1.0"),
                     "funds_as_of": dt.date(2025, 3, 31)}                      # 000 §6, §7
    plan = {r["item"]: r["value"] for r in tables["deficit_plan"]}
    assert (plan["deficit"], plan["base_fiscal_year"], plan["adopted"]) == (D(-9982), 2008, dt.date(2009, 8, 21))  # 004


def test_a_percent_sign_in_a_percent_fact_is_the_figure(data_copy):
    path = data_copy / "unyo" / "year_facts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2024,lending_rate,1.0,%", "2024,lending_rate,1.0%,%"),
                    encoding="utf-8")
    facts = {r["fact"]: r["value"] for r in dataio.load_all(data_copy)["year_facts"].where(fiscal_year=2024)}
    assert facts["lending_rate"] == D("1.0")       # printed 年1.0％, never 1.0%%


def test_a_fact_in_the_wrong_unit_is_refused(data_copy):
    path = data_copy / "unyo" / "year_facts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2024,lending_rate,1.0,%", "2024,lending_rate,1.0,date"),
                    encoding="utf-8")
    assert any("year_facts.csv, line 4, column unit: 'date' for lending_rate, which is in %" in p
               for p in problems_of(data_copy))


def test_overlapping_texts_are_refused(data_copy):
    path = data_copy / "unyo" / "texts.csv"
    path.write_text(path.read_text(encoding="utf-8") + "policy.basic_policy,2023,,二つ目の文,test,,,\n", encoding="utf-8")
    found = [p for p in problems_of(data_copy) if "texts.csv" in p]
    assert found and "policy.basic_policy from 2023 overlaps line" in found[0] and "2022–2023" in found[0]


def test_text_cells_that_excel_would_run_are_written_as_text():
    assert excel_text("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert [excel_text(t) for t in ("+1", "-x", "@SUM(A1)", "野村アセットマネジメント", "2022-05")] == \
        ["'+1", "'-x", "'@SUM(A1)", "野村アセットマネジメント", "2022-05"]


# ---------------------------------------------------------------- completeness

def with_report_row(tables, fy):
    rows = Rows(list(tables["reports"]) + [{"_line": 9, "fiscal_year": fy, "published": f"{fy + 1}-07",
                                             "document_date": dt.date(fy + 1, 7, 1), "source": "test", "note": None}])
    return {**tables, "reports": rows}


def test_a_new_year_with_only_its_reports_row_lists_every_missing_row_at_once(tables):
    with pytest.raises(DataError) as exc:
        unyo_model.build(with_report_row(tables, 2025), 2025)
    text = "\n".join(exc.value.problems)
    for file in ("holdings_totals", "holdings", "investment_returns", "balance_history", "cash_flows", "bond_issuers",
                 "fund_performance", "life_insurance_yield", "market_indices", "year_facts", "funds", "fund_subtotals"):
        assert f"data/unyo/{file}.csv:" in text, file
    assert "add rows fiscal_year=2025 with group self_managed, entrusted, all" in text
    assert "no lending_rate, funds_as_of" in text
    assert "Traceback" not in text


def test_every_year_from_2012_adds_up(tables):
    """自家 + 委託 = 全体 for the 運用損益額 of every year that has all three (003 ①-3 prints FY2012 自家 1,032,
    which adds up; its ①-2 prints 1,024, which does not), so every five-year window from FY2012 on builds."""
    rows = {(r["fiscal_year"], r["segment"]): r["income"] for r in tables["investment_returns"]}
    years = sorted({y for y, _ in rows if all(rows.get((y, s)) is not None for s in ("all", "self_managed", "entrusted"))})
    assert years[0] == 2012 and years[-1] == 2024
    for y in years:
        assert abs(rows[(y, "self_managed")] + rows[(y, "entrusted")] - rows[(y, "all")]) <= D("1.5"), y
    assert rows[(2012, "self_managed")] == 1032


def test_the_texts_a_chapter_prints_are_found_in_its_template():
    keys = required_keys(ROOT / "templates", ["shikyuritsu/overview.html.j2"])
    assert {"overview.point1", "image.additional", "formula.numerator"} <= keys
    assert required_keys(ROOT / "templates", ["unyo-jokyo/returns.html.j2"]) == set()   # every text there is optional
