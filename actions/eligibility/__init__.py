"""Eligibility engine: which measures of a policy apply to an enterprise, and whom to contact.

Rules, the SME size standard, industry synonyms and profile fields are data
(corpus/<policy>/rules.yml, corpus/standards/*.yml); this package interprets
them. Python API for the chat bot and the hotline console:

    evaluate(profile, policy=None, as_of=None, *, corpus_dir=None) -> dict   # the CLI contract
    ask_next(profile, policy=None, *, corpus_dir=None) -> list[str]
    validate_profile(profile, policy=None, *, corpus_dir=None) -> dict       # raises ProfileError
    field_definitions(policy=None, *, corpus_dir=None) -> dict[str, FieldDef]
    normalise_industry(text, corpus_dir=None) -> str | None                  # "开饭店的" → "餐饮业"
    run(...) -> Evaluation; render(Evaluation) -> str                        # readable report
"""

from actions.eligibility.engine import (
    Evaluation,
    ask_next,
    evaluate,
    field_definitions,
    run,
    validate_profile,
)
from actions.eligibility.errors import EligibilityError, ProfileError, RulesError
from actions.eligibility.fields import FieldDef
from actions.eligibility.industries import normalise_industry
from actions.eligibility.report import render
from actions.eligibility.rules import STATUSES

__all__ = [
    "STATUSES",
    "EligibilityError",
    "Evaluation",
    "FieldDef",
    "ProfileError",
    "RulesError",
    "ask_next",
    "evaluate",
    "field_definitions",
    "normalise_industry",
    "render",
    "run",
    "validate_profile",
]
