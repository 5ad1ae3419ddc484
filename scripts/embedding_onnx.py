"""Export the built embedding model to ONNX for the Rasa server (Python 3.10, no torch).

Used by build_embedding_model.py inside its temporary folder, so a half-written
export never replaces a good model. The export is checked against
sentence-transformers on policy-style sentences before it is accepted.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from nlu_components.sentence_encoder import ONNX_FILE, QUANTIZED_ONNX_FILE, SentenceEncoder  # noqa: E402

CHECK_SENTENCES = (
    "query: 房租可以减免吗",
    "query: 帮我看看我们能享受哪些政策",
    "query: 转人工",
    "passage: 对承租国有资产类经营用房的中小企业，免收2个月房租。",
)
MIN_COSINE = 0.9999  # float32 export of the same graph: anything lower is a broken export
OPSET = 17


def export_onnx(model_dir: Path) -> Path:
    """Write <model_dir>/onnx/model.onnx (last hidden state, dynamic batch and length)."""
    import torch
    from transformers import AutoModel

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    model = AutoModel.from_pretrained(str(model_dir)).eval()
    target = model_dir / ONNX_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    ids = torch.tensor([[0, 6, 2]], dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            LastHiddenState(model),
            (ids, torch.ones_like(ids)),
            str(target),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
            opset_version=OPSET,
            dynamo=False,
        )
    return target


def verify_onnx(model_dir: Path) -> float:
    """Smallest cosine between ONNX and sentence-transformers vectors; raises if too low."""
    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(str(model_dir), device="cpu").encode(
        list(CHECK_SENTENCES), normalize_embeddings=True
    )
    exported = SentenceEncoder(model_dir).encode(list(CHECK_SENTENCES))
    cosine = float(np.min(np.sum(reference * exported, axis=1)))
    print(f"min cos(onnx, sentence-transformers) = {cosine:.6f}")
    if cosine < MIN_COSINE:
        raise RuntimeError(f"ONNX export differs from the model (cosine {cosine:.6f} < {MIN_COSINE})")
    return cosine


# The int8 encoder may differ a little more from the model than the float export does.
MIN_QUANTIZED_COSINE = 0.97


def quantize_onnx(model_dir: Path) -> float:
    """Write <model_dir>/onnx/model.int8.onnx (dynamic int8 weights) and return the smallest cosine
    between its vectors and the float export's; raises if the two drift apart."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target = model_dir / QUANTIZED_ONNX_FILE
    quantize_dynamic(str(model_dir / ONNX_FILE), str(target), weight_type=QuantType.QInt8)
    exact = SentenceEncoder(model_dir).encode(list(CHECK_SENTENCES))
    quantized = SentenceEncoder(model_dir, onnx_file=QUANTIZED_ONNX_FILE).encode(list(CHECK_SENTENCES))
    cosine = float(np.min(np.sum(exact * quantized, axis=1)))
    print(f"min cos(int8 onnx, onnx) = {cosine:.6f}")
    if cosine < MIN_QUANTIZED_COSINE:
        raise RuntimeError(f"int8 encoder differs from the model (cosine {cosine:.6f} < {MIN_QUANTIZED_COSINE})")
    return cosine
