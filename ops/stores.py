"""Where conversations and locks live, chosen by environment variables.

TRACKER_STORE_URL  sqlite:///state/conversations.db (default: a file, survives restarts)
                   postgresql://user:password@host:5432/dbname (scale-out)
                   memory (nothing kept; tests only)
LOCK_STORE_URL     unset: in-memory (one Rasa process, one Sanic worker)
                   redis://[:password@]host:6379/0 (several Rasa processes or SANIC_WORKERS > 1)
LOCK_STORE_PREFIX  key prefix of the lock keys (letters and digits; default policyassistant), so
                   they never collide with other keys in the same Redis database
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TRACKER_STORE = "sqlite:///state/conversations.db"
DEFAULT_LOCK_PREFIX = "policyassistant"


class StoreConfigError(ValueError):
    """A store URL that cannot be used; the message names the variable and an example."""


@dataclass(frozen=True)
class Stores:
    tracker_url: str
    lock_url: str
    lock_prefix: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Stores:
        env = os.environ if env is None else env
        return cls(
            tracker_url=env.get("TRACKER_STORE_URL", "").strip() or DEFAULT_TRACKER_STORE,
            lock_url=env.get("LOCK_STORE_URL", "").strip(),
            lock_prefix=env.get("LOCK_STORE_PREFIX", "").strip() or DEFAULT_LOCK_PREFIX,
        )

    @property
    def shared_locks(self) -> bool:
        return bool(self.lock_url)

    def sqlite_path(self) -> Path | None:
        """The SQLite file of the default store (relative paths are under the project)."""
        parts = urlsplit(self.tracker_url)
        if parts.scheme != "sqlite":
            return None
        path = Path(unquote(parts.path.lstrip("/")) if self.tracker_url.startswith("sqlite:///") else parts.path)
        if self.tracker_url.startswith("sqlite:////"):
            path = Path("/" + str(path).lstrip("/"))
        return path if path.is_absolute() else ROOT / path

    def prepare(self) -> None:
        """Create the SQLite file's folder: Rasa falls back to memory, silently losing
        conversations on restart, when it cannot open its store."""
        path = self.sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)

    def tracker_store(self) -> dict[str, Any] | None:
        """Rasa's `tracker_store` endpoint section (None: in memory)."""
        url = self.tracker_url
        if url == "memory":
            return None
        parts = urlsplit(url)
        if parts.scheme == "sqlite":
            return {"type": "SQL", "dialect": "sqlite", "db": str(self.sqlite_path())}
        if parts.scheme in ("postgresql", "postgres"):
            if not parts.hostname or not parts.path.strip("/"):
                raise StoreConfigError("TRACKER_STORE_URL needs host and database: postgresql://user:pw@host:5432/db")
            section: dict[str, Any] = {
                "type": "SQL",
                "dialect": "postgresql",
                "url": parts.hostname,
                "port": parts.port or 5432,
                "db": parts.path.strip("/"),
            }
            if parts.username:
                section["username"] = unquote(parts.username)
            if parts.password:
                section["password"] = unquote(parts.password)
            return section
        raise StoreConfigError(
            f"TRACKER_STORE_URL must be sqlite:///path, postgresql://… or memory, not {parts.scheme or url!r}"
        )

    def lock_store(self) -> dict[str, Any] | None:
        """Rasa's `lock_store` endpoint section (None: in memory)."""
        if not self.lock_url:
            return None
        parts = urlsplit(self.lock_url)
        if parts.scheme not in ("redis", "rediss") or not parts.hostname:
            raise StoreConfigError("LOCK_STORE_URL must look like redis://[:password@]host:6379/0")
        db = parts.path.strip("/") or "0"
        if not db.isdigit():
            raise StoreConfigError(f"LOCK_STORE_URL database must be a number, not {db!r}")
        if not self.lock_prefix.isalnum():
            raise StoreConfigError("LOCK_STORE_PREFIX must be letters and digits only (Rasa ignores other prefixes)")
        section: dict[str, Any] = {
            "type": "ops.locks.AtomicRedisLockStore",
            "url": parts.hostname,
            "port": parts.port or 6379,
            "db": int(db),
            "key_prefix": self.lock_prefix,
        }
        if parts.password:
            section["password"] = unquote(parts.password)
        if parts.scheme == "rediss":
            section["use_ssl"] = True
        return section

    def describe(self) -> str:
        """One line for `make run`, without passwords."""
        tracker = urlsplit(self.tracker_url)
        where = (
            str(self.sqlite_path()) if tracker.scheme == "sqlite" else f"{tracker.scheme}://{tracker.hostname or ''}"
        )
        if self.tracker_url == "memory":
            where = "memory (lost on restart)"
        locks = f"Redis at {urlsplit(self.lock_url).hostname}" if self.lock_url else "in memory (one Rasa process)"
        return f"Conversations: {where}; locks: {locks}"


def action_endpoint(action_url: str) -> dict[str, Any]:
    """The action server, sent the domain only by the actions that say they need it (domain.yml
    `send_domain`): the whole domain on every call was a large share of each turn's work."""
    return {"url": action_url, "enable_selective_domain": True}


def endpoints(action_url: str, stores: Stores) -> dict[str, Any]:
    """The whole endpoints.yml content for one Rasa process."""
    result: dict[str, Any] = {"action_endpoint": action_endpoint(action_url)}
    tracker = stores.tracker_store()
    if tracker is not None:
        result["tracker_store"] = tracker
    lock = stores.lock_store()
    if lock is not None:
        result["lock_store"] = lock
    return result
