"""Faults through the real servers: the action server goes away or is slow, the conversation store
(PostgreSQL) or the lock store (Redis) goes away, in the middle of a check.

The user is told politely what is wrong and given the hotline (channels/always_answer.py), on REST
and socket.io alike; nothing is processed without its store or lock, and once the failing part is
back the same conversation continues where it was.
"""

from __future__ import annotations

import time
import uuid

import requests
from datastores import postgres_ready, redis_ready, restart_store, start_postgres, start_redis, stop_store
from delay_proxy import DelayProxy
from servers import free_port, start_action_server, start_rasa_server, stop_server
from test_socketio_channel import Chat

from channels.always_answer import unavailable_text
from ops.stores import Stores


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


def _profile(rasa: str, sender: str) -> dict:
    tracker = requests.get(f"{rasa}/conversations/{sender}/tracker", timeout=30).json()
    return tracker["slots"].get("profile") or {}


def test_slow_action_server_gets_a_bounded_wait_then_the_apology(tmp_path):
    """ACTION_TIMEOUT_SECONDS bounds the wait (Rasa's own is five minutes); the check goes on after."""
    started = []
    sender = f"slow-{uuid.uuid4().hex[:8]}"
    action = start_action_server(tmp_path, started)
    proxy = DelayProxy(action).start()
    try:
        rasa = start_rasa_server(tmp_path, proxy.url, started, {"WECHAT_TOKEN": "", "ACTION_TIMEOUT_SECONDS": "3"})
        assert any("【第1问】" in r for r in say(rasa, sender, "帮我看看能享受哪些政策"))
        proxy.delay = 8.0
        began = time.monotonic()
        assert say(rasa, sender, "我们是开饭店的，三十个人") == [unavailable_text()]
        waited = time.monotonic() - began
        proxy.delay = 0.0
        replies = "\n".join(say(rasa, sender, "我们是开饭店的，三十个人"))
        profile = _profile(rasa, sender)
    finally:
        proxy.stop()
        for process in reversed(started):
            stop_server(process)
    assert waited < 8.0  # the apology came before the slow answer would have
    assert "记下了" in replies and "【第" in replies
    assert profile["employees"] == 30


def test_tracker_store_down_refuses_the_turn_then_the_conversation_continues(tmp_path):
    """No silent in-memory fallback: the turn is refused politely and nothing is forgotten."""
    started = []
    sender = f"store-{uuid.uuid4().hex[:8]}"
    try:
        postgres_url = start_postgres(started, tmp_path)
        postgres = started[-1]
        stores = Stores.from_env({"TRACKER_STORE_URL": postgres_url})
        action = start_action_server(tmp_path, started)
        rasa = start_rasa_server(
            tmp_path, action, started, {"WECHAT_TOKEN": ""}, {"tracker_store": stores.tracker_store()}
        )
        say(rasa, sender, "帮我看看能享受哪些政策")
        say(rasa, sender, "我们是开饭店的，三十个人")

        stop_store(postgres)
        refused = say(rasa, sender, "门面是租的国有的")
        rasa_log = (tmp_path / "rasa-server.log").read_text(encoding="utf-8")

        port = int(postgres_url.rsplit(":", 1)[1].split("/")[0])
        restart_store(postgres, started, tmp_path / "postgres-again.log", postgres_ready(port), "PostgreSQL")
        replies = "\n".join(say(rasa, sender, "门面是租的国有的"))
        profile = _profile(rasa, sender)
    finally:
        for process in reversed(started):
            stop_server(process)
    assert refused == [unavailable_text("refused")]
    assert "tracker store unreachable" in rasa_log
    assert "记下了" in replies
    assert profile == {**profile, "employees": 30, "industry": "餐饮业", "premises": "state_owned"}


def test_redis_down_refuses_the_turn_rather_than_process_it_unlocked(tmp_path):
    """Scale-out mode: without the lock store no process writes the conversation; back, it goes on."""
    started = []
    sender = f"locks-{uuid.uuid4().hex[:8]}"
    try:
        redis_url = start_redis(started, tmp_path)
        redis_process = started[-1]
        lock = Stores.from_env({"LOCK_STORE_URL": redis_url}).lock_store()
        action = start_action_server(tmp_path, started)
        rasa = start_rasa_server(tmp_path, action, started, {"WECHAT_TOKEN": ""}, {"lock_store": lock})
        say(rasa, sender, "帮我看看能享受哪些政策")

        stop_store(redis_process)
        refused = say(rasa, sender, "我们是开饭店的，三十个人")
        during = _profile(rasa, sender)

        port = int(redis_url.rsplit(":", 1)[1].split("/")[0])
        restart_store(redis_process, started, tmp_path / "redis-again.log", redis_ready(port), "Redis")
        replies = "\n".join(say(rasa, sender, "我们是开饭店的，三十个人"))
        profile = _profile(rasa, sender)
    finally:
        for process in reversed(started):
            stop_server(process)
    assert refused == [unavailable_text("refused")]
    assert during == {}  # nothing was processed without the lock
    assert "记下了" in replies and profile["employees"] == 30
