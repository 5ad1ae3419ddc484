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
    assert split_all(["甲", "乙"], limit=100) == ["甲\n\u3000\n乙"]


def test_blank_lines_do_not_split_a_message_into_bubbles() -> None:
    # Rasa's channels cut a text at every "\n\n"; one message must stay one bubble.
    pieces = split_message("标题\n\n第一段\n\n第二段")
    assert pieces == ["标题\n\u3000\n第一段\n\u3000\n第二段"]
    assert all("\n\n" not in p for p in split_all(["甲\n\n乙", "丙"]))


def test_long_chinese_is_cut_at_character_boundaries_and_nothing_is_lost() -> None:
    """3- and 4-byte characters with no break to cut at: pieces ≤ 2048 bytes, whole characters, same text."""
    text = ("中小企业稳岗返还📌" * 400)[:3000]
    assert byte_len(text) > 3 * MAX_BYTES
    pieces = split_message(text)
    assert len(pieces) >= 4 and "".join(pieces) == text
    for piece in pieces:
        assert byte_len(piece) <= MAX_BYTES
        assert piece.encode("utf-8").decode("utf-8") == piece  # whole characters only
    assert all(byte_len(p) > MAX_BYTES - 4 for p in pieces[:-1]), "each cut as late as the cap allows"


def test_mixed_paragraphs_lines_and_sentences_lose_nothing() -> None:
    paragraph = "第一行：延期缴纳税款。\n" + "减免房租；" * 300 + "\n最后一行"
    text = "\n\n".join([paragraph, "短段落。", "字" * 1000])
    pieces = split_all([text])
    assert all(byte_len(p) <= MAX_BYTES for p in pieces)
    squeeze = str.maketrans("", "", "\n\u3000")
    assert "".join(pieces).translate(squeeze) == text.translate(squeeze)
