"""Retrieval benchmark on the REPORT split of the labelled development set.

Reports Recall@1, Recall@3 and MRR on in-scope questions, abstention precision
and recall, and query latency after load, for the hybrid searcher and for the
BM25-only and dense-only baselines in the same run.

Only questions with `split: report` are asked: bench/tune_search.py chooses the fusion
weights and fits the abstention model on the `tune` split, so these figures are measured
on questions nothing was fitted on. No question of the dev set is a near copy of the NLU
training data, the question banks the index stores or the vocabulary
(bench/evalguard.py, tests/unit/test_evaluation_independence.py).

    .venv/actions/bin/python bench/retrieval.py [--dev tests/data/retrieval_dev.jsonl] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tune_search import load_questions  # noqa: E402

from actions import settings  # noqa: E402
from actions.search.service import get_searcher  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def evaluate(searcher, questions: list[dict], mode: str) -> dict:
    in_scope = [q for q in questions if q["gold"]]
    out_scope = [q for q in questions if not q["gold"]]
    r1 = r3 = rr = 0.0
    wrongly_abstained = 0
    abstained_oos = 0
    latencies: list[float] = []
    misses: list[str] = []
    for q in questions:
        started = time.perf_counter()
        result = searcher.search(q["q"], k=3, mode=mode)
        latencies.append((time.perf_counter() - started) * 1000)
        gold = set(q["gold"])
        if not gold:
            abstained_oos += result.abstained
            if not result.abstained:
                misses.append(f"未拒答 {q['q']} → {result.hits[0].passage.section}")
            continue
        if result.abstained:
            wrongly_abstained += 1
            misses.append(f"误拒答 {q['q']} gold={sorted(gold)}")
        # Ranking is measured without abstention so the two effects stay separate.
        ranked = searcher.search(q["q"], k=3, mode=mode, abstain=False).hits
        sections = [h.passage.section for h in ranked]
        if sections and sections[0] in gold:
            r1 += 1
        else:
            misses.append(f"R@1失败 {q['q']} gold={sorted(gold)} got={sections}")
        if gold & set(sections[:3]):
            r3 += 1
        rr += next((1 / (i + 1) for i, s in enumerate(sections) if s in gold), 0.0)
    total_abstained = abstained_oos + wrongly_abstained
    n = len(in_scope)
    return {
        "mode": mode,
        "in_scope": n,
        "out_of_scope": len(out_scope),
        "recall@1": round(r1 / n, 3),
        "recall@3": round(r3 / n, 3),
        "mrr": round(rr / n, 3),
        "abstain_recall": round(abstained_oos / max(1, len(out_scope)), 3),
        "abstain_precision": round(abstained_oos / max(1, total_abstained), 3),
        "wrongly_abstained": round(wrongly_abstained / n, 3),
        "latency_p50_ms": round(statistics.median(latencies), 1),
        "latency_p95_ms": round(percentile(latencies, 0.95), 1),
        "misses": misses,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", default=str(ROOT / "tests" / "data" / "retrieval_dev.jsonl"))
    parser.add_argument("--index", default=str(settings.INDEX_DIR))
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    questions = load_questions(Path(args.dev), "report")
    searcher = get_searcher(Path(args.index))
    searcher.search("预热")  # load lazily-initialised parts before timing
    reports = [evaluate(searcher, questions, mode) for mode in ("hybrid", "bm25", "dense")]
    header = ["mode", "R@1", "R@3", "MRR", "abst.P", "abst.R", "wrong.abst", "p50 ms", "p95 ms"]
    print(
        f"Retrieval on the REPORT split of {args.dev} ({reports[0]['in_scope']} in-scope, "
        f"{reports[0]['out_of_scope']} out-of-scope questions)"
    )
    print(
        "Search parameters were fitted on the tune split only; no dev question is a near copy of the "
        "training data, question banks or vocabulary (bench/evalguard.py)."
    )
    print(
        f"Small set: one question is {100 / reports[0]['in_scope']:.1f} points of R@1, "
        f"one out-of-scope question {100 / max(1, reports[0]['out_of_scope']):.1f} points of abst.R."
    )
    print(" | ".join(f"{h:>14}" for h in header))
    for r in reports:
        row = [
            r["mode"],
            r["recall@1"],
            r["recall@3"],
            r["mrr"],
            r["abstain_precision"],
            r["abstain_recall"],
            r["wrongly_abstained"],
            r["latency_p50_ms"],
            r["latency_p95_ms"],
        ]
        print(" | ".join(f"{v:>14}" for v in row))
    if args.show_misses:
        print("\n".join(reports[0]["misses"]))
    if args.json:
        Path(args.json).write_text(json.dumps(reports, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
