"""Which unknown field to ask about next, so the conversation asks only what matters.

A field ranks by how many open decisions (the SME status and each measure's
status) it would settle on average over trial values (bool: both; enum: every
choice; numbers: around every threshold the rules and the size standard use),
then by how many open decisions list it as missing, then by the field order of
profile-fields.yml. Fields that only refine a benefit (estimate inputs, notes)
of a measure that applies come last; fields that change nothing are left out.
"""

from __future__ import annotations

from functools import lru_cache
from statistics import fmean
from typing import Any

from actions.eligibility.assess import Assessment, assess
from actions.eligibility.context import Context
from actions.eligibility.fields import FieldDef, input_fields
from actions.eligibility.logic import thresholds


def _open(result: Assessment) -> set[str]:
    """Decisions that further answers could still change."""
    opened = set()
    if result.in_scope is not False and result.sme.status == "unknown":
        opened.add("sme")
    for measure, decision in result.decisions:
        if decision.missing or result.in_scope is None:
            opened.add(f"measure:{measure.section}")
    return opened


def _relevance(result: Assessment, name: str) -> int:
    """How many open decisions list `name` among what they still need."""
    count = int(result.in_scope is not False and result.sme.status == "unknown" and name in result.sme.missing)
    in_scope_missing = result.in_scope is None and name in result.scope_missing
    return count + sum(name in d.missing or in_scope_missing for _, d in result.decisions)


@lru_cache(maxsize=32)
def _rule_thresholds(ctx: Context) -> dict[str, frozenset[float]]:
    found: dict[str, set[float]] = {}
    conditions = [o.when for m in ctx.rules.measures for o in (*m.outcomes, m.otherwise) if o and o.when]
    if ctx.rules.scope:
        conditions.append(ctx.rules.scope.when)
    for condition in conditions:
        for name, values in thresholds(condition).items():
            found.setdefault(name, set()).update(values)
    return {name: frozenset(values) for name, values in found.items()}


def _trial_values(ctx: Context, field: FieldDef, profile: dict[str, Any]) -> list[Any]:
    if field.type == "bool":
        return [True, False]
    if field.type == "enum":
        return list(field.choices)
    points = set(_rule_thresholds(ctx).get(field.name, ()))
    industries = [profile["industry"]] if profile.get("industry") else list(ctx.standard.industries)
    for industry in industries:
        points.update(ctx.standard.industries[industry].get(field.name, {}).values())
    values = {0} | {v + step for v in points for step in (-1, 0, 1) if v + step >= 0}
    return sorted(int(v) if field.type == "int" else v for v in values)


def _benefit_fields(result: Assessment) -> list[str]:
    """Inputs of estimates and notes of measures that apply (or are possible)."""
    names: list[str] = []
    for measure, decision in result.decisions:
        if measure.estimate and decision.status in measure.estimate.statuses:
            names += measure.estimate.inputs
        if decision.status in ("applies", "possible"):
            names += [n for note in measure.notes for n in sorted(note.when.fields())]
    return names


def rank_fields(ctx: Context, profile: dict[str, Any]) -> list[str]:
    """Unknown fields of a validated profile, most useful question first."""
    base = assess(ctx, profile, explain=False)
    before = _open(base)
    order = {name: i for i, name in enumerate(ctx.fields)}
    scored = []
    for name, field in input_fields(ctx.fields).items():
        if name in profile:
            continue
        relevance = _relevance(base, name)
        if not relevance:
            continue
        settled = fmean(
            len(before - _open(assess(ctx, {**profile, name: value}, explain=False)))
            for value in _trial_values(ctx, field, profile)
        )
        scored.append((-settled, -relevance, order[name], name))
    ranked = [name for *_, name in sorted(scored)]
    extra = [n for n in dict.fromkeys(_benefit_fields(base)) if n not in profile and n not in ranked]
    return ranked + sorted(extra, key=order.__getitem__)
