"""Snakemake: compare one report's computed tables with the previous report's; write the machine-readable
diff (reports/<FY>/diff/*.csv, or reports/<FY>/shikyuritsu/diff/*.csv) and the reviewer's change report
(PDF and HTML)."""
import datetime as dt
import os
from pathlib import Path

from _common import ROOT
from kyosai import diff, diff_view, era, render
from kyosai.tables import write_csv


def main(snakemake):
    doc, fy, prev = snakemake.params.doc, int(snakemake.wildcards.fy), int(snakemake.params.previous)
    new, old = diff.read_tables(Path(snakemake.input.new)), diff.read_tables(Path(snakemake.input.old))
    thresholds = diff.thresholds_from_config(snakemake.config.get("diff_thresholds"))
    result = diff.compare_reports(doc, old, new, prev, fy, thresholds, diff.read_names(Path(snakemake.input.asset_classes)))
    earlier = {int(y): diff.read_tables(Path(p)) for y, p in zip(snakemake.params.earlier_years, snakemake.input.earlier)}
    result.outcomes = diff.projection_vs_outcome(doc, earlier, new, fy, thresholds)

    written = {**diff.csv_tables(result), "projection_vs_outcome": diff.outcome_csv(result.outcomes, fy)}
    for path in map(Path, snakemake.output.csv):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_csv(path, *written[path.stem])

    old_text, new_text = (Path(p).read_text(encoding="utf-8") for p in (snakemake.input.old_text, snakemake.input.new_text))
    preamble = (f"# {diff_view.document_title(doc, fy)}: text diff against {era.fy_long(prev)} (FY{prev}), the "
                f"previous report.\n# Lines are keyed by table and row; years are relative to each report's fiscal "
                f"year (FY = {fy} in +++, FY = {prev} in ---).")
    Path(snakemake.output.text_diff).write_text(
        diff.text_diff(old_text, new_text, snakemake.input.old_text, snakemake.input.new_text, preamble), encoding="utf-8")

    meta = diff.document_row(Path(snakemake.input.documents), snakemake.params.year_column, fy)
    view = diff_view.build(result, years_with_reports=snakemake.params.years)
    version = render.code_version()
    sources = [p for folder in [snakemake.input.new, snakemake.input.old, *snakemake.input.earlier]
               for p in sorted(Path(folder).glob("*.csv"))]
    digest = render.data_hash(sources)
    html_path, pdf_path = Path(snakemake.output.html), Path(snakemake.output.pdf)
    html = render.environment().get_template("diff.html.j2").render(
        d=view, title=view["title"], version=version, digest=digest,
        stylesheet=os.path.relpath(ROOT / "templates" / "report.css", html_path.parent.resolve()),
    )
    html_path.write_text(html, encoding="utf-8")
    render.write_pdf(html, pdf_path, base=html_path.parent.resolve(), charts=pdf_path.parent.resolve(),
                     title=view["title"], document_date=dt.date.fromisoformat(meta["document_date"]),
                     version=version, digest=digest, author=meta.get("issuer_ja") or "独立行政法人中小企業基盤整備機構")


main(snakemake)  # noqa: F821 (injected by Snakemake)
