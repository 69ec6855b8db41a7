"""A matplotlib SVG made cheap for WeasyPrint to draw, looking the same (chartkit.save runs it on every chart).

WeasyPrint draws an SVG node by node in Python: every element costs a cascade, every ``style`` attribute a CSS
parse, every ``clip-path`` a redrawing of its clip path, every ``<use>`` a copy of what it uses. matplotlib
writes each artist in its own ``<g id=…>``, each tick mark as a ``<use>`` of a marker in ``<defs>``, a clip
path on everything inside the axes, an identity ``rotate(-0 x y)`` on every text. ``slim`` rewrites the file:

1. the ``<metadata>`` goes; ``style="k: v"`` becomes presentation attributes ``k="v"`` (the one style sheet
   matplotlib writes, ``*{stroke-linejoin: round; stroke-linecap: butt}``, becomes the same two attributes on
   the root: every element inherits them unless it sets its own, as the rule gave them);
2. each ``<use>`` of a path becomes that path, moved by the use's x and y;
3. a path that paints nothing (no fill, no stroke) goes; a ``clip-path`` (a rectangle) goes from an element
   that lies inside it (its outline's bounding box, widened by twice its stroke width), so clips nothing;
4. every id nothing refers to goes, then every ``<g>`` without attributes is replaced by its children, and a
   ``<defs>`` with nothing referred to in it goes;
5. paths of the same parent with the same attributes are merged into one path of several subpaths, when the
   drawing stays the same: a path moves back to the first of its kind only past elements it does not touch
   (bounding boxes; a text's box is taken as wide as 1em a character, 1.1em above the baseline and 0.3em
   below; an element of unknown extent is never passed), and filled subpaths of one path do not touch either
   (so no overlap changes with the order or the winding); stroked-only paths may overlap (a union of opaque
   strokes). Nothing translucent (opacity, fill-opacity, stroke-opacity) is merged, and only paths of one
   ``shape`` (lines along the axes with lines along the axes, others with others; a lone rectangle, a bar,
   never): poppler draws a lone rectangle and lines along the axes aligned to whole pixels, so that a merged
   bar or a legend line merged with a curve would look a little softer on screen.

Text stays ``<text>`` (its attributes as presentation attributes). Anything not understood is left as it is
(a path with a relative or arc command, a transform, a ``<use>`` of something other than a path). The result
is deterministic: it depends on the input text only."""
from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
HREF = f"{{{XLINK}}}href"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

TRANSLUCENT = {"opacity", "fill-opacity", "stroke-opacity", "filter", "mask", "transform", "id",
               "marker-start", "marker-mid", "marker-end", "display", "visibility"}
NUMBER = r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
Box = tuple[float, float, float, float]          # x0, y0, x1, y1


def tag(e: ET.Element) -> str:
    return e.tag.rsplit("}", 1)[-1]


def number(v: float) -> str:
    """A coordinate as matplotlib writes one (6 decimals at most, no trailing zero)."""
    s = f"{v:f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


@functools.lru_cache(maxsize=4096)
def path_points(d: str) -> tuple[tuple[float, float], ...] | None:
    """The points of a path of absolute M/L/Q/C/Z commands (control points included), or None."""
    tokens = re.findall(rf"[A-Za-z]|{NUMBER}", d)
    if "".join(tokens) != re.sub(r"[\s,]+", "", d) or any(t.isalpha() and t not in "MLQCZz" for t in tokens):
        return None
    numbers = [float(t) for t in tokens if not t.isalpha()]
    if len(numbers) % 2:
        return None
    return tuple(zip(numbers[::2], numbers[1::2]))


@functools.lru_cache(maxsize=4096)
def shape(d: str) -> str:
    """"rect" (one rectangle, sides along the axes), "axes" (straight lines along the axes) or "other": how a PDF
    renderer may draw the path (poppler aligns a lone rectangle, and lines along the axes, to whole pixels)."""
    commands = re.findall(r"[A-Za-z]", d)
    points = path_points(d) or []
    segments, start, last = [], None, None
    it = iter(points)
    for c in commands:
        if c in "Zz":
            if last is not None and start is not None and last != start:
                segments.append((last, start))
            last = start
            continue
        n = {"M": 1, "L": 1, "Q": 2, "C": 3}[c]
        got = [next(it) for _ in range(n)]
        if c == "M":
            start = last = got[0]
        elif c == "L":
            segments.append((last, got[0]))
            last = got[0]
        else:
            return "other"
    if not all(a[0] == b[0] or a[1] == b[1] for a, b in segments):
        return "other"
    return "rect" if commands in (list("MLLLz"), list("MLLLZ"), list("MLLLLz"), list("MLLLLZ")) else "axes"


