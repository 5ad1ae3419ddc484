"""Policy questions through the real servers: retrieval answers and honest abstention."""

from __future__ import annotations

from rasa_client import Servers

RENT_UNITS = ("市工业和信息化局", "市科技局", "市财政局", "各县区政府", "辽源经济开发区管委会")


def test_rent_question_cites_measure_seven_with_units_and_validity(servers: Servers, sender: str) -> None:
    reply = "\n".join(servers.say(sender, "房租能减免吗"))
    assert "第（七）条" in reply and "降低房租成本" in reply
    assert "1个月房租免收、2个月房租减半" in reply
    for unit in RENT_UNITS:
        assert unit in reply
    assert "2020年6月30日" in reply


def test_rent_answer_is_remembered_for_follow_ups(servers: Servers, sender: str) -> None:
    servers.say(sender, "房租能减免吗")
    assert servers.tracker(sender)["slots"]["last_measure"] == 7


def test_weather_question_gets_no_measure(servers: Servers, sender: str) -> None:
    reply = "\n".join(servers.say(sender, "今天天气怎么样"))
    assert reply
    assert "第（" not in reply and "责任单位" not in reply


def test_greeting(servers: Servers, sender: str) -> None:
    assert "政策" in "\n".join(servers.say(sender, "你好"))


def _webhook_payload(text: str) -> dict:
    """What the Rasa server posts to the action server, reduced to what the action reads."""
    return {
        "next_action": "action_answer_policy_question",
        "sender_id": "action-test",
        "version": "3.6.21",
        "domain": {"slots": {"last_measure": {"type": "any"}}},
        "tracker": {
            "sender_id": "action-test",
            "slots": {"last_measure": None},
            "latest_message": {"text": text, "intent": {"name": "ask_policy", "confidence": 1.0}, "entities": []},
            "latest_event_time": None,
            "followup_action": None,
            "paused": False,
            "events": [],
            "latest_input_channel": "rest",
            "active_loop": {},
            "latest_action": {"action_name": "action_listen"},
            "latest_action_name": "action_listen",
        },
    }


def test_action_server_answers_policy_question(servers: Servers) -> None:
    body = servers.run_action(_webhook_payload("社保能缓交吗"))
    text = "\n".join(r["text"] for r in body["responses"])
    assert "第（二）条" in text and "缓缴社会保险费" in text and "市社保局" in text
    assert {"event": "slot", "name": "last_measure", "value": 2} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in body["events"]
    ]


def test_action_server_abstains_on_unrelated_question(servers: Servers) -> None:
    body = servers.run_action(_webhook_payload("公积金怎么提取"))
    text = "\n".join(r["text"] for r in body["responses"])
    assert "没有找到" in text and "12345" in text
    assert "第（" not in text
