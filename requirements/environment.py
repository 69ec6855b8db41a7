"""Keep environment.yml's pip section equal to the pins of requirements/test.txt.

    python requirements/environment.py           rewrite the pip list of environment.yml (make requirements)
    python requirements/environment.py --check   check environment.yml (make test): valid YAML, no file
                                                 references (Snakemake copies the file elsewhere), Python
                                                 3.11-3.13, and the pip list equal to requirements/test.txt

The pins are written without hashes: conda's pip section cannot check them against requirements/*.txt's.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENVIRONMENT = ROOT / "environment.yml"
LOCK = ROOT / "requirements" / "test.txt"
MARKER = "      # pins: requirements/test.txt (generated; do not edit by hand)"
SUPPORTED = ((3, 11), (3, 13))


def pins() -> list[str]:
    """`name==version` (with its environment marker, if any) for every package of the lock file."""
    found = []
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if re.match(r"[A-Za-z0-9]", line):
            found.append(line.rstrip(" \\"))
    return found


def rewrite() -> None:
    text = ENVIRONMENT.read_text(encoding="utf-8")
    head, sep, _ = text.partition(MARKER + "\n")
    if not sep:
        sys.exit(f"environment.yml: the line {MARKER.strip()!r} is missing")
    lines = [f'      - "{pin}"' if ";" in pin else f"      - {pin}" for pin in pins()]
    ENVIRONMENT.write_text(head + sep + "\n".join(lines) + "\n", encoding="utf-8")


def check() -> list[str]:
    import yaml

    problems = []
    try:
        env = yaml.safe_load(ENVIRONMENT.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        return [f"environment.yml is not valid YAML: {error}"]
    deps = env.get("dependencies") or []
    conda = [d for d in deps if isinstance(d, str)]
    pip_sections = [d["pip"] for d in deps if isinstance(d, dict) and "pip" in d]
    if len(pip_sections) != 1:
        return ["environment.yml: expected exactly one pip section"]
    pip = pip_sections[0]
    for item in pip:
        if item.startswith("-") or "/" in item or item.startswith((".", "file:")):
            problems.append(f"environment.yml: pip entry {item!r} refers to a file or passes an option; "
                            "Snakemake copies the file to .snakemake/conda/, where no relative path resolves")
    if pip != pins():
        missing = sorted(set(pins()) - set(pip))
        extra = sorted(set(pip) - set(pins()))
        problems.append(f"environment.yml: the pip list differs from {LOCK.relative_to(ROOT)} "
                        f"(missing {missing}, not in the lock {extra}); run: make requirements")
    python = [d for d in conda if re.match(r"python\s*[=<>]", d)]
    if not python:
        problems.append("environment.yml: no python version given")
    for spec in python:
        m = re.match(r"python\s*=+\s*(\d+)\.(\d+)", spec)
        if not m or not SUPPORTED[0] <= (int(m[1]), int(m[2])) <= SUPPORTED[1]:
            problems.append(f"environment.yml: {spec!r}: Python 3.11-3.13 is supported")
    return problems


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        sys.exit(1 if problems else 0)
    elif not sys.argv[1:]:
        rewrite()
    else:
        sys.exit(__doc__)
