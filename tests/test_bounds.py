"""Bounded edges (issue #22), in the fast lane: a document published whole or not at all (kyosai.publish), YAML
without anchors or aliases (kyosai.yamlguard: the alias bomb), templates stopped past a bound of rows, range or
time with their name and line (kyosai.render), each job under its own memory and time limit (scripts/_job.py),
and a problem the check finds in several documents listed once (scripts/check.py).
The same cases through Snakemake: tests/test_publish_bounds.py."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from conftest import ROOT

from kyosai import config as config_check  # noqa: E402
from kyosai import publish, published, render  # noqa: E402


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def immutable(path: Path):
    """``path`` made unreplaceable: chattr +i for root (whom permissions do not stop), chmod a-w for a user."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o444)
        return lambda: path.chmod(mode)
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.fail(f"chattr +i {path} failed ({made.stderr.strip()}): the test would prove nothing")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture
def document(tmp_path):
    """A staged document (build/) and its previous edition (reports/): a PDF, a workbook and a folder of charts."""
    staged, reports = tmp_path / "build", tmp_path / "reports"
    for root, text in ((staged, "new"), (reports / "2025", "old")):
        (root / "shikyuritsu" / "charts").mkdir(parents=True)
        (root / "shikyuritsu.pdf").write_text(f"{text} pdf")
        (root / "shikyuritsu.xlsx").write_text(f"{text} workbook")
        for i in range(3):
            (root / "shikyuritsu" / "charts" / f"c{i}.svg").write_text(f"{text} chart {i}")
    (staged / "shikyuritsu" / "charts" / ".snakemake_timestamp").write_text("")
    (reports / "2025" / "shikyuritsu" / "charts" / "gone.svg").write_text("a chart the new build no longer draws")
    pairs = [(staged / name, reports / "2025" / name)
             for name in ("shikyuritsu.pdf", "shikyuritsu.xlsx", "shikyuritsu/charts")]
    return pairs, reports


def test_a_document_is_published_whole_and_nothing_else_is_left(document):
    pairs, reports = document
    assert publish.publish(pairs, reports) == [str(t) for _, t in pairs]
    assert digests(reports) == {
        "2025/shikyuritsu.pdf": hashlib.sha256(b"new pdf").hexdigest(),
        "2025/shikyuritsu.xlsx": hashlib.sha256(b"new workbook").hexdigest(),
        **{f"2025/shikyuritsu/charts/c{i}.svg": hashlib.sha256(f"new chart {i}".encode()).hexdigest() for i in range(3)}}
    assert [p.name for p in reports.iterdir()] == ["2025"]          # no staging folder left behind


def test_an_immutable_chart_stops_the_publish_before_anything_changes(document):
    pairs, reports = document
    before = digests(reports)
    chart = reports / "2025" / "shikyuritsu" / "charts" / "c1.svg"
    undo = immutable(chart)
    try:
        with pytest.raises(publish.PublishError) as exc:
            publish.publish(pairs, reports)
        assert publish.unreplaceable([reports / "2025" / "shikyuritsu"]) == exc.value.problems
    finally:
        undo()
    assert exc.value.problems == [f"{chart} cannot be replaced (file read-only or immutable)"]
    assert digests(reports) == before
    assert [p.name for p in reports.iterdir()] == ["2025"]


def test_a_rename_that_fails_half_way_undoes_the_ones_made(document, monkeypatch):
    """A failure the check cannot foresee (the disk, another process): the two files already swapped go back."""
    pairs, reports = document
    before = digests(reports)
    real = os.rename

    def rename(src, dst):
        if Path(dst) == pairs[2][1] and Path(src).name.startswith("new-"):
            raise OSError(28, "No space left on device")
        return real(src, dst)
    monkeypatch.setattr(publish.os, "rename", rename)
    with pytest.raises(publish.PublishError) as exc:
        publish.publish(pairs, reports)
    monkeypatch.undo()
    assert exc.value.problems == [f"{pairs[2][1]} could not be replaced (No space left on device); nothing was "
                                  f"published, every file is as it was"]
    assert digests(reports) == before
    assert [p.name for p in reports.iterdir()] == ["2025"]


# ---------------------------------------------------------------- YAML: no anchors, no aliases

