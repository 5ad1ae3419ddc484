"""Build, save and load the retrieval index (passages + BM25 + FAISS).

The manifest records a fingerprint of every source and of the model, so a
changed corpus or model is noticed at load time and the user is told the
command that rebuilds the index, instead of getting answers from old text.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import bm25s
import faiss
import numpy as np

from actions import settings
from actions.policy.corpus import load_corpus
from actions.search import tokenizer
from actions.search.embedder import Embedder, get_embedder, model_fingerprint
from actions.search.passages import DECLINE_FILE, Passage, collect_passages, decline_questions

INDEX_VERSION = 4
REBUILD_HINT = "请运行 `make index` 重新构建索引"


class IndexUnavailableError(RuntimeError):
    """The index is missing, unreadable or out of date; the message says how to fix it."""


def _hash_files(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def sources_fingerprint(files: list[Path]) -> str:
    """Hash of the input files plus the tokenizer's data files and the index format."""
    extra = [p for p in (settings.USER_DICT, settings.CORPUS_DIR / "search-stopwords.txt") if p.is_file()]
    return _hash_files([*files, *extra]) + f":v{INDEX_VERSION}"


def _text_sources(sources: list[Path]) -> list[Path]:
    """The files that feed passages: each policy's meta.yml and text, or a JSONL file."""
    found: list[Path] = []
    for source in sources:
        if source.is_dir():
            for document in load_corpus(source):
                found.append(document.folder / "meta.yml")
                found.extend(
                    document.folder / document.meta[key]
                    for key in ("text", "example_questions")
                    if document.meta.get(key)
                )
            found.extend(p for p in [source / DECLINE_FILE] if p.is_file())
        else:
            found.append(source)
    return found


@dataclass
class DenseViews:
    """Vectors of several texts per passage; owners[i] is the passage of vector i."""

    vectors: faiss.Index
    owners: np.ndarray

    @classmethod
    def build(cls, embed, texts_per_passage: list[list[str]], dimension: int) -> DenseViews:
        texts = [t for texts in texts_per_passage for t in texts]
        owners = np.array([i for i, texts in enumerate(texts_per_passage) for _ in texts], dtype="int64")
        flat = faiss.IndexFlatIP(dimension)
        if texts:
            flat.add(embed(texts))
        return cls(flat, owners)

    def save(self, folder: Path, name: str) -> None:
        faiss.write_index(self.vectors, str(folder / f"{name}.faiss"))
        np.save(folder / f"{name}.owners.npy", self.owners)

    @classmethod
    def load(cls, folder: Path, name: str) -> DenseViews:
        return cls(faiss.read_index(str(folder / f"{name}.faiss")), np.load(folder / f"{name}.owners.npy"))

    def best_per_owner(self, query: np.ndarray, depth: int) -> dict[int, float]:
        """Highest cosine of each passage among the nearest `depth` vectors."""
        if self.vectors.ntotal == 0:
            return {}
        scores, ids = self.vectors.search(query, min(depth, self.vectors.ntotal))
        best: dict[int, float] = {}
        for score, i in zip(scores[0], ids[0], strict=False):
            if i >= 0:
                owner = int(self.owners[i])
                best[owner] = max(best.get(owner, -1.0), float(score))
        return best


@dataclass
class Index:
    """Everything a query needs, in memory."""

    passages: list[Passage]
    bm25: bm25s.BM25
    dense: DenseViews
    examples: DenseViews
    declines: DenseViews
    manifest: dict

    def __len__(self) -> int:
        return len(self.passages)


