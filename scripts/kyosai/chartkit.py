"""What every chart of every document shares (matplotlib → SVG): the font, the colours, the ▲ format and
a byte-identical save.

Text stays text (svg.fonttype = none) in the font of the documents (config font_path, IPAexGothic): the PDF
embeds that font once for its pages and its charts, chart text is selectable and searchable, and WeasyPrint
draws a few hundred text runs instead of thousands of glyph outlines. A reader of an SVG on its own needs a
Japanese font (any: the text falls back to it). A fixed hash salt and no date keep the files byte-identical."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

PALETTE = {"self": "#1f4e79", "entrusted": "#c55a11", "all": "#7f7f7f", "band": "#d9e2f3",
           "breach": "#c00000", "ok": "#2e75b6", "reserve": "#a5a5a5", "surplus": "#548235"}
CLASS_COLORS = ["#1f4e79", "#2e75b6", "#9dc3e6", "#bdd7ee", "#c55a11", "#f4b183", "#ffd966", "#a9d18e", "#548235",
                "#7f7f7f"]

__all__ = ["PALETTE", "CLASS_COLORS", "plt", "setup", "f", "tri", "tri_axis", "value_labels", "save", "Folder"]


def setup(font_path: str) -> None:
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
    """▲1,347 style for chart labels."""
    s = f"{abs(x):,.{places}f}"
    return f"▲{s}" if x < 0 else s


def tri_axis(ax, places: int = 0, suffix: str = "", axis: str = "y") -> None:
    """Tick labels in the ▲ format."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _: tri(v, places) + suffix))


def value_labels(ax, xs: list[float], values: list[float | None], texts: list[str], avoid: list[list[float]] = (),
                 fontsize: float = 7) -> None:
    """Labels of bar values, over a bar (under a negative one), moved clear of the points the lines in ``avoid``
    have at the same x and written on white, so that no label is overprinted by a line or marker; the axis
    grows to keep every label inside it."""
    lo, hi = ax.get_ylim()
    inches = ax.get_position().height * ax.figure.get_figheight()
    height = (hi - lo) * (fontsize * 1.5 / 72) / inches           # a label's height in data units, with margin
    top, bottom = hi, lo
    for i, (x, v, text) in enumerate(zip(xs, values, texts)):
        if v is None:
            continue
        points = [ys[i] for ys in avoid if ys[i] == ys[i]]           # NaN: no point (a gap in the line)
        up = v >= 0
        y = v + (height * 0.15 if up else -height * 0.15)
        for _ in range(len(points) + 1):                              # step past each point in the way
            span = (y - height * 0.35, y + height * 1.2) if up else (y - height * 1.2, y + height * 0.35)
            clash = [p for p in points if span[0] <= p <= span[1]]
            if not clash:
                break
            y = max(clash) + height * 0.45 if up else min(clash) - height * 0.45
        ax.annotate(text, (x, y), ha="center", va="bottom" if up else "top", fontsize=fontsize, zorder=6,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4, "alpha": 0.9})
        top, bottom = max(top, y + height * 1.3), min(bottom, y - height * 1.3)
    ax.set_ylim(bottom, top)


def save(fig, path: Path) -> Path:
    fig.savefig(path, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
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


def describe(title: str, *groups: tuple[str, list[tuple[str, str]]]) -> str:
    """The alternative text of a chart, stating its figures: 「title。group：name figure、name figure。…」."""
    parts = [title]
    for name, items in groups:
        parts.append(f"{name}：" + "、".join(f"{k} {v}" for k, v in items) if name else "、".join(f"{k} {v}" for k, v in items))
    return "。".join(parts) + "。"
