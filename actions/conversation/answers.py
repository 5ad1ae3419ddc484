"""Understanding an answer to one question of the enterprise check.

Pure functions over the field definitions of the eligibility engine (type,
bounds, choices) and the everyday wording in vocabulary.yml. An answer is
`ok` (canonical values for one or more fields), `skip` ("不知道/跳过") or
`invalid` with a Chinese explanation the bot can say before asking again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from actions.conversation.lexicon import Lexicon, lexicon
from actions.conversation.numbers import Quantity, find_quantities, to_arabic
from actions.eligibility import FieldDef
from actions.eligibility.fields import format_number
from actions.eligibility.industries import ChoiceError, resolve_choice
from actions.policy.normalize import normalize

_PUNCTUATION = re.compile(r"[\s,.!?;:、。，！？；：~…\"'“”‘’（）()【】]+")
_NEGATION = re.compile(r"[不没无未非否]")
_CHOICE_NUMBER = re.compile(r"(?<![\d.])([1-9])(?![\d.])")
_CHOICE_FILLER = re.compile(r"[第个项条选号和与及跟还有是都也,、.\s]|以及|选择|我们|我")


@dataclass(frozen=True)
class Parsed:
    """The outcome of reading one answer."""

    status: str  # "ok" | "skip" | "invalid"
    values: dict[str, Any] = field(default_factory=dict)
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def invalid(problem: str) -> Parsed:
    return Parsed("invalid", problem=problem)


def clean(text: str) -> str:
    """Normalised answer without punctuation or spaces."""
    return _PUNCTUATION.sub("", normalize(text or ""))


def _starts_or_is(text: str, phrases: tuple[str, ...]) -> bool:
    return any(text == p or text.startswith(p) for p in phrases)


def is_skip(text: str, lex: Lexicon | None = None) -> bool:
    """ "不知道", "跳过", "不清楚啊" …: the person cannot or will not answer."""
    lex = lex or lexicon()
    words = clean(text)
    return bool(words) and any(p in words for p in lex.skip) and len(words) <= 12


def _longest_hit(text: str, groups: dict[str, tuple[str, ...]], start_bonus: bool = False) -> str | None:
    """The group whose phrase is the longest found in `text`; ties go to the earlier group.

    With `start_bonus` a phrase opening the answer counts double ("是的，…", "没有，…").
    """
    best: tuple[int, str] | None = None
    for name, phrases in groups.items():
        for phrase in phrases:
            if phrase and phrase in text:
                score = len(phrase) * (2 if start_bonus and text.startswith(phrase) else 1)
                if best is None or score > best[0]:
                    best = (score, name)
    return best[1] if best else None


def parse_bool(definition: FieldDef, text: str, lex: Lexicon | None = None, strict: bool = False) -> Parsed:
    """是的/对/有 → True, 没有/不是 → False, "还不上" → True; inverted questions handled.

    Without a yes/no phrase, a statement about the question ("停工一个月") reads as yes unless
    it is negated; `strict` (for messages that may not be answers at all) wants it to share
    at least two word pairs with the question or its example.
    """
    lex = lex or lexicon()
    words = clean(text)
    if not words:
        return invalid("没有收到回答")
    inverted = definition.name in lex.inverted
    if inverted and any(p in words for p in lex.field_true.get(definition.name, ())):
        return Parsed("ok", {definition.name: True})
    echoed = _echoed_example(definition, words, lex)
    if echoed is not None:
        return Parsed("ok", {definition.name: (not echoed) if inverted else echoed})
    hit = _longest_hit(
        words,
        {"yes": lex.yes, "no": lex.no, "difficulty": lex.difficulty_yes, "unclear": lex.unclear},
        start_bonus=True,
    )
    if hit == "unclear":
        return invalid("这个回答我没法判断是“是”还是“否”")
    if hit is None:
        answer = _statement_answer(definition, words, lex, min_shared=2 if strict else 1)
        if answer is None:
            return invalid("没听明白，请回答“是”或“否”")
    else:
        answer = hit in ("yes", "difficulty")
    return Parsed("ok", {definition.name: (not answer) if inverted else answer})


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


# Word pairs that name no topic: "上个月接了一笔订单" is not about "停工一个月".
_GENERIC_BIGRAMS = {
    "单位",
    "贵单",
    "是否",
    "比如",
    "是的",
    "有没",
    "没有",
    "我们",
    "疫情",
    "个月",
    "一个",
    "几个",
    "多少",
}


def _statement_answer(definition: FieldDef, words: str, lex: Lexicon, min_shared: int = 1) -> bool | None:
    """A statement without yes/no words ("停工一个月", "缺工人") answers yes when it is about the
    question (shares words with its label, question or example); the example decides its polarity
    when the statement echoes it ("工程款还没结" ~ "有，工程款还没结"). None when unrelated."""
    topic = _bigrams(clean(definition.label + definition.question)) | _bigrams(_example(definition))
    if len((_bigrams(words) & topic) - _GENERIC_BIGRAMS) < min_shared:
        return None
    return not _NEGATION.search(words)


def mentions_topic(definition: FieldDef, text: str) -> bool:
    """The text shares a word pair with the question, label or example of the field (not a generic one)."""
    topic = _bigrams(clean(definition.label + definition.question)) | _bigrams(_example(definition))
    return bool((_bigrams(clean(text)) & topic) - _GENERIC_BIGRAMS)


def _example(definition: FieldDef) -> str:
    return clean(definition.example.removeprefix("比如："))


def _echoed_example(definition: FieldDef, words: str, lex: Lexicon) -> bool | None:
    """An answer that repeats part of the field's example ("工程款还没结" in "有，工程款还没结")
    takes the example's yes/no, even when its own words contain a negation."""
    example = _example(definition)
    if len(words) < 3 or words not in example:
        return None
    polarity = _longest_hit(example, {"yes": lex.yes, "no": lex.no, "difficulty": lex.difficulty_yes}, start_bonus=True)
    return None if polarity is None else polarity in ("yes", "difficulty")


