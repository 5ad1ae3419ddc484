"""Retrieval benchmark on the labelled development set.

Reports Recall@1, Recall@3 and MRR on in-scope questions, abstention precision
and recall, and query latency after load, for the hybrid searcher and for the
BM25-only and dense-only baselines in the same run.

    .venv/actions/bin/python bench/retrieval.py [--dev tests/data/retrieval_dev.jsonl] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions import settings  # noqa: E402
from actions.search.service import get_searcher  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bank_questions() -> list[str]:
    """Example and declined questions the index itself holds (corpus data)."""
    banks: list[str] = []
    for path in settings.CORPUS_DIR.glob("**/*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and path.name == "example-questions.yml":
            banks.extend(q for qs in (data.get("sections") or {}).values() for q in qs)
        elif isinstance(data, dict) and path.name == "out-of-scope-questions.yml":
            banks.extend(data.get("questions") or [])
    return banks


def unseen(questions: list[dict], threshold: float = 0.8) -> list[dict]:
    """Dev questions that are not (near-)copies of a question in the corpus banks."""
    banks = bank_questions()
    return [
        q for q in questions if max((SequenceMatcher(None, q["q"], b).ratio() for b in banks), default=0) <= threshold
    ]


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
    questions = [json.loads(line) for line in Path(args.dev).read_text(encoding="utf-8").splitlines() if line.strip()]
    searcher = get_searcher(Path(args.index))
    searcher.search("预热")  # load lazily-initialised parts before timing
    held_out = unseen(questions)
    reports = [evaluate(searcher, questions, mode) for mode in ("hybrid", "bm25", "dense")]
    reports += [
        {**evaluate(searcher, held_out, mode), "mode": f"{mode}/unseen"} for mode in ("hybrid", "bm25", "dense")
    ]
    header = ["mode", "R@1", "R@3", "MRR", "abst.P", "abst.R", "wrong.abst", "p50 ms", "p95 ms"]
    print(f"Retrieval on {args.dev} ({reports[0]['in_scope']} in-scope, {reports[0]['out_of_scope']} out-of-scope)")
    print(
        f"'/unseen' rows: the {len(held_out)} questions that are not near-copies (ratio > 0.8) "
        "of the corpus's example/declined question banks"
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
