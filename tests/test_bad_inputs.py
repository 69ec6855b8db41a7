"""Malformed inputs a user really produces: each must stop the build with a message naming the file, the line and
the column (what to add, for a missing row), exit non-zero, print no traceback, and leave every file under reports/
as it was. The cases are the small files in tests/bad_inputs/: the file to alter, how, the target to build (the
FY2024 運用状況 unless the case says), and the message fragments that must appear.

Two stages run them, each case at the cheapest stage that shows it:

* the checking stage, in this process: every case that alters data/ is applied to a copy of data/ and must be
  refused by the checks of every document and year (scripts/check.py, `make check`: the checked reader and each
  model's checks), with every fragment of its message. The document jobs run the very same checks before they
  draw or render anything (scripts/document_job.py: dataio.load_all, then the model), so a case refused here is
  refused by the build with the same message;
* end to end, through Snakemake, in a copy of the session's clean build: the cases that alter something the checks
  do not read (config.yaml, a template), and one case of each kind of data stage (a cell, a missing row of a new
  year, a 支給率 and an earlier-year target), which prove that the build refuses through that same check, prints no
  traceback and leaves reports/ byte for byte as it was."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import check as check_script  # noqa: E402  (scripts/check.py)

CASES = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))
TARGET = "reports/2024/unyo-jokyo.pdf"
# the data cases that also run end to end, one of each kind: a cell, a whole file (its encoding), an earlier
# 運用状況 year, a 支給率 note, a new year with only its reports.csv row
END_TO_END_DATA = {"01_letter_o_in_amount", "32_utf16_file", "48_index_level_zero", "49_format_spec_in_a_note",
                   "60_new_year_with_only_its_reports_row"}


def load(case_file: Path) -> dict:
    return yaml.safe_load(case_file.read_text(encoding="utf-8"))


def checked_by_the_data_checks(case: dict) -> bool:
    """A case that alters data/ (the checks read all of it); config.yaml and templates/ are read by the build only."""
    return case["file"].startswith("data/")


IN_PROCESS = [c for c in CASES if checked_by_the_data_checks(load(c))]
END_TO_END = [c for c in CASES if not checked_by_the_data_checks(load(c)) or c.stem in END_TO_END_DATA]


def apply(root: Path, case: dict) -> bytes | None:
    """Alter one file as the case says; returns its original bytes (None if it did not exist)."""
    path = root / case["file"]
    original = path.read_bytes() if path.exists() else None
    if "extra_file" in case:              # a second file the case needs (a text file named like a font)
        name, content = case["extra_file"]
        (root / name).write_text(content, encoding="utf-8")
    if case.get("delete"):
        path.unlink()
    elif case.get("folder"):              # a folder where the file should be (a zip unpacked in place)
        path.unlink()
        path.mkdir()
        (path / path.name).write_bytes(original)
    elif "symlink_to" in case:            # the file replaced by a link to another (relative to the file's folder)
        path.unlink()
        path.symlink_to(case["symlink_to"])
    elif "grow_to_bytes" in case:         # a file grown to a size (sparse: the check must refuse it unread)
        with open(path, "ab") as f:
            f.truncate(case["grow_to_bytes"])
    elif "create" in case:
        path.write_text(case["create"], encoding="utf-8")
    elif "encode" in case:
        path.write_bytes(original.decode("utf-8").encode(case["encode"]))
    else:
        text = original.decode("utf-8")
        if "replace" in case:
            old, new = case["replace"]
            new = new.replace("$MATPLOTLIB_FONTS", matplotlib_fonts())   # a font every set-up has (DejaVu Sans)
            assert old in text, f"{case['file']} does not contain {old!r}: update the case"
            text = text.replace(old, new, 1)
        elif "regex" in case:
            pattern, new = case["regex"]
            flags = re.M
            if case.get("first_line_only"):
                head, _, rest = text.partition("\n")
                text = re.sub(pattern, new, head, count=1) + "\n" + rest
            else:
                text, n = re.subn(pattern, new, text, count=1, flags=flags)
                assert n == 1, pattern
        elif "delete_line_containing" in case:
            lines = text.splitlines(keepends=True)
            kept = [line for line in lines if case["delete_line_containing"] not in line]
            assert len(kept) == len(lines) - 1
            text = "".join(kept)
        if "replace_also" in case:
            old, new = case["replace_also"]
            assert old in text, f"{case['file']} does not contain {old!r}: update the case"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return original


def matplotlib_fonts() -> str:
    import matplotlib
    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")


def restore(root: Path, case: dict, original: bytes | None) -> None:
    if "extra_file" in case:
        (root / case["extra_file"][0]).unlink(missing_ok=True)
    path = root / case["file"]
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        import shutil
        shutil.rmtree(path)
    if original is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(original)


def test_there_are_at_least_60_cases_and_each_runs_at_a_stage():
    assert len(CASES) >= 60
    assert set(IN_PROCESS) | set(END_TO_END) == set(CASES)
    assert END_TO_END_DATA <= {c.stem for c in CASES}
    assert len(END_TO_END) >= 5 and any(checked_by_the_data_checks(load(c)) for c in END_TO_END)


@pytest.fixture
def data_root(tmp_path):
    """A project root with a copy of data/ only: what the checks read."""
    import shutil
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


@pytest.mark.parametrize("case_file", IN_PROCESS, ids=[c.stem for c in IN_PROCESS])
def test_bad_data_is_refused_by_the_checks(data_root, case_file, capsys):
    case = load(case_file)
    apply(data_root, case)
    problems = check_script.check(data_dir=data_root / "data")
    capsys.readouterr()
    assert problems, f"{case['why']}: the checks found nothing"
    message = "\n".join(problems)
    for fragment in case["expect"]:
        assert fragment in message, f"{case['why']}: {fragment!r} not in the problems:\n{message[-3000:]}"
    for fragment in case.get("absent", []):
        assert fragment not in message, f"{case['why']}: {fragment!r} in the problems:\n{message[-3000:]}"


@pytest.fixture(scope="module")
def workspace(built_copy):
    return built_copy("bad-inputs")   # every document built, so that each case's target has its last good outputs


@pytest.mark.parametrize("case_file", END_TO_END, ids=[c.stem for c in END_TO_END])
def test_bad_input_stops_the_build(workspace, case_file):
    case = load(case_file)
    before = workspace.digests()
    original = apply(workspace.path, case)
    try:
        result = workspace.snakemake(case.get("target", TARGET), cores=1)
    finally:
        restore(workspace.path, case, original)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case['why']}: the build did not fail"
    for fragment in case["expect"]:
        assert fragment in output, f"{case['why']}: {fragment!r} not in the output:\n{output[-3000:]}"
    for fragment in case.get("absent", []):
        assert fragment not in output, f"{case['why']}: {fragment!r} in the output:\n{output[-3000:]}"
    assert "Traceback (most recent call last)" not in output, f"{case['why']}: a traceback:\n{output[-3000:]}"
    assert workspace.digests() == before, "a failed build changed files under reports/"
