"""Sentence embeddings from the ONNX export of the project's embedding model.

The Rasa server runs on Python 3.10 without torch, so the intent classifier
reads the same E5 model the search uses through onnxruntime + tokenizers
(both small wheels). The folder is built by `make model`; a missing export is
reported with that command rather than a stack trace.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

ONNX_FILE = Path("onnx") / "model.onnx"
# The same encoder with int8 weights (dynamic quantisation at `make model`): about half the time
# per sentence; the Rasa server's featurizer uses it (config.yml `onnx_file`).
QUANTIZED_ONNX_FILE = Path("onnx") / "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
PAD_ID = 1  # XLM-R's <pad>


class EncoderMissingError(RuntimeError):
    """The ONNX model folder is not built."""


class SentenceEncoder:
    """Mean-pooled, L2-normalised sentence vectors, as sentence-transformers computes them."""

    def __init__(
        self, model_dir: str | Path, threads: int = 1, max_tokens: int = 128, onnx_file: str | Path = ONNX_FILE
    ) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        onnx_path, tokenizer_path = model_dir / onnx_file, model_dir / TOKENIZER_FILE
        if not onnx_path.is_file() or not tokenizer_path.is_file():
            raise EncoderMissingError(
                f"The embedding model is not built ({onnx_path} missing). Run `make model` first."
            )
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.enable_padding(pad_id=PAD_ID, pad_token="<pad>")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def encode(self, texts: list[str], prefix: str = "", batch_size: int = 64) -> np.ndarray:
        """One row per text; empty input gives an empty (0, dim) matrix."""
        rows = [
            self._encode_batch([prefix + text for text in texts[i : i + batch_size]])
            for i in range(0, len(texts), batch_size)
        ]
        return np.vstack(rows) if rows else np.zeros((0, self.dimension), dtype=np.float32)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


@lru_cache(maxsize=2)
def shared_encoder(model_dir: str, threads: int = 1, onnx_file: str = str(ONNX_FILE)) -> SentenceEncoder:
    """One encoder per model folder and process (training and serving reuse it)."""
    return SentenceEncoder(model_dir, threads=threads, onnx_file=onnx_file)
