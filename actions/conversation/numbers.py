"""Numbers the way people type them: a value plus the range the words allow.

People rarely give an exact figure: "大概十五六个人", "员工一百出头", "营收一个多亿",
"不到50人". A single guess would silently decide a threshold the user never stated,
so every number carries inclusive bounds ``low``/``high`` next to its best ``value``;
a caller that finds the range straddling a deciding bound asks for the exact figure.

Conventions (X is the figure said; m the place of its last non-zero digit: 一百 → 100,
二十 → 10, 1.2亿 → 1000万; money is in 元, so 万/亿 are already multiplied out):

form (examples)                                   low – high                       value
- exact (50, 三万五, 1.2个亿, 一个半月)              X – X                            X
- neighbouring digits (十五六, 二三十, 两三千万, 三五个)  15–16, 20–30, 2000万–3000万, 3–5   midpoint
- 到/至/-/~ (50-60人, 20到30万, 三到五)             50–60, 20万–30万, 3–5              midpoint
- 几/数 as a digit 1–9 (四十几, 十几, 三万几)          41–49, 11–19, 31000–39000          digit 5
- 几/数 leading a magnitude, 2–9 (几十, 几百万)        20–90, 200万–900万                 digit 5
- 大几 / 小几 (大几十, 小几百)                          60–90 / 20–40 of the magnitude      digit 7 / 3
- 大几 / 好几 after a magnitude (二十大几, 三十好几)      25–29 / 33–39                       digit 7 / 6
- 多/余 after a number (一百多, 二十多万, 一个多亿)      X+1 – X+m-1: 101–199, 1亿+1–2亿-1  middle
- 多 after a classifier (三个多月, 两年多, 三块多)       3–4, 2–3, 3–4 (a fraction of a unit)  X
- 来/把 (五十来, 百来个, 五百来万)                     ±10 %: 45–55, 90–110, 450万–550万   X
- hedges 左右 上下 大概 大约 约 … (五十左右, 大约五十)     ±10 % if X is exact: 45–55          X
- 出头 (一百出头, 三十出头)                           X – 1.1X: 100–110, 30–33           X + a quarter
- strict below 不到 不足 少于 没有 < (不到50, 50人不到)   0 – X-1: 0–49                     ⌊0.9X⌋: 45
- at most 以下 以内 最多 不超过 ≤ (50以下, 最多50)        0 – X: 0–50                       ⌊0.9X⌋: 45
- nearly 将近 接近 快到 快 小… 近… (将近50, 小一百, 近百)     0.9X – X-1: 45–49, 90–99          0.95X: 47.5
- strict above 超过 多于 不止 过… > (超过100, 过亿)      X – inf (X+1 – inf for heads)     1.1X: 110
- at least 以上 至少 上… + ≥ (100以上, 上百人, 50+)      X – inf                           1.1X: 110

Why these bounds:

* 以上/以下/以内 include the figure and 不满/超过 exclude it, as 民法典 第一千二百五十九条 reads them.
* An excluded upper bound moves down one whole unit (不到50 → 49, 一百多 → 199, 一个多亿 →
  199999999 元): exact for heads and 元; for amounts that can be fractional (months) it is
  the whole-unit floor ("不到3个月" → 0–2, "将近3个月" → 2–2), which decides every
  whole-number ``>=`` threshold (all the policy's) exactly as the strict words would.
  多 after a classifier keeps its upper end instead (三个多月 → 3–4: the callers' reading).
* An excluded lower bound stays at X (超过两个月 → 2 – inf): 2.5 months is possible and must
  not pass a ">= 3 months" test. Heads are whole, so 超过100人 → 101 – inf.
* A hedge (大概, 左右) on a number that already states a range (大概十五六个) keeps that range.
* One-sided ranges run from 0 or up to ``math.inf``; the value sits 10 % inside the bound.

Other readings: full-width digits and traditional characters via ``normalize``; thousands
commas (1,200); 3万5 / 一万二 / 两千五 are 35000 / 12000 / 2500; "八千一个月" is 8000 (a
period word 一个月/一年 after a round number is not its trailing digit); 负/减/- make it
negative; 二〇二〇 is 2020; 百分之五十 is 50 with suffix "%". A lone digit inside a word
(一起, 统一, 万一, 十分, 周一) is not a number, nor is a bare 几 ("几个人" is a question).

Money: a number written with 万/亿/w/k, or followed by 元/块, is a sum in 元 (``money_unit``
"元") unless a count word follows (1万人, 2万个); ``in_unit``/``range_in_unit`` convert to
the field's unit (元 or 万元).
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from fractions import Fraction

import cn2an

from actions.policy.normalize import normalize

# ---------------------------------------------------------------------------------------------
# The public result


@dataclass(frozen=True)
class Quantity:
    """A number found in text, with the range its words allow and what they said of its unit."""

    value: float
    approximate: bool = False
    money_unit: str | None = None  # "元" when the text says it is money
    suffix: str = ""  # up to 3 characters after the number, its own approximation words removed
    low: float = math.nan  # inclusive bounds; default: the value itself (an exact number)
    high: float = math.nan
    text: str = ""  # the words read, normalised ("大概十五六", "一百出头"), for asking back

    def __post_init__(self) -> None:
        if math.isnan(self.low):
            object.__setattr__(self, "low", self.value)
        if math.isnan(self.high):
            object.__setattr__(self, "high", self.value)
        if not self.low <= self.value <= self.high:
            raise ValueError(f"value {self.value} outside [{self.low}, {self.high}]")

    def in_unit(self, unit: str) -> float:
        """The value converted to a field's unit (元 / 万元); other units unchanged."""
        return self._convert(self.value, unit)

    def range_in_unit(self, unit: str) -> tuple[float, float]:
        """(low, high) converted like ``in_unit`` (an open end stays ``math.inf``)."""
        return self._convert(self.low, unit), self._convert(self.high, unit)

    def _convert(self, amount: float, unit: str) -> float:
        if unit == "万元" and self.money_unit == "元":
            return amount / 10_000
        if unit == "元" and self.money_unit == "万元":
            return amount * 10_000
        return amount


