"""Conditions over profile fields with three-valued (Kleene) logic.

A field that is not known yet makes a condition unknown unless the known parts
already decide it: `all` is false as soon as one part is false, `any` is true as
soon as one part is true. Each result carries the readable reasons and the
fields whose values would decide it, so every status can explain itself.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from actions.eligibility.errors import RulesError
from actions.eligibility.fields import FieldDef


@dataclass(frozen=True)
class Verdict:
    """True/False/None (unknown) with why: conditions met, conditions not met, fields unknown."""

    value: bool | None
    met: tuple[str, ...] = ()
    unmet: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()


def _merge(parts: list[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for part in parts for item in part))


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "is": operator.eq,
    "eq": operator.eq,
    "ne": operator.ne,
    "in": lambda value, choices: value in choices,
    "not_in": lambda value, choices: value not in choices,
    "ge": operator.ge,
    "gt": operator.gt,
    "le": operator.le,
    "lt": operator.lt,
}
NUMERIC_OPS = ("ge", "gt", "le", "lt")


@dataclass(frozen=True)
class Leaf:
    """`field op operand`, with optional Chinese phrases for when it holds / does not hold."""

    field: FieldDef
    op: str
    operand: Any
    says: str = ""
    says_not: str = ""

    def fields(self) -> set[str]:
        return {self.field.name}

    def _describe(self, value: Any) -> str:
        return f"{self.field.label}：{self.field.value_label(value)}"

    def evaluate(self, facts: Mapping[str, Any]) -> Verdict:
        value = facts.get(self.field.name)
        if value is None:
            return Verdict(None, unknown=(self.field.name,))
        holds = _COMPARE[self.op](value, self.operand)
        if holds:
            return Verdict(True, met=(self.says or self._describe(value),))
        return Verdict(False, unmet=(self.says_not or self._describe(value),))


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]

    def fields(self) -> set[str]:
        return set().union(*(p.fields() for p in self.parts))

    def evaluate(self, facts: Mapping[str, Any]) -> Verdict:
        verdicts = [p.evaluate(facts) for p in self.parts]
        false = [v for v in verdicts if v.value is False]
        if false:
            return Verdict(False, unmet=_merge([v.unmet for v in false]))
        met = _merge([v.met for v in verdicts if v.value])
        unknown = [v for v in verdicts if v.value is None]
        if unknown:
            return Verdict(None, met=met, unknown=_merge([v.unknown for v in unknown]))
        return Verdict(True, met=met)


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]

    def fields(self) -> set[str]:
        return set().union(*(p.fields() for p in self.parts))

    def evaluate(self, facts: Mapping[str, Any]) -> Verdict:
        verdicts = [p.evaluate(facts) for p in self.parts]
        true = [v for v in verdicts if v.value]
        if true:
            return Verdict(True, met=_merge([v.met for v in true]))
        unmet = _merge([v.unmet for v in verdicts if v.value is False])
        unknown = [v for v in verdicts if v.value is None]
        if unknown:
            return Verdict(None, unmet=unmet, unknown=_merge([v.unknown for v in unknown]))
        return Verdict(False, unmet=unmet)


@dataclass(frozen=True)
class Negation:
    part: Condition

    def fields(self) -> set[str]:
        return self.part.fields()

    def evaluate(self, facts: Mapping[str, Any]) -> Verdict:
        inner = self.part.evaluate(facts)
        value = None if inner.value is None else not inner.value
        return Verdict(value, met=inner.unmet, unmet=inner.met, unknown=inner.unknown)


Condition = Leaf | AllOf | AnyOf | Negation


def _check_operand(field: FieldDef, op: str, operand: Any, where: str) -> Any:
    """The operand, checked against the field's type and choices (a tuple for in/not_in)."""
    if op in NUMERIC_OPS and field.type not in ("int", "number"):
        raise RulesError(f"{where}: {op} 只能用于数值字段")
    if op == "is" and field.type != "bool":
        raise RulesError(f"{where}: is 只能用于布尔字段")
    values = operand if op in ("in", "not_in") else [operand]
    if op in ("in", "not_in") and not isinstance(operand, list):
        raise RulesError(f"{where}: {op} 需要列表")
    for value in values:
        if field.type == "bool" and not isinstance(value, bool):
            raise RulesError(f"{where}: {field.name} 是布尔字段，比较值应为 true/false")
        if field.type in ("int", "number") and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise RulesError(f"{where}: {field.name} 是数值字段，比较值应为数字")
        if field.type == "enum" and value not in field.choices:
            raise RulesError(f"{where}: {value!r} 不是 {field.name} 的可选值")
    return tuple(operand) if op in ("in", "not_in") else operand


def parse_condition(spec: Any, fields: Mapping[str, FieldDef], where: str) -> Condition:
    """YAML → Condition. Forms: 'field' (is true), {all: [...]}, {any: [...]}, {not: ...},
    {field: f, <op>: value, says: ..., says_not: ...} with op in is/eq/ne/in/not_in/ge/gt/le/lt."""
    if isinstance(spec, str):
        spec = {"field": spec, "is": True}
    if not isinstance(spec, dict):
        raise RulesError(f"{where}: 条件应为字段名或映射，而不是 {spec!r}")
    for key, cls in (("all", AllOf), ("any", AnyOf)):
        if key in spec:
            parts = spec[key]
            if not isinstance(parts, list) or not parts or len(spec) != 1:
                raise RulesError(f"{where}: {key} 需要非空列表且不能与其他键并列")
            return cls(tuple(parse_condition(p, fields, f"{where}.{key}[{i}]") for i, p in enumerate(parts)))
    if "not" in spec:
        if len(spec) != 1:
            raise RulesError(f"{where}: not 不能与其他键并列")
        return Negation(parse_condition(spec["not"], fields, f"{where}.not"))
    name = spec.get("field")
    if name not in fields:
        raise RulesError(f"{where}: 未知字段 {name!r}")
    ops = [op for op in _COMPARE if op in spec]
    extra = set(spec) - {"field", "says", "says_not", *_COMPARE}
    if len(ops) != 1 or extra:
        raise RulesError(f"{where}: 需要且只能有一个比较（{'/'.join(_COMPARE)}），多余的键：{sorted(extra)}")
    field = fields[name]
    operand = _check_operand(field, ops[0], spec[ops[0]], where)
    return Leaf(field, ops[0], operand, str(spec.get("says") or ""), str(spec.get("says_not") or ""))


def thresholds(condition: Condition) -> dict[str, set[float]]:
    """Field → numbers it is compared with (for trying values in ask_next)."""
    if isinstance(condition, Leaf):
        if condition.op in NUMERIC_OPS or (condition.field.type in ("int", "number") and condition.op in ("eq", "ne")):
            return {condition.field.name: {condition.operand}}
        return {}
    parts = condition.parts if isinstance(condition, (AllOf, AnyOf)) else (condition.part,)
    found: dict[str, set[float]] = {}
    for part in parts:
        for name, values in thresholds(part).items():
            found.setdefault(name, set()).update(values)
    return found
