"""Which measures a request for details names ("7", "7和9", "第N条"; "详细" names none = all)."""

from __future__ import annotations

import re

from actions.conversation.numbers import to_arabic

_NUMBER = re.compile(r"(?<![\d.])(\d{1,2})(?![\d.])")
_FILLER = re.compile(r"[第条项个和与及、,，.。\s]|看看|看下|看一下|详细|详情|具体|说说|展开|一下|讲讲|内容")


def requested_measures(text: str, known: set[int]) -> list[int]:
    """The measure numbers a short request names, in order; [] when it names none."""
    arabic = to_arabic(text or "")
    numbers = [int(n) for n in _NUMBER.findall(arabic)]
    return [n for n in dict.fromkeys(numbers) if n in known]


def is_bare_measure_request(text: str, known: set[int]) -> bool:
    """ "7" / "第N条" / "7和9" after a result: nothing but measure numbers and filler words."""
    arabic = to_arabic(text or "")
    return bool(requested_measures(text, known)) and not _FILLER.sub("", _NUMBER.sub("", arabic))
