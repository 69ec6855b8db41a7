"""Snakemake: the text diff between this year's plain-text rendering and the previous report's
(reports/<FY>/diff/unyo-jokyo.txt.diff, reports/<FY>/shikyuritsu/diff/shikyuritsu.txt.diff)."""
from pathlib import Path

import _common  # noqa: F401 (import path)
from kyosai import diff, diff_view, era


def main(snakemake):
    doc, fy, prev = snakemake.params.doc, int(snakemake.wildcards.fy), int(snakemake.params.previous)
    old, new = (Path(p).read_text(encoding="utf-8") for p in (snakemake.input.old, snakemake.input.new))
    preamble = (f"# {diff_view.document_title(doc, fy)}: text diff against {era.fy_long(prev)} (FY{prev}), the "
                f"previous report.\n# Lines are keyed by table and row; years are relative to each report's fiscal "
                f"year (FY = {fy} in +++, FY = {prev} in ---).")
    Path(snakemake.output.diff).write_text(
        diff.text_diff(old, new, snakemake.input.old, snakemake.input.new, preamble), encoding="utf-8")


main(snakemake)  # noqa: F821 (injected by Snakemake)
