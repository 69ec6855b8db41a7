"""Benchmark of the build, in a temporary copy of the project (never touches data/ or reports/).

    .venv/bin/python bench/run.py            # full run: timings, RSS, PDF sizes, scaling N = 1, 4, 16
    .venv/bin/python bench/run.py --smoke    # N = 1 only, one core: checks the harness works

Every time is printed in seconds and as a multiple of R, the time one Python process takes to
import pandas, matplotlib.pyplot and weasyprint on this machine. Results go to bench/results.csv
(or --out). Targets (issue 6, 2-core machine): cold ≤ 6 R, no-op ≤ 1.5 R, one template edited ≤ 3 R
and only its report re-rendered, one CSV figure changed → only the reports reading that file
rebuild, peak RSS per job ≤ 300 MB, each PDF ≤ 1 MB, scaling linear in N and ≥ 1.6× faster on
2 cores than on 1 for N = 16.
"""
from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ["Snakefile", "rules", "config.yaml", "environment.yml", "schemas", "profiles", "report", "data", "scripts",
         "templates"]
SNAKEMAKE = Path(sys.executable).parent / "snakemake"
TARGETS = {"cold_build": 6, "noop_rebuild": 1.5, "template_edit": 3}
RSS_LIMIT_MB, PDF_LIMIT_BYTES, SPEEDUP_TARGET = 300, 1_000_000, 1.6


def copy_project(dest: Path) -> Path:
    for part in PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return elapsed


def measure_r(repeats: int = 3) -> float:
    cmd = [sys.executable, "-c", "import pandas, matplotlib.pyplot, weasyprint"]
    return statistics.median(timed(cmd, ROOT) for _ in range(repeats))


def build(ws: Path, *targets: str, cores: int = 2) -> float:
    return timed([str(SNAKEMAKE), "--cores", str(cores), *targets], ws)


def pdf_times(ws: Path) -> dict[str, int]:
    return {p.relative_to(ws).as_posix(): p.stat().st_mtime_ns for p in sorted((ws / "reports").rglob("*.pdf"))}


