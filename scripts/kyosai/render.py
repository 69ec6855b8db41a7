"""HTML (Jinja2) → PDF (WeasyPrint), for every document: the Jinja environment with the filters of the
published number formats, the stylesheets (inlined into each page), a URL fetcher that reads only the files
a document is meant to read, the digests that record what a document was built from, and reproducible
PDF metadata."""
from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import os
import re
import signal
import threading
import traceback
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
import markupsafe

from . import era, pdftags
from .paths import ROOT, TEMPLATES
from .numbers import fmt_number, fmt_oku_prose, fmt_pct, fmt_pt, full_width, round_half_up


# The bounds of one page's rendering: a template that loops on (a typo'd range, rows multiplied) is stopped with its
# name and line rather than filling the memory. The documents print a few hundred table rows and render in well
# under a second.
MAX_ROWS = 20_000          # table rows (<tr>) in one page
MAX_CHARS = 50_000_000     # characters of one page's HTML
MAX_SECONDS = 20           # wall time of one page's rendering
MAX_RANGE = 100_000        # the longest range() a template may loop over


class TemplateLimit(Exception):
    """A template went past a bound of MAX_ROWS, MAX_CHARS, MAX_SECONDS or MAX_RANGE; the message names it."""


class _Stop(Exception):
    """Raised inside the template's code (at the point it has reached) so that its frame names template and line."""


_STOP: dict[str, str | None] = {"why": None}   # set when a bound is passed: the next {{ expression }} stops the page


def _finalize(value):
    """Every {{ expression }} of a page passes here (Jinja's finalize), inside the template's own code: where a page
    past its bound is stopped, so that the message names the template and line the loop is on."""
    if _STOP["why"]:
        raise _Stop(_STOP["why"])
    return value


def break_hints(name: str) -> markupsafe.Markup:
    """A narrow column heading broken where Japanese readers expect it: before an opening
    parenthesis, else after the fourth character of a long name (国内債券 / (簿価), 融資経理 / 貸付金)."""
    text = str(markupsafe.escape(name))
    if "(" in text:
        text = text.replace("(", "<br>(", 1)
    elif len(name) > 5:
        text = text[:4] + "<br>" + text[4:]
    return markupsafe.Markup(text)


WORD_END = re.compile(r"(?<=[、・ ])|(?=（)")
PARTICLE_END = re.compile(r"(?<=[のとを])")
LONGEST_WORD = 12     # a longer run (繰越欠損金削減計画の経路と実績) breaks after its particles (の, と) too


def words(text) -> markupsafe.Markup:
    """A name in a narrow cell that breaks only between its words: after 、 ・ and spaces, before （ (利益剰余金・ /
    繰越欠損金 / （実績）, R04年度末 → / R06年度末), and in a run too long for a column after の, と, を; each word kept
    whole (span.nw) unless even that is too long."""
    parts = [q for p in WORD_END.split(str(text)) if p
             for q in (PARTICLE_END.split(p) if len(p) > LONGEST_WORD else [p]) if q]
    return markupsafe.Markup("".join(
        f'<span class="nw">{markupsafe.escape(p)}</span>' if len(p) <= LONGEST_WORD else str(markupsafe.escape(p))
        for p in parts))


def bullets(text: str) -> list[dict]:
    """The points of a text, one a line: a line beginning with ・ belongs to the point above it (001 §4: 取得の基本的な
    考え方 / ・満期保有目的…). [{"text": first line, "lines": [the ・ lines under it]}]."""
    out: list[dict] = []
    for line in str(text).split("\n"):
        if line.startswith("・") and out:
            out[-1]["lines"].append(line)
        elif line:
            out.append({"text": line, "lines": []})
    return out


def keep_words(text: str, *words: str) -> markupsafe.Markup:
    """Text in which each of ``words`` is never broken across lines (a span of class nw): 社債, ＧＲＯＳＳ, 円換算."""
    escaped = str(markupsafe.escape(text))
    found = sorted({str(markupsafe.escape(w)) for w in words if w}, key=len, reverse=True)
    if not found:
        return markupsafe.Markup(escaped)
    pattern = re.compile("|".join(re.escape(w) for w in found))
    return markupsafe.Markup(pattern.sub(lambda m: f'<span class="nw">{m.group(0)}</span>', escaped))


def approx_wari(share_pct) -> str:
    """A share in percent as 割 for prose: 76.6 → 約8割."""
    return f"約{round_half_up(share_pct / 10, 0)}割"


