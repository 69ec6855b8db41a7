"""How 「小規模企業共済 運用環境と財政の分析」 shows its model: the title and cover, the layout of every table (years as
rows: the series are long), and every wording that depends on a figure (a gain or a loss, 利益剰余金 or 繰越欠損金,
ahead of or behind the plan, an empty comparison), so that the chapter templates (templates/bunseki/*.html.j2) only
lay the view out."""
from __future__ import annotations

from decimal import Decimal

from .. import era
from ..document import Document
from ..numbers import fmt_amount, fmt_number, fmt_oku_prose
from ..tablespec import TableSpec, display
from . import charts
from .tables import (FUND_PLACES, OUTCOME_BASIS_JA, POSITION_JA, RATE_BASIS_JA, RATE_PLACES, RISK_BASIS_JA,
                     SCENARIO_BASIS_JA, TABLES)

PUBLISHED_STATUSES = ("agrees", "within_rounding", "carried")   # a figure printed as its source publishes it (公表値)
BASE_AGREEMENT_JA = {"agrees": "本書の計算と一致", "within_rounding": "本書の計算とは端数の範囲で異なる",
                     "carried": "本書では計算していない"}


def vertical(spec: TableSpec, rows: list[dict], columns: tuple[str, ...], label, classes=None) -> dict:
    """A table with one output row a line (years down the page), for the ``series_table`` macro: heads are the
    columns' printed headings, each line's label is ``label(row)``, cells formatted as the declaration says."""
    heads = [spec.column(c).heading for c in columns]
    body = []
    for r in rows:
        cells = []
        for c in columns:
            col = spec.column(c)
            cells.append(display(r.get(c), col.unit, col.places, col.signed))
        body.append({"label": label(r), "cells": cells, "cls": (classes or (lambda _: ""))(r)})
    return {"heads": heads, "rows": body}


def fy_label(r: dict, key: str = "fiscal_year") -> str:
    return era.fy_short(r[key])


def oku(v: Decimal | None, plus: bool = False) -> str:
    return "－" if v is None else fmt_oku_prose(v, plus=plus)


def rate_text(v: Decimal) -> str:
    """A 支給率 in a sentence: 0.01047, and a zero rate as the 支給率 documents write it, 「0」 (002 §4)."""
    return "0" if v == 0 else fmt_number(v, RATE_PLACES)


def surplus_word(v: Decimal) -> str:
    """利益剰余金 for a surplus, 繰越欠損金 for a deficit (the 運用状況's wording)."""
    return "利益剰余金" if v >= 0 else "繰越欠損金"


def years_text(ys: list[int]) -> str:
    return "、".join(era.fy_long(y) for y in ys)


def year_runs(ys: list[int]) -> str:
    """平成29年度～令和6年度: consecutive years as a range, others listed."""
    runs: list[list[int]] = []
    for y in sorted(ys):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return "、".join(era.fy_long(r[0]) if len(r) == 1 else
                    (f"{era.fy_long(r[0])}、{era.fy_long(r[1])}" if len(r) == 2 else f"{era.fy_long(r[0])}～{era.fy_long(r[-1])}")
                    for r in runs)


def published_note(rows: list[dict], columns: tuple[tuple[str, str], ...]) -> str:
    """基礎的な収益は平成24年度～平成28年度: the figures of a table printed as a publication prints them (公表値), by
    column (its label, the key of its status); "" when none. The other figures of those columns are computed."""
    parts = [f"{label}は{year_runs(ys)}" for label, key in columns
             if (ys := [r["fiscal_year"] for r in rows if r.get(key) in PUBLISHED_STATUSES])]
    return "、".join(parts)


def positive_since(rows: list[dict], key: str) -> int | None:
    """The first year of the run of non-negative values that reaches the last row (None if the last is negative)."""
    start = None
    for r in rows:
        v = r[key]
        if v is None or v < 0:
            start = None
        elif start is None:
            start = r["fiscal_year"]
    return start


# ---------------------------------------------------------------- chapters

