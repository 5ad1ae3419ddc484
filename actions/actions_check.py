"""Rasa actions of the enterprise check (form `enterprise_check_form`).

The form has one requested slot, `check_answer`, asked again and again: the
question behind it comes from the eligibility engine's ask_next (the custom
`required_slots` + `action_ask_check_answer` pattern), answers are read by
actions/conversation/answers.py, and the profile, skipped fields and question
budget live in slots. Messages that are not answers (a policy question, a
correction, "转人工") are left unextracted so the form rejects and the rules
handle them; the form then resumes where it was.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.actions_policy_qa import utter_answer
from actions.conversation import knowledge, results
from actions.conversation.answers import Parsed, clean, parse_answer
from actions.conversation.check import MAX_FAILURES_BEFORE_SKIP, QUESTIONS_PER_ROUND, Question, merge
from actions.conversation.facts import extract_facts, parse_correction
from actions.conversation.lexicon import lexicon
from actions.conversation.state import (
    ANSWER,
    FORM,
    LAST_MEASURE,
    RESULT_SHOWN,
    CheckState,
    looks_like_question,
)
from actions.eligibility import ProfileError

logger = logging.getLogger(__name__)


def _warm_up() -> None:
    """Load the rules, field data and vocabulary in the background, so the first check is fast."""

    def run() -> None:
        try:
            results.evaluate_profile({})
            CheckState().next_question()
            parse_answer(list(results.definitions().values())[:1], "是的")
        except Exception as error:  # noqa: BLE001 - warm-up must never kill the server
            logger.warning("check warm-up failed: %s", error)

    threading.Thread(target=run, name="check-warm-up", daemon=True).start()


_warm_up()

# Intents that are never an answer: the rules take over, then the form resumes.
INTERRUPTIONS = {
    "handoff",
    "restart_check",
    "stop_check",
    "goodbye",
    "correct",
    "start_check",
    "greet",
    "thanks",
    "bot_challenge",
    "ask_validity",
}
# Intents that may still carry an answer ("租的国企的门面" can look like a rent question).
MAYBE_QUESTIONS = {"ask_policy", "ask_unit", "ask_requirements", "ask_benefit", "out_of_scope", "nlu_fallback"}


def _state(tracker: Tracker) -> CheckState:
    return CheckState.from_slots(tracker.current_slot_values())


def _latest(tracker: Tracker) -> tuple[str, str]:
    message = tracker.latest_message or {}
    return (message.get("intent") or {}).get("name") or "", message.get("text") or ""


def _acknowledge(question: Question, parsed: Parsed) -> str:
    """ "记下了：从业人员数 25人" for numbers and choices, so an approximation is visible."""
    if question.is_group:
        chosen = [d.label for d in question.definitions() if parsed.values.get(d.name)]
        return "记下了：" + ("、".join(chosen) if chosen else "以上情况都不属于")
    definition = question.definitions()[0]
    if definition.type == "bool":
        return ""
    return f"记下了：{definition.label} {definition.value_label(parsed.values[definition.name])}"


def with_facts(state: CheckState, text: str) -> dict[str, Any]:
    """The profile plus facts stated in a free message; facts that do not validate are ignored."""
    facts = {k: v for k, v in extract_facts(text).items() if k not in state.profile}
    if not facts:
        return state.profile
    try:
        return merge(state.profile, facts)
    except ProfileError:
        return state.profile


def is_interruption(intent: str, text: str) -> bool:
    """An interrupting intent counts only with its cue words, if it has any (see vocabulary.yml)."""
    cues = lexicon().interruption_cues.get(intent)
    return not cues or any(cue in clean(text) for cue in cues)


def _activating(tracker: Tracker) -> bool:
    """The form is being started by this message (no question of ours is pending)."""
    return tracker.get_slot("requested_slot") != ANSWER or tracker.active_loop_name != FORM


class ValidateEnterpriseCheckForm(FormValidationAction):
    """Reads answers, keeps the profile, and decides whether another question is worth asking."""

    def name(self) -> str:
        return "validate_enterprise_check_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        return [ANSWER] if _state(tracker).next_question() else []

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """At activation, first take the facts of the opening message ("开饭店的，五十来个人")."""
        facts: list[EventType] = []
        if _activating(tracker):
            state = _state(tracker)
            profile = with_facts(state, _latest(tracker)[1])
            if profile != state.profile:
                facts = [SlotSet("profile", profile)]
                tracker.add_slots(facts)
        return facts + await super().run(dispatcher, tracker, domain)

    async def extract_check_answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        intent, text = _latest(tracker)
        if _activating(tracker):
            return {}
        question = _state(tracker).current_question()
        if intent in INTERRUPTIONS and is_interruption(intent, text):
            return {}
        if intent in MAYBE_QUESTIONS or intent in INTERRUPTIONS:
            if question is None or looks_like_question(text):
                return {}
            if not parse_answer(question.definitions(), text, strict=True).ok:
                return {}
        return {ANSWER: text}

    async def validate_check_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        state = _state(tracker)
        question = state.current_question()
        if question is None or not question.fields:
            return {ANSWER: None}
        parsed = parse_answer(question.definitions(), str(value))
        if parsed.ok:
            try:
                state.profile = merge(state.profile, parsed.values)
            except ProfileError as error:
                parsed = Parsed("invalid", problem="；".join(error.problems) if error.problems else str(error))
        if parsed.status == "skip":
            state.skipped += [name for name in question.fields if name not in state.skipped]
            state.close_question()
            dispatcher.utter_message(text="好的，这个问题先跳过。")
        elif parsed.ok:
            state.close_question()
            note = _acknowledge(question, parsed)
            if note:
                dispatcher.utter_message(text=note)
        else:
            state.failures += 1
            if state.failures >= MAX_FAILURES_BEFORE_SKIP:
                state.skipped += [name for name in question.fields if name not in state.skipped]
                state.close_question()
                dispatcher.utter_message(text=f"抱歉，{parsed.problem}。这个问题先跳过，之后随时可以补充。")
            else:
                dispatcher.utter_message(text=f"抱歉，{parsed.problem}。")
        return {ANSWER: None, **state.slots()}


class ActionAskCheckAnswer(Action):
    """Asks the most useful open question (or repeats it, with an explanation after two failures)."""

    def name(self) -> str:
        return "action_ask_check_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        state = _state(tracker)
        question = state.next_question()
        if question is None:
            return []
        if question.key != state.current:
            state.failures = 0
        if question.key not in state.asked:
            state.asked.append(question.key)
        state.current = question.key
        number = state.asked.index(question.key) + 1
        dispatcher.utter_message(text=question.text(number, state.failures))
        return [SlotSet(name, value) for name, value in state.slots().items()]


def result_events(dispatcher: CollectingDispatcher, state: CheckState) -> list[EventType]:
    """Utter the result for the profile; remember the first relevant measure for follow-ups."""
    evaluation = results.evaluate_profile(state.profile)
    more = bool(results.remaining_after(state))
    for message in results.format_result(evaluation, state.skipped, more_questions=more):
        dispatcher.utter_message(text=message)
    events: list[EventType] = [SlotSet(RESULT_SHOWN, True)]
    measure = results.first_measure(evaluation)
    if measure is not None:
        events.append(SlotSet(LAST_MEASURE, measure))
    return events


class ActionShowResult(Action):
    """The check's result: applies → possible → general → needs information."""

    def name(self) -> str:
        return "action_show_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return result_events(dispatcher, _state(tracker))


