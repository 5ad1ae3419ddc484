"""Fit the fusion weights and the abstention model on the TUNE split of the retrieval dev set.

tests/data/retrieval_dev.jsonl holds no near copy of the NLU training data, the question banks the
index stores or the check's vocabulary (bench/evalguard.py, enforced by
tests/unit/test_evaluation_independence.py), and every question carries `split: tune|report`.
This script reads the tune split only; bench/retrieval.py reports on the report split only, so the
reported figures are never measured on what the parameters were chosen on.

Fusion: reciprocal-rank fusion of three rankings (BM25, dense over passages, dense over each passage's
example questions), score = sum_l weight_l / (rrf_k + rank_l). bm25_weight is fixed at 1 (only the
ratios matter); rrf_k, dense_weight and example_weight (0 drops a ranking) are chosen on a grid by
mean reciprocal rank of the gold section. The choice is cross-validated (5 folds: chosen on four,
measured on the fifth) and kept only if that estimate beats the untuned reference fusion
(rrf_k=60, equal weights); otherwise the reference is kept.

Abstention: a class-balanced logistic model over the search signals; its threshold is set on 5-fold
cross-validated probabilities so that at most --max-wrong of the in-scope questions are declined.

    .venv/actions/bin/python bench/tune_search.py [--max-wrong 0.03]
    .venv/actions/bin/python bench/tune_search.py --resplit    # (re)assign the split fields, deterministic
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import evalguard  # noqa: E402

from actions.search.hybrid import FEATURES, PARAMS_FILE, SearchParams  # noqa: E402

DEV = ROOT / "tests" / "data" / "retrieval_dev.jsonl"
SPLITS = ("tune", "report")
# The untuned reference: SearchParams defaults (rrf_k 60 as in Cormack et al. 2009, equal weights).
REFERENCE_FUSION = {k: getattr(SearchParams(), k) for k in ("rrf_k", "dense_weight", "example_weight")}
FOLDS = 5


def load_questions(path: Path, split: str | None = None) -> list[dict]:
    questions = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    if split is None:
        return questions
    missing = [q["q"] for q in questions if q.get("split") not in SPLITS]
    if missing:
        sys.exit(f"{path}: questions without split tune|report (run bench/tune_search.py --resplit): {missing[:5]}")
    return [q for q in questions if q["split"] == split]


def stratum(question: dict) -> str:
    return f"section {min(question['gold'])}" if question["gold"] else "out of scope"


def assign_splits(questions: list[dict]) -> list[dict]:
    """Deterministic split, stratified by gold section (its first) and in/out of scope.

    Questions that are near copies of each other (bench/evalguard.py rule) stay in the same split.
    Within a stratum the groups are ordered by a hash of their text and each goes to the split that
    has fewer questions of that stratum so far (ties: fewer of the question's kind — colloquial, typo,
    unit … — then fewer overall, then tune), so the kinds are spread over both splits as well.
    """
    n = len(questions)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        others = [evalguard.Sentence(questions[j]["q"], str(j)) for j in range(n) if j != i]
        copy = evalguard.Guard(others).match(evalguard.Sentence(questions[i]["q"], str(i)))
        if copy:
            parent[root(i)] = root(int(copy.reference.source))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)

    def key(members: list[int]) -> str:
        return hashlib.sha1(evalguard.canonical(questions[members[0]]["q"]).encode("utf-8")).hexdigest()

    by_stratum: dict[str, list[list[int]]] = {}
    for members in sorted(groups.values()):
        by_stratum.setdefault(stratum(questions[members[0]]), []).append(members)
    total = dict.fromkeys(SPLITS, 0)
    kinds: dict[tuple[str, str], int] = {}
    out = [dict(q) for q in questions]
    for name in sorted(by_stratum):
        local = dict.fromkeys(SPLITS, 0)
        for members in sorted(by_stratum[name], key=key):
            kind = questions[members[0]].get("kind", "")
            split = min(SPLITS, key=lambda s: (local[s], kinds.get((kind, s), 0), total[s], SPLITS.index(s)))
            for i in members:
                out[i]["split"] = split
                kinds[(out[i].get("kind", ""), split)] = kinds.get((out[i].get("kind", ""), split), 0) + 1
            local[split] += len(members)
            total[split] += len(members)
    return out


def write_questions(path: Path, questions: list[dict]) -> None:
    lines = [
        json.dumps({k: q[k] for k in ("q", "gold", "kind", "split") if k in q}, ensure_ascii=False) for q in questions
    ]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


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


def fusion_grid() -> list[dict]:
    """Candidate fusions, the reference first, then by distance from it (ties go to the nearer)."""
    grid = [
        {"rrf_k": k, "dense_weight": d, "example_weight": e}
        for k in (1.0, 3.0, 10.0, 30.0, 60.0)
        for d in (0.0, 0.5, 1.0, 1.5)
        for e in (0.0, 0.5, 1.0, 1.5, 2.0)
        if d or e  # BM25 alone is the bm25 baseline, not a fusion
    ]

    def distance(g: dict) -> float:
        return abs(math.log(g["rrf_k"] / REFERENCE_FUSION["rrf_k"])) + sum(
            abs(g[w] - REFERENCE_FUSION[w]) for w in ("dense_weight", "example_weight")
        )

    return sorted(grid, key=distance)


def rank_table(searcher, questions: list[dict], grid: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Top-1 hit and reciprocal rank of the first gold section, per grid point and question."""
    hit = np.zeros((len(grid), len(questions)))
    rr = np.zeros((len(grid), len(questions)))
    for g, fusion in enumerate(grid):
        searcher.params = dataclasses.replace(SearchParams(), **fusion)
        for j, q in enumerate(questions):
            ranked, _ = searcher.rank(q["q"])
            sections = [searcher.index.passages[i].section for i, _ in ranked]
            rank = next((r for r, s in enumerate(sections) if s in q["gold"]), None)
            hit[g, j] = rank == 0
            rr[g, j] = 0.0 if rank is None else 1 / (rank + 1)
    return hit, rr


