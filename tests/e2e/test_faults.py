"""Faults through the real servers: the action server goes away in the middle of a check.

The user is told politely that the policy cannot be looked up right now and given the
hotline (channels/always_answer.py), on REST and socket.io alike; once the action server
is back, the same conversation continues where it was.
"""

from __future__ import annotations

import uuid

import requests
from servers import free_port, start_action_server, start_rasa_server, stop_server
from test_socketio_channel import Chat

from channels.always_answer import unavailable_text


def say(url: str, sender: str, text: str) -> list[str]:
    answer = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120)
    assert answer.status_code == 200
    return [m.get("text", "") for m in answer.json()]


def test_action_server_down_then_back(tmp_path):
    started = []
    port = free_port()
    sender = f"fault-{uuid.uuid4().hex[:8]}"
    try:
        action = start_action_server(tmp_path, started, port=port, name="actions-1")
        rasa = start_rasa_server(tmp_path, action, started, {"WECHAT_TOKEN": ""})
        assert any("【第1问】" in r for r in say(rasa, sender, "帮我看看能享受哪些政策"))
        stop_server(started.pop(0))  # the action server goes down

        assert say(rasa, sender, "我们是开饭店的，三十个人") == [unavailable_text()]
        chat = Chat(rasa, uuid.uuid4().hex)
        try:
            assert [m.get("text") for m in chat.say("房租能减免吗")] == [unavailable_text()]
        finally:
            chat.close()
        assert "12345" in unavailable_text()

        start_action_server(tmp_path, started, port=port, name="actions-2")  # back on the same address
        replies = "\n".join(say(rasa, sender, "我们是开饭店的，三十个人"))
        tracker = requests.get(f"{rasa}/conversations/{sender}/tracker", timeout=30).json()
    finally:
        for process in started:
            stop_server(process)
    assert "记下了" in replies and "【第" in replies  # the check goes on
    assert tracker["active_loop"].get("name") == "enterprise_check_form"
    assert tracker["slots"]["profile"]["employees"] == 30
    assert tracker["slots"]["profile"]["industry"] == "餐饮业"
