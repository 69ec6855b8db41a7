"""The font named by config.yaml's ``chart_font_path``, checked before anything is drawn: it must be a TrueType or
OpenType font, and it must have a glyph for every character of the Japanese scripts and of ASCII that the
documents print (their model's texts and their templates). Otherwise matplotlib would fail with a message about
the file, or silently draw the charts in another font (or in empty boxes). Symbols outside those scripts (➤)
may come from a fallback font, as they do for IPAexGothic.

``require(font_path, texts)`` raises ``FontError`` (a DataError: the job reports it as a problem of the
configuration, naming the key, with no traceback); chartkit calls it as it loads the font, and each document
with the texts it prints before it draws (document.Document.render)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .dataio import DataError
from .paths import TEMPLATES

KEY = "config.yaml, chart_font_path"
# the characters a Japanese font must have: ASCII, CJK punctuation, kana, kanji, full-width forms
NEEDED = re.compile(r"[\x21-\x7e\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                    r"\uff01-\uff9f\U00020000-\U0002fa1f]")
BASE = "0123456789%.,()▲△年度月日億円令和平成運用状況支給率資産の推移" + "".join(map(chr, range(0x3041, 0x3094)))


class FontError(DataError):
    """A chart_font_path that cannot serve the documents; str() names the config key."""
    subject = "the configuration"


@lru_cache(maxsize=8)
def _cmap(path: str, size: int, mtime: float) -> frozenset[int] | str:
    """The code points the font has glyphs for, or why it is not a font."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            cmap = font.getBestCmap()
    except TTLibError:
        return "is not a TrueType or OpenType font"
    except Exception as exc:   # a truncated or damaged file: fontTools fails in many ways
        return f"cannot be read as a font ({type(exc).__name__})"
    if not cmap:
        return "is a font without a character map (no Unicode characters)"
    return frozenset(cmap)


def missing(font_path: str | Path, texts: Iterable[str] = ()) -> list[str]:
    """The problems of the font for printing ``texts`` (and a base of Japanese every document prints)."""
    path = Path(font_path)
    if not path.is_file():
        return [f"{KEY}: {font_path} does not exist or is not a file. Set chart_font_path to an installed Japanese "
                f"TrueType/OpenType font (`make setup` installs IPAexGothic)."]
    info = path.stat()
    cmap = _cmap(str(path.resolve()), info.st_size, info.st_mtime)
    if isinstance(cmap, str):
        return [f"{KEY}: {font_path} {cmap}. Set chart_font_path to a Japanese TrueType/OpenType font (IPAexGothic: "
                f"ipaexg.ttf)."]
    needed: dict[str, None] = {}     # in the order the texts print them, then the base
    for text in [*texts, BASE]:
        needed.update(dict.fromkeys(NEEDED.findall(text)))
    lacking = [c for c in needed if ord(c) not in cmap]
    if not lacking:
        return []
    shown = "".join(lacking[:30]) + ("…" if len(lacking) > 30 else "")
    return [f"{KEY}: {font_path} has no glyph for {len(lacking)} of the characters the documents print ({shown}); "
            f"the charts would be drawn in another font or in empty boxes. Set chart_font_path to a Japanese font "
            f"(IPAexGothic: ipaexg.ttf)."]


def require(font_path: str | Path, texts: Iterable[str] = ()) -> None:
    problems = missing(font_path, texts)
    if problems:
        raise FontError(problems)


def printed(model, slug: str | None = None) -> list[str]:
    """What a document prints: every text of its model, and its templates (with the shared ones)."""
    out: list[str] = []

    def walk(x) -> None:
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            for k, v in x.items():
                walk(k)
                walk(v)
        elif isinstance(x, (list, tuple, set, frozenset)):
            for v in x:
                walk(v)

    walk(model)
    if slug:
        for path in [*TEMPLATES.glob("*.j2"), *TEMPLATES.glob(f"{slug}/*.j2"), *TEMPLATES.glob("review/*.j2")]:
            out.append(path.read_text(encoding="utf-8"))
    return out
