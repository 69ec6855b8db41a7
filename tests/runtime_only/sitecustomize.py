"""Imports limited to what the runtime set-up installs (requirements/pip.txt and runtime.txt, as `make setup` does for
`make reports`): a Python process started with this folder first on PYTHONPATH refuses to import a package of any
other distribution, as a machine that ran only `make reports` would. tests/test_workflow.py runs `snakemake --report`
(what `make review` runs) this way, so a package the review bundle needs but the runtime lacks (pygments, once) fails
the test lane, not a new user."""
import importlib.abc
import importlib.util
import pkgutil
import re
import sys
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements"
LOCKS = ("pip.txt", "runtime.txt")


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


ALLOWED = {normalised(m[1]) for lock in LOCKS
           for m in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", (REQUIREMENTS / lock).read_text(), re.M)}


def not_installed_by_the_runtime() -> dict[str, str]:
    """Top-level module → distribution, for the installed distributions the runtime set-up would not install (read
    from their RECORD files only: quick, unlike importlib.metadata.packages_distributions over every package)."""
    tops = {}
    for entry in map(Path, sys.path):
        for info in entry.glob("*.dist-info") if entry.is_dir() else ():
            dist = info.name.removesuffix(".dist-info").rpartition("-")[0]
            if normalised(dist) in ALLOWED or not (info / "RECORD").is_file():
                continue
            for line in (info / "RECORD").read_text(encoding="utf-8").splitlines():
                top = line.split(",", 1)[0].split("/", 1)[0]
                if top.endswith(".py"):
                    top = top[:-3]
                if top and not top.endswith((".dist-info", ".data")) and top not in ("..", "__pycache__"):
                    tops.setdefault(top, dist)
    return tops


REFUSED = not_installed_by_the_runtime()


def installed(top: str) -> bool:
    """Whether the runtime set-up installs the module (the standard library's and the project's own pass)."""
    return top not in REFUSED


class RuntimeOnly(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if not installed(top):
            raise ModuleNotFoundError(f"No module named {top!r}: {REFUSED[top]} is not in requirements/runtime.txt, so "
                                      f"`make setup` (the runtime) does not install it", name=top)
        return None


def _iter_modules(path=None, prefix=""):
    """pkgutil.iter_modules without the modules the runtime would not have (Snakemake finds its plugins this way)."""
    for info in _ITER_MODULES(path, prefix):
        if path is not None or installed(info.name):
            yield info


def _find_spec(name, package=None):
    """importlib.util.find_spec answering None for them, as it does for a package not installed (Snakemake asks it
    whether pandas is there)."""
    return None if not installed(name.partition(".")[0]) else _FIND_SPEC(name, package)


_ITER_MODULES, _FIND_SPEC = pkgutil.iter_modules, importlib.util.find_spec
pkgutil.iter_modules, importlib.util.find_spec = _iter_modules, _find_spec
sys.meta_path.insert(0, RuntimeOnly())