# ---------------------------------------------------------------------------------------------
# Characters and words

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}  # fmt: skip
_SMALL = {"十": 10, "百": 100, "千": 1000, "拾": 10, "佰": 100, "仟": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_LATIN = {"k": 1000, "w": 10_000}
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
# After a round number, "一个月" / "一年" is the period of an amount, not its trailing digit.
_PERIOD_AFTER = re.compile(r"个?(月|年|天|日|周|星期|季度|小时)")
_PAIRS = {(a, a + 1) for a in range(1, 9)} | {(3, 5)}  # 十五六, 两三, 三五个
_YI_WITH_GE = re.compile(r"个(多|余|来)?(半)?亿")  # 两个亿, 一个多亿, 一个半亿, 1.2个亿, 五个来亿
# 一点二亿; 三点八到四点二个亿 (the unit after the range's second figure)
_CN_DECIMAL = re.compile(r"点([零〇一二三四五六七八九]+)(?=个?[万亿千百]|[到至~-])")
_CONNECTOR = re.compile(r"(到|至|~|-|—|–|〜)")

# A lone digit that is part of a word is no number ("一起", "统一", "十分", "周一").
_STOP_AFTER = (
    "一起", "一些", "一下", "一直", "一定", "一般", "一样", "一共", "一旦", "一致", "一切", "一边", "一律",
    "一并", "一向", "一同", "一再", "一度", "一会", "一开始", "一来", "一是", "一方面", "一点", "一体", "一流",
    "一时", "一手", "一番", "一概", "一贯", "一路", "一心", "一面", "一阵", "一口气", "一揽子", "一线", "一站式",
    "一对一", "一刀切", "一把手", "一一", "两者", "两会", "三农", "五金", "十分", "十足", "四处",
    "零部件", "零件", "零售", "零食", "零工", "零星", "零散", "零钱", "零活", "零用", "零配件", "一例", "一无",
    "五险", "三险", "四险", "一金",
)  # fmt: skip
_STOP_BEFORE = ("统", "唯", "万", "之", "不", "同", "单", "划", "初", "周", "星期", "礼拜", "专", "逐")

# What a number said before it; the group decides how the range is read.
_ABOUT, _BELOW, _AT_MOST, _ABOVE, _AT_LEAST, _NEARLY, _JUST_OVER, _MORE = (
    "about", "below", "at_most", "above", "at_least", "nearly", "just_over", "more",
)  # fmt: skip
_PRE_WORDS = {
    _ABOUT: ("大概", "大约", "大致", "约莫", "约摸", "差不多", "估计", "估摸", "约"),
    _BELOW: ("不到", "不足", "不满", "少于", "低于", "小于", "未满", "未到", "没到", "没有", "不够"),
    _AT_MOST: ("不超过", "不多于", "不高于", "不大于", "最多", "至多", "顶多"),
    _ABOVE: ("超过", "多于", "高于", "大于", "超出", "不止", "逾", "超"),
    _AT_LEAST: ("至少", "起码", "最少", "最低", "不少于", "不低于", "不下", "少说"),
    _NEARLY: ("将近", "接近", "快要", "快到", "近乎", "几乎", "快", "小"),
}
_PRE_GROUP = {word: group for group, words in _PRE_WORDS.items() for word in words}
_PRE_GROUP.update({">=": _AT_LEAST, "≥": _AT_LEAST, "<=": _AT_MOST, "≤": _AT_MOST, ">": _ABOVE, "<": _BELOW})
# Single characters that qualify a bare magnitude only: 上百人, 近百人, 过亿, 破千万 ("近三个月" is a period).
_BARE_PRE = {"上": _AT_LEAST, "近": _NEARLY, "过": _ABOVE, "破": _ABOVE}
# "约" in 预约/签约/合约 is no hedge; a filler (有/是/在 …) may sit between the word and the number.
_PRE = re.compile(
    r"(?P<word>"
    + "|".join(re.escape(w) for w in sorted((w for w in _PRE_GROUP if w != "约"), key=len, reverse=True))
    + r"|(?<![预签合邀相节制公条契])约)(?:有|是|在|为|就|才)?$"
)
_POST_WORDS = {
    "出头": _JUST_OVER, "挂零": _JUST_OVER, "左右": _ABOUT, "上下": _ABOUT, "以上": _AT_LEAST, "之上": _AT_LEAST,
    "以下": _AT_MOST, "之下": _AT_MOST, "以内": _AT_MOST, "之内": _AT_MOST,
    "不到": _BELOW, "不足": _BELOW, "不满": _BELOW, "开外": _ABOVE, "不止": _ABOVE, "+": _AT_LEAST,
}  # fmt: skip
_POST = re.compile("|".join(re.escape(word) for word in _POST_WORDS))
# Unit words a qualifier may follow ("五十人左右", "三年多"); the second set takes 多/余 as a fraction.
_UNIT = re.compile(r"个人|个月|个小时|号人|个|人|名|位|家|户|岁|年|天|周|小时|月|元|块钱|块")
_FRACTION_UNITS = ("个月", "个小时", "岁", "年", "天", "周", "小时", "月", "元", "块钱", "块")
_MONEY_AFTER = ("元", "块", "rmb", "人民币")
_COUNT_AFTER = (
    "人", "名", "位", "个", "号", "家", "户", "岁", "年", "天", "日", "周", "月", "小时", "次", "倍", "%",
    "平", "亩", "吨", "件", "台", "辆", "套", "间", "米", "公里", "斤", "张", "份", "字", "条", "箱", "头", "只",
)  # fmt: skip
_HEADS = ("人", "名", "位", "个人", "号人", "家", "户", "员工", "个员工", "个企业")
_NOT_HEADS = ("个月", "个小时", "个星期", "个季度", "个工作日")


# ---------------------------------------------------------------------------------------------
# Reading the numeral itself


@dataclass
class _Digit:
    """One digit, a digit-sized range (五六, 几) or an Arabic number, exact as Fractions."""

    low: Fraction
    mid: Fraction
    high: Fraction
    single: bool  # one digit, so "三万五" may abbreviate it (五 → 5000)
    arabic: bool = False


@dataclass(frozen=True)
class _Mag:
    """A magnitude: 十 百 千 万 亿, k, w."""

    value: int


_ZERO = "zero"  # 零 inside a numeral ("一千零五"): the digit after it is not abbreviated
_Part = _Digit | _Mag | str


@dataclass
class _Core:
    """A numeral without its qualifiers ("一百", "十五六", "两三千万", "1.2个亿") as a range."""

    start: int
    end: int
    low: Fraction
    mid: Fraction
    high: Fraction
    money_mag: bool = False  # written with 万/亿/w/k: a sum of money unless a count word follows
    trailing_mag: int | None = None  # "三千" ends on a magnitude, so "两到三千" scales 两
    mags: tuple[int, ...] = ()
    inner: str | None = None  # 多/余/来/把 before 万/亿: "二十多万", "一个多亿"
    arabic_text: str = ""  # the digits when written in Arabic ("0437" is no quantity start)


def _digit(value: int | Fraction) -> _Digit:
    v = Fraction(value)
    return _Digit(v, v, v, single=True)


def _bare_magnitude_allowed(s: str, i: int, j: int) -> bool:
    """百/千/万 with no digit: 百来个, 千把块, 百余人, or after 上/近/过/破 (上百人, 过亿)."""
    return bool(re.match(r"[来把多余]", s[j + 1 : j + 2])) or (j == i > 0 and s[i - 1] in _BARE_PRE)


def _several(s: str, j: int) -> bool:
    """数 as 几 (数十人, 数百万) only where it cannot end a word (人数十五人, 次数)."""
    before = s[j - 1 : j]
    return not before or before.isascii() or before in "有了约是达近上好共计和或到至,.;:!?"


def _read_core(s: str, i: int) -> _Core | None:
    """The numeral starting at ``s[i]``, or None if none starts there."""
    parts: list[_Part] = []
    j, n = i, len(s)
    inner: str | None = None
    while j < n:
        c = s[j]
        prev = parts[-1] if parts else None
        prev_mag = prev.value if isinstance(prev, _Mag) else None
        if inner is not None and c not in _BIG:
            break  # after "二十多" only 万/亿 may follow
        if c.isascii() and c.isdigit():
            if isinstance(prev, _Digit):
                break
            arabic = _ARABIC.match(s, j)
            assert arabic is not None  # c is a digit
            digits = arabic.group()
            value = Fraction(digits)
            parts.append(_Digit(value, value, value, single=len(digits) == 1, arabic=True))
            j += len(digits)
        elif c in _CN_DIGITS:
            if isinstance(prev, _Digit):
                break
            if c in "零〇" and prev_mag:
                parts.append(_ZERO)
                j += 1
                continue
            run_end = j
            while run_end < n and s[run_end] in _CN_DIGITS:
                run_end += 1
            run = s[j:run_end]
            pair = (_CN_DIGITS[run[0]], _CN_DIGITS[run[-1]]) if len(run) == 2 else None
            if not parts and (len(run) >= 3 or (len(run) == 2 and ("零" in run or "〇" in run))):
                value = Fraction(int("".join(str(_CN_DIGITS[ch]) for ch in run)))  # 二〇二〇: digit by digit
                return _Core(i, run_end, value, value, value)
            if pair in _PAIRS and not (prev_mag == 10 and pair == (3, 5)):  # 十三五 is the plan, not 13–15
                a, b = pair
                parts.append(_Digit(Fraction(a), Fraction(a + b, 2), Fraction(b), single=True))
                j += 2
                continue
            if prev_mag and prev_mag >= 100 and _PERIOD_AFTER.match(s, j + 1):
                break  # "八千一个月": the 一 starts the period
            parts.append(_digit(_CN_DIGITS[c]))
            j += 1
        elif c in "大好" and prev_mag and s[j + 1 : j + 2] == "几" and not isinstance(prev, _Digit):
            # "二十大几": 25–29; "三十好几": 33–39.
            low = 5 if c == "大" else 3
            parts.append(_Digit(Fraction(low), Fraction(7 if c == "大" else 6), Fraction(9), single=True))
            j += 2
        elif c == "几" or (c == "数" and not parts and _several(s, j)):
            if isinstance(prev, _Digit):
                break
            nxt = s[j + 1 : j + 2]
            if prev_mag:
                parts.append(_Digit(Fraction(1), Fraction(5), Fraction(9), single=True))  # 十几: 11–19
            elif nxt and (nxt in _SMALL or nxt in _BIG or s.startswith("个亿", j + 1)):
                size = s[j - 1 : j] if not parts else ""
                if size == "大":
                    parts.append(_Digit(Fraction(6), Fraction(7), Fraction(9), single=True))  # 大几十: 60–90
                elif size == "小":
                    parts.append(_Digit(Fraction(2), Fraction(3), Fraction(4), single=True))  # 小几十: 20–40
                else:
                    parts.append(_Digit(Fraction(2), Fraction(5), Fraction(9), single=True))  # 几十: 20–90
            else:
                break  # a bare 几 is a question ("几个人")
            j += 1
        elif c in _SMALL:
            mag = _SMALL[c]
            if prev_mag or (not parts and mag != 10 and not _bare_magnitude_allowed(s, i, j)):
                break  # "百十" is no numeral; a bare 百/千 only in 百来个, 千把块, 上百人
            if isinstance(prev, _Digit) and prev.arabic and not prev.single and mag == 10:
                break  # "120十" is no numeral
            parts.append(_Mag(mag))
            j += 1
        elif c == "万" and prev_mag == 10_000 and inner is not None and isinstance(prev, _Mag):
            parts[-1] = _Mag(_BIG["亿"])  # "两万多万": 万 of 万, two hundred million and more
            j += 1
        elif c in _BIG:
            if (prev_mag and prev_mag >= 10_000) or (not parts and not _bare_magnitude_allowed(s, i, j)):
                break  # 万一, 千万 (the adverb) are words
            parts.append(_Mag(_BIG[c]))
            j += 1
        elif c in _LATIN and isinstance(prev, _Digit) and prev.arabic and not s[j + 1 : j + 2].isalpha():
            parts.append(_Mag(_LATIN[c]))  # 5k, 2w (not 5kg)
            j += 1
        elif c == "个" and isinstance(prev, (_Digit, _Mag)) and (match := _YI_WITH_GE.match(s, j)):
            if match.group(2) and isinstance(prev, _Digit):  # 一个半亿
                half = Fraction(1, 2)
                parts[-1] = _Digit(prev.low + half, prev.mid + half, prev.high + half, single=False)
            inner = match.group(1)
            parts.append(_Mag(_BIG["亿"]))
            j = match.end()
        elif c in "多余来把" and parts and s[j + 1 : j + 2] in ("万", "亿") and inner is None:
            inner = c
            j += 1
        elif c in "多余来" and parts and s.startswith("个亿", j + 1) and inner is None:
            inner = c  # "十来个亿", "二十多个亿"
            parts.append(_Mag(_BIG["亿"]))
            j += 3
        elif c == "点" and len(parts) == 1 and isinstance(prev, _Digit) and not prev.arabic and prev.low == prev.high:
            match = _CN_DECIMAL.match(s, j)
            if not match:
                break
            fraction = "".join(str(_CN_DIGITS[ch]) for ch in match.group(1))
            value = prev.low + Fraction(int(fraction), 10 ** len(fraction))
            parts[-1] = _Digit(value, value, value, single=False)
            j = match.end()
        else:
            break
    if not any(isinstance(p, (_Digit, _Mag)) for p in parts):
        return None
    mags = tuple(p.value for p in parts if isinstance(p, _Mag))
    low, mid, high = (_evaluate(parts, k) for k in range(3))
    return _Core(
        i,
        j,
        low,
        mid,
        high,
        money_mag=any(m >= 10_000 for m in mags) or "k" in s[i:j],
        trailing_mag=parts[-1].value if isinstance(parts[-1], _Mag) else None,
        mags=mags,
        inner=inner,
        arabic_text=s[i:j] if s[i].isascii() and s[i].isdigit() else "",
    )


def _evaluate(parts: list[_Part], which: int) -> Fraction:
    """The numeral's value with each digit at its low (0), middle (1) or high (2) reading.

    The value grows with every digit, so the lows give the lowest reading and the highs the
    highest. 亿 multiplies everything before it, 万 its own section; a lone digit after a
    magnitude of 百 or more is abbreviated (三万五 = 35000, 两千五 = 2500, 十五 = 15).
    """
    yi = wan = section = Fraction(0)
    pending: Fraction | None = None
    pending_single = False
    prev_mag: int | None = None
    for part in parts:
        if isinstance(part, _Digit):
            pending, pending_single = (part.low, part.mid, part.high)[which], part.single
        elif part == _ZERO:
            prev_mag = None
        elif isinstance(part, _Mag):
            mag = part.value
            if mag < 10_000:
                section += (pending if pending is not None else 1) * mag
            else:
                amount = section + (pending or 0)
                if amount == 0:
                    amount = Fraction(1)  # 万把块, 过亿
                if mag == 100_000_000:
                    yi, wan = (yi + wan + amount) * mag, Fraction(0)
                else:
                    wan = (wan + amount) * mag
                section = Fraction(0)
            pending, prev_mag = None, mag
    tail = Fraction(0)
    if pending is not None:
        abbreviated = prev_mag is not None and prev_mag >= 100 and pending_single
        tail = pending * prev_mag / 10 if abbreviated and prev_mag else pending
    return yi + wan + section + tail


# ---------------------------------------------------------------------------------------------
# Qualifiers: the range the words state


@dataclass
class _Reading:
    low: Fraction
    mid: Fraction
    high: Fraction | None  # None: open above
    approximate: bool


def _whole(x: Fraction) -> bool:
    return x.denominator == 1 and x >= 1


def _last_place(x: Fraction) -> Fraction:
    """Place of the last non-zero digit: 1200 → 100, 20 → 10, 1.25 → 0.01, 0 → 1."""
    if x == 0:
        return Fraction(1)
    place = Fraction(1)
    while (x / place).denominator != 1:
        place /= 10
    while (x / (place * 10)).denominator == 1:
        place *= 10
    return place


def _floor(x: Fraction) -> Fraction:
    return Fraction(math.floor(x))


def _apply(group: str, r: _Reading, *, place: Fraction | None = None, heads: bool = False) -> _Reading:
    """The range after one qualifier; see the table in the module docstring."""
    exact = r.low == r.high
    top = r.high if r.high is not None else r.low
    if group == _MORE:
        step = place if place is not None else _last_place(r.mid)
        if step < 2:  # 三个多月: a fraction of the unit more; the whole units said are the value
            return _Reading(r.low, r.mid, top + step, True)
        # 二十多 is 21–29: the round number itself is excluded, the value is the middle of the rest.
        low = r.low + 1 if _whole(r.low) else r.low
        high = top + step - 1
        return _Reading(low, (low + high) / 2, high, True)
    if group == _ABOUT:
        if not exact:
            return _Reading(r.low, r.mid, r.high, True)
        low, high = sorted((r.mid * Fraction(9, 10), r.mid * Fraction(11, 10)))
        return _Reading(low, r.mid, high, True)
    if group == _JUST_OVER:
        # 一百出头 is 100–110 and mostly means a little over 100: the value sits near the round number.
        high = top * Fraction(11, 10)
        return _Reading(r.low, r.low + (high - r.low) / 4, high, True)
    if group in (_BELOW, _AT_MOST, _NEARLY):
        bound = top
        high = bound - 1 if group != _AT_MOST and _whole(bound) else bound
        if group == _NEARLY:
            low = min(bound * Fraction(9, 10), high)
            return _Reading(low, min(max(bound * Fraction(19, 20), low), high), high, True)
        low = min(Fraction(0), high)
        guess = _floor(bound * Fraction(9, 10)) if _whole(bound) else bound * Fraction(9, 10)
        return _Reading(low, min(max(guess, low), high), high, True)
    if group in (_ABOVE, _AT_LEAST):
        bound = r.low
        low = bound + 1 if group == _ABOVE and heads and _whole(bound) else bound
        return _Reading(low, max(bound * Fraction(11, 10), low), None, True)
    raise ValueError(group)


def _connect(s: str, a: _Core) -> _Core | None:
    """ "50-60", "三到五", "20到30万" (20万–30万): one core spanning both ends, or None."""
    match = _CONNECTOR.match(s, a.end)
    if not match or a.low != a.high or a.inner is not None:
        return None
    b = _read_core(s, match.end())
    if b is None or b.inner is not None or b.low != b.high:
        return None
    if match.group() == "-" and (a.arabic_text.startswith("0") or b.arabic_text.startswith("0")):
        return None  # dates and phone numbers
    low = a.low
    big_a = max(a.mags, default=0) >= 10_000
    if b.trailing_mag and ((b.trailing_mag >= 10_000 and not big_a) or not a.mags):
        low = a.low * b.trailing_mag  # 20到30万, 五十到六十万, 两到三千
    if not (0 < low < b.high <= 10 * low):
        return None
    return _Core(
        a.start,
        b.end,
        low,
        (low + b.high) / 2,
        b.high,
        money_mag=a.money_mag or b.money_mag,
        mags=b.mags,
    )


def _is_stop_word(s: str, core: _Core) -> bool:
    """A lone digit inside a word: 一起, 统一, 万一, 十分, 周一."""
    if core.end - core.start != 1:
        return False
    if any(s.startswith(word, core.start) for word in _STOP_AFTER) and not s.startswith("十分钟", core.start):
        return True
    before = s[: core.start]
    if before.endswith("万") and before[-2:-1] and (before[-2] in _CN_DIGITS or before[-2].isdigit()):
        return False  # 两万|一个月: the 一 after an amount starts a period
    return s[core.start] in _CN_DIGITS and before.endswith(_STOP_BEFORE)


def _prepare(text: str) -> str:
    """Normalised text without thousands commas or spaces next to Chinese characters."""
    text = normalize(text)
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)


