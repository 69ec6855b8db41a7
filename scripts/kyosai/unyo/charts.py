"""The charts of the 運用状況 report (matplotlib → SVG), drawn from the model (kyosai.unyo.model), each declared once
in CHARTS (kyosai.chartkit.ChartSet): its key, condition, title, drawing and alternative text."""
from __future__ import annotations

from pathlib import Path

from matplotlib.ticker import FuncFormatter, MaxNLocator

from .. import era
from ..numbers import fmt_axis, fmt_number, round_half_up
from ..chartkit import CLASS_COLORS, PALETTE, Chart, ChartSet, f, plt, save, tri_axis, value_row


def deviation_chart(comp: dict, title: str, path: Path) -> Path:
    """Deviation from the 基本ポートフォリオ against ±許容乖離幅, one bar per component."""
    devs = comp["deviations"]
    fig, ax = plt.subplots(figsize=(7.2, 2.1))
    xs = range(len(devs))
    for x, d in zip(xs, devs):
        band = f(d["band"]) or 0
        if band:
            ax.bar(x, 2 * band, bottom=-band, width=0.6, color=PALETTE["band"], zorder=1)
        color = PALETTE["breach"] if d["breach"] else PALETTE["ok"]
        ax.bar(x, f(d["deviation"]), width=0.3, color=color, zorder=2)
        dev = float(round_half_up(d["deviation"], 1))  # as printed (四捨五入)
        ax.annotate(fmt_number(d["deviation"], 1) + ("  超過" if d["breach"] else ""), (x, dev), ha="center",
                    va="bottom" if dev >= 0 else "top", xytext=(0, 3 if dev >= 0 else -3),
                    textcoords="offset points", color=color, fontsize=8)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xticks(list(xs), [d["name_ja"] for d in devs])
    tri_axis(ax, 1)
    ax.set_ylabel("乖離 (pt)")
    reach = max(max(float(d["band"] or 0), abs(float(d["deviation"]))) for d in devs) * 1.15
    ax.set_ylim(-reach, reach)
    ax.set_title(title, fontsize=9)   # as 000 §1 and 001 §1 title it
    return save(fig, path)


def composition_chart(comp: dict, title: str, path: Path) -> Path:
    """Two rings: the whole portfolio, and the entrusted part alone, each with its legend below and its own heading
    (``title`` is the alternative text's: the page's heading says it)."""
    fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.6))
    rows = comp["rows"]
    for ax, subset, title, key, colors in (
        (axes[0], rows, "資産構成割合", "share", CLASS_COLORS),
        (axes[1], [r for r in rows if r["management"] == "entrusted"], "委託運用資産の内訳", "within_entrusted", CLASS_COLORS[4:]),
    ):
        wedges, _ = ax.pie([float(r[key]) for r in subset], colors=colors[:len(subset)], startangle=90, counterclock=False,
                           wedgeprops={"width": 0.4, "edgecolor": "white"})
        ax.set_title(title, fontsize=9)
        labels = [f"{r['name_ja']} {fmt_number(r[key], 1)}%" for r in subset]
        ax.legend(wedges, labels, loc="upper center", bbox_to_anchor=(0.5, 0.02), fontsize=7, frameon=False, ncol=2)
    return save(fig, path)


