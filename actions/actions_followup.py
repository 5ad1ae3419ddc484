"""Rasa actions for follow-ups ("那要找谁办?", "需要什么条件?"), validity and the human hand-over.

Follow-up intents (ask_unit / ask_requirements / ask_benefit) go through the same
questions.answer as free questions: the wording decides what is asked, so a question
about the document that NLU files under ask_unit ("这个政策是哪个部门发的") gets the
document's issuer, not some measure's units.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.actions_policy_qa import (
    answer_or_result_events,
    last_measure,
    question_text,
    utter_all,
    utter_answer,
)
from actions.conversation import followup, questions
from actions.conversation.handoff import handoff_text
from actions.conversation.lexicon import lexicon
from actions.conversation.state import CheckState
from actions.policy.normalize import normalize

# The follow-up intents and the facet each usually asks (other actions route on these intent names;
# the answer itself reads the facet from the wording, see questions.py).
KIND_BY_INTENT = {"ask_unit": "unit", "ask_requirements": "requirements", "ask_benefit": "benefit"}


class ActionAnswerFollowup(Action):
    """Whom to contact / what it needs / what it gives, for the named or the last measure."""

    def name(self) -> str:
        return "action_answer_followup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return answer_or_result_events(dispatcher, tracker)


class ActionAnswerValidity(Action):
    """ "这些政策现在还有效吗": the validity period and, today, that it has expired."""

    def name(self) -> str:
        return "action_answer_validity"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        # The router tells "还有效吗" (validity) from "国家和省的政策还算数吗" or a topic that says 到期.
        text = (tracker.latest_message or {}).get("text") or ""
        answer = questions.answer_each(text, None, None)
        # "第N条是关于哪方面的", "五险晚交的那个政策，宽限期封顶几个月": a measure named, not the validity.
        named_measure = answer.kind in ("article", "detail") and not (answer.abstained or answer.unavailable)
        if answer.kind == "document" or named_measure:
            return utter_answer(dispatcher, answer)
        dispatcher.utter_message(text=followup.validity_answer())
        return []


class ActionHandoff(Action):
    """The hotline and a summary of what the enterprise told us."""

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = question_text(tracker)
        if questions.classify(text).kind == "contact":
            return utter_person(dispatcher, tracker, text)
        if not any(cue in normalize(text) for cue in lexicon().interruption_cues.get("handoff", ())):
            # "有没有跟招人有关的政策，HR让我问问" asks no person: the question is answered when a clause does.
            state = CheckState.from_slots(tracker.current_slot_values())
            answer = questions.answer_each(text, state.profile, last_measure(tracker))
            if not (answer.abstained or answer.unavailable):
                return utter_answer(dispatcher, answer)
        return utter_person(dispatcher, tracker, text) + [SlotSet("requested_slot", None)]


def utter_person(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list[EventType]:
    """The hotline and the summary for staff; "某局的电话是多少" gets the honest contact answer instead
    (it asks for contact details the text does not give)."""
    if questions.classify(text).kind == "contact":
        return utter_answer(dispatcher, questions.answer_each(text, None, last_measure(tracker)))
    state = CheckState.from_slots(tracker.current_slot_values())
    utter_all(dispatcher, handoff_text(state.profile, state.skipped, last_measure(tracker)))
    return []
