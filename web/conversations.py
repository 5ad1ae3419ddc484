"""A conversation as a hotline agent needs it: the facts the bot recorded and the transcript.

Read from the Rasa server's tracker API (the `profile` slot holds the facts with the field
names of profile-fields.yml), so a caller handed over from the bot need not repeat anything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import requests

from actions.eligibility.engine import field_definitions


class ConversationUnavailable(RuntimeError):
    """The Rasa server could not be asked (down, or refusing)."""


def _time(stamp: Any) -> str | None:
    try:
        return dt.datetime.fromtimestamp(float(stamp)).isoformat(timespec="seconds")
    except (TypeError, ValueError):
        return None


def facts(profile: dict[str, Any]) -> list[dict[str, Any]]:
    """Each recorded fact with its label and the value as a person reads it."""
    definitions = field_definitions()
    shown = []
    for name, value in profile.items():
        definition = definitions.get(name)
        shown.append(
            {
                "field": name,
                "label": definition.label if definition else name,
                "value": value,
                "text": definition.value_label(value) if definition else str(value),
            }
        )
    return shown


def view(sender_id: str, tracker: dict[str, Any]) -> dict[str, Any]:
    events = tracker.get("events") or []
    transcript = [
        {
            "who": "user" if e["event"] == "user" else "bot",
            "text": e.get("text") or "",
            "time": _time(e.get("timestamp")),
        }
        for e in events
        if e.get("event") in ("user", "bot") and (e.get("text") or "").strip()
    ]
    profile = (tracker.get("slots") or {}).get("profile") or {}
    return {
        "sender_id": sender_id,
        "found": bool(transcript),
        "channel": next((e.get("input_channel") for e in reversed(events) if e.get("event") == "user"), None),
        "facts": facts(profile) if isinstance(profile, dict) else [],
        "profile": profile if isinstance(profile, dict) else {},
        "transcript": transcript,
    }


def lookup(rasa_url: str, sender_id: str, rasa_token: str = "") -> dict[str, Any]:
    """The conversation of `sender_id` (blocking: the web app calls it in a worker thread)."""
    params = {"token": rasa_token} if rasa_token else {}
    try:
        answer = requests.get(f"{rasa_url}/conversations/{sender_id}/tracker", params=params, timeout=10)
    except requests.RequestException as error:
        raise ConversationUnavailable(f"Rasa server at {rasa_url} unreachable ({type(error).__name__})") from error
    if answer.status_code != 200:
        raise ConversationUnavailable(f"Rasa server answered {answer.status_code}")
    return view(sender_id, answer.json())
