"""What each chart SVG costs WeasyPrint to draw: its number of SVG nodes and the time of writing a PDF of it.

    .venv/bin/python bench/chart_cost.py                       # every reports/*/*/charts/*.svg, 5 runs each
    .venv/bin/python bench/chart_cost.py --runs 9 reports/2024/unyo-jokyo/charts
    .venv/bin/python bench/chart_cost.py --before /tmp/before  # also the same charts under another root
                                                               # (a copy of reports/ made before a change)

For each chart: ``nodes``, the number of elements in the SVG (every element, <svg>, <defs>, <metadata> and
its RDF included, as an XML parser counts them), and ``ms``, the time WeasyPrint takes to write a PDF of a
one-page HTML document with only ``<img src="chart.svg">`` on it (``HTML(...).write_pdf()``: parsing the SVG
and drawing it), minus the time of the same page without the image. Each figure is the median of --runs runs;
the runs go round every chart (and the empty page) in turn, so that a change of the machine's load touches
every chart alike. Times are wall-clock on a shared machine: compare runs made one after the other, never
figures from different days. The total is the sum of the medians.

With --before ROOT the same charts (the same paths relative to the project's reports/) are also measured
under ROOT, in the same rounds, and printed as before → after."""
from __future__ import annotations

import argparse
import statistics
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import weasyprint

ROOT = Path(__file__).resolve().parents[1]
PAGE = ("<!DOCTYPE html><html lang='ja'><head><style>@page {{ size: A4; margin: 10mm }} "
        "img {{ max-width: 100% }}</style></head><body>{}</body></html>")


def nodes(svg: Path) -> int:
    """The number of elements in an SVG file."""
    return sum(1 for _ in ET.parse(svg).iter())


def draw_seconds(svg: Path | None) -> float:
    """Seconds WeasyPrint takes to write the PDF of a page with only this SVG as an image (None: an empty page)."""
    body = f'<img src="{svg.resolve().as_uri()}" alt="">' if svg else ""
    started = time.perf_counter()
    weasyprint.HTML(string=PAGE.format(body), base_url=str(ROOT)).write_pdf()
    return time.perf_counter() - started


def charts(paths: list[str]) -> list[Path]:
    found = []
    for p in map(Path, paths or [ROOT / "reports"]):
        found += sorted(q for q in p.rglob("*.svg") if q.parent.name == "charts") if p.is_dir() else [p]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", help="SVG files or folders (default: reports/)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="a copy of reports/ to measure alongside")
    args = parser.parse_args()
    after = [p.resolve() for p in charts(args.paths)]
    reports = (ROOT / "reports").resolve()
    pairs = [(args.before / p.relative_to(reports) if args.before else None, p) for p in after]
    files = [p for pair in pairs for p in pair if p is not None]
    draw_seconds(None)                                        # warm up: fonts, stylesheets, imports
    times: dict[Path | None, list[float]] = {p: [] for p in [None, *files]}
    for _ in range(args.runs):
        for p in times:
            times[p].append(draw_seconds(p))
    empty = statistics.median(times[None])
    ms = {p: max(0.0, statistics.median(times[p]) - empty) * 1000 for p in files}
    print(f"empty page: {empty * 1000:.0f} ms (median of {args.runs}; subtracted below)")
    total = {"before": [0, 0.0], "after": [0, 0.0]}
    for before, p in pairs:
        name = p.relative_to(reports).as_posix() if p.is_relative_to(reports) else str(p)
        line = f"{name:48} {nodes(p):5d} nodes {ms[p]:7.1f} ms"
        total["after"][0] += nodes(p)
        total["after"][1] += ms[p]
        if before is not None:
            line = f"{name:48} {nodes(before):5d} → {nodes(p):5d} nodes {ms[before]:7.1f} → {ms[p]:7.1f} ms"
            total["before"][0] += nodes(before)
            total["before"][1] += ms[before]
        print(line)
    if args.before:
        print(f"{'total':48} {total['before'][0]:5d} → {total['after'][0]:5d} nodes "
              f"{total['before'][1]:7.1f} → {total['after'][1]:7.1f} ms")
    else:
        print(f"{'total':48} {total['after'][0]:5d} nodes {total['after'][1]:7.1f} ms")


if __name__ == "__main__":
    main()
