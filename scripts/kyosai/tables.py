"""The computed tables of a report as CSV: long, keyed rows, figures rounded as printed (四捨五入),
written as plain numbers (-1347, 0.43) in UTF-8 with BOM so that Excel opens them correctly."""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from .numbers import round_half_up


def _r(value: Decimal | None, places: int) -> str:
    if value is None:
        return ""
    r = round_half_up(value, places)
    return str(abs(r) if r == 0 else r)


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def unyo_tables(model: dict) -> dict[str, tuple[list[str], list[list]]]:
    """name → (header, rows) for every computed table of the 運用状況 report."""
    out: dict[str, tuple[list[str], list[list]]] = {}

    comp_rows, dev_rows = [], []
    for c in model["compositions"]:
        for r in c["rows"]:
            comp_rows.append([c["fiscal_year"], c["policy"]["policy_id"], r["asset_class"], r["name_ja"], r["management"],
                              _r(r["amount"], 0), _r(r["share"], 1), _r(r["within_entrusted"], 1)])
        for d in c["deviations"]:
            dev_rows.append([c["fiscal_year"], c["policy"]["policy_id"], d["component"], d["name_ja"], d["basis"],
                             _r(d["actual"], 1), _r(d["target"], 1), _r(d["deviation"], 1), _r(d["band"], 1),
                             "breach" if d["breach"] else "within"])
    out["composition"] = (["fiscal_year", "policy_id", "asset_class", "name_ja", "management", "amount_oku",
                           "share_pct", "within_entrusted_pct"], comp_rows)
    out["deviation"] = (["fiscal_year", "policy_id", "component", "name_ja", "basis", "actual_pct", "policy_pct",
                         "deviation_pt", "band_pt", "status"], dev_rows)

    out["group_totals"] = (["fiscal_year", "group", "name_ja", "amount_oku", "change_oku", "change_excluding_transfer_oku"],
                           [[model["fiscal_year"], g["group"], g["name_ja"], _r(g["amount"], 0), _r(g["change"], 0),
                             _r(g["change_excluding_transfer"], 0)] for g in model["groups"]])

    ret = []
    for r in model["returns"]["rows"]:
        for y in r["years"]:
            ret.append([r["segment"], "income", y["fiscal_year"], _r(y["income"], 0), "億円"])
            ret.append([r["segment"], "yield", y["fiscal_year"], _r(y["yield"], 2), "%"])
        fy = model["fiscal_year"]
        for item, places, unit in (("income_change", 0, "億円"), ("yield_change", 2, "pt"),
                                   ("income_avg_5y", 0, "億円"), ("yield_avg_5y", 2, "%"),
                                   ("income_avg_10y", 0, "億円"), ("yield_avg_10y", 2, "%")):
            ret.append([r["segment"], item, fy, _r(r[item]["value"], places), unit])
    out["returns"] = (["segment", "item", "fiscal_year", "value", "unit"], ret)

    out["balances"] = (["fiscal_year", "total_assets_oku", "policy_reserve_oku", "surplus_oku", "surplus_change_oku", "yield_pct"],
                       [[b["fiscal_year"], _r(b["total_assets"], 0), _r(b["policy_reserve"], 0), _r(b["surplus"], 0),
                         _r(b["surplus_change"], 0), _r(b["yield"], 2)] for b in model["balances"]])

    out["cash_flows"] = (["fiscal_year", "contributions_oku", "benefits_oku", "balance_oku", "bond_interest_oku",
                          "balance_with_interest_oku", "bond_redemptions_oku"],
                         [[r["fiscal_year"]] + [_r(r[k], 0) for k in ("contributions", "benefits", "balance", "bond_interest",
                                                                      "balance_with_interest", "bond_redemptions")]
                          for r in model["cash_flows"]["rows"]])

    assets = model["asset_changes"]
    out["self_managed_assets"] = (["asset_class", "amount_oku", "change_oku"],
                                  [[k, _r(v["amount"], 0), _r(v["change"], 0)] for k, v in assets.items()
                                   if model["asset_classes"][k]["management"] == "self_managed"])
    if model["bond_issuers"]:
        out["bond_issuers"] = (["issuer", "amount_oku", "share_pct"],
                               [[b["issuer"], _r(b["amount"], 0), _r(b["share"], 1)] for b in model["bond_issuers"]])
    if model["life_insurance"]:
        out["life_insurance_yield"] = (["component", "value_pct"],
                                       [[k, _r(v, 2)] for k, v in model["life_insurance"].items()])
    if model["fund_performance"]:
        out["fund_performance"] = (["asset_class", "name_ja", "income_mn", "average_balance_mn", "share_pct",
                                    "fund_return_pct", "benchmark_return_pct", "excess_return_pct"],
                                   [[r["asset_class"], r["name_ja"], _r(r["income"], 0), _r(r["average_balance"], 0),
                                     _r(r["share"], 1), _r(r["fund_return"], 2), _r(r["benchmark_return"], 2),
                                     _r(r["excess"], 2)] for r in model["fund_performance"]])
    if model["funds"]:
        fl = model["funds"]
        rows = []
        for g in fl["groups"]:
            for style in ("active", "passive"):
                for f in g[style]:
                    rows.append([g["asset_class"], style, f["fund_no"], f["manager"], f["manager_benchmark"] or "",
                                 "true" if f["overlay"] else "false", _r(f["amount"], 0)])
        out["funds"] = (["asset_class", "style", "fund_no", "manager", "manager_benchmark", "overlay", "amount_oku"], rows)
        sub = []
        for g in fl["groups"]:
            sub += [[g["asset_class"], "active", _r(g["active_total"], 0)], [g["asset_class"], "passive", _r(g["passive_total"], 0)],
                    [g["asset_class"], "all", _r(g["total"], 0)]]
        sub += [["all", s, _r(fl["totals"][s], 0)] for s in ("active", "passive", "all")]
        out["fund_subtotals"] = (["asset_class", "style", "amount_oku"], sub)
        out["fund_counts"] = (["item", "value"], [["funds", fl["fund_count"]], ["institutions", fl["institution_count"]]])
    if model["market"]:
        mk = model["market"]
        rows = []
        for r in mk["rows"]:
            for d, v in zip(mk["dates"], r["levels"]):
                rows.append([r["index"], d.isoformat(), _r(v, 2), ""])
            rows.append([r["index"], "change_pct", "", _r(r["change"], 2)])
        out["market_indices"] = (["index", "date", "value", "change_pct"], rows)
    return out


def write_tables(named: dict[str, tuple[list[str], list[list]]], folder: Path) -> list[Path]:
    """Write name → (header, rows) as folder/name.csv."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (header, rows) in named.items():
        path = folder / f"{name}.csv"
        write_csv(path, header, rows)
        written.append(path)
    return written


def write_all(model: dict, folder: Path) -> list[Path]:
    """The 運用状況 report's tables."""
    return write_tables(unyo_tables(model), folder)
