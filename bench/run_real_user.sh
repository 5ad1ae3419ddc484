#!/usr/bin/env bash
# Real-user evaluation set (tests/data/real_user) through the real servers; report in results/real_user.json.
# Extra arguments go to bench/real_user.py, e.g. `bash bench/run_real_user.sh --split dev`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/with_servers.sh 5206 5256 .venv/actions/bin/python bench/real_user.py --rasa-url http://127.0.0.1:5206 "$@"
