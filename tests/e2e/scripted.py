"""Scripted conversations through the real servers, scored turn by turn (Rasa Pro's end-to-end idea for 3.6 OSS).

A script is a list of user messages, each with the facts it states and, optionally, what the
bot's reply must show (tests/data/real_user/FORMAT.md). `play_conversation` sends the messages
through a `Servers` object (rasa_client.Servers: `say` and `tracker`), reads the tracker's
`profile` slot after every turn and compares it with the facts stated so far; the replies of the
turn (all bot texts, joined by newlines) are checked against the turn's expectations. Nothing
here needs Rasa (only PyYAML), so the e2e tests (.venv/rasa) and the benchmark (either
environment) share it; the responsible units come from the project's policy parser where it
imports (.venv/actions), else from the same reading of policy.txt (measure_units).

Facts, after each turn:
- right: a fact of this turn's `facts` recorded with the expected value (numbers: inside [low, high]);
- wrong: a recorded field that no `facts`/`may_record` of this or an earlier turn states, or a value
  other than the one stated (the latest statement of a field counts; `may_record` values may be
  recorded or not). Exception: when the question pending before the turn was the multi-choice
  special-groups question (tracker `current_question` == "group:special_groups") and the turn
  states a member true, the other members recorded false are implied by the multi-choice answer;
  they are allowed from then on. A wrong (field, value) is counted once per conversation;
- missing: a fact of this turn's `facts` not recorded after the turn.

Reply expectations (FORMAT.md, plus the extensions marked *):
  cites, must_not_cite, names_units_of, not_specified, abstains, validity, starts_check,
  asks_exact, result_applies, result_not_applies, mentions_any,
  * contains / not_contains: exact strings (all must / none may appear),
  * max_bytes: every bot message of the turn is at most this many UTF-8 bytes,
  * asks: the tracker's `current_question` after the turn (a field name or "group:special_groups"),
  * lists_measures: the reply cites at least this many different measures,
  * any_of: a list of expectation mappings; passes when every check of at least one of them passes.
How each is detected is documented at its checker below (CHECKS).

    from scripted import load_conversations, play_conversation
    record = play_conversation(servers, load_conversations(path)[0])
    record.fully_right, record.facts_right, record.facts_wrong, record.failed_checks(), record.diff()
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml

ROOT = Path(__file__).resolve().parents[2]
FIELDS_FILE = ROOT / "corpus" / "standards" / "profile-fields.yml"
POLICY_DIR = ROOT / "corpus" / "liaoyuan-2020-sme-support"
GROUP = "special_groups"
GROUP_QUESTION = f"group:{GROUP}"


class ServersLike(Protocol):
    def say(self, sender: str, text: str) -> list[str]: ...

    def tracker(self, sender: str) -> dict: ...


class ScriptError(ValueError):
    """A script that does not follow the format (unknown field, unknown expectation, bad value)."""


# ---------------------------------------------------------------- project data (read, never imported code)


@lru_cache(maxsize=1)
def field_specs() -> dict[str, dict]:
    """The profile fields of corpus/standards/profile-fields.yml (type, label, question, group, choices)."""
    return yaml.safe_load(FIELDS_FILE.read_text(encoding="utf-8"))["fields"]


def group_members() -> list[str]:
    return [name for name, spec in field_specs().items() if spec.get("group") == GROUP]


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def cn_number(text: str) -> int | None:
    """'七' → 7, '二十二' → 22, '十五' → 15, '12' → 12; None for anything else (1–99 only)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1 or (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
            return None
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS.get(text) if len(text) == 1 else None


_POLICY_MARKER = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[）)]")
_POLICY_UNITS = re.compile(r"[（(]\s*责任单位\s*[:：]\s*([^）)]*)[）)]")


