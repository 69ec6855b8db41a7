"""What every chart of every document shares (matplotlib → SVG): the font, the colours, the ▲ format and
a byte-identical save.

Text stays text (svg.fonttype = none) in the font of the documents (config chart_font_path, IPAexGothic): the PDF
embeds that font once for its pages and its charts, chart text is selectable and searchable, and WeasyPrint
draws a few hundred text runs instead of thousands of glyph outlines. A reader of an SVG on its own needs a
Japanese font (any: the text falls back to it). A fixed hash salt and no date keep the files byte-identical.
``save`` slims each SVG (svgslim): the same drawing in about a third of the nodes, for WeasyPrint to draw; and,
for the HTML edition on a phone, writes the chart's phone variant from the same figure (``phone_layout``)."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from . import fonts  # noqa: E402
from .numbers import fmt_number  # noqa: E402
from .svgslim import number, slim  # noqa: E402

PALETTE = {"self": "#1f4e79", "entrusted": "#c55a11", "all": "#7f7f7f", "band": "#d9e2f3",
           "breach": "#c00000", "ok": "#2e75b6", "reserve": "#a5a5a5", "surplus": "#548235"}
CLASS_COLORS = ["#1f4e79", "#2e75b6", "#9dc3e6", "#bdd7ee", "#c55a11", "#f4b183", "#ffd966", "#a9d18e", "#548235",
                "#7f7f7f"]

__all__ = ["PALETTE", "CLASS_COLORS", "plt", "setup", "f", "tri", "tri_axis", "value_labels", "value_row", "save", "Folder",
           "Chart", "ChartSet"]


def setup(font_path: str) -> None:
    fonts.require(font_path)   # a font, with Japanese: else a FontError naming config.yaml's chart_font_path
    font_manager.fontManager.addfont(font_path)
    name = font_manager.FontProperties(fname=font_path).get_name()
    plt.rcParams.update({
        "font.family": name, "svg.fonttype": "none", "svg.hashsalt": "kyosai",
        "axes.unicode_minus": False, "font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
        "figure.dpi": 100,
    })


def f(x: Decimal | None) -> float | None:
    """A figure for drawing (the only place figures become floats: positions on a chart, never printed text)."""
    return None if x is None else float(x)


def tri(x: float, places: int = 0) -> str:
    """▲1,347 style for chart labels: a position on the chart (a float, at its shortest repr) 四捨五入 as
    ``fmt_number`` writes figures."""
    return fmt_number(Decimal(repr(float(x))), places)


def tri_axis(ax, places: int = 0, suffix: str = "", axis: str = "y") -> None:
    """Tick labels in the ▲ format."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _: tri(v, places) + suffix))


def _line_at(xs: list[float], ys: list[float], x: float) -> float | None:
    """Where a drawn line (NaN = a gap) passes at ``x``, or None."""
    for (x0, y0), (x1, y1) in zip(zip(xs, ys), zip(xs[1:], ys[1:])):
        if x0 <= x <= x1 and y0 == y0 and y1 == y1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 != x0 else y0
    return None


def value_labels(ax, xs: list[float], values: list[float | None], texts: list[str], avoid: list[list[float]] = (),
                 fontsize: float = 7, color: str = "black") -> None:
    """Labels of bar values, over a bar (under a negative one), moved up (down) until no line of ``avoid`` (its
    points and the segments between them, drawn at ``xs``) crosses the label, and written on white, so that no
    label is overprinted by a line or a marker; the axis grows to keep every label inside it."""
    lo, hi = ax.get_ylim()
    x_lo, x_hi = ax.get_xlim()
    pos = ax.get_position()
    inches_h, inches_w = pos.height * ax.figure.get_figheight(), pos.width * ax.figure.get_figwidth()
    height = (hi - lo) * (fontsize * 1.5 / 72) / inches_h           # a label's height in data units, with margin
    top, bottom = hi, lo
    for x, v, text in zip(xs, values, texts):
        if v is None:
            continue
        half = (x_hi - x_lo) * (len(text) * fontsize * 0.62 / 72 + 0.04) / inches_w / 2   # half its width
        samples = [x - half + 2 * half * k / 8 for k in range(9)]
        crossing = [y for ys in avoid for sx in samples if (y := _line_at(xs, ys, sx)) is not None]
        up = v >= 0
        y = start = v + (height * 0.15 if up else -height * 0.15)
        for _ in range(200):                                           # step past every line in the way
            box = (y - height * 0.1, y + height * 1.05) if up else (y - height * 1.05, y + height * 0.1)
            if not any(box[0] <= c <= box[1] for c in crossing):
                break
            y += height * 0.2 if up else -height * 0.2
        moved = abs(y - start) > height * 0.5        # a label moved away from its bar: a leader line to the bar
        ax.annotate(text, (x, v), xytext=(x, y), textcoords="data", ha="center", va="bottom" if up else "top",
                    fontsize=fontsize, zorder=6, color=color,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 1.0},
                    arrowprops={"arrowstyle": "-", "color": color, "linewidth": 0.5, "shrinkA": 0, "shrinkB": 0}
                    if moved else None)
        top, bottom = max(top, y + height * 1.3), min(bottom, y - height * 1.3)
    ax.set_ylim(bottom, top)


