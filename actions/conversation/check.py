"""Planning the enterprise check: which question next, how to ask it, what the profile says.

The order comes from the eligibility engine's ask_next (the field that settles
most decisions first); fields of one group (the special groups) are asked as a
single multi-choice question; skipped fields are not asked again; a question
budget keeps the first round short, and "继续" opens another round.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from actions.eligibility import FieldDef, ask_next, field_definitions, validate_profile

GROUP_PREFIX = "group:"
QUESTIONS_PER_ROUND = int(os.environ.get("CHECK_QUESTIONS_PER_ROUND", "6"))
MAX_FAILURES_BEFORE_SKIP = 4


@lru_cache(maxsize=1)
def definitions() -> dict[str, FieldDef]:
    return field_definitions()


@lru_cache(maxsize=512)
def _ranked(profile_json: str) -> tuple[str, ...]:
    return tuple(ask_next(json.loads(profile_json)))


def ranked_fields(profile: dict[str, Any]) -> tuple[str, ...]:
    """ask_next for a profile, cached: one turn asks it several times (extract, validate, ask)."""
    return _ranked(json.dumps(profile, sort_keys=True, ensure_ascii=False))


@dataclass(frozen=True)
class Question:
    """One question of the check: a single field, or a group asked as one multi-choice question."""

    key: str
    fields: tuple[str, ...]

    @property
    def is_group(self) -> bool:
        return self.key.startswith(GROUP_PREFIX)

    def definitions(self) -> list[FieldDef]:
        return [definitions()[name] for name in self.fields]

    def text(self, number: int | None = None, failures: int = 0) -> str:
        """The question as the bot asks it; after two failed answers, with an example and the skip hint."""
        head = f"【第{number}问】" if number else ""
        if self.is_group:
            lines = [f"{head}贵单位属于下面哪些情况？可多选，回复序号即可（如“1、3”）；都不是请回复“都不是”。"]
            lines += [f"{i}. {d.label}" for i, d in enumerate(self.definitions(), 1)]
            body = "\n".join(lines)
        else:
            definition = self.definitions()[0]
            body = f"{head}{definition.question or definition.label + '？'}"
        if failures >= 2:
            body += "\n" + self.explanation()
        return body

    def quick_replies(self) -> list[dict[str, str]]:
        """Buttons for a choice question (web widget); each payload is an answer the check reads.

        Yes/no → 是/否; a choice among a few → each choice's label; the multi-choice group → its
        numbers and 都不是. Numbers and industries get none: people type them. Always 跳过.
        """
        if self.is_group:
            buttons = [{"title": f"{i}. {d.label}", "payload": str(i)} for i, d in enumerate(self.definitions(), 1)]
            buttons.append({"title": "都不是", "payload": "都不是"})
        else:
            definition = self.definitions()[0]
            if definition.type == "bool":
                yes, no = definition.replies.get("yes", "是"), definition.replies.get("no", "否")
                buttons = [{"title": yes, "payload": yes}, {"title": no, "payload": no}]
            elif definition.type == "enum" and definition.choices and len(definition.choices) <= 6:
                buttons = [{"title": label, "payload": label} for label in definition.choices.values()]
            else:
                return []
        return [*buttons, {"title": "跳过", "payload": "跳过"}]

    def explanation(self) -> str:
        """What the question means and an example answer (the financial-demo "explain" step)."""
        if self.is_group:
            return "说明：选出符合贵单位情况的序号，可多选，如“1、3”；哪项都不沾就回复“都不是”。不清楚可以回复“跳过”。"
        definition = self.definitions()[0]
        parts = [f"说明：这里想了解“{definition.label}”"]
        if definition.type == "bool":
            parts.append("，回答“是”或“否”就行")
        elif definition.type in ("int", "number"):
            parts.append(f"，请给一个数字（单位：{definition.unit}），大概数也可以")
        elif definition.choices and len(definition.choices) <= 6:
            parts.append("，可选：" + "、".join(definition.choices.values()))
        if definition.example:
            parts.append(f"。{definition.example}")
        parts.append("。不清楚可以回复“跳过”。")
        return "".join(parts)


def question_for(key: str, profile: dict[str, Any], skipped: list[str]) -> Question:
    """Rebuild a question from its key (the `current_question` slot)."""
    if key.startswith(GROUP_PREFIX):
        group = key[len(GROUP_PREFIX) :]
        members = [
            name
            for name, d in definitions().items()
            if d.group == group and not d.derived and name not in profile and name not in skipped
        ]
        return Question(key, tuple(members))
    return Question(key, (key,))


def next_question(
    profile: dict[str, Any], skipped: list[str], asked: list[str], limit: int = QUESTIONS_PER_ROUND
) -> Question | None:
    """The most useful question not yet answered or skipped, within the question budget."""
    if len(asked) >= limit:
        return None
    for name in ranked_fields(profile):
        if name in skipped or name in profile:
            continue
        group = definitions()[name].group
        question = question_for(f"{GROUP_PREFIX}{group}" if group else name, profile, skipped)
        if question.fields:
            return question
    return None


def remaining_questions(profile: dict[str, Any], skipped: list[str]) -> list[str]:
    """Fields that could still change the answer (for "还可以继续回答")."""
    return [name for name in ranked_fields(profile) if name not in skipped]


def merge(profile: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Profile with new answers, validated by the engine (raises ProfileError)."""
    return validate_profile({**profile, **values})


def describe(profile: dict[str, Any], skipped: list[str] | None = None) -> list[str]:
    """ "行业：餐饮业", "从业人员数：50人" … in field order, then what was skipped."""
    lines = [f"{d.label}：{d.value_label(profile[name])}" for name, d in definitions().items() if name in profile]
    if skipped:
        lines.append(
            "不清楚/跳过：" + "、".join(definitions()[name].label for name in skipped if name in definitions())
        )
    return lines
