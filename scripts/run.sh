#!/usr/bin/env bash
# Start the action server (:5055) and the Rasa server (:5005, REST channel);
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
ACTION_PORT=${ACTION_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "stopping…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/actions/bin/python -m rasa_sdk --actions actions --port "$ACTION_PORT" &
pids+=($!)
.venv/rasa/bin/rasa run --enable-api --cors "*" -m models/rasa --port "$RASA_PORT" \
  --endpoints endpoints.yml --credentials credentials.yml &
pids+=($!)

echo "Action server on :$ACTION_PORT, Rasa on :$RASA_PORT. Talk to it:"
.venv/rasa/bin/python -c 'from channels.wechat.settings import WeChatSettings; print(WeChatSettings.from_env().describe())' \
  || echo "WeChat channel: settings above are wrong; the Rasa server will not start until they are fixed"
echo "  curl -s localhost:$RASA_PORT/webhooks/rest/webhook -H 'Content-Type: application/json' -d '{\"sender\": \"me\", \"message\": \"房租能减免吗\"}'"
echo "Press Ctrl-C to stop both."
wait -n "${pids[@]}"
