"""One profile against one policy: SME decision, scope gate, every measure's decision.

Kept apart from the output format so that ask_next can re-run it cheaply with
trial values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actions.eligibility.context import Context
from actions.eligibility.rules import Decision, Measure, decide, labels
from actions.eligibility.size import SizeResult, classify

# Facts the engine derives for the rules; an unknown one stands for the inputs it still needs.
DERIVED_SME = "sme"


@dataclass(frozen=True)
class Assessment:
    sme: SizeResult
    in_scope: bool | None
    scope_reasons: list[str]
    scope_missing: list[str]
    decisions: list[tuple[Measure, Decision]]


def _expand(names: tuple[str, ...], sme: SizeResult) -> list[str]:
    expanded: list[str] = []
    for name in names:
        expanded += sme.missing if name == DERIVED_SME else [name]
    return list(dict.fromkeys(expanded))


def assess(ctx: Context, profile: dict[str, Any], explain: bool = True) -> Assessment:
    """Decisions for a validated profile; explain=False skips the size basis (for trial runs)."""
    sme = classify(ctx.standard, profile, explain)
    facts = {**profile, DERIVED_SME: sme.is_sme}
    scope = ctx.rules.scope
    in_scope, reasons, missing = True, [], []
    if scope is not None:
        verdict = scope.when.evaluate(facts)
        in_scope, missing = verdict.value, _expand(verdict.unknown, sme)
        if in_scope is False:
            reasons = [f"不属于本政策的支持对象（{scope.label}）：" + "；".join(verdict.unmet)]
        elif in_scope is None:
            reasons = [f"是否属于本政策的支持对象（{scope.label}）尚未确定，还需要了解：{labels(missing, ctx.fields)}"]
    decisions = []
    for measure in ctx.rules.measures:
        decision = decide(measure, facts, ctx.fields)
        if in_scope is False:
            decision = Decision("not_applicable", list(reasons), [], measure.benefit, None)
        elif in_scope is None:
            decision = Decision(
                decision.status, decision.reasons + reasons, decision.missing, decision.benefit, decision.estimate
            )
        decisions.append((measure, decision))
    return Assessment(sme, in_scope, reasons, missing, decisions)
