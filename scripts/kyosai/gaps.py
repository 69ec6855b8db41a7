"""Declared data gaps (data/unyo/gaps.csv): the years of a series that no source prints, each with its reason.
Shared: the 運用状況 prints a note for each, the analysis pack too, and the comparison never calls them a change."""
from __future__ import annotations

from .dataio import Rows


class Gaps:
    """The declared gaps of data/unyo/gaps.csv: (resource, key) → the rows covering each missing year."""

    def __init__(self, rows: Rows):
        self.rows = rows

    def row(self, resource: str, year: int, key: str = "") -> dict | None:
        for r in self.rows:
            if r["resource"] == resource and (r["key"] or "") in ("", key) and r["first_year"] <= year <= r["last_year"]:
                return r
        return None

    def undeclared(self, resource: str, years, key: str = "") -> list[int]:
        return [y for y in years if self.row(resource, y, key) is None]
