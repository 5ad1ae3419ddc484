"""Every free question answered from data: one entry point, `answer`, for both Rasa adapters.

A question is first classified by its wording (cue words in question-kinds.yml):

- article:   names a measure by number ("第N条说的是什么", "N条", "第N项找谁"); a number that is
             not a measure gets the count of measures and the offer of the list;
- document:  asks about the document itself (issuer, basis, validity, who is supported, how
             many measures, the list) — answered from meta.yml and the parsed text, never from
             one measure's units;
- detail:    asks one facet (units, conditions, procedure, materials, amount, period, …) of a
             topic it names ("<事项>怎么申请"): the topic is found by retrieval, the facet is
             quoted from the clause or reported as not given by the text;
- follow_up: asks a facet but names no topic ("那要找谁办?"): the measure last discussed;
- topic:     anything else goes to retrieval, which may abstain.

Classification needs no model; only topics and details search the index.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from actions import settings
from actions.conversation import about, followup, knowledge, question_cues
from actions.conversation.contacts import unit_contacts, units_text
from actions.conversation.knowledge import Answer
from actions.conversation.state import looks_like_question
from actions.policy.normalize import normalize
from actions.search import tokenizer
from actions.search.embedder import ModelMissingError
from actions.search.index import IndexUnavailableError

logger = logging.getLogger(__name__)

KINDS = ("article", "document", "detail", "follow_up", "topic", "contact", "later_year", "other_place")
# "2023年小微企业所得税怎么减免": a year the policy cannot speak for.
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# Fewer characters left after the cue and filler words are crumbs ("出不"), not a topic.
TOPIC_MIN_CHARS = 3
# How much nearer a question (whole or its topic alone) must be to the policy's example questions than
# to the declined ones for a word of one title to name that measure when retrieval abstains
# ("稳岗…要带些啥证件": +0.03, "社保晚交…卡在哪个门槛": +0.013; "长春那边的房租补贴怎么申请": +0.002,
# another city's subsidy). Set on the tuning sets.
_TITLE_FALLBACK_MARGIN = 0.005
# Document facets that, without "这个政策" etc., mean the measure in view when there is one.
_MEASURE_WHEN_IN_VIEW = ("overview",)


@dataclass(frozen=True)
class Question:
    """A classified question: its kind, the facet asked, the number it names and the topic words left."""

    text: str
    kind: str
    facet: str | None = None
    number: int | None = None
    topic: str = ""


def names_a_subject(text: str) -> bool:
    """ "房租这块有啥政策": the message names a subject the clauses speak of (question-kinds.yml topic_terms)."""
    normalised = normalize(text or "")
    return any(term in normalised for term in question_cues.cues().topic_terms)


def classify(text: str, measure_in_view: bool = False) -> Question:
    """The kind of a question from its wording alone (no retrieval)."""
    cues, names = question_cues.cues(), knowledge.policy_names()
    normalised = normalize(text or "")
    if any(cue in normalised for cue in cues.contact):
        return Question(text, "contact")
    later = _later_year(normalised)
    if later is not None:
        return Question(text, "later_year", number=later)
    place = question_cues.other_place(normalised, str(knowledge.meta("region") or ""))
    if place is not None and question_cues.article_number(text) is None:
        return Question(text, "other_place", topic=place)
    measure_facet = question_cues.first_facet(text, cues.measure_facets)
    topic = question_cues.residue(text, names)
    number = question_cues.article_number(text)
    if number is not None:
        return Question(text, "article", measure_facet, number, topic)
    subject = question_cues.has_document_subject(text, names)
    document_facet = question_cues.first_facet(text, cues.document_facets)
    # "贷款那几条都是啥": a subject of the clauses named, not the document's count.
    about_subject = not subject and names_a_subject(text)
    if document_facet and (subject or len(topic) < TOPIC_MIN_CHARS) and not about_subject:
        if subject or not (measure_in_view and document_facet in _MEASURE_WHEN_IN_VIEW):
            return Question(text, "document", document_facet, topic=topic)
        return Question(text, "follow_up", "content", topic=topic)
    if measure_facet:
        return Question(text, "detail" if topic else "follow_up", measure_facet, topic=topic)
    if subject and not topic:
        return Question(text, "document", "overview")
    if not topic and measure_in_view:
        return Question(text, "follow_up", "content")  # "那这个呢?": the measure in view again
    return Question(text, "topic", topic=topic)


def _later_year(normalised: str) -> int | None:
    """A year named after the policy's validity ran out (meta `valid_until`), else None."""
    until = knowledge.meta("valid_until")
    if not isinstance(until, dt.date):
        return None
    later = [int(year) for year in _YEAR.findall(normalised) if int(year) > until.year]
    return max(later) if later else None


