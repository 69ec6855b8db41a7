"""The cash-flow table (キャッシュ・フロー) that the 運用状況 (seed 001 §3) and the analysis (seed 003 §1) both print:
its columns and rows declared once here; each document names the table and gives its own seed's headings."""
from __future__ import annotations

from . import era
from .tablespec import TableSet, flow, in_oku, year

# the model's cash-flow series (model["cash_flows"]["rows"]), in the order the table prints them, in 億円:
# 掛金収入 (a), 共済金等支出 (b), 収支差 (a − b), 国内債券(簿価)利金等収入, 収支差＋利金収入, 国内債券(簿価)償還金
ITEMS = ("contributions", "benefits", "balance", "bond_interest", "balance_with_interest", "bond_redemptions")


def cash_flow_table(tables: TableSet, id: str, title: str, labels: tuple[str, ...], printed: tuple[str, ...]):
    """Declare the cash-flow table in ``tables``: ``labels`` are its columns' names (CSV, workbook, comparison),
    ``printed`` the heads as the document's seed prints them, one of each per item of ITEMS. Returns the function
    that computes its rows."""
    if not len(labels) == len(printed) == len(ITEMS):
        raise ValueError(f"{id}: {len(ITEMS)} labels and printed heads wanted, one per item {ITEMS}")
    columns = (year("fiscal_year", "年度"),
               *(flow(f"{item}_oku", label, printed=head) for item, label, head in zip(ITEMS, labels, printed)))

    @tables.table(id, title, keys=("fiscal_year",), history=True, list_rows=False, columns=columns)
    def cash_flows(model: dict) -> list[dict]:
        return in_oku(model["cash_flows"]["rows"], ITEMS)
    return cash_flows


def flow_rows(records, carried, balance_label: str, with_interest_label: str) -> list[dict]:
    """The cash-flow series of ``records`` (rows of data/unyo/cash_flows.csv, in order): each year's items, its
    収支差 (a − b) and 収支差＋利金収入 (a − b + d) reconciled with the published figures (kyosai.carried.Carried:
    the published one printed where the data carries it), the QA log naming them "<年度> <label>"."""
    rows = []
    for r in records:
        y = r["fiscal_year"]
        balance = r["contributions"] - r["benefits"]
        bal = carried.figure(y, "cash_flow_balance", "all", balance, f"{era.fy_long(y)} {balance_label}")
        bal_i = carried.figure(y, "cash_flow_balance_with_interest", "all", balance + r["bond_interest"],
                               f"{era.fy_long(y)} {with_interest_label}")
        rows.append({"fiscal_year": y, "contributions": r["contributions"], "benefits": r["benefits"],
                     "balance": bal["value"], "bond_interest": r["bond_interest"],
                     "balance_with_interest": bal_i["value"], "bond_redemptions": r["bond_redemptions"],
                     "balance_status": bal["status"], "balance_with_interest_status": bal_i["status"]})
    return rows
