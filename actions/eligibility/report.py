"""The readable Chinese report for a person (the CLI without --jsonl).

Statuses are grouped from the most to the least useful to the reader; every
measure shows whom to contact; the validity note is always there and says
plainly when the policy has expired.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import cn2an

from actions.eligibility.engine import Evaluation
from actions.eligibility.rules import labels

GROUPS = (
    ("applies", "可以享受"),
    ("possible", "可能享受（政策鼓励，需与对方协商）"),
    ("general", "普遍适用的服务"),
    ("needs_info", "还需补充信息才能判断"),
    ("not_applicable", "不适用"),
)


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def validity_note(evaluation: Evaluation) -> list[str]:
    """The policy's validity, and whether it has expired on the evaluation date."""
    document = evaluation.context.document
    text = document.meta.get("validity_text")
    until = document.valid_until
    lines = [f"有效期：{text or ('执行至' + _date(until) if until else '原文未写明')}"]
    if until is None:
        lines.append(f"原文没有给出确切的截止日期，无法判断在{_date(evaluation.as_of)}是否仍然有效，请向责任单位核实。")
    elif evaluation.expired:
        lines.append(f"注意：本政策已于{_date(until)}到期失效（评估日期{_date(evaluation.as_of)}），以下结果仅供参考。")
    else:
        lines.append(f"评估日期{_date(evaluation.as_of)}，本政策仍在有效期内（执行至{_date(until)}）。")
    return lines


def _sme_lines(evaluation: Evaluation) -> list[str]:
    sme = evaluation.assessment.sme
    verdict = {"yes": "是", "no": "否", "unknown": "尚不能确定"}[sme.status]
    head = f"是否属于中小企业：{verdict}" + (f"（{sme.size}）" if sme.size else "")
    lines = [head, *(f"  · {line}" for line in sme.basis)]
    if sme.missing:
        lines.append(f"  · 还需要：{labels(sme.missing, evaluation.context.fields)}")
    return lines


def _scope_lines(evaluation: Evaluation) -> list[str]:
    result = evaluation.assessment
    if result.in_scope is True:
        return ["是否属于本政策支持对象：是"]
    verdict = "否" if result.in_scope is False else "尚未确定"
    return [f"是否属于本政策支持对象：{verdict}", *(f"  · {r}" for r in result.scope_reasons)]


def _measure_lines(item: dict[str, Any], scope_reasons: list[str]) -> list[str]:
    """One measure; the scope sentence is said once above, not under every measure."""
    lines = [f"  （{cn2an.an2cn(item['section'])}）{item['title']}"]
    if item["benefit"]:
        lines.append(f"      内容：{item['benefit']}")
    reasons = [r for r in item["reasons"] if r not in scope_reasons] or ["见上文“是否属于本政策支持对象”"]
    lines.append("      说明：" + reasons[0])
    lines += [f"            {r}" for r in reasons[1:]]
    estimate = item.get("estimate")
    if estimate:
        lines.append(f"      估算：{estimate['text']}")
    lines.append(f"      责任单位：{'、'.join(item['units'])}")
    return lines


def render(evaluation: Evaluation) -> str:
    """The whole report as text."""
    data = evaluation.to_dict()
    fields = evaluation.context.fields
    scope_reasons = evaluation.assessment.scope_reasons
    lines = [f"《{data['policy']['title']}》资格评估", *validity_note(evaluation), ""]
    lines += _sme_lines(evaluation) + _scope_lines(evaluation) + [""]
    for status, title in GROUPS:
        items = [m for m in data["measures"] if m["status"] == status]
        if not items:
            continue
        lines.append(f"【{title}】{len(items)}条")
        for item in items:
            lines += _measure_lines(item, scope_reasons)
        lines.append("")
    if data["ask_next"]:
        lines.append("建议接下来补充以下信息（越靠前越能帮助判断）：")
        for i, name in enumerate(data["ask_next"][:5], 1):
            field = fields[name]
            lines.append(
                f"  {i}. {field.question or field.label}（{field.example}）"
                if field.example
                else f"  {i}. {field.question or field.label}"
            )
    return "\n".join(lines).rstrip() + "\n"
