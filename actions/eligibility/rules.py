"""The rules file of a policy (rules.yml beside its text) and how a measure is decided.

Format (all Chinese texts are shown to people):

    policy: <doc_id>                      # must match meta.yml
    size_standard: sme-size-standard.yml  # optional, in corpus/standards
    fields: {name: {type, label, ...}}    # optional fields of this policy only
    scope: {label: 支持对象, when: <condition>}
    measures:
      - section: 1                         # title and units come from the parsed text
        benefit: 可以得到什么
        notes: [{when: <condition>, text: 追加到 benefit}]
        outcomes: [{status: applies|possible|general, when: <condition>, reason: 为什么}]
        otherwise: {status: general, reason: ...}   # optional floor when no outcome holds
        reasons: {not_applicable: ..., needs_info: ...}  # optional extra sentences
        status_notes: {possible: ...}             # optional short wording beside the measure in a
                                                  # chat summary (by status); not part of the decision
        estimate: {label, formula, terms: [{field, factor}], unit}

Deciding a measure: outcomes are tried in order; the first that is true gives the
status, unless an earlier one was unknown (then needs_info). With none true:
`otherwise` if given (missing = the unknown fields that could still upgrade it),
else needs_info when something was unknown, else not_applicable with the unmet
conditions as reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from actions.eligibility.data import load_yaml
from actions.eligibility.errors import RulesError
from actions.eligibility.estimates import EstimateSpec, compute, parse_estimate
from actions.eligibility.fields import FieldDef, base_fields, parse_fields
from actions.eligibility.logic import Condition, Verdict, parse_condition
from actions.eligibility.size import DEFAULT_STANDARD

STATUSES = ("applies", "possible", "general", "needs_info", "not_applicable")
OUTCOME_STATUSES = ("applies", "possible", "general")
_MEASURE_KEYS = {"section", "benefit", "notes", "outcomes", "otherwise", "reasons", "estimate", "status_notes"}


@dataclass(frozen=True)
class Outcome:
    status: str
    when: Condition | None
    reason: str = ""


@dataclass(frozen=True)
class Note:
    when: Condition
    text: str


@dataclass(frozen=True)
class Measure:
    section: int
    benefit: str
    outcomes: tuple[Outcome, ...]
    otherwise: Outcome | None = None
    notes: tuple[Note, ...] = ()
    extra_reasons: dict[str, str] = field(default_factory=dict)
    estimate: EstimateSpec | None = None
    # Wording only (e.g. "needs negotiating with the landlord" for a `possible` rent measure):
    # a policy fact, so it lives in rules.yml, not in the chat code that shows it.
    status_notes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Scope:
    label: str
    when: Condition


@dataclass(frozen=True)
class RuleSet:
    policy: str
    size_standard: str
    fields: dict[str, FieldDef]
    scope: Scope | None
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class Decision:
    """A measure's status for one profile, with readable reasons and the fields still needed."""

    status: str
    reasons: list[str]
    missing: list[str]
    benefit: str
    estimate: dict[str, Any] | None


def _outcome(spec: Any, fields: Mapping[str, FieldDef], where: str) -> Outcome:
    if not isinstance(spec, dict) or spec.get("status") not in OUTCOME_STATUSES:
        raise RulesError(f"{where}: 需要 status（{'/'.join(OUTCOME_STATUSES)}）")
    unknown = set(spec) - {"status", "when", "reason"}
    if unknown:
        raise RulesError(f"{where}: 未知的键 {sorted(unknown)}")
    when = parse_condition(spec["when"], fields, f"{where}.when") if "when" in spec else None
    return Outcome(spec["status"], when, str(spec.get("reason") or ""))


def parse_measure(spec: Any, fields: Mapping[str, FieldDef], where: str) -> Measure:
    """One YAML measure → Measure, rejecting unknown keys (a typo must not weaken a rule)."""
    if not isinstance(spec, dict) or not isinstance(spec.get("section"), int):
        raise RulesError(f"{where}: 需要整数 section")
    where = f"{where}（第{spec['section']}条）"
    unknown = set(spec) - _MEASURE_KEYS
    if unknown:
        raise RulesError(f"{where}: 未知的键 {sorted(unknown)}")
    outcomes = tuple(_outcome(o, fields, f"{where}.outcomes[{i}]") for i, o in enumerate(spec.get("outcomes") or []))
    otherwise = _outcome(spec["otherwise"], fields, f"{where}.otherwise") if spec.get("otherwise") else None
    if not outcomes and otherwise is None:
        raise RulesError(f"{where}: 至少需要 outcomes 或 otherwise")
    notes = tuple(
        Note(parse_condition(n["when"], fields, f"{where}.notes[{i}]"), str(n["text"]))
        for i, n in enumerate(spec.get("notes") or [])
    )
    extra = {str(k): str(v) for k, v in (spec.get("reasons") or {}).items()}
    if set(extra) - set(STATUSES):
        raise RulesError(f"{where}: reasons 的键应为状态名")
    status_notes = {str(k): str(v) for k, v in (spec.get("status_notes") or {}).items()}
    if set(status_notes) - set(STATUSES):
        raise RulesError(f"{where}: status_notes 的键应为状态名")
    estimate = parse_estimate(spec["estimate"], fields, where) if spec.get("estimate") else None
    return Measure(
        spec["section"], str(spec.get("benefit") or ""), outcomes, otherwise, notes, extra, estimate, status_notes
    )


