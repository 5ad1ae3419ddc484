"""The everyday wording of answers (vocabulary.yml), loaded once and normalised."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from actions.policy.normalize import normalize

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yml")


def _words(values: Any) -> tuple[str, ...]:
    """Normalised phrases, longest first (so "没有困难" is tried before "没有")."""
    return tuple(sorted({normalize(str(v)) for v in values or []}, key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Lexicon:
    skip: tuple[str, ...]
    yes: tuple[str, ...]
    no: tuple[str, ...]
    difficulty_yes: tuple[str, ...]
    unclear: tuple[str, ...]
    inverted: frozenset[str]
    field_true: dict[str, tuple[str, ...]]
    enum_phrases: dict[str, dict[str, tuple[str, ...]]]
    month_words: dict[str, int]
    zero: tuple[str, ...]
    group_none: tuple[str, ...]
    group_keywords: dict[str, tuple[str, ...]]
    field_aliases: dict[str, tuple[str, ...]]
    unit_fields: dict[str, str]
    interruption_cues: dict[str, tuple[str, ...]]
    statements: dict[str, dict[bool, tuple[str, ...]]]
    description_tails: tuple[str, ...]
    zero_statements: dict[str, tuple[str, ...]]
    topic_words: dict[str, tuple[str, ...]]
    industry_blockers: tuple[str, ...]
    unit_default_fields: dict[str, str]
    overview_cues: tuple[str, ...]
    correction_cues: tuple[str, ...]
    person_nouns: tuple[str, ...]
    request_cues: tuple[str, ...]
    person_requests: tuple[str, ...]
    total_cues: tuple[str, ...]
    superseded_cues: tuple[str, ...]
    owed_cues: tuple[str, ...]
    negating_tails: tuple[str, ...]
    premises_blockers: tuple[str, ...]
    statements_all_of: dict[str, dict[bool, tuple[tuple[str, ...], ...]]]
    spellings: dict[str, str]
    refinable_choices: dict[str, tuple[str, ...]]
    other_parties: tuple[str, ...]
    policy_references: tuple[str, ...]
    failing_tails: tuple[str, ...]
    activity_tails: tuple[str, ...]
    denial_before_cues: tuple[str, ...]
    self_description_cues: tuple[str, ...]
    statement_negating_tails: tuple[str, ...]
    supposition_cues: tuple[str, ...]
    supposition_exceptions: tuple[str, ...]
    supposition_consequents: tuple[str, ...]
    rhetorical_cues: tuple[str, ...]
    rhetorical_groups: tuple[tuple[str, ...], ...]
    not_current_cues: tuple[str, ...]
    contrast_cues: tuple[str, ...]
    other_payments: tuple[str, ...]
    period_only_aliases: tuple[str, ...]
    per_person_cues: tuple[str, ...]
    runway_cues: tuple[str, ...]
    overview_groups: tuple[tuple[str, ...], ...]
    enum_unsure: dict[str, tuple[tuple[str, ...], str]]
    negated_says_nothing: dict[str, tuple[str, ...]]
    asking_words: tuple[str, ...]
    restart_words: tuple[str, ...]
    denied_figure_cues: tuple[str, ...]


@lru_cache(maxsize=1)
def lexicon(path: Path = VOCABULARY_FILE) -> Lexicon:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = data["special_groups"]
    return Lexicon(
        skip=_words(data["skip"]),
        yes=_words(data["affirmative"]),
        no=_words(data["negative"]),
        difficulty_yes=_words(data["difficulty_yes"]),
        unclear=_words(data["unclear"]),
        inverted=frozenset(data.get("inverted_questions") or []),
        field_true={k: _words(v) for k, v in (data.get("field_true_phrases") or {}).items()},
        enum_phrases={f: {c: _words(w) for c, w in choices.items()} for f, choices in data["enum_phrases"].items()},
        month_words={normalize(k): int(v) for k, v in data["month_words"].items()},
        zero=_words(data["zero"]),
        group_none=_words(groups["none"]),
        group_keywords={f: _words(w) for f, w in groups["keywords"].items()},
        field_aliases={f: _words(w) for f, w in data["field_aliases"].items()},
        unit_fields=dict(data["unit_fields"]),
        interruption_cues={i: _words(w) for i, w in (data.get("interruption_cues") or {}).items()},
        statements={
            name: {True: _words(said.get("says_true")), False: _words(said.get("says_false"))}
            for name, said in (data.get("statements") or {}).items()
        },
        description_tails=_words(data.get("description_tails")),
        zero_statements={f: _words(w) for f, w in (data.get("zero_statements") or {}).items()},
        topic_words={f: _words(w) for f, w in (data.get("topic_words") or {}).items()},
        industry_blockers=_words(data.get("industry_blockers")),
        unit_default_fields=dict(data.get("unit_default_fields") or {}),
        overview_cues=_words(data.get("overview_cues")),
        correction_cues=_words(data.get("correction_cues")),
        person_nouns=_words(data.get("person_nouns")),
        request_cues=_words(data.get("request_cues")),
        person_requests=_words(data.get("person_requests")),
        total_cues=_words(data.get("total_cues")),
        superseded_cues=_words(data.get("superseded_cues")),
        owed_cues=_words(data.get("owed_cues")),
        negating_tails=_words(data.get("negating_tails")),
        premises_blockers=_words(data.get("premises_blockers")),
        statements_all_of={
            name: {
                True: tuple(tuple(normalize(w) for w in group) for group in said.get("says_true") or ()),
                False: tuple(tuple(normalize(w) for w in group) for group in said.get("says_false") or ()),
            }
            for name, said in (data.get("statements_all_of") or {}).items()
        },
        spellings={normalize(k): normalize(v) for k, v in (data.get("spellings") or {}).items()},
        refinable_choices={f: tuple(c) for f, c in (data.get("refinable_choices") or {}).items()},
        other_parties=_words(data.get("other_parties")),
        policy_references=_words(data.get("policy_references")),
        failing_tails=_words(data.get("failing_tails")),
        activity_tails=_words(data.get("activity_tails")),
        denial_before_cues=_words(data.get("denial_before_cues")),
        self_description_cues=_words(data.get("self_description_cues")),
        statement_negating_tails=_words(data.get("statement_negating_tails")),
        supposition_cues=_words(data.get("supposition_cues")),
        supposition_exceptions=_words(data.get("supposition_exceptions")),
        supposition_consequents=_words(data.get("supposition_consequents")),
        rhetorical_cues=_words(data.get("rhetorical_cues")),
        rhetorical_groups=tuple(tuple(normalize(w) for w in group) for group in data.get("rhetorical_groups") or ()),
        not_current_cues=_words(data.get("superseded_cues")) + _words(data.get("not_current_cues")),
        contrast_cues=_words(data.get("contrast_cues")),
        other_payments=_words(data.get("other_payments")),
        period_only_aliases=_words(data.get("period_only_aliases")),
        per_person_cues=_words(data.get("per_person_cues")),
        runway_cues=_words(data.get("runway_cues")),
        overview_groups=tuple(tuple(normalize(w) for w in group) for group in data.get("overview_groups") or ()),
        negated_says_nothing={f: _words(w) for f, w in (data.get("negated_says_nothing") or {}).items()},
        asking_words=_words(data.get("asking_words")),
        restart_words=_words(data.get("restart_words")),
        denied_figure_cues=_words(data.get("denied_figure_cues")),
        enum_unsure={
            name: (_words(spec.get("phrases")), str(spec.get("ask", "")))
            for name, spec in (data.get("enum_unsure") or {}).items()
        },
    )
