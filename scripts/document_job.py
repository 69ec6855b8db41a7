"""Snakemake: one document of one fiscal year (params.document: its key in kyosai.documents), from data/ to its
files: the data checked, the model built (kyosai.<document>.model), then tables, charts, QA log, plain text and
the HTML page written to the staging folder under build/ (kyosai.document.Document.render), and the standalone
HTML edition made of that HTML and the charts (Document.write_standalone). The PDFs of both editions are the pdf
job's (scripts/pdf_job.py); the rule publish_document copies everything to reports/ only once all succeeded."""
import sys
from pathlib import Path

from _job import run
from kyosai import dataio, document, render


def main(snakemake):
    key, fy = snakemake.params.document, int(snakemake.wildcards.fy)
    model_of = document.model_module(key)
    data = dataio.load_all(sections=model_of.DATA_SECTIONS)
    print(f"checked {len(data)} data files")
    model = model_of.build(data, fy)
    print(f"model built: {len(model['qa'])} QA entries")
    out = snakemake.output
    archive = Path(snakemake.params.archive)
    doc = document.view_module(key).DOCUMENT
    restated = doc.render(
        model, document.Outputs(html=Path(out.html), text=Path(out.text),
                                workbook=Path(out.workbook), qa=Path(out.qa),
                                tables=Path(out.tables), charts=Path(out.charts), model=Path(out.model)),
        font=snakemake.params.font,
        versions=render.versions(code=[*snakemake.input.code, *snakemake.input.templates], data=snakemake.input.data),
        archive=archive)
    print(f"rendered {out.html}")
    doc.write_standalone(Path(out.html), Path(out.standalone))
    print(f"wrote the standalone HTML edition {out.standalone}")
    if restated:  # on stderr: the console shows it too (progress goes to the log only)
        print(f"\nNote: this build changes {len(restated)} figure(s) of the {fy} document as published (the archive "
              f"{archive}); they are listed in its QA log and its comparison:", file=sys.stderr)
        for line in restated[:20]:
            print(f"  - {line}", file=sys.stderr)
        print(f"  If the change is deliberate (a corrected figure), archive it: make archive FY={fy}", file=sys.stderr)


run(snakemake, main)  # noqa: F821 (injected by Snakemake)
