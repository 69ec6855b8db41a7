"""Small pure computations shared by the reports: deviations, averages, reconciliation."""
from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Reconciled:
    """A figure as the report prints it, with how it was obtained.

    status: computed (only our computation), carried (only the published figure),
    agrees (both, equal as printed), within_rounding (both, differ within tolerance:
    the source rounded from finer data it did not print).
    """
    value: Decimal
    status: str
    computed: Decimal | None
    carried: Decimal | None


class ReconciliationError(ValueError):
    pass


def reconcile(label: str, computed: Decimal | None, carried: Decimal | None,
              places: int, tolerance_units: int = 1) -> Reconciled:
    """Choose the printed figure: the carried (published) one where it exists, after checking
    it against our computation within ``tolerance_units`` of the last printed digit."""
    if computed is None and carried is None:
        raise ReconciliationError(f"{label}: no data to compute it and no carried published figure")
    if carried is None:
        return Reconciled(computed, "computed", computed, None)
    if computed is None:
        return Reconciled(carried, "carried", None, carried)
    shown = round_half_up(computed, places)
    diff = abs(shown - carried)
    unit = Decimal(1).scaleb(-places)
    if diff == 0:
        return Reconciled(carried, "agrees", computed, carried)
    if diff <= unit * tolerance_units:
        return Reconciled(carried, "within_rounding", computed, carried)
    raise ReconciliationError(
        f"{label}: the carried published figure {carried} differs from the computed {shown} "
        f"by more than {tolerance_units} unit(s) of the last digit")
