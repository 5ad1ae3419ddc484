"""Conversations survive a restart (the SQLite default of `make run`), and the retention command.

Real Rasa servers on the real action server: a check is started, the Rasa server is
stopped and a new one started on the same store, and the check continues where it was.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import uuid

import requests
from rasa_client import Servers
from servers import ROOT, start_rasa_server, stop_server

from ops.stores import Stores


def say(url: str, sender: str, text: str) -> list[str]:
    answer = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120)
    answer.raise_for_status()
    return [m.get("text", "") for m in answer.json()]


def test_a_check_continues_after_the_rasa_server_restarts(servers: Servers, tmp_path):
    database = tmp_path / "state" / "conversations.db"
    stores = Stores.from_env({"TRACKER_STORE_URL": f"sqlite:///{database}"})
    stores.prepare()
    sections = {"tracker_store": stores.tracker_store()}
    sender = f"restart-{uuid.uuid4().hex[:8]}"
    started = []
    try:
        first = start_rasa_server(tmp_path, servers.action_url, started, {"WECHAT_TOKEN": ""}, sections, "rasa-1")
        say(first, sender, "帮我看看能享受哪些政策")
        say(first, sender, "我们是开饭店的，三十个人，租的国有的门面")
        stop_server(started.pop())
        second = start_rasa_server(tmp_path, servers.action_url, started, {"WECHAT_TOKEN": ""}, sections, "rasa-2")
        replies = say(second, sender, "先看结果")
        tracker = requests.get(f"{second}/conversations/{sender}/tracker", timeout=30).json()
    finally:
        for process in started:
            stop_server(process)
    assert any("评估结果" in r for r in replies), replies
    assert database.is_file()
    assert tracker["slots"]["profile"]["employees"] == 30
    assert tracker["slots"]["profile"]["premises"] == "state_owned"
    users = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert users == ["帮我看看能享受哪些政策", "我们是开饭店的，三十个人，租的国有的门面", "先看结果"]
    for log in ("rasa-1.log", "rasa-2.log"):  # no enterprise's words or facts in the logs (no debug setting)
        text = (tmp_path / log).read_text(encoding="utf-8")
        assert "开饭店" not in text and "state_owned" not in text and '"employees"' not in text


def test_retention_deletes_only_conversations_idle_longer_than_the_setting(servers: Servers, tmp_path):
    database = tmp_path / "retention.db"
    stores = Stores.from_env({"TRACKER_STORE_URL": f"sqlite:///{database}"})
    started = []
    old, recent = f"old-{uuid.uuid4().hex[:6]}", f"recent-{uuid.uuid4().hex[:6]}"
    try:
        url = start_rasa_server(
            tmp_path, servers.action_url, started, {"WECHAT_TOKEN": ""}, {"tracker_store": stores.tracker_store()}
        )
        for sender in (old, recent):
            say(url, sender, "房租能减免吗")
    finally:
        for process in started:
            stop_server(process)
    forty_days = 40 * 86400
    with sqlite3.connect(database) as db:
        db.execute("UPDATE events SET timestamp = timestamp - ? WHERE sender_id = ?", (forty_days, old))
    env = {"TRACKER_STORE_URL": f"sqlite:///{database}", "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "ops", "prune", "--older-than-days", "30"]
    dry = subprocess.run([*command, "--dry-run"], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert "would delete 1" in dry.stdout
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert "deleted 1" in run.stdout
    with sqlite3.connect(database) as db:
        left = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
    assert left == {recent}  # the recent conversation is kept whole
