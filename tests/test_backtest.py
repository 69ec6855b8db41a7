"""Backtests: the computed tables of every published report are archived under version control
(reports/<FY>/published/<slug>/). Each archived year is rebuilt from data/ in a
Workspace copy and must give the same tables, figure for figure; a difference fails naming the table, the
row (its key), the column and both values. Updating the archive is deliberate: `make archive FY=<FY>`."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sys

import pytest

from conftest import ROOT
from kyosai import published as backtest
from kyosai.diff.compare import tables_of
from kyosai.tablespec import read_tables

sys.path.insert(0, str(ROOT / "scripts"))
import archive as archive_script  # noqa: E402  (scripts/archive.py)

ARCHIVED = backtest.archived(ROOT / "reports")


def rebuilt_tables(ws, doc: str, fy: int):
    return read_tables(backtest.built_tables(ws.path / "reports", fy, doc))


@pytest.fixture(scope="module")
def rebuilt(clean_build):
    """The session's clean build: every archived report built from data/ from nothing, in a copy of the project."""
    return clean_build


def test_the_published_reports_are_archived():
    # 令和4年度・令和6年度 運用状況 (seeds 001, 000) and the 令和7年度 支給率 document (seed 002)
    assert {(doc, fy) for doc, fy, _ in ARCHIVED} >= {("unyo", 2022), ("unyo", 2024), ("shikyuritsu", 2025)}
    for doc, fy, path in ARCHIVED:
        assert sorted(p.name for p in path.glob("*.csv")), path
        assert set(read_tables(path)) <= set(tables_of(doc).specs), path


@pytest.mark.parametrize("doc, fy, path", ARCHIVED, ids=[f"{doc}-{fy}" for doc, fy, _ in ARCHIVED])
def test_rebuilding_gives_the_published_figures(rebuilt, doc, fy, path):
    where = path.relative_to(ROOT).as_posix()
    problems = backtest.backtest(doc, read_tables(path), rebuilt_tables(rebuilt, doc, fy), where)
    assert not problems, (f"a rebuild of FY{fy} differs from the published figures in {where}; if the change is "
                          f"deliberate, update the archive with `make archive FY={fy}` and say why in the commit:\n  "
                          + "\n  ".join(problems))


def test_a_changed_figure_in_data_fails_naming_table_row_column_and_values(built_copy):
    ws = built_copy("backtest-changed")
    shutil.copytree(ROOT / "reports" / "2022" / "published", ws.path / "reports" / "2022" / "published",
                    dirs_exist_ok=True)                         # the archive the build compares with (QA log)
    indices = ws.path / "data" / "unyo" / "market_indices.csv"
    text = indices.read_text(encoding="utf-8")
    assert "2023-03-31,nikkei225,26094.50," in text                      # 001 ②: 日経平均 R05.03.31
    indices.write_text(text.replace("2023-03-31,nikkei225,26094.50,", "2023-03-31,nikkei225,26194.50,"), encoding="utf-8")
    result = ws.snakemake("reports/2022/unyo-jokyo.pdf")
    assert result.returncode == 0, result.stderr[-3000:]
    archive = backtest.archive_of(ROOT / "reports", 2022, "unyo")
    problems = backtest.backtest("unyo", read_tables(archive), rebuilt_tables(ws, "unyo", 2022),
                                 "reports/2022/published/unyo-jokyo", backtest.label(backtest.manifest(archive)))
    # the archive of FY2022 is seed 001's: the message says the figure compared with is 001's printed one
    assert problems[0] == ("reports/2022/published/unyo-jokyo/market_indices.csv: 行 index=nikkei225, date=2023-03-31、"
                           "列 value: 公表値（資料001） '26094.50'、再作成 '26194.50'")
    # and the 増減率 printed from it (▲6.21%, seed 001) moves with it
    assert len(problems) == 2
    assert problems[1].startswith("reports/2022/published/unyo-jokyo/market_indices.csv: 行 index=nikkei225, date=change_pct、"
                                  "列 change_pct: 公表値（資料001） '-6.21'、再作成 '")
    # and the build itself announces it so, in the QA log of the review edition
    qa = (ws.path / "reports" / "2022" / "unyo-jokyo" / "qa.md").read_text(encoding="utf-8")
    assert "列 value: 公表値（資料001） '26094.50'、再作成 '26194.50'" in qa


def test_every_archive_says_what_it_is():
    for doc, fy, path in ARCHIVED:
        m = backtest.manifest(path)
        seed = {("unyo", 2022): "001", ("unyo", 2024): "000", ("shikyuritsu", 2025): "002"}.get((doc, fy))
        assert (m["kind"], m.get("seed")) == (("seed", seed) if seed else ("accepted", None)), path


