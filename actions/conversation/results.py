"""The check's result as short chat messages.

Order matters to the reader: what applies, what may apply, general services,
what still needs information; each measure with its number, title, a one-line
benefit, any estimate and the units to contact. The SME decision comes with
its basis, the validity note is always there, and every message fits the
channel's size cap.
"""

from __future__ import annotations

from typing import Any

from actions.conversation import knowledge
from actions.conversation.check import definitions, remaining_questions
from actions.conversation.contacts import units_text
from actions.conversation.messages import split_message
from actions.eligibility import Evaluation, run
from actions.eligibility.fields import format_number
from actions.search.answer import measure_label

HEADINGS = {
    "applies": "✅ 可以享受",
    "possible": "🤝 可能享受（政策鼓励，需与出租方等协商）",
    "general": "📌 普遍适用的服务",
    "needs_info": "❓ 还需补充信息才能判断",
}
SHOWN_STATUSES = tuple(HEADINGS)


def evaluate_profile(profile: dict[str, Any]) -> Evaluation:
    return run(profile, with_ask_next=False)


def remaining_after(state: Any) -> list[str]:
    """Questions that could still change the result for a CheckState."""
    return remaining_questions(state.profile, state.skipped)


def _labels(names: list[str]) -> str:
    fields = definitions()
    return "、".join(fields[name].label if name in fields else name for name in names)


def estimate_line(estimate: dict[str, Any] | None) -> str:
    if not estimate:
        return ""
    if estimate.get("amount") is not None:
        amount = format_number(estimate["amount"])
        return f"{estimate.get('label', '估算')}：约{amount}{estimate.get('unit', '')}（{estimate.get('formula', '')}）"
    return f"估算：{estimate.get('text', '')}"


def measure_block(item: dict[str, Any], detailed: bool = True) -> str:
    """One measure: number and title, what it gives, estimate, units (or what is missing)."""
    lines = [measure_label(item["section"], item["title"])]
    if item["status"] == "needs_info":
        lines.append(f"· 还需要了解：{_labels(item['missing'])}")
    if item.get("benefit"):
        lines.append(f"· 内容：{item['benefit']}")
    estimate = estimate_line(item.get("estimate")) if detailed else ""
    if estimate:
        lines.append(f"· {estimate}")
    lines.append(f"· 找：{units_text(item['units'])}")
    return "\n".join(lines)


def sme_text(evaluation: Evaluation) -> str:
    sme = evaluation.assessment.sme
    verdict = {"yes": "属于中小企业", "no": "不属于中小企业", "unknown": "暂不能确定是否属于中小企业"}[sme.status]
    size = f"（{sme.size}）" if sme.size else ""
    lines = [f"企业规模：{verdict}{size}"]
    basis = [line for line in sme.basis if not line.startswith(("行业：", "结论："))]
    if basis:
        lines.append("依据《中小企业划型标准规定》：" + "；".join(basis))
    if sme.missing:
        lines.append(f"还需要：{_labels(sme.missing)}")
    return "\n".join(lines)


def scope_text(evaluation: Evaluation) -> str:
    result = evaluation.assessment
    if result.in_scope is True:
        return "支持对象：符合（受疫情影响的中小企业）"
    if result.in_scope is False:
        return "支持对象：不符合。" + "；".join(result.scope_reasons) + "。因此以下各条措施都不适用。"
    return "支持对象：尚未确定。" + "；".join(result.scope_reasons)


def format_result(evaluation: Evaluation, skipped: list[str] | None = None, more_questions: bool = False) -> list[str]:
    """The result as messages (each ≤ 2048 bytes)."""
    data = evaluation.to_dict()
    measures = data["measures"]
    texts = [f"📋 评估结果（依据《{data['policy']['title']}》）\n{sme_text(evaluation)}\n{scope_text(evaluation)}"]
    for status in SHOWN_STATUSES:
        items = [m for m in measures if m["status"] == status]
        if items:
            blocks = [measure_block(m, detailed=status != "general") for m in items]
            texts.append(f"{HEADINGS[status]}（{len(items)}条）\n\n" + "\n\n".join(blocks))
    not_applicable = [m for m in measures if m["status"] == "not_applicable"]
    tail = []
    if not_applicable:
        numbers = "、".join(measure_label(m["section"], m["title"]) for m in not_applicable)
        tail.append(f"按您提供的情况不适用的{len(not_applicable)}条：{numbers}。")
    if skipped:
        tail.append(f"您没有回答（不清楚/跳过）的：{_labels(skipped)}。")
    tail.append(knowledge.validity(evaluation.as_of))
    if more_questions:
        tail.append("回复“继续”可以再回答几个问题，让结果更完整。")
    tail.append("想了解某条怎么办，可以问“第七条找谁办”；需要人工服务请说“转人工”。")
    texts.append("\n".join(line for line in tail if line))
    return [piece for text in texts for piece in split_message(text)]


def first_measure(evaluation: Evaluation) -> int | None:
    """The measure a follow-up most likely means after a result: the first that applies."""
    for status in ("applies", "possible", "needs_info"):
        for measure, decision in evaluation.assessment.decisions:
            if decision.status == status:
                return measure.section
    return None
