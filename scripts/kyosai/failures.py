"""What failed in a run, said once at its end (the Snakefile's onerror handler): for each failed job its rule, its
wildcards, its log file and the first lines of that log, where every job of this workflow writes what went wrong
(scripts/_job.py: the data problems with file, line and column; a template's line; a fault's one-line summary
before its traceback).

Snakemake's own error block names the rule, the job id and every input file, but not the wildcards, and a failed
job's ``message`` shows as None; with several jobs running, their output is interleaved. This summary comes last,
just above Snakemake's closing lines, one block per failed job."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

HEAD = 15  # lines of each job's log shown


@dataclass
class Failed:
    rule: str
    wildcards: dict[str, str] = field(default_factory=dict)
    logs: list[str] = field(default_factory=list)


def from_scheduler(workflow) -> list[Failed] | None:
    """The failed jobs as Snakemake's scheduler recorded them (None when this Snakemake keeps no such record)."""
    jobs = getattr(getattr(workflow, "scheduler", None), "failed", None)
    if jobs is None:
        return None
    return sorted((Failed(job.rule.name, {k: str(v) for k, v in job.wildcards.items()}, [str(f) for f in job.log])
                   for job in jobs), key=lambda f: (f.rule, sorted(f.wildcards.items())))


class QuietConsole(logging.Filter):
    """Snakemake's console without what the closing summary says better: each failed job's error block (its rule
    and about a hundred input files; the summary names the job, its log and the log's problem), the script's
    CalledProcessError that follows it, and the banner of the run's settings. All stay in Snakemake's own log
    (.snakemake/log/), whose handler this filter is not given."""

    DROPPED_EVENTS = {"job_error", "group_error", "workflow_started"}
    DROPPED_TEXT = ("RuleException", "Exiting because a job execution failed")

    def filter(self, record: logging.LogRecord) -> bool:
        event = getattr(record, "event", None)
        if getattr(event, "value", event) in self.DROPPED_EVENTS:
            return False
        text = record.msg if isinstance(record.msg, str) else ""
        return not text.lstrip().startswith(self.DROPPED_TEXT) and "CalledProcessError in file" not in text


def quiet_console(logger: logging.Logger) -> None:
    """QuietConsole on Snakemake's console handler (its log file's handler is made later, and keeps everything)."""
    for handler in logger.handlers:
        if getattr(handler, "name", None) == "DefaultStreamHandler" and \
                not any(isinstance(f, QuietConsole) for f in handler.filters):
            handler.addFilter(QuietConsole())


PUBLISH_RULES = ("publish_document", "publish_comparison")


@dataclass
class Publishing:
    """What a run published under reports/ and what it kept (the previous files, as they were), with why."""
    published: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)   # (what, why)


def _label(rule: str, w: dict) -> str:
    slug, fy = w.get("slug", "?"), w.get("fy", "?")
    return (f"reports/{fy}/{slug}.pdf and all its files" if rule == "publish_document" else
            f"reports/{fy}/{slug}-diff.pdf and its diff/")


def publishing(workflow) -> Publishing | None:
    """Which publish jobs of the run finished (published) and which did not (kept), each with the failed jobs of the
    same document and year (or, failing those, every failed job) as the reason; None when this Snakemake keeps no
    record of its jobs."""
    dag = getattr(workflow, "dag", None)
    failed = getattr(getattr(workflow, "scheduler", None), "failed", None)
    if dag is None or failed is None:
        return None
    try:
        jobs = [j for j in dag.needrun_jobs(exclude_finished=False) if j.rule.name in PUBLISH_RULES]
    except Exception:   # noqa: BLE001 - a Snakemake whose DAG has another shape: no account rather than none
        return None
    result = Publishing()
    failed_titles = [(j.rule.name, {k: str(v) for k, v in j.wildcards.items()}) for j in failed]
    for job in sorted(jobs, key=lambda j: (str(j.wildcards.get("fy")), str(j.wildcards.get("slug")),
                                                PUBLISH_RULES.index(j.rule.name))):
        w = {k: str(v) for k, v in job.wildcards.items()}
        label = _label(job.rule.name, w)
        if dag.finished(job):
            result.published.append(label)
            continue
        own = [r for r, fw in failed_titles if fw.get("slug") == w.get("slug") and fw.get("fy") == w.get("fy")]
        others = [r for r, fw in failed_titles if "slug" not in fw]
        why = (f"{', '.join(sorted(set(own)))} failed" if own else
               f"{', '.join(sorted(set(others)))} failed" if others else "a job it needs failed or was not run")
        result.kept.append((label, why))
    return result


