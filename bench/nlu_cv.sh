#!/usr/bin/env bash
# NLU cross-validation ON THE TRAINING DATA (data/nlu, 3 folds): prints the intent macro/weighted F1.
# Every test fold is data/nlu sentences whose paraphrases and near copies sit in the training folds,
# so this measures fit to the training data, not understanding of unseen sentences; the held-out
# figure is bench/nlu_holdout.sh.
# Usage: bash bench/nlu_cv.sh [folds]   (report in results/nlu_cv/)
set -euo pipefail
cd "$(dirname "$0")/.."
folds=${1:-3}
out=results/nlu_cv
mkdir -p "$out"
.venv/rasa/bin/rasa test nlu --nlu data --config config.yml --cross-validation --folds "$folds" \
  --out "$out" > "$out/rasa-test.log" 2>&1 || { tail -30 "$out/rasa-test.log"; exit 1; }
.venv/rasa/bin/python bench/intent_report.py "$out" "cross-validation on the training data (data/nlu), $folds folds; not held out"
