"""One process-wide searcher, loaded on first use (the model takes seconds)."""

from __future__ import annotations

import threading
from pathlib import Path

from actions import settings
from actions.search.embedder import get_embedder
from actions.search.hybrid import Searcher
from actions.search.index import load_index

_lock = threading.Lock()
_searchers: dict[Path, Searcher] = {}


def get_searcher(index_dir: Path = settings.INDEX_DIR) -> Searcher:
    """Raises IndexUnavailableError / ModelMissingError with the command that fixes it."""
    with _lock:
        if index_dir not in _searchers:
            index = load_index(index_dir)
            _searchers[index_dir] = Searcher(index, get_embedder(index.manifest.get("model", settings.EMBEDDING_MODEL)))
        return _searchers[index_dir]