def publication(root, fy, text: bytes = b"%PDF-1.7 the accepted publication"):
    pdf = root / "reports" / str(fy) / "unyo-jokyo.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(text)
    return hashlib.sha256(text).hexdigest()


def test_archiving_records_the_acceptance_copies_the_tables_and_lists_what_changed(tmp_path):
    built = tmp_path / "reports" / "2030" / "unyo-jokyo" / "tables"
    built.mkdir(parents=True)
    (built / "fund_counts.csv").write_text("item,value\nfunds,20\ninstitutions,14\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="unyo-jokyo.pdf: not built"):
        archive_script.archive(tmp_path, 2030, "公表", dt.date(2031, 7, 1))
    sha = publication(tmp_path, 2030)
    assert archive_script.archive(tmp_path, 2030, "令和12年度の運用状況、令和13年7月公表", dt.date(2031, 7, 1)) == [
        "reports/2030/published/unyo-jokyo: new archive",
        "reports/2030/published/unyo-jokyo: 1 tables archived from reports/2030/unyo-jokyo/tables, accepted "
        f"2031-07-01 (令和12年度の運用状況、令和13年7月公表); reports/2030/unyo-jokyo.pdf SHA-256 {sha}"]
    published = tmp_path / "reports" / "2030" / "published" / "unyo-jokyo"
    assert (published / "fund_counts.csv").read_bytes() == (built / "fund_counts.csv").read_bytes()
    assert backtest.manifest(published) == {
        "kind": "accepted", "accepted": "2031-07-01", "reason": "令和12年度の運用状況、令和13年7月公表",
        "publication": "reports/2030/unyo-jokyo.pdf", "publication_sha256": sha}
    # a correction: the message names the archived value as the accepted build's
    (built / "fund_counts.csv").write_text("item,value\nfunds,21\ninstitutions,14\n", encoding="utf-8")
    (published / "stale.csv").write_text("a\n1\n", encoding="utf-8")
    sha2 = publication(tmp_path, 2030, b"%PDF-1.7 corrected")
    lines = archive_script.archive(tmp_path, 2030, "ファンド数の訂正", dt.date(2031, 8, 1))
    assert lines[:2] == [
        "reports/2030/published/unyo-jokyo/fund_counts.csv: 行 item=funds、列 value: 受理値（2031-07-01 受理） '20'、再作成 '21'",
        "reports/2030/published/unyo-jokyo/stale.csv: 公表済みの表が作られなくなった"]
    assert sorted(p.name for p in published.iterdir()) == ["archive.yaml", "fund_counts.csv"]
    assert "funds,21" in (published / "fund_counts.csv").read_text(encoding="utf-8")
    assert backtest.manifest(published)["publication_sha256"] == sha2
    with pytest.raises(SystemExit, match="no built tables"):
        archive_script.archive(tmp_path, 2031, "公表", dt.date(2032, 7, 1))


def test_a_seed_transcription_is_replaced_only_knowingly(tmp_path):
    built = tmp_path / "reports" / "2024" / "unyo-jokyo" / "tables"
    built.mkdir(parents=True)
    (built / "fund_counts.csv").write_text("item,value\nfunds,20\ninstitutions,14\n", encoding="utf-8")
    publication(tmp_path, 2024)
    seed = tmp_path / "reports" / "2024" / "published" / "unyo-jokyo"
    seed.mkdir(parents=True)
    (seed / "fund_counts.csv").write_text("item,value\nfunds,20\ninstitutions,14\n", encoding="utf-8")
    (seed / "archive.yaml").write_text('kind: seed\nseed: "000"\ndocument: 令和6年度の運用状況\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="transcription of seed 000"):
        archive_script.archive(tmp_path, 2024, "再作成", dt.date(2026, 12, 7))
    assert backtest.manifest(seed)["kind"] == "seed"
    archive_script.archive(tmp_path, 2024, "資料000の訂正版", dt.date(2026, 12, 7), replace_seed=True)
    assert backtest.manifest(seed)["kind"] == "accepted"


def test_an_archive_without_its_manifest_or_with_a_wrong_one_is_refused(tmp_path):
    with pytest.raises(ValueError, match="archive.yaml: missing"):
        backtest.manifest(tmp_path)
    (tmp_path / "archive.yaml").write_text("kind: snapshot\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind must be one of seed, accepted"):
        backtest.manifest(tmp_path)
    (tmp_path / "archive.yaml").write_text("kind: accepted\naccepted: 2031-07-01\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs reason, publication_sha256"):
        backtest.manifest(tmp_path)
