"""The benchmark harness's pure parts (bench/run.py), without a build: the synthetic years are rows of the same
schema that pass the data checks and carry the policy revision and the rate zero; the verdicts; the figures
derived from file lists and times. (The harness end to end: test_workflow.py, test_benchmark_smoke_run.)"""
from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

from kyosai import dataio
from kyosai.document import model_module

spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(spec)
sys.modules["bench_run"] = bench  # dataclasses look their module up
spec.loader.exec_module(bench)

N = 3


def csv_files(folder: Path) -> dict[str, tuple[list[str], list[dict]]]:
    return {p.relative_to(folder).as_posix(): bench._rows(p) for p in sorted(folder.rglob("*.csv"))}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A copy of the project with N synthetic years (data only changed: nothing is built)."""
    ws = bench.copy_project(tmp_path_factory.mktemp("bench") / "ws")
    years = bench.synthesise(ws, N)
    return ws, years


def test_synthetic_years_follow_the_last_real_year(synthetic):
    _, years = synthetic
    assert years == [bench.BASE_FY + k for k in range(1, N + 1)]


def test_synthetic_rows_keep_every_files_columns_and_add_rows_only(synthetic):
    ws, _ = synthetic
    before, after = csv_files(ROOT / "data"), csv_files(ws / "data")
    assert before.keys() == after.keys()
    for name, (header, rows) in before.items():
        new_header, new_rows = after[name]
        assert new_header == header, name
        if name == "unyo/gaps.csv":   # the declared gaps extended to the synthetic years, nothing else
            assert [{k: v for k, v in r.items() if k != "last_year"} for r in new_rows] == \
                   [{k: v for k, v in r.items() if k != "last_year"} for r in rows]
            continue
        assert new_rows[:len(rows)] == rows, f"{name}: a real row changed"
        for row in new_rows[len(rows):]:
            assert set(row) == set(header) and None not in row.values(), name
            if "source" in header:
                assert row["source"] == bench.SYNTHETIC, name


def test_every_synthetic_year_has_a_row_in_each_file_of_the_base_year(synthetic):
    ws, years = synthetic
    for name in ("holdings", "investment_returns", "fund_performance", "funds", "year_facts", "balance_history",
                 "reports"):
        _, rows = bench._rows(ws / "data" / "unyo" / f"{name}.csv")
        assert {int(r["fiscal_year"]) for r in rows} >= set(years), name


def test_synthetic_data_pass_the_checks(synthetic):
    ws, years = synthetic
    out = subprocess.run([sys.executable, "scripts/check.py"], cwd=ws, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    for fy in years:
        assert f"ok  unyo-jokyo {fy}" in out.stdout and f"ok  bunseki {fy}" in out.stdout
    assert f"ok  shikyuritsu {bench.RATE_ZERO_FY}" in out.stdout


def test_synthetic_years_carry_the_policy_revision_and_the_rate_zero(synthetic):
    ws, years = synthetic
    data = dataio.load_all(ws / "data")
    unyo = model_module("unyo").build(data, years[0])
    assert [c["policy"]["policy_id"] for c in unyo["compositions"]] == ["2022-05", bench.REVISION["policy_id"]]
    assert unyo["policy_revised_in_year"]
    rate = model_module("shikyuritsu").build(data, bench.RATE_ZERO_FY)
    assert rate["rate"] == 0 and not rate["fund_arises"] and rate["available"] < 0
    assert sorted(model_module("shikyuritsu").years(data)) == [bench.BASE_RATE_FY, bench.RATE_ZERO_FY]


def test_synthetic_targets_name_each_edition_of_each_synthetic_document():
    targets = bench.synthetic_targets([2025, 2026])
    assert len(targets) == len(set(targets)) == (2 * 2 + 1) * 3
    assert "reports/2026/shikyuritsu-diff.pdf" in targets and "reports/2025/bunseki-review.pdf" in targets
    assert all(bench.is_synthetic(t, [2025, 2026]) for t in targets)
    assert not bench.is_synthetic("reports/2025/shikyuritsu.pdf", [2025])   # the real 支給率 of rate year 2025
    assert not bench.is_synthetic("reports/2024/unyo-jokyo.pdf", [2025])


# ---------------------------------------------------------------- the rules and the edits it relies on

def test_every_rule_that_runs_a_script_declares_a_benchmark_file():
    rules = bench.script_rules(ROOT)
    assert {"document", "compare", "pdf"} <= set(rules)
    assert all(rules.values()), [r for r, has in rules.items() if not has]


def test_the_template_edits_find_their_text():
    for _, slug, path, old, _ in bench.TEMPLATE_EDITS:
        assert path.startswith(f"templates/{slug}/") and old in (ROOT / path).read_text(encoding="utf-8")


# ---------------------------------------------------------------- verdicts and figures

def test_a_time_is_met_within_its_limit_in_r_and_its_condition():
    assert bench.within_limit(5.9, 3, 2.0) and bench.within_limit(6.0, 3, 2.0)
    assert not bench.within_limit(6.1, 3, 2.0)
    assert not bench.within_limit(1.0, 3, 2.0, ok=False)
    assert bench.within_limit(100.0, None, 2.0)


def test_results_print_each_figure_with_its_target_and_verdict(capsys, tmp_path):
    res = bench.Results(r=2.0)
    res.time("cold_build", 23.0, note="built: 1 publication PDF")                  # 11.5 R ≤ 12 R
    res.time("noop_rebuild", 2.4, ok=True, condition="nothing run")              # 1.2 R > 1.1 R
    res.time("template_edit_unyo", 4.0, ok=False, condition="only unyo-jokyo's PDFs")
    res.time("template_edit_unyo", 99.0, ok=True, condition="only unyo-jokyo's PDFs", prefix="smoke ")
    res.add(bench.Figure("scaling n=1 cores=1", 10.0, "s", r_multiple=5.0))
    printed = capsys.readouterr().out.splitlines()
    assert [f.verdict for f in res.figures] == ["met", "NOT met", "NOT met", "met", ""]
    assert "target ≤ 12 R: met" in printed[0] and "11.50 R" in printed[0]
    assert "target ≤ 1.1 R and nothing run: NOT met" in printed[1]
    assert printed[3].startswith("smoke template_edit_unyo") and "≤ 6 R" not in printed[3]   # smoke: no limit
    assert "(no target)" in printed[4]
    assert res.not_met() == ["noop_rebuild", "template_edit_unyo"]
    res.write(tmp_path / "results.csv")
    with open(tmp_path / "results.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["measure"] == "R" and rows[0]["value"] == "2.0"
    assert [r["verdict"] for r in rows[1:]] == ["met", "NOT met", "NOT met", "met", ""]
    assert rows[1]["multiple_of_R"] == "11.50" and rows[1]["target"] == "≤ 12 R"


def test_a_kept_job_scripts_rule_document_and_year_are_read_without_running_it(tmp_path):
    """The smoke run replays only the synthetic documents' jobs: each kept script is told apart by the Snakemake object
    its preamble unpickles (as Snakemake writes it: one line, `snakemake = pickle.loads(b'...')`), the job not run."""
    import pickle
    from types import SimpleNamespace
    job = SimpleNamespace(rule="pdf", wildcards={"fy": "2025", "slug": "unyo-jokyo"})
    script = tmp_path / "tmpabc.pdf_job.py"
    script.write_text("# preamble\nimport sys;import pickle;snakemake = pickle.loads(" + repr(pickle.dumps(job))
                      + ");from snakemake.logging import logger\nraise SystemExit('the job ran')\n", encoding="utf-8")
    assert bench.job_of(script) == ("pdf", "unyo-jokyo", "2025")
    assert bench.is_synthetic("reports/2025/unyo-jokyo.pdf", [2025])
    script.write_text("print('no preamble')\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="no Snakemake object"):
        bench.job_of(script)


def test_only_the_edited_documents_files_count_as_its_own():
    names = ["reports/2025/shikyuritsu.pdf", "reports/2025/shikyuritsu-review.pdf", "reports/2026/shikyuritsu-diff.pdf",
             "reports/2024/unyo-jokyo.pdf", "reports/2024/bunseki-review.pdf"]
    assert bench.of_other_documents("shikyuritsu", names) == names[3:]
    assert bench.of_other_documents("unyo-jokyo", names) == names[:3] + names[4:]


def test_rebuilt_files_and_their_kinds():
    before = {"reports/2024/unyo-jokyo.pdf": 1, "reports/2024/unyo-jokyo.html": 1}
    after = {**before, "reports/2024/unyo-jokyo.pdf": 2, "reports/2024/unyo-jokyo-diff.html": 3,
             "reports/2024/unyo-jokyo.xlsx": 4, "reports/2024/unyo-jokyo-review.pdf": 5}
    again = bench.rebuilt(before, after)
    assert sorted(again) == ["reports/2024/unyo-jokyo-diff.html", "reports/2024/unyo-jokyo-review.pdf",
                             "reports/2024/unyo-jokyo.pdf", "reports/2024/unyo-jokyo.xlsx"]
    assert [bench.kind(n) for n in sorted(again)] == ["diff HTML", "review PDF", "publication PDF", "workbook"]
    assert bench.counts(list(after)) == "1 publication PDF, 1 review PDF, 1 workbook, 1 publication HTML, 1 diff HTML"


def test_a_script_job_without_its_benchmark_file_is_a_problem(tmp_path):
    (tmp_path / "build" / "bench").mkdir(parents=True)
    (tmp_path / "build" / "bench" / "document-unyo-jokyo-2025.tsv").write_text("s\tmax_rss\n1\t100\n")
    rules = {"document": True, "compare": True}
    assert bench.benchmark_problems(tmp_path, {"document": 1, "publish_document": 1}, rules) == []
    assert bench.benchmark_problems(tmp_path, {"document": 1, "compare": 1, "all": 1}, rules) == \
        ["the build ran 2 script jobs but left 1 benchmark files"]


def test_peak_rss_is_the_largest_job_and_fails_on_a_rule_without_benchmark(tmp_path):
    bench_dir = tmp_path / "build" / "bench"
    bench_dir.mkdir(parents=True)
    for name, rss in (("document-unyo-jokyo-2025", "180.5"), ("review-unyo-jokyo-2025", "NA")):
        (bench_dir / f"{name}.tsv").write_text(f"s\tmax_rss\n1.0\t{rss}\n")
    memory = bench.Memory()
    assert memory.read(tmp_path, "cold build") == 2
    assert memory.read(tmp_path, "no-op") == 0                       # the same files: read once
    res = bench.Results(r=1.0)
    memory.record(res, {"document": True, "review": True}, [])
    memory.record(res, {"document": True, "review": False}, [])
    memory.record(res, {"document": True, "review": True}, ["the build ran 3 script jobs but left 2 benchmark files"])
    assert [(f.value, f.verdict) for f in res.figures] == [(180.5, "met"), (180.5, "NOT met"), (180.5, "NOT met")]
    assert "largest: cold build: document-unyo-jokyo-2025" in res.figures[0].note
    assert "NO benchmark: in rule review" in res.figures[1].note
    # a job run again (a template edit) overwrites its file: the earlier run still counts
    tsv = bench_dir / "document-unyo-jokyo-2025.tsv"
    tsv.write_text("s\tmax_rss\n1.0\t120.0\n")
    os.utime(tsv, ns=(tsv.stat().st_atime_ns, tsv.stat().st_mtime_ns + 10**9))
    assert memory.read(tmp_path, "edit") == 1
    res = bench.Results(r=1.0)
    memory.record(res, {"document": True}, [])
    assert res.figures[0].value == 180.5 and "3 job records read" in res.figures[0].note


def test_no_benchmark_file_at_all_is_not_met():
    res = bench.Results(r=1.0)
    bench.Memory().record(res, {"document": True}, [])
    assert res.figures[0].verdict == "NOT met"


def linear(fixed: float, per_year: float, cores: int) -> dict:
    return {(n, cores): fixed + per_year * n for n in bench.SCALING_NS}


def test_scaling_verdicts_linearity_and_speed_up(capsys):
    res = bench.Results(r=1.0)
    bench.record_scaling(res, {**linear(20, 10, 1), **linear(12, 5, 2)}, list(bench.SCALING_NS))
    by = {f.measure: f for f in res.figures}
    assert by["linearity t16/t4 cores=1"].value == round(180 / 60, 2) and by["linearity t16/t4 cores=1"].met
    assert "marginal 10.0 s per year, fixed part 20.0 s" in by["linearity t16/t4 cores=1"].note
    assert by["speedup_n16 2 vs 1 cores"].value == round(180 / 92, 2) and by["speedup_n16 2 vs 1 cores"].met

    res = bench.Results(r=1.0)
    quadratic = {(n, c): 2.0 * n * n / c for n in bench.SCALING_NS for c in (1, 2)}   # 16²/4² = 16 > 4 × 1.15
    bench.record_scaling(res, quadratic, list(bench.SCALING_NS))
    assert [f.verdict for f in res.figures] == ["NOT met", "NOT met", "met"]
    res = bench.Results(r=1.0)
    bench.record_scaling(res, {**linear(0, 10, 1), **linear(0, 8, 2)}, list(bench.SCALING_NS))
    assert res.figures[-1].value == 1.25 and res.figures[-1].verdict == "NOT met"
