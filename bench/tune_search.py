"""Fit the fusion weights and the abstention model on the labelled dev set.

Writes actions/search/search-params.yml. The abstention figures it prints are
5-fold cross-validated, so they estimate unseen questions, not the fit.

    .venv/actions/bin/python bench/tune_search.py [--max-wrong 0.03]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions.search.hybrid import FEATURES, PARAMS_FILE, SearchParams  # noqa: E402
from actions.search.service import get_searcher  # noqa: E402


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.05, steps: int = 4000) -> tuple:
    """Class-balanced L2 logistic regression by gradient descent (no sklearn needed)."""
    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = (x - mean) / scale
    w, b = np.zeros(z.shape[1]), 0.0
    weight = np.where(y == 1, (y == 0).sum() / max(1, (y == 1).sum()), 1.0)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * weight
        w -= 0.5 * (z.T @ g / len(y) + l2 * w)
        b -= 0.5 * g.mean()
    return mean, scale, w, b


def predict(model: tuple, x: np.ndarray) -> np.ndarray:
    mean, scale, w, b = model
    return 1 / (1 + np.exp(-(((x - mean) / scale) @ w + b)))


def floor_for(scores: np.ndarray, y: np.ndarray, max_wrong: float) -> float:
    """Highest single-score floor that abstains on at most max_wrong of in-scope questions."""
    in_scope = np.sort(scores[y == 0])
    return float(in_scope[int(np.floor(max_wrong * len(in_scope)))]) - 1e-6


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", default=str(ROOT / "tests" / "data" / "retrieval_dev.jsonl"))
    parser.add_argument("--max-wrong", type=float, default=0.03, help="allowed share of wrongly abstained in-scope")
    args = parser.parse_args()
    questions = [json.loads(line) for line in Path(args.dev).read_text(encoding="utf-8").splitlines() if line.strip()]
    searcher = get_searcher()
    cache: dict[str, np.ndarray] = {}
    encode = searcher.embedder.queries

    def cached_queries(texts: list[str]) -> np.ndarray:
        if texts[0] not in cache:
            cache[texts[0]] = encode(texts)
        return cache[texts[0]]

    searcher.embedder.queries = cached_queries  # type: ignore[method-assign]

    best = None
    grid = [(k, d, e) for k in (1.0, 3.0, 10.0, 30.0, 60.0) for d in (0.5, 1.0, 1.5) for e in (0.5, 1.0, 1.5, 2.0)]
    for rrf_k, dense_weight, example_weight in grid:
        searcher.params = dataclasses.replace(
            SearchParams(), rrf_k=rrf_k, dense_weight=dense_weight, example_weight=example_weight
        )
        r1 = mrr = 0.0
        for q in (q for q in questions if q["gold"]):
            ranked, _ = searcher.rank(q["q"])
            sections = [searcher.index.passages[i].section for i, _ in ranked[:3]]
            r1 += bool(sections) and sections[0] in q["gold"]
            mrr += next((1 / (i + 1) for i, s in enumerate(sections) if s in q["gold"]), 0.0)
        if best is None or (r1, mrr) > best[0]:
            best = ((r1, mrr), rrf_k, dense_weight, example_weight)
    (r1, mrr), rrf_k, dense_weight, example_weight = best
    n_in = sum(1 for q in questions if q["gold"])
    print(
        f"fusion: rrf_k={rrf_k} dense_weight={dense_weight} example_weight={example_weight} "
        f"R@1={r1 / n_in:.3f} MRR@3={mrr / n_in:.3f}"
    )
    searcher.params = dataclasses.replace(
        SearchParams(), rrf_k=rrf_k, dense_weight=dense_weight, example_weight=example_weight
    )
    x = np.array([[searcher.rank(q["q"])[1][f] for f in FEATURES] for q in questions])
    y = np.array([0 if q["gold"] else 1 for q in questions])
    rng = np.random.default_rng(0)
    order = rng.permutation(len(y))
    cv = np.zeros(len(y))
    for fold in np.array_split(order, 5):
        train = np.setdiff1d(order, fold)
        cv[fold] = predict(fit_logistic(x[train], y[train]), x[fold])
    in_scope_cv = np.sort(cv[y == 0])[::-1]
    threshold = float(in_scope_cv[int(np.floor(args.max_wrong * len(in_scope_cv)))]) + 1e-6
    print(
        f"abstention (5-fold CV, threshold {threshold:.3f}): out-of-scope abstained {np.mean(cv[y == 1] >= threshold):.3f}, "
        f"in-scope wrongly abstained {np.mean(cv[y == 0] >= threshold):.3f}"
    )
    for t in (0.5, 0.6, 0.7, 0.8, 0.9):
        print(
            f"  threshold {t:.1f}: OOS abstained {np.mean(cv[y == 1] >= t):.3f}, "
            f"in-scope abstained {np.mean(cv[y == 0] >= t):.3f}"
        )
    mean, scale, w, b = fit_logistic(x, y)
    params = {
        "candidates": 30,
        "rrf_k": rrf_k,
        "dense_weight": dense_weight,
        "bm25_weight": 1.0,
        "example_weight": example_weight,
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in w],
        "bias": round(float(b), 6),
        "threshold": round(threshold, 6),
        "bm25_floor": round(floor_for(x[:, FEATURES.index("bm25_top")], y, args.max_wrong), 6),
        "dense_floor": round(floor_for(x[:, FEATURES.index("dense_top")], y, args.max_wrong), 6),
    }
    header = f"# Fitted by bench/tune_search.py on {Path(args.dev).name}; features: {', '.join(FEATURES)}\n"
    PARAMS_FILE.write_text(header + yaml.safe_dump(params, sort_keys=False), encoding="utf-8")
    print(f"wrote {PARAMS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
