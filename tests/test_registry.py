"""The one document registry (kyosai.documents): nothing else lists the documents or finds their modules, the config
schema's per-document settings are the registry's, and a new document is its package, its data folder, its
templates and one registry entry: the fixture document (tests/fixture_document/) builds through the real rules."""
from __future__ import annotations

import ast
import hashlib
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SNAKEMAKE
from kyosai import dataio, documents
from kyosai.documents import ENTRIES

REGISTRY = ROOT / "scripts" / "kyosai" / "documents.py"
NAMES = {name: e.key for e in ENTRIES for name in (e.key, e.slug)}   # a key or slug → its document
MODULE_PATH = re.compile(r"kyosai[./]\{")                           # f"kyosai.{key}.view", f"scripts/kyosai/{...}/"
QUOTED = re.compile(r"[\"'`]([a-z][a-z-]*)[\"'`]")
FIXTURE = ROOT / "tests" / "fixture_document"
ENTRY = ('    Entry("fixture", "fixture-doc", "試験用の資料", "The fixture document for fiscal year {fy} '
         '(tests/fixture_document)."),\n')


def generic_files() -> list[Path]:
    """The code that is not one document's own: the rules, the shared modules and jobs, the captions, the config
    schema, the benchmark and the tests' shared fixtures."""
    own = {ROOT / "scripts" / "kyosai" / e.key for e in ENTRIES}
    found = [ROOT / "Snakefile", *ROOT.glob("rules/*.smk"), *ROOT.glob("report/*.rst"), *ROOT.glob("schemas/*.yaml"),
             *ROOT.glob("bench/*.py"), ROOT / "tests" / "conftest.py"]
    found += [p for p in ROOT.glob("scripts/**/*.py") if p != REGISTRY and not own & set(p.parents)]
    return sorted(found)


def document_lists(path: Path, root: Path = ROOT) -> list[str]:
    """Where a file names documents itself: a module path built from a document's key, a literal (list, tuple, set,
    dict) naming two documents or more, and, outside Python, any document named in quotes (rules and captions are
    the same for every document), or a branch on a document's name."""
    text = path.read_text(encoding="utf-8")
    where = path.relative_to(root).as_posix()
    found = [f"{where}:{n}: builds a module path: {line.strip()}"
             for n, line in enumerate(text.splitlines(), 1) if MODULE_PATH.search(line)]
    if path.suffix == ".py":
        for node in ast.walk(ast.parse(text)):
            items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", None) \
                if isinstance(node, (ast.List, ast.Tuple, ast.Set)) else None
            named = {NAMES[i.value] for i in items or () if isinstance(i, ast.Constant) and i.value in NAMES}
            if len(named) >= 2:
                found.append(f"{where}:{node.lineno}: lists the documents {', '.join(sorted(named))}")
            if isinstance(node, ast.Compare) and any(isinstance(c, ast.Constant) and c.value in NAMES
                                                    for c in node.comparators):
                found.append(f"{where}:{node.lineno}: branches on a document's name")
    else:
        for n, line in enumerate(text.splitlines(), 1):
            named = {NAMES[m] for m in QUOTED.findall(line) if m in NAMES}
            if named:
                found.append(f"{where}:{n}: names {', '.join(sorted(named))}: {line.strip()}")
    return found


def test_no_code_outside_the_registry_lists_the_documents_or_finds_their_modules():
    found = [f for p in generic_files() for f in document_lists(p)]
    assert found == [], "\n".join(found)


def test_the_check_finds_what_it_looks_for(tmp_path):
    """The check above is not blind: the shapes main had before the registry are each found."""
    cases = {"a.py": 'DOCUMENTS = {"unyo": "unyo-jokyo", "shikyuritsu": "shikyuritsu"}\n'
                     'x = importlib.import_module(f"kyosai.{key}.view")\n'
                     'for s in ("unyo-jokyo", "bunseki"):\n    pass\n'
                     'if slug == "shikyuritsu":\n    pass\n',
             "b.smk": '    code=lambda w: modules_of(f"scripts/kyosai/{KEYS[w.slug]}/model.py"),\n',
             "c.rst": '{% if snakemake.wildcards.slug == "shikyuritsu" %}\n'}
    found = []
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        found += [f.split(": ", 1)[1] for f in document_lists(tmp_path / name, tmp_path)]
    assert found == ["builds a module path: x = importlib.import_module(f\"kyosai.{key}.view\")",
                     "lists the documents shikyuritsu, unyo", "lists the documents bunseki, unyo",
                     "branches on a document's name",
                     'builds a module path: code=lambda w: modules_of(f"scripts/kyosai/{KEYS[w.slug]}/model.py"),',
                     'names shikyuritsu: {% if snakemake.wildcards.slug == "shikyuritsu" %}']


def test_the_config_schema_names_the_documents_the_registry_declares():
    """A config key choosing a document's years (unyo_years) is an entry's years_setting, and the other way round;
    every other key of the schema is no document's."""
    schema = yaml.safe_load((ROOT / "schemas" / "config.schema.yaml").read_text(encoding="utf-8"))
    per_document = {k for k in schema["properties"] if k.endswith("_years")}
    assert per_document == set(documents.years_settings()) and documents.years_settings()["unyo_years"] == "unyo"
    assert per_document <= set(schema["required"])


