"""Snakemake: check data/ and compute the model of one 支給率 document (付加共済金の支給率について)."""
from _common import write_model
from kyosai import shikyuritsu_view

write_model(snakemake, shikyuritsu_view.build_document, sections=("common", "shikyuritsu"))  # noqa: F821
