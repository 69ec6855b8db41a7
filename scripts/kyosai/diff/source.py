"""What a comparison compares: the previous report's tables as published, where there is an archive of them
(reports/<FY>/published/<slug>/, kyosai.published: a seed's figures as printed, or a build someone accepted),
else the previous report as rebuilt from today's data, said so; the cells of the archive that its document does not
print (archive.yaml ``not_printed``: 001 prints no 前年同期比, which this project computes for FY2022); and the
SHA-256 of both reports' PDFs, read from the files."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .. import published


def previous(reports: Path, build: Path, fy: int, doc: str) -> dict:
    """The tables a comparison takes for the report of ``fy`` (the previous report's year): ``folder`` (the
    archive, or build/<FY>/<slug>/tables), ``archived`` and a sentence saying which (``text``), and the archive's
    ``not_printed`` entries."""
    archive = published.archive_of(reports, fy, doc)
    slug = archive.name
    if (archive / published.MANIFEST).is_file():
        m = published.manifest(archive)
        return {"folder": archive, "archived": True, "not_printed": not_printed(m, archive),
                "publication_sha256": m.get("publication_sha256"),
                "text": f"前回の報告の数値は公表済みの表（reports/{fy}/published/{slug}/、{published.label(m)}）。"}
    return {"folder": Path(build) / str(fy) / slug / "tables", "archived": False, "not_printed": [],
            "text": f"前回の報告の数値は、公表済みの表（reports/{fy}/published/{slug}/）がないため再作成した表"
                    f"（公表時の数値ではない）。"}


def not_printed(m: dict, where: Path) -> list[dict]:
    """archive.yaml's ``not_printed``: the cells of its tables that the document does not print, each entry a
    table and the values of columns that pick its rows (item: [income_change, yield_change]) and, optionally,
    ``columns``, the cells of those rows (all compared cells when not given)."""
    out = []
    for i, entry in enumerate(m.get("not_printed") or []):
        if not isinstance(entry, dict) or not entry.get("table"):
            raise ValueError(f"{where / published.MANIFEST}: not_printed entry {i + 1} needs a table")
        rows = {k: [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in entry.items()
                if k not in ("table", "columns", "why")}
        out.append({"table": entry["table"], "rows": rows, "columns": list(entry.get("columns") or [])})
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def pdf_named(path: Path, name: str) -> dict:
    """A report's PDF as the comparison names it: its published name and the SHA-256 of its bytes (the file staged
    in build/ is the one published to reports/: the same bytes)."""
    return {"name": name, "sha256": sha256(path)}


def said(was: dict, old_pdf: dict) -> str:
    """previous's sentence, and, where the archive was accepted as a PDF other than the previous report's PDF as it
    is built today (archive.yaml's publication_sha256 against the file's), that the two differ: the figures
    compared are the accepted publication's, the PDF named is today's."""
    accepted = was.get("publication_sha256")
    if not accepted or accepted == old_pdf["sha256"]:
        return was["text"]
    return (was["text"] + f"受理した公表版のPDF（SHA-256 {accepted}）は、今の{old_pdf['name']}とは異なるファイルです"
            "（数値は受理した公表版の表）。")
