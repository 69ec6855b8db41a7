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
from kyosai import failures
from kyosai.dataio import DataError

SCHEMA = config_check.load_schema(ROOT / "schemas" / "config.schema.yaml")
PROJECT_CONFIG = (ROOT / "config.yaml").read_text(encoding="utf-8")
# the project's config.yaml with every key set (the diff thresholds, which take the schema's defaults there)
CONFIG = PROJECT_CONFIG + "diff_thresholds:\n  share_pt: 2.0\n  amount_pct: 20\n  yield_pt: 3.0\n"


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
    path.write_text(PROJECT_CONFIG, encoding="utf-8")
    assert "diff_thresholds" not in config_check.check_file(path, SCHEMA)
    assert config_check.settle({}, [str(path)], SCHEMA, base=str(path))["diff_thresholds"]["amount_pct"] == 20
    path.write_text(CONFIG, encoding="utf-8")
    assert config_check.check_file(path, SCHEMA)["diff_thresholds"]["amount_pct"] == 20


def test_a_typo_in_a_key_names_the_key_its_line_the_closest_key_and_every_key_allowed(tmp_path):
    text = CONFIG.replace("diff_thresholds:", "diff_threshold:")
    assert problems(tmp_path, text) == [
        f"config.yaml, line {line_of(text, 'diff_threshold:')}: unknown key diff_threshold (did you mean "
        f"diff_thresholds?). The keys are: unyo_years, chart_font_path, diff_thresholds"]


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
    [quotes] = problems(tmp_path, CONFIG.replace("chart_font_path: /usr", "chart_font_path: C: /usr"))
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
        "config.yaml: chart_font_path is missing (TrueType/OpenType Japanese font the charts are drawn in (the pages "
        "use the family templates/report.css names))"]


def test_a_file_not_in_utf8_names_the_line(tmp_path):
    [problem] = problems(tmp_path, CONFIG.encode("cp932"))   # an editor's Shift_JIS: the comments are Japanese
    first = next(i for i, ln in enumerate(CONFIG.splitlines(), 1) if not ln.isascii())
    assert problem.startswith(f"config.yaml, line {first}: not UTF-8 text")


def test_values_without_a_file_name_the_key():
    with pytest.raises(config_check.ConfigError) as exc:
        config_check.check_values({"unyo_years": "all", "chart_font_path": "x.ttf", "diff_treshold": {}}, SCHEMA, "--config")
    assert exc.value.problems == ["--config: unknown key diff_treshold (did you mean diff_thresholds?). "
                                  "The keys are: unyo_years, chart_font_path, diff_thresholds"]


# ---------------------------------------------------------------- a failed job, and the summary at the end

def fake_job(tmp_path):
    log = tmp_path / "build" / "logs" / "2024" / "unyo-jokyo.log"
    return types.SimpleNamespace(log=[str(log)], rule="document", wildcards={"fy": "2024", "slug": "unyo-jokyo"}), log


def run_job(snakemake, main, capsys):
    import _job
    with pytest.raises(SystemExit) as exc:
        _job.run(snakemake, main)
    assert exc.value.code == 1
    return capsys.readouterr()


def test_a_data_error_is_one_paragraph_in_the_log_and_nothing_on_the_console(tmp_path, capsys):
    """The job prints nothing of it: the run's closing summary shows the log's paragraph, once (several jobs'
    output would be interleaved, and each problem printed twice)."""
    snakemake, log = fake_job(tmp_path)

    def main(_):
        print("checked 28 data files")
        raise DataError(["data/unyo/holdings.csv, line 6, column amount: '4O91': expected a number in 億円"])

    out = run_job(snakemake, main, capsys)
    paragraph = ("document unyo-jokyo FY2024: the data has 1 problem; nothing was built or published:\n"
                 "  - data/unyo/holdings.csv, line 6, column amount: '4O91': expected a number in 億円\n")
    assert out.out == "" and out.err == ""
    assert log.read_text(encoding="utf-8") == ("document unyo-jokyo FY2024 (fy=2024, slug=unyo-jokyo)\n"
                                               "checked 28 data files\n\n" + paragraph)


