"""The WeChat official-account channel: a Rasa input channel at /webhooks/wechat/webhook.

The OpenID is the Rasa sender id. Each message gets one passive reply within WeChat's
5-second rule; what does not fit in it (or is not ready in time) goes through the
customer-service API when it is configured, otherwise waits for the user's next message.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.always_answer import unavailable_text
from channels.input_limits import refusal
from channels.wechat.api import CustomerService
from channels.wechat.deliveries import Deliveries, Delivery, Messages, finished_within
from channels.wechat.envelope import Incoming, Rejected, crypto_for, open_message, seal, verify_server
from channels.wechat.passive import pack, take_passive
from channels.wechat.settings import WeChatSettings
from channels.wechat.shared import SharedState
from channels.wechat.wording import Wording

logger = logging.getLogger(__name__)

SUCCESS = "success"  # tells WeChat "received, nothing to show"
SHARED_POLL_SECONDS = 0.2  # how often a retry handled elsewhere looks for the owner's reply
UNCLAIMED_REPLY_GRACE = 1.0  # a try still waiting takes a finished turn's reply within this
SUBSCRIBE_EVENTS = {"subscribe", "subscribe_scan"}
SILENT_EVENTS = {"unsubscribe", "view", "templatesendjobfinish", "masssendjobfinish"}


def _texts(collected: list[dict[str, Any]]) -> list[str]:
    """The bot's messages as plain text. Quick-reply buttons are dropped: WeChat has none, and
    every question's text already says how to answer it."""
    texts = []
    for message in collected:
        text = (message.get("text") or "").strip()
        if message.get("image"):
            text = "\n".join([text, str(message["image"])]).strip()
        if text:
            texts.append(text)
    return texts