def yields_chart(history: list[dict], title: str, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    labels = [era.fy_short(h["fiscal_year"]) for h in history]
    xs = list(range(len(history)))
    ax.bar(xs, [f(h["yield"]) or 0 for h in history], color=PALETTE["all"], width=0.6, label="運用資産全体")
    for key, name, color in (("self_yield", "自家運用資産", PALETTE["self"]), ("entrusted_yield", "委託運用資産", PALETTE["entrusted"])):
        ys = [float("nan") if h[key] is None else float(h[key]) for h in history]   # a gap where a year is missing
        if any(h[key] is not None for h in history):
            ax.plot(xs, ys, marker="o", markersize=3, color=color, label=name, linewidth=1.2, zorder=3)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xticks(xs, labels)
    tri_axis(ax, 0, "%")
    value_row(ax, xs, [fmt_number(h["yield"], 2) if h["yield"] is not None else "" for h in history],
              color="#404040")   # the bars' figures (運用資産全体), in the bars' grey, in a row of their own
    # the legend above the plot, clear of the lines
    ax.legend(fontsize=7, frameon=False, ncol=3, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    ax.set_title(title, fontsize=9, pad=16)
    return save(fig, path)


def paired_bars(ax, rows: list[dict], left: tuple[str, str], right: tuple[str, str], width: float = 0.4) -> list[int]:
    """Two bars a year side by side ((key, legend label) each); returns the x positions of the years."""
    xs = list(range(len(rows)))
    for (key, label), shift, color in ((left, -width / 2, PALETTE["self"]), (right, width / 2, PALETTE["reserve"])):
        ax.bar([x + shift for x in xs], [float(r[key]) for r in rows], width=width, color=color, label=label)
    return xs


def balances_chart(rows: list[dict], title: str, path: Path) -> Path:
    """運用資産額 and 責任準備金 as paired bars; 利益剰余金・繰越欠損金 in a panel of its own below."""
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(7.2, 3.8), sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    xs = paired_bars(ax, rows, ("total_assets", "運用資産額"), ("policy_reserve", "責任準備金"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_axis(v)))
    ax.set_ylim(0, max(float(r["total_assets"]) for r in rows) * 1.2)
    ax.legend(fontsize=7, frameon=False, ncol=2, loc="upper left")
    ax.set_title(title, fontsize=9)
    surplus = [float(r["surplus"]) for r in rows]
    ax2.bar(xs, surplus, width=0.5, color=[PALETTE["surplus"] if v >= 0 else PALETTE["breach"] for v in surplus])
    for x, v, r in zip(xs, surplus, rows):
        ax2.annotate(fmt_number(r["surplus"]), (x, v), ha="center", va="bottom" if v >= 0 else "top", fontsize=7,
                     xytext=(0, 2 if v >= 0 else -2), textcoords="offset points")
    ax2.axhline(0, color="black", linewidth=0.6)
    span = max(surplus) - min(0.0, min(surplus))
    ax2.set_ylim(min(0.0, min(surplus)) - 0.3 * span, max(0.0, max(surplus)) + 0.3 * span)
    tri_axis(ax2)
    ax2.set_ylabel("利益剰余金・\n繰越欠損金", fontsize=7)
    ax2.set_xticks(xs, [era.fy_end_short(r["fiscal_year"]) for r in rows], fontsize=7)
    return save(fig, path)


def cash_flow_chart(rows: list[dict], title: str, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    xs = paired_bars(ax, rows, ("contributions", "掛金収入"), ("benefits", "共済金支出"))
    ax.plot(xs, [float(r["balance_with_interest"]) for r in rows], color=PALETTE["entrusted"], marker="o", markersize=3, label="収支差＋利金収入")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xticks(xs, [era.fy_short(r["fiscal_year"]) for r in rows], fontsize=7)
    tri_axis(ax)
    ax.set_ylabel("億円")
    ax.legend(fontsize=7, frameon=False, ncol=3, loc="upper left")
    ax.set_ylim(top=max(float(r["contributions"]) for r in rows) * 1.25)
    ax.set_title(title, fontsize=9)
    return save(fig, path)


def bond_issuer_chart(rows: list[dict], title: str, path: Path) -> Path:
    parts = [r for r in rows if r["issuer"] != "計"]
    fig, ax = plt.subplots(figsize=(5.0, 2.8))
    wedges, _ = ax.pie([float(r["amount"]) for r in parts], colors=CLASS_COLORS[:len(parts)], startangle=90,
                       counterclock=False, wedgeprops={"width": 0.4, "edgecolor": "white"})
    ax.legend(wedges, [f"{r['issuer']} {fmt_number(r['share'], 1)}%" for r in parts], loc="center left",
              bbox_to_anchor=(0.95, 0.5), fontsize=7, frameon=False)
    ax.set_title(title, fontsize=9)
    return save(fig, path)


def fund_performance_chart(rows: list[dict], title: str, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7.2, 1.9))
    xs = list(range(len(rows)))
    ax.bar([x - 0.18 for x in xs], [float(r["fund_return"]) for r in rows], width=0.36, color=PALETTE["self"], label="ファンド収益率")
    ax.bar([x + 0.18 for x in xs], [float(r["benchmark_return"]) for r in rows], width=0.36, color=PALETTE["reserve"], label="ベンチマーク収益率")
    for x, r in zip(xs, rows):
        top = max(float(r["fund_return"]), float(r["benchmark_return"]), 0)
        ax.annotate(f"超過 {fmt_number(r['excess'], 2)}%", (x, top), ha="center", va="bottom", fontsize=8.5,
                    xytext=(0, 3), textcoords="offset points")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xticks(xs, [r["name_ja"] for r in rows])
    values = [float(r[k]) for r in rows for k in ("fund_return", "benchmark_return")] + [0.0]
    span = max(values) - min(values)
    ax.set_ylim(min(values) - span * 0.08, max(values) + span * 0.3)   # room for the 超過 labels under the title
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))      # whole percents: no tick printed twice
    tri_axis(ax, 0, "%")
    ax.legend(fontsize=8.5, frameon=False, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.16))
    ax.set_title(title, fontsize=10)   # printed at 74% (.figure.compact): about 7pt
    return save(fig, path)


def market_title(market: dict) -> str:
    """The chart's title, saying what it draws: the level at each fiscal year end, indexed to the previous one."""
    return f"市場環境：各年度末の水準（{era.date_long(market['base'])}を100として指数化）"


