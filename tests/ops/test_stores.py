"""Store configuration from the environment (no servers: the e2e tests run the real stores)."""

from __future__ import annotations

import pytest

from ops.stores import ROOT, StoreConfigError, Stores, endpoints


def test_default_is_a_sqlite_file_under_state():
    stores = Stores.from_env({})
    assert stores.tracker_store() == {"type": "SQL", "dialect": "sqlite", "db": str(ROOT / "state/conversations.db")}
    assert stores.lock_store() is None
    assert "state/conversations.db" in stores.describe()


def test_absolute_sqlite_paths_stay_absolute():
    assert Stores.from_env({"TRACKER_STORE_URL": "sqlite:////var/lib/a.db"}).tracker_store()["db"] == "/var/lib/a.db"


def test_scale_out_urls_become_rasa_sections_and_passwords_stay_out_of_the_description():
    stores = Stores.from_env(
        {"TRACKER_STORE_URL": "postgresql://rasa:s%40cret@db:5433/conv", "LOCK_STORE_URL": "redis://:pw@cache:6380/2"}
    )
    tracker, lock = stores.tracker_store(), stores.lock_store()
    assert tracker == {
        "type": "SQL",
        "dialect": "postgresql",
        "url": "db",
        "port": 5433,
        "db": "conv",
        "username": "rasa",
        "password": "s@cret",
    }
    assert lock["type"] == "ops.locks.AtomicRedisLockStore" and lock["db"] == 2 and lock["password"] == "pw"
    assert lock["key_prefix"].isalnum()
    assert "cret" not in stores.describe() and "pw" not in stores.describe()
    assert set(endpoints("http://a:5055/webhook", stores)) == {"action_endpoint", "tracker_store", "lock_store"}


@pytest.mark.parametrize(
    "env",
    [
        {"TRACKER_STORE_URL": "mysql://x/y"},
        {"TRACKER_STORE_URL": "postgresql://host-only"},
        {"LOCK_STORE_URL": "memcached://x"},
        {"LOCK_STORE_URL": "redis://host/notanumber"},
        {"LOCK_STORE_URL": "redis://host/0", "LOCK_STORE_PREFIX": "has_underscore"},
    ],
)
def test_unusable_settings_are_refused_with_the_variable_named(env):
    with pytest.raises(StoreConfigError, match="STORE"):
        stores = Stores.from_env(env)
        stores.tracker_store()
        stores.lock_store()


def test_memory_is_explicit():
    assert Stores.from_env({"TRACKER_STORE_URL": "memory"}).tracker_store() is None
