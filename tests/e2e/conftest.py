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
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from rasa_client import Servers

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "rasa" / "assistant.tar.gz"
RASA_BIN = ROOT / ".venv" / "rasa" / "bin" / "rasa"
ACTIONS_PYTHON = ROOT / ".venv" / "actions" / "bin" / "python"
START_TIMEOUT = float(os.environ.get("E2E_START_TIMEOUT", "300"))
# The first answer waits for the searcher to load (embedding model and index).
WARM_TIMEOUT = 180.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    if not path.is_file():
        return ""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _wait_until(ready: Callable[[], bool], process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with code {process.returncode} during start-up; log {log}:\n{_tail(log)}")
        try:
            if ready():
                return
        except requests.RequestException:
            pass
        time.sleep(1.0)
    pytest.fail(f"{what} not ready after {START_TIMEOUT:.0f} s; log {log}:\n{_tail(log)}")


def _start(
    command: list[str], log: Path, started: list[subprocess.Popen], extra_env: dict[str, str] | None = None
) -> subprocess.Popen:
    """Start a server in its own process group, remembered in `started` for the teardown."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    started.append(process)
    return process


def stop_server(process: subprocess.Popen) -> None:
    """Stop the server we started (its own process group), politely first."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _action_server(tmp: Path, started: list[subprocess.Popen]) -> str:
    if os.environ.get("E2E_ACTION_URL"):
        return os.environ["E2E_ACTION_URL"].rstrip("/")
    port = free_port()
    log = tmp / "action-server.log"
    process = _start([str(ACTIONS_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)], log, started)
    url = f"http://127.0.0.1:{port}"
    _wait_until(lambda: requests.get(f"{url}/health", timeout=5).ok, process, log, "action server")
    return url


def _rasa_server(tmp: Path, action_url: str, started: list[subprocess.Popen]) -> str:
    if os.environ.get("E2E_RASA_URL"):
        return os.environ["E2E_RASA_URL"].rstrip("/")
    return start_rasa_server(tmp, action_url, started, {"WECHAT_TOKEN": ""})  # REST only: WeChat channel off


def start_rasa_server(
    tmp: Path, action_url: str, started: list[subprocess.Popen], extra_env: dict[str, str] | None = None
) -> str:
    """A real Rasa server on a free port, using the action server at `action_url`; its URL."""
    if not MODEL.is_file():
        pytest.fail(f"no trained Rasa model at {MODEL.relative_to(ROOT)}: run `make train` first")
    tmp.mkdir(parents=True, exist_ok=True)
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "{action_url}/webhook"\n', encoding="utf-8")
    port = free_port()
    log = tmp / "rasa-server.log"
    command = [
        str(RASA_BIN),
        "run",
        "--enable-api",
        "-m",
        str(MODEL),
        "--port",
        str(port),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(ROOT / "credentials.yml"),
    ]
    process = _start(command, log, started, extra_env)
    url = f"http://127.0.0.1:{port}"

    def loaded() -> bool:
        response = requests.get(f"{url}/status", timeout=5)
        return response.ok and bool(response.json().get("model_id"))

    _wait_until(loaded, process, log, "Rasa server")
    return url


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
