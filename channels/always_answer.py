"""Every user message gets a reply, even when the assistant produced none or failed.

When the action server is down or fails, Rasa logs the error, drops the action and sends
nothing: the user would wait in silence. These wrappers count what a turn sends and, if
it sent nothing, say politely that the policy cannot be looked up right now and name the
hotline. When the conversation store or the lock store (Redis) cannot be reached, the turn
is refused (ops.strict_store; no second process may write the conversation unlocked) and
the person is asked to send the message again later. Either way the conversation itself
is untouched, so it continues once the failing part is back.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

import ops.action_timeout  # noqa: F401  (a slow action server: bounded wait, then the apology)
import ops.speedups  # noqa: F401  (installs the cheaper action-response check in this Rasa process)
from ops.strict_store import TrackerStoreUnavailable, redacted  # a failing store refuses the turn

logger = logging.getLogger(__name__)
WORDING = Path(__file__).with_name("wording.yml")


@lru_cache(maxsize=2)
def unavailable_text(key: str = "unavailable") -> str:
    """The apology `key` of wording.yml with the hotline ("unavailable": the action server failed;
    "refused": the turn could not be processed at all)."""
    wording = yaml.safe_load(WORDING.read_text(encoding="utf-8"))
    hotline = os.environ.get("POLICY_HOTLINE", "").strip() or wording["hotline"]
    return wording[key].format(hotline=hotline)


class CountingOutput(OutputChannel):
    """Passes every message on to the real output channel and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> str:  # type: ignore[override]  # the real channel's name (response variations)
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)


def always_answered(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
) -> Callable[[UserMessage], Awaitable[Any]]:
    async def handle(message: UserMessage) -> Any:
        inner = message.output_channel
        counting = CountingOutput(inner)
        message.output_channel = counting
        try:
            result = await on_new_message(message)
        except Exception as error:  # noqa: BLE001 - a store or lock failure refuses the turn politely
            if not isinstance(error, TrackerStoreUnavailable):
                logger.error("turn of %s failed and was refused: %s", message.sender_id, redacted(error))
            await inner.send_text_message(message.sender_id, unavailable_text("refused"))
            return None
        if counting.sent == 0:
            logger.warning("no reply for a message of %s (action server down?): sent the apology", message.sender_id)
            await inner.send_text_message(message.sender_id, unavailable_text())
        return result

    return handle


class RestInput(RasaRestInput):
    """Rasa's REST channel (/webhooks/rest/webhook) that never answers with silence."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(always_answered(on_new_message))


class SocketIOInput(RasaSocketIOInput):
    """Rasa's socket.io channel (the web widget) that never answers with silence."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(always_answered(on_new_message))
