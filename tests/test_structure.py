"""The shape of the code in scripts/: no import circle among the kyosai modules (a function-local import counts), the
document models free of the rendering libraries, and no function longer than a screen (60 lines) but the few listed
here with the reason. Fast: reads the sources, and imports the models in one fresh interpreter."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
PACKAGE = SCRIPTS / "kyosai"


def module_name(path: Path) -> str:
    parts = path.relative_to(SCRIPTS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """The kyosai modules one module imports, anywhere in it (at the top, or inside a function)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name in MODULES}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - (node.level - 1)] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            for a in node.names:
                if f"{module}.{a.name}" in MODULES:
                    out.add(f"{module}.{a.name}")     # from . import era: the module era
                elif module in MODULES:
                    out.add(module)                   # from .dataio import LINE: the module dataio
    return out - {name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of ``graph``: each strongly connected set of more than one module (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_cycles_finds_a_circle_made_by_a_function_local_import():
    graph = {"kyosai.a": {"kyosai.b"}, "kyosai.b": {"kyosai.c"}, "kyosai.c": {"kyosai.a"}, "kyosai.d": {"kyosai.a"}}
    assert cycles(graph) == [["kyosai.a", "kyosai.b", "kyosai.c"]]


def test_no_import_circle_among_the_kyosai_modules():
    graph = {name: imports_of(name) for name in MODULES}
    assert cycles(graph) == [], "import circles (a function-local import counts)"


RENDERING = ("jinja2", "weasyprint", "matplotlib", "openpyxl")


def test_building_a_model_loads_no_rendering_library():
    """Every kyosai.<document>.model imports in a fresh interpreter without loading Jinja, WeasyPrint, matplotlib or
    openpyxl: a model is figures and checks; rendering is the view's, the charts' and the workbook's."""
    models = sorted(n for n in MODULES if n.count(".") == 2 and n.endswith(".model"))
    assert {"kyosai.unyo.model", "kyosai.bunseki.model", "kyosai.shikyuritsu.model"} <= set(models)
    code = ("import importlib, json, sys\n"
            f"for m in {models!r}:\n"
            "    importlib.import_module(m)\n"
            f"print(json.dumps(sorted(n for n in {RENDERING!r} if n in sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": str(SCRIPTS), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []


LONGEST = 60
# functions allowed to run over LONGEST lines, each with the reason it is one step
ALLOWED: dict[str, str] = {
    # left whole this round (issue 21), each for a reason; the list only shrinks
    "scripts/kyosai/unyo/view.py:view": "the one dict the templates read, a line a part",
}


def long_functions() -> dict[str, int]:
    out = {}
    for path in sorted(SCRIPTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > LONGEST:
                    out[f"{path.relative_to(ROOT).as_posix()}:{node.name}"] = length
    return out


def test_no_function_runs_over_sixty_lines():
    found = long_functions()
    assert {k: v for k, v in found.items() if k not in ALLOWED} == {}
    assert set(ALLOWED) <= set(found), "a function allowed to be long is no longer: take it off the list"


def test_the_pdf_job_takes_its_model_from_one_place():
    """The PDF job's model (the review edition's QA log and restatements with it) is built from the checked data with
    the restatements the document job made (Document.with_restatements): never patched in from model.json."""
    job = (SCRIPTS / "pdf_job.py").read_text(encoding="utf-8")
    assert "with_restatements" in job and "input.model" not in job
