# The review edition of each document and year (internal): rendered from the same model and templates as the
# publication, after the comparison with the previous report when there is one (its change summary is printed),
# then published beside the publication as reports/<FY>/<slug>-review.pdf.


rule review:
    message:
        "{rule} {wildcards.slug} FY{wildcards.fy}: the review edition (staged in build/{wildcards.fy}/{wildcards.slug}-review/)"
    input:
        data=document_data,
        code=lambda w: modules_of("scripts/review_job.py", f"scripts/kyosai/{KEYS[w.slug]}/model.py",
                                  f"scripts/kyosai/{KEYS[w.slug]}/view.py"),
        templates=lambda w: templates_of(w.slug) + templates_of("review") + templates_of("diff"),
        model=rules.document.output.model,
        charts=rules.document.output.charts,
        changes=lambda w: [f"build/{w.fy}/{w.slug}-diff/changes.json"] if previous(KEYS[w.slug], w.fy) else [],
    output:
        pdf="build/{fy}/{slug}-review/{slug}-review.pdf",
        html="build/{fy}/{slug}-review/{slug}-review.html",
    params:
        document=lambda w: KEYS[w.slug],
    log:
        "build/logs/{fy}/{slug}-review.log",
    benchmark:
        "build/bench/review-{slug}-{fy}.tsv"
    conda:
        "../environment.yml"
    script:
        "../scripts/review_job.py"


rule publish_review:
    message:
        "{rule} {wildcards.slug} FY{wildcards.fy}: reports/{wildcards.fy}/{wildcards.slug}-review.pdf"
    input:
        pdf=rules.review.output.pdf,
    output:
        pdf=report("reports/{fy}/{slug}-review.pdf", caption="../report/review.rst", category="{slug}",
                   subcategory="FY{fy}", labels={"種類": "レビュー版 PDF", "名前": "{slug}-review.pdf"}),
    log:
        "build/logs/{fy}/{slug}-review-publish.log",
    conda:
        "../environment.yml"
    shell:
        publish("pdf")