def value_row(ax, xs: list[float], texts: list[str], fontsize: float = 7, color: str = "black") -> None:
    """The bars' values as a row along the bottom of the plot, each under its bar, below every bar, line and
    marker (the axis grows by a row): never crossed by a line, never taken for a line's figure, whatever the
    lines do around the bars."""
    lo, hi = ax.get_ylim()
    pos = ax.get_position()
    height = (hi - lo) * (fontsize * 1.6 / 72) / (pos.height * ax.figure.get_figheight())   # a row, in data units
    bottom = lo - height * 1.3
    for x, text in zip(xs, texts):
        if text:
            ax.text(x, bottom + height * 0.2, text, ha="center", va="bottom", fontsize=fontsize, color=color, zorder=6)
    ax.set_ylim(bottom, hi)


def as_wide_as_drawn(svg: str, width_pt: float) -> str:
    """The SVG as wide as its figure was drawn (``width_pt``), the cropped drawing centred in it.

    A page prints a chart at a fixed width (the column, or a share of it, templates/report.css .figure), which the
    figures are drawn for (7.2in for the column of 7.0in). ``bbox_inches="tight"`` crops the margins, and the page
    would then enlarge what is left, its text with it: 9pt tick labels printed at 10–13pt, larger than the 9.5pt
    text of the page (issue #18). Given back its drawn width, a chart's text prints at its size or smaller."""
    m = re.search(r'<svg [^>]*?width="([\d.]+)pt" height="([\d.]+)pt" viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if not m or float(m[3]) >= width_pt:
        return svg
    w, h = float(m[3]), float(m[4])
    head = m[0].replace(f'width="{m[1]}pt"', f'width="{number(width_pt)}pt"').replace(
        f'viewBox="0 0 {m[3]} {m[4]}"', f'viewBox="{number(-(width_pt - w) / 2)} 0 {number(width_pt)} {m[4]}"')
    return svg.replace(m[0], head, 1)


# The HTML edition on a phone (templates/screen.css at max-width 600px): a viewport of 390 CSS px, the body zoomed
# 1.2 inside 3mm of padding a side, shows a chart 100% wide at about 362 px on the screen. A chart drawn for the
# printed column (7.2in) would print its 7pt text at about 5 px there; such a chart gets a phone variant, drawn
# from the same figure by ``phone_layout``, which the HTML edition shows instead on a phone (render.inline_svg).
PHONE_PX = 362.0          # a chart's width on a phone's screen, in CSS px (390 − 2 × 3mm × 1.2)
PHONE_TEXT_PX = 10.0      # the smallest chart text on a phone
PHONE_WIDTH_IN = 3.4      # the phone variant's figure: 245pt wide ...
PHONE_TEXT_PT = 7.5       # ... its smallest text 7.5pt: 7.5 × 362 / 245 ≈ 11 px on the screen


def text_px_on_phone(svg: str) -> float | None:
    """The smallest text of an SVG chart, in CSS px, shown as wide as a phone shows a chart (None: no text)."""
    view = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"', svg)
    sizes = [float(x) for x in re.findall(r'font-size="([\d.]+)(?:px)?"', svg)]
    return min(sizes) * PHONE_PX / float(view[1]) if view and sizes else None


def phone_variant(path: Path) -> Path:
    """Where the phone variant of the chart at ``path`` is written: charts/phone/<key>.svg."""
    return path.parent / "phone" / path.name


def _ascii_word(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c in ",.")


def _wrap_ja(text: str, width: int) -> str:
    """Japanese text in lines of at most ``width`` characters, broken before an opening bracket or after a closing
    one or a 、・ where one is near the end of a line."""
    lines = []
    for line in text.split("\n"):
        while len(line) > width:
            cut = width
            for i in range(width, max(width // 2, 1), -1):
                if line[i] in "（(「" or line[i - 1] in "）)」、・＝":
                    cut = i
                    break
            while cut > 1 and _ascii_word(line[cut - 1]) and _ascii_word(line[cut]):   # never inside a word or figure
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return "\n".join(lines)


def _text_pt(text: str, size: float) -> float:
    """About how wide ``text`` is set at ``size`` pt (its longest line): a Japanese character 1 em, ASCII 0.6 em."""
    return max(sum(size * (0.6 if c.isascii() else 1.0) for c in line) for line in text.split("\n"))


def _overlapping(texts, renderer) -> bool:
    boxes = sorted((t.get_window_extent(renderer) for t in texts), key=lambda b: b.x0)
    return any(b1.x0 < b0.x1 - 0.5 and b1.y0 < b0.y1 and b0.y0 < b1.y1 for i, b0 in enumerate(boxes) for b1 in boxes[i + 1:])


def _fixed_labels(axis):
    """The tick positions, labels and label size an axis was given (set_xticks / set_yticks), or None: an axis
    whose ticks matplotlib places itself fits them to its length."""
    from matplotlib.ticker import FixedLocator

    if not isinstance(axis.get_major_locator(), FixedLocator):
        return None
    labels = axis.get_majorticklabels()
    if not any(t.get_text() for t in labels):
        return None
    return list(axis.get_majorticklocs()), [t.get_text() for t in labels], labels[0].get_fontsize()


def _phone_start(fig) -> None:
    """Before the first pass: no text under PHONE_TEXT_PT, the legends' entries taken (once each) to be gathered
    under the figure, each axis's tick labels as drawn for the page."""
    from matplotlib.text import Text

    fig.phone_height = max(fig.get_figheight() * 1.1, 2.4)
    fig.phone_legend = ([], [])
    for text in fig.findobj(Text):
        if text.get_text() and text.get_fontsize() < PHONE_TEXT_PT:
            text.set_fontsize(PHONE_TEXT_PT)
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None:
            for handle, text in zip(legend.legend_handles, legend.get_texts()):
                if text.get_text() not in fig.phone_legend[1]:
                    fig.phone_legend[0].append(handle)
                    fig.phone_legend[1].append(text.get_text())
            legend.remove()
        ax.phone_x, ax.phone_y = _fixed_labels(ax.xaxis), _fixed_labels(ax.yaxis)


def _phone_labels(ax, width_pt: float) -> None:
    """An axis's title wrapped to the width; its x tick labels thinned (years, dates: every k-th) or wrapped (words)
    where they would overlap, figures placed by matplotlib fewer; long y tick labels wrapped, the figure taller."""
    fig, title = ax.figure, ax.title
    if title.get_text():
        title.set_text(_wrap_ja(title.get_text().replace("\n", ""), int(width_pt * 0.95 / title.get_fontsize())))
    axis_pt = ax.get_position().width * width_pt
    if not ax.phone_x and isinstance(ax.xaxis.get_major_locator(), MaxNLocator):
        ax.xaxis.set_major_locator(MaxNLocator(nbins=max(2, int(axis_pt // 50))))
    if ax.phone_x and ax.xaxis.get_visible():
        ticks, texts, size = ax.phone_x
        need = sum(_text_pt(t, size) + size for t in texts if t)
        if need > axis_pt and sum(bool(re.search(r"\d", t)) for t in texts) * 2 >= len(texts):
            k = -(-int(need) // int(axis_pt))
            ax.set_xticks(ticks[::k], texts[::k], fontsize=size)
        elif need > axis_pt:
            room = max(2, int(axis_pt / max(len(ticks), 1) / size) - 1)
            ax.set_xticks(ticks, [_wrap_ja(t.replace("\n", ""), room) for t in texts], fontsize=size)
    if ax.phone_y and any(len(t) > 10 and not re.fullmatch(r"[\d,.▲％%+\-]+", t) for t in ax.phone_y[1]):
        ticks, texts, size = ax.phone_y
        wrapped = [_wrap_ja(t.replace("\n", ""), 10) for t in texts]
        ax.set_yticks(ticks, wrapped, fontsize=size)
        lines = max(w.count("\n") + 1 for w in wrapped)   # each row as high as its label's lines, and a gap
        fig.phone_height = max(fig.phone_height, fig.phone_height - ax.get_position().height * fig.phone_height
                               + len(wrapped) * (lines + 0.6) * size * 1.2 / 72)


def _phone_turn_crowded(ax, renderer) -> None:
    """Figures written across an axis that would run into each other turned upright; the axis grows to hold them."""
    across = [t for t in ax.texts if t.get_text() and t.get_rotation() == 0 and t.get_visible()]
    ax.get_xlim(), ax.get_ylim()          # the limits as drawn (matplotlib settles them lazily)
    if len(across) < 2 or not _overlapping(across, renderer):
        return
    for t in across:
        t.set_rotation(90)
        t.set_rotation_mode("anchor")
        t.set_horizontalalignment("left" if t.get_verticalalignment() in ("bottom", "baseline") else "right")
        t.set_verticalalignment("center")
    box, inverse = ax.get_window_extent(renderer), ax.transData.inverted()
    extents = [t.get_window_extent(renderer) for t in across]
    lo, hi = ax.get_ylim()
    low, high = min(e.y0 for e in extents) - 2, max(e.y1 for e in extents) + 2
    ax.set_ylim(inverse.transform((box.x0, low))[1] if low < box.y0 else lo,
                inverse.transform((box.x0, high))[1] if high > box.y1 else hi)


def phone_layout(fig, width_in: float = PHONE_WIDTH_IN) -> None:
    """The figure re-laid for a phone (``width_in`` wide, no text under PHONE_TEXT_PT): titles and long tick labels
    wrapped, year ticks thinned to every second (third, ...) year where they would overlap, other tick labels
    wrapped, figures written on the bars turned upright where they would run into each other, the legends gathered
    under the figure in as many columns as fit. What the chart shows stays: the same data, marks and texts, from
    the same drawing. Estimated from the texts' sizes, without drawing the figure (a phone variant costs about one
    more save of the chart). Run again with a smaller width, it lays the figure out again."""
    if not hasattr(fig, "phone_height"):
        _phone_start(fig)
    fig.set_size_inches(width_in, fig.phone_height)
    for legend in list(fig.legends):
        legend.remove()
    width_pt = width_in * 72
    for ax in fig.axes:
        _phone_labels(ax, width_pt)
    fig.set_size_inches(width_in, fig.phone_height)
    renderer = fig._get_renderer()
    for ax in fig.axes:
        _phone_turn_crowded(ax, renderer)
    handles, names = fig.phone_legend
    if handles:
        size = PHONE_TEXT_PT
        bottom = min(_below_axis(ax) for ax in fig.axes)
        entry = max(_text_pt(n, size) for n in names) + 3 * size
        fig.legend(handles, names, fontsize=size, frameon=False, loc="upper center",
                   bbox_to_anchor=(0.5, bottom - 0.01), ncol=max(1, min(len(names), int(width_pt // entry))))


def _below_axis(ax) -> float:
    """Where, in the figure's height (0–1), an axis ends below with its tick labels: estimated from their lines."""
    fig, lines, size = ax.figure, 0, PHONE_TEXT_PT
    if ax.xaxis.get_visible():
        shown = [t for t in ax.get_xticklabels() if t.get_text() and t.get_visible()]
        if shown:
            lines, size = max(t.get_text().count("\n") + 1 for t in shown), shown[0].get_fontsize()
    return ax.get_position().y0 - (lines * size * 1.25 + 5) / (fig.get_figheight() * 72)


# the widest a phone variant may be drawn, its smallest text still PHONE_TEXT_PX on a phone (about 266pt)
PHONE_WIDEST_PT = PHONE_TEXT_PT * PHONE_PX / PHONE_TEXT_PX * 0.98


def _phone_svg(fig) -> str:
    """The phone variant's SVG: laid out by ``phone_layout``, once more narrower where the cropped drawing would be
    wider than PHONE_WIDEST_PT (a text sticking out at a side: the whole chart would shrink on the phone)."""
    width = PHONE_WIDTH_IN
    for _ in range(3):
        phone_layout(fig, width)
        box = fig.get_tightbbox(fig._get_renderer()).padded(plt.rcParams["savefig.pad_inches"])   # as "tight" saves
        drawn = box.width * 72
        if drawn <= PHONE_WIDEST_PT:
            break
        width = max(width - (drawn - PHONE_WIDTH_IN * 72) / 72, PHONE_WIDTH_IN / 2)
    out = io.StringIO()   # cropped to the box just measured (savefig's "tight" would measure it again)
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches=box)
    return as_wide_as_drawn(slim(out.getvalue()), PHONE_WIDTH_IN * 72)


def save(fig, path: Path, phone: bool = True) -> Path:
    """The chart as an SVG file as wide as drawn (``as_wide_as_drawn``), slimmed for WeasyPrint (svgslim: the same
    drawing in fewer, cheaper nodes); with ``phone``, and where its text would be under PHONE_TEXT_PX on a phone,
    its phone variant too (``phone_layout``, written to ``phone_variant(path)``)."""
    out = io.StringIO()
    width_pt = fig.get_figwidth() * 72
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = as_wide_as_drawn(slim(out.getvalue()), width_pt)
    path.write_text(svg, encoding="utf-8")
    smallest = text_px_on_phone(svg)
    if phone and smallest is not None and smallest < PHONE_TEXT_PX:
        phone_variant(path).parent.mkdir(exist_ok=True)
        phone_variant(path).write_text(_phone_svg(fig), encoding="utf-8")
    plt.close(fig)
    return path


class Folder:
    """The charts of one document: draw(key, function, *arguments) writes <folder>/<key>.svg and remembers it."""

    def __init__(self, folder: Path, font_path: str):
        setup(font_path)
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.made = folder, {}

    def draw(self, key: str, fn, *args) -> None:
        self.made[key] = fn(*args, self.folder / f"{key}.svg").name


@dataclass(frozen=True)
class Chart:
    """One chart, declared once: what it draws, when, its title, how it is drawn and what its alternative text says.

    key: its file and the name the templates use (doc.charts[key]); with ``each``, a format of each item
        ("deviation_{fiscal_year}": one chart per item of the data);
    data: the model → what the chart draws (and its alternative text states);
    title: its title, a text or a function of the data: drawn as its heading, and the first sentence of its
        alternative text (``alt_title`` where that says it differently, e.g. without the formula the heading gives);
    draw: (data, title, path) → the SVG written at path;
    alt: the data → the groups of figures of its alternative text (``describe``: [(group name, [(name, figure)])]);
    when: the data → whether the document has the chart (None: always)."""
    key: str
    data: Callable[[dict], Any]
    title: str | Callable[[Any], str]
    draw: Callable[[Any, str, Path], Path]
    alt: Callable[[Any], list[tuple[str, list[tuple[str, str]]]]]
    when: Callable[[Any], Any] | None = None
    alt_title: str | Callable[[Any], str] | None = None
    each: bool = False

    def instances(self, model: dict) -> list[tuple[str, Any]]:
        """(key, data) of every chart this declaration makes of the model (none when its condition fails)."""
        data = self.data(model)
        if self.each:
            return [(self.key.format_map(item), item) for item in data if self.when is None or self.when(item)]
        return [(self.key, data)] if self.when is None or self.when(data) else []

    def title_of(self, data: Any, alt: bool = False) -> str:
        title = self.alt_title if alt and self.alt_title is not None else self.title
        return title(data) if callable(title) else title


class ChartSet:
    """The charts of one document, in the order they are drawn: as TableSet declares its tables. ``draw`` and
    ``alt_texts`` both read the declarations, so a chart's key, condition and title are written once."""

    def __init__(self, *charts: Chart):
        keys = [c.key for c in charts]
        if len(set(keys)) != len(keys):
            raise ValueError(f"a chart declared twice: {sorted(k for k in keys if keys.count(k) > 1)}")
        self.charts = charts

    def __iter__(self):
        return iter(self.charts)

    def draw(self, model: dict, out: Path, font_path: str) -> dict[str, str]:
        """Draw every chart the model has data for into ``out``; returns chart key → file name."""
        folder = Folder(out, font_path)
        for chart in self.charts:
            for key, data in chart.instances(model):
                folder.draw(key, chart.draw, data, chart.title_of(data))
        return folder.made

    def alt_texts(self, model: dict) -> dict[str, str]:
        """The alternative text of every chart ``draw`` makes, stating its figures as printed."""
        return {key: describe(chart.title_of(data, alt=True), *chart.alt(data))
                for chart in self.charts for key, data in chart.instances(model)}


def describe(title: str, *groups: tuple[str, list[tuple[str, str]]]) -> str:
    """The alternative text of a chart, stating its figures: 「title。group：name figure、name figure。…」."""
    parts = [title]
    for name, items in groups:
        parts.append(f"{name}：" + "、".join(f"{k} {v}" for k, v in items) if name else "、".join(f"{k} {v}" for k, v in items))
    return "。".join(parts) + "。"