def cash_flow_view(model: dict, rows: dict) -> dict:
    cf = model["cash_flows"]
    if not cf["rows"]:
        return {"table": None}
    last = cf["rows"][-1]
    since = positive_since(cf["rows"], "balance")
    return {
        "table": vertical(TABLES["cash_flows"], rows["cash_flows"], ("contributions_oku", "benefits_oku", "balance_oku",
                          "bond_interest_oku", "balance_with_interest_oku", "bond_redemptions_oku"), fy_label),
        "first": era.fy_long(cf["first_year"]), "last": era.fy_long(cf["last_year"]),
        "gap": {"from": era.fy_long(cf["missing_from"]), "to": era.fy_long(model["fiscal_year"])} if cf["missing_from"] else None,
        "published": published_note(cf["rows"], (("収支差", "balance_status"),
                                                 ("収支差＋利金収入", "balance_with_interest_status"))),
        "sentence": (f"{era.fy_long(last['fiscal_year'])}の掛金収入は{oku(last['contributions'])}、共済金等支出は"
                     f"{oku(last['benefits'])}で、収支差は{oku(last['balance'], plus=True)}、国内債券（簿価）の利金等収入を加えると"
                     f"{oku(last['balance_with_interest'], plus=True)}でした。"
                     + (f"収支差は{era.fy_long(since)}以降プラスが続いています。" if since and since != cf["first_year"] else "")
                     + ("" if since else "収支差はマイナスです。")),
    }


def basic_profit_view(model: dict, rows: dict) -> dict:
    bp, ry = model["basic_profit"], model["reserve_yield"]
    known = [r for r in bp["rows"] if r["basic_profit"] is not None]
    out = {"table": None, "yield_table": None}
    if known:
        first, last = known[0], known[-1]
        trend = "減少" if last["basic_profit"] < first["basic_profit"] else "増加"
        negative = [r["fiscal_year"] for r in known if r["basic_profit"] < 0]
        out.update({
            "table": vertical(TABLES["basic_profit"], rows["basic_profit"],
                              ("net_income_oku", "entrusted_income_oku", "basic_profit_oku"), fy_label),
            "published": published_note(bp["rows"], (("基礎的な収益", "status"),)),
            "sentence": (f"基礎的な収益（当期利益から委託運用収入を除いたもの）は、{era.fy_long(first['fiscal_year'])}の"
                         f"{oku(first['basic_profit'], plus=True)}から{era.fy_long(last['fiscal_year'])}の"
                         f"{oku(last['basic_profit'], plus=True)}へ{fmt_oku_prose(abs(last['basic_profit'] - first['basic_profit']))}"
                         f"{trend}しました。"
                         + (f"{era.fy_long(negative[0])}以降は{'マイナスが続いています' if negative == [r['fiscal_year'] for r in known if r['fiscal_year'] >= negative[0]] else 'マイナスの年度があります'}。"
                            if negative else "")),
            "gaps": [f"{years_text(ys)}は{name}" for key, name in (("net_income", "当期利益"), ("entrusted", "委託運用収入"))
                     if (ys := bp["missing"][key])],
        })
    yrows = [r for r in ry["rows"] if r["reserve_ratio"] is not None]
    if yrows:
        last = yrows[-1]
        with_rate = [r for r in ry["rows"] if r["assumed_rate"] is not None and r["reserve_ratio"] is not None]
        below_jgb = [r["fiscal_year"] for r in ry["rows"] if r["jgb_margin"] is not None and r["jgb_margin"] < 0]
        out.update({
            "yield_table": vertical(TABLES["reserve_yield"], rows["reserve_yield"],
                                    ("self_income_oku", "self_yield_pct", "policy_reserve_oku", "reserve_ratio_pct",
                                     "assumed_rate_pct", "jgb_10y_pct", "margin_pt", "jgb_margin_pt"), fy_label),
            "yield_sentence": (f"自家運用損益を責任準備金で割った比率は、{era.fy_long(yrows[0]['fiscal_year'])}の"
                               f"{fmt_number(yrows[0]['reserve_ratio'], 2)}%から{era.fy_long(last['fiscal_year'])}の"
                               f"{fmt_number(last['reserve_ratio'], 2)}%となりました。"
                               + (f"予定利率（{fmt_number(with_rate[-1]['assumed_rate'], 2)}%、データは"
                                  f"{era.fy_long(with_rate[-1]['fiscal_year'])}まで）との差は{era.fy_long(with_rate[-1]['fiscal_year'])}に"
                                  f"{fmt_number(with_rate[-1]['margin'], 2, plus=True)}ptでした。" if with_rate else "")
                               + (f"10年国債金利（年度初）は{era.fy_long(below_jgb[0])}以降、予定利率を下回っています（データのある年度）。"
                                  if below_jgb else "")),
            "last_ratio_below_rate": bool(with_rate) and last["fiscal_year"] > with_rate[-1]["fiscal_year"]
                                     and last["reserve_ratio"] < with_rate[-1]["assumed_rate"],
            "last_ratio": fmt_number(last["reserve_ratio"], 2), "last_year": era.fy_long(last["fiscal_year"]),
            "rate_year": era.fy_long(with_rate[-1]["fiscal_year"]) if with_rate else "",
            "rate_gaps": year_runs(ry["rate_gaps"]), "ratio_gaps": years_text(ry["gaps"]),
            "rate_gap_reasons": ry["rate_gap_reasons"], "rate_gaps_undeclared": year_runs(ry["rate_gaps_undeclared"]),
            "published_ratio": published_note(ry["rows"], (("(A)÷(B)", "status"),)),
            "discrepancies": [{"year": era.fy_long(d["fiscal_year"]), "value": oku(d["value"]), "other": oku(d["other"])}
                              for d in ry.get("discrepancies", [])],
        })
    return out


