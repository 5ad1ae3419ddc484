"""Jieba tokenizer that sees canonical text and drops whitespace tokens.

People write 謝謝 as well as 谢谢 and full-width digits as well as ASCII ones;
the intent classifier should see one form, so the text is normalised the same
way the search index normalises it (actions.policy.normalize) before jieba
segments it. Rasa's JiebaTokenizer also returns jieba's raw segments, so mixed
Chinese/English text ("我们有 50 个人") yields " " tokens; those are dropped.
Token offsets always point into the original text.
"""

from __future__ import annotations

from typing import Any

import jieba
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message

from actions.policy.normalize import normalize


def canonical_tokens(text: str) -> list[Token]:
    """Jieba tokens of the normalised text, with offsets into `text`."""
    canonical = normalize(text)
    if len(canonical) == len(text):  # character-for-character: offsets carry over
        segments = jieba.tokenize(canonical)
        return [Token(word, start) for word, start, _ in segments if word.strip()]
    # Normalisation changed the length (collapsed spaces, NFKC ligatures): segment the
    # original so offsets stay right, and normalise each token's text instead.
    tokens = [Token(normalize(word), start) for word, start, _ in jieba.tokenize(text)]
    return [token for token in tokens if token.text]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class ChineseTokenizer(JiebaTokenizer):
    """JiebaTokenizer over normalised text, without whitespace-only tokens."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return JiebaTokenizer.get_default_config()

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        return self._apply_token_pattern(canonical_tokens(message.get(attribute) or ""))
