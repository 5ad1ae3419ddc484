"""Turn a policy text into sections: the preamble/closing and numbered measures.

Government SME-support notices share one shape: a preamble, measures numbered
（一）（二）…, each ending with （责任单位：…）, optional part headings such as
"二、加大财政金融支持" between them, and a closing paragraph saying whom the
measures support and how long they run. Section 0 holds preamble + closing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cn2an

_MARKER = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[）)]")
_UNITS = re.compile(r"[（(]\s*责任单位\s*[:：]\s*([^）)]*)[）)]")
_PART_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、\s*(\S.*)$")
_UNIT_SEPARATORS = re.compile(r"[、，,；;]")
_SENTENCE_END = re.compile(r"[。！？]")
_SPACES = re.compile(r"[\s\u3000]+")


class PolicyParseError(ValueError):
    """The text does not have the structure of a numbered-measures policy."""


@dataclass(frozen=True)
class Section:
    """One addressable part of a policy: a measure, or section 0."""

    number: int
    title: str
    body: str
    units: list[str] = field(default_factory=list)
    part: str | None = None

    @property
    def text(self) -> str:
        """Title and body as one passage, the way the policy prints them."""
        return f"{self.title}。{self.body}" if self.number and self.title else self.body


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _ordinal(chinese: str) -> int | None:
    try:
        value = cn2an.cn2an(chinese, "strict")
    except ValueError:
        return None
    return int(value) if 1 <= value <= 99 else None


def split_units(units_text: str) -> list[str]:
    """'甲局、乙局' → ['甲局', '乙局'] (the units of one clause)."""
    return [u.strip() for u in _UNIT_SEPARATORS.split(units_text) if u.strip()]


def _find_markers(text: str) -> list[tuple[int, int, int]]:
    """(number, start, end) of the measure markers （一）（二）… in sequence.

    Only a marker carrying the next expected number counts, so parentheses
    inside a measure ("（创业）", a quoted "（一）" of another document) are
    left in the body.
    """
    markers: list[tuple[int, int, int]] = []
    for match in _MARKER.finditer(text):
        number = _ordinal(match.group(1))
        if number == len(markers) + 1:
            markers.append((number, match.start(), match.end()))
    return markers


def _split_measure(number: int, chunk: str) -> tuple[Section, str]:
    """A measure's text up to the next marker → (section, text after its units)."""
    units_match = _UNITS.search(chunk)
    if units_match is None:
        raise PolicyParseError(f"第（{cn2an.an2cn(number)}）条没有“（责任单位：…）”，无法确定其结束位置")
    content = _clean(chunk[: units_match.start()])
    trailing = _clean(chunk[units_match.end() :])
    sentence_end = _SENTENCE_END.search(content)
    if sentence_end is None:
        title, body = content, ""
    else:
        title, body = content[: sentence_end.start()], content[sentence_end.end() :].strip()
    if not title:
        raise PolicyParseError(f"第（{cn2an.an2cn(number)}）条没有标题")
    section = Section(number=number, title=title, body=body, units=split_units(units_match.group(1)))
    return section, trailing


def parse_policy(text: str) -> list[Section]:
    """Sections 0..N of a numbered-measures policy; raises PolicyParseError."""
    if not text or not text.strip():
        raise PolicyParseError("政策文本为空")
    markers = _find_markers(text)
    if not markers:
        raise PolicyParseError("没有找到编号条款“（一）（二）…”，无法按条款拆分")
    if len(markers) < 2:
        raise PolicyParseError("只找到一条编号条款“（一）”，不像是分条列举的政策措施")

    preamble = _clean(text[: markers[0][1]])
    part = None
    heading = _PART_HEADING.search(preamble.rsplit(" ", 1)[-1]) if preamble else None
    if heading:
        part = heading.group(1)
        preamble = _clean(preamble[: preamble.rfind(heading.group(0))])

    sections: list[Section] = []
    closing = ""
    bounds = [m[1] for m in markers[1:]] + [len(text)]
    for (number, _start, end), stop in zip(markers, bounds, strict=True):
        section, trailing = _split_measure(number, text[end:stop])
        sections.append(Section(section.number, section.title, section.body, section.units, part))
        heading = _PART_HEADING.match(trailing) if trailing else None
        if number == markers[-1][0]:
            closing = trailing
        elif heading:
            part = heading.group(1)
        elif trailing:
            raise PolicyParseError(f"第（{cn2an.an2cn(number)}）条的责任单位之后还有无法归属的文字：{trailing[:30]}…")
    overview = Section(number=0, title="总则与适用范围", body=_clean(f"{preamble} {closing}"))
    return [overview, *sections]
