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
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
import markupsafe

from . import era
from .numbers import fmt_number, fmt_oku_prose, fmt_pct, fmt_pt, round_half_up

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"


def break_hints(name: str) -> markupsafe.Markup:
    """A narrow column heading broken where Japanese readers expect it: before an opening
    parenthesis, else after the fourth character of a long name (国内債券 / (簿価), 融資経理 / 貸付金)."""
    text = str(markupsafe.escape(name))
    if "(" in text:
        text = text.replace("(", "<br>(", 1)
    elif len(name) > 5:
        text = text[:4] + "<br>" + text[4:]
    return markupsafe.Markup(text)


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


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update({
        "num": fmt_number, "pct": fmt_pct, "pt": fmt_pt, "oku": fmt_oku_prose,
        "fy": era.fy_long, "fys": era.fy_short, "fye": era.fy_end_short,
        "date_ja": era.date_long, "date_s": era.date_short,
        "wari": approx_wari, "breaks": break_hints, "pt_signed": lambda v: fmt_number(v, 2, plus=True, suffix="pt"),
        "lines": lines, "month_ja": lambda d: era.month_long(d.year, d.month), "bullets": bullets, "keep": keep_words,
    })
    return env


def lines(text: str) -> markupsafe.Markup:
    """Text with its line breaks kept (a heading written on two lines in the table declaration)."""
    return markupsafe.Markup("<br>".join(str(markupsafe.escape(part)) for part in str(text).split("\n")))


def stylesheet(names: tuple[str, ...]) -> str:
    """The stylesheets under templates/, in order, as one text (inlined: a page needs no other file)."""
    return "\n".join((TEMPLATES / n).read_text(encoding="utf-8") for n in names)


def page(template: str, stylesheets: tuple[str, ...], **context) -> str:
    """A document's HTML: ``template`` (which extends base.html.j2) with its stylesheets inlined."""
    return environment().get_template(template).render(css=markupsafe.Markup(stylesheet(stylesheets)), **context)


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


def write_pdf(html: str, out: Path, *, base: Path, allowed: tuple[Path, ...], title: str, document_date: dt.date,
              versions: dict[str, str], author: str):
    """Render ``html`` to ``out`` reproducibly; returns the fetcher so callers can see what it refused."""
    import weasyprint

    fetcher = safe_fetcher(*allowed)
    stamp = document_date.isoformat()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(document_date, dt.time(), dt.timezone.utc).timestamp()))
    doc = weasyprint.HTML(string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=fetcher).render()
    doc.metadata.title = title
    doc.metadata.authors = [author]
    doc.metadata.created = stamp
    doc.metadata.modified = stamp
    doc.metadata.generator = f"kyosai-reports {versions['code']}"
    doc.metadata.keywords = [f"code:{versions['code']}", f"data-sha256:{versions['data']}"]
    tmp = out.with_suffix(".pdf.tmp")
    identifier = hashlib.md5((versions["data"] + versions["code"]).encode()).hexdigest().encode()
    # PDF/UA-1: tagged (structure from the HTML, alt texts of the charts, document language ja from <html lang>),
    # bookmarks from the headings and the title shown as the window title (DisplayDocTitle)
    doc.write_pdf(tmp, pdf_identifier=identifier, pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    tmp.replace(out)
    return fetcher
