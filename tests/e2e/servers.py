"""Start and stop the REAL servers for tests: action server, Rasa server, web app.

Shared by tests/e2e (Rasa environment) and tests/browser (actions environment): only the
standard library, requests and pytest. Each server runs in its own process group on a
free port, with its log in pytest's temporary folder.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "rasa" / "assistant.tar.gz"
RASA_BIN = ROOT / ".venv" / "rasa" / "bin" / "rasa"
ACTIONS_PYTHON = ROOT / ".venv" / "actions" / "bin" / "python"
START_TIMEOUT = float(os.environ.get("E2E_START_TIMEOUT", "300"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    if not path.is_file():
        return ""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def wait_until(ready: Callable[[], bool], process: subprocess.Popen, log: Path, what: str) -> None:
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


def start_process(
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


def start_action_server(
    tmp: Path, started: list[subprocess.Popen], port: int | None = None, name: str = "action-server"
) -> str:
    """A real action server on `port` (default: a free one); its URL."""
    port = port or free_port()
    log = tmp / f"{name}.log"
    process = start_process(
        [str(ACTIONS_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)], log, started
    )
    url = f"http://127.0.0.1:{port}"
    wait_until(lambda: requests.get(f"{url}/health", timeout=5).ok, process, log, "action server")
    return url


def start_rasa_server(
    tmp: Path,
    action_url: str,
    started: list[subprocess.Popen],
    extra_env: dict[str, str] | None = None,
    stores: dict | None = None,
    name: str = "rasa-server",
    extra_args: list[str] | None = None,
) -> str:
    """A real Rasa server on a free port, using the action server at `action_url`; its URL.

    `stores`: extra endpoints.yml sections (tracker_store, lock_store); default in memory.
    """
    if not MODEL.is_file():
        pytest.fail(f"no trained Rasa model at {MODEL.relative_to(ROOT)}: run `make train` first")
    tmp.mkdir(parents=True, exist_ok=True)
    endpoints = tmp / f"{name}-endpoints.yml"
    endpoints.write_text(
        json.dumps(
            {"action_endpoint": {"url": f"{action_url}/webhook", "enable_selective_domain": True}, **(stores or {})}
        ),
        "utf-8",
    )
    port = free_port()
    log = tmp / f"{name}.log"
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
        *(extra_args or []),
    ]
    process = start_process(command, log, started, extra_env)
    url = f"http://127.0.0.1:{port}"

    token = (
        (extra_args or [])[(extra_args or []).index("--auth-token") + 1] if "--auth-token" in (extra_args or []) else ""
    )

    def loaded() -> bool:
        response = requests.get(f"{url}/status", params={"token": token} if token else None, timeout=5)
        return response.ok and bool(response.json().get("model_id"))

    wait_until(loaded, process, log, "Rasa server")
    return url


def start_web_app(tmp: Path, rasa_url: str, started: list[subprocess.Popen], extra_env: dict[str, str]) -> str:
    """The real web app (python -m web) on a free port, reading conversations from `rasa_url`; its URL."""
    tmp.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = tmp / "web-app.log"
    env = {"RASA_URL": rasa_url, "WIDGET_SOCKET_URL": rasa_url, **extra_env}
    command = [str(ACTIONS_PYTHON), "-m", "web", "--host", "127.0.0.1", "--port", str(port)]
    process = start_process(command, log, started, env)
    url = f"http://127.0.0.1:{port}"
    wait_until(lambda: requests.get(f"{url}/health", timeout=5).ok, process, log, "web app")
    return url