def surplus_view(model: dict, rows: dict) -> dict:
    s = model["surplus"]
    d, latest = s["deficit"], s["latest"]
    out = {"table": vertical(TABLES["surplus_nikkei"], rows["surplus_nikkei"],
                             ("surplus_oku", "surplus_change_oku", "nikkei225", "nikkei_change_pct"), lambda r: r["label"],
                             lambda r: "sub" if r["point"] == "founded" else ""),
           "no_index": "、".join(s["no_index"])}
    parts = []
    first = s["rows"][0]
    parts.append(f"{first['label'].split(' ', 1)[-1] if first['point'] == 'founded' else first['label']}"
                 f"（{era.date_long(first['date'])}）の{surplus_word(first['surplus'])}は{oku(first['surplus'])}。")
    if d["worst"]:
        w = d["worst"]
        parts.append(f"{era.fy_long(w['fiscal_year'])}末に{oku(w['surplus'])}と最大になり（日経平均"
                     f"{fmt_number(w['nikkei225'], 2) if w['nikkei225'] is not None else '－'}円）、")
        if d["cleared"]:
            parts.append(f"{era.fy_long(d['cleared']['fiscal_year'])}末に解消しました（{oku(d['cleared']['surplus'])}）。")
            if d["relapse"] and d["positive_since"]:
                parts.append(f"{era.fy_long(d['relapse']['fiscal_year'])}末に再び{oku(d['relapse']['surplus'])}となり、"
                             f"{era.fy_long(d['positive_since']['fiscal_year'])}末以降は利益剰余金が続いています。")
            elif d["relapse"]:      # a deficit again at the latest year end: no 利益剰余金 since (its figure follows)
                parts.append(f"{era.fy_long(d['relapse']['fiscal_year'])}末に再び繰越欠損金となりました。")
        else:
            parts.append("まだ解消していません。")
    if latest:
        # the 運用状況 prints the change of the year as its 当期利益 (利益剰余金・繰越欠損増減, 000 §4), which can differ by
        # a rounding from the difference of the two rounded year-end balances: the sentence uses the published figure
        change = (f"対前年度比{oku(latest['net_income'], plus=True)}" if latest.get("net_income") is not None
                  else f"前年度末の残高との差{oku(latest['surplus_change'], plus=True)}")
        parts.append(f"{era.fy_long(latest['fiscal_year'])}末の{surplus_word(latest['surplus'])}は{oku(latest['surplus'])}"
                     f"（{change}）です。")
    out["sentence"] = "".join(parts)
    differ = [r for r in s["rows"] if r.get("net_income") is not None and r["surplus_change"] is not None
              and r["net_income"] != r["surplus_change"]]
    last = differ[-1] if differ else None
    out["change_note"] = (f"{last['label']}は当期利益{oku(last['net_income'], plus=True)}、残高の差"
                          f"{oku(last['surplus_change'], plus=True)}" if differ else "")
    return out