def best_fusion(rr: np.ndarray, hit: np.ndarray, columns: np.ndarray) -> int:
    """Grid index with the highest MRR (then R@1) on these questions; the first such in grid order."""
    scores = [(rr[g, columns].mean(), hit[g, columns].mean()) for g in range(rr.shape[0])]
    return max(range(len(scores)), key=lambda g: (scores[g], -g))


def choose_fusion(searcher, questions: list[dict]) -> dict:
    grid = fusion_grid()
    hit, rr = rank_table(searcher, questions, grid)
    order = np.random.default_rng(0).permutation(len(questions))
    cv_hit, cv_rr, chosen = np.zeros(len(questions)), np.zeros(len(questions)), []
    for fold in np.array_split(order, FOLDS):
        g = best_fusion(rr, hit, np.setdiff1d(order, fold))
        chosen.append(grid[g])
        cv_hit[fold], cv_rr[fold] = hit[g, fold], rr[g, fold]
    best = best_fusion(rr, hit, order)
    ties = sum(1 for g in range(len(grid)) if rr[g].mean() == rr[best].mean() and hit[g].mean() == hit[best].mean())
    print(f"fusion grid: {len(grid)} settings on {len(questions)} in-scope tune questions ({ties} tie for best)")
    print(f"  reference  {fmt(grid[0])}: R@1={hit[0].mean():.3f} MRR={rr[0].mean():.3f}")
    print(f"  tuned (5-fold CV estimate of the grid search): R@1={cv_hit.mean():.3f} MRR={cv_rr.mean():.3f}")
    print(f"    chosen per fold: {'; '.join(fmt(c) for c in chosen)}")
    print(f"  best on the whole tune split {fmt(grid[best])}: R@1={hit[best].mean():.3f} MRR={rr[best].mean():.3f}")
    if (cv_rr.mean(), cv_hit.mean()) > (rr[0].mean(), hit[0].mean()):
        print(f"  kept: tuned {fmt(grid[best])} (its CV estimate beats the reference)")
        return grid[best]
    print(f"  kept: reference {fmt(grid[0])} (tuning does not beat it in cross-validation)")
    return grid[0]


