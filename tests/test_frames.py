"""The analysts' access to the tables (kyosai.frames, pandas): keyed by the tables' declarations, figures as the
documents print them. Expected figures are seed 000's and 001's 運用資産額 row (FY2024 report, line 283; FY2022
report, line 127). Fast lane: reads the archive of published tables under version control."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from kyosai import frames

# 運用資産額 (億円) as printed: 000 (令和6年度) H27–R6, 001 (令和4年度) H25–R4
SEED_000 = dict(zip(range(2015, 2025), (87669, 90465, 94125, 96610, 97982, 105018, 108847, 111313, 116927, 119195)))
SEED_001 = dict(zip(range(2013, 2023), (83344, 86955, 87669, 90465, 94125, 96610, 97982, 105018, 108847, 111313)))


def test_a_table_is_indexed_by_its_keys_and_holds_the_printed_figures_as_decimals():
    balances = frames.table(2024, "unyo", "balances")
    assert balances.index.names == ["fiscal_year"]
    assert balances["total_assets_oku"].to_dict() == {y: Decimal(v) for y, v in SEED_000.items()}
    assert isinstance(balances.loc[2024, "total_assets_oku"], Decimal)


def test_a_long_table_is_keyed_by_every_key_column():
    returns = frames.table(2024, "unyo", "returns")
    assert returns.index.names == ["segment", "item", "fiscal_year"]
    assert returns.index.is_unique


def test_across_reports_puts_each_reports_printing_of_a_year_side_by_side():
    across = frames.across_reports("unyo", "balances")
    assets = across["total_assets_oku"]
    assert assets.loc[2022].to_dict() == {y: Decimal(v) for y, v in SEED_001.items()}
    assert assets.loc[2024].to_dict() == {y: Decimal(v) for y, v in SEED_000.items()}
    # the years both reports print, printed alike
    shared = sorted(set(SEED_000) & set(SEED_001))
    assert shared == list(range(2015, 2023))
    assert all(assets.loc[(2022, y)] == assets.loc[(2024, y)] for y in shared)


def test_beside_joins_two_reports_by_key_keeping_rows_only_one_has():
    joined = frames.beside(2024, 2022, "unyo", "balances")
    assert joined.loc[2013, (2022, "total_assets_oku")] == Decimal(83344)
    assert pd.isna(joined.loc[2013, (2024, "total_assets_oku")])     # the FY2024 report does not print H25
    assert joined.loc[2024, (2024, "total_assets_oku")] == Decimal(119195)
    assert len(joined) == len(set(SEED_000) | set(SEED_001))


def test_an_unknown_source_is_refused():
    with pytest.raises(ValueError, match="source must be one of published, built"):
        frames.table(2024, "unyo", "balances", source="draft")
