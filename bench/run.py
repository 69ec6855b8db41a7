"""Benchmark of the build, in a temporary copy of the project (never touches data/ or reports/).

    .venv/bin/python bench/run.py              # full run (about 40 minutes on a quiet 2-core machine)
    .venv/bin/python bench/run.py --smoke      # one synthetic year on one core (--cores 2: two): checks the harness
    .venv/bin/python bench/run.py --years 1,4  # a quicker full run: scaling with N = 1, 4 only

Every time is printed in seconds and as a multiple of R, the time one Python process takes to import pandas,
matplotlib.pyplot and weasyprint on this machine, measured in the same run (median of 3; --smoke: once). Every figure is
printed with its target and its verdict (met / NOT met) and written to bench/results.csv (or --out).

Targets (a 2-core machine; `snakemake --cores 2` unless said otherwise):

    template_edit_shikyuritsu   templates/shikyuritsu/overview.html.j2 edited → rebuild ≤ 3.5 R, and only the
                                支給率's PDFs re-rendered (listed)
    template_edit_unyo          templates/unyo-jokyo/returns.html.j2 edited → rebuild ≤ 6 R, and only the
                                運用状況's PDFs re-rendered (listed)
    cold_build                  every target of `snakemake --cores 2` from nothing (publication and review
                                editions, comparisons, workbooks, the standalone HTML editions) ≤ 12 R, and
                                its work in one process (one_process cold_build work, below) ≤ 16 R
    noop_rebuild                `snakemake --cores 2` with nothing to do ≤ 1.1 R
    peak_rss_mb                 the largest max_rss of any job (the jobs' Snakemake benchmark: files,
                                build/bench/*.tsv) ≤ 300 MB; every rule that runs a script declares benchmark:,
                                and every job of the cold build left its file
    pdf_bytes                   each PDF ≤ 1 MB (every PDF listed, the largest first)
    linearity                   N = 1, 4, 16 synthetic fiscal years, on 1 and on 2 cores: the time per year, and
                                t(16)/t(4) ≤ 4 × 1.15 (linear: a year costs at most 15 % more at N = 16 than at
                                N = 4; below 4 is a fixed cost spread over more years)
    speedup_n16                 N = 16: ≥ 1.7× faster on 2 cores than on 1

What bounds them (no target of their own; the verdict says whether the work alone fits the target):

    one_process cold_build work every script job of the cold build run again in ONE Python process, one after
                                another (each job's own script with the inputs Snakemake handed it, kept by
                                --skip-script-cleanup): the imports paid once, no Snakemake, nothing in parallel;
                                with the seconds of each kind of job and of WeasyPrint's layout and PDF writing
    one_process template_edit_* the part of it that the edit re-runs (that document's jobs)

The synthetic years are added as a user adds a year, as rows only. A synthetic fiscal year y (2025, 2026, ...)
is a 運用状況 of FY y with the figures of FY2024 (its 分析 is built too), but the first is a year of loss: 運用損益額
▲2,068 and a 当期損失 that turns the 利益剰余金 into a 繰越欠損金 of ▲400 (synthesise_loss_year). With them come a
基本ポートフォリオ revision within FY2025 (a policy in data/unyo/policies.csv and policy_allocations.csv, declared as
2022-05 is: FY2025's deviation table switches policy, and its 国内債券 breaches the new band) and one rate-zero 支給率,
rate year 2026: the rows of rate year 2025 with their wording's years moved on, the 過年度の留保額 raised so that the
fund after the deductions is negative, no published results, and the 実績 column of its 財政収支 printing FY2024 as
the 運用状況 does. tests/test_next_year.py builds it and reads its pages (issue #18). The copy's data pass scripts/check.py before
anything is timed. A scaling run times only what the synthetic years add (N 運用状況 years with their 分析, and
the one 支給率): the real years' documents are built first, untimed, in the same copy.

--smoke goes through the same steps on one synthetic year, one core and the synthetic documents' targets only
(with the real documents they need): checks, build from nothing through every rule, no-op, both template edits,
a copy of the built workspace that must rebuild nothing (what the scaling runs rely on), PDF sizes, memory; its
one-process replay runs the synthetic documents' jobs only (the real ones it needed are the same code). Its
times have no targets; it writes no CSV unless --out is given. The run exits 0 whether or not targets are met (a
target not met is a result); a failed build or synthetic data that fail the checks stop it with their output.
"""
from __future__ import annotations

import argparse
import csv
import functools
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal as D
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ["Snakefile", "rules", "config.yaml", "environment.yml", "schemas", "profiles", "report", "data", "scripts",
         "templates"]
SNAKEMAKE = Path(sys.executable).parent / "snakemake"
SYNTHETIC = "synthetic (bench/run.py)"
BASE_FY, BASE_RATE_FY = 2024, 2025       # the years whose rows the synthetic years copy
RATE_ZERO_FY = 2026                      # the synthetic 支給率 (rate year)
REVISION = {"policy_id": "2025-10", "effective_from": "2025-10-01", "label": "令和7年10月改定"}
RATE_ZERO_RETAINED = "7000"              # 過年度の留保額 (億円) of rate year 2026: 6,423 − 7,000 − 推計リスク < 0

LIMITS = {"template_edit_shikyuritsu": 3.5, "template_edit_unyo": 6, "cold_build": 12, "noop_rebuild": 1.1}  # × R
WORK_LIMITS = {**LIMITS, "cold_build": 16}   # × R: the same work in one process (one_process_bound)
RSS_LIMIT_MB, PDF_LIMIT_BYTES, SPEEDUP_TARGET, LINEAR_TOLERANCE = 300, 1_000_000, 1.7, 0.15
SCALING_NS = (1, 4, 16)
TEMPLATE_EDITS = [  # measure, the document's slug, file, text, replacement
    ("template_edit_shikyuritsu", "shikyuritsu", "templates/shikyuritsu/overview.html.j2", "<ul",
     "<!-- benchmark edit --><ul"),
    ("template_edit_unyo", "unyo-jokyo", "templates/unyo-jokyo/returns.html.j2", "<p", "<!-- benchmark edit --><p"),
]


# ---------------------------------------------------------------- figures

@dataclass
class Figure:
    measure: str
    value: float | int
    unit: str                  # s, MB, bytes, x, ratio
    target: str = ""           # "≤ 6 R"; empty for a figure without a target
    met: bool | None = None    # None: no target
    r_multiple: float | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        return "" if self.met is None else ("met" if self.met else "NOT met")


