"""The check's questions, facts, corrections and result messages (no Rasa involved)."""

from __future__ import annotations

from actions.conversation.check import QUESTIONS_PER_ROUND, describe, next_question
from actions.conversation.extract import read, read_correction
from actions.conversation.messages import MAX_BYTES, byte_len
from actions.conversation.results import evaluate_profile, format_result
from actions.conversation.state import looks_like_question
from actions.eligibility import ask_next, field_definitions

FIELDS = field_definitions()


def test_first_question_is_the_engines_first() -> None:
    question = next_question({}, [], [])
    assert question is not None and question.fields == (ask_next({})[0],)
    assert FIELDS[question.fields[0]].question in question.text(1)


def test_special_groups_are_one_multi_choice_question() -> None:
    profile = {"affected": True, "industry": "餐饮业", "employees": 50}
    question = next_question(profile, [], ["affected", "industry", "employees"])
    assert question is not None and question.is_group
    assert set(question.fields) == {n for n, d in FIELDS.items() if d.group == "special_groups"}
    text = question.text(4)
    assert all(FIELDS[name].label in text for name in question.fields)


def test_skipped_fields_are_not_asked_again_and_budget_ends_the_round() -> None:
    first = ask_next({})[0]
    question = next_question({}, [first], [])
    assert question is not None and first not in question.fields
    assert next_question({}, [], ["x"] * QUESTIONS_PER_ROUND) is None


def test_explanation_after_two_failures_offers_skip() -> None:
    question = next_question({}, [], [])
    assert "跳过" not in question.text(1, failures=1)
    assert "跳过" in question.text(1, failures=2)


def test_facts_from_an_opening_message() -> None:
    assert read("我们是开饭店的，五十来个人").facts == {"industry": "餐饮业", "employees": 50}
    assert read("帮我看看我们能享受哪些政策").facts == {}


def test_corrections_name_field_and_value() -> None:
    assert read_correction("刚才人数说错了，是80人").facts == {"employees": 80}
    assert read_correction("刚才说没有融资需求，其实有").facts == {"needs_financing": True}
    assert read_correction("刚才那个说错了").facts == {}


def test_questions_are_told_from_answers() -> None:
    assert looks_like_question("房租能减免吗")
    assert looks_like_question("那要找谁办?")
    assert not looks_like_question("租的国企的门面")
    assert not looks_like_question("没什么困难")
    assert not looks_like_question("员工的五险一直都交着呢")
    assert looks_like_question("那房租呢")
    assert not looks_like_question("员工没交啥保险")
    assert looks_like_question("有没有啥政策")
    assert looks_like_question("没贷款有啥政策")


def test_result_order_units_validity_and_size() -> None:
    profile = {"industry": "餐饮业", "employees": 50, "revenue_wan": 800, "affected": True, "premises": "state_owned"}
    messages = format_result(evaluate_profile(profile), skipped=["unemployment_insured"], more_questions=True)
    text = "\n".join(messages)
    assert all(byte_len(m) <= MAX_BYTES for m in messages)
    assert text.index("可以享受") < text.index("普遍适用") < text.index("还需补充信息")
    assert "第（七）条“降低房租成本”" in text and "辽源经济开发区管委会" in text
    assert "属于中小企业（小型）" in text and "2020年6月30日" in text
    assert "参加失业保险" in text and "继续" in text


def test_describe_profile_for_the_handoff() -> None:
    lines = describe({"industry": "餐饮业", "employees": 50}, ["premises"])
    assert lines == ["行业：餐饮业", "从业人员数：50人", "不清楚/跳过：经营用房"]


def test_pending_question_stays_until_answered_even_past_the_budget() -> None:
    from actions.conversation.state import CheckState

    state = CheckState(asked=["x"] * QUESTIONS_PER_ROUND, current="employees")
    assert state.next_question() is not None and state.next_question().key == "employees"
    state.profile = {"employees": 50}
    assert state.current_question() is None and state.next_question() is None
    state = CheckState(current="employees")
    state.close_question()
    assert state.current is None and state.failures == 0


# ---------------------------------------------------------------- quick replies (web widget buttons)


def _choice_questions():
    from actions.conversation.check import GROUP_PREFIX, Question, definitions, question_for

    seen = set()
    for name, definition in definitions().items():
        if definition.derived:
            continue
        if definition.group:
            key = f"{GROUP_PREFIX}{definition.group}"
            if key not in seen:
                seen.add(key)
                yield question_for(key, {}, [])
        else:
            yield Question(name, (name,))


def test_every_quick_reply_is_an_answer_the_check_reads():
    """Clicking a button must record exactly what it says (or skip): no button the bot misreads."""
    from actions.conversation.intake import take
    from actions.conversation.state import CheckState

    checked = 0
    for question in _choice_questions():
        buttons = question.quick_replies()
        for index, button in enumerate(buttons):
            state = CheckState()
            state.current = question.key
            intake = take(state, button["payload"], question)
            if button["payload"] == "跳过":
                continue
            checked += 1
            if question.is_group and button["payload"] != "都不是":
                member = question.fields[index]
                assert state.profile.get(member) is True, (question.key, button, state.profile)
            elif question.is_group:
                assert all(state.profile.get(f) is False for f in question.fields), (button, state.profile)
            else:
                definition = question.definitions()[0]
                expected = True if index == 0 else False  # bool buttons: yes first, then no
                if definition.type == "enum":
                    expected = next(k for k, label in definition.choices.items() if label == button["payload"])
                assert state.profile.get(question.fields[0]) == expected, (question.key, button, state.profile, intake)
    assert checked >= 10


def test_number_and_industry_questions_get_no_buttons():
    from actions.conversation.check import Question

    assert Question("employees", ("employees",)).quick_replies() == []
    assert Question("industry", ("industry",)).quick_replies() == []