def test_a_fault_names_the_exception_and_our_line_its_traceback_only_in_the_log(tmp_path, capsys):
    snakemake, log = fake_job(tmp_path)

    def main(_):
        {}["missing"]

    out = run_job(snakemake, main, capsys)
    assert out.err == ""
    text = log.read_text(encoding="utf-8")
    assert ("\ndocument unyo-jokyo FY2024 failed, a fault in the code or its environment, not in the data; nothing was "
            "published:\n  - KeyError: 'missing'") in text and f"(the traceback is in {log})" in text
    assert "Traceback (most recent call last)" in text
    assert failures.head(log, "document unyo-jokyo FY2024")[-2] == f"(the traceback is in {log})"


def test_the_fault_origin_is_the_innermost_line_of_scripts():
    import _job
    with pytest.raises(AttributeError) as exc:
        _job.title(types.SimpleNamespace(rule="x", wildcards=None))
    line = next(i for i, text in enumerate((ROOT / "scripts" / "_job.py").read_text(encoding="utf-8").splitlines(), 1)
                if "w = dict(snakemake.wildcards.items())" in text)   # where None.items() fails
    assert _job.fault_origin(exc.value) == f" (scripts/_job.py, line {line})"



# A misspelt name in a template (issue #20): the console names the template and its line, whether the name is printed
# as it is or passed through one of our filters first (which used to fail inside the filter, as "a fault in the code").
MISSPELT = "<p>資産</p>\n<p>\n{{{{ {expr} }}}}\n</p>\n"


@pytest.mark.parametrize("expr", ["model.availabel", "model.availabel | oku", "model.availabel | num(0)",
                                  "(model.availabel | fys) ~ '末'"])
def test_a_misspelt_name_in_a_template_is_named_with_the_template_and_its_line(tmp_path, capsys, expr):
    from kyosai import render
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "returns.html.j2").write_text(MISSPELT.format(expr=expr), encoding="utf-8")
    snakemake, log = fake_job(tmp_path)

    def main(_):
        render.environment(tmp_path / "t").get_template("returns.html.j2").render(model={"available": "x"})

    out = run_job(snakemake, main, capsys)
    where = f"{tmp_path / 't' / 'returns.html.j2'}, line 3: "
    # the job's paragraph is in its log; the run's closing summary prints it on the console (failures.head)
    assert out.err == ""
    shown = "\n".join(failures.head(log, "document unyo-jokyo FY2024"))
    assert shown.startswith("document unyo-jokyo FY2024: a template cannot be rendered; nothing was published:\n"
                            f"  - {where}"), shown
    assert "'dict object' has no attribute 'availabel'" in shown
    assert "Traceback" not in shown and "Traceback" in log.read_text(encoding="utf-8")


def test_a_fault_inside_a_filter_names_the_template_line_it_came_from(tmp_path, capsys):
    from kyosai import render
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "returns.html.j2").write_text(MISSPELT.format(expr="model.available | pct"), encoding="utf-8")
    snakemake, log = fake_job(tmp_path)

    def main(_):
        render.environment(tmp_path / "t").get_template("returns.html.j2").render(model={"available": "x"})

    run_job(snakemake, main, capsys)
    shown = "\n".join(failures.head(log, "document unyo-jokyo FY2024"))
    assert "a fault in the code or its environment" in shown
    assert f", in {tmp_path / 't' / 'returns.html.j2'}, line 3\n" in shown + "\n", shown


def test_a_syntax_error_in_a_real_template_is_named_relative_to_the_project(tmp_path, capsys):
    import jinja2
    from kyosai import render
    snakemake, log = fake_job(tmp_path)

    def main(_):
        render.environment().from_string("{{ x }")

    def real(_):
        try:
            main(_)
        except jinja2.TemplateSyntaxError as exc:     # as if from a file of templates/
            exc.filename = str(ROOT / "templates" / "unyo-jokyo" / "returns.html.j2")
            exc.lineno = 6
            raise
    run_job(snakemake, real, capsys)
    shown = "\n".join(failures.head(log, "document unyo-jokyo FY2024"))
    assert "  - templates/unyo-jokyo/returns.html.j2, line 6: unexpected '}'" in shown, shown


SNAKEMAKE_LOG = """\
[Tue Dec  1 10:28:29 2026]
Job 6: document unyo-jokyo FY2024: checks, model, tables, charts, PDF (staged in build/2024/unyo-jokyo/)
Reason: Missing output files: build/2024/unyo-jokyo/unyo-jokyo.pdf
RuleException:
CalledProcessError in file "rules/documents.smk", line 36:
[Tue Dec  1 10:28:32 2026]
Error in rule document:
    message: None
    jobid: 6
    input: data/datapackage.yaml, data/common/asset_classes.csv
    output: build/2024/unyo-jokyo/unyo-jokyo.pdf
    log: build/logs/2024/unyo-jokyo.log (check log file(s) for error details)
Error in rule publish_review:
    jobid: 9
    log: build/logs/2025/shikyuritsu-review-publish.log (check log file(s) for error details)
Shutting down, this might take some time.
"""


