"""The charts of 「小規模企業共済 運用環境と財政の分析」 (matplotlib → SVG through kyosai.chartkit), drawn from the model
(kyosai.bunseki.model), each declared once in CHARTS (kyosai.chartkit.ChartSet). A missing figure is a gap in a line
or a missing bar, never a zero."""
from __future__ import annotations

import math
from pathlib import Path

from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MultipleLocator

from .. import era
from ..chartkit import PALETTE, Chart, ChartSet, f, plt, save, tri_axis, value_labels
from ..numbers import fmt_axis, fmt_number, round_half_up
from .tables import RATE_PLACES


def _nan(v):
    return float("nan") if v is None else float(v)


def _signed_swatches(label: str) -> list[Patch]:
    """Legend entries for bars coloured by sign: green for a positive value, red for a negative one."""
    return [Patch(color=PALETTE["surplus"], label=f"{label}（プラス）"),
            Patch(color=PALETTE["breach"], label=f"{label}（マイナス）")]


def _tick_below_zero(ax, lowest: float) -> None:
    """Extend the axis down to the first tick below ``lowest`` (a negative value), so that a negative line or bar
    has a tick beneath it; the tick step stays the one matplotlib chose."""
    if lowest >= 0:
        return
    ticks = ax.get_yticks()
    step = ticks[1] - ticks[0]
    bottom = -math.ceil(-lowest / step * 1.05) * step
    ax.yaxis.set_major_locator(MultipleLocator(step))
    ax.set_ylim(bottom, ax.get_ylim()[1])


def _year_ticks(ax, xs, labels, every: int = 1, size: float = 6.5):
    ax.set_xticks(xs[::every], labels[::every], fontsize=size, rotation=0)


def cash_flow_chart(rows: list[dict], title: str, path: Path) -> Path:
    """掛金収入 and 共済金等支出 as paired bars, 収支差 and 収支差＋利金収入 as lines."""
    fig, ax = plt.subplots(figsize=(7.2, 3.0))
    xs = list(range(len(rows)))
    w = 0.38
    ax.bar([x - w / 2 for x in xs], [f(r["contributions"]) for r in rows], width=w, color=PALETTE["self"], label="掛金収入")
    ax.bar([x + w / 2 for x in xs], [f(r["benefits"]) for r in rows], width=w, color=PALETTE["reserve"], label="共済金等支出")
    ax.plot(xs, [f(r["balance"]) for r in rows], color=PALETTE["breach"], marker="o", markersize=2.5, linewidth=1.1,
            label="収支差")
    ax.plot(xs, [f(r["balance_with_interest"]) for r in rows], color=PALETTE["entrusted"], marker="s", markersize=2.5,
            linewidth=1.1, label="収支差＋利金収入")
    ax.axhline(0, color="black", linewidth=0.6)
    _year_ticks(ax, xs, [era.fy_short(r["fiscal_year"]).removesuffix("年度") for r in rows])
    tri_axis(ax)
    ax.set_ylabel("億円")
    ax.set_ylim(top=max(f(r["contributions"]) for r in rows) * 1.3)
    _tick_below_zero(ax, min(f(r[k]) for r in rows for k in ("balance", "balance_with_interest")))
    ax.legend(fontsize=7, frameon=False, ncol=4, loc="upper left")
    ax.set_title(title, fontsize=9)
    return save(fig, path)


def basic_profit_chart(rows: list[dict], title: str, path: Path) -> Path:
    """基礎的な収益 as bars (a missing year left empty), 当期利益 and 委託運用収入 as lines."""
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    xs = list(range(len(rows)))
    vals = [r["basic_profit"] for r in rows]
    ax.bar([x for x, v in zip(xs, vals) if v is not None], [f(v) for v in vals if v is not None], width=0.55,
           color=[PALETTE["surplus"] if v >= 0 else PALETTE["breach"] for v in vals if v is not None], zorder=2)
    lines = [[_nan(r["net_income"]) for r in rows], [_nan(r["entrusted_income"]) for r in rows]]
    h1, = ax.plot(xs, lines[0], color=PALETTE["self"], marker="o", markersize=2.5, linewidth=1, label="当期利益", zorder=3)
    h2, = ax.plot(xs, lines[1], color=PALETTE["entrusted"], marker="s", markersize=2.5, linewidth=1, linestyle="--",
                  label="委託運用収入", zorder=3)
    ax.axhline(0, color="black", linewidth=0.6)
    _year_ticks(ax, xs, [era.fy_short(r["fiscal_year"]).removesuffix("年度") for r in rows])
    tri_axis(ax)
    ax.set_ylabel("億円")
    # the bars' figures clear of the two lines (moved past them with a leader to the bar where needed), on white
    value_labels(ax, xs, [f(v) for v in vals], [fmt_number(v) if v is not None else "" for v in vals], lines,
                 fontsize=6.5, color="#404040")
    ax.legend(handles=[h1, h2, *_signed_swatches("基礎的な収益")], fontsize=7, frameon=False,
              ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.1))
    ax.set_title(title, fontsize=9)
    return save(fig, path)


