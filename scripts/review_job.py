"""Snakemake: the review edition of one document and year (reports/<FY>/<slug>-review.pdf): the publication
marked as internal on every page, then the summary of what changed since the previous report (the compare
job's changes.json, when there is a previous report), the document's reference material, and the QA log of its
build. The model is built again from the checked data (a fraction of a second); the QA log and the charts are
the document job's."""
import json
from pathlib import Path

from _job import run
from kyosai import dataio, document, render


def main(snakemake):
    key, fy = snakemake.params.document, int(snakemake.wildcards.fy)
    model_of = document.model_module(key)
    model = model_of.build(dataio.load_all(sections=model_of.DATA_SECTIONS), fy)
    built = json.loads(Path(snakemake.input.model).read_text(encoding="utf-8"))
    model = {**model, "qa": built["qa"], "restated": built.get("restated", [])}
    changes = json.loads(Path(snakemake.input.changes[0]).read_text(encoding="utf-8")) if snakemake.input.changes else None
    document.view_module(key).DOCUMENT.render_review(
        model, Path(snakemake.input.charts), changes, Path(snakemake.output.html), Path(snakemake.output.pdf),
        render.versions(code=[*snakemake.input.code, *snakemake.input.templates], data=snakemake.input.data))
    print(f"rendered {snakemake.output.pdf}")


run(snakemake, main)  # noqa: F821 (injected by Snakemake)
