"""What every Snakemake job of the workflow shares: the import path, its log file, and failing with a
clear message.

``run(snakemake, main)`` calls ``main(snakemake)`` with everything the job prints going to the rule's ``log:``
file: its progress (stdout) only there, its warnings and problems (stderr) also to the console. The log begins
with the job's name and wildcards. When the job fails, it says so in one paragraph that begins with the job's
name, on the console and in the log (where the Snakefile's onerror summary reads it):

- problems in the data (kyosai.dataio.DataError): every problem, one per line, naming file, line and column;
- a template that cannot be rendered (a syntax error, an undefined name or attribute): the template, its line and
  Jinja's message;
- anything else is a fault of the code or its environment: the exception, the line of scripts/ it came from and
  the template line it passed through, then the traceback, in the log only.

The job then exits 1: its outputs are staged under build/ and published only when it succeeds, so nothing
under reports/ changes.
"""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jinja2 import TemplateError  # noqa: E402

from kyosai.dataio import DataError  # noqa: E402
from kyosai.render import template_origin  # noqa: E402

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


def run(snakemake, main) -> None:
    log_path = Path(snakemake.log[0])
    log_path.parent.mkdir(parents=True, exist_ok=True)
    name = title(snakemake)
    with open(log_path, "w", encoding="utf-8") as log:
        out, err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = Tee(log), Tee(err, log)
        try:
            wildcards = ", ".join(f"{k}={v}" for k, v in snakemake.wildcards.items())
            print(f"{name} ({wildcards})", file=log, flush=True)
            main(snakemake)
            print("done", file=log)
        except DataError as exc:
            n = len(exc.problems)
            print(f"\n{name}: {getattr(exc, 'subject', 'the data')} has {'1 problem' if n == 1 else f'{n} problems'}; "
                  f"nothing was built or published:", file=sys.stderr)
            for p in exc.problems:
                print(f"  - {p}", file=sys.stderr)
            sys.stdout, sys.stderr = out, err
            sys.exit(1)
        except TemplateError as exc:
            origin = template_origin(exc)
            where = f"{origin}: " if origin else (f"templates/{exc.name}: " if getattr(exc, "name", None) else "")
            print(f"\n{name}: a template cannot be rendered; nothing was published:\n  - {where}{exc.message}\n"
                  f"(the full trace is in {log_path})", file=sys.stderr)
            traceback.print_exc(file=log)
            sys.stdout, sys.stderr = out, err
            sys.exit(1)
        except Exception as exc:
            print(f"\n{name} failed, a fault in the code or its environment, not in the data; nothing was "
                  f"published:\n  - {type(exc).__name__}: {exc}{fault_origin(exc)}{in_template(exc)}\n"
                  f"(the traceback is in {log_path})", file=sys.stderr)
            traceback.print_exc(file=log)
            sys.stdout, sys.stderr = out, err
            sys.exit(1)
        finally:
            sys.stdout, sys.stderr = out, err
