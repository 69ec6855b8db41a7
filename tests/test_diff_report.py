"""The reviewer's change report as built: FY2024 (seed 000) against FY2022 (seed 001), and a 支給率 document
compared with a second document year made in a Workspace. Expected figures are the seeds' (as in
test_unyo_published.py); the arithmetic of changes is tested on small tables in test_diff.py."""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT

DIFF_CSV = ("tables", "rows", "cells", "summary")
# Codes that must never reach the human report (the CSVs keep them): statuses, bases, booleans, categories, config
# keys, asset classes, and anything written like a code (snake_case).
CODES = re.compile(r"\b(overall|within_entrusted|within|breach|true|false|large_move|only_new|only_old|same_year|"
                   r"year_on_year|data_gap|outside_old|outside_new|share_pt|amount_pct|yield_pt|[a-z]+_[a-z_]+)\b")


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def flat(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("\n", ""))


@pytest.fixture(scope="module")
def summary(built):
    return rows(built / "2024" / "unyo-jokyo" / "diff" / "summary.csv")


def test_every_output_names_the_year_compared_with(built):
    for name in DIFF_CSV:
        found = rows(built / "2024" / "unyo-jokyo" / "diff" / f"{name}.csv")
        assert found, name
        assert {(r["report_fiscal_year"], r["compared_fiscal_year"]) for r in found} == {("2024", "2022")}, name
    text_diff = (built / "2024" / "unyo-jokyo" / "diff" / "unyo-jokyo.txt.diff").read_text(encoding="utf-8")
    assert text_diff.startswith("# 小規模企業共済資産 令和6年度の運用状況: text diff against 令和4年度 (FY2022)")
    assert "--- reports/2022/unyo-jokyo.txt\n+++ reports/2024/unyo-jokyo.txt\n" in text_diff
    pdf = PdfReader(built / "2024" / "unyo-jokyo-diff.pdf")
    # 令和5年度 has no report: the title names the report compared with, not a 前年度
    assert pdf.metadata["/Title"] == "小規模企業共済資産 令和6年度の運用状況 前回報告（令和4年度）との比較"
    first = flat(pdf.pages[0].extract_text())
    assert "令和6年度（2024年度）の運用状況の報告を、令和4年度（2022年度）の運用状況の報告と比較" in first
    assert "令和5年度の運用状況の報告はデータがないため" in first
    html = (built / "2024" / "unyo-jokyo-diff.html").read_text(encoding="utf-8")
    assert "令和6年度と令和4年度の比較（要約）" in html


def test_the_html_beside_the_pdf_carries_the_reports_stylesheet(built):
    html = (built / "2024" / "unyo-jokyo-diff.html").read_text(encoding="utf-8")
    assert "<link" not in html                                             # readable when copied on its own
    for sheet in ("report.css", "diff.css"):
        first_rule = next(line for line in (ROOT / "templates" / sheet).read_text(encoding="utf-8").splitlines()
                          if "{" in line and not line.startswith("/*"))
        assert first_rule in html, sheet


def test_summary_names_assets_domestic_equity_and_bonds(summary):
    got = {(r["category"], r["table"], r["row_label"], r["column"]): (r["old"], r["new"]) for r in summary}
    # 運用資産額: 111,313 (令和4年度末, seed 001) → 119,195 (令和6年度末, seed 000)
    assert got[("headline", "balances", "", "total_assets_oku")] == ("111313", "119195")
    # 国内株式 3,689 → 4,091 and 国内債券(時価) 10,457 → 11,333; shares 3.3 → 3.4 and 9.4 → 9.5 (seeds 001/000 §1)
    assert got[("breakdown", "composition", "国内株式", "amount_oku")] == ("3689", "4091")
    assert got[("breakdown", "composition", "国内債券(時価)", "amount_oku")] == ("10457", "11333")
    assert got[("breakdown", "composition", "国内株式", "share_pct")] == ("3.3", "3.4")
    assert got[("breakdown", "composition", "国内債券(時価)", "share_pct")] == ("9.4", "9.5")


