"""The WeChat channel on two Rasa servers sharing PostgreSQL, Redis and the action server: a retry
that reaches the other server makes no second turn and gets the same reply; a turn whose every try
was answered elsewhere is still delivered (channels/wechat/shared.py)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests
from datastores import start_postgres, start_redis
from delay_proxy import DelayProxy
from rasa_client import Servers
from servers import start_rasa_server, stop_server

from channels.wechat.fake_api import FakeWeChatAPI
from channels.wechat.simulator import WeChatSimulator
from channels.wechat.wording import Wording
from ops.stores import Stores

TOKEN, APP_ID, SECRET = "e2e-shared-token", "wxe2eshared", "e2e-shared-secret"
WORDING = Wording.load()


@dataclass
class Pair:
    rasa: tuple[str, str]
    api: FakeWeChatAPI
    proxy: DelayProxy

    def webhook(self, which: int) -> str:
        return f"{self.rasa[which]}/webhooks/wechat/webhook"

    def user(self) -> WeChatSimulator:
        return WeChatSimulator(self.webhook(0), TOKEN, openid=f"so-{uuid.uuid4().hex[:12]}", app_id=APP_ID)

    def user_turns(self, openid: str) -> list[str]:
        tracker = requests.get(f"{self.rasa[1]}/conversations/{openid}/tracker", timeout=30).json()
        return [e.get("text") for e in tracker["events"] if e["event"] == "user"]


@pytest.fixture(scope="module")
def pair(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    tmp = tmp_path_factory.mktemp("wechat-scale-out")
    api = FakeWeChatAPI(APP_ID, SECRET).start()
    proxy = DelayProxy(servers.action_url).start()
    started = []
    try:
        stores = Stores.from_env(
            {"TRACKER_STORE_URL": start_postgres(started, tmp), "LOCK_STORE_URL": start_redis(started, tmp)}
        )
        sections = {"tracker_store": stores.tracker_store(), "lock_store": stores.lock_store()}
        env = {
            "WECHAT_TOKEN": TOKEN,
            "WECHAT_APPID": APP_ID,
            "WECHAT_SECRET": SECRET,
            "WECHAT_API_BASE": api.api_base,
            "LOCK_STORE_URL": stores.lock_url,
        }
        rasa = tuple(start_rasa_server(tmp, proxy.url, started, env, sections, f"rasa-{n}") for n in "ab")
        rig = Pair(rasa, api, proxy)
        rig.user().say("你好")  # warm-up
        yield rig
    finally:
        for process in reversed(started):
            stop_server(process)
        proxy.stop()
        api.stop()


def post(url: str, query: dict, body: bytes, timeout: float = 10) -> str:
    return requests.post(url, params=query, data=body, timeout=timeout).text


def test_a_retry_on_the_other_server_gets_the_same_reply_and_makes_no_second_turn(pair):
    sim = pair.user()
    query, body = sim.envelope(sim.text_xml("社保能缓缴吗")[0])
    first = sim._reply_text(post(pair.webhook(0), query, body))
    retry = sim._reply_text(post(pair.webhook(1), query, body))
    # The same text; the XML's CreateTime is the second each reply was sealed, and may differ.
    assert first == retry and "社" in (first or "")

    query, body = sim.envelope(sim.text_xml("贷款到期还不上怎么办")[0])
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda w=w: results.append(post(pair.webhook(w), query, body))) for w in (0, 1, 0)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    texts = {sim._reply_text(result) for result in results}
    assert len(results) == 3 and len(texts) == 1 and None not in texts
    assert pair.user_turns(sim.openid) == ["社保能缓缴吗", "贷款到期还不上怎么办"]


def test_a_slow_answer_whose_tries_went_elsewhere_is_still_delivered(pair):
    sim = pair.user()
    query, body = sim.envelope(sim.text_xml("房租能减免吗")[0])
    pair.proxy.delay = 7.0
    try:
        with pytest.raises(requests.Timeout):
            post(pair.webhook(0), query, body, timeout=5)  # WeChat hangs up on the first try at 5 s
        retry = post(pair.webhook(1), query, body)  # the retry reaches the other server
    finally:
        pair.proxy.delay = 0.0
    assert sim._reply_text(retry) == WORDING.please_wait_pushed
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not pair.api.sent_to(sim.openid):
        time.sleep(0.2)
    pushed = "\n".join(pair.api.sent_to(sim.openid))
    assert "房租" in pushed  # the answer came through the customer-service API
    assert pair.user_turns(sim.openid) == ["房租能减免吗"]
