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

Installed on import (channels/always_answer.py, which every
Rasa server of this project loads through credentials.yml).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses


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


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(_resolve_event_type)  # type: ignore[method-assign]


install()

__all__ = ["ValidationError", "install"]