def test_summary_names_what_one_year_has_and_the_other_not(summary):
    only = {(r["table"], r["detail"].split(":")[0]) for r in summary if r["category"] == "table_only_in"}
    assert only == {("funds", "only_new"), ("fund_subtotals", "only_new"), ("fund_counts", "only_new")}
    # what our data cannot fill (data/unyo/gaps.csv) is a data gap, not a table the FY2024 report lacks
    gaps = {r["table"]: r["detail"].split(":")[0] for r in summary if r["category"] == "data_gap"}
    assert gaps == {"cash_flows": "both", "bond_issuers": "only_old", "market_indices": "only_old"}
    classes = [(r["new"], r["detail"]) for r in summary if r["category"] == "asset_class_only_in"]
    assert classes == [("entrusted_short_term", "短資等: only_new")]        # 短資等 in the FY2024 fund list only
    funds = [r["row_label"] for r in summary if r["category"] == "added" and r["table"] == "funds"]
    assert len(funds) == 24 and "外国株式 みずほ信託銀行 EM パッシブ" in funds
    # the FY2022 report also showed FY2021 under the old 基本ポートフォリオ (2017-04): a year the FY2024 report
    # does not cover, so nothing of it is removed
    assert not [r for r in summary if r["category"] == "removed"]
    policy = {r["detail"]: (r["old"], r["new"], r["fiscal_year_old"]) for r in summary if r["category"] == "policy"}
    assert policy == {"year_on_year: unchanged": ("2022-05", "2022-05", "2022"), "same_year: only_old": ("2017-04", "", "2021")}
    added = {(r["table"], r["row_label"]) for r in summary if r["category"] == "added"}
    assert ("life_insurance_yield", "配当に係る部分") in added               # 000 §6 prints a 配当 part, 001 does not
    texts = {r["key"]: r["category"] for r in summary if r["category"].startswith("text_")}
    assert texts["policy.basic_policy"] == "text_reworded" and texts["governance.body"] == "text_added"
    assert texts["yields.self_comment"] == "text_removed"
    # 001 and 000 word their chapters apart: counted in data/unyo/texts.csv by valid_from/valid_to, 29 keys are valid
    # in 2022 and 39 in 2024, 18 in both; 12 of these are worded differently: 11 removed + 21 added + 12 reworded,
    # less three added that 000 prints only as heading cells of its tables (yields.change_head 前年 同期比,
    # balances.change_label, funds.overlay_mark （注３）): not prose
    assert len([k for k in texts if not k.startswith(("heading.", "link.", "item."))]) == 11 + 21 - 3 + 12
    # and each has headings the other lacks: 001's (removed) and 000's (added), each found in its seed
    headings = [(r["category"], r["old"] or r["new"]) for r in summary if r["key"].startswith("heading.")]
    assert [h for c, h in headings if c == "text_removed"] == [
        "1. 基本ポートフォリオと運用資産構成", "▶ 小規模企業共済資産運用の基本方針", "旧基本ポートフォリオ（平成29年4月改定）",
        "令和3年度末 資産構成", "新基本ポートフォリオ（令和4年5月改定）", "3. 運用資産額、責任準備金、利益剰余金・繰越欠損金の推移",
        "➤ 繰越欠損金の発生要因", "➤ 利益剰余金・繰越欠損金の算定", "➤ 繰越欠損金削減計画(平成21年8月策定)", "➤ キャッシュ・フロー",
        "4. 国内債券(簿価)資産(満期保有目的)", "令和4年度末 国内債券(簿価)資産残高の状況",
        "7. 委託運用資産(国内株式・国内債券(時価)・外国株式・外国債券・ヘッジ外債)", "令和4年度の市場環境",
        "対ベンチマーク超過収益率(令和4年度通期)", "【ベンチマーク】"]
    assert [h for c, h in headings if c == "text_added"] == [
        "令和6年度の概況", "１．運用の基本方針と基本ポートフォリオ", "基本ポートフォリオ（令和4年5月改定）", "２．運用ガバナンス体制",
        "資産運用委員会", "４．利益剰余金・繰越欠損金の推移", "６．自家運用資産", "国内債券（簿価）", "７．委託運用資産",
        "対ベンチマーク超過収益率（令和6年度）", "【ベンチマーク収益率（市場平均収益率）】",
        "【超過収益率(ファンドがベンチマークをどれだけ上回ったか)】", "運用中ファンド一覧"]
    assert len([k for k in texts if k.startswith("heading.")]) == 16 + 13
    assert texts["toc.chapter_number"] == "text_reworded" and texts["benchmarks.heading"] == "text_removed"


