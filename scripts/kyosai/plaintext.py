"""A document's tables as plain text, one line per table row (``table key | column=value …``), for
``diff -u`` and ``git diff``: reports/<FY>/<slug>.txt. Years are written as the CSVs write them (fiscal_year=2024,
date=2025-03-31), so that a row of one fiscal year has the same line in every year's rendering (the rows meet by
fiscal year, as in the comparison, kyosai.diff.compare) and two builds of one year compare exactly. The document's
own year (支給率の年度, which the comparison never matches rows on) is left out of the keys: it is the file's ``FY``."""
from __future__ import annotations

from .tablespec import TableSet, as_table, key_text, keyed_rows


def _field(col: str, value: str) -> str:
    if value == "" or any(ch.isspace() for ch in value) or "=" in value or '"' in value:
        return f'{col}="{value}"' if value else f"{col}="
    return f"{col}={value}"


def render(tables: TableSet, cells: dict[str, list[dict[str, str]]], fy: int, title: str) -> str:
    """``cells``: every table's rows as the CSVs write them (TableSet.csv)."""
    lines = [f"# {title}", f"# FY = {fy}. Computed tables, one line per row: table, key | columns.", ""]
    for name in tables.order(cells):
        spec = tables[name]
        own = {col for col, mode in spec.years.items() if mode == "doc"}
        rows = keyed_rows(as_table(spec, cells[name]), spec, fy, relative=False)
        for kr in rows.values():
            key = tuple((c, v) for c, v in kr.key if c not in own)
            rest = [_field(c, kr.row.get(c, "") or "") for c in spec.header if c not in spec.keys]
            lines.append(" ".join(x for x in (name, key_text(key)) if x) + " | " + " ".join(rest))
        if not rows:
            lines.append(f"{name} (no rows)")
    return "\n".join(lines) + "\n"
