"""A tiny REST client for the e2e tests: what a chat channel would send to the Rasa server."""

from __future__ import annotations

from dataclasses import dataclass

import requests

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
