"""Every template only lays out what the view computed: no arithmetic, no numeric comparison (a choice of
wording by sign or size belongs in the view), no indexing from the end (the last year is named by the view)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "templates"
TEMPLATES = sorted(ROOT.rglob("*.j2"))


def expressions(path: Path) -> list[str]:
    """The Jinja expressions and statements of a template, without comments and string literals."""
    source = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
    found = re.findall(r"\{\{(.*?)\}\}|\{%(.*?)%\}", source, flags=re.S)
    out = []
    for expr in ("".join(e) for e in found):
        code = re.sub(r"\"[^\"]*\"|'[^']*'", '""', expr)
        out.append(code.strip().strip("-").strip())  # whitespace control {%- -%}
    return out


def test_every_template_is_covered():
    names = {p.relative_to(ROOT).as_posix() for p in TEMPLATES}
    assert {"base.html.j2", "macros.html.j2", "unyo-jokyo.html.j2", "shikyuritsu.html.j2", "diff.html.j2"} <= names
    assert len(TEMPLATES) >= 20


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.relative_to(p.parents[1]).as_posix() for p in TEMPLATES])
def test_no_arithmetic_comparison_or_year_logic(path):
    for code in expressions(path):
        assert not re.search(r"[-+*/%]", code), f"{path.name}: arithmetic in {{{{ {code} }}}}"
        assert not re.search(r"[<>]", code), f"{path.name}: a numeric comparison in {{{{ {code} }}}}"
        assert not re.search(r"\[\s*-?\d+\s*\]", code), f"{path.name}: indexing by position in {{{{ {code} }}}}"


def test_every_document_template_extends_the_base():
    for name in ("unyo-jokyo.html.j2", "shikyuritsu.html.j2", "diff.html.j2"):
        assert '{% extends "base.html.j2" %}' in (ROOT / name).read_text(encoding="utf-8"), name


def test_all_css_is_in_stylesheets():
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        assert "<style>" not in text or path.name == "base.html.j2", f"{path.name} has inline CSS"
        assert "style=" not in text, f"{path.name} has a style attribute"


# A line that only closes what an earlier line opened (</div>, </table>, {% endif %}, {% endfor %}{% endcall %}, …):
# every block ends so, and no macro can take it over.
CLOSER = re.compile(r"^(?:</\w+>|\{%-?\s*end\w+\s*-?%\})+$")


def markup_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, line stripped) of a template, without comments, blank lines and lines that only close."""
    source = re.sub(r"\{#.*?#\}", lambda c: "\n" * c.group().count("\n"), path.read_text(encoding="utf-8"), flags=re.S)
    return [(n, line.strip()) for n, line in enumerate(source.splitlines(), 1)
            if line.strip() and not CLOSER.match(line.strip())]


def test_no_markup_repeated_between_templates():
    """No two lines of markup stand, one after the other, in two templates: a table is laid out through the
    table macros (macros.html.j2), not copied. (Lines that only close a block are left aside.)"""
    runs: dict[tuple[str, str], str] = {}
    repeated = []
    for path in TEMPLATES:
        name = path.relative_to(ROOT).as_posix()
        lines = markup_lines(path)
        for (n, a), (_, b) in zip(lines, lines[1:]):
            where = runs.setdefault((a, b), f"{name}:{n}")
            if not where.startswith(f"{name}:"):
                repeated.append(f"{name}:{n} repeats {where}: {a[:70]} / {b[:70]}")
    assert not repeated, "\n".join(repeated)
