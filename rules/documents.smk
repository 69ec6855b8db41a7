# One job per document and year: check the data, build the model, write tables, charts, QA log, plain text and
# the HTML page into build/<FY>/<slug>/ (scripts/document_job.py, kyosai.document.Document.render), and the
# standalone HTML edition (Document.write_standalone: one file, charts inline, templates/screen.css). Then the
# pdf job lays the page out once and writes both editions' PDFs (scripts/pdf_job.py, after the comparison when
# there is a previous report: the review edition prints its summary); then everything of the document is
# published to reports/ at once (a copy, made only when every job of the document succeeded).


rule document:
    message:
        "{rule} {wildcards.slug} FY{wildcards.fy}: checks, model, tables, charts, HTML (staged in build/{wildcards.fy}/{wildcards.slug}/)"
    priority: 3  # the comparison of the 運用状況 waits for two of them: start them first
    input:
        data=document_data,
        code=lambda w: modules_of("scripts/document_job.py", *document_sources(w.slug, "model", "view")),
        templates=lambda w: templates_of(w.slug),
        screen="templates/screen.css",   # the standalone HTML's; not among the PDF's recorded versions (it reads none)
        archive=lambda w: sorted(str(p) for p in Path("reports", w.fy, "published", w.slug).glob("*")),   # tables, archive.yaml
    output:
        html="build/{fy}/{slug}/{slug}.html",
        standalone="build/{fy}/{slug}/{slug}.standalone.html",
        text="build/{fy}/{slug}/{slug}.txt",
        workbook="build/{fy}/{slug}/{slug}.xlsx",
        qa="build/{fy}/{slug}/qa.md",
        model="build/{fy}/{slug}/model.json",
        tables=directory("build/{fy}/{slug}/tables"),
        charts=directory("build/{fy}/{slug}/charts"),
    params:
        document=lambda w: KEYS[w.slug],
        font=config["chart_font_path"],
        archive="reports/{fy}/published/{slug}",
    log:
        "build/logs/{fy}/{slug}.log",
    resources:
        mem_mb=JOB_MEM_MB,
        runtime=JOB_RUNTIME,
    benchmark:
        "build/bench/document-{slug}-{fy}.tsv"
    conda:
        "../environment.yml"
    script:
        "../scripts/document_job.py"


rule pdf:
    message:
        "{rule} {wildcards.slug} FY{wildcards.fy}: the PDFs of the publication and the review edition, laid out once (staged in build/{wildcards.fy}/{wildcards.slug}/)"
    input:
        data=document_data,
        code=lambda w: modules_of("scripts/pdf_job.py", *document_sources(w.slug, "model", "view")),
        templates=lambda w: templates_of(w.slug),
        review_templates=templates_of("review") + templates_of("diff"),
        html=rules.document.output.html,
        model=rules.document.output.model,
        charts=rules.document.output.charts,
        changes=lambda w: [f"build/{w.fy}/{w.slug}-diff/changes.json"] if previous(KEYS[w.slug], w.fy) else [],
    output:
        pdf="build/{fy}/{slug}/{slug}.pdf",
        review="build/{fy}/{slug}-review/{slug}-review.pdf",
        review_html="build/{fy}/{slug}-review/{slug}-review.html",
    params:
        document=lambda w: KEYS[w.slug],
    log:
        "build/logs/{fy}/{slug}-pdf.log",
    resources:
        mem_mb=JOB_MEM_MB,
        runtime=JOB_RUNTIME,
    benchmark:
        "build/bench/pdf-{slug}-{fy}.tsv"
    conda:
        "../environment.yml"
    script:
        "../scripts/pdf_job.py"


rule publish_document:
    message:
        "{rule} {wildcards.slug} FY{wildcards.fy}: reports/{wildcards.fy}/{wildcards.slug}.pdf, its review edition, HTML edition, workbook, tables, charts and QA log"
    input:
        pdf=rules.pdf.output.pdf,
        review=rules.pdf.output.review,
        html=rules.document.output.standalone,
        text=rules.document.output.text,
        workbook=rules.document.output.workbook,
        qa=rules.document.output.qa,
        tables=rules.document.output.tables,
        charts=rules.document.output.charts,
    output:
        pdf=report(update("reports/{fy}/{slug}.pdf"), caption="../report/document.rst", category="{slug}", subcategory="FY{fy}",
                   labels={"種類": "公表版 PDF", "名前": "{slug}.pdf"}),
        review=report(update("reports/{fy}/{slug}-review.pdf"), caption="../report/review.rst", category="{slug}",
                      subcategory="FY{fy}", labels={"種類": "レビュー版 PDF", "名前": "{slug}-review.pdf"}),
        html=report(update("reports/{fy}/{slug}.html"), caption="../report/document.rst", category="{slug}", subcategory="FY{fy}",
                    labels={"種類": "公表版 HTML", "名前": "{slug}.html"}),
        text=update("reports/{fy}/{slug}.txt"),
        workbook=report(update("reports/{fy}/{slug}.xlsx"), caption="../report/workbook.rst", category="{slug}",
                        subcategory="FY{fy}", labels={"種類": "Excel", "名前": "{slug}.xlsx"}),
        qa=report(update("reports/{fy}/{slug}/qa.md"), caption="../report/qa.rst", category="{slug}", subcategory="FY{fy}",
                  labels={"種類": "QA記録", "名前": "qa.md"}),
        tables=report(update(directory("reports/{fy}/{slug}/tables")), patterns=["{name}.csv"], caption="../report/table.rst",
                      category="{slug}", subcategory="FY{fy}", labels={"種類": "表", "名前": "{name}"}),
        charts=report(update(directory("reports/{fy}/{slug}/charts")), patterns=["{name}.svg"], caption="../report/chart.rst",
                      category="{slug}", subcategory="FY{fy}", labels={"種類": "図", "名前": "{name}"}),
    params:
        caption=lambda w: DOCUMENTS[KEYS[w.slug]].caption.format(fy=w.fy),   # the review bundle's (report/document.rst)
    log:
        "build/logs/{fy}/{slug}-publish.log",
    benchmark:
        "build/bench/publish-{slug}-{fy}.tsv"
    conda:
        "../environment.yml"
    script:
        "../scripts/publish_job.py"
