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

import json
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
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

import ops.action_timeout  # noqa: F401  (a slow action server: bounded wait, then the apology)
import ops.speedups  # noqa: F401  (installs the cheaper action-response check in this Rasa process)
from channels.input_limits import MAX_BODY_BYTES, refusal
from ops.strict_store import TrackerStoreUnavailable, redacted  # a failing store refuses the turn

logger = logging.getLogger(__name__)
WORDING = Path(__file__).with_name("wording.yml")
MAX_SENDER_CHARS = 128


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
        refused = refusal(message.text)
        if refused is not None:
            # Empty, blank or over-long: a polite line, no turn (nothing to process, or too costly).
            await inner.send_text_message(message.sender_id, refused)
            return None
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
    """Rasa's REST channel (/webhooks/rest/webhook) that never answers with silence, and refuses a
    request it cannot read with a 4xx that says why (Rasa's own answers 500 to `[]` or no body)."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(always_answered(on_new_message))

        @blueprint.middleware("request")
        async def well_formed(request: Request) -> HTTPResponse | None:
            if request.method != "POST":
                return None
            problem = request_problem(request)
            if problem is not None:
                status, reason = problem
                return response.json({"error": reason}, status=status)
            return None

        return blueprint


def request_problem(request: Request) -> tuple[int, str] | None:
    """(status, reason) for a REST request that is not {"sender": "...", "message": "..."}."""
    declared = request.headers.get("content-length", "")
    if (declared.isdigit() and int(declared) > MAX_BODY_BYTES) or len(request.body or b"") > MAX_BODY_BYTES:
        return 413, f"body over {MAX_BODY_BYTES} bytes"
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return 400, 'body must be JSON: {"sender": "<conversation id>", "message": "<text>"}'
    if not isinstance(body, dict):
        return 400, 'body must be a JSON object: {"sender": "<conversation id>", "message": "<text>"}'
    sender, text = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return 400, f'"sender" must be a non-empty string of at most {MAX_SENDER_CHARS} characters'
    if not isinstance(text, str):
        return 400, '"message" must be a string'
    return None


class SocketIOInput(RasaSocketIOInput):
    """Rasa's socket.io channel (the web widget) that never answers with silence."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(always_answered(on_new_message))
