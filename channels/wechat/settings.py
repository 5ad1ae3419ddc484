"""WeChat channel settings, read from the environment only (secrets never live in files)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_API_BASE = "https://api.weixin.qq.com/cgi-bin/"


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as error:
        raise ValueError(f"{name} must be a number of seconds, got {raw!r}") from error
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {raw!r}")
    return value


@dataclass(frozen=True)
class WeChatSettings:
    """What the channel needs to know; `token` empty means the channel is off."""

    token: str = ""
    app_id: str = ""
    app_secret: str = ""
    aes_key: str = ""
    api_base: str = DEFAULT_API_BASE
    # WeChat waits 5 s per try and tries 3 times; a passive reply must leave before that.
    reply_wait: float = 4.5
    # A try that is not the last is held this long in all (WeChat hangs up at 5 s and retries).
    retry_hold: float = 15.0
    tries: int = 3
    max_body_bytes: int = 64 * 1024
    # Retries of one message arrive within ~15 s; remember replies well past that.
    remember_seconds: float = 300.0

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    @property
    def encrypted(self) -> bool:
        """安全模式 is possible: an AES key (and the app id it is bound to) are configured."""
        return bool(self.aes_key)

    @property
    def customer_service(self) -> bool:
        """Messages beyond the passive reply can go through the customer-service API."""
        return bool(self.app_id and self.app_secret)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WeChatSettings:
        env = os.environ if env is None else env
        base = env.get("WECHAT_API_BASE", "").strip() or DEFAULT_API_BASE
        settings = cls(
            token=env.get("WECHAT_TOKEN", "").strip(),
            app_id=env.get("WECHAT_APPID", "").strip(),
            app_secret=env.get("WECHAT_SECRET", "").strip(),
            aes_key=env.get("WECHAT_AES_KEY", "").strip(),
            api_base=base if base.endswith("/") else base + "/",
            reply_wait=_seconds(env, "WECHAT_REPLY_WAIT", cls.reply_wait),
            retry_hold=_seconds(env, "WECHAT_RETRY_HOLD", cls.retry_hold),
        )
        if settings.aes_key and len(settings.aes_key) != 43:
            raise ValueError("WECHAT_AES_KEY must be the 43-character EncodingAESKey from the WeChat admin page")
        if settings.aes_key and not settings.app_id:
            raise ValueError("WECHAT_AES_KEY needs WECHAT_APPID (the encrypted messages are bound to it)")
        return settings

    def describe(self) -> str:
        """One line for `make run`: whether the channel is on, and how."""
        if not self.enabled:
            return "WeChat channel: off (set WECHAT_TOKEN to enable /webhooks/wechat/webhook)"
        mode = "plain and 安全模式 (AES)" if self.encrypted else "plain mode only (no WECHAT_AES_KEY)"
        extra = (
            "customer-service API on"
            if self.customer_service
            else "no WECHAT_APPID/WECHAT_SECRET: long answers continue on the next message"
        )
        return f"WeChat channel: on at /webhooks/wechat/webhook, {mode}, {extra}"
