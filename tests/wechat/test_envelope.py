"""Opening WeChat requests: signatures, 安全模式, and hostile or broken input → 4xx."""

from __future__ import annotations

import pytest
import xmltodict

from channels.wechat.envelope import Rejected, crypto_for, open_message, seal, verify_server
from channels.wechat.settings import WeChatSettings
from channels.wechat.simulator import WeChatSimulator

TOKEN, APP_ID, AES_KEY = "unit-token", "wxunitapp", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
SETTINGS = WeChatSettings(token=TOKEN, app_id=APP_ID, aes_key=AES_KEY)
CRYPTO = crypto_for(SETTINGS)


def simulator(encrypted: bool = False) -> WeChatSimulator:
    return WeChatSimulator("http://unused", TOKEN, openid="o-unit", app_id=APP_ID, aes_key=AES_KEY, encrypted=encrypted)


def test_verification_echoes_and_refuses_wrong_or_missing_signatures():
    query = simulator().signed_query()
    assert verify_server(SETTINGS, {**query, "echostr": "abc"}) == "abc"
    with pytest.raises(Rejected) as wrong:
        verify_server(SETTINGS, {**query, "signature": "0" * 40, "echostr": "abc"})
    assert wrong.value.status == 403
    with pytest.raises(Rejected) as missing:
        verify_server(SETTINGS, {"echostr": "abc"})
    assert missing.value.status == 403


@pytest.mark.parametrize("encrypted", [False, True])
def test_a_text_message_opens_and_its_reply_seals(encrypted):
    sim = simulator(encrypted)
    xml, msg_id = sim.text_xml("房租能减免吗")
    query, body = sim.envelope(xml)
    incoming = open_message(SETTINGS, CRYPTO, query, body)
    assert incoming.message.content == "房租能减免吗"
    assert incoming.openid == "o-unit"
    assert incoming.key == f"msg:{msg_id}"
    assert incoming.encrypted is encrypted
    sealed = seal(CRYPTO, incoming, "回答")
    assert sim._reply_text(sealed) == "回答"
    if encrypted:
        assert "回答" not in sealed


def test_events_are_keyed_by_sender_and_time():
    sim = simulator()
    query, body = sim.envelope(sim.event_xml("subscribe", create_time=1700000000))
    assert open_message(SETTINGS, CRYPTO, query, body).key == "event:o-unit:1700000000"


def test_a_tampered_encrypted_message_is_refused():
    sim = simulator(encrypted=True)
    query, body = sim.envelope(sim.text_xml("你好")[0])
    with pytest.raises(Rejected) as refused:
        open_message(SETTINGS, CRYPTO, {**query, "msg_signature": "0" * 40}, body)
    assert refused.value.status == 403


HOSTILE = {
    "xxe": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><MsgType>text</MsgType><Content>&e;</Content></xml>',
    "billion_laughs": '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><xml><Content>&b;</Content></xml>',
    "truncated": "<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[o-unit",
    "not_xml": "hello there",
    "no_msgtype": "<xml><FromUserName>o-unit</FromUserName></xml>",
    "bad_msgid": "<xml><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>abc</MsgId></xml>",
    "no_sender": "<xml><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>5</MsgId></xml>",
    "wrong_root": "<other><MsgType>text</MsgType></other>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_or_broken_xml_is_a_400(name):
    query = simulator().signed_query()
    with pytest.raises(Rejected) as refused:
        open_message(SETTINGS, CRYPTO, query, HOSTILE[name].encode("utf-8"))
    assert refused.value.status == 400


def test_an_oversize_body_is_a_413_before_any_parsing():
    query = simulator().signed_query()
    with pytest.raises(Rejected) as refused:
        open_message(SETTINGS, CRYPTO, query, b"<xml>" + b"a" * (SETTINGS.max_body_bytes + 1) + b"</xml>")
    assert refused.value.status == 413


def test_a_bad_signature_is_refused_before_the_body_is_read():
    with pytest.raises(Rejected) as refused:
        open_message(SETTINGS, CRYPTO, {"signature": "x", "timestamp": "1", "nonce": "n"}, b"<not-even-read")
    assert refused.value.status == 403


def test_hostile_xml_inside_the_encryption_is_refused_too():
    sim = simulator(encrypted=True)
    query, body = sim.envelope(HOSTILE["billion_laughs"])
    with pytest.raises(Rejected) as refused:
        open_message(SETTINGS, CRYPTO, query, body)
    assert refused.value.status == 400


def test_reply_xml_is_well_formed_for_awkward_text():
    sim = simulator()
    incoming = open_message(SETTINGS, CRYPTO, *sim.envelope(sim.text_xml("a]]>b<c>&d")[0]))
    assert incoming.message.content == "a]]>b<c>&d"
    reply = seal(CRYPTO, incoming, "含有 ]]> 与 <标签> & 符号")
    assert xmltodict.parse(reply)["xml"]["Content"] == "含有 ]]> 与 <标签> & 符号"


def test_settings_refuse_an_aes_key_without_app_id():
    with pytest.raises(ValueError, match="WECHAT_APPID"):
        WeChatSettings.from_env({"WECHAT_TOKEN": "t", "WECHAT_AES_KEY": AES_KEY})
    with pytest.raises(ValueError, match="43"):
        WeChatSettings.from_env({"WECHAT_TOKEN": "t", "WECHAT_AES_KEY": "short", "WECHAT_APPID": "wx"})
    assert not WeChatSettings.from_env({}).enabled