def plan_summary(model: dict) -> list[tuple]:
    """The 繰越欠損金削減計画 in a few lines (label, value), with what came of it."""
    dp, s = model["deficit_plan"], model["deficit_plan"]["summary"]
    p, base = dp["plan"], dp["base"]
    cleared = s["cleared_year"]
    early = int(s["resolve_from"]) - int(cleared) if cleared is not None else None
    council_from, council_to = dp["council"]
    summary = [
        ("基準（" + era.fy_long(base) + "末）の繰越欠損金", f"{oku(s['deficit'])}（責任準備金{oku(s['reserve_at_base'])}の"
         f"{fmt_number(s['deficit_ratio'], 1)}%"
         + ("、計画の公表値" if s["deficit_ratio_status"] in PUBLISHED_STATUSES else "") + "）"),
        ("解消年限", f"{fmt_number(s['years_min'])}～{fmt_number(s['years_max'])}年（{era.fy_long(int(s['resolve_from']))}～"
                    f"{era.fy_long(int(s['resolve_to']))}に解消）"),
        ("年間削減額", (f"計画の記載：約{fmt_number(s['annual_reduction_min'])}～{fmt_number(s['annual_reduction_max'])}億円",
                      f"（均等に削減した場合 {fmt_number(s['annual_reduction_slow'], 1)}～{fmt_number(s['annual_reduction_fast'], 1)}億円）")),
    ]
    if s["first_period_target"] is not None:
        summary.append((f"第2期中期計画期間（{era.fy_long(base + 1)}～{era.fy_long(dp['first_end'])}）の削減目標",
                        f"約{fmt_oku_prose(s['first_period_target'])}"
                        + (f" → 実績{oku(s['first_period_actual'])}（{era.fy_long(dp['first_end'])}末{oku(model['deficit_plan']['path'][dp['first_end'] - base]['actual'])}）"
                           if s["first_period_actual"] is not None else " → 実績：対象年度のデータなし")))
    if "required_return_min" in p:
        summary.append(("必要な運用利回り（期待収益率）", f"約{fmt_number(p['required_return_min'], 1)}～{fmt_number(p['required_return_max'], 1)}%"))
    if council_from:
        summary.append(("中小企業政策審議会 経営安定部会の解消の目途", f"{era.fy_long(council_from)}～{era.fy_long(council_to)}"))
    summary.append(("実績：解消した年度", (f"{era.fy_long(int(cleared))}末" + (f"（計画の最短より{early}年早い）" if early and early > 0 else "")
                                     + (f"、{era.fy_long(int(s['positive_since']))}末以降は継続して利益剰余金" if s["positive_since"] is not None and s['positive_since'] != cleared else ""))
                    if cleared is not None else "未解消"))
    return summary


def reserve_sentence(rp: dict) -> str:
    """The 責任準備金 as it came out against the plan's projections (with and without the law's reform)."""
    proj_rows = [r for r in rp["rows"] if r["diff_with"] is not None and r["kind"] == "projection"]
    last_proj = proj_rows[-1] if proj_rows else None
    crossing = next((r["fiscal_year"] for r in proj_rows if r["diff_with"] > 0), None)
    # the last year with both: the projection's own last year, or (an earlier analysis) the last year with an actual
    last_word = "推計の最終年度" if last_proj and last_proj["fiscal_year"] == rp["last_projection"] else "実績のある最終年度"
    return ((f"責任準備金の実績は、{era.fy_long(crossing)}末に法改正を反映した場合の推計を上回り、{last_word}"
             f"（{era.fy_long(last_proj['fiscal_year'])}末）には実績{oku(last_proj['actual'])}に対し推計"
             f"{oku(last_proj['with_reform'])}（反映しない場合{oku(last_proj['without_reform'])}）でした。"
             if crossing else
             f"責任準備金の実績は推計を下回って推移しています（{era.fy_long(last_proj['fiscal_year'])}末：実績"
             f"{oku(last_proj['actual'])}、推計{oku(last_proj['with_reform'])}）。") if last_proj else "")


def deficit_plan_view(model: dict, rows: dict) -> dict:
    dp, s = model["deficit_plan"], model["deficit_plan"]["summary"]
    base, fy = dp["base"], model["fiscal_year"]
    cleared = s["cleared_year"]
    early = int(s["resolve_from"]) - int(cleared) if cleared is not None else None
    summary = plan_summary(model)
    rp = model["reserve_projections"]
    return {
        # a value is a text, or (text, a tail that never breaks inside: 665.5～767.8億円)
        "summary": [{"label": k, "value": v[0] if isinstance(v, tuple) else v, "nobr": v[1] if isinstance(v, tuple) else ""}
                    for k, v in summary],
        "path": vertical(TABLES["deficit_plan_path"], rows["deficit_plan_path"],
                         ("actual_oku", "fast_path_oku", "slow_path_oku", "ahead_of_slow_oku"),
                         lambda r: era.fy_end_short(r["fiscal_year"])),
        "path_heads": ["実績", f"計画の経路（{fmt_number(s['years_min'])}年で解消）",
                       f"計画の経路（{fmt_number(s['years_max'])}年で解消）", f"実績－計画の経路（{fmt_number(s['years_max'])}年）"],
        "sentence": (f"計画は{era.fy_long(base)}末の繰越欠損金{oku(s['deficit'])}を{fmt_number(s['years_min'])}～"
                     f"{fmt_number(s['years_max'])}年で解消するものでした（{era.fy_long(base + 1)}始期）。"
                     + (f"実績は{era.fy_long(int(cleared))}末に解消し、計画の最短の解消年度（{era.fy_long(int(s['resolve_from']))}）より"
                        f"{early}年早くなりました。" if cleared is not None and early and early > 0 else
                        f"実績は{era.fy_long(int(cleared))}末に解消しました。" if cleared is not None else
                        f"{era.fy_long(fy)}末時点で未解消です。")),
        "reserves": vertical(TABLES["reserve_projections"], rows["reserve_projections"],
                             ("with_reform_oku", "without_reform_oku", "actual_oku", "diff_with_oku", "diff_without_oku"),
                             lambda r: era.fy_end_short(r["fiscal_year"])),
        "reserve_sentence": reserve_sentence(rp),
        "projection_end": era.fy_long(rp["last_projection"]) if rp["last_projection"] else "",
        "annual_text": f"約{fmt_number(s['annual_reduction_min'])}～{fmt_number(s['annual_reduction_max'])}億円程度",
        "base_note": base_note(rp),
    }