def translate(d: str, dx: float, dy: float) -> str | None:
    """Path data moved by (dx, dy), or None when it is not absolute M/L/Q/C/Z commands."""
    if path_points(d) is None:
        return None
    out, pending = [], None
    for t in re.findall(rf"[A-Za-z]|{NUMBER}", d):
        if t.isalpha():
            out.append(t)
        elif pending is None:
            pending = float(t)
        else:
            out += [number(pending + dx), number(float(t) + dy)]
            pending = None
    return " ".join(out)


def style_items(style: str) -> list[tuple[str, str]] | None:
    items = []
    for decl in style.split(";"):
        if decl.strip():
            name, colon, value = decl.partition(":")
            if not colon or "(" in value or "!" in value or not re.fullmatch(r"[a-z-]+", name.strip()):
                return None
            items.append((name.strip(), value.strip()))
    return items


def inherited(e: ET.Element, parents: dict, name: str) -> str | None:
    while e is not None:
        if name in e.attrib:
            return e.get(name)
        e = parents.get(e)
    return None


def ancestors(e: ET.Element, parents: dict) -> list[ET.Element]:
    found = []
    while (e := parents.get(e)) is not None:
        found.append(e)
    return found


def box(e: ET.Element, parents: dict) -> Box | None:
    """Where an element may paint (conservative), or None when unknown."""
    t = tag(e)
    if {"transform", "marker-start", "marker-mid", "marker-end", "filter"} & set(e.attrib):
        return None
    if t == "path":
        points = path_points(e.get("d", ""))
        if not points:
            return None
        stroke = inherited(e, parents, "stroke")
        width = 0.0
        if stroke not in (None, "none"):
            try:
                width = 2 * float(inherited(e, parents, "stroke-width") or 1)
            except ValueError:
                return None
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return min(xs) - width, min(ys) - width, max(xs) + width, max(ys) + width
    if t == "text":
        size, anchor = inherited(e, parents, "font-size"), inherited(e, parents, "text-anchor") or "start"
        m = re.fullmatch(rf"({NUMBER})(?:px)?", size or "")
        try:
            x, y = float(e.get("x")), float(e.get("y"))
        except (TypeError, ValueError):
            return None
        if not m or len(e) or anchor not in ("start", "middle", "end"):
            return None
        em = float(m[1])
        width = em * (len(e.text or "") + 0.2)
        x0 = {"start": x - 0.1 * em, "middle": x - width / 2, "end": x - width + 0.1 * em}[anchor]
        return x0, y - 1.1 * em, x0 + width, y + 0.3 * em
    if t == "g":
        boxes = [box(c, parents) for c in e]
        if not boxes or None in boxes:
            return None
        return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)
    return None


def touch(a: Box | None, b: Box | None) -> bool:
    return a is None or b is None or (a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3])


def references(root: ET.Element) -> set[str]:
    found = set()
    for e in root.iter():
        for value in e.attrib.values():
            found.update(re.findall(r"url\(#([^)]+)\)", value))
        if (e.get(HREF) or e.get("href") or "").startswith("#"):
            found.add((e.get(HREF) or e.get("href"))[1:])
    return found


def convert_styles(root: ET.Element) -> bool:
    """Every style attribute as presentation attributes, the style sheet as the root's (when it is only ``*{…}``)."""
    sheets = [e for e in root.iter() if tag(e) == "style"]
    rules = [re.fullmatch(r"\s*\*\s*\{([^{}]*)\}\s*", s.text or "") for s in sheets]
    defaults = [style_items(m[1]) if m else None for m in rules]
    styles = {e: style_items(e.get("style")) for e in root.iter() if e.get("style") is not None}
    if None in defaults or None in styles.values():
        return False
    defaults = [item for items in defaults for item in items]
    if any(tag(e) == "g" and name in dict(defaults) for e, items in styles.items() for name, _ in items):
        return False                  # a group would pass a value on where the rule gave every element its own
    parents = {c: p for p in root.iter() for c in p}
    for sheet in sheets:
        parents[sheet].remove(sheet)
    for name, value in defaults:
        root.set(name, value)
    for e, items in styles.items():
        del e.attrib["style"]
        for name, value in items:
            e.set(name, value)
    return True


def inline_uses(root: ET.Element) -> None:
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    for parent in list(root.iter()):
        for i, use in enumerate(list(parent)):
            target = ids.get((use.get(HREF) or "#")[1:]) if tag(use) == "use" else None
            if target is None or tag(target) != "path" or len(target) or \
                    {"clip-path", "transform", "width", "height"} & (set(use.attrib) | set(target.attrib)):
                continue
            d = translate(target.get("d", ""), float(use.get("x", 0)), float(use.get("y", 0)))
            if d is None:
                continue
            attrib = {k: v for k, v in use.attrib.items() if k not in (HREF, "x", "y", "id")}
            attrib.update({k: v for k, v in target.attrib.items() if k not in ("id", "d")})
            path = ET.Element(f"{{{SVG}}}path", {"d": d, **attrib})
            path.tail = use.tail
            parent.remove(use)
            parent.insert(i, path)


