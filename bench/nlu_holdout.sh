#!/usr/bin/env bash
# Intent F1 of the trained model on tests/data/nlu_holdout.yml, sentences never trained on.
# Refuses to run while any of them is a near copy of a data/nlu training example, a question bank or a
# vocabulary phrase (bench/evalguard.py: identical, within 2 edits, or containing / contained in one,
# after the system's normalisation): such a sentence measures memory, not understanding.
# (bench/nlu_cv.sh is cross-validation on the training data itself.)
# Usage: bash bench/nlu_holdout.sh   (needs make train; report in results/nlu_holdout/)
set -euo pipefail
cd "$(dirname "$0")/.."
out=results/nlu_holdout
mkdir -p "$out"
.venv/actions/bin/python bench/evalguard.py tests/data/nlu_holdout.yml || {
  echo "nlu_holdout.sh: refusing to run: remove the near copies above from tests/data/nlu_holdout.yml" >&2
  exit 1
}
.venv/rasa/bin/rasa test nlu --nlu tests/data/nlu_holdout.yml --model models/rasa/assistant.tar.gz \
  --out "$out" > "$out/rasa-test.log" 2>&1 || { tail -30 "$out/rasa-test.log"; exit 1; }
.venv/rasa/bin/python bench/intent_report.py "$out" "held-out set, no near copies of the training data"