def _to_float(x: Fraction | None) -> float:
    return math.inf if x is None else float(x)


@dataclass
class _After:
    """What follows a numeral: the qualifier it takes, where the words end, what to drop from the suffix."""

    group: str | None = None
    place: Fraction | None = None  # the step 多 adds when it is not the numeral's last digit (三个多月: 1)
    half: bool = False  # 一个半月
    end: int = 0
    cut: tuple[int, int] | None = None


def _after(s: str, core: _Core, round_number: bool) -> _After:
    """The qualifier after a numeral: 多, 来, 个多, 个半, or (after a unit word) 左右, 以上, 出头 …"""
    j = core.end
    if core.inner:
        return _After(_ABOUT if core.inner in "来把" else _MORE, end=j)
    rest = s[j:]
    if rest[:1] in ("多", "余") and not rest.startswith("多少"):
        return _After(_MORE, end=j + 1, cut=(j, j + 1))
    if rest[:1] in ("来", "把") and round_number:  # 五十来个; 一来 is "firstly"
        return _After(_ABOUT, end=j + 1, cut=(j, j + 1))
    if re.match(r"个[多余](?!少)", rest):
        return _After(_MORE, Fraction(1), end=j + 2, cut=(j + 1, j + 2))
    if rest.startswith("个半"):
        return _After(half=True, end=j + 2, cut=(j + 1, j + 2))
    unit = _UNIT.match(s, j)
    after_unit = unit.end() if unit else j
    word = _POST.match(s, after_unit)
    if word:
        return _After(_POST_WORDS[word.group()], end=word.end(), cut=word.span())
    if unit and unit.group() in _FRACTION_UNITS and re.match(r"[多余](?!少)", s[after_unit:]):
        return _After(_MORE, Fraction(1), end=after_unit + 1, cut=(after_unit, after_unit + 1))  # 两年多
    return _After(end=j)