def _bounds_problem(definition: FieldDef, value: float) -> str:
    unit = definition.unit
    if definition.minimum is not None and value < definition.minimum:
        return (
            f"{definition.label}不能小于{format_number(definition.minimum)}{unit}，您说的是{format_number(value)}{unit}"
        )
    if definition.maximum is not None and value > definition.maximum:
        return (
            f"{definition.label}不太可能超过{format_number(definition.maximum)}{unit}，"
            f"您说的是{format_number(value)}{unit}，请再确认一下"
        )
    return ""


# What the words after a number say it counts; money is one family (元 and 万元 convert).
_UNIT_MARKERS = {
    "人": (
        "人",
        "名",
        "个人",
        "位",
        "号人",
        "口人",
        "个员工",
        "名员工",
        "个工人",
        "名工人",
        "个职工",
        "名职工",
        "个伙计",
    ),
    "个月": ("个月", "月"),
    "money": ("元", "块", "万"),
}
_UNIT_WORDS = {"人": "人数", "个月": "月数", "money": "金额"}
_APPROX_CHARS = re.compile(r"[来几多余左右]")
_PER_PERIOD = re.compile(r"[一每]个?(月|年)")  # "一个月" / "一年" are rewritten to 每月 / 每年 first
_PERIOD_WORDS = {"月": re.compile(r"每月|月租|月均"), "年": re.compile(r"每年|年租|全年|年营收|年收入")}


def _stated_period(text: str) -> str | None:
    """The one period an amount was given per ("每月八千" → 月); None if none or both."""
    stated = [period for period, words in _PERIOD_WORDS.items() if words.search(text)]
    return stated[0] if len(stated) == 1 else None


def _unit_family(unit: str) -> str:
    return "money" if unit in ("元", "万元") else unit


def said_unit(quantity: Quantity) -> str | None:
    """The unit family the text gave this number ("三个多月" → 个月), if it gave one."""
    if quantity.money_unit:
        return "money"
    suffix = _APPROX_CHARS.sub("", quantity.suffix)
    return next((family for family, markers in _UNIT_MARKERS.items() if suffix.startswith(markers)), None)


def best_quantity(quantities: list[Quantity], unit: str) -> Quantity | None:
    """The number that goes with the field's unit ("一个月两万块" for 元 → 两万)."""
    if not quantities:
        return None
    wanted = _unit_family(unit)
    matching = [q for q in quantities if said_unit(q) == wanted]
    if matching:
        return matching[0]
    return quantities[-1] if wanted == "money" else quantities[0]


def number_value(definition: FieldDef, quantity: Quantity | None, context: str) -> Parsed:
    """A number read for one field: its unit and period checked against the field, bounds checked.

    `context` is the text around the number (the period words "每月", "一年" live there).
    """
    if quantity is not None and _unit_family(definition.unit) == "money":
        # "一年十万" to the monthly-rent question: the period is the field's or it is re-asked.
        stated = _stated_period(_PER_PERIOD.sub(lambda match: "每" + match.group(1), context))
        if definition.period == "月" and stated == "年":
            # "一年房租六万" to the monthly rent: the same money, a twelfth each month (arithmetic, no guess).
            return bounded(definition, quantity.in_unit(definition.unit) / 12)
        if definition.period and stated and stated != definition.period:
            return invalid(f"这里问的是{definition.label}（按{definition.period}算），您说的像是每{stated}的金额")
    given = said_unit(quantity) if quantity else None
    if given and definition.unit and given != _unit_family(definition.unit):
        # "三个多月" to "how many employees": a number, but not the one asked for.
        return invalid(f"这里问的是{definition.label}（单位：{definition.unit}），您说的像是{_UNIT_WORDS[given]}")
    if quantity is None:
        return invalid(f"没听出具体的数字（单位：{definition.unit}）" if definition.unit else "没听出具体的数字")
    return bounded(definition, quantity.in_unit(definition.unit))