def market_chart(market: dict, title: str, path: Path) -> Path:
    """Fiscal-year-end levels indexed to the previous year end = 100."""
    fig, ax = plt.subplots(figsize=(7.2, 2.4))
    dates = market["dates"]
    base_i = dates.index(market["base"]) if market["base"] in dates else None
    xs = list(range(len(dates)))
    for i, r in enumerate(market["rows"]):
        if base_i is None or r["levels"][base_i] is None:
            continue
        base = float(r["levels"][base_i])
        ax.plot(xs, [None if v is None else float(v) / base * 100 for v in r["levels"]], marker="o", markersize=2.5,
                color=CLASS_COLORS[i * 2 % len(CLASS_COLORS)], label=r["chart_ja"], linewidth=1.1)
    ax.axhline(100, color="black", linewidth=0.5, linestyle=":")
    ax.set_xticks(xs, [era.date_compact(d) for d in dates], fontsize=7.5)   # R04.3.31: ten dates clear of each other
    ax.legend(fontsize=8.5, frameon=False, ncol=5, loc="lower center", bbox_to_anchor=(0.5, 1.0))   # above the lines
    # what it shows: the year ends, not the year's path that 001's chart draws (data/unyo/gaps.csv, in_year)
    ax.set_title(title, fontsize=10, pad=18)   # printed at 74% (.figure.compact)
    return save(fig, path)


def pct(v, places=2) -> str:
    return "－" if v is None else fmt_number(v, places) + "%"


def deviation_figures(comp: dict) -> list:
    return [("乖離（許容乖離幅）", [(d["name_ja"], f"{fmt_number(d['deviation'], 1)}pt（±{fmt_number(d['band'], 1)}pt）"
                                + ("、超過" if d["breach"] else "") if d["band"] is not None
                                else f"{fmt_number(d['deviation'], 1)}pt") for d in comp["deviations"]])]


def composition_figures(comp: dict) -> list:
    return [("運用資産全体", [(r["name_ja"], pct(r["share"], 1)) for r in comp["rows"]]),
            ("委託運用資産の内訳", [(r["name_ja"], pct(r["within_entrusted"], 1)) for r in comp["rows"]
                                  if r["management"] == "entrusted"])]


def yields_figures(history: list[dict]) -> list:
    return [(name, [(era.fy_short(h["fiscal_year"]), pct(h[key])) for h in history])
            for key, name in (("yield", "運用資産全体"), ("self_yield", "自家運用資産"), ("entrusted_yield", "委託運用資産"))]


def balances_figures(rows: list[dict]) -> list:
    return [(era.fy_end_short(r["fiscal_year"]), [("運用資産額", fmt_number(r["total_assets"])),
                                                  ("責任準備金", fmt_number(r["policy_reserve"])),
                                                  ("利益剰余金・繰越欠損金", fmt_number(r["surplus"]))]) for r in rows]


def cash_flow_figures(rows: list[dict]) -> list:
    return [(era.fy_short(r["fiscal_year"]), [("掛金収入", fmt_number(r["contributions"])),
                                             ("共済金支出", fmt_number(r["benefits"])),
                                             ("収支差＋利金収入", fmt_number(r["balance_with_interest"]))]) for r in rows]


def fund_performance_figures(rows: list[dict]) -> list:
    return [(r["name_ja"], [("ファンド", pct(r["fund_return"])), ("ベンチマーク", pct(r["benchmark_return"])),
                            ("超過", pct(r["excess"]))]) for r in rows]


def market_figures(market: dict) -> list:
    return [(r["chart_ja"], [(era.date_short(d), fmt_number(v, 2)) for d, v in zip(market["dates"], r["levels"])
                                          if v is not None]) for r in market["rows"]]


CHARTS = ChartSet(
    Chart("deviation_{fiscal_year}", lambda m: m["compositions"], each=True, draw=deviation_chart,
          title=lambda comp: f"許容乖離幅と乖離状況（{era.fy_long(comp['fiscal_year'])}末）", alt=deviation_figures),
    Chart("composition", lambda m: m["compositions"][-1], draw=composition_chart,
          title=lambda comp: f"資産構成割合（{era.fy_long(comp['fiscal_year'])}末）", alt=composition_figures),
    Chart("yields", lambda m: m["returns"]["history"], title="運用利回りの推移", draw=yields_chart, alt=yields_figures),
    Chart("balances", lambda m: m["balances"], title="運用資産額・責任準備金・利益剰余金の推移（億円）",
          draw=balances_chart, alt=balances_figures),
    Chart("cash_flows", lambda m: m["cash_flows"]["rows"], when=bool, title="キャッシュ・フローの推移（億円）",
          draw=cash_flow_chart, alt=cash_flow_figures),
    Chart("bond_issuers", lambda m: m["bond_issuers"], when=bool, title="国内債券（簿価）種別構成", draw=bond_issuer_chart,
          alt=lambda rows: [("", [(b["issuer"], pct(b["share"], 1)) for b in rows])]),
    Chart("fund_performance", lambda m: [r for r in m["fund_performance"] or [] if r["asset_class"] != "total"], when=bool,
          title="対ベンチマーク収益率", draw=fund_performance_chart, alt=fund_performance_figures),
    Chart("market", lambda m: m["market"], when=bool, title=market_title, draw=market_chart, alt=market_figures),
)
