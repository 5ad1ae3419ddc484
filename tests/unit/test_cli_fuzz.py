"""Property-based tests of the two command lines (search and eligibility) with Hypothesis: any
line of input — invalid JSON, JSON of the wrong shape, profiles with values of every odd type and
size — gets a JSON answer or a clear error line, never an exception, and one output line per
input line (a batch never loses its place)."""

from __future__ import annotations

import io
import json
import sys
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions import settings as app_settings
from actions.eligibility.cli import handle_line, run_jsonl
from actions.search.__main__ import _query_jsonl
from actions.search.__main__ import main as search_main

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
values = st.recursive(
    scalars, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=10), c, max_size=3), max_leaves=8
)
FIELDS = [
    "employees",
    "revenue_wan",
    "assets_wan",
    "industry",
    "premises",
    "affected",
    "layoffs",
    "months_unpaid_min_wage",
    "monthly_rent_yuan",
    "first_loan",
    "no_such_field",
]
profiles = st.dictionaries(st.sampled_from(FIELDS), values, max_size=6)
requests_ = st.one_of(
    profiles.map(lambda p: {"profile": p}),
    st.fixed_dictionaries({"profile": profiles}, optional={"as_of": values, "policy": values}),
    values,
)
lines = st.one_of(
    requests_.map(lambda r: json.dumps(r, ensure_ascii=False, allow_nan=True)),
    st.text(max_size=200).filter(lambda t: "\n" not in t and "\r" not in t),
)


@given(line=lines)
@FUZZ
def test_eligibility_answers_any_line_with_a_result_or_an_error(line: str) -> None:
    result = handle_line(line, app_settings.CORPUS_DIR)
    assert isinstance(result, dict)
    assert ("error" in result and isinstance(result["error"], str) and result["error"]) or "measures" in result
    json.dumps(result, ensure_ascii=False)  # the answer is always valid JSON


@given(batch=st.lists(lines, max_size=5))
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_an_eligibility_batch_answers_every_line_in_order(batch: list[str]) -> None:
    sink = io.StringIO()
    run_jsonl(io.StringIO("\n".join(batch) + "\n"), sink, app_settings.CORPUS_DIR)
    answered = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert len(answered) == len([line for line in batch if line.strip()])


query_lines = st.one_of(
    st.builds(lambda q: json.dumps({"q": q}, ensure_ascii=False), st.text(max_size=800)),
    values.map(lambda v: json.dumps(v, allow_nan=True)),
    st.text(max_size=100).filter(lambda t: "\n" not in t and "\r" not in t and "\x0b" not in t),
)


@given(batch=st.lists(query_lines, min_size=1, max_size=4))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_search_answers_every_jsonl_line_with_hits_or_an_error(batch: list[str]) -> None:
    stdin, stdout = sys.stdin, sys.stdout
    sys.stdin, sys.stdout = io.StringIO("\n".join(batch) + "\n"), io.StringIO()
    try:
        code = _query_jsonl(SimpleNamespace(index=str(app_settings.INDEX_DIR), k=3))
        written = sys.stdout.getvalue()
    finally:
        sys.stdin, sys.stdout = stdin, stdout
    assert code == 0
    answered = [json.loads(line) for line in written.splitlines()]
    assert len(answered) == len([line for line in batch if line.strip()])
    assert all("error" in a or ("hits" in a and "abstained" in a) for a in answered)


@given(words=st.lists(st.text(max_size=40), max_size=4))
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_search_command_line_takes_any_question(words: list[str]) -> None:
    code = search_main(["query", *[w for w in words if not w.startswith("-")]])
    assert code in (0, 2)  # 2: no question given (a usage line)
