"""Malformed inputs a user really produces, run through the real pipeline (Snakemake): each must
stop the build with a message naming the file, the line and the column (what to add, for a missing
row), exit non-zero, print no traceback, and leave every file under reports/ as it was. The cases are
the small files in tests/bad_inputs/: the file to alter, how, the target to build (the FY2024
運用状況 unless the case says), and the message fragments that must appear."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

CASES = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))
TARGET = "reports/2024/unyo-jokyo.pdf"


@pytest.fixture(scope="module")
def workspace(workspace_factory):
    ws = workspace_factory("bad-inputs")
    result = ws.snakemake()   # every document, so that each case's target has its last good outputs
    assert result.returncode == 0, result.stderr
    return ws


def apply(ws, case: dict) -> bytes | None:
    """Alter one file as the case says; returns its original bytes (None if it did not exist)."""
    path = ws.path / case["file"]
    original = path.read_bytes() if path.exists() else None
    if case.get("delete"):
        path.unlink()
    elif "create" in case:
        path.write_text(case["create"], encoding="utf-8")
    elif "encode" in case:
        path.write_bytes(original.decode("utf-8").encode(case["encode"]))
    else:
        text = original.decode("utf-8")
        if "replace" in case:
            old, new = case["replace"]
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


def restore(ws, case: dict, original: bytes | None) -> None:
    path = ws.path / case["file"]
    if original is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(original)


def test_there_are_at_least_30_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_bad_input_stops_the_build(workspace, case_file):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    before = workspace.digests()
    original = apply(workspace, case)
    try:
        result = workspace.snakemake(case.get("target", TARGET), cores=1)
    finally:
        restore(workspace, case, original)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case['why']}: the build did not fail"
    for fragment in case["expect"]:
        assert fragment in output, f"{case['why']}: {fragment!r} not in the output:\n{output[-3000:]}"
    assert "Traceback (most recent call last)" not in output, f"{case['why']}: a traceback:\n{output[-3000:]}"
    assert workspace.digests() == before, "a failed build changed files under reports/"