def _strict(name: str, f):
    """A filter that refuses an undefined value as Jinja itself does (``UndefinedError``, which the job reports with
    the template's name and line), instead of failing inside the filter's arithmetic with a TypeError."""
    def filtered(value, *args, **kwargs):
        for v in (value, *args, *kwargs.values()):
            if isinstance(v, jinja2.Undefined):
                v._fail_with_undefined_error()
        return f(value, *args, **kwargs)
    filtered.__name__ = f"{name}_filter"
    return filtered


def environment(templates: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of the documents' templates (``templates``: another folder, for tests)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates or TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, finalize=_finalize,
    )
    ours = {
        "num": fmt_number, "pct": fmt_pct, "pt": fmt_pt, "oku": fmt_oku_prose,
        "fy": era.fy_long, "fys": era.fy_short, "fye": era.fy_end_short,
        "date_ja": era.date_long, "date_s": era.date_short,
        "wari": approx_wari, "breaks": break_hints, "pt_signed": lambda v: fmt_number(v, 2, plus=True, suffix="pt"),
        "lines": lines, "words": words, "month_ja": lambda d: era.month_long(d.year, d.month), "bullets": bullets,
        "keep": keep_words, "zen": full_width,
    }
    env.filters.update({name: _strict(name, f) for name, f in ours.items()})
    env.globals["range"] = bounded_range
    return env


def template_origin(exc: BaseException) -> str:
    """Where in a template an exception arose: "templates/unyo-jokyo/returns.html.j2, line 6", the innermost
    template line of its traceback (Jinja maps a template's frames to its file and line), or Jinja's own
    name and line of a syntax error; "" when no template was running."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        return f"{_shown(exc.filename or exc.name or '?')}, line {exc.lineno}"
    frames = [f for f in _frames(exc) if f.filename.endswith(".j2")]
    return f"{_shown(frames[-1].filename)}, line {frames[-1].lineno}" if frames else ""


def _frames(exc: BaseException):
    return traceback.extract_tb(exc.__traceback__)


def _shown(filename: str) -> str:
    path = Path(filename).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else filename


def bounded_range(*args) -> range:
    """range() for templates: refused beyond MAX_RANGE numbers (a loop of 10¹² stops at once)."""
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise _Stop(f"range() of {len(r):,} numbers, more than the {MAX_RANGE:,} a template may loop over")
    return r


def _where(exc: BaseException, fallback: str) -> str:
    """templates/<name>, line <n> of the innermost template frame of ``exc``'s traceback (``template_origin``)."""
    return template_origin(exc) or f"templates/{fallback}"


def bounded_render(template: jinja2.Template, **context) -> str:
    """``template`` rendered within the bounds above; TemplateLimit naming the template and line otherwise."""
    timed = threading.current_thread() is threading.main_thread()

    def out_of_time(signum, frame):
        raise _Stop(f"rendering ran past {MAX_SECONDS} s")
    if timed:
        previous = signal.signal(signal.SIGALRM, out_of_time)
        signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
    parts, rows, chars, late = [], 0, 0, 0
    _STOP["why"] = None
    try:
        gen = template.generate(**context)
        for part in gen:
            parts.append(part)
            rows += part.count("<tr")
            chars += len(part)
            if rows > MAX_ROWS or chars > MAX_CHARS:
                _STOP["why"] = (f"the page has more than {MAX_ROWS:,} table rows" if rows > MAX_ROWS else
                                f"the page has more than {MAX_CHARS:,} characters") + ", more than a document prints"
                late += 1
                if late > 1000:   # no {{ expression }} in the loop to stop at: stop it where it is
                    try:
                        gen.throw(_Stop(_STOP["why"]))
                    finally:
                        gen.close()
    except _Stop as exc:
        raise TemplateLimit(f"{_where(exc, template.name)}: stopped: {exc}; is a loop running on?") from None
    finally:
        _STOP["why"] = None
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return "".join(parts)


def lines(text: str) -> markupsafe.Markup:
    """Text with its line breaks kept (a heading written on two lines in the table declaration)."""
    return markupsafe.Markup("<br>".join(str(markupsafe.escape(part)) for part in str(text).split("\n")))


def stylesheet(names: tuple[str, ...]) -> str:
    """The stylesheets under templates/, in order, as one text (inlined: a page needs no other file)."""
    return "\n".join((TEMPLATES / n).read_text(encoding="utf-8") for n in names)