@lru_cache(maxsize=1)
def measure_units() -> dict[int, list[str]]:
    """Measure number → its 责任单位, from the project's parser when importable (.venv/actions),
    else read the same way from policy.txt: measures are the markers （一）（二）… in sequence,
    each measure's units the first "（责任单位：…）" after its marker, split at 、，；."""
    try:
        from actions.policy.corpus import load_document

        document = load_document(POLICY_DIR)
        return {s.number: list(s.units) for s in document.sections if s.number}
    except ImportError:  # .venv/rasa has no cn2an, which the parser needs
        pass
    meta = yaml.safe_load((POLICY_DIR / "meta.yml").read_text(encoding="utf-8"))
    text = (POLICY_DIR / meta["text"]).read_text(encoding="utf-8")
    for marker in meta.get("boilerplate_markers") or []:
        text = text.split(marker, 1)[0]
    starts: list[tuple[int, int]] = []
    for match in _POLICY_MARKER.finditer(text):
        if cn_number(match.group(1)) == len(starts) + 1:
            starts.append((len(starts) + 1, match.end()))
    units: dict[int, list[str]] = {}
    for i, (number, start) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        found = _POLICY_UNITS.search(text, start, end)
        if found:
            units[number] = [u.strip() for u in re.split(r"[、，,；;]", found.group(1)) if u.strip()]
    return units


# ---------------------------------------------------------------- scripts


FACT_KEYS = {"user", "facts", "may_record", "reply"}
FORMAT_CHECKS = (
    "cites",
    "must_not_cite",
    "names_units_of",
    "not_specified",
    "abstains",
    "validity",
    "starts_check",
    "asks_exact",
    "result_applies",
    "result_not_applies",
    "mentions_any",
)
EXTENSION_CHECKS = ("contains", "not_contains", "max_bytes", "asks", "lists_measures", "any_of")


