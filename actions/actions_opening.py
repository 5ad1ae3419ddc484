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
from actions.actions_followup import KIND_BY_INTENT, ActionAnswerFollowup, utter_person
from actions.actions_policy_qa import ActionAnswerPolicyQuestion, last_measure, profile, utter_answer
from actions.conversation import questions
from actions.conversation.intake import asks_for_person, asks_overview, reading_of
from actions.conversation.state import looks_like_question


class ActionAnswerOrStartCheck(Action):
    """Start the check for an enterprise-type opening; otherwise answer the question."""

    def name(self) -> str:
        return "action_answer_or_start_check"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        overview = overview_events(dispatcher, tracker, text)
        if overview is not None:
            return overview
        if starts_check(text):
            # A question in the opening is answered when the form takes the opening's facts.
            return start_check_events(dispatcher)
        if (message.get("intent") or {}).get("name") in KIND_BY_INTENT:
            events = await ActionAnswerFollowup().run(dispatcher, tracker, domain)
        else:
            events = await ActionAnswerPolicyQuestion().run(dispatcher, tracker, domain)
        return events + remember_facts(dispatcher, tracker, text)


# The response each small-talk intent gets when the message says nothing more.
SMALL_TALK_RESPONSES = {
    "greet": "utter_greet",
    "thanks": "utter_thanks",
    "bot_challenge": "utter_bot_challenge",
    # "结论是啥" after the result, "先这样吧" with no check running: the result, else the default.
    "stop_check": "utter_default",
}


class ActionSmallTalk(Action):
    """Greeting, thanks, "你是谁", "stop" with no check running — unless the words carry more than that.

    The intent classifier files "那你先把幼儿园能享受的给我列出来" and "你给我个能问这事的电话"
    under "你是谁"; a request for the result, for a number to call, facts or a policy question
    the text answers are handled as such, and only what is left gets the small-talk reply.
    """

    def name(self) -> str:
        return "action_small_talk"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        if asks_for_person(text):
            return utter_person(dispatcher, tracker, text)
        if starts_check(text) or asks_overview(text) or reading_of(text, None).facts:
            return await ActionAnswerOrStartCheck().run(dispatcher, tracker, domain)
        if looks_like_question(text):
            answer = questions.answer_each(text, profile(tracker), last_measure(tracker))
            if not (answer.abstained or answer.unavailable):
                return utter_answer(dispatcher, answer)
        intent = (message.get("intent") or {}).get("name") or ""
        dispatcher.utter_message(response=SMALL_TALK_RESPONSES.get(intent, "utter_greet"))
        return []
