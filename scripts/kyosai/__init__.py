"""Domain logic for the 小規模企業共済 publications (pure, importable, unit-tested).

The documents, each a package of this one (model, tables, charts, view; kyosai.document says the shape):
key (its data folder and package) → slug (its file names under reports/<FY>/).
"""
import importlib
import os

# openpyxl writes different (equally valid) bytes when lxml happens to be installed (the test set-up brings it, with
# pdfua): the workbooks are written by its own XML writer always, so the same data gives the same bytes on every
# machine (set before anything imports openpyxl).
os.environ["OPENPYXL_LXML"] = "False"

DOCUMENTS = {"unyo": "unyo-jokyo", "shikyuritsu": "shikyuritsu", "bunseki": "bunseki"}


def model_module(key: str):
    """kyosai.<key>.model: DATA_SECTIONS, years(data), build(data, fy). Light: the workflow plans with it, and
    nothing of the rendering (Jinja, WeasyPrint, openpyxl, matplotlib) is imported."""
    return importlib.import_module(f"kyosai.{key}.model")
