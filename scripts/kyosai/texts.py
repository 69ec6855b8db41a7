"""Prose from the data (texts.csv, notes.csv, sections.csv): placeholders filled from the model, and the
Japanese ways of joining words and writing shares."""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from . import era
from .dataio import LINE
from .numbers import fmt_number, round_half_up
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


# ---------------------------------------------------------------- sentences bound to figures (texts.csv, notes.csv)

# words by which a sentence states a direction or a comparison: such a sentence names the figure it speaks of
# (column binds) or, where its source's wording speaks of something else, says what (column refers_to)
DIRECTION = re.compile(r"増加|減少|上回|下回|範囲内|超過(?!収益)|一致|プラス|マイナス|上昇|低下")   # 超過収益率 is a name
_FIGURE = r"[a-z_]+(?:\.[a-z0-9_]+)?"
ASSERTION = re.compile(rf"^\s*({_FIGURE})\s*(<=|>=|!=|=|<|>)\s*({_FIGURE}|-?\d+(?:\.\d+)?)\s*$")
OPS = {"<": lambda a, b: a < b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b,
       "=": lambda a, b: a == b, "!=": lambda a, b: a != b}
OP_JA = {"<": "＜", ">": "＞", "<=": "≦", ">=": "≧", "=": "＝", "!=": "≠"}


@dataclass(frozen=True)
class Figure:
    """A figure of a document's model a sentence may be bound to: its value (None: the year has none), the decimals
    it is printed with (a sentence speaks of the printed figure) and its name in the QA log."""
    value: Decimal | None
    places: int
    label: str

    @property
    def printed(self) -> Decimal | None:
        return None if self.value is None else round_half_up(self.value, self.places)


def _shown(f: Figure) -> str:
    return "（なし）" if f.printed is None else fmt_number(f.printed, f.places)


def _excerpt(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width] + "…"


def judged(binds: str, figures: dict[str, Figure], at: str, qa: QA) -> tuple[list[tuple], list[tuple]]:
    """(held, failed): each assertion of a text's ``binds`` judged on the year's printed figures, as (assertion,
    statement in Japanese, the figures as they are); an assertion that is not one or names no figure fails at ``at``."""
    failed, held = [], []
    for part in binds.split(";"):
        if not part.strip():
            continue
        m = ASSERTION.match(part)
        if not m:
            qa.fail(f"{at}: {part.strip()!r} is no assertion; write figure op value "
                    f"(op one of {', '.join(OPS)}; value a number or a figure), several joined by ;")
            continue
        left, op, right = m.groups()
        unknown = [n for n in (left, right) if not re.fullmatch(r"-?\d+(?:\.\d+)?", n) and n not in figures]
        if unknown:
            qa.fail(f"{at}: {', '.join(unknown)} is no figure of the document; it has {', '.join(sorted(figures))}")
            continue
        a = figures[left]
        b = figures[right] if right in figures else Figure(Decimal(right), 10, "")
        statement = f"{a.label} {_shown(a)} {OP_JA[op]} " + (f"{b.label} {_shown(b)}" if right in figures else right)
        ok = a.printed is not None and b.printed is not None and OPS[op](a.printed, b.printed)
        actual = f"{a.label} is {_shown(a)}" + (f", {b.label} is {_shown(b)}" if right in figures else "")
        (held if ok else failed).append((part.strip(), statement, actual))
    return held, failed


