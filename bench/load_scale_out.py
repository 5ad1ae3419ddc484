"""`make load` on the scale-out configuration: PostgreSQL tracker store + Redis lock store, two Rasa
servers sharing them and one action server, all real and started here (Debian's postgresql and
redis-server, as the scale-out tests do); consecutive messages of a conversation alternate between
the two Rasa servers. Arguments go to bench/load.py; report in results/load_scale_out.json.

    .venv/rasa/bin/python bench/load_scale_out.py --users 20 --duration 30
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e"), str(ROOT / "bench")]

from datastores import start_postgres, start_redis  # noqa: E402
from servers import start_action_server, start_rasa_server, stop_server  # noqa: E402

from ops.stores import Stores  # noqa: E402


def main(argv: list[str]) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="load-scale-out-"))
    started: list[subprocess.Popen] = []
    try:
        stores = Stores.from_env(
            {"TRACKER_STORE_URL": start_postgres(started, tmp), "LOCK_STORE_URL": start_redis(started, tmp)}
        )
        sections = {"tracker_store": stores.tracker_store(), "lock_store": stores.lock_store()}
        action_url = start_action_server(tmp, started, name="action-server")
        rasa = [start_rasa_server(tmp, action_url, started, {}, sections, f"rasa-{name}") for name in "ab"]
        command = [
            str(ROOT / ".venv" / "actions" / "bin" / "python"),
            str(ROOT / "bench" / "load.py"),
            *[arg for url in rasa for arg in ("--rasa-url", url)],
            "--action-port",
            action_url.rsplit(":", 1)[1],
            "--label",
            "scale-out (PostgreSQL tracker store, Redis lock store, 2 Rasa servers)",
            "--json",
            str(ROOT / "results" / "load_scale_out.json"),
            *argv,
        ]
        return subprocess.run(command, check=False).returncode
    finally:
        for process in reversed(started):
            stop_server(process)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
