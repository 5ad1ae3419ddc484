"""Tests for scripts/build_embedding_model.py (offline multilingual-e5-small)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "build_embedding_model.py"
MODEL_DIR = REPO_ROOT / "models" / "embedding" / "multilingual-e5-small"


def _load_script() -> ModuleType:
    """Import the build script as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_embedding_model", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build = _load_script()


def _block(scale_bits: int, qs: list[int]) -> bytes:
    """One Q4_0 block: little-endian fp16 scale bits + 16 nibble bytes."""
    return scale_bits.to_bytes(2, "little") + bytes(qs)


def test_dequantize_q4_0_hand_made_blocks() -> None:
    """Byte j: low nibble is weight j, high nibble weight j+16; (q - 8) * d."""
    # Block 1: d = 0.5 (fp16 0x3800); byte j = (15 - j) << 4 | j.
    qs1 = [((15 - j) << 4) | j for j in range(16)]
    # Block 2: d = -2.0 (fp16 0xC000); every byte 0x8F: low 15 -> +7, high 8 -> 0.
    qs2 = [0x8F] * 16
    data = _block(0x3800, qs1) + _block(0xC000, qs2)

    got = build.dequantize_q4_0(data, 64)

    expected = np.array(
        [(j - 8) * 0.5 for j in range(16)] + [(15 - j - 8) * 0.5 for j in range(16)] + [7 * -2.0] * 16 + [0.0] * 16,
        dtype=np.float32,
    )
    assert got.dtype == np.float32
    assert got.shape == (64,)
    np.testing.assert_array_equal(got, expected)
    assert (got[0], got[15], got[16], got[31]) == (-4.0, 3.5, 3.5, -4.0)


def test_dequantize_q4_0_rejects_bad_sizes() -> None:
    """A count that is not whole blocks, or too few bytes, is an error."""
    block = _block(0x3C00, [0x88] * 16)
    with pytest.raises(ValueError, match="multiple of 32"):
        build.dequantize_q4_0(block, 31)
    with pytest.raises(ValueError, match="expected 36 bytes"):
        build.dequantize_q4_0(block, 64)
    np.testing.assert_array_equal(build.dequantize_q4_0(block, 32), np.zeros(32))


@pytest.fixture(scope="module")
def model() -> Any:
    """The built sentence-transformers model, loaded offline on CPU."""
    if not (MODEL_DIR / "model.safetensors").is_file():
        pytest.skip(f"{MODEL_DIR} not built: run `make setup`")
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    st = pytest.importorskip("sentence_transformers")
    return st.SentenceTransformer(str(MODEL_DIR), device="cpu")


def test_model_ranks_policy_passage_first(model: Any) -> None:
    """The rent question is closer to the rent-relief passage than to the tax one."""
    emb = model.encode(
        [build.QUERY, build.PASSAGE_RELEVANT, build.PASSAGE_OTHER],
        convert_to_numpy=True,
    )
    assert emb.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-4)
    relevant, other = float(emb[0] @ emb[1]), float(emb[0] @ emb[2])
    assert relevant > other
    assert relevant > build.MIN_RELEVANT_COSINE


def test_model_prompts_add_e5_prefixes(model: Any) -> None:
    """prompt_name='query'/'passage' adds the prefixes E5 was trained with."""
    text = "企业能延期缴纳税款吗"
    for name in ("query", "passage"):
        via_prompt = model.encode(text, prompt_name=name)
        explicit = model.encode(f"{name}: {text}")
        assert float(via_prompt @ explicit) > 0.9999


def test_onnx_export_matches_sentence_transformers() -> None:
    """The Rasa server's intent features come from the ONNX export: it must be the same model."""
    import embedding_onnx

    assert embedding_onnx.verify_onnx(MODEL_DIR) >= embedding_onnx.MIN_COSINE
