"""What every Snakemake job of the workflow shares: the import path, its log file, and failing with a
clear message.

``run(snakemake, main)`` calls ``main(snakemake)`` with everything the job prints going to the rule's ``log:``
file: its progress (stdout) only there, its warnings and problems (stderr) also to the console. The log begins
with the job's name and wildcards. When the job fails, it says so in one paragraph that begins with the job's
name, in the log, which the Snakefile's onerror summary shows at the end of the run (once, not interleaved with
other jobs' output):

- problems in the data (kyosai.dataio.DataError): every problem, one per line, naming file, line and column;
- a template that cannot be rendered (a syntax error, an undefined name or attribute): the template, its line and
  Jinja's message;
- a template that renders more rows or runs longer than its bound (kyosai.render.TemplateLimit): the template;
- publishing refused (kyosai.publish.PublishError): each file that could not be replaced;
- the job's own memory or time limit reached (``limits``: the rule's resources mem_mb and runtime);
- anything else is a fault of the code or its environment: the exception, the line of scripts/ it came from and
  the template line it passed through, then the traceback, in the log only.

The job then exits 1: its outputs are staged under build/ and published only when it succeeds, so nothing
under reports/ changes.
"""
from __future__ import annotations

import os
import resource
import signal
import sys
import threading
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jinja2 import TemplateError  # noqa: E402

from kyosai.dataio import DataError  # noqa: E402
from kyosai.publish import PublishError  # noqa: E402
from kyosai.render import TemplateLimit, template_origin  # noqa: E402

MEM_MB, RUNTIME_MIN = 2000, 10   # when a rule sets no resources (the rules set them: rules/common.smk)


class JobLimit(Exception):
    """The job reached the CPU time it is allowed."""

SCRIPTS = Path(__file__).resolve().parent


class Tee:
    """A text stream that writes to several."""

    def __init__(self, *streams):
        self.streams = streams

    def write(self, text: str) -> int:
        for s in self.streams:
            s.write(text)
            s.flush()
        return len(text)

    def flush(self) -> None:
        for s in self.streams:
            s.flush()


def title(snakemake) -> str:
    """The job as its rule's message names it: "document unyo-jokyo FY2024"."""
    w = dict(snakemake.wildcards.items())
    return " ".join([snakemake.rule] + ([w["slug"], f"FY{w['fy']}"] if {"slug", "fy"} <= set(w) else []))


def fault_origin(exc: BaseException) -> str:
    """Where in scripts/ an unexpected exception was raised: the innermost frame of our own code."""
    ours = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve().is_relative_to(SCRIPTS)]
    if not ours:
        return ""
    frame = ours[-1]
    return f" (scripts/{Path(frame.filename).resolve().relative_to(SCRIPTS).as_posix()}, line {frame.lineno})"


def in_template(exc: BaseException) -> str:
    """The template line an unexpected exception passed through, if any: ", in templates/…, line 6"."""
    origin = template_origin(exc)
    return f", in {origin}" if origin else ""


