"""One reading of a user message for every profile field (mixed initiative).

Openings ("我們是開餐廳的，三十個員工"), answers, questions with facts in them
("租的国有的房子，房租能免几个月？") and corrections all go through `read`:
the text is normalised once, every field's candidate facts are found in one
pass (phrases of vocabulary.yml, numbers next to their field words, industry
synonyms), and only then is the pending question used to place what is left
(a bare "是的", "十五六个", "没有").

Precision first: a negation belongs to the phrase it stands before ("没贷过款"
says first_loan, never "none of the special groups"); two readings of one
field are not guessed between; a number is only placed when its unit or a
field word says where it goes, or when it answers the question just asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from actions.conversation.answers import (
    Parsed,
    bounded,
    clean,
    is_skip,
    mentions_topic,
    number_value,
    parse_answer,
    said_unit,
)
from actions.conversation.check import Question, definitions
from actions.conversation.lexicon import Lexicon, lexicon
from actions.conversation.numbers import Quantity, find_quantities, to_arabic
from actions.conversation.state import looks_like_question
from actions.eligibility import FieldDef, normalise_industry
from actions.eligibility.industries import exact_choice
from actions.policy.normalize import normalize

# Clause breaks: punctuation, and a full stop that is no decimal point ("1.2个亿" stays whole).
_BREAK_CHARS = ",!?;，。！？；\n"
_CLAUSE_BREAK = re.compile(rf"[{_BREAK_CHARS}、]+|(?<!\d)\.|\.(?!\d)")
# A clause break other than the enumeration comma 、 ("跟防疫物资、药品器械都不沾边" runs on).
_LIST_END = re.compile(rf"[{_BREAK_CHARS}]|(?<!\d)\.|\.(?!\d)")
_NEGATORS = "不没未无非别"
# "一个员工都没裁" / "一分钱也没": "一…都没" means none at all, not a count of one.
# "一个都没裁", "一分钱没收", "没欠过工人一个月工资": not even one, never a count of one.
_NONE_AT_ALL = re.compile(
    r"一[个位名分天次笔]?\S{0,4}?[都也](没|不|未)|一[分毛]钱?(没|不)|(没|未)\S{0,2}过\S{0,4}一个?[月天]"
)
# 一 in words, not counts: 一直, 一起, 一下, 一些, 一般, 一定, 一样, 一共, 一切, 一旦, 一向, 一致, 一边, 一会,
# (无)一例(外), 一律, 一概.
_ASKS_AMOUNT = re.compile(r"多少|几个|几万|几千")
_BEFORE_A_MONTH_NAME = ("、", "和", "从", "自", "到", "至")
_TOGETHER = re.compile(r"[加在到合]一块|一块儿")
_ONE_AS_WORD = set("直起下些般定样共切旦向致边会同再例律概")
_CN_NUMERALS = set("零一二两三四五六七八九十")
# A clause that goes on about the previous one's subject: "房子不是租的，是自己买的".
_CONTINUATION = ("是", "而是", "就是", "都是", "也是", "算是", "其实是")
# "给区政府食堂供的", "给超市拉冻肉": the trade named is the customer's.
_FOR_CUSTOMER = re.compile(r"给[^，。,]{0,10}?(供(?![暖电水气热])|送|拉|运|配送|发货|干活|做|派驻|派|提供|服务)")
# A clause about rented rooms or a landlord: the trades it names are the building's ("原来百货大楼那个房子").
_ROOMS = re.compile(r"租|房东|房子")
# A clause in which the speaker says what they are: "我们是做…", "我开了个…", "公司做…".
_SELF = re.compile(
    r"(我|我们|咱|俺|公司|厂里|店里|家里|我家)(是|做|开|搞|干|经营|主要|在)|开了[个家几]|开的|行业.{0,3}(归|算|属于|是)"
)
# Longer than this, a message must be about the pending yes/no question to answer it ("是的，停工了").
_BARE_ANSWER_LENGTH = 6
# "八千一个月" is 8000 per month: the period after a sum is no number of months.
_PER_PERIOD = re.compile(r"(?<=[万千百元块\d])一个?(月|年)")
# "一个月八千": the period said before the figure is a rate too ("每月八千"), unlike "停了一个月".
_PERIOD_FIRST = re.compile(
    r"(?<![\d一二两三四五六七八九十百千了停歇关欠])一个?(月|年)(?=[要交付给得花租是能有就才\d一二两三四五六七八九十])"
)
_NEGATION_REACH = 4  # characters between a negation and the phrase it negates ("不是生产口罩")
# A number that is an ordinal, a date or a percentage, not a quantity of anything asked.
_NOT_A_QUANTITY_AFTER = (
    "年",
    "号",
    "日",
    "月份",
    "月起",  # "从2月起", "二月、三月": months of the calendar, not a count of months
    "月开始",
    "月以来",
    "月到",
    "月至",
    "月、",
    "月和",
    "月初",
    "月底",
    "月中",
    "月末",
    "月上",
    "月下",
    "条",
    "项",
    "点",
    "%",
    "岁",
    "次",
    "倍",
    "楼",
    "期",
    "季度",
    "台",
    "辆",
    "间",
    "家",
    "头",
    "只",
    "亩",
    "平",
    "层",
    "成",
)


@dataclass(frozen=True)
class Utterance:
    """A message normalised once, with the pieces every extractor needs."""

    text: str

    @cached_property
    def normalised(self) -> str:
        # "俩月", "仨人": 俩 is 两个, 仨 is 三个 (numbers read them then); other spellings of one
        # word ("失业险", the typo "带过款") are spelt as the vocabulary spells them.
        text = normalize(self.text or "").replace("俩", "两个").replace("仨", "三个")
        for variant, spelling in lexicon().spellings.items():
            text = text.replace(variant, spelling)
        return text

    @cached_property
    def clauses(self) -> list[tuple[int, str]]:
        """(start offset, clause) pieces between punctuation: negation and field words stay inside one.

        A space after a figure ends a clause too ("产值1.2个亿 资产七八千万", "员工九个 营业额…"):
        people type spaces for commas; a space before the figure ("员工 五十个") does not.
        """
        pieces, start = [], 0
        for match in _CLAUSE_BREAK.finditer(self.normalised):
            pieces += _split_after_figures(self.normalised, start, match.start())
            start = match.end()
        pieces += _split_after_figures(self.normalised, start, len(self.normalised))
        return [(at, clause) for at, clause in pieces if clause.strip()]

    def clause_at(self, position: int) -> tuple[int, str]:
        for start, clause in self.clauses:
            if start <= position < start + len(clause):
                return start, clause
        return position, ""


def _split_after_figures(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """text[start:end] cut at the spaces that follow a figure ("…1.2个亿 资产…") or come before words
    ("摊位是租的国有的市场 哦不对 我说错了": voice input and quick typing use spaces for commas); a space
    after a short topic and before a figure does not cut ("员工 五十个")."""
    pieces, at = [], start
    for space in _SPACES.finditer(text, start, end):
        # Before a figure only a long piece is cut off ("房子租的国有资产的 一个月租金一万二"), not a topic.
        long_piece = space.start() - at > _TOPIC_CLAUSE_LENGTH
        before_words = (long_piece or not _NUMERAL_START.match(text, space.end())) and space.start() > at
        if _FIGURE.search(text, at, space.start()) or (before_words and space.end() < end):
            pieces.append((at, text[at : space.start()]))
            at = space.end()
    pieces.append((at, text[at:end]))
    return pieces


_SPACES = re.compile(r"\s+")
_NUMERAL_START = re.compile(r"[\d０-９零一二两三四五六七八九十百千几俩仨]")
_FIGURE = re.compile(r"[\d一二两三四五六七八九十百千万亿](?:[多来余几]|[个名位人万亿元块号])")


@dataclass(frozen=True)
class Fact:
    """One candidate value for one field, and where in the normalised text it was read."""

    name: str
    value: Any
    start: int
    end: int
    kind: str = "phrase"  # phrase (listed) | negated (a true-phrase after 不/没) | number | industry
    low: float | None = None
    high: float | None = None


@dataclass
class Reading:
    """What one message says: facts to record, facts that need asking, the pending question's answer."""

    facts: dict[str, Any] = field(default_factory=dict)
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    pending: Parsed | None = None  # the answer to the question just asked, when the message gives one
    skipped: list[str] = field(default_factory=list)  # fields the person says they do not know
    # Fields named only in passing: a trade in a clause where the speaker does not say what they are.
    in_passing: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not self.facts and not self.problems and self.pending is None


