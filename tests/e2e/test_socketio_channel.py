"""Rasa's socket.io channel with session_persistence (what the web widget uses).

Rasa 3.6.21 calls `sio.enter_room` without `await`; with python-socketio ≥ 5.10 that
coroutine never runs, the client never joins its room and every reply is silently lost
(RasaHQ/rasa#13027). requirements/rasa.txt pins python-socketio below 5.10: these tests
fail if that pin is lost. The client is python-socketio's own, as a browser would be.
"""

from __future__ import annotations

import threading
import uuid

import socketio
from rasa_client import Servers

REPLY_TIMEOUT = 60


class Chat:
    """One socket.io connection that joins `session_id` and collects bot messages."""

    def __init__(self, url: str, session_id: str) -> None:
        self.session_id = session_id
        self.messages: list[dict] = []
        self.arrived = threading.Event()
        self.confirmed = threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", self._bot)
        self.client.on("session_confirm", lambda *_: self.confirmed.set())
        self.client.connect(url, socketio_path="/socket.io", transports=["websocket"], wait_timeout=30)
        self.client.emit("session_request", {"session_id": session_id})
        assert self.confirmed.wait(REPLY_TIMEOUT), "no session_confirm"

    def _bot(self, message: dict) -> None:
        self.messages.append(message)
        self.arrived.set()

    def say(self, text: str) -> list[dict]:
        before = len(self.messages)
        self.arrived.clear()
        self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})
        while self.arrived.wait(REPLY_TIMEOUT):
            self.arrived.clear()
            if len(self.messages) > before and not self.arrived.wait(1.0):
                break
        return self.messages[before:]

    def close(self) -> None:
        self.client.disconnect()


def test_replies_reach_the_session_room(servers: Servers):
    chat = Chat(servers.rasa_url, uuid.uuid4().hex)
    try:
        replies = chat.say("房租能减免吗")
    finally:
        chat.close()
    assert any("第（七）条" in m.get("text", "") for m in replies)


def test_a_new_connection_with_the_same_session_id_continues_the_conversation(servers: Servers):
    session_id = uuid.uuid4().hex
    first = Chat(servers.rasa_url, session_id)
    try:
        first.say("帮我看看能享受哪些政策")
        first.say("我们是开饭店的，三十个人")
    finally:
        first.close()
    second = Chat(servers.rasa_url, session_id)  # a page reload or a dropped network
    try:
        replies = second.say("先看结果")
    finally:
        second.close()
    assert any("评估结果" in m.get("text", "") for m in replies)
    tracker = servers.tracker(session_id)
    assert tracker["slots"]["profile"]["employees"] == 30
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == [
        "帮我看看能享受哪些政策",
        "我们是开饭店的，三十个人",
        "先看结果",
    ]


def test_choice_questions_carry_quick_replies(servers: Servers):
    chat = Chat(servers.rasa_url, uuid.uuid4().hex)
    try:
        replies = chat.say("帮我看看能享受哪些政策")
    finally:
        chat.close()
    question = next(m for m in replies if "【第1问】" in m.get("text", ""))
    assert [q["title"] for q in question["quick_replies"]] == ["是", "否", "跳过"]
