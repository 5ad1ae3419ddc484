"""The hand-over to a person: the hotline and a summary staff can read at a glance.

The summary repeats what the enterprise told the bot (so staff need not ask
again), the preliminary result and the measure last discussed. Phone numbers:
only the configured hotline, and unit contacts only if a deployment set them.
"""

from __future__ import annotations

from typing import Any

import cn2an

from actions import settings
from actions.conversation import knowledge
from actions.conversation.check import describe
from actions.conversation.contacts import units_text
from actions.conversation.messages import MAX_BYTES, byte_len
from actions.conversation.results import STATUS_LABELS, evaluate_profile
from actions.search.answer import measure_label


def _result_lines(profile: dict[str, Any], titles: bool = True) -> list[str]:
    """What applies / may apply by number (and title), and how many are still open (the result's wording)."""
    data = evaluate_profile(profile).to_dict()
    lines = []
    for status in ("applies", "possible"):
        items = [
            measure_label(m["section"], m["title"]) if titles else f"（{cn2an.an2cn(m['section'])}）"
            for m in data["measures"]
            if m["status"] == status
        ]
        if items:
            lines.append(f"{STATUS_LABELS[status]}：" + ("、" if titles else "").join(items))
    pending = sum(m["status"] == "needs_info" for m in data["measures"])
    if pending:
        lines.append(f"{STATUS_LABELS['needs_info']}：{pending}条")
    return lines


def handoff_text(profile: dict[str, Any], skipped: list[str], last_measure: int | None) -> str:
    """The hand-over message, as one chat message when it can be (measure titles dropped first).

    Staff need the facts more than the titles; a profile with very many facts may still
    exceed one message, and the caller splits it.
    """
    text = _handoff_text(profile, skipped, last_measure, titles=True)
    return text if byte_len(text) <= MAX_BYTES else _handoff_text(profile, skipped, last_measure, titles=False)


def _handoff_text(profile: dict[str, Any], skipped: list[str], last_measure: int | None, titles: bool) -> str:
    lines = [
        f"好的，为您转人工服务：请拨打{settings.HOTLINE}，工作人员会进一步为您解答。",
        "为了不用重复说明，可以把下面的摘要告诉（或转发给）工作人员：",
        "【企业情况】",
    ]
    facts = describe(profile, skipped)
    lines += [f"· {line}" for line in facts] if facts else ["· （尚未提供企业信息）"]
    if profile:
        lines.append("【初步评估】")
        lines += [f"· {line}" for line in _result_lines(profile, titles)] or ["· 暂无明确适用的措施"]
    if last_measure:
        lines.append("【最近咨询】")
        lines.append(f"· {knowledge.label(last_measure)}（责任单位：{units_text(knowledge.units(last_measure))}）")
    return "\n".join(lines)
