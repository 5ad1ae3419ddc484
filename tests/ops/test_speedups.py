"""The cached action-response check accepts and rejects exactly what Rasa's own check does."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import ops.speedups  # noqa: F401

SCHEMA = RemoteAction.action_response_format_spec()
GOOD = {"events": [{"event": "slot", "name": "profile", "value": {"employees": 15}}], "responses": [{"text": "好"}]}
BAD = [
    {"events": [{"event": "slot"}]},  # a slot event without a name
    {"events": "slot"},
    {"responses": [1, 2]},
    {"events": [{"event": "no_such_event"}]},
]


def test_installed() -> None:
    assert RemoteAction._validate_action_result is ops.speedups._validate_action_result


def test_a_valid_response_passes() -> None:
    jsonschema.validate(GOOD, SCHEMA)
    assert RemoteAction._validate_action_result(None, GOOD) is True


@pytest.mark.parametrize("response", BAD)
def test_an_invalid_response_fails_as_with_rasas_check(response: dict) -> None:
    with pytest.raises(jsonschema.ValidationError) as rasa_error:
        jsonschema.validate(response, SCHEMA)
    with pytest.raises(jsonschema.ValidationError) as ours:
        RemoteAction._validate_action_result(None, response)
    assert ours.value.message.startswith(rasa_error.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def test_event_classes_are_found_as_before() -> None:
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

    for cls in (ActionExecuted, SlotSet, UserUttered):
        assert Event.resolve_by_type(cls.type_name) is cls
        assert Event.resolve_by_type(cls.type_name) is cls  # remembered
    assert Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    event = Event.from_parameters({"event": "slot", "name": "profile", "value": {"employees": 3}})
    assert isinstance(event, SlotSet) and event.value == {"employees": 3}


def test_an_endpoint_reuses_one_open_session_per_event_loop() -> None:
    import asyncio

    from rasa.utils.endpoints import EndpointConfig

    endpoint = EndpointConfig("http://127.0.0.1:9/webhook", headers={"X-Test": "1"})

    async def two_calls() -> tuple:
        async with endpoint.session() as first:
            pass
        async with endpoint.session() as second:
            pass
        return first, second

    first, second = asyncio.run(two_calls())
    assert first is second and first.headers.get("X-Test") == "1"
    again, _ = asyncio.run(two_calls())  # another loop: a new session, not one bound to a closed loop
    assert again is not first


def test_sqlite_stores_run_in_wal_mode(tmp_path) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'conversations.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