def within_limit(seconds: float, limit: float | None, r: float, ok: bool = True) -> bool:
    """Met: within ``limit`` × R (no limit: any time) and ``ok``."""
    return (limit is None or seconds <= limit * r) and ok


class Results:
    """Every figure of the run, printed as it comes and written to a CSV at the end."""

    def __init__(self, r: float):
        self.r, self.figures = r, []

    def add(self, fig: Figure) -> None:
        self.figures.append(fig)
        value = f"{fig.value:,.2f} {fig.unit}" if isinstance(fig.value, float) else f"{fig.value:,} {fig.unit}"
        multiple = f"{fig.r_multiple:6.2f} R" if fig.r_multiple is not None else ""
        target = f"target {fig.target}: {fig.verdict}" if fig.target else "(no target)"
        print(f"{fig.measure:<48} {value:>15} {multiple:>8}  {target:<44} {fig.note}".rstrip(), flush=True)

    def time(self, measure: str, seconds: float, ok: bool = True, condition: str = "", note: str = "",
             prefix: str = "") -> None:
        """A time against its limit in R (LIMITS) and, if given, a ``condition`` that ``ok`` says is met (the
        no-op ran nothing, an edit re-rendered only its document's PDFs). With a ``prefix`` (the smoke run: not the
        targets' builds) the time has no limit; the condition still has its verdict."""
        limit = None if prefix else LIMITS.get(measure)
        target = " and ".join(t for t in (f"≤ {limit} R" if limit else "", condition) if t)
        met = within_limit(seconds, limit, self.r, ok) if target else None
        self.add(Figure(prefix + measure, round(seconds, 2), "s", target, met, round(seconds / self.r, 2), note))

    def not_met(self) -> list[str]:
        return [f.measure for f in self.figures if f.met is False]

    def write(self, path: Path) -> None:
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["measure", "value", "unit", "multiple_of_R", "target", "verdict", "note"])
            w.writerow(["R", round(self.r, 3), "s", "1.00", "", "", "import pandas, matplotlib.pyplot, weasyprint"])
            for g in self.figures:
                w.writerow([g.measure, g.value, g.unit, "" if g.r_multiple is None else f"{g.r_multiple:.2f}",
                            g.target, g.verdict, g.note])
        print(f"written: {path}")


# ---------------------------------------------------------------- the copy and its builds

def copy_project(dest: Path) -> Path:
    """The project's workflow, code, templates and data, and the archived published tables
    (reports/<FY>/published/) that the document jobs compare with."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    for archive in sorted(ROOT.glob("reports/*/published")):
        shutil.copytree(archive, dest / archive.relative_to(ROOT))
    return dest


def run(cmd: list[str], cwd: Path) -> tuple[float, str]:
    """Run a command, fail loudly; its wall time in seconds and what it printed."""
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{result.stdout[-3000:]}\n{result.stderr[-4000:]}")
    return elapsed, result.stdout + result.stderr


def measure_r(repeats: int) -> float:
    cmd = [sys.executable, "-c", "import pandas, matplotlib.pyplot, weasyprint"]
    return statistics.median(run(cmd, ROOT)[0] for _ in range(repeats))


def build(ws: Path, *targets: str, cores: int = 2) -> tuple[float, dict[str, int]]:
    """One Snakemake run: its wall time, and the jobs it ran per rule (its "Job stats")."""
    seconds, printed = run([str(SNAKEMAKE), "--cores", str(cores), *targets], ws)
    stats = printed.split("Job stats:", 1)[1].split("\n\n", 1)[0] if "Job stats:" in printed else ""
    return seconds, {rule: int(n) for rule, n in re.findall(r"^(\w+)\s+(\d+)$", stats, re.M) if rule != "total"}


def check_data(ws: Path) -> None:
    """scripts/check.py in the copy (make check): every document and year; fails listing every problem."""
    run([sys.executable, "scripts/check.py"], ws)


def outputs(ws: Path) -> dict[str, int]:
    """The published files a reader opens (PDFs, HTML editions, workbooks) → their mtime."""
    return {p.relative_to(ws).as_posix(): p.stat().st_mtime_ns
            for p in sorted((ws / "reports").glob("*/*")) if p.suffix in (".pdf", ".html", ".xlsx")}


def rebuilt(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return [name for name, mtime in after.items() if before.get(name) != mtime]


def kind(name: str) -> str:
    """reports/2024/unyo-jokyo-review.pdf → 'review PDF'."""
    stem, suffix = Path(name).stem, Path(name).suffix
    edition = next((e for e in ("review", "diff") if stem.endswith("-" + e)), "publication")
    return {".pdf": f"{edition} PDF", ".html": f"{edition} HTML", ".xlsx": "workbook"}[suffix]


def counts(names: list[str]) -> str:
    """How many of each kind: '5 publication PDF, 5 review PDF, ...'."""
    kinds = ["publication PDF", "review PDF", "diff PDF", "workbook", "publication HTML", "review HTML", "diff HTML"]
    found = {k: sum(kind(n) == k for n in names) for k in kinds}
    standalone = found["publication HTML"] + found["review HTML"]
    return ", ".join(f"{n} {k}" for k, n in found.items() if n) + ("" if standalone else " (no standalone HTML edition yet)")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"benchmark edit: {old!r} not found in {path}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------- memory and sizes

def script_rules(ws: Path) -> dict[str, bool]:
    """The rules that run a script (the jobs doing the work) → whether they declare a benchmark: file."""
    found = {}
    for smk in sorted((ws / "rules").glob("*.smk")):
        for name, body in re.findall(r"^rule (\w+):\n(.*?)(?=^\S|\Z)", smk.read_text(encoding="utf-8"), re.M | re.S):
            if re.search(r"^\s+script:", body, re.M):
                found[name] = bool(re.search(r"^\s+benchmark:", body, re.M))
    return found


class Memory:
    """The max_rss of every job, read from the benchmark files (build/bench/*.tsv) after each build: a job that
    runs again overwrites its file, so each version of a file is read once, as it was after its build."""

    def __init__(self):
        self.seen: dict[tuple[str, int], tuple[float, str]] = {}   # (file, mtime) → (max_rss MB, which job)

    def read(self, ws: Path, label: str) -> int:
        """Read the files of ``ws`` not read yet; returns how many were new."""
        new = 0
        for tsv in sorted((ws / "build" / "bench").glob("*.tsv")):
            key = (str(tsv), tsv.stat().st_mtime_ns)
            if key in self.seen:
                continue
            with open(tsv, newline="") as f:
                rows = list(csv.DictReader(f, delimiter="\t"))
            rss = max((float(r["max_rss"]) for r in rows if r.get("max_rss") not in (None, "", "NA", "-")), default=0.0)
            self.seen[key], new = (rss, f"{label}: {tsv.stem}"), new + 1
        return new

    def record(self, res: Results, rules: dict[str, bool], problems: list[str]) -> None:
        rss, job = max(self.seen.values(), default=(0.0, "no benchmark file"))
        undeclared = [r for r, has in rules.items() if not has]
        notes = [f"largest: {job}", f"{len(self.seen)} job records read",
                 f"rules with benchmark: {', '.join(sorted(r for r, has in rules.items() if has))}"]
        notes += [f"NO benchmark: in rule {r}" for r in undeclared] + problems
        res.add(Figure("peak_rss_mb", round(rss, 1), "MB", f"≤ {RSS_LIMIT_MB} MB",
                       bool(self.seen) and rss <= RSS_LIMIT_MB and not undeclared and not problems,
                       note="; ".join(notes)))


def record_pdf_sizes(res: Results, ws: Path) -> None:
    """One figure per PDF, the largest first, then the verdict on all of them."""
    pdfs = sorted(((p.stat().st_size, p.relative_to(ws).as_posix()) for p in (ws / "reports").glob("*/*.pdf")),
                  reverse=True)
    for size, name in pdfs:
        res.add(Figure(f"pdf_bytes {name}", size, "bytes", "≤ 1 MB", size <= PDF_LIMIT_BYTES))
    over = [n for s, n in pdfs if s > PDF_LIMIT_BYTES]
    res.add(Figure("pdf_bytes largest", pdfs[0][0], "bytes", "≤ 1 MB", not over,
                   note=f"{pdfs[0][1]}; {len(over)} of {len(pdfs)} PDFs over 1 MB"))


