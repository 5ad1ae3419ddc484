"""Taking what a message says into the check's state, and saying what was recorded.

Every message goes through here (opening, answer, question with facts, correction):
the facts of `extract.read` are validated by the engine and merged; each one
is confirmed in one short line ("记下了：从业人员数 15人；经营用房 承租其他房屋");
a changed value is shown as a correction; a range that straddles a bound that
decides the result ("一百出头" against a 100-person threshold) is not recorded
but asked for exactly.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from actions.conversation.answers import Parsed
from actions.conversation.check import Question, definitions, merge
from actions.conversation.extract import Reading, field_order, labelled, ordered_span, read, read_correction
from actions.conversation.lexicon import lexicon
from actions.conversation.results import evaluate_profile
from actions.conversation.state import CheckState, looks_like_question
from actions.eligibility import ProfileError
from actions.eligibility.fields import format_number
from actions.policy.normalize import normalize


@dataclass
class Intake:
    """What taking one message did: lines to say, and what became of the pending question."""

    notes: list[str] = field(default_factory=list)
    recorded: dict[str, Any] = field(default_factory=dict)
    pending: Parsed | None = None
    exact_asked: str | None = None  # a field whose exact figure is asked for now

    @property
    def took_anything(self) -> bool:
        return bool(self.recorded) or self.pending is not None or self.exact_asked is not None or bool(self.notes)


@lru_cache(maxsize=256)
def reading_of(text: str, pending: Question | None) -> Reading:
    """One reading per message and question: extraction and validation share it."""
    return read(text, pending)


def _outcome(profile: dict[str, Any]) -> tuple:
    """What a profile decides: the SME status and each measure's status."""
    evaluation = evaluate_profile(profile)
    statuses = tuple((m.section, d.status) for m, d in evaluation.assessment.decisions)
    return evaluation.assessment.sme.status, statuses


def straddles(profile: dict[str, Any], name: str, low: float, high: float) -> bool:
    """True when the two ends of a stated range lead to different results (ask, don't guess).

    An open end ("超过3个月", "3个月以上": no upper bound) is taken as ten times the lower one."""
    if not math.isfinite(high):
        high = low * 10 if low > 0 else 1_000_000
    try:
        ends = [validate_value(profile, name, value) for value in (low, high)]
    except ProfileError:
        return False
    return _outcome(ends[0]) != _outcome(ends[1])


def validate_value(profile: dict[str, Any], name: str, value: float) -> dict[str, Any]:
    definition = definitions()[name]
    number = int(round(value)) if definition.type == "int" else value
    return merge(profile, {name: number})


def _range_text(name: str, low: float, high: float) -> str:
    unit = definitions()[name].unit
    if not math.isfinite(high):
        return f"{format_number(low)}{unit}以上"
    return f"{format_number(low)}到{format_number(high)}{unit}"


