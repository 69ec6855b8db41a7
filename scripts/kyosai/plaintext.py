"""A document's tables as plain text, one line per table row (``table key | column=value …``), for
``diff -u`` and ``git diff``: reports/<FY>/<slug>.txt. Years are written relative to the document's fiscal
year (FY, FY-1 …), so that two years' renderings align line by line and two builds of one year compare
exactly."""
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
        rows = keyed_rows(as_table(spec, cells[name]), spec, fy)
        for kr in rows.values():
            rest = [_field(c, kr.row.get(c, "") or "") for c in spec.header if c not in spec.keys]
            lines.append(f"{name} {key_text(kr.key)} | " + " ".join(rest))
        if not rows:
            lines.append(f"{name} (no rows)")
    return "\n".join(lines) + "\n"
