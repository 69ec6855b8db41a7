"""Nothing good is lost, nothing changes that should not: a killed run recovers with the same command, a
document's bytes depend only on its own inputs, a change to a published document is announced when it is
built, and the inputs users produce (Excel's encodings, 和暦 dates, links, formulas in text) build."""
from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import time

import pytest

from conftest import ROOT, SNAKEMAKE


@pytest.fixture
def ws(built_copy):
    """A copy of the session's clean build for each test: it alters and rebuilds, and nothing needs rebuilding after."""
    return built_copy("safe-outputs")


def edited(ws, path, old, new):
    target = ws.path / path
    original = target.read_bytes()
    text = original.decode("utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target, original


def test_a_killed_run_recovers_with_the_same_command(ws):
    edited(ws, "templates/shikyuritsu/overview.html.j2", "<ul", "<!-- edit --><ul")   # something to rebuild
    run = subprocess.Popen([str(SNAKEMAKE), "--cores", "1"], cwd=ws.path, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(100):                                  # until a job has started (and the lock is taken)
        time.sleep(0.2)
        if (ws.path / ".snakemake" / "locks").is_dir() and any((ws.path / ".snakemake" / "locks").iterdir()):
            break
    time.sleep(1)
    os.killpg(run.pid, signal.SIGKILL)                    # kill -9, the whole run
    run.wait()
    assert any((ws.path / ".snakemake" / "locks").iterdir()), "the kill left no lock: the test proves nothing"
    again = ws.snakemake()
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]
    assert "Removed the lock an interrupted run left behind" in again.stderr
    assert "<!-- edit -->" in (ws.path / "build" / "2025" / "shikyuritsu" / "shikyuritsu.html").read_text(encoding="utf-8")


def test_an_edit_elsewhere_changes_none_of_a_documents_bytes(ws):
    before = ws.digests()
    target, original = edited(ws, "data/shikyuritsu/notes.csv", "※1 運用有価証券信託", "※1 運用有価証券信託")  # same text
    target.write_text(original.decode("utf-8") + "\n", encoding="utf-8")                     # a blank line: a real edit
    try:
        result = ws.snakemake("--forcerun", "document", "reports/2024/unyo-jokyo.pdf")
        assert result.returncode == 0, result.stderr[-2000:]
    finally:
        target.write_bytes(original)
    after = ws.digests()
    assert {k: v for k, v in after.items() if k.startswith("2024/unyo-jokyo")} == \
        {k: v for k, v in before.items() if k.startswith("2024/unyo-jokyo")}


def test_a_change_to_a_published_document_is_announced_at_build_time(ws):
    shutil.copytree(ROOT / "reports" / "2024" / "published", ws.path / "reports" / "2024" / "published",
                    dirs_exist_ok=True)                              # the archive of the published FY2024 report
    cash = ws.path / "data" / "unyo" / "cash_flows.csv"
    gaps = ws.path / "data" / "unyo" / "gaps.csv"
    saved = cash.read_bytes(), gaps.read_bytes()
    try:  # the FY2023–FY2024 cash flows become known (to complete a later year): the FY2024 report changes
        cash.write_text(saved[0].decode("utf-8") + "2023,7900,5600,900,4000,test\n2024,8000,5700,900,4000,test\n",
                        encoding="utf-8")
        gaps.write_text("\n".join(ln for ln in saved[1].decode("utf-8").splitlines() if not ln.startswith("cash_flows,"))
                        + "\n", encoding="utf-8")
        result = ws.snakemake("reports/2024/unyo-jokyo.pdf")
        assert result.returncode == 0, result.stderr[-2000:]
        out = result.stdout + result.stderr
        assert "this build changes" in out and "reports/2024/published/unyo-jokyo" in out
        assert "make archive FY=2024" in out
        qa = (ws.path / "reports" / "2024" / "unyo-jokyo" / "qa.md").read_text(encoding="utf-8")
        assert "公表済みの数値の変更" in qa and "cash_flows.csv: 行 fiscal_year=2023" in qa
    finally:
        cash.write_bytes(saved[0])
        gaps.write_bytes(saved[1])


def test_what_users_produce_builds(ws):
    classes = ws.path / "data" / "common" / "asset_classes.csv"
    reports = ws.path / "data" / "unyo" / "reports.csv"
    funds = ws.path / "data" / "unyo" / "funds.csv"
    holdings = ws.path / "data" / "unyo" / "holdings.csv"
    saved = {p: p.read_bytes() for p in (classes, reports, funds, holdings)}
    # (a data file kept elsewhere and linked in is refused, issue #22: tests/bad_inputs/73)
    try:
        classes.write_bytes(saved[classes].decode("utf-8").encode("cp932"))          # Shift_JIS, as Excel saves
        reports.write_text(saved[reports].decode("utf-8").replace("2025-07-01", "令和7年7月1日") + ",,,,\n",
                           encoding="utf-8")                                           # 和暦, and an Excel blank row
        funds.write_text(saved[funds].decode("utf-8").replace("野村アセットマネジメント", "=HYPERLINK(\"x\")", 1),
                         encoding="utf-8")
        result = ws.snakemake("reports/2024/unyo-jokyo.pdf", "reports/2024/unyo-jokyo-diff.pdf")
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        with open(ws.path / "reports" / "2024" / "unyo-jokyo" / "tables" / "funds.csv", encoding="utf-8-sig") as f:
            managers = [r["manager"] for r in csv.DictReader(f)]
        assert "'=HYPERLINK(\"x\")" in managers                                       # text, not a formula
        assert (ws.path / "reports" / "2024" / "unyo-jokyo-diff.pdf").is_file()
    finally:
        for p, b in saved.items():
            p.write_bytes(b)


def unwritable(folder):
    """Make ``folder`` unwritable for this process: chmod for a user, chattr +i (immutable) for root, whom permissions
    do not stop. Fails loudly where neither works: the test must not pass without proving anything."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o755)
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.fail(f"cannot make {folder} unwritable as root: chattr +i failed ({made.stderr.strip()}); run the tests "
                    f"as a user, or on a file system with immutable files")
    return lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_folder_that_cannot_be_written_is_said_so_and_nothing_changes(ws):
    folder = ws.path / "reports" / "2025"
    before = ws.digests()
    undo = unwritable(folder)
    try:
        probe = folder / "probe"
        with pytest.raises(OSError):                     # the folder really is unwritable
            probe.touch()
        target, original = edited(ws, "data/shikyuritsu/rate_inputs.csv", "2025,entrusted_assets,28919",
                                  "2025,entrusted_assets,28920")
        try:
            result = ws.snakemake("reports/2025/shikyuritsu.pdf")
        finally:
            target.write_bytes(original)
    finally:
        undo()
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "reports/2025 cannot be written" in out, out[-2000:]
    assert "Traceback (most recent call last)" not in out
    assert ws.digests() == before


def test_the_editions_are_published_together_or_not_at_all(ws):
    """A data edit that changes the publications, with a typo in a template only the review edition reads: the
    publication's PDF is made, its review edition is not, and nothing of either is published (one publish per
    document, after both)."""
    before = ws.digests()
    edited(ws, "data/unyo/market_indices.csv", "26094.50", "26094.60")           # every 運用状況 and analysis pack
    edited(ws, "templates/review/qa.html.j2", "{{ doc.qa.agree_count }}", "{{ doc.qa.agree_count }")
    result = ws.snakemake()
    out = result.stdout + result.stderr
    assert result.returncode != 0, out[-2000:]
    assert "templates/review/qa.html.j2, line 6: unexpected '}'" in out, out[-3000:]
    assert "Traceback (most recent call last)" not in out
    assert ws.digests() == before, "an edition was published without the other"
    # the summary says what was kept, and why: no edition of any document, no comparison without its document
    assert "Published (" not in out and "Not published (7); their previous files are kept as they were:" in out
    # the FY2022 editions' pdf jobs fail; FY2024's comparison reads FY2022's PDF (it names it by its SHA-256), so FY2024
    # waits for it and is not run
    assert "  - reports/2022/unyo-jokyo.pdf and all its files: pdf failed" in out
    assert "  - reports/2024/unyo-jokyo.pdf and all its files: a job it needs failed or was not run" in out
    assert "  - reports/2024/unyo-jokyo-diff.pdf and its diff/: a job it needs failed or was not run" in out
