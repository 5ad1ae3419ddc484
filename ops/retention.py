"""Data retention: delete conversations whose last event is older than N days.

Works on Rasa's SQL tracker store (the SQLite default and PostgreSQL): the `events`
table, one row per event with the sender id and a Unix timestamp. A conversation is
deleted whole (every event of that sender), never cut in the middle.
"""

from __future__ import annotations

import time

import sqlalchemy as sa

from ops.stores import StoreConfigError, Stores

SECONDS_PER_DAY = 86400


def _engine(stores: Stores) -> sa.engine.Engine:
    section = stores.tracker_store()
    if section is None:
        raise StoreConfigError("conversations are in memory: nothing to prune")
    if section["dialect"] == "sqlite":
        return sa.create_engine(f"sqlite:///{section['db']}")
    return sa.create_engine(stores.tracker_url.replace("postgres://", "postgresql://", 1))


def prune(stores: Stores, older_than_days: float, dry_run: bool = False, now: float | None = None) -> int:
    """How many conversations were (or, with dry_run, would be) deleted."""
    cutoff = (now or time.time()) - older_than_days * SECONDS_PER_DAY
    engine = _engine(stores)
    if not sa.inspect(engine).has_table("events"):
        return 0
    idle = sa.text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff")
    with engine.begin() as connection:
        senders = [row[0] for row in connection.execute(idle, {"cutoff": cutoff})]
        if senders and not dry_run:
            events = sa.table("events", sa.column("sender_id"))
            for start in range(0, len(senders), 500):
                connection.execute(sa.delete(events).where(events.c.sender_id.in_(senders[start : start + 500])))
    engine.dispose()
    return len(senders)
