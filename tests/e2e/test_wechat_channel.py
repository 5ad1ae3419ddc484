"""The WeChat channel through a real Rasa server (with the real action server behind it).

WeChat is played by the simulator (signed and encrypted XML, 5-second tries, three tries
with one MsgId); the customer-service API by the fake WeChat API on loopback; a slow
action server by a delaying proxy in front of the real one.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests
import yaml
from delay_proxy import DelayProxy
from rasa_client import Servers
from servers import ROOT, start_rasa_server, stop_server

from channels.wechat.fake_api import FakeWeChatAPI
from channels.wechat.passive import REPLY_LIMIT_BYTES, size
from channels.wechat.simulator import WeChatSimulator
from channels.wechat.wording import Wording

TOKEN, APP_ID, SECRET = "e2e-wechat-token", "wxe2etestapp", "e2e-app-secret"
AES_KEY = "Zyxwvutsrqponmlkjihgfedcba9876543210ABCDEFG"
WORDING = Wording.load()


@dataclass
class WeChatRig:
    url: str
    rasa_url: str
    api: FakeWeChatAPI
    proxy: DelayProxy

    def user(self, encrypted: bool = False, prefix: str = "o") -> WeChatSimulator:
        openid = f"{prefix}-{uuid.uuid4().hex[:12]}"
        return WeChatSimulator(self.url, TOKEN, openid=openid, app_id=APP_ID, aes_key=AES_KEY, encrypted=encrypted)

    def user_turns(self, openid: str) -> list[str]:
        answer = requests.get(f"{self.rasa_url}/conversations/{openid}/tracker", timeout=30)
        answer.raise_for_status()
        return [e.get("text") for e in answer.json()["events"] if e["event"] == "user"]

    def pushed(self, openid: str, count: int, within: float = 60.0) -> list[str]:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            sent = self.api.sent_to(openid)
            if len(sent) >= count:
                return sent
            time.sleep(0.2)
        return self.api.sent_to(openid)


@pytest.fixture(scope="module")
def wechat(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WeChatRig]:
    api = FakeWeChatAPI(APP_ID, SECRET).start()
    proxy = DelayProxy(servers.action_url).start()
    started = []
    env = {
        "WECHAT_TOKEN": TOKEN,
        "WECHAT_APPID": APP_ID,
        "WECHAT_SECRET": SECRET,
        "WECHAT_AES_KEY": AES_KEY,
        "WECHAT_API_BASE": api.api_base,
    }
    try:
        rasa_url = start_rasa_server(tmp_path_factory.mktemp("wechat"), proxy.url, started, env)
        rig = WeChatRig(f"{rasa_url}/webhooks/wechat/webhook", rasa_url, api, proxy)
        rig.user().say("你好")  # warm-up
        yield rig
    finally:
        for process in started:
            stop_server(process)
        proxy.stop()
        api.stop()


def greeting() -> str:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return domain["responses"]["utter_greet"][0]["text"]


def test_without_a_token_the_channel_is_off_and_says_so(servers):
    answer = requests.post(f"{servers.rasa_url}/webhooks/wechat/webhook", data=b"<xml/>", timeout=10)
    assert answer.status_code == 503 and "WECHAT_TOKEN" in answer.text


def test_server_verification_echoes_only_with_the_right_signature(wechat):
    sim = wechat.user()
    good = sim.verify("echo-123")
    assert (good.status_code, good.text) == (200, "echo-123")
    wrong = requests.get(wechat.url, params={**sim.signed_query(), "signature": "f" * 40, "echostr": "x"}, timeout=10)
    assert wrong.status_code == 403
    missing = requests.get(wechat.url, params={"echostr": "x"}, timeout=10)
    assert missing.status_code == 403


def test_a_text_question_is_answered_in_reply_xml(wechat):
    sim = wechat.user()
    reply = sim.say("房租能减免吗")
    assert reply.status == 200 and reply.tries == 1
    assert reply.body.lstrip().startswith("<xml>")
    assert f"<ToUserName><![CDATA[{sim.openid}]]></ToUserName>" in reply.body
    assert "第（七）条" in reply.text and "责任单位" in reply.text
    assert size(reply.text) <= REPLY_LIMIT_BYTES
    assert wechat.user_turns(sim.openid) == ["房租能减免吗"]  # the OpenID is the Rasa sender id


def test_a_message_with_a_signature_for_another_token_is_refused(wechat):
    sim = WeChatSimulator(wechat.url, "not-the-token", openid="o-intruder")
    assert sim.say("房租能减免吗").status == 403


def test_three_tries_of_one_message_make_one_turn_and_the_same_reply(wechat):
    sim = wechat.user()
    query, body = sim.envelope(sim.text_xml("社保能缓缴吗")[0])

    def post() -> str:
        return requests.post(wechat.url, params=query, data=body, timeout=10).text

    # Compared as text: the XML's CreateTime is the second each reply was sealed, and may differ.
    sequential = {sim._reply_text(post()) for _ in range(3)}
    assert len(sequential) == 1 and "社" in (sequential.pop() or "")
    query, body = sim.envelope(sim.text_xml("贷款到期还不上怎么办")[0])
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(post())) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    texts = {sim._reply_text(result) for result in results}
    assert len(results) == 3 and len(texts) == 1 and None not in texts
    assert wechat.user_turns(sim.openid) == ["社保能缓缴吗", "贷款到期还不上怎么办"]


def test_an_answer_late_for_the_first_try_is_given_to_the_retry(wechat):
    sim = wechat.user()
    wechat.proxy.delay = 7.0
    try:
        reply = sim.say("税能延期交吗")
    finally:
        wechat.proxy.delay = 0.0
    assert reply.tries == 2, reply
    assert reply.text and "税" in reply.text
    assert wechat.user_turns(sim.openid) == ["税能延期交吗"]


def test_an_answer_late_for_every_try_comes_through_the_customer_service_api(wechat):
    sim = wechat.user()
    wechat.proxy.delay = 16.0
    try:
        reply = sim.say("社保能缓缴吗")
        assert reply.tries == 3
        assert reply.text == WORDING.please_wait_pushed
        pushed = wechat.pushed(sim.openid, 1)
    finally:
        wechat.proxy.delay = 0.0
    assert pushed and ("社会保险" in pushed[0] or "社保" in pushed[0])
    assert wechat.user_turns(sim.openid) == ["社保能缓缴吗"]


def test_encrypted_mode_round_trip(wechat):
    sim = wechat.user(encrypted=True)
    reply = sim.say("房租能减免吗")
    assert reply.status == 200
    assert "<Encrypt>" in reply.body and "责任单位" not in reply.body
    assert "第（七）条" in reply.text
    assert wechat.user_turns(sim.openid) == ["房租能减免吗"]


HOSTILE = {
    "xxe": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><ToUserName>gh</ToUserName><FromUserName>o-x</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&e;</Content><MsgId>1</MsgId></xml>',
    "billion_laughs": '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><xml><Content>&c;</Content></xml>',
    "truncated": "<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[o-x",
    "unknown_xml": "<message><type>text</type></message>",
    "binary": "\x00\x01\x02<xml>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_or_broken_xml_gets_a_400(wechat, name):
    sim = wechat.user()
    answer = requests.post(wechat.url, params=sim.signed_query(), data=HOSTILE[name].encode("utf-8"), timeout=10)
    assert answer.status_code == 400


def test_a_10_mb_body_gets_a_413_and_the_channel_keeps_working(wechat):
    sim = wechat.user()
    answer = requests.post(wechat.url, params=sim.signed_query(), data=b"<xml>" + b"A" * 10_000_000, timeout=30)
    assert answer.status_code == 413
    assert sim.say("房租能减免吗").text


def test_a_wrong_msgtype_gets_a_polite_reply_and_no_turn(wechat):
    sim = wechat.user()
    reply = sim.post(sim._xml("hologram", "<MsgId>42</MsgId>"))
    assert (reply.status, reply.text) == (200, WORDING.non_text)
    assert wechat.user_turns(sim.openid) == []


def test_subscribe_gets_the_welcome_and_menu(wechat):
    sim = wechat.user()
    reply = sim.post(sim.event_xml("subscribe"))
    assert reply.text == greeting()


@pytest.mark.parametrize("kind", ["image", "voice", "location"])
def test_images_voice_and_locations_are_asked_for_text(wechat, kind):
    sim = wechat.user()
    reply = sim.post(sim.media_xml(kind))
    assert (reply.status, reply.text) == (200, WORDING.non_text)
    assert wechat.user_turns(sim.openid) == []


CHECK = [
    "帮我看看能享受哪些政策",
    "我们是开饭店的，三十个人，租的商场的房子，去年营收五百万，受疫情影响很大",
    "先看结果",
]


def full_details(servers: Servers) -> list[str]:
    """The same conversation through the REST channel: every message the bot sends for 详细."""
    sender = f"e2e-rest-{uuid.uuid4().hex[:8]}"
    for text in CHECK:
        servers.say(sender, text)
    return servers.say(sender, "详细")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text.replace(WORDING.more_follows, ""))


def test_a_long_answer_refused_by_the_api_comes_on_the_next_message(wechat, servers):
    expected = flat("".join(full_details(servers)))
    assert size("\n\n".join(full_details(servers))) > REPLY_LIMIT_BYTES  # the case under test
    sim = wechat.user()
    for text in CHECK:
        sim.say(text)
    wechat.api.fail_next(45015)  # the customer-service API refuses the rest: it waits for the next message
    parts = [sim.say("详细").text]
    time.sleep(1.0)
    assert wechat.api.sent_to(sim.openid) == []
    parts.append(sim.say("继续").text)  # any message brings the rest; this one is not a question
    while parts[-1].endswith(WORDING.more_follows) and len(parts) < 10:
        parts.append(sim.say("继续").text)
    time.sleep(1.0)
    pushed = wechat.api.sent_to(sim.openid)
    assert all(size(part) <= REPLY_LIMIT_BYTES for part in parts + pushed)
    assert flat("".join(parts + pushed)) == expected
    assert "继续" not in wechat.user_turns(sim.openid)  # asking for the rest is not a turn


def test_a_long_answer_continues_through_the_customer_service_api(wechat, servers):
    expected = flat("".join(full_details(servers)))
    sim = wechat.user()
    for text in CHECK:
        sim.say(text)
    before = wechat.api.state.tokens_issued
    wechat.api.expire_tokens()  # the cached token is now rejected (40001): refreshed once
    first = sim.say("详细").text
    assert WORDING.more_follows not in first
    wechat.pushed(sim.openid, 1)
    time.sleep(1.0)  # the rest is sent in order, one message after another
    rest = wechat.api.sent_to(sim.openid)
    assert rest, "nothing arrived through message/custom/send"
    assert all(size(part) <= REPLY_LIMIT_BYTES for part in [first, *rest])
    assert flat(first + "".join(rest)) == expected
    assert wechat.api.state.tokens_issued == before + 1


def test_two_users_at_once_keep_their_conversations_apart(wechat):
    users = {
        "restaurant": (wechat.user(), "我们是开饭店的，二十个人", "餐饮业", 20),
        "factory": (wechat.user(), "我们是做口罩的工厂，八十个人", None, 80),
    }
    barrier = threading.Barrier(len(users))
    failures: list[str] = []

    def converse(sim: WeChatSimulator, opening: str) -> None:
        try:
            for text in ["帮我看看能享受哪些政策", opening]:
                barrier.wait(timeout=60)
                if not sim.say(text).text:
                    failures.append(f"{sim.openid}: no reply to {text}")
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(f"{sim.openid}: {error!r}")

    threads = [threading.Thread(target=converse, args=(sim, opening)) for sim, opening, _, _ in users.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    for sim, opening, industry, employees in users.values():
        tracker = requests.get(f"{wechat.rasa_url}/conversations/{sim.openid}/tracker", timeout=30).json()
        profile = tracker["slots"]["profile"]
        assert profile["employees"] == employees
        if industry:
            assert profile["industry"] == industry
        assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["帮我看看能享受哪些政策", opening]


@pytest.mark.parametrize("mode", [[], ["--encrypted"]], ids=["plain", "encrypted"])
def test_the_simulator_command_chats_with_the_channel(wechat, mode):
    env = {**os.environ, "WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APP_ID, "WECHAT_AES_KEY": AES_KEY}
    run = subprocess.run(
        [sys.executable, "-m", "channels.wechat", "chat", "--url", wechat.url, *mode],
        input="房租能减免吗\n/image\n/quit\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert "第（七）条" in run.stdout and WORDING.non_text in run.stdout


def test_the_simulator_command_refuses_without_the_token(wechat):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WECHAT_")}
    run = subprocess.run(
        [sys.executable, "-m", "channels.wechat", "chat", "--url", wechat.url],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )
    assert run.returncode == 2 and "WECHAT_TOKEN" in run.stderr