def _number_ok(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def normalise_fact(name: str, value: Any) -> Any:
    """A script value in canonical form: ranges as [low, high] floats, enum labels as keys."""
    specs = field_specs()
    if name not in specs:
        raise ScriptError(f"unknown field {name!r} (not in profile-fields.yml)")
    kind = specs[name]["type"]
    if kind == "bool":
        if not isinstance(value, bool):
            raise ScriptError(f"{name}: expected true/false, got {value!r}")
        return value
    if kind in ("int", "number"):
        if _number_ok(value):
            return [float(value), float(value)]
        if isinstance(value, list) and len(value) == 2 and all(_number_ok(v) for v in value) and value[0] <= value[1]:
            return [float(value[0]), float(value[1])]
        raise ScriptError(f"{name}: expected a number or [low, high], got {value!r}")
    if not isinstance(value, str):
        raise ScriptError(f"{name}: expected a choice, got {value!r}")
    choices = specs[name].get("choices") or {}
    labels = {label: key for key, label in choices.items()}
    return labels.get(value, value)


def validate_expectations(expect: dict[str, Any], where: str) -> None:
    if not isinstance(expect, dict):
        raise ScriptError(f"{where}: expectations must be a mapping")
    unknown = set(expect) - set(FORMAT_CHECKS) - set(EXTENSION_CHECKS)
    if unknown:
        raise ScriptError(f"{where}: unknown reply expectation(s) {sorted(unknown)}")
    for option in expect.get("any_of") or []:
        validate_expectations(option, f"{where} any_of")
    for key in ("asks_exact", "asks"):
        target = expect.get(key)
        if target is not None and target not in field_specs() and target != GROUP_QUESTION:
            raise ScriptError(f"{where}: {key}: unknown field {target!r}")


def validate_conversation(conversation: dict[str, Any]) -> None:
    """Raises ScriptError when a conversation does not follow the format."""
    cid = conversation.get("id", "?")
    turns = conversation.get("turns")
    if not isinstance(turns, list) or not turns:
        raise ScriptError(f"{cid}: no turns")
    for i, turn in enumerate(turns, 1):
        if not isinstance(turn, dict) or not isinstance(turn.get("user"), str) or not turn["user"].strip():
            raise ScriptError(f"{cid} turn {i}: every turn needs a `user` message")
        unknown = set(turn) - FACT_KEYS
        if unknown:
            raise ScriptError(f"{cid} turn {i}: unknown key(s) {sorted(unknown)}")
        for key in ("facts", "may_record"):
            for name, value in (turn.get(key) or {}).items():
                try:
                    normalise_fact(name, value)
                except ScriptError as error:
                    raise ScriptError(f"{cid} turn {i} {key}: {error}") from None
        validate_expectations(turn.get("reply") or {}, f"{cid} turn {i}")


def load_conversations(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return list(data.get("conversations") or [])


def load_questions(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return list(data.get("questions") or [])


def id_number(identifier: str) -> int | None:
    """The numeric suffix of an id ('c012' → 12), None without one."""
    match = re.search(r"(\d+)$", str(identifier))
    return int(match.group(1)) if match else None


def in_split(identifier: str, split: str) -> bool:
    """dev: ids whose numeric suffix is divisible by 3; report: the others (and ids without a number); all."""
    if split == "all":
        return True
    number = id_number(identifier)
    is_dev = number is not None and number % 3 == 0
    return is_dev if split == "dev" else not is_dev


# ---------------------------------------------------------------- reply text analysis

_QUOTED_EXAMPLE = re.compile(r"“[^”]{0,20}”")
_CITE = re.compile(r"第\s*[（(]?\s*([一二三四五六七八九十两]{1,3}|\d{1,2})\s*[）)]?\s*条")
_PAREN_CITE = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[）)]")


def cited_measures(text: str) -> set[int]:
    """Measure numbers a text cites: 第（七）条, 第七条, 第7条, or a bare （七）.

    Short quoted phrases (“…”, ≤ 20 characters) are ignored: they are titles or example
    questions the bot suggests (“第七条找谁办”), not citations."""
    text = _QUOTED_EXAMPLE.sub("“”", text)
    numbers = {cn_number(m) for m in _CITE.findall(text)} | {cn_number(m) for m in _PAREN_CITE.findall(text)}
    return {n for n in numbers if n}


# The result summary: a heading line opens a section, the next heading closes it. Markers of the
# other sections are tested first because "可能享受" / "不能享受" contain "能享受".
RESULT_MARKS = ("评估结果", "对照结果", "匹配结果")
OTHER_HEADINGS = (
    "可能享受",
    "不能享受",
    "不可以享受",
    "无法享受",
    "不适用",
    "普遍适用",
    "还需补充",
    "需要补充",
    "还需要了解",
    "暂不能判断",
    "无法判断",
    "没有回答",
    "提示：",
)
APPLIES_HEADINGS = ("可以享受", "可享受", "能享受", "适用的措施", "符合条件的措施")
# Headings that only a result has; "不适用", "提示：" … also appear in answers, so they close a section
# but do not by themselves make a text a result.
RESULT_HEADINGS = ("可能享受", "普遍适用", "还需补充", "按您提供的情况")
HEADING_REACH = 14  # heading words start a line: "✅ 可以享受（1条）", "按您提供的情况不适用的…"
DETAIL_MARKS = ("·", "•", "-", "*")  # detail lines ("· 内容：…可享受贴息") are never headings
_BULLETS = re.compile(r"^[\s·•\-*●▪◦>✅🤝📌❓⚠0-9０-９.、)）]*")


def result_sections(text: str) -> dict[str, set[int]] | None:
    """{'applies': {…}} read from a result summary; None when the text holds no result.

    A result is a text with 评估结果/对照结果/匹配结果, an applying heading or a heading only results
    have (RESULT_HEADINGS: 可能享受, 普遍适用, 还需补充, 按您提供的情况). A line is a heading when its
    first HEADING_REACH characters contain one of OTHER_HEADINGS (closes the applying section) or
    APPLIES_HEADINGS (opens it), unless it is a detail line starting with a bullet (DETAIL_MARKS);
    inside the applying section, a measure counts when a line starts with its citation (after list
    markers such as "· ", "1. ", emoji), so detail lines ("· 内容：…依照第（三）条…") do not; on the
    heading line itself every citation after the heading words counts (a one-line summary
    "✅ 可以享受：第（一）条、第（七）条")."""
    lines = text.splitlines()
    found = any(mark in text for mark in RESULT_MARKS)
    applies: set[int] = set()
    inside = False
    for line in lines:
        head = "" if line.lstrip().startswith(DETAIL_MARKS) else line[:HEADING_REACH]
        other = next((h for h in OTHER_HEADINGS if h in head), None)
        opening = None if other else next((h for h in APPLIES_HEADINGS if h in head), None)
        if other:
            found = found or any(h in head for h in RESULT_HEADINGS)
            inside = False
            continue
        if opening:
            found, inside = True, True
            applies |= cited_measures(line[line.index(opening) + len(opening) :])
            continue
        if inside:
            stripped = _BULLETS.sub("", line)
            if _CITE.match(stripped) or _PAREN_CITE.match(stripped):
                applies |= cited_measures(stripped)
    return {"applies": applies} if found else None


# ---------------------------------------------------------------- reply checks


@dataclass
class Context:
    """What a checker may look at: the turn's bot messages and the tracker after the turn."""

    messages: list[str]
    tracker: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.messages)


@dataclass
class CheckResult:
    key: str
    expected: Any
    passed: bool
    detail: str = ""


NOT_SPECIFIED_PHRASES = (
    "没有规定",
    "未规定",
    "没有明确",
    "未明确",
    "没有写明",
    "未写明",
    "没有载明",
    "未载明",
    "没有具体",
    "未具体",
    "没有说明",
    "未说明",
    "没有提到",
    "未提到",
    "未提及",
    "没有列出",
    "未列出",
)
ABSTAIN_PHRASES = re.compile(
    r"没有找到|没找到|不想猜|无法回答|没法回答|不能回答|回答不了|不在[^。！？\n]{0,30}范围|超出[^。！？\n]{0,20}范围"
)
HOTLINE = "12345"
VALIDITY = re.compile(r"2020\s*年\s*6\s*月\s*(30\s*日|底)|2020-06-30")
CHECK_QUESTION = re.compile(r"【第\s*\d+\s*问】")
CHECK_OFFERS = (
    "帮您对照",
    "看看能享受",
    "看看您能享受",
    "看看贵单位能享受",
    "帮您看看",
    "帮您评估",
    "帮您匹配",
    "可多选",
)
# Short forms a bot may use when it asks for an exact figure ("具体有多少人？").
FIELD_ALIASES = {
    "employees": ("人数", "员工", "从业人员", "多少人"),
    "revenue_wan": ("营业收入", "营收", "收入", "营业额"),
    "assets_wan": ("资产",),
    "monthly_rent_yuan": ("租金", "房租"),
    "ui_premium_last_year_yuan": ("失业保险费",),
    "months_unpaid_min_wage": ("最低工资", "几个月", "月数"),
    "months_not_operating": ("生活费", "几个月", "月数"),
}
_ASKING = re.compile(r"[？?]|吗|呢|多少|几|【第\s*\d+\s*问】")


def _quote(text: str, limit: int = 0) -> str:
    return text if not limit or len(text) <= limit else text[:limit] + "…"


def check_cites(expected: list[int], ctx: Context) -> CheckResult:
    """Every listed measure is cited (cited_measures: 第（N）条 / 第N条 / （N））."""
    cited = cited_measures(ctx.text)
    missing = sorted(set(expected) - cited)
    return CheckResult(
        "cites", expected, not missing, f"not cited: {missing}; cited: {sorted(cited)}" if missing else ""
    )


def check_must_not_cite(expected: list[int], ctx: Context) -> CheckResult:
    cited = cited_measures(ctx.text)
    bad = sorted(set(expected) & cited)
    return CheckResult("must_not_cite", expected, not bad, f"cited: {bad}" if bad else "")


def check_names_units_of(expected: int, ctx: Context) -> CheckResult:
    """At least one 责任单位 of the measure (as the policy text lists them) appears."""
    units = measure_units().get(int(expected), [])
    named = [u for u in units if u in ctx.text]
    return CheckResult("names_units_of", expected, bool(named), "" if named else f"none of {units}")


def check_not_specified(expected: bool, ctx: Context) -> CheckResult:
    """One of NOT_SPECIFIED_PHRASES (没有规定 / 未明确 / 没有写明 / 没有具体 …) appears; false: none does."""
    hits = [p for p in NOT_SPECIFIED_PHRASES if p in ctx.text]
    return CheckResult("not_specified", expected, bool(hits) == bool(expected), f"phrases found: {hits}")


def check_abstains(expected: bool, ctx: Context) -> CheckResult:
    """An abstention phrase (没有找到 / 不想猜 / 无法回答 / 不在…范围 …) AND the hotline 12345; false: not both."""
    phrase = ABSTAIN_PHRASES.search(ctx.text)
    hotline = HOTLINE in ctx.text
    said = bool(phrase) and hotline
    detail = f"abstention phrase: {phrase.group(0) if phrase else None}, hotline {HOTLINE}: {hotline}"
    return CheckResult("abstains", expected, said == bool(expected), detail)


def check_validity(expected: bool, ctx: Context) -> CheckResult:
    """2020年6月30日 (or 2020年6月底 / 2020-06-30) appears; false: does not."""
    said = bool(VALIDITY.search(ctx.text))
    return CheckResult("validity", expected, said == bool(expected), "" if said else "no 2020年6月30日")


def _asks_check(text: str) -> str | None:
    if CHECK_QUESTION.search(text):
        return "【第N问】"
    for spec in field_specs().values():
        question = spec.get("question")
        if question and question in text:
            return question
    return next((offer for offer in CHECK_OFFERS if offer in text), None)


def check_starts_check(expected: bool, ctx: Context) -> CheckResult:
    """The reply asks a check question (【第N问】, a question of profile-fields.yml, the multi-choice
    可多选) or offers the check (帮您对照 / 看看能享受 / 帮您看看 …); false: it does neither."""
    evidence = _asks_check(ctx.text)
    return CheckResult("starts_check", expected, bool(evidence) == bool(expected), f"evidence: {evidence}")


def check_asks_exact(expected: str, ctx: Context) -> CheckResult:
    """A message that asks something (？/吗/多少/几/【第N问】) names the field: its question text, its
    label, or 具体 together with a short form of it (FIELD_ALIASES: 具体有多少人 → employees)."""
    spec = field_specs()[expected]
    for message in ctx.messages:
        if not _ASKING.search(message):
            continue
        if spec.get("question") and spec["question"] in message:
            return CheckResult("asks_exact", expected, True, "question text")
        if spec.get("label") and spec["label"] in message:
            return CheckResult("asks_exact", expected, True, "label")
        if "具体" in message and any(alias in message for alias in FIELD_ALIASES.get(expected, ())):
            return CheckResult("asks_exact", expected, True, "具体 + short form")
    return CheckResult("asks_exact", expected, False, f"no question about {expected} ({spec.get('label')})")


def check_result_applies(expected: list[int], ctx: Context) -> CheckResult:
    """Every listed measure is in the applying section of the result (result_sections)."""
    sections = result_sections(ctx.text)
    if sections is None:
        return CheckResult("result_applies", expected, False, "no result in the reply")
    missing = sorted(set(expected) - sections["applies"])
    detail = f"not listed as applying: {missing}; applying: {sorted(sections['applies'])}" if missing else ""
    return CheckResult("result_applies", expected, not missing, detail)


def check_result_not_applies(expected: list[int], ctx: Context) -> CheckResult:
    """A result is shown and none of the listed measures is in its applying section."""
    sections = result_sections(ctx.text)
    if sections is None:
        return CheckResult("result_not_applies", expected, False, "no result in the reply")
    bad = sorted(set(expected) & sections["applies"])
    return CheckResult("result_not_applies", expected, not bad, f"listed as applying: {bad}" if bad else "")


def check_mentions_any(expected: list[str], ctx: Context) -> CheckResult:
    hits = [s for s in expected if str(s) in ctx.text]
    return CheckResult("mentions_any", expected, bool(hits), "" if hits else "none found")


def check_contains(expected: list[str], ctx: Context) -> CheckResult:
    missing = [s for s in expected if str(s) not in ctx.text]
    return CheckResult("contains", expected, not missing, f"missing: {missing}" if missing else "")


def check_not_contains(expected: list[str], ctx: Context) -> CheckResult:
    present = [s for s in expected if str(s) in ctx.text]
    return CheckResult("not_contains", expected, not present, f"present: {present}" if present else "")


def check_max_bytes(expected: int, ctx: Context) -> CheckResult:
    sizes = [len(m.encode("utf-8")) for m in ctx.messages]
    over = [s for s in sizes if s > int(expected)]
    return CheckResult("max_bytes", expected, not over, f"message sizes {sizes}" if over else "")


def check_asks(expected: str, ctx: Context) -> CheckResult:
    """The tracker's current_question after the turn (the question the bot now waits for)."""
    pending = (ctx.tracker.get("slots") or {}).get("current_question")
    return CheckResult("asks", expected, pending == expected, f"current_question: {pending}")


def check_lists_measures(expected: int, ctx: Context) -> CheckResult:
    cited = cited_measures(ctx.text)
    return CheckResult("lists_measures", expected, len(cited) >= int(expected), f"cited: {sorted(cited)}")


def check_any_of(expected: list[dict[str, Any]], ctx: Context) -> CheckResult:
    details = []
    for option in expected:
        results = check_reply(option, ctx.messages, ctx.tracker)
        if all(r.passed for r in results):
            return CheckResult("any_of", expected, True, f"passed: {option}")
        details.append("; ".join(f"{r.key}: {r.detail}" for r in results if not r.passed))
    return CheckResult("any_of", expected, False, " | ".join(details))


CHECKS: dict[str, Callable[[Any, Context], CheckResult]] = {
    "cites": check_cites,
    "must_not_cite": check_must_not_cite,
    "names_units_of": check_names_units_of,
    "not_specified": check_not_specified,
    "abstains": check_abstains,
    "validity": check_validity,
    "starts_check": check_starts_check,
    "asks_exact": check_asks_exact,
    "result_applies": check_result_applies,
    "result_not_applies": check_result_not_applies,
    "mentions_any": check_mentions_any,
    "contains": check_contains,
    "not_contains": check_not_contains,
    "max_bytes": check_max_bytes,
    "asks": check_asks,
    "lists_measures": check_lists_measures,
    "any_of": check_any_of,
}


def check_reply(
    expect: dict[str, Any], messages: list[str], tracker: dict[str, Any] | None = None
) -> list[CheckResult]:
    """Every expectation of a turn checked on its bot messages (and the tracker after the turn)."""
    ctx = Context(list(messages), tracker or {})
    return [CHECKS[key](value, ctx) for key, value in expect.items()]


# ---------------------------------------------------------------- facts


def matches(expected: Any, value: Any) -> bool:
    """A recorded value against a canonical expected one ([low, high] for numbers)."""
    if isinstance(expected, bool) or isinstance(value, bool):
        return value is expected
    if isinstance(expected, list):
        return _number_ok(value) and expected[0] - 1e-6 <= float(value) <= expected[1] + 1e-6
    return value == expected


def _shown(expected: Any) -> Any:
    if isinstance(expected, list):
        low, high = (int(v) if float(v).is_integer() else v for v in expected)
        return low if low == high else [low, high]
    return expected


@dataclass
class FactIssue:
    turn: int
    field: str
    recorded: Any = None
    expected: Any = None  # None: nothing stated for this field

    def __str__(self) -> str:
        if self.expected is None:
            return f"turn {self.turn}: {self.field}={self.recorded!r} (never stated)"
        if self.recorded is None:
            return f"turn {self.turn}: {self.field} expected {self.expected!r}, not recorded"
        return f"turn {self.turn}: {self.field}={self.recorded!r}, expected {self.expected!r}"


@dataclass
class TurnRecord:
    index: int
    user: str
    bot: list[str] = field(default_factory=list)
    latency_s: float = 0.0
    pending_before: Any = None
    profile: dict[str, Any] = field(default_factory=dict)
    right: list[str] = field(default_factory=list)
    wrong: list[FactIssue] = field(default_factory=list)
    missing: list[FactIssue] = field(default_factory=list)
    implied: list[str] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)


