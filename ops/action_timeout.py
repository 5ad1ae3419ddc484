"""A slow action server gets a bounded wait, not Rasa's five minutes.

Rasa 3.6 waits up to DEFAULT_REQUEST_TIMEOUT (300 s) for each call to the action server. A person
in a chat would wait five minutes for the apology of channels/always_answer.py. Here the wait is
ACTION_TIMEOUT_SECONDS (default 20, above the WeChat channel's 15 s of retries); after it the
action counts as failed, the person is told politely that the policy cannot be looked up right
now, and the conversation continues with the next message. Installed on import
(channels/always_answer.py).
"""

from __future__ import annotations

import logging
import os

import rasa.core.actions.action as rasa_actions

logger = logging.getLogger(__name__)
DEFAULT_SECONDS = 20.0


def action_timeout() -> float:
    raw = os.environ.get("ACTION_TIMEOUT_SECONDS", "").strip()
    try:
        seconds = float(raw) if raw else DEFAULT_SECONDS
    except ValueError:
        logger.warning("ACTION_TIMEOUT_SECONDS=%r is not a number; using %s s", raw, DEFAULT_SECONDS)
        return DEFAULT_SECONDS
    return seconds if 0 < seconds <= 300 else DEFAULT_SECONDS


def install() -> None:
    rasa_actions.DEFAULT_REQUEST_TIMEOUT = action_timeout()  # read by RemoteAction.run at each call


install()