# ---------------------------------------------------------------- synthetic years

def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames), list(reader)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _add_copies(path: Path, column: str, base: str, keys: list, change=None) -> None:
    """Append to a CSV its rows whose ``column`` is ``base``, once for each key, with ``column`` set to the key and
    the source marked synthetic; ``change(row, key)`` adjusts a copy (returning None drops it)."""
    header, rows = _rows(path)
    new = []
    for key in keys:
        for r in rows:
            if r[column] == base:
                copy = {**r, column: str(key), **({"source": SYNTHETIC} if "source" in r else {})}
                copy = change(copy, key) if change else copy
                if copy is not None:
                    new.append(copy)
    _write(path, header, rows + new)


def synthesise_unyo(ws: Path, years: list[int]) -> None:
    """The 運用状況 of each year with the figures of BASE_FY (so every check passes); the published 10-year averages
    carried where a window still reaches FY2017 (which no seed prints); the declared gaps extended."""
    unyo, base = ws / "data" / "unyo", str(BASE_FY)

    def funds_date(r, y):
        return {**r, "value": f"{y + 1}-03-31"} if r.get("fact") == "funds_as_of" else r

    for name in ("holdings", "holdings_totals", "investment_returns", "fund_performance", "funds", "fund_subtotals",
                 "life_insurance_yield", "year_facts", "committee_members"):
        _add_copies(unyo / f"{name}.csv", "fiscal_year", base, years, funds_date)
    _add_copies(unyo / "balance_history.csv", "fiscal_year", base, years, lambda r, y: {**r, "net_income": "0"})
    _add_copies(unyo / "carried_figures.csv", "fiscal_year", base, years,
                lambda r, y: r if r["figure"].endswith("_10y") and y - 9 <= 2017 else None)
    header, rows = _rows(unyo / "reports.csv")
    _write(unyo / "reports.csv", header, rows + [
        {"fiscal_year": str(y), "published": f"{y + 1}-07", "document_date": f"{y + 1}-07-01", "source": SYNTHETIC,
         "note": ""} for y in years])
    # what no seed prints for the base year is not printed for the synthetic years either: their gaps go on
    header, gaps = _rows(unyo / "gaps.csv")
    for g in gaps:
        if g["last_year"] == base and g["resource"] in ("cash_flows", "bond_issuers", "market_indices"):
            g["last_year"] = str(years[-1])
    _write(unyo / "gaps.csv", header, gaps)


def _fy_ja(fy: int) -> str:
    """2018 → 平成30年度, 2021 → 令和3年度 (the years the synthetic rows name)."""
    return f"平成{fy - 1988}年度" if fy < 2019 else f"令和{fy - 2018}年度"


def _shift_reiwa(text: str, by: int) -> str:
    """The 令和 years a text names moved on by ``by`` years (令和7年度 → 令和8年度)."""
    return re.sub(r"令和(\d+)年", lambda m: f"令和{int(m.group(1)) + by}年", text)


OWN_TEXTS = {   # the synthetic years' own wording of a text that tells the events of its year (synthesise_texts)
    "overview.topics": lambda y: (f"なお、{_fy_ja(y)}においては、" + (
        f"{REVISION['label'].replace('改定', '')}に基本ポートフォリオを改定いたしました。" if y == int(REVISION["policy_id"][:4])
        else f"{REVISION['label']}の基本ポートフォリオに基づき運用いたしました。")),
}


def synthesise_texts(ws: Path, years: list[int]) -> None:
    """Each synthetic year's own wording of the texts that name BASE_FY and so end with it (data/unyo/texts.csv,
    e.g. funds.note2 「令和7年3月末時点」): a copy with the years it names moved on by as many years. A new year has
    such rows of its own or make check names them; last year's sentence is never printed. A text that names a month
    within the year other than its end narrates what happened then (overview.topics: 令和6年9月に受け入れを表明): it
    is not moved to another year, where it would be false; each synthetic year has its own (OWN_TEXTS: what is true of
    it, the 基本ポートフォリオ revised in 令和7年10月)."""
    path = ws / "data" / "unyo" / "texts.csv"
    header, rows = _rows(path)
    reiwa = BASE_FY - 2018                                  # 令和6年度 = FY2024

    def names_base(text: str) -> bool:
        return any(int(n) + (0 if rest == "度" else -1 if int(rest[:-1]) < 4 else 0) >= reiwa
                   for n, rest in re.findall(r"令和(\d+)年(度|\d+月)", text))

    def names_event(text: str) -> bool:             # a month of the year other than its end (3月)
        return any(int(month) != 3 for month in re.findall(r"令和\d+年(\d+)月", text))

    new = []
    for y in years:
        for r in rows:
            if r["valid_to"] == str(BASE_FY) and names_base(r["text"]):
                text = OWN_TEXTS[r["key"]](y) if names_event(r["text"]) else _shift_reiwa(r["text"], y - BASE_FY)
                new.append({**r, "valid_from": str(y), "valid_to": str(y), "text": text, "source": SYNTHETIC})
    _write(path, header, rows + new)


