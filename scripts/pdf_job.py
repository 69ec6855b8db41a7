"""Snakemake: the PDFs of one document and year: the publication's HTML page (the document job's) laid out once
and written as reports/<FY>/<slug>.pdf, and the review edition (reports/<FY>/<slug>-review.pdf) made of the same
laid-out pages, marked as internal on every page, with its own cover and 目次 and, after the publication's
chapters, the chapters only it prints, the summary of what changed since the previous report (the compare job's
changes.json, when there is a previous report) and the QA log of the document's build
(kyosai.document.Document.write_pdfs). The model is built again from the checked data (a fraction of a second),
with its restatements against the archive as the document job made them (Document.with_restatements), so that it
comes from one place, never patched from model.json; the charts are the document job's."""
import json
from pathlib import Path

from _job import run
from kyosai import dataio, document, published, render


def main(snakemake):
    key, fy = snakemake.params.document, int(snakemake.wildcards.fy)
    model_of, doc = document.model_module(key), document.view_module(key).DOCUMENT
    model = model_of.build(dataio.load_all(sections=model_of.DATA_SECTIONS), fy)
    model = doc.with_restatements(model, doc.tables.rows(model), published.archive_of(Path("reports"), fy, key))
    changes = json.loads(Path(snakemake.input.changes[0]).read_text(encoding="utf-8")) if snakemake.input.changes else None
    code, data = [*snakemake.input.code, *snakemake.input.templates], snakemake.input.data
    out = snakemake.output
    review = document.Review(changes, Path(out.review_html), Path(out.review),
                             render.versions(code=[*code, *snakemake.input.review_templates], data=data))
    doc.write_pdfs(model, Path(snakemake.input.html), Path(snakemake.input.charts), Path(out.pdf),
                   render.versions(code=code, data=data), review)
    print(f"rendered {out.pdf} and {out.review}")


run(snakemake, main)  # noqa: F821 (injected by Snakemake)
