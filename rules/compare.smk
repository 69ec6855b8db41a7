# Each document compared with the previous report of the same kind (the latest earlier fiscal year that has
# one: FY2024 against FY2022 while FY2023 has no data), table by table (kyosai.diff): the change report
# reports/<FY>/<slug>-diff.pdf (+ its standalone HTML edition, .html) and reports/<FY>/<slug>/diff/*.csv, with,
# for the 支給率, the projections of earlier documents against this document's actuals, and the text diff of the
# two plain-text renderings, the prose of both documents (the texts of model.json, shown in the sentences the pages
# print them in; for a document with no texts in its model, the paragraphs of its pages) and, in
# build/<FY>/<slug>-diff/changes.json, what the one-page summary shows. The previous report's figures are its
# archive as published where there is one (reports/<FY>/published/<slug>/), else its rebuild, and the pages say
# which. A table or row that a declared data gap (data/<document>/gaps.csv) leaves out is said to be so, never attributed to the publication. The archive of
# published tables (reports/<FY>/published/) is never written here: `make archive`.
# The previous report's tables the comparison takes (kyosai.diff.source.previous): its archive as published,
# reports/<FY>/published/<slug>/ (with archive.yaml), else its rebuild, build/<FY>/<slug>/tables.
ARCHIVE_OF_PREVIOUS = lambda w: Path("reports", str(previous(KEYS[w.slug], w.fy)), "published", w.slug)
previous_tables = lambda w: (str(ARCHIVE_OF_PREVIOUS(w)) if (ARCHIVE_OF_PREVIOUS(w) / "archive.yaml").is_file()
                             else f"build/{previous(KEYS[w.slug], w.fy)}/{w.slug}/tables")


COMPARE_INPUT = dict(
    new=rules.document.output.tables,
    old=previous_tables,
    old_files=lambda w: sorted(str(p) for p in Path(previous_tables(w)).glob("*") if previous_tables(w).startswith("reports")),
    new_text=rules.document.output.text,
    old_text=lambda w: f"build/{previous(KEYS[w.slug], w.fy)}/{w.slug}/{w.slug}.txt",
    old_pdf=lambda w: f"build/{previous(KEYS[w.slug], w.fy)}/{w.slug}/{w.slug}.pdf",
    earlier=lambda w: [f"build/{y}/{w.slug}/tables" for y in earlier_years(w)],
    model=rules.document.output.model,
    old_model=lambda w: f"build/{previous(KEYS[w.slug], w.fy)}/{w.slug}/model.json",
    html=rules.document.output.html,
    old_html=lambda w: f"build/{previous(KEYS[w.slug], w.fy)}/{w.slug}/{w.slug}.html",
    names=["data/common/asset_classes.csv", "data/common/indices.csv"],
    gaps=lambda w: [str(p) for p in Path("data", KEYS[w.slug]).glob("gaps.csv")],
    schema="data/datapackage.yaml",
    code=lambda w: modules_of("scripts/compare_job.py", *document_sources(w.slug, "tables")),
    templates=templates_of("diff"),
)
COMPARE_PARAMS = dict(
    document=lambda w: KEYS[w.slug],
    previous=lambda w: previous(KEYS[w.slug], w.fy),
    earlier_years=earlier_years,
    years=lambda w: ALL_YEARS[KEYS[w.slug]],
    thresholds=config["diff_thresholds"],
)


rule compare:
    message:
        "{rule} {wildcards.slug} FY{wildcards.fy}: against its previous report (staged in build/{wildcards.fy}/{wildcards.slug}-diff/)"
    priority: 2
    input:
        **COMPARE_INPUT,
    output:
        diff=directory("build/{fy}/{slug}-diff/diff"),
        changes="build/{fy}/{slug}-diff/changes.json",
    params:
        **COMPARE_PARAMS,
    log:
        "build/logs/{fy}/{slug}-diff.log",
    resources:
        mem_mb=JOB_MEM_MB,
        runtime=JOB_RUNTIME,
    benchmark:
        "build/bench/compare-{slug}-{fy}.tsv"
    conda:
        "../environment.yml"
    script:
        "../scripts/compare_job.py"


# The change report's pages, once this year's PDF exists (the review edition, laid out with it, prints the summary
# of rule compare): they name both reports' PDFs and their SHA-256.
rule compare_pages:
    message:
        "{rule} {wildcards.slug} FY{wildcards.fy}: the change report's pages (staged in build/{wildcards.fy}/{wildcards.slug}-diff/)"
    priority: 2
    input:
        **COMPARE_INPUT,
        new_pdf="build/{fy}/{slug}/{slug}.pdf",
        screen="templates/screen.css",   # the standalone HTML's; not among the PDF's recorded versions (it reads none)
    output:
        pdf="build/{fy}/{slug}-diff/{slug}-diff.pdf",
        html="build/{fy}/{slug}-diff/{slug}-diff.html",
        standalone="build/{fy}/{slug}-diff/{slug}-diff.standalone.html",
    params:
        **COMPARE_PARAMS,
    log:
        "build/logs/{fy}/{slug}-diff-pages.log",
    benchmark:
        "build/bench/compare-pages-{slug}-{fy}.tsv"
    conda:
        "../environment.yml"
    script:
        "../scripts/compare_job.py"


rule publish_comparison:
    message:
        "{rule} {wildcards.slug} FY{wildcards.fy}: reports/{wildcards.fy}/{wildcards.slug}-diff.pdf and reports/{wildcards.fy}/{wildcards.slug}/diff/"
    input:
        pdf=rules.compare_pages.output.pdf,
        html=rules.compare_pages.output.standalone,
        diff=rules.compare.output.diff,
        document=ancient(rules.publish_document.output.pdf),   # after its document: never a comparison without it
    output:
        pdf=report(update("reports/{fy}/{slug}-diff.pdf"), caption="../report/diff.rst", category="{slug}", subcategory="FY{fy}",
                   labels={"種類": "前回比較 PDF", "名前": "{slug}-diff.pdf"}),
        html=report(update("reports/{fy}/{slug}-diff.html"), caption="../report/diff.rst", category="{slug}",
                    subcategory="FY{fy}", labels={"種類": "前回比較 HTML", "名前": "{slug}-diff.html"}),
        diff=update(directory("reports/{fy}/{slug}/diff")),
    log:
        "build/logs/{fy}/{slug}-diff-publish.log",
    benchmark:
        "build/bench/publish-{slug}-diff-{fy}.tsv"
    conda:
        "../environment.yml"
    script:
        "../scripts/publish_job.py"