def page(template: str, stylesheets: tuple[str, ...], **context) -> str:
    """A document's HTML: ``template`` (which extends base.html.j2) with its stylesheets inlined, and its tables'
    heads said (``row_heads``): the PDF's structure and the HTML edition alike name each cell's headers. Rendered
    within bounds (``bounded_render``)."""
    css = markupsafe.Markup(row_headers_css(stylesheet(stylesheets)))
    return row_heads(bounded_render(environment().get_template(template), css=css, **context))


def row_heads(html: str) -> str:
    """Every table's heads made explicit, for readers that speak a table (a screen reader, the PDF's tags):
    column heads ``<th scope="col">``; the first cell of each body row that is neither a figure (``td.num``) nor
    empty becomes the row's head (``<th scope="row">``), in a table with a <thead>, and in a table of labelled
    lines without one (its first cell ``td.label`` or ``td.what``: 解消年限 | 13～15年). Their printed look stays
    (``row_headers_css``, and ``[scope=row]`` in report.css)."""
    rewriter = _RowHeads()
    rewriter.feed(html)
    rewriter.close()
    return "".join(rewriter.out)


@lru_cache(maxsize=None)
def _fetcher_class():
    """SafeFetcher, defined on first use: WeasyPrint is imported only by the jobs that render."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeFetcher(URLFetcher):
        """Serves file: URLs under the allowed folders only; refuses every other URL (http, https, data, file:
        elsewhere, redirects), so text from the data can never make the renderer read a file."""

        def __init__(self, *allowed: Path):
            super().__init__(allowed_protocols=["file"], allow_redirects=False)
            self.allowed = [p.resolve() for p in allowed]
            self.refused: list[str] = []

        def _path(self, url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                return None
            path = Path(unquote(parts.path)).resolve()
            if any(path == root or root in path.parents for root in self.allowed) and path.is_file():
                return path
            return None

        def fetch(self, url: str, headers=None):
            path = self._path(url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"refused to fetch {url}: only the document's templates and charts may be read")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

    return SafeFetcher


def safe_fetcher(*allowed: Path):
    """A URL fetcher that reads files under ``allowed`` (and templates/) and nothing else."""
    return _fetcher_class()(TEMPLATES, *allowed)


def digest(paths) -> str:
    """sha256 over files' names (relative to the project) and bytes, in sorted order: what a document was
    built from. Only its own inputs count, so an edit elsewhere in the repository changes none of its bytes."""
    h = hashlib.sha256()
    names = sorted(Path(os.path.relpath(Path(p).absolute(), ROOT)).as_posix() for p in paths)  # a link stays a name
    for name in names:
        h.update(name.encode() + b"\0" + (ROOT / name).read_bytes() + b"\0")
    return h.hexdigest()


def versions(code, data) -> dict[str, str]:
    """The recorded versions of a document: the digest of its code and templates, and of its input data."""
    return {"code": digest(code)[:12], "data": digest(data)}


# Symbols the sources print that the documents' font (IPAexGothic) has no glyph for (001's ➤ before a heading, 002's
# ➡ before its 推計リスク, 000's ➢ bullets): the PDF draws each as a shape (report.css span.symbol) rather than take
# it from another font, so that every glyph of a PDF is the documents' font's. The HTML and the texts keep them.
DRAWN_SYMBOLS = {"➢": "arrowhead", "➤": "arrowhead", "➡": "arrow"}


def drawn_symbols(html: str) -> str:
    """``html`` with each of DRAWN_SYMBOLS in its text (not in a tag, a <style>, <script> or <title>) replaced by
    ``<span class="symbol …"></span>``."""
    parts, inside = re.split(r"(<[^>]*>)", html), None
    for i, part in enumerate(parts):
        if part.startswith("<"):
            tag = re.match(r"<(/?)(style|script|title)\b", part, re.I)
            if tag:
                inside = None if tag[1] else tag[2].lower()
        elif inside is None and any(c in part for c in DRAWN_SYMBOLS):
            parts[i] = "".join(f'<span class="symbol {DRAWN_SYMBOLS[c]}"></span>' if c in DRAWN_SYMBOLS else c
                               for c in part)
    return "".join(parts)


def layout(html: str, *, base: Path, allowed: tuple[Path, ...], font_config=None):
    """``html`` laid out by WeasyPrint (its pages, ready to write): the costly step of a PDF. The URL fetcher reads
    only the templates and ``allowed``; ``font_config`` is shared by documents whose pages are combined. The
    symbols the documents' font lacks are drawn (``drawn_symbols``)."""
    import weasyprint

    return weasyprint.HTML(string=drawn_symbols(html), base_url=base.resolve().as_uri() + "/",
                           url_fetcher=safe_fetcher(*allowed)).render(font_config=font_config)