def test_rows_meet_by_fiscal_year(built):
    """No cash-flow row of a year both reports print with equal values is marked changed, added or removed
    (seeds 001 and 000 both print H25–R04; 000's later years are a declared gap)."""
    tables = {fy: {r["fiscal_year"]: r for r in rows(built / str(fy) / "unyo-jokyo" / "tables" / "cash_flows.csv")}
              for fy in (2022, 2024)}
    equal = {y for y, r in tables[2024].items() if tables[2022].get(y) == r}
    assert equal == {str(y) for y in range(2013, 2023)}
    diff_rows = [r for r in rows(built / "2024" / "unyo-jokyo" / "diff" / "rows.csv") if r["table"] == "cash_flows"]
    for r in diff_rows:
        if r["fiscal_year_old"] in equal and r["fiscal_year_new"] in equal:
            assert r["status"] == "unchanged", r
        assert r["status"] not in ("changed", "added", "removed"), r
    assert sorted(r["fiscal_year_new"] for r in diff_rows if r["comparison"] == "same_year") == sorted(equal)
    this_year = [r for r in diff_rows if r["comparison"] == "year_on_year"]
    assert [(r["status"], r["fiscal_year_old"], r["fiscal_year_new"]) for r in this_year] == [("data_gap", "2022", "")]
    tables_csv = {r["table"]: r for r in rows(built / "2024" / "unyo-jokyo" / "diff" / "tables.csv")}
    assert tables_csv["cash_flows"]["same_year_unchanged"] == "10" and tables_csv["cash_flows"]["cells_changed"] == "0"
    # every key names fiscal years, never offsets (FY-11)
    for name in ("rows", "cells"):
        assert not any("=FY" in r["key"] for r in rows(built / "2024" / "unyo-jokyo" / "diff" / f"{name}.csv")), name


def test_changes_json_holds_the_summary(built):
    ch = json.loads((built.parent / "build" / "2024" / "unyo-jokyo-diff" / "changes.json").read_text(encoding="utf-8"))
    assert (ch["title"], ch["fy"], ch["prev"], ch["fy_ja"], ch["prev_ja"]) == (
        "小規模企業共済資産 令和6年度の運用状況 前回報告（令和4年度）との比較", 2024, 2022, "令和6年度", "令和4年度")
    head = {h["name"]: (h["old"], h["new"], h["delta"], h["rel"]) for h in ch["headlines"]}
    assert head["運用資産額"] == ("111,313", "119,195", "+7,882", "+7.1%")          # seeds 001 / 000
    assert ch["moves"][0]["row"] == "融資経理貸付金" and ch["moves"][0]["table"] == "資産構成、自家運用資産"
    assert set(ch["tables"]) == {"changed", "unchanged", "added", "removed", "gaps"}
    # 44 texts differ (001 and 000 word many chapters differently); two of them (yields.self_comment,
    # yields.entrusted_comment) are phrases of one sentence of 運用利回りの推移, printed once: 43 changes; and 29
    # headings stand in one report only (16 of 001's, 13 of 000's), two of them beside a text of the same wording
    # the same-year figures as counted in tests/test_diff.py (cash flows 10 × 6, balances 8 × 5, returns 3 × 3 × 2)
    # (the cash flows carried, not checked: 001's rows in both); less the three texts 000 prints only as heading
    # cells of its tables; plus the four 関連資料 links 000 adds and four list items its templates write (概況's
    # first, 国内債券（簿価）'s and 運用中ファンド一覧's figures, which 001 has not, 融資経理貸付金's, other figures)
    assert ch["restated"]["checked"] == 40 + 18 and ch["prose"]["total"] == (44 - 3 - 1) + 4 + 4 + (16 + 13 - 2)
    summary = rows(built / "2024" / "unyo-jokyo" / "diff" / "summary.csv")
    headings = {(r["category"], r["old"] or r["new"]) for r in summary if r["key"].startswith("heading.")}
    assert len(headings) == 29 and {("text_removed", "➤ 繰越欠損金削減計画(平成21年8月策定)"),
                                    ("text_removed", "➤ キャッシュ・フロー"), ("text_added", "２．運用ガバナンス体制")} <= headings


