"""Fitting the bot's messages into WeChat replies of at most 2048 bytes."""

from __future__ import annotations

import pytest

from channels.wechat.passive import REPLY_LIMIT_BYTES, pack, size, split_text, take_passive

FOOTER = "（内容较长，回复任意文字查看余下部分）"


def test_short_messages_are_joined_into_one_reply():
    reply, rest = take_passive(["第一条", "第二条"], footer=FOOTER)
    assert reply == "第一条\n\n第二条"
    assert rest == []


def test_long_text_is_cut_between_lines_and_within_the_limit():
    lines = [f"第{i}行：" + "政策内容" * 20 for i in range(40)]
    pieces = split_text("\n".join(lines))
    assert len(pieces) > 1
    assert all(size(piece) <= REPLY_LIMIT_BYTES for piece in pieces)
    assert "\n".join(pieces) == "\n".join(lines)  # nothing lost, nothing cut mid-line


def test_a_single_line_over_the_limit_is_cut_at_character_boundaries():
    line = "中文字符😀" * 400  # 3- and 4-byte characters, no line ends
    pieces = split_text(line)
    assert all(size(piece) <= REPLY_LIMIT_BYTES for piece in pieces)
    assert "".join(pieces) == line
    for piece in pieces:
        piece.encode("utf-8").decode("utf-8")  # every piece is whole characters


@pytest.mark.parametrize("limit", [4, 5, 7, 100, 2048])
def test_split_never_exceeds_any_limit(limit):
    text = "甲乙丙\n" * 50 + "😀" * 30
    assert all(size(piece) <= limit for piece in split_text(text, limit))


def test_passive_reply_keeps_room_for_the_footer_and_returns_the_rest():
    messages = ["摘要" + "很长" * 300, "详情" + "很长" * 300, "结尾"]
    reply, rest = take_passive(messages, footer=FOOTER)
    assert size(reply) <= REPLY_LIMIT_BYTES
    assert reply.endswith(FOOTER)
    assert rest and all(size(piece) <= REPLY_LIMIT_BYTES for piece in rest)
    shown = reply.removesuffix(FOOTER).strip() + "".join(rest)
    assert shown.replace("\n", "") == "".join(messages).replace("\n", "")


def test_without_footer_the_rest_is_packed_for_customer_service_messages():
    messages = [f"第{i}条：" + "内容" * 200 for i in range(6)]
    reply, rest = take_passive(messages)
    assert FOOTER not in reply
    assert all(size(piece) <= REPLY_LIMIT_BYTES for piece in [reply, *rest])
    assert len(pack(messages)) == 1 + len(rest)


def test_nothing_to_say_gives_an_empty_reply():
    assert take_passive([]) == ("", [])
