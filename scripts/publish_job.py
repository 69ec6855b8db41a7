"""Snakemake: publish a document's staged files (or its comparison's) to reports/, all together or not at all
(kyosai.publish: checked first, staged inside reports/, swapped by renames, undone on failure). The rule's input and
output are named alike: input.pdf is put at output.pdf, and so on."""
from _job import run
from kyosai import publish


def main(snakemake):
    pairs = [(snakemake.input[name], snakemake.output[name]) for name in snakemake.output.keys()]
    for target in publish.publish(pairs):
        print(f"published {target}")


run(snakemake, main)  # noqa: F821 (injected by Snakemake)
