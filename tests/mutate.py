"""Mutation testing of the domain core: `make mutate` (slow: minutes; neither `make test` nor CI runs it).

mutmut 2 (requirements/mutate.txt, in its own venv .venv-mutate) changes one thing at a time in a module of
MODULES (an operator, a number, a name, a string...), in place, runs that module's fast tests against the
changed file (with .venv's Python), and puts the file back. A mutant is killed when a test fails; it survives
when they all pass. In kyosai/unyo/model.py only the deviation and yield code is mutated (FUNCTIONS): mutants on
other lines are skipped and not counted. A mutant that makes the tests run ten times longer than the first,
unmutated run counts as killed (shown as "timeout").

Prints the score by module and in total, and every surviving mutant as a diff; fails when a module or the
total kills less than SCORE_NEEDED. Survivors that are equivalent mutants (no behaviour of the code changes)
are listed with the reason in tests/mutation-survivors.md.

    .venv-mutate/bin/python tests/mutate.py          a whole run, from an empty cache (.mutmut-cache)
    .venv-mutate/bin/python tests/mutate.py --again  keep the cache: test only the mutants that were not
                                                     killed (after a change of the tests) or are new
"""
from __future__ import annotations

import ast
import os
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST_PYTHON = ROOT / ".venv" / "bin" / "python"
SCORE_NEEDED = 0.90

# module → the fast tests that exercise it
MODULES = {
    "scripts/kyosai/numbers.py": ["tests/test_numbers.py"],
    "scripts/kyosai/calc.py": ["tests/test_calc.py"],
    "scripts/kyosai/era.py": ["tests/test_era.py"],
    "scripts/kyosai/shikyuritsu/engine.py": ["tests/test_shikyuritsu.py"],
    "scripts/kyosai/unyo/model.py": ["tests/test_unyo_model_core.py"],
}
# module → the only functions mutated in it (the others are mutated whole)
FUNCTIONS = {
    "scripts/kyosai/unyo/model.py": {"composition", "series", "returns_table"},  # deviations; yields and averages
}


def test_command(tests: list[str]) -> str:
    """pytest on ``tests``, any failure (collection errors too) as exit status 1: mutmut takes only 1 as killed."""
    pytest = [str(TEST_PYTHON), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not e2e", *tests]
    return f"sh -c {shlex.quote(shlex.join(pytest) + ' >/dev/null || exit 1')}"


def function_lines(path: str, names: set[str]) -> set[int]:
    """The line numbers (1-based) of the functions ``names`` of ``path``."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    found = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in names}
    assert found.keys() == names, f"{path}: no function {names - found.keys()}"
    return {line for n in found.values() for line in range(n.lineno, n.end_lineno + 1)}


LINES = {path: function_lines(path, names) for path, names in FUNCTIONS.items()}
# This module is mutmut's mutmut_config, whose pre_mutation below is called before each mutant: here, and in the
# worker that mutmut starts (multiprocessing's spawn runs this module again, as __mp_main__, before mutmut).
sys.modules["mutmut_config"] = sys.modules[__name__]


def pre_mutation(context) -> None:
    """mutmut's hook before each mutant: skip lines outside FUNCTIONS, run the module's tests."""
    lines = LINES.get(context.filename)
    if lines is not None and context.current_line_index + 1 not in lines:
        context.skip = True
        return
    context.config.test_command = test_command(MODULES[context.filename])


def report() -> float:
    """Print the score by module and the survivors; return the lowest score (module or total)."""
    from mutmut import BAD_SURVIVED, BAD_TIMEOUT, OK_KILLED, OK_SUSPICIOUS, SKIPPED, UNTESTED
    from mutmut.cache import Mutant, db_session, get_unified_diff, init_db

    counts = {path: {s: 0 for s in (OK_KILLED, OK_SUSPICIOUS, BAD_TIMEOUT, BAD_SURVIVED, UNTESTED)} for path in MODULES}
    survivors = []

    @init_db
    @db_session
    def read_cache():
        for m in sorted(Mutant.select(), key=lambda m: (m.line.sourcefile.filename, m.line.line_number, m.index)):
            path = m.line.sourcefile.filename
            if m.status == SKIPPED or path not in counts:
                continue
            counts[path][m.status] += 1
            if m.status in (BAD_SURVIVED, UNTESTED):
                diff = get_unified_diff(m.id, ["dict"], update_cache=False).splitlines()
                survivors.append((path, m.line.line_number + 1, m.id, m.status,
                                  [d for d in diff[2:] if d[:1] in "-+"]))
    read_cache()

    print(f"\n{'module':40} {'killed':>7} {'total':>6} {'score':>7}   (timeouts, suspicious: counted as killed)")
    lowest, all_killed, all_total = 1.0, 0, 0
    for path, c in counts.items():
        killed = c[OK_KILLED] + c[OK_SUSPICIOUS] + c[BAD_TIMEOUT]
        total = sum(c.values())
        score = killed / total if total else 1.0
        lowest, all_killed, all_total = min(lowest, score), all_killed + killed, all_total + total
        extra = f"   ({c[BAD_TIMEOUT]} timeouts, {c[OK_SUSPICIOUS]} suspicious)" if c[BAD_TIMEOUT] + c[OK_SUSPICIOUS] else ""
        print(f"{path.removeprefix('scripts/'):40} {killed:7} {total:6} {score:7.1%}{extra}")
    total_score = all_killed / all_total if all_total else 1.0
    print(f"{'total':40} {all_killed:7} {all_total:6} {total_score:7.1%}")

    print(f"\n{len(survivors)} surviving mutants (equivalent ones: tests/mutation-survivors.md)")
    for path, line, pk, status, diff in survivors:
        print(f"  {path.removeprefix('scripts/')}:{line}  (mutmut show {pk}){'  UNTESTED' if status == UNTESTED else ''}")
        for d in diff:
            print(f"      {d}")
    return min(lowest, total_score)


def main(argv: list[str]) -> int:
    os.chdir(ROOT)
    stray = [p for p in MODULES if Path(p + ".bak").exists()]
    if stray:  # an interrupted run left a mutant in place: mutmut keeps the original as .bak
        sys.exit(f"error: {', '.join(stray)} may hold a mutant: put the .bak file back (mv X.py.bak X.py) first")
    if "--again" not in argv:
        Path(".mutmut-cache").unlink(missing_ok=True)
    from mutmut.__main__ import climain

    started = time.monotonic()
    all_tests = sorted({t for tests in MODULES.values() for t in tests})
    try:
        climain.main(["run", "--paths-to-mutate", ",".join(MODULES), "--tests-dir", "tests",
                      "--runner", test_command(all_tests), "--simple-output"], standalone_mode=False)
    except SystemExit as exit_:
        if exit_.code not in (0, 2, 4, 8, 2 | 4, 2 | 8, 4 | 8, 2 | 4 | 8):   # 1: mutmut itself failed
            raise
    lowest = report()
    print(f"\n{time.monotonic() - started:.0f} s")
    return 0 if lowest >= SCORE_NEEDED else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
