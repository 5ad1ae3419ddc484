"""Secrets stay secret: with every secret set (WeChat token, app secret, AES key, staff token, Rasa
API token), a session of normal use and of attacks leaves none of them in any server log or in
any response body, error pages included; protected APIs refuse without the right token."""

from __future__ import annotations

import uuid

import pytest
import requests
from delay_proxy import DelayProxy
from servers import start_action_server, start_rasa_server, start_web_app, stop_server

from channels.wechat.fake_api import FakeWeChatAPI
from channels.wechat.simulator import WeChatSimulator

SECRETS = {
    "WECHAT_TOKEN": f"wx-token-{uuid.uuid4().hex}",
    "WECHAT_SECRET": f"wx-secret-{uuid.uuid4().hex}",
    "WECHAT_AES_KEY": "SecretAesKey0123456789abcdefghijklmnopqrstu",
    "STAFF_TOKEN": f"staff-{uuid.uuid4().hex}",
    "RASA_AUTH_TOKEN": f"rasa-api-{uuid.uuid4().hex}",
}
APP_ID = "wxsecuritytest"


def test_no_secret_in_logs_or_responses(tmp_path):
    api = FakeWeChatAPI(APP_ID, SECRETS["WECHAT_SECRET"]).start()
    started = []
    bodies: list[str] = []
    try:
        action = start_action_server(tmp_path, started)
        proxy = DelayProxy(action).start()
        env = {
            **SECRETS,
            "WECHAT_APPID": APP_ID,
            "WECHAT_API_BASE": api.api_base,
            "WECHAT_REPLY_WAIT": "1",
            "WECHAT_RETRY_HOLD": "1",
        }
        rasa = start_rasa_server(
            tmp_path, proxy.url, started, env, extra_args=["--auth-token", SECRETS["RASA_AUTH_TOKEN"]]
        )
        web = start_web_app(
            tmp_path,
            rasa,
            started,
            {"STAFF_TOKEN": SECRETS["STAFF_TOKEN"], "RASA_AUTH_TOKEN": SECRETS["RASA_AUTH_TOKEN"]},
        )
        webhook = f"{rasa}/webhooks/wechat/webhook"

        def keep(response: requests.Response) -> requests.Response:
            bodies.append(response.text)
            return response

        # Normal use: an encrypted WeChat conversation whose late answer goes through the
        # customer-service API (so the app secret is used to fetch an access token).
        sim = WeChatSimulator(
            webhook,
            SECRETS["WECHAT_TOKEN"],
            openid="o-sec",
            app_id=APP_ID,
            aes_key=SECRETS["WECHAT_AES_KEY"],
            encrypted=True,
        )
        proxy.delay = 3.0
        bodies.append(sim.say("房租能减免吗").body)
        proxy.delay = 0.0
        for _ in range(100):
            if api.sent_to("o-sec"):
                break
            __import__("time").sleep(0.2)
        assert api.sent_to("o-sec") and api.state.tokens_issued == 1
        keep(
            requests.post(
                f"{rasa}/webhooks/rest/webhook", json={"sender": "rest-sec", "message": "社保能缓缴吗"}, timeout=60
            )
        )

        # Attacks and mistakes: wrong signatures and tokens, hostile bodies, unknown paths.
        keep(
            requests.get(webhook, params={"signature": "x", "timestamp": "1", "nonce": "2", "echostr": "e"}, timeout=30)
        )
        keep(
            requests.post(
                webhook, params={"signature": "x", "timestamp": "1", "nonce": "2"}, data=b"<xml/>", timeout=30
            )
        )
        keep(
            requests.post(
                webhook, params=sim.signed_query(), data=b'<!DOCTYPE x [<!ENTITY a "b">]><xml>&a;</xml>', timeout=30
            )
        )
        keep(requests.post(f"{rasa}/webhooks/rest/webhook", data=b"[]", timeout=30))
        for path in ("/conversations/o-sec/tracker", "/status", "/model/parse", "/no/such/path"):
            assert keep(requests.get(f"{rasa}{path}", timeout=30)).status_code in (401, 403, 404, 405)
            assert keep(requests.get(f"{rasa}{path}", params={"token": "wrong"}, timeout=30)).status_code in (
                401,
                403,
                404,
                405,
            )
        assert requests.get(
            f"{rasa}/conversations/o-sec/tracker", params={"token": SECRETS["RASA_AUTH_TOKEN"]}, timeout=30
        ).ok
        for path in ("/api/policies", "/api/conversations/o-sec", "/api/no-such"):
            assert keep(requests.get(f"{web}{path}", timeout=30)).status_code in (401, 404)
            assert keep(
                requests.get(f"{web}{path}", headers={"Authorization": "Bearer wrong"}, timeout=30)
            ).status_code in (401, 404)
        keep(
            requests.post(
                f"{web}/api/eligibility",
                data=b"{not json",
                headers={"Authorization": f"Bearer {SECRETS['STAFF_TOKEN']}"},
                timeout=30,
            )
        )
        staff = requests.get(
            f"{web}/api/conversations/o-sec", headers={"Authorization": f"Bearer {SECRETS['STAFF_TOKEN']}"}, timeout=30
        )
        assert staff.ok  # the web app reads the tracker with the Rasa token…
        keep(staff)  # …and does not echo it
        keep(requests.get(f"{web}/no-such-page", timeout=30))
    finally:
        for process in reversed(started):
            stop_server(process)
        api.stop()
    logs = {path.name: path.read_text(encoding="utf-8", errors="replace") for path in tmp_path.glob("*.log")}
    assert {"rasa-server.log", "action-server.log", "web-app.log"} <= set(logs)
    for name, secret in SECRETS.items():
        leaked = [log for log, text in logs.items() if secret in text]
        assert not leaked, f"{name} written to {leaked}"
        assert not any(secret in body for body in bodies), f"{name} in a response body"


@pytest.mark.parametrize("origin", ["https://evil.example", "null"])
def test_cors_is_not_granted_to_unlisted_origins(tmp_path, origin):
    started = []
    try:
        web = start_web_app(
            tmp_path,
            "http://127.0.0.1:9",
            started,
            {"STAFF_TOKEN": "t", "STAFF_CORS_ORIGINS": "https://allowed.example"},
        )
        preflight = requests.options(
            f"{web}/api/policies", headers={"Origin": origin, "Access-Control-Request-Method": "GET"}, timeout=30
        )
        simple = requests.get(
            f"{web}/api/policies", headers={"Origin": origin, "Authorization": "Bearer t"}, timeout=30
        )
    finally:
        for process in started:
            stop_server(process)
    assert preflight.headers.get("access-control-allow-origin") not in (origin, "*")
    assert simple.headers.get("access-control-allow-origin") not in (origin, "*")
