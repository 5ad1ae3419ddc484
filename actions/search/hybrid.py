"""Hybrid search: BM25 and dense rankings fused by reciprocal rank, with abstention.

Abstention matters more than ranking here: a hotline operator who gets the
nearest clause for "公积金怎么提取" would read out a wrong answer. E5 cosine
scores sit in a narrow band, so the decision combines the dense score with
how much of the question's vocabulary the corpus knows at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from actions.search import tokenizer
from actions.search.embedder import Embedder
from actions.search.index import Index
from actions.search.passages import Passage

PARAMS_FILE = Path(__file__).with_name("search-params.yml")
FEATURES = ("dense_top", "example_top", "decline_margin", "bm25_top", "bm25_per_term", "coverage")


@dataclass(frozen=True)
class SearchParams:
    """Fusion weights and the abstention model; fitted by bench/tune_search.py.

    Fusion is weighted reciprocal rank: a passage scores sum(weight / (rrf_k + rank)) over the BM25,
    dense and example-question rankings. rrf_k and the dense / example weights (relative to
    bm25_weight = 1; 0 drops a ranking) are chosen by cross-validation on the tune split of the
    retrieval dev set; the defaults here are the untuned reference (rrf_k 60, equal weights).
    """

    candidates: int = 30
    rrf_k: float = 60.0
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    example_weight: float = 1.0
    # Logistic model of "no clause answers this" over FEATURES (standardised).
    mean: tuple[float, ...] = (0.0,) * len(FEATURES)
    scale: tuple[float, ...] = (1.0,) * len(FEATURES)
    weights: tuple[float, ...] = (0.0,) * len(FEATURES)
    bias: float = -10.0
    threshold: float = 0.5
    # Single-score thresholds for the BM25-only and dense-only baselines.
    bm25_floor: float = 0.0
    dense_floor: float = 0.0

    @classmethod
    def load(cls, path: Path = PARAMS_FILE) -> SearchParams:
        if not path.is_file():
            return cls()
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("features", list(FEATURES)) != list(FEATURES):
            raise ValueError(
                f"{path} was fitted for other features; run `.venv/actions/bin/python bench/tune_search.py`"
            )
        fields = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**fields)

    def oos_probability(self, signals: dict) -> float:
        z = self.bias + sum(
            w * (signals[name] - m) / s
            for name, m, s, w in zip(FEATURES, self.mean, self.scale, self.weights, strict=False)
        )
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    dense: float
    bm25: float

    def to_dict(self) -> dict:
        return {**self.passage.cited(), "score": round(self.score, 6)}


@dataclass
class SearchResult:
    query: str
    abstained: bool
    hits: list[Hit] = field(default_factory=list)
    signals: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"q": self.query, "abstained": self.abstained, "hits": [h.to_dict() for h in self.hits]}


class Searcher:
    """Queries one loaded index with one embedder; safe to share between threads."""

    def __init__(self, index: Index, embedder: Embedder, params: SearchParams | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.params = params or SearchParams.load()
        self._vocabulary = set(index.bm25.vocab_dict)

    def coverage(self, query: str) -> float:
        """Share of the question's content words that occur anywhere in the corpus."""
        words = tokenizer.words(query)
        if not words:
            return 0.0
        return sum(1 for w in words if w in self._vocabulary) / len(words)

    def rank(self, query: str, mode: str = "hybrid") -> tuple[list[tuple[int, float]], dict]:
        """Candidate (passage index, fused score) pairs, best first, and the signals.

        Three rankings are fused: BM25, the passage texts (dense) and the
        example questions of each passage (dense, question to question).
        """
        p = self.params
        depth = min(p.candidates, len(self.index))
        terms = tokenizer.tokens(query)
        bm25_scores = np.asarray(self.index.bm25.get_scores(terms), dtype="float32")
        bm25_order = [int(i) for i in np.argsort(-bm25_scores, kind="stable")[:depth] if bm25_scores[i] > 0]
        dense: dict[int, float] = {}
        examples: dict[int, float] = {}
        declines: dict[int, float] = {}
        if mode != "bm25":  # the BM25 baseline must not pay for the embedding
            vector = self.embedder.queries([query])
            dense = self.index.dense.best_per_owner(vector, depth * 8)
            examples = self.index.examples.best_per_owner(vector, depth * 8)
            declines = self.index.declines.best_per_owner(vector, 1)
        dense_top = max(dense.values(), default=0.0)
        example_top = max(examples.values(), default=dense_top)
        bm25_top = float(bm25_scores[bm25_order[0]]) if bm25_order else 0.0
        signals = {
            "dense_top": dense_top,
            "example_top": example_top,
            "decline_margin": example_top - max(declines.values(), default=0.0),
            "bm25_top": bm25_top,
            "bm25_per_term": bm25_top / max(1, len(terms)),
            "coverage": self.coverage(query),
        }
        lists: list[tuple[float, list[int]]] = []
        if mode in ("hybrid", "bm25"):
            lists.append((p.bm25_weight, bm25_order))
        if mode in ("hybrid", "dense"):
            lists.append((p.dense_weight, sorted(dense, key=lambda i: -dense[i])[:depth]))
        if mode == "hybrid" and examples:
            lists.append((p.example_weight, sorted(examples, key=lambda i: -examples[i])[:depth]))
        fused: dict[int, float] = {}
        for weight, order in lists:
            for rank, i in enumerate(order):
                fused[i] = fused.get(i, 0.0) + weight / (p.rrf_k + rank + 1)
        ranked = sorted(fused.items(), key=lambda item: -item[1])
        signals["bm25"] = {i: float(bm25_scores[i]) for i, _ in ranked[:depth]}
        signals["dense"] = dense
        return ranked, signals

    def should_abstain(self, signals: dict, mode: str = "hybrid") -> bool:
        """Hybrid uses the fitted model; the baselines threshold their own single score."""
        if mode == "bm25":
            return signals["bm25_top"] < self.params.bm25_floor
        if mode == "dense":
            return signals["dense_top"] < self.params.dense_floor
        signals["oos_probability"] = self.params.oos_probability(signals)
        return signals["oos_probability"] >= self.params.threshold

    def search(self, query: str, k: int = 3, mode: str = "hybrid", abstain: bool = True) -> SearchResult:
        if not query.strip() or not tokenizer.tokens(query):
            return SearchResult(query, True, [], {"reason": "empty"})
        ranked, signals = self.rank(query, mode)
        if abstain and self.should_abstain(signals, mode):
            return SearchResult(query, True, [], signals)
        hits = [
            Hit(self.index.passages[i], score, signals["dense"].get(i, 0.0), signals["bm25"].get(i, 0.0))
            for i, score in ranked[:k]
        ]
        return SearchResult(query, False, hits, signals)