def reserve_yield_chart(rows: list[dict], title: str, path: Path) -> Path:
    """自家運用損益 ÷ 責任準備金 and 自家運用利回り against the 予定利率 and the 10年国債金利 (gaps where not in the data)."""
    fig, ax = plt.subplots(figsize=(7.2, 2.6))
    xs = list(range(len(rows)))
    for key, label, color, style in (("reserve_ratio", "自家運用損益÷責任準備金", PALETTE["self"], "-"),
                                     ("self_yield", "自家運用利回り", PALETTE["ok"], ":"),
                                     ("assumed_rate", "予定利率", PALETTE["breach"], "-"),
                                     ("jgb_10y", "10年国債金利（年度初）", PALETTE["entrusted"], "--")):
        ax.plot(xs, [_nan(r[key]) for r in rows], color=color, linestyle=style, marker="o", markersize=2.3,
                linewidth=1.1, label=label)
    ax.axhline(0, color="black", linewidth=0.5)
    _year_ticks(ax, xs, [era.fy_short(r["fiscal_year"]).removesuffix("年度") for r in rows])
    tri_axis(ax, 1, "%")
    # a negative 10年国債金利 (003 ①-1: H28 ▲0.07%) clear of the frame, with a tick beneath it
    _tick_below_zero(ax, min((f(r[k]) for r in rows for k in ("reserve_ratio", "self_yield", "assumed_rate", "jgb_10y")
                              if r[k] is not None), default=0))
    ax.legend(fontsize=7, frameon=False, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.1))
    ax.set_title(title, fontsize=9)
    return save(fig, path)


def surplus_nikkei_chart(rows: list[dict], title: str, path: Path) -> Path:
    """利益剰余金・繰越欠損金 (bars, left axis) and 日経平均 (line, right axis)."""
    fig, ax = plt.subplots(figsize=(7.2, 2.5))
    xs = list(range(len(rows)))
    vals = [f(r["surplus"]) for r in rows]
    ax.bar(xs, vals, width=0.6, color=[PALETTE["surplus"] if v >= 0 else PALETTE["breach"] for v in vals])
    ax.axhline(0, color="black", linewidth=0.6)
    tri_axis(ax)
    ax.set_ylabel("億円")
    right = ax.twinx()
    right.spines["right"].set_visible(True)
    right.plot(xs, [_nan(r["nikkei225"]) for r in rows], color=PALETTE["self"], marker="o", markersize=2.5, linewidth=1.2,
               label="日経平均（右軸、円）")
    right.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_axis(v)))
    right.set_ylabel("円")
    top = max((float(r["nikkei225"]) for r in rows if r["nikkei225"] is not None), default=1.0)
    right.set_ylim(0, top * 1.25)
    span = max(vals) - min(vals)
    ax.set_ylim(min(vals) - 0.15 * span, max(vals) + 0.45 * span)
    labels = ["発足" if r["point"] == "founded" else era.fy_short(r["fiscal_year"]).removesuffix("年度") for r in rows]
    _year_ticks(ax, xs, labels, size=7.5)
    h2, _ = right.get_legend_handles_labels()
    ax.legend(handles=[Patch(color=PALETTE["surplus"], label="利益剰余金（左軸、億円）"),
                       Patch(color=PALETTE["breach"], label="繰越欠損金（左軸、億円）"), *h2],
              fontsize=7, frameon=False, ncol=3, loc="upper left")
    ax.set_title(title, fontsize=9)
    return save(fig, path)


