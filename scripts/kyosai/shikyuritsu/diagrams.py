"""The diagrams of the 支給率 document that 002 prints as images: the 付加共済金原資額の算定イメージ (§1: how the
剰余金見込額 becomes the 付加共済金原資 after the deductions and the split) and the 算定の流れ of the 仮定共済金等の
発生見込総額 (§2(1)②). Both are HTML boxes laid out by the section templates (templates/shikyuritsu/
overview.html.j2, base-rate.html.j2, styled in shikyuritsu.css) with their words from data/shikyuritsu/notes.csv
and their figures from the model; this module gives them what depends on the figures: the share that is
retained and the alternative text that states every figure and step."""
from __future__ import annotations

from decimal import Decimal

from ..numbers import fmt_oku_prose
from ..texts import fraction_ja, join_ja

LABEL = {"retained": "image_fund.retained", "risk": "image_fund.risk", "potential_loss": "image_fund.potential_loss"}
FLOW = ("denominator.flow1", "denominator.flow2", "denominator.flow3")


def fund_image(model: dict) -> dict:
    """算定イメージ: the share kept as 積立金 (1 − the 原資's share) and the sentence that says the diagram."""
    t, method = model["texts"], model["method"]
    rest = fraction_ja(Decimal(1) - method["fund_share"])
    deducted = [f"{t[LABEL[d['kind']]]}{fmt_oku_prose(d['value'])}" for d in model["deductions"]]
    start = f"{t['image_fund.surplus']}{fmt_oku_prose(model['inputs']['surplus'])}"
    if deducted:
        start += f"から{join_ja(deducted)}を{t['image_fund.deducted']}した{t['image_fund.available']}" \
                 f"{fmt_oku_prose(model['available'])}"
    fund = model["fund"]["text"] + "億円"
    if model["fund_arises"]:
        alt = (f"{t['image_fund.title']}：{start}のうち、{method['share_ja']}の{fund}が{t['image_fund.fund']}、"
               f"残り{rest}が{t['image_fund.reserve']}。")
    else:   # nothing to halve: the diagram says why the 原資 is 0
        alt = f"{t['image_fund.title']}：{start}。{model['no_fund_text']}。"
    return {"rest_share_ja": rest, "alt": alt}


def denominator_flow(model: dict) -> dict:
    """算定の流れ: the three steps and the total they give, as one sentence (the diagram's alternative text)."""
    t = model["texts"]
    steps = "→".join(f"{i}. {t[k]}" for i, k in enumerate(FLOW, 1))
    total = fmt_oku_prose(model["inputs"]["assumed_benefits_total"])
    return {"alt": f"{t['denominator.flow_title']}：{steps}→{t['formula.denominator']}{total}"}


EXAMPLE = ("denominator.example_group", "denominator.example_amount", "denominator.example_ratio",
           "denominator.example_result")


def denominator_example(model: dict) -> dict:
    """002 §2(1)② 2.'s worked example (one group of 掛金納付期間), as one sentence (its alternative text)."""
    t = model["texts"]
    group, amount, ratio, result = (t[k] for k in EXAMPLE)
    return {"alt": f"{t['denominator.example_title']}：{group}について、{amount}に{ratio}を乗じ、{result}を算定する。"}


def view(model: dict) -> dict:
    """What the templates read of the diagrams (kyosai.shikyuritsu.view adds it to the view)."""
    return {"fund_image": fund_image(model), "denominator_flow": denominator_flow(model),
            "denominator_example": denominator_example(model)}
