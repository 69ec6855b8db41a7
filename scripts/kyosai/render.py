"""HTML (Jinja2) → PDF (WeasyPrint): filters for the published number formats, a URL fetcher that
reads only the files a report is meant to read, and reproducible PDF metadata."""
from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import os
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
import markupsafe
from weasyprint.urls import URLFetcher, URLFetcherResponse

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
    })
    return env


class SafeFetcher(URLFetcher):
    """Serves file: URLs under the allowed folders only; refuses every other URL (http, https,
    data, file: elsewhere, redirects), so text from the data can never make the renderer read a file."""

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
            raise ValueError(f"refused to fetch {url}: only the report's templates and charts may be read")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})


def code_version() -> str:
    """The git commit the code comes from (with -dirty when the tree has changes), or 'unknown'."""
    try:
        rev = subprocess.run(["git", "describe", "--always", "--dirty", "--abbrev=12"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.strip()
        return rev or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def data_hash(paths: list[Path]) -> str:
    """sha256 over the input files' relative names and bytes, in sorted order."""
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda p: p.resolve().as_posix()):
        h.update(p.resolve().relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def write_pdf(html: str, out: Path, *, base: Path, charts: Path, title: str, document_date: dt.date,
              version: str, digest: str, author: str = "独立行政法人中小企業基盤整備機構") -> SafeFetcher:
    """Render ``html`` to ``out`` reproducibly; returns the fetcher so callers can see what it refused."""
    import weasyprint

    fetcher = SafeFetcher(TEMPLATES, charts)
    stamp = document_date.isoformat()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(document_date, dt.time(), dt.timezone.utc).timestamp()))
    doc = weasyprint.HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher).render()
    doc.metadata.title = title
    doc.metadata.authors = [author]
    doc.metadata.created = stamp
    doc.metadata.modified = stamp
    doc.metadata.generator = f"kyosai-reports {version}"
    doc.metadata.keywords = [f"code:{version}", f"data-sha256:{digest}"]
    tmp = out.with_suffix(".pdf.tmp")
    doc.write_pdf(tmp, pdf_identifier=hashlib.md5(digest.encode() + version.encode()).hexdigest().encode(),
                  uncompressed_pdf=False)
    tmp.replace(out)
    return fetcher
