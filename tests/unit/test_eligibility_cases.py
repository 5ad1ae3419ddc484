"""Runs the OpenFisca-style YAML cases stored beside each policy's rules.

Every corpus/*/tests/*.yml holds `base` (merged under each case) and `cases`, each
with a `profile` and either `expected` (a partial result: keys given are checked,
`measures` by section or `all`) or `error` (substrings the error must contain).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.eligibility import EligibilityError, run, validate_profile
from actions.policy.corpus import load_corpus

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _cases() -> list[Any]:
    params = []
    for document in load_corpus(CORPUS):
        for path in sorted((document.folder / "tests").glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            base = data.get("base") or {}
            for case in data["cases"]:
                case_id = f"{document.doc_id}/{path.stem}/{case['name']}"
                params.append(pytest.param(document.doc_id, base, case, id=case_id))
    return params


def _as_of(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _subset(actual: Any, expected: Any, where: str) -> None:
    """Keys present in `expected` must match; lists and scalars compare exactly."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, value in expected.items():
            assert key in actual, f"{where}: 结果中没有 {key}"
            _subset(actual[key], value, f"{where}.{key}")
    else:
        assert actual == expected, f"{where}: 期望 {expected!r}，实际 {actual!r}"


def _check_measure(actual: dict[str, Any], expected: Any, where: str) -> None:
    if isinstance(expected, str):
        expected = {"status": expected}
    expected = dict(expected)
    reasons = " ".join(actual["reasons"])
    for text in expected.pop("reasons_contain", []):
        assert text in reasons, f"{where}: 理由中没有“{text}”：{actual['reasons']}"
    for text in expected.pop("benefit_contains", []):
        assert text in actual["benefit"], f"{where}: 内容中没有“{text}”"
    _subset(actual, expected, where)


def _check_ask_next(actual: list[str], expected: dict[str, Any]) -> None:
    if "equals" in expected:
        assert actual == expected["equals"]
    prefix = expected.get("starts_with", [])
    assert actual[: len(prefix)] == prefix, f"ask_next 应以 {prefix} 开头：{actual}"
    for name in expected.get("includes", []):
        assert name in actual, f"ask_next 应包含 {name}：{actual}"


def _check(result: dict[str, Any], expected: dict[str, Any]) -> None:
    expected = dict(expected)
    measures = expected.pop("measures", {})
    by_section = {m["section"]: m for m in result["measures"]}
    if "measure_count" in expected:
        assert [m["section"] for m in result["measures"]] == list(range(1, expected.pop("measure_count") + 1))
    for section, wanted in measures.items():
        targets = result["measures"] if section == "all" else [by_section[section]]
        for measure in targets:
            _check_measure(measure, wanted, f"第{measure['section']}条")
    if "ask_next" in expected:
        _check_ask_next(result["ask_next"], expected.pop("ask_next"))
    _subset(result, expected, "结果")


@pytest.mark.parametrize(("doc_id", "base", "case"), _cases())
def test_case(doc_id: str, base: dict[str, Any], case: dict[str, Any]) -> None:
    try:
        _run_case(doc_id, base, case)
    except AssertionError as exc:
        raise AssertionError(f"用例“{case['name']}”：{exc}") from None


def _run_case(doc_id: str, base: dict[str, Any], case: dict[str, Any]) -> None:
    profile = case.get("profile", {})
    if isinstance(profile, dict):
        profile = {**(base.get("profile") or {}), **profile}
    as_of = _as_of(case.get("as_of", base.get("as_of")))
    if "error" in case:
        with pytest.raises(EligibilityError) as caught:
            run(profile, doc_id, as_of, with_ask_next=False)
        for text in case["error"]:
            assert text in str(caught.value), f"错误信息中没有“{text}”：{caught.value}"
        return
    expected = dict(case["expected"])
    wanted_profile = expected.pop("profile", None)
    if wanted_profile is not None:
        _subset(validate_profile(profile, doc_id), wanted_profile, "画像")
    if expected:
        evaluation = run(profile, doc_id, as_of, with_ask_next="ask_next" in expected)
        _check(evaluation.to_dict(), expected)


def test_every_policy_with_rules_has_cases() -> None:
    """A rules file without test cases is an untested interpretation."""
    for document in load_corpus(CORPUS):
        if document.rules_path is not None:
            assert list((document.folder / "tests").glob("*.yml")), f"{document.doc_id} 没有测试用例"