def published_summary(p: Publishing) -> str:
    """What was published and what was kept, one line each."""
    out = []
    if p.published:
        out.append(f"Published ({len(p.published)}), each with all its files together:")
        out += [f"  + {what}" for what in p.published]
    if p.kept:
        out.append(f"Not published ({len(p.kept)}); their previous files are kept as they were:")
        out += [f"  - {what}: {why}" for what, why in p.kept]
    return "\n".join(out)


_ERROR = re.compile(r"^Error in rule (\S+):$")
_LOG = re.compile(r"^\s+log: (.+?) \(check log file\(s\) for error details\)$")
_JOB = re.compile(r"^\s*Job (\d+): ")
_JOBID = re.compile(r"^\s+jobid: (\d+)$")


def from_snakemake_log(text: str) -> list[Failed]:
    """The failed jobs read from Snakemake's own log (.snakemake/log/*.snakemake.log): each "Error in rule" block with
    its log files, and the wildcards from the job's message when it has the workflow's form "{rule} {slug} FY{fy}:"."""
    messages = {}
    for line in text.splitlines():
        m = _JOB.match(line)
        if m:
            messages[m[1]] = line[m.end():]
    failed, current = [], None
    for line in text.splitlines():
        m = _ERROR.match(line)
        if m:
            current = Failed(m[1])
            failed.append(current)
            continue
        if current is None:
            continue
        if not line.startswith((" ", "\t")):
            current = None
        elif (m := _JOBID.match(line)) and m[1] in messages:
            w = re.match(r"^\S+ (?P<slug>[\w-]+) FY(?P<fy>\d{4}):", messages[m[1]])
            if w:
                current.wildcards = {"fy": w["fy"], "slug": w["slug"]}
        elif m := _LOG.match(line):
            current.logs = [p.strip() for p in m[1].split(", ")]
    return failed


def head(path: Path, title: str = "", lines: int = HEAD, shown_as: str | None = None) -> list[str]:
    """The first lines of a log that say something (not blank, not its heading "<title> (...)" that
    scripts/_job.py writes), and how many more there are."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        return [f"(cannot be read: {exc.strerror})"]
    if text and title and text[0].startswith(f"{title} ("):
        text = text[1:]
    text = [line for line in text if line.strip()]
    # a traceback is for whoever debugs the code: the log keeps it, the summary stops where it begins
    trace = next((i for i, line in enumerate(text) if line.startswith("Traceback (most recent call last)")), None)
    shown = text[:min(lines, trace if trace is not None else lines)]
    if len(text) > len(shown):
        shown.append(f"… {len(text) - len(shown)} more line(s) in {shown_as or path}")
    return shown or ["(empty)"]


def summary(failed: list[Failed], root: Path = Path("."), lines: int = HEAD) -> str:
    """The end-of-run summary of the failed jobs, one block each."""
    if not failed:
        return ""
    n = len(failed)
    out = ["1 job failed:" if n == 1 else f"{n} jobs failed:"]
    for f in failed:
        wildcards = ", ".join(f"{k}={v}" for k, v in sorted(f.wildcards.items()))
        title = f.rule + (f" {f.wildcards['slug']} FY{f.wildcards['fy']}" if {"slug", "fy"} <= set(f.wildcards) else "")
        out.append(f"  {title}: rule {f.rule}" + (f", {wildcards}" if wildcards else "")
                   + (f"; its log {', '.join(f.logs)} begins:" if f.logs else "; it has no log file"))
        for log in f.logs:
            out += [f"    | {line}" for line in head(root / log, title, lines, shown_as=log)]
    return "\n".join(out)