LOSS = {"entrusted": ("-2900", "-10.22"), "all": ("-2068", "-1.72")}    # FY2025's 運用損益額 (億円) and 利回り (%)
LOSS_BALANCE = {"total_assets": "119195", "policy_reserve": "118764", "surplus": "-400", "net_income": "-6350"}
LOSS_FUNDS = {  # FY2025's 対ベンチマーク (fund_performance.csv): 収益率 and ベンチマーク収益率 (%), on FY2024's 時価平残
    "domestic_equity": ("-20.00", "-19.50"), "domestic_bonds_market": ("-4.00", "-4.10"),
    "foreign_equity": ("-18.00", "-17.20"), "foreign_bonds": ("-3.00", "-2.80"), "hedged_foreign_bonds": ("-7.00", "-6.90")}


def _half_up(value: D, places: int) -> D:
    """四捨五入 as kyosai.numbers.round_half_up (the benchmark imports nothing of the package it copies)."""
    return value.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


def synthesise_loss_year(ws: Path, years: list[int]) -> None:
    """The first synthetic year made a year of loss, as a user would type it: a negative 運用損益額 of 委託 and of the
    whole (自家 as FY2024), its 対ベンチマーク figures negative (each class's 年度収益 = its 時価平残 × 収益率, the total
    their sum), and a 当期損失 of 6,350億円 (責任準備金 up by as much) that turns FY2024's 利益剰余金 5,950 into a
    繰越欠損金 of ▲400; the later synthetic years keep that balance (当期利益 0). The published 10-year averages
    carried for it move by a tenth of the change on FY2024 (a window that drops a year like FY2024's)."""
    unyo, fy = ws / "data" / "unyo", str(years[0])
    header, rows = _rows(unyo / "investment_returns.csv")
    base = {r["segment"]: r for r in rows if r["fiscal_year"] == str(BASE_FY)}
    for r in rows:
        if r["fiscal_year"] == fy and r["segment"] in LOSS:
            r["income"], r["yield"] = LOSS[r["segment"]]
    _write(unyo / "investment_returns.csv", header, rows)
    header, rows = _rows(unyo / "carried_figures.csv")
    for r in rows:
        if r["fiscal_year"] == fy and r["key"] in LOSS:
            column = "income" if r["figure"] == "income_avg_10y" else "yield"
            step = (D(LOSS[r["key"]][column == "yield"]) - D(base[r["key"]][column])) / 10
            r["value"] = str(_half_up(D(r["value"]) + step, -D(r["value"]).as_tuple().exponent))
    _write(unyo / "carried_figures.csv", header, rows)
    header, rows = _rows(unyo / "fund_performance.csv")
    mine = [r for r in rows if r["fiscal_year"] == fy]
    for r in mine:
        if r["asset_class"] in LOSS_FUNDS:
            r["fund_return"], r["benchmark_return"] = LOSS_FUNDS[r["asset_class"]]
            r["income"] = str(_half_up(D(r["average_balance"]) * D(r["fund_return"]) / 100, 0))
    parts = [r for r in mine if r["asset_class"] in LOSS_FUNDS]
    total = next(r for r in mine if r["asset_class"] == "total")
    total["income"] = str(sum(D(r["income"]) for r in parts))
    total["fund_return"] = str(_half_up(D(total["income"]) / D(total["average_balance"]) * 100, 2))
    bench_income = sum(D(r["average_balance"]) * D(r["benchmark_return"]) / 100 for r in parts)
    total["benchmark_return"] = str(_half_up(bench_income / D(total["average_balance"]) * 100, 2))
    _write(unyo / "fund_performance.csv", header, rows)
    header, rows = _rows(unyo / "balance_history.csv")
    for r in rows:
        if r["fiscal_year"] == fy:
            r.update(LOSS_BALANCE)
        elif r["source"] == SYNTHETIC and int(r["fiscal_year"]) > years[0]:
            r.update({k: v for k, v in LOSS_BALANCE.items() if k != "net_income"})
    _write(unyo / "balance_history.csv", header, rows)


def synthesise_policy_revision(ws: Path) -> None:
    """A 基本ポートフォリオ effective within FY2025, declared as 2022-05 is (policies.csv, policy_allocations.csv,
    its 期待収益率 and 標準偏差 at adoption): 1.2 pt of all assets (5.1 pt of 委託) moved from domestic bonds to foreign
    equity, so that FY2025's year end breaches the 国内債券 band (a band breach: the notice, the chart's 超過)."""
    unyo, pid = ws / "data" / "unyo", REVISION["policy_id"]
    header, rows = _rows(unyo / "policies.csv")
    _write(unyo / "policies.csv", header, rows + [{**REVISION, "source": SYNTHETIC, "note": ""}])
    # (of all assets, within 委託): FY2025's 国内債券 (40.5% of 委託 at the year end, FY2024's holdings) is then 3.4 pt
    # above its new 37.1% and breaches its ±2.3 pt band; 外国株式 (23.1% against 27.1%) stays within its ±5.4 pt
    moves = {"domestic_bonds_market": (-1.2, -5.1), "foreign_equity": (1.2, 5.1)}

    def moved(r, _):
        if r["component"] in moves:
            overall, within = moves[r["component"]]
            r["allocation"] = f"{float(r['allocation']) + overall:.1f}"
            r["within_entrusted"] = f"{float(r['within_entrusted']) + within:.1f}"
        return r

    _add_copies(unyo / "policy_allocations.csv", "policy_id", "2022-05", [pid], moved)
    header, rows = _rows(unyo / "policy_risk_return.csv")
    _write(unyo / "policy_risk_return.csv", header, rows + [
        {"policy_id": pid, "as_of": pid, "kind": "adoption", "label": "", "expected_return": "1.31", "std_dev": "1.47",
         "source": SYNTHETIC}])


