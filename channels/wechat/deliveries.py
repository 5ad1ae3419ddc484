"""One turn per WeChat message, however many times WeChat retries it.

WeChat waits 5 s for a reply and then sends the same message again (3 tries, same
MsgId). Each message key maps to one `Delivery`: the turn's task (started by the first
try only) and, once decided, the passive reply every later try gets verbatim. Entries
are forgotten after `remember_seconds`, far past WeChat's last retry.

Kept in this process's memory; with several Rasa processes the first to see a message
claims it in Redis and the others wait for its published reply (channels/wechat/shared.py).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

Messages = list[str] | None  # None: nothing to say (e.g. unsubscribe)


@dataclass
class Delivery:
    turn: asyncio.Task[Messages]
    key: str = ""
    created: float = field(default_factory=time.monotonic)
    tries: int = 0
    reply: str | None = None  # the passive reply once decided ("" = WeChat's "success")


class Deliveries:
    def __init__(self, remember_seconds: float) -> None:
        self.remember_seconds = remember_seconds
        self._entries: dict[str, Delivery] = {}

    def _forget_old(self) -> None:
        limit = time.monotonic() - self.remember_seconds
        for key in [key for key, entry in self._entries.items() if entry.created < limit and entry.turn.done()]:
            del self._entries[key]

    def join(self, key: str, start: Callable[[], Coroutine[Any, Any, Messages]]) -> Delivery:
        """The delivery for `key`, starting its turn only on the first try."""
        self._forget_old()
        entry = self._entries.get(key)
        if entry is None:
            entry = Delivery(asyncio.get_running_loop().create_task(start()), key)
            self._entries[key] = entry
        entry.tries += 1
        return entry

    def knows(self, key: str) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)


async def finished_within(task: asyncio.Task, seconds: float) -> bool:
    """Wait for `task` up to `seconds` without ever cancelling it."""
    if seconds > 0 and not task.done():
        await asyncio.wait({task}, timeout=seconds)
    return task.done()
