"""Numbers the way people type them: "五十来个人", "二十几人", "三个多月", "一百二十万", "1.2亿".

Chinese numerals are converted with cn2an; the approximate words (来, 几, 多,
余, 左右) are read as a single best value (二十几 → 25, 五十来 → 50, 三个多月 → 3),
and money is converted to the unit of the field that was asked (元 or 万元).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import cn2an

from actions.policy.normalize import normalize

_MULTIPLIERS = {"千": 1_000, "k": 1_000, "万": 10_000, "w": 10_000, "亿": 100_000_000}
# "六七十" / "三四个": two neighbouring digits before a magnitude → their middle.
_RANGE = re.compile(r"([一二两三四五六七八九])([一二两三四五六七八九])(十|百|千|万)?")
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = re.compile(
    r"(?P<sign>-|负|减)?\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<approx1>几|来|多|余)?\s*(?P<mult>千|万|亿|k|w)?"
    r"\s*(?P<approx2>几|来|多|余)?"
)
# "几十" / "十几": a magnitude with no digit.
_FEW_TENS = re.compile(r"几十")


@dataclass(frozen=True)
class Quantity:
    """A number found in text, with what the text said about its unit."""

    value: float
    approximate: bool = False
    money_unit: str | None = None  # "元" or "万元" when the text says so
    suffix: str = ""  # the characters right after the number ("个月", "人", …)

    def in_unit(self, unit: str) -> float:
        """The value converted to a field's unit (元 / 万元); other units unchanged."""
        if unit == "万元" and self.money_unit == "元":
            return self.value / 10_000
        if unit == "元" and self.money_unit == "万元":
            return self.value * 10_000
        return self.value


def _expand_ranges(text: str) -> str:
    def middle(match: re.Match[str]) -> str:
        low, high = _DIGITS[match.group(1)], _DIGITS[match.group(2)]
        if high != low + 1:
            return match.group(0)
        scale = {"十": 10, "百": 100, "千": 1000, "万": 10_000, None: 1}[match.group(3)]
        return str((low + high) / 2 * scale).removesuffix(".0")

    return _RANGE.sub(middle, text)


def to_arabic(text: str) -> str:
    """Normalised text with Chinese numerals turned into digits ("两万" → "20000")."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", normalize(text))
    text = _FEW_TENS.sub("50", text)
    text = _expand_ranges(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cn2an.transform(text, "cn2an")


def _approximate_value(value: float, approx: str | None) -> float:
    """二十几 → 25, 十几 → 15; 来/多/余 keep the round number (the lower bound)."""
    if approx != "几":
        return value
    if value >= 10 and value % 10 == 0:
        magnitude = 10 ** (len(str(int(value))) - 1)
        return value + magnitude / 2
    return value


def find_quantities(text: str) -> list[Quantity]:
    """Every number in the text, in order, with multipliers applied.

    cn2an expands "一百二十万" to "1200000"; a large number from text that said 万/亿
    is therefore a sum of money in 元.
    """
    said_big_unit = "万" in text or "亿" in text
    arabic = to_arabic(text)
    found: list[Quantity] = []
    for match in _NUMBER.finditer(arabic):
        value = float(match.group("value"))
        approx = match.group("approx1") or match.group("approx2")
        mult = match.group("mult")
        value = _approximate_value(value, match.group("approx1"))
        money_unit = None
        tail = arabic[match.end() : match.end() + 2]
        if mult:
            value *= _MULTIPLIERS[mult]
            money_unit = "元"
        elif tail.startswith(("元", "块")) or (said_big_unit and value >= 10_000):
            money_unit = "元"
        if match.group("approx2") == "几" and mult:
            value += _MULTIPLIERS[mult] / 2
        if match.group("sign"):
            value = -value
        suffix = arabic[match.end() : match.end() + 3].lstrip("来几多余左右")
        found.append(Quantity(value, bool(approx), money_unit, suffix))
    return found


def first_quantity(text: str) -> Quantity | None:
    quantities = find_quantities(text)
    return quantities[0] if quantities else None