def synthesise_rate_zero(ws: Path) -> None:
    """The 支給率 of RATE_ZERO_FY: the rows of BASE_RATE_FY (keyed by rate_fiscal_year) with their dates and the
    years of their 財政収支 shifted with it, without the published results (published_fund, published_base_rate:
    a synthetic year has none to reconcile with), and with its 過年度の留保額 raised to RATE_ZERO_RETAINED."""
    folder = ws / "data" / "shikyuritsu"

    def shifted(r, y):
        if r.get("item") in ("published_fund", "published_base_rate"):
            return None
        for col in ("fiscal_year", "projection_fiscal_year", "published", "document_date", "as_of"):
            if r.get(col):
                r[col] = str(int(r[col][:4]) + y - BASE_RATE_FY) + r[col][4:]
        for col in ("label_ja", "remark", "note"):     # the years its wording names (ホ 令和7年度末の剰余金, ...)
            if r.get(col):
                r[col] = _shift_reiwa(r[col], y - BASE_RATE_FY)
        if r.get("entry") == "total":
            r["amount"] = RATE_ZERO_RETAINED
        return r

    for name in ("documents", "fiscal_projection", "rate_inputs", "surplus_components"):
        _add_copies(folder / f"{name}.csv", "rate_fiscal_year", str(BASE_RATE_FY), [RATE_ZERO_FY], shifted)
    # the 過年度の留保額 of rate year 2026: the payout years of rate year 2025's and rate year 2025 itself (paid: its
    # 1/2 retained), their total RATE_ZERO_RETAINED
    header, rows = _rows(folder / "retained_amounts.csv")
    base = [r for r in rows if r["rate_fiscal_year"] == str(BASE_RATE_FY)]
    paid = [r["entry"] for r in base if r["entry"] != "total"] + [str(BASE_RATE_FY)]
    names = [_fy_ja(int(e)) for e in paid]
    new = [{**r, "rate_fiscal_year": str(RATE_ZERO_FY), "source": SYNTHETIC,
            "note": f"{_fy_ja(int(r['entry']))}: amount not printed"} for r in base if r["entry"] != "total"]
    new.append({**new[-1], "entry": str(BASE_RATE_FY), "note": f"{_fy_ja(BASE_RATE_FY)}: amount not printed"})
    new.append({**next(r for r in base if r["entry"] == "total"), "rate_fiscal_year": str(RATE_ZERO_FY),
                "amount": RATE_ZERO_RETAINED, "source": SYNTHETIC,
                "note": "、".join(names[:-1]) + "及び" + names[-1] + "の付加共済金を支給することとした際の留保額"})
    _write(folder / "retained_amounts.csv", header, rows + new)
    # the analysis pack says where each rate of its history comes from: this one from its own (synthetic) document
    _add_copies(ws / "data" / "bunseki" / "rate_sources.csv", "rate_fiscal_year", str(BASE_RATE_FY), [RATE_ZERO_FY],
                lambda r, y: {**r, "last_fiscal_year": str(y), "document": str(y), "source_ja": SYNTHETIC,
                              "note": SYNTHETIC})
    header, rows = _rows(folder / "fiscal_projection.csv")
    fit_projection([r for r in rows if r["rate_fiscal_year"] == str(RATE_ZERO_FY)], RATE_ZERO_FY,
                   unyo_actuals(ws, RATE_ZERO_FY - 2))
    _write(folder / "fiscal_projection.csv", header, rows)


def unyo_actuals(ws: Path, fy: int) -> dict[str, D]:
    """The 運用状況's figures of ``fy`` that a 支給率 document's 実績 column prints too (data/bunseki/
    outcome_measures.csv: the analysis checks that they agree)."""
    unyo = ws / "data" / "unyo"
    balance = next(r for r in _rows(unyo / "balance_history.csv")[1] if r["fiscal_year"] == str(fy))
    returns = {r["segment"]: r for r in _rows(unyo / "investment_returns.csv")[1] if r["fiscal_year"] == str(fy)}
    life = next(r for r in _rows(unyo / "life_insurance_yield.csv")[1] if r["fiscal_year"] == str(fy) and r["component"] == "total")
    lending = next(r for r in _rows(unyo / "year_facts.csv")[1] if r["fiscal_year"] == str(fy) and r["fact"] == "lending_rate")
    return {"surplus": D(balance["surplus"]), "net_income": D(balance["net_income"]),
            "reserve": D(balance["policy_reserve"]), "income": D(returns["all"]["income"]),
            "trust": D(returns["entrusted"]["income"]), "yield_total": D(returns["all"]["yield"]),
            "yield_trust": D(returns["entrusted"]["yield"]), "yield_life_insurance": D(life["value"]),
            "yield_loans": D(lending["value"])}


def fit_projection(rows: list[dict], rate_fy: int, actual: dict[str, D]) -> None:
    """Make a copied 財政収支の予測 print the 運用状況's 実績 of its actual year (rate_fy − 2), every identity still
    holding: (1) and (2) as the sums of their parts, (3) = (1) − (2) through 責任準備金繰入, (5) as its parts with
    基本額に係る責任準備金 taking the 責任準備金, (6) = (4) − (5) through (4); and the next year's (3) through its
    責任準備金繰入 so that its (6) = this (6) + (3) and the later columns stay as they are."""
    col = {y: {r["line"]: r for r in rows if r["fiscal_year"] == str(y)} for y in (rate_fy - 2, rate_fy - 1)}
    v = {line: D(r["value"]) for line, r in col[rate_fy - 2].items()}
    v["trust_gain"], v["trust_loss"] = max(actual["trust"], D(0)), max(-actual["trust"], D(0))
    v["investment_income"] = actual["income"] + v["trust_loss"]
    v["revenue"] = v["contributions"] + v["investment_income"] + v["reserve_release"] + v["other_revenue"]
    v["expenses"] = v["revenue"] - actual["net_income"]
    v["reserve_provision"] = v["expenses"] - sum(v[k] for k in ("benefits", "installment_benefits", "trust_loss",
                                                                "transfer_to_operations", "other_expenses"))
    v["net_income"], v["surplus"], v["yield_total"] = actual["net_income"], actual["surplus"], actual["yield_total"]
    for line in ("yield_trust", "yield_life_insurance", "yield_loans"):     # the 運用状況's, as its 実績 (not the year before's)
        v[line] = actual[line]
    v["basic_reserve"] = actual["reserve"] - v["installment_reserve"]
    v["liabilities"] = v["basic_reserve"] + v["installment_reserve"] + v["other_liabilities"]
    v["assets"] = v["liabilities"] + v["surplus"]
    for line, r in col[rate_fy - 2].items():
        r["value"] = str(v[line])
    following = col[rate_fy - 1]
    change = D(following["surplus"]["value"]) - v["surplus"] - D(following["net_income"]["value"])  # Δ of its (3)
    following["net_income"]["value"] = str(D(following["net_income"]["value"]) + change)
    for line in ("expenses", "reserve_provision"):
        following[line]["value"] = str(D(following[line]["value"]) - change)


