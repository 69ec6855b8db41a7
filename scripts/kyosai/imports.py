"""What a Python file of scripts/ imports, read from its text: the workflow derives each job's code inputs from
these (rules/common.smk, modules_of), so that an edit to one module reruns exactly the jobs whose scripts import it.

The import statements are found with one pattern rather than parsed: the same imports as Python's own parser finds
(an import inside a function counts; tests/test_repository.py compares the two on every file of scripts/), at a
fraction of the cost of parsing every module each time the workflow is planned."""
from __future__ import annotations

import re
from pathlib import Path

# "from <dots><module> import <names>" (names in parentheses may run over several lines) or "import <modules>"
IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(?P<dots>\.*)(?P<module>[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n#]*)"
                    r"|import[ \t]+(?P<plain>[^\n#]*))", re.M)


def imported_names(path: Path, root: Path = Path("scripts")) -> list[str]:
    """The dotted names one Python file under ``root`` imports: each module, and each name imported from a module
    (it may be a module of a package, as in "from kyosai import dataio"); relative imports made absolute."""
    names = []
    for m in IMPORT.finditer(path.read_text(encoding="utf-8")):
        if m["plain"] is not None:
            names += [n.split()[0] for n in m["plain"].split(",") if n.strip()]
            continue
        if m["dots"]:
            base = path.parent
            for _ in range(len(m["dots"]) - 1):
                base = base.parent
            prefix = base.relative_to(root).parts + (tuple(m["module"].split(".")) if m["module"] else ())
        else:
            prefix = tuple(m["module"].split("."))
        imported = [n.split()[0] for n in m["names"].strip("() \n").replace("\n", " ").split(",") if n.strip()]
        names += [".".join(prefix)] + [".".join(prefix + (n,)) for n in imported]
    return names
