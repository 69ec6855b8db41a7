"""The 資産運用ガバナンス体制 of a fiscal year (data/unyo/governance_bodies.csv, governance_relations.csv) and the
documents the report links to (data/unyo/policy_documents.csv), checked: every relation and every parent names
a body of the same year's diagram, and every body has a place of its own on the diagram's grid (drawn by
kyosai.unyo.diagrams)."""
from __future__ import annotations

from ..dataio import LINE
from ..qa import QA
from ..texts import valid_in
from .common import FILE, where


def _plain(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != LINE}


def organisation(bodies: list[dict]) -> str | None:
    """The body the others belong to (drawn as the frame), or None when no body names a parent."""
    parents = sorted({b["parent"] for b in bodies if b["parent"]})
    return parents[0] if parents else None


def check_places(bodies: list[dict], org: str | None, qa: QA) -> None:
    """Each body inside the organisation on rows 1… of columns 1…N; each outside body in the band above it
    (row 0, columns 1…N) or to its right (column N + 1, rows 1…); no two bodies in one place."""
    inside = [b for b in bodies if b["parent"]]
    columns = max((b["column"] or 0 for b in inside), default=0)
    taken: dict[tuple, dict] = {}
    for b in bodies:
        if b["body"] == org:
            continue
        place = (b["row"], b["column"])
        if None in place:
            qa.fail(f"{where('governance_bodies', b, 'row')}: {b['body']} has no place in the diagram: give its row "
                    f"and column")
            continue
        row, column = place
        if b["parent"]:
            ok = row >= 1 and column <= columns
        else:
            ok = (row == 0 and column <= columns) or (row >= 1 and column == columns + 1)
        if not ok:
            qa.fail(f"{where('governance_bodies', b, 'column')}: {b['body']} at row {row}, column {column}: "
                    + (f"inside {org} a body is on rows 1… of columns 1–{columns}" if b["parent"] else
                       f"outside {org} a body is in row 0 (columns 1–{columns}) or in column {columns + 1} (rows 1…)"))
        if place in taken:
            qa.fail(f"{where('governance_bodies', b, 'row')}: {b['body']} is in the place of {taken[place]['body']} "
                    f"(line {taken[place][LINE]}): row {row}, column {column}")
        taken.setdefault(place, b)


def build(data: dict, fy: int, qa: QA) -> dict | None:
    """The diagram's bodies and relations valid at the end of ``fy`` (None when the year has none)."""
    bodies = valid_in(data["governance_bodies"], fy)
    relations = valid_in(data["governance_relations"], fy)
    if not bodies:
        for r in relations:
            qa.fail(f"{where('governance_relations', r, 'from_body')}: a relation in fiscal year {fy} but no body of "
                    f"the diagram is valid that year ({FILE.format('governance_bodies')})")
        return None
    known = {b["body"] for b in bodies}
    for b in bodies:
        if b["parent"] and b["parent"] not in known:
            qa.fail(f"{where('governance_bodies', b, 'parent')}: {b['body']} belongs to {b['parent']!r}, which is not a "
                    f"body of the diagram in fiscal year {fy}")
    for r in relations:
        for column in ("from_body", "to_body"):
            if r[column] not in known:
                qa.fail(f"{where('governance_relations', r, column)}: {r[column]!r} is not a body of the diagram in "
                        f"fiscal year {fy} ({FILE.format('governance_bodies')})")
        if r["from_body"] == r["to_body"]:
            qa.fail(f"{where('governance_relations', r, 'to_body')}: a relation of {r['from_body']} to itself")
    parents = {b["parent"] for b in bodies if b["parent"]}
    if len(parents) > 1:
        qa.fail(f"{FILE.format('governance_bodies')}: the diagram draws one organisation with bodies inside it; "
                f"fiscal year {fy} has bodies inside {', '.join(sorted(parents))}")
    org = organisation(bodies)
    check_places(bodies, org, qa)
    qa.add("note", "資産運用ガバナンス体制の図", f"図は原資料の本文と図中の語句から作成した（{FILE.format('governance_bodies')}、"
                   f"{FILE.format('governance_relations')}）。矢印は、それらが述べる関係を示す")
    for r in relations:
        if r["basis"] == "diagram":
            names = {b["body"]: b["name_ja"] for b in bodies}
            qa.add("note", f"資産運用ガバナンス体制 {names.get(r['from_body'], r['from_body'])} → "
                           f"{names.get(r['to_body'], r['to_body'])}",
                   f"「{r['label_ja'].replace(' / ', '')}」は原資料の本文になく、図中の語が示す関係（{r['source']}）。"
                   f"矢印の終点は原資料の図から読み取れないため、データに記載した終点のとおり描いた（"
                   f"{FILE.format('governance_relations')} {r[LINE]}行目）")
    return {"organisation": org, "bodies": [_plain(b) for b in bodies], "relations": [_plain(r) for r in relations]}


def policy_links(data: dict, fy: int) -> list[dict]:
    """The documents on 中小機構's site the report of ``fy`` links to, in order."""
    return [_plain(r) for r in sorted(valid_in(data["policy_documents"], fy), key=lambda r: r["order"])]
