"""Scripted conversations (tests/conversations/*.yml) through the real servers, one case per conversation.

The scripts use the format of tests/data/real_user/FORMAT.md (user messages, the facts each
states, reply expectations), plus the exact-wording checks `reply: {contains: [...],
not_contains: [...]}`, `max_bytes`, `asks`, `lists_measures` and `any_of` (see scripted.py).
After every turn the tracker's `profile` slot must hold exactly the facts stated so far.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa_client import Servers
from scripted import ScriptError, load_conversations, play_conversation, validate_conversation

SCRIPTS = Path(__file__).resolve().parents[1] / "conversations"


def _cases() -> list:
    cases, seen = [], set()
    for path in sorted(SCRIPTS.glob("*.yml")):
        for conversation in load_conversations(path):
            cid = str(conversation.get("id", "?"))
            if cid in seen:
                raise ScriptError(f"{path.name}: duplicate conversation id {cid!r}")
            seen.add(cid)
            cases.append(pytest.param(conversation, id=f"{path.stem}:{cid}"))
    return cases


CASES = _cases()


@pytest.mark.parametrize("conversation", CASES)
def test_script_is_well_formed(conversation: dict) -> None:
    validate_conversation(conversation)


@pytest.mark.e2e
@pytest.mark.parametrize("conversation", CASES)
def test_scripted_conversation(servers: Servers, conversation: dict) -> None:
    record = play_conversation(servers, conversation)
    if not record.fully_right:
        pytest.fail(record.diff(), pytrace=False)


# ---- the scorer itself, against a stand-in for the servers (no servers needed)


class FakeServers:
    """Replays canned replies and tracker slots, one per user message."""

    def __init__(self, turns: list[tuple[list[str], dict]]) -> None:
        self.turns = list(turns)
        self.slots: dict = {}

    def say(self, sender: str, text: str) -> list[str]:
        reply, self.slots = self.turns.pop(0)
        return reply

    def tracker(self, sender: str) -> dict:
        return {"slots": self.slots}


GROUP_FALSE = {
    "epidemic_supplies": False,
    "medical_products": False,
    "rd_institution": False,
    "carrier_operator": False,
}


def test_scorer_counts_right_wrong_and_missing_facts() -> None:
    conversation = {
        "id": "t1",
        "turns": [
            {"user": "大概十五六个人吧", "facts": {"employees": [15, 16]}},
            {"user": "没贷过，房子是租的商场的", "facts": {"first_loan": True, "premises": "private"}},
        ],
    }
    servers = FakeServers(
        [
            (["记下了"], {"profile": {"employees": 106}}),
            (["好的"], {"profile": {"employees": 106, "first_loan": True, "affected": True}}),
        ]
    )
    record = play_conversation(servers, conversation)
    assert record.facts_expected == 3 and record.facts_right == 1
    assert [(i.turn, i.field, i.recorded) for i in record.facts_wrong] == [(1, "employees", 106), (2, "affected", True)]
    assert [(i.turn, i.field) for i in record.facts_missing] == [(2, "premises")]
    assert not record.fully_right and "employees=106, expected [15, 16]" in record.diff()


def test_unchosen_group_members_are_implied_only_after_the_multi_choice_question() -> None:
    chosen = {"profile": {"food_supply": True, **GROUP_FALSE}, "current_question": None}
    asked = {"profile": {}, "current_question": "group:special_groups"}
    conversation = {
        "id": "t2",
        "turns": [{"user": "帮我看看"}, {"user": "我们卖蔬菜，算菜篮子", "facts": {"food_supply": True}}],
    }
    record = play_conversation(FakeServers([(["【第1问】…可多选"], asked), (["记下了"], chosen)]), conversation)
    assert record.fully_right, record.diff()
    assert sorted(record.turns[1].implied) == sorted(GROUP_FALSE)
    unasked = {"id": "t3", "turns": [{"user": "我们卖蔬菜，算菜篮子", "facts": {"food_supply": True}}]}
    record = play_conversation(FakeServers([(["记下了"], chosen)]), unasked)
    assert sorted(i.field for i in record.facts_wrong) == sorted(GROUP_FALSE)


def test_reply_checks_read_citations_results_and_phrases() -> None:
    from scripted import check_reply, cited_measures, result_sections

    assert cited_measures("【第（七）条“降低房租成本”】见第15条、第二十二条和（三）") == {3, 7, 15, 22}
    assert cited_measures("想了解某条怎么办，可以问“第七条找谁办”") == set()
    several = [
        "📋 评估结果",
        "✅ 可以享受（1条）\n\n第（七）条“降低房租成本”\n· 内容：可享受贴息",
        "❓ 还需补充信息\n\n第（十五）条“扶持”",
    ]
    assert result_sections("\n".join(several)) == {"applies": {7}}
    one = "📋 评估结果\n✅ 可以享受（2条）：\n· 第（一）条“稳岗”\n  找：市社保局\n🤝 可能享受（1条）：\n· 第（七）条“房租”"
    assert result_sections(one) == {"applies": {1}}
    assert result_sections("第（七）条“降低房租成本”：…\n⚠ 提示：本政策执行至2020年6月30日") is None
    results = check_reply(
        {"abstains": True, "not_specified": True, "validity": True, "names_units_of": 7, "max_bytes": 2048},
        [
            "政策没有规定需要哪些材料，请咨询市工业和信息化局；我没有找到更多条款，可拨打12345。",
            "本政策执行至2020年6月30日。",
        ],
    )
    assert all(r.passed for r in results), results
    assert not check_reply({"abstains": True}, ["这个问题不在我能回答的范围内。"])[0].passed  # no hotline