def test_the_failed_jobs_are_read_from_snakemakes_log():
    assert failures.from_snakemake_log(SNAKEMAKE_LOG) == [
        failures.Failed("document", {"fy": "2024", "slug": "unyo-jokyo"}, ["build/logs/2024/unyo-jokyo.log"]),
        failures.Failed("publish_review", {}, ["build/logs/2025/shikyuritsu-review-publish.log"])]


def test_the_summary_names_rule_wildcards_and_log_and_shows_its_first_lines(tmp_path):
    log = tmp_path / "build" / "logs" / "2024" / "unyo-jokyo.log"
    log.parent.mkdir(parents=True)
    log.write_text("document unyo-jokyo FY2024 (fy=2024, slug=unyo-jokyo)\n\n"
                   + "".join(f"line {i}\n" for i in range(1, 31)), encoding="utf-8")
    text = failures.summary([failures.Failed("document", {"fy": "2024", "slug": "unyo-jokyo"},
                                             ["build/logs/2024/unyo-jokyo.log"]),
                             failures.Failed("publish_review", {}, [])], root=tmp_path)
    lines = text.splitlines()
    assert lines[:3] == [
        "2 jobs failed:",
        "  document unyo-jokyo FY2024: rule document, fy=2024, slug=unyo-jokyo; its log "
        "build/logs/2024/unyo-jokyo.log begins:",
        "    | line 1"]                               # the log's own heading is not repeated, nor blank lines
    assert lines[16] == "    | line 15" and lines[17] == "    | … 15 more line(s) in build/logs/2024/unyo-jokyo.log"
    assert lines[18] == "  publish_review: rule publish_review; it has no log file"
    assert failures.summary([]) == ""


def test_an_unreadable_log_is_said_so(tmp_path):
    text = failures.summary([failures.Failed("document", {}, ["missing.log"])], root=tmp_path)
    assert text.splitlines()[-1] == "    | (cannot be read: No such file or directory)"


# ---------------------------------------------------------------- the review bundle

def test_the_bundle_has_a_description_and_every_caption_exists():
    assert re.search(r'^report: "report/workflow\.rst"$', (ROOT / "Snakefile").read_text(encoding="utf-8"), re.M)
    assert (ROOT / "report" / "workflow.rst").is_file()
    rules = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "rules").glob("*.smk")))
    captions = set(re.findall(r'caption="\.\./report/([\w-]+\.rst)"', rules))
    assert captions == {"document.rst", "review.rst", "workbook.rst", "qa.rst", "diff.rst", "table.rst", "chart.rst"}
    assert all((ROOT / "report" / c).is_file() for c in captions)


def test_every_edition_and_log_a_reviewer_reads_is_in_the_bundle():
    rules = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "rules").glob("*.smk")))
    for path in ("reports/{fy}/{slug}.pdf", "reports/{fy}/{slug}-review.pdf", "reports/{fy}/{slug}.xlsx",
                 "reports/{fy}/{slug}/qa.md", "reports/{fy}/{slug}-diff.pdf", "reports/{fy}/{slug}-diff.html"):
        assert f'report(update("{path}"), caption=' in rules, path


def test_the_summary_stops_where_a_traceback_begins(tmp_path):
    """A template error: the job's paragraph, then its traceback (kept in the log, not shown at the end of the run)."""
    log = tmp_path / "job.log"
    log.write_text("checked 32 data files\ndocument unyo-jokyo FY2024: a template cannot be rendered; nothing was "
                   "published:\n  - templates/unyo-jokyo/returns.html.j2, line 6: unexpected '}'\n"
                   "Traceback (most recent call last):\n  File \"scripts/_job.py\", line 74, in run\n", encoding="utf-8")
    assert failures.head(log) == ["checked 32 data files",
                                  "document unyo-jokyo FY2024: a template cannot be rendered; nothing was published:",
                                  "  - templates/unyo-jokyo/returns.html.j2, line 6: unexpected '}'",
                                  f"… 2 more line(s) in {log}"]