def _occurrences(text: str, phrase: str) -> list[int]:
    starts, index = [], text.find(phrase)
    while phrase and index >= 0:
        starts.append(index)
        index = text.find(phrase, index + 1)
    return starts


def _negated(utterance: Utterance, start: int, covered: frozenset[int] = frozenset()) -> bool:
    """A negation shortly before `start`, in the same clause, that is not part of another listed
    phrase (`covered` positions: the 不 of "卖不出去" does not negate "烂了不少" after it)."""
    clause_start, _ = utterance.clause_at(start)
    first = max(clause_start, start - _NEGATION_REACH - 1)
    text = utterance.normalised
    return any(
        text[i] in _NEGATORS and i not in covered and not _a_not_a(text, i) and not _conjunction(text, i)
        for i in range(first, start)
    )


def _conjunction(text: str, i: int) -> bool:
    """ "不过只是暂时困难": the 不 of the conjunction 不过 (opening a clause) negates nothing, nor
    does the 不 of 差不多 ("辞退了差不多三成")."""
    if text[max(0, i - 1) : i + 2] == "差不多":
        return True
    return text[i : i + 2] == "不过" and (i == 0 or text[i - 1] in _BREAK_CHARS + " ")


def _a_not_a(text: str, i: int) -> bool:
    """ "算不算", "是不是", "有没有": the 不/没 of a yes-no question negates nothing."""
    return 0 < i < len(text) - 1 and text[i - 1] == text[i + 1]


def _denied_after(utterance: Utterance, end: int, lex: Lexicon, statement: bool = False) -> bool:
    """ "跟口罩消毒水那些不挨着": a denial later in the same clause, or after a list that runs on
    with 、 ("跟防疫物资、药品器械、研发机构都不沾边"); `statement`: of a stated fact, not a trade."""
    rest = _LIST_END.split(utterance.normalised[end:], maxsplit=1)[0]
    tails = lex.negating_tails + (lex.statement_negating_tails if statement else ())
    return any(tail in rest for tail in tails)


def _describes_others(utterance: Utterance, end: int, lex: Lexicon) -> bool:
    """ "受疫情影响的企业能…": the phrase describes enterprises in general, not the speaker, unless
    the clause says the speaker is one ("我们这属于保障城市运行的企业")."""
    if not utterance.normalised[end:].startswith(lex.description_tails):
        return False
    clause_start, _ = utterance.clause_at(max(end - 1, 0))
    return not any(cue in utterance.normalised[clause_start:end] for cue in lex.self_description_cues)


def _phrase_facts(utterance: Utterance, name: str, phrases: dict[Any, tuple[str, ...]], lex: Lexicon) -> list[Fact]:
    """Facts from listed phrases; a true-phrase after a negation reads as false."""
    found: list[Fact] = []
    # Negations inside a listed true phrase ("卖不出去", "开不了门") say what that phrase says.
    covered = frozenset(
        i
        for phrase in phrases.get(True, ())
        if any(char in _NEGATORS for char in phrase)
        for start in _occurrences(utterance.normalised, phrase)
        for i in range(start, start + len(phrase))
    )
    for value, words in phrases.items():
        for phrase in words:
            for start in _occurrences(utterance.normalised, phrase):
                end = start + len(phrase)
                if _describes_others(utterance, end, lex) or utterance.normalised[end:].startswith(lex.activity_tails):
                    continue  # "受疫情影响的企业…", "小区消毒测温都是我们做"
                if (
                    value is True
                    and phrase[0] not in _NEGATORS
                    and (_negated(utterance, start, covered) or _denied_after(utterance, end, lex, statement=True))
                ):
                    if any(word in phrase for word in lex.negated_says_nothing.get(name, ())):
                        continue  # "一天没关门": no symptom, and no "not affected" either
                    found.append(Fact(name, False, start, end, kind="negated"))
                elif value is False and phrase[0] not in _NEGATORS and _negated(utterance, start):
                    continue  # "没在银行贷过款": the negation belongs to a longer phrase of the other side
                else:
                    found.append(Fact(name, value, start, end))
    return _negated_runs(utterance, found)


def _negated_runs(utterance: Utterance, found: list[Fact]) -> list[Fact]:
    """A listed phrase right after a negated one, or inside it, runs on under its negation
    ("不生产药品医疗器械": 药品, 医疗器械 and the 器械 in it)."""
    result = sorted(found, key=lambda f: f.start)
    for index, fact in enumerate(result):
        if fact.kind != "phrase" or fact.value is not True:
            continue
        negated = [f for f in result if f.kind == "negated" and f.name == fact.name and f is not fact]
        inside = any(f.start <= fact.start and fact.end <= f.end for f in negated)  # "器械" in "医疗器械"
        runs_on = any(
            0 <= fact.start - f.end <= 1 and utterance.normalised[f.end : fact.start] in ("", "、", "和", "及", "与")
            for f in negated
        )
        if inside or runs_on:
            result[index] = Fact(fact.name, False, fact.start, fact.end, kind="negated")
    return result


