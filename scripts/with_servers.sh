#!/usr/bin/env bash
# Run a command while a real action server and Rasa server are up (for benchmarks).
# Usage: scripts/with_servers.sh RASA_PORT ACTION_PORT command args...   (the command gets RASA_URL)
set -euo pipefail
cd "$(dirname "$0")/.."
rasa_port=$1 action_port=$2; shift 2
mkdir -p results
workdir=$(mktemp -d)
endpoints="$workdir/endpoints.yml"
# The embedded default (SQLite tracker store), in a throw-away file unless TRACKER_STORE_URL says otherwise.
export TRACKER_STORE_URL="${TRACKER_STORE_URL:-sqlite:///$workdir/conversations.db}"
.venv/rasa/bin/python -m ops endpoints --action-url "http://127.0.0.1:$action_port/webhook" --out "$endpoints"
.venv/rasa/bin/rasa run --enable-api -m models/rasa --port "$rasa_port" --endpoints "$endpoints" --credentials credentials.yml \
  > results/rasa-server.log 2>&1 &
rasa_pid=$!
trap 'kill $rasa_pid 2>/dev/null || true; wait $rasa_pid 2>/dev/null || true; rm -rf "$workdir"' EXIT
for _ in $(seq 1 180); do
  if curl -sf "http://127.0.0.1:$rasa_port/status" | grep -q '"model_file"'; then break; fi
  if ! kill -0 $rasa_pid 2>/dev/null; then echo "Rasa server died:"; tail -20 results/rasa-server.log; exit 1; fi
  sleep 1
done
RASA_URL="http://127.0.0.1:$rasa_port" bash scripts/with_action_server.sh "$action_port" "$@"
