"""Real servers and a real browser for the web tests (run in the actions environment).

The action server, the Rasa server (socket.io channel with session persistence, REST)
and the web app are started on free ports; Chromium is Debian's (/usr/bin/chromium, or
CHROMIUM_PATH), driven by Playwright. Screenshots go to results/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from servers import ROOT, start_action_server, start_rasa_server, start_web_app, stop_server  # noqa: E402

STAFF_TOKEN = f"browser-test-{uuid.uuid4().hex}"
SCREENSHOTS = ROOT / "results" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Stack:
    rasa_url: str
    web_url: str
    action_url: str

    def staff(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {STAFF_TOKEN}", **kwargs.pop("headers", {})}
        return requests.request(method, f"{self.web_url}{path}", headers=headers, timeout=60, **kwargs)

    def tracker(self, sender: str) -> dict:
        answer = requests.get(f"{self.rasa_url}/conversations/{sender}/tracker", timeout=30)
        answer.raise_for_status()
        return answer.json()

    def say(self, sender: str, text: str) -> list[str]:
        answer = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120
        )
        answer.raise_for_status()
        return [m.get("text", "") for m in answer.json()]


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("web-stack")
    started: list[subprocess.Popen] = []
    try:
        action_url = start_action_server(tmp, started)
        rasa_url = start_rasa_server(tmp, action_url, started, {"WECHAT_TOKEN": ""})
        web_url = start_web_app(
            tmp, rasa_url, started, {"STAFF_TOKEN": STAFF_TOKEN, "STAFF_CORS_ORIGINS": "https://allowed.example"}
        )
        result = Stack(rasa_url, web_url, action_url)
        result.say(f"warm-up-{uuid.uuid4().hex}", "房租能减免吗")
        result.staff("GET", "/api/search", params={"q": "房租"})  # the web app loads its searcher
        yield result
    finally:
        for process in reversed(started):
            stop_server(process)


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        pytest.fail("Chromium not found: `apt-get install chromium` (Debian), or set CHROMIUM_PATH")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
