#!/usr/bin/env bash
# Widget round trip (socket.io) and staff search latency through real servers; report in results/web_latency.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export STAFF_TOKEN="bench-$RANDOM$RANDOM"
web_port=8207
RASA_URL=http://127.0.0.1:5208 .venv/actions/bin/python -m web --host 127.0.0.1 --port $web_port > results/web-app.log 2>&1 &
web_pid=$!
trap 'kill $web_pid 2>/dev/null || true; wait $web_pid 2>/dev/null || true' EXIT
bash scripts/with_servers.sh 5208 5258 .venv/rasa/bin/python bench/web_latency.py \
  --rasa-url http://127.0.0.1:5208 --web-url http://127.0.0.1:$web_port
