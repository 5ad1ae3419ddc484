"""Benefit estimates: linear formulas given as data in the rules file.

Only where the policy itself states the arithmetic (rent: 1 month free + 2 months
half = 2 × monthly rent; job-stabilisation refund: 50% of last year's premium).
Each estimate shows its formula, its inputs and the amount, or what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from actions.eligibility.errors import RulesError
from actions.eligibility.fields import FieldDef, format_number


@dataclass(frozen=True)
class EstimateSpec:
    """amount = Σ factor × field, computed when the measure's status is in `statuses`."""

    label: str
    formula: str
    terms: tuple[tuple[str, float], ...]
    unit: str
    statuses: tuple[str, ...] = ("applies",)

    @property
    def inputs(self) -> list[str]:
        return [name for name, _ in self.terms]


def parse_estimate(spec: Any, fields: Mapping[str, FieldDef], where: str) -> EstimateSpec:
    """YAML {label, formula, terms: [{field, factor}], unit, statuses?} → EstimateSpec."""
    if not isinstance(spec, dict) or not spec.get("formula") or not spec.get("terms"):
        raise RulesError(f"{where}: estimate 需要 formula 和 terms")
    terms = []
    for term in spec["terms"]:
        name, factor = term.get("field"), term.get("factor")
        if name not in fields or fields[name].type not in ("int", "number"):
            raise RulesError(f"{where}: estimate 的 {name!r} 不是数值字段")
        if isinstance(factor, bool) or not isinstance(factor, (int, float)):
            raise RulesError(f"{where}: estimate 的 factor 应为数字")
        terms.append((name, factor))
    statuses = tuple(spec.get("statuses") or ("applies",))
    return EstimateSpec(
        str(spec.get("label") or ""), str(spec["formula"]), tuple(terms), str(spec.get("unit") or ""), statuses
    )


def compute(spec: EstimateSpec, facts: Mapping[str, Any], fields: Mapping[str, FieldDef]) -> dict[str, Any]:
    """The estimate object of the CLI contract: label, formula, inputs, amount (None while missing), text."""
    inputs = {name: facts.get(name) for name in spec.inputs}
    missing = [name for name, value in inputs.items() if value is None]
    amount = None
    if not missing:
        total = sum(factor * inputs[name] for name, factor in spec.terms)
        amount = int(total) if float(total).is_integer() else round(total, 2)
    if amount is None:
        text = f"{spec.formula}；还需要：{'、'.join(fields[name].label for name in missing)}"
    else:
        steps = " + ".join(
            f"{format_number(factor)} × {fields[name].value_label(inputs[name])}" for name, factor in spec.terms
        )
        text = f"{spec.formula}：{steps} = {format_number(amount)}{spec.unit}"
    return {
        "label": spec.label,
        "formula": spec.formula,
        "inputs": inputs,
        "amount": amount,
        "unit": spec.unit,
        "missing": missing,
        "text": text,
    }
