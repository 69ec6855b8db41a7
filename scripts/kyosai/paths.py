"""Where the project's folders are, named once: the checkout's root, its data, its templates and its reports."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
TEMPLATES = ROOT / "templates"
REPORTS = ROOT / "reports"
