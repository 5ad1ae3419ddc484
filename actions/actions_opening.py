"""Rasa action: a question outside the check, or an opening about an enterprise type.

"物流公司有什么扶持政策" / "口罩厂能享受什么" name what the enterprise is and ask
what it can get: retrieval would find an unrelated clause, so the check starts
with what the message already says. Any other question goes to the policy
answer (free questions) or the follow-up answer (whom to contact, what it needs,
what it gives).
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.actions_check import start_check_events, starts_check, utter_notes
from actions.actions_followup import KIND_BY_INTENT, ActionAnswerFollowup
from actions.actions_policy_qa import ActionAnswerPolicyQuestion
from actions.conversation.intake import take
from actions.conversation.state import RESULT_SHOWN, CheckState


class ActionAnswerOrStartCheck(Action):
    """Start the check for an enterprise-type opening; otherwise answer the question."""

    def name(self) -> str:
        return "action_answer_or_start_check"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        if starts_check(text):
            return start_check_events(dispatcher)
        if (message.get("intent") or {}).get("name") in KIND_BY_INTENT:
            events = await ActionAnswerFollowup().run(dispatcher, tracker, domain)
        else:
            events = await ActionAnswerPolicyQuestion().run(dispatcher, tracker, domain)
        return events + remember_facts(dispatcher, tracker, text)


def remember_facts(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list[EventType]:
    """ "租的国有的房子，房租能免几个月？" before any check: keep the facts and offer the check."""
    state = CheckState.from_slots(tracker.current_slot_values())
    intake = take(state, text)
    if not intake.recorded:
        return []
    utter_notes(dispatcher, intake)
    if not tracker.get_slot(RESULT_SHOWN):
        dispatcher.utter_message(response="utter_offer_check")
    return [SlotSet(name, value) for name, value in state.slots().items()]
