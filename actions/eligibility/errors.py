"""Errors of the eligibility engine, all ValueErrors carrying Chinese messages.

One family so that callers (CLI, chat bot) can catch everything the engine
rejects with a single except clause and show the message to a person.
"""

from __future__ import annotations


class EligibilityError(ValueError):
    """Base class: the request, a profile or a data file cannot be used."""


class ProfileError(EligibilityError):
    """A profile has problems; `problems` lists every one of them."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        numbered = "；".join(f"{i}. {p}" for i, p in enumerate(self.problems, 1))
        super().__init__(f"企业信息有{len(self.problems)}处问题：{numbered}")


class RulesError(EligibilityError):
    """A rules file or a standards file is malformed (a data bug, not a user error)."""