def test_the_summary_is_one_page_and_names_the_big_moves(built):
    pages = [flat(p.extract_text()) for p in PdfReader(built / "2024" / "unyo-jokyo-diff.pdf").pages]
    first = pages[0]
    for words in ["主要な数値", "運用資産額", "111,313", "119,195", "国内株式", "3,689", "4,091", "国内債券(時価)",
                  "10,457", "11,333", "閾値を超えた変動", "表の変更", "運用中ファンド一覧", "短資等", "データ未収録",
                  "基本ポートフォリオ", "平成29年4月改定", "許容乖離幅", "過年度の数値", "文章の変更", "符号の反転"]:
        assert words in first, words
    assert "当年度の数値：" not in first and pages[1].startswith("表ごとの比較")   # tables start on page 2
    # 融資経理貸付金 87 → 479 億円 (seeds 001/000 §1) is past the 20% amount threshold and says so, once
    assert "融資経理貸付金" in first and "金額±20%" in first
    moves = first[first.index("閾値を超えた変動"):first.index("表の変更")]
    assert moves.count("融資経理貸付金") == 1


def test_every_label_of_the_change_report_is_japanese(built):
    text = flat("".join(p.extract_text() for p in PdfReader(built / "2024" / "unyo-jokyo-diff.pdf").pages))
    for g in rows(ROOT / "data" / "unyo" / "gaps.csv"):     # declared reasons are quoted as written
        text = text.replace(flat(g["reason"]), "")
    assert not CODES.findall(text), sorted(set(CODES.findall(text)))
    names = {r["asset_class"] for r in rows(ROOT / "data" / "common" / "asset_classes.csv")}
    assert not [n for n in names if n in text]
    assert "報告にない表" not in text.split("市場環境（年度末の水準）")[-1][:40]         # a gap, not the publication's
    # only tables that changed are listed figure by figure; the unchanged one is named in a line
    html = (built / "2024" / "unyo-jokyo-diff.html").read_text(encoding="utf-8")
    assert "変更のない表：キャッシュ・フロー" in text and 'id="t-cash_flows"' not in html


# ---------------------------------------------------------------- 支給率 with a second document year

