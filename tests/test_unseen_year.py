"""The year no one has seen (issue #18), what the fast lane can check of it: the rate-zero 支給率's review edition
writes its negative amounts as the documents do (▲), and the later years' synthetic rows name their own years. The
built synthetic year (FY2025 a loss, a deficit and a band breach; rate year 2026 with no fund) is read in
tests/test_next_year.py."""
from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

from conftest import rate_rows_changed
from kyosai.dataio import Rows
from kyosai.shikyuritsu import model as shikyuritsu_model

FY = 2025


def changed(rows: Rows, column: str, value, **where) -> Rows:
    return rate_rows_changed(rows, FY, column, value, **where)


@pytest.fixture(scope="module")
def negative(tables):
    """Rate year 2025 with 過年度の留保額 7,000 (instead of 1,422) and no published results: 6,423 − 7,000 − 2,921.84
    (推計リスク 2σ of 28,919, 002 §3) − 0 = ▲3,498.84, no fund."""
    inputs = Rows(r for r in tables["shikyuritsu_rate_inputs"]
                  if not (r["rate_fiscal_year"] == FY and r["item"] in ("published_fund", "published_base_rate")))
    retained = changed(tables["shikyuritsu_retained_amounts"], "amount", D("7000"), entry="total")
    return shikyuritsu_model.build({**tables, "shikyuritsu_rate_inputs": inputs,
                                    "shikyuritsu_retained_amounts": retained}, FY)


def test_the_review_log_writes_a_negative_amount_with_a_triangle(negative):
    # 002 and this project print a negative amount as ▲ (▲1,347); the QA log's line of the amount after the deductions
    # printed 「= -3498.84 → -3499」
    entry = next(e["detail"] for e in negative["qa"] if e["subject"] == "控除後の剰余金見込額")
    assert entry == "6423 − 7000 − 2921.84 − 0 = ▲3498.84 → ▲3499（公表された剰余金見込額からの計算値）"


# every QA entry that states a check's result (一致, a difference, within rounding, a breach, a sentence's figure)
# says what the figures it names do: each claim re-checked here from the figures in the entry's own text
NUM = r"(▲?-?[\d,]+(?:\.\d+)?)"
CLAIM = re.compile(r"一致|: 差 |の差 |範囲内|異なる|異なるが|超えている|成り立|のとおり（|掲載値と同じ|端数処理前の数値で計算")
OPS = {"＞": lambda a, b: a > b, "＜": lambda a, b: a < b, "≧": lambda a, b: a >= b, "≦": lambda a, b: a <= b,
       "＝": lambda a, b: a == b, "≠": lambda a, b: a != b}


def num(text: str) -> D:
    text = text.replace(",", "")
    return -D(text[1:]) if text.startswith("▲") else D(text)


def verified(detail: str) -> list[bool]:
    """Each claim of a QA entry's text re-checked from the figures it names (empty: no claim recognised)."""
    found = []

    def each(pattern, check):
        for m in re.finditer(pattern, detail):
            found.append(bool(check(*[num(g) if g and re.fullmatch(NUM, g) else g for g in m.groups()])))

    each(rf"計算値 {NUM}、掲載された値 {NUM}: 一致", lambda a, b: a == b)
    each(rf"{NUM}、掲載された値 {NUM}: 差 {NUM}（[^）]*±{NUM} の範囲内）", lambda a, b, d, t: a - b == d != 0 and abs(d) <= t)
    each(rf"{NUM}、{NUM}: 差 {NUM}（[^）]*±{NUM} の範囲内）", lambda a, b, d, t: a - b == d != 0 and abs(d) <= t)
    each(rf"公表値 {NUM} は、本書の計算値（端数処理前）{NUM}（→ {NUM}、許容範囲 ±{NUM}）と端数の範囲で異なる",
         lambda p, c, r, t: r != p and abs(c - p) <= t)
    each(rf"公表値 {NUM} は、本書の計算値（端数処理前）{NUM}（→ {NUM}、許容範囲 ±{NUM}）と一致する",
         lambda p, c, r, t: r == p and abs(c - p) <= t)
    each(rf"当期利益 {NUM}（決算）と年度末残高の差 {NUM}: 端数の範囲内", lambda a, b: a != b and abs(a - b) <= 1)
    each(rf"（年度収益 {NUM} / 時価平残 {NUM} 百万円）と資産別の額の合計（{NUM} / {NUM}）(?:は(\S*?)が一致しない|: 一致)",
         lambda a, b, c, d, named: {k for k, x, y in (("年度収益", a, c), ("時価平残", b, d)) if x != y}
         == (set(named.split("・")) if named else set()))
    each(rf"乖離 {NUM}pt が許容乖離幅 ±{NUM}pt を超えている", lambda d, b: abs(d) > b)
    said = rf" {NUM} ([＞＜≧≦＝≠]) (?:[^ ]+ )*?{NUM}"      # a bound sentence's figure against its threshold or figure
    each(said + " のとおり（", lambda v, op, w: OPS[op](v, w))
    each(said + " が成り立たない", lambda v, op, w: not OPS[op](v, w))
    each(said + "）と異なるが", lambda v, op, w: not OPS[op](v, w))
    each(rf"公表値 {NUM}（[^）]*）を掲載し、計算に用いる。.*?からは {NUM}、.*?からは {NUM} となる。出典は端数処理前の数値で計算している",
         lambda p, a, b: a != p or b != p)
    each(rf"→ {NUM}（掲載された原資から）。.*→ {NUM}。掲載値と(同じ|異なる)", lambda a, b, said: (a == b) == (said == "同じ"))
    each(rf"{NUM} と [^:]*? {NUM}: 一致", lambda a, b: a == b)
    each(rf"{NUM} と [^:]*? {NUM}の差 {NUM}（それぞれの端数処理で生じうる ±{NUM} の範囲内）",
         lambda a, b, d, t: abs(a - b) == d != 0 and d <= t)
    each(rf"は {NUM}、.*?は {NUM}（[^）]*）: 差 {NUM}", lambda a, b, d: a - b == d != 0)
    each(rf"→ {NUM}、[^:]* → {NUM}: 掲載の桁数で一致", lambda a, b: a == b)
    each(rf" {NUM}、[^:→]* {NUM}: 掲載の桁数で一致", lambda a, b: a == b)
    return found


