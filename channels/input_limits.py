"""What a chat message may be before the assistant spends any work on it.

A 1 MB message took the Rasa server 27 s of CPU (NLU over every character), during which nobody
else was answered. Every channel checks a message here first: an empty message, one made only of
spaces or control characters, and one longer than MAX_MESSAGE_CHARS (default 1000, a long
WeChat message; env MAX_MESSAGE_CHARS) get a polite line from wording.yml and no turn; request
bodies over MAX_BODY_BYTES are refused with 413 by the REST channel before they are parsed.
"""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

WORDING = Path(__file__).with_name("wording.yml")
DEFAULT_MAX_CHARS = 1000
MAX_BODY_BYTES = 64 * 1024


def max_message_chars() -> int:
    raw = os.environ.get("MAX_MESSAGE_CHARS", "").strip()
    return int(raw) if raw.isdigit() and 0 < int(raw) <= 100_000 else DEFAULT_MAX_CHARS


@lru_cache(maxsize=1)
def _wording() -> dict[str, str]:
    return yaml.safe_load(WORDING.read_text(encoding="utf-8"))


def _visible(text: str) -> str:
    """The text without whitespace, control and format characters (what a person actually typed)."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c)[0] != "C")


def refusal(text: object) -> str | None:
    """The polite line for a message the assistant should not process; None when it is fine.

    Messages starting with "/" are Rasa commands of the channels themselves ("/session_start").
    """
    if not isinstance(text, str):
        return _wording()["empty"]
    if text.startswith("/"):
        return None
    if not _visible(text):
        return _wording()["empty"]
    limit = max_message_chars()
    if len(text) > limit:
        return _wording()["too_long"].format(limit=limit)
    return None
