"""Byte-identical builds, and rendering that reads nothing it was not meant to."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

from kyosai.render import TEMPLATES, safe_fetcher


def test_two_clean_builds_are_byte_identical(clean_build, workspace_factory):
    """The session's clean build and a second one from nothing, in another folder: the same bytes, every file."""
    second = workspace_factory("build-b")
    result = second.snakemake()
    assert result.returncode == 0, result.stderr
    a, b = clean_build.digests(), second.digests()
    assert any(name.endswith(".pdf") for name in a) and any(name.endswith(".svg") for name in a)
    assert {"2022/unyo-jokyo.html", "2024/unyo-jokyo.html", "2025/shikyuritsu.html", "2024/unyo-jokyo-diff.html"} <= set(a)
    assert a == b


def test_pdf_records_code_version_and_data_hash(built):
    meta = PdfReader(built / "2024" / "unyo-jokyo.pdf").metadata
    assert "code:" in meta["/Keywords"] and "data-sha256:" in meta["/Keywords"]
    assert meta["/CreationDate"].startswith("D:20250701")


PAYLOAD = '<img src="file:///etc/passwd"> & "quoted" <script>x</script>'


def test_injected_markup_is_printed_literally_and_reads_no_file(workspace_factory):
    ws = workspace_factory("injection")
    members = ws.path / "data" / "unyo" / "committee_members.csv"
    text = members.read_text(encoding="utf-8")
    first_name = text.splitlines()[1].split(",")[2]
    members.write_text(text.replace(first_name, '"' + PAYLOAD.replace('"', '""') + '"', 1), encoding="utf-8")
    texts = ws.path / "data" / "unyo" / "texts.csv"
    t = texts.read_text(encoding="utf-8")
    anchor = 'governance.body,2024,,"'
    assert anchor in t
    texts.write_text(t.replace(anchor, anchor + "<link rel=stylesheet href=http://example.invalid/x.css>", 1), encoding="utf-8")
    result = ws.snakemake("reports/2024/unyo-jokyo.pdf")
    assert result.returncode == 0, result.stderr
    pdf = "".join(p.extract_text() for p in PdfReader(ws.path / "reports/2024/unyo-jokyo.pdf").pages).replace("\n", "")
    assert '<img src="file:///etc/passwd">' in pdf
    assert "<script>x</script>" in pdf
    html = (ws.path / "build/2024/unyo-jokyo/unyo-jokyo.html").read_text(encoding="utf-8")
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html and "<img src=\"file:///etc/passwd\">" not in html
    standalone = (ws.path / "reports/2024/unyo-jokyo.html").read_text(encoding="utf-8")         # the HTML edition
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in standalone and "file:///etc/passwd\">" not in standalone
    assert "&lt;script&gt;x&lt;/script&gt;" in standalone and "<script" not in standalone
    assert "root:x:0:0" not in standalone
    assert "<link rel=stylesheet href=http://example.invalid/x.css>" in pdf
    assert "root:x:0:0" not in pdf


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    TEMPLATES.as_uri() + "/../../../../etc/passwd",
    "http://example.invalid/x.css",
    "https://example.invalid/x.png",
    "data:text/plain;base64,aGVsbG8=",
    "file://otherhost" + str(TEMPLATES / "report.css"),
])
def test_fetcher_refuses_anything_outside_the_allowed_folders(tmp_path, url):
    fetcher = safe_fetcher(tmp_path)
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_templates_and_charts(tmp_path):
    chart = tmp_path / "c.svg"
    chart.write_text("<svg/>", encoding="utf-8")
    fetcher = safe_fetcher(tmp_path)
    assert fetcher.fetch((TEMPLATES / "report.css").as_uri()).read().startswith(b"/*")
    assert fetcher.fetch(chart.as_uri()).read() == b"<svg/>"
    traversal = (tmp_path / ".." / tmp_path.name / "c.svg").as_uri()
    assert fetcher.fetch(traversal).read() == b"<svg/>"     # resolved path inside the folder: served
