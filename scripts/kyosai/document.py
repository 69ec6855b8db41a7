"""The shape every document follows: 運用状況 (kyosai.unyo), 支給率 (kyosai.shikyuritsu) and the comparison of
each with its previous report (kyosai.diff).

A document is a package with

* ``model.py``: ``DATA_SECTIONS`` (the folders of data/ it reads), ``years(data)`` (the fiscal years that have
  a document) and ``build(data, fy)`` (the model: figures as exact Decimals and the QA log; DataError on any
  failed check);
* ``tables.py``: its output tables, each declared once (kyosai.tablespec);
* ``charts.py``: its charts, drawn from the model;
* ``view.py``: a ``Document`` subclass saying how the model is shown: its title, cover, the view the
  templates read, the charts.

``Document.render`` is the one procedure that turns a model into a document's files: tables (CSV), charts
(SVG), QA log, plain text, HTML and PDF. The template of every document extends templates/base.html.j2;
the sections, in order, come from the document's data (sections.csv) and each is a template of its own
(templates/<slug>/<section>.html.j2).
"""
from __future__ import annotations

import datetime as dt
import importlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from . import DOCUMENTS, plaintext, published, qa as qalog, render
from .tablespec import TableSet, read_tables, write_tables

SLUGS = DOCUMENTS                                   # key (data folder, package) → slug (file names)
KEYS = {slug: key for key, slug in SLUGS.items()}


def model_module(key: str):
    """kyosai.<key>.model: DATA_SECTIONS, years(data), build(data, fy)."""
    return importlib.import_module(f"kyosai.{key}.model")


def view_module(key: str):
    """kyosai.<key>.view: DOCUMENT, the Document that renders the model."""
    return importlib.import_module(f"kyosai.{key}.view")


def stylesheets(slug: str) -> tuple[str, ...]:
    """The stylesheets of a document: templates/report.css and, where it exists, templates/<slug>.css."""
    return ("report.css",) + ((f"{slug}.css",) if (render.TEMPLATES / f"{slug}.css").exists() else ())


@dataclass(frozen=True)
class Section:
    """One chapter: its anchor, number (None: unnumbered), title and the part of the document it opens."""
    id: str
    title: str
    number: int | None = None
    part: str | None = None
    part_label: str | None = None   # printed above the chapter heading (【運用全般】)
    template: str = ""
    part_starts: bool = False

    @property
    def heading(self) -> str:
        return f"{self.number}．{self.title}" if self.number is not None else self.title


def number_sections(slug: str, rows: list[dict], appendix: list[tuple[str, str]]) -> list[Section]:
    """The chapters of sections.csv with their numbers, templates and the parts they open, then the appendix
    chapters that base.html.j2 draws itself (the QA log: no template of its own)."""
    out, n, part = [], 0, None
    for r in rows:
        number = None
        if r["numbered"]:
            n += 1
            number = n
        out.append(Section(r["section"], r["title"], number, r["part"], r["part_label"],
                           f"{slug}/{r['section']}.html.j2", bool(r["part"]) and r["part"] != part))
        part = r["part"] or part
    for id, title in appendix:
        out.append(Section(id, title, None, "付録", None, "", part != "付録"))
        part = "付録"
    return out


# ---------------------------------------------------------------- the model, readable