def base_note(rp: dict) -> str:
    """The plan's own 決算額 of its base year where it differs from the 責任準備金 of the 運用状況 data (a rounding)."""
    base = next((r for r in rp["rows"] if r["kind"] == "actual"), None)
    if base is None or base["actual"] is None or base["with_reform"] == base["actual"]:
        return ""
    return (f"{era.fy_long(base['fiscal_year'])}末の決算額は、別表1が{oku(base['with_reform'])}、実績欄（平成29年12月 中小企業庁資料）が"
            f"{oku(base['actual'])}（端数差。照合はレビュー版の検算・データ確認の記録を参照）。")


def portfolio_view(model: dict, rows: dict) -> dict:
    """004's 基本ポートフォリオ (別表2) and 必要な運用利回り (§2(3)) set against the expected returns of every policy since
    and the realised yields of every year of the plan's span (pack's fiscal year included)."""
    p = model["portfolios"]
    if p["policy"] is None:
        return {"policy": None}
    low, high = p["required_min"], p["required_max"]
    required = f"約{fmt_number(low, 1)}～{fmt_number(high, 1)}%"
    plan_rr = next((r for r in p["risk_return"] if r["of_plan"] and r["kind"] == "adoption"), None)
    realised = [r for r in p["realised"] if r["yield"] is not None]
    counts = {k: len(p[k]) for k in ("below", "within", "above")}
    sentence = (f"繰越欠損金削減計画は、削減目標の達成に必要な運用利回り（期待収益率）を{required}とし、これを確保するため"
                f"基本ポートフォリオ（{p['policy']['label']}）を定めました"
                + (f"（期待収益率{fmt_number(plan_rr['expected_return'], 2)}%、標準偏差{fmt_number(plan_rr['std_dev'], 2)}%）。"
                   if plan_rr else "。"))
    later = [r for r in p["risk_return"] if not r["of_plan"]]
    if later:
        last = later[-1]
        sentence += (f"その後の基本ポートフォリオの期待収益率は{fmt_number(min(r['expected_return'] for r in later), 2)}～"
                     f"{fmt_number(max(r['expected_return'] for r in later), 2)}%で、"
                     + ("いずれも必要な運用利回りの下限を下回ります" if all(r["below_required"] for r in later)
                        else "必要な運用利回りの下限を下回るものがあります" if any(r["below_required"] for r in later)
                        else "いずれも必要な運用利回りの下限以上です")
                     + f"（直近は{last['as_of_ja']}の{fmt_number(last['expected_return'], 2)}%）。")
    if realised:
        sentence += (f"実現した運用利回り（資産全体）は、データのある{era.fy_long(realised[0]['fiscal_year'])}～"
                     f"{era.fy_long(realised[-1]['fiscal_year'])}の{len(realised)}年度のうち、必要な運用利回りを上回った年度が"
                     f"{counts['above']}、範囲内が{counts['within']}、下回った年度が{counts['below']}です。")
    return {
        "policy": p["policy"]["label"], "sentence": sentence, "required": required,
        "allocation": [{"label": a["label_ja"], "allocation": fmt_number(a["allocation"], 1),
                        "band": f"±{fmt_number(a['band'], 1)}" if a["band"] is not None else "－"} for a in p["allocation"]],
        "allocation_total": fmt_number(sum((a["allocation"] for a in p["allocation"]), Decimal(0)), 1),
        "risk_return": [{"policy": r["policy_label"], "when": f"{r['as_of_ja']}（{'策定時' if r['kind'] == 'adoption' else '検証時'}）",
                         "expected_return": fmt_number(r["expected_return"], 2) + "%",
                         "std_dev": fmt_number(r["std_dev"], 2) + "%",
                         "versus": fmt_number(r["expected_return"] - low, 2, plus=True) + "pt",
                         "cls": "current" if r["of_plan"] else ""} for r in p["risk_return"]],
        "realised": vertical(TABLES["required_return"],
                             [{**r, "position": POSITION_JA[r["position"]]} for r in rows["required_return"]
                              if r["yield_pct"] is not None],     # the years without a yield: the note names them
                             ("yield_pct", "required_min_pct", "required_max_pct", "vs_min_pt", "position"), fy_label),
        "missing": year_runs(p["missing"]),
        "missing_reasons": p["missing_reasons"], "missing_undeclared": year_runs(p["missing_undeclared"]),
    }


