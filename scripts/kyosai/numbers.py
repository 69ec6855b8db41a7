"""Exact decimals, 四捨五入 and the number formats of the published reports.

Every figure is a ``decimal.Decimal`` built from the text in the CSV, never from a float.
Rounding is 四捨五入 (JIS Z 8401 rule B: half away from zero), applied at presentation only.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MINUS_SIGNS = "-−‐‑–—ー▲△"  # ASCII, U+2212, hyphens/dashes, 長音, 黒三角, 白三角
_NUMBER = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


class NumberFormatError(ValueError):
    """A cell that is not a number in any spelling we accept."""


def parse_number(text: str) -> Decimal:
    """Parse a figure as written in the sources or by users, exactly.

    Accepts 1234, 1,234, 1234.5, full-width digits, and negatives written with
    ▲, △, −, or -. Refuses anything else (no silent coercion).
    """
    raw = text
    s = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if s.endswith("%"):
        s = s[:-1]
    negative = False
    if s and s[0] in MINUS_SIGNS:
        negative = True
        s = s[1:].strip()
    elif s.startswith("+"):
        s = s[1:]
    if not _NUMBER.match(s):
        raise NumberFormatError(f"{raw!r} is not a number")
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise NumberFormatError(f"{raw!r} is not a number") from exc
    return -value if negative else value


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    """四捨五入 to ``places`` decimals: 0.5 → 1, -0.5 → -1, 2.675 → 2.68."""
    if not isinstance(value, Decimal):
        raise TypeError(f"round_half_up needs a Decimal, got {type(value).__name__}")
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def plain(value: Decimal | int | None, places: int) -> str:
    """A figure as the CSV tables write it: rounded as printed (四捨五入), plain digits (-1347, 0.43, no
    ▲ or separators), never -0; empty for a missing figure."""
    if value is None:
        return ""
    r = round_half_up(Decimal(value), places)
    return format(abs(r) if r == 0 else r, "f")   # "f": a zero to 8 places is 0.00000000, never str()'s 0E-8


def fmt_number(value: Decimal | None, places: int = 0, *, plus: bool = False,
               suffix: str = "", missing: str = "－") -> str:
    """▲1,347 / 1,180 / 0.43 style: thousands separators, ▲ for negatives."""
    if value is None:
        return missing
    r = round_half_up(value, places)
    if r == 0:
        r = abs(r)  # no ▲0.0
    body = f"{abs(r):,.{places}f}"
    if r < 0:
        return f"▲{body}{suffix}"
    return f"{'+' if plus and r > 0 else ''}{body}{suffix}"


def fmt_amount(value: Decimal | None, places: int = 0) -> str:
    """An amount as the sources print it: ``fmt_number``, but a zero (once rounded) as 0, the way 002 prints every
    zero amount (信託運用損益 0億円, 潜在的な損失額0億円), never 0.0 (the 付加共済金原資 of a year without one)."""
    return "0" if value is not None and round_half_up(value, places) == 0 else fmt_number(value, places)


def fmt_axis(value: float, places: int = 0) -> str:
    """An axis tick label: the position matplotlib chose (a float, taken at its shortest repr), 四捨五入 to
    ``places`` with thousands separators and a plain minus sign (20,000 / 0.005 / -2,000), never -0."""
    r = round_half_up(Decimal(repr(float(value))), places)
    if r == 0:
        r = abs(r)
    return f"{'-' if r < 0 else ''}{abs(r):,.{places}f}"   # already rounded half-up: the spec only lays it out


def fmt_pct(value: Decimal | None, places: int = 2, *, plus: bool = False) -> str:
    return fmt_number(value, places, plus=plus, suffix="%")


def fmt_pt(value: Decimal | None, places: int = 2) -> str:
    return fmt_number(value, places, suffix="pt")


def fmt_oku_prose(value: Decimal, *, plus: bool = False) -> str:
    """Amounts in 億円 for prose: 11兆9,195億円, 2,574億円, ▲306億円, 1兆円."""
    r = round_half_up(value, 0)
    sign = "▲" if r < 0 else ("+" if plus and r > 0 else "")
    cho, oku = divmod(int(abs(r)), 10000)
    if cho and oku:
        body = f"{cho:,}兆{oku:,}億円"
    elif cho:
        body = f"{cho:,}兆円"
    else:
        body = f"{oku:,}億円"
    return sign + body


FULL_WIDTH = str.maketrans("0123456789+%", "０１２３４５６７８９＋％")


def full_width(text: str) -> str:
    """Digits, sign and percent in full width, as 000's headline boxes print them (＋５１６億円, ＋０.４３％); the
    separators ``,`` and ``.`` stay as printed."""
    return text.translate(FULL_WIDTH)


def share_pct(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole in percent, unrounded."""
    if whole == 0:
        raise ZeroDivisionError("share of a zero total")
    return part / whole * 100


def rounding_tolerance(n_parts: int, places: int = 0) -> Decimal:
    """Largest difference between the sum of n independently rounded parts and the
    independently rounded total: each rounding moves a figure by at most half a unit."""
    return Decimal(n_parts + 1) / 2 * Decimal(1).scaleb(-places)
