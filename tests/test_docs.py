"""The documentation stays honest (issue #21): the README is short enough to read in ten minutes and opens with its
contents; every path, link, make target and test file the documentation names exists; and no page states a number
of tests, which would be stale the day a test is added (pytest counts them: `pytest --collect-only -q`)."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, ROOT / "bench" / "README.md", ROOT / "data" / "README.md", ROOT / "tests" / "README.md",
         ROOT / "requirements" / "README.md", ROOT / "reports" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MAX_README_LINES = 250

# Paths under these are written by a build or a set-up, not kept in the repository.
GENERATED = {"build", ".venv", ".venv-mutate", ".snakemake", "entry"}
FILE_ENDINGS = (".py", ".smk", ".md", ".yaml", ".yml", ".csv", ".j2", ".css", ".rst", ".txt", ".json", ".sh", ".in",
                ".ini", ".tsv")


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped (letters of any script kept), spaces as -."""
    return re.sub(r"[^\w\- ]", "", heading.replace("`", "").strip().lower()).replace(" ", "-")


def headings(text: str, levels: str = "#{2,6}") -> list[str]:
    return [m[1].strip() for m in re.finditer(rf"^{levels} (.+)$", without_code_blocks(text), re.M)]


def without_code_blocks(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.M | re.S)


def code_spans(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", without_code_blocks(text))


def links(text: str) -> list[str]:
    return [t for t in re.findall(r"\]\(([^)\s]+)\)", without_code_blocks(text))
            if not re.match(r"[a-z]+:", t)]


def named_paths(text: str) -> list[str]:
    """The repository paths a page names in code: a word with a slash or a file ending, no placeholder in it."""
    found = []
    for span in code_spans(text):
        for word in span.split():
            word = word.rstrip(",;:)").lstrip("(")
            if re.search(r"[<>{}*…$=]|://|^-|^\.\./\.\.|^/", word) or not re.fullmatch(r"[\w./-]+", word):
                continue
            if "/" in word or word.endswith(FILE_ENDINGS):
                found.append(word)
    return found


def exists(word: str, page: Path) -> bool:
    first = word.strip("/").split("/")[0]
    if first in GENERATED or (first == "reports" and "published" not in word and word.strip("/") != "reports"):
        return True   # written by a build (reports/2024/unyo-jokyo.pdf), not kept in git
    bases = (ROOT, page.parent, ROOT / "scripts")
    if "/" not in word:   # a bare file name is a file of the page's own folder, or one named elsewhere in full
        return True
    if not word.endswith(FILE_ENDINGS) and not any((base / first).exists() for base in bases):
        return True   # not a path of the repository (tables/ inside a report's folder, t16/t4)
    return any((base / word).exists() and (base / word).resolve().is_relative_to(ROOT) for base in bases)


def test_the_readme_is_short_and_opens_with_its_contents():
    text = README.read_text(encoding="utf-8")
    lines = text.count("\n")
    assert lines <= MAX_README_LINES, f"README.md has {lines} lines; at most {MAX_README_LINES} (move detail to docs/)"
    assert headings(text, "##")[0] == "Contents", "the README's first section is its contents"
    contents = text.split("## Contents", 1)[1].split("\n## ", 1)[0]
    entries = re.findall(r"^\s*- \[([^\]]+)\]\(#([^)]+)\)", contents, re.M)
    assert entries, "the contents list is a list of links to the README's headings"
    every_heading = {anchor(h): h for h in headings(text) if h != "Contents"}
    for title, target in entries:
        assert target in every_heading, f"the contents entry {title!r} (#{target}) is no heading of README.md"
        assert anchor(title) == target, f"the contents entry {title!r} links to #{target}, another heading"
    listed = {target for _, target in entries}
    missing = [h for h in headings(text, "##") if h != "Contents" and anchor(h) not in listed]
    assert not missing, f"README sections missing from its contents: {missing}"
    for needed in ("The two commands", "What a build writes", "Adding next year", "Comparing with last year",
                   "Troubleshooting"):
        assert needed in every_heading.values(), f"the README has no section {needed!r}"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_link_and_path_a_page_names_exists(page):
    text = page.read_text(encoding="utf-8")
    wrong = []
    for target in links(text):
        path, _, fragment = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            wrong.append(f"link {target}: no such file")
        elif fragment and file.suffix == ".md" and fragment not in {anchor(h) for h in
                                                                      headings(file.read_text(encoding="utf-8"), "#{1,6}")}:
            wrong.append(f"link {target}: {file.relative_to(ROOT)} has no heading #{fragment}")
    for word in named_paths(text):
        if not exists(word, page):
            wrong.append(f"path {word}: not in the repository")
    assert not wrong, f"{page.relative_to(ROOT)}:\n  " + "\n  ".join(wrong)


def make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {t for line in re.findall(r"^([\w .$()/-]+?):(?!=)", makefile, re.M) for t in line.split()}


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_make_target_and_test_file_named_exists(page):
    text = page.read_text(encoding="utf-8")
    code = "\n".join(code_spans(text) + code_blocks(text))
    targets = make_targets()
    unknown = sorted({t for t in re.findall(r"(?<!install )\bmake ([a-z][\w-]*)", code) if t not in targets})
    assert not unknown, f"{page.relative_to(ROOT)} names make targets the Makefile does not have: {unknown}"
    tests = sorted({t for t in re.findall(r"\b(?:tests/)?(test_\w+\.py)\b", text) if not (ROOT / "tests" / t).is_file()})
    assert not tests, f"{page.relative_to(ROOT)} names test files that do not exist: {tests}"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_no_page_states_a_number_of_tests(page):
    """A count of tests is stale the day a test is added; pytest --collect-only counts them."""
    counts = re.findall(r"\b\d[\d,]*\s+(?:[\w-]+\s+){0,3}tests\b", page.read_text(encoding="utf-8"))
    assert not counts, f"{page.relative_to(ROOT)} states numbers of tests: {counts}"


def test_the_checks_find_what_is_wrong(tmp_path):
    """The checks above are not vacuous: a missing file, a missing heading and an unknown target are caught."""
    page = tmp_path / "page.md"
    text = "# A\n\n## B\n\nSee [x](nothing.md), [b](#b), `scripts/kyosai/nothing.py`, `reports/2024/x.pdf`, `make nothing`."
    assert links(text) == ["nothing.md", "#b"]
    assert named_paths(text) == ["scripts/kyosai/nothing.py", "reports/2024/x.pdf"]
    assert not exists("scripts/kyosai/nothing.py", page) and exists("scripts/kyosai/numbers.py", page)
    assert exists("kyosai/numbers.py", page)   # a module path as the code names it, under scripts/
    assert not exists("script/numbers.py", page) and not exists("scripts/nothing/", page)
    assert not exists("../shared/seeds/", ROOT / "data" / "README.md")   # outside the repository: a clone has none
    assert anchor("Next year's data") == "next-years-data"
    assert anchor("data/shikyuritsu/ (the 支給率 document)") == "datashikyuritsu-the-支給率-document"
    assert "nothing" not in make_targets() and {"reports", "test", "test-fast", "check", "archive"} <= make_targets()
    assert re.findall(r"\b\d[\d,]*\s+(?:[\w-]+\s+){0,3}tests\b", "the fast lane (665 unit and model tests)")
