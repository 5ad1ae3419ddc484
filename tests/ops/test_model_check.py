"""A missing or stale Rasa model is refused with the command that fixes it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ops.model_check import MODEL, ROOT, TRAINING_INPUTS, model_problem


def _project(tmp_path: Path) -> Path:
    for name in TRAINING_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tmp_path / name)
    return tmp_path


def test_missing_model_names_make_train(tmp_path: Path) -> None:
    problem = model_problem(_project(tmp_path))
    assert problem and "make train" in problem and "no trained Rasa model" in problem


def test_a_model_older_than_its_data_is_stale_and_a_fresh_one_is_fine(tmp_path: Path) -> None:
    root = _project(tmp_path)
    model = root / MODEL
    model.parent.mkdir(parents=True)
    model.write_bytes(b"model")
    assert model_problem(root) is None
    later = model.stat().st_mtime + 10
    os.utime(root / "domain.yml", (later, later))
    problem = model_problem(root)
    assert problem and "older than domain.yml" in problem and "make train" in problem


def test_the_command_exits_2_with_the_reason_on_stderr(tmp_path: Path) -> None:
    code = f"import ops.model_check as m, ops.__main__ as c, pathlib, sys; m.ROOT = pathlib.Path({str(tmp_path)!r}); "
    code += "sys.exit(c.main(['check-model']))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "Rasa server not started" in done.stderr and "make train" in done.stderr