class WeChatInput(InputChannel):
    """Rasa channel for a WeChat official account (plain and 安全模式)."""

    @classmethod
    def name(cls) -> str:
        return "wechat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        settings = WeChatSettings.from_env()
        logger.info(settings.describe())
        return cls(settings)

    def __init__(self, settings: WeChatSettings, wording: Wording | None = None) -> None:
        self.settings = settings
        self.wording = wording or Wording.load()
        self.crypto = crypto_for(settings) if settings.enabled else None
        self.shared = SharedState.from_env(settings.remember_seconds) if settings.enabled else None
        self.deliveries = Deliveries(settings.remember_seconds)
        self.waiting: dict[str, list[str]] = {}  # openid → messages for the user's next message
        self.last_turn: dict[str, asyncio.Task] = {}
        self.customer_service = CustomerService(settings, self.shared) if settings.customer_service else None
        self._background: set[asyncio.Task] = set()

    # ---------------------------------------------------------------- turns

    async def _ask_assistant(self, incoming: Incoming, text: str, on_new_message: Callable) -> list[str]:
        collector = CollectingOutputChannel()
        message = UserMessage(
            text, collector, incoming.openid, input_channel=self.name(), message_id=incoming.key.split(":", 1)[1]
        )
        await on_new_message(message)
        return _texts(collector.messages) or [unavailable_text()]

    async def _turn(
        self,
        incoming: Incoming,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        previous: asyncio.Task | None,
    ) -> Messages:
        """What the assistant says to this message (run once per message, whatever the retries)."""
        if previous is not None and not previous.done():
            await asyncio.wait({previous})  # one user's turns in order
        message = incoming.message
        try:
            if message.type == "text":
                text = (message.content or "").strip()
                if not text:
                    return [self.wording.empty_text]
                if self.waiting.get(incoming.openid) and self.wording.asks_for_more(text):
                    return []  # only the waiting rest is wanted
                refused = refusal(text)
                if refused is not None:
                    return [refused]  # blank or too long: no turn
                return await self._ask_assistant(incoming, text, on_new_message)
            if message.type == "event":
                event = (getattr(message, "event", "") or "").lower()
                if event in SUBSCRIBE_EVENTS:
                    return await self._ask_assistant(incoming, self.wording.subscribe_intent, on_new_message)
                if event in SILENT_EVENTS:
                    return None
            return [self.wording.non_text]
        except Exception:  # noqa: BLE001 - the user gets a polite line, the log the traceback
            logger.exception("WeChat turn failed for message %s", incoming.key)
            return [self.wording.failure]

    def _remember_turn(self, openid: str, turn: asyncio.Task) -> None:
        """The user's latest turn, so the next one waits for it; forgotten once done."""
        self.last_turn[openid] = turn

        def forget(done: asyncio.Task) -> None:
            if self.last_turn.get(openid) is done:
                del self.last_turn[openid]

        turn.add_done_callback(forget)

    # ---------------------------------------------------------------- replies

    def _compose(self, delivery: Delivery, openid: str) -> str:
        """Decide the passive reply once; later tries of the same message get the same text."""
        if delivery.reply is not None:
            return delivery.reply
        messages = delivery.turn.result()
        if messages is None:
            delivery.reply = ""
            self._share(delivery, "")
            return ""
        pending = self.waiting.pop(openid, []) + messages
        footer = "" if self._can_push else self.wording.more_follows
        reply, rest = take_passive(pending, footer=footer)
        if rest:
            if self._can_push:
                self._push_later(openid, rest)
            else:
                self.waiting[openid] = rest
        delivery.reply = reply
        self._share(delivery, reply)
        return reply

    @property
    def _can_push(self) -> bool:
        return self.customer_service is not None and self.customer_service.usable

    def _push_later(self, openid: str, messages: list[str]) -> None:
        """Send through the customer-service API in a worker thread; keep what fails."""

        async def push() -> None:
            assert self.customer_service is not None
            try:
                unsent = await asyncio.get_running_loop().run_in_executor(
                    None, self.customer_service.send_texts, openid, pack(messages)
                )
            except Exception:  # noqa: BLE001 - whatever failed, the messages are kept, not lost
                logger.exception("WeChat customer-service delivery failed; kept for the user's next message")
                unsent = pack(messages)
            if unsent:
                self.waiting[openid] = unsent + self.waiting.get(openid, [])

        task = asyncio.get_running_loop().create_task(push())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _deliver_late(self, openid: str, turn: asyncio.Task) -> None:
        """The answer arrived after WeChat's last try: push it, or keep it for the next message."""
        messages = turn.result() if not turn.cancelled() else [self.wording.failure]
        if not messages:
            return
        if self._can_push:
            self._push_later(openid, messages)
        else:
            self.waiting[openid] = self.waiting.get(openid, []) + messages

    async def _passive_reply(self, delivery: Delivery, incoming: Incoming, arrived: float) -> str:
        if delivery.reply is not None:
            return delivery.reply
        last_try = delivery.tries >= self.settings.tries
        if await finished_within(delivery.turn, self.settings.reply_wait - (time.monotonic() - arrived)):
            return self._compose(delivery, incoming.openid)
        if not last_try:
            # Hold on: WeChat hangs up at 5 s (cancelling this handler) and retries; the retry joins this turn.
            held = self.settings.retry_hold - (time.monotonic() - arrived)
            if await finished_within(delivery.turn, held):
                return self._compose(delivery, incoming.openid)
        if delivery.reply is None:
            delivery.reply = (
                self.wording.please_wait_pushed if self._can_push else self.wording.please_wait_next_message
            )
            delivery.turn.add_done_callback(lambda turn: self._deliver_late(incoming.openid, turn))
            self._share(delivery, delivery.reply)
        return delivery.reply

    def _ensure_delivered(self, delivery: Delivery, openid: str) -> None:
        """A finished turn whose reply no try took (every try hung up, or a retry was answered by
        another process) is delivered late: pushed, or kept for the user's next message."""

        def check() -> None:
            if delivery.reply is None:
                delivery.reply = (
                    self.wording.please_wait_pushed if self._can_push else self.wording.please_wait_next_message
                )
                self._share(delivery, delivery.reply)
                self._deliver_late(openid, delivery.turn)

        asyncio.get_running_loop().call_later(UNCLAIMED_REPLY_GRACE, check)

    def _share(self, delivery: Delivery, reply: str) -> None:
        if self.shared is not None and delivery.key:
            self.shared.publish(delivery.key, reply)

    async def _reply_from_elsewhere(self, incoming: Incoming, arrived: float) -> str:
        """A retry of a message another process runs: the reply it publishes, or "please wait"
        (the owner then delivers the answer itself, see _ensure_delivered)."""
        assert self.shared is not None
        wait = self.settings.reply_wait
        while True:
            reply = self.shared.reply(incoming.key)
            if reply is not None:
                return reply
            if time.monotonic() - arrived >= wait:
                break
            await asyncio.sleep(SHARED_POLL_SECONDS)
        return self.wording.please_wait_pushed if self._can_push else self.wording.please_wait_next_message

    # ---------------------------------------------------------------- HTTP

    def _off(self) -> HTTPResponse:
        return response.text("WeChat channel is off: set WECHAT_TOKEN and restart the Rasa server", status=503)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("wechat_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.settings.enabled else "off"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not self.settings.enabled:
                return self._off()
            try:
                return response.text(verify_server(self.settings, request.args))
            except Rejected as rejected:
                logger.info("WeChat verification refused: %s", rejected.reason)
                return response.text(rejected.reason, status=rejected.status)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            arrived = time.monotonic()
            if not self.settings.enabled:
                return self._off()
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.settings.max_body_bytes:
                return response.text("body too large", status=413)
            try:
                incoming = open_message(self.settings, self.crypto, request.args, request.body or b"")
            except Rejected as rejected:
                logger.info("WeChat message refused (%d): %s", rejected.status, rejected.reason)
                return response.text(rejected.reason, status=rejected.status)
            if self.shared is not None and not self.deliveries.knows(incoming.key):
                if not self.shared.claim(incoming.key):
                    # Another process runs this message's turn (a retry routed elsewhere).
                    reply = await self._reply_from_elsewhere(incoming, arrived)
                    if not reply:
                        return response.text(SUCCESS)
                    return response.text(seal(self.crypto, incoming, reply), content_type="application/xml")
            previous = self.last_turn.get(incoming.openid)
            delivery = self.deliveries.join(incoming.key, lambda: self._turn(incoming, on_new_message, previous))
            if delivery.tries == 1:
                self._remember_turn(incoming.openid, delivery.turn)
                delivery.turn.add_done_callback(lambda _: self._ensure_delivered(delivery, incoming.openid))
            reply = await self._passive_reply(delivery, incoming, arrived)
            if not reply:
                return response.text(SUCCESS)
            return response.text(seal(self.crypto, incoming, reply), content_type="application/xml")

        return webhook
