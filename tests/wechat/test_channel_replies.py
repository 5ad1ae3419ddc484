"""How the channel turns one turn's messages into passive replies, with no Rasa involved."""

from __future__ import annotations

import asyncio

from channels.wechat.channel import WeChatInput
from channels.wechat.deliveries import Delivery
from channels.wechat.passive import REPLY_LIMIT_BYTES, size
from channels.wechat.settings import WeChatSettings


def finished(messages: list[str] | None) -> Delivery:
    async def make() -> Delivery:
        async def turn():
            return messages

        task = asyncio.get_running_loop().create_task(turn())
        await task
        return Delivery(task)

    return asyncio.run(make())


def test_without_customer_service_the_rest_waits_for_the_next_message():
    channel = WeChatInput(WeChatSettings(token="t"))
    long = ["摘要" + "内容" * 400, "第二条" + "内容" * 400]
    first = channel._compose(finished(long), "o-1")
    assert size(first) <= REPLY_LIMIT_BYTES and first.endswith(channel.wording.more_follows)
    assert channel.waiting["o-1"]
    parts = [first]
    while "o-1" in channel.waiting and len(parts) < 10:
        parts.append(channel._compose(finished([]), "o-1"))  # e.g. "继续"
    assert "o-1" not in channel.waiting and len(parts) >= 2
    assert all(size(part) <= REPLY_LIMIT_BYTES for part in parts)
    joined = "".join(part.removesuffix(channel.wording.more_follows) for part in parts)
    assert joined.replace("\n", "") == "".join(long).replace("\n", "")


def test_the_waiting_rest_comes_before_the_next_answer():
    channel = WeChatInput(WeChatSettings(token="t"))
    channel.waiting["o-1"] = ["上一条的余下部分"]
    assert channel._compose(finished(["新的回答"]), "o-1") == "上一条的余下部分\n\n新的回答"


def test_a_decided_reply_is_the_same_for_every_try():
    channel = WeChatInput(WeChatSettings(token="t"))
    delivery = finished(["回答"])
    assert channel._compose(delivery, "o-1") == channel._compose(delivery, "o-1") == "回答"


def test_nothing_to_say_is_wechats_success():
    channel = WeChatInput(WeChatSettings(token="t"))
    assert channel._compose(finished(None), "o-1") == ""


def test_continue_words_only_ask_for_the_rest():
    wording = WeChatInput(WeChatSettings(token="t")).wording
    assert wording.asks_for_more("继续") and wording.asks_for_more(" 继续。")
    assert not wording.asks_for_more("继续经营有什么政策")
