"""Web app settings from the environment (the staff token never lives in a file)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class WebSettings:
    staff_token: str = ""
    cors_origins: tuple[str, ...] = ()
    rasa_url: str = "http://127.0.0.1:5005"  # where the app reads trackers (server side)
    rasa_token: str = ""  # Rasa's --auth-token, if the Rasa API is protected
    widget_socket_url: str = ""  # what browsers connect to; empty: same host as the page, port 5005
    max_body_bytes: int = 64 * 1024

    @property
    def staff_api_on(self) -> bool:
        return bool(self.staff_token)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WebSettings:
        env = os.environ if env is None else env
        origins = tuple(o.strip().rstrip("/") for o in env.get("STAFF_CORS_ORIGINS", "").split(",") if o.strip())
        return cls(
            staff_token=env.get("STAFF_TOKEN", "").strip(),
            cors_origins=origins,
            rasa_url=(env.get("RASA_URL", "").strip() or cls.rasa_url).rstrip("/"),
            rasa_token=env.get("RASA_AUTH_TOKEN", "").strip(),
            widget_socket_url=env.get("WIDGET_SOCKET_URL", "").strip().rstrip("/"),
        )

    def describe(self, port: int) -> str:
        staff = "staff API on" if self.staff_api_on else "staff API OFF (set STAFF_TOKEN): /api refuses every request"
        return f"Web app on :{port}: demo page /, widget /widget/widget.js, console /console; {staff}"