def _statement_facts(utterance: Utterance, lex: Lexicon) -> list[Fact]:
    found: list[Fact] = []
    for name, polarity in lex.statements.items():
        if name in definitions():
            found += _phrase_facts(utterance, name, polarity, lex)
    for name, groups in lex.statements_all_of.items():
        found += _all_of_facts(utterance, name, groups, lex)
    for name, words in lex.group_keywords.items():
        found += _phrase_facts(utterance, name, {True: words}, lex)
    for name, words in lex.zero_statements.items():
        found += _phrase_facts(utterance, name, {0: words}, lex)
    for name, topics in lex.topic_words.items():
        found += _enum_facts(utterance, name, topics, lex)
    return found


def _all_of_facts(
    utterance: Utterance, name: str, groups: dict[bool, tuple[tuple[str, ...], ...]], lex: Lexicon
) -> list[Fact]:
    """Facts stated by words that must all appear, in order within a short stretch or anywhere in
    one clause ("贷款…到期…还不上", "每年都交房产税"); a false reading wins over a true one
    ("失业保险…没给员工上" also contains the words of "失业保险…上")."""
    for value in (False, True):
        for words in groups.get(value, ()):
            span = _group_span(utterance, words)
            # "没用过…担保", "从来没…借过" carry their own negation.
            explicit = any(char in _NEGATORS for word in words for char in word)
            if span and _describes_others(utterance, span[1], lex):
                continue  # "受疫情冲击的企业有什么政策": enterprises in general, not the speaker
            if span and not value and not explicit and _fails_after(utterance, span[1], lex):
                continue  # "电费…按时交不上": "on time" said of failing
            if span and value and not explicit and _denied_before(utterance, span[2][-1], lex):
                continue  # "疫情还谈不上给我们造成重大损失": the loss is denied
            if span and (explicit or not any(_negated(utterance, start) for start in span[2])):
                return [Fact(name, value, span[0], span[1])]
    return []


def _fails_after(utterance: Utterance, end: int, lex: Lexicon) -> bool:
    """ "按时交不上", "按时交够呛": a failing tail right after the words (past one verb of paying)."""
    rest = utterance.normalised[end : end + 6]
    rest = rest[1:] if rest[:1] in _PAYING else rest
    return rest.startswith(lex.failing_tails)


_PAYING = set("交缴还付")


def _denied_before(utterance: Utterance, start: int, lex: Lexicon) -> bool:
    """ "谈不上…损失": a denial earlier in the clause of the group's last word."""
    clause_start, _ = utterance.clause_at(start)
    return any(cue in utterance.normalised[clause_start:start] for cue in lex.denial_before_cues)


_GROUP_REACH = 24  # characters from the first word of a group to the end of its last


def ordered_span(text: str, words: tuple[str, ...], reach: int) -> tuple[int, int, list[int]] | None:
    """(start, end, word starts) where the words occur in this order within `reach` characters."""
    for first in _occurrences(text, words[0]):
        starts, at = [first], first + len(words[0])
        for word in words[1:]:
            found = text.find(word, at)
            if found < 0 or found + len(word) - first > reach:
                break
            starts.append(found)
            at = found + len(word)
        else:
            return first, at, starts
    return None


def _group_span(utterance: Utterance, words: tuple[str, ...]) -> tuple[int, int, list[int]] | None:
    """(start, end, word starts) where the words occur in order close together, or all in one clause."""
    span = ordered_span(utterance.normalised, words, _GROUP_REACH)
    if span:
        return span
    if any(char in _NEGATORS for word in words for char in word):
        return None  # "贷款也不用担保公司" is no "不用…贷款": a group with a negation keeps its order
    for clause_start, clause in utterance.clauses:
        if all(word in clause for word in words):
            starts = [clause_start + clause.find(word) for word in words]
            return min(starts), max(s + len(w) for s, w in zip(starts, words, strict=True)), starts
    return None


def _enum_facts(utterance: Utterance, name: str, topics: tuple[str, ...], lex: Lexicon) -> list[Fact]:
    """An enum stated in a clause about its topic ("租的国有的房子" → premises state_owned).

    The clause must name the topic (房/租/裁…); in it, the longest phrase not negated wins
    ("不是租的，是自己的" → owned); at equal length the choice listed first in vocabulary.yml
    wins (the more specific: "租的国有的" is state_owned, not just rented).
    """
    phrases = lex.enum_phrases.get(name, {})
    found: list[Fact] = []
    previous = ""
    for clause_start, clause in utterance.clauses:
        # "房子不是租的，是自己买的": the second clause goes on about the topic the first one named.
        if name == "premises" and any(word in clause for word in lex.premises_blockers):
            previous = clause
            continue  # "给入驻的企业免了房租": the tenants' rooms, not the speaker's premises
        continues = clause.startswith(_CONTINUATION)
        about_topic = any(topic in clause for topic in topics) or (continues and any(t in previous for t in topics))
        previous = clause
        if not about_topic:
            continue
        hits: list[tuple[int, int, str]] = []
        for rank, (choice, words) in enumerate(phrases.items()):
            for phrase in words:
                if all(char in _NEGATORS + "有" for char in phrase):
                    continue  # "没有租房子": a bare 没有 chooses only as the answer to the question
                for start in _occurrences(clause, phrase):
                    if phrase[0] in _NEGATORS or not _negated(utterance, clause_start + start):
                        hits.append((-len(phrase), rank, choice))
        if not hits:
            unsure = lex.enum_unsure.get(name)
            if unsure and any(
                not _negated(utterance, clause_start + at)
                for phrase in unsure[0]
                for at in _occurrences(clause, phrase)
            ):
                # "仓库和门店的房子都是租的": rented, but from whom decides the measures; asked, not guessed.
                found.append(Fact(name, None, clause_start, clause_start + len(clause), kind="unsure"))
        if hits:
            best = min(hits)
            # A general choice may be made specific by words elsewhere (租的 → 租国企的, refinable_choices).
            # "楼是国企的，可我们的店面是从个人手里转租的": a turning clause is not refined by the other.
            # Nor is one said after a correction ("国有的市场 哦不对 我说错了 摊位是私人老板的市场").
            corrects = any(cue in utterance.normalised[:clause_start] for cue in lex.correction_cues)
            refinable = (
                best[2] in lex.refinable_choices.get(name, ())
                and not clause.startswith(lex.contrast_cues)
                and not corrects
            )
            specific = _more_specific(utterance, phrases, best[1], lex) if refinable else None
            choice = specific or best[2]
            found.append(Fact(name, choice, clause_start, clause_start + len(clause), kind="enum"))
    return found


