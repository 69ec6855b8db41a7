from decimal import Decimal as D

import pytest

from kyosai.calc import (ReconciliationError, average_over_window, change, deviation_from_policy, is_breach,
                         reconcile)


def test_deviation_from_policy():
    # FY2024 国内債券(時価): 11,333 / 27,952 = 40.545…% against 42.2% → ▲1.7
    share = D(11333) / D(27952) * 100
    assert round(float(deviation_from_policy(share, D("42.2"))), 3) == -1.655


@pytest.mark.parametrize("dev, band, breach", [
    ("2.34", "2.3", False),   # printed 2.3: inside ±2.3
    ("2.35", "2.3", True),    # printed 2.4
    ("-2.36", "2.3", True),
    ("-1.655", "2.3", False),
    ("5.0", None, False),     # no band set (—)
])
def test_is_breach(dev, band, breach):
    assert is_breach(D(dev), None if band is None else D(band)) is breach


def test_average_over_window():
    s = {2020: D("5.26"), 2021: D("1.40"), 2022: D("0.36"), 2023: D("3.44"), 2024: D("0.43")}
    assert average_over_window(s, 2024, 5) == D("2.178")
    assert average_over_window(s, 2024, 3) == D("4.23") / 3
    assert average_over_window(s, 2024, 6) is None                       # 2019 missing
    assert average_over_window({**s, 2022: None}, 2024, 5) is None       # a gap inside the window


def test_change():
    s = {2023: D("747"), 2024: D("832")}
    assert change(s, 2024) == D(85)
    assert change(s, 2023) is None


def test_reconcile():
    assert reconcile("x", D("1600.6"), None, 0).status == "computed"
    assert reconcile("x", None, D("1968"), 0).status == "carried"
    r = reconcile("x", D("1600.6"), D("1600"), 0)
    assert (r.status, r.value) == ("within_rounding", D("1600"))
    assert reconcile("x", D("2.178"), D("2.18"), 2).status == "agrees"
    with pytest.raises(ReconciliationError, match="differs"):
        reconcile("x", D("1603"), D("1600"), 0)
    with pytest.raises(ReconciliationError, match="no data"):
        reconcile("x", None, None, 0)
