"""Rasa action: answer a free policy question from data, citing the clause.

questions.answer decides what is asked (a measure by number, the document itself,
a detail of a topic, a follow-up, or a topic for retrieval). A measure's answer
names it, quotes the sentences that answer, lists the units and says how long the
policy ran; when nothing answers, the bot says so and points to the hotline rather
than guessing. The measure discussed is kept in the `last_measure` slot so
follow-ups ("那要找谁办?") can refer back.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import sdk_compat, startup  # noqa: F401 - selective domain; refuses to start without a usable index
from actions.conversation import knowledge, questions
from actions.conversation.messages import split_message
from actions.conversation.state import LAST_MEASURE, CheckState

knowledge.warm_up()


def question_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def utter_all(dispatcher: CollectingDispatcher, text: str) -> None:
    """One or more messages, each within the channel's size cap."""
    for piece in split_message(text):
        dispatcher.utter_message(text=piece)


HANDOFF_OFFER = "如需人工帮助，请回复“转人工”。"


def last_measure(tracker: Tracker) -> int | None:
    value = tracker.get_slot(LAST_MEASURE)
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def profile(tracker: Tracker) -> dict[str, Any]:
    return CheckState.from_slots(tracker.current_slot_values()).profile


def answer_events(
    dispatcher: CollectingDispatcher,
    question: str,
    profile: dict[str, Any] | None = None,
    last_measure: int | None = None,
) -> list[EventType]:
    """Utter the answer (or the abstention with the hand-over offer); remember the measure."""
    return utter_answer(dispatcher, questions.answer_each(question, profile, last_measure))


def utter_answer(dispatcher: CollectingDispatcher, answer: knowledge.Answer) -> list[EventType]:
    utter_all(dispatcher, f"{answer.text}\n{HANDOFF_OFFER}" if answer.abstained or answer.unavailable else answer.text)
    if answer.section is not None:
        return [SlotSet(LAST_MEASURE, answer.section)]
    return []


class ActionAnswerPolicyQuestion(Action):
    """Free policy question → the clause, the document fact or the detail asked, or an honest abstention."""

    def name(self) -> str:
        return "action_answer_policy_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return answer_or_result_events(dispatcher, tracker)


def answer_or_result_events(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """The answer to a question; "那结论是啥" after a result gets the result again."""
    from actions.actions_check import result_again_events  # the check's adapters import this module

    text = question_text(tracker)
    again = result_again_events(dispatcher, tracker, text)
    if again is not None:
        return again
    return answer_events(dispatcher, text, profile(tracker), last_measure(tracker))
