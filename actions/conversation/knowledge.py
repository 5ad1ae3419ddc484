"""Policy knowledge for the conversation: retrieval answers and measure facts.

Wraps the search and corpus libraries so the actions get plain results: an
answer text plus the measure it is about, or an abstention, or a polite
"service unavailable" that relays the fixing command from the library's error
instead of crashing the action.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from actions import settings
from actions.policy.corpus import PolicyDocument, default_document, load_corpus
from actions.search.answer import format_abstention, format_answer, measure_label, validity_note
from actions.search.embedder import ModelMissingError
from actions.search.index import IndexUnavailableError
from actions.search.service import get_searcher

logger = logging.getLogger(__name__)

SCOPE = "辽源市支持中小企业的这22条措施"


@dataclass(frozen=True)
class Answer:
    """What the bot says to a policy question and what it was about."""

    text: str
    sections: list[int] = field(default_factory=list)
    abstained: bool = False
    unavailable: bool = False

    @property
    def section(self) -> int | None:
        """The measure the answer is mainly about (the follow-up anchor)."""
        return self.sections[0] if self.sections else None


@lru_cache(maxsize=1)
def documents() -> dict[str, PolicyDocument]:
    return {document.doc_id: document for document in load_corpus(settings.CORPUS_DIR)}


def policy() -> PolicyDocument:
    """The default policy (the 辽源 measures)."""
    return default_document(list(documents().values()))


def unavailable_text(error: Exception) -> str:
    return (
        f"抱歉，政策检索服务暂时不可用，暂时无法回答这个问题。（系统提示：{error}）您也可以拨打{settings.HOTLINE}咨询。"
    )


def answer_question(question: str, as_of: dt.date | None = None) -> Answer:
    """Retrieval answer for a free question; never raises for a missing index or model."""
    try:
        result = get_searcher().search(question, k=3)
    except (IndexUnavailableError, ModelMissingError) as error:
        logger.error("retrieval unavailable: %s", error)
        return Answer(unavailable_text(error), unavailable=True)
    if result.abstained or not result.hits:
        return Answer(format_abstention(SCOPE), abstained=True)
    text = format_answer(result, documents(), as_of=as_of, scope=SCOPE)
    best = result.hits[0].score
    sections = [
        hit.passage.section
        for hit in result.hits[:2]
        if hit.passage.section and (hit is result.hits[0] or hit.score >= 0.75 * best)
    ]
    return Answer(text, sections)


def measure_titles() -> dict[int, str]:
    return {s.number: s.title for s in policy().sections if s.number}


def label(section: int) -> str:
    """第（七）条“降低房租成本”."""
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
            get_searcher().search("房租减免", k=1)
        except Exception as error:  # noqa: BLE001 - warm-up must never kill the server
            logger.warning("warm-up failed: %s", error)

    threading.Thread(target=run, name="policy-warm-up", daemon=True).start()
