"""What every Snakemake job of the workflow shares: the import path, its log file, and failing with a
clear message.

``run(snakemake, main)`` calls ``main(snakemake)`` with everything the job prints going both to the console
and to the rule's ``log:`` file. Problems in the data (kyosai.dataio.DataError) are listed one per line,
naming file, line and column, and the job exits 1: its outputs are staged under build/ and published only
when it succeeds, so nothing under reports/ changes. Any other error is a fault of the code: its traceback
goes to the log too.
"""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jinja2 import TemplateError  # noqa: E402

from kyosai.dataio import DataError  # noqa: E402


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


def run(snakemake, main) -> None:
    log_path = Path(snakemake.log[0])
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w", encoding="utf-8") as log:
        out, err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = Tee(out, log), Tee(err, log)
        try:
            wildcards = ", ".join(f"{k}={v}" for k, v in snakemake.wildcards.items())
            print(f"{snakemake.rule} ({wildcards})", file=log, flush=True)
            main(snakemake)
            print("done", file=log)
        except DataError as exc:
            print(f"\nThe data has {len(exc.problems)} problem(s); nothing was built or published:", file=sys.stderr)
            for p in exc.problems:
                print(f"  - {p}", file=sys.stderr)
            sys.stdout, sys.stderr = out, err
            sys.exit(1)
        except TemplateError as exc:
            where = f"templates/{exc.name}, line {exc.lineno}: " if getattr(exc, "lineno", None) else ""
            print(f"\nA template cannot be rendered; nothing was published:\n  - {where}{exc.message}\n"
                  f"(the full trace is in {log_path})", file=err)
            traceback.print_exc(file=log)
            sys.stdout, sys.stderr = out, err
            sys.exit(1)
        except Exception:
            traceback.print_exc()
            sys.stdout, sys.stderr = out, err
            sys.exit(1)
        finally:
            sys.stdout, sys.stderr = out, err