def deficit_plan_chart(plan: dict, title: str, path: Path) -> Path:
    """The plan's straight paths to elimination (shortest and longest term) and the actual 利益剰余金."""
    rows, s = plan["path"], plan["summary"]
    fig, ax = plt.subplots(figsize=(7.2, 3.6))
    xs = list(range(len(rows)))
    actual = [r["actual"] for r in rows]
    # the plan's paths behind the bars (a bar is never overprinted by a line), the bars coloured by sign
    ax.bar([x for x, v in zip(xs, actual) if v is not None], [f(v) for v in actual if v is not None], width=0.55,
           color=[PALETTE["surplus"] if v >= 0 else PALETTE["breach"] for v in actual if v is not None], zorder=3)
    h1, = ax.plot(xs, [_nan(r["fast"]) for r in rows], color=PALETTE["self"], linestyle="--", linewidth=1.1, zorder=2,
                  label=f"計画の経路（{fmt_number(s['years_min'])}年で解消）")
    h2, = ax.plot(xs, [_nan(r["slow"]) for r in rows], color=PALETTE["entrusted"], linestyle="-.", linewidth=1.1,
                  zorder=2, label=f"計画の経路（{fmt_number(s['years_max'])}年で解消）")
    ax.axhline(0, color="black", linewidth=0.6, zorder=4)
    _year_ticks(ax, xs, [era.fy_short(r["fiscal_year"]).removesuffix("年度") for r in rows])
    tri_axis(ax)
    ax.set_ylabel("億円")
    ax.legend(handles=[h1, h2, Patch(color=PALETTE["surplus"], label="実績：利益剰余金"),
                       Patch(color=PALETTE["breach"], label="実績：繰越欠損金")],
              fontsize=7, frameon=False, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.1))
    ax.set_title(title, fontsize=9)
    return save(fig, path)


def reserve_projection_chart(rows: list[dict], title: str, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7.2, 2.4))
    xs = list(range(len(rows)))
    ax.plot(xs, [_nan(r["with_reform"]) for r in rows], color=PALETTE["self"], linestyle="--", marker="o", markersize=2,
            linewidth=1, label="推計（法改正を反映した場合）")
    ax.plot(xs, [_nan(r["without_reform"]) for r in rows], color=PALETTE["ok"], linestyle=":", marker="o", markersize=2,
            linewidth=1, label="推計（反映しない場合）")
    ax.plot(xs, [_nan(r["actual"]) for r in rows], color=PALETTE["entrusted"], marker="s", markersize=2.5, linewidth=1.4,
            label="実績")
    _year_ticks(ax, xs, [era.fy_short(r["fiscal_year"]).removesuffix("年度") for r in rows])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_axis(v)))
    ax.set_ylabel("億円")
    values = [float(r[k]) for r in rows for k in ("with_reform", "without_reform", "actual") if r[k] is not None]
    span = max(values) - min(values)
    ax.set_ylim(min(values) - 0.05 * span, max(values) + 0.22 * span)   # headroom: the top point clear of the frame and legend
    ax.legend(fontsize=7, frameon=False, ncol=3, loc="upper left")
    ax.set_title(title, fontsize=9)
    return save(fig, path)


def sensitivity_shown(sens: dict | None) -> bool:
    """Whether the sensitivity chart has something to show: a rate above 0 as printed in one scenario at least. In a
    year whose every scenario gives 「0」 (no fund after the deductions) the bars would all be of length 0, empty
    axes: the page says so in a sentence instead (templates/bunseki/rates.html.j2)."""
    return bool(sens) and any(round_half_up(r["rate"], RATE_PLACES) > 0 for r in sens["rows"])


def sensitivity_chart(sens: dict, title: str, path: Path) -> Path:
    """The rate under each scenario (horizontal bars), the document's own method highlighted, its rate as a line."""
    rows = list(reversed(sens["rows"]))
    fig, ax = plt.subplots(figsize=(7.2, 0.32 * len(rows) + 1.0))
    ys = list(range(len(rows)))
    colors = [PALETTE["entrusted"] if r["official"] else PALETTE["self"] for r in rows]
    ax.barh(ys, [f(r["rate"]) for r in rows], color=colors, height=0.6, zorder=2)
    for y, r in zip(ys, rows):   # on white, above the reference line
        ax.annotate(fmt_number(r["rate"], RATE_PLACES) + ("（資料の支給率）" if r["official"] else ""), (f(r["rate"]), y),
                    va="center", ha="left", xytext=(3, 0), textcoords="offset points", fontsize=7, zorder=5,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.8, "alpha": 1.0})
    ax.axvline(f(sens["official"]), color=PALETTE["entrusted"], linewidth=0.8, linestyle=":", zorder=1)
    ax.set_yticks(ys, [r["label_ja"] for r in rows], fontsize=7)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_axis(v, 3)))
    ax.set_xlim(0, max(f(r["rate"]) for r in rows) * 1.45)
    ax.set_title(title, fontsize=9)
    return save(fig, path)


