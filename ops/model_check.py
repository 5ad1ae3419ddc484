"""The Rasa server must not start on a missing or stale model: say which command fixes it.

Without a model `rasa run` still starts and then answers nothing; with a model older than its
training data it answers with yesterday's rules. `make run` trains first; scripts/run.sh checks
again (`python -m ops check-model`) so a server started by hand refuses the same way.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = Path("models") / "rasa" / "assistant.tar.gz"
# What `make train` reads (the Makefile's RASA_SOURCES).
TRAINING_INPUTS = ("config.yml", "domain.yml", "actions/policy/normalize.py", "data", "nlu_components", "corpus/jieba")


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def model_problem(root: Path | None = None) -> str | None:
    """Why the Rasa model cannot be served (None when it can)."""
    root = root or ROOT
    model = root / MODEL
    if not model.is_file():
        return f"no trained Rasa model at {MODEL}: run `make train`"
    built = model.stat().st_mtime
    for name in TRAINING_INPUTS:
        newer = [f for f in _files(root / name) if f.stat().st_mtime > built]
        if newer:
            changed = newer[0].relative_to(root)
            return f"the Rasa model {MODEL} is older than {changed}: run `make train`"
    return None