def rebuilt(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return [name for name, mtime in after.items() if before.get(name) != mtime]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"benchmark edit: {old!r} not found in {path}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def peak_rss(ws: Path) -> tuple[float, str]:
    """Largest max_rss (MB) among the jobs' Snakemake benchmark files."""
    best = (0.0, "")
    for tsv in sorted((ws / "build" / "bench").glob("*.tsv")):
        with open(tsv, newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                rss = float(row["max_rss"]) if row["max_rss"] not in ("", "NA", "-") else 0.0
                best = max(best, (rss, tsv.stem))
    return best


# ---------------------------------------------------------------- synthetic years

def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def _append(path: Path, new_rows: list[dict]) -> None:
    header, rows = _rows(path)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows + new_rows)


def synthesise(ws: Path, n: int, base: int = 2024) -> list[int]:
    """Add n plausible fiscal years after ``base`` to the copy's data, the way a user adds a year:
    new rows only, each year's figures those of ``base`` (so every check passes), and the published
    10-year averages carried where a window still reaches a year no seed prints. Returns the years."""
    unyo = ws / "data" / "unyo"
    years = [base + k for k in range(1, n + 1)]
    per_year = ["holdings", "holdings_totals", "investment_returns", "fund_performance", "funds", "fund_subtotals",
                "life_insurance_yield", "year_facts", "committee_members"]
    for name in per_year:
        _, rows = _rows(unyo / f"{name}.csv")
        base_rows = [r for r in rows if r["fiscal_year"] == str(base)]
        new = []
        for y in years:
            for r in base_rows:
                r2 = {**r, "fiscal_year": str(y), "source": "synthetic (bench/run.py)"}
                if name == "year_facts" and r["fact"] == "funds_as_of":
                    r2["value"] = f"{y + 1}-03-31"
                new.append(r2)
        _append(unyo / f"{name}.csv", new)
    _, hist = _rows(unyo / "balance_history.csv")
    last = next(r for r in hist if r["fiscal_year"] == str(base))
    _append(unyo / "balance_history.csv",
            [{**last, "fiscal_year": str(y), "net_income": "0", "source": "synthetic"} for y in years])
    _, carried = _rows(unyo / "carried_figures.csv")
    ten_year = [r for r in carried if r["fiscal_year"] == str(base) and r["figure"].endswith("_10y")]
    # a 10-year window that still reaches FY2017 (printed by no seed) needs the published averages
    _append(unyo / "carried_figures.csv",
            [{**r, "fiscal_year": str(y), "source": "synthetic"} for y in years if y - 9 <= 2017 for r in ten_year])
    _append(unyo / "reports.csv", [{"fiscal_year": str(y), "published": f"{y + 1}-07", "document_date": f"{y + 1}-07-01",
                                    "source": "synthetic", "note": ""} for y in years])
    # figures no seed prints for the base year are not printed for the synthetic years either: their gaps go on
    header, gaps = _rows(unyo / "gaps.csv")
    for g in gaps:
        if g["last_year"] == str(base) and g["resource"] in ("cash_flows", "bond_issuers", "market_indices"):
            g["last_year"] = str(years[-1])
    with open(unyo / "gaps.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(gaps)
    return years


def scaling(ns: list[int], cores_list: list[int]) -> list[dict]:
    rows = []
    for n in ns:
        for cores in cores_list:
            with tempfile.TemporaryDirectory(prefix="kyosai-bench-") as tmp:
                ws = copy_project(Path(tmp))
                # only the synthetic years' 運用状況 reports: N jobs of each kind
                (ws / "data" / "unyo" / "reports.csv").write_text(
                    "fiscal_year,published,document_date,source,note\n", encoding="utf-8")
                years = synthesise(ws, n)
                targets = [f"reports/{y}/unyo-jokyo.pdf" for y in years]
                rows.append({"n": n, "cores": cores, "seconds": build(ws, *targets, cores=cores)})
                print(f"  N={n:>2} cores={cores}: {rows[-1]['seconds']:.1f} s", flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="N = 1 on one core only (a check of the harness)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results.csv")
    args = ap.parse_args()

    if args.smoke:
        rows = scaling([1], [1])
        print("smoke run: ok")
        return

    r = measure_r()
    print(f"R (import pandas, matplotlib.pyplot, weasyprint) = {r:.2f} s")
    results: list[tuple[str, float | str, str, str]] = []

    def record(name: str, seconds: float, note: str = "") -> None:
        target = TARGETS.get(name)
        verdict = "" if target is None else ("met" if seconds <= target * r else f"NOT met (target {target} R)")
        results.append((name, round(seconds, 2), f"{seconds / r:.2f}", f"{verdict} {note}".strip()))
        print(f"{name:<28} {seconds:6.2f} s  {seconds / r:5.2f} R  {verdict} {note}", flush=True)

    with tempfile.TemporaryDirectory(prefix="kyosai-bench-") as tmp:
        ws = copy_project(Path(tmp))
        record("cold_build", build(ws))
        record("noop_rebuild", build(ws))

        edits = [  # (measure, file, text, replacement, what the note lists)
            ("template_edit", "templates/shikyuritsu/overview.html.j2", "<ul", "<!-- benchmark edit --><ul", "re-rendered"),
            ("template_edit_unyo", "templates/unyo-jokyo/returns.html.j2", "<p", "<!-- benchmark edit --><p", "re-rendered"),
            ("csv_figure_unyo", "data/unyo/market_indices.csv", "2023-03-31,nikkei225,26094.50",
             "2023-03-31,nikkei225,26094.60", "rebuilt"),
            ("csv_figure_shikyuritsu", "data/shikyuritsu/rate_inputs.csv", "2025,entrusted_assets,28919",
             "2025,entrusted_assets,28920", "rebuilt"),
        ]
        for name, path, old, new, what in edits:
            before = pdf_times(ws)
            edit(ws / path, old, new)
            t = build(ws)
            record(name, t, f"{what}: " + " ".join(rebuilt(before, pdf_times(ws))))

        rss, job = peak_rss(ws)
        verdict = "met" if rss <= RSS_LIMIT_MB else f"NOT met (target {RSS_LIMIT_MB} MB)"
        results.append(("peak_rss_mb", round(rss, 1), "", f"{verdict} largest job: {job}"))
        print(f"{'peak_rss_mb':<28} {rss:6.1f} MB ({job}) {verdict}")
        for pdf in sorted((ws / "reports").rglob("*.pdf")):
            size = pdf.stat().st_size
            verdict = "met" if size <= PDF_LIMIT_BYTES else "NOT met (target 1 MB)"
            results.append((f"pdf_bytes {pdf.relative_to(ws).as_posix()}", size, "", verdict))
            print(f"{pdf.relative_to(ws).as_posix():<40} {size / 1e6:.2f} MB {verdict}")

    print("scaling (synthetic years, 運用状況 reports only):")
    scale = scaling([1, 4, 16], [1, 2])
    by = {(s["n"], s["cores"]): s["seconds"] for s in scale}
    for s in scale:
        results.append((f"scaling n={s['n']} cores={s['cores']}", round(s["seconds"], 2), f"{s['seconds'] / r:.2f}", ""))
    speedup = by[(16, 1)] / by[(16, 2)]
    per_report = [(by[(16, c)] - by[(1, c)]) / 15 for c in (1, 2)]
    verdict = "met" if speedup >= SPEEDUP_TARGET else f"NOT met (target {SPEEDUP_TARGET}x)"
    results.append(("speedup_n16_2_vs_1_cores", round(speedup, 2), "", verdict))
    print(f"speed-up N=16, 2 cores vs 1: {speedup:.2f}x {verdict}; marginal time per report: "
          f"{per_report[0]:.2f} s (1 core), {per_report[1]:.2f} s (2 cores)")

    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["measure", "value", "multiple_of_R", "verdict"])
        w.writerow(["R_seconds", round(r, 3), "1.00", ""])
        w.writerows(results)
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
