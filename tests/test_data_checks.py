"""Checks on the data itself: every problem names the file, the line (as a spreadsheet shows it)
and the column, and nothing is computed from data that fails them."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kyosai import dataio
from kyosai.unyo import model as unyo_model
from kyosai.dataio import DataError

DATA = Path(__file__).resolve().parents[1] / "data"

from conftest import edit  # noqa: E402


def problems(data_dir, fy=2024):
    with pytest.raises(DataError) as exc:
        unyo_model.build(dataio.load_all(data_dir), fy)
    return exc.value.problems


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_the_data_passes_its_checks(tables):
    model = unyo_model.build(tables, 2024)   # raises DataError on any failed check
    assets = {b["fiscal_year"]: b["total_assets"] for b in model["balances"]}
    assert (assets[2022], assets[2023], assets[2024]) == (111313, 116927, 119195)   # 000 §4: 運用資産額 R04–R06年度末
    # what the log marks not ok is the three declared gaps of FY2024 (data/unyo/gaps.csv), nothing else
    assert sorted((e["kind"], e["subject"]) for e in model["qa"] if not e["ok"]) == [
        ("gap", "キャッシュ・フロー"), ("gap", "国内債券(簿価) 種別構成"), ("gap", "市場環境")]


def test_class_amounts_must_add_up_to_the_published_total(data_copy):
    path = data_copy / "unyo" / "holdings.csv"
    edit(path, "2024,domestic_bonds_book,85249", "2024,domestic_bonds_book,85349")
    found = problems(data_copy)
    line = line_of(data_copy / "unyo" / "holdings_totals.csv", "2024,self_managed")
    assert any(f"data/unyo/holdings_totals.csv, line {line}, column amount" in p and "more than rounding allows" in p
               for p in found), found


def test_a_difference_within_rounding_is_accepted_and_logged(tables):
    qa = unyo_model.build(tables, 2024)["qa"]
    rounding = [e for e in qa if e["kind"] == "rounding" and "R06年度末 自家運用" in e["subject"]]
    assert rounding and "範囲内" in rounding[0]["detail"]


def test_policy_allocations_must_add_up_to_100(data_copy):
    edit(data_copy / "unyo" / "policy_allocations.csv", "2022-05,self_managed,76.6", "2022-05,self_managed,76.7")
    assert any("policy_allocations.csv" in p and "100" in p for p in problems(data_copy))


def test_bad_cell_names_file_line_and_column(data_copy):
    path = data_copy / "unyo" / "holdings.csv"
    line = line_of(path, "2024,domestic_equity")
    edit(path, "2024,domestic_equity,4091", "2024,domestic_equity,4O91")
    with pytest.raises(DataError) as exc:
        dataio.load_all(data_copy)
    assert any(p.startswith(f"data/unyo/holdings.csv, line {line}, column amount: '4O91'") or
               (f"holdings.csv, line {line}, column amount" in p and "'4O91'" in p) for p in exc.value.problems)


def test_all_problems_are_reported_together(data_copy):
    edit(data_copy / "unyo" / "holdings.csv", "2024,domestic_equity,4091", "2024,domestic_equity,")
    edit(data_copy / "unyo" / "balance_history.csv", "2024,", "2024x,")
    with pytest.raises(DataError) as exc:
        dataio.load_all(data_copy)
    text = str(exc.value)
    assert "holdings.csv" in text and "empty, but a value is required" in text
    assert "balance_history.csv" in text and "whole number" in text


def test_breach_is_flagged(data_copy):
    # narrow 国内債券(時価)'s band from ±2.3 to ±1.5: its FY2024 deviation ▲1.7 now lies outside
    edit(data_copy / "unyo" / "policy_allocations.csv", "2022-05,domestic_bonds_market,9.9,42.2,2.3",
         "2022-05,domestic_bonds_market,9.9,42.2,1.5")
    model = unyo_model.build(dataio.load_all(data_copy), 2024)
    devs = {d["component"]: d for d in model["compositions"][-1]["deviations"]}
    assert devs["domestic_bonds_market"]["breach"]
    assert not any(d["breach"] for c, d in devs.items() if c != "domestic_bonds_market")
    assert any(e["kind"] == "breach" and "国内債券(時価)" in e["subject"] for e in model["qa"])


def test_spellings_and_encodings_users_produce_are_read_exactly(data_copy, tables):
    holdings = data_copy / "unyo" / "holdings.csv"
    text = holdings.read_text(encoding="utf-8").replace("2024,domestic_equity,4091", "2024,domestic_equity,\"４，０９１\"")
    holdings.write_bytes(text.encode("cp932"))                               # Shift_JIS, as Japanese Excel saves
    history = data_copy / "unyo" / "balance_history.csv"
    h = history.read_text(encoding="utf-8").replace("2024,119195,112414,5950,-1347", '2024,"119,195",112414,5950,▲1347')
    history.write_bytes(b"\xef\xbb\xbf" + h.replace("2023,116927", "2023,116927").encode("utf-8"))   # UTF-8 with BOM
    carried = data_copy / "unyo" / "carried_figures.csv"
    carried.write_text(carried.read_text(encoding="utf-8").replace("2024,yield_change,entrusted,-13.60", "2024,yield_change,entrusted,△13.60")
                       .replace("2024,excess_return,hedged_foreign_bonds,-0.39", "2024,excess_return,hedged_foreign_bonds,−0.39"),
                       encoding="utf-8")
    again = dataio.load_all(data_copy)
    key = ("fiscal_year", "asset_class", "amount")     # cp932 has no U+2212: the notes' "−" comes back as "－"
    assert [[r[k] for k in key] for r in again["holdings"]] == [[r[k] for k in key] for r in tables["holdings"]]
    assert again["balance_history"] == tables["balance_history"]
    assert again["carried_figures"] == tables["carried_figures"]
