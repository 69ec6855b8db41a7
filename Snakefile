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
KYOSAI = sorted(str(p) for p in Path("scripts/kyosai").glob("*.py")) + ["scripts/_common.py"]


def data_of(*sections):
    """The data files a report reads: a change elsewhere in data/ does not rebuild it."""
    return ["data/datapackage.yaml"] + [f for f in DATA_FILES if f.split("/")[1] in sections]


def code_of(*modules):
    """The helper modules a report's scripts import (Snakemake tracks only the script itself)."""
    base = ["__init__", "numbers", "era", "dataio", "calc", "render", "qalog", "tables", "charts"]
    return ["scripts/_common.py"] + [f"scripts/kyosai/{m}.py" for m in base + list(modules)]


UNYO_DATA, UNYO_CODE = data_of("common", "unyo"), code_of("unyo")
SHIKYURITSU_DATA, SHIKYURITSU_CODE = data_of("common", "shikyuritsu"), code_of("unyo", "shikyuritsu", "shikyuritsu_view")


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


rule unyo_model:
    message:
        "Checking data/ and computing the 運用状況 model for FY{wildcards.fy}"
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
    input:
        model="build/{fy}/unyo-model.pickle",
        templates=["templates/unyo-jokyo.html.j2", "templates/macros.html.j2", "templates/report.css"],
        code=UNYO_CODE,
    output:
        pdf=report("reports/{fy}/unyo-jokyo.pdf", caption="report/unyo-pdf.rst", category="運用状況", subcategory="FY{fy}"),
        html="build/{fy}/unyo-jokyo.html",
        tables=report(directory("reports/{fy}/tables"), patterns=["{name}.csv"], caption="report/unyo-table.rst",
                      category="運用状況", subcategory="FY{fy}", labels={"種類": "表", "名前": "{name}"}),
        charts=report(directory("reports/{fy}/charts"), patterns=["{name}.svg"], caption="report/unyo-chart.rst",
                      category="運用状況", subcategory="FY{fy}", labels={"種類": "図", "名前": "{name}"}),
        qa="reports/{fy}/qa.md",
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
