from decimal import Decimal as D

import pytest

from kyosai.numbers import (NumberFormatError, fmt_number, fmt_oku_prose, fmt_pct, parse_number,
                            round_half_up, rounding_tolerance)


@pytest.mark.parametrize("value, places, expected", [
    ("0.5", 0, "1"), ("1.5", 0, "2"), ("2.5", 0, "3"),          # not banker's rounding
    ("-0.5", 0, "-1"), ("-2.5", 0, "-3"),                        # half away from zero for negatives
    ("2.675", 2, "2.68"), ("-2.675", 2, "-2.68"), ("0.045", 2, "0.05"),
    ("1600.4", 0, "1600"), ("-1.655", 1, "-1.7"), ("0.009", 1, "0.0"),
])
def test_round_half_up(value, places, expected):
    assert round_half_up(D(value), places) == D(expected)


def test_round_half_up_refuses_floats():
    with pytest.raises(TypeError):
        round_half_up(2.675, 2)


@pytest.mark.parametrize("text, expected", [
    ("1234", "1234"), ("1,234", "1234"), ("-1,234", "-1234"), ("▲1,234", "-1234"), ("△1,234", "-1234"),
    ("−1,234", "-1234"), ("▲ 1,347", "-1347"), ("１，２３４", "1234"), ("０．４３", "0.43"), ("0.43%", "0.43"),
    ("+516", "516"), ("119195", "119195"),
])
def test_parse_number_spellings(text, expected):
    assert parse_number(text) == D(expected)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "12a", "1,23", "--5", "1 234 5x", "N/A"])
def test_parse_number_refuses(text):
    with pytest.raises(NumberFormatError):
        parse_number(text)


def test_published_formats():
    assert fmt_number(D("-1347")) == "▲1,347"
    assert fmt_number(D("119195")) == "119,195"
    assert fmt_number(D("-0.04"), 1) == "0.0"          # no ▲0.0
    assert fmt_pct(D("-1.11")) == "▲1.11%"
    assert fmt_pct(D("0.43"), plus=True) == "+0.43%"
    assert fmt_oku_prose(D("119195")) == "11兆9,195億円"
    assert fmt_oku_prose(D("27952")) == "2兆7,952億円"
    assert fmt_oku_prose(D("-306"), plus=True) == "▲306億円"
    assert fmt_oku_prose(D("2574"), plus=True) == "+2,574億円"
    assert fmt_oku_prose(D("10000")) == "1兆円"


def test_rounding_tolerance():
    assert rounding_tolerance(4) == D("2.5")
    assert rounding_tolerance(2, 2) == D("0.015")


def test_column_heading_break_hints():
    from kyosai.render import break_hints
    assert str(break_hints("国内債券(簿価)")) == "国内債券<br>(簿価)"
    assert str(break_hints("融資経理貸付金")) == "融資経理<br>貸付金"
    assert str(break_hints("国内株式")) == "国内株式"
    assert str(break_hints("<b>")) == "&lt;b&gt;"          # escaped: data never becomes markup
