"""Several Rasa processes share the WeChat MsgId claims, replies and access token in a real Redis
(redis-server from Debian, started here on a free port)."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from datastores import start_redis  # noqa: E402
from servers import stop_server  # noqa: E402

from channels.wechat.api import CustomerService  # noqa: E402
from channels.wechat.fake_api import FakeWeChatAPI  # noqa: E402
from channels.wechat.settings import WeChatSettings  # noqa: E402
from channels.wechat.shared import SharedState  # noqa: E402

APP_ID, SECRET = "wxsharedapp", "shared-secret-do-not-log"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory):
    started: list[subprocess.Popen] = []
    url = start_redis(started, tmp_path_factory.mktemp("redis"))
    yield url
    for process in started:
        stop_server(process)


@pytest.fixture
def api():
    fake = FakeWeChatAPI(APP_ID, SECRET).start()
    yield fake
    fake.stop()


def process_state(redis_url: str, prefix: str) -> SharedState:
    """What one Rasa process builds from its environment."""
    state = SharedState.from_env(300, {"LOCK_STORE_URL": redis_url, "LOCK_STORE_PREFIX": prefix})
    assert state is not None
    return state


def test_without_redis_configured_nothing_is_shared() -> None:
    assert SharedState.from_env(300, {}) is None


def test_one_message_is_claimed_by_one_process_and_its_reply_reaches_the_others(redis_url) -> None:
    first, second = process_state(redis_url, "claims"), process_state(redis_url, "claims")
    assert first.claim("o-1:100") is True
    assert second.claim("o-1:100") is False  # the retry elsewhere must not run a second turn
    assert second.reply("o-1:100") is None
    first.publish("o-1:100", "<xml>答复</xml>")
    assert second.reply("o-1:100") == "<xml>答复</xml>"
    assert second.claim("o-1:101") is True  # another message is anyone's


def test_keys_carry_the_deployment_prefix_and_expire(redis_url) -> None:
    state = process_state(redis_url, "cityA")
    state.claim("o-2:7")
    keys = [key.decode() for key in state.client.keys("cityA:wechat:*")]
    assert keys == ["cityA:wechat:msg:o-2:7"]
    assert 0 < state.client.ttl(keys[0]) <= 300


def test_processes_share_one_access_token_fetch(redis_url, api) -> None:
    settings = WeChatSettings(token="t", app_id=APP_ID, app_secret=SECRET, api_base=api.api_base)
    services = [CustomerService(settings, process_state(redis_url, "tokens")) for _ in range(3)]
    with ThreadPoolExecutor(9) as pool:
        results = list(pool.map(lambda i: services[i % 3].send_texts(f"o-{i}", [str(i)]), range(18)))
    assert results == [[]] * 18
    assert api.state.tokens_issued == 1  # one fetch for all processes and threads


def test_a_rejected_token_is_refreshed_once_for_all_processes(redis_url, api) -> None:
    settings = WeChatSettings(token="t", app_id=APP_ID, app_secret=SECRET, api_base=api.api_base)
    first, second = (CustomerService(settings, process_state(redis_url, "refresh")) for _ in range(2))
    first.send_texts("o-1", ["先"])
    api.expire_tokens()
    assert first.send_texts("o-1", ["中"]) == []
    assert second.send_texts("o-1", ["后"]) == []  # uses the token the first one refreshed
    assert api.sent_to("o-1") == ["先", "中", "后"]
    assert api.state.tokens_issued == 2


def test_an_unreachable_redis_leaves_each_process_on_its_own(tmp_path) -> None:
    state = SharedState.from_env(300, {"WECHAT_SHARED_REDIS_URL": "redis://127.0.0.1:1/0"})
    assert state is not None
    assert state.claim("o-3:1") is True  # handled here rather than dropped
    assert state.reply("o-3:1") is None
