"""Real-user evaluation: scripted conversations and free questions through the real REST channel.

Plays tests/data/real_user/conversations.yml (turn by turn: facts in the tracker's `profile` slot and
reply expectations, scored by tests/e2e/scripted.py) and questions.yml (each in a fresh conversation)
and prints: conversations fully right, facts recorded correctly / expected, wrong and missing facts,
free questions answered as expected per kind and overall, per-message latency p50/p95. Writes the
figures and every record (with the transcripts) to results/real_user.json.

Split (deterministic): `dev` = ids whose numeric suffix is divisible by 3 (c003, q006 …), `report` =
all others (the default), `all` = both. Tune on dev, quote report.

Needs both servers running (make run, or bench/run_real_user.sh which starts them):

    .venv/actions/bin/python bench/real_user.py --rasa-url http://localhost:5005 [--split dev|report|all]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from rasa_client import Servers  # noqa: E402
from scripted import (  # noqa: E402
    ConversationRecord,
    ScriptError,
    in_split,
    load_conversations,
    load_questions,
    play_conversation,
    play_question,
)

DATA = ROOT / "tests" / "data" / "real_user"
WARM_UP = ("你好", "房租能减免吗", "帮我看看我们能享受哪些政策")
WARM_TIMEOUT = 180.0


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else f"{part}/0 (–)"


def play_all(servers: Servers, items: list[dict[str, Any]], question: bool) -> list[ConversationRecord]:
    records = []
    for item in items:
        try:
            record = play_question(servers, item) if question else play_conversation(servers, item)
        except ScriptError as error:
            record = ConversationRecord(id=str(item.get("id", "?")), about=str(item.get("about", "")))
            record.error = f"invalid script: {error}"
        records.append(record)
    return records


def figures(
    conversations: list[ConversationRecord], questions: list[ConversationRecord], kinds: dict[str, str]
) -> dict:
    latencies = [t for r in conversations + questions for t in r.latencies]
    per_kind: dict[str, dict[str, int]] = {}
    for record in questions:
        stats = per_kind.setdefault(kinds.get(record.id, "?"), {"right": 0, "total": 0})
        stats["total"] += 1
        stats["right"] += record.fully_right
    checks = Counter()
    for record in conversations:
        for turn in record.turns:
            for check in turn.checks:
                checks["passed" if check.passed else "failed"] += 1
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    return {
        "conversations": len(conversations),
        "conversations_fully_right": sum(r.fully_right for r in conversations),
        "facts_expected": sum(r.facts_expected for r in conversations),
        "facts_right": sum(r.facts_right for r in conversations),
        "facts_wrong": sum(len(r.facts_wrong) for r in conversations),
        "facts_missing": sum(len(r.facts_missing) for r in conversations),
        "conversation_reply_checks_passed": checks["passed"],
        "conversation_reply_checks": checks["passed"] + checks["failed"],
        "invalid_scripts": sum(r.error.startswith("invalid script") for r in conversations + questions),
        "server_errors": sum(
            bool(r.error) and not r.error.startswith("invalid script") for r in conversations + questions
        ),
        "questions": len(questions),
        "questions_right": sum(r.fully_right for r in questions),
        "questions_per_kind": per_kind,
        "messages": len(latencies),
        "latency_p50_ms": round(p50 * 1000, 1) if p50 is not None else None,
        "latency_p95_ms": round(p95 * 1000, 1) if p95 is not None else None,
    }


def print_report(
    split: str, numbers: dict, conversations: list[ConversationRecord], questions: list[ConversationRecord]
) -> None:
    print(f"real-user evaluation, split {split}")
    print(f"conversations fully right: {ratio(numbers['conversations_fully_right'], numbers['conversations'])}")
    print(f"facts recorded correctly: {ratio(numbers['facts_right'], numbers['facts_expected'])}")
    print(f"wrong facts recorded: {numbers['facts_wrong']}")
    for record in conversations:
        for issue in record.facts_wrong:
            print(f"  {record.id} {issue}")
    print(f"missing facts: {numbers['facts_missing']}")
    for record in conversations:
        for issue in record.facts_missing:
            print(f"  {record.id} {issue}")
    failed = [(r.id, t.index, c) for r in conversations for t, c in r.failed_checks()]
    print(
        f"reply checks in conversations: {ratio(numbers['conversation_reply_checks_passed'], numbers['conversation_reply_checks'])}"
    )
    for cid, turn, check in failed:
        print(f"  {cid} turn {turn}: {check.key}={check.expected!r} — {check.detail}")
    print(f"free questions answered as expected: {ratio(numbers['questions_right'], numbers['questions'])}")
    for kind, stats in sorted(numbers["questions_per_kind"].items()):
        missed = [r.id for r in questions if r.about == kind and not r.fully_right]
        print(
            f"  {kind}: {ratio(stats['right'], stats['total'])}"
            + (f"  not as expected: {', '.join(missed)}" if missed else "")
        )
    for record in conversations + questions:
        if record.error:
            print(f"ERROR {record.id}: {record.error}")
    print(
        f"per-message latency p50 {numbers['latency_p50_ms']} ms / p95 {numbers['latency_p95_ms']} ms "
        f"over {numbers['messages']} messages"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://localhost:5005"))
    parser.add_argument("--conversations", type=Path, default=DATA / "conversations.yml")
    parser.add_argument("--questions", type=Path, default=DATA / "questions.yml")
    parser.add_argument("--split", choices=("report", "dev", "all"), default="report")
    parser.add_argument("--json", type=Path, default=ROOT / "results" / "real_user.json")
    parser.add_argument("--diffs", action="store_true", help="print each failed conversation turn by turn")
    args = parser.parse_args(argv)

    missing = [p for p in (args.conversations, args.questions) if not p.is_file()]
    for path in missing:
        print(f"note: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} does not exist; skipped")
    conversation_items = (
        [c for c in load_conversations(args.conversations) if in_split(c.get("id", ""), args.split)]
        if args.conversations.is_file()
        else []
    )
    question_items = (
        [q for q in load_questions(args.questions) if in_split(q.get("id", ""), args.split)]
        if args.questions.is_file()
        else []
    )
    if not conversation_items and not question_items:
        print("nothing to evaluate")
        return 1

    servers = Servers(args.rasa_url.rstrip("/"), "")
    try:
        for text in WARM_UP:  # the first policy answer waits for the searcher to load
            servers.say(f"warm-up-{uuid.uuid4().hex[:8]}", text, timeout=WARM_TIMEOUT)
    except requests.RequestException as error:
        print(f"Rasa server not reachable at {args.rasa_url}: {error}\nStart both servers first (make run).")
        return 2

    conversations = play_all(servers, conversation_items, question=False)
    questions = play_all(servers, question_items, question=True)
    kinds = {str(q.get("id", "?")): str(q.get("kind", "?")) for q in question_items}
    numbers = figures(conversations, questions, kinds)
    print_report(args.split, numbers, conversations, questions)
    if args.diffs:
        for record in conversations + questions:
            if not record.fully_right:
                print("\n" + record.diff())

    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "split": args.split,
        "rule": "dev = numeric id suffix divisible by 3; report = the others",
        "figures": numbers,
        "conversations": [r.to_dict() for r in conversations],
        "questions": [{**r.to_dict(), "kind": kinds.get(r.id, "?")} for r in questions],
    }
    args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(f"report written to {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
