"""The public entry points: evaluate a profile, what to ask next, validate, field definitions.

`evaluate` returns exactly the JSON of the command-line contract (see
__main__.py); `run` returns the richer Evaluation the readable report needs
(size basis, validity text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actions.eligibility.ask_next import rank_fields
from actions.eligibility.assess import Assessment, assess
from actions.eligibility.context import Context, load_context
from actions.eligibility.errors import EligibilityError
from actions.eligibility.fields import FieldDef, input_fields
from actions.eligibility.profile import check_profile


@dataclass(frozen=True)
class Evaluation:
    """A profile evaluated against a policy on a date."""

    context: Context
    profile: dict[str, Any]
    as_of: dt.date
    assessment: Assessment
    ask_next: list[str]

    @property
    def expired(self) -> bool:
        """Past valid_until; a policy without a known end date is not called expired."""
        return self.context.document.is_expired(self.as_of)

    def to_dict(self) -> dict[str, Any]:
        """The CLI contract, key order included."""
        document = self.context.document
        until = document.valid_until
        measures = []
        for measure, decision in self.assessment.decisions:
            section = document.section(measure.section)
            measures.append(
                {
                    "section": measure.section,
                    "title": section.title,
                    "status": decision.status,
                    "reasons": list(decision.reasons),
                    "missing": list(decision.missing),
                    "benefit": decision.benefit,
                    "units": list(section.units),
                    "estimate": decision.estimate,
                }
            )
        return {
            "policy": {
                "doc_id": document.doc_id,
                "title": document.title,
                "valid_until": until.isoformat() if until else None,
                "expired": self.expired,
            },
            "sme": self.assessment.sme.to_dict(),
            "in_scope": self.assessment.in_scope,
            "measures": measures,
            "ask_next": list(self.ask_next),
        }


def parse_as_of(as_of: dt.date | str | None) -> dt.date:
    """'YYYY-MM-DD' / date / None (today) → date; raises EligibilityError otherwise."""
    if as_of is None:
        return dt.date.today()
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    if isinstance(as_of, str):
        try:
            return dt.date.fromisoformat(as_of.strip())
        except ValueError:
            pass
    raise EligibilityError(f"as_of 应为 YYYY-MM-DD 格式的日期，收到 {as_of!r}")


def field_definitions(policy: str | None = None, *, corpus_dir: Path | None = None) -> dict[str, FieldDef]:
    """The fields a profile may contain for this policy, in asking order."""
    return input_fields(load_context(policy, corpus_dir).fields)


def validate_profile(profile: Any, policy: str | None = None, *, corpus_dir: Path | None = None) -> dict[str, Any]:
    """Canonical profile (industry names mapped, numerals converted); ProfileError lists every problem."""
    return check_profile(profile, load_context(policy, corpus_dir).fields)


def run(
    profile: Any,
    policy: str | None = None,
    as_of: dt.date | str | None = None,
    *,
    corpus_dir: Path | None = None,
    with_ask_next: bool = True,
) -> Evaluation:
    """Validate and evaluate; raises EligibilityError (ProfileError for the profile)."""
    ctx = load_context(policy, corpus_dir)
    date = parse_as_of(as_of)
    clean = check_profile(profile, ctx.fields)
    questions = rank_fields(ctx, clean) if with_ask_next else []
    return Evaluation(ctx, clean, date, assess(ctx, clean), questions)


def evaluate(
    profile: Any, policy: str | None = None, as_of: dt.date | str | None = None, *, corpus_dir: Path | None = None
) -> dict[str, Any]:
    """The result dict of the CLI contract for one profile."""
    return run(profile, policy, as_of, corpus_dir=corpus_dir).to_dict()


def ask_next(profile: Any, policy: str | None = None, *, corpus_dir: Path | None = None) -> list[str]:
    """Unknown fields, the question that settles most first (validates the profile)."""
    ctx = load_context(policy, corpus_dir)
    return rank_fields(ctx, check_profile(profile, ctx.fields))
