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
from actions.search.passages import Passage, collect_passages

INDEX_VERSION = 3
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
                found.extend([document.folder / "meta.yml", document.folder / document.meta["text"]])
        else:
            found.append(source)
    return found


@dataclass
class Index:
    """Everything a query needs, in memory."""

    passages: list[Passage]
    bm25: bm25s.BM25
    vectors: faiss.Index
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
    bm25.index([tokenizer.tokens(p.title + " " + p.text) for p in passages], show_progress=False)
    vectors = embedder.passages([f"{p.title}。{p.text}" if p.section else p.text for p in passages])
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)

    staging = out_dir.with_name(out_dir.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    bm25.save(str(staging / "bm25"), show_progress=False)
    faiss.write_index(flat, str(staging / "dense.faiss"))
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
        "dimension": int(vectors.shape[1]),
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
        vectors = faiss.read_index(str(index_dir / "dense.faiss"))
        with (index_dir / "passages.jsonl").open(encoding="utf-8") as lines:
            passages = [Passage(**json.loads(line)) for line in lines if line.strip()]
    except (OSError, ValueError, RuntimeError) as exc:
        raise IndexUnavailableError(f"检索索引 {index_dir} 无法读取（{exc}），{REBUILD_HINT}。") from exc
    if len(passages) != vectors.ntotal:
        raise IndexUnavailableError(f"检索索引 {index_dir} 不完整，{REBUILD_HINT}。")
    return Index(passages=passages, bm25=bm25, vectors=vectors, manifest=manifest)


def is_up_to_date(index_dir: Path, model: str = settings.EMBEDDING_MODEL) -> bool:
    manifest_path = index_dir / "manifest.json"
    if not manifest_path.is_file():
        return False
    return staleness(json.loads(manifest_path.read_text(encoding="utf-8")), model) is None
