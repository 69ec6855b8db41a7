"""The shape every document follows (the documents are declared in kyosai.documents), and the comparison of each
with its previous report (kyosai.diff).

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
import hashlib
import json
import os
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from . import fonts, plaintext, published, qa as qalog, render, workbook
from .dataio import DataError
from .documents import KEYS, SLUGS, model_module, view_module  # noqa: F401  (the registry's, for the jobs)
from .tablespec import TableSet, read_tables, write_tables


def stylesheets(slug: str) -> tuple[str, ...]:
    """The stylesheets of a document: templates/report.css and, where it exists, templates/<slug>.css."""
    return ("report.css",) + ((f"{slug}.css",) if (render.TEMPLATES / f"{slug}.css").exists() else ())


FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def chapter_number(n: int, style: str = "1．") -> str:
    """The number of chapter ``n`` as the source prints its chapter 1 (``style``): the digit 1 in full width (１．)
    or not (1．, 1.), then what follows it; a number ending in a half-width full stop is followed by a space
    (001 prints 「1. 基本ポートフォリオと運用資産構成」, 000 「１．運用の基本方針と基本ポートフォリオ」)."""
    digits = str(n).translate(FULL_WIDTH_DIGITS) if style.startswith("１") else str(n)
    rest = style[1:]
    return f"{digits}{rest}{' ' if rest.endswith('.') else ''}"


@dataclass(frozen=True)
class Section:
    """One chapter: its anchor, number (None: unnumbered), title and the part of the document it opens, and the
    sections printed within it (each under a heading of its own, in the chapter, not in the 目次)."""
    id: str
    title: str
    number: int | None = None
    part: str | None = None
    part_label: str | None = None   # printed above the chapter heading (【運用全般】)
    template: str = ""
    part_starts: bool = False
    number_style: str = "1．"       # how the source prints the number of chapter 1 (chapter_number)
    children: tuple["Section", ...] = ()
    same_page: bool = False          # follows the chapter before on its page (sections.csv page = same)

    @property
    def heading(self) -> str:
        return f"{chapter_number(self.number, self.number_style)}{self.title}" if self.number is not None else self.title


def number_sections(slug: str, rows: list[dict], appendix: list[tuple[str, str]], style: str = "1．") -> list[Section]:
    """The chapters of sections.csv with their numbers (printed as ``style``, chapter_number), templates and the parts
    they open, each with the sections printed within it (a row whose ``parent`` names an earlier chapter: unnumbered,
    under its own heading in that chapter), then the appendix chapters of the review edition
    (templates/review/<id>.html.j2)."""
    out, n, part = [], 0, None
    children: dict[str, list[Section]] = {}
    for r in rows:
        if r.get("parent"):
            children.setdefault(r["parent"], []).append(
                Section(r["section"], r["title"], None, None, None, f"{slug}/{r['section']}.html.j2"))
            continue
        number = None
        if r["numbered"]:
            n += 1
            number = n
        out.append(Section(r["section"], r["title"], number, r["part"], r["part_label"],
                           f"{slug}/{r['section']}.html.j2", bool(r["part"]) and r["part"] != part, style,
                           same_page=r.get("page") == "same"))
        part = r["part"] or part
    unknown = set(children) - {s.id for s in out}
    if unknown:
        raise ValueError(f"sections.csv: {', '.join(sorted(unknown))} named as parent but not a chapter of the year")
    out = [replace(s, children=tuple(children.get(s.id, ()))) for s in out]
    for id, title in appendix:
        out.append(Section(id, title, None, "付録（内部資料）", None, f"review/{id}.html.j2", part != "付録（内部資料）"))
        part = "付録（内部資料）"
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
class Review:
    """What the review edition adds to the publication's PDF job: the comparison's change summary (None: no
    previous report), where its frame HTML and its PDF go, and the versions it records."""
    changes: dict | None
    html: Path
    pdf: Path
    versions: dict[str, str]


@dataclass(frozen=True)
class Outputs:
    """Where a rendering job writes (the staging folder of the job: published afterwards)."""
    html: Path
    text: Path
    workbook: Path
    qa: Path
    tables: Path
    charts: Path
    model: Path


class Document:
    """How one kind of document shows its model. Subclasses set the class attributes (key, slug, the tables,
    the charts module with its ChartSet CHARTS) and say ``title_lines`` and ``view``.

    Two editions come from one model and one set of templates: the publication (what the publisher prints,
    nothing internal) and the review edition (the publication marked as internal on every page, then the
    change summary against the previous report, the document's own reference material, and the QA log)."""
    key: str
    slug: str
    tables: TableSet
    charts = None
    title_separator = " "  # between the title's cover lines when it is written on one line
    appendix = (("changes", "前回報告からの主な変更"), ("qa", "検算・データ確認の記録"))   # the review edition's

    def title_lines(self, model: dict) -> list[str]:
        """The title as the cover prints it, one item a line."""
        raise NotImplementedError

    @property
    def template(self) -> str:
        """templates/<slug>.html.j2: extends base.html.j2."""
        return f"{self.slug}.html.j2"

    def stylesheets(self, edition: str = "publication") -> tuple[str, ...]:
        """report.css, the document's own templates/<slug>.css where it has one, and review.css for the review."""
        return stylesheets(self.slug) + (("review.css",) if edition == "review" else ())

    def title(self, model: dict) -> str:
        return self.title_separator.join(self.title_lines(model))

    def cover(self, model: dict) -> dict | None:
        """{"lines": [...], "date": ..., "issuer": ...}, or None for a document without a cover."""
        return {"lines": self.title_lines(model), "date": model["meta"]["published_ja"], "issuer": model["meta"]["issuer_ja"]}

    def view(self, model: dict, rows: dict[str, list[dict]]) -> dict:
        """What the section templates read besides the model: every layout decision and wording choice."""
        return {}

    def draw_charts(self, model: dict, folder: Path, font: str) -> dict[str, str]:
        return self.charts.CHARTS.draw(model, folder, font) if self.charts else {}

    def chart_texts(self, model: dict) -> dict[str, str]:
        """The alternative text of each chart, stating its figures (for screen readers and the HTML)."""
        return self.charts.CHARTS.alt_texts(model) if self.charts else {}

    def number_style(self, model: dict) -> str:
        """How the document's source prints the number of its chapter 1 (document.chapter_number)."""
        return "1．"

    def sections(self, model: dict, edition: str = "publication") -> list[Section]:
        rows = [r for r in model["sections"] if edition == "review" or r["edition"] == "both"]
        return number_sections(self.slug, rows, list(self.appendix) if edition == "review" else [],
                               self.number_style(model))

    def frame(self, model: dict, edition: str, charts: Path, charts_made: dict[str, str], page_dir: Path,
              changes: dict | None = None) -> dict:
        """What base.html.j2 reads: cover, sections of the edition, charts (path from the page, alt text), the QA
        log and the change summary (review edition)."""
        alts = self.chart_texts(model)
        where = Path(os.path.relpath(charts, page_dir))
        frame = {"edition": edition, "cover": self.cover(model), "sections": self.sections(model, edition),
                 "charts": {k: {"src": (where / v).as_posix(), "alt": alts.get(k, "")} for k, v in charts_made.items()}}
        if edition == "review":
            frame["qa"] = {"shown": qalog.shown(model["qa"]), "agree_count": qalog.agree_count(model["qa"]),
                           "path": f"reports/{model['fiscal_year']}/{self.slug}/qa.md"}
            frame["changes"] = changes
        return frame

    def with_restatements(self, model: dict, rows: dict[str, list[dict]], archive: Path | None) -> dict:
        """The model with what differs from the archive of the published document (reports/<FY>/published/<slug>/,
        when there is one) listed under "restated" and first in its QA log."""
        restated = published.backtest(self.key, read_tables(archive), published.as_tables(self.tables, rows),
                                      archive.as_posix(), published.label(published.manifest(archive))) \
            if archive and archive.is_dir() else []
        return {**model, "restated": restated,
                "qa": [{"kind": "restated", "subject": "公表済みの表", "detail": d, "ok": False} for d in restated]
                + model["qa"]}

    def render(self, model: dict, out: Outputs, font: str, versions: dict[str, str],
               archive: Path | None = None) -> list[str]:
        """Every file of the document and its publication edition but the PDFs, from its model: model.json, charts,
        tables (CSV and the Excel workbook), plain text, QA log and the HTML page (laid out by ``write_pdfs``).
        Returns what differs from the archive of the published document (also in the QA log)."""
        fonts.require(font, fonts.printed(model, self.slug))   # before anything is drawn: config.yaml's chart_font_path
        title = self.title(model)
        rows = self.tables.rows(model)
        model = self.with_restatements(model, rows, archive)
        out.model.parent.mkdir(parents=True, exist_ok=True)
        out.model.write_text(model_json({"title": title, **model}), encoding="utf-8")
        made = self.draw_charts(model, out.charts, font)
        out.charts.mkdir(parents=True, exist_ok=True)   # a document without charts has the folder all the same
        (out.charts / "charts.json").write_text(json.dumps(made, ensure_ascii=False, indent=1), encoding="utf-8")
        write_tables(self.tables, rows, out.tables)
        out.text.write_text(plaintext.render(self.tables, self.tables.csv(rows), model["fiscal_year"], title),
                            encoding="utf-8")
        workbook.write_workbook(out.workbook, self.tables, rows, workbook.About.of(title, model))
        out.qa.write_text(qalog.markdown(model["qa"], title), encoding="utf-8")
        self.write_page(model, self.view(model, rows), self.frame(model, "publication", out.charts, made, out.html.parent),
                        out.html, versions)
        return model["restated"]

    def write_pdfs(self, model: dict, page: Path, charts: Path, pdf: Path, versions: dict[str, str],
                   review: Review | None = None) -> None:
        """The PDF of the publication (``page``, the HTML ``render`` wrote, laid out once) and, with ``review``, the
        review edition's, which reuses the publication's laid-out pages (write_review). ``model`` carries the QA log
        of the document's build (model.json), ``charts`` the charts it drew."""
        fonts = render.font_configuration()
        publication = render.layout(page.read_text(encoding="utf-8"), base=page.parent, allowed=(charts,), font_config=fonts)
        meta = model["meta"]
        about = {"title": self.title(model), "document_date": meta["document_date"], "author": meta["issuer_ja"]}
        render.write_document(publication, pdf, versions=versions, **about)
        if review is not None:
            accompanies = {"name": f"reports/{model['fiscal_year']}/{pdf.name}",   # as published: the same bytes
                           "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest()}
            self.write_review(model, publication, charts, review, fonts, about, accompanies)

    def write_review(self, model: dict, publication, charts: Path, review: Review, fonts, about: dict,
                     accompanies: dict) -> None:
        """The review edition: the publication's chapters as the publication laid them out, each page marked as
        internal (review.css's margin boxes: the mark, and the page numbers of the whole edition), between the
        review edition's own cover and 目次 and, after them, the chapters only it prints, the change summary and
        the QA log. Those are laid out in one frame document (templates/base.html.j2 with ``doc.laid_out``) in which
        each page of the publication's chapters is an empty page carrying that page's anchors, so that the 目次
        gives the pages they have in this edition; each empty page is then replaced by the publication's page with
        the frame page's margin boxes (render.with_margin_boxes). Its cover names the publication's PDF it accompanies
        and that file's SHA-256 (``accompanies``)."""
        chapters = self.sections(model, "publication")
        ids = {c.id for s in chapters for c in (s, *s.children)}
        first = next(i for i, p in enumerate(publication.pages) if chapters[0].id in p.anchors)
        body = publication.pages[first:]
        made = json.loads((charts / "charts.json").read_text(encoding="utf-8"))
        rows = self.tables.rows(model)
        frame = self.frame(model, "review", charts, made, review.html.parent, review.changes)
        if [s.id for s in frame["sections"][:len(chapters)]] != [s.id for s in chapters]:
            raise DataError([f"data/{self.key}/sections.csv: a chapter only the review edition prints (edition review) "
                             f"comes before a chapter of the publication; list it after them"])
        frame["laid_out"] = {"pages": [sorted(a for a in p.anchors if a in ids) for p in body], "ids": ids}
        frame["accompanies"] = accompanies
        html = self.page(model, self.view(model, rows), frame, review.versions)
        review.html.parent.mkdir(parents=True, exist_ok=True)
        review.html.write_text(html, encoding="utf-8")
        frame_doc = render.layout(html, base=review.html.parent, allowed=(charts,), font_config=fonts)
        start = next(i for i, p in enumerate(frame_doc.pages) if "laid-out-0" in p.anchors)
        pages = list(frame_doc.pages)
        for i, page in enumerate(body):
            if f"laid-out-{i}" not in pages[start + i].anchors:
                raise ValueError(f"{self.slug} review edition: page {i + 1} of the publication's chapters did not stay "
                                 f"one page in the frame")
            other = set(pages[start + i].anchors) - {f"laid-out-{i}"} - ids
            if other:      # what the frame put on the placeholder page would be lost with it
                raise ValueError(f"{self.slug} review edition: the frame's page for page {i + 1} of the publication's "
                                 f"chapters also holds {', '.join(sorted(other)[:3])}, which replacing it would lose")
            pages[start + i] = render.with_margin_boxes(page, pages[start + i])
        render.write_document(frame_doc.copy(pages), review.pdf, versions=review.versions, **about)

    def write_standalone(self, page: Path, out: Path) -> None:
        """The standalone HTML edition of the page ``write_page`` wrote (reports/<FY>/<slug>.html): one file,
        nothing loaded from elsewhere, its charts inline, readable on a screen (kyosai.render.standalone)."""
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render.standalone(page.read_text(encoding="utf-8"), page.parent), encoding="utf-8")

    def page(self, model: dict, view: dict, frame: dict, versions: dict[str, str] | None = None) -> str:
        """The document's HTML: its template (extending base.html.j2) with the frame of an edition."""
        frame = {"title": self.title(model), "edition": "publication", "cover": None, "sections": [], "toc": True,
                 "qa": None, "charts": {}, "changes": None, "laid_out": None, "accompanies": None, **frame,
                 "versions": versions or {}}
        frame["sec"] = {c.id: c for s in frame["sections"] for c in (s, *s.children)}
        return render.page(self.template, self.stylesheets(frame["edition"]), doc=frame, model=model, v=view,
                           tables=getattr(self, "tables", None))   # a printed table's figures as its declaration says (TableSpec.shown)

    def write_page(self, model: dict, view: dict, frame: dict, html_path: Path, versions: dict[str, str]) -> str:
        """The document's HTML (its template, extending base.html.j2), written to ``html_path``."""
        html = self.page(model, view, frame, versions)
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(html, encoding="utf-8")
        return html

    def write_pages(self, model: dict, view: dict, frame: dict, html_path: Path, pdf_path: Path,
                    versions: dict[str, str], allowed: tuple[Path, ...] = ()) -> None:
        """The document's HTML and its PDF (a document of one edition: the comparison)."""
        html = self.write_page(model, view, frame, html_path, versions)
        meta = model["meta"]
        render.write_pdf(html, pdf_path, base=html_path.parent, allowed=allowed, title=frame.get("title", self.title(model)),
                         document_date=meta["document_date"], versions=versions, author=meta["issuer_ja"])
