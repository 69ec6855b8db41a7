"""Prose from the data (texts.csv, notes.csv, sections.csv): placeholders filled from the model, and the
Japanese ways of joining words and writing shares."""
from __future__ import annotations

import re
import string
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from .numbers import fmt_number
from .qa import QA


def fill(text: str, fields: dict[str, str], where: str, qa: QA) -> str:
    """Fill the plain {name} placeholders of a text from ``fields``; an unknown name, a format spec or a
    conversion ({x:d}, {x!r}) or a stray brace stops the build naming ``where``."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        qa.fail(f"{where}: {exc} (write a literal brace as {{{{ or }}}})")
        return text
    names = [name for _, name, _, _ in parts if name is not None]
    specs = [f"{{{name}{'!' + conv if conv else ''}{':' + spec if spec else ''}}}"
             for _, name, spec, conv in parts if name is not None and (spec or conv)]
    if specs:
        qa.fail(f"{where}: {', '.join(specs)}: a placeholder is a plain {{name}}, without format or conversion")
        return text
    unknown = [n for n in names if n not in fields]
    if unknown:
        qa.fail(f"{where}: unknown placeholder {', '.join('{' + n + '}' for n in unknown)}; "
                f"a text may use {', '.join('{' + f + '}' for f in fields)}")
        return text
    return text.format(**fields)


def join_ja(words: list[str]) -> str:
    """平成30年度、令和3年度、令和4年度及び令和6年度: 「、」 between, 「及び」 before the last."""
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return "、".join(words[:-1]) + "及び" + words[-1]


def fraction_ja(share: Decimal) -> str:
    """0.5 → 1/2 (the share of the 原資 as the documents write it)."""
    f = Fraction(share).limit_denominator(100)
    if Decimal(f.numerator) / Decimal(f.denominator) != share:
        return fmt_number(share, 2)
    return f"{f.numerator}/{f.denominator}"


def share_divisor(share: Decimal) -> int | None:
    """0.5 → 2: the documents write a share of 1/n as 「/ n」; None for any other share."""
    f = Fraction(share).limit_denominator(100)
    return f.denominator if f.numerator == 1 and Decimal(1) / f.denominator == share else None


def sections_for(rows, fy: int, fill_title) -> list[dict]:
    """The chapters of a document in ``fy``: the sections.csv rows valid that year, in file order, their titles
    filled by ``fill_title(text, where)``."""
    return [{"section": r["section"], "title": fill_title(r["title"], f"sections.csv line {r['_line']}"),
             "part": r["part"], "part_label": r["part_label"], "numbered": r["numbered"], "edition": r["edition"],
             "parent": r.get("parent"), "page": r.get("page")}
            for r in valid_in(rows, fy)]


def required_keys(template_dir: Path, templates: list[str]) -> set[str]:
    """The text keys the given templates print without asking whether they exist (t["key"] never guarded
    by `"key" in t` or passed to a macro that tests it): the data must have them for the year."""
    used, guarded = set(), set()
    queue, seen = list(templates), set()
    while queue:                                    # the templates and those they include by name
        name = queue.pop(0)
        path = template_dir / name
        if name in seen or not path.exists():
            continue
        seen.add(name)
        source = path.read_text(encoding="utf-8")
        queue += re.findall(r'{%-?\s*include\s+"([^"]+)"', source)
        used |= set(re.findall(r'\bt\[\s*"([^"]+)"\s*\]', source))
        guarded |= set(re.findall(r'"([^"]+)"\s+in\s+t\b', source))
        guarded |= {k for group in re.findall(r"m\.notes\(\s*t\s*,\s*\[([^\]]*)\]", source)
                    for k in re.findall(r'"([^"]+)"', group)}
    return used - guarded


def check_texts(texts: dict[str, str], template_dir: Path, templates: list[str], fy_label: str, file: str,
                qa: QA) -> None:
    """Every text the document's chapters print for the year is in the data (else one problem listing them)."""
    missing = sorted(required_keys(template_dir, templates) - set(texts))
    if missing:
        qa.fail(f"{file}: no text for {fy_label} with the key {', '.join(missing)}: the chapters print it; add a row "
                f"valid for that year (the year's other texts show how)")


def chapter_templates(slug: str, sections: list[dict]) -> list[str]:
    """The templates a document's chapters are printed by (templates/<slug>.html.j2 and one per chapter)."""
    return [f"{slug}.html.j2"] + [f"{slug}/{s['section']}.html.j2" for s in sections]


def valid_in(rows, fy: int) -> list[dict]:
    """The rows valid in fiscal year ``fy`` (valid_from ≤ fy ≤ valid_to; an empty valid_to is open)."""
    return [r for r in rows if r["valid_from"] <= fy and (r["valid_to"] is None or fy <= r["valid_to"])]
