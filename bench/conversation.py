"""Conversation benchmark: scripted enterprise personas through the real REST channel.

Each persona (bench/conversation_personas.yml) opens a chat, answers the bot's
questions in everyday Chinese (with skips, a bad answer, a policy question or a
correction where scripted) until the result arrives. The result's measures, as
shown to the user, are compared with the eligibility engine's evaluate() on the
facts the persona actually gave. Reports task success, the median number of bot
questions per completed check and per-message latency p50/p95.

Needs both servers running (make run, or any Rasa server + action server):

    .venv/actions/bin/python bench/conversation.py --rasa-url http://localhost:5005 [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions.eligibility import evaluate, field_definitions  # noqa: E402
from actions.eligibility.fields import FieldDef, format_number  # noqa: E402

PERSONAS = Path(__file__).with_name("conversation_personas.yml")
QUESTION_MARK = re.compile(r"【第(\d+)问】")
RESULT_MARK = "📋 评估结果"
HEADINGS = {
    "✅ 可以享受": "applies",
    "🤝 可能享受": "possible",
    "📌 普遍适用": "general",
    "❓ 还需补充信息": "needs_info",
}
MEASURE = re.compile(r"第（([一二三四五六七八九十]+)）条")
CN_NUMBERS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
MAX_TURNS = 40


def cn_number(text: str) -> int:
    """一 … 二十二 (the measure numbers) → int."""
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + CN_NUMBERS[text[1]]
    if "十" in text:
        tens, _, ones = text.partition("十")
        return CN_NUMBERS[tens] * 10 + (CN_NUMBERS[ones] if ones else 0)
    return CN_NUMBERS[text]


@dataclass
class Persona:
    name: str
    opening: str
    truth: dict[str, Any]
    said: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    skip: list[str] = field(default_factory=list)
    skip_all: bool = False
    bad_first: dict[str, str] = field(default_factory=dict)
    interject: dict[str, Any] | None = None
    correct: dict[str, Any] | None = None
    more: bool = False


@dataclass
class Run:
    persona: str
    success: bool = False
    questions: int = 0
    latencies: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    given: dict[str, Any] = field(default_factory=dict)
    transcript: list[tuple[str, list[str]]] = field(default_factory=list)


class Chat:
    """One REST conversation, timing every message."""

    def __init__(self, url: str, run: Run) -> None:
        self.url = url.rstrip("/") + "/webhooks/rest/webhook"
        self.sender = f"bench-{uuid.uuid4().hex[:10]}"
        self.run = run

    def profile(self) -> dict[str, Any]:
        """The facts the bot recorded (the tracker's `profile` slot), as other tools read them."""
        tracker_url = self.url.replace("/webhooks/rest/webhook", f"/conversations/{self.sender}/tracker")
        response = requests.get(tracker_url, timeout=60)
        response.raise_for_status()
        return dict((response.json().get("slots") or {}).get("profile") or {})

    def say(self, text: str) -> list[str]:
        start = time.perf_counter()
        response = requests.post(self.url, json={"sender": self.sender, "message": text}, timeout=120)
        self.run.latencies.append(time.perf_counter() - start)
        response.raise_for_status()
        reply = [m["text"] for m in response.json() if m.get("text")]
        self.run.transcript.append((text, reply))
        return reply


WARM_UP_MESSAGES = ("你好", "房租减免找哪个部门", "帮我看看我们能享受哪些政策")

# Questions asked the other way round: "以前从银行贷过款吗？" is answered about having borrowed.
INVERTED_PHRASES = {"first_loan": {True: "从没贷过", False: "贷过"}}


def default_answer(definition: FieldDef, value: Any, rng: random.Random) -> str:
    """How a persona says a value nobody scripted: plainly, the way the question asks for it."""
    if definition.name in INVERTED_PHRASES:
        return INVERTED_PHRASES[definition.name][bool(value)]
    if definition.type == "bool":
        return rng.choice(["是的", "有", "对"]) if value else rng.choice(["没有", "不是", "没"])
    if definition.type == "enum":
        return definition.choices.get(value, str(value))
    return f"{format_number(value)}{definition.unit}"


def asked_field(messages: list[str], fields: dict[str, FieldDef]) -> tuple[str | None, str]:
    """Which field (or 'special_groups') the last question of a reply asks about, and its text."""
    for message in reversed(messages):
        if not QUESTION_MARK.search(message):
            continue
        if "可多选" in message:
            return "special_groups", message
        for name, definition in fields.items():
            if definition.question and definition.question in message:
                return name, message
        return None, message
    return None, ""


def group_answer(persona: Persona, message: str, fields: dict[str, FieldDef]) -> tuple[str, dict[str, Any]]:
    """The multi-choice answer and the facts it gives (all listed fields)."""
    listed = []
    for line in message.splitlines():
        match = re.match(r"(\d+)\. (.+)", line.strip())
        if match:
            name = next((n for n, d in fields.items() if d.label == match.group(2)), None)
            listed.append(name)
    values = {name: bool(persona.truth.get(name)) for name in listed if name}
    fixed = persona.answers.get("special_groups")
    # A fixed answer in words ("都不是", "养猪") is said as it is; item numbers are recomputed, since
    # the list only shows the groups the bot does not know yet.
    if fixed and not re.fullmatch(r"[\d、和,，\s]+", fixed):
        return fixed, values
    chosen = [str(i) for i, name in enumerate(listed, 1) if values.get(name)]
    return ("、".join(chosen) if chosen else "都不是"), values


def parse_result(messages: list[str]) -> dict[int, str]:
    """Section → status as shown; sections listed as not applicable or not shown are not_applicable."""
    statuses: dict[int, str] = {}
    current = None
    for message in messages:
        for line in message.splitlines():
            heading = next((status for prefix, status in HEADINGS.items() if line.startswith(prefix)), None)
            if heading:
                current = heading
                continue
            if line.startswith("按您提供的情况不适用"):
                current = None
                continue
            match = MEASURE.match(line)
            if match and current:
                statuses[cn_number(match.group(1))] = current
    return statuses


def expected_statuses(profile: dict[str, Any]) -> dict[int, str]:
    result = evaluate(profile)
    return {m["section"]: m["status"] for m in result["measures"] if m["status"] != "not_applicable"}


def play(persona: Persona, url: str, fields: dict[str, FieldDef], seed: int) -> Run:
    run = Run(persona.name)
    rng = random.Random(seed)
    chat = Chat(url, run)
    given = dict(persona.said)
    truth = {**persona.truth, **persona.said}
    failed_once: set[str] = set()
    interjected = corrected = continued = False
    reply = chat.say(persona.opening)
    for _ in range(MAX_TURNS):
        if any(RESULT_MARK in m for m in reply):
            result_messages = reply[next(i for i, m in enumerate(reply) if RESULT_MARK in m) :]
            if persona.more and not continued and any("继续" in m for m in result_messages):
                continued = True
                reply = chat.say("继续")
                continue
            # The result is a one-message summary; "详细" lists every measure under its status.
            return finish(run, chat.say("详细"), given, chat.profile(), truth)
        name, message = asked_field(reply, fields)
        if not message:
            run.problems.append(f"no question and no result in reply: {reply}")
            return run
        if name is None:
            run.problems.append(f"unrecognised question: {message}")
            return run
        number = int(QUESTION_MARK.search(message).group(1))
        run.questions += 1
        if persona.interject and not interjected and number == persona.interject["question"]:
            interjected = True
            reply = chat.say(persona.interject["say"])
            if not any("第（" in m for m in reply) or asked_field(reply, fields)[0] != name:
                run.problems.append(f"mid-check question not answered then resumed: {reply}")
            run.questions -= 1  # the repeated question is counted when it is answered
            continue
        if persona.skip_all or name in persona.skip:
            text, values = "不知道", {}
        elif name == "special_groups":
            text, values = group_answer(persona, message, fields)
        elif name not in truth:
            text, values = "不知道", {}
        elif name in persona.bad_first and name not in failed_once:
            failed_once.add(name)
            text, values = persona.bad_first[name], {}
        else:
            text = persona.answers.get(name) or default_answer(fields[name], truth[name], rng)
            values = {name: truth[name]}
        given.update(values)
        reply = chat.say(text)
        if persona.correct and not corrected and number == persona.correct["after"]:
            corrected = True
            extra = chat.say(persona.correct["say"])
            if not any("已更正" in m for m in extra):
                run.problems.append(f"correction not confirmed: {extra}")
            given[persona.correct["field"]] = persona.correct["value"]
            reply = extra
    run.problems.append("no result after the turn limit")
    return run


def _agrees(recorded: Any, true: Any) -> bool:
    """A recorded value agrees with the persona's truth (numbers said roughly: within 20%)."""
    if isinstance(true, bool) or not isinstance(true, int | float):
        return recorded == true
    return isinstance(recorded, int | float) and abs(recorded - true) <= 0.2 * max(abs(true), 1)


def finish(
    run: Run, detail_messages: list[str], given: dict[str, Any], recorded: dict[str, Any], truth: dict[str, Any]
) -> Run:
    """Success: every recorded fact is true of the persona, and the result is the engine's for them."""
    run.given = given
    wrong = {
        k: (v, truth.get(k, "never said")) for k, v in recorded.items() if k not in truth or not _agrees(v, truth[k])
    }
    if wrong:
        run.problems.append(f"wrong facts recorded (recorded, true): {wrong}")
    shown = parse_result(detail_messages)
    expected = expected_statuses(recorded)
    if shown != expected:
        diff = {s: (shown.get(s, "not_applicable"), expected.get(s, "not_applicable")) for s in range(1, 23)}
        run.problems.append(f"result differs (shown, engine): { {s: d for s, d in diff.items() if d[0] != d[1]} }")
    run.success = not run.problems
    return run


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def load_personas(path: Path) -> list[Persona]:
    personas = [Persona(**entry) for entry in yaml.safe_load(path.read_text(encoding="utf-8"))]
    for persona in personas:  # YAML reads "5" as a number; a chat message is text
        persona.answers = {name: str(text) for name, text in persona.answers.items()}
        persona.bad_first = {name: str(text) for name, text in persona.bad_first.items()}
    return personas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-url", default="http://localhost:5005")
    parser.add_argument("--personas", type=Path, default=PERSONAS)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="write the figures and per-persona runs here")
    args = parser.parse_args(argv)
    fields = field_definitions()
    personas = load_personas(args.personas)
    try:
        # "Both servers warm": the action server loads its embedding model in the background after
        # start-up; a policy question waits for it, a short check touches the eligibility engine.
        for text in WARM_UP_MESSAGES:
            Chat(args.rasa_url, Run("warm-up")).say(text)
    except requests.RequestException as error:
        print(f"Rasa server not reachable at {args.rasa_url}: {error}\nStart both servers first (make run).")
        return 2
    runs = [play(p, args.rasa_url, fields, args.seed + i) for i, p in enumerate(personas)]
    latencies = [t for r in runs for t in r.latencies]
    completed = [r.questions for r in runs if r.success]
    figures = {
        "personas": len(runs),
        "task_success": sum(r.success for r in runs) / len(runs),
        "median_questions": statistics.median(completed) if completed else None,
        "latency_p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "latency_p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "messages": len(latencies),
    }
    for r in runs:
        mark = "✓" if r.success else "✗"
        print(f"{mark} {r.persona}: {r.questions} questions" + ("" if r.success else f" — {'; '.join(r.problems)}"))
    print(
        f"\ntask success {figures['task_success']:.0%} ({sum(r.success for r in runs)}/{len(runs)}), "
        f"median questions per completed check {figures['median_questions']}, "
        f"per-message latency p50 {figures['latency_p50_ms']} ms / p95 {figures['latency_p95_ms']} ms "
        f"over {figures['messages']} messages"
    )
    timed = sorted(
        ((t, text) for r in runs for t, (text, _) in zip(r.latencies, r.transcript, strict=False)), reverse=True
    )
    print("slowest messages: " + ", ".join(f"{text} {t * 1000:.0f} ms" for t, text in timed[:5]))
    if args.json:
        payload = {"figures": figures, "runs": [r.__dict__ for r in runs]}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if figures["task_success"] == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
