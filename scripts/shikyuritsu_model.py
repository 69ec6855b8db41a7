"""Snakemake: check data/ and compute the model of one 支給率 document (付加共済金の支給率について)."""
import pickle
from pathlib import Path

from _common import fail_on_data_errors
from kyosai import dataio, shikyuritsu_view


def main(snakemake):
    fy = int(snakemake.wildcards.fy)
    model = shikyuritsu_view.build_document(dataio.load_all(), fy)
    out = Path(snakemake.output.model)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pickle.dumps(model))


fail_on_data_errors(lambda: main(snakemake))  # noqa: F821 (injected by Snakemake)
