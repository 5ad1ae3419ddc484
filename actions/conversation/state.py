"""The check's state as kept in Rasa slots, read into one plain object.

Slots hold JSON-friendly values only (dicts, lists, strings, ints), so a
tracker can be stored and replayed; this module is the single place that
knows their names and defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from actions.conversation.check import QUESTIONS_PER_ROUND, Question, next_question, question_for, ranked_fields

PROFILE = "profile"
SKIPPED = "skipped"
ASKED = "asked"
LIMIT = "question_limit"
CURRENT = "current_question"
FAILURES = "failures"
ANSWER = "check_answer"
RESULT_SHOWN = "result_shown"
LAST_MEASURE = "last_measure"
FORM = "enterprise_check_form"

# "…交着呢" states something ongoing; "那房租呢" asks.
_QUESTION = re.compile(
    r"(?:[吗么？?]|(?<!着)呢)$|(?<!不)不$|怎么|什么|哪|谁|如何|能不能|可不可以|是不是|有没有|多久|多少|为啥|为什么|咋|啥|最晚|最多|能否|"
    r"行不行|可以吗|行吗|几个月|几年|几天|要不要|需不需要|用不用|会不会|算不算|有没|是否|还是得|还是要|百分之几|几成|几折|几个点|几个钱|几块钱|"
    r"(?<![还都也])没$|(?<!不)不[，,\s]|([\u4e00-\u9fff])不\1"
)


@dataclass
class CheckState:
    """What the bot knows about the enterprise and where the check stands."""

    profile: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    limit: int = QUESTIONS_PER_ROUND
    current: str | None = None
    failures: int = 0

    @classmethod
    def from_slots(cls, slots: dict[str, Any]) -> CheckState:
        return cls(
            profile=dict(slots.get(PROFILE) or {}),
            skipped=list(slots.get(SKIPPED) or []),
            asked=list(slots.get(ASKED) or []),
            limit=QUESTIONS_PER_ROUND if slots.get(LIMIT) is None else int(slots[LIMIT]),
            current=slots.get(CURRENT),
            failures=int(slots.get(FAILURES) or 0),
        )

    def next_question(self) -> Question | None:
        """The question to ask now: the pending one if it is still open, else the most useful new one."""
        pending = self.current_question()
        if pending is not None and pending.fields and set(pending.fields) & set(ranked_fields(self.profile)):
            return pending
        return next_question(self.profile, self.skipped, self.asked, self.limit)

    def current_question(self) -> Question | None:
        """The question asked and not yet answered (None once answered or skipped)."""
        if not self.current:
            return None
        question = question_for(self.current, self.profile, self.skipped)
        return question if question.fields and not set(question.fields) & set(self.profile) else None

    def close_question(self) -> None:
        self.current = None
        self.failures = 0

    def slots(self) -> dict[str, Any]:
        return {
            PROFILE: self.profile,
            SKIPPED: self.skipped,
            ASKED: self.asked,
            LIMIT: self.limit,
            CURRENT: self.current,
            FAILURES: self.failures,
        }


def looks_like_question(text: str) -> bool:
    """ "房租能减免吗", "找哪个部门": a question, not an answer to ours."""
    # "没什么困难", "员工没交啥保险": 什么/啥 after 没 asks nothing ("有没有啥政策" still asks).
    text = re.sub(r"(?<!有)没[^，,。？?\s有]{0,3}?(?:什么|啥)|不怎么", "", (text or "").strip().rstrip("。.!！ "))
    return bool(_QUESTION.search(text))
