#!/usr/bin/env bash
# `make load`: the bounded load test (bench/load.py) against real servers on the embedded default
# (SQLite tracker store, in a throw-away file). Arguments go to bench/load.py, e.g.
#   bash bench/run_load.sh --users 20 --duration 30
# Report in results/load.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/with_servers.sh 5207 5257 .venv/actions/bin/python bench/load.py --rasa-url http://127.0.0.1:5207 \
  --action-port 5257 "$@"
