#!/usr/bin/env bash
# NLU cross-validation (3 folds) over data/: prints the intent macro/weighted F1.
# Usage: bash bench/nlu_cv.sh [folds]   (report in results/nlu_cv/)
set -euo pipefail
cd "$(dirname "$0")/.."
folds=${1:-3}
out=results/nlu_cv
mkdir -p "$out"
.venv/rasa/bin/rasa test nlu --nlu data --config config.yml --cross-validation --folds "$folds" \
  --out "$out" > "$out/rasa-test.log" 2>&1 || { tail -30 "$out/rasa-test.log"; exit 1; }
.venv/rasa/bin/python bench/intent_report.py "$out" "cross-validation, $folds folds"
