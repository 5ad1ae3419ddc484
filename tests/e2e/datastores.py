"""PostgreSQL and Redis from their Debian binaries, started inside the test run on free ports.

Each runs in a fresh temporary folder and is stopped at the end; nothing else on the
machine is touched. PostgreSQL refuses to run as root, so under root it runs as the
`postgres` system user (created by Debian's package) through runuser.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from servers import free_port, start_process, wait_until


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(Path(p).parts[4]))
    if not found:
        pytest.fail("PostgreSQL server not installed: `apt-get install postgresql` (.ci/run does this)")
    return Path(found[-1]).parent


def _as_postgres_user() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def start_postgres(started: list[subprocess.Popen], log_dir: Path) -> str:
    """A throw-away PostgreSQL cluster (user `rasa`, trust auth on loopback); its URL."""
    bindir = _postgres_bin()
    data = Path(tempfile.mkdtemp(prefix="e2e-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    subprocess.run(
        [*_as_postgres_user(), str(bindir / "initdb"), "-D", str(data), "-U", "rasa", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    port = free_port()
    command = [
        *_as_postgres_user(),
        str(bindir / "postgres"),
        "-D",
        str(data),
        "-p",
        str(port),
        "-k",
        str(data),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "fsync=off",
    ]
    log = log_dir / "postgres.log"
    process = start_process(command, log, started)
    import psycopg2

    wait_until(postgres_ready(port), process, log, "PostgreSQL")
    connection = psycopg2.connect(host="127.0.0.1", port=port, user="rasa", dbname="postgres")
    connection.autocommit = True  # the database exists before Rasa starts, as in a deployment
    with connection.cursor() as cursor:
        cursor.execute("CREATE DATABASE conversations")
    connection.close()
    return f"postgresql://rasa@127.0.0.1:{port}/conversations"


def start_redis(started: list[subprocess.Popen], log_dir: Path) -> str:
    """A throw-away Redis (no persistence); its URL."""
    server = shutil.which("redis-server")
    if not server:
        pytest.fail("Redis not installed: `apt-get install redis-server` (.ci/run does this)")
    port = free_port()
    data = tempfile.mkdtemp(prefix="e2e-redis-")
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", data]
    log = log_dir / "redis.log"
    process = start_process(command, log, started)
    wait_until(redis_ready(port), process, log, "Redis")
    return f"redis://127.0.0.1:{port}/0"


def postgres_ready(port: int) -> Callable[[], bool]:
    def accepts() -> bool:
        import psycopg2

        try:
            psycopg2.connect(host="127.0.0.1", port=port, user="rasa", dbname="postgres").close()
            return True
        except psycopg2.OperationalError:
            return False

    return accepts


def redis_ready(port: int) -> Callable[[], bool]:
    def answers() -> bool:
        import redis

        try:
            return bool(redis.Redis(host="127.0.0.1", port=port).ping())
        except redis.ConnectionError:
            return False

    return answers


def stop_store(process: subprocess.Popen) -> None:
    """Stop a store at once (PostgreSQL: fast shutdown, open connections are cut)."""
    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def restart_store(
    process: subprocess.Popen, started: list[subprocess.Popen], log: Path, ready: Callable[[], bool], what: str
) -> subprocess.Popen:
    """The same store again (same command, data folder and port) after stop_store."""
    again = start_process(list(process.args), log, started)
    wait_until(ready, again, log, what)
    return again
