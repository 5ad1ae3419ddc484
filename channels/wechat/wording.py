"""The channel's own sentences, loaded from wording.yml beside this module."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

WORDING_FILE = Path(__file__).with_name("wording.yml")


@dataclass(frozen=True)
class Wording:
    non_text: str
    empty_text: str
    more_follows: str
    please_wait_pushed: str
    please_wait_next_message: str
    failure: str
    continue_words: frozenset[str]
    subscribe_intent: str

    @classmethod
    def load(cls, path: Path = WORDING_FILE) -> Wording:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["continue_words"] = frozenset(str(word) for word in data.get("continue_words", []))
        return cls(**data)

    def asks_for_more(self, text: str) -> bool:
        return text.strip().strip("。.!！?？~～") in self.continue_words