def synthesise(ws: Path, n: int) -> list[int]:
    """n synthetic fiscal years after BASE_FY (see the module's docstring); returns them."""
    years = [BASE_FY + k for k in range(1, n + 1)]
    synthesise_unyo(ws, years)
    synthesise_loss_year(ws, years)
    synthesise_texts(ws, years)
    synthesise_policy_revision(ws)
    synthesise_rate_zero(ws)
    return years


@functools.lru_cache(maxsize=None)
def synthetic_years(years: tuple[int, ...]) -> dict[str, list[int]]:
    """slug → the years synthesise adds to the document (kyosai.documents): the synthetic years where its years are
    those of data/unyo/reports.csv, the rate-zero year where they are the 支給率's (its model's YEAR_RESOURCES)."""
    added = {"reports": list(years), "shikyuritsu_rate_inputs": [RATE_ZERO_FY]}   # the year lists synthesise extends
    fresh = "kyosai" not in sys.modules
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from kyosai.documents import ENTRIES
        return {e.slug: sorted({y for r in e.model.YEAR_RESOURCES for y in added.get(r, [])}) for e in ENTRIES}
    finally:
        sys.path.remove(str(ROOT / "scripts"))
        if fresh:   # in_one_process imports kyosai from its workspace (its data/): forget this checkout's
            for name in [m for m in sys.modules if m == "kyosai" or m.startswith("kyosai.")]:
                del sys.modules[name]


def is_synthetic(name: str, years: list[int]) -> bool:
    """reports/<FY>/<slug>...: a document of a synthetic year (or the synthetic 支給率)."""
    fy, file = int(name.split("/")[1]), name.split("/")[2]
    return any(fy in added and (file == slug or file.startswith(f"{slug}-") or file.startswith(f"{slug}."))
               for slug, added in synthetic_years(tuple(years)).items())


def synthetic_features(ws: Path, years: list[int]) -> str:
    """What the synthetic documents say: FY2025's deviation table against both policies, and the rate zero of
    rate year 2026. Fails if either is not so."""
    def model(fy, slug):
        return json.loads((ws / "build" / str(fy) / slug / "model.json").read_text(encoding="utf-8"))

    unyo, rate = model(years[0], "unyo-jokyo"), model(RATE_ZERO_FY, "shikyuritsu")
    policies = [c["policy"]["policy_id"] for c in unyo["compositions"]]
    if policies[-1] != REVISION["policy_id"] or not unyo["policy_revised_in_year"]:
        raise SystemExit(f"the synthetic policy revision is not in FY{years[0]}'s deviation table: {policies}")
    if rate["fund_arises"] or float(rate["rate"]) != 0:
        raise SystemExit(f"the synthetic rate year {RATE_ZERO_FY} is not rate-zero: rate {rate['rate']}")
    return (f"FY{years[0]} deviation table {' → '.join(policies)}; rate year {RATE_ZERO_FY}: "
            f"{float(rate['available']):,.0f}億円 after the deductions, rate 0")


# ---------------------------------------------------------------- the measures

def of_other_documents(slug: str, names: list[str]) -> list[str]:
    """The files among ``names`` that are not one of the document ``slug``'s (reports/<FY>/<slug>.pdf,
    <slug>-review.pdf, <slug>-diff.pdf, ...)."""
    return [n for n in names if not re.fullmatch(re.escape(slug) + r"(-[a-z]+)?\.\w+", Path(n).name)]


def benchmark_problems(ws: Path, jobs: dict[str, int], rules: dict[str, bool]) -> list[str]:
    """What is wrong with the benchmark files after a build from nothing: a job of a script rule that left none."""
    expected = sum(n for rule, n in jobs.items() if rule in rules)
    left = len(list((ws / "build" / "bench").glob("*.tsv")))
    return [] if left >= expected else [f"the build ran {expected} script jobs but left {left} benchmark files"]


def cold_noop_and_edits(res: Results, ws: Path, rules: dict[str, bool], memory: Memory, targets: tuple[str, ...] = (),
                        cores: int = 2, prefix: str = "", replayed=None) -> tuple[list[str], list[str]]:
    """Cold build, no-op rebuild, one template edited per document (of ``targets``, default every target, on
    ``cores``). Returns the cold build's outputs and what is wrong with its benchmark files. ``replayed(slug, fy)``
    (the smoke run): the one-process replay runs only the cold build's jobs it accepts (default: every job)."""
    t, jobs = build(ws, "--skip-script-cleanup", *targets, cores=cores)   # each job's script kept (the bound)
    made = list(outputs(ws))
    res.time("cold_build", t, note=f"{sum(jobs.values())} jobs; built: " + counts(made), prefix=prefix)
    kept = job_scripts(ws)
    if replayed is not None:
        kept = [k for k in kept if replayed(*job_of(k)[1:])]
    problems = benchmark_problems(ws, jobs, rules)
    memory.read(ws, prefix + "cold build")
    t, jobs = build(ws, *targets, cores=cores)
    res.time("noop_rebuild", t, ok=not jobs, condition="nothing run", prefix=prefix,
             note=f"ran: {jobs}" if jobs else "nothing to do")
    for measure, slug, path, old, new in TEMPLATE_EDITS:
        before = outputs(ws)
        edit(ws / path, old, new)
        t, jobs = build(ws, *targets, cores=cores)
        again = [n for n in rebuilt(before, outputs(ws)) if n.endswith(".pdf")]
        others = of_other_documents(slug, again)
        note = (f"{sum(jobs.values())} jobs; re-rendered: {' '.join(again) or 'nothing'}"
                + (f"; NOT {slug}'s: {' '.join(others)}" if others else ""))
        res.time(measure, t, ok=bool(again) and not others, condition=f"only {slug}'s PDFs", note=note, prefix=prefix)
        memory.read(ws, prefix + measure)
    # the replay in a copy: it publishes again (the publish jobs are script jobs), which must not leave the workspace
    # in a state Snakemake did not record (the copy of the built workspace that follows must have nothing to do)
    replay = ws.parent / f"{ws.name}-one-process"
    shutil.copytree(ws, replay, symlinks=True)
    one_process_bound(res, replay, [replay / k.relative_to(ws) for k in kept], prefix,
                      "" if replayed is None else "the synthetic documents' jobs only; ")
    shutil.rmtree(replay, ignore_errors=True)
    return made, problems


# ---------------------------------------------------------------- the bound: the same work in one process

ONE_PROCESS = "one process: "   # the line of --one-process that carries its seconds (the jobs print too)


def job_scripts(ws: Path) -> list[Path]:
    """The script of every job the last build ran, as Snakemake handed it over (its inputs, outputs and params
    inside; kept by --skip-script-cleanup), in the order the jobs started: an order their dependencies allow."""
    return sorted((ws / ".snakemake" / "scripts").glob("*.py"), key=lambda p: (p.stat().st_mtime_ns, p.name))


