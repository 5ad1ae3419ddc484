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

from actions.actions_followup import utter_person
from actions.actions_policy_qa import answer_events, utter_answer
from actions.conversation import knowledge, questions, results
from actions.conversation.answers import clean, parse_answer
from actions.conversation.check import MAX_FAILURES_BEFORE_SKIP, QUESTIONS_PER_ROUND, Question
from actions.conversation.details import is_bare_measure_request, requested_measures
from actions.conversation.intake import (
    Intake,
    asks_for_person,
    asks_overview,
    asks_something,
    describes_enterprise,
    is_correction,
    reading_of,
    take,
)
from actions.conversation.lexicon import lexicon
from actions.conversation.messages import split_all
from actions.conversation.questions import TOPIC_MIN_CHARS
from actions.conversation.state import (
    ANSWER,
    FORM,
    LAST_MEASURE,
    RESULT_SHOWN,
    CheckState,
    looks_like_question,
)

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
# Interruptions that win even over facts in the same message ("转人工", "重新开始", "先看结果").
HARD_INTERRUPTIONS = {"handoff", "restart_check", "stop_check", "goodbye", "correct"}
# With this many facts told before asking "能享受哪些", the person sees the result so far at once.
FACTS_FOR_EARLY_RESULT = 3
# Intents that may still carry an answer ("租的国企的门面" can look like a rent question).
MAYBE_QUESTIONS = {"ask_policy", "ask_unit", "ask_requirements", "ask_benefit", "out_of_scope", "nlu_fallback"}


def _state(tracker: Tracker) -> CheckState:
    return CheckState.from_slots(tracker.current_slot_values())


def _latest(tracker: Tracker) -> tuple[str, str]:
    message = tracker.latest_message or {}
    return (message.get("intent") or {}).get("name") or "", message.get("text") or ""


def utter_notes(dispatcher: CollectingDispatcher, intake: Intake) -> None:
    """ "记下了：…", "已更正：…", and any fact that needs asking again, in one message."""
    if intake.notes:
        dispatcher.utter_message(text="\n".join(intake.notes))


def _slot_events(state: CheckState) -> list[EventType]:
    return [SlotSet(name, value) for name, value in state.slots().items()]


def starts_check(text: str) -> bool:
    """An opening that says what the enterprise is and asks what it can get ("口罩厂能享受什么")."""
    return describes_enterprise(reading_of(text, None)) and (asks_overview(text) or not looks_like_question(text))


