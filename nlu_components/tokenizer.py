"""Jieba tokenizer that drops whitespace tokens.

Rasa's JiebaTokenizer returns jieba's raw segments, so mixed Chinese/English
text ("我们有 50 个人") yields " " tokens; the featurizers then learn from
blanks and entity offsets shift. This subclass keeps jieba (and the project's
user dictionary loaded from `dictionary_path`) but filters those tokens out.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class ChineseTokenizer(JiebaTokenizer):
    """JiebaTokenizer without whitespace-only tokens."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return JiebaTokenizer.get_default_config()

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        return [token for token in super().tokenize(message, attribute) if token.text.strip()]