def _more_specific(utterance: Utterance, phrases: dict[str, tuple[str, ...]], rank: int, lex: Lexicon) -> str | None:
    """A choice listed before the one found, named anywhere in the message ("租的是城投公司的门市，
    城投是国企" → state_owned, not just rented)."""
    for choice, words in list(phrases.items())[:rank]:
        for phrase in words:
            starts = _occurrences(utterance.normalised, phrase)
            if any(not _negated(utterance, start) and not _stale(utterance, start, lex) for start in starts):
                return choice
    return None


def _masked_for_industry(utterance: Utterance, facts: list[Fact], lex: Lexicon) -> str:
    """The text without what names other parties' trades: premises and landlords ("租的商场的",
    "原来百货大楼那个房子"), customers ("给区政府食堂供的"), partners ("合作的供应商")."""
    chars = list(utterance.normalised)
    spans = [(f.start, f.end) for f in facts if f.name in lex.topic_words]
    for blocker in lex.industry_blockers:
        for start in _occurrences(utterance.normalised, blocker):
            if blocker.startswith("租") and utterance.normalised[start - 1 : start] == "出":
                continue  # "开出租的" drives a taxi; it names no landlord
            clause_start, clause = utterance.clause_at(start)
            end = clause_start + len(clause)
            if blocker.startswith("给") or blocker.endswith("给"):
                # "给超市和医院运送物资的运输公司": the customer runs to the 的; the trade after it is theirs.
                of = utterance.normalised.find("的", start + len(blocker), end)
                end = of if of >= 0 else end
            spans.append((start, end))
    spans += [match.span() for match in _FOR_CUSTOMER.finditer(utterance.normalised)]
    for clause_start, clause in utterance.clauses:
        about_rooms = _ROOMS.search(clause) and not any(word in clause for word in lex.premises_blockers)
        if about_rooms and not _SELF.search(clause):
            spans.append((clause_start, clause_start + len(clause)))
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _industry_fact(utterance: Utterance, facts: list[Fact], lex: Lexicon) -> list[Fact]:
    masked = _masked_for_industry(utterance, facts, lex)
    clauses = [clause for clause in re.split(r"[\s,.!?;，。！？；、]+", masked) if clause]
    found = []
    for clause in clauses:
        industry = normalise_industry(clause)
        start = utterance.normalised.find(clause)
        if industry and not re.search(r"不是|不做|不干|没做", clause) and not _denied_after(utterance, start, lex):
            found.append(Fact("industry", industry, start, start + len(clause), kind="industry"))
    if len({fact.value for fact in found}) > 1:
        # Two trades named: the one the speaker says they are ("我们是做…的") is theirs; else the one
        # the message opens with ("服装加工厂，疫情期间外贸单子全退了").
        own = [fact for fact in found if _SELF.search(utterance.normalised[fact.start : fact.end])]
        if len({fact.value for fact in own}) == 1:
            return own
        if found[0].start == 0 and not own:
            return found[:1]
    return found


def _alias_hits(text: str, lex: Lexicon, wanted: set[str]) -> list[tuple[int, str]]:
    """(position, field) of the field words in `text`, longest word first at a position."""
    hits: list[tuple[int, int, str]] = []
    for name, aliases in lex.field_aliases.items():
        if name not in wanted:
            continue
        for alias in aliases:
            hits += [(start, -len(alias), name) for start in _occurrences(text, alias)]
    hits.sort()
    return [(start, name) for start, _, name in hits]


def _field_words(text: str, lex: Lexicon, wanted: set[str]) -> list[tuple[int, str]]:
    """_alias_hits without the words that only say "per month" when the text is about a sum per person,
    wages or insurance ("每人每月贴一千块" is no rent)."""
    hits = _alias_hits(text, lex, wanted)
    if not any(cue in text for cue in lex.per_person_cues):
        return hits
    return [(start, name) for start, name in hits if not text.startswith(lex.period_only_aliases, start)]


def _unit_fields(family: str | None) -> set[str]:
    """Numeric fields whose unit is of this family (人, 个月, money); all numeric fields for None."""
    money = ("元", "万元")
    return {
        name
        for name, d in definitions().items()
        if d.type in ("int", "number")
        and (family is None or d.unit == family or (family == "money" and d.unit in money))
    }


def _words_after(clause: str, quantity: Quantity) -> str:
    """The few characters after the number in its clause ("个师傅" after "十三")."""
    at = clause.find(quantity.text) if quantity.text else -1
    return clause[at + len(quantity.text) : at + len(quantity.text) + 8] if at >= 0 else quantity.suffix


def _words_before(clause: str, quantity: Quantity) -> str:
    at = clause.find(quantity.text) if quantity.text else -1
    return clause[max(0, at - 4) : at] if at >= 0 else ""


def _unit_family(clause: str, quantity: Quantity, lex: Lexicon, message: str = "") -> str | None:
    """What a number counts: 人 ("十三个师傅", "二三十号人", "司机跟装卸工加起来四十出头"),
    天/周 (durations), or the unit it was said with."""
    after = _words_after(clause, quantity)
    counted = re.sub(r"^[多来余几]?[个名位号]?[多来余]?", "", after)
    names_staff = any(alias in clause for alias in lex.field_aliases.get("employees", ()))
    names_staff = names_staff or any(noun in clause for noun in lex.person_nouns if len(noun) >= 2)
    if after.startswith("号人") or (after.startswith("号") and names_staff) or counted.startswith(lex.person_nouns):
        return "人"
    if re.match(r"^[多来余几]?(天|日|周|星期|个星期|礼拜|个礼拜)", after):
        return "周" if re.match(r"^[多来余几]?(周|星期|个星期|礼拜|个礼拜)", after) else "天"
    said = said_unit(quantity)
    if said is None and re.match(r"^([家台辆间头只条项件次笔套座所]|个(?![人吧啊呀呢吗哈左上])[\u4e00-\u9fff])", after):
        return "thing"  # "一家连锁药房", "三台厢货", "一个官司": counted things, never a field's figure
    if said is None and _PAID.search(clause):
        return "money"  # "去年一共交了三千六": a sum paid
    if said is None and _counts_people(clause, message, lex):
        return "人"
    return said


