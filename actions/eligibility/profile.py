"""Validation of an enterprise profile against the field definitions.

Every problem is collected (wrong type, negative or absurd number, unknown
choice or industry, unknown field) and reported in one ProfileError, so a
person fixes everything in one go; nothing is silently dropped or guessed.
Accepted conversions, the same for every field of a type: numbers may be given
as plain numeral strings ("50", "1200.5"); enum values by key, Chinese label or
(industry) synonym; null means "not known yet". Booleans must be true/false.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from actions.eligibility.errors import ProfileError
from actions.eligibility.fields import FieldDef, format_number, input_fields
from actions.eligibility.industries import ChoiceError, resolve_choice

_NUMERAL = re.compile(r"^[+-]?\d+(\.\d+)?$")


def _shown(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _as_number(field: FieldDef, value: Any) -> float:
    """A JSON number or numeral string → int/float; raises TypeError/ValueError with the problem."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if not _NUMERAL.match(text):
            raise ValueError(f"应为数字，收到 {_shown(value)}")
        value = float(text) if "." in text else int(text)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"应为数字，收到 {_shown(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"应为有限的数字，收到 {value}")
    if field.type == "int":
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"应为整数，收到 {_shown(value)}")
        value = int(value)
    return value


def _check_range(field: FieldDef, value: float) -> None:
    unit = field.unit
    if field.minimum is not None and value < field.minimum:
        if field.minimum == 0:
            raise ValueError(f"不能为负数，收到 {format_number(value)}{unit}")
        raise ValueError(f"不能小于 {format_number(field.minimum)}{unit}，收到 {format_number(value)}{unit}")
    if field.maximum is not None and value > field.maximum:
        limit = format_number(field.maximum)
        raise ValueError(f"超出合理范围（最大 {limit}{unit}），收到 {format_number(value)}{unit}")


def validate_value(field: FieldDef, value: Any) -> Any:
    """One value → its canonical form; raises ValueError with a Chinese message naming the field."""
    prefix = f"{field.name}（{field.label}）"
    try:
        if field.type == "bool":
            if not isinstance(value, bool):
                raise TypeError(f"应为 true 或 false，收到 {_shown(value)}")
            return value
        if field.type in ("int", "number"):
            number = _as_number(field, value)
            _check_range(field, number)
            return number
        if not isinstance(value, str):
            raise TypeError(f"应为文字，收到 {_shown(value)}")
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{prefix}{exc}") from None
    try:
        return resolve_choice(field, value)
    except ChoiceError as exc:
        raise ValueError(str(exc)) from None


def _unknown_field(name: str, fields: dict[str, FieldDef]) -> str:
    if name in fields and fields[name].derived:
        return f"字段“{name}”（{fields[name].label}）由引擎推算，不能直接填写"
    close = difflib.get_close_matches(name, list(input_fields(fields)), n=1)
    hint = f"（是不是 {close[0]}？）" if close else ""
    return f"未知字段“{name}”{hint}"


def check_profile(profile: Any, fields: dict[str, FieldDef]) -> dict[str, Any]:
    """A raw profile → {field: canonical value} without unknowns; raises ProfileError listing every problem."""
    if not isinstance(profile, Mapping):
        raise ProfileError([f"企业信息（profile）应为 JSON 对象，收到 {_shown(profile)}"])
    allowed = input_fields(fields)
    clean: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in profile.items():
        if not isinstance(name, str) or name not in allowed:
            problems.append(_unknown_field(str(name), fields))
        elif value is not None:
            try:
                clean[name] = validate_value(allowed[name], value)
            except ValueError as exc:
                problems.append(str(exc))
    if problems:
        raise ProfileError(problems)
    return clean
