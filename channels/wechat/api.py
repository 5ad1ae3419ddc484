"""The customer-service message API (客服消息), for what a passive reply cannot carry.

wechatpy's client is synchronous (requests): the channel calls it in a worker thread.
The access token is cached until shortly before expiry and refreshed by one thread at a
time; a token WeChat rejects (40001/40014/42001) is refreshed once and the send retried
once. 45015 (the user has not written within 48 hours) and 48001 (the account lacks the
permission) are logged plainly and not retried: the messages wait for the user's next
message instead.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from channels.wechat.settings import WeChatSettings
from channels.wechat.shared import SharedState

logger = logging.getLogger(__name__)

TOKEN_REJECTED = {40001, 40014, 42001}
NOT_RETRIED = {
    45015: "the user has not written within 48 hours (45015): kept for the user's next message",
    48001: "this official account lacks the customer-service permission (48001): kept for the user's next message",
}
HTTP_TIMEOUT = 5.0
_QUERY = re.compile(r"\?[^\s'\"]*")


def redacted(error: BaseException) -> str:
    """An error's text without query strings (they carry the app secret and access tokens)."""
    return _QUERY.sub("?…", f"{type(error).__name__}: {error}")


class ChannelClient(WeChatClient):
    """wechatpy's client with a configurable API base and one token refresh at a time."""

    def __init__(
        self, app_id: str, secret: str, api_base: str, timeout: float = HTTP_TIMEOUT, shared: SharedState | None = None
    ) -> None:
        super().__init__(
            app_id, secret, timeout=timeout, auto_retry=False, session=shared.token_storage() if shared else None
        )
        self.API_BASE_URL = api_base
        self._token_lock = threading.RLock()
        self.shared = shared

    @contextmanager
    def _one_fetch(self) -> Iterator[None]:
        """One token fetch at a time: among this process's threads, and among processes when shared."""
        with self._token_lock:
            if self.shared is None:
                yield
            else:
                with self.shared.token_lock():
                    yield

    def fetch_access_token(self) -> dict:
        """GET {api_base}token, as wechatpy does, but at the configured address and with a timeout."""
        response = self._http.get(
            f"{self.API_BASE_URL}token",
            params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
            timeout=self.timeout,
        )
        response.raise_for_status()
        result = response.json()
        if result.get("errcode"):
            raise WeChatClientException(result["errcode"], result.get("errmsg"), client=self, response=response)
        expires_in = int(result.get("expires_in", 7200))
        if self.shared is None:
            self.session.set(self.access_token_key, result["access_token"], expires_in)
            self.expires_at = int(time.time()) + expires_in
        else:
            # Shared: the stored token expires a minute early and every process trusts the store
            # (expires_at None makes wechatpy use whatever token the storage holds).
            self.session.set(self.access_token_key, result["access_token"], max(expires_in - 60, 1))
            self.expires_at = None
        logger.info("WeChat access token fetched, valid for %d s", expires_in)
        return result

    @property
    def access_token(self) -> str:
        cached = self.cached_token() if self.shared is not None else None
        if cached:
            return cached
        with self._one_fetch():  # a cached token, or one fetch while the others wait
            return super().access_token

    def cached_token(self) -> str | None:
        return self.session.get(self.access_token_key)

    def refresh_after_rejection(self, rejected: str | None) -> None:
        """Fetch a new token unless another thread already replaced the rejected one."""
        with self._one_fetch():
            current = self.cached_token()
            if current and current != rejected:
                return
            self.fetch_access_token()


class CustomerService:
    """Sends text messages to one user through message/custom/send."""

    def __init__(self, settings: WeChatSettings, shared: SharedState | None = None) -> None:
        self.client = ChannelClient(settings.app_id, settings.app_secret, settings.api_base, shared=shared)
        # 48001: the account cannot send these messages at all; the channel stops trying.
        self.lacks_permission = False

    @property
    def usable(self) -> bool:
        return not self.lacks_permission

    def _send_once(self, openid: str, text: str) -> None:
        self.client.message.send_text(openid, text)

    def _send(self, openid: str, text: str) -> None:
        token = self.client.access_token
        try:
            self._send_once(openid, text)
        except WeChatClientException as error:
            if error.errcode not in TOKEN_REJECTED:
                raise
            logger.info("WeChat rejected the access token (%s); refreshing once and retrying", error.errcode)
            self.client.refresh_after_rejection(token)
            self._send_once(openid, text)

    def send_texts(self, openid: str, texts: list[str]) -> list[str]:
        """Send in order; return what could not be sent (to deliver on the user's next message)."""
        for index, text in enumerate(texts):
            try:
                self._send(openid, text)
            except WeChatClientException as error:
                reason = NOT_RETRIED.get(error.errcode, f"error {error.errcode}: {error.errmsg}")
                if error.errcode == 48001:
                    self.lacks_permission = True
                    reason += "; from now on long answers continue on the user's next message"
                logger.warning("WeChat customer-service message not sent: %s", reason)
                return texts[index:]
            except (requests.RequestException, ValueError) as error:
                logger.warning(
                    "WeChat customer-service API unreachable (%s): kept for the next message", redacted(error)
                )
                return texts[index:]
        return []
