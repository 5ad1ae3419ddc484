"""Schemathesis against the staff API's own OpenAPI description, on the real web app: generated
requests (valid and invalid: wrong types, huge strings, odd characters) never get a 5xx.

Every operation is tried with the staff token and without it; a request the API cannot serve must
be answered with a 4xx that says why, never a server error. (Schemathesis's pytest plugin does not
load with this pytest, so the operations' Hypothesis strategies are driven directly.)"""

from __future__ import annotations

import schemathesis
from conftest import STAFF_TOKEN
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

EXAMPLES_PER_OPERATION = 30


def test_no_generated_request_gets_a_server_error(stack):
    schema = schemathesis.openapi.from_url(f"{stack.web_url}/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/search", "/api/eligibility", "/api/conversations/{sender_id}"}
    tried: dict[str, int] = {}
    for operation in operations:
        _fuzz(operation, stack.web_url, tried)
    # Operations without parameters have few distinct requests; the others get many.
    assert len(tried) == len(operations) and sum(tried.values()) >= 3 * len(operations), tried


def _fuzz(operation, web_url: str, tried: dict[str, int]) -> None:
    """Valid and invalid requests for one operation, with the staff token and without it."""
    strategy = operation.as_strategy(generation_mode=GenerationMode.POSITIVE) | operation.as_strategy(
        generation_mode=GenerationMode.NEGATIVE
    )

    @given(case=strategy)
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck))
    def call(case) -> None:
        for headers in ({"Authorization": f"Bearer {STAFF_TOKEN}"}, {}):
            response = case.call(base_url=web_url, headers=headers, timeout=60)
            case.validate_response(response, checks=[not_a_server_error])
            if not headers:
                assert 400 <= response.status_code < 500, (case.path, response.status_code)
        tried[operation.label] = tried.get(operation.label, 0) + 1

    call()
