"""Accept a build as the publication of its year: archive its tables for the backtests (tests/test_backtest.py).

    .venv/bin/python scripts/archive.py 2025 --reason "令和7年度の運用状況、令和8年7月公表"
    (or: make archive FY=2025 REASON="...", which builds first)

Copies reports/<FY>/<slug>/tables/*.csv to reports/<FY>/published/<slug>/ for every document the year has,
after listing every figure that differs from the archive as it stands (the messages the backtest prints), and
writes archive.yaml beside them: kind accepted, the date, the reason and the SHA-256 of the publication's PDF
(reports/<FY>/<slug>.pdf) that was accepted (kyosai.published). Deliberate, never run by the build: run it when a
report is published, or when a published figure is knowingly corrected, and commit the archive. An archive that
is a seed's transcription (kind seed) is replaced only with --replace-seed: its figures are the printed ones.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from kyosai.documents import SLUGS  # noqa: E402
from kyosai.published import MANIFEST, archive_of, backtest, built_tables, label, manifest  # noqa: E402
from kyosai.tablespec import read_tables  # noqa: E402


def archive(root: Path, fy: int, reason: str, date: dt.date, replace_seed: bool = False) -> list[str]:
    """Copy the year's built tables into its archives with their manifest; returns what it did, differences first."""
    lines = []
    for doc in SLUGS:
        src, dst = built_tables(root / "reports", fy, doc), archive_of(root / "reports", fy, doc)
        if not src.is_dir():
            continue
        where = dst.relative_to(root).as_posix()
        pdf = root / "reports" / str(fy) / f"{SLUGS[doc]}.pdf"
        if not pdf.is_file():
            raise SystemExit(f"{pdf.relative_to(root)}: not built; the archive records the publication it accepts "
                             f"(build first: make reports)")
        if dst.is_dir():
            before = manifest(dst)
            if before["kind"] == "seed" and not replace_seed:
                raise SystemExit(f"{where} is the transcription of seed {before['seed']} ({before['document']}): its "
                                 f"figures are the printed ones. Correct the data, or replace it knowingly with "
                                 f"--replace-seed")
            changes = backtest(doc, read_tables(dst), read_tables(src), where, label(before))
            lines += changes or [f"{where}: no figure changed"]
        else:
            lines.append(f"{where}: new archive")
        dst.mkdir(parents=True, exist_ok=True)
        names = {p.name for p in src.glob("*.csv")}
        for stale in sorted(p for p in dst.glob("*.csv") if p.name not in names):
            stale.unlink()
        for name in sorted(names):
            shutil.copyfile(src / name, dst / name)
        record = {"kind": "accepted", "accepted": date.isoformat(), "reason": reason,
                  "publication": pdf.relative_to(root).as_posix(),
                  "publication_sha256": hashlib.sha256(pdf.read_bytes()).hexdigest()}
        (dst / MANIFEST).write_text("# What these tables are (kyosai.published.manifest): written by make archive.\n"
                                    + yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
        manifest(dst)   # as every build will read it
        lines.append(f"{where}: {len(names)} tables archived from {src.relative_to(root).as_posix()}, accepted "
                     f"{record['accepted']} ({reason}); {record['publication']} SHA-256 {record['publication_sha256']}")
    if not lines:
        raise SystemExit(f"reports/{fy}: no built tables to archive (build first: make reports)")
    return lines


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("fy", type=int, help="fiscal year of the published report, e.g. 2025")
    ap.add_argument("--reason", required=True, help="why this build is accepted (its publication, a correction)")
    ap.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today(),
                    help="the date of acceptance, YYYY-MM-DD (default: today)")
    ap.add_argument("--replace-seed", action="store_true", help="replace a seed's transcription (kind seed)")
    ap.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if not args.reason.strip():
        ap.error("--reason must say why the build is accepted")
    for line in archive(args.root, args.fy, args.reason.strip(), args.date, args.replace_seed):
        print(line)


if __name__ == "__main__":
    main()
