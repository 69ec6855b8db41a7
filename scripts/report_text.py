"""Snakemake: a report's computed tables as plain text, one line per table row (reports/<FY>/unyo-jokyo.txt,
reports/<FY>/shikyuritsu.txt), so that `diff -u` or `git diff` of two years or two builds reads well."""
from pathlib import Path

import _common  # noqa: F401 (import path)
from kyosai import diff, diff_view


def main(snakemake):
    doc, fy = snakemake.params.doc, int(snakemake.wildcards.fy)
    tables = diff.read_tables(Path(snakemake.input.tables))
    text = diff.render_text(doc, tables, fy, diff_view.document_title(doc, fy))
    Path(snakemake.output.text).write_text(text, encoding="utf-8")


main(snakemake)  # noqa: F821 (injected by Snakemake)
