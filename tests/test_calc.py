from decimal import Decimal as D

import pytest

from kyosai.calc import average_over_window, change, deviation_from_policy, is_breach
from kyosai.qa import reconcile


def test_deviation_from_policy():
    # FY2024 国内債券(時価): 11,333 / 27,952 = 40.545…% against 42.2% → ▲1.7
    share = D(11333) / D(27952) * 100
    assert abs(deviation_from_policy(share, D("42.2")) - D("-1.655")) < D("0.0005")


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
    # 001 §2: the 5-year average of the printed 運用損益額 is 1,600.6; 001 prints 1,600 (averaged from finer
    # figures). A mean of figures rounded to 1億円 moves by half a unit; with the published figure's own half
    # unit, ±1.0 is allowed.
    half = D("0.5")
    assert reconcile(D("1600.6"), None, 0, half).status == "computed"
    assert reconcile(None, D("1968"), 0, half).status == "carried"
    r = reconcile(D("1600.6"), D("1600"), 0, half)
    assert (r.status, r.value, r.tolerance) == ("within_rounding", D("1600"), D("1.0"))
    assert reconcile(D("2.178"), D("2.18"), 2, D("0.005")).status == "agrees"
    assert reconcile(D("1601.1"), D("1600"), 0, half).status == "error"
    # 002: 付加共済金原資 1,039.4 published, 1,039.58 from the printed inputs; ±0.5 from the rounding of
    # 剰余金見込額 and 留保額 (× 1/2 each) and ±0.05 for the published 0.1億円: 0.18 is inside ±0.55
    assert reconcile(D("1039.58"), D("1039.4"), 1, half).status == "within_rounding"
    assert reconcile(D("1039.58"), D("1040.2"), 1, half).status == "error"