@dataclass
class ConversationRecord:
    id: str
    about: str = ""
    sender: str = ""
    turns: list[TurnRecord] = field(default_factory=list)
    facts_expected: int = 0
    error: str = ""

    @property
    def facts_right(self) -> int:
        return sum(len(t.right) for t in self.turns)

    @property
    def facts_wrong(self) -> list[FactIssue]:
        return [issue for t in self.turns for issue in t.wrong]

    @property
    def facts_missing(self) -> list[FactIssue]:
        return [issue for t in self.turns for issue in t.missing]

    @property
    def checks_passed(self) -> int:
        return sum(c.passed for t in self.turns for c in t.checks)

    def failed_checks(self) -> list[tuple[TurnRecord, CheckResult]]:
        return [(t, c) for t in self.turns for c in t.checks if not c.passed]

    @property
    def latencies(self) -> list[float]:
        return [t.latency_s for t in self.turns]

    @property
    def fully_right(self) -> bool:
        return not self.error and not self.facts_wrong and not self.facts_missing and not self.failed_checks()

    def diff(self, reply_chars: int = 400, max_messages: int = 8) -> str:
        """A readable account of what went wrong, turn by turn, with the bot's replies."""
        lines = [f"{self.id} ({self.about})" if self.about else self.id]
        if self.error:
            lines.append(f"  ERROR: {self.error}")
        for turn in self.turns:
            problems = [f"    WRONG {issue}" for issue in turn.wrong]
            problems += [f"    MISSING {issue}" for issue in turn.missing]
            problems += [f"    REPLY {c.key}={c.expected!r} failed: {c.detail}" for c in turn.checks if not c.passed]
            if not problems:
                continue
            lines.append(f"  turn {turn.index} (pending question before: {turn.pending_before}): {turn.user}")
            lines.extend(problems)
            lines.append(f"    profile after: {json.dumps(turn.profile, ensure_ascii=False)}")
            for message in turn.bot[:max_messages]:
                lines.append("    bot: " + _quote(message, reply_chars).replace("\n", "\n         "))
            if len(turn.bot) > max_messages:
                lines.append(f"    bot: (… {len(turn.bot) - max_messages} more messages)")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            fully_right=self.fully_right,
            facts_right=self.facts_right,
            facts_wrong=[str(i) for i in self.facts_wrong],
            facts_missing=[str(i) for i in self.facts_missing],
            checks_passed=self.checks_passed,
            checks_failed=[
                {"turn": t.index, "key": c.key, "expected": c.expected, "detail": c.detail, "bot": t.bot}
                for t, c in self.failed_checks()
            ],
        )
        return data


