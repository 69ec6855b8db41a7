"""四捨五入 everywhere: every figure in any text (QA log, messages, charts) goes through ``kyosai.numbers``.

Python's own ways of writing a figure with N decimals (``f"{x:.2f}"``, ``"%.2f" % x``, ``format(x, ".2f")``) and
the builtin ``round`` round half to even for a Decimal (0.125 → 0.12) and by the binary value for a float; the
documents round half up (0.125 → 0.13). The scan below keeps them out of ``scripts/``."""
from __future__ import annotations

import ast
import re
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

from kyosai import numbers
from kyosai.qa import QA
from kyosai.shikyuritsu import model as shikyuritsu_model

ROOT = Path(__file__).resolve().parents[1]

# (file, the source text of the formatted expression): the places where a fixed-point format spec is allowed, each
# with its reason. Nothing else under scripts/ may use one.
ALLOWED = {
    ("scripts/kyosai/numbers.py", "abs(r)"):
        "the formatters themselves: r is already rounded half up by round_half_up; the spec only lays out its digits",
    ("scripts/check.py", "time.perf_counter() - start"):
        "a timing printout in seconds (checked in 0.3 s), not a figure of any document",
}

FIXED = re.compile(r"\.(\d+|\{\})[fF%]")            # .2f, .{places}f, .1%
PRINTF = re.compile(r"%[-+ #0]*\d*\.\d+[fF]")         # "%.2f" % x
BRACES = re.compile(r"\{[^{}]*:[^{}]*\.\d+[fF%]\}")   # "{:.2f}".format(x)


def spec_text(spec: ast.JoinedStr) -> str:
    """An f-string's format spec as text, each nested field written {}: ',.{places}f' → ',.{}f'."""
    return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in spec.values)


def offences(path: Path) -> list[tuple[int, str, str]]:
    """(line, what, the expression's source) for every fixed-point format and every builtin round( in ``path``."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    in_fstring = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = spec_text(node.format_spec)
            if FIXED.search(spec):
                found.append((node.lineno, f"format spec {spec!r}", ast.get_source_segment(source, node.value)))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "round":
            found.append((node.lineno, "builtin round(", ast.get_source_segment(source, node)))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "format"
              and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and FIXED.search(str(node.args[1].value))):
            found.append((node.lineno, f"format(..., {node.args[1].value!r})", ast.get_source_segment(source, node)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_fstring:
            if PRINTF.search(node.value) or BRACES.search(node.value):
                found.append((node.lineno, f"format string {node.value!r}", node.value))
    return sorted(found)


def test_no_fixed_point_format_or_round_in_scripts():
    bad, used = [], set()
    for path in sorted((ROOT / "scripts").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for line, what, expr in offences(path):
            if (rel, expr) in ALLOWED:
                used.add((rel, expr))
            else:
                bad.append(f"{rel}:{line}: {what} on {expr}")
    assert bad == [], "use kyosai.numbers (round_half_up, plain, fmt_number, fmt_axis) instead:\n" + "\n".join(bad)
    assert used == set(ALLOWED), f"exceptions listed but no longer needed: {set(ALLOWED) - used}"


def test_the_scan_finds_what_it_rejects(tmp_path):
    """The scan itself can fail: each form it rejects, written into a file, is found."""
    sample = tmp_path / "sample.py"
    sample.write_text('x = 1\na = f"{x:.2f}"\nb = f"{x:,.{n}f}"\nc = round(x, 2)\nd = "%.1f" % x\ne = "{:.3f}".format(x)\n'
                      'g = format(x, ".2f")\nh = f"{x:.1%}"\nok = f"{x:,}{x:>5}{x!r}"\n', encoding="utf-8")
    assert [line for line, _, _ in offences(sample)] == [2, 3, 4, 5, 6, 7, 8]


def test_the_formatters_round_half_up():
    # 0.125 is exact in binary and in decimal: half-even gives 0.12, 四捨五入 0.13; ▲ keeps the magnitude's rounding
    assert f"{D('0.125'):.2f}" == "0.12"   # what the format spec did (why it is banned)
    assert numbers.plain(D("0.125"), 2) == "0.13"
    assert numbers.plain(D("-0.125"), 2) == "-0.13"
    assert numbers.fmt_number(D("0.125"), 2) == "0.13"
    assert numbers.fmt_number(D("-1234.125"), 2) == "▲1,234.13"
    assert numbers.fmt_number(D("2.5")) == "3"
    # chart ticks: the float matplotlib places, at its shortest repr (0.125 and 2.675 as written, not as binary)
    assert numbers.fmt_axis(0.125, 2) == "0.13"
    assert numbers.fmt_axis(2.675, 2) == "2.68"   # f"{2.675:.2f}" gives 2.67 (the binary value is below 2.675)
    assert numbers.fmt_axis(20000.0) == "20,000"
    assert numbers.fmt_axis(-2500.0) == "-2,500"
    assert numbers.fmt_axis(-0.0) == "0"
    assert numbers.fmt_axis(0.005, 3) == "0.005"


def test_the_qa_log_rounds_half_up(tables, shikyuritsu2025):
    """The 支給率's QA log through the function that writes it (log_notes), with a 推計リスク and a 控除後の剰余金見込額
    ending in 5 at the third decimal: the log prints them 四捨五入 to 2 decimals."""
    rm = shikyuritsu_model.sk.rate_model(tables, 2025)
    rm["calculation"] = replace(rm["calculation"], risk=D("2922.125"), available=D("-0.125"))
    qa = QA()
    shikyuritsu_model.log_notes(rm, tables, 2025, qa)
    detail = {e["subject"]: e["detail"] for e in qa.entries}
    assert "= ▲2922.13 → ▲2922（計算値。本書は計算値を掲載）" in detail["推計リスク"]
    assert "− 2922.13 − " in detail["控除後の剰余金見込額"]
    assert "= ▲0.13 → 0（公表された剰余金見込額からの計算値）" in detail["控除後の剰余金見込額"]
