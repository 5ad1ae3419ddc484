#!/usr/bin/env bash
# Conversation benchmark: scripted enterprise personas through the real REST channel.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/with_servers.sh 5205 5255 .venv/actions/bin/python bench/conversation.py --rasa-url http://127.0.0.1:5205