def limits(snakemake, log_path: Path, name: str):
    """The job's own bounds, from the rule's resources (mem_mb, runtime in minutes): its address space
    (RLIMIT_AS: an allocation beyond it is a MemoryError), its CPU time (RLIMIT_CPU: SIGXCPU, raised as JobLimit) and
    its wall time (a watchdog thread that writes the message and ends the process). Returns the bounds and a
    function that lifts them (the job's end; a test's process goes on)."""
    res = getattr(snakemake, "resources", None)
    mem_mb = int(getattr(res, "mem_mb", 0) or MEM_MB)
    seconds = int(float(getattr(res, "runtime", 0) or RUNTIME_MIN) * 60)
    saved = {r: resource.getrlimit(r) for r in (resource.RLIMIT_AS, resource.RLIMIT_CPU)}
    used = int(resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime)
    for r, want in ((resource.RLIMIT_AS, mem_mb * 2 ** 20), (resource.RLIMIT_CPU, used + seconds)):
        hard = saved[r][1]
        if hard == resource.RLIM_INFINITY or want <= hard:
            resource.setrlimit(r, (want, hard))

    def cpu_exceeded(signum, frame):
        raise JobLimit(f"it used its {seconds} s of CPU time (the rule's resources: runtime)")
    previous = signal.signal(signal.SIGXCPU, cpu_exceeded)

    def wall_exceeded():
        message = (f"\n{name}: stopped after {seconds} s, its time limit (the rule's resources: runtime); nothing "
                   f"was published.\n")
        try:
            with open(log_path, "a", encoding="utf-8") as log:
                log.write(message)
        finally:
            os._exit(1)
    timer = threading.Timer(seconds, wall_exceeded)
    timer.daemon = True
    timer.start()

    def lift():
        timer.cancel()
        signal.signal(signal.SIGXCPU, previous)
        for r, limit in saved.items():
            resource.setrlimit(r, limit)
    return mem_mb, seconds, lift


def run(snakemake, main) -> None:
    log_path = Path(snakemake.log[0])
    log_path.parent.mkdir(parents=True, exist_ok=True)
    name = title(snakemake)
    mem_mb, lift = MEM_MB, (lambda: None)
    with open(log_path, "w", encoding="utf-8") as log:
        out, err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = Tee(log), Tee(err, log)

        def fail(heading: str, problems) -> None:
            """The job's one-paragraph failure in its log (and on the terminal): the heading, then each problem."""
            print(f"\n{name}: {heading}", file=log)
            for p in problems:
                print(f"  - {p}", file=log)
            sys.stdout, sys.stderr = out, err
            sys.exit(1)
        try:
            wildcards = ", ".join(f"{k}={v}" for k, v in snakemake.wildcards.items())
            print(f"{name} ({wildcards})", file=log, flush=True)
            mem_mb, seconds, lift = limits(snakemake, log_path, name)
            main(snakemake)
            print("done", file=log)
        except DataError as exc:
            n = len(exc.problems)
            fail(f"{getattr(exc, 'subject', 'the data')} has {'1 problem' if n == 1 else f'{n} problems'}; "
                 f"nothing was built or published:", exc.problems)
        except PublishError as exc:
            fail("nothing was published, every file under reports/ is as it was:", exc.problems)
        except TemplateLimit as exc:
            print(f"\n{name}: a template was stopped; nothing was published:\n  - {exc}", file=log)
            sys.stdout, sys.stderr = out, err
            sys.exit(1)
        except (MemoryError, JobLimit) as exc:
            why = str(exc) if isinstance(exc, JobLimit) else (f"it needed more than its {mem_mb} MB of memory (the "
                                                              f"rule's resources: mem_mb)")
            print(f"\n{name}: stopped, {why}; nothing was published{fault_origin(exc)}.", file=log)
            sys.stdout, sys.stderr = out, err
            sys.exit(1)
        except TemplateError as exc:
            origin = template_origin(exc)
            where = f"{origin}: " if origin else (f"templates/{exc.name}: " if getattr(exc, "name", None) else "")
            print(f"\n{name}: a template cannot be rendered; nothing was published:\n  - {where}{exc.message}\n"
                  f"(the full trace is in {log_path})", file=log)
            traceback.print_exc(file=log)
            sys.stdout, sys.stderr = out, err
            sys.exit(1)
        except Exception as exc:
            print(f"\n{name} failed, a fault in the code or its environment, not in the data; nothing was "
                  f"published:\n  - {type(exc).__name__}: {exc}{fault_origin(exc)}{in_template(exc)}\n"
                  f"(the traceback is in {log_path})", file=log)
            traceback.print_exc(file=log)
            sys.stdout, sys.stderr = out, err
            sys.exit(1)
        finally:
            lift()
            sys.stdout, sys.stderr = out, err
