"""Small pure computations shared by the documents: deviations from the policy, averages, changes.
(Published figures are reconciled with ours by kyosai.qa.reconcile.)"""
from __future__ import annotations

from decimal import Decimal

from .numbers import round_half_up


def deviation_from_policy(actual_share: Decimal, policy_share: Decimal) -> Decimal:
    """基本ポートフォリオとの乖離: actual share minus policy share, in pt (unrounded)."""
    return actual_share - policy_share


def is_breach(deviation: Decimal, band: Decimal | None, places: int = 1) -> bool:
    """True when the deviation, as printed (rounded to ``places``), lies outside ±band (許容乖離幅).

    Comparing the printed figure keeps the flag consistent with what a reader sees:
    a deviation printed 2.3 against ±2.3 is inside its band.
    """
    if band is None:
        return False
    return abs(round_half_up(deviation, places)) > band


def average_over_window(series: dict[int, Decimal | None], end_year: int, years: int) -> Decimal | None:
    """Simple average of the ``years`` fiscal years ending with ``end_year`` (単純平均).

    Returns None when any year of the window is missing: an average over fewer years is
    not the published statistic, so it is never silently substituted.
    """
    window = [series.get(y) for y in range(end_year - years + 1, end_year + 1)]
    if any(v is None for v in window):
        return None
    return sum(window, Decimal(0)) / years


def change(series: dict[int, Decimal | None], year: int) -> Decimal | None:
    """Change on the previous fiscal year (対前年度比), None if either year is missing."""
    now, before = series.get(year), series.get(year - 1)
    if now is None or before is None:
        return None
    return now - before
