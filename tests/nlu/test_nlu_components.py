"""Tests for the custom Rasa components (run in .venv/rasa: make unit).

The tokenizer and the sentence encoder are tested on their own; the trained
pipeline is tested through the real model file, so a component that is wired
wrongly into config.yml fails here, not only in the end-to-end tests.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest

from nlu_components.sentence_encoder import EncoderMissingError, SentenceEncoder, shared_encoder
from nlu_components.tokenizer import canonical_tokens

ROOT = Path(__file__).resolve().parents[2]
MODEL_DIR = ROOT / "models" / "embedding" / "multilingual-e5-small"
RASA_MODEL = ROOT / "models" / "rasa" / "assistant.tar.gz"


def test_tokens_are_simplified_with_offsets_into_the_original() -> None:
    text = "熱線電話多少"
    tokens = canonical_tokens(text)
    assert "".join(t.text for t in tokens) == "热线电话多少"
    assert [(t.start, t.end) for t in tokens][0][0] == 0 and tokens[-1].end == len(text)


def test_whitespace_is_dropped_and_full_width_digits_become_ascii() -> None:
    tokens = canonical_tokens("我们有 ５０ 个人")
    assert all(t.text.strip() for t in tokens)
    assert "50" in [t.text for t in tokens]
    fifty = next(t for t in tokens if t.text == "50")
    assert "我们有 ５０ 个人"[fifty.start : fifty.end] == "５０"


def test_length_changing_normalisation_keeps_offsets_right() -> None:
    text = "  房租   能减免吗 "  # collapsed spaces change the length
    tokens = canonical_tokens(text)
    assert [t.text for t in tokens][:1] == ["房租"]
    assert text[tokens[0].start : tokens[0].end] == "房租"


def test_missing_model_names_the_command(tmp_path: Path) -> None:
    with pytest.raises(EncoderMissingError, match="make model"):
        SentenceEncoder(tmp_path)


def test_encoder_gives_unit_vectors_that_rank_paraphrases_together() -> None:
    encoder = shared_encoder(str(MODEL_DIR))
    vectors = encoder.encode(["房租能减免吗", "房租可以免吗", "今天天气怎么样"], prefix="query: ")
    assert vectors.shape == (3, encoder.dimension)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert encoder.encode([]).shape == (0, encoder.dimension)


def test_batches_give_the_same_vectors_as_single_sentences() -> None:
    encoder = shared_encoder(str(MODEL_DIR))
    texts = ["社保能缓交吗", "我们是开饭店的，有二十几个人，房子是租国企的"]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)  # padding must not leak into the mean


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import load_agent

    return asyncio.run(load_agent(model_path=str(RASA_MODEL)))


@pytest.mark.parametrize(
    ("text", "intent"),
    [("謝謝你", "thanks"), ("轉人工", "handoff"), ("帮我看看我们能享受哪些政策", "start_check")],
)
def test_trained_pipeline_classifies_through_the_real_model(agent, text: str, intent: str) -> None:
    parsed = asyncio.run(agent.parse_message(text))
    assert parsed["intent"]["name"] == intent
    assert parsed["intent_ranking"][0]["confidence"] > 0.4  # above the fallback threshold
