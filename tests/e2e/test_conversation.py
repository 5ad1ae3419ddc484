"""The enterprise check and the rest of the conversation, through the REST channel of the real servers.

Answers are given the way owners type them; the expected measures come from the
eligibility engine's own command line (the contract), run in the actions environment.
"""

from __future__ import annotations

import json
import re
import subprocess

from rasa_client import ROOT, Servers, asked, field_specs, has_result

ANSWERS = {
    "affected": "是的，停业了一个多月",
    "industry": "开饭店的",
    "employees": "五十来个人",
    "revenue_wan": "八百万左右",
    "assets_wan": "五百万",
    "special_groups": "都不是",
    "premises": "租的国企的门面",
    "needs_financing": "不需要",
    "first_loan": "贷过",
    "unemployment_insured": "参加了",
    "layoffs": "不裁员",
}
PROFILE = {
    "affected": True,
    "industry": "餐饮业",
    "employees": 50,
    "revenue_wan": 800,
    "assets_wan": 500,
    "epidemic_supplies": False,
    "medical_products": False,
    "rd_institution": False,
    "food_supply": False,
    "carrier_operator": False,
    "premises": "state_owned",
    "needs_financing": False,
    "first_loan": False,
    "unemployment_insured": True,
    "layoffs": "none",
}
GROUP = ("epidemic_supplies", "medical_products", "rd_institution", "food_supply", "carrier_operator")
MEASURE = re.compile(r"^第（([一二三四五六七八九十]+)）条", re.MULTILINE)


def engine_result(profile: dict) -> dict:
    """The eligibility engine's verdict via its CLI contract (actions environment)."""
    command = [str(ROOT / ".venv" / "actions" / "bin" / "python"), "-m", "actions.eligibility", "--jsonl"]
    request = json.dumps({"profile": profile}, ensure_ascii=False) + "\n"
    done = subprocess.run(command, cwd=ROOT, input=request, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout.splitlines()[0])


def answer_until(servers: Servers, sender: str, reply: list[str], stop_at: str | None = None) -> tuple[list[str], dict]:
    """Answer every question from ANSWERS until the result (or the field `stop_at` is asked)."""
    given: dict = {}
    for _ in range(30):
        if has_result(reply):
            return reply, given
        field = asked(reply)
        assert field and field != "?", reply
        if field == stop_at:
            return reply, given
        if field == "special_groups":
            given.update({name: PROFILE[name] for name in GROUP})
            text = ANSWERS[field]
        elif field in ANSWERS:
            given[field] = PROFILE[field]
            text = ANSWERS[field]
        elif field_specs()[field]["type"] == "bool":
            given[field] = False
            text = "没有"
        else:
            text = "不知道"
        reply = servers.say(sender, text)
    raise AssertionError("the check did not end")


def test_happy_path_result_matches_engine(servers: Servers, sender: str) -> None:
    reply = servers.say(sender, "帮我看看我们能享受哪些政策")
    assert "【第1问】" in "\n".join(reply)
    reply, given = answer_until(servers, sender, reply)
    for _ in range(3):  # a round is a few questions; "继续" opens the next until nothing is left to ask
        if "回复“继续”" not in "\n".join(reply):
            break
        reply, more = answer_until(servers, sender, servers.say(sender, "继续"))
        given.update(more)
    summary = [m for m in reply if "📋 评估结果" in m]
    assert len(summary) == 1 and len(summary[0].encode("utf-8")) <= 2048, reply
    assert "第（七）条“降低房租成本”" in shown_block(summary[0], "✅ 可以享受")
    assert "属于中小企业" in summary[0] and "2020年6月30日" in summary[0]
    details = servers.say(sender, "详细")
    assert details and all(len(m.encode("utf-8")) <= 2048 for m in details)
    text = "\n".join(details)
    expected = engine_result(given)
    for status, heading in (("applies", "✅ 可以享受"), ("general", "📌 普遍适用"), ("needs_info", "❓ 还需补充信息")):
        sections = {m["section"] for m in expected["measures"] if m["status"] == status}
        block = shown_block(text, heading) if sections else ""
        assert {int_section(n) for n in MEASURE.findall(block)} == sections, status


def shown_block(text: str, heading: str) -> str:
    start = text.index(heading)
    ends = [
        text.find(h, start + 1)
        for h in ("✅ 可以享受", "🤝 可能享受", "📌 普遍适用", "❓ 还需补充", "按您提供的情况不适用")
    ]
    ends = [e for e in ends if e > start]
    return text[start : min(ends) if ends else len(text)]


