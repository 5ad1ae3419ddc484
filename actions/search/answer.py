"""Turn search hits into an answer a person can act on.

An answer names the measure (number and title), quotes the sentences of the
clause that match the question, lists the units to contact and says how long
the policy ran. Nothing is added that the clause does not say.
"""

from __future__ import annotations

import datetime as dt
import re

import cn2an

from actions import settings
from actions.policy.corpus import PolicyDocument
from actions.search import tokenizer
from actions.search.hybrid import Hit, SearchResult

_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


def key_sentences(query: str, text: str, limit: int = 2) -> list[str]:
    """The clause's sentences sharing the most question words, in text order."""
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if len(sentences) <= limit:
        return sentences
    query_terms = set(tokenizer.tokens(query))

    def overlap(sentence: str) -> int:
        return len(query_terms & set(tokenizer.tokens(sentence)))

    best = sorted(range(len(sentences)), key=lambda i: (-overlap(sentences[i]), i))[:limit]
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


def format_hit(query: str, hit: Hit) -> str:
    passage = hit.passage
    lines = [f"【{measure_label(passage.section, passage.title)}】"]
    body = passage.text
    if passage.section and body.startswith(passage.title):
        body = body[len(passage.title) :].lstrip("。")
    lines.append("".join(key_sentences(query, body)))
    if passage.units:
        lines.append("责任单位：" + "、".join(passage.units))
    return "\n".join(lines)


def format_answer(
    result: SearchResult,
    documents: dict[str, PolicyDocument],
    as_of: dt.date | None = None,
    max_hits: int = 2,
    scope: str = "政策库",
) -> str:
    """The hits worth showing (the best, plus a close second) and the validity note."""
    if result.abstained or not result.hits:
        return format_abstention(scope)
    shown = [result.hits[0]]
    for hit in result.hits[1:max_hits]:
        if hit.score >= 0.75 * result.hits[0].score:
            shown.append(hit)
    parts = [format_hit(result.query, hit) for hit in shown]
    notes = {validity_note(documents.get(hit.passage.doc_id), as_of) for hit in shown} - {""}
    return "\n\n".join(parts + sorted(notes))


def format_abstention(scope: str = "政策库") -> str:
    return (
        f"抱歉，我在{scope}里没有找到能回答这个问题的条款，不想猜一个给您。"
        "您可以换个说法，带上具体事项再问（比如“房租减免”“社保缓缴”“延期缴税”），"
        f"或拨打{settings.HOTLINE}咨询。"
    )
