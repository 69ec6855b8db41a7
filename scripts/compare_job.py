"""Snakemake: one document of one fiscal year against its previous report (params.document: unyo or
shikyuritsu): the tables compared figure by figure, by fiscal year (kyosai.diff.compare), the previous report's
as published where it is archived (kyosai.diff.source), the prose of both models compared text by text; rule
compare writes the machine-readable diff, the text diff and the one-page summary as JSON (changes.json, which the
review edition prints), rule compare_pages, once this year's PDF exists, the reviewer's change report (PDF, and
the standalone HTML edition) naming both reports' PDFs and their SHA-256; staged under build/ and published by
publish_comparison."""
import json
import datetime as dt
from pathlib import Path

from _job import run
from kyosai import dataio, document, era, render
from kyosai.diff import compare, output, prose, source, summary, view
from kyosai.tablespec import read_tables, write_csv


def compared(snakemake, key: str, fy: int, prev: int, was: dict):
    """The two reports compared: tables figure by figure (with the declared data gaps up to this year), projections
    against the outcomes of later reports, the prose of both models. Returns the result and this year's model."""
    tables = compare.tables_of(key)
    new, old = read_tables(Path(snakemake.input.new)), read_tables(Path(snakemake.input.old))
    thresholds = compare.thresholds_from_config(snakemake.params.thresholds)
    data = dataio.load_all(only=("asset_classes", "gaps") if snakemake.input.gaps else ("asset_classes",))
    names = {r["asset_class"]: r["name_ja"] for r in data["asset_classes"]}
    # data/<document>/gaps.csv: what our data cannot fill, up to this report's year (a gap a later year extends is
    # not this comparison's: its text stays as it was when that year is added)
    gaps = [{**r, "last_year": min(r["last_year"], fy)} for r in data.get("gaps", []) if r["first_year"] <= fy]
    result = compare.compare_reports(tables, old, new, prev, fy, thresholds, names, gaps, was["not_printed"])
    earlier = {int(y): read_tables(Path(p)) for y, p in zip(snakemake.params.earlier_years, snakemake.input.earlier)}
    result.outcomes = summary.projection_vs_outcome(tables, earlier, new, fy, thresholds)
    meta, meta_old = (json.loads(Path(p).read_text(encoding="utf-8"))
                      for p in (snakemake.input.model, snakemake.input.old_model))
    html, html_old = (Path(p).read_text(encoding="utf-8") for p in (snakemake.input.html, snakemake.input.old_html))
    result.texts = prose.document_texts(meta_old, meta, html_old, html, prev, fy)
    return result, meta


def write_pages(snakemake, result, meta: dict, key: str, fy: int, files: dict) -> None:
    """Rule compare_pages: the reviewer's change report, PDF and standalone HTML."""
    changes = view.changes(result, document=key, document_title=meta["title"],
                           restated_published=meta.get("restated", []), files=files)
    v = view.build(result, changes, document=key, years_with_reports=[y for y in snakemake.params.years if y <= fy])
    page = view.Comparison(v)
    about = {"meta": {"document_date": dt.date.fromisoformat(meta["meta"]["document_date"]),
                      "issuer_ja": meta["meta"]["issuer_ja"]}}
    page.write_pages(about, v, {"sections": page.sections({}), "toc": False}, Path(snakemake.output.html),
                     Path(snakemake.output.pdf),
                     render.versions(code=[*snakemake.input.code, *snakemake.input.templates],
                                     data=[*sorted(Path(snakemake.input.new).glob("*.csv")),
                                           *sorted(Path(snakemake.input.old).glob("*.csv"))]))
    page.write_standalone(Path(snakemake.output.html), Path(snakemake.output.standalone))


def write_diff(snakemake, result, meta: dict, key: str, fy: int, prev: int, files: dict) -> None:
    """Rule compare: the machine-readable diff (CSVs), the text diff and the summary as JSON (changes.json)."""
    slug = document.SLUGS[key]
    restated_published = meta.get("restated", [])   # this build against the archive of the published document
    folder = Path(snakemake.output.diff)
    folder.mkdir(parents=True, exist_ok=True)
    written = output.csv_tables(result, restated_published)
    if any(spec.outcome for spec in compare.tables_of(key)):
        written["projection_vs_outcome"] = output.outcome_csv(result.outcomes, fy)
    for name, (header, rows) in written.items():
        write_csv(folder / f"{name}.csv", header, rows)

    old_text, new_text = (Path(p).read_text(encoding="utf-8") for p in (snakemake.input.old_text, snakemake.input.new_text))
    preamble = (f"# {meta['title']}: text diff against {era.fy_long(prev)} (FY{prev}), the previous report.\n"
                f"# Lines are keyed by table and row, years as written (a row of one fiscal year meets the same year "
                f"in both: FY{fy} in +++, FY{prev} in ---).")
    # the files diffed are the staged ones; named as published
    (folder / f"{slug}.txt.diff").write_text(
        output.text_diff(old_text, new_text, f"reports/{prev}/{slug}.txt", f"reports/{fy}/{slug}.txt", preamble),
        encoding="utf-8")

    changes = view.changes(result, document=key, document_title=meta["title"], restated_published=restated_published,
                           files=files)
    Path(snakemake.output.changes).write_text(json.dumps(changes, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(snakemake):
    key, fy, prev = snakemake.params.document, int(snakemake.wildcards.fy), int(snakemake.params.previous)
    was = source.previous(Path("reports"), Path("build"), prev, key)   # the archive, or the rebuild: said so
    if Path(snakemake.input.old) != Path(was["folder"]):
        raise ValueError(f"compare: input.old is {snakemake.input.old}, the previous report's tables are {was['folder']}")
    result, meta = compared(snakemake, key, fy, prev, was)
    slug = document.SLUGS[key]
    files = {"old": source.pdf_named(snakemake.input.old_pdf, f"reports/{prev}/{slug}.pdf")}
    files["source"] = source.said(was, files["old"])
    if "pdf" in snakemake.output.keys():
        files["new"] = source.pdf_named(snakemake.input.new_pdf, f"reports/{fy}/{slug}.pdf")
        write_pages(snakemake, result, meta, key, fy, files)
    else:
        write_diff(snakemake, result, meta, key, fy, prev, files)


run(snakemake, main)  # noqa: F821 (injected by Snakemake)
