"""How the 支給率 document shows its model: title, cover, and the layout choices of its sections
(templates/shikyuritsu/*.html.j2), so that the templates only lay the view out."""
from __future__ import annotations

from .. import era
from ..document import Document
from . import charts, diagrams
from .model import fund_text
from .tables import BASIS_JA, TABLES


class ShikyuritsuDocument(Document):
    key, slug, tables, charts = "shikyuritsu", "shikyuritsu", TABLES, charts
    title_separator = ""   # 小規模企業共済制度の令和7年度付加共済金の支給率について: one phrase

    def title_lines(self, model: dict) -> list[str]:
        """小規模企業共済制度の / 令和7年度付加共済金の支給率について."""
        return ["小規模企業共済制度の", f"{era.fy_long(model['fiscal_year'])}付加共済金の支給率について"]

    def view(self, model: dict, rows: dict[str, list[dict]]) -> dict:
        decisions = model["decisions"]
        risk_sigma = model["method"]["risk_sigma"]
        return {
            "fy_ja": era.fy_long(model["fiscal_year"]),
            "decisions": [{**d, "last": i == len(decisions) - 1} for i, d in enumerate(decisions)],
            "risk_levels": [{**r, "current": r["sigma"] == risk_sigma} for r in model["risk_levels"]],
            "scenarios": [{**s, "basis_ja": BASIS_JA[s["basis"]], "fund_text": fund_text(s["fund"])} for s in model["scenarios"]],
            **diagrams.view(model),
        }


DOCUMENT = ShikyuritsuDocument()