def shift_rate_year(data: Path, fy: int = 2025) -> None:
    """Make data for a document of fy + 1 from fy's rows: same figures, every year one later (so each
    of its identities still holds). Its 財政収支 actual column is then fy's actual column."""
    def rewrite(name, extra=lambda r: r):
        path = data / name
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            header, old = reader.fieldnames, list(reader)
        new = [extra({**r, "rate_fiscal_year": str(fy + 1)}) for r in old if r["rate_fiscal_year"] == str(fy)]
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows(old + new)
    def a_year_later(date: str) -> str:
        return f"{int(date[:4]) + 1}{date[4:]}" if date else date
    # the document of fy + 1 is published a year later too (令和8年3月): an analysis pack dated before it never reads it
    rewrite("documents.csv", lambda r: {**r, "published": a_year_later(r["published"]),
                                        "document_date": a_year_later(r["document_date"])})
    for name in ("rate_inputs.csv", "retained_amounts.csv"):   # notes.csv rows stay valid
        rewrite(name)
    rewrite("surplus_components.csv", lambda r: {**r, "projection_fiscal_year": str(int(r["projection_fiscal_year"]) + 1)
                                                 if r["projection_fiscal_year"] else ""})
    rewrite("fiscal_projection.csv", lambda r: {**r, "fiscal_year": str(int(r["fiscal_year"]) + 1)})


@pytest.fixture(scope="module")
def two_rate_years(workspace_factory):
    ws = workspace_factory("rate-diff")
    shift_rate_year(ws.path / "data" / "shikyuritsu")
    result = ws.snakemake("reports/2026/shikyuritsu-diff.pdf", "reports/2026/shikyuritsu/diff")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return ws


def test_a_second_rate_year_gets_its_diff(two_rate_years):
    reports = two_rate_years.path / "reports"
    assert (reports / "2026" / "shikyuritsu-diff.pdf").is_file() and (reports / "2026" / "shikyuritsu-diff.html").is_file()
    tables = rows(reports / "2026" / "shikyuritsu" / "diff" / "tables.csv")
    assert {r["compared_fiscal_year"] for r in tables} == {"2025"}
    # the same figures one year later: this year's figures (令和8年度) equal the previous document's (令和7年度)
    counts = ("year_on_year_changed", "year_on_year_added", "year_on_year_removed", "same_year_added", "same_year_removed")
    assert {(r["table"], r["status"]) + tuple(r[c] for c in counts) for r in tables} == {
        (t, "both", "0", "0", "0", "0", "0") for t in ("surplus_components", "fiscal_projection", "rate_calculation",
                                                         "risk_levels", "decisions", "scenarios")}
    # 財政収支 by fiscal year: the made-up 2026 document's 令和7年度見込 is 002's 令和6年度見込 (9,771 …), the 2025
    # document's is 002's 令和7年度見込 (9,626 …): 20 of the 26 lines differ (a revised projection, not a restatement);
    # 令和6年度 is 見込 in one and 実績 in the other (an outcome, 26 lines)
    proj = next(r for r in tables if r["table"] == "fiscal_projection")
    # counted in data/shikyuritsu/fiscal_projection.csv: 26 lines a year; 002's 令和6年度見込 and 令和7年度見込 are equal
    # on 6 of them (reserve_release, other_revenue, trust_loss, yield_short_term, yield_loans, yield_life_insurance)
    assert (proj["same_year_changed"], proj["same_year_unchanged"], proj["same_year_outcome"]) == \
        (str(26 - 6), "6", "26")
    summary = rows(reports / "2026" / "shikyuritsu" / "diff" / "summary.csv")
    revised = {(r["row_label"], r["old"], r["new"]) for r in summary if r["category"] == "projection_revised"}
    assert ("(1) 収益", "9626", "9771") in revised and len(revised) == 20
    assert not [r for r in summary if r["category"] == "restated"]
    # notes.csv fills each document's own year into 5 of its texts: the same wording, not a rewording (the worked
    # example's group also names the months of its year, 令和7年4月～令和8年3月, which move with the year too)
    texts = [(r["key"], r["category"]) for r in summary if r["category"].startswith("text_")]
    assert sorted(texts) == [("denominator.example_group", "text_years_only"),
                             ("denominator.example_title", "text_years_only"), ("denominator.step1", "text_years_only"),
                             ("overview.denominator", "text_years_only"), ("overview.numerator", "text_years_only")]
    text_diff = (reports / "2026" / "shikyuritsu" / "diff" / "shikyuritsu.txt.diff").read_text(encoding="utf-8")
    changed = [ln for ln in text_diff.splitlines() if ln[:1] in "+-" and not ln.startswith(("---", "+++"))]
    assert changed[:2] == ["-# 小規模企業共済制度の令和7年度付加共済金の支給率について",
                           "-# FY = 2025. Computed tables, one line per row: table, key | columns."]
    assert {"+# 小規模企業共済制度の令和8年度付加共済金の支給率について",
            "+# FY = 2026. Computed tables, one line per row: table, key | columns."} <= set(changed)
    # rows are keyed by the fiscal year they stand for: only the 財政収支 differs, a line per figure that moved —
    # 令和5年度実績 only in the old, 令和6年度 見込 → 実績, 20 of 令和7年度's 26 見込 revised, 令和8年度見込 only in the new
    moved = Counter(re.sub(r"^([-+])fiscal_projection line=\w+;fiscal_year=(\d+) .*kind=(\w+).*", r"\1 \2 \3", ln)
                    for ln in changed if not ln[1:].startswith("#"))
    assert moved == {"- 2023 actual": 26, "- 2024 projection": 26, "+ 2024 actual": 26, "- 2025 projection": 20,
                     "+ 2025 projection": 20, "+ 2026 projection": 26}
    plan = two_rate_years.snakemake("--dry-run", "--forceall")             # what `snakemake` (rule all) builds
    assert plan.returncode == 0, plan.stderr
    assert "compare shikyuritsu FY2026:" in plan.stdout and "compare shikyuritsu FY2025:" not in plan.stdout