def qa_entries(path) -> list[str]:
    """The entries of a QA log (qa.md: 「- subject: detail」, a flag 「**［要確認］**」 set aside), as printed."""
    return [re.sub(r"^- (\*\*［要確認］\*\* )?", "", line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("- ")]


def coverage_holds(entry: str, entries: list[str]) -> list[bool]:
    """The analysis pack's note that the 支給率 documents' 実績 agree with the 運用状況 「…で確認」: each document and year
    it names has as many comparisons in the log as it says, each of them 一致 or within rounding."""
    m = re.search(r"の数値の一致）は、両方に数値のある(.*)で確認", entry)
    if not m:
        return []
    found = []
    for doc, year, n in re.findall(r"(令和\d+年度)の支給率資料の(令和\d+年度)実績 (\d+)項目", m[1]):
        done = [e for e in entries if e.startswith(year) and f": {doc}の支給率資料の実績 " in e]
        found.append(len(done) == int(n) and all(verified(e) and all(verified(e)) for e in done))
    return found or [False]


def unsupported(entries: list[str]) -> list[str]:
    """The entries stating a check's result that their own figures contradict, or whose claim is not recognised."""
    out = []
    for e in entries:
        results = verified(e) + coverage_holds(e, entries)
        if (CLAIM.search(e) and not results) or not all(results):
            out.append(e[:160])
    return out


def test_a_qa_entry_its_figures_contradict_is_found():
    # the entries issue #18 found printed whatever the data said, and their true forms
    agree = ("剰余金見込額: 本書は公表値 6,423（data/shikyuritsu/rate_inputs.csv 2行目）を掲載し、計算に用いる。掲載された内訳 "
             "イ−ロ−ハ−ニ+ホ からは {a}、財政収支 (4)−(5) からは {b} となる。出典は端数処理前の数値で計算している")
    assert not unsupported([agree.format(a="6,424", b="6,422")])
    assert unsupported([agree.format(a="6,423", b="6,423")])
    total = ("令和7年度 対ベンチマーク: 合計: 公表された合計（年度収益 ▲288,274 / 時価平残 2,857,958 百万円）と資産別の額の合計"
             "（▲288,274 / {b}）{said}")
    assert not unsupported([total.format(b="2,855,426", said="は時価平残が一致しない。出典はこのとおり掲載し")])
    assert unsupported([total.format(b="2,857,958", said="は時価平残が一致しない。出典はこのとおり掲載し")])
    assert unsupported([total.format(b="2,855,426", said=": 一致")])
    assert unsupported(["R07年度末 国内債券(時価): 乖離 2.0pt が許容乖離幅 ±2.3pt を超えている"])
    assert unsupported(["ロ = 内訳の合計: 掲載された内訳からの計算値 6,078、掲載された値 6,079: 一致"])
    assert unsupported(["本文と数値: k: 「…」は 令和4年度 収支差 ▲5 ＞ 0 のとおり（data/unyo/texts.csv 16行目）"])
    assert unsupported(["何か: 両者は一致する"])                      # a claim the checker cannot read is not let through


# ---------------------------------------------------------------- the synthetic year's data (bench.synthesise), no build

@pytest.fixture(scope="module")
def unseen(tmp_path_factory):
    """The data of a copy of the project with one synthetic year (bench/run.py): FY2025 a year of loss whose 当期損失
    ▲6,350 turns FY2024's 利益剰余金 5,950 into a 繰越欠損金 of ▲400, the rate-zero 支給率 of rate year 2026."""
    import importlib.util
    import shutil
    import sys

    from conftest import ROOT
    from kyosai import dataio
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = bench
    spec.loader.exec_module(bench)
    ws = tmp_path_factory.mktemp("unseen")
    shutil.copytree(ROOT / "data", ws / "data")            # the synthetic rows touch data/ only
    bench.synthesise(ws, 1)
    return dataio.load_all(ws / "data")


def test_the_analysis_pack_of_a_year_that_falls_back_into_deficit_says_so(unseen):
    # 繰越欠損金 at its worst in H20 (▲9,982), cleared in H26, again in H27 (▲25), 利益剰余金 from H28 on, and in the
    # synthetic FY2025 a deficit again (▲400): the sentence said 「…以降は利益剰余金が続いています」 of a year with none
    # since (and the build stopped: no year of 利益剰余金 after the last deficit)
    from kyosai.bunseki import model as bunseki_model
    from kyosai.bunseki.view import DOCUMENT, surplus_view
    model = bunseki_model.build(unseen, 2025)
    sentence = surplus_view(model, DOCUMENT.tables.rows(model))["sentence"]
    assert "令和7年度末に再び繰越欠損金となりました。令和7年度末の繰越欠損金は▲400億円（対前年度比▲6,350億円）です。" in sentence
    assert "利益剰余金が続いて" not in sentence


def test_the_synthetic_year_tells_no_event_of_the_year_before(unseen):
    # FY2024's 概況 says the アセットオーナー・プリンシプル was accepted in 令和6年9月 and PRI signed in 令和6年12月
    # (000); moved on by a year it said FY2025 did both in 令和7年9月 and 12月, which never happened. The synthetic
    # year has its own (the policy revision of 令和7年10月, bench.REVISION), as the year-end note (funds.note2,
    # 令和8年3月末時点) is its own.
    texts = {r["key"]: r["text"] for r in unseen["texts"] if r["valid_from"] == 2025}
    assert texts["overview.topics"] == "なお、令和7年度においては、令和7年10月に基本ポートフォリオを改定いたしました。"
    assert "令和8年3月末時点" in texts["funds.note2"]


def test_the_analysis_pack_says_a_zero_rate_as_zero_and_no_range_where_there_is_none(unseen):
    # the pack of FY2025 (dated 2026-07-01) knows the rate-zero 支給率 of rate year 2026: every 参考計算 gives 0 as well.
    # It printed 「支給率は0.00000。…参考計算では0.00000（推計リスク 1σ）～0.00000（推計リスク 1σ）の範囲です」
    from kyosai.bunseki import model as bunseki_model
    from kyosai.bunseki.view import DOCUMENT
    model = bunseki_model.build(unseen, 2025)
    view = DOCUMENT.view(model, DOCUMENT.tables.rows(model))
    s = view["rates"]["sensitivity"]
    assert (s["official"], s["low"], s["high"], s["same"]) == ("0", "0", "0", True)
    assert "令和8年度の付加共済金の支給率は0。算定の前提を変えた参考計算でも、いずれも0です。" in view["overview"]
    assert not any("0.00000" in point for point in view["overview"])


def test_the_comparisons_headline_names_the_balance_as_the_report_does():
    # the comparison of FY2025 with FY2024 headed the row 5,950 → ▲400 「利益剰余金」: a 繰越欠損金 is not one; 000 §4
    # names the row 利益剰余金・繰越欠損金
    from kyosai.unyo.tables import TABLES
    labels = {column: label for table, _, column, label in TABLES.headlines if table == "balances"}
    assert labels["surplus_oku"] == "利益剰余金・繰越欠損金"


def test_the_synthetic_rate_documents_actuals_are_the_years_own(unseen):
    # rate year 2026's 実績 column is FY2024 as the 運用状況 prints it: its 信託資産 yield was FY2023's 12.58% (copied),
    # beside FY2024's 信託運用損 315 (000 §3: 委託運用資産 ▲1.11%); 生命保険資産 1.18% and 融資経理貸付金 1.0% (000 §6)
    actual = {r["line"]: r["value"] for r in unseen["shikyuritsu_fiscal_projection"]
              if r["rate_fiscal_year"] == 2026 and r["fiscal_year"] == 2024}
    assert (actual["yield_trust"], actual["yield_life_insurance"], actual["yield_loans"]) == (D("-1.11"), D("1.18"), D("1.0"))


def test_the_review_log_writes_a_zero_fund_as_002_prints_zeros(negative):
    # the log's check of the note annex.fund_note named 「現行方式の付加共済金原資 0.0 ≠ … 0.0」: 002 prints a zero as 0
    entry = next(f"{e['subject']}: {e['detail']}" for e in negative["qa"] if "annex.fund_note" in f"{e['subject']}: {e['detail']}")
    assert "参考計算 現行方式の付加共済金原資 0 ≠ 令和7年度 付加共済金原資（本資料） 0 が成り立たない" in entry
    assert "0.0" not in entry
