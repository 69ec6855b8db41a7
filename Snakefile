# The annual publications of 小規模企業共済: raw CSVs in data/ → checked tables, charts and PDFs in reports/.
#   snakemake --cores 4                                 every document that has data
#   snakemake --cores 4 reports/2024/unyo-jokyo.pdf     one document
# Every document, and the comparison of each with its previous report, takes the same path (rules/):
#   document  (rules/documents.smk)  data checked → model → tables, charts, QA log, text, HTML, PDF, staged in build/
#   publish_document                 the staged files copied to reports/ once the whole document succeeded
#   compare   (rules/compare.smk)    this year's tables against the previous report's → diff, staged in build/
#   publish_comparison               copied to reports/
#   review    (rules/review.smk)     the internal review edition (publication + change summary + QA log)
#   publish_review                   copied to reports/
# A failure anywhere stops before publishing: nothing under reports/ changes.
from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config.yaml"


validate(config, "schemas/config.schema.yaml")


include: "rules/common.smk"
include: "rules/documents.smk"
include: "rules/compare.smk"
include: "rules/review.smk"


localrules:
    all,
    publish_document,
    publish_comparison,
    publish_review,


rule all:
    input:
        [f"reports/{fy}/{SLUGS[key]}{edition}.pdf" for key in DOCUMENTS for fy in YEARS[key] for edition in ("", "-review")],
        [f"reports/{fy}/{SLUGS[key]}-diff.pdf" for key in DOCUMENTS for fy in YEARS[key] if previous(key, fy)],
