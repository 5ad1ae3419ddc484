#!/usr/bin/env bash
# Intent F1 of the trained model on tests/data/nlu_holdout.yml, sentences never trained on
# (the cross-validation in bench/nlu_cv.sh also tests on paraphrases of training sentences).
# Usage: bash bench/nlu_holdout.sh   (needs make train; report in results/nlu_holdout/)
set -euo pipefail
cd "$(dirname "$0")/.."
out=results/nlu_holdout
mkdir -p "$out"
.venv/rasa/bin/python - <<'PY'
import sys
from rasa.shared.nlu.training_data.loading import load_data
trained = {m.get("text") for m in load_data("data/nlu").intent_examples}
held = [m.get("text") for m in load_data("tests/data/nlu_holdout.yml").intent_examples]
overlap = [text for text in held if text in trained]
if overlap:
    sys.exit(f"held-out sentences also in data/nlu (remove them from one side): {overlap}")
print(f"held-out set: {len(held)} sentences, none in the training data")
PY
.venv/rasa/bin/rasa test nlu --nlu tests/data/nlu_holdout.yml --model models/rasa/assistant.tar.gz \
  --out "$out" > "$out/rasa-test.log" 2>&1 || { tail -30 "$out/rasa-test.log"; exit 1; }
.venv/rasa/bin/python bench/intent_report.py "$out" "held-out set"
