"""No silent in-memory fallback when the tracker store fails: the turn is refused instead.

Rasa 3.6 wraps every tracker store in FailSafeTrackerStore. When the database cannot be read it
treats the conversation as new (the enterprise's answers seem forgotten); when it cannot be written,
the turn goes to an in-memory store that the next read never sees. Both lose a conversation without
telling anyone. Here a failing read or write raises TrackerStoreUnavailable: the turn is not
processed, the channel says so politely (channels/always_answer.py) and the log says why in one
line; once the store answers again, the next message continues the conversation where it was.
Installed on import (channels/always_answer.py).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)
_CREDENTIALS = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")


class TrackerStoreUnavailable(RuntimeError):
    """The conversation store could not be read or written; the turn was not processed."""


def redacted(error: BaseException) -> str:
    """The error's text without a password written in a connection URL, on one line."""
    text = _CREDENTIALS.sub(r"\1***@", str(error)).replace("\n", " ")
    return f"{type(error).__name__}: {text[:300]}"


def _refuse(what: str, sender_id: str, error: Exception) -> TrackerStoreUnavailable:
    logger.error("tracker store unreachable, %s of conversation %s refused: %s", what, sender_id, redacted(error))
    return TrackerStoreUnavailable(f"tracker store unreachable ({what})")


async def _retrieve(self: FailSafeTrackerStore, sender_id: str) -> DialogueStateTracker | None:
    try:
        return await self._tracker_store.retrieve(sender_id)
    except Exception as error:  # noqa: BLE001 - any failure of the store refuses the turn
        raise _refuse("read", sender_id, error) from error


async def _retrieve_full_tracker(self: FailSafeTrackerStore, sender_id: str) -> DialogueStateTracker | None:
    try:
        return await self._tracker_store.retrieve_full_tracker(sender_id)
    except Exception as error:  # noqa: BLE001
        raise _refuse("read", sender_id, error) from error


async def _save(self: FailSafeTrackerStore, tracker: DialogueStateTracker) -> None:
    try:
        await self._tracker_store.save(tracker)
    except Exception as error:  # noqa: BLE001
        raise _refuse("write", tracker.sender_id, error) from error


async def _keys(self: FailSafeTrackerStore) -> Any:
    try:
        return await self._tracker_store.keys()
    except Exception as error:  # noqa: BLE001
        raise _refuse("listing", "*", error) from error


def install() -> None:
    FailSafeTrackerStore.retrieve = _retrieve  # type: ignore[method-assign]
    FailSafeTrackerStore.retrieve_full_tracker = _retrieve_full_tracker  # type: ignore[method-assign]
    FailSafeTrackerStore.save = _save  # type: ignore[method-assign]
    FailSafeTrackerStore.keys = _keys  # type: ignore[method-assign]


install()
