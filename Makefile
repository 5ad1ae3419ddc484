# One command to a running assistant (make run), one to every test (make test).
# Each target builds only what is missing or out of date.
SHELL := /bin/bash
RASA := .venv/rasa/bin
ACT := .venv/actions/bin
MODEL_DIR := models/embedding/multilingual-e5-small
INDEX_DIR := models/index
RASA_MODEL := models/rasa/assistant.tar.gz
RASA_SOURCES := config.yml domain.yml actions/policy/normalize.py $(shell find data nlu_components corpus/jieba -type f 2>/dev/null)
export PYTHONDONTWRITEBYTECODE := 1
export TF_CPP_MIN_LOG_LEVEL := 3

# Delete conversations idle for more than DAYS days (the store of TRACKER_STORE_URL, default SQLite).
DAYS ?= 90

# make load USERS=20 DURATION=30: bounded load test on real servers (results/load.json).
USERS ?= 20
DURATION ?= 30

.PHONY: load load-scale-out prune setup envs model index train web-assets run test lint unit validate dialogue-policy e2e browser bench wechat-chat clean distclean

setup: envs model web-assets

envs: .venv/rasa/.requirements.sha256 .venv/actions/.requirements.sha256
.venv/rasa/.requirements.sha256 .venv/actions/.requirements.sha256: requirements/*.txt scripts/setup_envs.sh
	bash scripts/setup_envs.sh

model: envs
	$(ACT)/python scripts/build_embedding_model.py --out $(MODEL_DIR)

index: model
	$(ACT)/python -m actions.search build --if-stale --docs corpus --out $(INDEX_DIR)

# socket.io-client for the chat widget, from the npm registry (web/package-lock.json); not committed.
web-assets: web/node_modules/.package-lock.json
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error

train: $(RASA_MODEL)
$(RASA_MODEL): $(RASA_SOURCES) | envs model
	$(RASA)/rasa train --fixed-model-name assistant --out models/rasa

run: index train web-assets
	bash scripts/run.sh

lint: envs
	$(ACT)/ruff check .
	$(ACT)/ruff format --check .

unit: index train
	$(ACT)/python -m pytest tests/unit -q
	$(RASA)/python -m pytest tests/nlu tests/wechat tests/ops -q --disable-warnings

validate: envs
	$(RASA)/rasa data validate --fail-on-warnings

# Dialogue policy only: rasa test core runs no custom action and no form (tests/e2e does).
dialogue-policy: train
	bash scripts/test_dialogue_policy.sh

e2e: index train
	$(RASA)/python -m pytest tests/e2e -q

# The widget and the staff console in Debian's headless Chromium (apt-get install chromium), via Playwright.
browser: index train web-assets
	$(ACT)/python -m pytest tests/browser -q

test: lint unit validate dialogue-policy e2e browser

bench: index train
	$(ACT)/python bench/retrieval.py
	$(ACT)/python bench/library.py
	bash bench/nlu_holdout.sh
	bash bench/run_conversation.sh
	bash bench/run_real_user.sh
	bash bench/run_wechat.sh
	bash bench/run_web.sh
	bash bench/run_load.sh --users 20 --duration 30
	$(RASA)/python bench/load_scale_out.py --users 20 --duration 30

# Chat with the WeChat channel of a running `make run` (same WECHAT_* variables), e.g.
#   make wechat-chat ARGS="--encrypted"
wechat-chat: envs
	$(RASA)/python -m channels.wechat chat $(ARGS)

load: index train
	bash bench/run_load.sh --users $(USERS) --duration $(DURATION)

# The same on the scale-out configuration: PostgreSQL + Redis + 2 Rasa servers, started for the run.
load-scale-out: index train
	$(RASA)/python bench/load_scale_out.py --users $(USERS) --duration $(DURATION)

prune: envs
	$(RASA)/python -m ops prune --older-than-days $(DAYS)

clean:
	rm -rf models/index models/index.building models/rasa results .pytest_cache .ruff_cache
	find . -name __pycache__ -not -path './.venv/*' -exec rm -rf {} +

distclean: clean
	rm -rf .venv models/embedding web/node_modules
