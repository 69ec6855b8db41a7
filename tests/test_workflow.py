"""The workflow itself: what an edit reruns (exactly the jobs that depend on it), lint, the cluster profile,
the benchmark harness."""
from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile

import pytest
import yaml

from conftest import ROOT, RUNTIME_ONLY, SNAKEMAKE

U, S, B = "unyo-jokyo", "shikyuritsu", "bunseki"
UNYO = {("document", U, 2022), ("publish_document", U, 2022), ("document", U, 2024), ("publish_document", U, 2024)}
UNYO_DIFF = {("compare", U, 2024), ("publish_comparison", U, 2024)}
RATE = {("document", S, 2025), ("publish_document", S, 2025)}
# the PDFs of both editions (the review edition's pages are the publication's): each after its document; FY2024's
# also after the comparison (the review edition prints its summary); each published with its document
REVIEW24 = {("pdf", U, 2024), ("publish_document", U, 2024)}
UNYO_REVIEW = {("pdf", U, 2022), ("publish_document", U, 2022)} | REVIEW24
RATE_REVIEW = {("pdf", S, 2025), ("publish_document", S, 2025)}
# the analysis pack reads data/unyo and data/shikyuritsu too (and the 支給率 engine), for every 運用状況 year
BUNSEKI_DIFF = {("compare", B, 2024), ("publish_comparison", B, 2024), ("pdf", B, 2024), ("publish_document", B, 2024)}
BUNSEKI_REVIEW22 = {("pdf", B, 2022), ("publish_document", B, 2022)}
BUNSEKI = {("document", B, 2022), ("publish_document", B, 2022), ("document", B, 2024), ("publish_document", B, 2024)} \
    | BUNSEKI_REVIEW22 | BUNSEKI_DIFF
ALL = UNYO | UNYO_DIFF | RATE | UNYO_REVIEW | RATE_REVIEW | BUNSEKI
REVIEWS = UNYO_REVIEW | RATE_REVIEW | BUNSEKI_REVIEW22 | {("pdf", B, 2024), ("publish_document", B, 2024)}


def with_change_reports(jobs: set) -> set:
    """The jobs an edit reruns, with what follows for a comparison: the previous report's PDF is an input of its
    comparison (which names its SHA-256), the comparison's summary of this year's PDF job, and this year's PDF of
    the change report's pages (compare_pages, which name it), each published."""
    out = set(jobs)
    for d in (U, B):
        if ("pdf", d, 2022) in out:
            out.add(("compare", d, 2024))
        if ("compare", d, 2024) in out:
            out |= {("pdf", d, 2024), ("publish_document", d, 2024)}
        if ("pdf", d, 2024) in out:
            out |= {("compare_pages", d, 2024), ("publish_comparison", d, 2024)}
    return out


@pytest.fixture(scope="module")
def built_workspace(built_copy):
    return built_copy("workflow")


