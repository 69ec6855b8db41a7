"""Snakemake: draw the charts, write the tables, the QA log and the PDF of one 支給率 document."""
import os
import pickle
from pathlib import Path

from _common import ROOT, write_text_rendering
from kyosai import qalog, render, shikyuritsu_view


def main(snakemake):
    model = pickle.loads(Path(snakemake.input.model).read_bytes())
    chart_dir, table_dir = Path(snakemake.output.charts), Path(snakemake.output.tables)
    made = shikyuritsu_view.draw_charts(model, chart_dir, snakemake.config["font_path"])
    shikyuritsu_view.write_tables(model, table_dir)
    write_text_rendering("shikyuritsu", table_dir, int(snakemake.wildcards.fy), Path(snakemake.output.text))
    title = model["title"]
    Path(snakemake.output.qa).write_text(qalog.markdown(model["qa"], title), encoding="utf-8")

    version = render.code_version()
    digest = render.data_hash([Path(p) for p in snakemake.params.data_files])
    html = render.environment().get_template("shikyuritsu.html.j2").render(
        model=model, title=title, version=version, digest=digest,
        charts={k: os.path.relpath(chart_dir / v, ROOT / "templates") for k, v in made.items()},
        sections=shikyuritsu_view.sections(model),
        qa_shown=qalog.shown(model["qa"]), qa_agree_count=qalog.agree_count(model["qa"]),
    )
    Path(snakemake.output.html).write_text(html, encoding="utf-8")
    render.write_pdf(html, Path(snakemake.output.pdf), base=ROOT / "templates", charts=chart_dir, title=title,
                     document_date=model["meta"]["document_date"], version=version, digest=digest,
                     author=model["meta"]["issuer_ja"])


main(snakemake)  # noqa: F821 (injected by Snakemake)