def test_a_data_folder_brings_its_own_schema(data_copy):
    """data/<folder>/datapackage.yaml: its resources join the package's (paths within the folder) and are checked
    like any; a resource name declared twice is refused, naming it."""
    shutil.copytree(FIXTURE / "data" / "fixture", data_copy / "fixture")
    tables = dataio.load_all(data_copy, sections=("fixture",))
    assert [(r["item"], r["amount"]) for r in tables["fixture_items"]] == [("alpha", Decimal("1234.4")),
                                                                         ("beta", Decimal("-56.5"))]
    (data_copy / "fixture" / "items.csv").write_text("fiscal_year,item,name_ja,amount\n2030,Alpha,名,1\n",
                                                     encoding="utf-8")
    with pytest.raises(dataio.DataError) as bad:
        dataio.load_all(data_copy, sections=("fixture",))
    assert bad.value.problems == ["data/fixture/items.csv, line 2, column item: 'Alpha': expected text of the form "
                                  "[a-z_]+"]
    own = data_copy / "fixture" / "datapackage.yaml"
    own.write_text(own.read_text(encoding="utf-8").replace("name: fixture_items", "name: eras"), encoding="utf-8")
    with pytest.raises(dataio.DataError) as twice:
        dataio.load_descriptor(data_copy / "datapackage.yaml")
    assert twice.value.problems == ["data/fixture/datapackage.yaml: resource 'eras' is already declared in "
                                    "data/datapackage.yaml; give it another name"]


def test_each_entry_has_its_package_data_folder_and_templates():
    known = {"unyo": ("unyo-jokyo", "運用状況の報告"), "shikyuritsu": ("shikyuritsu", "支給率の資料"),
             "bunseki": ("bunseki", "運用環境と財政の分析")}   # (a new document adds its entry, not a line here)
    assert {e.key: (e.slug, e.name_ja) for e in ENTRIES if e.key in known} == known
    for e in ENTRIES:
        assert all((ROOT / e.source(part)).is_file() for part in ("model", "tables", "view")), e.key
        assert (ROOT / "data" / e.key).is_dir() and e.key in e.model.DATA_SECTIONS
        assert (ROOT / "templates" / f"{e.slug}.html.j2").is_file() and (ROOT / "templates" / e.slug).is_dir()
        assert e.view.DOCUMENT.key == e.key and e.view.DOCUMENT.slug == e.slug
    # the review bundle's caption of each document is its own (the analysis pack no longer takes the 運用状況's)
    captions = {e.key: e.caption.format(fy=2024) for e in ENTRIES}
    assert len(set(captions.values())) == len(ENTRIES) and all("2024" in c for c in captions.values())
    assert captions["bunseki"].startswith("「小規模企業共済 運用環境と財政の分析」 for fiscal year 2024")


def test_the_registry_imports_a_document_module_only_when_asked_for():
    """Reading the registry imports no document's package; asking for a model imports that model, not its view
    (the rules plan with the models; kyosai.<key>.model keeping free of rendering imports is its own matter)."""
    code = ("import sys; sys.path.insert(0, 'scripts'); from kyosai import documents; documents.SLUGS; "
            "print(sorted(m for m in sys.modules if m.startswith('kyosai.') and m.count('.') > 1 or "
            "m in ('weasyprint', 'openpyxl', 'matplotlib'))); documents.DOCUMENTS['shikyuritsu'].model; "
            "print([m for m in ('kyosai.shikyuritsu.view', 'kyosai.shikyuritsu.charts', 'weasyprint') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[]", "[]"]


# ---------------------------------------------------------------- a new document: the fixture document

PARTS = ["Snakefile", "rules", "config.yaml", "environment.yml", "schemas", "profiles", "report", "data", "scripts",
         "templates", "reports"]


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for part in PARTS for p in sorted((root / part).rglob("*") if (root / part).is_dir() else [root / part])
            if p.is_file() and "__pycache__" not in p.parts}


def add_fixture_document(ws: Path) -> None:
    """What a developer adds for a new document: its package, data folder and templates (copied from
    tests/fixture_document/, laid out as in the project), and one entry in kyosai/documents.py."""
    for path in FIXTURE.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            target = ws / path.relative_to(FIXTURE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    registry = ws / "scripts" / "kyosai" / "documents.py"
    text = registry.read_text(encoding="utf-8")
    anchor = "    # a new document: its package, data folder and templates, and one more Entry here\n"
    assert anchor in text
    registry.write_text(text.replace(anchor, ENTRY + anchor), encoding="utf-8")


@pytest.mark.e2e
def test_a_new_document_is_its_package_data_templates_and_one_entry(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, ws / part, ignore=shutil.ignore_patterns("__pycache__", "[0-9][0-9][0-9][0-9]")
                            if part == "reports" else shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, ws / part)
    for published in (ROOT / "reports").glob("*/published"):   # the archives (in git); no built document
        shutil.copytree(published, ws / "reports" / published.parent.name / "published")
    before = digests(ws)
    add_fixture_document(ws)
    added = set(digests(ws)) - set(before)
    changed = {p for p, d in digests(ws).items() if p in before and before[p] != d}
    assert changed == {"scripts/kyosai/documents.py"}
    assert added == {p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts}
    assert {a.split("/")[0] for a in added} == {"scripts", "data", "templates"}
    run = subprocess.run([str(SNAKEMAKE), "--cores", "2", "reports/2030/fixture-doc.pdf", "reports/2030/fixture-doc.html"],
                         cwd=ws, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    out = ws / "reports" / "2030"
    csv = (out / "fixture-doc" / "tables" / "items.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv[0].split(",")[:2] == ["fiscal_year", "item"] and len(csv) == 3
    assert "alpha" in csv[1] and "1234" in csv[1] and "beta" in csv[2]
    assert (out / "fixture-doc.pdf").read_bytes().startswith(b"%PDF") and (out / "fixture-doc-review.pdf").is_file()
    html = (out / "fixture-doc.html").read_text(encoding="utf-8")
    assert "項目の一覧" in html and "第一の項目" in html and "1,234" in html and "▲57" in html   # 四捨五入: −56.5 → ▲57