def _counts_people(clause: str, message: str, lex: Lexicon) -> bool:
    """A clause about how many people work there: it names people ("村民常年有十五个左右"), or totals
    ("一共", "加起来") people the message names ("车工、熨烫、包装一共一百出头"); never about money."""
    if _MONEY.search(clause):
        return False
    if any(noun in clause for noun in lex.person_nouns if len(noun) >= 2):
        return True
    # "之前三十多人，现在走了一半剩十五个": people named, or counted in another clause of the message.
    people_named = any(noun in message for noun in lex.person_nouns if len(noun) >= 2) or bool(
        _PEOPLE_COUNTED.search(to_arabic(message.replace(clause, "，")))
    )
    # "鸡场干活的就几个人，五六个吧": a count of 个 after people were named.
    return people_named and bool(
        _TOTAL.search(clause) or re.search(r"\d\s*[多来余几]?[个名位](?![月亿])", to_arabic(clause))
    )


_MONEY = re.compile(r"工资|薪|钱|元|块|收入|营收|租|费|万|营业额|销售")
_PAID = re.compile(r"交了|缴了|付了|花了|赚了|卖了|进账|上缴")
_PEOPLE_COUNTED = re.compile(r"\d\s*[多来余几]?[个名位号]?人")
_TOTAL = re.compile(r"一共|总共|加起来|合计|共有|加一块")
# People who left or were let go are not the headcount ("劝走了五六个工人").
_LEAVING = re.compile(r"裁|辞|劝走|劝退|走了|减到|减了|开除|招")
_LOAN = re.compile(r"贷|借")
# "从40多个减到了十来个": the figure after 减到/剩 is the headcount now.
_LEFT_WITH = re.compile(r"(减到|降到|裁到|剩下|只剩|还剩|剩)了?$")


_DAYS_PER = {"天": 1, "周": 7}
_DAYS_PER_MONTH = 30


def _place_number(
    utterance: Utterance,
    clause_start: int,
    clause: str,
    counted: str,
    quantity: Quantity,
    family: str | None,
    lex: Lexicon,
    pending: set[str],
) -> str | None:
    """The field a number belongs to: a field word beside it, then its unit's default, then the question.

    `counted` is the clause with its rates spelled "每月" ("一个月八千"), which names the monthly rent.
    """
    candidates = _unit_fields("个月" if family in _DAYS_PER else family)
    if family is None and _COUNTED_WITH_GE.match(_words_after(counted, quantity)):
        candidates -= _unit_fields("money")  # "二十多个": a count, never a sum of money
    near = _field_words(counted, lex, candidates)
    if not near and family is None:
        # "员工嘛，差不多五十左右": a short clause before names the topic the figure is about.
        topic = _topic_before(utterance, clause_start)
        near = _alias_hits(topic, lex, candidates) if topic and not find_quantities(topic) else []
    if not near and family is not None:
        if any(word in clause + _clause_before(utterance, clause_start) for word in lex.other_payments):
            return None  # "交了养老和医疗，去年交了十几万": the sum of those, not of a field named further on
        # "工资发不出来了，已经四个月了": the field word may stand in an earlier clause of the message,
        # or in the next one ("关了九十多天，只发生活费").
        before = utterance.normalised[:clause_start]
        hits = _field_words(before, lex, candidates)
        near = (
            hits[-1:] if hits else _field_words(utterance.normalised[clause_start + len(clause) :], lex, candidates)[:1]
        )
    names = {name for _, name in near}
    if len(names) == 1:
        return names.pop()
    if len(names) > 1:
        in_question = names & pending
        return in_question.pop() if len(in_question) == 1 else None
    default = lex.unit_default_fields.get(family or "")
    if default:
        return default
    if _alias_hits(counted, lex, set(definitions()) - candidates):
        return None  # "担保费一年好几万": a figure about something else, not the question's
    in_question = candidates & pending
    return in_question.pop() if len(in_question) == 1 else None


_COUNTED_WITH_GE = re.compile(r"^[多来余几]?个(?![月亿万])")
_TOPIC_CLAUSE_LENGTH = 6  # "员工嘛", "房租的话": a clause that only names what comes next


def _clause_before(utterance: Utterance, clause_start: int) -> str:
    previous = [clause for start, clause in utterance.clauses if start < clause_start]
    return previous[-1] if previous else ""


def _topic_before(utterance: Utterance, clause_start: int) -> str:
    """The clause just before, when it is short enough to only name a topic ("员工嘛")."""
    previous = _clause_before(utterance, clause_start)
    return previous if len(previous) <= _TOPIC_CLAUSE_LENGTH else ""


def _not_a_count(clause: str, quantity: Quantity, family: str | None) -> bool:
    """Dates, ordinals, idioms and names: "2020年", "3月初", "一分没收", "四平", "往后推一推"."""
    if quantity.suffix.startswith(_NOT_A_QUANTITY_AFTER) and family != "人":
        return True
    if quantity.value == 1 and (_NONE_AT_ALL.search(clause) or quantity.suffix[:1] in _ONE_AS_WORD):
        return True
    if quantity.value == 1 and _TOGETHER.search(clause):
        return True  # "保安保洁加一块儿": together, not one 块 (元)
    if quantity.value == 1 and re.match(r"^(个)?人(发|给|贴|补|一|每)", quantity.suffix):
        return True  # "给理发师们一人发点生活费": per person, not a headcount of one
    if family is None and re.fullmatch(r"(19|20)\d\d", quantity.text or ""):
        return True  # "上一年度（2019）": a year
    # A lone Chinese numeral with no unit after it is part of a word or a name, not a figure;
    # "一多半", "一大半" are shares, not counts, whoever they count ("打发走一大半").
    if quantity.suffix.startswith(("大半", "多半", "半")) and not quantity.text.endswith("个"):
        return True
    return family is None and len(quantity.text) == 1 and quantity.text in _CN_NUMERALS


def _number_fact(
    definition: FieldDef, quantity: Quantity, family: str | None, clause: str, span: tuple[int, int]
) -> Fact | Parsed:
    """The fact a number states for a field, or why it cannot be taken (a Parsed problem)."""
    if family in _DAYS_PER and definition.unit == "个月":
        # "歇了四十来天": a duration in days or weeks, said for a field counted in months.
        days = _DAYS_PER[family] / _DAYS_PER_MONTH
        low, high = quantity.low * days, quantity.high * days
        parsed = bounded(definition, quantity.value * days)
    else:
        parsed = number_value(definition, quantity, clause)
        low, high = _range(quantity, definition.unit)
    if not parsed.ok:
        return parsed
    return Fact(definition.name, parsed.values[definition.name], span[0], span[1], "number", low, high)


