"""Shared by the Snakemake scripts: import path, failing with a clear message, input digests."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import pickle  # noqa: E402

from kyosai import dataio  # noqa: E402
from kyosai.dataio import DataError  # noqa: E402


def fail_on_data_errors(fn):
    """Run fn(); on DataError print every problem and exit 1 (Snakemake then stops the build
    before any job that writes published files)."""
    try:
        return fn()
    except DataError as exc:
        print(f"\nThe data has {len(exc.problems)} problem(s); nothing was built:", file=sys.stderr)
        for p in exc.problems:
            print(f"  - {p}", file=sys.stderr)
        sys.exit(1)


def write_model(snakemake, build, sections: tuple[str, ...]) -> None:
    """The model job of a report: check the report's data, compute its model with
    ``build(tables, fy)`` and pickle it to the rule's ``model`` output; on bad data, list every
    problem and exit 1."""
    def run():
        model = build(dataio.load_all(sections=sections), int(snakemake.wildcards.fy))
        out = Path(snakemake.output.model)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pickle.dumps(model))
    fail_on_data_errors(run)


def write_text_rendering(doc: str, table_dir: Path, fy: int, out: Path) -> None:
    """The report's tables as plain text, one line per table row (for `diff -u` and `git diff`)."""
    from kyosai import diff, diff_view

    text = diff.render_text(doc, diff.read_tables(Path(table_dir)), fy, diff_view.document_title(doc, fy))
    Path(out).write_text(text, encoding="utf-8")