def build_index(sources: list[Path], out_dir: Path, embedder: Embedder | None = None) -> dict:
    """Build into a temp folder and swap it in, so a failed build keeps the old index."""
    started = time.perf_counter()
    passages = collect_passages(sources)
    if not passages:
        raise IndexUnavailableError("没有可索引的文本")
    embedder = embedder or get_embedder()
    bm25 = bm25s.BM25()
    bm25.index([tokenizer.tokens(" ".join([p.title, p.text, *p.examples])) for p in passages], show_progress=False)
    dim = embedder.dimension
    dense = DenseViews.build(embedder.passages, [p.views() for p in passages], dim)
    # Example and declined questions are questions: embedded as queries, compared query to query.
    examples = DenseViews.build(embedder.queries, [p.examples for p in passages], dim)
    declines = DenseViews.build(embedder.queries, [[q] for q in decline_questions(sources)], dim)

    staging = out_dir.with_name(out_dir.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    bm25.save(str(staging / "bm25"), show_progress=False)
    for name, views in (("dense", dense), ("examples", examples), ("declines", declines)):
        views.save(staging, name)
    with (staging / "passages.jsonl").open("w", encoding="utf-8") as out:
        for passage in passages:
            out.write(json.dumps(passage.to_dict(), ensure_ascii=False) + "\n")
    text_sources = _text_sources([s.resolve() for s in sources])
    manifest = {
        "version": INDEX_VERSION,
        "sources": [str(s) for s in text_sources],
        "sources_fingerprint": sources_fingerprint(text_sources),
        "model": embedder.name,
        "model_fingerprint": model_fingerprint(embedder.name),
        "passages": len(passages),
        "vectors": {
            "dense": dense.vectors.ntotal,
            "examples": examples.vectors.ntotal,
            "declines": declines.vectors.ntotal,
        },
        "dimension": dim,
        "build_seconds": round(time.perf_counter() - started, 2),
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.rename(out_dir)
    return manifest


def staleness(manifest: dict, model: str = settings.EMBEDDING_MODEL) -> str | None:
    """Why the index no longer matches its sources or the model, or None."""
    if manifest.get("version") != INDEX_VERSION:
        return "索引格式版本已更新"
    sources = [Path(s) for s in manifest.get("sources", [])]
    if all(s.is_file() for s in sources) and sources_fingerprint(sources) != manifest.get("sources_fingerprint"):
        return "政策文本已修改"
    if manifest.get("model_fingerprint") != model_fingerprint(model):
        return "嵌入模型已更换"
    return None


def load_index(index_dir: Path = settings.INDEX_DIR, check_fresh: bool = True) -> Index:
    manifest_path = index_dir / "manifest.json"
    if not manifest_path.is_file():
        raise IndexUnavailableError(f"检索索引 {index_dir} 不存在，{REBUILD_HINT}。")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if check_fresh and (reason := staleness(manifest)):
        raise IndexUnavailableError(f"检索索引 {index_dir} 已过期（{reason}），{REBUILD_HINT}。")
    try:
        bm25 = bm25s.BM25.load(str(index_dir / "bm25"), show_progress=False)
        views = {name: DenseViews.load(index_dir, name) for name in ("dense", "examples", "declines")}
        with (index_dir / "passages.jsonl").open(encoding="utf-8") as lines:
            passages = [Passage(**json.loads(line)) for line in lines if line.strip()]
    except (OSError, ValueError, RuntimeError, TypeError) as exc:
        raise IndexUnavailableError(f"检索索引 {index_dir} 无法读取（{exc}），{REBUILD_HINT}。") from exc
    if not passages or int(views["dense"].owners.max()) != len(passages) - 1:
        raise IndexUnavailableError(f"检索索引 {index_dir} 不完整，{REBUILD_HINT}。")
    return Index(passages=passages, bm25=bm25, manifest=manifest, **views)


def manifest_problem(index_dir: Path = settings.INDEX_DIR) -> None:
    """Raise IndexUnavailableError (with the rebuild command) when the index is missing or stale."""
    manifest_path = index_dir / "manifest.json"
    if not manifest_path.is_file():
        raise IndexUnavailableError(f"检索索引 {index_dir} 不存在，{REBUILD_HINT}。")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexUnavailableError(f"检索索引 {index_dir} 无法读取（{exc}），{REBUILD_HINT}。") from exc
    if reason := staleness(manifest):
        raise IndexUnavailableError(f"检索索引 {index_dir} 已过期（{reason}），{REBUILD_HINT}。")


def is_up_to_date(index_dir: Path, model: str = settings.EMBEDDING_MODEL) -> bool:
    manifest_path = index_dir / "manifest.json"
    if not manifest_path.is_file():
        return False
    return staleness(json.loads(manifest_path.read_text(encoding="utf-8")), model) is None
