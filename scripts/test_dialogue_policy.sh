#!/usr/bin/env bash
# Dialogue-policy tests: tests/dialogue_policy/*.yml through `rasa test core --fail-on-prediction-errors`.
#
# What this tests: given each story's intents and the slot / active_loop events written in the story,
# the trained dialogue policies (rules, memoization, TED) predict exactly the story's next actions.
# What it does NOT test: Rasa 3.x core evaluation never executes an action, so no custom action
# (action_answer_policy_question, action_show_result …) and no form (enterprise_check_form, its
# validation and slot filling) runs, and no action server is contacted; the slot and loop events are
# taken from the story, not produced by the code. Without --e2e the story's intents are used, so the
# NLU is not tested either. The conversation tests against real servers in tests/e2e cover the actions,
# the forms and the NLU.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p results
.venv/rasa/bin/rasa test core --stories tests/dialogue_policy -m models/rasa/assistant.tar.gz \
  --fail-on-prediction-errors --out results/dialogue_policy
