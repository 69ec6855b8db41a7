"""Shared fixtures: the checked data, the report models, and the built reports."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from kyosai import dataio, unyo  # noqa: E402

SNAKEMAKE = Path(sys.executable).parent / "snakemake"


@pytest.fixture(scope="session")
def tables():
    return dataio.load_all()


@pytest.fixture(scope="session")
def model2024(tables):
    return unyo.build_report(tables, 2024)


@pytest.fixture(scope="session")
def model2022(tables):
    return unyo.build_report(tables, 2022)


@pytest.fixture(scope="session")
def built():
    """Build every report with the README's command (a no-op when they are up to date)."""
    result = subprocess.run([str(SNAKEMAKE), "--cores", "2", "--quiet", "all"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return ROOT / "reports"