def jobs_to_run(ws) -> set[tuple[str, str, int]]:
    """The jobs Snakemake would run now (dry run): (rule, document, fiscal year), from the rules' messages."""
    out = subprocess.run([str(SNAKEMAKE), "--dry-run"], cwd=ws.path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return {(m[1], m[2], int(m[3])) for m in re.finditer(r"^Job \d+: (\w+) ([\w-]+) FY(\d{4}):", out.stdout, re.M)}


def test_a_copy_of_a_build_has_nothing_to_do(built_workspace):
    """What the shared build of the tests (conftest: built_copy) and the benchmark rely on: a copy of a built
    project, its times and Snakemake's records kept, is up to date."""
    assert jobs_to_run(built_workspace) == set()


@pytest.mark.parametrize("path, old, new, expected", [
    ("templates/shikyuritsu/overview.html.j2", "<ul", "<!-- edit --><ul", RATE | RATE_REVIEW),
    ("templates/unyo-jokyo/returns.html.j2", "<p", "<!-- edit --><p", UNYO | UNYO_DIFF | UNYO_REVIEW),
    ("templates/report.css", "/* Print", "/* edited */\n/* Print", ALL),
    ("templates/review.css", "/* The review", "/* edited */\n/* The review", REVIEWS),
    # the standalone HTML's stylesheet: written by the document and comparison jobs (the PDFs' bytes stay)
    ("templates/screen.css", "/* The standalone", "/* edited */\n/* The standalone", ALL),
    # the change summary is printed in the comparisons and in the review editions
    ("templates/diff/summary.html.j2", "<div", "<!-- edit --><div", UNYO_DIFF | BUNSEKI_DIFF | REVIEWS),
    ("data/shikyuritsu/rate_inputs.csv", "2025,entrusted_assets,28919", "2025,entrusted_assets,28920",
     RATE | RATE_REVIEW | BUNSEKI),
    ("data/unyo/market_indices.csv", "26094.50", "26094.60", UNYO | UNYO_DIFF | UNYO_REVIEW | BUNSEKI),
    ("scripts/kyosai/unyo/model.py", '"""The 運用状況', '"""(edited) The 運用状況', UNYO | UNYO_DIFF | UNYO_REVIEW),
    ("scripts/kyosai/shikyuritsu/model.py", '"""', '"""(edited) ', RATE | RATE_REVIEW),
    ("scripts/kyosai/shikyuritsu/engine.py", '"""', '"""(edited) ', RATE | RATE_REVIEW | BUNSEKI),  # reused by the analysis
    ("scripts/kyosai/bunseki/model.py", '"""', '"""(edited) ', BUNSEKI),
    ("templates/bunseki/rates.html.j2", "<h2", "<!-- edit --><h2", BUNSEKI),
    ("data/bunseki/interest_rates.csv", "2016,1.00,-0.07", "2016,1.00,-0.08", BUNSEKI),
    # the comparisons and the PDF jobs whose review edition prints their summary (the publication's bytes stay): no document job
    ("scripts/kyosai/diff/compare.py", '"""', '"""(edited) ', UNYO_DIFF | REVIEW24 | BUNSEKI_DIFF),
    ("scripts/kyosai/unyo/tables.py", '"""', '"""(edited) ', UNYO | UNYO_DIFF | UNYO_REVIEW),
    # the cash-flow table both the 運用状況 and the analysis print: both documents, never the 支給率
    ("scripts/kyosai/cashflows.py", '"""', '"""(edited) ', UNYO | UNYO_DIFF | UNYO_REVIEW | BUNSEKI),
    ("config.yaml", "#     amount_pct: 15", "#     amount_pct: 15\ndiff_thresholds:\n  amount_pct: 25",  # a threshold set
     UNYO_DIFF | REVIEW24 | BUNSEKI_DIFF),
    ("config.yaml", "ipaexfont-gothic/ipaexg.ttf", "ipaexfont-mincho/ipaexm.ttf", ALL),  # the font: every rendering
])
def test_an_edit_reruns_exactly_what_depends_on_it(built_workspace, path, old, new, expected):
    target = built_workspace.path / path
    original = target.read_text(encoding="utf-8")
    assert old in original
    target.write_text(original.replace(old, new, 1), encoding="utf-8")
    try:
        assert jobs_to_run(built_workspace) == with_change_reports(expected)
    finally:
        target.write_text(original, encoding="utf-8")


def test_a_screen_only_edit_changes_the_html_editions_and_no_other_byte(built_copy):
    ws = built_copy("screen-edit")     # its own copy: every document job reruns, and nothing is restored after
    target = ws.path / "templates/screen.css"
    before = ws.digests()
    target.write_text(target.read_text(encoding="utf-8").replace("max-width: 200mm", "max-width: 210mm", 1),
                      encoding="utf-8")
    result = ws.snakemake()
    assert result.returncode == 0, result.stderr[-2000:]
    after = ws.digests()
    changed = {name for name in before if before[name] != after.get(name)}
    editions = {name for name in before if re.fullmatch(r"\d{4}/[a-z-]+\.html", name)}
    assert {"2024/unyo-jokyo.html", "2025/shikyuritsu.html", "2024/bunseki.html", "2024/unyo-jokyo-diff.html"} <= editions
    assert changed == editions


# The tests below that leave the built workspace up to date come before the one that fails a build (the data it
# restores has a new mtime, so its documents would rebuild).

def test_plain_snakemake_runs_without_a_cores_option(built_workspace):
    """profiles/default sets the cores: `snakemake` alone builds (here: finds nothing to do), as a dry run plans."""
    out = subprocess.run([str(SNAKEMAKE)], cwd=built_workspace.path, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert "Nothing to be done" in out.stdout + out.stderr


YEARS_WITH_DATA = ["Years with data: unyo-jokyo 2022, 2024 (from data/unyo/reports.csv); ",   # every document, each
                   "shikyuritsu 2025 (from data/shikyuritsu/surplus_components.csv and data/shikyuritsu/rate_inputs.csv)"]


def names_the_years(line: str, out: str) -> bool:
    """The one line says what is wrong, then the years each document has data for, and where they come from."""
    found = next((ln for ln in out.splitlines() if ln.lstrip().startswith(line.strip())), "")
    return found.lstrip().startswith(line + YEARS_WITH_DATA[0]) and all(part in found for part in YEARS_WITH_DATA)


@pytest.mark.parametrize("target, line", [
    ("reports/2031/unyo-jokyo.pdf", "unyo-jokyo FY2031: there is no data for fiscal year 2031. "),
    ("reports/2025/unyo-jokyo-review.pdf", "unyo-jokyo FY2025: there is no data for fiscal year 2025. "),
    ("reports/2022/unyo-jokyo-diff.pdf",
     "unyo-jokyo FY2022: no previous report to compare with (2022 is its first year with data). "),
])
def test_a_year_without_data_stops_the_planning_with_one_line(built_workspace, target, line):
    result = built_workspace.snakemake(target, cores=1)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert names_the_years(line, out), out[-2000:]
    assert not re.search(r"^Job \d+:", out, re.M) and "CalledProcessError" not in out   # no job was started


def planned_with_config(ws, old, new):
    """`snakemake --dry-run` with one edit in config.yaml (restored afterwards): its exit code and output."""
    path = ws.path / "config.yaml"
    original = path.read_text(encoding="utf-8")
    assert old in original
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    try:
        result = ws.snakemake("--dry-run")
    finally:
        path.write_text(original, encoding="utf-8")
    return result.returncode, result.stdout + result.stderr


def test_configured_years_without_data_are_named_when_the_workflow_is_planned(built_workspace):
    code, out = planned_with_config(built_workspace, "unyo_years: all", "unyo_years: [2024, 2031]")
    assert code != 0
    assert names_the_years("config.yaml, unyo_years: 2031 has no data. ", out), out[-2000:]


@pytest.mark.parametrize("old, new, message", [
    # the key before issue #21 renamed it to say it is the charts' font
    ("chart_font_path:", "font_path:", "config.yaml, line 8: unknown key font_path (did you mean chart_font_path?). "
                                       "The keys are: unyo_years, chart_font_path, diff_thresholds"),
    ("unyo_years: all", "unyo_years: [all", "config.yaml, line 8, column 1: not valid YAML: expected ',' or ']'"),
])
def test_a_config_mistake_is_one_line_naming_its_line(built_workspace, old, new, message):
    code, out = planned_with_config(built_workspace, old, new)
    assert code != 0
    assert f"  - {message}" in out, out[-2000:]
    assert "Failed validating" not in out and len(out.splitlines()) < 10, out


def test_the_review_bundle_holds_every_edition_with_a_caption(built_workspace, tmp_path):
    """`make review` after `make reports`: the bundle is made with the runtime's packages alone (issue #20: it once
    needed pygments, which only the test set-up installed); tests/runtime_only hides every other package."""
    bundle = tmp_path / "review.zip"
    runtime_only = {**os.environ, "PYTHONPATH": str(RUNTIME_ONLY)}
    out = subprocess.run([str(SNAKEMAKE), "--report", str(bundle)], cwd=built_workspace.path, capture_output=True,
                         text=True, env=runtime_only)
    assert out.returncode == 0, out.stderr[-2000:]
    with zipfile.ZipFile(bundle) as z:
        page = z.read("review/report.html").decode("utf-8")
    results = json.loads(re.search(r"var results = (\{.*?\});\n", page, re.S)[1])
    reports = built_workspace.path / "reports"
    editions = {p.relative_to(built_workspace.path).as_posix()      # every edition, comparison, workbook and QA log
                for pattern in ("*/*.pdf", "*/*.html", "*/*.xlsx", "*/*/qa.md") for p in reports.glob(pattern)}
    assert {f"reports/2024/{U}-review.pdf", f"reports/2024/{U}-diff.html", f"reports/2025/{S}/qa.md"} <= editions
    assert {p for p in results if not p.endswith((".csv", ".svg"))} == editions
    assert all(r["caption"].strip() and r["labels"]["種類"] and r["labels"]["名前"] for r in results.values())
    description = json.loads(re.search(r"var workflow_desc = (\".*?\");\n", page, re.S)[1])
    assert "How to review a document." in description
    assert re.search(r"unyo-jokyo: FY2022 \(\d+ files\), FY2024 \(\d+ files\)\.", description)


def test_a_data_error_is_said_once_before_any_job_starts(built_workspace):
    target = built_workspace.path / "data" / "unyo" / "holdings.csv"
    original = target.read_text(encoding="utf-8")
    target.write_text(original.replace("2024,domestic_bonds_book,85249", "2024,domestic_bonds_book,85294", 1),
                      encoding="utf-8")
    try:
        result = built_workspace.snakemake("reports/2024/unyo-jokyo.pdf", cores=1)
    finally:
        target.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    # the data is checked once, when the workflow is planned: the problem is said once and no job starts
    out = result.stdout + result.stderr
    assert out.count("data/unyo/holdings_totals.csv, line 2, column amount") == 1, out
    assert "The data has 1 problem; nothing was built and nothing under reports/ changed:\n" \
           "  - data/unyo/holdings_totals.csv, line 2, column amount" in out, out
    assert "differs by 46" in out and "Job stats" not in out


def test_the_default_profile_sets_the_cores():
    profile = yaml.safe_load((ROOT / "profiles" / "default" / "config.yaml").read_text(encoding="utf-8"))
    assert profile["cores"] == "all"


@pytest.mark.e2e
def test_lint_is_clean():
    out = subprocess.run([str(SNAKEMAKE), "--lint"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and "Congratulations" in out.stdout + out.stderr, out.stdout + out.stderr


@pytest.mark.e2e
def test_slurm_profile_parses():
    out = subprocess.run([str(SNAKEMAKE), "--profile", "profiles/slurm", "--dry-run", "--forceall"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "document" in out.stdout + out.stderr


@pytest.mark.e2e
def test_benchmark_smoke_run(smoke_run):
    out = smoke_run     # bench/run.py --smoke --cores 2, started in the background when collected (conftest.py)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "smoke run: ok" in out.stdout
    # every verdict of the smoke run is on what is deterministic (it has no time limits): the no-op ran nothing,
    # each template edit re-rendered only its own document's PDFs, a copy of the built workspace rebuilt nothing
    # (no stray rebuild of the real years), PDF sizes and memory; each must be met
    assert "NOT met" not in out.stdout, out.stdout
    for measure in ("smoke noop_rebuild", "smoke template_edit_shikyuritsu", "smoke template_edit_unyo",
                    "smoke copy of the built workspace"):
        line = next(ln for ln in out.stdout.splitlines() if ln.startswith(measure))
        assert ": met" in line, line
    # the bound: the cold build's script jobs run again in one process, with WeasyPrint's share named
    bound = next(line for line in out.stdout.splitlines() if line.startswith("smoke one_process cold_build work"))
    assert re.search(r"imports [\d.]+ s once; \d+ document jobs [\d.]+ s; .*WeasyPrint layout [\d.]+ s", bound), bound