class ActionContinueCheck(Action):
    """ "继续": another round of questions."""

    def name(self) -> str:
        return "action_continue_check"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        state = _state(tracker)
        state.limit = len(state.asked) + QUESTIONS_PER_ROUND
        if state.next_question() is None:
            dispatcher.utter_message(text="能影响结果的问题都已经问过了，下面是完整的结果。")
        else:
            dispatcher.utter_message(text="好的，再请您回答几个问题。")
        return [SlotSet(name, value) for name, value in state.slots().items()]


class ActionHandleInform(Action):
    """An answer-like message with no question pending: facts start the check; a keyword that
    retrieval recognises is answered as a policy question; anything else gets the help text."""

    def name(self) -> str:
        return "action_handle_inform"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = _latest(tracker)[1]
        if extract_facts(text):
            dispatcher.utter_message(response="utter_check_intro")
            return [FollowupAction(FORM)]
        answer = knowledge.answer_question(text)
        if answer.abstained or answer.unavailable:
            # Plain "是的/没有": there is no question of ours to answer.
            dispatcher.utter_message(response="utter_default")
            return []
        # A keyword that looked like an answer ("贷款", "稳岗返还") is a policy question.
        return utter_answer(dispatcher, answer)


class ActionResetCheck(Action):
    """ "重新开始": forget the profile and start the check afresh."""

    def name(self) -> str:
        return "action_reset_check"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text="好的，之前的回答已清空，我们重新开始。")
        fresh = CheckState()
        return [SlotSet(name, value) for name, value in fresh.slots().items()] + [
            SlotSet(RESULT_SHOWN, None),
            SlotSet(ANSWER, None),
            SlotSet("requested_slot", None),
        ]


class ActionCorrectAnswer(Action):
    """ "刚才人数说错了，是80人": update the answer; after a result, show the updated result."""

    def name(self) -> str:
        return "action_correct_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        state = _state(tracker)
        _, text = _latest(tracker)
        correction = parse_correction(text, state.profile)
        if correction is None:
            dispatcher.utter_message(text="您想更正哪一项？可以这样说：“人数是80人”“营收是800万”“房子是自己的”。")
            return []
        name, parsed = correction
        definition = results.definitions()[name]
        if not parsed.ok:
            problem = parsed.problem or "没听出新的值"
            dispatcher.utter_message(text=f"抱歉，{problem}。请再说一次，比如“{definition.label}是……”。")
            return []
        try:
            state.profile = merge(state.profile, parsed.values)
        except ProfileError as error:
            dispatcher.utter_message(text="抱歉，" + "；".join(error.problems or [str(error)]) + "。")
            return []
        old = tracker.current_slot_values().get("profile") or {}
        before = definition.value_label(old[name]) if name in old else "未填"
        dispatcher.utter_message(
            text=f"已更正：{definition.label} {before} → {definition.value_label(state.profile[name])}"
        )
        state.skipped = [n for n in state.skipped if n != name]
        events = [SlotSet(key, value) for key, value in state.slots().items()]
        if tracker.active_loop_name != FORM and tracker.get_slot(RESULT_SHOWN):
            dispatcher.utter_message(text="更新后的结果如下：")
            events += result_events(dispatcher, state)
        return events
