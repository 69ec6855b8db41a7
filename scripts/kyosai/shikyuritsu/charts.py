"""The charts of the 支給率 document (matplotlib → SVG): the path from the 剰余金見込額 to the 付加共済金原資,
and the rate under each scenario; each declared once in CHARTS (kyosai.chartkit.ChartSet)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from matplotlib.ticker import FuncFormatter, MaxNLocator

from .. import era
from ..chartkit import PALETTE, Chart, ChartSet, plt, save, tri_axis
from ..numbers import fmt_axis, fmt_number, round_half_up
from .engine import PLACES


def waterfall_steps(model: dict) -> list[dict]:
    """From the 剰余金見込額 down to the 付加共済金原資: (label, start, end, kind) with printed figures."""
    amount = PLACES["amount"]
    steps = [{"label": "剰余金見込額", "start": Decimal(0), "end": round_half_up(model["inputs"]["surplus"], amount),
              "kind": "total", "text": fmt_number(model["inputs"]["surplus"])}]
    level = steps[0]["end"]
    names = {"retained": "過年度の\n留保額", "potential_loss": "満期保有債券の\n潜在的損失額"}
    for d in model["deductions"]:
        v = round_half_up(d["value"], amount)
        label = f"推計リスク\n（{fmt_number(d['sigma'])}σ）" if d["kind"] == "risk" else names[d["kind"]]
        steps.append({"label": label, "start": level, "end": level - v, "kind": "deduction", "text": fmt_number(-v)})
        level -= v
    steps.append({"label": "控除後の\n剰余金見込額", "start": Decimal(0), "end": round_half_up(model["available"], amount),
                  "kind": "total", "text": fmt_number(model["available"])})
    fund = model["fund"]["value"] if model["fund_arises"] else Decimal(0)
    if model["fund_arises"]:   # nothing is retained when nothing is left after the deductions
        steps.append({"label": f"積立金\n（{model['method']['share_ja']}を留保）", "start": steps[-1]["end"],
                      "end": round_half_up(fund, PLACES["fund"]), "kind": "retain", "text": ""})
    steps.append({"label": "付加共済金原資", "start": Decimal(0), "end": round_half_up(fund, PLACES["fund"]),
                  "kind": "result", "text": model["fund"]["text"]})   # 0 for a zero fund, as 002 prints zeros
    return steps


def waterfall_figure(steps: list[dict], title: str):
    """The waterfall: each bar from its start to its end, below zero where the amount after deductions is
    negative (the axis then extends below 0, with the zero line drawn)."""
    fig, ax = plt.subplots(figsize=(7.2, 2.8))   # low enough that the rate, its formulas and the chart share §4's page
    colors = {"total": PALETTE["self"], "deduction": PALETTE["breach"],
              "retain": PALETTE["reserve"], "result": PALETTE["surplus"]}
    top = max(0.0, max(float(max(s["start"], s["end"])) for s in steps))
    bottom = min(0.0, min(float(min(s["start"], s["end"])) for s in steps))
    for x, s in enumerate(steps):
        lo, hi = sorted((float(s["start"]), float(s["end"])))
        ax.bar(x, hi - lo, bottom=lo, width=0.6, color=colors[s["kind"]], zorder=2)
        if s["text"]:
            below = s["kind"] != "deduction" and float(s["end"]) < 0   # a negative total: its label under the bar
            ax.annotate(s["text"], (x, lo if below else hi), ha="center", va="top" if below else "bottom",
                        xytext=(0, -2 if below else 2), textcoords="offset points",
                        fontsize=8, color=colors[s["kind"]] if s["kind"] == "deduction" else "black")
        if x + 1 < len(steps):
            ax.plot([x + 0.3, x + 0.7], [float(s["end"])] * 2, color="#7f7f7f", linewidth=0.6, zorder=1)
    ax.set_xticks(range(len(steps)), [s["label"] for s in steps], fontsize=7.5)
    span = top - bottom
    ax.set_ylim(bottom - span * 0.12 if bottom < 0 else 0, top + span * 0.12)
    if bottom < 0:
        ax.axhline(0, color="black", linewidth=0.8, zorder=3)
    tri_axis(ax)
    ax.set_ylabel("億円")
    ax.set_title(title, fontsize=9)
    return fig


def waterfall_chart(model: dict, title: str, path: Path) -> Path:
    return save(waterfall_figure(waterfall_steps(model), title), path)


def scenario_chart(model: dict, title: str, path: Path) -> Path:
    """The rate under each scenario, the document's own (printed) rate as a dotted line."""
    published_rate = round_half_up(model["rate"], PLACES["rate"])
    rows = list(reversed(model["scenarios"]))
    fig, ax = plt.subplots(figsize=(7.2, 0.26 * len(rows) + 0.8))
    ys = range(len(rows))
    printed = [round_half_up(s["rate"], PLACES["rate"]) for s in rows]
    rates = [float(p) for p in printed]
    ax.barh(list(ys), rates, height=0.6, zorder=2,
            color=[PALETTE["entrusted"] if s["current"] else PALETTE["self"] for s in rows])
    for y, v, p in zip(ys, rates, printed):
        ax.annotate(fmt_number(p, PLACES["rate"]), (v, y), va="center", ha="left", xytext=(3, 0),
                    textcoords="offset points", fontsize=7, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6},
                    zorder=4)
    ax.axvline(float(published_rate), color="black", linewidth=0.6, linestyle=":", zorder=1)
    ax.set_yticks(list(ys), [s["label_ja"] for s in rows], fontsize=7)
    ax.set_xlim(0, max(rates + [float(published_rate), 0.001]) * 1.25)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    step = Decimal(f"{ax.get_xticks()[1] - ax.get_xticks()[0]:.10g}").normalize()
    places = max(0, -step.adjusted()) + (1 if step.scaleb(-step.adjusted()) % 1 else 0)   # 0.0025 → 4 places
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_axis(v, places)))
    ax.set_title(title, fontsize=9)
    return save(fig, path)


CHARTS = ChartSet(
    Chart("waterfall", lambda m: m, title=lambda m: f"{era.fy_long(m['fiscal_year'])}の付加共済金原資の算定（億円）",
          draw=waterfall_chart, alt=lambda m: [("", [(s["label"].replace("\n", ""), s["text"] or fmt_number(s["end"], 1))
                                                     for s in waterfall_steps(m)])]),
    Chart("scenarios", lambda m: m, when=lambda m: m["scenarios"], draw=scenario_chart,
          title=lambda m: f"シナリオ別の支給率（参考計算。点線は本資料の支給率 "
                          f"{fmt_number(round_half_up(m['rate'], PLACES['rate']), PLACES['rate'])}）",
          alt_title="シナリオ別の支給率（参考計算）",
          alt=lambda m: [("", [(s["label_ja"], fmt_number(s["rate"], PLACES["rate"])) for s in m["scenarios"]])]),
)