BOMB = "".join(["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
               + [f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]\n" for p, k in zip("abc", "bcd")])


def test_an_alias_bomb_in_the_config_is_refused_naming_its_line_and_key(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text((ROOT / "config.yaml").read_text(encoding="utf-8").replace(
        "unyo_years: all", "unyo_years: &years [2024, 2022]\nlater: *years"), encoding="utf-8")
    line = next(i for i, ln in enumerate(config.read_text(encoding="utf-8").splitlines(), 1) if "&years" in ln)
    schema = config_check.load_schema(ROOT / "schemas" / "config.schema.yaml")
    start = time.monotonic()
    with pytest.raises(config_check.ConfigError) as exc:
        config_check.check_file(config, schema, name="config.yaml")
    assert time.monotonic() - start < 2
    assert exc.value.problems == [f"config.yaml, line {line} (key unyo_years): YAML anchors and aliases (&years) are "
                                  f"not read: a few of them can stand for billions of values. Write the value out"]


def test_an_archive_yaml_with_aliases_is_refused(tmp_path):
    (tmp_path / "archive.yaml").write_text(BOMB + "kind: seed\nseed: '000'\ndocument: *d\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"archive\.yaml, line 1 \(key a\): YAML anchors and aliases \(&a\)"):
        published.manifest(tmp_path)


# ---------------------------------------------------------------- templates: bounded rows, range and time

RUNAWAY = {
    "rows.html.j2": "<table>\n{% for i in range(1000) %}\n{% for j in range(1000) %}<tr><td>{{ i * j }}</td></tr>\n"
                    "{% endfor %}{% endfor %}\n</table>\n",
    "range.html.j2": "<p>\n{% for i in range(10**12) %}{{ i }}{% endfor %}\n</p>\n",
    "time.html.j2": "<p>\n\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n</p>\n",
}


@pytest.mark.parametrize("name, line, what, seconds", [
    ("rows.html.j2", 3, "the page has more than 20,000 table rows, more than a document prints", 15),
    ("range.html.j2", 2, "range() of 1,000,000,000,000 numbers, more than the 100,000 a template may loop over", 10),
    ("time.html.j2", 3, "rendering ran past 1 s", 15),
])
def test_a_runaway_template_is_stopped_naming_it_and_its_line(tmp_path, monkeypatch, name, line, what, seconds):
    for n, text in RUNAWAY.items():
        (tmp_path / n).write_text(text, encoding="utf-8")
    monkeypatch.setattr(render, "TEMPLATES", tmp_path)
    monkeypatch.setattr(render, "MAX_SECONDS", 1)
    start = time.monotonic()
    with pytest.raises(render.TemplateLimit) as exc:
        render.page(name, ())
    assert time.monotonic() - start < seconds
    assert str(exc.value) == f"{tmp_path / name}, line {line}: stopped: {what}; is a loop running on?"


# ---------------------------------------------------------------- a job's own memory and time

def job(tmp_path, body: str, mem_mb: int = 800, runtime: float = 1) -> tuple[subprocess.CompletedProcess, str]:
    log = tmp_path / "job.log"
    code = (f"import sys, types, time\nsys.path.insert(0, {str(ROOT / 'scripts')!r})\nimport _job\n"
            f"sm = types.SimpleNamespace(log=[{str(log)!r}], rule='pdf', wildcards={{'fy': '2025', 'slug': 'shikyuritsu'}},"
            f" resources=types.SimpleNamespace(mem_mb={mem_mb}, runtime={runtime}))\n"
            f"def main(_):\n    {body}\n_job.run(sm, main)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    return result, log.read_text(encoding="utf-8")


def test_a_job_past_its_memory_is_stopped_with_a_message(tmp_path):
    result, log = job(tmp_path, "x = bytearray(4_000_000_000)")
    assert result.returncode == 1 and result.stderr == ""
    assert "pdf shikyuritsu FY2025: stopped, it needed more than its 800 MB of memory (the rule's resources: " \
           "mem_mb); nothing was published" in log and "Traceback" not in log


def test_a_job_past_its_time_is_stopped_with_a_message(tmp_path):
    start = time.monotonic()
    result, log = job(tmp_path, "time.sleep(60)", runtime=0.05)    # 3 s
    assert result.returncode == 1 and time.monotonic() - start < 30
    assert "pdf shikyuritsu FY2025: stopped after 3 s, its time limit (the rule's resources: runtime); nothing was " \
           "published." in log


# ---------------------------------------------------------------- the check: each problem once

def test_a_problem_several_documents_meet_is_listed_once():
    import check
    assert check.once(["unyo-jokyo 2024: data/unyo/holdings.csv, line 6: x", "bunseki 2024: data/unyo/holdings.csv, "
                           "line 6: x", "data/common/eras.csv: y"]) == [
        "data/unyo/holdings.csv, line 6: x (unyo-jokyo 2024, bunseki 2024)", "data/common/eras.csv: y"]


def test_an_alias_in_the_data_descriptor_is_refused_with_its_line(tmp_path):
    """data/datapackage.yaml is read with the same bound as config.yaml: an alias bomb there is a data message."""
    from kyosai import dataio
    text = (ROOT / "data" / "datapackage.yaml").read_text(encoding="utf-8")
    bomb = "x0: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nx1: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    (tmp_path / "datapackage.yaml").write_text(bomb + text, encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(dataio.DataError) as exc:
        dataio.load_descriptor(tmp_path / "datapackage.yaml")
    assert time.monotonic() - start < 5
    assert exc.value.problems == [f"{tmp_path / 'datapackage.yaml'}, line 1 (key x0): YAML anchors and aliases (&a) are "
                                  "not read: a few of them can stand for billions of values. Write the value out"]