INFERRED_ZERO = "0（推定）"   # a rate year the sources say nothing was paid in: no document prints the rate, the 0 is inferred


def risk_levels(r: dict) -> tuple[list[dict], list[str]]:
    """§5's 推計リスク by level and year, with a note for each year saying where its figures come from."""
    risk = [{**x, "year": era.fy_short(x["rate_fiscal_year"]), "basis_ja": RISK_BASIS_JA[x["basis"]],
             "base_text": fmt_number(x["base"]) if x["base_basis"] == "published" else f"（{fmt_number(x['base'])}）",
             "sigma_ja": f"▲{fmt_number(x['sigma'])}σ",
             "current": r["sensitivity"] is not None and x["rate_fiscal_year"] == r["latest"]
             and x["sigma"] == r["sensitivity"]["risk_sigma"]} for x in r["risk"]]
    risk_years = sorted({x["rate_fiscal_year"] for x in r["risk"]})
    risk_notes = []
    for y in risk_years:
        xs = [x for x in r["risk"] if x["rate_fiscal_year"] == y]
        if any(x["base_basis"] == "implied" for x in xs):
            shown = "・".join(f"{fmt_number(x['sigma'])}σ" for x in xs if x["basis"] == "published")
            risk_notes.append(f"{era.fy_long(y)}は平成29年12月 中小企業庁資料の{shown}の公表値。同資料は計算元本を掲載していないため、"
                              f"計算元本は公表値から逆算した値（括弧書き）で、掲載のない水準はこれによる計算値。")
        elif any(x["basis"] in ("agrees", "within_rounding") for x in xs):
            agreement = "一致" if all(x["basis"] == "agrees" for x in xs) else "端数の範囲で一致"
            risk_notes.append(f"{era.fy_long(y)}は同年度の支給率の資料 §3 の公表値（計算元本・期待収益率・標準偏差からの計算と"
                              f"{agreement}）。")
    return risk, risk_notes


def rate_history_lines(hist: list[dict], latest) -> tuple[list[dict], dict]:
    """§5's 支給率 history as printed: a run of years of one source without a 基準となる率 as one line; the notes of the
    sources, one per source (the mark, the years, the text)."""
    # a run of years of one source without a 基準となる率 prints as one line (the CSV keeps every year); a rate no
    # document prints is marked (推定 for the inferred zeros), its source given in a numbered note
    notes: dict[tuple, dict] = {}     # (basis, source as cited) → {"mark", "years", "text"}: one note per source

    def note_mark(h) -> str:
        n = notes.setdefault((h["rate_basis"], h["rate_source"]),
                             {"mark": f"注{len(notes) + 1}", "years": [], "text": h["rate_source"]})
        n["years"].append(h["rate_fiscal_year"])
        return n["mark"]

    def rate_cell(h) -> str:
        if h["rate_basis"] == "inferred_zero":
            return INFERRED_ZERO
        return display(h["rate"], "ratio", RATE_PLACES)

    def source_cell(h, mark: str) -> str:
        if h["rate_basis"] == "document":
            return f"公表値（{h['rate_source']}）"
        return f"{RATE_BASIS_JA[h['rate_basis']]}（{mark}）"

    lines, run = [], []

    def flush():
        if run:
            first, last = run[0], run[-1]
            label = era.fy_short(first["rate_fiscal_year"]) + ("" if first is last else "～" + era.fy_short(last["rate_fiscal_year"]))
            mark = ""
            for h in run:
                mark = note_mark(h)
            lines.append({"label": label, "base_rate": "－", "rate": rate_cell(first), "source": source_cell(first, mark),
                          "cls": ""})
            run.clear()

    for h in hist:
        groups = h["rate_basis"] != "document" and h["base_rate"] is None
        if groups and run and run[-1]["rate_source_line"] == h["rate_source_line"] \
                and run[-1]["rate_fiscal_year"] + 1 == h["rate_fiscal_year"]:
            run.append(h)
            continue
        flush()
        if groups:
            run.append(h)
            continue
        mark = note_mark(h) if h["rate_basis"] != "document" else ""
        lines.append({"label": era.fy_short(h["rate_fiscal_year"]), "base_rate": display(h["base_rate"], "ratio", RATE_PLACES),
                      "rate": rate_cell(h), "source": source_cell(h, mark),
                      "cls": "current" if h["rate_fiscal_year"] == latest else ""})
    flush()
    return lines, notes