def fmt(fusion: dict) -> str:
    return f"rrf_k={fusion['rrf_k']:g} dense={fusion['dense_weight']:g} example={fusion['example_weight']:g}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", default=str(DEV))
    parser.add_argument("--max-wrong", type=float, default=0.03, help="allowed share of wrongly abstained in-scope")
    parser.add_argument("--resplit", action="store_true", help="(re)assign split fields of --dev and stop")
    args = parser.parse_args()
    if args.resplit:
        questions = assign_splits(load_questions(Path(args.dev)))
        write_questions(Path(args.dev), questions)
        for split in SPLITS:
            part = [q for q in questions if q["split"] == split]
            print(f"{split}: {len(part)} questions ({sum(1 for q in part if not q['gold'])} out of scope)")
        return 0

    from actions.search.service import get_searcher

    questions = load_questions(Path(args.dev), "tune")
    print(f"Fitting on the tune split of {args.dev}: {len(questions)} questions (the report split is not read)")
    searcher = get_searcher()
    cache: dict[tuple[str, ...], np.ndarray] = {}
    encode = searcher.embedder.queries

    def cached_queries(texts: list[str]) -> np.ndarray:
        if tuple(texts) not in cache:
            cache[tuple(texts)] = encode(texts)
        return cache[tuple(texts)]

    searcher.embedder.queries = cached_queries  # type: ignore[method-assign]

    fusion = choose_fusion(searcher, [q for q in questions if q["gold"]])
    searcher.params = dataclasses.replace(SearchParams(), **fusion)
    x = np.array([[searcher.rank(q["q"])[1][f] for f in FEATURES] for q in questions])
    y = np.array([0 if q["gold"] else 1 for q in questions])
    order = np.random.default_rng(0).permutation(len(y))
    cv = np.zeros(len(y))
    for fold in np.array_split(order, FOLDS):
        train = np.setdiff1d(order, fold)
        cv[fold] = predict(fit_logistic(x[train], y[train]), x[fold])
    in_scope_cv = np.sort(cv[y == 0])[::-1]
    threshold = float(in_scope_cv[int(np.floor(args.max_wrong * len(in_scope_cv)))]) + 1e-6
    print(
        f"abstention (5-fold CV on tune, threshold {threshold:.3f}): out-of-scope abstained "
        f"{np.mean(cv[y == 1] >= threshold):.3f}, in-scope wrongly abstained {np.mean(cv[y == 0] >= threshold):.3f}"
    )
    for t in (0.5, 0.6, 0.7, 0.8, 0.9):
        print(
            f"  threshold {t:.1f}: OOS abstained {np.mean(cv[y == 1] >= t):.3f}, "
            f"in-scope abstained {np.mean(cv[y == 0] >= t):.3f}"
        )
    mean, scale, w, b = fit_logistic(x, y)
    params = {
        "candidates": SearchParams().candidates,
        "rrf_k": fusion["rrf_k"],
        "dense_weight": fusion["dense_weight"],
        "bm25_weight": 1.0,
        "example_weight": fusion["example_weight"],
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in w],
        "bias": round(float(b), 6),
        "threshold": round(threshold, 6),
        "bm25_floor": round(floor_for(x[:, FEATURES.index("bm25_top")], y, args.max_wrong), 6),
        "dense_floor": round(floor_for(x[:, FEATURES.index("dense_top")], y, args.max_wrong), 6),
    }
    header = (
        f"# Fitted by bench/tune_search.py on the tune split of {Path(args.dev).name} ({len(questions)} questions, "
        f"{int(y.sum())} out of scope); bench/retrieval.py reports on the report split.\n"
        f"# features: {', '.join(FEATURES)}\n"
    )
    PARAMS_FILE.write_text(header + yaml.safe_dump(params, sort_keys=False), encoding="utf-8")
    print(f"wrote {PARAMS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