def parse_rules(data: Any, shared: Mapping[str, FieldDef], folder: Path, source: str) -> RuleSet:
    """A rules document → RuleSet; fields are the shared ones plus the policy's own."""
    if not isinstance(data, dict) or not isinstance(data.get("measures"), list):
        raise RulesError(f"{source}: 需要 measures 列表")
    own = parse_fields({"fields": data.get("fields") or {}}, folder, source=source)
    clash = set(own) & set(shared)
    if clash:
        raise RulesError(f"{source}: 字段 {sorted(clash)} 已在共用字段表中定义")
    fields = {**shared, **own}
    scope = None
    if data.get("scope"):
        scope_spec = data["scope"]
        when = parse_condition(scope_spec["when"], fields, f"{source}: scope")
        scope = Scope(str(scope_spec.get("label") or ""), when)
    measures = tuple(parse_measure(m, fields, f"{source}: measures[{i}]") for i, m in enumerate(data["measures"]))
    sections = [m.section for m in measures]
    if len(set(sections)) != len(sections):
        raise RulesError(f"{source}: 条款编号重复")
    return RuleSet(
        str(data.get("policy") or ""),
        str(data.get("size_standard") or DEFAULT_STANDARD),
        fields,
        scope,
        tuple(sorted(measures, key=lambda m: m.section)),
    )


@lru_cache(maxsize=16)
def _load(path: Path, corpus_dir: Path | None) -> RuleSet:
    return parse_rules(load_yaml(path), base_fields(corpus_dir), path.parent, str(path))


def load_rules(path: Path, corpus_dir: Path | None = None) -> RuleSet:
    """The rules file at `path`, its fields resolved against the corpus's shared standards."""
    return _load(path.resolve(), corpus_dir)


def labels(names: list[str] | tuple[str, ...], fields: Mapping[str, FieldDef]) -> str:
    """Chinese labels joined by '；' (the labels themselves may contain '、')."""
    return "；".join(fields[n].label if n in fields else n for n in names)


def _benefit(measure: Measure, facts: Mapping[str, Any]) -> str:
    notes = [n.text for n in measure.notes if n.when.evaluate(facts).value]
    return "".join([measure.benefit, *notes])


def _reasons(status: str, reason: str, verdict: Verdict, measure: Measure, fields: Mapping[str, FieldDef]) -> list[str]:
    lines = []
    if verdict.met and status in OUTCOME_STATUSES:
        lines.append("符合条件：" + "；".join(verdict.met))
    if verdict.unmet:
        lead = "本条的具体条件不满足" if status == "general" else "不符合条件"
        lines.append(f"{lead}：" + "；".join(verdict.unmet))
    if verdict.unknown:
        lead = "尚不能判断，还需要了解" if status == "needs_info" else "尚未了解（如符合，本条可进一步适用）"
        lines.append(f"{lead}：{labels(verdict.unknown, fields)}")
    lines += [text for text in (reason, measure.extra_reasons.get(status, "")) if text]
    return lines


def decide(measure: Measure, facts: Mapping[str, Any], fields: Mapping[str, FieldDef]) -> Decision:
    """The status of one measure for the facts (profile + derived facts)."""
    unknown: list[str] = []
    unmet: list[str] = []
    status, reason, verdict = "", "", Verdict(None)
    for outcome in measure.outcomes:
        current = outcome.when.evaluate(facts) if outcome.when else Verdict(True)
        if current.value is True and not unknown:
            status, reason, verdict = outcome.status, outcome.reason, current
            break
        if current.value is True:
            break
        if current.value is None:
            unknown += current.unknown
        else:
            unmet += current.unmet
    if not status:
        unknown = list(dict.fromkeys(unknown))
        if measure.otherwise and (measure.otherwise.when is None or measure.otherwise.when.evaluate(facts).value):
            status, reason = measure.otherwise.status, measure.otherwise.reason
            verdict = Verdict(None, unmet=tuple(unmet), unknown=tuple(unknown))
        elif unknown:
            status, verdict = "needs_info", Verdict(None, unknown=tuple(unknown))
        else:
            status, verdict = "not_applicable", Verdict(False, unmet=tuple(dict.fromkeys(unmet)))
    estimate = None
    if measure.estimate and status in measure.estimate.statuses:
        estimate = compute(measure.estimate, facts, fields)
    return Decision(
        status,
        _reasons(status, reason, verdict, measure, fields),
        list(verdict.unknown),
        _benefit(measure, facts),
        estimate,
    )
