"""Normalisation makes traditional, full-width and spaced input match the simplified corpus."""

from __future__ import annotations

import pytest

from actions.policy.normalize import normalize, to_simplified
from actions.search.tokenizer import tokens, words


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("社會保險費可以申請緩繳嗎", "社会保险费可以申请缓缴吗"),
        ("房租　能　減免嗎", "房租 能 减免吗"),
        ("ＡＢＣ１２３", "abc123"),
        ("  \t稳岗返还\n ", "稳岗返还"),
        ("", ""),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_to_simplified_keeps_simplified_text():
    assert to_simplified("降低房租成本") == "降低房租成本"


def test_user_dictionary_keeps_policy_terms_whole():
    assert "稳岗返还" in words("稳岗返还怎么申请")
    assert "留抵退税" in words("留抵退税有支持吗")
    assert "城镇土地使用税" in words("城镇土地使用税能减吗")
    assert "首贷" in words("首贷门槛高吗")


def test_stopwords_and_punctuation_are_dropped():
    assert words("请问我们的房租可以减免吗？") == ["房租", "减免"]


def test_tokens_add_character_bigrams():
    assert "#房祖" in tokens("房祖能减吗")
    assert tokens("") == []
