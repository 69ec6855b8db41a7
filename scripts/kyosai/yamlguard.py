"""YAML read with a bound: anchors and aliases (``&a`` … ``*a``) are refused, naming the file and line, before
anything is built from them. Ten lines of aliases can stand for billions of values (an "alias bomb"), which a
schema check or a copy would then walk for minutes and gigabytes; the project's YAML files (config.yaml,
data/datapackage.yaml, the archives' archive.yaml) never need them: write the value out."""
from __future__ import annotations

import re

import yaml

MAX_EVENTS = 200_000   # scalars, lists and mappings of one file: far above any of the project's


class YamlRefused(ValueError):
    """``problem`` names the file and line."""

    def __init__(self, problem: str):
        self.problem = problem
        super().__init__(problem)


def check(text: str, name: str) -> None:
    """Refuse ``text`` (YAML, called ``name`` in messages) if it has an anchor, an alias or a merge key, or more than
    MAX_EVENTS nodes. A syntax error is left to the loader, which names it."""
    lines = text.splitlines()

    def where(event) -> str:
        if not event.start_mark:
            return name
        n = event.start_mark.line
        key = re.match(r"^\s*(?:-\s+)?([^\s:#'\"][^:#]*?)\s*:(?:\s|$)", lines[n]) if n < len(lines) else None
        return f"{name}, line {n + 1}" + (f" (key {key[1]})" if key else "")
    try:
        for n, event in enumerate(yaml.parse(text, Loader=yaml.SafeLoader)):
            line = where(event)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = f"*{event.anchor}" if isinstance(event, yaml.AliasEvent) else f"&{event.anchor}"
                raise YamlRefused(f"{line}: YAML anchors and aliases ({mark}) are not read: a few of "
                                  f"them can stand for billions of values. Write the value out")
            if isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.tag is None and not event.style:
                raise YamlRefused(f"{line}: a YAML merge key (<<) is not read; write the keys out")
            if n > MAX_EVENTS:
                raise YamlRefused(f"{line}: more than {MAX_EVENTS:,} YAML values, more than this file "
                                  f"can need")
    except yaml.YAMLError:
        return


def safe_load(text: str, name: str):
    """yaml.safe_load of ``text`` once ``check`` passed."""
    check(text, name)
    return yaml.safe_load(text)