def answer(text: str, profile: dict | None = None, last_measure: int | None = None) -> Answer:
    """The reply to one free question; `last_measure` is the measure discussed before (follow-ups)."""
    question = classify(text, measure_in_view=last_measure is not None)
    logger.debug("question %r classified as %s", text, question)
    try:
        return _ROUTES[question.kind](question, profile or {}, last_measure)
    except (IndexUnavailableError, ModelMissingError) as error:
        logger.error("retrieval unavailable: %s", error)
        return Answer(knowledge.unavailable_text(error), unavailable=True, kind=question.kind)


_ASKED = re.compile(r"(?<=[？?])")


def answer_each(text: str, profile: dict | None = None, last_measure: int | None = None) -> Answer:
    """Each question of a message that asks several ("宾馆总共能少交多少房租？还有，社保费可否晚些交？",
    "最长可以延多久？向哪个部门申请？"), in order, as one answer; a later one may refer to the measure
    an earlier one found. A message with one question, or whose parts answer nothing, is one question."""
    parts = [part for part in _ASKED.split(text or "") if part.strip()]
    asked = [part.rstrip().endswith(("？", "?")) for part in parts]
    # "…总共列了多少项？扶的是哪类企业": the last question may go without its question mark.
    if len(parts) < 2 or not all(asked[:-1]) or not (asked[-1] or looks_like_question(parts[-1])):
        return answer(text, profile, last_measure)
    answers: list[Answer] = []
    last = last_measure
    for index, part in enumerate(parts[:_MOST_QUESTIONS]):
        question = classify(part, measure_in_view=last is not None)
        if index and last is not None and question.kind == "detail" and len(question.topic) < _OWN_TOPIC_CHARS:
            # "…最长可以延多久？向哪个部门申请？": a later question with hardly a topic of its own asks
            # about the measure the one before found.
            followed = Question(part, "follow_up", question.facet)
            found = Answer(_measure_text(followed, last, profile or {}), [last], kind="follow_up")
        else:
            found = answer(part, profile, last)
        if found.abstained or found.unavailable or any(found.text == a.text for a in answers):
            continue
        answers.append(found)
        last = found.section if found.section is not None else last
    if len(answers) < 2:
        return answers[0] if answers else answer(text, profile, last_measure)
    validity = knowledge.validity()
    texts = [a.text.replace(validity, "").rstrip("\n　 ") for a in answers]
    sections = list(dict.fromkeys(section for a in answers for section in a.sections))
    return Answer("\n\n".join([*texts, validity]), sections, kind=answers[0].kind)


_MOST_QUESTIONS = 3
_OWN_TOPIC_CHARS = 4  # fewer characters of topic than this ("向申请") name no new subject


def _article(question: Question, profile: dict[str, Any], _last: int | None) -> Answer:
    number = question.number
    if number not in knowledge.measure_titles():
        return Answer(about.not_a_measure_answer(number or 0), kind="article")
    text = _measure_text(question, number, profile)
    return Answer(text, [number], kind="article")


def _measure_text(question: Question, section: int, profile: dict[str, Any], with_validity: bool = True) -> str:
    facet = question.facet
    if facet in (None, "content") and not question.topic:
        facet = "content"  # "what does it say": the whole clause when short
    elif facet == "content":
        facet = None  # "what does it say about <words>": the sentences about those words
    return followup.measure_answer(facet, section, question.text, profile, with_validity=with_validity)


def _document(question: Question, _profile: dict[str, Any], _last: int | None) -> Answer:
    return Answer(about.document_answer(question.facet or "overview"), kind="document")


def _follow_up(question: Question, profile: dict[str, Any], last: int | None) -> Answer:
    if last is not None and last in knowledge.measure_titles():
        return Answer(_measure_text(question, last, profile), [last], kind="follow_up")
    if question.facet == "requirements":
        return Answer(about.supported_answer(), kind="document")
    if question.facet == "unit" and question_cues.has_document_subject(question.text, knowledge.policy_names()):
        return Answer(about.units_overview_answer(), kind="document")
    return Answer(followup.which_measure_prompt(), kind="follow_up")


