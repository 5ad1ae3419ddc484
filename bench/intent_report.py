"""Print the intent F1 summary of a `rasa test nlu` report folder.

Usage: python bench/intent_report.py RESULTS_DIR LABEL
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SUMMARY_ROWS = ("weighted avg", "macro avg", "micro avg", "accuracy")


def main(folder: str, label: str) -> None:
    report = json.loads((Path(folder) / "intent_report.json").read_text(encoding="utf-8"))
    weighted, macro = report["weighted avg"], report["macro avg"]
    print(
        f"intent F1 ({label}): weighted {weighted['f1-score']:.3f}, macro {macro['f1-score']:.3f}, "
        f"accuracy {report['accuracy']:.3f}, {weighted['support']} sentences"
    )
    intents = sorted((v["f1-score"], k) for k, v in report.items() if k not in SUMMARY_ROWS and isinstance(v, dict))
    print("lowest intents: " + ", ".join(f"{k} {f:.2f}" for f, k in intents[:5]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
