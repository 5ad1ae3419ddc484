"""Follow-up questions: whom to contact, what a measure needs, what it gives, is it still valid.

"那要找谁办?" names no measure, so it refers to the one last discussed;
"房租减免找哪个部门" names its topic, found by retrieval; "第七条要什么条件"
names the number. The answer cites the clause and, when the enterprise has
told us about itself, the engine's reading of its case.
"""

from __future__ import annotations

import re
from typing import Any

import cn2an

from actions import settings
from actions.conversation import knowledge
from actions.conversation.contacts import units_text
from actions.conversation.results import estimate_line, evaluate_profile
from actions.search.answer import key_sentences

_REFERENCE = re.compile(r"第\s*[（(]?\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]?\s*(条|项|个)")
# Words of the follow-up itself; what is left names a topic ("房租减免").
_FOLLOW_UP_WORDS = re.compile(
    r"那个|那|这个|这条|这项|上面|刚才|要|找|谁|哪个|哪些|哪里|哪|部门|单位|机构|办理|办|去|需要|什么|条件|要求|资格|材料|"
    r"手续|能|给|多少|钱|有|啥|好处|内容|怎么|如何|申请|吗|呢|的|我|我们|可以|享受|符合|管|负责|联系|电话|问|呀|啊|吧|"
    r"[\s,.?!，。？！、]"
)
KINDS = ("unit", "requirements", "benefit")


def referenced_measure(text: str) -> int | None:
    """ "第七条" / "第（七）条" / "第7条" → 7 when it is one of the measures."""
    match = _REFERENCE.search(text or "")
    if not match:
        return None
    raw = match.group(1)
    number = int(raw) if raw.isdigit() else int(cn2an.cn2an(raw, "smart"))
    return number if number in knowledge.measure_titles() else None


NO_TOPIC = -1  # the follow-up names no topic: it refers to the measure last discussed (0 is the preamble)


def names_a_topic(text: str) -> bool:
    """ "房租减免找哪个部门" names one; "那要找谁办?" does not."""
    return len(_FOLLOW_UP_WORDS.sub("", text or "")) >= 2


def topic_measure(text: str) -> int | None:
    """The measure a follow-up names: by number, else by its topic words (retrieval).

    NO_TOPIC when the text names none (use the last measure); None when it names a
    topic no measure covers ("路灯坏了找谁") — then the last measure must not be used.
    """
    number = referenced_measure(text)
    if number is not None:
        return number
    if not names_a_topic(text):
        return NO_TOPIC
    answer = knowledge.answer_question(text)
    return answer.section if not answer.abstained and not answer.unavailable else None


def _measure_result(section: int, profile: dict[str, Any]) -> dict[str, Any]:
    data = evaluate_profile(profile).to_dict()
    return next(m for m in data["measures"] if m["section"] == section)


def unit_answer(section: int) -> str:
    return (
        f"{knowledge.label(section)}的责任单位：{units_text(knowledge.units(section))}。\n"
        f"具体办理请联系上述单位，也可以拨打{settings.HOTLINE}咨询。"
    )


def requirements_answer(section: int, question: str, profile: dict[str, Any]) -> str:
    clause = knowledge.policy().section(section)
    lines = [f"{knowledge.label(section)}原文：" + "".join(key_sentences(question + "条件 对 企业", clause.body))]
    if profile:
        result = _measure_result(section, profile)
        reasons = [r for r in result["reasons"] if r]
        if reasons:
            lines.append("按您提供的情况：" + reasons[0])
    return "\n".join(lines)


def benefit_answer(section: int, profile: dict[str, Any]) -> str:
    result = _measure_result(section, profile)
    lines = [f"{knowledge.label(section)}：{result['benefit'] or '见原文'}"]
    estimate = estimate_line(result.get("estimate"))
    if estimate and result["status"] in ("applies", "possible"):
        lines.append(estimate)
    return "\n".join(lines)


def follow_up_answer(kind: str, section: int, question: str, profile: dict[str, Any]) -> str:
    """The answer text for one kind of follow-up about one measure, with the validity note."""
    if kind == "unit":
        body = unit_answer(section)
    elif kind == "requirements":
        body = requirements_answer(section, question, profile)
    else:
        body = benefit_answer(section, profile)
    return f"{body}\n{knowledge.validity()}"


def which_measure_prompt() -> str:
    return "您问的是哪一条措施？可以带上事项再问，比如“房租减免找哪个部门”“社保缓缴需要什么条件”。"


def validity_answer() -> str:
    document = knowledge.policy()
    text = document.meta.get("validity_text") or ""
    head = f"《{document.title}》{('：' + text) if text else ''}"
    return f"{head}\n{knowledge.validity()}"
