"""The documents, each declared once: the one place that names them. The rules, the data check, the comparison, the
review bundle's captions, the benchmark and the tests all read this registry.

A document is its package (kyosai.<key>: model, tables, charts, view; kyosai.document says the shape), its data
folder (data/<key>/), its templates (templates/<slug>.html.j2, templates/<slug>/) and one ``Entry`` below.
Its modules are imported only when asked for, so that the planning imports nothing of the rendering.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One kind of document."""
    key: str                          # its data folder (data/<key>/) and package (kyosai.<key>)
    slug: str                         # its file names: reports/<FY>/<slug>.pdf, templates/<slug>/
    name_ja: str                      # what the comparison calls it (前回の運用状況の報告)
    caption: str                      # the review bundle's caption of its PDF and HTML ({fy}: the fiscal year)
    years_setting: str | None = None  # the config key choosing its years ("all" or a list); None: every year with data

    @property
    def package(self) -> str:
        return f"kyosai.{self.key}"

    def module(self, part: str):
        """kyosai.<key>.<part>, imported when first asked for."""
        return importlib.import_module(f"{self.package}.{part}")

    def source(self, part: str) -> str:
        """The file of one of its modules, as the rules name it: scripts/kyosai/<key>/<part>.py."""
        return f"scripts/{self.package.replace('.', '/')}/{part}.py"

    @property
    def model(self):
        """DATA_SECTIONS, YEAR_RESOURCES, years(data), build(data, fy): light (no rendering import)."""
        return self.module("model")

    @property
    def tables(self):
        """TABLES (kyosai.tablespec.TableSet) and, optionally, TEXT_GROUPS_JA."""
        return self.module("tables")

    @property
    def charts(self):
        return self.module("charts")

    @property
    def view(self):
        """DOCUMENT: the kyosai.document.Document that renders the model."""
        return self.module("view")


ENTRIES = (
    Entry("unyo", "unyo-jokyo", "運用状況の報告",
          "「小規模企業共済資産 運用状況」 for fiscal year {fy}: the full report (概況, 基本ポートフォリオと乖離, "
          "運用ガバナンス, 運用利回り, 運用資産額・責任準備金・利益剰余金, キャッシュ・フロー, 自家運用資産, 委託運用資産, "
          "運用中ファンド一覧): the publication edition, as printed, nothing internal (the QA log is in the review "
          "edition). Source layout: seed 000 (令和6年度) and 001 (令和4年度).",
          years_setting="unyo_years"),
    Entry("shikyuritsu", "shikyuritsu", "支給率の資料",
          "「令和N年度付加共済金の支給率について」 for rate fiscal year {fy}: 付加共済金の概要, 支給率の基準となる率, "
          "その他の事情 (committee decisions, 推計リスク) and the decided rate: the publication edition, as printed (the "
          "scenarios of 参考計算 are in the review edition only). Source layout: seed 002."),
    Entry("bunseki", "bunseki", "運用環境と財政の分析",
          "「小規模企業共済 運用環境と財政の分析」 for fiscal year {fy}: the analysis pack rebuilt every year from the data "
          "of the 運用状況 and the 支給率 (要旨, キャッシュ・フロー, 基礎的な収益, 利益剰余金と日経平均, 繰越欠損金削減計画と実績, "
          "支給率の推移と感応度, 財政収支の予測と実績): the publication edition, nothing internal. Source: seeds 003 and 004."),
    # a new document: its package, data folder and templates, and one more Entry here
)

DOCUMENTS = {e.key: e for e in ENTRIES}            # key → Entry
SLUGS = {e.key: e.slug for e in ENTRIES}           # key (data folder, package) → slug (file names)
KEYS = {e.slug: e.key for e in ENTRIES}            # slug → key

if len(SLUGS) != len(ENTRIES) or len(KEYS) != len(ENTRIES):
    raise ValueError("kyosai.documents: two entries share a key or a slug")


def of_slug(slug: str) -> Entry:
    return DOCUMENTS[KEYS[slug]]


def model_module(key: str):
    """kyosai.<key>.model (Entry.model)."""
    return DOCUMENTS[key].model


def view_module(key: str):
    """kyosai.<key>.view: DOCUMENT, the Document that renders the model (Entry.view)."""
    return DOCUMENTS[key].view


def years_settings() -> dict[str, str]:
    """The config keys choosing a document's years → the document's key (config.yaml's unyo_years → unyo)."""
    return {e.years_setting: e.key for e in ENTRIES if e.years_setting}
