"""Adding a table to the 運用状況 touches four files (issue #21: at most five, its data and template included).

A worked example, in a copy of the project: a table of 国内債券(簿価) by remaining maturity, added as a newcomer would.
The files it touches, and nothing else:

1. ``data/unyo/bond_maturities.csv``            the figures (one row per fiscal year and bucket, with its source)
2. ``data/datapackage.yaml``                    the resource: its path, fields, units and checks
3. ``scripts/kyosai/unyo/tables.py``            one declaration: ``TABLES.year_table("bond_maturities", title,
                                                keys=..., columns=...)`` (its rows are the year's rows of the file;
                                                decimals and units as the columns declare them)
4. ``templates/unyo-jokyo/bonds-book.html.j2``  where it prints: ``{{ m.declared_table(tables.printed(
                                                "bond_maturities", model)) }}``

From that one declaration the model carries the year's rows (``model["year_rows"]``), the table is written as
``tables/bond_maturities.csv`` (and compared with last year by the diff, as every declared table is), the page prints
it with its declared formats, and ``make check`` demands the rows of each year (or a gap declared in
data/unyo/gaps.csv; to declare one, the resource joins gaps.csv's ``resource`` enum in the same datapackage.yaml).
The build of the copy runs the real rules (Snakemake, the document job) for the page of FY2024."""
from __future__ import annotations

import csv

import pytest

from conftest import Workspace, edit

RESOURCE = """
- name: bond_maturities
  path: unyo/bond_maturities.csv
  description: 国内債券(簿価) at year end by remaining maturity (億円).
  schema:
    primaryKey: [fiscal_year, bucket]
    fields:
    - {name: fiscal_year, type: integer, constraints: {required: true, minimum: 1965, maximum: 2100}}
    - {name: bucket, type: string, constraints: {required: true, enum: [1年以内, 1年超5年以内, 5年超]}}
    - {name: amount, type: number, unit: 億円, constraints: {required: true, minimum: 0, maximum: 1000000}}
    - {name: share, type: number, unit: '%', constraints: {required: true, minimum: 0, maximum: 100}}
    - {name: source, type: string, constraints: {required: true}}
"""
ROWS = """fiscal_year,bucket,amount,share,source
2022,1年以内,10123,15.36,test
2022,1年超5年以内,30456,46.22,test
2022,5年超,25321,38.42,test
2024,1年以内,11234.4,17.06,test
2024,1年超5年以内,31567.6,47.94,test
2024,5年超,23045,35.00,test
"""
DECLARATION = '''

TABLES.year_table("bond_maturities", "国内債券（簿価）の残存期間別残高", keys=("bucket",), label_from=("bucket",), columns=(
    year("fiscal_year", "年度", "doc"), text("bucket", "残存期間"), amount("amount", "簿価"), share("share", "構成比", 2)))
'''


@pytest.mark.e2e
def test_a_table_added_in_four_files_is_built_checked_and_printed(tmp_path):
    (tmp_path / "project").mkdir()
    ws = Workspace(tmp_path / "project")
    root = ws.path
    (root / "data/unyo/bond_maturities.csv").write_text(ROWS, encoding="utf-8")                               # 1
    package = root / "data/datapackage.yaml"                                                                   # 2
    edit(package, "\n- name: fund_performance\n", RESOURCE + "\n- name: fund_performance\n")
    tables = root / "scripts/kyosai/unyo/tables.py"                                                          # 3
    edit(tables, "\n\n# ---------------------------------------------------------------- 7 委託運用資産",
         DECLARATION + "\n\n# ---------------------------------------------------------------- 7 委託運用資産")
    edit(root / "templates/unyo-jokyo/bonds-book.html.j2", "{{ m.notes(t, [\"bonds_book.note\"]) }}",       # 4
         "{{ m.notes(t, [\"bonds_book.note\"]) }}\n{{ m.declared_table(tables.printed(\"bond_maturities\", model)) }}")

    result = ws.snakemake("build/2024/unyo-jokyo/unyo-jokyo.html", cores=2)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    with open(root / "build/2024/unyo-jokyo/tables/bond_maturities.csv", encoding="utf-8-sig", newline="") as f:
        written = list(csv.DictReader(f))
    # the year's rows, rounded as declared (簿価 whole 億円, 構成比 two decimals), the document's year filled in
    assert written == [{"fiscal_year": "2024", "bucket": "1年以内", "amount": "11234", "share": "17.06"},
                       {"fiscal_year": "2024", "bucket": "1年超5年以内", "amount": "31568", "share": "47.94"},
                       {"fiscal_year": "2024", "bucket": "5年超", "amount": "23045", "share": "35.00"}]
    html = (root / "build/2024/unyo-jokyo/unyo-jokyo.html").read_text(encoding="utf-8")
    table = html[html.index("<caption>国内債券（簿価）の残存期間別残高</caption>"):].split("</table>", 1)[0]
    assert "簿価（億円）" in table and "構成比（%）" in table
    for bucket, amount, share in (("1年以内", "11,234", "17.06%"), ("1年超5年以内", "31,568", "47.94%"),
                                  ("5年超", "23,045", "35.00%")):
        assert f">{bucket}</t" in table and f">{amount}</td>" in table and f">{share}</td>" in table, table

    # what make check demands of a year follows from the declaration: without its 2024 rows, the year is refused
    # with the file named and what to add
    (root / "data/unyo/bond_maturities.csv").write_text("\n".join(ROWS.splitlines()[:4]) + "\n", encoding="utf-8")
    refused = ws.snakemake("build/2024/unyo-jokyo/unyo-jokyo.html", cores=1)
    out = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert ("data/unyo/bond_maturities.csv: the 令和6年度 report needs it, but there is no 国内債券（簿価）の残存期間別残高 "
            "(the table bond_maturities): add the rows for fiscal_year 2024, or declare the gap in data/unyo/gaps.csv") in out, out[-3000:]
