"""Paths and settings shared by the action server, the CLIs and the benchmarks.

Everything a deployment may want to change is read from the environment, so the
same code serves a laptop, CI and a server with a model hub.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _path_from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


CORPUS_DIR = _path_from_env("POLICY_CORPUS_DIR", PROJECT_ROOT / "corpus")
MODELS_DIR = _path_from_env("POLICY_MODELS_DIR", PROJECT_ROOT / "models")
INDEX_DIR = _path_from_env("POLICY_INDEX_DIR", MODELS_DIR / "index")
# A folder or a sentence-transformers model name (for deployments with a hub).
EMBEDDING_MODEL = os.environ.get("EMBEDDING_MODEL", str(MODELS_DIR / "embedding" / "multilingual-e5-small"))
USER_DICT = CORPUS_DIR / "jieba" / "userdict.txt"
HOTLINE = os.environ.get("POLICY_HOTLINE", "12345 政务服务便民热线")