def job_of(script: Path) -> tuple[str, str, str]:
    """A kept job script's rule, document (slug) and fiscal year, read from the Snakemake object its preamble unpickles
    (nothing of the job is run)."""
    import ast
    import pickle
    for line in script.read_text(encoding="utf-8").splitlines():
        if "pickle.loads(" in line:
            call = next(n for n in ast.walk(ast.parse(line))
                        if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "loads")
            job = pickle.loads(ast.literal_eval(call.args[0]))
            wildcards = dict(job.wildcards.items())
            return job.rule, wildcards.get("slug", ""), wildcards.get("fy", "")
    raise SystemExit(f"{script}: no Snakemake object in its preamble")


def in_one_process(ws: Path, scripts: list[Path]) -> dict:
    """Run the given job scripts one after another in this one Python process (the imports paid once, nothing in
    parallel, no Snakemake): the same work as the build's script jobs. Returns the seconds of the imports, of each
    job, and of what every job spends in WeasyPrint (layout, PDF) and in drawing charts."""
    import os
    import runpy
    os.chdir(ws)
    sys.path.insert(0, str(ws / "scripts"))
    start = time.perf_counter()
    import weasyprint  # noqa: F401  what the jobs import, imported first and timed on its own
    from kyosai import dataio, document, documents, render  # noqa: F401
    from kyosai.diff import view  # noqa: F401
    for key in documents.DOCUMENTS:
        documents.view_module(key)
    spent = {"imports": time.perf_counter() - start, "layout": 0.0, "pdf": 0.0, "charts": 0.0}

    def timed(owner, name: str, part: str) -> None:
        original = getattr(owner, name)

        def call(*args, **kwargs):
            t = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[part] += time.perf_counter() - t
        setattr(owner, name, call)
    timed(weasyprint.HTML, "render", "layout")
    timed(weasyprint.document.Document, "write_pdf", "pdf")
    timed(document.Document, "draw_charts", "charts")
    jobs = []
    for script in scripts:
        t = time.perf_counter()
        job = runpy.run_path(str(script), run_name="__main__")["snakemake"]
        wildcards = dict(job.wildcards.items())
        jobs.append([job.rule, wildcards.get("slug", ""), wildcards.get("fy", ""), time.perf_counter() - t])
    return {**spent, "jobs": jobs}


def one_process_bound(res: Results, ws: Path, scripts: list[Path], prefix: str = "", scope: str = "") -> None:
    """What bounds the build's times: every script job of the cold build run again, in one Python process
    (in_one_process, in a process of its own), and the part of it each timed build re-runs. Where even that
    exceeds a target, no arrangement of jobs, processes or cores can meet it: the work itself is over."""
    _, printed = run([sys.executable, str(Path(__file__).resolve()), "--one-process", str(ws), *map(str, scripts)], ws)
    got = json.loads(next(line for line in reversed(printed.splitlines()) if line.startswith(ONE_PROCESS))
                     .removeprefix(ONE_PROCESS))
    jobs = got["jobs"]

    def work(slug: str | None = None) -> tuple[float, str]:
        """The imports and the jobs of one document (every job: None), with the seconds of each rule's jobs."""
        chosen = [j for j in jobs if slug is None or j[1] == slug]
        per_rule = {}
        for rule, _, _, seconds in chosen:
            per_rule.setdefault(rule, []).append(seconds)
        return (got["imports"] + sum(j[3] for j in chosen),
                "; ".join(f"{len(v)} {rule} job{'s' if len(v) > 1 else ''} {sum(v):.1f} s" for rule, v in per_rule.items()))

    total, parts = work()
    note = (f"{scope}imports {got['imports']:.1f} s once; {parts}; of which WeasyPrint layout {got['layout']:.1f} s, "
            f"PDF writing {got['pdf']:.1f} s, charts {got['charts']:.1f} s")
    target = None if prefix else WORK_LIMITS["cold_build"]
    res.add(Figure(prefix + "one_process cold_build work", round(total, 2), "s", f"≤ {target} R" if target else "",
                   total <= target * res.r if target else None, round(total / res.r, 2), note))
    for measure, slug, *_ in TEMPLATE_EDITS:
        seconds, parts = work(slug)
        limit = None if prefix else WORK_LIMITS[measure]
        res.add(Figure(prefix + f"one_process {measure} work", round(seconds, 2), "s", f"≤ {limit} R" if limit else "",
                       seconds <= limit * res.r if limit else None, round(seconds / res.r, 2),
                       f"{scope}the jobs the edit re-runs: imports {got['imports']:.1f} s once; {parts}"))


def prebuilt_workspace(tmp: Path, n: int, real: list[str], cores: int = 2) -> Path:
    """A copy with n synthetic years, its data checked, and the real years' documents built (untimed)."""
    ws = copy_project(tmp / f"n{n}-prebuilt")
    synthesise(ws, n)
    check_data(ws)
    build(ws, *real, cores=cores)
    return ws


def timed_in_copy(res: Results, prebuilt: Path, dest: Path, years: list[int], cores: int, measure: str,
                  targets: tuple[str, ...] = (), nothing_expected: bool = False) -> tuple[float, list[str]]:
    """Copy a built workspace (times and Snakemake's records kept: what was built stays built) and time one build
    of ``targets`` there (default: every target). Its figure's condition: nothing of the real years rebuilt (with
    ``nothing_expected``: nothing at all, as in a copy of a workspace whose targets are built).
    Returns the time and what was built."""
    shutil.copytree(prebuilt, dest, symlinks=True)
    before = outputs(dest)
    t, jobs = build(dest, *targets, cores=cores)
    made = rebuilt(before, outputs(dest))
    stray = [m for m in made if not is_synthetic(m, years)]
    note = f"{sum(jobs.values())} jobs; built: {counts(made) if made else 'nothing'}" + (
        f"; {t / len(years):.1f} s per year" if made else "")
    if nothing_expected:
        condition, ok = "nothing rebuilt", not made
    else:
        condition, ok = "only synthetic years' documents built", not stray
    res.add(Figure(measure, round(t, 2), "s", condition, ok, round(t / res.r, 2),
                   note + (f"; ALSO rebuilt: {' '.join(stray)}" if stray else "")))
    return t, made


