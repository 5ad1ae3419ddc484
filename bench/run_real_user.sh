#!/usr/bin/env bash
# Real-user evaluation sets (tests/data/real_user) through the real servers:
#   conversations.yml + questions.yml, report split  → results/real_user.json
#   blind4_*.yml (written blind by a helper, never tuned on, all of it) → results/real_user_blind4.json
#   blind7_*.yml (written blind by another helper, never tuned on, all of it) → results/real_user_blind7.json
# Extra arguments go to the first run of bench/real_user.py, e.g. `bash bench/run_real_user.sh --split dev`.
set -euo pipefail
cd "$(dirname "$0")/.."
data=tests/data/real_user
bash scripts/with_servers.sh 5206 5256 bash -c '
  .venv/actions/bin/python bench/real_user.py --rasa-url http://127.0.0.1:5206 "$@"
  .venv/actions/bin/python bench/real_user.py --rasa-url http://127.0.0.1:5206 --split all \
    --conversations '"$data"'/blind4_conversations.yml --questions '"$data"'/blind4_questions.yml \
    --json results/real_user_blind4.json
  .venv/actions/bin/python bench/real_user.py --rasa-url http://127.0.0.1:5206 --split all \
    --conversations '"$data"'/blind7_conversations.yml --questions '"$data"'/blind7_questions.yml \
    --json results/real_user_blind7.json
' _ "$@"
