"""The repository as committed: no file left half-merged (a conflict marker in a rule file stops every build)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"^(<<<<<<< |=======$|>>>>>>> )", re.M)


def tracked_text_files() -> list[Path]:
    """The files git tracks; outside a checkout (a copy of the tree), every file but the built and installed ones."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode == 0:
        paths = [ROOT / p for p in listed.stdout.decode().split("\0") if p]
    else:
        skipped = {".venv", ".git", "build", ".snakemake", "__pycache__", ".pytest_cache"}
        paths = [p for p in ROOT.rglob("*") if not skipped & set(p.relative_to(ROOT).parts)
                 and not (p.relative_to(ROOT).parts[0] == "reports" and "published" not in p.parts)]
    return [p for p in paths if p.is_file() and p.suffix not in {".ttf", ".pdf", ".png", ".xlsx", ".otf"}]


def test_no_conflict_markers_in_tracked_files():
    found = []
    for path in tracked_text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for m in MARKER.finditer(text):
            found.append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}")
    assert not found, "conflict markers: " + ", ".join(found)


DOCUMENT_PACKAGES = ("unyo", "shikyuritsu", "bunseki")
# the one import across documents: the analysis pack computes its rates with the 支給率's engine (reused, not copied)
ALLOWED = {("bunseki", "shikyuritsu.engine")}


def test_no_document_imports_another_documents_modules():
    """A document's package reads the shared core only (labels, QA, gaps, numbers): editing one document rebuilds
    neither of the others."""
    import ast
    found = []
    for doc in DOCUMENT_PACKAGES:
        for path in sorted((ROOT / "scripts" / "kyosai" / doc).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
                    other = node.module.split(".")[0]
                    names = [node.module] if "." in node.module else [f"{node.module}.{a.name}" for a in node.names]
                    found += [f"{path.relative_to(ROOT)}: {name}" for name in names
                              if other in DOCUMENT_PACKAGES and other != doc and (doc, name) not in ALLOWED]
    assert not found, found


def parsed_imports(path: Path, root: Path) -> set[str]:
    """What Python's own parser finds imported in a file: the reference for kyosai.imports."""
    import ast
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = path.parent
            for _ in range(node.level - 1):
                base = base.parent
            prefix = (base.relative_to(root).parts if node.level else ()) + tuple(node.module.split(".") if node.module else ())
            names |= {".".join(prefix)} | {".".join(prefix + (a.name,)) for a in node.names}
    return names


def test_the_imports_the_workflow_reads_are_those_python_finds():
    """The workflow derives each job's code inputs from the imports of its scripts (kyosai.imports, read with a
    pattern): in every file of scripts/ they must be exactly what Python's parser finds, or an edit could fail to
    rerun a job that imports the edited module."""
    import sys
    sys.path.insert(0, str(ROOT / "scripts"))
    from kyosai.imports import imported_names

    root = ROOT / "scripts"
    files = sorted(root.rglob("*.py"))
    assert len(files) > 40
    differ = [f"{p.relative_to(ROOT)}: read {sorted(set(imported_names(p, root)) ^ parsed_imports(p, root))}"
              for p in files if set(imported_names(p, root)) != parsed_imports(p, root)]
    assert not differ, "\n".join(differ)


def test_the_import_pattern_reads_every_form(tmp_path):
    import sys
    sys.path.insert(0, str(ROOT / "scripts"))
    from kyosai.imports import imported_names

    package = tmp_path / "kyosai" / "diff"
    package.mkdir(parents=True)
    module = package / "view.py"
    module.write_text('import json, os.path as p\nfrom .. import numbers, era  # the shared core\n'
                      'def f():\n    from .compare import (\n        align,\n        rows as r,\n    )\n'
                      'from kyosai.tablespec import TableSet\n', encoding="utf-8")
    assert sorted(imported_names(module, tmp_path)) == sorted([
        "json", "os.path", "kyosai", "kyosai.numbers", "kyosai.era", "kyosai.diff.compare",
        "kyosai.diff.compare.align", "kyosai.diff.compare.rows", "kyosai.tablespec", "kyosai.tablespec.TableSet"])
