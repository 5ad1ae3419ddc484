"""SME size classification per 《中小企业划型标准规定》, read from data.

Decides as early as the standard allows: one metric below the large bound
already proves SME status, one metric below a class bound drops the class. When
the industry is unknown, every industry is tried and a decision they all agree
on is still a decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from actions.eligibility.data import load_yaml, standards_dir
from actions.eligibility.errors import RulesError
from actions.eligibility.fields import format_number

DEFAULT_STANDARD = "sme-size-standard.yml"


@dataclass(frozen=True)
class SizeClass:
    key: str
    label: str
    sme: bool


@dataclass(frozen=True)
class SizeStandard:
    """The industries with, per metric, the lower bound of each size class."""

    source: str
    metrics: dict[str, dict[str, str]]
    classes: tuple[SizeClass, ...]
    below: SizeClass
    industries: dict[str, dict[str, dict[str, float]]]

    def bounds_text(self, industry: str, cls: SizeClass) -> str:
        """'从业人员≥1000人、营业收入≥40000万元'."""
        return "、".join(
            f"{self.metric_label(m)}≥{format_number(b[cls.key])}{self.metrics[m].get('unit', '')}"
            for m, b in self.industries[industry].items()
        )

    def metric_label(self, metric: str) -> str:
        return self.metrics[metric].get("label", metric)

    def metric_value(self, metric: str, value: float) -> str:
        return f"{self.metric_label(metric)}{format_number(value)}{self.metrics[metric].get('unit', '')}"


@dataclass(frozen=True)
class SizeResult:
    """SME status yes/no/unknown, the size when decidable, what is still missing, and why."""

    status: str
    size: str | None
    missing: list[str] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)

    @property
    def is_sme(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.status)

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "size": self.size, "missing": list(self.missing)}


def parse_standard(data: Any, source: str) -> SizeStandard:
    """The YAML document → SizeStandard, checking every industry has every class bound."""
    try:
        metrics = {str(k): dict(v) for k, v in data["metrics"].items()}
        classes = tuple(SizeClass(str(c["key"]), str(c["label"]), bool(c["sme"])) for c in data["classes"])
        below = SizeClass(str(data["below"]["key"]), str(data["below"]["label"]), bool(data["below"]["sme"]))
        industries = {str(name): dict(spec["bounds"]) for name, spec in data["industries"].items()}
    except (KeyError, TypeError, AttributeError) as exc:
        raise RulesError(f"{source}: 划型标准格式不对（{exc}）") from exc
    for name, bounds in industries.items():
        for metric, by_class in bounds.items():
            if metric not in metrics:
                raise RulesError(f"{source}: {name} 使用了未定义的指标 {metric}")
            if set(by_class) != {c.key for c in classes}:
                raise RulesError(f"{source}: {name} 的 {metric} 应给出 {[c.key for c in classes]} 的下限")
    return SizeStandard(str(data.get("source", "")), metrics, classes, below, industries)


@lru_cache(maxsize=8)
def _load(path: Path) -> SizeStandard:
    return parse_standard(load_yaml(path), str(path))


def load_standard(corpus_dir: Path | None = None, name: str = DEFAULT_STANDARD) -> SizeStandard:
    return _load(standards_dir(corpus_dir) / name)


def _reaches(standard: SizeStandard, industry: str, cls: SizeClass, profile: dict[str, Any]) -> bool | None:
    """Whether every metric is at its bound for `cls`: False as soon as one is below, None while unknown."""
    result: bool | None = True
    for metric, bounds in standard.industries[industry].items():
        value = profile.get(metric)
        if value is None:
            result = None
        elif value < bounds[cls.key]:
            return False
    return result


def _explain(standard: SizeStandard, industry: str, cls: SizeClass, profile: dict[str, Any]) -> str:
    """The readable line for one class check, e.g. '大型企业标准（…）：未达到，因为从业人员50人＜1000人'."""
    below, unknown = [], []
    for metric, bounds in standard.industries[industry].items():
        value, bound = profile.get(metric), bounds[cls.key]
        if value is None:
            unknown.append(standard.metric_label(metric))
        elif value < bound:
            unit = standard.metrics[metric].get("unit", "")
            below.append(f"{standard.metric_value(metric, value)}＜{format_number(bound)}{unit}")
    head = f"{cls.label}企业标准（{standard.bounds_text(industry, cls)}）"
    if below:
        return f"{head}：未达到，因为{'、'.join(below)}"
    if unknown:
        return f"{head}：无法判断，缺少{'、'.join(unknown)}"
    return f"{head}：达到"


def classify_in(standard: SizeStandard, industry: str, profile: dict[str, Any], explain: bool = True) -> SizeResult:
    """Classification within one known industry; `explain` adds the readable basis."""
    basis = [f"行业：{industry}"]
    size: SizeClass | None = None
    for cls in standard.classes:
        reached = _reaches(standard, industry, cls, profile)
        if explain:
            basis.append(_explain(standard, industry, cls, profile))
        if reached is None:
            break
        if reached:
            size = cls
            break
    else:
        size = standard.below
        basis.append(f"未达到{standard.classes[-1].label}企业标准 → {standard.below.label}")
    large = _reaches(standard, industry, standard.classes[0], profile)
    status = {True: "no", False: "yes", None: "unknown"}[large]
    missing = [] if size else [m for m in standard.industries[industry] if profile.get(m) is None]
    basis.append(_conclusion(status, size))
    return SizeResult(status, size.label if size else None, missing, basis if explain else [])


_VERDICTS = {"yes": "属于中小企业", "no": "不属于中小企业（大型企业）", "unknown": "是否属于中小企业尚不能确定"}


def _conclusion(status: str, size: SizeClass | None) -> str:
    return f"结论：{_VERDICTS[status]}" + (f"，规模为{size.label}" if size and status != "no" else "")


def classify(standard: SizeStandard, profile: dict[str, Any], explain: bool = True) -> SizeResult:
    """SME status and size of a (validated) profile, deciding on partial information."""
    industry = profile.get("industry")
    if industry is not None:
        return classify_in(standard, industry, profile, explain)
    results = [classify_in(standard, name, profile, explain=False) for name in standard.industries]
    statuses = {r.status for r in results}
    sizes = {r.size for r in results}
    status = statuses.pop() if len(statuses) == 1 else "unknown"
    size = sizes.pop() if len(sizes) == 1 and status != "unknown" else None
    missing: list[str] = []
    if size is None:
        missing = ["industry", *[m for m in standard.metrics if profile.get(m) is None]]
    basis = ["行业：未知，按全部行业的标准逐一判断"]
    if status != "unknown":
        basis.append(f"无论属于哪个行业，结论相同：{_VERDICTS[status]}")
    basis.append(_conclusion(status, next((c for c in (*standard.classes, standard.below) if c.label == size), None)))
    return SizeResult(status, size, missing, basis)
