"""Retrieval at library scale: 488 real COVID-era policy documents, 1021 real questions.

Uses the public NCP Q&A data in ../shared/ncp (read there, never copied). The
index is built once into models/ncp-index (rebuilt when stale). Reports
document Recall@1/@5, answer-span Recall@1/@5 (the answer text lies in a
returned passage) and query latency, for hybrid, BM25-only and dense-only.

    .venv/actions/bin/python bench/library.py [--limit N]
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

from actions.policy.normalize import normalize  # noqa: E402
from actions.search.index import build_index, is_up_to_date  # noqa: E402
from actions.search.service import get_searcher  # noqa: E402

NCP = ROOT.parent / "shared" / "ncp"
INDEX = ROOT / "models" / "ncp-index"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions")
    args = parser.parse_args()
    if not (NCP / "docs.jsonl").is_file():
        print(f"跳过：找不到 {NCP}/docs.jsonl（需要 ../shared 在仓库旁边）")
        return 0
    if not is_up_to_date(INDEX):
        print(f"building {INDEX} from {NCP / 'docs.jsonl'} (once; a few minutes on 2 cores)…", flush=True)
        manifest = build_index([NCP / "docs.jsonl"], INDEX)
        print(f"  {manifest['passages']} passages in {manifest['build_seconds']} s")
    searcher = get_searcher(INDEX)
    questions = [json.loads(line) for line in (NCP / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    questions = questions[: args.limit] if args.limit else questions
    searcher.search("预热", abstain=False)
    print(f"Library retrieval: {len(searcher.index)} passages, {len(questions)} questions")
    print(" | ".join(f"{h:>9}" for h in ("mode", "doc R@1", "doc R@5", "span R@1", "span R@5", "p50 ms", "p95 ms")))
    for mode in ("hybrid", "bm25", "dense"):
        doc1 = doc5 = span1 = span5 = 0
        latencies = []
        for q in questions:
            started = time.perf_counter()
            hits = searcher.search(q["question"], k=5, mode=mode, abstain=False).hits
            latencies.append((time.perf_counter() - started) * 1000)
            docs = [h.passage.doc_id for h in hits]
            answer = normalize(q["answer"])[:40]
            spans = [answer in normalize(h.passage.text) for h in hits]
            doc1 += bool(docs) and docs[0] == q["doc_id"]
            doc5 += q["doc_id"] in docs
            span1 += bool(spans) and spans[0]
            span5 += any(spans)
        n = len(questions)
        row = [
            mode,
            doc1 / n,
            doc5 / n,
            span1 / n,
            span5 / n,
            statistics.median(latencies),
            percentile(latencies, 0.95),
        ]
        print(" | ".join(f"{v:>9.3f}" if isinstance(v, float) else f"{v:>9}" for v in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
