"""Talk to the WeChat channel as WeChat does: signed (and in 安全模式 encrypted) XML, a
5-second wait per try and three tries with the same MsgId.

Used by `make wechat-chat`, the end-to-end tests and the latency benchmark.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import string
import time
from dataclasses import dataclass

import requests
import xmltodict
from wechatpy.crypto import WeChatCrypto

WECHAT_TIMEOUT = 5.0
WECHAT_TRIES = 3
_ids = itertools.count(int(time.time() * 1000))


def signature(*parts: str) -> str:
    """WeChat's signature: SHA-1 over the sorted parts."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def _nonce() -> str:
    return "".join(random.choices(string.ascii_letters + string.digits, k=10))


@dataclass
class Reply:
    """What the channel answered to one message (after WeChat-style retries)."""

    status: int
    text: str | None  # the passive reply's content; None for "success", empty or no answer in time
    body: str
    tries: int
    seconds: float


class WeChatSimulator:
    def __init__(
        self,
        url: str,
        token: str,
        openid: str = "simulated-user",
        app_id: str = "",
        aes_key: str = "",
        encrypted: bool = False,
        timeout: float = WECHAT_TIMEOUT,
        tries: int = WECHAT_TRIES,
        account: str = "gh_simulated_account",
    ) -> None:
        self.url, self.token, self.openid = url, token, openid
        self.encrypted, self.timeout, self.tries, self.account = encrypted, timeout, tries, account
        self.crypto = WeChatCrypto(token, aes_key, app_id) if encrypted else None

    # ---------------------------------------------------------------- messages

    def text_xml(self, content: str, msg_id: int | None = None) -> tuple[str, int]:
        msg_id = msg_id or next(_ids)
        content = content.replace("]]>", "]]]]><![CDATA[>")  # keep the CDATA section intact
        return self._xml("text", f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId>"), msg_id

    def event_xml(self, event: str, create_time: int | None = None) -> str:
        return self._xml("event", f"<Event><![CDATA[{event}]]></Event>", create_time)

    def media_xml(self, kind: str) -> str:
        fields = {
            "image": "<PicUrl><![CDATA[http://example.invalid/p.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId>",
            "voice": "<MediaId><![CDATA[m2]]></MediaId><Format><![CDATA[amr]]></Format>",
            "location": "<Location_X>42.9</Location_X><Location_Y>125.1</Location_Y><Scale>15</Scale><Label><![CDATA[辽源]]></Label>",
        }.get(kind, "")
        return self._xml(kind, f"{fields}<MsgId>{next(_ids)}</MsgId>")

    def _xml(self, kind: str, inner: str, create_time: int | None = None) -> str:
        return (
            f"<xml><ToUserName><![CDATA[{self.account}]]></ToUserName>"
            f"<FromUserName><![CDATA[{self.openid}]]></FromUserName>"
            f"<CreateTime>{create_time or int(time.time())}</CreateTime>"
            f"<MsgType><![CDATA[{kind}]]></MsgType>{inner}</xml>"
        )

    # ---------------------------------------------------------------- transport

    def signed_query(self, timestamp: str | None = None, nonce: str | None = None) -> dict[str, str]:
        timestamp, nonce = timestamp or str(int(time.time())), nonce or _nonce()
        return {
            "signature": signature(self.token, timestamp, nonce),
            "timestamp": timestamp,
            "nonce": nonce,
            "openid": self.openid,
        }

    def envelope(self, xml: str) -> tuple[dict[str, str], bytes]:
        """The query string and body WeChat would send for `xml`."""
        query = self.signed_query()
        if not self.encrypted:
            return query, xml.encode("utf-8")
        sealed = self.crypto.encrypt_message(xml, query["nonce"], query["timestamp"])
        fields = xmltodict.parse(sealed)["xml"]
        query.update(encrypt_type="aes", msg_signature=fields["MsgSignature"])
        body = f"<xml><ToUserName><![CDATA[{self.account}]]></ToUserName><Encrypt><![CDATA[{fields['Encrypt']}]]></Encrypt></xml>"
        return query, body.encode("utf-8")

    def _reply_text(self, body: str) -> str | None:
        if not body.strip() or body.strip() == "success":
            return None
        if self.encrypted and "<Encrypt>" in body:
            fields = xmltodict.parse(body)["xml"]
            body = self.crypto.decrypt_message(body, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"])
        return xmltodict.parse(body)["xml"].get("Content")

    def post(self, xml: str) -> Reply:
        """POST one message as WeChat does: up to three tries of five seconds each."""
        query, body = self.envelope(xml)
        started = time.monotonic()
        for attempt in range(1, self.tries + 1):
            try:
                answer = requests.post(
                    self.url, params=query, data=body, timeout=(self.timeout, self.timeout),
                    headers={"Content-Type": "text/xml"},
                )  # fmt: skip
            except requests.Timeout:
                continue
            text = self._reply_text(answer.text) if answer.ok else None
            return Reply(answer.status_code, text, answer.text, attempt, time.monotonic() - started)
        return Reply(0, None, "", self.tries, time.monotonic() - started)

    def say(self, content: str) -> Reply:
        return self.post(self.text_xml(content)[0])

    def verify(self, echostr: str = "echo-check") -> requests.Response:
        return requests.get(self.url, params={**self.signed_query(), "echostr": echostr}, timeout=self.timeout)
