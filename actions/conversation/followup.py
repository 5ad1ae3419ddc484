"""Answers about one measure: whom to contact, what it needs, what it gives, what it says, details.

A question about a measure names it by number ("第N条找谁"), by its topic (found by
retrieval) or not at all ("那要找谁办?" — the measure last discussed). Every answer
names the measure's number and title and its responsible units, quotes only what
the clause says, and says plainly when the clause leaves a detail (procedure,
materials, an amount) open instead of guessing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from actions import settings
from actions.conversation import knowledge, question_cues
from actions.conversation.contacts import units_text
from actions.conversation.results import estimate_line, evaluate_profile
from actions.policy.normalize import normalize
from actions.search import tokenizer
from actions.search.answer import key_sentences, rank_sentences, split_sentences

KINDS = ("unit", "requirements", "benefit")
NO_TOPIC = -1  # the follow-up names no topic: it refers to the measure last discussed (0 is the preamble)


def referenced_measure(text: str) -> int | None:
    """The measure a message names by number, when it is one of the measures."""
    number = question_cues.article_number(text)
    return number if number in knowledge.measure_titles() else None


def names_a_topic(text: str) -> bool:
    """Whether anything but follow-up wording is left ("<事项>找哪个部门" yes, "那要找谁办?" no)."""
    return question_cues.names_a_topic(text, knowledge.policy_names())


def topic_measure(text: str) -> int | None:
    """The measure a follow-up names: by number, else by its topic words (retrieval).

    NO_TOPIC when the text names none (use the last measure); None when it names a
    topic no measure covers ("路灯坏了找谁") — then the last measure must not be used.
    """
    number = referenced_measure(text)
    if number is not None:
        return number
    if not names_a_topic(text):
        return NO_TOPIC
    answer = knowledge.answer_question(text)
    return answer.section if not answer.abstained and not answer.unavailable else None


def header(section: int) -> str:
    return f"【{knowledge.label(section)}】"


def units_line(section: int) -> str:
    return f"责任单位：{units_text(knowledge.units(section))}"


def _with_footer(section: int, lines: list[str], with_validity: bool = True) -> str:
    """The measure's header, the lines, its units and the validity note: what every answer carries."""
    note = knowledge.validity() if with_validity else ""
    return "\n".join(line for line in [header(section), *lines, units_line(section), note] if line)


def _body(section: int) -> str:
    return knowledge.policy().section(section).body


def _measure_result(section: int, profile: dict[str, Any]) -> dict[str, Any] | None:
    data = evaluate_profile(profile).to_dict()
    return next((m for m in data["measures"] if m["section"] == section), None)


_WHERE_TO_APPLY = re.compile(r"向[^，。；]{1,20}申请|提出申请|由企业申请|经[^，。；]{1,12}核准")


def unit_answer(section: int) -> str:
    """The responsible units, and the clause's own words on where to apply when it has them."""
    lines = [f"{knowledge.label(section)}的责任单位：{units_text(knowledge.units(section))}。"]
    where = [s for s in re.findall(r"[^。；]+[。；]?", _body(section)) if _WHERE_TO_APPLY.search(s)]
    if where:
        lines.append("原文：" + where[0].strip())
        lines.append(f"具体办理请联系上述单位，也可以拨打{settings.HOTLINE}咨询。")
    else:
        # "…具体该去敲哪个部门的门": the units, and plainly that the text names no office or steps.
        lines.append(f"政策原文没有写明具体在哪里办、怎么办，请联系上述单位，也可以拨打{settings.HOTLINE}咨询。")
    return "\n".join(lines)


def content_lines(section: int, question: str, whole: bool) -> list[str]:
    """The clause: its whole body when asked what it says and it is short, else the sentences that answer."""
    body = _body(section)
    if whole and len(body) <= question_cues.cues().whole_body_chars:
        return [body]
    query = question if not whole else knowledge.measure_titles().get(section, question)
    return ["".join(key_sentences(query, body, scorer=knowledge.sentence_scorer()))]


def requirements_answer(section: int, question: str, profile: dict[str, Any]) -> str:
    query = question + " 条件 对 企业"  # conditions read "对…的企业": lean towards the sentences that state them
    lines = ["原文：" + "".join(key_sentences(query, _body(section), scorer=knowledge.sentence_scorer()))]
    result = _measure_result(section, profile) if profile else None
    reasons = [r for r in (result or {}).get("reasons", []) if r]
    if reasons:
        lines.append("按您提供的情况：" + reasons[0])
    return "\n".join(lines)


def benefit_lines(section: int, profile: dict[str, Any]) -> list[str]:
    """What the measure gives (the rules' one-line benefit) and, for a described enterprise, an estimate."""
    result = _measure_result(section, profile) or {}
    lines = [f"能享受的支持：{result.get('benefit') or '见原文'}"]
    estimate = estimate_line(result.get("estimate"))
    if estimate and result.get("status") in ("applies", "possible"):
        lines.append(estimate)
    return lines


def benefit_answer(section: int, profile: dict[str, Any]) -> str:
    return "\n".join([knowledge.label(section), *benefit_lines(section, profile)])


@dataclass(frozen=True)
class DetailFinding:
    """What a clause says about one detail: the sentences that give it, if any."""

    facet: str
    sentences: list[str]
    # The sentences on what the question names, when only some are ("贴息" → the 贴息 sentence):
    # quoted when the detail itself is not given.
    about: list[str] = ()  # type: ignore[assignment]

    @property
    def given(self) -> bool:
        return bool(self.sentences)