def bounded(definition: FieldDef, value: float) -> Parsed:
    """The value as the field's type, or a problem when it is outside the field's bounds."""
    problem = _bounds_problem(definition, value)
    if problem:
        return invalid(problem)
    if definition.type == "int":
        return Parsed("ok", {definition.name: int(round(value))})
    return Parsed("ok", {definition.name: round(value, 4)})


def parse_number(definition: FieldDef, text: str, lex: Lexicon | None = None) -> Parsed:
    """ "五十来个人" → 50, "三个多月" → 3, "一百二十万" → 120 (万元), "没有" → 0; bounds checked."""
    lex = lex or lexicon()
    words = clean(text)
    if definition.unit == "个月":
        for phrase, months in sorted(lex.month_words.items(), key=lambda kv: -len(kv[0])):
            if phrase in words:
                return bounded(definition, float(months))
    counted = text
    if _unit_family(definition.unit) == "money":
        # "八千一个月" is 8000 per month, not 8100 months: keep the period out of the number.
        counted = _PER_PERIOD.sub(lambda match: "每" + match.group(1), text)
    quantity = best_quantity(find_quantities(counted), definition.unit)
    if quantity is None and _starts_or_is(words, lex.zero):
        return bounded(definition, 0.0)
    return number_value(definition, quantity, text)


def parse_enum(definition: FieldDef, text: str, lex: Lexicon | None = None) -> Parsed:
    """Everyday phrases ("租的国企的门面" → state_owned) first, then the field's choices and synonyms."""
    lex = lex or lexicon()
    words = clean(text)
    phrases = lex.enum_phrases.get(definition.name)
    if phrases:
        hit = _longest_hit(words, phrases)
        if hit:
            return Parsed("ok", {definition.name: hit})
    try:
        return Parsed("ok", {definition.name: resolve_choice(definition, text)})
    except ChoiceError as error:
        if definition.synonyms and "歧义" in str(error):
            return invalid(f"“{text}”可能属于不止一个行业，请说得具体一点")
        options = "、".join(definition.choices.values()) if len(definition.choices) <= 6 else ""
        return invalid(f"没能确定是哪一种{('（可选：' + options + '）') if options else ''}")


def parse_field(definition: FieldDef, text: str, lex: Lexicon | None = None, strict: bool = False) -> Parsed:
    """One field's answer; "不知道/跳过" is a skip for every type."""
    lex = lex or lexicon()
    if is_skip(text, lex):
        return Parsed("skip")
    if definition.type == "bool":
        return parse_bool(definition, text, lex, strict)
    if definition.type in ("int", "number"):
        return parse_number(definition, text, lex)
    return parse_enum(definition, text, lex)


def parse_choices(definitions: list[FieldDef], text: str, lex: Lexicon | None = None) -> Parsed:
    """The multi-choice question: numbers ("1和3"), keywords ("生产口罩") or "都不是".

    Chosen items become True and the others False (that is what a multi-choice answer says).
    """
    lex = lex or lexicon()
    if is_skip(text, lex):
        return Parsed("skip")
    words = clean(text)
    chosen: set[str] = set()
    names = [d.name for d in definitions]
    arabic = to_arabic(text)
    if len(_CHOICE_FILLER.sub("", _CHOICE_NUMBER.sub("", arabic))) <= 2:
        for number in _CHOICE_NUMBER.findall(arabic):
            if 1 <= int(number) <= len(names):
                chosen.add(names[int(number) - 1])
    for name in names:
        if any(keyword in words for keyword in lex.group_keywords.get(name, ())):
            chosen.add(name)
    if chosen:
        return Parsed("ok", {name: name in chosen for name in names})
    if _starts_or_is(words, lex.group_none) or _starts_or_is(words, lex.no):
        return Parsed("ok", {name: False for name in names})
    if _longest_hit(words, {"yes": lex.yes}):
        return invalid("请告诉我是哪一项（回复序号即可）")
    return invalid("没能对上其中任何一项")


def parse_answer(definitions: list[FieldDef], text: str, strict: bool = False) -> Parsed:
    """The answer to a question about one field or (multi-choice) several."""
    if len(definitions) == 1:
        return parse_field(definitions[0], text, strict=strict)
    return parse_choices(definitions, text)
