"""The QA log of a build: as Markdown (reports/<FY>/qa.md) and as rows for the PDF appendix."""
from __future__ import annotations

KIND_JA = {
    "identity": "照合一致", "rounding": "端数差", "carried": "公表値の引継ぎ", "derived": "導出値",
    "breach": "許容乖離幅超過", "gap": "データ欠落", "note": "注記",
}
ORDER = ["breach", "gap", "carried", "derived", "rounding", "note", "identity"]


def shown(entries: list[dict]) -> list[dict]:
    """Everything but plain agreements, most important first."""
    rows = [e for e in entries if e["kind"] != "identity" or not e["ok"]]
    rows.sort(key=lambda e: ORDER.index(e["kind"]))
    return [{**e, "kind_ja": KIND_JA[e["kind"]]} for e in rows]


def agree_count(entries: list[dict]) -> int:
    return sum(1 for e in entries if e["kind"] == "identity" and e["ok"])


def markdown(entries: list[dict], title: str) -> str:
    lines = [f"# QA: {title}", "",
             "Every check this build made. Published totals are rounded independently of their parts, so",
             "sums may differ from totals by up to half a unit per figure; such differences are listed as 端数差.", ""]
    for kind in ORDER:
        group = [e for e in entries if e["kind"] == kind]
        if not group:
            continue
        lines += [f"## {KIND_JA[kind]} ({kind}): {len(group)}", ""]
        lines += [f"- {'' if e['ok'] else '**[!]** '}{e['subject']}: {e['detail']}" for e in group]
        lines.append("")
    return "\n".join(lines)
