"""Passive-reply latency through the WeChat channel (make bench).

Plays the real-user free questions (policy questions) and the user turns of the
real-user conversations (check answers) through the WeChat simulator, as WeChat sends
them (signed XML; every third conversation in 安全模式), against a running Rasa server
whose channel has WECHAT_TOKEN=$BENCH_WECHAT_TOKEN. Prints p50/p95 per kind, the
largest reply and how many replies needed a continuation; writes results/wechat_latency.json.
Target: p95 ≤ 1.5 s at one user (WeChat hangs up at 5 s).

    .venv/rasa/bin/python bench/wechat_latency.py --url http://127.0.0.1:5207/webhooks/wechat/webhook
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import uuid
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from channels.wechat.passive import size  # noqa: E402
from channels.wechat.simulator import WeChatSimulator  # noqa: E402
from channels.wechat.wording import Wording  # noqa: E402

DATA = ROOT / "tests" / "data" / "real_user"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    args = parser.parse_args()
    token = os.environ["BENCH_WECHAT_TOKEN"]
    app_id, aes_key = os.environ.get("BENCH_WECHAT_APPID", ""), os.environ.get("BENCH_WECHAT_AES_KEY", "")
    footer = Wording.load().more_follows

    def user(encrypted: bool = False) -> WeChatSimulator:
        openid = f"bench-{uuid.uuid4().hex[:10]}"
        return WeChatSimulator(args.url, token, openid=openid, app_id=app_id, aes_key=aes_key, encrypted=encrypted)

    records: list[dict] = []

    def send(sim: WeChatSimulator, text: str, kind: str) -> None:
        reply = sim.say(text)
        records.append(
            {
                "kind": kind,
                "encrypted": sim.encrypted,
                "text": text,
                "ms": reply.seconds * 1000,
                "status": reply.status,
                "tries": reply.tries,
                "bytes": size(reply.text or ""),
                "continued": bool(reply.text and reply.text.endswith(footer)),
            }
        )

    questions = yaml.safe_load((DATA / "questions.yml").read_text(encoding="utf-8"))["questions"]
    conversations = yaml.safe_load((DATA / "conversations.yml").read_text(encoding="utf-8"))["conversations"]
    send(user(), "房租能减免吗", "warm-up")
    records.clear()
    for question in questions:
        send(user(), question["text"], "policy question")
    for index, conversation in enumerate(conversations):
        sim = user(encrypted=bool(aes_key) and index % 3 == 2)
        for turn in conversation["turns"]:
            send(sim, turn["user"], "check answer")

    summary: dict[str, dict] = {}
    groups = {
        "policy question": [r for r in records if r["kind"] == "policy question"],
        "check answer": [r for r in records if r["kind"] == "check answer"],
        "安全模式 (encrypted)": [r for r in records if r["encrypted"]],
        "all": records,
    }
    print(f"WeChat channel, passive-reply latency at one user ({len(records)} messages)")
    for name, group in groups.items():
        if not group:
            continue
        times = [r["ms"] for r in group]
        summary[name] = {
            "messages": len(group),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1),
            "retried": sum(r["tries"] > 1 for r in group),
            "not_200": sum(r["status"] != 200 for r in group),
        }
        s = summary[name]
        print(
            f"  {name:<22} n={s['messages']:>4}  p50 {s['p50_ms']:>6.0f} ms  p95 {s['p95_ms']:>6.0f} ms  "
            f"max {s['max_ms']:>6.0f} ms  retried {s['retried']}  non-200 {s['not_200']}"
        )
    largest = max(r["bytes"] for r in records)
    continued = sum(r["continued"] for r in records)
    print(f"  largest passive reply {largest} bytes (limit 2048); replies continued on the next message: {continued}")
    print(f"  target p95 ≤ 1500 ms: {'met' if summary['all']['p95_ms'] <= 1500 else 'NOT met'}")
    out = ROOT / "results" / "wechat_latency.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps({"summary": summary, "largest_bytes": largest, "records": records}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    return 0 if all(r["status"] == 200 for r in records) else 1


if __name__ == "__main__":
    sys.exit(main())
