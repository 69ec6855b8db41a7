"""Snakemake: draw the charts, write the tables, the QA log and the PDF of one 運用状況 report."""
import os
import pickle
from pathlib import Path

from _common import ROOT, write_text_rendering
from kyosai import charts, era, qalog, render, tables

SECTIONS = [
    ("policy", "general", "運用の基本方針と基本ポートフォリオ"),
    ("governance", "general", "運用ガバナンス体制"),
    ("returns", "general", "運用利回りの推移"),
    ("balances", "general", "運用資産額・責任準備金・利益剰余金の推移"),
    ("cashflow", "general", "キャッシュ・フローの推移"),
    ("self-managed", "assets", "自家運用資産"),
    ("entrusted", "assets", "委託運用資産"),
    ("funds", "assets", "運用中ファンド一覧"),
]


def main(snakemake):
    model = pickle.loads(Path(snakemake.input.model).read_bytes())
    fy = model["fiscal_year"]
    chart_dir, table_dir = Path(snakemake.output.charts), Path(snakemake.output.tables)
    made = charts.draw_unyo(model, chart_dir, snakemake.config["font_path"])
    tables.write_all(model, table_dir)
    write_text_rendering("unyo", table_dir, fy, Path(snakemake.output.text))
    Path(snakemake.output.qa).write_text(qalog.markdown(model["qa"], f"{fy}年度 運用状況"), encoding="utf-8")

    present = {"funds": bool(model["funds"]), "governance": model["has_governance"]}
    sections = [s for s in SECTIONS if present.get(s[0], True)]
    version = render.code_version()
    digest = render.data_hash([Path(p) for p in snakemake.params.data_files])
    title = f"小規模企業共済資産 {era.fy_long(fy)}の運用状況"
    html = render.environment().get_template("unyo-jokyo.html.j2").render(
        model=model, title=title, version=version, digest=digest,
        charts={k: os.path.relpath(chart_dir / v, ROOT / "templates") for k, v in made.items()},
        sections=[{"id": i, "part": part, "title": t, "number": n} for n, (i, part, t) in enumerate(sections, 1)],
        qa_shown=qalog.shown(model["qa"]), qa_agree_count=qalog.agree_count(model["qa"]),
    )
    Path(snakemake.output.html).write_text(html, encoding="utf-8")
    render.write_pdf(html, Path(snakemake.output.pdf), base=ROOT / "templates", charts=chart_dir, title=title,
                     document_date=model["meta"]["document_date"], version=version, digest=digest)


main(snakemake)  # noqa: F821 (injected by Snakemake)
