"""Sentence-embedding features for the intent classifier.

Word and character n-grams only know the words seen in training; "你觉得我帅吗"
shares none with "你喜欢什么颜色", yet both are chit-chat. The E5 sentence vector
(the same model the search uses, read through its ONNX export) carries that
similarity. In cross-validation the n-gram + embedding features beat n-grams
alone clearly (bench/nlu_cv.sh prints the figure).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu_components.sentence_encoder import shared_encoder


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds one dense sentence vector per message text (no sequence features)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            "model_path": "models/embedding/multilingual-e5-small",
            "prefix": "query: ",  # E5 embeds questions with this prompt
            # E5 vectors have unit length (components ≈ 0.05) while the n-gram counts are ≥ 1;
            # scaling lets a linear classifier weigh both without a different C per block.
            "scale": 10.0,
            "threads": 1,
            "onnx_file": "onnx/model.onnx",  # onnx/model.int8.onnx: the int8 encoder (faster)
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["onnxruntime", "tokenizers"]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if float(config.get("scale", 0)) <= 0:
            raise InvalidConfigException("SentenceEmbeddingFeaturizer: 'scale' must be positive")

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls(execution_context.node_name, config)

    def __init__(self, name: str, config: dict[str, Any]) -> None:
        super().__init__(name, config)
        self.encoder = shared_encoder(str(config["model_path"]), int(config["threads"]), str(config["onnx_file"]))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize([m for m in training_data.training_examples if m.get(TEXT)])
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize([m for m in messages if m.get(TEXT) is not None])
        return messages

    def _featurize(self, messages: list[Message]) -> None:
        if not messages:
            return
        vectors = self.encoder.encode([m.get(TEXT) or "" for m in messages], prefix=self._config["prefix"])
        vectors = vectors * float(self._config["scale"])
        for message, vector in zip(messages, vectors, strict=True):
            self.add_features_to_message(None, vector[np.newaxis, :], TEXT, message)