def _detail(question: Question, profile: dict[str, Any], _last: int | None) -> Answer:
    sections = topic_sections(question.text, question.topic)
    if not sections:
        return knowledge.abstention()
    blocks = [_measure_text(question, section, profile, with_validity=False) for section in sections]
    text = "\n\n".join([*blocks, knowledge.validity()]).strip()
    return Answer(text, sections, kind="detail")


def _contact(question: Question, _profile: dict[str, Any], last: int | None) -> Answer:
    """Addresses, phones, opening hours: the text gives none; a deployment's contacts file may."""
    named = [
        unit for units in map(knowledge.units, knowledge.measure_titles()) for unit in units if unit in question.text
    ]
    sections = (
        []
        if named
        else topic_sections(question.text, question_cues.residue(question.text, knowledge.policy_names()), False)
    )
    if not sections and last in knowledge.measure_titles():
        sections = [last]
    units = list(dict.fromkeys(named)) or [unit for section in sections[:1] for unit in knowledge.units(section)]
    configured = [unit for unit in units if unit in unit_contacts()]
    if configured:
        return Answer(f"{units_text(configured)}\n{knowledge.validity()}", kind="contact")
    template = question_cues.cues().templates["contact"]
    text = template.format(units="、".join(units) or "各责任单位", hotline=settings.HOTLINE)
    if sections and not named:
        # "免费的律师问合同的事，电话多少": the measure and its units, and no invented number.
        return Answer(f"{knowledge.label(sections[0])}\n{text}", sections[:1], kind="contact")
    return Answer(text, abstained=True, kind="contact")


def _later_year_answer(question: Question, _profile: dict[str, Any], _last: int | None) -> Answer:
    """This policy says nothing about a later year: say so, and where current policy is asked."""
    template = question_cues.cues().templates["later_year"]
    text = template.format(year=question.number, scope=knowledge.scope(), hotline=settings.HOTLINE)
    return Answer(f"{text}\n{knowledge.validity()}", abstained=True, kind="later_year")


def _other_place_answer(question: Question, _profile: dict[str, Any], _last: int | None) -> Answer:
    """This policy speaks for its own region only: say so, and where to ask instead."""
    template = question_cues.cues().templates["other_place"]
    region = str(knowledge.meta("region") or knowledge.scope())
    text = template.format(place=question.topic, scope=knowledge.scope(), region=region, hotline=settings.HOTLINE)
    return Answer(f"{text}\n{knowledge.validity()}", abstained=True, kind="other_place")


def _topic(question: Question, _profile: dict[str, Any], _last: int | None) -> Answer:
    return knowledge.answer_question(question.text)


def topic_sections(text: str, topic: str, by_title: bool = True) -> list[int]:
    """The measures a detail question's topic names: retrieval's best; if it abstains, the best
    hits that contain every topic word (so "能贷多少钱" still finds the loan measures, while a topic
    no clause mentions stays unanswered)."""
    result = knowledge.search(text)
    margins = [result.signals.get("decline_margin", 0.0)]
    if result.abstained and len(topic) >= TOPIC_MIN_CHARS:
        # "企业想推迟交税该怎么操作": the topic alone ("推迟交税") is the cleaner query; it abstains
        # on its own when no clause speaks of it.
        result = knowledge.search(topic)
    if not result.abstained:
        sections = [hit.passage.section for hit in result.hits if hit.passage.section]
        return sections[:1]
    words = tokenizer.words(topic)
    if not words:
        return []
    # "稳岗那个返钱的事…要带些啥证件": a word of the topic that one measure's title alone has, unless
    # the question is nearer the questions the index declines ("长春那边的房租补贴怎么申请").
    margins.append(result.signals.get("decline_margin", 0.0))
    declined = not by_title or max(margins) <= _TITLE_FALLBACK_MARGIN
    titled = (
        set()
        if declined
        else {
            section
            for section, title in knowledge.measure_titles().items()
            for word in words
            if len(word) >= 2 and any(same in normalize(title) for same in question_cues.cues().same_as(word))
        }
    )
    if len(titled) == 1:
        return sorted(titled)
    fallback = knowledge.search(text, abstain=False)
    found = [
        hit.passage.section
        for hit in fallback.hits
        if hit.passage.section and all(w in normalize(hit.passage.title + hit.passage.text) for w in words)
    ]
    return found[:2]


_ROUTES = {
    "article": _article,
    "document": _document,
    "detail": _detail,
    "follow_up": _follow_up,
    "topic": _topic,
    "contact": _contact,
    "later_year": _later_year_answer,
    "other_place": _other_place_answer,
}
