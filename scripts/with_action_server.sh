#!/usr/bin/env bash
# Run a command while a real action server is up (used by scripts/with_servers.sh for the benchmarks).
# Usage: scripts/with_action_server.sh PORT command args...
set -euo pipefail
cd "$(dirname "$0")/.."
port=$1; shift
.venv/actions/bin/python -m rasa_sdk --actions actions --port "$port" > results/action-server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/health" >/dev/null; then break; fi
  if ! kill -0 $pid 2>/dev/null; then echo "action server died:"; cat results/action-server.log; exit 1; fi
  sleep 1
done
"$@"
