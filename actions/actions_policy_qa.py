"""Rasa action: answer a free policy question by retrieval, citing the clause.

The answer names the measure, quotes its key sentences, lists the units and
says the measures ran until 2020-06-30; when retrieval abstains the bot says so
and points to the hotline rather than guessing. The measure discussed is kept
in the `last_measure` slot so follow-ups ("那要找谁办?") can refer back.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import knowledge
from actions.conversation.messages import split_message

knowledge.warm_up()


def question_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def utter_all(dispatcher: CollectingDispatcher, text: str) -> None:
    """One or more messages, each within the channel's size cap."""
    for piece in split_message(text):
        dispatcher.utter_message(text=piece)


HANDOFF_OFFER = "如需人工帮助，请回复“转人工”。"


def answer_events(dispatcher: CollectingDispatcher, question: str) -> list[EventType]:
    """Utter the retrieval answer (or the abstention with the hand-over offer); remember the measure."""
    return utter_answer(dispatcher, knowledge.answer_question(question))


def utter_answer(dispatcher: CollectingDispatcher, answer: knowledge.Answer) -> list[EventType]:
    utter_all(dispatcher, f"{answer.text}\n{HANDOFF_OFFER}" if answer.abstained or answer.unavailable else answer.text)
    if answer.section is not None:
        return [SlotSet("last_measure", answer.section)]
    return []


class ActionAnswerPolicyQuestion(Action):
    """Free policy question → best clause(s), or an honest abstention."""

    def name(self) -> str:
        return "action_answer_policy_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return answer_events(dispatcher, question_text(tracker))
