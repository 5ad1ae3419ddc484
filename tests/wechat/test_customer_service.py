"""The customer-service API client against the fake WeChat API on loopback."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import pytest

from channels.wechat.api import CustomerService
from channels.wechat.fake_api import FakeWeChatAPI
from channels.wechat.settings import WeChatSettings

APP_ID, SECRET = "wxunitapp", "unit-secret-do-not-log"


@pytest.fixture
def api():
    fake = FakeWeChatAPI(APP_ID, SECRET).start()
    yield fake
    fake.stop()


def service(api: FakeWeChatAPI) -> CustomerService:
    return CustomerService(WeChatSettings(token="t", app_id=APP_ID, app_secret=SECRET, api_base=api.api_base))


def test_messages_are_sent_in_order_with_one_cached_token(api):
    cs = service(api)
    assert cs.send_texts("o-1", ["一", "二", "三"]) == []
    assert api.sent_to("o-1") == ["一", "二", "三"]
    assert api.state.tokens_issued == 1


def test_many_threads_share_one_token_fetch(api):
    cs = service(api)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda i: cs.send_texts(f"o-{i}", [str(i)]), range(16)))
    assert results == [[]] * 16
    assert api.state.tokens_issued == 1


def test_a_rejected_token_is_refreshed_once_and_the_send_retried_once(api):
    cs = service(api)
    cs.send_texts("o-1", ["先"])
    api.expire_tokens()
    assert cs.send_texts("o-1", ["后"]) == []
    assert api.sent_to("o-1") == ["先", "后"]
    assert api.state.tokens_issued == 2


def test_a_token_rejected_again_after_refresh_is_not_retried_forever(api):
    cs = service(api)
    api.fail_next(40001, 40001, 40001)
    assert cs.send_texts("o-1", ["一", "二"]) == ["一", "二"]
    assert api.state.tokens_issued == 2  # the first fetch and ONE refresh


@pytest.mark.parametrize("code", [45015, 48001])
def test_window_and_permission_errors_keep_the_messages_and_are_logged(api, code, caplog):
    cs = service(api)
    api.fail_next(code)
    with caplog.at_level(logging.WARNING):
        assert cs.send_texts("o-1", ["一", "二"]) == ["一", "二"]
    assert str(code) in caplog.text
    assert cs.usable is (code != 48001)
    assert len(api.state.failures) == 0 and api.sent_to("o-1") == []


def test_an_unreachable_api_keeps_the_messages_and_never_logs_the_secret(caplog):
    cs = CustomerService(
        WeChatSettings(token="t", app_id=APP_ID, app_secret=SECRET, api_base="http://127.0.0.1:9/cgi-bin/")
    )
    with caplog.at_level(logging.DEBUG):
        assert cs.send_texts("o-1", ["一"]) == ["一"]
    assert "unreachable" in caplog.text
    assert SECRET not in caplog.text


def test_wrong_app_secret_is_reported_not_crashed(api):
    cs = CustomerService(WeChatSettings(token="t", app_id=APP_ID, app_secret="wrong", api_base=api.api_base))
    assert cs.send_texts("o-1", ["一"]) == ["一"]