def _before(s: str, core: _Core, start: int, round_number: bool) -> tuple[str | None, int]:
    """The qualifier before a numeral (不到, 大概, 超过 …) and where the words start."""
    if s[core.start] in "百千万亿" and s[start - 1 : start] in _BARE_PRE and start > 0:
        return _BARE_PRE[s[start - 1]], start - 1  # 上百人, 近百人, 过亿
    pre = _PRE.search(s, max(0, start - 6), start)
    if pre is None or (pre.group("word") == "小" and (not round_number or s[start : start + 1] == "几")):
        return None, start  # 小一百人 is nearly a hundred; 小3 is nothing; 小几十 is read by the numeral
    return _PRE_GROUP[pre.group("word")], pre.start()


def _quantity_at(s: str, i: int) -> tuple[Quantity, int, bool] | None:
    """The quantity whose numeral starts at ``s[i]``: (quantity, end, a sum written with 万/亿)."""
    percent = s.startswith("百分之", i)
    core = _read_core(s, i + 3 if percent else i)
    if core is None or _is_stop_word(s, core):
        return None
    core = _connect(s, core) or core
    reading = _Reading(core.low, core.mid, core.high, core.low != core.high)
    round_number = core.mid >= 10 and core.mid % 10 == 0
    after = _after(s, core, round_number)
    rest = s[core.end :]
    if after.cut:
        rest = rest[: after.cut[0] - core.end] + rest[after.cut[1] - core.end :]
    suffix = "%" if percent else rest[:3]
    heads = suffix.startswith(_HEADS) and not suffix.startswith(_NOT_HEADS)
    if after.half:
        half = Fraction(1, 2)
        reading = _Reading(reading.low + half, reading.mid + half, core.high + half, reading.approximate)
    if after.group:
        reading = _apply(after.group, reading, place=after.place, heads=heads)
    sign = s[i - 1 : i]
    negative = sign in ("负", "减") or (sign == "-" and not s[i - 2 : i - 1].isalnum())
    start = i - 1 if negative else i
    group, start = (None, start) if negative else _before(s, core, start, round_number)
    if group == _ABOUT and reading.low != reading.high:
        reading.approximate = True  # 大概十五六个: the words already give the range
    elif group:
        reading = _apply(group, reading, heads=heads)
    money = rest.startswith(_MONEY_AFTER) or (core.money_mag and not rest.startswith(_COUNT_AFTER))
    low, mid, high = _to_float(reading.low), float(reading.mid), _to_float(reading.high)
    if negative:
        low, mid, high = -high, -mid, -low
    quantity = Quantity(
        mid,
        approximate=reading.approximate or reading.low != reading.high,
        money_unit="元" if money and not percent else None,
        suffix=suffix,
        low=low,
        high=high,
        text=s[start : after.end],
    )
    return quantity, after.end, core.money_mag and money


