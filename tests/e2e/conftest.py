"""Session fixtures that start the REAL action server and the REAL Rasa server.

No mocks: the action server runs the project's actions (retrieval, eligibility
engine) in `.venv/actions`, the Rasa server loads the trained model from
`models/rasa/assistant.tar.gz` in `.venv/rasa`, and tests talk to it through
the REST channel exactly as a client would. Both servers are started on free
ports with their logs in pytest's temporary folder, and are stopped at the end.

Set E2E_RASA_URL (and E2E_ACTION_URL) to test against servers already running.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa_client import Servers
from servers import start_action_server, start_rasa_server, stop_server

# The first answer waits for the searcher to load (embedding model and index).
WARM_TIMEOUT = 180.0


def _action_server(tmp: Path, started: list[subprocess.Popen]) -> str:
    if os.environ.get("E2E_ACTION_URL"):
        return os.environ["E2E_ACTION_URL"].rstrip("/")
    return start_action_server(tmp, started)


def _rasa_server(tmp: Path, action_url: str, started: list[subprocess.Popen]) -> str:
    if os.environ.get("E2E_RASA_URL"):
        return os.environ["E2E_RASA_URL"].rstrip("/")
    return start_rasa_server(tmp, action_url, started, {"WECHAT_TOKEN": ""})  # REST only: WeChat channel off


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    tmp = tmp_path_factory.mktemp("servers")
    started: list[subprocess.Popen] = []
    try:
        action_url = _action_server(tmp, started)
        result = Servers(_rasa_server(tmp, action_url, started), action_url)
        result.say(f"warm-up-{uuid.uuid4().hex}", "房租能减免吗", timeout=WARM_TIMEOUT)
        yield result
    finally:
        for process in reversed(started):
            stop_server(process)


@pytest.fixture
def sender() -> str:
    """A fresh conversation id per test."""
    return f"e2e-{uuid.uuid4().hex[:12]}"