def sensitivity_view(sens: dict) -> dict:
    """§5's sensitivity of the rate: the scenarios as printed, the range of rates, whether a chart shows it."""
    rates_ = [x["rate"] for x in sens["rows"]]
    official = next(x for x in sens["rows"] if x["official"])
    return {
        "rows": [{**x, "basis_ja": SCENARIO_BASIS_JA[x["basis"]], "sigma_text": fmt_number(x["sigma_multiple"]) + "σ"
                  if x["sigma_multiple"] is not None else "－", "fund_text": fmt_amount(x["fund"], FUND_PLACES)}
                 for x in sens["rows"]],
        # every scenario 「0」: no chart (charts.sensitivity_shown), a sentence saying why
        "chart": charts.sensitivity_shown(sens),
        "all_negative": all(x["available"] < 0 for x in sens["rows"]),
        "year": era.fy_long(sens["rate_fiscal_year"]), "official": rate_text(sens["official"]),
        "low": rate_text(min(rates_)), "high": rate_text(max(rates_)), "same": min(rates_) == max(rates_),
        "low_label": min(sens["rows"], key=lambda x: x["rate"])["label_ja"],
        "high_label": max(sens["rows"], key=lambda x: x["rate"])["label_ja"],
        "official_label": official["label_ja"], "retained": oku(sens["retained"]),
        "surplus": oku(sens["surplus"]), "sigma": fmt_number(sens["risk_sigma"]),
        "published_fund": fmt_number(sens["published_fund"], 1) if sens["published_fund"] is not None else "",
    }


def rates_view(model: dict, rows: dict) -> dict:
    r = model["rates"]
    hist = r["history"]
    as_of = model["meta"]["published_ja"]
    risk, risk_notes = risk_levels(r)
    # a document published after the pack is not mentioned in it (the QA log says which and why it is not used)
    options = [{"label": o["label_ja"], "rule": o["rule_ja"], "target": oku(o["target"]), "source": o["source_ja"]}
               for o in r["options"]]
    early = [{"label": era.fy_short(h["rate_fiscal_year"]), "year": era.fy_long(h["rate_fiscal_year"]),
              "surplus": fmt_number(h["surplus"]), "total": fmt_number(h["assumed_benefits_total"]),
              "base_rate": display(h["base_rate"], "ratio", RATE_PLACES),
              "published": h["base_status"] in PUBLISHED_STATUSES, "source": h["base_source"],
              "month": h["published_ja"]} for h in r["early"]]
    out = {"history": None, "as_of": as_of, "risk": risk, "risk_notes": risk_notes, "options": options, "early": early,
           "options_month": "・".join(dict.fromkeys(o["published_ja"] for o in r["options"])),
           "base_gaps": any(h["base_rate"] is None for h in hist),
           "risk_current": r["sensitivity"] is not None and any(x["current"] for x in risk),
           "latest": era.fy_long(r["latest"]) if r["latest"] else "", "sensitivity": None}
    if not hist:
        return out
    lines, notes = rate_history_lines(hist, r["latest"])
    base_published = [h for h in hist if h["base_status"] in PUBLISHED_STATUSES]
    sens = r["sensitivity"]
    out.update({
        "history": lines, "introduced": era.fy_long(r["introduced"]),
        "first_paid": era.fy_long(r["first_paid"]) if r["first_paid"] else "", "paid": years_text(r["paid"]),
        "unknown": years_text(r["unknown"]), "documents": years_text(r["documents"]),
        "not_retained": any(h["status"] == "none_not_retained" for h in hist),
        "source_notes": [{"mark": n["mark"], "years": year_runs(n["years"]), "text": n["text"],
                          "inferred": basis == "inferred_zero"} for (basis, _), n in notes.items()],
        "base_published": "、".join(f"{era.fy_long(h['rate_fiscal_year'])}（{BASE_AGREEMENT_JA[h['base_status']]}）"
                                    for h in base_published),
    })
    if sens:
        out["sensitivity"] = sensitivity_view(sens)
    return out


