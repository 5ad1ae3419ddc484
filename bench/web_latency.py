"""Web figures for make bench: widget round trip over socket.io, and staff search latency.

Widget: one socket.io client (as the widget: session_request, user_uttered, bot_uttered)
sends the real-user free questions and the first conversations' turns; the time to the
first bot message is the round trip a user sees. Staff search: GET /api/search for the
same questions (the console searches as the agent types). Target: staff search p95 ≤ 100 ms.
Writes results/web_latency.json.

    .venv/rasa/bin/python bench/web_latency.py --rasa-url URL --web-url URL   (STAFF_TOKEN in the environment)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

import requests
import socketio
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "real_user"
TIMEOUT = 60


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def line(name: str, times: list[float]) -> dict:
    figures = {
        "n": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
    }
    print(f"  {name:<34} n={figures['n']:>4}  p50 {figures['p50_ms']:>6.0f} ms  p95 {figures['p95_ms']:>6.0f} ms")
    return figures


class Widget:
    """What the widget does on the wire, timed to the first reply of each message."""

    def __init__(self, url: str) -> None:
        self.first_reply = threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", lambda _message: self.first_reply.set())
        self.client.connect(url, socketio_path="/socket.io", transports=["websocket"], wait_timeout=30)
        self.session = uuid.uuid4().hex
        self.client.emit("session_request", {"session_id": self.session})

    def new_session(self) -> None:
        self.session = uuid.uuid4().hex
        self.client.emit("session_request", {"session_id": self.session})
        time.sleep(0.05)

    def round_trip(self, text: str) -> float:
        self.first_reply.clear()
        started = time.perf_counter()
        self.client.emit("user_uttered", {"message": text, "session_id": self.session})
        if not self.first_reply.wait(TIMEOUT):
            raise RuntimeError(f"no reply to {text!r}")
        elapsed = (time.perf_counter() - started) * 1000
        time.sleep(0.4)  # let the rest of the turn's messages arrive before the next message
        return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rasa-url", required=True)
    parser.add_argument("--web-url", required=True)
    parser.add_argument("--conversations", type=int, default=15)
    args = parser.parse_args()
    questions = [q["text"] for q in yaml.safe_load((DATA / "questions.yml").read_text(encoding="utf-8"))["questions"]]
    conversations = yaml.safe_load((DATA / "conversations.yml").read_text(encoding="utf-8"))["conversations"]

    widget = Widget(args.rasa_url)
    widget.round_trip("房租能减免吗")  # warm-up
    question_times = []
    for text in questions:
        widget.new_session()
        question_times.append(widget.round_trip(text))
    turn_times = []
    for conversation in conversations[: args.conversations]:
        widget.new_session()
        turn_times.extend(widget.round_trip(turn["user"]) for turn in conversation["turns"])
    widget.client.disconnect()

    headers = {"Authorization": f"Bearer {os.environ['STAFF_TOKEN']}"}
    session = requests.Session()
    session.get(f"{args.web_url}/api/search", params={"q": "房租"}, headers=headers, timeout=TIMEOUT)  # warm-up
    search_times = []
    for text in questions:
        started = time.perf_counter()
        answer = session.get(
            f"{args.web_url}/api/search", params={"q": text[:200], "k": 5}, headers=headers, timeout=TIMEOUT
        )
        search_times.append((time.perf_counter() - started) * 1000)
        answer.raise_for_status()

    print("Web: widget round trip (socket.io, to the first bot message) and staff search, one user")
    report = {
        "widget_policy_question": line("widget: policy question", question_times),
        "widget_check_answer": line("widget: check answer", turn_times),
        "widget_all": line("widget: all", question_times + turn_times),
        "staff_search": line("staff search GET /api/search", search_times),
    }
    met = report["staff_search"]["p95_ms"] <= 100
    print(f"  target staff search p95 ≤ 100 ms: {'met' if met else 'NOT met'}")
    out = ROOT / "results" / "web_latency.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
