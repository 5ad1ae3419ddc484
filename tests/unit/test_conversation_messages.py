"""Splitting replies for the channel's 2048-byte cap."""

from __future__ import annotations

from actions.conversation.messages import MAX_BYTES, byte_len, split_all, split_message


def test_short_text_is_one_message() -> None:
    assert split_message("房租能减免吗") == ["房租能减免吗"]


def test_long_text_splits_at_paragraphs_within_the_cap() -> None:
    paragraphs = [f"第{i}段：" + "中小企业政策说明。" * 40 for i in range(6)]
    pieces = split_message("\n\n".join(paragraphs))
    assert len(pieces) > 1
    assert all(byte_len(p) <= MAX_BYTES for p in pieces)
    assert "".join(pieces).replace("\n", "") == "".join(paragraphs)


def test_one_huge_paragraph_splits_at_sentences_then_characters() -> None:
    sentence_text = "这是一个很长的句子用来测试。" * 300
    pieces = split_message(sentence_text)
    assert all(byte_len(p) <= MAX_BYTES for p in pieces)
    assert all(p.endswith("。") for p in pieces)
    no_punctuation = "字" * 3000
    pieces = split_message(no_punctuation)
    assert all(byte_len(p) <= MAX_BYTES for p in pieces) and "".join(pieces) == no_punctuation


def test_small_limit_and_merging_neighbours() -> None:
    pieces = split_message("甲。\n乙。\n丙。", limit=9)
    assert pieces == ["甲。", "乙。", "丙。"]
    assert split_all(["甲", "乙"], limit=100) == ["甲\n\n乙"]
