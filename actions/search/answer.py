"""Turn search hits into an answer a person can act on.

An answer names the measure (number and title), quotes the sentences of the
clause that match the question, lists the units to contact and says how long
the policy ran. Nothing is added that the clause does not say.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from functools import cached_property, lru_cache

import cn2an
import numpy as np

from actions import settings
from actions.policy.corpus import PolicyDocument
from actions.search import tokenizer
from actions.search.hybrid import Hit, Searcher, SearchResult

_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")
# Weight of the (clause-normalised) embedding similarity next to the (clause-normalised) shared-term
# score. Lexical evidence leads; the embedding decides near-ties and paraphrases that share no word
# ("还不上" ~ "不能及时还款"). Chosen on 63 hand-written questions: the answering sentence was among
# the two shown for 56 with plain term overlap, 57 with IDF weights alone, 60 with this weight.
DENSE_WEIGHT = 0.3


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


class SentenceScorer:
    """Scores a clause's sentences against a question: IDF-weighted shared terms plus E5 similarity.

    Both come from the loaded index, so no sentence is embedded twice: the
    index already holds one vector per sentence of every measure (its views).
    """

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher

    @cached_property
    def _idf(self) -> tuple[dict[str, float], float]:
        """Inverse sentence frequency of each term over all indexed sentences."""
        sentences = [s for p in self.searcher.index.passages for s in split_sentences(p.text)]
        frequency: dict[str, int] = {}
        for sentence in sentences:
            for term in set(tokenizer.tokens(sentence)):
                frequency[term] = frequency.get(term, 0) + 1
        n = max(1, len(sentences))
        return {t: math.log(1 + n / c) for t, c in frequency.items()}, math.log(1 + n)

    @cached_property
    def _vectors(self) -> dict[str, np.ndarray]:
        """Indexed view text → its vector (views of passage i are stored in order)."""
        dense = self.searcher.index.dense
        vectors = dense.vectors.reconstruct_n(0, dense.vectors.ntotal)
        table: dict[str, np.ndarray] = {}
        position = 0
        for passage in self.searcher.index.passages:
            for view in passage.views():
                table.setdefault(view.strip(), vectors[position])
                position += 1
        return table

    def lexical(self, query: str, sentences: Sequence[str]) -> list[float]:
        table, unseen = self._idf
        terms = set(tokenizer.tokens(query))
        return [sum(table.get(t, unseen) for t in terms & set(tokenizer.tokens(s))) for s in sentences]

    def dense(self, query: str, sentences: Sequence[str]) -> list[float]:
        missing = [s for s in sentences if s not in self._vectors]
        if missing:
            for sentence, vector in zip(missing, self.searcher.embedder.passages(missing), strict=True):
                self._vectors[sentence] = vector
        query_vector = _query_vector(self.searcher, query)
        return [float(self._vectors[s] @ query_vector) for s in sentences]

    def scores(self, query: str, sentences: Sequence[str]) -> list[float]:
        lexical = _scaled(self.lexical(query, sentences))
        dense = _scaled(self.dense(query, sentences), shift=True)
        return [lx + DENSE_WEIGHT * dn for lx, dn in zip(lexical, dense, strict=True)]


@lru_cache(maxsize=256)
def _query_vector(searcher: Searcher, query: str) -> np.ndarray:
    """The question's vector; cached because one answer ranks several clauses for one question."""
    return searcher.embedder.queries([query])[0]


@lru_cache(maxsize=4)
def scorer_for(searcher: Searcher) -> SentenceScorer:
    """One scorer per loaded index (its IDF table and sentence vectors are built once)."""
    return SentenceScorer(searcher)


def _scaled(values: Sequence[float], shift: bool = False) -> list[float]:
    """Values divided by the clause's best (lexical), or min-max scaled (cosines sit in a narrow band)."""
    low = min(values) if shift else 0.0
    span = max(values) - low
    return [(v - low) / span if span > 0 else 0.0 for v in values]


def overlap_scores(query: str, sentences: Sequence[str]) -> list[float]:
    """Shared question terms per sentence: the fallback when no index is loaded."""
    terms = set(tokenizer.tokens(query))
    return [float(len(terms & set(tokenizer.tokens(s)))) for s in sentences]


def rank_sentences(query: str, sentences: Sequence[str], scorer: SentenceScorer | None = None) -> list[int]:
    """Indexes of the sentences, best match first (ties keep text order)."""
    scores = scorer.scores(query, sentences) if scorer else overlap_scores(query, sentences)
    return sorted(range(len(sentences)), key=lambda i: (-scores[i], i))


def key_sentences(query: str, text: str, limit: int = 2, scorer: SentenceScorer | None = None) -> list[str]:
    """The clause's sentences that best answer the question, in text order."""
    sentences = split_sentences(text)
    if len(sentences) <= limit:
        return sentences
    best = rank_sentences(query, sentences, scorer)[:limit]
    return [sentences[i] for i in sorted(best)]


def measure_label(section: int | None, title: str) -> str:
    if not section:
        return title
    return f"第（{cn2an.an2cn(section)}）条“{title}”"


def validity_note(document: PolicyDocument | None, as_of: dt.date | None = None) -> str:
    """Says when the measures ran, and that they are expired when they are."""
    if document is None or document.valid_until is None:
        return ""
    until = document.valid_until
    period = f"{until.year}年{until.month}月{until.day}日"
    if document.is_expired(as_of):
        return f"⚠ 提示：本政策执行至{period}，现已到期，以上内容仅供参考；现行政策请咨询{settings.HOTLINE}。"
    return f"提示：本政策执行至{period}。"


def format_hit(query: str, hit: Hit, scorer: SentenceScorer | None = None) -> str:
    passage = hit.passage
    lines = [f"【{measure_label(passage.section, passage.title)}】"]
    body = passage.text
    if passage.section and body.startswith(passage.title):
        body = body[len(passage.title) :].lstrip("。")
    lines.append("".join(key_sentences(query, body, scorer=scorer)))
    if passage.units:
        lines.append("责任单位：" + "、".join(passage.units))
    return "\n".join(lines)


def format_answer(
    result: SearchResult,
    documents: dict[str, PolicyDocument],
    as_of: dt.date | None = None,
    max_hits: int = 2,
    scope: str = "政策库",
    scorer: SentenceScorer | None = None,
    examples: Sequence[str] = (),
) -> str:
    """The hits worth showing (the best, plus a close second) and the validity note."""
    if result.abstained or not result.hits:
        return format_abstention(scope, examples)
    shown = [result.hits[0]]
    for hit in result.hits[1:max_hits]:
        if hit.score >= 0.75 * result.hits[0].score:
            shown.append(hit)
    parts = [format_hit(result.query, hit, scorer) for hit in shown]
    notes = {validity_note(documents.get(hit.passage.doc_id), as_of) for hit in shown} - {""}
    return "\n\n".join(parts + sorted(notes))


def format_abstention(scope: str = "政策库", examples: Sequence[str] = ()) -> str:
    """Says nothing matched; the example topics (policy data, meta.yml `example_topics`) show how to ask."""
    hint = "，带上具体事项再问"
    if examples:
        hint += "（比如" + "".join(f"“{topic}”" for topic in examples) + "）"
    return f"抱歉，我在{scope}里没有找到能回答这个问题的条款，不想猜一个给您。您可以换个说法{hint}，或拨打{settings.HOTLINE}咨询。"
