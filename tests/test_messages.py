"""Messages that read like a colleague's: the configuration's problems with file, line and the keys allowed
(kyosai.config), a failed job's paragraph on the console and in its log (scripts/_job.py), the summary of what
failed at the end of a run (kyosai.failures), and the review bundle's description and captions. Fast lane: no
Snakemake runs here (the end-to-end checks of the same messages are in test_workflow.py)."""
from __future__ import annotations

import re
import types
from pathlib import Path

import pytest

from conftest import ROOT
from kyosai import config as config_check

SCHEMA = config_check.load_schema(ROOT / "schemas" / "config.schema.yaml")
CONFIG = (ROOT / "config.yaml").read_text(encoding="utf-8")


def problems(tmp_path, text: str | bytes) -> list[str]:
    path = tmp_path / "config.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(config_check.ConfigError) as exc:
        config_check.check_file(path, SCHEMA, name="config.yaml")
    assert str(exc.value).startswith("The configuration has")
    return exc.value.problems


def line_of(text: str, start: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith(start))


# ---------------------------------------------------------------- the configuration

def test_the_projects_config_passes(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    assert config_check.check_file(path, SCHEMA)["diff_thresholds"]["amount_pct"] == 20


def test_a_typo_in_a_key_names_the_key_its_line_the_closest_key_and_every_key_allowed(tmp_path):
    text = CONFIG.replace("diff_thresholds:", "diff_threshold:")
    assert problems(tmp_path, text) == [
        f"config.yaml, line {line_of(text, 'diff_threshold:')}: unknown key diff_threshold (did you mean "
        f"diff_thresholds?). The keys are: unyo_years, font_path, diff_thresholds"]


def test_a_typo_in_a_nested_key_names_where_it_is(tmp_path):
    text = CONFIG.replace("  share_pt:", "  share_ptt:")
    [problem] = problems(tmp_path, text)
    assert problem == (f"config.yaml, line {line_of(text, '  share_ptt:')}: unknown key share_ptt in diff_thresholds "
                       f"(did you mean share_pt?). The keys there are: share_pt, amount_pct, yield_pt")


def test_a_key_unlike_any_says_so(tmp_path):
    [problem] = problems(tmp_path, CONFIG + "colour: blue\n")
    assert "unknown key colour (a key this workflow does not read)" in problem


def test_a_yaml_syntax_error_names_file_line_and_column(tmp_path):
    text = CONFIG.replace("  share_pt: 2.0", "  share_pt: [2.0")
    line = line_of(text, "  share_pt:")
    [problem] = problems(tmp_path, text)
    assert problem.startswith(f"config.yaml, line {line + 1}, column 13: not valid YAML: expected ',' or ']'")
    assert f"while parsing a flow sequence at line {line}, column 13" in problem


def test_a_tab_and_a_missing_colon_are_explained(tmp_path):
    [tab] = problems(tmp_path, CONFIG.replace("  share_pt: 2.0", "\tshare_pt: 2.0"))
    assert "column 1: not valid YAML: found character '\\t'" in tab and "YAML indents with spaces, not tabs" in tab
    text = CONFIG.replace("unyo_years: all", "unyo_years all")
    [colon] = problems(tmp_path, text)
    assert f"is the colon missing on line {line_of(text, 'unyo_years all')} ('unyo_years all')?" in colon
    [quotes] = problems(tmp_path, CONFIG.replace("font_path: /usr", "font_path: C: /usr"))
    assert "mapping values are not allowed here; a value with ': ' in it goes in quotes" in quotes


def test_a_key_given_twice_names_both_lines(tmp_path):
    text = CONFIG + "unyo_years: [2024]\n"
    [problem] = problems(tmp_path, text)
    assert problem == (f"config.yaml, line {len(text.splitlines())}: unyo_years is given twice "
                       f"(also on line {line_of(text, 'unyo_years:')}); keep one")


def test_a_value_the_schema_does_not_allow_names_its_line_and_what_the_key_is(tmp_path):
    text = CONFIG.replace("amount_pct: 20", "amount_pct: 2O")
    [problem] = problems(tmp_path, text)
    assert problem.startswith(f"config.yaml, line {line_of(text, '  amount_pct:')}, diff_thresholds.amount_pct: "
                              f"2O is not a number or null (off) (amounts held")
    [years] = problems(tmp_path, CONFIG.replace("unyo_years: all", "unyo_years: al"))
    assert 'unyo_years: al is not allowed ("all", or the fiscal years' in years


def test_missing_keys_are_named_once_each(tmp_path):
    assert problems(tmp_path, "# nothing yet\n") == [
        'config.yaml: unyo_years is missing ("all", or the fiscal years (e.g. 2024) to build the 運用状況 report for)',
        "config.yaml: font_path is missing (TrueType/OpenType Japanese font used for chart text)"]


def test_a_file_not_in_utf8_names_the_line(tmp_path):
    [problem] = problems(tmp_path, CONFIG.encode("cp932"))   # an editor's Shift_JIS: the comments are Japanese
    first = next(i for i, ln in enumerate(CONFIG.splitlines(), 1) if not ln.isascii())
    assert problem.startswith(f"config.yaml, line {first}: not UTF-8 text")


def test_values_without_a_file_name_the_key():
    with pytest.raises(config_check.ConfigError) as exc:
        config_check.check_values({"unyo_years": "all", "font_path": "x.ttf", "diff_treshold": {}}, SCHEMA, "--config")
    assert exc.value.problems == ["--config: unknown key diff_treshold (did you mean diff_thresholds?). "
                                  "The keys are: unyo_years, font_path, diff_thresholds"]


