"""Snakemake: one document of one fiscal year against its previous report (params.document: unyo or
shikyuritsu): the tables compared figure by figure (kyosai.diff.compare), the machine-readable diff, the text
diff and the reviewer's change report (PDF, and the standalone HTML edition), staged under build/ and published by publish_comparison."""
import json
import datetime as dt
from pathlib import Path

from _job import run
from kyosai import dataio, document, era, render
from kyosai.diff import compare, output, summary, view
from kyosai.tablespec import read_tables, write_csv


def main(snakemake):
    key, fy, prev = snakemake.params.document, int(snakemake.wildcards.fy), int(snakemake.params.previous)
    tables = compare.tables_of(key)
    new, old = read_tables(Path(snakemake.input.new)), read_tables(Path(snakemake.input.old))
    thresholds = compare.thresholds_from_config(snakemake.params.thresholds)
    names = {r["asset_class"]: r["name_ja"] for r in dataio.load_all(only=("asset_classes",))["asset_classes"]}
    result = compare.compare_reports(tables, old, new, prev, fy, thresholds, names)
    earlier = {int(y): read_tables(Path(p)) for y, p in zip(snakemake.params.earlier_years, snakemake.input.earlier)}
    result.outcomes = summary.projection_vs_outcome(tables, earlier, new, fy, thresholds)

    meta = json.loads(Path(snakemake.input.model).read_text(encoding="utf-8"))
    folder = Path(snakemake.output.diff)
    folder.mkdir(parents=True, exist_ok=True)
    written = output.csv_tables(result, meta.get("restated", []))
    if any(spec.outcome for spec in tables):
        written["projection_vs_outcome"] = output.outcome_csv(result.outcomes, fy)
    for name, (header, rows) in written.items():
        write_csv(folder / f"{name}.csv", header, rows)

    old_text, new_text = (Path(p).read_text(encoding="utf-8") for p in (snakemake.input.old_text, snakemake.input.new_text))
    preamble = (f"# {meta['title']}: text diff against {era.fy_long(prev)} (FY{prev}), the previous report.\n"
                f"# Lines are keyed by table and row; years are relative to each report's fiscal year "
                f"(FY = {fy} in +++, FY = {prev} in ---).")
    (folder / f"{document.SLUGS[key]}.txt.diff").write_text(
        output.text_diff(old_text, new_text, snakemake.input.old_text, snakemake.input.new_text, preamble), encoding="utf-8")

    v = view.build(result, document=key, document_title=meta["title"], years_with_reports=snakemake.params.years)
    v["restated_published"] = meta.get("restated", [])   # this build against the archive of the published document
    Path(snakemake.output.changes).write_text(json.dumps(v, ensure_ascii=False, indent=1), encoding="utf-8")
    page = view.Comparison(v)
    about = {"meta": {"document_date": dt.date.fromisoformat(meta["meta"]["document_date"]),
                      "issuer_ja": meta["meta"]["issuer_ja"]}}
    page.write_pages(about, v, {"sections": page.sections({}), "toc": False}, Path(snakemake.output.html),
                     Path(snakemake.output.pdf), render.versions(code=[*snakemake.input.code, *snakemake.input.templates],
                                                                 data=[*sorted(Path(snakemake.input.new).glob("*.csv")),
                                                                       *sorted(Path(snakemake.input.old).glob("*.csv"))]))
    page.write_standalone(Path(snakemake.output.html), Path(snakemake.output.standalone))


run(snakemake, main)  # noqa: F821 (injected by Snakemake)
