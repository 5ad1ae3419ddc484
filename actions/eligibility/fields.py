"""Profile field definitions, read from `standards/profile-fields.yml`.

The chat bot, the validator, the rules loader and the report all need the same
facts about a field (type, Chinese label, bounds, choices, the question to ask),
so they live in one data file and are read here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from actions.eligibility.data import load_reference, load_yaml, standards_dir
from actions.eligibility.errors import RulesError

FIELD_TYPES = ("bool", "int", "number", "enum")
FIELDS_FILE = "profile-fields.yml"


@dataclass(frozen=True)
class FieldDef:
    """One profile field: what it is, how to ask for it, which values are plausible."""

    name: str
    type: str
    label: str
    question: str = ""
    example: str = ""
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: dict[str, str] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)
    group: str | None = None
    derived: bool = False
    period: str = ""  # 月 / 年 for amounts per period: an answer given per other period is re-asked
    # Yes/no questions: the words of the two quick-reply buttons when a bare 是/否 would be
    # ambiguous ("贷过款吗？" answered 是 means the first-loan fact is false).
    replies: dict[str, str] = field(default_factory=dict)

    def value_label(self, value: Any) -> str:
        """A value as a person reads it: 是/否, the choice label, the number with its unit."""
        if value is None:
            return "未知"
        if self.type == "bool":
            return "是" if value else "否"
        if self.type == "enum":
            return self.choices.get(value, str(value))
        return f"{format_number(value)}{self.unit}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly view for the chat bot."""
        data: dict[str, Any] = {"name": self.name, "type": self.type, "label": self.label}
        for key in ("question", "example", "unit", "minimum", "maximum", "group"):
            value = getattr(self, key)
            if value not in (None, ""):
                data[key] = value
        if self.choices:
            data["choices"] = dict(self.choices)
        return data


def format_number(value: float) -> str:
    """50 → '50', 50.0 → '50', 0.5 → '0.5', 12345.678 → '12345.68'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _number(spec: dict[str, Any], key: str, where: str) -> float | None:
    value = spec.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RulesError(f"{where}: {key} 应为数字")
    return value


PERIODS = ("月", "年")


def _period(spec: dict[str, Any], where: str) -> str:
    period = str(spec.get("period") or "")
    if period and period not in PERIODS:
        raise RulesError(f"{where}: period 应为 {'/'.join(PERIODS)}，而不是 {period!r}")
    return period


def _replies(spec: dict[str, Any], kind: str, where: str) -> dict[str, str]:
    replies = spec.get("replies") or {}
    if not replies:
        return {}
    # YAML reads the keys true/false (and yes/no) as booleans.
    if kind != "bool" or not isinstance(replies, dict) or set(replies) != {True, False}:
        raise RulesError(f"{where}: replies 只用于 bool 字段，形如 {{true: 是的说法, false: 否的说法}}")
    return {"yes": str(replies[True]), "no": str(replies[False])}


def parse_field(name: str, spec: Any, base: Path, *, derived: bool = False) -> FieldDef:
    """One YAML field entry → FieldDef; `base` resolves choices_from/synonyms_from."""
    where = f"字段 {name}"
    if not isinstance(spec, dict):
        raise RulesError(f"{where}: 定义应为映射")
    kind = spec.get("type")
    if kind not in FIELD_TYPES:
        raise RulesError(f"{where}: type 应为 {'/'.join(FIELD_TYPES)}，而不是 {kind!r}")
    if not spec.get("label"):
        raise RulesError(f"{where}: 缺少 label")
    choices = dict(spec.get("choices") or {})
    if spec.get("choices_from"):
        choices = {str(key): str(key) for key in load_reference(base, spec["choices_from"])}
    if kind == "enum" and not choices:
        raise RulesError(f"{where}: enum 字段缺少 choices")
    synonyms: dict[str, str] = {}
    if spec.get("synonyms_from"):
        for choice, words in (load_reference(base, spec["synonyms_from"]) or {}).items():
            if choice not in choices:
                raise RulesError(f"{where}: 同义词表中的“{choice}”不是可选值")
            for word in words:
                if str(word) in synonyms:
                    raise RulesError(f"{where}: 同义词“{word}”同时属于“{synonyms[str(word)]}”和“{choice}”")
                synonyms[str(word)] = choice
    return FieldDef(
        name=name,
        type=kind,
        label=str(spec["label"]),
        question=str(spec.get("question") or ""),
        example=str(spec.get("example") or ""),
        unit=str(spec.get("unit") or ""),
        minimum=_number(spec, "min", where),
        maximum=_number(spec, "max", where),
        choices={str(k): str(v) for k, v in choices.items()},
        synonyms=synonyms,
        group=spec.get("group"),
        derived=derived,
        period=_period(spec, where),
        replies=_replies(spec, kind, where),
    )


def parse_fields(data: Any, base: Path, *, source: str) -> dict[str, FieldDef]:
    """A `{fields: {...}, derived: {...}}` document → name → FieldDef, in file order."""
    if not isinstance(data, dict):
        raise RulesError(f"{source}: 应为映射")
    result: dict[str, FieldDef] = {}
    for section, derived in (("fields", False), ("derived", True)):
        for name, spec in (data.get(section) or {}).items():
            result[str(name)] = parse_field(str(name), spec, base, derived=derived)
    return result


@lru_cache(maxsize=8)
def _base_fields(folder: Path) -> dict[str, FieldDef]:
    path = folder / FIELDS_FILE
    return parse_fields(load_yaml(path), folder, source=str(path))


def base_fields(corpus_dir: Path | None = None) -> dict[str, FieldDef]:
    """The shared profile fields (a fresh dict; the FieldDefs are immutable)."""
    return dict(_base_fields(standards_dir(corpus_dir)))


def input_fields(fields: dict[str, FieldDef]) -> dict[str, FieldDef]:
    """The fields a profile may set (derived facts excluded)."""
    return {name: f for name, f in fields.items() if not f.derived}
