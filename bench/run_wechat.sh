#!/usr/bin/env bash
# Passive-reply latency through the WeChat channel of real servers; report in results/wechat_latency.json.
# The servers get a throw-away token and AES key (plain and 安全模式 are both measured).
set -euo pipefail
cd "$(dirname "$0")/.."
export WECHAT_TOKEN="bench-$RANDOM$RANDOM" WECHAT_APPID=wxbenchapp
export WECHAT_AES_KEY=$(.venv/rasa/bin/python -c 'import secrets,string; print("".join(secrets.choice(string.ascii_letters+string.digits) for _ in range(43)))')
export BENCH_WECHAT_TOKEN=$WECHAT_TOKEN BENCH_WECHAT_APPID=$WECHAT_APPID BENCH_WECHAT_AES_KEY=$WECHAT_AES_KEY
bash scripts/with_servers.sh 5207 5257 .venv/rasa/bin/python bench/wechat_latency.py \
  --url http://127.0.0.1:5207/webhooks/wechat/webhook
