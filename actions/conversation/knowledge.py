"""Policy knowledge for the conversation: retrieval answers and measure facts.

Wraps the search and corpus libraries so the actions get plain results: an
answer text plus the measure it is about, or an abstention, or a polite
"service unavailable" that relays the fixing command from the library's error
instead of crashing the action. Every wording that names the policy (its scope,
example topics) comes from the policy's meta.yml, so a second policy needs no code.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from actions import settings
from actions.conversation.messages import split_message
from actions.policy.corpus import PolicyDocument, default_document, load_corpus
from actions.policy.parser import Section
from actions.search.answer import (
    SentenceScorer,
    format_abstention,
    format_answer,
    measure_label,
    scorer_for,
    validity_note,
)
from actions.search.embedder import ModelMissingError
from actions.search.hybrid import SearchResult
from actions.search.index import IndexUnavailableError
from actions.search.service import get_searcher

logger = logging.getLogger(__name__)
_REGION_SEGMENT = re.compile(r".+?(?:自治区|特别行政区|省|市|自治州|州|盟|地区|县|区|旗)")
_REGION_SUFFIX = re.compile(r"(?:自治区|特别行政区|省|市|自治州|州|盟|地区|县|区|旗)$")


@dataclass(frozen=True)
class Answer:
    """What the bot says to a policy question and what it was about."""

    text: str
    sections: list[int] = field(default_factory=list)
    abstained: bool = False
    unavailable: bool = False
    # Which kind of question was answered (questions.py: article, document, detail, follow_up, topic, …).
    kind: str = ""

    @property
    def section(self) -> int | None:
        """The measure the answer is mainly about (the follow-up anchor)."""
        return self.sections[0] if self.sections else None

    @property
    def messages(self) -> list[str]:
        """The text cut into chat messages within the channel's size cap."""
        return split_message(self.text)


@lru_cache(maxsize=1)
def documents() -> dict[str, PolicyDocument]:
    return {document.doc_id: document for document in load_corpus(settings.CORPUS_DIR)}


def policy() -> PolicyDocument:
    """The default policy (meta.yml `default: true`)."""
    return default_document(list(documents().values()))


def meta(key: str, default: object = None) -> object:
    """One metadata value of the default policy; every policy-specific key is optional."""
    value = policy().meta.get(key)
    return default if value in (None, "", []) else value


def scope() -> str:
    """How the answers name the policy ("the N measures of …"): meta `scope`, else its short title or title."""
    return str(meta("scope") or meta("short_title") or policy().title)


def policy_names() -> tuple[str, ...]:
    """How people name the policy itself: its titles and its region, whole and without the
    administrative suffix (a region "<省名>省<市名>市" also gives "<省名>" and "<市名>")."""
    names = [policy().title, str(meta("short_title") or ""), str(meta("region") or "")]
    for segment in _REGION_SEGMENT.findall(str(meta("region") or "")):
        names.extend([segment, _REGION_SUFFIX.sub("", segment)])
    return tuple(sorted({n for n in names if len(n) >= 2}, key=lambda n: (-len(n), n)))


def example_topics() -> list[str]:
    """Topics people ask about (meta `example_topics`), used to show how to ask; else the first titles."""
    topics = meta("example_topics")
    if isinstance(topics, list):
        return [str(t) for t in topics]
    return [s.title for s in measures()[:3]]


def unavailable_text(error: Exception) -> str:
    return (
        f"抱歉，政策检索服务暂时不可用，暂时无法回答这个问题。（系统提示：{error}）您也可以拨打{settings.HOTLINE}咨询。"
    )


def abstention() -> Answer:
    return Answer(format_abstention(scope(), example_topics()), abstained=True, kind="topic")


def sentence_scorer() -> SentenceScorer | None:
    """The index-backed sentence scorer, or None (plain term overlap) when the index cannot load."""
    try:
        return scorer_for(get_searcher())
    except (IndexUnavailableError, ModelMissingError) as error:
        logger.warning("sentence scorer unavailable, using term overlap: %s", error)
        return None


def search(question: str, abstain: bool = True) -> SearchResult:
    """Raw retrieval (raises IndexUnavailableError / ModelMissingError for the caller to report)."""
    return get_searcher().search(question, k=3, abstain=abstain)


def answer_question(question: str, as_of: dt.date | None = None) -> Answer:
    """Retrieval answer for a free question; never raises for a missing index or model."""
    try:
        result = search(question)
    except (IndexUnavailableError, ModelMissingError) as error:
        logger.error("retrieval unavailable: %s", error)
        return Answer(unavailable_text(error), unavailable=True, kind="topic")
    if result.abstained or not result.hits:
        return abstention()
    text = format_answer(
        result, documents(), as_of=as_of, scope=scope(), scorer=sentence_scorer(), examples=example_topics()
    )
    best = result.hits[0].score
    sections = [
        hit.passage.section
        for hit in result.hits[:2]
        if hit.passage.section and (hit is result.hits[0] or hit.score >= 0.75 * best)
    ]
    return Answer(text, sections, kind="topic")


def measures() -> list[Section]:
    """The numbered measures of the default policy (section 0, the preamble, excluded)."""
    return [s for s in policy().sections if s.number]


def measure_titles() -> dict[int, str]:
    return {s.number: s.title for s in measures()}


def label(section: int) -> str:
    """第（N）条“title”."""
    return measure_label(section, measure_titles().get(section, ""))


def units(section: int) -> list[str]:
    return list(policy().section(section).units)


def validity(as_of: dt.date | None = None) -> str:
    return validity_note(policy(), as_of)


def warm_up() -> None:
    """Load the searcher and corpus in the background so the first question is fast."""

    def run() -> None:
        try:
            documents()
            topic = example_topics()[0]
            get_searcher().search(topic, k=1)
            scorer = sentence_scorer()
            if scorer is not None:
                scorer.scores(topic, [topic])  # builds its term weights and sentence vectors
        except Exception as error:  # noqa: BLE001 - warm-up must never kill the server
            logger.warning("warm-up failed: %s", error)

    threading.Thread(target=run, name="policy-warm-up", daemon=True).start()
