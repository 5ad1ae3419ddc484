"""Rasa action: a question outside the check, or an opening about an enterprise type.

"物流公司有什么扶持政策" / "口罩厂能享受什么" name what the enterprise is and ask
what it can get: retrieval would find an unrelated clause, so the check starts
with what the message already says. Any other question goes to the policy
answer (free questions) or the follow-up answer (whom to contact, what it needs,
what it gives).
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.actions_check import overview_events, remember_facts, start_check_events, starts_check
from actions.actions_followup import KIND_BY_INTENT, ActionAnswerFollowup
from actions.actions_policy_qa import ActionAnswerPolicyQuestion


class ActionAnswerOrStartCheck(Action):
    """Start the check for an enterprise-type opening; otherwise answer the question."""

    def name(self) -> str:
        return "action_answer_or_start_check"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        if starts_check(text):
            return start_check_events(dispatcher)
        overview = overview_events(dispatcher, tracker, text)
        if overview is not None:
            return overview
        if (message.get("intent") or {}).get("name") in KIND_BY_INTENT:
            events = await ActionAnswerFollowup().run(dispatcher, tracker, domain)
        else:
            events = await ActionAnswerPolicyQuestion().run(dispatcher, tracker, domain)
        return events + remember_facts(dispatcher, tracker, text)