def bind(rows, fy: int, texts: dict[str, str], figures: dict[str, Figure], file: str, qa: QA) -> None:
    """Check every text of ``fy`` against the figures it is bound to (``texts`` is changed in place).

    A text whose wording states a direction or comparison (DIRECTION) must declare ``binds`` (assertions such as
    ``holdings_change.loans < 0``, several joined by ``;``) or ``refers_to``. When every assertion holds for the
    year's printed figures the text is printed as it is; when one does not: ``if_false = omit`` (a conditional
    sentence of our own) leaves the text out; ``refers_to`` (the source printed it so, speaking of what it names)
    prints it and flags it in the QA log; otherwise the build stops, naming the file, line and column."""
    for r in valid_in(rows, fy):
        key, line = r["key"], r[LINE]
        binds, refers_to, if_false = r.get("binds"), r.get("refers_to"), r.get("if_false") or "fail"
        word = DIRECTION.search(r["text"])
        if word and not binds and not refers_to:
            qa.fail(f"{file}, line {line}, column binds: {key} states a direction or comparison (「{word.group()}」) "
                    f"but is bound to no figure: name the figure it speaks of (e.g. holdings_change.loans < 0), or, if "
                    f"it speaks of something else as its source printed it, say what in refers_to")
            continue
        if if_false == "omit" and refers_to:
            qa.fail(f"{file}, line {line}, column if_false: {key} is left out when false (omit) and also declared "
                    f"as its source printed it (refers_to): choose one")
            continue
        if not binds:
            continue
        held, failed = judged(binds, figures, f"{file}, line {line}, column binds", qa)
        subject = f"本文と数値: {key}"
        where = f"{file} {line}行目"
        if not failed:
            if held:
                qa.add("identity", subject, f"「{_excerpt(texts.get(key, r['text']))}」は {'、'.join(s for _, s, _ in held)} "
                                            f"のとおり（{where}）")
            continue
        said = "、".join(s for _, s, _ in failed)
        if if_false == "omit":
            texts.pop(key, None)
            qa.add("note", subject, f"「{_excerpt(r['text'])}」は {said} が成り立たないため掲載しない（{where}）")
        elif refers_to:
            qa.add("discrepancy", subject, f"「{_excerpt(texts.get(key, r['text']))}」の述べる向きは当年度の数値（{said}）"
                                           f"と異なるが、出典のとおり掲載する。この文が述べるのは: {refers_to}（{where}）")
        else:
            qa.add("discrepancy", subject, f"「{_excerpt(texts.get(key, r['text']))}」は当年度の数値と矛盾する: {said} "
                                           f"が成り立たない（{where}）", ok=False)
            qa.fail(f"{file}, line {line}, column text: {key} states {'; '.join(p for p, _, _ in failed)}, which does "
                    f"not hold for {era.fy_long(fy)} ({'; '.join(a for _, _, a in failed)}): word the year's row as its "
                    f"figures support (a row of its own from that year if earlier years keep theirs), or, if the source "
                    f"printed it so, say in refers_to what the sentence speaks of")


# ---------------------------------------------------------------- year-bound texts

YEAR_WORD = re.compile(r"(令和|平成|昭和)([0-9０-９]+|元)年(度|[0-9０-９]+月)")


def named_years(text: str) -> list[tuple[str, int]]:
    """The fiscal years a text names: (the words, the fiscal year): 令和6年度 → 2024, 令和7年3月 → 2024 (its fiscal
    year), 令和元年度 → 2019. A law's year (平成16年経済産業省令) is no fiscal year and not named."""
    starts = {e.name: e.start.year for e in era.load_eras()}
    out = []
    for m in YEAR_WORD.finditer(text):
        name, n, rest = m.groups()
        year = starts[name] + (0 if n == "元" else int(n.translate(_DIGITS)) - 1)
        if rest != "度" and int(rest[:-1].translate(_DIGITS)) < 4:
            year -= 1   # January to March belong to the fiscal year before
        out.append((m.group(), year))
    return out


_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def own_years(row: dict) -> list[tuple[str, int]]:
    """The years a row names that it is itself printed in or after (from valid_from): what binds it to those years.
    An earlier year (令和元年度から, in a text valid from 2024) is a fact of the past and binds nothing."""
    return [(w, y) for w, y in named_years(row["text"]) if y >= row["valid_from"]]


def year_bound_problems(rows, fy: int, file: str, label: str) -> list[str]:
    """Year-bound texts: a row that names a year it is printed in is valid only up to the last year it names
    (valid_to); a key whose row of the year before named its year has a row of its own for ``fy`` (else the
    completeness message: never last year's sentence)."""
    out = []
    for r in rows:
        named = own_years(r)
        if not named:
            continue
        last = max(y for _, y in named)
        if r["valid_to"] is None or r["valid_to"] > last:
            words = "、".join(dict.fromkeys(w for w, _ in named))
            out.append(f"{file}, line {r[LINE]}, column valid_to: {r['key']} names {words} ({era.fy_long(last)}), so it "
                       f"holds for that year only: set valid_to {last} and give each later year a row with its own "
                       f"wording (or write the year as a placeholder such as {{fy}})")
    now = {r["key"] for r in valid_in(rows, fy)}
    for r in rows:
        named = own_years(r)
        if named and r["valid_to"] == fy - 1 and r["key"] not in now:
            words = "、".join(dict.fromkeys(w for w, _ in named))
            out.append(f"{file}: {label} has no {r['key']}: the row of line {r[LINE]} names {words} and so ends with "
                       f"{era.fy_long(fy - 1)}; add a row key={r['key']}, valid_from={fy} with the year's own wording")
    return out