def _profile(tracker: dict[str, Any]) -> dict[str, Any]:
    return dict((tracker.get("slots") or {}).get("profile") or {})


def play_conversation(
    servers: ServersLike, conversation: dict[str, Any], sender: str | None = None, score_facts: bool = True
) -> ConversationRecord:
    """Play a scripted conversation and score every turn; errors of the servers end it (record.error)."""
    validate_conversation(conversation)
    record = ConversationRecord(
        id=str(conversation.get("id", "?")),
        about=str(conversation.get("about", "")),
        sender=sender or f"script-{uuid.uuid4().hex[:12]}",
    )
    members = set(group_members())
    allowed: dict[str, list[Any]] = {}  # field → the values it may hold now (the latest statement)
    counted_wrong: set[tuple[str, str]] = set()
    pending: Any = None
    for index, turn in enumerate(conversation["turns"], 1):
        facts = {name: normalise_fact(name, v) for name, v in (turn.get("facts") or {}).items()}
        may = {name: normalise_fact(name, v) for name, v in (turn.get("may_record") or {}).items()}
        for name in set(facts) | set(may):
            allowed[name] = [v for v in (facts.get(name), may.get(name)) if v is not None]
        record.facts_expected += len(facts) if score_facts else 0
        result = TurnRecord(index, turn["user"], pending_before=pending)
        record.turns.append(result)
        started = time.perf_counter()
        try:
            result.bot = servers.say(record.sender, turn["user"])
            result.latency_s = time.perf_counter() - started
            tracker = servers.tracker(record.sender)
        except Exception as error:  # noqa: BLE001 - a server failure is a finding, not a crash of the scorer
            result.latency_s = time.perf_counter() - started
            record.error = f"turn {index}: {type(error).__name__}: {error}"
            break
        result.profile = _profile(tracker)
        chose_member = any(v is True for name, v in {**may, **facts}.items() if name in members)
        if pending == GROUP_QUESTION and chose_member:
            for name in sorted(members - set(facts) - set(may)):
                if result.profile.get(name) is False:
                    allowed[name] = [False]
                    result.implied.append(name)
        if score_facts:
            _score_facts(index, facts, allowed, result, counted_wrong)
        result.checks = check_reply(turn.get("reply") or {}, result.bot, tracker)
        pending = (tracker.get("slots") or {}).get("current_question")
    return record


