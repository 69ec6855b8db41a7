from decimal import Decimal as D

import pytest

from kyosai.numbers import (NumberFormatError, fmt_number, fmt_oku_prose, fmt_pct, fmt_pt, parse_number, plain,
                            round_half_up, rounding_tolerance, share_pct)


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


def test_a_space_inside_a_figure_is_dropped():
    # text taken out of a PDF splits figures: "1 234", "▲ 1,347" (000 §3 prints ▲ 3,372)
    assert parse_number("1 234") == D(1234)
    assert parse_number("▲\u3000306") == D(-306)                        # a full-width space after ▲


def test_what_is_refused_is_named():
    with pytest.raises(NumberFormatError, match=r"^'abc' is not a number$"):
        parse_number("abc")
    with pytest.raises(NumberFormatError):
        parse_number("X5")                                           # a letter is not a minus sign
    with pytest.raises(TypeError, match=r"^round_half_up needs a Decimal, got float$"):
        round_half_up(2.675, 2)


def test_round_half_up_to_whole_units_by_default():
    assert round_half_up(D("2.5")) == D(3) and round_half_up(D("-0.5")) == D(-1)


@pytest.mark.parametrize("value, places, expected", [
    (None, 0, ""), (D("-1347.4"), 0, "-1347"), (D("0.425"), 2, "0.43"), (D("1600.6"), 0, "1601"),
    (D("-0.04"), 1, "0.0"), (D("-0.4"), 0, "0"), (7, 1, "7.0"), (D("2.25"), 1, "2.3"),
])
def test_plain_figures_of_the_csv_tables(value, places, expected):
    assert plain(value, places) == expected


def test_more_published_formats():
    assert fmt_number(None) == "－"                                    # a missing figure, as the tables print it
    assert fmt_number(None, missing="") == ""
    assert fmt_number(D("1180.5")) == "1,181" and fmt_number(D("0.425"), 2) == "0.43"
    assert fmt_number(D(85), plus=True) == "+85" and fmt_number(D(0), plus=True) == "0"
    assert fmt_pct(D("0.43")) == "0.43%" and fmt_pct(D("2.178")) == "2.18%"
    assert fmt_pct(D("0.004"), plus=True) == "0.00%"                  # no +0.00%
    assert fmt_pct(D("1"), plus=True) == "+1.00%"
    assert fmt_pt(D("-3.01")) == "▲3.01pt" and fmt_pt(D("0.07")) == "0.07pt" and fmt_pt(D("-13.595")) == "▲13.60pt"
    assert fmt_pt(D("-0.001")) == "0.00pt"


def test_oku_prose_rounds_half_up_and_signs():
    assert fmt_oku_prose(D("2574.5")) == "2,575億円"
    assert fmt_oku_prose(D("2574")) == "2,574億円"                      # + only when asked
    assert fmt_oku_prose(D(0), plus=True) == "0億円"
    assert fmt_oku_prose(D(1), plus=True) == "+1億円"
    assert fmt_oku_prose(D("-0.4"), plus=True) == "0億円"
    assert fmt_oku_prose(D("-119195")) == "▲11兆9,195億円"


def test_share_pct():
    # 000 §1: 国内債券(時価) 11,333 of 27,952 is 40.5%
    assert share_pct(D(1), D(4)) == D(25)
    assert round_half_up(share_pct(D(11333), D(27952)), 1) == D("40.5")
    assert share_pct(D(-1), D(8)) == D("-12.5")
    with pytest.raises(ZeroDivisionError, match="^share of a zero total$"):
        share_pct(D(1), D(0))
