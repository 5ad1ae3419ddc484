"""The project's command lines, run as a tool would: one JSON request in, one JSON answer out."""

from __future__ import annotations

import json
import subprocess

from servers import ACTIONS_PYTHON, ROOT


def jsonl(module_args: list[str], request: dict) -> dict:
    """`python -m <module_args> --jsonl` in the actions environment for one request."""
    run = subprocess.run(
        [str(ACTIONS_PYTHON), "-m", *module_args],
        input=json.dumps(request, ensure_ascii=False) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(run.stdout)


def eligibility(request: dict) -> dict:
    return jsonl(["actions.eligibility", "--jsonl"], request)


def search(q: str, k: int) -> dict:
    return jsonl(["actions.search", "query", "--jsonl", "--k", str(k)], {"q": q})
