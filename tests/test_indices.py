"""The market indices of the 市場環境 (運用状況 §3) are data: their codes, names, units and order are listed once, in
data/common/indices.csv (described in data/datapackage.yaml), read through the checked reader; the code names none
of them but the one index the analysis plots by name (日経平均, seed 003 ②)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit
from kyosai import dataio
from kyosai.unyo import model as unyo_model, view as unyo_view

ROOT = Path(__file__).resolve().parents[1]


def test_no_module_of_scripts_lists_the_market_indices():
    spelled = {p.relative_to(ROOT).as_posix() for p in (ROOT / "scripts").rglob("*.py")
               for code in ("topix", "djia", "usdjpy", "eurjpy") if f'"{code}"' in p.read_text(encoding="utf-8")}
    assert spelled == set()


def test_the_order_names_and_units_printed_are_the_datas(data_copy):
    # the list put in another order and one index renamed, in the data only: the model, the page and the chart follow
    path = data_copy / "common" / "indices.csv"
    edit(path, "djia,N.Yダウ,ドル,true,NYダウ,3", "djia,ダウ平均,ドル,true,ダウ,9")
    data = dataio.load_all(data_copy, sections=unyo_model.DATA_SECTIONS)
    market = unyo_model.build(data, 2022)["market"]   # 001 §3 (000 prints no 市場環境)
    assert [r["index"] for r in market["rows"]] == ["nikkei225", "topix", "usdjpy", "eurjpy", "djia"]
    assert (market["rows"][-1]["name_ja"], market["rows"][-1]["chart_ja"]) == ("ダウ平均", "ダウ")
    shown = unyo_view.market_view(market)["rows"]
    assert [(r["label"], r["unit"], r["raised"]) for r in shown] == [
        ("日経平均", "円", False), ("TOPIX", "", False), ("円/ドル", "円", False), ("円/ユーロ", "円", False),
        ("ダウ平均", "ドル", True)]


def test_a_level_of_an_index_not_listed_is_refused_with_file_and_line(data_copy):
    path = data_copy / "unyo" / "market_indices.csv"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n2025-03-31,ftse100,8600.00,test\n",
                    encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(dataio.DataError) as exc:
        dataio.load_all(data_copy, sections=("common", "unyo"))
    assert [p for p in exc.value.problems if "ftse100" in p] == [
        f"data/unyo/market_indices.csv, line {line}, column index: 'ftse100' is not listed in indices "
        f"(data/common/indices.csv)"]