def test_projection_vs_outcome_once_the_actuals_exist(two_rate_years):
    out = rows(two_rate_years.path / "reports" / "2026" / "shikyuritsu" / "diff" / "projection_vs_outcome.csv")
    lines = rows(ROOT / "data" / "shikyuritsu" / "fiscal_projection_lines.csv")
    assert len(out) == len(lines)                     # every line of the 令和6年度見込 column has its outcome
    got = {r["row_label"]: r for r in out}
    # 002 §2(1): 令和6年度見込 (1) 収益 9,771; the made-up 2026 document's 令和6年度実績 is 002's 令和5年度実績 11,980
    assert (got["(1) 収益"]["projected_in"], got["(1) 収益"]["fiscal_year"], got["(1) 収益"]["projected"],
            got["(1) 収益"]["actual"]) == ("2025", "2024", "9771", "11980")
    assert got["(1) 収益"]["threshold"] == "金額 ±20% (amount_pct)"       # +22.6%
    pdf = flat("".join(p.extract_text() for p in PdfReader(two_rate_years.path / "reports" / "2026" / "shikyuritsu-diff.pdf").pages))
    assert "予測と実績" in pdf and "9,771" in pdf and "11,980" in pdf
    assert PdfReader(two_rate_years.path / "reports" / "2026" / "shikyuritsu-diff.pdf").metadata["/Title"] == \
        "小規模企業共済制度の令和8年度付加共済金の支給率について 前年度比較（令和7年度との比較）"
    assert not CODES.findall(pdf), sorted(set(CODES.findall(pdf)))


# ---------------------------------------------------------------- what the comparison says it compared

@pytest.fixture(scope="module")
def archived(built_copy):
    """The clean build with the archives of the published documents (reports/<FY>/published/, in git; a workspace
    has none): the comparison of FY2024 then takes FY2022's figures as published (seed 001)."""
    import shutil
    ws = built_copy("diff-archived")
    for folder in sorted((ROOT / "reports").glob("*/published")):
        shutil.copytree(folder, ws.path / "reports" / folder.parent.name / "published", dirs_exist_ok=True)
    result = ws.snakemake("reports/2024/unyo-jokyo-diff.pdf", "reports/2024/unyo-jokyo/diff")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return ws.path / "reports"


