"""Domain logic for the 小規模企業共済 publications (pure, importable, unit-tested).

The documents, each a package of this one (model, tables, charts, view; kyosai.document says the shape), are
declared once, in kyosai.documents.
"""
import os

# openpyxl writes different (equally valid) bytes when lxml happens to be installed (the test set-up brings it, with
# pdfua): the workbooks are written by its own XML writer always, so the same data gives the same bytes on every
# machine (set before anything imports openpyxl).
os.environ["OPENPYXL_LXML"] = "False"
