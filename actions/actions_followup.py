"""Rasa actions for follow-ups ("那要找谁办?", "需要什么条件?"), validity and the human hand-over."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.actions_policy_qa import utter_all, utter_answer
from actions.conversation import followup, knowledge
from actions.conversation.handoff import handoff_text
from actions.conversation.state import LAST_MEASURE, CheckState

KIND_BY_INTENT = {"ask_unit": "unit", "ask_requirements": "requirements", "ask_benefit": "benefit"}


def _last_measure(tracker: Tracker) -> int | None:
    value = tracker.get_slot(LAST_MEASURE)
    return int(value) if value not in (None, "") else None


class ActionAnswerFollowup(Action):
    """Whom to contact / what it needs / what it gives, for the named or the last measure."""

    def name(self) -> str:
        return "action_answer_followup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        kind = KIND_BY_INTENT.get((message.get("intent") or {}).get("name"), "unit")
        section = followup.topic_measure(text)
        if section is None:
            # A topic none of the measures covers: say so honestly (never the last measure's answer).
            return utter_answer(dispatcher, knowledge.answer_question(text))
        if section == followup.NO_TOPIC:
            section = _last_measure(tracker)
        if section is None:
            dispatcher.utter_message(text=followup.which_measure_prompt())
            return []
        profile = CheckState.from_slots(tracker.current_slot_values()).profile
        utter_all(dispatcher, followup.follow_up_answer(kind, section, text, profile))
        return [SlotSet(LAST_MEASURE, section)]


class ActionAnswerValidity(Action):
    """ "这些政策现在还有效吗": the validity period and, today, that it has expired."""

    def name(self) -> str:
        return "action_answer_validity"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text=followup.validity_answer())
        return []


class ActionHandoff(Action):
    """The hotline and a summary of what the enterprise told us."""

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        state = CheckState.from_slots(tracker.current_slot_values())
        utter_all(dispatcher, handoff_text(state.profile, state.skipped, _last_measure(tracker)))
        return [SlotSet("requested_slot", None)]
