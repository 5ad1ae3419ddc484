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
.venv/rasa/bin/python - "$out" <<'PY'
import json, sys
from pathlib import Path
report = json.loads((Path(sys.argv[1]) / "intent_report.json").read_text(encoding="utf-8"))
weighted, macro = report["weighted avg"], report["macro avg"]
print(f"intent F1 (cross-validation, test folds): weighted {weighted['f1-score']:.3f}, macro {macro['f1-score']:.3f}, "
      f"accuracy {report['accuracy']:.3f}")
worst = sorted((v["f1-score"], k) for k, v in report.items() if isinstance(v, dict) and "support" in v
               and k not in ("weighted avg", "macro avg", "micro avg"))[:5]
print("lowest intents: " + ", ".join(f"{k} {f:.2f}" for f, k in worst))
PY
