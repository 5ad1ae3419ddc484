"""What several Rasa processes share for the WeChat channel, in Redis.

With one Rasa process everything lives in its memory. With several (scale-out, README), set
WECHAT_SHARED_REDIS_URL (default: LOCK_STORE_URL, the Redis the lock store uses) and they share:

- the MsgId cache: the first process to see a message claims it (SET NX) and runs its one turn;
  a retry that reaches another process waits for the passive reply the owner publishes, so one
  message is still one turn and every try gets the same reply;
- the access token (wechatpy's RedisStorage, expiring a minute before WeChat's expiry) and its
  refresh lock, so one process fetches a token while the others wait and then use it.

Keys start with `{LOCK_STORE_PREFIX}:wechat:`; values expire, nothing needs cleaning. If Redis
cannot be reached, a process works on its own (the lock store then refuses the turn itself).
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

logger = logging.getLogger(__name__)
SOCKET_TIMEOUT = 2.0
LOCK_SECONDS = 30.0  # a token fetch takes well under this; a crashed holder frees the lock by then


class SharedState:
    """MsgId claims, published passive replies, the token storage and its lock, in one Redis."""

    def __init__(self, client: Any, prefix: str, remember_seconds: float) -> None:
        self.client = client
        self.prefix = f"{prefix}:wechat"
        self.remember_seconds = int(remember_seconds)
        self.owner = uuid.uuid4().hex  # this process

    @classmethod
    def from_env(cls, remember_seconds: float, env: Mapping[str, str] | None = None) -> SharedState | None:
        env = os.environ if env is None else env
        url = env.get("WECHAT_SHARED_REDIS_URL", "").strip() or env.get("LOCK_STORE_URL", "").strip()
        if not url:
            return None
        import redis

        prefix = env.get("LOCK_STORE_PREFIX", "").strip() or "policyassistant"
        client = redis.Redis.from_url(url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT)
        return cls(client, prefix, remember_seconds)

    def _key(self, kind: str, key: str) -> str:
        return f"{self.prefix}:{kind}:{key}"

    def claim(self, key: str) -> bool:
        """True when this process runs the message's turn (first to claim it, or Redis is away)."""
        try:
            return bool(self.client.set(self._key("msg", key), self.owner, nx=True, ex=self.remember_seconds))
        except Exception as error:  # noqa: BLE001 - without Redis each process works alone
            logger.warning("WeChat shared state unreachable (%s): message %s handled here", type(error).__name__, key)
            return True

    def publish(self, key: str, reply: str) -> None:
        """The passive reply decided for a message, for tries that reach another process."""
        try:
            self.client.set(self._key("reply", key), reply, ex=self.remember_seconds)
        except Exception as error:  # noqa: BLE001
            logger.warning("WeChat shared state unreachable (%s): reply of %s not shared", type(error).__name__, key)

    def reply(self, key: str) -> str | None:
        try:
            value = self.client.get(self._key("reply", key))
        except Exception:  # noqa: BLE001
            return None
        return None if value is None else value.decode("utf-8")

    def token_storage(self) -> Any:
        from wechatpy.session.redisstorage import RedisStorage

        return RedisStorage(self.client, prefix=f"{self.prefix}:token")

    @contextmanager
    def token_lock(self) -> Iterator[None]:
        """One token fetch at a time across the processes."""
        lock = self.client.lock(self._key("lock", "token"), timeout=LOCK_SECONDS, blocking_timeout=LOCK_SECONDS)
        acquired = lock.acquire()
        try:
            yield
        finally:
            if acquired:
                try:
                    lock.release()
                except Exception:  # noqa: BLE001 - expired meanwhile: nothing to release
                    pass
