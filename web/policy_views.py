"""The policy library as the staff API shows it: search hits, documents, measures, fields.

Thin views over the project's libraries (actions.search, actions.policy, actions.eligibility):
the JSON of their command lines, plus what a console needs beside it (validity, terms to highlight).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from actions import settings
from actions.conversation.question_cues import article_number
from actions.eligibility.engine import field_definitions, run
from actions.eligibility.report import render
from actions.policy.corpus import PolicyDocument, default_document, find_document, load_corpus
from actions.policy.normalize import normalize
from actions.search.answer import measure_label, validity_note
from actions.search.service import get_searcher
from actions.search.tokenizer import words


@lru_cache(maxsize=1)
def documents() -> tuple[PolicyDocument, ...]:
    return tuple(load_corpus(settings.CORPUS_DIR))


def validity(document: PolicyDocument, today: dt.date | None = None) -> dict[str, Any]:
    """Until when the policy ran, whether it has expired, and the bot's sentence saying so."""
    until = document.valid_until
    return {
        "valid_until": until.isoformat() if until else None,
        "expired": document.is_expired(today),
        "validity_note": validity_note(document, today),
    }


def document_summary(document: PolicyDocument) -> dict[str, Any]:
    measures = [s for s in document.sections if s.number]
    return {
        "doc_id": document.doc_id,
        "title": document.title,
        "measures": len(measures),
        **validity(document),
    }


def document_detail(doc_id: str) -> dict[str, Any]:
    document = find_document(list(documents()), doc_id)
    return {
        **document_summary(document),
        "sections": [
            {
                "section": s.number,
                "label": measure_label(s.number, s.title),
                "title": s.title,
                "text": s.body,
                "units": list(s.units),
            }
            for s in document.sections
            if s.number
        ],
    }


def known_doc_ids() -> set[str]:
    return {d.doc_id for d in documents()}


def highlight_terms(query: str) -> list[str]:
    """The query's words (system normalisation and tokenizer), longest first, for <mark>ing."""
    return sorted(set(words(normalize(query))), key=len, reverse=True)


def _article_hit(query: str) -> dict[str, Any] | None:
    """ "7", "第七条", "7条": that measure of the default policy, as the first hit (agents type numbers)."""
    stripped = query.strip()
    number = article_number(stripped) or (int(stripped) if stripped.isdigit() and len(stripped) <= 3 else None)
    if not number:
        return None
    document = default_document(list(documents()))
    try:
        section = document.section(number)
    except KeyError:
        return None
    return {
        "doc_id": document.doc_id,
        "section": section.number,
        "title": section.title,
        "text": section.text,
        "units": list(section.units),
        "score": None,
        "match": "article number",
    }


def search(query: str, k: int) -> dict[str, Any]:
    """The search command line's JSON for one query, each hit with its policy's validity.

    An article reference ("7", "第七条") puts that measure first: the text search alone does
    not read numbers as article references.
    """
    result = get_searcher(settings.INDEX_DIR).search(query, k=k).to_dict()
    article = _article_hit(query)
    if article is not None:
        others = [
            h for h in result.get("hits", []) if (h["doc_id"], h["section"]) != (article["doc_id"], article["section"])
        ]
        result["hits"] = [article, *(others if not result.get("abstained") else [])][:k]
        result["abstained"] = False
    by_id = {d.doc_id: d for d in documents()}
    for hit in result.get("hits", []):
        document = by_id.get(hit.get("doc_id"))
        hit["label"] = measure_label(hit["section"], hit.get("title", ""))
        if document is not None:
            hit["policy_title"] = document.title
            hit.update(validity(document))
    result["q"] = query
    result["terms"] = highlight_terms(query)
    return result


def fields(policy: str | None = None) -> list[dict[str, Any]]:
    """The profile fields with the bot's questions, in the order of profile-fields.yml."""
    return [d.to_dict() for d in field_definitions(policy).values() if not d.derived]


def eligibility(profile: dict[str, Any], as_of: str | None, policy: str | None) -> dict[str, Any]:
    """The eligibility command line's JSON, plus the readable report to read out or paste."""
    evaluation = run(profile, policy, as_of)
    return {**evaluation.to_dict(), "answer_text": render(evaluation)}
