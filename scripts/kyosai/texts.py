"""Prose from the data (texts.csv, notes.csv, sections.csv): placeholders filled from the model, and the
Japanese ways of joining words and writing shares."""
from __future__ import annotations

import string
from decimal import Decimal
from fractions import Fraction

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
    out = []
    for r in rows:
        if r["valid_from"] <= fy and (r["valid_to"] is None or fy <= r["valid_to"]):
            out.append({"section": r["section"], "title": fill_title(r["title"], f"sections.csv line {r['_line']}"),
                        "part": r["part"], "part_label": r["part_label"], "numbered": r["numbered"]})
    return out
