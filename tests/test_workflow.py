"""The workflow itself: what an edit rebuilds, lint, the cluster profile, the benchmark harness."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT, SNAKEMAKE


@pytest.fixture(scope="module")
def built_workspace(workspace_factory):
    ws = workspace_factory("workflow")
    result = ws.snakemake()
    assert result.returncode == 0, result.stderr
    return ws


def jobs_to_run(ws) -> set[str]:
    """Rules Snakemake would run now (dry run), by name."""
    out = subprocess.run([str(SNAKEMAKE), "--dry-run", "--quiet", "rules"], cwd=ws.path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return {m.group(1) for m in re.finditer(r"^(\w+)\s+\d+$", out.stdout, re.M)} - {"all", "total", "job"}


@pytest.mark.parametrize("path, old, new, expected", [
    ("templates/shikyuritsu.html.j2", "</body>", "<!-- edit -->\n</body>", {"shikyuritsu_report"}),
    ("templates/unyo-jokyo.html.j2", "</body>", "<!-- edit -->\n</body>", {"unyo_report", "diff_unyo"}),
    ("templates/report.css", "/* Print", "/* edited */\n/* Print", {"unyo_report", "shikyuritsu_report", "diff_unyo"}),
    ("data/shikyuritsu/rate_inputs.csv", "2025,entrusted_assets,28919", "2025,entrusted_assets,28920",
     {"shikyuritsu_model", "shikyuritsu_report"}),
    ("data/unyo/market_indices.csv", "26094.50", "26094.60", {"unyo_model", "unyo_report", "diff_unyo"}),
    ("scripts/kyosai/unyo.py", '"""The 運用状況', '"""(edited) The 運用状況',
     {"unyo_model", "unyo_report", "shikyuritsu_model", "shikyuritsu_report", "diff_unyo"}),
    ("scripts/kyosai/shikyuritsu_view.py", '"""', '"""(edited) ', {"shikyuritsu_model", "shikyuritsu_report"}),
    ("scripts/kyosai/diff.py", '"""', '"""(edited) ', {"unyo_report", "shikyuritsu_report", "diff_unyo"}),
])
def test_an_edit_reruns_exactly_what_depends_on_it(built_workspace, path, old, new, expected):
    target = built_workspace.path / path
    original = target.read_text(encoding="utf-8")
    assert old in original
    target.write_text(original.replace(old, new, 1), encoding="utf-8")
    try:
        assert jobs_to_run(built_workspace) == expected
    finally:
        target.write_text(original, encoding="utf-8")


def test_lint_is_clean():
    out = subprocess.run([str(SNAKEMAKE), "--lint"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and "Congratulations" in out.stdout + out.stderr, out.stdout + out.stderr


def test_slurm_profile_parses():
    out = subprocess.run([str(SNAKEMAKE), "--profile", "profiles/slurm", "--dry-run", "--forceall"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "unyo_report" in out.stdout + out.stderr


def test_benchmark_smoke_run():
    out = subprocess.run([sys.executable, "bench/run.py", "--smoke"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "smoke run: ok" in out.stdout
