"""Facts volunteered in free text, and corrections of earlier answers.

"我们是开饭店的，五十来个人" opens the check with industry and headcount known
(fewer questions); "刚才人数说错了，是80人" names the field to correct and the
new value. Only high-confidence patterns are used: a guess here would silently
change the result.
"""

from __future__ import annotations

import re
from typing import Any

from actions.conversation.answers import Parsed, clean, parse_field
from actions.conversation.check import definitions
from actions.conversation.lexicon import lexicon
from actions.conversation.numbers import find_quantities
from actions.eligibility import normalise_industry

_REVENUE_WORDS = ("营收", "营业收入", "收入", "营业额", "销售额", "产值")
_PREMISES_WORDS = ("租", "房", "门面", "厂房", "铺", "场地", "办公室")
_AFFECTED = re.compile(r"受(到)?(了)?疫情(的)?影响|疫情影响(很|挺|比较)?大|停工|停业|停产|关门")
_ADVERB = re.compile(r"其实|实际上|实际|应该|改成|改为|更正为|更正成|应为")
_COPULA = re.compile(r"是|为")


def _in_bounds(name: str, value: float) -> bool:
    definition = definitions()[name]
    low, high = definition.minimum, definition.maximum
    return (low is None or value >= low) and (high is None or value <= high)


def extract_facts(text: str) -> dict[str, Any]:
    """Fields stated outright in a free message (industry, headcount, revenue, premises, affected)."""
    facts: dict[str, Any] = {}
    industry = normalise_industry(text)
    if industry:
        facts["industry"] = industry
    for quantity in find_quantities(text):
        if quantity.suffix.startswith(("人", "名", "个人", "位")) and _in_bounds("employees", quantity.value):
            facts.setdefault("employees", int(round(quantity.value)))
        elif quantity.money_unit and any(word in text for word in _REVENUE_WORDS):
            revenue = round(quantity.in_unit("万元"), 4)
            if _in_bounds("revenue_wan", revenue):
                facts.setdefault("revenue_wan", revenue)
    words = clean(text)
    if any(word in words for word in _PREMISES_WORDS):
        parsed = parse_field(definitions()["premises"], text)
        if parsed.ok and parsed.values["premises"] != "none":
            facts.update(parsed.values)
    if _AFFECTED.search(words) and "没" not in words and "不" not in words:
        facts["affected"] = True
    return facts


def _alias_field(words: str) -> str | None:
    best: tuple[int, str] | None = None
    for name, aliases in lexicon().field_aliases.items():
        for alias in aliases:
            if alias in words and (best is None or len(alias) > best[0]):
                best = (len(alias), name)
    return best[1] if best else None


def _unit_field(text: str) -> str | None:
    units = lexicon().unit_fields
    for quantity in find_quantities(text):
        for unit in sorted(units, key=len, reverse=True):
            if quantity.suffix.startswith(unit) or (unit in ("万", "万元", "亿") and quantity.money_unit):
                return units[unit]
    return None


def _value_part(words: str) -> str:
    """The words after "其实/应该/改成…", else after the last "是/为"; else everything."""
    for pattern in (_ADVERB, _COPULA):
        matches = list(pattern.finditer(words))
        if matches and words[matches[-1].end() :]:
            return words[matches[-1].end() :]
    return words


def parse_correction(text: str, profile: dict[str, Any]) -> tuple[str, Parsed] | None:
    """(field, parsed new value) for "刚才人数说错了，是80人"; None when the field is unclear."""
    words = clean(text)
    name = _alias_field(words) or _unit_field(text)
    if name is None:
        industry = normalise_industry(text)
        if industry:
            return "industry", Parsed("ok", {"industry": industry})
        return None
    value_text = _value_part(words)
    parsed = parse_field(definitions()[name], value_text)
    if not parsed.ok and value_text != words:
        parsed = parse_field(definitions()[name], words)
    return name, parsed
