"""Open and seal WeChat's XML envelopes: signatures, 安全模式 encryption, hostile input.

Everything that can go wrong with a request becomes `Rejected` with the HTTP status to
answer (403 for a bad signature, 400 for broken XML, 413 for an oversize body), so the
channel never answers 500. Crypto and XML are wechatpy's; this module only decides.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from xml.parsers.expat import ExpatError

from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import BaseMessage
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from channels.wechat.settings import WeChatSettings

logger = logging.getLogger(__name__)

# WeChat never sends a document type; refusing one up front keeps entity tricks away from any parser.
FORBIDDEN_MARKUP = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")


class Rejected(Exception):
    """A request the channel refuses, with the status to answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Incoming:
    """One verified message or event from WeChat."""

    message: BaseMessage
    openid: str
    key: str  # the same for every retry of this message (MsgId; events: sender + CreateTime)
    encrypted: bool
    nonce: str
    timestamp: str


def _query(args: Mapping[str, str], name: str) -> str:
    return (args.get(name) or "").strip()


def verify_signature(settings: WeChatSettings, args: Mapping[str, str]) -> None:
    """The signature over token, timestamp and nonce that WeChat puts on every request."""
    signature, timestamp, nonce = (_query(args, n) for n in ("signature", "timestamp", "nonce"))
    if not (signature and timestamp and nonce):
        raise Rejected(403, "missing signature, timestamp or nonce")
    try:
        check_signature(settings.token, signature, timestamp, nonce)
    except InvalidSignatureException as error:
        raise Rejected(403, "wrong signature") from error


def verify_server(settings: WeChatSettings, args: Mapping[str, str]) -> str:
    """The GET handshake: the `echostr` to echo when the signature is right."""
    verify_signature(settings, args)
    return _query(args, "echostr")


def crypto_for(settings: WeChatSettings) -> WeChatCrypto | None:
    if not settings.encrypted:
        return None
    return WeChatCrypto(settings.token, settings.aes_key, settings.app_id)


def _checked_body(settings: WeChatSettings, body: bytes) -> str:
    if not body or not body.strip():
        raise Rejected(400, "empty body")
    if len(body) > settings.max_body_bytes:
        raise Rejected(413, f"body over {settings.max_body_bytes} bytes")
    if any(mark in body for mark in FORBIDDEN_MARKUP):
        raise Rejected(400, "document type declarations are not accepted")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Rejected(400, "body is not UTF-8") from error


def _decrypt(crypto: WeChatCrypto | None, args: Mapping[str, str], text: str) -> str:
    if crypto is None:
        raise Rejected(400, "encrypted message but no WECHAT_AES_KEY is configured")
    msg_signature = _query(args, "msg_signature")
    if not msg_signature:
        raise Rejected(403, "missing msg_signature")
    try:
        plain = crypto.decrypt_message(text, msg_signature, _query(args, "timestamp"), _query(args, "nonce"))
    except (InvalidSignatureException, InvalidAppIdException) as error:
        raise Rejected(403, "wrong msg_signature or app id") from error
    except Exception as error:  # noqa: BLE001 - any failure to open hostile input is the sender's fault
        raise Rejected(400, f"cannot decrypt: {type(error).__name__}") from error
    plain_bytes = plain.encode("utf-8") if isinstance(plain, str) else plain
    if any(mark in plain_bytes for mark in FORBIDDEN_MARKUP):
        raise Rejected(400, "document type declarations are not accepted")
    return plain_bytes.decode("utf-8")


def _parsed(xml: str) -> BaseMessage:
    try:
        message = parse_message(xml)
        if message is None:
            raise Rejected(400, "empty message")
        # Field values convert lazily: read the ones used later while errors can still become 400.
        _ = (message.id, message.source, message.create_time, message.type)
    except Rejected:
        raise
    except (ValueError, ExpatError, KeyError, TypeError, AttributeError, OverflowError) as error:
        raise Rejected(400, f"not a WeChat message: {type(error).__name__}") from error
    return message


def _key(message: BaseMessage) -> str:
    if message.id:
        return f"msg:{message.id}"
    return f"event:{message.source}:{int(message.create_time.timestamp())}"


def open_message(
    settings: WeChatSettings, crypto: WeChatCrypto | None, args: Mapping[str, str], body: bytes
) -> Incoming:
    """Verify, decrypt if needed and parse one POSTed message, or raise `Rejected`."""
    verify_signature(settings, args)
    text = _checked_body(settings, body)
    encrypted = _query(args, "encrypt_type").lower() == "aes"
    if encrypted:
        text = _decrypt(crypto, args, text)
    message = _parsed(text)
    openid = (message.source or "").strip()
    if not openid:
        raise Rejected(400, "message without FromUserName")
    return Incoming(message, openid, _key(message), encrypted, _query(args, "nonce"), _query(args, "timestamp"))


def seal(crypto: WeChatCrypto | None, incoming: Incoming, text: str) -> str:
    """The passive reply XML for `text`, encrypted when the message came encrypted."""
    # wechatpy puts the content in a CDATA section as is: split any "]]>" so it cannot end it early.
    xml = TextReply(content=text.replace("]]>", "]]]]><![CDATA[>"), message=incoming.message).render()
    if incoming.encrypted and crypto is not None:
        return crypto.encrypt_message(xml, incoming.nonce, incoming.timestamp)
    return xml
