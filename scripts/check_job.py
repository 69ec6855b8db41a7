"""Snakemake: the data of every document and year checked once, before any document job starts (scripts/check.py's
check). Its problems are reported once, by this job (scripts/_job.py), and no document is built; its verdict,
build/checked.txt, is what the document jobs wait for. A problem that several documents meet (the analysis pack
reads the 運用状況's data) is listed once, with the documents it stops."""
import re
from pathlib import Path

from _job import run
from check import check
from kyosai.dataio import DataError


def once(problems: list[str]) -> list[str]:
    """Each problem once: "unyo-jokyo 2024: X" and "bunseki 2024: X" become "X (unyo-jokyo 2024, bunseki 2024)"."""
    found: dict[str, list[str]] = {}
    for p in problems:
        m = re.match(r"^([\w-]+ \d{4}): (.*)$", p, re.S)
        what, who = (m[2], m[1]) if m else (p, None)
        found.setdefault(what, [])
        if who:
            found[what].append(who)
    return [what + (f" ({', '.join(who)})" if who else "") for what, who in found.items()]


def main(snakemake):
    problems = check()
    if problems:
        raise DataError(once(problems))
    Path(snakemake.output[0]).write_text("the data of every document and year: no problem\n", encoding="utf-8")


if "snakemake" in globals():  # run by Snakemake (a test imports once())
    run(snakemake, main)  # noqa: F821 (injected by Snakemake)
