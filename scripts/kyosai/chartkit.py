"""What every chart of every document shares (matplotlib → SVG): the font, the colours, the ▲ format and
a byte-identical save.

Text stays text (svg.fonttype = none) in the font of the documents (config chart_font_path, IPAexGothic): the PDF
embeds that font once for its pages and its charts, chart text is selectable and searchable, and WeasyPrint
draws a few hundred text runs instead of thousands of glyph outlines. A reader of an SVG on its own needs a
Japanese font (any: the text falls back to it). A fixed hash salt and no date keep the files byte-identical.
``save`` slims each SVG (svgslim): the same drawing in about a third of the nodes, for WeasyPrint to draw."""
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
from matplotlib.ticker import FuncFormatter  # noqa: E402

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


def save(fig, path: Path) -> Path:
    """The chart as an SVG file as wide as drawn (``as_wide_as_drawn``), slimmed for WeasyPrint (svgslim: the same
    drawing in fewer, cheaper nodes)."""
    out = io.StringIO()
    width_pt = fig.get_figwidth() * 72
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    path.write_text(as_wide_as_drawn(slim(out.getvalue()), width_pt), encoding="utf-8")
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
