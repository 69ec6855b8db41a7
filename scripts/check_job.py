"""Snakemake: the data of every document and year checked once, before any document job starts (scripts/check.py's
check). Its problems are reported once, by this job (scripts/_job.py), and no document is built; its verdict,
build/checked.txt, is what the document jobs wait for."""
from pathlib import Path

from _job import run
from check import check
from kyosai.dataio import DataError


def main(snakemake):
    problems = check()
    if problems:
        raise DataError(problems)
    Path(snakemake.output[0]).write_text("the data of every document and year: no problem\n", encoding="utf-8")


run(snakemake, main)  # noqa: F821 (injected by Snakemake)
