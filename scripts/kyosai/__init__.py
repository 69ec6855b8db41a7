"""Domain logic for the 小規模企業共済 publications (pure, importable, unit-tested).

The documents, each a package of this one (model, tables, charts, view; kyosai.document says the shape):
key (its data folder and package) → slug (its file names under reports/<FY>/).
"""
DOCUMENTS = {"unyo": "unyo-jokyo", "shikyuritsu": "shikyuritsu", "bunseki": "bunseki"}
