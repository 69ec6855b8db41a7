"""Published figures carried in the data (data/unyo/carried_figures.csv, data/bunseki/carried_figures.csv): each
reconciled with the document's own computation under kyosai.qa.QA.carry, with the decimals and input tolerance its
table declares (the document's tables.CARRIED), each use in the QA log. One reconciler for every document."""
from __future__ import annotations

from decimal import Decimal
from typing import Callable, Collection, Iterable

from . import era
from .dataio import LINE
from .qa import QA


def located(file: str, row: dict | None, column: str | None = None) -> str:
    """data/<folder>/<file>.csv, line N, column C: where a figure stands in the data."""
    if row is None:
        return file
    return f"{file}, line {row[LINE]}" + (f", column {column}" if column else "")


class Carried:
    """The published figures of ``sources`` ((file, rows) pairs; a later file's row stands for an earlier one's of
    the same year, figure and key) that name a figure of ``figures``, their unit checked against ``formats``
    (figure → (unit, decimals, input tolerance or None where the caller gives it)).

    ``required``: a figure with neither data to compute it nor a published figure fails the build (else it is a
    gap); ``cite_line``: the QA log names the row a published figure stands in (…carried_figures.csv N行目)."""

    def __init__(self, sources: Iterable[tuple[str, Iterable[dict]]], figures: Collection[str],
                 formats: Callable[[str], tuple[str, int, Decimal | None]], qa: QA, *, required: bool = True,
                 cite_line: bool = False):
        self.qa, self.formats, self.required, self.cite_line = qa, formats, required, cite_line
        self.rows: dict[tuple, tuple[str, dict]] = {}
        self.first = None
        for file, rows in sources:
            self.first = self.first or file
            for r in rows:
                if r["figure"] not in figures:
                    continue  # the schema lists the figures a row may name
                self.rows[(r["fiscal_year"], r["figure"], r["key"])] = (file, r)
                unit = formats(r["figure"])[0]
                if r["unit"] != unit:
                    qa.fail(f"{located(file, r, 'unit')}: {r['unit']!r} for {r['figure']}, which is in {unit}")

    def figure(self, fy: int, figure: str, key: str, computed: Decimal | None, label: str,
               tolerance: Decimal | None = None) -> dict:
        """{"value", "status"}: the published figure where the data carries one (checked against ``computed``), else
        ours; ``tolerance`` for figures whose input tolerance depends on the inputs (ratios)."""
        file, rec = self.rows.get((fy, figure, key), (self.first, None))
        _, places, declared = self.formats(figure)
        if computed is None and rec is None:
            if not self.required:
                return {"value": None, "status": "gap"}
            self.qa.fail(f"{self.first}: {label}: no data to compute it ({figure}, {key}, {era.fy_long(fy)}) and no "
                         f"published figure carried")
            return {"value": None, "status": "error"}
        why = f"{rec['source']}: {rec['reason']}" if rec else ""
        if rec and self.cite_line:
            why += f"。{file} {rec[LINE]}行目"
        at = located(file, rec, "value") if rec else (file if self.required else "")
        r = self.qa.carry(label, computed, rec["value"] if rec else None, places,
                          declared if declared is not None else (tolerance or Decimal(0)), at, why)
        return {"value": r.value, "status": r.status}
