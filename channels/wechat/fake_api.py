"""A fake WeChat API on loopback: the token endpoint and message/custom/send.

For tests and the simulator (point the Rasa server's WECHAT_API_BASE at `api_base`).
It checks the app id and secret, hands out numbered tokens, rejects stale ones with
40001 as WeChat does, records every customer-service message, and can be told to fail
the next sends with a given error code (e.g. 45015, 48001).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


@dataclass
class FakeState:
    app_id: str
    secret: str
    tokens_issued: int = 0
    current_token: str = ""
    sent: list[dict] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)  # error codes for the next sends
    lock: threading.Lock = field(default_factory=threading.Lock)
    on_sent: Callable[[dict], None] | None = None


class _Handler(BaseHTTPRequestHandler):
    state: FakeState

    def log_message(self, *args: object) -> None:  # quiet
        return

    def _json(self, payload: dict, status: int = 200) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        state = self.state
        if url.path.endswith("/token"):
            if query.get("appid") != state.app_id or query.get("secret") != state.secret:
                self._json({"errcode": 40013, "errmsg": "invalid appid or secret"})
                return
            with state.lock:
                state.tokens_issued += 1
                state.current_token = f"fake-token-{state.tokens_issued}"
                self._json({"access_token": state.current_token, "expires_in": 7200})
            return
        if url.path == "/_sent":
            with state.lock:
                self._json({"sent": list(state.sent), "tokens_issued": state.tokens_issued})
            return
        self._json({"errcode": 404, "errmsg": "unknown endpoint"}, status=404)

    def do_POST(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        state = self.state
        if url.path.endswith("/message/custom/send"):
            with state.lock:
                if not state.current_token or query.get("access_token") != state.current_token:
                    self._json({"errcode": 40001, "errmsg": "invalid credential, access_token is invalid"})
                    return
                if state.failures:
                    code = state.failures.pop(0)
                    self._json({"errcode": code, "errmsg": f"fake failure {code}"})
                    return
                message = json.loads(body.decode("utf-8"))
                state.sent.append(message)
            if state.on_sent:
                state.on_sent(message)
            self._json({"errcode": 0, "errmsg": "ok"})
            return
        if url.path == "/_fail":
            with state.lock:
                state.failures.extend(json.loads(body.decode("utf-8")).get("errcodes", []))
            self._json({"ok": True})
            return
        if url.path == "/_expire":
            with state.lock:
                state.current_token = "expired"  # every token handed out so far is now rejected
            self._json({"ok": True})
            return
        self._json({"errcode": 404, "errmsg": "unknown endpoint"}, status=404)


class FakeWeChatAPI:
    """Start with `start()`; `api_base` is what WECHAT_API_BASE should be."""

    def __init__(self, app_id: str, secret: str, port: int = 0, on_sent: Callable[[dict], None] | None = None):
        self.state = FakeState(app_id, secret, on_sent=on_sent)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/cgi-bin/"

    def start(self) -> FakeWeChatAPI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def sent_to(self, openid: str) -> list[str]:
        with self.state.lock:
            return [m["text"]["content"] for m in self.state.sent if m.get("touser") == openid]

    def fail_next(self, *errcodes: int) -> None:
        with self.state.lock:
            self.state.failures.extend(errcodes)

    def expire_tokens(self) -> None:
        with self.state.lock:
            self.state.current_token = "expired"
