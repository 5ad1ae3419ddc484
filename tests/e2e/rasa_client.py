"""A tiny REST client for the e2e tests: what a chat channel would send to the Rasa server."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import requests
import yaml

REPLY_TIMEOUT = 60.0


@dataclass
class Servers:
    rasa_url: str
    action_url: str

    def say(self, sender: str, text: str, timeout: float = REPLY_TIMEOUT) -> list[str]:
        """Send one user message through the REST channel; the bot's text replies."""
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=timeout
        )
        response.raise_for_status()
        return [message["text"] for message in response.json() if message.get("text")]

    def tracker(self, sender: str) -> dict:
        response = requests.get(f"{self.rasa_url}/conversations/{sender}/tracker", timeout=REPLY_TIMEOUT)
        response.raise_for_status()
        return response.json()

    def run_action(self, payload: dict) -> dict:
        """POST a tracker to the action server, as the Rasa server does."""
        response = requests.post(f"{self.action_url}/webhook", json=payload, timeout=REPLY_TIMEOUT)
        response.raise_for_status()
        return response.json()


ROOT = Path(__file__).resolve().parents[2]
QUESTION_MARK = re.compile(r"【第(\d+)问】")
RESULT_MARK = "📋 评估结果"


def field_specs() -> dict[str, dict]:
    """The profile fields as the project's data file defines them (type, question, …)."""
    data = yaml.safe_load((ROOT / "corpus" / "standards" / "profile-fields.yml").read_text(encoding="utf-8"))
    return data["fields"]


def field_questions() -> dict[str, str]:
    """Field → the question text the bot asks."""
    return {name: spec.get("question", "") for name, spec in field_specs().items()}


def asked(messages: list[str]) -> str | None:
    """The field the last question in a reply asks about ('special_groups' for the multi-choice one)."""
    for message in reversed(messages):
        if not QUESTION_MARK.search(message):
            continue
        if "可多选" in message:
            return "special_groups"
        return next((name for name, q in field_questions().items() if q and q in message), "?")
    return None


def has_result(messages: list[str]) -> bool:
    return any(RESULT_MARK in m for m in messages)