def _number_facts(utterance: Utterance, lex: Lexicon, pending: set[str]) -> tuple[list[Fact], dict[str, str]]:
    facts: list[Fact] = []
    problems: dict[str, str] = {}
    for clause_start, clause in utterance.clauses:
        if clause.startswith("第") or re.match(r"^\s*\d{1,2}\s*条", clause):
            continue
        counted = _PERIOD_FIRST.sub(r"每\1", _PER_PERIOD.sub(r"每\1", clause))
        for quantity in find_quantities(counted):
            family = _unit_family(counted, quantity, lex, utterance.normalised)
            if family == "人" and _LEAVING.search(counted) and not _LEFT_WITH.search(_words_before(counted, quantity)):
                continue  # "劝走了五六个工人": people who left (or are wanted), not the headcount
            if family == "money" and _LOAN.search(counted):
                continue  # "通过担保公司贷了五十万": a loan, not the revenue asked for
            if family in ("money", None) and any(cue in counted for cue in lex.owed_cues):
                continue  # "几十万合同款让国企压着没给", "租金四十多万拖着不给": money owed to them
            if _not_a_count(counted, quantity, family):
                continue
            at = clause_start + max(clause.find(quantity.text), 0)
            if quantity.suffix.startswith("月") and utterance.normalised[max(0, at - 1) : at] in _BEFORE_A_MONTH_NAME:
                continue  # "二月、三月", "从2月": months of the calendar
            if family == "个月" and _words_before(counted, quantity).endswith(lex.runway_cues):
                continue  # "账上的钱只够撑两个月": how long they can last, not months closed
            if _words_before(counted, quantity).endswith(lex.denied_figure_cues):
                continue  # "员工是三十二个不是二十三个": the figure denied is not the value
            name = _place_number(utterance, clause_start, clause, counted, quantity, family, lex, pending)
            if name is None:
                continue
            fact = _number_fact(
                definitions()[name], quantity, family, clause, (clause_start, clause_start + len(clause))
            )
            if isinstance(fact, Parsed):
                problems[name] = fact.problem
            else:
                facts.append(fact)
    return facts, problems


def _inside(inner: Fact, outer: Fact) -> bool:
    """`inner` lies in the longer `outer` ("贷过" in "没贷过")."""
    return _covers(outer, inner) and (inner.start, inner.end) != (outer.start, outer.end)


def _covers(outer: Fact, inner: Fact) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _settle_numbers(utterance: Utterance, candidates: list[Fact], lex: Lexicon) -> list[Fact]:
    """Two figures for one field in one message: the whole beats a part ("店员5个，连我6个"), the
    current one beats a past one ("八百万是前年的，去年就六百多万"); otherwise both stay (and are asked)."""
    kept = list(candidates)
    if _LEAVING.search(utterance.normalised):
        # "之前三十多人，现在走了一半": the headcount before people left is not today's.
        kept = [
            f
            for f in kept
            if not (
                f.name == "employees"
                and f.kind == "number"
                and any(cue in utterance.normalised[f.start : f.end] for cue in lex.superseded_cues)
            )
        ]
    for name in {f.name for f in kept if f.kind == "number"}:
        numbers = [f for f in kept if f.name == name and f.kind == "number"]
        if len({_key(f.value) for f in numbers}) < 2:
            continue
        said = {id(f): utterance.normalised[f.start : f.end] for f in numbers}
        past = [f for f in numbers if any(cue in said[id(f)] for cue in lex.superseded_cues)]
        if past and len(past) < len(numbers):
            kept = [f for f in kept if f not in past]
            numbers = [f for f in numbers if f not in past]
        whole = [f for f in numbers if any(cue in said[id(f)] for cue in lex.total_cues)]
        if len(whole) == 1 and len(numbers) > 1:
            kept = [f for f in kept if f not in numbers or f is whole[0]]
        elif len(whole) == len(numbers) > 1 and len({(f.start, f.end) for f in numbers}) == 1:
            # One clause with a total ("就我和俩徒弟三个人", "连我们两口子一共四个人"): its last figure.
            kept = [f for f in kept if f not in numbers or f is numbers[-1]]
    return kept


def _decide(candidates: list[Fact]) -> tuple[dict[str, Fact], dict[str, str]]:
    """One value per field: a longer listed phrase beats what it contains; disagreement is asked."""
    phrases = [f for f in candidates if f.kind == "phrase"]
    kept = [f for f in candidates if f.kind != "negated" or not any(_covers(o, f) for o in phrases)]
    kept = [f for f in kept if f.kind != "phrase" or not any(_inside(f, o) and o.name == f.name for o in phrases)]
    decided: dict[str, Fact] = {}
    problems: dict[str, str] = {}
    for name in dict.fromkeys(f.name for f in kept):
        values = {_key(f.value) for f in kept if f.name == name}
        fact = next(f for f in reversed(kept) if f.name == name)
        if len(values) == 1:
            decided[name] = fact
        else:
            label = definitions()[name].label
            problems[name] = f"关于“{label}”您的说法前后不一致，请再确认一下"
    return decided, problems


def _key(value: Any) -> Any:
    return round(value, 6) if isinstance(value, float) else value


def candidates(
    utterance: Utterance, pending: Question | None = None, lex: Lexicon | None = None
) -> tuple[list[Fact], dict]:
    """Every field's candidate facts in one pass over the message, normalised once."""
    lex = lex or lexicon()
    wanted = set(pending.fields) if pending else set()
    found = _statement_facts(utterance, lex)
    numbers, problems = _number_facts(utterance, lex, wanted)
    found += numbers
    found += _industry_fact(utterance, found, lex)
    return _in_context(utterance, found, lex), problems


def _in_context(utterance: Utterance, found: list[Fact], lex: Lexicon) -> list[Fact]:
    """What the words around a fact say of it: a supposition states nothing ("要是裁员的话…"), a
    clause about another party says nothing of the speaker ("隔壁那家被列成失信了"), nor words that name
    a measure ("上新生产线那条说的贴息"), a rhetorical
    question says the opposite ("哪家公司能不受影响呢"), and of two places the current one counts
    ("早先在国资委的楼里，去年挪到自家买下的楼了")."""
    supposed = _supposed_spans(utterance, lex)
    kept = []
    for fact in found:
        clause_start, clause = utterance.clause_at(fact.start)
        if any(start <= fact.start < end for start, end in supposed):
            continue
        if fact.name != "premises" and any(word in _span_clauses(utterance, fact) for word in lex.other_parties):
            continue
        if fact.kind in ("phrase", "negated") and _names_measure(utterance.normalised[fact.end : fact.end + 4], lex):
            continue  # "菜篮子那条找谁": names the measure, not the speaker's business
        if fact.kind == "industry" and _names_measure(clause, lex) and not _SELF.search(clause):
            continue  # "上新生产线那条说的贴息": a trade read from the clause naming a measure
        if isinstance(fact.value, bool) and fact.kind != "number" and any(word in clause for word in lex.asking_words):
            continue  # "晚点报税和晚点交税是不是一码事": asked about, not said
        if isinstance(fact.value, bool) and _rhetorical(_span_clauses(utterance, fact), lex):
            fact = Fact(fact.name, not fact.value, fact.start, fact.end, fact.kind, fact.low, fact.high)
        kept.append(fact)
    return _current_choices(utterance, kept, lex)