def n(v, places=0) -> str:
    """A figure of an alternative text as the tables print it (－ where the data has none)."""
    return "－" if v is None else fmt_number(v, places)


def year(r: dict) -> str:
    return era.fy_short(r["fiscal_year"])


def by_measure(*measures: tuple[str, str], places: int = 0):
    """The alternative text's figures of a yearly series: one group per measure (key, name), its years' figures."""
    return lambda rows: [(name, [(year(r), n(r[key], places)) for r in rows]) for key, name in measures]


def surplus_figures(rows: list[dict]) -> list:
    label = lambda r: "発足" if r["point"] == "founded" else year(r)   # noqa: E731
    return [("利益剰余金・繰越欠損金", [(label(r), n(r["surplus"])) for r in rows]),
            ("日経平均", [(label(r), n(r["nikkei225"], 2)) for r in rows])]


def deficit_plan_figures(plan: dict) -> list:
    s = plan["summary"]
    return [("実績", [(year(r), n(r["actual"])) for r in plan["path"]]),
            (f"計画の経路（{fmt_number(s['years_min'])}年で解消）", [(year(r), n(r["fast"])) for r in plan["path"]]),
            (f"計画の経路（{fmt_number(s['years_max'])}年で解消）", [(year(r), n(r["slow"])) for r in plan["path"]])]


CHARTS = ChartSet(
    Chart("cash_flows", lambda m: m["cash_flows"]["rows"], when=bool, title="キャッシュ・フローの推移（億円）",
          draw=cash_flow_chart, alt=by_measure(("contributions", "掛金収入"), ("benefits", "共済金等支出"),
                                               ("balance", "収支差"), ("balance_with_interest", "収支差＋利金収入"))),
    Chart("basic_profit", lambda m: m["basic_profit"]["rows"], when=bool,
          title="基礎的な収益（＝当期利益－委託運用収入）の推移（億円）", alt_title="基礎的な収益の推移（億円）",
          draw=basic_profit_chart, alt=by_measure(("basic_profit", "基礎的な収益"), ("net_income", "当期利益"),
                                                  ("entrusted_income", "委託運用収入"))),
    Chart("reserve_yield", lambda m: m["reserve_yield"]["rows"], when=bool,
          title="自家運用損益÷責任準備金と予定利率・10年国債金利",
          alt_title="自家運用損益÷責任準備金と予定利率・10年国債金利（%）", draw=reserve_yield_chart,
          alt=by_measure(("reserve_ratio", "自家運用損益÷責任準備金"), ("self_yield", "自家運用利回り"),
                         ("assumed_rate", "予定利率"), ("jgb_10y", "10年国債金利（年度初）"), places=2)),
    Chart("surplus_nikkei", lambda m: m["surplus"]["rows"], when=bool, title="利益剰余金・繰越欠損金と日経平均（年度末）",
          alt_title="利益剰余金・繰越欠損金（億円）と日経平均（円）、年度末", draw=surplus_nikkei_chart,
          alt=surplus_figures),
    Chart("deficit_plan", lambda m: m["deficit_plan"], title="繰越欠損金削減計画（平成21年8月）の経路と実績（年度末、億円）",
          draw=deficit_plan_chart, alt=deficit_plan_figures),
    Chart("reserve_projections", lambda m: m["reserve_projections"]["rows"], when=bool,
          title="責任準備金の推計（削減計画の別表1）と実績（年度末、億円）", alt_title="責任準備金の推計と実績（年度末、億円）",
          draw=reserve_projection_chart, alt=by_measure(("with_reform", "推計（法改正を反映した場合）"),
                                                        ("without_reform", "推計（反映しない場合）"), ("actual", "実績"))),
    Chart("sensitivity", lambda m: m["rates"]["sensitivity"], when=sensitivity_shown,
          title=lambda sens: f"{era.fy_long(sens['rate_fiscal_year'])}の支給率の感応度（参考計算）", draw=sensitivity_chart,
          alt=lambda sens: [("", [(r["label_ja"], n(r["rate"], RATE_PLACES)) for r in sens["rows"]])]),
)
