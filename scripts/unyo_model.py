"""Snakemake: check data/ and compute the 運用状況 report model of one fiscal year."""
import pickle
from pathlib import Path

from _common import fail_on_data_errors
from kyosai import dataio, unyo


def main(snakemake):
    fy = int(snakemake.wildcards.fy)
    model = unyo.build_report(dataio.load_all(), fy)
    out = Path(snakemake.output.model)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pickle.dumps(model))


fail_on_data_errors(lambda: main(snakemake))  # noqa: F821 (injected by Snakemake)