def _merge_each(profile: dict[str, Any], values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Merge what validates; report what does not (one bad value must not lose the others)."""
    try:
        return merge(profile, values), []
    except ProfileError:
        pass
    problems = []
    for name, value in values.items():
        try:
            profile = merge(profile, {name: value})
        except ProfileError as error:
            problems.append("；".join(error.problems or [str(error)]))
    return profile, problems


def take(state: CheckState, text: str, pending: Question | None = None) -> Intake:
    """Record the facts of `text` in `state` (changed in place) and describe what was recorded.

    A correction ("刚才说错了，是80人") is read for its new value; anything else in full.
    """
    correcting = is_correction(text)
    reading = read_correction(text) if correcting else reading_of(text, pending)
    if correcting and all(state.profile.get(name) == value for name, value in reading.facts.items()):
        # "机构人员不到50，…，应该是其他行业吧" corrects nothing told before: read as any message.
        correcting, reading = False, reading_of(text, pending)
    asked = set(pending.fields) if pending else set()
    intake = Intake(pending=reading.pending)
    values = _held_back(state.profile, reading, asked, correcting, intake, _says_any(text, lexicon().total_cues))
    _ask_exact_for_straddles(state.profile, reading, values, intake)
    for name, problem in reading.problems.items():
        if name not in asked:
            intake.notes.append(f"“{definitions()[name].label}”没有记下：{problem}。")
    before = dict(state.profile)
    state.profile, problems = _merge_each(state.profile, values)
    intake.notes += [f"抱歉，{problem}。" for problem in problems]
    _confirm(before, state.profile, reading, intake)
    state.skipped = [name for name in state.skipped if name not in intake.recorded]
    unknown = [name for name in reading.skipped if name not in state.profile and name not in asked]
    if unknown:
        state.skipped += [name for name in unknown if name not in state.skipped]
        labels = "、".join(definitions()[name].label for name in unknown)
        intake.notes.append(f"好的，{labels}先不填，之后知道了随时可以补充。")
    if intake.exact_asked:
        state.current = intake.exact_asked
        state.failures = 0
    return intake


def _held_back(
    profile: dict[str, Any],
    reading: Reading,
    asked: set[str],
    correcting: bool,
    intake: Intake,
    gives_total: bool = False,
) -> dict[str, Any]:
    """The values to record: a different value said in passing does not replace an earlier answer
    without a correction (the person is told how to correct it)."""
    values = dict(reading.facts)
    for name in list(values):
        old = profile.get(name)
        if name in reading.in_passing and asked and name not in asked and old is None:
            # "疫情期间物流停了好久" while another question is pending: a trade named in passing.
            values.pop(name)
            continue
        whole = gives_total and definitions()[name].type in ("int", "number")
        if old is not None and old != values[name] and not correcting and not whole and name not in asked:
            values.pop(name)
            if name in reading.in_passing:
                continue  # "物流断了一阵", "找律师咨询": another trade named in passing, not a new answer
            definition = definitions()[name]
            intake.notes.append(
                f"您之前说{definition.label}是{definition.value_label(old)}，这次的说法是"
                f"{definition.value_label(reading.facts[name])}；如需更正，请说“{definition.label}改为……”。"
            )
    if reading.pending is not None and reading.pending.ok:
        values.update(reading.pending.values)
    return values


def _ask_exact_for_straddles(profile: dict[str, Any], reading: Reading, values: dict[str, Any], intake: Intake) -> None:
    """Drop a range whose two ends decide differently ("一百出头" at a 100 bound) and ask for the figure."""
    for name, (low, high) in reading.ranges.items():
        rest = {k: v for k, v in values.items() if k != name}
        if name in values and straddles({**profile, **rest}, name, low, high):
            values.pop(name)
            label = definitions()[name].label
            intake.notes.append(
                f"您说的大约是{_range_text(name, low, high)}，这个范围正好跨过判断标准，请告诉我具体的{label}（一个数字即可）。"
            )
            intake.exact_asked = name
            if intake.pending is not None and name in intake.pending.values:
                intake.pending = None


def _confirm(before: dict[str, Any], after: dict[str, Any], reading: Reading, intake: Intake) -> None:
    """ "记下了：…" for new facts (not the members a multi-choice answer left unchosen), "已更正：…" for changes."""
    new = {k: v for k, v in after.items() if k not in before}
    changed = {k: v for k, v in after.items() if k in before and before[k] != v}
    intake.recorded = {**new, **changed}
    implied = set(reading.pending.values) - set(reading.facts) if reading.pending and reading.pending.ok else set()
    stated = sorted((name for name in new if name not in implied or after[name]), key=field_order().get)
    if stated:
        intake.notes.insert(0, "记下了：" + "；".join(labelled(name, new[name]) for name in stated))
    if changed:
        corrections = [
            f"{definitions()[name].label} {definitions()[name].value_label(before[name])} → "
            f"{definitions()[name].value_label(value)}"
            for name, value in changed.items()
        ]
        intake.notes.insert(0, "已更正：" + "；".join(corrections))


def is_correction(text: str) -> bool:
    """ "刚才说错了…", "其实…": the message changes an earlier answer."""
    return _says_any(text, lexicon().correction_cues)


def _says_any(text: str, cues: tuple[str, ...]) -> bool:
    normalised = normalize(text or "")
    return any(cue in normalised for cue in cues)


def asks_overview(text: str) -> bool:
    """ "物流公司有什么扶持政策", "给我个结果", "哪些措施用得上": asks what an enterprise like this can get."""
    normalised = normalize(text or "")
    lex = lexicon()
    cues = [cue for cue in lex.overview_cues if cue in normalised]
    groups = [words for words in lex.overview_groups if ordered_span(normalised, words, _ORDER_REACH)]
    names_one = _NAMED_ARTICLE.search(normalised) or any(ref in normalised for ref in lex.policy_references)
    if names_one and not any("结果" in "".join(said) for said in [*cues, *groups]):
        return False  # "第N条…我们基地能否享受", "发岗位招人那一条能帮上我们不": that measure, not the result
    return bool(cues or groups)


_NAMED_ARTICLE = re.compile(r"第\s*[(（]?\s*[\d一二三四五六七八九十两]+\s*[)）]?\s*条")
_ORDER_REACH = 12  # characters from the first word of a group to the end of its last


def asks_for_person(text: str) -> bool:
    """ "你给我个能问这事的电话", "该打哪个热线": a number to call, whatever the intent classifier said."""
    return _says_any(text, lexicon().person_requests)


def asks_something(text: str) -> bool:
    """A question, or a request put as a wish ("想争取一下省里的专项资金"); "多少不清楚" asks nothing."""
    if _says_any(text, lexicon().skip):
        return False
    return looks_like_question(text) or _says_any(text, lexicon().request_cues)


def describes_enterprise(reading: Reading) -> bool:
    """The message says what the enterprise is (its trade or a special group it belongs to)."""
    groups = {name for name, d in definitions().items() if d.group}
    return "industry" in reading.facts or any(reading.facts.get(name) for name in groups)
