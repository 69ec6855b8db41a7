# The annual publications of 小規模企業共済: raw CSVs in data/ → checked tables, charts and PDFs in reports/.
#   snakemake --cores 4                                 every report that has data
#   snakemake --cores 4 reports/2024/unyo-jokyo.pdf     one report
# Rules are coarse on purpose: one job checks and computes a report's model (intermediate files go
# to build/, never to reports/), one job draws, writes and renders it. A failure in the first never
# starts (so never deletes) the published files under reports/.
import csv
from pathlib import Path

from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config.yaml"


validate(config, "schemas/config.schema.yaml")

DATA_FILES = sorted(str(p) for p in Path("data").rglob("*.csv")) + ["data/datapackage.yaml"]


def data_of(*sections):
    """The data files a report reads: a change elsewhere in data/ does not rebuild it."""
    return ["data/datapackage.yaml"] + [f for f in DATA_FILES if f.split("/")[1] in sections]


def code_of(*modules):
    """The helper modules a report's scripts import (Snakemake tracks only the script itself)."""
    base = ["__init__", "numbers", "era", "dataio", "calc", "render", "qalog", "tables", "charts"]
    return ["scripts/_common.py"] + [f"scripts/kyosai/{m}.py" for m in base + list(modules)]


UNYO_DATA, UNYO_CODE = data_of("common", "unyo"), code_of("unyo")
SHIKYURITSU_DATA, SHIKYURITSU_CODE = data_of("common", "shikyuritsu"), code_of("unyo", "shikyuritsu", "shikyuritsu_view")
TEXT_CODE = code_of("unyo", "diff", "diff_view")  # the plain-text rendering each report job writes