def int_section(numeral: str) -> int:
    digits = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
    if numeral.startswith("十"):
        return 10 + (digits[numeral[1]] if len(numeral) > 1 else 0)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return digits[tens] * 10 + (digits[ones] if ones else 0)
    return digits[numeral]


def test_skip_is_not_asked_again_and_listed_as_unknown(servers: Servers, sender: str) -> None:
    reply = servers.say(sender, "帮我看看我们能享受哪些政策")
    first = asked(reply)
    reply = servers.say(sender, "不知道")
    assert "跳过" in "\n".join(reply)
    assert asked(reply) not in (first, None)
    reply = servers.say(sender, "先看结果")
    assert has_result(reply)
    assert "您没有回答" in "\n".join(reply)


def test_bad_answer_is_re_asked_then_explained(servers: Servers, sender: str) -> None:
    reply = servers.say(sender, "我们是开饭店的，帮我看看能享受哪些政策")
    reply, _ = answer_until(servers, sender, reply, stop_at="employees")
    assert asked(reply) == "employees"
    reply = servers.say(sender, "负五个人")
    text = "\n".join(reply)
    assert "不能小于0" in text and asked(reply) == "employees" and "说明" not in text
    reply = servers.say(sender, "负五个人")
    text = "\n".join(reply)
    assert asked(reply) == "employees" and "说明" in text and "跳过" in text and "50人" in text
    reply = servers.say(sender, "五十来个人")
    assert asked(reply) != "employees" or has_result(reply)
    assert "记下了：从业人员数 50人" in "\n".join(reply)


def test_policy_question_mid_check_then_resume(servers: Servers, sender: str) -> None:
    reply = servers.say(sender, "帮我看看我们能享受哪些政策")
    field = asked(reply)
    reply = servers.say(sender, "房租能减免吗")
    text = "\n".join(reply)
    assert "第（七）条" in text and "降低房租成本" in text
    assert asked(reply) == field
    reply = servers.say(sender, "那要找谁办?")
    assert "市工业和信息化局" in "\n".join(reply) and asked(reply) == field


def test_edit_updates_answer_and_result(servers: Servers, sender: str) -> None:
    reply = servers.say(sender, "我们是开饭店的，五十来个人，帮我看看能享受哪些政策")
    reply, _ = answer_until(servers, sender, reply)
    assert "从业人员50人" in "\n".join(reply)
    reply = servers.say(sender, "刚才人数说错了，是80人")
    text = "\n".join(reply)
    assert "已更正：从业人员数 50人 → 80人" in text
    assert has_result(reply) and "从业人员80人" in text


def test_handoff_gives_hotline_and_summary(servers: Servers, sender: str) -> None:
    reply = servers.say(sender, "我们是开饭店的，五十来个人，帮我看看能享受哪些政策")
    reply = servers.say(sender, ANSWERS[asked(reply)])
    reply = servers.say(sender, "转人工")
    text = "\n".join(reply)
    assert "12345 政务服务便民热线" in text
    assert "行业：餐饮业" in text and "从业人员数：50人" in text
    assert asked(reply) is None
    assert not re.search(r"\d{7,}", text.replace("12345", "")), "no invented phone numbers"


def test_follow_up_refers_to_last_measure(servers: Servers, sender: str) -> None:
    servers.say(sender, "社保能缓交吗")
    text = "\n".join(servers.say(sender, "那要找谁办?"))
    assert "第（二）条" in text and "市社保局" in text
    text = "\n".join(servers.say(sender, "需要什么条件?"))
    assert "第（二）条" in text and "3个月" in text


def test_validity_question(servers: Servers, sender: str) -> None:
    text = "\n".join(servers.say(sender, "这些政策现在还有效吗"))
    assert "2020年6月30日" in text and "到期" in text


def test_out_of_scope_is_not_answered_with_a_measure(servers: Servers, sender: str) -> None:
    for question in ("今天天气怎么样", "公积金怎么提取"):
        text = "\n".join(servers.say(sender, question))
        assert text and "第（" not in text and "责任单位" not in text


def test_unrelated_follow_up_does_not_reuse_last_measure(servers: Servers, sender: str) -> None:
    servers.say(sender, "社保能缓交吗")
    text = "\n".join(servers.say(sender, "路灯坏了找谁"))
    assert text and "第（二）条" not in text and "市社保局" not in text