# ---------------------------------------------------------------------------------------------
# Public functions


def to_arabic(text: str) -> str:
    """Normalised text with Chinese numerals turned into digits ("两万" → "20000").

    For choice answers ("第二个", "1和3"); quantities with ranges come from ``find_quantities``.
    """
    text = re.sub(r"(?<=\d),(?=\d{3})", "", normalize(text))
    text = re.sub(r"几十", "50", text)
    text = _RANGE.sub(_middle, text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cn2an.transform(text, "cn2an")


# "六七十" / "三四个": two neighbouring digits before a magnitude → their middle (to_arabic only).
_RANGE = re.compile(r"([一二两三四五六七八九])([一二两三四五六七八九])(十|百|千|万)?")


def _middle(match: re.Match[str]) -> str:
    low, high = _CN_DIGITS[match.group(1)], _CN_DIGITS[match.group(2)]
    if high != low + 1:
        return match.group(0)
    scale = {"十": 10, "百": 100, "千": 1000, "万": 10_000, None: 1}[match.group(3)]
    return str((low + high) / 2 * scale).removesuffix(".0")


def find_quantities(text: str) -> list[Quantity]:
    """Every number in the text, in order, with its range and money unit (see the module table).

    A plain number of 10000 or more is also money when the same text gave another sum
    with 万/亿 ("两万押金，40000租金"), as people switch notation mid-sentence.
    """
    s = _prepare(text)
    found: list[Quantity] = []
    said_big_money = False
    i = 0
    while i < len(s):
        result = _quantity_at(s, i)
        if result is None:
            i += 1
            continue
        quantity, end, big_money = result
        found.append(quantity)
        said_big_money = said_big_money or big_money
        i = max(end, i + 1)
    if said_big_money:
        found = [
            Quantity(q.value, q.approximate, "元", q.suffix, q.low, q.high, q.text)
            if q.money_unit is None and q.value >= 10_000 and not q.suffix.startswith(_COUNT_AFTER)
            else q
            for q in found
        ]
    return found


def first_quantity(text: str) -> Quantity | None:
    """The first number in the text, or None."""
    quantities = find_quantities(text)
    return quantities[0] if quantities else None