def _names_measure(text: str, lex: Lexicon) -> bool:
    """ "那条", "这一条" point at a measure; "这条件" is a condition."""
    return any(
        text[at + len(cue) : at + len(cue) + 1] != "件"
        for cue in lex.policy_references
        for at in _occurrences(text, cue)
    )


def _rhetorical(text: str, lex: Lexicon) -> bool:
    """ "谁说我们没参加失业保险了", "我们不是暂时困难嘛": a question that asserts the opposite of its words."""
    return any(cue in text for cue in lex.rhetorical_cues) or any(
        ordered_span(text, group, len(text)) for group in lex.rhetorical_groups
    )


def _span_clauses(utterance: Utterance, fact: Fact) -> str:
    """The clauses a fact's words run through ("疫情…，哪家…能不受影响呢")."""
    return "".join(
        clause for start, clause in utterance.clauses if start < fact.end and fact.start < start + len(clause)
    )


def _stale(utterance: Utterance, start: int, lex: Lexicon) -> bool:
    """Said of the past, a belief, a plan or in a question ("原先以为是国有的", "公家的房子租金真给免？")."""
    clause_start, clause = utterance.clause_at(start)
    asked = utterance.normalised[clause_start + len(clause) : clause_start + len(clause) + 1] in ("?", "？")
    return asked or any(cue in clause for cue in lex.not_current_cues)


def _supposed_spans(utterance: Utterance, lex: Lexicon) -> list[tuple[int, int]]:
    """Where suppositions run: from "要是/如果/打个比方" (not inside a word: "主要是") to the end of its
    clause, and on through clauses that go on with it ("…，那笔返还是不是就泡汤了"), or past a clause
    that is the cue alone ("打个比方，…")."""
    text = utterance.normalised
    spans = []
    for cue in lex.supposition_cues:
        for at in _occurrences(text, cue):
            if any(text[max(0, at - 2) : at + len(cue)].endswith(word) for word in lex.supposition_exceptions):
                continue
            clause_start, clause = utterance.clause_at(at)
            end = clause_start + len(clause)
            alone = clause.strip() == cue
            for start, following in utterance.clauses:
                if start < end:
                    continue
                if not (alone or following.startswith(lex.supposition_consequents)):
                    break
                end, alone = start + len(following), False
            spans.append((at, end))
    return spans


def _current_choices(utterance: Utterance, found: list[Fact], lex: Lexicon) -> list[Fact]:
    """Two choices for one enum field: drop those said of the past, a belief or a plan ("原先以为是
    国有的", "下个月可能搬去"); if two still differ, a clause that turns against the first ("可我们的
    店面是从个人手里转租的") decides."""
    kept = list(found)
    for name in {f.name for f in found if f.kind == "enum"}:
        choices = [f for f in kept if f.name == name and f.kind == "enum"]
        if len({f.value for f in choices}) < 2:
            continue
        clause = {id(f): utterance.clause_at(f.start)[1] for f in choices}
        stale = [f for f in choices if _stale(utterance, f.start, lex)]
        if stale and len(stale) < len(choices):
            kept = [f for f in kept if f not in stale]
            choices = [f for f in choices if f not in stale]
        last = max(choices, key=lambda f: f.start)
        first = min(choices, key=lambda f: f.start)
        corrected = any(cue in utterance.normalised[first.end : last.start] for cue in lex.correction_cues)
        if len({f.value for f in choices}) > 1 and (clause[id(last)].startswith(lex.contrast_cues) or corrected):
            # "…国有的市场 哦不对 我说错了 摊位是私人老板的市场": the choice after the correction counts.
            kept = [f for f in kept if f not in choices or f is last]
    return kept


def _named_choice(text: str) -> tuple[str, str] | None:
    """(field, choice) when the text is exactly a choice's key, label or synonym of one enum field."""
    hits = {
        (name, choice)
        for name, definition in definitions().items()
        if definition.type == "enum" and (choice := exact_choice(definition, text)) is not None
    }
    return hits.pop() if len(hits) == 1 else None


def read(text: str, pending: Question | None = None, lex: Lexicon | None = None) -> Reading:
    """What a message says about the enterprise, placed with the pending question's context."""
    lex = lex or lexicon()
    utterance = Utterance(text)
    found, number_problems = candidates(utterance, pending, lex)
    named = _named_choice(text)
    if named is not None:
        # The whole message is one choice's own name ("租赁和商务服务业", "承租其他房屋"): the words of
        # other choice fields inside it ("租赁", "其他") are part of that name.
        found = [f for f in found if f.kind not in ("enum", "industry") or f.name == named[0]]
        found = [f for f in found if f.name != named[0]] + [Fact(named[0], named[1], 0, len(text), kind="enum")]
    unsure = {f.name for f in found if f.kind == "unsure"}
    found = [f for f in found if f.kind != "unsure"]
    decided, problems = _decide(_settle_numbers(utterance, found, lex))
    for name in unsure - set(decided):
        problems.setdefault(name, lex.enum_unsure[name][1])
    reading = Reading(problems={**number_problems, **problems})
    for name, fact in decided.items():
        reading.facts[name] = fact.value
        if fact.kind == "industry" and not _SELF.search(utterance.normalised[fact.start : fact.end]):
            reading.in_passing.add(name)
        if fact.low is not None and fact.high is not None and fact.low < fact.high:
            reading.ranges[name] = (fact.low, fact.high)
    reading.skipped = _unknown_fields(utterance, lex)
    for name in reading.skipped:
        reading.problems.pop(name, None)
    for name in [*reading.problems, *reading.skipped]:
        reading.facts.pop(name, None)
        reading.ranges.pop(name, None)
    if pending is not None and pending.fields:
        reading.pending = _pending_answer(text, pending, reading, lex)
    return reading


