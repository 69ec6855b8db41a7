"""Shared fixtures: the checked data, the document models, and the built documents.

Two lanes (README, "Tests"): the fast lane (`pytest -m "not e2e"`, make test-fast) runs the unit and model
tests; the end-to-end lane builds documents through Snakemake. A test is end to end when it uses a built
tree (the fixtures below that run Snakemake) or is marked ``e2e``."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

os.environ["OPENPYXL_LXML"] = "False"       # as kyosai does: the workbooks' bytes never depend on lxml being installed
from kyosai import dataio  # noqa: E402
from kyosai.documents import DOCUMENTS  # noqa: E402

SNAKEMAKE = Path(sys.executable).parent / "snakemake"
RUNTIME_ONLY = ROOT / "tests" / "runtime_only"   # sitecustomize.py: only what `make setup` installs can be imported
BUILDS = {"built", "clean_build", "built_copy", "workspace_factory"}   # fixtures that run Snakemake (or copy a build)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BUILDS & set(item.fixturenames):
            item.add_marker(pytest.mark.e2e)
    # (speed) the fast lane first, then the end-to-end lane, each in the files' order: a unit failure shows in
    # seconds, before the first build (a file with tests of both lanes is listed once in each)
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


class FileProgress:
    """One line per test file as it finishes: its name, how many passed and failed, and its seconds (wall time,
    its module fixtures' builds included), so that a long run says where it is."""

    def __init__(self, config):
        self.config, self.started, self.counts = config, None, {}

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        if self.started is None:
            self.started, self.counts = time.monotonic(), {}
        yield
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None and (nextitem is None or nextitem.path != item.path):
            counts = ", ".join(f"{n} {what}" for what, n in self.counts.items() if n or what in ("passed", "failed"))
            line = f"{item.path.relative_to(ROOT).as_posix()}: {counts}, {time.monotonic() - self.started:.1f} s"
            tw = reporter._tw   # after the file's dots, on their line when it fits (pytest's own -q layout)
            if tw.width_of_current_line and tw.width_of_current_line + len(line) + 3 > tw.fullwidth:
                tw.line()
            tw.line(f"  {line}")
            reporter.currentfspath = None
            self.started = None

    def pytest_runtest_logreport(self, report):
        for what in ("passed", "failed"):
            self.counts.setdefault(what, 0)
        if report.when == "call" or report.outcome != "passed":
            what = "error" if report.failed and report.when != "call" else report.outcome
            self.counts[what] = self.counts.get(what, 0) + 1


def pytest_configure(config):
    config.pluginmanager.register(FileProgress(config), "kyosai-file-progress")


# ---------------------------------------------------------------- (speed) the benchmark's smoke run, in the background
# bench/run.py --smoke is the suite's longest test and mostly one core's work (a serial replay, Snakemake's start-ups,
# chains of jobs): when it is among the tests to run, it starts as soon as they are collected, beside the others, and
# tests/test_workflow.py, test_benchmark_smoke_run, waits for it (``smoke_run``) and asserts on its output as before.
SMOKE_TEST = "tests/test_workflow.py::test_benchmark_smoke_run"
SMOKE_COMMAND = [sys.executable, "bench/run.py", "--smoke", "--cores", "2"]
SMOKE_KEY = pytest.StashKey[tuple]()


def pytest_collection_finish(session):
    if session.config.option.collectonly or not any(item.nodeid == SMOKE_TEST for item in session.items):
        return
    out, err = tempfile.TemporaryFile("w+", encoding="utf-8"), tempfile.TemporaryFile("w+", encoding="utf-8")
    proc = subprocess.Popen(SMOKE_COMMAND, cwd=ROOT, stdout=out, stderr=err, text=True, start_new_session=True)
    session.config.stash[SMOKE_KEY] = (proc, out, err)


def pytest_sessionfinish(session):
    """A smoke run nobody waited for (-x, an interrupted session) is stopped, its temporary copy removed."""
    proc, out, err = session.config.stash.get(SMOKE_KEY, (None, None, None))
    if proc is not None and proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture
def smoke_run(request) -> subprocess.CompletedProcess:
    """The smoke run's exit code and output (waited for; run here if it was not started in the background)."""
    started = request.config.stash.get(SMOKE_KEY, None)
    if started is None:
        return subprocess.run(SMOKE_COMMAND, cwd=ROOT, capture_output=True, text=True)
    proc, out, err = started
    proc.wait()
    out.seek(0)
    err.seek(0)
    return subprocess.CompletedProcess(SMOKE_COMMAND, proc.returncode, out.read(), err.read())


@pytest.fixture(scope="session")
def tables():
    return dataio.load_all()


# fixture name → (document key, fiscal year): the models the tests read, each built once per session
MODELS = {"model2024": ("unyo", 2024), "model2022": ("unyo", 2022), "shikyuritsu2025": ("shikyuritsu", 2025),
          "bunseki2024": ("bunseki", 2024), "bunseki2022": ("bunseki", 2022)}


def model_fixture(name):
    key, fy = MODELS[name]

    @pytest.fixture(scope="session", name=name)
    def built_model(tables):
        return DOCUMENTS[key].model.build(tables, fy)
    return built_model


for _name in MODELS:  # the model of each document and year, built once per session: model2024, bunseki2022, ...
    globals()[_name] = model_fixture(_name)


@pytest.fixture
def data_copy(tmp_path):
    """A copy of data/ to break."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def rate_rows_changed(rows, fy: int, column: str, value, **where):
    """A copy of a 支給率 table's rows (dataio.Rows) with ``column`` of its one row of rate year ``fy`` matching
    ``where`` set to ``value`` (a synthetic year made in memory)."""
    out = dataio.Rows(dict(r) for r in rows)
    match = [r for r in out if r["rate_fiscal_year"] == fy and all(r[c] == v for c, v in where.items())]
    assert len(match) == 1, where
    match[0][column] = value
    return out


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file by `new` (which must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


WORKSPACE_PARTS = ["Snakefile", "rules", "config.yaml", "environment.yml", "schemas", "profiles", "report", "data",
                   "scripts", "templates"]


class Workspace:
    """A copy of the project in a temporary folder, for builds with altered data (``copy=False``: ``path`` already
    holds one)."""

    def __init__(self, path: Path, copy: bool = True):
        self.path = path
        for part in WORKSPACE_PARTS if copy else ():
            src = ROOT / part
            if src.is_dir():
                shutil.copytree(src, path / part, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(src, path / part)

    def snakemake(self, *targets: str, cores: int = 2, runtime_only: bool = False) -> subprocess.CompletedProcess:
        """Runs Snakemake here; ``runtime_only``: with the runtime's packages alone (tests/runtime_only), as on a
        machine that ran only `make reports`."""
        env = {**os.environ, "PYTHONPATH": str(RUNTIME_ONLY)} if runtime_only else None
        return subprocess.run([str(SNAKEMAKE), "--cores", str(cores), *targets], cwd=self.path,
                              capture_output=True, text=True, env=env)

    def digests(self, folder: str = "reports") -> dict[str, str]:
        root = self.path / folder
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def workspace_factory(tmp_path_factory):
    """A fresh copy of the project's sources, nothing built (for a clean build, or a build of a changed project)."""
    def make(name: str) -> Workspace:
        return Workspace(tmp_path_factory.mktemp(name))
    return make


@pytest.fixture(scope="session")
def clean_build(workspace_factory) -> Workspace:
    """THE clean build of the session: every document and edition built from nothing with the README's command, in a
    copy of the project, once. Tests read it (``built``) or work on copies of it (``built_copy``); none changes it."""
    ws = workspace_factory("clean")
    result = ws.snakemake(runtime_only=True)     # the README's build needs nothing beyond `make setup`
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return ws


@pytest.fixture(scope="session")
def built(clean_build) -> Path:
    """reports/ of the session's clean build (read only)."""
    return clean_build.path / "reports"


@pytest.fixture(scope="session")
def built_copy(clean_build, tmp_path_factory):
    """Copies of the session's clean build, for tests that alter and rebuild: the sources, reports/, build/ and
    Snakemake's records (.snakemake/) with their times, so that what was built stays built: a copy has nothing to
    do until something in it changes (tests/test_workflow.py, test_a_copy_of_a_build_has_nothing_to_do)."""
    def make(name: str) -> Workspace:
        dest = tmp_path_factory.mktemp(name) / "ws"
        shutil.copytree(clean_build.path, dest, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "locks"))
        return Workspace(dest, copy=False)
    return make
