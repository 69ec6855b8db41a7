# Each document compared with the previous report of the same kind (the latest earlier fiscal year that has
# one: FY2024 against FY2022 while FY2023 has no data), table by table (kyosai.diff): the change report
# reports/<FY>/<slug>-diff.pdf (+ its standalone HTML edition, .html) and reports/<FY>/<slug>/diff/*.csv, with,
# for the 支給率, the projections of earlier documents against this document's actuals, and the text diff of the
# two plain-text renderings, the prose of both documents (the texts of model.json, shown in the sentences the pages
# print them in; for a document with no texts in its model, the paragraphs of its pages) and, in
# build/<FY>/<slug>-diff/changes.json, what the one-page summary shows. A table or row that a declared data gap
# (data/<document>/gaps.csv) leaves out is said to be so, never attributed to the publication. The archive of
# published tables (reports/<FY>/published/) is never written here: `make archive`.
rule compare:
    message:
        "{rule} {wildcards.slug} FY{wildcards.fy}: against its previous report (staged in build/{wildcards.fy}/{wildcards.slug}-diff/)"
    priority: 2
    input:
        new=rules.document.output.tables,
        old=lambda w: f"build/{previous(KEYS[w.slug], w.fy)}/{w.slug}/tables",
        new_text=rules.document.output.text,
        old_text=lambda w: f"build/{previous(KEYS[w.slug], w.fy)}/{w.slug}/{w.slug}.txt",
        earlier=lambda w: [f"build/{y}/{w.slug}/tables" for y in earlier_years(w)],
        model=rules.document.output.model,
        old_model=lambda w: f"build/{previous(KEYS[w.slug], w.fy)}/{w.slug}/model.json",
        html=rules.document.output.html,
        old_html=lambda w: f"build/{previous(KEYS[w.slug], w.fy)}/{w.slug}/{w.slug}.html",
        names="data/common/asset_classes.csv",
        gaps=lambda w: [str(p) for p in Path("data", KEYS[w.slug]).glob("gaps.csv")],
        schema="data/datapackage.yaml",
        code=lambda w: modules_of("scripts/compare_job.py", f"scripts/kyosai/{KEYS[w.slug]}/tables.py"),
        templates=templates_of("diff"),
        screen="templates/screen.css",   # the standalone HTML's; not among the PDF's recorded versions (it reads none)
    output:
        pdf="build/{fy}/{slug}-diff/{slug}-diff.pdf",
        html="build/{fy}/{slug}-diff/{slug}-diff.html",
        standalone="build/{fy}/{slug}-diff/{slug}-diff.standalone.html",
        diff=directory("build/{fy}/{slug}-diff/diff"),
        changes="build/{fy}/{slug}-diff/changes.json",
    params:
        document=lambda w: KEYS[w.slug],
        previous=lambda w: previous(KEYS[w.slug], w.fy),
        earlier_years=earlier_years,
        years=lambda w: ALL_YEARS[KEYS[w.slug]],
        thresholds=config["diff_thresholds"],
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


rule publish_comparison:
    message:
        "{rule} {wildcards.slug} FY{wildcards.fy}: reports/{wildcards.fy}/{wildcards.slug}-diff.pdf and reports/{wildcards.fy}/{wildcards.slug}/diff/"
    input:
        pdf=rules.compare.output.pdf,
        html=rules.compare.output.standalone,
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