def outcomes_view(model: dict, rows: dict) -> dict:
    o = model["outcomes"]
    lines = []
    for r in o["rows"]:
        places = 2 if r["unit"] == "%" else 0
        unit = "%" if r["unit"] == "%" else ""
        lines.append({"projected_in": era.fy_short(r["projected_in"]), "year": era.fy_short(r["fiscal_year"]),
                      "label": r["label_ja"], "basis": OUTCOME_BASIS_JA[r["basis"]]
                      + (f"（{era.fy_short(r['outcome_in'])}の資料）" if r["outcome_in"] else ""),
                      "projected": fmt_number(r["projected"], places, suffix=unit),
                      "actual": fmt_number(r["actual"], places, suffix=unit),
                      "difference": fmt_number(r["difference"], places, plus=True, suffix="pt" if unit else "")})
    fy = model["fiscal_year"]
    if o["rows"]:
        sentence = (f"{years_text(o['documents'])}の支給率資料が見込とした財政収支のうち、{era.fy_long(fy)}までに実績が判明した"
                    f"{len(o['rows'])}項目を実績と対比しています。")
    elif o["documents"]:
        sentence = (f"データにある支給率資料（{years_text(o['documents'])}）が見込とした年度"
                    f"（{years_text(o['pending_years'])}）は、いずれも{era.fy_long(fy)}より後のため、本書の時点では対比できる実績がありません。"
                    "次年度以降の分析で、後年の支給率資料の実績または運用状況の実績と対比されます。")
    else:
        sentence = (f"本書の作成時点（{model['meta']['published_ja']}）までに公表された支給率の資料がデータにないため、"
                    "財政収支の見込と実績の対比はありません。")
    checked = "、".join(f"{era.fy_long(c['document'])}の支給率資料の{era.fy_long(c['fiscal_year'])}実績（{c['measures']}項目）"
                        for c in o["checked"])
    return {"rows": lines, "sentence": sentence, "checked": checked,
            "pending": (f"実績未判明の見込：{years_text(o['pending_years'])}（{len(o['pending'])}項目）" if o["pending"] else "")}


def overview_view(model: dict, v: dict) -> list[str]:
    """The 要旨: one point per chapter, from the chapters' own sentences and figures."""
    points = []
    if v["cash_flow"]["table"]:
        points.append(v["cash_flow"]["sentence"])
    if v["basic_profit"].get("sentence"):
        points.append(v["basic_profit"]["sentence"])
    points.append(v["surplus"]["sentence"])
    points.append(v["deficit_plan"]["sentence"])
    r = v["rates"]
    if r["history"] and r["sensitivity"]:
        s = r["sensitivity"]
        points.append(f"{s['year']}の付加共済金の支給率は{s['official']}。" + (
            f"算定の前提を変えた参考計算でも、いずれも{s['low']}です。" if s["same"] else
            f"算定の前提を変えた参考計算では{s['low']}（{s['low_label']}）～{s['high']}（{s['high_label']}）の範囲です。"))
    elif not r["history"]:
        points.append(f"本書の作成時点（{r['as_of']}）までに公表された、各年度の支給率を決定した資料はデータにないため、支給率の"
                      "推移と感応度は掲載していません。"
                      + "".join(f"{e['month']}の資料は{e['year']}の支給率の基準となる率を{e['base_rate']}としています。"
                                for e in r["early"])
                      + (f"同資料は留保の方式として{'・'.join(o['label'] for o in r['options'])}を示しています。"
                         if r["options"] else ""))
    points.append(v["outcomes"]["sentence"])
    return points


class BunsekiDocument(Document):
    key, slug, tables, charts = "bunseki", "bunseki", TABLES, charts

    def title_lines(self, model: dict) -> list[str]:
        """小規模企業共済 / 運用環境と財政の分析（令和6年度）."""
        return ["小規模企業共済", f"運用環境と財政の分析（{era.fy_long(model['fiscal_year'])}）"]

    def view(self, model: dict, rows: dict[str, list[dict]]) -> dict:
        v = {
            "fy_ja": era.fy_long(model["fiscal_year"]),
            "cash_flow": cash_flow_view(model, rows),
            "basic_profit": basic_profit_view(model, rows),
            "surplus": surplus_view(model, rows),
            "deficit_plan": deficit_plan_view(model, rows),
            "portfolio": portfolio_view(model, rows),
            "rates": rates_view(model, rows),
            "outcomes": outcomes_view(model, rows),
        }
        v["overview"] = overview_view(model, v)
        return v


DOCUMENT = BunsekiDocument()
