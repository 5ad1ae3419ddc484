#!/usr/bin/env bash
# End-to-end test stories (tests/stories) against a real action server; fails on any prediction error.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p results
port=${STORIES_ACTION_PORT:-5155}
endpoints=$(mktemp --suffix=.yml)
trap 'rm -f "$endpoints"' EXIT
printf 'action_endpoint:\n  url: "http://127.0.0.1:%s/webhook"\n' "$port" > "$endpoints"
bash scripts/with_action_server.sh "$port" \
  .venv/rasa/bin/rasa test core --stories tests/stories -m models/rasa/assistant.tar.gz \
  --endpoints "$endpoints" --fail-on-prediction-errors --out results/stories
