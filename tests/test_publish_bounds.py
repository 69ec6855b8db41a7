"""Issue #22 through Snakemake, on copies of the session's build: an immutable chart under reports/, the alias bomb
in config.yaml, a template that runs away (10⁶ rows, a loop of 10¹²), one bad cell, one document failing while the
others publish. Each exits non-zero within 60 s, names its file and line (or config key, or template), prints no
traceback, and leaves every file under reports/ byte-identical, but for the documents that built and were
published under keep-going (the last case: exactly those). The units: tests/test_bounds.py."""
from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from conftest import SNAKEMAKE
from test_bounds import BOMB, immutable

LIMIT = 60   # seconds: what the issue allows a refused run


@pytest.fixture(scope="module")
def ws(built_copy):
    """One copy for the module: each test restores what it changed, and none publishes (but the last, which has its
    own copy)."""
    return built_copy("publish-bounds")


def run(ws, *targets: str, limit: int = LIMIT) -> tuple[int, str, float]:
    """snakemake in the copy, killed (with all its jobs) past ``limit``: the return code, the console output, seconds."""
    start = time.monotonic()
    proc = subprocess.Popen([str(SNAKEMAKE), *targets], cwd=ws.path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        pytest.fail(f"still running after {limit} s:\n{out[-2000:]}")
    return proc.returncode, out, time.monotonic() - start


class Edited:
    """Files of the copy changed for one test, put back after it."""

    def __init__(self, ws):
        self.ws, self.saved = ws, {}

    def __call__(self, path: str, old: str, new: str) -> None:
        target = self.ws.path / path
        self.saved.setdefault(target, target.read_bytes())
        text = target.read_text(encoding="utf-8")
        assert old in text, old
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    def restore(self) -> None:
        for target, data in self.saved.items():
            target.write_bytes(data)


@pytest.fixture
def edit(ws):
    e = Edited(ws)
    yield e
    e.restore()


def refused(code: int, out: str, seconds: float) -> None:
    assert code != 0, out[-2000:]
    assert seconds < LIMIT
    assert "Traceback (most recent call last)" not in out, out[-3000:]


def test_an_immutable_chart_under_reports_stops_the_run_before_anything_changes(ws, edit):
    """Snakemake used to delete a document's files before its publish job, which then failed on the chart: 24 files
    lost. Now every file a publish would replace is checked when the run starts."""
    before = ws.digests()
    chart = sorted((ws.path / "reports" / "2025" / "shikyuritsu" / "charts").glob("*.svg"))[0]
    edit("data/shikyuritsu/rate_inputs.csv", "2025,entrusted_assets,28919", "2025,entrusted_assets,28920")
    undo = immutable(chart)
    try:
        code, out, seconds = run(ws)
        assert ws.digests() == before
    finally:
        undo()
    refused(code, out, seconds)
    assert f"reports/2025/shikyuritsu/charts/{chart.name} cannot be replaced (file read-only or immutable)" in out, out
    assert "Nothing was built and nothing under reports/ changed" in out


def test_the_alias_bomb_in_config_yaml_is_refused_at_once(ws, edit):
    before = ws.digests()
    edit("config.yaml", "unyo_years: all", BOMB + "unyo_years: *d")
    line = next(i for i, ln in enumerate((ws.path / "config.yaml").read_text(encoding="utf-8").splitlines(), 1)
                if ln.startswith("a: &a"))
    code, out, seconds = run(ws)
    refused(code, out, seconds)
    assert seconds < 20
    assert f"config.yaml, line {line} (key a): YAML anchors and aliases (&a) are not read" in out, out[-2000:]
    assert ws.digests() == before


@pytest.mark.parametrize("loop, what", [
    ("{% for i in range(1000) %}{% for j in range(1000) %}<table><tr><td>{{ j }}</td></tr></table>{% endfor %}"
     "{% endfor %}", "the page has more than 20,000 table rows"),
    ("{% for i in range(10**12) %}{{ i }}{% endfor %}", "range() of 1,000,000,000,000 numbers"),
], ids=["1e6-rows", "1e12-loop"])
def test_a_runaway_template_is_stopped_naming_it(ws, edit, loop, what):
    before = ws.digests()
    path = "templates/shikyuritsu/overview.html.j2"
    text = (ws.path / path).read_text(encoding="utf-8")
    at = text.index("<ul")
    lineno = text[:at].count("\n") + 1
    edit(path, "<ul", loop + "<ul")
    code, out, seconds = run(ws, "reports/2025/shikyuritsu.pdf")
    refused(code, out, seconds)
    assert f"templates/shikyuritsu/overview.html.j2, line {lineno}: stopped: {what}" in out, out[-2000:]
    assert "  - reports/2025/shikyuritsu.pdf and all its files: document failed" in out, out[-2000:]
    assert ws.digests() == before


def test_one_bad_cell_is_said_once_in_under_2_kb(ws, edit):
    before = ws.digests()
    edit("data/unyo/market_indices.csv", "26094.50", "26O94.50")
    code, out, seconds = run(ws)
    refused(code, out, seconds)
    problem = "column value: '26O94.50': expected a number"
    assert out.count(problem) == 1, out
    assert "data/unyo/market_indices.csv, line " in out
    assert len(out.encode("utf-8")) < 2048, f"{len(out.encode('utf-8'))} bytes:\n{out}"
    assert ws.digests() == before


def test_one_document_failing_does_not_stop_the_others_from_being_published(built_copy):
    """keep-going: the analysis pack (edited) is published, the 支給率 (a template typo) keeps its files, and the
    summary says which and why. Exactly the analysis pack's files change under reports/."""
    ws = built_copy("keep-going")
    e = Edited(ws)
    e("templates/bunseki/rates.html.j2", "<h2", "<!-- edited --><h2")
    e("templates/shikyuritsu/overview.html.j2", "<ul", "{{ doc.title }<ul")
    before = ws.digests()
    code, out, seconds = run(ws, limit=900)    # it builds the analysis pack: no bound but the suite's
    after = ws.digests()
    assert code != 0 and "Traceback (most recent call last)" not in out, out[-3000:]
    changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
    assert changed and all(name.startswith(("2022/bunseki", "2024/bunseki")) for name in changed), sorted(changed)
    assert "2024/bunseki.html" in changed and any(name.startswith("2022/bunseki") for name in changed), sorted(changed)
    assert "templates/shikyuritsu/overview.html.j2, line" in out
    assert ("Published (3), each with all its files together:\n"
            "  + reports/2022/bunseki.pdf and all its files\n"
            "  + reports/2024/bunseki.pdf and all its files\n"
            "  + reports/2024/bunseki-diff.pdf and its diff/\n"
            "Not published (1); their previous files are kept as they were:\n"
            "  - reports/2025/shikyuritsu.pdf and all its files: document failed") in out, out[-3000:]
