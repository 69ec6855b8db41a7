"""What failed in a run, said once at its end (the Snakefile's onerror handler): for each failed job its rule, its
wildcards, its log file and the first lines of that log, where every job of this workflow writes what went wrong
(scripts/_job.py: the data problems with file, line and column; a template's line; a fault's one-line summary
before its traceback).

Snakemake's own error block names the rule, the job id and every input file, but not the wildcards, and a failed
job's ``message`` shows as None; with several jobs running, their output is interleaved. This summary comes last,
just above Snakemake's closing lines, one block per failed job."""
from __future__ import annotations

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
    out = ["1 job failed; its previous files under reports/ are unchanged:" if n == 1 else
           f"{n} jobs failed; their previous files under reports/ are unchanged:"]
    for f in failed:
        wildcards = ", ".join(f"{k}={v}" for k, v in sorted(f.wildcards.items()))
        title = f.rule + (f" {f.wildcards['slug']} FY{f.wildcards['fy']}" if {"slug", "fy"} <= set(f.wildcards) else "")
        out.append(f"  {title}: rule {f.rule}" + (f", {wildcards}" if wildcards else "")
                   + (f"; its log {', '.join(f.logs)} begins:" if f.logs else "; it has no log file"))
        for log in f.logs:
            out += [f"    | {line}" for line in head(root / log, title, lines, shown_as=log)]
    return "\n".join(out)