def _unknown_fields(utterance: Utterance, lex: Lexicon) -> list[str]:
    """Fields named in a clause that says "不知道/不清楚" ("房东是谁我不知道", "资产总额多少不清楚")."""
    unknown: set[str] = set()
    previous = ""
    for _, clause in utterance.clauses:
        if any(phrase in clause for phrase in lex.skip):
            named = {name for _, name in _alias_hits(clause, lex, set(definitions()))}
            # "担保公司肯不肯给我们担保，这个我真不清楚": "这个" is what the clause before named; "失业保险
            # 交着呢，就是不知道交了多少": only its figure is unknown, not whether they pay.
            before = {name for _, name in _alias_hits(previous, lex, set(definitions()))}
            if _ASKS_AMOUNT.search(clause):
                before = {name for name in before if definitions()[name].type in ("int", "number")}
            unknown |= named or before
        previous = clause
    return sorted(unknown)


def _pending_answer(text: str, question: Question, reading: Reading, lex: Lexicon) -> Parsed | None:
    """The answer to the question just asked, when the message gives one.

    A message that states other facts answers the pending question only through facts of its
    own fields: "没贷过" to the special-groups question is about loans, not "none of them".
    """
    fields = set(question.fields)
    answered = {name: reading.facts[name] for name in fields if name in reading.facts}
    if question.is_group and any(answered.values()):
        # A multi-choice answer: the members chosen are true, the others are not chosen.
        return Parsed("ok", {name: bool(answered.get(name)) for name in question.fields})
    if answered and not question.is_group:
        return Parsed("ok", answered)
    if fields & set(reading.problems):
        return Parsed("invalid", problem=reading.problems[next(iter(fields & set(reading.problems)))])
    if reading.skipped:
        return Parsed("skip") if fields & set(reading.skipped) else None
    if is_skip(text, lex):
        return Parsed("skip")
    if reading.facts or reading.problems:
        return None
    if len(clean(text)) > _BARE_ANSWER_LENGTH and (
        looks_like_question(text) or any(cue in normalize(text) for cue in lex.overview_cues)
    ):
        return None  # "给我看看都有啥政策能享受", "我们零部件厂最后能享受啥，列一下" answer no question of ours
    if any(d.type in ("int", "number") for d in question.definitions()) and (
        _LEAVING.search(normalize(text)) or _LOAN.search(normalize(text))
    ):
        return None  # "员工从40多个减到了十来个", "贷了五十万": numbers about something else
    definitions_asked = question.definitions()
    if (
        len(definitions_asked) == 1
        and definitions_asked[0].type == "bool"
        and len(clean(text)) > _BARE_ANSWER_LENGTH
        and not mentions_topic(definitions_asked[0], text)
    ):
        # "旅店的房子不是租的" to "受疫情影响吗？": a 不 in a sentence about something else is no answer.
        return None
    if not question.is_group and all(d.type == "bool" for d in definitions_asked) and find_quantities(text):
        return None  # "人不多，研发加生产四十来个": a count, not a yes or no
    return parse_answer(definitions_asked, text)


def labelled(name: str, value: Any) -> str:
    """ "从业人员数 15人", "经营用房 承租其他房屋" for the confirmation line."""
    definition: FieldDef = definitions()[name]
    return f"{definition.label} {definition.value_label(value)}"


@lru_cache(maxsize=1)
def field_order() -> dict[str, int]:
    return {name: index for index, name in enumerate(definitions())}


def _range(quantity: Quantity, unit: str) -> tuple[float, float]:
    """The values the words allow, in the field's unit (a single value for an exact number)."""
    if hasattr(quantity, "range_in_unit"):
        return quantity.range_in_unit(unit)
    value = quantity.in_unit(unit)
    return value, value


_VALUE_CUE = re.compile(r"其实|实际上|实际|应该是|应该|改成|改为|更正为|更正成|应为")
_COPULA = re.compile(r"是|为")
_EDGE = ",.!?;，。！？；、 "


def _split_correction(normalised: str) -> list[tuple[str, str]]:
    """(what was said before, the new value) candidates around "其实/应该是/改成…" or a "是/为" (not
    "不是"), the new value cut at its clause's end ("是二十一个人，上个月新来了三个护士")."""
    found: list[tuple[str, str]] = []
    for pattern in (_VALUE_CUE, _COPULA):
        for cue in reversed(list(pattern.finditer(normalised))):
            if pattern is _COPULA and normalised[cue.start() - 1 : cue.start()] == "不":
                continue
            value = re.split(r"[,!?;，。！？；、]", normalised[cue.end() :].strip(_EDGE))[0]
            if value:
                found.append((normalised[: cue.start()], value))
        if found:
            return found
    return found


def _after_correction_cue(normalised: str, lex: Lexicon) -> list[tuple[str, str]]:
    """ "刚才人数说错了，一共七十二个": what follows the last correction word is the new value."""
    ends = [at + len(cue) for cue in lex.correction_cues for at in _occurrences(normalised, cue)]
    if not ends:
        return []
    end = max(ends)
    value = normalised[end:].strip(_EDGE + "了")
    return [(normalised[:end], value)] if value else []


def read_correction(text: str, lex: Lexicon | None = None) -> Reading:
    """ "刚才人数说错了，是80人", "刚才说没有融资需求，其实有": the new value wins.

    What the sentence repeats of the old answer ("没有融资需求") only names the field;
    the value is read from the words after the cue.
    """
    lex = lex or lexicon()
    normalised = normalize(text or "")
    whole = read(text, lex=lex)
    cued = _after_correction_cue(normalised, lex)
    corrected = {name for _, name in _alias_hits(cued[0][0], lex, set(definitions()))} if cued else set()
    if whole.facts and not whole.problems and not _VALUE_CUE.search(normalised) and corrected <= set(whole.facts):
        return whole  # "租金不对，两家加一起一万一": the new value is said outright
    for head, value_part in _split_correction(normalised) or cued:
        after = read(value_part, lex=lex)
        named = set(read(head, lex=lex).facts) | {name for _, name in _alias_hits(head, lex, set(definitions()))}
        reading = Reading(facts=dict(after.facts), ranges=dict(after.ranges), problems=dict(after.problems))
        for name in sorted(named - set(after.facts)):
            # "过年辞了俩，现在十三个": the new value is in the last clause that gives one.
            pieces = [piece for piece in _LIST_END.split(value_part) if piece.strip()]
            for piece in [*reversed(pieces), value_part] if len(pieces) > 1 else [value_part]:
                parsed = parse_answer([definitions()[name]], piece)
                if parsed.ok:
                    reading.facts.update(parsed.values)
                    break
        if reading.facts:
            # What else the message says, of fields it does not correct ("超市店员四十个，说错了，是十四个").
            for name, value in whole.facts.items():
                if name not in reading.facts and name not in whole.problems:
                    reading.facts[name] = value
            return reading
    return read(text, lex=lex)
