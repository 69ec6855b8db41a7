"""The QA log of a document (検算・データ確認の記録), and the two checks every document makes with it.

* ``sum_check``: printed parts against an independently rounded printed total (合計と内訳の照合). Each
  rounding moves a figure by at most half a unit, so n parts and their total may differ by (n + 1) / 2
  units of the last printed digit; within that the difference is a 端数差, beyond it an error.
* ``reconcile``: a published figure against our computation of it from printed inputs (公表値との照合).
  The document prints the published figure when |computed − published| ≤ the input tolerance (how far
  the rounding of the printed inputs can move the computation) + half a unit of the published figure's
  last digit; beyond that the build stops.

Both are pure; ``QA.record`` and ``QA.carry`` write their outcome to the log, and ``QA.fail`` collects the
problems that stop a build (raised together as one DataError by the document's model).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .dataio import DataError
from .numbers import fmt_number, plain, round_half_up, rounding_tolerance

KIND_JA = {
    "restated": "公表済みの数値の変更", "identity": "照合一致", "rounding": "端数差", "carried": "公表値の引継ぎ", "derived": "導出値",
    "breach": "許容乖離幅超過", "gap": "データ欠落", "discrepancy": "出典の不一致", "note": "注記",
    "unusual": "通常の範囲外の値",
}
ORDER = ["restated", "breach", "unusual", "discrepancy", "gap", "carried", "derived", "rounding", "note", "identity"]


def figure(x: Decimal, places: int) -> str:
    """A figure of the log as the documents print figures (▲, thousands separators), to at most ``places``
    decimals with trailing zeros dropped: 1,039.58, ▲13.59, 85."""
    text = fmt_number(x, places)
    return text.rstrip("0").rstrip(".") if "." in text else text


def unit(places: int) -> Decimal:
    """One unit of the last printed digit: 0 places → 1, 2 places → 0.01."""
    return Decimal(1).scaleb(-places)


@dataclass(frozen=True)
class SumCheck:
    """Printed parts (signed) against a printed total."""
    name: str
    computed: Decimal      # the sum of the printed parts
    published: Decimal     # the printed total
    tolerance: Decimal     # what independent rounding allows

    @property
    def difference(self) -> Decimal:
        return self.computed - self.published

    @property
    def exact(self) -> bool:
        return self.difference == 0

    @property
    def ok(self) -> bool:
        return abs(self.difference) <= self.tolerance


def sum_check(name: str, parts: list[Decimal], total: Decimal, places: int = 0) -> SumCheck:
    """Parts (give subtracted parts negated) against a total, each rounded to ``places``."""
    return SumCheck(name, sum(parts, Decimal(0)), total, rounding_tolerance(len(parts), places))


@dataclass(frozen=True)
class Reconciled:
    """A figure as the document prints it, with how it was obtained.

    status: computed (only our computation), carried (only the published figure), agrees (both, equal as
    printed), within_rounding (both, within the tolerance: the source rounded from finer data it did not
    print), error (both, beyond the tolerance)."""
    value: Decimal | None
    status: str
    computed: Decimal | None
    published: Decimal | None
    tolerance: Decimal | None


def reconcile(computed: Decimal | None, published: Decimal | None, places: int,
              input_tolerance: Decimal) -> Reconciled:
    """Choose the printed figure: the published one where the data carries it, after checking it against our
    computation (unrounded) within ``input_tolerance`` + half a unit of the last printed digit."""
    if published is None:
        return Reconciled(computed, "computed", computed, None, None)
    if computed is None:
        return Reconciled(published, "carried", None, published, None)
    tolerance = Decimal(input_tolerance) + unit(places) / 2
    if abs(computed - published) > tolerance:
        return Reconciled(published, "error", computed, published, tolerance)
    status = "agrees" if round_half_up(computed, places) == published else "within_rounding"
    return Reconciled(published, status, computed, published, tolerance)


class QA:
    """The QA log: every check with its result, every derived, carried or rounded figure, and the
    problems that stop the build."""

    def __init__(self) -> None:
        self.entries: list[dict] = []
        self.errors: list[str] = []

    def add(self, kind: str, subject: str, detail: str, ok: bool = True) -> None:
        if kind not in KIND_JA:
            raise ValueError(f"unknown QA kind {kind!r}")
        self.entries.append({"kind": kind, "subject": subject, "detail": detail, "ok": ok})

    def unusual(self, data: dict, sections: tuple[str, ...]) -> None:
        """Every value of the document's data (the folders ``sections`` of data/) outside its column's usual range
        (data/datapackage.yaml ``usual``): possible, so kept, but to be confirmed before publishing."""
        for rows in data.values():
            if getattr(rows, "path", "").split("/")[1:2] and rows.path.split("/")[1] in sections:
                for line, column, value, usual in rows.unusual:
                    self.add("unusual", f"{rows.path} {line}行目 {column}",
                             f"{value} は通常の範囲 ({usual}) の外にある。誤りでないことを確認する", ok=False)

    def fail(self, message: str) -> None:
        self.errors.append(message)

    def record(self, check: SumCheck, where: str) -> bool:
        """Log a sum check; a difference beyond rounding stops the build, naming ``where`` (file, line, column)."""
        detail = f"掲載された内訳からの計算値 {fmt_number(check.computed, 2).removesuffix('.00')}、掲載された値 " \
                 f"{fmt_number(check.published, 2).removesuffix('.00')}"
        if check.exact:
            self.add("identity", check.name, detail + ": 一致")
        elif check.ok:
            self.add("rounding", check.name, detail + f": 差 {figure(check.difference, 2)}（合計と内訳をそれぞれ四捨五入"
                                                      f"したことで生じうる ±{figure(check.tolerance, 2)} の範囲内）")
        else:
            self.fail(f"{where}: {check.name}: the sum of the printed parts {check.computed} vs the printed total "
                      f"{check.published} differs by {check.difference}, more than rounding allows (±{check.tolerance})")
            self.add("identity", check.name, detail + f": 差 {figure(check.difference, 2)}（端数の範囲を超える）", ok=False)
        return check.ok

    def carry(self, label: str, computed: Decimal | None, published: Decimal | None, places: int,
              input_tolerance: Decimal, where: str, why: str, log_computed: bool = False) -> Reconciled:
        """Reconcile a published figure with ours and log it; ``why`` says where the published figure comes
        from and why it differs (the source, the reason), ``where`` names the data row. A figure we compute
        with no published figure to meet is logged (as 導出値) only with ``log_computed``."""
        r = reconcile(computed, published, places, input_tolerance)
        shown = None if computed is None else round_half_up(computed, places)
        exact = "" if computed is None else figure(computed, places + 3)
        if r.status == "computed":
            if log_computed:
                self.add("derived", label, f"{figure(shown, places)}（計算値。データに公表値はない）")
        elif r.status == "carried":
            self.add("carried", label, f"公表値 {fmt_number(published, places)} をそのまま掲載（{why}）")
        elif r.status == "error":
            self.fail(f"{where}: {label}: the published figure {published} differs from the computed {shown} "
                      f"(unrounded {exact}) by {plain(computed - published, places + 3)}, more than the "
                      f"±{plain(r.tolerance, places + 3)} that rounding of the printed inputs allows")
            self.add("carried", label, f"公表値 {fmt_number(published, places)}、計算値 {figure(shown, places)}: 許容範囲外",
                     ok=False)
        else:
            agreed = "一致する" if r.status == "agrees" else "端数の範囲で異なる"
            self.add("identity" if r.status == "agrees" else "carried", label,
                     f"公表値 {fmt_number(published, places)} は、本書の計算値（端数処理前）{exact}（→ "
                     f"{fmt_number(shown, places)}、許容範囲 ±{figure(r.tolerance, places + 3)}）と{agreed}。"
                     f"本書は公表値を掲載（{why}）")
        return r

    def raise_if_failed(self) -> None:
        if self.errors:
            raise DataError(self.errors)


# ---------------------------------------------------------------- presenting the log

def shown(entries: list[dict]) -> list[dict]:
    """Everything but plain agreements, most important first."""
    rows = [e for e in entries if e["kind"] != "identity" or not e["ok"]]
    rows.sort(key=lambda e: ORDER.index(e["kind"]))
    return [{**e, "kind_ja": KIND_JA[e["kind"]]} for e in rows]


def agree_count(entries: list[dict]) -> int:
    return sum(1 for e in entries if e["kind"] == "identity" and e["ok"])


def markdown(entries: list[dict], title: str) -> str:
    lines = [f"# 検算・データ確認の記録: {title}", "",
             "このビルドで行ったすべての確認。公表される合計は内訳と別に四捨五入されるため、内訳の合計と合計は",
             "数値1つにつき最小単位の半分まで異なりうる。その範囲の差は端数差として記載する。", ""]
    for kind in ORDER:
        group = [e for e in entries if e["kind"] == kind]
        if not group:
            continue
        lines += [f"## {KIND_JA[kind]}: {len(group)}件", ""]
        lines += [f"- {'' if e['ok'] else '**［要確認］** '}{e['subject']}: {e['detail']}" for e in group]
        lines.append("")
    return "\n".join(lines)