def _score_facts(
    index: int,
    facts: dict[str, Any],
    allowed: dict[str, list[Any]],
    result: TurnRecord,
    counted_wrong: set[tuple[str, str]],
) -> None:
    profile = result.profile
    for name, expected in facts.items():
        if name not in profile or profile[name] is None:
            result.missing.append(FactIssue(index, name, None, _shown(expected)))
        elif matches(expected, profile[name]):
            result.right.append(name)
    for name, value in profile.items():
        if value is None or any(matches(v, value) for v in allowed.get(name, [])):
            continue
        key = (name, json.dumps(value, ensure_ascii=False, sort_keys=True))
        if key in counted_wrong:
            continue
        counted_wrong.add(key)
        stated = allowed.get(name)
        result.wrong.append(FactIssue(index, name, value, _shown(stated[0]) if stated else None))


def play_question(servers: ServersLike, question: dict[str, Any], sender: str | None = None) -> ConversationRecord:
    """A free question (questions.yml) in a fresh conversation: its `expect` checked on the reply; the
    facts the bot may record meanwhile are kept in the record but not scored."""
    expect = question.get("expect") or {}
    conversation = {
        "id": question.get("id", "?"),
        "about": question.get("kind", ""),
        "turns": [{"user": question.get("text", ""), "reply": expect}],
    }
    return play_conversation(servers, conversation, sender=sender, score_facts=False)


__all__ = [
    "CHECKS",
    "CheckResult",
    "ConversationRecord",
    "FactIssue",
    "ScriptError",
    "TurnRecord",
    "check_reply",
    "cited_measures",
    "in_split",
    "load_conversations",
    "load_questions",
    "measure_units",
    "play_conversation",
    "play_question",
    "result_sections",
    "validate_conversation",
]
