"""Sentence embeddings from a sentence-transformers model, loaded offline.

The model is configuration (settings.EMBEDDING_MODEL): by default the E5 folder
that `make setup` builds from packaged weights; a deployment with a model hub
may name any sentence-transformers model instead.
"""

from __future__ import annotations

import json
import os
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from actions import settings

# E5 was trained with these prefixes; other models are given none unless configured.
QUERY_PREFIX = os.environ.get("EMBEDDING_QUERY_PREFIX", "query: ")
PASSAGE_PREFIX = os.environ.get("EMBEDDING_PASSAGE_PREFIX", "passage: ")


class ModelMissingError(RuntimeError):
    """The embedding model folder has not been built."""


def model_fingerprint(model: str = settings.EMBEDDING_MODEL) -> str:
    """What identifies the model an index was built with."""
    info = Path(model) / "build-info.json"
    if info.is_file():
        data = json.loads(info.read_text(encoding="utf-8"))
        return f"{model}#{json.dumps(data.get('inputs', data), sort_keys=True)}"
    return model


class Embedder:
    """Thread-safe wrapper that encodes queries and passages with their prefixes."""

    def __init__(self, model: str = settings.EMBEDDING_MODEL) -> None:
        path = Path(model)
        looks_local = model.startswith(("/", ".")) or path.exists()
        if looks_local and not (path / "modules.json").is_file():
            raise ModelMissingError(
                f"嵌入模型 {model} 不存在或不完整。请先运行 `make setup`（或 `make model`）构建它。"
            )
        if looks_local:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        # One thread by default: with Rasa and the action server sharing two cores, more threads
        # contend and a single query can take a second instead of tens of milliseconds.
        torch.set_num_threads(max(1, int(os.environ.get("EMBEDDING_THREADS", "1"))))
        self.name = model
        self._model = SentenceTransformer(model, device="cpu")
        self._lock = threading.Lock()
        dimension = (
            getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        )
        self.dimension = int(dimension())

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        with self._lock:
            vectors = self._model.encode(
                texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )
        return np.asarray(vectors, dtype="float32")

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([QUERY_PREFIX + t for t in texts], batch_size=32)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([PASSAGE_PREFIX + t for t in texts], batch_size=64)


@lru_cache(maxsize=2)
def get_embedder(model: str = settings.EMBEDDING_MODEL) -> Embedder:
    return Embedder(model)