def _topic_words(question: str) -> set[str]:
    """The things a question names: its words of two or more characters once the cue and filler words
    are gone, each once ("滞纳" inside "滞纳金" does not count twice)."""
    topic = question_cues.residue(question, knowledge.policy_names())
    words = {w for w in tokenizer.words(topic) if len(w) >= 2}
    return {w for w in words if not any(w != v and w in v for v in words)}


_QUESTION_CLAUSES = re.compile(r"[，,。？?！!；;\s]+")


def _asking_clause(question: str, facet: str) -> str | None:
    """The one clause that asks the facet, when the question has several ("社保最长能缓几个月啊，
    缓了要交滞纳金不": the first)."""
    cues = question_cues.cues().measure_facets.get(facet, ())
    clauses = [c for c in _QUESTION_CLAUSES.split(normalize(question)) if c]
    asking = [c for c in clauses if any(cue in c for cue in cues)]
    return asking[0] if len(clauses) > 1 and len(asking) == 1 else None


def _named_counts(sentences: list[str], words: set[str]) -> list[float]:
    """How much of what the question names each sentence names: each word (or a synonym) counts
    1 / the number of sentences naming it, so a word only one sentence has outweighs one that many
    share ("上新生产线那条说的贴息": 贴息, not 生产)."""
    same_as = question_cues.cues().same_as
    named = [{w for w in words if any(v in normalize(s) for v in same_as(w))} for s in sentences]
    spread = {w: sum(w in n for n in named) for w in words}
    return [round(sum(1 / spread[w] for w in n), 6) for n in named]


def find_detail(section: int, facet: str, question: str) -> DetailFinding:
    """The clause's sentences that give the detail (an amount, a period, a procedure step): the two
    that best match the question when more do, in text order.

    Only the sentences naming most of what the question names count ("扩产能的贴息贴几个点": the
    sentence on 贴息, none on 零收费)."""
    spec = question_cues.cues().details.get(facet, {})
    patterns = [re.compile(p) for p in spec.get("evidence", [])]
    measure_sentences = split_sentences(_body(section))
    # What the clause asking the detail names, if the measure speaks of it (社保, not 滞纳金);
    # else what the whole question names.
    asking = _asking_clause(question, facet)
    overlap = _named_counts(measure_sentences, _topic_words(asking)) if asking else []
    if not any(overlap):
        overlap = _named_counts(measure_sentences, _topic_words(question))
    most = max(overlap, default=0)
    about = [s for s, n in zip(measure_sentences, overlap, strict=True) if n == most] if most else measure_sentences
    sentences = [s for s in about if any(p.search(s) for p in patterns)]
    if len(sentences) > 2:
        order = rank_sentences(question, sentences, knowledge.sentence_scorer())[:2]
        sentences = [sentences[i] for i in sorted(order)]
    named = about if most and len(about) < len(measure_sentences) else []
    return DetailFinding(facet, sentences, named[:2])


def detail_lines(section: int, facet: str, question: str, profile: dict[str, Any]) -> list[str]:
    """Quote the sentences that give the detail; say plainly when the clause does not give it."""
    spec = question_cues.cues().details.get(facet, {})
    finding = find_detail(section, facet, question)
    ask = f"请向责任单位咨询，也可以拨打{settings.HOTLINE}。"
    if not finding.given:
        # "贴息贴几个点": what the clause does say of the thing asked about, for a figure it leaves open.
        said = ["原文只说：" + finding.about[0]] if spec.get("estimate") and len(finding.about) == 1 else []
        return [*said, f"政策原文没有写明{spec.get('name', '这一点')}。", ask]
    lines = ["原文：" + "".join(finding.sentences)]
    if spec.get("partial"):
        lines.append(f"原文没有写明{spec.get('name', '更具体的办理细节')}，{ask}")
    if profile and spec.get("estimate"):
        result = _measure_result(section, profile) or {}
        estimate = estimate_line(result.get("estimate"))
        if estimate and result.get("status") in ("applies", "possible"):
            lines.append(estimate)
    return lines


def measure_answer(
    facet: str | None, section: int, question: str, profile: dict[str, Any], with_validity: bool = True
) -> str:
    """The answer about one measure for one facet of the question.

    facet "content" shows what the clause says (whole when short); None the sentences that answer.
    """
    if facet == "unit":
        note = knowledge.validity() if with_validity else ""
        return "\n".join(line for line in [unit_answer(section), note] if line)
    if facet == "requirements":
        lines = [requirements_answer(section, question, profile)]
    elif facet == "benefit":
        lines = benefit_lines(section, profile)
    elif facet in question_cues.cues().details:
        lines = detail_lines(section, facet, question, profile)
    else:
        lines = content_lines(section, question, whole=facet == "content")
    return _with_footer(section, lines, with_validity)


def follow_up_answer(kind: str, section: int, question: str, profile: dict[str, Any]) -> str:
    """The answer text for one kind of follow-up about one measure, with its units and the validity note."""
    return measure_answer(kind, section, question, profile)


def which_measure_prompt() -> str:
    """Asks which measure is meant, with example questions built from the policy's example topics."""
    templates = question_cues.cues().templates
    forms = templates["example_forms"]
    topics = knowledge.example_topics()[: len(forms)]
    examples = "".join(form.format(topic=topic) for form, topic in zip(forms, topics, strict=False))
    return templates["which_measure"].format(examples=examples)


def validity_answer() -> str:
    document = knowledge.policy()
    text = document.meta.get("validity_text") or ""
    head = f"《{document.title}》{('：' + text) if text else ''}"
    return f"{head}\n{knowledge.validity()}"
