#!/usr/bin/env bash
# Start the action server (:5055), the Rasa server (:5005: REST, socket.io for the widget,
# WeChat when WECHAT_TOKEN is set) and the web app (:8000: demo page, widget, staff console
# and API); Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
ACTION_PORT=${ACTION_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
WEB_PORT=${WEB_PORT:-8000}
export RASA_URL=${RASA_URL:-http://127.0.0.1:$RASA_PORT}
if [ "$RASA_PORT" != 5005 ] && [ -z "${WIDGET_SOCKET_URL:-}" ]; then export WIDGET_SOCKET_URL="http://localhost:$RASA_PORT"; fi

.venv/rasa/bin/python -m ops check-model  # a missing or stale model: refuse, naming `make train`

# Conversations: SQLite under state/ unless TRACKER_STORE_URL / LOCK_STORE_URL say otherwise (README).
.venv/rasa/bin/python -m ops endpoints --action-url "http://localhost:$ACTION_PORT/webhook" --out state/endpoints.yml
chmod 600 state/endpoints.yml  # it may hold the database password
.venv/rasa/bin/python -m ops describe
if [ -n "${CONVERSATION_RETENTION_DAYS:-}" ]; then
  .venv/rasa/bin/python -m ops prune --older-than-days "$CONVERSATION_RETENTION_DAYS"
fi

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
auth=()  # RASA_AUTH_TOKEN protects Rasa's HTTP API (trackers); the web app sends it too
if [ -n "${RASA_AUTH_TOKEN:-}" ]; then auth=(--auth-token "$RASA_AUTH_TOKEN"); fi
.venv/rasa/bin/rasa run --enable-api "${auth[@]}" --cors "*" -m models/rasa --port "$RASA_PORT" \
  --endpoints state/endpoints.yml --credentials credentials.yml &
pids+=($!)
.venv/actions/bin/python -m web --port "$WEB_PORT" &
pids+=($!)

echo "Action server on :$ACTION_PORT, Rasa on :$RASA_PORT, web app on http://localhost:$WEB_PORT (chat widget demo; staff console at /console). Talk to it:"
.venv/rasa/bin/python -c 'from channels.wechat.settings import WeChatSettings; print(WeChatSettings.from_env().describe())' \
  || echo "WeChat channel: settings above are wrong; the Rasa server will not start until they are fixed"
echo "  curl -s localhost:$RASA_PORT/webhooks/rest/webhook -H 'Content-Type: application/json' -d '{\"sender\": \"me\", \"message\": \"房租能减免吗\"}'"
echo "Press Ctrl-C to stop all three."
wait -n "${pids[@]}"
