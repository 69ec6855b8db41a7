"""Charts of the reports (matplotlib → SVG), drawn from the report model.

Text is converted to paths (svg.fonttype = path), so the Japanese font travels inside the SVG
and no reader needs it installed; a fixed hash salt and no date keep the files byte-identical.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from . import era  # noqa: E402

PALETTE = {"self": "#1f4e79", "entrusted": "#c55a11", "all": "#7f7f7f", "band": "#d9e2f3",
           "breach": "#c00000", "ok": "#2e75b6", "reserve": "#a5a5a5", "surplus": "#548235"}
CLASS_COLORS = ["#1f4e79", "#2e75b6", "#9dc3e6", "#bdd7ee", "#c55a11", "#f4b183", "#ffd966", "#a9d18e", "#548235", "#7f7f7f"]


def setup(font_path: str) -> None:
    font_manager.fontManager.addfont(font_path)
    name = font_manager.FontProperties(fname=font_path).get_name()
    plt.rcParams.update({
        "font.family": name, "svg.fonttype": "path", "svg.hashsalt": "kyosai",
        "axes.unicode_minus": False, "font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
        "figure.dpi": 100,
    })


def _f(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


def _tri(x: float, places: int = 0) -> str:
    s = f"{abs(x):,.{places}f}"
    return f"▲{s}" if x < 0 else s


def _save(fig, path: Path) -> Path:
    fig.savefig(path, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    return path


def deviation_chart(comp: dict, path: Path) -> Path:
    """Deviation from the 基本ポートフォリオ against ±許容乖離幅, one bar per component."""
    devs = comp["deviations"]
    fig, ax = plt.subplots(figsize=(7.2, 2.5))
    xs = range(len(devs))
    for x, d in zip(xs, devs):
        band = _f(d["band"]) or 0
        if band:
            ax.bar(x, 2 * band, bottom=-band, width=0.6, color=PALETTE["band"], zorder=1)
        color = PALETTE["breach"] if d["breach"] else PALETTE["ok"]
        ax.bar(x, _f(d["deviation"]), width=0.3, color=color, zorder=2)
        dev = round(float(d["deviation"]), 1)
        ax.annotate(_tri(dev, 1) + ("  超過" if d["breach"] else ""), (x, dev), ha="center",
                    va="bottom" if dev >= 0 else "top", xytext=(0, 3 if dev >= 0 else -3),
                    textcoords="offset points", color=color, fontsize=8)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xticks(list(xs), [d["name_ja"] for d in devs])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _tri(v, 1)))
    ax.set_ylabel("乖離 (pt)")
    reach = max(max(float(d["band"] or 0), abs(float(d["deviation"]))) for d in devs) * 1.15
    ax.set_ylim(-reach, reach)
    ax.set_title(f"許容乖離幅（網掛け）と乖離状況（{era.fy_long(comp['fiscal_year'])}末）", fontsize=9)
    return _save(fig, path)


def composition_chart(comp: dict, path: Path) -> Path:
    """Two rings: the whole portfolio, and the entrusted part alone, each with its legend below."""
    fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.6))
    rows = comp["rows"]
    for ax, subset, title, key, colors in (
        (axes[0], rows, "資産構成割合", "share", CLASS_COLORS),
        (axes[1], [r for r in rows if r["management"] == "entrusted"], "委託運用資産の内訳", "within_entrusted", CLASS_COLORS[4:]),
    ):
        wedges, _ = ax.pie([float(r[key]) for r in subset], colors=colors[:len(subset)], startangle=90, counterclock=False,
                           wedgeprops={"width": 0.4, "edgecolor": "white"})
        ax.set_title(title, fontsize=9)
        labels = [f"{r['name_ja']} {_tri(float(r[key]), 1)}%" for r in subset]
        ax.legend(wedges, labels, loc="upper center", bbox_to_anchor=(0.5, 0.02), fontsize=7, frameon=False, ncol=2)
    return _save(fig, path)


def yields_chart(history: list[dict], path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    labels = [era.fy_short(h["fiscal_year"]) for h in history]
    xs = list(range(len(history)))
    ax.bar(xs, [_f(h["yield"]) or 0 for h in history], color=PALETTE["all"], width=0.6, label="運用資産全体")
    for x, h in zip(xs, history):
        if h["yield"] is not None:
            v = float(h["yield"])
            ax.annotate(_tri(v, 2), (x, v), ha="center", va="bottom" if v >= 0 else "top", fontsize=7,
                        xytext=(0, 2 if v >= 0 else -2), textcoords="offset points")
    for key, name, color in (("self_yield", "自家運用資産", PALETTE["self"]), ("entrusted_yield", "委託運用資産", PALETTE["entrusted"])):
        ys = [float("nan") if h[key] is None else float(h[key]) for h in history]   # a gap where a year is missing
        if any(h[key] is not None for h in history):
            ax.plot(xs, ys, marker="o", markersize=3, color=color, label=name, linewidth=1.2)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xticks(xs, labels)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _tri(v, 0) + "%"))
    ax.legend(fontsize=7, frameon=False, ncol=3, loc="upper left")
    ax.set_title("運用利回りの推移", fontsize=9)
    return _save(fig, path)


def balances_chart(rows: list[dict], path: Path) -> Path:
    """運用資産額 and 責任準備金 as paired bars; 利益剰余金・繰越欠損金 in a panel of its own below."""
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(7.2, 3.8), sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    xs = list(range(len(rows)))
    ax.bar([x - 0.2 for x in xs], [float(r["total_assets"]) for r in rows], width=0.4, color=PALETTE["self"], label="運用資産額")
    ax.bar([x + 0.2 for x in xs], [float(r["policy_reserve"]) for r in rows], width=0.4, color=PALETTE["reserve"], label="責任準備金")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylim(0, max(float(r["total_assets"]) for r in rows) * 1.2)
    ax.legend(fontsize=7, frameon=False, ncol=2, loc="upper left")
    ax.set_title("運用資産額・責任準備金・利益剰余金の推移（億円）", fontsize=9)
    surplus = [float(r["surplus"]) for r in rows]
    ax2.bar(xs, surplus, width=0.5, color=[PALETTE["surplus"] if v >= 0 else PALETTE["breach"] for v in surplus])
    for x, v in zip(xs, surplus):
        ax2.annotate(_tri(v), (x, v), ha="center", va="bottom" if v >= 0 else "top", fontsize=7,
                     xytext=(0, 2 if v >= 0 else -2), textcoords="offset points")
    ax2.axhline(0, color="black", linewidth=0.6)
    span = max(surplus) - min(0.0, min(surplus))
    ax2.set_ylim(min(0.0, min(surplus)) - 0.3 * span, max(0.0, max(surplus)) + 0.3 * span)
    ax2.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _tri(v)))
    ax2.set_ylabel("利益剰余金・\n繰越欠損金", fontsize=7)
    ax2.set_xticks(xs, [era.fy_end_short(r["fiscal_year"]) for r in rows], fontsize=7)
    return _save(fig, path)


def cash_flow_chart(rows: list[dict], path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    xs = list(range(len(rows)))
    ax.bar([x - 0.2 for x in xs], [float(r["contributions"]) for r in rows], width=0.4, color=PALETTE["self"], label="掛金収入")
    ax.bar([x + 0.2 for x in xs], [float(r["benefits"]) for r in rows], width=0.4, color=PALETTE["reserve"], label="共済金支出")
    ax.plot(xs, [float(r["balance_with_interest"]) for r in rows], color=PALETTE["entrusted"], marker="o", markersize=3, label="収支差＋利金収入")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xticks(xs, [era.fy_short(r["fiscal_year"]) for r in rows], fontsize=7)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _tri(v)))
    ax.set_ylabel("億円")
    ax.legend(fontsize=7, frameon=False, ncol=3, loc="upper left")
    ax.set_ylim(top=max(float(r["contributions"]) for r in rows) * 1.25)
    ax.set_title("キャッシュ・フローの推移（億円）", fontsize=9)
    return _save(fig, path)


def bond_issuer_chart(rows: list[dict], path: Path) -> Path:
    parts = [r for r in rows if r["issuer"] != "計"]
    fig, ax = plt.subplots(figsize=(5.0, 2.8))
    wedges, _ = ax.pie([float(r["amount"]) for r in parts], colors=CLASS_COLORS[:len(parts)], startangle=90,
                       counterclock=False, wedgeprops={"width": 0.4, "edgecolor": "white"})
    ax.legend(wedges, [f"{r['issuer']} {float(r['share']):.1f}%" for r in parts], loc="center left",
              bbox_to_anchor=(0.95, 0.5), fontsize=7, frameon=False)
    ax.set_title("国内債券（簿価）種別構成", fontsize=9)
    return _save(fig, path)


def fund_performance_chart(rows: list[dict], path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7.2, 2.6))
    xs = list(range(len(rows)))
    ax.bar([x - 0.18 for x in xs], [float(r["fund_return"]) for r in rows], width=0.36, color=PALETTE["self"], label="ファンド収益率")
    ax.bar([x + 0.18 for x in xs], [float(r["benchmark_return"]) for r in rows], width=0.36, color=PALETTE["reserve"], label="ベンチマーク収益率")
    for x, r in zip(xs, rows):
        top = max(float(r["fund_return"]), float(r["benchmark_return"]), 0)
        ax.annotate(f"超過 {_tri(float(r['excess']), 2)}%", (x, top), ha="center", va="bottom", fontsize=7,
                    xytext=(0, 3), textcoords="offset points")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xticks(xs, [r["name_ja"] for r in rows])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _tri(v, 0) + "%"))
    ax.legend(fontsize=7, frameon=False, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    ax.set_title("対ベンチマーク収益率", fontsize=9)
    return _save(fig, path)


INDEX_JA = {"nikkei225": "日経平均", "topix": "TOPIX", "djia": "NYダウ", "usdjpy": "円/ドル", "eurjpy": "円/ユーロ"}


def market_chart(market: dict, path: Path) -> Path:
    """Fiscal-year-end levels indexed to the previous year end = 100."""
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    dates = market["dates"]
    base_i = dates.index(market["base"]) if market["base"] in dates else None
    xs = list(range(len(dates)))
    for i, r in enumerate(market["rows"]):
        if base_i is None or r["levels"][base_i] is None:
            continue
        base = float(r["levels"][base_i])
        ax.plot(xs, [None if v is None else float(v) / base * 100 for v in r["levels"]], marker="o", markersize=2.5,
                color=CLASS_COLORS[i * 2 % len(CLASS_COLORS)], label=INDEX_JA[r["index"]], linewidth=1.1)
    ax.axhline(100, color="black", linewidth=0.5, linestyle=":")
    ax.set_xticks(xs, [era.date_short(d) for d in dates], fontsize=7)
    ax.legend(fontsize=7, frameon=False, ncol=5, loc="upper left")
    ax.set_title(f"市場環境（{era.date_long(market['base'])}を100として指数化）", fontsize=9)
    return _save(fig, path)


def draw_unyo(model: dict, out: Path, font_path: str) -> dict[str, str]:
    """Draw every chart the report has data for; returns chart key → file name."""
    setup(font_path)
    out.mkdir(parents=True, exist_ok=True)
    made = {}

    def add(key, fn, *args):
        made[key] = fn(*args, out / f"{key}.svg").name

    for comp in model["compositions"]:
        add(f"deviation_{comp['fiscal_year']}", deviation_chart, comp)
    add("composition", composition_chart, model["compositions"][-1])
    add("yields", yields_chart, model["returns"]["history"])
    add("balances", balances_chart, model["balances"])
    if model["cash_flows"]["rows"]:
        add("cash_flows", cash_flow_chart, model["cash_flows"]["rows"])
    if model["bond_issuers"]:
        add("bond_issuers", bond_issuer_chart, model["bond_issuers"])
    if model["fund_performance"]:
        add("fund_performance", fund_performance_chart, [r for r in model["fund_performance"] if r["asset_class"] != "total"])
    if model["market"]:
        add("market", market_chart, model["market"])
    return made