def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def model_json(model: dict) -> str:
    """The model as JSON, for people (figures as exact decimal strings, dates ISO): build/<FY>/<slug>/model.json."""
    return json.dumps(model, default=_plain, ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------- rendering

@dataclass(frozen=True)
class Outputs:
    """Where a rendering job writes (the staging folder of the job: published afterwards)."""
    pdf: Path
    html: Path
    text: Path
    qa: Path
    tables: Path
    charts: Path
    model: Path


class Document:
    """How one kind of document shows its model. Subclasses set the class attributes (key, slug, the tables,
    the charts module with its draw(model, folder, font)) and say ``title_lines`` and ``view``."""
    key: str
    slug: str
    tables: TableSet
    charts = None
    title_separator = ""   # between the title's cover lines when it is written on one line
    appendix = (("qa", "検算・データ確認の記録（QA）"),)

    def title_lines(self, model: dict) -> list[str]:
        """The title as the cover prints it, one item a line."""
        raise NotImplementedError

    @property
    def template(self) -> str:
        """templates/<slug>.html.j2: extends base.html.j2."""
        return f"{self.slug}.html.j2"

    @property
    def stylesheets(self) -> tuple[str, ...]:
        """report.css, then the document's own templates/<slug>.css where it has one."""
        return stylesheets(self.slug)

    def title(self, model: dict) -> str:
        return self.title_separator.join(self.title_lines(model))

    def cover(self, model: dict) -> dict | None:
        """{"lines": [...], "date": ..., "issuer": ...}, or None for a document without a cover."""
        return {"lines": self.title_lines(model), "date": model["meta"]["published_ja"], "issuer": model["meta"]["issuer_ja"]}

    def view(self, model: dict, rows: dict[str, list[dict]]) -> dict:
        """What the section templates read besides the model: every layout decision and wording choice."""
        return {}

    def draw_charts(self, model: dict, folder: Path, font: str) -> dict[str, str]:
        return self.charts.draw(model, folder, font) if self.charts else {}

    def sections(self, model: dict) -> list[Section]:
        return number_sections(self.slug, model["sections"], list(self.appendix))

    def render(self, model: dict, out: Outputs, font: str, versions: dict[str, str],
               archive: Path | None = None) -> list[str]:
        """Every file of the document, from its model; returns what differs from the archive of the published
        document (reports/<FY>/published/<slug>/, when there is one): each difference is also in the QA log."""
        title = self.title(model)
        rows = self.tables.rows(model)
        restated = published.backtest(self.key, read_tables(archive), published.as_tables(self.tables, rows),
                                      archive.as_posix()) if archive and archive.is_dir() else []
        model = {**model, "restated": restated,
                 "qa": [{"kind": "restated", "subject": "公表済みの表", "detail": d, "ok": False} for d in restated]
                 + model["qa"]}
        out.model.parent.mkdir(parents=True, exist_ok=True)
        out.model.write_text(model_json({"title": title, **model}), encoding="utf-8")
        charts = self.draw_charts(model, out.charts, font)
        write_tables(self.tables, rows, out.tables)
        out.text.write_text(plaintext.render(self.tables, self.tables.csv(rows), model["fiscal_year"], title),
                            encoding="utf-8")
        out.qa.write_text(qalog.markdown(model["qa"], title), encoding="utf-8")
        frame = {"cover": self.cover(model), "sections": self.sections(model),
                 "qa": {"shown": qalog.shown(model["qa"]), "agree_count": qalog.agree_count(model["qa"]),
                        "path": f"reports/{model['fiscal_year']}/{self.slug}/qa.md"},
                 "charts": {k: f"{out.charts.name}/{v}" for k, v in charts.items()}}
        meta = model["meta"]
        self.write_pages(model, self.view(model, rows), frame, out.html, out.pdf, versions, meta["document_date"],
                         meta["issuer_ja"], allowed=(out.charts,))
        return restated

    def write_pages(self, model: dict, view: dict, frame: dict, html_path: Path, pdf_path: Path,
                    versions: dict[str, str], document_date: dt.date, author: str, allowed: tuple[Path, ...] = ()) -> None:
        """The document's HTML (its template, extending base.html.j2) and its PDF."""
        frame = {"title": self.title(model), "cover": None, "sections": [], "toc": True, "qa": None, "charts": {},
                 **frame, "versions": versions}
        frame["sec"] = {s.id: s for s in frame["sections"]}
        html = render.page(self.template, self.stylesheets, doc=frame, model=model, v=view)
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(html, encoding="utf-8")
        render.write_pdf(html, pdf_path, base=html_path.parent, allowed=allowed, title=frame["title"],
                         document_date=document_date, versions=versions, author=author)