def drop_invisible_and_clips(root: ET.Element) -> None:
    parents = {c: p for p in root.iter() for c in p}
    clips = {}
    for e in root.iter():
        if tag(e) == "clipPath" and len(e) == 1 and tag(e[0]) == "rect" and not ({"transform", "clipPathUnits"}
                                                                                 & (set(e.attrib) | set(e[0].attrib))):
            try:
                x, y, w, h = (float(e[0].get(k)) for k in ("x", "y", "width", "height"))
            except (TypeError, ValueError):
                continue
            clips[e.get("id")] = (x, y, x + w, y + h)
    for e in list(root.iter()):
        if tag(e) == "path" and not any(tag(a) in ("defs", "clipPath", "mask", "marker", "pattern", "symbol")
                                        for a in ancestors(e, parents)) and inherited(e, parents, "fill") == "none" and \
                inherited(e, parents, "stroke") in (None, "none") and not ({"id", "marker-start", "marker-mid",
                                                                             "marker-end"} & set(e.attrib)):
            parents[e].remove(e)
    parents = {c: p for p in root.iter() for c in p}
    for e in root.iter():
        m = re.fullmatch(r"url\(#([^)]+)\)", e.get("clip-path", ""))
        rect = clips.get(m[1]) if m else None
        b = box(e, parents) if rect else None
        if b and rect[0] <= b[0] and rect[1] <= b[1] and b[2] <= rect[2] and b[3] <= rect[3]:
            del e.attrib["clip-path"]


def unwrap(root: ET.Element) -> None:
    used = references(root)
    for e in root.iter():
        if e.get("id") is not None and e.get("id") not in used:
            del e.attrib["id"]
    for parent in list(root.iter()):
        for child in list(parent):
            if tag(child) == "defs" and not any(e.get("id") in used for e in child.iter()):
                parent.remove(child)
    changed = True
    while changed:
        changed = False
        for parent in list(root.iter()):
            for i, child in enumerate(list(parent)):
                if tag(child) == "g" and not child.attrib:
                    at = list(parent).index(child)
                    parent.remove(child)
                    for k, grandchild in enumerate(list(child)):
                        parent.insert(at + k, grandchild)
                    changed = True


def merge_paths(root: ET.Element) -> None:
    parents = {c: p for p in root.iter() for c in p}
    for parent in list(root.iter()):
        kept: list[tuple[ET.Element, list]] = []          # each element drawn, with the boxes of what it holds
        for e in list(parent):
            b = box(e, parents)
            key = None
            if tag(e) == "path" and not len(e) and not TRANSLUCENT & set(e.attrib) and path_points(e.get("d", "")):
                key = sorted((k, v) for k, v in e.attrib.items() if k != "d")
            target = None
            if key is not None:
                for i in range(len(kept) - 1, -1, -1):
                    other, boxes = kept[i]
                    if tag(other) == "path" and sorted((k, v) for k, v in other.attrib.items() if k != "d") == key \
                            and shape(e.get("d")) == shape(other.get("d")) != "rect" and (
                                inherited(e, parents, "fill") == "none" or not any(touch(b, ob) for ob in boxes)):
                        target = kept[i]                    # stroked only, or apart from what it holds
                        break
                    if any(touch(b, ob) for ob in boxes):   # drawn over, or under, this one: stays after it
                        break
            if target is None:
                kept.append((e, [b]))
            else:
                target[0].set("d", target[0].get("d") + " " + e.get("d"))
                target[1].append(b)
                parent.remove(e)


def tidy(root: ET.Element) -> None:
    """Path data on one line, one element a line."""
    texts = {d for t in root.iter() if tag(t) == "text" for d in t.iter() if d is not t}
    for e in root.iter():
        if tag(e) == "path" and "d" in e.attrib:
            e.set("d", " ".join(e.get("d").split()))
        if e not in texts:
            if len(e) and tag(e) != "text":
                e.text = "\n"
            e.tail = "\n"


def slim(svg: str) -> str:
    """The SVG text matplotlib wrote, rewritten to draw the same with fewer, cheaper nodes (see the module)."""
    root = ET.fromstring(re.sub(r"\A\s*<\?xml[^>]*\?>", "", svg))
    for parent in list(root.iter()):
        for child in list(parent):
            if tag(child) == "metadata":
                parent.remove(child)
    for e in root.iter():                                         # matplotlib's rotate(-0 x y) on every text
        if re.fullmatch(rf"rotate\(-?0 {NUMBER} {NUMBER}\)", e.get("transform", "")):
            del e.attrib["transform"]
    if convert_styles(root):
        inline_uses(root)
        drop_invisible_and_clips(root)
        unwrap(root)
        merge_paths(root)
    tidy(root)
    # the prefixes again: another module may have registered its own since this one was imported (WeasyPrint's
    # pdf.metadata maps "" to no namespace, and the SVG would come out as <ns0:svg>, which no page inlines)
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
