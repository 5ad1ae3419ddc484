"""The hand-over to a person: the hotline and a summary staff can read at a glance.

The summary repeats what the enterprise told the bot (so staff need not ask
again), the preliminary result and the measure last discussed. Phone numbers:
only the configured hotline, and unit contacts only if a deployment set them.
"""

from __future__ import annotations

from typing import Any

from actions import settings
from actions.conversation import knowledge
from actions.conversation.check import describe
from actions.conversation.contacts import units_text
from actions.conversation.results import evaluate_profile
from actions.search.answer import measure_label


def _result_lines(profile: dict[str, Any]) -> list[str]:
    data = evaluate_profile(profile).to_dict()
    lines = []
    for status, title in (("applies", "可以享受"), ("possible", "可能享受")):
        items = [measure_label(m["section"], m["title"]) for m in data["measures"] if m["status"] == status]
        if items:
            lines.append(f"{title}：" + "、".join(items))
    pending = sum(m["status"] == "needs_info" for m in data["measures"])
    if pending:
        lines.append(f"还需补充信息才能判断：{pending}条")
    return lines


def handoff_text(profile: dict[str, Any], skipped: list[str], last_measure: int | None) -> str:
    lines = [
        f"好的，为您转人工服务：请拨打{settings.HOTLINE}，工作人员会进一步为您解答。",
        "为了不用重复说明，可以把下面的摘要告诉（或转发给）工作人员：",
        "【企业情况】",
    ]
    facts = describe(profile, skipped)
    lines += [f"· {line}" for line in facts] if facts else ["· （尚未提供企业信息）"]
    if profile:
        lines.append("【初步评估】")
        lines += [f"· {line}" for line in _result_lines(profile)] or ["· 暂无明确适用的措施"]
    if last_measure:
        lines.append("【最近咨询】")
        lines.append(f"· {knowledge.label(last_measure)}（责任单位：{units_text(knowledge.units(last_measure))}）")
    return "\n".join(lines)
