"""Scale-out: two Rasa servers sharing a PostgreSQL tracker store and a Redis lock store.

PostgreSQL and Redis are real servers from their Debian binaries, started for this
module. The messages of one conversation alternate between the two Rasa servers, several
conversations run at once, and two messages of one conversation arrive at both servers
at the same moment: every turn lands once, in order, and the check ends with the right facts.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import redis
import requests
from datastores import start_postgres, start_redis
from rasa_client import Servers
from servers import start_rasa_server, stop_server

from ops.stores import Stores


@dataclass
class Pair:
    urls: tuple[str, str]
    redis_url: str

    def say(self, which: int, sender: str, text: str) -> list[str]:
        answer = requests.post(
            f"{self.urls[which]}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120
        )
        answer.raise_for_status()
        return [m.get("text", "") for m in answer.json()]

    def tracker(self, sender: str, which: int = 0) -> dict:
        return requests.get(f"{self.urls[which]}/conversations/{sender}/tracker", timeout=30).json()


@pytest.fixture(scope="module")
def pair(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    tmp = tmp_path_factory.mktemp("scale-out")
    started = []
    try:
        postgres_url = start_postgres(started, tmp)
        redis_url = start_redis(started, tmp)
        stores = Stores.from_env({"TRACKER_STORE_URL": postgres_url, "LOCK_STORE_URL": redis_url})
        sections = {"tracker_store": stores.tracker_store(), "lock_store": stores.lock_store()}
        env = {"WECHAT_TOKEN": ""}
        first = start_rasa_server(tmp, servers.action_url, started, env, sections, "rasa-a")
        second = start_rasa_server(tmp, servers.action_url, started, env, sections, "rasa-b")
        yield Pair((first, second), redis_url)
    finally:
        for process in reversed(started):
            stop_server(process)


def user_turns(tracker: dict) -> list[str]:
    return [e["text"] for e in tracker["events"] if e["event"] == "user"]


def answered_in_turn(tracker: dict) -> bool:
    """Every user message is followed by the bot's actions before the next user message."""
    kinds = [e["event"] for e in tracker["events"] if e["event"] in ("user", "action", "bot")]
    return all(a != "user" or b != "user" for a, b in zip(kinds, kinds[1:], strict=False))


def test_one_conversation_alternating_between_two_servers(pair):
    sender = f"alt-{uuid.uuid4().hex[:8]}"
    script = ["帮我看看能享受哪些政策", "我们是开饭店的，三十个人", "租的国有的门面", "先看结果"]
    replies = [pair.say(i % 2, sender, text) for i, text in enumerate(script)]
    assert any("评估结果" in r for r in replies[-1])
    for which in (0, 1):  # both servers see the same conversation
        tracker = pair.tracker(sender, which)
        assert user_turns(tracker) == script
        assert tracker["slots"]["profile"]["employees"] == 30
        assert tracker["slots"]["profile"]["premises"] == "state_owned"
        assert answered_in_turn(tracker)


def test_concurrent_conversations_each_land_once_and_in_order(pair):
    people = {f"c{i}-{uuid.uuid4().hex[:6]}": 11 + i for i in range(6)}
    errors: list[str] = []

    def converse(sender: str, employees: int) -> None:
        try:
            for i, text in enumerate(["帮我看看能享受哪些政策", f"我们是开饭店的，{employees}个人", "先看结果"]):
                pair.say((i + employees) % 2, sender, text)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(f"{sender}: {error!r}")

    threads = [threading.Thread(target=converse, args=item) for item in people.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for sender, employees in people.items():
        tracker = pair.tracker(sender)
        assert user_turns(tracker) == ["帮我看看能享受哪些政策", f"我们是开饭店的，{employees}个人", "先看结果"]
        assert tracker["slots"]["profile"]["employees"] == employees
        assert answered_in_turn(tracker)


def test_two_messages_of_one_conversation_at_both_servers_at_once(pair):
    sender = f"race-{uuid.uuid4().hex[:8]}"
    pair.say(0, sender, "帮我看看能享受哪些政策")
    barrier = threading.Barrier(2)
    texts = ["我们是开饭店的", "三十个人"]

    def send(which: int) -> None:
        barrier.wait()
        pair.say(which, sender, texts[which])

    threads = [threading.Thread(target=send, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tracker = pair.tracker(sender)
    turns = user_turns(tracker)
    assert turns[0] == "帮我看看能享受哪些政策" and sorted(turns[1:]) == sorted(texts)  # each once
    assert answered_in_turn(tracker)  # the lock store made them take turns
    profile = tracker["slots"]["profile"]
    assert profile["industry"] == "餐饮业" and profile["employees"] == 30


def test_tickets_are_unique_under_contention_and_keys_carry_the_prefix(pair):
    """Many 'processes' (separate store objects) take tickets for one conversation at once."""
    from rasa.utils.endpoints import EndpointConfig

    from ops.locks import AtomicRedisLockStore

    section = Stores.from_env({"LOCK_STORE_URL": pair.redis_url}).lock_store()
    config = EndpointConfig(url=section.pop("url"), **{k: v for k, v in section.items() if k != "type"})
    stores = [AtomicRedisLockStore(config) for _ in range(8)]
    conversation = f"contended-{uuid.uuid4().hex[:6]}"
    tickets: list[int] = []
    barrier = threading.Barrier(len(stores))

    def take(store) -> None:
        barrier.wait()
        for _ in range(25):
            tickets.append(store.issue_ticket(conversation))

    threads = [threading.Thread(target=take, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(tickets) == list(range(len(stores) * 25))  # no ticket issued twice, none skipped
    keys = [k.decode() for k in redis.Redis.from_url(pair.redis_url).keys("*")]
    assert keys and all(k.startswith("policyassistant:lock:") for k in keys), keys
    for ticket in tickets:
        stores[0].cleanup(conversation, ticket)
    assert stores[0].get_lock(conversation) is None