def scaling(res: Results, tmp: Path, ns: list[int], real: list[str], memory: Memory,
            cores_list: tuple[int, ...] = (1, 2)) -> dict[tuple[int, int], float]:
    """For each N and core count, the time of building everything the N synthetic years add."""
    times = {}
    for n in ns:
        prebuilt = prebuilt_workspace(tmp, n, real, cores=max(cores_list))
        years = [BASE_FY + k for k in range(1, n + 1)]
        for cores in cores_list:
            ws = tmp / f"n{n}-cores{cores}"
            times[n, cores], _ = timed_in_copy(res, prebuilt, ws, years, cores, f"scaling n={n} cores={cores}")
            if n == ns[0] and cores == cores_list[0]:
                print(f"    synthetic years: {synthetic_features(ws, years)}", flush=True)
            memory.read(ws, f"n={n} cores={cores}")
            shutil.rmtree(ws)
        shutil.rmtree(prebuilt)
    return times


def record_scaling(res: Results, times: dict[tuple[int, int], float], ns: list[int]) -> None:
    """Linear: t(16)/t(4) ≤ 4 × (1 + LINEAR_TOLERANCE), i.e. a year costs at most 15 % more at N = 16 than at N = 4
    (the two largest N of the run). Below 4 is a fixed cost spread over more years (the 支給率, Snakemake's start):
    the marginal time per year, (t(16) − t(4)) / 12, and the fixed part it implies are printed. Then the speed-up
    at the largest N."""
    small, large = ns[-2], ns[-1]
    expected = large / small
    for cores in (1, 2):
        ratio = times[large, cores] / times[small, cores]
        per_year = ", ".join(f"N={n} {times[n, cores] / n:.1f}" for n in ns)
        marginal = (times[large, cores] - times[small, cores]) / (large - small)
        fixed = times[small, cores] - small * marginal
        res.add(Figure(f"linearity t{large}/t{small} cores={cores}", round(ratio, 2), "ratio",
                       f"≤ {expected:g} × {1 + LINEAR_TOLERANCE:g}", ratio <= expected * (1 + LINEAR_TOLERANCE),
                       note=f"s per year: {per_year}; marginal {marginal:.1f} s per year, fixed part {fixed:.1f} s"))
    speedup = times[large, 1] / times[large, 2]
    res.add(Figure(f"speedup_n{large} 2 vs 1 cores", round(speedup, 2), "x", f"≥ {SPEEDUP_TARGET}x",
                   speedup >= SPEEDUP_TARGET, note=f"{times[large, 1]:.1f} s on 1 core, {times[large, 2]:.1f} s on 2"))


def full(res: Results, tmp: Path, ns: list[int]) -> None:
    ws = copy_project(tmp / "project")
    rules = script_rules(ws)
    memory = Memory()
    made, problems = cold_noop_and_edits(res, ws, rules, memory)
    record_pdf_sizes(res, ws)
    shutil.rmtree(ws)
    print("scaling (synthetic fiscal years; only the documents they add are timed):", flush=True)
    times = scaling(res, tmp, ns, [m for m in made if m.endswith(".pdf")], memory)
    record_scaling(res, times, ns)
    memory.record(res, rules, problems)


def synthetic_targets(years: list[int]) -> list[str]:
    """Every PDF the synthetic years add (publication, review edition, comparison): the 運用状況 and its 分析 of
    each year, and the rate-zero 支給率. Snakemake adds what they need of the real years (their documents)."""
    docs = [(fy, slug) for slug, added in synthetic_years(tuple(years)).items() for fy in added]
    return [f"reports/{fy}/{slug}{edition}.pdf" for fy, slug in docs for edition in ("", "-review", "-diff")]


def smoke(res: Results, tmp: Path, cores: int = 1) -> None:
    """One synthetic year on one core, through the same steps as the full run but on the synthetic targets only
    (and what they need): the data pass the checks; every rule builds the synthetic documents (publication,
    review, comparison of FY2025's 運用状況 and 分析 and of the rate-zero 支給率); the policy revision and the rate
    zero are in them; a no-op; the two template edits; a copy of the built workspace that has nothing to rebuild
    (what each scaling run relies on); PDF sizes and memory. Its times have no targets."""
    ws = copy_project(tmp / "smoke")
    rules = script_rules(ws)
    years = synthesise(ws, 1)
    check_data(ws)
    memory = Memory()
    targets = tuple(synthetic_targets(years))
    _, problems = cold_noop_and_edits(res, ws, rules, memory, targets, cores=cores, prefix="smoke ",
                                      replayed=lambda slug, fy: is_synthetic(f"reports/{fy}/{slug}.pdf", years))
    print(f"    synthetic years: {synthetic_features(ws, years)}", flush=True)
    timed_in_copy(res, ws, tmp / "smoke-copy", years, cores, "smoke copy of the built workspace", targets,
                  nothing_expected=True)
    record_pdf_sizes(res, ws)
    memory.record(res, rules, problems)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="one synthetic year on one core (a check of the harness)")
    ap.add_argument("--cores", type=int, default=1, help="--smoke: the cores its builds use (default 1)")
    ap.add_argument("--out", type=Path, help="the CSV written (default: bench/results.csv; --smoke writes none)")
    ap.add_argument("--years", default=",".join(map(str, SCALING_NS)),
                    help="the numbers of synthetic years of the scaling runs (default 1,4,16: the targets' N)")
    ap.add_argument("--one-process", nargs="+", metavar=("WORKSPACE", "SCRIPT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one_process:   # (internal) in_one_process in a process of its own; prints its seconds as JSON
        ws, *scripts = map(Path, args.one_process)
        print(ONE_PROCESS + json.dumps(in_one_process(ws, scripts)), flush=True)
        return
    ns = sorted({int(n) for n in args.years.split(",")})
    if len(ns) < 2 or ns[0] < 1:
        ap.error("--years needs two or more numbers of years, each at least 1 (the linearity compares the two largest)")

    r = measure_r(1 if args.smoke else 3)
    print(f"R (one Python process importing pandas, matplotlib.pyplot, weasyprint) = {r:.2f} s", flush=True)
    res = Results(r)
    with tempfile.TemporaryDirectory(prefix="kyosai-bench-") as tmp:
        if args.smoke:
            smoke(res, Path(tmp), args.cores)
        else:
            full(res, Path(tmp), ns)
    if args.out or not args.smoke:
        res.write(args.out or ROOT / "bench" / "results.csv")
    missed = res.not_met()
    if args.smoke:
        print("smoke run: ok, the harness ran end to end" + (f" ({len(missed)} verdicts NOT met: {', '.join(missed)})"
                                                              if missed else ""))
    else:
        print(f"{len(res.figures)} figures, {len(missed)} NOT met" + (f": {', '.join(missed)}" if missed else ""))


if __name__ == "__main__":
    main()