def remember_facts(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list[EventType]:
    """ "租的国有的房子，房租能免几个月？" before any check: keep the facts and offer the check."""
    state = _state(tracker)
    intake = take(state, text)
    if not intake.recorded:
        return []
    utter_notes(dispatcher, intake)
    if not tracker.get_slot(RESULT_SHOWN):
        _offer(dispatcher)
    return _slot_events(state)


def overview_events(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list[EventType] | None:
    """ "那结论呢？哪些能办" outside the check: with enough facts told, the result so far (and "继续");
    with few, the check. None when the message does not ask that."""
    question = questions.classify(text)
    if not asks_overview(text) or (question.kind == "document" and question.facet != "overview"):
        # "把全部措施列给我" asks for the document's list, not this enterprise's result ("结论是啥" does).
        return None
    state = _state(tracker)
    if questions.names_a_subject(text) and not reading_of(text, None).facts:
        # "房租这块有啥政策": the clauses on rent, then the check offered — not the check alone.
        answer = questions.answer_each(text, state.profile, tracker.get_slot(LAST_MEASURE))
        if not (answer.abstained or answer.unavailable):
            return utter_answer(dispatcher, answer) + _offer(dispatcher)
    intake = take(state, text)
    utter_notes(dispatcher, intake)
    if len(state.profile) >= FACTS_FOR_EARLY_RESULT or tracker.get_slot(RESULT_SHOWN):
        return _slot_events(state) + result_events(dispatcher, state)
    direct = utter_direct_measures(dispatcher, state) if intake.recorded else []
    return _slot_events(state) + direct + start_check_events(dispatcher)


def result_again_events(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list[EventType] | None:
    """ "那结论是啥" after a result, filed by NLU as a policy question: the result again (with any
    facts the message adds). None when the message names a topic ("社保方面还有哪些政策")."""
    if not tracker.get_slot(RESULT_SHOWN) or not asks_overview(text):
        return None
    if len(questions.classify(text).topic) >= TOPIC_MIN_CHARS:
        return None
    return overview_events(dispatcher, tracker, text)


def utter_direct_measures(dispatcher: CollectingDispatcher, state: CheckState) -> list[EventType]:
    """ "做疫苗研发的机构有啥支持": the measures the facts told so far already decide, before the
    questions; the first becomes the measure in view. No events when none applies yet."""
    note, sections = results.direct_measures(state.profile)
    if not note:
        return []
    dispatcher.utter_message(text=note)
    return [SlotSet(LAST_MEASURE, sections[0])]


def _offer(dispatcher: CollectingDispatcher) -> list[EventType]:
    dispatcher.utter_message(response="utter_offer_check")
    return []


def start_check_events(dispatcher: CollectingDispatcher) -> list[EventType]:
    """Start the check: the form reads the opening message's facts when it activates."""
    dispatcher.utter_message(response="utter_check_intro")
    return [FollowupAction(FORM)]


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
            intent, text = _latest(tracker)
            told_before = len(state.profile)
            intake = take(state, text)
            utter_notes(dispatcher, intake)
            direct = utter_direct_measures(dispatcher, state) if intake.recorded and not told_before else []
            facts += direct
            if not direct and asks_something(text) and not asks_overview(text):
                # "我们是口罩厂，想申请点省里的专项资金": the question is answered when the text answers it.
                answer = questions.answer_each(text, state.profile, tracker.get_slot(LAST_MEASURE))
                if not (answer.abstained or answer.unavailable):
                    answered = utter_answer(dispatcher, answer)
                    tracker.add_slots(answered)
                    facts += answered
            if (intent == "start_check" or asks_overview(text)) and told_before >= FACTS_FOR_EARLY_RESULT:
                # "那我能享受哪些？" after telling several facts along the way: the result so far first;
                # "继续" opens the questions.
                state.limit = len(state.asked)
                state.close_question()
            slots = _slot_events(state)
            tracker.add_slots(slots)
            facts += slots
        return facts + await super().run(dispatcher, tracker, domain)

    async def extract_check_answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        intent, text = _latest(tracker)
        if _activating(tracker):
            return {}
        question = _state(tracker).current_question()
        if questions.classify(text).kind == "article" and not asks_overview(text):
            # "请问第N条…我们基地能否享受？": that measure is answered, whatever the intent; the check goes on.
            return {ANSWER: text}
        if intent in HARD_INTERRUPTIONS and is_interruption(intent, text):
            return {}
        reading = reading_of(text, question)
        if reading.facts or reading.problems or reading.skipped or asks_overview(text) or asks_for_person(text):
            # Facts for any field are taken, even from a question ("租的国企的房子，房租能免吗？") or a
            # message that sounds like another intent ("贷款三月份到期了，还不上" is no validity question).
            return {ANSWER: text}
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
        text = str(value)
        intake = take(state, text, question)
        utter_notes(dispatcher, intake)
        events: dict[str, Any] = {}
        # "仓库是租的国有的，这样能享受点啥": the facts are taken and the result given with them.
        overview = asks_overview(text) and not intake.exact_asked
        person = asks_for_person(text) and not intake.recorded and not intake.exact_asked and not overview
        if person:
            # "你给我个能问这事的电话": the hotline and the summary; the question stays open.
            utter_person(dispatcher, tracker, text)
        elif overview:
            # "还有哪些能享受的，列一下": the result so far; "继续" opens more questions. A detail asked
            # with it ("稳岗能返回来几个钱…顺手帮我算算") is answered first.
            if questions.classify(text).kind == "detail":
                answer = questions.answer_each(text, state.profile, tracker.get_slot(LAST_MEASURE))
                if not (answer.abstained or answer.unavailable):
                    events = _slot_values(utter_answer(dispatcher, answer))
            if len(state.profile) < FACTS_FOR_EARLY_RESULT and state.next_question() is not None:
                # "先直接告诉我火锅店能享受啥" knowing almost nothing yet: what holds so far, and the
                # questions go on (the result alone would leave nearly everything open).
                events = {**events, **_slot_values(result_events(dispatcher, state, asking_on=True))}
            else:
                state.limit = len(state.asked)
                state.close_question()
                dispatcher.utter_message(response="utter_stop_check")
        elif question is not None and question.fields:
            if intake.pending is None and not intake.took_anything:
                events = _answer_instead(dispatcher, tracker, state, question, text)
            else:
                _settle_question(dispatcher, state, question, intake)
        if intake.exact_asked:
            state.current, state.failures = intake.exact_asked, 0
        if not overview and not person and intake.took_anything and asks_something(text):
            # "租的国有的房子，房租能免几个月？": the fact is recorded, the question answered, the check goes on.
            events = _slot_values(facts_and_question_events(dispatcher, tracker, state, text, intake))
        return {ANSWER: None, **state.slots(), **events}


def facts_and_question_events(
    dispatcher: CollectingDispatcher, tracker: Tracker, state: CheckState, text: str, intake: Intake
) -> list[EventType]:
    """The question of a message that also told facts, answered; when no clause answers it, the
    measures those facts bear on ("还没跟银行借过钱 人家能借给我这种摆摊的不" → the loan measures),
    and only when there are none the honest "no clause found"."""
    answer = questions.answer_each(text, state.profile, tracker.get_slot(LAST_MEASURE))
    if answer.abstained and intake.recorded:
        note, sections = results.direct_measures(state.profile, set(intake.recorded))
        if note:
            dispatcher.utter_message(text=note)
            return [SlotSet(LAST_MEASURE, sections[0])]
    return utter_answer(dispatcher, answer)


def _slot_values(events: list[EventType]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def _answer_instead(
    dispatcher: CollectingDispatcher, tracker: Tracker, state: CheckState, question: Question, text: str
) -> dict[str, Any]:
    """A message that answers nothing may be a question ("电费最晚能拖到几个月以后交"): answer it;
    only when it is no question either is it a failed answer."""
    answer = questions.answer_each(text, state.profile, tracker.get_slot(LAST_MEASURE))
    if answer.abstained or answer.unavailable:
        _failed(dispatcher, state, question, "没听明白您的回答")
        return {}
    return _slot_values(utter_answer(dispatcher, answer))


def _settle_question(dispatcher: CollectingDispatcher, state: CheckState, question: Question, intake: Intake) -> None:
    """Close, skip or re-ask the pending question after a message."""
    parsed = intake.pending
    if parsed is None:
        if not intake.took_anything:
            _failed(dispatcher, state, question, "没听明白您的回答")
        return
    if parsed.status == "skip":
        state.skipped += [name for name in question.fields if name not in state.skipped]
        state.close_question()
        dispatcher.utter_message(text="好的，这个问题先跳过。")
    elif parsed.ok:
        state.close_question()
        if question.is_group and not any(parsed.values.values()):
            dispatcher.utter_message(text="记下了：以上情况都不属于")
    else:
        _failed(dispatcher, state, question, parsed.problem)


def _failed(dispatcher: CollectingDispatcher, state: CheckState, question: Question, problem: str) -> None:
    state.failures += 1
    if state.failures >= MAX_FAILURES_BEFORE_SKIP:
        state.skipped += [name for name in question.fields if name not in state.skipped]
        state.close_question()
        dispatcher.utter_message(text=f"抱歉，{problem}。这个问题先跳过，之后随时可以补充。")
    else:
        dispatcher.utter_message(text=f"抱歉，{problem}。")


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
        dispatcher.utter_message(text=question.text(number, state.failures), buttons=question.quick_replies())
        return _slot_events(state)


def result_events(dispatcher: CollectingDispatcher, state: CheckState, asking_on: bool = False) -> list[EventType]:
    """Utter the result for the profile; remember the first relevant measure for follow-ups.

    `asking_on`: the next question follows at once, so the result does not offer "继续"."""
    evaluation = results.evaluate_profile(state.profile)
    more = bool(results.remaining_after(state)) and not asking_on
    for message in split_all(results.format_result(evaluation, state.skipped, more_questions=more)):
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
        return _slot_events(state)


class ActionHandleInform(Action):
    """An answer-like message with no question pending: facts start the check; a keyword that
    retrieval recognises is answered as a policy question; anything else gets the help text."""

    def name(self) -> str:
        return "action_handle_inform"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = _latest(tracker)[1]
        known = set(knowledge.measure_titles())
        if tracker.get_slot(RESULT_SHOWN) and is_bare_measure_request(text, known):
            return detail_events(dispatcher, _state(tracker), requested_measures(text, known))
        if starts_check(text) or (reading_of(text, None).facts and not asks_something(text)):
            return start_check_events(dispatcher)
        overview = overview_events(dispatcher, tracker, text)
        if overview is not None:
            return overview
        if reading_of(text, None).facts:
            # Facts and a question ("厂里电费交不上了，会不会断电？"): the answer, then the facts kept.
            return answer_events(dispatcher, text) + remember_facts(dispatcher, tracker, text)
        state = _state(tracker)
        answer = questions.answer_each(text, state.profile, tracker.get_slot(LAST_MEASURE))
        if answer.abstained or answer.unavailable:
            # Plain "是的/没有": there is no question of ours to answer.
            dispatcher.utter_message(response="utter_default")
            return []
        # A keyword that looked like an answer ("贷款", "稳岗返还") is a policy question.
        return utter_answer(dispatcher, answer)


def detail_events(dispatcher: CollectingDispatcher, state: CheckState, sections: list[int] | None) -> list[EventType]:
    """Per-measure details of the result (all, or the measures named), each message within the cap."""
    evaluation = results.evaluate_profile(state.profile)
    for message in split_all(results.detail_messages(evaluation, sections)):
        dispatcher.utter_message(text=message)
    return [SlotSet(LAST_MEASURE, sections[0])] if sections else []


class ActionShowDetails(Action):
    """ "详细" / "7" after a result: what each measure gives, whom to contact, why or why not."""

    def name(self) -> str:
        return "action_show_details"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        state = _state(tracker)
        text = _latest(tracker)[1]
        if not tracker.get_slot(RESULT_SHOWN):
            # "把所有措施都列出来" before any check is a question about the document, not our result.
            answer = questions.answer_each(text, state.profile, tracker.get_slot(LAST_MEASURE))
            if answer.abstained or answer.unavailable:
                dispatcher.utter_message(response="utter_no_result_yet")
                return []
            return utter_answer(dispatcher, answer)
        sections = requested_measures(_latest(tracker)[1], set(knowledge.measure_titles()))
        if not sections and not results.shown_measures(results.evaluate_profile(state.profile)):
            # "请给出完整的评估结果" when no measure applies: the result itself, not a bare reason.
            return result_events(dispatcher, state)
        return detail_events(dispatcher, state, sections or None)


class ActionResetCheck(Action):
    """ "重新开始": forget the profile and start the check afresh."""

    def name(self) -> str:
        return "action_reset_check"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = _latest(tracker)[1]
        if asks_overview(text) and not any(word in clean(text) for word in lexicon().restart_words):
            # "重新出一下结果": the result again; nothing told is forgotten and no check restarts.
            state = _state(tracker)
            return _slot_events(state) + result_events(dispatcher, state) + [FollowupAction("action_listen")]
        dispatcher.utter_message(text="好的，之前的回答已清空，我们重新开始。")
        fresh = CheckState()
        return _slot_events(fresh) + [
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
        told_before = len(state.profile)
        intake = take(state, text)
        if not intake.recorded and not intake.notes:
            if not is_correction(text):
                # NLU heard a correction where there is none ("社保可以往后推一推不？", "我这规模的行不行").
                overview = overview_events(dispatcher, tracker, text) if tracker.active_loop_name != FORM else None
                if overview is not None:
                    return overview
                answer = questions.answer_each(text, state.profile, tracker.get_slot(LAST_MEASURE))
                if not (answer.abstained or answer.unavailable):
                    return utter_answer(dispatcher, answer)
                dispatcher.utter_message(response="utter_default")
                return []
            dispatcher.utter_message(response="utter_which_correction")
            return []
        utter_notes(dispatcher, intake)
        events = _slot_events(state)
        if tracker.active_loop_name != FORM and not tracker.get_slot(RESULT_SHOWN) and intake.recorded:
            if asks_something(text) and not starts_check(text):
                return events + answer_events(dispatcher, text, state.profile) + _offer(dispatcher)
            # Facts before any check ("我们是开餐厅的，三十个员工"): they open it, after the measures
            # they already decide ("区政府欠我们的工程款" → the measure on arrears).
            direct = utter_direct_measures(dispatcher, state) if not told_before else []
            return events + direct + start_check_events(dispatcher)
        if intake.recorded and tracker.active_loop_name != FORM and tracker.get_slot(RESULT_SHOWN):
            if asks_something(text) and not asks_overview(text):
                # "门脸是国有资产的房子，这样房租能给减点不？": the question, answered for the profile as it now is.
                return events + answer_events(dispatcher, text, state.profile, tracker.get_slot(LAST_MEASURE))
            dispatcher.utter_message(text="更新后的结果如下：")
            events += result_events(dispatcher, state)
        return events