def report_years(path):
    """Fiscal years listed in a reports.csv (read with csv: nothing heavy at parse time)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return sorted({int(row["fiscal_year"]) for row in csv.DictReader(f)})


UNYO_YEARS = report_years("data/unyo/reports.csv") if config["unyo_years"] == "all" else config["unyo_years"]


def rate_years(inputs_path, components_path):
    """Rate fiscal years with a 支給率 document: an assumed_benefits_total row in rate_inputs.csv and rows in
    surplus_components.csv (the 2017/2018 rows are reference inputs of the engine, not documents)."""
    with open(inputs_path, encoding="utf-8-sig", newline="") as f:
        denominators = {int(r["rate_fiscal_year"]) for r in csv.DictReader(f) if r["item"] == "assumed_benefits_total"}
    with open(components_path, encoding="utf-8-sig", newline="") as f:
        components = {int(r["rate_fiscal_year"]) for r in csv.DictReader(f)}
    return sorted(denominators & components)


SHIKYURITSU_YEARS = rate_years("data/shikyuritsu/rate_inputs.csv", "data/shikyuritsu/surplus_components.csv")


wildcard_constraints:
    fy=r"\d{4}",


localrules:
    all,


rule all:
    input:
        expand("reports/{fy}/unyo-jokyo.pdf", fy=UNYO_YEARS),
        expand("reports/{fy}/shikyuritsu.pdf", fy=SHIKYURITSU_YEARS),
        lambda wildcards: diff_targets(),  # year-on-year diff (block at the end of this file)


rule unyo_model:
    message:
        "Checking data/ and computing the 運用状況 model for FY{wildcards.fy}"
    priority: 3  # the diff job waits for both 運用状況 reports: start them first
    input:
        UNYO_DATA,
        UNYO_CODE,
    output:
        model="build/{fy}/unyo-model.pickle",
    log:
        "build/{fy}/unyo-model.log",
    benchmark:
        "build/bench/unyo_model-{fy}.tsv"
    conda:
        "environment.yml"
    script:
        "scripts/unyo_model.py"


rule unyo_report:
    message:
        "Drawing, tabulating and rendering reports/{wildcards.fy}/unyo-jokyo.pdf"
    priority: 3  # the diff job waits for both 運用状況 reports: start them first
    input:
        model="build/{fy}/unyo-model.pickle",
        templates=["templates/unyo-jokyo.html.j2", "templates/macros.html.j2", "templates/report.css"],
        code=UNYO_CODE,
        text_code=TEXT_CODE,
    output:
        pdf=report("reports/{fy}/unyo-jokyo.pdf", caption="report/unyo-pdf.rst", category="運用状況", subcategory="FY{fy}"),
        html="build/{fy}/unyo-jokyo.html",
        tables=report(directory("reports/{fy}/tables"), patterns=["{name}.csv"], caption="report/unyo-table.rst",
                      category="運用状況", subcategory="FY{fy}", labels={"種類": "表", "名前": "{name}"}),
        charts=report(directory("reports/{fy}/charts"), patterns=["{name}.svg"], caption="report/unyo-chart.rst",
                      category="運用状況", subcategory="FY{fy}", labels={"種類": "図", "名前": "{name}"}),
        qa="reports/{fy}/qa.md",
        text="reports/{fy}/unyo-jokyo.txt",
    params:
        data_files=UNYO_DATA,
    log:
        "build/{fy}/unyo-report.log",
    benchmark:
        "build/bench/unyo_report-{fy}.tsv"
    conda:
        "environment.yml"
    script:
        "scripts/unyo_report.py"


rule shikyuritsu_model:
    message:
        "Checking data/ and computing the 支給率 model for FY{wildcards.fy}"
    input:
        SHIKYURITSU_DATA,
        SHIKYURITSU_CODE,
    output:
        model="build/{fy}/shikyuritsu-model.pickle",
    log:
        "build/{fy}/shikyuritsu-model.log",
    benchmark:
        "build/bench/shikyuritsu_model-{fy}.tsv"
    conda:
        "environment.yml"
    script:
        "scripts/shikyuritsu_model.py"


rule shikyuritsu_report:
    message:
        "Drawing, tabulating and rendering reports/{wildcards.fy}/shikyuritsu.pdf"
    input:
        model="build/{fy}/shikyuritsu-model.pickle",
        templates=["templates/shikyuritsu.html.j2", "templates/report.css"],
        code=SHIKYURITSU_CODE,
        text_code=TEXT_CODE,
    output:
        pdf=report("reports/{fy}/shikyuritsu.pdf", caption="report/shikyuritsu-pdf.rst", category="支給率", subcategory="FY{fy}"),
        html="build/{fy}/shikyuritsu.html",
        tables=report(directory("reports/{fy}/shikyuritsu/tables"), patterns=["{name}.csv"],
                      caption="report/shikyuritsu-table.rst", category="支給率", subcategory="FY{fy}",
                      labels={"種類": "表", "名前": "{name}"}),
        charts=report(directory("reports/{fy}/shikyuritsu/charts"), patterns=["{name}.svg"],
                      caption="report/shikyuritsu-chart.rst", category="支給率", subcategory="FY{fy}",
                      labels={"種類": "図", "名前": "{name}"}),
        qa="reports/{fy}/shikyuritsu/qa.md",
        text="reports/{fy}/shikyuritsu.txt",
    params:
        data_files=SHIKYURITSU_DATA,
    log:
        "build/{fy}/shikyuritsu-report.log",
    benchmark:
        "build/bench/shikyuritsu_report-{fy}.tsv"
    conda:
        "environment.yml"
    script:
        "scripts/shikyuritsu_report.py"


# ---------------- year-on-year diff
# Each report compared with the previous report of the same kind (the latest earlier fiscal year that has
# one: FY2024 against FY2022 while FY2023 has no data), table by table (scripts/kyosai/diff.py):
# reports/<FY>/unyo-jokyo-diff.pdf + .html and reports/<FY>/diff/*.csv, and for 支給率
# reports/<FY>/shikyuritsu-diff.pdf + .html and reports/<FY>/shikyuritsu/diff/*.csv (with projections
# of earlier documents against this document's actuals). Every report is also rendered as plain text
# (reports/<FY>/unyo-jokyo.txt, reports/<FY>/shikyuritsu.txt), and the text diff against the previous
# report's goes to the diff folder. The archive of published tables (reports/<FY>/published*/) is never
# written here: `make archive FY=<FY>` (tests/test_backtest.py rebuilds and compares).
UNYO_REPORT_YEARS = report_years("data/unyo/reports.csv")
DIFF_CSV = ["tables", "rows", "cells", "summary"]
DIFF_INPUTS = {"asset_classes": "data/common/asset_classes.csv", "eras": "data/common/eras.csv"}
DIFF_TEMPLATES = ["templates/diff.html.j2", "templates/report.css"]
DIFF_CODE = code_of("unyo", "diff", "diff_view")


def previous_year(years, fy):
    """The latest year before fy that has a report of the same kind."""
    earlier = [y for y in years if y < int(fy)]
    if not earlier:
        raise ValueError(f"FY{fy}: no earlier report to compare with")
    return earlier[-1]


def diff_targets():
    unyo = [fy for fy in UNYO_YEARS if any(y < fy for y in UNYO_REPORT_YEARS)]
    rate = [fy for fy in SHIKYURITSU_YEARS if any(y < fy for y in SHIKYURITSU_YEARS)]
    return expand("reports/{fy}/unyo-jokyo-diff.pdf", fy=unyo) + expand("reports/{fy}/shikyuritsu-diff.pdf", fy=rate)


rule diff_unyo:
    message:
        "Comparing the FY{wildcards.fy} 運用状況 tables with the previous report's: reports/{wildcards.fy}/unyo-jokyo-diff.pdf"
    priority: 2  # the diff job waits for both 運用状況 reports: start them first
    input:
        **DIFF_INPUTS,
        new="reports/{fy}/tables",
        old=lambda w: f"reports/{previous_year(UNYO_REPORT_YEARS, w.fy)}/tables",
        new_text="reports/{fy}/unyo-jokyo.txt",
        old_text=lambda w: f"reports/{previous_year(UNYO_REPORT_YEARS, w.fy)}/unyo-jokyo.txt",
        earlier=[],
        documents="data/unyo/reports.csv",
        templates=DIFF_TEMPLATES,
        code=DIFF_CODE,
    output:
        pdf="reports/{fy}/unyo-jokyo-diff.pdf",
        html="reports/{fy}/unyo-jokyo-diff.html",
        csv=expand("reports/{{fy}}/diff/{name}.csv", name=DIFF_CSV),
        text_diff="reports/{fy}/diff/unyo-jokyo.txt.diff",
    params:
        doc="unyo",
        year_column="fiscal_year",
        previous=lambda w: previous_year(UNYO_REPORT_YEARS, w.fy),
        earlier_years=[],
        years=UNYO_REPORT_YEARS,
    log:
        "build/{fy}/diff-unyo.log",
    benchmark:
        "build/bench/diff_unyo-{fy}.tsv"
    conda:
        "environment.yml"
    script:
        "scripts/report_diff.py"


rule diff_shikyuritsu:
    message:
        "Comparing the FY{wildcards.fy} 支給率 tables with the previous document's: reports/{wildcards.fy}/shikyuritsu-diff.pdf"
    input:
        **DIFF_INPUTS,
        new="reports/{fy}/shikyuritsu/tables",
        old=lambda w: f"reports/{previous_year(SHIKYURITSU_YEARS, w.fy)}/shikyuritsu/tables",
        new_text="reports/{fy}/shikyuritsu.txt",
        old_text=lambda w: f"reports/{previous_year(SHIKYURITSU_YEARS, w.fy)}/shikyuritsu.txt",
        earlier=lambda w: [f"reports/{y}/shikyuritsu/tables" for y in SHIKYURITSU_YEARS if y < int(w.fy)],
        documents="data/shikyuritsu/documents.csv",
        templates=DIFF_TEMPLATES,
        code=DIFF_CODE,
    output:
        pdf="reports/{fy}/shikyuritsu-diff.pdf",
        html="reports/{fy}/shikyuritsu-diff.html",
        csv=expand("reports/{{fy}}/shikyuritsu/diff/{name}.csv", name=DIFF_CSV + ["projection_vs_outcome"]),
        text_diff="reports/{fy}/shikyuritsu/diff/shikyuritsu.txt.diff",
    params:
        doc="shikyuritsu",
        year_column="rate_fiscal_year",
        previous=lambda w: previous_year(SHIKYURITSU_YEARS, w.fy),
        earlier_years=lambda w: [y for y in SHIKYURITSU_YEARS if y < int(w.fy)],
        years=SHIKYURITSU_YEARS,
    log:
        "build/{fy}/diff-shikyuritsu.log",
    benchmark:
        "build/bench/diff_shikyuritsu-{fy}.tsv"
    conda:
        "environment.yml"
    script:
        "scripts/report_diff.py"