def font_configuration():
    """One WeasyPrint font configuration, for documents whose pages are written together (render.layout)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def write_document(doc, out: Path, *, title: str, document_date: dt.date, versions: dict[str, str], author: str) -> None:
    """Write laid-out pages (render.layout, or pages combined with ``doc.copy``) to ``out`` reproducibly, as a tagged
    PDF/UA-1 with its metadata; ``out`` is replaced only once it is complete."""
    stamp = document_date.isoformat()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(document_date, dt.time(), dt.timezone.utc).timestamp()))
    doc.metadata.title = title
    doc.metadata.authors = [author]
    doc.metadata.created = stamp
    doc.metadata.modified = stamp
    doc.metadata.generator = f"kyosai-reports {versions['code']}"
    doc.metadata.keywords = [f"code:{versions['code']}", f"data-sha256:{versions['data']}"]
    tmp = out.with_suffix(".pdf.tmp")
    identifier = hashlib.md5((versions["data"] + versions["code"]).encode()).hexdigest().encode()
    # PDF/UA-1: tagged (structure from the HTML, alt texts of the charts, document language ja from <html lang>),
    # bookmarks from the headings and the title shown as the window title (DisplayDocTitle); header cells with their
    # scope, layout tables as blocks, page margins as artifacts (kyosai.pdftags)
    pdftags.install()
    doc.write_pdf(tmp, pdf_identifier=identifier, pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    tmp.replace(out)


def write_pdf(html: str, out: Path, *, base: Path, allowed: tuple[Path, ...], title: str, document_date: dt.date,
              versions: dict[str, str], author: str):
    """Lay out ``html`` and write it to ``out`` (render.layout, render.write_document); returns the laid-out pages."""
    doc = layout(html, base=base, allowed=allowed)
    write_document(doc, out, title=title, document_date=document_date, versions=versions, author=author)
    return doc


def with_margin_boxes(page, frame_page):
    """``page`` with the margin boxes ``frame_page`` has (same at-rule: @top-left, @bottom-center, ...) in place of
    its own, everything else of it (content, anchors, links, bookmarks, its other margin boxes) kept: a page laid out
    once, marked for another edition (the review edition's mark and page numbers, kyosai.document). Margin boxes
    never affect the content's layout, and the tagged PDF holds them as artifacts."""
    import copy

    from weasyprint.formatting_structure.boxes import MarginBox

    theirs = [b for b in frame_page._page_box.children if isinstance(b, MarginBox)]
    replaced = {b.at_keyword for b in theirs}
    kept = [b for b in page._page_box.children if not (isinstance(b, MarginBox) and b.at_keyword in replaced)]
    marked = copy.copy(page)
    marked._page_box = page._page_box.copy_with_children(kept + theirs)
    return marked


# ---------------------------------------------------------------- the standalone HTML edition

SCREEN_STYLESHEET = "screen.css"
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
REFUSED_TAGS = {"link", "script", "iframe", "object", "embed", "base", "source", "video", "audio", "frame"}


def standalone(page: str, folder: Path) -> str:
    """``page`` (a document's HTML as written for WeasyPrint, its stylesheets inlined) as ONE self-contained file
    for screens, phones and desktops alike (reports/<FY>/<slug>.html):

    * every chart (``<img src="charts/….svg">``, read from under ``folder``, the page's folder, and nowhere else)
      inlined as ``<svg role="img">`` named by its alt text (aria-label and <title>), its element ids and their
      references prefixed with ``chart-<key>-`` so that the charts of one page never share an id, its own style
      rule scoped to it;
    * templates/screen.css added after the print stylesheets, and the viewport of a phone;
    * tables: their heads as ``row_heads`` makes them (``page`` has done so already), each in a scrolling wrapper.

    Anything the page would load from another file or address (<link>, <script>, an image that is not one of the
    document's charts) is refused (ValueError). The same page gives the same bytes."""
    rewriter = _Standalone(Path(folder).resolve())
    rewriter.feed(row_heads(page))
    rewriter.close()
    return "".join(rewriter.out)


def inline_svg(svg: str, key: str, label: str) -> str:
    """A chart's SVG file as an element of an HTML page: without its XML declaration, DOCTYPE and metadata;
    ``role="img"`` with ``label`` as its accessible name (aria-label and <title>); every id and every reference
    to one (``href="#…"``, ``url(#…)``) prefixed with ``chart-<key>-``, and its <style> scoped to the chart,
    so several charts sit in one page without sharing an id or a rule. Refuses a reference to anything outside
    the file."""
    root = f"chart-{key}"
    svg = re.sub(r"\A\s*<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))

    def ref(name: str) -> str:
        if name not in ids:
            raise ValueError(f"chart {key}: a reference to #{name}, which the chart does not define")
        return f"{root}-{name}"

    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{root}-{m[1]}"', svg)
    svg = re.sub(r'\b((?:xlink:)?href)="#([^"]+)"', lambda m: f'{m[1]}="#{ref(m[2])}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{ref(m[1])})", svg)
    outside = re.findall(r'\b(?:xlink:)?href="(?!#)[^"]*"|url\((?!#)[^)]*\)|@import', svg)
    if outside:
        raise ValueError(f"chart {key}: refers to something outside the file: {outside[0]}")
    svg = re.sub(r"(<style[^>]*>)(.*?)(</style>)",
                 lambda m: m[1] + re.sub(r"(^|})\s*([^{}]+?)\s*\{",
                                         lambda r: r[1] + ",".join(f"#{root} {s.strip()}" for s in r[2].split(",")) + "{",
                                         m[2]) + m[3], svg, flags=re.S)
    name = markupsafe.escape(label)
    svg, found = re.subn(r"<svg\b([^>]*)>", lambda m: f'<svg id="{root}" class="chart" role="img" aria-label="{name}"'
                         f'{m[1]}>\n <title>{name}</title>', svg, count=1)
    if not found:
        raise ValueError(f"chart {key}: no <svg> element")
    return svg.strip()


def row_headers_css(css: str) -> str:
    """A stylesheet whose rules see a row head (``row_heads``: a label cell made ``<th scope="row">``) as the cell it
    was: every ``td`` of a selector becomes ``:is(td, th[scope=row])`` and every ``th`` (a column head's look)
    ``th:not([scope=row])``, inside @media too. (A rule selecting ``[scope=row]`` alone is the row heads' own.) The
    same again changes nothing: what it wrote is inside functions, which it leaves as they are."""
    import tinycss2

    replaced = {"td": tinycss2.parse_component_value_list(":is(td, th[scope=row])"),
                "th": tinycss2.parse_component_value_list("th:not([scope=row])")}

    def rules(items):
        for rule in items:
            if rule.type == "qualified-rule":
                prelude = []
                for i, token in enumerate(rule.prelude):
                    before = rule.prelude[i - 1] if i else None
                    if token.type == "ident" and token.lower_value in replaced and not (
                            before is not None and before.type == "literal" and before.value in (".", ":")):
                        prelude.extend(replaced[token.lower_value])
                    else:
                        prelude.append(token)
                rule.prelude = prelude
            elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
                rule.content = tinycss2.parse_component_value_list(tinycss2.serialize(
                    rules(tinycss2.parse_rule_list(rule.content, skip_comments=False, skip_whitespace=False))))
        return items

    return tinycss2.serialize(rules(tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=False)))


class _Copy(HTMLParser):
    """Copies a page token by token (text, entities and tags as written); subclasses rewrite a few tags."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def _content(self):
        """Text, an entity or an element begins (a subclass may be waiting for it)."""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_starttag(self, tag, attrs):
        self._content()
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if data.strip():
            self._content()
        self.out.append(data)

    def handle_entityref(self, name):
        self._content()
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self._content()
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


LINE_LABELS = {"label", "what"}     # the label cell of a table of labelled lines (no <thead>)


class _RowHeads(_Copy):
    """``row_heads``: the tables' cells made heads where they are."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []     # the open tables: has a <thead>, in <thead>, in <tbody>, first cell seen
        self.row_head = False            # a <td> made <th>, not yet closed
        self.pending: int | None = None  # the index in out of a first body cell not yet known to have content

    def _content(self):
        """The pending first cell of a body row has content: it is the row's head."""
        if self.pending is not None:
            self.out[self.pending] = '<th scope="row"' + self.out[self.pending][3:]
            self.pending, self.row_head = None, True

    def handle_starttag(self, tag, attrs):
        self._content()
        raw, a = self.get_starttag_text(), dict(attrs)
        t = self.tables[-1] if self.tables else None
        if tag == "table":
            self.tables.append({"thead": False, "in_thead": False, "in_tbody": False, "first": False,
                                "layout": a.get("role") == "presentation"})
        elif t is not None and tag in ("thead", "tbody"):
            t["thead"] |= tag == "thead"
            t["in_thead"], t["in_tbody"] = tag == "thead", tag == "tbody"
        elif t is not None and tag == "tr":
            t["first"], self.row_head = True, False
        elif t is not None and tag in ("th", "td") and not t["layout"]:
            first, t["first"] = t["first"], False
            self.row_head = False
            classes = set((a.get("class") or "").split())
            if tag == "th" and "scope" not in a:
                raw = '<th scope="col"' + raw[3:] if t["in_thead"] else '<th scope="row"' + raw[3:]
            elif tag == "td" and first and t["in_tbody"] and "num" not in classes and (
                    t["thead"] or classes & LINE_LABELS):
                self.pending = len(self.out)      # a row head unless it is empty
        self.out.append(raw)

    def handle_endtag(self, tag):
        t = self.tables[-1] if self.tables else None
        if tag == "td" and self.row_head:
            tag, self.row_head = "th", False
        self.pending = None
        super().handle_endtag(tag)
        if tag == "table" and t is not None:
            self.tables.pop()
        elif t is not None and tag in ("thead", "tbody"):
            t["in_thead"] = t["in_tbody"] = False


class _Standalone(_Copy):
    """``standalone``: the charts inlined, the screen's stylesheet and viewport added, each table in a scrolling
    wrapper; anything the page would load refused."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.charts: set[str] = set()
        self.style: list[str] | None = None   # the text of the page's <style> being read

    def handle_data(self, data):
        if self.style is None:
            super().handle_data(data)
        else:
            self.style.append(data)

    def handle_starttag(self, tag, attrs):
        raw, a = self.get_starttag_text(), dict(attrs)
        if tag in REFUSED_TAGS:
            raise ValueError(f"a standalone page loads nothing: <{tag}> at line {self.getpos()[0]}")
        if tag == "img":
            raw = self._chart(a)
        elif tag == "meta" and a.get("charset"):
            raw += "\n" + VIEWPORT
        elif tag == "style":
            self.style = []
        elif tag == "table":
            raw = '<div class="table-scroll" tabindex="0">' + raw
        self.out.append(raw)

    def handle_endtag(self, tag):
        if tag == "style" and self.style is not None:     # as page() makes it (the same again changes nothing)
            self.out.append(row_headers_css("".join(self.style)))
            self.style = None
        self.out.append(f"</{tag}>")
        if tag == "head":
            css = stylesheet((SCREEN_STYLESHEET,))
            self.out[-1] = f"<style>\n{css}</style>\n</head>"
        elif tag == "table":
            self.out.append("</div>")

    def _chart(self, a: dict) -> str:
        src = a.get("src") or ""
        path = (self.folder / unquote(src)).resolve()
        if urlsplit(src).scheme or urlsplit(src).netloc or self.folder not in path.parents or path.suffix != ".svg" \
                or not path.is_file():
            raise ValueError(f"a standalone page loads nothing: refused the image {src!r} (only the document's "
                             f"own charts, SVG files under {self.folder}, are inlined)")
        key = re.sub(r"[^A-Za-z0-9_-]", "-", path.stem)
        while key in self.charts:
            key += "-2"
        self.charts.add(key)
        if not (a.get("alt") or "").strip():
            raise ValueError(f"the chart {src!r} has no alternative text: every chart needs an accessible name")
        chart = inline_svg(path.read_text(encoding="utf-8"), key, a["alt"])
        from .chartkit import phone_variant   # here: matplotlib only for a page with charts
        phone = phone_variant(path)
        if not phone.is_file():
            return chart
        # a phone shows the chart's phone variant instead (templates/screen.css: svg.chart.wide, svg.chart.phone)
        return (chart.replace('class="chart"', 'class="chart wide"', 1) + "\n"
                + inline_svg(phone.read_text(encoding="utf-8"), f"{key}-phone", a["alt"]).replace(
                    'class="chart"', 'class="chart phone"', 1))
