"""The diagrams of the 運用状況 report, drawn from its model (kyosai.unyo.governance): the 資産運用ガバナンス体制 of
000 §2 as SVG written here — boxes, arrows and their words as SVG text (the PDF's text, searchable), with a
<title> and a <desc> that state every body and relation for screen readers — and what the section templates
need of the policy links and the 市場環境 chart.

Coordinates are in 0.1 mm: the drawing is 178 mm wide, the text width of an A4 page with report.css's margins,
so its type sizes are the printed ones (28 = 2.8 mm ≈ 8 pt). Widths of text are estimated (a CJK character is
1 em, a Latin letter or digit about 0.55 em); tests/test_diagrams.py checks that every word stays inside its
box and that no arrow or label crosses a box it does not belong to.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import markupsafe

from .. import era

WIDTH = 1780
SIZE = {"name": 28, "role": 23, "label": 23, "title": 30}
BOX_PAD = 18        # inside a box, around its text
FRAME_PAD = 40      # inside the organisation's frame, around its grid
TITLE_H = 70        # the organisation's name, at the top of its frame
COL_GAP = 60
ROW_GAP = 100       # between rows inside the frame (an arrow and its label fit)
BAND_GAP = 170      # between the band above the frame and the frame (a label of two lines fits)
MARGIN = 6          # around the drawing (strokes are not cut at its edges)
SIDE_W, SIDE_GAP = 380, 180   # the band to the right of the frame
LABEL_GAP = 12      # between an arrow and its label
COLOURS = {  # kind → (fill, stroke)
    "organisation": ("#f7f9fc", "#1f4e79"), "board": ("#dde6f1", "#1f4e79"), "officer": ("#ffffff", "#1f4e79"),
    "committee": ("#dde6f1", "#1f4e79"), "department": ("#fbe5d6", "#c55a11"), "function": ("#f2f2f2", "#595959"),
    "external": ("#ffffff", "#595959"), "document": ("#fff2cc", "#bf9000"),
}
ARROW = "#1f4e79"


def line_height(size: int) -> int:
    return size * 13 // 10


def text_width(text: str, size: int) -> int:
    """Estimated width of ``text`` at ``size``: a CJK (full-width) character is 1 em, others about 0.55 em."""
    narrow = sum(1 for ch in text if ord(ch) < 0x2E80 or 0xFF61 <= ord(ch) <= 0xFF9F)
    return size * (len(text) - narrow) + size * narrow * 11 // 20


def split_lines(text: str, size: int, width: int) -> list[str]:
    """The lines of a name or label: broken where the data writes ' / ', then wherever a line would be wider
    than ``width``."""
    out = []
    for part in text.split(" / "):
        line = ""
        for ch in part:
            if line and text_width(line + ch, size) > width:
                out.append(line)
                line = ""
            line += ch
        out.append(line)
    return out


def plain(text: str) -> str:
    """A name or label as prose: its line breaks (' / ') removed."""
    return text.replace(" / ", "")


@dataclass
class Box:
    x: int
    y: int
    w: int
    h: int
    body: dict = field(default_factory=dict)
    lines: list[tuple[str, str]] = field(default_factory=list)   # (kind: name or role, text)

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def cx(self) -> int:
        return self.x + self.w // 2

    @property
    def cy(self) -> int:
        return self.y + self.h // 2


@dataclass
class Arrow:
    start: tuple[int, int]
    end: tuple[int, int]
    relation: dict
    label: Box            # where its words are (lines as in a Box)


def content(body: dict, width: int) -> list[tuple[str, str]]:
    inner = width - 2 * BOX_PAD
    return [("name", s) for s in split_lines(body["name_ja"], SIZE["name"], inner)] + \
        ([("role", s) for s in split_lines(body["role_ja"], SIZE["role"], inner)] if body["role_ja"] else [])


def content_height(lines: list[tuple[str, str]]) -> int:
    return sum(line_height(SIZE[k]) for k, _ in lines)


@dataclass
class Layout:
    frame: Box
    boxes: dict[str, Box]
    arrows: list[Arrow]
    height: int


def grid(gov: dict) -> tuple[int, dict[str, int]]:
    """The columns inside the frame and the x of each grid column (the band to the right is the last)."""
    inside = [b for b in gov["bodies"] if b["parent"]]
    columns = max((b["column"] for b in inside), default=1)
    side = any(b["column"] == columns + 1 for b in gov["bodies"] if not b["parent"] and b["body"] != gov["organisation"])
    frame_w = WIDTH - 2 * MARGIN - (SIDE_W + SIDE_GAP if side else 0)
    col_w = (frame_w - 2 * FRAME_PAD - (columns - 1) * COL_GAP) // columns
    xs = {c: MARGIN + FRAME_PAD + (c - 1) * (col_w + COL_GAP) for c in range(1, columns + 1)}
    xs[columns + 1] = WIDTH - MARGIN - SIDE_W
    return columns, {"frame_w": frame_w, "col_w": col_w, **{f"x{c}": x for c, x in xs.items()}}


def layout(gov: dict) -> Layout:
    """Where every box, arrow and label of the diagram goes."""
    org = gov["organisation"]
    placed = [b for b in gov["bodies"] if b["body"] != org]
    columns, g = grid(gov)
    width_of = {c: g["col_w"] for c in range(1, columns + 1)} | {columns + 1: SIDE_W}
    lines = {b["body"]: content(b, width_of[b["column"]]) for b in placed}
    rows = sorted({b["row"] for b in placed})
    heights = {r: max(content_height(lines[b["body"]]) for b in placed if b["row"] == r) + 2 * BOX_PAD for r in rows}
    top = heights.get(0, 0)
    frame_y = MARGIN + (top + BAND_GAP if 0 in heights else 0)
    ys, y = {0: MARGIN}, frame_y + TITLE_H
    for r in (r for r in rows if r):
        ys[r] = y
        y += heights[r] + ROW_GAP
    frame = Box(MARGIN, frame_y, g["frame_w"], y - ROW_GAP + FRAME_PAD - frame_y,
                next((b for b in gov["bodies"] if b["body"] == org), {}), [])
    boxes = {b["body"]: Box(g[f"x{b['column']}"], ys[b["row"]], width_of[b["column"]], heights[b["row"]], b,
                            lines[b["body"]]) for b in placed}
    arrows = [arrow(r, boxes, frame, org) for r in gov["relations"]]
    return Layout(frame, boxes, arrows, frame.bottom + MARGIN)


def to_frame(box: Box, frame: Box) -> tuple[tuple[int, int], tuple[int, int], str]:
    """From an outside box to the nearest side of the frame: (start, end, direction)."""
    if box.bottom <= frame.y:
        return (box.cx, box.bottom), (box.cx, frame.y), "v"
    if box.x >= frame.right:
        return (box.x, box.cy), (frame.right, box.cy), "h"
    if box.right <= frame.x:
        return (box.right, box.cy), (frame.x, box.cy), "h"
    return (box.cx, box.y), (box.cx, frame.bottom), "v"


def between(a: Box, b: Box) -> tuple[tuple[int, int], tuple[int, int], str]:
    """From box a to box b: straight down/up where they share columns, across where they share rows, else
    from centre to centre, cut at both edges."""
    lo, hi = max(a.x, b.x), min(a.right, b.right)
    if lo < hi:
        x = (lo + hi) // 2
        return ((x, a.bottom), (x, b.y), "v") if a.bottom <= b.y else ((x, a.y), (x, b.bottom), "v")
    lo, hi = max(a.y, b.y), min(a.bottom, b.bottom)
    if lo < hi:
        y = (lo + hi) // 2
        return ((a.right, y), (b.x, y), "h") if a.right <= b.x else ((a.x, y), (b.right, y), "h")
    dx, dy = b.cx - a.cx, b.cy - a.cy

    def edge(box: Box, sign: int) -> tuple[int, int]:
        t = min(box.w * abs(dy), box.h * abs(dx))   # the edge is reached at t / (2 |dx| |dy|) of (dx, dy)
        return box.cx + sign * (t * dx) // (2 * abs(dx) * abs(dy)), box.cy + sign * (t * dy) // (2 * abs(dx) * abs(dy))
    return edge(a, 1), edge(b, -1), "d"


def arrow(relation: dict, boxes: dict[str, Box], frame: Box, org: str) -> Arrow:
    src, dst = relation["from_body"], relation["to_body"]
    if dst == org:
        start, end, direction = to_frame(boxes[src], frame)
    elif src == org:
        end, start, direction = to_frame(boxes[dst], frame)
    else:
        start, end, direction = between(boxes[src], boxes[dst])
    words = [("label", s) for s in split_lines(relation["label_ja"], SIZE["label"], WIDTH)]
    w = max(text_width(s, SIZE["label"]) for _, s in words) + 8
    h = content_height(words) + 4
    mx, my = (start[0] + end[0]) // 2, (start[1] + end[1]) // 2
    if direction == "v":
        label = Box(mx + LABEL_GAP, my - h // 2, w, h, {}, words)
    else:
        label = Box(mx - w // 2, my - LABEL_GAP - h, w, h, {}, words)
    return Arrow(start, end, relation, label)


# ---------------------------------------------------------------- SVG

def _text(box: Box, anchor: str = "middle", fill: str = "#111") -> list[str]:
    """The lines of a box, centred in it (or from its left edge)."""
    out, top = [], box.y + (box.h - content_height(box.lines)) // 2
    x = box.cx if anchor == "middle" else box.x + 4
    for kind, s in box.lines:
        size = SIZE[kind]
        base = top + (line_height(size) - size) // 2 + size * 88 // 100
        weight = ' font-weight="bold"' if kind == "name" and box.body.get("kind") in ("organisation", "department") else ""
        out.append(f'<text x="{x}" y="{base}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{weight}>'
                   f'{markupsafe.escape(s)}</text>')
        top += line_height(size)
    return out


def _rect(box: Box, fill: str, stroke: str, width: int = 4) -> str:
    return (f'<rect x="{box.x}" y="{box.y}" width="{box.w}" height="{box.h}" rx="8" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{width}"/>')


def svg(lay: Layout, title: str, desc: str, ident: str = "gov") -> markupsafe.Markup:
    """The diagram as inline SVG: the frame, the boxes, the arrows with their words; role img, named by its
    <title> and described by its <desc>."""
    fill, stroke = COLOURS["organisation"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram-svg" viewBox="0 0 {WIDTH} {lay.height}" '
             f'role="img" aria-labelledby="{ident}-title {ident}-desc" font-family="IPAexGothic, sans-serif">',
             f'<title id="{ident}-title">{markupsafe.escape(title)}</title>',
             f'<desc id="{ident}-desc">{markupsafe.escape(desc)}</desc>',
             f'<defs><marker id="{ident}-head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{ARROW}"/></marker></defs>',
             _rect(lay.frame, fill, stroke, 5)]
    name = Box(lay.frame.x + FRAME_PAD // 2, lay.frame.y + 6, lay.frame.w, TITLE_H - 12, lay.frame.body,
               [("name", lay.frame.body.get("name_ja", ""))])
    parts += _text(name, "start", stroke)
    for box in lay.boxes.values():
        parts.append(_rect(box, *COLOURS[box.body["kind"]]))
        parts += _text(box)
    for a in lay.arrows:
        (x1, y1), (x2, y2) = a.start, a.end
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{ARROW}" stroke-width="4" '
                     f'marker-end="url(#{ident}-head)"/>')
        parts.append(f'<rect x="{a.label.x}" y="{a.label.y}" width="{a.label.w}" height="{a.label.h}" fill="#ffffff"/>')
        parts += _text(a.label, "middle", ARROW)
    parts.append("</svg>")
    return markupsafe.Markup("\n".join(parts))


def describe(gov: dict) -> str:
    """Every body and every relation of the diagram in words (its <desc>, the alternative text)."""
    org = gov["organisation"]
    names = {b["body"]: plain(b["name_ja"]) for b in gov["bodies"]}
    placed = sorted((b for b in gov["bodies"] if b["body"] != org), key=lambda b: (b["row"], b["column"]))

    def named(b: dict) -> str:
        return names[b["body"]] + (f"（{plain(b['role_ja'])}）" if b["role_ja"] else "")
    inside = "、".join(named(b) for b in placed if b["parent"])
    outside = "、".join(named(b) for b in placed if not b["parent"])
    arrows = "、".join(f"{names[r['from_body']]}から{names[r['to_body']]}へ「{plain(r['label_ja'])}」" for r in gov["relations"])
    text = f"{names[org]}の中に{inside}。{names[org]}の外に{outside}。" if org else f"{outside}。"
    return text + (f"矢印：{arrows}。" if arrows else "")


def governance_view(model: dict) -> dict | None:
    gov = model.get("governance")
    if not gov or not gov["bodies"]:
        return None
    title = f"資産運用ガバナンス体制（{era.fy_long(model['fiscal_year'])}末時点）"
    desc = describe(gov)
    lay = layout(gov)
    return {"title": title, "desc": desc, "svg": svg(lay, title, desc), "layout": lay}


def view(model: dict) -> dict:
    """What the templates read of the diagrams and links (kyosai.unyo.view adds it to the view)."""
    return {
        "governance": governance_view(model),
        "policy_links": model.get("policy_links", []),
        "market_missing": model.get("market") is None,
    }
