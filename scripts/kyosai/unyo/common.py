"""What the 運用状況's modules share, named once: where its data is, how many years its history tables run, the names
of its segments, and the market indices it prints (data/common/indices.csv, read through the checked reader)."""
from __future__ import annotations

from collections.abc import Mapping

from ..carried import located
from ..dataio import read_one

FILE = "data/unyo/{}.csv"
HISTORY_YEARS = 10          # the 運用利回り, キャッシュ・フロー and 市場環境 tables run ten years
SEGMENT_JA = {"all": "運用資産全体", "self_managed": "自家運用資産", "entrusted": "委託運用資産"}


def where(name: str, row: dict | None, column: str) -> str:
    """data/unyo/<name>.csv, line N, column C: where a figure stands in the data."""
    return located(FILE.format(name), row, column)


def indices(rows) -> list[dict]:
    """The market indices (rows of data/common/indices.csv) in the order they are printed."""
    return sorted(rows, key=lambda r: r["order"])


def index_label(row: dict) -> str:
    """日経平均（円）, TOPIX: an index as a table's row head names it, with its unit."""
    return f"{row['name_ja']}（{row['unit']}）" if row["unit"] else row["name_ja"]


class IndexNames(Mapping):
    """Index code → index_label, read from data/common/indices.csv when first asked (a table declaration's codes)."""

    def _names(self) -> dict[str, str]:
        return {r["index"]: index_label(r) for r in indices(read_one("indices"))}

    def __getitem__(self, code: str) -> str:
        return self._names()[code]

    def __iter__(self):
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())