def test_the_comparison_names_both_pdfs_by_sha256_and_says_what_it_compared(built, archived):
    """The change report names both reports' PDFs and the SHA-256 of their bytes (recomputed here from the files
    published), and which tables of the previous report it took: without an archive (a workspace, or the analysis
    pack) the rebuild, said so; with one (FY2022's 運用状況: 001) the figures as published."""
    import hashlib
    for reports, said in ((built, "がないため再作成した表（公表時の数値ではない）。"),
                          (archived, "前回の報告の数値は公表済みの表（reports/2022/published/unyo-jokyo/、公表値（資料001））。")):
        digest = {fy: hashlib.sha256((reports / str(fy) / "unyo-jokyo.pdf").read_bytes()).hexdigest() for fy in (2022, 2024)}
        text = flat("".join(p.extract_text() for p in PdfReader(reports / "2024" / "unyo-jokyo-diff.pdf").pages)).replace(" ", "")
        assert f"前回reports/2022/unyo-jokyo.pdf（SHA-256：{digest[2022]}）" in text
        assert f"今回reports/2024/unyo-jokyo.pdf（SHA-256：{digest[2024]}）" in text
        assert said in text
    pack = flat("".join(p.extract_text() for p in PdfReader(built / "2024" / "bunseki-diff.pdf").pages)).replace(" ", "")
    old_pack = hashlib.sha256((built / "2022" / "bunseki.pdf").read_bytes()).hexdigest()
    assert f"前回reports/2022/bunseki.pdf（SHA-256：{old_pack}）" in pack
    assert "公表済みの表（reports/2022/published/bunseki/）がないため再作成した表" in pack


def test_the_comparison_says_only_what_it_knows(built, archived):
    """FY2024 against FY2022: 001 prints no 前年同期比 (with the archive: 参考（前回は非掲載）, never a move past a
    threshold nor a sign flip); the cash flows, 001's rows in both, are carried (前回から引き継いだ表（再確認なし）);
    the four 関連資料 links 000 adds are named; the table heading cells 「前年 同期比」 and 「みずほ信託銀行（注３）」
    are not prose."""
    summary = rows(archived / "2024" / "unyo-jokyo" / "diff" / "summary.csv")
    judged = [(r["category"], r["key"]) for r in summary if r["category"] in ("large_move", "sign_flip")]
    assert not [x for x in judged if "yield_change" in x[1] or "income_change" in x[1]], judged
    texts = {r["key"]: r for r in summary if r["category"].startswith("text_")}
    assert not {"yields.change_head", "funds.overlay_mark", "balances.change_label"} & set(texts)
    links = sorted(r["new"].split("（")[0] for k, r in texts.items() if k.startswith("link."))
    assert links == ["PRI(責任投資原則)", "アセットオーナー・プリンシプル", "小規模企業共済資産運用の基本方針", "責任投資方針"]
    assert {texts[k]["category"] for k in texts if k.startswith("link.")} == {"text_added"}
    pdf = flat("".join(p.extract_text() for p in PdfReader(archived / "2024" / "unyo-jokyo-diff.pdf").pages)).replace(" ", "")
    assert "参考（前回は非掲載）" in pdf
    assert "キャッシュ・フロー（前回から引き継いだ表（再確認なし）：H25–R04年度の数値60件）" in pdf and "118件はすべて一致" not in pdf
    assert "みずほ信託銀行（注３）" not in pdf
    # without the archive, nothing says 001 did not print its 前年同期比: judged as before; the rest is the same
    plain = rows(built / "2024" / "unyo-jokyo" / "diff" / "summary.csv")
    assert [r for r in plain if r["category"] == "large_move" and "yield_change" in r["key"]]
    assert "前回から引き継いだ表（再確認なし）" in flat("".join(p.extract_text() for p in PdfReader(
        built / "2024" / "unyo-jokyo-diff.pdf").pages)).replace(" ", "")
