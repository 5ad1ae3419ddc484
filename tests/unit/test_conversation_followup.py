"""Follow-ups, hand-over summary and unit contacts (pure functions, no servers, no retrieval model)."""

from __future__ import annotations

import re

import pytest

from actions.conversation import contacts
from actions.conversation.followup import benefit_answer, referenced_measure, unit_answer, validity_answer
from actions.conversation.handoff import handoff_text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("第七条找谁办", 7),
        ("第（十二）条需要什么条件", 12),
        ("第7条", 7),
        ("第二十二条", 22),
        ("那要找谁办", None),
        ("第99条", None),
    ],
)
def test_measure_references(text: str, number: int | None) -> None:
    assert referenced_measure(text) == number


def test_unit_answer_names_units_and_hotline_only() -> None:
    text = unit_answer(7)
    assert "第（七）条“降低房租成本”" in text and "辽源经济开发区管委会" in text and "12345" in text
    assert not re.search(r"\d{7,}", text), "no phone numbers of its own"


def test_benefit_with_estimate_when_it_applies() -> None:
    text = benefit_answer(7, {"premises": "state_owned", "monthly_rent_yuan": 20000})
    assert "1个月房租免收" in text and "40000元" in text


def test_validity_answer_says_expired() -> None:
    text = validity_answer()
    assert "2020年6月30日" in text and "到期" in text


def test_handoff_summary_repeats_what_was_said() -> None:
    text = handoff_text({"industry": "餐饮业", "employees": 50, "premises": "state_owned"}, ["revenue_wan"], 7)
    assert "12345 政务服务便民热线" in text
    assert "行业：餐饮业" in text and "从业人员数：50人" in text and "不清楚/跳过：上年营业收入" in text
    assert "【最近咨询】" in text and "第（七）条" in text
    assert "尚未提供企业信息" in handoff_text({}, [], None)


def test_unit_contacts_only_from_configuration(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(contacts.ENV_VAR, raising=False)
    assert contacts.units_text(["市税务局", "市财政局"]) == "市税务局、市财政局"
    config = tmp_path / "contacts.yml"
    config.write_text("市税务局: 办税服务厅（示例）\n", encoding="utf-8")
    monkeypatch.setenv(contacts.ENV_VAR, str(config))
    assert contacts.units_text(["市税务局", "市财政局"]) == "市税务局（办税服务厅（示例））、市财政局"


def test_follow_up_without_topic_refers_back() -> None:
    from actions.conversation.followup import NO_TOPIC, names_a_topic, topic_measure

    assert topic_measure("那要找谁办?") == NO_TOPIC and topic_measure("需要什么条件?") == NO_TOPIC
    assert topic_measure("第七条找谁") == 7
    assert names_a_topic("房租减免找哪个部门") and names_a_topic("路灯坏了找谁")


def test_which_measure_prompt_examples_come_from_meta() -> None:
    from actions.conversation import knowledge
    from actions.conversation.followup import which_measure_prompt

    topics = knowledge.policy().meta["example_topics"]
    prompt = which_measure_prompt()
    assert all(topic in prompt for topic in topics)


def test_follow_up_answers_name_measure_units_and_validity() -> None:
    from actions.conversation import knowledge
    from actions.conversation.followup import follow_up_answer

    for kind in ("unit", "requirements", "benefit"):
        text = follow_up_answer(kind, 2, "需要什么条件", {})
        assert knowledge.label(2) in text and all(u in text for u in knowledge.units(2))
        assert "2020年6月30日" in text


def test_a_detail_question_is_answered_from_the_sentence_about_its_topic() -> None:
    # "贴几个点": the clause has a figure (零收费) about something else; the 贴息 sentence has none.
    from actions.conversation.followup import measure_answer

    rate = measure_answer("rate", 14, "扩产能的贴息到底贴几个点", {})
    assert "没有写明" in rate and "零收费" not in rate
    # 租金 is the policy's 房租: the sentence with the figures answers it.
    rent = measure_answer("amount", 7, "租的是国有的门市，租金到底能少掉多少", {})
    assert "减半" in rent and "没有写明" not in rent
