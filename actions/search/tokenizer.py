"""Jieba tokens for keyword search, with the policy's own vocabulary.

Jieba's default dictionary splits 稳岗返还 or 留抵退税 into pieces that also
occur in unrelated clauses; the user dictionary keeps them whole. Character
bigrams are added so a one-character typo (房祖 for 房租) still shares most
of its bigrams... with neighbouring words.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

import jieba

from actions import settings
from actions.policy.normalize import normalize

_CONTENT = re.compile(r"[\u4e00-\u9fff0-9a-z]")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _segmenter() -> jieba.Tokenizer:
    with _lock:
        segmenter = jieba.Tokenizer()
        segmenter.initialize()
        if settings.USER_DICT.is_file():
            segmenter.load_userdict(str(settings.USER_DICT))
        return segmenter


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    path: Path = settings.CORPUS_DIR / "search-stopwords.txt"
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def words(text: str) -> list[str]:
    """Content words of normalised text (jieba search mode, stopwords dropped)."""
    stop = stopwords()
    return [w for w in _segmenter().cut_for_search(normalize(text)) if _CONTENT.search(w) and w not in stop]


def tokens(text: str) -> list[str]:
    """Keyword-search terms: content words plus CJK character bigrams."""
    terms = words(text)
    for run in _CJK.findall(normalize(text)):
        terms.extend(f"#{run[i : i + 2]}" for i in range(len(run) - 1))
    return terms
