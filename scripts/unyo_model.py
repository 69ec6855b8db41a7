"""Snakemake: check data/ and compute the 運用状況 report model of one fiscal year."""
from _common import write_model
from kyosai import unyo

write_model(snakemake, unyo.build_report, sections=("common", "unyo"))  # noqa: F821 (injected by Snakemake)
